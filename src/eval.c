/* eval.c - running algorithms on data, shared by the CLI and the TUI
 * (see eval.h).
 *
 * eval_load reads the data once and divides it (stratified for class
 * targets, seeded); a Session scales copies of the parts with a scaler fitted
 * on the training part only, creates the model and steps it; session_evaluate
 * predicts the test part and scores it.  eval_cross_validate and
 * eval_compare build on the same pieces.  Nothing here prints. */
#include "eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "timer.h"

/* A numeric target with more distinct values than this is taken for a
 * regression target when a classifier asks for classes. */
#define MAX_NUMERIC_CLASSES 100

void eval_options_default(EvalOptions *o)
{
    memset(o, 0, sizeof *o);
    o->test_size = 0.2;
    o->seed = 42;
}

static const char *default_dataset(AlgoKind kind)
{
    switch (kind) {
    case ALGO_REGRESSOR: return "diabetes";
    case ALGO_CLUSTERER: return "blobs";
    default: return "breast_cancer";
    }
}

static const char *label_of(const Dataset *ds)
{
    return ds->name ? ds->name : "dataset";
}

/* ---------------------------------------------------------------- targets */

/* Can a classifier use the target of ds?  -1 with an ERR_DATA error if not. */
static int check_class_target(const Dataset *ds, const DatasetInfo *info, Error *err)
{
    const char *target = ds->target_name ? ds->target_name : "target";
    if (ds->has_target && !ds->y && ds->target)
        return error_set(err, ERR_DATA,
                         "%s: the target '%s' is numeric (a regression target); a classifier "
                         "needs class labels",
                         label_of(ds), target);
    if (!ds->has_target || !ds->y)
        return error_set(err, ERR_DATA, "%s: there is no target column with class labels",
                         label_of(ds));
    if (info && info->task == DS_REGRESSION)
        return error_set(err, ERR_DATA,
                         "%s is a regression set (numeric target '%s'); a classifier needs "
                         "class labels",
                         label_of(ds), target);
    if (ds->target) {
        for (int i = 0; i < ds->X.rows; i++)
            if (ds->target[i] != floorf(ds->target[i]))
                return error_set(err, ERR_DATA,
                                 "%s: the target '%s' holds non-integer numbers such as %g (a "
                                 "regression target); a classifier needs class labels",
                                 label_of(ds), target, (double)ds->target[i]);
        if (ds->n_classes > MAX_NUMERIC_CLASSES)
            return error_set(err, ERR_DATA,
                             "%s: the target '%s' has %d distinct numbers (a regression "
                             "target?); a classifier needs at most %d classes",
                             label_of(ds), target, ds->n_classes, MAX_NUMERIC_CLASSES);
    }
    return 0;
}

static int check_numeric_target(const Dataset *ds, Error *err)
{
    if (!ds->has_target)
        return error_set(err, ERR_DATA, "%s: there is no target column", label_of(ds));
    if (!ds->target)
        return error_set(err, ERR_DATA,
                         "%s: the target '%s' holds text labels; a regressor needs numbers",
                         label_of(ds), ds->target_name ? ds->target_name : "target");
    return 0;
}

/* A classifier needs two classes in its training part. */
static int check_two_classes(const Dataset *train, Error *err)
{
    int k = train->n_classes;
    if (k < 1 || !train->y)
        return 0;
    int *counts = calloc((size_t)k, sizeof *counts);
    if (!counts)
        return error_set(err, ERR_NOMEM, "out of memory counting classes");
    dataset_class_counts(train, counts);
    int present = 0, which = 0;
    for (int c = 0; c < k; c++)
        if (counts[c] > 0) {
            present++;
            which = c;
        }
    free(counts);
    if (present < 2)
        return error_set(err, ERR_DATA,
                         "%s: the training part holds a single class ('%s'); a classifier "
                         "needs at least two",
                         label_of(train),
                         train->class_names && train->class_names[which]
                             ? train->class_names[which] : "?");
    return 0;
}

/* The target of ds is fit for an algorithm of this kind. */
static int check_target(const Dataset *ds, const DatasetInfo *info, AlgoKind kind, Error *err)
{
    switch (kind) {
    case ALGO_CLASSIFIER: return check_class_target(ds, info, err);
    case ALGO_REGRESSOR: return check_numeric_target(ds, err);
    default: return 0;
    }
}

/* ---------------------------------------------------------------- files */

static void free_strings(char **v, int n)
{
    if (!v)
        return;
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* The test file must have the training file's feature columns, in order. */
static int check_test_features(const Dataset *train, const Dataset *test, const char *test_path,
                               Error *err)
{
    int d = train->X.cols;
    if (test->X.cols != d)
        return error_set(err, ERR_DATA,
                         "%s: %d feature column%s, but the training file has %d (the test file "
                         "needs the same feature columns%s)",
                         test_path, test->X.cols, test->X.cols == 1 ? "" : "s", d,
                         test->has_target ? "" : "; is its target column missing or misnamed?");
    for (int j = 0; j < d; j++) {
        const char *a = train->feature_names ? train->feature_names[j] : NULL;
        const char *b = test->feature_names ? test->feature_names[j] : NULL;
        if (a && b && strcmp(a, b) != 0)
            return error_set(err, ERR_DATA,
                             "%s: feature column %d is '%s' but the training file has '%s' "
                             "there",
                             test_path, j + 1, b, a);
    }
    return 0;
}

/* Give the test part the training part's class indices and names. */
static int adopt_train_classes(const Dataset *train, Dataset *test, const char *test_path,
                               bool strict, Error *err)
{
    if (!test->y)
        return 0;
    if (!train->y) {
        free(test->y);
        test->y = NULL;
        return 0;
    }
    int *map = malloc((size_t)(test->n_classes > 0 ? test->n_classes : 1) * sizeof *map);
    if (!map)
        return error_set(err, ERR_NOMEM, "out of memory mapping classes");
    for (int c = 0; c < test->n_classes; c++) {
        map[c] = -1;
        for (int t = 0; t < train->n_classes; t++)
            if (strcmp(test->class_names[c], train->class_names[t]) == 0)
                map[c] = t;
        if (map[c] < 0 && strict) {
            error_set(err, ERR_DATA,
                      "%s: class '%s' does not appear in the training file's target",
                      test_path, test->class_names[c]);
            free(map);
            return -1;
        }
        if (map[c] < 0) { /* a clusterer: drop the labels it cannot score */
            free(map);
            free(test->y);
            test->y = NULL;
            return 0;
        }
    }
    char **names = calloc((size_t)(train->n_classes > 0 ? train->n_classes : 1), sizeof *names);
    if (!names) {
        free(map);
        return error_set(err, ERR_NOMEM, "out of memory mapping classes");
    }
    for (int t = 0; t < train->n_classes; t++)
        if (!(names[t] = strdup(train->class_names[t]))) {
            free_strings(names, t);
            free(map);
            return error_set(err, ERR_NOMEM, "out of memory mapping classes");
        }
    for (int i = 0; i < test->X.rows; i++)
        test->y[i] = map[test->y[i]];
    free(map);
    free_strings(test->class_names, test->n_classes);
    test->class_names = names;
    test->n_classes = train->n_classes;
    return 0;
}

static int load_files(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    if (!o->train_file || !o->test_file)
        return error_set(err, ERR_USAGE, "--train and --test go together");
    if (o->cv)
        return error_set(err, ERR_USAGE, "--cv cannot be combined with --train/--test");
    if (dataset_load_csv(&d->train, o->train_file, o->target, true, err) < 0)
        return -1;
    if (check_target(&d->train, NULL, kind, err) < 0)
        return -1;
    const char *target = o->target ? o->target : d->train.target_name;
    if (dataset_load_csv(&d->test, o->test_file, target, false, err) < 0)
        return -1;
    if (check_test_features(&d->train, &d->test, o->test_file, err) < 0)
        return -1;
    d->test_has_target = d->test.has_target;
    if (d->test.has_target) {
        if (kind == ALGO_REGRESSOR && !d->test.target)
            return error_set(err, ERR_DATA, "%s: the target '%s' holds text labels",
                             o->test_file, target ? target : "");
        if (kind != ALGO_REGRESSOR &&
            adopt_train_classes(&d->train, &d->test, o->test_file, kind == ALGO_CLASSIFIER,
                                err) < 0)
            return -1;
    }
    d->from_files = true;
    d->name = strdup(label_of(&d->train));
    return d->name ? 0 : error_set(err, ERR_NOMEM, "out of memory");
}

/* ---------------------------------------------------------------- splits */

/* rows [0, split_at) train, the rest test, without two full copies: copy the
 * test rows out, then forget them in the full set (the training part). */
static int split_standard(EvalData *d, Dataset *full, Error *err)
{
    int n = full->X.rows, at = full->split_at;
    int count = n - at;
    int *rows = malloc((size_t)(count > 0 ? count : 1) * sizeof *rows);
    if (!rows)
        return error_set(err, ERR_NOMEM, "out of memory splitting %s", label_of(full));
    for (int i = 0; i < count; i++)
        rows[i] = at + i;
    int rc = dataset_subset(full, rows, count, &d->test, err);
    free(rows);
    if (rc < 0)
        return -1;
    /* The full set becomes the training part: its first `at` rows. */
    d->train = *full;
    memset(full, 0, sizeof *full);
    d->train.X.rows = at;
    d->train.split_at = 0;
    d->standard_split = true;
    return 0;
}

static int split_random_parts(EvalData *d, Dataset *full, const EvalOptions *o, bool stratify,
                              Rng *rng, Error *err)
{
    Split s = { 0 };
    int n = full->X.rows;
    if (n < 2)
        return error_set(err, ERR_DATA, "%s: %d row%s cannot be split into a training and a "
                                        "test part",
                         label_of(full), n, n == 1 ? "" : "s");
    int rc = stratify ? split_stratified(full->y, n, full->n_classes, o->test_size, rng, &s, err)
                      : split_random(n, o->test_size, rng, &s, err);
    if (rc < 0)
        return -1;
    rc = dataset_subset(full, s.train, s.n_train, &d->train, err);
    if (rc == 0)
        rc = dataset_subset(full, s.test, s.n_test, &d->test, err);
    split_free(&s);
    if (rc < 0)
        return -1;
    d->stratified = stratify;
    d->test_size = o->test_size;
    dataset_free(full);
    return 0;
}

static int make_folds(EvalData *d, Dataset *full, const EvalOptions *o, bool stratify, Rng *rng,
                      Error *err)
{
    int n = full->X.rows;
    if (o->cv > n)
        return error_set(err, ERR_USAGE, "--cv %d asks for more folds than the %d rows of %s",
                         o->cv, n, label_of(full));
    d->fold_of = malloc((size_t)(n > 0 ? n : 1) * sizeof *d->fold_of);
    if (!d->fold_of)
        return error_set(err, ERR_NOMEM, "out of memory for folds");
    if (kfold_assign(stratify ? full->y : NULL, n, full->n_classes, o->cv, rng, d->fold_of,
                     err) < 0)
        return -1;
    d->all = *full;
    memset(full, 0, sizeof *full);
    d->all.split_at = 0;
    d->folds = o->cv;
    d->stratified = stratify;
    d->test_has_target = true;
    return 0;
}

int eval_load(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    memset(d, 0, sizeof *d);
    d->seed = o->seed;
    if (kind == ALGO_OPERATION)
        return error_set(err, ERR_USAGE, "an operation has no data to train on");
    if (!(o->test_size > 0 && o->test_size < 1))
        return error_set(err, ERR_USAGE, "--test-size %g is outside (0, 1)", o->test_size);
    if (o->cv == 1 || o->cv < 0)
        return error_set(err, ERR_USAGE, "--cv %d: cross-validation needs at least 2 folds",
                         o->cv);
    if (o->train_file || o->test_file) {
        d->task = kind == ALGO_REGRESSOR ? DS_REGRESSION : DS_CLASSIFICATION;
        if (load_files(d, o, kind, err) < 0) {
            eval_data_free(d);
            return -1;
        }
        if (kind == ALGO_CLASSIFIER && check_two_classes(&d->train, err) < 0) {
            eval_data_free(d);
            return -1;
        }
        if (kind == ALGO_CLUSTERER && !d->train.y)
            d->task = DS_REGRESSION;
        return 0;
    }

    const char *name = o->dataset ? o->dataset : default_dataset(kind);
    Rng rng;
    rng_seed(&rng, o->seed);
    Dataset full = { 0 };
    if (dataset_load(&full, name, o->target, &rng, err) < 0)
        return -1;
    const DatasetInfo *info = dataset_info(name);
    if (check_target(&full, info, kind, err) < 0) {
        dataset_free(&full);
        return -1;
    }
    bool classes = full.y != NULL && kind != ALGO_REGRESSOR;
    d->task = classes ? DS_CLASSIFICATION : DS_REGRESSION;
    d->name = strdup(full.name ? full.name : name);
    int rc;
    if (!d->name)
        rc = error_set(err, ERR_NOMEM, "out of memory");
    else if (o->cv >= 2)
        rc = make_folds(d, &full, o, classes, &rng, err);
    else if (full.split_at > 0 && full.split_at < full.X.rows)
        rc = split_standard(d, &full, err);
    else
        rc = split_random_parts(d, &full, o, classes, &rng, err);
    if (rc == 0 && o->cv < 2)
        d->test_has_target = d->test.has_target;
    if (rc == 0 && kind == ALGO_CLASSIFIER)
        rc = check_two_classes(o->cv >= 2 ? &d->all : &d->train, err);
    dataset_free(&full);
    if (rc < 0) {
        eval_data_free(d);
        return -1;
    }
    return 0;
}

void eval_data_free(EvalData *d)
{
    if (!d)
        return;
    free(d->name);
    dataset_free(&d->train);
    dataset_free(&d->test);
    dataset_free(&d->all);
    free(d->fold_of);
    memset(d, 0, sizeof *d);
}

int eval_scale_for(const Algo *algo, const EvalOptions *o, const Dataset *train, ScaleKind *out,
                   Error *err)
{
    if (o && o->scale) {
        if (scale_kind_parse(o->scale, out) < 0)
            return error_set(err, ERR_USAGE,
                             "unknown scaling '%s' (use none, standard or minmax)", o->scale);
        return 0;
    }
    if (train && train->image_w > 0)
        *out = SCALE_NONE;
    else
        *out = algo->default_scale;
    return 0;
}

int eval_scale_in_place(EvalData *d, ScaleKind kind, Error *err)
{
    if (kind == SCALE_NONE)
        return 0;
    if (d->folds > 0)
        return error_set(err, ERR_INTERNAL, "eval_scale_in_place: not for k-fold data");
    Scaler sc = { 0 };
    if (scaler_fit(&sc, kind, &d->train.X, err) < 0)
        return -1;
    scaler_transform(&sc, &d->train.X);
    if (d->test.X.data)
        scaler_transform(&sc, &d->test.X);
    scaler_free(&sc);
    return 0;
}

/* ---------------------------------------------------------------- sessions */

int session_open(Session *s, const Algo *algo, const Params *params, const Dataset *train,
                 const Dataset *test, bool test_has_target, ScaleKind scale, uint64_t seed,
                 Trace *trace, Error *err)
{
    memset(s, 0, sizeof *s);
    s->algo = algo;
    s->scale = scale;
    s->trace = trace;
    s->test_has_target = test_has_target && test != NULL;
    if (algo->kind == ALGO_OPERATION || !algo->create || !algo->step)
        return error_set(err, ERR_USAGE,
                         "%s is an operation, not a model to train: use `mllab %s`", algo->name,
                         algo->name);
    if ((params ? params_copy(&s->params, params, err)
                : params_init(&s->params, algo->params, err)) < 0)
        return -1;
    s->train = train;
    s->test = test;
    if (scale != SCALE_NONE) {
        if (scaler_fit(&s->scaler, scale, &train->X, err) < 0 ||
            dataset_copy(train, &s->train_own, err) < 0) {
            session_close(s);
            return -1;
        }
        scaler_transform(&s->scaler, &s->train_own.X);
        s->train = &s->train_own;
        if (test) {
            if (dataset_copy(test, &s->test_own, err) < 0) {
                session_close(s);
                return -1;
            }
            scaler_transform(&s->scaler, &s->test_own.X);
            s->test = &s->test_own;
        }
    }
    rng_seed(&s->rng, seed);
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
    return 0;
}

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
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- evaluation */

/* X and y of an even sample of at most `max` rows of ds (views when all rows
 * are used).  *own tells whether Xs must be freed. */
static int sample_rows(const Dataset *ds, int max, Mat *Xs, int **ys, bool *own, Error *err)
{
    int n = ds->X.rows;
    *own = false;
    if (n <= max) {
        *Xs = ds->X;
        *ys = ds->y;
        return n;
    }
    int *idx = malloc((size_t)max * sizeof *idx);
    if (!idx)
        return error_set(err, ERR_NOMEM, "out of memory sampling rows");
    for (int i = 0; i < max; i++)
        idx[i] = (int)((long long)i * n / max);
    if (mat_gather_rows(Xs, &ds->X, idx, max, err) < 0) {
        free(idx);
        return -1;
    }
    *ys = NULL;
    if (ds->y) {
        /* Reuse idx for the labels. */
        for (int i = 0; i < max; i++)
            idx[i] = ds->y[idx[i]];
        *ys = idx;
    } else {
        free(idx);
    }
    *own = true;
    return max;
}

/* Accuracy of a classifier on (a sample of) its training part. */
static double train_accuracy(Session *s, int *rows_used, Error *err)
{
    Mat X = { 0 };
    int *y = NULL;
    bool own = false;
    int n = sample_rows(s->train, EVAL_TRAIN_SCORE_ROWS, &X, &y, &own, err);
    if (n < 0)
        return NAN;
    double acc = NAN;
    int *pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *pred);
    if (pred && y && s->algo->predict(s->model, &X, pred, NULL, err) == 0)
        acc = metrics_accuracy(y, pred, n);
    free(pred);
    if (own) {
        mat_free(&X);
        free(y);
    }
    *rows_used = n;
    return acc;
}

/* MSE of a regressor on (a sample of) its training part. */
static double train_mse(Session *s, int *rows_used, Error *err)
{
    const Dataset *tr = s->train;
    int n = tr->X.rows, m = n <= EVAL_TRAIN_SCORE_ROWS ? n : EVAL_TRAIN_SCORE_ROWS;
    Mat X = tr->X;
    bool own = false;
    int *idx = NULL;
    if (m < n) {
        idx = malloc((size_t)m * sizeof *idx);
        if (!idx)
            return NAN;
        for (int i = 0; i < m; i++)
            idx[i] = (int)((long long)i * n / m);
        if (mat_gather_rows(&X, &tr->X, idx, m, err) < 0) {
            free(idx);
            return NAN;
        }
        own = true;
    }
    double mse = NAN;
    float *pred = malloc((size_t)(m > 0 ? m : 1) * sizeof *pred);
    float *truth = malloc((size_t)(m > 0 ? m : 1) * sizeof *truth);
    if (pred && truth && tr->target && s->algo->predict(s->model, &X, NULL, pred, err) == 0) {
        for (int i = 0; i < m; i++)
            truth[i] = tr->target[idx ? idx[i] : i];
        mse = metrics_regression(truth, pred, m).mse;
    }
    free(pred);
    free(truth);
    free(idx);
    if (own)
        mat_free(&X);
    *rows_used = m;
    return mse;
}

/* AUC of the scores (n x k): binary, from the positive class's column; more
 * classes, the macro average of the one-vs-rest AUCs.  NaN when a class is
 * missing from y, -1 when memory ran out. */
static double scores_auc(const float *scores, const int *y, int n, int k)
{
    float *column = malloc((size_t)(n > 0 ? n : 1) * sizeof *column);
    int *is_class = malloc((size_t)(n > 0 ? n : 1) * sizeof *is_class);
    if (!column || !is_class) {
        free(column);
        free(is_class);
        return -1;
    }
    int first = k == 2 ? 1 : 0;
    double sum = 0;
    for (int c = first; c < k; c++) {
        for (int i = 0; i < n; i++) {
            column[i] = scores[(size_t)i * (size_t)k + (size_t)c];
            is_class[i] = y[i] == c;
        }
        sum += metrics_auc(column, is_class, n);
    }
    free(column);
    free(is_class);
    return sum / (k - first);
}

static int evaluate_classifier(Session *s, RunResult *r, Error *err)
{
    const Dataset *test = s->test;
    int n = test->X.rows, k = s->train->n_classes;
    r->n_classes = k;
    r->y_pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_pred);
    r->scores = malloc((size_t)(n > 0 ? n : 1) * (size_t)(k > 0 ? k : 1) * sizeof *r->scores);
    if (!r->y_pred || !r->scores)
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", n);
    size_t ns = (size_t)n * (size_t)k;
    for (size_t i = 0; i < ns; i++)
        r->scores[i] = NAN; /* still NaN afterwards: the model gives no scores */
    double t0 = timer_now();
    if (s->algo->predict(s->model, &test->X, r->y_pred, r->scores, err) < 0)
        return -1;
    r->predict_seconds = timer_now() - t0;
    for (int i = 0; i < n; i++)
        if (r->y_pred[i] < 0 || r->y_pred[i] >= k)
            return error_set(err, ERR_INTERNAL, "%s predicted class %d, outside [0, %d)",
                             s->algo->name, r->y_pred[i], k);
    bool any_score = false;
    for (size_t i = 0; i < ns && !any_score; i++)
        any_score = !isnan(r->scores[i]);
    if (!any_score) {
        free(r->scores);
        r->scores = NULL;
    }
    if (r->has_truth) {
        r->y_true = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_true);
        if (!r->y_true)
            return error_set(err, ERR_NOMEM, "out of memory");
        memcpy(r->y_true, test->y, (size_t)n * sizeof *r->y_true);
        if (metrics_classification(r->y_true, r->y_pred, n, k, &r->cls, err) < 0)
            return -1;
        if (r->scores && k >= 2 && (r->auc = scores_auc(r->scores, r->y_true, n, k)) == -1)
            return error_set(err, ERR_NOMEM, "out of memory");
        if (r->scores && s->algo->scores_are_probs)
            r->log_loss = metrics_log_loss(r->scores, r->y_true, n, k);
    }
    Error ignored = { 0 };
    r->train_score = train_accuracy(s, &r->train_score_rows, &ignored);
    return 0;
}

static int evaluate_regressor(Session *s, RunResult *r, Error *err)
{
    const Dataset *test = s->test;
    int n = test->X.rows;
    r->scores = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->scores);
    if (!r->scores)
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", n);
    double t0 = timer_now();
    if (s->algo->predict(s->model, &test->X, NULL, r->scores, err) < 0)
        return -1;
    r->predict_seconds = timer_now() - t0;
    if (r->has_truth) {
        r->y_value = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_value);
        if (!r->y_value)
            return error_set(err, ERR_NOMEM, "out of memory");
        memcpy(r->y_value, test->target, (size_t)n * sizeof *r->y_value);
        r->reg = metrics_regression(r->y_value, r->scores, n);
    }
    Error ignored = { 0 };
    r->train_score = train_mse(s, &r->train_score_rows, &ignored);
    return 0;
}

/* Mean of the rows of X in each cluster into C (k x d); clusters without
 * rows keep what C had. */
static void cluster_means(const Mat *X, const int *assign, int k, Mat *C, int *count)
{
    int d = X->cols;
    for (int c = 0; c < k; c++)
        count[c] = 0;
    double *sum = calloc((size_t)k * (size_t)d + 1, sizeof *sum);
    if (!sum)
        return;
    for (int i = 0; i < X->rows; i++) {
        const float *x = mat_row(X, i);
        double *acc = sum + (size_t)assign[i] * (size_t)d;
        for (int j = 0; j < d; j++)
            acc[j] += x[j];
        count[assign[i]]++;
    }
    for (int c = 0; c < k; c++)
        if (count[c] > 0)
            for (int j = 0; j < d; j++)
                MAT_AT(C, c, j) = (float)(sum[(size_t)c * (size_t)d + (size_t)j] / count[c]);
    free(sum);
}

static int evaluate_clusterer(Session *s, RunResult *r, Error *err)
{
    const Dataset *test = s->test, *train = s->train;
    int n = test->X.rows, nt = train->X.rows;
    r->y_pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_pred);
    int *train_pred = malloc((size_t)(nt > 0 ? nt : 1) * sizeof *train_pred);
    if (!r->y_pred || !train_pred) {
        free(train_pred);
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", n);
    }
    double t0 = timer_now();
    int rc = s->algo->predict(s->model, &test->X, r->y_pred, NULL, err);
    r->predict_seconds = timer_now() - t0;
    if (rc == 0)
        rc = s->algo->predict(s->model, &train->X, train_pred, NULL, err);
    int k = 0;
    for (int i = 0; rc == 0 && i < n; i++)
        if (r->y_pred[i] >= k)
            k = r->y_pred[i] + 1;
    for (int i = 0; rc == 0 && i < nt; i++)
        if (train_pred[i] >= k)
            k = train_pred[i] + 1;
    for (int i = 0; rc == 0 && i < n; i++)
        if (r->y_pred[i] < 0)
            rc = error_set(err, ERR_INTERNAL, "%s predicted cluster %d", s->algo->name,
                           r->y_pred[i]);
    for (int i = 0; rc == 0 && i < nt; i++)
        if (train_pred[i] < 0)
            rc = error_set(err, ERR_INTERNAL, "%s predicted cluster %d", s->algo->name,
                           train_pred[i]);
    if (rc < 0) {
        free(train_pred);
        return -1;
    }
    /* Centroids: the means of the training points of each cluster (test
     * points stand in for a cluster no training point fell into). */
    Mat C = { 0 };
    int *count = malloc((size_t)(k > 0 ? k : 1) * sizeof *count);
    if (!count || mat_alloc(&C, k, test->X.cols, err) < 0) {
        free(count);
        free(train_pred);
        return error_set(err, ERR_NOMEM, "out of memory for centroids");
    }
    cluster_means(&test->X, r->y_pred, k, &C, count);
    cluster_means(&train->X, train_pred, k, &C, count);
    r->clu.inertia = metrics_inertia(&test->X, r->y_pred, &C);
    r->train_score = metrics_inertia(&train->X, train_pred, &C);
    r->train_score_rows = nt;
    mat_free(&C);
    free(count);
    free(train_pred);
    r->n_classes = k;
    if (r->has_truth) {
        r->y_true = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_true);
        if (!r->y_true)
            return error_set(err, ERR_NOMEM, "out of memory");
        memcpy(r->y_true, test->y, (size_t)n * sizeof *r->y_true);
        double inertia = r->clu.inertia;
        if (metrics_clustering(r->y_true, test->n_classes, r->y_pred, k, n, &r->clu, err) < 0)
            return -1;
        r->clu.inertia = inertia;
    }
    return 0;
}

int session_evaluate(Session *s, RunResult *r, Error *err)
{
    memset(r, 0, sizeof *r);
    r->algo = s->algo;
    r->auc = r->log_loss = r->train_score = NAN;
    r->reg.mse = r->reg.rmse = r->reg.mae = r->reg.r2 = NAN;
    r->clu.inertia = NAN;
    if (!s->model || !s->test)
        return error_set(err, ERR_INTERNAL, "nothing to evaluate: no model or no test part");
    const Dataset *test = s->test;
    r->train_rows = s->train->X.rows;
    r->test_rows = test->X.rows;
    r->steps = s->steps;
    r->fit_seconds = s->fit_seconds;
    int rc;
    switch (s->algo->kind) {
    case ALGO_CLASSIFIER:
        r->has_truth = s->test_has_target && test->y != NULL;
        rc = evaluate_classifier(s, r, err);
        break;
    case ALGO_REGRESSOR:
        r->has_truth = s->test_has_target && test->target != NULL;
        rc = evaluate_regressor(s, r, err);
        break;
    case ALGO_CLUSTERER:
        r->has_truth = s->test_has_target && test->y != NULL && test->n_classes > 0;
        rc = evaluate_clusterer(s, r, err);
        break;
    default:
        rc = error_set(err, ERR_USAGE, "%s cannot be evaluated", s->algo->name);
    }
    if (rc < 0) {
        run_result_free(r);
        return -1;
    }
    if (s->algo->model_json)
        s->algo->model_json(s->model, s->train, &r->model_json);
    return 0;
}

void run_result_free(RunResult *r)
{
    if (!r)
        return;
    free(r->y_true);
    free(r->y_pred);
    free(r->scores);
    free(r->y_value);
    class_report_free(&r->cls);
    sb_free(&r->model_json);
    memset(r, 0, sizeof *r);
    r->auc = r->log_loss = r->train_score = NAN;
}

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

/* Fit one algorithm on train and evaluate it on test. */
static int run_once(const Algo *algo, const Params *params, const Dataset *train,
                    const Dataset *test, ScaleKind scale, uint64_t seed, Trace *trace,
                    volatile int *cancel, RunResult *r, Error *err)
{
    Session s;
    if (session_open(&s, algo, params, train, test, true, scale, seed, trace, err) < 0)
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
                        ScaleKind scale, Trace *trace, CvResult *out, Error *err)
{
    memset(out, 0, sizeof *out);
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
        int rc = run_once(algo, params, &train, &test, scale, d->seed, trace, NULL, &r, err);
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
                       const Dataset *test, const char *scale_override, uint64_t seed,
                       volatile int *cancel, RunResult *r, Error *row_err)
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
    ScaleKind scale = compare_scale(algo, scale_override, train);
    int rc = run_once(algo, params, train, test, scale, seed, &trace, cancel, r, row_err);
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
        if (progress)
            progress(ctx, i, n, 0, 0, algos[i]->name);
        if (cancel && *cancel)
            return error_set(err, ERR_CANCELLED, "comparison cancelled");
        RunResult r;
        Error row_err = { 0 };
        int rc = compare_one(algos[i], params ? params[i] : NULL, &d->train, &d->test,
                             scale_override, d->seed, cancel, &r, &row_err);
        if (rc < 0)
            return error_set(err, ERR_CANCELLED, "comparison cancelled");
        if (rc > 0) {
            row_fail(row, &row_err);
            continue;
        }
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

static int compare_folds(const Algo *const *algos, int n, const Params *const *params,
                         const EvalData *d, const char *scale_override, CompareProgress progress,
                         void *ctx, volatile int *cancel, CompareResult *out, Error *err)
{
    int folds = d->folds;
    FoldScores *fs = calloc((size_t)n, sizeof *fs);
    if (!fs)
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        out->rows[i].fold_accuracy = calloc((size_t)folds, sizeof(double));
        fs[i].precision = calloc((size_t)folds, sizeof(double));
        fs[i].recall = calloc((size_t)folds, sizeof(double));
        fs[i].f1 = calloc((size_t)folds, sizeof(double));
        fs[i].auc = calloc((size_t)folds, sizeof(double));
        if (!out->rows[i].fold_accuracy || !fs[i].precision || !fs[i].recall || !fs[i].f1 ||
            !fs[i].auc)
            rc = error_set(err, ERR_NOMEM, "out of memory");
    }
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
            if (progress)
                progress(ctx, i, n, f, folds, algos[i]->name);
            if (cancel && *cancel) {
                rc = error_set(err, ERR_CANCELLED, "comparison cancelled");
                break;
            }
            RunResult r;
            Error row_err = { 0 };
            int one = compare_one(algos[i], params ? params[i] : NULL, &train, &test,
                                  scale_override, d->seed, cancel, &r, &row_err);
            if (one < 0) {
                rc = error_set(err, ERR_CANCELLED, "comparison cancelled");
                break;
            }
            if (one > 0) {
                snprintf(row->error, sizeof row->error, "fold %d: ", f + 1);
                size_t used = strlen(row->error);
                copy_text(row->error + used, sizeof row->error - used, row_err.msg);
                continue;
            }
            row->fold_accuracy[f] = r.cls.accuracy;
            fs[i].precision[f] = r.cls.precision_macro;
            fs[i].recall[f] = r.cls.recall_macro;
            fs[i].f1[f] = r.cls.f1_macro;
            fs[i].auc[f] = r.auc;
            fs[i].fit += r.fit_seconds;
            fs[i].predict += r.predict_seconds;
            run_result_free(&r);
        }
        dataset_free(&train);
        dataset_free(&test);
    }
    for (int i = 0; i < n && rc == 0; i++) {
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
