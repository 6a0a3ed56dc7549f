/* session.c - opening, stepping and closing sessions (see eval.h).
 *
 * A session is one model on one training part: it owns the params, the
 * scaling of the inputs (fitted on the training part, loaded with a saved
 * model, or none), the scaled copies of the parts when it makes them, and
 * the model.  Evaluating it is in eval.c.  Nothing here prints. */
#include "eval.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "timer.h"

/* The common start of every session: no model and no scaling yet. */
static int session_begin(Session *s, const SessionSpec *sp, Error *err)
{
    memset(s, 0, sizeof *s);
    const Algo *algo = sp->algo;
    s->algo = algo;
    s->trace = sp->trace;
    s->scaling = sp->scaling;
    s->scaling.source = SCALING_FITTED;
    s->scale = sp->scaling.kind;
    s->train = sp->in_place ? &sp->in_place->train : sp->train;
    s->test = sp->in_place ? &sp->in_place->test : sp->test;
    s->test_has_target = sp->test_has_target && s->test != NULL;
    s->val = sp->in_place ? (sp->in_place->val.X.rows > 0 ? &sp->in_place->val : NULL) : sp->val;
    rng_seed(&s->rng, sp->seed);
    s->threshold_auto = sp->threshold_auto;
    if (algo->kind == ALGO_OPERATION || !algo->create || !algo->step)
        return error_set(err, ERR_USAGE,
                         "%s is an operation, not a model to train: use `mllab %s`", algo->name,
                         algo->name);
    return sp->params ? params_copy(&s->params, sp->params, err)
                      : params_init(&s->params, algo->params, err);
}

/* Apply s->scaler to one part: in place (or when the part is already the
 * session's own copy), or to a copy the session owns. */
static int scale_part(Session *s, const Dataset **part, Dataset *own, bool in_place, Error *err)
{
    if (!*part || !mat_has_storage(&(*part)->X))
        return 0;
    if (in_place || *part == own) {
        scaler_transform(&s->scaler, &((Dataset *)*part)->X);
        return 0;
    }
    if (dataset_copy(*part, own, err) < 0)
        return -1;
    scaler_transform(&s->scaler, &own->X);
    *part = own;
    return 0;
}

/* Scale the parts with s->scaler (fitted or loaded before). */
static int scale_parts(Session *s, const SessionSpec *sp, Error *err)
{
    if (s->scaler.kind == SCALE_NONE)
        return 0;
    if (s->train->X.cols != s->scaler.d)
        return error_set(err, ERR_DATA, "the saved %s scaler takes %d feature%s, the data has %d",
                         scale_kind_name(s->scaler.kind), s->scaler.d,
                         s->scaler.d == 1 ? "" : "s", s->train->X.cols);
    bool in_place = sp->in_place != NULL;
    if (scale_part(s, &s->train, &s->train_own, in_place, err) < 0 ||
        scale_part(s, &s->val, &s->val_own, in_place, err) < 0)
        return -1;
    return scale_part(s, &s->test, &s->test_own, in_place, err);
}

/* Fit the scaler of s->scaling.kind on the training part, then apply it. */
static int fit_scaling(Session *s, const SessionSpec *sp, Error *err)
{
    if (s->scaling.kind != SCALE_NONE && scaler_fit(&s->scaler, s->scaling.kind, &s->train->X,
                                                   err) < 0)
        return -1;
    return scale_parts(s, sp, err);
}

/* Whether the parts need the pipeline (a step beyond scaling). */
static bool wants_pipeline(const SessionSpec *sp, const Dataset *train)
{
    return prep_spec_any(sp->prep) || (train && dataset_has_categories(train));
}

/* ---- byte-backed parts (mat.h) ----------------------------------------------
 * Image sets may come byte-backed.  The models that read bytes (algo.h
 * takes_bytes) get them as they are; every other model, a scaling and a
 * pipeline get floats: the part itself converted when the session owns it
 * or runs in place, else a float copy the session owns. */

/* Does what the session will run need floats?  A pipeline reads byte-backed
 * parts itself (its first step copies them as floats) and hands the model
 * floats, so only fitting an imputer (which reads the raw cells) needs them
 * first: no float copy of MNIST beside the pipeline's own. */
static bool needs_floats(const Session *s, const SessionSpec *sp)
{
    const Algo *a = s->algo;
    if (s->pipeline || wants_pipeline(sp, s->train))
        return sp->prep && sp->prep->impute != IMPUTE_NONE;
    return !a->takes_bytes || (a->needs_floats && a->needs_floats(&s->params)) ||
           s->scaling.kind != SCALE_NONE;
}

static int part_to_floats(Session *s, const SessionSpec *sp, const Dataset **part, Dataset *own,
                          Error *err)
{
    if (!*part || !mat_is_bytes(&(*part)->X))
        return 0;
    if (*part == own || *part == &s->resampled || sp->in_place)
        return mat_to_float(&((Dataset *)*part)->X, err);
    if (dataset_copy(*part, own, err) < 0)
        return -1;
    *part = own;
    return mat_to_float(&own->X, err);
}

/* Floats for every part when what runs needs them. */
static int floats_if_needed(Session *s, const SessionSpec *sp, Error *err)
{
    if (!needs_floats(s, sp))
        return 0;
    if (part_to_floats(s, sp, &s->train, &s->train_own, err) < 0 ||
        part_to_floats(s, sp, &s->val, &s->val_own, err) < 0)
        return -1;
    return part_to_floats(s, sp, &s->test, &s->test_own, err);
}

/* Exchange the features of two datasets (X, names, categories), keeping the
 * rest (targets, class names that reports may have borrowed) in place. */
static void swap_features(Dataset *a, Dataset *b)
{
    Dataset t = *a;
    a->X = b->X;
    a->feature_names = b->feature_names;
    a->n_categories = b->n_categories;
    a->categories = b->categories;
    b->X = t.X;
    b->feature_names = t.feature_names;
    b->n_categories = t.n_categories;
    b->categories = t.categories;
}

/* The prepared training and test parts become the session's: in place, the
 * prepared features replace the raw ones of the EvalData (a resampled
 * training part is the session's own either way). */
static void adopt_prepared(Session *s, const SessionSpec *sp, Dataset *tr, Dataset *te)
{
    bool has_test = s->test && mat_has_storage(&s->test->X);
    if (sp->in_place && s->train == &sp->in_place->train) {
        swap_features(&sp->in_place->train, tr);
        dataset_free(tr);
    } else {
        dataset_free(&s->train_own); /* a float copy made for the pipeline */
        s->train_own = *tr;
        s->train = &s->train_own;
    }
    if (sp->in_place && has_test) {
        swap_features(&sp->in_place->test, te);
        dataset_free(te);
    } else if (has_test) {
        dataset_free(&s->test_own);
        s->test_own = *te;
        s->test = &s->test_own;
    }
}

/* Prepare the training, test and validation parts with s->pipeline: fitted
 * on the training part first (fitting), or as loaded with a model. */
static int run_pipeline(Session *s, const SessionSpec *sp, bool fitting, Error *err)
{
    static const PrepSpec none = { 0 };
    double t0 = timer_now();
    Dataset tr, te = { 0 }, va = { 0 };
    int rc = fitting ? pipeline_fit(s->pipeline, sp->prep ? sp->prep : &none, s->scaling.kind,
                                    s->train, &tr, err)
                     : pipeline_apply(s->pipeline, s->train, &tr, err);
    if (rc < 0)
        return -1;
    if ((s->test && mat_has_storage(&s->test->X) && pipeline_apply(s->pipeline, s->test, &te, err) < 0) ||
        (s->val && pipeline_apply(s->pipeline, s->val, &va, err) < 0)) {
        dataset_free(&tr);
        dataset_free(&te);
        return -1;
    }
    if (s->val && sp->in_place) {
        swap_features(&sp->in_place->val, &va);
        dataset_free(&va);
    } else if (s->val) {
        dataset_free(&s->val_own);
        s->val_own = va;
        s->val = &s->val_own;
    }
    Pipeline *p = s->pipeline;
    s->prep.active = true;
    s->prep.features_in = p->d_in;
    s->prep.features_out = p->d_out;
    s->prep.unseen = p->unseen;
    s->prep.seconds = timer_now() - t0;
    pipeline_describe(p, s->prep.steps, sizeof s->prep.steps);
    adopt_prepared(s, sp, &tr, &te);
    return 0;
}

/* Fit the pipeline on the training part; prepare it and the other parts. */
static int fit_pipeline(Session *s, const SessionSpec *sp, Error *err)
{
    if (!(s->pipeline = calloc(1, sizeof *s->pipeline)))
        return error_set(err, ERR_NOMEM, "out of memory");
    return run_pipeline(s, sp, true, err);
}

/* --resample: the training part's classes over- or undersampled (seeded by
 * the run's seed, apart from the model's random numbers); the session owns
 * the result, and the rest of the preparation is fitted on it. */
static int resample_train(Session *s, const SessionSpec *sp, Error *err)
{
    const Dataset *tr = s->train;
    ResampleKind kind = sp->prep->resample;
    if (s->algo->kind != ALGO_CLASSIFIER || !tr->y)
        return error_set(err, ERR_USAGE, "--resample %s is for classifiers (%s is not one)",
                         resample_kind_name(kind), s->algo->name);
    Rng rng;
    rng_seed(&rng, sp->seed ^ 0x9e3779b97f4a7c15ULL);
    int *rows, count;
    if (resample_rows(tr->y, tr->X.rows, tr->n_classes, kind, &rng, &rows, &count, err) < 0)
        return -1;
    int rc = dataset_subset(tr, rows, count, &s->resampled, err);
    free(rows);
    if (rc < 0)
        return -1;
    s->prep.resample = kind;
    s->prep.rows_before = tr->X.rows;
    s->prep.rows_after = count;
    s->train = &s->resampled;
    return 0;
}

/* The one preparation path: resampling when asked for, then the pipeline
 * when one is needed, else scaling. */
static int prepare(Session *s, const SessionSpec *sp, Error *err)
{
    if (sp->prep && sp->prep->resample != RESAMPLE_NONE && resample_train(s, sp, err) < 0)
        return -1;
    if (floats_if_needed(s, sp, err) < 0)
        return -1;
    return wants_pipeline(sp, s->train) ? fit_pipeline(s, sp, err) : fit_scaling(s, sp, err);
}

int session_open_spec(Session *s, const SessionSpec *spec, Error *err)
{
    if (session_begin(s, spec, err) < 0 || prepare(s, spec, err) < 0) {
        session_close(s);
        return -1;
    }
    const Algo *algo = s->algo;
    double t0 = timer_now();
    error_clear(err);
    s->model = algo->create(&s->params, s->train, &s->rng, err);
    s->fit_seconds = timer_now() - t0;
    if (!s->model) {
        if (err && err->code == ERR_NONE)
            error_set(err, ERR_INTERNAL, "%s: the model could not be created", algo->name);
        session_close(s);
        return -1;
    }
    /* a network validates (and stops early) on the run's validation part */
    if (s->val && algo->set_validation &&
        algo->set_validation(s->model, s->train, s->val, err) < 0) {
        session_close(s);
        return -1;
    }
    return 0;
}

int session_open(Session *s, const Algo *algo, const Params *params, const Dataset *train,
                 const Dataset *test, bool test_has_target, ScaleKind scale, uint64_t seed,
                 Trace *trace, Error *err)
{
    SessionSpec spec = {
        .algo = algo,
        .params = params,
        .train = train,
        .test = test,
        .test_has_target = test_has_target,
        .scaling = { .kind = scale, .source = SCALING_FITTED },
        .seed = seed,
        .trace = trace,
    };
    return session_open_spec(s, &spec, err);
}

/* ---------------------------------------------------------------- saved models */

/* The preparation section a model file may start with (pipeline_io.c). */
static int read_recorded_prep(LoadedModel *m, FILE *f, Error *err)
{
    Pipeline p;
    bool present;
    if (pipeline_read(&p, f, &present, err) < 0)
        return -1;
    if (!present)
        return 0;
    if (!(m->pipeline = malloc(sizeof *m->pipeline))) {
        pipeline_free(&p);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    *m->pipeline = p;
    return 0;
}

int model_load(LoadedModel *m, const Algo *algo, const char *path, Params *params, Error *err)
{
    memset(m, 0, sizeof *m);
    if (!algo->load)
        return error_set(err, ERR_USAGE, "%s cannot be saved or loaded", algo->name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    if (!(m->path = strdup(path))) {
        fclose(f);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    error_clear(err);
    if (read_recorded_prep(m, f, err) == 0)
        m->model = algo->load(f, params, &m->scaler, &m->has_scaler, err);
    fclose(f);
    if (!m->model) {
        if (err && err->code == ERR_NONE)
            err->code = ERR_DATA;
        error_prefix(err, path);
        loaded_model_free(algo, m);
        return -1;
    }
    return 0;
}

void loaded_model_free(const Algo *algo, LoadedModel *m)
{
    if (!m)
        return;
    if (m->model && algo && algo->destroy)
        algo->destroy(m->model);
    pipeline_free(m->pipeline);
    free(m->pipeline);
    scaler_free(&m->scaler);
    free(m->path);
    memset(m, 0, sizeof *m);
}

/* The loaded model takes the training part (algo->check_data) and the
 * part's features fit the file's scaler; else ERR_DATA naming the file and
 * the data. */
static int check_loaded(Session *s, const char *path, bool has_scaler, Error *err)
{
    const Dataset *d = s->train;
    int rc = 0;
    if (s->algo->check_data)
        rc = s->algo->check_data(s->model, d, err);
    if (rc == 0 && has_scaler && s->scaler.kind != SCALE_NONE && d->X.cols != s->scaler.d)
        rc = error_set(err, ERR_DATA, "the saved %s scaler takes %d feature%s, the data has %d",
                       scale_kind_name(s->scaler.kind), s->scaler.d,
                       s->scaler.d == 1 ? "" : "s", d->X.cols);
    if (rc == 0 || !err)
        return rc;
    size_t len = strlen(err->msg);
    snprintf(err->msg + len, sizeof err->msg - len, " (the data: %s)",
             d->name ? d->name : "unnamed");
    return error_prefix(err, path ? path : "the loaded model");
}

/* A loaded model's preparation: the one its file records, applied to the
 * parts (the data checked against it first), or none; steps asked for on
 * the command line are refused either way. */
static int loaded_prep(Session *s, const SessionSpec *sp, const char *path, Error *err)
{
    if (prep_spec_any(sp->prep))
        return error_set(err, ERR_USAGE, "%s: --load uses the preparation its file records (or "
                                         "none): leave out --impute, --poly, --pca, --rescale",
                         path);
    if (!s->pipeline) {
        if (!wants_pipeline(sp, s->train))
            return 0;
        return error_set(err, ERR_DATA, "%s records no preparation, but the data has "
                                        "categorical features (save the model again with this "
                                        "mllab)", path);
    }
    if (pipeline_check_data(s->pipeline, s->train, err) < 0) {
        size_t len = strlen(err->msg);
        snprintf(err->msg + len, sizeof err->msg - len, " (the data: %s)",
                 s->train->name ? s->train->name : "unnamed");
        return error_prefix(err, path);
    }
    s->scaling.kind = s->scale = s->pipeline->scale;
    s->scaling.source = SCALING_LOADED;
    return run_pipeline(s, sp, false, err);
}

int session_open_loaded(Session *s, const SessionSpec *spec, LoadedModel *m, Error *err)
{
    int rc = session_begin(s, spec, err);
    /* the model and the scaler are the session's from here on */
    s->model = m->model;
    s->loaded = s->done = true;
    if (m->has_scaler) {
        s->scaler = m->scaler;
        s->scaling.kind = s->scale = m->scaler.kind;
        s->scaling.source = SCALING_LOADED;
    } else if (s->scaling.kind != SCALE_NONE) {
        s->scaling.source = SCALING_REFITTED;
    }
    bool has_scaler = m->has_scaler;
    char *path = m->path;
    if (!has_scaler)
        scaler_free(&m->scaler);
    s->pipeline = m->pipeline;
    memset(m, 0, sizeof *m);
    if (rc == 0)
        rc = floats_if_needed(s, spec, err);
    if (rc == 0)
        rc = loaded_prep(s, spec, path, err);
    if (rc == 0)
        rc = check_loaded(s, path, has_scaler, err);
    free(path);
    if (rc == 0)
        rc = has_scaler ? scale_parts(s, spec, err) : fit_scaling(s, spec, err);
    if (rc < 0)
        session_close(s);
    return rc;
}

int session_save(const Session *s, FILE *f, Error *err)
{
    if (!s->algo->save)
        return error_set(err, ERR_USAGE, "%s cannot be saved or loaded", s->algo->name);
    /* the preparation section first (its own magic: older files lack it) */
    if (s->pipeline && pipeline_write(s->pipeline, f, err) < 0)
        return -1;
    return s->algo->save(s->model, &s->scaler, f, err);
}

/* ---------------------------------------------------------------- stepping */

StepStatus session_step(Session *s, Error *err)
{
    if (s->done)
        return STEP_DONE;
    if (!s->model) {
        error_set(err, ERR_INTERNAL, "the session has no model");
        return STEP_ERROR;
    }
    if (s->trace)
        s->trace->step = s->steps + 1;
    error_clear(err);
    double t0 = timer_now();
    StepStatus st = s->algo->step(s->model, s->train, s->trace, err);
    s->fit_seconds += timer_now() - t0;
    if (st == STEP_ERROR) {
        if (err && err->code == ERR_NONE)
            error_set(err, ERR_INTERNAL, "%s: step %d failed", s->algo->name, s->steps + 1);
        return STEP_ERROR;
    }
    s->steps++;
    if (st == STEP_DONE)
        s->done = true;
    return st;
}

int session_fit(Session *s, Error *err)
{
    for (;;) {
        StepStatus st = session_step(s, err);
        if (st == STEP_ERROR)
            return -1;
        if (st == STEP_DONE)
            return 0;
    }
}

void session_close(Session *s)
{
    if (!s)
        return;
    if (s->model && s->algo && s->algo->destroy)
        s->algo->destroy(s->model);
    params_free(&s->params);
    scaler_free(&s->scaler);
    dataset_free(&s->train_own);
    dataset_free(&s->test_own);
    dataset_free(&s->val_own);
    dataset_free(&s->resampled);
    pipeline_free(s->pipeline);
    free(s->pipeline);
    memset(s, 0, sizeof *s);
}
