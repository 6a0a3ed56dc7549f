/* algorithms/cnn_pass.c - the passes of the convolutional network (cnn.c):
 * a thread's buffers for a chunk of images, and the forward and backward
 * walk over the layers, calling the layer pairs of nn_layers.h.  A
 * convolution runs on the chunk directly, one image per vector lane
 * (conv_direct.h), where the CPU and the layer allow, else as one im2col
 * and one sgemm per image; a dense layer is one sgemm for all the rows of
 * the chunk. */
#include "cnn_internal.h"

#include <stdlib.h>
#include <string.h>

/* ================================================================ buffers */

void cnn_work_free(CnnWork *w)
{
    free(w->x);
    free(w->y);
    for (int i = 0; i < CNN_MAX_LAYERS; i++) {
        free(w->acts[i]);
        free(w->dacts[i]);
        free(w->argmax[i]);
        free(w->cols[i]);
        free(w->direct[i]);
    }
    free(w->dcol);
    free(w->probs);
    memset(w, 0, sizeof *w);
}

int cnn_chunk_for(const CnnLayer *layers, int n)
{
    for (int i = 0; i < n; i++)
        if (layers[i].spec.kind == CNN_CONV && conv_direct_usable(&layers[i].g))
            return CNN_CHUNK;
    return CNN_CHUNK_IM2COL;
}

/* A conv layer's buffers: the direct kernel's scratch, or the im2col
 * matrices of cap images (and room for one image's in *dcol). */
static int alloc_conv(CnnWork *w, int i, const ConvGeom *g, int cap, size_t *dcol)
{
    if (cap <= CONV_DIRECT_LANES && conv_direct_usable(g)) {
        size_t bytes = (conv_direct_scratch_floats(g) * sizeof(float) + 63) / 64 * 64;
        return (w->direct[i] = aligned_alloc(64, bytes)) ? 0 : -1;
    }
    if (conv_col_size(g) > *dcol)
        *dcol = conv_col_size(g);
    return (w->cols[i] = malloc(conv_col_size(g) * cap * sizeof(float))) ? 0 : -1;
}

/* Layer i's activations (and gradients when backward) for cap images, its
 * argmaxes (max pooling) or its conv buffers. */
static int alloc_layer(CnnWork *w, int i, const CnnLayer *L, int cap, bool backward,
                       size_t *dcol)
{
    const size_t n = (size_t)cap * L->out_size;
    if (!(w->acts[i] = malloc(n * sizeof(float))))
        return -1;
    if (backward && !(w->dacts[i] = malloc(n * sizeof(float))))
        return -1;
    if (L->spec.kind == CNN_MAXPOOL && !(w->argmax[i] = malloc(n * sizeof(int))))
        return -1;
    return L->spec.kind == CNN_CONV ? alloc_conv(w, i, &L->g, cap, dcol) : 0;
}

int cnn_work_alloc(const Cnn *m, CnnWork *w, int cap, bool backward, Error *err)
{
    memset(w, 0, sizeof *w);
    w->cap = cap;
    size_t dcol = 0;
    bool ok = (w->x = malloc((size_t)cap * m->in_size * sizeof(float))) &&
              (w->y = malloc((size_t)cap * sizeof(int))) &&
              (w->probs = malloc((size_t)cap * m->n_classes * sizeof(float)));
    for (int i = 0; i < m->n_layers && ok; i++)
        ok = alloc_layer(w, i, &m->layers[i], cap, backward, &dcol) == 0;
    if (ok && backward && dcol)
        ok = (w->dcol = malloc(dcol * sizeof(float))) != NULL;
    if (!ok) {
        cnn_work_free(w);
        return error_set(err, ERR_NOMEM, "out of memory for the network's workspace");
    }
    return 0;
}

/* ================================================================ passes */

float *cnn_W_of(const Cnn *m, const CnnLayer *L) { return m->params + L->w_off; }
float *cnn_b_of(const Cnn *m, const CnnLayer *L) { return m->params + L->b_off; }

/* Conv layer i on B images: directly when w has its scratch, else through
 * im2col. */
static void conv_forward(const Cnn *m, CnnWork *w, int i, float *out, const float *inp, int B)
{
    const CnnLayer *L = &m->layers[i];
    if (w->direct[i])
        conv_direct_forward(out, w->direct[i], inp, cnn_W_of(m, L), cnn_b_of(m, L), B, &L->g);
    else
        conv2d_forward(out, w->cols[i], inp, cnn_W_of(m, L), cnn_b_of(m, L), B, &L->g);
}

static void conv_backward(const Cnn *m, CnnWork *w, int i, float *dinp, const float *dout,
                          int B, float *grad)
{
    const CnnLayer *L = &m->layers[i];
    float *dW = grad + L->w_off, *db = grad + L->b_off;
    if (w->direct[i])
        conv_direct_backward(dinp, dW, db, w->direct[i], dout, cnn_W_of(m, L), B, &L->g);
    else
        conv2d_backward(dinp, dW, db, w->dcol, w->cols[i], dout, cnn_W_of(m, L), B, &L->g);
}

/* Forward B images of w (already offset) to w->probs; returns Σ -log p[y]
 * when y is given. */
double cnn_forward(const Cnn *m, CnnWork *w, const int *y, int B)
{
    const float *inp = w->x;
    for (int i = 0; i < m->n_layers; i++) {
        const CnnLayer *L = &m->layers[i];
        float *out = w->acts[i];
        switch (L->spec.kind) {
        case CNN_CONV:
            conv_forward(m, w, i, out, inp, B);
            break;
        case CNN_RELU:
            activation_forward(ACT_RELU, out, inp, (size_t)B * L->out_size);
            break;
        case CNN_TANH:
            activation_forward(ACT_TANH, out, inp, (size_t)B * L->out_size);
            break;
        case CNN_MAXPOOL:
            maxpool_forward(out, w->argmax[i], inp, B, L->in_c, L->in_h, L->in_w, L->spec.k,
                            L->spec.stride);
            break;
        case CNN_AVGPOOL:
            avgpool_forward(out, inp, B, L->in_c, L->in_h, L->in_w, L->spec.k, L->spec.stride);
            break;
        case CNN_DENSE:
            dense_forward(out, inp, cnn_W_of(m, L), cnn_b_of(m, L), B, (int)L->in_size, L->spec.n);
            break;
        }
        inp = out;
    }
    return softmax_xent_forward_w(w->probs, inp, y, m->tr.cw, B, m->n_classes);
}

/* Backward B images (after cnn_forward) into grad; scale = 1 / batch size. */
void cnn_backward(const Cnn *m, CnnWork *w, const int *y, int B, float scale,
                         float *grad)
{
    const int n = m->n_layers;
    softmax_xent_backward_w(w->dacts[n - 1], w->probs, y, m->tr.cw, B, m->n_classes, scale);
    for (int i = n - 1; i >= m->first_param_layer; i--) {
        const CnnLayer *L = &m->layers[i];
        const float *inp = i == 0 ? w->x : w->acts[i - 1];
        const float *dout = w->dacts[i];
        /* the first layer with parameters needs no input gradient */
        float *dinp = i > m->first_param_layer ? w->dacts[i - 1] : NULL;
        switch (L->spec.kind) {
        case CNN_CONV:
            conv_backward(m, w, i, dinp, dout, B, grad);
            break;
        case CNN_RELU:
        case CNN_TANH:
            if (dinp)
                activation_backward(L->spec.kind == CNN_RELU ? ACT_RELU : ACT_TANH, dinp, dout,
                                    w->acts[i], (size_t)B * L->out_size);
            break;
        case CNN_MAXPOOL:
            if (dinp)
                maxpool_backward(dinp, dout, w->argmax[i], B, L->in_c, L->in_h, L->in_w,
                                 L->spec.k, L->spec.stride);
            break;
        case CNN_AVGPOOL:
            if (dinp)
                avgpool_backward(dinp, dout, B, L->in_c, L->in_h, L->in_w, L->spec.k,
                                 L->spec.stride);
            break;
        case CNN_DENSE:
            dense_backward(dinp, grad + L->w_off, grad + L->b_off, dout, inp, cnn_W_of(m, L), B,
                           (int)L->in_size, L->spec.n);
            break;
        }
    }
}

/* Copy rows (indices into X, or the n rows from `first` when rows is NULL)
 * into the chunk buffers of w. */
void cnn_load_chunk(const Cnn *m, CnnWork *w, const Mat *X, const int *y, const int *rows,
                    int first, int n)
{
    for (int i = 0; i < n; i++) {
        int r = rows ? rows[first + i] : first + i;
        mat_gather_f32(X, &r, 1, w->x + (size_t)i * m->in_size); /* any backing (mat.h) */
        if (y)
            w->y[i] = y[r];
    }
}
