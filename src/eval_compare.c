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

/* The rows of d->all outside fold f (tr, a of them) and inside (te, b). */
static int fold_rows(const EvalData *d, int f, int **tr, int *a, int **te, int *b, Error *err)
{
    int n = d->all.X.rows, n_test = 0;
    for (int i = 0; i < n; i++)
        n_test += d->fold_of[i] == f;
    *tr = malloc((size_t)(n > 0 ? n : 1) * sizeof **tr);
    *te = malloc((size_t)(n_test > 0 ? n_test : 1) * sizeof **te);
    if (!*tr || !*te) {
        free(*tr);
        free(*te);
        *tr = *te = NULL;
        return error_set(err, ERR_NOMEM, "out of memory for fold %d", f + 1);
    }
    *a = *b = 0;
    for (int i = 0; i < n; i++) {
        if (d->fold_of[i] == f)
            (*te)[(*b)++] = i;
        else
            (*tr)[(*a)++] = i;
    }
    return 0;
}

/* The parts of fold f of d: its test fold, and the other rows for training
 * (with --val-size, less the validation part they give up, into val; else
 * val stays empty). */
static int fold_parts(const EvalData *d, int f, Dataset *train, Dataset *val, Dataset *test,
                      Error *err)
{
    int *tr = NULL, *te = NULL, a = 0, b = 0;
    if (fold_rows(d, f, &tr, &a, &te, &b, err) < 0)
        return -1;
    int *va = NULL, n_val = 0, rc = 0;
    if (d->val_size > 0) {
        int *fit_rows = NULL;
        rc = eval_fold_val(d, f, tr, a, &fit_rows, &a, &va, &n_val, err);
        free(tr);
        tr = fit_rows;
    }
    if (rc == 0)
        rc = dataset_subset(&d->all, tr, a, train, err);
    if (rc == 0 && n_val > 0)
        rc = dataset_subset(&d->all, va, n_val, val, err);
    if (rc == 0)
        rc = dataset_subset(&d->all, te, b, test, err);
    if (rc == 0 && n_val > 0 && d->stratified)
        rc = eval_val_check(train, val, d->val_size, err);
    if (rc < 0) {
        dataset_free(train);
        dataset_free(val);
        dataset_free(test);
    }
    free(tr);
    free(va);
    free(te);
    return rc;
}

static void free_parts(Dataset *train, Dataset *val, Dataset *test)
{
    dataset_free(train);
    dataset_free(val);
    dataset_free(test);
}

/* One model fitted on train and evaluated on test (and val). */
typedef struct OneRun {
    const Algo *algo;
    const Params *params;
    const Dataset *train, *test;
    const Dataset *val;       /* the validation part, or NULL (or empty: none) */
    ScaleKind scale;
    const PrepSpec *prep;     /* the session fits it on train; may be NULL */
    uint64_t seed;
    Trace *trace;
    volatile int *cancel;
    bool threshold_auto;
} OneRun;

static bool has_rows(const Dataset *ds)
{
    return ds && ds->X.rows > 0;
}

/* Step the session to the end (or the cancel flag). */
static int fit_session(Session *s, volatile int *cancel, Error *err)
{
    for (;;) {
        if (cancel && *cancel)
            return error_set(err, ERR_CANCELLED, "cancelled");
        StepStatus st = session_step(s, err);
        if (st == STEP_ERROR)
            return -1;
        if (st == STEP_DONE)
            return 0;
    }
}

/* Fit one->algo and evaluate it on the test part into r and, when one->val
 * has rows, on the validation part into v (the session validates a network
 * on it and chooses threshold=auto on it).  v is left empty (test_rows 0)
 * without a validation part. */
static int run_once(const OneRun *one, RunResult *r, RunResult *v, Error *err)
{
    SessionSpec spec = {
        .algo = one->algo,
        .params = one->params,
        .train = one->train,
        .test = one->test,
        .test_has_target = true,
        .scaling = { .kind = one->scale, .source = SCALING_FITTED },
        .seed = one->seed,
        .trace = one->trace,
        .prep = one->prep,
        .val = has_rows(one->val) ? one->val : NULL,
        .threshold_auto = one->threshold_auto,
    };
    if (v)
        memset(v, 0, sizeof *v);
    Session s;
    if (session_open_spec(&s, &spec, err) < 0)
        return -1;
    int rc = fit_session(&s, one->cancel, err);
    if (rc == 0 && v && s.val)
        rc = session_evaluate_val(&s, v, err);
    if (rc == 0 && (rc = session_evaluate(&s, r, err)) < 0 && v)
        run_result_free(v);
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

/* err's message as "fold F: message". */
static int fold_error(Error *err, int f)
{
    if (!err)
        return -1;
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    return error_set(err, err->code, "fold %d: %s", f + 1, msg);
}

/* Fold f of eval_cross_validate: its scores into out. */
static int cv_fold(const OneRun *base, const EvalData *d, int f, CvResult *out, Error *err)
{
    Dataset train = { 0 }, val = { 0 }, test = { 0 };
    if (fold_parts(d, f, &train, &val, &test, err) < 0)
        return -1;
    OneRun one = *base;
    one.train = &train;
    one.test = &test;
    one.val = &val;
    RunResult r, v;
    int rc = run_once(&one, &r, &v, err);
    free_parts(&train, &val, &test);
    if (rc < 0)
        return fold_error(err, f);
    out->fold_metric[f] = fold_score(base->algo, &r);
    if (out->val_fold_metric)
        out->val_fold_metric[f] = fold_score(base->algo, &v);
    if (f == 0) {
        out->prep = r.prep;
        out->val_rows = v.test_rows;
        out->threshold_part = r.threshold_part;
    }
    out->fit_seconds += r.fit_seconds;
    out->predict_seconds += r.predict_seconds;
    run_result_free(&r);
    run_result_free(&v);
    return 0;
}

int eval_cross_validate(const Algo *algo, const Params *params, const EvalData *d,
                        const SessionScaling *scaling, Trace *trace, CvResult *out,
                        Error *err)
{
    memset(out, 0, sizeof *out);
    out->scaling = *scaling;
    out->scaling.source = SCALING_FITTED;
    if (d->folds < 2 || !d->fold_of)
        return error_set(err, ERR_USAGE, "cross-validation needs data loaded with --cv K");
    out->folds = d->folds;
    out->val_size = d->val_size;
    out->fold_metric = calloc((size_t)d->folds, sizeof *out->fold_metric);
    if (d->val_size > 0)
        out->val_fold_metric = calloc((size_t)d->folds, sizeof *out->val_fold_metric);
    if (!out->fold_metric || (d->val_size > 0 && !out->val_fold_metric)) {
        cv_result_free(out);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    OneRun base = { .algo = algo, .params = params, .scale = scaling->kind, .prep = d->prep,
                    .seed = d->seed, .trace = trace,
                    .threshold_auto = d->threshold_auto && d->threshold_auto[0] };
    for (int f = 0; f < d->folds; f++)
        if (cv_fold(&base, d, f, out, err) < 0) {
            cv_result_free(out);
            return -1;
        }
    out->mean = stats_mean(out->fold_metric, out->folds);
    out->std = stats_std(out->fold_metric, out->folds);
    if (out->val_fold_metric) {
        out->val_mean = stats_mean(out->val_fold_metric, out->folds);
        out->val_std = stats_std(out->val_fold_metric, out->folds);
    }
    return 0;
}

void cv_result_free(CvResult *r)
{
    if (!r)
        return;
    free(r->fold_metric);
    free(r->val_fold_metric);
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

/* Per-fold metrics of one row, before they become means: test[m] and
 * val[m] hold metric m (accuracy, precision, recall, F1, AUC) of each fold;
 * test[0] is the row's fold_accuracy. */
#define N_SCORES 5
typedef struct FoldScores {
    double *test[N_SCORES], *val[N_SCORES];
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

static const CompareScores NO_SCORES = { NAN, NAN, NAN, NAN, NAN };

static void row_fail(CompareRow *row, const Error *e)
{
    if (!row->error[0])
        copy_text(row->error, sizeof row->error, e->msg[0] ? e->msg : "failed");
    row->accuracy = row->precision = row->recall = row->f1 = row->auc = NAN;
    row->val = row->val_std = NO_SCORES;
    row->p_value = NAN;
}

static void init_row(CompareRow *row, const Algo *algo)
{
    memset(row, 0, sizeof *row);
    row->algo = algo;
    row->accuracy = row->precision = row->recall = row->f1 = row->auc = NAN;
    row->accuracy_std = row->precision_std = row->recall_std = row->f1_std = row->auc_std = NAN;
    row->val = row->val_std = NO_SCORES;
    row->p_value = row->threshold = NAN;
}

/* A classifier's scores on the part r evaluated. */
static CompareScores scores_of(const RunResult *r)
{
    CompareScores c = { r->cls.accuracy, r->cls.precision_macro, r->cls.recall_macro,
                        r->cls.f1_macro, r->auc };
    return c;
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

/* One run of the comparison (algorithm i on the given parts).  The runs
 * differ only in the algorithm and its parameters. */
typedef struct CompareRun {
    int i;
    const Algo *algo;
    const Params *params;
    const Dataset *train, *val, *test;
} CompareRun;

/* One run in the comparison: its test scores into r, its validation scores
 * into v; returns 0, 1 when the run failed (row_err says why), or -1 only
 * when the whole comparison must stop (cancelled). */
static int compare_one(const CompareRun *cr, const char *scale_override, const EvalData *d,
                       volatile int *cancel, FitProgress *fit, RunResult *r, RunResult *v,
                       Error *row_err)
{
    error_clear(row_err);
    if (cr->algo->kind != ALGO_CLASSIFIER) {
        error_set(row_err, ERR_USAGE, "%s is not a classifier", cr->algo->name);
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
    OneRun one = {
        .algo = cr->algo, .params = cr->params,
        .train = cr->train, .test = cr->test, .val = cr->val,
        .scale = compare_scale(cr->algo, scale_override, cr->train),
        .prep = d->prep, .seed = d->seed, .trace = &trace, .cancel = cancel,
        .threshold_auto = d->threshold_auto && d->threshold_auto[cr->i],
    };
    int rc = run_once(&one, r, v, row_err);
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

/* The test and validation results of one split's run into its row. */
static void record_split(CompareRow *row, RunResult *r, RunResult *v)
{
    CompareScores t = scores_of(r);
    row->accuracy = t.accuracy;
    row->precision = t.precision;
    row->recall = t.recall;
    row->f1 = t.f1;
    row->auc = t.auc;
    if (v->test_rows > 0)
        row->val = scores_of(v);
    row->threshold = r->threshold;
    row->threshold_part = r->threshold_part;
    row->fit_seconds = r->fit_seconds;
    row->predict_seconds = r->predict_seconds;
    row->y_pred = r->y_pred;
    r->y_pred = NULL;
    row->confusion = r->cls.confusion;
    r->cls.confusion = NULL;
    run_result_free(r);
    run_result_free(v);
}

/* One split's shared facts: the test part's classes (for McNemar) and the
 * validation part's size. */
static int split_truth(const EvalData *d, CompareResult *out, Error *err)
{
    int nt = d->test.X.rows;
    out->test_rows = nt;
    out->val_rows = d->val.X.rows;
    out->val_size = out->val_rows > 0 ? d->val_size : 0;
    out->y_true = malloc((size_t)(nt > 0 ? nt : 1) * sizeof *out->y_true);
    if (!out->y_true)
        return error_set(err, ERR_NOMEM, "out of memory");
    memcpy(out->y_true, d->test.y, (size_t)nt * sizeof *out->y_true);
    return 0;
}

static int compare_split(const Algo *const *algos, int n, const Params *const *params,
                         const EvalData *d, const char *scale_override, CompareProgress progress,
                         void *ctx, volatile int *cancel, CompareResult *out, Error *err)
{
    if (!d->test_has_target || !d->test.y)
        return error_set(err, ERR_DATA,
                         "compare needs a test part with class labels (the test file has no "
                         "target column)");
    if (split_truth(d, out, err) < 0)
        return -1;
    for (int i = 0; i < n; i++) {
        FitProgress fit = { progress, ctx, i, n, 0, 0, algos[i]->name };
        start_progress(&fit);
        if (cancel && *cancel)
            return error_set(err, ERR_CANCELLED, "comparison cancelled");
        /* every model: the same training, validation and test parts */
        CompareRun cr = { i, algos[i], params ? params[i] : NULL, &d->train, &d->val, &d->test };
        RunResult r, v;
        Error row_err = { 0 };
        int rc = compare_one(&cr, scale_override, d, cancel, &fit, &r, &v, &row_err);
        if (rc < 0)
            return error_set(err, ERR_CANCELLED, "comparison cancelled");
        if (rc > 0) {
            row_fail(&out->rows[i], &row_err);
            continue;
        }
        if (!out->prep.active)
            out->prep = r.prep; /* what the first run's preparation did */
        record_split(&out->rows[i], &r, &v);
    }
    return 0;
}

/* Each row's per-fold arrays; -1 without memory. */
static int alloc_fold_scores(CompareResult *out, FoldScores *fs, int n, int folds, Error *err)
{
    for (int i = 0; i < n; i++) {
        out->rows[i].fold_accuracy = calloc((size_t)folds, sizeof(double));
        fs[i].test[0] = out->rows[i].fold_accuracy;
        bool ok = fs[i].test[0] != NULL;
        for (int m = 0; m < N_SCORES; m++) {
            if (m > 0)
                ok &= (fs[i].test[m] = calloc((size_t)folds, sizeof(double))) != NULL;
            ok &= (fs[i].val[m] = calloc((size_t)folds, sizeof(double))) != NULL;
        }
        if (!ok)
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    return 0;
}

static void free_fold_scores(FoldScores *fs, int n)
{
    for (int i = 0; fs && i < n; i++)
        for (int m = 0; m < N_SCORES; m++) {
            if (m > 0) /* test[0] is the row's fold_accuracy */
                free(fs[i].test[m]);
            free(fs[i].val[m]);
        }
    free(fs);
}

/* s's five scores as an array. */
static void scores_array(const CompareScores *s, double *a)
{
    a[0] = s->accuracy, a[1] = s->precision, a[2] = s->recall, a[3] = s->f1, a[4] = s->auc;
}

/* One fold's run of a row: its scores, or its error (the row is then out). */
static void record_fold(CompareRow *row, FoldScores *fs, int f, int one, RunResult *r,
                        RunResult *v, const Error *row_err)
{
    if (one > 0) {
        snprintf(row->error, sizeof row->error, "fold %d: ", f + 1);
        size_t used = strlen(row->error);
        copy_text(row->error + used, sizeof row->error - used, row_err->msg);
        return;
    }
    CompareScores t = scores_of(r), vs = v->test_rows > 0 ? scores_of(v) : NO_SCORES;
    double a[N_SCORES], b[N_SCORES];
    scores_array(&t, a);
    scores_array(&vs, b);
    for (int m = 0; m < N_SCORES; m++) {
        fs->test[m][f] = a[m];
        fs->val[m][f] = b[m];
    }
    fs->fit += r->fit_seconds;
    fs->predict += r->predict_seconds;
    run_result_free(r);
    run_result_free(v);
}

/* The means and sample stds over the folds of metric arrays m. */
static void fold_means(double *const *m, int folds, CompareScores *mean, CompareScores *sd)
{
    mean->accuracy = mean_finite_or_nan(m[0], folds, &sd->accuracy);
    mean->precision = mean_finite_or_nan(m[1], folds, &sd->precision);
    mean->recall = mean_finite_or_nan(m[2], folds, &sd->recall);
    mean->f1 = mean_finite_or_nan(m[3], folds, &sd->f1);
    mean->auc = mean_finite_or_nan(m[4], folds, &sd->auc);
}

/* The means (and sample stds) over the folds of each row without an error. */
static void finish_fold_rows(CompareResult *out, const FoldScores *fs, int n, int folds)
{
    for (int i = 0; i < n; i++) {
        CompareRow *row = &out->rows[i];
        if (row->error[0])
            continue;
        CompareScores t, sd;
        fold_means(fs[i].test, folds, &t, &sd);
        row->accuracy = t.accuracy, row->accuracy_std = sd.accuracy;
        row->precision = t.precision, row->precision_std = sd.precision;
        row->recall = t.recall, row->recall_std = sd.recall;
        row->f1 = t.f1, row->f1_std = sd.f1;
        row->auc = t.auc, row->auc_std = sd.auc;
        if (out->val_rows > 0)
            fold_means(fs[i].val, folds, &row->val, &row->val_std);
        row->fit_seconds = fs[i].fit / folds;
        row->predict_seconds = fs[i].predict / folds;
    }
}

/* Fold f: every row that has not failed, on the fold's parts. */
static int compare_fold(const Algo *const *algos, int n, const Params *const *params,
                        const EvalData *d, const char *scale_override, CompareProgress progress,
                        void *ctx, volatile int *cancel, CompareResult *out, FoldScores *fs,
                        int f, Error *err)
{
    Dataset train = { 0 }, val = { 0 }, test = { 0 };
    if (fold_parts(d, f, &train, &val, &test, err) < 0)
        return -1;
    if (f == 0)
        out->val_rows = val.X.rows;
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        CompareRow *row = &out->rows[i];
        if (row->error[0])
            continue;
        FitProgress fit = { progress, ctx, i, n, f, d->folds, algos[i]->name };
        start_progress(&fit);
        if (cancel && *cancel) {
            rc = error_set(err, ERR_CANCELLED, "comparison cancelled");
            break;
        }
        CompareRun cr = { i, algos[i], params ? params[i] : NULL, &train, &val, &test };
        RunResult r, v;
        Error row_err = { 0 };
        int one = compare_one(&cr, scale_override, d, cancel, &fit, &r, &v, &row_err);
        if (one < 0) {
            rc = error_set(err, ERR_CANCELLED, "comparison cancelled");
            break;
        }
        if (one == 0 && !out->prep.active)
            out->prep = r.prep;
        record_fold(row, &fs[i], f, one, &r, &v, &row_err);
    }
    free_parts(&train, &val, &test);
    return rc;
}

static int compare_folds(const Algo *const *algos, int n, const Params *const *params,
                         const EvalData *d, const char *scale_override, CompareProgress progress,
                         void *ctx, volatile int *cancel, CompareResult *out, Error *err)
{
    int folds = d->folds;
    FoldScores *fs = calloc((size_t)n, sizeof *fs);
    if (!fs)
        return error_set(err, ERR_NOMEM, "out of memory");
    out->val_size = d->val_size;
    int rc = alloc_fold_scores(out, fs, n, folds, err);
    /* Folds outside, algorithms inside: each fold's parts are built once. */
    for (int f = 0; f < folds && rc == 0; f++)
        rc = compare_fold(algos, n, params, d, scale_override, progress, ctx, cancel, out, fs, f,
                          err);
    if (rc == 0)
        finish_fold_rows(out, fs, n, folds);
    free_fold_scores(fs, n);
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
