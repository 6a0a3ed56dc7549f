/* eval_load.c - loading the data an evaluation runs on (see eval.h).
 *
 * eval_load reads the data once (a registry dataset, or train/test files),
 * checks that its target suits the algorithm's kind, and divides it
 * (stratified for class targets, seeded) into a training and a test part or
 * into k folds (a set with a standard split keeps it, unless pool_split
 * asks for a random split of all its rows); eval_scale_for and
 * eval_scaling_for choose the feature scaling (the session applies it:
 * session.c).  Nothing here prints. */
#include "eval.h"
#include "text_data.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* How CSV files given by path are read (issue 11): categorical features
 * accepted, missing cells only when an imputer will fill them. */
static CsvOptions csv_options_of(const EvalOptions *o)
{
    return (CsvOptions){ .sep = o->sep, .categories = true, .categorical = o->categorical,
                         .missing = o->missing, .progress = o->progress,
                         .image_bytes = o->image_bytes };
}

/* One CSV file of --train/--test, read with the options, its features chosen. */
static int load_csv_part(Dataset *ds, const char *path, const char *target, bool require,
                         const EvalOptions *o, char *sep, Error *err)
{
    CsvOptions csv = csv_options_of(o);
    if (dataset_load_csv_opts(ds, path, target, require, &csv, err) < 0 ||
        dataset_select_features(ds, o->columns, o->drop, err) < 0)
        return -1;
    *sep = csv.sep_used;
    return 0;
}

static int load_files(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    if (!o->train_file || !o->test_file)
        return error_set(err, ERR_USAGE, "--train and --test go together");
    if (o->cv)
        return error_set(err, ERR_USAGE, "--cv cannot be combined with --train/--test");
    if (load_csv_part(&d->train, o->train_file, o->target, true, o, &d->sep, err) < 0 ||
        check_target(&d->train, NULL, kind, err) < 0)
        return -1;
    const char *target = o->target ? o->target : d->train.target_name;
    char sep;
    if (load_csv_part(&d->test, o->test_file, target, false, o, &sep, err) < 0 ||
        check_test_features(&d->train, &d->test, o->test_file, err) < 0 ||
        dataset_adopt_categories(&d->train, &d->test, o->test_file, err) < 0)
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
    mat_truncate_rows(&d->train.X, at);
    d->train.split_at = 0;
    d->standard_split = true;
    return 0;
}

/* A three-way split that failed: the option is the cause (ERR_USAGE). */
static int val_split_error(const EvalOptions *o, Error *err)
{
    if (err && err->code != ERR_NOMEM) {
        err->code = ERR_USAGE;
        char msg[sizeof err->msg];
        snprintf(msg, sizeof msg, "%s", err->msg);
        error_set(err, ERR_USAGE, "--val-size %g: %s", o->val_size, msg);
    }
    return -1;
}

/* The rows of each part: three parts with --val-size, else two;
 * stratified by class or at random. */
static int split_rows(const Dataset *full, const EvalOptions *o, bool stratify, Rng *rng,
                      Split *s, Error *err)
{
    int n = full->X.rows;
    if (o->val_size > 0)
        return split_three(stratify ? full->y : NULL, n, full->n_classes, o->val_size,
                           o->test_size, rng, s, err) < 0
                   ? val_split_error(o, err)
                   : 0;
    return stratify ? split_stratified(full->y, n, full->n_classes, o->test_size, rng, s, err)
                    : split_random(n, o->test_size, rng, s, err);
}

static bool s_has_val(const EvalData *d)
{
    return d->val.X.rows > 0;
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
    if (split_rows(full, o, stratify, rng, &s, err) < 0)
        return -1;
    int rc = dataset_subset(full, s.train, s.n_train, &d->train, err);
    if (rc == 0)
        rc = dataset_subset(full, s.test, s.n_test, &d->test, err);
    if (rc == 0 && s.n_val > 0)
        rc = dataset_subset(full, s.val, s.n_val, &d->val, err);
    d->val_size = s.n_val > 0 ? o->val_size : 0;
    split_free(&s);
    if (rc == 0 && s_has_val(d) && stratify)
        rc = eval_val_check(&d->train, &d->val, o->val_size, err);
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
    d->val_size = o->val_size; /* each fold's training rows give their part (eval_fold_val) */
    d->stratified = stratify;
    d->test_has_target = true;
    return 0;
}

/* The options that make no sense whatever the data. */
static int check_options(const EvalOptions *o, AlgoKind kind, Error *err)
{
    if (kind == ALGO_OPERATION)
        return error_set(err, ERR_USAGE, "an operation has no data to train on");
    if (!(o->test_size > 0 && o->test_size < 1))
        return error_set(err, ERR_USAGE, "--test-size %g is outside (0, 1)", o->test_size);
    if (o->cv == 1 || o->cv < 0)
        return error_set(err, ERR_USAGE, "--cv %d: cross-validation needs at least 2 folds",
                         o->cv);
    return 0;
}

/* --train/--test: the parts are the files. */
static int load_train_test(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    d->task = kind == ALGO_REGRESSOR ? DS_REGRESSION : DS_CLASSIFICATION;
    if (load_files(d, o, kind, err) < 0 ||
        (kind == ALGO_CLASSIFIER && check_two_classes(&d->train, err) < 0)) {
        eval_data_free(d);
        return -1;
    }
    if (kind == ALGO_CLUSTERER && !d->train.y)
        d->task = DS_REGRESSION;
    return 0;
}

/* A named set or one CSV file, read whole and checked against the kind. */
static int load_full(Dataset *full, EvalData *d, const char *name, const EvalOptions *o,
                     AlgoKind kind, Rng *rng, Error *err)
{
    CsvOptions csv = csv_options_of(o);
    if (dataset_load_opts(full, name, o->target, &csv, rng, err) < 0 ||
        dataset_select_features(full, o->columns, o->drop, err) < 0 ||
        check_target(full, dataset_info(name), kind, err) < 0)
        return -1;
    d->sep = csv.sep_used;
    return 0;
}

static bool has_standard_split(const Dataset *full)
{
    return full->split_at > 0 && full->split_at < full->X.rows;
}

/* --test-size on a set with a standard split (EvalOptions.pool_split, issue
 * 11): forget the split, so that all its rows are pooled and then divided at
 * random (stratified, seeded) like any other set's. */
static void pool_standard_split(EvalData *d, Dataset *full)
{
    full->split_at = 0;
    d->pooled = true;
    d->pooled_rows = full->X.rows;
}

/* Divide full into folds, the set's own parts or a random split. */
static int divide(EvalData *d, Dataset *full, const EvalOptions *o, bool classes, Rng *rng,
                  Error *err)
{
    if (o->cv >= 2)
        return make_folds(d, full, o, classes, rng, err);
    if (o->pool_split && has_standard_split(full))
        pool_standard_split(d, full);
    int rc;
    if (has_standard_split(full))
        rc = o->val_size > 0 ? error_set(err, ERR_USAGE,
                                         "--val-size needs a random split; %s has its own "
                                         "training and test parts (add --test-size F to pool "
                                         "all its rows and split them at random)",
                                         d->name)
                             : split_standard(d, full, err);
    else
        rc = split_random_parts(d, full, o, classes, rng, err);
    if (rc == 0)
        d->test_has_target = d->test.has_target;
    return rc;
}

/* A classifier needs two classes in what it trains on; when the split left
 * one, say which option did it. */
static int check_classes_after_split(const EvalData *d, const EvalOptions *o, Error *err)
{
    int rc = check_two_classes(o->cv >= 2 ? &d->all : &d->train, err);
    if (rc < 0 && o->cv < 2 && d->test_size > 0) {
        size_t len = strlen(err->msg);
        snprintf(err->msg + len, sizeof err->msg - len,
                 " (--test-size %g leaves %d training row%s)", d->test_size, d->train.X.rows,
                 d->train.X.rows == 1 ? "" : "s");
    }
    return rc;
}

int eval_load(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    memset(d, 0, sizeof *d);
    d->seed = o->seed;
    if (check_options(o, kind, err) < 0)
        return -1;
    if (o->train_file && text_dataset_is(o->train_file)) /* text corpora (issue 10) */
        return eval_load_text_files(d, o, kind, err);
    if (o->train_file || o->test_file)
        return load_train_test(d, o, kind, err);

    const char *name = o->dataset ? o->dataset : default_dataset(kind);
    if (text_dataset_is(name)) /* split first, then fit tf-idf on the training part */
        return eval_load_text(d, o, kind, err);
    Rng rng;
    rng_seed(&rng, o->seed);
    Dataset full = { 0 };
    int rc = load_full(&full, d, name, o, kind, &rng, err);
    bool classes = full.y != NULL && kind != ALGO_REGRESSOR;
    d->task = classes ? DS_CLASSIFICATION : DS_REGRESSION;
    if (rc == 0 && !(d->name = strdup(full.name ? full.name : name)))
        rc = error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = divide(d, &full, o, classes, &rng, err);
    if (rc == 0 && kind == ALGO_CLASSIFIER)
        rc = check_classes_after_split(d, o, err);
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
    dataset_free(&d->val);
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
    if (train && (train->image_w > 0 || train->text))
        *out = SCALE_NONE;
    else
        *out = algo->default_scale;
    return 0;
}

int eval_scaling_for(const Algo *algo, const EvalOptions *o, const Dataset *train,
                     SessionScaling *out, Error *err)
{
    memset(out, 0, sizeof *out);
    out->source = SCALING_FITTED;
    out->is_default = !o || !o->scale;
    return eval_scale_for(algo, o, train, &out->kind, err);
}
