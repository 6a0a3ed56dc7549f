/* learner_kinds.c - the algorithms a learner can step (see learner.h):
 *
 *   k-means      exercise kmeans: one step = kmeans_lloyd(X, init =
 *                the current centroids, max_iter = 1), one assign + update;
 *                the run ends when no label changes (as the built-in with
 *                tol = 0) or at max_iter.  Loss: the inertia.
 *   perceptron   exercise perceptron (labels -1/+1, bias first): step t =
 *                perceptron_fit(X, y, lr, epochs = t) from zero weights (the
 *                exercise's function, deterministic: the same as t epochs
 *                one after another); ends after an epoch without a mistake
 *                or at `epochs`.  Loss: the mistakes of the epoch.
 *   logreg       exercise logistic_regression (labels 0/1): step t =
 *                logistic_fit(X, y, lr, n_iter = t) from zero weights, t
 *                full-batch gradient steps; `iters` steps.  Loss: the mean
 *                cross-entropy.
 *   linreg       exercise ridge_gd (bias first and penalised, the summed
 *                squares): step t = ridge_gd(X, y, lambda, lr, n_iter = t)
 *                from zero; `iters` steps.  Loss: the ridge cost.
 *   svm          exercise linear_svm (labels 0/1, score w.x - b): step t =
 *                linear_svm_fit(X, y, lr, lambda, n_iter = t) from zero, t
 *                per-sample epochs in order; `epochs` steps.  Loss: the
 *                objective lambda |w|^2 + mean hinge at the epoch's end
 *                weights, for both (the built-in's own curve keeps running
 *                totals instead).
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

static int set(Params *bp, const char *name, const char *value, Error *err)
{
    return params_set(bp, name, value, err);
}

/* ---- k-means ------------------------------------------------------------------- */

static const ParamSpec KM_PARAMS[] = {
    FILE_PARAM,
    { "k", PARAM_INT, "0", 0, 1000, NULL,
      "number of clusters (0: the number of classes in the labels, else 8)" },
    { "init", PARAM_CHOICE, "kmeans++", 0, 0, "random|kmeans++",
      "initial centroids (the built-in's seeding: yours and the built-in start there)" },
    { "max_iter", PARAM_INT, "50", 1, 1000, NULL, "most steps (assign + update)" },
    { 0 }
};

static int km_setup(LearnerModel *m, const Params *lp, Params *bp, const Dataset *train,
                    Error *err)
{
    (void)train;
    char k[32], it[32];
    snprintf(k, sizeof k, "%d", params_int(lp, "k"));
    snprintf(it, sizeof it, "%d", params_int(lp, "max_iter"));
    m->limit = params_int(lp, "max_iter");
    m->prev = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *m->prev);
    if (!m->prev)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        m->prev[i] = -1;
    if (set(bp, "k", k, err) || set(bp, "init", params_str(lp, "init"), err) ||
        set(bp, "max_iter", it, err) || set(bp, "n_init", "1", err) || set(bp, "tol", "0", err))
        return -1;
    return 0;
}

static int km_start(LearnerModel *m, const Dataset *train, Error *err)
{
    if (learner_input_X(m, train, err) != 0)
        return -1;
    return learner_input_scalar(m, "max_iter", true, 1, err);
}

static int km_inputs(LearnerModel *m, Error *err)
{
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

static double km_ref_loss(const void *ref, const Dataset *train)
{
    (void)train;
    return kmeans_inertia(ref);
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

static void *km_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    return learner_create(&LEARNER_KMEANS, p, train, rng, err);
}

static const Algo ALGO_KMEANS_YOURS = {
    .name = "kmeans-yours",
    .title = "k-means clustering (yours)",
    .summary = "your kmeans_lloyd, one assign + update per step, next to the built-in",
    .group = "clustering",
    .kind = ALGO_CLUSTERER,
    .params = KM_PARAMS,
    .default_scale = SCALE_STANDARD,
    .create = km_create,
    .step = learner_step,
    .predict = learner_predict,
    .destroy = learner_destroy,
    .model_json = learner_model_json,
};

const LearnerKind LEARNER_KMEANS = {
    .algo = &ALGO_KMEANS_YOURS,
    .builtin = &algo_kmeans,
    .exercise = "kmeans",
    .dataset = "blobs",
    .setup = km_setup,
    .start = km_start,
    .inputs = km_inputs,
    .load = km_load,
    .ref_loss = km_ref_loss,
    .ghost = km_ghost,
};

/* Refuse data with other than two classes. */
static int need_binary(const Dataset *train, const char *what, Error *err)
{
    if (train->y && train->n_classes == 2)
        return 0;
    return error_set(err, ERR_DATA,
                     "the %s exercise is binary: choose a dataset with two classes (moons, "
                     "circles, xor, breast_cancer)",
                     what);
}

/* ---- the perceptron ---------------------------------------------------------------- */

static const ParamSpec PC_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.01", 1e-9, 100.0, NULL, "learning rate" },
    { "epochs", PARAM_INT, "30", 1, 1000, NULL,
      "most epochs (stops after an epoch without a mistake)" },
    { 0 }
};

static int pc_setup(LearnerModel *m, const Params *lp, Params *bp, const Dataset *train,
                    Error *err)
{
    if (need_binary(train, "perceptron", err) != 0)
        return -1;
    m->limit = params_int(lp, "epochs");
    return set(bp, "lr", params_str(lp, "lr"), err) || set(bp, "epochs", params_str(lp, "epochs"), err) ||
                   set(bp, "average", "false", err) || set(bp, "shuffle", "false", err)
               ? -1
               : 0;
}

static int pc_start(LearnerModel *m, const Dataset *train, Error *err)
{
    double *y = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *y);
    if (!y)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        y[i] = train->y[i] == 1 ? 1.0 : -1.0;
    int dims[1] = { m->n };
    int rc = practice_stepper_input(m->st, "y", true, 1, dims, y, err);
    free(y);
    if (rc == 0)
        rc = learner_input_X(m, train, err);
    if (rc == 0)
        rc = learner_input_scalar(m, "lr", false, params_float(&m->bp, "lr"), err);
    return rc;
}

static int pc_inputs(LearnerModel *m, Error *err)
{
    return learner_input_scalar(m, "epochs", true, m->steps + 1, err);
}

static int pc_load(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err)
{
    (void)train;
    const double *w = learner_output(m, "w", m->d + 1, err);
    const double *e = w ? learner_output(m, "errors", m->steps + 1, err) : NULL;
    if (!e)
        return -1;
    int mistakes = (int)e[m->steps];
    if (perceptron_load_epoch(m->mine, w + 1, w, mistakes, err) != 0)
        return learner_blame(m, err);
    *loss = mistakes;
    *done = mistakes == 0;
    return 0;
}

static double pc_ref_loss(const void *ref, const Dataset *train)
{
    (void)train;
    int n;
    const int *errors = perceptron_epoch_errors(ref, &n);
    return n > 0 ? errors[n - 1] : NAN;
}

static bool pc_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = 0;
    *n_lines = perceptron_line_2d(ref, 0, &line[0], &line[1], &line[2]) ? 1 : 0;
    return *n_lines > 0;
}

static void *pc_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    return learner_create(&LEARNER_PERCEPTRON, p, train, rng, err);
}

static const Algo ALGO_PERCEPTRON_YOURS = {
    .name = "perceptron-yours",
    .title = "Perceptron (yours)",
    .summary = "your perceptron_fit, one epoch per step, next to the built-in",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = PC_PARAMS,
    .default_scale = SCALE_STANDARD,
    .create = pc_create,
    .step = learner_step,
    .predict = learner_predict,
    .destroy = learner_destroy,
    .model_json = learner_model_json,
};

const LearnerKind LEARNER_PERCEPTRON = {
    .algo = &ALGO_PERCEPTRON_YOURS,
    .builtin = &algo_perceptron,
    .exercise = "perceptron",
    .dataset = "moons",
    .setup = pc_setup,
    .start = pc_start,
    .inputs = pc_inputs,
    .load = pc_load,
    .ref_loss = pc_ref_loss,
    .ghost = pc_ghost,
};

/* ---- logistic regression ---------------------------------------------------------- */

static const ParamSpec LR_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.5", 1e-9, 100.0, NULL, "learning rate of gradient descent" },
    { "iters", PARAM_INT, "100", 1, 5000, NULL, "steps: full-batch gradient iterations" },
    { 0 }
};

static int lr_setup(LearnerModel *m, const Params *lp, Params *bp, const Dataset *train,
                    Error *err)
{
    if (need_binary(train, "logistic_regression", err) != 0)
        return -1;
    m->limit = params_int(lp, "iters");
    return set(bp, "lr", params_str(lp, "lr"), err) || set(bp, "iters", params_str(lp, "iters"), err) ||
                   set(bp, "batch", "0", err) || set(bp, "schedule", "constant", err) ||
                   set(bp, "penalty", "none", err) || set(bp, "strength", "0", err)
               ? -1
               : 0;
}

/* X, y as class indices (0/1), lr: the inputs of a fit. */
static int binary_start(LearnerModel *m, const Dataset *train, Error *err)
{
    double *y = malloc((size_t)(m->n > 0 ? m->n : 1) * sizeof *y);
    if (!y)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        y[i] = train->y[i];
    int dims[1] = { m->n };
    int rc = practice_stepper_input(m->st, "y", true, 1, dims, y, err);
    free(y);
    if (rc == 0)
        rc = learner_input_X(m, train, err);
    if (rc == 0)
        rc = learner_input_scalar(m, "lr", false, params_float(&m->bp, "lr"), err);
    return rc;
}

static int lr_inputs(LearnerModel *m, Error *err)
{
    return learner_input_scalar(m, "n_iter", true, m->steps + 1, err);
}

static int lr_load(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err)
{
    const double *w = learner_output(m, "w", m->d, err);
    const double *b = w ? learner_output(m, "b", 1, err) : NULL;
    if (!b)
        return -1;
    if (logreg_load_step(m->mine, train, w, b, err) != 0)
        return learner_blame(m, err);
    *loss = logreg_loss(m->mine);
    *done = false;
    return 0;
}

static double lr_ref_loss(const void *ref, const Dataset *train)
{
    (void)train;
    return logreg_loss(ref);
}

static bool lr_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = 0;
    *n_lines = logreg_boundary_2d(ref, &line[0], &line[1], &line[2]) ? 1 : 0;
    return *n_lines > 0;
}

static void *lr_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    return learner_create(&LEARNER_LOGREG, p, train, rng, err);
}

static const Algo ALGO_LOGREG_YOURS = {
    .name = "logreg-yours",
    .title = "Logistic regression (yours)",
    .summary = "your logistic_fit, one gradient step per step, next to the built-in",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = LR_PARAMS,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = false,
    .create = lr_create,
    .step = learner_step,
    .predict = learner_predict,
    .destroy = learner_destroy,
    .model_json = learner_model_json,
};

const LearnerKind LEARNER_LOGREG = {
    .algo = &ALGO_LOGREG_YOURS,
    .builtin = &algo_logreg,
    .exercise = "logistic_regression",
    .dataset = "moons",
    .setup = lr_setup,
    .start = binary_start,
    .inputs = lr_inputs,
    .load = lr_load,
    .ref_loss = lr_ref_loss,
    .ghost = lr_ghost,
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

static int rg_setup(LearnerModel *m, const Params *lp, Params *bp, const Dataset *train,
                    Error *err)
{
    if (!train->target)
        return error_set(err, ERR_DATA,
                         "the ridge_gd exercise is a regression: choose a dataset with a "
                         "numeric target (quadratic, diabetes)");
    m->limit = params_int(lp, "iters");
    return set(bp, "method", "gd", err) || set(bp, "lr", params_str(lp, "lr"), err) ||
                   set(bp, "iters", params_str(lp, "iters"), err) ||
                   set(bp, "l2", params_str(lp, "lambda"), err) || set(bp, "degree", "1", err) ||
                   set(bp, "cost", "sum", err)
               ? -1
               : 0;
}

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

static int rg_inputs(LearnerModel *m, Error *err)
{
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

static double rg_ref_loss(const void *ref, const Dataset *train)
{
    (void)train;
    return linreg_loss(ref);
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

static void *rg_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    return learner_create(&LEARNER_LINREG, p, train, rng, err);
}

static const Algo ALGO_LINREG_YOURS = {
    .name = "linreg-yours",
    .title = "Linear regression by gradient descent (yours)",
    .summary = "your ridge_gd, one gradient step per step, next to the built-in",
    .group = "regression",
    .kind = ALGO_REGRESSOR,
    .params = RG_PARAMS,
    .default_scale = SCALE_STANDARD,
    .create = rg_create,
    .step = learner_step,
    .predict = learner_predict,
    .destroy = learner_destroy,
    .model_json = learner_model_json,
};

const LearnerKind LEARNER_LINREG = {
    .algo = &ALGO_LINREG_YOURS,
    .builtin = &algo_linreg,
    .exercise = "ridge_gd",
    .dataset = "quadratic",
    .setup = rg_setup,
    .start = rg_start,
    .inputs = rg_inputs,
    .load = rg_load,
    .ref_loss = rg_ref_loss,
    .ghost = rg_ghost,
};

/* ---- the linear SVM ---------------------------------------------------------------- */

static const ParamSpec SV_PARAMS[] = {
    FILE_PARAM,
    { "lr", PARAM_FLOAT, "0.01", 1e-12, 100.0, NULL, "learning rate of the subgradient steps" },
    { "lambda", PARAM_FLOAT, "0.01", 0.0, 1000.0, NULL, "L2 strength: lambda |w|^2 + mean hinge" },
    { "epochs", PARAM_INT, "30", 1, 1000, NULL, "steps: passes over the rows, in order" },
    { 0 }
};

static int sv_setup(LearnerModel *m, const Params *lp, Params *bp, const Dataset *train,
                    Error *err)
{
    if (need_binary(train, "linear_svm", err) != 0)
        return -1;
    m->limit = params_int(lp, "epochs");
    return set(bp, "lr", params_str(lp, "lr"), err) ||
                   set(bp, "lambda", params_str(lp, "lambda"), err) ||
                   set(bp, "epochs", params_str(lp, "epochs"), err) || set(bp, "batch", "1", err) ||
                   set(bp, "schedule", "constant", err) || set(bp, "kernel", "none", err)
               ? -1
               : 0;
}

static int sv_start(LearnerModel *m, const Dataset *train, Error *err)
{
    if (binary_start(m, train, err) != 0)
        return -1;
    return learner_input_scalar(m, "lambda", false, params_float(&m->bp, "lambda"), err);
}

static int sv_load(LearnerModel *m, const Dataset *train, double *loss, bool *done, Error *err)
{
    const double *w = learner_output(m, "w", m->d, err);
    const double *b = w ? learner_output(m, "b", 1, err) : NULL;
    if (!b)
        return -1;
    double ours = -b[0]; /* the exercise scores w.x - b, the module w.x + b */
    if (svm_load_epoch(m->mine, train, w, &ours, err) != 0)
        return learner_blame(m, err);
    *loss = svm_loss(m->mine);
    *done = false;
    return 0;
}

static double sv_ref_loss(const void *ref, const Dataset *train)
{
    return svm_objective_at(ref, train);
}

static bool sv_ghost(const void *ref, float *pts, int *n_pts, double *line, int *n_lines)
{
    (void)pts;
    *n_pts = 0;
    *n_lines = svm_line_2d(ref, 0, 0.0f, &line[0], &line[1], &line[2]) ? 1 : 0;
    return *n_lines > 0;
}

static void *sv_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    return learner_create(&LEARNER_SVM, p, train, rng, err);
}

static const Algo ALGO_SVM_YOURS = {
    .name = "svm-yours",
    .title = "Linear SVM (yours)",
    .summary = "your linear_svm_fit, one epoch per step, next to the built-in",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = SV_PARAMS,
    .default_scale = SCALE_STANDARD,
    .create = sv_create,
    .step = learner_step,
    .predict = learner_predict,
    .destroy = learner_destroy,
    .model_json = learner_model_json,
};

const LearnerKind LEARNER_SVM = {
    .algo = &ALGO_SVM_YOURS,
    .builtin = &algo_svm,
    .exercise = "linear_svm",
    .dataset = "moons",
    .setup = sv_setup,
    .start = sv_start,
    .inputs = lr_inputs,
    .load = sv_load,
    .ref_loss = sv_ref_loss,
    .ghost = sv_ghost,
};
