/* screen_practice_internal.h - what the files of the Practice screen share.
 *
 * The Practice screen (issue 9) is one screen object in four files:
 *   screen_practice.c            the object, the bank and the list of exercises
 *   screen_practice_view.c       an open exercise: statement, tests, hints,
 *                                solution; its keys
 *   screen_practice_check.c      the grader on a background thread, the
 *                                results handed over to the UI thread, the
 *                                learner's editor
 *   screen_practice_interview.c  interview mode: the countdown, the counted
 *                                hints, the summary
 * Only the UI thread touches a PracticeScreen, except the PracticeCheck
 * parts marked "guarded", which the grading thread fills under their lock. */
#ifndef MLLAB_SCREEN_PRACTICE_INTERNAL_H
#define MLLAB_SCREEN_PRACTICE_INTERNAL_H

#include <limits.h>
#include <pthread.h>
#include <stdbool.h>

#include "practice.h"
#include "tui_app.h"
#include "tui_card.h"
#include "tui_jobs.h"
#include "tui_ui.h"

/* Lines of text in their styles (the tests view). */
typedef struct TextLines {
    CardLine *lines;
    int n, cap;
} TextLines;

void lines_clear(TextLines *t);
void lines_free(TextLines *t);
void lines_add(TextLines *t, Style st, const char *text);
/* text word-wrapped to width, later lines indented by indent. */
void lines_wrap(TextLines *t, Style st, int width, const char *indent, const char *text);

typedef enum {
    PM_LIST,            /* the exercises */
    PM_EXERCISE,        /* one exercise open */
    PM_CONFIRM,         /* "show the reference solution? y/n" */
    PM_INTERVIEW_SETUP, /* choosing the length of an interview */
    PM_SUMMARY          /* the interview is over: its summary */
} PracticeMode;

typedef enum { PV_STATEMENT, PV_TESTS, PV_HINTS, PV_SOLUTION, PV_COUNT } PracticeView;

/* A check on the grading thread. */
typedef struct PracticeCheck {
    Job job;
    pthread_mutex_t lock;
    PracticeTestResult *tests; /* guarded: the results so far, in order */
    int n_tests, cap, total;   /* guarded */
    PracticeExercise ex;       /* set before the thread starts, then read-only */
    PracticeLang lang;
    char file[PATH_MAX];
    PracticeReport report;     /* the thread's; read once the job finished */
    volatile int cancelled;    /* set by the UI thread: forget the results */
} PracticeCheck;

/* What the screen shows of the latest check (UI thread). */
typedef struct CheckView {
    char exercise[64];          /* "" = no check yet */
    PracticeLang lang;
    bool running, failed;       /* failed: grading could not run (error says why) */
    PracticeTestResult *tests;
    int n_tests, total;
    bool have_report;           /* finished: report holds the summary */
    PracticeReport report;      /* (its tests are freed; n_tests kept) */
    char error[640];
    double started;
    unsigned version;           /* bumped on every change, so the view is redone */
} CheckView;

typedef struct Interview {
    bool active;            /* the countdown runs */
    double seconds;         /* the length chosen */
    double start, end;      /* app_now() */
    int hints;              /* hints revealed during it */
    bool final_check;       /* time is up: grading the file before the summary */
    char reason[48];        /* why it ended: "time is up", "solved", "ended" */
    double taken;           /* seconds from the start to the end */
    bool checked;           /* a check ran during it */
    int passed, total;      /* the latest one's tests */
    bool compiled;
} Interview;

typedef struct PracticeScreen {
    Screen base;
    PracticeMode mode;
    /* The bank and the learner's progress (reloaded on enter). */
    PracticeExercise *bank;
    PracticeProgress *progress;
    int n_bank;
    char bank_error[512];
    int selected, list_top, list_page;
    /* The open exercise. */
    PracticeExercise ex;
    PracticeLang lang;
    PracticeView view;
    int top[PV_COUNT];     /* first line shown, per view */
    int page;              /* lines visible */
    Card statement, hints_card, solution_card;
    char **hints;
    int n_hints, hints_shown;
    bool solution_shown;
    TextLines tests_lines;
    int tests_width;
    unsigned tests_version;
    /* The check on the grading thread and what is shown of it. */
    PracticeCheck check;
    CheckView cv;
    Interview iv;
} PracticeScreen;

static inline PracticeScreen *practice_of(Screen *s)
{
    return (PracticeScreen *)s;
}

/* screen_practice.c */
int practice_bank_index(const PracticeScreen *ps, const char *name);
void practice_reload_progress(PracticeScreen *ps);
const Bindings *practice_list_bindings(void);
void practice_draw_list(const PracticeScreen *ps, const App *app, Canvas *c, int x, int y,
                        int w, int h);
/* Text of a progress: "solved 2026-12-03, 3 attempts, best 1.2 ms". */
void practice_status_text(const PracticeProgress *p, bool full, char *buf, size_t size);
/* A selection or scroll position moved by a key (arrows, j/k, PgUp/PgDn,
 * Space, Home; End and others: far down, for the caller to clamp). */
int practice_move(int at, int page, int key);

/* screen_practice_view.c */
void practice_open_exercise(PracticeScreen *ps, App *app, int index);
void practice_layout_view(PracticeScreen *ps, const App *app);
void practice_draw_exercise(const PracticeScreen *ps, const App *app, Canvas *c, int x, int y,
                            int w, int h);
const Bindings *practice_exercise_bindings(const PracticeScreen *ps);
void practice_set_hints_card(PracticeScreen *ps);
/* The statement card again (after a change of language or file). */
void practice_set_statement(PracticeScreen *ps);
/* The box in the middle of the body for an overlay of w x h. */
void practice_draw_dialog(Canvas *c, int x, int y, int w, int h, int bw, int bh,
                          const char *title, const char *const *lines, int n);

/* screen_practice_check.c */
void check_init(PracticeCheck *ck);
void check_destroy(PracticeCheck *ck);
/* Start grading the learner's file of ps->ex in ps->lang; false (and a
 * message) when it cannot start. */
bool check_start(PracticeScreen *ps, App *app);
/* Hand the new results to the UI; finish (record progress) when done.
 * True when the check finished in this call. */
bool check_poll(PracticeScreen *ps);
/* Stop a running check at once (its sandboxed programs are killed, the
 * results forgotten) and wait for the thread. */
void check_cancel(PracticeScreen *ps);
bool check_running(const PracticeScreen *ps);
void checkview_free(CheckView *cv);
/* Lay out the tests view for a width. */
void check_layout(PracticeScreen *ps, int width);
/* Open the learner's file (made from the starter when missing) in
 * $VISUAL / $EDITOR, the terminal handed over meanwhile. */
void practice_edit(PracticeScreen *ps, App *app);

/* screen_practice_interview.c */
double interview_default_seconds(char *warning, size_t size);
void interview_tick(PracticeScreen *ps, App *app);
/* A check finished during an interview. */
void interview_checked(PracticeScreen *ps, App *app);
void interview_draw_status(const PracticeScreen *ps, Canvas *c, int x, int y, int w);
void interview_draw_overlay(const PracticeScreen *ps, const App *app, Canvas *c, int x, int y,
                            int w, int h);
const Bindings *interview_setup_bindings(void);
const Bindings *interview_summary_bindings(void);
bool interview_key_begin(Screen *s, App *app, int key);
bool interview_key_end(Screen *s, App *app, int key);
/* "12:05" */
void interview_clock(double seconds, char *buf, size_t size);

#endif
