/* text_data.c - text corpora as tf-idf datasets for the classifiers, with
 * the vocabulary fitted on the training part only (see text_data.h). */
#include "text_data.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int text_default_max_features(void)
{
    const char *s = getenv("MLLAB_TFIDF_MAX_FEATURES");
    char *end;
    long v = s && *s ? strtol(s, &end, 10) : -1;
    if (!s || !*s || *end || v < 0 || v > 10000000)
        return TEXT_DEFAULT_MAX_FEATURES;
    return (int)v;
}

/* Does the first line of a CSV file have a field `text` (quoted or not)? */
static bool csv_has_text_column(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    char line[4096];
    bool found = false;
    if (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        for (char *save = NULL, *tok = strtok_r(line, ",", &save); tok && !found;
             tok = strtok_r(NULL, ",", &save))
            found = strcmp(tok, "text") == 0 || strcmp(tok, "\"text\"") == 0;
    }
    fclose(f);
    return found;
}

bool text_dataset_is(const char *name_or_path)
{
    if (!name_or_path)
        return false;
    if (strcmp(name_or_path, "fortunes") == 0)
        return true;
    size_t n = strlen(name_or_path);
    return n >= 4 && strcasecmp(name_or_path + n - 4, ".csv") == 0 &&
           csv_has_text_column(name_or_path);
}

int text_dataset_corpus(TextCorpus *c, const char *name_or_path, const char *label_column,
                        Error *err)
{
    if (text_corpus_load(c, name_or_path, NULL, label_column ? label_column : "label", err) < 0)
        return -1;
    if (!c->label) {
        int rc = error_set(err, ERR_DATA, "%s: the documents have no labels", c->name);
        text_corpus_free(c);
        return rc;
    }
    /* a named corpus has a fixed target: another --target is not ignored */
    const char *own = strcmp(c->name, "fortunes") == 0 ? "category" : "label";
    if (label_column && dataset_info(name_or_path) && strcmp(label_column, own) != 0) {
        int rc = error_set(err, ERR_USAGE, "--target %s: the %s set has a fixed target ('%s') "
                                           "(--target picks a column of a CSV file)",
                           label_column, c->name, own);
        text_corpus_free(c);
        return rc;
    }
    return 0;
}

/* ---------------------------------------------------------------- datasets */

static char **copy_strings(char *const *src, int n)
{
    char **out = calloc((size_t)(n > 0 ? n : 1), sizeof *out);
    for (int i = 0; out && i < n; i++)
        if (!(out[i] = strdup(src[i]))) {
            for (int j = 0; j < i; j++)
                free(out[j]);
            free(out);
            return NULL;
        }
    return out;
}

/* Classes and labels of the listed documents into ds; -1 when out of memory. */
static int make_labels(const TextCorpus *c, const int *rows, int n_rows, Dataset *ds)
{
    ds->has_target = true;
    ds->class_names = copy_strings(c->class_names, c->n_classes);
    ds->n_classes = ds->class_names ? c->n_classes : 0;
    ds->y = malloc((size_t)(n_rows > 0 ? n_rows : 1) * sizeof *ds->y);
    if (!ds->class_names || !ds->y)
        return -1;
    for (int i = 0; i < n_rows; i++)
        ds->y[i] = c->label[rows[i]];
    return 0;
}

/* Names, classes and labels (when c has them) of the listed documents
 * into ds (X not set). */
static int make_header(const TextCorpus *c, const int *rows, int n_rows, const TfidfModel *m,
                       Dataset *ds, Error *err)
{
    ds->name = strdup(c->name);
    ds->feature_names = copy_strings(m->terms, m->n_terms);
    ds->target_name = strdup(strcmp(c->name, "fortunes") == 0 ? "category" : "label");
    ds->text = true;
    bool ok = ds->name && ds->feature_names && ds->target_name;
    if (ok && c->label)
        ok = make_labels(c, rows, n_rows, ds) == 0;
    return ok ? 0 : error_set(err, ERR_NOMEM, "out of memory for the text dataset");
}

int text_dataset_make(const TextCorpus *c, const int *rows, int n_rows, const TfidfModel *m,
                      Dataset *out, Error *err)
{
    memset(out, 0, sizeof *out);
    size_t bytes = text_dense_bytes(n_rows, m->n_terms), limit = text_dense_limit();
    const char **docs = malloc((size_t)(n_rows > 0 ? n_rows : 1) * sizeof *docs);
    if (!docs)
        return error_set(err, ERR_NOMEM, "out of memory for the text dataset");
    for (int i = 0; i < n_rows; i++)
        docs[i] = c->docs[rows[i]];
    TextCsr csr = { 0 };
    int rc = bytes > limit ? 0 : tfidf_transform(m, docs, n_rows, &csr, err);
    if (bytes > limit)
        csr.rows = n_rows, csr.cols = m->n_terms; /* text_csr_to_dense reports the size */
    if (rc == 0)
        rc = text_csr_to_dense(&csr, limit, &out->X, err);
    text_csr_free(&csr);
    free(docs);
    if (rc == 0)
        rc = make_header(c, rows, n_rows, m, out, err);
    if (rc < 0)
        dataset_free(out);
    return rc;
}

static int *all_rows(int n, Error *err)
{
    int *rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *rows);
    if (!rows) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        rows[i] = i;
    return rows;
}

int text_dataset_load(Dataset *ds, const char *name_or_path, const char *label_column,
                      int max_features, Error *err)
{
    memset(ds, 0, sizeof *ds);
    TextCorpus c;
    if (text_dataset_corpus(&c, name_or_path, label_column, err) < 0)
        return -1;
    if (max_features <= 0)
        max_features = text_default_max_features();
    TfidfModel m;
    int rc = tfidf_fit(&m, (const char *const *)c.docs, c.n_docs, max_features, err);
    int *rows = rc == 0 ? all_rows(c.n_docs, err) : NULL;
    if (rows)
        rc = text_dataset_make(&c, rows, c.n_docs, &m, ds, err);
    else
        rc = -1;
    free(rows);
    tfidf_free(&m);
    text_corpus_free(&c);
    return rc;
}

/* ---------------------------------------------------------------- eval */

int text_dataset_split(const TextCorpus *c, double test_size, uint64_t seed, Split *s,
                       Error *err)
{
    memset(s, 0, sizeof *s);
    if (c->n_docs < 2)
        return error_set(err, ERR_DATA,
                         "%s: %d document%s cannot be split into a training and a test part",
                         c->name, c->n_docs, c->n_docs == 1 ? "" : "s");
    Rng rng;
    rng_seed(&rng, seed);
    return split_stratified(c->label, c->n_docs, c->n_classes, test_size, &rng, s, err);
}

/* The checks eval_load makes of a target, for a labelled corpus. */
static int check_text_task(const EvalOptions *o, AlgoKind kind, Error *err)
{
    const char *name = o->dataset ? o->dataset : o->train_file ? o->train_file : "the text set";
    if (kind == ALGO_REGRESSOR)
        return error_set(err, ERR_DATA,
                         "%s is a text set with class labels; a regressor needs numbers", name);
    if (o->cv >= 2)
        return error_set(err, ERR_USAGE,
                         "--cv is not available for the text set %s yet: its vocabulary would "
                         "have to be fitted on each fold's training part; use one split "
                         "(--test-size)",
                         name);
    return 0;
}

static int check_train_classes(const Dataset *train, Error *err)
{
    int present = 0;
    int *counts = calloc((size_t)(train->n_classes > 0 ? train->n_classes : 1), sizeof *counts);
    if (!counts)
        return error_set(err, ERR_NOMEM, "out of memory");
    dataset_class_counts(train, counts);
    for (int k = 0; k < train->n_classes; k++)
        present += counts[k] > 0;
    free(counts);
    if (present < 2)
        return error_set(err, ERR_DATA,
                         "%s: the training part holds fewer than two classes; a classifier "
                         "needs at least two",
                         train->name);
    return 0;
}

/* Fit tf-idf on the training documents, then make both parts. */
static int build_parts(EvalData *d, const TextCorpus *c, const Split *s, int max_features,
                       Error *err)
{
    const char **docs = malloc((size_t)(s->n_train > 0 ? s->n_train : 1) * sizeof *docs);
    if (!docs)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < s->n_train; i++)
        docs[i] = c->docs[s->train[i]];
    TfidfModel m;
    int rc = tfidf_fit(&m, docs, s->n_train, max_features, err);
    free(docs);
    if (rc < 0)
        return -1;
    rc = text_dataset_make(c, s->train, s->n_train, &m, &d->train, err);
    if (rc == 0)
        rc = text_dataset_make(c, s->test, s->n_test, &m, &d->test, err);
    tfidf_free(&m);
    return rc;
}

static int max_features_of(const EvalOptions *o)
{
    return o->max_features > 0   ? o->max_features
           : o->max_features < 0 ? 0 /* every term */
                                 : text_default_max_features();
}

int eval_load_text(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    memset(d, 0, sizeof *d);
    d->seed = o->seed;
    if (check_text_task(o, kind, err) < 0)
        return -1;
    TextCorpus c;
    if (text_dataset_corpus(&c, o->dataset, o->target, err) < 0)
        return -1;
    Split s;
    int max_features = max_features_of(o);
    int rc = text_dataset_split(&c, o->test_size, o->seed, &s, err);
    if (rc == 0)
        rc = build_parts(d, &c, &s, max_features, err);
    split_free(&s);
    if (rc == 0 && kind == ALGO_CLASSIFIER)
        rc = check_train_classes(&d->train, err);
    if (rc == 0 && !(d->name = strdup(c.name)))
        rc = error_set(err, ERR_NOMEM, "out of memory");
    text_corpus_free(&c);
    d->task = DS_CLASSIFICATION;
    d->test_has_target = true;
    d->stratified = true;
    d->test_size = o->test_size;
    if (rc < 0)
        eval_data_free(d);
    return rc;
}

/* ---------------------------------------------------------------- files */

static int class_index(const TextCorpus *c, const char *name)
{
    for (int t = 0; t < c->n_classes; t++)
        if (strcmp(c->class_names[t], name) == 0)
            return t;
    return -1;
}

/* Give the test corpus the training corpus's classes (by name). */
static int adopt_classes(TextCorpus *test, const TextCorpus *train, const char *path, Error *err)
{
    if (!test->label)
        return 0;
    int *map = malloc((size_t)(test->n_classes > 0 ? test->n_classes : 1) * sizeof *map);
    char **names = copy_strings(train->class_names, train->n_classes);
    if (!map || !names) {
        free(map);
        free(names);
        return error_set(err, ERR_NOMEM, "out of memory mapping classes");
    }
    int missing = -1;
    for (int k = 0; k < test->n_classes; k++) {
        map[k] = class_index(train, test->class_names[k]);
        if (map[k] < 0 && missing < 0)
            missing = k;
    }
    int rc = missing >= 0 ? error_set(err, ERR_DATA,
                                      "%s: class '%s' does not appear in the training file",
                                      path, test->class_names[missing])
                          : 0;
    for (int i = 0; rc == 0 && i < test->n_docs; i++)
        test->label[i] = map[test->label[i]];
    for (int k = 0; k < test->n_classes; k++)
        free(test->class_names[k]);
    free(test->class_names);
    test->class_names = names;
    test->n_classes = train->n_classes;
    free(map);
    return rc;
}

/* Train on every document of tr, test on every document of te. */
static int build_file_parts(EvalData *d, const TextCorpus *tr, const TextCorpus *te,
                            int max_features, Error *err)
{
    TfidfModel m;
    int *rows = all_rows(tr->n_docs > te->n_docs ? tr->n_docs : te->n_docs, err);
    int rc = rows ? tfidf_fit(&m, (const char *const *)tr->docs, tr->n_docs, max_features, err)
                  : -1;
    if (rc == 0) {
        rc = text_dataset_make(tr, rows, tr->n_docs, &m, &d->train, err);
        if (rc == 0)
            rc = text_dataset_make(te, rows, te->n_docs, &m, &d->test, err);
        tfidf_free(&m);
    }
    free(rows);
    return rc;
}

int eval_load_text_files(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err)
{
    memset(d, 0, sizeof *d);
    d->seed = o->seed;
    if (!o->train_file || !o->test_file)
        return error_set(err, ERR_USAGE, "--train and --test go together");
    if (check_text_task(o, kind, err) < 0)
        return -1;
    TextCorpus tr, te = { 0 };
    if (text_dataset_corpus(&tr, o->train_file, o->target, err) < 0)
        return -1;
    int rc = text_corpus_csv(&te, o->test_file, NULL, o->target, err);
    if (rc == 0)
        rc = adopt_classes(&te, &tr, o->test_file, err);
    if (rc == 0)
        rc = build_file_parts(d, &tr, &te, max_features_of(o), err);
    if (rc == 0 && kind == ALGO_CLASSIFIER)
        rc = check_train_classes(&d->train, err);
    if (rc == 0 && !(d->name = strdup(tr.name)))
        rc = error_set(err, ERR_NOMEM, "out of memory");
    d->task = DS_CLASSIFICATION;
    d->test_has_target = te.label != NULL;
    d->from_files = true;
    text_corpus_free(&tr);
    text_corpus_free(&te);
    if (rc < 0)
        eval_data_free(d);
    return rc;
}
