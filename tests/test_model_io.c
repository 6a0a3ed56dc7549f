/* test_model_io.c - saving and loading the models that are not networks
 * (algorithms/model_io.h): for every one, a model trained on a small set,
 * saved to a temporary file and loaded back predicts the same labels and
 * the same scores, bit for bit, on the test part; its float64 and integer
 * arrays round-trip bit for bit; and bad files (cut at every length: a
 * tree, a kernel SVM, k-NN, naive Bayes; a flipped byte; another
 * algorithm's file; a tree whose shape was altered under a valid checksum;
 * a chunk that is not an exact integer) and data of another shape give
 * clear errors. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "kmeans.h"
#include "knn.h"
#include "linreg.h"
#include "logreg.h"
#include "model_io.h"
#include "multinomial_nb.h"
#include "naive_bayes.h"
#include "nn_io.h"
#include "perceptron.h"
#include "random_forest.h"
#include "svm.h"
#include "test_util.h"

/* The bytes algo->save writes for model (scaler may be NULL). */
static unsigned char *save_bytes(const Algo *algo, const void *model, const Scaler *scaler,
                                 size_t *len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    Error err = { 0 };
    if (algo->save(model, scaler, f, &err) < 0)
        fail_msg("save %s: %s", algo->name, err.msg);
    long size = ftell(f);
    assert_true(size > 0);
    unsigned char *buf = malloc((size_t)size);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    fclose(f);
    *len = (size_t)size;
    return buf;
}

/* algo->load of the given bytes; NULL with err set on failure. */
static void *load_bytes(const Algo *algo, const unsigned char *buf, size_t len, Scaler *scaler,
                        Error *err)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    if (len)
        assert_int_equal(fwrite(buf, 1, len, f), len);
    rewind(f);
    Params p;
    assert_int_equal(params_init(&p, algo->params, NULL), 0);
    bool has_scaler = false;
    void *m = algo->load(f, &p, scaler, &has_scaler, err);
    params_free(&p);
    fclose(f);
    return m;
}

/* Labels and scores of model on X (scores n x width, width 1 for a
 * regressor); either may be NULL for a kind without it. */
static void predict(const Algo *algo, void *model, const Mat *X, int **labels, float **scores)
{
    int n = X->rows, width = 1;
    *labels = NULL;
    *scores = NULL;
    if (algo->kind != ALGO_REGRESSOR)
        *labels = calloc((size_t)n, sizeof **labels);
    if (algo->kind == ALGO_CLASSIFIER)
        width = 64; /* more than any test set's classes */
    if (algo->kind != ALGO_CLUSTERER)
        *scores = calloc((size_t)n * width, sizeof **scores);
    Error err = { 0 };
    if (algo->predict(model, X, *labels, *scores, &err) < 0)
        fail_msg("predict %s: %s", algo->name, err.msg);
}

/* Save model, load it back, and compare the predictions on test. */
static void assert_round_trip(const Algo *algo, void *model, const Dataset *test)
{
    size_t len;
    unsigned char *buf = save_bytes(algo, model, NULL, &len);
    Error err = { 0 };
    void *back = load_bytes(algo, buf, len, NULL, &err);
    if (!back)
        fail_msg("load %s: %s", algo->name, err.msg);
    assert_int_equal(algo->check_data(back, test, &err), 0);
    int *l1, *l2;
    float *s1, *s2;
    predict(algo, model, &test->X, &l1, &s1);
    predict(algo, back, &test->X, &l2, &s2);
    size_t n = (size_t)test->X.rows;
    if (l1)
        assert_memory_equal(l1, l2, n * sizeof *l1);
    if (s1) {
        size_t width = algo->kind == ALGO_CLASSIFIER ? (size_t)test->n_classes : 1;
        assert_memory_equal(s1, s2, n * width * sizeof *s1);
    }
    free(l1), free(l2), free(s1), free(s2);
    algo->destroy(back);
    free(buf);
}

/* algo trained with settings on the named set (standard scaling), saved,
 * loaded, compared. */
static void round_trip_on(const Algo *algo, const char *set, const char *const *settings)
{
    Dataset train, test;
    test_load_split(&train, &test, set, SCALE_STANDARD);
    void *m = test_train(algo, &train, settings, 7, NULL);
    assert_round_trip(algo, m, &test);
    algo->destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_logreg_binary_and_softmax_predict_the_same_after_loading(void **state)
{
    (void)state;
    const char *binary[] = { "threshold=0.3", NULL }, *softmax[] = { NULL };
    round_trip_on(&algo_logreg, "breast_cancer", binary);
    round_trip_on(&algo_logreg, "iris", softmax);
}

static void test_linreg_of_degree_one_and_three_predicts_the_same_after_loading(void **state)
{
    (void)state;
    const char *d1[] = { NULL }, *d3[] = { "degree=3", "l2=0.01", NULL };
    const char *gd[] = { "method=gd", "iters=50", NULL };
    round_trip_on(&algo_linreg, "diabetes", d1);
    round_trip_on(&algo_linreg, "diabetes", d3);
    round_trip_on(&algo_linreg, "diabetes", gd);
}

static void test_perceptron_and_svm_predict_the_same_after_loading(void **state)
{
    (void)state;
    const char *avg[] = { "average=false", NULL }, *none[] = { NULL };
    round_trip_on(&algo_perceptron, "breast_cancer", avg);
    round_trip_on(&algo_perceptron, "wine", none);
    round_trip_on(&algo_svm, "breast_cancer", none);
    round_trip_on(&algo_svm, "iris", none);
}

static void test_naive_bayes_both_kinds_predict_the_same_after_loading(void **state)
{
    (void)state;
    const char *none[] = { NULL };
    round_trip_on(&algo_naive_bayes, "wine", none);
    Dataset train, test; /* multinomial: counts, not scaled */
    test_load_split(&train, &test, "digits", SCALE_NONE);
    void *m = test_train(&algo_multinomial_nb, &train, none, 7, NULL);
    assert_round_trip(&algo_multinomial_nb, m, &test);
    algo_multinomial_nb.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

/* What a saved array must be: name, type, values, and for integers the
 * largest valid value (the smallest is 0). */
typedef struct ArrayWant {
    const char *name;
    MaType type;
    size_t count;
    int hi;
} ArrayWant;

/* The arrays of ma are those of want, in order (n of them). */
static void assert_arrays(const ModelArrays *ma, const ArrayWant *want, int n)
{
    assert_int_equal(ma->n, n);
    for (int i = 0; i < n; i++) {
        const ModelArray *a = &ma->a[i];
        assert_string_equal(a->name, want[i].name);
        assert_int_equal(a->type, want[i].type);
        assert_int_equal(a->count, want[i].count);
        if (a->type == MA_I32) {
            assert_int_equal(a->lo, 0);
            assert_int_equal(a->hi, want[i].hi);
        }
    }
}

/* The arrays of the file format (docs/model-format.md), in their order,
 * and where they lie: wine's 3 classes x 13 features (Gaussian), digits'
 * 10 x 64 (multinomial). */
static void test_naive_bayes_arrays_keep_their_names_order_sizes_and_ranges(void **state)
{
    (void)state;
    static const ArrayWant gauss[] = {
        { "count", MA_I32, 3, INT_MAX }, { "prior", MA_F64, 3, 0 },
        { "mean", MA_F64, 39, 0 },       { "var", MA_F64, 39, 0 },
        { "epsilon", MA_F64, 1, 0 },     { "var_smoothing", MA_F64, 1, 0 },
        { "done", MA_I32, 1, 3 },
    };
    static const ArrayWant multi[] = {
        { "count", MA_I32, 10, INT_MAX }, { "log_prior", MA_F64, 10, 0 },
        { "fcount", MA_F64, 640, 0 },     { "log_prob", MA_F64, 640, 0 },
        { "alpha", MA_F64, 1, 0 },        { "done", MA_I32, 1, 10 },
    };
    const char *none[] = { NULL };
    Dataset train, test, train2, test2;
    test_load_split(&train, &test, "wine", SCALE_STANDARD);
    test_load_split(&train2, &test2, "digits", SCALE_NONE);
    void *g = test_train(&algo_naive_bayes, &train, none, 7, NULL);
    void *mn = test_train(&algo_multinomial_nb, &train2, none, 7, NULL);
    ModelArrays ga = { 0 }, ma = { 0 };
    nb_io_arrays(g, &ga);
    mnb_io_arrays(mn, &ma);
    assert_arrays(&ga, gauss, 7);
    assert_arrays(&ma, multi, 6);
    assert_ptr_equal(ga.a[1].data, nb_priors(g));
    assert_ptr_equal(ga.a[3].data, nb_variances(g));
    assert_true(*(const double *)ga.a[4].data == nb_epsilon(g));
    assert_int_equal(*(const int *)ga.a[6].data, 3);
    assert_ptr_equal(ma.a[2].data, mnb_feature_count(mn));
    assert_ptr_equal(ma.a[3].data, mnb_feature_log_prob(mn));
    assert_true(*(const double *)ma.a[4].data == mnb_alpha(mn));
    assert_int_equal(*(const int *)ma.a[5].data, 10);
    algo_naive_bayes.destroy(g);
    algo_multinomial_nb.destroy(mn);
    dataset_free(&train), dataset_free(&test), dataset_free(&train2), dataset_free(&test2);
}

static void test_trees_and_forests_predict_the_same_after_loading(void **state)
{
    (void)state;
    const char *tree[] = { "criterion=entropy", "class_weight=balanced", NULL };
    const char *forest[] = { "n_trees=7", "n_jobs=1", "class_weight=balanced", NULL };
    round_trip_on(&algo_dtree, "breast_cancer", tree);
    round_trip_on(&algo_dtree, "iris", tree + 2);
    round_trip_on(&algo_random_forest, "wine", forest);
}

static void test_knn_on_floats_and_on_bytes_predicts_the_same_after_loading(void **state)
{
    (void)state;
    const char *dist[] = { "k=3", "weights=distance", NULL };
    const char *cosine[] = { "metric=cosine", NULL };
    round_trip_on(&algo_knn, "wine", dist);
    round_trip_on(&algo_knn, "iris", cosine);
    Dataset train, test; /* digits unscaled: byte rows in packed panels */
    test_load_split(&train, &test, "digits", SCALE_NONE);
    void *m = test_train(&algo_knn, &train, dist, 7, NULL);
    assert_non_null(strstr(knn_kernel_name(m), "uint8"));
    assert_round_trip(&algo_knn, m, &test);
    algo_knn.destroy(m);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_kmeans_predicts_the_nearest_saved_centroid(void **state)
{
    (void)state;
    const char *k3[] = { "k=3", "n_init=3", NULL };
    Dataset train, test;
    test_load_split(&train, &test, "iris", SCALE_STANDARD);
    void *m = test_train(&algo_kmeans, &train, k3, 7, NULL);
    assert_round_trip(&algo_kmeans, m, &test);
    size_t len;
    unsigned char *buf = save_bytes(&algo_kmeans, m, NULL, &len);
    Error err = { 0 };
    void *back = load_bytes(&algo_kmeans, buf, len, NULL, &err);
    assert_non_null(back);
    assert_memory_equal(kmeans_centroids(back), kmeans_centroids(m), 12 * sizeof(float));
    algo_kmeans.destroy(back);
    algo_kmeans.destroy(m);
    free(buf);
    dataset_free(&train);
    dataset_free(&test);
}

/* The arrays of a model file: float64 and integers kept bit for bit,
 * whatever their size, sign or exponent (the three-chunk encoding, and
 * the plain float32 one for small integers). */
static void test_float64_and_integer_arrays_round_trip_bit_for_bit(void **state)
{
    (void)state;
    double d[] = { 0.1, -0.0, 5e-324, 1.7976931348623157e308, -2.2250738585072014e-308, 1.0 / 3 };
    int big[] = { 2147483647, -2147483647 - 1, 16777217, -5, 0 };
    int small[] = { -16777216, 16777216, 3, -1 };
    float f[] = { 1.5f, -0.0f, 3.4028235e38f };
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "d", MA_F64, 6, d);
    model_arrays_add_ints(&ma, "big", 5, big, -2147483647 - 1, 2147483647);
    model_arrays_add_ints(&ma, "small", 4, small, -16777216, 16777216);
    model_arrays_add(&ma, "f", MA_F32, 3, f);
    FILE *file = tmpfile();
    Error err = { 0 };
    assert_int_equal(model_io_write(file, "kind=test\n", &ma, NULL, &err), 0);
    rewind(file);
    NnFile nf;
    assert_int_equal(nn_file_read(file, &nf, &err), 0);
    fclose(file);
    int dims[2] = { 0 };
    const float *x;
    dims[0] = 4; /* small integers: plain float32 values */
    assert_int_equal(nn_file_tensor(&nf, "small", 1, dims, &x, &err), 0);
    dims[0] = 5, dims[1] = 3; /* large ones: three chunks each */
    assert_int_equal(nn_file_tensor(&nf, "big", 2, dims, &x, &err), 0);
    double d2[6];
    int big2[5], small2[4];
    float f2[3];
    ModelArrays back = { 0 };
    model_arrays_add(&back, "d", MA_F64, 6, d2);
    model_arrays_add_ints(&back, "big", 5, big2, -2147483647 - 1, 2147483647);
    model_arrays_add_ints(&back, "small", 4, small2, -16777216, 16777216);
    model_arrays_add(&back, "f", MA_F32, 3, f2);
    assert_int_equal(model_io_fill(&nf, &back, &err), 0);
    assert_memory_equal(d2, d, sizeof d);
    assert_memory_equal(big2, big, sizeof big);
    assert_memory_equal(small2, small, sizeof small);
    assert_memory_equal(f2, f, sizeof f);
    back.a[2].hi = 3; /* a value beyond what the model allows */
    assert_int_equal(model_io_fill(&nf, &back, &err), -1);
    assert_non_null(strstr(err.msg, "small[1] = 16777216 is not an integer in [-16777216, 3]"));
    nn_file_free(&nf);
}

/* ---------------------------------------------------------------- bad files */

/* A small saved model of algo on 2-feature, 3-class data. */
static unsigned char *small_model(const Algo *algo, const char *const *settings, size_t *len)
{
    static const float X[] = { 0, 0, 1, 0, 2, 1, 3, 1, 0, 2, 1, 3, 2, 2, 3, 3, 4, 0 };
    static const int y[] = { 0, 0, 1, 1, 2, 2, 1, 2, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 9, 2, 3);
    void *m = test_train(algo, &ds, settings, 1, NULL);
    unsigned char *buf = save_bytes(algo, m, NULL, len);
    algo->destroy(m);
    dataset_free(&ds);
    return buf;
}

static unsigned char *small_tree(size_t *len)
{
    const char *none[] = { NULL };
    return small_model(&algo_dtree, none, len);
}

static void test_every_truncation_of_a_model_file_is_a_clear_error(void **state)
{
    (void)state;
    const Algo *algos[] = { &algo_dtree, &algo_svm, &algo_knn, &algo_naive_bayes };
    const char *settings[][2] = { { NULL }, { "kernel=rbf", NULL }, { "k=3", NULL }, { NULL } };
    for (int a = 0; a < 4; a++) {
        size_t len;
        unsigned char *buf = small_model(algos[a], settings[a], &len);
        for (size_t cut = 0; cut < len; cut++) {
            Error err = { 0 };
            void *back = load_bytes(algos[a], buf, cut, NULL, &err);
            if (back)
                fail_msg("a %s file cut to %zu of %zu bytes loaded", algos[a]->name, cut, len);
            assert_int_equal(err.code, ERR_DATA);
        }
        free(buf);
    }
}

static void test_a_flipped_byte_is_refused(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = small_tree(&len);
    for (size_t at = 12; at < len; at += 7) {
        buf[at] ^= 0x10;
        Error err = { 0 };
        void *back = load_bytes(&algo_dtree, buf, len, NULL, &err);
        if (back)
            fail_msg("a file with byte %zu flipped loaded", at);
        assert_int_equal(err.code, ERR_DATA);
        buf[at] ^= 0x10;
    }
    free(buf);
}

static void test_another_algorithms_file_names_both(void **state)
{
    (void)state;
    size_t len;
    unsigned char *buf = small_tree(&len);
    Error err = { 0 };
    assert_null(load_bytes(&algo_random_forest, buf, len, NULL, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "this file holds a saved dtree, not a random_forest");
    assert_null(load_bytes(&algo_knn, buf, len, NULL, &err));
    assert_string_equal(err.msg, "this file holds a saved dtree, not a knn");
    free(buf);
}

/* buf rewritten by nn_file_write after edit() changed its tensors: a valid
 * checksum over altered contents. */
static unsigned char *rewrite(const unsigned char *buf, size_t len, void (*edit)(NnFile *),
                              size_t *out_len)
{
    FILE *f = tmpfile();
    assert_int_equal(fwrite(buf, 1, len, f), len);
    rewind(f);
    NnFile nf;
    Error err = { 0 };
    assert_int_equal(nn_file_read(f, &nf, &err), 0);
    fclose(f);
    edit(&nf);
    f = tmpfile();
    assert_int_equal(nn_file_write(f, nf.header, nf.tensors, nf.n_tensors, NULL, &err), 0);
    nn_file_free(&nf);
    *out_len = (size_t)ftell(f);
    unsigned char *copy = malloc(*out_len);
    rewind(f);
    assert_int_equal(fread(copy, 1, *out_len, f), *out_len);
    fclose(f);
    return copy;
}

static NnTensor *tensor(NnFile *nf, const char *name)
{
    for (int i = 0; i < nf->n_tensors; i++)
        if (strcmp(nf->tensors[i].name, name) == 0)
            return &nf->tensors[i];
    fail_msg("no tensor %s", name);
    return NULL;
}

static void root_points_at_itself(NnFile *nf) { tensor(nf, "left")->data[0] = 0.0f; }
static void threshold_not_a_chunk(NnFile *nf) { tensor(nf, "threshold")->data[1] = 0.5f; }
static void feature_out_of_range(NnFile *nf) { tensor(nf, "feature")->data[0] = 2.0f; }

static void test_a_tree_altered_under_a_valid_checksum_is_refused(void **state)
{
    (void)state;
    void (*edits[])(NnFile *) = { root_points_at_itself, threshold_not_a_chunk,
                                  feature_out_of_range };
    const char *said[] = { "node 0 of tree 1", "not a valid encoded value", "feature[0] = 2" };
    size_t len;
    unsigned char *buf = small_tree(&len);
    for (int i = 0; i < 3; i++) {
        size_t blen;
        unsigned char *bad = rewrite(buf, len, edits[i], &blen);
        Error err = { 0 };
        assert_null(load_bytes(&algo_dtree, bad, blen, NULL, &err));
        assert_int_equal(err.code, ERR_DATA);
        if (!strstr(err.msg, said[i]))
            fail_msg("edit %d: \"%s\" does not say \"%s\"", i, err.msg, said[i]);
        free(bad);
    }
    free(buf);
}

static void test_data_of_another_shape_is_refused_with_both_sides(void **state)
{
    (void)state;
    Dataset train, test, wine;
    test_load_split(&train, &test, "iris", SCALE_STANDARD);
    test_load(&wine, "wine", 1);
    const char *none[] = { NULL };
    void *m = test_train(&algo_logreg, &train, none, 7, NULL);
    Error err = { 0 };
    assert_int_equal(algo_logreg.check_data(m, &wine, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "the saved logreg takes 4 features, the data has 13");
    algo_logreg.destroy(m);
    Dataset diabetes;
    test_load(&diabetes, "diabetes", 1);
    m = test_train(&algo_linreg, &diabetes, none, 7, NULL);
    assert_int_equal(algo_linreg.check_data(m, &train, &err), -1);
    assert_string_equal(err.msg, "the saved linreg predicts a number, the data has class labels");
    algo_linreg.destroy(m);
    dataset_free(&diabetes);
    dataset_free(&wine);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_the_scaler_is_saved_with_the_model(void **state)
{
    (void)state;
    Dataset train, test;
    test_load_split(&train, &test, "iris", SCALE_NONE);
    const char *none[] = { NULL };
    void *m = test_train(&algo_naive_bayes, &train, none, 7, NULL);
    double shift[4] = { 1, 2, 3, 4.5 }, scale[4] = { 0.5, 1, 2, 1e-3 };
    Scaler s = { SCALE_STANDARD, 4, shift, scale };
    size_t len;
    unsigned char *buf = save_bytes(&algo_naive_bayes, m, &s, &len);
    Scaler back_s = { 0 };
    Error err = { 0 };
    void *back = load_bytes(&algo_naive_bayes, buf, len, &back_s, &err);
    assert_non_null(back);
    assert_int_equal(back_s.kind, SCALE_STANDARD);
    assert_int_equal(back_s.d, 4);
    assert_memory_equal(back_s.shift, shift, sizeof shift);
    assert_memory_equal(back_s.scale, scale, sizeof scale);
    scaler_free(&back_s);
    algo_naive_bayes.destroy(back);
    algo_naive_bayes.destroy(m);
    free(buf);
    dataset_free(&train);
    dataset_free(&test);
}

static void test_a_kernel_svm_predicts_the_same_after_loading(void **state)
{
    (void)state;
    const char *rbf[] = { "kernel=rbf", NULL };
    const char *poly[] = { "kernel=poly", "degree=2", "coef0=1", "gamma=0.1", NULL };
    round_trip_on(&algo_svm, "iris", rbf);
    round_trip_on(&algo_svm, "breast_cancer", poly);
    round_trip_on(&algo_svm, "wine", rbf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_logreg_binary_and_softmax_predict_the_same_after_loading),
        cmocka_unit_test(test_linreg_of_degree_one_and_three_predicts_the_same_after_loading),
        cmocka_unit_test(test_perceptron_and_svm_predict_the_same_after_loading),
        cmocka_unit_test(test_naive_bayes_both_kinds_predict_the_same_after_loading),
        cmocka_unit_test(test_naive_bayes_arrays_keep_their_names_order_sizes_and_ranges),
        cmocka_unit_test(test_trees_and_forests_predict_the_same_after_loading),
        cmocka_unit_test(test_knn_on_floats_and_on_bytes_predicts_the_same_after_loading),
        cmocka_unit_test(test_kmeans_predicts_the_nearest_saved_centroid),
        cmocka_unit_test(test_float64_and_integer_arrays_round_trip_bit_for_bit),
        cmocka_unit_test(test_every_truncation_of_a_model_file_is_a_clear_error),
        cmocka_unit_test(test_a_flipped_byte_is_refused),
        cmocka_unit_test(test_another_algorithms_file_names_both),
        cmocka_unit_test(test_a_tree_altered_under_a_valid_checksum_is_refused),
        cmocka_unit_test(test_data_of_another_shape_is_refused_with_both_sides),
        cmocka_unit_test(test_the_scaler_is_saved_with_the_model),
        cmocka_unit_test(test_a_kernel_svm_predicts_the_same_after_loading),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
