/* test_perceptron.c - the perceptron: the textbook toy (mistakes per epoch
 * and final weights), stopping once separated, one-vs-rest on three
 * blobs, reproducible shuffling, and accuracy floors on breast cancer (the
 * scikit-learn figure of REFERENCE.md within 2 points) and an MNIST subset.
 *
 * Real data is found through MLLAB_DATA_DIR (set by `make check`). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "eval.h"
#include "perceptron.h"

#define assert_near(actual, expected, tol) \
    assert_near_at((actual), (expected), (tol), #actual, __FILE__, __LINE__)

static void assert_near_at(double actual, double expected, double tol, const char *what,
                           const char *file, int line)
{
    if (fabs(actual - expected) <= tol)
        return;
    print_error("%s = %.9g, expected %.9g (tolerance %g)\n", what, actual, expected, tol);
    _fail(file, line);
}

/* A classification Dataset from arrays; class names given or "0", "1"... */
static void make_ds(Dataset *ds, const float *X, const int *y, int rows, int cols, int k,
                    const char *const *names)
{
    memset(ds, 0, sizeof *ds);
    assert_int_equal(mat_alloc(&ds->X, rows, cols, NULL), 0);
    memcpy(ds->X.data, X, sizeof(float) * (size_t)rows * cols);
    ds->has_target = true;
    ds->y = malloc(sizeof(int) * (size_t)rows);
    memcpy(ds->y, y, sizeof(int) * (size_t)rows);
    ds->n_classes = k;
    ds->class_names = calloc((size_t)k, sizeof(char *));
    for (int c = 0; c < k; c++) {
        char buf[16];
        snprintf(buf, sizeof buf, "%d", c);
        ds->class_names[c] = strdup(names ? names[c] : buf);
    }
}

static void *fit(const Dataset *ds, const char *const *kv, int nkv, uint64_t seed, Trace *trace)
{
    Params p;
    Error err = { 0 };
    assert_int_equal(params_init(&p, algo_perceptron.params, &err), 0);
    for (int i = 0; i < nkv; i++)
        assert_int_equal(params_parse_kv(&p, kv[i], &err), 0);
    Rng rng;
    rng_seed(&rng, seed);
    void *m = algo_perceptron.create(&p, ds, &rng, &err);
    params_free(&p);
    assert_non_null(m);
    StepStatus st;
    int steps = 0;
    do {
        if (trace)
            trace->step = ++steps;
        st = algo_perceptron.step(m, ds, trace, &err);
    } while (st == STEP_MORE);
    assert_int_equal(st, STEP_DONE);
    return m;
}

/* REFERENCE: X = [[2,1],[3,4],[4,2],[3,1]], y = [-1,1,1,-1], lr 0.01,
 * 100 epochs -> mistakes 3, 2, 0; weights (bias first) [-0.02, -0.02, 0.06];
 * predicts [-1, 1] for [[5,2],[1,3]].  The labels are the strings "-1" and
 * "1", which the dataset sorts as classes 0 and 1. */
static void test_perceptron_toy_makes_3_2_0_mistakes_and_ends_at_the_textbook_weights(
    void **state)
{
    (void)state;
    const float X[] = { 2, 1, 3, 4, 4, 2, 3, 1 };
    const int y[] = { 0, 1, 1, 0 };
    const char *names[] = { "-1", "1" };
    Dataset ds;
    make_ds(&ds, X, y, 4, 2, 2, names);
    const char *kv[] = { "lr=0.01", "epochs=100", "average=false" };
    Trace tr;
    trace_init(&tr);
    void *m = fit(&ds, kv, 3, 42, &tr);

    int n;
    const int *errors = perceptron_epoch_errors(m, &n);
    assert_int_equal(n, 3); // an epoch without a mistake ends training
    assert_int_equal(errors[0], 3);
    assert_int_equal(errors[1], 2);
    assert_int_equal(errors[2], 0);
    assert_true(perceptron_converged(m));

    LinearView v = perceptron_view(m);
    assert_int_equal(v.k, 1);
    assert_near(v.b[0], -0.02, 1e-6);
    assert_near(v.W[0], -0.02, 1e-6);
    assert_near(v.W[1], 0.06, 1e-6);

    const float Xq[] = { 5, 2, 1, 3 };
    Mat q = { 2, 2, (float *)Xq };
    int labels[2];
    float scores[4];
    Error err = { 0 };
    assert_int_equal(algo_perceptron.predict(m, &q, labels, scores, &err), 0);
    assert_string_equal(ds.class_names[labels[0]], "-1");
    assert_string_equal(ds.class_names[labels[1]], "1");
    assert_true(scores[1] < 0 && scores[3] > 0); // decision values, class 1 column

    // the trace tells the story epoch by epoch, with the numbers attached
    assert_true(tr.count >= 3);
    assert_near(trace_event_get(&tr.events[0], "errors"), 3, 0);
    assert_near(trace_event_get(&tr.events[1], "errors"), 2, 0);
    assert_non_null(strstr(tr.events[1].text, "epoch 2: 2 mistakes"));
    assert_non_null(strstr(tr.events[1].text, "[-0.02, -0.02, 0.06]"));

    double a, b, c;
    assert_true(perceptron_line_2d(m, 0, &a, &b, &c));
    // the line passes where -0.02 x0 + 0.06 x1 - 0.02 = 0, e.g. (2, 1)
    assert_near(a * 2 + b * 1 + c, 0.0, 1e-6);
    algo_perceptron.destroy(m);
    trace_free(&tr);
    dataset_free(&ds);
}

/* Three well separated blobs: one-vs-rest gets every training point, and
 * each class has its own line. */
static void test_perceptron_one_vs_rest_separates_three_blobs(void **state)
{
    (void)state;
    enum { N = 150 };
    float X[N * 2];
    int y[N];
    Rng rng;
    rng_seed(&rng, 9);
    const float cx[] = { -4, 4, 0 }, cy[] = { 0, 0, 6 };
    for (int i = 0; i < N; i++) {
        y[i] = i % 3;
        X[2 * i] = cx[y[i]] + (float)rng_normal(&rng);
        X[2 * i + 1] = cy[y[i]] + (float)rng_normal(&rng);
    }
    Dataset ds;
    make_ds(&ds, X, y, N, 2, 3, NULL);
    const char *kv[] = { "epochs=50" };
    void *m = fit(&ds, kv, 1, 1, NULL);
    int pred[N];
    float scores[N * 3];
    Error err = { 0 };
    assert_int_equal(algo_perceptron.predict(m, &ds.X, pred, scores, &err), 0);
    int right = 0;
    for (int i = 0; i < N; i++)
        right += pred[i] == y[i];
    assert_true(right >= N - 2);
    assert_int_equal(perceptron_view(m).k, 3);
    double a, b, c;
    for (int k = 0; k < 3; k++)
        assert_true(perceptron_line_2d(m, k, &a, &b, &c));
    assert_false(perceptron_line_2d(m, 3, &a, &b, &c));
    algo_perceptron.destroy(m);
    dataset_free(&ds);
}

/* Shuffling draws from the generator: the same seed gives the same
 * weights, another seed other weights. */
static void test_perceptron_shuffling_is_reproducible_by_seed(void **state)
{
    (void)state;
    enum { N = 200 };
    float X[N * 3];
    int y[N];
    Rng rng;
    rng_seed(&rng, 4);
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < 3; j++)
            X[3 * i + j] = (float)rng_normal(&rng);
        y[i] = X[3 * i] - X[3 * i + 2] + 0.8 * rng_normal(&rng) > 0;
    }
    Dataset ds;
    make_ds(&ds, X, y, N, 3, 2, NULL);
    const char *kv[] = { "shuffle=true", "epochs=5" };
    void *a = fit(&ds, kv, 2, 17, NULL), *b = fit(&ds, kv, 2, 17, NULL);
    void *c = fit(&ds, kv, 2, 18, NULL);
    LinearView va = perceptron_view(a), vb = perceptron_view(b), vc = perceptron_view(c);
    assert_memory_equal(va.W, vb.W, 3 * sizeof(float));
    assert_true(memcmp(va.W, vc.W, 3 * sizeof(float)) != 0);
    algo_perceptron.destroy(a);
    algo_perceptron.destroy(b);
    algo_perceptron.destroy(c);
    dataset_free(&ds);
}

static double run_eval(const char *dataset, const char *const *kv, int nkv)
{
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = dataset;
    EvalData d;
    Error err = { 0 };
    if (eval_load(&d, &o, ALGO_CLASSIFIER, &err) < 0)
        print_error("%s\n", err.msg);
    assert_int_equal(err.code, ERR_NONE);
    Params p;
    params_init(&p, algo_perceptron.params, &err);
    for (int i = 0; i < nkv; i++)
        assert_int_equal(params_parse_kv(&p, kv[i], &err), 0);
    ScaleKind scale;
    assert_int_equal(eval_scale_for(&algo_perceptron, &o, &d.train, &scale, &err), 0);
    Session s;
    assert_int_equal(session_open(&s, &algo_perceptron, &p, &d.train, &d.test, true, scale,
                                  o.seed, NULL, &err),
                     0);
    assert_int_equal(session_fit(&s, &err), 0);
    RunResult r;
    assert_int_equal(session_evaluate(&s, &r, &err), 0);
    double acc = r.cls.accuracy;
    assert_non_null(strstr(sb_str(&r.model_json), "\"errors_per_epoch\""));
    run_result_free(&r);
    session_close(&s);
    params_free(&p);
    eval_data_free(&d);
    return acc;
}

/* REFERENCE: scikit-learn's Perceptron reaches 0.9474 on the stratified
 * 80/20 split (seed 42), standardised.  Defaults, within 2 points; the
 * plain (last-weights) perceptron as taught too. */
static void test_perceptron_defaults_match_sklearn_on_breast_cancer(void **state)
{
    (void)state;
    double acc = run_eval("breast_cancer", NULL, 0);
    print_message("breast_cancer accuracy %.4f (averaged)\n", acc);
    assert_true(acc >= 0.9474 - 0.02);
    const char *plain[] = { "average=false" };
    acc = run_eval("breast_cancer", plain, 1);
    print_message("breast_cancer accuracy %.4f (plain)\n", acc);
    assert_true(acc >= 0.9474 - 0.02);
}

/* MNIST, 5000 training / 1000 test images, defaults (averaged, one-vs-rest):
 * the full set reaches about 0.92 (the benchmark). */
static void test_perceptron_learns_mnist_digits(void **state)
{
    (void)state;
    Dataset all, train, test;
    Error err = { 0 };
    Rng rng;
    rng_seed(&rng, 42);
    if (dataset_load(&all, "mnist", NULL, &rng, &err) < 0)
        print_error("%s\n", err.msg);
    assert_int_equal(err.code, ERR_NONE);
    int *rows = malloc(sizeof(int) * 5000);
    for (int i = 0; i < 5000; i++)
        rows[i] = i;
    assert_int_equal(dataset_subset(&all, rows, 5000, &train, &err), 0);
    for (int i = 0; i < 1000; i++)
        rows[i] = 60000 + i;
    assert_int_equal(dataset_subset(&all, rows, 1000, &test, &err), 0);
    dataset_free(&all);
    free(rows);

    void *m = fit(&train, NULL, 0, 42, NULL);
    int *pred = malloc(sizeof(int) * 1000);
    assert_int_equal(algo_perceptron.predict(m, &test.X, pred, NULL, &err), 0);
    int right = 0;
    for (int i = 0; i < 1000; i++)
        right += pred[i] == test.y[i];
    print_message("mnist 5000/1000 accuracy %.4f\n", right / 1000.0);
    assert_true(right >= 840);
    int n;
    const int *errors = perceptron_epoch_errors(m, &n);
    assert_int_equal(n, perceptron_epochs_done(m));
    assert_true(errors[n - 1] < errors[0]); // fewer mistakes as it learns
    free(pred);
    algo_perceptron.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_perceptron_toy_makes_3_2_0_mistakes_and_ends_at_the_textbook_weights),
        cmocka_unit_test(test_perceptron_one_vs_rest_separates_three_blobs),
        cmocka_unit_test(test_perceptron_shuffling_is_reproducible_by_seed),
        cmocka_unit_test(test_perceptron_defaults_match_sklearn_on_breast_cancer),
        cmocka_unit_test(test_perceptron_learns_mnist_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
