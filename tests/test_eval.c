/* test_eval.c - the evaluation module: loading and splitting, sessions
 * (scaling, stepping, evaluating), cross-validation and comparisons.
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
#include "test_util.h"

/* ======================================================================
 * Mock algorithms
 * ==================================================================== */

/* A threshold classifier on feature 0: class 1 when x0 > threshold, with
 * probability scores from a logistic of the distance.  It "trains" for
 * `steps` steps, emitting one trace event each, and remembers the mean of
 * feature 0 of the training part it saw (to check scaling).  Like a real
 * classifier, it refuses a training part with a single class. */
typedef struct MockModel {
    int steps_left, steps_done;
    double threshold;
    double train_mean0;
    int n_classes;
    int kind; /* 0 threshold, 1 always class 0 */
} MockModel;

static const ParamSpec mock_params[] = {
    { "steps", PARAM_INT, "3", 1, 100, NULL, "how many steps training takes" },
    { "threshold", PARAM_FLOAT, "0", -100, 100, NULL, "class 1 above this value of x0" },
    { 0 }
};

static void *mock_create_kind(const Params *p, const Dataset *train, Error *err, int kind)
{
    if (train->y) {
        int first = train->y[0];
        bool two = false;
        for (int i = 1; i < train->X.rows; i++)
            two |= train->y[i] != first;
        if (!two) {
            error_set(err, ERR_DATA, "mock: a single class");
            return NULL;
        }
    }
    MockModel *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "mock: out of memory");
        return NULL;
    }
    m->steps_left = params_int(p, "steps");
    m->threshold = params_float(p, "threshold");
    m->n_classes = train->n_classes;
    m->kind = kind;
    double sum = 0;
    for (int i = 0; i < train->X.rows; i++)
        sum += MAT_AT(&train->X, i, 0);
    m->train_mean0 = train->X.rows ? sum / train->X.rows : 0;
    return m;
}

static void *mock_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    return mock_create_kind(p, train, err, 0);
}

static void *mock_create_constant(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    return mock_create_kind(p, train, err, 1);
}

static void *mock_create_failing(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)p;
    (void)train;
    (void)rng;
    error_set(err, ERR_DATA, "mock: this one always fails");
    return NULL;
}

static StepStatus mock_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    (void)train;
    (void)err;
    MockModel *m = model;
    if (m->steps_left == 0)
        return STEP_DONE;
    m->steps_left--;
    m->steps_done++;
    trace_emitv(trace, TRACE_STEP, "iter", "mock step", "loss", 1.0 / m->steps_done,
                (const char *)NULL);
    return m->steps_left == 0 ? STEP_DONE : STEP_MORE;
}

static int mock_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    (void)err;
    MockModel *m = model;
    for (int i = 0; i < X->rows; i++) {
        double x = MAT_AT(X, i, 0);
        double p = 1.0 / (1.0 + exp(-(x - m->threshold)));
        if (m->kind == 1)
            p = 0.25;
        labels[i] = p > 0.5;
        if (scores) {
            scores[2 * i] = (float)(1 - p);
            scores[2 * i + 1] = (float)p;
        }
    }
    return 0;
}

static void mock_destroy(void *model)
{
    free(model);
}

static void mock_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    (void)train;
    const MockModel *m = model;
    sb_printf(sb, "{\"threshold\": %g}", m->threshold);
}

static const Algo mock_classifier = {
    .name = "mock",
    .title = "Mock threshold classifier",
    .summary = "class 1 when x0 > threshold",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = mock_params,
    .default_scale = SCALE_NONE,
    .scores_are_probs = true,
    .create = mock_create,
    .step = mock_step,
    .predict = mock_predict,
    .destroy = mock_destroy,
    .model_json = mock_model_json,
};

static const Algo mock_constant = {
    .name = "constant",
    .title = "Always class 0",
    .kind = ALGO_CLASSIFIER,
    .params = mock_params,
    .scores_are_probs = true,
    .create = mock_create_constant,
    .step = mock_step,
    .predict = mock_predict,
    .destroy = mock_destroy,
};

static const Algo mock_failing = {
    .name = "failing",
    .title = "Always fails",
    .kind = ALGO_CLASSIFIER,
    .params = mock_params,
    .create = mock_create_failing,
    .step = mock_step,
    .predict = mock_predict,
    .destroy = mock_destroy,
};

/* A regressor predicting 2 * x0 + 1, in one step. */
static int mock_line_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    (void)model;
    (void)labels;
    (void)err;
    for (int i = 0; i < X->rows; i++)
        scores[i] = 2 * MAT_AT(X, i, 0) + 1;
    return 0;
}

static void *mock_line_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    MockModel *m = mock_create_kind(p, train, err, 0);
    if (m)
        m->steps_left = 1;
    return m;
}

static const Algo mock_regressor = {
    .name = "line",
    .title = "Mock line",
    .kind = ALGO_REGRESSOR,
    .params = mock_params,
    .create = mock_line_create,
    .step = mock_step,
    .predict = mock_line_predict,
    .destroy = mock_destroy,
};

/* A clusterer: cluster 1 when x0 > 0. */
static int mock_cluster_predict(void *model, const Mat *X, int *labels, float *scores,
                                Error *err)
{
    (void)model;
    (void)scores;
    (void)err;
    for (int i = 0; i < X->rows; i++)
        labels[i] = MAT_AT(X, i, 0) > 0;
    return 0;
}

static const Algo mock_clusterer = {
    .name = "halves",
    .title = "Mock clusterer",
    .kind = ALGO_CLUSTERER,
    .params = mock_params,
    .create = mock_line_create,
    .step = mock_step,
    .predict = mock_cluster_predict,
    .destroy = mock_destroy,
};

/* A classifier for k classes on feature 0: the class nearest to x0, with
 * scores -|x0 - c|. */
static int mock_nearest_predict(void *model, const Mat *X, int *labels, float *scores,
                                Error *err)
{
    (void)err;
    const MockModel *m = model;
    int k = m->n_classes;
    for (int i = 0; i < X->rows; i++) {
        double x = MAT_AT(X, i, 0);
        int best = 0;
        for (int c = 0; c < k; c++) {
            if (fabs(x - c) < fabs(x - best))
                best = c;
            if (scores)
                scores[(size_t)i * (size_t)k + (size_t)c] = (float)-fabs(x - c);
        }
        labels[i] = best;
    }
    return 0;
}

static const Algo mock_nearest = {
    .name = "nearest",
    .title = "Nearest class index",
    .kind = ALGO_CLASSIFIER,
    .params = mock_params,
    .create = mock_create,
    .step = mock_step,
    .predict = mock_nearest_predict,
    .destroy = mock_destroy,
};

static const Algo mock_operation = {
    .name = "op",
    .title = "An operation",
    .kind = ALGO_OPERATION,
};

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

static void count_progress(void *ctx, int index, int n, int fold, int folds, const char *name)
{
    (void)ctx;
    (void)fold;
    (void)folds;
    (void)name;
    assert_in_range(index, 0, n - 1);
    progress_calls++;
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
        cmocka_unit_test(test_eval_load_rejects_a_test_size_outside_zero_one),
        cmocka_unit_test(test_eval_load_splits_iris_stratified_and_reproducibly),
        cmocka_unit_test(test_eval_load_picks_the_default_set_for_each_kind),
        cmocka_unit_test(test_eval_load_refuses_mismatched_targets),
        cmocka_unit_test(test_eval_load_makes_stratified_folds),
        cmocka_unit_test(test_eval_load_reads_train_and_test_files),
        cmocka_unit_test(test_eval_load_refuses_a_test_file_that_does_not_match),
        cmocka_unit_test(test_eval_load_refuses_a_single_class_for_classifiers),
        cmocka_unit_test(test_eval_scale_for_prefers_the_option_then_the_algorithm),
        cmocka_unit_test(test_eval_cross_validate_averages_the_folds),
        cmocka_unit_test(test_eval_session_scales_an_evaldata_in_place_when_asked),
        cmocka_unit_test(test_eval_session_open_loaded_uses_the_saved_scaler),
        cmocka_unit_test(test_eval_session_open_loaded_refuses_another_feature_count),
        cmocka_unit_test(test_eval_compare_ranks_tests_and_isolates_failures),
        cmocka_unit_test(test_eval_compare_over_folds_gives_means_and_paired_tests),
        cmocka_unit_test(test_eval_compare_stops_when_cancelled),
    };
    return cmocka_run_group_tests(tests, setup_tmpdir, remove_tmpdir);
}
