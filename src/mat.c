/* mat.c - float32 matrices (and their byte backing), the cblas calls behind
 * their products, the byte-grid test for pixel data, and the counted switch
 * that keeps OpenBLAS single-threaded (see mat.h). */
#include "mat.h"

#include <cblas.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

int mat_alloc(Mat *m, int rows, int cols, Error *err)
{
    memset(m, 0, sizeof *m);
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
    free(m->bytes);
    m->data = NULL;
    m->bytes = NULL;
    m->byte_scale = 0.0f;
    m->rows = m->cols = 0;
}

int mat_alloc_like(Mat *dst, const Mat *src, int rows, Error *err)
{
    if (mat_is_bytes(src))
        return mat_alloc_bytes(dst, rows, src->cols, src->byte_scale, err);
    return mat_alloc(dst, rows, src->cols, err);
}

/* Bytes per element of m. */
static size_t elem_size(const Mat *m)
{
    return mat_is_bytes(m) ? 1 : sizeof(float);
}

int mat_copy(Mat *dst, const Mat *src, Error *err)
{
    if (mat_alloc_like(dst, src, src->rows, err) < 0)
        return -1;
    void *to = mat_is_bytes(src) ? (void *)dst->bytes : (void *)dst->data;
    const void *from = mat_is_bytes(src) ? (const void *)src->bytes : (const void *)src->data;
    if (mat_size(src))
        memcpy(to, from, mat_size(src) * elem_size(src));
    return 0;
}

Mat mat_rows_view(const Mat *m, int first, int count)
{
    size_t off = (size_t)first * (size_t)m->cols;
    Mat v = { count, m->cols, m->data ? m->data + off : NULL, m->bytes ? m->bytes + off : NULL,
              m->byte_scale };
    return v;
}

void mat_copy_rows(Mat *dst, const Mat *src, const int *idx, int count)
{
    size_t row = (size_t)src->cols * elem_size(src);
    uint8_t *to = mat_is_bytes(src) ? dst->bytes : (uint8_t *)dst->data;
    const uint8_t *from = mat_is_bytes(src) ? src->bytes : (const uint8_t *)src->data;
    if (!row)
        return;
    for (int i = 0; i < count; i++)
        memcpy(to + (size_t)i * row, from + (size_t)(idx ? idx[i] : i) * row, row);
}

int mat_gather_rows(Mat *dst, const Mat *src, const int *idx, int count, Error *err)
{
    if (mat_alloc_like(dst, src, count, err) < 0)
        return -1;
    mat_copy_rows(dst, src, idx, count);
    return 0;
}

/* ---- byte backing ---------------------------------------------------------- */

int mat_alloc_bytes(Mat *m, int rows, int cols, float s, Error *err)
{
    memset(m, 0, sizeof *m);
    if (rows < 0 || cols < 0 || !(s > 0.0f))
        return error_set(err, ERR_INTERNAL, "byte matrix %dx%d with scale %g is invalid", rows,
                         cols, (double)s);
    size_t n = (size_t)rows * (size_t)cols;
    uint8_t *bytes = aligned_alloc(64, (n + 63) / 64 * 64 + (n ? 0 : 64));
    if (!bytes)
        return error_set(err, ERR_NOMEM, "out of memory for a %dx%d byte matrix", rows, cols);
    memset(bytes, 0, n);
    m->rows = rows;
    m->cols = cols;
    m->bytes = bytes;
    m->byte_scale = s;
    return 0;
}

const float *mat_rows_f32(const Mat *m, int first, int count, float *buf)
{
    size_t off = (size_t)first * (size_t)m->cols;
    if (!mat_is_bytes(m))
        return m->data + off;
    bytes_to_f32(m->bytes + off, (size_t)count * (size_t)m->cols, m->byte_scale, buf);
    return buf;
}

void mat_copy_rows_f32(const Mat *m, int first, int count, float *out)
{
    const float *rows = mat_rows_f32(m, first, count, out);
    if (rows != out)
        memcpy(out, rows, (size_t)count * (size_t)m->cols * sizeof *out);
}

void mat_gather_f32(const Mat *m, const int *idx, int count, float *out)
{
    size_t d = (size_t)m->cols;
    for (int i = 0; i < count; i++) {
        if (mat_is_bytes(m))
            bytes_to_f32(mat_row_bytes(m, idx[i]), d, m->byte_scale, out + (size_t)i * d);
        else
            memcpy(out + (size_t)i * d, mat_row(m, idx[i]), d * sizeof(float));
    }
}

float mat_get(const Mat *m, int i, int j)
{
    size_t at = (size_t)i * (size_t)m->cols + (size_t)j;
    return mat_is_bytes(m) ? (float)m->bytes[at] / m->byte_scale : m->data[at];
}

void mat_truncate_rows(Mat *m, int rows)
{
    if (rows < 0 || rows >= m->rows)
        return;
    m->rows = rows;
    if (!mat_is_bytes(m) || rows == 0)
        return; /* float storage stays 64-byte aligned: kept whole */
    uint8_t *less = realloc(m->bytes, mat_size(m));
    if (less)
        m->bytes = less;
}

int mat_to_float(Mat *m, Error *err)
{
    if (!mat_is_bytes(m))
        return 0;
    Mat f;
    if (mat_alloc(&f, m->rows, m->cols, err) < 0)
        return -1;
    bytes_to_f32(m->bytes, mat_size(m), m->byte_scale, f.data);
    free(m->bytes);
    *m = f;
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
