/* test_synth.c - the generated datasets: their shapes, the geometry each is
 * named for, and that one seed gives the same points bit for bit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "synth.h"

static void make(Dataset *ds, const char *name, int n, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    Error err;
    error_clear(&err);
    int rc = synth_make(ds, name, n, &rng, &err);
    if (rc != 0)
        print_error("%s: %s\n", name, err.msg);
    assert_int_equal(rc, 0);
}

static double radius(const Dataset *ds, int i, double cx, double cy)
{
    return hypot(MAT_AT(&ds->X, i, 0) - cx, MAT_AT(&ds->X, i, 1) - cy);
}

static void test_synth_sets_have_their_default_shapes(void **state)
{
    (void)state;
    struct {
        const char *name;
        int rows, classes;
    } sets[] = { { "blobs", 300, 3 }, { "moons", 200, 2 }, { "circles", 200, 2 },
                 { "xor", 200, 2 },   { "spiral", 200, 2 } };
    for (size_t s = 0; s < sizeof sets / sizeof sets[0]; s++) {
        Dataset ds;
        make(&ds, sets[s].name, 0, 42);
        assert_string_equal(ds.name, sets[s].name);
        assert_int_equal(dataset_rows(&ds), sets[s].rows);
        assert_int_equal(dataset_cols(&ds), 2);
        assert_string_equal(ds.feature_names[0], "x1");
        assert_string_equal(ds.feature_names[1], "x2");
        assert_true(ds.has_target);
        assert_int_equal(ds.n_classes, sets[s].classes);
        assert_string_equal(ds.class_names[1], "1");
        assert_null(ds.target);
        int counts[3];
        dataset_class_counts(&ds, counts);
        for (int c = 0; c < sets[s].classes; c++)
            assert_int_equal(counts[c], sets[s].rows / sets[s].classes);
        for (size_t i = 0; i < mat_size(&ds.X); i++)
            assert_true(isfinite(ds.X.data[i]));
        dataset_free(&ds);
    }
}

static void test_synth_same_seed_same_bits_other_seed_other_points(void **state)
{
    (void)state;
    const char *names[] = { "blobs", "moons", "circles", "xor", "spiral", "quadratic" };
    for (size_t s = 0; s < sizeof names / sizeof names[0]; s++) {
        Dataset a, b, c;
        make(&a, names[s], 0, 42);
        make(&b, names[s], 0, 42);
        make(&c, names[s], 0, 43);
        size_t bytes = mat_size(&a.X) * sizeof(float);
        assert_memory_equal(a.X.data, b.X.data, bytes);
        if (a.target) {
            assert_memory_equal(a.target, b.target, (size_t)dataset_rows(&a) * sizeof(float));
            assert_memory_not_equal(a.target, c.target, (size_t)dataset_rows(&a) * sizeof(float));
        } else {
            assert_memory_equal(a.y, b.y, (size_t)dataset_rows(&a) * sizeof(int));
            assert_memory_not_equal(a.X.data, c.X.data, bytes);
        }
        dataset_free(&a);
        dataset_free(&b);
        dataset_free(&c);
    }
}

static void test_synth_blobs_are_three_unit_clusters_around_a_circle(void **state)
{
    (void)state;
    Dataset ds;
    make(&ds, "blobs", 0, 42);
    for (int c = 0; c < 3; c++) {
        double angle = M_PI / 2 + c * 2.0 * M_PI / 3;
        double cx = 4 * cos(angle), cy = 4 * sin(angle);
        double sx = 0, sy = 0, ss = 0;
        int m = 0;
        for (int i = 0; i < dataset_rows(&ds); i++)
            if (ds.y[i] == c) {
                sx += MAT_AT(&ds.X, i, 0);
                sy += MAT_AT(&ds.X, i, 1);
                double r = radius(&ds, i, cx, cy);
                ss += r * r;
                m++;
            }
        /* 100 points of N(centre, I): the mean is within 0.3 of the centre
         * and the mean squared distance near 2 (two unit variances). */
        assert_float_equal(sx / m, cx, 0.3);
        assert_float_equal(sy / m, cy, 0.3);
        assert_float_equal(ss / m, 2.0, 0.5);
    }
    dataset_free(&ds);
}

static void test_synth_moons_and_circles_lie_on_their_curves(void **state)
{
    (void)state;
    Dataset ds;
    make(&ds, "moons", 0, 42);
    double dev[2] = { 0, 0 };
    for (int i = 0; i < 200; i++) {
        /* outer moon: unit circle about (0, 0), upper half; inner: about (1, 0.5), lower */
        int c = ds.y[i];
        double r = c == 0 ? radius(&ds, i, 0, 0) : radius(&ds, i, 1, 0.5);
        dev[c] += fabs(r - 1.0);
    }
    assert_true(dev[0] / 100 < 0.15);
    assert_true(dev[1] / 100 < 0.15);
    /* Noise 0.1 is really there: the points are not exactly on the curve. */
    assert_true(dev[0] / 100 > 0.02);
    dataset_free(&ds);

    make(&ds, "circles", 0, 42);
    double mean_r[2] = { 0, 0 };
    for (int i = 0; i < 200; i++)
        mean_r[ds.y[i]] += radius(&ds, i, 0, 0) / 100;
    assert_float_equal(mean_r[0], 1.0, 0.03);
    assert_float_equal(mean_r[1], 0.5, 0.03);
    dataset_free(&ds);
}

static void test_synth_xor_labels_are_sign_disagreement(void **state)
{
    (void)state;
    Dataset ds;
    make(&ds, "xor", 0, 42);
    for (int i = 0; i < dataset_rows(&ds); i++) {
        float x = MAT_AT(&ds.X, i, 0), y = MAT_AT(&ds.X, i, 1);
        assert_true(x >= -1 && x <= 1 && y >= -1 && y <= 1);
        assert_int_equal(ds.y[i], (x > 0) != (y > 0));
    }
    dataset_free(&ds);
}

static void test_synth_spiral_arms_mirror_each_other(void **state)
{
    (void)state;
    Dataset ds;
    make(&ds, "spiral", 0, 42);
    /* Point k of arm 1 is point k of arm 0 turned half a turn, plus noise
     * of 0.04 per coordinate on each. */
    double worst = 0;
    for (int k = 0; k < 100; k++) {
        int a = 2 * k, b = 2 * k + 1;
        assert_int_equal(ds.y[a], 0);
        assert_int_equal(ds.y[b], 1);
        double dx = MAT_AT(&ds.X, a, 0) + MAT_AT(&ds.X, b, 0);
        double dy = MAT_AT(&ds.X, a, 1) + MAT_AT(&ds.X, b, 1);
        worst = fmax(worst, hypot(dx, dy));
    }
    assert_true(worst < 0.4);
    /* The arms reach out to radius about 1. */
    assert_float_equal(radius(&ds, 198, 0, 0), 1.0, 0.2);
    dataset_free(&ds);
}

static void test_synth_quadratic_is_thirty_noisy_points_of_x_squared(void **state)
{
    (void)state;
    Dataset ds;
    make(&ds, "quadratic", 0, 42);
    assert_int_equal(dataset_rows(&ds), 30);
    assert_int_equal(dataset_cols(&ds), 1);
    assert_string_equal(ds.feature_names[0], "x");
    assert_string_equal(ds.target_name, "y");
    assert_null(ds.y);
    assert_int_equal(ds.n_classes, 0);
    /* x = linspace(-3, 3, 30); y = x^2 + 2 N(0, 1), drawn in order. */
    Rng rng;
    rng_seed(&rng, 42);
    for (int i = 0; i < 30; i++) {
        double x = -3.0 + 6.0 * i / 29.0;
        assert_float_equal(MAT_AT(&ds.X, i, 0), (float)x, 1e-6);
        double y = x * x + 2.0 * rng_normal(&rng);
        assert_float_equal(ds.target[i], (float)y, 1e-5);
    }
    assert_float_equal(MAT_AT(&ds.X, 0, 0), -3.0f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 29, 0), 3.0f, 0.0f);
    dataset_free(&ds);
}

static void test_synth_size_can_be_chosen_and_names_are_checked(void **state)
{
    (void)state;
    Dataset ds;
    make(&ds, "moons", 51, 1);
    assert_int_equal(dataset_rows(&ds), 51);
    int counts[2];
    dataset_class_counts(&ds, counts);
    assert_int_equal(counts[0], 26);
    assert_int_equal(counts[1], 25);
    dataset_free(&ds);

    assert_true(synth_is_name("spiral"));
    assert_false(synth_is_name("iris"));
    assert_false(synth_is_name(NULL));
    Error err;
    error_clear(&err);
    assert_int_equal(synth_make(&ds, "nosuch", 0, NULL, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "unknown generated dataset 'nosuch'");
    assert_int_equal(synth_make(&ds, "blobs", 2, NULL, &err), -1);
    assert_string_equal(err.msg, "blobs needs at least 3 points (got 2)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_synth_sets_have_their_default_shapes),
        cmocka_unit_test(test_synth_same_seed_same_bits_other_seed_other_points),
        cmocka_unit_test(test_synth_blobs_are_three_unit_clusters_around_a_circle),
        cmocka_unit_test(test_synth_moons_and_circles_lie_on_their_curves),
        cmocka_unit_test(test_synth_xor_labels_are_sign_disagreement),
        cmocka_unit_test(test_synth_spiral_arms_mirror_each_other),
        cmocka_unit_test(test_synth_quadratic_is_thirty_noisy_points_of_x_squared),
        cmocka_unit_test(test_synth_size_can_be_chosen_and_names_are_checked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
