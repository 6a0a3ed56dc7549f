/* test_perceptron.c - the perceptron: the textbook toy (mistakes per epoch
 * and final weights), stopping once separated, one-vs-rest on three
 * blobs, reproducible shuffling, and accuracy floors on breast cancer (the
 * scikit-learn figure of REFERENCE.md within 2 points) and an MNIST subset.
 *
 * Real data is found through MLLAB_DATA_DIR (set by `make check`). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "perceptron.h"
#include "test_util.h"

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
    test_dataset_from_arrays(&ds, X, y, 4, 2, 2);
    test_name_classes(&ds, names);
    const char *kv[] = { "lr=0.01", "epochs=100", "average=false", NULL };
    Trace tr;
    trace_init(&tr);
    void *m = test_train(&algo_perceptron, &ds, kv, 42, &tr);

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
    Mat q = { .rows = 2, .cols = 2, .data = (float *)Xq };
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
    test_dataset_from_arrays(&ds, X, y, N, 2, 3);
    const char *kv[] = { "epochs=50", NULL };
    void *m = test_train(&algo_perceptron, &ds, kv, 1, NULL);
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
    test_dataset_from_arrays(&ds, X, y, N, 3, 2);
    const char *kv[] = { "shuffle=true", "epochs=5", NULL };
    void *a = test_train(&algo_perceptron, &ds, kv, 17, NULL);
    void *b = test_train(&algo_perceptron, &ds, kv, 17, NULL);
    void *c = test_train(&algo_perceptron, &ds, kv, 18, NULL);
    LinearView va = perceptron_view(a), vb = perceptron_view(b), vc = perceptron_view(c);
    assert_memory_equal(va.W, vb.W, 3 * sizeof(float));
    assert_true(memcmp(va.W, vc.W, 3 * sizeof(float)) != 0);
    algo_perceptron.destroy(a);
    algo_perceptron.destroy(b);
    algo_perceptron.destroy(c);
    dataset_free(&ds);
}

/* REFERENCE: scikit-learn's Perceptron reaches 0.9474 on the stratified
 * 80/20 split (seed 42), standardised.  Defaults, within 2 points; the
 * plain (last-weights) perceptron as taught too. */
static void test_perceptron_defaults_match_sklearn_on_breast_cancer(void **state)
{
    (void)state;
    double acc = test_run_accuracy(&algo_perceptron, "breast_cancer", NULL, "\"errors_per_epoch\"");
    print_message("breast_cancer accuracy %.4f (averaged)\n", acc);
    assert_true(acc >= 0.9474 - 0.02);
    const char *plain[] = { "average=false", NULL };
    acc = test_run_accuracy(&algo_perceptron, "breast_cancer", plain, "\"errors_per_epoch\"");
    print_message("breast_cancer accuracy %.4f (plain)\n", acc);
    assert_true(acc >= 0.9474 - 0.02);
}

/* MNIST, 5000 training / 1000 test images, defaults (averaged, one-vs-rest):
 * the full set reaches about 0.92 (the benchmark). */
static void test_perceptron_learns_mnist_digits(void **state)
{
    (void)state;
    Dataset train, test;
    test_load_mnist_head(&train, 5000, &test, 1000);
    Error err = { 0 };

    void *m = test_train(&algo_perceptron, &train, NULL, 42, NULL);
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

/* class_weight scales a mistake's step by the row's class weight, worked by
 * hand: x1 = (1, 0) class 1, x2 = (0, 1) class 0, lr 1, no averaging, zero
 * start ("0 counts as +1").  Epoch 1: x1 right (s = 0); x2 wrong, step
 * -2 w_0 = -2: w = (0, -2), b = -2.  Epoch 2: x1 wrong (s = -2), step
 * +2 w_1; x2 then: s = -2 - 2 + b.  With 0:1,1:3: step 6, w = (6, -2),
 * b = 4; x2 has s = 2, wrong, step -2: w = (6, -4), b = 2; epoch 3 has no
 * mistake.  Unweighted: step 2, w = (2, -2), b = 0; x2 has s = -2, right. */
static void test_perceptron_class_weight_scales_each_mistakes_step(void **state)
{
    (void)state;
    const float X[] = { 1, 0, 0, 1 };
    const int y[] = { 1, 0 };
    const double want[2][3] = { { 6, -4, 2 }, { 2, -2, 0 } }; /* w1, w2, b */
    const char *weights[2] = { "class_weight=0:1,1:3", "class_weight=none" };
    for (int t = 0; t < 2; t++) {
        Dataset ds;
        test_dataset_from_arrays(&ds, X, y, 2, 2, 2);
        const char *kv[] = { "lr=1", "epochs=10", "average=false", weights[t], NULL };
        void *m = test_train(&algo_perceptron, &ds, kv, 42, NULL);
        LinearView v = perceptron_view(m);
        assert_near(v.W[0], want[t][0], 1e-6);
        assert_near(v.W[1], want[t][1], 1e-6);
        assert_near(v.b[0], want[t][2], 1e-6);
        assert_true(perceptron_converged(m));
        algo_perceptron.destroy(m);
        dataset_free(&ds);
    }
}

/* A class that does not exist, or a weight that is not a number, is refused
 * naming the parameter. */
static void test_perceptron_class_weight_refuses_unknown_classes(void **state)
{
    (void)state;
    const float X[] = { 1, 0, 0, 1 };
    const int y[] = { 1, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 2, 2, 2);
    const char *bad[] = { "class_weight=2:1", "class_weight=0:x", "class_weight=0:1,0:2",
                          "class_weight=heavy" };
    for (int i = 0; i < 4; i++) {
        const char *kv[] = { bad[i], NULL };
        Error err = { 0 };
        void *m = test_try_create(&algo_perceptron, &ds, kv, 42, &err);
        assert_null(m);
        assert_int_equal(err.code, ERR_USAGE);
        assert_non_null(strstr(err.msg, "class_weight"));
    }
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_perceptron_class_weight_scales_each_mistakes_step),
        cmocka_unit_test(test_perceptron_class_weight_refuses_unknown_classes),
        cmocka_unit_test(
            test_perceptron_toy_makes_3_2_0_mistakes_and_ends_at_the_textbook_weights),
        cmocka_unit_test(test_perceptron_one_vs_rest_separates_three_blobs),
        cmocka_unit_test(test_perceptron_shuffling_is_reproducible_by_seed),
        cmocka_unit_test(test_perceptron_defaults_match_sklearn_on_breast_cancer),
        cmocka_unit_test(test_perceptron_learns_mnist_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
