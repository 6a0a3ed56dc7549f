/* tui/screen_graph.c - triangle closing on Zachary's karate club: the graph
 * drawn with a seeded force-directed layout (graph_layout), the chosen node,
 * its recommended friends ranked with their scores and the evidence ("3
 * common friends: 2, 7, 13"), and the chosen recommendation's edge (the top
 * one at first) highlighted.  `s` switches common neighbours / Adamic-Adar.
 *
 * The screen object (GraphScreen) loads the graph and its layout when first
 * opened and recomputes the ranking in the key handlers; the draw only
 * draws. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "paths.h"
#include "tui_app.h"
#include "tui_export.h"
#include "tui_ui.h"

typedef struct GraphScreen {
    Screen base;
    bool loaded;
    char error[512];
    Graph g;
    double *xy;            /* the layout */
    int node;              /* the chosen node */
    int cand;              /* the highlighted recommendation */
    GraphScore score;
    GraphRecommendation rec;
    bool has_rec;
} GraphScreen;

static GraphScreen *gs_of(Screen *s)
{
    return (GraphScreen *)s;
}

static void recommend(GraphScreen *gs)
{
    Error err = { 0 };
    if (gs->has_rec)
        graph_recommendation_free(&gs->rec);
    gs->has_rec = graph_recommend(&gs->g, gs->node, gs->score, &gs->rec, &err) == 0;
    gs->cand = 0;
    if (!gs->has_rec)
        snprintf(gs->error, sizeof gs->error, "%s", err.msg);
}

static void load(GraphScreen *gs)
{
    char path[PATH_MAX];
    Error err = { 0 };
    if (!path_join(path, sizeof path, path_data_dir(), "karate_club.csv")) {
        snprintf(gs->error, sizeof gs->error, "the data folder path is too long");
        return;
    }
    if (graph_load_csv(&gs->g, path, &err) < 0) {
        snprintf(gs->error, sizeof gs->error, "%s", err.msg);
        return;
    }
    gs->xy = malloc(sizeof *gs->xy * 2 * (size_t)gs->g.n);
    if (!gs->xy || graph_layout(&gs->g, 42, 300, gs->xy, &err) < 0) {
        snprintf(gs->error, sizeof gs->error, "%s", gs->xy ? err.msg : "out of memory");
        graph_free(&gs->g);
        return;
    }
    gs->loaded = true;
    recommend(gs);
}

/* ---- drawing ------------------------------------------------------------------ */

static void node_cell(const PlotArea *a, const double *xy, int u, int *cx, int *cy)
{
    *cx = a->x + (int)lround(xy[2 * u] * (a->w - 3));
    *cy = a->y + (int)lround((1 - xy[2 * u + 1]) * (a->h - 1));
}

static int highlighted(const GraphScreen *gs)
{
    return gs->has_rec && gs->cand < gs->rec.n ? gs->rec.cand[gs->cand].node : -1;
}

static void draw_graph(const GraphScreen *gs, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Karate club (force layout, seed 42)", true);
    PlotArea a = { x + 2, y + 1, w - 4, h - 2, 0, 1, 0, 1 };
    PlotArea dots = { a.x + 1, a.y, a.w - 3, a.h - 1, 0, 1, 0, 1 };
    const Graph *g = &gs->g;
    int best = highlighted(gs);
    if (best >= 0)
        canvas_line(c, &dots, gs->xy[2 * gs->node], gs->xy[2 * gs->node + 1], gs->xy[2 * best],
                    gs->xy[2 * best + 1], CANVAS_COLOR_HIGHLIGHT);
    for (int u = 0; u < g->n; u++)
        for (int e = g->offset[u]; e < g->offset[u + 1]; e++)
            if (g->adj[e] > u)
                canvas_line(c, &dots, gs->xy[2 * u], gs->xy[2 * u + 1], gs->xy[2 * g->adj[e]],
                            gs->xy[2 * g->adj[e] + 1],
                            u == gs->node || g->adj[e] == gs->node ? CANVAS_COLOR_GOOD
                                                                    : CANVAS_COLOR_DIM);
    for (int u = 0; u < g->n; u++) {
        int cx, cy;
        node_cell(&a, gs->xy, u, &cx, &cy);
        Style st = u == gs->node ? ST_SELECTED : u == best ? ST_HIGHLIGHT : ST_NORMAL;
        ui_text(c, cx, cy, 3, st, g->names[u]);
    }
}

/* "3 common: 2, 7, 13" into buf. */
static void evidence(const Graph *g, const GraphCandidate *k, char *buf, size_t size)
{
    size_t used = (size_t)snprintf(buf, size, "%d common:", k->n_common);
    for (int i = 0; i < k->n_common && used < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s %s", i ? "," : "",
                                 g->names[k->common[i]]);
}

static void draw_ranking(const GraphScreen *gs, Canvas *c, int x, int y, int w, int h)
{
    char title[96];
    snprintf(title, sizeof title, "Friends for %s (%s)", gs->g.names[gs->node],
             graph_score_name(gs->score));
    ui_box(c, x, y, w, h, title, false);
    ui_printf(c, x + 2, y + 1, w - 4, ST_DIM, "degree %d, %d candidates",
              graph_degree(&gs->g, gs->node), gs->has_rec ? gs->rec.n : 0);
    for (int i = 0; gs->has_rec && i < gs->rec.n && i < h - 4; i++) {
        const GraphCandidate *k = &gs->rec.cand[i];
        char ev[256], line[320];
        evidence(&gs->g, k, ev, sizeof ev);
        if (gs->score == GRAPH_SCORE_ADAMIC_ADAR)
            snprintf(line, sizeof line, "%-3s %.3f  %s", gs->g.names[k->node], k->adamic_adar, ev);
        else
            snprintf(line, sizeof line, "%-3s %s", gs->g.names[k->node], ev);
        ui_text_padded(c, x + 1, y + 2 + i, w - 2, i == gs->cand ? ST_SELECTED : ST_NORMAL, line);
    }
    if (gs->has_rec && gs->rec.n == 0)
        ui_text(c, x + 2, y + 2, w - 4, ST_DIM, "no friend of a friend left");
}

static void graph_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const GraphScreen *gs = (const GraphScreen *)s;
    (void)app;
    if (!gs->loaded) {
        ui_text(c, x + 2, y + 1, w - 4, ST_ERROR, gs->error[0] ? gs->error : "no graph");
        return;
    }
    int right = w * 2 / 5 > 32 ? w * 2 / 5 : 32;
    draw_graph(gs, c, x, y, w - right, h);
    draw_ranking(gs, c, x + w - right, y, right, h);
}

/* ---- keys ---------------------------------------------------------------------- */

static bool key_node(Screen *s, App *app, int key)
{
    GraphScreen *gs = gs_of(s);
    (void)app;
    if (!gs->loaded)
        return true;
    int n = gs->g.n;
    gs->node = (gs->node + (key == TK_LEFT || key == 'h' ? n - 1 : 1)) % n;
    recommend(gs);
    return true;
}

static bool key_cand(Screen *s, App *app, int key)
{
    GraphScreen *gs = gs_of(s);
    (void)app;
    if (!gs->has_rec || gs->rec.n == 0)
        return true;
    int n = gs->rec.n;
    gs->cand = (gs->cand + (key == TK_UP || key == 'k' ? n - 1 : 1)) % n;
    return true;
}

static bool key_score(Screen *s, App *app, int key)
{
    GraphScreen *gs = gs_of(s);
    (void)app, (void)key;
    gs->score = gs->score == GRAPH_SCORE_COMMON ? GRAPH_SCORE_ADAMIC_ADAR : GRAPH_SCORE_COMMON;
    if (gs->loaded)
        recommend(gs);
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    GraphScreen *gs = gs_of(s);
    (void)app, (void)key;
    gs->node = 0;
    gs->score = GRAPH_SCORE_COMMON;
    if (gs->loaded)
        recommend(gs);
    return true;
}

static const Binding GR_ROWS[] = {
    { .keys = { TK_LEFT, TK_RIGHT, 'h', 'l' }, .name = "←→", .label = "node", .fn = key_node,
      .help = "the previous / next node" },
    { .keys = { TK_UP, TK_DOWN, 'k', 'j', ' ' }, .name = "↑↓", .label = "candidate",
      .fn = key_cand, .help = "highlight another recommendation's edge (Space: the next)" },
    { .keys = { 's' }, .name = "s", .label = "score", .fn = key_score,
      .help = "rank by common neighbours or by Adamic-Adar (1/ln degree of each)" },
    { .keys = { 'r' }, .name = "r", .label = "reset", .fn = key_reset,
      .help = "back to node 0, common neighbours" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .help = NULL },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};

static const Bindings GR_KEYS = BINDINGS("Triangle closing", GR_ROWS, NULL, false);

static const Bindings *graph_bindings(const Screen *s)
{
    (void)s;
    return &GR_KEYS;
}

static void graph_destroy(Screen *s)
{
    GraphScreen *gs = gs_of(s);
    if (gs->has_rec)
        graph_recommendation_free(&gs->rec);
    if (gs->loaded)
        graph_free(&gs->g);
    free(gs->xy);
    free(gs);
}

static const ScreenClass GRAPH_CLASS = {
    .name = "Triangle closing",
    .draw = graph_draw,
    .bindings = graph_bindings,
    .destroy = graph_destroy,
};

Screen *graph_screen_new(void)
{
    GraphScreen *gs = calloc(1, sizeof *gs);
    if (!gs)
        return NULL;
    gs->base.cls = &GRAPH_CLASS;
    return &gs->base;
}

void graph_screen_open(App *app)
{
    GraphScreen *gs = gs_of(app->screens[SCREEN_GRAPH]);
    if (!gs->loaded) {
        gs->error[0] = '\0';
        load(gs);
    }
    app_push(app, &gs->base);
}
