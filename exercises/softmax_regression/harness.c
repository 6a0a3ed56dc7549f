/* harness.c - runs the learner's softmax_regression_fit on one test's X, y,
 * k, lr and n_iter; writes W and b and the predicted classes of X_new
 * (largest score, ties to the lowest index).
 * With a split line (tests.txt) it is a data test on the rows mp_split
 * divides and scales: the output accuracy on the test rows, which the
 * grader bounds. */
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

/* A data test: fit on the training rows of the case's split, score the
 * test rows. */
static void run_data(int k, double lr, int n_iter)
{
    MpSplit s = mp_split();
    double *W = calloc((size_t)s.d * k + 1, sizeof *W), *b = calloc((size_t)k + 1, sizeof *b);
    mp_clock_start();
    softmax_regression_fit(s.X_train, s.y_train, s.n_train, s.d, k, lr, n_iter, W, b);
    mp_clock_stop();
    int *pred = calloc((size_t)s.n_test + 1, sizeof *pred);
    for (int i = 0; i < s.n_test; i++)
        pred[i] = predict(s.X_test + (long)i * s.d, W, b, s.d, k);
    mp_out_scalar("accuracy", mp_accuracy(pred, s.y_test, s.n_test));
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    int k = (int)mp_in_scalar("k"), n_iter = (int)mp_in_scalar("n_iter");
    double lr = mp_in_scalar("lr");
    if (mp_has("__split")) {
        run_data(k, lr, n_iter);
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
