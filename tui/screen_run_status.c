/* tui/screen_run_status.c - the Run screen's run facts (left, below the
 * parameter form: the data, the scaling, the speed, the latest value of
 * every series) and its status line on top (step, latest loss or metric,
 * phase, what the algorithm's view says). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

/* ---- the run facts (left, below the form) ------------------------------------------- */

void rs_draw_facts(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Run", false);
    int row = y + 1, iw = w - 4;
    const char *ds = rs->dataset[0] ? rs->dataset : "(default)";
    if (rs->slot && data_state(rs->slot) == JOB_DONE)
        ds = rs->slot->data.name;
    ui_printf(c, x + 2, row++, iw, ST_NORMAL, "dataset  %s", ds);
    if (rs->runner_on) {
        const Runner *r = rs->runner;
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "rows     %d train / %d test", r->train->X.rows,
                  r->test ? r->test->X.rows : 0);
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "features %d, scaling %s", r->train->X.cols,
                  scale_kind_name(r->scale));
        row += rs_draw_pipeline(rs, c, x + 2, row, iw);
        char t[32];
        ui_fmt_seconds(t, sizeof t, r->fit_seconds);
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "speed    %s   fit time %s", RS_SPEED_NAMES[rs->speed], t);
        row++;
        for (int i = 0; i < r->n_series && row < y + h - 1; i++) {
            char v[32];
            ui_fmt(v, sizeof v, r->series[i].n ? r->series[i].value[r->series[i].n - 1] : NAN);
            ui_printf(c, x + 2, row++, iw, ST_NORMAL, "%-12s %s", r->series[i].key, v);
        }
    }
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

/* Before the runner exists: the loading progress or why it cannot start. */
static void draw_waiting(const RunScreen *rs, Canvas *c, int cx, int x, int y, int w)
{
    char prog[160] = "";
    if (rs->start_error[0]) {
        ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_ERROR, "%s", rs->start_error);
    } else if (rs->slot) {
        job_progress(&rs->slot->job, prog, sizeof prog);
        ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_HIGHLIGHT, "step 0   %s %s... %.1f s",
                  ui_spinner(c), prog, job_elapsed(&rs->slot->job));
    }
}

static const char *phase_icon(const Runner *r, bool ascii)
{
    if (r->running)
        return ascii ? ">" : "\u25b6";
    if (r->phase == RUN_DONE)
        return ascii ? "*" : "\u2714";
    if (r->phase == RUN_FAILED)
        return "!";
    return ascii ? "=" : "\u23f8";
}

static Style phase_style(const Runner *r)
{
    return r->phase == RUN_FAILED ? ST_ERROR : r->phase == RUN_DONE ? ST_GOOD : ST_NORMAL;
}

/* Text at cx after a gap, in the status line; returns the next column. */
static int put(Canvas *c, int cx, int gap, int x, int y, int w, Style st, const char *text)
{
    cx += gap;
    return cx + ui_text(c, cx, y, w - (cx - x) - 1, st, text);
}

static void draw_running(const RunScreen *rs, Canvas *c, int cx, int x, int y, int w);

/* What the algorithm's view says about the model ("iteration 3, run 1 of 1"). */
static void view_status(const Snapshot *snap, char *buf, int size)
{
    buf[0] = '\0';
    if (snap && snap->view && snap->view->status && snap->algo_data)
        snap->view->status(snap->algo_data, buf, size);
}

void rs_draw_status(const RunScreen *rs, Canvas *c, int x, int y, int w)
{
    const char *title = rs->algo->title ? rs->algo->title : rs->algo->name;
    ui_fill(c, x, y, w, 1, ST_NORMAL);
    int cx = x + 1;
    cx += ui_text(c, cx, y, w - 2, ST_TITLE, title);
    if (rs->runner_on)
        draw_running(rs, c, cx, x, y, w);
    else
        draw_waiting(rs, c, cx, x, y, w);
}

/* After the title: step, the latest value, the phase, the view's words. */
static void draw_running(const RunScreen *rs, Canvas *c, int cx, int x, int y, int w)
{
    const Runner *r = rs->runner;
    char line[600], metric[200], phase[96], extra[120];
    latest_metric(r, metric, sizeof metric);
    phase_text(r, phase, sizeof phase);
    view_status(runner_snapshot(r), extra, sizeof extra);
    snprintf(line, sizeof line, "step %d", r->steps);
    cx = put(c, cx, 3, x, y, w, ST_HEADING, line);
    if (metric[0])
        cx = put(c, cx, 3, x, y, w, ST_NORMAL, metric);
    if (r->running)
        snprintf(line, sizeof line, "%s %s at %s", phase_icon(r, c->ascii), phase,
                 RS_SPEED_NAMES[rs->speed]);
    else
        snprintf(line, sizeof line, "%s %s", phase_icon(r, c->ascii), phase);
    cx = put(c, cx, 3, x, y, w, phase_style(r), line);
    if (r->phase == RUN_FAILED || (r->phase == RUN_DONE && r->error[0]))
        put(c, cx, 2, x, y, w, ST_ERROR, r->error);
    else if (extra[0])
        put(c, cx, 3, x, y, w, ST_DIM, extra);
}
