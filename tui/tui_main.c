/* tui_main.c - the lab's entry point and its single main loop.
 *
 * tui_main checks the options, opens the terminal, and loops: draw the
 * current screen's background work (its tick), then draw it into a Canvas
 * the size of the terminal (header, body, footer, the `?` overlay, or
 * "terminal too small"), copy it to the screen, wait up to 100 ms for a key
 * (40 when a screen animates) and dispatch it through the screen's binding
 * table, then the table of the keys every screen shares (q quits, ? toggles
 * help, c compares, Esc goes back).  The footer and the help are written
 * from the same tables.  A mouse click or wheel notch comes as a key
 * (TK_CLICK, TK_WHEEL_*: tui_mouse.h) with its cell in app->mouse_x/y, and
 * goes through the same tables.  SIGINT/SIGTERM/SIGHUP end the loop cleanly; a crash restores the
 * terminal before dying.  Background threads are stopped after the terminal
 * is restored, so quitting feels instant. */
#include "tui.h"

#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "registry.h"
#include "tui_app.h"
#include "tui_data.h"
#include "tui_export.h"
#include "tui_state.h"
#include "tui_mouse.h"
#include "tui_term.h"
#include "tui_ui.h"

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
    got_signal = sig;
}

#if !defined(__SANITIZE_ADDRESS__)
static void on_crash(int sig)
{
    term_emergency_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}
#endif

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0; /* no SA_RESTART: the key wait returns at once */
    /* every signal that ends the program by default ends it through the
     * main loop, which restores the terminal (issue 13: SIGQUIT, SIGUSR1
     * and SIGALRM left it without echo, on the alternate screen) */
    static const int ends[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM };
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        sigaction(ends[i], &sa, NULL);
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is a write error, not a death */
#if !defined(__SANITIZE_ADDRESS__)
    signal(SIGSEGV, on_crash);
    signal(SIGBUS, on_crash);
    signal(SIGFPE, on_crash);
    signal(SIGABRT, on_crash);
#endif
}

double app_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- the screen stack ---------------------------------------------------- */

Screen *app_current(const App *app)
{
    return app->depth > 0 ? app->stack[app->depth - 1] : app->screens[SCREEN_HOME];
}

void app_push(App *app, Screen *s)
{
    /* Showing a screen already on the stack goes back to it. */
    int at = -1;
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i] == s)
            at = i;
    if (at >= 0) {
        app->depth = at + 1;
    } else {
        if (app->depth == TUI_STACK_MAX)
            app->depth--;
        app->stack[app->depth++] = s;
    }
    if (s->cls->enter)
        s->cls->enter(s, app);
}

void app_pop(App *app)
{
    if (app->depth > 1) {
        app->depth--;
        Screen *s = app_current(app);
        if (s->cls->enter)
            s->cls->enter(s, app);
    }
}

/* The most rows a status message takes above the footer. */
#define MESSAGE_MAX_ROWS 4

static void count_line(void *ctx, const char *s, int n)
{
    (void)s, (void)n;
    (*(int *)ctx)++;
}

/* Rows of the status message shown now (0 when none): it wraps over rows of
 * its own above the footer instead of covering the footer's keys. */
static int message_rows(const App *app)
{
    if (!app->message[0] || app_now() >= app->message_until || app->w < 4)
        return 0;
    int rows = 0;
    ui_wrap(app->message, app->w - 2, count_line, &rows);
    return rows < 1 ? 1 : rows > MESSAGE_MAX_ROWS ? MESSAGE_MAX_ROWS : rows;
}

void app_body(const App *app, int *x, int *y, int *w, int *h)
{
    *x = 0;
    *y = 1;
    *w = app->w;
    *h = app->h - 2 - message_rows(app);
}

void app_open_algo(App *app)
{
    if (!app->algo)
        return;
    if (app->algo->kind == ALGO_OPERATION)
        conv_screen_open(app);
    else
        run_screen_open(app);
}

void app_message(App *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->message, sizeof app->message, fmt, ap);
    va_end(ap);
    /* Long enough to read: 4 s, and 1 s more per 40 characters past 80. */
    size_t len = strlen(app->message);
    app->message_until = app_now() + 4.0 + (len > 80 ? (double)(len - 80) / 40.0 : 0.0);
}

void app_fatal(App *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->fatal, sizeof app->fatal, fmt, ap);
    va_end(ap);
    app->quit = true;
    app->exit_status = 1;
}

/* ---- the keys every screen shares ------------------------------------------ */

static bool key_quit(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    app->quit = true;
    return true;
}

static bool key_help(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    app->help = true;
    return true;
}

static bool key_compare(Screen *s, App *app, int key)
{
    (void)key;
    if (s == app->screens[SCREEN_COMPARE])
        return false;
    compare_screen_open(app);
    return true;
}

static bool key_back(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    app_pop(app);
    return true;
}

static const Binding GLOBAL_ROWS[] = {
    { { '?', TK_F1 }, "?", "help", "this help (any key closes it; F1 too)", key_help, 0, true, NULL },
    { { 'c' }, "c", "compare", "compare every classifier on the chosen dataset", key_compare, 0,
      false, NULL },
    { { 'q' }, "q", "quit", "quit (the terminal is restored)", key_quit, 0, true, NULL },
    { { TK_ESC, TK_BACKSPACE }, "Esc", NULL, "back to the previous screen", key_back, 0, false,
      NULL },
};
static const Bindings GLOBAL = BINDINGS("Everywhere", GLOBAL_ROWS, NULL, false);

static const Bindings *current_bindings(const App *app)
{
    if (export_prompt_active()) /* the export prompt (tui_export.c) has the keys */
        return export_prompt_bindings();
    const Screen *s = app_current(app);
    return s->cls->bindings(s);
}

static unsigned current_when(const App *app)
{
    const Screen *s = app_current(app);
    return s->cls->footer_when ? s->cls->footer_when(s) : 1u;
}

/* ---- drawing --------------------------------------------------------------- */

static void draw_header(const App *app, Canvas *c)
{
    ui_fill(c, 0, 0, c->w, 1, ST_BAR);
    int x = 1;
    x += ui_text(c, x, 0, -1, ST_BAR_KEY, "mllab");
    for (int i = 0; i < app->depth; i++) {
        x += ui_text(c, x, 0, -1, ST_BAR, c->ascii ? " > " : " \u203a ");
        x += ui_text(c, x, 0, -1, i == app->depth - 1 ? ST_BAR_KEY : ST_BAR,
                     app->stack[i]->cls->name);
    }
    char right[256];
    snprintf(right, sizeof right, "dataset: %s   algorithm: %s ",
             app->dataset[0] ? app->dataset : "(default)",
             app->algo ? app->algo->name : "-");
    int rw = canvas_text_width(right);
    if (c->w - rw > x + 2)
        ui_text(c, c->w - rw, 0, -1, ST_BAR, right);
}

/* The keys every screen shares, at the right of the footer. */
static void draw_global_keys(const App *app, Canvas *c, int gw)
{
    char keys[256];
    bindings_footer(&GLOBAL, app, 1, keys, sizeof keys);
    Canvas part;
    if (canvas_init(&part, gw, 1, c->ascii, NULL) < 0)
        return;
    ui_footer(&part, 0, gw, keys);
    for (int x = 0; x < gw; x++)
        *canvas_cell(c, c->w - gw + x, c->h - 1) = *canvas_cell(&part, x, 0);
    canvas_free(&part);
}

static void draw_footer(const App *app, Canvas *c)
{
    const Bindings *b = current_bindings(app);
    char own[1024];
    bindings_footer(b, app, current_when(app), own, sizeof own);
    /* The screen's own keys fill the footer from the left; the shared ones
     * stay visible at the right (not while typing: q types q). */
    int gw = b->typing ? 0 : canvas_text_width("? help  c compare  q quit") + 4;
    ui_footer(c, c->h - 1, c->w - gw, own);
    if (!b->typing)
        draw_global_keys(app, c, gw);
}

typedef struct MessageRows {
    Canvas *c;
    int y, rows, drawn;
} MessageRows;

static void message_line(void *ctx, const char *s, int n)
{
    MessageRows *m = ctx;
    if (m->drawn >= m->rows)
        return;
    char line[sizeof ((App *)0)->message];
    snprintf(line, sizeof line, "%.*s", n, s);
    ui_text(m->c, 1, m->y + m->drawn++, m->c->w - 2, ST_BAR_KEY, line);
}

/* The status message on rows of its own between the body and the footer,
 * wrapped, whole (up to MESSAGE_MAX_ROWS rows). */
static void draw_message(const App *app, Canvas *c)
{
    int rows = message_rows(app);
    if (rows == 0)
        return;
    MessageRows m = { c, c->h - 1 - rows, rows, 0 };
    ui_fill(c, 0, m.y, c->w, rows, ST_BAR);
    ui_wrap(app->message, c->w - 2, message_line, &m);
}

static void draw_help(const App *app, Canvas *c)
{
    int w = c->w - 4 < 84 ? c->w - 4 : 84, h = c->h - 4;
    int x = (c->w - w) / 2, y = 2;
    ui_fill(c, x, y, w, h, ST_NORMAL);
    ui_box(c, x, y, w, h, "Help", true);
    int row = y + 1;
    char buf[4096], global[1024];
    bindings_help(current_bindings(app), buf, sizeof buf);
    bindings_help(&GLOBAL, global, sizeof global);
    size_t len = strlen(buf);
    snprintf(buf + len, sizeof buf - len, "\n%s", global);
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line && row < y + h - 2;
         line = strtok_r(NULL, "\n", &save)) {
        ui_text(c, x + 2, row++, w - 4, line[0] != ' ' ? ST_HEADING : ST_NORMAL, line);
    }
    ui_text(c, x + 2, y + h - 2, w - 4, ST_DIM, "Press any key to close.");
}

static void draw_too_small(const App *app, Canvas *c)
{
    char buf[128];
    snprintf(buf, sizeof buf, "terminal too small (%dx%d)", app->w, app->h);
    int y = c->h / 2 - 1;
    int x = (c->w - canvas_text_width(buf)) / 2;
    ui_text(c, x < 0 ? 0 : x, y < 0 ? 0 : y, c->w, ST_ERROR, buf);
    snprintf(buf, sizeof buf, "need %dx%d; q quits", TUI_MIN_W, TUI_MIN_H);
    x = (c->w - canvas_text_width(buf)) / 2;
    ui_text(c, x < 0 ? 0 : x, y + 1, c->w, ST_NORMAL, buf);
}

static bool too_small(const App *app)
{
    return app->w < TUI_MIN_W || app->h < TUI_MIN_H;
}

static void draw(App *app, Canvas *c)
{
    if ((c->w != app->w || c->h != app->h) && canvas_resize(c, app->w, app->h, NULL) < 0) {
        app_fatal(app, "out of memory for a %dx%d screen", app->w, app->h);
        return;
    }
    canvas_clear(c);
    ui_set_color(app->color);
    if (too_small(app)) {
        draw_too_small(app, c);
    } else {
        draw_header(app, c);
        const Screen *s = app_current(app);
        int x, y, w, h;
        app_body(app, &x, &y, &w, &h);
        s->cls->draw(s, app, c, x, y, w, h);
        export_prompt_draw(app, c);
        draw_message(app, c);
        draw_footer(app, c);
        if (app->help)
            draw_help(app, c);
    }
    term_blit(c, app->color);
}

/* ---- keys ------------------------------------------------------------------ */

/* Any key closes the help; q also quits. */
static void close_help(App *app, const Bindings *b, int key)
{
    app->help = false;
    if (key == 'q' && !b->typing)
        app->quit = true;
}

static void handle_key(App *app, int key)
{
    Screen *s = app_current(app);
    const Bindings *b = current_bindings(app);
    const Binding *shared = bindings_find(&GLOBAL, key);
    if (app->help) {
        close_help(app, b, key);
        return;
    }
    if (!b->typing && shared && shared->before_screen) {
        shared->fn(s, app, key);
        return;
    }
    if (too_small(app))
        return; /* nothing is visible to act on */
    if (bindings_dispatch(b, s, app, key) || b->typing)
        return;
    if (shared)
        shared->fn(s, app, key);
}

/* A click or the wheel: where it happened, then like a key (a click
 * closes the help as any key does). */
static void handle_mouse(App *app, int key)
{
    mouse_last(&app->mouse_x, &app->mouse_y);
    handle_key(app, key);
}

/* ---- entry ------------------------------------------------------------------ */

static bool dataset_known(const char *name)
{
    struct stat st;
    if (dataset_info(name))
        return true;
    return stat(name, &st) == 0 && S_ISREG(st.st_mode);
}

/* Unicode or ASCII, colours or not. */
static void setup_output(App *app, const TuiOptions *opt)
{
    /* Only the character type follows the environment (wide characters);
     * numbers keep the C locale's '.' (parameters are parsed with strtod). */
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    app->ascii = opt->ascii || !codeset || strcmp(codeset, "UTF-8") != 0;
    const char *no_color = getenv("NO_COLOR");
    app->color = !(no_color && *no_color);
}

/* The dataset and algorithm of the last session (tui_state.c), when they
 * still exist. */
static void restore_choices(App *app)
{
    const char *algo = tui_state_algo(), *dataset = tui_state_dataset();
    if (algo && algo_find(algo))
        app->algo = algo_find(algo);
    if (dataset && (!dataset[0] || dataset_known(dataset)))
        snprintf(app->dataset, sizeof app->dataset, "%s", dataset);
}

/* Check the options and fill the app's choices; 0, or the exit status. */
static int app_setup(App *app, const TuiOptions *opt)
{
    if (opt->algo && !algo_find(opt->algo)) {
        fprintf(stderr, "mllab: unknown algorithm '%s' (see `mllab list`)\n", opt->algo);
        return 2;
    }
    if (opt->dataset && !dataset_known(opt->dataset)) {
        fprintf(stderr, "mllab: unknown dataset '%s' (see `mllab datasets`)\n", opt->dataset);
        return 2;
    }
    int n_algos;
    const Algo *const *algos = algo_registry(&n_algos);
    app->algo = opt->algo ? algo_find(opt->algo) : n_algos > 0 ? algos[0] : NULL;
    if (opt->dataset)
        snprintf(app->dataset, sizeof app->dataset, "%s", opt->dataset);
    tui_state_open(app, opt->fresh);
    if (!opt->algo && !opt->dataset)
        restore_choices(app);
    setup_output(app, opt);
    return 0;
}

static bool make_screens(App *app)
{
    Screen *(*const make[SCREEN_COUNT])(void) = {
        [SCREEN_HOME] = home_screen_new,     [SCREEN_DATASET] = dataset_screen_new,
        [SCREEN_RUN] = run_screen_new,       [SCREEN_CONV] = conv_screen_new,
        [SCREEN_COMPARE] = compare_screen_new,
        /* [lessons] */
        [SCREEN_SOFTMAX] = softmax_screen_new, [SCREEN_SAMPLING] = sampling_screen_new,
        [SCREEN_LM] = lm_screen_new,           [SCREEN_GRAPH] = graph_screen_new,
        [SCREEN_MEET] = meet_screen_new,       [SCREEN_TFIDF] = tfidf_screen_new,
        [SCREEN_PRACTICE] = practice_screen_new, /* practice mode (issue 9) */
    };
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (!(app->screens[i] = make[i]()))
            return false;
    return true;
}

/* Stop every background thread, then free the screens and the shared data. */
static void free_screens(App *app)
{
    for (int i = SCREEN_COUNT - 1; i >= 0; i--)
        if (app->screens[i] && app->screens[i]->cls->shutdown)
            app->screens[i]->cls->shutdown(app->screens[i]);
    data_shutdown();
    for (int i = 0; i < SCREEN_COUNT; i++)
        if (app->screens[i])
            app->screens[i]->cls->destroy(app->screens[i]);
}

/* Read keys for up to timeout_ms; answer a burst of keys (a held key, a
 * paste) before drawing again, but keep drawing at least every 100 ms.
 * True when something happened. */
static bool read_keys(App *app, int timeout_ms, double last_draw)
{
    int key = term_read_key(timeout_ms);
    if (key == TK_NONE)
        return false;
    do {
        if (key == TK_RESIZE)
            term_size(&app->w, &app->h);
        else if (mouse_key(key))
            handle_mouse(app, key);
        else
            handle_key(app, key);
        if (app->quit || app_now() - last_draw >= 0.1)
            break;
        key = term_read_key(0);
    } while (key != TK_NONE);
    return true;
}

/* The single loop: the current screen's background work, a frame when
 * something changed (a key, or a tick that set app->redraw), while it
 * animates, or every 250 ms; the keys. */
static bool frame_due(const App *app, bool dirty, bool busy, double since_last)
{
    return dirty || busy || app->redraw || since_last >= 0.25;
}

static void main_loop(App *app, Canvas *canvas)
{
    double last_draw = 0;
    bool dirty = true;
    while (!app->quit && !got_signal) {
        Screen *s = app_current(app);
        if (s->cls->tick && !too_small(app))
            s->cls->tick(s, app);
        bool busy = s->cls->busy && s->cls->busy(s);
        double now = app_now();
        if (frame_due(app, dirty, busy, now - last_draw)) {
            draw(app, canvas);
            last_draw = now;
            app->redraw = false;
        }
        dirty = read_keys(app, busy ? 40 : 100, last_draw);
        tui_state_sync(app, false);
    }
}

/* The terminal and a canvas its size; 0, or the exit status after printing
 * why not (2 without a terminal, a usage error as for `mllab` alone). */
static int open_terminal(App *app, Canvas *canvas)
{
    Error err;
    error_clear(&err);
    install_signals();
    if (term_open(&app->color, &err) < 0) {
        fprintf(stderr, "mllab: %s\n", err.msg);
        return err.code == ERR_USAGE ? 2 : 1;
    }
    term_size(&app->w, &app->h);
    if (canvas_init(canvas, app->w, app->h, app->ascii, &err) < 0) {
        term_close();
        fprintf(stderr, "mllab: %s\n", err.msg);
        return 1;
    }
    return 0;
}

int tui_main(const TuiOptions *opt)
{
    App app;
    memset(&app, 0, sizeof app);
    TuiOptions none = { 0 };
    int rc = app_setup(&app, opt ? opt : &none);
    if (rc)
        return rc;
    if (!opt)
        opt = &none;

    Canvas canvas;
    rc = open_terminal(&app, &canvas);
    if (rc)
        return rc;
    if (make_screens(&app)) {
        app_push(&app, app.screens[SCREEN_HOME]);
        if (opt->algo)
            app_open_algo(&app);
        else if (opt->dataset)
            dataset_screen_open(&app);
        main_loop(&app, &canvas);
    } else {
        app_fatal(&app, "out of memory");
    }
    term_close();
    tui_state_close(&app);
    export_prompt_close();
    /* Background threads are stopped after the terminal is restored, so
     * quitting feels instant. */
    free_screens(&app);
    canvas_free(&canvas);
    if (app.fatal[0])
        fprintf(stderr, "mllab: %s\n", app.fatal);
    if (got_signal)
        return 128 + got_signal;
    return app.exit_status;
}
