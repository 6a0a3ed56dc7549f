/* tui/screen_run_views.c - the Run screen's live views: the plot (2-D
 * data with decision regions, or a regressor's curve over 1-D data), the
 * loss and metric curves, the trace log, and the algorithm's own panel. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

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
    rs_state.bounds.xmin = x0 - mx;
    rs_state.bounds.xmax = x1 + mx;
    rs_state.bounds.ymin = y0 - my;
    rs_state.bounds.ymax = y1 + my;
    rs_state.bounds_valid = true;
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

void rs_draw_plot(App *app, Canvas *c, int x, int y, int w, int h)
{
    Runner *r = rs_state.runner;
    RunInstance *inst = r->inst;
    if (!inst) {
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "preparing...");
        return;
    }
    const Session *s = &inst->session;
    if (!rs_state.bounds_valid)
        compute_bounds(s);
    bool regress = rs_state.algo->kind == ALGO_REGRESSOR;
    PlotArea a = rs_state.bounds;
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
    req.query = rs_state.query;
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
        for (int g = 0; regress && g < rs_state.n_ghosts; g++) {
            const struct Ghost *gh = &rs_state.ghosts[g];
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
        if (regress && rs_state.n_ghosts) {
            char now[160], label[128];
            rs_curve_label(label, sizeof label);
            snprintf(now, sizeof now, "now: %s  (g clears the others)", label);
            canvas_fill(c, a.x + 1, a.y + rs_state.n_ghosts, 2, 1, c->ascii ? '-' : 0x2500,
                        CANVAS_COLOR_HIGHLIGHT, 0, CANVAS_ATTR_SOLID);
            ui_text(c, a.x + 4, a.y + rs_state.n_ghosts, a.w - 5, ST_HIGHLIGHT, now);
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

void rs_draw_curves(Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs_state.runner;
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

void rs_draw_log(Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs_state.runner;
    long total = rs_state.runner_on ? r->log_total : 0;
    long avail = total < RUN_LOG_LINES ? total : RUN_LOG_LINES;
    if (rs_state.log_back > avail - h)
        rs_state.log_back = (int)(avail - h > 0 ? avail - h : 0);
    if (rs_state.log_back < 0)
        rs_state.log_back = 0;
    if (total == 0) {
        ui_text(c, x + 1, y, w - 2, ST_DIM, "The trace is empty: step to see what each step does.");
        return;
    }
    long last = total - 1 - rs_state.log_back;
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
    if (rs_state.log_back > 0)
        ui_printf(c, x + w - 22, y, 21, ST_DIM, "(%d lines back)", rs_state.log_back);
}


/* ---- the algorithm's panel ---------------------------------------------------------- */

/* The panel is drawn into a canvas taller than the screen, and the rows
 * from panel_scroll on are copied: PgUp/PgDn scroll a long record (a
 * network's backward pass) without the views knowing. */
void rs_draw_panel(Canvas *c, int x, int y, int w, int h)
{
    Snapshot *snap = rs_state.runner->snap;
    if (!snap || !snap->view || !snap->view->panel || !snap->algo_data) {
        ui_text(c, x, y, w, ST_DIM, "...");
        return;
    }
    if (rs_state.panel_scroll <= 0) {
        rs_state.panel_scroll = 0;
        snap->view->panel(snap->algo_data, c, x, y, w, h);
        return;
    }
    Canvas tall;
    int th = h + rs_state.panel_scroll;
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
    if (rs_state.panel_scroll > last - h + 2)
        rs_state.panel_scroll = last - h + 2 > 0 ? last - h + 2 : 0;
    for (int row = 0; row < h; row++)
        for (int i = 0; i < w; i++) {
            CanvasCell *src = canvas_cell(&tall, i, row + rs_state.panel_scroll);
            CanvasCell *dst = canvas_cell(c, x + i, y + row);
            if (src && dst)
                *dst = *src;
        }
    canvas_free(&tall);
    ui_printf(c, x + w - 18, y, 18, ST_DIM, "(%d lines down)", rs_state.panel_scroll);
}

