/* signature.h - the function the learner writes (rnn_bptt).  Forced into
 * the learner's file by the grader, so a different signature is a compile
 * error at the learner's line. */
#ifndef RNN_BPTT_SIGNATURE_H
#define RNN_BPTT_SIGNATURE_H
#include "mllab_practice.h"

double rnn_bptt(const double *X, int T, int d, int hd, const double *Wx, const double *Wh,
                const double *b, const double *h0, const double *G, double *H, double *dWx,
                double *dWh, double *db, double *dh0);

#endif
