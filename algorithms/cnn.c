/* algorithms/cnn.c - the convolutional classifier (see cnn.h).
 *
 * A model is a list of layers, each with its input and output shape (per
 * image, C×H×W) and, for conv and dense layers, the place of its weights and
 * biases in ONE flat parameter vector (as in mlp.c).  Forward and backward
 * walk the list calling the layer pairs of nn_layers.h (cnn_pass.c).
 * A mini-batch is split over the threads by images; each thread runs its
 * images through every layer with single-threaded sgemm and its own gradient
 * vector, and the trainer sums the gradients and updates.  The architecture
 * text and the layers' shapes are in cnn_arch.c, the passes and a thread's
 * buffers in cnn_pass.c. */
#include "cnn_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn_io.h"

/* A stack that fits images as small as 8x8 (digits); suggested in errors. */
#define SMALL_IMAGE_ARCH "c8k3p1-r-m2-c16k3p1-r-m2-d64-r-d10"

static const ParamSpec cnn_params[] = {
    { "arch", PARAM_STRING, "lenet5", 0, 0, NULL,
      "layers: lenet5, or e.g. c8k3p1-r-m2-d64-r-d10 (c conv, r relu, t tanh, m/a pool, "
      "d dense)" },
    { "init", PARAM_CHOICE, "auto", 0, 0, "auto|he|xavier",
      "He (with ReLU) or Xavier (tanh only); auto picks" },
    NN_TRAINING_PARAMS("0"),
    { 0 }
};


/* Rows to forward (and maybe backward) shared out over threads. */
typedef struct CnnJob {
    Cnn *m;
    const Mat *X;
    const int *y, *rows;   /* rows: indices into X, or NULL for X's first n rows */
    int n;
    float *probs;          /* n x classes, or NULL */
    bool backward;
    float scale;
    double loss[NN_MAX_THREADS];   /* per thread */
    long right[NN_MAX_THREADS];
    double loss_sum;               /* over all the threads, after cnn_run */
    long correct;
} CnnJob;

/* Thread t of T takes rows [n·t/T, n·(t+1)/T) and carries them through the
 * network m->chunk images at a time (forward, then backward into its own
 * gradient when training). */
static void cnn_task(void *ctx, int t, int T)
{
    CnnJob *job = ctx;
    Cnn *m = job->m;
    const int K = m->n_classes;
    int r0 = (int)((long)job->n * t / T), r1 = (int)((long)job->n * (t + 1) / T);
    CnnWork *w = &m->work[t];
    float *g = job->backward ? m->grads[t] : NULL;
    if (g)
        memset(g, 0, m->n_params * sizeof(float));
    double loss = 0.0;
    long right = 0;
    for (int first = r0; first < r1; first += m->chunk) {
        int B = r1 - first < m->chunk ? r1 - first : m->chunk;
        cnn_load_chunk(m, w, job->X, job->y, job->rows, first, B);
        loss += cnn_forward(m, w, job->y ? w->y : NULL, B);
        for (int r = 0; r < B; r++) {
            const float *p = w->probs + (size_t)r * K;
            if (job->y)
                right += vec_argmax(p, K) == w->y[r];
            if (job->probs)
                memcpy(job->probs + (size_t)(first + r) * K, p, (size_t)K * sizeof(float));
        }
        if (g)
            cnn_backward(m, w, w->y, B, job->scale, g);
    }
    job->loss[t] = loss;
    job->right[t] = right;
}

/* Run job over as many threads as have work (at least a chunk each), and
 * add up the threads' losses and right answers; returns the threads used. */
static int cnn_run(CnnJob *job)
{
    int T = (job->n + job->m->chunk - 1) / job->m->chunk;
    if (T > job->m->threads)
        T = job->m->threads;
    if (T < 1)
        T = 1;
    nn_parallel(cnn_task, job, T);
    job->loss_sum = 0.0;
    job->correct = 0;
    for (int t = 0; t < T; t++) {
        job->loss_sum += job->loss[t];
        job->correct += job->right[t];
    }
    return T;
}

/* Loss and right answers summed over the listed rows (the validation part):
 * NnModelOps.evaluate. */
static int cnn_evaluate_rows(void *model, const Dataset *ds, const int *rows, int n,
                             double *loss_sum, long *correct, Error *err)
{
    (void)err; /* the workspaces are allocated: nothing can fail */
    CnnJob job = { .m = model, .X = &ds->X, .y = ds->y, .rows = rows, .n = n };
    cnn_run(&job);
    *loss_sum = job.loss_sum;
    *correct = job.correct;
    return 0;
}

/* One mini-batch: forward and backward over the threads, then the trainer
 * sums the threads' gradients and updates (NnModelOps.train_batch). */
static double cnn_train_batch(void *model, const Dataset *train, const int *rows, int B,
                              bool first, Trace *trace, long *correct)
{
    (void)first;
    (void)trace;
    Cnn *m = model;
    CnnJob job = { .m = m, .X = &train->X, .y = train->y, .rows = rows, .n = B,
                   .backward = true, .scale = 1.0f / (float)B };
    int T = cnn_run(&job);
    nn_trainer_update(&m->tr, m->params, m->grads, T, m->segs, m->n_segs);
    *correct = job.correct;
    return job.loss_sum;
}

/* ================================================================ Algo */

static void cnn_destroy(void *model)
{
    Cnn *m = model;
    if (!m)
        return;
    if (m->work) {
        for (int t = 0; t < m->threads; t++)
            cnn_work_free(&m->work[t]);
        free(m->work);
    }
    nn_grads_free(m->grads, m->threads);
    nn_trainer_free(&m->tr);
    free(m->params);
    free(m);
}

/* A workspace per thread (m->threads set). */
static int cnn_alloc_work(Cnn *m, bool backward, Error *err)
{
    m->work = calloc((size_t)m->threads, sizeof *m->work);
    if (!m->work)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int t = 0; t < m->threads; t++)
        if (cnn_work_alloc(m, &m->work[t], m->chunk, backward, err) < 0)
            return -1;
    return 0;
}

/* Will m (its layers and parameter count set) fit the memory budget, with
 * every thread's workspace of CNN_CHUNK images (the larger chunk)? */
static int check_budget(const Cnn *m, Error *err)
{
    size_t per_image = cnn_workspace_floats(m->layers, m->n_layers, m->in_size, m->n_classes);
    char what[160];
    snprintf(what, sizeof what, "cnn: the arch of %d layers on %dx%dx%d inputs (%zu parameters)",
             m->n_layers, m->C, m->H, m->W, m->n_params);
    return nn_check_budget(m->n_params, per_image, (size_t)CNN_CHUNK * (size_t)nn_threads(), what,
                           err);
}

/* A model for arch on C×H×W inputs with its parameters laid out (zeroed). */
static Cnn *cnn_new(const CnnArch *arch, int C, int H, int W, int n_classes, Error *err)
{
    Cnn *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    m->arch = *arch;
    m->n_layers = arch->n_layers;
    m->C = C;
    m->H = H;
    m->W = W;
    m->n_classes = n_classes;
    m->in_size = (size_t)C * H * W;
    if (cnn_build_layers(arch, C, H, W, n_classes, m->layers, err) < 0) {
        free(m);
        return NULL;
    }
    m->chunk = cnn_chunk_for(m->layers, m->n_layers);
    size_t off = 0;
    m->first_param_layer = -1;
    for (int i = 0; i < m->n_layers; i++) {
        CnnLayer *L = &m->layers[i];
        if (!L->n_w)
            continue;
        if (m->first_param_layer < 0)
            m->first_param_layer = i;
        L->w_off = off;
        m->segs[m->n_segs++] = (NnSegment){ off, L->n_w, true };
        off += L->n_w;
        L->b_off = off;
        m->segs[m->n_segs++] = (NnSegment){ off, L->n_b, false };
        off += L->n_b;
    }
    m->n_params = off;
    if (check_budget(m, err) < 0) {
        free(m);
        return NULL;
    }
    m->params = calloc(off ? off : 1, sizeof(float));
    if (!m->params) {
        free(m);
        error_set(err, ERR_NOMEM, "out of memory for %zu parameters", off);
        return NULL;
    }
    return m;
}

/* The number of channels of the images (rows of w x h pixels per channel),
 * or -1 with err set when the data holds no images. */
static int image_channels(const Dataset *train, Error *err)
{
    if (train->image_w < 1 || train->image_h < 1)
        return error_set(err, ERR_DATA,
                         "cnn needs images: use an image dataset (mnist, fashion_mnist, digits)");
    int C = dataset_cols(train) / (train->image_w * train->image_h);
    if (C < 1 || C * train->image_w * train->image_h != dataset_cols(train))
        return error_set(err, ERR_DATA, "the rows have %d values, not a multiple of %dx%d pixels",
                         dataset_cols(train), train->image_w, train->image_h);
    return C;
}

/* The network of the arch param for these images; when the arch does not
 * fit them, err says which images and what does. */
static Cnn *build_network(const Params *p, const Dataset *train, int C, CnnArch *arch,
                          Error *err)
{
    if (cnn_arch_parse(params_str(p, "arch"), arch, err) < 0)
        return NULL;
    Cnn *m = cnn_new(arch, C, train->image_h, train->image_w, train->n_classes, err);
    if (!m && err && err->code == ERR_USAGE) {
        char why[sizeof err->msg];
        snprintf(why, sizeof why, "%s", err->msg);
        error_set(err, ERR_USAGE,
                  "cnn: %s does not fit %dx%d images (%s); for small images try "
                  "-p arch=" SMALL_IMAGE_ARCH,
                  params_str(p, "arch"), train->image_w, train->image_h, why);
    }
    return m;
}

/* Initial weights: He when the arch has a ReLU (unless the init param says
 * otherwise), else Xavier. */
static void init_network(Cnn *m, const CnnArch *arch, const Params *p, Rng *rng)
{
    bool has_relu = false;
    for (int i = 0; i < arch->n_layers; i++)
        has_relu |= arch->layers[i].kind == CNN_RELU;
    InitKind init = init_from_param(params_str(p, "init"), has_relu);
    for (int i = 0; i < m->n_layers; i++) {
        CnnLayer *L = &m->layers[i];
        if (L->n_w)
            init_weights(init, cnn_W_of(m, L), L->n_w, L->fan_in, L->fan_out, rng);
    }
}

/* The gradients per thread, the trainer, the workspace. */
static int start_training(Cnn *m, const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    NnTrainConfig cfg;
    nn_train_config_read(&cfg, p);
    m->threads = nn_threads();
    if (!(m->grads = nn_grads_new(m->threads, m->n_params)))
        return error_set(err, ERR_NOMEM, "out of memory for the gradients");
    if (nn_trainer_init(&m->tr, &cfg, train, m->n_params, rng, err) < 0)
        return -1;
    m->training = true;
    return cnn_alloc_work(m, true, err);
}

static void *cnn_create(const Params *p, const Dataset *train, Rng *rng, Error *err)
{
    if (nn_check_classes(train, "cnn", err) < 0)
        return NULL;
    int C = image_channels(train, err);
    if (C < 0)
        return NULL;
    CnnArch arch;
    Cnn *m = build_network(p, train, C, &arch, err);
    if (!m)
        return NULL;
    init_network(m, &arch, p, rng);
    if (start_training(m, p, train, rng, err) < 0) {
        cnn_destroy(m);
        return NULL;
    }
    return m;
}

static const NnModelOps cnn_ops = { cnn_train_batch, cnn_evaluate_rows };

static StepStatus cnn_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    Cnn *m = model;
    if (!m->training || m->tr.done)
        return STEP_DONE;
    if (dataset_cols(train) != (int)m->in_size) {
        error_set(err, ERR_DATA, "the network takes %zu values per image, the data has %d",
                  m->in_size, dataset_cols(train));
        return STEP_ERROR;
    }
    return nn_trainer_step(&m->tr, m->params, &cnn_ops, m, train, trace, err);
}

static int cnn_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    Cnn *m = model;
    const int K = m->n_classes;
    if (X->cols != (int)m->in_size)
        return error_set(err, ERR_DATA, "the network takes %zu values per image, the data has %d",
                         m->in_size, X->cols);
    if (!m->work && cnn_alloc_work(m, false, err) < 0)
        return -1;
    float *probs = malloc(((size_t)X->rows * K + 1) * sizeof(float));
    if (!probs)
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", X->rows);
    NnCompute fp = nn_compute_begin();
    CnnJob job = { .m = m, .X = X, .n = X->rows, .probs = probs };
    cnn_run(&job);
    nn_compute_end(fp);
    int rc = nn_write_predictions(probs, X->rows, K, labels, scores, err);
    free(probs);
    return rc;
}

static void cnn_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const Cnn *m = model;
    char arch[512];
    cnn_arch_format(&m->arch, arch, sizeof arch);
    sb_append(sb, "{\"arch\": ");
    sb_json_string(sb, arch);
    sb_printf(sb, ", \"input\": [%d, %d, %d], \"parameters\": %zu, \"layers\": [", m->C, m->H,
              m->W, m->n_params);
    for (int i = 0; i < m->n_layers; i++) {
        CnnLayerInfo info;
        cnn_layer_info_of(&m->layers[i], &info);
        sb_append(sb, i ? ", {\"layer\": " : "{\"layer\": ");
        sb_json_string(sb, info.desc);
        sb_printf(sb, ", \"output\": [%d, %d, %d], \"parameters\": %ld}", info.out_c,
                  info.out_h, info.out_w, info.params);
    }
    sb_append(sb, "]");
    if (m->training)
        nn_trainer_json(&m->tr, sb);
    sb_append(sb, "}");
}

/* ================================================================ save / load */

static void tensor_names(int layer, char *w, char *b, size_t size)
{
    snprintf(w, size, "layer%d.weight", layer + 1);
    snprintf(b, size, "layer%d.bias", layer + 1);
}

/* Shapes: conv (OC, C, K, K); dense (in, out). */
static int weight_dims(const CnnLayer *L, int *dims)
{
    if (L->spec.kind == CNN_CONV) {
        dims[0] = L->spec.n;
        dims[1] = L->in_c;
        dims[2] = dims[3] = L->spec.k;
        return 4;
    }
    dims[0] = (int)L->in_size;
    dims[1] = L->spec.n;
    return 2;
}

static int cnn_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    const Cnn *m = model;
    char arch[512], header[700];
    cnn_arch_format(&m->arch, arch, sizeof arch);
    snprintf(header, sizeof header,
             "kind=cnn\narch=%s\nchannels=%d\nheight=%d\nwidth=%d\nclasses=%d\nlayout=NCHW\n",
             arch, m->C, m->H, m->W, m->n_classes);
    NnTensor t[2 * CNN_MAX_LAYERS];
    int n = 0;
    for (int i = 0; i < m->n_layers; i++) {
        const CnnLayer *L = &m->layers[i];
        if (!L->n_w)
            continue;
        NnTensor *w = &t[n++], *b = &t[n++];
        memset(w, 0, sizeof *w);
        memset(b, 0, sizeof *b);
        tensor_names(i, w->name, b->name, sizeof w->name);
        w->ndim = weight_dims(L, w->dims);
        w->data = cnn_W_of(m, L);
        b->ndim = 1;
        b->dims[0] = (int)L->n_b;
        b->data = cnn_b_of(m, L);
    }
    return nn_file_write(f, header, t, n, scaler, err);
}

/* Copy the weights and biases of every layer that has them out of the file. */
static int load_tensors(Cnn *m, const NnFile *nf, Error *err)
{
    for (int i = 0; i < m->n_layers; i++) {
        CnnLayer *L = &m->layers[i];
        if (!L->n_w)
            continue;
        char wn[32], bn[32];
        int dims[4], bd = (int)L->n_b;
        const float *data;
        tensor_names(i, wn, bn, sizeof wn);
        int nd = weight_dims(L, dims);
        if (nn_file_tensor(nf, wn, nd, dims, &data, err) < 0)
            return -1;
        memcpy(cnn_W_of(m, L), data, L->n_w * sizeof(float));
        if (nn_file_tensor(nf, bn, 1, &bd, &data, err) < 0)
            return -1;
        memcpy(cnn_b_of(m, L), data, L->n_b * sizeof(float));
    }
    return 0;
}

/* The network a verified file describes. */
static Cnn *cnn_from_file(const NnFile *nf, Error *err)
{
    char buf[512];
    int C, H, W, K;
    CnnArch arch;
    if (nn_file_header_get(nf, "arch", buf, sizeof buf) < 0)
        return error_set(err, ERR_DATA, "the cnn file has no arch= line"), NULL;
    if (cnn_arch_parse(buf, &arch, err) < 0 ||
        nn_file_header_int(nf, "channels", 1, 4096, &C, err) < 0 ||
        nn_file_header_int(nf, "height", 1, 65536, &H, err) < 0 ||
        nn_file_header_int(nf, "width", 1, 65536, &W, err) < 0 ||
        nn_file_header_int(nf, "classes", 2, 65536, &K, err) < 0)
        return NULL;
    double n_params;
    if (cnn_arch_param_count(&arch, C, H, W, K, &n_params, err) < 0 ||
        nn_file_check_params(nf, "cnn", n_params, err) < 0)
        return NULL; /* the file must hold them all: nothing larger is allocated */
    Cnn *m = cnn_new(&arch, C, H, W, K, err);
    if (m && load_tensors(m, nf, err) < 0) {
        cnn_destroy(m);
        return NULL;
    }
    if (m)
        m->threads = nn_threads();
    return m;
}

static void *cnn_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    NnFile nf;
    if (nn_file_load(f, "cnn", &nf, params, err) < 0)
        return NULL;
    Cnn *m = cnn_from_file(&nf, err);
    if (m)
        nn_file_take_scaler(&nf, scaler, has_scaler);
    nn_file_free(&nf);
    return m;
}

/* A loaded network takes images of its size and channels, in its classes. */
static int cnn_check_data(const void *model, const Dataset *data, Error *err)
{
    const Cnn *m = model;
    return cnn_check_images(m->C, m->H, m->W, m->n_classes, data, err);
}

/* The run's validation part (--val-size) for the curves and early stopping. */
static int cnn_set_validation(void *model, const Dataset *train, const Dataset *val, Error *err)
{
    return nn_trainer_use_validation(&((Cnn *)model)->tr, train, val, err);
}

/* ================================================================ inspect */

int cnn_layer_count(const void *model) { return ((const Cnn *)model)->n_layers; }

int cnn_layer_info(const void *model, int i, CnnLayerInfo *out)
{
    const Cnn *m = model;
    if (i < 0 || i >= m->n_layers)
        return -1;
    cnn_layer_info_of(&m->layers[i], out);
    return 0;
}

float *cnn_parameters(void *model, size_t *n)
{
    Cnn *m = model;
    if (n)
        *n = m->n_params;
    return m->params;
}

long cnn_param_count(const void *model) { return (long)((const Cnn *)model)->n_params; }

int cnn_epochs_done(const void *model)
{
    const Cnn *m = model;
    return m->training ? m->tr.epoch : 0;
}

void cnn_input_shape(const void *model, int *C, int *H, int *W)
{
    const Cnn *m = model;
    *C = m->C;
    *H = m->H;
    *W = m->W;
}

long cnn_conv_kernels(const void *model, int i, float *out, int *OC, int *C, int *K)
{
    const Cnn *m = model;
    if (i < 0 || i >= m->n_layers || m->layers[i].spec.kind != CNN_CONV)
        return -1;
    const CnnLayer *L = &m->layers[i];
    int oc = L->spec.n, c = L->in_c, k = L->spec.k;
    if (OC)
        *OC = oc;
    if (C)
        *C = c;
    if (K)
        *K = k;
    if (out)
        memcpy(out, cnn_W_of(m, L), L->n_w * sizeof(float));
    return (long)oc * c * k * k;
}

void cnn_image_view_free(CnnImageView *v)
{
    if (!v)
        return;
    for (int i = 0; i < v->n_layers && v->maps; i++)
        free(v->maps[i].data);
    free(v->maps);
    free(v->probs);
    memset(v, 0, sizeof *v);
}

int cnn_inspect_image(const void *model, const float *image, CnnImageView *out, Error *err)
{
    const Cnn *m = model;
    memset(out, 0, sizeof *out);
    CnnWork w;
    if (cnn_work_alloc(m, &w, 1, false, err) < 0)
        return -1;
    memcpy(w.x, image, m->in_size * sizeof(float));
    cnn_forward(m, &w, NULL, 1);
    out->maps = calloc((size_t)m->n_layers, sizeof *out->maps);
    out->probs = malloc((size_t)m->n_classes * sizeof(float));
    if (!out->maps || !out->probs) {
        cnn_work_free(&w);
        cnn_image_view_free(out);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    out->n_layers = m->n_layers;
    out->n_classes = m->n_classes;
    memcpy(out->probs, w.probs, (size_t)m->n_classes * sizeof(float));
    out->predicted = vec_argmax(out->probs, m->n_classes);
    for (int i = 0; i < m->n_layers; i++) {
        const CnnLayer *L = &m->layers[i];
        CnnMap *map = &out->maps[i];
        map->kind = L->spec.kind;
        map->c = L->out_c;
        map->h = L->out_h;
        map->w = L->out_w;
        if (!(map->data = malloc(L->out_size * sizeof(float)))) {
            cnn_work_free(&w);
            cnn_image_view_free(out);
            return error_set(err, ERR_NOMEM, "out of memory");
        }
        memcpy(map->data, w.acts[i], L->out_size * sizeof(float));
    }
    cnn_work_free(&w);
    return 0;
}

int cnn_image_probs(const void *model, const float *image, float *probs, Error *err)
{
    const Cnn *m = model;
    CnnWork w;
    if (cnn_work_alloc(m, &w, 1, false, err) < 0)
        return -1;
    memcpy(w.x, image, m->in_size * sizeof(float));
    cnn_forward(m, &w, NULL, 1);
    memcpy(probs, w.probs, (size_t)m->n_classes * sizeof(float));
    cnn_work_free(&w);
    return 0;
}

const Algo algo_cnn = {
    .name = "cnn",
    .title = "Convolutional neural network",
    .summary = "conv / ReLU / pooling / dense layers (LeNet-5 by default) trained with "
               "im2col + sgemm on both cores",
    .group = "neural networks",
    .kind = ALGO_CLASSIFIER,
    .params = cnn_params,
    .default_scale = SCALE_NONE,
    .scores_are_probs = true,
    .takes_bytes = true,
    .needs_images = true,
    .create = cnn_create,
    .step = cnn_step,
    .predict = cnn_predict,
    .destroy = cnn_destroy,
    .model_json = cnn_model_json,
    .save = cnn_save,
    .load = cnn_load,
    .check_data = cnn_check_data,
    .set_validation = cnn_set_validation,
};
