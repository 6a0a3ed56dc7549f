/* test_session_prep.c - what a session does with a training part besides
 * scaling it (issue 11): resampling the classes (resample_rows and
 * --resample in a session), threshold=auto chosen on the validation part
 * or, without one, the training part, and the preparation fitted by each
 * fold of a cross-validation.  Uses the mock algorithms of eval_mocks.c,
 * whose numbers are known exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "eval_mocks.h"
#include "test_util.h"

/* ---------------------------------------------------------------- resample_rows */

/* Over: class 0 (4 rows) stays, class 1 (1 row, row 4) is drawn 4 times;
 * ascending order. */
static void test_resample_over_grows_every_class_to_the_largest(void **state)
{
    (void)state;
    const int y[] = { 0, 0, 0, 0, 1 };
    Rng rng;
    rng_seed(&rng, 1);
    int *rows, n;
    Error err = { 0 };
    assert_int_equal(resample_rows(y, 5, 2, RESAMPLE_OVER, &rng, &rows, &n, &err), 0);
    const int want[] = { 0, 1, 2, 3, 4, 4, 4, 4 };
    assert_int_equal(n, 8);
    assert_memory_equal(rows, want, sizeof want);
    free(rows);
}

/* Under: every class shrinks to the smallest (2 rows), drawn without
 * replacement; the same seed draws the same rows; an absent class (2)
 * stays absent. */
static void test_resample_under_shrinks_to_the_smallest_without_repeats(void **state)
{
    (void)state;
    const int y[] = { 0, 0, 0, 0, 0, 0, 1, 0, 1, 0 };
    int *a, *b, na, nb;
    Rng r1, r2;
    rng_seed(&r1, 7);
    rng_seed(&r2, 7);
    Error err = { 0 };
    assert_int_equal(resample_rows(y, 10, 3, RESAMPLE_UNDER, &r1, &a, &na, &err), 0);
    assert_int_equal(resample_rows(y, 10, 3, RESAMPLE_UNDER, &r2, &b, &nb, &err), 0);
    assert_int_equal(na, 4);
    assert_int_equal(nb, 4);
    assert_memory_equal(a, b, 4 * sizeof *a);
    int count[3] = { 0 };
    for (int i = 0; i < na; i++) {
        count[y[a[i]]]++;
        if (i > 0)
            assert_true(a[i] > a[i - 1]); /* ascending, no row twice */
    }
    assert_int_equal(count[0], 2);
    assert_int_equal(count[1], 2);
    assert_int_equal(count[2], 0);
    free(a);
    free(b);
}

/* ---------------------------------------------------------------- sessions */

/* One feature x0 and classes y. */
static void make_part(Dataset *ds, const float *x, const int *y, int n)
{
    test_dataset_from_arrays(ds, x, y, n, 1, 2);
}

static int open_mock(Session *s, const Algo *algo, const Dataset *train, const Dataset *test,
                     const Dataset *val, const PrepSpec *prep, bool auto_thr, Error *err)
{
    SessionSpec spec = {
        .algo = algo,
        .train = train,
        .test = test,
        .test_has_target = true,
        .scaling = { .kind = SCALE_NONE },
        .seed = 42,
        .val = val,
        .prep = prep,
        .threshold_auto = auto_thr,
    };
    return session_open_spec(s, &spec, err);
}

/* --resample over in a session: the model sees 4 + 4 rows; the summary
 * says so; the caller's training part is untouched. */
static void test_session_resample_over_trains_on_balanced_rows(void **state)
{
    (void)state;
    const float x[] = { -3, -2, -1, -0.5f, 2 };
    const int y[] = { 0, 0, 0, 0, 1 };
    Dataset train;
    make_part(&train, x, y, 5);
    PrepSpec prep = { .resample = RESAMPLE_OVER };
    Session s;
    Error err = { 0 };
    assert_int_equal(open_mock(&s, &mock_classifier, &train, &train, NULL, &prep, false, &err), 0);
    assert_int_equal(s.train->X.rows, 8);
    int ones = 0;
    for (int i = 0; i < 8; i++)
        ones += s.train->y[i];
    assert_int_equal(ones, 4);
    assert_int_equal(s.prep.resample, RESAMPLE_OVER);
    assert_int_equal(s.prep.rows_before, 5);
    assert_int_equal(s.prep.rows_after, 8);
    /* the mock's mean of x0 is the resampled one: (-6.5 + 4 * 2) / 8 */
    assert_near(((MockModel *)s.model)->train_mean0, 1.5 / 8, 1e-6);
    assert_int_equal(train.X.rows, 5);
    session_close(&s);
    dataset_free(&train);
}

static void test_session_resample_refuses_a_regressor(void **state)
{
    (void)state;
    const float x[] = { 1, 2, 3 };
    Dataset train;
    test_dataset_from_arrays(&train, x, NULL, 3, 1, 0);
    train.target = malloc(3 * sizeof *train.target);
    for (int i = 0; i < 3; i++)
        train.target[i] = x[i];
    PrepSpec prep = { .resample = RESAMPLE_UNDER };
    Session s;
    Error err = { 0 };
    assert_int_equal(open_mock(&s, &mock_regressor, &train, &train, NULL, &prep, false, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "--resample"));
    dataset_free(&train);
}

/* threshold=auto on a validation part, by hand.  The mock's class-1 score
 * rises with x0.  Validation x0 3, 2, 1, -1, -2, -3 with classes 1, 0, 1,
 * 1, 1, 0 (4 positives): "score >= that of x0 = t" has F1 0.4, 0.33, 0.57,
 * 0.75, 0.89 (t = -2: tp 4, fp 1) and 0.8, so the threshold is the score of
 * x0 = -2, and test rows at -2.5, -1.5, 0.5 are predicted 0, 1, 1 (the
 * model alone: 0, 0, 1). */
static void test_threshold_auto_is_the_best_f1_on_the_validation_part(void **state)
{
    (void)state;
    const float xt[] = { -1, 1 }, xv[] = { 3, 2, 1, -1, -2, -3 }, xs[] = { -2.5f, -1.5f, 0.5f };
    const int yt[] = { 0, 1 }, yv[] = { 1, 0, 1, 1, 1, 0 }, ys[] = { 0, 1, 1 };
    Dataset train, val, test;
    make_part(&train, xt, yt, 2);
    make_part(&val, xv, yv, 6);
    make_part(&test, xs, ys, 3);
    Session s;
    Error err = { 0 };
    assert_int_equal(open_mock(&s, &mock_classifier, &train, &test, &val, NULL, true, &err), 0);
    assert_int_equal(session_fit(&s, &err), 0);
    RunResult r;
    assert_int_equal(session_evaluate(&s, &r, &err), 0);
    float at[2], q = -2.0f;
    Mat one = { .rows = 1, .cols = 1, .data = &q };
    int lab;
    mock_classifier.predict(s.model, &one, &lab, at, &err);
    assert_near(r.threshold, at[1], 1e-7);
    assert_string_equal(r.threshold_part, "validation");
    assert_int_equal(r.y_pred[0], 0);
    assert_int_equal(r.y_pred[1], 1);
    assert_int_equal(r.y_pred[2], 1);
    assert_near(r.cls.accuracy, 1.0, 1e-12);
    run_result_free(&r);
    session_close(&s);
    /* the model's own predictions without it */
    assert_int_equal(open_mock(&s, &mock_classifier, &train, &test, &val, NULL, false, &err), 0);
    assert_int_equal(session_fit(&s, &err), 0);
    assert_int_equal(session_evaluate(&s, &r, &err), 0);
    assert_null(r.threshold_part);
    assert_true(isnan(r.threshold));
    assert_int_equal(r.y_pred[1], 0);
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&val);
    dataset_free(&test);
}

/* Without a validation part it is chosen on the training part, and says
 * so; the same validation rows as training rows give the same threshold. */
static void test_threshold_auto_falls_back_to_the_training_part(void **state)
{
    (void)state;
    const float xv[] = { 3, 2, 1, -1, -2, -3 }, xs[] = { -1.5f };
    const int yv[] = { 1, 0, 1, 1, 1, 0 }, ys[] = { 1 };
    Dataset train, test;
    make_part(&train, xv, yv, 6);
    make_part(&test, xs, ys, 1);
    Session s;
    Error err = { 0 };
    assert_int_equal(open_mock(&s, &mock_classifier, &train, &test, NULL, NULL, true, &err), 0);
    assert_int_equal(session_fit(&s, &err), 0);
    RunResult r;
    assert_int_equal(session_evaluate(&s, &r, &err), 0);
    assert_string_equal(r.threshold_part, "training");
    assert_int_equal(r.y_pred[0], 1);
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

/* Three classes: threshold=auto is refused by name. */
static void test_threshold_auto_refuses_more_than_two_classes(void **state)
{
    (void)state;
    const float x[] = { -1, 0, 1 };
    const int y[] = { 0, 1, 2 };
    Dataset train;
    test_dataset_from_arrays(&train, x, y, 3, 1, 3);
    Session s;
    Error err = { 0 };
    assert_int_equal(open_mock(&s, &mock_nearest, &train, &train, NULL, NULL, true, &err), 0);
    assert_int_equal(session_fit(&s, &err), 0);
    RunResult r;
    assert_int_equal(session_evaluate(&s, &r, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "threshold=auto"));
    session_close(&s);
    dataset_free(&train);
}

/* ---------------------------------------------------------------- cross-validation */

/* Each fold's session fits the preparation on its own training part: PCA
 * to one component of standardised breast cancer (the first component
 * separates the classes: the mock thresholds it at 0), and --pca above the
 * feature count fails in the first fold, naming it. */
static void test_cross_validation_prepares_each_fold(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.cv = 3;
    o.dataset = "breast_cancer";
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    const SessionScaling standard = { .kind = SCALE_STANDARD };
    PrepSpec pca1 = { .pca = 1 }, pca40 = { .pca = 40 };
    d.prep = &pca1;
    CvResult cv;
    assert_int_equal(eval_cross_validate(&mock_classifier, NULL, &d, &standard, NULL, &cv, &err),
                     0);
    for (int f = 0; f < 3; f++)
        assert_true(cv.fold_metric[f] > 0.85);
    cv_result_free(&cv);
    d.prep = &pca40;
    assert_int_equal(eval_cross_validate(&mock_classifier, NULL, &d, &standard, NULL, &cv, &err),
                     -1);
    assert_non_null(strstr(err.msg, "fold 1"));
    assert_non_null(strstr(err.msg, "pca"));
    eval_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_resample_over_grows_every_class_to_the_largest),
        cmocka_unit_test(test_resample_under_shrinks_to_the_smallest_without_repeats),
        cmocka_unit_test(test_session_resample_over_trains_on_balanced_rows),
        cmocka_unit_test(test_session_resample_refuses_a_regressor),
        cmocka_unit_test(test_threshold_auto_is_the_best_f1_on_the_validation_part),
        cmocka_unit_test(test_threshold_auto_falls_back_to_the_training_part),
        cmocka_unit_test(test_threshold_auto_refuses_more_than_two_classes),
        cmocka_unit_test(test_cross_validation_prepares_each_fold),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
