/* learner.c - the Algo glue of "Step your own" (see learner.h): create
 * finds the exercise and the learner's file, compiles it once (the
 * stepper) and creates the two built-in models from the same seed; step
 * runs the learner's code once in the sandbox, loads the result into
 * "mine", steps the built-in reference alongside and reports both losses. */
#include "learner_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const LearnerKind *const KINDS[] = { &LEARNER_KMEANS, &LEARNER_PERCEPTRON, &LEARNER_LOGREG,
                                            &LEARNER_LINREG, &LEARNER_SVM };
#define N_KINDS (sizeof KINDS / sizeof KINDS[0])

const Algo *learner_algo_for(const Algo *builtin)
{
    for (size_t i = 0; builtin && i < N_KINDS; i++)
        if (KINDS[i]->builtin == builtin)
            return KINDS[i]->algo;
    return NULL;
}

static const LearnerKind *kind_of(const Algo *algo)
{
    for (size_t i = 0; algo && i < N_KINDS; i++)
        if (KINDS[i]->algo == algo)
            return KINDS[i];
    return NULL;
}

const Algo *learner_builtin(const Algo *algo)
{
    const LearnerKind *k = kind_of(algo);
    return k ? k->builtin : NULL;
}

const char *learner_exercise(const Algo *algo)
{
    const LearnerKind *k = kind_of(algo);
    return k ? k->exercise : NULL;
}

const char *learner_dataset(const Algo *algo)
{
    const LearnerKind *k = kind_of(algo);
    return k ? k->dataset : NULL;
}

void *learner_mine(void *model)
{
    return ((LearnerModel *)model)->mine;
}

void *learner_reference(void *model)
{
    return ((LearnerModel *)model)->ref;
}

/* ---- create ------------------------------------------------------------------ */

/* The file param, else the workspace file (C first, then Python). */
static int find_file(LearnerModel *m, const char *param, Error *err)
{
    if (param && *param) {
        snprintf(m->file, sizeof m->file, "%s", param);
    } else {
        PracticeLang langs[2] = { PRACTICE_C, PRACTICE_PYTHON };
        for (int i = 0; i < 2 && !m->file[0]; i++)
            if (practice_workspace_file(&m->ex, langs[i], m->file, sizeof m->file, err) != 0 ||
                access(m->file, R_OK) != 0)
                m->file[0] = '\0';
        if (!m->file[0])
            return error_set(err, ERR_USAGE,
                             "no solution of yours for %s yet: run `mllab practice start %s` "
                             "(or set file=PATH)",
                             m->ex.name, m->ex.name);
    }
    char abs[PATH_MAX];
    if (access(m->file, R_OK) != 0 || !realpath(m->file, abs))
        return error_set(err, ERR_IO, "%s: cannot read your solution", m->file);
    /* Python runs in the stepper's folder: the path must not be relative */
    snprintf(m->file, sizeof m->file, "%s", abs);
    return 0;
}

static int open_exercise(LearnerModel *m, const Params *lp, Error *err)
{
    if (practice_bank_find(m->kind->exercise, &m->ex, err) != 0)
        return -1;
    if (strcmp(m->ex.step_algo, m->kind->builtin->name) != 0)
        return error_set(err, ERR_DATA, "the exercise %s cannot be stepped as %s (step_algo)",
                         m->ex.name, m->kind->builtin->name);
    return find_file(m, params_str(lp, "file"), err);
}

static int create_models(LearnerModel *m, const Dataset *train, Rng *rng, Error *err)
{
    const Algo *b = m->kind->builtin;
    Rng same = *rng; /* the reference starts where mine does */
    m->mine = b->create(&m->bp, train, rng, err);
    if (!m->mine)
        return -1;
    m->ref = b->create(&m->bp, train, &same, err);
    return m->ref ? 0 : -1;
}

/* A new model of the kind whose Algo has these params. */
static LearnerModel *new_model(const Params *lp, const Dataset *train, Error *err)
{
    const LearnerKind *kind = NULL;
    for (size_t i = 0; i < N_KINDS && !kind; i++)
        if (KINDS[i]->algo->params == lp->spec)
            kind = KINDS[i];
    LearnerModel *m = kind ? calloc(1, sizeof *m) : NULL;
    if (!m) {
        error_set(err, kind ? ERR_NOMEM : ERR_INTERNAL,
                  kind ? "out of memory" : "not a learner algorithm's params");
        return NULL;
    }
    m->kind = kind;
    m->n = dataset_rows(train);
    m->d = dataset_cols(train);
    return m;
}

void *learner_create_any(const Params *lp, const Dataset *train, Rng *rng, Error *err)
{
    LearnerModel *m = new_model(lp, train, err);
    if (!m)
        return NULL;
    const LearnerKind *kind = m->kind;
    int rc = open_exercise(m, lp, err);
    if (rc == 0)
        rc = params_init(&m->bp, kind->builtin->params, err);
    if (rc == 0)
        rc = learner_setup(m, lp, train, err);
    if (rc == 0)
        rc = create_models(m, train, rng, err);
    if (rc == 0)
        rc = practice_stepper_open(&m->ex, m->file, &m->st, err);
    if (rc == 0)
        rc = kind->start(m, train, err);
    if (rc != 0) {
        learner_destroy(m);
        return NULL;
    }
    return m;
}

void learner_destroy(void *model)
{
    LearnerModel *m = model;
    if (!m)
        return;
    practice_stepper_close(m->st);
    if (m->kind && m->mine)
        m->kind->builtin->destroy(m->mine);
    if (m->kind && m->ref)
        m->kind->builtin->destroy(m->ref);
    if (m->bp.values)
        params_free(&m->bp);
    free(m->prev);
    free(m->labels);
    free(m->W);
    free(m->b);
    free(m);
}

/* ---- step ---------------------------------------------------------------------- */

static void step_reference(LearnerModel *m, const Dataset *train)
{
    if (m->ref_done)
        return;
    Error e;
    error_clear(&e);
    StepStatus st = m->kind->builtin->step(m->ref, train, NULL, &e);
    m->ref_done = st != STEP_MORE;
}

static void trace_step(const LearnerModel *m, Trace *trace, double loss, double ref_loss)
{
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "step %d: yours %.6g, built-in %.6g%s (%s, %.3g s in your code)",
             m->steps, loss, ref_loss, m->ref_done ? " (done)" : "", m->ex.name,
             practice_stepper_seconds(m->st));
    trace_emitv(trace, TRACE_STEP, "yours", text, "loss_yours", loss, "loss_builtin", ref_loss,
                TRACE_END);
}

/* One run of the learner's code for output `output` of this step. */
static int run_once(LearnerModel *m, int output, Error *err)
{
    if (m->kind->inputs(m, output, err) != 0)
        return -1;
    char why[700], which[48] = "";
    int rc = practice_stepper_run(m->st, why, sizeof why, err);
    if (m->outputs > 1)
        snprintf(which, sizeof which, " (class %d against the rest)", output);
    if (rc > 0)
        return error_set(err, ERR_DATA, "your %s, step %d%s: %s", m->ex.name, m->steps + 1,
                         which, why);
    if (rc == 0 && m->kind->collect && m->kind->collect(m, output, err) != 0)
        return -1;
    return rc;
}

StepStatus learner_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    LearnerModel *m = model;
    if (m->done)
        return STEP_DONE;
    for (int c = 0; c < m->outputs; c++)
        if (run_once(m, c, err) != 0)
            return STEP_ERROR;
    double loss;
    bool done = false;
    if (m->kind->load(m, train, &loss, &done, err) != 0)
        return STEP_ERROR;
    m->steps++;
    step_reference(m, train);
    trace_step(m, trace, loss, m->kind->ref_loss(m, train));
    m->done = done || m->steps >= m->limit;
    return m->done ? STEP_DONE : STEP_MORE;
}

int learner_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    LearnerModel *m = model;
    return m->kind->builtin->predict(m->mine, X, labels, scores, err);
}

void learner_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const LearnerModel *m = model;
    if (m->kind->builtin->model_json)
        m->kind->builtin->model_json(m->mine, train, sb);
    else
        sb_append(sb, "{}");
}

/* ---- helpers for the kinds ------------------------------------------------------- */

int learner_input_X(LearnerModel *m, const Dataset *train, Error *err)
{
    size_t nd = (size_t)m->n * m->d;
    double *X = malloc((nd ? nd : 1) * sizeof *X);
    if (!X)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m->n; i++)
        for (int j = 0; j < m->d; j++)
            X[(size_t)i * m->d + j] = mat_get(&train->X, i, j); /* floats or bytes */
    int dims[2] = { m->n, m->d };
    int rc = practice_stepper_input(m->st, "X", false, 2, dims, X, err);
    free(X);
    return rc;
}

int learner_input_scalar(LearnerModel *m, const char *name, bool is_int, double v, Error *err)
{
    return practice_stepper_input(m->st, name, is_int, 0, NULL, &v, err);
}

const double *learner_output(LearnerModel *m, const char *name, long count, Error *err)
{
    int ndim, dims[4];
    long n;
    const double *v = practice_stepper_output(m->st, name, &ndim, dims, &n);
    if (!v)
        error_set(err, ERR_DATA, "your %s, step %d: no output '%s'", m->ex.name, m->steps + 1,
                  name);
    else if (n != count)
        error_set(err, ERR_DATA, "your %s, step %d: '%s' has %ld values, expected %ld",
                  m->ex.name, m->steps + 1, name, n, count);
    else
        return v;
    return NULL;
}

int learner_blame(const LearnerModel *m, Error *err)
{
    if (!err)
        return -1;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return error_set(err, ERR_DATA, "your %s, step %d: %s", m->ex.name, m->steps + 1, msg);
}
