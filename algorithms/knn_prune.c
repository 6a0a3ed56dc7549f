/* knn_prune.c - the exact byte search of k-NN on the AVX2 and generic paths,
 * pruned by a lower bound (knn_kernels.c has the driver and the VNNI scan).
 *
 * Pooling: the features are split into cells of at most 4 (2 x 2 pixels for
 * an image set, else 4 consecutive features), and Px is the vector of the
 * cells' sums.  By Cauchy-Schwarz, (sum over a cell of (x_f - z_f))^2 is at
 * most 4 times the sum of the squares, so
 *     ||Px - Pz||^2  <=  4 ||x - z||^2
 * in exact integers.  The search streams the training rows in order, for a
 * tile of MQ queries against a panel of NR rows, computing the pooled
 * distances first (a quarter of the products, 16-bit sums of up to 4 x 255);
 * only a row whose pooled bound is below 4 x the query's current k-th
 * squared distance can enter its top-k, and only those get the exact
 * ||z||^2 - 2 x.z over the bytes.  A row left out has an exact distance at
 * least the current k-th: the full scan would not have let it in either
 * (it takes a row only when strictly better), so the neighbours, their
 * order and their ties are those of the full scan.  On MNIST (2 x 2 cells)
 * about 1% of the rows pass.
 *
 * Pooled panels: per panel of NR = 16 rows, per pair of cells, 16 rows x 2
 * int16 (64 bytes): one vpmaddwd gives 8 rows' sums of 2 products. */
#include "knn_internal.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define PRUNE_X86 1
#endif

/* ---------------------------------------------------------------- cells */

/* The cell of each feature (m->cell_of) and the cell count: 2 x 2 pixels
 * when the rows are images of img_w x img_h, else 4 consecutive features. */
static int pool_cells(KnnModel *m)
{
    int d = m->d, w = m->img_w, h = m->img_h;
    if (w >= 2 && h >= 2 && (long)w * h == d) {
        int cw = (w + 1) / 2;
        for (int f = 0; f < d; f++)
            m->cell_of[f] = (f / w / 2) * cw + (f % w) / 2;
        return cw * ((h + 1) / 2);
    }
    for (int f = 0; f < d; f++)
        m->cell_of[f] = f / 4;
    return (d + 3) / 4;
}

/* Row j (bytes z) into its pooled panel, with ||z||^2 and ||Pz||^2. */
static void pool_row(KnnModel *m, int j, const uint8_t *z, int32_t *cells)
{
    int d = m->d, npair = m->npair;
    memset(cells, 0, (size_t)2 * npair * sizeof *cells);
    int32_t sq = 0, psq = 0, sum = 0;
    for (int f = 0; f < d; f++) {
        sq += (int32_t)z[f] * z[f];
        sum += z[f];
        cells[m->cell_of[f]] += z[f];
    }
    int16_t *dst = m->pooled + ((size_t)(j / NR) * npair * NR + (size_t)(j % NR)) * 2;
    for (int c = 0; c < 2 * npair; c++) {
        psq += cells[c] * cells[c];
        dst[(size_t)(c / 2) * NR * 2 + c % 2] = (int16_t)cells[c];
    }
    m->zsq[j] = sq;
    m->pzsq[j] = psq;
    m->zsum[j] = sum;
}

int knn_pool_panels(KnnModel *m, Error *err)
{
    int n = m->n;
    m->cell_of = malloc((size_t)m->d * sizeof *m->cell_of);
    if (!m->cell_of)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN");
    m->npair = (pool_cells(m) + 1) / 2;
    m->npad = (n + 2 * NR - 1) / (2 * NR) * (2 * NR); /* VNNI reads panels in pairs */
    m->pooled = calloc((size_t)m->npad * m->npair * 2, sizeof *m->pooled);
    m->zsq = malloc((size_t)m->npad * sizeof *m->zsq);
    m->pzsq = malloc((size_t)m->npad * sizeof *m->pzsq);
    m->zsum = malloc((size_t)m->npad * sizeof *m->zsum);
    int failed = !m->pooled || !m->zsq || !m->pzsq || !m->zsum;
#pragma omp parallel if (!failed && n > 4096)
    {
        int32_t *cells = malloc((size_t)2 * m->npair * sizeof *cells);
        if (!cells) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(static)
        for (int j = 0; j < m->npad; j++) {
            if (j >= n)
                m->zsq[j] = m->pzsq[j] = INT32_MAX, m->zsum[j] = 0; /* padding never passes */
            else if (cells)
                pool_row(m, j, m->Q + (size_t)j * m->d, cells);
        }
        free(cells);
    }
    if (failed)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN");
    return 0;
}

/* ------------------------------------------------------------- queries */

/* Queries' pooled tiles: Px of row r at px + r * cpad (cpad = 2 npair,
 * padding 0); per tile of MQ queries the pairs of cells where one is not 0
 * (the others add nothing to Px.Pz).  Rows past qn get bound INT32_MIN. */
void knn_pool_queries(const KnnModel *m, const uint8_t *qx, int qn, int rows, PooledQueries *P)
{
    int d = m->d, npair = m->npair, cpad = 2 * npair;
    memset(P->px, 0, (size_t)rows * cpad * sizeof *P->px);
    for (int r = 0; r < rows; r++) {
        int16_t *px = P->px + (size_t)r * cpad;
        int32_t xx = 0, pxsq = 0;
        for (int f = 0; r < qn && f < d; f++) {
            int v = qx[(size_t)r * d + f];
            xx += v * v;
            px[m->cell_of[f]] = (int16_t)(px[m->cell_of[f]] + v);
        }
        for (int c = 0; c < cpad; c++)
            pxsq += px[c] * px[c];
        P->xx[r] = xx;
        P->pxsq[r] = pxsq;
        P->bound[r] = r < qn ? INT32_MAX : INT32_MIN;
    }
    for (int t = 0; t < rows / MQ; t++) {
        const int16_t *x = P->px + (size_t)t * MQ * cpad;
        int *g = P->groups + (size_t)t * npair, ng = 0;
        for (int q = 0; q < npair; q++) {
            int any = 0;
            for (int r = 0; r < MQ; r++)
                any |= x[(size_t)r * cpad + 2 * q] | x[(size_t)r * cpad + 2 * q + 1];
            if (any)
                g[ng++] = q;
        }
        P->ngroups[t] = ng;
    }
    P->x = qx;
    P->tiles = rows / MQ;
}

/* -------------------------------------------------------- candidates */

static int32_t dot_u8_generic(const uint8_t *a, const uint8_t *b, int d)
{
    int32_t s = 0;
#pragma omp simd reduction(+ : s)
    for (int f = 0; f < d; f++)
        s += (int32_t)a[f] * b[f];
    return s;
}

#ifdef PRUNE_X86
__attribute__((target("avx2"))) static inline int32_t dot_u8_avx2(const uint8_t *a, const uint8_t *b,
                                                            int d)
{
    __m256i acc = _mm256_setzero_si256();
    int f = 0;
    for (; f + 16 <= d; f += 16) {
        __m256i x = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(a + f)));
        __m256i z = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(b + f)));
        acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, z));
    }
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    int32_t t = _mm_cvtsi128_si32(s);
    for (; f < d; f++)
        t += (int32_t)a[f] * b[f];
    return t;
}

/* x.z with vpdpbusd: 64 products per instruction of unsigned bytes z by
 * signed bytes, so x is shifted, x.z = (x - 128).z + 128 sum(z) (zsum). */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static inline int32_t
dot_u8_vnni(const uint8_t *x, const uint8_t *z, int d, int32_t zsum)
{
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    __m512i acc = _mm512_setzero_si512();
    int f = 0;
    for (; f + 64 <= d; f += 64) {
        __m512i xs = _mm512_xor_si512(_mm512_loadu_si512(x + f), flip);
        acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512(z + f), xs);
    }
    if (f < d) { /* the last bytes; z is 0 past d, so those products are 0 */
        __mmask64 k = (__mmask64)(((uint64_t)1 << (d - f)) - 1);
        __m512i xs = _mm512_xor_si512(_mm512_maskz_loadu_epi8(k, x + f), flip);
        acc = _mm512_dpbusd_epi32(acc, _mm512_maskz_loadu_epi8(k, z + f), xs);
    }
    return _mm512_reduce_add_epi32(acc) + 128 * zsum;
}
#endif

/* 4 (T_sq) - ||Px||^2 with T_sq the current k-th squared distance: the
 * pooled key ||Pz||^2 - 2 Px.Pz must be below it (INT32_MAX while fewer
 * than k are found). */
static int32_t pooled_bound(const TopK *top, const PooledQueries *P, int qi)
{
    if (top->cnt[qi] < top->kk)
        return INT32_MAX;
    int64_t b = 4 * ((int64_t)top->thresh[qi] + P->xx[qi]) - P->pxsq[qi];
    return b > INT32_MAX ? INT32_MAX : b < INT32_MIN ? INT32_MIN : (int32_t)b;
}

/* Row j's exact key (dot = x.z) offered to query qi's top-k; its pooled
 * bound tightens when the k-th best changes. */
static void offer_exact(const KnnModel *m, PooledQueries *P, TopK *top, int qi, int j,
                        int32_t dot)
{
    int32_t key = m->zsq[j] - 2 * dot;
    if (key < top->thresh[qi]) {
        knn_offer(top, qi, &key, 1, j);
        P->bound[qi] = pooled_bound(top, P, qi);
    }
}

/* The rows j0 + b (bits b of mask, in order) that passed the pooled bound
 * for query qi: their exact keys, offered to its top-k.  DOT(x, j) is
 * x.z of row j on the path's kernel; the body is a macro so that each path
 * inlines its own dot product in its own target (no switch between AVX
 * and SSE code on the way: that costs more than the product). */
#define OFFER_ROWS(DOT)                                                                     \
    do {                                                                                    \
        const uint8_t *x = P->x + (size_t)qi * m->d;                                        \
        for (; mask; mask &= mask - 1) {                                                    \
            int j = j0 + __builtin_ctz(mask);                                               \
            offer_exact(m, P, top, qi, j, DOT(x, j));                                       \
        }                                                                                   \
    } while (0)

#define DOT_GENERIC(x, j) dot_u8_generic(x, m->Q + (size_t)(j) * m->d, m->d)
static void offer_generic(const KnnModel *m, PooledQueries *P, TopK *top, int qi,
                          uint32_t mask, int j0)
{
    OFFER_ROWS(DOT_GENERIC);
}

#ifdef PRUNE_X86
#define DOT_AVX2(x, j) dot_u8_avx2(x, m->Q + (size_t)(j) * m->d, m->d)
__attribute__((target("avx2"))) static void offer_avx2(const KnnModel *m, PooledQueries *P,
                                                       TopK *top, int qi, uint32_t mask, int j0)
{
    OFFER_ROWS(DOT_AVX2);
}

#define DOT_VNNI(x, j) dot_u8_vnni(x, m->Q + (size_t)(j) * m->d, m->d, m->zsum[j])
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
offer_vnni(const KnnModel *m, PooledQueries *P, TopK *top, int qi, uint32_t mask, int j0)
{
    OFFER_ROWS(DOT_VNNI);
}
#endif

/* For each query qi of tile t: the bits of the rows of the panel at j0
 * whose pooled keys pass its bound (PASS(r, qi), r its place in the tile),
 * their exact keys offered by OFFER (offer_generic, _avx2 or _vnni). */
#define OFFER_TILE(PASS, OFFER)                                                             \
    for (int r = 0; r < MQ; r++) {                                                          \
        int qi = t * MQ + r;                                                                \
        uint32_t mask = PASS(r, qi);                                                        \
        if (mask)                                                                           \
            OFFER(m, P, top, qi, mask, j0);                                                 \
    }

/* Ask for the bytes of the NR rows of the panel at j0 (the next one): an
 * exact key reads a row at random otherwise, and waits for memory. */
static void prefetch_panel(const KnnModel *m, int j0)
{
    if (j0 >= m->n)
        return;
    int last = j0 + NR < m->n ? j0 + NR : m->n;
    const uint8_t *a = m->Q + (size_t)j0 * m->d, *b = m->Q + (size_t)last * m->d;
    for (; a < b; a += 64)
#ifdef PRUNE_X86
        __asm__ volatile("prefetcht1 %0" : : "m"(*a)); /* GCC 12 dropped the builtin here */
#else
        __builtin_prefetch(a, 0, 2);
#endif
}

/* ------------------------------------------------------------------ AVX2 */

#ifdef PRUNE_X86
/* A query's two int16 cells of a pair, as one 32-bit lane to broadcast. */
static inline int32_t pair_at(const int16_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* The pool tiles of AVX2 and VNNI keep each query's sums in named
 * registers: a0r for the first half of the rows, a1r for the second.
 * EACH_QUERY(Q) runs Q(r) for the MQ queries of a tile, unrolled (an array
 * of registers indexed in a loop costs moves and a spill per pair);
 * STORE_ACC hands query r's halves out as acc[2r] and acc[2r + 1]. */
#define EACH_QUERY(Q) (Q(0), Q(1), Q(2), Q(3))
#define STORE_ACC(acc)                                                                      \
    ((acc)[0] = a00, (acc)[1] = a10, (acc)[2] = a01, (acc)[3] = a11, (acc)[4] = a02,        \
     (acc)[5] = a12, (acc)[6] = a03, (acc)[7] = a13)

_Static_assert(MQ == 4 && NR == 16, "avx2_pool_tile keeps 4 queries x 2 halves of a panel");

/* The pooled dot products of a tile of MQ queries (X, MQ x cpad int16)
 * with the 16 rows of panel Z, over the listed pairs of cells: acc[2r] rows
 * 0-7 and acc[2r + 1] rows 8-15 of query r. */
__attribute__((target("avx2"))) static void avx2_pool_tile(const int16_t *Z, const int16_t *X,
                                                           int cpad, const int *g, int ng,
                                                           __m256i acc[2 * MQ])
{
    __m256i a00 = _mm256_setzero_si256(), a01 = a00, a02 = a00, a03 = a00;
    __m256i a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    for (int i = 0; i < ng; i++) {
        const int16_t *zp = Z + (size_t)g[i] * NR * 2;
        const __m256i z0 = _mm256_loadu_si256((const __m256i *)zp);
        const __m256i z1 = _mm256_loadu_si256((const __m256i *)(zp + NR));
        const int16_t *xq = X + 2 * (size_t)g[i];
#define AVX2_Q(r)                                                                           \
    (a = _mm256_set1_epi32(pair_at(xq + (size_t)(r) * cpad)),                               \
     a0##r = _mm256_add_epi32(a0##r, _mm256_madd_epi16(z0, a)),                             \
     a1##r = _mm256_add_epi32(a1##r, _mm256_madd_epi16(z1, a)))
        __m256i a;
        EACH_QUERY(AVX2_Q);
#undef AVX2_Q
    }
    STORE_ACC(acc);
}

/* The bits of the 16 rows whose pooled keys pz - 2 acc are below bound. */
__attribute__((target("avx2"))) static uint32_t avx2_pass(__m256i lo, __m256i hi, __m256i pz0,
                                                          __m256i pz1, int32_t bound)
{
    const __m256i b = _mm256_set1_epi32(bound);
    __m256i k0 = _mm256_sub_epi32(pz0, _mm256_slli_epi32(lo, 1));
    __m256i k1 = _mm256_sub_epi32(pz1, _mm256_slli_epi32(hi, 1));
    uint32_t m0 = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(b, k0)));
    uint32_t m1 = (uint32_t)_mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(b, k1)));
    return m0 | m1 << 8;
}

__attribute__((target("avx2"))) void knn_prune_avx2(const KnnModel *m, PooledQueries *P,
                                                    TopK *top)
{
    const int npair = m->npair, cpad = 2 * npair;
    for (int j0 = 0; j0 < m->npad; j0 += NR) {
        const int16_t *Z = m->pooled + (size_t)j0 * npair * 2;
        const __m256i pz0 = _mm256_loadu_si256((const __m256i *)(m->pzsq + j0));
        const __m256i pz1 = _mm256_loadu_si256((const __m256i *)(m->pzsq + j0 + 8));
        prefetch_panel(m, j0 + NR);
        for (int t = 0; t < P->tiles; t++) {
            __m256i acc[2 * MQ];
            avx2_pool_tile(Z, P->px + (size_t)t * MQ * cpad, cpad,
                           P->groups + (size_t)t * npair, P->ngroups[t], acc);
#define AVX2_PASS(r, qi) avx2_pass(acc[2 * (r)], acc[2 * (r) + 1], pz0, pz1, P->bound[qi])
            OFFER_TILE(AVX2_PASS, offer_avx2);
#undef AVX2_PASS
        }
    }
}

/* ------------------------------------------------------------ AVX-512 VNNI */

/* The pooled dot products of a tile of MQ queries with the 32 rows of the
 * panels Z0 and Z1 (vpdpwssd: 16 rows' sums of 2 products each):
 * acc[2r] rows 0-15 and acc[2r + 1] rows 16-31 of query r. */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
vnni_pool_tile(const int16_t *Z0, const int16_t *Z1, const int16_t *X, int cpad, const int *g,
               int ng, __m512i acc[2 * MQ])
{
    __m512i a00 = _mm512_setzero_si512(), a01 = a00, a02 = a00, a03 = a00;
    __m512i a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    for (int i = 0; i < ng; i++) {
        const __m512i z0 = _mm512_loadu_si512(Z0 + (size_t)g[i] * NR * 2);
        const __m512i z1 = _mm512_loadu_si512(Z1 + (size_t)g[i] * NR * 2);
        const int16_t *xq = X + 2 * (size_t)g[i];
#define VNNI_Q(r)                                                                           \
    (a = _mm512_set1_epi32(pair_at(xq + (size_t)(r) * cpad)),                               \
     a0##r = _mm512_dpwssd_epi32(a0##r, z0, a), a1##r = _mm512_dpwssd_epi32(a1##r, z1, a))
        __m512i a;
        EACH_QUERY(VNNI_Q);
#undef VNNI_Q
    }
    STORE_ACC(acc);
}

/* The bits of the 32 rows whose pooled keys pz - 2 acc are below bound. */
__attribute__((target("avx512f,avx512bw"))) static uint32_t vnni_pass(__m512i lo, __m512i hi,
                                                                      __m512i pz0, __m512i pz1,
                                                                      int32_t bound)
{
    const __m512i b = _mm512_set1_epi32(bound);
    __mmask16 m0 = _mm512_cmplt_epi32_mask(_mm512_sub_epi32(pz0, _mm512_slli_epi32(lo, 1)), b);
    __mmask16 m1 = _mm512_cmplt_epi32_mask(_mm512_sub_epi32(pz1, _mm512_slli_epi32(hi, 1)), b);
    return (uint32_t)m0 | (uint32_t)m1 << 16;
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) void
knn_prune_vnni(const KnnModel *m, PooledQueries *P, TopK *top)
{
    const int npair = m->npair, cpad = 2 * npair;
    for (int j0 = 0; j0 < m->npad; j0 += 2 * NR) {
        const int16_t *Z0 = m->pooled + (size_t)j0 * npair * 2, *Z1 = Z0 + (size_t)NR * npair * 2;
        const __m512i pz0 = _mm512_loadu_si512(m->pzsq + j0);
        const __m512i pz1 = _mm512_loadu_si512(m->pzsq + j0 + NR);
        prefetch_panel(m, j0 + 2 * NR);
        prefetch_panel(m, j0 + 3 * NR);
        for (int t = 0; t < P->tiles; t++) {
            __m512i acc[2 * MQ];
            vnni_pool_tile(Z0, Z1, P->px + (size_t)t * MQ * cpad, cpad,
                           P->groups + (size_t)t * npair, P->ngroups[t], acc);
#define VNNI_PASS(r, qi) vnni_pass(acc[2 * (r)], acc[2 * (r) + 1], pz0, pz1, P->bound[qi])
            OFFER_TILE(VNNI_PASS, offer_vnni);
#undef VNNI_PASS
        }
    }
}
#else
void knn_prune_avx2(const KnnModel *m, PooledQueries *P, TopK *top)
{
    knn_prune_generic(m, P, top); /* never chosen: kernel_path_supported says no */
}

void knn_prune_vnni(const KnnModel *m, PooledQueries *P, TopK *top)
{
    knn_prune_generic(m, P, top);
}
#endif

/* --------------------------------------------------------------- generic */

/* acc[r][j] = Px_r . Pz_j for a tile of MQ queries and the NR rows of Z. */
static void generic_pool_tile(const int16_t *Z, const int16_t *X, int cpad, const int *g, int ng,
                              int32_t acc[MQ][NR])
{
    memset(acc, 0, sizeof(int32_t) * MQ * NR);
    for (int i = 0; i < ng; i++) {
        const int16_t *zp = Z + (size_t)g[i] * NR * 2;
        for (int r = 0; r < MQ; r++) {
            int32_t x0 = X[(size_t)r * cpad + 2 * g[i]], x1 = X[(size_t)r * cpad + 2 * g[i] + 1];
            int32_t *a = acc[r];
#pragma omp simd
            for (int j = 0; j < NR; j++)
                a[j] += zp[2 * j] * x0 + zp[2 * j + 1] * x1;
        }
    }
}

/* The bits of the NR rows of the panel at j0 whose pooled keys
 * ||Pz||^2 - 2 acc are below bound. */
static inline uint32_t generic_pass(const KnnModel *m, int j0, const int32_t *acc, int32_t bound)
{
    uint32_t mask = 0;
    for (int j = 0; j < NR; j++)
        mask |= (uint32_t)(m->pzsq[j0 + j] - 2 * acc[j] < bound) << j;
    return mask;
}

void knn_prune_generic(const KnnModel *m, PooledQueries *P, TopK *top)
{
    const int npair = m->npair, cpad = 2 * npair;
    for (int j0 = 0; j0 < m->npad; j0 += NR) {
        const int16_t *Z = m->pooled + (size_t)j0 * npair * 2;
        prefetch_panel(m, j0 + NR);
        for (int t = 0; t < P->tiles; t++) {
            int32_t acc[MQ][NR];
            generic_pool_tile(Z, P->px + (size_t)t * MQ * cpad, cpad,
                              P->groups + (size_t)t * npair, P->ngroups[t], acc);
#define GENERIC_PASS(r, qi) generic_pass(m, j0, acc[r], P->bound[qi])
            OFFER_TILE(GENERIC_PASS, offer_generic);
#undef GENERIC_PASS
        }
    }
}
