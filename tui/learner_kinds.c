/* learner_kinds.c - the algorithms a learner can step (see learner.h), as a
 * table: each kind names its exercise, the built-in module that draws it,
 * the data it takes, how its parameters map onto the built-in's, and how a
 * step's inputs are set and its outputs loaded.
 *
 *   k-means      exercise kmeans: one step = kmeans_lloyd(X, init =
 *                the current centroids, max_iter = 1), one assign + update;
 *                the run ends when no label changes (as the built-in with
 *                tol = 0) or at max_iter.  Loss: the inertia.
 *   linreg       exercise ridge_gd (bias first and penalised, the summed
 *                squares): step t = ridge_gd(X, y, lambda, lr, n_iter = t)
 *                from zero; `iters` steps.  Loss: the ridge cost.
 *   the linear classifiers (one family, LinearSpec): step t calls the
 *   exercise's binary fit with t epochs / iterations from zero weights;
 *                perceptron   perceptron_fit, labels -1/+1, bias first; ends
 *                             after an epoch without a mistake or at
 *                             `epochs`.  Loss: the epoch's mistakes.
 *                logreg       logistic_fit, labels 0/1; `iters` full-batch
 *                             steps.  Loss: the mean cross-entropy.
 *                svm          linear_svm_fit, labels 0/1, score w.x - b;
 *                             `epochs` per-sample passes.  Loss: lambda
 *                             |w|^2 + mean hinge at the epoch's end weights,
 *                             for both (the built-in's own curve keeps
 *                             running totals instead).
 *   More than two classes: the perceptron and the SVM run one-vs-rest like
 *   their built-ins (whose outputs learn independently, each from t = +1 for
 *   its class and -1 for the rest): each step runs your binary fit once per
 *   class on the labels "class c or not" and loads the rows of weights
 *   together; the perceptron's loss is then the training rows the weights
 *   misclassify, for both (the built-in counts rows with a mistake, your
 *   runs count per class).  Logistic regression stays binary: the built-in's
 *   multiclass model is a softmax (one set of coupled weights), not
 *   one-vs-rest, so your sigmoid fits could not be drawn against it; the
 *   softmax_regression exercise is that model.
 * The built-in twin runs with the same choices: k-means n_init = 1, tol = 0;
 * the perceptron without averaging or shuffling; logreg full batch, a
 * constant lr, no penalty; linreg method gd, degree 1, cost sum, l2 =
 * lambda; svm kernel none, batch 1 (the textbook per-sample rule, rows in
 * order), a constant lr. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "learner_internal.h"
#include "linreg.h"
#include "logreg.h"
#include "perceptron.h"
#include "svm.h"

#define FILE_PARAM                                                                            \
    { "file", PARAM_STRING, "", 0, 0, NULL,                                                   \
      "your solution (.c or .py); empty: your practice workspace file" }

#define LEARNER_ALGO(NAME, TITLE, SUMMARY, GROUP, KIND, PARAMS)                                \
    { .name = NAME, .title = TITLE, .summary = SUMMARY, .group = GROUP, .kind = KIND,          \
      .params = PARAMS, .default_scale = SCALE_STANDARD, .create = learner_create_any,         \
      .step = learner_step, .predict = learner_predict, .destroy = learner_destroy,            \
      .model_json = learner_model_json }

/* ---- the generic set-up ------------------------------------------------------------ */

static int need_data(const LearnerModel *m, const Dataset *train, Error *err)
{
    const char *ex = m->kind->exercise;
    switch (m->kind->data) {
    case LEARN_TARGET:
        if (train->target)
            return 0;
        return error_set(err, ERR_DATA, "the %s exercise is a regression: choose a dataset with "
                                        "a numeric target (quadratic, diabetes)", ex);
    case LEARN_BINARY:
        if (train->y && train->n_classes == 2)
            return 0;
        return error_set(err, ERR_DATA,
                         "the %s exercise is binary and the built-in's multiclass model is a "
                         "softmax, not one-vs-rest: choose a dataset with two classes (moons, "
                         "circles, xor, breast_cancer), or practise softmax_regression", ex);
    case LEARN_CLASSES:
        if (train->y && train->n_classes >= 2)
            return 0;
        return error_set(err, ERR_DATA, "the %s exercise needs class labels", ex);
    default:
        return 0;
    }
}

/* The built-in's params: its fixed settings, then the learner's values
 * ("lr", or "lambda:l2" for another name). */
static int map_params(const LearnerKind *k, const Params *lp, Params *bp, Error *err)
{
    for (int i = 0; k->fixed[i]; i++)
        if (params_parse_kv(bp, k->fixed[i], err) != 0)
            return -1;
    for (int i = 0; k->copy[i]; i++) {
        char from[32];
        snprintf(from, sizeof from, "%s", k->copy[i]);
        char *to = strchr(from, ':');
        if (to)
            *to++ = '\0';
        if (params_set(bp, to ? to : from, params_str(lp, from), err) != 0)
            return -1;
    }
    return 0;
}

int learner_setup(LearnerModel *m, const Params *lp, const Dataset *train, Error *err)
{
    const LearnerKind *k = m->kind;
    if (need_data(m, train, err) != 0 || map_params(k, lp, &m->bp, err) != 0)
        return -1;
    m->limit = params_int(lp, k->limit);
    m->outputs = k->linear && train->y && train->n_classes > 2 ? train->n_classes : 1;
    return k->setup ? k->setup(m, lp, train, err) : 0;
}

/* ---- k-means --------------------------------------------------------------------- */

static const ParamSpec KM_PARAMS[] = {
    FILE_PARAM,
    { "k", PARAM_INT, "0", 0, 1000, NULL,
      "number of clusters (0: the number of classes in the labels, else 8)" },
    { "init", PARAM_CHOICE, "kmeans++", 0, 0, "random|kmeans++",
      "initial centroids (the built-in's seeding: yours and the built-in start there)" },
    { "max_iter", PARAM_INT, "50", 1, 1000, NULL, "most steps (assign + update)" },
    { 0 }
};

static int km_setup(LearnerModel *m, const Params *lp, const Dataset *train, Error *err)
{
    (void)lp;
    (void)train;
    m->prev = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *m->prev);
    if (!m->prev)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        m->prev[i] = -1;
    return 0;
}

static int km_start(LearnerModel *m, const Dataset *train, Error *err)
{
    if (learner_input_X(m, train, err) != 0)
        return -1;
    return learner_input_scalar(m, "max_iter", true, 1, err);
}

static int km_inputs(LearnerModel *m, int output, Error *err)
{
    (void)output;
    int k = kmeans_k(m->mine), d = kmeans_dim(m->mine);
    const float *C = kmeans_centroids(m->mine);
    double *init = malloc((size_t)k * d * sizeof *init);
    if (!init || !C) {
        free(init);
        return error_set(err, ERR_INTERNAL, "k-means: no centroids to start from");
    }
    for (int j = 0; j < k * d; j++)
        init[j] = C[j];
    int dims[2] = { k, d };
    int rc = practice_stepper_input(m->st, "init", false, 2, dims, init, err);
    free(init);
    return rc;
}

/* The step's centroids (as floats) and labels; *same when no label changed. */
static int km_read(LearnerModel *m, int kd, float *cf, int *labels, bool *same, Error *err)
{
    const double *C = learner_output(m, "centroids", kd, err);
    const double *L = C ? learner_output(m, "labels", m->n, err) : NULL;
    if (!L)
        return -1;
    for (int j = 0; j < kd; j++)
        cf[j] = (float)C[j];
    *same = true;
    for (int i = 0; i < m->n; i++) {
        /* out of int's range: -1, which the check names */
        labels[i] = L[i] >= -1e9 && L[i] <= 1e9 ? (int)L[i] : -1;
        *same &= labels[i] == m->prev[i];
    }
    return 0;
}

static int km_load(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err)
{
    int kd = kmeans_k(m->mine) * kmeans_dim(m->mine);
    float *cf = malloc((size_t)kd * sizeof *cf);
    int *labels = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *labels);
    bool same = false;
    int rc = cf && labels ? km_read(m, kd, cf, labels, &same, err)
                          : error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0 && kmeans_load_iteration(m->mine, train, cf, labels, err) != 0)
        rc = learner_blame(m, err);
    if (rc == 0) {
        memcpy(m->prev, labels, (size_t)m->n * sizeof *labels);
        *loss = kmeans_inertia(m->mine);
        *done = m->steps > 0 && same;
    }
    free(cf);
    free(labels);
    return rc;
}

static double km_ref_loss(const LearnerModel *m, const Dataset *train)
{
    (void)train;
    return kmeans_inertia(m->ref);
}

static bool km_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)line;
    *n_lines = 0;
    const float *C = kmeans_centroids(ref);
    int k = kmeans_k(ref);
    if (!C || kmeans_dim(ref) != 2)
        return false;
    *n_pts = k < 32 ? k : 32;
    memcpy(pts, C, (size_t)*n_pts * 2 * sizeof *pts);
    return true;
}

static const Algo ALGO_KMEANS_YOURS =
    LEARNER_ALGO("kmeans-yours", "k-means clustering (yours)",
                 "your kmeans_lloyd, one assign + update per step, next to the built-in",
                 "clustering", ALGO_CLUSTERER, KM_PARAMS);

const LearnerKind LEARNER_KMEANS = {
    .algo = &ALGO_KMEANS_YOURS,
    .builtin = &algo_kmeans,
    .exercise = "kmeans",
    .dataset = "blobs",
    .data = LEARN_ANY,
    .fixed = { "n_init=1", "tol=0", NULL },
    .copy = { "k", "init", "max_iter", NULL },
    .limit = "max_iter",
    .setup = km_setup,
    .start = km_start,
    .inputs = km_inputs,
    .load = km_load,
    .ref_loss = km_ref_loss,
    .ghost = km_ghost,
};

/* ---- linear regression by gradient descent (ridge) ------------------------------- */

static const ParamSpec RG_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.001", 1e-12, 10.0, NULL,
      "learning rate (the cost sums the squares: small)" },
    { "lambda", PARAM_FLOAT, "0", 0.0, 1e9, NULL, "ridge penalty on ||W||^2, the bias too" },
    { "iters", PARAM_INT, "100", 1, 5000, NULL, "steps: gradient iterations" },
    { 0 }
};

static int rg_start(LearnerModel *m, const Dataset *train, Error *err)
{
    double *y = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *y);
    if (!y)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        y[i] = train->target[i];
    int dims[1] = { m->n };
    int rc = practice_stepper_input(m->st, "y", false, 1, dims, y, err);
    free(y);
    if (rc == 0)
        rc = learner_input_X(m, train, err);
    if (rc == 0)
        rc = learner_input_scalar(m, "lr", false, params_float(&m->bp, "lr"), err);
    if (rc == 0)
        rc = learner_input_scalar(m, "lambda", false, params_float(&m->bp, "l2"), err);
    return rc;
}

static int rg_inputs(LearnerModel *m, int output, Error *err)
{
    (void)output;
    return learner_input_scalar(m, "n_iter", true, m->steps + 1, err);
}

static int rg_load(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err)
{
    const double *W = learner_output(m, "W", m->d + 1, err);
    if (!W)
        return -1;
    if (linreg_load_step(m->mine, train, W, err) != 0)
        return learner_blame(m, err);
    *loss = linreg_loss(m->mine);
    *done = false;
    return 0;
}

static double rg_ref_loss(const LearnerModel *m, const Dataset *train)
{
    (void)train;
    return linreg_loss(m->ref);
}

/* On one feature: the built-in's line y = w x + b, as w x - y + b = 0. */
static bool rg_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = *n_lines = 0;
    if (linreg_input_dim(ref) != 1 || linreg_iterations(ref) == 0)
        return false;
    double w, b;
    linreg_coef(ref, &w, &b);
    line[0] = w;
    line[1] = -1.0;
    line[2] = b;
    *n_lines = 1;
    return true;
}

static const Algo ALGO_LINREG_YOURS =
    LEARNER_ALGO("linreg-yours", "Linear regression by gradient descent (yours)",
                 "your ridge_gd, one gradient step per step, next to the built-in",
                 "regression", ALGO_REGRESSOR, RG_PARAMS);

const LearnerKind LEARNER_LINREG = {
    .algo = &ALGO_LINREG_YOURS,
    .builtin = &algo_linreg,
    .exercise = "ridge_gd",
    .dataset = "quadratic",
    .data = LEARN_TARGET,
    .fixed = { "method=gd", "degree=1", "cost=sum", NULL },
    .copy = { "lr", "iters", "lambda:l2", NULL },
    .limit = "iters",
    .start = rg_start,
    .inputs = rg_inputs,
    .load = rg_load,
    .ref_loss = rg_ref_loss,
    .ghost = rg_ghost,
};

/* ---- the linear classifiers: one family ------------------------------------------ */

/* The training rows a model misclassifies (its predict on train). */
static double train_errors(const Algo *algo, void *model, const Dataset *train)
{
    int n = train->X.rows, wrong = 0;
    int *labels = malloc((size_t)(n > 0 ? n : 1) * sizeof *labels);
    Error e;
    if (!labels || algo->predict(model, &train->X, labels, NULL, &e) != 0) {
        free(labels);
        return NAN;
    }
    for (int i = 0; i < n; i++)
        wrong += labels[i] != train->y[i];
    free(labels);
    return wrong;
}

/* X, lr (and lambda): the inputs that stay; the labels are set per class. */
static int lin_start(LearnerModel *m, const Dataset *train, Error *err)
{
    const LinearSpec *ls = m->kind->linear;
    size_t w = (size_t)m->outputs * (m->d + 1);
    m->W = calloc(w, sizeof *m->W);
    m->b = calloc((size_t)m->outputs, sizeof *m->b);
    m->labels = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *m->labels);
    if (!m->W || !m->b || !m->labels)
        return error_set(err, ERR_NOMEM, "out of memory");
    memcpy(m->labels, train->y, (size_t)m->n * sizeof *m->labels);
    int rc = learner_input_X(m, train, err);
    if (rc == 0)
        rc = learner_input_scalar(m, "lr", false, params_float(&m->bp, "lr"), err);
    if (rc == 0 && ls->lambda)
        rc = learner_input_scalar(m, "lambda", false, params_float(&m->bp, ls->lambda), err);
    return rc;
}

/* The labels of output c (class 1 when binary) in the exercise's coding,
 * and the iteration count of this step. */
static int lin_inputs(LearnerModel *m, int output, Error *err)
{
    const LinearSpec *ls = m->kind->linear;
    int positive = m->outputs > 1 ? output : 1;
    double *y = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *y);
    if (!y)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        y[i] = m->labels[i] == positive ? 1.0 : ls->pm_labels ? -1.0 : 0.0;
    int dims[1] = { m->n };
    int rc = practice_stepper_input(m->st, "y", true, 1, dims, y, err);
    free(y);
    if (output == 0)
        m->mistakes = 0;
    return rc ? rc : learner_input_scalar(m, ls->count, true, m->steps + 1, err);
}

/* Row `output` of W and b from the step's w, b (and errors). */
static int lin_collect(LearnerModel *m, int output, Error *err)
{
    const LinearSpec *ls = m->kind->linear;
    int d = m->d;
    const double *w = learner_output(m, "w", ls->bias_first ? d + 1 : d, err);
    const double *b = w && !ls->bias_first ? learner_output(m, "b", 1, err) : w;
    const double *e = b && ls->errors ? learner_output(m, "errors", m->steps + 1, err) : b;
    if (!e)
        return -1;
    memcpy(m->W + (size_t)output * d, ls->bias_first ? w + 1 : w, (size_t)d * sizeof *w);
    m->b[output] = ls->negate_b ? -b[0] : b[0]; /* the SVM exercise scores w.x - b */
    if (ls->errors)
        m->mistakes += (int)e[m->steps];
    return 0;
}

static int lin_load(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err)
{
    const LinearSpec *ls = m->kind->linear;
    if (ls->load(m, train, err) != 0)
        return learner_blame(m, err);
    *loss = ls->loss(m, m->mine, train);
    *done = ls->errors && m->mistakes == 0;
    return 0;
}

static double lin_ref_loss(const LearnerModel *m, const Dataset *train)
{
    return m->kind->linear->loss(m, m->ref, train);
}

/* perceptron */
static int pc_load_weights(LearnerModel *m, const Dataset *train, Error *err)
{
    (void)train;
    return perceptron_load_epoch(m->mine, m->W, m->b, m->mistakes, err);
}

static double pc_loss(const LearnerModel *m, const void *model, const Dataset *train)
{
    if (m->outputs > 1)
        return train_errors(&algo_perceptron, (void *)model, train);
    int n;
    const int *errors = perceptron_epoch_errors(model, &n);
    return n > 0 ? errors[n - 1] : NAN;
}

static bool pc_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = *n_lines = 0;
    int k = perceptron_view(ref).k;
    for (int c = 0; c < k && *n_lines < LEARNER_GHOST_LINES; c++) {
        double *l = line + 3 * *n_lines;
        *n_lines += perceptron_line_2d(ref, c, &l[0], &l[1], &l[2]);
    }
    return *n_lines > 0;
}

/* logistic regression */
static int lr_load_weights(LearnerModel *m, const Dataset *train, Error *err)
{
    return logreg_load_step(m->mine, train, m->W, m->b, err);
}

static double lr_loss(const LearnerModel *m, const void *model, const Dataset *train)
{
    (void)m;
    (void)train;
    return logreg_loss(model);
}

static bool lr_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = 0;
    *n_lines = logreg_boundary_2d(ref, &line[0], &line[1], &line[2]) ? 1 : 0;
    return *n_lines > 0;
}

/* the SVM */
static int sv_load_weights(LearnerModel *m, const Dataset *train, Error *err)
{
    return svm_load_epoch(m->mine, train, m->W, m->b, err);
}

static double sv_loss(const LearnerModel *m, const void *model, const Dataset *train)
{
    return model == m->mine ? svm_loss(model) : svm_objective_at(model, train);
}

static bool sv_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = *n_lines = 0;
    int k = svm_view(ref).k;
    for (int c = 0; c < k && *n_lines < LEARNER_GHOST_LINES; c++) {
        double *l = line + 3 * *n_lines;
        *n_lines += svm_line_2d(ref, c, 0.0f, &l[0], &l[1], &l[2]);
    }
    return *n_lines > 0;
}

static const LinearSpec PERCEPTRON_SPEC = { .pm_labels = true, .bias_first = true, .errors = true,
                                      .count = "epochs", .load = pc_load_weights,
                                      .loss = pc_loss };
static const LinearSpec LOGREG_SPEC = { .count = "n_iter", .load = lr_load_weights,
                                      .loss = lr_loss };
static const LinearSpec SVM_SPEC = { .negate_b = true, .count = "n_iter", .lambda = "lambda",
                                      .load = sv_load_weights, .loss = sv_loss };

static const ParamSpec PC_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.01", 1e-9, 100.0, NULL, "learning rate" },
    { "epochs", PARAM_INT, "30", 1, 1000, NULL,
      "most epochs (stops after an epoch without a mistake)" },
    { 0 }
};

static const ParamSpec LR_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.5", 1e-9, 100.0, NULL, "learning rate of gradient descent" },
    { "iters", PARAM_INT, "100", 1, 5000, NULL, "steps: full-batch gradient iterations" },
    { 0 }
};

static const ParamSpec SV_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.01", 1e-12, 100.0, NULL, "learning rate of the subgradient steps" },
    { "lambda", PARAM_FLOAT, "0.01", 0.0, 1000.0, NULL, "L2 strength: lambda |w|^2 + mean hinge" },
    { "epochs", PARAM_INT, "30", 1, 1000, NULL, "steps: passes over the rows, in order" },
    { 0 }
};

static const Algo ALGO_PERCEPTRON_YOURS =
    LEARNER_ALGO("perceptron-yours", "Perceptron (yours)",
                 "your perceptron_fit, one epoch per step (one-vs-rest), next to the built-in",
                 "classification", ALGO_CLASSIFIER, PC_PARAMS);
static const Algo ALGO_LOGREG_YOURS =
    LEARNER_ALGO("logreg-yours", "Logistic regression (yours)",
                 "your logistic_fit, one gradient step per step, next to the built-in",
                 "classification", ALGO_CLASSIFIER, LR_PARAMS);
static const Algo ALGO_SVM_YOURS =
    LEARNER_ALGO("svm-yours", "Linear SVM (yours)",
                 "your linear_svm_fit, one epoch per step (one-vs-rest), next to the built-in",
                 "classification", ALGO_CLASSIFIER, SV_PARAMS);

#define LINEAR_KIND(ALGO, BUILTIN, EXERCISE, DATA, SPEC, GHOST)                                \
    .algo = ALGO, .builtin = BUILTIN, .exercise = EXERCISE, .dataset = "moons", .data = DATA,  \
    .linear = SPEC, .start = lin_start, .inputs = lin_inputs, .collect = lin_collect,          \
    .load = lin_load, .ref_loss = lin_ref_loss, .ghost = GHOST

const LearnerKind LEARNER_PERCEPTRON = {
    LINEAR_KIND(&ALGO_PERCEPTRON_YOURS, &algo_perceptron, "perceptron", LEARN_CLASSES,
                &PERCEPTRON_SPEC, pc_ghost),
    .fixed = { "average=false", "shuffle=false", NULL },
    .copy = { "lr", "epochs", NULL },
    .limit = "epochs",
};

const LearnerKind LEARNER_LOGREG = {
    LINEAR_KIND(&ALGO_LOGREG_YOURS, &algo_logreg, "logistic_regression", LEARN_BINARY,
                &LOGREG_SPEC, lr_ghost),
    .fixed = { "batch=0", "schedule=constant", "penalty=none", "strength=0", NULL },
    .copy = { "lr", "iters", NULL },
    .limit = "iters",
};

const LearnerKind LEARNER_SVM = {
    LINEAR_KIND(&ALGO_SVM_YOURS, &algo_svm, "linear_svm", LEARN_CLASSES, &SVM_SPEC, sv_ghost),
    .fixed = { "batch=1", "schedule=constant", "kernel=none", NULL },
    .copy = { "lr", "lambda", "epochs", NULL },
    .limit = "epochs",
};
