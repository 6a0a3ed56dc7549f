/* mat.h - float32 row-major matrices; the heavy products go through cblas.
 *
 * A Mat is a small value: rows, cols and a pointer to rows*cols floats.
 * mat_alloc gives it its own zeroed storage (release with mat_free); a view
 * (mat_rows_view) borrows storage and must not be freed. */
#ifndef MLLAB_MAT_H
#define MLLAB_MAT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct Mat {
    int rows, cols;
    float *data; /* element (i, j) is data[i * cols + j] */
} Mat;

#define MAT_AT(m, i, j) ((m)->data[(size_t)(i) * (size_t)(m)->cols + (size_t)(j)])

static inline float *mat_row(const Mat *m, int i)
{
    return m->data + (size_t)i * (size_t)m->cols;
}

static inline size_t mat_size(const Mat *m)
{
    return (size_t)m->rows * (size_t)m->cols;
}

/* Allocate a zeroed rows x cols matrix (64-byte aligned). -1 on failure. */
int mat_alloc(Mat *m, int rows, int cols, Error *err);
/* Release storage from mat_alloc/mat_copy; leaves an empty Mat. NULL-safe. */
void mat_free(Mat *m);
/* dst = a new copy of src. */
int mat_copy(Mat *dst, const Mat *src, Error *err);
/* A view of rows [first, first + count) of m, sharing its storage. */
Mat mat_rows_view(const Mat *m, int first, int count);
/* dst = the rows of src listed in idx (dst allocated here). */
int mat_gather_rows(Mat *dst, const Mat *src, const int *idx, int count, Error *err);

/* C = alpha * op(A) * op(B) + beta * C, op = transpose when ta/tb (cblas_sgemm).
 * Shapes must agree; C must be allocated. */
void mat_gemm(bool ta, bool tb, float alpha, const Mat *A, const Mat *B, float beta, Mat *C);
/* y = alpha * op(A) * x + beta * y (cblas_sgemv). */
void mat_gemv(bool ta, float alpha, const Mat *A, const float *x, float beta, float *y);
/* Sum of squares of each row into out[rows]. */
void mat_row_sq_norms(const Mat *m, float *out);
/* Dot product of two float vectors (cblas_sdot). */
float vec_dot(const float *a, const float *b, int n);

#endif
