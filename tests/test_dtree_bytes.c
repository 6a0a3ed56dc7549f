/* test_dtree_bytes.c - the trees' memory savings (issue 14): a
 * byte-backed training matrix used as its own codes (dtree_data.c,
 * DtreeData.by_row) grows the trees of the same values as floats in every
 * layout, and a slim tree (dtree_slim.c, how a forest keeps its trees)
 * expands to the very tree the builder grew. */
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "test_util.h"
#include "tree_fixtures.h"

/* n rows of d byte values q (shown as q / s) twice: as floats and
 * byte-backed (mat.h), labels from a few features plus noise.  Feature 0
 * is always 0, feature 1 always 7 (constant, not at the lowest byte),
 * feature 2 only 0 or 255, feature 3 any byte; the others ten values. */
static void make_byte_twins(Dataset *fl, Dataset *by, int n, int d, float s, uint64_t seed)
{
    uint8_t *q = malloc((size_t)n * (size_t)d);
    float *X = malloc((size_t)n * (size_t)d * sizeof *X);
    int *y = malloc((size_t)n * sizeof *y);
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        uint8_t *row = q + (size_t)i * (size_t)d;
        for (int j = 0; j < d; j++)
            row[j] = (uint8_t)(25 * rng_below(&rng, 10));
        row[0] = 0;
        row[1] = 7;
        row[2] = rng_below(&rng, 2) ? 255 : 0;
        row[3] = (uint8_t)rng_below(&rng, 256);
        y[i] = (row[4] + row[5] > 225 + 25 * (int)rng_below(&rng, 3)) + 2 * (row[3] > 100);
        for (int j = 0; j < d; j++)
            X[(size_t)i * (size_t)d + (size_t)j] = (float)row[j] / s;
    }
    test_dataset_from_arrays(fl, X, y, n, d, 4);
    test_dataset_from_arrays(by, X, y, n, d, 4);
    mat_free(&by->X);
    assert_int_equal(mat_alloc_bytes(&by->X, n, d, s, NULL), 0);
    memcpy(by->X.bytes, q, (size_t)n * (size_t)d);
    free(q);
    free(X);
    free(y);
}

/* Grow on the float twin (codes by row too) and on the byte-backed one:
 * the same tree, and each training row's leaf from its bytes is its
 * leaf from its floats. */
static void check_byte_tree(const Dataset *fl, DtreeData *df, DtreeData *db, DtreeConfig cfg,
                            const int *rows, const int *w, int count)
{
    Error err = { 0 };
    Rng rng;
    rng_seed(&rng, 21);
    Dtree a, b;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    assert_int_equal(dtree_grow_weighted(df, &cfg, rows, w, count, &rng, &a, &err), 0);
    assert_int_equal(dtree_grow_weighted(db, &cfg, rows, w, count, &rng, &b, &err), 0);
    assert_true(a.n_nodes > 100);
    tree_assert_same(&a, &b);
    for (int i = 0; i < fl->X.rows; i += 7)
        assert_int_equal(dtree_leaf_of_row(&b, db, i), dtree_leaf_of(&a, mat_row(&fl->X, i)));
    dtree_free(&a);
    dtree_free(&b);
}

/* A byte-backed training matrix is not recoded: its bytes are the codes
 * (the value of code q is q / s) and its rows are the codes by row, with
 * no copy.  Every layout grows the tree the float values give: every
 * feature tried (copied columns, one or two threads), a few drawn (rows
 * gathered: big nodes from the matrix, small ones from a block; or by
 * feature with two threads or more than ROW_MAX_FEATURES features), best
 * or depth first.  Features constant in the data are never split, even at
 * a byte above 0. */
static void test_forest_byte_backed_rows_grow_the_trees_of_their_floats(void **state)
{
    (void)state;
    Dataset fl, by;
    int n = 3000, d = 1000; /* a block holds 2097 rows: the root is big */
    make_byte_twins(&fl, &by, n, d, 255.0f, 8);
    Error err = { 0 };
    DtreeData *df = dtree_data_new(&fl, 1, &err), *db = dtree_data_new(&by, 2, &err);
    assert_non_null(df);
    assert_non_null(db);
    assert_int_equal(dtree_data_add_row_codes(df, &err), 0);
    assert_int_equal(dtree_data_add_row_codes(db, &err), 0);
    assert_true(db->by_row);
    assert_ptr_equal(db->row_codes, by.X.bytes);
    assert_null(db->codes[3]);
    assert_int_equal(db->n_values[1], 1);
    assert_int_equal(db->n_codes[1], 8);
    assert_int_equal(db->n_values[2], 2);
    assert_int_equal(db->n_codes[2], 256);
    assert_true(db->values[3][200] == 200.0f / 255.0f);
    int *rows = malloc((size_t)n * sizeof *rows), *w = malloc((size_t)n * sizeof *w), m = 0;
    Rng rng;
    rng_seed(&rng, 9);
    for (int i = 0; i < n; i++)
        if (rng_below(&rng, 3)) {
            rows[m] = i;
            w[m++] = 1 + (int)rng_below(&rng, 3);
        }
    DtreeConfig cfg = { DTREE_GINI, 0, 2, 1, 0, 1, NULL, NULL, false };
    check_byte_tree(&fl, df, db, cfg, NULL, NULL, n);
    cfg.n_threads = 2;
    check_byte_tree(&fl, df, db, cfg, rows, w, m);
    int mf[3] = { 8, 8, 100 }, threads[3] = { 1, 2, 1 };
    for (int c = 0; c < 3; c++) {
        cfg.max_features = mf[c];
        cfg.n_threads = threads[c];
        cfg.depth_first = c != 1;
        check_byte_tree(&fl, df, db, cfg, rows, w, m);
    }
    cfg.criterion = DTREE_ENTROPY;
    check_byte_tree(&fl, df, db, cfg, NULL, NULL, n);
    free(rows);
    free(w);
    dtree_data_free(df);
    dtree_data_free(db);
    dataset_free(&fl);
    dataset_free(&by);
}


/* Every field of two trees is the same: sizes, and node by node. */
static void assert_identical_trees(const Dtree *x, const Dtree *y)
{
    assert_int_equal(x->n_nodes, y->n_nodes);
    assert_int_equal(x->n_leaves, y->n_leaves);
    assert_int_equal(x->depth, y->depth);
    assert_int_equal(x->n_splits, y->n_splits);
    assert_int_equal(x->last_split, y->last_split);
    for (int i = 0; i < x->n_nodes; i++) {
        const DtreeNode *a = &x->nodes[i], *b = &y->nodes[i];
        assert_true(a->threshold == b->threshold && a->impurity == b->impurity);
        int va[8] = { a->feature, a->left,      a->right,      a->parent,
                      a->depth,   a->n_samples, a->prediction, a->split_order };
        int vb[8] = { b->feature, b->left,      b->right,      b->parent,
                      b->depth,   b->n_samples, b->prediction, b->split_order };
        assert_memory_equal(va, vb, sizeof va);
        assert_memory_equal(dtree_node_counts(x, i), dtree_node_counts(y, i),
                            (size_t)x->n_classes * sizeof(int));
    }
}

/* A forest keeps its trees slim (dtree_slim.c): expanded again, a tree
 * grown depth first on a bootstrap sample is the very tree the builder
 * grew, every field (split order, impurities with class weights, counts
 * of inner nodes), and its leaf for a row gives the same class fractions. */
static void test_forest_slim_tree_expands_to_the_grown_tree(void **state)
{
    (void)state;
    Dataset ds;
    int n = 900, d = 10;
    tree_make_byte_data(&ds, n, d, 12);
    Error err = { 0 };
    DtreeData *data = dtree_data_new(&ds, 1, &err);
    assert_non_null(data);
    int *rows = malloc((size_t)n * sizeof *rows), *w = malloc((size_t)n * sizeof *w);
    Rng rng;
    rng_seed(&rng, 13);
    for (int i = 0; i < n; i++)
        rows[i] = i, w[i] = (int)rng_below(&rng, 3) + 1;
    const float cw[4] = { 1.0f, 2.5f, 0.5f, 1.0f };
    for (int weighted = 0; weighted < 2; weighted++) {
        DtreeConfig cfg = { DTREE_GINI, 0, 2, 1, 3, 1, NULL, weighted ? cw : NULL, true };
        Dtree grown, back;
        memset(&grown, 0, sizeof grown);
        memset(&back, 0, sizeof back);
        grown.cw = back.cw = cfg.cw;
        assert_int_equal(dtree_grow_weighted(data, &cfg, rows, w, n, &rng, &grown, &err), 0);
        assert_true(grown.n_nodes > 100);
        DtreeSlim slim;
        assert_int_equal(dtree_slim_from(&slim, &grown), 0);
        assert_int_equal(dtree_slim_expand(&slim, d, cfg.criterion, &back, &err), 0);
        assert_identical_trees(&grown, &back);
        for (int i = 0; i < n; i++) {
            float a[4] = { 0 }, b[4] = { 0 };
            const float *x = mat_row(&ds.X, i);
            dtree_add_proba(&grown, x, a);
            dtree_slim_add_leaf_proba(&slim, cfg.cw, dtree_slim_leaf_of(&slim, x), b);
            assert_memory_equal(a, b, sizeof a);
        }
        /* a tree whose right child is not next to its left one stays full */
        DtreeNode keep = grown.nodes[0];
        grown.nodes[0].right = grown.nodes[0].left + 2;
        DtreeSlim no;
        assert_int_equal(dtree_slim_from(&no, &grown), -1);
        assert_null(no.node);
        grown.nodes[0] = keep;
        dtree_slim_free(&slim);
        dtree_free(&grown);
        dtree_free(&back);
    }
    free(rows);
    free(w);
    dtree_data_free(data);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forest_byte_backed_rows_grow_the_trees_of_their_floats),
        cmocka_unit_test(test_forest_slim_tree_expands_to_the_grown_tree),
    };
    return cmocka_run_group_tests_name("dtree_bytes", tests, NULL, NULL);
}
