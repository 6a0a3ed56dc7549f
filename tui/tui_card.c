/* tui_card.c - laying out an algorithm card for the home screen.
 *
 * A small Markdown subset is enough for the cards: `#`/`##` headings,
 * paragraphs (joined and word-wrapped), bullets `- ` with a hanging indent,
 * fenced code kept line for line (cut at the edge), tables (`| a | b |`
 * rows) drawn as aligned columns whose cells wrap when the table is wider
 * than the card, and the inline marks ** and ` dropped. */
#include "tui_card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "tui_card_table.h"
#include "strbuf.h"

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    StrBuf sb = STRBUF_INIT;
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        sb_append_n(&sb, buf, n);
    fclose(f);
    if (sb.failed || !sb.s) {
        sb_free(&sb);
        return NULL;
    }
    return sb.s;
}

static void clear_lines(Card *card)
{
    for (int i = 0; i < card->n_lines; i++)
        free(card->lines[i].text);
    card->n_lines = 0;
}

void card_free(Card *card)
{
    clear_lines(card);
    free(card->lines);
    free(card->markdown);
    memset(card, 0, sizeof *card);
}

void card_load(Card *card, const char *name, const char *fallback_title,
               const char *fallback_summary)
{
    if (strcmp(card->name, name) == 0 && card->markdown)
        return;
    card_free(card);
    snprintf(card->name, sizeof card->name, "%s", name);
    char rel[128], path[4096];
    snprintf(rel, sizeof rel, "algorithms/%s.md", name);
    if (path_join(path, sizeof path, path_docs_dir(), rel))
        card->markdown = read_file(path);
    if (!card->markdown) {
        StrBuf sb = STRBUF_INIT;
        sb_printf(&sb, "# %s\n\n## Summary\n\n%s\n\n(The card docs/algorithms/%s.md is not "
                  "there yet.)\n",
                  fallback_title ? fallback_title : name, fallback_summary ? fallback_summary : "",
                  name);
        card->markdown = sb.s;
    }
    card->width = -1;
}

static void push(Card *card, const char *s, int n, Style st)
{
    if (card->n_lines == card->cap) {
        int cap = card->cap ? card->cap * 2 : 64;
        CardLine *l = realloc(card->lines, (size_t)cap * sizeof *l);
        if (!l)
            return;
        card->lines = l;
        card->cap = cap;
    }
    char *t = malloc((size_t)n + 1);
    if (!t)
        return;
    memcpy(t, s, (size_t)n);
    t[n] = '\0';
    card->lines[card->n_lines].text = t;
    card->lines[card->n_lines].style = st;
    card->n_lines++;
}

/* A line of a table: the card keeps it (the table is drawn whole at its end). */
static void card_table_line(void *ctx, const char *text, bool heading)
{
    push(ctx, text, (int)strlen(text), heading ? ST_HEADING : ST_NORMAL);
}

/* Drop the inline marks ** and ` from a line. */
static void strip_inline(char *s)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        if (r[0] == '*' && r[1] == '*') {
            r++;
            continue;
        }
        if (*r == '`')
            continue;
        *w++ = *r;
    }
    *w = '\0';
}

struct WrapCtx {
    Card *card;
    Style style;
    const char *indent; /* hanging indent for lines after the first */
    bool first;
    const char *first_prefix;
};

static void wrap_line(void *vctx, const char *s, int n)
{
    struct WrapCtx *ctx = vctx;
    StrBuf sb = STRBUF_INIT;
    sb_append(&sb, ctx->first ? ctx->first_prefix : ctx->indent);
    sb_append_n(&sb, s, (size_t)n);
    if (sb.s)
        push(ctx->card, sb.s, (int)sb.len, ctx->style);
    sb_free(&sb);
    ctx->first = false;
}

static void emit_wrapped(Card *card, const char *text, int width, Style st, const char *prefix,
                         const char *indent)
{
    struct WrapCtx ctx = { card, st, indent, true, prefix };
    int pw = canvas_text_width(prefix);
    ui_wrap(text, width - pw, wrap_line, &ctx);
}

/* The state of a layout: the card, its width, the paragraph being joined. */
typedef struct Builder {
    Card *card;
    int width;
    StrBuf para;
    bool in_code, para_bullet;
    StrBuf table; /* the rows of the table being read, one per line */
} Builder;

static bool is_bullet(const char *line)
{
    return strncmp(line, "- ", 2) == 0 || strncmp(line, "* ", 2) == 0;
}

static bool is_numbered(const char *line)
{
    return line[0] >= '0' && line[0] <= '9' && strstr(line, ". ") == line + 1;
}

/* A line that ends the paragraph above it. */
static bool ends_paragraph(const Builder *b, const char *line, size_t len)
{
    return b->in_code || len == 0 || line[0] == '#' || card_table_row(line) || is_bullet(line) ||
           is_numbered(line) || strncmp(line, "```", 3) == 0;
}

static void flush_paragraph(Builder *b)
{
    if (!b->para.len)
        return;
    if (b->para_bullet)
        emit_wrapped(b->card, b->para.s, b->width, ST_NORMAL, "- ", "  ");
    else
        emit_wrapped(b->card, b->para.s, b->width, ST_NORMAL, "", "");
    sb_reset(&b->para);
    b->para_bullet = false;
}

/* One blank line between blocks (never two, never first). */
static void separate(Card *card)
{
    if (card->n_lines && card->lines[card->n_lines - 1].text[0])
        push(card, "", 0, ST_NORMAL);
}

static void heading(Builder *b, const char *line)
{
    int level = 0;
    while (line[level] == '#')
        level++;
    const char *t = line + level;
    while (*t == ' ')
        t++;
    separate(b->card);
    emit_wrapped(b->card, t, b->width, level == 1 ? ST_TITLE : ST_HEADING, "", "");
}

/* Text joins the paragraph (a bullet starts one). */
static void paragraph_text(Builder *b, const char *line)
{
    if (is_bullet(line)) {
        sb_append(&b->para, line + 2);
        b->para_bullet = true;
        return;
    }
    while (*line == ' ' || *line == '\t')
        line++;
    if (b->para.len)
        sb_append(&b->para, " ");
    sb_append(&b->para, line);
}

static void flush_table(Builder *b)
{
    if (b->table.len)
        card_table_layout(b->table.s, b->width, card_table_line, b->card);
    sb_reset(&b->table);
}

/* A table row joins the table being read (true); any other line ends it. */
static bool table_line(Builder *b, const char *line)
{
    bool row = !b->in_code && card_table_row(line);
    if (b->table.len && !row)
        flush_table(b);
    if (row) {
        sb_append(&b->table, line);
        sb_append(&b->table, "\n");
    }
    return row;
}

static void layout_line(Builder *b, char *line, size_t len)
{
    bool fence = strncmp(line, "```", 3) == 0;
    /* Four spaces start code only after a blank line (else they continue
     * the paragraph or bullet above). */
    bool indented_code = strncmp(line, "    ", 4) == 0 && b->para.len == 0;
    if (ends_paragraph(b, line, len))
        flush_paragraph(b);
    if (table_line(b, line))
        return;
    if (fence) {
        b->in_code = !b->in_code;
    } else if (b->in_code || indented_code) {
        push(b->card, line, (int)len, ST_CODE);
    } else if (len == 0) {
        separate(b->card);
    } else {
        strip_inline(line);
        if (line[0] == '#')
            heading(b, line);
        else
            paragraph_text(b, line);
    }
}

void card_layout(Card *card, int width)
{
    if (width == card->width || !card->markdown)
        return;
    clear_lines(card);
    card->width = width;
    char *copy = strdup(card->markdown);
    if (!copy)
        return;
    Builder b = { card, width, STRBUF_INIT, false, false, STRBUF_INIT };
    /* Split by hand (strtok would skip the empty lines that end paragraphs). */
    for (char *p = copy; p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *line = p;
        p = nl ? nl + 1 : NULL;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';
        layout_line(&b, line, len);
    }
    flush_paragraph(&b);
    flush_table(&b);
    sb_free(&b.para);
    sb_free(&b.table);
    free(copy);
}
