/* tui/screen_run_views.c - the Run screen's live views: the plot (2-D
 * data with decision regions and, after training, the misclassified test
 * rows crossed; a regressor's curve over 1-D data; wider data goes to
 * view_plane.c), the loss and metric curves, the trace log, and the
 * algorithm's own panel.
 * They read the RunScreen and the runner (its lock held) and only draw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

/* ---- the plot ----------------------------------------------------------------------------- */

/* Widen [*lo, *hi] to hold v (when finite). */
static void extend(double v, double *lo, double *hi)
{
    if (!isfinite(v))
        return;
    if (v < *lo)
        *lo = v;
    if (v > *hi)
        *hi = v;
}

/* The plot's y of row i: the second feature, or a regressor's target. */
static float plot_y(const Dataset *d, int i, bool regress)
{
    if (!regress)
        return mat_get(&d->X, i, 1);
    return d->target ? d->target[i] : NAN;
}

/* The data's range in the model's space (train and test rows). */
PlotArea rs_data_bounds(const Session *s)
{
    const Dataset *parts[2] = { s->train, s->test };
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    bool regress = s->algo->kind == ALGO_REGRESSOR;
    for (int p = 0; p < 2; p++) {
        const Dataset *d = parts[p];
        if (!d)
            continue;
        for (int i = 0; i < d->X.rows; i++) {
            extend(mat_get(&d->X, i, 0), &x0, &x1);
            extend(plot_y(d, i, regress), &y0, &y1);
        }
    }
    if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
    if (!(y1 > y0)) { y0 -= 1; y1 += 1; }
    double mx = (x1 - x0) * 0.08, my = (y1 - y0) * 0.08;
    PlotArea a = { 0, 0, 0, 0, x0 - mx, x1 + mx, y0 - my, y1 + my };
    return a;
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

/* The y of a sampled curve (x ascending) at x, by linear interpolation;
 * NaN outside it. */
static double curve_at(const RunGhost *gh, double x)
{
    for (int i = 1; i < gh->n; i++)
        if (x >= gh->x[i - 1] && x <= gh->x[i]) {
            double dx = (double)gh->x[i] - gh->x[i - 1];
            double t = dx > 0 ? (x - gh->x[i - 1]) / dx : 0;
            return gh->y[i - 1] + t * ((double)gh->y[i] - gh->y[i - 1]);
        }
    return NAN;
}

/* Earlier curve g's letter ('A', 'B', ...) every 12 cells along it (shifted
 * by 3 cells per curve so they do not fall together): the curves stay apart
 * without colours (NO_COLOR), where every braille line looks the same. */
static void mark_ghost(Canvas *c, const PlotArea *a, const RunGhost *gh, int g, uint8_t col)
{
    for (int cx = 2 + 3 * g; cx < a->w; cx += 12) {
        double x, y;
        canvas_cell_center(a, cx, 0, &x, &y);
        y = curve_at(gh, x);
        if (isfinite(y))
            canvas_marker(c, a, x, y, (uint32_t)('A' + g), col);
    }
}

/* Earlier runs' curves first, each lettered, with their labels at the top. */
static void draw_ghosts(const RunScreen *rs, Canvas *c, const PlotArea *a)
{
    for (int g = 0; g < rs->n_ghosts; g++) {
        const RunGhost *gh = &rs->ghosts[g];
        double *gx = malloc((size_t)gh->n * sizeof *gx), *gy = malloc((size_t)gh->n * sizeof *gy);
        uint8_t col = (uint8_t)(2 + g % 6);
        if (gx && gy) {
            for (int i = 0; i < gh->n; i++) {
                gx[i] = gh->x[i];
                gy[i] = gh->y[i];
            }
            canvas_polyline(c, a, gx, gy, gh->n, col);
            mark_ghost(c, a, gh, g, col);
        }
        free(gx);
        free(gy);
        canvas_fill(c, a->x + 1, a->y + g, 3, 1, c->ascii ? '-' : 0x2500, col, 0, CANVAS_ATTR_SOLID);
        canvas_fill(c, a->x + 2, a->y + g, 1, 1, (uint32_t)('A' + g), col, 0,
                    CANVAS_ATTR_SOLID | CANVAS_ATTR_BOLD);
        ui_text(c, a->x + 5, a->y + g, a->w - 6, ST_DIM, gh->label);
    }
    if (rs->n_ghosts) {
        char now[160], label[128];
        rs_curve_label(rs, label, sizeof label);
        snprintf(now, sizeof now, "now: %s  (g clears the others)", label);
        canvas_fill(c, a->x + 1, a->y + rs->n_ghosts, 3, 1, c->ascii ? '-' : 0x2500,
                    CANVAS_COLOR_HIGHLIGHT, 0, CANVAS_ATTR_SOLID);
        ui_text(c, a->x + 5, a->y + rs->n_ghosts, a->w - 6, ST_HIGHLIGHT, now);
    }
}

/* The fitted curve of the snapshot (regressors). */
static void draw_curve(Canvas *c, const PlotArea *a, const Snapshot *snap)
{
    if (!snap || !snap->curve_x || snap->curve_n <= 1)
        return;
    int n = snap->curve_n;
    double *cx = malloc((size_t)n * sizeof *cx), *cy = malloc((size_t)n * sizeof *cy);
    if (cx && cy) {
        for (int i = 0; i < n; i++) {
            cx[i] = snap->curve_x[i];
            cy[i] = snap->curve_y[i];
        }
        canvas_polyline(c, a, cx, cy, n, CANVAS_COLOR_HIGHLIGHT);
    }
    free(cx);
    free(cy);
}

/* The training points: coloured by class, or (x, target) for a regressor. */
static void draw_train(const App *app, Canvas *c, const PlotArea *a, const Dataset *train,
                       bool regress)
{
    int n = train->X.rows;
    size_t m = (size_t)(n ? n : 1);
    float *xs = malloc(m * sizeof *xs), *ys = malloc(m * sizeof *ys);
    if (xs && ys) {
        for (int i = 0; i < n; i++) {
            xs[i] = mat_get(&train->X, i, 0);
            ys[i] = plot_y(train, i, regress);
        }
        const int *cls = regress ? NULL : train->y;
        bool glyphs = !app->color || n <= 150 || regress;
        (glyphs ? canvas_scatter_glyphs : canvas_scatter)(c, a, xs, ys, cls, n);
    }
    free(xs);
    free(ys);
}

/* The held-out points of a regressor, hollow: where overfitting shows. */
static void draw_test(Canvas *c, const PlotArea *a, const Dataset *test)
{
    int m = test->X.rows;
    float *tx = malloc((size_t)(m ? m : 1) * sizeof *tx);
    int *one = malloc((size_t)(m ? m : 1) * sizeof *one);
    if (tx && one) {
        for (int i = 0; i < m; i++) {
            tx[i] = mat_get(&test->X, i, 0);
            one[i] = 1;
        }
        canvas_scatter_glyphs(c, a, tx, test->target, one, m);
    }
    free(tx);
    free(one);
}

static void draw_scale_note(Canvas *c, const Session *s, int end, int x, int y, int w)
{
    if (s->scale == SCALE_NONE)
        return;
    char note[64];
    snprintf(note, sizeof note, "axes: %s-scaled features", scale_kind_name(s->scale));
    int nw = canvas_text_width(note);
    if (x + w - nw - 1 > end + 2)
        ui_text(c, x + w - nw - 1, y, nw, ST_DIM, note);
}

/* What the algorithm draws over the plot, from its snapshot. */
static void draw_overlay(Canvas *c, const PlotArea *a, const Snapshot *snap)
{
    if (snap && snap->view && snap->view->overlay && snap->algo_data)
        snap->view->overlay(snap->algo_data, c, a);
}

/* The decision regions, when the snapshot was made for this grid. */
static void draw_regions(Canvas *c, const PlotArea *a, const Snapshot *snap)
{
    if (snap && snap->region && snap->req.grid_w == a->w && snap->req.grid_h == a->h)
        canvas_regions(c, a, snap->region, a->w, a->h);
}

bool rs_labelled_result(const Runner *r)
{
    const RunResult *res = &r->result;
    return r->have_result && r->algo->kind == ALGO_CLASSIFIER && res->has_truth && res->y_pred &&
           res->y_true;
}

/* After training, the misclassified test rows of a classifier marked over
 * the plot with a cross (issue 12); returns how many. */
static int draw_misclassified(const Runner *r, const Session *s, Canvas *c, const PlotArea *a)
{
    const RunResult *res = &r->result;
    if (!rs_labelled_result(r) || !s->test || s->test->X.cols != 2)
        return 0;
    int n = res->test_rows < s->test->X.rows ? res->test_rows : s->test->X.rows, wrong = 0;
    for (int i = 0; i < n; i++)
        if (res->y_pred[i] != res->y_true[i]) {
            canvas_marker(c, a, mat_get(&s->test->X, i, 0), mat_get(&s->test->X, i, 1),
                          c->ascii ? 'X' : 0x2715, CANVAS_COLOR_BAD);
            wrong++;
        }
    return wrong;
}

/* The cross's entry in the legend, from column x; returns the next column. */
static int misclassified_legend(Canvas *c, int x, int y, int right, int wrong)
{
    if (wrong <= 0 || right - x < 12)
        return x;
    canvas_fill(c, x, y, 1, 1, c->ascii ? 'X' : 0x2715, CANVAS_COLOR_BAD, 0, CANVAS_ATTR_SOLID);
    char text[64];
    snprintf(text, sizeof text, "misclassified test row%s (%d)", wrong == 1 ? "" : "s", wrong);
    return x + 2 + ui_text(c, x + 2, y, right - x - 2, ST_NORMAL, text) + 2;
}

void rs_draw_plot(const RunScreen *rs, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    const RunInstance *inst = r->inst;
    if (!inst || !rs->bounds_valid) {
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "preparing...");
        return;
    }
    const Session *s = &inst->session;
    if (s->train->X.cols > 2) {
        rs_draw_plane(rs, app, c, x, y, w, h);
        return;
    }
    bool regress = rs->algo->kind == ALGO_REGRESSOR;
    PlotArea a = rs_plot_area(rs, x, y, w, h);
    if (a.w < 4 || a.h < 3)
        return;
    const Snapshot *snap = runner_snapshot(r);
    draw_regions(c, &a, snap);
    canvas_axes(c, &a);
    if (regress)
        draw_ghosts(rs, c, &a);
    draw_curve(c, &a, snap);
    draw_train(app, c, &a, s->train, regress);
    if (regress && s->test && s->test->target)
        draw_test(c, &a, s->test);
    draw_overlay(c, &a, snap);
    int wrong = draw_misclassified(r, s, c, &a);
    int end = draw_legend(c, x + 1, y + h - 1, w - 2, s->train, regress);
    end = misclassified_legend(c, end, y + h - 1, x + w - 1, wrong);
    draw_scale_note(c, s, end, x, y + h - 1, w);
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

static bool in_group(const RunSeries *s, bool accuracy)
{
    return accuracy ? is_accuracy_key(s->key) : is_loss_key(s->key);
}

/* The range of the group's series; the number of series in it. */
static int group_range(const Runner *r, bool accuracy, double *x0, double *x1, double *y0,
                       double *y1)
{
    int count = 0;
    *x0 = *y0 = INFINITY;
    *x1 = *y1 = -INFINITY;
    for (int i = 0; i < r->n_series; i++) {
        const RunSeries *s = &r->series[i];
        if (!in_group(s, accuracy))
            continue;
        count++;
        for (int j = 0; j < s->n; j++) {
            extend(s->step[j], x0, x1);
            extend(s->value[j], y0, y1);
        }
    }
    return count;
}

/* A series' legend entry at lx on row y; returns the next column. */
static int legend_entry(Canvas *c, int lx, int y, int right, const RunSeries *s, uint8_t col)
{
    char label[64], v[32];
    ui_fmt(v, sizeof v, s->n ? s->value[s->n - 1] : NAN);
    snprintf(label, sizeof label, "%s %s", s->key, v);
    canvas_fill(c, lx, y, 2, 1, c->ascii ? '-' : 0x2500, col, 0, CANVAS_ATTR_SOLID);
    lx += 3;
    return lx + ui_text(c, lx, y, right - lx, ST_NORMAL, label) + 3;
}

/* ---- restarts (k-means n_init): the runs a curve is made of ------------------ */

/* The "run" series, when it has more than one run (the algorithm restarts:
 * each run starts over and its curve jumps back up). */
static const RunSeries *restarts_of(const Runner *r)
{
    const RunSeries *runs = runner_series(r, "run");
    if (!runs || runs->n < 2 || runs->value[0] == runs->value[runs->n - 1])
        return NULL;
    return runs;
}

/* The run at step (the "run" series read from index *k on, steps ascending). */
static double run_at(const RunSeries *runs, int *k, double step)
{
    while (*k < runs->n && runs->step[*k] <= step)
        (*k)++;
    return *k > 0 ? runs->value[*k - 1] : 0;
}

/* The series' points with a NaN where a new run starts, so that no line
 * joins one run's end to the next one's start (the "sawtooth"); returns the
 * count, -1 when memory runs out.  The caller frees *xs and *ys. */

static int split_by_run(const RunSeries *s, const RunSeries *runs, double **xs, double **ys)
{
    size_t cap = 2 * (size_t)s->n + 1;
    *xs = malloc(cap * sizeof **xs);
    *ys = malloc(cap * sizeof **ys);
    if (!*xs || !*ys)
        return -1;
    int m = 0, k = 0;
    double run = NAN;
    for (int j = 0; j < s->n; j++) {
        double now = run_at(runs, &k, s->step[j]);
        if (j > 0 && now != run) {
            (*xs)[m] = s->step[j];
            (*ys)[m++] = NAN;
        }
        run = now;
        (*xs)[m] = s->step[j];
        (*ys)[m++] = s->value[j];
    }
    return m;
}

/* A dotted line where each run after the first starts (between its first
 * step and the step before), labelled "run k" at the top when there is room. */
static void draw_restarts(Canvas *c, const PlotArea *a, const RunSeries *runs)
{
    int label_end = a->x;
    double span = a->xmax - a->xmin;
    for (int j = 1; runs && j < runs->n && span > 0; j++) { /* steps ascending */
        if (runs->value[j] == runs->value[j - 1])
            continue;
        double xb = (runs->step[j - 1] + runs->step[j]) / 2;
        int cx = a->x + (int)lround((xb - a->xmin) / span * (a->w - 1));
        canvas_fill(c, cx, a->y, 1, a->h, c->ascii ? ':' : 0x250A, CANVAS_COLOR_DIM, 0,
                    CANVAS_ATTR_SOLID);
        char label[24];
        snprintf(label, sizeof label, "run %d", (int)runs->value[j]);
        int lw = (int)strlen(label);
        if (cx + 1 >= label_end && cx + 1 + lw <= a->x + a->w) {
            ui_text(c, cx + 1, a->y, lw, ST_DIM, label);
            label_end = cx + 2 + lw;
        }
    }
}

/* A series' curve, broken where a new run starts. */
static void draw_series(Canvas *c, const PlotArea *a, const RunSeries *s, const RunSeries *runs,
                        uint8_t col)
{
    if (!runs) {
        canvas_polyline(c, a, s->step, s->value, s->n, col);
        return;
    }
    double *xs, *ys;
    int m = split_by_run(s, runs, &xs, &ys);
    if (m > 0)
        canvas_polyline(c, a, xs, ys, m, col);
    free(xs);
    free(ys);
}

/* The group's title, and how restarts are marked when there are some. */
static void group_title(Canvas *c, int x, int y, int w, const char *title, bool restarts)
{
    int tw = ui_text(c, x, y, w, ST_HEADING, title);
    if (restarts)
        ui_text(c, x + tw, y, w - tw, ST_DIM,
                c->ascii ? "   : a new run starts (restarts, n_init)"
                         : "   \u250a a new run starts (restarts, n_init)");
}

/* The y range around the data, never beyond the possible: losses stop at
 * 0, accuracies at 0 and 1 (issue 12, defect 17). */
static void group_y_range(bool accuracy, double *y0, double *y1)
{
    bool unit = accuracy && *y0 >= 0 && *y1 <= 1;
    canvas_pad_range(y0, y1, *y0 >= 0 ? 0 : -INFINITY, unit ? 1 : INFINITY);
}

static void draw_series_group(Canvas *c, const Runner *r, bool accuracy, int x, int y, int w, int h,
                              const char *title)
{
    double x0, x1, y0, y1;
    if (!group_range(r, accuracy, &x0, &x1, &y0, &y1))
        return;
    const RunSeries *runs = restarts_of(r);
    group_title(c, x, y, w, title, runs != NULL);
    if (!(x1 > x0)) { x0 -= 1; x1 += 1; }
    group_y_range(accuracy, &y0, &y1);
    PlotArea a = { x + 8, y + 1, w - 9, h - 3, x0, x1, y0, y1 };
    if (a.w < 4 || a.h < 2)
        return;
    canvas_axes_whole_x(c, &a);
    draw_restarts(c, &a, runs);
    int lx = x + 2, k = 0;
    for (int i = 0; i < r->n_series; i++) {
        const RunSeries *s = &r->series[i];
        if (!in_group(s, accuracy))
            continue;
        uint8_t col = (uint8_t)(1 + k++ % CANVAS_COLOR_SERIES_COUNT);
        draw_series(c, &a, s, runs, col);
        lx = legend_entry(c, lx, y + h - 1, x + w, s, col);
    }
}

/* Nothing to plot: before training, what will show; after it (k-NN, naive
 * Bayes: no loss or accuracy by step), why there is none and where to look
 * instead ("No curves yet... Space steps" once stayed after training). */
static void no_curves(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    if (r->steps == 0 && r->phase != RUN_DONE) {
        ui_text_wrapped(c, x + 1, y + 1, w - 2, h - 1, ST_DIM,
                        "No curves yet: each step's loss and metrics appear here (Space steps, r runs).");
        return;
    }
    char text[400];
    int len = snprintf(text, sizeof text, "%s records no loss or accuracy by step, so there is no "
                                          "curve to draw.",
                       rs->algo->title ? rs->algo->title : rs->algo->name);
    if (rs_view_applies(rs, V_PANEL))
        len += snprintf(text + len, sizeof text - (size_t)len, " The %s view shows the model",
                        rs_view_name(rs, V_PANEL));
    snprintf(text + len, sizeof text - (size_t)len, "%s",
             r->have_result ? "; the results view, its test scores."
             : r->phase == RUN_DONE ? "."
                                    : "; the results view, its test scores once training is done.");
    ui_text_wrapped(c, x + 1, y + 1, w - 2, h - 1, ST_DIM, text);
}

void rs_draw_curves(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    int losses = 0, accs = 0;
    for (int i = 0; i < r->n_series; i++) {
        if (is_loss_key(r->series[i].key))
            losses++;
        else if (is_accuracy_key(r->series[i].key))
            accs++;
    }
    if (!losses && !accs) {
        no_curves(rs, c, x, y, w, h);
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

static Style log_style(TraceKind kind)
{
    return kind == TRACE_NOTE ? ST_HIGHLIGHT : kind == TRACE_DETAIL ? ST_DIM : ST_NORMAL;
}

static void count_row(void *ctx, const char *s, int n)
{
    (void)s, (void)n;
    (*(int *)ctx)++;
}

/* Rows text takes when wrapped at width w (at least 1). */
static int rs_wrapped_rows(const char *text, int w)
{
    int rows = 0;
    ui_wrap(text, w < 1 ? 1 : w, count_row, &rows);
    return rows < 1 ? 1 : rows;
}

void rs_draw_log(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    long total = rs->runner_on ? r->log_total : 0;
    long avail = total < RUN_LOG_LINES ? total : RUN_LOG_LINES;
    /* The tick keeps log_back in range; this frame may be a little older. */
    long back = rs->log_back;
    if (back > avail - h)
        back = avail - h > 0 ? avail - h : 0;
    if (total == 0) {
        ui_text(c, x + 1, y, w - 2, ST_DIM, "The trace is empty: step to see what each step does.");
        return;
    }
    /* Newest at the bottom; a line longer than the view wraps under its
     * text (a weight vector is not cut mid-number). */
    long last = total - 1 - back, first = last + 1;
    int rows = 0, tw = w - 7;
    while (first - 1 >= total - avail) {
        int n = rs_wrapped_rows(r->log[(first - 1) % RUN_LOG_LINES].text, tw);
        if (rows + n > h)
            break;
        rows += n;
        first--;
    }
    for (long i = first, row = y; i <= last; i++) {
        const RunLogLine *l = &r->log[i % RUN_LOG_LINES];
        ui_printf(c, x + 1, (int)row, 5, ST_DIM, "%4d", l->step);
        row += ui_text_wrapped(c, x + 6, (int)row, tw, y + h - (int)row, log_style(l->kind),
                               l->text);
    }
    if (back > 0)
        ui_printf(c, x + w - 22, y, 21, ST_DIM, "(%ld lines back)", back);
}

/* ---- the algorithm's panel ---------------------------------------------------------- */

static bool has_panel(const Snapshot *snap)
{
    return snap && snap->view && snap->view->panel && snap->algo_data;
}

static bool row_blank(Canvas *c, int row, int w)
{
    for (int i = 0; i < w; i++)
        if (canvas_cell(c, i, row)->ch != ' ')
            return false;
    return true;
}

int rs_panel_last_row(const Snapshot *snap, bool ascii, int w, int h)
{
    Canvas tall;
    if (!has_panel(snap) || w <= 0 || h <= 0 || canvas_init(&tall, w, h, ascii, NULL) < 0)
        return 0;
    snap->view->panel(snap->algo_data, &tall, 0, 0, w, h);
    int last = h - 1;
    while (last > 0 && row_blank(&tall, last, w))
        last--;
    canvas_free(&tall);
    return last;
}

/* The panel is drawn into a canvas taller than the screen, and the rows
 * from panel_scroll on are copied: PgUp/PgDn scroll a long record (a
 * network's backward pass) without the views knowing.  The tick keeps
 * panel_scroll where the content ends. */
void rs_draw_panel(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Snapshot *snap = runner_snapshot(rs->runner);
    if (!has_panel(snap)) {
        ui_text(c, x, y, w, ST_DIM, "...");
        return;
    }
    int scroll = rs->panel_scroll;
    if (scroll <= 0) {
        snap->view->panel(snap->algo_data, c, x, y, w, h);
        return;
    }
    Canvas tall;
    if (canvas_init(&tall, w, h + scroll, c->ascii, NULL) < 0)
        return;
    snap->view->panel(snap->algo_data, &tall, 0, 0, w, h + scroll);
    for (int row = 0; row < h; row++)
        for (int i = 0; i < w; i++) {
            CanvasCell *src = canvas_cell(&tall, i, row + scroll);
            CanvasCell *dst = canvas_cell(c, x + i, y + row);
            if (src && dst)
                *dst = *src;
        }
    canvas_free(&tall);
    ui_printf(c, x + w - 18, y, 18, ST_DIM, "(%d lines down)", scroll);
}
