/* tui/screen_run_keys.c - the Run screen's keys: one binding table (keys,
 * footer label, help line, handler) that drives the dispatch, the footer
 * and the `?` help, and the small handlers it names.  While a parameter is
 * typed the form's own table (tui_form.c) is in force. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "screen_run_internal.h"

/* Footer contexts: most views, and the ROC view (its threshold keys). */
enum { WHEN_VIEWS = 1, WHEN_ROC = 2, WHEN_ANY = WHEN_VIEWS | WHEN_ROC };

static RunScreen *rs_of(Screen *s)
{
    return (RunScreen *)s;
}

static bool key_step(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app, (void)key;
    if (rs->runner_on)
        runner_request_step(rs->runner);
    else
        rs->queued_steps++;
    return true;
}

static bool key_run(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app, (void)key;
    if (rs->runner_on)
        runner_request_toggle_run(rs->runner);
    else
        rs->queued_run = !rs->queued_run;
    return true;
}

static bool key_speed(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    rs->speed += key == '+' || key == '=' ? 1 : -1;
    if (rs->speed < 0)
        rs->speed = 0;
    if (rs->speed >= RS_N_SPEEDS)
        rs->speed = RS_N_SPEEDS - 1;
    if (rs->runner_on)
        runner_request_interval(rs->runner, RS_SPEEDS[rs->speed]);
    app_message(app, "speed %s", RS_SPEED_NAMES[rs->speed]);
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)key;
    if (rs->runner_on) {
        runner_request_reset(rs->runner, NULL);
        rs_forget_result(rs);
        app_message(app, "reset: a new model, step 0");
    }
    return true;
}

static bool key_view(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app;
    if (!rs->runner_on)
        return true;
    runner_lock(rs->runner);
    rs_next_view(rs, key == TK_BTAB ? -1 : 1);
    runner_unlock(rs->runner);
    return true;
}

/* 1-9: the view of that number among those that apply. */
static bool key_view_number(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app;
    if (!rs->runner_on)
        return true;
    int want = key - '0', k = 0;
    runner_lock(rs->runner);
    for (int v = 0; v < V_COUNT; v++)
        if (rs_view_applies(rs, v) && ++k == want)
            rs->view = v;
    runner_unlock(rs->runner);
    return true;
}

static bool key_ghosts(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)key;
    if (rs->n_ghosts) {
        rs_clear_ghosts(rs);
        app_message(app, "earlier curves cleared");
    }
    return true;
}

static bool key_point(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app;
    if (rs->view == V_ERRORS)
        rs->errors_first += key == '.' ? 12 : -12;
    else
        rs->query += key == '.' ? 1 : -1;
    return true;
}

static bool key_threshold(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app;
    int step = (int)lround(rs->threshold * 20) + (key == ']' || key == '>' ? 1 : -1);
    step = step < 0 ? 0 : step > 20 ? 20 : step;
    rs->threshold = step / 20.0;
    if (!rs->runner_on)
        return true;
    runner_lock(rs->runner);
    if (rs_view_applies(rs, V_ROC))
        rs->view = V_ROC;
    runner_unlock(rs->runner);
    return true;
}

static bool key_scroll(Screen *s, App *app, int key)
{
    RunScreen *rs = rs_of(s);
    (void)app;
    if (rs->view == V_PANEL)
        rs->panel_scroll += key == TK_PGDN ? 10 : -10;
    else
        rs->log_back += key == TK_PGUP ? 10 : -10;
    return true;
}

static bool key_yours(Screen *s, App *app, int key)
{
    (void)key;
    rs_toggle_yours(rs_of(s), app);
    return true;
}

/* p, f, F: the plot's plane for data of more than two features. */
static bool key_plane(Screen *s, App *app, int key)
{
    return rs_plane_key((RunScreen *)s, app, key);
}

/* P, K, O, S, D: the pipeline's polynomial degree, PCA components,
 * resampling, rescaling and deskewing. */
static bool key_prep(Screen *s, App *app, int key)
{
    return rs_prep_key((RunScreen *)s, app, key);
}

/* Esc: nothing of the screen's own; the shared keys go back. */
static bool key_back(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return false;
}

static const Binding RUN_ROWS[] = {
    { .keys = { ' ' }, .name = "Space", .label = "step", .when = WHEN_VIEWS, .fn = key_step,
      .help = "one training step (k-means: assign + update; a tree: one split)" },
    { .keys = { 'r' }, .name = "r", .label = "run/pause", .when = WHEN_VIEWS, .fn = key_run,
      .help = "run / pause: a step at the chosen speed, animated" },
    { .keys = { '+', '=', '-', '_' }, .name = "+/-", .label = "speed", .when = WHEN_VIEWS,
      .fn = key_speed, .help = "faster / slower (1 to 100 steps a second, or max)" },
    { .keys = { '[', ']', '<', '>' }, .name = "[ ]", .label = "threshold", .when = WHEN_ROC,
      .fn = key_threshold, .help = "the ROC view's threshold, 0.05 at a time" },
    { .keys = { 'x' }, .name = "x", .label = "reset", .when = WHEN_ANY, .fn = key_reset,
      .help = "reset: a new model at step 0 (cancels a long step)" },
    { .keys = { TK_TAB, TK_BTAB }, .name = "Tab", .label = "view", .when = WHEN_ANY,
      .fn = key_view, .help = "the next view: plot, curves, the algorithm's panel, log, results..." },
    { .keys = { '1', '2', '3', '4', '5', '6', '7', '8', '9' }, .name = "1-9",
      .fn = key_view_number, .help = "the view of that number (as the tabs show them)" },
    { .keys = { TK_UP, TK_DOWN }, .name = "\u2191\u2193", .label = "param", .when = WHEN_ANY,
      .fn = form_key_move, .help = "choose a parameter" },
    { .keys = { TK_LEFT, TK_RIGHT }, .name = "\u2190\u2192", .label = "choice",
      .when = WHEN_VIEWS, .fn = form_key_cycle, .help = "the next / previous value of a choice" },
    { .keys = { TK_ENTER }, .name = "Enter", .label = "edit", .when = WHEN_ANY,
      .fn = form_key_edit, .help = "edit the parameter (validated, then the run resets)" },
    { .keys = { ':' }, .name = ":", .fn = form_key_by_name,
      .help = "set one by name: KEY=VALUE (validated, then the run resets)" },
    { .keys = { ',', '.' }, .name = ", .", .label = "point", .when = WHEN_VIEWS, .fn = key_point,
      .help = "another test point (neighbours, feature maps, errors page)" },
    { .keys = { 'g' }, .name = "g", .fn = key_ghosts,
      .help = "(regression) clear the curves kept from earlier runs" },
    { .keys = { 'y' }, .name = "y", .label = "yours", .when = WHEN_ANY, .fn = key_yours,
      .help = "step YOUR code of the practice exercise (k-means, perceptron, logreg, linreg, svm) beside the built-in (grey); y again: back" },
    { .keys = { 'p', 'f', 'F' }, .name = "p f F", .fn = key_plane,
      .help = "(more than 2 features) the plot on PCA's first two components (p), or on two features, others at their means (f: next x, F: next y)" },
    { .keys = { 'P', 'K', 'O', 'S', 'D' }, .name = "P K O S D", .fn = key_prep,
      .help = "the pipeline: polynomial degree (P: none, 2, 3), PCA components (K: none, 2 .. 50), resampling the training classes (O: none, over, under), standardising again (S: rescale), deskewing images first (D); the run resets" },
    { .keys = { TK_PGUP, TK_PGDN }, .name = "PgUp PgDn", .fn = key_scroll,
      .help = "scroll the log, or the algorithm's panel" },
    { .keys = { TK_CLICK, TK_WHEEL_UP, TK_WHEEL_DOWN }, .name = "mouse", .fn = rs_key_mouse,
      .help = "click a tab, a k-NN query point, the ROC curve; the wheel scrolls" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .when = WHEN_ANY, .fn = key_back, /* help: Everywhere */ },
    /* last: the footer shows it when there is room (the keys above come first) */
    { .keys = { 'e' }, .name = "e", .label = "export", .when = WHEN_ANY, .fn = rs_key_export,
      .help = "export: the results (JSON, CSV), the trace (JSON lines) and the view (text, SVG) to files" },
};

static const Bindings RUN_KEYS = BINDINGS("Run", RUN_ROWS, NULL, false);

const Bindings *rs_bindings(const Screen *s)
{
    const Bindings *edit = form_edit_bindings(s->form);
    return edit ? edit : &RUN_KEYS;
}

unsigned rs_footer_when(const Screen *s)
{
    return ((const RunScreen *)s)->view == V_ROC ? WHEN_ROC : WHEN_VIEWS;
}
