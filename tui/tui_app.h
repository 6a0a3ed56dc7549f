/* tui_app.h - what the screens of the lab share: the App, the Screen object
 * and its class of callbacks, the binding tables, key codes and the few
 * services of the main loop.
 *
 * Like htop's Panel and Action.c, each screen lives in its own file
 * (screen_home.c, screen_dataset.c, screen_run.c, screen_conv.c,
 * screen_compare.c) as a struct that starts with a Screen and holds the
 * screen's own state, plus a ScreenClass of callbacks:
 *   tick      background work: poll jobs, start the runner, ask it for the
 *             snapshot the view needs, advance animations, clamp scrolling
 *   draw      draws into a Canvas and does nothing else (const state)
 *   bindings  the binding table in force (a screen has one per mode: the
 *             run screen's form being edited, Home's search...)
 * One table drives the key dispatch, the footer and the `?` help, so they
 * cannot disagree.  tui_main.c owns the terminal and the single loop:
 * tick, draw, read a key, dispatch it through the tables. */
#ifndef MLLAB_TUI_APP_H
#define MLLAB_TUI_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "algo.h"
#include "canvas.h"
#include "dataset.h"
#include "eval.h"
#include "registry.h"

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
    TK_F1,
    /* The mouse (tui_mouse.h): where it happened is in app->mouse_x/y. */
    TK_CLICK,
    TK_WHEEL_UP,
    TK_WHEEL_DOWN
};

/* The smallest terminal the screens are laid out for. */
#define TUI_MIN_W 80
#define TUI_MIN_H 24

typedef struct App App;
typedef struct Screen Screen;

/* A key handler: true when it used the key (false lets the keys every
 * screen shares have it: Esc goes back). */
typedef bool (*KeyHandler)(Screen *s, App *app, int key);

#define BINDING_MAX_KEYS 10

/* One row of a binding table. */
typedef struct Binding {
    int keys[BINDING_MAX_KEYS]; /* the keys (a 0 ends the list early) */
    const char *name;           /* the keys as the footer and help write them */
    const char *label;          /* footer label ("step"); NULL: help only */
    const char *help;           /* the help line; NULL: footer only (Esc back:
                                 * the shared keys' help lists it) */
    KeyHandler fn;              /* NULL: nothing to do (a hint row) */
    unsigned when;              /* footer contexts it shows in (0: every one) */
    bool before_screen;         /* (the shared keys) tried before the screen's */
    /* A footer label made from the app (e.g. "run kmeans"); overrides label. */
    const char *(*label_of)(const App *app, char *buf, size_t size);
} Binding;

/* A binding table: the keys of one screen in one mode. */
typedef struct Bindings {
    const char *title;          /* the heading of the help */
    const Binding *rows;
    int n;
    KeyHandler other;           /* keys not in the table (a text field); NULL: none */
    bool typing;                /* a text field has the keys: q types q */
} Bindings;

#define BINDINGS(title, rows, other, typing) \
    { (title), (rows), (int)(sizeof(rows) / sizeof((rows)[0])), (other), (typing) }

/* The row of table b that binds key, or NULL. */
const Binding *bindings_find(const Bindings *b, int key);
/* Dispatch key through b: its row's handler, else b->other.  True when used.
 * A wheel key without a row of its own scrolls as the arrows do
 * (MOUSE_WHEEL_LINES presses); an unbound click or wheel never reaches
 * b->other (a text field does not type it). */
bool bindings_dispatch(const Bindings *b, Screen *s, App *app, int key);
/* The footer text "name label|name label" of the rows shown in context
 * `when` (a bit mask). */
void bindings_footer(const Bindings *b, const App *app, unsigned when, char *buf, size_t size);
/* The help text: the title, then "  name   help" for each row with help. */
void bindings_help(const Bindings *b, char *buf, size_t size);

typedef struct ParamForm ParamForm;

typedef struct ScreenClass {
    const char *name;                            /* shown in the header */
    void (*enter)(Screen *s, App *app);          /* made current (may be NULL) */
    void (*tick)(Screen *s, App *app);           /* background work (may be NULL) */
    void (*draw)(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h);
    const Bindings *(*bindings)(const Screen *s);/* the table in force */
    unsigned (*footer_when)(const Screen *s);    /* footer context (NULL: 1) */
    bool (*busy)(const Screen *s);               /* animating: redraw often, 25 frames a
                                                    second (may be NULL); a screen that
                                                    only shows progress is not busy: it
                                                    is drawn 4 times a second and when its
                                                    tick sets app->redraw */
    void (*shutdown)(Screen *s);                 /* stop background threads (may be NULL) */
    void (*destroy)(Screen *s);                  /* free the screen and its state */
} ScreenClass;

/* The head of every screen object. */
struct Screen {
    const ScreenClass *cls;
    ParamForm *form;   /* the parameter form the screen shows, or NULL */
};

/* The screens of the lab, one object each, made when the lab starts. */
enum {
    SCREEN_HOME, SCREEN_DATASET, SCREEN_RUN, SCREEN_CONV, SCREEN_COMPARE,
    /* [lessons] the screens of the lessons (registry.h), opened from Home */
    SCREEN_SOFTMAX, SCREEN_SAMPLING, SCREEN_LM, SCREEN_GRAPH, SCREEN_MEET, SCREEN_TFIDF,
    SCREEN_PRACTICE, /* practice mode (issue 9): screen_practice*.c */
    SCREEN_COUNT
};

Screen *home_screen_new(void);
Screen *dataset_screen_new(void);
Screen *run_screen_new(void);
Screen *conv_screen_new(void);
Screen *compare_screen_new(void);
/* [lessons] */
Screen *softmax_screen_new(void);
Screen *sampling_screen_new(void);
Screen *lm_screen_new(void);
Screen *graph_screen_new(void);
Screen *meet_screen_new(void);
Screen *tfidf_screen_new(void);
Screen *practice_screen_new(void);

#define TUI_STACK_MAX 8

struct App {
    bool ascii;             /* no braille/shades/box drawing           */
    bool color;             /* colours in use (not NO_COLOR, terminal has them) */
    int w, h;               /* terminal size                           */
    Screen *screens[SCREEN_COUNT];
    Screen *stack[TUI_STACK_MAX]; /* screens; the last is shown        */
    int depth;
    bool quit, help;
    int exit_status;
    char fatal[512];        /* a fatal error to print after restoring   */
    char message[512];      /* a note above the footer (errors, hints), wrapped */
    double message_until;

    /* The user's choices, shared by the screens. */
    const Algo *algo;       /* the algorithm selected on Home           */
    char dataset[128];      /* the chosen dataset ("" = default per kind) */

    int mouse_x, mouse_y;   /* the cell of the last click or wheel notch */
    bool redraw;            /* a tick changed what is shown: the next frame is
                               drawn now (not at the idle pace of 4 a second) */
};

/* ---- services of the main loop (tui_main.c) ---------------------------- */
void app_push(App *app, Screen *s);        /* show s on top              */
void app_pop(App *app);                    /* back (never below Home)     */
Screen *app_current(const App *app);
/* The body of a screen: the terminal without the header and footer rows. */
void app_body(const App *app, int *x, int *y, int *w, int *h);
/* A note in the footer for a few seconds. */
void app_message(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A fatal error: the lab ends with status 1 and prints msg afterwards. */
void app_fatal(App *app, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double app_now(void);

/* Open the screen for app->algo on app->dataset: the run screen, or the
 * conv screen for an operation. */
void app_open_algo(App *app);
/* Open the run screen for app->algo (a model) on app->dataset. */
void run_screen_open(App *app);
/* Open the run screen on the learner's code of a stepping exercise (Step
 * your own, docs/practice.md): file, or (NULL) the workspace file in lang
 * ("c" or "python"; NULL: c), on app->dataset (when "": a set the exercise
 * draws well on: blobs, moons, quadratic).  -1 with a message when the
 * exercise cannot be stepped. */
int run_screen_open_learner(App *app, const char *exercise, const char *file, const char *lang);
/* Open the conv screen on app->dataset (an image set, else digits). */
void conv_screen_open(App *app);
/* Open the dataset screen for app->dataset. */
void dataset_screen_open(App *app);
/* Open the compare screen for app->dataset (classifiers). */
void compare_screen_open(App *app);
/* Practice mode (issue 9): open the Practice screen on its list, or on
 * exercise `exercise` (a bank name) when not NULL. */
void practice_screen_open(App *app, const char *exercise);
/* The bank's first exercise on algorithm `algo` ("practise this" on its
 * card): true with its name in name. */
bool practice_exercise_for(const App *app, const char *algo, char *name, size_t size);

/* [lessons] Open the screen of a lesson (tui_lessons.c); a note in the
 * footer when the lab has none yet. */
void lesson_open(App *app, const Lesson *lesson);
void softmax_screen_open(App *app);
void sampling_screen_open(App *app);
/* The language models: the bigram model, or the RNN when rnn. */
void lm_screen_open(App *app, bool rnn);
void graph_screen_open(App *app);
void meet_screen_open(App *app);
void tfidf_screen_open(App *app);

#endif
