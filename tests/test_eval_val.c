/* test_eval_val.c - validation parts (--val-size) in comparisons and
 * cross-validation (src/eval_val.c, src/eval_compare.c; issue 11).
 *
 * A small CSV file holds a row id in its first column; a recording mock
 * classifier notes the ids of the training rows it is created on and of the
 * validation rows it is handed (set_validation, as a network is), so the
 * tests can see which rows every model got: the same parts for every model,
 * a validation part never overlapping the test part (one split or each
 * fold), and the validation metrics reported. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"
#include "test_util.h"

/* ======================================================================
 * The recording mock
 * ==================================================================== */

#define MAX_RUNS 32
#define MAX_IDS 128

typedef struct Seen {
    int train[MAX_IDS], n_train;
    int val[MAX_IDS], n_val;
    const char *algo;
} Seen;

static Seen seen[MAX_RUNS];
static int n_seen;

typedef struct RecModel {
    Seen *seen;
    bool stepped;
} RecModel;

/* ids (column 0) of ds's rows into out. */
static int copy_ids(const Dataset *ds, int *out)
{
    int n = ds->X.rows < MAX_IDS ? ds->X.rows : MAX_IDS;
    for (int i = 0; i < n; i++)
        out[i] = (int)MAT_AT(&ds->X, i, 0);
    return n;
}

static void *rec_create_named(const Dataset *train, Error *err, const char *name)
{
    if (n_seen >= MAX_RUNS) {
        error_set(err, ERR_INTERNAL, "too many runs");
        return NULL;
    }
    RecModel *m = calloc(1, sizeof *m);
    m->seen = &seen[n_seen++];
    memset(m->seen, 0, sizeof *m->seen);
    m->seen->algo = name;
    m->seen->n_train = copy_ids(train, m->seen->train);
    return m;
}

static void *rec_create_a(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)p, (void)rng;
    return rec_create_named(train, err, "rec_a");
}

static void *rec_create_b(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)p, (void)rng;
    return rec_create_named(train, err, "rec_b");
}

static int rec_set_validation(void *model, const Dataset *train, const Dataset *val, Error *err)
{
    (void)train, (void)err;
    RecModel *m = model;
    m->seen->n_val = copy_ids(val, m->seen->val);
    return 0;
}

static StepStatus rec_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    (void)train, (void)trace, (void)err;
    ((RecModel *)model)->stepped = true;
    return STEP_DONE;
}

/* Class 1 scores 0.9 when id % 5 == 0 (the label's rule), else 0.1; a
 * second feature spoils it a little so that parts differ. */
static int rec_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    (void)model, (void)err;
    for (int i = 0; i < X->rows; i++) {
        int id = (int)MAT_AT(X, i, 0);
        float p = id % 5 == 0 ? 0.9f : id % 7 == 0 ? 0.6f : 0.1f;
        labels[i] = p > 0.5f;
        if (scores) {
            scores[2 * i] = 1 - p;
            scores[2 * i + 1] = p;
        }
    }
    return 0;
}

static void rec_destroy(void *model)
{
    free(model);
}

static const ParamSpec rec_params[] = { { 0 } };

static const Algo rec_a = {
    .name = "rec_a", .title = "recorder a", .kind = ALGO_CLASSIFIER, .params = rec_params,
    .scores_are_probs = true, .create = rec_create_a, .step = rec_step,
    .predict = rec_predict, .destroy = rec_destroy, .set_validation = rec_set_validation,
};

static const Algo rec_b = {
    .name = "rec_b", .title = "recorder b", .kind = ALGO_CLASSIFIER, .params = rec_params,
    .scores_are_probs = true, .create = rec_create_b, .step = rec_step,
    .predict = rec_predict, .destroy = rec_destroy, .set_validation = rec_set_validation,
};

/* ======================================================================
 * Data and helpers
 * ==================================================================== */

static char csv_path[64];

/* 60 rows "id,x,label": label pos when id % 5 == 0 (12 of 60), or, with
 * few_pos, only ids 0, 5 and 10 (3 of 60). */
static void write_csv(bool few_pos)
{
    snprintf(csv_path, sizeof csv_path, "/tmp/mllab_test_eval_val_%d.csv", (int)getpid());
    FILE *f = fopen(csv_path, "w");
    assert_non_null(f);
    fprintf(f, "id,x,label\n");
    for (int i = 0; i < 60; i++) {
        bool pos = few_pos ? i == 0 || i == 5 || i == 10 : i % 5 == 0;
        fprintf(f, "%d,%d,%s\n", i, (i * 37) % 11, pos ? "pos" : "neg");
    }
    fclose(f);
}

static void load(EvalData *d, double val_size, int cv, bool few_pos, Error *err, int expect)
{
    write_csv(few_pos);
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = csv_path;
    o.val_size = val_size;
    o.cv = cv;
    int rc = eval_load(d, &o, ALGO_CLASSIFIER, err);
    unlink(csv_path);
    assert_int_equal(rc, expect);
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* Sorted copies of two id lists are equal. */
static void assert_same_ids(const int *a, int na, const int *b, int nb)
{
    assert_int_equal(na, nb);
    int *x = malloc((size_t)na * sizeof *x), *y = malloc((size_t)nb * sizeof *y);
    memcpy(x, a, (size_t)na * sizeof *x);
    memcpy(y, b, (size_t)nb * sizeof *y);
    qsort(x, (size_t)na, sizeof *x, cmp_int);
    qsort(y, (size_t)nb, sizeof *y, cmp_int);
    assert_memory_equal(x, y, (size_t)na * sizeof *x);
    free(x);
    free(y);
}

static bool contains(const int *ids, int n, int id)
{
    for (int i = 0; i < n; i++)
        if (ids[i] == id)
            return true;
    return false;
}

/* No id of a is in b. */
static void assert_disjoint(const int *a, int na, const int *b, int nb)
{
    for (int i = 0; i < na; i++)
        assert_false(contains(b, nb, a[i]));
}

static int positives(const int *ids, int n)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += ids[i] % 5 == 0;
    return k;
}

/* ======================================================================
 * Tests
 * ==================================================================== */

static void test_compare_gives_every_model_the_same_validation_part_apart_from_the_test(
    void **state)
{
    (void)state;
    EvalData d;
    Error err = { 0 };
    load(&d, 0.2, 0, false, &err, 0);
    const Algo *algos[] = { &rec_a, &rec_b };
    CompareResult r;
    n_seen = 0;
    assert_int_equal(eval_compare(algos, 2, NULL, &d, "none", NULL, NULL, NULL, &r, &err), 0);
    assert_int_equal(n_seen, 2);
    /* 60 rows: 12 test, 12 validation (ceil(0.2 * 60)), 36 training */
    assert_int_equal(r.test_rows, 12);
    assert_int_equal(r.val_rows, 12);
    assert_near(r.val_size, 0.2, 0);
    int test_ids[MAX_IDS];
    int nt = copy_ids(&d.test, test_ids);
    for (int i = 0; i < 2; i++) {
        assert_int_equal(seen[i].n_train, 36);
        assert_int_equal(seen[i].n_val, 12); /* handed to the model, as to a network */
        assert_disjoint(seen[i].val, seen[i].n_val, test_ids, nt);
        assert_disjoint(seen[i].val, seen[i].n_val, seen[i].train, seen[i].n_train);
        assert_disjoint(seen[i].train, seen[i].n_train, test_ids, nt);
    }
    assert_same_ids(seen[0].train, 36, seen[1].train, 36);
    assert_same_ids(seen[0].val, 12, seen[1].val, 12);
    /* stratified: 12 of 60 positive, so 12 * 0.2 of the validation rows */
    assert_int_equal(positives(seen[0].val, 12), 12 * 12 / 60);
    /* the validation scores, counted by hand from rec_predict's rule: a
     * negative with id % 7 == 0 is the only kind of error */
    int wrong = 0;
    for (int i = 0; i < 12; i++)
        wrong += seen[0].val[i] % 5 != 0 && seen[0].val[i] % 7 == 0;
    assert_near(r.rows[0].val.accuracy, (12.0 - wrong) / 12.0, 1e-12);
    assert_near(r.rows[1].val.accuracy, r.rows[0].val.accuracy, 0);
    assert_true(isfinite(r.rows[0].val.auc));
    assert_true(isnan(r.rows[0].threshold)); /* no threshold=auto asked */
    compare_result_free(&r);
    eval_data_free(&d);
}

static void test_compare_chooses_threshold_auto_on_the_validation_part(void **state)
{
    (void)state;
    EvalData d;
    Error err = { 0 };
    load(&d, 0.2, 0, false, &err, 0);
    const bool thr[] = { true, false };
    d.threshold_auto = thr;
    const Algo *algos[] = { &rec_a, &rec_b };
    CompareResult r;
    n_seen = 0;
    assert_int_equal(eval_compare(algos, 2, NULL, &d, "none", NULL, NULL, NULL, &r, &err), 0);
    assert_non_null(r.rows[0].threshold_part);
    assert_string_equal(r.rows[0].threshold_part, "validation");
    /* the scores are 0.1, 0.6 and 0.9: the best F1 on the validation part
     * keeps only 0.9 positive (every positive scores 0.9) */
    assert_near(r.rows[0].threshold, 0.9, 1e-6);
    assert_null(r.rows[1].threshold_part);
    compare_result_free(&r);
    eval_data_free(&d);
}

/* Fold f's test ids: the rows of d->all with fold_of == f. */
static int fold_test_ids(const EvalData *d, int f, int *out)
{
    int n = 0;
    for (int i = 0; i < d->all.X.rows; i++)
        if (d->fold_of[i] == f)
            out[n++] = (int)MAT_AT(&d->all.X, i, 0);
    return n;
}

static void test_compare_folds_carve_each_validation_part_from_the_folds_training_rows(
    void **state)
{
    (void)state;
    EvalData d;
    Error err = { 0 };
    load(&d, 0.25, 3, false, &err, 0);
    const Algo *algos[] = { &rec_a, &rec_b };
    CompareResult r;
    n_seen = 0;
    assert_int_equal(eval_compare(algos, 2, NULL, &d, "none", NULL, NULL, NULL, &r, &err), 0);
    assert_int_equal(n_seen, 6); /* folds outside, algorithms inside */
    assert_int_equal(r.val_rows, 10); /* ceil(0.25 * 40) */
    for (int f = 0; f < 3; f++) {
        const Seen *a = &seen[2 * f], *b = &seen[2 * f + 1];
        int test_ids[MAX_IDS];
        int nt = fold_test_ids(&d, f, test_ids);
        assert_int_equal(nt, 20);
        assert_int_equal(a->n_val, 10);
        assert_int_equal(a->n_train, 30);
        assert_disjoint(a->val, a->n_val, test_ids, nt);
        assert_disjoint(a->val, a->n_val, a->train, a->n_train);
        assert_same_ids(a->val, a->n_val, b->val, b->n_val);
        assert_same_ids(a->train, a->n_train, b->train, b->n_train);
        assert_int_equal(positives(a->val, a->n_val), 2); /* 8 of 40 positive: 2 of 10 */
    }
    /* the validation accuracy is the mean over the folds */
    assert_true(isfinite(r.rows[0].val.accuracy) && isfinite(r.rows[0].val_std.accuracy));
    compare_result_free(&r);
    eval_data_free(&d);
}

static void test_cross_validate_reports_each_folds_validation_metric_and_their_mean(
    void **state)
{
    (void)state;
    EvalData d;
    Error err = { 0 };
    load(&d, 0.25, 3, false, &err, 0);
    const SessionScaling none = { .kind = SCALE_NONE };
    CvResult cv;
    n_seen = 0;
    assert_int_equal(eval_cross_validate(&rec_a, NULL, &d, &none, NULL, &cv, &err), 0);
    assert_int_equal(n_seen, 3);
    assert_non_null(cv.val_fold_metric);
    assert_int_equal(cv.val_rows, 10);
    double sum = 0;
    for (int f = 0; f < 3; f++) {
        int test_ids[MAX_IDS];
        int nt = fold_test_ids(&d, f, test_ids);
        assert_disjoint(seen[f].val, seen[f].n_val, test_ids, nt);
        int wrong = 0;
        for (int i = 0; i < seen[f].n_val; i++)
            wrong += seen[f].val[i] % 5 != 0 && seen[f].val[i] % 7 == 0;
        assert_near(cv.val_fold_metric[f], (10.0 - wrong) / 10.0, 1e-12);
        sum += cv.val_fold_metric[f];
    }
    assert_near(cv.val_mean, sum / 3, 1e-12);
    /* the same seed, the same parts */
    int first_val[MAX_IDS];
    memcpy(first_val, seen[0].val, sizeof first_val);
    CvResult again;
    n_seen = 0;
    assert_int_equal(eval_cross_validate(&rec_a, NULL, &d, &none, NULL, &again, &err), 0);
    assert_memory_equal(first_val, seen[0].val, 10 * sizeof(int));
    cv_result_free(&again);
    cv_result_free(&cv);
    eval_data_free(&d);
}

static void test_val_size_without_a_row_of_a_class_is_a_usage_error_naming_it(void **state)
{
    (void)state;
    EvalData d;
    Error err = { 0 };
    /* 3 positives of 60: the test part takes one, 0.02 (2 rows) leaves the
     * validation part without one */
    load(&d, 0.02, 0, true, &err, -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "--val-size 0.02"));
    assert_non_null(strstr(err.msg, "no row of class 'pos'"));
}

static void test_val_size_on_too_few_fold_rows_is_a_usage_error_naming_it(void **state)
{
    (void)state;
    EvalData d;
    Error err = { 0 };
    load(&d, 0.05, 3, true, &err, 0); /* the folds are made; their parts later */
    const SessionScaling none = { .kind = SCALE_NONE };
    CvResult cv;
    n_seen = 0;
    assert_int_equal(eval_cross_validate(&rec_a, NULL, &d, &none, NULL, &cv, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "--val-size 0.05"));
    eval_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(
            test_compare_gives_every_model_the_same_validation_part_apart_from_the_test),
        cmocka_unit_test(test_compare_chooses_threshold_auto_on_the_validation_part),
        cmocka_unit_test(
            test_compare_folds_carve_each_validation_part_from_the_folds_training_rows),
        cmocka_unit_test(
            test_cross_validate_reports_each_folds_validation_metric_and_their_mean),
        cmocka_unit_test(test_val_size_without_a_row_of_a_class_is_a_usage_error_naming_it),
        cmocka_unit_test(test_val_size_on_too_few_fold_rows_is_a_usage_error_naming_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
