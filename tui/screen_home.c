/* screen_home->c - the first screen: the algorithms grouped by what they do,
 * each by its full name, the selected one's card beside the list
 * (scrollable), `/` to search, and a dataset picker (`d`).
 *
 * Enter opens the run screen for the selected algorithm on the chosen
 * dataset; `v` views the chosen dataset.  After the algorithms come the
 * lessons (registry.h: softmax, the language models, tf-idf, sampling, the
 * meeting point, triangle closing); Enter opens a lesson's own screen.
 * `p` opens practice mode, and `e` the exercise on the selected algorithm or
 * lesson when the bank has one (its card says "practise this").
 *
 * The screen object is a HomeScreen; its tick keeps the selection, the
 * scrolling and the card's layout up to date, its draw only draws, and its
 * keys are three binding tables: the list, the search field, the picker. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "tui_app.h"
#include "tui_card.h"
#include "home_rows.h"
#include "tui_fileprompt.h"
#include "tui_mouse.h"
#include "tui_ui.h"


typedef struct HomeScreen {
    Screen base;
    int selected;        /* index into the visible items */
    int list_top;        /* first list row shown */
    int card_top;        /* first card line shown */
    bool card_focus;     /* arrows scroll the card */
    bool searching;
    TextField search;
    bool picking;        /* the dataset picker is open */
    int pick;            /* selected dataset row */
    Card card;
    int card_page;       /* lines visible, for PgUp/PgDn */
    const Lesson *lesson; /* [lessons] the selected lesson, NULL: an algorithm */
    FilePrompt prompt;   /* `o` in the picker: open any CSV (issue 12) */
} HomeScreen;

static HomeScreen *home_of(Screen *s)
{
    return (HomeScreen *)s;
}

typedef HomeRow Row;

/* The selected item within range; it is the app's algorithm. */
static void sync_selection(HomeScreen *home, App *app)
{
    Row rows[64];
    int items;
    int n = home_rows_build(home->search.text, rows, 64, &items);
    if (home->selected >= items)
        home->selected = items - 1;
    if (home->selected < 0)
        home->selected = 0;
    const Row *r = home_row_at(rows, n, home->selected, NULL);
    const Lesson *l = r ? r->lesson : NULL;
    if (l != home->lesson)
        home->card_top = 0;
    home->lesson = l;
    if (r && r->algo && r->algo != app->algo) {
        app->algo = r->algo;
        home->card_top = 0;
    }
}

static void home_enter(Screen *s, App *app)
{
    HomeScreen *home = home_of(s);
    /* Select the app's algorithm in the list (it may come from --algo). */
    Row rows[64];
    int items;
    int n = home_rows_build(home->search.text, rows, 64, &items);
    for (int k = 0; k < items; k++) {
        const Row *r = home_row_at(rows, n, k, NULL);
        if (home->lesson ? r->lesson == home->lesson : r->algo == app->algo)
            home->selected = k;
    }
}

/* ---- layout and the tick ------------------------------------------------------ */

/* Wide enough for the longest title, at most 44 cells or half the width. */
static int list_width(int w)
{
    int n_algos, list_w = 24;
    const Algo *const *algos = algo_registry(&n_algos);
    for (int i = 0; i < n_algos; i++) {
        int tw = canvas_text_width(algos[i]->title ? algos[i]->title : algos[i]->name) + 7;
        if (tw > list_w)
            list_w = tw;
    }
    int n_lessons;
    const Lesson *lessons = lesson_registry(&n_lessons);
    for (int i = 0; i < n_lessons; i++) {
        int tw = canvas_text_width(lessons[i].title) + 7;
        if (tw > list_w)
            list_w = tw;
    }
    if (list_w > 44)
        list_w = 44;
    return list_w > w / 2 ? w / 2 : list_w;
}

static bool search_shown(const HomeScreen *home)
{
    return home->searching || home->search.len;
}

/* Scroll the list so the selected row (and its heading) shows. */
static void scroll_list(HomeScreen *home, int inner)
{
    Row rows[64];
    int items, sel_row = 0;
    int n = home_rows_build(home->search.text, rows, 64, &items);
    home_item_at(rows, n, home->selected, &sel_row);
    if (sel_row - 1 < home->list_top)
        home->list_top = sel_row > 0 ? sel_row - 1 : 0;
    if (sel_row >= home->list_top + inner)
        home->list_top = sel_row - inner + 1;
    if (home->list_top > n - inner)
        home->list_top = n - inner > 0 ? n - inner : 0;
}

/* The card of the app's algorithm laid out for the card's width. */
static void layout_card(HomeScreen *home, const App *app, int w, int h)
{
    const Algo *a = app->algo;
    if (home->lesson)
        card_load(&home->card, home->lesson->name, home->lesson->title, home->lesson->summary);
    else if (a)
        card_load(&home->card, a->name, a->title, a->summary);
    else
        return;
    card_layout(&home->card, w - 4);
    int inner = h - 2;
    home->card_page = inner;
    int max_top = home->card.n_lines - inner;
    if (home->card_top > max_top)
        home->card_top = max_top > 0 ? max_top : 0;
    if (home->card_top < 0)
        home->card_top = 0;
}

static void home_tick(Screen *s, App *app)
{
    HomeScreen *home = home_of(s);
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    sync_selection(home, app);
    int list_w = list_width(w);
    scroll_list(home, (search_shown(home) ? h - 1 : h) - 2);
    layout_card(home, app, w - list_w, h);
}

/* ---- drawing -------------------------------------------------------------------- */

/* A group's heading, capitalised. */
static void draw_heading(Canvas *c, int x, int y, int w, const char *group)
{
    char heading[64];
    snprintf(heading, sizeof heading, "%s", group);
    if (heading[0] >= 'a' && heading[0] <= 'z')
        heading[0] = (char)(heading[0] - 'a' + 'A');
    ui_text(c, x, y, w, ST_HEADING, heading);
}

static void draw_item(const HomeScreen *home, const App *app, Canvas *c, int x, int y, int w,
                      const Row *r)
{
    bool sel = r->lesson ? r->lesson == home->lesson : !home->lesson && r->algo == app->algo;
    Style st = sel ? (home->card_focus ? ST_SELECTED_DIM : ST_SELECTED) : ST_NORMAL;
    const char *title = r->lesson ? r->lesson->title
                                  : r->algo->title ? r->algo->title : r->algo->name;
    char label[160];
    snprintf(label, sizeof label, " %s", title);
    ui_text_padded(c, x, y, w, st, label);
}

static void draw_list(const HomeScreen *home, const App *app, Canvas *c, int x, int y, int w,
                      int h)
{
    Row rows[64];
    int items;
    int n = home_rows_build(home->search.text, rows, 64, &items);
    ui_box(c, x, y, w, h, "Algorithms", !home->card_focus && !home->picking);
    int inner = h - 2;
    int row_y = y + 1;
    for (int i = home->list_top; i < n && row_y < y + 1 + inner; i++, row_y++) {
        if (rows[i].algo || rows[i].lesson)
            draw_item(home, app, c, x + 2, row_y, w - 4, &rows[i]);
        else
            draw_heading(c, x + 2, row_y, w - 4, rows[i].group);
    }
    if (items == 0)
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "no algorithm matches");
}

/* Practice mode (issue 9): the card's exercise, on its bottom edge. */
static void draw_practise_this(const App *app, Canvas *c, int x, int y, int w, const char *name)
{
    char exercise[64], note[128];
    if (practice_exercise_for(app, name, exercise, sizeof exercise)) {
        snprintf(note, sizeof note, " e: practise this (%s) ", exercise);
        ui_text(c, x + 2, y, w / 2, ST_HIGHLIGHT, note);
    }
}

static void draw_card(const HomeScreen *home, const App *app, Canvas *c, int x, int y, int w,
                      int h)
{
    const Algo *a = app->algo;
    char title[200];
    snprintf(title, sizeof title, "%s",
             home->lesson ? home->lesson->name : a ? a->name : "card");
    ui_box(c, x, y, w, h, title, home->card_focus);
    if (!a && !home->lesson)
        return;
    const Card *card = &home->card;
    int inner = h - 2, top = home->card_top;
    for (int i = 0; i < inner && top + i < card->n_lines; i++) {
        const CardLine *l = &card->lines[top + i];
        ui_text(c, x + 2, y + 1 + i, w - 4, l->style, l->text);
    }
    draw_practise_this(app, c, x, y + h - 1, w, home->lesson ? home->lesson->name : a->name);
    if (card->n_lines > inner) {
        char pos[48];
        int last = top + inner < card->n_lines ? top + inner : card->n_lines;
        snprintf(pos, sizeof pos, " %d-%d/%d ", top + 1, last, card->n_lines);
        ui_text(c, x + w - 2 - canvas_text_width(pos), y + h - 1, -1, ST_DIM, pos);
    }
}

/* A dataset of the picker: name, title, shape; * when it is the chosen one. */
static void draw_set(Canvas *c, int x, int y, int w, const DatasetInfo *set, bool sel, bool chosen)
{
    char line[256];
    snprintf(line, sizeof line, " %-14s %-40s %s", set->name, set->title ? set->title : "",
             set->shape ? set->shape : "");
    ui_text_padded(c, x, y, w, sel ? ST_SELECTED : ST_NORMAL, line);
    if (chosen)
        ui_text(c, x, y, 1, ST_HIGHLIGHT, "*");
}

/* Where the picker's box is in the body (x, y, w, h), how many dataset rows
 * it shows and the first one (the draw and the clicks share it). */
typedef struct PickerBox {
    int x, y, w, h, inner, top;
} PickerBox;

static PickerBox picker_box(const HomeScreen *home, int count, int x, int y, int w, int h)
{
    PickerBox b;
    b.w = w - 8 < 96 ? w - 8 : 96;
    b.h = count + 4 < h - 2 ? count + 4 : h - 2;
    b.x = x + (w - b.w) / 2;
    b.y = y + 1;
    b.inner = b.h - 3;
    b.top = home->pick - b.inner + 1 > 0 ? home->pick - b.inner + 1 : 0;
    return b;
}

static void draw_picker(const HomeScreen *home, const App *app, Canvas *c, int x, int y, int w,
                        int h)
{
    int count;
    const DatasetInfo *sets = dataset_registry(&count);
    PickerBox pb = picker_box(home, count, x, y, w, h);
    int bx = pb.x, by = pb.y, bw = pb.w, bh = pb.h, inner = pb.inner, top = pb.top;
    ui_fill(c, bx, by, bw, bh, ST_NORMAL);
    ui_box(c, bx, by, bw, bh, "Choose a dataset", true);
    for (int i = top; i < count && i - top < inner; i++)
        draw_set(c, bx + 1, by + 1 + i - top, bw - 2, &sets[i], i == home->pick,
                 strcmp(app->dataset, sets[i].name) == 0);
    if (count == 0)
        ui_text(c, bx + 2, by + 1, bw - 4, ST_DIM, "no datasets registered yet");
    ui_text(c, bx + 2, by + bh - 2, bw - 4, ST_DIM,
            "Enter choose and view   o open a CSV file   Esc close   (* = chosen)");
    if (home->prompt.open)
        fileprompt_draw(&home->prompt, c, bx + 2, by + 2, bw - 4);
}

static void home_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const HomeScreen *home = (const HomeScreen *)s;
    int list_w = list_width(w);
    int list_h = h;
    if (search_shown(home)) {
        list_h = h - 1;
        char line[300];
        snprintf(line, sizeof line, "/%s%s", home->search.text, home->searching ? "_" : "");
        ui_text(c, x + 1, y + h - 1, list_w - 2, home->searching ? ST_HIGHLIGHT : ST_DIM, line);
    }
    draw_list(home, app, c, x, y, list_w, list_h);
    draw_card(home, app, c, x + list_w, y, w - list_w, h);
    if (home->picking)
        draw_picker(home, app, c, x, y, w, h);
}

/* ---- keys: the list -------------------------------------------------------------- */

static bool key_up(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)key;
    if (home->card_focus) {
        home->card_top--;
    } else {
        home->selected--;
        sync_selection(home, app);
    }
    return true;
}

static bool key_down(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)key;
    if (home->card_focus) {
        home->card_top++;
    } else {
        home->selected++;
        sync_selection(home, app);
    }
    return true;
}

static bool list_move(Screen *s, App *app, int key)
{
    return key == TK_UP || key == 'k' ? key_up(s, app, key) : key_down(s, app, key);
}

/* How many algorithms and lessons the list shows (the search filters it). */
static int visible_items(const HomeScreen *home)
{
    Row rows[64];
    int items;
    home_rows_build(home->search.text, rows, 64, &items);
    return items;
}

static bool key_run(Screen *s, App *app, int key)
{
    (void)key;
    if (visible_items(home_of(s)) == 0) { /* nothing selected: nothing opens */
        app_message(app, "nothing matches \"%s\": Esc clears the search", home_of(s)->search.text);
        return true;
    }
    if (home_of(s)->lesson)
        lesson_open(app, home_of(s)->lesson); /* [lessons] */
    else
        app_open_algo(app);
    return true;
}

static bool key_search(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)app, (void)key;
    home->searching = true;
    home->card_focus = false;
    field_set(&home->search, "");
    return true;
}

static bool key_pick(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    int count;
    const DatasetInfo *sets = dataset_registry(&count);
    (void)key;
    home->pick = 0;
    for (int i = 0; i < count; i++)
        if (strcmp(sets[i].name, app->dataset) == 0)
            home->pick = i;
    home->picking = true;
    return true;
}

static bool key_view(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    dataset_screen_open(app);
    return true;
}

/* Practice mode (issue 9): the list of exercises, or the selected
 * algorithm's exercise. */
static bool key_practice(Screen *s, App *app, int key)
{
    (void)s, (void)key;
    practice_screen_open(app, NULL);
    return true;
}

static bool key_practise_this(Screen *s, App *app, int key)
{
    const Lesson *l = home_of(s)->lesson;
    const char *name = l ? l->name : app->algo ? app->algo->name : "";
    char exercise[64];
    (void)key;
    if (practice_exercise_for(app, name, exercise, sizeof exercise))
        practice_screen_open(app, exercise);
    else
        app_message(app, "no exercise on %s yet: p lists them all", name);
    return true;
}

static bool key_focus(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)app;
    home->card_focus = key == TK_TAB || key == TK_BTAB ? !home->card_focus : key == TK_RIGHT;
    return true;
}

static bool key_page(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)app;
    int page = home->card_page > 2 ? home->card_page - 2 : 1;
    if (key == TK_HOME)
        home->card_top = 0;
    else if (key == TK_END || key == 'G') /* the tick clamps it to the last page */
        home->card_top = home->card.n_lines;
    else
        home->card_top += key == TK_PGUP ? -page : page;
    return true;
}

/* Esc clears a kept search; else the shared keys have it. */
static bool key_clear(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)key;
    if (!home->search.len)
        return false;
    field_set(&home->search, "");
    home_enter(s, app);
    return true;
}

/* ---- the mouse -------------------------------------------------------------------- */

/* A click on list row i: select its item; a click on the selected one opens
 * it, as Enter does.  Headings do nothing. */
static bool click_row(HomeScreen *home, App *app, int i)
{
    Row rows[64];
    int items;
    int n = home_rows_build(home->search.text, rows, 64, &items);
    if (i < 0 || i >= n || !(rows[i].algo || rows[i].lesson))
        return true;
    int k = 0;
    for (int j = 0; j < i; j++)
        k += rows[j].algo || rows[j].lesson;
    if (k == home->selected && !home->card_focus)
        return key_run(&home->base, app, TK_ENTER);
    home->selected = k;
    home->card_focus = false;
    sync_selection(home, app);
    return true;
}

/* A click on the list selects; on the card, the card takes the arrows; the
 * wheel moves in the list or scrolls the card under the pointer. */
static bool home_mouse(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    int list_w = list_width(w), list_h = search_shown(home) ? h - 1 : h;
    bool on_card = mouse_in(app, x + list_w, y, w - list_w, h);
    int step = key == TK_WHEEL_UP ? -1 : 1;
    if (key != TK_CLICK) {
        if (on_card)
            home->card_top += step * MOUSE_WHEEL_LINES; /* the tick clamps it */
        else if (mouse_in(app, x, y, list_w, list_h))
            home->selected += step, sync_selection(home, app);
        return true;
    }
    if (on_card) {
        home->card_focus = true;
        return true;
    }
    int r = mouse_row_in(app, x, y + 1, list_w, list_h - 2);
    return r < 0 || click_row(home, app, home->list_top + r);
}

static const Binding LIST_ROWS[] = {
    { .keys = { TK_UP, TK_DOWN, 'k', 'j' }, .name = "\u2191\u2193", .label = "select",
      .fn = list_move, .help = "select an algorithm (its card shows on the right); j/k too" },
    { .keys = { TK_ENTER, 'r' }, .name = "Enter", .label = "run", .fn = key_run,
      .help = "open the run screen (r too), or the lesson's screen" },
    /* practice mode (issue 9) */
    { .keys = { 'p' }, .name = "p", .label = "practice", .fn = key_practice,
      .help = "practice mode: write the algorithms yourself, graded" },
    { .keys = { 'e' }, .name = "e", .fn = key_practise_this,
      .help = "practise this: the exercise on this algorithm (its card)" },
    { .keys = { '/' }, .name = "/", .label = "search", .fn = key_search,
      .help = "search names, titles, summaries (Esc clears)" },
    { .keys = { 'd' }, .name = "d", .label = "dataset", .fn = key_pick, .help = "choose a dataset" },
    { .keys = { 'v' }, .name = "v", .label = "view data", .fn = key_view,
      .help = "view the chosen dataset" },
    { .keys = { TK_TAB, TK_BTAB, TK_LEFT, TK_RIGHT }, .name = "Tab", .label = "card",
      .fn = key_focus, .help = "move between the list and the card (Left/Right too)" },
    /* (no footer label since `p practice` came: it did not fit; ? lists it) */
    { .keys = { TK_PGUP, TK_PGDN, ' ', TK_HOME, TK_END, 'G' }, .name = "PgUp/PgDn",
      .fn = key_page, .help = "scroll the card (Space too; Home: its top; End or G: its end)" },
    { .keys = { TK_ESC }, .name = "Esc", .fn = key_clear, .help = "clear the search" },
    { .keys = { TK_CLICK, TK_WHEEL_UP, TK_WHEEL_DOWN }, .name = "mouse", .fn = home_mouse,
      .help = "click: select (again: open); wheel: the list or the card under it" },
};

/* ---- keys: the search field and the picker ------------------------------------------ */

static bool search_keep(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    home_of(s)->searching = false;
    return true;
}

static bool search_clear(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    (void)key;
    home->searching = false;
    field_set(&home->search, "");
    home_enter(s, app); /* the selection stays on the same algorithm */
    return true;
}

static bool search_type(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    if (field_key(&home->search, key)) {
        home->selected = 0;
        sync_selection(home, app);
    }
    return true;
}

static const Binding SEARCH_ROWS[] = {
    { .keys = { TK_ENTER, TK_DOWN }, .name = "Enter", .label = "keep",
      .fn = search_keep, .help = "keep the filter and go back to the list" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "clear", .fn = search_clear,
      .help = "clear the filter" },
    { .name = "type", .label = "to filter", .help = "type to filter the algorithms" },
};

static bool pick_move(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    int count;
    dataset_registry(&count);
    (void)app;
    if ((key == TK_UP || key == 'k') && home->pick > 0)
        home->pick--;
    if ((key == TK_DOWN || key == 'j') && home->pick < count - 1)
        home->pick++;
    if (key == TK_HOME || key == 'g')
        home->pick = 0;
    if (key == TK_END || key == 'G')
        home->pick = count - 1;
    return true;
}

static bool pick_close(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    home_of(s)->picking = false;
    return true;
}

static bool pick_choose(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    int count;
    const DatasetInfo *sets = dataset_registry(&count);
    (void)key;
    if (home->pick < count) {
        snprintf(app->dataset, sizeof app->dataset, "%s", sets[home->pick].name);
        home->picking = false;
        dataset_screen_open(app);
    }
    return true;
}

/* The picker is modal: other keys do nothing. */
static bool pick_other(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return true;
}

/* A click on a dataset picks it; on the picked one, chooses it (Enter). */
static bool pick_click(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    int count, x, y, w, h;
    dataset_registry(&count);
    app_body(app, &x, &y, &w, &h);
    PickerBox pb = picker_box(home, count, x, y, w, h);
    int r = mouse_row_in(app, pb.x + 1, pb.y + 1, pb.w - 2, pb.inner);
    if (r < 0 || pb.top + r >= count)
        return true;
    if (pb.top + r == home->pick)
        return pick_choose(s, app, key);
    home->pick = pb.top + r;
    return true;
}

/* o: the prompt for any CSV file. */
static bool pick_open(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    fileprompt_open(&home_of(s)->prompt, NULL);
    return true;
}

/* The prompt's keys; a file chosen is loaded and viewed like a dataset of
 * the list (a bad one shows its FILE:LINE:COLUMN error there). */
static bool prompt_key(Screen *s, App *app, int key)
{
    HomeScreen *home = home_of(s);
    if (fileprompt_key(&home->prompt, key) == FP_CHOSEN) {
        const char *path = home->prompt.field.text; /* it fits: fileprompt checked */
        size_t n = strnlen(path, sizeof app->dataset - 1);
        memcpy(app->dataset, path, n);
        app->dataset[n] = '\0';
        home->picking = false;
        dataset_screen_open(app);
    }
    return true;
}

static const Binding PROMPT_ROWS[] = {
    { .keys = { TK_TAB }, .name = "Tab", .label = "complete", .fn = prompt_key,
      .help = "complete the path (the matches show below it)" },
    { .keys = { TK_ENTER }, .name = "Enter", .label = "open", .fn = prompt_key,
      .help = "load the file and view it (a bad one: FILE:LINE:COLUMN and why)" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "cancel", .fn = prompt_key,
      .help = "back to the picker" },
    { .name = "type", .label = "a path", .help = "type the path of a CSV file (~/ is home)" },
};

static const Binding PICK_ROWS[] = {
    { .keys = { TK_UP, TK_DOWN, 'k', 'j', TK_HOME, TK_END, 'g', 'G' }, .name = "\u2191\u2193",
      .label = "move", .fn = pick_move,
      .help = "choose a dataset (j/k too; Home/End or g/G: the first / the last)" },
    { .keys = { TK_ENTER }, .name = "Enter", .label = "choose", .fn = pick_choose,
      .help = "choose it and view it" },
    { .keys = { TK_ESC, 'd' }, .name = "Esc", .label = "close", .fn = pick_close,
      .help = "close the picker (d too)" },
    { .keys = { 'o' }, .name = "o", .label = "open file", .fn = pick_open,
      .help = "open any CSV file: type its path, Tab completes" },
    { .keys = { TK_CLICK }, .name = "click", .fn = pick_click,
      .help = "pick a dataset (click it again: choose it); the wheel moves" },
};

static const Bindings LIST = BINDINGS("Home", LIST_ROWS, NULL, false);
static const Bindings SEARCH = BINDINGS("Home: searching", SEARCH_ROWS, search_type, true);
static const Bindings PICK = BINDINGS("Home: choosing a dataset", PICK_ROWS, pick_other, false);
static const Bindings PROMPT = BINDINGS("Home: open a CSV file", PROMPT_ROWS, prompt_key, true);

static const Bindings *home_bindings(const Screen *s)
{
    const HomeScreen *home = (const HomeScreen *)s;
    if (home->picking && home->prompt.open)
        return &PROMPT;
    return home->picking ? &PICK : home->searching ? &SEARCH : &LIST;
}

static void home_destroy(Screen *s)
{
    card_free(&home_of(s)->card);
    free(s);
}

static const ScreenClass HOME_CLASS = {
    .name = "Home",
    .enter = home_enter,
    .tick = home_tick,
    .draw = home_draw,
    .bindings = home_bindings,
    .destroy = home_destroy,
};

Screen *home_screen_new(void)
{
    HomeScreen *home = calloc(1, sizeof *home);
    if (!home)
        return NULL;
    home->base.cls = &HOME_CLASS;
    return &home->base;
}
