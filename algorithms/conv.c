/* algorithms/conv.c - convolution and pooling as plain loops (see conv.h). */
#include "conv.h"

#include <float.h>
#include <string.h>

int conv_padding_parse(const char *name, ConvPadding *out)
{
    if (strcmp(name, "same") == 0)
        *out = CONV_PAD_SAME;
    else if (strcmp(name, "valid") == 0)
        *out = CONV_PAD_VALID;
    else
        return -1;
    return 0;
}

int pool_kind_parse(const char *name, PoolKind *out)
{
    if (strcmp(name, "max") == 0)
        *out = POOL_MAX;
    else if (strcmp(name, "avg") == 0 || strcmp(name, "average") == 0)
        *out = POOL_AVG;
    else
        return -1;
    return 0;
}

int conv_out_len(int n, int k, ConvPadding pad, int stride)
{
    if (n < 1 || k < 1 || stride < 1)
        return 0;
    if (pad == CONV_PAD_SAME)
        return (n + stride - 1) / stride; /* ceil(n / stride) */
    return k > n ? 0 : (n - k) / stride + 1;
}

int conv_pad_before(int k, ConvPadding pad)
{
    /* "same" centres the kernel: k = 3 puts one zero before the signal */
    return pad == CONV_PAD_SAME ? (k - 1) / 2 : 0;
}

int conv1d(const float *signal, int n, const float *kernel, int k, ConvPadding pad, int stride,
           float *out)
{
    int len = conv_out_len(n, k, pad, stride);
    if (len < 1)
        return -1;
    int before = conv_pad_before(k, pad);
    for (int i = 0; i < len; i++) {
        float s = 0.0f;
        for (int j = 0; j < k; j++) {
            int at = i * stride + j - before; /* no flip: kernel[j] meets signal[i+j] */
            if (at >= 0 && at < n)
                s += signal[at] * kernel[j];
        }
        out[i] = s;
    }
    return len;
}

int conv2d(const float *inp, int C, int H, int W, const float *kernel, int OC, int KH, int KW,
           const float *bias, ConvPadding pad, int stride, float *out, int *OH, int *OW)
{
    if (C < 1 || OC < 1)
        return -1;
    int oh = conv_out_len(H, KH, pad, stride), ow = conv_out_len(W, KW, pad, stride);
    if (oh < 1 || ow < 1)
        return -1;
    int top = conv_pad_before(KH, pad), left = conv_pad_before(KW, pad);
    for (int o = 0; o < OC; o++)
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                float s = bias ? bias[o] : 0.0f;
                for (int c = 0; c < C; c++)
                    for (int i = 0; i < KH; i++) {
                        int iy = y * stride + i - top;
                        if (iy < 0 || iy >= H)
                            continue; /* a row of padding zeros */
                        for (int j = 0; j < KW; j++) {
                            int ix = x * stride + j - left;
                            if (ix < 0 || ix >= W)
                                continue;
                            s += inp[((size_t)c * H + iy) * W + ix] *
                                 kernel[(((size_t)o * C + c) * KH + i) * KW + j];
                        }
                    }
                out[((size_t)o * oh + y) * ow + x] = s;
            }
    *OH = oh;
    *OW = ow;
    return 0;
}

int pool2d(const float *inp, int C, int H, int W, PoolKind kind, int size, int stride,
           float *out, int *OH, int *OW)
{
    if (C < 1 || size < 1 || stride < 1 || size > H || size > W)
        return -1;
    int oh = (H - size) / stride + 1, ow = (W - size) / stride + 1;
    for (int c = 0; c < C; c++)
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++) {
                float best = -FLT_MAX, sum = 0.0f;
                for (int i = 0; i < size; i++)
                    for (int j = 0; j < size; j++) {
                        float v = inp[((size_t)c * H + y * stride + i) * W + x * stride + j];
                        best = v > best ? v : best;
                        sum += v;
                    }
                out[((size_t)c * oh + y) * ow + x] =
                    kind == POOL_MAX ? best : sum / (float)(size * size);
            }
    *OH = oh;
    *OW = ow;
    return 0;
}

/* ---------------------------------------------------------------- named kernels */

typedef struct NamedKernel {
    const char *name;
    const char *help;
    float k[9];
} NamedKernel;

static const NamedKernel named[] = {
    { "sobel-x", "horizontal gradient: bright where intensity rises left to right (vertical edges)",
      { -1, 0, 1, -2, 0, 2, -1, 0, 1 } },
    { "sobel-y", "vertical gradient: bright where intensity rises top to bottom (horizontal edges)",
      { -1, -2, -1, 0, 0, 0, 1, 2, 1 } },
    { "blur", "3x3 box blur: each pixel becomes the mean of its neighbourhood",
      { 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f, 1 / 9.f } },
    { "sharpen", "sharpen: the pixel minus its 4 neighbours' excess (centre 5, -1 around)",
      { 0, -1, 0, -1, 5, -1, 0, -1, 0 } },
    { "edge", "Laplacian outline: responds to any edge, zero on flat regions (8 centre, -1 around)",
      { -1, -1, -1, -1, 8, -1, -1, -1, -1 } },
    { "identity", "identity: copies the input (1 in the centre)", { 0, 0, 0, 0, 1, 0, 0, 0, 0 } },
};
#define N_NAMED (int)(sizeof named / sizeof named[0])

int conv_named_kernel(const char *name, float *out, int *k)
{
    for (int i = 0; i < N_NAMED; i++)
        if (strcmp(name, named[i].name) == 0) {
            memcpy(out, named[i].k, sizeof named[i].k);
            *k = 3;
            return 0;
        }
    return -1;
}

const char *const *conv_kernel_names(void)
{
    static const char *names[N_NAMED + 1];
    if (!names[0])
        for (int i = 0; i < N_NAMED; i++)
            names[i] = named[i].name;
    return names;
}

const char *conv_kernel_help(const char *name)
{
    for (int i = 0; i < N_NAMED; i++)
        if (strcmp(name, named[i].name) == 0)
            return named[i].help;
    return NULL;
}

static const ParamSpec conv_params[] = {
    { "kernel", PARAM_CHOICE, "sobel-x", 0, 0, "sobel-x|sobel-y|blur|sharpen|edge|identity",
      "the 3x3 kernel slid over the image" },
    { "padding", PARAM_CHOICE, "same", 0, 0, "same|valid",
      "same: zeros around so the output keeps the input size; valid: no padding" },
    { "stride", PARAM_INT, "1", 1, 8, NULL, "step between kernel positions" },
    { "pool", PARAM_CHOICE, "none", 0, 0, "none|max|avg", "pooling applied after the convolution" },
    { "pool_size", PARAM_INT, "2", 1, 8, NULL, "pooling window (and stride)" },
    { 0 }
};

const Algo algo_conv = {
    .name = "conv",
    .title = "Convolution (the operation)",
    .summary = "1-D and 2-D cross-correlation with padding, stride and pooling; classic "
               "kernels on a digit",
    .group = "operations",
    .kind = ALGO_OPERATION,
    .params = conv_params,
    .default_scale = SCALE_NONE,
};
