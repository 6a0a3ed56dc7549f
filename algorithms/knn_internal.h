/* knn_internal.h - the k-NN model shared by knn.c (the algorithm: store,
 * search, vote) and knn_kernels.c (the fast distance kernels).  Not for
 * views: they read a model through knn.h. */
#ifndef MLLAB_KNN_INTERNAL_H
#define MLLAB_KNN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel_path.h"
#include "knn.h"

enum { METRIC_EUCLIDEAN, METRIC_MANHATTAN, METRIC_MINKOWSKI, METRIC_COSINE };
enum { WEIGHTS_UNIFORM, WEIGHTS_DISTANCE };

#define BQ 128   /* queries per float block                    */
#define BT 512   /* training rows per float chunk               */
#define MR 8     /* queries per integer micro-tile (the kernel names 8) */
#define MQ 4     /* queries per tile of the AVX2 and generic byte kernels */
#define NR 16    /* training rows per packed panel (one zmm)    */
#define SUB_MAX 256 /* queries per integer sub-block (in L2)    */

typedef struct KnnModel {
    int k, metric, weights;
    double p;
    int n, d, n_classes;  /* n training rows, copied by create       */
    bool stored;          /* the training step has run               */
    int *y;               /* n labels                                */
    float *X;             /* n x d floats, or NULL when on a byte grid */
    uint8_t *Q;           /* n x d bytes (quantised), or NULL        */
    bool q_borrowed;      /* Q is the byte-backed training part's own storage
                             (create to step only): not freed here     */
    float qscale;         /* value = byte / qscale                   */
    float *xnorm;         /* n: ||z||^2 in the data's units          */
    /* The byte kernels' layout: panels of NR rows; in a panel, for each
     * group of 4 features, NR x 4 bytes (row-major within the group). */
    uint8_t *packed;      /* npad / NR panels x d4 x 64 bytes        */
    int32_t *cterm;       /* npad: ||z||^2 - 256 sum(z); big for padding */
    int32_t *zsq;         /* npad: ||z||^2; big for padding           */
    int d4, npad;
    KernelPath path;      /* the byte kernels' instruction set        */
    /* The pruned search of the AVX2 and generic paths (knn_prune.c): the
     * rows stay in Q; their pooled cells in panels of NR rows, per pair of
     * cells NR x 2 int16. */
    int img_w, img_h;     /* the training set's image shape, or 0     */
    int *cell_of;         /* d: each feature's cell                   */
    int npair;            /* pairs of cells                           */
    int16_t *pooled;      /* npad / NR panels x npair x NR x 2        */
    int32_t *pzsq;        /* npad: ||Pz||^2; INT32_MAX for padding     */
    int32_t *zsum;        /* npad: sum(z) (the VNNI exact products)    */
} KnnModel;

/* Most features for the pruned search (its pooled sums stay in int32). */
#define KNN_PRUNE_MAX_D 2048

/* Lay the byte rows m->Q out in panels; compute each row's constants c_z
 * and ||z||^2.  0, or -1 with err set. */
int knn_pack_panels(KnnModel *m, Error *err);

/* The kk nearest rows of nq query rows (bytes qx, nq x d) through the byte
 * kernel of m->path.  idx/dist: nq x kk.  kk <= m->n.  0 or -1 with err set.
 * The ranking key of training row z for query x is the exact integer
 * ||z||^2 - 2 x.z on every path, so every path finds the same neighbours. */
int knn_search_bytes(const KnnModel *m, const uint8_t *qx, int nq, int kk, int *idx,
                     float *dist, Error *err);

/* One sub-block of queries for the AVX2 and generic kernels: tiles of MQ
 * queries as 16-bit integers (x, unshifted; padding 0), and per tile the
 * feature groups where some query of the tile is not zero. */
typedef struct ByteTiles {
    const int16_t *x;    /* tiles x MQ x dpad                         */
    const int *groups;   /* tiles x d4: the listed groups first       */
    const int *ngroups;  /* tiles                                     */
    int tiles;
} ByteTiles;

/* The running top-k of a sub-block's queries (rows of the sub-block). */
typedef struct TopK {
    int32_t *S;       /* rows x kk keys, ascending     */
    int32_t *thresh;  /* rows: the k-th best so far    */
    int *Ix, *cnt;    /* rows x kk rows; rows counts   */
    int kk;
} TopK;

/* Offer the keys of training rows [j0, j0 + nk) to query qi. */
void knn_offer(TopK *t, int qi, const int32_t *keys, int nk, int j0);

/* Scan every training panel for the tiles of T (knn_scan.c): AVX2, and
 * portable C. */
void knn_scan_avx2(const KnnModel *m, const ByteTiles *T, TopK *top);
void knn_scan_generic(const KnnModel *m, const ByteTiles *T, TopK *top);

/* The pooled queries of one sub-block for the pruned search: Px per row
 * (rows x cpad int16, cpad = 2 npair), per tile of MQ queries the pairs of
 * cells not all 0, ||x||^2, ||Px||^2, and the running bound on the pooled
 * key (INT32_MIN for padding rows). */
typedef struct PooledQueries {
    const uint8_t *x;   /* the sub-block's query bytes, rows x d       */
    int16_t *px;
    int *groups, *ngroups;
    int32_t *xx, *pxsq, *bound;
    int tiles;
} PooledQueries;

/* Pool the training rows m->Q into m->pooled (cells of m->img_w x img_h
 * images, or 4 consecutive features), with ||z||^2 and ||Pz||^2.  0 or -1
 * with err set. */
int knn_pool_panels(KnnModel *m, Error *err);
/* Fill P for the qn queries qx (rows x d bytes; rows a multiple of MQ, the
 * rows past qn padding). */
void knn_pool_queries(const KnnModel *m, const uint8_t *qx, int qn, int rows, PooledQueries *P);
/* Every training row, in order, for the queries of P: the pooled bound
 * first, the exact key for the rows that pass (knn_prune.c). */
void knn_prune_avx2(const KnnModel *m, PooledQueries *P, TopK *top);
void knn_prune_generic(const KnnModel *m, PooledQueries *P, TopK *top);
void knn_prune_vnni(const KnnModel *m, PooledQueries *P, TopK *top);

/* The same for rows [q0, q0 + nq) of Xq in floats, by blocks of queries
 * against chunks of training rows (sgemm for euclidean and cosine). */
int knn_search_float(const KnnModel *m, const Mat *Xq, int q0, int nq, int kk, int *idx,
                     float *dist, Error *err);

#endif
