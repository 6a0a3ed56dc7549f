/* algorithms/mlp.c - the feedforward network (see mlp.h).
 *
 * Forward, for layers l = 0..L-1 (a_0 = x):
 *     z_l = a_l · W_l + b_l          W_l is (n_l, n_{l+1})
 *     a_{l+1} = f(z_l)               (the last layer: softmax instead)
 * Loss: mean over the batch of -log p[y] (times w_y with class_weight).
 * Backward (δ_l = dLoss/dz_l):
 *     δ_{L-1} = (p - onehot(y)) / B
 *     dW_l = a_lᵀ · δ_l,  db_l = Σ_rows δ_l
 *     δ_{l-1} = (δ_l · W_lᵀ) ⊙ f'(z_{l-1})
 *
 * All parameters live in ONE flat vector (W_0, b_0, W_1, b_1, ...), so the
 * optimizer, saving and early stopping treat them as one array.  A
 * mini-batch is split over the threads by rows: each thread runs the whole
 * forward and backward pass on its rows with single-threaded sgemm and its
 * own gradient vector; the trainer sums them and updates.  The record of
 * one example's backprop (tiny networks) is in mlp_backprop.c. */
#include "mlp.h"
#include "mlp_internal.h"

#include <stdlib.h>
#include <string.h>

#include "nn_io.h"
#include "nn_layers.h"

#define PREDICT_CHUNK 256


static const ParamSpec mlp_params[] = {
    { "hidden", PARAM_LIST, "128,128", 1, 65536, NULL,
      "hidden layer widths, e.g. 128,128" },
    { "activation", PARAM_CHOICE, "relu", 0, 0, "relu|sigmoid|tanh|identity",
      "hidden-layer activation (identity: a linear model)" },
    { "init", PARAM_CHOICE, "auto", 0, 0, "auto|he|xavier",
      "He (for ReLU) or Xavier (sigmoid, tanh); auto picks" },
    NN_TRAINING_PARAMS("0"),
    { 0 }
};

/* ---------------------------------------------------------------- helpers */

static void mlp_free_work(Mlp *m)
{
    free(m->x), free(m->y), free(m->logits), free(m->probs);
    for (int l = 0; l < m->L; l++) {
        free(m->acts[l]), free(m->deltas[l]);
        m->acts[l] = m->deltas[l] = NULL;
    }
    m->x = NULL, m->y = NULL, m->logits = m->probs = NULL;
    m->cap = 0;
}

static void mlp_destroy(void *model)
{
    Mlp *m = model;
    if (!m)
        return;
    mlp_free_work(m);
    nn_grads_free(m->grads, m->threads);
    nn_trainer_free(&m->tr);
    if (m->has_bp)
        mlp_backprop_free(&m->last_bp);
    free(m->params);
    free(m);
}

/* Workspace for cap rows (grows, never shrinks). */
static int mlp_reserve(Mlp *m, int cap, Error *err)
{
    if (cap <= m->cap)
        return 0;
    mlp_free_work(m);
    const int K = m->sizes[m->L];
    m->x = malloc((size_t)cap * m->sizes[0] * sizeof(float));
    m->y = malloc((size_t)cap * sizeof(int));
    m->logits = malloc((size_t)cap * K * sizeof(float));
    m->probs = malloc((size_t)cap * K * sizeof(float));
    bool ok = m->x && m->y && m->logits && m->probs;
    for (int l = 0; l < m->L && ok; l++) {
        m->acts[l] = malloc((size_t)cap * m->sizes[l + 1] * sizeof(float));
        m->deltas[l] = malloc((size_t)cap * m->sizes[l + 1] * sizeof(float));
        ok = m->acts[l] && m->deltas[l];
    }
    if (!ok) {
        mlp_free_work(m);
        return error_set(err, ERR_NOMEM, "out of memory for the network's workspace");
    }
    m->cap = cap;
    return 0;
}

/* Lay out the flat parameter vector for m->sizes and allocate it (zeroed). */
static int mlp_layout(Mlp *m, Error *err)
{
    size_t off = 0;
    for (int l = 0; l < m->L; l++) {
        size_t nw = (size_t)m->sizes[l] * m->sizes[l + 1];
        m->w_off[l] = off;
        m->segs[2 * l] = (NnSegment){ off, nw, true };
        off += nw;
        m->b_off[l] = off;
        m->segs[2 * l + 1] = (NnSegment){ off, (size_t)m->sizes[l + 1], false };
        off += (size_t)m->sizes[l + 1];
    }
    m->n_params = off;
    m->params = calloc(off ? off : 1, sizeof(float));
    if (!m->params)
        return error_set(err, ERR_NOMEM, "out of memory for %zu parameters", off);
    return 0;
}

/* ---------------------------------------------------------------- passes */

/* Forward B rows: x (B, n_0) -> probs (B, n_L); acts/logits/probs are the
 * row-offset slices of the workspace.  Returns Σ -log p[y] when y is given. */
static double mlp_forward(const Mlp *m, const float *x, const int *y, int B, float **acts,
                          float *logits, float *probs)
{
    const float *inp = x;
    for (int l = 0; l < m->L; l++) {
        bool last = l == m->L - 1;
        float *out = last ? logits : acts[l];
        dense_forward(out, inp, W_of(m, l), b_of(m, l), B, m->sizes[l], m->sizes[l + 1]);
        if (!last)
            activation_forward(m->act, out, out, (size_t)B * m->sizes[l + 1]);
        inp = out;
    }
    return softmax_xent_forward_w(probs, logits, y, m->tr.cw, B, m->sizes[m->L]);
}

/* Backward B rows into grad (accumulated), scale = 1 / whole batch size. */
static void mlp_backward(const Mlp *m, const float *x, const int *y, int B, float scale,
                         float **acts, float **deltas, const float *probs, float *grad)
{
    const int L = m->L;
    softmax_xent_backward_w(deltas[L - 1], probs, y, m->tr.cw, B, m->sizes[L], scale);
    for (int l = L - 1; l >= 0; l--) {
        const float *inp = l == 0 ? x : acts[l - 1];
        float *dinp = l == 0 ? NULL : deltas[l - 1];
        dense_backward(dinp, grad + m->w_off[l], grad + m->b_off[l], deltas[l], inp, W_of(m, l),
                       B, m->sizes[l], m->sizes[l + 1]);
        if (l > 0) /* δ_{l-1} ⊙= f'(z_{l-1}), read off the stored activation */
            activation_backward(m->act, deltas[l - 1], deltas[l - 1], acts[l - 1],
                                (size_t)B * m->sizes[l]);
    }
}

/* The row slices of the workspace that rows [r0, r0 + n) use. */
typedef struct Slice {
    float *x, *logits, *probs;
    int *y;
    float *acts[MLP_MAX_LAYERS], *deltas[MLP_MAX_LAYERS];
} Slice;

static Slice mlp_slice(const Mlp *m, int r0)
{
    Slice s;
    const int K = m->sizes[m->L];
    s.x = m->x + (size_t)r0 * m->sizes[0];
    s.y = m->y + r0;
    s.logits = m->logits + (size_t)r0 * K;
    s.probs = m->probs + (size_t)r0 * K;
    for (int l = 0; l < m->L; l++) {
        s.acts[l] = m->acts[l] + (size_t)r0 * m->sizes[l + 1];
        s.deltas[l] = m->deltas[l] + (size_t)r0 * m->sizes[l + 1];
    }
    return s;
}

/* Threads worth using for B rows (a thread below ~16 rows costs more than
 * it saves). */
static int threads_for(int max_threads, int B)
{
    int t = B / 16;
    return t < 1 ? 1 : t > max_threads ? max_threads : t;
}

/* A mini-batch (or a chunk of rows to predict) shared out over threads:
 * thread t of n takes rows [B·t/n, B·(t+1)/n). */
typedef struct BatchJob {
    Mlp *m;
    int B;
    const Dataset *data;    /* when set: gather rows[] of data first (each thread its own) */
    const int *rows;
    bool with_labels, backward;
    float scale;
    double loss[NN_MAX_THREADS];
    long right[NN_MAX_THREADS];
} BatchJob;

static void batch_task(void *ctx, int t, int n)
{
    BatchJob *job = ctx;
    Mlp *m = job->m;
    const int K = m->sizes[m->L];
    int r0 = (int)((long)job->B * t / n), r1 = (int)((long)job->B * (t + 1) / n);
    Slice s = mlp_slice(m, r0);
    if (job->data)
        for (int r = r0; r < r1; r++) {
            mat_gather_f32(&job->data->X, &job->rows[r], 1, m->x + (size_t)r * m->sizes[0]);
            m->y[r] = job->data->y[job->rows[r]];
        }
    job->loss[t] = mlp_forward(m, s.x, job->with_labels ? s.y : NULL, r1 - r0, s.acts,
                               s.logits, s.probs);
    long right = 0;
    if (job->with_labels)
        for (int r = 0; r < r1 - r0; r++)
            right += vec_argmax(s.probs + (size_t)r * K, K) == s.y[r];
    job->right[t] = right;
    if (job->backward) {
        float *g = m->grads[t];
        memset(g, 0, m->n_params * sizeof(float));
        mlp_backward(m, s.x, s.y, r1 - r0, job->scale, s.acts, s.deltas, s.probs, g);
    }
}

/* Run batch_task over T threads; returns the loss sum, *correct the hits. */
static double run_batch(BatchJob *job, int T, long *correct)
{
    nn_parallel(batch_task, job, T);
    double loss = 0.0;
    long right = 0;
    for (int t = 0; t < T; t++) {
        loss += job->loss[t];
        right += job->right[t];
    }
    if (correct)
        *correct = right;
    return loss;
}

/* Forward the B rows already in m->x, split over threads (prediction). */
static void mlp_forward_parallel(Mlp *m, int B)
{
    BatchJob job = { .m = m, .B = B };
    run_batch(&job, threads_for(nn_threads(), B), NULL);
}

/* ---------------------------------------------------------------- Algo */

static Mlp *mlp_new(const int *sizes, int L, Activation act, Error *err)
{
    Mlp *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->L = L;
    memcpy(m->sizes, sizes, (size_t)(L + 1) * sizeof(int));
    m->act = act;
    if (mlp_layout(m, err) < 0) {
        free(m);
        return NULL;
    }
    return m;
}

static void *mlp_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    if (nn_check_classes(train, "mlp", err) < 0)
        return NULL;
    if (dataset_cols(train) < 1 || dataset_rows(train) < 1)
        return error_set(err, ERR_DATA, "the training part is empty"), NULL;

    int hidden[PARAMS_MAX_LIST];
    int n_hidden = params_list(p, "hidden", hidden, PARAMS_MAX_LIST);
    int sizes[MLP_MAX_LAYERS + 1];
    sizes[0] = dataset_cols(train);
    for (int i = 0; i < n_hidden; i++)
        sizes[i + 1] = hidden[i];
    sizes[n_hidden + 1] = train->n_classes;
    Activation act = ACT_RELU;
    activation_parse(params_str(p, "activation"), &act);
    InitKind init = init_from_param(params_str(p, "init"), act == ACT_RELU);

    if (nn_check_dense_budget(sizes, n_hidden + 1, params_int(p, "batch"), PREDICT_CHUNK,
                              params_str(p, "hidden"), err) < 0)
        return NULL;
    Mlp *m = mlp_new(sizes, n_hidden + 1, act, err);
    if (!m)
        return NULL;
    for (int l = 0; l < m->L; l++)  /* biases stay 0 */
        init_weights(init, W_of(m, l), (size_t)sizes[l] * sizes[l + 1], sizes[l], sizes[l + 1],
                     rng);

    NnTrainConfig cfg;
    nn_train_config_read(&cfg, p);
    m->threads = nn_threads();
    if (!(m->grads = nn_grads_new(m->threads, m->n_params))) {
        mlp_destroy(m);
        error_set(err, ERR_NOMEM, "out of memory for the gradients");
        return NULL;
    }
    if (nn_trainer_init(&m->tr, &cfg, train, m->n_params, rng, err) < 0) {
        mlp_destroy(m);
        return NULL;
    }
    m->training = true;
    if (mlp_reserve(m, cfg.batch > PREDICT_CHUNK ? cfg.batch : PREDICT_CHUNK, err) < 0) {
        mlp_destroy(m);
        return NULL;
    }
    return m;
}

/* Loss and right answers summed over the listed rows (the validation part):
 * NnModelOps.evaluate. */
static int mlp_evaluate_rows(void *model, const Dataset *ds, const int *rows, int n,
                             double *loss_sum, long *correct, Error *err)
{
    Mlp *m = model;
    if (mlp_reserve(m, PREDICT_CHUNK, err) < 0)
        return -1;
    double sum = 0.0;
    long right = 0;
    for (int i = 0; i < n; i += PREDICT_CHUNK) {
        int B = n - i < PREDICT_CHUNK ? n - i : PREDICT_CHUNK;
        BatchJob job = { .m = m, .B = B, .data = ds, .rows = rows + i, .with_labels = true };
        long c = 0;
        sum += run_batch(&job, threads_for(m->threads, B), &c);
        right += c;
    }
    *loss_sum = sum;
    *correct = right;
    return 0;
}

/* One mini-batch: forward, backward and update (NnModelOps.train_batch).
 * Returns the loss sum.  On a tiny network, the step's first batch first
 * records the pass of its first sample, before the update. */
static double mlp_train_batch(void *model, const Dataset *train, const int *rows, int B,
                              bool first, Trace *trace, long *correct)
{
    Mlp *m = model;
    if (first && mlp_is_tiny(m)) {
        if (m->has_bp)
            mlp_backprop_free(&m->last_bp);
        float *x0 = malloc((size_t)m->sizes[0] * sizeof *x0); /* any backing (mat.h) */
        if (x0)
            mat_gather_f32(&train->X, rows, 1, x0);
        m->has_bp = x0 && mlp_backprop_example(m, x0, train->y[rows[0]], &m->last_bp, NULL) == 0;
        free(x0);
        if (m->has_bp)
            mlp_emit_backprop(&m->last_bp, trace);
    }
    int T = threads_for(m->threads, B);
    BatchJob job = { .m = m, .B = B, .data = train, .rows = rows, .with_labels = true,
                     .backward = true, .scale = 1.0f / (float)B };
    double loss = run_batch(&job, T, correct);
    /* T may be below m->threads: only the first T gradients were written */
    nn_trainer_update(&m->tr, m->params, m->grads, T, m->segs, 2 * m->L);
    return loss;
}

static const NnModelOps mlp_ops = { mlp_train_batch, mlp_evaluate_rows };

static StepStatus mlp_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    Mlp *m = model;
    if (!m->training || m->tr.done)
        return STEP_DONE;
    return nn_trainer_step(&m->tr, m->params, &mlp_ops, m, train, trace, err);
}

static int mlp_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    Mlp *m = model;
    const int K = m->sizes[m->L];
    if (X->cols != m->sizes[0])
        return error_set(err, ERR_DATA, "the network takes %d features, the data has %d",
                         m->sizes[0], X->cols);
    if (mlp_reserve(m, PREDICT_CHUNK, err) < 0)
        return -1;
    NnCompute fp = nn_compute_begin();
    int rc = 0;
    for (int i = 0; i < X->rows && rc == 0; i += PREDICT_CHUNK) {
        int B = X->rows - i < PREDICT_CHUNK ? X->rows - i : PREDICT_CHUNK;
        mat_copy_rows_f32(X, i, B, m->x);
        mlp_forward_parallel(m, B);
        rc = nn_write_predictions(m->probs, B, K, labels ? labels + i : NULL,
                                  scores ? scores + (size_t)i * K : NULL, err);
    }
    nn_compute_end(fp);
    return rc;
}

static void mlp_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const Mlp *m = model;
    sb_append(sb, "{\"layers\": ");
    sb_json_int_array(sb, m->sizes, m->L + 1);
    sb_append(sb, ", \"activation\": ");
    sb_json_string(sb, activation_name(m->act));
    sb_printf(sb, ", \"parameters\": %zu", m->n_params);
    if (m->training)
        nn_trainer_json(&m->tr, sb);
    sb_append(sb, "}");
}

/* ---------------------------------------------------------------- save / load */

static int mlp_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    const Mlp *m = model;
    char header[512];
    size_t len = (size_t)snprintf(header, sizeof header, "kind=mlp\nlayers=");
    for (int l = 0; l <= m->L; l++)
        len += (size_t)snprintf(header + len, sizeof header - len, "%s%d", l ? "," : "",
                                m->sizes[l]);
    len += (size_t)snprintf(header + len, sizeof header - len, "\nhidden=");
    for (int l = 1; l < m->L; l++)
        len += (size_t)snprintf(header + len, sizeof header - len, "%s%d", l > 1 ? "," : "",
                                m->sizes[l]);
    snprintf(header + len, sizeof header - len, "\nactivation=%s\ninputs=%d\nclasses=%d\n",
             activation_name(m->act), m->sizes[0], m->sizes[m->L]);
    NnTensor t[2 * MLP_MAX_LAYERS];
    for (int l = 0; l < m->L; l++) {
        NnTensor *w = &t[2 * l], *b = &t[2 * l + 1];
        memset(w, 0, sizeof *w);
        memset(b, 0, sizeof *b);
        snprintf(w->name, sizeof w->name, "W%d", l + 1);
        w->ndim = 2;
        w->dims[0] = m->sizes[l];
        w->dims[1] = m->sizes[l + 1];
        w->data = W_of(m, l);
        snprintf(b->name, sizeof b->name, "b%d", l + 1);
        b->ndim = 1;
        b->dims[0] = m->sizes[l + 1];
        b->data = b_of(m, l);
    }
    return nn_file_write(f, header, t, 2 * m->L, scaler, err);
}

/* The layer sizes of the header's layers= line ("4,16,3"): their number. */
static int header_sizes(const NnFile *nf, int *sizes, Error *err)
{
    int n = nn_file_header_ints(nf, "layers", sizes, MLP_MAX_LAYERS + 1, 1000000, err);
    if (n >= 0 && n < 2)
        return error_set(err, ERR_DATA, "the mlp file's layers= line needs at least 2 sizes");
    return n;
}

/* Copy the weights and biases of every layer out of the file. */
static int load_tensors(Mlp *m, const NnFile *nf, Error *err)
{
    for (int l = 0; l < m->L; l++) {
        char name[16];
        const float *data;
        int wd[2] = { m->sizes[l], m->sizes[l + 1] };
        snprintf(name, sizeof name, "W%d", l + 1);
        if (nn_file_tensor(nf, name, 2, wd, &data, err) < 0)
            return -1;
        memcpy(W_of(m, l), data, (size_t)wd[0] * wd[1] * sizeof(float));
        snprintf(name, sizeof name, "b%d", l + 1);
        if (nn_file_tensor(nf, name, 1, &wd[1], &data, err) < 0)
            return -1;
        memcpy(b_of(m, l), data, (size_t)wd[1] * sizeof(float));
    }
    return 0;
}

/* The network a verified file describes. */
static Mlp *mlp_from_file(const NnFile *nf, Error *err)
{
    int sizes[MLP_MAX_LAYERS + 1];
    int n = header_sizes(nf, sizes, err);
    if (n < 0)
        return NULL;
    char buf[64];
    Activation act;
    if (nn_file_header_get(nf, "activation", buf, sizeof buf) < 0 ||
        activation_parse(buf, &act) < 0)
        return error_set(err, ERR_DATA, "the mlp file has no valid activation= line"), NULL;
    if (nn_file_check_params(nf, "mlp", nn_dense_params(sizes, n - 1), err) < 0)
        return NULL; /* the file must hold them all: nothing larger is allocated */
    Mlp *m = mlp_new(sizes, n - 1, act, err);
    if (m && load_tensors(m, nf, err) < 0) {
        mlp_destroy(m);
        return NULL;
    }
    if (m)
        m->threads = nn_threads();
    return m;
}

static void *mlp_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    NnFile nf;
    if (nn_file_load(f, "mlp", &nf, params, err) < 0)
        return NULL;
    Mlp *m = mlp_from_file(&nf, err);
    if (m)
        nn_file_take_scaler(&nf, scaler, has_scaler);
    nn_file_free(&nf);
    return m;
}

/* A loaded network takes data with its input count and its classes. */
static int mlp_check_data(const void *model, const Dataset *data, Error *err)
{
    const Mlp *m = model;
    return nn_check_data("mlp", m->sizes[0], m->sizes[m->L], data, err);
}

/* The run's validation part (--val-size) for the curves and early stopping. */
static int mlp_set_validation(void *model, const Dataset *train, const Dataset *val, Error *err)
{
    return nn_trainer_use_validation(&((Mlp *)model)->tr, train, val, err);
}

/* ---------------------------------------------------------------- inspect */

int mlp_layer_count(const void *model) { return ((const Mlp *)model)->L; }

int mlp_layer_sizes(const void *model, int *sizes, int max)
{
    const Mlp *m = model;
    for (int l = 0; l <= m->L && l < max; l++)
        sizes[l] = m->sizes[l];
    return m->L + 1;
}

const float *mlp_weights(const void *model, int l, int *rows, int *cols)
{
    const Mlp *m = model;
    if (l < 0 || l >= m->L)
        return NULL;
    if (rows)
        *rows = m->sizes[l];
    if (cols)
        *cols = m->sizes[l + 1];
    return W_of(m, l);
}

const float *mlp_bias(const void *model, int l, int *n)
{
    const Mlp *m = model;
    if (l < 0 || l >= m->L)
        return NULL;
    if (n)
        *n = m->sizes[l + 1];
    return b_of(m, l);
}

const char *mlp_activation(const void *model) { return activation_name(((const Mlp *)model)->act); }

int mlp_epochs_done(const void *model)
{
    const Mlp *m = model;
    return m->training ? m->tr.epoch : 0;
}

int mlp_batches_done(const void *model, int *per_epoch)
{
    const Mlp *m = model;
    if (per_epoch)
        *per_epoch = m->training ? m->tr.batches_per_epoch : 0;
    return m->training ? m->tr.batch_in_epoch : 0;
}

const Algo algo_mlp = {
    .name = "mlp",
    .title = "Feedforward neural network",
    .summary = "dense layers with ReLU/sigmoid/tanh, softmax output, backpropagation with "
               "SGD/momentum/Adam",
    .group = "neural networks",
    .kind = ALGO_CLASSIFIER,
    .params = mlp_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = true,
    .takes_bytes = true,
    .create = mlp_create,
    .step = mlp_step,
    .predict = mlp_predict,
    .destroy = mlp_destroy,
    .model_json = mlp_model_json,
    .save = mlp_save,
    .load = mlp_load,
    .check_data = mlp_check_data,
    .set_validation = mlp_set_validation,
};
