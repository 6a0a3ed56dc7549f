/* screen_practice.c - the Practice screen (issue 9): the bank of exercises
 * the learner writes themselves, graded by practice/ in a sandbox.
 *
 * This file holds the screen object and its list of exercises: name,
 * topic, difficulty, languages and the learner's status (new / attempted /
 * solved, with the date, attempts and best time) from the progress store,
 * the selected one's details below.  Enter opens an exercise
 * (screen_practice_view.c); the grader runs on a thread
 * (screen_practice_check.c); interview mode has its own file
 * (screen_practice_interview.c).  See screen_practice_internal.h.
 *
 * The bank is read when the lab starts and again each time the screen is
 * shown, so the list holds whatever exercises/ holds; Home asks it which
 * exercise belongs to an algorithm's card ("practise this"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_practice_internal.h"
#include "tui_mouse.h"

/* ---- the bank and the progress ------------------------------------------------ */

int practice_bank_index(const PracticeScreen *ps, const char *name)
{
    for (int i = 0; i < ps->n_bank; i++)
        if (strcmp(ps->bank[i].name, name) == 0)
            return i;
    return -1;
}

void practice_reload_progress(PracticeScreen *ps)
{
    for (int i = 0; i < ps->n_bank; i++)
        if (practice_progress_get(ps->bank[i].name, &ps->progress[i], NULL) != 0)
            memset(&ps->progress[i], 0, sizeof ps->progress[i]);
}

/* Read the bank again, keeping the selection on the same exercise. */
static void load_bank(PracticeScreen *ps)
{
    char keep[64] = "";
    if (ps->selected < ps->n_bank)
        snprintf(keep, sizeof keep, "%s", ps->bank[ps->selected].name);
    free(ps->bank);
    free(ps->progress);
    ps->bank = NULL;
    ps->progress = NULL;
    ps->n_bank = 0;
    ps->bank_error[0] = '\0';
    Error err = { 0 };
    if (practice_bank_list(&ps->bank, &ps->n_bank, &err) != 0) {
        snprintf(ps->bank_error, sizeof ps->bank_error, "%s", err.msg);
        return;
    }
    ps->progress = calloc((size_t)(ps->n_bank ? ps->n_bank : 1), sizeof *ps->progress);
    if (!ps->progress) {
        ps->n_bank = 0;
        snprintf(ps->bank_error, sizeof ps->bank_error, "out of memory");
        return;
    }
    practice_reload_progress(ps);
    int at = keep[0] ? practice_bank_index(ps, keep) : -1;
    ps->selected = at >= 0 ? at : 0;
}

bool practice_exercise_for(const App *app, const char *algo, char *name, size_t size)
{
    const PracticeScreen *ps = (const PracticeScreen *)app->screens[SCREEN_PRACTICE];
    for (int i = 0; ps && algo && i < ps->n_bank; i++)
        if (practice_exercise_for_algorithm(&ps->bank[i], algo)) {
            snprintf(name, size, "%s", ps->bank[i].name);
            return true;
        }
    return false;
}

void practice_status_text(const PracticeProgress *p, bool full, char *buf, size_t size)
{
    if (p->status == PRACTICE_NEW) {
        snprintf(buf, size, "new");
        return;
    }
    int n = snprintf(buf, size, "%s %s", practice_status_name(p->status), p->date);
    if (!full || n < 0 || (size_t)n >= size)
        return;
    n += snprintf(buf + n, size - (size_t)n, ", %d attempt%s", p->attempts,
                  p->attempts == 1 ? "" : "s");
    if (p->best_seconds > 0 && (size_t)n < size) {
        char t[32];
        ui_fmt_seconds(t, sizeof t, p->best_seconds);
        snprintf(buf + n, size - (size_t)n, ", best %s", t);
    }
}

/* ---- drawing the list ------------------------------------------------------------ */

static const char *languages_text(const PracticeExercise *ex)
{
    return ex->has_c && ex->has_python ? "C Python" : ex->has_c ? "C" : "Python";
}

static Style status_style(PracticeStatus s)
{
    return s == PRACTICE_SOLVED ? ST_GOOD : s == PRACTICE_ATTEMPTED ? ST_HIGHLIGHT : ST_DIM;
}

static void draw_row(const PracticeScreen *ps, Canvas *c, int x, int y, int w, int i)
{
    const PracticeExercise *ex = &ps->bank[i];
    bool sel = i == ps->selected;
    char line[256], status[128];
    snprintf(line, sizeof line, " %-22s %-16s %-7s %-9s", ex->name, ex->topic, ex->difficulty,
             languages_text(ex));
    ui_text_padded(c, x, y, w, sel ? ST_SELECTED : ST_NORMAL, line);
    int sx = x + canvas_text_width(line) + 1;
    practice_status_text(&ps->progress[i], w >= 110, status, sizeof status);
    if (sx < x + w - 1)
        ui_text(c, sx, y, x + w - 1 - sx, sel ? ST_SELECTED : status_style(ps->progress[i].status),
                status);
}

/* The selected exercise: its title, status and file. */
static void draw_details(const PracticeScreen *ps, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Exercise", false);
    if (ps->n_bank == 0)
        return;
    const PracticeExercise *ex = &ps->bank[ps->selected];
    const PracticeProgress *p = &ps->progress[ps->selected];
    char status[160], file[PATH_MAX];
    practice_status_text(p, true, status, sizeof status);
    ui_text(c, x + 2, y + 1, w - 4, ST_TITLE, ex->title);
    ui_printf(c, x + 2, y + 2, w - 4, ST_NORMAL, "%s, %s; %s; status: %s; hints seen: %d",
              ex->topic, ex->difficulty, languages_text(ex), status, p->hints);
    if (h > 4 && practice_workspace_file(ex, ex->has_c ? PRACTICE_C : PRACTICE_PYTHON, file,
                                         sizeof file, NULL) == 0) {
        char *slash = strrchr(file, '/');
        if (slash)
            *slash = '\0';
        ui_printf(c, x + 2, y + 3, w - 4, ST_DIM, "your files: %s/", file);
    }
}

void practice_draw_list(const PracticeScreen *ps, const App *app, Canvas *c, int x, int y,
                        int w, int h)
{
    (void)app;
    int detail_h = h >= 20 ? 5 : 4;
    int list_h = h - detail_h;
    char title[64];
    snprintf(title, sizeof title, "Practice: %d exercise%s", ps->n_bank, ps->n_bank == 1 ? "" : "s");
    ui_box(c, x, y, w, list_h, title, true);
    char head[160];
    snprintf(head, sizeof head, " %-22s %-16s %-7s %-9s %s", "EXERCISE", "TOPIC", "LEVEL",
             "LANGUAGES", "STATUS");
    ui_text(c, x + 1, y + 1, w - 2, ST_HEADING, head);
    int inner = list_h - 3;
    for (int r = 0; r < inner && ps->list_top + r < ps->n_bank; r++)
        draw_row(ps, c, x + 1, y + 2 + r, w - 2, ps->list_top + r);
    if (ps->n_bank == 0)
        ui_printf(c, x + 2, y + 2, w - 4, ST_ERROR, "no exercises: %s",
                  ps->bank_error[0] ? ps->bank_error : practice_bank_dir());
    draw_details(ps, c, x, y + list_h, w, detail_h);
}

/* ---- keys: the list --------------------------------------------------------------- */

/* Where a key moves a selection or a scroll position: one row, a page, the
 * first or (a large number, clamped by the caller) the last. */
int practice_move(int at, int page, int key)
{
    switch (key) {
    case TK_UP: case 'k': return at - 1;
    case TK_DOWN: case 'j': return at + 1;
    case TK_PGUP: return at - page;
    case TK_PGDN: case ' ': return at + page;
    case TK_HOME: return 0;
    default: return 1 << 20;
    }
}

static bool list_move(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app;
    ps->selected = practice_move(ps->selected, ps->list_page > 1 ? ps->list_page - 1 : 1, key);
    if (ps->selected >= ps->n_bank)
        ps->selected = ps->n_bank - 1;
    if (ps->selected < 0)
        ps->selected = 0;
    return true;
}

static bool list_open(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    if (ps->n_bank > 0)
        practice_open_exercise(ps, app, ps->selected);
    return true;
}

/* A click on an exercise selects it; on the selected one, opens it.  The
 * rows are where practice_draw_list puts them. */
static bool list_click(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    int r = mouse_row_in(app, x + 1, y + 2, w - 2, ps->list_page);
    if (r < 0 || ps->list_top + r >= ps->n_bank)
        return true;
    if (ps->list_top + r == ps->selected)
        return list_open(s, app, key);
    ps->selected = ps->list_top + r;
    return true;
}

/* Leaving the screen stops a running check (it would grade for nobody). */
static bool list_back(Screen *s, App *app, int key)
{
    (void)key;
    check_cancel(practice_of(s));
    app_pop(app);
    return true;
}

static const Binding LIST_ROWS[] = {
    { .keys = { TK_UP, TK_DOWN, 'k', 'j' }, .name = "\u2191\u2193", .label = "select",
      .fn = list_move, .help = "select an exercise (j/k too)" },
    { .keys = { TK_ENTER }, .name = "Enter", .label = "open", .fn = list_open,
      .help = "open it: statement, your file, tests, hints" },
    { .keys = { TK_PGUP, TK_PGDN, TK_HOME, TK_END }, .name = "PgUp/PgDn", .label = "page",
      .fn = list_move, .help = "a page up or down (Home/End: first, last)" },
    { .keys = { TK_ESC, TK_BACKSPACE }, .name = "Esc", .label = "back", .fn = list_back,
      .help = "back to Home (a running check is stopped)" },
    { .keys = { TK_CLICK }, .name = "click", .fn = list_click,
      .help = "select an exercise (click it again: open it); the wheel moves" },
};
static const Bindings LIST = BINDINGS("Practice: the exercises", LIST_ROWS, NULL, false);

const Bindings *practice_list_bindings(void)
{
    return &LIST;
}

/* ---- the screen object ------------------------------------------------------------- */

static void practice_enter(Screen *s, App *app)
{
    PracticeScreen *ps = practice_of(s);
    (void)app;
    load_bank(ps);
    if (ps->mode != PM_LIST && practice_bank_index(ps, ps->ex.name) < 0)
        ps->mode = PM_LIST; /* the exercise went away */
}

static void scroll_list(PracticeScreen *ps, const App *app)
{
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    int inner = h - (h >= 20 ? 5 : 4) - 3;
    ps->list_page = inner > 1 ? inner : 1;
    if (ps->selected < ps->list_top)
        ps->list_top = ps->selected;
    if (ps->selected >= ps->list_top + ps->list_page)
        ps->list_top = ps->selected - ps->list_page + 1;
    if (ps->list_top < 0)
        ps->list_top = 0;
}

static void practice_tick(Screen *s, App *app)
{
    PracticeScreen *ps = practice_of(s);
    if (check_poll(ps)) {
        practice_reload_progress(ps);
        if (ps->iv.active || ps->iv.final_check)
            interview_checked(ps, app);
    }
    interview_tick(ps, app);
    if (ps->mode == PM_LIST)
        scroll_list(ps, app);
    else
        practice_layout_view(ps, app);
}

static void practice_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const PracticeScreen *ps = (const PracticeScreen *)s;
    if (ps->mode == PM_LIST) {
        practice_draw_list(ps, app, c, x, y, w, h);
        return;
    }
    practice_draw_exercise(ps, app, c, x, y, w, h);
    interview_draw_overlay(ps, app, c, x, y, w, h);
}

static bool confirm_yes(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app, (void)key;
    ps->solution_shown = true;
    ps->mode = PM_EXERCISE;
    ps->view = PV_SOLUTION;
    ps->top[PV_SOLUTION] = 0;
    return true;
}

static bool confirm_no(Screen *s, App *app, int key)
{
    (void)key;
    practice_of(s)->mode = PM_EXERCISE;
    app_message(app, "the solution stays hidden");
    return true;
}

/* The question is modal: other keys do nothing. */
static bool modal_other(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return true;
}

static const Binding CONFIRM_ROWS[] = {
    { .keys = { 'y', 'Y' }, .name = "y", .label = "show it", .fn = confirm_yes,
      .help = "show the reference solution" },
    { .keys = { 'n', 'N', TK_ESC }, .name = "n", .label = "keep it hidden", .fn = confirm_no,
      .help = "keep it hidden (Esc too)" },
};
static const Bindings CONFIRM = BINDINGS("Practice: show the solution?", CONFIRM_ROWS,
                                         modal_other, false);

static const Bindings *practice_bindings(const Screen *s)
{
    const PracticeScreen *ps = (const PracticeScreen *)s;
    switch (ps->mode) {
    case PM_LIST: return practice_list_bindings();
    case PM_CONFIRM: return &CONFIRM;
    case PM_INTERVIEW_SETUP: return interview_setup_bindings();
    case PM_SUMMARY: return interview_summary_bindings();
    default: return practice_exercise_bindings(ps);
    }
}

static bool practice_busy(const Screen *s)
{
    return check_running((const PracticeScreen *)s);
}

static void practice_shutdown(Screen *s)
{
    check_cancel(practice_of(s));
}

static void practice_destroy(Screen *s)
{
    PracticeScreen *ps = practice_of(s);
    check_destroy(&ps->check);
    checkview_free(&ps->cv);
    card_free(&ps->statement);
    card_free(&ps->hints_card);
    card_free(&ps->solution_card);
    lines_free(&ps->tests_lines);
    practice_strings_free(ps->hints, ps->n_hints);
    free(ps->bank);
    free(ps->progress);
    free(ps);
}

static const ScreenClass PRACTICE_CLASS = {
    .name = "Practice",
    .enter = practice_enter,
    .tick = practice_tick,
    .draw = practice_draw,
    .bindings = practice_bindings,
    .busy = practice_busy,
    .shutdown = practice_shutdown,
    .destroy = practice_destroy,
};

Screen *practice_screen_new(void)
{
    PracticeScreen *ps = calloc(1, sizeof *ps);
    if (!ps)
        return NULL;
    ps->base.cls = &PRACTICE_CLASS;
    check_init(&ps->check);
    load_bank(ps); /* Home asks it for the cards' "practise this" */
    return &ps->base;
}

void practice_screen_open(App *app, const char *exercise)
{
    PracticeScreen *ps = practice_of(app->screens[SCREEN_PRACTICE]);
    app_push(app, &ps->base);
    if (ps->iv.active || ps->mode == PM_SUMMARY || ps->mode == PM_INTERVIEW_SETUP)
        return; /* an interview keeps its exercise */
    int at = exercise ? practice_bank_index(ps, exercise) : -1;
    if (at >= 0)
        practice_open_exercise(ps, app, at);
    else if (exercise)
        app_message(app, "no exercise '%s' in the bank", exercise);
    else
        ps->mode = PM_LIST;
}
