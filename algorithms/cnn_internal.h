/* algorithms/cnn_internal.h - what cnn.c (the network) and cnn_arch.c (its
 * architecture text and shapes) share: a layer of the model. */
#ifndef MLLAB_CNN_INTERNAL_H
#define MLLAB_CNN_INTERNAL_H

#include "cnn.h"
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

#endif
