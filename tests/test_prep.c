/* test_prep.c - splits, folds, scalers, one-hot, polynomial features and
 * PCA, each on toy data with answers worked out by hand (or, where noted,
 * by scikit-learn 1.2 on the same data). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

/* ---- helpers ------------------------------------------------------------- */

/* Every row in exactly one part. */
static void assert_partition(const Split *s, int n)
{
    assert_int_equal(s->n_train + s->n_val + s->n_test, n);
    int *seen = calloc((size_t)n, sizeof *seen);
    assert_non_null(seen);
    for (int i = 0; i < s->n_train; i++)
        seen[s->train[i]]++;
    for (int i = 0; i < s->n_val; i++)
        seen[s->val[i]]++;
    for (int i = 0; i < s->n_test; i++)
        seen[s->test[i]]++;
    for (int i = 0; i < n; i++)
        assert_int_equal(seen[i], 1);
    free(seen);
}

static void count_classes(const int *rows, int m, const int *y, int *counts, int k)
{
    memset(counts, 0, (size_t)k * sizeof *counts);
    for (int i = 0; i < m; i++)
        counts[y[rows[i]]]++;
}

/* Labels with the class sizes of breast cancer: 357 benign (class 0) and
 * 212 malignant (class 1).  Only the counts matter to a stratified split. */
static int *breast_cancer_like_labels(void)
{
    int *y = malloc(569 * sizeof *y);
    for (int i = 0; i < 569; i++)
        y[i] = i < 212 ? 1 : 0;
    return y;
}

static Mat mat_of(int rows, int cols, const float *v)
{
    Mat m;
    assert_int_equal(mat_alloc(&m, rows, cols, NULL), 0);
    memcpy(m.data, v, (size_t)rows * cols * sizeof(float));
    return m;
}

/* ---- splits ------------------------------------------------------------- */

static void test_split_random_test_size_is_ceil_of_fraction(void **state)
{
    (void)state;
    struct {
        int n;
        double frac;
        int n_test;
    } cases[] = { { 569, 0.2, 114 }, { 10, 0.25, 3 }, { 10, 0.3, 3 }, { 3, 0.1, 1 },
                  { 70000, 0.2, 14000 }, { 2, 0.5, 1 } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        Rng rng;
        rng_seed(&rng, 42);
        Split s;
        Error err;
        assert_int_equal(split_random(cases[c].n, cases[c].frac, &rng, &s, &err), 0);
        assert_int_equal(s.n_test, cases[c].n_test);
        assert_int_equal(s.n_train, cases[c].n - cases[c].n_test);
        assert_int_equal(s.n_val, 0);
        assert_partition(&s, cases[c].n);
        split_free(&s);
    }
}

static void test_split_same_seed_same_rows(void **state)
{
    (void)state;
    Rng a, b, c;
    rng_seed(&a, 42);
    rng_seed(&b, 42);
    rng_seed(&c, 43);
    Split s1, s2, s3;
    assert_int_equal(split_random(100, 0.2, &a, &s1, NULL), 0);
    assert_int_equal(split_random(100, 0.2, &b, &s2, NULL), 0);
    assert_int_equal(split_random(100, 0.2, &c, &s3, NULL), 0);
    assert_memory_equal(s1.test, s2.test, 20 * sizeof(int));
    assert_memory_equal(s1.train, s2.train, 80 * sizeof(int));
    assert_memory_not_equal(s1.test, s3.test, 20 * sizeof(int));
    split_free(&s1);
    split_free(&s2);
    split_free(&s3);
}

static void test_split_rejects_bad_fractions_and_tiny_sets(void **state)
{
    (void)state;
    Rng rng;
    rng_seed(&rng, 1);
    Split s;
    Error err;
    double bad[] = { 0.0, 1.0, -0.2, 1.5, NAN };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        error_clear(&err);
        assert_int_equal(split_random(10, bad[i], &rng, &s, &err), -1);
        assert_int_equal(err.code, ERR_USAGE);
    }
    assert_int_equal(split_random(10, 1.5, &rng, &s, &err), -1);
    assert_string_equal(err.msg, "the test size must be between 0 and 1 (exclusive), got 1.5");
    assert_int_equal(split_random(1, 0.5, &rng, &s, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "1 row cannot be split into training and test parts");
    assert_int_equal(split_random(3, 0.9, &rng, &s, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "3 rows are too few: 3 test rows leave none for training");
    int y[3] = { 0, 1, 5 };
    assert_int_equal(split_stratified(y, 3, 2, 0.3, &rng, &s, &err), -1);
    assert_string_equal(err.msg, "row 2 has class 5, outside [0, 2)");
}

static void test_split_stratified_breast_cancer_gives_42_malignant_72_benign(void **state)
{
    (void)state;
    /* scikit-learn's train_test_split(test_size=0.2, stratify=y) takes 114
     * rows: 72 benign and 42 malignant.  Largest remainder gives the same:
     * 357 * 114 / 569 = 71.53 -> 72 and 212 * 114 / 569 = 42.47 -> 42. */
    int *y = breast_cancer_like_labels();
    Rng rng;
    rng_seed(&rng, 42);
    Split s;
    Error err;
    assert_int_equal(split_stratified(y, 569, 2, 0.2, &rng, &s, &err), 0);
    assert_int_equal(s.n_test, 114);
    assert_int_equal(s.n_train, 455);
    assert_partition(&s, 569);
    int counts[2];
    count_classes(s.test, s.n_test, y, counts, 2);
    assert_int_equal(counts[0], 72);
    assert_int_equal(counts[1], 42);
    count_classes(s.train, s.n_train, y, counts, 2);
    assert_int_equal(counts[0], 285);
    assert_int_equal(counts[1], 170);
    /* The parts are shuffled, not class after class. */
    int switches = 0;
    for (int i = 1; i < s.n_test; i++)
        switches += y[s.test[i]] != y[s.test[i - 1]];
    assert_true(switches > 10);
    split_free(&s);
    free(y);
}

static void test_split_stratified_keeps_a_training_row_of_every_class(void **state)
{
    (void)state;
    /* Class 1 has one row.  Its share of 5 test rows is 5/9 = 0.56, the
     * largest remainder, but taking it would leave no class-1 row to learn
     * from, so class 0 gives the 5th test row instead. */
    int y[9] = { 0, 0, 0, 0, 1, 0, 0, 0, 0 };
    Rng rng;
    rng_seed(&rng, 3);
    Split s;
    Error err;
    assert_int_equal(split_stratified(y, 9, 2, 0.5, &rng, &s, &err), 0);
    assert_int_equal(s.n_test, 5);
    int counts[2];
    count_classes(s.train, s.n_train, y, counts, 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[0], 3);
    split_free(&s);
}

static void test_split_three_iris_70_15_15(void **state)
{
    (void)state;
    /* 150 rows, 50 per class: test = ceil(22.5) = 23 (8, 8, 7: ties of the
     * remainder go to the lower class), validation = 23 shared out of the
     * remaining 42, 42, 43 (7.61, 7.61, 7.79 -> 8, 7, 8), training 104. */
    int y[150];
    for (int i = 0; i < 150; i++)
        y[i] = i / 50;
    Rng rng;
    rng_seed(&rng, 42);
    Split s;
    Error err;
    assert_int_equal(split_three(y, 150, 3, 0.15, 0.15, &rng, &s, &err), 0);
    assert_int_equal(s.n_test, 23);
    assert_int_equal(s.n_val, 23);
    assert_int_equal(s.n_train, 104);
    assert_partition(&s, 150);
    int c[3];
    count_classes(s.test, s.n_test, y, c, 3);
    assert_int_equal(c[0], 8);
    assert_int_equal(c[1], 8);
    assert_int_equal(c[2], 7);
    count_classes(s.val, s.n_val, y, c, 3);
    assert_int_equal(c[0], 8);
    assert_int_equal(c[1], 7);
    assert_int_equal(c[2], 8);
    count_classes(s.train, s.n_train, y, c, 3);
    assert_int_equal(c[0], 34);
    assert_int_equal(c[1], 35);
    assert_int_equal(c[2], 35);
    split_free(&s);

    /* Without labels: the same sizes, at random. */
    assert_int_equal(split_three(NULL, 150, 0, 0.15, 0.15, &rng, &s, &err), 0);
    assert_int_equal(s.n_val, 23);
    assert_partition(&s, 150);
    split_free(&s);
    assert_int_equal(split_three(y, 150, 3, 0.5, 0.5, &rng, &s, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

static void test_kfold_stratified_deals_each_class_round_the_folds(void **state)
{
    (void)state;
    /* 23 rows: 10 of class 0, 7 of class 1, 6 of class 2; 5 folds. */
    int y[23];
    for (int i = 0; i < 23; i++)
        y[i] = i < 10 ? 0 : i < 17 ? 1 : 2;
    int fold[23];
    Rng rng;
    rng_seed(&rng, 42);
    Error err;
    assert_int_equal(kfold_assign(y, 23, 3, 5, &rng, fold, &err), 0);
    int per[5][3] = { { 0 } }, size[5] = { 0 };
    for (int i = 0; i < 23; i++) {
        assert_true(fold[i] >= 0 && fold[i] < 5);
        per[fold[i]][y[i]]++;
        size[fold[i]]++;
    }
    /* class 0: 2 in every fold; class 1 (7): 2,2,1,1,1; sizes within one */
    for (int f = 0; f < 5; f++) {
        assert_int_equal(per[f][0], 2);
        assert_true(per[f][1] == 1 || per[f][1] == 2);
        assert_true(per[f][2] == 1 || per[f][2] == 2);
        assert_true(size[f] == 4 || size[f] == 5);
    }
    int total1 = 0;
    for (int f = 0; f < 5; f++)
        total1 += per[f][1];
    assert_int_equal(total1, 7);

    /* Unstratified: sizes within one. */
    assert_int_equal(kfold_assign(NULL, 23, 0, 4, &rng, fold, &err), 0);
    int sz[4] = { 0 };
    for (int i = 0; i < 23; i++)
        sz[fold[i]]++;
    assert_int_equal(sz[0], 6);
    assert_int_equal(sz[3], 5);

    assert_int_equal(kfold_assign(y, 23, 3, 1, &rng, fold, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(kfold_assign(y, 23, 3, 24, &rng, fold, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "23 rows cannot make 24 folds");
}

/* ---- scalers ------------------------------------------------------------- */

static void test_standard_scaler_uses_population_std_and_leaves_constants(void **state)
{
    (void)state;
    float v[] = { 1, 10, 2, 10, 3, 10, 4, 10 };
    Mat X = mat_of(4, 2, v);
    Scaler s;
    Error err;
    assert_int_equal(scaler_fit(&s, SCALE_STANDARD, &X, &err), 0);
    assert_int_equal(s.d, 2);
    assert_float_equal(s.shift[0], 2.5f, 1e-6);
    assert_float_equal(s.scale[0], sqrtf(1.25f), 1e-6); /* population: /n */
    assert_float_equal(s.shift[1], 10.0f, 0.0f);
    assert_float_equal(s.scale[1], 1.0f, 0.0f);         /* constant column */
    scaler_transform(&s, &X);
    assert_float_equal(MAT_AT(&X, 0, 0), -1.3416408f, 1e-6);
    assert_float_equal(MAT_AT(&X, 3, 0), 1.3416408f, 1e-6);
    assert_float_equal(MAT_AT(&X, 2, 1), 0.0f, 0.0f);
    scaler_inverse(&s, &X);
    for (int i = 0; i < 8; i++)
        assert_float_equal(X.data[i], v[i], 1e-6);
    scaler_free(&s);
    mat_free(&X);
}

static void test_standard_scaler_keeps_statistics_exact_on_long_columns(void **state)
{
    (void)state;
    /* Many rows of a large offset: the double sums keep the statistics
     * exact where float sums would drift. */
    enum { N = 60000 };
    Mat X;
    assert_int_equal(mat_alloc(&X, N, 1, NULL), 0);
    for (int i = 0; i < N; i++)
        X.data[i] = 1000.0f + (float)(i % 2); /* mean 1000.5, std 0.5 */
    Scaler s;
    assert_int_equal(scaler_fit(&s, SCALE_STANDARD, &X, NULL), 0);
    assert_float_equal(s.shift[0], 1000.5f, 0.0f);
    assert_float_equal(s.scale[0], 0.5f, 1e-7);
    scaler_free(&s);
    mat_free(&X);
}

static void test_standard_scaler_matches_sklearn_on_iris(void **state)
{
    (void)state;
    /* scikit-learn's StandardScaler on the four iris features. */
    const double mean[4] = { 5.84333333, 3.05733333, 3.758, 1.19933333 };
    const double scale[4] = { 0.82530129, 0.43441097, 1.75940407, 0.75969263 };
    Dataset ds;
    Error err;
    error_clear(&err);
    if (dataset_load(&ds, "iris", NULL, NULL, &err) != 0)
        print_error("%s\n", err.msg);
    assert_int_equal(err.code, ERR_NONE);
    Scaler s;
    assert_int_equal(scaler_fit(&s, SCALE_STANDARD, &ds.X, &err), 0);
    for (int j = 0; j < 4; j++) {
        assert_float_equal(s.shift[j], mean[j], 1e-6);
        assert_float_equal(s.scale[j], scale[j], 1e-6);
    }
    scaler_transform(&s, &ds.X);
    /* first flower, sepal length 5.1 */
    assert_float_equal(MAT_AT(&ds.X, 0, 0), (5.1 - mean[0]) / scale[0], 1e-5);
    scaler_free(&s);
    dataset_free(&ds);
}

static void test_minmax_scaler_maps_training_range_to_unit_interval(void **state)
{
    (void)state;
    float train_v[] = { 1, -1, 3, 0, 5, 1, 2, 7, 7, 7 };
    Mat train = mat_of(5, 2, train_v);
    train.rows = 3; /* fit on the first three rows only */
    Scaler s;
    assert_int_equal(scaler_fit(&s, SCALE_MINMAX, &train, NULL), 0);
    train.rows = 5;
    assert_float_equal(s.shift[0], 1.0f, 0.0f);
    assert_float_equal(s.scale[0], 4.0f, 0.0f);
    assert_float_equal(s.shift[1], -1.0f, 0.0f);
    assert_float_equal(s.scale[1], 2.0f, 0.0f);
    scaler_transform(&s, &train);
    assert_float_equal(MAT_AT(&train, 0, 0), 0.0f, 0.0f);
    assert_float_equal(MAT_AT(&train, 2, 0), 1.0f, 0.0f);
    assert_float_equal(MAT_AT(&train, 2, 1), 1.0f, 0.0f);
    assert_float_equal(MAT_AT(&train, 1, 1), 0.5f, 0.0f);
    /* rows the scaler never saw may fall outside [0, 1] */
    assert_float_equal(MAT_AT(&train, 3, 1), 4.0f, 0.0f);
    assert_float_equal(MAT_AT(&train, 4, 0), 1.5f, 0.0f);
    scaler_free(&s);

    float c[] = { 3, 3, 3 };
    Mat constant = mat_of(3, 1, c);
    assert_int_equal(scaler_fit(&s, SCALE_MINMAX, &constant, NULL), 0);
    scaler_transform(&s, &constant);
    assert_float_equal(constant.data[2], 0.0f, 0.0f);
    scaler_free(&s);
    mat_free(&constant);
    mat_free(&train);
}

/* Features near FLT_MAX: their range overflows a float, yet both scalers
 * still give finite values (min-max in [0, 1]). */
static void test_scalers_handle_values_near_float_max(void **state)
{
    (void)state;
    float v[] = { -3e38f, 0.0f, 3e38f, 1.5e38f };
    Mat X = mat_of(4, 1, v);
    Scaler s;
    assert_int_equal(scaler_fit(&s, SCALE_MINMAX, &X, NULL), 0);
    scaler_transform(&s, &X);
    assert_float_equal(X.data[0], 0.0f, 0.0f);
    assert_float_equal(X.data[1], 0.5f, 1e-6);
    assert_float_equal(X.data[2], 1.0f, 0.0f);
    assert_float_equal(X.data[3], 0.75f, 1e-6);
    scaler_inverse(&s, &X);
    assert_float_equal(X.data[2] / 3e38f, 1.0f, 1e-6);
    scaler_free(&s);
    mat_free(&X);

    Mat Y = mat_of(4, 1, v);
    assert_int_equal(scaler_fit(&s, SCALE_STANDARD, &Y, NULL), 0);
    scaler_transform(&s, &Y);
    for (int i = 0; i < 4; i++)
        assert_true(isfinite(Y.data[i]) && fabsf(Y.data[i]) < 3.0f);
    scaler_free(&s);
    mat_free(&Y);
}

static void test_scale_kind_names_round_trip(void **state)
{
    (void)state;
    ScaleKind k;
    const char *names[] = { "none", "standard", "minmax" };
    for (int i = 0; i < 3; i++) {
        assert_int_equal(scale_kind_parse(names[i], &k), 0);
        assert_string_equal(scale_kind_name(k), names[i]);
    }
    assert_int_equal(scale_kind_parse("zscore", &k), -1);
    assert_int_equal(scale_kind_parse(NULL, &k), -1);

    float v[] = { 1, 2 };
    Mat X = mat_of(2, 1, v);
    Scaler s;
    assert_int_equal(scaler_fit(&s, SCALE_NONE, &X, NULL), 0);
    scaler_transform(&s, &X);
    assert_float_equal(X.data[1], 2.0f, 0.0f);
    scaler_free(&s);
    Error err;
    X.rows = 0;
    assert_int_equal(scaler_fit(&s, SCALE_STANDARD, &X, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    mat_free(&X);
}

/* ---- features --------------------------------------------------------------- */

static void test_onehot_sets_one_column_per_row(void **state)
{
    (void)state;
    int y[3] = { 2, 0, 1 };
    Mat m;
    Error err;
    assert_int_equal(onehot(y, 3, 3, &m, &err), 0);
    float want[9] = { 0, 0, 1, 1, 0, 0, 0, 1, 0 };
    assert_memory_equal(m.data, want, sizeof want);
    mat_free(&m);
    int bad[2] = { 0, 3 };
    assert_int_equal(onehot(bad, 2, 3, &m, &err), -1);
    assert_string_equal(err.msg, "one-hot: row 1 has class 3, outside [0, 3)");
}

static void test_poly_features_in_graded_lexicographic_order(void **state)
{
    (void)state;
    /* scikit-learn's PolynomialFeatures(3, include_bias=False) on [2, 3, 5]:
     * x0 x1 x2, x0^2 x0x1 x0x2 x1^2 x1x2 x2^2, x0^3 x0^2x1 x0^2x2 x0x1^2
     * x0x1x2 x0x2^2 x1^3 x1^2x2 x1x2^2 x2^3 */
    float v[] = { 2, 3, 5, 1, 0, -1 };
    Mat X = mat_of(2, 3, v), P;
    Error err;
    assert_int_equal(poly_features(&X, 3, &P, &err), 0);
    assert_int_equal(P.cols, 19);
    assert_int_equal(poly_feature_count(3, 3), 19);
    float want[19] = { 2, 3, 5, 4, 6, 10, 9, 15, 25, 8, 12, 20, 18, 30, 50, 27, 45, 75, 125 };
    for (int j = 0; j < 19; j++)
        assert_float_equal(MAT_AT(&P, 0, j), want[j], 0.0f);
    /* second row [1, 0, -1]: x0 x2 = -1, x2^3 = -1, x0^2 x2 = -1 */
    assert_float_equal(MAT_AT(&P, 1, 5), -1.0f, 0.0f);
    assert_float_equal(MAT_AT(&P, 1, 11), -1.0f, 0.0f);
    assert_float_equal(MAT_AT(&P, 1, 18), -1.0f, 0.0f);
    assert_float_equal(MAT_AT(&P, 1, 14), 1.0f, 0.0f);
    mat_free(&P);
    mat_free(&X);

    float one[] = { 2 };
    X = mat_of(1, 1, one);
    assert_int_equal(poly_features(&X, 4, &P, &err), 0);
    float powers[4] = { 2, 4, 8, 16 };
    assert_memory_equal(P.data, powers, sizeof powers);
    mat_free(&P);
    mat_free(&X);
}

static void test_poly_feature_count_and_explosion_guard(void **state)
{
    (void)state;
    assert_int_equal(poly_feature_count(2, 1), 2);
    assert_int_equal(poly_feature_count(30, 2), 495); /* PCA 30 + degree 2 on MNIST */
    assert_int_equal(poly_feature_count(784, 2), 308504);
    assert_int_equal(poly_feature_count(784, 4), -1);
    assert_int_equal(poly_feature_count(0, 2), -1);
    Mat X, P;
    assert_int_equal(mat_alloc(&X, 1000, 784, NULL), 0);
    Error err;
    error_clear(&err);
    assert_int_equal(poly_features(&X, 2, &P, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg,
                        "polynomial features of degree 2 on 784 inputs make a 1000 x 308504 "
                        "matrix (over 100000000 values); lower the degree or reduce the inputs "
                        "first");
    assert_int_equal(poly_features(&X, 4, &P, &err), -1);
    assert_non_null(strstr(err.msg, "more than 1000000 columns"));
    assert_int_equal(poly_features(&X, 0, &P, &err), -1);
    mat_free(&X);
}

/* ---- PCA --------------------------------------------------------------------- */

static void test_pca_of_a_rotated_cross_matches_closed_form(void **state)
{
    (void)state;
    /* Points +-3u and +-v around (5, -2), u = (cos 30, sin 30), v = u turned
     * 90 degrees.  Scatter = 18 u u^T + 2 v v^T, covariance / (n - 1 = 3):
     * eigenvalues 6 and 2/3 with eigenvectors u and v (v = (-0.5, 0.866):
     * its largest entry is positive already). */
    double c = cos(M_PI / 6), s = sin(M_PI / 6);
    float v[8] = {
        (float)(5 + 3 * c), (float)(-2 + 3 * s), (float)(5 - 3 * c), (float)(-2 - 3 * s),
        (float)(5 - s),     (float)(-2 + c),     (float)(5 + s),     (float)(-2 - c),
    };
    Mat X = mat_of(4, 2, v);
    Pca p;
    Error err;
    assert_int_equal(pca_fit(&p, &X, 2, &err), 0);
    assert_float_equal(p.mean[0], 5.0f, 1e-6);
    assert_float_equal(p.mean[1], -2.0f, 1e-6);
    assert_float_equal(p.explained_var[0], 6.0f, 1e-5);
    assert_float_equal(p.explained_var[1], 2.0f / 3.0f, 1e-5);
    assert_float_equal(p.total_var, 6.0 + 2.0 / 3.0, 1e-5);
    assert_float_equal(MAT_AT(&p.components, 0, 0), (float)c, 1e-6);
    assert_float_equal(MAT_AT(&p.components, 0, 1), (float)s, 1e-6);
    assert_float_equal(MAT_AT(&p.components, 1, 0), (float)-s, 1e-6);
    assert_float_equal(MAT_AT(&p.components, 1, 1), (float)c, 1e-6);
    Mat Z;
    assert_int_equal(pca_transform(&p, &X, &Z, &err), 0);
    float want[8] = { 3, 0, -3, 0, 0, 1, 0, -1 };
    for (int i = 0; i < 8; i++)
        assert_float_equal(Z.data[i], want[i], 1e-5);
    mat_free(&Z);
    pca_free(&p);
    mat_free(&X);
}

static void test_pca_sign_rule_makes_largest_entry_positive(void **state)
{
    (void)state;
    /* The main direction is (-1, 0.2) up to sign: the rule picks (1, -0.2). */
    float v[] = { -10, 2, 10, -2, -5, 1.2f, 5, -1.2f, 0, 0.3f };
    Mat X = mat_of(5, 2, v);
    Pca p;
    assert_int_equal(pca_fit(&p, &X, 1, NULL), 0);
    assert_int_equal(p.k, 1);
    assert_true(MAT_AT(&p.components, 0, 0) > 0.9f);
    assert_true(MAT_AT(&p.components, 0, 1) < 0.0f);
    float norm = hypotf(MAT_AT(&p.components, 0, 0), MAT_AT(&p.components, 0, 1));
    assert_float_equal(norm, 1.0f, 1e-6);
    pca_free(&p);
    mat_free(&X);
}

static void test_pca_checks_its_arguments(void **state)
{
    (void)state;
    float v[] = { 1, 2, 3, 4, 5, 6 };
    Mat X = mat_of(3, 2, v);
    Pca p;
    Error err;
    assert_int_equal(pca_fit(&p, &X, 3, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "PCA components must be between 1 and 2 (got 3)");
    assert_int_equal(pca_fit(&p, &X, 0, &err), -1);
    X.rows = 1;
    assert_int_equal(pca_fit(&p, &X, 1, &err), -1);
    assert_string_equal(err.msg, "PCA needs at least 2 rows (got 1)");
    X.rows = 3;
    assert_int_equal(pca_fit(&p, &X, 1, &err), 0);
    Mat wrong = mat_of(2, 3, v), Z;
    assert_int_equal(pca_transform(&p, &wrong, &Z, &err), -1);
    assert_string_equal(err.msg, "PCA was fitted on 2 columns, not 3");
    pca_free(&p);
    mat_free(&wrong);
    mat_free(&X);
}

static void test_pca_on_digits_matches_sklearn_variances(void **state)
{
    (void)state;
    /* The bundled digits, pixels / 16: scikit-learn's PCA(2) gives
     * explained_variance_ [0.69924582, 0.63952245], total variance
     * 4.6958895, and |component 0| entries 0.2234288 (pixel 2) and
     * 0.2444517 (pixel 10). */
    Dataset ds;
    Error err;
    error_clear(&err);
    Rng rng;
    rng_seed(&rng, 1);
    if (dataset_load(&ds, "digits", NULL, &rng, &err) != 0)
        print_error("%s\n", err.msg);
    assert_int_equal(err.code, ERR_NONE);
    Pca p;
    assert_int_equal(pca_fit(&p, &ds.X, 2, &err), 0);
    assert_float_equal(p.explained_var[0], 0.69924582f, 1e-5);
    assert_float_equal(p.explained_var[1], 0.63952245f, 1e-5);
    assert_float_equal(p.total_var, 4.6958895, 1e-5);
    assert_float_equal(fabsf(MAT_AT(&p.components, 0, 2)), 0.2234288f, 1e-5);
    assert_float_equal(fabsf(MAT_AT(&p.components, 0, 10)), 0.2444517f, 1e-5);
    /* orthonormal rows */
    float d01 = 0, d00 = 0;
    for (int j = 0; j < 64; j++) {
        d01 += MAT_AT(&p.components, 0, j) * MAT_AT(&p.components, 1, j);
        d00 += MAT_AT(&p.components, 0, j) * MAT_AT(&p.components, 0, j);
    }
    assert_float_equal(d01, 0.0f, 1e-5);
    assert_float_equal(d00, 1.0f, 1e-5);
    /* The projection has the component variances. */
    Mat Z;
    assert_int_equal(pca_transform(&p, &ds.X, &Z, &err), 0);
    double m = 0, ss = 0;
    for (int i = 0; i < Z.rows; i++)
        m += MAT_AT(&Z, i, 0);
    m /= Z.rows;
    for (int i = 0; i < Z.rows; i++)
        ss += (MAT_AT(&Z, i, 0) - m) * (MAT_AT(&Z, i, 0) - m);
    assert_float_equal(m, 0.0, 1e-5);
    assert_float_equal(ss / (Z.rows - 1), 0.69924582, 1e-4);
    mat_free(&Z);
    pca_free(&p);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_random_test_size_is_ceil_of_fraction),
        cmocka_unit_test(test_split_same_seed_same_rows),
        cmocka_unit_test(test_split_rejects_bad_fractions_and_tiny_sets),
        cmocka_unit_test(test_split_stratified_breast_cancer_gives_42_malignant_72_benign),
        cmocka_unit_test(test_split_stratified_keeps_a_training_row_of_every_class),
        cmocka_unit_test(test_split_three_iris_70_15_15),
        cmocka_unit_test(test_kfold_stratified_deals_each_class_round_the_folds),
        cmocka_unit_test(test_standard_scaler_uses_population_std_and_leaves_constants),
        cmocka_unit_test(test_standard_scaler_keeps_statistics_exact_on_long_columns),
        cmocka_unit_test(test_standard_scaler_matches_sklearn_on_iris),
        cmocka_unit_test(test_minmax_scaler_maps_training_range_to_unit_interval),
        cmocka_unit_test(test_scalers_handle_values_near_float_max),
        cmocka_unit_test(test_scale_kind_names_round_trip),
        cmocka_unit_test(test_onehot_sets_one_column_per_row),
        cmocka_unit_test(test_poly_features_in_graded_lexicographic_order),
        cmocka_unit_test(test_poly_feature_count_and_explosion_guard),
        cmocka_unit_test(test_pca_of_a_rotated_cross_matches_closed_form),
        cmocka_unit_test(test_pca_sign_rule_makes_largest_entry_positive),
        cmocka_unit_test(test_pca_checks_its_arguments),
        cmocka_unit_test(test_pca_on_digits_matches_sklearn_variances),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
