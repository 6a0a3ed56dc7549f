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

/* A mock of that kind; it trains for `steps` steps (0: its "steps"). */
static void *mock_create_kind(const Params *p, const Dataset *train, Error *err, MockKind kind,
                              int steps)
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
    m->steps_left = steps ? steps : params_int(p, "steps");
    m->threshold = params_float(p, "threshold");
    m->n_classes = train->n_classes;
    m->kind = kind;
    double sum = 0;
    for (int i = 0; i < train->X.rows; i++)
        sum += MAT_AT(&train->X, i, 0);
    m->train_mean0 = train->X.rows ? sum / train->X.rows : 0;
    return m;
}

/* The create callback NAME of the mocks of kind KIND (STEPS as above). */
#define MOCK_CREATE(name, kind, steps)                                                          \
    void *name(const Params *p, const Dataset *train, Rng *rng, Error *err)                     \
    {                                                                                           \
        (void)rng;                                                                              \
        return mock_create_kind(p, train, err, kind, steps);                                    \
    }

MOCK_CREATE(mock_create, MOCK_THRESHOLD, 0)
static MOCK_CREATE(mock_create_constant, MOCK_CONSTANT, 0)
static MOCK_CREATE(mock_create_line, MOCK_LINE, 1)
static MOCK_CREATE(mock_create_halves, MOCK_HALVES, 1)
static MOCK_CREATE(mock_create_nearest, MOCK_NEAREST, 0)

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

/* The threshold classifier's class of x (always 0 for MOCK_CONSTANT, whose
 * probability of class 1 is 0.25), its two scores in scores when not NULL. */
static int threshold_class(const MockModel *m, double x, float *scores)
{
    double p = m->kind == MOCK_CONSTANT ? 0.25 : 1.0 / (1.0 + exp(-(x - m->threshold)));
    if (scores) {
        scores[0] = (float)(1 - p);
        scores[1] = (float)p;
    }
    return p > 0.5;
}

/* The class nearest to x among k, the scores -|x - c| in scores when not NULL. */
static int nearest_class(double x, int k, float *scores)
{
    int best = 0;
    for (int c = 0; c < k; c++) {
        if (fabs(x - c) < fabs(x - best))
            best = c;
        if (scores)
            scores[c] = (float)-fabs(x - c);
    }
    return best;
}

/* Every mock's predictions, by its kind, from feature 0 of each row. */
static int mock_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    (void)err;
    const MockModel *m = model;
    size_t k = (size_t)m->n_classes;
    for (int i = 0; i < X->rows; i++) {
        double x = MAT_AT(X, i, 0);
        switch (m->kind) {
        case MOCK_LINE:
            scores[i] = (float)(2 * x + 1);
            break;
        case MOCK_HALVES:
            labels[i] = x > 0;
            break;
        case MOCK_NEAREST:
            labels[i] = nearest_class(x, m->n_classes, scores ? scores + (size_t)i * k : NULL);
            break;
        default:
            labels[i] = threshold_class(m, x, scores ? scores + 2 * (size_t)i : NULL);
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

/* What every mock shares: its parameters and callbacks (but create). */
#define MOCK_CALLBACKS                                                                          \
    .params = mock_params, .step = mock_step, .predict = mock_predict, .destroy = mock_destroy

const Algo mock_classifier = {
    .name = "mock",
    .title = "Mock threshold classifier",
    .summary = "class 1 when x0 > threshold",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .default_scale = SCALE_NONE,
    .scores_are_probs = true,
    .create = mock_create,
    .model_json = mock_model_json,
    MOCK_CALLBACKS,
};

const Algo mock_constant = { .name = "constant", .title = "Always class 0", .kind = ALGO_CLASSIFIER,
                             .scores_are_probs = true, .create = mock_create_constant,
                             MOCK_CALLBACKS };

const Algo mock_failing = { .name = "failing", .title = "Always fails", .kind = ALGO_CLASSIFIER,
                            .create = mock_create_failing, MOCK_CALLBACKS };

/* A regressor predicting 2 * x0 + 1, in one step. */
const Algo mock_regressor = { .name = "line", .title = "Mock line", .kind = ALGO_REGRESSOR,
                              .create = mock_create_line, MOCK_CALLBACKS };

/* A clusterer: cluster 1 when x0 > 0, in one step. */
const Algo mock_clusterer = { .name = "halves", .title = "Mock clusterer", .kind = ALGO_CLUSTERER,
                              .create = mock_create_halves, MOCK_CALLBACKS };

/* A classifier for k classes on feature 0: the class nearest to x0, with
 * scores -|x0 - c|. */
const Algo mock_nearest = { .name = "nearest", .title = "Nearest class index",
                            .kind = ALGO_CLASSIFIER, .create = mock_create_nearest,
                            MOCK_CALLBACKS };

const Algo mock_operation = {
    .name = "op",
    .title = "An operation",
    .kind = ALGO_OPERATION,
};
