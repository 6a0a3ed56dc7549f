/* harness.c - runs the learner's softmax_regression_fit on one test's X, y,
 * k, lr and n_iter; writes W and b and the predicted classes of X_new
 * (largest score, ties to the lowest index).  With an input floor it is a
 * data test: every fifth row is held out, the features are standardised
 * with the training rows' statistics and the output is
 * accuracy_or_floor = min(held-out accuracy, floor). */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static int predict(const double *x, const double *W, const double *b, int d, int k)
{
    int best = 0;
    double best_z = -INFINITY;
    for (int c = 0; c < k; c++) {
        double z = b[c];
        for (int j = 0; j < d; j++)
            z += x[j] * W[j * k + c];
        if (z > best_z) {
            best = c;
            best_z = z;
        }
    }
    return best;
}

/* Standardise X in place with the statistics of the rows i % 5 != 0. */
static void standardise(double *X, int n, int d)
{
    for (int j = 0; j < d; j++) {
        double s = 0, s2 = 0;
        int m = 0;
        for (int i = 0; i < n; i++)
            if (i % 5 != 0) {
                s += X[i * d + j];
                m++;
            }
        double mean = s / m;
        for (int i = 0; i < n; i++)
            if (i % 5 != 0)
                s2 += (X[i * d + j] - mean) * (X[i * d + j] - mean);
        double sd = sqrt(s2 / m);
        for (int i = 0; i < n; i++)
            X[i * d + j] = (X[i * d + j] - mean) / (sd > 0 ? sd : 1.0);
    }
}

static void run_data(double *X, int *y, int n, int d, int k, double lr, int n_iter)
{
    if (n < 1 || d < 1)
        return; /* no data: the output is missing */
    standardise(X, n, d);
    double *Xt = malloc((size_t)n * d * sizeof *Xt), *W = calloc((size_t)d * k, sizeof *W),
           *b = calloc((size_t)k, sizeof *b);
    int *yt = malloc((size_t)n * sizeof *yt), m = 0;
    for (int i = 0; i < n; i++)
        if (i % 5 != 0) {
            for (int j = 0; j < d; j++)
                Xt[m * d + j] = X[i * d + j];
            yt[m++] = y[i];
        }
    mp_clock_start();
    softmax_regression_fit(Xt, yt, m, d, k, lr, n_iter, W, b);
    mp_clock_stop();
    int right = 0, held = 0;
    for (int i = 0; i < n; i += 5, held++)
        right += predict(X + (long)i * d, W, b, d, k) == y[i];
    double floor_ = mp_in_scalar("floor"), acc = (double)right / held;
    mp_out_scalar("accuracy_or_floor", acc < floor_ ? acc : floor_);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    int k = (int)mp_in_scalar("k"), n_iter = (int)mp_in_scalar("n_iter");
    double lr = mp_in_scalar("lr");
    if (mp_has("floor")) {
        run_data(X, y, n, d, k, lr, n_iter);
        return mp_finish();
    }
    double *W = malloc((size_t)d * k * sizeof *W), *b = malloc((size_t)k * sizeof *b);
    for (int i = 0; i < d * k; i++)
        W[i] = NAN;
    for (int c = 0; c < k; c++)
        b[c] = NAN;
    mp_clock_start();
    softmax_regression_fit(X, y, n, d, k, lr, n_iter, W, b);
    mp_clock_stop();
    int wdims[2] = { d, k }, bdims[1] = { k };
    mp_out_f64("W", W, 2, wdims);
    mp_out_f64("b", b, 1, bdims);
    if (mp_has("X_new")) {
        int m;
        double *Xn = mp_in_f64("X_new", NULL, &m, NULL);
        int *pred = malloc((size_t)m * sizeof *pred), pdims[1] = { m };
        for (int i = 0; i < m; i++)
            pred[i] = predict(Xn + (long)i * d, W, b, d, k);
        mp_out_int("pred", pred, 1, pdims);
    }
    return mp_finish();
}
