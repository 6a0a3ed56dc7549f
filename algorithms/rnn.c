/* rnn.c - the Elman RNN language model: parameters and their
 * initialisation, mini-batches, gradient clipping, AdamW, evaluation and
 * sampling (see rnn.h; the passes are in rnn_kernels.c). */
#include "rnn_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mat.h"
#include "softmax.h"

const ParamSpec rnn_params[] = {
    { "embed", PARAM_INT, "64", 1, 4096, NULL, "embedding size E" },
    { "hidden", PARAM_INT, "64", 1, 4096, NULL, "hidden state size H" },
    { "batch", PARAM_INT, "32", 1, 65536, NULL, "sequences per mini-batch" },
    { "lr", PARAM_FLOAT, "5e-4", 0, 10, NULL, "AdamW learning rate (makemore's)" },
    { "weight_decay", PARAM_FLOAT, "0.01", 0, 10, NULL, "AdamW decoupled weight decay" },
    { "beta1", PARAM_FLOAT, "0.9", 0, 0.999999, NULL, "Adam first-moment decay" },
    { "beta2", PARAM_FLOAT, "0.99", 0, 0.999999, NULL, "Adam second-moment decay" },
    { "clip", PARAM_FLOAT, "5", 0, 1e9, NULL, "clip the gradient to this global norm (0: off)" },
    { "steps", PARAM_INT, "10000", 1, 100000000, NULL, "mini-batches to train" },
    { "eval_every", PARAM_INT, "500", 1, 100000000, NULL, "steps between test NLL measures" },
    { 0 },
};

void rnn_config_from_params(const Params *p, RnnConfig *cfg)
{
    *cfg = (RnnConfig){
        .embed = params_int(p, "embed"), .hidden = params_int(p, "hidden"),
        .batch = params_int(p, "batch"), .steps = params_int(p, "steps"),
        .eval_every = params_int(p, "eval_every"), .lr = params_float(p, "lr"),
        .weight_decay = params_float(p, "weight_decay"), .beta1 = params_float(p, "beta1"),
        .beta2 = params_float(p, "beta2"), .eps = 1e-8, .clip = params_float(p, "clip"),
    };
}

/* Tensor layout in the one parameter block. */
static void layout(Rnn *m)
{
    static const char *const names[RNN_NTENSORS] = { "emb", "W_xh", "W_hh", "b_h",
                                                     "h0",  "W_hy", "b_y" };
    const int shape[RNN_NTENSORS][2] = { { m->V, m->E }, { m->E, m->H }, { m->H, m->H },
                                         { 1, m->H },    { 1, m->H },    { m->H, m->V },
                                         { 1, m->V } };
    long at = 0;
    for (int i = 0; i < RNN_NTENSORS; i++) {
        m->t[i] = (RnnTensor){ names[i], m->params ? m->params + at : NULL,
                               m->grads ? m->grads + at : NULL, shape[i][0], shape[i][1] };
        at += (long)shape[i][0] * shape[i][1];
    }
    m->n_params = at;
}

static void uniform(float *v, long n, double bound, Rng *rng)
{
    for (long i = 0; i < n; i++)
        v[i] = (float)((2 * rng_uniform(rng) - 1) * bound);
}

/* PyTorch's defaults (nn.Embedding, nn.Linear), makemore's zero start. */
static void init_params(Rnn *m)
{
    RnnTensor *t = m->t;
    for (long i = 0; i < (long)m->V * m->E; i++)
        t[RNN_EMB].w[i] = (float)rng_normal(&m->rng);
    double cell = 1 / sqrt((double)(m->E + m->H)), head = 1 / sqrt((double)m->H);
    uniform(t[RNN_WXH].w, (long)m->E * m->H, cell, &m->rng);
    uniform(t[RNN_WHH].w, (long)m->H * m->H, cell, &m->rng);
    uniform(t[RNN_BH].w, m->H, cell, &m->rng);
    memset(t[RNN_H0].w, 0, (size_t)m->H * sizeof(float));
    uniform(t[RNN_WHY].w, (long)m->H * m->V, head, &m->rng);
    uniform(t[RNN_BY].w, m->V, head, &m->rng);
}

static int alloc_work(RnnWork *w, int B, int T, int E, int H, int V)
{
    long TB = (long)T * B;
    w->Bcap = B;
    w->Tcap = T;
    void *blocks[] = {
        w->X = malloc((size_t)B * T * sizeof(int)),
        w->Y = malloc((size_t)B * T * sizeof(int)),
        w->E = malloc((size_t)TB * E * sizeof(float)),
        w->Hs = malloc((size_t)(TB + B) * H * sizeof(float)),
        w->P = malloc((size_t)TB * V * sizeof(float)),
        w->dZ = malloc((size_t)TB * H * sizeof(float)),
        w->dE = malloc((size_t)TB * E * sizeof(float)),
        w->dh = malloc((size_t)B * H * sizeof(float)),
        w->gnorm = calloc((size_t)T, sizeof(float)),
        w->pick = malloc((size_t)B * sizeof(int)),
    };
    for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
        if (!blocks[i])
            return -1;
    return 0;
}

static void free_work(RnnWork *w)
{
    free(w->X), free(w->Y), free(w->E), free(w->Hs), free(w->P);
    free(w->dZ), free(w->dE), free(w->dh), free(w->gnorm), free(w->pick);
}

static int alloc_params(Rnn *m)
{
    size_t n = (size_t)m->n_params;
    m->params = malloc(n * sizeof(float));
    m->grads = calloc(n, sizeof(float));
    m->m1 = calloc(n, sizeof(float));
    m->m2 = calloc(n, sizeof(float));
    return m->params && m->grads && m->m1 && m->m2 ? 0 : -1;
}

Rnn *rnn_create(const RnnConfig *cfg, const TextCorpus *c, const CorpusSplit *s, Rng *rng,
                Error *err)
{
    if (s->n_train < 1 || cfg->embed < 1 || cfg->hidden < 1 || cfg->batch < 1) {
        error_set(err, ERR_USAGE, "rnn: need a training part and positive sizes");
        return NULL;
    }
    Rnn *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "rnn: out of memory");
        return NULL;
    }
    *m = (Rnn){ .cfg = *cfg, .c = c, .s = s, .V = c->vocab, .E = cfg->embed, .H = cfg->hidden,
                .rng = rng_split(rng), .train_loss = NAN, .test_nll = NAN };
    layout(m);
    if (alloc_params(m) < 0 ||
        alloc_work(&m->w, cfg->batch > 64 ? cfg->batch : 64, /* evaluation: 64 at a time */
                   c->max_len + 1, m->E, m->H, m->V) < 0) {
        rnn_destroy(m);
        error_set(err, ERR_NOMEM, "rnn: out of memory");
        return NULL;
    }
    layout(m);
    init_params(m);
    return m;
}

void rnn_destroy(Rnn *m)
{
    if (!m)
        return;
    free(m->params), free(m->grads), free(m->m1), free(m->m2);
    free_work(&m->w);
    free(m);
}

RnnTensor rnn_tensor(const Rnn *m, int which) { return m->t[which]; }
int rnn_steps_done(const Rnn *m) { return m->steps; }
double rnn_train_loss(const Rnn *m) { return m->train_loss; }
double rnn_test_nll(const Rnn *m) { return m->test_nll; }
double rnn_grad_norm(const Rnn *m) { return m->grad_norm; }

const float *rnn_time_grad_norms(const Rnn *m, int *T)
{
    *T = m->w.T_last;
    return m->w.gnorm;
}

/* Fill w->X, w->Y with the sequences seqs[0..B): returns T (longest + 1). */
static int fill_batch(const Rnn *m, RnnWork *w, const int *seqs, int B)
{
    int T = 1;
    for (int b = 0; b < B; b++)
        if (corpus_len(m->c, seqs[b]) + 1 > T)
            T = corpus_len(m->c, seqs[b]) + 1;
    for (int b = 0; b < B; b++) {
        int n = corpus_len(m->c, seqs[b]);
        const int *tok = corpus_seq(m->c, seqs[b]);
        int *x = w->X + b * w->Tcap, *y = w->Y + b * w->Tcap;
        for (int t = 0; t < T; t++) {
            x[t] = t == 0 ? 0 : t <= n ? tok[t - 1] : 0;
            y[t] = t < n ? tok[t] : t == n ? 0 : -1;
        }
    }
    return T;
}

double rnn_loss_grad(Rnn *m, const int *X, const int *Y, int B, int T)
{
    RnnWork *w = &m->w;
    memset(m->grads, 0, (size_t)m->n_params * sizeof(float));
    for (int b = 0; b < B; b++) {
        memcpy(w->X + b * w->Tcap, X + b * T, (size_t)T * sizeof(int));
        memcpy(w->Y + b * w->Tcap, Y + b * T, (size_t)T * sizeof(int));
    }
    long n = 0;
    double nll = rnn_forward(m, w, B, T, &n);
    if (n == 0)
        return NAN;
    rnn_backward(m, w, B, T, n);
    return nll / (double)n;
}

double rnn_nll(Rnn *m, const int *seqs, int n)
{
    double sum = 0;
    long count = 0;
    blas_serial_begin();
    for (int i = 0; i < n; i += m->w.Bcap) {
        int B = n - i < m->w.Bcap ? n - i : m->w.Bcap;
        int T = fill_batch(m, &m->w, seqs + i, B);
        long k = 0;
        sum += rnn_forward(m, &m->w, B, T, &k);
        count += k;
    }
    blas_serial_end();
    return count ? sum / (double)count : NAN;
}

/* Scale the gradients down to a global norm of at most clip; the norm. */
static double clip_grads(Rnn *m)
{
    double sq = 0;
    for (long i = 0; i < m->n_params; i++)
        sq += (double)m->grads[i] * m->grads[i];
    double norm = sqrt(sq);
    if (m->cfg.clip > 0 && norm > m->cfg.clip) {
        float s = (float)(m->cfg.clip / norm);
        for (long i = 0; i < m->n_params; i++)
            m->grads[i] *= s;
    }
    return norm;
}

/* AdamW as PyTorch writes it: decoupled decay, then the Adam step. */
static void adamw(Rnn *m)
{
    const RnnConfig *c = &m->cfg;
    int t = m->steps + 1;
    float b1 = (float)c->beta1, b2 = (float)c->beta2;
    float bc1 = (float)(1 - pow(c->beta1, t)), bc2 = (float)(1 - pow(c->beta2, t));
    float lr = (float)c->lr, decay = (float)(1 - c->lr * c->weight_decay), eps = (float)c->eps;
    float step = lr / bc1, rbc2 = 1.0f / sqrtf(bc2);
    for (long i = 0; i < m->n_params; i++) {
        float g = m->grads[i];
        m->m1[i] = b1 * m->m1[i] + (1 - b1) * g;
        m->m2[i] = b2 * m->m2[i] + (1 - b2) * g * g;
        m->params[i] = m->params[i] * decay - step * m->m1[i] / (sqrtf(m->m2[i]) * rbc2 + eps);
    }
}

StepStatus rnn_step(Rnn *m, Trace *trace, Error *err)
{
    if (m->steps >= m->cfg.steps)
        return STEP_DONE;
    if (trace_cancelled(trace)) {
        error_set(err, ERR_CANCELLED, "cancelled");
        return STEP_ERROR;
    }
    blas_serial_begin(); /* products of 32 x 64: OpenBLAS's threads only cost */
    int B = m->cfg.batch, *seqs = m->w.pick;
    for (int b = 0; b < B; b++)
        seqs[b] = m->s->train[rng_below(&m->rng, (uint32_t)m->s->n_train)];
    int T = fill_batch(m, &m->w, seqs, B);
    memset(m->grads, 0, (size_t)m->n_params * sizeof(float));
    long n = 0;
    m->train_loss = rnn_forward(m, &m->w, B, T, &n) / (double)n;
    rnn_backward(m, &m->w, B, T, n);
    m->grad_norm = clip_grads(m);
    adamw(m);
    m->steps++;
    bool last = m->steps >= m->cfg.steps;
    if ((m->steps % m->cfg.eval_every == 0 || last) && m->s->n_test > 0)
        m->test_nll = rnn_nll(m, m->s->test, m->s->n_test);
    blas_serial_end();
    char text[128];
    snprintf(text, sizeof text, "step %d: batch loss %.4f, gradient norm %.3g%s, test NLL %.4f",
             m->steps, m->train_loss, m->grad_norm,
             m->cfg.clip > 0 && m->grad_norm > m->cfg.clip ? " (clipped)" : "", m->test_nll);
    trace_emitv(trace, TRACE_STEP, "batch", text, "train_loss", m->train_loss, "val_loss",
                m->test_nll, "grad_norm", m->grad_norm, TRACE_END);
    return last ? STEP_DONE : STEP_MORE;
}

void rnn_hidden_states(const Rnn *m, const int *tokens, int n, float *out)
{
    float h[m->H], tmp[m->H];
    memcpy(h, m->t[RNN_H0].w, sizeof h);
    for (int i = 0; i <= n; i++) {
        rnn_cell(m, i == 0 ? 0 : tokens[i - 1], h, tmp, NULL);
        memcpy(out + (long)i * m->H, h, sizeof h);
    }
}

int rnn_sample(const Rnn *m, Rng *rng, int *out, int max)
{
    float h[m->H], tmp[m->H], logits[m->V];
    memcpy(h, m->t[RNN_H0].w, sizeof h);
    int n = 0, x = 0;
    while (n < max) {
        rnn_cell(m, x, h, tmp, logits);
        softmax_rows_f(logits, 1, m->V);
        double u = rng_uniform(rng), acc = 0;
        int next = m->V - 1;
        for (int j = 0; j < m->V; j++)
            if (u < (acc += logits[j])) {
                next = j;
                break;
            }
        if (next == 0)
            break;
        out[n++] = x = next;
    }
    return n;
}
