/* tui_app.h - what the screens of the lab share: the App state, the Screen
 * callbacks, key codes and the few services of the main loop.
 *
 * Like htop, each screen lives in its own file (screen_home.c,
 * screen_dataset.c, screen_run.c, screen_compare.c) as a small struct of
 * callbacks.  Screens draw into a Canvas (no curses in them); tui_main.c owns
 * the terminal, the loop and the keys, and tui_term.c copies the canvas to
 * the screen. */
#ifndef MLLAB_TUI_APP_H
#define MLLAB_TUI_APP_H

#include <stdbool.h>
#include <stdint.h>

#include "algo.h"
#include "canvas.h"
#include "dataset.h"
#include "eval.h"

/* Keys as the screens see them: a Unicode code point for a character, or one
 * of these (above the Unicode range). */
enum {
    TK_NONE = -1,
    TK_UP = 0x110000,
    TK_DOWN,
    TK_LEFT,
    TK_RIGHT,
    TK_PGUP,
    TK_PGDN,
    TK_HOME,
    TK_END,
    TK_ENTER,
    TK_ESC,
    TK_BACKSPACE,
    TK_DELETE,
    TK_TAB,
    TK_BTAB,
    TK_RESIZE,
    TK_F1
};

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_W 80
#define TUI_MIN_H 24

typedef struct App App;

typedef struct Screen {
    const char *name;                          /* shown in the header      */
    void (*enter)(App *app);                   /* made current (may be NULL) */
    void (*draw)(App *app, Canvas *c, int x, int y, int w, int h); /* the body */
    bool (*key)(App *app, int key);            /* true when handled        */
    const char *(*footer)(App *app);           /* "key label|key label|..." */
    bool (*capturing_text)(App *app);          /* a text field has the keys (q types q) */
    bool (*busy)(App *app);                    /* animating: redraw often  */
    const char *help;                          /* lines for the `?` overlay */
    void (*destroy)(App *app);                 /* free the screen's state  */
} Screen;

extern const Screen screen_home, screen_dataset, screen_run, screen_compare;

#define TUI_STACK_MAX 8

struct App {
    bool ascii;             /* no braille/shades/box drawing           */
    bool color;             /* colours in use (not NO_COLOR, terminal has them) */
    int w, h;               /* terminal size                           */
    const Screen *stack[TUI_STACK_MAX]; /* screens; the last is shown   */
    int depth;
    bool quit, help;
    int exit_status;
    char fatal[512];        /* a fatal error to print after restoring   */
    char message[256];      /* a short note in the footer (errors, hints) */
    double message_until;

    /* The user's choices, shared by the screens. */
    const Algo *algo;       /* the algorithm selected on Home           */
    char dataset[128];      /* the chosen dataset ("" = default per kind) */
};

/* ---- services of the main loop (tui_main.c) ---------------------------- */
void app_push(App *app, const Screen *s);  /* show s on top              */
void app_replace(App *app, const Screen *s);/* replace the current screen */
void app_pop(App *app);                    /* back (never below Home)     */
const Screen *app_current(const App *app);
/* A note in the footer for a few seconds. */
void app_message(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A fatal error: the lab ends with status 1 and prints msg afterwards. */
void app_fatal(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double app_now(void);

/* Open the run screen for app->algo on app->dataset. */
void run_screen_open(App *app);
/* Open the dataset screen for app->dataset. */
void dataset_screen_open(App *app);
/* Open the compare screen for app->dataset (classifiers). */
void compare_screen_open(App *app);
/* Cancel and stop every background thread of the screens (before exit). */
void run_screen_shutdown(App *app);
void compare_screen_shutdown(App *app);
void dataset_screen_shutdown(App *app);

#endif
