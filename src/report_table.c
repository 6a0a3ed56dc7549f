/* report_table.c - aligned text tables, CSV fields, and the classification
 * tables (confusion matrix, per-class scores) built on them (see report.h).
 * Nothing here prints: every function appends to a StrBuf. */
#include "report_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Tables
 * ==================================================================== */

int table_init(Table *t, int cols, Error *err)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->header = calloc((size_t)cols, sizeof *t->header);
    t->align = calloc((size_t)cols, sizeof *t->align);
    if (!t->header || !t->align) {
        table_free(t);
        return error_set(err, ERR_NOMEM, "out of memory for a table");
    }
    return 0;
}

void table_free(Table *t)
{
    if (!t)
        return;
    if (t->header)
        for (int c = 0; c < t->cols; c++)
            free(t->header[c]);
    if (t->cells)
        for (size_t i = 0; i < (size_t)t->rows * (size_t)t->cols; i++)
            free(t->cells[i]);
    free(t->header);
    free(t->align);
    free(t->cells);
    free(t->rule_after);
    memset(t, 0, sizeof *t);
}

void table_header(Table *t, int col, const char *text, TableAlign align)
{
    if (col < 0 || col >= t->cols)
        return;
    free(t->header[col]);
    t->header[col] = text ? str_visible(text) : NULL; /* no terminal controls from the data */
    if (text && !t->header[col])
        t->failed = true;
    t->align[col] = align;
}

int table_add_row(Table *t)
{
    if (t->rows == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        char **cells = realloc(t->cells, (size_t)cap * (size_t)t->cols * sizeof *cells);
        if (!cells) {
            t->failed = true;
            return -1;
        }
        t->cells = cells;
        bool *rules = realloc(t->rule_after, (size_t)cap * sizeof *rules);
        if (!rules) {
            t->failed = true;
            return -1;
        }
        t->rule_after = rules;
        t->cap = cap;
    }
    for (int c = 0; c < t->cols; c++)
        t->cells[(size_t)t->rows * (size_t)t->cols + (size_t)c] = NULL;
    t->rule_after[t->rows] = false;
    return t->rows++;
}

void table_set(Table *t, int row, int col, const char *fmt, ...)
{
    if (row < 0 || row >= t->rows || col < 0 || col >= t->cols)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = true;
        return;
    }
    char **cell = &t->cells[(size_t)row * (size_t)t->cols + (size_t)col];
    free(*cell);
    *cell = str_visible(text); /* no terminal controls from the data */
    free(text);
    if (!*cell)
        t->failed = true;
}

void table_rule_after(Table *t, int row)
{
    if (row >= 0 && row < t->rows)
        t->rule_after[row] = true;
}

int utf8_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        if ((*p & 0xC0) != 0x80) /* count lead bytes, not continuation bytes */
            w++;
    return w;
}

/* The pieces a border is drawn with. */
typedef struct Borders {
    const char *h, *v;
    const char *top[3], *mid[3], *bottom[3]; /* left, cross, right */
} Borders;

static const Borders unicode_borders = {
    "─", "│", { "┌", "┬", "┐" }, { "├", "┼", "┤" }, { "└", "┴", "┘" }
};
static const Borders ascii_borders = {
    "-", "|", { "+", "+", "+" }, { "+", "+", "+" }, { "+", "+", "+" }
};

static void repeat(StrBuf *sb, const char *piece, int n)
{
    for (int i = 0; i < n; i++)
        sb_append(sb, piece);
}

static void rule(StrBuf *sb, const Borders *b, const char *const ends[3], const int *width,
                 int cols)
{
    sb_append(sb, ends[0]);
    for (int c = 0; c < cols; c++) {
        repeat(sb, b->h, width[c] + 2);
        sb_append(sb, c + 1 < cols ? ends[1] : ends[2]);
    }
    sb_append(sb, "\n");
}

/* Cell text with control characters (a class label's tab or newline, as a
 * CSV may quote them) shown as spaces, so a row stays one line. */
static void append_printable(StrBuf *sb, const char *text)
{
    for (const char *p = text; *p;) {
        size_t run = 0;
        while (p[run] && (unsigned char)p[run] >= 0x20 && p[run] != 0x7F)
            run++;
        sb_append_n(sb, p, run);
        p += run;
        if (*p) {
            sb_append(sb, " ");
            p++;
        }
    }
}

static void line(StrBuf *sb, const Borders *b, char *const *texts, const TableAlign *align,
                 const int *width, int cols)
{
    sb_append(sb, b->v);
    for (int c = 0; c < cols; c++) {
        const char *text = texts[c] ? texts[c] : "";
        int pad = width[c] - utf8_width(text);
        sb_append(sb, " ");
        if (align[c] == ALIGN_RIGHT)
            repeat(sb, " ", pad);
        append_printable(sb, text);
        if (align[c] == ALIGN_LEFT)
            repeat(sb, " ", pad);
        sb_append(sb, " ");
        sb_append(sb, b->v);
    }
    sb_append(sb, "\n");
}

/* Each column's width: its widest cell or header.  Is there a header? */
static bool column_widths(const Table *t, int *width)
{
    bool has_header = false;
    for (int c = 0; c < t->cols; c++) {
        if (t->header[c]) {
            has_header = true;
            width[c] = utf8_width(t->header[c]);
        }
    }
    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < t->cols; c++) {
            const char *cell = t->cells[(size_t)r * (size_t)t->cols + (size_t)c];
            int w = cell ? utf8_width(cell) : 0;
            if (w > width[c])
                width[c] = w;
        }
    return has_header;
}

void table_render(const Table *t, TableStyle style, StrBuf *out)
{
    if (t->cols <= 0)
        return;
    const Borders *b = style == TABLE_ASCII ? &ascii_borders : &unicode_borders;
    int *width = calloc((size_t)t->cols, sizeof *width);
    if (!width) {
        out->failed = true;
        return;
    }
    bool has_header = column_widths(t, width);
    rule(out, b, b->top, width, t->cols);
    if (has_header) {
        line(out, b, t->header, t->align, width, t->cols);
        rule(out, b, b->mid, width, t->cols);
    }
    for (int r = 0; r < t->rows; r++) {
        line(out, b, &t->cells[(size_t)r * (size_t)t->cols], t->align, width, t->cols);
        if (t->rule_after[r] && r + 1 < t->rows)
            rule(out, b, b->mid, width, t->cols);
    }
    rule(out, b, b->bottom, width, t->cols);
    free(width);
}

void table_render_csv(const Table *t, StrBuf *out)
{
    csv_row(out, (const char *const *)t->header, t->cols);
    for (int r = 0; r < t->rows; r++)
        csv_row(out, (const char *const *)&t->cells[(size_t)r * (size_t)t->cols], t->cols);
}

/* ======================================================================
 * CSV
 * ==================================================================== */

void csv_field(StrBuf *sb, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL ||
                 (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'));
    if (!quote) {
        sb_append(sb, s);
        return;
    }
    sb_append(sb, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sb_append(sb, "\"\"");
        else
            sb_append_n(sb, p, 1);
    }
    sb_append(sb, "\"");
}

void csv_row(StrBuf *sb, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            sb_append(sb, ",");
        csv_field(sb, fields[i]);
    }
    sb_append(sb, "\n");
}

/* ======================================================================
 * Classification tables
 * ==================================================================== */

const char *report_class_name(char *const *names, int i, char *buf, size_t size)
{
    if (names && names[i])
        return names[i];
    snprintf(buf, size, "%d", i);
    return buf;
}

void report_confusion(StrBuf *sb, const int *cm, int k, char *const *class_names,
                      TableStyle style)
{
    Table t;
    if (k <= 0 || table_init(&t, k + 1, NULL) < 0)
        return;
    char buf[32];
    table_header(&t, 0, "true \\ predicted", ALIGN_LEFT);
    for (int j = 0; j < k; j++)
        table_header(&t, j + 1, report_class_name(class_names, j, buf, sizeof buf), ALIGN_RIGHT);
    for (int i = 0; i < k; i++) {
        int r = table_add_row(&t);
        table_set(&t, r, 0, "%s", report_class_name(class_names, i, buf, sizeof buf));
        for (int j = 0; j < k; j++)
            table_set(&t, r, j + 1, "%d", cm[(size_t)i * (size_t)k + (size_t)j]);
    }
    table_render(&t, style, sb);
    table_free(&t);
}

typedef struct Confusion {
    int count;
    size_t cell; /* i * k + j */
} Confusion;

/* Largest count first; ties in row-major order. */
static int by_count(const void *a, const void *b)
{
    const Confusion *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->cell < y->cell ? -1 : x->cell > y->cell;
}

/* The off-diagonal cells that are not zero; *n their number. */
static Confusion *confusions(const int *cm, int k, size_t *n)
{
    size_t cells = (size_t)k * (size_t)k, m = 0;
    for (size_t c = 0; c < cells; c++)
        m += cm[c] > 0 && c / (size_t)k != c % (size_t)k;
    Confusion *v = malloc((m ? m : 1) * sizeof *v);
    for (size_t c = 0, i = 0; v && c < cells; c++)
        if (cm[c] > 0 && c / (size_t)k != c % (size_t)k)
            v[i++] = (Confusion){ cm[c], c };
    if (v)
        qsort(v, m, sizeof *v, by_count);
    *n = m;
    return v;
}

void report_confusion_top(StrBuf *sb, const int *cm, int k, char *const *class_names,
                          TableStyle style)
{
    size_t n;
    Confusion *v = confusions(cm, k, &n);
    Table t;
    if (!v || n == 0 || table_init(&t, 3, NULL) < 0) {
        sb_append(sb, v ? "  no confusions: every test row is on the diagonal\n" : "");
        free(v);
        return;
    }
    table_header(&t, 0, "true", ALIGN_LEFT);
    table_header(&t, 1, "predicted", ALIGN_LEFT);
    table_header(&t, 2, "rows", ALIGN_RIGHT);
    char buf[32];
    for (size_t i = 0; i < n && i < REPORT_CONFUSION_MAX; i++) {
        int r = table_add_row(&t);
        size_t c = v[i].cell;
        table_set(&t, r, 0, "%s", report_class_name(class_names, (int)(c / (size_t)k), buf,
                                                    sizeof buf));
        table_set(&t, r, 1, "%s", report_class_name(class_names, (int)(c % (size_t)k), buf,
                                                    sizeof buf));
        table_set(&t, r, 2, "%d", v[i].count);
    }
    table_render(&t, style, sb);
    table_free(&t);
    if (n > REPORT_CONFUSION_MAX)
        sb_printf(sb, "  ... and %zu more pairs (the JSON and CSV reports hold the whole "
                      "matrix)\n", n - REPORT_CONFUSION_MAX);
    free(v);
}

void report_per_class(StrBuf *sb, const ClassReport *r, char *const *class_names,
                      TableStyle style)
{
    Table t;
    if (r->n_classes <= 0 || table_init(&t, 6, NULL) < 0)
        return;
    static const char *const heads[] = { "class", "precision", "recall", "F1", "specificity",
                                         "support" };
    for (int c = 0; c < 6; c++)
        table_header(&t, c, heads[c], c ? ALIGN_RIGHT : ALIGN_LEFT);
    char buf[32];
    int total = 0;
    for (int i = 0; i < r->n_classes; i++) {
        int row = table_add_row(&t);
        table_set(&t, row, 0, "%s", report_class_name(class_names, i, buf, sizeof buf));
        table_set(&t, row, 1, "%.4f", r->precision[i]);
        table_set(&t, row, 2, "%.4f", r->recall[i]);
        table_set(&t, row, 3, "%.4f", r->f1[i]);
        table_set(&t, row, 4, "%.4f", r->specificity[i]);
        table_set(&t, row, 5, "%d", r->support[i]);
        total += r->support[i];
        if (i + 1 == r->n_classes)
            table_rule_after(&t, row);
    }
    int row = table_add_row(&t);
    table_set(&t, row, 0, "macro avg");
    table_set(&t, row, 1, "%.4f", r->precision_macro);
    table_set(&t, row, 2, "%.4f", r->recall_macro);
    table_set(&t, row, 3, "%.4f", r->f1_macro);
    table_set(&t, row, 5, "%d", total);
    row = table_add_row(&t);
    table_set(&t, row, 0, "weighted avg");
    table_set(&t, row, 1, "%.4f", r->precision_weighted);
    table_set(&t, row, 2, "%.4f", r->recall_weighted);
    table_set(&t, row, 3, "%.4f", r->f1_weighted);
    table_set(&t, row, 5, "%d", total);
    table_render(&t, style, sb);
    table_free(&t);
}
