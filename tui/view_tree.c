/* view_tree.c - views of the trees: the decision tree drawn as text with its
 * newest split highlighted (and, on 2-D data, that split's segment on the
 * plot), and the random forest's progress with its latest tree. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "random_forest.h"
#include "tui_views.h"

/* The forest may not be linked yet: its inspect functions are optional. */
#pragma weak forest_of
#pragma weak forest_n_trees
#pragma weak forest_trees_built
#pragma weak forest_tree
#pragma weak forest_oob_accuracy
#pragma weak forest_oob_rows
#pragma weak forest_max_features

#define TREE_KEEP_LINES 400

typedef struct TreeData {
    char *text;            /* the kept lines, '\n'-separated */
    int n_lines;
    int newest_line;       /* index among the kept lines, -1 when none */
    int first_line;        /* line number of the first kept line in the whole rendering */
    int nodes, leaves, depth, splits;
    char newest[200];      /* what the newest split did */
    bool have_box;         /* 2-D: the newest split's segment */
    int feature;
    double threshold, lo, hi; /* the segment spans [lo, hi] along the other feature */
    /* forest */
    bool forest;
    int trees, trees_built, max_features, oob_rows;
    double oob;
} TreeData;

static void tree_release(void *p)
{
    TreeData *v = p;
    if (!v)
        return;
    free(v->text);
    free(v);
}

/* Keep the rendered lines around `center` (a line index), at most
 * TREE_KEEP_LINES of them. */
static void keep_lines(TreeData *v, const char *all, int center)
{
    int total = 0;
    for (const char *p = all; *p; p++)
        if (*p == '\n')
            total++;
    int first = 0;
    if (total > TREE_KEEP_LINES && center >= 0) {
        first = center - TREE_KEEP_LINES / 2;
        if (first < 0)
            first = 0;
        if (first > total - TREE_KEEP_LINES)
            first = total - TREE_KEEP_LINES;
    }
    const char *start = all;
    for (int i = 0; i < first && start; i++) {
        start = strchr(start, '\n');
        if (start)
            start++;
    }
    if (!start)
        start = all;
    const char *end = start;
    int kept = 0;
    while (*end && kept < TREE_KEEP_LINES) {
        if (*end == '\n')
            kept++;
        end++;
    }
    v->text = malloc((size_t)(end - start) + 1);
    if (v->text) {
        memcpy(v->text, start, (size_t)(end - start));
        v->text[end - start] = '\0';
    }
    v->n_lines = kept;
    v->first_line = first;
    v->newest_line = center >= 0 ? center - first : -1;
}

/* Render tree t into v, centred on its newest split; mark_newest tags that
 * split's line (a forest's latest tree is grown whole in one step: none of
 * its splits is newer than the others, so none is tagged). */
static void capture_tree(TreeData *v, const Dtree *t, const ViewRequest *req, bool mark_newest)
{
    v->nodes = t->n_nodes;
    v->leaves = t->n_leaves;
    v->depth = t->depth;
    v->splits = t->n_splits;
    int newest = dtree_newest_split(t);
    int center = -1;
    if (newest >= 0) {
        int n = t->n_nodes;
        int *ids = malloc((size_t)(n > 0 ? n : 1) * sizeof *ids);
        if (ids) {
            int m = dtree_preorder(t, -1, ids, n);
            for (int i = 0; i < m && i < n; i++)
                if (ids[i] == newest)
                    center = i;
            free(ids);
        }
        const DtreeNode *node = dtree_node(t, newest);
        char fb[32];
        snprintf(v->newest, sizeof v->newest, "newest split: node %d (%d samples) on %s <= %.4g",
                 newest, node->n_samples, dtree_feature_name(t, node->feature, fb, sizeof fb),
                 node->threshold);
    }
    DtreeRenderOptions opt = { -1, req->ascii != 0, mark_newest };
    StrBuf sb = STRBUF_INIT;
    dtree_render(t, &opt, &sb);
    keep_lines(v, sb_str(&sb), center);
    sb_free(&sb);

    /* On 2-D data: the newest split's segment inside its node's box. */
    if (newest >= 0 && t->n_features == 2) {
        double lo[2] = { -INFINITY, -INFINITY }, hi[2] = { INFINITY, INFINITY };
        for (int n = newest; t->nodes[n].parent >= 0; n = t->nodes[n].parent) {
            const DtreeNode *p = &t->nodes[t->nodes[n].parent];
            if (p->left == n) {
                if (p->threshold < hi[p->feature])
                    hi[p->feature] = p->threshold;
            } else if (p->threshold > lo[p->feature]) {
                lo[p->feature] = p->threshold;
            }
        }
        const DtreeNode *node = dtree_node(t, newest);
        int other = 1 - node->feature;
        v->have_box = true;
        v->feature = node->feature;
        v->threshold = node->threshold;
        v->lo = lo[other];
        v->hi = hi[other];
    }
}

static void *dtree_capture(const Session *s, const ViewRequest *req)
{
    TreeData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    capture_tree(v, dtree_of(s->model), req, true);
    return v;
}

static void *forest_capture(const Session *s, const ViewRequest *req)
{
    TreeData *v = calloc(1, sizeof *v);
    if (!v || !forest_of)
        return v;
    const Forest *f = forest_of(s->model);
    v->forest = true;
    v->trees = forest_n_trees(f);
    v->trees_built = forest_trees_built(f);
    v->max_features = forest_max_features(f);
    v->oob = forest_oob_accuracy(f);
    v->oob_rows = forest_oob_rows(f);
    const Dtree *t = v->trees_built > 0 ? forest_tree(f, v->trees_built - 1) : NULL;
    if (t) {
        ViewRequest r = *req;
        capture_tree(v, t, &r, false);
        v->have_box = false; /* a bootstrap tree's split is not the forest's */
        v->newest_line = -1;
    }
    return v;
}

static void tree_overlay(const void *data, Canvas *c, const PlotArea *a)
{
    const TreeData *v = data;
    if (!v->have_box)
        return;
    double lo = isfinite(v->lo) ? v->lo : v->feature == 0 ? a->ymin : a->xmin;
    double hi = isfinite(v->hi) ? v->hi : v->feature == 0 ? a->ymax : a->xmax;
    if (v->feature == 0)
        canvas_line(c, a, v->threshold, lo, v->threshold, hi, CANVAS_COLOR_HIGHLIGHT);
    else
        canvas_line(c, a, lo, v->threshold, hi, v->threshold, CANVAS_COLOR_HIGHLIGHT);
}

/* The facts above the tree; returns the next row. */
static int draw_tree_facts(const TreeData *v, Canvas *c, int x, int row, int w)
{
    if (!v->forest) {
        ui_printf(c, x, row++, w, ST_NORMAL, "%d splits, %d nodes, %d leaves, depth %d", v->splits,
                  v->nodes, v->leaves, v->depth);
        ui_text(c, x, row++, w, v->newest[0] ? ST_HIGHLIGHT : ST_DIM,
                v->newest[0] ? v->newest : "No split yet: Space makes the first one.");
        return row;
    }
    char oob[32];
    if (isnan(v->oob))
        snprintf(oob, sizeof oob, "-");
    else
        snprintf(oob, sizeof oob, "%.4f", v->oob);
    ui_printf(c, x, row++, w, ST_NORMAL, "%d of %d trees grown; %d features tried per node",
              v->trees_built, v->trees, v->max_features);
    ui_printf(c, x, row++, w, ST_NORMAL, "out-of-bag accuracy %s (%d rows with a vote)", oob,
              v->oob_rows);
    if (v->trees_built > 0)
        ui_printf(c, x, row++, w, ST_HEADING, "the latest tree (%d nodes, depth %d):", v->nodes,
                  v->depth);
    return row;
}

/* The first line shown: the newest split in the middle third when the
 * tree is longer than the avail rows. */
static int first_tree_line(const TreeData *v, int avail)
{
    if (v->n_lines <= avail || v->newest_line < 0)
        return 0;
    int first = v->newest_line - avail / 3;
    if (first > v->n_lines - avail)
        first = v->n_lines - avail;
    return first < 0 ? 0 : first;
}

static void tree_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const TreeData *v = data;
    int row = draw_tree_facts(v, c, x, y, w) + 1;
    int avail = y + h - row;
    if (!v->text || avail <= 0)
        return;
    int first = first_tree_line(v, avail);
    const char *p = v->text;
    for (int i = 0; i < first && p; i++) {
        p = strchr(p, '\n');
        if (p)
            p++;
    }
    for (int i = first; p && *p && row < y + h; i++) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        ui_text(c, x, row++, w, i == v->newest_line ? ST_SELECTED : ST_NORMAL, line);
        p = nl ? nl + 1 : NULL;
    }
}

static void tree_status(const void *data, char *buf, int size)
{
    const TreeData *v = data;
    if (v->forest)
        snprintf(buf, (size_t)size, "%d of %d trees", v->trees_built, v->trees);
    else
        snprintf(buf, (size_t)size, "%d splits, depth %d", v->splits, v->depth);
}

const AlgoView view_dtree = { "dtree", "tree", dtree_capture, tree_release, tree_overlay,
                              tree_panel, tree_status };
const AlgoView view_random_forest = { "random_forest", "forest", forest_capture, tree_release,
                                      NULL, tree_panel, tree_status };
