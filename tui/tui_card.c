/* tui_card.c - laying out an algorithm card for the home screen.
 *
 * A small Markdown subset is enough for the cards: `#`/`##` headings,
 * paragraphs (joined and word-wrapped), bullets `- ` with a hanging indent,
 * fenced code and tables kept line for line (cut at the edge), and the
 * inline marks ** and ` dropped. */
#include "tui_card.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
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

void card_layout(Card *card, int width)
{
    if (width == card->width || !card->markdown)
        return;
    clear_lines(card);
    card->width = width;
    StrBuf para = STRBUF_INIT;
    bool in_code = false, para_bullet = false;
    char *copy = strdup(card->markdown);
    if (!copy)
        return;
    /* Split by hand (strtok would skip the empty lines that end paragraphs). */
    char *p = copy;
    while (p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *line = p;
        p = nl ? nl + 1 : NULL;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[--len] = '\0';

        bool fence = strncmp(line, "```", 3) == 0;
        /* Four spaces start code only after a blank line (else they
         * continue the paragraph or bullet above). */
        bool indented_code = strncmp(line, "    ", 4) == 0 && para.len == 0;
        bool flush = fence || in_code || len == 0 || line[0] == '#' || line[0] == '|' ||
                     strncmp(line, "- ", 2) == 0 || strncmp(line, "* ", 2) == 0 ||
                     (line[0] >= '0' && line[0] <= '9' && strstr(line, ". ") == line + 1);
        if (flush && para.len) {
            if (para_bullet)
                emit_wrapped(card, para.s, width, ST_NORMAL, "- ", "  ");
            else
                emit_wrapped(card, para.s, width, ST_NORMAL, "", "");
            sb_reset(&para);
            para_bullet = false;
        }
        if (fence) {
            in_code = !in_code;
            continue;
        }
        if (in_code || line[0] == '|' || indented_code) {
            push(card, line, (int)len, ST_CODE);
            continue;
        }
        if (len == 0) {
            if (card->n_lines && card->lines[card->n_lines - 1].text[0])
                push(card, "", 0, ST_NORMAL);
            continue;
        }
        strip_inline(line);
        if (line[0] == '#') {
            int level = 0;
            while (line[level] == '#')
                level++;
            const char *t = line + level;
            while (*t == ' ')
                t++;
            if (card->n_lines && card->lines[card->n_lines - 1].text[0])
                push(card, "", 0, ST_NORMAL);
            emit_wrapped(card, t, width, level == 1 ? ST_TITLE : ST_HEADING, "", "");
            continue;
        }
        bool bullet = strncmp(line, "- ", 2) == 0 || strncmp(line, "* ", 2) == 0;
        if (bullet) {
            sb_append(&para, line + 2);
            para_bullet = true;
            continue;
        }
        const char *text = line;
        while (*text == ' ' || *text == '\t')
            text++;
        if (para.len)
            sb_append(&para, " ");
        sb_append(&para, text);
    }
    if (para.len) {
        if (para_bullet)
            emit_wrapped(card, para.s, width, ST_NORMAL, "- ", "  ");
        else
            emit_wrapped(card, para.s, width, ST_NORMAL, "", "");
    }
    sb_free(&para);
    free(copy);
}
