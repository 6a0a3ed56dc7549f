/* harness.c - runs the learner's mlp_forward_backward on one test's batch
 * and weights; writes the probabilities, the loss and the four gradients. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d, h, c;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    double *W1 = mp_in_f64("W1", NULL, NULL, &h);
    double *b1 = mp_in_f64("b1", NULL, NULL, NULL);
    double *W2 = mp_in_f64("W2", NULL, NULL, &c);
    double *b2 = mp_in_f64("b2", NULL, NULL, NULL);
    double *probs = calloc((size_t)n * c, sizeof *probs);
    double *dW1 = calloc((size_t)d * h, sizeof *dW1), *db1 = calloc((size_t)h, sizeof *db1);
    double *dW2 = calloc((size_t)h * c, sizeof *dW2), *db2 = calloc((size_t)c, sizeof *db2);
    mp_clock_start();
    double loss = mlp_forward_backward(X, y, n, d, h, c, W1, b1, W2, b2, probs, dW1, db1, dW2, db2);
    mp_clock_stop();
    int pd[2] = { n, c }, w1d[2] = { d, h }, hd[1] = { h }, w2d[2] = { h, c }, cd[1] = { c };
    mp_out_f64("probs", probs, 2, pd);
    mp_out_scalar("loss", loss);
    mp_out_f64("dW1", dW1, 2, w1d);
    mp_out_f64("db1", db1, 1, hd);
    mp_out_f64("dW2", dW2, 2, w2d);
    mp_out_f64("db2", db2, 1, cd);
    return mp_finish();
}
