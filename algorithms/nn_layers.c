/* algorithms/nn_layers.c - forward/backward pairs of the network layers, the
 * optimizers, the initialisers, and the training schedule, step and checks
 * mlp and cnn share.  See nn_layers.h for the shapes and conventions. */
#include "nn_layers.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

#include "prep.h"
#include "timer.h"

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
            loss += (double)logf(sum) - (double)(z[labels[b]] - zmax);
        }
    }
    return loss;
}

void softmax_xent_backward(float *dlogits, const float *probs, const int *labels, int B, int K,
                           float scale)
{
    for (int b = 0; b < B; b++) {
        const float *p = probs + (size_t)b * K;
        float *d = dlogits + (size_t)b * K;
        for (int k = 0; k < K; k++)
            d[k] = scale * p[k];
        d[labels[b]] -= scale;
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

void maxpool_forward(float *out, int *argmax, const float *inp, int B, int C, int H, int W,
                     int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    for (int bc = 0; bc < B * C; bc++) { /* every (image, channel) plane */
        const size_t base = (size_t)bc * H * W;
        float *o = out + (size_t)bc * OH * OW;
        int *a = argmax + (size_t)bc * OH * OW;
        if (K == 2 && S == 2) {
            /* the common 2x2 window, written out: the larger of each row's
             * pair, then the larger of the two (values and positions are
             * carried side by side, so the loop vectorises) */
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
            continue;
        }
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

/* ======================================================================
 * optimizers
 * ====================================================================== */

int optimizer_parse(const char *name, OptimizerKind *out)
{
    if (strcmp(name, "sgd") == 0)
        *out = OPT_SGD;
    else if (strcmp(name, "momentum") == 0)
        *out = OPT_MOMENTUM;
    else if (strcmp(name, "adam") == 0)
        *out = OPT_ADAM;
    else
        return -1;
    return 0;
}

const char *optimizer_name(OptimizerKind k)
{
    return k == OPT_SGD ? "sgd" : k == OPT_MOMENTUM ? "momentum" : "adam";
}

void sgd_update(float *param, const float *grad, size_t n, float lr, float l2)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        param[i] -= lr * (grad[i] + l2 * param[i]);
}

void momentum_update(float *param, const float *grad, float *velocity, size_t n, float lr,
                     float mu, float l2)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        velocity[i] = mu * velocity[i] + grad[i] + l2 * param[i];
        param[i] -= lr * velocity[i];
    }
}

void adam_update(float *param, const float *grad, float *m, float *v, size_t n, float lr,
                 float beta1, float beta2, float eps, float l2, int t)
{
    /* m and v start at 0, so early on they are biased towards 0; dividing by
     * (1 - beta^t) removes that bias:  p -= lr · m̂ / (sqrt(v̂) + eps) */
    const float c1 = 1.0f / (1.0f - powf(beta1, (float)t));
    const float c2 = 1.0f / sqrtf(1.0f - powf(beta2, (float)t));
    size_t i = 0;
#if defined(__SSE__)
    /* The same arithmetic four floats at a time (bit for bit: the scalar
     * loop below uses the same single-precision operations in the same
     * order).  The compiler will not vectorise the plain loop by itself:
     * sqrtf may set errno, so it keeps a call to it behind a branch.  This
     * update runs over every parameter after every mini-batch; for the
     * 784-128-128-10 network that is 111 million updates an epoch. */
    const __m128 b1 = _mm_set1_ps(beta1), nb1 = _mm_set1_ps(1.0f - beta1);
    const __m128 b2 = _mm_set1_ps(beta2), nb2 = _mm_set1_ps(1.0f - beta2);
    const __m128 vl2 = _mm_set1_ps(l2), vlr = _mm_set1_ps(lr), veps = _mm_set1_ps(eps);
    const __m128 vc1 = _mm_set1_ps(c1), vc2 = _mm_set1_ps(c2);
    for (; i + 4 <= n; i += 4) {
        __m128 p = _mm_loadu_ps(param + i);
        __m128 g = _mm_add_ps(_mm_loadu_ps(grad + i), _mm_mul_ps(vl2, p));
        __m128 mi = _mm_add_ps(_mm_mul_ps(b1, _mm_loadu_ps(m + i)), _mm_mul_ps(nb1, g));
        __m128 vi = _mm_add_ps(_mm_mul_ps(b2, _mm_loadu_ps(v + i)),
                               _mm_mul_ps(_mm_mul_ps(nb2, g), g));
        _mm_storeu_ps(m + i, mi);
        _mm_storeu_ps(v + i, vi);
        __m128 step = _mm_div_ps(_mm_mul_ps(vlr, _mm_mul_ps(mi, vc1)),
                                 _mm_add_ps(_mm_mul_ps(_mm_sqrt_ps(vi), vc2), veps));
        _mm_storeu_ps(param + i, _mm_sub_ps(p, step));
    }
#endif
    for (; i < n; i++) {
        float g = grad[i] + l2 * param[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * g;
        v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
        param[i] -= lr * (m[i] * c1) / (sqrtf(v[i]) * c2 + eps);
    }
}

/* ======================================================================
 * initialisation
 * ====================================================================== */

int init_parse(const char *name, InitKind *out)
{
    if (strcmp(name, "he") == 0)
        *out = INIT_HE;
    else if (strcmp(name, "xavier") == 0)
        *out = INIT_XAVIER;
    else
        return -1;
    return 0;
}

void init_he(float *w, size_t n, int fan_in, Rng *rng)
{
    /* variance 2/fan_in keeps the variance of ReLU activations constant from
     * layer to layer (ReLU zeroes half of its inputs, hence the 2) */
    double sd = sqrt(2.0 / (fan_in > 0 ? fan_in : 1));
    for (size_t i = 0; i < n; i++)
        w[i] = (float)(sd * rng_normal(rng));
}

void init_xavier(float *w, size_t n, int fan_in, int fan_out, Rng *rng)
{
    /* U(-a, a) has variance a²/3 = 2/(fan_in + fan_out): a compromise that
     * keeps both forward activations and backward gradients in scale */
    int fans = fan_in + fan_out > 0 ? fan_in + fan_out : 1;
    double a = sqrt(6.0 / fans);
    for (size_t i = 0; i < n; i++)
        w[i] = (float)(a * (2.0 * rng_uniform(rng) - 1.0));
}

InitKind init_from_param(const char *value, bool has_relu)
{
    InitKind kind = has_relu ? INIT_HE : INIT_XAVIER;
    if (strcmp(value, "auto") != 0)
        init_parse(value, &kind);
    return kind;
}

void init_weights(InitKind kind, float *w, size_t n, int fan_in, int fan_out, Rng *rng)
{
    if (kind == INIT_HE)
        init_he(w, n, fan_in, rng);
    else
        init_xavier(w, n, fan_in, fan_out, rng);
}

/* ======================================================================
 * threads
 * ====================================================================== */

int nn_threads(void)
{
    static int cached;
    if (cached)
        return cached;
    int n = 0;
    const char *env = getenv("MLLAB_THREADS");
    if (env && *env)
        n = atoi(env);
    if (n < 1) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores < 1 ? 1 : (int)cores;
    }
    cached = n > NN_MAX_THREADS ? NN_MAX_THREADS : n;
    return cached;
}

/* Flush-to-zero (results) and denormals-are-zero (inputs) in the SSE
 * control register; returns the previous register. */
static unsigned int flush_denormals(void)
{
#if defined(__SSE__)
    unsigned int csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040); /* FTZ is bit 15, DAZ bit 6 */
    return csr;
#else
    return 0;
#endif
}

/* The pool: workers 1..n-1 wait for a new generation number, run their
 * share of the task, and count themselves done.  Waiting spins briefly
 * (a mini-batch takes well under a millisecond, so the next one usually
 * comes while the worker is still looking) and then sleeps on a condition
 * variable, so an idle or descheduled partner costs no CPU.  At exit the
 * workers are told to quit and joined (nothing is left for a leak checker). */
static struct {
    pthread_mutex_t busy;       /* held by the caller of a parallel run */
    pthread_mutex_t lock;       /* for sleeping and waking */
    pthread_cond_t start, done;
    int started;                /* workers created (under lock) */
    unsigned long generation;   /* atomic: bumped for each run */
    int remaining;              /* atomic: workers still running it */
    int quit;                   /* atomic: set at exit */
    NnTask fn;
    void *ctx;
    int n;                      /* threads of the current run */
    pthread_t threads[NN_MAX_THREADS];
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
           PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, NULL, NULL, 0, { 0 } };

enum { POOL_SPIN = 4000 }; /* polls before sleeping: some tens of microseconds */

/* One poll of a spin: a pause, and now and then a yield, in case the
 * thread being waited for shares this core. */
static inline void cpu_relax(int spin)
{
    if ((spin & 255) == 255)
        sched_yield();
#if defined(__x86_64__) || defined(__i386__)
    else
        __builtin_ia32_pause();
#endif
}

static void *pool_worker(void *arg)
{
    int t = (int)(long)arg;
    unsigned long seen = 0;
    flush_denormals(); /* this thread only ever runs network tasks */
    for (;;) {
        unsigned long gen = 0;
        for (int spin = 0; spin < POOL_SPIN; spin++) {
            gen = __atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE);
            if (gen != seen || __atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE))
                break;
            cpu_relax(spin);
        }
        if (gen == seen) {
            pthread_mutex_lock(&pool.lock);
            while ((gen = __atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE)) == seen &&
                   !__atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE))
                pthread_cond_wait(&pool.start, &pool.lock);
            pthread_mutex_unlock(&pool.lock);
        }
        if (__atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE))
            return NULL;
        seen = gen;
        /* the job fields were written before the generation was bumped */
        int n = pool.n;
        if (t >= n)
            continue;
        pool.fn(pool.ctx, t, n);
        if (__atomic_sub_fetch(&pool.remaining, 1, __ATOMIC_ACQ_REL) == 0) {
            pthread_mutex_lock(&pool.lock);
            pthread_cond_signal(&pool.done);
            pthread_mutex_unlock(&pool.lock);
        }
    }
    return NULL;
}

/* At exit: wake the workers with the quit flag and wait for them. */
static void pool_shutdown(void)
{
    pthread_mutex_lock(&pool.lock);
    __atomic_store_n(&pool.quit, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pool.start);
    int started = pool.started;
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < started; i++)
        pthread_join(pool.threads[i], NULL);
}

void nn_parallel(NnTask fn, void *ctx, int n)
{
    if (n > NN_MAX_THREADS)
        n = NN_MAX_THREADS;
    if (n <= 1 || __atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE) ||
        pthread_mutex_trylock(&pool.busy) != 0) {
        for (int t = 0; t < (n < 1 ? 1 : n); t++)
            fn(ctx, t, n < 1 ? 1 : n);
        return;
    }
    pthread_mutex_lock(&pool.lock);
    if (pool.started == 0 && n > 1 && !__atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE))
        atexit(pool_shutdown);
    while (pool.started < n - 1 && !__atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE)) {
        /* grow the pool on first use */
        if (pthread_create(&pool.threads[pool.started], NULL, pool_worker,
                           (void *)(long)(pool.started + 1)) != 0)
            break;
        pool.started++;
    }
    int started = pool.started;
    pthread_mutex_unlock(&pool.lock);
    if (n - 1 > started)
        n = started + 1; /* could not start them all: fewer threads */
    if (n <= 1) {
        pthread_mutex_unlock(&pool.busy);
        fn(ctx, 0, 1);
        return;
    }
    pool.fn = fn;
    pool.ctx = ctx;
    pool.n = n;
    __atomic_store_n(&pool.remaining, n - 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&pool.generation, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&pool.lock); /* wake the sleepers (no lost wake-up: they check under it) */
    pthread_cond_broadcast(&pool.start);
    pthread_mutex_unlock(&pool.lock);

    fn(ctx, 0, n);

    for (int spin = 0; spin < POOL_SPIN; spin++) {
        if (__atomic_load_n(&pool.remaining, __ATOMIC_ACQUIRE) == 0)
            break;
        cpu_relax(spin);
    }
    if (__atomic_load_n(&pool.remaining, __ATOMIC_ACQUIRE) > 0) {
        pthread_mutex_lock(&pool.lock);
        while (__atomic_load_n(&pool.remaining, __ATOMIC_ACQUIRE) > 0)
            pthread_cond_wait(&pool.done, &pool.lock);
        pthread_mutex_unlock(&pool.lock);
    }
    pthread_mutex_unlock(&pool.busy);
}

NnCompute nn_compute_begin(void)
{
    blas_serial_begin();
    NnCompute saved = { flush_denormals() };
    return saved;
}

void nn_compute_end(NnCompute saved)
{
    blas_serial_end();
#if defined(__SSE__)
    _mm_setcsr(saved.fp_control);
#else
    (void)saved;
#endif
}

/* ======================================================================
 * the training schedule
 * ====================================================================== */

void nn_train_config_read(NnTrainConfig *c, const Params *p)
{
    memset(c, 0, sizeof *c);
    if (optimizer_parse(params_str(p, "optimizer"), &c->optimizer) < 0)
        c->optimizer = OPT_ADAM;
    c->lr = (float)params_float(p, "lr");
    c->momentum = (float)params_float(p, "momentum");
    c->lr_decay = (float)params_float(p, "lr_decay");
    c->decay_every = params_int(p, "decay_every");
    c->l2 = (float)params_float(p, "l2");
    c->batch = params_int(p, "batch");
    c->epochs = params_int(p, "epochs");
    c->patience = params_int(p, "patience");
    c->val_frac = params_float(p, "val_frac");
    c->val_max = params_int(p, "val_max");
    c->step_batch = strcmp(params_str(p, "step"), "batch") == 0;
}

void nn_trainer_free(NnTrainer *t)
{
    if (!t)
        return;
    free(t->train_rows);
    free(t->val_rows);
    free(t->order);
    free(t->m);
    free(t->v);
    free(t->best);
    memset(t, 0, sizeof *t);
}

int nn_trainer_init(NnTrainer *t, const NnTrainConfig *cfg, const Dataset *train,
                    size_t n_params, Rng *rng, Error *err)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    t->n_params = n_params;
    t->lr = cfg->lr;
    t->best_val_loss = INFINITY;
    t->rng = rng_split(rng);
    int n = dataset_rows(train);

    /* the validation part: stratified, from the rng of the run */
    Split sp = { 0 };
    /* a big set needs no more than val_max rows to draw its curves: the
     * rest train */
    double frac = cfg->val_frac;
    if (cfg->val_max > 0 && n > 0 && frac * n > cfg->val_max)
        frac = (double)cfg->val_max / n;
    bool use_val = frac > 0.0;
    if (use_val) {
        /* too small a set simply trains without validation */
        long n_val = lround(n * frac);
        if (n_val < 1 || n - n_val < 1)
            use_val = false;
    }
    if (use_val) {
        if (split_stratified(train->y, n, train->n_classes, frac, rng, &sp, err) < 0)
            return -1;
        t->train_rows = sp.train;
        t->n_train = sp.n_train;
        t->val_rows = sp.test;
        t->n_val = sp.n_test;
        sp.train = sp.test = NULL;
        split_free(&sp);
    } else {
        t->train_rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *t->train_rows);
        if (!t->train_rows)
            return error_set(err, ERR_NOMEM, "out of memory");
        for (int i = 0; i < n; i++)
            t->train_rows[i] = i;
        t->n_train = n;
    }
    if (t->n_train < 1) {
        nn_trainer_free(t);
        return error_set(err, ERR_DATA, "no training rows");
    }
    t->order = malloc((size_t)t->n_train * sizeof *t->order);
    t->m = calloc(n_params ? n_params : 1, sizeof(float));
    if (cfg->optimizer == OPT_ADAM)
        t->v = calloc(n_params ? n_params : 1, sizeof(float));
    if (cfg->patience > 0 && t->n_val > 0)
        t->best = malloc((n_params ? n_params : 1) * sizeof(float));
    if (!t->order || !t->m || (cfg->optimizer == OPT_ADAM && !t->v) ||
        (cfg->patience > 0 && t->n_val > 0 && !t->best)) {
        nn_trainer_free(t);
        return error_set(err, ERR_NOMEM, "out of memory for the optimizer state");
    }
    memcpy(t->order, t->train_rows, (size_t)t->n_train * sizeof *t->order);
    int bs = cfg->batch < 1 ? 1 : cfg->batch;
    t->batches_per_epoch = (t->n_train + bs - 1) / bs;
    if (t->cfg.epochs <= 0) {
        int need = (NN_AUTO_UPDATES + t->batches_per_epoch - 1) / t->batches_per_epoch;
        t->cfg.epochs = need > NN_AUTO_EPOCHS ? need : NN_AUTO_EPOCHS;
    }
    if (t->cfg.decay_every <= 0)
        t->cfg.decay_every = t->cfg.epochs >= 3 ? t->cfg.epochs / 3 : 1;
    return 0;
}

int nn_trainer_batch(NnTrainer *t, const int **rows)
{
    if (t->next == 0)
        rng_shuffle(&t->rng, t->order, t->n_train);
    int count = t->n_train - t->next;
    if (count > t->cfg.batch)
        count = t->cfg.batch;
    *rows = t->order + t->next;
    t->next += count;
    t->batch_in_epoch++;
    return count;
}

bool nn_trainer_epoch_over(const NnTrainer *t)
{
    return t->next >= t->n_train;
}

/* What each thread of nn_trainer_update needs. */
typedef struct UpdateJob {
    const NnTrainer *t;
    float *params;
    float *const *grads;
    int n_grads;
    const NnSegment *segs;
    int n_segs;
} UpdateJob;

enum { UPDATE_BLOCK = 4096 };

/* Thread k of n takes blocks k, k + n, ... of every segment: it sums the
 * per-thread gradients of the block into grads[0], then applies the rule. */
static void update_task(void *ctx, int k, int n)
{
    const UpdateJob *job = ctx;
    const NnTrainer *t = job->t;
    const NnTrainConfig *c = &t->cfg;
    for (int s = 0; s < job->n_segs; s++) {
        const size_t off = job->segs[s].offset, len_all = job->segs[s].n;
        const float l2 = job->segs[s].decay ? c->l2 : 0.0f;
        for (size_t start = (size_t)k * UPDATE_BLOCK; start < len_all;
             start += (size_t)n * UPDATE_BLOCK) {
            size_t i0 = off + start;
            size_t len = len_all - start < UPDATE_BLOCK ? len_all - start : UPDATE_BLOCK;
            float *g = job->grads[0] + i0;
            for (int j = 1; j < job->n_grads; j++) {
                const float *gj = job->grads[j] + i0;
#pragma omp simd
                for (size_t i = 0; i < len; i++)
                    g[i] += gj[i];
            }
            switch (c->optimizer) {
            case OPT_SGD:
                sgd_update(job->params + i0, g, len, t->lr, l2);
                break;
            case OPT_MOMENTUM:
                momentum_update(job->params + i0, g, t->m + i0, len, t->lr, c->momentum, l2);
                break;
            case OPT_ADAM:
                adam_update(job->params + i0, g, t->m + i0, t->v + i0, len, t->lr, 0.9f, 0.999f,
                            1e-8f, l2, t->t);
                break;
            }
        }
    }
}

void nn_trainer_update(NnTrainer *t, float *params, float *const *grads, int n_grads,
                       const NnSegment *segs, int n_segs)
{
    t->t++;
    UpdateJob job = { t, params, grads, n_grads, segs, n_segs };
    /* below ~16k parameters a second thread costs more than it saves */
    int threads = t->n_params < 4 * UPDATE_BLOCK ? 1 : nn_threads();
    nn_parallel(update_task, &job, threads);
}

bool nn_trainer_end_epoch(NnTrainer *t, float *params, double val_loss, double val_acc,
                          Trace *trace)
{
    t->epoch++;
    double train_loss = t->seen ? t->loss_sum / (double)t->seen : NAN;
    double train_acc = t->seen ? (double)t->correct / (double)t->seen : NAN;
    double seconds = t->seconds;
    float lr_used = t->lr;

    bool improved = false;
    if (t->n_val > 0 && isfinite(val_loss) && val_loss < t->best_val_loss) {
        t->best_val_loss = val_loss;
        t->best_epoch = t->epoch;
        t->bad_epochs = 0;
        improved = true;
        if (t->best)
            memcpy(t->best, params, t->n_params * sizeof(float));
    } else if (t->n_val > 0) {
        t->bad_epochs++;
    }

    char text[TRACE_TEXT_LEN];
    if (t->n_val > 0)
        snprintf(text, sizeof text,
                 "epoch %d/%d: train loss %.4f, acc %.4f; val loss %.4f%s, acc %.4f; lr %.3g (%.2f s)",
                 t->epoch, t->cfg.epochs, train_loss, train_acc, val_loss, improved ? " *" : "",
                 val_acc, (double)lr_used, seconds);
    else
        snprintf(text, sizeof text, "epoch %d/%d: train loss %.4f, acc %.4f; lr %.3g (%.2f s)",
                 t->epoch, t->cfg.epochs, train_loss, train_acc, (double)lr_used, seconds);
    trace_emitv(trace, TRACE_STEP, "epoch", text, "epoch", (double)t->epoch, "train_loss",
                train_loss, "train_acc", train_acc, "val_loss", val_loss, "val_acc", val_acc,
                "lr", (double)lr_used, "seconds", seconds, NULL);

    /* learning-rate decay: ×lr_decay every decay_every epochs */
    if (t->cfg.lr_decay < 1.0f && t->epoch % t->cfg.decay_every == 0)
        t->lr *= t->cfg.lr_decay;

    /* the next epoch starts fresh */
    t->next = 0;
    t->batch_in_epoch = 0;
    t->loss_sum = 0.0;
    t->correct = t->seen = 0;
    t->seconds = 0.0;

    if (t->cfg.patience > 0 && t->n_val > 0 && t->bad_epochs >= t->cfg.patience) {
        if (t->best)
            memcpy(params, t->best, t->n_params * sizeof(float));
        t->stopped_early = true;
        t->done = true;
        char note[TRACE_TEXT_LEN];
        snprintf(note, sizeof note,
                 "early stop: validation loss has not improved for %d epochs; keeping the "
                 "weights of epoch %d (val loss %.4f)",
                 t->bad_epochs, t->best_epoch, t->best_val_loss);
        trace_emitv(trace, TRACE_NOTE, "early_stop", note, "best_epoch", (double)t->best_epoch,
                    "val_loss", t->best_val_loss, NULL);
    } else if (t->epoch >= t->cfg.epochs) {
        t->done = true;
    }
    return t->done;
}

void nn_trainer_emit_batch(NnTrainer *t, double batch_loss, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "epoch %d, batch %d/%d: loss %.4f", t->epoch + 1,
             t->batch_in_epoch, t->batches_per_epoch, batch_loss);
    trace_emitv(trace, TRACE_STEP, "batch", text, "loss", batch_loss, "epoch",
                (double)(t->epoch + 1), "batch", (double)t->batch_in_epoch, NULL);
}

StepStatus nn_trainer_step(NnTrainer *t, float *params, const NnModelOps *ops, void *model,
                           const Dataset *train, Trace *trace, Error *err)
{
    NnCompute fp = nn_compute_begin();
    double t0 = timer_now();
    bool first = true;
    double batch_loss = 0.0;
    do {
        if (trace_cancelled(trace)) {
            t->seconds += timer_now() - t0;
            nn_compute_end(fp);
            error_set(err, ERR_CANCELLED, "training cancelled");
            return STEP_ERROR;
        }
        const int *rows;
        int B = nn_trainer_batch(t, &rows);
        long right = 0;
        double loss = ops->train_batch(model, train, rows, B, first, trace, &right);
        first = false;
        t->loss_sum += loss;
        t->correct += right;
        t->seen += B;
        batch_loss = loss / B;
    } while (!t->cfg.step_batch && !nn_trainer_epoch_over(t));
    t->seconds += timer_now() - t0;

    if (nn_trainer_epoch_over(t)) {
        double val_loss = NAN, val_acc = NAN;
        if (t->n_val > 0) {
            double loss_sum = 0.0;
            long right = 0;
            if (ops->evaluate(model, train, t->val_rows, t->n_val, &loss_sum, &right, err) < 0) {
                nn_compute_end(fp);
                return STEP_ERROR;
            }
            val_loss = loss_sum / t->n_val;
            val_acc = (double)right / t->n_val;
        }
        nn_trainer_end_epoch(t, params, val_loss, val_acc, trace);
    } else {
        nn_trainer_emit_batch(t, batch_loss, trace);
    }
    nn_compute_end(fp);
    return t->done ? STEP_DONE : STEP_MORE;
}

void nn_trainer_json(const NnTrainer *t, StrBuf *sb)
{
    sb_printf(sb, ", \"epochs\": %d, \"optimizer\": ", t->epoch);
    sb_json_string(sb, optimizer_name(t->cfg.optimizer));
    sb_printf(sb, ", \"train_rows\": %d, \"val_rows\": %d", t->n_train, t->n_val);
    if (t->n_val > 0) {
        sb_printf(sb, ", \"best_epoch\": %d, \"best_val_loss\": ", t->best_epoch);
        sb_json_double(sb, t->best_val_loss);
    }
    sb_printf(sb, ", \"stopped_early\": %s", t->stopped_early ? "true" : "false");
}

/* ======================================================================
 * what both networks check and allocate
 * ====================================================================== */

int nn_check_classes(const Dataset *train, const char *name, Error *err)
{
    if (!train->has_target || !train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "%s is a classifier: the data needs class labels", name);
    if (train->n_classes < 2)
        return error_set(err, ERR_DATA,
                         "the training part has a single class: nothing to separate");
    return 0;
}

float **nn_grads_new(int n, size_t n_params)
{
    float **grads = calloc((size_t)n, sizeof *grads);
    if (!grads)
        return NULL;
    for (int t = 0; t < n; t++)
        if (!(grads[t] = malloc(n_params * sizeof(float)))) {
            nn_grads_free(grads, n);
            return NULL;
        }
    return grads;
}

void nn_grads_free(float **grads, int n)
{
    if (!grads)
        return;
    for (int t = 0; t < n; t++)
        free(grads[t]);
    free(grads);
}

void nn_write_predictions(const float *probs, int n, int K, int *labels, float *scores)
{
    for (int r = 0; r < n; r++) {
        const float *p = probs + (size_t)r * K;
        if (labels)
            labels[r] = vec_argmax(p, K);
        if (scores)
            memcpy(scores + (size_t)r * K, p, (size_t)K * sizeof(float));
    }
}
