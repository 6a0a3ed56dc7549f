/* algorithms/nn_layers.h - the building blocks of mllab's neural networks.
 *
 * Each operation is a pair of plain functions, x_forward and x_backward, over
 * flat float arrays (in the manner of karpathy/llm.c's train_gpt2.c): shapes
 * are written above each pair, nothing is hidden in a struct, and the fast
 * path (cblas_sgemm) sits behind the same signature as the readable one.
 *
 * Conventions
 *  - B is the number of rows (samples) of a mini-batch or a chunk of one.
 *  - Dense weights are (C, OC): Z = X·W + b, as in the textbook equations
 *    (dW = Xᵀ·δ, δ_prev = δ·Wᵀ).
 *  - Images are NCHW: (B, C, H, W), channels first, as in the textbooks.  A
 *    convolution is computed image by image: im2col lays the K×K×C patches
 *    of one image out as the columns of a (C·K·K, OH·OW) matrix, and the
 *    layer is one sgemm, weight (OC, C·K·K) times that matrix.  Flattening
 *    for a dense layer is free (an image's C·H·W values are contiguous).
 *  - Backward functions ACCUMULATE (+=) into weight and bias gradients (zero
 *    them once per mini-batch) and OVERWRITE input gradients.  A NULL dinp
 *    skips that product (the first layer needs no input gradient).
 *  - Nothing here allocates, prints, or keeps state between calls.
 *
 * The definitions, by concern: nn_layers.c (the layers), nn_optim.c
 * (optimizers and initialisers), nn_pool.c (the thread pool and compute
 * sections), nn_trainer.c (the training schedule and the checks both
 * networks share). */
#ifndef MLLAB_NN_LAYERS_H
#define MLLAB_NN_LAYERS_H

#include <stdbool.h>
#include <stddef.h>

#include "algo.h"
#include "class_weight.h"
#include "dataset.h"
#include "params.h"
#include "rng.h"
#include "strbuf.h"
#include "trace.h"

/* ---- dense (fully connected) --------------------------------------------
 * inp (B, C), weight (C, OC), bias (OC) -> out (B, OC) = inp·weight + bias */
void dense_forward(float *out, const float *inp, const float *weight, const float *bias, int B,
                   int C, int OC);
/* dout (B, OC) -> dinp (B, C) = dout·weightᵀ (overwritten; NULL to skip),
 * dweight (C, OC) += inpᵀ·dout, dbias (OC) += column sums of dout. */
void dense_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                    const float *inp, const float *weight, int B, int C, int OC);

/* ---- element-wise activations -------------------------------------------
 * out = f(inp) over n values (out may be inp).  The backward pass uses the
 * forward OUTPUT, because every derivative here is a function of it:
 * relu' = [out > 0], sigmoid' = out(1 - out), tanh' = 1 - out².
 * dinp = dout ⊙ f'(out) (dinp may be dout). */
typedef enum { ACT_RELU, ACT_SIGMOID, ACT_TANH, ACT_IDENTITY } Activation;

int activation_parse(const char *name, Activation *out); /* "relu" ...; -1 if unknown */
const char *activation_name(Activation a);
void activation_forward(Activation a, float *out, const float *inp, size_t n);
void activation_backward(Activation a, float *dinp, const float *dout, const float *out,
                         size_t n);

/* ---- softmax + cross-entropy (the output layer of every classifier) ------
 * logits (B, K) -> probs (B, K) = softmax of each row.  With labels (B), the
 * return value is the SUM over rows of -log probs[label] (callers divide by
 * the batch size); with labels NULL it returns 0 (prediction only). */
double softmax_xent_forward(float *probs, const float *logits, const int *labels, int B, int K);
/* dlogits (B, K) = scale·(probs - onehot(labels)); scale = 1/batch size for a
 * mean loss.  (The softmax and the log cancel into this simple difference.) */
void softmax_xent_backward(float *dlogits, const float *probs, const int *labels, int B, int K,
                           float scale);
/* Class weights (class_weight.h; cw NULL: unweighted): the loss of a row of
 * class c is w_c (-log p[c]), so the sum and dlogits are weighted row by row
 * (then divided by the batch size, as Keras's class_weight). */
double softmax_xent_forward_w(float *probs, const float *logits, const int *labels,
                              const float *cw, int B, int K);
void softmax_xent_backward_w(float *dlogits, const float *probs, const int *labels,
                             const float *cw, int B, int K, float scale);

/* ---- 2-D convolution (cross-correlation) via im2col + sgemm --------------
 * inp (B, C, H, W), weight (OC, C, K, K), bias (OC) -> out (B, OC, OH, OW)
 * OH = (H + 2·pad - K) / stride + 1 (likewise OW).
 * The im2col matrix of one image is (C·K·K, OH·OW): row (c, ky, kx) holds,
 * for every output pixel, the input value under kernel tap (c, ky, kx)
 * (zero in the padding), so that out_b = weight · col_b + bias is one
 * matrix product. */
typedef struct ConvGeom {
    int H, W, C;      /* input  */
    int OC, K, pad, stride;
    int OH, OW;       /* output (set by conv_geom) */
} ConvGeom;

/* Fill OH/OW; -1 when the kernel does not fit (output would be empty). */
int conv_geom(ConvGeom *g, int H, int W, int C, int OC, int K, int pad, int stride);
size_t conv_col_size(const ConvGeom *g); /* floats of col: C·K·K·OH·OW */

/* One image: col (C·K·K, OH·OW) from img (C, H, W). */
void im2col(float *col, const float *img, const ConvGeom *g);
/* Its adjoint: img (C, H, W) = every entry of col added back onto the pixel
 * it was copied from (img is overwritten). */
void col2im(float *img, const float *col, const ConvGeom *g);

/* col (B, C·K·K, OH·OW) receives the im2col matrix of every image; the
 * backward pass reads it again, so keep it between the two. */
void conv2d_forward(float *out, float *col, const float *inp, const float *weight,
                    const float *bias, int B, const ConvGeom *g);
/* dout (B, OC, OH, OW) -> dweight (OC, C·K·K) += Σ_b dout_b · col_bᵀ,
 * dbias += Σ dout, dinp (B, C, H, W) = col2im(weightᵀ · dout_b) (NULL to
 * skip).  col is the forward pass's; dcol is scratch for one image. */
void conv2d_backward(float *dinp, float *dweight, float *dbias, float *dcol, const float *col,
                     const float *dout, const float *weight, int B, const ConvGeom *g);

/* ---- pooling (NCHW, window K, stride S, no padding) ----------------------
 * inp (B, C, H, W) -> out (B, C, OH, OW), OH = (H - K) / S + 1.
 * Max pooling records in argmax (B, C, OH, OW) the index into inp of each
 * maximum; its backward routes each gradient to that one input. */
int pool_out_size(int n, int K, int S); /* 0 when K > n */
void maxpool_forward(float *out, int *argmax, const float *inp, int B, int C, int H, int W,
                     int K, int S);
/* dinp (B, C, H, W) is overwritten. */
void maxpool_backward(float *dinp, const float *dout, const int *argmax, int B, int C, int H,
                      int W, int K, int S);
void avgpool_forward(float *out, const float *inp, int B, int C, int H, int W, int K, int S);
void avgpool_backward(float *dinp, const float *dout, int B, int C, int H, int W, int K, int S);

/* ---- optimizers ---------------------------------------------------------
 * Update n parameters in place from their gradient.  l2 adds l2·param to the
 * gradient (the derivative of (l2/2)·‖param‖²); pass 0 for biases. */
typedef enum { OPT_SGD, OPT_MOMENTUM, OPT_ADAM } OptimizerKind;

int optimizer_parse(const char *name, OptimizerKind *out); /* -1 if unknown */
const char *optimizer_name(OptimizerKind k);

/* param -= lr·grad */
void sgd_update(float *param, const float *grad, size_t n, float lr, float l2);
/* velocity = mu·velocity + grad;  param -= lr·velocity */
void momentum_update(float *param, const float *grad, float *velocity, size_t n, float lr,
                     float mu, float l2);
/* Adam (Kingma & Ba): m, v the first and second moment estimates, t >= 1 the
 * step count used for bias correction. */
void adam_update(float *param, const float *grad, float *m, float *v, size_t n, float lr,
                 float beta1, float beta2, float eps, float l2, int t);

/* ---- initialisation -------------------------------------------------------
 * He (Kaiming) normal: N(0, 2/fan_in), for ReLU layers.
 * Xavier (Glorot) uniform: U(-a, a), a = sqrt(6/(fan_in + fan_out)), for
 * sigmoid/tanh layers. */
typedef enum { INIT_HE, INIT_XAVIER } InitKind;

int init_parse(const char *name, InitKind *out); /* -1 if unknown */
/* The value of an init parameter: "he", "xavier", or "auto", which picks He
 * for a network with ReLU layers and Xavier for one without. */
InitKind init_from_param(const char *value, bool has_relu);
void init_he(float *w, size_t n, int fan_in, Rng *rng);
void init_xavier(float *w, size_t n, int fan_in, int fan_out, Rng *rng);
void init_weights(InitKind kind, float *w, size_t n, int fan_in, int fan_out, Rng *rng);

/* ---- threads --------------------------------------------------------------
 * Networks split a mini-batch over threads, each running single-threaded
 * sgemm on its rows.  nn_threads() is how many to use: the cores
 * (MLLAB_THREADS overrides).  nn_parallel(fn, ctx, n) calls fn(ctx, t, n)
 * for t = 0..n-1 at once on a small pool of threads (the caller runs t = 0)
 * and returns when all are done.  The pool's threads sleep while they wait
 * (after a short spin): on a busy machine, a thread spinning at a barrier
 * takes the core its partner needs, which OpenMP's default policy does.
 * If the pool is in use by another caller, the calls run one after the
 * other in the calling thread (same results).
 * nn_compute_begin() prepares the calling thread for a training step or a
 * prediction and returns what it changed, for nn_compute_end() to restore:
 * OpenBLAS becomes single-threaded (the pool is the parallelism: a
 * blas_serial_begin/end section of mat.h), and denormal floats are flushed
 * to zero (the pool's threads always do).
 * Gradients and Adam's second moments drift into the denormal range
 * (below 1.2e-38) as a network trains, and arithmetic on them costs some
 * hundred cycles: without the flush, later epochs run a third slower. */
#define NN_MAX_THREADS 64
int nn_threads(void);
typedef void (*NnTask)(void *ctx, int t, int n);
void nn_parallel(NnTask fn, void *ctx, int n);

typedef struct NnCompute {
    unsigned int fp_control;  /* the SSE control register before */
} NnCompute;
NnCompute nn_compute_begin(void);
void nn_compute_end(NnCompute saved);

/* ---- the mini-batch training schedule shared by mlp and cnn --------------
 * The model owns its parameters as ONE flat float vector (and one gradient
 * vector per thread); the trainer owns everything else about training: the
 * validation rows, the shuffled order of each epoch, the learning rate and
 * its decay, the optimizer's moment vectors, early stopping. */

/* The training parameters, the same for both networks (a ParamSpec list). */
#define NN_TRAINING_PARAMS(EPOCHS)                                                             \
    { "optimizer", PARAM_CHOICE, "adam", 0, 0, "sgd|momentum|adam",                           \
      "SGD, SGD with momentum, or Adam (b1 0.9, b2 0.999, eps 1e-8)" },                       \
    { "lr", PARAM_FLOAT, "0.001", 1e-7, 10, NULL, "learning rate" },                          \
    { "momentum", PARAM_FLOAT, "0.9", 0, 0.999, NULL, "momentum (optimizer=momentum)" },      \
    { "lr_decay", PARAM_FLOAT, "0.5", 0.01, 1, NULL,                                          \
      "multiply lr by this every decay_every epochs (1 = constant)" },                        \
    { "decay_every", PARAM_INT, "0", 0, 1000000, NULL,                                        \
      "epochs between lr decays (0 = auto: a third of the epochs)" },                         \
    { "l2", PARAM_FLOAT, "0", 0, 100, NULL, "L2 penalty (l2/2)|W|^2 on the weights" },        \
    { "batch", PARAM_INT, "64", 1, 65536, NULL, "mini-batch size" },                          \
    { "epochs", PARAM_INT, EPOCHS, 0, 1000000, NULL,                                          \
      "passes over the data (0 = auto: 3, or 1000 updates on a small set)" },                 \
    { "patience", PARAM_INT, "0", 0, 100000, NULL,                                            \
      "early stopping: epochs without a lower val loss (0 = off)" },                          \
    { "val_frac", PARAM_FLOAT, "0.1", 0, 0.5, NULL,                                           \
      "training rows held out (stratified) for validation" },                                 \
    { "val_max", PARAM_INT, "2000", 0, 100000000, NULL,                                       \
      "at most this many validation rows (0 = no limit)" },                                   \
    { "step", PARAM_CHOICE, "epoch", 0, 0, "epoch|batch", "one step: an epoch or a mini-batch" }, \
    CLASS_WEIGHT_PARAM

typedef struct NnTrainConfig {
    OptimizerKind optimizer;
    float lr, momentum, lr_decay, l2;
    int decay_every, batch, epochs, patience;
    double val_frac;
    int val_max;
    bool step_batch;
    const char *class_weight; /* the parameter's text (borrowed: read by nn_trainer_init) */
} NnTrainConfig;

/* Read NN_TRAINING_PARAMS from p. */
void nn_train_config_read(NnTrainConfig *c, const Params *p);

/* A range of the flat parameter vector; decay: the L2 penalty applies. */
typedef struct NnSegment {
    size_t offset, n;
    bool decay;
} NnSegment;

typedef struct NnTrainer {
    NnTrainConfig cfg;
    int *train_rows, n_train;   /* indices into the training Dataset */
    int *val_rows, n_val;       /* the validation part (may be empty) */
    int *order;                 /* this epoch's shuffled copy of train_rows */
    int epoch;                  /* epochs completed */
    int next;                   /* position in order of the next mini-batch */
    int batches_per_epoch, batch_in_epoch;
    float lr;                   /* current learning rate (after decay) */
    int t;                      /* optimizer updates so far */
    size_t n_params;
    float *m, *v;               /* momentum velocity / Adam moments */
    float *best;                /* parameters at the lowest validation loss */
    double best_val_loss;
    int best_epoch, bad_epochs;
    double loss_sum;            /* this epoch's training loss so far (sum over rows) */
    long correct, seen;         /* this epoch's training accuracy so far */
    double seconds;             /* time spent in this epoch so far */
    bool stopped_early, done;
    Rng rng;                    /* shuffling */
    float *cw;                  /* class weights of the loss (class_weight), or NULL */
    const Dataset *val_data;    /* the session's validation part (val_rows index it), or
                                   NULL: val_rows index the training part */
} NnTrainer;

/* epochs=0 (auto): NN_AUTO_EPOCHS, or enough epochs for NN_AUTO_UPDATES
 * mini-batch updates when the training part is small.  decay_every=0
 * (auto): a third of the epochs, so that the default lr_decay of 0.5 halves
 * the learning rate twice over any run (1e-3, 5e-4, 2.5e-4 for 3 epochs). */
#define NN_AUTO_EPOCHS 3
#define NN_AUTO_UPDATES 1000

/* Split train (classification, >= 2 classes) into training and validation
 * rows (stratified), allocate the optimizer state for n_params, settle
 * cfg.epochs and cfg.decay_every when they are 0 (auto). */
int nn_trainer_init(NnTrainer *t, const NnTrainConfig *cfg, const Dataset *train,
                    size_t n_params, Rng *rng, Error *err);
void nn_trainer_free(NnTrainer *t);
/* The rows of the next mini-batch (reshuffling at the start of an epoch);
 * returns how many (the last batch of an epoch may be short). */
int nn_trainer_batch(NnTrainer *t, const int **rows);
bool nn_trainer_epoch_over(const NnTrainer *t);
/* params -= optimizer(Σ_k grads[k]) over the segments (the per-thread
 * gradients are summed here, in parallel). */
void nn_trainer_update(NnTrainer *t, float *params, float *const *grads, int n_grads,
                       const NnSegment *segs, int n_segs);
/* Close an epoch: decay the learning rate, track the best validation loss
 * (NAN when there is no validation part) and stop early (restoring the
 * best parameters into params) when patience runs out.  Emits the epoch's
 * TRACE_STEP event (or, in step=batch mode, adds to it) and returns true when
 * training is over. */
bool nn_trainer_end_epoch(NnTrainer *t, float *params, double val_loss, double val_acc,
                          Trace *trace);
/* Train on every row of train and validate on val (the session's --val-size
 * part, Algo.set_validation) instead of the val_frac split.  Before the first
 * step; val must outlive training.  ERR_DATA when val has other features or
 * classes, or no labels. */
int nn_trainer_use_validation(NnTrainer *t, const Dataset *train, const Dataset *val,
                              Error *err);
/* In step=batch mode: the TRACE_STEP event of a batch that did not end an epoch. */
void nn_trainer_emit_batch(NnTrainer *t, double batch_loss, Trace *trace);

/* What a network does for the trainer's step (model is the network). */
typedef struct NnModelOps {
    /* One mini-batch of B rows of train: forward, backward, and the update
     * (nn_trainer_update).  Returns the loss summed over the B rows, and in
     * *correct the rows it classified right (before the update).  first:
     * the step's first mini-batch (mlp records its backprop example there,
     * emitting it to trace). */
    double (*train_batch)(void *model, const Dataset *train, const int *rows, int B, bool first,
                          Trace *trace, long *correct);
    /* The same sums over n rows without training (the validation part);
     * 0, or -1 with err set. */
    int (*evaluate)(void *model, const Dataset *data, const int *rows, int n, double *loss_sum,
                    long *correct, Error *err);
} NnModelOps;

/* One step of algo.h's contract for a network whose flat parameters are
 * params: one epoch of mini-batches (one mini-batch with step=batch), then,
 * when an epoch ends, the validation loss and accuracy and
 * nn_trainer_end_epoch.  Runs between nn_compute_begin and nn_compute_end,
 * times the epoch, and polls trace for cancellation before every
 * mini-batch. */
StepStatus nn_trainer_step(NnTrainer *t, float *params, const NnModelOps *ops, void *model,
                           const Dataset *train, Trace *trace, Error *err);

/* Append the training part of a network's model_json (after its own
 * fields): ", \"epochs\": 3, \"optimizer\": \"adam\", \"train_rows\": ...". */
void nn_trainer_json(const NnTrainer *t, StrBuf *sb);

/* ---- what both networks check and allocate -------------------------------- */

/* The training data of a network classifier: class labels ("<name> is a
 * classifier: ...") in at least two classes.  0, or -1 with err set. */
int nn_check_classes(const Dataset *train, const char *name, Error *err);
/* A loaded network of `name` with `classes` outputs takes data labelled in
 * exactly that many classes ("the saved mlp was trained on 3 classes, the
 * data has 2"); else -1 with ERR_DATA. */
int nn_check_data_classes(const char *name, int classes, const Dataset *data, Error *err);
/* The same for the inputs first ("the saved mlp takes 4 features, the data
 * has 30"), then the classes. */
int nn_check_data(const char *name, int inputs, int classes, const Dataset *data, Error *err);
/* Will a network of n_params parameters (with its optimizer state and one
 * gradient per thread) and a workspace of per_row floats for each of rows
 * rows fit the memory budget (src/budget.h)?  -1 naming `what` if not. */
int nn_check_budget(size_t n_params, size_t per_row, size_t rows, const char *what, Error *err);
/* The parameters of dense layers of sizes[0..L] (weights and biases), in
 * double: no product overflows. */
double nn_dense_params(const int *sizes, int L);
/* nn_check_budget for an mlp of sizes[0..L] trained in batches of `batch`
 * (predicting in chunks of `chunk`); ERR_USAGE naming -p hidden=HIDDEN. */
int nn_check_dense_budget(const int *sizes, int L, int batch, int chunk, const char *hidden,
                          Error *err);

/* n gradient vectors of n_params floats (one per thread); NULL when out of
 * memory.  nn_grads_free is NULL-safe. */
float **nn_grads_new(int n, size_t n_params);
void nn_grads_free(float **grads, int n);

/* From probs (n, K), one row of class probabilities per sample: labels[r] =
 * the most likely class (ties to the lowest), scores = a copy of probs.
 * Either may be NULL.  -1 with ERR_DATA when a probability is not finite
 * (weights or inputs so large that the logits overflow). */
int nn_write_predictions(const float *probs, int n, int K, int *labels, float *scores,
                         Error *err);

#endif
