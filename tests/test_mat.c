/* test_mat.c - float32 matrices: allocation, views, gathers, and the cblas
 * products checked against plain loops for every transpose combination;
 * the byte backing of image sets (conversion, views, gathers, copies). */
#include <math.h>
#include <stdlib.h>

#include <cblas.h>
#include <stdint.h>

#include "mat.h"
#include "rng.h"
#include "test_util.h"

static void fill_random(Mat *m, Rng *r)
{
    for (size_t i = 0; i < mat_size(m); i++)
        m->data[i] = (float)(rng_uniform(r) * 2.0 - 1.0);
}

/* Element (i, j) of op(m). */
static float op_at(const Mat *m, bool transposed, int i, int j)
{
    return transposed ? MAT_AT(m, j, i) : MAT_AT(m, i, j);
}

static void test_mat_alloc_is_zeroed_and_aligned(void **state)
{
    (void)state;
    Mat m;
    assert_int_equal(mat_alloc(&m, 7, 5, NULL), 0);
    assert_int_equal(m.rows, 7);
    assert_int_equal(m.cols, 5);
    assert_int_equal((uintptr_t)m.data % 64, 0);
    for (size_t i = 0; i < mat_size(&m); i++)
        assert_true(m.data[i] == 0.0f);
    MAT_AT(&m, 6, 4) = 3.5f;
    assert_true(mat_row(&m, 6)[4] == 3.5f);
    assert_true(m.data[34] == 3.5f);
    mat_free(&m);
    assert_null(m.data);
    assert_int_equal(m.rows, 0);
    mat_free(&m); /* twice is harmless */

    Error err = { 0 };
    assert_int_equal(mat_alloc(&m, -1, 3, &err), -1);
    assert_int_not_equal(err.code, ERR_NONE);
    assert_null(m.data);
    /* an empty matrix is valid */
    assert_int_equal(mat_alloc(&m, 0, 3, NULL), 0);
    assert_int_equal(mat_size(&m), 0);
    mat_free(&m);
}

static void test_mat_copy_is_deep(void **state)
{
    (void)state;
    Mat a, b;
    assert_int_equal(mat_alloc(&a, 3, 2, NULL), 0);
    for (int i = 0; i < 6; i++)
        a.data[i] = (float)i;
    assert_int_equal(mat_copy(&b, &a, NULL), 0);
    assert_int_equal(b.rows, 3);
    assert_int_equal(b.cols, 2);
    assert_ptr_not_equal(a.data, b.data);
    a.data[0] = 100.0f;
    for (int i = 0; i < 6; i++)
        assert_true(b.data[i] == (float)i);
    mat_free(&a);
    mat_free(&b);
}

static void test_mat_rows_view_shares_storage(void **state)
{
    (void)state;
    Mat m;
    assert_int_equal(mat_alloc(&m, 5, 3, NULL), 0);
    for (int i = 0; i < 15; i++)
        m.data[i] = (float)i;
    Mat v = mat_rows_view(&m, 2, 2);
    assert_int_equal(v.rows, 2);
    assert_int_equal(v.cols, 3);
    assert_true(MAT_AT(&v, 0, 0) == 6.0f);
    assert_true(MAT_AT(&v, 1, 2) == 11.0f);
    MAT_AT(&v, 1, 0) = -1.0f;
    assert_true(MAT_AT(&m, 3, 0) == -1.0f);
    mat_free(&m);
}

static void test_mat_gather_rows_copies_listed_rows_in_order(void **state)
{
    (void)state;
    Mat m, g;
    assert_int_equal(mat_alloc(&m, 4, 2, NULL), 0);
    for (int i = 0; i < 8; i++)
        m.data[i] = (float)i;
    const int idx[5] = { 3, 0, 3, 1, 2 };
    assert_int_equal(mat_gather_rows(&g, &m, idx, 5, NULL), 0);
    assert_int_equal(g.rows, 5);
    assert_int_equal(g.cols, 2);
    for (int i = 0; i < 5; i++) {
        assert_true(MAT_AT(&g, i, 0) == MAT_AT(&m, idx[i], 0));
        assert_true(MAT_AT(&g, i, 1) == MAT_AT(&m, idx[i], 1));
    }
    MAT_AT(&g, 0, 0) = 42.0f; /* a copy, not a view */
    assert_true(MAT_AT(&m, 3, 0) == 6.0f);
    mat_free(&g);
    mat_free(&m);
}

/* ---- byte backing ----------------------------------------------------------- */

/* A 4 x 3 byte matrix, scale 255, holding 0, 1, ..., 255 spread over it. */
static void byte_matrix(Mat *m)
{
    assert_int_equal(mat_alloc_bytes(m, 4, 3, 255.0f, NULL), 0);
    static const uint8_t q[12] = { 0, 1, 2, 51, 127, 128, 200, 254, 255, 3, 60, 110 };
    for (int i = 0; i < 12; i++)
        m->bytes[i] = q[i];
}

/* Every byte becomes exactly the float the IDX loader stores (its table
 * (float)i / 255.0f), whichever way it is read; a float Mat's rows come
 * back without a copy. */
static void test_byte_mat_reads_the_floats_the_loader_makes(void **state)
{
    (void)state;
    float lut[256];
    for (int i = 0; i < 256; i++)
        lut[i] = (float)i / 255.0f; /* dataset_idx.c's table */
    Mat m;
    byte_matrix(&m);
    assert_true(mat_is_bytes(&m) && mat_has_storage(&m));
    assert_null(m.data);
    float buf[12];
    const float *x = mat_rows_f32(&m, 1, 3, buf);
    assert_ptr_equal(x, buf);
    for (int i = 1; i < 4; i++)
        for (int j = 0; j < 3; j++) {
            float want = lut[m.bytes[i * 3 + j]];
            assert_true(x[(i - 1) * 3 + j] == want);
            assert_true(mat_get(&m, i, j) == want);
        }
    assert_true(mat_get(&m, 1, 0) == 51.0f / 255.0f);
    assert_true(mat_get(&m, 2, 2) == 1.0f);
    const int idx[2] = { 3, 0 };
    mat_gather_f32(&m, idx, 2, buf);
    for (int j = 0; j < 3; j++) {
        assert_true(buf[j] == lut[m.bytes[9 + j]]);
        assert_true(buf[3 + j] == lut[m.bytes[j]]);
    }
    Mat f;
    assert_int_equal(mat_copy(&f, &m, NULL), 0);
    assert_int_equal(mat_to_float(&f, NULL), 0);
    assert_false(mat_is_bytes(&f));
    for (int i = 0; i < 12; i++)
        assert_true(f.data[i] == lut[m.bytes[i]]);
    assert_ptr_equal(mat_rows_f32(&f, 2, 1, buf), mat_row(&f, 2)); /* no copy */
    float from_bytes[6], from_floats[6];
    mat_copy_rows_f32(&m, 2, 2, from_bytes); /* always into the buffer */
    mat_copy_rows_f32(&f, 2, 2, from_floats);
    for (int i = 0; i < 6; i++)
        assert_true(from_bytes[i] == lut[m.bytes[6 + i]] && from_floats[i] == from_bytes[i]);
    mat_free(&f);
    mat_free(&m);
}

/* Both conversion paths give the division's floats for every byte value,
 * at every offset (the vector loop's tail too), for the scales the loaders
 * use (255, 16) and awkward ones; a scale the vector path cannot do exactly
 * is left to the division (bytes_fast_scale_ok false), never approximated. */
static void test_bytes_to_f32_paths_agree_with_the_division(void **state)
{
    (void)state;
    const float scales[] = { 255.0f, 16.0f, 3.0f, 7.0f, 1.0f, 0.001f, 1e-30f, 3e38f, 17.3f };
    uint8_t q[300];
    for (int i = 0; i < 300; i++)
        q[i] = (uint8_t)(i * 7 + 3);
    float plain[300], fast[300], shared[300];
    int fast_scales = 0;
    for (size_t k = 0; k < sizeof scales / sizeof *scales; k++) {
        float s = scales[k];
        bool ok = bytes_fast_scale_ok(s);
        fast_scales += ok;
        for (int off = 0; off < 9; off++) {
            size_t n = 300 - (size_t)off;
            bytes_to_f32_plain(q + off, n, s, plain);
            bytes_to_f32(q + off, n, s, shared);
            for (size_t i = 0; i < n; i++)
                assert_true(plain[i] == (float)q[off + i] / s);
            assert_memory_equal(shared, plain, n * sizeof *plain);
            if (ok) {
                bytes_to_f32_fast(q + off, n, s, fast);
                assert_memory_equal(fast, plain, n * sizeof *plain);
            }
        }
    }
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        assert_true(bytes_fast_scale_ok(255.0f) && fast_scales >= 2); /* 255 and 16 at least */
    else
        assert_int_equal(fast_scales, 0);
    assert_false(bytes_fast_scale_ok(0.0f));
    assert_false(bytes_fast_scale_ok(NAN));
}

/* Views, gathers and copies of a byte matrix stay bytes with its scale;
 * truncating keeps the first rows. */
static void test_byte_mat_views_gathers_and_copies_stay_bytes(void **state)
{
    (void)state;
    Mat m, g, c;
    byte_matrix(&m);
    Mat v = mat_rows_view(&m, 2, 2);
    assert_true(mat_is_bytes(&v));
    assert_true(v.byte_scale == 255.0f);
    assert_int_equal(v.rows, 2);
    assert_int_equal(mat_row_bytes(&v, 0)[0], 200);
    const int idx[3] = { 2, 2, 0 };
    assert_int_equal(mat_gather_rows(&g, &m, idx, 3, NULL), 0);
    assert_true(mat_is_bytes(&g));
    assert_null(g.data);
    assert_true(g.byte_scale == 255.0f);
    assert_memory_equal(mat_row_bytes(&g, 0), mat_row_bytes(&m, 2), 3);
    assert_memory_equal(mat_row_bytes(&g, 2), mat_row_bytes(&m, 0), 3);
    g.bytes[0] = 9; /* a copy, not a view */
    assert_int_equal(m.bytes[6], 200);
    assert_int_equal(mat_copy(&c, &m, NULL), 0);
    assert_true(mat_is_bytes(&c));
    assert_memory_equal(c.bytes, m.bytes, 12);
    mat_truncate_rows(&c, 1);
    assert_int_equal(c.rows, 1);
    assert_memory_equal(c.bytes, m.bytes, 3);
    mat_free(&c);
    mat_free(&g);
    mat_free(&m);
    assert_false(mat_has_storage(&m));
}

static void test_mat_gemm_matches_naive_loops_for_every_transpose(void **state)
{
    (void)state;
    Rng rng;
    rng_seed(&rng, 7);
    /* op(A) is m x k, op(B) is k x n; odd sizes on purpose. */
    const int m = 5, k = 7, n = 3;
    const float alpha = 1.5f, beta = -0.5f;
    for (int combo = 0; combo < 4; combo++) {
        bool ta = combo & 1, tb = combo & 2;
        Mat A, B, C, start;
        assert_int_equal(mat_alloc(&A, ta ? k : m, ta ? m : k, NULL), 0);
        assert_int_equal(mat_alloc(&B, tb ? n : k, tb ? k : n, NULL), 0);
        assert_int_equal(mat_alloc(&C, m, n, NULL), 0);
        fill_random(&A, &rng);
        fill_random(&B, &rng);
        fill_random(&C, &rng);
        assert_int_equal(mat_copy(&start, &C, NULL), 0);
        mat_gemm(ta, tb, alpha, &A, &B, beta, &C);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double sum = 0.0;
                for (int p = 0; p < k; p++)
                    sum += (double)op_at(&A, ta, i, p) * op_at(&B, tb, p, j);
                double want = alpha * sum + beta * MAT_AT(&start, i, j);
                assert_near(MAT_AT(&C, i, j), want, 1e-5);
            }
        mat_free(&A);
        mat_free(&B);
        mat_free(&C);
        mat_free(&start);
    }
}

static void test_mat_gemm_with_empty_inner_dimension_scales_c(void **state)
{
    (void)state;
    /* A is 2 x 0, B is 0 x 3: the product is zero, so C = beta * C. */
    Mat A, B, C;
    assert_int_equal(mat_alloc(&A, 2, 0, NULL), 0);
    assert_int_equal(mat_alloc(&B, 0, 3, NULL), 0);
    assert_int_equal(mat_alloc(&C, 2, 3, NULL), 0);
    for (int i = 0; i < 6; i++)
        C.data[i] = 4.0f;
    mat_gemm(false, false, 1.0f, &A, &B, 0.5f, &C);
    for (int i = 0; i < 6; i++)
        assert_near(C.data[i], 2.0, 0);
    mat_free(&A);
    mat_free(&B);
    mat_free(&C);
}

static void test_mat_gemv_matches_naive_loops_both_ways(void **state)
{
    (void)state;
    Rng rng;
    rng_seed(&rng, 11);
    Mat A;
    assert_int_equal(mat_alloc(&A, 4, 6, NULL), 0);
    fill_random(&A, &rng);
    float x6[6], x4[4], y4[4], y6[6], y4_start[4], y6_start[6];
    for (int i = 0; i < 6; i++)
        x6[i] = y6[i] = y6_start[i] = (float)(i - 2);
    for (int i = 0; i < 4; i++)
        x4[i] = y4[i] = y4_start[i] = (float)(i * 0.5);
    /* y4 = 2 A x6 + 3 y4 */
    mat_gemv(false, 2.0f, &A, x6, 3.0f, y4);
    for (int i = 0; i < 4; i++) {
        double sum = 0.0;
        for (int j = 0; j < 6; j++)
            sum += (double)MAT_AT(&A, i, j) * x6[j];
        assert_near(y4[i], 2.0 * sum + 3.0 * y4_start[i], 1e-5);
    }
    /* y6 = -1 Aᵀ x4 + 0 y6 */
    mat_gemv(true, -1.0f, &A, x4, 0.0f, y6);
    for (int j = 0; j < 6; j++) {
        double sum = 0.0;
        for (int i = 0; i < 4; i++)
            sum += (double)MAT_AT(&A, i, j) * x4[i];
        assert_near(y6[j], -sum, 1e-5);
    }
    mat_free(&A);
}

static void test_mat_gemv_with_no_rows_scales_y(void **state)
{
    (void)state;
    /* Aᵀ x with A 0 x 3 is the zero vector: y = beta * y. */
    Mat A;
    assert_int_equal(mat_alloc(&A, 0, 3, NULL), 0);
    float y[3] = { 1, 2, 3 };
    mat_gemv(true, 1.0f, &A, NULL, 0.0f, y);
    for (int j = 0; j < 3; j++)
        assert_near(y[j], 0.0, 0);
    mat_free(&A);
}

static void test_mat_row_norms_and_dot(void **state)
{
    (void)state;
    float d[6] = { 3, 4, 0, /**/ 1, -2, 2 };
    Mat m = { .rows = 2, .cols = 3, .data = d };
    float norms[2];
    mat_row_sq_norms(&m, norms);
    assert_near(norms[0], 25.0, 0);
    assert_near(norms[1], 9.0, 0);
    assert_near(vec_dot(d, d + 3, 3), 3 - 8 + 0, 0);
    assert_near(vec_dot(d, d, 0), 0.0, 0);
}

/* ---- vector helpers, byte grids, the BLAS thread switch ------------------- */

static void test_vec_argmax_takes_the_first_of_equal_maxima(void **state)
{
    (void)state;
    const float v[] = { 0.5f, 2.0f, -1.0f, 2.0f };
    assert_int_equal(vec_argmax(v, 4), 1);
    assert_true(vec_max(v, 4) == 2.0f);
    const float one[] = { -3.0f };
    assert_int_equal(vec_argmax(one, 1), 0);
}

static void test_quantise_bytes_recognises_pixels_over_255(void **state)
{
    (void)state;
    const float v[] = { 0.0f, 1.0f / 255.0f, 128.0f / 255.0f, 1.0f };
    uint8_t q[4] = { 9, 9, 9, 9 };
    assert_true(quantise_bytes(v, 4, 255.0f, q));
    assert_int_equal(q[0], 0);
    assert_int_equal(q[1], 1);
    assert_int_equal(q[2], 128);
    assert_int_equal(q[3], 255);
    /* 0.3 is no byte over 255, and 256/255 is beyond the byte range. */
    const float off[] = { 0.0f, 0.3f };
    assert_false(quantise_bytes(off, 2, 255.0f, NULL));
    const float big[] = { 256.0f / 255.0f };
    assert_false(quantise_bytes(big, 1, 255.0f, NULL));
    /* The digits' grid: sixteenths. */
    const float sixteenths[] = { 0.0f, 0.0625f, 1.0f };
    assert_true(quantise_bytes(sixteenths, 3, 16.0f, NULL));
}

static void test_quantise_bytes_parallel_agrees_with_the_serial_pass(void **state)
{
    (void)state;
    size_t n = (1u << 20) + 77; /* above the parallel threshold */
    float *v = malloc(n * sizeof *v);
    uint8_t *a = malloc(n), *b = malloc(n);
    assert_non_null(v);
    assert_non_null(a);
    assert_non_null(b);
    for (size_t i = 0; i < n; i++)
        v[i] = (float)(i * 7 % 256) / 255.0f;
    assert_true(quantise_bytes(v, n, 255.0f, a));
    assert_true(quantise_bytes_parallel(v, n, 255.0f, b));
    assert_memory_equal(a, b, n);
    v[n - 1] = 0.5f; /* one value off the grid, at the very end */
    assert_false(quantise_bytes_parallel(v, n, 255.0f, NULL));
    free(v);
    free(a);
    free(b);
}

static void test_blas_serial_sections_nest_and_give_back_the_thread_count(void **state)
{
    (void)state;
    int before = openblas_get_num_threads();
    blas_serial_begin();
    assert_int_equal(openblas_get_num_threads(), 1);
    blas_serial_begin(); /* nested: still one thread */
    blas_serial_end();
    assert_int_equal(openblas_get_num_threads(), 1);
    blas_serial_end();
    assert_int_equal(openblas_get_num_threads(), before);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mat_alloc_is_zeroed_and_aligned),
        cmocka_unit_test(test_mat_copy_is_deep),
        cmocka_unit_test(test_mat_rows_view_shares_storage),
        cmocka_unit_test(test_mat_gather_rows_copies_listed_rows_in_order),
        cmocka_unit_test(test_mat_gemm_matches_naive_loops_for_every_transpose),
        cmocka_unit_test(test_mat_gemm_with_empty_inner_dimension_scales_c),
        cmocka_unit_test(test_mat_gemv_matches_naive_loops_both_ways),
        cmocka_unit_test(test_mat_gemv_with_no_rows_scales_y),
        cmocka_unit_test(test_mat_row_norms_and_dot),
        cmocka_unit_test(test_vec_argmax_takes_the_first_of_equal_maxima),
        cmocka_unit_test(test_quantise_bytes_recognises_pixels_over_255),
        cmocka_unit_test(test_quantise_bytes_parallel_agrees_with_the_serial_pass),
        cmocka_unit_test(test_blas_serial_sections_nest_and_give_back_the_thread_count),
        cmocka_unit_test(test_byte_mat_reads_the_floats_the_loader_makes),
        cmocka_unit_test(test_bytes_to_f32_paths_agree_with_the_division),
        cmocka_unit_test(test_byte_mat_views_gathers_and_copies_stay_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
