/* tui/screen_run_status.c - the Run screen's run facts (left, below the
 * parameter form: the data, the scaling, the speed, the latest value of
 * every series) and its status line on top (step, latest loss or metric,
 * phase, what the algorithm's view says). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"
#include "tui_progress.h"

/* ---- the run facts (left, below the form) ------------------------------------------- */

/* A fact "label    value" on row; a value too long for the panel wraps
 * under itself ("60000 train / 10000 tes" was cut at 80x24).  Returns the
 * rows used (at least one, none below bottom). */
static int draw_fact(Canvas *c, int x, int row, int iw, int bottom, const char *label,
                     const char *value)
{
    if (row >= bottom)
        return 0;
    ui_text(c, x, row, 9, ST_NORMAL, label);
    int used = ui_text_wrapped(c, x + 9, row, iw - 9, bottom - row, ST_NORMAL, value);
    return used > 0 ? used : 1;
}

void rs_draw_facts(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Run", false);
    int row = y + 1, iw = w - 4, bottom = y + h - 1;
    const char *ds = rs->dataset[0] ? rs->dataset : "(default)";
    if (rs->slot && data_state(rs->slot) == JOB_DONE)
        ds = rs->slot->data.name;
    row += draw_fact(c, x + 2, row, iw, bottom, "dataset", ds);
    if (rs->runner_on) {
        const Runner *r = rs->runner;
        char v[96], t[32];
        int before, after; /* O: the resampled training rows */
        int test_rows = r->test ? r->test->X.rows : 0;
        if (rs_resampled_rows(rs, &before, &after))
            snprintf(v, sizeof v, "%d -> %d train/%d test", before, after, test_rows);
        else
            snprintf(v, sizeof v, "%d train/%d test", r->train->X.rows, test_rows);
        row += draw_fact(c, x + 2, row, iw, bottom, "rows", v);
        /* the pipeline before the other facts: whole on a small screen too */
        row += rs_draw_pipeline(rs, c, x + 2, row, iw, bottom - row);
        snprintf(v, sizeof v, "%d", r->train->X.cols);
        row += draw_fact(c, x + 2, row, iw, bottom, "features", v);
        row += draw_fact(c, x + 2, row, iw, bottom, "scaling", scale_kind_name(r->scale));
        row += draw_fact(c, x + 2, row, iw, bottom, "speed", RS_SPEED_NAMES[rs->speed]);
        ui_fmt_seconds(t, sizeof t, r->fit_seconds);
        row += draw_fact(c, x + 2, row, iw, bottom, "fit time", t);
        if (bottom - row > r->n_series) /* a blank line when everything still fits */
            row++;
        for (int i = 0; i < r->n_series && row < bottom; i++) {
            char v[32];
            ui_fmt(v, sizeof v, r->series[i].n ? r->series[i].value[r->series[i].n - 1] : NAN);
            ui_printf(c, x + 2, row++, iw, ST_NORMAL, "%-12s %s", r->series[i].key, v);
        }
    }
}

/* ---- the status line ---------------------------------------------------------------- */

/* Inside a step: its seconds, and the fit's percentage and ETA (the
 * training time so far at the same pace) when the algorithm reports them
 * (issue 12: a network per mini-batch, a forest per tree). */
static void stepping_text(const Runner *r, char *buf, int size)
{
    double spent = app_now() - r->step_started;
    double f = r->inst ? trace_progress_get(&r->inst->trace) : -1;
    char fit[64] = "", pe[48];
    if (f >= 0 && f < 1) {
        tui_progress_text(f, r->fit_seconds + spent, pe, sizeof pe);
        snprintf(fit, sizeof fit, "; fit %s", pe);
    }
    snprintf(buf, (size_t)size, "%s (this step %.1f s%s)", r->running ? "running" : "stepping",
             spent, fit);
}

static const char *phase_text(const Runner *r, char *buf, int size)
{
    switch (r->phase) {
    case RUN_PREPARING: snprintf(buf, (size_t)size, "creating the model"); break;
    case RUN_STEPPING: stepping_text(r, buf, size); break;
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
    char prog[240] = "";
    if (rs->start_error[0]) {
        ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_ERROR, "%s", rs->start_error);
    } else if (rs->slot) {
        tui_job_text(&rs->slot->job, prog, sizeof prog);
        ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_HIGHLIGHT, "step 0   %s %s",
                  ui_spinner(c), prog);
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
