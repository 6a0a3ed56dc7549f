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
 * Space steps, r runs/pauses, +/- change the speed, x resets (and cancels a
 * long step).  Training runs in the Runner's thread (tui_run.c).
 *
 * `conv` is an operation, not a model: its run screen slides the chosen
 * kernel over a digit instead (Space moves it one position).
 *
 * The pieces live in: screen_run_form.c (the parameter form, the run facts
 * and the status line), screen_run_views.c (plot, curves, log, the
 * algorithm's panel), screen_run_results.c (results, ROC and the threshold
 * explorer, errors), screen_run_conv.c (the conv operation); they share
 * screen_run_internal.h.  This file holds the state, opening and closing a
 * run, the choice of views, the whole screen's draw and the keys. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

static const double SPEEDS[] = { 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.0 };
const char *const RS_SPEED_NAMES[] = { "1/s", "2/s", "5/s", "10/s", "20/s", "50/s", "100/s",
                                           "max" };
#define N_SPEEDS (int)(sizeof SPEEDS / sizeof SPEEDS[0])
#define DEFAULT_SPEED 3

RunState rs_state;

/* ---- opening and closing ---------------------------------------------------- */

/* Runners asked to stop whose current step has not noticed yet: they keep
 * their data slot until they have, so leaving a long step never blocks the
 * screen.  Checked every frame; joined at exit. */
#define MAX_RETIRED 8
static struct {
    Runner *runner;
    DataSlot *slot;
} retired[MAX_RETIRED];

static void reap_retired(bool wait)
{
    for (int i = 0; i < MAX_RETIRED; i++) {
        if (!retired[i].runner || (!wait && !runner_exited(retired[i].runner)))
            continue;
        runner_stop(retired[i].runner);
        free(retired[i].runner);
        data_release(retired[i].slot);
        retired[i].runner = NULL;
        retired[i].slot = NULL;
    }
}

static void retire(Runner *r, DataSlot *slot)
{
    runner_request_stop(r);
    for (int i = 0; i < MAX_RETIRED; i++)
        if (!retired[i].runner) {
            retired[i].runner = r;
            retired[i].slot = slot;
            return;
        }
    /* Full: wait for this one. */
    runner_stop(r);
    free(r);
    data_release(slot);
}

static void clear_ghosts(void)
{
    for (int i = 0; i < rs_state.n_ghosts; i++) {
        free(rs_state.ghosts[i].x);
        free(rs_state.ghosts[i].y);
    }
    rs_state.n_ghosts = 0;
}

/* "degree 2 l2 0.1 MSE train 2.3 test 1.46" for the current run (lock held). */
void rs_curve_label(char *buf, size_t size)
{
    int len = 0;
    const Params *p = &rs_state.runner->params;
    buf[0] = '\0';
    if (params_find_spec(p->spec, "degree"))
        len += snprintf(buf + len, size - (size_t)len, "degree %d ", params_int(p, "degree"));
    if (params_find_spec(p->spec, "l2") && params_float(p, "l2") > 0)
        len += snprintf(buf + len, size - (size_t)len, "l2 %g ", params_float(p, "l2"));
    if (rs_state.runner->have_result)
        snprintf(buf + len, size - (size_t)len, "MSE train %.3g test %.3g",
                 rs_state.runner->result.train_score, rs_state.runner->result.reg.mse);
}

/* Keep the current fitted curve (before a reset), labelled with its
 * degree and errors.  Takes the runner's lock. */
void rs_keep_ghost(void)
{
    if (!rs_state.runner_on || rs_state.algo->kind != ALGO_REGRESSOR)
        return;
    runner_lock(rs_state.runner);
    Snapshot *snap = rs_state.runner->snap;
    if (snap && snap->curve_x && snap->curve_n > 1 && rs_state.runner->steps > 0) {
        if (rs_state.n_ghosts == 4) {
            free(rs_state.ghosts[0].x);
            free(rs_state.ghosts[0].y);
            memmove(&rs_state.ghosts[0], &rs_state.ghosts[1], 3 * sizeof rs_state.ghosts[0]);
            rs_state.n_ghosts = 3;
        }
        struct Ghost *g = &rs_state.ghosts[rs_state.n_ghosts];
        int n = snap->curve_n;
        g->x = malloc((size_t)n * sizeof *g->x);
        g->y = malloc((size_t)n * sizeof *g->y);
        if (g->x && g->y) {
            memcpy(g->x, snap->curve_x, (size_t)n * sizeof *g->x);
            memcpy(g->y, snap->curve_y, (size_t)n * sizeof *g->y);
            g->n = n;
            rs_curve_label(g->label, sizeof g->label);
            rs_state.n_ghosts++;
        } else {
            free(g->x);
            free(g->y);
        }
    }
    runner_unlock(rs_state.runner);
}

static void close_run(void)
{
    clear_ghosts();
    if (rs_state.runner_on) {
        retire(rs_state.runner, rs_state.slot);
    } else {
        free(rs_state.runner);
        if (rs_state.slot)
            data_release(rs_state.slot);
    }
    rs_state.runner = NULL;
    rs_state.runner_on = false;
    rs_state.slot = NULL;
    if (rs_state.form_ready)
        params_free(&rs_state.form);
    rs_state.form_ready = false;
    if (rs_state.roc_ready)
        roc_free(&rs_state.roc);
    rs_state.roc_ready = false;
    free(rs_state.roc_scores);
    rs_state.roc_scores = NULL;
    if (rs_state.conv.inited) {
        job_destroy(&rs_state.conv.load);
        dataset_free(&rs_state.conv.ds);
        free(rs_state.conv.out);
        free(rs_state.conv.pooled);
    }
    memset(&rs_state.conv, 0, sizeof rs_state.conv);
    rs_state.open = false;
}

static bool is_operation(const Algo *a)
{
    return a && a->kind == ALGO_OPERATION;
}

static int conv_load_job(Job *job, void *arg)
{
    (void)arg;
    job_set_progress(job, -1, "loading %s", rs_state.conv.name);
    Rng rng;
    rng_seed(&rng, 42);
    return dataset_load(&rs_state.conv.ds, rs_state.conv.name, NULL, &rng, &job->err);
}

void run_screen_open(App *app)
{
    if (!app->algo)
        return;
    if (rs_state.open && rs_state.algo == app->algo && strcmp(rs_state.dataset, app->dataset) == 0) {
        app_push(app, &screen_run);
        return;
    }
    close_run();
    memset(&rs_state, 0, sizeof rs_state);
    rs_state.algo = app->algo;
    snprintf(rs_state.dataset, sizeof rs_state.dataset, "%s", app->dataset);
    rs_state.open = true;
    rs_state.speed = DEFAULT_SPEED;
    rs_state.threshold = 0.5;
    Error err;
    if (params_init(&rs_state.form, rs_state.algo->params, &err) == 0)
        rs_state.form_ready = true;
    else
        snprintf(rs_state.start_error, sizeof rs_state.start_error, "%s", err.msg);
    rs_state.view = V_PLOT;
    if (is_operation(rs_state.algo)) {
        /* An image to convolve: the chosen image set, else the 8x8 digits. */
        const DatasetInfo *info = dataset_info(app->dataset);
        snprintf(rs_state.conv.name, sizeof rs_state.conv.name, "%s",
                 info && info->image ? app->dataset : "digits");
        job_init(&rs_state.conv.load);
        rs_state.conv.inited = true;
        if (job_start(&rs_state.conv.load, conv_load_job, NULL, &err) < 0)
            snprintf(rs_state.start_error, sizeof rs_state.start_error, "%s", err.msg);
    } else {
        rs_state.slot = data_acquire(app->dataset, rs_state.algo->kind);
        if (!rs_state.slot)
            snprintf(rs_state.start_error, sizeof rs_state.start_error,
                     "too many datasets in use: go back and close a comparison");
    }
    app_push(app, &screen_run);
}

void run_screen_shutdown(App *app)
{
    (void)app;
    close_run();
    reap_retired(true);
    data_shutdown();
}

/* Start the runner once the data is there. */
static void poll_start(App *app)
{
    if (rs_state.runner_on || !rs_state.slot || rs_state.start_error[0] || !rs_state.form_ready)
        return;
    JobState s = data_state(rs_state.slot);
    if (s == JOB_FAILED) {
        snprintf(rs_state.start_error, sizeof rs_state.start_error, "%s", rs_state.slot->job.err.msg);
        return;
    }
    if (s != JOB_DONE)
        return;
    EvalData *d = &rs_state.slot->data;
    EvalOptions o;
    eval_options_default(&o);
    ScaleKind scale;
    Error err;
    if (!rs_state.runner)
        rs_state.runner = calloc(1, sizeof *rs_state.runner);
    if (!rs_state.runner) {
        snprintf(rs_state.start_error, sizeof rs_state.start_error, "out of memory");
        return;
    }
    if (eval_scale_for(rs_state.algo, &o, &d->train, &scale, &err) < 0 ||
        runner_start(rs_state.runner, rs_state.algo, &rs_state.form, &d->train, &d->test, d->test_has_target, scale,
                     d->seed, &err) < 0) {
        snprintf(rs_state.start_error, sizeof rs_state.start_error, "%s", err.msg);
        return;
    }
    rs_state.runner_on = true;
    runner_set_interval(rs_state.runner, SPEEDS[rs_state.speed]);
    for (; rs_state.queued_steps > 0; rs_state.queued_steps--)
        runner_step(rs_state.runner);
    if (rs_state.queued_run)
        runner_toggle_run(rs_state.runner);
    rs_state.queued_run = false;
    int d_cols = d->train.X.cols;
    bool plot = (d_cols == 2 && rs_state.algo->kind != ALGO_REGRESSOR) ||
                (d_cols == 1 && rs_state.algo->kind == ALGO_REGRESSOR);
    const AlgoView *av = algo_view_for(rs_state.algo);
    rs_state.view = plot ? V_PLOT : av && av->panel ? V_PANEL : V_CURVES;
    (void)app;
}

/* ---- which views apply --------------------------------------------------------- */

static bool view_applies(int v)
{
    if (is_operation(rs_state.algo))
        return false;
    const Runner *r = rs_state.runner;
    const AlgoView *av = algo_view_for(rs_state.algo);
    bool result = rs_state.runner_on && r->have_result;
    switch (v) {
    case V_PLOT:
        if (!rs_state.runner_on)
            return false;
        return (r->train->X.cols == 2 && rs_state.algo->kind != ALGO_REGRESSOR) ||
               (r->train->X.cols == 1 && rs_state.algo->kind == ALGO_REGRESSOR);
    case V_CURVES: case V_LOG:
        return true;
    case V_PANEL:
        return av && av->panel;
    case V_RESULTS:
        return result;
    case V_ROC:
        return result && rs_state.algo->kind == ALGO_CLASSIFIER && r->result.n_classes == 2 &&
               r->result.scores && r->result.has_truth;
    case V_ERRORS:
        return result && rs_state.algo->kind == ALGO_CLASSIFIER && r->result.has_truth;
    default:
        return false;
    }
}

static const char *view_name(int v)
{
    const AlgoView *av = algo_view_for(rs_state.algo);
    switch (v) {
    case V_PLOT: return "plot";
    case V_CURVES: return "curves";
    case V_PANEL: return av && av->panel_name ? av->panel_name : "model";
    case V_LOG: return "log";
    case V_RESULTS: return "results";
    case V_ROC: return "ROC";
    case V_ERRORS: return "errors";
    default: return "?";
    }
}

static void next_view(int dir)
{
    for (int i = 1; i <= V_COUNT; i++) {
        int v = ((rs_state.view + dir * i) % V_COUNT + V_COUNT) % V_COUNT;
        if (view_applies(v)) {
            rs_state.view = v;
            return;
        }
    }
}


/* ---- the whole screen ---------------------------------------------------------------- */

static void draw_tabs(Canvas *c, int x, int y, int w)
{
    int cx = x + 1, k = 1;
    for (int v = 0; v < V_COUNT; v++) {
        if (!view_applies(v))
            continue;
        char label[48];
        snprintf(label, sizeof label, " %d %s ", k++, view_name(v));
        cx += ui_text(c, cx, y, x + w - cx, v == rs_state.view ? ST_SELECTED : ST_NORMAL, label) + 1;
    }
}

static void run_draw(App *app, Canvas *c, int x, int y, int w, int h)
{
    reap_retired(false);
    poll_start(app);
    int left = w >= 110 ? 36 : 30;
    int form_rows = rs_state.form_ready ? rs_state.form.count : 0;
    int form_h = form_rows + 5;
    if (form_h > h - 10)
        form_h = h - 10;
    if (form_h < 7)
        form_h = 7;
    if (rs_state.runner_on)
        runner_lock(rs_state.runner);
    rs_draw_status(app, c, x, y, w);
    rs_draw_form(app, c, x, y + 1, left, form_h);
    rs_draw_facts(app, c, x, y + 1 + form_h, left, h - 1 - form_h);
    int rx = x + left + 1, rw = w - left - 1, ry = y + 1, rh = h - 1;
    if (is_operation(rs_state.algo)) {
        ui_box(c, rx, ry, rw, rh, "convolution", false);
        rs_draw_conv(c, rx + 1, ry + 1, rw - 2, rh - 2);
    } else if (!rs_state.runner_on) {
        ui_box(c, rx, ry, rw, rh, NULL, false);
        if (rs_state.start_error[0])
            ui_text(c, rx + 2, ry + 2, rw - 4, ST_ERROR, rs_state.start_error);
        else
            ui_printf(c, rx + 2, ry + 2, rw - 4, ST_HIGHLIGHT, "%s loading the data...", ui_spinner(c));
    } else {
        if (!view_applies(rs_state.view))
            next_view(1);
        draw_tabs(c, rx, ry, rw);
        ui_hline(c, rx, ry + 1, rw);
        int vy = ry + 2, vh = rh - 2;
        switch (rs_state.view) {
        case V_PLOT: rs_draw_plot(app, c, rx, vy, rw, vh); break;
        case V_CURVES: rs_draw_curves(c, rx, vy, rw, vh); break;
        case V_PANEL: rs_draw_panel(c, rx + 1, vy, rw - 2, vh); break;
        case V_LOG: rs_draw_log(c, rx, vy, rw, vh); break;
        case V_RESULTS: rs_draw_results(app, c, rx, vy, rw, vh); break;
        case V_ROC: rs_draw_roc(c, rx, vy, rw, vh); break;
        case V_ERRORS: rs_draw_errors(c, rx, vy, rw, vh); break;
        default: break;
        }
        /* Keep the snapshot made for what is on screen: the query changes
         * with , and . in every view. */
        if (rs_state.view != V_PLOT && rs_state.runner->req.query != rs_state.query) {
            rs_state.runner->req.query = rs_state.query;
            rs_state.runner->req.ascii = c->ascii;
            rs_state.runner->want_snapshot = true;
            pthread_cond_signal(&rs_state.runner->wake);
        }
    }
    if (rs_state.runner_on)
        runner_unlock(rs_state.runner);
}

/* ---- keys ------------------------------------------------------------------------------ */

static void conv_tick(void)
{
    ConvState *cs = &rs_state.conv;
    if (cs->running && app_now() >= cs->next_at) {
        cs->pos++;
        cs->next_at = app_now() + SPEEDS[rs_state.speed];
    }
}

static bool edit_key(App *app, int key)
{
    if (key == TK_ESC) {
        rs_state.editing = false;
        rs_state.kv_mode = false;
        rs_state.form_error[0] = '\0';
        return true;
    }
    if (key == TK_ENTER) {
        if (!rs_state.kv_mode) {
            rs_form_apply(app, rs_state.form.spec[rs_state.form_sel].name, rs_state.field.text);
            return true;
        }
        /* ": KEY=VALUE" sets a parameter by name. */
        char kv[256];
        snprintf(kv, sizeof kv, "%s", rs_state.field.text);
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(rs_state.form_error, sizeof rs_state.form_error, "write KEY=VALUE, e.g. k=3 (Esc cancels)");
            return true;
        }
        *eq = '\0';
        for (int i = 0; rs_state.form_ready && i < rs_state.form.count; i++)
            if (strcmp(rs_state.form.spec[i].name, kv) == 0)
                rs_state.form_sel = i;
        rs_form_apply(app, kv, eq + 1);
        return true;
    }
    rs_state.form_error[0] = '\0';
    field_key(&rs_state.field, key);
    return true;
}

static bool run_key(App *app, int key)
{
    if (rs_state.editing)
        return edit_key(app, key);
    switch (key) {
    case TK_UP:
        if (rs_state.form_sel > 0)
            rs_state.form_sel--;
        rs_state.form_error[0] = '\0';
        return true;
    case TK_DOWN:
        if (rs_state.form_ready && rs_state.form_sel < rs_state.form.count - 1)
            rs_state.form_sel++;
        rs_state.form_error[0] = '\0';
        return true;
    case TK_ENTER:
        if (rs_state.form_ready && rs_state.form_sel < rs_state.form.count) {
            rs_state.editing = true;
            field_set(&rs_state.field, rs_state.form.values[rs_state.form_sel].text);
        }
        return true;
    case TK_LEFT: case TK_RIGHT:
        rs_form_cycle(app, key == TK_RIGHT ? 1 : -1);
        return true;
    case ':':
        if (rs_state.form_ready) {
            rs_state.editing = true;
            rs_state.kv_mode = true;
            rs_state.form_error[0] = '\0';
            field_set(&rs_state.field, "");
        }
        return true;
    case ' ':
        if (is_operation(rs_state.algo))
            rs_state.conv.pos++;
        else if (rs_state.runner_on)
            runner_step(rs_state.runner);
        else
            rs_state.queued_steps++;
        return true;
    case 'r':
        if (is_operation(rs_state.algo)) {
            rs_state.conv.running = !rs_state.conv.running;
            rs_state.conv.next_at = app_now();
        } else if (rs_state.runner_on) {
            runner_toggle_run(rs_state.runner);
        } else {
            rs_state.queued_run = !rs_state.queued_run;
        }
        return true;
    case '+': case '=': case '-': case '_':
        rs_state.speed += key == '+' || key == '=' ? 1 : -1;
        if (rs_state.speed < 0)
            rs_state.speed = 0;
        if (rs_state.speed >= N_SPEEDS)
            rs_state.speed = N_SPEEDS - 1;
        if (rs_state.runner_on)
            runner_set_interval(rs_state.runner, SPEEDS[rs_state.speed]);
        app_message(app, "speed %s", RS_SPEED_NAMES[rs_state.speed]);
        return true;
    case 'x':
        if (is_operation(rs_state.algo)) {
            rs_state.conv.pos = 0;
            rs_state.conv.running = false;
        } else if (rs_state.runner_on) {
            runner_reset(rs_state.runner, NULL);
            if (rs_state.roc_ready)
                roc_free(&rs_state.roc);
            rs_state.roc_ready = false;
            free(rs_state.roc_scores);
            rs_state.roc_scores = NULL;
            app_message(app, "reset: a new model, step 0");
        }
        return true;
    case TK_TAB: case TK_BTAB:
        next_view(key == TK_TAB ? 1 : -1);
        return true;
    case 'g':
        if (rs_state.n_ghosts) {
            clear_ghosts();
            app_message(app, "earlier curves cleared");
        }
        return true;
    case ',': case '.':
        if (rs_state.view == V_ERRORS)
            rs_state.errors_first += key == '.' ? 12 : -12;
        else
            rs_state.query += key == '.' ? 1 : -1;
        return true;
    case '[': case ']': case '<': case '>': {
        int step = (int)lround(rs_state.threshold * 20) + (key == ']' || key == '>' ? 1 : -1);
        if (step < 0)
            step = 0;
        if (step > 20)
            step = 20;
        rs_state.threshold = step / 20.0;
        if (view_applies(V_ROC))
            rs_state.view = V_ROC;
        return true;
    }
    case TK_PGUP: case TK_PGDN:
        if (rs_state.view == V_PANEL)
            rs_state.panel_scroll += key == TK_PGDN ? 10 : -10;
        else
            rs_state.log_back += key == TK_PGUP ? 10 : -10;
        return true;
    default:
        if (key >= '1' && key <= '9') {
            int want = key - '0', k = 0;
            for (int v = 0; v < V_COUNT; v++)
                if (view_applies(v) && ++k == want)
                    rs_state.view = v;
            return true;
        }
        return false;
    }
}

static const char *run_footer(App *app)
{
    (void)app;
    if (rs_state.editing)
        return rs_state.kv_mode ? "Enter apply KEY=VALUE|Esc cancel" : "Enter apply|Esc cancel|type a value";
    if (is_operation(rs_state.algo))
        return "Space move window|r slide|, . image|\u2191\u2193 param|\u2190\u2192 choice|Enter edit|Esc back";
    if (rs_state.view == V_ROC)
        return "[ ] threshold|Tab view|x reset|\u2191\u2193 param|Enter edit|Esc back";
    return "Space step|r run/pause|+/- speed|x reset|Tab view|\u2191\u2193 param|\u2190\u2192 choice|Enter edit|, . point|Esc back";
}

static bool run_capturing(App *app)
{
    (void)app;
    return rs_state.editing;
}

static bool run_busy(App *app)
{
    (void)app;
    if (is_operation(rs_state.algo)) {
        conv_tick();
        return rs_state.conv.running || job_state(&rs_state.conv.load) == JOB_RUNNING;
    }
    if (!rs_state.runner_on)
        return rs_state.slot != NULL && !rs_state.start_error[0];
    runner_lock(rs_state.runner);
    bool busy = rs_state.runner->running || rs_state.runner->busy || rs_state.runner->phase == RUN_PREPARING ||
                rs_state.runner->phase == RUN_EVALUATING;
    runner_unlock(rs_state.runner);
    return busy;
}

static void run_destroy(App *app)
{
    (void)app;
    close_run();
}

const Screen screen_run = {
    .name = "Run",
    .draw = run_draw,
    .key = run_key,
    .footer = run_footer,
    .capturing_text = run_capturing,
    .busy = run_busy,
    .help = "Run\n"
            "  Space       one training step (k-means: assign + update; a tree: one split)\n"
            "  r           run / pause: a step at the chosen speed, animated\n"
            "  + -         faster / slower (1 to 100 steps a second, or max)\n"
            "  x           reset: a new model at step 0 (cancels a long step)\n"
            "  Tab 1-9     the views: plot, curves, the algorithm's panel, log, results...\n"
            "  Up/Down     choose a parameter; Enter edits it, Left/Right cycle a choice\n"
            "  :           set one by name: KEY=VALUE (validated, then the run resets)\n"
            "  , .         another test point (neighbours, feature maps, errors page)\n"
            "  [ ]         the ROC view's threshold, 0.05 at a time\n"
            "  g           (regression) clear the curves kept from earlier runs\n"
            "  PgUp PgDn   scroll the log\n",
    .destroy = run_destroy,
};
