/* screen_run.c - training an algorithm under a learner's control.
 *
 * Left: the parameter form (the algorithm's schema; every edit is validated
 * with params_set and resets the run) and the run's facts.  Top: the status
 * line, `step N` and the latest loss or metric.  Right: the views that apply,
 * one at a time (Tab or 1-9):
 *   plot      2-D data with the decision regions predicted on a grid, or a
 *             regressor's fitted curve over 1-D data, plus what the
 *             algorithm draws on it (centroids and paths, neighbours,
 *             separating lines, the newest split)
 *   curves    loss and metric curves from the trace
 *   <panel>   the algorithm's own view (tree, backprop, maps, ...)
 *   log       the trace, newest last
 *   results   after training: metrics, the confusion-matrix heatmap
 *   ROC       binary classifiers: the curve and a threshold slider (0.05
 *             steps) with the 2x2 matrix and precision/recall/F1 live
 *   errors    misclassified test examples (as images on image sets)
 * Training runs in the Runner's thread (tui_run.c); the screen asks it for
 * steps and snapshots through runner_request_*.  `conv` (an operation, not
 * a model) has its own screen, screen_conv.c.
 *
 * The screen object is a RunScreen (screen_run_internal.h).  This file
 * holds opening and closing a run, the tick (start the runner when the
 * data is there, reap retired runners, ask for the snapshot the view shows,
 * prepare what the views draw), the choice of views and the whole screen's
 * draw.  The keys are in screen_run_keys.c; the pieces of the draw in
 * screen_run_status.c (status line, run facts), screen_run_views.c (plot,
 * curves, log, the algorithm's panel) and screen_run_results.c (results,
 * ROC and the threshold explorer, errors). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learner.h"
#include "practice.h"
#include "screen_run_internal.h"
#include "tui_progress.h"
#include "tui_state.h"

const double RS_SPEEDS[RS_N_SPEEDS] = { 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.0 };
const char *const RS_SPEED_NAMES[RS_N_SPEEDS] = { "1/s",  "2/s",   "5/s",  "10/s",
                                                  "20/s", "50/s", "100/s", "max" };

/* The key table (screen_run_keys.c). */
const Bindings *rs_bindings(const Screen *s);
unsigned rs_footer_when(const Screen *s);

static RunScreen *run_of(App *app)
{
    return (RunScreen *)app->screens[SCREEN_RUN];
}

/* ---- retired runners ---------------------------------------------------------- */

static void reap_retired(RunScreen *rs, bool wait)
{
    for (int i = 0; i < RUN_MAX_RETIRED; i++) {
        Runner *r = rs->retired[i].runner;
        if (!r || (!wait && !runner_exited(r)))
            continue;
        runner_stop(r);
        free(r);
        data_release(rs->retired[i].slot);
        rs->retired[i].runner = NULL;
        rs->retired[i].slot = NULL;
    }
}

static void retire(RunScreen *rs, Runner *r, DataSlot *slot)
{
    runner_request_stop(r);
    for (int i = 0; i < RUN_MAX_RETIRED; i++)
        if (!rs->retired[i].runner) {
            rs->retired[i].runner = r;
            rs->retired[i].slot = slot;
            return;
        }
    /* Full: wait for this one. */
    runner_stop(r);
    free(r);
    data_release(slot);
}

/* ---- earlier curves (regression) -------------------------------------------------- */

void rs_clear_ghosts(RunScreen *rs)
{
    for (int i = 0; i < rs->n_ghosts; i++) {
        free(rs->ghosts[i].x);
        free(rs->ghosts[i].y);
    }
    rs->n_ghosts = 0;
}

void rs_curve_label(const RunScreen *rs, char *buf, size_t size)
{
    int len = 0;
    const Runner *r = rs->runner;
    const Params *p = &r->params;
    buf[0] = '\0';
    if (params_find_spec(p->spec, "degree"))
        len += snprintf(buf + len, size - (size_t)len, "degree %d ", params_int(p, "degree"));
    if (params_find_spec(p->spec, "l2") && params_float(p, "l2") > 0)
        len += snprintf(buf + len, size - (size_t)len, "l2 %g ", params_float(p, "l2"));
    if (r->have_result)
        snprintf(buf + len, size - (size_t)len, "MSE train %.3g test %.3g", r->result.train_score,
                 r->result.reg.mse);
}

static void push_ghost(RunScreen *rs, const Snapshot *snap)
{
    if (rs->n_ghosts == 4) {
        free(rs->ghosts[0].x);
        free(rs->ghosts[0].y);
        memmove(&rs->ghosts[0], &rs->ghosts[1], 3 * sizeof rs->ghosts[0]);
        rs->n_ghosts = 3;
    }
    RunGhost *g = &rs->ghosts[rs->n_ghosts];
    int n = snap->curve_n;
    g->x = malloc((size_t)n * sizeof *g->x);
    g->y = malloc((size_t)n * sizeof *g->y);
    if (!g->x || !g->y) {
        free(g->x);
        free(g->y);
        return;
    }
    memcpy(g->x, snap->curve_x, (size_t)n * sizeof *g->x);
    memcpy(g->y, snap->curve_y, (size_t)n * sizeof *g->y);
    g->n = n;
    rs_curve_label(rs, g->label, sizeof g->label);
    rs->n_ghosts++;
}

/* Keep the current fitted curve (before a reset), labelled with its
 * degree and errors. */
static void keep_ghost(RunScreen *rs)
{
    if (!rs->runner_on || rs->algo->kind != ALGO_REGRESSOR)
        return;
    runner_lock(rs->runner);
    const Snapshot *snap = runner_snapshot(rs->runner);
    if (snap && snap->curve_x && snap->curve_n > 1 && rs->runner->steps > 0)
        push_ghost(rs, snap);
    runner_unlock(rs->runner);
}

/* ---- opening and closing ---------------------------------------------------- */

static void forget_roc(RunScreen *rs)
{
    if (rs->roc_ready)
        roc_free(&rs->roc);
    rs->roc_ready = false;
    free(rs->roc_scores);
    rs->roc_scores = NULL;
    rs_forget_pr(rs);
}

void rs_forget_result(RunScreen *rs)
{
    forget_roc(rs);
}

/* Let the runner go (retired, with its data slot) or free what never started. */
static void drop_runner(RunScreen *rs)
{
    if (rs->runner_on) {
        retire(rs, rs->runner, rs->slot);
    } else {
        free(rs->runner);
        if (rs->slot)
            data_release(rs->slot);
    }
    rs->runner = NULL;
    rs->runner_on = false;
    rs->slot = NULL;
}

static void close_run(RunScreen *rs)
{
    rs_clear_ghosts(rs);
    drop_runner(rs);
    form_free(&rs->form);
    forget_roc(rs);
    rs->open = false;
}

/* A parameter changed: keep the curve, then a new model with the new
 * parameters. */
static void form_changed(Screen *s, App *app, const char *name, const char *value)
{
    RunScreen *rs = (RunScreen *)s;
    (void)app, (void)name, (void)value;
    keep_ghost(rs);
    if (rs->runner_on) {
        runner_set_threshold_auto(rs->runner, rs->form.threshold_auto);
        runner_request_reset(rs->runner, &rs->form.params);
    }
}

/* Everything but the retired runners back to a fresh run's state. */
static void reset_state(RunScreen *rs)
{
    size_t head = offsetof(RunScreen, form);
    size_t tail = offsetof(RunScreen, retired);
    memset((char *)rs + head, 0, tail - head);
    rs->form.changed = form_changed;
    rs->speed = RS_DEFAULT_SPEED;
    rs->threshold = 0.5;
    rs->view = V_PLOT;
}

void run_screen_open(App *app)
{
    RunScreen *rs = run_of(app);
    if (!app->algo)
        return;
    if (rs->open && rs->algo == app->algo && strcmp(rs->dataset, app->dataset) == 0) {
        app_push(app, &rs->base);
        return;
    }
    close_run(rs);
    reset_state(rs);
    rs->algo = app->algo;
    snprintf(rs->dataset, sizeof rs->dataset, "%s", app->dataset);
    rs->open = true;
    Error err;
    if (form_init(&rs->form, rs->algo->params, &err) < 0)
        snprintf(rs->start_error, sizeof rs->start_error, "%s", err.msg);
    else
        tui_state_restore_params(rs->algo, &rs->form.params); /* the last session's values */
    rs->slot = data_acquire(app->dataset, rs->algo->kind);
    if (!rs->slot)
        snprintf(rs->start_error, sizeof rs->start_error,
                 "too many datasets in use: go back and close a comparison");
    app_push(app, &rs->base);
}

/* ---- Step your own: the learner's version of the algorithm (learner.h) -------- */

/* The values the old form set that the new schema has too. */
static void carry_values(ParamForm *f, const Params *old)
{
    for (int i = 0; i < old->count; i++)
        if (!old->values[i].is_default && params_find_spec(f->params.spec, old->spec[i].name))
            params_set(&f->params, old->spec[i].name, old->values[i].text, NULL);
}

/* Run `algo` on the same data, with a new form (keeping the values both
 * schemas have) and a new runner; file (may be NULL) is the learner's. */
static void switch_algo(RunScreen *rs, const Algo *algo, const char *file)
{
    Params old;
    bool had = rs->form.ready && params_copy(&old, &rs->form.params, NULL) == 0;
    drop_runner(rs);
    rs_clear_ghosts(rs);
    form_free(&rs->form);
    forget_roc(rs);
    rs->algo = algo;
    rs->start_error[0] = '\0';
    rs->bounds_valid = false;
    rs->view = V_PLOT;
    Error err;
    if (form_init(&rs->form, algo->params, &err) < 0)
        snprintf(rs->start_error, sizeof rs->start_error, "%s", err.msg);
    else if (had)
        carry_values(&rs->form, &old);
    if (had)
        params_free(&old);
    if (file && rs->form.ready && params_set(&rs->form.params, "file", file, &err) < 0)
        snprintf(rs->start_error, sizeof rs->start_error, "%s", err.msg);
    rs->slot = data_acquire(rs->dataset, algo->kind);
    if (!rs->slot)
        snprintf(rs->start_error, sizeof rs->start_error, "too many datasets in use");
}

bool rs_toggle_yours(RunScreen *rs, App *app)
{
    const Algo *builtin = learner_builtin(rs->algo);
    if (builtin) {
        switch_algo(rs, builtin, NULL);
        app_message(app, "the built-in %s again", builtin->name);
        return true;
    }
    const Algo *yours = learner_algo_for(rs->algo);
    if (!yours) {
        app_message(app, "%s has no exercise to step (kmeans, perceptron, logreg, linreg, svm have)",
                    rs->algo->name);
        return false;
    }
    switch_algo(rs, yours, NULL);
    app_message(app, "yours: exercise %s, grey = the built-in (y: back)", learner_exercise(yours));
    return true;
}

/* The learner file of `exercise`: file, else the workspace one in lang. */
static int learner_file(const PracticeExercise *ex, const char *file, const char *lang,
                        char *buf, size_t size, Error *err)
{
    PracticeLang l = PRACTICE_C;
    if (file && *file)
        return snprintf(buf, size, "%s", file) < (int)size ? 0 : error_set(err, ERR_IO, "path too long");
    if (lang && practice_lang_parse(lang, &l, err) != 0)
        return -1;
    return practice_workspace_file(ex, l, buf, size, err);
}

int run_screen_open_learner(App *app, const char *exercise, const char *file, const char *lang)
{
    PracticeExercise ex;
    char path[PATH_MAX];
    Error err;
    if (practice_bank_find(exercise, &ex, &err) != 0 ||
        learner_file(&ex, file, lang, path, sizeof path, &err) != 0) {
        app_message(app, "%s", err.msg);
        return -1;
    }
    const Algo *builtin = ex.step_algo[0] ? algo_find(ex.step_algo) : NULL;
    const Algo *yours = learner_algo_for(builtin);
    if (!yours) {
        app_message(app, "%s cannot be stepped in the run screen", exercise);
        return -1;
    }
    app->algo = builtin;
    if (!app->dataset[0]) /* the kind's default may not suit the exercise (iris: 3 classes) */
        snprintf(app->dataset, sizeof app->dataset, "%s", learner_dataset(yours));
    run_screen_open(app);
    switch_algo(run_of(app), yours, path);
    return 0;
}

/* ---- which views apply --------------------------------------------------------- */

static bool plot_applies(const RunScreen *rs, int cols)
{
    bool regress = rs->algo->kind == ALGO_REGRESSOR;
    return (cols == 2 && !regress) || (cols == 1 && regress);
}

/* The features the model sees: the session's (after its pipeline), or the
 * data's before the session is open (lock held). */
static int model_cols(const Runner *r)
{
    return r->inst ? r->inst->session.train->X.cols : r->train->X.cols;
}

static bool classifier_result(const RunScreen *rs)
{
    const Runner *r = rs->runner;
    return rs->runner_on && r->have_result && rs->algo->kind == ALGO_CLASSIFIER &&
           r->result.has_truth;
}

bool rs_view_applies(const RunScreen *rs, int v)
{
    const Runner *r = rs->runner;
    const AlgoView *av = algo_view_for(rs->algo);
    switch (v) {
    case V_PLOT: return rs->runner_on && plot_applies(rs, model_cols(r));
    case V_PLANE: return rs->runner_on && rs_plane_applies(rs, model_cols(r));
    case V_CURVES: case V_LOG: return true;
    case V_PANEL: return av && av->panel;
    case V_RESULTS: return rs->runner_on && r->have_result;
    case V_ROC:
        return classifier_result(rs) && r->result.n_classes == 2 && r->result.scores;
    case V_ERRORS: return classifier_result(rs);
    default: return false;
    }
}

const char *rs_view_name(const RunScreen *rs, int v)
{
    static const char *const NAMES[V_COUNT] = { "plot", "curves", "model", "log",
                                                "results", "ROC", "errors", "plane" };
    const AlgoView *av = algo_view_for(rs->algo);
    if (v == V_PANEL && av && av->panel_name)
        return av->panel_name;
    return v >= 0 && v < V_COUNT ? NAMES[v] : "?";
}

/* The next view that applies in direction dir (lock held). */
void rs_next_view(RunScreen *rs, int dir)
{
    for (int i = 1; i <= V_COUNT; i++) {
        int v = ((rs->view + dir * i) % V_COUNT + V_COUNT) % V_COUNT;
        if (rs_view_applies(rs, v)) {
            rs->view = v;
            return;
        }
    }
}

/* ---- layout ---------------------------------------------------------------------- */

static int left_width(int w)
{
    return w >= 110 ? 36 : 30;
}

void rs_view_rect(int x, int y, int w, int h, int *vx, int *vy, int *vw, int *vh)
{
    int left = left_width(w);
    *vx = x + left + 1;
    *vw = w - left - 1;
    *vy = y + 1 + 2;
    *vh = h - 1 - 2;
}

PlotArea rs_plot_area(const RunScreen *rs, int vx, int vy, int vw, int vh)
{
    PlotArea a = rs->bounds;
    a.x = vx + 9;
    a.y = vy;
    a.w = vw - 10;
    a.h = vh - 2;
    return a;
}

/* ---- the tick: background work before each frame ---------------------------------- */

static bool start_runner(RunScreen *rs, EvalData *d)
{
    EvalOptions o;
    eval_options_default(&o);
    ScaleKind scale;
    Error err;
    if (!rs->runner)
        rs->runner = calloc(1, sizeof *rs->runner);
    if (!rs->runner) {
        snprintf(rs->start_error, sizeof rs->start_error, "out of memory");
        return false;
    }
    if (eval_scale_for(rs->algo, &o, &d->train, &scale, &err) < 0 ||
        runner_start(rs->runner, rs->algo, &rs->form.params, &d->train, &d->test,
                     d->test_has_target, scale, d->seed, &err) < 0) {
        snprintf(rs->start_error, sizeof rs->start_error, "%s", err.msg);
        return false;
    }
    if (rs->form.threshold_auto) { /* set before the data was there */
        runner_set_threshold_auto(rs->runner, true);
        runner_request_reset(rs->runner, NULL);
    }
    return true;
}

/* Start the runner once the data is there, with the keys pressed before. */
static bool may_start(const RunScreen *rs)
{
    return !rs->runner_on && rs->slot && !rs->start_error[0] && rs->form.ready;
}

/* The first view: the plot when it applies, else the algorithm's panel. */
static int first_view(const RunScreen *rs)
{
    const AlgoView *av = algo_view_for(rs->algo);
    if (plot_applies(rs, rs->slot->data.train.X.cols))
        return V_PLOT;
    return av && av->panel ? V_PANEL : V_CURVES;
}

static void poll_start(RunScreen *rs)
{
    if (!may_start(rs))
        return;
    JobState s = data_state(rs->slot);
    if (s == JOB_FAILED)
        snprintf(rs->start_error, sizeof rs->start_error, "%s", rs->slot->job.err.msg);
    if (s != JOB_DONE || !start_runner(rs, &rs->slot->data))
        return;
    rs->runner_on = true;
    runner_request_interval(rs->runner, RS_SPEEDS[rs->speed]);
    for (; rs->queued_steps > 0; rs->queued_steps--)
        runner_request_step(rs->runner);
    if (rs->queued_run)
        runner_request_toggle_run(rs->runner);
    rs->queued_run = false;
    rs->view = first_view(rs);
    tui_state_restore_view(rs); /* the view shown last, when it applies */
}

/* Ask for the snapshot the plot needs: decision regions on the plot's
 * grid, or a regressor's curve (lock not held). */
static void request_plot(RunScreen *rs, const App *app, const PlotArea *a, int d)
{
    bool regress = rs->algo->kind == ALGO_REGRESSOR;
    ViewRequest req;
    memset(&req, 0, sizeof req);
    req.grid_w = regress ? 0 : a->w;
    req.grid_h = regress ? 0 : a->h;
    req.xmin = a->xmin;
    req.xmax = a->xmax;
    req.ymin = a->ymin;
    req.ymax = a->ymax;
    req.curve_n = regress ? a->w * (app->ascii ? 1 : 2) : 0;
    req.query = rs->query;
    req.ascii = app->ascii;
    rs_plane_request(rs, d, &req);
    runner_request_view(rs->runner, &req);
}

static void clamp_int(int *v, int lo, int hi)
{
    if (*v > hi)
        *v = hi;
    if (*v < lo)
        *v = lo;
}

/* Keep the scroll positions within what there is to see (lock held). */
static void clamp_scrolling(RunScreen *rs, bool ascii, int vw, int vh)
{
    const Runner *r = rs->runner;
    long avail = r->log_total < RUN_LOG_LINES ? r->log_total : RUN_LOG_LINES;
    clamp_int(&rs->log_back, 0, avail - vh > 0 ? (int)(avail - vh) : 0);
    /* The errors page: only classifiers with labelled test rows have one. */
    if (rs_view_applies(rs, V_ERRORS) && rs->errors_first >= rs_count_errors(&r->result))
        rs->errors_first = 0;
    clamp_int(&rs->errors_first, 0, rs->errors_first);
    if (rs->panel_scroll < 0 || rs->view != V_PANEL) {
        clamp_int(&rs->panel_scroll, 0, rs->panel_scroll);
        return;
    }
    int last = rs_panel_last_row(runner_snapshot(r), ascii, vw - 2, vh + rs->panel_scroll);
    clamp_int(&rs->panel_scroll, 0, last - vh + 2 > 0 ? last - vh + 2 : 0);
}

/* What the views draw, prepared with the lock held. */
static void prepare_views(RunScreen *rs, const App *app, int vw, int vh)
{
    Runner *r = rs->runner;
    if (!rs_view_applies(rs, rs->view))
        rs_next_view(rs, 1);
    /* (not while a reset is pending: r->inst is still the old session) */
    if (!rs->bounds_valid && r->inst && !r->reset_pending) {
        rs->bounds = rs_data_bounds(&r->inst->session);
        rs->bounds_valid = true;
    }
    if (rs->view == V_ROC)
        rs_prepare_roc(rs);
    clamp_scrolling(rs, app->ascii, vw, vh);
}

static void run_tick(Screen *s, App *app)
{
    RunScreen *rs = (RunScreen *)s;
    reap_retired(rs, false);
    poll_start(rs);
    if (!rs->runner_on)
        return;
    int x, y, w, h, vx, vy, vw, vh;
    app_body(app, &x, &y, &w, &h);
    rs_view_rect(x, y, w, h, &vx, &vy, &vw, &vh);
    runner_lock(rs->runner);
    prepare_views(rs, app, vw, vh);
    bool plot = (rs->view == V_PLOT || rs->view == V_PLANE) && rs->runner->inst && rs->bounds_valid;
    PlotArea a = rs_plot_area(rs, vx, vy, vw, vh);
    int d = model_cols(rs->runner);
    runner_unlock(rs->runner);
    /* Keep the snapshot made for what is on screen: the plot's grid, or
     * the query that , and . change in every view. */
    if (plot && a.w >= 4 && a.h >= 3)
        request_plot(rs, app, &a, d);
    else if (rs->view != V_PLOT && rs->view != V_PLANE)
        runner_request_query(rs->runner, rs->query, app->ascii);
}

/* ---- the whole screen ---------------------------------------------------------------- */

/* The tab of view v: " k name "; the other tabs' names cut to 3 letters
 * (fit 1) or left out (fit 2) when the tabs do not fit.  Returns its width. */
static int tab_label(const RunScreen *rs, int v, int k, int fit, char *buf, int size)
{
    if (fit == 2 && v != rs->view)
        snprintf(buf, (size_t)size, " %d ", k);
    else
        snprintf(buf, (size_t)size, " %d %.*s ", k, fit == 1 && v != rs->view ? 3 : 40,
                 rs_view_name(rs, v));
    return canvas_text_width(buf);
}

/* The cells the tabs take at a fit. */
static int tabs_width(const RunScreen *rs, int fit)
{
    char label[64];
    int need = 1, k = 1;
    for (int v = 0; v < V_COUNT; v++)
        if (rs_view_applies(rs, v))
            need += tab_label(rs, v, k++, fit, label, sizeof label) + 1;
    return need;
}

/* The tabs, the chosen one always whole (at 80 columns after training the
 * last ones were cut: "5 er"). */
static void draw_tabs(const RunScreen *rs, Canvas *c, int x, int y, int w)
{
    int fit = 0;
    while (fit < 2 && tabs_width(rs, fit) > w)
        fit++;
    char label[64];
    int cx = x + 1, k = 1;
    for (int v = 0; v < V_COUNT; v++) {
        if (!rs_view_applies(rs, v))
            continue;
        tab_label(rs, v, k++, fit, label, sizeof label);
        cx += ui_text(c, cx, y, x + w - cx, v == rs->view ? ST_SELECTED : ST_NORMAL, label) + 1;
    }
}

static void draw_view(const RunScreen *rs, const App *app, Canvas *c, int rx, int vy, int rw,
                      int vh)
{
    switch (rs->view) {
    case V_PLOT: case V_PLANE: rs_draw_plot(rs, app, c, rx, vy, rw, vh); break;
    case V_CURVES: rs_draw_curves(rs, c, rx, vy, rw, vh); break;
    case V_PANEL: rs_draw_panel(rs, c, rx + 1, vy, rw - 2, vh); break;
    case V_LOG: rs_draw_log(rs, c, rx, vy, rw, vh); break;
    case V_RESULTS: rs_draw_results(rs, c, rx, vy, rw, vh); break;
    case V_ROC: rs_draw_roc(rs, c, rx, vy, rw, vh); break;
    case V_ERRORS: rs_draw_errors(rs, c, rx, vy, rw, vh); break;
    default: break;
    }
}

/* The loading note: "loading mnist 42%  ETA 0:03" (issue 12). */
static void draw_loading(const RunScreen *rs, Canvas *c, int x, int y, int w)
{
    char prog[240] = "loading the data...";
    if (rs->slot)
        tui_job_text(&rs->slot->job, prog, sizeof prog);
    ui_printf(c, x, y, w, ST_HIGHLIGHT, "%s %s", ui_spinner(c), prog);
}

/* The right side: the tabs and the view, or the loading note. */
static void draw_right(const RunScreen *rs, const App *app, Canvas *c, int rx, int ry, int rw,
                       int rh)
{
    if (!rs->runner_on) {
        ui_box(c, rx, ry, rw, rh, NULL, false);
        if (rs->start_error[0])
            ui_text_wrapped(c, rx + 2, ry + 2, rw - 4, rh - 3, ST_ERROR, rs->start_error);
        else
            draw_loading(rs, c, rx + 2, ry + 2, rw - 4);
        return;
    }
    draw_tabs(rs, c, rx, ry, rw);
    ui_hline(c, rx, ry + 1, rw);
    const Runner *r = rs->runner;
    if (r->phase == RUN_FAILED && r->error[0]) /* the whole error, with the fix it suggests */
        ui_text_wrapped(c, rx + 2, ry + 3, rw - 4, rh - 4, ST_ERROR, r->error);
    else if (rs_view_applies(rs, rs->view))
        draw_view(rs, app, c, rx, ry + 2, rw, rh - 2);
}

static void run_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const RunScreen *rs = (const RunScreen *)s;
    int left = left_width(w);
    int form_h = (rs->form.ready ? rs->form.params.count : 0) + 5;
    if (form_h > h - 10)
        form_h = h - 10;
    if (form_h < 7)
        form_h = 7;
    if (rs->runner_on)
        runner_lock(rs->runner);
    rs_draw_status(rs, c, x, y, w);
    form_draw(&rs->form, c, x, y + 1, left, form_h);
    rs_draw_facts(rs, c, x, y + 1 + form_h, left, h - 1 - form_h);
    draw_right(rs, app, c, x + left + 1, y + 1, w - left - 1, h - 1);
    if (rs->runner_on)
        runner_unlock(rs->runner);
}

static bool run_busy(const Screen *s)
{
    const RunScreen *rs = (const RunScreen *)s;
    if (!rs->runner_on)
        return rs->slot != NULL && !rs->start_error[0];
    return runner_is_busy(rs->runner);
}

static void run_shutdown(Screen *s)
{
    RunScreen *rs = (RunScreen *)s;
    close_run(rs);
    reap_retired(rs, true);
}

static void run_destroy(Screen *s)
{
    run_shutdown(s);
    free(s);
}

static const ScreenClass RUN_CLASS = {
    .name = "Run",
    .tick = run_tick,
    .draw = run_draw,
    .bindings = rs_bindings,
    .footer_when = rs_footer_when,
    .busy = run_busy,
    .shutdown = run_shutdown,
    .destroy = run_destroy,
};

Screen *run_screen_new(void)
{
    RunScreen *rs = calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    rs->base.cls = &RUN_CLASS;
    rs->base.form = &rs->form;
    reset_state(rs);
    return &rs->base;
}
