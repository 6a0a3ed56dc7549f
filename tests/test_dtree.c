/* test_dtree.c - the decision tree (algorithms/dtree.c).
 *
 * Toys whose best split, midpoint threshold and gini/entropy values are
 * worked out by hand in the comments; the stopping rules; the tie rule; an
 * exhaustive search as the oracle for both split-search paths (histogram
 * and sort); the step/trace/inspect contract.  The floors on real data are
 * in test_dtree_data.c. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "test_util.h"

/* The hand-worked toy: 8 rows, 2 features, 3 of class 0 and 5 of class 1. */
static const float TOY_X[] = { 5, 3, 2, 7, 7, 1, 3, 8, 6, 2, 1, 4, 8, 6, 4, 5 };
static const int TOY_Y[] = { 0, 0, 1, 1, 0, 1, 1, 1 };

/* ---- the split rule, by hand ---------------------------------------------- */

/* Root: 3 of c0, 5 of c1, gini = 1 - (9 + 25)/64 = 30/64 = 0.46875.
 * Feature f1 sorted: 1(c1) 2(c0) 3(c0) | 4(c1) 5(c1) 6(c1) 7(c0) 8(c1).
 * Cut between 3 and 4 (threshold 3.5): left [2 c0, 1 c1], gini 1 - 5/9 = 4/9;
 * right [1, 4], gini 1 - 17/25 = 8/25; weighted 3/8 * 4/9 + 5/8 * 8/25 =
 * 1/6 + 1/5 = 11/30 = 0.3667, the lowest of all 14 cuts (f0 at 6.5 gives
 * 6/8 * 1/2 = 0.375, the runner-up). */
static void test_dtree_gini_root_split_is_the_hand_computed_best(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, TOY_X, TOY_Y, 8, 2, 2);
    Trace tr;
    trace_init(&tr);
    Error err = { 0 };
    void *m = test_try_create(&algo_dtree, &ds, NULL, 42, &err);
    assert_non_null(m);
    tr.step = 1;
    assert_int_not_equal(algo_dtree.step(m, &ds, &tr, &err), STEP_ERROR);

    const Dtree *t = dtree_of(m);
    const DtreeNode *root = dtree_node(t, 0);
    assert_int_equal(root->feature, 1);
    assert_near(root->threshold, 3.5, 0);
    assert_near(root->impurity, 30.0 / 64.0, 1e-15);
    assert_int_equal(root->n_samples, 8);
    const DtreeNode *l = dtree_node(t, root->left), *r = dtree_node(t, root->right);
    assert_int_equal(l->n_samples, 3);
    assert_int_equal(r->n_samples, 5);
    assert_int_equal(dtree_node_counts(t, root->left)[0], 2);
    assert_int_equal(dtree_node_counts(t, root->left)[1], 1);
    assert_int_equal(dtree_node_counts(t, root->right)[0], 1);
    assert_int_equal(dtree_node_counts(t, root->right)[1], 4);
    assert_near(l->impurity, 4.0 / 9.0, 1e-15);
    assert_near(r->impurity, 8.0 / 25.0, 1e-15);
    assert_int_equal(l->prediction, 0);
    assert_int_equal(r->prediction, 1);
    assert_int_equal(dtree_newest_split(t), 0);

    /* The step's trace line carries the same numbers. */
    assert_int_equal(tr.count, 1);
    const TraceEvent *ev = &tr.events[0];
    assert_int_equal(ev->kind, TRACE_STEP);
    assert_near(trace_event_get(ev, "threshold"), 3.5, 0);
    assert_near(trace_event_get(ev, "impurity"), 0.46875, 1e-15);
    assert_near(trace_event_get(ev, "impurity_left"), 4.0 / 9.0, 1e-15);
    assert_near(trace_event_get(ev, "impurity_right"), 0.32, 1e-15);
    assert_non_null(strstr(ev->text, "node 0 (8 samples): split on `f1`"));
    assert_non_null(strstr(ev->text, "gini 0.469"));
    /* Training accuracy after one split: 2 + 4 of 8 right. */
    assert_near(trace_event_get(ev, "train_acc"), 0.75, 1e-15);

    algo_dtree.destroy(m);
    trace_free(&tr);
    dataset_free(&ds);
}

/* Entropy on the same rows: root H = -(3/8 log2 3/8 + 5/8 log2 5/8) =
 * 0.954434.  f0 <= 6.5 leaves [3, 3] (H = 1) and [0, 2] (H = 0): weighted
 * 6/8 = 0.75, while gini's favourite f1 <= 3.5 gives 3/8 H(1/3) + 5/8 H(1/5)
 * = 0.7956.  The two criteria disagree here. */
static void test_dtree_entropy_prefers_another_split_on_the_same_rows(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, TOY_X, TOY_Y, 8, 2, 2);
    Error err = { 0 };
    const char *kv[] = { "criterion=entropy", NULL };
    void *m = test_try_create(&algo_dtree, &ds, kv, 42, &err);
    assert_non_null(m);
    assert_int_not_equal(algo_dtree.step(m, &ds, NULL, &err), STEP_ERROR);
    const Dtree *t = dtree_of(m);
    const DtreeNode *root = dtree_node(t, 0);
    double h_root = -(0.375 * log2(0.375) + 0.625 * log2(0.625));
    assert_near(root->impurity, h_root, 1e-12);
    assert_near(root->impurity, 0.954434002924965, 1e-12);
    assert_int_equal(root->feature, 0);
    assert_near(root->threshold, 6.5, 0);
    assert_near(dtree_node(t, root->left)->impurity, 1.0, 1e-12);
    assert_near(dtree_node(t, root->right)->impurity, 0.0, 0);
    assert_int_equal(dtree_node(t, root->left)->n_samples, 6);
    algo_dtree.destroy(m);
    dataset_free(&ds);
}

/* a = 1..6, b = 1 1 2 2 3 3, classes 0 0 1 0 1 1.  Three cuts tie at
 * weighted gini 4/6 * (1 - (1 + 9)/16) = 0.25: a <= 2.5, a <= 4.5 and
 * b <= 1.5.  The rule: the lowest feature index, then the lowest threshold. */
static void test_dtree_equal_splits_go_to_the_lowest_feature_then_threshold(void **state)
{
    (void)state;
    const float ab[] = { 1, 1, 2, 1, 3, 2, 4, 2, 5, 3, 6, 3 };
    const float ba[] = { 1, 1, 1, 2, 2, 3, 2, 4, 3, 5, 3, 6 };
    const int y[] = { 0, 0, 1, 0, 1, 1 };
    Dataset ds;
    Error err = { 0 };

    test_dataset_from_arrays(&ds, ab, y, 6, 2, 2);
    void *m = test_try_create(&algo_dtree, &ds, NULL, 42, &err);
    assert_int_not_equal(algo_dtree.step(m, &ds, NULL, &err), STEP_ERROR);
    assert_int_equal(dtree_node(dtree_of(m), 0)->feature, 0);
    assert_near(dtree_node(dtree_of(m), 0)->threshold, 2.5, 0);
    algo_dtree.destroy(m);
    dataset_free(&ds);

    /* The same columns swapped: now b is feature 0 and wins. */
    test_dataset_from_arrays(&ds, ba, y, 6, 2, 2);
    m = test_try_create(&algo_dtree, &ds, NULL, 42, &err);
    assert_int_not_equal(algo_dtree.step(m, &ds, NULL, &err), STEP_ERROR);
    assert_int_equal(dtree_node(dtree_of(m), 0)->feature, 0);
    assert_near(dtree_node(dtree_of(m), 0)->threshold, 1.5, 0);
    algo_dtree.destroy(m);
    dataset_free(&ds);
}

/* Grown to the end, the toy has pure leaves only, pure nodes are never
 * split, and the training rows are all classified right. */
static void test_dtree_pure_nodes_stop_and_full_depth_fits_training_rows(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, TOY_X, TOY_Y, 8, 2, 2);
    void *m = test_create(&algo_dtree, &ds, NULL, 42);
    int steps = test_fit(&algo_dtree, m, &ds, NULL);
    const Dtree *t = dtree_of(m);
    assert_int_equal(t->n_splits, steps);
    assert_int_equal(t->n_leaves, t->n_splits + 1);
    assert_int_equal(t->n_nodes, 2 * t->n_splits + 1);
    for (int i = 0; i < t->n_nodes; i++) {
        const DtreeNode *nd = dtree_node(t, i);
        if (nd->impurity == 0.0)
            assert_true(dtree_node_is_leaf(t, i));
        if (dtree_node_is_leaf(t, i))
            assert_near(nd->impurity, 0.0, 0);
    }
    assert_near(test_accuracy(&algo_dtree, m, &ds), 1.0, 0);
    algo_dtree.destroy(m);
    dataset_free(&ds);
}

/* XOR: no single cut lowers the gini of the root (every cut leaves 1:1 on
 * both sides), yet the tree splits anyway and then separates the corners. */
static void test_dtree_splits_xor_although_no_first_cut_helps(void **state)
{
    (void)state;
    const float X[] = { 0, 0, 0, 1, 1, 0, 1, 1 };
    const int y[] = { 0, 1, 1, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 4, 2, 2);
    void *m = test_train(&algo_dtree, &ds, NULL, 42, NULL);
    const Dtree *t = dtree_of(m);
    assert_int_equal(t->n_splits, 3);
    assert_int_equal(t->depth, 2);
    assert_near(test_accuracy(&algo_dtree, m, &ds), 1.0, 0);
    algo_dtree.destroy(m);
    dataset_free(&ds);
}

/* ---- stopping rules -------------------------------------------------------- */

static void test_dtree_max_depth_bounds_the_depth(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    for (int depth = 1; depth <= 4; depth++) {
        char kv0[32];
        snprintf(kv0, sizeof kv0, "max_depth=%d", depth);
        const char *kv[] = { kv0, NULL };
        void *m = test_train(&algo_dtree, &d.train, kv, 42, NULL);
        const Dtree *t = dtree_of(m);
        assert_int_equal(t->depth, depth); /* breast cancer needs more */
        for (int i = 0; i < t->n_nodes; i++)
            if (!dtree_node_is_leaf(t, i))
                assert_true(dtree_node(t, i)->depth < depth);
        if (depth == 1)
            assert_int_equal(t->n_splits, 1);
        algo_dtree.destroy(m);
    }
    eval_data_free(&d);
}

static void test_dtree_min_samples_leaf_and_split_are_respected(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    const char *kv[] = { "min_samples_leaf=12", "min_samples_split=60", NULL };
    void *m = test_train(&algo_dtree, &d.train, kv, 42, NULL);
    const Dtree *t = dtree_of(m);
    assert_true(t->n_splits >= 3);
    int smallest_leaf = d.train.X.rows;
    for (int i = 0; i < t->n_nodes; i++) {
        const DtreeNode *nd = dtree_node(t, i);
        if (dtree_node_is_leaf(t, i)) {
            if (nd->n_samples < smallest_leaf)
                smallest_leaf = nd->n_samples;
        } else {
            assert_true(nd->n_samples >= 60);
        }
    }
    assert_true(smallest_leaf >= 12);
    /* Without the limits the tree has leaves of a single row. */
    void *full = test_train(&algo_dtree, &d.train, NULL, 42, NULL);
    const Dtree *ft = dtree_of(full);
    int tiny = 0;
    for (int i = 0; i < ft->n_nodes; i++)
        tiny += dtree_node_is_leaf(ft, i) && dtree_node(ft, i)->n_samples < 12;
    assert_true(tiny > 0);
    algo_dtree.destroy(full);
    algo_dtree.destroy(m);
    eval_data_free(&d);
}

/* ---- the split search against an exhaustive oracle ------------------------- */

/* The weighted gini (n_L G_L + n_R G_R) / n of the best cut over all
 * features and all midpoints, by brute force: for each feature, each
 * distinct value v below the maximum, the cut "x <= midpoint(v, next)". */
static double brute_force_best(const Dataset *ds, int *best_feature, double *best_threshold)
{
    int n = ds->X.rows, d = ds->X.cols, k = ds->n_classes;
    double best = INFINITY;
    float *vals = malloc((size_t)n * sizeof *vals);
    int *lc = malloc((size_t)k * sizeof *lc), *rc = malloc((size_t)k * sizeof *rc);
    assert_non_null(vals);
    for (int j = 0; j < d; j++) {
        for (int i = 0; i < n; i++)
            vals[i] = MAT_AT(&ds->X, i, j);
        for (int a = 1; a < n; a++) { /* insertion sort: slow, obviously right */
            float v = vals[a];
            int b = a - 1;
            while (b >= 0 && vals[b] > v) {
                vals[b + 1] = vals[b];
                b--;
            }
            vals[b + 1] = v;
        }
        for (int a = 0; a + 1 < n; a++) {
            if (vals[a] == vals[a + 1])
                continue;
            double thr = ((double)vals[a] + (double)vals[a + 1]) / 2;
            memset(lc, 0, (size_t)k * sizeof *lc);
            memset(rc, 0, (size_t)k * sizeof *rc);
            for (int i = 0; i < n; i++) {
                if (MAT_AT(&ds->X, i, j) <= thr)
                    lc[ds->y[i]]++;
                else
                    rc[ds->y[i]]++;
            }
            int nl = 0;
            for (int c = 0; c < k; c++)
                nl += lc[c];
            double w = (nl * dtree_impurity(DTREE_GINI, lc, k) +
                        (n - nl) * dtree_impurity(DTREE_GINI, rc, k)) /
                       n;
            if (w < best - 1e-12) {
                best = w;
                *best_feature = j;
                *best_threshold = thr;
            }
        }
    }
    free(vals);
    free(lc);
    free(rc);
    return best;
}

/* Random data with three kinds of feature: 8 small integers (histogram),
 * continuous values all distinct (more than 4096 of them: the sort path),
 * and a mix.  The root split must be the exhaustive optimum. */
static void test_dtree_root_split_matches_an_exhaustive_search(void **state)
{
    (void)state;
    int sizes[] = { 300, 4200 };
    for (int s = 0; s < 2; s++) {
        int n = sizes[s], d = 3, k = 3;
        float *X = malloc((size_t)n * d * sizeof *X);
        int *y = malloc((size_t)n * sizeof *y);
        Rng rng;
        rng_seed(&rng, 7 + s);
        for (int i = 0; i < n; i++) {
            float a = (float)rng_below(&rng, 8);
            float b = (float)rng_normal(&rng);
            float c = (float)(rng_below(&rng, 50) / 7.0);
            X[i * d + 0] = a;
            X[i * d + 1] = b;
            X[i * d + 2] = c;
            /* a noisy rule over all three */
            double score = 0.4 * a + b + 0.3 * c + 0.8 * rng_normal(&rng);
            y[i] = score < 1.5 ? 0 : score < 3.0 ? 1 : 2;
        }
        Dataset ds;
        test_dataset_from_arrays(&ds, X, y, n, d, k);
        int bf = -1;
        double bt = 0;
        double best = brute_force_best(&ds, &bf, &bt);
        Error err = { 0 };
        void *m = test_try_create(&algo_dtree, &ds, NULL, 42, &err);
        assert_int_not_equal(algo_dtree.step(m, &ds, NULL, &err), STEP_ERROR);
        const Dtree *t = dtree_of(m);
        const DtreeNode *root = dtree_node(t, 0);
        double w = (dtree_node(t, root->left)->n_samples * dtree_node(t, root->left)->impurity +
                    dtree_node(t, root->right)->n_samples *
                        dtree_node(t, root->right)->impurity) /
                   n;
        assert_near(w, best, 1e-12);
        assert_int_equal(root->feature, bf);
        assert_near(root->threshold, bt, 0);
        algo_dtree.destroy(m);
        dataset_free(&ds);
        free(X);
        free(y);
    }
}

/* DtreeData: codes are ranks among the distinct values (-0 and +0 are one
 * value); at most 256 values fit a byte, more take two. */
static void test_dtree_data_recodes_values_as_ranks(void **state)
{
    (void)state;
    int n = 600;
    float *X = malloc((size_t)n * 2 * sizeof *X);
    int *y = malloc((size_t)n * sizeof *y);
    for (int i = 0; i < n; i++) {
        X[2 * i] = (float)((i * 7) % 5) - 2.0f; /* -2..2 */
        X[2 * i + 1] = (float)i * 0.5f;          /* 600 values */
        y[i] = i % 2;
    }
    X[0] = -0.0f; /* (0 * 7) % 5 - 2 = -2 originally; now -0 */
    X[2] = 0.0f;
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, n, 2, 2);
    Error err = { 0 };
    DtreeData *data = dtree_data_new(&ds, 2, &err);
    assert_non_null(data);
    assert_int_equal(data->n_values[0], 5);
    assert_int_equal(data->width[0], 1);
    assert_near(data->values[0][0], -2, 0);
    assert_near(data->values[0][4], 2, 0);
    const uint8_t *c0 = data->codes[0];
    assert_int_equal(c0[0], 2); /* -0 -> the rank of 0 */
    assert_int_equal(c0[1], 2);
    for (int i = 2; i < n; i++)
        assert_near(data->values[0][c0[i]], X[2 * i], 0);
    assert_int_equal(data->n_values[1], 600);
    assert_int_equal(data->width[1], 2);
    const uint16_t *c1 = data->codes[1];
    for (int i = 0; i < n; i++)
        assert_int_equal(c1[i], i);
    dtree_data_free(data);

    /* A NaN is refused, in a feature of few values and in one of many (the
     * last row, after more than 256 values were seen). */
    for (int col = 0; col < 2; col++) {
        float keep = ds.X.data[2 * (n - 1) + col];
        ds.X.data[2 * (n - 1) + col] = NAN;
        error_clear(&err);
        assert_null(dtree_data_new(&ds, 1, &err));
        assert_int_equal(err.code, ERR_DATA);
        assert_non_null(strstr(err.msg, "NaN"));
        ds.X.data[2 * (n - 1) + col] = keep;
    }
    dataset_free(&ds);
    free(X);
    free(y);
}

/* ---- stepping, inspection, trace ------------------------------------------ */

/* Each step makes exactly one split, reported by one TRACE_STEP line that
 * names the node dtree_newest_split returns; split orders count up. */
static void test_dtree_one_step_is_one_split_with_its_trace_line(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    Error err = { 0 };
    void *m = test_try_create(&algo_dtree, &d.train, NULL, 42, &err);
    Trace tr;
    trace_init(&tr);
    const Dtree *t = dtree_of(m);
    assert_int_equal(dtree_newest_split(t), -1);
    StepStatus st;
    int steps = 0;
    do {
        int before = tr.count;
        tr.step = ++steps;
        st = algo_dtree.step(m, &d.train, &tr, &err);
        assert_int_not_equal(st, STEP_ERROR);
        int step_events = 0;
        const TraceEvent *ev = NULL;
        for (int i = before; i < tr.count; i++)
            if (tr.events[i].kind == TRACE_STEP) {
                step_events++;
                ev = &tr.events[i];
            }
        assert_int_equal(step_events, 1);
        int node = dtree_newest_split(t);
        assert_int_equal((int)trace_event_get(ev, "node"), node);
        assert_int_equal(dtree_node(t, node)->split_order, steps);
        assert_int_equal(t->n_splits, steps);
        assert_int_equal((int)trace_event_get(ev, "feature"), dtree_node(t, node)->feature);
        char want[200];
        const DtreeNode *nd = dtree_node(t, node);
        snprintf(want, sizeof want, "node %d (%d samples): split on `%s`", node, nd->n_samples,
                 d.train.feature_names[nd->feature]);
        assert_non_null(strstr(ev->text, want));
    } while (st == STEP_MORE);
    /* The last step also leaves a note; a call after DONE does nothing. */
    assert_int_equal(tr.events[tr.count - 1].kind, TRACE_NOTE);
    int count = tr.count;
    assert_int_equal(algo_dtree.step(m, &d.train, &tr, &err), STEP_DONE);
    assert_int_equal(tr.count, count);
    /* model_json reports the size. */
    StrBuf sb = STRBUF_INIT;
    algo_dtree.model_json(m, &d.train, &sb);
    char want[96];
    snprintf(want, sizeof want, "\"nodes\": %d, \"leaves\": %d, \"depth\": %d", t->n_nodes,
             t->n_leaves, t->depth);
    assert_non_null(strstr(sb_str(&sb), want));
    sb_free(&sb);
    trace_free(&tr);
    algo_dtree.destroy(m);
    eval_data_free(&d);
}

/* Best-first: when a split is made, no node that was already waiting has a
 * larger gain (the gains of the splits are a heap order). */
static void test_dtree_best_first_splits_the_largest_gain_first(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    Error err = { 0 };
    DtreeData *data = dtree_data_new(&d.train, 1, &err);
    assert_non_null(data);
    DtreeConfig cfg = { DTREE_GINI, 0, 2, 1, 0, 1, NULL, NULL, false };
    Dtree tree;
    memset(&tree, 0, sizeof tree);
    DtreeBuilder *b = dtree_builder_new(data, &cfg, NULL, 0, NULL, &tree, &err);
    assert_non_null(b);
    enum { MAX = 200 };
    DtreeSplit s[MAX];
    int nodes_before[MAX];
    int n = 0, r;
    for (;;) {
        nodes_before[n] = tree.n_nodes;
        r = dtree_builder_step(b, &s[n], &err);
        if (r <= 0)
            break;
        n++;
        assert_true(n < MAX);
    }
    assert_int_equal(r, 0);
    assert_true(n > 10);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            if (s[j].node < nodes_before[i]) /* j was waiting when i was split */
                assert_true(s[i].gain >= s[j].gain);
    /* The first split is the root with the largest gain of all. */
    assert_int_equal(s[0].node, 0);
    for (int j = 1; j < n; j++)
        assert_true(s[0].gain >= s[j].gain);
    dtree_builder_free(b);
    dtree_free(&tree);
    dtree_data_free(data);
    eval_data_free(&d);
}

/* A tree of max_depth 3 grown on iris's training part; d holds the split. */
static void *iris_tree_of_depth_3(EvalData *d)
{
    test_eval_load(d, "iris", ALGO_CLASSIFIER);
    const char *kv[] = { "max_depth=3", NULL };
    return test_train(&algo_dtree, &d->train, kv, 42, NULL);
}

/* The printout names features and classes, one line per preorder node, the
 * yes branch first; max_depth cuts it with a count of hidden nodes. */
static void test_dtree_render_names_features_and_classes(void **state)
{
    (void)state;
    EvalData d;
    void *m = iris_tree_of_depth_3(&d);
    const Dtree *t = dtree_of(m);

    StrBuf sb = STRBUF_INIT;
    DtreeRenderOptions opt = { -1, false, true };
    dtree_render(t, &opt, &sb);
    const char *text = sb_str(&sb);
    assert_non_null(strstr(text, "petal"));
    assert_non_null(strstr(text, "(cm) <= "));
    assert_non_null(strstr(text, "setosa"));
    assert_non_null(strstr(text, "versicolor"));
    assert_non_null(strstr(text, "virginica"));
    assert_non_null(strstr(text, "yes: "));
    assert_non_null(strstr(text, "no:  "));
    /* One line per node, in dtree_preorder order; the root line first. */
    int lines = 0;
    for (const char *p = text; *p; p++)
        lines += *p == '\n';
    assert_int_equal(lines, t->n_nodes);
    int *ids = malloc((size_t)t->n_nodes * sizeof *ids);
    assert_int_equal(dtree_preorder(t, -1, ids, t->n_nodes), t->n_nodes);
    assert_int_equal(ids[0], 0);
    char b[32];
    assert_int_equal(strncmp(text, dtree_feature_name(t, t->nodes[0].feature, b, sizeof b),
                             strlen(d.train.feature_names[t->nodes[0].feature])),
                     0);
    /* Line i is node ids[i]: a leaf line shows its class name. */
    const char *line = text;
    for (int i = 0; i < t->n_nodes; i++) {
        const char *end = strchr(line, '\n');
        const DtreeNode *nd = dtree_node(t, ids[i]);
        char want[64];
        if (dtree_node_is_leaf(t, ids[i]))
            snprintf(want, sizeof want, "%s  (gini", d.train.class_names[nd->prediction]);
        else
            snprintf(want, sizeof want, "%s <= ", d.train.feature_names[nd->feature]);
        char *found = strstr(line, want);
        assert_true(found != NULL && found < end);
        line = end + 1;
    }
    /* Exactly one line is marked as the newest split. */
    int marks = 0;
    for (const char *p = text; (p = strstr(p, "newest")); p++)
        marks++;
    assert_int_equal(marks, 1);

    /* Cut at depth 1: root + its two children, the cut one says what it hides. */
    sb_reset(&sb);
    DtreeRenderOptions cut = { 1, true, false };
    dtree_render(t, &cut, &sb);
    lines = 0;
    for (const char *p = sb_str(&sb); *p; p++) {
        lines += *p == '\n';
        assert_true((unsigned char)*p < 0x80); /* ascii */
    }
    assert_int_equal(lines, dtree_preorder(t, 1, ids, t->n_nodes));
    assert_int_equal(lines, 3);
    assert_non_null(strstr(sb_str(&sb), " nodes]"));
    free(ids);
    sb_free(&sb);
    algo_dtree.destroy(m);
    eval_data_free(&d);
}

/* Scores are the leaf's class fractions; the label is their argmax.  And
 * predict works mid-training (the TUI shades regions as the tree grows). */
static void test_dtree_scores_are_leaf_fractions_even_mid_training(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    Error err = { 0 };
    const char *kv[] = { "min_samples_leaf=20", NULL };
    void *m = test_try_create(&algo_dtree, &d.train, kv, 42, &err);
    int n = d.test.X.rows, k = d.train.n_classes;
    int *labels = malloc((size_t)n * sizeof *labels);
    float *scores = malloc((size_t)n * k * sizeof *scores);
    for (int round = 0; round < 3; round++) {
        /* rounds: after one split, after two, finished */
        if (round < 2)
            assert_int_not_equal(algo_dtree.step(m, &d.train, NULL, &err), STEP_ERROR);
        else
            while (algo_dtree.step(m, &d.train, NULL, &err) == STEP_MORE)
                ;
        const Dtree *t = dtree_of(m);
        assert_int_equal(t->n_leaves, round < 2 ? round + 2 : t->n_splits + 1);
        assert_int_equal(algo_dtree.predict(m, &d.test.X, labels, scores, &err), 0);
        for (int i = 0; i < n; i++) {
            int leaf = dtree_leaf_of(t, mat_row(&d.test.X, i));
            const int *cnt = dtree_node_counts(t, leaf);
            double sum = 0;
            for (int c = 0; c < k; c++) {
                assert_near(scores[i * k + c], (double)cnt[c] / t->nodes[leaf].n_samples, 1e-6);
                sum += scores[i * k + c];
            }
            assert_near(sum, 1.0, 1e-5);
            assert_int_equal(labels[i], t->nodes[leaf].prediction);
        }
    }
    free(labels);
    free(scores);
    algo_dtree.destroy(m);
    eval_data_free(&d);
}

static void test_dtree_rejects_a_single_class_and_wrong_widths(void **state)
{
    (void)state;
    const float X[] = { 1, 2, 3, 4 };
    const int y[] = { 1, 1, 1, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 4, 1, 2);
    Error err = { 0 };
    assert_null(test_try_create(&algo_dtree, &ds, NULL, 42, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "single class"));
    dataset_free(&ds);

    const int y2[] = { 0, 1, 0, 1 };
    test_dataset_from_arrays(&ds, X, y2, 4, 1, 2);
    void *m = test_train(&algo_dtree, &ds, NULL, 42, NULL);
    Mat wide;
    assert_int_equal(mat_alloc(&wide, 2, 3, NULL), 0);
    int labels[2];
    error_clear(&err);
    assert_int_equal(algo_dtree.predict(m, &wide, labels, NULL, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    mat_free(&wide);
    algo_dtree.destroy(m);
    dataset_free(&ds);

    /* Out-of-range parameters are refused by the schema. */
    Params p;
    assert_int_equal(params_init(&p, algo_dtree.params, NULL), 0);
    assert_int_equal(params_set(&p, "min_samples_split", "1", &err), -1);
    assert_int_equal(params_set(&p, "criterion", "mse", &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    params_free(&p);
}

/* A front end asks to stop: the next step returns an error saying so, and
 * the model still predicts with what it has. */
static void test_dtree_step_stops_when_cancelled(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    Error err = { 0 };
    void *m = test_try_create(&algo_dtree, &d.train, NULL, 42, &err);
    Trace tr;
    trace_init(&tr);
    assert_int_equal(algo_dtree.step(m, &d.train, &tr, &err), STEP_MORE);
    __atomic_store_n(&tr.cancel_requested, 1, __ATOMIC_RELAXED);
    assert_int_equal(algo_dtree.step(m, &d.train, &tr, &err), STEP_ERROR);
    assert_int_equal(err.code, ERR_CANCELLED);
    assert_int_equal(dtree_of(m)->n_splits, 1);
    assert_true(test_accuracy(&algo_dtree, m, &d.test) > 0.8); /* one split already helps */
    trace_free(&tr);
    algo_dtree.destroy(m);
    eval_data_free(&d);
}

/* class_weight against scikit-learn 1.2.1 (60 rows, 44/16, 3 features):
 *   X, y = make_classification(60, n_features=3, n_informative=2,
 *       n_redundant=0, weights=[0.8], flip_y=0.1, random_state=3)
 *   X = np.round(X, 2)
 *   m = DecisionTreeClassifier(max_depth=2, class_weight=cw, criterion=c,
 *                              random_state=0).fit(X, y)
 *   m.predict(X).sum(), m.predict_proba(X[:3])[:, 1]
 * Weights change the leaves' probabilities and predictions, and with
 * {0: 1, 1: 4} and entropy the second split itself (x2 <= -0.935). */
static const float CW_X[] = {
    1.46f, -1.3f, 0.86f, 2.08f, -1.4f, -2.03f, -0.8f, -0.84f, -0.48f, 0.99f, 0.18f, -1.55f,
    -1.4f, -1.86f, -0.15f, -0.51f, -0.46f, 0.06f, 1.77f, -0.49f, -0.07f, -0.14f, -1.53f, 0.09f,
    -1.24f, -1.91f, -0.53f, 0.59f, 0.53f, 0.27f, 0.52f, -0.79f, 0.63f, -2.91f, 0.27f, 0.07f,
    2.59f, -0.56f, -0.51f, 0.27f, -0.9f, 2.68f, -0.66f, -1.43f, 0.73f, 0.41f, 0.81f, -0.03f,
    -0.46f, -0.03f, 0.49f, -0.73f, -0.7f, 1.0f, 2.07f, -0.73f, -0.54f, -0.41f, -2.11f, 1.24f,
    -1.14f, -1.35f, -0.65f, 1.42f, -1.33f, -1.02f, -0.19f, -1.88f, -1.07f, 0.45f, -1.64f, -0.13f,
    -0.67f, -0.36f, -0.91f, -0.84f, -0.89f, -0.46f, -0.35f, -2.36f, 0.81f, 1.06f, -1.48f, 0.37f,
    -0.5f, -1.2f, 1.41f, -1.46f, -0.11f, 0.13f, -1.2f, -0.15f, -0.72f, 0.27f, -2.12f, -1.49f,
    0.74f, 0.34f, -0.56f, -1.41f, -0.37f, 0.42f, -0.23f, -1.87f, -1.3f, -1.92f, 0.66f, -0.73f,
    -1.05f, -0.48f, 0.0f, 0.93f, -0.48f, -0.96f, -1.33f, -0.0f, 0.84f, -1.26f, -0.41f, 0.43f,
    -0.43f, -0.76f, -0.43f, 0.69f, 0.9f, -0.14f, 1.02f, 0.59f, 0.65f, -1.98f, 0.07f, -1.22f,
    1.5f, -0.53f, -1.62f, -0.44f, -1.79f, 1.07f, -0.26f, -0.77f, -0.52f, 0.59f, -1.27f, -0.12f,
    0.8f, 1.07f, -0.26f, -0.99f, -0.74f, 0.56f, -1.93f, -0.19f, 0.86f, -0.56f, -2.04f, 0.69f,
    -0.83f, -0.97f, -1.68f, 2.15f, -0.74f, 1.73f, -1.18f, 0.28f, -1.24f, 0.75f, -0.58f, -0.14f,
    1.75f, 1.78f, -0.59f, -1.04f, -0.17f, -0.86f, -1.78f, -0.7f, -0.8f, -0.13f, -0.94f, 1.04f
};
static const int CW_Y[] = { 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1,
                            0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0,
                            0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0 };

static void test_dtree_class_weight_matches_sklearn(void **state)
{
    (void)state;
    const struct {
        const char *cw, *crit;
        int positives;
        double p[3];
    } cases[] = {
        { "class_weight=none", "criterion=gini", 8, { 0.066667, 0.066667, 0.263158 } },
        { "class_weight=balanced", "criterion=gini", 11, { 0.164179, 0.164179, 0.495495 } },
        { "class_weight=balanced", "criterion=entropy", 11, { 0.164179, 0.164179, 0.495495 } },
        { "class_weight=0:1,1:4", "criterion=gini", 30, { 0.222222, 0.222222, 0.588235 } },
        { "class_weight=0:1,1:4", "criterion=entropy", 11, { 0.459016, 0.0, 0.459016 } },
    };
    Dataset ds;
    test_dataset_from_arrays(&ds, CW_X, CW_Y, 60, 3, 2);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const char *kv[] = { "max_depth=2", cases[c].cw, cases[c].crit, NULL };
        void *m = test_train(&algo_dtree, &ds, kv, 1, NULL);
        int pred[60], positives = 0;
        float scores[120];
        Error err = { 0 };
        assert_int_equal(algo_dtree.predict(m, &ds.X, pred, scores, &err), 0);
        for (int i = 0; i < 60; i++)
            positives += pred[i];
        assert_int_equal(positives, cases[c].positives);
        for (int i = 0; i < 3; i++)
            assert_near(scores[2 * i + 1], cases[c].p[i], 1e-5);
        algo_dtree.destroy(m);
    }
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dtree_class_weight_matches_sklearn),
        cmocka_unit_test(test_dtree_gini_root_split_is_the_hand_computed_best),
        cmocka_unit_test(test_dtree_entropy_prefers_another_split_on_the_same_rows),
        cmocka_unit_test(test_dtree_equal_splits_go_to_the_lowest_feature_then_threshold),
        cmocka_unit_test(test_dtree_pure_nodes_stop_and_full_depth_fits_training_rows),
        cmocka_unit_test(test_dtree_splits_xor_although_no_first_cut_helps),
        cmocka_unit_test(test_dtree_max_depth_bounds_the_depth),
        cmocka_unit_test(test_dtree_min_samples_leaf_and_split_are_respected),
        cmocka_unit_test(test_dtree_root_split_matches_an_exhaustive_search),
        cmocka_unit_test(test_dtree_data_recodes_values_as_ranks),
        cmocka_unit_test(test_dtree_one_step_is_one_split_with_its_trace_line),
        cmocka_unit_test(test_dtree_best_first_splits_the_largest_gain_first),
        cmocka_unit_test(test_dtree_render_names_features_and_classes),
        cmocka_unit_test(test_dtree_scores_are_leaf_fractions_even_mid_training),
        cmocka_unit_test(test_dtree_rejects_a_single_class_and_wrong_widths),
        cmocka_unit_test(test_dtree_step_stops_when_cancelled),
    };
    return cmocka_run_group_tests_name("dtree", tests, NULL, NULL);
}
