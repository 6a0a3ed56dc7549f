/* rnn_bptt - your solution (C).
 * Check it with: mllab practice check rnn_bptt */
#include <string.h>

double rnn_bptt(const double *X, int T, int d, int hd, const double *Wx, const double *Wh,
                const double *b, const double *h0, const double *G, double *H, double *dWx,
                double *dWh, double *db, double *dh0)
{
    (void)X;
    (void)Wx;
    (void)Wh;
    (void)b;
    (void)h0;
    (void)G;
    /* TODO: the forward loop (keep every state), then BPTT from t = T down to 1 */
    memset(H, 0, sizeof *H * (size_t)T * hd);
    memset(dWx, 0, sizeof *dWx * (size_t)hd * d);
    memset(dWh, 0, sizeof *dWh * (size_t)hd * hd);
    memset(db, 0, sizeof *db * (size_t)hd);
    memset(dh0, 0, sizeof *dh0 * (size_t)hd);
    return 0.0;
}
