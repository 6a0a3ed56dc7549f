/* test_plane.c - the plane the run screen draws data of more than two
 * features on (src/plane.c): two features with the others at their means,
 * or the first two principal components.  Expected values by hand. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plane.h"
#include "test_util.h"

/* Rows (1, 10, 100), (3, 20, 300): means (2, 15, 200). */
static const float X3[6] = { 1, 10, 100, 3, 20, 300 };

static void test_features_plane_holds_the_others_at_their_means(void **state)
{
    (void)state;
    Mat m = { .rows = 2, .cols = 3, .data = (float *)X3 };
    Plane p;
    assert_int_equal(plane_fit(&p, PLANE_FEATURES, &m, 2, 0, 0, NULL), 0);
    float row[3];
    plane_lift(&p, 7.0, -1.0, row);
    assert_near(row[0], -1.0, 0); /* fy = 0 */
    assert_near(row[1], 15.0, 1e-6); /* the mean */
    assert_near(row[2], 7.0, 0);  /* fx = 2 */
    double x, y;
    plane_project(&p, X3 + 3, &x, &y);
    assert_near(x, 300.0, 0);
    assert_near(y, 3.0, 0);
    plane_free(&p);
}

static void test_features_plane_refuses_bad_axes(void **state)
{
    (void)state;
    Mat m = { .rows = 2, .cols = 3, .data = (float *)X3 };
    Plane p;
    Error err;
    assert_int_equal(plane_fit(&p, PLANE_FEATURES, &m, 1, 1, 0, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(plane_fit(&p, PLANE_FEATURES, &m, 0, 3, 0, &err), -1);
    Mat one = { .rows = 1, .cols = 3, .data = (float *)X3 };
    assert_int_equal(plane_fit(&p, PLANE_PCA, &one, 0, 0, 0, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
}

/* Rows on the line (t, 2t, 0) plus a smaller spread along (0, 0, 1):
 * (-2,-4,0), (2,4,0), (0,0,1), (0,0,-1), mean 0.  PC1 = +-(1,2,0)/sqrt 5
 * (variance 40/3), PC2 = +-(0,0,1) (variance 2/3), the only other direction
 * has none: the two keep all of it. */
static void test_pca_plane_finds_the_spread_and_round_trips(void **state)
{
    (void)state;
    const float X[12] = { -2, -4, 0, 2, 4, 0, 0, 0, 1, 0, 0, -1 };
    Mat m = { .rows = 4, .cols = 3, .data = (float *)X };
    Plane p;
    assert_int_equal(plane_fit(&p, PLANE_PCA, &m, 0, 0, 2000, NULL), 0);
    assert_near(fabs(p.u[0]), 1 / sqrt(5.0), 1e-5);
    assert_near(fabs(p.u[1]), 2 / sqrt(5.0), 1e-5);
    assert_near(fabs(p.v[2]), 1.0, 1e-5);
    assert_near(p.explained, 1.0, 1e-5);
    double x, y;
    plane_project(&p, X + 3, &x, &y); /* (2, 4, 0): |x| = sqrt 20 */
    assert_near(fabs(x), sqrt(20.0), 1e-4);
    assert_near(y, 0.0, 1e-5);
    float row[3];
    plane_lift(&p, 1.5, -0.5, row);
    plane_project(&p, row, &x, &y);
    assert_near(x, 1.5, 1e-5);
    assert_near(y, -0.5, 1e-5);
    plane_lift(&p, 0.0, 0.0, row); /* the mean */
    for (int j = 0; j < 3; j++)
        assert_near(row[j], 0.0, 1e-6);
    plane_free(&p);
}

/* A byte-backed X (mat.h, values q / s) gives the plane of its floats.
 * Bytes (2, 20, 200), (6, 40, 250) with s = 2 are (1, 10, 100), (3, 20, 125):
 * means (2, 15, 112.5).  Bytes (0,0,1), (4,8,1), (2,4,2), (2,4,0) with s = 1
 * are the spread of the test above moved by (2, 4, 1): the same PC1 and PC2,
 * the mean (2, 4, 1) at the origin. */
static void test_planes_of_a_byte_backed_matrix_are_those_of_its_floats(void **state)
{
    (void)state;
    Mat m;
    Error err;
    assert_int_equal(mat_alloc_bytes(&m, 2, 3, 2.0f, &err), 0);
    const uint8_t q[6] = { 2, 20, 200, 6, 40, 250 };
    memcpy(m.bytes, q, sizeof q);
    Plane p;
    assert_int_equal(plane_fit(&p, PLANE_FEATURES, &m, 2, 0, 0, NULL), 0);
    float row[3];
    plane_lift(&p, 7.0, -1.0, row);
    assert_near(row[1], 15.0, 1e-6);
    plane_free(&p);
    mat_free(&m);
    assert_int_equal(mat_alloc_bytes(&m, 4, 3, 1.0f, &err), 0);
    const uint8_t r[12] = { 0, 0, 1, 4, 8, 1, 2, 4, 2, 2, 4, 0 };
    memcpy(m.bytes, r, sizeof r);
    assert_int_equal(plane_fit(&p, PLANE_PCA, &m, 0, 0, 2000, NULL), 0);
    assert_near(fabs(p.u[0]), 1 / sqrt(5.0), 1e-5);
    assert_near(fabs(p.u[1]), 2 / sqrt(5.0), 1e-5);
    assert_near(fabs(p.v[2]), 1.0, 1e-5);
    assert_near(p.explained, 1.0, 1e-5);
    double x, y;
    const float mean[3] = { 2, 4, 1 };
    plane_project(&p, mean, &x, &y);
    assert_near(x, 0.0, 1e-5);
    assert_near(y, 0.0, 1e-5);
    plane_free(&p);
    mat_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_features_plane_holds_the_others_at_their_means),
        cmocka_unit_test(test_features_plane_refuses_bad_axes),
        cmocka_unit_test(test_pca_plane_finds_the_spread_and_round_trips),
        cmocka_unit_test(test_planes_of_a_byte_backed_matrix_are_those_of_its_floats),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
