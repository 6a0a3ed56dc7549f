/* text_corpus.c - reading document collections: the fortunes set (Debian's
 * `fortunes` package, 13 inoffensive categories as labels), a plain text
 * file with one document per line, or a CSV file with a text column and a
 * label column.  Documents keep their bytes; text_tokenize decodes them. */
#include "text.h"

#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "budget.h"
#include "paths.h"

const char *const text_fortunes_categories[] = {
    "computers", "education", "food",        "law",     "linux",    "medicine", "politics",
    "science",   "songs-poems", "sports",    "startrek", "wisdom",  "work",
};
const int text_fortunes_n_categories =
    (int)(sizeof text_fortunes_categories / sizeof text_fortunes_categories[0]);

void text_corpus_free(TextCorpus *c)
{
    if (!c)
        return;
    for (int i = 0; c->docs && i < c->n_docs; i++)
        free(c->docs[i]);
    free(c->docs);
    free(c->label);
    for (int k = 0; c->class_names && k < c->n_classes; k++)
        free(c->class_names[k]);
    free(c->class_names);
    free(c->name);
    memset(c, 0, sizeof *c);
}

/* ---------------------------------------------------------------- helpers */

static int read_all(const char *path, char **out, size_t *len, Error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    int rc = budget_read_file(f, path, "text file", 1, 0, out, len, err);
    fclose(f);
    return rc;
}

/* Append a copy of text[0..len) as a document with label (or -1). */
static int add_doc(TextCorpus *c, int *cap, const char *text, size_t len, int label, Error *err)
{
    if (c->n_docs == *cap) {
        int nc = *cap ? 2 * *cap : 256;
        char **d = realloc(c->docs, (size_t)nc * sizeof *d);
        if (d)
            c->docs = d;
        int *l = d ? realloc(c->label, (size_t)nc * sizeof *l) : NULL;
        if (!l)
            return error_set(err, ERR_NOMEM, "out of memory reading documents");
        c->label = l;
        *cap = nc;
    }
    char *s = malloc(len + 1);
    if (!s)
        return error_set(err, ERR_NOMEM, "out of memory reading documents");
    memcpy(s, text, len);
    s[len] = '\0';
    c->docs[c->n_docs] = s;
    c->label[c->n_docs++] = label;
    return 0;
}

static bool all_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r' && s[i] != '\f' &&
            s[i] != '\v')
            return false;
    return true;
}

static int set_name(TextCorpus *c, const char *path, Error *err)
{
    const char *slash = strrchr(path, '/');
    c->name = strdup(slash ? slash + 1 : path);
    return c->name ? 0 : error_set(err, ERR_NOMEM, "out of memory");
}

/* ---------------------------------------------------------------- fortunes */

/* Add buf[start..end) as a text unless it is blank; the newline before a
 * separator is not part of the text. */
static int add_fortune(TextCorpus *c, int *cap, const char *buf, size_t start, size_t end,
                       int label, Error *err)
{
    if (end > start && buf[end - 1] == '\n')
        end--;
    if (end <= start || all_space(buf + start, end - start))
        return 0;
    return add_doc(c, cap, buf + start, end - start, label, err);
}

/* The texts of one fortune file: separated by lines holding only '%'. */
static int split_fortunes(TextCorpus *c, int *cap, const char *buf, size_t len, int label,
                          Error *err)
{
    size_t start = 0, pos = 0;
    while (pos <= len) {
        const char *nl = memchr(buf + pos, '\n', len - pos);
        size_t eol = nl ? (size_t)(nl - buf) : len;
        bool sep = eol - pos == 1 && buf[pos] == '%';
        if ((sep || eol >= len) &&
            add_fortune(c, cap, buf, start, sep ? pos : len, label, err) < 0)
            return -1;
        if (sep)
            start = eol + 1;
        pos = eol + 1;
    }
    return 0;
}

static int fortunes_classes(TextCorpus *c, Error *err)
{
    int k = text_fortunes_n_categories;
    c->class_names = calloc((size_t)k, sizeof *c->class_names);
    if (!c->class_names)
        return error_set(err, ERR_NOMEM, "out of memory");
    c->n_classes = k;
    for (int i = 0; i < k; i++)
        if (!(c->class_names[i] = strdup(text_fortunes_categories[i])))
            return error_set(err, ERR_NOMEM, "out of memory");
    return 0;
}

int text_corpus_fortunes(TextCorpus *c, const char *dir, Error *err)
{
    memset(c, 0, sizeof *c);
    if (!dir)
        dir = getenv("MLLAB_FORTUNES_DIR");
    if (!dir || !*dir)
        dir = TEXT_FORTUNES_DIR;
    int cap = 0, rc = 0;
    for (int k = 0; k < text_fortunes_n_categories && rc == 0; k++) {
        char path[PATH_MAX], *buf = NULL;
        size_t len = 0;
        if (!path_join(path, sizeof path, dir, text_fortunes_categories[k])) {
            rc = error_set(err, ERR_IO, "%s: path too long", dir);
        } else if (read_all(path, &buf, &len, NULL) < 0) {
            rc = error_set(err, ERR_IO,
                           "fortunes is not installed (%s: %s); install Debian's package "
                           "with: apt-get install fortunes",
                           path, strerror(errno));
        } else {
            rc = split_fortunes(c, &cap, buf, len, k, err);
            free(buf);
        }
    }
    if (rc == 0)
        rc = fortunes_classes(c, err);
    if (rc == 0 && !(c->name = strdup("fortunes")))
        rc = error_set(err, ERR_NOMEM, "out of memory");
    if (rc < 0)
        text_corpus_free(c);
    return rc;
}

/* ---------------------------------------------------------------- lines */

int text_corpus_lines(TextCorpus *c, const char *path, Error *err)
{
    memset(c, 0, sizeof *c);
    char *buf;
    size_t len;
    if (read_all(path, &buf, &len, err) < 0)
        return -1;
    int cap = 0, rc = 0;
    size_t pos = 0;
    while (pos < len && rc == 0) {
        size_t eol = pos;
        while (eol < len && buf[eol] != '\n')
            eol++;
        size_t end = eol > pos && buf[eol - 1] == '\r' ? eol - 1 : eol;
        rc = add_doc(c, &cap, buf + pos, end - pos, -1, err);
        pos = eol + 1;
    }
    free(buf);
    if (rc == 0 && c->n_docs == 0)
        rc = error_set(err, ERR_DATA, "%s: the corpus is empty (no lines)", path);
    if (rc == 0)
        rc = set_name(c, path, err);
    free(c->label); /* unlabelled */
    c->label = NULL;
    if (rc < 0)
        text_corpus_free(c);
    return rc;
}

/* ---------------------------------------------------------------- labels */

static int by_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The distinct strings of texts[0..n), sorted, into a new array (*k of
 * them, borrowed pointers); NULL when out of memory. */
static char **distinct_sorted(char *const *texts, size_t n, int *k)
{
    char **sorted = malloc((n > 0 ? n : 1) * sizeof *sorted);
    if (!sorted)
        return NULL;
    for (size_t i = 0; i < n; i++)
        sorted[i] = texts[i];
    qsort(sorted, n, sizeof *sorted, by_str);
    *k = 0;
    for (size_t i = 0; i < n; i++)
        if (*k == 0 || strcmp(sorted[*k - 1], sorted[i]) != 0)
            sorted[(*k)++] = sorted[i];
    return sorted;
}

/* Turn label texts (one per document) into sorted classes. */
static int assign_classes(TextCorpus *c, char **texts, Error *err)
{
    int n = c->n_docs, k = 0;
    char **sorted = distinct_sorted(texts, (size_t)(n > 0 ? n : 0), &k);
    if (!sorted)
        return error_set(err, ERR_NOMEM, "out of memory for the labels");
    c->class_names = calloc((size_t)(k > 0 ? k : 1), sizeof *c->class_names);
    if (!c->class_names) {
        free(sorted);
        return error_set(err, ERR_NOMEM, "out of memory for the labels");
    }
    for (int i = 0; i < n; i++) {
        char **hit = bsearch(&texts[i], sorted, (size_t)k, sizeof *sorted, by_str);
        c->label[i] = (int)(hit - sorted);
    }
    for (int j = 0; j < k; j++)
        c->class_names[j] = strdup(sorted[j]);
    c->n_classes = k;
    free(sorted);
    for (int j = 0; j < k; j++)
        if (!c->class_names[j])
            return error_set(err, ERR_NOMEM, "out of memory for the labels");
    return 0;
}

/* ---------------------------------------------------------------- CSV */

typedef struct CsvText {
    TextCorpus *c;
    const char *path, *text_name, *label_name;
    int text_col, label_col; /* -1: not (yet) found */
    int field, row, cap, label_cap;
    char *text, *label;      /* this row's fields */
    size_t text_len;
    char **labels;           /* one per document */
    int n_labels;            /* labels filled so far */
    int failed;
    Error *err;
} CsvText;

static void on_field(void *s, size_t len, void *data)
{
    CsvText *r = data;
    if (r->row == 0) {
        if (strcmp(s, r->text_name) == 0)
            r->text_col = r->field;
        else if (r->label_name && strcmp(s, r->label_name) == 0)
            r->label_col = r->field;
    } else if (r->field == r->text_col) {
        free(r->text);
        r->text = strndup(s, len);
        r->text_len = len;
    } else if (r->field == r->label_col) {
        free(r->label);
        r->label = strndup(s, len);
    }
    r->field++;
}

static int keep_label(CsvText *r)
{
    if (r->label_col < 0)
        return 0;
    if (r->c->n_docs > r->label_cap) {
        int nc = r->c->n_docs * 2;
        char **l = realloc(r->labels, (size_t)nc * sizeof *l);
        if (!l)
            return error_set(r->err, ERR_NOMEM, "out of memory reading %s", r->path);
        r->labels = l;
        r->label_cap = nc;
    }
    if (!r->label)
        return error_set(r->err, ERR_DATA, "%s:%d: the row has no '%s' field", r->path,
                         r->row + 1, r->label_name);
    r->labels[r->n_labels++] = r->label;
    r->label = NULL;
    return 0;
}

static void on_row(int term, void *data)
{
    (void)term;
    CsvText *r = data;
    if (r->failed) {
        r->row++;
        return;
    }
    if (r->row == 0 && r->text_col < 0) {
        r->failed = error_set(r->err, ERR_DATA, "%s:1: no column named '%s' (the text column)",
                              r->path, r->text_name);
    } else if (r->row > 0) {
        if (!r->text)
            r->failed = error_set(r->err, ERR_DATA, "%s:%d: the row has no '%s' field", r->path,
                                  r->row + 1, r->text_name);
        else if (add_doc(r->c, &r->cap, r->text, r->text_len, -1, r->err) < 0 ||
                 keep_label(r) < 0)
            r->failed = -1;
    }
    free(r->text);
    free(r->label);
    r->text = r->label = NULL;
    r->field = 0;
    r->row++;
}

static int parse_text_csv(CsvText *r, const char *buf, size_t len)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0)
        return error_set(r->err, ERR_NOMEM, "out of memory for the CSV parser");
    if (csv_parse(&p, buf, len, on_field, on_row, r) != len && !r->failed)
        r->failed = error_set(r->err, ERR_DATA, "%s: %s", r->path,
                              csv_strerror(csv_error(&p)));
    if (!r->failed)
        csv_fini(&p, on_field, on_row, r);
    csv_free(&p);
    return r->failed ? -1 : 0;
}

/* After parsing: the checks, and the classes when there is a label column. */
static int finish_csv(TextCorpus *c, CsvText *r, bool label_required)
{
    if (c->n_docs == 0)
        return error_set(r->err, ERR_DATA, "%s: the corpus is empty (no rows after the header)",
                         r->path);
    if (label_required && r->label_col < 0)
        return error_set(r->err, ERR_USAGE, "%s: no column named '%s' (the label column)",
                         r->path, r->label_name);
    if (r->label_col >= 0)
        return assign_classes(c, r->labels, r->err);
    free(c->label); /* unlabelled */
    c->label = NULL;
    return 0;
}

int text_corpus_csv(TextCorpus *c, const char *path, const char *text_column,
                    const char *label_column, Error *err)
{
    memset(c, 0, sizeof *c);
    char *buf;
    size_t len;
    if (read_all(path, &buf, &len, err) < 0)
        return -1;
    CsvText r = { .c = c, .path = path, .text_name = text_column ? text_column : "text",
                  .label_name = label_column ? label_column : "label", .text_col = -1,
                  .label_col = -1, .err = err };
    int rc = parse_text_csv(&r, buf, len);
    free(buf);
    free(r.text);
    free(r.label);
    if (rc == 0)
        rc = finish_csv(c, &r, label_column != NULL);
    for (int i = 0; i < r.n_labels; i++)
        free(r.labels[i]);
    free(r.labels);
    if (rc == 0)
        rc = set_name(c, path, err);
    if (rc < 0)
        text_corpus_free(c);
    return rc;
}

int text_corpus_load(TextCorpus *c, const char *name_or_path, const char *text_column,
                     const char *label_column, Error *err)
{
    memset(c, 0, sizeof *c);
    if (!name_or_path || !*name_or_path)
        return error_set(err, ERR_USAGE, "no corpus given");
    if (strcmp(name_or_path, "fortunes") == 0)
        return text_corpus_fortunes(c, NULL, err);
    size_t n = strlen(name_or_path);
    if (n >= 4 && strcasecmp(name_or_path + n - 4, ".csv") == 0)
        return text_corpus_csv(c, name_or_path, text_column, label_column, err);
    return text_corpus_lines(c, name_or_path, err);
}
