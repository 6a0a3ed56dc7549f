/* algorithms/mlp_backprop.c - the record of one example's pass through a
 * feedforward network (mlp.h: mlp_backprop_example), written out as plain
 * loops so that it reads like the math, and its lines in the trace: what
 * a tiny network (every layer <= MLP_TINY_UNITS wide) shows at each step
 * of its training (mlp.c).  The batched, threaded passes are in mlp.c. */
#include "mlp.h"
#include "mlp_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- backprop record */

void mlp_backprop_free(MlpBackprop *bp)
{
    if (!bp)
        return;
    for (int l = 0; l < bp->n_layers && bp->layers; l++) {
        MlpBackpropLayer *ly = &bp->layers[l];
        free(ly->a_in);
        free(ly->W);
        free(ly->b);
        free(ly->z);
        free(ly->a);
        free(ly->delta);
        free(ly->dW);
        free(ly->db);
        free(ly->W_new);
    }
    free(bp->layers);
    memset(bp, 0, sizeof *bp);
}

static int backprop_layer_alloc(MlpBackpropLayer *ly, int in, int n)
{
    ly->in = in;
    ly->out = n;
    ly->a_in = malloc((size_t)in * sizeof(float));
    ly->W = malloc((size_t)in * n * sizeof(float));
    ly->b = malloc((size_t)n * sizeof(float));
    ly->z = malloc((size_t)n * sizeof(float));
    ly->a = malloc((size_t)n * sizeof(float));
    ly->delta = malloc((size_t)n * sizeof(float));
    ly->dW = malloc((size_t)in * n * sizeof(float));
    ly->db = malloc((size_t)n * sizeof(float));
    ly->W_new = malloc((size_t)in * n * sizeof(float));
    return !ly->a_in || !ly->W || !ly->b || !ly->z || !ly->a || !ly->delta || !ly->dW ||
                   !ly->db || !ly->W_new
               ? -1
               : 0;
}

/* Layer l forward for one example, written out as plain loops so the record
 * reads like the math: z = b + a_in W, a = act(z) (the top layer's a is the
 * softmax, filled by the caller). */
static void backprop_forward(const Mlp *m, MlpBackprop *out, int l, const float *x)
{
    MlpBackpropLayer *ly = &out->layers[l];
    memcpy(ly->a_in, l == 0 ? x : out->layers[l - 1].a, (size_t)ly->in * sizeof(float));
    memcpy(ly->W, W_of(m, l), (size_t)ly->in * ly->out * sizeof(float));
    memcpy(ly->b, b_of(m, l), (size_t)ly->out * sizeof(float));
    for (int j = 0; j < ly->out; j++) {
        double z = ly->b[j];
        for (int i = 0; i < ly->in; i++)
            z += (double)ly->a_in[i] * ly->W[(size_t)i * ly->out + j];
        ly->z[j] = (float)z;
    }
    if (l < m->L - 1)
        activation_forward(m->act, ly->a, ly->z, (size_t)ly->out);
}

/* Layer l backward: dW = a_in^T delta, db = delta, W_new = W - lr dW, and
 * the delta of the layer below = (delta W^T) * act'(a below). */
static void backprop_backward(const Mlp *m, MlpBackprop *out, int l)
{
    MlpBackpropLayer *ly = &out->layers[l];
    for (int i = 0; i < ly->in; i++)
        for (int j = 0; j < ly->out; j++) {
            size_t ij = (size_t)i * ly->out + j;
            ly->dW[ij] = ly->a_in[i] * ly->delta[j];
            ly->W_new[ij] = ly->W[ij] - out->lr * ly->dW[ij];
        }
    memcpy(ly->db, ly->delta, (size_t)ly->out * sizeof(float));
    if (l == 0)
        return;
    MlpBackpropLayer *below = &out->layers[l - 1];
    for (int i = 0; i < ly->in; i++) {
        double s = 0.0;
        for (int j = 0; j < ly->out; j++)
            s += (double)ly->delta[j] * ly->W[(size_t)i * ly->out + j];
        below->delta[i] = (float)s;
    }
    activation_backward(m->act, below->delta, below->delta, below->a, (size_t)below->out);
}

int mlp_backprop_example(const void *model, const float *x, int label, MlpBackprop *out,
                         Error *err)
{
    const Mlp *m = model;
    memset(out, 0, sizeof *out);
    const int L = m->L, K = m->sizes[L];
    if (label < 0 || label >= K)
        return error_set(err, ERR_USAGE, "label %d is not a class of this network (0..%d)",
                         label, K - 1);
    out->layers = calloc((size_t)L, sizeof *out->layers);
    if (!out->layers)
        return error_set(err, ERR_NOMEM, "out of memory");
    out->n_layers = L;
    out->label = label;
    out->lr = m->training ? m->tr.lr : 0.0f;
    out->activation = activation_name(m->act);
    for (int l = 0; l < L; l++)
        if (backprop_layer_alloc(&out->layers[l], m->sizes[l], m->sizes[l + 1]) < 0) {
            mlp_backprop_free(out);
            return error_set(err, ERR_NOMEM, "out of memory");
        }
    for (int l = 0; l < L; l++)
        backprop_forward(m, out, l, x);
    MlpBackpropLayer *top = &out->layers[L - 1];
    double loss = softmax_xent_forward(top->a, top->z, &label, 1, K);
    out->loss = (float)loss;
    out->predicted = vec_argmax(top->a, K);
    softmax_xent_backward(top->delta, top->a, &label, 1, K, 1.0f);
    for (int l = L - 1; l >= 0; l--)
        backprop_backward(m, out, l);
    return 0;
}

const MlpBackprop *mlp_last_backprop(const void *model)
{
    const Mlp *m = model;
    return m->has_bp ? &m->last_bp : NULL;
}

bool mlp_is_tiny(const void *model)
{
    const Mlp *m = model;
    for (int l = 0; l <= m->L; l++)
        if (m->sizes[l] > MLP_TINY_UNITS)
            return false;
    return true;
}

/* "[0.12, -0.5, 1]" with at most max values shown. */
static void fmt_vec(char *buf, size_t size, const float *v, int n, int max)
{
    size_t len = 0;
    buf[0] = '\0';
    len += (size_t)snprintf(buf + len, size - len, "[");
    for (int i = 0; i < n && i < max && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%.4g", i ? ", " : "",
                                (double)(v[i] + 0.0f)); /* + 0: no "-0" */
    if (len < size)
        snprintf(buf + len, size - len, "%s]", n > max ? ", ..." : "");
}

void mlp_emit_backprop(const MlpBackprop *bp, Trace *trace)
{
    char a[96], b[96];
    for (int l = 0; l < bp->n_layers; l++) {
        const MlpBackpropLayer *ly = &bp->layers[l];
        bool last = l == bp->n_layers - 1;
        fmt_vec(a, sizeof a, ly->z, ly->out, 8);
        fmt_vec(b, sizeof b, ly->a, ly->out, 8);
        if (last)
            trace_emit(trace, TRACE_DETAIL, "forward",
                       "layer %d: z%d = a%d·W%d + b%d = %s; p = softmax(z%d) = %s", l + 1, l + 1,
                       l, l + 1, l + 1, a, l + 1, b);
        else
            trace_emit(trace, TRACE_DETAIL, "forward",
                       "layer %d: z%d = a%d·W%d + b%d = %s; a%d = %s(z%d) = %s", l + 1, l + 1, l,
                       l + 1, l + 1, a, l + 1, bp->activation, l + 1, b);
    }
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "loss = -log p[%d] = %.4g (predicted %d)", bp->label,
             (double)bp->loss, bp->predicted);
    trace_emitv(trace, TRACE_DETAIL, "loss", text, "loss", (double)bp->loss, "label",
                (double)bp->label, "predicted", (double)bp->predicted, TRACE_END);
    for (int l = bp->n_layers - 1; l >= 0; l--) {
        const MlpBackpropLayer *ly = &bp->layers[l];
        bool last = l == bp->n_layers - 1;
        fmt_vec(a, sizeof a, ly->delta, ly->out, 8);
        if (last)
            trace_emit(trace, TRACE_DETAIL, "delta", "delta%d = p - onehot(%d) = %s", l + 1,
                       bp->label, a);
        else
            trace_emit(trace, TRACE_DETAIL, "delta",
                       "delta%d = (delta%d·W%dᵀ) ⊙ %s'(z%d) = %s", l + 1, l + 2, l + 2,
                       bp->activation, l + 1, a);
        double norm = 0.0;
        for (int i = 0; i < ly->in * ly->out; i++)
            norm += (double)ly->dW[i] * ly->dW[i];
        fmt_vec(b, sizeof b, ly->dW, ly->in * ly->out, 6);
        trace_emit(trace, TRACE_DETAIL, "gradient",
                   "dW%d = a%dᵀ·delta%d (%dx%d, norm %.4g) = %s; db%d = delta%d", l + 1, l,
                   l + 1, ly->in, ly->out, sqrt(norm), b, l + 1, l + 1);
        fmt_vec(b, sizeof b, ly->W_new, ly->in * ly->out, 6);
        trace_emit(trace, TRACE_DETAIL, "update", "W%d - lr·dW%d (lr %.3g) = %s", l + 1, l + 1,
                   (double)bp->lr, b);
    }
}
