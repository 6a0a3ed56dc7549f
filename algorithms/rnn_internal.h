/* rnn_internal.h - the RNN's struct and kernels, shared by rnn.c (model,
 * optimiser, stepping) and rnn_kernels.c (forward and backward passes).
 * Not for front ends: they use rnn.h. */
#ifndef MLLAB_RNN_INTERNAL_H
#define MLLAB_RNN_INTERNAL_H

#include "rnn.h"

/* Activations of one batch, time-major: row t*B + b is sequence b at time t. */
typedef struct RnnWork {
    int Bcap, Tcap;
    int *X, *Y;   /* Bcap x Tcap tokens and targets                      */
    float *E;     /* Tcap*Bcap x Emb   gathered embeddings               */
    float *Hs;    /* (Tcap+1)*Bcap x H: block 0 = h0, block t+1 = h_t    */
    float *P;     /* Tcap*Bcap x V     logits, then probabilities, then dlogits */
    float *dZ;    /* Tcap*Bcap x H     dL/dh_t from the output, then dL/dz_t */
    float *dE;    /* Tcap*Bcap x Emb                                     */
    float *dh;    /* Bcap x H          dL/dh carried back through time   */
    float *gnorm; /* Tcap              ||dL/dh_t||                        */
    int *pick;    /* Bcap sequence indices of the batch                  */
    int T_last;
} RnnWork;

struct Rnn {
    RnnConfig cfg;
    const TextCorpus *c;
    const CorpusSplit *s;
    int V, E, H;
    float *params, *grads, *m1, *m2; /* all tensors, one block each */
    long n_params;
    RnnTensor t[RNN_NTENSORS];
    RnnWork w;
    Rng rng;
    int steps;
    double train_loss, test_nll, grad_norm;
};

/* Forward over B sequences of T steps (w->X, w->Y filled): returns the sum
 * of -log p over the n_valid predicted tokens.  Leaves probabilities in P. */
double rnn_forward(const Rnn *m, RnnWork *w, int B, int T, long *n_valid);
/* Backward after rnn_forward, the loss being the sum / n_valid: adds to the
 * gradients and fills w->gnorm. */
void rnn_backward(Rnn *m, RnnWork *w, int B, int T, long n_valid);
/* One recurrence step for a single sequence: h = tanh(emb[x] W_xh + h W_hh
 * + b_h) in place (tmp has H floats); logits (V floats, or NULL) = h W_hy +
 * b_y. */
void rnn_cell(const Rnn *m, int x, float *h, float *tmp, float *logits);

#endif
