/* screen_practice_interview.c - interview mode on the Practice screen.
 *
 * `i` on an open exercise asks for the length (45 minutes, or
 * $MLLAB_INTERVIEW_MINUTES: "30", "0.5", or "20s" in seconds; +/- change it
 * by 5 minutes) and starts a countdown shown above the pane.  Meanwhile
 * hints are counted ("hints used: 2") and the solution is disabled.  The
 * interview ends when a check passes every test ("solved"), when `i` ends
 * it, or when the time is up; then the learner's file is graded one last
 * time (unless a check is already running) and a summary shows the tests
 * passed, the hints used and the time taken. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen_practice_internal.h"

#define DEFAULT_MINUTES 45.0
#define STEP_SECONDS 300.0
#define MAX_SECONDS (600.0 * 60)

/* "30" or "0.5" (minutes, "m" or "min" allowed) or "20s" (seconds), between
 * 1 second and 600 minutes. */
static bool parse_length(const char *text, double *seconds)
{
    char *end;
    double v = strtod(text, &end);
    bool in_seconds = strcmp(end, "s") == 0;
    bool in_minutes = *end == '\0' || strcmp(end, "m") == 0 || strcmp(end, "min") == 0;
    *seconds = in_seconds ? v : v * 60;
    return end != text && (in_seconds || in_minutes) && *seconds >= 1 && *seconds <= MAX_SECONDS;
}

double interview_default_seconds(char *warning, size_t size)
{
    const char *env = getenv("MLLAB_INTERVIEW_MINUTES");
    double seconds;
    if (warning && size)
        warning[0] = '\0';
    if (!env || !*env)
        return DEFAULT_MINUTES * 60;
    if (parse_length(env, &seconds))
        return seconds;
    if (warning)
        snprintf(warning, size, "MLLAB_INTERVIEW_MINUTES='%s' is not a length (30, 0.5, 20s): "
                 "45 minutes", env);
    return DEFAULT_MINUTES * 60;
}

void interview_clock(double seconds, char *buf, size_t size)
{
    long s = seconds > 0 ? (long)(seconds + 0.999) : 0;
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%02ld:%02ld", s / 60, s % 60);
}

/* ---- ending ------------------------------------------------------------------------------ */

static void show_summary(PracticeScreen *ps)
{
    ps->mode = PM_SUMMARY;
    /* The hints revealed stay revealed. */
    if (ps->iv.hints > ps->hints_shown)
        ps->hints_shown = ps->iv.hints;
    practice_set_hints_card(ps);
}

static void end_interview(PracticeScreen *ps, const char *reason, double taken)
{
    ps->iv.active = false;
    ps->iv.taken = taken;
    snprintf(ps->iv.reason, sizeof ps->iv.reason, "%s", reason);
}

/* Time is up: grade the file one last time, then the summary. */
static void time_up(PracticeScreen *ps, App *app)
{
    end_interview(ps, "time is up", ps->iv.seconds);
    char file[PATH_MAX];
    bool have_file = practice_workspace_file(&ps->ex, ps->lang, file, sizeof file, NULL) == 0
                     && access(file, F_OK) == 0;
    if (check_running(ps) || (have_file && check_start(ps, app)))
        ps->iv.final_check = true;
    show_summary(ps);
}

void interview_tick(PracticeScreen *ps, App *app)
{
    if (ps->iv.active && app_now() >= ps->iv.end)
        time_up(ps, app);
}

void interview_checked(PracticeScreen *ps, App *app)
{
    const CheckView *cv = &ps->cv;
    if (!cv->have_report || strcmp(cv->exercise, ps->ex.name) != 0) {
        ps->iv.final_check = false;
        return;
    }
    if (cv->started < ps->iv.start && !ps->iv.final_check)
        return; /* started before the interview: it does not count */
    ps->iv.checked = true;
    ps->iv.compiled = cv->report.compiled;
    ps->iv.passed = cv->report.n_passed;
    ps->iv.total = cv->report.n_tests;
    bool solved = cv->report.compiled && cv->report.n_tests > 0
                  && cv->report.n_passed == cv->report.n_tests;
    if (ps->iv.final_check) {
        ps->iv.final_check = false;
    } else if (ps->iv.active && solved) {
        end_interview(ps, "solved", app_now() - ps->iv.start);
        show_summary(ps);
        app_message(app, "solved: the interview is over");
    }
}

/* ---- drawing ----------------------------------------------------------------------------- */

void interview_draw_status(const PracticeScreen *ps, Canvas *c, int x, int y, int w)
{
    char buf[128], left[32];
    if (!ps->iv.active) {
        ui_text(c, x, y, w, ST_DIM, "interview over");
        return;
    }
    double rest = ps->iv.end - app_now();
    interview_clock(rest, left, sizeof left);
    snprintf(buf, sizeof buf, "%s left \u00b7 hints used: %d", left, ps->iv.hints);
    ui_text(c, x, y, w, rest <= 60 ? ST_ERROR : ST_HIGHLIGHT, buf);
}

static void draw_setup(const PracticeScreen *ps, Canvas *c, int x, int y, int w, int h)
{
    char length[64], first[96];
    interview_clock(ps->iv.seconds, length, sizeof length);
    snprintf(first, sizeof first, "Interview: %s on the clock", length);
    const char *lines[] = { first, "",
                            "A countdown starts now.  Hints are counted;",
                            "the solution is disabled until it ends.",
                            "It ends when every test passes, when the",
                            "time is up, or with i.", "",
                            "Enter start   +/- 5 minutes   Esc cancel" };
    practice_draw_dialog(c, x, y, w, h, 50, 10, "Interview", lines, 8);
}

static void result_line(const Interview *iv, const CheckView *cv, char *buf, size_t size)
{
    if (iv->final_check && cv->running)
        snprintf(buf, size, "tests passed: grading your file (%d of %d)...", cv->n_tests,
                 cv->total);
    else if (!iv->checked)
        snprintf(buf, size, "tests passed: no check ran");
    else if (!iv->compiled)
        snprintf(buf, size, "tests passed: 0 of %d (the file does not compile)", iv->total);
    else
        snprintf(buf, size, "tests passed: %d of %d", iv->passed, iv->total);
}

static void draw_summary(const PracticeScreen *ps, Canvas *c, int x, int y, int w, int h)
{
    const Interview *iv = &ps->iv;
    char first[96], result[128], hints[64], taken[96], t1[32], t2[32];
    snprintf(first, sizeof first, "Interview over: %s", iv->reason);
    result_line(iv, &ps->cv, result, sizeof result);
    snprintf(hints, sizeof hints, "hints used: %d of %d", iv->hints, ps->n_hints);
    interview_clock(iv->taken, t1, sizeof t1);
    interview_clock(iv->seconds, t2, sizeof t2);
    snprintf(taken, sizeof taken, "time taken: %s of %s", t1, t2);
    const char *lines[] = { first, "", result, hints, taken, "", "Enter closes" };
    practice_draw_dialog(c, x, y, w, h, 56, 9, "Interview summary", lines, 7);
}

void interview_draw_overlay(const PracticeScreen *ps, const App *app, Canvas *c, int x, int y,
                            int w, int h)
{
    (void)app;
    if (ps->mode == PM_INTERVIEW_SETUP)
        draw_setup(ps, c, x, y, w, h);
    else if (ps->mode == PM_SUMMARY)
        draw_summary(ps, c, x, y, w, h);
}

/* ---- keys ------------------------------------------------------------------------------- */

bool interview_key_begin(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    char warning[256];
    (void)key;
    ps->iv.seconds = interview_default_seconds(warning, sizeof warning);
    if (warning[0])
        app_message(app, "%s", warning);
    ps->mode = PM_INTERVIEW_SETUP;
    return true;
}

static bool setup_start(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    double seconds = ps->iv.seconds;
    memset(&ps->iv, 0, sizeof ps->iv);
    ps->iv.seconds = seconds;
    ps->iv.active = true;
    ps->iv.start = app_now();
    ps->iv.end = ps->iv.start + seconds;
    ps->mode = PM_EXERCISE;
    ps->view = PV_STATEMENT;
    ps->solution_shown = false;
    practice_set_hints_card(ps);
    app_message(app, "the interview starts: good luck");
    return true;
}

static bool setup_length(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app;
    double v = ps->iv.seconds;
    if (key == '+' || key == '=')
        v = v + STEP_SECONDS > MAX_SECONDS ? MAX_SECONDS : v + STEP_SECONDS;
    else if (v - STEP_SECONDS >= STEP_SECONDS)
        v -= STEP_SECONDS;
    else if (v > STEP_SECONDS)
        v = STEP_SECONDS;
    ps->iv.seconds = v;
    return true;
}

static bool setup_cancel(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    practice_of(s)->mode = PM_EXERCISE;
    return true;
}

bool interview_key_end(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app, (void)key;
    end_interview(ps, "ended early", app_now() - ps->iv.start);
    show_summary(ps);
    return true;
}

static bool summary_close(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app, (void)key;
    ps->mode = PM_EXERCISE;
    return true;
}

/* The dialogs are modal: other keys do nothing. */
static bool dialog_other(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return true;
}

static const Binding SETUP_ROWS[] = {
    { .keys = { TK_ENTER }, .name = "Enter", .label = "start", .fn = setup_start,
      .help = "start the interview: the countdown runs" },
    { .keys = { '+', '-', '=' }, .name = "+/-", .label = "5 minutes", .fn = setup_length,
      .help = "5 minutes more or less (or $MLLAB_INTERVIEW_MINUTES)" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "cancel", .fn = setup_cancel,
      .help = "no interview" },
};

static const Binding SUMMARY_ROWS[] = {
    { .keys = { TK_ENTER, TK_ESC }, .name = "Enter", .label = "close", .fn = summary_close,
      .help = "close the summary (Esc too): back to the exercise" },
};

static const Bindings SETUP = BINDINGS("Practice: interview length", SETUP_ROWS, dialog_other,
                                       false);
static const Bindings SUMMARY = BINDINGS("Practice: interview summary", SUMMARY_ROWS,
                                         dialog_other, false);

const Bindings *interview_setup_bindings(void)
{
    return &SETUP;
}

const Bindings *interview_summary_bindings(void)
{
    return &SUMMARY;
}
