/* eval_mocks.c - the mock algorithms of tests/test_eval.c (eval_mocks.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval_mocks.h"

/* ======================================================================
 * Mock algorithms
 * ==================================================================== */

/* A threshold classifier on feature 0: class 1 when x0 > threshold, with
 * probability scores from a logistic of the distance.  It "trains" for
 * `steps` steps, emitting one trace event each, and remembers the mean of
 * feature 0 of the training part it saw (to check scaling).  Like a real
 * classifier, it refuses a training part with a single class. */

const ParamSpec mock_params[] = {
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

void *mock_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
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
    trace_progress(trace, (double)m->steps_done / (m->steps_done + m->steps_left));
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

const Algo mock_classifier = {
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

const Algo mock_constant = {
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

const Algo mock_failing = {
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

const Algo mock_regressor = {
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

const Algo mock_clusterer = {
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

const Algo mock_nearest = {
    .name = "nearest",
    .title = "Nearest class index",
    .kind = ALGO_CLASSIFIER,
    .params = mock_params,
    .create = mock_create,
    .step = mock_step,
    .predict = mock_nearest_predict,
    .destroy = mock_destroy,
};

const Algo mock_operation = {
    .name = "op",
    .title = "An operation",
    .kind = ALGO_OPERATION,
};

