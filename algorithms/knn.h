/* knn.h - k-nearest neighbours classification, and what views can read of it.
 *
 * "Training" stores the training set (one step).  Prediction finds, for each
 * query row, the k training rows at the smallest distance and lets them vote.
 * It runs by blocks of KNN_BLOCK_ROWS query rows; knn_predict_block classifies
 * one block at a time so the TUI can step through a test set.
 *
 * Neighbour order: by distance, then by training row index (the earlier row
 * first), so results do not depend on the number of threads.
 * Tie rule for the vote: among classes with the same (largest) vote, the class
 * of the nearest neighbour wins.
 *
 * Data whose every value is an integer multiple of 1/255, 1/16 or 1 in
 * [0, 255] steps (MNIST pixels / 255, digits / 16, raw bytes) is stored as
 * uint8, and Euclidean distances between such points are computed exactly in
 * integer arithmetic (AVX-512 VNNI, AVX2 or portable C, chosen at run time:
 * kernel_path.h; the same neighbours on each; AVX2 and C skip the rows that
 * an exact lower bound rules out, knn_prune.c).  Other data, or a query that
 * does not quantise, goes through float32 matrix products. */
#ifndef MLLAB_KNN_H
#define MLLAB_KNN_H

#include "algo.h"

extern const Algo algo_knn;

/* Query rows classified per block by knn_predict_block (and per trace event). */
#define KNN_BLOCK_ROWS 1000

/* The model's k (the number of voting neighbours). */
int knn_k(const void *model);
/* Training rows stored (0 before the one training step). */
int knn_train_rows(const void *model);
/* Class index of a stored training row (views colour neighbours by class). */
int knn_train_label(const void *model, int row);
/* How distances are computed: "exact uint8 (AVX-512 VNNI)", "exact uint8
 * (AVX2)", "exact uint8 (generic)" (byte data after the training step),
 * "float32 (sgemm)", "float32 (loops)" for the current metric. */
const char *knn_kernel_name(const void *model);

/* The k nearest training rows of one point x (d floats, scaled like the
 * training part): index[k] rows and distance[k] (in the model's metric),
 * nearest first.  Returns the count written (min(k, training rows)) or -1
 * with err set (no data stored yet, out of memory). */
int knn_neighbours(const void *model, const float *x, int k, int *index, float *distance,
                   Error *err);
/* The same for every row of X: index and distance are X->rows x k. */
int knn_kneighbours(const void *model, const Mat *X, int k, int *index, float *distance,
                    Error *err);

/* Blocks of KNN_BLOCK_ROWS rows in a test set of n rows. */
int knn_block_count(int n);
/* Classify rows [block * KNN_BLOCK_ROWS, ...) of X: labels and scores (when
 * not NULL) are the full arrays for X (n and n x n_classes), and only this
 * block's rows are written.  Emits "block 3/10: 1000 points classified" to
 * trace (may be NULL).  0 or -1 with err set. */
int knn_predict_block(void *model, const Mat *X, int block, int *labels, float *scores,
                      Trace *trace, Error *err);

#endif
