/* canvas_svg.c - a Canvas drawn as an SVG image (canvas_svg.h).
 *
 * Two passes over the cells: the backgrounds as rectangles (runs of equal
 * colour merged along a row), then the glyphs: braille dots as circles,
 * block elements as rectangles, box drawing as line segments, and the rest
 * as <text> runs of one style.  Each cell is CANVAS_SVG_CELL_W x
 * CANVAS_SVG_CELL_H pixels; text runs carry textLength so they keep to the
 * grid in any monospace font. */
#include "canvas_svg.h"

#include <stdint.h>

#define CW CANVAS_SVG_CELL_W
#define CH CANVAS_SVG_CELL_H
#define PAGE_FG 0x202020
#define PAGE_BG 0xffffff

/* ---- colours ---------------------------------------------------------------- */

/* Series / class colours 1..8, in the terminal's order (blue, orange,
 * green, magenta, cyan, yellow, red, grey), readable on white. */
static const int SERIES_FG[CANVAS_COLOR_SERIES_COUNT] = { 0x1f77b4, 0xff7f0e, 0x2ca02c, 0xc2185b,
                                                          0x17becf, 0xbcbd22, 0xd62728, 0x7f7f7f };
/* Their light tints behind points (decision regions). */
static const int SERIES_BG[CANVAS_COLOR_SERIES_COUNT] = { 0xdbe9f6, 0xffe5cc, 0xd9f2d9, 0xf6d5e5,
                                                          0xd0f2f6, 0xf2f2cc, 0xf7d4d4, 0xe5e5e5 };

int canvas_svg_color(int idx, bool background, void *ctx)
{
    (void)ctx;
    if (idx >= 1 && idx <= CANVAS_COLOR_SERIES_COUNT)
        return background ? SERIES_BG[idx - 1] : SERIES_FG[idx - 1];
    if (idx >= CANVAS_COLOR_GRAY && idx < CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS) {
        int v = (idx - CANVAS_COLOR_GRAY) * 17;
        return v << 16 | v << 8 | v;
    }
    switch (idx) {
    case CANVAS_COLOR_AXIS: return 0x555555;
    case CANVAS_COLOR_HIGHLIGHT: return 0xb8860b;
    case CANVAS_COLOR_DIM: return 0x999999;
    case CANVAS_COLOR_GOOD: return 0x2e7d32;
    case CANVAS_COLOR_BAD: return 0xc62828;
    case CANVAS_COLOR_TITLE: return 0x1565c0;
    default: return -1;
    }
}

typedef struct Svg {
    const Canvas *c;
    CanvasSvgColor color;
    void *ctx;
    StrBuf *out;
} Svg;

/* The colours a cell shows (reverse video swaps them). */
static void cell_colors(const Svg *g, const CanvasCell *cell, int *fg, int *bg)
{
    int f = g->color(cell->fg, false, g->ctx), b = g->color(cell->bg, true, g->ctx);
    if (f < 0)
        f = PAGE_FG;
    if (cell->attr & CANVAS_ATTR_REVERSE) {
        *fg = b < 0 ? PAGE_BG : b;
        *bg = f;
    } else {
        *fg = f;
        *bg = b;
    }
}

static const CanvasCell *cell_at(const Svg *g, int x, int y)
{
    return &g->c->cells[(size_t)y * (size_t)g->c->w + (size_t)x];
}

/* ---- backgrounds -------------------------------------------------------------- */

static int bg_of(const Svg *g, int x, int y)
{
    int fg, bg;
    cell_colors(g, cell_at(g, x, y), &fg, &bg);
    return bg;
}

static void draw_backgrounds(const Svg *g)
{
    for (int y = 0; y < g->c->h; y++)
        for (int x = 0; x < g->c->w;) {
            int bg = bg_of(g, x, y), end = x + 1;
            while (end < g->c->w && bg_of(g, end, y) == bg)
                end++;
            if (bg >= 0)
                sb_printf(g->out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\"/>\n",
                          x * CW, y * CH, (end - x) * CW, CH, bg);
            x = end;
        }
}

/* ---- glyphs drawn as shapes ------------------------------------------------------ */

/* Braille: bit i of the pattern raises dot (column, row). */
static void draw_braille(const Svg *g, int x, int y, uint32_t ch, int fg)
{
    static const int COL[8] = { 0, 0, 0, 1, 1, 1, 0, 1 }, ROW[8] = { 0, 1, 2, 0, 1, 2, 3, 3 };
    unsigned bits = ch - 0x2800;
    for (int i = 0; i < 8; i++)
        if (bits & (1u << i))
            sb_printf(g->out, "<circle cx=\"%d\" cy=\"%d\" r=\"1.5\" fill=\"#%06x\"/>\n",
                      x * CW + 2 + COL[i] * 4, y * CH + 2 + ROW[i] * 4, fg);
}

/* Block elements: full and half blocks, the three shades. */
static bool draw_block(const Svg *g, int x, int y, uint32_t ch, int fg)
{
    int top = y * CH, h = CH;
    const char *opacity = "1";
    switch (ch) {
    case 0x2588: break;
    case 0x2580: h = CH / 2; break;
    case 0x2584: top += CH / 2, h = CH / 2; break;
    case 0x2591: opacity = "0.25"; break;
    case 0x2592: opacity = "0.5"; break;
    case 0x2593: opacity = "0.75"; break;
    default: return false;
    }
    sb_printf(g->out,
              "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\" fill-opacity=\"%s\"/>\n",
              x * CW, top, CW, h, fg, opacity);
    return true;
}

enum { ARM_L = 1, ARM_R = 2, ARM_U = 4, ARM_D = 8, ARM_HEAVY = 16 };

/* The arms of a box-drawing character, or 0 when it is not one drawn here. */
static int box_arms(uint32_t ch)
{
    static const struct { uint32_t ch; int arms; } BOX[] = {
        { 0x2500, ARM_L | ARM_R }, { 0x2502, ARM_U | ARM_D }, { 0x250C, ARM_R | ARM_D },
        { 0x2510, ARM_L | ARM_D }, { 0x2514, ARM_R | ARM_U }, { 0x2518, ARM_L | ARM_U },
        { 0x251C, ARM_U | ARM_D | ARM_R }, { 0x2524, ARM_U | ARM_D | ARM_L },
        { 0x252C, ARM_L | ARM_R | ARM_D }, { 0x2534, ARM_L | ARM_R | ARM_U },
        { 0x253C, ARM_L | ARM_R | ARM_U | ARM_D }, { 0x256D, ARM_R | ARM_D },
        { 0x256E, ARM_L | ARM_D }, { 0x256F, ARM_L | ARM_U }, { 0x2570, ARM_R | ARM_U },
        { 0x2501, ARM_HEAVY | ARM_L | ARM_R }, { 0x2503, ARM_HEAVY | ARM_U | ARM_D },
        { 0x250F, ARM_HEAVY | ARM_R | ARM_D }, { 0x2513, ARM_HEAVY | ARM_L | ARM_D },
        { 0x2517, ARM_HEAVY | ARM_R | ARM_U }, { 0x251B, ARM_HEAVY | ARM_L | ARM_U },
        { 0x2550, ARM_HEAVY | ARM_L | ARM_R }, { 0x2551, ARM_HEAVY | ARM_U | ARM_D },
        { 0x2554, ARM_HEAVY | ARM_R | ARM_D }, { 0x2557, ARM_HEAVY | ARM_L | ARM_D },
        { 0x255A, ARM_HEAVY | ARM_R | ARM_U }, { 0x255D, ARM_HEAVY | ARM_L | ARM_U },
    };
    for (size_t i = 0; i < sizeof BOX / sizeof *BOX; i++)
        if (BOX[i].ch == ch)
            return BOX[i].arms;
    return 0;
}

static bool draw_box(const Svg *g, int x, int y, uint32_t ch, int fg)
{
    int arms = box_arms(ch);
    if (!arms)
        return false;
    int cx = x * CW + CW / 2, cy = y * CH + CH / 2;
    sb_printf(g->out, "<path stroke=\"#%06x\" stroke-width=\"%s\" fill=\"none\" d=\"", fg,
              arms & ARM_HEAVY ? "2" : "1");
    if (arms & ARM_L)
        sb_printf(g->out, "M%d %dH%d", x * CW, cy, cx);
    if (arms & ARM_R)
        sb_printf(g->out, "M%d %dH%d", cx, cy, (x + 1) * CW);
    if (arms & ARM_U)
        sb_printf(g->out, "M%d %dV%d", cx, y * CH, cy);
    if (arms & ARM_D)
        sb_printf(g->out, "M%d %dV%d", cx, cy, (y + 1) * CH);
    sb_append(g->out, "\"/>\n");
    return true;
}

/* A cell drawn as shapes (braille, blocks, lines): true when it was. */
static bool draw_shape(const Svg *g, int x, int y)
{
    const CanvasCell *cell = cell_at(g, x, y);
    int fg, bg;
    cell_colors(g, cell, &fg, &bg);
    if (cell->ch > 0x2800 && cell->ch <= 0x28FF) {
        draw_braille(g, x, y, cell->ch, fg);
        return true;
    }
    return cell->ch == 0x2800 || draw_block(g, x, y, cell->ch, fg) || draw_box(g, x, y, cell->ch, fg);
}

/* ---- text ------------------------------------------------------------------------ */

/* A character XML 1.0 allows in text (else it is written as '?'). */
static bool xml_char(uint32_t ch)
{
    return ch == 0x9 || (ch >= 0x20 && ch <= 0xD7FF) || (ch >= 0xE000 && ch <= 0xFFFD) ||
           (ch >= 0x10000 && ch <= 0x10FFFF);
}

static void put_escaped(StrBuf *out, uint32_t ch)
{
    switch (ch) {
    case '&': sb_append(out, "&amp;"); break;
    case '<': sb_append(out, "&lt;"); break;
    case '>': sb_append(out, "&gt;"); break;
    default: canvas_put_utf8(out, xml_char(ch) ? ch : '?'); break;
    }
}

/* Is the cell plain text (not blank, not a shape, not a wide char's right half)? */
static bool is_text(const CanvasCell *cell)
{
    uint32_t ch = cell->ch;
    return ch != ' ' && ch != 0 && !(ch >= 0x2800 && ch <= 0x28FF) && box_arms(ch) == 0 &&
           !(ch == 0x2588 || ch == 0x2580 || ch == 0x2584 || (ch >= 0x2591 && ch <= 0x2593));
}

static bool same_style(const Svg *g, const CanvasCell *a, const CanvasCell *b)
{
    int fa, ba, fb, bb;
    cell_colors(g, a, &fa, &ba);
    cell_colors(g, b, &fb, &bb);
    int mask = CANVAS_ATTR_BOLD | CANVAS_ATTR_UNDERLINE | CANVAS_ATTR_DIM;
    return fa == fb && (a->attr & mask) == (b->attr & mask);
}

/* The end (exclusive) of the text run that starts at x: cells of one style,
 * with a wide character's right half kept with it. */
static int text_run_end(const Svg *g, int x, int y)
{
    const CanvasCell *first = cell_at(g, x, y);
    int end = x + 1;
    for (; end < g->c->w; end++) {
        const CanvasCell *cell = cell_at(g, end, y);
        if (cell->ch == 0)
            continue;
        if (!is_text(cell) || !same_style(g, first, cell))
            break;
    }
    return end;
}

static void draw_text_run(const Svg *g, int x, int end, int y)
{
    const CanvasCell *first = cell_at(g, x, y);
    int fg, bg;
    cell_colors(g, first, &fg, &bg);
    sb_printf(g->out,
              "<text x=\"%d\" y=\"%d\" textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\" fill=\"#%06x\"%s%s%s>",
              x * CW, y * CH + 12, (end - x) * CW, fg,
              first->attr & CANVAS_ATTR_BOLD ? " font-weight=\"bold\"" : "",
              first->attr & CANVAS_ATTR_UNDERLINE ? " text-decoration=\"underline\"" : "",
              first->attr & CANVAS_ATTR_DIM ? " fill-opacity=\"0.6\"" : "");
    for (int i = x; i < end; i++)
        if (cell_at(g, i, y)->ch != 0)
            put_escaped(g->out, cell_at(g, i, y)->ch);
    sb_append(g->out, "</text>\n");
}

static void draw_glyphs(const Svg *g)
{
    for (int y = 0; y < g->c->h; y++)
        for (int x = 0; x < g->c->w;) {
            if (is_text(cell_at(g, x, y))) {
                int end = text_run_end(g, x, y);
                draw_text_run(g, x, end, y);
                x = end;
                continue;
            }
            draw_shape(g, x, y);
            x++;
        }
}

void canvas_render_svg(const Canvas *c, CanvasSvgColor color, void *ctx, StrBuf *out)
{
    Svg g = { c, color ? color : canvas_svg_color, ctx, out };
    int w = c->w * CW, h = c->h * CH;
    sb_printf(out,
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%d\" height=\"%d\" "
              "viewBox=\"0 0 %d %d\">\n"
              "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#%06x\"/>\n",
              w, h, w, h, w, h, PAGE_BG);
    draw_backgrounds(&g);
    sb_append(out, "<g font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"13\" "
                   "xml:space=\"preserve\">\n");
    draw_glyphs(&g);
    sb_append(out, "</g>\n</svg>\n");
}
