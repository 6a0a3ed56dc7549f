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
 * kernel over a digit instead (Space moves it one position). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "metrics.h"
#include "registry.h"
#include "report.h"
#include "tui_app.h"
#include "tui_data.h"
#include "tui_jobs.h"
#include "tui_run.h"
#include "tui_ui.h"
#include "tui_views.h"

enum { V_PLOT, V_CURVES, V_PANEL, V_LOG, V_RESULTS, V_ROC, V_ERRORS, V_COUNT };

static const double SPEEDS[] = { 1.0, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.0 };
static const char *const SPEED_NAMES[] = { "1/s", "2/s", "5/s", "10/s", "20/s", "50/s", "100/s",
                                           "max" };
#define N_SPEEDS (int)(sizeof SPEEDS / sizeof SPEEDS[0])
#define DEFAULT_SPEED 3

typedef struct ConvState {
    Job load;
    bool inited, have;
    Dataset ds;
    char name[128];
    int pos;              /* the output position the window is at */
    bool running;
    double next_at;
    float *out, *pooled;  /* feature map and pooled map */
    int OH, OW, PH, PW;
    char key[256];        /* params + image the maps were made for */
    char error[256];
} ConvState;

typedef struct RunState {
    const Algo *algo;
    char dataset[128];
    bool open;
    DataSlot *slot;
    Runner *runner;        /* heap: a retired one may outlive the screen's state */
    bool runner_on;
    char start_error[512];
    Params form;
    bool form_ready;
    int form_sel;
    bool editing;
    bool kv_mode;          /* editing a "KEY=VALUE" line (the : key) */
    TextField field;
    char form_error[512];
    int view;
    int speed;
    int query;
    double threshold;      /* the slider, 0..1 */
    int log_back;          /* lines scrolled back from the newest */
    int panel_scroll;      /* lines of the algorithm's panel scrolled past */
    int errors_first;
    int queued_steps;      /* Space pressed before the runner existed */
    bool queued_run;
    PlotArea bounds;       /* data range in the model's space */
    bool bounds_valid;
    RocCurve roc;
    bool roc_ready;
    float *roc_scores;     /* positive-class scores of the test part */
    double score_lo, score_hi;
    ConvState conv;
    /* Regressors on 1-D data: the curves of earlier runs, kept when a
     * parameter changes (degree 1, 2, 30: the over/underfitting demo). */
    struct Ghost {
        float *x, *y;
        int n;
        char label[128];
    } ghosts[4];
    int n_ghosts;
} RunState;

static RunState rs;

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
    for (int i = 0; i < rs.n_ghosts; i++) {
        free(rs.ghosts[i].x);
        free(rs.ghosts[i].y);
    }
    rs.n_ghosts = 0;
}

/* "degree 2 l2 0.1 MSE train 2.3 test 1.46" for the current run (lock held). */
static void curve_label(char *buf, size_t size)
{
    int len = 0;
    const Params *p = &rs.runner->params;
    buf[0] = '\0';
    if (params_find_spec(p->spec, "degree"))
        len += snprintf(buf + len, size - (size_t)len, "degree %d ", params_int(p, "degree"));
    if (params_find_spec(p->spec, "l2") && params_float(p, "l2") > 0)
        len += snprintf(buf + len, size - (size_t)len, "l2 %g ", params_float(p, "l2"));
    if (rs.runner->have_result)
        snprintf(buf + len, size - (size_t)len, "MSE train %.3g test %.3g",
                 rs.runner->result.train_score, rs.runner->result.reg.mse);
}

/* Keep the current fitted curve (before a reset), labelled with its
 * degree and errors.  Takes the runner's lock. */
static void keep_ghost(void)
{
    if (!rs.runner_on || rs.algo->kind != ALGO_REGRESSOR)
        return;
    runner_lock(rs.runner);
    Snapshot *snap = rs.runner->snap;
    if (snap && snap->curve_x && snap->curve_n > 1 && rs.runner->steps > 0) {
        if (rs.n_ghosts == 4) {
            free(rs.ghosts[0].x);
            free(rs.ghosts[0].y);
            memmove(&rs.ghosts[0], &rs.ghosts[1], 3 * sizeof rs.ghosts[0]);
            rs.n_ghosts = 3;
        }
        struct Ghost *g = &rs.ghosts[rs.n_ghosts];
        int n = snap->curve_n;
        g->x = malloc((size_t)n * sizeof *g->x);
        g->y = malloc((size_t)n * sizeof *g->y);
        if (g->x && g->y) {
            memcpy(g->x, snap->curve_x, (size_t)n * sizeof *g->x);
            memcpy(g->y, snap->curve_y, (size_t)n * sizeof *g->y);
            g->n = n;
            curve_label(g->label, sizeof g->label);
            rs.n_ghosts++;
        } else {
            free(g->x);
            free(g->y);
        }
    }
    runner_unlock(rs.runner);
}

static void close_run(void)
{
    clear_ghosts();
    if (rs.runner_on) {
        retire(rs.runner, rs.slot);
    } else {
        free(rs.runner);
        if (rs.slot)
            data_release(rs.slot);
    }
    rs.runner = NULL;
    rs.runner_on = false;
    rs.slot = NULL;
    if (rs.form_ready)
        params_free(&rs.form);
    rs.form_ready = false;
    if (rs.roc_ready)
        roc_free(&rs.roc);
    rs.roc_ready = false;
    free(rs.roc_scores);
    rs.roc_scores = NULL;
    if (rs.conv.inited) {
        job_destroy(&rs.conv.load);
        dataset_free(&rs.conv.ds);
        free(rs.conv.out);
        free(rs.conv.pooled);
    }
    memset(&rs.conv, 0, sizeof rs.conv);
    rs.open = false;
}

static bool is_operation(const Algo *a)
{
    return a && a->kind == ALGO_OPERATION;
}

static int conv_load_job(Job *job, void *arg)
{
    (void)arg;
    job_set_progress(job, -1, "loading %s", rs.conv.name);
    Rng rng;
    rng_seed(&rng, 42);
    return dataset_load(&rs.conv.ds, rs.conv.name, NULL, &rng, &job->err);
}

void run_screen_open(App *app)
{
    if (!app->algo)
        return;
    if (rs.open && rs.algo == app->algo && strcmp(rs.dataset, app->dataset) == 0) {
        app_push(app, &screen_run);
        return;
    }
    close_run();
    memset(&rs, 0, sizeof rs);
    rs.algo = app->algo;
    snprintf(rs.dataset, sizeof rs.dataset, "%s", app->dataset);
    rs.open = true;
    rs.speed = DEFAULT_SPEED;
    rs.threshold = 0.5;
    Error err;
    if (params_init(&rs.form, rs.algo->params, &err) == 0)
        rs.form_ready = true;
    else
        snprintf(rs.start_error, sizeof rs.start_error, "%s", err.msg);
    rs.view = V_PLOT;
    if (is_operation(rs.algo)) {
        /* An image to convolve: the chosen image set, else the 8x8 digits. */
        const DatasetInfo *info = dataset_info(app->dataset);
        snprintf(rs.conv.name, sizeof rs.conv.name, "%s",
                 info && info->image ? app->dataset : "digits");
        job_init(&rs.conv.load);
        rs.conv.inited = true;
        if (job_start(&rs.conv.load, conv_load_job, NULL, &err) < 0)
            snprintf(rs.start_error, sizeof rs.start_error, "%s", err.msg);
    } else {
        rs.slot = data_acquire(app->dataset, rs.algo->kind);
        if (!rs.slot)
            snprintf(rs.start_error, sizeof rs.start_error,
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
    if (rs.runner_on || !rs.slot || rs.start_error[0] || !rs.form_ready)
        return;
    JobState s = data_state(rs.slot);
    if (s == JOB_FAILED) {
        snprintf(rs.start_error, sizeof rs.start_error, "%s", rs.slot->job.err.msg);
        return;
    }
    if (s != JOB_DONE)
        return;
    EvalData *d = &rs.slot->data;
    EvalOptions o;
    eval_options_default(&o);
    ScaleKind scale;
    Error err;
    if (!rs.runner)
        rs.runner = calloc(1, sizeof *rs.runner);
    if (!rs.runner) {
        snprintf(rs.start_error, sizeof rs.start_error, "out of memory");
        return;
    }
    if (eval_scale_for(rs.algo, &o, &d->train, &scale, &err) < 0 ||
        runner_start(rs.runner, rs.algo, &rs.form, &d->train, &d->test, d->test_has_target, scale,
                     d->seed, &err) < 0) {
        snprintf(rs.start_error, sizeof rs.start_error, "%s", err.msg);
        return;
    }
    rs.runner_on = true;
    runner_set_interval(rs.runner, SPEEDS[rs.speed]);
    for (; rs.queued_steps > 0; rs.queued_steps--)
        runner_step(rs.runner);
    if (rs.queued_run)
        runner_toggle_run(rs.runner);
    rs.queued_run = false;
    int d_cols = d->train.X.cols;
    bool plot = (d_cols == 2 && rs.algo->kind != ALGO_REGRESSOR) ||
                (d_cols == 1 && rs.algo->kind == ALGO_REGRESSOR);
    const AlgoView *av = algo_view_for(rs.algo);
    rs.view = plot ? V_PLOT : av && av->panel ? V_PANEL : V_CURVES;
    (void)app;
}

/* ---- which views apply --------------------------------------------------------- */

static bool view_applies(int v)
{
    if (is_operation(rs.algo))
        return false;
    const Runner *r = rs.runner;
    const AlgoView *av = algo_view_for(rs.algo);
    bool result = rs.runner_on && r->have_result;
    switch (v) {
    case V_PLOT:
        if (!rs.runner_on)
            return false;
        return (r->train->X.cols == 2 && rs.algo->kind != ALGO_REGRESSOR) ||
               (r->train->X.cols == 1 && rs.algo->kind == ALGO_REGRESSOR);
    case V_CURVES: case V_LOG:
        return true;
    case V_PANEL:
        return av && av->panel;
    case V_RESULTS:
        return result;
    case V_ROC:
        return result && rs.algo->kind == ALGO_CLASSIFIER && r->result.n_classes == 2 &&
               r->result.scores && r->result.has_truth;
    case V_ERRORS:
        return result && rs.algo->kind == ALGO_CLASSIFIER && r->result.has_truth;
    default:
        return false;
    }
}

static const char *view_name(int v)
{
    const AlgoView *av = algo_view_for(rs.algo);
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
        int v = ((rs.view + dir * i) % V_COUNT + V_COUNT) % V_COUNT;
        if (view_applies(v)) {
            rs.view = v;
            return;
        }
    }
}

/* ---- the parameter form ----------------------------------------------------------- */

static void form_apply(App *app, const char *name, const char *value)
{
    Params tmp;
    Error err;
    memset(&tmp, 0, sizeof tmp);
    if (params_copy(&tmp, &rs.form, &err) < 0 || params_set(&tmp, name, value, &err) < 0) {
        snprintf(rs.form_error, sizeof rs.form_error, "%s", err.msg);
        if (tmp.values)
            params_free(&tmp);
        return;
    }
    params_free(&rs.form);
    rs.form = tmp;
    rs.form_error[0] = '\0';
    rs.editing = false;
    rs.kv_mode = false;
    keep_ghost();
    if (rs.runner_on)
        runner_reset(rs.runner, &rs.form);
    rs.conv.key[0] = '\0';
    rs.conv.pos = 0;
    app_message(app, "%s = %s (run reset)", name, value);
}

/* Left/Right on a choice or a boolean: the next value. */
static void form_cycle(App *app, int dir)
{
    if (!rs.form_ready || rs.form_sel >= rs.form.count)
        return;
    const ParamSpec *sp = &rs.form.spec[rs.form_sel];
    const char *cur = rs.form.values[rs.form_sel].text;
    if (sp->type == PARAM_BOOL) {
        form_apply(app, sp->name, params_bool(&rs.form, sp->name) ? "false" : "true");
        return;
    }
    if (sp->type != PARAM_CHOICE || !sp->choices)
        return;
    char words[16][48];
    int n = 0, at = 0;
    const char *p = sp->choices;
    while (*p && n < 16) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len >= sizeof words[0])
            len = sizeof words[0] - 1;
        memcpy(words[n], p, len);
        words[n][len] = '\0';
        if (cur && strcmp(words[n], cur) == 0)
            at = n;
        n++;
        p = bar ? bar + 1 : p + len;
    }
    if (n > 0)
        form_apply(app, sp->name, words[((at + dir) % n + n) % n]);
}

static void draw_form(App *app, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Parameters", !rs.editing);
    if (!rs.form_ready)
        return;
    int inner = h - 2;
    int help_rows = 3;
    int rows = inner - help_rows;
    int top = rs.form_sel - rows + 1 > 0 ? rs.form_sel - rows + 1 : 0;
    int name_w = 0;
    for (int i = 0; i < rs.form.count; i++) {
        int l = (int)strlen(rs.form.spec[i].name);
        if (l > name_w)
            name_w = l;
    }
    if (name_w > w / 2)
        name_w = w / 2;
    for (int i = top; i < rs.form.count && i - top < rows; i++) {
        int ry = y + 1 + i - top;
        bool sel = i == rs.form_sel;
        bool editing_row = sel && rs.editing && !rs.kv_mode;
        char line[300];
        const char *val = editing_row ? rs.field.text : rs.form.values[i].text;
        snprintf(line, sizeof line, "%-*s %s%s", name_w, rs.form.spec[i].name, val ? val : "",
                 editing_row ? "_" : "");
        ui_text_padded(c, x + 1, ry, w - 2, sel ? (editing_row ? ST_HIGHLIGHT : ST_SELECTED) : ST_NORMAL,
                       line);
        if (!rs.form.values[i].is_default && !editing_row)
            ui_text(c, x + w - 3, ry, 1, sel ? ST_SELECTED : ST_HIGHLIGHT, "*");
    }
    if (rs.form.count == 0)
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "(no parameters)");
    /* The selected parameter's help, or the error of the last edit. */
    int hy = y + h - 1 - help_rows;
    const char *text = rs.form_error[0] ? rs.form_error
                       : rs.form_sel < rs.form.count ? rs.form.spec[rs.form_sel].help : "";
    char buf[600];
    if (rs.kv_mode && !rs.form_error[0])
        snprintf(buf, sizeof buf, ":%s_", rs.field.text);
    else
        snprintf(buf, sizeof buf, "%s", text ? text : "");
    struct {
        Canvas *c;
        int x, y, w, n, max;
        Style st;
    } ctx = { c, x + 2, hy, w - 4, 0, help_rows,
              rs.form_error[0] ? ST_ERROR : rs.kv_mode ? ST_HIGHLIGHT : ST_DIM };
    /* Wrap into the help rows. */
    const char *p = buf;
    while (*p && ctx.n < ctx.max) {
        int len = (int)strlen(p), cut = len;
        if (canvas_text_width(p) > ctx.w) {
            cut = 0;
            int width = 0, last_space = -1;
            while (p[cut] && width < ctx.w) {
                if (p[cut] == ' ')
                    last_space = cut;
                cut++;
                width++;
                while (((unsigned char)p[cut] & 0xC0) == 0x80)
                    cut++;
            }
            if (p[cut] && last_space > 0)
                cut = last_space;
        }
        char line[600];
        memcpy(line, p, (size_t)cut);
        line[cut] = '\0';
        ui_text(c, ctx.x, ctx.y + ctx.n, ctx.w, ctx.st, line);
        ctx.n++;
        p += cut;
        while (*p == ' ')
            p++;
    }
    (void)app;
}

/* ---- the run facts (left, below the form) ------------------------------------------- */

static void draw_facts(App *app, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Run", false);
    int row = y + 1, iw = w - 4;
    const char *ds = rs.dataset[0] ? rs.dataset : "(default)";
    if (rs.slot && data_state(rs.slot) == JOB_DONE)
        ds = rs.slot->data.name;
    ui_printf(c, x + 2, row++, iw, ST_NORMAL, "dataset  %s", ds);
    if (rs.runner_on) {
        Runner *r = rs.runner;
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "rows     %d train / %d test", r->train->X.rows,
                  r->test ? r->test->X.rows : 0);
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "features %d, scaling %s", r->train->X.cols,
                  scale_kind_name(r->scale));
        char t[32];
        ui_fmt_seconds(t, sizeof t, r->fit_seconds);
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "speed    %s   fit time %s", SPEED_NAMES[rs.speed], t);
        row++;
        for (int i = 0; i < r->n_series && row < y + h - 1; i++) {
            char v[32];
            ui_fmt(v, sizeof v, r->series[i].n ? r->series[i].value[r->series[i].n - 1] : NAN);
            ui_printf(c, x + 2, row++, iw, ST_NORMAL, "%-12s %s", r->series[i].key, v);
        }
    }
    (void)app;
}

/* ---- the status line ---------------------------------------------------------------- */

static const char *phase_text(const Runner *r, char *buf, int size)
{
    switch (r->phase) {
    case RUN_PREPARING: snprintf(buf, (size_t)size, "creating the model"); break;
    case RUN_STEPPING:
        snprintf(buf, (size_t)size, "%s (this step %.1f s)", r->running ? "running" : "stepping",
                 app_now() - r->step_started);
        break;
    case RUN_EVALUATING: snprintf(buf, (size_t)size, "evaluating the test part"); break;
    case RUN_DONE: snprintf(buf, (size_t)size, "done"); break;
    case RUN_FAILED: snprintf(buf, (size_t)size, "stopped"); break;
    default:
        snprintf(buf, (size_t)size, "%s", r->running ? "running" : "paused");
    }
    return buf;
}

/* The most telling latest value: a loss first, then a metric. */
static void latest_metric(const Runner *r, char *buf, int size)
{
    static const char *const keys[] = { "loss", "train_loss", "inertia", "cost", "errors",
                                        "val_loss", "val_acc", "accuracy", "train_acc" };
    buf[0] = '\0';
    int len = 0;
    int shown = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0] && shown < 2; i++) {
        double v = runner_latest(r, keys[i]);
        if (isnan(v))
            continue;
        char num[32];
        ui_fmt(num, sizeof num, v);
        len += snprintf(buf + len, (size_t)(size - len), "%s%s %s", shown ? "   " : "", keys[i], num);
        shown++;
    }
    if (!shown && r->n_series > 0) {
        char num[32];
        const RunSeries *s = &r->series[0];
        ui_fmt(num, sizeof num, s->n ? s->value[s->n - 1] : NAN);
        snprintf(buf, (size_t)size, "%s %s", s->key, num);
    }
}

static void draw_status(App *app, Canvas *c, int x, int y, int w)
{
    char line[600];
    const char *title = rs.algo->title ? rs.algo->title : rs.algo->name;
    int len = snprintf(line, sizeof line, "%s", title);
    ui_fill(c, x, y, w, 1, ST_NORMAL);
    int cx = x + 1;
    cx += ui_text(c, cx, y, w - 2, ST_TITLE, line);
    if (!rs.runner_on) {
        char prog[160] = "";
        if (rs.start_error[0])
            ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_ERROR, "%s", rs.start_error);
        else if (rs.slot) {
            job_progress(&rs.slot->job, prog, sizeof prog);
            ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_HIGHLIGHT, "step 0   %s %s... %.1f s",
                      ui_spinner(c), prog, job_elapsed(&rs.slot->job));
        }
        return;
    }
    Runner *r = rs.runner;
    char metric[200], phase[96], extra[120] = "";
    latest_metric(r, metric, sizeof metric);
    phase_text(r, phase, sizeof phase);
    if (r->snap && r->snap->view && r->snap->view->status && r->snap->algo_data)
        r->snap->view->status(r->snap->algo_data, extra, sizeof extra);
    len = snprintf(line, sizeof line, "step %d", r->steps);
    cx += 3;
    cx += ui_text(c, cx, y, w - (cx - x) - 1, ST_HEADING, line);
    if (metric[0]) {
        cx += 3;
        cx += ui_text(c, cx, y, w - (cx - x) - 1, ST_NORMAL, metric);
    }
    cx += 3;
    const char *icon = r->running ? (c->ascii ? ">" : "\u25b6")
                       : r->phase == RUN_DONE ? (c->ascii ? "*" : "\u2714")
                       : r->phase == RUN_FAILED ? "!"
                                                : (c->ascii ? "=" : "\u23f8");
    snprintf(line, sizeof line, "%s %s%s%s", icon, phase,
             r->running ? " at " : "", r->running ? SPEED_NAMES[rs.speed] : "");
    cx += ui_text(c, cx, y, w - (cx - x) - 1,
                  r->phase == RUN_FAILED ? ST_ERROR : r->phase == RUN_DONE ? ST_GOOD : ST_NORMAL, line);
    if (r->phase == RUN_FAILED || (r->phase == RUN_DONE && r->error[0])) {
        cx += 2;
        cx += ui_text(c, cx, y, w - (cx - x) - 1, ST_ERROR, r->error);
    } else if (extra[0]) {
        cx += 3;
        cx += ui_text(c, cx, y, w - (cx - x) - 1, ST_DIM, extra);
    }
    (void)len;
    (void)app;
}

/* ---- the plot ----------------------------------------------------------------------------- */

/* The data's range in the model's space (train and test rows), once. */
static void compute_bounds(const Session *s)
{
    const Dataset *parts[2] = { s->train, s->test };
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    bool regress = s->algo->kind == ALGO_REGRESSOR;
    for (int p = 0; p < 2; p++) {
        const Dataset *d = parts[p];
        if (!d)
            continue;
        for (int i = 0; i < d->X.rows; i++) {
            double x = MAT_AT(&d->X, i, 0);
            double y = regress ? (d->target ? d->target[i] : NAN) : MAT_AT(&d->X, i, 1);
            if (isfinite(x)) {
                if (x < x0) x0 = x;
                if (x > x1) x1 = x;
            }
            if (isfinite(y)) {
                if (y < y0) y0 = y;
                if (y > y1) y1 = y;
            }
        }
    }
    if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
    if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
    double mx = (x1 - x0) * 0.08, my = (y1 - y0) * 0.08;
    rs.bounds.xmin = x0 - mx;
    rs.bounds.xmax = x1 + mx;
    rs.bounds.ymin = y0 - my;
    rs.bounds.ymax = y1 + my;
    rs.bounds_valid = true;
}

/* Returns the column after the legend. */
static int draw_legend(Canvas *c, int x, int y, int w, const Dataset *d, bool regress)
{
    int cx = x;
    if (regress) {
        return cx + ui_text(c, cx, y, w, ST_DIM,
                            c->ascii ? "o training  x test  line: the model's prediction"
                                     : "\u25cf training  \u25cb test  line: the model's prediction");
    }
    for (int k = 0; k < d->n_classes && k < 8 && cx < x + w - 4; k++) {
        CanvasCell *cell = canvas_cell(c, cx, y);
        if (cell) {
            cell->ch = canvas_class_glyph(c, k);
            cell->fg = (uint8_t)(1 + k % CANVAS_COLOR_SERIES_COUNT);
            cell->attr = CANVAS_ATTR_SOLID;
        }
        char name[48];
        snprintf(name, sizeof name, "%s", d->class_names && d->class_names[k] ? d->class_names[k] : "?");
        cx += 2;
        cx += ui_text(c, cx, y, x + w - cx, ST_NORMAL, name) + 2;
    }
    return cx;
}

static void draw_plot(App *app, Canvas *c, int x, int y, int w, int h)
{
    Runner *r = rs.runner;
    RunInstance *inst = r->inst;
    if (!inst) {
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "preparing...");
        return;
    }
    const Session *s = &inst->session;
    if (!rs.bounds_valid)
        compute_bounds(s);
    bool regress = rs.algo->kind == ALGO_REGRESSOR;
    PlotArea a = rs.bounds;
    a.x = x + 9;
    a.y = y;
    a.w = w - 10;
    a.h = h - 2;
    if (a.w < 4 || a.h < 3)
        return;
    ViewRequest req;
    memset(&req, 0, sizeof req);
    req.grid_w = regress ? 0 : a.w;
    req.grid_h = regress ? 0 : a.h;
    req.xmin = a.xmin;
    req.xmax = a.xmax;
    req.ymin = a.ymin;
    req.ymax = a.ymax;
    req.curve_n = regress ? a.w * (c->ascii ? 1 : 2) : 0;
    req.query = rs.query;
    req.ascii = c->ascii;
    /* Ask for a snapshot for this size (answered between steps). */
    r->req.detail = 0;
    if (memcmp(&r->req, &req, sizeof req) != 0) {
        r->req = req;
        r->want_snapshot = true;
        pthread_cond_signal(&r->wake);
    }
    Snapshot *snap = r->snap;
    if (snap && snap->region && snap->req.grid_w == a.w && snap->req.grid_h == a.h)
        canvas_regions(c, &a, snap->region, a.w, a.h);
    canvas_axes(c, &a);
    const Dataset *train = s->train;
    int n = train->X.rows;
    float *xs = malloc((size_t)(n ? n : 1) * sizeof *xs), *ys = malloc((size_t)(n ? n : 1) * sizeof *ys);
    if (xs && ys) {
        for (int i = 0; i < n; i++) {
            xs[i] = MAT_AT(&train->X, i, 0);
            ys[i] = regress ? (train->target ? train->target[i] : NAN) : MAT_AT(&train->X, i, 1);
        }
        /* Earlier runs' curves first, with their labels at the top. */
        for (int g = 0; regress && g < rs.n_ghosts; g++) {
            const struct Ghost *gh = &rs.ghosts[g];
            double *gx = malloc((size_t)gh->n * sizeof *gx), *gy = malloc((size_t)gh->n * sizeof *gy);
            uint8_t col = (uint8_t)(2 + g % 6);
            if (gx && gy) {
                for (int i = 0; i < gh->n; i++) {
                    gx[i] = gh->x[i];
                    gy[i] = gh->y[i];
                }
                canvas_polyline(c, &a, gx, gy, gh->n, col);
            }
            free(gx);
            free(gy);
            canvas_fill(c, a.x + 1, a.y + g, 2, 1, c->ascii ? '-' : 0x2500, col, 0, CANVAS_ATTR_SOLID);
            ui_text(c, a.x + 4, a.y + g, a.w - 5, ST_DIM, gh->label);
        }
        if (regress && rs.n_ghosts) {
            char now[160], label[128];
            curve_label(label, sizeof label);
            snprintf(now, sizeof now, "now: %s  (g clears the others)", label);
            canvas_fill(c, a.x + 1, a.y + rs.n_ghosts, 2, 1, c->ascii ? '-' : 0x2500,
                        CANVAS_COLOR_HIGHLIGHT, 0, CANVAS_ATTR_SOLID);
            ui_text(c, a.x + 4, a.y + rs.n_ghosts, a.w - 5, ST_HIGHLIGHT, now);
        }
        if (snap && snap->curve_x && snap->curve_n > 1) {
            double *cx = malloc((size_t)snap->curve_n * sizeof *cx), *cy = malloc((size_t)snap->curve_n * sizeof *cy);
            if (cx && cy) {
                for (int i = 0; i < snap->curve_n; i++) {
                    cx[i] = snap->curve_x[i];
                    cy[i] = snap->curve_y[i];
                }
                canvas_polyline(c, &a, cx, cy, snap->curve_n, CANVAS_COLOR_HIGHLIGHT);
            }
            free(cx);
            free(cy);
        }
        const int *cls = regress ? NULL : train->y;
        if (!app->color || n <= 150 || regress)
            canvas_scatter_glyphs(c, &a, xs, ys, cls, n);
        else
            canvas_scatter(c, &a, xs, ys, cls, n);
    }
    free(xs);
    free(ys);
    if (regress && s->test && s->test->target) {
        /* The held-out points, hollow: where overfitting shows. */
        const Dataset *test = s->test;
        int m = test->X.rows;
        float *tx = malloc((size_t)(m ? m : 1) * sizeof *tx);
        int *one = malloc((size_t)(m ? m : 1) * sizeof *one);
        if (tx && one) {
            for (int i = 0; i < m; i++) {
                tx[i] = MAT_AT(&test->X, i, 0);
                one[i] = 1;
            }
            canvas_scatter_glyphs(c, &a, tx, test->target, one, m);
        }
        free(tx);
        free(one);
    }
    if (snap && snap->view && snap->view->overlay && snap->algo_data)
        snap->view->overlay(snap->algo_data, c, &a);
    int end = draw_legend(c, x + 1, y + h - 1, w - 2, train, regress);
    if (s->scale != SCALE_NONE) {
        char note[64];
        snprintf(note, sizeof note, "axes: %s-scaled features", scale_kind_name(s->scale));
        int nw = canvas_text_width(note);
        if (x + w - nw - 1 > end + 2)
            ui_text(c, x + w - nw - 1, y + h - 1, nw, ST_DIM, note);
    }
}

/* ---- curves ----------------------------------------------------------------------------- */

static bool is_accuracy_key(const char *k)
{
    return strstr(k, "acc") != NULL || strcmp(k, "purity") == 0 || strcmp(k, "f1") == 0;
}

static bool is_loss_key(const char *k)
{
    static const char *const keys[] = { "loss", "inertia", "errors", "mistakes", "cost",
                                        "objective", "mse", "impurity", "gini", "entropy" };
    if (strstr(k, "loss"))
        return true;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(k, keys[i]) == 0)
            return true;
    return false;
}

static void draw_series_group(Canvas *c, const Runner *r, bool accuracy, int x, int y, int w, int h,
                              const char *title)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    int count = 0;
    for (int i = 0; i < r->n_series; i++) {
        const RunSeries *s = &r->series[i];
        if (accuracy ? !is_accuracy_key(s->key) : !is_loss_key(s->key))
            continue;
        count++;
        for (int j = 0; j < s->n; j++) {
            if (s->step[j] < x0) x0 = s->step[j];
            if (s->step[j] > x1) x1 = s->step[j];
            if (s->value[j] < y0) y0 = s->value[j];
            if (s->value[j] > y1) y1 = s->value[j];
        }
    }
    if (!count)
        return;
    ui_text(c, x, y, w, ST_HEADING, title);
    if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
    if (!(y1 > y0)) { y0 -= 0.5; y1 += 0.5; }
    double my = (y1 - y0) * 0.05;
    PlotArea a = { x + 8, y + 1, w - 9, h - 3, x0, x1, y0 - my, y1 + my };
    if (a.w < 4 || a.h < 2)
        return;
    canvas_axes(c, &a);
    int lx = x + 2, k = 0;
    for (int i = 0; i < r->n_series; i++) {
        const RunSeries *s = &r->series[i];
        if (accuracy ? !is_accuracy_key(s->key) : !is_loss_key(s->key))
            continue;
        uint8_t col = (uint8_t)(1 + k % CANVAS_COLOR_SERIES_COUNT);
        canvas_polyline(c, &a, s->step, s->value, s->n, col);
        char label[64];
        char v[32];
        ui_fmt(v, sizeof v, s->n ? s->value[s->n - 1] : NAN);
        snprintf(label, sizeof label, "%s %s", s->key, v);
        canvas_fill(c, lx, y + h - 1, 2, 1, c->ascii ? '-' : 0x2500, col, 0, CANVAS_ATTR_SOLID);
        lx += 3;
        lx += ui_text(c, lx, y + h - 1, x + w - lx, ST_NORMAL, label) + 3;
        k++;
    }
}

static void draw_curves(Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs.runner;
    int losses = 0, accs = 0;
    for (int i = 0; i < r->n_series; i++) {
        if (is_loss_key(r->series[i].key))
            losses++;
        else if (is_accuracy_key(r->series[i].key))
            accs++;
    }
    if (!losses && !accs) {
        ui_text(c, x + 1, y + 1, w - 2, ST_DIM,
                "No curves yet: each step's loss and metrics appear here (Space steps, r runs).");
        return;
    }
    if (losses && accs) {
        int half = h / 2;
        draw_series_group(c, r, false, x, y, w, half, "loss (lower is better), by step");
        draw_series_group(c, r, true, x, y + half, w, h - half, "accuracy (higher is better), by step");
    } else {
        draw_series_group(c, r, accs > 0, x, y, w, h,
                          accs ? "accuracy (higher is better), by step" : "loss (lower is better), by step");
    }
}

/* ---- log ------------------------------------------------------------------------------- */

static void draw_log(Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs.runner;
    long total = rs.runner_on ? r->log_total : 0;
    long avail = total < RUN_LOG_LINES ? total : RUN_LOG_LINES;
    if (rs.log_back > avail - h)
        rs.log_back = (int)(avail - h > 0 ? avail - h : 0);
    if (rs.log_back < 0)
        rs.log_back = 0;
    if (total == 0) {
        ui_text(c, x + 1, y, w - 2, ST_DIM, "The trace is empty: step to see what each step does.");
        return;
    }
    long last = total - 1 - rs.log_back;
    long first = last - h + 1;
    if (first < total - avail)
        first = total - avail;
    for (long i = first; i <= last; i++) {
        const RunLogLine *l = &r->log[i % RUN_LOG_LINES];
        char line[TRACE_TEXT_LEN + 16];
        snprintf(line, sizeof line, "%4d %s", l->step, l->text);
        Style st = l->kind == TRACE_NOTE ? ST_HIGHLIGHT : l->kind == TRACE_DETAIL ? ST_DIM : ST_NORMAL;
        ui_text(c, x + 1, y + (int)(i - first), w - 2, st, line);
    }
    if (rs.log_back > 0)
        ui_printf(c, x + w - 22, y, 21, ST_DIM, "(%d lines back)", rs.log_back);
}

/* ---- results ---------------------------------------------------------------------------- */

static void draw_confusion(Canvas *c, int x, int y, int w, int h, const int *cm, int k,
                           char *const *names, const char *title)
{
    ui_text(c, x, y, w, ST_HEADING, title);
    int label_w = 8;
    int max_count = 0;
    for (int i = 0; i < k * k; i++)
        if (cm[i] > max_count)
            max_count = cm[i];
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%d", max_count);
    int cw = (int)strlen(tmp) + 3;
    if (cw < 5)
        cw = 5;
    int shown = k;
    while (shown > 1 && label_w + shown * cw > w)
        shown--;
    ui_text(c, x, y + 1, w, ST_DIM, "rows: true class, columns: predicted");
    for (int j = 0; j < shown; j++) {
        char name[16];
        snprintf(name, sizeof name, "%.*s", cw - 1, names && names[j] ? names[j] : "?");
        ui_printf(c, x + label_w + j * cw, y + 2, cw, ST_HEADING, "%*s", cw - 1, name);
    }
    for (int i = 0; i < shown && y + 3 + i < y + h; i++) {
        int row_sum = 0;
        for (int j = 0; j < k; j++)
            row_sum += cm[i * k + j];
        char name[16];
        snprintf(name, sizeof name, "%.7s", names && names[i] ? names[i] : "?");
        ui_text(c, x, y + 3 + i, label_w, ST_HEADING, name);
        for (int j = 0; j < shown; j++) {
            int v = cm[i * k + j];
            double t = row_sum > 0 ? (double)v / row_sum : 0; /* share of the true class */
            int cx = x + label_w + j * cw;
            /* A shade cell (the heatmap) and the count. */
            uint32_t shade = canvas_shade(c, t);
            canvas_fill(c, cx, y + 3 + i, 1, 1, shade, i == j ? CANVAS_COLOR_GOOD : CANVAS_COLOR_BAD,
                        0, CANVAS_ATTR_SOLID);
            char num[24];
            snprintf(num, sizeof num, "%*d", cw - 2, v);
            ui_text(c, cx + 1, y + 3 + i, cw - 1, v == 0 ? ST_DIM : i == j ? ST_GOOD : ST_NORMAL, num);
            if (c->w > 0 && v > 0) {
                /* Grey background rising with the share (colour terminals). */
                for (int q = 1; q < cw - 1; q++) {
                    CanvasCell *cell = canvas_cell(c, cx + q, y + 3 + i);
                    if (cell)
                        cell->bg = (uint8_t)(CANVAS_COLOR_GRAY + (int)(t * 6));
                }
            }
        }
    }
    if (shown < k)
        ui_printf(c, x, y + 3 + shown, w, ST_DIM, "(%d of %d classes shown)", shown, k);
}

static void draw_results(App *app, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs.runner;
    const RunResult *res = &r->result;
    int row = y;
    char a[32], b[32], t1[32], t2[32];
    ui_fmt_seconds(t1, sizeof t1, res->fit_seconds);
    ui_fmt_seconds(t2, sizeof t2, res->predict_seconds);
    ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "%d training rows, %d test rows, %d steps; fit %s, predict %s",
              res->train_rows, res->test_rows, res->steps, t1, t2);
    if (rs.algo->kind == ALGO_REGRESSOR) {
        row++;
        ui_text(c, x + 1, row++, w - 2, ST_HEADING, "error       training      test");
        ui_fmt(a, sizeof a, res->train_score);
        ui_fmt(b, sizeof b, res->reg.mse);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "MSE     %12s %12s", a, b);
        ui_fmt(b, sizeof b, res->reg.rmse);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "RMSE    %12s %12s", "", b);
        ui_fmt(b, sizeof b, res->reg.mae);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "MAE     %12s %12s", "", b);
        ui_fmt(b, sizeof b, res->reg.r2);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "R2      %12s %12s", "", b);
        row++;
        ui_text(c, x + 1, row++, w - 2, ST_DIM,
                "Training error falls as the model grows (degree); test error tells whether it generalises.");
        return;
    }
    if (rs.algo->kind == ALGO_CLUSTERER) {
        row++;
        const ClusterReport *cr = &res->clu;
        ui_fmt(a, sizeof a, res->train_score);
        ui_fmt(b, sizeof b, cr->inertia);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "inertia: training %s, test %s", a, b);
        if (cr->has_labels) {
            ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "against the true labels (test): purity %.4f",
                      cr->purity);
            ui_printf(c, x + 1, row++, w - 2, ST_NORMAL,
                      "homogeneity %.4f   completeness %.4f   V-measure %.4f", cr->homogeneity,
                      cr->completeness, cr->v_measure);
        }
        return;
    }
    if (!res->has_truth) {
        ui_text(c, x + 1, row + 1, w - 2, ST_DIM, "The test part has no labels: predictions only.");
        return;
    }
    ui_fmt(a, sizeof a, res->auc);
    ui_fmt(b, sizeof b, res->log_loss);
    ui_printf(c, x + 1, row++, w - 2, ST_HIGHLIGHT,
              "accuracy %.4f (training %.4f)   macro F1 %.4f   AUC %s   log loss %s", res->cls.accuracy,
              res->train_score, res->cls.f1_macro, a, b);
    row++;
    StrBuf sb = STRBUF_INIT;
    report_per_class(&sb, &res->cls, r->train->class_names, c->ascii ? TABLE_ASCII : TABLE_UNICODE);
    int table_rows = 0;
    const char *p = sb_str(&sb);
    int k = res->n_classes;
    int cm_h = (k < 12 ? k : 12) + 4;
    int table_room = h - (row - y) - cm_h - 1;
    while (*p && table_rows < table_room) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        ui_text(c, x + 1, row++, w - 2, ST_NORMAL, line);
        table_rows++;
        p = nl ? nl + 1 : p + len;
    }
    sb_free(&sb);
    row++;
    draw_confusion(c, x + 1, row, w - 2, y + h - row, res->cls.confusion, k, r->train->class_names,
                   "Confusion matrix (the shade: share of the true class)");
    (void)app;
}

/* ---- ROC and the threshold explorer ------------------------------------------------------ */

static void prepare_roc(void)
{
    if (rs.roc_ready)
        return;
    const RunResult *res = &rs.runner->result;
    int n = res->test_rows;
    rs.roc_scores = malloc((size_t)(n ? n : 1) * sizeof *rs.roc_scores);
    if (!rs.roc_scores)
        return;
    rs.score_lo = INFINITY;
    rs.score_hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        rs.roc_scores[i] = res->scores[(size_t)i * 2 + 1];
        if (rs.roc_scores[i] < rs.score_lo) rs.score_lo = rs.roc_scores[i];
        if (rs.roc_scores[i] > rs.score_hi) rs.score_hi = rs.roc_scores[i];
    }
    Error err;
    if (metrics_roc(rs.roc_scores, res->y_true, n, &rs.roc, &err) == 0)
        rs.roc_ready = true;
}

/* The score threshold the slider stands for: the probability itself, or
 * the same fraction of the way through the range of the model's scores. */
static double slider_threshold(void)
{
    if (rs.algo->scores_are_probs || !(rs.score_hi > rs.score_lo))
        return rs.threshold;
    return rs.score_lo + rs.threshold * (rs.score_hi - rs.score_lo);
}

static void draw_roc(Canvas *c, int x, int y, int w, int h)
{
    prepare_roc();
    const RunResult *res = &rs.runner->result;
    if (!rs.roc_ready || !rs.roc_scores) {
        ui_text(c, x + 1, y + 1, w - 2, ST_DIM, "No ROC curve: both classes must be in the test part.");
        return;
    }
    double thr = slider_threshold();
    BinaryCounts bc = metrics_at_threshold(rs.roc_scores, res->y_true, res->test_rows, thr);
    int pw = w / 2 < h * 2 + 10 ? w / 2 : h * 2 + 10;
    PlotArea a = { x + 8, y + 1, pw - 9, h - 4, 0, 1, 0, 1 };
    ui_printf(c, x + 1, y, pw, ST_HEADING, "ROC curve, AUC %.4f", rs.roc.auc);
    canvas_axes(c, &a);
    canvas_line(c, &a, 0, 0, 1, 1, CANVAS_COLOR_DIM);
    canvas_polyline(c, &a, rs.roc.fpr, rs.roc.tpr, rs.roc.n, 1);
    double fpr = bc.fp + bc.tn > 0 ? (double)bc.fp / (bc.fp + bc.tn) : 0;
    canvas_marker(c, &a, fpr, bc.recall, 0x25C9, CANVAS_COLOR_HIGHLIGHT);
    ui_text(c, x + 1, y + h - 2, pw, ST_DIM, "x: false positive rate  y: true positive rate");
    /* The explorer. */
    int rx = x + pw + 2, rw = w - pw - 3, row = y;
    ui_text(c, rx, row++, rw, ST_HEADING, "Threshold explorer ([ ] by 0.05)");
    row++;
    /* The slider itself. */
    int sw = rw - 12 > 40 ? 40 : rw - 12;
    if (sw > 4) {
        canvas_fill(c, rx, row, sw, 1, c->ascii ? '-' : 0x2500, CANVAS_COLOR_DIM, 0, CANVAS_ATTR_SOLID);
        int knob = (int)lround(rs.threshold * (sw - 1));
        canvas_fill(c, rx + knob, row, 1, 1, c->ascii ? '|' : 0x2588, CANVAS_COLOR_HIGHLIGHT, 0,
                    CANVAS_ATTR_SOLID | CANVAS_ATTR_BOLD);
        ui_printf(c, rx + sw + 2, row, rw - sw - 2, ST_HIGHLIGHT, "%.2f", rs.threshold);
    }
    row++;
    if (!rs.algo->scores_are_probs)
        ui_printf(c, rx, row++, rw, ST_DIM, "(scores are not probabilities: score >= %.4g)", thr);
    else
        ui_printf(c, rx, row++, rw, ST_DIM, "positive (%s) when P >= %.2f",
                  rs.runner->train->class_names ? rs.runner->train->class_names[1] : "1", thr);
    row++;
    /* The 2x2 matrix as narrow as the counts allow: fixed wide columns were
     * cut at the panel's edge on a 120-column terminal (TP 42 read "TP 4"). */
    int digits = 1;
    for (int m = res->test_rows; m >= 10; m /= 10)
        digits++;
    int cell = 3 + digits < 6 ? 6 : 3 + digits; /* "TN " + count, or "pred 0" */
    ui_printf(c, rx, row++, rw, ST_HEADING, "%-8s%*s  %*s", "", cell, "pred 0", cell, "pred 1");
    ui_printf(c, rx, row++, rw, ST_NORMAL, "true 0  TN %*d  FP %*d", cell - 3, bc.tn, cell - 3,
              bc.fp);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "true 1  FN %*d  TP %*d", cell - 3, bc.fn, cell - 3,
              bc.tp);
    row++;
    ui_printf(c, rx, row++, rw, ST_NORMAL, "accuracy    %.4f", bc.accuracy);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "precision   %.4f   (TP / predicted 1)", bc.precision);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "recall      %.4f   (TP / true 1)", bc.recall);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "F1          %.4f", bc.f1);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "specificity %.4f", bc.specificity);
    row++;
    ui_text(c, rx, row++, rw, ST_DIM, "Lower the threshold: more positives, recall up, precision down.");
}

/* ---- misclassified examples ------------------------------------------------------------- */

static void draw_errors(Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs.runner;
    const RunResult *res = &r->result;
    const Dataset *test = r->test;
    char *const *names = r->train->class_names;
    int n = res->test_rows, wrong = 0;
    for (int i = 0; i < n; i++)
        wrong += res->y_pred[i] != res->y_true[i];
    ui_printf(c, x + 1, y, w - 2, ST_HEADING, "%d of %d test examples misclassified (, and . page)", wrong, n);
    if (wrong == 0)
        return;
    if (rs.errors_first >= wrong)
        rs.errors_first = 0;
    if (rs.errors_first < 0)
        rs.errors_first = 0;
    int skipped = 0, shown = 0;
    if (test->image_w > 0) {
        int iw = test->image_w, ih = test->image_h, cell_h = (ih + 1) / 2 + 1;
        int cols = (w - 2) / (iw + 2), rows = (h - 2) / (cell_h + 1);
        if (cols < 1) cols = 1;
        if (rows < 1) rows = 1;
        for (int i = 0; i < n && shown < cols * rows; i++) {
            if (res->y_pred[i] == res->y_true[i])
                continue;
            if (skipped++ < rs.errors_first)
                continue;
            int gx = x + 1 + (shown % cols) * (iw + 2), gy = y + 2 + (shown / cols) * (cell_h + 1);
            canvas_image(c, gx, gy, mat_row(&test->X, i), iw, ih);
            char label[64];
            snprintf(label, sizeof label, "%s>%s", names ? names[res->y_true[i]] : "?",
                     names ? names[res->y_pred[i]] : "?");
            ui_text(c, gx, gy + (ih + 1) / 2, iw + 1, ST_ERROR, label);
            shown++;
        }
        return;
    }
    ui_text(c, x + 1, y + 1, w - 2, ST_DIM, "  test row  true           predicted      score of the prediction");
    for (int i = 0; i < n && shown < h - 3; i++) {
        if (res->y_pred[i] == res->y_true[i])
            continue;
        if (skipped++ < rs.errors_first)
            continue;
        char score[32] = "-";
        if (res->scores)
            ui_fmt(score, sizeof score, res->scores[(size_t)i * res->n_classes + res->y_pred[i]]);
        ui_printf(c, x + 1, y + 2 + shown, w - 2, ST_NORMAL, "  %8d  %-13.13s  %-13.13s  %s", i,
                  names ? names[res->y_true[i]] : "?", names ? names[res->y_pred[i]] : "?", score);
        shown++;
    }
}

/* ---- conv: the operation ------------------------------------------------------------------ */

static void conv_compute(void)
{
    ConvState *cs = &rs.conv;
    int n = cs->ds.X.rows;
    if (n == 0)
        return;
    int img = ((rs.query % n) + n) % n;
    char key[256];
    snprintf(key, sizeof key, "%d %s %s %d %s %d", img, params_str(&rs.form, "kernel"),
             params_str(&rs.form, "padding"), params_int(&rs.form, "stride"),
             params_str(&rs.form, "pool"), params_int(&rs.form, "pool_size"));
    if (strcmp(key, cs->key) == 0)
        return;
    snprintf(cs->key, sizeof cs->key, "%s", key);
    free(cs->out);
    free(cs->pooled);
    cs->out = cs->pooled = NULL;
    cs->error[0] = '\0';
    int H = cs->ds.image_h, W = cs->ds.image_w;
    float kernel[9];
    int k;
    ConvPadding pad;
    if (conv_named_kernel(params_str(&rs.form, "kernel"), kernel, &k) < 0 ||
        conv_padding_parse(params_str(&rs.form, "padding"), &pad) < 0) {
        snprintf(cs->error, sizeof cs->error, "unknown kernel or padding");
        return;
    }
    cs->out = malloc((size_t)H * (size_t)W * sizeof *cs->out);
    if (!cs->out ||
        conv2d(mat_row(&cs->ds.X, img), 1, H, W, kernel, 1, k, k, NULL, pad,
               params_int(&rs.form, "stride"), cs->out, &cs->OH, &cs->OW) < 0) {
        snprintf(cs->error, sizeof cs->error, "this kernel does not fit the image");
        free(cs->out);
        cs->out = NULL;
        return;
    }
    PoolKind pk;
    const char *pool = params_str(&rs.form, "pool");
    if (strcmp(pool, "none") != 0 && pool_kind_parse(pool, &pk) == 0) {
        int size = params_int(&rs.form, "pool_size");
        cs->pooled = malloc((size_t)cs->OH * (size_t)cs->OW * sizeof *cs->pooled);
        if (cs->pooled && pool2d(cs->out, 1, cs->OH, cs->OW, pk, size, size, cs->pooled, &cs->PH,
                                 &cs->PW) < 0) {
            free(cs->pooled);
            cs->pooled = NULL;
        }
    }
}

/* Draw an image `scale` times larger (each pixel repeated scale x scale);
 * returns the cell rows used.  Small images (8x8 digits) read better so. */
static int draw_scaled(Canvas *c, int x, int y, const float *pix, int W, int H, int scale,
                       bool normalise)
{
    int SW = W * scale, SH = H * scale;
    float *big = malloc((size_t)SW * (size_t)SH * sizeof *big);
    if (!big)
        return 0;
    for (int i = 0; i < SH; i++)
        for (int j = 0; j < SW; j++)
            big[(size_t)i * SW + j] = pix[(i / scale) * W + j / scale];
    int rows = normalise ? view_image_normalised(c, x, y, big, SW, SH) : canvas_image(c, x, y, big, SW, SH);
    free(big);
    return rows;
}

/* Reverse the cells showing pixels [top, top+kh) x [left, left+kw) of an
 * image drawn by draw_scaled at (x, y). */
static void mark_pixels(Canvas *c, int x, int y, int top, int left, int kh, int kw, int W, int H,
                        int scale)
{
    for (int py = top; py < top + kh; py++)
        for (int px = left; px < left + kw; px++) {
            if (py < 0 || px < 0 || py >= H || px >= W)
                continue;
            for (int s = 0; s < scale; s++) {
                CanvasCell *cell = canvas_cell(c, x + px * scale + s, y + (py * scale) / 2);
                if (cell)
                    cell->attr |= CANVAS_ATTR_REVERSE;
            }
        }
}

static void draw_conv(Canvas *c, int x, int y, int w, int h)
{
    ConvState *cs = &rs.conv;
    JobState s = job_state(&cs->load);
    if (s == JOB_FAILED) {
        ui_text(c, x + 1, y + 1, w - 2, ST_ERROR, cs->load.err.msg);
        return;
    }
    if (s != JOB_DONE) {
        char prog[160];
        job_progress(&cs->load, prog, sizeof prog);
        ui_printf(c, x + 1, y + 1, w - 2, ST_HIGHLIGHT, "%s %s... %.1f s", ui_spinner(c), prog,
                  job_elapsed(&cs->load));
        return;
    }
    if (cs->ds.image_w <= 0) {
        ui_text(c, x + 1, y + 1, w - 2, ST_ERROR, "choose an image set (digits, mnist) for the convolution");
        return;
    }
    conv_compute();
    int n = cs->ds.X.rows, img = ((rs.query % n) + n) % n;
    int H = cs->ds.image_h, W = cs->ds.image_w;
    int scale = W <= 14 ? 2 : 1;
    const float *pix = mat_row(&cs->ds.X, img);
    float kernel[9];
    int k = 3;
    conv_named_kernel(params_str(&rs.form, "kernel"), kernel, &k);
    int row = y;
    ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "%s #%d (%s)   kernel %s", cs->name, img,
              cs->ds.class_names ? cs->ds.class_names[cs->ds.y[img]] : "",
              params_str(&rs.form, "kernel"));
    ui_text(c, x + 1, row++, w - 2, ST_DIM, conv_kernel_help(params_str(&rs.form, "kernel")));
    if (cs->error[0]) {
        ui_text(c, x + 1, row, w - 2, ST_ERROR, cs->error);
        return;
    }
    row++;
    int total = cs->out ? cs->OH * cs->OW : 0;
    int pos = total > 0 ? cs->pos % total : 0;
    int oy = cs->OW ? pos / cs->OW : 0, ox = cs->OW ? pos % cs->OW : 0;
    int stride = params_int(&rs.form, "stride");
    ConvPadding pad = CONV_PAD_SAME;
    conv_padding_parse(params_str(&rs.form, "padding"), &pad);
    int top = oy * stride - conv_pad_before(k, pad), left = ox * stride - conv_pad_before(k, pad);

    ui_text(c, x + 1, row, W * scale + 2, ST_HEADING, "input");
    int in_rows = draw_scaled(c, x + 1, row + 1, pix, W, H, scale, false);
    if (cs->out)
        mark_pixels(c, x + 1, row + 1, top, left, k, k, W, H, scale);
    int kx = x + 1 + W * scale + 3;
    ui_text(c, kx, row, 20, ST_HEADING, "kernel");
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) {
            char num[16];
            snprintf(num, sizeof num, "%5.2g", kernel[i * k + j]);
            ui_text(c, kx + j * 6, row + 1 + i, 6, ST_CODE, num);
        }
    int fx = kx + k * 6 + 3;
    if (cs->out) {
        ui_printf(c, fx, row, w - (fx - x), ST_HEADING, "feature map %dx%d", cs->OH, cs->OW);
        draw_scaled(c, fx, row + 1, cs->out, cs->OW, cs->OH, scale, true);
        mark_pixels(c, fx, row + 1, oy, ox, 1, 1, cs->OW, cs->OH, scale);
        if (cs->pooled) {
            int px0 = fx + cs->OW * scale + 3;
            ui_printf(c, px0, row, w - (px0 - x), ST_HEADING, "%s-pool %dx%d",
                      params_str(&rs.form, "pool"), cs->PH, cs->PW);
            draw_scaled(c, px0, row + 1, cs->pooled, cs->PW, cs->PH, scale, true);
        }
        /* The window under the kernel: the numbers of this output. */
        int wy = row + 1 + in_rows + 1;
        ui_printf(c, x + 1, wy++, w - 2, ST_HEADING,
                  "output (%d, %d) = sum of (window x kernel) = %.4g", oy, ox, cs->out[pos]);
        for (int i = 0; i < k && wy < y + h; i++, wy++) {
            char line[256];
            int len = 0;
            for (int j = 0; j < k; j++) {
                int py = top + i, px = left + j;
                float v = py >= 0 && py < H && px >= 0 && px < W ? pix[py * W + px] : 0.0f;
                len += snprintf(line + len, sizeof line - (size_t)len, "%5.2f ", v);
            }
            len += snprintf(line + len, sizeof line - (size_t)len, "  %s  ", i == k / 2 ? "x" : " ");
            for (int j = 0; j < k; j++)
                len += snprintf(line + len, sizeof line - (size_t)len, "%5.2g ", kernel[i * k + j]);
            ui_text(c, x + 1, wy, w - 2, ST_CODE, line);
        }
        if (wy + 1 < y + h)
            ui_text(c, x + 1, wy + 1, w - 2, ST_DIM,
                    "Outside the image counts as 0 (padding).  Space: next position, r: slide, , .: image.");
    }
}

/* ---- the algorithm's panel ---------------------------------------------------------- */

/* The panel is drawn into a canvas taller than the screen, and the rows
 * from panel_scroll on are copied: PgUp/PgDn scroll a long record (a
 * network's backward pass) without the views knowing. */
static void draw_panel(Canvas *c, int x, int y, int w, int h)
{
    Snapshot *snap = rs.runner->snap;
    if (!snap || !snap->view || !snap->view->panel || !snap->algo_data) {
        ui_text(c, x, y, w, ST_DIM, "...");
        return;
    }
    if (rs.panel_scroll <= 0) {
        rs.panel_scroll = 0;
        snap->view->panel(snap->algo_data, c, x, y, w, h);
        return;
    }
    Canvas tall;
    int th = h + rs.panel_scroll;
    if (canvas_init(&tall, w, th, c->ascii, NULL) < 0)
        return;
    snap->view->panel(snap->algo_data, &tall, 0, 0, w, th);
    /* Stop where the content ends. */
    int last = th - 1;
    while (last > 0) {
        bool blank = true;
        for (int i = 0; i < w && blank; i++)
            blank = canvas_cell(&tall, i, last)->ch == ' ';
        if (!blank)
            break;
        last--;
    }
    if (rs.panel_scroll > last - h + 2)
        rs.panel_scroll = last - h + 2 > 0 ? last - h + 2 : 0;
    for (int row = 0; row < h; row++)
        for (int i = 0; i < w; i++) {
            CanvasCell *src = canvas_cell(&tall, i, row + rs.panel_scroll);
            CanvasCell *dst = canvas_cell(c, x + i, y + row);
            if (src && dst)
                *dst = *src;
        }
    canvas_free(&tall);
    ui_printf(c, x + w - 18, y, 18, ST_DIM, "(%d lines down)", rs.panel_scroll);
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
        cx += ui_text(c, cx, y, x + w - cx, v == rs.view ? ST_SELECTED : ST_NORMAL, label) + 1;
    }
}

static void run_draw(App *app, Canvas *c, int x, int y, int w, int h)
{
    reap_retired(false);
    poll_start(app);
    int left = w >= 110 ? 36 : 30;
    int form_rows = rs.form_ready ? rs.form.count : 0;
    int form_h = form_rows + 5;
    if (form_h > h - 10)
        form_h = h - 10;
    if (form_h < 7)
        form_h = 7;
    if (rs.runner_on)
        runner_lock(rs.runner);
    draw_status(app, c, x, y, w);
    draw_form(app, c, x, y + 1, left, form_h);
    draw_facts(app, c, x, y + 1 + form_h, left, h - 1 - form_h);
    int rx = x + left + 1, rw = w - left - 1, ry = y + 1, rh = h - 1;
    if (is_operation(rs.algo)) {
        ui_box(c, rx, ry, rw, rh, "convolution", false);
        draw_conv(c, rx + 1, ry + 1, rw - 2, rh - 2);
    } else if (!rs.runner_on) {
        ui_box(c, rx, ry, rw, rh, NULL, false);
        if (rs.start_error[0])
            ui_text(c, rx + 2, ry + 2, rw - 4, ST_ERROR, rs.start_error);
        else
            ui_printf(c, rx + 2, ry + 2, rw - 4, ST_HIGHLIGHT, "%s loading the data...", ui_spinner(c));
    } else {
        if (!view_applies(rs.view))
            next_view(1);
        draw_tabs(c, rx, ry, rw);
        ui_hline(c, rx, ry + 1, rw);
        int vy = ry + 2, vh = rh - 2;
        switch (rs.view) {
        case V_PLOT: draw_plot(app, c, rx, vy, rw, vh); break;
        case V_CURVES: draw_curves(c, rx, vy, rw, vh); break;
        case V_PANEL: draw_panel(c, rx + 1, vy, rw - 2, vh); break;
        case V_LOG: draw_log(c, rx, vy, rw, vh); break;
        case V_RESULTS: draw_results(app, c, rx, vy, rw, vh); break;
        case V_ROC: draw_roc(c, rx, vy, rw, vh); break;
        case V_ERRORS: draw_errors(c, rx, vy, rw, vh); break;
        default: break;
        }
        /* Keep the snapshot made for what is on screen: the query changes
         * with , and . in every view. */
        if (rs.view != V_PLOT && rs.runner->req.query != rs.query) {
            rs.runner->req.query = rs.query;
            rs.runner->req.ascii = c->ascii;
            rs.runner->want_snapshot = true;
            pthread_cond_signal(&rs.runner->wake);
        }
    }
    if (rs.runner_on)
        runner_unlock(rs.runner);
}

/* ---- keys ------------------------------------------------------------------------------ */

static void conv_tick(void)
{
    ConvState *cs = &rs.conv;
    if (cs->running && app_now() >= cs->next_at) {
        cs->pos++;
        cs->next_at = app_now() + SPEEDS[rs.speed];
    }
}

static bool edit_key(App *app, int key)
{
    if (key == TK_ESC) {
        rs.editing = false;
        rs.kv_mode = false;
        rs.form_error[0] = '\0';
        return true;
    }
    if (key == TK_ENTER) {
        if (!rs.kv_mode) {
            form_apply(app, rs.form.spec[rs.form_sel].name, rs.field.text);
            return true;
        }
        /* ": KEY=VALUE" sets a parameter by name. */
        char kv[256];
        snprintf(kv, sizeof kv, "%s", rs.field.text);
        char *eq = strchr(kv, '=');
        if (!eq) {
            snprintf(rs.form_error, sizeof rs.form_error, "write KEY=VALUE, e.g. k=3 (Esc cancels)");
            return true;
        }
        *eq = '\0';
        for (int i = 0; rs.form_ready && i < rs.form.count; i++)
            if (strcmp(rs.form.spec[i].name, kv) == 0)
                rs.form_sel = i;
        form_apply(app, kv, eq + 1);
        return true;
    }
    rs.form_error[0] = '\0';
    field_key(&rs.field, key);
    return true;
}

static bool run_key(App *app, int key)
{
    if (rs.editing)
        return edit_key(app, key);
    switch (key) {
    case TK_UP:
        if (rs.form_sel > 0)
            rs.form_sel--;
        rs.form_error[0] = '\0';
        return true;
    case TK_DOWN:
        if (rs.form_ready && rs.form_sel < rs.form.count - 1)
            rs.form_sel++;
        rs.form_error[0] = '\0';
        return true;
    case TK_ENTER:
        if (rs.form_ready && rs.form_sel < rs.form.count) {
            rs.editing = true;
            field_set(&rs.field, rs.form.values[rs.form_sel].text);
        }
        return true;
    case TK_LEFT: case TK_RIGHT:
        form_cycle(app, key == TK_RIGHT ? 1 : -1);
        return true;
    case ':':
        if (rs.form_ready) {
            rs.editing = true;
            rs.kv_mode = true;
            rs.form_error[0] = '\0';
            field_set(&rs.field, "");
        }
        return true;
    case ' ':
        if (is_operation(rs.algo))
            rs.conv.pos++;
        else if (rs.runner_on)
            runner_step(rs.runner);
        else
            rs.queued_steps++;
        return true;
    case 'r':
        if (is_operation(rs.algo)) {
            rs.conv.running = !rs.conv.running;
            rs.conv.next_at = app_now();
        } else if (rs.runner_on) {
            runner_toggle_run(rs.runner);
        } else {
            rs.queued_run = !rs.queued_run;
        }
        return true;
    case '+': case '=': case '-': case '_':
        rs.speed += key == '+' || key == '=' ? 1 : -1;
        if (rs.speed < 0)
            rs.speed = 0;
        if (rs.speed >= N_SPEEDS)
            rs.speed = N_SPEEDS - 1;
        if (rs.runner_on)
            runner_set_interval(rs.runner, SPEEDS[rs.speed]);
        app_message(app, "speed %s", SPEED_NAMES[rs.speed]);
        return true;
    case 'x':
        if (is_operation(rs.algo)) {
            rs.conv.pos = 0;
            rs.conv.running = false;
        } else if (rs.runner_on) {
            runner_reset(rs.runner, NULL);
            if (rs.roc_ready)
                roc_free(&rs.roc);
            rs.roc_ready = false;
            free(rs.roc_scores);
            rs.roc_scores = NULL;
            app_message(app, "reset: a new model, step 0");
        }
        return true;
    case TK_TAB: case TK_BTAB:
        next_view(key == TK_TAB ? 1 : -1);
        return true;
    case 'g':
        if (rs.n_ghosts) {
            clear_ghosts();
            app_message(app, "earlier curves cleared");
        }
        return true;
    case ',': case '.':
        if (rs.view == V_ERRORS)
            rs.errors_first += key == '.' ? 12 : -12;
        else
            rs.query += key == '.' ? 1 : -1;
        return true;
    case '[': case ']': case '<': case '>': {
        int step = (int)lround(rs.threshold * 20) + (key == ']' || key == '>' ? 1 : -1);
        if (step < 0)
            step = 0;
        if (step > 20)
            step = 20;
        rs.threshold = step / 20.0;
        if (view_applies(V_ROC))
            rs.view = V_ROC;
        return true;
    }
    case TK_PGUP: case TK_PGDN:
        if (rs.view == V_PANEL)
            rs.panel_scroll += key == TK_PGDN ? 10 : -10;
        else
            rs.log_back += key == TK_PGUP ? 10 : -10;
        return true;
    default:
        if (key >= '1' && key <= '9') {
            int want = key - '0', k = 0;
            for (int v = 0; v < V_COUNT; v++)
                if (view_applies(v) && ++k == want)
                    rs.view = v;
            return true;
        }
        return false;
    }
}

static const char *run_footer(App *app)
{
    (void)app;
    if (rs.editing)
        return rs.kv_mode ? "Enter apply KEY=VALUE|Esc cancel" : "Enter apply|Esc cancel|type a value";
    if (is_operation(rs.algo))
        return "Space move window|r slide|, . image|\u2191\u2193 param|\u2190\u2192 choice|Enter edit|Esc back";
    if (rs.view == V_ROC)
        return "[ ] threshold|Tab view|x reset|\u2191\u2193 param|Enter edit|Esc back";
    return "Space step|r run/pause|+/- speed|x reset|Tab view|\u2191\u2193 param|\u2190\u2192 choice|Enter edit|, . point|Esc back";
}

static bool run_capturing(App *app)
{
    (void)app;
    return rs.editing;
}

static bool run_busy(App *app)
{
    (void)app;
    if (is_operation(rs.algo)) {
        conv_tick();
        return rs.conv.running || job_state(&rs.conv.load) == JOB_RUNNING;
    }
    if (!rs.runner_on)
        return rs.slot != NULL && !rs.start_error[0];
    runner_lock(rs.runner);
    bool busy = rs.runner->running || rs.runner->busy || rs.runner->phase == RUN_PREPARING ||
                rs.runner->phase == RUN_EVALUATING;
    runner_unlock(rs.runner);
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
