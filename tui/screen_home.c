/* screen_home.c - the first screen: the algorithms grouped by what they do,
 * each by its full name, the selected one's card beside the list
 * (scrollable), `/` to search, and a dataset picker (`d`).
 *
 * Enter opens the run screen for the selected algorithm on the chosen
 * dataset; `v` views the chosen dataset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "tui_app.h"
#include "tui_card.h"
#include "tui_ui.h"

static const char *const GROUP_ORDER[] = { "regression", "classification", "clustering",
                                           "neural networks", "operations" };
#define N_GROUPS (int)(sizeof GROUP_ORDER / sizeof GROUP_ORDER[0])

typedef struct HomeState {
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
} HomeState;

static HomeState home;

/* A row of the list: a group heading (algo NULL) or an algorithm. */
typedef struct Row {
    const char *group;
    const Algo *algo;
} Row;

static bool matches(const Algo *a, const char *q)
{
    return ui_contains(a->name, q) || ui_contains(a->title, q) || ui_contains(a->summary, q) ||
           ui_contains(a->group, q);
}

static int group_rank(const char *g)
{
    for (int i = 0; i < N_GROUPS; i++)
        if (g && strcmp(g, GROUP_ORDER[i]) == 0)
            return i;
    return N_GROUPS;
}

/* Fill rows (headings and algorithms in group order); returns the count and
 * sets *n_items. */
static int build_rows(Row *rows, int max, int *n_items)
{
    int n_algos, n = 0, items = 0;
    const Algo *const *algos = algo_registry(&n_algos);
    const char *q = home.search.text;
    for (int g = 0; g <= N_GROUPS; g++) {
        bool heading = false;
        for (int i = 0; i < n_algos && n < max; i++) {
            const Algo *a = algos[i];
            if (group_rank(a->group) != g || !matches(a, q))
                continue;
            if (!heading && n < max) {
                rows[n].group = g < N_GROUPS ? GROUP_ORDER[g] : (a->group ? a->group : "other");
                rows[n++].algo = NULL;
                heading = true;
            }
            if (n < max) {
                rows[n].group = NULL;
                rows[n++].algo = a;
                items++;
            }
        }
    }
    *n_items = items;
    return n;
}

/* The algorithm of visible item k. */
static const Algo *item_at(const Row *rows, int n, int k, int *row_index)
{
    int seen = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].algo) {
            if (seen == k) {
                if (row_index)
                    *row_index = i;
                return rows[i].algo;
            }
            seen++;
        }
    return NULL;
}

static void sync_selection(App *app)
{
    Row rows[64];
    int items;
    int n = build_rows(rows, 64, &items);
    if (home.selected >= items)
        home.selected = items - 1;
    if (home.selected < 0)
        home.selected = 0;
    const Algo *a = item_at(rows, n, home.selected, NULL);
    if (a && a != app->algo) {
        app->algo = a;
        home.card_top = 0;
    }
}

static void home_enter(App *app)
{
    /* Select the app's algorithm in the list (it may come from --algo). */
    Row rows[64];
    int items;
    int n = build_rows(rows, 64, &items);
    for (int k = 0; k < items; k++)
        if (item_at(rows, n, k, NULL) == app->algo)
            home.selected = k;
}

static void draw_list(App *app, Canvas *c, int x, int y, int w, int h)
{
    Row rows[64];
    int items;
    int n = build_rows(rows, 64, &items);
    ui_box(c, x, y, w, h, "Algorithms", !home.card_focus && !home.picking);
    int inner = h - 2;
    int sel_row = 0;
    item_at(rows, n, home.selected, &sel_row);
    if (sel_row - 1 < home.list_top)
        home.list_top = sel_row > 0 ? sel_row - 1 : 0;
    if (sel_row >= home.list_top + inner)
        home.list_top = sel_row - inner + 1;
    if (home.list_top > n - inner)
        home.list_top = n - inner > 0 ? n - inner : 0;
    int row_y = y + 1;
    for (int i = home.list_top; i < n && row_y < y + 1 + inner; i++, row_y++) {
        if (!rows[i].algo) {
            char heading[64];
            snprintf(heading, sizeof heading, "%s", rows[i].group);
            if (heading[0] >= 'a' && heading[0] <= 'z')
                heading[0] = (char)(heading[0] - 'a' + 'A');
            ui_text(c, x + 2, row_y, w - 4, ST_HEADING, heading);
            continue;
        }
        const Algo *a = rows[i].algo;
        bool sel = a == app->algo;
        Style st = sel ? (home.card_focus ? ST_SELECTED_DIM : ST_SELECTED) : ST_NORMAL;
        char label[160];
        snprintf(label, sizeof label, " %s", a->title ? a->title : a->name);
        ui_text_padded(c, x + 2, row_y, w - 4, st, label);
    }
    if (items == 0)
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "no algorithm matches");
}

static void draw_card(App *app, Canvas *c, int x, int y, int w, int h)
{
    const Algo *a = app->algo;
    char title[200];
    snprintf(title, sizeof title, "%s", a ? a->name : "card");
    ui_box(c, x, y, w, h, title, home.card_focus);
    if (!a)
        return;
    card_load(&home.card, a->name, a->title, a->summary);
    card_layout(&home.card, w - 4);
    int inner = h - 2;
    home.card_page = inner;
    int max_top = home.card.n_lines - inner;
    if (home.card_top > max_top)
        home.card_top = max_top > 0 ? max_top : 0;
    if (home.card_top < 0)
        home.card_top = 0;
    for (int i = 0; i < inner && home.card_top + i < home.card.n_lines; i++) {
        const CardLine *l = &home.card.lines[home.card_top + i];
        ui_text(c, x + 2, y + 1 + i, w - 4, l->style, l->text);
    }
    if (home.card.n_lines > inner) {
        char pos[48];
        snprintf(pos, sizeof pos, " %d-%d/%d ", home.card_top + 1,
                 home.card_top + inner < home.card.n_lines ? home.card_top + inner
                                                           : home.card.n_lines,
                 home.card.n_lines);
        ui_text(c, x + w - 2 - canvas_text_width(pos), y + h - 1, -1, ST_DIM, pos);
    }
}

static void draw_picker(App *app, Canvas *c, int x, int y, int w, int h)
{
    int count;
    const DatasetInfo *sets = dataset_registry(&count);
    int bw = w - 8 < 96 ? w - 8 : 96, bh = count + 4 < h - 2 ? count + 4 : h - 2;
    int bx = x + (w - bw) / 2, by = y + 1;
    ui_fill(c, bx, by, bw, bh, ST_NORMAL);
    ui_box(c, bx, by, bw, bh, "Choose a dataset", true);
    int inner = bh - 3;
    int top = home.pick - inner + 1 > 0 ? home.pick - inner + 1 : 0;
    for (int i = top; i < count && i - top < inner; i++) {
        char line[256];
        snprintf(line, sizeof line, " %-14s %-40s %s", sets[i].name, sets[i].title ? sets[i].title : "",
                 sets[i].shape ? sets[i].shape : "");
        bool chosen = strcmp(app->dataset, sets[i].name) == 0;
        ui_text_padded(c, bx + 1, by + 1 + i - top, bw - 2, i == home.pick ? ST_SELECTED : ST_NORMAL,
                       line);
        if (chosen)
            ui_text(c, bx + 1, by + 1 + i - top, 1, ST_HIGHLIGHT, "*");
    }
    if (count == 0)
        ui_text(c, bx + 2, by + 1, bw - 4, ST_DIM, "no datasets registered yet");
    ui_text(c, bx + 2, by + bh - 2, bw - 4, ST_DIM,
            "Enter choose and view   Esc close   (* = chosen)");
}

static void home_draw(App *app, Canvas *c, int x, int y, int w, int h)
{
    sync_selection(app);
    /* Wide enough for the longest title, at most 44 cells or half the width. */
    int n_algos, list_w = 24;
    const Algo *const *algos = algo_registry(&n_algos);
    for (int i = 0; i < n_algos; i++) {
        int tw = canvas_text_width(algos[i]->title ? algos[i]->title : algos[i]->name) + 7;
        if (tw > list_w)
            list_w = tw;
    }
    if (list_w > 44)
        list_w = 44;
    if (list_w > w / 2)
        list_w = w / 2;
    int list_h = h;
    if (home.searching || home.search.len) {
        list_h = h - 1;
        char line[300];
        snprintf(line, sizeof line, "/%s%s", home.search.text, home.searching ? "_" : "");
        ui_text(c, x + 1, y + h - 1, list_w - 2, home.searching ? ST_HIGHLIGHT : ST_DIM, line);
    }
    draw_list(app, c, x, y, list_w, list_h);
    draw_card(app, c, x + list_w, y, w - list_w, h);
    if (home.picking)
        draw_picker(app, c, x, y, w, h);
}

static void move_selection(App *app, int delta)
{
    home.selected += delta;
    sync_selection(app);
}

static bool picker_key(App *app, int key)
{
    int count;
    const DatasetInfo *sets = dataset_registry(&count);
    switch (key) {
    case TK_UP: case 'k':
        if (home.pick > 0)
            home.pick--;
        return true;
    case TK_DOWN: case 'j':
        if (home.pick < count - 1)
            home.pick++;
        return true;
    case TK_ESC: case 'd':
        home.picking = false;
        return true;
    case TK_ENTER:
        if (home.pick < count) {
            snprintf(app->dataset, sizeof app->dataset, "%s", sets[home.pick].name);
            home.picking = false;
            dataset_screen_open(app);
        }
        return true;
    default:
        return true; /* the picker is modal */
    }
}

static bool home_key(App *app, int key)
{
    if (home.picking)
        return picker_key(app, key);
    if (home.searching) {
        if (key == TK_ENTER || key == TK_DOWN) {
            home.searching = false;
            return true;
        }
        if (key == TK_ESC) {
            home.searching = false;
            field_set(&home.search, "");
            home_enter(app); /* the selection stays on the same algorithm */
            return true;
        }
        if (field_key(&home.search, key)) {
            home.selected = 0;
            sync_selection(app);
            return true;
        }
        return true;
    }
    switch (key) {
    case TK_UP: case 'k':
        if (home.card_focus)
            home.card_top--;
        else
            move_selection(app, -1);
        return true;
    case TK_DOWN: case 'j':
        if (home.card_focus)
            home.card_top++;
        else
            move_selection(app, 1);
        return true;
    case TK_PGUP:
        home.card_top -= home.card_page > 2 ? home.card_page - 2 : 1;
        return true;
    case TK_PGDN: case ' ':
        home.card_top += home.card_page > 2 ? home.card_page - 2 : 1;
        return true;
    case TK_HOME:
        home.card_top = 0;
        return true;
    case TK_TAB: case TK_BTAB: case TK_RIGHT: case TK_LEFT:
        home.card_focus = key == TK_TAB || key == TK_BTAB ? !home.card_focus : key == TK_RIGHT;
        return true;
    case '/':
        home.searching = true;
        home.card_focus = false;
        field_set(&home.search, "");
        return true;
    case TK_ESC:
        if (home.search.len) {
            field_set(&home.search, "");
            home_enter(app);
            return true;
        }
        return false;
    case 'd': {
        int count;
        const DatasetInfo *sets = dataset_registry(&count);
        home.pick = 0;
        for (int i = 0; i < count; i++)
            if (strcmp(sets[i].name, app->dataset) == 0)
                home.pick = i;
        home.picking = true;
        return true;
    }
    case 'v':
        dataset_screen_open(app);
        return true;
    case TK_ENTER: case 'r':
        if (app->algo)
            run_screen_open(app);
        return true;
    default:
        return false;
    }
}

static const char *home_footer(App *app)
{
    (void)app;
    if (home.searching)
        return "Enter keep|Esc clear|type to filter";
    if (home.picking)
        return "\u2191\u2193 move|Enter choose|Esc close";
    return "\u2191\u2193 select|Enter run|/ search|d dataset|v view data|Tab card|PgUp/PgDn scroll";
}

static bool home_capturing(App *app)
{
    (void)app;
    return home.searching;
}

static void home_destroy(App *app)
{
    (void)app;
    card_free(&home.card);
}

const Screen screen_home = {
    .name = "Home",
    .enter = home_enter,
    .draw = home_draw,
    .key = home_key,
    .footer = home_footer,
    .capturing_text = home_capturing,
    .busy = NULL,
    .help = "Home\n"
            "  Up/Down j/k   select an algorithm (its card shows on the right)\n"
            "  Enter r       open the run screen: parameters, stepping, views\n"
            "  Tab Left/Right  move between the list and the card\n"
            "  PgUp PgDn Space scroll the card\n"
            "  /             search names, titles, summaries (Esc clears)\n"
            "  d             choose a dataset     v  view the chosen dataset\n",
    .destroy = home_destroy,
};
