/* test_metrics.c - classification, regression and clustering metrics.
 *
 * The worked examples come from REFERENCE.md; the other expected numbers
 * were computed once with scikit-learn 1.2 (sklearn.metrics) and are pinned
 * here, so the tests need no Python. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "test_util.h"

#define TOL 1e-12

/* Expand a k x k confusion matrix into label arrays (rows true, columns
 * predicted).  Returns the sample count; the arrays are malloc'ed. */
static int labels_from_confusion(const int *cm, int k, int **y_true, int **y_pred)
{
    int n = 0;
    for (int i = 0; i < k * k; i++)
        n += cm[i];
    *y_true = malloc((size_t)n * sizeof **y_true);
    *y_pred = malloc((size_t)n * sizeof **y_pred);
    assert_non_null(*y_true);
    assert_non_null(*y_pred);
    int at = 0;
    for (int t = 0; t < k; t++)
        for (int p = 0; p < k; p++)
            for (int c = 0; c < cm[t * k + p]; c++) {
                (*y_true)[at] = t;
                (*y_pred)[at] = p;
                at++;
            }
    return n;
}

/* ---- REFERENCE.md worked examples ---------------------------------------- */

static void test_metrics_patients_example_gives_accuracy_085(void **state)
{
    (void)state;
    /* 100 patients: TP 50, FN 10, FP 5, TN 35. */
    BinaryCounts b = metrics_binary_from_counts(50, 5, 35, 10);
    assert_int_equal(b.tp, 50);
    assert_int_equal(b.fn, 10);
    assert_near(b.accuracy, 0.85, TOL);
    assert_near(b.precision, 50.0 / 55.0, TOL);
    assert_near(b.recall, 50.0 / 60.0, TOL);
    assert_near(b.specificity, 35.0 / 40.0, TOL);
    /* F1 = 2TP / (2TP + FP + FN) = 100 / 115 */
    assert_near(b.f1, 100.0 / 115.0, TOL);
}

static void test_metrics_f1_matches_worked_example(void **state)
{
    (void)state;
    /* P 0.90 and R 0.75 -> F1 = 2PR/(P+R) = 1.35/1.65 = 0.8181...;
     * TP 45, FP 5, FN 15 gives exactly those P and R. */
    BinaryCounts b = metrics_binary_from_counts(45, 5, 40, 15);
    assert_near(b.precision, 0.90, TOL);
    assert_near(b.recall, 0.75, TOL);
    assert_near(b.f1, 9.0 / 11.0, TOL);
    assert_true(fabs(b.f1 - 0.818) < 5e-4);
}

static void test_metrics_report_of_binary_patients_matches_counts(void **state)
{
    (void)state;
    /* Class 1 is positive: rows true (0 = healthy, 1 = sick). */
    const int cm[4] = { 35, 5, 10, 50 };
    ClassReport r;
    assert_int_equal(metrics_from_confusion(cm, 2, &r, NULL), 0);
    assert_int_equal(r.n, 100);
    assert_near(r.accuracy, 0.85, TOL);
    assert_near(r.precision[1], 50.0 / 55.0, TOL);
    assert_near(r.recall[1], 50.0 / 60.0, TOL);
    assert_near(r.specificity[1], 35.0 / 40.0, TOL);
    /* The specificity of one class is the recall of the other. */
    assert_near(r.specificity[0], r.recall[1], TOL);
    assert_int_equal(r.support[0], 40);
    assert_int_equal(r.support[1], 60);
    class_report_free(&r);
}

/* ---- multi-class --------------------------------------------------------- */

static void test_metrics_confusion_has_true_rows_and_predicted_columns(void **state)
{
    (void)state;
    const int y_true[] = { 0, 0, 1, 2, 2, 2 };
    const int y_pred[] = { 0, 1, 1, 2, 0, 2 };
    int cm[9];
    metrics_confusion(y_true, y_pred, 6, 3, cm);
    const int expect[9] = { 1, 1, 0, /**/ 0, 1, 0, /**/ 1, 0, 2 };
    for (int i = 0; i < 9; i++)
        assert_int_equal(cm[i], expect[i]);
    assert_near(metrics_accuracy(y_true, y_pred, 6), 4.0 / 6.0, TOL);
}

static void test_metrics_three_classes_match_hand_computation(void **state)
{
    (void)state;
    /* rows true, columns predicted */
    const int cm[9] = { 5, 1, 0, /**/ 2, 3, 1, /**/ 0, 2, 6 };
    int *y_true, *y_pred;
    int n = labels_from_confusion(cm, 3, &y_true, &y_pred);
    ClassReport r;
    assert_int_equal(metrics_classification(y_true, y_pred, n, 3, &r, NULL), 0);
    for (int i = 0; i < 9; i++)
        assert_int_equal(r.confusion[i], cm[i]);
    assert_int_equal(r.n, 20);
    assert_near(r.accuracy, 14.0 / 20.0, TOL);
    /* precision from the column, recall from the row */
    assert_near(r.precision[0], 5.0 / 7.0, TOL);
    assert_near(r.precision[1], 3.0 / 6.0, TOL);
    assert_near(r.precision[2], 6.0 / 7.0, TOL);
    assert_near(r.recall[0], 5.0 / 6.0, TOL);
    assert_near(r.recall[1], 3.0 / 6.0, TOL);
    assert_near(r.recall[2], 6.0 / 8.0, TOL);
    assert_near(r.f1[0], 10.0 / 13.0, TOL); /* 2*5 / (2*5 + 2 + 1) */
    assert_near(r.f1[1], 0.5, TOL);
    assert_near(r.f1[2], 12.0 / 15.0, TOL);
    /* specificity = TN / (TN + FP): class 0 has TN 12, FP 2 */
    assert_near(r.specificity[0], 12.0 / 14.0, TOL);
    assert_near(r.specificity[1], 11.0 / 14.0, TOL);
    assert_near(r.specificity[2], 11.0 / 12.0, TOL);
    assert_int_equal(r.support[0], 6);
    assert_int_equal(r.support[1], 6);
    assert_int_equal(r.support[2], 8);
    class_report_free(&r);
    free(y_true);
    free(y_pred);
}

static void test_metrics_macro_and_weighted_match_sklearn(void **state)
{
    (void)state;
    const int cm[9] = { 5, 1, 0, /**/ 2, 3, 1, /**/ 0, 2, 6 };
    ClassReport r;
    assert_int_equal(metrics_from_confusion(cm, 3, &r, NULL), 0);
    /* precision_recall_fscore_support(average="macro" / "weighted") */
    assert_near(r.precision_macro, 0.6904761904761906, TOL);
    assert_near(r.recall_macro, 0.6944444444444445, TOL);
    assert_near(r.f1_macro, 0.6897435897435896, TOL);
    assert_near(r.precision_weighted, 0.7071428571428571, TOL);
    assert_near(r.recall_weighted, 0.7, TOL);
    assert_near(r.f1_weighted, 0.7007692307692308, TOL);
    class_report_free(&r);
}

static void test_metrics_zero_division_gives_zero_like_sklearn(void **state)
{
    (void)state;
    /* Class 2 is never predicted, class 3 never occurs (labels=[0,1,2,3],
     * zero_division=0 in sklearn). */
    const int y_true[] = { 0, 0, 1, 1, 2, 2, 0, 1 };
    const int y_pred[] = { 0, 1, 1, 0, 1, 0, 3, 1 };
    ClassReport r;
    assert_int_equal(metrics_classification(y_true, y_pred, 8, 4, &r, NULL), 0);
    assert_near(r.precision[2], 0.0, TOL);
    assert_near(r.recall[2], 0.0, TOL);
    assert_near(r.f1[2], 0.0, TOL);
    assert_near(r.precision[3], 0.0, TOL);
    assert_near(r.recall[3], 0.0, TOL);
    assert_int_equal(r.support[3], 0);
    assert_near(r.f1[1], 0.5714285714285715, TOL);
    assert_near(r.precision_macro, 0.20833333333333331, TOL);
    assert_near(r.recall_macro, 0.25, TOL);
    assert_near(r.f1_macro, 0.22619047619047622, TOL);
    assert_near(r.precision_weighted, 0.3125, TOL);
    assert_near(r.recall_weighted, 0.375, TOL);
    assert_near(r.f1_weighted, 0.3392857142857143, TOL);
    class_report_free(&r);
}

static void test_metrics_label_out_of_range_is_a_data_error(void **state)
{
    (void)state;
    const int y_true[] = { 0, 1, 2 };
    const int y_pred[] = { 0, 1, 3 };
    ClassReport r;
    Error err = { 0 };
    assert_int_equal(metrics_classification(y_true, y_pred, 3, 3, &r, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "predicted label 3"));
    assert_null(r.confusion);
    class_report_free(&r); /* safe on a failed report */

    const int negative[4] = { 1, -1, 0, 2 };
    assert_int_equal(metrics_from_confusion(negative, 2, &r, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
}

static void test_metrics_empty_input_gives_zero_ratios(void **state)
{
    (void)state;
    ClassReport r;
    assert_int_equal(metrics_classification(NULL, NULL, 0, 2, &r, NULL), 0);
    assert_int_equal(r.n, 0);
    assert_near(r.accuracy, 0.0, 0);
    assert_near(r.f1_weighted, 0.0, 0);
    class_report_free(&r);
    assert_near(metrics_accuracy(NULL, NULL, 0), 0.0, 0);
}

/* ---- thresholds, ROC, AUC ------------------------------------------------ */

static const float roc_scores[12] = { 0.9f, 0.8f, 0.8f, 0.7f, 0.6f, 0.6f,
                                      0.6f, 0.4f, 0.3f, 0.3f, 0.2f, 0.1f };
static const int roc_labels[12] = { 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0 };

static void test_metrics_threshold_counts_score_at_threshold_as_positive(void **state)
{
    (void)state;
    /* At 0.6: predicted positive = the first 7 (0.6 included). */
    BinaryCounts b = metrics_at_threshold(roc_scores, roc_labels, 12, 0.6f);
    assert_int_equal(b.tp, 4);
    assert_int_equal(b.fp, 3);
    assert_int_equal(b.fn, 2);
    assert_int_equal(b.tn, 3);
    assert_near(b.accuracy, 7.0 / 12.0, TOL);
    assert_near(b.precision, 4.0 / 7.0, TOL);
    assert_near(b.recall, 4.0 / 6.0, TOL);
    /* Above every score nothing is positive: precision 0 by convention. */
    b = metrics_at_threshold(roc_scores, roc_labels, 12, 1.0);
    assert_int_equal(b.tp + b.fp, 0);
    assert_near(b.precision, 0.0, 0);
    assert_near(b.f1, 0.0, 0);
    /* At 0 everything is positive: recall 1. */
    b = metrics_at_threshold(roc_scores, roc_labels, 12, 0.0);
    assert_near(b.recall, 1.0, 0);
    assert_near(b.specificity, 0.0, 0);
}

static void test_metrics_roc_with_ties_matches_sklearn(void **state)
{
    (void)state;
    /* sklearn.metrics.roc_curve(drop_intermediate=False); the first
     * threshold there is max + 1, here +infinity. */
    const double fpr[9] = { 0.0, 0.0, 1.0 / 6, 1.0 / 6, 0.5, 0.5, 5.0 / 6, 5.0 / 6, 1.0 };
    const double tpr[9] = { 0.0, 1.0 / 6, 2.0 / 6, 0.5, 4.0 / 6, 5.0 / 6, 5.0 / 6, 1.0, 1.0 };
    const double thr[9] = { INFINITY, 0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1 };
    RocCurve roc;
    assert_int_equal(metrics_roc(roc_scores, roc_labels, 12, &roc, NULL), 0);
    assert_int_equal(roc.n, 9);
    for (int i = 0; i < 9; i++) {
        assert_near(roc.fpr[i], fpr[i], TOL);
        assert_near(roc.tpr[i], tpr[i], TOL);
        if (i == 0)
            assert_true(isinf(roc.threshold[0]) && roc.threshold[0] > 0);
        else
            assert_near(roc.threshold[i], thr[i], 1e-7);
    }
    /* sklearn.metrics.roc_auc_score */
    assert_near(roc.auc, 0.6805555555555556, TOL);
    roc_free(&roc);
}

static void test_metrics_auc_counts_ties_as_half_like_sklearn(void **state)
{
    (void)state;
    assert_near(metrics_auc(roc_scores, roc_labels, 12), 0.6805555555555556, TOL);
    /* All scores equal: every pair is a tie, AUC 1/2. */
    const float flat[4] = { 0.3f, 0.3f, 0.3f, 0.3f };
    const int y[4] = { 0, 1, 1, 0 };
    assert_near(metrics_auc(flat, y, 4), 0.5, TOL);
    /* Perfect and reversed rankings. */
    const float ranked[4] = { 0.1f, 0.9f, 0.8f, 0.2f };
    assert_near(metrics_auc(ranked, y, 4), 1.0, TOL);
    const int flipped[4] = { 1, 0, 0, 1 };
    assert_near(metrics_auc(ranked, flipped, 4), 0.0, TOL);
}

static void test_metrics_auc_is_nan_when_a_class_is_absent(void **state)
{
    (void)state;
    const float s[3] = { 0.1f, 0.5f, 0.9f };
    const int ones[3] = { 1, 1, 1 };
    assert_true(isnan(metrics_auc(s, ones, 3)));
    RocCurve roc;
    Error err = { 0 };
    assert_int_equal(metrics_roc(s, ones, 3, &roc, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_null(roc.fpr);
    roc_free(&roc);
}

/* ---- log-loss ------------------------------------------------------------ */

static void test_metrics_log_loss_matches_sklearn(void **state)
{
    (void)state;
    /* Rows that sum to exactly 1 in binary, so sklearn's renormalisation of
     * the rows changes nothing. */
    const float probs[15] = { 0.5f, 0.25f, 0.25f, /**/ 0.125f, 0.75f, 0.125f,
                              /**/ 0.25f, 0.25f, 0.5f, /**/ 0.625f, 0.25f, 0.125f,
                              /**/ 0.0f, 1.0f, 0.0f };
    const int y[5] = { 0, 1, 2, 1, 1 };
    /* sklearn.metrics.log_loss(y, probs, labels=[0, 1, 2]) */
    assert_near(metrics_log_loss(probs, y, 5, 3), 0.6120541589383126, TOL);
}

static void test_metrics_log_loss_clips_certain_mistakes(void **state)
{
    (void)state;
    /* A sure wrong answer costs -log(1e-15), not infinity (sklearn: eps=1e-15). */
    const float probs[4] = { 1.0f, 0.0f, /**/ 0.0f, 1.0f };
    const int y[2] = { 1, 1 };
    double loss = metrics_log_loss(probs, y, 2, 2);
    assert_true(isfinite(loss));
    assert_near(loss, 17.269388197455342, 1e-9);
    const int bad[2] = { 1, 2 };
    assert_true(isnan(metrics_log_loss(probs, bad, 2, 2)));
}

/* ---- regression ---------------------------------------------------------- */

static void test_metrics_regression_matches_sklearn(void **state)
{
    (void)state;
    const float y_true[4] = { 3.0f, -0.5f, 2.0f, 7.0f };
    const float y_pred[4] = { 2.5f, 0.0f, 2.0f, 8.0f };
    RegReport r = metrics_regression(y_true, y_pred, 4);
    assert_near(r.mse, 0.375, TOL);
    assert_near(r.rmse, sqrt(0.375), TOL);
    assert_near(r.mae, 0.5, TOL);
    assert_near(r.r2, 0.9486081370449679, TOL);
}

static void test_metrics_linreg_reference_predictions_score(void **state)
{
    (void)state;
    /* REFERENCE.md: y = [2,4,5,4,5], predictions [2.8,3.4,4.0,4.6,5.2].
     * Residuals -0.8, 0.6, 1, -0.6, -0.2: SS_res 2.4, SS_tot 6. */
    const float y[5] = { 2, 4, 5, 4, 5 };
    const float p[5] = { 2.8f, 3.4f, 4.0f, 4.6f, 5.2f };
    RegReport r = metrics_regression(y, p, 5);
    assert_near(r.mse, 0.48, 1e-6);
    assert_near(r.mae, 0.64, 1e-6);
    assert_near(r.r2, 0.6, 1e-6);
}

static void test_metrics_r2_of_constant_truth_is_one_or_zero(void **state)
{
    (void)state;
    const float y[3] = { 2, 2, 2 };
    const float exact[3] = { 2, 2, 2 };
    const float off[3] = { 1, 2, 3 };
    /* sklearn r2_score (force_finite=True): 1.0 and 0.0 */
    assert_near(metrics_regression(y, exact, 3).r2, 1.0, 0);
    assert_near(metrics_regression(y, off, 3).r2, 0.0, 0);
    /* one row: undefined (scikit-learn warns and returns nan), not 0 */
    assert_true(isnan(metrics_regression(y, off, 1).r2));
    assert_near(metrics_regression(y, off, 1).mse, 1.0, 1e-6);
    assert_true(isnan(metrics_regression(y, off, 0).mse));
}

/* ---- clustering ---------------------------------------------------------- */

static void test_metrics_inertia_sums_squared_distances(void **state)
{
    (void)state;
    float xs[8] = { 0, 0, /**/ 2, 0, /**/ 10, 10, /**/ 10, 13 };
    float cs[4] = { 1, 0, /**/ 10, 11 };
    Mat X = { .rows = 4, .cols = 2, .data = xs }, C = { .rows = 2, .cols = 2, .data = cs };
    const int assign[4] = { 0, 0, 1, 1 };
    /* 1 + 1 + 1 + 4 */
    assert_near(metrics_inertia(&X, assign, &C), 7.0, TOL);
    const int bad[4] = { 0, 0, 2, 1 };
    assert_true(isnan(metrics_inertia(&X, bad, &C)));
}

static void test_metrics_clustering_matches_sklearn(void **state)
{
    (void)state;
    const int truth[10] = { 0, 0, 0, 1, 1, 1, 2, 2, 2, 2 };
    const int found[10] = { 0, 0, 1, 1, 1, 1, 1, 2, 2, 2 };
    ClusterReport r = { 0 };
    r.inertia = 42.0;
    assert_int_equal(metrics_clustering(truth, 3, found, 3, 10, &r, NULL), 0);
    assert_true(r.has_labels);
    assert_near(r.inertia, 42.0, 0); /* left alone */
    /* majority classes: 2 + 3 + 3 of 10 */
    assert_near(r.purity, 0.8, TOL);
    /* sklearn.metrics.homogeneity_completeness_v_measure */
    assert_near(r.homogeneity, 0.5636557256179743, TOL);
    assert_near(r.completeness, 0.596088873965181, TOL);
    assert_near(r.v_measure, 0.5794187908413786, TOL);
}

static void test_metrics_splitting_a_class_stays_homogeneous(void **state)
{
    (void)state;
    const int truth[10] = { 0, 0, 0, 0, 1, 1, 1, 2, 2, 2 };
    const int found[10] = { 0, 0, 1, 1, 2, 2, 2, 3, 3, 3 };
    ClusterReport r = { 0 };
    assert_int_equal(metrics_clustering(truth, 3, found, 4, 10, &r, NULL), 0);
    assert_near(r.purity, 1.0, TOL);
    assert_near(r.homogeneity, 1.0, TOL);
    assert_near(r.completeness, 0.797052244168163, TOL);
    assert_near(r.v_measure, 0.8870663017781215, TOL);
}

static void test_metrics_clustering_degenerate_cases_follow_sklearn(void **state)
{
    (void)state;
    ClusterReport r = { 0 };
    /* one class, two clusters: (1, 0, 0) */
    const int one[4] = { 0, 0, 0, 0 }, alternating[4] = { 0, 1, 0, 1 };
    assert_int_equal(metrics_clustering(one, 1, alternating, 2, 4, &r, NULL), 0);
    assert_near(r.homogeneity, 1.0, 0);
    assert_near(r.completeness, 0.0, TOL);
    assert_near(r.v_measure, 0.0, TOL);
    /* two classes, one cluster: (0, 1, 0) */
    assert_int_equal(metrics_clustering(alternating, 2, one, 1, 4, &r, NULL), 0);
    assert_near(r.homogeneity, 0.0, TOL);
    assert_near(r.completeness, 1.0, 0);
    assert_near(r.v_measure, 0.0, TOL);
    assert_near(r.purity, 0.5, TOL);
    /* one class, one cluster: (1, 1, 1) */
    assert_int_equal(metrics_clustering(one, 1, one, 1, 4, &r, NULL), 0);
    assert_near(r.v_measure, 1.0, 0);
    /* independent labelling: (0, 0, 0) */
    const int pairs[4] = { 0, 0, 1, 1 };
    assert_int_equal(metrics_clustering(pairs, 2, alternating, 2, 4, &r, NULL), 0);
    assert_near(r.homogeneity, 0.0, TOL);
    assert_near(r.completeness, 0.0, TOL);
    assert_near(r.v_measure, 0.0, 0);
    /* a cluster index out of range */
    Error err = { 0 };
    const int bad[4] = { 0, 5, 0, 1 };
    assert_int_equal(metrics_clustering(pairs, 2, bad, 2, 4, &r, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
}

/* scikit-learn 1.2 on the same ten samples (ties at 0.35):
 * /usr/bin/python3 -c "from sklearn.metrics import precision_recall_curve,
 *   average_precision_score; y=[0,1,1,0,1,0,0,1,0,0];
 *   s=[0.1,0.9,0.35,0.8,0.35,0.2,0.35,0.7,0.05,0.6];
 *   print(precision_recall_curve(y,s)); print(repr(average_precision_score(y,s)))"
 * precision 0.4 0.4444 0.5 0.5714 0.5 0.6667 0.5 1 1, recall 1 1 1 1 0.5 0.5
 * 0.25 0.25 0, thresholds 0.05 0.1 0.2 0.35 0.6 0.7 0.8 0.9 (ours run the other
 * way, from the highest threshold down), AP 0.7023809523809523. */
static void test_pr_curve_and_average_precision_match_sklearn(void **state)
{
    (void)state;
    const int y[10] = { 0, 1, 1, 0, 1, 0, 0, 1, 0, 0 };
    const float s[10] = { 0.1f, 0.9f, 0.35f, 0.8f, 0.35f, 0.2f, 0.35f, 0.7f, 0.05f, 0.6f };
    const double P[9] = { 1.0, 1.0, 0.5, 0.6666666666666666, 0.5, 0.5714285714285714, 0.5,
                          0.4444444444444444, 0.4 };
    const double R[9] = { 0.0, 0.25, 0.25, 0.5, 0.5, 1.0, 1.0, 1.0, 1.0 };
    const double T[9] = { INFINITY, 0.9, 0.8, 0.7, 0.6, 0.35, 0.2, 0.1, 0.05 };
    PrCurve c;
    Error err = { 0 };
    assert_int_equal(metrics_pr_curve(s, y, 10, &c, &err), 0);
    assert_int_equal(c.n, 9);
    for (int i = 0; i < 9; i++) {
        assert_near(c.precision[i], P[i], 1e-12);
        assert_near(c.recall[i], R[i], 1e-12);
        if (i > 0)
            assert_near(c.threshold[i], T[i], 1e-7);
    }
    assert_true(isinf(c.threshold[0]));
    assert_near(c.ap, 0.7023809523809523, 1e-12);
    assert_near(metrics_average_precision(s, y, 10), 0.7023809523809523, 1e-12);
    pr_free(&c);
    const int none[3] = { 0, 0, 0 };
    assert_true(isnan(metrics_average_precision(s, none, 3)));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pr_curve_and_average_precision_match_sklearn),
        cmocka_unit_test(test_metrics_patients_example_gives_accuracy_085),
        cmocka_unit_test(test_metrics_f1_matches_worked_example),
        cmocka_unit_test(test_metrics_report_of_binary_patients_matches_counts),
        cmocka_unit_test(test_metrics_confusion_has_true_rows_and_predicted_columns),
        cmocka_unit_test(test_metrics_three_classes_match_hand_computation),
        cmocka_unit_test(test_metrics_macro_and_weighted_match_sklearn),
        cmocka_unit_test(test_metrics_zero_division_gives_zero_like_sklearn),
        cmocka_unit_test(test_metrics_label_out_of_range_is_a_data_error),
        cmocka_unit_test(test_metrics_empty_input_gives_zero_ratios),
        cmocka_unit_test(test_metrics_threshold_counts_score_at_threshold_as_positive),
        cmocka_unit_test(test_metrics_roc_with_ties_matches_sklearn),
        cmocka_unit_test(test_metrics_auc_counts_ties_as_half_like_sklearn),
        cmocka_unit_test(test_metrics_auc_is_nan_when_a_class_is_absent),
        cmocka_unit_test(test_metrics_log_loss_matches_sklearn),
        cmocka_unit_test(test_metrics_log_loss_clips_certain_mistakes),
        cmocka_unit_test(test_metrics_regression_matches_sklearn),
        cmocka_unit_test(test_metrics_linreg_reference_predictions_score),
        cmocka_unit_test(test_metrics_r2_of_constant_truth_is_one_or_zero),
        cmocka_unit_test(test_metrics_inertia_sums_squared_distances),
        cmocka_unit_test(test_metrics_clustering_matches_sklearn),
        cmocka_unit_test(test_metrics_splitting_a_class_stays_homogeneous),
        cmocka_unit_test(test_metrics_clustering_degenerate_cases_follow_sklearn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
