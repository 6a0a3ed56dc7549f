/* harness.c - runs the learner's rnn_bptt on one test's sequence X (T×d),
 * weights, h0 and loss weights G (T×hd); writes the states, the loss and
 * the gradients. */
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int hd, d;
    double *Wx = mp_in_f64("Wx", NULL, &hd, &d);
    double *Wh = mp_in_f64("Wh", NULL, NULL, NULL);
    double *b = mp_in_f64("b", NULL, NULL, NULL);
    double *h0 = mp_in_f64("h0", NULL, NULL, NULL);
    long nx;
    double *X = mp_in_f64("X", &nx, NULL, NULL);
    double *G = mp_in_f64("G", NULL, NULL, NULL);
    int T = (int)(nx / d);
    double *H = calloc((size_t)T * hd + 1, sizeof *H);
    double *dWx = calloc((size_t)hd * d, sizeof *dWx), *dWh = calloc((size_t)hd * hd, sizeof *dWh);
    double *db = calloc((size_t)hd, sizeof *db), *dh0 = calloc((size_t)hd, sizeof *dh0);
    mp_clock_start();
    double loss = rnn_bptt(X, T, d, hd, Wx, Wh, b, h0, G, H, dWx, dWh, db, dh0);
    mp_clock_stop();
    int hdims[2] = { T, hd }, xd[2] = { hd, d }, hh[2] = { hd, hd }, v[1] = { hd };
    mp_out_f64("H", H, 2, hdims);
    mp_out_scalar("loss", loss);
    mp_out_f64("dWx", dWx, 2, xd);
    mp_out_f64("dWh", dWh, 2, hh);
    mp_out_f64("db", db, 1, v);
    mp_out_f64("dh0", dh0, 1, v);
    return mp_finish();
}
