/* tui_card_table.c - Markdown tables of the cards drawn as tables (issue
 * 12, defect 8: they were shown as raw "| a | b |" text, cut at the edge).
 *
 * The rows are split into cells (trimmed, the inline marks ** and `
 * dropped); each column is as wide as its widest cell; when the whole is
 * wider than the card, the widest column gives up a cell at a time (never
 * below its widest word, so numbers are not broken) and the cells wrap
 * inside their columns (ui_wrap).  When even that is too wide (the SVM
 * card's six columns at 80x24), each row becomes a record: its first cell,
 * then one "header: value" line per other cell. */
#include "tui_card_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "strbuf.h"
#include "tui_ui.h"

enum { MAX_COLS = 16, MAX_ROWS = 256, MAX_PIECES = 64 };

typedef struct Table {
    char *text;                    /* a copy of the rows; the cells point into it */
    const char *cell[MAX_ROWS][MAX_COLS];
    int n_cells[MAX_ROWS];
    int n_rows, n_cols;
    int width[MAX_COLS];
    bool header;                   /* row 0 is a header (a rule row followed it) */
} Table;

typedef void (*EmitFn)(void *ctx, const char *text, bool heading);

bool card_table_row(const char *line)
{
    size_t len = strlen(line);
    while (len && (line[len - 1] == ' ' || line[len - 1] == '\r'))
        len--;
    return len >= 2 && line[0] == '|' && line[len - 1] == '|';
}

/* Drop ** and ` and the spaces around s (in place); returns s's start. */
static char *clean(char *s)
{
    while (*s == ' ')
        s++;
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '*' && r[1] == '*') {
            r++;
            continue;
        }
        if (*r != '`')
            *w++ = *r;
    }
    while (w > s && w[-1] == ' ')
        w--;
    *w = '\0';
    return s;
}

/* The cells of one row (line is changed in place); returns their count. */
static int split_cells(char *line, const char **cells)
{
    char *p = line + 1; /* after the leading '|' */
    size_t len = strlen(p);
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\r'))
        len--;
    if (len && p[len - 1] == '|')
        len--;
    p[len] = '\0';
    int n = 0;
    for (;;) {
        char *bar = strchr(p, '|');
        if (bar)
            *bar = '\0';
        if (n < MAX_COLS)
            cells[n++] = clean(p);
        if (!bar)
            return n;
        p = bar + 1;
    }
}

/* "|---|:--:|": every cell dashes (and colons). */
static bool is_rule(const char *const *cells, int n)
{
    for (int i = 0; i < n; i++)
        if (!cells[i][0] || strspn(cells[i], "-: ") != strlen(cells[i]) || !strchr(cells[i], '-'))
            return false;
    return n > 0;
}

/* Read the rows into t; false when memory runs out. */
static bool read_table(Table *t, const char *rows)
{
    t->text = strdup(rows);
    if (!t->text)
        return false;
    char *p = t->text;
    while (p && *p && t->n_rows < MAX_ROWS) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        int r = t->n_rows;
        t->n_cells[r] = split_cells(p, t->cell[r]);
        if (r == 1 && is_rule(t->cell[r], t->n_cells[r]))
            t->header = true; /* the rule itself is not kept */
        else
            t->n_rows++;
        p = nl ? nl + 1 : NULL;
    }
    return true;
}

/* The widest word of a cell (at most 16 cells: longer ones may break). */
static int longest_word(const char *cell)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", cell);
    int most = 1;
    char *save = NULL;
    for (char *w = strtok_r(buf, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        int n = canvas_text_width(w);
        if (n > most)
            most = n;
    }
    return most > 16 ? 16 : most;
}

/* Each column as wide as its widest cell; the least it can be, its widest
 * word (numbers are not broken).  Returns the total with the separators. */
static int natural_widths(Table *t, int *least)
{
    for (int r = 0; r < t->n_rows; r++) {
        if (t->n_cells[r] > t->n_cols)
            t->n_cols = t->n_cells[r];
        for (int c = 0; c < t->n_cells[r]; c++) {
            int w = canvas_text_width(t->cell[r][c]), lw = longest_word(t->cell[r][c]);
            if (w > t->width[c])
                t->width[c] = w;
            if (lw > least[c])
                least[c] = lw;
        }
    }
    int total = 3 * (t->n_cols - 1);
    for (int c = 0; c < t->n_cols; c++)
        total += t->width[c];
    return total;
}

/* Narrow the columns to fit width, the widest first, none below its widest
 * word; false when even that is too wide (the rows are then records). */
static bool fit_widths(Table *t, int width)
{
    int least[MAX_COLS] = { 0 };
    int total = natural_widths(t, least), sum_least = 3 * (t->n_cols - 1);
    for (int c = 0; c < t->n_cols; c++)
        sum_least += least[c];
    if (total > width && sum_least > width)
        return false;
    while (total > width) {
        int widest = -1;
        for (int c = 0; c < t->n_cols; c++)
            if (t->width[c] > least[c] && (widest < 0 || t->width[c] > t->width[widest]))
                widest = c;
        t->width[widest]--; /* one is wider than its least: sum_least <= width */
        total--;
    }
    return true;
}

/* Wrapped text emitted with a prefix on its first line, an indent after. */
typedef struct WrapEmit {
    EmitFn emit;
    void *ctx;
    const char *prefix, *indent;
    bool first, heading;
} WrapEmit;

static void emit_piece(void *vctx, const char *s, int n)
{
    WrapEmit *we = vctx;
    StrBuf sb = STRBUF_INIT;
    sb_append(&sb, we->first ? we->prefix : we->indent);
    sb_append_n(&sb, s, (size_t)n);
    if (sb.s)
        we->emit(we->ctx, sb.s, we->heading);
    sb_free(&sb);
    we->first = false;
}

static void emit_wrapped(const char *text, int width, const char *prefix, EmitFn emit, void *ctx)
{
    WrapEmit we = { emit, ctx, prefix, "    ", true, !prefix[0] }; /* a row's name: a heading */
    ui_wrap(text, width - canvas_text_width(prefix), emit_piece, &we);
}

/* Too narrow for the columns even with every word whole: each row as its
 * first cell (a heading), then "- header: value" and "  header: value"
 * lines. */
static void emit_records(const Table *t, int width, EmitFn emit, void *ctx)
{
    for (int r = t->header ? 1 : 0; r < t->n_rows; r++) {
        if (t->n_cells[r] > 0 && t->cell[r][0][0])
            emit_wrapped(t->cell[r][0], width, "", emit, ctx);
        for (int c = 1; c < t->n_cells[r]; c++) {
            const char *h = t->header && c < t->n_cells[0] ? t->cell[0][c] : "";
            char item[600];
            snprintf(item, sizeof item, "%s%s%s", h, h[0] ? ": " : "", t->cell[r][c]);
            emit_wrapped(item, width, c == 1 ? "- " : "  ", emit, ctx);
        }
    }
}

/* The lines of one cell wrapped to its column. */
typedef struct Pieces {
    const char *s[MAX_PIECES];
    int n[MAX_PIECES];
    int count;
} Pieces;

static void add_piece(void *ctx, const char *s, int n)
{
    Pieces *p = ctx;
    if (p->count < MAX_PIECES) {
        p->s[p->count] = s;
        p->n[p->count++] = n;
    }
}

/* Piece i of a cell padded to w cells (nothing when the cell has fewer). */
static void append_padded(StrBuf *sb, const Pieces *p, int i, int w)
{
    int used = 0;
    if (i < p->count) {
        char buf[512];
        int n = p->n[i] < (int)sizeof buf - 1 ? p->n[i] : (int)sizeof buf - 1;
        memcpy(buf, p->s[i], (size_t)n);
        buf[n] = '\0';
        sb_append(sb, buf);
        used = canvas_text_width(buf);
    }
    for (; used < w; used++)
        sb_append(sb, " ");
}

/* The cells of row r wrapped to their columns; returns the most lines. */
static int wrap_cells(const Table *t, int r, Pieces *pieces)
{
    int lines = 1;
    for (int c = 0; c < t->n_cols; c++) {
        pieces[c].count = 0;
        if (c < t->n_cells[r])
            ui_wrap(t->cell[r][c], t->width[c], add_piece, &pieces[c]);
        if (pieces[c].count > lines)
            lines = pieces[c].count;
    }
    return lines;
}

/* One row: as many screen lines as its tallest cell. */
static void emit_row(const Table *t, int r, EmitFn emit, void *ctx)
{
    Pieces pieces[MAX_COLS];
    int lines = wrap_cells(t, r, pieces);
    bool heading = t->header && r == 0;
    for (int i = 0; i < lines; i++) {
        StrBuf sb = STRBUF_INIT;
        for (int c = 0; c < t->n_cols; c++) {
            if (c > 0)
                sb_append(&sb, " \u2502 ");
            append_padded(&sb, &pieces[c], i, t->width[c]);
        }
        while (sb.s && sb.len && sb.s[sb.len - 1] == ' ')
            sb.s[--sb.len] = '\0';
        if (sb.s)
            emit(ctx, sb.s, heading);
        sb_free(&sb);
    }
}

/* The rule under the header: "────┼────". */
static void emit_rule(const Table *t, EmitFn emit, void *ctx)
{
    StrBuf sb = STRBUF_INIT;
    for (int c = 0; c < t->n_cols; c++) {
        if (c > 0)
            sb_append(&sb, "\u2500\u253c\u2500");
        for (int k = 0; k < t->width[c]; k++)
            sb_append(&sb, "\u2500");
    }
    if (sb.s)
        emit(ctx, sb.s, false);
    sb_free(&sb);
}

void card_table_layout(const char *rows, int width, EmitFn emit, void *ctx)
{
    Table *t = calloc(1, sizeof *t);
    if (!t)
        return;
    if (read_table(t, rows) && !fit_widths(t, width)) {
        emit_records(t, width, emit, ctx);
    } else if (t->text) {
        for (int r = 0; r < t->n_rows; r++) {
            emit_row(t, r, emit, ctx);
            if (r == 0 && t->header)
                emit_rule(t, emit, ctx);
        }
    }
    free(t->text);
    free(t);
}
