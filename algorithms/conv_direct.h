/* algorithms/conv_direct.h - a convolution layer computed directly on a
 * chunk of up to 16 images, one image per vector lane (AVX-512).
 *
 * The layer pair of nn_layers.h (conv2d_forward / conv2d_backward) lays the
 * patches of each image out with im2col and multiplies small, skinny
 * matrices image by image: LeNet-5's 6×25 and 16×150 kernels, 25 copies of
 * every pixel, and a col2im for the input gradient.  Here the chunk is
 * turned on its side instead: the same pixel of the 16 images fills one
 * 16-float vector, so every multiply-add of the textbook sum
 *
 *   out[o][y][x] = bias[o] + Σ_c Σ_i Σ_j inp[c][y + i - P][x + j - P] · w[o][c][i][j]
 *
 * is a full vector operation (a broadcast weight times 16 pixels), with no
 * patch matrix and no wasted lanes whatever the image or kernel size.  The
 * weight gradient is the same sum with the output gradient in place of the
 * weight (reduced over the lanes once per chunk), and the input gradient
 * is that correlation again, of the zero-padded output gradient with the
 * kernel flipped (channels swapped).  A register block of up to 16 output
 * channels keeps one vector per channel in registers while the taps stream
 * past.
 *
 * Layouts inside the scratch (N = 16 lanes, the chunk's images; lanes past
 * B are zero): inputs padded as (C, H + 2P, W + 2P, N), outputs as
 * (OH, OW, OC, N); the caller's arrays stay NCHW, as nn_layers.h says, and
 * are converted at the edges (a few % of the arithmetic).
 *
 * The results equal the im2col path's up to float rounding (the sums run in
 * another order); tests/test_conv.c checks both against each other. */
#ifndef MLLAB_CONV_DIRECT_H
#define MLLAB_CONV_DIRECT_H

#include <stdbool.h>
#include <stddef.h>

#include "nn_layers.h"

#define CONV_DIRECT_LANES 16

/* Can this layer run here: stride 1, padding at most K - 1, this CPU has
 * AVX-512F, and MLLAB_KERNEL is not "avx2" or "generic" (which keep the
 * im2col path, to compare)? */
bool conv_direct_usable(const ConvGeom *g);

/* Floats of scratch one chunk of the layer needs (forward and backward). */
size_t conv_direct_scratch_floats(const ConvGeom *g);

/* inp (B, C, H, W) -> out (B, OC, OH, OW), B <= 16, as conv2d_forward.  The
 * scratch (conv_direct_scratch_floats, 64-byte aligned) keeps the padded
 * inputs for conv_direct_backward of the same chunk. */
void conv_direct_forward(float *out, float *scratch, const float *inp, const float *weight,
                         const float *bias, int B, const ConvGeom *g);

/* After conv_direct_forward of these B images with this scratch, as
 * conv2d_backward: dweight, dbias += the chunk's gradients; dinp (B, C, H,
 * W) overwritten, or skipped when NULL. */
void conv_direct_backward(float *dinp, float *dweight, float *dbias, float *scratch,
                          const float *dout, const float *weight, int B, const ConvGeom *g);

#endif
