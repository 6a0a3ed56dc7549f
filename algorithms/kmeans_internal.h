/* kmeans_internal.h - what k-means (algorithms/kmeans.c, Lloyd's algorithm)
 * asks of its fast passes over the data (algorithms/kmeans_kernels.c,
 * kmeans_bounds.c) and of its initialisation (kmeans_init.c). */
#ifndef MLLAB_KMEANS_INTERNAL_H
#define MLLAB_KMEANS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "kernel_path.h"
#include "kmeans.h"

#define KM_CHUNKS 16 /* fixed work split: results do not depend on threads */
#define KM_BLOCK 64  /* rows per sgemm block (OpenBLAS's fast small-matrix size) */
#define KM_FLUSH 16  /* blocks summed in float before adding to the doubles */

/* The rows k-means reads: floats, or bytes on a grid (value = byte / scale),
 * a quarter of the memory traffic for pixel data.  Each iteration streams
 * every row once, so for MNIST the bytes are what makes it fast. */
typedef struct Rows {
    int n, d;
    const float *f;   /* n x d floats, or NULL          */
    const uint8_t *b; /* n x d bytes, or NULL            */
    float scale;      /* value = byte / scale            */
    KernelPath path;  /* conversion and sums (AVX-512 on the vnni path) */
} Rows;

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

/* Shared by the passes (kmeans_kernels.c) and the byte Lloyd iteration
 * (kmeans_bounds.c): bytes to floats on the rows' kernel path (the same
 * floats on every path); ||c||^2 of k centroids (NULL when out of memory)
 * and the largest ||c||; the first row of chunk ch of n. */
void km_bytes_to_floats(const Rows *R, const uint8_t *q, size_t count, float *out);
float *km_centroid_norms(const float *C, int k, int d);
double km_max_norm(const float *cnorm, int k);
int km_chunk_lo(int n, int ch);
/* Row norms ||x_i||^2 into out[n]. */
int km_row_sq_norms(const Rows *R, float *out, Error *err);
/* Row i as floats into out (d). */
void km_row_floats(const Rows *R, int i, float *out);
/* The mean over features of their variance, in one pass. */
int km_mean_variance(const Rows *R, double *out, Error *err);
/* Assign every row to its nearest centroid of C (k x d).  When out->sums is
 * set, also add each row to its chunk's sum for its new cluster (the update
 * step, fused: the block is still in cache).  0 or -1 with err set. */
int km_assign_pass(const Rows *R, const float *xnorm, const float *C, int k, int chunks,
                   AssignOut *out, Error *err);
/* Exact nearest centroid support (kmeans_kernels.c): the rounding bound of
 * the float expansion ||x||^2 - 2 x.c + ||c||^2 for a row of squared norm
 * xnorm_sq and centroids of norm at most cmax; the reference distance in
 * double; the exact nearest among the centroids whose float distances e
 * (every stride-th value, k of them, smallest emin) are within 2 slack. */
double km_expansion_slack(int d, double xnorm_sq, double cmax);
double km_exact_sq_distance(const float *x, const float *c, int d);
int km_resolve_near_tie(const float *x, const float *C, int d, const float *e, int stride,
                        int k, double emin, double slack);
/* What the Lloyd iteration on byte rows keeps between iterations (see
 * kmeans_bounds.c): the clusters' integer sums of bytes and counts, and
 * Elkan bounds per row (distances, not squared).  valid: they match the
 * assignments (false: the next pass recomputes every row and the sums). */
typedef struct LloydBytes {
    int64_t *sums;        /* k x d */
    long *counts;         /* k */
    double *upper;        /* n: >= the distance to the row's centroid */
    double *lower;        /* n x k: <= the distance to each centroid */
    double qq;            /* sum over the rows of ||q||^2, the bytes */
    bool valid;
} LloydBytes;

/* One assign of byte rows R to the centroids C (k x d) that moved by
 * shift[c] (distances) since the last pass: assign[] updated (exact
 * nearest), st's sums and bounds kept up, out->inertia (of the new
 * assignments to C) and out->changed set.  0, or -1 with err. */
int km_lloyd_bytes(const Rows *R, const float *xnorm, const float *C, int k,
                   const double *shift, int *assign, LloydBytes *st, AssignOut *out,
                   Error *err);
/* Squared distance of every row to the point c (d): out[n]. */
int km_dist_to_point(const Rows *R, const float *xnorm, const float *c, float *out,
                     Error *err);
/* The first s of 1, 16, 255 that puts every value on the byte grid, with
 * the bytes in out; 0 when none. */
float km_floats_to_bytes(const float *v, size_t count, uint8_t *out);
/* A run's k initial centroids into C (k x d), drawn from rng: k distinct
 * rows of X, or k-means++ seeding (plusplus; xnorm: the rows' squared
 * norms).  kmeans_init.c; 0, or -1 with err (ERR_NOMEM). */
int km_init_centroids(const Rows *X, const float *xnorm, int k, bool plusplus, Rng *rng,
                      float *C, Error *err);

#endif
