/* view_bars.c - accuracy and fit time as bars for the compare screen
 * (view_bars.h).  Accuracy bars run from 0 to 1 (the honest scale: the
 * printed value tells the small differences); time bars from 0 to the
 * slowest model's time.  Eighth blocks in Unicode, '#' in ASCII. */
#include "view_bars.h"

#include <math.h>
#include <stdio.h>

#include "tui_ui.h"

/* A bar of t in [0, 1] of w cells at (x, y). */
static void bar(Canvas *c, int x, int y, int w, double t, uint8_t color)
{
    static const uint32_t PART[] = { 0, 0x258F, 0x258E, 0x258D, 0x258C, 0x258B, 0x258A, 0x2589 };
    if (!(t > 0) || w < 1)
        return;
    long eighths = lround((t > 1 ? 1 : t) * w * 8);
    if (c->ascii)
        eighths = (eighths + 4) / 8 * 8;
    int full = (int)(eighths / 8);
    canvas_fill(c, x, y, full, 1, c->ascii ? '#' : 0x2588, color, 0, CANVAS_ATTR_SOLID);
    if (eighths % 8)
        canvas_fill(c, x + full, y, 1, 1, PART[eighths % 8], color, 0, CANVAS_ATTR_SOLID);
}

static double slowest(const BarRow *rows, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++)
        if (!rows[i].failed && isfinite(rows[i].seconds) && rows[i].seconds > m)
            m = rows[i].seconds;
    return m;
}

/* One row's bar and value in w cells: the value right-aligned in vw. */
static void bar_cell(Canvas *c, int x, int y, int w, int vw, double t, const char *value,
                     uint8_t color)
{
    bar(c, x, y, w - vw - 1, t, color);
    ui_printf(c, x + w - vw, y, vw, ST_NORMAL, "%*s", vw, value);
}

static void row_values(const BarRow *r, char *acc, char *secs, int size)
{
    if (isfinite(r->accuracy))
        snprintf(acc, (size_t)size, "%.4f", r->accuracy);
    else
        snprintf(acc, (size_t)size, "-");
    if (isfinite(r->seconds))
        ui_fmt_seconds(secs, size, r->seconds);
    else
        snprintf(secs, (size_t)size, "-");
}

void bars_beside(Canvas *c, int x, int y, int w, const BarRow *rows, int n)
{
    int half = (w - 1) / 2;
    double tmax = slowest(rows, n);
    ui_text(c, x, y, half, ST_HEADING, "accuracy (0 to 1)");
    ui_text(c, x + half + 1, y, w - half - 1, ST_HEADING, "fit time");
    ui_hline(c, x, y + 1, w);
    for (int i = 0; i < n; i++) {
        if (rows[i].failed)
            continue;
        char acc[32], secs[32];
        row_values(&rows[i], acc, secs, sizeof acc);
        bar_cell(c, x, y + 2 + i, half, 6, rows[i].accuracy, acc, rows[i].best ? CANVAS_COLOR_GOOD : 1);
        bar_cell(c, x + half + 1, y + 2 + i, w - half - 1, 8, tmax > 0 ? rows[i].seconds / tmax : 0,
                 secs, 2);
    }
}

/* One model's bar of a chart: accuracy, or time (tmax: the slowest). */
static void chart_bar(Canvas *c, int x, int y, int w, const BarRow *r, bool time, double tmax)
{
    char acc[32], secs[32];
    row_values(r, acc, secs, sizeof acc);
    if (time)
        bar_cell(c, x, y, w, 8, tmax > 0 ? r->seconds / tmax : 0, secs, 2);
    else
        bar_cell(c, x, y, w, 6, r->accuracy, acc, r->best ? CANVAS_COLOR_GOOD : 1);
}

/* One chart: a heading, then "name  bar value" per model; returns rows used. */
static int chart(Canvas *c, int x, int y, int w, int h, const BarRow *rows, int n, bool time)
{
    double tmax = slowest(rows, n);
    int name_w = w / 3 < 18 ? w / 3 : 18;
    ui_text(c, x, y, w, ST_HEADING, time ? "fit time (0 to the slowest)" : "accuracy (0 to 1)");
    int used = 1;
    for (int i = 0; i < n && used < h; i++, used++) {
        ui_text(c, x, y + used, name_w, rows[i].best ? ST_GOOD : ST_NORMAL, rows[i].name);
        if (!rows[i].failed)
            chart_bar(c, x + name_w + 1, y + used, w - name_w - 1, &rows[i], time, tmax);
    }
    return used;
}

void bars_panel(Canvas *c, int x, int y, int w, int h, const BarRow *rows, int n)
{
    if (w >= 2 * BARS_BESIDE_MIN_W + 2) {
        int half = (w - 2) / 2;
        chart(c, x, y, half, h, rows, n, false);
        chart(c, x + half + 2, y, w - half - 2, h, rows, n, true);
        return;
    }
    int used = chart(c, x, y, w, h / 2, rows, n, false);
    chart(c, x, y + used + 1, w, h - used - 1, rows, n, true);
}
