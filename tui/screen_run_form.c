/* tui/screen_run_form.c - the Run screen's left column and status line:
 * the parameter form (every edit validated with params_set; a change resets
 * the run), the run's facts below it, and the status line on top. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

/* ---- the parameter form ----------------------------------------------------------- */

void rs_form_apply(App *app, const char *name, const char *value)
{
    Params tmp;
    Error err;
    memset(&tmp, 0, sizeof tmp);
    if (params_copy(&tmp, &rs_state.form, &err) < 0 || params_set(&tmp, name, value, &err) < 0) {
        snprintf(rs_state.form_error, sizeof rs_state.form_error, "%s", err.msg);
        if (tmp.values)
            params_free(&tmp);
        return;
    }
    params_free(&rs_state.form);
    rs_state.form = tmp;
    rs_state.form_error[0] = '\0';
    rs_state.editing = false;
    rs_state.kv_mode = false;
    rs_keep_ghost();
    if (rs_state.runner_on)
        runner_reset(rs_state.runner, &rs_state.form);
    rs_state.conv.key[0] = '\0';
    rs_state.conv.pos = 0;
    app_message(app, "%s = %s (run reset)", name, value);
}

/* Left/Right on a choice or a boolean: the next value. */
void rs_form_cycle(App *app, int dir)
{
    if (!rs_state.form_ready || rs_state.form_sel >= rs_state.form.count)
        return;
    const ParamSpec *sp = &rs_state.form.spec[rs_state.form_sel];
    const char *cur = rs_state.form.values[rs_state.form_sel].text;
    if (sp->type == PARAM_BOOL) {
        rs_form_apply(app, sp->name, params_bool(&rs_state.form, sp->name) ? "false" : "true");
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
        rs_form_apply(app, sp->name, words[((at + dir) % n + n) % n]);
}

void rs_draw_form(App *app, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Parameters", !rs_state.editing);
    if (!rs_state.form_ready)
        return;
    int inner = h - 2;
    int help_rows = 3;
    int rows = inner - help_rows;
    int top = rs_state.form_sel - rows + 1 > 0 ? rs_state.form_sel - rows + 1 : 0;
    int name_w = 0;
    for (int i = 0; i < rs_state.form.count; i++) {
        int l = (int)strlen(rs_state.form.spec[i].name);
        if (l > name_w)
            name_w = l;
    }
    if (name_w > w / 2)
        name_w = w / 2;
    for (int i = top; i < rs_state.form.count && i - top < rows; i++) {
        int ry = y + 1 + i - top;
        bool sel = i == rs_state.form_sel;
        bool editing_row = sel && rs_state.editing && !rs_state.kv_mode;
        char line[300];
        const char *val = editing_row ? rs_state.field.text : rs_state.form.values[i].text;
        snprintf(line, sizeof line, "%-*s %s%s", name_w, rs_state.form.spec[i].name, val ? val : "",
                 editing_row ? "_" : "");
        ui_text_padded(c, x + 1, ry, w - 2, sel ? (editing_row ? ST_HIGHLIGHT : ST_SELECTED) : ST_NORMAL,
                       line);
        if (!rs_state.form.values[i].is_default && !editing_row)
            ui_text(c, x + w - 3, ry, 1, sel ? ST_SELECTED : ST_HIGHLIGHT, "*");
    }
    if (rs_state.form.count == 0)
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "(no parameters)");
    /* The selected parameter's help, or the error of the last edit. */
    int hy = y + h - 1 - help_rows;
    const char *text = rs_state.form_error[0] ? rs_state.form_error
                       : rs_state.form_sel < rs_state.form.count ? rs_state.form.spec[rs_state.form_sel].help : "";
    char buf[600];
    if (rs_state.kv_mode && !rs_state.form_error[0])
        snprintf(buf, sizeof buf, ":%s_", rs_state.field.text);
    else
        snprintf(buf, sizeof buf, "%s", text ? text : "");
    struct {
        Canvas *c;
        int x, y, w, n, max;
        Style st;
    } ctx = { c, x + 2, hy, w - 4, 0, help_rows,
              rs_state.form_error[0] ? ST_ERROR : rs_state.kv_mode ? ST_HIGHLIGHT : ST_DIM };
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

void rs_draw_facts(App *app, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Run", false);
    int row = y + 1, iw = w - 4;
    const char *ds = rs_state.dataset[0] ? rs_state.dataset : "(default)";
    if (rs_state.slot && data_state(rs_state.slot) == JOB_DONE)
        ds = rs_state.slot->data.name;
    ui_printf(c, x + 2, row++, iw, ST_NORMAL, "dataset  %s", ds);
    if (rs_state.runner_on) {
        Runner *r = rs_state.runner;
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "rows     %d train / %d test", r->train->X.rows,
                  r->test ? r->test->X.rows : 0);
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "features %d, scaling %s", r->train->X.cols,
                  scale_kind_name(r->scale));
        char t[32];
        ui_fmt_seconds(t, sizeof t, r->fit_seconds);
        ui_printf(c, x + 2, row++, iw, ST_NORMAL, "speed    %s   fit time %s", RS_SPEED_NAMES[rs_state.speed], t);
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

void rs_draw_status(App *app, Canvas *c, int x, int y, int w)
{
    char line[600];
    const char *title = rs_state.algo->title ? rs_state.algo->title : rs_state.algo->name;
    int len = snprintf(line, sizeof line, "%s", title);
    ui_fill(c, x, y, w, 1, ST_NORMAL);
    int cx = x + 1;
    cx += ui_text(c, cx, y, w - 2, ST_TITLE, line);
    if (!rs_state.runner_on) {
        char prog[160] = "";
        if (rs_state.start_error[0])
            ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_ERROR, "%s", rs_state.start_error);
        else if (rs_state.slot) {
            job_progress(&rs_state.slot->job, prog, sizeof prog);
            ui_printf(c, cx + 2, y, w - (cx - x) - 3, ST_HIGHLIGHT, "step 0   %s %s... %.1f s",
                      ui_spinner(c), prog, job_elapsed(&rs_state.slot->job));
        }
        return;
    }
    Runner *r = rs_state.runner;
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
             r->running ? " at " : "", r->running ? RS_SPEED_NAMES[rs_state.speed] : "");
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

