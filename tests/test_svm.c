/* test_svm.c - the linear SVM: the 0/1-label trap of the textbook, the
 * per-sample rule against a direct transcription of it, string labels
 * mapped to +-1 and back, margins on 2-D data, and accuracy floors on
 * breast cancer (the scikit-learn figure of REFERENCE.md within 2 points)
 * and an MNIST subset.
 *
 * Real data is found through MLLAB_DATA_DIR (set by `make check`). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svm.h"
#include "test_util.h"

/* Two separated clouds labelled 0 and 1.  Trained on the 0/1 labels as
 * they are, the textbook rule never sees a negative target and scores about
 * 0.5; mapped to +-1 (what the module does) it gets nearly all right. */
static void make_two_clouds(Dataset *ds, int n, uint64_t seed)
{
    float *X = malloc(sizeof(float) * 2 * n);
    int *y = malloc(sizeof(int) * n);
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        y[i] = i % 2;
        X[2 * i] = (y[i] ? 2.0f : -2.0f) + (float)rng_normal(&rng);
        X[2 * i + 1] = (y[i] ? 1.0f : -1.0f) + (float)rng_normal(&rng);
    }
    test_dataset_from_arrays(ds, X, y, n, 2, 2);
    free(X), free(y);
}

static void test_svm_maps_0_1_labels_to_plus_minus_one(void **state)
{
    (void)state;
    Dataset ds;
    make_two_clouds(&ds, 200, 1);
    // the textbook settings: per sample, lr 0.001, lambda 0.01, 1000 epochs
    const char *kv[] = { "batch=1", "lr=0.001", "lambda=0.01", "epochs=1000",
                         "schedule=constant", NULL };
    void *m = test_train(&algo_svm, &ds, kv, 42, NULL);
    int pred[200], right = 0, ones = 0;
    float scores[400];
    Error err = { 0 };
    assert_int_equal(algo_svm.predict(m, &ds.X, pred, scores, &err), 0);
    for (int i = 0; i < 200; i++) {
        right += pred[i] == ds.y[i];
        ones += pred[i];
        assert_true((scores[2 * i + 1] >= 0) == (pred[i] == 1)); // decision value agrees
    }
    assert_true(right >= 190);
    assert_true(ones > 80 && ones < 120); // both classes predicted, back as 0/1

    // what the trap would have done: the same rule with t = y in {0, 1}
    float w[2] = { 0, 0 }, b = 0;
    for (int e = 0; e < 1000; e++)
        for (int i = 0; i < 200; i++) {
            const float *x = mat_row(&ds.X, i);
            float t = (float)ds.y[i];
            if (t * (w[0] * x[0] + w[1] * x[1] - b) >= 1) {
                w[0] -= 0.001f * 2 * 0.01f * w[0];
                w[1] -= 0.001f * 2 * 0.01f * w[1];
            } else {
                w[0] -= 0.001f * (2 * 0.01f * w[0] - t * x[0]);
                w[1] -= 0.001f * (2 * 0.01f * w[1] - t * x[1]);
                b -= 0.001f * t;
            }
        }
    int trap_right = 0;
    for (int i = 0; i < 200; i++) {
        const float *x = mat_row(&ds.X, i);
        int p = w[0] * x[0] + w[1] * x[1] - b >= 0; // sign() as +1 -> class 1
        trap_right += p == ds.y[i];
    }
    assert_true(trap_right <= 130); // about half
    algo_svm.destroy(m);
    dataset_free(&ds);
}

/* batch = 1 follows the textbook per-sample rule exactly (its bias is ours
 * with the sign flipped), whatever the shared-scale bookkeeping inside. */
static void test_svm_per_sample_rule_matches_the_textbook_loop(void **state)
{
    (void)state;
    Dataset ds;
    make_two_clouds(&ds, 60, 2);
    const float lr = 0.01f, lambda = 0.05f;
    const char *kv[] = { "batch=1", "lr=0.01", "lambda=0.05", "epochs=20",
                         "schedule=constant", NULL };
    void *m = test_train(&algo_svm, &ds, kv, 42, NULL);

    double w[2] = { 0, 0 }, b = 0; // textbook: score w.x - b
    for (int e = 0; e < 20; e++)
        for (int i = 0; i < 60; i++) {
            const float *x = mat_row(&ds.X, i);
            double t = ds.y[i] ? 1.0 : -1.0;
            if (t * (w[0] * x[0] + w[1] * x[1] - b) >= 1) {
                w[0] -= lr * 2 * lambda * w[0];
                w[1] -= lr * 2 * lambda * w[1];
            } else {
                w[0] -= lr * (2 * lambda * w[0] - t * x[0]);
                w[1] -= lr * (2 * lambda * w[1] - t * x[1]);
                b -= lr * t;
            }
        }
    LinearView v = svm_view(m);
    assert_int_equal(v.k, 1);
    assert_near(v.W[0], w[0], 1e-3 * fabs(w[0]) + 1e-5);
    assert_near(v.W[1], w[1], 1e-3 * fabs(w[1]) + 1e-5);
    assert_near(v.b[0], -b, 1e-3 * fabs(b) + 1e-5);
    algo_svm.destroy(m);
    dataset_free(&ds);
}

/* Text labels: "spam"/"ham" are classes 0/1 of the dataset; the model
 * predicts class indices that map back to the same words. */
static void test_svm_trains_on_text_labels_and_maps_them_back(void **state)
{
    (void)state;
    const char csv[] = "x1,x2,kind\n"
                       "0.1,0.2,ham\n0.3,0.1,ham\n0.2,0.4,ham\n0.4,0.3,ham\n"
                       "2.1,2.2,spam\n2.3,1.9,spam\n1.8,2.4,spam\n2.2,2.0,spam\n";
    Dataset ds;
    Error err = { 0 };
    assert_int_equal(dataset_parse_csv(&ds, csv, strlen(csv), "mem", NULL, true, &err), 0);
    assert_int_equal(ds.n_classes, 2);
    const char *kv[] = { "epochs=200", "batch=1", "lr=0.05", "schedule=constant", NULL };
    void *m = test_train(&algo_svm, &ds, kv, 42, NULL);
    int pred[8];
    assert_int_equal(algo_svm.predict(m, &ds.X, pred, NULL, &err), 0);
    for (int i = 0; i < 8; i++)
        assert_string_equal(ds.class_names[pred[i]], i < 4 ? "ham" : "spam");
    algo_svm.destroy(m);
    dataset_free(&ds);
}

/* On 2-D data the three lines w.x + b = -1, 0, +1 are parallel, the
 * margin lines one 1/|w| either side; the objective falls from 1. */
static void test_svm_margins_are_parallel_and_the_objective_falls(void **state)
{
    (void)state;
    Dataset ds;
    make_two_clouds(&ds, 200, 3);
    Trace tr;
    trace_init(&tr);
    void *m = test_train(&algo_svm, &ds, NULL, 42, &tr);
    double a0, b0, c0, a1, b1, c1, a2, b2, c2;
    assert_true(svm_line_2d(m, 0, 0.0f, &a0, &b0, &c0));
    assert_true(svm_line_2d(m, 0, 1.0f, &a1, &b1, &c1));
    assert_true(svm_line_2d(m, 0, -1.0f, &a2, &b2, &c2));
    assert_near(a0, a1, 1e-9);
    assert_near(b0, b2, 1e-9);
    LinearView v = svm_view(m);
    double wn = sqrt(v.W[0] * v.W[0] + v.W[1] * v.W[1]);
    assert_near(c0 - c1, 1.0 / wn, 1e-6);
    assert_near(c2 - c0, 1.0 / wn, 1e-6);
    int n;
    const float *h = svm_loss_history(m, &n);
    assert_int_equal(n, svm_epochs_done(m) + 1);
    assert_near(h[0], 1.0, 1e-9);
    assert_true(h[n - 1] < 0.5);
    assert_true(svm_train_accuracy(m) > 0.9);
    assert_int_equal(tr.count, svm_epochs_done(m));
    assert_near(trace_event_get(&tr.events[tr.count - 1], "loss"), svm_loss(m), 1e-6);
    algo_svm.destroy(m);
    trace_free(&tr);
    dataset_free(&ds);
}

/* REFERENCE: scikit-learn's linear SVM reaches 0.9649 on the stratified
 * 80/20 split (seed 42), standardised.  Defaults, within 2 points; the
 * textbook per-sample settings as well. */
static void test_svm_defaults_match_sklearn_on_breast_cancer(void **state)
{
    (void)state;
    double acc = test_run_accuracy(&algo_svm, "breast_cancer", NULL, "\"weights\"");
    print_message("breast_cancer accuracy %.4f (defaults)\n", acc);
    assert_true(acc >= 0.9649 - 0.02);
    const char *taught[] = { "batch=1", "lr=0.001", "lambda=0.01", "epochs=1000",
                             "schedule=constant", NULL };
    acc = test_run_accuracy(&algo_svm, "breast_cancer", taught, "\"weights\"");
    print_message("breast_cancer accuracy %.4f (textbook per-sample)\n", acc);
    assert_true(acc >= 0.9649 - 0.02);
}

/* MNIST, 5000 training / 1000 test images, defaults (one-vs-rest). */
static void test_svm_learns_mnist_digits(void **state)
{
    (void)state;
    Dataset train, test;
    test_load_mnist_head(&train, 5000, &test, 1000);
    Error err = { 0 };

    void *m = test_train(&algo_svm, &train, NULL, 42, NULL);
    int *pred = malloc(sizeof(int) * 1000);
    float *scores = malloc(sizeof(float) * 10000);
    assert_int_equal(algo_svm.predict(m, &test.X, pred, scores, &err), 0);
    int right = 0;
    for (int i = 0; i < 1000; i++) {
        right += pred[i] == test.y[i];
        for (int c = 0; c < 10; c++) // the label is the highest decision score
            assert_true(scores[i * 10 + c] <= scores[i * 10 + pred[i]]);
    }
    print_message("mnist 5000/1000 accuracy %.4f\n", right / 1000.0);
    assert_true(right >= 850);
    assert_int_equal(svm_view(m).k, 10);
    free(pred);
    free(scores);
    algo_svm.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svm_maps_0_1_labels_to_plus_minus_one),
        cmocka_unit_test(test_svm_per_sample_rule_matches_the_textbook_loop),
        cmocka_unit_test(test_svm_trains_on_text_labels_and_maps_them_back),
        cmocka_unit_test(test_svm_margins_are_parallel_and_the_objective_falls),
        cmocka_unit_test(test_svm_defaults_match_sklearn_on_breast_cancer),
        cmocka_unit_test(test_svm_learns_mnist_digits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
