/* tui/screen_tfidf.c - tf-idf search over the fortunes (src/text.h): type
 * a query and the documents most similar to it by cosine similarity come
 * up, best first, with their category and first line; below, the top terms
 * of a category (the mean tf-idf of its documents), chosen with Left/Right.
 *
 * The corpus is read and the tf-idf fitted on a Job when the screen first
 * opens (a second or so); the ranking is redone as the query changes.  The
 * screen object (TfidfScreen) has two binding tables: browsing, and typing
 * the query (`/`); the draw only draws. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "tui_app.h"
#include "tui_export.h"
#include "tui_jobs.h"
#include "tui_ui.h"

#define TF_HITS 12
#define TF_TERMS 12

typedef struct TfidfScreen {
    Screen base;
    Job load;
    bool started, ready;
    char error[512];
    TextCorpus c;
    TfidfModel m;
    TextCsr x;
    bool typing;
    TextField query;
    TextHit hits[TF_HITS];
    int n_hits;
    int category;
    TextHit terms[TF_TERMS];
    int n_terms;
} TfidfScreen;

static TfidfScreen *tf_of(Screen *s)
{
    return (TfidfScreen *)s;
}

static int load_fn(Job *job, void *arg)
{
    TfidfScreen *tf = arg;
    job_set_progress(job, -1, "reading the fortunes");
    if (text_corpus_load(&tf->c, "fortunes", NULL, NULL, &job->err) < 0)
        return -1;
    job_set_progress(job, -1, "fitting tf-idf on %d documents", tf->c.n_docs);
    if (tfidf_fit(&tf->m, (const char *const *)tf->c.docs, tf->c.n_docs, 0, &job->err) < 0)
        return -1;
    return tfidf_transform(&tf->m, (const char *const *)tf->c.docs, tf->c.n_docs, &tf->x,
                           &job->err);
}

/* The documents for the query (none for an empty one). */
static void search(TfidfScreen *tf)
{
    Error err = { 0 };
    tf->n_hits = 0;
    if (!tf->ready || !tf->query.len)
        return;
    if (text_rank(&tf->m, &tf->x, tf->query.text, TF_HITS, tf->hits, &tf->n_hits, &err) < 0)
        tf->n_hits = 0;
}

/* The top terms of the chosen category. */
static void top_terms(TfidfScreen *tf)
{
    Error err = { 0 };
    tf->n_terms = 0;
    if (!tf->ready || !tf->c.label || tf->c.n_classes < 1)
        return;
    int *rows = malloc(sizeof *rows * (size_t)tf->c.n_docs), n = 0;
    if (!rows)
        return;
    for (int i = 0; i < tf->c.n_docs; i++)
        if (tf->c.label[i] == tf->category)
            rows[n++] = i;
    int got = text_top_terms_rows(&tf->x, rows, n, TF_TERMS, tf->terms, &err);
    tf->n_terms = got > 0 ? got : 0;
    free(rows);
}

static void tfidf_tick(Screen *s, App *app)
{
    TfidfScreen *tf = tf_of(s);
    (void)app;
    JobState st = job_state(&tf->load);
    if (!tf->started || tf->ready || (st != JOB_DONE && st != JOB_FAILED))
        return;
    job_wait(&tf->load);
    if (st == JOB_FAILED) {
        snprintf(tf->error, sizeof tf->error, "%s", tf->load.err.msg);
        return;
    }
    tf->ready = true;
    search(tf);
    top_terms(tf);
}

/* ---- drawing ------------------------------------------------------------------ */

/* The first line of a document, tabs and newlines cut. */
static void first_line(const char *doc, char *buf, size_t size)
{
    while (*doc == ' ' || *doc == '\t' || *doc == '\n')
        doc++;
    size_t n = strcspn(doc, "\n\t");
    snprintf(buf, size, "%.*s", (int)(n < size - 1 ? n : size - 1), doc);
}

static void draw_hits(const TfidfScreen *tf, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Documents by cosine similarity", !tf->typing);
    if (!tf->query.len) {
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "/ to type a query (e.g. unix kernel)");
        return;
    }
    if (tf->n_hits == 0 || tf->hits[0].score <= 0)
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "no document shares a term with the query");
    for (int i = 0; i < tf->n_hits && i < h - 2 && tf->hits[i].score > 0; i++) {
        int d = tf->hits[i].index;
        char line[200];
        first_line(tf->c.docs[d], line, sizeof line);
        ui_printf(c, x + 2, y + 1 + i, w - 4, ST_NORMAL, "%.3f %-12.12s %s", tf->hits[i].score,
                  tf->c.label ? tf->c.class_names[tf->c.label[d]] : "", line);
    }
}

static void draw_terms(const TfidfScreen *tf, Canvas *c, int x, int y, int w, int h)
{
    char title[96];
    snprintf(title, sizeof title, "Top terms of %s (mean tf-idf)",
             tf->c.label ? tf->c.class_names[tf->category] : "-");
    ui_box(c, x, y, w, h, title, false);
    int cols = (w - 4) / 22 > 0 ? (w - 4) / 22 : 1, rows = h - 2;
    for (int i = 0; i < tf->n_terms && i < cols * rows; i++)
        ui_printf(c, x + 2 + (i / rows) * 22, y + 1 + i % rows, 21, ST_NORMAL, "%-14.14s %.4f",
                  tf->m.terms[tf->terms[i].index], tf->terms[i].score);
}

static void tfidf_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const TfidfScreen *tf = (const TfidfScreen *)s;
    (void)app;
    if (!tf->ready) {
        char progress[160];
        job_progress(&tf->load, progress, sizeof progress);
        ui_text(c, x + 2, y + 1, w - 4, tf->error[0] ? ST_ERROR : ST_DIM,
                tf->error[0] ? tf->error : progress);
        return;
    }
    ui_printf(c, x + 1, y, w - 2, tf->typing ? ST_HIGHLIGHT : ST_NORMAL,
              "query: %s%s   (%d documents, %d terms)", tf->query.text, tf->typing ? "_" : "", tf->c.n_docs, tf->m.n_terms);
    int terms_h = h / 3 > 5 ? h / 3 : 5;
    draw_hits(tf, c, x, y + 1, w, h - 1 - terms_h);
    draw_terms(tf, c, x, y + h - terms_h, w, terms_h);
}

/* ---- keys ---------------------------------------------------------------------- */

static bool key_type(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    tf_of(s)->typing = true;
    return true;
}

static bool key_category(Screen *s, App *app, int key)
{
    TfidfScreen *tf = tf_of(s);
    (void)app;
    int n = tf->c.n_classes;
    if (!tf->ready || n < 1)
        return true;
    tf->category = (tf->category + (key == TK_LEFT || key == 'h' ? n - 1 : 1)) % n;
    top_terms(tf);
    return true;
}

static bool key_clear(Screen *s, App *app, int key)
{
    TfidfScreen *tf = tf_of(s);
    (void)app, (void)key;
    field_set(&tf->query, "");
    search(tf);
    return true;
}

static const Binding BROWSE_ROWS[] = {
    { .keys = { '/', TK_ENTER }, .name = "/", .label = "query", .fn = key_type,
      .help = "type the query (the ranking follows each key; Enter too)" },
    { .keys = { TK_LEFT, TK_RIGHT, 'h', 'l' }, .name = "←→", .label = "category",
      .fn = key_category, .help = "the category whose top terms show" },
    { .keys = { 'x' }, .name = "x", .label = "clear", .fn = key_clear, .help = "clear the query" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .help = NULL },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};

static bool typing_done(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    tf_of(s)->typing = false;
    return true;
}

static bool typing_key(Screen *s, App *app, int key)
{
    TfidfScreen *tf = tf_of(s);
    (void)app;
    if (field_key(&tf->query, key))
        search(tf);
    return true;
}

static const Binding TYPING_ROWS[] = {
    { .keys = { TK_ENTER, TK_ESC }, .name = "Enter", .label = "done", .fn = typing_done,
      .help = "stop typing (Esc too); the query stays" },
    { .name = "type", .label = "the query", .help = "letters and spaces; Backspace deletes" },
};

static const Bindings BROWSE = BINDINGS("tf-idf search", BROWSE_ROWS, NULL, false);
static const Bindings TYPING = BINDINGS("tf-idf search: typing", TYPING_ROWS, typing_key, true);

static const Bindings *tfidf_bindings(const Screen *s)
{
    return ((const TfidfScreen *)s)->typing ? &TYPING : &BROWSE;
}

static bool tfidf_busy(const Screen *s)
{
    const TfidfScreen *tf = (const TfidfScreen *)s;
    return tf->started && !tf->ready && !tf->error[0];
}

static void tfidf_shutdown(Screen *s)
{
    job_cancel_and_wait(&tf_of(s)->load);
}

static void tfidf_destroy(Screen *s)
{
    TfidfScreen *tf = tf_of(s);
    job_cancel_and_wait(&tf->load);
    job_destroy(&tf->load);
    text_csr_free(&tf->x);
    tfidf_free(&tf->m);
    text_corpus_free(&tf->c);
    free(tf);
}

static const ScreenClass TFIDF_CLASS = {
    .name = "tf-idf",
    .tick = tfidf_tick,
    .draw = tfidf_draw,
    .bindings = tfidf_bindings,
    .busy = tfidf_busy,
    .shutdown = tfidf_shutdown,
    .destroy = tfidf_destroy,
};

Screen *tfidf_screen_new(void)
{
    TfidfScreen *tf = calloc(1, sizeof *tf);
    if (!tf)
        return NULL;
    tf->base.cls = &TFIDF_CLASS;
    job_init(&tf->load);
    return &tf->base;
}

void tfidf_screen_open(App *app)
{
    TfidfScreen *tf = tf_of(app->screens[SCREEN_TFIDF]);
    if (!tf->started) {
        Error err = { 0 };
        tf->started = job_start(&tf->load, load_fn, tf, &err) == 0;
        if (!tf->started)
            snprintf(tf->error, sizeof tf->error, "%s", err.msg);
    }
    app_push(app, &tf->base);
}
