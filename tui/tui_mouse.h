/* tui_mouse.h - the mouse (issue 12): clicks and the wheel as keys.
 *
 * The terminal turns a mouse event into a key (TK_CLICK, TK_WHEEL_UP,
 * TK_WHEEL_DOWN, tui_app.h) and the main loop records where it happened in
 * app->mouse_x / mouse_y, so a screen declares what a click does with a row
 * of its binding table, like any key.  A table without a wheel row scrolls
 * as the arrows do (tui_bind.c).  A terminal without a mouse simply never
 * sends these keys; MLLAB_NO_MOUSE (set, not empty) leaves the mouse to the
 * terminal (its own selection of text). */
#ifndef MLLAB_TUI_MOUSE_H
#define MLLAB_TUI_MOUSE_H

#include <stdbool.h>

#include "tui_app.h"

/* How many arrow presses a notch of the wheel makes where a table has no
 * wheel row of its own. */
#define MOUSE_WHEEL_LINES 3

/* Is key a mouse key (a click or the wheel)? */
bool mouse_key(int key);
/* The arrow key a wheel key stands for (TK_UP, TK_DOWN), or 0. */
int mouse_wheel_arrow(int key);
/* The row of the last mouse event inside the box (x, y, w, h): 0 for its
 * first row, or -1 when the event was outside it. */
int mouse_row_in(const App *app, int x, int y, int w, int h);
/* Is the last mouse event inside the box? */
bool mouse_in(const App *app, int x, int y, int w, int h);

/* ---- the terminal's side (tui_term.c) ---- */
/* Ask curses for presses of the first button and the wheel (no-op when
 * MLLAB_NO_MOUSE is set or the terminal has no mouse). */
void mouse_enable(void);
/* Read the pending curses mouse event: its key (TK_NONE for an event the
 * lab does not use) and its cell. */
int mouse_read(int *x, int *y);
/* The cell of the last mouse key read. */
void mouse_last(int *x, int *y);

#endif
