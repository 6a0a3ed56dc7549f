/* tui_main.c - the lab's entry point and its single main loop.
 *
 * tui_main checks the options, opens the terminal, and loops: draw the
 * current screen into a Canvas the size of the terminal (header, body,
 * footer, the `?` overlay, or "terminal too small"), copy it to the screen,
 * wait up to 50 ms for a key (less when a screen animates), dispatch it.
 * Keys every screen shares: q quits, ? toggles help, c compares, Esc goes
 * back.  SIGINT/SIGTERM/SIGHUP end the loop cleanly; a crash restores the
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
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
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

const Screen *app_current(const App *app)
{
    return app->depth > 0 ? app->stack[app->depth - 1] : &screen_home;
}

void app_push(App *app, const Screen *s)
{
    /* Showing a screen already on the stack goes back to it. */
    for (int i = 0; i < app->depth; i++)
        if (app->stack[i] == s) {
            app->depth = i + 1;
            if (s->enter)
                s->enter(app);
            return;
        }
    if (app->depth == TUI_STACK_MAX)
        app->depth--;
    app->stack[app->depth++] = s;
    if (s->enter)
        s->enter(app);
}

void app_replace(App *app, const Screen *s)
{
    if (app->depth > 1)
        app->depth--;
    app_push(app, s);
}

void app_pop(App *app)
{
    if (app->depth > 1) {
        app->depth--;
        const Screen *s = app_current(app);
        if (s->enter)
            s->enter(app);
    }
}

void app_message(App *app, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(app->message, sizeof app->message, fmt, ap);
    va_end(ap);
    app->message_until = app_now() + 4.0;
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

/* ---- drawing --------------------------------------------------------------- */

static const char GLOBAL_HELP[] =
    "Everywhere\n"
    "  q        quit (the terminal is restored)\n"
    "  ?  F1    this help (any key closes it)\n"
    "  c        compare every classifier on the chosen dataset\n"
    "  Esc      back to the previous screen\n";

static void draw_header(App *app, Canvas *c)
{
    ui_fill(c, 0, 0, c->w, 1, ST_BAR);
    int x = 1;
    x += ui_text(c, x, 0, -1, ST_BAR_KEY, "mllab");
    for (int i = 0; i < app->depth; i++) {
        x += ui_text(c, x, 0, -1, ST_BAR, c->ascii ? " > " : " \u203a ");
        x += ui_text(c, x, 0, -1, i == app->depth - 1 ? ST_BAR_KEY : ST_BAR,
                     app->stack[i]->name);
    }
    char right[256];
    snprintf(right, sizeof right, "dataset: %s   algorithm: %s ",
             app->dataset[0] ? app->dataset : "(default)",
             app->algo ? app->algo->name : "-");
    int rw = canvas_text_width(right);
    if (c->w - rw > x + 2)
        ui_text(c, c->w - rw, 0, -1, ST_BAR, right);
}

static void draw_footer(App *app, Canvas *c)
{
    const Screen *s = app_current(app);
    const char *own = s->footer ? s->footer(app) : "";
    bool typing = s->capturing_text && s->capturing_text(app);
    /* The keys every screen shares stay visible at the right; the screen's
     * own keys fill the rest from the left. */
    static const char GLOBAL_KEYS[] = "? help|c compare|q quit";
    int gw = typing ? 0 : canvas_text_width("? help  c compare  q quit") + 4;
    ui_footer(c, c->h - 1, c->w - gw, own);
    if (!typing) {
        Canvas part;
        if (canvas_init(&part, gw, 1, c->ascii, NULL) == 0) {
            ui_footer(&part, 0, gw, GLOBAL_KEYS);
            for (int x = 0; x < gw; x++)
                *canvas_cell(c, c->w - gw + x, c->h - 1) = *canvas_cell(&part, x, 0);
            canvas_free(&part);
        }
    }
    if (app->message[0] && app_now() < app->message_until) {
        int mw = canvas_text_width(app->message);
        int mx = c->w - mw - 1;
        if (mx < c->w / 2)
            mx = c->w / 2;
        ui_fill(c, mx - 1, c->h - 1, c->w - mx + 1, 1, ST_BAR);
        ui_text(c, mx, c->h - 1, c->w - mx - 1, ST_BAR_KEY, app->message);
    }
}

static void draw_help(App *app, Canvas *c)
{
    const Screen *s = app_current(app);
    int w = c->w - 4 < 84 ? c->w - 4 : 84, h = c->h - 4;
    int x = (c->w - w) / 2, y = 2;
    ui_fill(c, x, y, w, h, ST_NORMAL);
    ui_box(c, x, y, w, h, "Help", true);
    int row = y + 1;
    char buf[4096];
    snprintf(buf, sizeof buf, "%s\n%s", s->help ? s->help : "", GLOBAL_HELP);
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line && row < y + h - 2;
         line = strtok_r(NULL, "\n", &save)) {
        ui_text(c, x + 2, row++, w - 4, line[0] != ' ' ? ST_HEADING : ST_NORMAL, line);
    }
    ui_text(c, x + 2, y + h - 2, w - 4, ST_DIM, "Press any key to close.");
}

static void draw_too_small(App *app, Canvas *c)
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

static void draw(App *app, Canvas *c)
{
    if ((c->w != app->w || c->h != app->h) && canvas_resize(c, app->w, app->h, NULL) < 0) {
        app_fatal(app, "out of memory for a %dx%d screen", app->w, app->h);
        return;
    }
    canvas_clear(c);
    ui_set_color(app->color);
    if (app->w < TUI_MIN_W || app->h < TUI_MIN_H) {
        draw_too_small(app, c);
    } else {
        draw_header(app, c);
        const Screen *s = app_current(app);
        s->draw(app, c, 0, 1, c->w, c->h - 2);
        draw_footer(app, c);
        if (app->help)
            draw_help(app, c);
    }
    term_blit(c, app->color);
}

/* ---- keys ------------------------------------------------------------------ */

static void handle_key(App *app, int key)
{
    const Screen *s = app_current(app);
    bool typing = s->capturing_text && s->capturing_text(app);
    if (app->help) {
        app->help = false;
        if (key == 'q' && !typing)
            app->quit = true;
        return;
    }
    if (!typing) {
        if (key == 'q') {
            app->quit = true;
            return;
        }
        if (key == '?' || key == TK_F1) {
            app->help = true;
            return;
        }
    }
    if (app->w < TUI_MIN_W || app->h < TUI_MIN_H)
        return; /* nothing is visible to act on */
    if (s->key && s->key(app, key))
        return;
    if (typing)
        return;
    if (key == 'c' && s != &screen_compare) {
        compare_screen_open(app);
        return;
    }
    if (key == TK_ESC || key == TK_BACKSPACE)
        app_pop(app);
}

/* ---- entry ------------------------------------------------------------------ */

static bool dataset_known(const char *name)
{
    struct stat st;
    if (dataset_info(name))
        return true;
    return stat(name, &st) == 0 && S_ISREG(st.st_mode);
}

int tui_main(const TuiOptions *opt)
{
    App app;
    memset(&app, 0, sizeof app);
    TuiOptions none = { 0 };
    if (!opt)
        opt = &none;

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
    app.algo = opt->algo ? algo_find(opt->algo) : n_algos > 0 ? algos[0] : NULL;
    if (opt->dataset)
        snprintf(app.dataset, sizeof app.dataset, "%s", opt->dataset);

    /* Only the character type follows the environment (wide characters);
     * numbers keep the C locale's '.' (parameters are parsed with strtod). */
    setlocale(LC_CTYPE, "");
    const char *codeset = nl_langinfo(CODESET);
    app.ascii = opt->ascii || !codeset || strcmp(codeset, "UTF-8") != 0;
    const char *no_color = getenv("NO_COLOR");
    app.color = !(no_color && *no_color);

    Error err;
    error_clear(&err);
    install_signals();
    if (term_open(&app.color, &err) < 0) {
        fprintf(stderr, "mllab: %s\n", err.msg);
        return 1;
    }
    term_size(&app.w, &app.h);

    Canvas canvas;
    if (canvas_init(&canvas, app.w, app.h, app.ascii, &err) < 0) {
        term_close();
        fprintf(stderr, "mllab: %s\n", err.msg);
        return 1;
    }

    app_push(&app, &screen_home);
    if (opt->algo)
        run_screen_open(&app);
    else if (opt->dataset)
        dataset_screen_open(&app);

    double last_draw = 0;
    bool dirty = true;
    while (!app.quit && !got_signal) {
        const Screen *s = app_current(&app);
        bool busy = s->busy && s->busy(&app);
        double now = app_now();
        if (dirty || busy || now - last_draw >= 0.25) {
            draw(&app, &canvas);
            last_draw = now;
            dirty = false;
        }
        int key = term_read_key(busy ? 40 : 100);
        if (key == TK_NONE)
            continue;
        dirty = true;
        if (key == TK_RESIZE) {
            term_size(&app.w, &app.h);
            continue;
        }
        handle_key(&app, key);
        /* Answer a burst of keys (a held key, a paste) before drawing again,
         * but keep drawing at least every 100 ms. */
        while (!app.quit && app_now() - last_draw < 0.1) {
            key = term_read_key(0);
            if (key == TK_NONE)
                break;
            if (key == TK_RESIZE)
                term_size(&app.w, &app.h);
            else
                handle_key(&app, key);
        }
    }

    term_close();
    /* The run screen goes last: it frees the shared data the others use. */
    compare_screen_shutdown(&app);
    dataset_screen_shutdown(&app);
    run_screen_shutdown(&app);
    const Screen *all[] = { &screen_home, &screen_dataset, &screen_run, &screen_compare };
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i]->destroy)
            all[i]->destroy(&app);
    canvas_free(&canvas);
    if (app.fatal[0])
        fprintf(stderr, "mllab: %s\n", app.fatal);
    if (got_signal)
        return 128 + got_signal;
    return app.exit_status;
}
