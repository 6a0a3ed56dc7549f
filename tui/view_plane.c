/* tui/view_plane.c - the run screen's plot of data with more than two
 * features (issue 12): the model's decision regions and the rows on a
 * plane through the data, either the first two principal components of
 * the training rows (the default) or two chosen features with every other
 * feature held at its training mean.  The worker projects the rows and
 * predicts the regions by mapping each cell of the plot back to a row
 * (run_plane.c, src/plane.c); this file asks for it, draws it, and says on
 * screen how the picture was made. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "screen_run_internal.h"

/* The plane keeps a PCA's covariance (d x d doubles): wider data is not
 * drawn (text sets of thousands of columns). */
#define PLANE_MAX_D 1024

bool rs_plane_applies(const RunScreen *rs, int d)
{
    AlgoKind k = rs->algo->kind;
    return d > 2 && d <= PLANE_MAX_D && (k == ALGO_CLASSIFIER || k == ALGO_CLUSTERER);
}

void rs_plane_request(const RunScreen *rs, int d, ViewRequest *req)
{
    if (!rs_plane_applies(rs, d))
        return;
    req->plane = rs->plane_features ? RUN_PLANE_FEATURES : RUN_PLANE_PCA;
    req->plane_fx = rs->plane_fx % d;
    req->plane_fy = rs->plane_fy % d;
    if (req->plane_fy == req->plane_fx)
        req->plane_fy = (req->plane_fx + 1) % d;
}

static const char *feature_name(const Dataset *d, int j)
{
    return d->feature_names && d->feature_names[j] ? d->feature_names[j] : "?";
}

/* The next feature after *f (by dir) that is not `other`. */
static void next_feature(int *f, int other, int dir, int d)
{
    do
        *f = ((*f + dir) % d + d) % d;
    while (*f == other);
}

bool rs_plane_key(RunScreen *rs, App *app, int key)
{
    int d = 0;
    if (rs->runner_on) {
        runner_lock(rs->runner);
        d = rs->runner->inst ? rs->runner->inst->session.train->X.cols : rs->runner->train->X.cols;
        runner_unlock(rs->runner);
    }
    if (!rs_plane_applies(rs, d)) {
        app_message(app, "p f F choose the plot's axes for data of more than two features");
        return true;
    }
    ViewRequest req = { 0 };
    rs_plane_request(rs, d, &req); /* the axes in force (fy fixed up) */
    rs->plane_fx = req.plane_fx;
    rs->plane_fy = req.plane_fy;
    if (key == 'p')
        rs->plane_features = !rs->plane_features;
    else if (!rs->plane_features)
        rs->plane_features = true; /* f, F from PCA: the current features first */
    else if (key == 'f')
        next_feature(&rs->plane_fx, rs->plane_fy, 1, d);
    else
        next_feature(&rs->plane_fy, rs->plane_fx, 1, d);
    rs->view = V_PLANE;
    return true;
}

/* ---- drawing --------------------------------------------------------------------------- */

/* The snapshot made for this plane and this grid, or NULL. */
static const Snapshot *plane_snapshot(const RunScreen *rs, const PlotArea *a)
{
    const Snapshot *snap = runner_snapshot(rs->runner);
    if (!snap || !snap->plane_xy || snap->req.plane == RUN_PLANE_NONE)
        return NULL;
    ViewRequest want = { 0 };
    rs_plane_request(rs, rs->runner->inst->session.train->X.cols, &want);
    if (snap->req.plane != want.plane || snap->req.grid_w != a->w || snap->req.grid_h != a->h)
        return NULL;
    if (want.plane == RUN_PLANE_FEATURES &&
        (snap->req.plane_fx != want.plane_fx || snap->req.plane_fy != want.plane_fy))
        return NULL;
    return snap;
}

/* How the picture was made, on the plot's first rows. */
static void plane_note(const RunScreen *rs, const Snapshot *snap, Canvas *c, const PlotArea *a)
{
    const Dataset *train = rs->runner->inst->session.train;
    int d = train->X.cols;
    char note[320];
    if (snap->req.plane == RUN_PLANE_PCA)
        snprintf(note, sizeof note,
                 "PCA plane: PC1 (x), PC2 (y) keep %.0f%% of the variance; the model is "
                 "evaluated at mean + x PC1 + y PC2 (f: two features)",
                 100 * snap->plane_explained);
    else
        snprintf(note, sizeof note,
                 "%s (x) and %s (y); the other %d features held at their training means "
                 "(f F: next x, y; p: PCA)",
                 feature_name(train, snap->req.plane_fx), feature_name(train, snap->req.plane_fy),
                 d - 2);
    ui_text_wrapped(c, a->x + 1, a->y, a->w - 2, 2, ST_DIM, note);
}

/* The misclassified test rows (a result with truth) crossed; how many. */
static int plane_misclassified(const RunScreen *rs, const Snapshot *snap, Canvas *c,
                               const PlotArea *a)
{
    const RunResult *res = &rs->runner->result;
    if (!rs_labelled_result(rs->runner))
        return 0;
    int n = res->test_rows < snap->plane_test ? res->test_rows : snap->plane_test, wrong = 0;
    const float *xy = snap->plane_xy + 2 * (size_t)snap->plane_train;
    for (int i = 0; i < n; i++)
        if (res->y_pred[i] != res->y_true[i]) {
            canvas_marker(c, a, xy[2 * i], xy[2 * i + 1], c->ascii ? 'X' : 0x2715, CANVAS_COLOR_BAD);
            wrong++;
        }
    return wrong;
}

static void plane_points(const App *app, const Snapshot *snap, Canvas *c, const PlotArea *a)
{
    int n = snap->plane_train;
    float *xs = malloc((size_t)(n ? n : 1) * sizeof *xs), *ys = malloc((size_t)(n ? n : 1) * sizeof *ys);
    if (xs && ys) {
        for (int i = 0; i < n; i++) {
            xs[i] = snap->plane_xy[2 * i];
            ys[i] = snap->plane_xy[2 * i + 1];
        }
        bool glyphs = !app->color || n <= 150;
        (glyphs ? canvas_scatter_glyphs : canvas_scatter)(c, a, xs, ys, snap->plane_class, n);
    }
    free(xs);
    free(ys);
}

/* The legend: the classes, the crosses. */
static void plane_legend(const RunScreen *rs, Canvas *c, int x, int y, int w, int wrong)
{
    const Dataset *d = rs->runner->inst->session.train;
    int cx = x;
    for (int k = 0; k < d->n_classes && k < 8 && cx < x + w - 4; k++) {
        CanvasCell *cell = canvas_cell(c, cx, y);
        if (cell) {
            cell->ch = canvas_class_glyph(c, k);
            cell->fg = (uint8_t)(1 + k % CANVAS_COLOR_SERIES_COUNT);
            cell->attr = CANVAS_ATTR_SOLID;
        }
        cx += 2 + ui_text(c, cx + 2, y, x + w - cx - 2, ST_NORMAL,
                          d->class_names && d->class_names[k] ? d->class_names[k] : "?") + 2;
    }
    if (wrong > 0 && cx < x + w - 12) {
        canvas_fill(c, cx, y, 1, 1, c->ascii ? 'X' : 0x2715, CANVAS_COLOR_BAD, 0, CANVAS_ATTR_SOLID);
        ui_printf(c, cx + 2, y, x + w - cx - 2, ST_NORMAL, "misclassified test rows (%d)", wrong);
    }
}

void rs_draw_plane(const RunScreen *rs, const App *app, Canvas *c, int x, int y, int w, int h)
{
    PlotArea a = rs_plot_area(rs, x, y, w, h);
    if (a.w < 4 || a.h < 3)
        return;
    const Snapshot *snap = plane_snapshot(rs, &a);
    if (!snap) {
        ui_printf(c, x + 2, y + 1, w - 4, ST_DIM, "%s projecting the rows on the plot's plane...",
                  ui_spinner(c));
        return;
    }
    a.xmin = snap->plane_xmin;
    a.xmax = snap->plane_xmax;
    a.ymin = snap->plane_ymin;
    a.ymax = snap->plane_ymax;
    if (snap->region)
        canvas_regions(c, &a, snap->region, a.w, a.h);
    canvas_axes(c, &a);
    plane_points(app, snap, c, &a);
    int wrong = plane_misclassified(rs, snap, c, &a);
    plane_note(rs, snap, c, &a);
    plane_legend(rs, c, x + 1, y + h - 1, w - 2, wrong);
}
