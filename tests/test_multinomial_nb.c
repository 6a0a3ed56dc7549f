/* test_multinomial_nb.c - multinomial naive Bayes: word probabilities by
 * hand, priors, log-likelihoods and probabilities against scikit-learn's
 * MultinomialNB, the stepping contract (one class per step, predictions
 * before the first step, DONE sticky, cancellation), and bad input.
 *
 * Reference values from scikit-learn 1.2.1:
 *
 *   /usr/bin/python3 -c '
 *   import numpy as np; from sklearn.naive_bayes import MultinomialNB
 *   X = np.array([[2,1,0,0],[3,0,1,0],[0,2,0,1],[0,1,0,3],[1,0,4,0],[0,0,3,1],
 *                 [1,1,1,1]], dtype=float); y = np.array([0,0,1,1,2,2,0])
 *   T = np.array([[1,0,0,0],[0,0,0,2],[0,0,1,0],[0.5,0.25,0,0.1],[0,0,0,0]])
 *   for a in (1.0, 0.5):
 *       m = MultinomialNB(alpha=a).fit(X, y)
 *       print(m.class_log_prior_, m.feature_log_prob_, m.predict_proba(T), m.predict(T))
 *   m = MultinomialNB(fit_prior=False).fit(X, y); print(m.predict_proba(T[:2]))'
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "multinomial_nb.h"
#include "test_util.h"

static const float toy_x[] = { 2, 1, 0, 0, 3, 0, 1, 0, 0, 2, 0, 1, 0, 1, 0, 3,
                               1, 0, 4, 0, 0, 0, 3, 1, 1, 1, 1, 1 };
static const int toy_y[] = { 0, 0, 1, 1, 2, 2, 0 };
static const float toy_t[] = { 1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0.5f, 0.25f, 0, 0.1f,
                               0, 0, 0, 0 };

static const double sk_log_prior[3] = { -0.847297860387, -1.252762968495, -1.252762968495 };
static const double sk_log_prob_a1[12] = {
    -0.762140052047, -1.609437912434, -1.609437912434, -2.014903020542,
    -2.397895272798, -1.011600911678, -2.397895272798, -0.788457360364,
    -1.871802176902, -2.564949357462, -0.485507815782, -1.871802176902,
};
static const double sk_proba_a1[15] = {
    0.740932642487, 0.096225018505, 0.162842339008, 0.103782801664, 0.804102285617,
    0.092114912719, 0.298123697012, 0.090340514246, 0.611535788742, 0.590999095939,
    0.228280602602, 0.180720301460, 0.428571428571, 0.285714285714, 0.285714285714,
};
static const double sk_log_prob_a05[12] = {
    -0.693147180560, -1.648658625587, -1.648658625587, -2.159484249353,
    -2.890371757896, -0.944461608841, -2.890371757896, -0.693147180560,
    -1.992430164690, -3.091042453358, -0.382992252256, -1.992430164690,
};
static const double sk_proba_a05[15] = {
    0.796246648794, 0.058981233244, 0.144772117962, 0.069205838117, 0.866354566060,
    0.064439595823, 0.281196743041, 0.054156409771, 0.664646847188, 0.643626989531,
    0.197497300084, 0.158875710385, 0.428571428571, 0.285714285714, 0.285714285714,
};
static const int sk_pred[5] = { 0, 1, 2, 0, 0 };

/* ---------------------------------------------------------------- helpers */

static void toy(Dataset *ds)
{
    test_dataset_from_arrays(ds, toy_x, toy_y, 7, 4, 3);
}

static void *fit(const Dataset *ds, const char *kv, Trace *trace)
{
    const char *settings[] = { kv, NULL };
    void *m = test_create(&algo_multinomial_nb, ds, kv ? settings : NULL, 1);
    assert_int_equal(test_fit(&algo_multinomial_nb, m, ds, trace), ds->n_classes);
    return m;
}

/* Labels and probabilities of the five test rows against the expected ones. */
static void check_predictions(void *m, const double *proba)
{
    Mat t;
    assert_int_equal(mat_alloc(&t, 5, 4, NULL), 0);
    memcpy(t.data, toy_t, sizeof toy_t);
    int labels[5];
    float scores[15];
    Error err = { 0 };
    assert_int_equal(algo_multinomial_nb.predict(m, &t, labels, scores, &err), 0);
    for (int i = 0; i < 5; i++) {
        assert_int_equal(labels[i], sk_pred[i]);
        for (int c = 0; c < 3; c++)
            assert_near(scores[i * 3 + c], proba[i * 3 + c], 1e-6);
    }
    mat_free(&t);
}

/* ---------------------------------------------------------------- tests */

static void test_mnb_word_probabilities_match_hand_arithmetic(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = fit(&ds, NULL, NULL);
    /* Class 0 sums its rows to N = (6, 2, 2, 1), 11 in all; alpha 1 over 4
     * features: theta = (7, 3, 3, 2) / 15. */
    const double *count = mnb_feature_count(m), *lp = mnb_feature_log_prob(m);
    assert_near(count[0], 6.0, 1e-12);
    assert_near(count[3], 1.0, 1e-12);
    assert_near(lp[0], log(7.0 / 15.0), 1e-12);
    assert_near(lp[3], log(2.0 / 15.0), 1e-12);
    assert_near(mnb_class_log_prior(m)[0], log(3.0 / 7.0), 1e-12);
    assert_near(mnb_alpha(m), 1.0, 0.0);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_matches_scikit_learn_with_laplace_smoothing(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = fit(&ds, NULL, NULL);
    for (int c = 0; c < 3; c++)
        assert_near(mnb_class_log_prior(m)[c], sk_log_prior[c], 1e-9);
    for (int k = 0; k < 12; k++)
        assert_near(mnb_feature_log_prob(m)[k], sk_log_prob_a1[k], 1e-9);
    check_predictions(m, sk_proba_a1);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_matches_scikit_learn_with_lidstone_alpha(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = fit(&ds, "alpha=0.5", NULL);
    for (int k = 0; k < 12; k++)
        assert_near(mnb_feature_log_prob(m)[k], sk_log_prob_a05[k], 1e-9);
    check_predictions(m, sk_proba_a05);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_uniform_prior_matches_scikit_learn(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = fit(&ds, "fit_prior=false", NULL);
    Mat t = mat_rows_view(&(Mat){ .data = (float *)toy_t, .rows = 5, .cols = 4 }, 0, 2);
    int labels[2];
    float scores[6];
    assert_int_equal(algo_multinomial_nb.predict(m, &t, labels, scores, NULL), 0);
    const double expect[6] = { 0.655963302752, 0.127785058978, 0.216251638270,
                               0.071667830523, 0.832916418781, 0.095415750696 };
    for (int k = 0; k < 6; k++)
        assert_near(scores[k], expect[k], 1e-6);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_steps_one_class_each_and_predicts_priors_before(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = test_create(&algo_multinomial_nb, &ds, NULL, 1);
    int labels[7];
    float scores[21];
    /* Before any step the priors decide: class 0 (3 of 7 rows) everywhere. */
    assert_int_equal(algo_multinomial_nb.predict(m, &ds.X, labels, scores, NULL), 0);
    for (int i = 0; i < 7; i++) {
        assert_int_equal(labels[i], 0);
        assert_near(scores[i * 3 + 1], 2.0 / 7.0, 1e-6);
    }
    Trace tr;
    trace_init(&tr);
    Error err = { 0 };
    assert_int_equal(algo_multinomial_nb.step(m, &ds, &tr, &err), STEP_MORE);
    assert_int_equal(mnb_classes_done(m), 1);
    assert_non_null(strstr(tr.events[0].text, "class c0"));
    /* Only class 0 is known: every row goes to it. */
    assert_int_equal(algo_multinomial_nb.predict(m, &ds.X, labels, NULL, NULL), 0);
    assert_int_equal(labels[3], 0);
    assert_int_equal(algo_multinomial_nb.step(m, &ds, &tr, &err), STEP_MORE);
    assert_int_equal(algo_multinomial_nb.step(m, &ds, &tr, &err), STEP_DONE);
    int events = tr.count;
    assert_int_equal(algo_multinomial_nb.step(m, &ds, &tr, &err), STEP_DONE); /* sticky */
    assert_int_equal(tr.count, events);
    assert_int_equal(mnb_classes_done(m), 3);
    trace_free(&tr);
    algo_multinomial_nb.destroy(m);
    algo_multinomial_nb.destroy(NULL);
    dataset_free(&ds);
}

static void test_mnb_step_stops_when_cancelled(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = test_create(&algo_multinomial_nb, &ds, NULL, 1);
    Trace tr;
    trace_init(&tr);
    tr.cancel_requested = 1;
    Error err = { 0 };
    assert_int_equal(algo_multinomial_nb.step(m, &ds, &tr, &err), STEP_ERROR);
    assert_int_equal(err.code, ERR_CANCELLED);
    assert_int_equal(mnb_classes_done(m), 0);
    trace_free(&tr);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_probabilities_survive_long_documents(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = fit(&ds, NULL, NULL);
    /* 5000 words: each class's likelihood underflows a double (e^-4000). */
    float big[4] = { 2000, 1000, 1000, 1000 };
    Mat t = { .data = big, .rows = 1, .cols = 4 };
    int label;
    float p[3];
    assert_int_equal(algo_multinomial_nb.predict(m, &t, &label, p, NULL), 0);
    assert_true(isfinite(p[0]) && isfinite(p[1]) && isfinite(p[2]));
    assert_near(p[0] + p[1] + p[2], 1.0, 1e-6);
    assert_int_equal(label, 0);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_alpha_zero_is_clipped_so_unseen_words_do_not_veto(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    void *m = fit(&ds, "alpha=0", NULL);
    assert_near(mnb_alpha(m), 1e-10, 0.0);
    /* Class 1 (N = 0, 3, 0, 4) never has feature 0: log(1e-10 / (7 + 4e-10)), finite. */
    assert_near(mnb_feature_log_prob(m)[4], log(1e-10 / (7 + 4e-10)), 1e-9);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

static void test_mnb_rejects_negative_features_single_class_and_wrong_width(void **state)
{
    (void)state;
    Dataset ds;
    Error err = { 0 };
    float neg[] = { 1, 0, -0.5f, 2 };
    int two[] = { 0, 1 };
    test_dataset_from_arrays(&ds, neg, two, 2, 2, 2);
    assert_null(test_try_create(&algo_multinomial_nb, &ds, NULL, 1, &err));
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "non-negative"));
    dataset_free(&ds);
    int one[] = { 0, 0 };
    float pos[] = { 1, 0, 2, 1 };
    test_dataset_from_arrays(&ds, pos, one, 2, 2, 2);
    assert_null(test_try_create(&algo_multinomial_nb, &ds, NULL, 1, &err));
    assert_int_equal(err.code, ERR_DATA);
    dataset_free(&ds);
    toy(&ds);
    void *m = fit(&ds, NULL, NULL);
    Mat t = { .data = (float *)toy_t, .rows = 1, .cols = 3 };
    int label;
    assert_int_equal(algo_multinomial_nb.predict(m, &t, &label, NULL, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    algo_multinomial_nb.destroy(m);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mnb_word_probabilities_match_hand_arithmetic),
        cmocka_unit_test(test_mnb_matches_scikit_learn_with_laplace_smoothing),
        cmocka_unit_test(test_mnb_matches_scikit_learn_with_lidstone_alpha),
        cmocka_unit_test(test_mnb_uniform_prior_matches_scikit_learn),
        cmocka_unit_test(test_mnb_steps_one_class_each_and_predicts_priors_before),
        cmocka_unit_test(test_mnb_step_stops_when_cancelled),
        cmocka_unit_test(test_mnb_probabilities_survive_long_documents),
        cmocka_unit_test(test_mnb_alpha_zero_is_clipped_so_unseen_words_do_not_veto),
        cmocka_unit_test(test_mnb_rejects_negative_features_single_class_and_wrong_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
