/* tui/view_dataset.c - pictures of a dataset for the Dataset screen
 * (issue 12): per-feature histograms (the chosen feature large, every
 * feature as a line of bars beside its name), the class legend of the
 * scatters, and the scatter helper they share.  The counts come from src
 * (pic_histograms, in the load job); this file only draws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "picture.h"
#include "screen_dataset_internal.h"

int ds_histograms(DatasetScreen *st, Error *err)
{
    int d = st->ds.X.cols;
    st->hist = malloc((size_t)(d ? d : 1) * HIST_BINS * sizeof *st->hist);
    if (!st->hist)
        return error_set(err, ERR_NOMEM, "out of memory");
    pic_histograms(&st->ds.X, st->fmin, st->fmax, HIST_BINS, st->hist);
    return 0;
}

/* ---- drawing ------------------------------------------------------------------------ */

/* The bar glyph for t in [0, 1] on one row: eighths, or ASCII shades. */
static uint32_t bar_glyph(const Canvas *c, double t)
{
    if (!(t > 0))
        return ' ';
    if (c->ascii)
        return canvas_shade(c, t < 0.12 ? 0.12 : t);
    int eighths = (int)ceil(t * 8);
    return 0x2580 + (uint32_t)(eighths > 8 ? 8 : eighths); /* ▁ .. █ */
}

static int max_count(const int *counts, int n)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        m = counts[i] > m ? counts[i] : m;
    return m;
}

static const char *feature_name(const Dataset *ds, int j)
{
    return ds->feature_names && ds->feature_names[j] ? ds->feature_names[j] : "?";
}

/* One feature's bins as one line of bars, `cells` per bin. */
static void hist_line(Canvas *c, int x, int y, const int *counts, int cells)
{
    int m = max_count(counts, HIST_BINS);
    for (int b = 0; b < HIST_BINS; b++)
        canvas_fill(c, x + b * cells, y, cells, 1, bar_glyph(c, m ? (double)counts[b] / m : 0),
                    1, 0, CANVAS_ATTR_SOLID);
}

/* Feature j's bins as columns `rows` tall, with its range under them. */
static void hist_big(const DatasetScreen *st, Canvas *c, int x, int y, int w, int rows, int j)
{
    const int *counts = st->hist + (size_t)j * HIST_BINS;
    int m = max_count(counts, HIST_BINS), cells = w / HIST_BINS > 0 ? w / HIST_BINS : 1;
    for (int b = 0; b < HIST_BINS && m > 0; b++) {
        double height = (double)counts[b] / m * rows; /* in rows */
        for (int r = 0; r < rows; r++) {
            double t = height - (rows - 1 - r);
            canvas_fill(c, x + b * cells, y + r, cells, 1, bar_glyph(c, t > 1 ? 1 : t), 1, 0,
                        CANVAS_ATTR_SOLID);
        }
    }
    char lo[32], hi[32];
    ui_fmt(lo, sizeof lo, st->fmin[j]);
    ui_fmt(hi, sizeof hi, st->fmax[j]);
    ui_text(c, x, y + rows, w, ST_DIM, lo);
    int hw = canvas_text_width(hi);
    ui_text(c, x + HIST_BINS * cells - hw, y + rows, hw, ST_DIM, hi);
    ui_printf(c, x, y - 1, w, ST_HEADING, "%s: %d rows, tallest bin %d",
              feature_name(&st->ds, j), st->ds.X.rows, m);
}

/* One line per feature from feat_top: its name, its bins. */
static void hist_lines(const DatasetScreen *st, Canvas *c, int x, int row, int w, int bottom, int fx)
{
    int cells = w - 2 * HIST_BINS - 1 >= 16 ? 2 : 1; /* per bin */
    int name_w = w - cells * HIST_BINS - 1;
    ui_text(c, x, row - 1, w, ST_DIM, "every feature (\u2191\u2193 scroll, x/X the large one)");
    for (int j = st->feat_top; j < st->ds.X.cols && row < bottom; j++, row++) {
        ui_text(c, x, row, name_w, j == fx ? ST_HIGHLIGHT : ST_NORMAL, feature_name(&st->ds, j));
        hist_line(c, x + (name_w > 0 ? name_w + 1 : 0), row, st->hist + (size_t)j * HIST_BINS,
                  cells);
    }
}

void ds_draw_hist(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Histograms: 24 bins from min to max", false);
    if (!st->hist || st->ds.X.cols < 1 || w < 12 || h < 8)
        return;
    int inner_w = w - 4, big = h >= 20 ? 8 : 4;
    int fx = st->fx >= 0 && st->fx < st->ds.X.cols ? st->fx : 0;
    hist_big(st, c, x + 2, y + 2, inner_w, big, fx);
    hist_lines(st, c, x + 2, y + big + 4, inner_w, y + h - 1, fx);
}

int ds_class_legend(Canvas *c, int x, int y, int w, const Dataset *ds)
{
    int cx = x;
    for (int k = 0; k < ds->n_classes && k < 8 && cx < x + w - 4; k++) {
        CanvasCell *cell = canvas_cell(c, cx, y);
        if (cell) {
            cell->ch = canvas_class_glyph(c, k);
            cell->fg = (uint8_t)(1 + k % CANVAS_COLOR_SERIES_COUNT);
            cell->attr = CANVAS_ATTR_SOLID;
        }
        const char *name = ds->class_names && ds->class_names[k] ? ds->class_names[k] : "?";
        cx += 2;
        cx += ui_text(c, cx, y, x + w - cx, ST_NORMAL, name) + 2;
    }
    if (ds->n_classes > 8 && cx < x + w - 6)
        cx += ui_printf(c, cx, y, x + w - cx, ST_DIM, "(+%d, colours repeat)", ds->n_classes - 8);
    return cx;
}

static void plot_bounds(const float *xs, const float *ys, int n, PlotArea *a)
{
    double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (isfinite(xs[i])) {
            if (xs[i] < x0) x0 = xs[i];
            if (xs[i] > x1) x1 = xs[i];
        }
        if (isfinite(ys[i])) {
            if (ys[i] < y0) y0 = ys[i];
            if (ys[i] > y1) y1 = ys[i];
        }
    }
    if (!(x1 >= x0)) { x0 = 0; x1 = 1; }
    if (!(y1 >= y0)) { y0 = 0; y1 = 1; }
    double mx = (x1 - x0) * 0.04 + (x1 == x0), my = (y1 - y0) * 0.04 + (y1 == y0);
    a->xmin = x0 - mx;
    a->xmax = x1 + mx;
    a->ymin = y0 - my;
    a->ymax = y1 + my;
}

void ds_scatter(const App *app, Canvas *c, PlotArea *a, const float *xs, const float *ys,
                const int *cls, int n)
{
    plot_bounds(xs, ys, n, a);
    canvas_axes(c, a);
    if (!app->color || n <= 150)
        canvas_scatter_glyphs(c, a, xs, ys, cls, n);
    else
        canvas_scatter(c, a, xs, ys, cls, n);
}
