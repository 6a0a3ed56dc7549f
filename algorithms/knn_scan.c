/* knn_scan.c - the exact full-scan byte kernels of k-NN for CPUs without
 * AVX-512 VNNI: AVX2, and portable C (knn_kernels.c has the VNNI one, the
 * packing and the driver).  They serve rows of more than KNN_PRUNE_MAX_D
 * features; narrower rows go through the pruned search of knn_prune.c,
 * which finds the same neighbours with a fraction of the products.
 *
 * Both read the training panels of knn_kernels.c (per panel of NR = 16
 * rows, per group of 4 features, 16 x 4 bytes) and the queries as 16-bit
 * integers x (not shifted: 0..255).  The key of training row z is
 *   ||z||^2 - 2 x.z
 * the same integer the VNNI kernel reaches as c_z - 2 (x - 128).z, so every
 * path ranks the rows alike and finds the same neighbours.  Groups of
 * features where all the queries of a tile are 0 add nothing to x.z and are
 * skipped (the tile's list of groups; most of an MNIST digit is 0).
 *
 * AVX2: 16 bytes of a group (4 rows x 4 features) widened to 16 x int16
 * (vpmovzxbw), times the query's 4 features broadcast (vpmaddwd) gives 8
 * int32: for each of the 4 rows, two sums of 2 products.  A tile of MQ = 4
 * queries against half a panel (8 rows) keeps 8 ymm accumulators.  At most
 * 2 x 255 x 255 per product pair and 8192 features: no overflow. */
#include "knn_internal.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

_Static_assert(MQ == 4, "knn_scan_avx2 keeps 4 queries x 2 quarters of accumulators");

/* The 8 keys ||z||^2 - 2 x.z of one query from its two accumulators (rows
 * 0-3 and 4-7, two partial sums per row), offered to its top-k. */
__attribute__((target("avx2"))) static void avx2_offer(TopK *top, int qi, __m256i lo, __m256i hi,
                                                       __m256i zsq, int j0)
{
    /* hadd: rows 0 1 4 5 | 2 3 6 7; the permute puts them in order. */
    __m256i dots = _mm256_permute4x64_epi64(_mm256_hadd_epi32(lo, hi), 0xD8);
    __m256i keys = _mm256_sub_epi32(zsq, _mm256_slli_epi32(dots, 1));
    __m256i below = _mm256_cmpgt_epi32(_mm256_set1_epi32(top->thresh[qi]), keys);
    if (!_mm256_movemask_ps(_mm256_castsi256_ps(below)))
        return;
    int32_t k8[8];
    _mm256_storeu_si256((__m256i *)k8, keys);
    knn_offer(top, qi, k8, 8, j0);
}

/* One tile of MQ queries (X, MQ x dpad) against the 8 rows at P (their
 * 4-byte slots in each 64-byte group), over the listed groups. */
__attribute__((target("avx2"))) static void avx2_tile(const uint8_t *P, const int16_t *X,
                                                      int dpad, const int *g, int ng,
                                                      __m256i acc[2 * MQ])
{
    __m256i a00 = _mm256_setzero_si256(), a01 = a00, a02 = a00, a03 = a00;
    __m256i a10 = a00, a11 = a00, a12 = a00, a13 = a00;
    for (int i = 0; i < ng; i++) {
        const uint8_t *zp = P + (size_t)g[i] * 64;
        const __m256i z0 = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)zp));
        const __m256i z1 = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(zp + 16)));
        const int16_t *xq = X + 4 * (size_t)g[i];
#define KNN_Q(r)                                                                    \
    do {                                                                            \
        int64_t x4;                                                                 \
        memcpy(&x4, xq + (size_t)(r) * dpad, 8);                                    \
        const __m256i a = _mm256_set1_epi64x(x4);                                   \
        a0##r = _mm256_add_epi32(a0##r, _mm256_madd_epi16(z0, a));                  \
        a1##r = _mm256_add_epi32(a1##r, _mm256_madd_epi16(z1, a));                  \
    } while (0)
        KNN_Q(0);
        KNN_Q(1);
        KNN_Q(2);
        KNN_Q(3);
#undef KNN_Q
    }
    acc[0] = a00, acc[1] = a10, acc[2] = a01, acc[3] = a11;
    acc[4] = a02, acc[5] = a12, acc[6] = a03, acc[7] = a13;
}

__attribute__((target("avx2"))) void knn_scan_avx2(const KnnModel *m, const ByteTiles *T,
                                                   TopK *top)
{
    const int d4 = m->d4, dpad = 4 * d4;
    const size_t panel = (size_t)d4 * 64;
    for (int j0 = 0; j0 < m->npad; j0 += NR / 2) {
        const uint8_t *P = m->packed + (size_t)(j0 / NR) * panel + (size_t)(j0 % NR) * 4;
        const __m256i zsq = _mm256_loadu_si256((const __m256i *)(m->zsq + j0));
        for (int t = 0; t < T->tiles; t++) {
            __m256i acc[2 * MQ];
            avx2_tile(P, T->x + (size_t)t * MQ * dpad, dpad, T->groups + (size_t)t * d4,
                      T->ngroups[t], acc);
            for (int r = 0; r < MQ; r++)
                avx2_offer(top, t * MQ + r, acc[2 * r], acc[2 * r + 1], zsq, j0);
        }
    }
}
#else
void knn_scan_avx2(const KnnModel *m, const ByteTiles *T, TopK *top)
{
    knn_scan_generic(m, T, top); /* never chosen: kernel_path_supported says no */
}
#endif

/* One tile of MQ queries against the NR rows of a panel P, over the listed
 * groups: acc[r][j] = x_r . z_j (a loop over the 16 rows that compilers
 * vectorise on any CPU). */
static void generic_tile(const uint8_t *P, const int16_t *X, int dpad, const int *g, int ng,
                         int32_t acc[MQ][NR])
{
    memset(acc, 0, sizeof(int32_t) * MQ * NR);
    for (int i = 0; i < ng; i++) {
        const uint8_t *zp = P + (size_t)g[i] * 64;
        for (int r = 0; r < MQ; r++) {
            const int16_t *x = X + (size_t)r * dpad + 4 * (size_t)g[i];
            int32_t x0 = x[0], x1 = x[1], x2 = x[2], x3 = x[3];
            int32_t *a = acc[r];
#pragma omp simd
            for (int j = 0; j < NR; j++)
                a[j] += zp[4 * j] * x0 + zp[4 * j + 1] * x1 + zp[4 * j + 2] * x2 +
                        zp[4 * j + 3] * x3;
        }
    }
}

void knn_scan_generic(const KnnModel *m, const ByteTiles *T, TopK *top)
{
    const int d4 = m->d4, dpad = 4 * d4;
    const size_t panel = (size_t)d4 * 64;
    for (int j0 = 0; j0 < m->npad; j0 += NR) {
        const uint8_t *P = m->packed + (size_t)(j0 / NR) * panel;
        for (int t = 0; t < T->tiles; t++) {
            int32_t acc[MQ][NR], keys[NR];
            generic_tile(P, T->x + (size_t)t * MQ * dpad, dpad, T->groups + (size_t)t * d4,
                         T->ngroups[t], acc);
            for (int r = 0; r < MQ; r++) {
                for (int j = 0; j < NR; j++)
                    keys[j] = m->zsq[j0 + j] - 2 * acc[r][j];
                knn_offer(top, t * MQ + r, keys, NR, j0);
            }
        }
    }
}
