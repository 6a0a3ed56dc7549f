/* test_eval_load.c - eval_load: splitting the bundled sets (stratified,
 * reproducible, the default set for each kind, k folds), explicit train and
 * test files, and the refusals (a test size outside (0, 1), mismatched
 * targets, a test file that does not match, a single class for a
 * classifier).  The bundled datasets are found through MLLAB_DATA_DIR, as
 * `make check` sets it; the CSV files are written to a temporary folder.
 * Sessions, evaluation, cross-validation and comparisons: test_eval.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"
#include "test_util.h"

/* ======================================================================
 * Loading and splitting
 * ==================================================================== */

static char tmpdir[256];

static int setup_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/mllab_test_eval_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    const char *names[] = { "train.csv", "test.csv", "nolabel.csv", "badcols.csv", "unknown.csv",
                            "single.csv", "sub.csv" };
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", tmpdir, names[i]);
        unlink(path);
    }
    rmdir(tmpdir);
    return 0;
}

static const char *write_tmp(const char *name, const char *text)
{
    static char path[8][512];
    static int next;
    char *p = path[next++ % 8];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static void test_eval_load_rejects_a_test_size_outside_zero_one(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    assert_near(o.test_size, 0.2, 0);
    assert_int_equal((int)o.seed, 42);
    EvalData d;
    Error err = { 0 };
    double bad[] = { 0.0, 1.0, -0.5, 1.5, NAN };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        o.test_size = bad[i];
        assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
        assert_int_equal(err.code, ERR_USAGE);
    }
}

static void test_eval_load_splits_iris_stratified_and_reproducibly(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "iris";
    EvalData a, b, c;
    Error err = { 0 };
    assert_int_equal(eval_load(&a, &o, ALGO_CLASSIFIER, &err), 0);
    assert_int_equal(a.task, DS_CLASSIFICATION);
    assert_int_equal(a.train.X.rows, 120);
    assert_int_equal(a.test.X.rows, 30);
    assert_true(a.stratified);
    assert_true(a.test_has_target);
    int counts[3];
    dataset_class_counts(&a.test, counts);
    for (int k = 0; k < 3; k++)
        assert_int_equal(counts[k], 10);
    /* The same seed gives the same rows; another seed other rows. */
    assert_int_equal(eval_load(&b, &o, ALGO_CLASSIFIER, &err), 0);
    assert_memory_equal(a.test.X.data, b.test.X.data, mat_size(&a.test.X) * sizeof(float));
    o.seed = 7;
    assert_int_equal(eval_load(&c, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(memcmp(a.test.X.data, c.test.X.data, mat_size(&a.test.X) * sizeof(float)) != 0);
    eval_data_free(&a);
    eval_data_free(&b);
    eval_data_free(&c);
}

static void test_eval_load_picks_the_default_set_for_each_kind(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    assert_string_equal(d.name, "breast_cancer");
    assert_int_equal(d.train.X.rows + d.test.X.rows, 569);
    eval_data_free(&d);
    assert_int_equal(eval_load(&d, &o, ALGO_REGRESSOR, &err), 0);
    assert_string_equal(d.name, "diabetes");
    assert_int_equal(d.task, DS_REGRESSION);
    assert_false(d.stratified);
    assert_non_null(d.test.target);
    eval_data_free(&d);
    assert_int_equal(eval_load(&d, &o, ALGO_CLUSTERER, &err), 0);
    assert_string_equal(d.name, "blobs");
    eval_data_free(&d);
}

static void test_eval_load_refuses_mismatched_targets(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    EvalData d;
    Error err = { 0 };
    o.dataset = "diabetes";
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "regression"));
    o.dataset = "iris";
    assert_int_equal(eval_load(&d, &o, ALGO_REGRESSOR, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "text labels"));
}

static void test_eval_load_makes_stratified_folds(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "iris";
    o.cv = 5;
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    assert_int_equal(d.folds, 5);
    assert_int_equal(d.all.X.rows, 150);
    int per_fold[5] = { 0 };
    for (int i = 0; i < 150; i++) {
        assert_in_range(d.fold_of[i], 0, 4);
        per_fold[d.fold_of[i]]++;
    }
    for (int f = 0; f < 5; f++)
        assert_int_equal(per_fold[f], 30);
    eval_data_free(&d);
}

static void test_eval_load_reads_train_and_test_files(void **state)
{
    (void)state;
    const char *train = write_tmp("train.csv", "a,b,kind\n"
                                               "1,0,red\n2,0,green\n3,0,blue\n"
                                               "1,1,red\n2,1,green\n3,1,blue\n");
    /* The test file has only two of the classes: they keep the training
     * file's indices (blue 0, green 1, red 2). */
    const char *test = write_tmp("test.csv", "a,b,kind\n1,5,red\n3,5,blue\n");
    EvalOptions o;
    eval_options_default(&o);
    o.train_file = train;
    o.test_file = test;
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(d.from_files);
    assert_true(d.test_has_target);
    assert_int_equal(d.test.n_classes, 3);
    assert_string_equal(d.train.class_names[d.test.y[0]], "red");
    assert_string_equal(d.train.class_names[d.test.y[1]], "blue");
    assert_string_equal(d.test.class_names[2], "red");
    eval_data_free(&d);

    /* Without the target column: predictions only. */
    o.test_file = write_tmp("nolabel.csv", "a,b\n1,5\n3,5\n");
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    assert_false(d.test_has_target);
    assert_int_equal(d.test.X.rows, 2);
    eval_data_free(&d);
}

static void test_eval_load_refuses_a_test_file_that_does_not_match(void **state)
{
    (void)state;
    const char *train =
        write_tmp("train.csv", "a,b,kind\n1,0,red\n2,0,green\n1,1,red\n2,1,green\n");
    EvalOptions o;
    eval_options_default(&o);
    o.train_file = train;
    EvalData d;
    Error err = { 0 };
    o.test_file = write_tmp("badcols.csv", "a,c,kind\n1,5,red\n");
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "'c'"));
    assert_non_null(strstr(err.msg, "badcols.csv"));
    o.test_file = write_tmp("unknown.csv", "a,b,kind\n1,5,purple\n");
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "purple"));
    /* --train without --test is a usage error. */
    o.test_file = NULL;
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

static void test_eval_load_refuses_a_single_class_for_classifiers(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = write_tmp("single.csv", "a,b,kind\n1,0,red\n2,0,red\n3,0,red\n4,1,red\n5,1,red\n");
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "single class"));
    /* A clusterer does not mind. */
    assert_int_equal(eval_load(&d, &o, ALGO_CLUSTERER, &err), 0);
    eval_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_load_rejects_a_test_size_outside_zero_one),
        cmocka_unit_test(test_eval_load_splits_iris_stratified_and_reproducibly),
        cmocka_unit_test(test_eval_load_picks_the_default_set_for_each_kind),
        cmocka_unit_test(test_eval_load_refuses_mismatched_targets),
        cmocka_unit_test(test_eval_load_makes_stratified_folds),
        cmocka_unit_test(test_eval_load_reads_train_and_test_files),
        cmocka_unit_test(test_eval_load_refuses_a_test_file_that_does_not_match),
        cmocka_unit_test(test_eval_load_refuses_a_single_class_for_classifiers),
    };
    return cmocka_run_group_tests(tests, setup_tmpdir, remove_tmpdir);
}
