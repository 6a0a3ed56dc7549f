/* harness.c - runs the learner's perceptron_fit on one test's X, y, lr and
 * epochs; writes w (bias first), the mistakes per epoch and the
 * predictions for X_new (score >= 0 predicts +1).
 * With a split line (tests.txt) it is a data test on the rows mp_split
 * divides and scales: the output accuracy on the test rows, which the
 * grader bounds. */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static int predict(const double *x, const double *w, int d)
{
    double score = w[0];
    for (int j = 0; j < d; j++)
        score += w[j + 1] * x[j];
    return score >= 0.0 ? 1 : -1;
}

/* A data test: labels 1 -> +1, else -1; fit on the training rows of the
 * case's split, score the test rows. */
static void run_data(double lr, int epochs)
{
    MpSplit s = mp_split();
    double *w = calloc((size_t)s.d + 1, sizeof *w);
    int *errors = calloc((size_t)epochs + 1, sizeof *errors);
    for (int i = 0; i < s.n_train; i++)
        s.y_train[i] = s.y_train[i] == 1 ? 1 : -1;
    for (int i = 0; i < s.n_test; i++)
        s.y_test[i] = s.y_test[i] == 1 ? 1 : -1;
    mp_clock_start();
    perceptron_fit(s.X_train, s.y_train, s.n_train, s.d, lr, epochs, w, errors);
    mp_clock_stop();
    int *pred = calloc((size_t)s.n_test + 1, sizeof *pred);
    for (int i = 0; i < s.n_test; i++)
        pred[i] = predict(s.X_test + (long)i * s.d, w, s.d);
    mp_out_scalar("accuracy", mp_accuracy(pred, s.y_test, s.n_test));
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    double lr = mp_in_scalar("lr");
    int epochs = (int)mp_in_scalar("epochs");
    if (mp_has("__split")) {
        run_data(lr, epochs);
        return mp_finish();
    }
    double *w = malloc((size_t)(d + 1) * sizeof *w);
    int *errors = malloc((size_t)epochs * sizeof *errors);
    for (int j = 0; j <= d; j++)
        w[j] = NAN;
    for (int e = 0; e < epochs; e++)
        errors[e] = -1;
    mp_clock_start();
    perceptron_fit(X, y, n, d, lr, epochs, w, errors);
    mp_clock_stop();
    int wdims[1] = { d + 1 }, edims[1] = { epochs };
    mp_out_f64("w", w, 1, wdims);
    mp_out_int("errors", errors, 1, edims);
    if (mp_has("X_new")) {
        int m;
        double *Xn = mp_in_f64("X_new", NULL, &m, NULL);
        int *pred = malloc((size_t)m * sizeof *pred), pdims[1] = { m };
        for (int i = 0; i < m; i++)
            pred[i] = predict(Xn + (long)i * d, w, d);
        mp_out_int("pred", pred, 1, pdims);
    }
    return mp_finish();
}
