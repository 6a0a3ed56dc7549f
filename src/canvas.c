/* canvas.c - text plots drawn into a grid of cells (see canvas.h).
 *
 * Coordinates: a plot area of w x h cells holds (2w) x (4h) braille
 * sub-pixels in Unicode mode and w x h marks in ASCII mode.  Data x maps
 * linearly onto sub-pixel columns (xmin -> the first, xmax -> the last), data
 * y onto sub-pixel rows with ymax at the top.  Lines are clipped to the area
 * in sub-pixel space first, so a segment far outside costs nothing. */
#include "canvas.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BRAILLE_BASE 0x2800u

static const char ASCII_SHADES[] = " .:-=+*#%@";
static const uint32_t UNICODE_SHADES[] = { ' ', 0x2591, 0x2592, 0x2593, 0x2588 };
static const char ASCII_CLASS_GLYPHS[] = "ox+#*@%&";
static const uint32_t UNICODE_CLASS_GLYPHS[] = { 0x25CF, 0x25CB, 0x25C6, 0x25C7,
                                                 0x25A0, 0x25A1, 0x25B2, 0x25B3 };

/* Braille dot bits by sub-pixel row (0..3) and column (0..1). */
static const uint8_t BRAILLE_BIT[4][2] = {
    { 0x01, 0x08 }, { 0x02, 0x10 }, { 0x04, 0x20 }, { 0x40, 0x80 }
};

/* ---- cells -------------------------------------------------------------- */

void canvas_cell_clear(CanvasCell *cell)
{
    cell->ch = ' ';
    cell->fg = cell->bg = 0;
    cell->dots = 0;
    cell->attr = 0;
}

int canvas_init(Canvas *c, int w, int h, bool ascii, Error *err)
{
    c->w = c->h = 0;
    c->ascii = ascii;
    c->cells = NULL;
    return canvas_resize(c, w, h, err);
}

int canvas_resize(Canvas *c, int w, int h, Error *err)
{
    if (w < 0 || h < 0)
        return error_set(err, ERR_USAGE, "canvas size %dx%d is negative", w, h);
    size_t n = (size_t)w * (size_t)h;
    CanvasCell *cells = realloc(c->cells, (n ? n : 1) * sizeof *cells);
    if (!cells)
        return error_set(err, ERR_NOMEM, "out of memory for a %dx%d canvas", w, h);
    c->cells = cells;
    c->w = w;
    c->h = h;
    canvas_clear(c);
    return 0;
}

void canvas_free(Canvas *c)
{
    free(c->cells);
    c->cells = NULL;
    c->w = c->h = 0;
}

void canvas_clear(Canvas *c)
{
    size_t n = (size_t)c->w * (size_t)c->h;
    for (size_t i = 0; i < n; i++)
        canvas_cell_clear(&c->cells[i]);
}

CanvasCell *canvas_cell(Canvas *c, int x, int y)
{
    if (!c->cells || x < 0 || y < 0 || x >= c->w || y >= c->h)
        return NULL;
    return &c->cells[(size_t)y * (size_t)c->w + (size_t)x];
}

void canvas_fill(Canvas *c, int x, int y, int w, int h, uint32_t ch, uint8_t fg, uint8_t bg,
                 uint8_t attr)
{
    for (int j = y; j < y + h; j++)
        for (int i = x; i < x + w; i++) {
            CanvasCell *cell = canvas_cell(c, i, j);
            if (!cell)
                continue;
            cell->ch = ch;
            cell->fg = fg;
            cell->bg = bg;
            cell->dots = 0;
            cell->attr = attr;
        }
}

/* ---- text --------------------------------------------------------------- */

/* Decode one UTF-8 sequence at *s; advances *s.  Invalid bytes give U+FFFD. */
static uint32_t utf8_next(const char **s)
{
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t cp;
    int extra;
    if (p[0] < 0x80) {
        *s += 1;
        return p[0];
    } else if ((p[0] & 0xE0) == 0xC0) {
        cp = p[0] & 0x1F;
        extra = 1;
    } else if ((p[0] & 0xF0) == 0xE0) {
        cp = p[0] & 0x0F;
        extra = 2;
    } else if ((p[0] & 0xF8) == 0xF0) {
        cp = p[0] & 0x07;
        extra = 3;
    } else {
        *s += 1;
        return 0xFFFD;
    }
    for (int i = 1; i <= extra; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *s += i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    *s += extra + 1;
    return cp;
}

/* Columns a code point takes (independent of the locale, so tests and the
 * TUI agree): combining marks 0, East Asian wide and emoji 2, else 1. */
static int cp_width(uint32_t cp)
{
    if (cp == 0 || (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x200B && cp <= 0x200F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

/* A close ASCII character for a code point (ASCII mode). */
static uint32_t ascii_fallback(uint32_t cp)
{
    if (cp < 0x80)
        return cp;
    switch (cp) {
    case 0x2264: case 0x2190: case 0x27E8: case 0x2039: case 0xAB: return '<'; /* ≤ ← */
    case 0x2265: case 0x2192: case 0x27E9: case 0x203A: case 0xBB: return '>'; /* ≥ → */
    case 0x00D7: case 0x2715: return 'x';                                    /* × */
    case 0x00B7: case 0x2022: case 0x2026: case 0x22C5: case 0x2219: return '.';
    case 0x2013: case 0x2014: case 0x2212: case 0x2500: case 0x2501: case 0x2550: return '-';
    case 0x2016: case 0x2502: case 0x2503: case 0x2551: case 0x2223: return '|';
    case 0x2018: case 0x2019: case 0x2032: return '\'';
    case 0x201C: case 0x201D: return '"';
    case 0x250C: case 0x2510: case 0x2514: case 0x2518: case 0x251C: case 0x2524:
    case 0x252C: case 0x2534: case 0x253C: case 0x256D: case 0x256E: case 0x256F:
    case 0x2570: return '+';
    case 0x2248: return '~';
    case 0x00B2: return '2';
    case 0x00B9: return '1';
    case 0x00B3: return '3';
    case 0x25CF: case 0x25CB: return 'o';
    case 0x2716: case 0x2573: return 'X';
    case 0x2605: case 0x2606: case 0x2736: return '*';
    case 0x25C9: case 0x25CE: case 0x25A0: case 0x25A1: return '@';
    case 0x25C6: case 0x25C7: return '+';
    case 0x25B2: case 0x25B4: case 0x2191: return '^';
    case 0x25BC: case 0x25BE: case 0x2193: return 'v';
    case 0x2588: case 0x2593: return '#';
    case 0x2592: return ':';
    case 0x2591: return '.';
    case 0x00A0: return ' ';
    default: return '?';
    }
}

/* Text from data must not reach the terminal as controls: a C0 or C1
 * control (U+009B starts an escape sequence), DEL or a bidi override or
 * isolate (U+202E reorders what follows) is drawn as the text "\u009b", the
 * spelling of str_visible (the text report's), in 6 cells. */
#define HIDDEN_CELLS 6

static const char *hidden_spelling(uint32_t cp, char buf[HIDDEN_CELLS + 1])
{
    if (!str_hidden_cp(cp))
        return NULL;
    snprintf(buf, HIDDEN_CELLS + 1, "\\u%04x", (unsigned)cp);
    return buf;
}

int canvas_text_width(const char *utf8)
{
    int w = 0;
    while (utf8 && *utf8) {
        uint32_t cp = utf8_next(&utf8);
        w += str_hidden_cp(cp) ? HIDDEN_CELLS : cp_width(cp);
    }
    return w;
}

/* Symbols whose one-character ASCII form would change their meaning ("→" as
 * ">", "≤" as "<", "◀" as "?"): written as several ASCII characters. */
static const char *ascii_spelling(uint32_t cp)
{
    switch (cp) {
    case 0x2192: case 0x25B6: case 0x25B8: case 0x21D2: return "->"; /* → ▶ ▸ ⇒ */
    case 0x2190: case 0x25C0: case 0x25C2: case 0x21D0: return "<-"; /* ← ◀ ◂ ⇐ */
    case 0x2264: return "<=";                                          /* ≤ */
    case 0x2265: return ">=";                                          /* ≥ */
    case 0x2260: return "!=";                                          /* ≠ */
    case 0x2026: return "...";                                         /* … */
    case 0x00B5: return "u";                                           /* µ */
    case 0x00B1: return "+/-";                                         /* ± */
    default: return NULL;
    }
}

/* One character of text into the cell at (x, y), if on the canvas: 1 when
 * it landed. */
static int text_cell(Canvas *c, int x, int y, uint32_t cp, uint8_t fg, uint8_t bg,
                     uint8_t attr)
{
    CanvasCell *cell = canvas_cell(c, x, y);
    if (!cell)
        return 0;
    cell->ch = cp;
    cell->fg = fg;
    cell->bg = bg;
    cell->dots = 0;
    cell->attr = (uint8_t)(attr | CANVAS_ATTR_SOLID);
    return 1;
}

/* The code point as text shows it: tab and line breaks as spaces (the
 * other controls are spelled by hidden_spelling). */
static uint32_t text_cp(uint32_t cp)
{
    return cp == '\t' || cp == '\n' || cp == '\r' ? ' ' : cp;
}

/* Where text is being written: the cells advanced and the cells that landed. */
typedef struct TextPen {
    Canvas *c;
    int x, y, max_cells, written, visible;
    uint8_t fg, bg, attr;
} TextPen;

static bool pen_room(const TextPen *p, int width)
{
    return p->max_cells < 0 || p->written + width <= p->max_cells;
}

/* One character of width 1 or 2 (a wide one cut by the right edge leaves a
 * blank). */
static void pen_put(TextPen *p, uint32_t cp, int width)
{
    for (int k = 0; k < width; k++)
        p->visible += text_cell(p->c, p->x + p->written + k, p->y, k == 0 ? cp : 0, p->fg, p->bg,
                                p->attr);
    if (width == 2 && p->x + p->written + 1 == p->c->w) {
        CanvasCell *cell = canvas_cell(p->c, p->x + p->written, p->y);
        if (cell)
            cell->ch = ' ';
    }
    p->written += width;
}

/* How cp is written as several ASCII characters, or NULL: a hidden control
 * always, an arrow or a comparison in ASCII mode. */
static const char *text_spelling(const Canvas *c, uint32_t cp, char buf[HIDDEN_CELLS + 1])
{
    const char *spelled = hidden_spelling(cp, buf);
    return spelled || !c->ascii ? spelled : ascii_spelling(cp);
}

/* Writes a spelling (as far as there is room); false for NULL. */
static bool pen_spell(TextPen *p, const char *spelled)
{
    if (!spelled)
        return false;
    for (; *spelled && pen_room(p, 1); spelled++)
        pen_put(p, (uint8_t)*spelled, 1);
    return true;
}

int canvas_text_ex(Canvas *c, int x, int y, const char *utf8, int max_cells, uint8_t fg,
                   uint8_t bg, uint8_t attr)
{
    TextPen p = { c, x, y, max_cells, 0, 0, fg, bg, attr };
    if (!utf8 || y < 0 || y >= c->h)
        return 0;
    while (*utf8 && pen_room(&p, 1)) {
        uint32_t cp = text_cp(utf8_next(&utf8));
        int width = cp_width(cp);
        char hidden[HIDDEN_CELLS + 1];
        if (pen_spell(&p, text_spelling(c, cp, hidden)) || width == 0)
            continue; /* combining marks are dropped: a cell holds one code point */
        if (c->ascii) {
            cp = ascii_fallback(cp);
            width = 1;
        }
        if (!pen_room(&p, width))
            break;
        pen_put(&p, cp, width);
    }
    return p.visible;
}

int canvas_text(Canvas *c, int x, int y, const char *utf8, uint8_t fg)
{
    return canvas_text_ex(c, x, y, utf8, -1, fg, 0, 0);
}

/* ---- mapping data to sub-pixels ---------------------------------------- */

static int sub_x(const Canvas *c) { return c->ascii ? 1 : 2; }
static int sub_y(const Canvas *c) { return c->ascii ? 1 : 4; }

/* Continuous sub-pixel coordinates of data (x, y); false for NaN/inf. */
static bool to_subpixel(const Canvas *c, const PlotArea *a, double x, double y, double *px,
                        double *py)
{
    if (!isfinite(x) || !isfinite(y) || a->w <= 0 || a->h <= 0)
        return false;
    double W = a->w * sub_x(c) - 1, H = a->h * sub_y(c) - 1;
    double dx = a->xmax - a->xmin, dy = a->ymax - a->ymin;
    *px = dx != 0 ? (x - a->xmin) / dx * W : W / 2;
    *py = dy != 0 ? (a->ymax - y) / dy * H : H / 2;
    return isfinite(*px) && isfinite(*py);
}

/* The cell under sub-pixel (ix, iy) of the area, or NULL when outside it. */
static CanvasCell *subpixel_cell(Canvas *c, const PlotArea *a, long ix, long iy, int *bx, int *by)
{
    long W = (long)a->w * sub_x(c), H = (long)a->h * sub_y(c);
    if (ix < 0 || iy < 0 || ix >= W || iy >= H)
        return NULL;
    *bx = (int)(ix % sub_x(c));
    *by = (int)(iy % sub_y(c));
    return canvas_cell(c, a->x + (int)(ix / sub_x(c)), a->y + (int)(iy / sub_y(c)));
}

/* Plot one sub-pixel; `mark` is the ASCII glyph.  Text and markers win. */
static void plot_subpixel(Canvas *c, const PlotArea *a, long ix, long iy, uint8_t color, char mark)
{
    int bx, by;
    CanvasCell *cell = subpixel_cell(c, a, ix, iy, &bx, &by);
    if (!cell || (cell->attr & CANVAS_ATTR_SOLID))
        return;
    if (c->ascii) {
        /* '.' is the weakest mark: it never hides a line or a class glyph. */
        if (mark == '.' && cell->ch != ' ')
            return;
        cell->ch = (uint32_t)mark;
    } else {
        cell->dots |= BRAILLE_BIT[by][bx];
        cell->ch = BRAILLE_BASE + cell->dots;
    }
    cell->fg = color;
}

void canvas_point(Canvas *c, const PlotArea *a, double x, double y, uint8_t color)
{
    double px, py;
    if (to_subpixel(c, a, x, y, &px, &py))
        plot_subpixel(c, a, lround(px), lround(py), color, '.');
}

/* Liang-Barsky: clip the segment to [0, xhi] x [0, yhi]. */
static bool clip_segment(double *x0, double *y0, double *x1, double *y1, double xhi, double yhi)
{
    double t0 = 0, t1 = 1, dx = *x1 - *x0, dy = *y1 - *y0;
    double p[4] = { -dx, dx, -dy, dy };
    double q[4] = { *x0, xhi - *x0, *y0, yhi - *y0 };
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
        } else {
            double t = q[i] / p[i];
            if (p[i] < 0) {
                if (t > t1)
                    return false;
                if (t > t0)
                    t0 = t;
            } else {
                if (t < t0)
                    return false;
                if (t < t1)
                    t1 = t;
            }
        }
    }
    double nx0 = *x0 + t0 * dx, ny0 = *y0 + t0 * dy;
    *x1 = *x0 + t1 * dx;
    *y1 = *y0 + t1 * dy;
    *x0 = nx0;
    *y0 = ny0;
    return true;
}

static void line_subpixels(Canvas *c, const PlotArea *a, double px0, double py0, double px1,
                           double py1, uint8_t color)
{
    double W = a->w * sub_x(c) - 1, H = a->h * sub_y(c) - 1;
    if (!clip_segment(&px0, &py0, &px1, &py1, W, H))
        return;
    double dx = px1 - px0, dy = py1 - py0;
    long steps = lround(fmax(fabs(dx), fabs(dy)));
    if (steps == 0) {
        plot_subpixel(c, a, lround(px0), lround(py0), color, '*');
        return;
    }
    for (long i = 0; i <= steps; i++) {
        double t = (double)i / (double)steps;
        plot_subpixel(c, a, lround(px0 + t * dx), lround(py0 + t * dy), color, '*');
    }
}

void canvas_line(Canvas *c, const PlotArea *a, double x0, double y0, double x1, double y1,
                 uint8_t color)
{
    double px0, py0, px1, py1;
    if (to_subpixel(c, a, x0, y0, &px0, &py0) && to_subpixel(c, a, x1, y1, &px1, &py1))
        line_subpixels(c, a, px0, py0, px1, py1, color);
}

void canvas_polyline(Canvas *c, const PlotArea *a, const double *xs, const double *ys, int n,
                     uint8_t color)
{
    if (n == 1) {
        canvas_point(c, a, xs[0], ys[0], color);
        return;
    }
    for (int i = 0; i + 1 < n; i++) {
        double px0, py0, px1, py1;
        bool ok0 = to_subpixel(c, a, xs[i], ys[i], &px0, &py0);
        bool ok1 = to_subpixel(c, a, xs[i + 1], ys[i + 1], &px1, &py1);
        if (ok0 && ok1)
            line_subpixels(c, a, px0, py0, px1, py1, color);
        else if (ok0 && (i == 0 || !isfinite(xs[i - 1]) || !isfinite(ys[i - 1])))
            canvas_point(c, a, xs[i], ys[i], color); /* an isolated point */
    }
}

static uint8_t class_color(int cls)
{
    return cls < 0 ? CANVAS_COLOR_DIM : (uint8_t)(1 + cls % CANVAS_COLOR_SERIES_COUNT);
}

uint32_t canvas_class_glyph(const Canvas *c, int cls)
{
    int k = cls < 0 ? 0 : cls % 8;
    return c->ascii ? (uint32_t)ASCII_CLASS_GLYPHS[k] : UNICODE_CLASS_GLYPHS[k];
}

void canvas_scatter(Canvas *c, const PlotArea *a, const float *xs, const float *ys,
                    const int *classes, int n)
{
    for (int i = 0; i < n; i++) {
        int cls = classes ? classes[i] : 0;
        double px, py;
        if (!to_subpixel(c, a, xs[i], ys[i], &px, &py))
            continue;
        plot_subpixel(c, a, lround(px), lround(py), class_color(cls),
                      (char)ASCII_CLASS_GLYPHS[cls < 0 ? 0 : cls % 8]);
    }
}

/* The cell (in canvas coordinates) holding data point (x, y), or NULL. */
static CanvasCell *data_cell(Canvas *c, const PlotArea *a, double x, double y)
{
    double px, py;
    int bx, by;
    if (!to_subpixel(c, a, x, y, &px, &py))
        return NULL;
    return subpixel_cell(c, a, lround(px), lround(py), &bx, &by);
}

void canvas_scatter_glyphs(Canvas *c, const PlotArea *a, const float *xs, const float *ys,
                           const int *classes, int n)
{
    for (int i = 0; i < n; i++) {
        int cls = classes ? classes[i] : 0;
        CanvasCell *cell = data_cell(c, a, xs[i], ys[i]);
        if (!cell || (cell->attr & CANVAS_ATTR_SOLID))
            continue;
        cell->ch = canvas_class_glyph(c, cls);
        cell->fg = class_color(cls);
        cell->dots = 0;
    }
}

void canvas_marker(Canvas *c, const PlotArea *a, double x, double y, uint32_t ch, uint8_t color)
{
    CanvasCell *cell = data_cell(c, a, x, y);
    if (!cell)
        return;
    cell->ch = c->ascii ? ascii_fallback(ch) : ch;
    cell->fg = color;
    cell->dots = 0;
    cell->attr |= CANVAS_ATTR_SOLID | CANVAS_ATTR_BOLD;
}

void canvas_cell_center(const PlotArea *a, int cx, int cy, double *x, double *y)
{
    *x = a->w > 1 ? a->xmin + (cx + 0.5) / a->w * (a->xmax - a->xmin)
                  : (a->xmin + a->xmax) / 2;
    *y = a->h > 1 ? a->ymax - (cy + 0.5) / a->h * (a->ymax - a->ymin)
                  : (a->ymin + a->ymax) / 2;
}

void canvas_regions(Canvas *c, const PlotArea *a, const int *region, int cols, int rows)
{
    if (cols <= 0 || rows <= 0 || a->w <= 0 || a->h <= 0)
        return;
    for (int cy = 0; cy < a->h; cy++)
        for (int cx = 0; cx < a->w; cx++) {
            CanvasCell *cell = canvas_cell(c, a->x + cx, a->y + cy);
            if (!cell)
                continue;
            int rx = (int)((long)cx * cols / a->w), ry = (int)((long)cy * rows / a->h);
            int cls = region[(size_t)ry * (size_t)cols + (size_t)rx];
            if (cls < 0) {
                cell->bg = 0;
                cell->attr &= (uint8_t)~CANVAS_ATTR_REGION;
            } else {
                cell->bg = class_color(cls);
                cell->attr |= CANVAS_ATTR_REGION;
            }
        }
}

/* ---- shades, heatmaps, images, bars -------------------------------------- */

static double clamp01(double t)
{
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

uint32_t canvas_shade(const Canvas *c, double t)
{
    t = clamp01(t);
    if (c->ascii)
        return (uint32_t)ASCII_SHADES[lround(t * 9)];
    return UNICODE_SHADES[lround(t * 4)];
}

static uint8_t gray_index(double t)
{
    return (uint8_t)(CANVAS_COLOR_GRAY + lround(clamp01(t) * (CANVAS_GRAY_LEVELS - 1)));
}

void canvas_heatmap(Canvas *c, int x, int y, const float *values, int rows, int cols, float vmin,
                    float vmax)
{
    double span = (double)vmax - (double)vmin;
    for (int r = 0; r < rows; r++)
        for (int k = 0; k < cols; k++) {
            CanvasCell *cell = canvas_cell(c, x + k, y + r);
            if (!cell)
                continue;
            float v = values[(size_t)r * (size_t)cols + (size_t)k];
            canvas_cell_clear(cell);
            if (isnan(v))
                continue;
            double t = span > 0 ? (v - vmin) / span : (v >= vmax ? 1.0 : 0.0);
            cell->ch = canvas_shade(c, t);
            cell->fg = gray_index(0.35 + 0.65 * clamp01(t));
            cell->attr = CANVAS_ATTR_SOLID;
        }
}

int canvas_image(Canvas *c, int x, int y, const float *pixels, int w, int h)
{
    int cell_rows = c->ascii ? (h + 1) / 2 : (h + 1) / 2;
    for (int r = 0; r < cell_rows; r++)
        for (int k = 0; k < w; k++) {
            CanvasCell *cell = canvas_cell(c, x + k, y + r);
            if (!cell)
                continue;
            double top = clamp01(pixels[(size_t)(2 * r) * (size_t)w + (size_t)k]);
            double bottom = 2 * r + 1 < h
                                ? clamp01(pixels[(size_t)(2 * r + 1) * (size_t)w + (size_t)k])
                                : 0.0;
            canvas_cell_clear(cell);
            cell->attr = CANVAS_ATTR_SOLID;
            if (c->ascii) {
                cell->ch = canvas_shade(c, (top + bottom) / 2);
                continue;
            }
            bool t_on = top >= 0.5, b_on = bottom >= 0.5;
            if (t_on && b_on) {
                cell->ch = 0x2588; /* █ */
                cell->fg = gray_index((top + bottom) / 2);
                cell->bg = gray_index((top + bottom) / 2);
            } else if (t_on) {
                cell->ch = 0x2580; /* ▀ */
                cell->fg = gray_index(top);
                cell->bg = gray_index(bottom);
            } else if (b_on) {
                cell->ch = 0x2584; /* ▄ */
                cell->fg = gray_index(bottom);
                cell->bg = gray_index(top);
            } else {
                cell->ch = ' ';
                cell->fg = gray_index(top);
                cell->bg = gray_index((top + bottom) / 2);
            }
        }
    return cell_rows;
}

void canvas_bars(Canvas *c, int x, int y, int w, const char *const *labels, const double *values,
                 int n, uint8_t color)
{
    static const uint32_t EIGHTHS[] = { 0, 0x258F, 0x258E, 0x258D, 0x258C, 0x258B, 0x258A, 0x2589 };
    int label_w = 0;
    double vmax = 0;
    for (int i = 0; i < n; i++) {
        int lw = labels && labels[i] ? canvas_text_width(labels[i]) : 0;
        if (lw > label_w)
            label_w = lw;
        if (isfinite(values[i]) && values[i] > vmax)
            vmax = values[i];
    }
    if (label_w > w / 3)
        label_w = w / 3;
    char vbuf[32];
    int value_w = 0;
    for (int i = 0; i < n; i++) {
        snprintf(vbuf, sizeof vbuf, "%.4g", values[i]);
        if ((int)strlen(vbuf) > value_w)
            value_w = (int)strlen(vbuf);
    }
    int bar_w = w - label_w - 1 - value_w - 1;
    if (bar_w < 1)
        bar_w = 1;
    for (int i = 0; i < n; i++) {
        int row = y + i;
        if (labels && labels[i])
            canvas_text_ex(c, x, row, labels[i], label_w, 0, 0, 0);
        double v = isfinite(values[i]) && values[i] > 0 ? values[i] : 0;
        double len = vmax > 0 ? v / vmax * bar_w : 0;
        int bx = x + label_w + 1;
        if (c->ascii) {
            long full = lround(len);
            for (long k = 0; k < full; k++)
                canvas_fill(c, bx + (int)k, row, 1, 1, '#', color, 0, CANVAS_ATTR_SOLID);
        } else {
            long eighths = lround(len * 8);
            int full = (int)(eighths / 8);
            for (int k = 0; k < full; k++)
                canvas_fill(c, bx + k, row, 1, 1, 0x2588, color, 0, CANVAS_ATTR_SOLID);
            if (eighths % 8)
                canvas_fill(c, bx + full, row, 1, 1, EIGHTHS[eighths % 8], color, 0,
                            CANVAS_ATTR_SOLID);
        }
        snprintf(vbuf, sizeof vbuf, "%.4g", values[i]);
        canvas_text(c, bx + bar_w + 1, row, vbuf, 0);
    }
}

/* ---- output ---------------------------------------------------------------- */

void canvas_put_utf8(StrBuf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    sb_append_n(out, b, n);
}

void canvas_render_utf8(const Canvas *c, StrBuf *out)
{
    for (int y = 0; y < c->h; y++) {
        const CanvasCell *row = &c->cells[(size_t)y * (size_t)c->w];
        int end = c->w;
        while (end > 0 && (row[end - 1].ch == ' ' || row[end - 1].ch == 0))
            end--;
        for (int x = 0; x < end; x++)
            if (row[x].ch != 0)
                canvas_put_utf8(out, row[x].ch);
        sb_append(out, "\n");
    }
}

void canvas_append_ascii(StrBuf *out, const char *utf8)
{
    while (utf8 && *utf8) {
        size_t run = 0;
        while (utf8[run] && (unsigned char)utf8[run] < 0x80)
            run++;
        sb_append_n(out, utf8, run);
        utf8 += run;
        if (!*utf8)
            break;
        uint32_t cp = utf8_next(&utf8);
        const char *spelled = ascii_spelling(cp);
        char ch = (char)ascii_fallback(cp);
        if (spelled)
            sb_append(out, spelled);
        else
            sb_append_n(out, &ch, 1);
    }
}
