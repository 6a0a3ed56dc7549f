/* kmeans.h - k-means clustering (Lloyd's algorithm), and what views can read.
 *
 * One step is one assign + update: every training point goes to its nearest
 * centroid, then every centroid moves to the mean of its points.  With
 * n_init > 1 the steps run one initialisation after another and the model
 * keeps the run with the lowest inertia.
 *
 * The inspect functions return pointers into the model: valid until the next
 * step or destroy, to be read from the thread that steps (or while it is
 * paused).  The model at step 0 (after create, before any step) is the
 * first run's initial centroids (random rows or k-means++ seeding): predict
 * assigns to them, the path holds them, and there are no assignments yet. */
#ifndef MLLAB_KMEANS_H
#define MLLAB_KMEANS_H

#include "algo.h"

extern const Algo algo_kmeans;

/* Number of clusters (param k, or the number of classes when k = 0). */
int kmeans_k(const void *model);
/* Features per centroid. */
int kmeans_dim(const void *model);

/* The current run's centroids, k x d row-major (before the first step the
 * initial ones).  After training this is the kept (lowest-inertia) run. */
const float *kmeans_centroids(const void *model);
/* Cluster of each training row (n entries, matching the centroids above), or
 * NULL before the first step. */
const int *kmeans_assignments(const void *model);

/* The path of the centroids in the current (or kept) run: positions
 * 0 (the initial centroids) .. kmeans_path_length() - 1 (the latest).  For
 * very large k x d (over 16M floats of path) the latest iterations share the
 * last position, which always holds the current centroids. */
int kmeans_path_length(const void *model);
/* The k x d centroids at position t of the path, or NULL when out of range. */
const float *kmeans_path(const void *model, int t);

/* Lloyd iterations done in the current run; the run (1-based) and n_init. */
int kmeans_iteration(const void *model);
int kmeans_run(const void *model);
int kmeans_runs(const void *model);
/* Inertia (sum of squared distances to the assigned centroid) of the current
 * assignments; NAN before the first step. */
double kmeans_inertia(const void *model);
/* How the passes read the rows: "uint8 rows, sgemm (AVX2)" and the like
 * (float32 or uint8 rows; the kernel path of kernel_path.h). */
const char *kmeans_kernel_name(const void *model);

/* Load an iteration computed elsewhere (the run screen's "Step your own":
 * the learner's code, run in a sandbox): centroids (k x d) and the labels of
 * the training rows (n, each in 0..k-1) become the current run's next
 * iteration, as if a step had made them: the path grows, the iteration
 * count goes up, the inertia is computed from train as a step's assign
 * reports it (each row to its centroid before the update).  For a model with
 * n_init = 1 that has not finished.  0, or -1 with err (a label out of
 * range, a centroid that is not finite, the training set's shape). */
int kmeans_load_iteration(void *model, const Dataset *train, const float *centroids,
                          const int *labels, Error *err);

#endif
