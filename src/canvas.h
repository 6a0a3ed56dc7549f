/* canvas.h - text plots drawn into a grid of cells, with no curses in it.
 *
 * The TUI copies the cells to the screen (code points + colour indices); the
 * CLI prints canvas_render_utf8; tests read the cells.  Unicode mode uses
 * braille dots (2 x 4 sub-pixels per cell) for points and lines, block
 * shades " ░▒▓█" for heatmaps and images; ASCII mode uses '.', '*', 'o' and
 * " .:-=+*#%@".
 *
 * Colours are small palette indices (CANVAS_COLOR_*); 0 means the terminal
 * default.  A cell also has a background index, for shaded decision regions. */
#ifndef MLLAB_CANVAS_H
#define MLLAB_CANVAS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "strbuf.h"

enum {
    CANVAS_COLOR_DEFAULT = 0,
    /* Series / class colours 1..8, then semantic ones. */
    CANVAS_COLOR_SERIES_COUNT = 8,
    CANVAS_COLOR_AXIS = 9,
    CANVAS_COLOR_HIGHLIGHT = 10,
    CANVAS_COLOR_DIM = 11
};

typedef struct CanvasCell {
    uint32_t ch;      /* Unicode code point; ' ' when empty */
    uint8_t fg, bg;   /* palette indices; 0 = default */
    uint8_t dots;     /* braille bit mask behind ch (internal) */
    uint8_t bold;
} CanvasCell;

typedef struct Canvas {
    int w, h;         /* in cells */
    bool ascii;
    CanvasCell *cells; /* h rows of w */
} Canvas;

int canvas_init(Canvas *c, int w, int h, bool ascii, Error *err);
void canvas_free(Canvas *c);
void canvas_clear(Canvas *c);
CanvasCell *canvas_cell(Canvas *c, int x, int y); /* NULL outside */

/* Text (UTF-8) at cell (x, y), clipped; returns cells written. */
int canvas_text(Canvas *c, int x, int y, const char *utf8, uint8_t fg);

/* A rectangle of cells mapped to data coordinates (y grows upwards). */
typedef struct PlotArea {
    int x, y, w, h;           /* cells */
    double xmin, xmax, ymin, ymax;
} PlotArea;

/* Axes with a few tick labels around area (the labels go outside it, so
 * leave ~8 columns on the left and 1 row below). */
void canvas_axes(Canvas *c, const PlotArea *a);
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
/* A marked symbol (e.g. a centroid or a chosen point) drawn as a full cell. */
void canvas_marker(Canvas *c, const PlotArea *a, double x, double y, uint32_t ch, uint8_t color);
/* Set the background colour of every cell of the area from a class grid:
 * region[ry * cols + rx] is the class at that grid point (covering the area
 * left to right, top to bottom), -1 for none. */
void canvas_regions(Canvas *c, const PlotArea *a, const int *region, int cols, int rows);

/* values (rows x cols) drawn one cell per value with shades between vmin and
 * vmax, at cell (x, y). */
void canvas_heatmap(Canvas *c, int x, int y, const float *values, int rows, int cols, float vmin,
                    float vmax);
/* A grayscale image (pixels in [0, 1], w x h) at cell (x, y): two pixel rows
 * per cell row using upper/lower half blocks when Unicode is on (shade of the
 * pair's mean in ASCII); returns the cell rows used. */
int canvas_image(Canvas *c, int x, int y, const float *pixels, int w, int h);
/* Horizontal bars: labels on the left, bar lengths proportional to values. */
void canvas_bars(Canvas *c, int x, int y, int w, const char *const *labels, const double *values,
                 int n, uint8_t color);

/* The whole canvas as UTF-8 lines (no colours), trailing spaces trimmed. */
void canvas_render_utf8(const Canvas *c, StrBuf *out);

#endif
