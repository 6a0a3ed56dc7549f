/* learner_view.c - the run screen's view of a learner algorithm ("Step
 * your own", learner.h): the built-in module's own view drawn from the
 * learner's state (the model "mine"), with the built-in reference's
 * centroids or separating line at the same step drawn under it as a ghost
 * (grey), so where the two differ is something you see. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "learner_internal.h"
#include "tui_views.h"

#define GHOST_POINTS 32

typedef struct LearnerViewData {
    const AlgoView *inner;  /* the built-in's view */
    void *data;             /* what it captured from "mine" */
    float pts[GHOST_POINTS * 2];
    double line[3 * LEARNER_GHOST_LINES];
    int n_pts, n_lines;
    int steps;
    bool ref_done;
} LearnerViewData;

static void lv_release(void *p)
{
    LearnerViewData *v = p;
    if (!v)
        return;
    if (v->inner && v->inner->release && v->data)
        v->inner->release(v->data);
    free(v);
}

static void *lv_capture(const Session *s, const ViewRequest *req)
{
    LearnerModel *m = s->model;
    LearnerViewData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->inner = algo_view_for(m->kind->builtin);
    /* The built-in's view reads "mine" as if it were the session's model. */
    Session as_builtin = *s;
    as_builtin.algo = m->kind->builtin;
    as_builtin.model = m->mine;
    if (v->inner && v->inner->capture)
        v->data = v->inner->capture(&as_builtin, req);
    if (!m->kind->ghost(m->ref, v->pts, &v->n_pts, v->line, &v->n_lines))
        v->n_pts = v->n_lines = 0;
    v->steps = m->steps;
    v->ref_done = m->ref_done;
    return v;
}

static void lv_overlay(const void *data, Canvas *c, const PlotArea *a)
{
    const LearnerViewData *v = data;
    for (int i = 0; i < v->n_lines; i++)
        view_draw_line_abc(c, a, v->line[3 * i], v->line[3 * i + 1], v->line[3 * i + 2],
                           CANVAS_COLOR_GRAY);
    for (int i = 0; i < v->n_pts; i++)
        canvas_marker(c, a, v->pts[2 * i], v->pts[2 * i + 1], c->ascii ? 'o' : 0x25CB,
                      CANVAS_COLOR_GRAY);
    if (v->inner && v->inner->overlay && v->data)
        v->inner->overlay(v->data, c, a);
}

static void lv_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const LearnerViewData *v = data;
    ui_text(c, x, y, w, ST_HEADING, "Yours (the built-in's view of your state; grey: the built-in)");
    if (v->inner && v->inner->panel && v->data)
        v->inner->panel(v->data, c, x, y + 2, w, h - 2);
}

static void lv_status(const void *data, char *buf, int size)
{
    const LearnerViewData *v = data;
    char inner[160] = "";
    if (v->inner && v->inner->status && v->data)
        v->inner->status(v->data, inner, sizeof inner);
    snprintf(buf, (size_t)size, "YOURS: %s; built-in grey%s", inner,
             v->ref_done ? " (done)" : "");
}

const AlgoView view_kmeans_yours = { "kmeans-yours", "centroids", lv_capture, lv_release,
                                     lv_overlay, lv_panel, lv_status };
const AlgoView view_perceptron_yours = { "perceptron-yours", "weights", lv_capture, lv_release,
                                         lv_overlay, lv_panel, lv_status };
const AlgoView view_logreg_yours = { "logreg-yours", "weights", lv_capture, lv_release, lv_overlay,
                                     lv_panel, lv_status };
const AlgoView view_linreg_yours = { "linreg-yours", "model", lv_capture, lv_release, lv_overlay,
                                     lv_panel, lv_status };
const AlgoView view_svm_yours = { "svm-yours", "weights", lv_capture, lv_release, lv_overlay,
                                  lv_panel, lv_status };
