/* harness.c - runs the learner's logistic regression on one test:
 *  - inputs z (and y): sigmoid of every z (output p) and bce_loss (loss);
 *  - inputs X, y, lr, n_iter (and X_new): logistic_fit, outputs w, b and
 *    the predictions for X_new (class 1 when w.x + b >= 0);
 *  - with a split line (tests.txt): a data test on the rows mp_split
 *    divides (and scales); the output accuracy on the test rows, which the
 *    grader bounds. */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static void run_scores(void)
{
    long n;
    double *z = mp_in_f64("z", &n, NULL, NULL);
    double *p = malloc((size_t)n * sizeof *p);
    int dims[1] = { (int)n };
    mp_clock_start();
    for (long i = 0; i < n; i++)
        p[i] = sigmoid(z[i]);
    mp_clock_stop();
    mp_out_f64("p", p, 1, dims);
    if (mp_has("y")) {
        int *y = mp_in_int("y", NULL, NULL, NULL);
        mp_clock_start();
        double loss = bce_loss(z, y, (int)n);
        mp_clock_stop();
        mp_out_scalar("loss", loss);
    }
}

static int predict(const double *x, const double *w, double b, int d)
{
    double z = b;
    for (int j = 0; j < d; j++)
        z += w[j] * x[j];
    return z >= 0.0;
}

/* A data test: fit on the training rows of the case's split, score the
 * test rows. */
static void run_data(double lr, int n_iter)
{
    MpSplit s = mp_split();
    double *w = calloc((size_t)s.d + 1, sizeof *w), b = 0;
    mp_clock_start();
    logistic_fit(s.X_train, s.y_train, s.n_train, s.d, lr, n_iter, w, &b);
    mp_clock_stop();
    int *pred = calloc((size_t)s.n_test + 1, sizeof *pred);
    for (int i = 0; i < s.n_test; i++)
        pred[i] = predict(s.X_test + (long)i * s.d, w, b, s.d);
    mp_out_scalar("accuracy", mp_accuracy(pred, s.y_test, s.n_test));
}

static void run_fit(void)
{
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    double lr = mp_in_scalar("lr");
    int n_iter = (int)mp_in_scalar("n_iter");
    if (mp_has("__split")) {
        run_data(lr, n_iter);
        return;
    }
    double *w = malloc((size_t)d * sizeof *w), b = NAN;
    for (int j = 0; j < d; j++)
        w[j] = NAN;
    mp_clock_start();
    logistic_fit(X, y, n, d, lr, n_iter, w, &b);
    mp_clock_stop();
    int wdims[1] = { d };
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
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    if (mp_has("z"))
        run_scores();
    else
        run_fit();
    return mp_finish();
}
