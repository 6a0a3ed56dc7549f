/* tui_views.h - what each algorithm adds to the run screen.
 *
 * An AlgoView reads a model through the inspect functions of its module
 * (algorithms/NAME.h) and draws what is particular to it: k-means centroids
 * and their paths, the k nearest neighbours of a chosen point, a separating
 * line, the tree with its newest split, a tiny network's backward pass, a
 * CNN's feature maps.  capture runs on the worker thread between steps (the
 * only time the model may be read) and copies what it needs; the draw
 * callbacks run on the screen's thread from that copy alone.  No math here
 * beyond placing things on the screen. */
#ifndef MLLAB_TUI_VIEWS_H
#define MLLAB_TUI_VIEWS_H

#include "canvas.h"
#include "tui_run.h"
#include "tui_ui.h"

typedef struct AlgoView {
    const char *algo;        /* the algorithm's name */
    const char *panel_name;  /* its own tab ("tree", "backprop"), or NULL */
    /* Copy what the view needs (worker thread, model idle).  May return NULL. */
    void *(*capture)(const Session *s, const ViewRequest *req);
    void (*release)(void *data);
    /* Drawn over the 2-D plot of the data (may be NULL). */
    void (*overlay)(const void *data, Canvas *c, const PlotArea *a);
    /* Its own tab (may be NULL). */
    void (*panel)(const void *data, Canvas *c, int x, int y, int w, int h);
    /* A few words for the status line ("iteration 3, run 1 of 1"). */
    void (*status)(const void *data, char *buf, int size);
} AlgoView;

/* The view of an algorithm, or NULL. */
const AlgoView *algo_view_for(const Algo *algo);

/* Drawing helpers the views share (tui_views.c). */
/* A line a*x + b*y + c = 0 across the plot area. */
void view_draw_line_abc(Canvas *c, const PlotArea *a, double la, double lb, double lc,
                        uint8_t color);
/* A small table of numbers: "name  v1 v2 v3 ..." on row y, cut to w. */
void view_vector(Canvas *c, int x, int y, int w, Style s, const char *name, const float *v, int n);
/* An image of arbitrary range, normalised to [0, 1] for drawing (w x h);
 * returns cell rows used. */
int view_image_normalised(Canvas *c, int x, int y, const float *v, int w, int h);

#endif
