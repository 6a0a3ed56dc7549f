/* tree_fixtures.c - what the tree and forest tests share: a data set that
 * grows deep trees, and the check that two trees are the same (see
 * tree_fixtures.h). */
#include "tree_fixtures.h"

#include <stdlib.h>

#include "rng.h"
#include "test_util.h"

/* Two trees are the same: node by node, splits, sizes and class counts. */
void tree_assert_same(const Dtree *x, const Dtree *y)
{
    assert_int_equal(x->n_nodes, y->n_nodes);
    for (int i = 0; i < x->n_nodes; i++) {
        assert_int_equal(x->nodes[i].feature, y->nodes[i].feature);
        assert_true(x->nodes[i].threshold == y->nodes[i].threshold);
        assert_int_equal(x->nodes[i].left, y->nodes[i].left);
        assert_int_equal(x->nodes[i].n_samples, y->nodes[i].n_samples);
        assert_memory_equal(dtree_node_counts(x, i), dtree_node_counts(y, i),
                            (size_t)x->n_classes * sizeof(int));
    }
}

/* n rows of d features with ten values each (some negative, zeros of
 * either sign), four classes from a few features plus noise: deep trees. */
void tree_make_byte_data(Dataset *ds, int n, int d, uint64_t seed)
{
    float *X = malloc((size_t)n * (size_t)d * sizeof *X);
    int *y = malloc((size_t)n * sizeof *y);
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        float *row = X + (size_t)i * (size_t)d;
        for (int j = 0; j < d; j++) {
            row[j] = (float)rng_below(&rng, 10) - (j % 7 == 0 ? 5.0f : 0.0f);
            if (row[j] == 0.0f && j % 3 == 0)
                row[j] = -0.0f;
        }
        y[i] = (row[1] + row[2] > 8.0f + (float)rng_below(&rng, 3)) + 2 * (row[3] > 4.0f);
    }
    test_dataset_from_arrays(ds, X, y, n, d, 4);
    free(X);
    free(y);
}
