/* cli_run.c - `mllab run ALGO [options]`: fit one algorithm on the training
 * part, evaluate it on the test part (or over K folds with --cv), and print
 * the report as text, JSON or CSV; optionally write the predictions and the
 * step trace to files. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nn_io.h"
#include "registry.h"

/* The algorithm named on the command line, or a usage error. */
static const Algo *find_trainable(const char *name, Error *err)
{
    const Algo *algo = algo_find(name);
    if (!algo) {
        error_set(err, ERR_USAGE, "unknown algorithm '%s' (see mllab list)", name);
        return NULL;
    }
    if (algo->kind == ALGO_OPERATION || !algo->create) {
        error_set(err, ERR_USAGE, "%s is an operation, not a model to train: use `mllab %s`",
                  name, name);
        return NULL;
    }
    return algo;
}

/* "stratified, test size 0.2, seed 42" and the like. */
static void describe_split(const EvalData *d, const CliOptions *o, char *buf, size_t size)
{
    if (d->from_files)
        snprintf(buf, size, "the files %s (train) and %s (test)", o->eval.train_file,
                 o->eval.test_file);
    else if (d->folds > 0)
        snprintf(buf, size, "%d folds%s, seed %llu", d->folds,
                 d->stratified ? " (stratified)" : "", (unsigned long long)d->seed);
    else if (d->standard_split)
        snprintf(buf, size, "the set's standard split");
    else
        snprintf(buf, size, "%s, test size %g, seed %llu", d->stratified ? "stratified" : "random",
                 d->test_size, (unsigned long long)d->seed);
}

/* Open an output file early, so a bad path fails before the training.
 * *created tells whether it did not exist before (to remove it on failure). */
static int check_writable(const char *path, bool *created, Error *err)
{
    *created = false;
    if (!path)
        return 0;
    *created = access(path, F_OK) != 0;
    FILE *f = fopen(path, "a");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    fclose(f);
    return 0;
}

static int write_trace(const char *path, Trace *trace, Error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    int rc = trace_write_jsonl(trace, f, err);
    int saved = errno;
    if (fclose(f) != 0 && rc == 0)
        rc = error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(errno));
    else if (rc < 0) /* name the file, and why */
        rc = error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(saved));
    return rc;
}

/* --load FILE: a saved network takes the place of the fresh, untrained
 * model (the data has been scaled with the scaler the file records, or, for
 * a version 1 file, with one fitted again on the training part). */
static int load_network(Session *s, const char *path, Error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    void *model = s->algo->load(f, &s->params, err);
    fclose(f);
    if (!model) {
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        return error_set(err, err->code, "%s: %.400s", path, msg);
    }
    s->algo->destroy(s->model);
    s->model = model;
    s->done = true;
    return 0;
}

/* --save FILE: the trained network and the scaler of its inputs. */
static int save_network(const Session *s, const Scaler *scaler, const char *path, Error *err)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    int rc = s->algo->save(s->model, scaler, f, err);
    if (fclose(f) != 0 && rc == 0)
        rc = error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(errno));
    return rc;
}

/* Train with a progress line on a terminal. */
static int fit_with_progress(Session *s, Error *err)
{
    for (;;) {
        StepStatus st = session_step(s, err);
        if (st == STEP_ERROR)
            return -1;
        if (st == STEP_DONE)
            return 0;
        cli_progress(false, "%s: step %d (%.1f s)", s->algo->name, s->steps, s->fit_seconds);
    }
}

/* saved: the scaler a loaded network file records (NULL: fit one). */
static int run_single(const Algo *algo, const Params *params, const CliOptions *o,
                      EvalData *d, ScaleKind scale, const Scaler *saved, Trace *trace,
                      RunInfo *info, StrBuf *out, Error *err)
{
    /* The raw values are not needed again: scale them in place rather than
     * have the session copy them. */
    Scaler fitted = { 0 };
    if (saved ? eval_scale_in_place_with(d, saved, err) < 0
              : eval_scale_in_place(d, scale, &fitted, err) < 0)
        return -1;
    Session s;
    if (session_open(&s, algo, params, &d->train, &d->test, d->test_has_target, SCALE_NONE,
                     d->seed, trace, err) < 0) {
        scaler_free(&fitted);
        return -1;
    }
    int rc;
    if (o->load) {
        rc = load_network(&s, o->load, err);
    } else {
        cli_progress(true, "%s: training on %d rows", algo->name, d->train.X.rows);
        rc = fit_with_progress(&s, err);
    }
    if (rc == 0 && o->save)
        rc = save_network(&s, saved ? saved : &fitted, o->save, err);
    scaler_free(&fitted);
    RunResult r;
    if (rc == 0) {
        cli_progress(true, "%s: predicting %d rows", algo->name, d->test.X.rows);
        rc = session_evaluate(&s, &r, err);
    }
    cli_progress_done();
    if (rc < 0) {
        session_close(&s);
        return -1;
    }
    switch (o->format) {
    case FORMAT_JSON: report_run_json(out, info, &r); break;
    case FORMAT_CSV: report_run_csv(out, info, &r); break;
    default: report_run_text(out, info, &r, cli_table_style()); break;
    }
    if (o->predictions) {
        StrBuf p = STRBUF_INIT;
        report_predictions_csv(&p, info, &r);
        rc = cli_write_file(o->predictions, &p, err);
        sb_free(&p);
    }
    run_result_free(&r);
    session_close(&s);
    return rc;
}

static int run_folds(const Algo *algo, const Params *params, const CliOptions *o,
                     const EvalData *d, ScaleKind scale, Trace *trace, RunInfo *info,
                     StrBuf *out, Error *err)
{
    cli_progress(true, "%s: %d-fold cross-validation", algo->name, d->folds);
    CvResult cv;
    int rc = eval_cross_validate(algo, params, d, scale, trace, &cv, err);
    cli_progress_done();
    if (rc < 0)
        return -1;
    switch (o->format) {
    case FORMAT_JSON: report_cv_json(out, info, &cv); break;
    case FORMAT_CSV: report_cv_csv(out, info, &cv); break;
    default: report_cv_text(out, info, &cv, cli_table_style()); break;
    }
    cv_result_free(&cv);
    return 0;
}

int cli_run(int argc, char **argv)
{
    CliOptions o;
    Error err = { 0 };
    if (cli_parse_options(argc, argv, false, &o, &err) < 0) {
        cli_options_free(&o);
        return cli_fail(&err);
    }
    if (o.help) {
        cli_options_free(&o);
        return 0;
    }
    int status = 0;
    Params params = { 0 };
    EvalData d = { 0 };
    Trace trace;
    trace_init(&trace);
    StrBuf out = STRBUF_INIT;
    bool created_predictions = false, created_trace = false, created_save = false;
    Scaler saved = { 0 };       /* the scaler a --load file records */
    bool has_saved = false;

    const Algo *algo = find_trainable(o.algo, &err);
    if (!algo)
        goto fail;
    if (params_init(&params, algo->params, &err) < 0)
        goto fail;
    for (int i = 0; i < o.n_params; i++)
        if (params_parse_kv(&params, o.params[i], &err) < 0) {
            char msg[sizeof err.msg];
            snprintf(msg, sizeof msg, "%s", err.msg);
            error_set(&err, ERR_USAGE, "%s: %.400s (see mllab info %s)", algo->name, msg,
                      algo->name);
            goto fail;
        }
    if ((o.save || o.load) && (!algo->save || !algo->load)) {
        error_set(&err, ERR_USAGE, "%s cannot be saved or loaded (networks can: mlp, cnn)",
                  algo->name);
        goto fail;
    }
    /* a loaded network keeps its own shape, whatever the defaults say */
    if (o.load && nn_file_params(o.load, algo->name, &params, &saved, &has_saved, &err) < 0)
        goto fail;
    if (check_writable(o.predictions, &created_predictions, &err) < 0 ||
        check_writable(o.trace, &created_trace, &err) < 0 ||
        check_writable(o.save, &created_save, &err) < 0)
        goto fail;

    const char *shown = o.eval.dataset ? o.eval.dataset : o.eval.train_file;
    cli_progress(true, "loading %s", shown ? shown : "the default dataset");
    if (eval_load(&d, &o.eval, algo->kind, &err) < 0) {
        cli_progress_done();
        goto fail;
    }
    const Dataset *ref = d.folds > 0 ? &d.all : &d.train;
    ScaleKind scale;
    if (eval_scale_for(algo, &o.eval, ref, &scale, &err) < 0)
        goto fail;
    /* a loaded network sees its inputs scaled as in its training */
    if (has_saved) {
        if (o.eval.scale && scale != saved.kind) {
            error_set(&err, ERR_USAGE,
                      "--scale %s: the network in %s was trained with %s scaling (leave "
                      "--scale out to use it)",
                      scale_kind_name(scale), o.load, scale_kind_name(saved.kind));
            goto fail;
        }
        scale = saved.kind;
    }

    char split[512];
    describe_split(&d, &o, split, sizeof split);
    RunInfo info = {
        .dataset = d.name,
        .algo = algo,
        .params = &params,
        .scale = scale,
        .scale_is_default = o.eval.scale == NULL,
        .scale_from_model = has_saved,
        .scale_refitted = o.load && !has_saved && scale != SCALE_NONE,
        .split = split,
        .n_features = ref->X.cols,
        .n_classes = ref->y ? ref->n_classes : 0,
        .class_names = ref->class_names,
    };
    /* Events are only recorded when they are wanted in a file. */
    Trace *events = o.trace ? &trace : NULL;
    int rc = d.folds > 0 ? run_folds(algo, &params, &o, &d, scale, events, &info, &out, &err)
                         : run_single(algo, &params, &o, &d, scale, has_saved ? &saved : NULL, events,
                                      &info, &out, &err);
    if (rc < 0)
        goto fail;
    if (o.trace && write_trace(o.trace, &trace, &err) < 0)
        goto fail;
    if (cli_write_stdout(&out, &err) < 0)
        goto fail;
    goto done;
fail:
    status = cli_fail(&err);
    /* Leave no empty output file behind a failed run. */
    if (created_predictions)
        unlink(o.predictions);
    if (created_trace)
        unlink(o.trace);
    if (created_save)
        unlink(o.save);
done:
    scaler_free(&saved);
    sb_free(&out);
    trace_free(&trace);
    eval_data_free(&d);
    params_free(&params);
    cli_options_free(&o);
    return status;
}
