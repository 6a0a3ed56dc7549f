/* harness.c - runs the learner's mlp_forward_backward on one test's batch
 * and weights; writes the probabilities, the loss and the four gradients.
 * With a split line (tests.txt) it trains a network with the learner's
 * function instead: weights drawn from the seeded generator (uniform in
 * +-sqrt(6 / (fan_in + fan_out)), biases 0), `epochs` full-batch gradient
 * steps of size lr on the training rows, then the accuracy of the argmax of
 * the learner's probabilities on the test rows (which the grader bounds). */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static double *init_weights(MpRng *rng, int rows, int cols)
{
    double *W = malloc((size_t)rows * cols * sizeof *W), a = sqrt(6.0 / (rows + cols));
    for (long i = 0; i < (long)rows * cols; i++)
        W[i] = (2.0 * mp_rng_uniform(rng) - 1.0) * a;
    return W;
}

static void descend(double *w, const double *g, long n, double lr)
{
    for (long i = 0; i < n; i++)
        w[i] -= lr * g[i];
}

static int argmax_row(const double *p, int c)
{
    int best = 0;
    for (int k = 1; k < c; k++)
        best = p[k] > p[best] ? k : best;
    return best;
}

static void run_train(void)
{
    MpSplit s = mp_split();
    int h = (int)mp_in_scalar("h"), c = (int)mp_in_scalar("c"), epochs = (int)mp_in_scalar("epochs");
    double lr = mp_in_scalar("lr");
    MpRng rng;
    mp_rng_seed(&rng, (uint64_t)mp_in_scalar("seed"));
    double *W1 = init_weights(&rng, s.d, h), *W2 = init_weights(&rng, h, c);
    double *b1 = calloc((size_t)h, sizeof *b1), *b2 = calloc((size_t)c, sizeof *b2);
    int rows = s.n_train > s.n_test ? s.n_train : s.n_test;
    double *probs = calloc((size_t)rows * c + 1, sizeof *probs);
    double *dW1 = calloc((size_t)s.d * h, sizeof *dW1), *db1 = calloc((size_t)h, sizeof *db1);
    double *dW2 = calloc((size_t)h * c, sizeof *dW2), *db2 = calloc((size_t)c, sizeof *db2);
    for (int e = 0; e < epochs; e++) {
        mp_clock_start();
        mlp_forward_backward(s.X_train, s.y_train, s.n_train, s.d, h, c, W1, b1, W2, b2, probs,
                             dW1, db1, dW2, db2);
        mp_clock_stop();
        descend(W1, dW1, (long)s.d * h, lr);
        descend(b1, db1, h, lr);
        descend(W2, dW2, (long)h * c, lr);
        descend(b2, db2, c, lr);
    }
    mlp_forward_backward(s.X_test, s.y_test, s.n_test, s.d, h, c, W1, b1, W2, b2, probs, dW1,
                         db1, dW2, db2);
    int *pred = calloc((size_t)s.n_test + 1, sizeof *pred);
    for (int i = 0; i < s.n_test; i++)
        pred[i] = argmax_row(probs + (long)i * c, c);
    mp_out_scalar("accuracy", mp_accuracy(pred, s.y_test, s.n_test));
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    if (mp_has("__split")) {
        run_train();
        return mp_finish();
    }
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
