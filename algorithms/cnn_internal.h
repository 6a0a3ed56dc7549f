/* algorithms/cnn_internal.h - what cnn.c (the network) and cnn_arch.c (its
 * architecture text and shapes) share: a layer of the model. */
#ifndef MLLAB_CNN_INTERNAL_H
#define MLLAB_CNN_INTERNAL_H

#include "cnn.h"
#include "conv_direct.h"
#include "nn_layers.h"

typedef struct CnnLayer {
    CnnLayerSpec spec;
    int in_c, in_h, in_w;
    int out_c, out_h, out_w;
    size_t in_size, out_size;   /* floats per image */
    ConvGeom g;                 /* conv layers */
    size_t w_off, b_off;        /* conv and dense: offsets in params */
    size_t n_w, n_b;
    int fan_in, fan_out;
} CnnLayer;

/* Every layer's shapes (and parameter counts) for C×H×W inputs and n_classes
 * outputs, into layers[arch->n_layers]; -1 (ERR_USAGE) when the arch does
 * not fit such images. */
int cnn_build_layers(const CnnArch *arch, int C, int H, int W, int n_classes, CnnLayer *layers,
                     Error *err);
/* A layer as the views describe it. */
void cnn_layer_info_of(const CnnLayer *L, CnnLayerInfo *out);

/* Floats of one image's workspace (inputs, activations, their gradients,
 * pooling argmaxes, im2col columns), saturating (src/budget.h). */
size_t cnn_workspace_floats(const CnnLayer *layers, int n, size_t in_size, int n_classes);
/* The parameters of arch on C×H×W inputs in K classes, in double: no
 * product overflows (a file's header is checked with it before the network
 * is allocated). */
int cnn_arch_param_count(const CnnArch *arch, int C, int H, int W, int K, double *n, Error *err);
/* A loaded network of C×H×W images in K classes takes data of that shape:
 * ERR_DATA naming both sides when not. */
int cnn_check_images(int C, int H, int W, int K, const Dataset *data, Error *err);

/* Images a thread carries through all the layers at once: one per vector
 * lane of the direct convolution (conv_direct.h) when a conv layer runs
 * that way, else CNN_CHUNK_IM2COL, whose im2col matrices and activations
 * stay in the core's cache between the forward and the backward pass; both
 * give the dense layers' sgemm rows to work with. */
#define CNN_CHUNK CONV_DIRECT_LANES
#define CNN_CHUNK_IM2COL 8

/* One thread's buffers for up to cap images: the rows, one activation (and
 * gradient) per layer, the im2col matrix of each conv layer, the argmax of
 * each max-pool layer, and a dcol scratch for one image. */
typedef struct CnnWork {
    int cap;
    float *x;
    int *y;
    float *acts[CNN_MAX_LAYERS];
    float *dacts[CNN_MAX_LAYERS];
    int *argmax[CNN_MAX_LAYERS];
    float *cols[CNN_MAX_LAYERS];
    float *direct[CNN_MAX_LAYERS]; /* conv_direct.h's scratch (instead of cols), or NULL */
    float *dcol;
    float *probs;
} CnnWork;

typedef struct Cnn {
    CnnArch arch;
    int n_layers;
    CnnLayer layers[CNN_MAX_LAYERS];
    int C, H, W, n_classes;
    size_t in_size;
    float *params;
    size_t n_params;
    NnSegment segs[2 * CNN_MAX_LAYERS];
    int n_segs;
    int first_param_layer;      /* layers below it need no gradient */
    int chunk;                  /* images a thread carries at once (cnn_chunk_for) */

    bool training;
    NnTrainer tr;
    int threads;
    float **grads;              /* one gradient vector per thread */
    CnnWork *work;              /* one workspace per thread */
} Cnn;

/* CNN_CHUNK when a conv layer of these runs directly (conv_direct.h),
 * else CNN_CHUNK_IM2COL. */
int cnn_chunk_for(const CnnLayer *layers, int n);

/* ---- cnn_pass.c: one thread's buffers, and the forward and backward
 * passes over a chunk of images */
void cnn_work_free(CnnWork *w);
/* Buffers for up to cap images (and their gradients when backward). */
int cnn_work_alloc(const Cnn *m, CnnWork *w, int cap, bool backward, Error *err);
/* The weights and biases of a conv or dense layer in m->params. */
float *cnn_W_of(const Cnn *m, const CnnLayer *L);
float *cnn_b_of(const Cnn *m, const CnnLayer *L);
/* Forward the B images of w->x to w->probs; returns Σ -log p[y] when y is
 * given. */
double cnn_forward(const Cnn *m, CnnWork *w, const int *y, int B);
/* Backward B images (after cnn_forward) into grad; scale = 1 / batch size. */
void cnn_backward(const Cnn *m, CnnWork *w, const int *y, int B, float scale, float *grad);
/* Copy rows (indices into X, or the n rows from `first` when rows is NULL)
 * into the chunk buffers of w. */
void cnn_load_chunk(const Cnn *m, CnnWork *w, const Mat *X, const int *y, const int *rows,
                    int first, int n);

#endif
