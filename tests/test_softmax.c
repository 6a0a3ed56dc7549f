/* test_softmax.c - softmax as an operation (softmax.h): closed forms,
 * the naive form's overflow against the stable one, temperature limits,
 * log-softmax, cross-entropy and its gradient against finite differences.
 *
 * Reference values: /usr/bin/python3 -c "import numpy as np;
 * z=np.array([2,1,0.1]); p=np.exp(z)/np.exp(z).sum(); print(p, -np.log(p[0]),
 * -(p*np.log(p)).sum())"
 *   -> [0.65900114 0.24243297 0.09856589] 0.4170300162778335 0.8467381787602519 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "softmax.h"
#include "test_util.h"

static void test_softmax_of_2_1_0p1_matches_numpy(void **state)
{
    (void)state;
    double z[3] = { 2, 1, 0.1 }, p[3];
    assert_int_equal(softmax_stable(z, 3, 1.0, p), 0);
    assert_near(p[0], 0.65900114, 1e-8);
    assert_near(p[1], 0.24243297, 1e-8);
    assert_near(p[2], 0.09856589, 1e-8);
    assert_near(softmax_entropy(z, 3, 1.0), 0.8467381787602519, 1e-12);
    assert_near(softmax_cross_entropy(z, 3, 1.0, 0, NULL), 0.4170300162778335, 1e-12);
}

static void test_naive_overflows_on_1000_1001_and_stable_does_not(void **state)
{
    (void)state;
    double z[2] = { 1000, 1001 }, naive[2], p[2];
    assert_int_equal(softmax_naive(z, 2, 1.0, naive), 0);
    assert_false(isfinite(naive[0]));
    assert_false(isfinite(naive[1]));
    assert_int_equal(softmax_stable(z, 2, 1.0, p), 0);
    /* closed form: 1/(1+e) and e/(1+e) */
    assert_near(p[0], 1 / (1 + M_E), 1e-15);
    assert_near(p[1], M_E / (1 + M_E), 1e-15);
    assert_near(logsumexp(z, 2, 1.0), 1001 + log(1 + exp(-1)), 1e-12);
}

static void test_naive_and_stable_agree_on_moderate_logits(void **state)
{
    (void)state;
    double z[4] = { -3, 0.5, 2, 7 }, a[4], b[4];
    softmax_naive(z, 4, 1.0, a);
    softmax_stable(z, 4, 1.0, b);
    for (int i = 0; i < 4; i++)
        assert_near(a[i], b[i], 1e-15);
}

static void test_softmax_is_shift_invariant_and_sums_to_one(void **state)
{
    (void)state;
    double z[3] = { 2, 1, 0.1 }, s[3] = { 102, 101, 100.1 }, p[3], q[3];
    softmax_stable(z, 3, 1.0, p);
    softmax_stable(s, 3, 1.0, q);
    double sum = 0;
    for (int i = 0; i < 3; i++) {
        assert_near(p[i], q[i], 1e-14);
        sum += p[i];
    }
    assert_near(sum, 1.0, 1e-15);
}

static void test_temperature_limits_are_argmax_and_uniform(void **state)
{
    (void)state;
    double z[3] = { 2, 1, 0.1 }, p[3];
    softmax_stable(z, 3, 1e-3, p); /* T -> 0: one-hot on the largest */
    assert_near(p[0], 1.0, 1e-12);
    assert_near(p[1] + p[2], 0.0, 1e-12);
    softmax_stable(z, 3, 1e6, p); /* T -> inf: uniform */
    for (int i = 0; i < 3; i++)
        assert_near(p[i], 1.0 / 3, 1e-6);
    /* T scales the logits: softmax(z, 2) = softmax(z / 2, 1) */
    double h[3] = { 1, 0.5, 0.05 }, q[3];
    softmax_stable(z, 3, 2.0, p);
    softmax_stable(h, 3, 1.0, q);
    for (int i = 0; i < 3; i++)
        assert_near(p[i], q[i], 1e-15);
}

static void test_log_softmax_is_log_of_softmax(void **state)
{
    (void)state;
    double z[3] = { 2, 1, 0.1 }, p[3], lp[3];
    softmax_stable(z, 3, 0.7, p);
    log_softmax(z, 3, 0.7, lp);
    for (int i = 0; i < 3; i++)
        assert_near(lp[i], log(p[i]), 1e-14);
    /* stays finite where log(softmax) would give -inf */
    double big[2] = { 0, 2000 };
    log_softmax(big, 2, 1.0, lp);
    assert_near(lp[0], -2000, 1e-9);
}

static void test_cross_entropy_gradient_matches_finite_differences(void **state)
{
    (void)state;
    double z[4] = { 0.3, -1.2, 2.5, 0.9 }, g[4];
    const double temps[2] = { 1.0, 0.6 };
    for (int k = 0; k < 2; k++) {
        double T = temps[k];
        softmax_cross_entropy(z, 4, T, 2, g);
        for (int i = 0; i < 4; i++) {
            double zp[4], zm[4], h = 1e-6;
            for (int j = 0; j < 4; j++)
                zp[j] = zm[j] = z[j];
            zp[i] += h;
            zm[i] -= h;
            double fd = (softmax_cross_entropy(zp, 4, T, 2, NULL) -
                         softmax_cross_entropy(zm, 4, T, 2, NULL)) / (2 * h);
            assert_near(g[i], fd, 1e-8);
        }
    }
    /* at T = 1 the gradient is p - onehot */
    double p[4];
    softmax_stable(z, 4, 1.0, p);
    softmax_cross_entropy(z, 4, 1.0, 1, g);
    assert_near(g[1], p[1] - 1, 1e-15);
    assert_near(g[0], p[0], 1e-15);
}

static void test_bad_arguments_are_refused(void **state)
{
    (void)state;
    double z[2] = { 1, 2 }, p[2];
    assert_int_equal(softmax_stable(z, 2, 0.0, p), -1);
    assert_int_equal(softmax_stable(z, 0, 1.0, p), -1);
    assert_true(isnan(softmax_cross_entropy(z, 2, 1.0, 2, NULL)));
    assert_true(isnan(softmax_cross_entropy(z, 2, 1.0, -1, NULL)));
}

static void test_float_rows_match_the_double_softmax(void **state)
{
    (void)state;
    float rows[6] = { 2, 1, 0.1f, 1000, 1001, 999 };
    double a[3] = { 2, 1, 0.1 }, b[3] = { 1000, 1001, 999 }, pa[3], pb[3];
    softmax_rows_f(rows, 2, 3);
    softmax_stable(a, 3, 1.0, pa);
    softmax_stable(b, 3, 1.0, pb);
    for (int i = 0; i < 3; i++) {
        assert_near(rows[i], pa[i], 1e-6);
        assert_near(rows[3 + i], pb[i], 1e-6);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_softmax_of_2_1_0p1_matches_numpy),
        cmocka_unit_test(test_naive_overflows_on_1000_1001_and_stable_does_not),
        cmocka_unit_test(test_naive_and_stable_agree_on_moderate_logits),
        cmocka_unit_test(test_softmax_is_shift_invariant_and_sums_to_one),
        cmocka_unit_test(test_temperature_limits_are_argmax_and_uniform),
        cmocka_unit_test(test_log_softmax_is_log_of_softmax),
        cmocka_unit_test(test_cross_entropy_gradient_matches_finite_differences),
        cmocka_unit_test(test_bad_arguments_are_refused),
        cmocka_unit_test(test_float_rows_match_the_double_softmax),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
