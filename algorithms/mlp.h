/* algorithms/mlp.h - the feedforward network (multi-layer perceptron).
 *
 * Dense layers with an activation between them and softmax + cross-entropy
 * at the output: Z1 = X·W1 + b1, A1 = f(Z1), ..., P = softmax(A_{L-1}·W_L + b_L).
 * Trained by mini-batch backpropagation with SGD, momentum or Adam, optional
 * L2, learning-rate decay and early stopping on a validation part carved out
 * of the training rows (stratified, seeded).
 *
 * One step is one epoch (param step=batch: one mini-batch).  Each epoch emits a
 * TRACE_STEP "epoch" event with train_loss, val_loss, val_acc, seconds (and
 * lr).  A tiny network (every layer <= MLP_TINY_UNITS wide) also records the
 * forward and backward pass of one training sample per step, as TRACE_DETAIL
 * "backprop" events and as a struct the TUI reads (mlp_last_backprop).
 *
 * Inspect functions: sizes, weights and the backprop record.  They read the
 * model and may be called between steps (not during one). */
#ifndef MLLAB_MLP_H
#define MLLAB_MLP_H

#include <stdbool.h>

#include "algo.h"

extern const Algo algo_mlp;

#define MLP_MAX_LAYERS 17   /* up to 16 hidden layers + the output layer */
#define MLP_TINY_UNITS 16   /* "tiny": inputs and every layer at most this wide */

/* Number of weight layers L (hidden layers + 1). */
int mlp_layer_count(const void *model);
/* sizes[0] = inputs, sizes[1..L-1] = hidden widths, sizes[L] = classes.
 * Copies up to max entries; returns L + 1. */
int mlp_layer_sizes(const void *model, int *sizes, int max);
/* Layer l in [0, L): weights (rows = inputs, cols = outputs; row-major, so
 * W[i*cols + j] connects input i to unit j) and biases (cols).  NULL when l
 * is out of range. */
const float *mlp_weights(const void *model, int l, int *rows, int *cols);
const float *mlp_bias(const void *model, int l, int *n);
const char *mlp_activation(const void *model); /* "relu", "sigmoid", "tanh" */
int mlp_epochs_done(const void *model);
/* Whole mini-batches done in the current epoch, and per epoch. */
int mlp_batches_done(const void *model, int *per_epoch);
/* True when the network is tiny enough to record backprop (see above). */
bool mlp_is_tiny(const void *model);

/* One forward + backward pass of one sample, every number kept, for a learner
 * to follow.  Layer l (0-based) maps a_in (in) to z = a_in·W + b and a = f(z)
 * (out units; the last layer's a is the softmax).  Backward: delta = dL/dz
 * (last layer: probs - onehot), dW = a_inᵀ·delta (in×out), db = delta, and
 * the plain gradient step W_new = W - lr·dW (what SGD would do; the model's
 * own optimizer may differ, and the record does not change the model). */
typedef struct MlpBackpropLayer {
    int in, out;
    float *a_in;    /* in       */
    float *W;       /* in x out (before the update) */
    float *b;       /* out      */
    float *z;       /* out      */
    float *a;       /* out      */
    float *delta;   /* out      */
    float *dW;      /* in x out */
    float *db;      /* out      */
    float *W_new;   /* in x out */
} MlpBackpropLayer;

typedef struct MlpBackprop {
    int n_layers;
    int label;          /* the true class */
    int predicted;      /* argmax of the output */
    float loss;         /* -log probs[label] */
    float lr;
    const char *activation;
    MlpBackpropLayer *layers;
} MlpBackprop;

/* Compute the record for sample x (inputs floats) with true class label.
 * Any network size works (the record is large for a large network). */
int mlp_backprop_example(const void *model, const float *x, int label, MlpBackprop *out,
                         Error *err);
void mlp_backprop_free(MlpBackprop *bp);
/* The record made during the most recent step (the first sample of its
 * first mini-batch), or NULL when the network is not tiny or no step ran. */
const MlpBackprop *mlp_last_backprop(const void *model);

#endif
