/* harness.c - runs the learner's linear_svm_fit on one test's X, y (0/1),
 * lr, lambda and n_iter; writes w, b, the training accuracy and the
 * predictions for X_new (class 1 when w.x - b >= 0).
 * With a split line (tests.txt) it is a data test on the rows mp_split
 * divides and scales: the output accuracy on the test rows, which the
 * grader bounds. */
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

/* A data test: fit on the training rows of the case's split, score the
 * test rows. */
static void run_data(double lr, double lambda, int n_iter)
{
    MpSplit s = mp_split();
    double *w = calloc((size_t)s.d + 1, sizeof *w), b = 0;
    mp_clock_start();
    linear_svm_fit(s.X_train, s.y_train, s.n_train, s.d, lr, lambda, n_iter, w, &b);
    mp_clock_stop();
    int *pred = calloc((size_t)s.n_test + 1, sizeof *pred);
    for (int i = 0; i < s.n_test; i++)
        pred[i] = predict(s.X_test + (long)i * s.d, w, b, s.d);
    mp_out_scalar("accuracy", mp_accuracy(pred, s.y_test, s.n_test));
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    double lr = mp_in_scalar("lr"), lambda = mp_in_scalar("lambda");
    int n_iter = (int)mp_in_scalar("n_iter");
    if (mp_has("__split")) {
        run_data(lr, lambda, n_iter);
        return mp_finish();
    }
    double *w = malloc((size_t)d * sizeof *w), b = NAN;
    for (int j = 0; j < d; j++)
        w[j] = NAN;
    mp_clock_start();
    linear_svm_fit(X, y, n, d, lr, lambda, n_iter, w, &b);
    mp_clock_stop();
    int wdims[1] = { d };
    int *pred = calloc((size_t)n + 1, sizeof *pred);
    for (int i = 0; i < n; i++)
        pred[i] = predict(X + (long)i * d, w, b, d);
    mp_out_scalar("train_accuracy", mp_accuracy(pred, y, n));
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
