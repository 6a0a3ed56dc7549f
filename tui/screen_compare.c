/* screen_compare.c - every classifier on the same split, side by side.
 *
 * `c` from any screen opens it for the chosen dataset.  The comparison runs
 * in the background (eval_compare), showing which model is being trained;
 * then one table, sortable (`s` cycles the column, `S` reverses): accuracy,
 * macro precision, recall and F1, AUC, fit and predict times, and McNemar's
 * p-value against the best model (* = significant at 0.05).  Two models'
 * confusion matrices are drawn side by side below: `a` and `b` pick them
 * (the best and the runner-up at first).  Accuracy and fit time as bars
 * (view_bars.c) stand beside the table on a wide terminal, else `v` shows
 * them in place of the matrices.  Enter opens the selected model's run
 * screen.
 *
 * The screen object is a CompareScreen; its tick starts the comparison
 * when the data is there and adopts the result, its draw only draws, its
 * keys are two binding tables (while running, with the result).
 *
 * While it runs the screen is not "busy" (tui_app.h): the progress is drawn
 * 4 times a second, and at once when a model finishes (the tick asks for
 * the frame), not 25 times a second: the fits use both cores and every
 * frame (ours and the terminal's) is time taken from them (issue 14). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "report.h"
#include "tui_app.h"
#include "tui_data.h"
#include "tui_export.h"
#include "tui_jobs.h"
#include "tui_mouse.h"
#include "tui_progress.h"
#include "compare_matrix.h"
#include "tui_ui.h"
#include "view_bars.h"

#define MAX_ROWS 16

enum { COL_NAME, COL_ACC, COL_PREC, COL_REC, COL_F1, COL_AUC, COL_FIT, COL_PRED, COL_P, N_COLS };
static const char *const COL_NAMES[N_COLS] = { "model", "accuracy", "precision", "recall", "F1",
                                               "AUC", "fit", "predict", "p vs best" };

typedef struct CompareScreen {
    Screen base;
    bool open;
    char dataset[128];
    DataSlot *slot;
    Job job;
    bool job_inited, started;
    const Algo *algos[MAX_ROWS];
    int n_algos;
    CompareResult result;
    bool have_result;
    int order[MAX_ROWS];
    int sort_col;
    bool reverse;
    int selected;          /* position in the sorted table */
    int pick_a, pick_b;    /* row indices (into result.rows) */
    char error[512];
    int current;           /* the algorithm being trained (progress) */
    int shown;             /* the tick's last look at current: a change redraws */
    double model_started;  /* when it started (app_now), atomic */
    double model_done;     /* the fraction of its fit done (0: not told), atomic */
    int col_first;         /* the first metric column shown (←→ scroll them) */
    bool cancelling;       /* asked to stop; joined when it has */
    bool bars;             /* v: bars instead of the matrices (narrow terminals) */
} CompareScreen;

static CompareScreen *cs_of(Screen *s)
{
    return (CompareScreen *)s;
}

/* On the comparison's thread: which model, and how far (issue 12: the fit's
 * fraction from the networks and the forest, and the whole comparison's). */
static void progress_cb(void *ctx, int index, int n, int fold, int folds, const char *algo_name,
                        double done)
{
    CompareScreen *cs = ctx;
    Job *job = &cs->job;
    if (done == 0) {
        double now = app_now();
        __atomic_store(&cs->model_started, &now, __ATOMIC_RELAXED);
    }
    __atomic_store(&cs->model_done, &done, __ATOMIC_RELAXED);
    __atomic_store_n(&cs->current, index, __ATOMIC_RELAXED);
    if (folds > 0) /* folds outside, the models inside */
        job_set_progress(job, (fold * n + index + done) / (n * folds), "%s, fold %d of %d",
                         algo_name, fold + 1, folds);
    else
        job_set_progress(job, (index + done) / n, "training %s (%d of %d)", algo_name,
                         index + 1, n);
}

static int compare_job(Job *job, void *arg)
{
    CompareScreen *cs = arg;
    return eval_compare(cs->algos, cs->n_algos, NULL, &cs->slot->data, NULL, progress_cb, cs,
                        &job->cancel, &cs->result, &job->err);
}

static void close_compare(CompareScreen *cs)
{
    if (cs->job_inited) {
        job_destroy(&cs->job);
        cs->job_inited = false;
    }
    if (cs->have_result)
        compare_result_free(&cs->result);
    cs->have_result = false;
    if (cs->slot)
        data_release(cs->slot);
    cs->slot = NULL;
    cs->open = false;
}

/* A new comparison of every classifier (those needing images only on an
 * image set), started by the tick once the data is loaded. */
static void start_compare(CompareScreen *cs, const char *dataset, bool images)
{
    close_compare(cs);
    memset((char *)cs + sizeof cs->base, 0, sizeof *cs - sizeof cs->base);
    cs->open = true;
    snprintf(cs->dataset, sizeof cs->dataset, "%s", dataset);
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n && cs->n_algos < MAX_ROWS; i++)
        if (all[i]->kind == ALGO_CLASSIFIER && (images || !all[i]->needs_images))
            cs->algos[cs->n_algos++] = all[i];
    cs->slot = data_acquire(dataset, ALGO_CLASSIFIER);
    if (!cs->slot)
        snprintf(cs->error, sizeof cs->error, "too many datasets in use");
    job_init(&cs->job);
    cs->job_inited = true;
    cs->sort_col = COL_ACC;
    cs->pick_a = cs->pick_b = -1;
}

void compare_screen_open(App *app)
{
    CompareScreen *cs = cs_of(app->screens[SCREEN_COMPARE]);
    const DatasetInfo *info = app->dataset[0] ? dataset_info(app->dataset) : NULL;
    if (info && info->task != DS_CLASSIFICATION) {
        app_message(app, "compare needs a classification dataset (%s is regression)", app->dataset);
        return;
    }
    if (!cs->open || cs->cancelling || strcmp(cs->dataset, app->dataset) != 0)
        start_compare(cs, app->dataset, info && info->image);
    app_push(app, &cs->base);
}

/* ---- sorting ---------------------------------------------------------------------- */

static double col_value(const CompareRow *r, int col)
{
    switch (col) {
    case COL_ACC: return r->accuracy;
    case COL_PREC: return r->precision;
    case COL_REC: return r->recall;
    case COL_F1: return r->f1;
    case COL_AUC: return r->auc;
    case COL_FIT: return r->fit_seconds;
    case COL_PRED: return r->predict_seconds;
    case COL_P: return r->p_value;
    default: return 0;
    }
}

/* Is row i ahead of row j?  Failed rows last; NaN after numbers; higher
 * metrics first, lower times and p-values first. */
static bool ahead(const CompareScreen *cs, int i, int j)
{
    const CompareRow *a = &cs->result.rows[i], *b = &cs->result.rows[j];
    if (!a->error[0] != !b->error[0])
        return !a->error[0];
    bool res;
    if (cs->sort_col == COL_NAME) {
        res = strcmp(a->algo->name, b->algo->name) < 0;
    } else {
        double va = col_value(a, cs->sort_col), vb = col_value(b, cs->sort_col);
        if (isnan(va) != isnan(vb))
            return !isnan(va);
        bool lower_first = cs->sort_col == COL_FIT || cs->sort_col == COL_PRED || cs->sort_col == COL_P;
        res = lower_first ? va < vb : va > vb;
        if (va == vb)
            res = i < j;
    }
    return cs->reverse ? !res : res;
}

static void sort_rows(CompareScreen *cs)
{
    int n = cs->result.n_rows;
    for (int i = 0; i < n; i++)
        cs->order[i] = i;
    for (int i = 1; i < n; i++) /* insertion sort: a dozen rows */
        for (int j = i; j > 0 && ahead(cs, cs->order[j], cs->order[j - 1]); j--) {
            int t = cs->order[j];
            cs->order[j] = cs->order[j - 1];
            cs->order[j - 1] = t;
        }
}

/* ---- polling ---------------------------------------------------------------------- */

/* The comparison finished: sort it, and show the best and the runner-up
 * by accuracy as the matrices. */
static void adopt_result(CompareScreen *cs)
{
    job_wait(&cs->job);
    cs->have_result = true;
    sort_rows(cs);
    cs->pick_a = cs->result.best;
    for (int i = 0; i < cs->result.n_rows; i++) {
        int r = cs->order[i];
        if (r != cs->pick_a && !cs->result.rows[r].error[0]) {
            cs->pick_b = r;
            break;
        }
    }
}

/* The comparison's data is loaded (a failure to load is its error). */
static bool data_ready(CompareScreen *cs)
{
    if (!cs->open || cs->error[0] || !cs->slot)
        return false;
    JobState ds = data_state(cs->slot);
    if (ds == JOB_FAILED)
        snprintf(cs->error, sizeof cs->error, "%s", cs->slot->job.err.msg);
    return ds == JOB_DONE;
}

static void clamp_columns(CompareScreen *cs, int w);

static void compare_tick(Screen *s, App *app)
{
    CompareScreen *cs = cs_of(s);
    int bx, by, bw, bh;
    app_body(app, &bx, &by, &bw, &bh);
    clamp_columns(cs, bw - 4);
    if (!data_ready(cs))
        return;
    if (!cs->started) {
        Error err;
        if (job_start(&cs->job, compare_job, cs, &err) < 0)
            snprintf(cs->error, sizeof cs->error, "%s", err.msg);
        cs->started = true;
        app->redraw = true;
        return;
    }
    JobState js = job_state(&cs->job);
    int current = __atomic_load_n(&cs->current, __ATOMIC_RELAXED);
    if (current != cs->shown) /* a model finished: its tick mark at once */
        app->redraw = true;
    cs->shown = current;
    if (js == JOB_FAILED && !cs->error[0]) {
        snprintf(cs->error, sizeof cs->error, "%s", cs->job.err.msg);
        app->redraw = true;
    } else if (js == JOB_DONE && !cs->have_result) {
        adopt_result(cs);
        app->redraw = true;
    }
}

/* ---- drawing ------------------------------------------------------------------------ */

/* A model of the comparison: done (at < 0), being trained (0: with its
 * percentage and ETA when the algorithm reports them, else the seconds so
 * far), waiting. */
static void progress_line(const CompareScreen *cs, Canvas *c, int x, int row, int w,
                          const Algo *a, int at)
{
    const char *mark = at < 0 ? (c->ascii ? "done " : "\u2713    ") : at == 0 ? ui_spinner(c) : " ";
    Style st = at < 0 ? ST_GOOD : at == 0 ? ST_HIGHLIGHT : ST_DIM;
    const char *title = a->title ? a->title : a->name;
    if (at != 0) {
        ui_printf(c, x, row, w, st, "%-5s %s", mark, title);
        return;
    }
    double started, done;
    __atomic_load(&cs->model_started, &started, __ATOMIC_RELAXED);
    __atomic_load(&cs->model_done, &done, __ATOMIC_RELAXED);
    double spent = started > 0 ? app_now() - started : 0;
    char eta[48];
    if (done > 0)
        tui_progress_text(done, spent, eta, sizeof eta);
    else
        snprintf(eta, sizeof eta, "%.1f s", spent);
    ui_printf(c, x, row, w, st, "%-5s %-34s %s", mark, title, eta);
}

static void draw_progress(const CompareScreen *cs, Canvas *c, int x, int y, int w, int h)
{
    char prog[160] = "";
    double f = cs->job_inited ? job_progress(&cs->job, prog, sizeof prog) : -1;
    int row = y + 1;
    if (!cs->started) {
        char lp[240];
        tui_job_text(&cs->slot->job, lp, sizeof lp);
        ui_printf(c, x + 2, row++, w - 4, ST_HIGHLIGHT, "%s %s", ui_spinner(c), lp);
        return;
    }
    double spent = job_elapsed(&cs->job);
    ui_printf(c, x + 2, row++, w - 4, ST_HIGHLIGHT, "%s %s   %.1f s", ui_spinner(c), prog, spent);
    tui_progress_bar(c, x + 2, row++, w - 4, f, spent);
    row++;
    int current = __atomic_load_n(&cs->current, __ATOMIC_RELAXED);
    for (int i = 0; i < cs->n_algos && row < y + h - 1; i++)
        progress_line(cs, c, x + 4, row++, w - 6, cs->algos[i], i - current);
    ui_text(c, x + 2, y + h - 2, w - 4, ST_DIM, "Esc cancels and goes back.");
}

static void fmt_metric(char *buf, int size, double v, double sd, int folds)
{
    if (isnan(v))
        snprintf(buf, (size_t)size, "-");
    else if (folds > 0)
        snprintf(buf, (size_t)size, "%.4f\u00b1%.3f", v, sd);
    else
        snprintf(buf, (size_t)size, "%.4f", v);
}

static const int COL_WIDTHS[N_COLS] = { 34, 10, 10, 9, 9, 9, 10, 10, 11 };
/* The narrowest model column: then the short CLI names ("logreg (best)"). */
#define NAME_MIN_W 22

/* Which columns fit in w cells: the model column (narrowed first, down to
 * NAME_MIN_W) and the metric columns [first, last) from col_first on. */
typedef struct TableFit {
    int name_w, first, last;
    bool short_names; /* too narrow for the titles: every row by its short name */
} TableFit;

/* The model column wide enough for every title with its tag, the winner's
 * with " (best)" too ("A Convolutional neural network (best)" on MNIST), and
 * a space; at least its usual width. */
static int name_width_wanted(const CompareScreen *cs)
{
    int want = COL_WIDTHS[COL_NAME];
    const CompareResult *res = &cs->result;
    const Algo *winner = cs->have_result && res->best >= 0 ? res->rows[res->best].algo : NULL;
    for (int i = 0; i < cs->n_algos; i++) {
        const Algo *a = cs->algos[i];
        int len = 2 + (int)strlen(a->title ? a->title : a->name) + 1;
        if (a == winner)
            len += (int)strlen(" (best)");
        if (len > want)
            want = len;
    }
    return want;
}

static TableFit fit_table(int col_first, int w, int name_want)
{
    TableFit f = { name_want, col_first, col_first, false };
    int rest = 0;
    for (int col = col_first; col < N_COLS; col++)
        rest += COL_WIDTHS[col];
    if (f.name_w + rest > w)
        f.name_w = w - rest > NAME_MIN_W ? w - rest : NAME_MIN_W;
    f.short_names = f.name_w < name_want;
    for (int cx = f.name_w; f.last < N_COLS && cx + COL_WIDTHS[f.last] <= w; f.last++)
        cx += COL_WIDTHS[f.last];
    return f;
}

/* col_first no further right than needed to show the last column. */
static void clamp_columns(CompareScreen *cs, int w)
{
    if (cs->col_first < COL_ACC)
        cs->col_first = COL_ACC;
    if (cs->col_first > N_COLS - 1)
        cs->col_first = N_COLS - 1;
    while (cs->col_first > COL_ACC && fit_table(cs->col_first - 1, w, name_width_wanted(cs)).last == N_COLS)
        cs->col_first--;
}

static const char *sort_mark(const CompareScreen *cs, const Canvas *c, int col)
{
    if (col != cs->sort_col)
        return "";
    if (cs->reverse)
        return c->ascii ? "^" : "\u25b2";
    return c->ascii ? "v" : "\u25bc";
}

/* The column headings (the sorted one marked; "←→ more" when columns are
 * out of sight); returns the table's width. */
static int draw_headings(const CompareScreen *cs, Canvas *c, int x, int y, const TableFit *f)
{
    char head[64];
    bool more = f->first > COL_ACC || f->last < N_COLS;
    snprintf(head, sizeof head, "%s%s%s", COL_NAMES[COL_NAME], sort_mark(cs, c, COL_NAME),
             more ? "  \u2190\u2192 more" : "");
    ui_printf(c, x, y, f->name_w, ST_HEADING, "%-*s", f->name_w, head);
    int cx = x + f->name_w;
    for (int col = f->first; col < f->last; col++) {
        int cw = COL_WIDTHS[col];
        snprintf(head, sizeof head, "%s%s", COL_NAMES[col], sort_mark(cs, c, col));
        ui_printf(c, cx, y, cw, ST_HEADING, "%*s", cw - 1, head);
        cx += cw;
    }
    return cx - x;
}

/* The cells of a row that trained: metrics, times, the p-value. */
static void row_cells(const CompareScreen *cs, const CompareRow *row, bool best,
                      char cell[N_COLS][48])
{
    int folds = cs->result.folds;
    fmt_metric(cell[COL_ACC], 48, row->accuracy, row->accuracy_std, folds);
    fmt_metric(cell[COL_PREC], 48, row->precision, row->precision_std, folds);
    fmt_metric(cell[COL_REC], 48, row->recall, row->recall_std, folds);
    fmt_metric(cell[COL_F1], 48, row->f1, row->f1_std, folds);
    fmt_metric(cell[COL_AUC], 48, row->auc, row->auc_std, folds);
    ui_fmt_seconds(cell[COL_FIT], 48, row->fit_seconds);
    ui_fmt_seconds(cell[COL_PRED], 48, row->predict_seconds);
    if (best || isnan(row->p_value))
        snprintf(cell[COL_P], 48, "-");
    else
        snprintf(cell[COL_P], 48, "%.3g%s", row->p_value, row->significant ? " *" : "  ");
}

static const char *pick_tag(const CompareScreen *cs, int r)
{
    return r == cs->pick_a ? "A " : r == cs->pick_b ? "B " : "  ";
}

/* Table row i (the i-th in the sorted order) on screen row ry. */
static void draw_row(const CompareScreen *cs, Canvas *c, int x, int ry, int w, int i,
                     const TableFit *f)
{
    int r = cs->order[i];
    const CompareRow *row = &cs->result.rows[r];
    bool sel = i == cs->selected, best = r == cs->result.best;
    Style st = sel ? ST_SELECTED : best ? ST_GOOD : ST_NORMAL;
    if (sel)
        ui_fill(c, x, ry, w, 1, ST_SELECTED);
    char name[80];
    int cx = x, nw = f->name_w;
    snprintf(name, sizeof name, "%s%s%s", pick_tag(cs, r),
             f->short_names || !row->algo->title ? row->algo->name : row->algo->title,
             best ? " (best)" : "");
    ui_printf(c, cx, ry, nw, st, "%-*.*s", nw - 1, nw - 1, name);
    cx += nw;
    if (row->error[0]) {
        ui_text(c, cx, ry, x + w - cx, sel ? ST_SELECTED : ST_DIM, row->error);
        return;
    }
    char cell[N_COLS][48];
    row_cells(cs, row, best, cell);
    for (int col = f->first; col < f->last; col++) {
        ui_printf(c, cx, ry, COL_WIDTHS[col], st, "%*s", COL_WIDTHS[col] - 1, cell[col]);
        cx += COL_WIDTHS[col];
    }
}

static void draw_table(const CompareScreen *cs, Canvas *c, int x, int y, int w, int rows_avail)
{
    TableFit f = fit_table(cs->col_first < COL_ACC ? COL_ACC : cs->col_first, w,
                           name_width_wanted(cs));
    int tw = draw_headings(cs, c, x, y, &f);
    ui_hline(c, x, y + 1, w < tw ? w : tw);
    for (int i = 0; i < cs->result.n_rows && i < rows_avail; i++)
        draw_row(cs, c, x, y + 2 + i, w, i, &f);
}

static void draw_matrix(const CompareScreen *cs, Canvas *c, int x, int y, int w, int h, int r, const char *tag)
{
    if (r < 0 || r >= cs->result.n_rows)
        return;
    compare_matrix_draw(c, x, y, w, h, &cs->result.rows[r], cs->result.n_classes,
                        cs->result.class_names, tag);
}

/* The table's rows as bars (view_bars.c): beside the table when the
 * terminal is wide enough, else (v) in place of the matrices. */
static void draw_bars(const CompareScreen *cs, Canvas *c, int x, int y, int w, int h, bool beside)
{
    BarRow rows[MAX_ROWS];
    int n = cs->result.n_rows < MAX_ROWS ? cs->result.n_rows : MAX_ROWS;
    for (int i = 0; i < n; i++) {
        const CompareRow *r = &cs->result.rows[cs->order[i]];
        rows[i] = (BarRow){ r->algo->name, r->accuracy, r->fit_seconds,
                            cs->order[i] == cs->result.best, r->error[0] != 0 };
    }
    if (beside)
        bars_beside(c, x, y, w, rows, n);
    else
        bars_panel(c, x, y, w, h, rows, n);
}

/* The table's full width (every column), and the bars beside it when they fit. */
static int table_full_w(void)
{
    int tw = 0;
    for (int col = 0; col < N_COLS; col++)
        tw += COL_WIDTHS[col];
    return tw;
}

/* Under the table: the matrices A and B, or the bars (v, when not beside). */
static void draw_below(const CompareScreen *cs, Canvas *c, int x, int y, int w, int h, bool beside)
{
    if (h < 5)
        return;
    if (cs->bars && !beside) {
        draw_bars(cs, c, x, y, w, h, false);
        return;
    }
    int half = w / 2;
    draw_matrix(cs, c, x, y, half - 2, h, cs->pick_a, "A");
    draw_matrix(cs, c, x + half, y, half - 2, h, cs->pick_b, "B");
}

static void compare_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const CompareScreen *cs = (const CompareScreen *)s;
    (void)app;
    char title[200];
    const char *name = cs->slot && data_state(cs->slot) == JOB_DONE ? cs->slot->data.name
                       : cs->dataset[0] ? cs->dataset : "breast_cancer";
    snprintf(title, sizeof title, "Compare classifiers on %s", name);
    ui_box(c, x, y, w, h, title, true);
    if (cs->error[0]) {
        ui_text(c, x + 2, y + 2, w - 4, ST_ERROR, cs->error);
        return;
    }
    if (!cs->have_result) {
        draw_progress(cs, c, x, y, w, h);
        return;
    }
    const CompareResult *r = &cs->result;
    char about[200];
    snprintf(about, sizeof about,
             "%d test rows, the same split for every model; p: McNemar's test against the best (* = p < 0.05)",
             r->test_rows);
    if (canvas_text_width(about) > w - 4) /* 80 columns: the same, shorter */
        snprintf(about, sizeof about, "%d test rows, one split for all; p: McNemar vs the best (* p < 0.05)",
                 r->test_rows);
    ui_text(c, x + 2, y + 1, w - 4, ST_DIM, about);
    int table_rows = r->n_rows, tw = w - 4;
    bool beside = tw - table_full_w() - 2 >= BARS_BESIDE_MIN_W;
    if (beside) {
        tw = table_full_w();
        draw_bars(cs, c, x + 2 + tw + 2, y + 3, w - 4 - tw - 2, table_rows + 2, true);
    }
    draw_table(cs, c, x + 2, y + 3, tw, table_rows);
    int my = y + 3 + 2 + table_rows + 1;
    draw_below(cs, c, x + 2, my, w - 4, y + h - 1 - my, beside);
}

/* ---- keys ------------------------------------------------------------------------- */

/* Esc while comparing: cancel (the comparison stops at the next model, or
 * the next poll of a long step; it is joined later, so going back never
 * waits), and let the shared keys go back. */
static bool key_cancel(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)app, (void)key;
    if (cs->job_inited && job_state(&cs->job) == JOB_RUNNING) {
        cs->job.cancel = 1;
        cs->cancelling = true;
    }
    return false;
}

static bool key_move(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)app;
    if ((key == TK_UP || key == 'k') && cs->selected > 0)
        cs->selected--;
    if ((key == TK_DOWN || key == 'j') && cs->selected < cs->result.n_rows - 1)
        cs->selected++;
    return true;
}

static bool key_sort(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)app;
    if (key == 's')
        cs->sort_col = (cs->sort_col + 1) % N_COLS;
    else
        cs->reverse = !cs->reverse;
    sort_rows(cs);
    return true;
}

static bool key_pick(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)app;
    if (key == 'a')
        cs->pick_a = cs->order[cs->selected];
    else
        cs->pick_b = cs->order[cs->selected];
    return true;
}

static bool key_run(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)key;
    app->algo = cs->result.rows[cs->order[cs->selected]].algo;
    app_open_algo(app);
    return true;
}

/* Run again (same split: the same numbers, new timings). */
static bool key_again(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)app, (void)key;
    compare_result_free(&cs->result);
    cs->have_result = false;
    cs->started = false;
    cs->current = cs->shown = 0;
    job_reset(&cs->job);
    return true;
}

static bool key_bars(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    cs_of(s)->bars = !cs_of(s)->bars;
    return true;
}

static bool key_back(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return false;
}

/* ←→: the metric columns scroll sideways when they do not all fit (the
 * tick keeps col_first where the last column shows). */
static bool key_columns(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)app;
    cs->col_first += key == TK_LEFT || key == 'h' ? -1 : 1;
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    clamp_columns(cs, w - 4);
    return true;
}

/* e: the table as JSON and CSV (the formats of `mllab compare --format`),
 * and the screen as text and SVG (tui_export.h). */
static bool key_export(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    (void)key;
    ExportSet e;
    export_init(&e);
    StrBuf *json = export_add(&e, ".json", "results"), *csv = export_add(&e, ".csv", "results");
    report_compare_json(json, cs->slot->data.name, &cs->result);
    report_compare_csv(csv, &cs->result);
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    export_add_screen(&e, app, s, x, y, w, h);
    export_prompt_open(app, &e, "compare", cs->slot->data.name, NULL);
    export_free(&e);
    return true;
}

/* A click on a model's row selects it; on the selected one, opens its run
 * screen (Enter).  The rows are where compare_draw puts them. */
static bool key_click(Screen *s, App *app, int key)
{
    CompareScreen *cs = cs_of(s);
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    int i = mouse_row_in(app, x + 2, y + 5, w - 4, cs->result.n_rows);
    if (i < 0)
        return true;
    if (i == cs->selected)
        return key_run(s, app, key);
    cs->selected = i;
    return true;
}

static const Binding PROGRESS_ROWS[] = {
    { .keys = { TK_ESC, TK_BACKSPACE }, .name = "Esc", .label = "cancel", .fn = key_cancel,
      .help = "cancel the comparison and go back" },
};

static const Binding TABLE_ROWS[] = {
    { .keys = { TK_UP, TK_DOWN, 'k', 'j' }, .name = "\u2191\u2193", .label = "select",
      .fn = key_move, .help = "select a model (j/k too)" },
    { .keys = { TK_LEFT, TK_RIGHT, 'h', 'l' }, .name = "\u2190\u2192", .label = "columns",
      .fn = key_columns, .help = "scroll the columns sideways when they do not all fit (h/l too)" },
    { .keys = { 's' }, .name = "s", .label = "sort", .fn = key_sort,
      .help = "sort by the next column" },
    { .keys = { 'S' }, .name = "S", .label = "reverse", .fn = key_sort, .help = "reverse the order" },
    { .keys = { 'a', 'b' }, .name = "a/b", .label = "matrices", .fn = key_pick,
      .help = "show the selected model's confusion matrix as A / B" },
    { .keys = { TK_ENTER }, .name = "Enter", .label = "run it", .fn = key_run,
      .help = "open the selected model's run screen" },
    { .keys = { 'R' }, .name = "R", .label = "again", .fn = key_again,
      .help = "run the comparison again" },
    { .keys = { TK_CLICK }, .name = "click", .fn = key_click,
      .help = "select a model (click it again: its run screen); the wheel moves" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .fn = key_back, /* help: Everywhere */ },
    { .keys = { 'e' }, .name = "e", .label = "export", .fn = key_export,
      .help = "export: the table (JSON, CSV) and the screen (text, SVG) to files" },
    { .keys = { 'v' }, .name = "v", .label = "bars", .fn = key_bars,
      .help = "accuracy and fit time as bars instead of the matrices (beside the table when wide)" },
};

static const Bindings PROGRESS = BINDINGS("Compare (running)", PROGRESS_ROWS, NULL, false);
static const Bindings TABLE = BINDINGS("Compare", TABLE_ROWS, NULL, false);

static const Bindings *compare_bindings(const Screen *s)
{
    return ((const CompareScreen *)s)->have_result ? &TABLE : &PROGRESS;
}

static void compare_shutdown(Screen *s)
{
    close_compare(cs_of(s));
}

static void compare_destroy(Screen *s)
{
    compare_shutdown(s);
    free(s);
}

static const ScreenClass COMPARE_CLASS = {
    .name = "Compare",
    .tick = compare_tick,
    .draw = compare_draw,
    .bindings = compare_bindings,
    .shutdown = compare_shutdown,
    .destroy = compare_destroy,
};

Screen *compare_screen_new(void)
{
    CompareScreen *cs = calloc(1, sizeof *cs);
    if (!cs)
        return NULL;
    cs->base.cls = &COMPARE_CLASS;
    return &cs->base;
}
