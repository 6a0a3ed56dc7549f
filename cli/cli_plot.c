/* cli_plot.c - `mllab run --plot`: text plots after the report, drawn with
 * the TUI's canvas (src/canvas.h: braille dots, or plain ASCII marks under
 * --ascii or a non-UTF-8 locale) and printed without colours.
 *
 * What is drawn, when it applies:
 *   - the training curve: the loss (or inertia, or errors) of each step,
 *     from the step events;
 *   - a classifier on two features: its decision regions, one faint glyph
 *     per class, under the training points, one glyph per class;
 *   - a regressor on one feature: the fitted curve over the training points;
 *   - a binary classifier with scores: the ROC curve of the test part;
 *   - a clusterer: the training points by cluster (on the first two
 *     features) and, for k-means, the centroids.
 * Every figure is as wide as the text (cli_width(), 80 when there is no
 * limit) and PLOT_ROWS rows high, with a title line above and a legend
 * below. */
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canvas.h"
#include "kmeans.h"

#define PLOT_ROWS 14
#define PLOT_DEFAULT_WIDTH 80
#define PLOT_MAX_WIDTH 160
#define PLOT_MAX_POINTS 4000 /* training points drawn at most (an even sample) */
#define PLOT_LEFT 9          /* the y labels' columns, then the axis */

/* One figure: a canvas with a title row, the plot area, the x axis and a
 * legend row. */
typedef struct Figure {
    Canvas c;
    PlotArea a;
} Figure;

static int figure_open(Figure *f, const char *title, Error *err)
{
    int w = cli_width();
    w = w <= 0 ? PLOT_DEFAULT_WIDTH : w > PLOT_MAX_WIDTH ? PLOT_MAX_WIDTH : w;
    if (canvas_init(&f->c, w, PLOT_ROWS + 3, cli_ascii(), err) < 0)
        return -1;
    canvas_text_ex(&f->c, 0, 0, title, w, CANVAS_COLOR_TITLE, 0, 0);
    f->a = (PlotArea){ .x = PLOT_LEFT, .y = 1, .w = w - PLOT_LEFT - 1, .h = PLOT_ROWS };
    return 0;
}

/* Axes, the legend, and the figure into out. */
static void figure_close(Figure *f, const char *legend, StrBuf *out)
{
    canvas_axes(&f->c, &f->a);
    if (legend)
        canvas_text_ex(&f->c, 0, f->c.h - 1, legend, f->c.w, 0, 0, 0);
    sb_append(out, "\n");
    canvas_render_utf8(&f->c, out);
    canvas_free(&f->c);
}

/* The range of v[0..n) with a margin, never below floor (NAN: none). */
static void value_range(const double *v, int n, double floor_at, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (isfinite(v[i])) {
            *lo = v[i] < *lo ? v[i] : *lo;
            *hi = v[i] > *hi ? v[i] : *hi;
        }
    }
    double pad = *hi > *lo ? (*hi - *lo) * 0.05 : fabs(*hi) * 0.1 + 1e-3;
    *lo -= pad;
    *hi += pad;
    if (!isnan(floor_at) && *lo < floor_at)
        *lo = floor_at;
}

/* ---------------------------------------------------------------- the curve */

static const char *const curve_keys[] = { "loss", "train_loss", "inertia", "errors", "mse",
                                          NULL };

/* The first key of curve_keys that the step events carry, or NULL. */
static const char *curve_key(const Trace *t)
{
    for (const char *const *k = curve_keys; *k; k++)
        for (int i = 0; i < t->count; i++)
            if (t->events[i].kind == TRACE_STEP && isfinite(trace_event_get(&t->events[i], *k)))
                return *k;
    return NULL;
}

/* The steps' values of key into xs, ys (room for 2 * t->count); their
 * number.  A new "run" (k-means' restarts) starts after a NaN, so the line
 * breaks there; *runs counts them.  *tag: the steps' name ("epoch"). */
static int curve_points(const Trace *t, const char *key, double *xs, double *ys,
                        const char **tag, int *runs)
{
    int n = 0;
    double run = NAN;
    *tag = "step";
    *runs = 1;
    for (int i = 0; i < t->count; i++) {
        const TraceEvent *ev = &t->events[i];
        double v = ev->kind == TRACE_STEP ? trace_event_get(ev, key) : NAN;
        if (!isfinite(v))
            continue;
        double r = trace_event_get(ev, "run");
        if (n > 0 && isfinite(r) && r != run) {
            xs[n] = ev->step - 0.5; /* the boundary */
            ys[n++] = NAN;
            (*runs)++;
        }
        run = r;
        xs[n] = ev->step;
        ys[n++] = v;
        *tag = ev->tag[0] ? ev->tag : *tag;
    }
    return n;
}

/* Dotted vertical lines where the line breaks (between runs). */
static void mark_runs(Figure *f, const double *xs, const double *ys, int n)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; isnan(ys[i]) && k <= 4 * f->a.h; k += 2)
            canvas_point(&f->c, &f->a, xs[i],
                         f->a.ymin + (f->a.ymax - f->a.ymin) * k / (4.0 * f->a.h),
                         CANVAS_COLOR_DIM);
}

/* The training curve: key by step (never below 0: losses, inertia and
 * errors are not negative). */
static int plot_curve(StrBuf *out, const Trace *t, Error *err)
{
    const char *key = t ? curve_key(t) : NULL;
    if (!key)
        return 0;
    double *xs = malloc((size_t)t->count * 4 * sizeof *xs);
    if (!xs)
        return error_set(err, ERR_NOMEM, "out of memory for the plot");
    double *ys = xs + 2 * t->count;
    const char *tag;
    int runs, n = curve_points(t, key, xs, ys, &tag, &runs);
    Figure f;
    char title[160];
    int len = snprintf(title, sizeof title, "Training %s per %s (%d %ss)", key, tag,
                       n - (runs - 1), tag);
    if (runs > 1)
        snprintf(title + len - 1, sizeof title - (size_t)len + 1,
                 " in %d runs, dotted lines between them)", runs);
    int rc = n >= 2 ? figure_open(&f, title, err) : 0;
    if (n >= 2 && rc == 0) {
        value_range(ys, n, 0.0, &f.a.ymin, &f.a.ymax);
        f.a.xmin = xs[0];
        f.a.xmax = xs[n - 1] > xs[0] ? xs[n - 1] : xs[0] + 1;
        mark_runs(&f, xs, ys, n);
        canvas_polyline(&f.c, &f.a, xs, ys, n, 1);
        figure_close(&f, NULL, out);
    }
    free(xs);
    return rc;
}

/* ---------------------------------------------------------------- points */

/* Columns fx and fy of an even sample of the rows of X (at most
 * PLOT_MAX_POINTS), and their labels when labels is not NULL. */
typedef struct Points {
    float *x, *y;
    int *label;
    int n;
} Points;

static int points_take(Points *p, const Mat *X, const int *labels, Error *err)
{
    int n = X->rows < PLOT_MAX_POINTS ? X->rows : PLOT_MAX_POINTS;
    p->x = malloc((size_t)(n ? n : 1) * 2 * sizeof *p->x);
    p->label = malloc((size_t)(n ? n : 1) * sizeof *p->label);
    if (!p->x || !p->label) {
        free(p->x);
        free(p->label);
        return error_set(err, ERR_NOMEM, "out of memory for the plot");
    }
    p->y = p->x + n;
    for (int i = 0; i < n; i++) {
        int row = (int)((long)i * X->rows / n);
        p->x[i] = MAT_AT(X, row, 0);
        p->y[i] = X->cols > 1 ? MAT_AT(X, row, 1) : 0;
        p->label[i] = labels ? labels[row] : 0;
    }
    p->n = n;
    return 0;
}

static void points_free(Points *p)
{
    free(p->x);
    free(p->label);
}

/* The plot area's ranges around the points (v: the y values instead of
 * p->y, for a curve). */
static void points_range(PlotArea *a, const Points *p, const float *v)
{
    double *d = calloc((size_t)(p->n ? p->n : 1), sizeof *d);
    if (!d)
        return;
    for (int i = 0; i < p->n; i++)
        d[i] = p->x[i];
    value_range(d, p->n, NAN, &a->xmin, &a->xmax);
    for (int i = 0; i < p->n; i++)
        d[i] = v ? v[i] : p->y[i];
    value_range(d, p->n, NAN, &a->ymin, &a->ymax);
    free(d);
}

/* ---------------------------------------------------------------- regions */

/* The glyph that shades class k's region (faint: the points stand out). */
static uint32_t region_glyph(int k)
{
    static const char glyphs[] = ".:-~=^'`";
    return k < 0 ? ' ' : (uint32_t)glyphs[k % 8];
}

/* The model's class at the centre of every cell of the area, as glyphs. */
static int paint_regions(Figure *f, const Session *s, Error *err)
{
    const PlotArea *a = &f->a;
    Mat grid;
    int cells = a->w * a->h;
    int *labels = malloc((size_t)cells * sizeof *labels);
    if (!labels || mat_alloc(&grid, cells, 2, err) < 0) {
        free(labels);
        return labels ? -1 : error_set(err, ERR_NOMEM, "out of memory for the plot");
    }
    for (int cy = 0; cy < a->h; cy++)
        for (int cx = 0; cx < a->w; cx++) {
            double x, y;
            canvas_cell_center(a, cx, cy, &x, &y);
            MAT_AT(&grid, cy * a->w + cx, 0) = (float)x;
            MAT_AT(&grid, cy * a->w + cx, 1) = (float)y;
        }
    int rc = s->algo->predict(s->model, &grid, labels, NULL, err);
    for (int i = 0; rc == 0 && i < cells; i++) {
        CanvasCell *cell = canvas_cell(&f->c, a->x + i % a->w, a->y + i / a->w);
        if (cell)
            cell->ch = region_glyph(labels[i]);
    }
    mat_free(&grid);
    free(labels);
    return rc;
}

/* " . benign : malignant": each class's glyph (region or point) and name. */
static size_t class_glyphs(char *buf, size_t size, const Canvas *c, const Dataset *d,
                           bool regions)
{
    size_t used = 0;
    char num[16];
    StrBuf g = STRBUF_INIT;
    for (int k = 0; k < d->n_classes && used < size; k++) {
        snprintf(num, sizeof num, "%d", k);
        const char *name = d->class_names && d->class_names[k] ? d->class_names[k] : num;
        sb_reset(&g);
        canvas_put_utf8(&g, regions ? region_glyph(k) : canvas_class_glyph(c, k));
        used += (size_t)snprintf(buf + used, size - used, " %s %s", sb_str(&g), name);
    }
    sb_free(&g);
    return used < size ? used : size - 1;
}

/* "regions . benign : malignant   points o benign x malignant" */
static void class_legend(char *buf, size_t size, const Canvas *c, const Dataset *d)
{
    size_t used = (size_t)snprintf(buf, size, "regions");
    used += class_glyphs(buf + used, size - used, c, d, true);
    used += (size_t)snprintf(buf + used, size - used, "   points");
    if (used < size)
        class_glyphs(buf + used, size - used, c, d, false);
}

/* A classifier on two features: its regions under the training points. */
static int plot_regions(StrBuf *out, const Session *s, Error *err)
{
    const Dataset *d = s->train;
    Points p;
    if (points_take(&p, &d->X, d->y, err) < 0)
        return -1;
    Figure f;
    char title[160], legend[512];
    snprintf(title, sizeof title, "Decision regions of %s (x: %s, y: %s; training points)",
             s->algo->name, d->feature_names ? d->feature_names[0] : "feature 1",
             d->feature_names ? d->feature_names[1] : "feature 2");
    int rc = figure_open(&f, title, err);
    if (rc == 0) {
        points_range(&f.a, &p, NULL);
        rc = paint_regions(&f, s, err);
        canvas_scatter_glyphs(&f.c, &f.a, p.x, p.y, p.label, p.n);
        class_legend(legend, sizeof legend, &f.c, d);
        figure_close(&f, legend, out);
    }
    points_free(&p);
    return rc;
}

/* ---------------------------------------------------------------- fitted curve */

/* The model's predictions at n evenly spaced x over the area, as doubles. */
static int predict_line(const Session *s, const PlotArea *a, int n, double *xs, double *ys,
                        Error *err)
{
    Mat grid;
    float *pred = malloc((size_t)n * sizeof *pred);
    if (!pred || mat_alloc(&grid, n, 1, err) < 0) {
        free(pred);
        return pred ? -1 : error_set(err, ERR_NOMEM, "out of memory for the plot");
    }
    for (int i = 0; i < n; i++) {
        xs[i] = a->xmin + (a->xmax - a->xmin) * i / (n - 1);
        grid.data[i] = (float)xs[i];
    }
    int rc = s->algo->predict(s->model, &grid, NULL, pred, err);
    for (int i = 0; rc == 0 && i < n; i++)
        ys[i] = pred[i];
    mat_free(&grid);
    free(pred);
    return rc;
}

/* A regressor on one feature: its predictions over the feature's range. */
static int plot_fit(StrBuf *out, const Session *s, Error *err)
{
    const Dataset *d = s->train;
    Points p;
    if (points_take(&p, &d->X, NULL, err) < 0)
        return -1;
    for (int i = 0; i < p.n; i++)
        p.y[i] = d->target[(long)i * d->X.rows / p.n];
    Figure f;
    char title[160];
    snprintf(title, sizeof title, "Fitted curve of %s over the training points (x: %s)",
             s->algo->name, d->feature_names ? d->feature_names[0] : "feature 1");
    int rc = figure_open(&f, title, err);
    if (rc == 0) {
        int n = f.a.w * 2;
        double *xs = malloc((size_t)n * 2 * sizeof *xs);
        points_range(&f.a, &p, NULL);
        rc = xs ? predict_line(s, &f.a, n, xs, xs + n, err)
                : error_set(err, ERR_NOMEM, "out of memory for the plot");
        canvas_scatter_glyphs(&f.c, &f.a, p.x, p.y, NULL, p.n);
        if (rc == 0)
            canvas_polyline(&f.c, &f.a, xs, xs + n, n, 1);
        free(xs);
        figure_close(&f, cli_ascii() ? "o training points   * the model's predictions"
                                     : "● training points   ⠒ the model's predictions", out);
    }
    points_free(&p);
    return rc;
}

/* ---------------------------------------------------------------- ROC */

/* A binary classifier's ROC curve on the test part. */
static int plot_roc(StrBuf *out, const RunResult *r, Error *err)
{
    int n = r->test_rows;
    float *score = malloc((size_t)(n ? n : 1) * sizeof *score);
    if (!score)
        return error_set(err, ERR_NOMEM, "out of memory for the plot");
    for (int i = 0; i < n; i++)
        score[i] = r->scores[(size_t)i * 2 + 1];
    RocCurve roc;
    Error quiet = { 0 }; /* one class absent from the test part: no curve, no error */
    int rc = metrics_roc(score, r->y_true, n, &roc, &quiet);
    free(score);
    if (rc < 0)
        return 0;
    Figure f;
    char title[96];
    snprintf(title, sizeof title, "ROC curve on the test part (AUC %.4f)", roc.auc);
    rc = figure_open(&f, title, err);
    if (rc == 0) {
        f.a = (PlotArea){ f.a.x, f.a.y, f.a.w, f.a.h, 0, 1, 0, 1 };
        for (int i = 0; i <= 40; i++) /* the diagonal, dotted */
            canvas_point(&f.c, &f.a, i / 40.0, i / 40.0, CANVAS_COLOR_DIM);
        canvas_polyline(&f.c, &f.a, roc.fpr, roc.tpr, roc.n, 1);
        figure_close(&f, "x: false positive rate   y: true positive rate   "
                         "(the diagonal: guessing)", out);
    }
    roc_free(&roc);
    return rc;
}

/* ---------------------------------------------------------------- clusters */

/* k-means' centroids as markers (on the first two features): drawn? */
static bool draw_centroids(Figure *f, const Session *s)
{
    if (strcmp(s->algo->name, "kmeans") != 0)
        return false;
    const float *cent = kmeans_centroids(s->model);
    int k = kmeans_k(s->model), dim = kmeans_dim(s->model);
    if (!cent || dim < 2)
        return false;
    for (int j = 0; j < k; j++)
        canvas_marker(&f->c, &f->a, cent[(size_t)j * (size_t)dim],
                      cent[(size_t)j * (size_t)dim + 1], 0x2716, CANVAS_COLOR_HIGHLIGHT);
    return true;
}

/* A clusterer: the training points by cluster and, for k-means, the
 * centroids (on the first two features). */
static int plot_clusters(StrBuf *out, const Session *s, Error *err)
{
    const Dataset *d = s->train;
    int *cluster = malloc((size_t)(d->X.rows ? d->X.rows : 1) * sizeof *cluster);
    if (!cluster)
        return error_set(err, ERR_NOMEM, "out of memory for the plot");
    Points p = { 0 };
    int rc = s->algo->predict(s->model, &d->X, cluster, NULL, err);
    if (rc == 0)
        rc = points_take(&p, &d->X, cluster, err);
    free(cluster);
    if (rc < 0)
        return -1;
    Figure f;
    char title[160];
    snprintf(title, sizeof title, "Clusters of %s on the training points (x: %s, y: %s)",
             s->algo->name, d->feature_names ? d->feature_names[0] : "feature 1",
             d->feature_names ? d->feature_names[1] : "feature 2");
    rc = figure_open(&f, title, err);
    if (rc == 0) {
        points_range(&f.a, &p, NULL);
        canvas_scatter_glyphs(&f.c, &f.a, p.x, p.y, p.label, p.n);
        bool marked = draw_centroids(&f, s);
        figure_close(&f, marked ? (cli_ascii() ? "one glyph per cluster; X a centroid"
                                               : "one glyph per cluster; ✖ a centroid")
                                : "one glyph per cluster", out);
    }
    points_free(&p);
    return rc;
}

/* ---------------------------------------------------------------- all */

bool cli_plot_wanted(int plot)
{
    return plot == 1 || (plot < 0 && isatty(STDOUT_FILENO));
}

/* What applies to this session: regions on two features, a curve on one,
 * ROC with two scored classes, clusters on two or more features. */
static bool wants_regions(const Session *s)
{
    return s->algo->kind == ALGO_CLASSIFIER && s->train->X.cols == 2 && s->train->y;
}

static bool wants_fit(const Session *s)
{
    return s->algo->kind == ALGO_REGRESSOR && s->train->X.cols == 1 && s->train->target;
}

static bool wants_roc(const Session *s, const RunResult *r)
{
    return s->algo->kind == ALGO_CLASSIFIER && r->n_classes == 2 && r->scores &&
           r->has_truth && r->y_true;
}

static bool wants_clusters(const Session *s)
{
    return s->algo->kind == ALGO_CLUSTERER && s->train->X.cols >= 2;
}

int cli_plot_run(StrBuf *out, const Session *s, const RunResult *r, const Trace *trace,
                 Error *err)
{
    int rc = plot_curve(out, trace, err);
    if (rc == 0 && wants_regions(s))
        rc = plot_regions(out, s, err);
    if (rc == 0 && wants_fit(s))
        rc = plot_fit(out, s, err);
    if (rc == 0 && wants_roc(s, r))
        rc = plot_roc(out, r, err);
    if (rc == 0 && wants_clusters(s))
        rc = plot_clusters(out, s, err);
    return rc;
}
