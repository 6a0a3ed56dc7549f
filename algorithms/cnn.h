/* algorithms/cnn.h - the convolutional classifier (LeNet-5 by default).
 *
 * A stack of layers described by a short text (param `arch`):
 *
 *     arch   := "lenet5" | layer ( "-" layer )*
 *     layer  := "c" N "k" K [ "p" P ] [ "s" S ]   convolution: N filters K×K,
 *                                                 zero padding P (0), stride S (1)
 *             | "r" | "t"                         ReLU | tanh
 *             | "m" K [ "s" S ]                   max pooling K×K, stride S (K)
 *             | "a" K [ "s" S ]                   average pooling
 *             | "d" N                             dense layer of N units
 *
 * "lenet5" is c6k5p2-r-m2-c16k5-r-m2-d120-r-d84-r-d10.  The last layer must
 * be dense with as many units as the data has classes; softmax +
 * cross-entropy follows it.  Feature maps are flattened before the first
 * dense layer; no conv or pool may follow a dense layer.
 *
 * Images are channels-first, (C, H, W), inside the network and in what the
 * inspect functions below hand out (a dataset row of a one-channel image is
 * simply its H×W pixels).
 * Trained like the mlp (Adam by default), one epoch per step (step=batch:
 * one mini-batch), a mini-batch split over both cores. */
#ifndef MLLAB_CNN_H
#define MLLAB_CNN_H

#include <stddef.h>

#include "algo.h"

extern const Algo algo_cnn;

#define CNN_MAX_LAYERS 32

typedef enum { CNN_CONV, CNN_RELU, CNN_TANH, CNN_MAXPOOL, CNN_AVGPOOL, CNN_DENSE } CnnLayerKind;
/* "conv", "relu", "tanh", "max-pool", "avg-pool", "dense" */
const char *cnn_layer_kind_name(CnnLayerKind k);

typedef struct CnnLayerSpec {
    CnnLayerKind kind;
    int n;      /* conv: filters; dense: units */
    int k;      /* conv / pool: window */
    int pad;    /* conv */
    int stride; /* conv / pool */
} CnnLayerSpec;

typedef struct CnnArch {
    int n_layers;
    CnnLayerSpec layers[CNN_MAX_LAYERS];
} CnnArch;

/* Parse an arch text.  Errors (ERR_USAGE) name the 1-based character
 * position: "arch: at position 7 ('x'): expected a layer letter c, r, t, m, a or d". */
int cnn_arch_parse(const char *text, CnnArch *out, Error *err);
/* The canonical text of an arch into buf ("c6k5p2-r-m2-..."). */
void cnn_arch_format(const CnnArch *arch, char *buf, size_t size);

/* One row of the layer summary. */
typedef struct CnnLayerInfo {
    CnnLayerKind kind;
    char desc[48];          /* "conv 5x5, 6 filters, pad 2" */
    int in_c, in_h, in_w;   /* input shape (dense: in_c = features, h = w = 1) */
    int out_c, out_h, out_w;
    long params;            /* weights + biases */
    long flops;             /* multiply-adds x 2 of the forward pass, one image */
} CnnLayerInfo;

/* The summary of arch on C×H×W inputs with n_classes outputs, without a
 * model (the parameter form can show it).  Fills up to max rows; returns the
 * layer count, or -1 with err set when the shapes do not work out (a kernel
 * larger than its input, a last layer of the wrong width...). */
int cnn_arch_summary(const CnnArch *arch, int C, int H, int W, int n_classes,
                     CnnLayerInfo *rows, int max, Error *err);

/* Of a model: layer count, one row, the totals. */
int cnn_layer_count(const void *model);
int cnn_layer_info(const void *model, int i, CnnLayerInfo *out); /* -1 out of range */
long cnn_param_count(const void *model);
int cnn_epochs_done(const void *model);
/* The input shape the model expects. */
void cnn_input_shape(const void *model, int *C, int *H, int *W);

/* The flat parameter vector, for tools and tests: for each conv or dense
 * layer in order, its weights (conv: OC×C×K×K; dense: inputs×units, row-major)
 * then its biases.  *n receives the count.  Writable: a change is seen by
 * the next forward pass. */
float *cnn_parameters(void *model, size_t *n);

/* A conv layer's kernels copied channels-first into out (OC, C, K, K);
 * returns OC·C·K·K, or -1 when layer i is not a conv layer.  out may be NULL
 * to ask for the size. */
long cnn_conv_kernels(const void *model, int i, float *out, int *OC, int *C, int *K);

/* Every layer's output for one image, channels-first, and the class
 * probabilities.  image: C·H·W floats, as in a dataset row. */
typedef struct CnnMap {
    CnnLayerKind kind;
    int c, h, w;    /* dense layers: c = units, h = w = 1 */
    float *data;    /* (c, h, w) */
} CnnMap;

typedef struct CnnImageView {
    int n_layers;
    CnnMap *maps;   /* one per layer */
    int n_classes;
    float *probs;   /* n_classes */
    int predicted;
} CnnImageView;

int cnn_inspect_image(const void *model, const float *image, CnnImageView *out, Error *err);
void cnn_image_view_free(CnnImageView *v);
/* Only the class probabilities of one image (probs has n_classes floats). */
int cnn_image_probs(const void *model, const float *image, float *probs, Error *err);

#endif
