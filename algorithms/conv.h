/* algorithms/conv.h - convolution and pooling as operations to look at.
 *
 * The textbook versions, written as plain loops over channels-first arrays
 * ((C, H, W), like the pictures in a course): 1-D and 2-D cross-correlation
 * (deep learning's "convolution": the kernel is not flipped), several input
 * and output channels, "same" or "valid" zero padding, a stride; max and
 * average pooling; the classic 3×3 kernels.  `mllab conv` and the TUI's
 * convolution view call these.  The CNN uses the im2col + sgemm version of
 * nn_layers.h (tests check that both agree).
 *
 * Output sizes: valid: (n - k) / stride + 1; same: ceil(n / stride), with
 * (k - 1) / 2 zeros on the left/top and the rest on the right/bottom. */
#ifndef MLLAB_CONV_H
#define MLLAB_CONV_H

#include "algo.h"

extern const Algo algo_conv; /* kind ALGO_OPERATION: no create/step/predict */

typedef enum { CONV_PAD_SAME, CONV_PAD_VALID } ConvPadding;
typedef enum { POOL_MAX, POOL_AVG } PoolKind;

int conv_padding_parse(const char *name, ConvPadding *out); /* "same"/"valid"; -1 else */
int pool_kind_parse(const char *name, PoolKind *out);       /* "max"/"avg"; -1 else */

/* Output length along one axis (0 when the kernel does not fit). */
int conv_out_len(int n, int k, ConvPadding pad, int stride);
/* Zeros added before the first input along one axis. */
int conv_pad_before(int k, ConvPadding pad);

/* out[i] = Σ_j signal[i·stride + j - pad_before] · kernel[j] (zeros outside).
 * Returns the output length (out must hold conv_out_len values), or -1 when
 * the arguments are invalid (k < 1, stride < 1, n < 1, kernel too large). */
int conv1d(const float *signal, int n, const float *kernel, int k, ConvPadding pad, int stride,
           float *out);

/* inp (C, H, W), kernel (OC, C, KH, KW), bias (OC) or NULL -> out (OC, OH, OW):
 * out[o][y][x] = bias[o] + Σ_c Σ_i Σ_j inp[c][y·s + i - pt][x·s + j - pl] · kernel[o][c][i][j]
 * Stores OH/OW; returns 0, or -1 for invalid arguments. */
int conv2d(const float *inp, int C, int H, int W, const float *kernel, int OC, int KH, int KW,
           const float *bias, ConvPadding pad, int stride, float *out, int *OH, int *OW);

/* inp (C, H, W) -> out (C, OH, OW), OH = (H - size) / stride + 1: the max or
 * the mean of each size×size window.  Returns 0, or -1 for invalid arguments. */
int pool2d(const float *inp, int C, int H, int W, PoolKind kind, int size, int stride,
           float *out, int *OH, int *OW);

/* ---- named kernels --------------------------------------------------------
 * "sobel-x", "sobel-y", "blur" (3×3 box, 1/9), "sharpen", "edge" (Laplacian
 * outline: 8 in the centre, -1 around), "identity".  Copies k·k values into
 * out (room for 9) and sets *k (3); -1 for an unknown name. */
int conv_named_kernel(const char *name, float *out, int *k);
/* The names above, NULL-terminated. */
const char *const *conv_kernel_names(void);
/* One line describing a named kernel ("vertical edges: responds to ..."). */
const char *conv_kernel_help(const char *name);

#endif
