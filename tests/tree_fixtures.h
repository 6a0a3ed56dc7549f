/* tree_fixtures.h - helpers shared by test_random_forest.c and
 * test_dtree_bytes.c. */
#ifndef MLLAB_TREE_FIXTURES_H
#define MLLAB_TREE_FIXTURES_H

#include <stdint.h>

#include "dataset.h"
#include "dtree.h"

/* Two trees are the same: node by node, splits, sizes and class counts
 * (cmocka assertions). */
void tree_assert_same(const Dtree *x, const Dtree *y);
/* n rows of d features with ten values each (some negative, zeros of
 * either sign), four classes from a few features plus noise: deep trees. */
void tree_make_byte_data(Dataset *ds, int n, int d, uint64_t seed);

#endif
