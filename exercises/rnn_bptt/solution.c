/* rnn_bptt - reference solution (C): the forward loop keeping every
 * state, then backpropagation through time with one carried gradient. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* out (hd) = tanh(Wx·x + Wh·h + b) */
static void step(const double *x, const double *h, int d, int hd, const double *Wx,
                 const double *Wh, const double *b, double *out)
{
    for (int j = 0; j < hd; j++) {
        double a = b[j];
        for (int k = 0; k < d; k++)
            a += Wx[j * d + k] * x[k];
        for (int k = 0; k < hd; k++)
            a += Wh[j * hd + k] * h[k];
        out[j] = tanh(a);
    }
}

/* One backward step: accumulate the gradients of step t; carry becomes Whᵀ·da. */
static void back_step(const double *x, const double *h_prev, const double *h, const double *g,
                      int d, int hd, const double *Wh, double *carry, double *da, double *dWx,
                      double *dWh, double *db)
{
    for (int j = 0; j < hd; j++) {
        da[j] = (g[j] + carry[j]) * (1.0 - h[j] * h[j]);
        db[j] += da[j];
        for (int k = 0; k < d; k++)
            dWx[j * d + k] += da[j] * x[k];
        for (int k = 0; k < hd; k++)
            dWh[j * hd + k] += da[j] * h_prev[k];
    }
    for (int k = 0; k < hd; k++) {
        carry[k] = 0.0;
        for (int j = 0; j < hd; j++)
            carry[k] += Wh[j * hd + k] * da[j];
    }
}

double rnn_bptt(const double *X, int T, int d, int hd, const double *Wx, const double *Wh,
                const double *b, const double *h0, const double *G, double *H, double *dWx,
                double *dWh, double *db, double *dh0)
{
    double loss = 0.0;
    for (int t = 0; t < T; t++) {
        const double *prev = t ? H + (long)(t - 1) * hd : h0;
        step(X + (long)t * d, prev, d, hd, Wx, Wh, b, H + (long)t * hd);
        for (int j = 0; j < hd; j++)
            loss += G[(long)t * hd + j] * H[(long)t * hd + j];
    }
    memset(dWx, 0, sizeof *dWx * (size_t)hd * d);
    memset(dWh, 0, sizeof *dWh * (size_t)hd * hd);
    memset(db, 0, sizeof *db * (size_t)hd);
    memset(dh0, 0, sizeof *dh0 * (size_t)hd); /* the carry; ends as dL/dh0 */
    double *da = malloc(sizeof *da * (size_t)hd);
    for (int t = T - 1; t >= 0; t--) {
        const double *prev = t ? H + (long)(t - 1) * hd : h0;
        back_step(X + (long)t * d, prev, H + (long)t * hd, G + (long)t * hd, d, hd, Wh, dh0, da,
                  dWx, dWh, db);
    }
    free(da);
    return loss;
}
