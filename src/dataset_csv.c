/* dataset_csv.c - reading a Dataset from CSV text with libcsv.
 *
 * The text is fed to libcsv one physical line at a time, so that when a
 * field or a row is reported we know which line it is on, even when quoted
 * fields contain newlines.  Line numbers are 1-based with the header as
 * line 1; columns are 1-based field indices.  Every problem is reported as
 * "FILE:LINE:COLUMN: what is wrong" and nothing is guessed: an empty or
 * non-numeric feature is an error, as are ragged rows, malformed quotes,
 * NUL bytes and text that is not UTF-8.
 *
 * Nothing here has a fixed size: a header of hundreds of thousands of
 * columns grows the arrays like any other. */
#include "dataset.h"
#include "csv_columns.h"
#include "csv_cells.h"

#include <csv.h>
#include <errno.h>
#include <float.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "budget.h"

/* A numeric target with more distinct values than this is a regression
 * target only (no classes are made from it). */
#define MAX_NUMERIC_CLASSES 100

/* libcsv's parser state between rows (ROW_NOT_BEGUN in libcsv.c). */
#define CSV_STATE_ROW_NOT_BEGUN 0

/* ---- the distinct target labels ----------------------------------------- */

typedef struct Label {
    char *text;
    bool numeric;
    double value;
} Label;

/* Distinct label strings, interned in an open-addressing hash table. */
typedef struct LabelSet {
    Label *items;
    int count, cap;
    int *slots; /* index into items, or -1; n_slots is a power of two */
    size_t n_slots;
} LabelSet;

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

static void labels_free(LabelSet *ls)
{
    for (int i = 0; i < ls->count; i++)
        free(ls->items[i].text);
    free(ls->items);
    free(ls->slots);
    memset(ls, 0, sizeof *ls);
}

static int labels_grow_table(LabelSet *ls)
{
    size_t n = ls->n_slots ? ls->n_slots * 2 : 64;
    int *slots = malloc(n * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < n; i++)
        slots[i] = -1;
    for (int k = 0; k < ls->count; k++) {
        const char *t = ls->items[k].text;
        size_t j = hash_bytes(t, strlen(t)) & (n - 1);
        while (slots[j] >= 0)
            j = (j + 1) & (n - 1);
        slots[j] = k;
    }
    free(ls->slots);
    ls->slots = slots;
    ls->n_slots = n;
    return 0;
}

/* Index of the label s (length n, no NUL inside), added if new; -1 on OOM. */
static int labels_intern(LabelSet *ls, const char *s, size_t n)
{
    if ((size_t)ls->count * 2 >= ls->n_slots && labels_grow_table(ls) < 0)
        return -1;
    size_t mask = ls->n_slots - 1;
    size_t j = hash_bytes(s, n) & mask;
    while (ls->slots[j] >= 0) {
        const char *t = ls->items[ls->slots[j]].text;
        if (strncmp(t, s, n) == 0 && t[n] == '\0')
            return ls->slots[j];
        j = (j + 1) & mask;
    }
    if (ls->count == ls->cap) {
        int cap = ls->cap ? ls->cap * 2 : 16;
        Label *items = realloc(ls->items, (size_t)cap * sizeof *items);
        if (!items)
            return -1;
        ls->items = items;
        ls->cap = cap;
    }
    char *text = strndup(s, n);
    if (!text)
        return -1;
    ls->items[ls->count] = (Label){ text, false, 0.0 };
    ls->slots[j] = ls->count;
    return ls->count++;
}

/* ---- the parse state ----------------------------------------------------- */

typedef struct CsvReader {
    const char *label;    /* file name for messages */
    const char *target_column;
    bool require_target;
    locale_t c_locale;    /* numbers are read with '.' whatever the user's locale */
    Error *err;
    bool failed;

    long line;            /* the physical line being fed to libcsv */
    long row_line;        /* the line where the current row began */
    long field_line;      /* the line where the current field began */
    int field;            /* 0-based index of the next field in the row */
    bool in_header;
    long header_line;     /* where the header row began (blank lines may precede it) */

    /* header */
    char **names;
    int n_names, cap_names;
    int target_index;     /* column of the target, or -1 */
    int d;                /* feature count */

    /* data */
    float *values;        /* rows x d */
    size_t cap_values;    /* in floats */
    int *row_label;       /* label index per row */
    size_t cap_rows;
    int rows;
    LabelSet labels;
    CsvColumns *cols;     /* CsvOptions: missing cells, categories (or NULL) */
    const DatasetProgress *progress; /* CsvOptions: the loading progress (or NULL) */
    double reported;      /* the last fraction passed to it */
} CsvReader;

#define CSV_PROGRESS_LINES 4096 /* lines between two progress reports */

/* Every CSV_PROGRESS_LINES lines, the share of the bytes parsed (at most
 * 0.99: the end, 1, is reported by dataset_load_csv_opts). */
static void csv_progress(CsvReader *r, size_t pos, size_t len)
{
    if (!r->progress || !r->progress->fn || r->line % CSV_PROGRESS_LINES != 0 || len == 0)
        return;
    double f = 0.99 * (double)pos / (double)len;
    if (f > r->reported) {
        r->reported = f;
        r->progress->fn(f, r->progress->ctx);
    }
}

static void oom(CsvReader *r)
{
    if (!r->failed)
        error_set(r->err, ERR_NOMEM, "%s:%ld: out of memory", r->label, r->line);
    r->failed = true;
}

/* Record a data error at (line, column) unless one is already recorded. */
static void fail_at(CsvReader *r, long line, int column, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void fail_at(CsvReader *r, long line, int column, const char *fmt, ...)
{
    if (r->failed)
        return;
    r->failed = true;
    if (!r->err)
        return;
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    error_set(r->err, ERR_DATA, "%s:%ld:%d: %s", r->label, line, column, what);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need) {
        if (c > SIZE_MAX / 2 / elem)
            return -1;
        c *= 2;
    }
    void *q = realloc(*p, c * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* ---- libcsv callbacks ---------------------------------------------------- */

static void header_field(CsvReader *r, const char *s, size_t n)
{
    int column = r->field + 1;
    if (memchr(s, '\0', n)) {
        fail_at(r, r->field_line, column,
                "binary data (a NUL byte) in the header; this is not a CSV text file");
        return;
    }
    if (!csv_is_clean_text(s, n)) {
        char shown[200];
        csv_quote_cell(shown, sizeof shown, s, n);
        fail_at(r, r->field_line, column,
                "column name '%s' is not valid UTF-8 text (binary data?)", shown);
        return;
    }
    if (r->n_names == INT_MAX - 1) {
        fail_at(r, r->field_line, column, "too many columns");
        return;
    }
    size_t cap = (size_t)r->cap_names;
    if (grow((void **)&r->names, &cap, (size_t)r->n_names + 1, sizeof *r->names) < 0) {
        oom(r);
        return;
    }
    r->cap_names = (int)(cap > INT_MAX ? INT_MAX : cap);
    char *name;
    if (n == 0) {
        char buf[32];
        snprintf(buf, sizeof buf, "column_%d", column);
        name = strdup(buf);
    } else {
        name = strndup(s, n);
    }
    if (!name) {
        oom(r);
        return;
    }
    r->names[r->n_names++] = name;
}

/* Once the header is complete: find the target column, check the names. */
static void header_done(CsvReader *r)
{
    /* Duplicate names: intern them in order; a name already seen comes back
     * with the index of its first column. */
    int n = r->n_names;
    LabelSet seen = { 0 };
    for (int i = 0; i < n; i++) {
        int first = labels_intern(&seen, r->names[i], strlen(r->names[i]));
        if (first < 0) {
            labels_free(&seen);
            oom(r);
            return;
        }
        if (first != i) {
            char shown[200];
            labels_free(&seen);
            fail_at(r, r->header_line, i + 1, "duplicate column name '%s' (also column %d)",
                    csv_shown_name(shown, sizeof shown, r->names[i]), first + 1);
            return;
        }
    }
    labels_free(&seen);

    r->target_index = -1;
    if (r->target_column) {
        for (int i = 0; i < n; i++)
            if (strcmp(r->names[i], r->target_column) == 0)
                r->target_index = i;
        if (r->target_index < 0 && r->require_target) {
            char shown[200];
            csv_quote_cell(shown, sizeof shown, r->target_column, strlen(r->target_column));
            r->failed = true;
            error_set(r->err, ERR_USAGE, "%s:%ld: no column named '%s' for the target", r->label,
                      r->header_line, shown);
            return;
        }
    } else {
        r->target_index = n - 1;
    }
    r->d = r->target_index >= 0 ? n - 1 : n;
    if (r->cols &&
        csv_columns_header(r->cols, r->names, n, r->target_index, r->label, r->err) < 0) {
        r->failed = true;
        return;
    }
    if (r->d == 0) {
        char name[200];
        fail_at(r, r->header_line, 1, "no feature columns (only the target '%s')",
                csv_shown_name(name, sizeof name, r->names[0]));
    }
}

/* CsvOptions' part of a feature cell (csv_columns.h): true when it is done
 * with (taken, or an error recorded). */
static bool column_cell(CsvReader *r, int j, const char *s, size_t n, float *slot)
{
    int taken = csv_columns_cell(r->cols, j, s, n, slot);
    char name[200];
    if (taken < 0)
        oom(r);
    if (taken == 2)
        fail_at(r, r->field_line, r->field + 1,
                "'%.*s' in feature '%s' marks a missing value (missing values are not imputed)",
                (int)(n > 40 ? 40 : n), s, csv_shown_name(name, sizeof name, r->names[r->field]));
    return taken != 0;
}

static void data_field(CsvReader *r, const char *s, size_t n)
{
    int f = r->field;
    int column = f + 1;
    char name[200];
    if (f >= r->n_names) {
        if (f == r->n_names)
            fail_at(r, r->field_line, column, "too many fields: the header has %d columns",
                    r->n_names);
        return;
    }
    if (memchr(s, '\0', n)) {
        fail_at(r, r->field_line, column,
                "binary data (a NUL byte); this is not a CSV text file");
        return;
    }
    if (f == r->target_index) {
        if (!csv_is_clean_text(s, n)) {
            char shown[200];
            csv_quote_cell(shown, sizeof shown, s, n);
            fail_at(r, r->field_line, column, "label '%s' is not valid UTF-8 text (binary data?)",
                    shown);
            return;
        }
        size_t a = 0, b = n;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        if (a == b) {
            fail_at(r, r->field_line, column, "empty target value in column '%s'",
                    csv_shown_name(name, sizeof name, r->names[f]));
            return;
        }
        int id = labels_intern(&r->labels, s + a, b - a);
        if (id < 0) {
            oom(r);
            return;
        }
        r->row_label[r->rows] = id;
        return;
    }
    int j = (r->target_index >= 0 && f > r->target_index) ? f - 1 : f;
    float *slot = &r->values[(size_t)r->rows * (size_t)r->d + (size_t)j];
    if (column_cell(r, j, s, n, slot))
        return;
    double v;
    const char *why;
    if (csv_parse_number(s, n, r->c_locale, &v, &why) < 0) {
        if (strcmp(why, "empty") == 0) {
            fail_at(r, r->field_line, column,
                    "empty value in feature '%s' (missing values are not imputed)",
                    csv_shown_name(name, sizeof name, r->names[f]));
        } else {
            char shown[200];
            csv_quote_cell(shown, sizeof shown, s, n);
            fail_at(r, r->field_line, column, "'%s' in feature '%s' is %s", shown,
                    csv_shown_name(name, sizeof name, r->names[f]), why);
        }
        return;
    }
    if (fabs(v) > FLT_MAX) {
        char shown[200];
        csv_quote_cell(shown, sizeof shown, s, n);
        fail_at(r, r->field_line, column, "'%s' in feature '%s' is too large for a float", shown,
                csv_shown_name(name, sizeof name, r->names[f]));
        return;
    }
    *slot = (float)v;
}

static void on_field(void *s, size_t n, void *ctx)
{
    CsvReader *r = ctx;
    if (!r->failed) {
        if (r->in_header)
            header_field(r, s, n);
        else
            data_field(r, s, n);
    }
    r->field++;
    /* The next field starts right after the delimiter, on this line. */
    r->field_line = r->line;
}

/* Make room for one more data row before its fields arrive. */
static void begin_row(CsvReader *r)
{
    if ((size_t)r->rows + 1 > (size_t)INT_MAX) {
        fail_at(r, r->row_line, 1, "too many rows");
        return;
    }
    size_t need = ((size_t)r->rows + 1) * (size_t)r->d;
    if (grow((void **)&r->values, &r->cap_values, need, sizeof *r->values) < 0 ||
        grow((void **)&r->row_label, &r->cap_rows, (size_t)r->rows + 1, sizeof *r->row_label) < 0)
        oom(r);
}

static void on_row(int c, void *ctx)
{
    (void)c;
    CsvReader *r = ctx;
    if (!r->failed) {
        if (r->in_header) {
            r->in_header = false;
            r->header_line = r->row_line;
            header_done(r);
        } else if (r->field < r->n_names) {
            fail_at(r, r->line, r->field + 1,
                    "too few fields: %d of the header's %d columns", r->field, r->n_names);
        } else {
            r->rows++;
        }
        if (!r->failed)
            begin_row(r);
    }
    r->field = 0;
}

/* ---- turning the labels into classes and targets ------------------------- */

static int cmp_label_numeric(const void *a, const void *b)
{
    const Label *x = *(Label *const *)a, *y = *(Label *const *)b;
    return (x->value > y->value) - (x->value < y->value);
}

static int cmp_label_text(const void *a, const void *b)
{
    const Label *x = *(Label *const *)a, *y = *(Label *const *)b;
    return strcmp(x->text, y->text);
}

/* Fill ds's target fields from r's labels. */
static int build_target(CsvReader *r, Dataset *ds)
{
    LabelSet *ls = &r->labels;
    int nl = ls->count;
    bool all_numeric = true;
    for (int k = 0; k < nl; k++) {
        Label *l = &ls->items[k];
        const char *why;
        l->numeric = csv_parse_number(l->text, strlen(l->text), r->c_locale, &l->value, &why) == 0;
        if (!l->numeric)
            all_numeric = false;
    }
    Label **sorted = malloc((size_t)(nl > 0 ? nl : 1) * sizeof *sorted);
    int *class_of = malloc((size_t)(nl > 0 ? nl : 1) * sizeof *class_of);
    if (!sorted || !class_of) {
        free(sorted);
        free(class_of);
        return error_set(r->err, ERR_NOMEM, "%s: out of memory", r->label);
    }
    for (int k = 0; k < nl; k++)
        sorted[k] = &ls->items[k];
    qsort(sorted, (size_t)nl, sizeof *sorted, all_numeric ? cmp_label_numeric : cmp_label_text);

    /* Classes: distinct values in order (labels "1" and "1.0" are one class,
     * named as first written in sorted order). */
    int n_classes = 0;
    for (int k = 0; k < nl; k++) {
        bool same = k > 0 && (all_numeric ? sorted[k]->value == sorted[k - 1]->value
                                          : strcmp(sorted[k]->text, sorted[k - 1]->text) == 0);
        if (!same)
            n_classes++;
        class_of[sorted[k] - ls->items] = n_classes - 1;
    }
    bool make_classes = !all_numeric || n_classes <= MAX_NUMERIC_CLASSES;
    int n = r->rows;
    size_t rows_alloc = n > 0 ? (size_t)n : 1;
    int rc = 0;
    if (all_numeric) {
        ds->target = malloc(rows_alloc * sizeof *ds->target);
        if (!ds->target)
            rc = -1;
        for (int i = 0; rc == 0 && i < n; i++)
            ds->target[i] = (float)ls->items[r->row_label[i]].value;
    }
    if (rc == 0 && make_classes) {
        ds->y = malloc(rows_alloc * sizeof *ds->y);
        ds->class_names = calloc((size_t)(n_classes > 0 ? n_classes : 1), sizeof(char *));
        if (!ds->y || !ds->class_names)
            rc = -1;
        ds->n_classes = ds->class_names ? n_classes : 0;
        for (int k = 0, c = -1; rc == 0 && k < nl; k++) {
            int ck = class_of[sorted[k] - ls->items];
            if (ck != c) {
                c = ck;
                if (!(ds->class_names[c] = strdup(sorted[k]->text)))
                    rc = -1;
            }
        }
        for (int i = 0; rc == 0 && i < n; i++)
            ds->y[i] = class_of[r->row_label[i]];
    }
    free(sorted);
    free(class_of);
    if (rc < 0)
        return error_set(r->err, ERR_NOMEM, "%s: out of memory", r->label);
    return 0;
}

/* ---- the entry points ---------------------------------------------------- */

static void reader_free(CsvReader *r)
{
    if (r->names) {
        for (int i = 0; i < r->n_names; i++)
            free(r->names[i]);
        free(r->names);
    }
    free(r->values);
    free(r->row_label);
    labels_free(&r->labels);
    csv_columns_free(r->cols);
    if (r->c_locale)
        freelocale(r->c_locale);
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Feed data to libcsv line by line (see the top of the file). */
static void feed_lines(CsvReader *r, struct csv_parser *p, const char *data, size_t len)
{
    size_t pos = 0;
    r->line = 0;
    while (pos < len && !r->failed) {
        size_t end = pos;
        while (end < len && data[end] != '\n' && data[end] != '\r')
            end++;
        if (end < len) {
            if (data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
                end++;
            end++; /* include the line break */
        }
        r->line++;
        csv_progress(r, pos, len);
        if (p->pstate == CSV_STATE_ROW_NOT_BEGUN) {
            /* Not inside a multi-line quoted field: a row may start here. */
            r->row_line = r->line;
            r->field_line = r->line;
        }
        size_t used = csv_parse(p, data + pos, end - pos, on_field, on_row, r);
        if (r->failed)
            return;
        if (used != end - pos) {
            if (csv_error(p) == CSV_ENOMEM || csv_error(p) == CSV_ETOOBIG) {
                oom(r);
            } else {
                fail_at(r, r->line, r->field + 1,
                        "misplaced quote: a quote inside an unquoted field, or text after a "
                        "closing quote (quote the whole field and double inner quotes)");
            }
            return;
        }
        pos = end;
    }
}

int dataset_parse_csv(Dataset *ds, const char *data, size_t len, const char *label,
                      const char *target_column, bool require_target, Error *err)
{
    return dataset_parse_csv_opts(ds, data, len, label, target_column, require_target, NULL, err);
}

/* CsvOptions: the column work and the separator (detected when not given). */
static int apply_options(CsvReader *r, struct csv_parser *p, CsvOptions *o, const char *data,
                         size_t len)
{
    r->progress = &o->progress;
    if (!(r->cols = csv_columns_new(o)))
        return -1;
    o->sep_used = o->sep ? o->sep : csv_detect_sep(data, len);
    csv_set_delim(p, (unsigned char)o->sep_used);
    return 0;
}

int dataset_parse_csv_opts(Dataset *ds, const char *data, size_t len, const char *label,
                           const char *target_column, bool require_target, CsvOptions *o,
                           Error *err)
{
    memset(ds, 0, sizeof *ds);
    if (!label)
        label = "(csv)";
    /* A UTF-8 byte-order mark (as spreadsheets write) is not part of the data. */
    if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
        data += 3;
        len -= 3;
    }
    if (len >= 2 && (unsigned char)data[0] == 0x1f && (unsigned char)data[1] == 0x8b)
        return error_set(err, ERR_DATA, "%s:1:1: gzip-compressed data; decompress it first",
                         label);

    CsvReader r;
    memset(&r, 0, sizeof r);
    r.label = label;
    r.target_column = target_column;
    r.require_target = require_target;
    r.err = err;
    r.in_header = true;
    r.target_index = -1;
    r.c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!r.c_locale)
        return error_set(err, ERR_NOMEM, "%s: out of memory", label);

    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        reader_free(&r);
        return error_set(err, ERR_NOMEM, "%s: out of memory", label);
    }
    csv_set_blk_size(&p, 4096);
    if (o && apply_options(&r, &p, o, data, len) < 0) {
        csv_free(&p);
        reader_free(&r);
        return error_set(err, ERR_NOMEM, "%s: out of memory", label);
    }

    feed_lines(&r, &p, data, len);
    if (!r.failed && csv_fini(&p, on_field, on_row, &r) != 0)
        fail_at(&r, r.field_line, r.field + 1, "unterminated quoted field (no closing quote)");
    csv_free(&p);

    if (!r.failed && r.in_header && r.n_names == 0) {
        r.failed = true;
        error_set(err, ERR_DATA, "%s: empty file (expected a header row of column names)",
                  label);
    }
    if (!r.failed && r.rows == 0) {
        r.failed = true;
        error_set(err, ERR_DATA, "%s:%ld: only a header, no data rows", label,
                  r.header_line > 0 ? r.header_line : 1);
    }
    if (r.failed) {
        reader_free(&r);
        return -1;
    }

    /* Move what was read into the Dataset. */
    int rc = 0;
    ds->name = strdup(base_name(label));
    if (!ds->name || mat_alloc(&ds->X, r.rows, r.d, err) < 0)
        rc = -1;
    if (rc == 0) {
        memcpy(ds->X.data, r.values, (size_t)r.rows * (size_t)r.d * sizeof(float));
        ds->feature_names = calloc((size_t)r.d, sizeof(char *));
        if (!ds->feature_names)
            rc = -1;
    }
    if (rc == 0) {
        for (int i = 0, j = 0; i < r.n_names; i++) {
            if (i == r.target_index)
                ds->target_name = r.names[i];
            else
                ds->feature_names[j++] = r.names[i];
            r.names[i] = NULL;
        }
        ds->has_target = r.target_index >= 0;
        if ((ds->has_target && build_target(&r, ds) < 0) ||
            csv_columns_finish(r.cols, ds, err) < 0) {
            reader_free(&r);
            dataset_free(ds);
            return -1;
        }
    }
    reader_free(&r);
    if (rc < 0) {
        dataset_free(ds);
        return error_set(err, ERR_NOMEM, "%s: out of memory", label);
    }
    return 0;
}

int dataset_load_csv(Dataset *ds, const char *path, const char *target_column,
                     bool require_target, Error *err)
{
    return dataset_load_csv_opts(ds, path, target_column, require_target, NULL, err);
}

int dataset_load_csv_opts(Dataset *ds, const char *path, const char *target_column,
                          bool require_target, CsvOptions *o, Error *err)
{
    memset(ds, 0, sizeof *ds);
    FILE *f = fopen(path, "rb");
    if (!f)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return error_set(err, ERR_IO, "%s: is a directory, not a CSV file", path);
    }
    /* Read it whole, within the memory budget (a device or a FIFO is read
     * in chunks and stopped at the budget or at binary data). */
    char *buf = NULL;
    size_t len = 0;
    if (budget_read_file(f, path, "CSV file", 1, 0, &buf, &len, err) < 0) {
        fclose(f);
        return -1;
    }
    fclose(f);
    int rc = dataset_parse_csv_opts(ds, buf, len, path, target_column, require_target, o, err);
    free(buf);
    if (rc == 0 && o && o->progress.fn) /* the end of the loading progress */
        o->progress.fn(1.0, o->progress.ctx);
    return rc;
}
