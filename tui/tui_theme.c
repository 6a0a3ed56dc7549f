/* tui_theme.c - every colour of the lab, in one place.
 *
 * Two tables: the look of each named style (foreground and background
 * palette indices plus attributes, with a monochrome variant), and the
 * terminal colour behind each palette index for 256-colour and 8-colour
 * terminals.  The canvas palette (CANVAS_COLOR_*) is extended here with a
 * few indices only the chrome uses (bars, selection). */
#include <stddef.h>

#include "tui_ui.h"

/* Palette indices beyond the canvas's own, for the chrome. */
enum {
    THEME_BAR_BG = 40,
    THEME_BAR_FG,
    THEME_SEL_BG,
    THEME_SEL_FG,
    THEME_SEL_DIM_BG,
    /* A warm ramp (dark red .. yellow) for cells picked out of a grey
     * image: the convolution's window.  16 levels like the grey ramp. */
    THEME_TINT = 48
};

#define A_B CANVAS_ATTR_BOLD
#define A_R CANVAS_ATTR_REVERSE
#define A_U CANVAS_ATTR_UNDERLINE
#define A_D CANVAS_ATTR_DIM

static const StyleCell COLOR_STYLES[ST_COUNT] = {
    [ST_NORMAL] = { 0, 0, 0 },
    [ST_DIM] = { CANVAS_COLOR_DIM, 0, 0 },
    [ST_TITLE] = { CANVAS_COLOR_TITLE, 0, A_B },
    [ST_HEADING] = { CANVAS_COLOR_HIGHLIGHT, 0, A_B },
    [ST_SELECTED] = { THEME_SEL_FG, THEME_SEL_BG, A_B },
    [ST_SELECTED_DIM] = { 0, THEME_SEL_DIM_BG, A_U },
    [ST_KEY] = { CANVAS_COLOR_HIGHLIGHT, 0, A_B },
    [ST_BAR] = { THEME_BAR_FG, THEME_BAR_BG, 0 },
    [ST_BAR_KEY] = { CANVAS_COLOR_HIGHLIGHT, THEME_BAR_BG, A_B },
    [ST_ERROR] = { CANVAS_COLOR_BAD, 0, A_B },
    [ST_GOOD] = { CANVAS_COLOR_GOOD, 0, 0 },
    [ST_HIGHLIGHT] = { CANVAS_COLOR_HIGHLIGHT, 0, A_B },
    [ST_FRAME] = { CANVAS_COLOR_AXIS, 0, 0 },
    [ST_CODE] = { 5, 0, 0 },
};

static const StyleCell MONO_STYLES[ST_COUNT] = {
    [ST_NORMAL] = { 0, 0, 0 },
    [ST_DIM] = { 0, 0, A_D },
    [ST_TITLE] = { 0, 0, A_B },
    [ST_HEADING] = { 0, 0, A_B | A_U },
    [ST_SELECTED] = { 0, 0, A_R },
    [ST_SELECTED_DIM] = { 0, 0, A_U },
    [ST_KEY] = { 0, 0, A_B },
    [ST_BAR] = { 0, 0, A_R },
    [ST_BAR_KEY] = { 0, 0, A_R | A_B },
    [ST_ERROR] = { 0, 0, A_B },
    [ST_GOOD] = { 0, 0, 0 },
    [ST_HIGHLIGHT] = { 0, 0, A_B },
    [ST_FRAME] = { 0, 0, 0 },
    [ST_CODE] = { 0, 0, 0 },
};

StyleCell theme_style(Style s, bool color)
{
    if (s < 0 || s >= ST_COUNT)
        s = ST_NORMAL;
    return color ? COLOR_STYLES[s] : MONO_STYLES[s];
}

/* Series / class colours 1..8 (blue, orange, green, magenta, cyan, yellow,
 * red, grey), then axis, highlight, dim, good, bad, title. */
static const short FG_256[] = { -1, 39, 208, 41, 170, 44, 220, 196, 250,
                                245, 226, 243, 42, 203, 81 };
static const short FG_8[] = { -1, 4, 3, 2, 5, 6, 3, 1, 7, 7, 3, -1, 2, 1, 6 };
/* Decision regions: dark tints of the class colours, behind the points. */
static const short REGION_BG_256[] = { -1, 17, 52, 22, 53, 23, 58, 88, 237 };

/* Not a colour of the ramps or of the chrome. */
enum { NOT_HERE = -2 };

static int grey_color(int level, bool background, bool rich)
{
    if (rich)
        return level == 0 ? 16 : 232 + (level * 23 + 7) / 15;
    return level >= 8 ? 7 : (background ? -1 : 0);
}

/* The grey ramp of images and the warm tint of the convolution's window. */
static int ramp_color(int idx, bool background, bool rich)
{
    static const short TINT_256[CANVAS_GRAY_LEVELS] = { 124, 124, 160, 160, 166, 166, 202, 202,
                                                        208, 208, 214, 214, 220, 220, 226, 229 };
    if (idx >= CANVAS_COLOR_GRAY && idx < CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS)
        return grey_color(idx - CANVAS_COLOR_GRAY, background, rich);
    if (idx >= THEME_TINT && idx < THEME_TINT + CANVAS_GRAY_LEVELS) {
        int level = idx - THEME_TINT;
        return rich ? TINT_256[level] : level >= 8 ? 3 : 1; /* 8 colours: yellow, red */
    }
    return NOT_HERE;
}

/* The bars and the selection. */
static int chrome_color(int idx, bool rich)
{
    switch (idx) {
    case THEME_BAR_BG: return rich ? 236 : 4;
    case THEME_BAR_FG: return rich ? 252 : 7;
    case THEME_SEL_BG: return rich ? 25 : 4;
    case THEME_SEL_FG: return rich ? 231 : 7;
    case THEME_SEL_DIM_BG: return rich ? 238 : -1;
    default: return NOT_HERE;
    }
}

int theme_color(int idx, bool background, int colors)
{
    bool rich = colors >= 256;
    if (idx <= 0)
        return -1;
    int col = ramp_color(idx, background, rich);
    if (col == NOT_HERE)
        col = chrome_color(idx, rich);
    if (col != NOT_HERE)
        return col;
    if (idx <= CANVAS_COLOR_SERIES_COUNT && background)
        return rich ? REGION_BG_256[idx] : -1; /* 8 colours: marks instead */
    if (idx < (int)(sizeof FG_256 / sizeof FG_256[0]))
        return rich ? FG_256[idx] : FG_8[idx];
    return -1;
}

uint32_t theme_region_mark(int cls, bool ascii)
{
    /* Light marks that keep points readable: class 0 blank, then dots. */
    static const uint32_t UNI[] = { ' ', 0x00B7, ':', 0x2219, '\'', ',', '`', '-' };
    static const uint32_t ASC[] = { ' ', '.', ':', '\'', ',', '`', '-', '~' };
    int k = cls < 0 ? 0 : cls % 8;
    return ascii ? ASC[k] : UNI[k];
}

uint8_t theme_tint(uint8_t idx)
{
    int level = idx >= CANVAS_COLOR_GRAY && idx < CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS
                    ? idx - CANVAS_COLOR_GRAY
                    : 0;
    return (uint8_t)(THEME_TINT + level);
}
