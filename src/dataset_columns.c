/* dataset_columns.c - the column side of reading real-world CSV files
 * (see dataset.h, CsvOptions): detecting the separator, missing cells (NaN),
 * categorical features (their texts interned per column, sorted at the end so
 * that one-hot columns come in the order scikit-learn's OneHotEncoder uses),
 * choosing features by name (--columns, --drop), and carrying the categories
 * through copies and from a training file to a test file. */
#include "csv_columns.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- a set of strings, in the order first seen --------------------------- */

typedef struct StrSet {
    char **items;
    int count, cap;
    int *slots; /* index into items or -1; n_slots a power of two */
    size_t n_slots;
} StrSet;

static uint64_t str_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void strset_free(StrSet *s)
{
    for (int i = 0; i < s->count; i++)
        free(s->items[i]);
    free(s->items);
    free(s->slots);
    memset(s, 0, sizeof *s);
}

static int strset_rehash(StrSet *s)
{
    size_t n = s->n_slots ? s->n_slots * 2 : 64;
    int *slots = malloc(n * sizeof *slots);
    if (!slots)
        return -1;
    memset(slots, -1, n * sizeof *slots);
    for (int i = 0; i < s->count; i++) {
        size_t j = str_hash(s->items[i], strlen(s->items[i])) & (n - 1);
        while (slots[j] >= 0)
            j = (j + 1) & (n - 1);
        slots[j] = i;
    }
    free(s->slots);
    s->slots = slots;
    s->n_slots = n;
    return 0;
}

static int strset_add(StrSet *s, char *text)
{
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 8;
        char **items = realloc(s->items, (size_t)cap * sizeof *items);
        if (!items)
            return -1;
        s->items = items;
        s->cap = cap;
    }
    s->items[s->count] = text;
    return s->count++;
}

/* The index of s[0..n) in the set, added if new; -1 out of memory. */
static int strset_intern(StrSet *s, const char *str, size_t n)
{
    if ((size_t)(s->count + 1) * 2 > s->n_slots && strset_rehash(s) < 0)
        return -1;
    size_t mask = s->n_slots - 1, j = str_hash(str, n) & mask;
    for (; s->slots[j] >= 0; j = (j + 1) & mask) {
        const char *t = s->items[s->slots[j]];
        if (strncmp(t, str, n) == 0 && t[n] == '\0')
            return s->slots[j];
    }
    char *text = strndup(str, n);
    int id = text ? strset_add(s, text) : -1;
    if (id < 0) {
        free(text);
        return -1;
    }
    s->slots[j] = id;
    return id;
}

/* ---- the reader's side --------------------------------------------------- */

enum { KIND_UNDECIDED, KIND_NUMBER, KIND_CATEGORY };

struct CsvColumns {
    CsvOptions opt;
    int d;
    signed char *kind; /* d */
    StrSet *sets;      /* d */
};

char csv_detect_sep(const char *data, size_t len)
{
    static const char seps[3] = { ',', ';', '\t' };
    size_t count[3] = { 0, 0, 0 };
    bool quoted = false, seen = false;
    for (size_t i = 0; i < len; i++) {
        char ch = data[i];
        if ((unsigned char)ch < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
            return ','; /* not text: leave the reader to say so */
        if (ch == 0x7f)
            return ',';
        if (ch == '"')
            quoted = !quoted;
        else if ((ch == '\n' || ch == '\r') && !quoted && seen)
            break;
        seen = seen || !(ch == '\n' || ch == '\r');
        for (int k = 0; k < 3 && !quoted; k++)
            count[k] += ch == seps[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return seps[best];
}

CsvColumns *csv_columns_new(const CsvOptions *o)
{
    CsvColumns *c = calloc(1, sizeof *c);
    if (c && o)
        c->opt = *o;
    return c;
}

void csv_columns_free(CsvColumns *c)
{
    if (!c)
        return;
    for (int j = 0; c->sets && j < c->d; j++)
        strset_free(&c->sets[j]);
    free(c->sets);
    free(c->kind);
    free(c);
}

/* Mark each feature the comma list opt.categorical names as categorical. */
static int mark_named(CsvColumns *c, char *const *names, int n_names, int target,
                      const char *label, Error *err)
{
    const char *p = c->opt.categorical;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        int found = -1;
        for (int i = 0; i < n_names && found < 0; i++)
            if (i != target && strncmp(names[i], p, n) == 0 && names[i][n] == '\0')
                found = target >= 0 && i > target ? i - 1 : i;
        if (found < 0)
            return error_set(err, ERR_USAGE, "--categorical: %s has no feature named '%.*s'",
                             label, (int)(n > 200 ? 200 : n), p);
        c->kind[found] = KIND_CATEGORY;
        p += n + (p[n] == ',');
    }
    return 0;
}

int csv_columns_header(CsvColumns *c, char *const *names, int n, int target_index,
                       const char *label, Error *err)
{
    int d = target_index >= 0 ? n - 1 : n;
    c->d = d;
    c->kind = calloc(d > 0 ? (size_t)d : 1, sizeof *c->kind);
    c->sets = calloc(d > 0 ? (size_t)d : 1, sizeof *c->sets);
    if (!c->kind || !c->sets)
        return error_set(err, ERR_NOMEM, "%s: out of memory", label);
    return mark_named(c, names, n, target_index, label, err);
}

/* Empty, NA, N/A or NaN in any case (blanks around ignored). */
static bool is_missing(const char *s, size_t n, size_t *a, size_t *b)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    *a = i;
    *b = n;
    size_t m = n - i;
    return m == 0 || (m == 2 && strncasecmp(s + i, "na", 2) == 0) ||
           (m == 3 && (strncasecmp(s + i, "n/a", 3) == 0 || strncasecmp(s + i, "nan", 3) == 0));
}

static bool looks_numeric(const char *s, size_t n)
{
    char buf[64];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    (void)v;
    return end != buf && *end == '\0';
}

int csv_columns_cell(CsvColumns *c, int j, const char *s, size_t n, float *out)
{
    if (!c || j >= c->d)
        return 0;
    size_t a, b;
    if (c->opt.missing && is_missing(s, n, &a, &b)) {
        *out = NAN;
        return 1;
    }
    if (!c->opt.missing && is_missing(s, n, &a, &b) && b > a && !looks_numeric(s + a, b - a))
        return 2; /* NA or N/A while missing cells are not accepted (NaN: the number
                     parser says it is not finite) */
    if (c->kind[j] == KIND_UNDECIDED && b > a)
        c->kind[j] = c->opt.categories && !looks_numeric(s + a, b - a) ? KIND_CATEGORY
                                                                       : KIND_NUMBER;
    if (c->kind[j] != KIND_CATEGORY || b == a)
        return 0;
    int id = strset_intern(&c->sets[j], s + a, b - a);
    if (id < 0)
        return -1;
    *out = (float)id;
    return 1;
}

static int cmp_text(const void *x, const void *y)
{
    return strcmp(**(char **const *)x, **(char **const *)y);
}

/* Sort column j's texts and re-code X; the sorted texts go to ds. */
static int finish_column(CsvColumns *c, int j, Dataset *ds)
{
    StrSet *s = &c->sets[j];
    int k = s->count;
    char ***order = malloc((size_t)(k ? k : 1) * sizeof *order);
    int *rank = malloc((size_t)(k ? k : 1) * sizeof *rank);
    if (!order || !rank) {
        free(order);
        free(rank);
        return -1;
    }
    for (int i = 0; i < k; i++)
        order[i] = &s->items[i];
    qsort(order, (size_t)k, sizeof *order, cmp_text);
    char **names = malloc((size_t)(k ? k : 1) * sizeof *names);
    for (int r = 0; names && r < k; r++) {
        int id = (int)(order[r] - s->items);
        rank[id] = r;
        names[r] = s->items[id];
    }
    free(order);
    if (!names) {
        free(rank);
        return -1;
    }
    for (int i = 0; i < ds->X.rows; i++) {
        float *v = &ds->X.data[(size_t)i * (size_t)ds->X.cols + (size_t)j];
        if (isfinite(*v))
            *v = (float)rank[(int)*v];
    }
    free(rank);
    free(s->items);
    s->items = NULL;
    s->count = s->cap = 0;
    ds->n_categories[j] = k;
    ds->categories[j] = names;
    return 0;
}

int csv_columns_finish(CsvColumns *c, Dataset *ds, Error *err)
{
    bool any = false;
    for (int j = 0; c && j < c->d; j++)
        any = any || (c->kind[j] == KIND_CATEGORY && c->sets[j].count > 0);
    if (!any)
        return 0;
    ds->n_categories = calloc((size_t)c->d, sizeof *ds->n_categories);
    ds->categories = calloc((size_t)c->d, sizeof *ds->categories);
    if (!ds->n_categories || !ds->categories)
        return error_set(err, ERR_NOMEM, "out of memory reading categories");
    for (int j = 0; j < c->d; j++)
        if (c->kind[j] == KIND_CATEGORY && c->sets[j].count > 0 && finish_column(c, j, ds) < 0)
            return error_set(err, ERR_NOMEM, "out of memory reading categories");
    return 0;
}

/* ---- categories on a Dataset --------------------------------------------- */

void dataset_categories_free(Dataset *ds)
{
    if (ds->categories) {
        for (int j = 0; j < ds->X.cols; j++) {
            for (int k = 0; ds->categories[j] && k < ds->n_categories[j]; k++)
                free(ds->categories[j][k]);
            free(ds->categories[j]);
        }
    }
    free(ds->categories);
    free(ds->n_categories);
    ds->categories = NULL;
    ds->n_categories = NULL;
}

static char **copy_texts(char *const *v, int n)
{
    char **out = calloc((size_t)(n > 0 ? n : 1), sizeof *out);
    for (int i = 0; out && i < n; i++)
        if (!(out[i] = strdup(v[i]))) {
            while (i-- > 0)
                free(out[i]);
            free(out);
            return NULL;
        }
    return out;
}

int dataset_categories_copy(const Dataset *src, Dataset *out)
{
    if (!src->n_categories)
        return 0;
    int d = src->X.cols;
    out->n_categories = calloc((size_t)(d > 0 ? d : 1), sizeof *out->n_categories);
    out->categories = calloc((size_t)(d > 0 ? d : 1), sizeof *out->categories);
    if (!out->n_categories || !out->categories)
        return -1;
    for (int j = 0; j < d; j++) {
        if (src->n_categories[j] <= 0)
            continue;
        if (!(out->categories[j] = copy_texts(src->categories[j], src->n_categories[j])))
            return -1;
        out->n_categories[j] = src->n_categories[j];
    }
    return 0;
}

bool dataset_has_categories(const Dataset *ds)
{
    for (int j = 0; ds->n_categories && j < ds->X.cols; j++)
        if (ds->n_categories[j] > 0)
            return true;
    return false;
}

bool dataset_has_missing(const Dataset *ds)
{
    size_t n = mat_is_bytes(&ds->X) ? 0 : mat_size(&ds->X); /* bytes are never NaN */
    for (size_t i = 0; i < n; i++)
        if (isnan(ds->X.data[i]))
            return true;
    return false;
}

/* ---- choosing features by name ------------------------------------------- */

static int feature_index(const Dataset *ds, const char *name, size_t n)
{
    for (int j = 0; j < ds->X.cols; j++)
        if (strncmp(ds->feature_names[j], name, n) == 0 && ds->feature_names[j][n] == '\0')
            return j;
    return -1;
}

/* "a, b, c" (the first names, then "...") for messages. */
static void list_features(const Dataset *ds, char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int j = 0; j < ds->X.cols && used + 1 < size; j++) {
        int w = snprintf(buf + used, size - used, "%s%s", j ? ", " : "", ds->feature_names[j]);
        if (w < 0 || (size_t)w >= size - used) {
            snprintf(buf + (size > 5 ? size - 5 : 0), size > 5 ? 5 : size, "...");
            return;
        }
        used += (size_t)w;
    }
}

static int unknown_feature(const Dataset *ds, const char *option, const char *p, size_t n,
                           Error *err)
{
    char have[300];
    list_features(ds, have, sizeof have);
    bool is_target = ds->target_name && strncmp(ds->target_name, p, n) == 0 &&
                     ds->target_name[n] == '\0';
    if (is_target)
        return error_set(err, ERR_USAGE, "%s: '%.*s' is the target of %s, not a feature", option,
                         (int)(n > 200 ? 200 : n), p, ds->name ? ds->name : "the data");
    return error_set(err, ERR_USAGE, "%s: %s has no column named '%.*s' (its features: %s)",
                     option, ds->name ? ds->name : "the data", (int)(n > 200 ? 200 : n), p, have);
}

/* keep[j] = position in the output, or -1. */
static int mark_columns(const Dataset *ds, const char *columns, const char *drop, int *keep,
                        Error *err)
{
    int d = ds->X.cols, next = 0;
    for (int j = 0; j < d; j++)
        keep[j] = columns ? -1 : j;
    for (const char *p = columns; p && *p;) {
        size_t n = strcspn(p, ",");
        int j = feature_index(ds, p, n);
        if (j < 0)
            return unknown_feature(ds, "--columns", p, n, err);
        if (keep[j] < 0)
            keep[j] = next++;
        p += n + (p[n] == ',');
    }
    for (const char *p = drop; p && *p;) {
        size_t n = strcspn(p, ",");
        int j = feature_index(ds, p, n);
        if (j < 0)
            return unknown_feature(ds, "--drop", p, n, err);
        keep[j] = -1;
        p += n + (p[n] == ',');
    }
    return 0;
}

/* Close the gaps the dropped features left: positions 0, 1, ... in order. */
static int compact(int *keep, int d)
{
    int *at = malloc((size_t)(d > 0 ? d : 1) * sizeof *at);
    if (!at)
        return -1;
    for (int pos = 0; pos < d; pos++)
        at[pos] = -1;
    for (int j = 0; j < d; j++)
        if (keep[j] >= 0)
            at[keep[j]] = j;
    for (int pos = 0, next = 0; pos < d; pos++)
        if (at[pos] >= 0)
            keep[at[pos]] = next++;
    free(at);
    return 0;
}

/* Move the kept columns (keep[j] >= 0) to their places in a new X. */
static int rebuild(Dataset *ds, const int *keep, int d_out, Error *err)
{
    Mat X;
    int d = ds->X.cols;
    if (mat_alloc(&X, ds->X.rows, d_out, err) < 0)
        return -1;
    char **names = calloc((size_t)d_out, sizeof *names);
    int *ncat = ds->n_categories ? calloc((size_t)d_out, sizeof *ncat) : NULL;
    char ***cats = ds->n_categories ? calloc((size_t)d_out, sizeof *cats) : NULL;
    if (!names || (ds->n_categories && (!ncat || !cats))) {
        free(names), free(ncat), free(cats), mat_free(&X);
        return error_set(err, ERR_NOMEM, "out of memory choosing features");
    }
    for (int i = 0; i < ds->X.rows; i++)
        for (int j = 0; j < d; j++)
            if (keep[j] >= 0)
                X.data[(size_t)i * d_out + keep[j]] = ds->X.data[(size_t)i * d + j];
    for (int j = 0; j < d; j++) {
        int t = keep[j];
        if (t >= 0 && ncat) {
            ncat[t] = ds->n_categories[j], cats[t] = ds->categories[j];
            ds->categories[j] = NULL, ds->n_categories[j] = 0;
        }
        if (t >= 0)
            names[t] = ds->feature_names[j], ds->feature_names[j] = NULL;
        free(ds->feature_names[j]);
    }
    dataset_categories_free(ds);
    free(ds->feature_names);
    mat_free(&ds->X);
    ds->X = X, ds->feature_names = names, ds->n_categories = ncat, ds->categories = cats;
    return 0;
}

int dataset_select_features(Dataset *ds, const char *columns, const char *drop, Error *err)
{
    if (!columns && !drop)
        return 0;
    int d = ds->X.cols;
    int *keep = malloc((size_t)(d > 0 ? d : 1) * sizeof *keep);
    if (!keep)
        return error_set(err, ERR_NOMEM, "out of memory choosing features");
    int rc = mark_columns(ds, columns, drop, keep, err);
    if (rc == 0 && compact(keep, d) < 0)
        rc = error_set(err, ERR_NOMEM, "out of memory choosing features");
    int d_out = 0;
    for (int j = 0; j < d; j++)
        d_out += keep[j] >= 0;
    if (rc == 0 && d_out == 0)
        rc = error_set(err, ERR_USAGE, "--columns/--drop leave no feature of %s",
                       ds->name ? ds->name : "the data");
    if (rc == 0)
        rc = rebuild(ds, keep, d_out, err);
    free(keep);
    return rc;
}

/* ---- a test file's categories in the training file's terms --------------- */

static int find_text(char *const *v, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (strcmp(v[i], s) == 0)
            return i;
    return -1;
}

/* Re-code feature j of test; its categories become train's. */
static int adopt_column(const Dataset *train, Dataset *test, int j)
{
    int kt = test->n_categories[j], k = train->n_categories[j];
    int *map = malloc((size_t)(kt > 0 ? kt : 1) * sizeof *map);
    char **names = copy_texts(train->categories[j], k);
    if (!map || !names) {
        free(map);
        free(names);
        return -1;
    }
    for (int c = 0; c < kt; c++)
        map[c] = find_text(train->categories[j], k, test->categories[j][c]);
    for (int i = 0; i < test->X.rows; i++) {
        float *v = &test->X.data[(size_t)i * (size_t)test->X.cols + (size_t)j];
        if (isfinite(*v))
            *v = (float)map[(int)*v];
    }
    free(map);
    for (int c = 0; c < kt; c++)
        free(test->categories[j][c]);
    free(test->categories[j]);
    test->categories[j] = names;
    test->n_categories[j] = k;
    return 0;
}

int dataset_adopt_categories(const Dataset *train, Dataset *test, const char *label,
                             Error *err)
{
    if (!train->n_categories && !test->n_categories)
        return 0;
    int d = train->X.cols;
    if (!test->n_categories &&
        !(test->n_categories = calloc((size_t)d, sizeof *test->n_categories)))
        return error_set(err, ERR_NOMEM, "out of memory");
    if (!test->categories && !(test->categories = calloc((size_t)d, sizeof *test->categories)))
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int j = 0; j < d && j < test->X.cols; j++) {
        int k = train->n_categories ? train->n_categories[j] : 0;
        if ((k > 0) != (test->n_categories[j] > 0) && test->X.rows > 0)
            return error_set(err, ERR_DATA,
                             "%s: feature '%s' holds %s here but %s in the training file",
                             label, train->feature_names[j],
                             k > 0 ? "numbers" : "categories (text)",
                             k > 0 ? "categories (text)" : "numbers");
        if (k > 0 && adopt_column(train, test, j) < 0)
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    return 0;
}
