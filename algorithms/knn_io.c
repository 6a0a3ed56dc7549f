/* algorithms/knn_io.c - saving and loading k-NN and k-means (model file
 * format: model_io.h, docs/model-format.md).
 *
 * k-NN has no parameters to learn: its model is its training part, so the
 * file holds every training row (tensor X, n x d float32: 4·n·d bytes,
 * e.g. 188 MB for the 60,000 MNIST rows) and its label (y), with k, the
 * metric, p and the weighting.  Rows stored as bytes (values q / s on a
 * byte grid, knn_internal.h) are written as the floats they stand for, and
 * loading hands the rows to k-NN's own create and step, which store them
 * exactly as training did.
 *
 * k-means saves its centroids (k x d float32); the loaded model predicts
 * the nearest centroid, as after training. */
#include <stdlib.h>
#include <string.h>

#include "kmeans.h"
#include "knn.h"
#include "knn_internal.h"
#include "model_io.h"

/* ---------------------------------------------------------------- k-NN */

/* Training row i of a stored model, as floats. */
static void knn_row(const KnnModel *m, int i, float *x)
{
    if (m->X) {
        memcpy(x, m->X + (size_t)i * m->d, (size_t)m->d * sizeof *x);
        return;
    }
    if (m->Q) {
        for (int f = 0; f < m->d; f++)
            x[f] = (float)m->Q[(size_t)i * m->d + f] / m->qscale;
        return;
    }
    /* the packed panels (knn_pack_panels): NR rows per panel, 4 features of
     * a row per 64-byte group */
    const uint8_t *p = m->packed + (size_t)(i / NR) * m->d4 * 64 + (size_t)(i % NR) * 4;
    for (int f = 0; f < m->d; f++)
        x[f] = (float)p[(size_t)(f / 4) * 64 + f % 4] / m->qscale;
}

int knn_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    const KnnModel *m = model;
    static const char *const metric[] = { "euclidean", "manhattan", "minkowski", "cosine" };
    char hdr[256];
    snprintf(hdr, sizeof hdr,
             "kind=knn\ninputs=%d\nclasses=%d\nrows=%d\nk=%d\nmetric=%s\np=%.17g\nweights=%s\n",
             m->d, m->n_classes, m->n, m->k, metric[m->metric], m->p,
             m->weights == WEIGHTS_DISTANCE ? "distance" : "uniform");
    float *X = malloc((size_t)m->n * m->d * sizeof *X);
    if (!X)
        return error_set(err, ERR_NOMEM, "out of memory for k-NN's %d training rows", m->n);
    for (int i = 0; i < m->n; i++)
        knn_row(m, i, X + (size_t)i * m->d);
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "X", MA_F32, (size_t)m->n * m->d, X);
    model_arrays_add_ints(&ma, "y", (size_t)m->n, m->y, 0, m->n_classes - 1);
    int rc = model_io_write(f, hdr, &ma, scaler, err);
    free(X);
    return rc;
}

/* The saved rows as a training part. */
static int knn_rows(ModelLoad *ml, Dataset *rows, Error *err)
{
    int n;
    if (nn_file_header_int(&ml->nf, "rows", 1, 100000000, &n, err) < 0)
        return -1;
    if (nn_file_check_params(&ml->nf, "knn", (double)n * ml->inputs, err) < 0)
        return -1; /* nothing larger than the file is allocated */
    if (model_io_standin(rows, n, ml->inputs, ml->classes, err) < 0)
        return -1;
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "X", MA_F32, (size_t)n * ml->inputs, rows->X.data);
    model_arrays_add_ints(&ma, "y", (size_t)n, rows->y, 0, ml->classes - 1);
    return model_io_fill(&ml->nf, &ma, err);
}

void *knn_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset rows = { 0 };
    if (model_io_begin(f, &algo_knn, params, &ml, err) < 0)
        return NULL;
    void *model = NULL;
    if (knn_rows(&ml, &rows, err) == 0)
        model = model_io_create(&algo_knn, &ml, &rows, err);
    if (model && algo_knn.step(model, &rows, NULL, err) != STEP_DONE) {
        algo_knn.destroy(model);
        model = NULL;
    }
    dataset_free(&rows);
    model_io_end(&ml, model ? scaler : NULL, has_scaler);
    return model;
}

int knn_check_data(const void *model, const Dataset *data, Error *err)
{
    const KnnModel *m = model;
    return model_io_check_shape("knn", m->d, m->n_classes, data, err);
}

/* ---------------------------------------------------------------- k-means */

int kmeans_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    int k = kmeans_k(model), d = kmeans_dim(model);
    const float *C = kmeans_centroids(model);
    if (!C)
        return error_set(err, ERR_USAGE, "k-means has no centroids to save yet");
    char hdr[128];
    snprintf(hdr, sizeof hdr, "kind=kmeans\ninputs=%d\nclasses=0\nk=%d\n", d, k);
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "centroids", MA_F32, (size_t)k * d, (void *)C);
    return model_io_write(f, hdr, &ma, scaler, err);
}

/* The saved centroids as the rows of a stand-in part; *k their number. */
static int centroid_rows(ModelLoad *ml, Dataset *rows, int *k, Error *err)
{
    if (nn_file_header_int(&ml->nf, "k", 1, 1000, k, err) < 0 ||
        nn_file_check_params(&ml->nf, "kmeans", (double)*k * ml->inputs, err) < 0 ||
        model_io_standin(rows, *k, ml->inputs, 0, err) < 0)
        return -1;
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "centroids", MA_F32, (size_t)*k * ml->inputs, rows->X.data);
    return model_io_fill(&ml->nf, &ma, err);
}

/* The model from its centroids: k-means' create on the centroids as rows
 * (random init, one run), then the centroids set as its first iteration. */
static void *kmeans_rebuild(ModelLoad *ml, Dataset *rows, Error *err)
{
    int k;
    if (centroid_rows(ml, rows, &k, err) < 0 ||
        params_set(&ml->own, "init", "random", err) < 0 ||
        params_set(&ml->own, "n_init", "1", err) < 0)
        return NULL;
    void *model = model_io_create(&algo_kmeans, ml, rows, err);
    int *labels = malloc((size_t)k * sizeof *labels);
    for (int c = 0; labels && c < k; c++)
        labels[c] = c;
    int rc = !model ? -1 : !labels ? error_set(err, ERR_NOMEM, "out of memory")
                                   : kmeans_load_iteration(model, rows, rows->X.data, labels, err);
    free(labels);
    if (rc < 0 && model) {
        algo_kmeans.destroy(model);
        model = NULL;
    }
    return model;
}

void *kmeans_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset rows = { 0 };
    if (model_io_begin(f, &algo_kmeans, params, &ml, err) < 0)
        return NULL;
    void *model = kmeans_rebuild(&ml, &rows, err);
    dataset_free(&rows);
    model_io_end(&ml, model ? scaler : NULL, has_scaler);
    return model;
}

int kmeans_check_data(const void *model, const Dataset *data, Error *err)
{
    return model_io_check_shape("kmeans", kmeans_dim(model), 0, data, err);
}
