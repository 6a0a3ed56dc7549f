/* harness.c - runs the learner's ridge_gd on one test's X, y, lambda, lr
 * and n_iter; writes W, the first and the last cost. */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    double *y = mp_in_f64("y", NULL, NULL, NULL);
    double lambda = mp_in_scalar("lambda"), lr = mp_in_scalar("lr");
    int n_iter = (int)mp_in_scalar("n_iter");
    double *W = malloc((size_t)(d + 1) * sizeof *W);
    double *cost = malloc((size_t)(n_iter + 1) * sizeof *cost);
    for (int j = 0; j <= d; j++)
        W[j] = NAN;
    for (int t = 0; t <= n_iter; t++)
        cost[t] = NAN;
    mp_clock_start();
    ridge_gd(X, y, n, d, lambda, lr, n_iter, W, cost);
    mp_clock_stop();
    int wdims[1] = { d + 1 };
    mp_out_f64("W", W, 1, wdims);
    mp_out_scalar("cost_start", cost[0]);
    mp_out_scalar("cost_end", cost[n_iter]);
    return mp_finish();
}
