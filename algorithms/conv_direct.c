/* algorithms/conv_direct.c - a convolution layer computed directly on a
 * chunk of images, one image per AVX-512 lane (see conv_direct.h). */
#include "conv_direct.h"

#include <stdlib.h>
#include <string.h>

#define N CONV_DIRECT_LANES
#define MAX_ROWS 16 /* output channels held in registers at once */

/* ================================================================ shapes */

/* Where the parts of a chunk's scratch are, in floats. */
typedef struct CdLayout {
    int Hp, Wp;          /* padded input */
    int Hd, Wd;          /* padded output gradient: the input gradient is its correlation */
    size_t xp, tmp, dpad, acc, wt, total;
} CdLayout;

static size_t round16(size_t n) { return (n + 15) / 16 * 16; }

static void cd_layout(const ConvGeom *g, CdLayout *L)
{
    size_t out = (size_t)g->OC * g->OH * g->OW, in = (size_t)g->C * g->H * g->W;
    L->Hp = g->H + 2 * g->pad;
    L->Wp = g->W + 2 * g->pad;
    L->Hd = g->OH + 2 * (g->K - 1 - g->pad);
    L->Wd = g->OW + 2 * (g->K - 1 - g->pad);
    L->xp = 0;
    L->tmp = L->xp + (size_t)g->C * L->Hp * L->Wp * N;
    L->dpad = L->tmp + (out > in ? out : in) * N;
    L->acc = L->dpad + (size_t)g->OC * L->Hd * L->Wd * N;
    L->wt = L->acc + (size_t)g->OC * g->C * g->K * g->K * N;
    L->total = L->wt + round16((size_t)g->OC * g->C * g->K * g->K);
}

size_t conv_direct_scratch_floats(const ConvGeom *g)
{
    CdLayout L;
    cd_layout(g, &L);
    return L.total;
}

static bool cpu_has_avx512(void)
{
#if defined(__x86_64__) || defined(__i386__)
    return __builtin_cpu_supports("avx512f");
#else
    return false;
#endif
}

bool conv_direct_usable(const ConvGeom *g)
{
    const char *k = getenv("MLLAB_KERNEL");
    if (k && (strcmp(k, "avx2") == 0 || strcmp(k, "generic") == 0))
        return false;
    return g->stride == 1 && g->pad <= g->K - 1 && g->OH > 0 && g->OW > 0 && cpu_has_avx512();
}

/* ================================================================ layouts */

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>

#define TARGET __attribute__((target("avx512f")))
#define INLINE TARGET static inline __attribute__((always_inline))

/* r[i][j] becomes r[j][i]: 32-bit, 64-bit, then two 128-bit interleaves. */
INLINE void transpose16(__m512 r[16])
{
    __m512 t[16], u[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 4; i++) {
        __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 1]);
        __m512d c = _mm512_castps_pd(t[4 * i + 2]), d = _mm512_castps_pd(t[4 * i + 3]);
        u[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, c));
        u[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, c));
        u[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(b, d));
        u[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(b, d));
    }
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++) {
            t[8 * i + j] = _mm512_shuffle_f32x4(u[8 * i + j], u[8 * i + 4 + j], 0x88);
            t[8 * i + 4 + j] = _mm512_shuffle_f32x4(u[8 * i + j], u[8 * i + 4 + j], 0xdd);
        }
    for (int j = 0; j < 8; j++) {
        r[j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0x88);
        r[8 + j] = _mm512_shuffle_f32x4(t[j], t[8 + j], 0xdd);
    }
}

/* Lanes: r[n] = cnt floats from src + n·stride (n < B), zero past them. */
INLINE void load_rows(__m512 r[16], const float *src, size_t stride, int B, int cnt)
{
    const __mmask16 m = (__mmask16)((1u << cnt) - 1);
    for (int n = 0; n < N; n++)
        r[n] = n < B ? _mm512_maskz_loadu_ps(m, src + n * stride) : _mm512_setzero_ps();
}

/* dst (C, Hp, Wp, N) = src (B, C, H, W) placed at (top, left), zero in the
 * lanes past B, and around when `zero` (else the border is left as it is:
 * the correlation never reads it): 16 pixels of a row at a time,
 * transposed. */
TARGET static void to_chwn_pad(float *dst, const float *src, int B, int C, int H, int W,
                               int top, int left, int Hp, int Wp, bool zero)
{
    if (zero)
        memset(dst, 0, (size_t)C * Hp * Wp * N * sizeof(float));
    const size_t image = (size_t)C * H * W;
    __m512 r[16];
    for (int c = 0; c < C; c++)
        for (int y = 0; y < H; y++)
            for (int x0 = 0; x0 < W; x0 += 16) {
                int cnt = W - x0 < 16 ? W - x0 : 16;
                load_rows(r, src + ((size_t)c * H + y) * W + x0, image, B, cnt);
                transpose16(r);
                float *d = dst + (((size_t)c * Hp + y + top) * Wp + left + x0) * N;
                for (int j = 0; j < cnt; j++)
                    _mm512_store_ps(d + (size_t)j * N, r[j]);
            }
}

/* dst (H, W, C, N) = src (B, C, H, W), zero in the lanes past B. */
TARGET static void to_hwcn(float *dst, const float *src, int B, int C, int H, int W)
{
    const size_t HW = (size_t)H * W, image = (size_t)C * HW;
    __m512 r[16];
    for (int c = 0; c < C; c++)
        for (size_t p0 = 0; p0 < HW; p0 += 16) {
            int cnt = HW - p0 < 16 ? (int)(HW - p0) : 16;
            load_rows(r, src + (size_t)c * HW + p0, image, B, cnt);
            transpose16(r);
            for (int j = 0; j < cnt; j++)
                _mm512_store_ps(dst + ((p0 + j) * C + c) * N, r[j]);
        }
}

/* dst (B, C, H, W) = the first B lanes of src (H, W, C, N). */
TARGET static void from_hwcn(float *dst, const float *src, int B, int C, int H, int W)
{
    const size_t HW = (size_t)H * W, image = (size_t)C * HW;
    __m512 r[16];
    for (int c = 0; c < C; c++)
        for (size_t p0 = 0; p0 < HW; p0 += 16) {
            int cnt = HW - p0 < 16 ? (int)(HW - p0) : 16;
            const __mmask16 m = (__mmask16)((1u << cnt) - 1);
            for (int j = 0; j < N; j++)
                r[j] = j < cnt ? _mm512_load_ps(src + ((p0 + j) * C + c) * N)
                               : _mm512_setzero_ps();
            transpose16(r);
            for (int n = 0; n < B; n++)
                _mm512_mask_storeu_ps(dst + n * image + (size_t)c * HW + p0, m, r[n]);
        }
}
/* Row blocks of the weights for the correlation kernel: for each block of
 * up to 16 rows r (output channels), the taps t in order, the block's rows
 * side by side: wt[t·R + r] = w(row0 + r, t).  Forward: rows are the output
 * channels, taps (c, i, j), w = weight[o][c][i][j]. */
static void pack_forward(float *wt, const float *weight, int OC, int T)
{
    for (int o0 = 0; o0 < OC; o0 += MAX_ROWS) {
        int R = OC - o0 < MAX_ROWS ? OC - o0 : MAX_ROWS;
        for (int t = 0; t < T; t++)
            for (int r = 0; r < R; r++)
                *wt++ = weight[(size_t)(o0 + r) * T + t];
    }
}

/* Backward: rows are the input channels, taps (o, i, j) over the flipped
 * kernel: w = weight[o][c][K-1-i][K-1-j]. */
static void pack_flipped(float *wt, const float *weight, int OC, int C, int K)
{
    const size_t KK = (size_t)K * K;
    for (int c0 = 0; c0 < C; c0 += MAX_ROWS) {
        int R = C - c0 < MAX_ROWS ? C - c0 : MAX_ROWS;
        for (int o = 0; o < OC; o++)
            for (int i = 0; i < K; i++)
                for (int j = 0; j < K; j++)
                    for (int r = 0; r < R; r++)
                        *wt++ = weight[((size_t)o * C + c0 + r) * KK + (size_t)(K - 1 - i) * K +
                                       (K - 1 - j)];
    }
}

/* ================================================================ kernels */

/* The shapes a kernel runs over: a correlation of x (Cin, Hx, Wx, N) with
 * R-row blocks of taps (Cin, K, K) into out (OH, OW, rows, N).  Only the
 * rows [top, top + Hin) and columns [left, left + Win) of x hold data (the
 * rest is zero padding): the correlation skips the taps that would read
 * padding, so the input gradient (a correlation over a wide zero border)
 * costs what the forward pass does. */
typedef struct CorrShape {
    int Cin, K, Wx, Hx, OH, OW, rows;
    int top, left, Hin, Win;
    int y0, y1;                  /* the weight gradient: this block of output rows */
} CorrShape;

/* The taps [*k0, *k1) of a K-long kernel at output position p whose input
 * p + k lies in [lo, lo + len). */
static inline void tap_range(int p, int K, int lo, int len, int *k0, int *k1)
{
    *k0 = lo - p > 0 ? lo - p : 0;
    *k1 = lo + len - p < K ? lo + len - p : K;
}

/* One output pixel (y, xx), R rows: out[r] = init[r] + Σ_taps wt[t·R + r] ·
 * x[tap], over the taps that read data. */
INLINE void corr_pixel(float *out, const float *x, const float *wt, const float *init,
                       const CorrShape *s, int y, int xx, const int R)
{
    __m512 acc[MAX_ROWS];
#pragma GCC unroll 16
    for (int r = 0; r < R; r++)
        acc[r] = init ? _mm512_set1_ps(init[r]) : _mm512_setzero_ps();
    const int K = s->K;
    const size_t cs = (size_t)s->Hx * s->Wx * N, rs = (size_t)s->Wx * N;
    int i0, i1, j0, j1;
    tap_range(y, K, s->top, s->Hin, &i0, &i1);
    tap_range(xx, K, s->left, s->Win, &j0, &j1);
    x += y * rs + (size_t)xx * N;
    for (int c = 0; c < s->Cin; c++)
        for (int i = i0; i < i1; i++) {
            const float *xr = x + c * cs + i * rs;
            const float *w = wt + (((size_t)c * K + i) * K + j0) * R;
            for (int j = j0; j < j1; j++, w += R) {
                __m512 xv = _mm512_load_ps(xr + (size_t)j * N);
#pragma GCC unroll 16
                for (int r = 0; r < R; r++)
                    acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(w[r]), xv, acc[r]);
            }
        }
#pragma GCC unroll 16
    for (int r = 0; r < R; r++)
        _mm512_store_ps(out + (size_t)r * N, acc[r]);
}

/* Every output pixel of one block of R rows (row0 in out's rows). */
INLINE void corr_block(float *out, const float *x, const float *wt, const float *init,
                       const CorrShape *s, int row0, const int R)
{
    const size_t ps = (size_t)s->rows * N;
    for (int y = 0; y < s->OH; y++)
        for (int xx = 0; xx < s->OW; xx++)
            corr_pixel(out + ((size_t)y * s->OW + xx) * ps + (size_t)row0 * N, x, wt, init, s,
                       y, xx, R);
}

/* The weight gradient of one tap over the output rows [y0, y1), R rows:
 * acc[r·T] += Σ_pixels d[pixel][r] · x[pixel + tap], lane by lane (acc in
 * vectors of N); d (OH, OW, rows, N) from its row0. */
INLINE void grad_tap(float *acc_out, size_t T, const float *d, const float *x,
                     const CorrShape *s, const int R)
{
    __m512 acc[MAX_ROWS];
#pragma GCC unroll 16
    for (int r = 0; r < R; r++)
        acc[r] = _mm512_setzero_ps();
    const size_t rs = (size_t)s->Wx * N, ps = (size_t)s->rows * N;
    for (int y = s->y0; y < s->y1; y++) {
        const float *xr = x + y * rs, *dr = d + (size_t)y * s->OW * ps;
        for (int xx = 0; xx < s->OW; xx++, dr += ps) {
            __m512 xv = _mm512_load_ps(xr + (size_t)xx * N);
#pragma GCC unroll 16
            for (int r = 0; r < R; r++)
                acc[r] = _mm512_fmadd_ps(_mm512_load_ps(dr + (size_t)r * N), xv, acc[r]);
        }
    }
#pragma GCC unroll 16
    for (int r = 0; r < R; r++) { /* the first block of rows starts the sums */
        float *a = acc_out + (size_t)r * T * N;
        _mm512_store_ps(a, s->y0 ? _mm512_add_ps(_mm512_load_ps(a), acc[r]) : acc[r]);
    }
}

/* Every tap of one block of R rows, over the output rows [s->y0, s->y1). */
INLINE void grad_block(float *acc, const float *d, const float *x, const CorrShape *s, int row0,
                       const int R)
{
    const size_t T = (size_t)s->Cin * s->K * s->K;
    const size_t cs = (size_t)s->Hx * s->Wx * N, rs = (size_t)s->Wx * N;
    size_t t = 0;
    for (int c = 0; c < s->Cin; c++)
        for (int i = 0; i < s->K; i++)
            for (int j = 0; j < s->K; j++, t++)
                grad_tap(acc + ((size_t)row0 * T + t) * N, T, d + (size_t)row0 * N,
                         x + c * cs + i * rs + (size_t)j * N, s, R);
}

/* One specialised copy of each kernel per block height R (1..16): the
 * accumulators of a constant R stay in registers. */
typedef void (*CorrFn)(float *, const float *, const float *, const float *, const CorrShape *,
                       int);
typedef void (*GradFn)(float *, const float *, const float *, const CorrShape *, int);

#define DEFINE_R(R)                                                                            \
    TARGET static void corr_##R(float *o, const float *x, const float *w, const float *b,     \
                                const CorrShape *s, int row0)                                 \
    {                                                                                          \
        corr_block(o, x, w, b, s, row0, R);                                                    \
    }                                                                                          \
    TARGET static void grad_##R(float *dw, const float *d, const float *x, const CorrShape *s, \
                                int row0)                                                      \
    {                                                                                          \
        grad_block(dw, d, x, s, row0, R);                                                      \
    }
DEFINE_R(1) DEFINE_R(2) DEFINE_R(3) DEFINE_R(4) DEFINE_R(5) DEFINE_R(6) DEFINE_R(7)
DEFINE_R(8) DEFINE_R(9) DEFINE_R(10) DEFINE_R(11) DEFINE_R(12) DEFINE_R(13) DEFINE_R(14)
DEFINE_R(15) DEFINE_R(16)

static const CorrFn corr_fns[MAX_ROWS + 1] = {
    NULL, corr_1, corr_2, corr_3, corr_4, corr_5, corr_6, corr_7, corr_8,
    corr_9, corr_10, corr_11, corr_12, corr_13, corr_14, corr_15, corr_16,
};
static const GradFn grad_fns[MAX_ROWS + 1] = {
    NULL, grad_1, grad_2, grad_3, grad_4, grad_5, grad_6, grad_7, grad_8,
    grad_9, grad_10, grad_11, grad_12, grad_13, grad_14, grad_15, grad_16,
};

/* out (OH, OW, rows, N) = init + x ⋆ wt (packed in blocks of 16 rows). */
static void correlate(float *out, const float *x, const float *wt, const float *init,
                      const CorrShape *s)
{
    const size_t T = (size_t)s->Cin * s->K * s->K;
    for (int r0 = 0; r0 < s->rows; r0 += MAX_ROWS) {
        int R = s->rows - r0 < MAX_ROWS ? s->rows - r0 : MAX_ROWS;
        corr_fns[R](out, x, wt + (size_t)r0 * T, init ? init + r0 : NULL, s, r0);
    }
}

/* dw (rows, Cin·K·K) += d (OH, OW, rows, N) ⋆ x, summed lane by lane in acc
 * (rows·Cin·K·K vectors) over blocks of output rows small enough that the
 * block's gradient vectors stay in the L1 cache while every tap passes. */
TARGET static void weight_grad(float *dw, float *acc, const float *d, const float *x, CorrShape *s)
{
    const size_t T = (size_t)s->Cin * s->K * s->K, n = (size_t)s->rows * T;
    int R0 = s->rows < MAX_ROWS ? s->rows : MAX_ROWS;
    int step = (24 * 1024) / (R0 * s->OW * N * (int)sizeof(float));
    step = step < 1 ? 1 : step;
    for (s->y0 = 0; s->y0 < s->OH; s->y0 += step) {
        s->y1 = s->y0 + step < s->OH ? s->y0 + step : s->OH;
        for (int r0 = 0; r0 < s->rows; r0 += MAX_ROWS) {
            int R = s->rows - r0 < MAX_ROWS ? s->rows - r0 : MAX_ROWS;
            grad_fns[R](acc, d, x, s, r0);
        }
    }
    for (size_t k = 0; k < n; k++)
        dw[k] += _mm512_reduce_add_ps(_mm512_load_ps(acc + k * N));
}

/* ================================================================ the layer */

void conv_direct_forward(float *out, float *scratch, const float *inp, const float *weight,
                         const float *bias, int B, const ConvGeom *g)
{
    CdLayout L;
    cd_layout(g, &L);
    const int K = g->K;
    float *xp = scratch + L.xp, *tmp = scratch + L.tmp, *wt = scratch + L.wt;
    /* the weight gradient reads the border: zeros */
    to_chwn_pad(xp, inp, B, g->C, g->H, g->W, g->pad, g->pad, L.Hp, L.Wp, true);
    pack_forward(wt, weight, g->OC, g->C * K * K);
    CorrShape s = { g->C, K, L.Wp, L.Hp, g->OH, g->OW, g->OC, g->pad, g->pad, g->H, g->W, 0, 0 };
    correlate(tmp, xp, wt, bias, &s);
    from_hwcn(out, tmp, B, g->OC, g->OH, g->OW);
}

/* dbias += the sums of each output channel's gradient over the chunk, from
 * d (OH·OW pixels, OC, N): lanes past B are zero. */
TARGET static void bias_grad(float *dbias, const float *d, int OC, size_t pixels)
{
    for (int o = 0; o < OC; o++) {
        __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
        size_t p = 0;
        for (; p + 1 < pixels; p += 2) { /* two sums: half the add latency */
            s0 = _mm512_add_ps(s0, _mm512_load_ps(d + (p * OC + o) * N));
            s1 = _mm512_add_ps(s1, _mm512_load_ps(d + ((p + 1) * OC + o) * N));
        }
        if (p < pixels)
            s0 = _mm512_add_ps(s0, _mm512_load_ps(d + (p * OC + o) * N));
        dbias[o] += _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
    }
}

void conv_direct_backward(float *dinp, float *dweight, float *dbias, float *scratch,
                          const float *dout, const float *weight, int B, const ConvGeom *g)
{
    CdLayout L;
    cd_layout(g, &L);
    const int K = g->K, Q = K - 1 - g->pad;
    float *xp = scratch + L.xp, *tmp = scratch + L.tmp, *dpad = scratch + L.dpad;
    float *wt = scratch + L.wt;
    to_hwcn(tmp, dout, B, g->OC, g->OH, g->OW);
    bias_grad(dbias, tmp, g->OC, (size_t)g->OH * g->OW);
    CorrShape s = { g->C, K, L.Wp, L.Hp, g->OH, g->OW, g->OC, g->pad, g->pad, g->H, g->W, 0, 0 };
    weight_grad(dweight, scratch + L.acc, tmp, xp, &s);
    if (!dinp)
        return;
    /* the input gradient: the padded output gradient correlated with the
     * flipped kernel, output channels in the role of the input's */
    to_chwn_pad(dpad, dout, B, g->OC, g->OH, g->OW, Q, Q, L.Hd, L.Wd, false);
    pack_flipped(wt, weight, g->OC, g->C, K);
    CorrShape sb = { g->OC, K, L.Wd, L.Hd, g->H, g->W, g->C, Q, Q, g->OH, g->OW, 0, 0 };
    correlate(tmp, dpad, wt, NULL, &sb);
    from_hwcn(dinp, tmp, B, g->C, g->H, g->W);
}
#else
/* Not reached: conv_direct_usable is false without x86. */
void conv_direct_forward(float *out, float *scratch, const float *inp, const float *weight,
                         const float *bias, int B, const ConvGeom *g)
{
    (void)out, (void)scratch, (void)inp, (void)weight, (void)bias, (void)B, (void)g;
}

void conv_direct_backward(float *dinp, float *dweight, float *dbias, float *scratch,
                          const float *dout, const float *weight, int B, const ConvGeom *g)
{
    (void)dinp, (void)dweight, (void)dbias, (void)scratch, (void)dout, (void)weight, (void)B,
        (void)g;
}
#endif
