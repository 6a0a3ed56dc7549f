/* eval_compare.c - evaluations made of several runs (see eval.h):
 * eval_cross_validate (one algorithm over the k folds of the data) and
 * eval_compare (several classifiers on the same split or folds, with their
 * per-metric means and a significance test against the best).  Both run
 * Sessions (eval.c) to the end and score them.  Nothing here prints. */
#include "eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- k-fold */

/* The training and test parts of fold f of d. */
static int fold_parts(const EvalData *d, int f, Dataset *train, Dataset *test, Error *err)
{
    int n = d->all.X.rows, n_test = 0;
    for (int i = 0; i < n; i++)
        n_test += d->fold_of[i] == f;
    int *tr = malloc((size_t)(n > 0 ? n : 1) * sizeof *tr);
    int *te = malloc((size_t)(n_test > 0 ? n_test : 1) * sizeof *te);
    if (!tr || !te) {
        free(tr);
        free(te);
        return error_set(err, ERR_NOMEM, "out of memory for fold %d", f + 1);
    }
    int a = 0, b = 0;
    for (int i = 0; i < n; i++) {
        if (d->fold_of[i] == f)
            te[b++] = i;
        else
            tr[a++] = i;
    }
    int rc = dataset_subset(&d->all, tr, a, train, err);
    if (rc == 0 && (rc = dataset_subset(&d->all, te, b, test, err)) < 0)
        dataset_free(train);
    free(tr);
    free(te);
    return rc;
}

/* Fit one algorithm on train and evaluate it on test; the session fits its
 * own preparation (prep, may be NULL) on train. */
static int run_once(const Algo *algo, const Params *params, const Dataset *train,
                    const Dataset *test, ScaleKind scale, const PrepSpec *prep, uint64_t seed,
                    Trace *trace, volatile int *cancel, RunResult *r, Error *err)
{
    SessionSpec spec = {
        .algo = algo,
        .params = params,
        .train = train,
        .test = test,
        .test_has_target = true,
        .scaling = { .kind = scale, .source = SCALING_FITTED },
        .seed = seed,
        .trace = trace,
        .prep = prep,
    };
    Session s;
    if (session_open_spec(&s, &spec, err) < 0)
        return -1;
    for (;;) {
        if (cancel && *cancel) {
            session_close(&s);
            return error_set(err, ERR_CANCELLED, "cancelled");
        }
        StepStatus st = session_step(&s, err);
        if (st == STEP_ERROR) {
            session_close(&s);
            return -1;
        }
        if (st == STEP_DONE)
            break;
    }
    int rc = session_evaluate(&s, r, err);
    session_close(&s);
    return rc;
}

static double fold_score(const Algo *algo, const RunResult *r)
{
    switch (algo->kind) {
    case ALGO_CLASSIFIER: return r->cls.accuracy;
    case ALGO_REGRESSOR: return r->reg.r2;
    default: return r->clu.inertia;
    }
}

int eval_cross_validate(const Algo *algo, const Params *params, const EvalData *d,
                        const SessionScaling *scaling, Trace *trace, CvResult *out,
                        Error *err)
{
    memset(out, 0, sizeof *out);
    out->scaling = *scaling;
    out->scaling.source = SCALING_FITTED;
    ScaleKind scale = scaling->kind;
    if (d->folds < 2 || !d->fold_of)
        return error_set(err, ERR_USAGE, "cross-validation needs data loaded with --cv K");
    out->folds = d->folds;
    out->fold_metric = calloc((size_t)d->folds, sizeof *out->fold_metric);
    if (!out->fold_metric)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int f = 0; f < d->folds; f++) {
        Dataset train = { 0 }, test = { 0 };
        if (fold_parts(d, f, &train, &test, err) < 0) {
            cv_result_free(out);
            return -1;
        }
        RunResult r;
        int rc = run_once(algo, params, &train, &test, scale, d->prep, d->seed, trace, NULL, &r,
                          err);
        dataset_free(&train);
        dataset_free(&test);
        if (rc < 0) {
            char msg[sizeof err->msg];
            snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
            if (err)
                error_set(err, err->code, "fold %d: %s", f + 1, msg);
            cv_result_free(out);
            return -1;
        }
        out->fold_metric[f] = fold_score(algo, &r);
        if (f == 0)
            out->prep = r.prep;
        out->fit_seconds += r.fit_seconds;
        out->predict_seconds += r.predict_seconds;
        run_result_free(&r);
    }
    out->mean = stats_mean(out->fold_metric, out->folds);
    out->std = stats_std(out->fold_metric, out->folds);
    return 0;
}

void cv_result_free(CvResult *r)
{
    if (!r)
        return;
    free(r->fold_metric);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- compare */

/* Copies the caller's cancel flag into the trace as events arrive, so long
 * steps that poll trace_cancelled() stop too. */
typedef struct CancelLink {
    volatile int *cancel;
    Trace *trace;
} CancelLink;

static void mirror_cancel(const TraceEvent *ev, void *ctx)
{
    (void)ev;
    CancelLink *link = ctx;
    if (link->cancel && *link->cancel)
        __atomic_store_n(&link->trace->cancel_requested, 1, __ATOMIC_RELAXED);
}

/* Where a model's fit progress goes (issue 12): the caller's callback with
 * the model's place in the comparison. */
typedef struct FitProgress {
    CompareProgress fn;
    void *ctx;
    int index, n, fold, folds;
    const char *name;
} FitProgress;

static void forward_progress(double fraction, void *ctx)
{
    const FitProgress *p = ctx;
    if (p->fn)
        p->fn(p->ctx, p->index, p->n, p->fold, p->folds, p->name, fraction);
}

/* The start of a model's fit: the callback with 0 done. */
static void start_progress(FitProgress *p)
{
    forward_progress(0.0, p);
}

/* Per-fold metrics of one row, before they become means. */
typedef struct FoldScores {
    double *precision, *recall, *f1, *auc;
    double fit, predict;
} FoldScores;

/* dst = src, cut to fit. */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void row_fail(CompareRow *row, const Error *e)
{
    if (!row->error[0])
        copy_text(row->error, sizeof row->error, e->msg[0] ? e->msg : "failed");
    row->accuracy = row->precision = row->recall = row->f1 = row->auc = NAN;
    row->p_value = NAN;
}

static void init_row(CompareRow *row, const Algo *algo)
{
    memset(row, 0, sizeof *row);
    row->algo = algo;
    row->accuracy = row->precision = row->recall = row->f1 = row->auc = NAN;
    row->accuracy_std = row->precision_std = row->recall_std = row->f1_std = row->auc_std = NAN;
    row->p_value = NAN;
}

/* Scaling of algo for this comparison. */
static ScaleKind compare_scale(const Algo *algo, const char *override, const Dataset *train)
{
    EvalOptions o;
    eval_options_default(&o);
    o.scale = override;
    ScaleKind k = SCALE_NONE;
    eval_scale_for(algo, &o, train, &k, NULL);
    return k;
}

/* One run of algos[i] in the comparison; returns 0, or -1 only when the whole
 * comparison must stop (cancelled). */
static int compare_one(const Algo *algo, const Params *params, const Dataset *train,
                       const Dataset *test, const char *scale_override, const EvalData *d,
                       volatile int *cancel, FitProgress *fit, RunResult *r, Error *row_err)
{
    error_clear(row_err);
    if (algo->kind != ALGO_CLASSIFIER) {
        error_set(row_err, ERR_USAGE, "%s is not a classifier", algo->name);
        return 1;
    }
    Trace trace;
    trace_init(&trace);
    trace.detail_level = 0;
    trace.max_events = 256;
    CancelLink link = { cancel, &trace };
    trace.on_event = mirror_cancel;
    trace.ctx = &link;
    trace.on_progress = forward_progress;
    trace.progress_ctx = fit;
    ScaleKind scale = compare_scale(algo, scale_override, train);
    int rc = run_once(algo, params, train, test, scale, d->prep, d->seed, &trace, cancel, r,
                      row_err);
    trace_free(&trace);
    if (rc < 0 && (row_err->code == ERR_CANCELLED || (cancel && *cancel)))
        return -1;
    return rc < 0 ? 1 : 0;
}

static double mean_finite_or_nan(const double *v, int n, double *sd)
{
    for (int i = 0; i < n; i++)
        if (!isfinite(v[i])) {
            *sd = NAN;
            return NAN;
        }
    *sd = stats_std(v, n);
    return stats_mean(v, n);
}

static int compare_split(const Algo *const *algos, int n, const Params *const *params,
                         const EvalData *d, const char *scale_override, CompareProgress progress,
                         void *ctx, volatile int *cancel, CompareResult *out, Error *err)
{
    if (!d->test_has_target || !d->test.y)
        return error_set(err, ERR_DATA,
                         "compare needs a test part with class labels (the test file has no "
                         "target column)");
    int nt = d->test.X.rows, k = d->train.n_classes;
    out->test_rows = nt;
    out->y_true = malloc((size_t)(nt > 0 ? nt : 1) * sizeof *out->y_true);
    if (!out->y_true)
        return error_set(err, ERR_NOMEM, "out of memory");
    memcpy(out->y_true, d->test.y, (size_t)nt * sizeof *out->y_true);
    for (int i = 0; i < n; i++) {
        CompareRow *row = &out->rows[i];
        FitProgress fit = { progress, ctx, i, n, 0, 0, algos[i]->name };
        start_progress(&fit);
        if (cancel && *cancel)
            return error_set(err, ERR_CANCELLED, "comparison cancelled");
        RunResult r;
        Error row_err = { 0 };
        int rc = compare_one(algos[i], params ? params[i] : NULL, &d->train, &d->test,
                             scale_override, d, cancel, &fit, &r, &row_err);
        if (rc < 0)
            return error_set(err, ERR_CANCELLED, "comparison cancelled");
        if (rc > 0) {
            row_fail(row, &row_err);
            continue;
        }
        if (!out->prep.active)
            out->prep = r.prep; /* what the first run's preparation did */
        row->accuracy = r.cls.accuracy;
        row->precision = r.cls.precision_macro;
        row->recall = r.cls.recall_macro;
        row->f1 = r.cls.f1_macro;
        row->auc = r.auc;
        row->fit_seconds = r.fit_seconds;
        row->predict_seconds = r.predict_seconds;
        row->y_pred = r.y_pred;
        r.y_pred = NULL;
        row->confusion = r.cls.confusion;
        r.cls.confusion = NULL;
        run_result_free(&r);
        (void)k;
    }
    return 0;
}

/* Each row's per-fold arrays; -1 without memory. */
static int alloc_fold_scores(CompareResult *out, FoldScores *fs, int n, int folds, Error *err)
{
    for (int i = 0; i < n; i++) {
        out->rows[i].fold_accuracy = calloc((size_t)folds, sizeof(double));
        fs[i].precision = calloc((size_t)folds, sizeof(double));
        fs[i].recall = calloc((size_t)folds, sizeof(double));
        fs[i].f1 = calloc((size_t)folds, sizeof(double));
        fs[i].auc = calloc((size_t)folds, sizeof(double));
        if (!out->rows[i].fold_accuracy || !fs[i].precision || !fs[i].recall || !fs[i].f1 ||
            !fs[i].auc)
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    return 0;
}

/* One fold's run of a row: its scores, or its error (the row is then out). */
static void record_fold(CompareRow *row, FoldScores *fs, int f, int one, RunResult *r,
                        const Error *row_err)
{
    if (one > 0) {
        snprintf(row->error, sizeof row->error, "fold %d: ", f + 1);
        size_t used = strlen(row->error);
        copy_text(row->error + used, sizeof row->error - used, row_err->msg);
        return;
    }
    row->fold_accuracy[f] = r->cls.accuracy;
    fs->precision[f] = r->cls.precision_macro;
    fs->recall[f] = r->cls.recall_macro;
    fs->f1[f] = r->cls.f1_macro;
    fs->auc[f] = r->auc;
    fs->fit += r->fit_seconds;
    fs->predict += r->predict_seconds;
    run_result_free(r);
}

/* The means (and sample stds) over the folds of each row without an error. */
static void finish_fold_rows(CompareResult *out, const FoldScores *fs, int n, int folds)
{
    for (int i = 0; i < n; i++) {
        CompareRow *row = &out->rows[i];
        if (row->error[0])
            continue;
        row->accuracy = mean_finite_or_nan(row->fold_accuracy, folds, &row->accuracy_std);
        row->precision = mean_finite_or_nan(fs[i].precision, folds, &row->precision_std);
        row->recall = mean_finite_or_nan(fs[i].recall, folds, &row->recall_std);
        row->f1 = mean_finite_or_nan(fs[i].f1, folds, &row->f1_std);
        row->auc = mean_finite_or_nan(fs[i].auc, folds, &row->auc_std);
        row->fit_seconds = fs[i].fit / folds;
        row->predict_seconds = fs[i].predict / folds;
    }
}

static int compare_folds(const Algo *const *algos, int n, const Params *const *params,
                         const EvalData *d, const char *scale_override, CompareProgress progress,
                         void *ctx, volatile int *cancel, CompareResult *out, Error *err)
{
    int folds = d->folds;
    FoldScores *fs = calloc((size_t)n, sizeof *fs);
    if (!fs)
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = alloc_fold_scores(out, fs, n, folds, err);
    /* Folds outside, algorithms inside: each fold's parts are built once. */
    for (int f = 0; f < folds && rc == 0; f++) {
        Dataset train = { 0 }, test = { 0 };
        if (fold_parts(d, f, &train, &test, err) < 0) {
            rc = -1;
            break;
        }
        for (int i = 0; i < n && rc == 0; i++) {
            CompareRow *row = &out->rows[i];
            if (row->error[0])
                continue;
            FitProgress fit = { progress, ctx, i, n, f, folds, algos[i]->name };
            start_progress(&fit);
            if (cancel && *cancel) {
                rc = error_set(err, ERR_CANCELLED, "comparison cancelled");
                break;
            }
            RunResult r;
            Error row_err = { 0 };
            int one = compare_one(algos[i], params ? params[i] : NULL, &train, &test,
                                  scale_override, d, cancel, &fit, &r, &row_err);
            if (one < 0) {
                rc = error_set(err, ERR_CANCELLED, "comparison cancelled");
                break;
            }
            if (one == 0 && !out->prep.active)
                out->prep = r.prep;
            record_fold(row, &fs[i], f, one, &r, &row_err);
        }
        dataset_free(&train);
        dataset_free(&test);
    }
    if (rc == 0)
        finish_fold_rows(out, fs, n, folds);
    for (int i = 0; i < n; i++) {
        free(fs[i].precision);
        free(fs[i].recall);
        free(fs[i].f1);
        free(fs[i].auc);
    }
    free(fs);
    return rc;
}

int eval_compare(const Algo *const *algos, int n, const Params *const *params,
                 const EvalData *d, const char *scale_override, CompareProgress progress,
                 void *ctx, volatile int *cancel, CompareResult *out, Error *err)
{
    memset(out, 0, sizeof *out);
    out->best = -1;
    if (n <= 0)
        return error_set(err, ERR_USAGE, "no classifiers to compare");
    if (scale_override) {
        ScaleKind k;
        if (scale_kind_parse(scale_override, &k) < 0)
            return error_set(err, ERR_USAGE,
                             "unknown scaling '%s' (use none, standard or minmax)",
                             scale_override);
    }
    const Dataset *ref = d->folds > 0 ? &d->all : &d->train;
    out->n_rows = n;
    out->folds = d->folds;
    out->n_classes = ref->n_classes;
    out->class_names = ref->class_names;
    out->rows = calloc((size_t)n, sizeof *out->rows);
    if (!out->rows)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < n; i++)
        init_row(&out->rows[i], algos[i]);
    int rc = d->folds > 0
                 ? compare_folds(algos, n, params, d, scale_override, progress, ctx, cancel, out,
                                 err)
                 : compare_split(algos, n, params, d, scale_override, progress, ctx, cancel, out,
                                 err);
    if (rc < 0) {
        compare_result_free(out);
        return -1;
    }
    /* The best row, then each other row's test against it. */
    for (int i = 0; i < n; i++) {
        const CompareRow *row = &out->rows[i];
        if (!row->error[0] && isfinite(row->accuracy) &&
            (out->best < 0 || row->accuracy > out->rows[out->best].accuracy))
            out->best = i;
    }
    if (out->best < 0)
        return 0;
    const CompareRow *best = &out->rows[out->best];
    for (int i = 0; i < n; i++) {
        CompareRow *row = &out->rows[i];
        if (i == out->best || row->error[0])
            continue;
        if (out->folds > 0)
            row->p_value = stats_paired_t_p(best->fold_accuracy, row->fold_accuracy, out->folds);
        else
            row->p_value =
                stats_mcnemar(out->y_true, best->y_pred, row->y_pred, out->test_rows).p_value;
        row->significant = isfinite(row->p_value) && row->p_value < 0.05;
    }
    return 0;
}

void compare_result_free(CompareResult *r)
{
    if (!r)
        return;
    for (int i = 0; r->rows && i < r->n_rows; i++) {
        free(r->rows[i].fold_accuracy);
        free(r->rows[i].y_pred);
        free(r->rows[i].confusion);
    }
    free(r->rows);
    free(r->y_true);
    memset(r, 0, sizeof *r);
    r->best = -1;
}
