/* harness.c - runs the learner's perceptron_fit on one test's X, y, lr and
 * epochs; writes w (bias first), the mistakes per epoch and the
 * predictions for X_new (score >= 0 predicts +1).  With an input floor it
 * is a data test: labels 0/1 become -1/+1, every fifth row is held out,
 * the features are standardised with the training rows' statistics and
 * the output is accuracy_or_floor = min(held-out accuracy, floor). */
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

static void run_data(double *X, int *y, int n, int d, double lr, int epochs)
{
    if (n < 1 || d < 1)
        return; /* no data: the output is missing */
    standardise(X, n, d);
    double *Xt = malloc((size_t)n * d * sizeof *Xt), *w = calloc((size_t)d + 1, sizeof *w);
    int *yt = malloc((size_t)n * sizeof *yt), *errors = calloc((size_t)epochs, sizeof *errors);
    int m = 0;
    for (int i = 0; i < n; i++) {
        y[i] = y[i] == 1 ? 1 : -1;
        if (i % 5 != 0) {
            for (int j = 0; j < d; j++)
                Xt[m * d + j] = X[i * d + j];
            yt[m++] = y[i];
        }
    }
    mp_clock_start();
    perceptron_fit(Xt, yt, m, d, lr, epochs, w, errors);
    mp_clock_stop();
    int right = 0, held = 0;
    for (int i = 0; i < n; i += 5, held++)
        right += predict(X + (long)i * d, w, d) == y[i];
    double floor_ = mp_in_scalar("floor"), acc = (double)right / held;
    mp_out_scalar("accuracy_or_floor", acc < floor_ ? acc : floor_);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    double lr = mp_in_scalar("lr");
    int epochs = (int)mp_in_scalar("epochs");
    if (mp_has("floor")) {
        run_data(X, y, n, d, lr, epochs);
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
