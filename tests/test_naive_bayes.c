/* test_naive_bayes.c - Gaussian naive Bayes: statistics and log-likelihoods
 * against hand arithmetic, one class per step, probabilities that survive
 * underflow, predictions and probabilities against scikit-learn's GaussianNB
 * (iris, breast cancer, an MNIST subset; expected files made by
 * tests/data/naive_bayes_sklearn.py), and the breast-cancer floor. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "naive_bayes.h"
#include "test_util.h"

/* ---------------------------------------------------------------- helpers */

/* A model with one "key=value" setting, or the defaults; NULL, with err set,
 * when it is refused. */
static void *create(const Dataset *ds, const char *kv, Error *err)
{
    const char *settings[] = { kv, NULL };
    return test_try_create(&algo_naive_bayes, ds, settings, 1, err);
}

static void *fit(const Dataset *ds, const char *kv, Trace *trace)
{
    void *m = create(ds, kv, NULL);
    assert_non_null(m);
    int steps = test_fit(&algo_naive_bayes, m, ds, trace);
    assert_int_equal(steps, ds->n_classes); /* one class per step */
    return m;
}

/* Class 0: (1,2), (3,2), (2,5); class 1: (6,0), (8,4). */
static const float toy_x[] = { 1, 2, 6, 0, 3, 2, 8, 4, 2, 5 };
static const int toy_y[] = { 0, 1, 0, 1, 0 };

/* ------------------------------------------------------------ toy checks */

static void test_nb_statistics_match_hand_arithmetic(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, toy_x, toy_y, 5, 2, 2);
    /* Feature variances over all rows: 34/5 and 15.2/5; the largest is 6.8,
     * so var_smoothing 0.1 adds 0.68 to every variance. */
    void *m = fit(&ds, "var_smoothing=0.1", NULL);
    assert_float_equal(nb_epsilon(m), 0.68, 1e-9);
    const double *mu = nb_means(m), *var = nb_variances(m), *prior = nb_priors(m);
    assert_float_equal(prior[0], 0.6, 1e-12);
    assert_float_equal(prior[1], 0.4, 1e-12);
    assert_float_equal(mu[0], 2.0, 1e-9);
    assert_float_equal(mu[1], 3.0, 1e-9);
    assert_float_equal(mu[2], 7.0, 1e-9);
    assert_float_equal(mu[3], 2.0, 1e-9);
    assert_float_equal(var[0], 2.0 / 3.0 + 0.68, 1e-9); /* ((-1)^2 + 1^2 + 0) / 3 */
    assert_float_equal(var[1], 2.0 + 0.68, 1e-9);       /* (1 + 1 + 4) / 3 */
    assert_float_equal(var[2], 1.0 + 0.68, 1e-9);
    assert_float_equal(var[3], 4.0 + 0.68, 1e-9);
    algo_naive_bayes.destroy(m);
    dataset_free(&ds);
}

/* log N(x; mu, var) */
static double log_normal(double x, double mu, double var)
{
    return -0.5 * log(2.0 * M_PI * var) - 0.5 * (x - mu) * (x - mu) / var;
}

static void test_nb_log_likelihood_and_probabilities_by_hand(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, toy_x, toy_y, 5, 2, 2);
    void *m = fit(&ds, "var_smoothing=0.1", NULL);
    float x[] = { 4, 3 };
    Mat X = { .rows = 1, .cols = 2, .data = x };
    double jll[2];
    assert_int_equal(nb_joint_log_likelihood(m, &X, jll, NULL), 0);
    double j0 = log(0.6) + log_normal(4, 2, 2.0 / 3 + 0.68) + log_normal(3, 3, 2.68);
    double j1 = log(0.4) + log_normal(4, 7, 1.68) + log_normal(3, 2, 4.68);
    assert_float_equal(jll[0], j0, 1e-9);
    assert_float_equal(jll[1], j1, 1e-9);
    int label;
    float p[2];
    assert_int_equal(algo_naive_bayes.predict(m, &X, &label, p, NULL), 0);
    assert_int_equal(label, j0 > j1 ? 0 : 1);
    assert_float_equal(p[0], 1.0 / (1.0 + exp(j1 - j0)), 1e-6);
    assert_float_equal(p[0] + p[1], 1.0, 1e-6);
    algo_naive_bayes.destroy(m);
    dataset_free(&ds);
}

static void test_nb_probabilities_survive_underflow(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, toy_x, toy_y, 5, 2, 2);
    void *m = fit(&ds, NULL, NULL);
    /* Far away: each likelihood is below exp(-10^6); their ratio is not. */
    float x[] = { 3000, -2000 };
    Mat X = { .rows = 1, .cols = 2, .data = x };
    double jll[2];
    assert_int_equal(nb_joint_log_likelihood(m, &X, jll, NULL), 0);
    assert_true(jll[0] < -1e5 && jll[1] < -1e5);
    int label;
    float p[2];
    assert_int_equal(algo_naive_bayes.predict(m, &X, &label, p, NULL), 0);
    assert_true(isfinite(p[0]) && isfinite(p[1]));
    assert_float_equal(p[0] + p[1], 1.0, 1e-6);
    assert_int_equal(label, jll[0] > jll[1] ? 0 : 1);
    assert_float_equal(p[label], 1.0, 1e-6); /* the gap is huge */
    algo_naive_bayes.destroy(m);
    dataset_free(&ds);
}

static void test_nb_each_step_computes_one_class_and_traces_it(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, toy_x, toy_y, 5, 2, 2);
    void *m = create(&ds, NULL, NULL);
    Trace tr;
    trace_init(&tr);
    float x[] = { 2, 3 };
    Mat X = { .rows = 1, .cols = 2, .data = x };
    int label;
    float p[2];
    /* Before any step: the priors alone. */
    assert_int_equal(nb_classes_done(m), 0);
    assert_int_equal(algo_naive_bayes.predict(m, &X, &label, p, NULL), 0);
    assert_int_equal(label, 0);
    assert_float_equal(p[0], 0.6, 1e-6);
    assert_int_equal(algo_naive_bayes.step(m, &ds, &tr, NULL), STEP_MORE);
    assert_int_equal(nb_classes_done(m), 1);
    assert_string_equal(tr.events[0].text,
                        "class c0: prior 0.600 (3 rows), 2 means/variances, mean variance 1.33");
    assert_float_equal(trace_event_get(&tr.events[0], "prior"), 0.6, 1e-12);
    /* Only class 0 is known: it takes every prediction. */
    x[0] = 7;
    x[1] = 2;
    assert_int_equal(algo_naive_bayes.predict(m, &X, &label, p, NULL), 0);
    assert_int_equal(label, 0);
    assert_int_equal(algo_naive_bayes.step(m, &ds, &tr, NULL), STEP_DONE);
    assert_int_equal(algo_naive_bayes.predict(m, &X, &label, p, NULL), 0);
    assert_int_equal(label, 1); /* (7, 2) is class 1's mean */
    assert_int_equal(algo_naive_bayes.step(m, &ds, &tr, NULL), STEP_DONE);
    trace_free(&tr);
    algo_naive_bayes.destroy(m);
    dataset_free(&ds);
}

static void test_nb_rejects_a_training_set_with_one_class(void **state)
{
    (void)state;
    const int y[] = { 1, 1, 1, 1, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, toy_x, y, 5, 2, 2);
    Error err = { 0 };
    assert_null(create(&ds, NULL, &err));
    assert_int_equal(err.code, ERR_DATA);
    dataset_free(&ds);
}

/* -p priors replaces the class frequencies (0.6, 0.4 on the toy):
 *   GaussianNB(var_smoothing=0.1, priors=[0.2, 0.8]).fit(X, y)
 *   .predict_proba([[4, 3], [5, 2]]) -> [[0.575246, 0.424754],
 *   [0.034401, 0.965599]] (scikit-learn 1.2.1, X and y the toy below);
 * uniform is 0.5 each; a list of the wrong length or sum is refused. */
static void test_nb_given_priors_match_scikit_learn(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, toy_x, toy_y, 5, 2, 2);
    const char *kv[] = { "var_smoothing=0.1", "priors=0.2,0.8", NULL };
    void *m = test_create(&algo_naive_bayes, &ds, kv, 1);
    test_fit(&algo_naive_bayes, m, &ds, NULL);
    assert_float_equal(nb_priors(m)[1], 0.8, 1e-12);
    float x[] = { 4, 3, 5, 2 }, p[4];
    Mat X = { .rows = 2, .cols = 2, .data = x };
    int labels[2];
    assert_int_equal(algo_naive_bayes.predict(m, &X, labels, p, NULL), 0);
    assert_float_equal(p[0], 0.575246, 1e-5);
    assert_float_equal(p[2], 0.034401, 1e-5);
    assert_int_equal(labels[1], 1);
    algo_naive_bayes.destroy(m);
    m = fit(&ds, "priors=uniform", NULL);
    assert_float_equal(nb_priors(m)[0], 0.5, 1e-12);
    algo_naive_bayes.destroy(m);
    const char *bad[] = { "priors=0.5", "priors=0.5,0.6", "priors=0,1", "priors=a,b" };
    for (int i = 0; i < 4; i++) {
        Error err = { 0 };
        assert_null(create(&ds, bad[i], &err));
        assert_int_equal(err.code, ERR_USAGE);
        assert_non_null(strstr(err.msg, "priors"));
    }
    dataset_free(&ds);
}

/* ------------------------------------------------------- against sklearn */

/* Read predicted,p0,p1,... rows: pred[n], proba[n x k]. */
static void read_expected(const char *name, int n, int k, int *pred, double *proba)
{
    char line[4096];
    const char *path = test_data_file(name);
    FILE *f = fopen(path, "r");
    if (!f)
        fail_msg("cannot open %s (run tests/data/naive_bayes_sklearn.py)", path);
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    for (int i = 0; i < n; i++) {
        assert_non_null(fgets(line, sizeof line, f));
        char *s = line;
        pred[i] = (int)strtol(s, &s, 10);
        for (int c = 0; c < k; c++) {
            assert_int_equal(*s, ',');
            proba[(size_t)i * k + c] = strtod(s + 1, &s);
        }
    }
    fclose(f);
}

static void check_against_sklearn(const char *dataset, const char *expected)
{
    Dataset ds;
    test_load(&ds, dataset, 1);
    Error err = { 0 };
    int n = dataset_rows(&ds), k = ds.n_classes;
    int *want = malloc((size_t)n * sizeof *want), *got = malloc((size_t)n * sizeof *got);
    double *wp = malloc((size_t)n * k * sizeof *wp);
    float *gp = malloc((size_t)n * k * sizeof *gp);
    read_expected(expected, n, k, want, wp);
    void *m = fit(&ds, NULL, NULL);
    assert_int_equal(algo_naive_bayes.predict(m, &ds.X, got, gp, &err), 0);
    for (int i = 0; i < n; i++) {
        assert_int_equal(got[i], want[i]);
        for (int c = 0; c < k; c++)
            assert_float_equal(gp[(size_t)i * k + c], wp[(size_t)i * k + c], 1e-5);
    }
    algo_naive_bayes.destroy(m);
    free(want);
    free(got);
    free(wp);
    free(gp);
    dataset_free(&ds);
}

static void test_nb_matches_scikit_learn_on_iris(void **state)
{
    (void)state;
    check_against_sklearn("iris", "naive_bayes_iris_sklearn.csv");
}

static void test_nb_matches_scikit_learn_on_breast_cancer(void **state)
{
    (void)state;
    check_against_sklearn("breast_cancer", "naive_bayes_breast_cancer_sklearn.csv");
}

static void test_nb_matches_scikit_learn_on_an_mnist_subset(void **state)
{
    (void)state;
    Dataset tr, te;
    int nte = 1000;
    test_load_mnist_head(&tr, 10000, &te, nte);
    Error err = { 0 };
    int *want = malloc((size_t)nte * sizeof *want), *got = malloc((size_t)nte * sizeof *got);
    double *wp = malloc((size_t)nte * 10 * sizeof *wp);
    read_expected("naive_bayes_mnist_sklearn.csv", nte, 10, want, wp);
    void *m = fit(&tr, NULL, NULL);
    assert_int_equal(algo_naive_bayes.predict(m, &te.X, got, NULL, &err), 0);
    int agree = 0;
    for (int i = 0; i < nte; i++)
        agree += got[i] == want[i];
    double acc = metrics_accuracy(te.y, got, nte), sk = metrics_accuracy(te.y, want, nte);
    print_message("MNIST 10000/1000 naive Bayes accuracy %.4f (scikit-learn %.4f), "
                  "%d/%d predictions agree\n",
                  acc, sk, agree, nte);
    assert_true(agree >= nte * 99 / 100);
    assert_float_equal(acc, sk, 0.01);
    algo_naive_bayes.destroy(m);
    free(want);
    free(got);
    free(wp);
    dataset_free(&tr);
    dataset_free(&te);
}

static void test_nb_breast_cancer_within_two_points_of_scikit_learn(void **state)
{
    (void)state;
    Dataset tr, te;
    test_load_split(&tr, &te, "breast_cancer", algo_naive_bayes.default_scale);
    void *m = fit(&tr, NULL, NULL);
    double acc = test_accuracy(&algo_naive_bayes, m, &te);
    print_message("breast cancer naive Bayes accuracy %.4f (scikit-learn 0.9298)\n", acc);
    assert_true(acc >= 0.9298 - 0.02);
    algo_naive_bayes.destroy(m);
    dataset_free(&tr);
    dataset_free(&te);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nb_statistics_match_hand_arithmetic),
        cmocka_unit_test(test_nb_log_likelihood_and_probabilities_by_hand),
        cmocka_unit_test(test_nb_probabilities_survive_underflow),
        cmocka_unit_test(test_nb_each_step_computes_one_class_and_traces_it),
        cmocka_unit_test(test_nb_rejects_a_training_set_with_one_class),
        cmocka_unit_test(test_nb_given_priors_match_scikit_learn),
        cmocka_unit_test(test_nb_matches_scikit_learn_on_iris),
        cmocka_unit_test(test_nb_matches_scikit_learn_on_breast_cancer),
        cmocka_unit_test(test_nb_matches_scikit_learn_on_an_mnist_subset),
        cmocka_unit_test(test_nb_breast_cancer_within_two_points_of_scikit_learn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
