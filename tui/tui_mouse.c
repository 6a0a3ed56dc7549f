/* tui_mouse.c - the mouse as keys (see tui_mouse.h): curses' mouse events
 * turned into TK_CLICK and the wheel keys, and the hit tests the screens'
 * click handlers use. */
#include "tui_mouse.h"

#include <curses.h>
#include <stdlib.h>

/* The wheel's "down" button is the fifth (not in every ncurses build). */
#ifndef BUTTON5_PRESSED
#define BUTTON5_PRESSED 0
#endif

static int last_x = -1, last_y = -1;

bool mouse_key(int key)
{
    return key == TK_CLICK || key == TK_WHEEL_UP || key == TK_WHEEL_DOWN;
}

int mouse_wheel_arrow(int key)
{
    return key == TK_WHEEL_UP ? TK_UP : key == TK_WHEEL_DOWN ? TK_DOWN : 0;
}

int mouse_row_in(const App *app, int x, int y, int w, int h)
{
    int mx = app->mouse_x, my = app->mouse_y;
    if (mx < x || mx >= x + w || my < y || my >= y + h)
        return -1;
    return my - y;
}

bool mouse_in(const App *app, int x, int y, int w, int h)
{
    return mouse_row_in(app, x, y, w, h) >= 0;
}

void mouse_enable(void)
{
    const char *off = getenv("MLLAB_NO_MOUSE");
    if (off && *off)
        return;
    /* Presses, reported at once (no click timing to wait for).  The
     * release is asked for too, and read as nothing: left out of the mask,
     * curses swallows it inside a read that then waits for the next key
     * past its timeout, and the screen froze after each click.  A press and
     * its release read together are merged into one CLICKED (RELEASED
     * alone without it in the mask): a click too. */
    mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON4_PRESSED |
                  BUTTON5_PRESSED,
              NULL);
    mouseinterval(0);
}

int mouse_read(int *x, int *y)
{
    MEVENT ev;
    if (getmouse(&ev) != OK)
        return TK_NONE;
    int key = TK_NONE;
    if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
        key = TK_CLICK;
    else if (ev.bstate & BUTTON4_PRESSED)
        key = TK_WHEEL_UP;
    else if (BUTTON5_PRESSED && (ev.bstate & BUTTON5_PRESSED))
        key = TK_WHEEL_DOWN;
    if (key != TK_NONE) {
        last_x = ev.x;
        last_y = ev.y;
    }
    *x = ev.x;
    *y = ev.y;
    return key;
}

void mouse_last(int *x, int *y)
{
    *x = last_x;
    *y = last_y;
}
