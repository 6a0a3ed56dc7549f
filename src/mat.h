/* mat.h - float32 row-major matrices; the heavy products go through cblas.
 *
 * A Mat is a small value: rows, cols and a pointer to rows*cols floats.
 * mat_alloc gives it its own zeroed storage (release with mat_free); a view
 * (mat_rows_view) borrows storage and must not be freed.
 *
 * Byte backing (issue 14): an image set may instead hold its values as
 * bytes q with a scale s, element (i, j) being the float (float)q / s (the
 * very float a loader dividing by s would store).  Such a Mat has data NULL
 * and bytes set: a quarter of the memory.  Code that needs floats takes them
 * a block of rows at a time with mat_rows_f32 (no copy for a float Mat);
 * code that wants the bytes (k-NN, k-means, trees) reads mat_row_bytes.
 * mat_gemm/mat_gemv and MAT_AT/mat_row work on float Mats only.
 *
 * Also here: small helpers on float vectors, the test for pixel values
 * stored as bytes, and the switch that keeps OpenBLAS to one thread while
 * our own threads each call it. */
#ifndef MLLAB_MAT_H
#define MLLAB_MAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct Mat {
    int rows, cols;
    float *data;      /* element (i, j) is data[i * cols + j]; NULL when byte-backed */
    uint8_t *bytes;   /* byte backing, or NULL: element (i, j) is
                         (float)bytes[i * cols + j] / byte_scale */
    float byte_scale; /* s > 0 when bytes is set (255 for MNIST) */
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

/* Is m byte-backed?  Does it hold storage of either kind? */
static inline bool mat_is_bytes(const Mat *m)
{
    return m->bytes != NULL;
}
static inline bool mat_has_storage(const Mat *m)
{
    return m->data != NULL || m->bytes != NULL;
}

/* Row i of a byte-backed m. */
static inline const uint8_t *mat_row_bytes(const Mat *m, int i)
{
    return m->bytes + (size_t)i * (size_t)m->cols;
}

/* Allocate a zeroed rows x cols matrix (64-byte aligned). -1 on failure. */
int mat_alloc(Mat *m, int rows, int cols, Error *err);
/* Release storage from mat_alloc/mat_copy; leaves an empty Mat. NULL-safe. */
void mat_free(Mat *m);
/* dst = a new copy of src. */
int mat_copy(Mat *dst, const Mat *src, Error *err);
/* A view of rows [first, first + count) of m, sharing its storage. */
Mat mat_rows_view(const Mat *m, int first, int count);
/* Rows idx[0..count) of src (rows 0..count-1 when idx is NULL) into rows
 * 0..count-1 of dst, which has src's columns and backing. */
void mat_copy_rows(Mat *dst, const Mat *src, const int *idx, int count);
/* dst = the rows of src listed in idx (dst allocated here; byte-backed like src). */
int mat_gather_rows(Mat *dst, const Mat *src, const int *idx, int count, Error *err);

/* ---- byte backing ---------------------------------------------------------- */
/* Allocate a zeroed byte-backed rows x cols matrix with scale s > 0. */
int mat_alloc_bytes(Mat *m, int rows, int cols, float s, Error *err);
/* A zeroed rows x src->cols matrix stored like src (floats, or bytes with
 * its scale). */
int mat_alloc_like(Mat *dst, const Mat *src, int rows, Error *err);
/* The floats of rows [first, first + count) of m: a pointer into m's own
 * storage when m holds floats, else buf (count * cols floats) filled with
 * the converted bytes.  Either way exactly the floats a float Mat would hold. */
const float *mat_rows_f32(const Mat *m, int first, int count, float *buf);
/* The floats of the listed rows of m, one after another, into out
 * (count * cols floats). */
void mat_gather_f32(const Mat *m, const int *idx, int count, float *out);
/* Copy rows [first, first + count) into out as floats, whatever the backing. */
void mat_copy_rows_f32(const Mat *m, int first, int count, float *out);
/* Element (i, j) as a float, whatever the backing. */
float mat_get(const Mat *m, int i, int j);
/* Keep only the first `rows` rows of m (which owns its storage); a
 * byte-backed m gives the rest of its storage back. */
void mat_truncate_rows(Mat *m, int rows);
/* Make a byte-backed m hold floats (its bytes freed); nothing for a float
 * Mat.  For code that has not learnt to read bytes: costs the float copy. */
int mat_to_float(Mat *m, Error *err);
/* out[i] = (float)q[i] / s for count bytes: the conversion every reader of
 * a byte-backed Mat shares (mat_convert.c: a vector path when the CPU has
 * AVX2 + FMA and it gives the division's floats for s, else the division). */
void bytes_to_f32(const uint8_t *q, size_t count, float s, float *out);
/* Its two paths, for the tests: the division; the vector path (the division
 * where the CPU lacks it), used only for scales where bytes_fast_scale_ok:
 * the CPU has AVX2 + FMA and all 256 byte values come out as the division's. */
void bytes_to_f32_plain(const uint8_t *q, size_t count, float s, float *out);
void bytes_to_f32_fast(const uint8_t *q, size_t count, float s, float *out);
bool bytes_fast_scale_ok(float s);

/* C = alpha * op(A) * op(B) + beta * C, op = transpose when ta/tb (cblas_sgemm).
 * Shapes must agree; C must be allocated. */
void mat_gemm(bool ta, bool tb, float alpha, const Mat *A, const Mat *B, float beta, Mat *C);
/* y = alpha * op(A) * x + beta * y (cblas_sgemv). */
void mat_gemv(bool ta, float alpha, const Mat *A, const float *x, float beta, float *y);
/* Sum of squares of each row into out[rows]. */
void mat_row_sq_norms(const Mat *m, float *out);
/* Dot product of two float vectors (cblas_sdot). */
float vec_dot(const float *a, const float *b, int n);

/* The largest of v[0..n), n >= 1 (a NaN is never taken as larger). */
static inline float vec_max(const float *v, int n)
{
    float best = v[0];
    for (int i = 1; i < n; i++)
        if (v[i] > best)
            best = v[i];
    return best;
}

/* The index of the largest of v[0..n), n >= 1; ties go to the lowest index
 * (a classifier's predicted class from its scores). */
static inline int vec_argmax(const float *v, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (v[i] > v[best])
            best = i;
    return best;
}

/* ---- values on a byte grid -------------------------------------------------
 * Image data holds floats v = q / s with q a byte: s = 1 for raw bytes, 16
 * for the digits, 255 for MNIST.  Kernels that find their data so keep the
 * bytes: a quarter of the memory traffic, and exact integer products. */
#define BYTE_GRID_COUNT 3
/* The scales s to try, in this order: 1, 16, 255. */
extern const float byte_grid_scales[BYTE_GRID_COUNT];

/* Is every v[i] = q / s with q an integer in [0, 255] (to within 1e-3)?  If
 * so the q go to out (when not NULL); false at the first value off the
 * grid.  A call on the first few thousand values is a cheap look that rules
 * out most grids. */
bool quantise_bytes(const float *v, size_t count, float s, uint8_t *out);
/* The same over 64 slices in parallel (OpenMP, above 2^20 values): every
 * value is checked, so out is complete only when it returns true. */
bool quantise_bytes_parallel(const float *v, size_t count, float s, uint8_t *out);

/* ---- OpenBLAS threads ------------------------------------------------------
 * Code that runs its own threads (OpenMP loops, the network thread pool),
 * each calling BLAS on its own block, wraps that work in
 *     blas_serial_begin();  ...  blas_serial_end();
 * so that OpenBLAS runs every call on the calling thread instead of starting
 * threads of its own (on 2 cores, 2 threads each starting 2 would be 4 busy
 * threads).
 * The sections are counted, process-wide: OpenBLAS becomes single-threaded
 * when the first section opens and gets back the thread count it had then
 * when the last one closes.  So sections may nest, and may be open in
 * several threads at once (the TUI trains one model in a worker thread while
 * the compare screen runs another): nobody's end undoes a section that
 * another thread still has open.
 * The rule: every blas_serial_begin is matched by exactly one
 * blas_serial_end, on every way out of the section (errors and cancellation
 * included); an unmatched end is ignored. */
void blas_serial_begin(void);
void blas_serial_end(void);

#endif
