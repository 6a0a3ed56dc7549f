/* test_eval.c - the evaluation module: sessions (scaling, stepping,
 * evaluating), cross-validation and comparisons (loading and splitting are
 * in test_eval_load.c).
 *
 * Small mock algorithms defined here stand in for the real ones, so the
 * numbers they produce are known exactly; the bundled datasets (found through
 * MLLAB_DATA_DIR, as `make check` sets it) exercise eval_load. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"
#include "eval_mocks.h"
#include "test_util.h"

/* ======================================================================
 * Small datasets built in memory
 * ==================================================================== */

/* n rows, d = 1 or 2 features: x0 given, x1 = i; labels given (2 classes
 * "neg"/"pos") or none; target given or none. */
static void make_dataset(Dataset *ds, const float *x0, int n, const int *y, const float *target)
{
    memset(ds, 0, sizeof *ds);
    assert_int_equal(mat_alloc(&ds->X, n, 2, NULL), 0);
    for (int i = 0; i < n; i++) {
        MAT_AT(&ds->X, i, 0) = x0[i];
        MAT_AT(&ds->X, i, 1) = (float)i;
    }
    ds->name = strdup("mem");
    ds->feature_names = calloc(2, sizeof(char *));
    ds->feature_names[0] = strdup("x0");
    ds->feature_names[1] = strdup("x1");
    ds->has_target = y || target;
    ds->target_name = strdup("label");
    if (y) {
        ds->y = malloc((size_t)n * sizeof(int));
        memcpy(ds->y, y, (size_t)n * sizeof(int));
        ds->n_classes = 2;
        ds->class_names = calloc(2, sizeof(char *));
        ds->class_names[0] = strdup("neg");
        ds->class_names[1] = strdup("pos");
    }
    if (target) {
        ds->target = malloc((size_t)n * sizeof(float));
        memcpy(ds->target, target, (size_t)n * sizeof(float));
    }
}

/* The same with three classes "c0", "c1", "c2". */
static void make_dataset3(Dataset *ds, const float *x0, int n, const int *y)
{
    make_dataset(ds, x0, n, y, NULL);
    for (int c = 0; c < 2; c++)
        free(ds->class_names[c]);
    free(ds->class_names);
    ds->n_classes = 3;
    ds->class_names = calloc(3, sizeof(char *));
    for (int c = 0; c < 3; c++) {
        ds->class_names[c] = malloc(4);
        snprintf(ds->class_names[c], 4, "c%d", c);
    }
}

/* ======================================================================
 * Sessions
 * ==================================================================== */

static void test_eval_session_steps_until_done_and_numbers_the_trace(void **state)
{
    (void)state;
    float x[] = { -2, -1, 1, 2 };
    int y[] = { 0, 0, 1, 1 };
    Dataset train;
    make_dataset(&train, x, 4, y, NULL);
    Trace trace;
    trace_init(&trace);
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open(&s, &mock_classifier, NULL, &train, &train, true, SCALE_NONE,
                                  42, &trace, &err),
                     0);
    assert_int_equal(session_step(&s, &err), STEP_MORE);
    assert_int_equal(s.steps, 1);
    assert_int_equal(session_fit(&s, &err), 0);
    assert_int_equal(s.steps, 3);
    assert_true(s.done);
    /* After DONE, a step does nothing. */
    assert_int_equal(session_step(&s, &err), STEP_DONE);
    assert_int_equal(s.steps, 3);
    assert_int_equal(trace.count, 3);
    for (int i = 0; i < 3; i++) {
        assert_int_equal(trace.events[i].step, i + 1);
        assert_near(trace_event_get(&trace.events[i], "loss"), 1.0 / (i + 1), 1e-12);
    }
    assert_true(s.fit_seconds >= 0);
    session_close(&s);
    trace_free(&trace);
    dataset_free(&train);
}

static void test_eval_session_applies_given_params(void **state)
{
    (void)state;
    float x[] = { -2, -1, 1, 2 };
    int y[] = { 0, 0, 1, 1 };
    Dataset train;
    make_dataset(&train, x, 4, y, NULL);
    Params p;
    assert_int_equal(params_init(&p, mock_params, NULL), 0);
    assert_int_equal(params_parse_kv(&p, "steps=5", NULL), 0);
    Session s;
    Error err = { 0 };
    assert_int_equal(
        session_open(&s, &mock_classifier, &p, &train, &train, true, SCALE_NONE, 1, NULL, &err),
        0);
    params_free(&p); /* the session keeps its own copy */
    assert_int_equal(session_fit(&s, &err), 0);
    assert_int_equal(s.steps, 5);
    assert_int_equal(params_int(&s.params, "steps"), 5);
    session_close(&s);
    dataset_free(&train);
}

static void test_eval_session_scales_copies_with_training_statistics(void **state)
{
    (void)state;
    float xtr[] = { 0, 2, 4, 6 }; /* mean 3, population std sqrt(5) */
    int ytr[] = { 0, 0, 1, 1 };
    float xte[] = { 3, 8 };
    int yte[] = { 0, 1 };
    Dataset train, test;
    make_dataset(&train, xtr, 4, ytr, NULL);
    make_dataset(&test, xte, 2, yte, NULL);
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open(&s, &mock_classifier, NULL, &train, &test, true,
                                  SCALE_STANDARD, 42, NULL, &err),
                     0);
    /* The model saw scaled copies; the caller's parts are untouched. */
    assert_ptr_not_equal(s.train, &train);
    assert_ptr_not_equal(s.test, &test);
    assert_near(((MockModel *)s.model)->train_mean0, 0.0, 1e-6);
    assert_near(MAT_AT(&train.X, 3, 0), 6.0, 0);
    /* The test part is scaled with the training mean and std, not its own. */
    assert_near(MAT_AT(&s.test->X, 0, 0), 0.0, 1e-6);
    assert_near(MAT_AT(&s.test->X, 1, 0), 5.0 / sqrt(5.0), 1e-5);
    session_close(&s);

    assert_int_equal(session_open(&s, &mock_classifier, NULL, &train, &test, true, SCALE_MINMAX,
                                  42, NULL, &err),
                     0);
    assert_near(MAT_AT(&s.test->X, 1, 0), 8.0 / 6.0, 1e-6);
    session_close(&s);

    /* No scaling: no copies. */
    assert_int_equal(session_open(&s, &mock_classifier, NULL, &train, &test, true, SCALE_NONE,
                                  42, NULL, &err),
                     0);
    assert_ptr_equal(s.train, &train);
    assert_ptr_equal(s.test, &test);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_session_scales_an_evaldata_in_place_when_asked(void **state)
{
    (void)state;
    float xtr[] = { 0, 2, 4, 6 }; /* mean 3, population std sqrt(5) */
    int ytr[] = { 0, 0, 1, 1 };
    float xte[] = { 3, 8 };
    int yte[] = { 0, 1 };
    EvalData d;
    memset(&d, 0, sizeof d);
    make_dataset(&d.train, xtr, 4, ytr, NULL);
    make_dataset(&d.test, xte, 2, yte, NULL);
    SessionSpec spec = {
        .algo = &mock_classifier,
        .test_has_target = true,
        .scaling = { .kind = SCALE_STANDARD, .is_default = true },
        .in_place = &d,
        .seed = 42,
    };
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open_spec(&s, &spec, &err), 0);
    /* The model sees the EvalData's own parts, scaled: no copies. */
    assert_ptr_equal(s.train, &d.train);
    assert_ptr_equal(s.test, &d.test);
    assert_null(s.train_own.X.data);
    assert_near(MAT_AT(&d.train.X, 3, 0), 3.0 / sqrt(5.0), 1e-6);
    assert_near(MAT_AT(&d.test.X, 1, 0), 5.0 / sqrt(5.0), 1e-5);
    assert_int_equal(s.scaling.kind, SCALE_STANDARD);
    assert_int_equal(s.scaling.source, SCALING_FITTED);
    assert_true(s.scaling.is_default);
    /* The report reads the scaling from the result. */
    RunResult r;
    assert_int_equal(session_fit(&s, &err), 0);
    assert_int_equal(session_evaluate(&s, &r, &err), 0);
    assert_int_equal(r.scaling.kind, SCALE_STANDARD);
    assert_int_equal(r.scaling.source, SCALING_FITTED);
    run_result_free(&r);
    session_close(&s);
    eval_data_free(&d);
}

/* A loaded model: the mock, "trained" elsewhere, with a scaler of d features
 * (0: the file records none). */
static void loaded_mock(LoadedModel *m, const Dataset *train, int d)
{
    memset(m, 0, sizeof *m);
    Params p;
    assert_int_equal(params_init(&p, mock_params, NULL), 0);
    m->model = mock_create(&p, train, NULL, NULL);
    assert_non_null(m->model);
    params_free(&p);
    if (d == 0)
        return;
    /* x0' = (x0 - 10) / 4, whatever the data says; the other columns as they are */
    m->has_scaler = true;
    m->scaler.kind = SCALE_STANDARD;
    m->scaler.d = d;
    m->scaler.shift = calloc((size_t)d, sizeof(double));
    m->scaler.scale = malloc((size_t)d * sizeof(double));
    for (int j = 0; j < d; j++)
        m->scaler.scale[j] = 1;
    m->scaler.shift[0] = 10;
    m->scaler.scale[0] = 4;
}

static void test_eval_session_open_loaded_uses_the_saved_scaler(void **state)
{
    (void)state;
    float xtr[] = { 0, 2, 4, 6 };
    int ytr[] = { 0, 0, 1, 1 };
    float xte[] = { 14, 18 };
    int yte[] = { 0, 1 };
    Dataset train, test;
    make_dataset(&train, xtr, 4, ytr, NULL);
    make_dataset(&test, xte, 2, yte, NULL);
    LoadedModel m;
    loaded_mock(&m, &train, 2);
    SessionSpec spec = {
        .algo = &mock_classifier,
        .train = &train,
        .test = &test,
        .test_has_target = true,
        .scaling = { .kind = SCALE_STANDARD, .is_default = true },
        .seed = 42,
    };
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open_loaded(&s, &spec, &m, &err), 0);
    assert_null(m.model); /* the session took it */
    assert_true(s.loaded);
    assert_true(s.done);
    assert_int_equal(s.steps, 0);
    assert_int_equal(session_step(&s, &err), STEP_DONE);
    assert_int_equal(s.scaling.source, SCALING_LOADED);
    /* (14 - 10) / 4 and (18 - 10) / 4, not statistics of this training part */
    assert_near(MAT_AT(&s.test->X, 0, 0), 1.0, 1e-6);
    assert_near(MAT_AT(&s.test->X, 1, 0), 2.0, 1e-6);
    assert_near(MAT_AT(&train.X, 0, 0), 0.0, 0); /* copies: the caller's parts untouched */
    session_close(&s);

    /* A file without a scaler: fitted again on the training part. */
    loaded_mock(&m, &train, 0);
    assert_int_equal(session_open_loaded(&s, &spec, &m, &err), 0);
    assert_int_equal(s.scaling.source, SCALING_REFITTED);
    assert_near(MAT_AT(&s.test->X, 0, 0), 11.0 / sqrt(5.0), 1e-5);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_session_open_loaded_refuses_another_feature_count(void **state)
{
    (void)state;
    float xtr[] = { 0, 2, 4, 6 }; /* and the row number: 2 features */
    int ytr[] = { 0, 0, 1, 1 };
    Dataset train;
    make_dataset(&train, xtr, 4, ytr, NULL);
    LoadedModel m;
    loaded_mock(&m, &train, 3);
    SessionSpec spec = { .algo = &mock_classifier, .train = &train, .test = &train,
                         .test_has_target = true, .seed = 42 };
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open_loaded(&s, &spec, &m, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    /* the mock was loaded from no file; the data is named */
    assert_string_equal(err.msg, "the loaded model: the saved standard scaler takes 3 features, "
                                 "the data has 2 (the data: mem)");
    assert_null(m.model);
    assert_null(s.model); /* closed: the model was freed with the session */
    dataset_free(&train);
}

static void test_eval_session_refuses_an_operation(void **state)
{
    (void)state;
    float x[] = { -1, 1 };
    int y[] = { 0, 1 };
    Dataset train;
    make_dataset(&train, x, 2, y, NULL);
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open(&s, &mock_operation, NULL, &train, &train, true, SCALE_NONE,
                                  42, NULL, &err),
                     -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "mllab op"));
    session_close(&s); /* safe after a failed open */
    dataset_free(&train);
}

static void test_eval_session_reports_the_models_create_error(void **state)
{
    (void)state;
    float x[] = { -1, 1 };
    int y[] = { 0, 0 };
    Dataset train;
    make_dataset(&train, x, 2, y, NULL);
    Session s;
    Error err = { 0 };
    assert_int_equal(session_open(&s, &mock_classifier, NULL, &train, &train, true, SCALE_NONE,
                                  42, NULL, &err),
                     -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "mock: a single class");
    dataset_free(&train);
}

/* A session of algo on train and test, unscaled, seed 42, fitted and
 * evaluated into r (the caller frees r and closes s). */
static void fit_and_evaluate(Session *s, const Algo *algo, const Dataset *train,
                             const Dataset *test, bool test_has_target, RunResult *r)
{
    Error err = { 0 };
    assert_int_equal(session_open(s, algo, NULL, train, test, test_has_target, SCALE_NONE, 42,
                                  NULL, &err),
                     0);
    assert_int_equal(session_fit(s, &err), 0);
    assert_int_equal(session_evaluate(s, r, &err), 0);
}

static void test_eval_evaluate_classifier_scores_the_test_part(void **state)
{
    (void)state;
    float xtr[] = { -3, -2, 2, 3 };
    int ytr[] = { 0, 0, 1, 1 };
    /* Predictions: x > 0 -> 1.  Truth has one error each way. */
    float xte[] = { -2, -1, 1, 2, 0.5f, -0.5f };
    int yte[] = { 0, 0, 1, 1, 0, 1 };
    Dataset train, test;
    make_dataset(&train, xtr, 4, ytr, NULL);
    make_dataset(&test, xte, 6, yte, NULL);
    Session s;
    RunResult r;
    fit_and_evaluate(&s, &mock_classifier, &train, &test, true, &r);
    assert_int_equal(r.train_rows, 4);
    assert_int_equal(r.test_rows, 6);
    assert_int_equal(r.steps, 3);
    assert_int_equal(r.n_classes, 2);
    assert_true(r.has_truth);
    int expected_pred[] = { 0, 0, 1, 1, 1, 0 };
    assert_memory_equal(r.y_pred, expected_pred, sizeof expected_pred);
    assert_near(r.cls.accuracy, 4.0 / 6.0, 1e-12);
    /* rows true, columns predicted */
    int cm[] = { 2, 1, 1, 2 };
    assert_memory_equal(r.cls.confusion, cm, sizeof cm);
    /* Scores rank 8 of the 9 positive/negative pairs right. */
    assert_non_null(r.scores);
    assert_near(r.auc, 8.0 / 9.0, 1e-9);
    assert_true(isfinite(r.log_loss));
    assert_near(r.train_score, 1.0, 0);
    assert_int_equal(r.train_score_rows, 4);
    assert_string_equal(sb_str(&r.model_json), "{\"threshold\": 0}");
    assert_true(r.predict_seconds >= 0);
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_evaluate_averages_one_vs_rest_auc_over_classes(void **state)
{
    (void)state;
    float xtr[] = { 0, 1, 2 };
    int ytr[] = { 0, 1, 2 };
    /* Scores -|x - c|.  Class 0 (rows 1, 4) against the rest: row 4
     * (x 1.2) ranks below row 2 (x 1): AUC 3/4; classes 1 and 2: AUC 1. */
    float xte[] = { 0, 1, 2, 1.2f };
    int yte[] = { 0, 1, 2, 0 };
    Dataset train, test;
    make_dataset3(&train, xtr, 3, ytr);
    make_dataset3(&test, xte, 4, yte);
    Session s;
    RunResult r;
    fit_and_evaluate(&s, &mock_nearest, &train, &test, true, &r);
    assert_int_equal(r.n_classes, 3);
    assert_near(r.cls.accuracy, 0.75, 1e-12);
    assert_near(r.auc, (0.75 + 1 + 1) / 3, 1e-9);
    assert_true(isnan(r.log_loss)); /* the scores are not probabilities */
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_evaluate_without_target_gives_predictions_only(void **state)
{
    (void)state;
    float xtr[] = { -3, -2, 2, 3 };
    int ytr[] = { 0, 0, 1, 1 };
    float xte[] = { -1, 1, 4 };
    Dataset train, test;
    make_dataset(&train, xtr, 4, ytr, NULL);
    make_dataset(&test, xte, 3, NULL, NULL);
    Session s;
    RunResult r;
    fit_and_evaluate(&s, &mock_classifier, &train, &test, false, &r);
    assert_false(r.has_truth);
    assert_null(r.y_true);
    assert_null(r.cls.confusion);
    assert_true(isnan(r.auc));
    int expected_pred[] = { 0, 1, 1 };
    assert_memory_equal(r.y_pred, expected_pred, sizeof expected_pred);
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_evaluate_regressor_computes_errors_and_train_mse(void **state)
{
    (void)state;
    float xtr[] = { 0, 1, 2 };
    float ttr[] = { 1, 3, 6 }; /* predictions 1, 3, 5: squared errors 0, 0, 1 */
    float xte[] = { 0, 1 };
    float tte[] = { 2, 3 }; /* predictions 1, 3: errors 1, 0 */
    Dataset train, test;
    make_dataset(&train, xtr, 3, NULL, ttr);
    make_dataset(&test, xte, 2, NULL, tte);
    Session s;
    RunResult r;
    fit_and_evaluate(&s, &mock_regressor, &train, &test, true, &r);
    assert_int_equal(s.steps, 1);
    assert_true(r.has_truth);
    assert_near(r.reg.mse, 0.5, 1e-9);
    assert_near(r.reg.mae, 0.5, 1e-9);
    assert_near(r.scores[0], 1.0, 0);
    assert_near(r.y_value[0], 2.0, 0);
    assert_near(r.train_score, 1.0 / 3.0, 1e-6);
    assert_null(r.y_pred);
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_evaluate_clusterer_measures_inertia_and_label_agreement(void **state)
{
    (void)state;
    /* Clusters: x0 <= 0 and x0 > 0; x1 = row index.  Training means:
     * cluster 0 at (-2, 0.5), cluster 1 at (2, 2.5). */
    float xtr[] = { -3, -1, 1, 3 };
    int ytr[] = { 0, 0, 1, 1 };
    float xte[] = { -2, 2 }; /* x1 = 0, 1 */
    int yte[] = { 0, 1 };
    Dataset train, test;
    make_dataset(&train, xtr, 4, ytr, NULL);
    make_dataset(&test, xte, 2, yte, NULL);
    Session s;
    RunResult r;
    fit_and_evaluate(&s, &mock_clusterer, &train, &test, true, &r);
    /* Test: (-2,0) to (-2,0.5): 0.25; (2,1) to (2,2.5): 2.25. */
    assert_near(r.clu.inertia, 2.5, 1e-6);
    /* Train: 1 + 0.25 for each of the four points... (1^2 + 0.5^2) each. */
    assert_near(r.train_score, 4 * 1.25, 1e-6);
    assert_true(r.clu.has_labels);
    assert_near(r.clu.purity, 1.0, 1e-12);
    assert_near(r.clu.v_measure, 1.0, 1e-12);
    run_result_free(&r);
    session_close(&s);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_eval_scale_for_prefers_the_option_then_the_algorithm(void **state)
{
    (void)state;
    Algo a = mock_classifier;
    a.default_scale = SCALE_STANDARD;
    EvalOptions o;
    eval_options_default(&o);
    Dataset plain = { 0 }, image = { 0 };
    image.image_w = image.image_h = 8;
    ScaleKind k;
    Error err = { 0 };
    assert_int_equal(eval_scale_for(&a, &o, &plain, &k, &err), 0);
    assert_int_equal(k, SCALE_STANDARD);
    assert_int_equal(eval_scale_for(&a, &o, &image, &k, &err), 0);
    assert_int_equal(k, SCALE_NONE);
    o.scale = "minmax";
    assert_int_equal(eval_scale_for(&a, &o, &image, &k, &err), 0);
    assert_int_equal(k, SCALE_MINMAX);
    o.scale = "zscore";
    assert_int_equal(eval_scale_for(&a, &o, &plain, &k, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

/* ======================================================================
 * Cross-validation and comparisons
 * ==================================================================== */

/* breast_cancer's first feature (mean radius) separates the classes fairly
 * well at its standardised value 0: the mock classifier gets a real,
 * reproducible accuracy out of it. */
static void test_eval_cross_validate_averages_the_folds(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.cv = 4;
    o.dataset = "breast_cancer";
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    const SessionScaling standard = { .kind = SCALE_STANDARD };
    CvResult cv;
    assert_int_equal(
        eval_cross_validate(&mock_classifier, NULL, &d, &standard, NULL, &cv, &err), 0);
    assert_int_equal(cv.folds, 4);
    double sum = 0;
    for (int f = 0; f < 4; f++) {
        assert_true(cv.fold_metric[f] > 0.6 && cv.fold_metric[f] <= 1.0);
        sum += cv.fold_metric[f];
    }
    assert_near(cv.mean, sum / 4, 1e-12);
    assert_true(cv.std >= 0);
    /* The same folds and seed give the same numbers. */
    CvResult again;
    assert_int_equal(
        eval_cross_validate(&mock_classifier, NULL, &d, &standard, NULL, &again, &err), 0);
    assert_memory_equal(cv.fold_metric, again.fold_metric, 4 * sizeof(double));
    cv_result_free(&cv);
    cv_result_free(&again);
    eval_data_free(&d);
}

static int progress_calls;

static void count_progress(void *ctx, int index, int n, int fold, int folds, const char *name,
                           double done)
{
    (void)ctx;
    (void)fold;
    (void)folds;
    (void)name;
    assert_in_range(index, 0, n - 1);
    if (done == 0) /* the start of each model's fit */
        progress_calls++;
}

/* issue 12: each model's start (0 done) and its fit's progress, in order. */
static int fit_calls;
static double fit_done[64];

static void record_progress(void *ctx, int index, int n, int fold, int folds, const char *name,
                            double done)
{
    (void)ctx, (void)fold, (void)folds, (void)name;
    assert_int_equal(index, 0);
    assert_int_equal(n, 1);
    if (fit_calls < 64)
        fit_done[fit_calls++] = done;
}

static void test_eval_compare_passes_on_each_fit_progress(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "breast_cancer";
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    const Algo *algos[] = { &mock_classifier };
    CompareResult r;
    fit_calls = 0;
    assert_int_equal(
        eval_compare(algos, 1, NULL, &d, "standard", record_progress, NULL, NULL, &r, &err), 0);
    /* the start, then one call per step of the mock (it reports steps done
     * of all its steps), ending at the whole fit */
    assert_true(fit_calls >= 3);
    assert_float_equal(fit_done[0], 0, 0);
    for (int i = 1; i < fit_calls; i++)
        assert_true(fit_done[i] > fit_done[i - 1]);
    assert_float_equal(fit_done[fit_calls - 1], 1, 1e-12);
    compare_result_free(&r);
    eval_data_free(&d);
}

static void test_eval_compare_ranks_tests_and_isolates_failures(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "breast_cancer";
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    const Algo *algos[] = { &mock_constant, &mock_failing, &mock_classifier };
    CompareResult r;
    progress_calls = 0;
    assert_int_equal(
        eval_compare(algos, 3, NULL, &d, "standard", count_progress, NULL, NULL, &r, &err), 0);
    assert_int_equal(progress_calls, 3);
    assert_int_equal(r.n_rows, 3);
    assert_int_equal(r.folds, 0);
    assert_int_equal(r.test_rows, 114);
    assert_int_equal(r.best, 2);
    /* The failing algorithm has its error, the others their numbers. */
    assert_non_null(strstr(r.rows[1].error, "always fails"));
    assert_true(isnan(r.rows[1].accuracy));
    assert_true(r.rows[2].accuracy > 0.8);
    /* Always "benign" is right on the 72 benign test rows only. */
    assert_near(r.rows[0].accuracy, 72.0 / 114.0, 1e-12);
    assert_true(r.rows[0].significant);
    assert_true(r.rows[0].p_value < 0.05);
    assert_true(isnan(r.rows[2].p_value));
    assert_false(r.rows[2].significant);
    assert_non_null(r.rows[2].confusion);
    assert_int_equal(r.rows[2].confusion[0] + r.rows[2].confusion[1], 72);
    assert_true(isfinite(r.rows[2].auc));
    compare_result_free(&r);
    eval_data_free(&d);
}

static void test_eval_compare_over_folds_gives_means_and_paired_tests(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "breast_cancer";
    o.cv = 3;
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    const Algo *algos[] = { &mock_classifier, &mock_constant };
    CompareResult r;
    progress_calls = 0;
    assert_int_equal(
        eval_compare(algos, 2, NULL, &d, "standard", count_progress, NULL, NULL, &r, &err), 0);
    assert_int_equal(progress_calls, 6);
    assert_int_equal(r.folds, 3);
    assert_int_equal(r.best, 0);
    const CompareRow *c = &r.rows[1];
    assert_near(c->accuracy, (c->fold_accuracy[0] + c->fold_accuracy[1] + c->fold_accuracy[2]) / 3,
                1e-12);
    assert_near(c->accuracy, 357.0 / 569.0, 0.01);
    assert_true(c->p_value < 0.05);
    assert_true(c->significant);
    assert_true(r.rows[0].accuracy_std >= 0);
    compare_result_free(&r);
    eval_data_free(&d);
}

static void test_eval_compare_stops_when_cancelled(void **state)
{
    (void)state;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "iris";
    EvalData d;
    Error err = { 0 };
    assert_int_equal(eval_load(&d, &o, ALGO_CLASSIFIER, &err), 0);
    const Algo *algos[] = { &mock_classifier };
    volatile int cancel = 1;
    CompareResult r;
    assert_int_equal(eval_compare(algos, 1, NULL, &d, NULL, NULL, NULL, &cancel, &r, &err), -1);
    assert_int_equal(err.code, ERR_CANCELLED);
    eval_data_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_session_steps_until_done_and_numbers_the_trace),
        cmocka_unit_test(test_eval_session_applies_given_params),
        cmocka_unit_test(test_eval_session_scales_copies_with_training_statistics),
        cmocka_unit_test(test_eval_session_refuses_an_operation),
        cmocka_unit_test(test_eval_session_reports_the_models_create_error),
        cmocka_unit_test(test_eval_evaluate_classifier_scores_the_test_part),
        cmocka_unit_test(test_eval_evaluate_averages_one_vs_rest_auc_over_classes),
        cmocka_unit_test(test_eval_evaluate_without_target_gives_predictions_only),
        cmocka_unit_test(test_eval_evaluate_regressor_computes_errors_and_train_mse),
        cmocka_unit_test(test_eval_evaluate_clusterer_measures_inertia_and_label_agreement),
        cmocka_unit_test(test_eval_scale_for_prefers_the_option_then_the_algorithm),
        cmocka_unit_test(test_eval_cross_validate_averages_the_folds),
        cmocka_unit_test(test_eval_session_scales_an_evaldata_in_place_when_asked),
        cmocka_unit_test(test_eval_session_open_loaded_uses_the_saved_scaler),
        cmocka_unit_test(test_eval_session_open_loaded_refuses_another_feature_count),
        cmocka_unit_test(test_eval_compare_ranks_tests_and_isolates_failures),
        cmocka_unit_test(test_eval_compare_passes_on_each_fit_progress),
        cmocka_unit_test(test_eval_compare_over_folds_gives_means_and_paired_tests),
        cmocka_unit_test(test_eval_compare_stops_when_cancelled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
