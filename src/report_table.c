/* report_table.c - aligned text tables, CSV fields, and the classification
 * tables (confusion matrix, per-class scores) built on them (see report.h).
 * Nothing here prints: every function appends to a StrBuf. */
#include "report_internal.h"

#include "canvas.h"

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

/* len bytes of cell text with control characters (a class label's tab or
 * newline, as a CSV may quote them) shown as spaces, so a row stays one
 * line. */
static void append_printable(StrBuf *sb, const char *text, size_t len)
{
    const char *end = text + len;
    for (const char *p = text; p < end;) {
        size_t run = 0;
        while (p + run < end && (unsigned char)p[run] >= 0x20 && p[run] != 0x7F)
            run++;
        sb_append_n(sb, p, run);
        p += run;
        if (p < end) {
            sb_append(sb, " ");
            p++;
        }
    }
}

/* Display width of the first len bytes of s. */
static int utf8_width_n(const char *s, size_t len)
{
    int w = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            w++;
    return w;
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

/* ---- fitting a width: wrapped cells, and panels of columns ------------- */

static int table_max_width; /* 0: no limit */

void table_set_max_width(int width)
{
    table_max_width = width > 0 ? width : 0;
}

int table_get_max_width(void)
{
    return table_max_width;
}

/* Bytes of the UTF-8 sequence that starts with lead byte b. */
static size_t utf8_len(unsigned char b)
{
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

static bool is_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

/* May a line end after the character at p (prev the one before)?  After a
 * '/' between letters or digits ("60000/10000", never "+/-"), and after a
 * '-' between letters ("Fashion-MNIST", never "1e-05"). */
static bool break_after(const char *p, const char *prev)
{
    if (!prev || !is_alnum(*prev) || !is_alnum(p[1]))
        return false;
    bool letters = !(*prev >= '0' && *prev <= '9') && !(p[1] >= '0' && p[1] <= '9');
    return *p == '/' || (*p == '-' && letters);
}

const char *text_wrap_line(const char *s, int width, size_t *len)
{
    int w = 0;
    const char *p = s, *prev = NULL, *cut = NULL, *resume = NULL;
    if (width < 1)
        width = 1;
    while (*p) {
        if (w == width) {
            if (*p == ' ') /* the line ends just before a space */
                cut = p, resume = p + 1;
            break;
        }
        if (*p == ' ' && p > s)
            cut = p, resume = p + 1;
        else if (break_after(p, prev))
            cut = p + 1, resume = p + 1;
        prev = p;
        p += utf8_len((unsigned char)*p);
        w++;
    }
    if (!*p || !cut) { /* the rest fits, or one word is wider: cut it */
        *len = (size_t)(p - s);
        return p;
    }
    *len = (size_t)(cut - s);
    return resume;
}

/* The widest piece of text a line may not break (capped at cap cells). */
static int longest_piece(const char *s, int cap)
{
    int best = 0;
    while (s && *s) {
        const char *p = s, *prev = NULL;
        int w = 0;
        while (*p && *p != ' ') {
            bool brk = break_after(p, prev);
            prev = p;
            p += utf8_len((unsigned char)*p);
            w++;
            if (brk)
                break;
        }
        best = w > best ? w : best;
        s = *p == ' ' ? p + 1 : p;
    }
    return best < cap ? best : cap;
}

/* Past this many cells a word may be cut anywhere. */
#define TABLE_PIECE_CAP 16

/* Columns this narrow (numbers, "12.5 ms") are never wrapped. */
#define TABLE_NARROW 10

/* Each column's narrowest width: its widest unbreakable piece, or all of
 * it when the column is narrow (width holds the natural widths). */
static void min_widths(const Table *t, const int *width, int *minw)
{
    for (int c = 0; c < t->cols; c++) {
        if (width[c] <= TABLE_NARROW) {
            minw[c] = width[c] > 0 ? width[c] : 1;
            continue;
        }
        minw[c] = t->header[c] ? longest_piece(t->header[c], TABLE_PIECE_CAP) : 0;
        for (int r = 0; r < t->rows; r++) {
            int w = longest_piece(t->cells[(size_t)r * (size_t)t->cols + (size_t)c],
                                  TABLE_PIECE_CAP);
            minw[c] = w > minw[c] ? w : minw[c];
        }
        minw[c] = minw[c] > 0 ? minw[c] : 1;
    }
}

/* Cells a table of these columns takes: borders, padding, widths. */
static int panel_width(const int *cols, int n, const int *width)
{
    int total = 1;
    for (int i = 0; i < n; i++)
        total += width[cols[i]] + 3;
    return total;
}

/* Narrow the columns of a panel (never below minw) until it fits, each in
 * proportion to its natural width nat: the one least narrowed so far goes
 * first, the wider on a tie. */
static void shrink(const int *cols, int n, int *width, const int *nat, const int *minw, int max)
{
    while (panel_width(cols, n, width) > max) {
        int pick = -1;
        double best = 0;
        for (int i = 0; i < n; i++) {
            int c = cols[i];
            double kept = (double)width[c] / nat[c];
            if (width[c] > minw[c] &&
                (pick < 0 || kept > best || (kept == best && width[c] > width[pick])))
                pick = c, best = kept;
        }
        if (pick < 0)
            return;
        width[pick]--;
    }
}

/* At most this many columns are drawn side by side. */
#define TABLE_MAX_PANEL 512

/* One row of cells, wrapped into as many lines as its tallest cell needs. */
static void wrapped_row(StrBuf *sb, const Borders *b, char *const *texts, const TableAlign *align,
                        const int *cols, int n, const int *width)
{
    const char *at[TABLE_MAX_PANEL];
    bool more = true;
    n = n < TABLE_MAX_PANEL ? n : TABLE_MAX_PANEL;
    for (int i = 0; i < n; i++)
        at[i] = texts[cols[i]] ? texts[cols[i]] : "";
    for (bool first = true; more || first; first = false) {
        more = false;
        sb_append(sb, b->v);
        for (int i = 0; i < n; i++) {
            int c = cols[i];
            size_t len;
            const char *next = text_wrap_line(at[i], width[c], &len);
            int pad = width[c] - utf8_width_n(at[i], len);
            sb_append(sb, " ");
            repeat(sb, " ", align[c] == ALIGN_RIGHT ? pad : 0);
            append_printable(sb, at[i], len);
            repeat(sb, " ", align[c] == ALIGN_LEFT ? pad : 0);
            sb_append(sb, " ");
            sb_append(sb, b->v);
            at[i] = next;
            more = more || *next;
        }
        sb_append(sb, "\n");
    }
}

static void panel_rule(StrBuf *sb, const Borders *b, const char *const ends[3], const int *cols,
                       int n, const int *width)
{
    sb_append(sb, ends[0]);
    for (int i = 0; i < n; i++) {
        repeat(sb, b->h, width[cols[i]] + 2);
        sb_append(sb, i + 1 < n ? ends[1] : ends[2]);
    }
    sb_append(sb, "\n");
}

/* The table's rows restricted to the columns cols[0..n). */
static void render_panel(const Table *t, const Borders *b, bool has_header, const int *cols,
                         int n, const int *width, StrBuf *out)
{
    panel_rule(out, b, b->top, cols, n, width);
    if (has_header) {
        wrapped_row(out, b, t->header, t->align, cols, n, width);
        panel_rule(out, b, b->mid, cols, n, width);
    }
    for (int r = 0; r < t->rows; r++) {
        wrapped_row(out, b, &t->cells[(size_t)r * (size_t)t->cols], t->align, cols, n, width);
        if (t->rule_after[r] && r + 1 < t->rows)
            panel_rule(out, b, b->mid, cols, n, width);
    }
    panel_rule(out, b, b->bottom, cols, n, width);
}

/* The next panel: the key columns, then columns from *next on while they
 * fit at their narrowest (at least one).  Returns its number of columns. */
static int next_panel(const Table *t, int keys, int *next, const int *minw, int max, int *cols)
{
    int n = 0;
    for (int c = 0; c < keys; c++)
        cols[n++] = c;
    int base = n;
    while (*next < t->cols) {
        cols[n] = *next;
        if (n > base && panel_width(cols, n + 1, minw) > max)
            break;
        n++;
        (*next)++;
    }
    return n;
}

/* A table wider than max: columns narrowed and cells wrapped; when even
 * that does not fit, several panels side by side become one below the
 * other, each repeating the key columns (Table.key_cols). */
static void render_fitted(const Table *t, const Borders *b, bool has_header, int *width,
                          int max, StrBuf *out)
{
    int *minw = calloc((size_t)t->cols * 3, sizeof *minw);
    if (!minw) {
        out->failed = true;
        return;
    }
    int *cols = minw + t->cols, *nat = cols + t->cols;
    memcpy(nat, width, (size_t)t->cols * sizeof *nat);
    min_widths(t, width, minw);
    int keys = t->key_cols > 0 && t->key_cols < t->cols ? t->key_cols : 1;
    for (int next = keys, panel = 0; next < t->cols || panel == 0; panel++) {
        int n = next_panel(t, keys, &next, minw, max, cols);
        shrink(cols, n, width, nat, minw, max);
        if (panel > 0)
            sb_append(out, "\n");
        render_panel(t, b, has_header, cols, n, width, out);
    }
    free(minw);
}

/* Row r of t into a new row of v, each text in its ASCII form. */
static void ascii_row(const Table *t, int r, Table *v, StrBuf *sb)
{
    int row = table_add_row(v);
    if (row < 0)
        return;
    for (int c = 0; c < t->cols; c++) {
        const char *cell = t->cells[(size_t)r * (size_t)t->cols + (size_t)c];
        if (!cell)
            continue;
        sb_reset(sb);
        canvas_append_ascii(sb, cell);
        table_set(v, row, c, "%s", sb_str(sb));
    }
    if (t->rule_after[r])
        table_rule_after(v, row);
}

/* A copy of the table with every text in its ASCII form (TABLE_ASCII). */
static int ascii_copy(const Table *t, Table *v)
{
    if (table_init(v, t->cols, NULL) < 0)
        return -1;
    StrBuf sb = STRBUF_INIT;
    v->key_cols = t->key_cols;
    for (int c = 0; c < t->cols; c++) {
        sb_reset(&sb);
        canvas_append_ascii(&sb, t->header[c] ? t->header[c] : "");
        table_header(v, c, t->header[c] ? sb_str(&sb) : NULL, t->align[c]);
    }
    for (int r = 0; r < t->rows; r++)
        ascii_row(t, r, v, &sb);
    bool failed = v->failed || sb.failed;
    sb_free(&sb);
    if (!failed)
        return 0;
    table_free(v);
    return -1;
}

/* The table at its natural widths, or fitted to the maximum width. */
static void render_widths(const Table *t, const Borders *b, int *width, int *all, StrBuf *out)
{
    for (int c = 0; c < t->cols; c++)
        all[c] = c;
    bool has_header = column_widths(t, width);
    if (table_max_width > 0 && panel_width(all, t->cols, width) > table_max_width)
        render_fitted(t, b, has_header, width, table_max_width, out);
    else
        render_panel(t, b, has_header, all, t->cols, width, out);
}

void table_render(const Table *t, TableStyle style, StrBuf *out)
{
    if (t->cols <= 0)
        return;
    Table view;
    bool copied = style == TABLE_ASCII && ascii_copy(t, &view) == 0;
    const Borders *b = style == TABLE_ASCII ? &ascii_borders : &unicode_borders;
    int *width = calloc((size_t)t->cols * 2, sizeof *width);
    if (width)
        render_widths(copied ? &view : t, b, width, width + t->cols, out);
    else
        out->failed = true;
    free(width);
    if (copied)
        table_free(&view);
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
