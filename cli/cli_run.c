/* cli_run.c - `mllab run ALGO [options]`: fit one algorithm on the training
 * part, evaluate it on the test part (or over K folds with --cv), and print
 * the report as text, JSON or CSV; optionally write the predictions and the
 * step trace to files. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
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
    else if (d->pooled)
        cli_describe_pooled(d, buf, size);
    else if (d->val_size > 0)
        snprintf(buf, size, "%s, test size %g, validation size %g, seed %llu",
                 d->stratified ? "stratified" : "random", d->test_size, d->val_size,
                 (unsigned long long)d->seed);
    else
        snprintf(buf, size, "%s, test size %g, seed %llu", d->stratified ? "stratified" : "random",
                 d->test_size, (unsigned long long)d->seed);
}

/* An output that is one of the inputs would overwrite it: ERR_USAGE. */
static int refuse_inputs(const char *path, const CliOptions *o, Error *err)
{
    const char *inputs[] = { o->eval.dataset, o->eval.train_file, o->eval.test_file, o->load };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        if (atomic_same_file(path, inputs[i]))
            return error_set(err, ERR_USAGE, "%s: is also an input (%s); write the output "
                                             "elsewhere", path, inputs[i]);
    return 0;
}

/* Can a file be made in path's directory? */
static int dir_writable(const char *path, Error *err)
{
    char *dir = strdup(path);
    if (!dir)
        return error_set(err, ERR_NOMEM, "out of memory");
    char *slash = strrchr(dir, '/');
    const char *d = ".";
    if (slash) {
        slash[slash == dir] = '\0'; /* "/x" -> "/" */
        d = dir;
    }
    int rc = access(d, W_OK | X_OK) == 0 ? 0 : error_set(err, ERR_IO, "%s: cannot write: %s",
                                                          path, strerror(errno));
    free(dir);
    return rc;
}

/* Can path be written (checked before the training, without creating it:
 * outputs are written whole at the end, atomic_file.h)?  An output that is
 * one of the inputs is refused. */
static int check_writable(const char *path, const CliOptions *o, Error *err)
{
    if (!path)
        return 0;
    if (refuse_inputs(path, o, err) < 0)
        return -1;
    struct stat st;
    if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
        return dir_writable(path, err);
    if (S_ISDIR(st.st_mode))
        return error_set(err, ERR_IO, "%s: cannot write: Is a directory", path);
    return access(path, W_OK) == 0 ? 0 : error_set(err, ERR_IO, "%s: cannot write: %s", path,
                                                   strerror(errno));
}

static int write_trace(const char *path, Trace *trace, Error *err)
{
    AtomicFile af;
    if (atomic_file_open(&af, path, err) < 0)
        return -1;
    if (trace_write_jsonl(trace, af.f, err) < 0) {
        int saved = errno;
        atomic_file_abort(&af);
        return error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(saved));
    }
    return atomic_file_commit(&af, err);
}

/* --save FILE: the trained model and the scaler of its inputs. */
static int save_network(const Session *s, const char *path, Error *err)
{
    AtomicFile af;
    if (atomic_file_open(&af, path, err) < 0)
        return -1;
    if (session_save(s, af.f, err) < 0) {
        int saved = errno;
        atomic_file_abort(&af);
        if (err && err->code == ERR_IO) /* name the file, and why */
            return error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(saved));
        return error_prefix(err, path);
    }
    return atomic_file_commit(&af, err);
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

/* Everything one `mllab run` holds; run_free releases it. */
typedef struct Run {
    CliOptions o;
    const Algo *algo;
    Params params;
    EvalData d;
    Trace trace;
    Trace *events;          /* &trace when --trace FILE wants them, else NULL */
    StrBuf out;
    LoadedModel loaded;     /* --load FILE, until a session takes it */
    SessionScaling scaling; /* what the run asks for */
    bool threshold_auto;    /* -p threshold=auto (the session chooses it) */
    char split[512];
    RunInfo info;
    bool plot;              /* figures after the text report (--plot) */
} Run;

/* The report of one run in the chosen format, and the --predictions file. */
static int write_run_report(const Run *run, const RunResult *r, StrBuf *out, Error *err)
{
    switch (run->o.format) {
    case FORMAT_JSON: report_run_json(out, &run->info, r); break;
    case FORMAT_CSV: report_run_csv(out, &run->info, r); break;
    default: report_run_text(out, &run->info, r, cli_table_style()); break;
    }
    if (!run->o.predictions)
        return 0;
    StrBuf p = STRBUF_INIT;
    report_predictions_csv(&p, &run->info, r);
    int rc = cli_write_file(run->o.predictions, &p, err);
    sb_free(&p);
    return rc;
}

/* The report, then (--plot) the figures of the trained session. */
static int report_and_plot(Run *run, const Session *s, const RunResult *r, Error *err)
{
    if (write_run_report(run, r, &run->out, err) < 0)
        return -1;
    return run->plot ? cli_plot_run(&run->out, s, r, run->events, err) : 0;
}

/* One split: train (or take the --load model), save, evaluate, report.  The
 * raw values are not needed again: the session scales the parts in place
 * rather than copy them. */
static int run_single(Run *run, Error *err)
{
    EvalData *d = &run->d;
    SessionSpec spec = {
        .algo = run->algo,
        .params = &run->params,
        .test_has_target = d->test_has_target,
        .scaling = run->scaling,
        .in_place = d,
        .seed = d->seed,
        .trace = run->events,
        .prep = &run->o.prep,
        .threshold_auto = run->threshold_auto,
    };
    Session s;
    int rc = run->o.load ? session_open_loaded(&s, &spec, &run->loaded, err)
                         : session_open_spec(&s, &spec, err);
    if (rc < 0)
        return -1;
    if (!run->o.load) {
        cli_progress(true, "%s: training on %d rows", run->algo->name, d->train.X.rows);
        rc = fit_with_progress(&s, err);
    }
    if (rc == 0 && run->o.save)
        rc = save_network(&s, run->o.save, err);
    RunResult r, v;
    bool has_val = rc == 0 && s.val != NULL;
    if (has_val && (rc = session_evaluate_val(&s, &v, err)) == 0)
        run->info.validation = &v;
    if (rc == 0) {
        cli_progress(true, "%s: predicting %d rows", run->algo->name, d->test.X.rows);
        rc = session_evaluate(&s, &r, err);
    }
    cli_progress_done();
    if (rc == 0) {
        rc = report_and_plot(run, &s, &r, err);
        run_result_free(&r);
    }
    if (run->info.validation)
        run_result_free(&v);
    run->info.validation = NULL;
    session_close(&s);
    return rc;
}

static int run_folds(Run *run, Error *err)
{
    const Algo *algo = run->algo;
    cli_progress(true, "%s: %d-fold cross-validation", algo->name, run->d.folds);
    CvResult cv;
    int rc = eval_cross_validate(algo, &run->params, &run->d, &run->scaling, run->events, &cv,
                                 err);
    cli_progress_done();
    if (rc < 0)
        return -1;
    switch (run->o.format) {
    case FORMAT_JSON: report_cv_json(&run->out, &run->info, &cv); break;
    case FORMAT_CSV: report_cv_csv(&run->out, &run->info, &cv); break;
    default: report_cv_text(&run->out, &run->info, &cv, cli_table_style()); break;
    }
    cv_result_free(&cv);
    return 0;
}

/* The output files can be written (each is created now if missing). */
static int check_outputs(Run *run, Error *err)
{
    const CliOptions *o = &run->o;
    if (check_writable(o->predictions, o, err) < 0 || check_writable(o->trace, o, err) < 0)
        return -1;
    return check_writable(o->save, o, err);
}

/* -p KEY=VALUE, in order; a bad one is a usage error naming the algorithm.
 * threshold=auto is the session's (any binary classifier with scores). */
static int parse_params(const Algo *algo, const CliOptions *o, Params *params, bool *auto_thr,
                        Error *err)
{
    if (params_init(params, algo->params, err) < 0)
        return -1;
    for (int i = 0; i < o->n_params; i++)
        if (strcmp(o->params[i], "threshold=auto") == 0)
            *auto_thr = true;
        else if (params_parse_kv(params, o->params[i], err) < 0) {
            size_t len = strlen(err->msg);
            snprintf(err->msg + len, sizeof err->msg - len, " (see mllab info %s)", algo->name);
            err->code = ERR_USAGE;
            return error_prefix(err, algo->name);
        }
    return 0;
}

/* The algorithm, its -p parameters, and --load's model (which sets those
 * the file records: a loaded network keeps its own shape). */
static int prepare_model(Run *run, Error *err)
{
    const CliOptions *o = &run->o;
    const Algo *algo = run->algo = find_trainable(o->algo, err);
    if (!algo || parse_params(algo, o, &run->params, &run->threshold_auto, err) < 0)
        return -1;
    if (run->threshold_auto && algo->kind != ALGO_CLASSIFIER)
        return error_set(err, ERR_USAGE, "threshold=auto is for a classifier (not %s)",
                         algo->name);
    if ((o->save || o->load) && (!algo->save || !algo->load))
        return error_set(err, ERR_USAGE, "%s cannot be saved or loaded (every trained model can)",
                         algo->name);
    if (o->load && model_load(&run->loaded, algo, o->load, &run->params, err) < 0)
        return -1;
    return check_outputs(run, err);
}

/* A loaded network sees its inputs scaled as in its training (by the
 * file's scaler or its preparation): another --scale is a usage error. */
static int check_loaded_scale(const Run *run, Error *err)
{
    const Pipeline *saved_prep = run->loaded.pipeline;
    ScaleKind saved = saved_prep ? saved_prep->scale : run->loaded.scaler.kind;
    if (!(run->loaded.has_scaler || saved_prep) || !run->o.eval.scale ||
        run->scaling.kind == saved)
        return 0;
    return error_set(err, ERR_USAGE,
                     "--scale %s: the model in %s was trained with %s scaling (leave --scale "
                     "out to use it)",
                     scale_kind_name(run->scaling.kind), run->o.load, scale_kind_name(saved));
}

/* The data, the scaling asked for, and what the report says about them. */
static int prepare_data(Run *run, Error *err)
{
    const CliOptions *o = &run->o;
    const char *shown = o->eval.dataset ? o->eval.dataset : o->eval.train_file;
    cli_progress(true, "loading %s", shown ? shown : "the default dataset");
    const Pipeline *saved_prep = run->loaded.pipeline;
    if (saved_prep && saved_prep->fill) /* the file imputes: missing cells are fine */
        run->o.eval.missing = true;
    /* image sets as bytes (a quarter of the memory); the figures read floats */
    run->o.eval.image_bytes = !run->plot;
    if (eval_load(&run->d, &o->eval, run->algo->kind, err) < 0) {
        cli_progress_done();
        return -1;
    }
    run->d.prep = &o->prep; /* --cv: each fold's session fits its own */
    run->d.threshold_auto = &run->threshold_auto; /* --cv: each fold chooses its own */
    const EvalData *d = &run->d;
    const Dataset *ref = d->folds > 0 ? &d->all : &d->train;
    if (eval_scaling_for(run->algo, &o->eval, ref, &run->scaling, err) < 0)
        return -1;
    if (check_loaded_scale(run, err) < 0)
        return -1;
    describe_split(d, o, run->split, sizeof run->split);
    run->info = (RunInfo){
        .dataset = d->name,
        .algo = run->algo,
        .params = &run->params,
        .split = run->split,
        .n_features = ref->X.cols,
        .n_classes = ref->y ? ref->n_classes : 0,
        .class_names = ref->class_names,
        .csv_sep = d->sep != ',' ? d->sep : 0,
        .csv_sep_detected = !o->eval.sep,
    };
    return 0;
}

/* Events are only recorded when they are wanted in a file, or for the
 * training curve of --plot (then only the steps' summaries). */
static void record_events(Run *run)
{
    run->plot = run->o.format == FORMAT_TEXT && cli_plot_wanted(run->o.plot);
    run->events = run->o.trace || run->plot ? &run->trace : NULL;
    if (!run->o.trace)
        run->trace.detail_level = 0;
}

static int run_all(Run *run, Error *err)
{
    record_events(run);
    if (prepare_model(run, err) < 0 || prepare_data(run, err) < 0)
        return -1;
    if ((run->d.folds > 0 ? run_folds(run, err) : run_single(run, err)) < 0)
        return -1;
    if (run->o.trace && write_trace(run->o.trace, &run->trace, err) < 0)
        return -1;
    if (run->o.format == FORMAT_TEXT)
        return cli_write_text(&run->out, err);
    return cli_write_stdout(&run->out, err);
}

int cli_run(int argc, char **argv)
{
    Run run;
    memset(&run, 0, sizeof run);
    Error err = { 0 };
    int status = 0;
    if (cli_parse_options(argc, argv, false, &run.o, &err) < 0) {
        cli_options_free(&run.o);
        return cli_fail(&err);
    }
    if (run.o.help) {
        cli_options_free(&run.o);
        return 0;
    }
    trace_init(&run.trace);
    if (run_all(&run, &err) < 0) {
        status = cli_fail(&err); /* outputs are written whole or not at all */
    }
    loaded_model_free(run.algo, &run.loaded);
    sb_free(&run.out);
    trace_free(&run.trace);
    eval_data_free(&run.d);
    params_free(&run.params);
    cli_options_free(&run.o);
    return status;
}
