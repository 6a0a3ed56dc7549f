/* canvas_svg.h - a Canvas drawn as an SVG image (issue 12: export).
 *
 * The picture a person can paste into notes: every cell of the canvas
 * becomes vector shapes at its place in a grid of CANVAS_SVG_CELL_W x
 * CANVAS_SVG_CELL_H pixels on a white page, so the axes, curves, points,
 * legends and labels of a plot look as they do on the terminal:
 *   braille cells     one small circle per raised dot (2 x 4 per cell)
 *   block elements    rectangles: full, upper and lower halves, the shades
 *                     ░▒▓ as the full block at 25/50/75 % opacity
 *   box drawing       the light, heavy, rounded and double lines and
 *                     corners as line segments from the cell's centre
 *   anything else     text, in runs of cells with the same style
 * Backgrounds (decision regions, grey images, selected rows) are
 * rectangles behind the glyphs.  Colours come from a palette of the
 * canvas's indices (CANVAS_COLOR_*) on a white page, which a front end may
 * extend with its own indices.  The output is well-formed XML: text is
 * escaped and characters XML does not allow become '?'. */
#ifndef MLLAB_CANVAS_SVG_H
#define MLLAB_CANVAS_SVG_H

#include <stdbool.h>

#include "canvas.h"
#include "strbuf.h"

#define CANVAS_SVG_CELL_W 8
#define CANVAS_SVG_CELL_H 16

/* The colour (0xRRGGBB) of palette index idx as a foreground or a
 * background, or -1 for the page's default (dark text, white page). */
typedef int (*CanvasSvgColor)(int idx, bool background, void *ctx);

/* The built-in palette of the canvas's indices. */
int canvas_svg_color(int idx, bool background, void *ctx);

/* The whole canvas as one SVG document; color NULL: canvas_svg_color. */
void canvas_render_svg(const Canvas *c, CanvasSvgColor color, void *ctx, StrBuf *out);

#endif
