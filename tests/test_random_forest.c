/* test_random_forest.c - the random forest (algorithms/random_forest.c).
 *
 * Reproducibility (same seed, same forest; any number of threads, same
 * forest), the step/trace contract, max_features parsing, soft voting, the
 * out-of-bag estimate, and floors on real data.  The floors: scikit-learn
 * 1.2's RandomForestClassifier (100 trees) scores 0.9561 on breast cancer
 * on its own split and 0.974-0.991 on this one (seed 42, five
 * random_states); with 20 trees on MNIST's first 5000 training / 1000 test
 * images it scores 0.884-0.897. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"
#include "random_forest.h"

#define assert_near(actual, expected, tol) \
    assert_near_at((actual), (expected), (tol), #actual, __FILE__, __LINE__)

static void assert_near_at(double actual, double expected, double tol, const char *what,
                           const char *file, int line)
{
    if (actual == expected || fabs(actual - expected) <= tol)
        return;
    print_error("%s = %.17g, expected %.17g (tolerance %g)\n", what, actual, expected, tol);
    _fail(file, line);
}

static void *create_with(const Dataset *train, const char *const *kv, uint64_t seed, Error *err)
{
    Params p;
    assert_int_equal(params_init(&p, algo_random_forest.params, NULL), 0);
    for (int i = 0; kv && kv[i]; i++)
        assert_int_equal(params_parse_kv(&p, kv[i], NULL), 0);
    Rng rng;
    rng_seed(&rng, seed);
    void *m = algo_random_forest.create(&p, train, &rng, err);
    params_free(&p);
    return m;
}

static void *fit_with(const Dataset *train, const char *const *kv, uint64_t seed, Trace *trace,
                      int *steps)
{
    Error err = { 0 };
    void *m = create_with(train, kv, seed, &err);
    if (!m)
        fail_msg("create: %s", err.msg);
    int n = 0;
    StepStatus st;
    do {
        if (trace)
            trace->step = n + 1;
        st = algo_random_forest.step(m, train, trace, &err);
        n++;
    } while (st == STEP_MORE);
    if (st != STEP_DONE)
        fail_msg("step: %s", err.msg);
    if (steps)
        *steps = n;
    return m;
}

static double accuracy_on(void *m, const Dataset *test)
{
    int *labels = malloc((size_t)test->X.rows * sizeof *labels);
    assert_non_null(labels);
    assert_int_equal(algo_random_forest.predict(m, &test->X, labels, NULL, NULL), 0);
    int right = 0;
    for (int i = 0; i < test->X.rows; i++)
        right += labels[i] == test->y[i];
    free(labels);
    return (double)right / test->X.rows;
}

static void load_eval(EvalData *d, const char *name)
{
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = name;
    Error err = { 0 };
    if (eval_load(d, &o, ALGO_CLASSIFIER, &err) < 0)
        fail_msg("eval_load(%s): %s", name, err.msg);
}

/* scikit-learn's own breast cancer split, the one REFERENCE.md's figures
 * come from: the 114 test rows (0-based, in the order of
 * datasets/breast_cancer.csv, which is sklearn's) that
 * train_test_split(test_size=0.2, stratify=y, random_state=42) holds out.
 * The other 455 rows are the training part. */
static const int SKLEARN_BC_TEST_ROWS[114] = {
    1, 14, 20, 23, 24, 41, 51, 64, 70, 73, 77, 83, 85, 95, 102, 104, 121, 127, 128, 140, 150,
    158, 167, 168, 180, 194, 198, 199, 200, 203, 204, 205, 206, 217, 223, 228, 231, 235, 237,
    242, 246, 247, 256, 257, 261, 266, 267, 269, 275, 284, 288, 291, 292, 295, 296, 298, 307,
    308, 310, 316, 321, 328, 340, 343, 344, 353, 354, 358, 359, 361, 363, 375, 385, 399, 406,
    408, 415, 417, 423, 428, 431, 433, 434, 439, 445, 452, 461, 464, 467, 468, 483, 488, 495,
    496, 501, 504, 507, 516, 518, 519, 523, 526, 527, 528, 535, 537, 540, 541, 542, 549, 553,
    564, 567, 568
};

/* Split the bundled breast cancer set as scikit-learn did. */
static void load_sklearn_breast_cancer_split(Dataset *train, Dataset *test)
{
    Dataset all;
    Error err = { 0 };
    Rng rng;
    rng_seed(&rng, 1);
    if (dataset_load(&all, "breast_cancer", NULL, &rng, &err) < 0)
        fail_msg("dataset_load: %s", err.msg);
    assert_int_equal(all.X.rows, 569);
    bool held_out[569] = { false };
    for (int i = 0; i < 114; i++)
        held_out[SKLEARN_BC_TEST_ROWS[i]] = true;
    int tr[569], n_tr = 0;
    for (int i = 0; i < 569; i++)
        if (!held_out[i])
            tr[n_tr++] = i;
    assert_int_equal(dataset_subset(&all, tr, n_tr, train, &err), 0);
    assert_int_equal(dataset_subset(&all, SKLEARN_BC_TEST_ROWS, 114, test, &err), 0);
    dataset_free(&all);
}

/* Two forests are the same: every tree, node by node. */
static bool same_forest(const Forest *a, const Forest *b)
{
    if (forest_trees_built(a) != forest_trees_built(b))
        return false;
    for (int t = 0; t < forest_trees_built(a); t++) {
        const Dtree *x = forest_tree(a, t), *y = forest_tree(b, t);
        if (x->n_nodes != y->n_nodes)
            return false;
        for (int i = 0; i < x->n_nodes; i++)
            if (x->nodes[i].feature != y->nodes[i].feature ||
                x->nodes[i].threshold != y->nodes[i].threshold ||
                x->nodes[i].n_samples != y->nodes[i].n_samples)
                return false;
    }
    return true;
}

/* ---- reproducibility ------------------------------------------------------ */

static void test_forest_same_seed_grows_the_same_forest(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "breast_cancer");
    const char *kv[] = { "n_trees=12", NULL };
    void *a = fit_with(&d.train, kv, 42, NULL, NULL);
    void *b = fit_with(&d.train, kv, 42, NULL, NULL);
    void *c = fit_with(&d.train, kv, 43, NULL, NULL);
    assert_true(same_forest(forest_of(a), forest_of(b)));
    assert_near(forest_oob_accuracy(forest_of(a)), forest_oob_accuracy(forest_of(b)), 0);
    assert_false(same_forest(forest_of(a), forest_of(c)));
    algo_random_forest.destroy(a);
    algo_random_forest.destroy(b);
    algo_random_forest.destroy(c);
    eval_data_free(&d);
}

/* Trees are grown in batches on several threads, each from its own
 * generator: one thread or three give the very same forest.  The data is
 * large enough (2500 x 100 cells) for the batches to run in parallel. */
static void test_forest_does_not_depend_on_the_number_of_threads(void **state)
{
    (void)state;
    int n = 2500, d = 100;
    Dataset ds;
    memset(&ds, 0, sizeof ds);
    assert_int_equal(mat_alloc(&ds.X, n, d, NULL), 0);
    ds.y = malloc((size_t)n * sizeof *ds.y);
    ds.n_classes = 3;
    ds.has_target = true;
    Rng rng;
    rng_seed(&rng, 11);
    /* A hidden z decides the class; half the features are noisy copies of
     * it, the other half pure noise. */
    for (int i = 0; i < n; i++) {
        double z = rng_normal(&rng);
        for (int j = 0; j < d; j++)
            MAT_AT(&ds.X, i, j) = (float)((j < d / 2 ? z : 0.0) + 0.5 * rng_normal(&rng));
        ds.y[i] = z < -0.5 ? 0 : z < 0.5 ? 1 : 2;
    }
    const char *one[] = { "n_trees=24", "n_jobs=1", NULL };
    const char *three[] = { "n_trees=24", "n_jobs=3", NULL };
    void *a = fit_with(&ds, one, 5, NULL, NULL);
    void *b = fit_with(&ds, three, 5, NULL, NULL);
    assert_true(same_forest(forest_of(a), forest_of(b)));
    assert_near(forest_oob_accuracy(forest_of(a)), forest_oob_accuracy(forest_of(b)), 0);
    /* Predicting 2500 rows x 24 trees runs in blocks on three threads for
     * b, on one for a: the same labels and scores. */
    int *la = malloc((size_t)n * sizeof *la), *lb = malloc((size_t)n * sizeof *lb);
    float *sa = malloc((size_t)n * 3 * sizeof *sa), *sb = malloc((size_t)n * 3 * sizeof *sb);
    assert_int_equal(algo_random_forest.predict(a, &ds.X, la, sa, NULL), 0);
    assert_int_equal(algo_random_forest.predict(b, &ds.X, lb, sb, NULL), 0);
    assert_memory_equal(la, lb, (size_t)n * sizeof *la);
    assert_memory_equal(sa, sb, (size_t)n * 3 * sizeof *sa);
    free(la);
    free(lb);
    free(sa);
    free(sb);
    print_message("synthetic 2500 x 100, 24 trees: OOB %.4f\n",
                  forest_oob_accuracy(forest_of(a)));
    assert_true(forest_oob_accuracy(forest_of(a)) > 0.6); /* chance is about 1/3 */
    algo_random_forest.destroy(a);
    algo_random_forest.destroy(b);
    dataset_free(&ds);
}

/* ---- stepping and the trace ------------------------------------------------ */

static void test_forest_one_step_adds_one_tree_with_its_trace_line(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "breast_cancer");
    Error err = { 0 };
    const char *kv[] = { "n_trees=5", "n_jobs=2", NULL };
    void *m = create_with(&d.train, kv, 42, &err);
    const Forest *f = forest_of(m);
    assert_int_equal(forest_n_trees(f), 5);
    assert_int_equal(forest_trees_built(f), 0);
    assert_true(isnan(forest_oob_accuracy(f)));
    Trace tr;
    trace_init(&tr);
    for (int s = 1; s <= 5; s++) {
        tr.step = s;
        int before = tr.count;
        StepStatus st = algo_random_forest.step(m, &d.train, &tr, &err);
        assert_int_equal(st, s < 5 ? STEP_MORE : STEP_DONE);
        assert_int_equal(forest_trees_built(f), s);
        assert_non_null(forest_tree(f, s - 1));
        assert_null(forest_tree(f, s));
        const TraceEvent *ev = &tr.events[before];
        assert_int_equal(ev->kind, TRACE_STEP);
        char want[32];
        snprintf(want, sizeof want, "tree %d/5: %d leaves", s, forest_tree(f, s - 1)->n_leaves);
        assert_non_null(strstr(ev->text, want));
        assert_non_null(strstr(ev->text, "OOB accuracy so far"));
        assert_near(trace_event_get(ev, "oob_acc"), forest_oob_accuracy(f), 0);
        assert_near(trace_event_get(ev, "depth"), forest_tree(f, s - 1)->depth, 0);
    }
    assert_int_equal(algo_random_forest.step(m, &d.train, &tr, &err), STEP_DONE);
    StrBuf sb = STRBUF_INIT;
    algo_random_forest.model_json(m, &d.train, &sb);
    assert_non_null(strstr(sb_str(&sb), "\"trees\": 5"));
    assert_non_null(strstr(sb_str(&sb), "\"oob_accuracy\": 0."));
    sb_free(&sb);
    /* Trees print with the dataset's names. */
    sb_reset(&sb);
    dtree_render(forest_tree(f, 0), NULL, &sb);
    assert_non_null(strstr(sb_str(&sb), "benign"));
    sb_free(&sb);
    trace_free(&tr);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* A cancelled step returns ERR_CANCELLED and adds no tree. */
static void test_forest_step_stops_when_cancelled(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "iris");
    Error err = { 0 };
    const char *kv[] = { "n_trees=4", NULL };
    void *m = create_with(&d.train, kv, 42, &err);
    Trace tr;
    trace_init(&tr);
    assert_int_equal(algo_random_forest.step(m, &d.train, &tr, &err), STEP_MORE);
    __atomic_store_n(&tr.cancel_requested, 1, __ATOMIC_RELAXED);
    assert_int_equal(algo_random_forest.step(m, &d.train, &tr, &err), STEP_ERROR);
    assert_int_equal(err.code, ERR_CANCELLED);
    assert_int_equal(forest_trees_built(forest_of(m)), 1);
    /* Resumed, it finishes the forest (and nothing leaks). */
    __atomic_store_n(&tr.cancel_requested, 0, __ATOMIC_RELAXED);
    StepStatus st;
    while ((st = algo_random_forest.step(m, &d.train, &tr, &err)) == STEP_MORE)
        ;
    assert_int_equal(st, STEP_DONE);
    assert_int_equal(forest_trees_built(forest_of(m)), 4);
    trace_free(&tr);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* ---- parameters ------------------------------------------------------------ */

static void test_forest_max_features_accepts_names_fractions_and_counts(void **state)
{
    (void)state;
    Error err = { 0 };
    assert_int_equal(forest_parse_max_features("sqrt", 30, &err), 5);
    assert_int_equal(forest_parse_max_features("sqrt", 784, &err), 28);
    assert_int_equal(forest_parse_max_features("log2", 784, &err), 9);
    assert_int_equal(forest_parse_max_features("all", 30, &err), 30);
    assert_int_equal(forest_parse_max_features("0.5", 30, &err), 15);
    assert_int_equal(forest_parse_max_features("0.01", 30, &err), 1);
    assert_int_equal(forest_parse_max_features("7", 30, &err), 7);
    assert_int_equal(forest_parse_max_features("1", 30, &err), 1);
    assert_int_equal(forest_parse_max_features("99", 30, &err), 30);
    assert_int_equal(forest_parse_max_features("half", 30, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(forest_parse_max_features("2.5", 30, &err), -1);
    assert_int_equal(forest_parse_max_features("0", 30, &err), -1);
    assert_int_equal(forest_parse_max_features("-3", 30, &err), -1);

    /* create refuses a bad value with a usage error */
    EvalData d;
    load_eval(&d, "iris");
    const char *kv[] = { "max_features=many", NULL };
    error_clear(&err);
    assert_null(create_with(&d.train, kv, 1, &err));
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "max_features"));
    eval_data_free(&d);
}

static void test_forest_max_depth_holds_in_every_tree(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "breast_cancer");
    const char *kv[] = { "n_trees=10", "max_depth=3", NULL };
    void *m = fit_with(&d.train, kv, 42, NULL, NULL);
    const Forest *f = forest_of(m);
    int deepest = 0;
    for (int t = 0; t < forest_trees_built(f); t++)
        if (forest_tree(f, t)->depth > deepest)
            deepest = forest_tree(f, t)->depth;
    assert_int_equal(deepest, 3);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* ---- voting and out-of-bag ------------------------------------------------- */

/* Scores are the mean of the trees' leaf fractions; labels their argmax. */
static void test_forest_scores_average_the_trees_leaf_fractions(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "iris");
    const char *kv[] = { "n_trees=9", NULL };
    void *m = fit_with(&d.train, kv, 42, NULL, NULL);
    const Forest *f = forest_of(m);
    int n = d.test.X.rows, k = d.train.n_classes;
    int *labels = malloc((size_t)n * sizeof *labels);
    float *scores = malloc((size_t)n * k * sizeof *scores);
    assert_int_equal(algo_random_forest.predict(m, &d.test.X, labels, scores, NULL), 0);
    for (int i = 0; i < n; i++) {
        double mean[8] = { 0 };
        float p[8];
        for (int t = 0; t < forest_trees_built(f); t++) {
            dtree_predict_proba(forest_tree(f, t), mat_row(&d.test.X, i), p);
            for (int c = 0; c < k; c++)
                mean[c] += p[c] / forest_trees_built(f);
        }
        int best = 0;
        for (int c = 0; c < k; c++) {
            assert_near(scores[i * k + c], mean[c], 1e-5);
            if (mean[c] > mean[best] + 1e-9)
                best = c;
        }
        assert_int_equal(labels[i], best);
    }
    free(labels);
    free(scores);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* The out-of-bag estimate covers (nearly) every row after a few dozen trees
 * (each tree leaves out about 1/e of them) and lands near the test
 * accuracy; without bootstrap there is none. */
static void test_forest_oob_estimate_is_close_to_test_accuracy(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "breast_cancer");
    const char *kv[] = { "n_trees=40", NULL };
    void *m = fit_with(&d.train, kv, 42, NULL, NULL);
    const Forest *f = forest_of(m);
    double oob = forest_oob_accuracy(f), test = accuracy_on(m, &d.test);
    print_message("breast cancer, 40 trees: OOB %.4f on %d rows, test %.4f\n", oob,
                  forest_oob_rows(f), test);
    assert_int_equal(forest_oob_rows(f), d.train.X.rows);
    assert_true(oob > 0.9 && oob < 1.0);
    assert_true(fabs(oob - test) < 0.05);
    algo_random_forest.destroy(m);

    const char *nb[] = { "n_trees=3", "bootstrap=false", NULL };
    m = fit_with(&d.train, nb, 42, NULL, NULL);
    assert_true(isnan(forest_oob_accuracy(forest_of(m))));
    assert_int_equal(forest_oob_rows(forest_of(m)), 0);
    /* Without bootstrap and with every feature tried, all trees are alike. */
    algo_random_forest.destroy(m);
    const char *plain[] = { "n_trees=3", "bootstrap=false", "max_features=all", NULL };
    m = fit_with(&d.train, plain, 42, NULL, NULL);
    f = forest_of(m);
    assert_int_equal(forest_tree(f, 0)->n_nodes, forest_tree(f, 2)->n_nodes);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* ---- real data ------------------------------------------------------------- */

static void test_forest_breast_cancer_is_within_two_points_of_sklearn(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "breast_cancer");
    void *m = fit_with(&d.train, NULL, 42, NULL, NULL); /* defaults: 100 trees, sqrt */
    double acc = accuracy_on(m, &d.test);
    print_message("breast cancer, defaults: %.4f (OOB %.4f)\n", acc,
                  forest_oob_accuracy(forest_of(m)));
    assert_true(acc >= 0.9561 - 0.02);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* REFERENCE.md's 0.9561 is scikit-learn's forest on its own split. */
static void test_forest_matches_sklearn_on_its_own_breast_cancer_split(void **state)
{
    (void)state;
    Dataset train, test;
    load_sklearn_breast_cancer_split(&train, &test);
    void *m = fit_with(&train, NULL, 42, NULL, NULL);
    double acc = accuracy_on(m, &test);
    print_message("breast cancer, sklearn's split: %.4f\n", acc);
    assert_near(acc, 0.9561, 0.02);
    algo_random_forest.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_forest_iris_reaches_093(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "iris");
    const char *kv[] = { "n_trees=30", NULL };
    void *m = fit_with(&d.train, kv, 42, NULL, NULL);
    assert_true(accuracy_on(m, &d.test) >= 0.93);
    algo_random_forest.destroy(m);
    eval_data_free(&d);
}

/* 5000 training images, 1000 test, 20 trees: scikit-learn 0.884-0.897; a
 * single full tree on the same rows stays far below. */
static void test_forest_mnist_subset_reaches_its_floor(void **state)
{
    (void)state;
    EvalData d;
    load_eval(&d, "mnist");
    int *rows = malloc(5000 * sizeof *rows);
    for (int i = 0; i < 5000; i++)
        rows[i] = i;
    Dataset train, test;
    assert_int_equal(dataset_subset(&d.train, rows, 5000, &train, NULL), 0);
    assert_int_equal(dataset_subset(&d.test, rows, 1000, &test, NULL), 0);
    eval_data_free(&d);
    const char *kv[] = { "n_trees=20", NULL };
    void *m = fit_with(&train, kv, 42, NULL, NULL);
    double acc = accuracy_on(m, &test);
    const char *one[] = { "n_trees=1", "bootstrap=false", "max_features=all", NULL };
    void *single = fit_with(&train, one, 42, NULL, NULL);
    double acc1 = accuracy_on(single, &test);
    print_message("mnist 5000/1000: forest of 20 %.4f (OOB %.4f), one tree %.4f\n", acc,
                  forest_oob_accuracy(forest_of(m)), acc1);
    assert_true(acc >= 0.86);
    assert_true(acc > acc1 + 0.05);
    algo_random_forest.destroy(m);
    algo_random_forest.destroy(single);
    dataset_free(&train);
    dataset_free(&test);
    free(rows);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forest_same_seed_grows_the_same_forest),
        cmocka_unit_test(test_forest_does_not_depend_on_the_number_of_threads),
        cmocka_unit_test(test_forest_one_step_adds_one_tree_with_its_trace_line),
        cmocka_unit_test(test_forest_step_stops_when_cancelled),
        cmocka_unit_test(test_forest_max_features_accepts_names_fractions_and_counts),
        cmocka_unit_test(test_forest_max_depth_holds_in_every_tree),
        cmocka_unit_test(test_forest_scores_average_the_trees_leaf_fractions),
        cmocka_unit_test(test_forest_oob_estimate_is_close_to_test_accuracy),
        cmocka_unit_test(test_forest_breast_cancer_is_within_two_points_of_sklearn),
        cmocka_unit_test(test_forest_matches_sklearn_on_its_own_breast_cancer_split),
        cmocka_unit_test(test_forest_iris_reaches_093),
        cmocka_unit_test(test_forest_mnist_subset_reaches_its_floor),
    };
    return cmocka_run_group_tests_name("random_forest", tests, NULL, NULL);
}
