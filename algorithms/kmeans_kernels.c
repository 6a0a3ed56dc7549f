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

#endif

/* out[i] = q[i] / scale, for count bytes, on the rows' kernel path: the
 * same single rounding (byte to float is exact, then one product) on every
 * path, so the same floats. */
void km_bytes_to_floats(const Rows *R, const uint8_t *q, size_t count, float *out)
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
    km_bytes_to_floats(R, R->b + (size_t)r0 * R->d, (size_t)cnt * R->d, buf);
    return buf;
}

int km_chunk_lo(int n, int ch) { return (int)((long)n * ch / KM_CHUNKS); }

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
        int hi = km_chunk_lo(n, ch + 1);
        for (int b0 = km_chunk_lo(n, ch); b0 < hi; b0 += KM_BLOCK) {
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
        km_bytes_to_floats(R, R->b + (size_t)i * R->d, (size_t)R->d, out);
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
float *km_centroid_norms(const float *C, int k, int d)
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

double km_max_norm(const float *cnorm, int k)
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
    float *cnorm = km_centroid_norms(C, k, d);
    if (!cnorm)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    AssignCtx a = { .R = R, .xnorm = xnorm, .C = C, .cnorm = cnorm, .cmax = km_max_norm(cnorm, k),
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
