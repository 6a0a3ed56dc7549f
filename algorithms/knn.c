/* knn.c - k-nearest neighbours classification.
 *
 * Training stores the data.  To classify a point x, find the k training rows
 * z nearest to x and let them vote (each vote 1, or 1/distance).
 *
 * Distances (x a query row, z a training row, d features):
 *   euclidean   sqrt(sum_j (x_j - z_j)^2)
 *   manhattan   sum_j |x_j - z_j|
 *   minkowski   (sum_j |x_j - z_j|^p)^(1/p)   (p = 1, 2 use the two above)
 *   cosine      1 - x.z / (|x| |z|)           (1 when either is all zeros)
 *
 * The model at step 0: create keeps the labels and the training rows, as
 * bytes when every value is on a byte grid (q / s, q an integer in
 * [0, 255], s one of 1, 16, 255: a quarter of the memory of floats), else
 * as a float copy; predict works before any step (through the float
 * kernel, which reads the bytes a chunk at a time).  The one training step
 * lays byte rows out in the panels of the exact integer kernels (Euclidean
 * metric): AVX-512 VNNI, AVX2 or portable C, chosen at run time
 * (kernel_path.h; MLLAB_KERNEL forces one).  The kernels themselves are in
 * knn_kernels.c and knn_scan.c. */
#include "knn_internal.h"
#include "model_io.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Most features for the byte kernels: 2 x.z <= 2 x 8192 x 255^2 < 2^31. */
#define KNN_BYTE_MAX_D 8192

static const ParamSpec knn_params[] = {
    { "k", PARAM_INT, "5", 1, 1000, NULL, "number of neighbours that vote" },
    { "metric", PARAM_CHOICE, "euclidean", 0, 0, "euclidean|manhattan|minkowski|cosine",
      "distance between points" },
    { "p", PARAM_FLOAT, "2", 1, 100, NULL, "power of the minkowski distance" },
    { "weights", PARAM_CHOICE, "uniform", 0, 0, "uniform|distance",
      "each neighbour's vote: 1, or 1 / distance" },
    { 0 }
};

/* ------------------------------------------------------------------ model */

static void knn_destroy(void *model)
{
    KnnModel *m = model;
    if (!m)
        return;
    free(m->y);
    free(m->X);
    if (!m->q_borrowed)
        free(m->Q);
    free(m->xnorm);
    free(m->packed);
    free(m->cterm);
    free(m->zsq);
    free(m->cell_of);
    free(m->pooled);
    free(m->pzsq);
    free(m->zsum);
    free(m);
}

static int check_training(const Params *params, const Dataset *train, Error *err)
{
    if (!train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "k-NN needs class labels");
    if (dataset_rows(train) == 0 || dataset_cols(train) == 0)
        return error_set(err, ERR_DATA, "k-NN needs a non-empty training set");
    if (params_int(params, "k") > dataset_rows(train))
        return error_set(err, ERR_USAGE, "parameter k=%d is more than the %d training rows",
                         params_int(params, "k"), dataset_rows(train));
    return 0;
}

/* The metric named by the params; Minkowski with p = 1 or 2 is exactly
 * manhattan / euclidean: those are used. */
static int parse_metric(const char *metric, double p)
{
    if (strcmp(metric, "manhattan") == 0)
        return METRIC_MANHATTAN;
    if (strcmp(metric, "cosine") == 0)
        return METRIC_COSINE;
    if (strcmp(metric, "minkowski") != 0 || p == 2.0)
        return METRIC_EUCLIDEAN;
    return p == 1.0 ? METRIC_MANHATTAN : METRIC_MINKOWSKI;
}

static void norms_of_floats(KnnModel *m)
{
    Mat X = { .rows = m->n, .cols = m->d, .data = m->X };
    mat_row_sq_norms(&X, m->xnorm);
}

/* ||z||^2 of the byte rows in the data's units, row by row as floats. */
static int norms_of_bytes(KnnModel *m)
{
    int d = m->d, failed = 0;
    float inv = 1.0f / m->qscale;
#pragma omp parallel if (m->n > 4096)
    {
        float *row = malloc((size_t)d * sizeof *row);
        if (!row) {
#pragma omp atomic write
            failed = 1;
        }
#pragma omp for schedule(static)
        for (int j = 0; j < m->n; j++) {
            for (int f = 0; row && f < d; f++)
                row[f] = m->Q[(size_t)j * d + f] * inv;
            Mat one = { .rows = 1, .cols = d, .data = row };
            if (row)
                mat_row_sq_norms(&one, m->xnorm + j);
        }
        free(row);
    }
    return failed ? -1 : 0;
}

/* The rows as bytes m->Q when every value is on one byte grid: 1 stored,
 * 0 on no grid (nothing kept), -1 out of memory.  A cheap look at the first
 * values picks the candidate grids; storing checks every value. */
static int store_bytes(KnnModel *m, const float *X)
{
    size_t nd = (size_t)m->n * m->d;
    for (int g = 0; g < BYTE_GRID_COUNT; g++) {
        float sc = byte_grid_scales[g];
        if (!quantise_bytes(X, nd < 4096 ? nd : 4096, sc, NULL))
            continue;
        if (!m->Q && !(m->Q = malloc(nd)))
            return -1;
        if (quantise_bytes_parallel(X, nd, sc, m->Q)) {
            m->qscale = sc;
            return norms_of_bytes(m) < 0 ? -1 : 1;
        }
    }
    free(m->Q), m->Q = NULL;
    return 0;
}

/* A byte-backed training part (mat.h) is on its own grid already: Q borrows
 * its bytes until the step (which packs them, or copies them). */
static int borrow_bytes(KnnModel *m, const Mat *X)
{
    m->Q = X->bytes;
    m->q_borrowed = true;
    m->qscale = X->byte_scale;
    return norms_of_bytes(m) < 0 ? -1 : 1;
}

/* The model at step 0: the labels, the rows (bytes, or a float copy), their
 * norms. */
static int copy_training(KnnModel *m, const Dataset *train, Error *err)
{
    size_t nd = (size_t)m->n * m->d;
    m->y = malloc((size_t)m->n * sizeof *m->y);
    m->xnorm = malloc((size_t)m->n * sizeof *m->xnorm);
    int rc = !m->y || !m->xnorm           ? -1
             : mat_is_bytes(&train->X) ? borrow_bytes(m, &train->X)
                                       : store_bytes(m, train->X.data);
    if (rc == 0 && (m->X = malloc(nd * sizeof *m->X)) != NULL) {
        memcpy(m->X, train->X.data, nd * sizeof *m->X);
        norms_of_floats(m);
    }
    if (rc < 0 || (rc == 0 && !m->X))
        return error_set(err, ERR_NOMEM, "out of memory for k-NN's %d x %d training rows",
                         m->n, m->d);
    memcpy(m->y, train->y, (size_t)m->n * sizeof *m->y);
    return 0;
}

static void *knn_create(const Params *params, const Dataset *train, Rng *rng, Error *err)
{
    (void)rng;
    if (check_training(params, train, err) < 0)
        return NULL;
    KnnModel *m = calloc(1, sizeof *m);
    if (!m) {
        error_set(err, ERR_NOMEM, "out of memory for k-NN");
        return NULL;
    }
    m->k = params_int(params, "k");
    m->p = params_float(params, "p");
    m->metric = parse_metric(params_str(params, "metric"), m->p);
    m->weights = strcmp(params_str(params, "weights"), "distance") == 0 ? WEIGHTS_DISTANCE
                                                                        : WEIGHTS_UNIFORM;
    m->n = dataset_rows(train);
    m->d = dataset_cols(train);
    m->n_classes = train->n_classes;
    m->img_w = train->image_w;
    m->img_h = train->image_h;
    if (kernel_path_select(&m->path, err) < 0 || copy_training(m, train, err) < 0) {
        knn_destroy(m);
        return NULL;
    }
    return m;
}

static const char *kernel_name(const KnnModel *m)
{
    static const char *const exact[] = { "exact uint8 (generic)", "exact uint8 (AVX2)",
                                         "exact uint8 (AVX-512 VNNI)" };
    if (m->metric == METRIC_EUCLIDEAN && (m->packed || m->pooled))
        return exact[m->path];
    if (m->metric == METRIC_EUCLIDEAN || m->metric == METRIC_COSINE)
        return "float32 (sgemm)";
    return "float32 (loops)";
}

/* ------------------------------------------------------------ the step */

/* Bytes borrowed from the training part become the model's own (kept for
 * the loops of the other metrics). */
static int own_bytes(KnnModel *m, Error *err)
{
    if (!m->q_borrowed)
        return 0;
    size_t nd = (size_t)m->n * m->d;
    uint8_t *q = malloc(nd ? nd : 1);
    if (!q)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN's training rows");
    memcpy(q, m->Q, nd);
    m->Q = q;
    m->q_borrowed = false;
    return 0;
}

/* The training step: byte rows go into the panels of the exact kernels
 * (Euclidean metric, up to KNN_BYTE_MAX_D features so that no integer sum
 * overflows), and the row-major bytes are then freed; other data stays as
 * it is.  On error the model is left as it was at step 0. */
static int store_fast(KnnModel *m, Error *err)
{
    if (!m->Q || m->metric != METRIC_EUCLIDEAN || m->d > KNN_BYTE_MAX_D)
        return own_bytes(m, err);
    if (m->d <= KNN_PRUNE_MAX_D) {
        /* the pruned search reads Q after the step: the model's own copy */
        if (own_bytes(m, err) < 0)
            return -1;
        if (knn_pool_panels(m, err) == 0)
            return 0;
        free(m->cell_of), m->cell_of = NULL;
        free(m->pooled), m->pooled = NULL;
        free(m->pzsq), m->pzsq = NULL;
        free(m->zsum), m->zsum = NULL;
        free(m->zsq), m->zsq = NULL;
        return -1;
    }
    if (knn_pack_panels(m, err) < 0)
        return -1;
    if (!m->q_borrowed)
        free(m->Q);
    m->Q = NULL;
    m->q_borrowed = false;
    return 0;
}

static void trace_store(const KnnModel *m, Trace *trace)
{
    char text[TRACE_TEXT_LEN];
    if (m->qscale > 0.0f)
        snprintf(text, sizeof text,
                 "stored %d training rows x %d features as bytes (values k/%g); distances: %s",
                 m->n, m->d, (double)m->qscale, kernel_name(m));
    else
        snprintf(text, sizeof text, "stored %d training rows x %d features; distances: %s",
                 m->n, m->d, kernel_name(m));
    trace_emitv(trace, TRACE_STEP, "store", text, "rows", (double)m->n, "features",
                (double)m->d, TRACE_END);
}

static StepStatus knn_step(void *model, const Dataset *train, Trace *trace, Error *err)
{
    KnnModel *m = model;
    if (m->stored)
        return STEP_DONE;
    if (trace_cancelled(trace))
        return error_set(err, ERR_CANCELLED, "cancelled"), STEP_ERROR;
    if (dataset_cols(train) != m->d || dataset_rows(train) != m->n || !train->y) {
        error_set(err, ERR_DATA, "k-NN: the training set changed shape");
        return STEP_ERROR;
    }
    if (store_fast(m, err) < 0)
        return STEP_ERROR;
    m->stored = true;
    trace_store(m, trace);
    return STEP_DONE;
}

/* ---------------------------------------------------------------- search */

/* The kk nearest training rows of rows [q0, q0 + nq) of X: idx/dist nq x kk.
 * kk <= m->n. */
static int search(const KnnModel *m, const Mat *X, int q0, int nq, int kk, int *idx, float *dist,
                  Error *err);

/* Queries held as bytes (mat.h): straight to the byte kernel when they are
 * on the model's grid, else converted to floats first. */
static int search_byte_rows(const KnnModel *m, const Mat *X, int q0, int nq, int kk, int *idx,
                            float *dist, Error *err)
{
    if ((m->packed || m->pooled) && m->metric == METRIC_EUCLIDEAN && X->byte_scale == m->qscale)
        return knn_search_bytes(m, mat_row_bytes(X, q0), nq, kk, idx, dist, err);
    float *buf = malloc((size_t)nq * m->d * sizeof *buf);
    if (!buf)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    Mat f = { .rows = nq, .cols = X->cols, .data = buf };
    mat_rows_f32(X, q0, nq, buf);
    int rc = search(m, &f, 0, nq, kk, idx, dist, err);
    free(buf);
    return rc;
}

static int search(const KnnModel *m, const Mat *X, int q0, int nq, int kk, int *idx, float *dist,
                  Error *err)
{
    if (X->cols != m->d)
        return error_set(err, ERR_DATA, "k-NN: %d features given, the model has %d", X->cols,
                         m->d);
    if (nq == 0)
        return 0;
    if (mat_is_bytes(X))
        return search_byte_rows(m, X, q0, nq, kk, idx, dist, err);
    if ((m->packed || m->pooled) && m->metric == METRIC_EUCLIDEAN) {
        uint8_t *qx = malloc((size_t)nq * m->d);
        if (!qx)
            return error_set(err, ERR_NOMEM, "out of memory for k-NN search");
        if (quantise_bytes(mat_row(X, q0), (size_t)nq * m->d, m->qscale, qx)) {
            int rc = knn_search_bytes(m, qx, nq, kk, idx, dist, err);
            free(qx);
            return rc;
        }
        free(qx); /* a query off the byte grid: fall back to floats */
    }
    return knn_search_float(m, X, q0, nq, kk, idx, dist, err);
}

/* ------------------------------------------------------------------ vote */

/* Each neighbour's vote into w[class]: 1, or 1 / distance (neighbours at
 * distance 0, when there are any, take all the weight). */
static void tally(const KnnModel *m, const int *idx, const float *dist, int cnt, double *w)
{
    memset(w, 0, (size_t)m->n_classes * sizeof *w);
    bool by_distance = m->weights == WEIGHTS_DISTANCE, exact = false;
    for (int j = 0; by_distance && j < cnt; j++)
        exact |= dist[j] == 0.0f;
    for (int j = 0; j < cnt; j++) {
        double v = 1.0;
        if (by_distance)
            v = exact ? (dist[j] == 0.0f ? 1.0 : 0.0) : 1.0 / dist[j];
        w[m->y[idx[j]]] += v;
    }
}

/* Class of one query from its neighbours (nearest first); fills score[c]
 * with the vote shares when score is not NULL.  Ties between classes go to
 * the class of the nearest neighbour among the tied classes. */
static int vote(const KnnModel *m, const int *idx, const float *dist, int cnt, double *w,
                float *score)
{
    int nc = m->n_classes;
    tally(m, idx, dist, cnt, w);
    double best = -1.0, total = 0.0;
    for (int c = 0; c < nc; c++) {
        total += w[c];
        if (w[c] > best)
            best = w[c];
    }
    int label = m->y[idx[0]];
    for (int j = 0; j < cnt; j++)
        if (w[m->y[idx[j]]] == best) {
            label = m->y[idx[j]];
            break;
        }
    for (int c = 0; score && c < nc; c++)
        score[c] = total > 0.0 ? (float)(w[c] / total) : 0.0f;
    return label;
}

/* ------------------------------------------------------------- predicting */

int knn_block_count(int n) { return (n + KNN_BLOCK_ROWS - 1) / KNN_BLOCK_ROWS; }

/* Vote for the nq queries of a block from their kk neighbours each, into
 * labels[q0..] and (when not NULL) scores' rows q0.., then trace it. */
static void vote_block(const KnnModel *m, const int *idx, const float *dist, int q0, int nq,
                       int kk, double *w, int *labels, float *scores)
{
    for (int r = 0; r < nq; r++)
        labels[q0 + r] = vote(m, idx + (size_t)r * kk, dist + (size_t)r * kk, kk, w,
                              scores ? scores + (size_t)(q0 + r) * m->n_classes : NULL);
}

int knn_predict_block(void *model, const Mat *X, int block, int *labels, float *scores,
                      Trace *trace, Error *err)
{
    KnnModel *m = model;
    int nb = knn_block_count(X->rows);
    if (block < 0 || block >= nb)
        return error_set(err, ERR_USAGE, "k-NN: block %d of %d does not exist", block, nb);
    int q0 = block * KNN_BLOCK_ROWS;
    int nq = X->rows - q0 < KNN_BLOCK_ROWS ? X->rows - q0 : KNN_BLOCK_ROWS;
    int kk = m->k < m->n ? m->k : m->n;
    int *idx = malloc((size_t)nq * kk * sizeof *idx + 1);
    float *dist = malloc((size_t)nq * kk * sizeof *dist + 1);
    double *w = malloc((size_t)m->n_classes * sizeof *w);
    int rc = idx && dist && w ? search(m, X, q0, nq, kk, idx, dist, err)
                              : error_set(err, ERR_NOMEM, "out of memory for k-NN predictions");
    if (rc == 0) {
        vote_block(m, idx, dist, q0, nq, kk, w, labels, scores);
        char text[TRACE_TEXT_LEN];
        snprintf(text, sizeof text, "block %d/%d: %d points classified", block + 1, nb, nq);
        trace_emitv(trace, TRACE_DETAIL, "block", text, "block", (double)(block + 1), "blocks",
                    (double)nb, "points", (double)nq, TRACE_END);
    }
    free(idx);
    free(dist);
    free(w);
    return rc;
}

static int knn_predict(void *model, const Mat *X, int *labels, float *scores, Error *err)
{
    int nb = knn_block_count(X->rows);
    for (int b = 0; b < nb; b++)
        if (knn_predict_block(model, X, b, labels, scores, NULL, err) < 0)
            return -1;
    return 0;
}

/* ------------------------------------------------------------- inspecting */

/* Copy the kk found (ix, ds: rows x kk) into rows x k, the rest of each row
 * -1 / NAN. */
static void pad_neighbours(const int *ix, const float *ds, int rows, int kk, int k, int *index,
                           float *distance)
{
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < k; j++) {
            index[(size_t)r * k + j] = j < kk ? ix[(size_t)r * kk + j] : -1;
            distance[(size_t)r * k + j] = j < kk ? ds[(size_t)r * kk + j] : NAN;
        }
}

int knn_kneighbours(const void *model, const Mat *X, int k, int *index, float *distance,
                    Error *err)
{
    const KnnModel *m = model;
    if (k < 1)
        return error_set(err, ERR_USAGE, "k-NN: k must be at least 1");
    int kk = k < m->n ? k : m->n;
    if (kk == k)
        return search(m, X, 0, X->rows, k, index, distance, err);
    /* Fewer rows than k: the rest of each row is -1 / NAN. */
    int *ix = malloc((size_t)X->rows * kk * sizeof *ix + 1);
    float *ds = malloc((size_t)X->rows * kk * sizeof *ds + 1);
    int rc = ix && ds ? search(m, X, 0, X->rows, kk, ix, ds, err)
                      : error_set(err, ERR_NOMEM, "out of memory for k-NN search");
    if (rc == 0)
        pad_neighbours(ix, ds, X->rows, kk, k, index, distance);
    free(ix);
    free(ds);
    return rc;
}

int knn_neighbours(const void *model, const float *x, int k, int *index, float *distance,
                   Error *err)
{
    const KnnModel *m = model;
    Mat one = { .rows = 1, .cols = m->d, .data = (float *)x };
    if (knn_kneighbours(model, &one, k, index, distance, err) < 0)
        return -1;
    return k < m->n ? k : m->n;
}

int knn_k(const void *model) { return ((const KnnModel *)model)->k; }
int knn_train_rows(const void *model)
{
    const KnnModel *m = model;
    return m->stored ? m->n : 0;
}

int knn_train_label(const void *model, int row)
{
    const KnnModel *m = model;
    return row >= 0 && row < m->n ? m->y[row] : -1;
}

const char *knn_kernel_name(const void *model) { return kernel_name(model); }

static void knn_model_json(const void *model, const Dataset *train, StrBuf *sb)
{
    const KnnModel *m = model;
    static const char *metrics[] = { "euclidean", "manhattan", "minkowski", "cosine" };
    (void)train;
    sb_printf(sb, "{\"k\": %d, \"metric\": \"%s\", ", m->k, metrics[m->metric]);
    if (m->metric == METRIC_MINKOWSKI)
        sb_printf(sb, "\"p\": %g, ", m->p);
    sb_printf(sb, "\"weights\": \"%s\", \"train_rows\": %d, \"kernel\": ",
              m->weights == WEIGHTS_DISTANCE ? "distance" : "uniform", knn_train_rows(m));
    sb_json_string(sb, kernel_name(m));
    sb_append(sb, "}");
}

const Algo algo_knn = {
    .name = "knn",
    .title = "k-nearest neighbours",
    .summary = "classify a point by the vote of the k training points nearest to it",
    .group = "classification",
    .kind = ALGO_CLASSIFIER,
    .params = knn_params,
    .default_scale = SCALE_STANDARD,
    .scores_are_probs = true,
    .takes_bytes = true,
    .create = knn_create,
    .step = knn_step,
    .predict = knn_predict,
    .destroy = knn_destroy,
    .model_json = knn_model_json,
    .save = knn_save, .load = knn_load, .check_data = knn_check_data, /* model_io.h */
};
