/* knn.c - k-nearest neighbours classification.
 *
 * Training stores the data.  To classify a point x, find the k training rows
 * z nearest to x and let them vote (each vote 1, or 1/distance).
 *
 * Distances (x a query row, z a training row, d features):
 *   euclidean   sqrt(sum_j (x_j - z_j)^2)
 *   manhattan   sum_j |x_j - z_j|
 *   minkowski   (sum_j |x_j - z_j|^p)^(1/p)   (p = 1, 2 use the two above)
 *   cosine      1 - x.z / (|x| |z|)           (1 when either is all zeros)
 *
 * The Euclidean case is one matrix product per block of queries:
 *   ||x - z||^2 = ||x||^2 - 2 x.z + ||z||^2
 * and for ranking the neighbours of one x, ||x||^2 is the same for every z,
 * so the key is ||z||^2 - 2 x.z.  Two kernels compute it:
 *
 *  - float32: cblas_sgemm of a block of queries (BQ x d) by a chunk of
 *    training rows (BT x d)^T, in one thread per core (OpenBLAS held to one
 *    thread inside our parallel loop, so 2 cores do not run 4 busy threads).
 *    The expansion loses digits when ||x||^2 is large next to the distance,
 *    so the k distances found are recomputed directly at the end;
 *
 *  - exact integers, when every value is q / s with q an integer in
 *    [0, 255] and s one of 1, 16, 255 (raw bytes, digits / 16, MNIST / 255).
 *    The training rows are stored as bytes and x.z is an exact integer dot
 *    product, which AVX-512 VNNI computes 64 multiply-adds per instruction
 *    (vpdpbusd: unsigned bytes times signed bytes, summed in int32).  Pixels
 *    go up to 255, beyond a signed byte, so the query is shifted:
 *       x.z = (x - 128).z + 128 sum(z)
 *    and the ranking key becomes  c_z - 2 (x - 128).z  with the per-row
 *    constant c_z = ||z||^2 - 256 sum(z) computed once.  No rounding at all:
 *    the neighbours are exactly the nearest, ties broken by row index.
 *    Without VNNI, byte data is kept as bytes and goes through the float32
 *    kernel a chunk at a time.
 *
 * Top-k: each query keeps its k best keys in a small sorted array; a
 * candidate enters only if strictly better than the current k-th, and
 * candidates arrive in increasing row order, so among equal distances the
 * earlier training row wins whatever the number of threads. */
#include "knn.h"

#include <cblas.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define KNN_HAVE_VNNI_KERNEL 1
#endif

enum { METRIC_EUCLIDEAN, METRIC_MANHATTAN, METRIC_MINKOWSKI, METRIC_COSINE };
enum { WEIGHTS_UNIFORM, WEIGHTS_DISTANCE };

#define BQ 128   /* queries per float block                    */
#define BT 512   /* training rows per float chunk               */
#define MR 8     /* queries per integer micro-tile (the kernel names 8) */
#define NR 16    /* training rows per packed panel (one zmm)    */
#define SUB_MAX 256 /* queries per integer sub-block (in L2)    */

typedef struct KnnModel {
    int k, metric, weights;
    double p;
    int n, d, n_classes;  /* n = 0 until the training step           */
    int *y;               /* n labels                                */
    float *X;             /* n x d floats, or NULL when quantised    */
    uint8_t *Q;           /* n x d bytes (quantised), or NULL        */
    float qscale;         /* value = byte / qscale                   */
    float *xnorm;         /* n: ||z||^2 in the data's units          */
    /* The VNNI layout: panels of NR rows; in a panel, for each group of 4
     * features, NR x 4 bytes (row-major within the group). */
    uint8_t *packed;      /* npad / NR panels x d4 x 64 bytes        */
    int32_t *cterm;       /* npad: ||z||^2 - 256 sum(z); big for padding */
    int d4, npad;
    bool vnni;            /* the CPU has AVX-512 VNNI                 */
} KnnModel;

static const ParamSpec knn_params[] = {
    { "k", PARAM_INT, "5", 1, 1000, NULL, "number of neighbours that vote" },
    { "metric", PARAM_CHOICE, "euclidean", 0, 0, "euclidean|manhattan|minkowski|cosine",
      "distance between points" },
    { "p", PARAM_FLOAT, "2", 1, 100, NULL, "power of the minkowski distance" },
    { "weights", PARAM_CHOICE, "uniform", 0, 0, "uniform|distance",
      "each neighbour's vote: 1, or 1 / distance" },
    { 0 }
};

/* ------------------------------------------------------------------ model */

static void knn_destroy(void *model)
{
    KnnModel *m = model;
    if (!m)
        return;
    free(m->y);
    free(m->X);
    free(m->Q);
    free(m->xnorm);
    free(m->packed);
    free(m->cterm);
    free(m);
}

static bool cpu_has_vnni(void)
{
#ifdef KNN_HAVE_VNNI_KERNEL
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vnni");
#else
    return false;
#endif
}

static void *knn_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    if (!train->y || train->n_classes < 1) {
        error_set(err, ERR_DATA, "k-NN needs class labels");
        return NULL;
    }
    if (dataset_rows(train) == 0 || dataset_cols(train) == 0) {
        error_set(err, ERR_DATA, "k-NN needs a non-empty training set");
        return NULL;
    }
    if (params_int(params, "k") > dataset_rows(train)) {
        error_set(err, ERR_USAGE, "parameter k=%d is more than the %d training rows",
                  params_int(params, "k"), dataset_rows(train));
        return NULL;
    }
    KnnModel *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory for k-NN");
        return NULL;
    }
    m->k = params_int(params, "k");
    const char *metric = params_str(params, "metric");
    m->metric = strcmp(metric, "manhattan") == 0   ? METRIC_MANHATTAN
                : strcmp(metric, "minkowski") == 0 ? METRIC_MINKOWSKI
                : strcmp(metric, "cosine") == 0    ? METRIC_COSINE
                                                   : METRIC_EUCLIDEAN;
    m->p = params_float(params, "p");
    /* Minkowski with p = 1 or 2 is exactly manhattan / euclidean: use those. */
    if (m->metric == METRIC_MINKOWSKI && m->p == 1.0)
        m->metric = METRIC_MANHATTAN;
    if (m->metric == METRIC_MINKOWSKI && m->p == 2.0)
        m->metric = METRIC_EUCLIDEAN;
    m->weights = strcmp(params_str(params, "weights"), "distance") == 0 ? WEIGHTS_DISTANCE
                                                                        : WEIGHTS_UNIFORM;
    m->d = dataset_cols(train);
    m->n_classes = train->n_classes;
    m->vnni = cpu_has_vnni();
    return m;
}

/* Lay the training rows X (n x d) out as bytes at scale m->qscale in VNNI
 * panels; compute each row's constant c_z and its norm.  Returns 1, or 0
 * when a value is off the byte grid (nothing kept), or -1 with err set. */
static int pack_panels(KnnModel *m, const float *X, Error *err)
{
    int n = m->n, d = m->d, failed = 0, offgrid = 0;
    m->d4 = (d + 3) / 4;
    m->npad = (n + 2 * NR - 1) / (2 * NR) * (2 * NR); /* panels come in pairs */
    size_t panel = (size_t)m->d4 * 64;
    m->packed = calloc((size_t)(m->npad / NR) * panel, 1);
    m->cterm = malloc((size_t)m->npad * sizeof *m->cterm);
    if (!m->packed || !m->cterm)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN");
    double inv2 = 1.0 / ((double)m->qscale * m->qscale);
#pragma omp parallel if (n > 4096)
    {
        uint8_t *z = malloc((size_t)d);
        if (!z) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(static)
        for (int j = 0; j < m->npad; j++) {
            if (j >= n) {
                m->cterm[j] = INT32_MAX / 2; /* padding rows never win */
                continue;
            }
            int off;
#pragma omp atomic read
            off = offgrid;
            if (!z || off)
                continue;
            if (!quantise_bytes(X + (size_t)j * d, (size_t)d, m->qscale, z)) {
#pragma omp atomic write
                offgrid = 1;
                continue;
            }
            uint8_t *dst = m->packed + (size_t)(j / NR) * panel + (size_t)(j % NR) * 4;
            int32_t sq = 0, sum = 0;
            for (int f = 0; f < d; f++) {
                sq += (int32_t)z[f] * z[f];
                sum += z[f];
            }
            for (int f = 0; f < d; f += 4) /* 4 features of row j per 64-byte group */
                memcpy(dst + (size_t)(f / 4) * 64, z + f, d - f < 4 ? (size_t)(d - f) : 4);
            m->cterm[j] = sq - 256 * sum;
            m->xnorm[j] = (float)(sq * inv2);
        }
        free(z);
    }
    if (failed || offgrid) {
        free(m->packed), m->packed = NULL;
        free(m->cterm), m->cterm = NULL;
    }
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN");
    return offgrid ? 0 : 1;
}

static const char *kernel_name(const KnnModel *m)
{
    if (m->metric == METRIC_EUCLIDEAN && m->packed)
        return "exact uint8 (AVX-512 VNNI)";
    if (m->metric == METRIC_EUCLIDEAN || m->metric == METRIC_COSINE)
        return "float32 (sgemm)";
    return "float32 (loops)";
}

static StepStatus knn_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    KnnModel *m = model;
    if (m->n > 0)
        return STEP_DONE;
    int n = dataset_rows(train), d = dataset_cols(train);
    if (d != m->d || !train->y) {
        error_set(err, ERR_DATA, "k-NN: the training set changed shape");
        return STEP_ERROR;
    }
    size_t nd = (size_t)n * d;
    m->y = malloc((size_t)n * sizeof *m->y);
    m->xnorm = malloc((size_t)n * sizeof *m->xnorm);
    if (!m->y || !m->xnorm)
        goto nomem;
    memcpy(m->y, train->y, (size_t)n * sizeof *m->y);
    m->n = n;
    /* Bytes when every value is on one byte grid (a cheap look at the first
     * values picks the candidates; storing checks every value). */
    for (int g = 0; g < BYTE_GRID_COUNT; g++) {
        float sc = byte_grid_scales[g];
        if (!quantise_bytes(train->X.data, nd < 4096 ? nd : 4096, sc, NULL))
            continue;
        m->qscale = sc;
        if (m->vnni && m->metric == METRIC_EUCLIDEAN) {
            /* straight into the exact kernel's layout */
            int rc = pack_panels(m, train->X.data, err);
            if (rc < 0)
                goto fail;
            if (rc == 1)
                break;
        } else {
            /* row by row (converted back to floats a chunk at a time) */
            m->Q = malloc(nd);
            if (!m->Q)
                goto nomem;
            if (quantise_bytes_parallel(train->X.data, nd, sc, m->Q)) {
                mat_row_sq_norms(&train->X, m->xnorm);
                break;
            }
            free(m->Q), m->Q = NULL;
        }
        m->qscale = 0.0f;
    }
    if (m->qscale == 0.0f) {
        m->X = malloc(nd * sizeof *m->X);
        if (!m->X)
            goto nomem;
        memcpy(m->X, train->X.data, nd * sizeof *m->X);
        mat_row_sq_norms(&train->X, m->xnorm);
    }
    char text[TRACE_TEXT_LEN];
    if (m->qscale > 0.0f)
        snprintf(text, sizeof text,
                 "stored %d training rows x %d features as bytes (values k/%g); distances: %s",
                 n, d, (double)m->qscale, kernel_name(m));
    else
        snprintf(text, sizeof text, "stored %d training rows x %d features; distances: %s", n,
                 d, kernel_name(m));
    trace_emitv(trace, TRACE_STEP, "store", text, "rows", (double)n, "features", (double)d,
                NULL);
    return STEP_DONE;
nomem:
    error_set(err, ERR_NOMEM, "out of memory for k-NN's %d x %d training rows", n, d);
fail:
    free(m->y), m->y = NULL;
    free(m->X), m->X = NULL;
    free(m->Q), m->Q = NULL;
    free(m->xnorm), m->xnorm = NULL;
    free(m->packed), m->packed = NULL;
    free(m->cterm), m->cterm = NULL;
    m->n = 0;
    return STEP_ERROR;
}

/* ------------------------------------------------------------------ top-k */

/* Insert (key, row) into the ascending list S/Ix of *cnt <= kk entries, after
 * any equal keys.  The caller has checked that key beats the k-th.  The same
 * insertion for the integer keys of the byte kernel and the float keys of
 * the float kernel: */
#define DEFINE_TOPK_INSERT(name, Key)                                                       \
    static inline void name(Key *S, int *Ix, int *cnt, int kk, Key key, int row)           \
    {                                                                                      \
        int pos = *cnt < kk ? (*cnt)++ : kk - 1;                                           \
        while (pos > 0 && S[pos - 1] > key) {                                              \
            S[pos] = S[pos - 1];                                                           \
            Ix[pos] = Ix[pos - 1];                                                         \
            pos--;                                                                         \
        }                                                                                  \
        S[pos] = key;                                                                      \
        Ix[pos] = row;                                                                     \
    }
DEFINE_TOPK_INSERT(topk_insert_i32, int32_t)
DEFINE_TOPK_INSERT(topk_insert_f32, float)
#undef DEFINE_TOPK_INSERT

/* ---------------------------------------------------------------- threads */

static int thread_count(void)
{
#ifdef _OPENMP
    return omp_get_max_threads();
#else
    return 1;
#endif
}

/* ------------------------------------------------- exact integer kernel */

#ifdef KNN_HAVE_VNNI_KERNEL
_Static_assert(MR == 8, "vnni_scan keeps 8 queries x 2 panels of accumulators");

/* Scan every training panel for the queries of one sub-block.
 *   qs      tiles*MR x dpad bytes: query byte x stored as x ^ 0x80 (= x - 128
 *           as a signed byte); dpad = 4 * d4
 *   S, Ix   tiles*MR x kk running top-k keys and rows; cnt, thresh per query
 * For a tile of MR queries and a pair of panels (32 training rows), the
 * MR x 32 dot products stay in 2*MR zmm accumulators over all of d. */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
vnni_scan(const KnnModel *m, const uint8_t *qs, int tiles, int kk, int32_t *S, int *Ix, int *cnt,
          int32_t *thresh)
{
    const int d4 = m->d4, dpad = 4 * d4;
    const size_t panel = (size_t)d4 * 64;
    for (int j0 = 0; j0 < m->npad; j0 += 2 * NR) {
        const uint8_t *B0 = m->packed + (size_t)(j0 / NR) * panel, *B1 = B0 + panel;
        const __m512i c0 = _mm512_loadu_si512(m->cterm + j0);
        const __m512i c1 = _mm512_loadu_si512(m->cterm + j0 + NR);
        for (int t = 0; t < tiles; t++) {
            const uint8_t *A = qs + (size_t)t * MR * dpad;
            /* Named accumulators (not an array): GCC then keeps all 16 in
             * registers without shuffling copies around. */
            __m512i a00 = _mm512_setzero_si512(), a01 = a00, a02 = a00, a03 = a00;
            __m512i a04 = a00, a05 = a00, a06 = a00, a07 = a00;
            __m512i a10 = a00, a11 = a00, a12 = a00, a13 = a00;
            __m512i a14 = a00, a15 = a00, a16 = a00, a17 = a00;
            for (int q = 0; q < d4; q++) {
                const __m512i b0 = _mm512_loadu_si512(B0 + (size_t)q * 64);
                const __m512i b1 = _mm512_loadu_si512(B1 + (size_t)q * 64);
                const uint8_t *aq = A + 4 * q;
#define KNN_ROW(r)                                                                  \
    do {                                                                            \
        int32_t a4;                                                                 \
        memcpy(&a4, aq + (size_t)(r) * dpad, 4);                                    \
        const __m512i a = _mm512_set1_epi32(a4);                                    \
        a0##r = _mm512_dpbusd_epi32(a0##r, b0, a);                                  \
        a1##r = _mm512_dpbusd_epi32(a1##r, b1, a);                                  \
    } while (0)
                KNN_ROW(0);
                KNN_ROW(1);
                KNN_ROW(2);
                KNN_ROW(3);
                KNN_ROW(4);
                KNN_ROW(5);
                KNN_ROW(6);
                KNN_ROW(7);
#undef KNN_ROW
            }
            const __m512i acc0[MR] = { a00, a01, a02, a03, a04, a05, a06, a07 };
            const __m512i acc1[MR] = { a10, a11, a12, a13, a14, a15, a16, a17 };
            /* key = c_z - 2 acc; candidates beating the query's k-th best. */
            for (int r = 0; r < MR; r++) {
                int qi = t * MR + r;
                const __m512i th = _mm512_set1_epi32(thresh[qi]);
                __m512i k0 = _mm512_sub_epi32(c0, _mm512_slli_epi32(acc0[r], 1));
                __m512i k1 = _mm512_sub_epi32(c1, _mm512_slli_epi32(acc1[r], 1));
                __mmask16 m0 = _mm512_cmplt_epi32_mask(k0, th);
                __mmask16 m1 = _mm512_cmplt_epi32_mask(k1, th);
                if (!(m0 | m1))
                    continue;
                int32_t keys[2 * NR];
                _mm512_storeu_si512(keys, k0);
                _mm512_storeu_si512(keys + NR, k1);
                uint32_t bits = (uint32_t)m0 | (uint32_t)m1 << NR;
                int32_t *s = S + (size_t)qi * kk;
                int *ix = Ix + (size_t)qi * kk;
                while (bits) {
                    int b = __builtin_ctz(bits);
                    bits &= bits - 1;
                    if (keys[b] < thresh[qi]) {
                        topk_insert_i32(s, ix, &cnt[qi], kk, keys[b], j0 + b);
                        if (cnt[qi] == kk)
                            thresh[qi] = s[kk - 1];
                    }
                }
            }
        }
    }
}
#endif

/* The kk nearest rows of nq query rows (bytes qx, nq x d) through the VNNI
 * kernel.  idx/dist: nq x kk.  kk <= m->n. */
static int search_bytes(const KnnModel *m, const uint8_t *qx, int nq, int kk, int *idx,
                        float *dist, Error *err)
{
#ifdef KNN_HAVE_VNNI_KERNEL
    int d = m->d, dpad = 4 * m->d4;
    /* Sub-blocks: a multiple of the thread count, each at most SUB_MAX queries. */
    int nt = thread_count();
    int nsub = (nq + SUB_MAX - 1) / SUB_MAX;
    nsub = (nsub + nt - 1) / nt * nt;
    int sub = (nq + nsub - 1) / nsub;
    sub = (sub + MR - 1) / MR * MR;
    nsub = (nq + sub - 1) / sub;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (int sb = 0; sb < nsub; sb++) {
        int q0 = sb * sub, qn = nq - q0 < sub ? nq - q0 : sub;
        int tiles = (qn + MR - 1) / MR, rows = tiles * MR;
        uint8_t *qs = malloc((size_t)rows * dpad);
        int32_t *S = malloc((size_t)rows * kk * sizeof *S);
        int32_t *thresh = malloc((size_t)rows * sizeof *thresh);
        int *Ix = malloc((size_t)rows * kk * sizeof *Ix), *cnt = calloc((size_t)rows, sizeof *cnt);
        if (!qs || !S || !thresh || !Ix || !cnt) {
#pragma omp atomic write
            failed = 1;
        } else {
            /* x - 128 as signed bytes; padding (features and rows) is x = 0. */
            memset(qs, 0x80, (size_t)rows * dpad);
            for (int r = 0; r < qn; r++)
                for (int f = 0; f < d; f++)
                    qs[(size_t)r * dpad + f] = qx[(size_t)(q0 + r) * d + f] ^ 0x80;
            for (int r = 0; r < rows; r++)
                thresh[r] = INT32_MAX;
            vnni_scan(m, qs, tiles, kk, S, Ix, cnt, thresh);
            for (int r = 0; r < qn; r++) {
                const uint8_t *x = qx + (size_t)(q0 + r) * d;
                int32_t xx = 0;
                for (int f = 0; f < d; f++)
                    xx += (int32_t)x[f] * x[f];
                for (int j = 0; j < kk; j++) {
                    /* squared distance in byte units: key + ||x||^2 (exact) */
                    int32_t sq = S[(size_t)r * kk + j] + xx;
                    idx[(size_t)(q0 + r) * kk + j] = Ix[(size_t)r * kk + j];
                    dist[(size_t)(q0 + r) * kk + j] = (float)(sqrt((double)sq) / m->qscale);
                }
            }
        }
        free(qs);
        free(S);
        free(thresh);
        free(Ix);
        free(cnt);
    }
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    return 0;
#else
    (void)m, (void)qx, (void)nq, (void)kk, (void)idx, (void)dist;
    return error_set(err, ERR_INTERNAL, "k-NN: no integer kernel in this build");
#endif
}

/* ------------------------------------------------------------ float path */

/* sum_j |a_j - b_j| with independent partial sums (vectorisable). */
static float l1_distance(const float *a, const float *b, int d)
{
    float s[8] = { 0 };
    int j = 0;
    for (; j + 8 <= d; j += 8)
        for (int u = 0; u < 8; u++)
            s[u] += fabsf(a[j + u] - b[j + u]);
    float t = 0.0f;
    for (; j < d; j++)
        t += fabsf(a[j] - b[j]);
    for (int u = 0; u < 8; u++)
        t += s[u];
    return t;
}

static float lp_sum(const float *a, const float *b, int d, double p)
{
    double s = 0.0;
    for (int j = 0; j < d; j++)
        s += pow(fabs((double)a[j] - b[j]), p);
    return (float)s;
}

/* Training rows [t0, t0 + tn) as floats: the stored rows, or the bytes
 * converted into buf (tn x d). */
static const float *train_rows(const KnnModel *m, int t0, int tn, float *buf)
{
    int d = m->d;
    if (m->X)
        return m->X + (size_t)t0 * d;
    float inv = 1.0f / m->qscale;
    if (m->Q) {
        const uint8_t *q = m->Q + (size_t)t0 * d;
        for (size_t i = 0; i < (size_t)tn * d; i++)
            buf[i] = q[i] * inv;
        return buf;
    }
    /* Only the VNNI panels: row j, feature f is at panel j / NR, group f / 4. */
    size_t panel = (size_t)m->d4 * 64;
    for (int r = 0; r < tn; r++) {
        int j = t0 + r;
        const uint8_t *src = m->packed + (size_t)(j / NR) * panel + (size_t)(j % NR) * 4;
        for (int f = 0; f < d; f++)
            buf[(size_t)r * d + f] = src[(size_t)(f / 4) * 64 + f % 4] * inv;
    }
    return buf;
}

/* The distance from a ranking key.  Keys: euclidean ||z||^2 - 2 x.z (the
 * distances are recomputed at the end), cosine 1 - cos, manhattan the
 * distance, minkowski its p-th power. */
static float key_to_distance(const KnnModel *m, float key)
{
    switch (m->metric) {
    case METRIC_MINKOWSKI:
        return (float)pow(key, 1.0 / m->p);
    default:
        return key;
    }
}

static int search_float(const KnnModel *m, const Mat *Xq, int q0all, int nq, int kk, int *idx,
                        float *dist, Error *err)
{
    int d = m->d, n = m->n;
    /* Blocks of at most BQ queries and BT training rows, smaller for very wide
     * rows so that a block stays around a few MB. */
    int bq = BQ, bt = BT;
    while (bq > 8 && (size_t)bq * d > (1u << 20))
        bq /= 2;
    while (bt > 8 && (size_t)bt * d > (1u << 20))
        bt /= 2;
    int nblocks = (nq + bq - 1) / bq;
    int failed = 0;
    bool gemm = m->metric == METRIC_EUCLIDEAN || m->metric == METRIC_COSINE;
#ifdef _OPENMP
    blas_serial_begin(); /* each thread runs its own sgemm (see mat.h) */
#endif
#pragma omp parallel for schedule(dynamic, 1)
    for (int b = 0; b < nblocks; b++) {
        int q0 = b * bq, qn = nq - q0 < bq ? nq - q0 : bq;
        float *G = malloc((size_t)bq * bt * sizeof *G);
        float *buf = m->X ? NULL : malloc((size_t)bt * d * sizeof *buf);
        float *qnorm = malloc((size_t)bq * sizeof *qnorm);
        float *qn_rows = malloc((size_t)bq * d * sizeof *qn_rows); /* cosine: unit rows */
        float *S = malloc((size_t)bq * kk * sizeof *S);
        int *Ix = malloc((size_t)bq * kk * sizeof *Ix), *cnt = calloc((size_t)bq, sizeof *cnt);
        if (!G || (!m->X && !buf) || !qnorm || !qn_rows || !S || !Ix || !cnt) {
#pragma omp atomic write
            failed = 1;
            goto next;
        }
        const float *Q = mat_row(Xq, q0all + q0);
        for (int r = 0; r < qn; r++) {
            const float *x = Q + (size_t)r * d;
            float s = 0.0f;
            for (int f = 0; f < d; f++)
                s += x[f] * x[f];
            qnorm[r] = s;
            float inv = s > 0.0f ? 1.0f / sqrtf(s) : 0.0f;
            for (int f = 0; f < d; f++)
                qn_rows[(size_t)r * d + f] = x[f] * inv;
        }
        for (int t0 = 0; t0 < n; t0 += bt) {
            int tn = n - t0 < bt ? n - t0 : bt;
            const float *T = train_rows(m, t0, tn, buf);
            if (gemm)
                /* G (qn x tn) = Q (qn x d) . T^T (d x tn) */
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, qn, tn, d, 1.0f,
                            m->metric == METRIC_COSINE ? qn_rows : Q, d, T, d, 0.0f, G, tn);
            for (int r = 0; r < qn; r++) {
                float *s = S + (size_t)r * kk;
                int *ix = Ix + (size_t)r * kk;
                const float *x = Q + (size_t)r * d;
                for (int j = 0; j < tn; j++) {
                    float key, g = G[(size_t)r * tn + j];
                    float zn = m->xnorm[t0 + j];
                    switch (m->metric) {
                    case METRIC_EUCLIDEAN:
                        key = zn - 2.0f * g;
                        break;
                    case METRIC_COSINE:
                        key = zn > 0.0f && qnorm[r] > 0.0f ? 1.0f - g / sqrtf(zn) : 1.0f;
                        break;
                    case METRIC_MANHATTAN:
                        key = l1_distance(x, T + (size_t)j * d, d);
                        break;
                    default:
                        key = lp_sum(x, T + (size_t)j * d, d, m->p);
                        break;
                    }
                    if (cnt[r] < kk || key < s[kk - 1])
                        topk_insert_f32(s, ix, &cnt[r], kk, key, t0 + j);
                }
            }
        }
        for (int r = 0; r < qn; r++) {
            float *s = S + (size_t)r * kk;
            int *ix = Ix + (size_t)r * kk;
            if (m->metric == METRIC_EUCLIDEAN) {
                /* The expansion loses digits when ||x||^2 is large next to
                 * ||x - z||^2: recompute the k distances directly (in
                 * double) and re-sort them, ties by row. */
                const float *x = Q + (size_t)r * d;
                for (int j = 0; j < kk; j++) {
                    const float *z = train_rows(m, ix[j], 1, buf);
                    double sq = 0.0;
                    for (int f = 0; f < d; f++)
                        sq += ((double)x[f] - z[f]) * ((double)x[f] - z[f]);
                    s[j] = (float)sqrt(sq);
                }
                for (int j = 1; j < kk; j++)
                    for (int t = j; t > 0 && (s[t] < s[t - 1] ||
                                              (s[t] == s[t - 1] && ix[t] < ix[t - 1]));
                         t--) {
                        float ts = s[t];
                        int ti = ix[t];
                        s[t] = s[t - 1], ix[t] = ix[t - 1];
                        s[t - 1] = ts, ix[t - 1] = ti;
                    }
            } else {
                for (int j = 0; j < kk; j++)
                    s[j] = key_to_distance(m, s[j]);
            }
            for (int j = 0; j < kk; j++) {
                idx[(size_t)(q0 + r) * kk + j] = ix[j];
                dist[(size_t)(q0 + r) * kk + j] = s[j];
            }
        }
    next:
        free(G);
        free(buf);
        free(qnorm);
        free(qn_rows);
        free(S);
        free(Ix);
        free(cnt);
    }
#ifdef _OPENMP
    blas_serial_end();
#endif
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    return 0;
}

/* The kk nearest training rows of rows [q0, q0 + nq) of X: idx/dist nq x kk.
 * kk <= m->n. */
static int search(const KnnModel *m, const Mat *X, int q0, int nq, int kk, int *idx, float *dist,
                  Error *err)
{
    if (m->n == 0)
        return error_set(err, ERR_USAGE, "k-NN: no training data stored yet (take a step)");
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "k-NN: %d features given, the model has %d", X->cols,
                         m->d);
    if (nq == 0)
        return 0;
    if (m->packed && m->metric == METRIC_EUCLIDEAN) {
        uint8_t *qx = malloc((size_t)nq * m->d);
        if (!qx)
            return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
        if (quantise_bytes(mat_row(X, q0), (size_t)nq * m->d, m->qscale, qx)) {
            int rc = search_bytes(m, qx, nq, kk, idx, dist, err);
            free(qx);
            return rc;
        }
        free(qx); /* a query off the byte grid: fall back to floats */
    }
    return search_float(m, X, q0, nq, kk, idx, dist, err);
}

/* ------------------------------------------------------------------ vote */

/* Class of one query from its neighbours (nearest first); fills score[c]
 * with the vote shares when score is not NULL.  Ties between classes go to
 * the class of the nearest neighbour among the tied classes. */
static int vote(const KnnModel *m, const int *idx, const float *dist, int cnt, double *w,
                float *score)
{
    int nc = m->n_classes;
    memset(w, 0, (size_t)nc * sizeof *w);
    bool exact = false;
    if (m->weights == WEIGHTS_DISTANCE)
        for (int j = 0; j < cnt; j++)
            exact |= dist[j] == 0.0f;
    for (int j = 0; j < cnt; j++) {
        double v = 1.0;
        if (m->weights == WEIGHTS_DISTANCE)
            /* 1 / distance; neighbours at distance 0 take all the weight */
            v = exact ? (dist[j] == 0.0f ? 1.0 : 0.0) : 1.0 / dist[j];
        w[m->y[idx[j]]] += v;
    }
    double best = -1.0, total = 0.0;
    for (int c = 0; c < nc; c++) {
        total += w[c];
        if (w[c] > best)
            best = w[c];
    }
    int label = m->y[idx[0]];
    for (int j = 0; j < cnt; j++)
        if (w[m->y[idx[j]]] == best) {
            label = m->y[idx[j]];
            break;
        }
    if (score)
        for (int c = 0; c < nc; c++)
            score[c] = total > 0.0 ? (float)(w[c] / total) : 0.0f;
    return label;
}

/* ------------------------------------------------------------- predicting */

int knn_block_count(int n) { return (n + KNN_BLOCK_ROWS - 1) / KNN_BLOCK_ROWS; }

int knn_predict_block(void *model, const Mat *X, int block, int *labels, float *scores,
                      Trace *trace, Error *err)
{
    KnnModel *m = model;
    int nb = knn_block_count(X->rows);
    if (block < 0 || block >= nb)
        return error_set(err, ERR_USAGE, "k-NN: block %d of %d does not exist", block, nb);
    int q0 = block * KNN_BLOCK_ROWS;
    int nq = X->rows - q0 < KNN_BLOCK_ROWS ? X->rows - q0 : KNN_BLOCK_ROWS;
    int kk = m->k < m->n ? m->k : m->n;
    int *idx = malloc((size_t)nq * kk * sizeof *idx + 1);
    float *dist = malloc((size_t)nq * kk * sizeof *dist + 1);
    double *w = malloc((size_t)m->n_classes * sizeof *w);
    if (!idx || !dist || !w) {
        free(idx), free(dist), free(w);
        return error_set(err, ERR_NOMEM, "out of memory for k-NN predictions");
    }
    int rc = search(m, X, q0, nq, kk, idx, dist, err);
    if (rc == 0) {
        for (int r = 0; r < nq; r++)
            labels[q0 + r] = vote(m, idx + (size_t)r * kk, dist + (size_t)r * kk, kk, w,
                                  scores ? scores + (size_t)(q0 + r) * m->n_classes : NULL);
        char text[TRACE_TEXT_LEN];
        snprintf(text, sizeof text, "block %d/%d: %d points classified", block + 1, nb, nq);
        trace_emitv(trace, TRACE_DETAIL, "block", text, "block", (double)(block + 1), "blocks",
                    (double)nb, "points", (double)nq, NULL);
    }
    free(idx);
    free(dist);
    free(w);
    return rc;
}

static int knn_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    int nb = knn_block_count(X->rows);
    for (int b = 0; b < nb; b++)
        if (knn_predict_block(model, X, b, labels, scores, NULL, err) < 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------- inspecting */

int knn_kneighbours(const void *model, const Mat *X, int k, int *index, float *distance,
                    Error *err)
{
    const KnnModel *m = model;
    if (k < 1)
        return error_set(err, ERR_USAGE, "k-NN: k must be at least 1");
    int kk = k < m->n ? k : m->n;
    if (kk == k)
        return search(m, X, 0, X->rows, k, index, distance, err);
    /* Fewer rows than k: the rest of each row is -1 / NAN. */
    int *ix = malloc((size_t)X->rows * kk * sizeof *ix + 1);
    float *ds = malloc((size_t)X->rows * kk * sizeof *ds + 1);
    if (!ix || !ds) {
        free(ix), free(ds);
        return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    }
    int rc = search(m, X, 0, X->rows, kk, ix, ds, err);
    for (int r = 0; rc == 0 && r < X->rows; r++)
        for (int j = 0; j < k; j++) {
            index[(size_t)r * k + j] = j < kk ? ix[(size_t)r * kk + j] : -1;
            distance[(size_t)r * k + j] = j < kk ? ds[(size_t)r * kk + j] : NAN;
        }
    free(ix);
    free(ds);
    return rc;
}

int knn_neighbours(const void *model, const float *x, int k, int *index, float *distance,
                   Error *err)
{
    const KnnModel *m = model;
    Mat one = { 1, m->d, (float *)x };
    if (knn_kneighbours(model, &one, k, index, distance, err) < 0)
        return -1;
    return k < m->n ? k : m->n;
}

int knn_k(const void *model) { return ((const KnnModel *)model)->k; }
int knn_train_rows(const void *model) { return ((const KnnModel *)model)->n; }

int knn_train_label(const void *model, int row)
{
    const KnnModel *m = model;
    return row >= 0 && row < m->n ? m->y[row] : -1;
}

const char *knn_kernel_name(const void *model) { return kernel_name(model); }

static void knn_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const KnnModel *m = model;
    static const char *metrics[] = { "euclidean", "manhattan", "minkowski", "cosine" };
    (void)train;
    sb_printf(sb, "{\"k\": %d, \"metric\": \"%s\", ", m->k, metrics[m->metric]);
    if (m->metric == METRIC_MINKOWSKI)
        sb_printf(sb, "\"p\": %g, ", m->p);
    sb_printf(sb, "\"weights\": \"%s\", \"train_rows\": %d, \"kernel\": ",
              m->weights == WEIGHTS_DISTANCE ? "distance" : "uniform", m->n);
    sb_json_string(sb, kernel_name(m));
    sb_append(sb, "}");
}

const Algo algo_knn = {
    .name = "knn",
    .title = "k-nearest neighbours",
    .summary = "classify a point by the vote of the k training points nearest to it",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = knn_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = true,
    .create = knn_create,
    .step = knn_step,
    .predict = knn_predict,
    .destroy = knn_destroy,
    .model_json = knn_model_json,
};
