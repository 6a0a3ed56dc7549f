/* screen_practice_view.c - an open exercise on the Practice screen.
 *
 * Four views in one pane, Tab (or 1-4) between them:
 *   Statement  statement.md laid out as the cards are (tui_card.h), with
 *              the signature of the chosen language (l: C or Python) and
 *              the learner's file at the top
 *   Tests      the latest check, test by test as they finish
 *   Hints      the hints revealed so far (h reveals the next)
 *   Solution   the reference solution, after "show the reference
 *              solution? y/n" (never during an interview)
 * Above the pane: the exercise, its level, language and status, and the
 * check's progress or the interview's countdown.  The keys are one table
 * outside interviews and one during them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "screen_practice_internal.h"
#include "strbuf.h"

/* ---- text lines (the tests view) ---------------------------------------------------- */

void lines_clear(TextLines *t)
{
    for (int i = 0; i < t->n; i++)
        free(t->lines[i].text);
    t->n = 0;
}

void lines_free(TextLines *t)
{
    lines_clear(t);
    free(t->lines);
    memset(t, 0, sizeof *t);
}

static void lines_add_n(TextLines *t, Style st, const char *text, int n)
{
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 64;
        CardLine *l = realloc(t->lines, (size_t)cap * sizeof *l);
        if (!l)
            return;
        t->lines = l;
        t->cap = cap;
    }
    char *copy = strndup(text, (size_t)n);
    if (!copy)
        return;
    t->lines[t->n].text = copy;
    t->lines[t->n].style = st;
    t->n++;
}

void lines_add(TextLines *t, Style st, const char *text)
{
    lines_add_n(t, st, text, (int)strlen(text));
}

struct WrapTo {
    TextLines *t;
    Style st;
    const char *indent;
    bool first;
};

static void wrap_one(void *vctx, const char *s, int n)
{
    struct WrapTo *w = vctx;
    if (w->first) {
        lines_add_n(w->t, w->st, s, n);
        w->first = false;
        return;
    }
    StrBuf sb = STRBUF_INIT;
    sb_append(&sb, w->indent);
    sb_append_n(&sb, s, (size_t)n);
    if (sb.s)
        lines_add(w->t, w->st, sb.s);
    sb_free(&sb);
}

void lines_wrap(TextLines *t, Style st, int width, const char *indent, const char *text)
{
    struct WrapTo w = { t, st, indent, true };
    int iw = canvas_text_width(indent);
    ui_wrap(text, width - iw > 8 ? width - iw : 8, wrap_one, &w);
}

/* ---- the cards of the views ------------------------------------------------------------ */

/* A card showing markdown (owned by the card from now on). */
static void card_set(Card *card, const char *key, char *markdown)
{
    card_free(card);
    snprintf(card->name, sizeof card->name, "%s", key);
    card->markdown = markdown;
    card->width = -1;
}

/* One declaration as code lines of at most 66 cells, broken after ", ". */
static void append_declaration(StrBuf *sb, const char *decl)
{
    const char *indent = "    ";
    int col = 0;
    sb_append(sb, indent);
    for (const char *p = decl; *p;) {
        const char *comma = strstr(p, ", ");
        size_t n = comma ? (size_t)(comma - p) + 2 : strlen(p);
        if (col > 0 && col + (int)n > 66) {
            sb_append(sb, "\n");
            sb_append(sb, indent);
            sb_append(sb, "        ");
            col = 8;
        }
        sb_append_n(sb, p, n);
        col += (int)n;
        p += n;
    }
    sb_append(sb, "\n");
}

/* The signature, one declaration per line ("a(); b();" or "a -> x; b"). */
static void append_signature(StrBuf *sb, const char *sig)
{
    char copy[512];
    snprintf(copy, sizeof copy, "%s", sig);
    char *save = NULL;
    bool c_style = strchr(sig, '(') && strstr(sig, ");");
    for (char *d = strtok_r(copy, ";", &save); d; d = strtok_r(NULL, ";", &save)) {
        while (*d == ' ')
            d++;
        if (!*d)
            continue;
        char decl[520];
        snprintf(decl, sizeof decl, "%s%s", d, c_style ? ";" : "");
        append_declaration(sb, decl);
    }
}

/* The statement with "your signature" and "your file" after its title. */
void practice_set_statement(PracticeScreen *ps)
{
    const PracticeExercise *ex = &ps->ex;
    char *text = practice_read_file(ex, "statement.md", NULL);
    StrBuf sb = STRBUF_INIT;
    const char *body = text ? text : "# (statement.md is missing)\n";
    const char *nl = body[0] == '#' ? strchr(body, '\n') : NULL;
    size_t head = nl ? (size_t)(nl - body) + 1 : 0;
    sb_append_n(&sb, body, head);
    bool py = ps->lang == PRACTICE_PYTHON;
    sb_printf(&sb, "\n## Your signature (%s; l switches)\n\n", py ? "Python" : "C");
    append_signature(&sb, py ? ex->signature_py : ex->signature_c);
    char file[PATH_MAX];
    if (practice_workspace_file(ex, ps->lang, file, sizeof file, NULL) == 0)
        sb_printf(&sb, "\nYour file: %s (e opens it%s; t tests it)\n", file,
                  access(file, F_OK) == 0 ? "" : ", made from the starter");
    sb_append(&sb, "\n");
    sb_append(&sb, body + head);
    free(text);
    card_set(&ps->statement, "statement", sb.s ? sb.s : strdup(""));
}

void practice_set_hints_card(PracticeScreen *ps)
{
    int shown = ps->iv.active ? ps->iv.hints : ps->hints_shown;
    StrBuf sb = STRBUF_INIT;
    sb_append(&sb, "# Hints\n\n");
    for (int i = 0; i < shown && i < ps->n_hints; i++) {
        sb_append(&sb, ps->hints[i]);
        sb_append(&sb, "\n");
    }
    if (ps->n_hints == 0)
        sb_append(&sb, "This exercise has no hints.\n");
    else if (shown < ps->n_hints)
        sb_printf(&sb, "\n(%d of %d hints shown: h shows the next%s.)\n", shown, ps->n_hints,
                  ps->iv.active ? "; interviews count them" : "");
    else
        sb_printf(&sb, "\n(All %d hints are shown.)\n", ps->n_hints);
    card_set(&ps->hints_card, "hints", sb.s ? sb.s : strdup(""));
}

/* The reference solution of the chosen language as a code block. */
static void set_solution(PracticeScreen *ps)
{
    char file[32];
    snprintf(file, sizeof file, "solution.%s", practice_lang_ext(ps->lang));
    char *code = practice_read_file(&ps->ex, file, NULL);
    StrBuf sb = STRBUF_INIT;
    sb_printf(&sb, "# Reference solution (%s)\n\n```\n",
              ps->lang == PRACTICE_PYTHON ? "Python" : "C");
    for (const char *p = code ? code : "(missing)\n"; *p; p++) {
        if (*p == '\t')
            sb_append(&sb, "    ");
        else
            sb_append_n(&sb, p, 1);
    }
    sb_append(&sb, "\n```\n");
    free(code);
    card_set(&ps->solution_card, "solution", sb.s ? sb.s : strdup(""));
}

/* The language to start in: C, unless the exercise has none or only a
 * Python file was started (as the command line does). */
static PracticeLang first_lang(const PracticeExercise *ex)
{
    char c_file[PATH_MAX], py_file[PATH_MAX];
    if (!ex->has_c)
        return PRACTICE_PYTHON;
    if (practice_workspace_file(ex, PRACTICE_C, c_file, sizeof c_file, NULL) == 0
        && practice_workspace_file(ex, PRACTICE_PYTHON, py_file, sizeof py_file, NULL) == 0
        && access(c_file, F_OK) != 0 && access(py_file, F_OK) == 0)
        return PRACTICE_PYTHON;
    return PRACTICE_C;
}

void practice_open_exercise(PracticeScreen *ps, App *app, int index)
{
    ps->ex = ps->bank[index];
    ps->selected = index;
    ps->lang = first_lang(&ps->ex);
    ps->mode = PM_EXERCISE;
    ps->view = PV_STATEMENT;
    memset(ps->top, 0, sizeof ps->top);
    ps->solution_shown = false;
    practice_strings_free(ps->hints, ps->n_hints);
    ps->hints = NULL;
    ps->n_hints = 0;
    Error err = { 0 };
    if (practice_hints(&ps->ex, &ps->hints, &ps->n_hints, &err) != 0)
        app_message(app, "%s", err.msg);
    int shown = ps->progress[index].hints;
    ps->hints_shown = shown < ps->n_hints ? shown : ps->n_hints;
    practice_set_statement(ps);
    practice_set_hints_card(ps);
    card_free(&ps->solution_card);
    ps->tests_version = ps->cv.version - 1; /* lay the tests view out again */
}

/* ---- layout (tick) ----------------------------------------------------------------------- */

static int view_lines(const PracticeScreen *ps, PracticeView v)
{
    switch (v) {
    case PV_STATEMENT: return ps->statement.n_lines;
    case PV_TESTS: return ps->tests_lines.n;
    case PV_HINTS: return ps->hints_card.n_lines;
    default: return ps->solution_shown ? ps->solution_card.n_lines : 0;
    }
}

void practice_layout_view(PracticeScreen *ps, const App *app)
{
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    int width = w - 4;
    if (ps->solution_shown && !ps->solution_card.markdown)
        set_solution(ps);
    card_layout(&ps->statement, width);
    card_layout(&ps->hints_card, width);
    card_layout(&ps->solution_card, width);
    check_layout(ps, width);
    ps->page = h - 4 > 1 ? h - 4 : 1;
    for (int v = 0; v < PV_COUNT; v++) {
        int max_top = view_lines(ps, (PracticeView)v) - ps->page;
        if (ps->top[v] > max_top)
            ps->top[v] = max_top > 0 ? max_top : 0;
        if (ps->top[v] < 0)
            ps->top[v] = 0;
    }
}

/* ---- drawing ------------------------------------------------------------------------------ */

static const char *const VIEW_NAMES[PV_COUNT] = { "Statement", "Tests", "Hints", "Solution" };

static void draw_title(const PracticeScreen *ps, Canvas *c, int x, int y, int w)
{
    const PracticeExercise *ex = &ps->ex;
    int at = practice_bank_index(ps, ex->name);
    char right[200], status[128] = "new";
    if (at >= 0)
        practice_status_text(&ps->progress[at], w >= 110, status, sizeof status);
    snprintf(right, sizeof right, " %s · %s · %s · %s ", ex->difficulty, ex->topic,
             ps->lang == PRACTICE_PYTHON ? "Python" : "C", status);
    int rw = canvas_text_width(right);
    int tw = ui_text(c, x + 1, y, w - rw - 2, ST_TITLE, ex->name);
    if (x + 1 + tw + 3 < x + w - rw)
        ui_printf(c, x + 1 + tw, y, w - rw - tw - 2, ST_NORMAL, ": %s", ex->title);
    ui_text(c, x + w - rw, y, rw, ST_DIM, right);
}

/* "testing 3 of 7" with a spinner, or the latest check's summary. */
static void draw_check_status(const PracticeScreen *ps, Canvas *c, int x, int y, int w)
{
    const CheckView *cv = &ps->cv;
    if (strcmp(cv->exercise, ps->ex.name) != 0)
        return;
    char buf[160];
    Style st = ST_DIM;
    if (cv->running) {
        if (cv->total)
            snprintf(buf, sizeof buf, "%s testing %d of %d", ui_spinner(c), cv->n_tests,
                     cv->total);
        else
            snprintf(buf, sizeof buf, "%s testing", ui_spinner(c));
        st = ST_HIGHLIGHT;
    } else if (cv->failed) {
        snprintf(buf, sizeof buf, "check failed");
        st = ST_ERROR;
    } else if (cv->have_report && !cv->report.compiled) {
        snprintf(buf, sizeof buf, "does not compile");
        st = ST_ERROR;
    } else if (cv->have_report) {
        bool all = cv->report.n_passed == cv->report.n_tests;
        snprintf(buf, sizeof buf, "%d/%d passed", cv->report.n_passed, cv->report.n_tests);
        st = all ? ST_GOOD : ST_ERROR;
    } else {
        return;
    }
    int bw = canvas_text_width(buf);
    ui_text(c, x + w - bw - 1, y, bw, st, buf);
}

static void draw_tabs(const PracticeScreen *ps, Canvas *c, int x, int y, int w)
{
    int cx = x + 1;
    for (int v = 0; v < PV_COUNT; v++) {
        char tab[32];
        snprintf(tab, sizeof tab, " %d %s ", v + 1, VIEW_NAMES[v]);
        cx += ui_text(c, cx, y, x + w - cx, v == (int)ps->view ? ST_SELECTED : ST_DIM, tab);
        cx += 1;
    }
    if (ps->iv.active || ps->mode == PM_SUMMARY)
        interview_draw_status(ps, c, cx + 1, y, x + w - cx - 1);
    else
        draw_check_status(ps, c, cx, y, x + w - cx);
}

/* The lines of a view from `top`, in the box's inside. */
static void draw_lines(Canvas *c, int x, int y, int w, int h, const CardLine *lines, int n,
                       int top)
{
    for (int i = 0; i < h && top + i < n; i++)
        ui_text(c, x, y + i, w, lines[top + i].style, lines[top + i].text);
}

static void draw_position(Canvas *c, int x, int y, int w, int top, int inner, int n)
{
    if (n <= inner)
        return;
    char pos[48];
    int last = top + inner < n ? top + inner : n;
    snprintf(pos, sizeof pos, " %d-%d/%d ", top + 1, last, n);
    ui_text(c, x + w - 2 - canvas_text_width(pos), y, -1, ST_DIM, pos);
}

static void draw_hidden_solution(const PracticeScreen *ps, Canvas *c, int x, int y, int w)
{
    if (ps->iv.active)
        ui_text(c, x, y, w, ST_DIM, "The solution is disabled during an interview.");
    else
        ui_text(c, x, y, w, ST_DIM, "Hidden: s shows the reference solution (after a question).");
}

static void draw_pane(const PracticeScreen *ps, Canvas *c, int x, int y, int w, int h)
{
    PracticeView v = ps->view;
    ui_box(c, x, y, w, h, VIEW_NAMES[v], true);
    int inner = h - 2, top = ps->top[v];
    const CardLine *lines = NULL;
    int n = view_lines(ps, v);
    if (v == PV_STATEMENT)
        lines = ps->statement.lines;
    else if (v == PV_TESTS)
        lines = ps->tests_lines.lines;
    else if (v == PV_HINTS)
        lines = ps->hints_card.lines;
    else if (ps->solution_shown)
        lines = ps->solution_card.lines;
    if (v == PV_SOLUTION && !ps->solution_shown)
        draw_hidden_solution(ps, c, x + 2, y + 1, w - 4);
    else if (lines)
        draw_lines(c, x + 2, y + 1, w - 4, inner, lines, n, top);
    draw_position(c, x, y + h - 1, w, top, inner, n);
}

void practice_draw_exercise(const PracticeScreen *ps, const App *app, Canvas *c, int x, int y,
                            int w, int h)
{
    (void)app;
    draw_title(ps, c, x, y, w);
    draw_tabs(ps, c, x, y + 1, w);
    draw_pane(ps, c, x, y + 2, w, h - 2);
    if (ps->mode == PM_CONFIRM) {
        static const char *const lines[] = { "Show the reference solution? y/n", "",
                                             "(Try the hints first: h.)" };
        practice_draw_dialog(c, x, y, w, h, 44, 6, "Solution", lines, 3);
    }
}

void practice_draw_dialog(Canvas *c, int x, int y, int w, int h, int bw, int bh,
                          const char *title, const char *const *lines, int n)
{
    if (bw > w - 4)
        bw = w - 4;
    int bx = x + (w - bw) / 2, by = y + (h - bh) / 2;
    ui_fill(c, bx, by, bw, bh, ST_NORMAL);
    ui_box(c, bx, by, bw, bh, title, true);
    for (int i = 0; i < n && i < bh - 2; i++)
        ui_text(c, bx + 2, by + 1 + i, bw - 4, i == 0 ? ST_HEADING : ST_NORMAL, lines[i]);
}

/* ---- keys ------------------------------------------------------------------------------------ */

static bool key_view(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app;
    if (key >= '1' && key <= '4')
        ps->view = (PracticeView)(key - '1');
    else if (key == TK_BTAB)
        ps->view = (PracticeView)((ps->view + PV_COUNT - 1) % PV_COUNT);
    else
        ps->view = (PracticeView)((ps->view + 1) % PV_COUNT);
    return true;
}

static bool key_scroll(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app;
    /* (End goes far down: the layout clamps it.) */
    ps->top[ps->view] = practice_move(ps->top[ps->view], ps->page > 2 ? ps->page - 2 : 1, key);
    return true;
}

static bool key_edit(Screen *s, App *app, int key)
{
    (void)key;
    practice_edit(practice_of(s), app);
    return true;
}

static bool key_lang(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    if (!(ps->ex.has_c && ps->ex.has_python)) {
        app_message(app, "%s is %s only", ps->ex.name, ps->ex.has_c ? "C" : "Python");
        return true;
    }
    ps->lang = ps->lang == PRACTICE_C ? PRACTICE_PYTHON : PRACTICE_C;
    practice_set_statement(ps);
    card_free(&ps->solution_card);
    app_message(app, "language: %s", ps->lang == PRACTICE_C ? "C" : "Python");
    return true;
}

static bool key_test(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    if (check_start(ps, app)) {
        ps->view = PV_TESTS;
        ps->top[PV_TESTS] = 0;
    }
    return true;
}

/* The next hint (recorded; counted during an interview). */
static bool key_hint(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    ps->view = PV_HINTS;
    int *shown = ps->iv.active ? &ps->iv.hints : &ps->hints_shown;
    if (ps->n_hints == 0 || *shown >= ps->n_hints) {
        app_message(app, ps->n_hints ? "all %d hints are shown" : "no hints (%d)", ps->n_hints);
        return true;
    }
    (*shown)++;
    int at = practice_bank_index(ps, ps->ex.name);
    int recorded = at >= 0 && ps->progress[at].hints > *shown ? ps->progress[at].hints : *shown;
    Error err = { 0 };
    if (practice_progress_record_hint(ps->ex.name, recorded, &err) != 0)
        app_message(app, "%s", err.msg);
    else
        app_message(app, "hint %d of %d%s", *shown, ps->n_hints,
                    ps->iv.active ? " (counted in the interview)" : "");
    practice_reload_progress(ps);
    practice_set_hints_card(ps);
    ps->top[PV_HINTS] = 1 << 20; /* the newest hint, at the bottom */
    return true;
}

static bool key_solution(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    if (ps->iv.active) {
        app_message(app, "the solution is disabled during an interview");
    } else if (ps->solution_shown) {
        ps->view = PV_SOLUTION;
    } else {
        ps->mode = PM_CONFIRM;
    }
    return true;
}

static bool key_list(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)app, (void)key;
    ps->mode = PM_LIST;
    practice_reload_progress(ps);
    return true;
}

/* Step your own: open the run screen on this exercise's built-in model with
 * the learner's file stepped in its place (the language chosen here). */
static bool key_step_yours(Screen *s, App *app, int key)
{
    PracticeScreen *ps = practice_of(s);
    (void)key;
    if (!ps->ex.step_algo[0]) {
        app_message(app, "%s is not iterative: nothing to step (k-means, perceptron, logistic "
                         "regression, ridge GD and linear SVM are)", ps->ex.name);
        return true;
    }
    run_screen_open_learner(app, ps->ex.name, NULL, ps->lang == PRACTICE_C ? "c" : "python");
    return true;
}

static bool key_busy_back(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    app_message(app, "an interview is running: i ends it");
    return true;
}

#define VIEW_ROW { .keys = { TK_TAB, TK_BTAB, '1', '2', '3', '4' }, .name = "Tab", \
    .label = "view", .fn = key_view, .help = "next view (1-4: statement, tests, hints, solution)" }
#define SCROLL_ROW { .keys = { TK_UP, TK_DOWN, 'k', 'j', TK_PGUP, TK_PGDN, ' ', TK_HOME, TK_END }, \
    .name = "\u2191\u2193", .label = "scroll", .fn = key_scroll, \
    .help = "scroll the view (PgUp/PgDn, Space, Home/End too)" }
#define EDIT_ROW { .keys = { 'e' }, .name = "e", .label = "edit", .fn = key_edit, \
    .help = "edit your file in $VISUAL/$EDITOR (at first, the starter)" }
#define TEST_ROW { .keys = { 't' }, .name = "t", .label = "test", .fn = key_test, \
    .help = "run the tests in the background: results as they come" }
#define LANG_ROW { .keys = { 'l' }, .name = "l", .label = "C/Python", .fn = key_lang, \
    .help = "C or Python: your signature, file and tests" }

static const Binding EXERCISE_ROWS[] = {
    EDIT_ROW,
    TEST_ROW,
    { .keys = { 'h' }, .name = "h", .label = "hint", .fn = key_hint,
      .help = "reveal the next hint (recorded in your progress)" },
    { .keys = { 's' }, .name = "s", .label = "solution", .fn = key_solution,
      .help = "show the reference solution (asks first)" },
    { .keys = { 'i' }, .name = "i", .label = "interview", .fn = interview_key_begin,
      .help = "interview mode: a countdown, hints counted, no solution" },
    { .keys = { 'y' }, .name = "y", .label = "step yours", .fn = key_step_yours,
      .help = "step your file in the lab, drawn like the built-in one (iterative exercises)" },
    LANG_ROW,
    VIEW_ROW,
    SCROLL_ROW,
    { .keys = { TK_ESC, TK_BACKSPACE }, .name = "Esc", .label = "list", .fn = key_list,
      .help = "back to the list of exercises" },
};

static const Binding INTERVIEW_ROWS[] = {
    EDIT_ROW,
    TEST_ROW,
    { .keys = { 'h' }, .name = "h", .label = "hint (counted)", .fn = key_hint,
      .help = "reveal the next hint (the interview counts them)" },
    { .keys = { 'i' }, .name = "i", .label = "end interview", .fn = interview_key_end,
      .help = "end the interview now (its summary)" },
    { .keys = { 's' }, .name = "s", .label = "no solution", .fn = key_solution,
      .help = "the solution is disabled during an interview" },
    LANG_ROW,
    VIEW_ROW,
    SCROLL_ROW,
    { .keys = { TK_ESC, TK_BACKSPACE }, .name = "Esc", .fn = key_busy_back,
      .help = "(an interview is running: i ends it first)" },
};

static const Bindings EXERCISE = BINDINGS("Practice: an exercise", EXERCISE_ROWS, NULL, false);
static const Bindings INTERVIEW = BINDINGS("Practice: interview", INTERVIEW_ROWS, NULL, false);

const Bindings *practice_exercise_bindings(const PracticeScreen *ps)
{
    return ps->iv.active ? &INTERVIEW : &EXERCISE;
}
