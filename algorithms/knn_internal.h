/* knn_internal.h - the k-NN model shared by knn.c (the algorithm: store,
 * search, vote) and knn_kernels.c (the fast distance kernels).  Not for
 * views: they read a model through knn.h. */
#ifndef MLLAB_KNN_INTERNAL_H
#define MLLAB_KNN_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "knn.h"

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
    int n, d, n_classes;  /* n training rows, copied by create       */
    bool stored;          /* the training step has run               */
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

/* Does the CPU run the exact byte kernel (AVX-512 F, BW and VNNI)? */
bool knn_cpu_has_vnni(void);

/* Lay the training rows X (n x d) out as bytes at scale m->qscale in VNNI
 * panels; compute each row's constant c_z and its norm.  Returns 1, or 0
 * when a value is off the byte grid (nothing kept), or -1 with err set. */
int knn_pack_panels(KnnModel *m, const float *X, Error *err);

/* The kk nearest rows of nq query rows (bytes qx, nq x d) through the VNNI
 * kernel.  idx/dist: nq x kk.  kk <= m->n.  0 or -1 with err set. */
int knn_search_bytes(const KnnModel *m, const uint8_t *qx, int nq, int kk, int *idx,
                     float *dist, Error *err);

/* The same for rows [q0, q0 + nq) of Xq in floats, by blocks of queries
 * against chunks of training rows (sgemm for euclidean and cosine). */
int knn_search_float(const KnnModel *m, const Mat *Xq, int q0, int nq, int kk, int *idx,
                     float *dist, Error *err);

#endif
