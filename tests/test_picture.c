/* test_picture.c - the numbers the TUI's pictures are drawn from
 * (src/picture.c): signed scales, weight changes, shrunk images,
 * histograms, PCA restored rows, cumulative variance.
 * Every expected value is worked out by hand in the comments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"
#include "test_util.h"

static void test_abs_max_ignores_non_finite_values(void **state)
{
    (void)state;
    const float v[5] = { 0.5f, -2.25f, NAN, INFINITY, 1.0f };
    assert_near(pic_abs_max(v, 5), 2.25, 0);
    assert_near(pic_abs_max(v, 0), 0.0, 0);
    const float none[2] = { NAN, -INFINITY };
    assert_near(pic_abs_max(none, 2), 0.0, 0);
}

static void test_delta_is_now_minus_before_in_place_too(void **state)
{
    (void)state;
    float now[3] = { 1.0f, -0.5f, 2.0f };
    const float before[3] = { 0.25f, 0.5f, 2.0f };
    float out[3];
    pic_delta(now, before, 3, out);
    assert_near(out[0], 0.75, 0);
    assert_near(out[1], -1.0, 0);
    assert_near(out[2], 0.0, 0);
    pic_delta(now, before, 3, now);
    assert_near(now[0], 0.75, 0);
}

static void test_downsample_averages_blocks_and_clips_the_edge(void **state)
{
    (void)state;
    /* 3 x 3, f = 2: blocks {1,2,4,5} mean 3, {3,6} mean 4.5, {7,8} 7.5, {9} 9 */
    const float img[9] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    float out[4];
    int ow = 0, oh = 0;
    Error err;
    assert_int_equal(pic_downsample(img, 3, 3, 2, out, &ow, &oh, &err), 0);
    assert_int_equal(ow, 2);
    assert_int_equal(oh, 2);
    assert_near(out[0], 3.0, 1e-6);
    assert_near(out[1], 4.5, 1e-6);
    assert_near(out[2], 7.5, 1e-6);
    assert_near(out[3], 9.0, 1e-6);
    assert_int_equal(pic_downsample(img, 3, 3, 0, out, &ow, &oh, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

static void test_downsample_by_one_copies_and_skips_nan(void **state)
{
    (void)state;
    const float img[4] = { 0.25f, NAN, 1.0f, 0.0f };
    float out[4];
    int ow, oh;
    assert_int_equal(pic_downsample(img, 2, 2, 1, out, &ow, &oh, NULL), 0);
    assert_near(out[0], 0.25, 0);
    assert_near(out[1], 0.0, 0); /* no finite pixel in the block */
    assert_near(out[2], 1.0, 0);
    float one;
    assert_int_equal(pic_downsample(img, 2, 2, 2, &one, &ow, &oh, NULL), 0);
    assert_near(one, (0.25 + 1.0 + 0.0) / 3, 1e-6);
}

static void test_histograms_count_equal_bins_with_hi_in_the_last(void **state)
{
    (void)state;
    /* column 1: 0, 0.1, 0.5, 0.99, 1, NaN, 2 over [0, 1] in 4 bins:
     * [0, .25): 0, 0.1  [.25, .5): -  [.5, .75): 0.5  [.75, 1]: 0.99, 1.
     * column 0 over [8, 10]: six 9s in bin 2 ([9, 9.5)), the 11 in none. */
    const float X[14] = { 9, 0, 9, 0.1f, 9, 0.5f, 9, 0.99f, 9, 1, 9, NAN, 11, 2 };
    Mat m = { .rows = 7, .cols = 2, .data = (float *)X };
    const double lo[2] = { 8, 0 }, hi[2] = { 10, 1 };
    int counts[8];
    for (int i = 0; i < 8; i++)
        counts[i] = 7;
    assert_int_equal(pic_histograms(&m, lo, hi, 4, counts), 6 + 5);
    const int want[8] = { 0, 0, 6, 0, 2, 0, 1, 2 };
    for (int i = 0; i < 8; i++)
        assert_int_equal(counts[i], want[i]);
    assert_int_equal(pic_histograms(&m, lo, hi, 0, counts), -1);
}

static void test_histograms_of_a_constant_column_fill_bin_zero(void **state)
{
    (void)state;
    const float X[3] = { 3, 3, 3 };
    Mat m = { .rows = 3, .cols = 1, .data = (float *)X };
    const double lo = 3.0, hi = 3.0;
    int counts[5];
    assert_int_equal(pic_histograms(&m, &lo, &hi, 5, counts), 3);
    assert_int_equal(counts[0], 3);
    assert_int_equal(counts[4], 0);
}

/* A byte-backed X (mat.h, values q / s) counts as the floats it stands for:
 * bytes 0, 64, 128, 255 with s = 255 are 0, 0.251, 0.502, 1 over [0, 1] in
 * 4 bins: one value in each of bins 0, 1, 2 and 3 (1 = hi in the last);
 * column 1 (bytes 255 each) over [0, 0.5]: none counted. */
static void test_histograms_of_a_byte_backed_matrix_count_its_floats(void **state)
{
    (void)state;
    Mat m;
    Error err;
    assert_int_equal(mat_alloc_bytes(&m, 4, 2, 255.0f, &err), 0);
    const uint8_t q[8] = { 0, 255, 64, 255, 128, 255, 255, 255 };
    memcpy(m.bytes, q, sizeof q);
    const double lo[2] = { 0, 0 }, hi[2] = { 1, 0.5 };
    int counts[8];
    assert_int_equal(pic_histograms(&m, lo, hi, 4, counts), 4);
    const int want[8] = { 1, 1, 1, 1, 0, 0, 0, 0 };
    for (int i = 0; i < 8; i++)
        assert_int_equal(counts[i], want[i]);
    mat_free(&m);
}

/* Rows (2, 0), (0, 1), (-2, 0), (0, -1): mean 0, covariance diag(8/3, 2/3),
 * so PC1 = +-(1, 0) and PC2 = +-(0, 1).  On one component each row keeps
 * its first coordinate: (2, 0), (0, 0), (-2, 0), (0, 0); on both it is
 * restored exactly. */
static void test_pca_restore_keeps_the_first_component_only(void **state)
{
    (void)state;
    const float X[8] = { 2, 0, 0, 1, -2, 0, 0, -1 };
    Mat m = { .rows = 4, .cols = 2, .data = (float *)X };
    Pca p;
    Error err;
    assert_int_equal(pca_fit(&p, &m, 2, &err), 0);
    Mat out;
    assert_int_equal(pic_pca_restore(&p, 1, &m, &out, &err), 0);
    const double want1[8] = { 2, 0, 0, 0, -2, 0, 0, 0 };
    for (int i = 0; i < 8; i++)
        assert_near(out.data[i], want1[i], 1e-5);
    mat_free(&out);
    assert_int_equal(pic_pca_restore(&p, 2, &m, &out, &err), 0);
    for (int i = 0; i < 8; i++)
        assert_near(out.data[i], X[i], 1e-5);
    mat_free(&out);
    assert_int_equal(pic_pca_restore(&p, 3, &m, &out, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    pca_free(&p);
}

/* A mean away from 0: rows (11, 5), (9, 5), (10, 7), (10, 3): mean (10, 5),
 * deviations (1,0), (-1,0), (0,2), (0,-2): covariance diag(2/3, 8/3), PC1 =
 * +-(0, 1).  One component: (10, 5), (10, 5), (10, 7), (10, 3). */
static void test_pca_restore_adds_the_mean_back(void **state)
{
    (void)state;
    const float X[8] = { 11, 5, 9, 5, 10, 7, 10, 3 };
    Mat m = { .rows = 4, .cols = 2, .data = (float *)X };
    Pca p;
    assert_int_equal(pca_fit(&p, &m, 1, NULL), 0);
    Mat out;
    assert_int_equal(pic_pca_restore(&p, 1, &m, &out, NULL), 0);
    const double want[8] = { 10, 5, 10, 5, 10, 7, 10, 3 };
    for (int i = 0; i < 8; i++)
        assert_near(out.data[i], want[i], 1e-5);
    mat_free(&out);
    pca_free(&p);
}

static void test_cumulative_variance_fractions(void **state)
{
    (void)state;
    const float ev[3] = { 5, 3, 1 };
    double out[3];
    pic_cumulative(ev, 3, 10.0, out);
    assert_near(out[0], 0.5, 1e-15);
    assert_near(out[1], 0.8, 1e-15);
    assert_near(out[2], 0.9, 1e-15);
    pic_cumulative(ev, 1, 0.0, out);
    assert_true(isnan(out[0]));
}

static void test_components_for_a_share_of_the_variance(void **state)
{
    (void)state;
    const double cum[3] = { 0.5, 0.8, 0.9 };
    assert_int_equal(pic_components_for(cum, 3, 0.5), 1);
    assert_int_equal(pic_components_for(cum, 3, 0.75), 2);
    assert_int_equal(pic_components_for(cum, 3, 0.9), 3);
    assert_int_equal(pic_components_for(cum, 3, 0.95), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_abs_max_ignores_non_finite_values),
        cmocka_unit_test(test_delta_is_now_minus_before_in_place_too),
        cmocka_unit_test(test_downsample_averages_blocks_and_clips_the_edge),
        cmocka_unit_test(test_downsample_by_one_copies_and_skips_nan),
        cmocka_unit_test(test_histograms_count_equal_bins_with_hi_in_the_last),
        cmocka_unit_test(test_histograms_of_a_constant_column_fill_bin_zero),
        cmocka_unit_test(test_pca_restore_keeps_the_first_component_only),
        cmocka_unit_test(test_histograms_of_a_byte_backed_matrix_count_its_floats),
        cmocka_unit_test(test_pca_restore_adds_the_mean_back),
        cmocka_unit_test(test_cumulative_variance_fractions),
        cmocka_unit_test(test_components_for_a_share_of_the_variance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
