/* view_linear.c - views of the linear models: the separating line of the
 * perceptron and the SVM (with its margins) and the decision boundary of
 * logistic regression moving over the 2-D data as they train, their
 * weights; for linear regression the coefficients and costs (the fitted
 * curve itself is predicted by the runner).  The kernel SVM (svm with
 * kernel=...) shows its support vectors circled and, for two classes, the
 * curves where its decision value crosses 0 and +-1, found on a grid of
 * decision values the model computes. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linreg.h"
#include "logreg.h"
#include "perceptron.h"
#include "svm.h"
#include "tui_views.h"
#include "view_weights.h"

#define MAX_LINES 24
#define MAX_PTS 4096 /* support vectors and margin-curve dots */

typedef struct LinData {
    int k, d;
    WeightsData *wts;              /* W and b, their change, for the panel */
    int n_lines;
    double la[MAX_LINES], lb[MAX_LINES], lc[MAX_LINES];
    uint8_t color[MAX_LINES];
    bool margin[MAX_LINES];
    char info[6][160];             /* lines for the panel */
    int n_info;
    char status[96];
    int n_pts;                     /* kernel SVM: marked points */
    float px[MAX_PTS], py[MAX_PTS];
    bool circled[MAX_PTS];         /* a support vector (else a curve dot) */
    uint8_t pcolor[MAX_PTS];
} LinData;

static void add_point(LinData *v, double x, double y, bool circled, uint8_t color)
{
    if (v->n_pts == MAX_PTS)
        return;
    v->px[v->n_pts] = (float)x;
    v->py[v->n_pts] = (float)y;
    v->circled[v->n_pts] = circled;
    v->pcolor[v->n_pts++] = color;
}

static void add_line(LinData *v, double a, double b, double c, uint8_t color, bool margin)
{
    if (v->n_lines == MAX_LINES)
        return;
    v->la[v->n_lines] = a;
    v->lb[v->n_lines] = b;
    v->lc[v->n_lines] = c;
    v->color[v->n_lines] = color;
    v->margin[v->n_lines] = margin;
    v->n_lines++;
}

static void copy_view(LinData *v, const Session *s, LinearView lv)
{
    v->k = lv.k;
    v->d = lv.d;
    v->wts = weights_capture(s, lv);
}

static void lin_free(void *data)
{
    LinData *v = data;
    if (v)
        weights_free(v->wts);
    free(v);
}

static void info(LinData *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void info(LinData *v, const char *fmt, ...)
{
    if (v->n_info == 6)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->info[v->n_info++], sizeof v->info[0], fmt, ap);
    va_end(ap);
}

/* A number for the panel, or "-" while it is not known (NaN before the
 * first step): the learner should not read "nan". */
typedef struct Num {
    char s[32];
} Num;

static Num num(const char *fmt, double x)
{
    Num n;
    if (isfinite(x))
        snprintf(n.s, sizeof n.s, fmt, x);
    else
        snprintf(n.s, sizeof n.s, "-");
    return n;
}

/* ---- captures ----------------------------------------------------------------- */

static void *logreg_capture(const Session *s, const ViewRequest *req)
{
    (void)req;
    LinData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    copy_view(v, s, logreg_view(s->model));
    double a, b, c;
    if (logreg_boundary_2d(s->model, &a, &b, &c))
        add_line(v, a, b, c, CANVAS_COLOR_HIGHLIGHT, false);
    info(v, "objective %s   gradient norm %s", num("%.5g", logreg_loss(s->model)).s,
         num("%.3g", logreg_grad_norm(s->model)).s);
    info(v, "training accuracy %s   threshold %.2f",
         num("%.4f", logreg_train_accuracy(s->model)).s, logreg_threshold(s->model));
    snprintf(v->status, sizeof v->status, "step %d of %d", logreg_steps_done(s->model),
             logreg_steps_total(s->model));
    return v;
}

static void *perceptron_capture(const Session *s, const ViewRequest *req)
{
    (void)req;
    LinData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    LinearView lv = perceptron_view(s->model);
    copy_view(v, s, lv);
    for (int o = 0; o < lv.k; o++) {
        double a, b, c;
        if (perceptron_line_2d(s->model, o, &a, &b, &c))
            add_line(v, a, b, c, lv.k == 1 ? CANVAS_COLOR_HIGHLIGHT : (uint8_t)(1 + o % 8), false);
    }
    int n;
    const int *errors = perceptron_epoch_errors(s->model, &n);
    char buf[140] = "";
    int len = 0;
    for (int i = n > 12 ? n - 12 : 0; i < n && len < 120; i++)
        len += snprintf(buf + len, sizeof buf - (size_t)len, "%d ", errors[i]);
    info(v, "mistakes per epoch: %s%s", n > 12 ? "... " : "", n ? buf : "(none yet)");
    info(v, "%s", perceptron_converged(s->model) ? "converged: an epoch without a mistake"
                                                 : "not converged yet");
    snprintf(v->status, sizeof v->status, "epoch %d, %d mistakes", perceptron_epochs_done(s->model),
             n ? errors[n - 1] : 0);
    return v;
}

/* Does f - level change sign from grid point (i, j) to its right or upper
 * neighbour?  (f is gh x gw, row i at y = ymin + i dy.) */
static bool crosses(const double *f, int gw, int i, int j, int level)
{
    bool here = f[i * gw + j] >= level;
    return here != (f[i * gw + j + 1] >= level) || here != (f[(i + 1) * gw + j] >= level);
}

/* The decision values of pair 0 at the gw x gh points of G (filled here,
 * row e at x = xmin + (e % gw) dx, y = ymin + (e / gw) dy); NULL when
 * they cannot be had. */
static double *decision_grid(KSvm *k, const ViewRequest *req, int gw, int gh, Mat *G)
{
    double dx = (req->xmax - req->xmin) / (gw - 1), dy = (req->ymax - req->ymin) / (gh - 1);
    double *f = malloc((size_t)gw * gh * sizeof *f);
    if (!f || mat_alloc(G, gw * gh, 2, NULL) < 0) {
        free(f);
        return NULL;
    }
    for (int e = 0; e < gw * gh; e++) {
        MAT_AT(G, e, 0) = (float)(req->xmin + (e % gw) * dx);
        MAT_AT(G, e, 1) = (float)(req->ymin + (e / gw) * dy);
    }
    if (ksvm_decision(k, 0, G, f, NULL) < 0) {
        free(f);
        return NULL;
    }
    return f;
}

/* Dots where the decision value of a two-class kernel SVM crosses 0 (the
 * boundary) and +-1 (the margins), between neighbours of a grid of twice
 * the plot's cells in each direction. */
static void kernel_margin_curves(LinData *v, KSvm *k, const ViewRequest *req)
{
    int gw = 2 * req->grid_w, gh = 2 * req->grid_h;
    Mat G = { 0 };
    double *f = gw >= 2 && gh >= 2 ? decision_grid(k, req, gw, gh, &G) : NULL;
    for (int e = 0; f && e < (gh - 1) * gw; e++)
        for (int level = -1; level <= 1 && e % gw + 1 < gw; level++)
            if (crosses(f, gw, e / gw, e % gw, level))
                add_point(v, MAT_AT(&G, e, 0), MAT_AT(&G, e, 1), false,
                          level ? CANVAS_COLOR_DIM : CANVAS_COLOR_HIGHLIGHT);
    mat_free(&G);
    free(f);
}

static void *svm_kernel_capture(LinData *v, KSvm *k, const ViewRequest *req)
{
    KSvmStats st = ksvm_stats(k);
    info(v, "kernel SVM by SMO, gamma %s: pair %d of %d", num("%.4g", st.gamma).s,
         st.pair < st.n_pairs ? st.pair + 1 : st.n_pairs, st.n_pairs);
    info(v, "dual objective %s   KKT gap %s (stops below tol)", num("%.6g", st.dual).s,
         num("%.3g", st.gap).s);
    info(v, "support vectors %d (circled)   SMO iterations %ld", st.support_vectors,
         st.iterations);
    snprintf(v->status, sizeof v->status, "SMO step %d%s", st.steps, st.done ? " (done)" : "");
    if (v->d != 2)
        return v;
    int n;
    const int *sv = ksvm_support_indices(k, &n);
    for (int i = 0; i < n && sv; i++)
        add_point(v, ksvm_row(k, sv[i])[0], ksvm_row(k, sv[i])[1], true, CANVAS_COLOR_HIGHLIGHT);
    if (ksvm_n_pairs(k) == 1)
        kernel_margin_curves(v, k, req);
    return v;
}

static void *svm_capture(const Session *s, const ViewRequest *req)
{
    LinData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    LinearView lv = svm_view(s->model);
    KSvm *k = svm_kernel_model(s->model);
    if (k) {
        v->d = lv.d;
        return svm_kernel_capture(v, k, req);
    }
    copy_view(v, s, lv);
    for (int o = 0; o < lv.k; o++) {
        uint8_t col = lv.k == 1 ? CANVAS_COLOR_HIGHLIGHT : (uint8_t)(1 + o % 8);
        double a, b, c;
        if (svm_line_2d(s->model, o, 0.0f, &a, &b, &c))
            add_line(v, a, b, c, col, false);
        if (lv.k == 1) {
            if (svm_line_2d(s->model, o, 1.0f, &a, &b, &c))
                add_line(v, a, b, c, CANVAS_COLOR_DIM, true);
            if (svm_line_2d(s->model, o, -1.0f, &a, &b, &c))
                add_line(v, a, b, c, CANVAS_COLOR_DIM, true);
        }
    }
    info(v, "objective %s   margin violations %d", num("%.5g", svm_loss(s->model)).s,
         svm_margin_violations(s->model));
    info(v, "training accuracy %s", num("%.4f", svm_train_accuracy(s->model)).s);
    snprintf(v->status, sizeof v->status, "epoch %d", svm_epochs_done(s->model));
    return v;
}

static void *linreg_capture(const Session *s, const ViewRequest *req)
{
    (void)req;
    LinData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    int n = linreg_coef_count(s->model);
    double *coef = calloc((size_t)(n > 0 ? n : 1), sizeof *coef), intercept = 0;
    float *w = calloc((size_t)(n > 0 ? n : 1), sizeof *w), b = 0;
    if (coef && w) {
        linreg_coef(s->model, coef, &intercept);
        for (int i = 0; i < n; i++)
            w[i] = (float)coef[i];
        b = (float)intercept;
        copy_view(v, s, (LinearView){ 1, n, w, &b });
    }
    free(coef);
    free(w);
    info(v, "method %s, degree %d, %d coefficients", linreg_method(s->model),
         linreg_degree(s->model), n);
    info(v, "cost %s   training MSE %s", num("%.6g", linreg_loss(s->model)).s,
         num("%.6g", linreg_train_mse(s->model)).s);
    snprintf(v->status, sizeof v->status, "iteration %d%s, degree %d", linreg_iterations(s->model),
             linreg_done(s->model) ? " (done)" : "", linreg_degree(s->model));
    return v;
}

/* ---- drawing ------------------------------------------------------------------- */

static void lin_overlay(const void *data, Canvas *c, const PlotArea *a)
{
    const LinData *v = data;
    /* Margins first, so the separating line draws on top. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < v->n_lines; i++)
            if (v->margin[i] == (pass == 0))
                view_draw_line_abc(c, a, v->la[i], v->lb[i], v->lc[i], v->color[i]);
    for (int i = 0; i < v->n_pts; i++) {
        if (v->circled[i])
            canvas_marker(c, a, v->px[i], v->py[i], c->ascii ? '@' : 0x25CE, v->pcolor[i]);
        else
            canvas_point(c, a, v->px[i], v->py[i], v->pcolor[i]);
    }
}

static void lin_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const LinData *v = data;
    int row = y, bottom = y + h;
    for (int i = 0; i < v->n_info && row < bottom; i++)
        ui_text(c, x, row++, w, ST_NORMAL, v->info[i]);
    row++;
    row = weights_draw(v->wts, c, x, row, w, bottom);
    if (v->n_lines && row + 1 < bottom)
        ui_text(c, x, row + 1, w, ST_DIM,
                "On the plot: the separating line w.x + b = 0 (and the margins +-1 for the SVM).");
    else if (v->n_pts && row + 1 < y + h)
        ui_text(c, x, row + 1, w, ST_DIM,
                "On the plot: support vectors circled; f(x) = 0 bright, f(x) = +-1 dim.");
}

static void lin_status(const void *data, char *buf, int size)
{
    snprintf(buf, (size_t)size, "%s", ((const LinData *)data)->status);
}

const AlgoView view_logreg = { "logreg", "weights", logreg_capture, lin_free, lin_overlay, lin_panel,
                               lin_status };
const AlgoView view_perceptron = { "perceptron", "weights", perceptron_capture, lin_free, lin_overlay,
                                   lin_panel, lin_status };
const AlgoView view_svm = { "svm", "weights", svm_capture, lin_free, lin_overlay, lin_panel,
                            lin_status };
const AlgoView view_linreg = { "linreg", "model", linreg_capture, lin_free, NULL, lin_panel,
                               lin_status };
