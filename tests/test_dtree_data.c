/* test_dtree_data.c - the decision tree (algorithms/dtree.c) on real data.
 *
 * Floors on bundled data (the toys, the split rule, stopping, the search
 * oracle and the stepping contract are in test_dtree.c).  scikit-learn 1.2's
 * DecisionTreeClassifier on the very same split (written out by eval_load,
 * seed 42) scores 0.9333 on iris at depth 3, 0.895-0.930 on breast cancer at
 * full depth and 0.912-0.921 at depth 3 (over 20 random_states: its ties are
 * broken at random), and 0.769-0.781 on MNIST's first 10000 training / 2000
 * test images.  The MNIST tests also check that one or two threads grow the
 * same tree. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "test_util.h"

static void *iris_tree_of_depth_3(EvalData *d)
{
    test_eval_load(d, "iris", ALGO_CLASSIFIER);
    const char *kv[] = { "max_depth=3", NULL };
    return test_train(&algo_dtree, &d->train, kv, 42, NULL);
}

static void test_dtree_iris_at_depth_3_reaches_093(void **state)
{
    (void)state;
    EvalData d;
    void *m = iris_tree_of_depth_3(&d);
    assert_true(test_accuracy(&algo_dtree, m, &d.test) >= 0.93);
    algo_dtree.destroy(m);
    eval_data_free(&d);
}

/* On mllab's split (eval_load, seed 42) scikit-learn itself gets 0.895-0.930
 * at full depth and 0.912-0.921 at depth 3 (see the top): the floor is two
 * points under REFERENCE.md's 0.9123 for both.  The next test compares on
 * scikit-learn's own split. */
static void test_dtree_breast_cancer_is_within_two_points_of_sklearn(void **state)
{
    (void)state;
    EvalData d;
    test_eval_load(&d, "breast_cancer", ALGO_CLASSIFIER);
    void *m = test_train(&algo_dtree, &d.train, NULL, 42, NULL);
    double full = test_accuracy(&algo_dtree, m, &d.test);
    algo_dtree.destroy(m);
    const char *kv[] = { "max_depth=3", NULL };
    m = test_train(&algo_dtree, &d.train, kv, 42, NULL);
    double shallow = test_accuracy(&algo_dtree, m, &d.test);
    algo_dtree.destroy(m);
    print_message("breast cancer: full depth %.4f, depth 3 %.4f\n", full, shallow);
    assert_true(full >= 0.9123 - 0.02);
    assert_true(shallow >= 0.9123 - 0.02);
    eval_data_free(&d);
}

/* On scikit-learn's own split the figures of REFERENCE.md are 0.9123 (full
 * depth) and 0.9386 (depth 3): within two points either way. */
static void test_dtree_matches_sklearn_on_its_own_breast_cancer_split(void **state)
{
    (void)state;
    Dataset train, test;
    test_load_sklearn_breast_cancer_split(&train, &test);
    void *m = test_train(&algo_dtree, &train, NULL, 42, NULL);
    double full = test_accuracy(&algo_dtree, m, &test);
    algo_dtree.destroy(m);
    const char *kv[] = { "max_depth=3", NULL };
    m = test_train(&algo_dtree, &train, kv, 42, NULL);
    double shallow = test_accuracy(&algo_dtree, m, &test);
    algo_dtree.destroy(m);
    print_message("breast cancer, sklearn's split: full depth %.4f, depth 3 %.4f\n", full,
                  shallow);
    assert_near(full, 0.9123, 0.02);
    assert_near(shallow, 0.9386, 0.02);
    dataset_free(&train);
    dataset_free(&test);
}

/* MNIST is loaded once for the tests that use it. */
static EvalData mnist;

static int load_mnist(void **state)
{
    (void)state;
    test_eval_load(&mnist, "mnist", ALGO_CLASSIFIER);
    return 0;
}

static int free_mnist(void **state)
{
    (void)state;
    eval_data_free(&mnist);
    return 0;
}

/* 10000 training images, 2000 test: scikit-learn 0.769-0.781. */
static void test_dtree_mnist_subset_reaches_its_floor(void **state)
{
    (void)state;
    Dataset train, test;
    test_dataset_head(&mnist.train, 10000, &train);
    test_dataset_head(&mnist.test, 2000, &test);
    void *m = test_train(&algo_dtree, &train, NULL, 42, NULL);
    double acc = test_accuracy(&algo_dtree, m, &test);
    print_message("mnist 10000/2000: %.4f, %d leaves, depth %d\n", acc,
                  dtree_of(m)->n_leaves, dtree_of(m)->depth);
    assert_true(acc >= 0.75);
    algo_dtree.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

/* Two threads search big nodes in parallel: the tree is the same. */
static void test_dtree_is_the_same_on_one_or_two_threads(void **state)
{
    (void)state;
    Dataset train;
    test_dataset_head(&mnist.train, 4000, &train); /* 4000 x 784 cells: the root runs parallel */
    const char *one[] = { "n_jobs=1", NULL }, *two[] = { "n_jobs=2", NULL };
    void *a = test_train(&algo_dtree, &train, one, 42, NULL);
    void *b = test_train(&algo_dtree, &train, two, 42, NULL);
    const Dtree *ta = dtree_of(a), *tb = dtree_of(b);
    assert_int_equal(ta->n_nodes, tb->n_nodes);
    for (int i = 0; i < ta->n_nodes; i++) {
        assert_int_equal(ta->nodes[i].feature, tb->nodes[i].feature);
        assert_near(ta->nodes[i].threshold, tb->nodes[i].threshold, 0);
        assert_int_equal(ta->nodes[i].left, tb->nodes[i].left);
        assert_int_equal(ta->nodes[i].n_samples, tb->nodes[i].n_samples);
    }
    assert_memory_equal(ta->counts, tb->counts,
                        (size_t)ta->n_nodes * ta->n_classes * sizeof *ta->counts);
    algo_dtree.destroy(a);
    algo_dtree.destroy(b);
    dataset_free(&train);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dtree_iris_at_depth_3_reaches_093),
        cmocka_unit_test(test_dtree_breast_cancer_is_within_two_points_of_sklearn),
        cmocka_unit_test(test_dtree_matches_sklearn_on_its_own_breast_cancer_split),
    };
    const struct CMUnitTest mnist_tests[] = {
        cmocka_unit_test(test_dtree_mnist_subset_reaches_its_floor),
        cmocka_unit_test(test_dtree_is_the_same_on_one_or_two_threads),
    };
    int failed = cmocka_run_group_tests_name("dtree on real data", tests, NULL, NULL);
    failed += cmocka_run_group_tests_name("dtree on mnist", mnist_tests, load_mnist, free_mnist);
    return failed;
}
