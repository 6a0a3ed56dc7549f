/* algorithms/random_forest.h - the random forest classifier (algo_random_forest)
 * and its inspect functions.
 *
 * A forest of CART trees (algorithms/dtree.h), each grown on a bootstrap
 * sample of the training rows with a random subset of the features tried at
 * every node; it predicts the average of the trees' leaf class fractions.
 * One step grows one tree.  Trees are grown two (or n_jobs) at a time on
 * separate cores, each from its own generator split off the seed in tree
 * order, so the forest is the same for a seed whatever the thread timing:
 * a step that starts a batch grows the whole batch, the next steps of that
 * batch only add the ready trees (votes, trace) in order.
 *
 * Rows left out of a tree's bootstrap sample ("out of bag") are predicted
 * by it; the out-of-bag estimate is the accuracy of those votes over the
 * rows that have at least one.
 *
 * Threading: as for the tree, inspect and predict never run at the same
 * time as step. */
#ifndef MLLAB_RANDOM_FOREST_H
#define MLLAB_RANDOM_FOREST_H

#include "algo.h"
#include "dtree.h"

extern const Algo algo_random_forest;

/* The forest behind an algo_random_forest model (the void * that create gave). */
typedef struct Forest Forest;
const Forest *forest_of(const void *model);

/* Trees asked for (n_trees) and trees finished and added so far. */
int forest_n_trees(const Forest *f);
int forest_trees_built(const Forest *f);
/* For a model being loaded (tree_io.c): every one of the n_trees slots
 * counts as built, with the forest's names and class weights; the loader
 * fills in their nodes. */
Dtree *forest_load_trees(void *model);
/* Tree i of the finished ones (0 <= i < forest_trees_built), with the
 * feature and class names for printing.  NULL when out of range. */
const Dtree *forest_tree(const Forest *f, int i);
/* Out-of-bag accuracy of the trees added so far; NaN without bootstrap or
 * before any row has an out-of-bag vote. */
double forest_oob_accuracy(const Forest *f);
/* Rows with at least one out-of-bag vote so far. */
int forest_oob_rows(const Forest *f);
/* The number of features tried per node (max_features resolved against the
 * dataset's width). */
int forest_max_features(const Forest *f);

/* max_features as text ("sqrt", "log2", "all", a fraction in (0, 1), or a
 * count >= 1) resolved for d features; -1 with ERR_USAGE when it is none of
 * these. */
int forest_parse_max_features(const char *text, int d, Error *err);

#endif
