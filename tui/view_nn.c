/* view_nn.c - views of the networks: a tiny feedforward network's forward
 * and backward pass for one sample, number by number (or, for a bigger
 * network, its layer sizes and the first hidden units' input weights as
 * images); a CNN's feature maps of one test image and its class
 * probabilities. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnn.h"
#include "mlp.h"
#include "tui_views.h"

/* ---- mlp ------------------------------------------------------------------------ */

#define MLP_UNIT_IMAGES 8

typedef struct MlpData {
    int sizes[MLP_MAX_LAYERS + 1], n_sizes;
    char activation[16];
    int epochs, batches, per_epoch;
    StrBuf text;                 /* the backward-pass record, one line each */
    int image_w, image_h, n_units;
    float *unit_weights;         /* n_units x (image_w * image_h) */
} MlpData;

static void mlp_release(void *p)
{
    MlpData *v = p;
    if (!v)
        return;
    sb_free(&v->text);
    free(v->unit_weights);
    free(v);
}

static void add_vec(StrBuf *sb, const char *name, const float *x, int n)
{
    sb_printf(sb, "  %-8s [", name);
    for (int i = 0; i < n && i < 16; i++)
        sb_printf(sb, "%s%.4g", i ? ", " : "", x[i]);
    sb_printf(sb, "%s]\n", n > 16 ? ", ..." : "");
}

/* An in x out matrix, a row per input (at most 6 rows shown). */
static void add_mat(StrBuf *sb, const char *name, const float *m, int in, int out)
{
    for (int i = 0; i < in && i < 6; i++) {
        char label[32];
        snprintf(label, sizeof label, i == 0 ? "%s" : "", name);
        sb_printf(sb, "  %-8s [", label);
        for (int j = 0; j < out && j < 12; j++)
            sb_printf(sb, "%s%.4g", j ? ", " : "", m[(size_t)i * out + j]);
        sb_printf(sb, "%s]\n", out > 12 ? ", ..." : "");
    }
    if (in > 6)
        sb_printf(sb, "  %-8s ... %d more rows\n", "", in - 6);
}

static void *mlp_capture(const Session *s, const ViewRequest *req)
{
    (void)req;
    MlpData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    const void *m = s->model;
    v->n_sizes = mlp_layer_sizes(m, v->sizes, MLP_MAX_LAYERS + 1);
    snprintf(v->activation, sizeof v->activation, "%s", mlp_activation(m));
    v->epochs = mlp_epochs_done(m);
    v->batches = mlp_batches_done(m, &v->per_epoch);
    const MlpBackprop *bp = mlp_last_backprop(m);
    if (bp) {
        StrBuf *sb = &v->text;
        sb_printf(sb, "One training sample, true class %d, predicted %d, loss -log p = %.4g, lr %.3g\n",
                  bp->label, bp->predicted, bp->loss, bp->lr);
        sb_append(sb, "FORWARD  z = a_in W + b,  a = f(z)  (softmax at the output)\n");
        for (int l = 0; l < bp->n_layers; l++) {
            const MlpBackpropLayer *L = &bp->layers[l];
            sb_printf(sb, "layer %d: %d -> %d (%s)\n", l + 1, L->in, L->out,
                      l == bp->n_layers - 1 ? "softmax" : bp->activation);
            add_vec(sb, "a_in", L->a_in, L->in);
            add_vec(sb, "z", L->z, L->out);
            add_vec(sb, "a", L->a, L->out);
        }
        sb_append(sb, "BACKWARD  delta = dL/dz: probs - onehot at the output, (delta' W'^T) * f'(z) below\n");
        for (int l = bp->n_layers - 1; l >= 0; l--) {
            const MlpBackpropLayer *L = &bp->layers[l];
            sb_printf(sb, "layer %d:\n", l + 1);
            add_vec(sb, "delta", L->delta, L->out);
            add_mat(sb, "dW", L->dW, L->in, L->out);
            add_vec(sb, "db", L->db, L->out);
            add_mat(sb, "W", L->W, L->in, L->out);
            add_mat(sb, "W-lr dW", L->W_new, L->in, L->out);
        }
    }
    const Dataset *train = s->train;
    int rows, cols;
    const float *W0 = mlp_weights(m, 0, &rows, &cols);
    if (!bp && W0 && train->image_w > 0 && rows == train->image_w * train->image_h) {
        v->image_w = train->image_w;
        v->image_h = train->image_h;
        v->n_units = cols < MLP_UNIT_IMAGES ? cols : MLP_UNIT_IMAGES;
        v->unit_weights = malloc((size_t)v->n_units * (size_t)rows * sizeof *v->unit_weights);
        if (v->unit_weights)
            for (int u = 0; u < v->n_units; u++)
                for (int i = 0; i < rows; i++)
                    v->unit_weights[(size_t)u * rows + i] = W0[(size_t)i * cols + u];
    }
    return v;
}

static void mlp_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const MlpData *v = data;
    int row = y;
    char arch[256];
    int len = 0;
    for (int i = 0; i < v->n_sizes && len < 200; i++)
        len += snprintf(arch + len, sizeof arch - (size_t)len, "%s%d", i ? "-" : "", v->sizes[i]);
    ui_printf(c, x, row++, w, ST_NORMAL, "network %s (%s); epoch %d, batch %d of %d", arch,
              v->activation, v->epochs, v->batches, v->per_epoch);
    row++;
    if (v->text.len) {
        const char *p = v->text.s;
        while (p && *p && row < y + h) {
            const char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            char line[512];
            if (n >= sizeof line)
                n = sizeof line - 1;
            memcpy(line, p, n);
            line[n] = '\0';
            Style st = line[0] == ' ' ? ST_CODE
                       : (strncmp(line, "FORWARD", 7) == 0 || strncmp(line, "BACKWARD", 8) == 0)
                           ? ST_HEADING
                           : ST_NORMAL;
            ui_text(c, x, row++, w, st, line);
            p = nl ? nl + 1 : NULL;
        }
        return;
    }
    if (v->unit_weights) {
        ui_text(c, x, row++, w, ST_HEADING, "input weights of the first hidden units, as images:");
        int iw = v->image_w, ih = v->image_h;
        int per_row = w / (iw + 2);
        for (int u = 0; u < v->n_units; u++) {
            int gx = x + (u % (per_row > 0 ? per_row : 1)) * (iw + 2);
            int gy = row + (u / (per_row > 0 ? per_row : 1)) * ((ih + 1) / 2 + 1);
            if (gy + (ih + 1) / 2 > y + h)
                break;
            view_image_normalised(c, gx, gy, v->unit_weights + (size_t)u * iw * ih, iw, ih);
        }
        return;
    }
    ui_printf(c, x, row++, w, ST_DIM,
              "The backward-pass trace is recorded for tiny networks (every layer <= %d units):",
              MLP_TINY_UNITS);
    ui_text(c, x, row++, w, ST_DIM, "try hidden=4 on xor or moons, then Space.");
}

static void mlp_status(const void *data, char *buf, int size)
{
    const MlpData *v = data;
    snprintf(buf, (size_t)size, "epoch %d", v->epochs);
}

const AlgoView view_mlp = { "mlp", "backprop", mlp_capture, mlp_release, NULL, mlp_panel,
                            mlp_status };

/* ---- cnn ------------------------------------------------------------------------ */

typedef struct CnnData {
    CnnImageView maps;
    bool have_maps;
    int n_layers;
    CnnLayerInfo info[CNN_MAX_LAYERS];
    long params;
    int epochs;
    int query, true_label;
    int C, H, W;
    float *image;           /* the input, H x W (first channel) */
    char **class_names;
    char error[512];
} CnnData;

static void cnn_release(void *p)
{
    CnnData *v = p;
    if (!v)
        return;
    if (v->have_maps)
        cnn_image_view_free(&v->maps);
    free(v->image);
    free(v);
}

/* Test row q's picture (its first channel) and the maps it makes; the row
 * is read as floats whatever the backing (an image set is held as bytes:
 * mat.h). */
static void cnn_query(CnnData *v, const void *m, const Dataset *test, int q)
{
    float *x = malloc((size_t)(test->X.cols > 0 ? test->X.cols : 1) * sizeof *x);
    size_t px = (size_t)v->H * (size_t)v->W;
    if (!x || px * (size_t)(v->C > 0 ? v->C : 1) > (size_t)test->X.cols) {
        snprintf(v->error, sizeof v->error, "%s",
                 x ? "the image does not fit the network" : "out of memory");
        free(x);
        return;
    }
    mat_copy_rows_f32(&test->X, q, 1, x);
    v->image = malloc((px ? px : 1) * sizeof *v->image);
    if (v->image)
        for (size_t i = 0; i < px; i++)
            v->image[i] = x[i * (size_t)(v->C > 0 ? v->C : 1)];
    Error err;
    if (cnn_inspect_image(m, x, &v->maps, &err) == 0)
        v->have_maps = true;
    else
        snprintf(v->error, sizeof v->error, "%s", err.msg);
    free(x);
}

static void *cnn_capture(const Session *s, const ViewRequest *req)
{
    CnnData *v = calloc(1, sizeof *v);
    if (!v)
        return NULL;
    const void *m = s->model;
    v->n_layers = cnn_layer_count(m);
    if (v->n_layers > CNN_MAX_LAYERS)
        v->n_layers = CNN_MAX_LAYERS;
    for (int i = 0; i < v->n_layers; i++)
        cnn_layer_info(m, i, &v->info[i]);
    v->params = cnn_param_count(m);
    v->epochs = cnn_epochs_done(m);
    cnn_input_shape(m, &v->C, &v->H, &v->W);
    v->class_names = s->train->class_names;
    const Dataset *test = s->test;
    if (!test || test->X.rows == 0)
        return v;
    int q = req->query % test->X.rows;
    if (q < 0)
        q += test->X.rows;
    v->query = q;
    v->true_label = test->y ? test->y[q] : -1;
    cnn_query(v, m, test, q);
    return v;
}

/* The class probabilities beside the input image; returns the rows used. */
static int draw_cnn_probs(const CnnData *v, Canvas *c, int bx, int row, int bw)
{
    int k = v->maps.n_classes < 10 ? v->maps.n_classes : 10;
    const char *labels[10];
    double probs[10];
    char names[10][40];
    for (int i = 0; i < k; i++) {
        snprintf(names[i], sizeof names[i], "%s%s",
                 v->class_names && v->class_names[i] ? v->class_names[i] : "?",
                 i == v->true_label ? "*" : "");
        labels[i] = names[i];
        probs[i] = v->maps.probs[i];
    }
    ui_printf(c, bx, row, bw, ST_HEADING, "P(class), * = true class; predicted %s",
              v->maps.predicted >= 0 && v->class_names ? v->class_names[v->maps.predicted] : "?");
    canvas_bars(c, bx, row + 1, bw < 60 ? bw : 60, labels, probs, k, CANVAS_COLOR_GOOD);
    return k + 1;
}

/* A spatial layer's maps, as many channels as fit; the rows used (0 when
 * the layer is skipped: no image, or too tall for the rows left). */
static int draw_cnn_layer(Canvas *c, int x, int row, int w, int rows_left, int l, const CnnMap *map)
{
    if (map->h <= 1 || map->kind == CNN_RELU || map->kind == CNN_TANH)
        return 0;
    int mh = (map->h + 1) / 2;
    if (1 + mh > rows_left)
        return 0; /* too tall for what is left: a smaller layer may fit */
    int fit = (w + 2) / (map->w + 2);
    int shown = map->c < fit ? map->c : fit;
    ui_printf(c, x, row, w, ST_HEADING, "layer %d %s: %d maps %dx%d", l + 1,
              cnn_layer_kind_name(map->kind), map->c, map->h, map->w);
    for (int ch = 0; ch < shown; ch++)
        view_image_normalised(c, x + ch * (map->w + 2), row + 1,
                              map->data + (size_t)ch * map->h * map->w, map->w, map->h);
    return 1 + mh + 1;
}

static void cnn_panel(const void *data, Canvas *c, int x, int y, int w, int h)
{
    const CnnData *v = data;
    int row = y;
    ui_printf(c, x, row++, w, ST_NORMAL, "%d layers, %ld parameters; epoch %d; test image #%d (, . another)",
              v->n_layers, v->params, v->epochs, v->query);
    if (v->error[0])
        ui_text(c, x, row++, w, ST_ERROR, v->error);
    if (!v->image || v->H <= 0)
        return;
    /* The input, and the class probabilities beside it. */
    int rows = canvas_image(c, x, row, v->image, v->W, v->H);
    ui_printf(c, x, row + rows, v->W + 2, ST_DIM, "#%d", v->query);
    rows++;
    if (v->have_maps && v->maps.probs) {
        int prob_rows = draw_cnn_probs(v, c, x + v->W + 3, row, w - v->W - 3);
        rows = rows < prob_rows ? prob_rows : rows;
    }
    row += rows + 1;
    if (!v->have_maps)
        return;
    /* Spatial layers while rows remain. */
    for (int l = 0; l < v->maps.n_layers && row < y + h; l++)
        row += draw_cnn_layer(c, x, row, w, y + h - row, l, &v->maps.maps[l]);
}

static void cnn_status(const void *data, char *buf, int size)
{
    const CnnData *v = data;
    snprintf(buf, (size_t)size, "epoch %d", v->epochs);
}

const AlgoView view_cnn = { "cnn", "maps", cnn_capture, cnn_release, NULL, cnn_panel, cnn_status };
