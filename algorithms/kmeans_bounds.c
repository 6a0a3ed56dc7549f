/* kmeans_bounds.c - the Lloyd iteration of k-means on byte rows (pixels),
 * with exact integer cluster sums and Elkan's bounds to skip the rows that
 * cannot change cluster (algorithms/kmeans.c calls it; kmeans_kernels.c has
 * the other passes over the data). */
#include "kmeans_internal.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define KM_X86 1

__attribute__((target("avx512f"))) static float dot_bytes_avx512(const uint8_t *q,
                                                                 const float *c, int d)
{
    __m512 acc = _mm512_setzero_ps();
    int j = 0;
    for (; j + 16 <= d; j += 16) {
        __m512 x = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(q + j))));
        acc = _mm512_fmadd_ps(x, _mm512_loadu_ps(c + j), acc);
    }
    float s = _mm512_reduce_add_ps(acc);
    for (; j < d; j++)
        s += q[j] * c[j];
    return s;
}

__attribute__((target("avx2,fma"))) static float dot_bytes_avx2(const uint8_t *q, const float *c,
                                                                int d)
{
    __m256 acc = _mm256_setzero_ps();
    int j = 0;
    for (; j + 8 <= d; j += 8) {
        __m256 x = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(q + j))));
        acc = _mm256_fmadd_ps(x, _mm256_loadu_ps(c + j), acc);
    }
    float t[8], s = 0.0f;
    _mm256_storeu_ps(t, acc);
    for (int l = 0; l < 8; l++)
        s += t[l];
    for (; j < d; j++)
        s += q[j] * c[j];
    return s;
}
#endif

/* sum_j q[j] c[j] for a row of bytes q: only ever used inside a bound with
 * its rounding allowed for, so the paths need not agree to the bit. */
static float dot_bytes(KernelPath path, const uint8_t *q, const float *c, int d)
{
#ifdef KM_X86
    if (path == KPATH_VNNI)
        return dot_bytes_avx512(q, c, d);
    if (path == KPATH_AVX2)
        return dot_bytes_avx2(q, c, d);
#endif
    float s = 0.0f;
    for (int j = 0; j < d; j++)
        s += q[j] * c[j];
    return s;
}

/* ------------------------------------------- Lloyd on byte rows, with bounds
 *
 * For byte rows the Lloyd iteration keeps, between iterations, the clusters'
 * sums of bytes as integers (exact, so in any order the same: the same
 * centroids on every thread count and kernel path) and, per row, Elkan's
 * bounds: upper[i] >= the distance to its centroid, lower[i][c] <= the
 * distance to centroid c.  When the centroids move by shift[c], upper grows
 * by its centroid's shift and each lower[c] shrinks by c's.  A row whose
 * upper bound is below every other centroid's lower bound, or below half
 * the distance between its centroid and that one, cannot change cluster;
 * when the first test fails, the upper bound is tightened (one dot product
 * straight from the bytes) and the test tried again.  Skipped rows are not
 * converted and not summed.  The other rows are gathered into blocks and
 * assigned exactly (sgemm, certified, near-ties in double); only the rows
 * that change cluster move their bytes between the sums.  The bounds carry
 * the float rounding bound and a relative margin, so a skip is always
 * right: the assignments are those of the plain pass. */

/* Per chunk: the rows to settle, as floats, and the integer sum changes. */
typedef struct BoundChunk {
    int idx[KM_BLOCK];
    int count;
    float *buf, *G, *e; /* KM_BLOCK x d; k x KM_BLOCK; k */
    int32_t *delta;     /* k x d */
    long *dcount;       /* k */
    long changed;
} BoundChunk;

typedef struct BoundCtx {
    const Rows *R;
    const float *xnorm, *C, *cnorm;
    double cmax;
    const double *shift;
    double *half;   /* k: half the distance to the nearest other centroid */
    double *gap;    /* k x k: half the distance between two centroids */
    int k;
    int *assign;
    LloydBytes *st;
} BoundCtx;

/* The smallest of e[0..k) but e[best]. */
static double runner_up(const float *e, int k, int best)
{
    double second = INFINITY;
    for (int c = 0; c < k; c++)
        if (c != best && e[c] < second)
            second = e[c];
    return second;
}

/* A row's bytes q move from cluster old (-1: none) to cluster to. */
static void move_bytes(BoundChunk *ch, const uint8_t *q, int d, int old, int to)
{
    int32_t *s = ch->delta + (size_t)to * d;
    for (int j = 0; j < d; j++)
        s[j] += q[j];
    ch->dcount[to]++;
    if (old < 0)
        return;
    s = ch->delta + (size_t)old * d;
    for (int j = 0; j < d; j++)
        s[j] -= q[j];
    ch->dcount[old]--;
}

/* Row r of the chunk's block: its exact nearest centroid, its bounds, and
 * its bytes moved between the sums when it changes cluster. */
static void settle_row(const BoundCtx *b, BoundChunk *ch, int r, int bn)
{
    int k = b->k, d = b->R->d, i = ch->idx[r];
    float xn = b->xnorm[i];
    int best = 0;
    for (int c = 0; c < k; c++) {
        ch->e[c] = b->cnorm[c] - 2.0f * ch->G[(size_t)c * bn + r];
        best = ch->e[c] < ch->e[best] ? c : best;
    }
    double slack = km_expansion_slack(d, xn, b->cmax);
    if (runner_up(ch->e, k, best) - ch->e[best] <= 2.0 * slack)
        best = km_resolve_near_tie(ch->buf + (size_t)r * d, b->C, d, ch->e, 1, k, ch->e[best],
                                   slack);
    b->st->upper[i] = sqrt(fmax(0.0, ch->e[best] + xn + slack));
    double *lower = b->st->lower + (size_t)i * k;
    for (int c = 0; c < k; c++)
        lower[c] = sqrt(fmax(0.0, ch->e[c] + xn - slack));
    int old = b->st->valid ? b->assign[i] : -1;
    ch->changed += b->assign[i] != best;
    b->assign[i] = best;
    if (old != best)
        move_bytes(ch, b->R->b + (size_t)i * d, d, old, best);
}

/* The gathered rows: to floats, their products with the centroids, settled. */
static void settle_block(const BoundCtx *b, BoundChunk *ch)
{
    int d = b->R->d, bn = ch->count;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, b->k, bn, d, 1.0f, b->C, d, ch->buf,
                d, 0.0f, ch->G, bn);
    for (int r = 0; r < bn; r++)
        settle_row(b, ch, r, bn);
    ch->count = 0;
}

/* Whether every centroid c but a is certainly farther than u, the bound on
 * the distance to a: by its lower bound, or by half the distance between
 * a and c (Elkan's tests; gap is row a of the k x k half distances). */
static bool bounds_separate(const double *lower, const double *gap, int k, int a, double u)
{
    for (int c = 0; c < k; c++)
        if (c != a && !(u < lower[c] || u < gap[c]))
            return false;
    return true;
}

/* Whether row i may change cluster: its bounds moved by the shifts (with
 * a margin for their rounding) no longer separate. */
static bool row_may_change(const BoundCtx *b, int i)
{
    LloydBytes *st = b->st;
    if (!st->valid)
        return true;
    int k = b->k, a = b->assign[i];
    double u = (st->upper[i] + b->shift[a]) * (1.0 + 1e-9);
    st->upper[i] = u;
    double *lower = st->lower + (size_t)i * k;
    for (int c = 0; c < k; c++)
        lower[c] = (lower[c] - b->shift[c]) * (1.0 - 1e-9);
    return !(u < b->half[a] || bounds_separate(lower, b->gap + (size_t)a * k, k, a, u));
}

/* Row i as floats into the block's next slot; with valid bounds, its upper
 * bound tightened to its distance to its centroid: true when it still may
 * change cluster (else it is skipped: the bounds test again). */
static bool gather_row(const BoundCtx *b, BoundChunk *ch, int i)
{
    const Rows *R = b->R;
    int d = R->d;
    const uint8_t *q = R->b + (size_t)i * d;
    LloydBytes *st = b->st;
    if (st->valid) {
        int a = b->assign[i];
        float dot = dot_bytes(R->path, q, b->C + (size_t)a * d, d) * (1.0f / R->scale);
        double e = (double)b->cnorm[a] - 2.0 * dot;
        double slack = 2.0 * km_expansion_slack(d, b->xnorm[i], b->cmax);
        double u = sqrt(fmax(0.0, e + b->xnorm[i] + slack));
        st->upper[i] = u;
        if (u < b->half[a] || bounds_separate(st->lower + (size_t)i * b->k,
                                              b->gap + (size_t)a * b->k, b->k, a, u))
            return false;
    }
    km_bytes_to_floats(R, q, (size_t)d, ch->buf + (size_t)ch->count * d);
    return true;
}

static int bound_chunk(const BoundCtx *b, int chn, BoundChunk *ch)
{
    int n = b->R->n, d = b->R->d, k = b->k;
    ch->buf = malloc((size_t)KM_BLOCK * d * sizeof *ch->buf);
    ch->G = malloc((size_t)KM_BLOCK * k * sizeof *ch->G);
    ch->e = malloc((size_t)k * sizeof *ch->e);
    if (!ch->buf || !ch->G || !ch->e)
        return -1;
    int hi = km_chunk_lo(n, chn + 1);
    for (int i = km_chunk_lo(n, chn); i < hi; i++) {
        if (!row_may_change(b, i) || !gather_row(b, ch, i))
            continue;
        ch->idx[ch->count++] = i;
        if (ch->count == KM_BLOCK)
            settle_block(b, ch);
    }
    if (ch->count > 0)
        settle_block(b, ch);
    return 0;
}

/* The sums' changes of every chunk into the totals (integers: any order). */
static void bound_combine(LloydBytes *st, BoundChunk *chs, int k, int d, long *changed)
{
    if (!st->valid) {
        memset(st->sums, 0, (size_t)k * d * sizeof *st->sums);
        memset(st->counts, 0, (size_t)k * sizeof *st->counts);
    }
    *changed = 0;
    for (int ch = 0; ch < KM_CHUNKS; ch++) {
        for (size_t t = 0; t < (size_t)k * d; t++)
            st->sums[t] += chs[ch].delta[t];
        for (int c = 0; c < k; c++)
            st->counts[c] += chs[ch].dcount[c];
        *changed += chs[ch].changed;
    }
    st->valid = true;
}

/* The inertia of the new assignments to the centroids C, from the sums:
 * sum ||x||^2 - 2 sum_c <S_c, c> + sum_c n_c ||c||^2, in double. */
static double bound_inertia(const Rows *R, const LloydBytes *st, const float *C, int k)
{
    int d = R->d;
    double s = R->scale, total = st->qq / (s * s);
    for (int c = 0; c < k; c++) {
        double dot = 0.0, cc = 0.0;
        for (int j = 0; j < d; j++) {
            double v = C[(size_t)c * d + j];
            dot += (double)st->sums[(size_t)c * d + j] * v;
            cc += v * v;
        }
        total += st->counts[c] * cc - 2.0 * dot / s;
    }
    return total > 0.0 ? total : 0.0;
}

static void bound_chunks_free(BoundChunk *chs)
{
    for (int ch = 0; ch < KM_CHUNKS; ch++) {
        free(chs[ch].buf);
        free(chs[ch].G);
        free(chs[ch].e);
        free(chs[ch].delta);
        free(chs[ch].dcount);
    }
}

/* half[c] = half the distance from centroid c to its nearest other (a row
 * closer than that to c has c as its nearest), shrunk for rounding. */
static void half_gaps(const float *C, int k, int d, double *half, double *gap)
{
    for (int c = 0; c < k; c++) {
        half[c] = INFINITY;
        for (int o = 0; o < k; o++) {
            double g = 0.5 * sqrt(km_exact_sq_distance(C + (size_t)c * d, C + (size_t)o * d, d));
            gap[(size_t)c * k + o] = g * (1.0 - 1e-9);
            if (o != c)
                half[c] = fmin(half[c], gap[(size_t)c * k + o]);
        }
    }
}

/* Every chunk's sum changes, zeroed: 0, or -1 when out of memory. */
static int bound_chunks_alloc(BoundChunk *chs, int k, int d)
{
    int failed = 0;
    for (int ch = 0; ch < KM_CHUNKS; ch++) {
        chs[ch].delta = calloc((size_t)k * d, sizeof *chs[ch].delta);
        chs[ch].dcount = calloc((size_t)k, sizeof *chs[ch].dcount);
        failed |= !chs[ch].delta || !chs[ch].dcount;
    }
    return failed ? -1 : 0;
}

/* The chunks in parallel, each thread with its own sgemm: 0, or -1 when
 * out of memory. */
static int run_chunks(const BoundCtx *b, BoundChunk *chs)
{
    int failed = 0;
#ifdef _OPENMP
    blas_serial_begin(); /* see mat.h */
#endif
#pragma omp parallel for schedule(dynamic, 1) if (b->R->n > 4 * KM_BLOCK)
    for (int ch = 0; ch < KM_CHUNKS; ch++)
        if (bound_chunk(b, ch, &chs[ch]) < 0) {
#pragma omp atomic write
            failed = 1;
        }
#ifdef _OPENMP
    blas_serial_end();
#endif
    return failed ? -1 : 0;
}

int km_lloyd_bytes(const Rows *R, const float *xnorm, const float *C, int k,
                   const double *shift, int *assign, LloydBytes *st, AssignOut *out,
                   Error *err)
{
    BoundChunk chs[KM_CHUNKS] = { 0 };
    float *cnorm = km_centroid_norms(C, k, R->d);
    double *half = malloc((size_t)k * (k + 1) * sizeof *half);
    int failed = !cnorm || !half || bound_chunks_alloc(chs, k, R->d) < 0;
    BoundCtx b = { .R = R, .xnorm = xnorm, .C = C, .cnorm = cnorm, .shift = shift, .k = k,
                   .assign = assign, .st = st };
    b.cmax = cnorm ? km_max_norm(cnorm, k) : 0.0;
    b.half = half;
    b.gap = half ? half + k : NULL;
    if (half)
        half_gaps(C, k, R->d, half, half + k);
    failed = failed || run_chunks(&b, chs) < 0;
    if (!failed) {
        bound_combine(st, chs, k, R->d, &out->changed);
        out->inertia = bound_inertia(R, st, C, k);
    }
    bound_chunks_free(chs);
    free(cnorm);
    free(half);
    if (failed) {
        st->valid = false;
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    }
    return 0;
}
