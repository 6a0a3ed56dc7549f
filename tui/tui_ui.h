/* tui_ui.h - drawing helpers shared by the screens: named styles, frames,
 * text that fits, the footer of keys, number formatting, text wrapping.
 * Everything draws into a Canvas; the styles and the palette are defined in
 * one place, tui_theme.c. */
#ifndef MLLAB_TUI_UI_H
#define MLLAB_TUI_UI_H

#include <stdbool.h>
#include <stdint.h>

#include "canvas.h"
#include "tui_app.h"

typedef enum {
    ST_NORMAL,
    ST_DIM,
    ST_TITLE,      /* screen title, headings of panels          */
    ST_HEADING,    /* group headings, table headers              */
    ST_SELECTED,   /* the selected row                           */
    ST_SELECTED_DIM, /* the selected row of a panel without focus  */
    ST_KEY,        /* a key in the footer                        */
    ST_BAR,        /* the header and footer bars                 */
    ST_BAR_KEY,
    ST_ERROR,
    ST_GOOD,
    ST_HIGHLIGHT,  /* the newest split, the chosen point         */
    ST_FRAME,
    ST_CODE,       /* pseudocode, formulas                       */
    ST_COUNT
} Style;

typedef struct StyleCell {
    uint8_t fg, bg, attr;
} StyleCell;

/* tui_theme.c: the look of each style, and the terminal colours of the
 * canvas palette. */
StyleCell theme_style(Style s, bool color);
/* Curses colour number for palette index idx as a foreground or background,
 * given how many colours the terminal has; -1 = the terminal default. */
int theme_color(int idx, bool background, int colors);
/* A pattern character that marks a decision region of class cls when
 * backgrounds are not coloured (monochrome or 8 colours). */
uint32_t theme_region_mark(int cls, bool ascii);

/* The warm tint of a grey palette index (CANVAS_COLOR_GRAY + level; other
 * indices count as black): cells picked out of a grey image keep their
 * brightness in a colour of their own. */
uint8_t theme_tint(uint8_t idx);

/* Whether styles use colours (set by the main loop from App.color). */
void ui_set_color(bool on);

/* Text in a style, clipped to max_w cells (< 0: to the canvas); returns the
 * cells written. */
int ui_text(Canvas *c, int x, int y, int max_w, Style s, const char *utf8);
int ui_printf(Canvas *c, int x, int y, int max_w, Style s, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
/* Text padded with spaces to exactly w cells (for selected rows). */
void ui_text_padded(Canvas *c, int x, int y, int w, Style s, const char *utf8);
/* Fill a rectangle with spaces in a style. */
void ui_fill(Canvas *c, int x, int y, int w, int h, Style s);
/* A frame with a title in its top edge; the inside is (x+1, y+1, w-2, h-2). */
void ui_box(Canvas *c, int x, int y, int w, int h, const char *title, bool focused);
/* A horizontal rule. */
void ui_hline(Canvas *c, int x, int y, int w);
/* The footer: "key label|key label" pairs drawn on row y. */
void ui_footer(Canvas *c, int y, int w, const char *keys);
/* A short number: 0.9825, 1.2e+06, 12.5. */
void ui_fmt(char *buf, int size, double v);
/* Seconds as "0.12 s" / "1.5 ms" / "2 m 5 s". */
void ui_fmt_seconds(char *buf, int size, double s);
/* A progress bar of w cells for fraction t in [0, 1]. */
void ui_progress(Canvas *c, int x, int y, int w, double t);
/* A spinner frame for the time now. */
const char *ui_spinner(const Canvas *c);
/* Row i of X (w * h pixels, floats or byte-backed: mat.h) as an image at
 * (x, y) with canvas_image; nothing when it cannot (out of memory). */
void ui_image_row(Canvas *c, int x, int y, const Mat *X, int i, int w, int h);

/* Word-wrap utf8 into lines of at most width cells: calls line(ctx, start,
 * bytes) for each line (no newline).  Long words are cut. */
void ui_wrap(const char *utf8, int width, void (*line)(void *ctx, const char *s, int n),
             void *ctx);

/* utf8 word-wrapped into the box (x, y, w, h): long text (an error and the
 * fix it suggests) is shown whole rather than cut.  Returns the rows used. */
int ui_text_wrapped(Canvas *c, int x, int y, int w, int h, Style s, const char *utf8);

/* Case-insensitive substring test (ASCII folding). */
bool ui_contains(const char *haystack, const char *needle);

/* A single-line text field being edited (search, parameter values). */
typedef struct TextField {
    char text[256];
    int len; /* bytes */
} TextField;

void field_set(TextField *f, const char *s);
/* Apply a key: characters append, Backspace deletes the last character.
 * Returns true when the key was used. */
bool field_key(TextField *f, int key);

#endif
