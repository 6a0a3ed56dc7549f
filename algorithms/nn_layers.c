/* algorithms/nn_layers.c - forward/backward pairs of the network layers, the
 * optimizers, the initialisers, and the training schedule mlp and cnn share.
 * See nn_layers.h for the shapes and conventions. */
#include "nn_layers.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "prep.h"
#include "timer.h"

/* ======================================================================
 * dense
 * ====================================================================== */

void dense_forward(float *out, const float *inp, const float *weight, const float *bias, int B,
                   int C, int OC)
{
    /* start every row from the bias, then out += inp·weight in one sgemm */
    for (int b = 0; b < B; b++)
        memcpy(out + (size_t)b * OC, bias, (size_t)OC * sizeof(float));
    if (B == 0 || C == 0)
        return;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, B, OC, C, 1.0f, inp, C, weight, OC,
                1.0f, out, OC);
}

void dense_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                    const float *inp, const float *weight, int B, int C, int OC)
{
    if (B == 0)
        return;
    /* dW += Xᵀ·δ : (C, B)·(B, OC) */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, C, OC, B, 1.0f, inp, C, dout, OC, 1.0f,
                dweight, OC);
    /* db += Σ_b δ[b] */
    for (int b = 0; b < B; b++) {
        const float *d = dout + (size_t)b * OC;
        for (int o = 0; o < OC; o++)
            dbias[o] += d[o];
    }
    /* δ_prev = δ·Wᵀ : (B, OC)·(OC, C) */
    if (dinp)
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, B, C, OC, 1.0f, dout, OC, weight,
                    OC, 0.0f, dinp, C);
}

/* ======================================================================
 * activations
 * ====================================================================== */

int activation_parse(const char *name, Activation *out)
{
    static const struct { const char *name; Activation a; } names[] = {
        { "relu", ACT_RELU }, { "sigmoid", ACT_SIGMOID }, { "tanh", ACT_TANH },
        { "identity", ACT_IDENTITY }, { "linear", ACT_IDENTITY } };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].a;
            return 0;
        }
    return -1;
}

const char *activation_name(Activation a)
{
    switch (a) {
    case ACT_RELU: return "relu";
    case ACT_SIGMOID: return "sigmoid";
    case ACT_TANH: return "tanh";
    case ACT_IDENTITY: return "identity";
    }
    return "?";
}

void activation_forward(Activation a, float *out, const float *inp, size_t n)
{
    switch (a) {
    case ACT_RELU:
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            out[i] = inp[i] > 0.0f ? inp[i] : 0.0f;
        break;
    case ACT_SIGMOID:
        /* 1/(1+e^-x) overflows gracefully: e^-x = inf gives 0 */
        for (size_t i = 0; i < n; i++)
            out[i] = 1.0f / (1.0f + expf(-inp[i]));
        break;
    case ACT_TANH:
        for (size_t i = 0; i < n; i++)
            out[i] = tanhf(inp[i]);
        break;
    case ACT_IDENTITY:
        if (out != inp)
            memmove(out, inp, n * sizeof(float));
        break;
    }
}

void activation_backward(Activation a, float *dinp, const float *dout, const float *out,
                         size_t n)
{
    switch (a) {
    case ACT_RELU:
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            dinp[i] = out[i] > 0.0f ? dout[i] : 0.0f;
        break;
    case ACT_SIGMOID:
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            dinp[i] = dout[i] * out[i] * (1.0f - out[i]);
        break;
    case ACT_TANH:
#pragma omp simd
        for (size_t i = 0; i < n; i++)
            dinp[i] = dout[i] * (1.0f - out[i] * out[i]);
        break;
    case ACT_IDENTITY:
        if (dinp != dout)
            memmove(dinp, dout, n * sizeof(float));
        break;
    }
}

/* ======================================================================
 * softmax + cross-entropy
 * ====================================================================== */

double softmax_xent_forward(float *probs, const float *logits, const int *labels, int B, int K)
{
    double loss = 0.0;
    for (int b = 0; b < B; b++) {
        const float *z = logits + (size_t)b * K;
        float *p = probs + (size_t)b * K;
        /* subtract the row maximum first: exp never overflows, and the
         * result is unchanged because softmax(z) = softmax(z - c) */
        float zmax = z[0];
        for (int k = 1; k < K; k++)
            if (z[k] > zmax)
                zmax = z[k];
        float sum = 0.0f;
        for (int k = 0; k < K; k++) {
            p[k] = expf(z[k] - zmax);
            sum += p[k];
        }
        float inv = 1.0f / sum;
        for (int k = 0; k < K; k++)
            p[k] *= inv;
        if (labels) {
            /* -log p[y] = log Σ e^(z - zmax) - (z[y] - zmax): exact even when
             * p[y] underflows to 0 */
            loss += (double)logf(sum) - (double)(z[labels[b]] - zmax);
        }
    }
    return loss;
}

void softmax_xent_backward(float *dlogits, const float *probs, const int *labels, int B, int K,
                           float scale)
{
    for (int b = 0; b < B; b++) {
        const float *p = probs + (size_t)b * K;
        float *d = dlogits + (size_t)b * K;
        for (int k = 0; k < K; k++)
            d[k] = scale * p[k];
        d[labels[b]] -= scale;
    }
}

/* ======================================================================
 * convolution: im2col + sgemm (NHWC)
 * ====================================================================== */

int conv_geom(ConvGeom *g, int H, int W, int C, int OC, int K, int pad, int stride)
{
    g->H = H;
    g->W = W;
    g->C = C;
    g->OC = OC;
    g->K = K;
    g->pad = pad;
    g->stride = stride;
    g->OH = g->OW = 0;
    if (K < 1 || stride < 1 || pad < 0 || H + 2 * pad < K || W + 2 * pad < K)
        return -1;
    g->OH = (H + 2 * pad - K) / stride + 1;
    g->OW = (W + 2 * pad - K) / stride + 1;
    return 0;
}

size_t conv_col_size(const ConvGeom *g, int B)
{
    return (size_t)B * g->OH * g->OW * g->K * g->K * g->C;
}

void im2col(float *col, const float *inp, int B, const ConvGeom *g)
{
    const int H = g->H, W = g->W, C = g->C, K = g->K, S = g->stride, P = g->pad;
    const size_t KC = (size_t)K * C; /* one kernel row of the patch, contiguous in NHWC */
    float *row = col;
    for (int b = 0; b < B; b++) {
        const float *img = inp + (size_t)b * H * W * C;
        for (int oy = 0; oy < g->OH; oy++) {
            for (int ox = 0; ox < g->OW; ox++) {
                int x0 = ox * S - P; /* leftmost input column under the kernel */
                for (int ky = 0; ky < K; ky++) {
                    int iy = oy * S - P + ky;
                    float *dst = row + ky * KC;
                    if (iy < 0 || iy >= H) {
                        memset(dst, 0, KC * sizeof(float));
                    } else if (x0 >= 0 && x0 + K <= W) {
                        /* the whole kernel row is inside: one copy */
                        memcpy(dst, img + ((size_t)iy * W + x0) * C, KC * sizeof(float));
                    } else {
                        for (int kx = 0; kx < K; kx++) {
                            int ix = x0 + kx;
                            if (ix < 0 || ix >= W)
                                memset(dst + kx * C, 0, C * sizeof(float));
                            else
                                memcpy(dst + kx * C, img + ((size_t)iy * W + ix) * C,
                                       C * sizeof(float));
                        }
                    }
                }
                row += K * KC;
            }
        }
    }
}

void col2im(float *dinp, const float *dcol, int B, const ConvGeom *g)
{
    const int H = g->H, W = g->W, C = g->C, K = g->K, S = g->stride, P = g->pad;
    const size_t KC = (size_t)K * C;
    memset(dinp, 0, (size_t)B * H * W * C * sizeof(float));
    const float *row = dcol;
    for (int b = 0; b < B; b++) {
        float *img = dinp + (size_t)b * H * W * C;
        for (int oy = 0; oy < g->OH; oy++) {
            for (int ox = 0; ox < g->OW; ox++) {
                int x0 = ox * S - P;
                int kx0 = x0 < 0 ? -x0 : 0;               /* kernel columns inside */
                int kx1 = x0 + K > W ? W - x0 : K;
                for (int ky = 0; ky < K; ky++) {
                    int iy = oy * S - P + ky;
                    if (iy < 0 || iy >= H)
                        continue;
                    const float *src = row + ky * KC + (size_t)kx0 * C;
                    float *dst = img + ((size_t)iy * W + x0 + kx0) * C;
                    size_t n = (size_t)(kx1 - kx0) * C;
#pragma omp simd
                    for (size_t i = 0; i < n; i++)
                        dst[i] += src[i];
                }
                row += K * KC;
            }
        }
    }
}

void conv2d_forward(float *out, float *col, const float *inp, const float *weight,
                    const float *bias, int B, const ConvGeom *g)
{
    const int P = B * g->OH * g->OW;     /* output pixels of the batch */
    const int KKC = g->K * g->K * g->C;  /* patch length */
    im2col(col, inp, B, g);
    for (int p = 0; p < P; p++)
        memcpy(out + (size_t)p * g->OC, bias, (size_t)g->OC * sizeof(float));
    if (P == 0)
        return;
    /* out (P, OC) += col (P, KKC) · weightᵀ (KKC, OC) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, P, g->OC, KKC, 1.0f, col, KKC, weight,
                KKC, 1.0f, out, g->OC);
}

void conv2d_backward(float *dinp, float *dweight, float *dbias, float *dcol, const float *col,
                     const float *dout, const float *weight, int B, const ConvGeom *g)
{
    const int P = B * g->OH * g->OW;
    const int KKC = g->K * g->K * g->C;
    const int OC = g->OC;
    if (P == 0)
        return;
    /* dW (OC, KKC) += doutᵀ (OC, P) · col (P, KKC): every output pixel adds
     * its gradient times the patch it saw */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, OC, KKC, P, 1.0f, dout, OC, col, KKC,
                1.0f, dweight, KKC);
    for (int p = 0; p < P; p++) {
        const float *d = dout + (size_t)p * OC;
        for (int o = 0; o < OC; o++)
            dbias[o] += d[o];
    }
    if (!dinp)
        return;
    /* dcol (P, KKC) = dout (P, OC) · W (OC, KKC), then fold the patches back */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, P, KKC, OC, 1.0f, dout, OC, weight,
                KKC, 0.0f, dcol, KKC);
    col2im(dinp, dcol, B, g);
}

/* ======================================================================
 * pooling (NHWC)
 * ====================================================================== */

int pool_out_size(int n, int K, int S)
{
    if (K < 1 || S < 1 || K > n)
        return 0;
    return (n - K) / S + 1;
}

void maxpool_forward(float *out, int *argmax, const float *inp, int B, int H, int W, int C,
                     int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    for (int b = 0; b < B; b++) {
        const size_t base = (size_t)b * H * W * C;
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++) {
                size_t o = (((size_t)b * OH + oy) * OW + ox) * C;
                float *best = out + o;
                int *arg = argmax + o;
                /* start from the window's top-left pixel, then compare */
                size_t first = base + ((size_t)(oy * S) * W + ox * S) * C;
                for (int c = 0; c < C; c++) {
                    best[c] = inp[first + c];
                    arg[c] = (int)(first + c);
                }
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++) {
                        size_t at = base + ((size_t)(oy * S + ky) * W + ox * S + kx) * C;
                        for (int c = 0; c < C; c++)
                            if (inp[at + c] > best[c]) {
                                best[c] = inp[at + c];
                                arg[c] = (int)(at + c);
                            }
                    }
            }
    }
}

void maxpool_backward(float *dinp, const float *dout, const int *argmax, int B, int H, int W,
                      int C, int K, int S)
{
    const size_t n_out = (size_t)B * pool_out_size(H, K, S) * pool_out_size(W, K, S) * C;
    memset(dinp, 0, (size_t)B * H * W * C * sizeof(float));
    /* only the maximum of each window received the gradient (+= because
     * overlapping windows, S < K, may share a maximum) */
    for (size_t i = 0; i < n_out; i++)
        dinp[argmax[i]] += dout[i];
}

void avgpool_forward(float *out, const float *inp, int B, int H, int W, int C, int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    const float inv = 1.0f / (float)(K * K);
    for (int b = 0; b < B; b++)
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++) {
                float *o = out + (((size_t)b * OH + oy) * OW + ox) * C;
                memset(o, 0, (size_t)C * sizeof(float));
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++) {
                        const float *in =
                            inp + (((size_t)b * H + oy * S + ky) * W + ox * S + kx) * C;
                        for (int c = 0; c < C; c++)
                            o[c] += in[c];
                    }
                for (int c = 0; c < C; c++)
                    o[c] *= inv;
            }
}

void avgpool_backward(float *dinp, const float *dout, int B, int H, int W, int C, int K, int S)
{
    const int OH = pool_out_size(H, K, S), OW = pool_out_size(W, K, S);
    const float inv = 1.0f / (float)(K * K);
    memset(dinp, 0, (size_t)B * H * W * C * sizeof(float));
    /* each input of a window receives 1/K² of the window's gradient */
    for (int b = 0; b < B; b++)
        for (int oy = 0; oy < OH; oy++)
            for (int ox = 0; ox < OW; ox++) {
                const float *d = dout + (((size_t)b * OH + oy) * OW + ox) * C;
                for (int ky = 0; ky < K; ky++)
                    for (int kx = 0; kx < K; kx++) {
                        float *di = dinp + (((size_t)b * H + oy * S + ky) * W + ox * S + kx) * C;
                        for (int c = 0; c < C; c++)
                            di[c] += d[c] * inv;
                    }
            }
}

/* ======================================================================
 * optimizers
 * ====================================================================== */

int optimizer_parse(const char *name, OptimizerKind *out)
{
    if (strcmp(name, "sgd") == 0)
        *out = OPT_SGD;
    else if (strcmp(name, "momentum") == 0)
        *out = OPT_MOMENTUM;
    else if (strcmp(name, "adam") == 0)
        *out = OPT_ADAM;
    else
        return -1;
    return 0;
}

const char *optimizer_name(OptimizerKind k)
{
    return k == OPT_SGD ? "sgd" : k == OPT_MOMENTUM ? "momentum" : "adam";
}

void sgd_update(float *param, const float *grad, size_t n, float lr, float l2)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++)
        param[i] -= lr * (grad[i] + l2 * param[i]);
}

void momentum_update(float *param, const float *grad, float *velocity, size_t n, float lr,
                     float mu, float l2)
{
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        velocity[i] = mu * velocity[i] + grad[i] + l2 * param[i];
        param[i] -= lr * velocity[i];
    }
}

void adam_update(float *param, const float *grad, float *m, float *v, size_t n, float lr,
                 float beta1, float beta2, float eps, float l2, int t)
{
    /* m and v start at 0, so early on they are biased towards 0; dividing by
     * (1 - beta^t) removes that bias:  p -= lr · m̂ / (sqrt(v̂) + eps) */
    const float c1 = 1.0f / (1.0f - powf(beta1, (float)t));
    const float c2 = 1.0f / sqrtf(1.0f - powf(beta2, (float)t));
#pragma omp simd
    for (size_t i = 0; i < n; i++) {
        float g = grad[i] + l2 * param[i];
        m[i] = beta1 * m[i] + (1.0f - beta1) * g;
        v[i] = beta2 * v[i] + (1.0f - beta2) * g * g;
        param[i] -= lr * (m[i] * c1) / (sqrtf(v[i]) * c2 + eps);
    }
}

/* ======================================================================
 * initialisation
 * ====================================================================== */

int init_parse(const char *name, InitKind *out)
{
    if (strcmp(name, "he") == 0)
        *out = INIT_HE;
    else if (strcmp(name, "xavier") == 0)
        *out = INIT_XAVIER;
    else
        return -1;
    return 0;
}

void init_he(float *w, size_t n, int fan_in, Rng *rng)
{
    /* variance 2/fan_in keeps the variance of ReLU activations constant from
     * layer to layer (ReLU zeroes half of its inputs, hence the 2) */
    double sd = sqrt(2.0 / (fan_in > 0 ? fan_in : 1));
    for (size_t i = 0; i < n; i++)
        w[i] = (float)(sd * rng_normal(rng));
}

void init_xavier(float *w, size_t n, int fan_in, int fan_out, Rng *rng)
{
    /* U(-a, a) has variance a²/3 = 2/(fan_in + fan_out): a compromise that
     * keeps both forward activations and backward gradients in scale */
    int fans = fan_in + fan_out > 0 ? fan_in + fan_out : 1;
    double a = sqrt(6.0 / fans);
    for (size_t i = 0; i < n; i++)
        w[i] = (float)(a * (2.0 * rng_uniform(rng) - 1.0));
}

void init_weights(InitKind kind, float *w, size_t n, int fan_in, int fan_out, Rng *rng)
{
    if (kind == INIT_HE)
        init_he(w, n, fan_in, rng);
    else
        init_xavier(w, n, fan_in, fan_out, rng);
}

/* ======================================================================
 * threads
 * ====================================================================== */

int nn_threads(void)
{
    const char *env = getenv("MLLAB_THREADS");
    if (env && *env) {
        int n = atoi(env);
        if (n >= 1 && n <= 64)
            return n;
    }
#ifdef _OPENMP
    int n = omp_get_max_threads();
    return n < 1 ? 1 : n > 64 ? 64 : n;
#else
    return 1;
#endif
}

int nn_blas_serial_begin(void)
{
    int previous = openblas_get_num_threads();
    if (previous != 1)
        openblas_set_num_threads(1);
    return previous;
}

void nn_blas_serial_end(int previous)
{
    if (previous > 1)
        openblas_set_num_threads(previous);
}

/* ======================================================================
 * the training schedule
 * ====================================================================== */

void nn_train_config_read(NnTrainConfig *c, const Params *p)
{
    memset(c, 0, sizeof *c);
    if (optimizer_parse(params_str(p, "optimizer"), &c->optimizer) < 0)
        c->optimizer = OPT_ADAM;
    c->lr = (float)params_float(p, "lr");
    c->momentum = (float)params_float(p, "momentum");
    c->lr_decay = (float)params_float(p, "lr_decay");
    c->decay_every = params_int(p, "decay_every");
    c->l2 = (float)params_float(p, "l2");
    c->batch = params_int(p, "batch");
    c->epochs = params_int(p, "epochs");
    c->patience = params_int(p, "patience");
    c->val_frac = params_float(p, "val_frac");
    c->step_batch = strcmp(params_str(p, "step"), "batch") == 0;
}

void nn_trainer_free(NnTrainer *t)
{
    if (!t)
        return;
    free(t->train_rows);
    free(t->val_rows);
    free(t->order);
    free(t->m);
    free(t->v);
    free(t->best);
    memset(t, 0, sizeof *t);
}

int nn_trainer_init(NnTrainer *t, const NnTrainConfig *cfg, const Dataset *train,
                    size_t n_params, Rng *rng, Error *err)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    t->n_params = n_params;
    t->lr = cfg->lr;
    t->best_val_loss = INFINITY;
    t->rng = rng_split(rng);
    int n = dataset_rows(train);

    /* the validation part: stratified, from the rng of the run */
    Split sp = { 0 };
    bool use_val = cfg->val_frac > 0.0;
    if (use_val) {
        /* too small a set simply trains without validation */
        long n_val = lround(n * cfg->val_frac);
        if (n_val < 1 || n - n_val < 1)
            use_val = false;
    }
    if (use_val) {
        if (split_stratified(train->y, n, train->n_classes, cfg->val_frac, rng, &sp, err) < 0)
            return -1;
        t->train_rows = sp.train;
        t->n_train = sp.n_train;
        t->val_rows = sp.test;
        t->n_val = sp.n_test;
        sp.train = sp.test = NULL;
        split_free(&sp);
    } else {
        t->train_rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *t->train_rows);
        if (!t->train_rows)
            return error_set(err, ERR_NOMEM, "out of memory");
        for (int i = 0; i < n; i++)
            t->train_rows[i] = i;
        t->n_train = n;
    }
    if (t->n_train < 1) {
        nn_trainer_free(t);
        return error_set(err, ERR_DATA, "no training rows");
    }
    t->order = malloc((size_t)t->n_train * sizeof *t->order);
    t->m = calloc(n_params ? n_params : 1, sizeof(float));
    if (cfg->optimizer == OPT_ADAM)
        t->v = calloc(n_params ? n_params : 1, sizeof(float));
    if (cfg->patience > 0 && t->n_val > 0)
        t->best = malloc((n_params ? n_params : 1) * sizeof(float));
    if (!t->order || !t->m || (cfg->optimizer == OPT_ADAM && !t->v) ||
        (cfg->patience > 0 && t->n_val > 0 && !t->best)) {
        nn_trainer_free(t);
        return error_set(err, ERR_NOMEM, "out of memory for the optimizer state");
    }
    memcpy(t->order, t->train_rows, (size_t)t->n_train * sizeof *t->order);
    int bs = cfg->batch < 1 ? 1 : cfg->batch;
    t->batches_per_epoch = (t->n_train + bs - 1) / bs;
    return 0;
}

int nn_trainer_batch(NnTrainer *t, const int **rows)
{
    if (t->next == 0)
        rng_shuffle(&t->rng, t->order, t->n_train);
    int count = t->n_train - t->next;
    if (count > t->cfg.batch)
        count = t->cfg.batch;
    *rows = t->order + t->next;
    t->next += count;
    t->batch_in_epoch++;
    return count;
}

bool nn_trainer_epoch_over(const NnTrainer *t)
{
    return t->next >= t->n_train;
}

void nn_trainer_update(NnTrainer *t, float *params, float *const *grads, int n_grads,
                       const NnSegment *segs, int n_segs)
{
    t->t++;
    const NnTrainConfig *c = &t->cfg;
    const float lr = t->lr;
    const int step_t = t->t;
    /* Work in blocks so both threads share every segment; each block first
     * sums the per-thread gradients into grads[0], then applies the rule. */
    enum { BLOCK = 4096 };
    const int threads = nn_threads();
    for (int s = 0; s < n_segs; s++) {
        const size_t off = segs[s].offset, n = segs[s].n;
        const float l2 = segs[s].decay ? c->l2 : 0.0f;
        const long blocks = (long)((n + BLOCK - 1) / BLOCK);
#pragma omp parallel for schedule(static) num_threads(threads) if (blocks > 1 && threads > 1)
        for (long blk = 0; blk < blocks; blk++) {
            size_t i0 = off + (size_t)blk * BLOCK;
            size_t len = n - (size_t)blk * BLOCK < BLOCK ? n - (size_t)blk * BLOCK : BLOCK;
            float *g = grads[0] + i0;
            for (int k = 1; k < n_grads; k++) {
                const float *gk = grads[k] + i0;
#pragma omp simd
                for (size_t i = 0; i < len; i++)
                    g[i] += gk[i];
            }
            switch (c->optimizer) {
            case OPT_SGD:
                sgd_update(params + i0, g, len, lr, l2);
                break;
            case OPT_MOMENTUM:
                momentum_update(params + i0, g, t->m + i0, len, lr, c->momentum, l2);
                break;
            case OPT_ADAM:
                adam_update(params + i0, g, t->m + i0, t->v + i0, len, lr, 0.9f, 0.999f, 1e-8f,
                            l2, step_t);
                break;
            }
        }
    }
}

bool nn_trainer_end_epoch(NnTrainer *t, float *params, double val_loss, double val_acc,
                          Trace *trace)
{
    t->epoch++;
    double train_loss = t->seen ? t->loss_sum / (double)t->seen : NAN;
    double train_acc = t->seen ? (double)t->correct / (double)t->seen : NAN;
    double seconds = t->seconds;
    float lr_used = t->lr;

    bool improved = false;
    if (t->n_val > 0 && isfinite(val_loss) && val_loss < t->best_val_loss) {
        t->best_val_loss = val_loss;
        t->best_epoch = t->epoch;
        t->bad_epochs = 0;
        improved = true;
        if (t->best)
            memcpy(t->best, params, t->n_params * sizeof(float));
    } else if (t->n_val > 0) {
        t->bad_epochs++;
    }

    char text[TRACE_TEXT_LEN];
    if (t->n_val > 0)
        snprintf(text, sizeof text,
                 "epoch %d/%d: train loss %.4f, acc %.4f; val loss %.4f%s, acc %.4f; lr %.3g (%.2f s)",
                 t->epoch, t->cfg.epochs, train_loss, train_acc, val_loss, improved ? " *" : "",
                 val_acc, (double)lr_used, seconds);
    else
        snprintf(text, sizeof text, "epoch %d/%d: train loss %.4f, acc %.4f; lr %.3g (%.2f s)",
                 t->epoch, t->cfg.epochs, train_loss, train_acc, (double)lr_used, seconds);
    trace_emitv(trace, TRACE_STEP, "epoch", text, "epoch", (double)t->epoch, "train_loss",
                train_loss, "train_acc", train_acc, "val_loss", val_loss, "val_acc", val_acc,
                "lr", (double)lr_used, "seconds", seconds, NULL);

    /* learning-rate decay: ×lr_decay every decay_every epochs */
    if (t->cfg.lr_decay < 1.0f && t->epoch % t->cfg.decay_every == 0)
        t->lr *= t->cfg.lr_decay;

    /* the next epoch starts fresh */
    t->next = 0;
    t->batch_in_epoch = 0;
    t->loss_sum = 0.0;
    t->correct = t->seen = 0;
    t->seconds = 0.0;

    if (t->cfg.patience > 0 && t->n_val > 0 && t->bad_epochs >= t->cfg.patience) {
        if (t->best)
            memcpy(params, t->best, t->n_params * sizeof(float));
        t->stopped_early = true;
        t->done = true;
        char note[TRACE_TEXT_LEN];
        snprintf(note, sizeof note,
                 "early stop: validation loss has not improved for %d epochs; keeping the "
                 "weights of epoch %d (val loss %.4f)",
                 t->bad_epochs, t->best_epoch, t->best_val_loss);
        trace_emitv(trace, TRACE_NOTE, "early_stop", note, "best_epoch", (double)t->best_epoch,
                    "val_loss", t->best_val_loss, NULL);
    } else if (t->epoch >= t->cfg.epochs) {
        t->done = true;
    }
    return t->done;
}

void nn_trainer_emit_batch(NnTrainer *t, double batch_loss, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "epoch %d, batch %d/%d: loss %.4f", t->epoch + 1,
             t->batch_in_epoch, t->batches_per_epoch, batch_loss);
    trace_emitv(trace, TRACE_STEP, "batch", text, "loss", batch_loss, "epoch",
                (double)(t->epoch + 1), "batch", (double)t->batch_in_epoch, NULL);
}
