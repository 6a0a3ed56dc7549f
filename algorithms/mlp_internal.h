/* algorithms/mlp_internal.h - the feedforward network's struct, shared by
 * mlp.c (creating, training, saving it) and mlp_backprop.c (the written-out
 * record of one example's forward and backward pass, for tiny networks). */
#ifndef MLLAB_MLP_INTERNAL_H
#define MLLAB_MLP_INTERNAL_H

#include "mlp.h"
#include "nn_layers.h"

typedef struct Mlp {
    int L;                              /* weight layers */
    int sizes[MLP_MAX_LAYERS + 1];      /* n_0 (inputs) .. n_L (classes) */
    Activation act;
    float *params;                      /* flat W_0, b_0, W_1, b_1, ... */
    size_t n_params;
    size_t w_off[MLP_MAX_LAYERS], b_off[MLP_MAX_LAYERS];
    NnSegment segs[2 * MLP_MAX_LAYERS];
    /* training (absent in a loaded model) */
    bool training;
    NnTrainer tr;
    int threads;
    float **grads;                      /* one flat gradient vector per thread */

    /* workspace for up to cap rows */
    int cap;
    float *x;                           /* (cap, n_0) gathered rows */
    int *y;                             /* (cap) */
    float *acts[MLP_MAX_LAYERS];        /* a_{l+1}: (cap, n_{l+1}); the last is unused */
    float *deltas[MLP_MAX_LAYERS];      /* δ_l: (cap, n_{l+1}) */
    float *logits, *probs;              /* (cap, n_L) */

    MlpBackprop last_bp;                /* tiny networks: the record of the last step */
    bool has_bp;
} Mlp;

/* Layer l's weights W_l (n_l x n_{l+1}, row-major) and biases b_l in the
 * flat parameter vector. */
static inline float *W_of(const Mlp *m, int l) { return m->params + m->w_off[l]; }
static inline float *b_of(const Mlp *m, int l) { return m->params + m->b_off[l]; }

/* The record bp as detail lines of the trace: each layer's z and a, the
 * loss, then from the top down each delta, gradient and updated W. */
void mlp_emit_backprop(const MlpBackprop *bp, Trace *trace);

#endif
