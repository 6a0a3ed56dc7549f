/* knn_kernels.c - the fast distance kernels of k-NN (algorithms/knn.c has
 * the algorithm itself).
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
 *    so the k distances found are recomputed directly at the end.  Manhattan
 *    and Minkowski distances go through the same blocks with plain loops;
 *
 *  - exact integers, when every value is q / s with q an integer in
 *    [0, 255] and s one of 1, 16, 255 (raw bytes, digits / 16, MNIST / 255).
 *    The training rows are stored as bytes, in panels of 16 rows x groups
 *    of 4 features, and x.z is an exact integer dot product.  The
 *    instruction set is chosen at run time (kernel_path.h, MLLAB_KERNEL):
 *    AVX-512 VNNI here computes 64 multiply-adds per instruction (vpdpbusd:
 *    unsigned bytes times signed bytes, summed in int32).  Pixels go up to
 *    255, beyond a signed byte, so the query is shifted:
 *       x.z = (x - 128).z + 128 sum(z)
 *    and the ranking key becomes  c_z - 2 (x - 128).z  with the per-row
 *    constant c_z = ||z||^2 - 256 sum(z) computed once.  The AVX2 and
 *    portable paths reach the same integer ||z||^2 - 2 x.z another way:
 *    a search pruned by an exact lower bound from sums of 2 x 2 pixels
 *    (knn_prune.c), or for very wide rows a full scan (knn_scan.c).  No
 *    rounding at all: every path finds exactly the nearest rows, ties
 *    broken by row index.
 *
 * Top-k: each query keeps its k best keys in a small sorted array; a
 * candidate enters only if strictly better than the current k-th, and
 * candidates arrive in increasing row order, so among equal distances the
 * earlier training row wins whatever the number of threads. */
#include "knn_internal.h"

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

/* ---------------------------------------------------------------- packing */

/* Row j, as bytes z, into its panel (4 features per 64-byte group), with
 * its constants c_z and ||z||^2, and its norm in the data's units (inv2 =
 * 1 / qscale^2). */
static void pack_row(KnnModel *m, int j, const uint8_t *z, double inv2)
{
    int d = m->d;
    size_t panel = (size_t)m->d4 * 64;
    uint8_t *dst = m->packed + (size_t)(j / NR) * panel + (size_t)(j % NR) * 4;
    int32_t sq = 0, sum = 0;
    for (int f = 0; f < d; f++) {
        sq += (int32_t)z[f] * z[f];
        sum += z[f];
    }
    for (int f = 0; f < d; f += 4) /* 4 features of row j per 64-byte group */
        memcpy(dst + (size_t)(f / 4) * 64, z + f, d - f < 4 ? (size_t)(d - f) : 4);
    m->cterm[j] = sq - 256 * sum;
    m->zsq[j] = sq;
    m->xnorm[j] = (float)(sq * inv2);
}

int knn_pack_panels(KnnModel *m, Error *err)
{
    int n = m->n, d = m->d;
    m->d4 = (d + 3) / 4;
    m->npad = (n + 2 * NR - 1) / (2 * NR) * (2 * NR); /* panels come in pairs */
    size_t panel = (size_t)m->d4 * 64;
    m->packed = calloc((size_t)(m->npad / NR) * panel, 1);
    m->cterm = malloc((size_t)m->npad * sizeof *m->cterm);
    m->zsq = malloc((size_t)m->npad * sizeof *m->zsq);
    if (!m->packed || !m->cterm || !m->zsq) {
        free(m->packed), m->packed = NULL;
        free(m->cterm), m->cterm = NULL;
        free(m->zsq), m->zsq = NULL;
        return error_set(err, ERR_NOMEM, "out of memory for k-NN");
    }
    double inv2 = 1.0 / ((double)m->qscale * m->qscale);
#pragma omp parallel for schedule(static) if (n > 4096)
    for (int j = 0; j < m->npad; j++) {
        if (j < n)
            pack_row(m, j, m->Q + (size_t)j * d, inv2);
        else
            m->cterm[j] = m->zsq[j] = INT32_MAX / 2; /* padding rows never win */
    }
    return 0;
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

void knn_offer(TopK *t, int qi, const int32_t *keys, int nk, int j0)
{
    int kk = t->kk;
    int32_t *s = t->S + (size_t)qi * kk;
    int *ix = t->Ix + (size_t)qi * kk;
    for (int b = 0; b < nk; b++)
        if (keys[b] < t->thresh[qi]) {
            topk_insert_i32(s, ix, &t->cnt[qi], kk, keys[b], j0 + b);
            if (t->cnt[qi] == kk)
                t->thresh[qi] = s[kk - 1];
        }
}

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

/* The candidates of query qi among 32 keys (mask bits: below its k-th). */
static void offer_bits(TopK *top, int qi, const int32_t *keys, uint32_t bits, int j0)
{
    int kk = top->kk;
    int32_t *s = top->S + (size_t)qi * kk;
    int *ix = top->Ix + (size_t)qi * kk;
    while (bits) {
        int b = __builtin_ctz(bits);
        bits &= bits - 1;
        if (keys[b] < top->thresh[qi]) {
            topk_insert_i32(s, ix, &top->cnt[qi], kk, keys[b], j0 + b);
            if (top->cnt[qi] == kk)
                top->thresh[qi] = s[kk - 1];
        }
    }
}

/* Scan every training panel for the queries of one sub-block.
 *   qs      tiles*MR x dpad bytes: query byte x stored as x ^ 0x80 (= x - 128
 *           as a signed byte); dpad = 4 * d4
 *   top     the running top-k of the tiles*MR queries
 * For a tile of MR queries and a pair of panels (32 training rows), the
 * MR x 32 dot products stay in 2*MR zmm accumulators over all of d. */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
vnni_scan(const KnnModel *m, const uint8_t *qs, int tiles, TopK *top)
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
                const __m512i th = _mm512_set1_epi32(top->thresh[qi]);
                __m512i k0 = _mm512_sub_epi32(c0, _mm512_slli_epi32(acc0[r], 1));
                __m512i k1 = _mm512_sub_epi32(c1, _mm512_slli_epi32(acc1[r], 1));
                __mmask16 m0 = _mm512_cmplt_epi32_mask(k0, th);
                __mmask16 m1 = _mm512_cmplt_epi32_mask(k1, th);
                if (!(m0 | m1))
                    continue;
                int32_t keys[2 * NR];
                _mm512_storeu_si512(keys, k0);
                _mm512_storeu_si512(keys + NR, k1);
                offer_bits(top, qi, keys, (uint32_t)m0 | (uint32_t)m1 << NR, j0);
            }
        }
    }
}
#endif

/* One sub-block's scratch: the queries as each kernel reads them (VNNI:
 * shifted to signed bytes; AVX2 and generic: 16-bit tiles with their
 * non-zero groups), and the running top-k. */
typedef struct ByteScratch {
    uint8_t *qs;      /* rows x dpad (VNNI)            */
    int16_t *x16;     /* rows x dpad (AVX2, generic)   */
    int *groups;      /* rows / MQ x d4                */
    int *ngroups;     /* rows / MQ                     */
    PooledQueries pq; /* the pruned search's queries   */
    TopK top;
} ByteScratch;

static void byte_scratch_free(ByteScratch *b)
{
    free(b->qs);
    free(b->x16);
    free(b->groups);
    free(b->ngroups);
    free(b->pq.px);
    free(b->pq.groups);
    free(b->pq.ngroups);
    free(b->pq.xx);
    free(b->pq.pxsq);
    free(b->pq.bound);
    free(b->top.S);
    free(b->top.thresh);
    free(b->top.Ix);
    free(b->top.cnt);
}

/* The pooled queries' buffers of the pruned search. */
static bool alloc_pooled(PooledQueries *P, const KnnModel *m, int rows)
{
    P->px = malloc((size_t)rows * 2 * m->npair * sizeof *P->px);
    P->groups = malloc((size_t)(rows / MQ) * m->npair * sizeof *P->groups);
    P->ngroups = malloc((size_t)(rows / MQ) * sizeof *P->ngroups);
    P->xx = malloc((size_t)rows * sizeof *P->xx);
    P->pxsq = malloc((size_t)rows * sizeof *P->pxsq);
    P->bound = malloc((size_t)rows * sizeof *P->bound);
    return P->px && P->groups && P->ngroups && P->xx && P->pxsq && P->bound;
}

/* The queries' buffers of m->path's kernel. */
static bool alloc_queries(ByteScratch *b, const KnnModel *m, int rows)
{
    size_t dpad = 4 * (size_t)m->d4;
    if (m->pooled)
        return alloc_pooled(&b->pq, m, rows);
    if (m->path == KPATH_VNNI)
        return (b->qs = malloc((size_t)rows * dpad)) != NULL;
    b->x16 = malloc((size_t)rows * dpad * sizeof *b->x16);
    b->groups = malloc((size_t)(rows / MQ) * m->d4 * sizeof *b->groups);
    b->ngroups = malloc((size_t)(rows / MQ) * sizeof *b->ngroups);
    return b->x16 && b->groups && b->ngroups;
}

static int byte_scratch_alloc(ByteScratch *b, const KnnModel *m, int rows, int kk)
{
    memset(b, 0, sizeof *b);
    bool queries = alloc_queries(b, m, rows);
    b->top.S = malloc((size_t)rows * kk * sizeof *b->top.S);
    b->top.thresh = malloc((size_t)rows * sizeof *b->top.thresh);
    b->top.Ix = malloc((size_t)rows * kk * sizeof *b->top.Ix);
    b->top.cnt = calloc((size_t)rows, sizeof *b->top.cnt);
    b->top.kk = kk;
    if (queries && b->top.S && b->top.thresh && b->top.Ix && b->top.cnt) {
        for (int r = 0; r < rows; r++)
            b->top.thresh[r] = INT32_MAX; /* anything beats it */
        return 0;
    }
    byte_scratch_free(b);
    return -1;
}

/* Queries [q0, q0 + qn) of qx as x - 128 in signed bytes; padding (features
 * and rows) is x = 0. */
static void shift_queries(const KnnModel *m, const uint8_t *qx, int q0, int qn, int rows,
                          ByteScratch *b)
{
    int d = m->d, dpad = 4 * m->d4;
    memset(b->qs, 0x80, (size_t)rows * dpad);
    for (int r = 0; r < qn; r++)
        for (int f = 0; f < d; f++)
            b->qs[(size_t)r * dpad + f] = qx[(size_t)(q0 + r) * d + f] ^ 0x80;
}

/* Queries [q0, q0 + qn) of qx as 16-bit integers (padding 0), and for each
 * tile of MQ queries the list of the feature groups where one is not 0
 * (the others add nothing to x.z: MNIST digits leave most groups out). */
static void widen_queries(const KnnModel *m, const uint8_t *qx, int q0, int qn, int rows,
                          ByteScratch *b)
{
    int d = m->d, d4 = m->d4, dpad = 4 * d4;
    memset(b->x16, 0, (size_t)rows * dpad * sizeof *b->x16);
    for (int r = 0; r < qn; r++)
        for (int f = 0; f < d; f++)
            b->x16[(size_t)r * dpad + f] = qx[(size_t)(q0 + r) * d + f];
    for (int t = 0; t < rows / MQ; t++) {
        const int16_t *x = b->x16 + (size_t)t * MQ * dpad;
        int *g = b->groups + (size_t)t * d4, ng = 0;
        for (int q = 0; q < d4; q++) {
            int any = 0;
            for (int r = 0; r < MQ; r++)
                for (int f = 4 * q; f < 4 * q + 4; f++)
                    any |= x[(size_t)r * dpad + f];
            if (any)
                g[ng++] = q;
        }
        b->ngroups[t] = ng;
    }
}

/* The k found for each query: its squared distance in byte units is the
 * key + ||x||^2 (exact), the distance its root over qscale. */
static void byte_results(const KnnModel *m, const uint8_t *qx, int q0, int qn, int kk,
                         const ByteScratch *b, int *idx, float *dist)
{
    int d = m->d;
    for (int r = 0; r < qn; r++) {
        const uint8_t *x = qx + (size_t)(q0 + r) * d;
        int32_t xx = 0;
        for (int f = 0; f < d; f++)
            xx += (int32_t)x[f] * x[f];
        for (int j = 0; j < kk; j++) {
            int32_t sq = b->top.S[(size_t)r * kk + j] + xx;
            idx[(size_t)(q0 + r) * kk + j] = b->top.Ix[(size_t)r * kk + j];
            dist[(size_t)(q0 + r) * kk + j] = (float)(sqrt((double)sq) / m->qscale);
        }
    }
}

/* Run the kernel of m->path over the sub-block's queries. */
static void scan_sub_block(const KnnModel *m, const uint8_t *qx, int q0, int qn, int rows,
                           ByteScratch *b)
{
    if (m->pooled) {
        knn_pool_queries(m, qx + (size_t)q0 * m->d, qn, rows, &b->pq);
        if (m->path == KPATH_VNNI)
            knn_prune_vnni(m, &b->pq, &b->top);
        else if (m->path == KPATH_AVX2)
            knn_prune_avx2(m, &b->pq, &b->top);
        else
            knn_prune_generic(m, &b->pq, &b->top);
        return;
    }
#ifdef KNN_HAVE_VNNI_KERNEL
    if (m->path == KPATH_VNNI) {
        shift_queries(m, qx, q0, qn, rows, b);
        vnni_scan(m, b->qs, rows / MR, &b->top);
        return;
    }
#endif
    widen_queries(m, qx, q0, qn, rows, b);
    ByteTiles T = { b->x16, b->groups, b->ngroups, rows / MQ };
    if (m->path == KPATH_AVX2)
        knn_scan_avx2(m, &T, &b->top);
    else
        knn_scan_generic(m, &T, &b->top);
}

/* Queries [q0, q0 + qn) against every training panel.  0, or -1 when out of
 * memory. */
static int search_sub_block(const KnnModel *m, const uint8_t *qx, int q0, int qn, int kk,
                            int *idx, float *dist)
{
    int rows = (qn + MR - 1) / MR * MR;
    ByteScratch b;
    if (byte_scratch_alloc(&b, m, rows, kk) < 0)
        return -1;
    scan_sub_block(m, qx, q0, qn, rows, &b);
    byte_results(m, qx, q0, qn, kk, &b, idx, dist);
    byte_scratch_free(&b);
    return 0;
}

/* Queries per sub-block: the sub-blocks a multiple of the thread count, each
 * at most SUB_MAX queries, a whole number of MR-query tiles. */
static int sub_block_size(int nq)
{
    int nt = thread_count();
    int nsub = (nq + SUB_MAX - 1) / SUB_MAX;
    nsub = (nsub + nt - 1) / nt * nt;
    int sub = (nq + nsub - 1) / nsub;
    return (sub + MR - 1) / MR * MR;
}

int knn_search_bytes(const KnnModel *m, const uint8_t *qx, int nq, int kk, int *idx,
                     float *dist, Error *err)
{
    int sub = sub_block_size(nq);
    int nsub = (nq + sub - 1) / sub;
    int failed = 0;
#pragma omp parallel for schedule(dynamic, 1)
    for (int sb = 0; sb < nsub; sb++) {
        int q0 = sb * sub, qn = nq - q0 < sub ? nq - q0 : sub;
        if (search_sub_block(m, qx, q0, qn, kk, idx, dist) < 0) {
#pragma omp atomic write
            failed = 1;
        }
    }
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    return 0;
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

/* The minkowski distance (sum_j |a_j - b_j|^p)^(1/p), computed stably:
 * scaled by the largest difference M, it is M (sum_j (|a_j - b_j| / M)^p)^(1/p)
 * with every term in [0, 1], so that |x|^p neither overflows (p = 40 on
 * unscaled data made every distance inf, and neighbours tie) nor
 * underflows. */
static float lp_distance(const float *a, const float *b, int d, double p)
{
    double big = 0.0;
    for (int j = 0; j < d; j++) {
        double t = fabs((double)a[j] - b[j]);
        if (t > big)
            big = t;
    }
    if (big == 0.0)
        return 0.0f;
    double s = 0.0;
    for (int j = 0; j < d; j++)
        s += pow(fabs((double)a[j] - b[j]) / big, p);
    return (float)(big * pow(s, 1.0 / p));
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
 * distances are recomputed at the end), cosine 1 - cos, manhattan and
 * minkowski the distance itself. */
static float key_to_distance(const KnnModel *m, float key)
{
    (void)m;
    return key;
}

/* One query block's scratch. */
typedef struct FloatScratch {
    float *G;       /* bq x bt dot products                     */
    float *buf;     /* bt x d training rows as floats, or NULL   */
    float *qnorm;   /* bq: ||x||^2                               */
    float *qn_rows; /* bq x d: unit query rows (cosine)          */
    float *S;       /* bq x kk running top-k keys                */
    int *Ix, *cnt;  /* bq x kk rows; bq counts                   */
} FloatScratch;

static void float_scratch_free(FloatScratch *s)
{
    free(s->G);
    free(s->buf);
    free(s->qnorm);
    free(s->qn_rows);
    free(s->S);
    free(s->Ix);
    free(s->cnt);
}

static int float_scratch_alloc(FloatScratch *s, const KnnModel *m, int bq, int bt, int kk)
{
    int d = m->d;
    s->G = malloc((size_t)bq * bt * sizeof *s->G);
    s->buf = m->X ? NULL : malloc((size_t)bt * d * sizeof *s->buf);
    s->qnorm = malloc((size_t)bq * sizeof *s->qnorm);
    s->qn_rows = malloc((size_t)bq * d * sizeof *s->qn_rows);
    s->S = malloc((size_t)bq * kk * sizeof *s->S);
    s->Ix = malloc((size_t)bq * kk * sizeof *s->Ix);
    s->cnt = calloc((size_t)bq, sizeof *s->cnt);
    if (s->G && (m->X || s->buf) && s->qnorm && s->qn_rows && s->S && s->Ix && s->cnt)
        return 0;
    float_scratch_free(s);
    return -1;
}

/* ||x||^2 and the unit row x / ||x|| (0 for a zero row) of qn queries Q. */
static void query_norms(const float *Q, int qn, int d, FloatScratch *s)
{
    for (int r = 0; r < qn; r++) {
        const float *x = Q + (size_t)r * d;
        float sq = 0.0f;
        for (int f = 0; f < d; f++)
            sq += x[f] * x[f];
        s->qnorm[r] = sq;
        float inv = sq > 0.0f ? 1.0f / sqrtf(sq) : 0.0f;
        for (int f = 0; f < d; f++)
            s->qn_rows[(size_t)r * d + f] = x[f] * inv;
    }
}

/* The ranking key of training row z for query x: g = x.z (or the unit
 * x.z for cosine), zn = ||z||^2, xn = ||x||^2. */
static float float_key(const KnnModel *m, float g, float zn, float xn, const float *x,
                       const float *z)
{
    switch (m->metric) {
    case METRIC_EUCLIDEAN:
        return zn - 2.0f * g;
    case METRIC_COSINE:
        return zn > 0.0f && xn > 0.0f ? 1.0f - g / sqrtf(zn) : 1.0f;
    case METRIC_MANHATTAN:
        return l1_distance(x, z, m->d);
    default:
        return lp_distance(x, z, m->d, m->p);
    }
}

/* Offer training rows [t0, t0 + tn) (floats T) to each of the qn queries Q. */
static void scan_chunk(const KnnModel *m, const float *Q, int qn, int t0, int tn,
                       const float *T, int kk, FloatScratch *s)
{
    int d = m->d;
    if (m->metric == METRIC_EUCLIDEAN || m->metric == METRIC_COSINE)
        /* G (qn x tn) = Q (qn x d) . T^T (d x tn) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, qn, tn, d, 1.0f,
                    m->metric == METRIC_COSINE ? s->qn_rows : Q, d, T, d, 0.0f, s->G, tn);
    for (int r = 0; r < qn; r++) {
        float *S = s->S + (size_t)r * kk;
        int *ix = s->Ix + (size_t)r * kk;
        const float *x = Q + (size_t)r * d;
        for (int j = 0; j < tn; j++) {
            float key = float_key(m, s->G[(size_t)r * tn + j], m->xnorm[t0 + j], s->qnorm[r], x,
                                  T + (size_t)j * d);
            if (s->cnt[r] < kk || key < S[kk - 1])
                topk_insert_f32(S, ix, &s->cnt[r], kk, key, t0 + j);
        }
    }
}

/* The expansion loses digits when ||x||^2 is large next to ||x - z||^2:
 * recompute the k distances of query x directly (in double) and re-sort
 * them, ties by row. */
static void exact_euclidean(const KnnModel *m, const float *x, float *s, int *ix, int kk,
                            float *buf)
{
    int d = m->d;
    for (int j = 0; j < kk; j++) {
        const float *z = train_rows(m, ix[j], 1, buf);
        double sq = 0.0;
        for (int f = 0; f < d; f++)
            sq += ((double)x[f] - z[f]) * ((double)x[f] - z[f]);
        s[j] = (float)sqrt(sq);
    }
    for (int j = 1; j < kk; j++)
        for (int t = j; t > 0 && (s[t] < s[t - 1] || (s[t] == s[t - 1] && ix[t] < ix[t - 1]));
             t--) {
            float ts = s[t];
            int ti = ix[t];
            s[t] = s[t - 1], ix[t] = ix[t - 1];
            s[t - 1] = ts, ix[t - 1] = ti;
        }
}

/* Keys to distances for the qn queries Q, written to rows q0.. of idx/dist. */
static void float_results(const KnnModel *m, const float *Q, int q0, int qn, int kk,
                          FloatScratch *s, int *idx, float *dist)
{
    for (int r = 0; r < qn; r++) {
        float *S = s->S + (size_t)r * kk;
        int *ix = s->Ix + (size_t)r * kk;
        if (m->metric == METRIC_EUCLIDEAN)
            exact_euclidean(m, Q + (size_t)r * m->d, S, ix, kk, s->buf);
        else
            for (int j = 0; j < kk; j++)
                S[j] = key_to_distance(m, S[j]);
        for (int j = 0; j < kk; j++) {
            idx[(size_t)(q0 + r) * kk + j] = ix[j];
            dist[(size_t)(q0 + r) * kk + j] = S[j];
        }
    }
}

/* Queries [q0, q0 + qn) (rows q0all + q0.. of Xq) against every training
 * chunk of bt rows.  0, or -1 when out of memory. */
static int search_float_block(const KnnModel *m, const Mat *Xq, int q0all, int q0, int qn,
                              int kk, int bq, int bt, int *idx, float *dist)
{
    FloatScratch s;
    if (float_scratch_alloc(&s, m, bq, bt, kk) < 0)
        return -1;
    const float *Q = mat_row(Xq, q0all + q0);
    query_norms(Q, qn, m->d, &s);
    for (int t0 = 0; t0 < m->n; t0 += bt) {
        int tn = m->n - t0 < bt ? m->n - t0 : bt;
        scan_chunk(m, Q, qn, t0, tn, train_rows(m, t0, tn, s.buf), kk, &s);
    }
    float_results(m, Q, q0, qn, kk, &s, idx, dist);
    float_scratch_free(&s);
    return 0;
}

int knn_search_float(const KnnModel *m, const Mat *Xq, int q0all, int nq, int kk, int *idx,
                     float *dist, Error *err)
{
    int d = m->d;
    /* Blocks of at most BQ queries and BT training rows, smaller for very wide
     * rows so that a block stays around a few MB. */
    int bq = BQ, bt = BT;
    while (bq > 8 && (size_t)bq * d > (1u << 20))
        bq /= 2;
    while (bt > 8 && (size_t)bt * d > (1u << 20))
        bt /= 2;
    int nblocks = (nq + bq - 1) / bq;
    int failed = 0;
#ifdef _OPENMP
    blas_serial_begin(); /* each thread runs its own sgemm (see mat.h) */
#endif
#pragma omp parallel for schedule(dynamic, 1)
    for (int b = 0; b < nblocks; b++) {
        int q0 = b * bq, qn = nq - q0 < bq ? nq - q0 : bq;
        if (search_float_block(m, Xq, q0all, q0, qn, kk, bq, bt, idx, dist) < 0) {
#pragma omp atomic write
            failed = 1;
        }
    }
#ifdef _OPENMP
    blas_serial_end();
#endif
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    return 0;
}
