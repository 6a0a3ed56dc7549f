/* mutant: forgets the h_{t-1} contribution across time: each step's
 * gradient is only its own G[t] (no Wh^T da carried back), and dh0 stays 0:
 * fails two_steps_scalar and loss_at_last_step_only. */
#include <math.h>

double rnn_bptt(const double *X, int T, int d, int hd, const double *Wx, const double *Wh,
                const double *b, const double *h0, const double *G, double *H, double *dWx,
                double *dWh, double *db, double *dh0)
{
    double loss = 0;
    for (int t = 0; t < T; t++) {
        const double *prev = t ? H + (t - 1) * hd : h0;
        for (int j = 0; j < hd; j++) {
            double a = b[j];
            for (int k = 0; k < d; k++)
                a += Wx[j * d + k] * X[t * d + k];
            for (int k = 0; k < hd; k++)
                a += Wh[j * hd + k] * prev[k];
            H[t * hd + j] = tanh(a);
            loss += G[t * hd + j] * H[t * hd + j];
        }
    }
    for (int i = 0; i < hd * d; i++)
        dWx[i] = 0;
    for (int i = 0; i < hd * hd; i++)
        dWh[i] = 0;
    for (int j = 0; j < hd; j++)
        db[j] = dh0[j] = 0;
    for (int t = T - 1; t >= 0; t--) {
        const double *prev = t ? H + (t - 1) * hd : h0;
        for (int j = 0; j < hd; j++) {
            double h = H[t * hd + j], da = G[t * hd + j] * (1 - h * h);
            db[j] += da;
            for (int k = 0; k < d; k++)
                dWx[j * d + k] += da * X[t * d + k];
            for (int k = 0; k < hd; k++)
                dWh[j * hd + k] += da * prev[k];
        }
    }
    return loss;
}
