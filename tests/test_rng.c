/* test_rng.c - the seeded generator: reference outputs, reproducibility,
 * ranges and rough uniformity, the normal's moments, shuffles. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "rng.h"

/* Pearson's chi-square of observed counts against equal expected counts. */
static double chi_square_uniform(const long *counts, int bins, long draws)
{
    double expected = (double)draws / bins, chi = 0.0;
    for (int i = 0; i < bins; i++)
        chi += (counts[i] - expected) * (counts[i] - expected) / expected;
    return chi;
}

static void test_rng_matches_reference_xoshiro_and_splitmix(void **state)
{
    (void)state;
    /* xoshiro256** from the state {1, 2, 3, 4}: the reference outputs. */
    Rng r = { { 1, 2, 3, 4 } };
    assert_true(rng_u64(&r) == 11520ULL);
    assert_true(rng_u64(&r) == 0ULL);
    assert_true(rng_u64(&r) == 1509978240ULL);
    assert_true(rng_u64(&r) == 1215971899390074240ULL);
    /* Seeding fills the state with splitmix64(0), the first outputs of
     * which are known. */
    rng_seed(&r, 0);
    assert_true(r.s[0] == 0xe220a8397b1dcdafULL);
    assert_true(r.s[1] == 0x6e789e6aa1b965f4ULL);
    assert_true(r.s[2] == 0x06c45d188009454fULL);
    assert_true(r.s[3] == 0xf88bb8a8724c81ecULL);
}

static void test_rng_same_seed_gives_same_stream(void **state)
{
    (void)state;
    Rng a, b, c;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    rng_seed(&c, 43);
    int differ = 0;
    for (int i = 0; i < 1000; i++) {
        uint64_t x = rng_u64(&a), y = rng_u64(&b), z = rng_u64(&c);
        assert_true(x == y);
        differ += x != z;
    }
    assert_int_equal(differ, 1000);
    /* The derived generators are reproducible too. */
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    Rng ca = rng_split(&a), cb = rng_split(&b);
    for (int i = 0; i < 100; i++)
        assert_true(rng_normal(&ca) == rng_normal(&cb));
    /* and differ from their parent */
    assert_true(rng_u64(&ca) != rng_u64(&a));
}

static void test_rng_uniform_stays_in_unit_interval(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 1);
    double sum = 0.0;
    const int n = 100000;
    for (int i = 0; i < n; i++) {
        double u = rng_uniform(&r);
        assert_true(u >= 0.0 && u < 1.0);
        sum += u;
    }
    /* mean 1/2, standard error 1/sqrt(12 n) ~ 0.0009 */
    assert_true(fabs(sum / n - 0.5) < 0.005);
}

static void test_rng_below_is_in_range_and_roughly_uniform(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 2024);
    enum { BINS = 10 };
    long counts[BINS] = { 0 };
    const long draws = 100000;
    for (long i = 0; i < draws; i++) {
        uint32_t v = rng_below(&r, BINS);
        assert_true(v < BINS);
        counts[v]++;
    }
    /* chi-square with 9 degrees of freedom: the 99.9% point is 27.9 */
    assert_true(chi_square_uniform(counts, BINS, draws) < 40.0);

    for (int i = 0; i < 100; i++)
        assert_int_equal(rng_below(&r, 1), 0);
    /* A range near 2^32 shows modulo bias plainly: with (x % n) the values
     * below 2^32 - n = 1.29e9 would come twice as often, and the lower half
     * would get 65% of the draws instead of 50%. */
    const uint32_t big = 3000000000u;
    long lower_half = 0;
    for (int i = 0; i < 20000; i++) {
        uint32_t v = rng_below(&r, big);
        assert_true(v < big);
        lower_half += v < big / 2;
    }
    assert_true(fabs(lower_half / 20000.0 - 0.5) < 0.02);
}

static void test_rng_normal_has_mean_zero_and_unit_variance(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 99);
    const int n = 100000;
    double sum = 0.0, sq = 0.0;
    int beyond_two = 0;
    for (int i = 0; i < n; i++) {
        double z = rng_normal(&r);
        assert_true(isfinite(z));
        sum += z;
        sq += z * z;
        beyond_two += fabs(z) > 2.0;
    }
    double mean = sum / n, var = sq / n - mean * mean;
    /* standard errors: 0.003 for the mean, 0.0045 for the variance */
    assert_true(fabs(mean) < 0.02);
    assert_true(fabs(var - 1.0) < 0.03);
    /* P(|Z| > 2) = 0.0455 */
    assert_true(fabs((double)beyond_two / n - 0.0455) < 0.005);
}

static void test_rng_shuffle_is_a_permutation(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 5);
    enum { N = 100 };
    int a[N], seen[N] = { 0 };
    rng_permutation(&r, a, N);
    int moved = 0;
    for (int i = 0; i < N; i++) {
        assert_true(a[i] >= 0 && a[i] < N);
        seen[a[i]]++;
        moved += a[i] != i;
    }
    for (int i = 0; i < N; i++)
        assert_int_equal(seen[i], 1);
    assert_true(moved > N / 2);
    /* shuffling keeps the multiset of values */
    int b[6] = { 7, 7, 1, 2, 3, 3 }, sum = 0;
    rng_shuffle(&r, b, 6);
    int sevens = 0;
    for (int i = 0; i < 6; i++) {
        sum += b[i];
        sevens += b[i] == 7;
    }
    assert_int_equal(sum, 23);
    assert_int_equal(sevens, 2);
    rng_shuffle(&r, b, 0); /* empty and single arrays are fine */
    rng_shuffle(&r, b, 1);
}

static void test_rng_shuffle_gives_every_order_equally_often(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 8);
    long counts[6] = { 0 };
    const long draws = 60000;
    for (long i = 0; i < draws; i++) {
        int a[3];
        rng_permutation(&r, a, 3);
        /* index of the order among the 3! = 6: first element, then whether
         * the other two are swapped */
        counts[a[0] * 2 + (a[1] > a[2])]++;
    }
    /* chi-square with 5 degrees of freedom: the 99.9% point is 20.5 */
    assert_true(chi_square_uniform(counts, 6, draws) < 30.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rng_matches_reference_xoshiro_and_splitmix),
        cmocka_unit_test(test_rng_same_seed_gives_same_stream),
        cmocka_unit_test(test_rng_uniform_stays_in_unit_interval),
        cmocka_unit_test(test_rng_below_is_in_range_and_roughly_uniform),
        cmocka_unit_test(test_rng_normal_has_mean_zero_and_unit_variance),
        cmocka_unit_test(test_rng_shuffle_is_a_permutation),
        cmocka_unit_test(test_rng_shuffle_gives_every_order_equally_often),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
