/* tui_views.c - the list of algorithm views and the drawing helpers they
 * share (see tui_views.h).  The views themselves are in view_linear.c,
 * view_cluster.c, view_tree.c and view_nn.c. */
#include "tui_views.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const AlgoView view_linreg, view_logreg, view_perceptron, view_svm, view_kmeans, view_knn,
    view_naive_bayes, view_dtree, view_random_forest, view_mlp, view_cnn, view_kmeans_yours,
    view_perceptron_yours, view_logreg_yours, view_linreg_yours,
    view_svm_yours;

static const AlgoView *const VIEWS[] = { &view_linreg, &view_logreg,      &view_perceptron,
                                         &view_svm,    &view_kmeans,      &view_knn,
                                         &view_naive_bayes, &view_dtree,  &view_random_forest,
                                         &view_mlp,    &view_cnn,
                                         /* Step your own (learner_view.c) */
                                         &view_kmeans_yours, &view_perceptron_yours,
                                         &view_logreg_yours, &view_linreg_yours,
                                         &view_svm_yours };

const AlgoView *algo_view_for(const Algo *algo)
{
    if (!algo)
        return NULL;
    for (size_t i = 0; i < sizeof VIEWS / sizeof VIEWS[0]; i++)
        if (strcmp(VIEWS[i]->algo, algo->name) == 0)
            return VIEWS[i];
    return NULL;
}

void view_draw_line_abc(Canvas *c, const PlotArea *a, double la, double lb, double lc,
                        uint8_t color)
{
    /* Two points of the line at the edges of the plot range. */
    if (fabs(lb) >= fabs(la) && lb != 0) {
        double y0 = -(la * a->xmin + lc) / lb, y1 = -(la * a->xmax + lc) / lb;
        canvas_line(c, a, a->xmin, y0, a->xmax, y1, color);
    } else if (la != 0) {
        double x0 = -(lb * a->ymin + lc) / la, x1 = -(lb * a->ymax + lc) / la;
        canvas_line(c, a, x0, a->ymin, x1, a->ymax, color);
    }
}

void view_vector(Canvas *c, int x, int y, int w, Style s, const char *name, const float *v, int n)
{
    char buf[1024];
    int len = snprintf(buf, sizeof buf, "%-8s", name);
    for (int i = 0; i < n && len < (int)sizeof buf - 16; i++) {
        char num[32];
        ui_fmt(num, sizeof num, v[i]);
        len += snprintf(buf + len, sizeof buf - (size_t)len, " %8s", num);
    }
    ui_text(c, x, y, w, s, buf);
}

int view_image_normalised(Canvas *c, int x, int y, const float *v, int w, int h)
{
    int n = w * h;
    float lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        if (v[i] < lo) lo = v[i];
        if (v[i] > hi) hi = v[i];
    }
    float *px = malloc((size_t)(n > 0 ? n : 1) * sizeof *px);
    if (!px)
        return 0;
    for (int i = 0; i < n; i++)
        px[i] = hi > lo ? (v[i] - lo) / (hi - lo) : 0.0f;
    int rows = canvas_image(c, x, y, px, w, h);
    free(px);
    return rows;
}
