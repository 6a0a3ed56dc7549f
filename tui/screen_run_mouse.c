/* tui/screen_run_mouse.c - the Run screen's mouse (issue 12): a click on a
 * tab shows its view; a click on the plot of a k-NN model on 2-D data picks
 * the test point nearest to it as the query; a click on the ROC curve sets
 * the threshold of the nearest point of the curve; the wheel scrolls the
 * log, the panel and the errors page, or moves in the parameters on the
 * left.  The geometry is the draw's (rs_view_rect, rs_plot_area, the tabs'
 * labels), computed again here. */
#include <math.h>
#include <string.h>

#include "screen_run_internal.h"
#include "tui_mouse.h"

/* The view whose tab is at column mx of the tabs row that starts at x
 * (draw_tabs in screen_run.c writes " N name " and a space), or -1. */
static int tab_at(const RunScreen *rs, int x, int mx)
{
    int cx = x + 1, k = 1;
    for (int v = 0; v < V_COUNT; v++) {
        if (!rs_view_applies(rs, v))
            continue;
        char label[48];
        snprintf(label, sizeof label, " %d %s ", k++, rs_view_name(rs, v));
        int lw = canvas_text_width(label);
        if (mx >= cx && mx < cx + lw)
            return v;
        cx += lw + 1;
    }
    return -1;
}

/* The data point under the pointer in plot area a; false outside it. */
static bool plot_point(const App *app, const PlotArea *a, double *px, double *py)
{
    if (!mouse_in(app, a->x, a->y, a->w, a->h) || a->w <= 0 || a->h <= 0)
        return false;
    *px = a->xmin + (app->mouse_x - a->x + 0.5) / a->w * (a->xmax - a->xmin);
    *py = a->ymax - (app->mouse_y - a->y + 0.5) / a->h * (a->ymax - a->ymin);
    return true;
}

/* k-NN on 2-D data: the test row nearest to (px, py) becomes the query. */
static bool pick_query(RunScreen *rs, double px, double py)
{
    const RunInstance *inst = rs->runner->inst;
    const Dataset *test = inst ? inst->session.test : NULL;
    if (strcmp(rs->algo->name, "knn") != 0 || !test || test->X.cols != 2 || test->X.rows == 0)
        return false;
    double sx = rs->bounds.xmax - rs->bounds.xmin, sy = rs->bounds.ymax - rs->bounds.ymin;
    sx = sx > 0 ? sx : 1;
    sy = sy > 0 ? sy : 1;
    int best = 0;
    double best_d = INFINITY;
    for (int i = 0; i < test->X.rows; i++) {
        double dx = (mat_get(&test->X, i, 0) - px) / sx, dy = (mat_get(&test->X, i, 1) - py) / sy;
        double d = dx * dx + dy * dy;
        if (d < best_d)
            best_d = d, best = i;
    }
    rs->query = best;
    return true;
}

/* The point of the ROC curve nearest (fx, fy). */
static int nearest_roc_point(const RocCurve *roc, double fx, double fy)
{
    int best = 0;
    double best_d = INFINITY;
    for (int i = 0; i < roc->n; i++) {
        double dx = roc->fpr[i] - fx, dy = roc->tpr[i] - fy, d = dx * dx + dy * dy;
        if (d < best_d)
            best_d = d, best = i;
    }
    return best;
}

/* The slider's position (0..1) for score threshold t: t itself for
 * probabilities, else its place between the lowest and highest score (as
 * slider_threshold in screen_run_results.c reads it back). */
static double slider_of(const RunScreen *rs, double t)
{
    bool probs = rs->algo->scores_are_probs || !(rs->score_hi > rs->score_lo);
    double s = probs ? t : (t - rs->score_lo) / (rs->score_hi - rs->score_lo);
    return isnan(s) || s > 1 ? 1 : s < 0 ? 0 : s; /* +inf: the (0,0) corner */
}

/* The ROC view: the threshold of the curve's point nearest the pointer. */
static bool pick_threshold(RunScreen *rs, const App *app, int vx, int vy, int vw, int vh)
{
    if (!rs->roc_ready || rs->roc.n < 2)
        return false;
    int pw = vw / 2 < vh * 2 + 10 ? vw / 2 : vh * 2 + 10;
    PlotArea a = { vx + 8, vy + 1, pw - 9, vh - 4, 0, 1, 0, 1 }; /* as rs_draw_roc */
    double fx, fy;
    if (!plot_point(app, &a, &fx, &fy))
        return false;
    rs->threshold = slider_of(rs, rs->roc.threshold[nearest_roc_point(&rs->roc, fx, fy)]);
    return true;
}

/* A click in the views' rectangle (lock held). */
static void click_view(RunScreen *rs, const App *app, int vx, int vy, int vw, int vh)
{
    double px, py;
    if (rs->view == V_ROC) {
        pick_threshold(rs, app, vx, vy, vw, vh);
        return;
    }
    PlotArea a = rs_plot_area(rs, vx, vy, vw, vh);
    if (rs->view == V_PLOT && rs->bounds_valid && plot_point(app, &a, &px, &py))
        pick_query(rs, px, py);
}

/* The wheel over the views: scroll what the view scrolls (the tick clamps). */
static void wheel_view(RunScreen *rs, int key)
{
    int d = key == TK_WHEEL_UP ? -MOUSE_WHEEL_LINES : MOUSE_WHEEL_LINES;
    if (rs->view == V_PANEL)
        rs->panel_scroll += d;
    else if (rs->view == V_LOG)
        rs->log_back -= d; /* the log counts back from the newest line */
    else if (rs->view == V_ERRORS)
        rs->errors_first += d > 0 ? 12 : -12;
}

bool rs_key_mouse(Screen *s, App *app, int key)
{
    RunScreen *rs = (RunScreen *)s;
    int x, y, w, h, vx, vy, vw, vh;
    app_body(app, &x, &y, &w, &h);
    rs_view_rect(x, y, w, h, &vx, &vy, &vw, &vh);
    if (!mouse_in(app, vx, y + 1, vw, h - 1)) /* the form and facts on the left */
        return key == TK_CLICK || form_key_move(s, app, key == TK_WHEEL_UP ? TK_UP : TK_DOWN);
    if (!rs->runner_on)
        return true;
    runner_lock(rs->runner);
    if (key != TK_CLICK) {
        wheel_view(rs, key);
    } else if (app->mouse_y == y + 1) {
        int v = tab_at(rs, vx, app->mouse_x);
        if (v >= 0)
            rs->view = v;
    } else {
        click_view(rs, app, vx, vy, vw, vh);
    }
    runner_unlock(rs->runner);
    return true;
}
