/* canvas.h - text plots drawn into a grid of cells, with no curses in it.
 *
 * The TUI copies the cells to the screen (code points + colour indices); the
 * CLI prints canvas_render_utf8; tests read the cells.  Unicode mode uses
 * braille dots (2 x 4 sub-pixels per cell) for points and lines, block
 * shades " ░▒▓█" for heatmaps and half blocks for images; ASCII mode uses
 * '.', '*', one glyph per class ('o', 'x', '+', ...) and " .:-=+*#%@".
 *
 * Colours are small palette indices (CANVAS_COLOR_*); 0 means the terminal
 * default.  A cell also has a background index, for shaded decision regions
 * and grey images.  Whatever is drawn outside the canvas, or outside a plot
 * area in data coordinates, is clipped.
 *
 * Plot marks never overwrite text or markers (labels stay readable); text
 * always overwrites. */
#ifndef MLLAB_CANVAS_H
#define MLLAB_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "strbuf.h"

enum {
    CANVAS_COLOR_DEFAULT = 0,
    /* Series / class colours 1..8 (class k uses 1 + k % 8), then semantic ones. */
    CANVAS_COLOR_SERIES_COUNT = 8,
    CANVAS_COLOR_AXIS = 9,
    CANVAS_COLOR_HIGHLIGHT = 10,
    CANVAS_COLOR_DIM = 11,
    CANVAS_COLOR_GOOD = 12,
    CANVAS_COLOR_BAD = 13,
    CANVAS_COLOR_TITLE = 14,
    /* A grey ramp for images and heatmaps: GRAY + 0 (black) .. GRAY + 15
     * (white).  Front ends without enough colours ignore it; the glyphs
     * alone still carry the picture. */
    CANVAS_COLOR_GRAY = 16,
    CANVAS_GRAY_LEVELS = 16
};

/* Cell attributes (CanvasCell.attr). */
enum {
    CANVAS_ATTR_BOLD = 1,
    CANVAS_ATTR_REVERSE = 2,
    CANVAS_ATTR_UNDERLINE = 4,
    CANVAS_ATTR_DIM = 8,
    CANVAS_ATTR_SOLID = 16,  /* text or marker: plot dots leave it alone */
    CANVAS_ATTR_REGION = 32  /* background set by canvas_regions (class = bg - 1) */
};

typedef struct CanvasCell {
    uint32_t ch;      /* Unicode code point; ' ' when empty; 0 = right half of a wide char */
    uint8_t fg, bg;   /* palette indices; 0 = default */
    uint8_t dots;     /* braille bit mask behind ch (internal) */
    uint8_t attr;     /* CANVAS_ATTR_* */
} CanvasCell;

typedef struct Canvas {
    int w, h;         /* in cells */
    bool ascii;
    CanvasCell *cells; /* h rows of w */
} Canvas;

int canvas_init(Canvas *c, int w, int h, bool ascii, Error *err);
/* Change the size (contents are cleared); -1 if memory runs out. */
int canvas_resize(Canvas *c, int w, int h, Error *err);
void canvas_free(Canvas *c);
void canvas_clear(Canvas *c);
CanvasCell *canvas_cell(Canvas *c, int x, int y); /* NULL outside */
/* Make a cell blank: a space, no colours, no dots, no attributes. */
void canvas_cell_clear(CanvasCell *cell);

/* Text (UTF-8) at cell (x, y), clipped; returns cells written.  In ASCII
 * mode non-ASCII characters become a close ASCII one ('≤' -> '<') or '?'. */
int canvas_text(Canvas *c, int x, int y, const char *utf8, uint8_t fg);
/* The same with a background, attributes and at most max_cells cells
 * (max_cells < 0: no limit). */
int canvas_text_ex(Canvas *c, int x, int y, const char *utf8, int max_cells, uint8_t fg,
                   uint8_t bg, uint8_t attr);
/* Cells a UTF-8 string takes on screen (wide characters count 2). */
int canvas_text_width(const char *utf8);
/* Fill a rectangle of cells with one character and style. */
void canvas_fill(Canvas *c, int x, int y, int w, int h, uint32_t ch, uint8_t fg, uint8_t bg,
                 uint8_t attr);

/* A rectangle of cells mapped to data coordinates (y grows upwards). */
typedef struct PlotArea {
    int x, y, w, h;           /* cells */
    double xmin, xmax, ymin, ymax;
} PlotArea;

/* The y range of a plot around data in [*lo, *hi]: a 5% margin each side
 * (a flat series gets +-0.5), but never beyond what the quantity can be,
 * [least, most] (-INFINITY / INFINITY: no bound): a loss axis stops at 0,
 * an accuracy axis at 1. */
void canvas_pad_range(double *lo, double *hi, double least, double most);

/* Axes with a few tick labels around area: the y labels go in the 8 columns
 * left of it, the x axis (with its labels written into the line) in the row
 * below it. */
void canvas_axes(Canvas *c, const PlotArea *a);
/* The same for x values that are whole numbers (steps, epochs): the x labels
 * are whole numbers too, each where it falls (never "11.5"). */
void canvas_axes_whole_x(Canvas *c, const PlotArea *a);
/* One dot (braille sub-pixel, or an ASCII mark) at data (x, y). */
void canvas_point(Canvas *c, const PlotArea *a, double x, double y, uint8_t color);
void canvas_line(Canvas *c, const PlotArea *a, double x0, double y0, double x1, double y1,
                 uint8_t color);
/* Connected line through n points (NaN values break the line). */
void canvas_polyline(Canvas *c, const PlotArea *a, const double *xs, const double *ys, int n,
                     uint8_t color);
/* Points coloured by class (classes may be NULL = colour 1); one glyph per
 * class in ASCII mode ('o', 'x', '+', '#', ...). */
void canvas_scatter(Canvas *c, const PlotArea *a, const float *xs, const float *ys,
                    const int *classes, int n);
/* Points as one glyph per class in both modes (Unicode "●○◆◇■□▲△"):
 * readable without colours, for small sets. */
void canvas_scatter_glyphs(Canvas *c, const PlotArea *a, const float *xs, const float *ys,
                           const int *classes, int n);
/* The glyph canvas_scatter_glyphs uses for a class. */
uint32_t canvas_class_glyph(const Canvas *c, int cls);
/* A marked symbol (e.g. a centroid or a chosen point) drawn as a full cell. */
void canvas_marker(Canvas *c, const PlotArea *a, double x, double y, uint32_t ch, uint8_t color);
/* Set the background colour of every cell of the area from a class grid:
 * region[ry * cols + rx] is the class at that grid point (covering the area
 * left to right, top to bottom), -1 for none. */
void canvas_regions(Canvas *c, const PlotArea *a, const int *region, int cols, int rows);
/* Data coordinates of the centre of cell (cx, cy) of the area (cx in
 * [0, a->w), cy in [0, a->h), top row first): where to evaluate a model for
 * canvas_regions with cols = a->w, rows = a->h. */
void canvas_cell_center(const PlotArea *a, int cx, int cy, double *x, double *y);

/* The shade glyph for t in [0, 1] (" ░▒▓█" or " .:-=+*#%@"). */
uint32_t canvas_shade(const Canvas *c, double t);
/* values (rows x cols) drawn one cell per value with shades between vmin and
 * vmax, at cell (x, y).  NaN values stay blank. */
void canvas_heatmap(Canvas *c, int x, int y, const float *values, int rows, int cols, float vmin,
                    float vmax);
/* A grayscale image (pixels in [0, 1], w x h) at cell (x, y): two pixel rows
 * per cell row using upper/lower half blocks when Unicode is on (a pixel is
 * lit at >= 0.5; fg/bg carry the grey levels), the shade of the pair's mean
 * in ASCII; returns the cell rows used. */
int canvas_image(Canvas *c, int x, int y, const float *pixels, int w, int h);
/* Horizontal bars: labels on the left, bar lengths proportional to values
 * (the largest fills the width), each value printed after its bar. */
void canvas_bars(Canvas *c, int x, int y, int w, const char *const *labels, const double *values,
                 int n, uint8_t color);

/* The whole canvas as UTF-8 lines (no colours), trailing spaces trimmed. */
void canvas_render_utf8(const Canvas *c, StrBuf *out);
/* The ASCII form of UTF-8 text, as ASCII mode writes it ("→" as "->", "µ" as
 * "u", "—" as "-", "±" as "+/-", anything else unknown as '?'). */
void canvas_append_ascii(StrBuf *out, const char *utf8);
/* Append one code point as UTF-8. */
void canvas_put_utf8(StrBuf *out, uint32_t cp);

#endif
