/* test_eval_load.c - eval_load: splitting the bundled sets (stratified,
 * reproducible, the default set for each kind, k folds), explicit train and
 * test files, and the refusals (a test size outside (0, 1), mismatched
 * targets, a test file that does not match, a single class for a
 * classifier); sets with a standard split kept whole or pooled and split
 * at random (EvalOptions.pool_split, on a small IDX set).  The bundled
 * datasets are found through MLLAB_DATA_DIR, as `make check` sets it; the
 * CSV and IDX files are written to a temporary folder.
 * Sessions, evaluation, cross-validation and comparisons: test_eval.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

/* ======================================================================
 * Sets with a standard split: kept, or pooled (--test-size, issue 11)
 * ==================================================================== */

/* A small fashion_mnist in tmpdir (MLLAB_FASHION_MNIST_DIR): 1000 training
 * and 400 test images of 28x28 whose first two pixels hold the image's id
 * over both files (id / 256, id % 256; ids 0..999 train, 1000..1399 test)
 * and whose label is imbalanced: 0 for 11 ids of every 20, 1..9 for one
 * each (770 + 9 x 70 over the 1400). */
#define POOL_TRAIN 1000
#define POOL_TEST 400
#define POOL_ROWS (POOL_TRAIN + POOL_TEST)

static int pool_label(int id)
{
    return id % 20 < 11 ? 0 : id % 20 - 10;
}

/* An uncompressed IDX pair (zlib reads it through the .gz names). */
static void write_pool_pair(const char *dir, const char *images, const char *labels, int first,
                            int n)
{
    char path[600];
    snprintf(path, sizeof path, "%s/%s", dir, images);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    unsigned char head[16] = { 0, 0, 8, 3, 0, 0, (unsigned char)(n >> 8), (unsigned char)n,
                               0, 0, 0, 28, 0, 0, 0, 28 };
    assert_int_equal(fwrite(head, 1, 16, f), 16);
    unsigned char row[784] = { 0 };
    for (int i = first; i < first + n; i++) {
        row[0] = (unsigned char)(i >> 8);
        row[1] = (unsigned char)(i & 255);
        assert_int_equal(fwrite(row, 1, 784, f), 784);
    }
    fclose(f);
    snprintf(path, sizeof path, "%s/%s", dir, labels);
    assert_non_null(f = fopen(path, "wb"));
    unsigned char lhead[8] = { 0, 0, 8, 1, 0, 0, (unsigned char)(n >> 8), (unsigned char)n };
    assert_int_equal(fwrite(lhead, 1, 8, f), 8);
    for (int i = first; i < first + n; i++)
        assert_int_equal(fputc(pool_label(i), f), pool_label(i));
    fclose(f);
}

static char pool_dir[300];

static void make_pool_set(void)
{
    snprintf(pool_dir, sizeof pool_dir, "%s/fashion", tmpdir);
    mkdir(pool_dir, 0700);
    write_pool_pair(pool_dir, "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", 0,
                    POOL_TRAIN);
    write_pool_pair(pool_dir, "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                    POOL_TRAIN, POOL_TEST);
    assert_int_equal(setenv("MLLAB_FASHION_MNIST_DIR", pool_dir, 1), 0);
}

static void remove_pool_set(void)
{
    const char *names[] = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                            "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };
    char path[600];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", pool_dir, names[i]);
        unlink(path);
    }
    rmdir(pool_dir);
    unsetenv("MLLAB_FASHION_MNIST_DIR");
}

/* The id an image was written with. */
static int pool_id(const Dataset *ds, int r)
{
    return (int)lroundf(MAT_AT(&ds->X, r, 0) * 255.0f) * 256 +
           (int)lroundf(MAT_AT(&ds->X, r, 1) * 255.0f);
}

/* Mark the ids of part in seen[] (each once over all parts, labels kept);
 * count its classes into counts[10]. */
static void mark_part(const Dataset *part, char *seen, int *counts)
{
    memset(counts, 0, 10 * sizeof *counts);
    for (int r = 0; r < part->X.rows; r++) {
        int id = pool_id(part, r);
        assert_in_range(id, 0, POOL_ROWS - 1);
        assert_int_equal(seen[id], 0);
        seen[id] = 1;
        assert_int_equal(part->y[r], pool_label(id));
        counts[part->y[r]]++;
    }
}

/* Each class holds its share of the part (frac of its rows) within one row. */
static void assert_stratified(const int *counts, double frac)
{
    for (int c = 0; c < 10; c++) {
        int of = c == 0 ? 770 : 70;
        assert_true(fabs(counts[c] - frac * of) < 1.0);
    }
}

static void test_eval_load_keeps_the_standard_split_without_pooling(void **state)
{
    (void)state;
    make_pool_set();
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "fashion_mnist";
    o.test_size = 0.25; /* the TUI's form sets it; only pool_split pools */
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(d.standard_split);
    assert_false(d.pooled);
    assert_int_equal(d.train.X.rows, POOL_TRAIN);
    assert_int_equal(d.test.X.rows, POOL_TEST);
    for (int r = 0; r < POOL_TRAIN; r++)
        assert_int_equal(pool_id(&d.train, r), r);
    for (int r = 0; r < POOL_TEST; r++)
        assert_int_equal(pool_id(&d.test, r), POOL_TRAIN + r);
    eval_data_free(&d);
    /* --val-size needs a random split: the message says how to get one. */
    o.val_size = 0.1;
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "--val-size needs a random split; fashion_mnist has its own "
                                    "training and test parts (add --test-size F to pool"));
    remove_pool_set();
}

/* Pooled: ceil(0.25 x 1400) = 350 test rows, stratified; every id in one
 * part; the same seed the same rows in the same order, another seed not. */
static void test_eval_load_pools_a_standard_split_when_asked(void **state)
{
    (void)state;
    make_pool_set();
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "fashion_mnist";
    o.test_size = 0.25;
    o.pool_split = true;
    o.seed = 3;
    EvalData a, b, c;
    Error err = { 0 };
    assert_int_equal(eval_load(&a, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(a.pooled);
    assert_false(a.standard_split);
    assert_true(a.stratified);
    assert_int_equal(a.pooled_rows, POOL_ROWS);
    assert_near(a.test_size, 0.25, 0);
    assert_int_equal(a.test.X.rows, 350);
    assert_int_equal(a.train.X.rows, POOL_ROWS - 350);
    assert_int_equal(a.train.split_at, 0);
    char seen[POOL_ROWS] = { 0 };
    int counts[10];
    mark_part(&a.test, seen, counts);
    assert_stratified(counts, 0.25);
    mark_part(&a.train, seen, counts);
    assert_stratified(counts, 0.75);
    for (int id = 0; id < POOL_ROWS; id++)
        assert_int_equal(seen[id], 1);
    assert_int_equal(eval_load(&b, &o, ALGO_CLASSIFIER, &err), 0);
    assert_memory_equal(a.test.X.data, b.test.X.data, mat_size(&a.test.X) * sizeof(float));
    o.seed = 4;
    assert_int_equal(eval_load(&c, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(memcmp(a.test.X.data, c.test.X.data, mat_size(&a.test.X) * sizeof(float)) != 0);
    eval_data_free(&a);
    eval_data_free(&b);
    eval_data_free(&c);
    remove_pool_set();
}

/* With --val-size: three disjoint stratified parts of all 1400 rows
 * (ceil(0.2 x 1400) = 280 test, ceil(0.1 x 1400) = 140 validation). */
static void test_eval_load_pools_into_three_parts_with_a_validation_size(void **state)
{
    (void)state;
    make_pool_set();
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "fashion_mnist";
    o.pool_split = true;
    o.val_size = 0.1;
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(d.pooled);
    assert_int_equal(d.test.X.rows, 280);
    assert_int_equal(d.val.X.rows, 140);
    assert_int_equal(d.train.X.rows, POOL_ROWS - 420);
    assert_near(d.val_size, 0.1, 0);
    char seen[POOL_ROWS] = { 0 };
    int counts[10];
    mark_part(&d.test, seen, counts);
    assert_stratified(counts, 0.2);
    mark_part(&d.val, seen, counts);
    assert_stratified(counts, 0.1);
    mark_part(&d.train, seen, counts);
    for (int id = 0; id < POOL_ROWS; id++)
        assert_int_equal(seen[id], 1);
    eval_data_free(&d);
    /* --cv already uses every row: the folds are the same with or without it. */
    o.val_size = 0;
    o.cv = 4;
    EvalData f;
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    o.pool_split = false;
    assert_int_equal(eval_load(&f, &o, ALGO_CLASSIFIER, &err), 0);
    assert_int_equal(d.all.X.rows, POOL_ROWS);
    assert_memory_equal(d.fold_of, f.fold_of, POOL_ROWS * sizeof(int));
    eval_data_free(&d);
    eval_data_free(&f);
    remove_pool_set();
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
        cmocka_unit_test(test_eval_load_keeps_the_standard_split_without_pooling),
        cmocka_unit_test(test_eval_load_pools_a_standard_split_when_asked),
        cmocka_unit_test(test_eval_load_pools_into_three_parts_with_a_validation_size),
    };
    return cmocka_run_group_tests(tests, setup_tmpdir, remove_tmpdir);
}
