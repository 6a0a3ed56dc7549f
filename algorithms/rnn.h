/* rnn.h - an Elman recurrent network (tanh) as a character-level language
 * model, trained by backpropagation through time with AdamW.
 *
 *   e_t    = emb[x_t]                                    embedding, V x E
 *   h_t    = tanh(e_t W_xh + h_{t-1} W_hh + b_h)         h_{-1} = h0 (learned)
 *   logits = h_t W_hy + b_y                              next-token scores, V
 *   L      = mean over the predicted tokens of -log softmax(logits)[y_t]
 *
 * This is makemore's RNN (its cell is one Linear over [e_t, h_{t-1}], which
 * is W_xh and W_hh side by side) with PyTorch's default initialisation:
 * emb ~ N(0, 1), W_xh, W_hh, b_h ~ U(+-1/sqrt(E + H)), W_hy, b_y ~
 * U(+-1/sqrt(H)), h0 = 0.  Inputs of a sequence t1..tL are . t1 .. tL, the
 * targets t1 .. tL . ; a batch is padded to its longest sequence and the
 * padding is not predicted.
 *
 * A step draws `batch` training sequences at random (with replacement, like
 * makemore's sampler), runs forward and backward, clips the gradient to a
 * global norm (clip > 0), and takes one AdamW step (PyTorch's form: decay
 * w *= 1 - lr wd, then Adam with bias correction).  Every eval_every steps
 * (and at the last) it measures the NLL per character on the test part.
 *
 * The model keeps pointers to the corpus and split: they must outlive it.
 * The inspect functions may run in another thread than rnn_step, never at
 * the same time (as algo.h's predict); rnn_nll uses the model's buffers.
 * Shapes are in row-major order; the kernels (rnn_kernels.c) use cblas. */
#ifndef MLLAB_RNN_H
#define MLLAB_RNN_H

#include "algo.h"
#include "charlm_data.h"

/* embed, hidden, batch, lr, weight_decay, beta1, beta2, clip, steps,
 * eval_every. */
extern const ParamSpec rnn_params[];

typedef struct RnnConfig {
    int embed, hidden, batch, steps, eval_every;
    double lr, weight_decay, beta1, beta2, eps, clip;
} RnnConfig;

/* The config from validated params (rnn_params). */
void rnn_config_from_params(const Params *p, RnnConfig *cfg);

enum { RNN_EMB, RNN_WXH, RNN_WHH, RNN_BH, RNN_H0, RNN_WHY, RNN_BY, RNN_NTENSORS };

typedef struct RnnTensor {
    const char *name; /* "W_hh" */
    float *w, *g;     /* values and gradient, rows x cols row-major */
    int rows, cols;
} RnnTensor;

typedef struct Rnn Rnn;

/* An untrained model; rng seeds the initialisation and the batches. */
Rnn *rnn_create(const RnnConfig *cfg, const TextCorpus *c, const CorpusSplit *s, Rng *rng,
                Error *err);
/* One mini-batch; STEP_DONE after cfg.steps steps.  Polls cancellation. */
StepStatus rnn_step(Rnn *m, Trace *trace, Error *err);
void rnn_destroy(Rnn *m);

/* ---- the arithmetic, exposed for tests --------------------------------- */
/* Zero the gradients, then forward and backward on tokens X and targets Y
 * (both B x T row-major; a target < 0 is not predicted; B <= cfg.batch,
 * T <= max_len + 1).  Returns the mean loss (NAN with no target). */
double rnn_loss_grad(Rnn *m, const int *X, const int *Y, int B, int T);
RnnTensor rnn_tensor(const Rnn *m, int which);
/* Global L2 norm of all the gradients (before clipping, last step). */
double rnn_grad_norm(const Rnn *m);

/* ---- inspect ------------------------------------------------------------ */
int rnn_steps_done(const Rnn *m);
/* The last batch's loss and the last test NLL (NAN before the first). */
double rnn_train_loss(const Rnn *m);
double rnn_test_nll(const Rnn *m);
/* Mean NLL per character over the listed sequences (forward only). */
double rnn_nll(Rnn *m, const int *seqs, int n);
/* ||dL/dh_t|| for t = 0 .. *T-1 over the last batch: vanishing gradients
 * show as small norms at early t. */
const float *rnn_time_grad_norms(const Rnn *m, int *T);
/* The hidden states while reading a sequence: (n + 1) x H values into out,
 * row 0 after the start boundary, row i after token i. */
void rnn_hidden_states(const Rnn *m, const int *tokens, int n, float *out);
/* Draw a sequence (temperature 1) until the boundary or max tokens;
 * returns its length (boundaries excluded). */
int rnn_sample(const Rnn *m, Rng *rng, int *out, int max);

#endif
