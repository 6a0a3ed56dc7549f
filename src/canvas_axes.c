/* canvas_axes.c - the axes of a canvas plot area (see canvas.h): the frame
 * on the left and at the bottom, tick labels at both ends and the middle
 * (compact numbers, whole numbers for step axes), and the padding of a data
 * range that keeps it inside the quantity's domain (a loss never below 0). */
#include "canvas.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- axes ---------------------------------------------------------------- */

/* "3.0e+05" -> "3.0e5", "-1.2e-04" -> "-1.2e-4": the exponent without its
 * '+' and leading zeros. */
static void compact_exponent(char *buf)
{
    char *e = strchr(buf, 'e');
    if (!e)
        return;
    char *src = e + 1, *dst = e + 1;
    if (*src == '-')
        *dst++ = *src++;
    else if (*src == '+')
        src++;
    while (*src == '0' && src[1])
        src++;
    memmove(dst, src, strlen(src) + 1);
}

/* A short label for a tick value (at most 7 characters).  Never cut a
 * number: 3010 with "%.3g" is "3.01e+03", whose first 7 characters read as
 * 3.01. */
static void format_tick(char *buf, size_t size, double v)
{
    double av = fabs(v);
    if (v == 0) {
        snprintf(buf, size, "0");
    } else if (av >= 1e5 || av < 1e-3 || !isfinite(v)) {
        snprintf(buf, size, "%.1e", v);
        compact_exponent(buf);
        if (strlen(buf) > 7) {
            snprintf(buf, size, "%.0e", v);
            compact_exponent(buf);
        }
    } else if (av >= 1e3) {
        snprintf(buf, size, "%.0f", v);
    } else {
        snprintf(buf, size, "%.3g", v);
    }
    if (strlen(buf) > 7)
        buf[7] = '\0';
}

/* The x labels written into the axis line (row bottom): left, middle,
 * right.  With whole x values (steps) the middle one is a whole number too,
 * drawn where it falls (never "11.5"). */
static void x_labels(Canvas *c, const PlotArea *a, int bottom, bool whole)
{
    char buf[32], rbuf[32], mbuf[32];
    format_tick(buf, sizeof buf, a->xmin);
    int lw = (int)strlen(buf);
    canvas_text(c, a->x, bottom, buf, CANVAS_COLOR_AXIS);
    format_tick(rbuf, sizeof rbuf, a->xmax);
    int rw = (int)strlen(rbuf);
    if (a->w >= lw + rw + 2)
        canvas_text(c, a->x + a->w - rw, bottom, rbuf, CANVAS_COLOR_AXIS);
    double mid = (a->xmin + a->xmax) / 2, span = a->xmax - a->xmin;
    if (whole)
        mid = floor(mid);
    format_tick(mbuf, sizeof mbuf, mid);
    int mw = (int)strlen(mbuf);
    int at = whole && span > 0 ? (int)lround((mid - a->xmin) / span * (a->w - 1)) : a->w / 2;
    int mx = a->x + at - mw / 2;
    if (mx > a->x + lw + 1 && mx + mw < a->x + a->w - rw - 1)
        canvas_text(c, mx, bottom, mbuf, CANVAS_COLOR_AXIS);
}

static void axes(Canvas *c, const PlotArea *a, bool whole)
{
    uint32_t vbar = c->ascii ? '|' : 0x2502, hbar = c->ascii ? '-' : 0x2500,
             corner = c->ascii ? '+' : 0x2514;
    int left = a->x - 1, bottom = a->y + a->h;
    for (int y = a->y; y < bottom; y++) {
        CanvasCell *cell = canvas_cell(c, left, y);
        if (cell) {
            canvas_cell_clear(cell);
            cell->ch = vbar;
            cell->fg = CANVAS_COLOR_AXIS;
            cell->attr = CANVAS_ATTR_SOLID;
        }
    }
    for (int x = left; x < a->x + a->w; x++) {
        CanvasCell *cell = canvas_cell(c, x, bottom);
        if (cell) {
            canvas_cell_clear(cell);
            cell->ch = x == left ? corner : hbar;
            cell->fg = CANVAS_COLOR_AXIS;
            cell->attr = CANVAS_ATTR_SOLID;
        }
    }
    char buf[32];
    /* y labels: top, middle (when there is room) and bottom rows. */
    int rows[3] = { a->y, a->y + a->h / 2, a->y + a->h - 1 };
    double vals[3] = { a->ymax, (a->ymin + a->ymax) / 2, a->ymin };
    for (int i = 0; i < 3; i++) {
        if (i == 1 && a->h < 5)
            continue;
        if (i == 2 && a->h < 2)
            continue;
        format_tick(buf, sizeof buf, vals[i]);
        int len = (int)strlen(buf);
        canvas_text(c, left - len, rows[i], buf, CANVAS_COLOR_AXIS);
    }
    x_labels(c, a, bottom, whole);
}

void canvas_axes(Canvas *c, const PlotArea *a) { axes(c, a, false); }
void canvas_axes_whole_x(Canvas *c, const PlotArea *a) { axes(c, a, true); }

void canvas_pad_range(double *lo, double *hi, double least, double most)
{
    if (!(*hi > *lo)) {
        *lo -= 0.5;
        *hi += 0.5;
    }
    double margin = (*hi - *lo) * 0.05;
    *lo = *lo - margin < least ? least : *lo - margin;
    *hi = *hi + margin > most ? most : *hi + margin;
}
