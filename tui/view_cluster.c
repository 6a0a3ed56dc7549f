/* view_cluster.c - views of the geometry-minded models: k-means centroids
 * and the paths they travel step by step; the k nearest neighbours of a
 * chosen test point (as images on image sets); Gaussian naive Bayes'
 * per-class priors, means and variances. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "knn.h"
#include "naive_bayes.h"
#include "tui_views.h"

/* ---- k-means ------------------------------------------------------------------ */

typedef struct KmData {
    int k, d, steps;      /* steps: positions on the path */
    float *path;          /* steps x k x 2 (2-D data only) */
    float *centroids;     /* k x d */
    int *sizes;           /* k: training points per cluster */
    int iteration, run, runs;
    double inertia;
} KmData;

static void km_release(void *p)
{
    KmData *v = p;
    if (!v)
        return;
    free(v->path);
    free(v->centroids);
    free(v->sizes);
    free(v);
}

static void *km_capture(const Session *s, const ViewRequest *req)
{
    (void)req;
    const void *m = s->model;
    const float *cent = kmeans_centroids(m);
    KmData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->k = kmeans_k(m);
    v->d = kmeans_dim(m);
    v->iteration = kmeans_iteration(m);
    v->run = kmeans_run(m);
    v->runs = kmeans_runs(m);
    v->inertia = kmeans_inertia(m);
    if (!cent)
        return v;
    size_t kd = (size_t)v->k * (size_t)v->d;
    v->centroids = malloc(kd * sizeof *v->centroids);
    v->sizes = calloc((size_t)v->k, sizeof *v->sizes);
    if (v->centroids)
        memcpy(v->centroids, cent, kd * sizeof *v->centroids);
    const int *assign = kmeans_assignments(m);
    if (assign && v->sizes)
        for (int i = 0; i < s->train->X.rows; i++)
            if (assign[i] >= 0 && assign[i] < v->k)
                v->sizes[assign[i]]++;
    if (v->d == 2) {
        int T = kmeans_path_length(m);
        v->path = malloc((size_t)(T > 0 ? T : 1) * (size_t)v->k * 2 * sizeof *v->path);
        if (v->path) {
            for (int t = 0; t < T; t++) {
                const float *p = kmeans_path(m, t);
                if (p)
                    memcpy(v->path + (size_t)t * v->k * 2, p, (size_t)v->k * 2 * sizeof *p);
            }
            v->steps = T;
        }
    }
    return v;
}

static void km_overlay(const void *data, Canvas *c, const PlotArea *a)
{
    const KmData *v = data;
    if (!v->path || v->steps == 0)
        return;
    double *xs = malloc((size_t)v->steps * sizeof *xs), *ys = malloc((size_t)v->steps * sizeof *ys);
    if (xs && ys)
        for (int cl = 0; cl < v->k; cl++) {
            for (int t = 0; t < v->steps; t++) {
                xs[t] = v->path[((size_t)t * v->k + cl) * 2];
                ys[t] = v->path[((size_t)t * v->k + cl) * 2 + 1];
            }
            canvas_polyline(c, a, xs, ys, v->steps, CANVAS_COLOR_HIGHLIGHT);
            /* Where it started, and where it is now. */
            canvas_marker(c, a, xs[0], ys[0], c->ascii ? '+' : 0x00B7, CANVAS_COLOR_HIGHLIGHT);
            canvas_marker(c, a, xs[v->steps - 1], ys[v->steps - 1], 0x2716,
                          (uint8_t)(1 + cl % CANVAS_COLOR_SERIES_COUNT));
        }
    free(xs);
    free(ys);
}

static void km_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const KmData *v = data;
    int row = y;
    ui_printf(c, x, row++, w, ST_NORMAL, "k = %d clusters in %d dimensions; run %d of %d, iteration %d",
              v->k, v->d, v->run, v->runs, v->iteration);
    char in[32];
    ui_fmt(in, sizeof in, v->inertia);
    ui_printf(c, x, row++, w, ST_NORMAL, "inertia (sum of squared distances to the centroid): %s", in);
    row++;
    if (!v->centroids) {
        ui_text(c, x, row, w, ST_DIM, "No centroids yet: press Space for the first assign + update.");
        return;
    }
    ui_text(c, x, row++, w, ST_HEADING, "cluster  points  centroid");
    for (int cl = 0; cl < v->k && row < y + h; cl++) {
        char name[32];
        snprintf(name, sizeof name, "%-3d %6d", cl, v->sizes ? v->sizes[cl] : 0);
        int shown = v->d < 6 ? v->d : 6;
        view_vector(c, x, row, w, ST_NORMAL, name, v->centroids + (size_t)cl * v->d, shown);
        CanvasCell *cell = canvas_cell(c, x, row);
        if (cell)
            cell->fg = (uint8_t)(1 + cl % CANVAS_COLOR_SERIES_COUNT);
        row++;
    }
    if (v->d == 2 && row + 1 < y + h)
        ui_text(c, x, row + 1, w, ST_DIM,
                "On the plot: each centroid (x) and the path it moved along from its start (.)");
}

static void km_status(const void *data, char *buf, int size)
{
    const KmData *v = data;
    snprintf(buf, (size_t)size, "iteration %d, run %d of %d", v->iteration, v->run, v->runs);
}

const AlgoView view_kmeans = { "kmeans", "centroids", km_capture, km_release, km_overlay, km_panel,
                               km_status };

/* ---- k-nearest neighbours --------------------------------------------------- */

#define KNN_SHOW 32

typedef struct KnnData {
    int k, found, query, true_label, predicted;
    float qx, qy;                      /* the query's first two features */
    int index[KNN_SHOW], label[KNN_SHOW];
    float dist[KNN_SHOW], nx[KNN_SHOW], ny[KNN_SHOW];
    int d, image_w, image_h;
    float *query_image, *images;       /* image sets: the query and the neighbours */
    char **class_names;                /* borrowed from the dataset (lives longer) */
    char kernel[64];
    char error[512];
} KnnData;

static void knn_release(void *p)
{
    KnnData *v = p;
    if (!v)
        return;
    free(v->query_image);
    free(v->images);
    free(v);
}

/* The query's and its neighbours' pictures (image sets): x is the query's
 * floats, the neighbours' rows are read whatever train's backing (mat.h). */
static void knn_images(KnnData *v, const float *x, const Dataset *train)
{
    size_t px = (size_t)v->image_w * (size_t)v->image_h;
    if (px != (size_t)v->d)
        return;
    v->query_image = malloc(px * sizeof(float));
    v->images = malloc(px * (size_t)(v->found ? v->found : 1) * sizeof(float));
    if (v->query_image)
        memcpy(v->query_image, x, px * sizeof(float));
    for (int i = 0; v->images && i < v->found; i++)
        mat_copy_rows_f32(&train->X, v->index[i], 1, v->images + px * i);
}

/* The query's place and neighbours (x: its floats), their classes and places. */
static void knn_find(KnnData *v, const Session *s, const float *x)
{
    v->qx = x[0];
    v->qy = v->d > 1 ? x[1] : 0;
    int k = v->k < KNN_SHOW ? v->k : KNN_SHOW;
    Error err;
    v->found = knn_neighbours(s->model, x, k, v->index, v->dist, &err);
    if (v->found < 0) {
        snprintf(v->error, sizeof v->error, "%s", err.msg);
        v->found = 0;
    }
    for (int i = 0; i < v->found; i++) {
        v->label[i] = knn_train_label(s->model, v->index[i]);
        v->nx[i] = mat_get(&s->train->X, v->index[i], 0);
        v->ny[i] = v->d > 1 ? mat_get(&s->train->X, v->index[i], 1) : 0;
    }
}

static void *knn_capture(const Session *s, const ViewRequest *req)
{
    KnnData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    const Dataset *test = s->test, *train = s->train;
    v->k = knn_k(s->model);
    v->d = train->X.cols;
    v->class_names = train->class_names;
    v->image_w = train->image_w;
    v->image_h = train->image_h;
    snprintf(v->kernel, sizeof v->kernel, "%s", knn_kernel_name(s->model));
    /* the query as floats (an image set is held as bytes: mat.h) */
    float *x = test && test->X.rows > 0 ? malloc((size_t)v->d * sizeof *x) : NULL;
    if (!x || knn_train_rows(s->model) == 0) {
        free(x);
        v->query = -1;
        return v;
    }
    int q = req->query % test->X.rows;
    if (q < 0)
        q += test->X.rows;
    v->query = q;
    mat_copy_rows_f32(&test->X, q, 1, x);
    v->true_label = test->y ? test->y[q] : -1;
    knn_find(v, s, x);
    Mat one = mat_rows_view(&test->X, q, 1);
    int label = -1;
    Error err;
    v->predicted = s->algo->predict(s->model, &one, &label, NULL, &err) == 0 ? label : -1;
    if (v->image_w > 0)
        knn_images(v, x, train);
    free(x);
    return v;
}

static const char *class_name(const KnnData *v, int c, char *buf, size_t size)
{
    if (c >= 0 && v->class_names && v->class_names[c])
        return v->class_names[c];
    snprintf(buf, size, "%d", c);
    return buf;
}

static void knn_overlay(const void *data, Canvas *c, const PlotArea *a)
{
    const KnnData *v = data;
    if (v->query < 0 || v->d != 2)
        return;
    for (int i = 0; i < v->found; i++)
        canvas_line(c, a, v->qx, v->qy, v->nx[i], v->ny[i], CANVAS_COLOR_DIM);
    for (int i = 0; i < v->found; i++)
        canvas_marker(c, a, v->nx[i], v->ny[i], 0x25C9, (uint8_t)(1 + v->label[i] % 8));
    canvas_marker(c, a, v->qx, v->qy, 0x2605, CANVAS_COLOR_HIGHLIGHT);
}

static void knn_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const KnnData *v = data;
    int row = y;
    char a[64], b[64];
    ui_printf(c, x, row++, w, ST_NORMAL, "k = %d; distances: %s", v->k, v->kernel);
    if (v->query < 0) {
        ui_text_wrapped(c, x, row, w, y + h - row, ST_DIM,
                "Nothing stored yet: the first step (Space) stores the training rows; then the "
                "neighbours of a test point show here.");
        return;
    }
    ui_printf(c, x, row++, w, ST_HIGHLIGHT, "test point #%d: true %s, voted %s   (, and . choose another)",
              v->query, class_name(v, v->true_label, a, sizeof a),
              class_name(v, v->predicted, b, sizeof b));
    if (v->error[0])
        ui_text(c, x, row++, w, ST_ERROR, v->error);
    row++;
    if (v->image_w > 0 && v->query_image) {
        /* The query and its neighbours as images, with class and distance. */
        int iw = v->image_w, ih = v->image_h, cell_h = (ih + 1) / 2 + 2;
        int per_row = (w) / (iw + 2);
        if (per_row < 1)
            per_row = 1;
        canvas_image(c, x, row, v->query_image, iw, ih);
        ui_text(c, x, row + (ih + 1) / 2, iw + 1, ST_HIGHLIGHT, "query");
        for (int i = 0; i < v->found; i++) {
            int slot = i + 1;
            int gx = x + (slot % per_row) * (iw + 2), gy = row + (slot / per_row) * cell_h;
            if (gy + cell_h > y + h)
                break;
            canvas_image(c, gx, gy, v->images + (size_t)iw * ih * i, iw, ih);
            char lab[96];
            snprintf(lab, sizeof lab, "%s %.3g", class_name(v, v->label[i], a, sizeof a), v->dist[i]);
            ui_text(c, gx, gy + (ih + 1) / 2, iw + 1, v->label[i] == v->predicted ? ST_GOOD : ST_DIM,
                    lab);
        }
        return;
    }
    ui_text(c, x, row++, w, ST_HEADING, "rank  training row  class         distance");
    for (int i = 0; i < v->found && row < y + h; i++) {
        ui_printf(c, x, row, w, ST_NORMAL, "%4d  %12d  %-12s  %8.4g", i + 1, v->index[i],
                  class_name(v, v->label[i], a, sizeof a), v->dist[i]);
        CanvasCell *cell = canvas_cell(c, x + 20, row);
        if (cell)
            cell->fg = (uint8_t)(1 + v->label[i] % 8);
        row++;
    }
    if (v->d == 2 && row + 1 < y + h)
        ui_text(c, x, row + 1, w, ST_DIM, "On the plot: the query (*) joined to its neighbours (@).");
}

static void knn_status(const void *data, char *buf, int size)
{
    const KnnData *v = data;
    if (v->query < 0) /* no query before training stores the rows ("query #-1" once) */
        snprintf(buf, (size_t)size, "k = %d, nothing stored yet", v->k);
    else
        snprintf(buf, (size_t)size, "k = %d, test point #%d", v->k, v->query);
}

const AlgoView view_knn = { "knn", "neighbours", knn_capture, knn_release, knn_overlay, knn_panel,
                            knn_status };

/* ---- Gaussian naive Bayes --------------------------------------------------- */

typedef struct NbData {
    int k, d, done;
    double *priors, *means, *vars, eps;
    char **class_names;
} NbData;

static void nb_release(void *p)
{
    NbData *v = p;
    if (!v)
        return;
    free(v->priors);
    free(v->means);
    free(v->vars);
    free(v);
}

static void *nb_capture(const Session *s, const ViewRequest *req)
{
    (void)req;
    NbData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    v->k = nb_n_classes(s->model);
    v->d = nb_dim(s->model);
    v->done = nb_classes_done(s->model);
    v->eps = nb_epsilon(s->model);
    v->class_names = s->train->class_names;
    size_t kd = (size_t)v->k * (size_t)v->d;
    v->priors = malloc((size_t)(v->k ? v->k : 1) * sizeof *v->priors);
    v->means = malloc((kd ? kd : 1) * sizeof *v->means);
    v->vars = malloc((kd ? kd : 1) * sizeof *v->vars);
    if (!v->priors || !v->means || !v->vars) {
        nb_release(v);
        return NULL;
    }
    memcpy(v->priors, nb_priors(s->model), (size_t)v->k * sizeof *v->priors);
    memcpy(v->means, nb_means(s->model), kd * sizeof *v->means);
    memcpy(v->vars, nb_variances(s->model), kd * sizeof *v->vars);
    return v;
}

static void nb_overlay(const void *data, Canvas *c, const PlotArea *a)
{
    const NbData *v = data;
    if (v->d != 2)
        return;
    for (int cl = 0; cl < v->done && cl < v->k; cl++)
        canvas_marker(c, a, v->means[cl * 2], v->means[cl * 2 + 1], 0x2716,
                      (uint8_t)(1 + cl % CANVAS_COLOR_SERIES_COUNT));
}

static void nb_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const NbData *v = data;
    int row = y;
    ui_printf(c, x, row++, w, ST_NORMAL, "%d of %d classes computed; variance smoothing epsilon %.3g",
              v->done, v->k, v->eps);
    row++;
    int shown = v->d < 4 ? v->d : 4;
    ui_text(c, x, row++, w, ST_HEADING, "class         prior   mean (variance) of the first features");
    for (int cl = 0; cl < v->k && row < y + h; cl++) {
        char line[512];
        int len = snprintf(line, sizeof line, "%-12.12s  %.3f ",
                           v->class_names && v->class_names[cl] ? v->class_names[cl] : "?",
                           v->priors[cl]);
        for (int j = 0; j < shown && cl < v->done; j++)
            len += snprintf(line + len, sizeof line - (size_t)len, "  %.3g (%.3g)",
                            v->means[(size_t)cl * v->d + j], v->vars[(size_t)cl * v->d + j]);
        if (cl >= v->done)
            snprintf(line + len, sizeof line - (size_t)len, "  (not yet: press Space)");
        ui_text(c, x, row, w, ST_NORMAL, line);
        CanvasCell *cell = canvas_cell(c, x, row);
        if (cell)
            cell->fg = (uint8_t)(1 + cl % CANVAS_COLOR_SERIES_COUNT);
        row++;
    }
}

static void nb_status(const void *data, char *buf, int size)
{
    const NbData *v = data;
    snprintf(buf, (size_t)size, "%d of %d classes", v->done, v->k);
}

const AlgoView view_naive_bayes = { "naive_bayes", "classes", nb_capture, nb_release, nb_overlay,
                                    nb_panel, nb_status };
