/* algorithms/nn_layers.c - forward/backward pairs of the network layers:
 * dense, activations, softmax cross-entropy, convolution, pooling.  The
 * optimizers and initialisers are in nn_optim.c, the thread pool in
 * nn_pool.c, the training schedule in nn_trainer.c; nn_layers.h declares
 * them all and has the shapes and conventions. */
#include "nn_layers.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

/* Does this CPU run the AVX-512 versions of ReLU and max pooling below?
 * MLLAB_KERNEL=avx2|generic keeps the plain loops (as it keeps the
 * convolutions on im2col: conv_direct.h), to compare the paths. */
static bool has_avx512(void)
{
    const char *k = getenv("MLLAB_KERNEL");
    if (k && (strcmp(k, "avx2") == 0 || strcmp(k, "generic") == 0))
        return false;
    return __builtin_cpu_supports("avx512f");
}

/* ReLU in AVX-512 (max(x, 0) gives 0 for NaN and -0, as the plain loop). */
AVX512 static void relu_forward_avx512(float *out, const float *inp, size_t n)
{
    const __m512 zero = _mm512_setzero_ps();
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = n - i < 16 ? (__mmask16)((1u << (n - i)) - 1) : (__mmask16)0xffff;
        __m512 x = _mm512_maskz_loadu_ps(m, inp + i);
        _mm512_mask_storeu_ps(out + i, m, _mm512_max_ps(x, zero));
    }
}

AVX512 static void relu_backward_avx512(float *dinp, const float *dout, const float *out,
                                        size_t n)
{
    const __m512 zero = _mm512_setzero_ps();
    for (size_t i = 0; i < n; i += 16) {
        __mmask16 m = n - i < 16 ? (__mmask16)((1u << (n - i)) - 1) : (__mmask16)0xffff;
        __mmask16 on = _mm512_mask_cmp_ps_mask(m, _mm512_maskz_loadu_ps(m, out + i), zero,
                                               _CMP_GT_OQ);
        _mm512_mask_storeu_ps(dinp + i, m, _mm512_maskz_loadu_ps(on, dout + i));
    }
}
#else
static bool has_avx512(void) { return false; }
static void relu_forward_avx512(float *out, const float *inp, size_t n)
{
    (void)out, (void)inp, (void)n;
}
static void relu_backward_avx512(float *dinp, const float *dout, const float *out, size_t n)
{
    (void)dinp, (void)dout, (void)out, (void)n;
}
#endif

/* ======================================================================
 * dense
 * ====================================================================== */

void dense_forward(float *out, const float *inp, const float *weight, const float *bias, int B,
                   int C, int OC)
{
    /* start every row from the bias, then out += inp·weight in one sgemm */
    for (int b = 0; b < B; b++)
        memcpy(out + (size_t)b * OC, bias, (size_t)OC * sizeof(float));
    if (B == 0 || C == 0)
        return;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, OC, C, 1.0f, inp, C, weight, OC,
                1.0f, out, OC);
}

void dense_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                    const float *inp, const float *weight, int B, int C, int OC)
{
    if (B == 0)
        return;
    /* dW += Xᵀ·δ : (C, B)·(B, OC) */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, C, OC, B, 1.0f, inp, C, dout, OC, 1.0f,
                dweight, OC);
    /* db += Σ_b δ[b] */
    for (int b = 0; b < B; b++) {
        const float *d = dout + (size_t)b * OC;
        for (int o = 0; o < OC; o++)
            dbias[o] += d[o];
    }
    /* δ_prev = δ·Wᵀ : (B, OC)·(OC, C) */
    if (dinp)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, C, OC, 1.0f, dout, OC, weight,
                    OC, 0.0f, dinp, C);
}

/* ======================================================================
 * activations
 * ====================================================================== */

int activation_parse(const char *name, Activation *out)
{
    static const struct { const char *name; Activation a; } names[] = {
        { "relu", ACT_RELU }, { "sigmoid", ACT_SIGMOID }, { "tanh", ACT_TANH },
        { "identity", ACT_IDENTITY }, { "linear", ACT_IDENTITY } };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].a;
            return 0;
        }
    return -1;
}

const char *activation_name(Activation a)
{
    switch (a) {
    case ACT_RELU: return "relu";
    case ACT_SIGMOID: return "sigmoid";
    case ACT_TANH: return "tanh";
    case ACT_IDENTITY: return "identity";
    }
    return "?";
}

void activation_forward(Activation a, float *out, const float *inp, size_t n)
{
    switch (a) {
    case ACT_RELU:
        if (has_avx512()) {
            relu_forward_avx512(out, inp, n);
            break;
        }
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
        break;
    case ACT_SIGMOID:
        /* 1/(1+e^-x) overflows gracefully: e^-x = inf gives 0 */
        for (size_t i = 0; i < n; i++)
            out[i] = 1.0f / (1.0f + expf(-inp[i]));
        break;
    case ACT_TANH:
        for (size_t i = 0; i < n; i++)
            out[i] = tanhf(inp[i]);
        break;
    case ACT_IDENTITY:
        if (out != inp)
            memmove(out, inp, n * sizeof(float));
        break;
    }
}

void activation_backward(Activation a, float *dinp, const float *dout, const float *out,
                         size_t n)
{
    switch (a) {
    case ACT_RELU:
        if (has_avx512()) {
            relu_backward_avx512(dinp, dout, out, n);
            break;
        }
        /* both loads unconditional, so this compiles to a compare and a
         * mask rather than a branch (random signs mispredict half the time) */
#pragma omp simd
        for (size_t i = 0; i < n; i++) {
            float d = dout[i];
            dinp[i] = out[i] > 0.0f ? d : 0.0f;
        }
        break;
    case ACT_SIGMOID:
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            dinp[i] = dout[i] * out[i] * (1.0f - out[i]);
        break;
    case ACT_TANH:
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            dinp[i] = dout[i] * (1.0f - out[i] * out[i]);
        break;
    case ACT_IDENTITY:
        if (dinp != dout)
            memmove(dinp, dout, n * sizeof(float));
        break;
    }
}

/* ======================================================================
 * softmax + cross-entropy
 * ====================================================================== */

double softmax_xent_forward(float *probs, const float *logits, const int *labels, int B, int K)
{
    return softmax_xent_forward_w(probs, logits, labels, NULL, B, K);
}

double softmax_xent_forward_w(float *probs, const float *logits, const int *labels,
                              const float *cw, int B, int K)
{
    double loss = 0.0;
    for (int b = 0; b < B; b++) {
        const float *z = logits + (size_t)b * K;
        float *p = probs + (size_t)b * K;
        /* subtract the row maximum first: exp never overflows, and the
         * result is unchanged because softmax(z) = softmax(z - c) */
        float zmax = vec_max(z, K);
        float sum = 0.0f;
        for (int k = 0; k < K; k++) {
            p[k] = expf(z[k] - zmax);
            sum += p[k];
        }
        float inv = 1.0f / sum;
        for (int k = 0; k < K; k++)
            p[k] *= inv;
        if (labels) {
            /* -log p[y] = log Σ e^(z - zmax) - (z[y] - zmax): exact even when
             * p[y] underflows to 0 */
            double l = (double)logf(sum) - (double)(z[labels[b]] - zmax);
            loss += cw ? cw[labels[b]] * l : l;
        }
    }
    return loss;
}

void softmax_xent_backward(float *dlogits, const float *probs, const int *labels, int B, int K,
                           float scale)
{
    softmax_xent_backward_w(dlogits, probs, labels, NULL, B, K, scale);
}

void softmax_xent_backward_w(float *dlogits, const float *probs, const int *labels,
                             const float *cw, int B, int K, float scale)
{
    for (int b = 0; b < B; b++) {
        const float *p = probs + (size_t)b * K;
        float *d = dlogits + (size_t)b * K;
        float s = cw ? scale * cw[labels[b]] : scale;
        for (int k = 0; k < K; k++)
            d[k] = s * p[k];
        d[labels[b]] -= s;
    }
}

/* ======================================================================
 * convolution: im2col + sgemm (NCHW, one image per product)
 * ====================================================================== */

int conv_geom(ConvGeom *g, int H, int W, int C, int OC, int K, int pad, int stride)
{
    g->H = H;
    g->W = W;
    g->C = C;
    g->OC = OC;
    g->K = K;
    g->pad = pad;
    g->stride = stride;
    g->OH = g->OW = 0;
    if (K < 1 || stride < 1 || pad < 0 || H + 2 * pad < K || W + 2 * pad < K)
        return -1;
    g->OH = (H + 2 * pad - K) / stride + 1;
    g->OW = (W + 2 * pad - K) / stride + 1;
    return 0;
}

size_t conv_col_size(const ConvGeom *g)
{
    return (size_t)g->C * g->K * g->K * g->OH * g->OW;
}

/* The output columns [*x0, *x1) whose input column ox·S - P + kx is inside
 * [0, W): the rest of the row reads padding. */
static void inside_columns(int kx, const ConvGeom *g, int *x0, int *x1)
{
    int S = g->stride, off = kx - g->pad;
    int lo = off >= 0 ? 0 : (-off + S - 1) / S;   /* first ox with ox·S + off >= 0 */
    int hi = g->W - 1 - off < 0 ? 0 : (g->W - 1 - off) / S + 1; /* ox·S + off <= W - 1 */
    if (hi > g->OW)
        hi = g->OW;
    if (lo > hi)
        lo = hi;
    *x0 = lo;
    *x1 = hi;
}

void im2col(float *col, const float *img, const ConvGeom *g)
{
    const int H = g->H, W = g->W, K = g->K, S = g->stride, P = g->pad;
    const int OH = g->OH, OW = g->OW;
    float *row = col;
    for (int c = 0; c < g->C; c++)
        for (int ky = 0; ky < K; ky++)
            for (int kx = 0; kx < K; kx++) {
                /* row (c, ky, kx): for each output pixel, the input under this tap */
                int x0, x1;
                inside_columns(kx, g, &x0, &x1);
                for (int oy = 0; oy < OH; oy++, row += OW) {
                    int iy = oy * S - P + ky;
                    if (iy < 0 || iy >= H) {
                        memset(row, 0, (size_t)OW * sizeof(float));
                        continue;
                    }
                    const float *src = img + ((size_t)c * H + iy) * W;
                    const int off = kx - P; /* input column of output column 0 */
                    for (int ox = 0; ox < x0; ox++)
                        row[ox] = 0.0f;
                    if (S == 1)
#pragma omp simd
                        for (int ox = x0; ox < x1; ox++)
                            row[ox] = src[ox + off];
                    else
                        for (int ox = x0; ox < x1; ox++)
                            row[ox] = src[ox * S + off];
                    for (int ox = x1; ox < OW; ox++)
                        row[ox] = 0.0f;
                }
            }
}

void col2im(float *img, const float *col, const ConvGeom *g)
{
    const int H = g->H, W = g->W, K = g->K, S = g->stride, P = g->pad;
    const int OH = g->OH, OW = g->OW;
    memset(img, 0, (size_t)g->C * H * W * sizeof(float));
    const float *row = col;
    for (int c = 0; c < g->C; c++)
        for (int ky = 0; ky < K; ky++)
            for (int kx = 0; kx < K; kx++) {
                int x0, x1;
                inside_columns(kx, g, &x0, &x1);
                for (int oy = 0; oy < OH; oy++, row += OW) {
                    int iy = oy * S - P + ky;
                    if (iy < 0 || iy >= H)
                        continue; /* that row of col came from the padding */
                    float *dst = img + ((size_t)c * H + iy) * W;
                    const int off = kx - P;
                    if (S == 1)
#pragma omp simd
                        for (int ox = x0; ox < x1; ox++)
                            dst[ox + off] += row[ox];
                    else
                        for (int ox = x0; ox < x1; ox++)
                            dst[ox * S + off] += row[ox];
                }
            }
}

void conv2d_forward(float *out, float *col, const float *inp, const float *weight,
                    const float *bias, int B, const ConvGeom *g)
{
    const int KKC = g->C * g->K * g->K;  /* patch length */
    const int OHW = g->OH * g->OW;       /* output pixels of one image */
    for (int b = 0; b < B; b++) {
        const float *img = inp + (size_t)b * g->C * g->H * g->W;
        float *o = out + (size_t)b * g->OC * OHW;
        float *c = col + (size_t)b * KKC * OHW;
        im2col(c, img, g);
        for (int oc = 0; oc < g->OC; oc++) {
            float *row = o + (size_t)oc * OHW;
#pragma omp simd
            for (int p = 0; p < OHW; p++)
                row[p] = bias[oc];
        }
        /* out_b (OC, OHW) += weight (OC, KKC) · col_b (KKC, OHW) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, g->OC, OHW, KKC, 1.0f, weight,
                    KKC, c, OHW, 1.0f, o, OHW);
    }
}

void conv2d_backward(float *dinp, float *dweight, float *dbias, float *dcol, const float *col,
                     const float *dout, const float *weight, int B, const ConvGeom *g)
{
    const int KKC = g->C * g->K * g->K;
    const int OHW = g->OH * g->OW;
    const int OC = g->OC;
    for (int b = 0; b < B; b++) {
        const float *d = dout + (size_t)b * OC * OHW;
        const float *c = col + (size_t)b * KKC * OHW;
        for (int oc = 0; oc < OC; oc++) {
            const float *row = d + (size_t)oc * OHW;
            float s = 0.0f;
#pragma omp simd reduction(+ : s)
            for (int p = 0; p < OHW; p++)
                s += row[p];
            dbias[oc] += s;
        }
        /* dW (OC, KKC) += dout_b (OC, OHW) · col_bᵀ (OHW, KKC): each tap's
         * gradient is the correlation of the output gradient with its input */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, OC, KKC, OHW, 1.0f, d, OHW, c, OHW,
                    1.0f, dweight, KKC);
        if (!dinp)
            continue;
        /* dcol (KKC, OHW) = Wᵀ (KKC, OC) · dout_b, then fold back onto pixels */
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, KKC, OHW, OC, 1.0f, weight, KKC, d,
                    OHW, 0.0f, dcol, OHW);
        col2im(dinp + (size_t)b * g->C * g->H * g->W, dcol, g);
    }
}

/* ======================================================================
 * pooling (NCHW)
 * ====================================================================== */

int pool_out_size(int n, int K, int S)
{
    if (K < 1 || S < 1 || K > n)
        return 0;
    return (n - K) / S + 1;
}

/* One plane's common 2x2 window (stride 2), written out: the larger of each
 * row's pair, then the larger of the two (values and positions are carried
 * side by side, so the loop vectorises).  base: the plane's first index. */
static void maxpool_plane_2x2(float *o, int *a, const float *inp, size_t base, int W, int OH,
                              int OW)
{
    for (int oy = 0; oy < OH; oy++) {
        const int r0 = (int)base + 2 * oy * W, r1 = r0 + W;
        const float *top = inp + r0, *bot = inp + r1;
        float *orow = o + oy * OW;
        int *arow = a + oy * OW;
#pragma omp simd
        for (int ox = 0; ox < OW; ox++) {
            float t0 = top[2 * ox], t1 = top[2 * ox + 1];
            float b0 = bot[2 * ox], b1 = bot[2 * ox + 1];
            int tr = t1 > t0, br = b1 > b0;
            float tv = tr ? t1 : t0, bv = br ? b1 : b0;
            int down = bv > tv;
            orow[ox] = down ? bv : tv;
            arow[ox] = down ? r1 + 2 * ox + br : r0 + 2 * ox + tr;
        }
    }
}

#if defined(__x86_64__) || defined(__i386__)
/* Lanes of a and b (32 floats) picked by idx: the even or odd columns. */
AVX512 static inline __m512 pick(__m512 a, __m512 b, __m512i idx)
{
    return _mm512_permutex2var_ps(a, idx, b);
}

/* Up to 16 outputs (cnt) of the 2x2 window from the rows at r0 and r0 + W
 * (indices into inp), the comparisons of maxpool_plane_2x2 as masks. */
AVX512 static void pool16(float *o, int *a, const float *inp, int r0, int W, int cnt)
{
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
                                           28, 30); /* also 2·(output column) */
    const __m512i one = _mm512_set1_epi32(1), odd = _mm512_add_epi32(even, one);
    const int lo = 2 * cnt < 16 ? 2 * cnt : 16;
    const __mmask16 m_lo = (__mmask16)((1u << lo) - 1);
    const __mmask16 m_hi = (__mmask16)((1u << (2 * cnt - lo)) - 1);
    const __mmask16 m = (__mmask16)((1u << cnt) - 1);
    const float *top = inp + r0, *bot = top + W;
    __m512 ta = _mm512_maskz_loadu_ps(m_lo, top), tb = _mm512_maskz_loadu_ps(m_hi, top + 16);
    __m512 ba = _mm512_maskz_loadu_ps(m_lo, bot), bb = _mm512_maskz_loadu_ps(m_hi, bot + 16);
    __m512 t0 = pick(ta, tb, even), t1 = pick(ta, tb, odd);
    __m512 b0 = pick(ba, bb, even), b1 = pick(ba, bb, odd);
    __mmask16 tr = _mm512_cmp_ps_mask(t1, t0, _CMP_GT_OQ);
    __mmask16 br = _mm512_cmp_ps_mask(b1, b0, _CMP_GT_OQ);
    __m512 tv = _mm512_mask_blend_ps(tr, t0, t1), bv = _mm512_mask_blend_ps(br, b0, b1);
    __mmask16 down = _mm512_cmp_ps_mask(bv, tv, _CMP_GT_OQ);
    __m512i at = _mm512_add_epi32(_mm512_set1_epi32(r0), even);
    __m512i ti = _mm512_mask_add_epi32(at, tr, at, one);
    __m512i bi = _mm512_add_epi32(_mm512_mask_add_epi32(at, br, at, one), _mm512_set1_epi32(W));
    _mm512_mask_storeu_ps(o, m, _mm512_mask_blend_ps(down, tv, bv));
    _mm512_mask_storeu_epi32(a, m, _mm512_mask_blend_epi32(down, ti, bi));
}

/* maxpool_plane_2x2 in AVX-512, 16 outputs at a time (the same results:
 * ties keep the earlier position, as there). */
AVX512 static void maxpool_plane_2x2_avx512(float *o, int *a, const float *inp, size_t base,
                                            int W, int OH, int OW)
{
    for (int oy = 0; oy < OH; oy++) {
        const int r0 = (int)base + 2 * oy * W;
        for (int ox = 0; ox < OW; ox += 16)
            pool16(o + oy * OW + ox, a + oy * OW + ox, inp, r0 + 2 * ox, W,
                   OW - ox < 16 ? OW - ox : 16);
    }
}

#else
static void maxpool_plane_2x2_avx512(float *o, int *a, const float *inp, size_t base, int W,
                                     int OH, int OW)
{
    maxpool_plane_2x2(o, a, inp, base, W, OH, OW);
}
#endif

/* One plane, any K x K window and stride S. */
static void maxpool_plane(float *o, int *a, const float *inp, size_t base, int W, int OH, int OW,
                          int K, int S)
{
    for (int oy = 0; oy < OH; oy++)
        for (int ox = 0; ox < OW; ox++) {
            size_t at = base + (size_t)(oy * S) * W + ox * S;
            float best = inp[at];
            size_t arg = at;
            for (int ky = 0; ky < K; ky++)
                for (int kx = 0; kx < K; kx++) {
                    size_t i = base + (size_t)(oy * S + ky) * W + ox * S + kx;
                    /* written to compile to selects, not branches */
                    bool more = inp[i] > best;
                    best = more ? inp[i] : best;
                    arg = more ? i : arg;
                }
            o[oy * OW + ox] = best;
            a[oy * OW + ox] = (int)arg;
        }
}

void maxpool_forward(float *out, int *argmax, const float *inp, int B, int C, int H, int W,
                     int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    const bool fast = has_avx512();
    for (int bc = 0; bc < B * C; bc++) { /* every (image, channel) plane */
        const size_t base = (size_t)bc * H * W;
        float *o = out + (size_t)bc * OH * OW;
        int *a = argmax + (size_t)bc * OH * OW;
        if (K == 2 && S == 2 && fast)
            maxpool_plane_2x2_avx512(o, a, inp, base, W, OH, OW);
        else if (K == 2 && S == 2)
            maxpool_plane_2x2(o, a, inp, base, W, OH, OW);
        else
            maxpool_plane(o, a, inp, base, W, OH, OW, K, S);
    }
}

void maxpool_backward(float *dinp, const float *dout, const int *argmax, int B, int C, int H,
                      int W, int K, int S)
{
    const size_t n_out = (size_t)B * C * pool_out_size(H, K, S) * pool_out_size(W, K, S);
    memset(dinp, 0, (size_t)B * C * H * W * sizeof(float));
    /* only the maximum of each window received the gradient (+= because
     * overlapping windows, S < K, may share a maximum) */
    for (size_t i = 0; i < n_out; i++)
        dinp[argmax[i]] += dout[i];
}

void avgpool_forward(float *out, const float *inp, int B, int C, int H, int W, int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    const float inv = 1.0f / (float)(K * K);
    for (int bc = 0; bc < B * C; bc++) {
        const float *in = inp + (size_t)bc * H * W;
        float *o = out + (size_t)bc * OH * OW;
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++) {
                float s = 0.0f;
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++)
                        s += in[(oy * S + ky) * W + ox * S + kx];
                o[oy * OW + ox] = s * inv;
            }
    }
}

void avgpool_backward(float *dinp, const float *dout, int B, int C, int H, int W, int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    const float inv = 1.0f / (float)(K * K);
    memset(dinp, 0, (size_t)B * C * H * W * sizeof(float));
    /* each input of a window receives 1/K² of the window's gradient */
    for (int bc = 0; bc < B * C; bc++) {
        float *di = dinp + (size_t)bc * H * W;
        const float *d = dout + (size_t)bc * OH * OW;
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++)
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++)
                        di[(oy * S + ky) * W + ox * S + kx] += d[oy * OW + ox] * inv;
    }
}

