/* harness.c - runs the learner's linear_svm_fit on one test's X, y (0/1),
 * lr, lambda and n_iter; writes w, b, the training accuracy and the
 * predictions for X_new (class 1 when w.x - b >= 0).  With an input floor
 * it is a data test: every fifth row is held out, the features are
 * standardised with the training rows' statistics and the output is
 * accuracy_or_floor = min(held-out accuracy, floor). */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static int predict(const double *x, const double *w, double b, int d)
{
    double score = -b;
    for (int j = 0; j < d; j++)
        score += w[j] * x[j];
    return score >= 0.0;
}

static double accuracy(const double *X, const int *y, int n, int d, int step, const double *w,
                       double b)
{
    int right = 0, seen = 0;
    for (int i = 0; i < n; i += step, seen++)
        right += predict(X + (long)i * d, w, b, d) == y[i];
    return (double)right / seen;
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

static void run_data(double *X, int *y, int n, int d, double lr, double lambda, int n_iter)
{
    if (n < 1 || d < 1)
        return; /* no data: the output is missing */
    standardise(X, n, d);
    double *Xt = malloc((size_t)n * d * sizeof *Xt), *w = calloc((size_t)d, sizeof *w), b = 0;
    int *yt = malloc((size_t)n * sizeof *yt), m = 0;
    for (int i = 0; i < n; i++)
        if (i % 5 != 0) {
            for (int j = 0; j < d; j++)
                Xt[m * d + j] = X[i * d + j];
            yt[m++] = y[i];
        }
    mp_clock_start();
    linear_svm_fit(Xt, yt, m, d, lr, lambda, n_iter, w, &b);
    mp_clock_stop();
    double floor_ = mp_in_scalar("floor"), acc = accuracy(X, y, n, d, 5, w, b);
    mp_out_scalar("accuracy_or_floor", acc < floor_ ? acc : floor_);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    double lr = mp_in_scalar("lr"), lambda = mp_in_scalar("lambda");
    int n_iter = (int)mp_in_scalar("n_iter");
    if (mp_has("floor")) {
        run_data(X, y, n, d, lr, lambda, n_iter);
        return mp_finish();
    }
    double *w = malloc((size_t)d * sizeof *w), b = NAN;
    for (int j = 0; j < d; j++)
        w[j] = NAN;
    mp_clock_start();
    linear_svm_fit(X, y, n, d, lr, lambda, n_iter, w, &b);
    mp_clock_stop();
    int wdims[1] = { d };
    mp_out_scalar("train_accuracy", accuracy(X, y, n, d, 1, w, b));
    mp_out_f64("w", w, 1, wdims);
    mp_out_scalar("b", b);
    if (mp_has("X_new")) {
        int m;
        double *Xn = mp_in_f64("X_new", NULL, &m, NULL);
        int *pred = malloc((size_t)m * sizeof *pred), pdims[1] = { m };
        for (int i = 0; i < m; i++)
            pred[i] = predict(Xn + (long)i * d, w, b, d);
        mp_out_int("pred", pred, 1, pdims);
    }
    return mp_finish();
}
