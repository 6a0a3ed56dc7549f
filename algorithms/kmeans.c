/* kmeans.c - k-means clustering by Lloyd's algorithm.
 *
 * Minimise the inertia  sum_i || x_i - c_{a(i)} ||^2  over centroids c (k x d)
 * and assignments a by alternating the two steps that each lower it:
 *
 *   assign:  a(i) = argmin_c || x_i - c ||^2
 *   update:  c = mean of the points assigned to c
 *
 * One model step is one assign + update.  Distances use the expansion
 *   || x - c ||^2 = ||x||^2 - 2 x.c + ||c||^2
 * so the heavy part is one matrix product X C^T per block of rows (cblas
 * sgemm).  The update is fused into the same pass over the data: while a
 * block of rows is still in cache, each row is added to its new cluster's
 * sum, so X is read once per iteration.  Pixel data (every value q / s with
 * q a byte) is kept as bytes and converted a block at a time: a quarter of
 * the memory traffic.
 *
 * Rows are split into a fixed number of chunks (not one per thread): each
 * chunk sums its rows in order and the chunks are combined in order, so the
 * same seed gives the same centroids, bit for bit, on any number of threads.
 *
 * Convergence, as scikit-learn: stop when no point changed cluster, or when
 * the total squared centroid movement sum_c ||c_new - c_old||^2 is at most
 * tol x (mean variance of the features), or after max_iter iterations.  A
 * run ends with one more assign, so the labels match the final centroids,
 * and its inertia is computed there directly as sum ||x - c||^2 (without
 * the cancellation of the expanded form).
 *
 * Empty clusters: after an assign, a cluster with no points is re-seeded
 * with the point that lies farthest from its own centroid (taken out of its
 * old cluster), the largest contributor to the inertia.
 *
 * Initialisation: random (k distinct training rows) or k-means++ (the first
 * centroid a random row, each next one a row drawn with probability
 * proportional to its squared distance to the nearest centroid so far). */
#include "kmeans.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

enum { INIT_RANDOM, INIT_PLUSPLUS };

#define KM_CHUNKS 16 /* fixed work split: results do not depend on threads */
#define KM_BLOCK 64  /* rows per sgemm block (OpenBLAS's fast small-matrix size) */
#define KM_FLUSH 16  /* blocks summed in float before adding to the doubles */
#define KM_SUMS_MAX (32u << 20)     /* bytes of per-chunk sums (fewer chunks beyond) */
#define KM_PATH_MAX (16u << 20)     /* floats of centroid path kept per run */

/* The rows k-means reads: floats, or bytes on a grid (value = byte / scale),
 * a quarter of the memory traffic for pixel data.  Each iteration streams
 * every row once, so for MNIST the bytes are what makes it fast. */
typedef struct Rows {
    int n, d;
    const float *f;   /* n x d floats, or NULL          */
    const uint8_t *b; /* n x d bytes, or NULL            */
    float scale;      /* value = byte / scale            */
} Rows;

typedef struct KmModel {
    int k, d, n;
    int init, max_iter, n_init;
    double tol, tol_abs;   /* tol_abs = tol * mean feature variance        */
    Rng rng;
    uint8_t *bytes;        /* n x d: the training rows as bytes, or NULL    */
    float scale;
    float *xnorm;          /* n: ||x_i||^2 of the training rows             */

    /* The current run. */
    int run;               /* 0-based; == n_init once training is done      */
    bool started;          /* the run's centroids are initialised           */
    int iter;              /* Lloyd iterations done in this run             */
    float *centroids;      /* k x d                                         */
    int *assign;           /* n                                             */
    float *mind;           /* n: squared distance to the assigned centroid  */
    double inertia;        /* of the latest assign                          */
    float *path;           /* path_cap x k x d: centroids after each iteration */
    int path_len, path_cap;

    /* The kept run (lowest inertia). */
    bool have_best;
    double best_inertia;
    int best_iter;
    float *best_centroids, *best_path;
    int *best_assign;
    int best_path_len, best_path_cap;

    /* Scratch: per-chunk sums (chunks x k x d), counts, one row. */
    int chunks;            /* <= KM_CHUNKS, fewer when k x d is large        */
    double *sums;
    long *counts;
    float *rowbuf;
} KmModel;

static const ParamSpec km_params[] = {
    { "k", PARAM_INT, "0", 0, 1000, NULL,
      "number of clusters (0: the number of classes in the labels, else 8)" },
    { "init", PARAM_CHOICE, "kmeans++", 0, 0, "random|kmeans++",
      "initial centroids: random training rows, or k-means++ seeding" },
    { "max_iter", PARAM_INT, "100", 1, 1000, NULL, "most Lloyd iterations per run" },
    { "tol", PARAM_FLOAT, "1e-4", 0.0, 1.0, NULL,
      "stop when total squared centroid shift <= tol x mean feature variance" },
    { "n_init", PARAM_INT, "0", 0, 100, NULL,
      "runs from different initial centroids, the lowest inertia kept; 0 = auto: "
      "10 when rows x features <= 2e6, else 1" },
    { 0 }
};

/* n_init=0 runs 10 restarts when the data has at most this many values. */
#define KM_AUTO_RESTART_CELLS 2e6

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
#endif

/* A read of libgcc's CPU table (filled by its constructor): cheap, and safe
 * from any thread. */
static bool have_avx512(void)
{
#ifdef KM_X86
    return __builtin_cpu_supports("avx512f");
#else
    return false;
#endif
}

/* out[i] = q[i] / scale, for count bytes. */
static void bytes_to_floats(const uint8_t *q, size_t count, float scale, float *out)
{
    float inv = 1.0f / scale;
#ifdef KM_X86
    if (have_avx512()) {
        bytes_to_floats_avx512(q, count, inv, out);
        return;
    }
#endif
    for (size_t i = 0; i < count; i++)
        out[i] = q[i] * inv;
}

/* acc[j] += x[j], j < d: one row into its cluster's running sum. */
static void add_row(float *acc, const float *x, int d)
{
#ifdef KM_X86
    if (have_avx512()) {
        add_row_avx512(acc, x, d);
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
    bytes_to_floats(R->b + (size_t)r0 * R->d, (size_t)cnt * R->d, R->scale, buf);
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
static int row_sq_norms(const Rows *R, float *out, Error *err)
{
    NormsPass p = { R->d, out };
    return for_each_block(R, norms_block, &p, err);
}

/* Row i as floats into out (d). */
static void row_floats(const Rows *R, int i, float *out)
{
    if (R->f)
        memcpy(out, R->f + (size_t)i * R->d, (size_t)R->d * sizeof *out);
    else
        bytes_to_floats(R->b + (size_t)i * R->d, (size_t)R->d, R->scale, out);
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
static int mean_variance(const Rows *R, double *out, Error *err)
{
    int n = R->n, d = R->d;
    double *acc = calloc((size_t)KM_CHUNKS * 2 * d, sizeof *acc);
    float *shift = malloc((size_t)d * sizeof *shift);
    if (!acc || !shift) {
        free(acc);
        free(shift);
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    }
    row_floats(R, 0, shift);
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

typedef struct AssignOut {
    int *assign;      /* n: nearest centroid                                */
    float *mind;      /* n or NULL: its squared distance (expanded form)    */
    double *sums;     /* KM_CHUNKS x k x d or NULL: per-chunk row sums       */
    long *counts;     /* KM_CHUNKS x k (with sums)                          */
    bool exact;       /* inertia as sum ||x - c||^2 instead of the expansion */
    /* results */
    double inertia;
    long changed;     /* rows whose assignment differs from before           */
} AssignOut;

/* Assign every row to its nearest centroid of C (k x d).  When out->sums is
 * set, also add each row to its chunk's sum for its new cluster (the update
 * step, fused: the block is still in cache). */
static int assign_pass(const Rows *R, const float *xnorm, const float *C, int k, int chunks,
                       AssignOut *out, Error *err)
{
    int n = R->n, d = R->d;
    float *cnorm = malloc((size_t)k * sizeof *cnorm);
    double chunk_inertia[KM_CHUNKS] = { 0 };
    long chunk_changed[KM_CHUNKS] = { 0 };
    int failed = 0;
    if (!cnorm)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    for (int c = 0; c < k; c++) {
        float s = 0.0f;
        for (int j = 0; j < d; j++)
            s += C[(size_t)c * d + j] * C[(size_t)c * d + j];
        cnorm[c] = s;
    }
    if (out->sums) {
        memset(out->sums, 0, (size_t)chunks * k * d * sizeof *out->sums);
        memset(out->counts, 0, (size_t)chunks * k * sizeof *out->counts);
    }
#ifdef _OPENMP
    blas_serial_begin(); /* each thread runs its own sgemm (see mat.h) */
#endif
#pragma omp parallel for schedule(dynamic, 1) if (n > 4 * KM_BLOCK)
    for (int ch = 0; ch < chunks; ch++) {
        int lo = (int)((long)n * ch / chunks), hi = (int)((long)n * (ch + 1) / chunks);
        if (lo >= hi)
            continue;
        /* G: k x block dot products; acc: sums in float over KM_FLUSH blocks,
         * then added to the chunk's doubles (fast and still precise). */
        float *G = malloc((size_t)KM_BLOCK * k * sizeof *G);
        float *buf = R->f ? NULL : malloc((size_t)KM_BLOCK * d * sizeof *buf);
        float *acc = out->sums ? calloc((size_t)k * d, sizeof *acc) : NULL;
        if (!G || (!R->f && !buf) || (out->sums && !acc)) {
            free(G);
            free(buf);
            free(acc);
#pragma omp atomic write
            failed = 1;
            continue;
        }
        double *csum = out->sums ? out->sums + (size_t)ch * k * d : NULL;
        long *ccount = out->sums ? out->counts + (size_t)ch * k : NULL;
        int blocks = 0;
        for (int b0 = lo; b0 < hi; b0 += KM_BLOCK) {
            int bn = hi - b0 < KM_BLOCK ? hi - b0 : KM_BLOCK;
            const float *Xb = rows_block(R, b0, bn, buf);
            /* G (k x bn) = C (k x d) . Xb^T (d x bn) */
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, k, bn, d, 1.0f, C, d, Xb, d,
                        0.0f, G, bn);
            for (int r = 0; r < bn; r++) {
                int i = b0 + r, best = 0;
                float bd = FLT_MAX;
                for (int c = 0; c < k; c++) {
                    float dist = cnorm[c] - 2.0f * G[(size_t)c * bn + r]; /* + ||x||^2 */
                    if (dist < bd) {
                        bd = dist;
                        best = c;
                    }
                }
                bd += xnorm[i];
                if (bd < 0.0f)
                    bd = 0.0f; /* rounding in the expansion */
                const float *x = Xb + (size_t)r * d;
                if (out->exact) {
                    const float *cc = C + (size_t)best * d;
                    double s = 0.0;
#pragma omp simd reduction(+ : s)
                    for (int j = 0; j < d; j++) {
                        float t = x[j] - cc[j];
                        s += t * t;
                    }
                    chunk_inertia[ch] += s;
                } else {
                    chunk_inertia[ch] += bd;
                }
                if (out->assign[i] != best)
                    chunk_changed[ch]++;
                out->assign[i] = best;
                if (out->mind)
                    out->mind[i] = bd;
                if (acc) {
                    add_row(acc + (size_t)best * d, x, d);
                    ccount[best]++;
                }
            }
            if (acc && (++blocks % KM_FLUSH == 0 || b0 + bn >= hi)) {
                for (size_t t = 0; t < (size_t)k * d; t++)
                    csum[t] += acc[t];
                memset(acc, 0, (size_t)k * d * sizeof *acc);
            }
        }
        free(G);
        free(buf);
        free(acc);
    }
#ifdef _OPENMP
    blas_serial_end();
#endif
    free(cnorm);
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-means");
    out->inertia = 0.0;
    out->changed = 0;
    for (int ch = 0; ch < chunks; ch++) {
        out->inertia += chunk_inertia[ch];
        out->changed += chunk_changed[ch];
    }
    if (out->sums) { /* chunk 0 += chunks 1.., in order */
        for (int ch = 1; ch < chunks; ch++) {
            const double *s = out->sums + (size_t)ch * k * d;
            for (size_t t = 0; t < (size_t)k * d; t++)
                out->sums[t] += s[t];
            for (int c = 0; c < k; c++)
                out->counts[c] += out->counts[(size_t)ch * k + c];
        }
    }
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
static int dist_to_point(const Rows *R, const float *xnorm, const float *c, float *out,
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
static float floats_to_bytes(const float *v, size_t count, uint8_t *out)
{
    for (int g = 0; g < BYTE_GRID_COUNT; g++) {
        float sc = byte_grid_scales[g];
        if (quantise_bytes(v, count < 4096 ? count : 4096, sc, NULL) &&
            quantise_bytes_parallel(v, count, sc, out))
            return sc;
    }
    return 0.0f;
}

/* The training rows as k-means reads them. */
static Rows train_rows(const KmModel *m, const Dataset *train)
{
    Rows R = { m->n, m->d, m->bytes ? NULL : train->X.data, m->bytes, m->scale };
    return R;
}

/* ---------------------------------------------------------------- model */

static void km_destroy(void *model)
{
    KmModel *m = model;
    if (!m)
        return;
    free(m->bytes);
    free(m->xnorm);
    free(m->centroids);
    free(m->assign);
    free(m->mind);
    free(m->path);
    free(m->best_centroids);
    free(m->best_path);
    free(m->best_assign);
    free(m->sums);
    free(m->counts);
    free(m->rowbuf);
    free(m);
}

static void *km_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    int n = dataset_rows(train), d = dataset_cols(train);
    int k = params_int(params, "k");
    if (k == 0)
        k = train->y && train->n_classes > 1 ? train->n_classes : 8;
    if (d == 0 || n == 0) {
        error_set(err, ERR_DATA, "k-means needs a non-empty training set");
        return NULL;
    }
    if (k > n) {
        error_set(err, ERR_USAGE, "k-means: k = %d is more than the %d training rows", k, n);
        return NULL;
    }
    KmModel *m = calloc(1, sizeof *m);
    if (!m)
        goto nomem;
    m->k = k;
    m->d = d;
    m->n = n;
    m->init = strcmp(params_str(params, "init"), "random") == 0 ? INIT_RANDOM : INIT_PLUSPLUS;
    m->max_iter = params_int(params, "max_iter");
    m->n_init = params_int(params, "n_init");
    if (m->n_init == 0) /* auto: restarts are cheap on small data and avoid poor minima */
        m->n_init = (double)n * d <= KM_AUTO_RESTART_CELLS ? 10 : 1;
    m->tol = params_float(params, "tol");
    m->rng = rng_split(rng);
    m->inertia = NAN;
    size_t kd = (size_t)k * d;
    m->chunks = KM_CHUNKS;
    while (m->chunks > 1 && (size_t)m->chunks * kd * sizeof(double) > KM_SUMS_MAX)
        m->chunks /= 2;
    m->xnorm = malloc((size_t)n * sizeof *m->xnorm);
    m->centroids = calloc(kd, sizeof *m->centroids);
    m->assign = malloc((size_t)n * sizeof *m->assign);
    m->mind = malloc((size_t)n * sizeof *m->mind);
    m->best_centroids = malloc(kd * sizeof *m->best_centroids);
    m->best_assign = malloc((size_t)n * sizeof *m->best_assign);
    m->sums = malloc((size_t)m->chunks * kd * sizeof *m->sums);
    m->counts = malloc((size_t)m->chunks * k * sizeof *m->counts);
    m->rowbuf = malloc((size_t)d * sizeof *m->rowbuf);
    if (!m->rowbuf || !m->xnorm || !m->centroids || !m->assign || !m->mind ||
        !m->best_centroids || !m->best_assign || !m->sums || !m->counts)
        goto nomem;
    /* Pixel-like data is kept as bytes: each iteration reads a quarter as much. */
    m->bytes = malloc((size_t)n * d);
    if (!m->bytes)
        goto nomem;
    m->scale = floats_to_bytes(train->X.data, (size_t)n * d, m->bytes);
    if (m->scale == 0.0f) {
        free(m->bytes);
        m->bytes = NULL;
    }
    Rows R = train_rows(m, train);
    double var_sum = 0.0;
    if (row_sq_norms(&R, m->xnorm, err) < 0 || mean_variance(&R, &var_sum, err) < 0) {
        km_destroy(m);
        return NULL;
    }
    /* tol is relative to the data's spread: the mean variance of the features. */
    m->tol_abs = m->tol * var_sum;
    return m;
nomem:
    km_destroy(m);
    error_set(err, ERR_NOMEM, "out of memory for k-means");
    return NULL;
}


static int init_centroids(KmModel *m, const Rows *X, Error *err)
{
    int n = m->n, d = m->d, k = m->k;
    if (m->init == INIT_RANDOM) {
        int *perm = malloc((size_t)n * sizeof *perm);
        if (!perm)
            return error_set(err, ERR_NOMEM, "out of memory for k-means");
        rng_permutation(&m->rng, perm, n);
        for (int c = 0; c < k; c++)
            row_floats(X, perm[c], m->centroids + (size_t)c * d);
        free(perm);
        return 0;
    }
    /* k-means++: D[i] = squared distance to the nearest centroid chosen so far. */
    float *D = malloc((size_t)n * sizeof *D), *tmp = malloc((size_t)n * sizeof *tmp);
    if (!D || !tmp) {
        free(D);
        free(tmp);
        return error_set(err, ERR_NOMEM, "out of memory for k-means++");
    }
    int first = (int)rng_below(&m->rng, (uint32_t)n);
    row_floats(X, first, m->centroids);
    if (dist_to_point(X, m->xnorm, m->centroids, D, err) < 0)
        goto fail;
    for (int c = 1; c < k; c++) {
        double total = 0.0;
        for (int i = 0; i < n; i++)
            total += D[i];
        int pick = n - 1;
        if (total <= 0.0) { /* every point sits on a centroid: any row will do */
            pick = (int)rng_below(&m->rng, (uint32_t)n);
        } else {
            double r = rng_uniform(&m->rng) * total, cum = 0.0;
            for (int i = 0; i < n; i++) {
                cum += D[i];
                if (cum > r) {
                    pick = i;
                    break;
                }
            }
        }
        float *cc = m->centroids + (size_t)c * d;
        row_floats(X, pick, cc);
        if (dist_to_point(X, m->xnorm, cc, tmp, err) < 0)
            goto fail;
        for (int i = 0; i < n; i++)
            if (tmp[i] < D[i])
                D[i] = tmp[i];
    }
    free(D);
    free(tmp);
    return 0;
fail:
    free(D);
    free(tmp);
    return -1;
}

/* Move each centroid to the mean of its points (sums/counts from the assign
 * pass); re-seed empty clusters.  Returns sum of squared shifts and the
 * largest shift (not squared) through *max_shift. */
static double update_centroids(KmModel *m, const Rows *X, Trace *trace, double *max_shift)
{
    int k = m->k, d = m->d, n = m->n;
    double *sums = m->sums;
    long *counts = m->counts;
    for (int c = 0; c < k; c++) {
        if (counts[c] > 0)
            continue;
        /* The point farthest from its centroid, in a cluster that keeps at
         * least one other point; -1 marks points used already. */
        int far = -1;
        for (int i = 0; i < n; i++)
            if (m->mind[i] >= 0.0f && counts[m->assign[i]] > 1 &&
                (far < 0 || m->mind[i] > m->mind[far]))
                far = i;
        if (far < 0)
            continue; /* fewer distinct points than clusters: leave it */
        int old = m->assign[far];
        float *x = m->rowbuf;
        row_floats(X, far, x);
        for (int j = 0; j < d; j++) {
            sums[(size_t)old * d + j] -= x[j];
            sums[(size_t)c * d + j] = x[j];
        }
        counts[old]--;
        counts[c] = 1;
        char text[TRACE_TEXT_LEN];
        snprintf(text, sizeof text,
                 "cluster %d was empty: re-seeded with row %d, the farthest from its "
                 "centroid (squared distance %.4g)",
                 c, far, (double)m->mind[far]);
        trace_emitv(trace, TRACE_DETAIL, "empty", text, "cluster", (double)c, "row",
                    (double)far, "sq_distance", (double)m->mind[far], NULL);
        m->mind[far] = -1.0f;
    }
    double shift_sq = 0.0, mx = 0.0;
    for (int c = 0; c < k; c++) {
        float *cc = m->centroids + (size_t)c * d;
        double s = 0.0;
        if (counts[c] > 0) {
            for (int j = 0; j < d; j++) {
                float v = (float)(sums[(size_t)c * d + j] / counts[c]);
                double t = v - cc[j];
                s += t * t;
                cc[j] = v;
            }
        }
        shift_sq += s;
        if (s > mx)
            mx = s;
    }
    *max_shift = sqrt(mx);
    return shift_sq;
}

/* Append the current centroids to the run's path.  The buffer doubles as
 * needed up to KM_PATH_MAX floats; beyond that (huge k x d) the last entry is
 * overwritten, so the path still ends at the current centroids. */
static void path_push(KmModel *m)
{
    size_t kd = (size_t)m->k * m->d;
    if (m->path_len == m->path_cap) {
        int cap = m->path_cap ? 2 * m->path_cap : 16;
        if ((size_t)cap * kd > KM_PATH_MAX)
            cap = (int)(KM_PATH_MAX / kd);
        float *p = cap > m->path_cap ? realloc(m->path, (size_t)cap * kd * sizeof *p) : NULL;
        if (p) {
            m->path = p;
            m->path_cap = cap;
        } else if (m->path_len > 0) {
            m->path_len--; /* full: replace the last entry */
        } else {
            return; /* not even one entry fits: no path */
        }
    }
    memcpy(m->path + (size_t)m->path_len * kd, m->centroids, kd * sizeof(float));
    m->path_len++;
}

static void swap_paths(KmModel *m)
{
    float *p = m->path;
    int len = m->path_len, cap = m->path_cap;
    m->path = m->best_path;
    m->path_len = m->best_path_len;
    m->path_cap = m->best_path_cap;
    m->best_path = p;
    m->best_path_len = len;
    m->best_path_cap = cap;
}

/* Finish the current run: keep it if it is the best so far. */
static void end_run(KmModel *m, Trace *trace, const char *why)
{
    size_t kd = (size_t)m->k * m->d;
    bool better = !m->have_best || m->inertia < m->best_inertia;
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "run %d/%d %s after %d iterations: inertia %.6g%s", m->run + 1,
             m->n_init, why, m->iter, m->inertia,
             m->n_init == 1 ? "" : better ? " (best so far)" : " (not kept)");
    trace_emitv(trace, TRACE_NOTE, "run", text, "run", (double)(m->run + 1), "inertia",
                m->inertia, "iterations", (double)m->iter, NULL);
    if (better) {
        m->have_best = true;
        m->best_inertia = m->inertia;
        m->best_iter = m->iter;
        memcpy(m->best_centroids, m->centroids, kd * sizeof(float));
        memcpy(m->best_assign, m->assign, (size_t)m->n * sizeof(int));
        swap_paths(m); /* the old best's buffer takes the next run's path */
    }
    m->run++;
    m->started = false;
    if (m->run == m->n_init) {
        /* Done: the current state becomes the kept run, for the views. */
        memcpy(m->centroids, m->best_centroids, kd * sizeof(float));
        memcpy(m->assign, m->best_assign, (size_t)m->n * sizeof(int));
        swap_paths(m);
        m->inertia = m->best_inertia;
        m->iter = m->best_iter;
    }
}

static StepStatus km_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    KmModel *m = model;
    if (m->run >= m->n_init)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (dataset_rows(train) != m->n || dataset_cols(train) != m->d) {
        error_set(err, ERR_DATA, "k-means: the training set changed shape");
        return STEP_ERROR;
    }
    Rows Rw = train_rows(m, train);
    const Rows *X = &Rw;
    if (!m->started) {
        if (init_centroids(m, X, err) < 0)
            return STEP_ERROR;
        for (int i = 0; i < m->n; i++)
            m->assign[i] = -1;
        m->path_len = 0;
        path_push(m);
        m->iter = 0;
        m->inertia = NAN;
        m->started = true;
    }
    double prev = m->inertia;
    AssignOut a = { .assign = m->assign, .mind = m->mind, .sums = m->sums, .counts = m->counts };
    if (assign_pass(X, m->xnorm, m->centroids, m->k, m->chunks, &a, err) < 0)
        return STEP_ERROR;
    m->inertia = a.inertia;
    double max_shift;
    double shift_sq = update_centroids(m, X, trace, &max_shift);
    m->iter++;
    path_push(m);

    char text[TRACE_TEXT_LEN], change[32] = "";
    if (isfinite(prev) && prev > 0)
        snprintf(change, sizeof change, " (%+.1f%%)", 100.0 * (a.inertia - prev) / prev);
    snprintf(text, sizeof text,
             "iter %d: inertia %.3g%s, %ld points changed cluster, max centroid shift %.3g",
             m->iter, a.inertia, change, a.changed, max_shift);
    trace_emitv(trace, TRACE_STEP, "iter", text, "inertia", a.inertia, "changed",
                (double)a.changed, "max_shift", max_shift, "shift_sq",
                shift_sq, "run", (double)(m->run + 1), NULL);

    const char *why = NULL;
    bool strict = m->iter > 1 && a.changed == 0;
    if (strict)
        why = "converged (no point changed cluster)";
    else if (shift_sq <= m->tol_abs)
        why = "converged (centroid shift below tol)";
    else if (m->iter >= m->max_iter)
        why = "stopped at max_iter";
    if (!why)
        return STEP_MORE;
    /* Labels that match the final centroids, and the inertia computed directly. */
    AssignOut fin = { .assign = m->assign, .mind = m->mind, .exact = true };
    if (assign_pass(X, m->xnorm, m->centroids, m->k, m->chunks, &fin, err) < 0)
        return STEP_ERROR;
    m->inertia = fin.inertia;
    end_run(m, trace, why);
    return m->run >= m->n_init ? STEP_DONE : STEP_MORE;
}

static int km_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    KmModel *m = model;
    (void)scores;
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "k-means: %d features given, the model has %d", X->cols,
                         m->d);
    if (!m->have_best && !m->started)
        return error_set(err, ERR_USAGE, "k-means: no centroids yet (take a step first)");
    /* The kept run once one has finished, else the current centroids. */
    const float *C = m->have_best ? m->best_centroids : m->centroids;
    float *xn = malloc(((size_t)X->rows + 1) * sizeof *xn);
    if (!xn)
        return error_set(err, ERR_NOMEM, "out of memory for k-means predictions");
    Rows R = { X->rows, X->cols, X->data, NULL, 0.0f };
    for (int i = 0; i < X->rows; i++)
        labels[i] = -1;
    AssignOut a = { .assign = labels };
    int rc = row_sq_norms(&R, xn, err);
    if (rc == 0)
        rc = assign_pass(&R, xn, C, m->k, KM_CHUNKS, &a, err);
    free(xn);
    return rc;
}

static void km_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const KmModel *m = model;
    (void)train;
    const float *C = m->have_best ? m->best_centroids : m->centroids;
    sb_append(sb, "{\"centroids\": ");
    sb_json_float_matrix(sb, C, m->k, m->d);
    sb_append(sb, ", \"inertia\": ");
    sb_json_double(sb, m->have_best ? m->best_inertia : m->inertia);
    sb_printf(sb, ", \"iterations\": %d}", m->have_best ? m->best_iter : m->iter);
}

/* ---------------------------------------------------------------- inspect */

int kmeans_k(const void *model) { return ((const KmModel *)model)->k; }
int kmeans_dim(const void *model) { return ((const KmModel *)model)->d; }

const float *kmeans_centroids(const void *model)
{
    const KmModel *m = model;
    return m->started || m->run > 0 ? m->centroids : NULL;
}

const int *kmeans_assignments(const void *model)
{
    const KmModel *m = model;
    return m->iter > 0 || m->run > 0 ? m->assign : NULL;
}

int kmeans_path_length(const void *model) { return ((const KmModel *)model)->path_len; }

const float *kmeans_path(const void *model, int t)
{
    const KmModel *m = model;
    if (t < 0 || t >= m->path_len)
        return NULL;
    return m->path + (size_t)t * m->k * m->d;
}

int kmeans_iteration(const void *model) { return ((const KmModel *)model)->iter; }

int kmeans_run(const void *model)
{
    const KmModel *m = model;
    return m->run < m->n_init ? m->run + 1 : m->n_init;
}

int kmeans_runs(const void *model) { return ((const KmModel *)model)->n_init; }
double kmeans_inertia(const void *model) { return ((const KmModel *)model)->inertia; }

const Algo algo_kmeans = {
    .name = "kmeans",
    .title = "k-means clustering",
    .summary = "k centroids; alternate assigning points to the nearest and moving each to "
               "its points' mean",
    .group = "clustering",
    .kind = ALGO_CLUSTERER,
    .params = km_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = false,
    .create = km_create,
    .step = km_step,
    .predict = km_predict,
    .destroy = km_destroy,
    .model_json = km_model_json,
};
