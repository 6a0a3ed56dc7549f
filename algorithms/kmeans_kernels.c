/* kmeans_kernels.c - the passes of k-means over the data, made fast
 * (algorithms/kmeans.c has the algorithm itself).
 *
 * Distances use the expansion  || x - c ||^2 = ||x||^2 - 2 x.c + ||c||^2
 * so the heavy part is one matrix product X C^T per block of rows (cblas
 * sgemm).  The update is fused into the same pass over the data: while a
 * block of rows is still in cache, each row is added to its new cluster's
 * sum, so X is read once per iteration.  Pixel data (every value q / s with
 * q a byte) is kept as bytes and converted a block at a time: a quarter of
 * the memory traffic.  The conversion and the sums run on the kernel path
 * of kernel_path.h (AVX-512, AVX2 or plain C, the same floats on each).
 *
 * Rows are split into a fixed number of chunks (not one per thread): each
 * chunk sums its rows in order and the chunks are combined in order, so the
 * same seed gives the same centroids, bit for bit, on any number of threads. */
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

/* ---------------------------------------------------------------- kernels */

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define KM_X86 1

__attribute__((target("avx512f"))) static void bytes_to_floats_avx512(const uint8_t *q,
                                                                       size_t count, float inv,
                                                                       float *out)
{
    const __m512 s = _mm512_set1_ps(inv);
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m128i b = _mm_loadu_si128((const __m128i *)(q + i));
        __m512 f = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(b));
        _mm512_storeu_ps(out + i, _mm512_mul_ps(f, s));
    }
    for (; i < count; i++)
        out[i] = q[i] * inv;
}

__attribute__((target("avx512f"))) static void add_row_avx512(float *acc, const float *x, int d)
{
    int j = 0;
    for (; j + 16 <= d; j += 16)
        _mm512_storeu_ps(acc + j, _mm512_add_ps(_mm512_loadu_ps(acc + j), _mm512_loadu_ps(x + j)));
    for (; j < d; j++)
        acc[j] += x[j];
}

__attribute__((target("avx2"))) static void bytes_to_floats_avx2(const uint8_t *q, size_t count,
                                                                 float inv, float *out)
{
    const __m256 s = _mm256_set1_ps(inv);
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m128i b = _mm_loadl_epi64((const __m128i *)(q + i));
        __m256 f = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b));
        _mm256_storeu_ps(out + i, _mm256_mul_ps(f, s));
    }
    for (; i < count; i++)
        out[i] = q[i] * inv;
}

__attribute__((target("avx2"))) static void add_row_avx2(float *acc, const float *x, int d)
{
    int j = 0;
    for (; j + 8 <= d; j += 8)
        _mm256_storeu_ps(acc + j, _mm256_add_ps(_mm256_loadu_ps(acc + j), _mm256_loadu_ps(x + j)));
    for (; j < d; j++)
        acc[j] += x[j];
}

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

/* out[i] = q[i] / scale, for count bytes, on the rows' kernel path: the
 * same single rounding (byte to float is exact, then one product) on every
 * path, so the same floats. */
static void bytes_to_floats(const Rows *R, const uint8_t *q, size_t count, float *out)
{
    float inv = 1.0f / R->scale;
#ifdef KM_X86
    if (R->path == KPATH_VNNI) {
        bytes_to_floats_avx512(q, count, inv, out);
        return;
    }
    if (R->path == KPATH_AVX2) {
        bytes_to_floats_avx2(q, count, inv, out);
        return;
    }
#endif
    for (size_t i = 0; i < count; i++)
        out[i] = q[i] * inv;
}

/* acc[j] += x[j], j < d: one row into its cluster's running sum. */
static void add_row(KernelPath path, float *acc, const float *x, int d)
{
#ifdef KM_X86
    if (path == KPATH_VNNI) {
        add_row_avx512(acc, x, d);
        return;
    }
    if (path == KPATH_AVX2) {
        add_row_avx2(acc, x, d);
        return;
    }
#endif
    for (int j = 0; j < d; j++)
        acc[j] += x[j];
}

/* Rows [r0, r0 + cnt) as floats: a pointer into the floats, or the bytes
 * converted into buf (cnt x d). */
static const float *rows_block(const Rows *R, int r0, int cnt, float *buf)
{
    if (R->f)
        return R->f + (size_t)r0 * R->d;
    bytes_to_floats(R, R->b + (size_t)r0 * R->d, (size_t)cnt * R->d, buf);
    return buf;
}

static int chunk_lo(int n, int ch) { return (int)((long)n * ch / KM_CHUNKS); }

/* What a pass over the rows does with one block: rows [r0, r0 + count) of
 * chunk ch, as floats in Xb (count x d). */
typedef void (*BlockFn)(void *ctx, int ch, int r0, int count, const float *Xb);

/* Call fn on every block of at most KM_BLOCK rows: the KM_CHUNKS chunks in
 * parallel, the blocks of a chunk in row order by one thread. */
static int for_each_block(const Rows *R, BlockFn fn, void *ctx, Error *err)
{
    int n = R->n, d = R->d, failed = 0;
#pragma omp parallel for schedule(dynamic, 1) if (n > 4 * KM_BLOCK)
    for (int ch = 0; ch < KM_CHUNKS; ch++) {
        float *buf = R->f ? NULL : malloc((size_t)KM_BLOCK * d * sizeof *buf);
        if (!R->f && !buf) {
#pragma omp atomic write
            failed = 1;
            continue;
        }
        int hi = chunk_lo(n, ch + 1);
        for (int b0 = chunk_lo(n, ch); b0 < hi; b0 += KM_BLOCK) {
            int bn = hi - b0 < KM_BLOCK ? hi - b0 : KM_BLOCK;
            fn(ctx, ch, b0, bn, rows_block(R, b0, bn, buf));
        }
        free(buf);
    }
    return failed ? error_set(err, ERR_NOMEM, "out of memory for k-means") : 0;
}

typedef struct NormsPass {
    int d;
    float *out;
} NormsPass;

static void norms_block(void *ctx, int ch, int r0, int count, const float *Xb)
{
    (void)ch;
    const NormsPass *p = ctx;
    const int d = p->d;
    for (int r = 0; r < count; r++) {
        float s = 0.0f;
#pragma omp simd reduction(+ : s)
        for (int j = 0; j < d; j++)
            s += Xb[(size_t)r * d + j] * Xb[(size_t)r * d + j];
        p->out[r0 + r] = s;
    }
}

/* Row norms ||x_i||^2 into out[n]. */
int km_row_sq_norms(const Rows *R, float *out, Error *err)
{
    NormsPass p = { R->d, out };
    return for_each_block(R, norms_block, &p, err);
}

/* Row i as floats into out (d). */
void km_row_floats(const Rows *R, int i, float *out)
{
    if (R->f)
        memcpy(out, R->f + (size_t)i * R->d, (size_t)R->d * sizeof *out);
    else
        bytes_to_floats(R, R->b + (size_t)i * R->d, (size_t)R->d, out);
}

typedef struct VariancePass {
    int d;
    const float *shift; /* d: the first row */
    double *acc;        /* KM_CHUNKS x 2 x d: per chunk, sums of (x - shift) and its square */
} VariancePass;

static void variance_block(void *ctx, int ch, int r0, int count, const float *Xb)
{
    (void)r0;
    const VariancePass *p = ctx;
    const int d = p->d;
    const float *shift = p->shift;
    double *s1 = p->acc + (size_t)ch * 2 * d, *s2 = s1 + d;
    for (int r = 0; r < count; r++)
#pragma omp simd
        for (int j = 0; j < d; j++) {
            double t = Xb[(size_t)r * d + j] - shift[j];
            s1[j] += t;
            s2[j] += t * t;
        }
}

/* The mean over features of their variance, in one pass: per feature, sums
 * of (x - s) and (x - s)^2 with s the first row's value (shifting avoids
 * the cancellation of E[x^2] - E[x]^2 when the mean is large). */
int km_mean_variance(const Rows *R, double *out, Error *err)
{
    int n = R->n, d = R->d;
    double *acc = calloc((size_t)KM_CHUNKS * 2 * d, sizeof *acc);
    float *shift = malloc((size_t)d * sizeof *shift);
    if (!acc || !shift) {
        free(acc);
        free(shift);
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    }
    km_row_floats(R, 0, shift);
    VariancePass p = { d, shift, acc };
    int rc = for_each_block(R, variance_block, &p, err);
    double total = 0.0;
    for (int j = 0; j < d; j++) {
        double s1 = 0.0, s2 = 0.0;
        for (int ch = 0; ch < KM_CHUNKS; ch++) {
            s1 += acc[(size_t)ch * 2 * d + j];
            s2 += acc[(size_t)ch * 2 * d + d + j];
        }
        double mean = s1 / n, var = s2 / n - mean * mean;
        total += var > 0.0 ? var : 0.0;
    }
    free(acc);
    free(shift);
    *out = total / d;
    return rc;
}

/* What one assign pass shares between its chunks. */
typedef struct AssignCtx {
    const Rows *R;
    const float *xnorm, *C, *cnorm; /* n; k x d; k: ||c||^2 */
    double cmax;                    /* max_c ||c|| */
    int k, chunks;
    AssignOut *out;
    double inertia[KM_CHUNKS];
    long changed[KM_CHUNKS];
} AssignCtx;

/* ||c||^2 of the k centroids C (k x d), or NULL when out of memory. */
static float *centroid_norms(const float *C, int k, int d)
{
    float *cnorm = malloc((size_t)k * sizeof *cnorm);
    for (int c = 0; cnorm && c < k; c++) {
        float s = 0.0f;
        for (int j = 0; j < d; j++)
            s += C[(size_t)c * d + j] * C[(size_t)c * d + j];
        cnorm[c] = s;
    }
    return cnorm;
}

static double max_norm(const float *cnorm, int k)
{
    double mx = 0.0;
    for (int c = 0; c < k; c++)
        mx = cnorm[c] > mx ? cnorm[c] : mx;
    return sqrt(mx);
}

/* A bound on the rounding error of the float expansion
 * ||x||^2 - 2 x.c + ||c||^2 (each a sum of d products in any order, FMA or
 * not: |error| <= gamma_{d+4} (||x|| + ||c||)^2, doubled for the rounding
 * of the norms themselves). */
double km_expansion_slack(int d, double xnorm_sq, double cmax)
{
    double u = (d + 4.0) * (FLT_EPSILON / 2.0), g = 2.0 * u / (1.0 - u);
    double r = sqrt(xnorm_sq > 0.0 ? xnorm_sq : 0.0) + cmax;
    return g * r * r + FLT_MIN;
}

/* ||x - c||^2 in double, the features in order: the reference distance
 * that decides near-ties (the tests' brute force computes the same). */
double km_exact_sq_distance(const float *x, const float *c, int d)
{
    double s = 0.0;
    for (int j = 0; j < d; j++) {
        double t = (double)x[j] - (double)c[j];
        s += t * t;
    }
    return s;
}

/* The exact nearest of the centroids whose float distance e (without
 * ||x||^2) is within 2 slack of the smallest, emin: ties to the lowest index. */
int km_resolve_near_tie(const float *x, const float *C, int d, const float *e, int stride,
                        int k, double emin, double slack)
{
    int best = -1;
    double bd = INFINITY;
    for (int c = 0; c < k; c++) {
        if (e[(size_t)c * stride] > emin + 2.0 * slack)
            continue;
        double t = km_exact_sq_distance(x, C + (size_t)c * d, d);
        if (t < bd) {
            bd = t;
            best = c;
        }
    }
    return best;
}

/* The centroid nearest to row r of a block (column r of G, k x bn), and
 * through *bd its squared distance without ||x||^2; *second the runner-up's. */
static int nearest(const float *cnorm, const float *G, int k, int bn, int r, float *bd,
                   float *second)
{
    int best = 0;
    *bd = FLT_MAX;
    *second = FLT_MAX;
    for (int c = 0; c < k; c++) {
        float dist = cnorm[c] - 2.0f * G[(size_t)c * bn + r]; /* + ||x||^2 */
        if (dist < *bd) {
            *second = *bd;
            *bd = dist;
            best = c;
        } else if (dist < *second) {
            *second = dist;
        }
    }
    return best;
}

/* The exact nearest centroid of row x (r of a block, G its products): the
 * float expansion decides unless the runner-up is within its rounding, then
 * the candidates' distances in double do. */
static int nearest_exact(const AssignCtx *a, const float *G, int bn, int r, const float *x,
                         float xn, float *bd)
{
    float second;
    int best = nearest(a->cnorm, G, a->k, bn, r, bd, &second);
    double slack = km_expansion_slack(a->R->d, xn, a->cmax);
    if ((double)second - (double)*bd > 2.0 * slack)
        return best;
    float *e = malloc((size_t)a->k * sizeof *e);
    if (!e) /* cannot happen in practice; the float answer stands */
        return best;
    for (int c = 0; c < a->k; c++)
        e[c] = a->cnorm[c] - 2.0f * G[(size_t)c * bn + r];
    int exact = km_resolve_near_tie(x, a->C, a->R->d, e, 1, a->k, *bd, slack);
    *bd = e[exact];
    free(e);
    return exact;
}

static double sq_distance(const float *x, const float *c, int d)
{
    double s = 0.0;
#pragma omp simd reduction(+ : s)
    for (int j = 0; j < d; j++) {
        float t = x[j] - c[j];
        s += t * t;
    }
    return s;
}

/* Assign the bn rows Xb of a block starting at row b0 (chunk ch), with G
 * their dot products with the centroids; add them to acc/ccount when set. */
static void assign_block(AssignCtx *a, int ch, int b0, int bn, const float *Xb, const float *G,
                         float *acc, long *ccount)
{
    AssignOut *out = a->out;
    int d = a->R->d;
    for (int r = 0; r < bn; r++) {
        int i = b0 + r;
        float bd;
        const float *x = Xb + (size_t)r * d;
        int best = nearest_exact(a, G, bn, r, x, a->xnorm[i], &bd);
        bd += a->xnorm[i];
        if (bd < 0.0f)
            bd = 0.0f; /* rounding in the expansion */
        a->inertia[ch] += out->exact ? sq_distance(x, a->C + (size_t)best * d, d) : bd;
        if (out->assign[i] != best)
            a->changed[ch]++;
        out->assign[i] = best;
        if (out->mind)
            out->mind[i] = bd;
        if (acc) {
            add_row(a->R->path, acc + (size_t)best * d, x, d);
            ccount[best]++;
        }
    }
}

/* Add the float sums acc (kd) into the chunk's doubles and clear them. */
static void flush_sums(double *csum, float *acc, size_t kd)
{
    for (size_t t = 0; t < kd; t++)
        csum[t] += acc[t];
    memset(acc, 0, kd * sizeof *acc);
}

/* A chunk's buffers: G, k x block dot products; buf, a block of byte rows
 * as floats (NULL for float rows); acc, float sums (NULL without sums). */
typedef struct ChunkBuffers {
    float *G, *buf, *acc;
} ChunkBuffers;

static void chunk_buffers_free(ChunkBuffers *cb)
{
    free(cb->G);
    free(cb->buf);
    free(cb->acc);
}

static int chunk_buffers_alloc(ChunkBuffers *cb, const Rows *R, int k, bool sums)
{
    cb->G = malloc((size_t)KM_BLOCK * k * sizeof *cb->G);
    cb->buf = R->f ? NULL : malloc((size_t)KM_BLOCK * R->d * sizeof *cb->buf);
    cb->acc = sums ? calloc((size_t)k * R->d, sizeof *cb->acc) : NULL;
    return !cb->G || (!R->f && !cb->buf) || (sums && !cb->acc) ? -1 : 0;
}

/* Chunk ch of the rows, block by block; the float sums acc are added to the
 * chunk's doubles every KM_FLUSH blocks (fast and still precise).  0, or -1
 * when out of memory. */
static int assign_chunk(AssignCtx *a, int ch)
{
    const Rows *R = a->R;
    AssignOut *out = a->out;
    int n = R->n, d = R->d, k = a->k;
    int lo = (int)((long)n * ch / a->chunks), hi = (int)((long)n * (ch + 1) / a->chunks);
    if (lo >= hi)
        return 0;
    ChunkBuffers cb;
    int rc = chunk_buffers_alloc(&cb, R, k, out->sums != NULL);
    double *csum = cb.acc ? out->sums + (size_t)ch * k * d : NULL;
    long *ccount = cb.acc ? out->counts + (size_t)ch * k : NULL;
    for (int b0 = lo, blocks = 1; rc == 0 && b0 < hi; b0 += KM_BLOCK, blocks++) {
        int bn = hi - b0 < KM_BLOCK ? hi - b0 : KM_BLOCK;
        const float *Xb = rows_block(R, b0, bn, cb.buf);
        /* G (k x bn) = C (k x d) . Xb^T (d x bn) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, k, bn, d, 1.0f, a->C, d, Xb, d,
                    0.0f, cb.G, bn);
        assign_block(a, ch, b0, bn, Xb, cb.G, cb.acc, ccount);
        if (cb.acc && (blocks % KM_FLUSH == 0 || b0 + bn >= hi))
            flush_sums(csum, cb.acc, (size_t)k * d);
    }
    chunk_buffers_free(&cb);
    return rc;
}

/* The pass's totals; the chunks' sums added into chunk 0's, in order. */
static void combine_chunks(const AssignCtx *a, int d)
{
    AssignOut *out = a->out;
    int k = a->k;
    out->inertia = 0.0;
    out->changed = 0;
    for (int ch = 0; ch < a->chunks; ch++) {
        out->inertia += a->inertia[ch];
        out->changed += a->changed[ch];
    }
    if (!out->sums)
        return;
    for (int ch = 1; ch < a->chunks; ch++) {
        const double *s = out->sums + (size_t)ch * k * d;
        for (size_t t = 0; t < (size_t)k * d; t++)
            out->sums[t] += s[t];
        for (int c = 0; c < k; c++)
            out->counts[c] += out->counts[(size_t)ch * k + c];
    }
}

int km_assign_pass(const Rows *R, const float *xnorm, const float *C, int k, int chunks,
                   AssignOut *out, Error *err)
{
    int n = R->n, d = R->d, failed = 0;
    float *cnorm = centroid_norms(C, k, d);
    if (!cnorm)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    AssignCtx a = { .R = R, .xnorm = xnorm, .C = C, .cnorm = cnorm, .cmax = max_norm(cnorm, k),
                    .k = k, .chunks = chunks, .out = out };
    if (out->sums) {
        memset(out->sums, 0, (size_t)chunks * k * d * sizeof *out->sums);
        memset(out->counts, 0, (size_t)chunks * k * sizeof *out->counts);
    }
#ifdef _OPENMP
    blas_serial_begin(); /* each thread runs its own sgemm (see mat.h) */
#endif
#pragma omp parallel for schedule(dynamic, 1) if (n > 4 * KM_BLOCK)
    for (int ch = 0; ch < chunks; ch++)
        if (assign_chunk(&a, ch) < 0) {
#pragma omp atomic write
            failed = 1;
        }
#ifdef _OPENMP
    blas_serial_end();
#endif
    free(cnorm);
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    combine_chunks(&a, d);
    return 0;
}

typedef struct DistancePass {
    int d;
    const float *xnorm, *c;
    float cnorm;        /* ||c||^2 */
    float *out;
} DistancePass;

static void distance_block(void *ctx, int ch, int r0, int count, const float *Xb)
{
    (void)ch;
    const DistancePass *p = ctx;
    float *out = p->out;
    cblas_sgemv(CblasRowMajor, CblasNoTrans, count, p->d, 1.0f, Xb, p->d, p->c, 1, 0.0f,
                out + r0, 1);
    for (int i = r0; i < r0 + count; i++) {
        float v = p->xnorm[i] - 2.0f * out[i] + p->cnorm;
        out[i] = v > 0.0f ? v : 0.0f;
    }
}

/* Squared distance of every row to the point c (d), by blocks of sgemv:
 * out[i] = ||x_i||^2 - 2 x_i.c + ||c||^2, clamped at 0. */
int km_dist_to_point(const Rows *R, const float *xnorm, const float *c, float *out,
                         Error *err)
{
    int d = R->d;
    float cn = 0.0f;
    for (int j = 0; j < d; j++)
        cn += c[j] * c[j];
    DistancePass p = { d, xnorm, c, cn, out };
#ifdef _OPENMP
    blas_serial_begin(); /* each thread runs its own sgemv (see mat.h) */
#endif
    int rc = for_each_block(R, distance_block, &p, err);
#ifdef _OPENMP
    blas_serial_end();
#endif
    return rc;
}

/* The first s of 1, 16, 255 (raw bytes, digits / 16, MNIST / 255) that puts
 * every value on the byte grid, with the bytes in out; 0 when none.  A look
 * at the first values skips the hopeless grids. */
float km_floats_to_bytes(const float *v, size_t count, uint8_t *out)
{
    for (int g = 0; g < BYTE_GRID_COUNT; g++) {
        float sc = byte_grid_scales[g];
        if (quantise_bytes(v, count < 4096 ? count : 4096, sc, NULL) &&
            quantise_bytes_parallel(v, count, sc, out))
            return sc;
    }
    return 0.0f;
}


/* ------------------------------------------- Lloyd on byte rows, with bounds
 *
 * For byte rows the Lloyd iteration keeps, between iterations, the clusters'
 * sums of bytes as integers (exact, so in any order the same: the same
 * centroids on every thread count and kernel path) and, per row, Hamerly's
 * bounds: upper[i] >= the distance to its centroid, lower[i] <= the distance
 * to every other.  When the centroids move by shift[c], upper grows by its
 * centroid's shift and lower shrinks by the largest; a row with
 * upper < lower cannot change cluster and is skipped: not read, not summed.
 * The other rows are gathered into blocks and assigned exactly (sgemm,
 * certified, near-ties in double); only the rows that change cluster move
 * their bytes between the sums.  After the first iterations most rows are
 * skipped. */

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
    double slack = km_expansion_slack(d, xn, b->cmax), second = INFINITY;
    for (int c = 0; c < k; c++)
        if (c != best && ch->e[c] < second)
            second = ch->e[c];
    if (second - ch->e[best] <= 2.0 * slack)
        best = km_resolve_near_tie(ch->buf + (size_t)r * d, b->C, d, ch->e, 1, k, ch->e[best],
                                   slack);
    b->st->upper[i] = sqrt(fmax(0.0, ch->e[best] + xn + slack));
    double *lower = b->st->lower + (size_t)i * k;
    for (int c = 0; c < k; c++)
        lower[c] = sqrt(fmax(0.0, ch->e[c] + xn - slack));
    int old = b->st->valid ? b->assign[i] : -1;
    ch->changed += b->assign[i] != best;
    b->assign[i] = best;
    if (old == best)
        return;
    const uint8_t *q = b->R->b + (size_t)i * d;
    int32_t *to = ch->delta + (size_t)best * d;
    for (int j = 0; j < d; j++)
        to[j] += q[j];
    ch->dcount[best]++;
    if (old >= 0) {
        int32_t *from = ch->delta + (size_t)old * d;
        for (int j = 0; j < d; j++)
            from[j] -= q[j];
        ch->dcount[old]--;
    }
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
 * change cluster (else it is skipped: Hamerly's second test). */
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
    bytes_to_floats(R, q, (size_t)d, ch->buf + (size_t)ch->count * d);
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
    int hi = chunk_lo(n, chn + 1);
    for (int i = chunk_lo(n, chn); i < hi; i++) {
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

int km_lloyd_bytes(const Rows *R, const float *xnorm, const float *C, int k,
                   const double *shift, int *assign, LloydBytes *st, AssignOut *out,
                   Error *err)
{
    BoundChunk chs[KM_CHUNKS] = { 0 };
    float *cnorm = centroid_norms(C, k, R->d);
    double *half = malloc((size_t)k * (k + 1) * sizeof *half);
    int failed = !cnorm || !half;
    for (int ch = 0; ch < KM_CHUNKS; ch++) {
        chs[ch].delta = calloc((size_t)k * R->d, sizeof *chs[ch].delta);
        chs[ch].dcount = calloc((size_t)k, sizeof *chs[ch].dcount);
        failed |= !chs[ch].delta || !chs[ch].dcount;
    }
    BoundCtx b = { .R = R, .xnorm = xnorm, .C = C, .cnorm = cnorm, .shift = shift, .k = k,
                   .assign = assign, .st = st };
    b.cmax = cnorm ? max_norm(cnorm, k) : 0.0;
    b.half = half;
    b.gap = half ? half + k : NULL;
    if (half)
        half_gaps(C, k, R->d, half, half + k);
#ifdef _OPENMP
    blas_serial_begin(); /* each thread runs its own sgemm (see mat.h) */
#endif
#pragma omp parallel for schedule(dynamic, 1) if (!failed && R->n > 4 * KM_BLOCK)
    for (int ch = 0; ch < KM_CHUNKS; ch++)
        if (!failed && bound_chunk(&b, ch, &chs[ch]) < 0) {
#pragma omp atomic write
            failed = 1;
        }
#ifdef _OPENMP
    blas_serial_end();
#endif
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
