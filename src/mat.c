/* mat.c - float32 matrices, the cblas calls behind their products, the
 * byte-grid test for pixel data, and the counted switch that keeps OpenBLAS
 * single-threaded (see mat.h). */
#include "mat.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int mat_alloc(Mat *m, int rows, int cols, Error *err)
{
    m->rows = m->cols = 0;
    m->data = NULL;
    if (rows < 0 || cols < 0)
        return error_set(err, ERR_INTERNAL, "matrix shape %dx%d is negative", rows, cols);
    size_t bytes = (size_t)rows * (size_t)cols * sizeof(float);
    size_t rounded = (bytes + 63) / 64 * 64;
    if (rounded == 0)
        rounded = 64;
    float *data = aligned_alloc(64, rounded);
    if (!data)
        return error_set(err, ERR_NOMEM, "out of memory for a %dx%d matrix", rows, cols);
    memset(data, 0, rounded);
    m->rows = rows;
    m->cols = cols;
    m->data = data;
    return 0;
}

void mat_free(Mat *m)
{
    if (!m)
        return;
    free(m->data);
    m->data = NULL;
    m->rows = m->cols = 0;
}

int mat_copy(Mat *dst, const Mat *src, Error *err)
{
    if (mat_alloc(dst, src->rows, src->cols, err) < 0)
        return -1;
    if (mat_size(src))
        memcpy(dst->data, src->data, mat_size(src) * sizeof(float));
    return 0;
}

Mat mat_rows_view(const Mat *m, int first, int count)
{
    Mat v = { count, m->cols, m->data + (size_t)first * (size_t)m->cols };
    return v;
}

int mat_gather_rows(Mat *dst, const Mat *src, const int *idx, int count, Error *err)
{
    if (mat_alloc(dst, count, src->cols, err) < 0)
        return -1;
    for (int i = 0; i < count; i++)
        memcpy(mat_row(dst, i), mat_row(src, idx[i]), (size_t)src->cols * sizeof(float));
    return 0;
}

void mat_gemm(bool ta, bool tb, float alpha, const Mat *A, const Mat *B, float beta, Mat *C)
{
    int m = ta ? A->cols : A->rows;
    int k = ta ? A->rows : A->cols;
    int n = tb ? B->rows : B->cols;
    if (m == 0 || n == 0)
        return;
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                m, n, k, alpha, A->data, A->cols > 0 ? A->cols : 1, B->data,
                B->cols > 0 ? B->cols : 1, beta, C->data, C->cols > 0 ? C->cols : 1);
}

void mat_gemv(bool ta, float alpha, const Mat *A, const float *x, float beta, float *y)
{
    if (A->rows == 0 || A->cols == 0) {
        /* op(A) x is an empty sum: y = beta * y over op(A)'s rows (beta 0
         * clears y, as BLAS does, even where y held NaN). */
        int len = ta ? A->cols : A->rows;
        for (int i = 0; i < len; i++)
            y[i] = beta == 0.0f ? 0.0f : beta * y[i];
        return;
    }
    cblas_sgemv(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, A->rows, A->cols, alpha, A->data,
                A->cols, x, 1, beta, y, 1);
}

void mat_row_sq_norms(const Mat *m, float *out)
{
    for (int i = 0; i < m->rows; i++) {
        const float *r = mat_row(m, i);
        float s = 0.0f;
        for (int j = 0; j < m->cols; j++)
            s += r[j] * r[j];
        out[i] = s;
    }
}

float vec_dot(const float *a, const float *b, int n)
{
    return n > 0 ? cblas_sdot(n, a, 1, b, 1) : 0.0f;
}

/* ---- values on a byte grid ------------------------------------------------- */

const float byte_grid_scales[BYTE_GRID_COUNT] = { 1.0f, 16.0f, 255.0f };

bool quantise_bytes(const float *v, size_t count, float s, uint8_t *out)
{
    for (size_t i = 0; i < count; i++) {
        float t = v[i] * s;
        if (!(t > -0.5f && t < 255.5f))
            return false;
        int q = (int)(t + 0.5f); /* t >= -0.5: rounds to nearest */
        if (fabsf(t - (float)q) > 1e-3f)
            return false;
        if (out)
            out[i] = (uint8_t)q;
    }
    return true;
}

bool quantise_bytes_parallel(const float *v, size_t count, float s, uint8_t *out)
{
    int ok = 1;
#pragma omp parallel for schedule(dynamic, 1) reduction(&& : ok) if (count > (1u << 20))
    for (int slice = 0; slice < 64; slice++) {
        size_t lo = count * slice / 64, hi = count * (slice + 1) / 64;
        ok = ok && quantise_bytes(v + lo, hi - lo, s, out ? out + lo : NULL);
    }
    return ok;
}

/* ---- OpenBLAS threads ----------------------------------------------------- */

static pthread_mutex_t blas_serial_lock = PTHREAD_MUTEX_INITIALIZER;
static int blas_serial_sections;  /* open now, over all threads             */
static int blas_threads_before;   /* OpenBLAS's count when the first opened */

void blas_serial_begin(void)
{
    pthread_mutex_lock(&blas_serial_lock);
    if (blas_serial_sections++ == 0) {
        blas_threads_before = openblas_get_num_threads();
        if (blas_threads_before != 1)
            openblas_set_num_threads(1);
    }
    pthread_mutex_unlock(&blas_serial_lock);
}

void blas_serial_end(void)
{
    pthread_mutex_lock(&blas_serial_lock);
    if (blas_serial_sections > 0 && --blas_serial_sections == 0 && blas_threads_before > 1)
        openblas_set_num_threads(blas_threads_before);
    pthread_mutex_unlock(&blas_serial_lock);
}
