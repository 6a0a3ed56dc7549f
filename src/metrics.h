/* metrics.h - classification, regression and clustering metrics, and the
 * significance tests used to compare classifiers.
 *
 * Conventions: the confusion matrix has rows = true class, columns =
 * predicted class.  Ratios with a zero denominator are 0 (as scikit-learn's
 * zero_division=0).  Binary metrics treat class 1 as positive (any non-zero
 * y01 value).  Undefined results (no samples, a missing class, a label out of
 * range where no Error is taken) are NaN, which the JSON writers print as
 * null. */
#ifndef MLLAB_METRICS_H
#define MLLAB_METRICS_H

#include <stdbool.h>

#include "error.h"
#include "mat.h"

/* ---- classification (metrics.c) ---------------------------------------- */
typedef struct ClassReport {
    int n_classes, n;
    int *confusion;      /* n_classes x n_classes, row-major */
    double accuracy;
    double *precision, *recall, *f1, *specificity; /* per class */
    int *support;        /* true count per class */
    double precision_macro, recall_macro, f1_macro;
    double precision_weighted, recall_weighted, f1_weighted;
} ClassReport;

/* cm (k x k) is zeroed first; pairs with a label outside [0, k) are skipped. */
void metrics_confusion(const int *y_true, const int *y_pred, int n, int k, int *cm);
/* 0 when n is 0. */
double metrics_accuracy(const int *y_true, const int *y_pred, int n);
/* Fills out (release with class_report_free; out is zeroed on failure).
 * Labels outside [0, k) are an ERR_DATA error.  Macro averages are over all
 * k classes, weighted ones by support. */
int metrics_classification(const int *y_true, const int *y_pred, int n, int k, ClassReport *out,
                           Error *err);
/* The same from a ready confusion matrix (k x k); n is its sum. */
int metrics_from_confusion(const int *cm, int k, ClassReport *out, Error *err);
void class_report_free(ClassReport *r);

/* 2 x 2 counts and what follows from them. */
typedef struct BinaryCounts {
    int tp, fp, tn, fn;
    double accuracy, precision, recall, f1, specificity;
} BinaryCounts;

BinaryCounts metrics_binary_from_counts(int tp, int fp, int tn, int fn);
/* Positive when score >= threshold; y01 holds 0/1. */
BinaryCounts metrics_at_threshold(const float *score, const int *y01, int n, double threshold);

typedef struct RocCurve {
    int n;               /* points, starting at (0,0) and ending at (1,1) */
    double *fpr, *tpr, *threshold;
    double auc;
} RocCurve;

/* One point per distinct score, highest first; threshold[0] is +INFINITY
 * (the (0,0) point), threshold[i] the score at and above which samples are
 * called positive (scikit-learn's roc_curve with drop_intermediate=False).
 * ERR_DATA when a class is absent or a score is NaN.  Release with roc_free. */
int metrics_roc(const float *score, const int *y01, int n, RocCurve *out, Error *err);
void roc_free(RocCurve *r);
/* Area under the ROC curve (ties count one half); NaN if one class is absent. */
double metrics_auc(const float *score, const int *y01, int n);
/* The precision-recall curve (issue 11): point 0 is recall 0, precision 1
 * (threshold +INFINITY, scikit-learn's last point), then one point per
 * distinct score from the highest down: precision tp / (tp + fp) and recall
 * tp / positives of the samples scoring at or above it.  ap is the average
 * precision sum_i (R_i - R_{i-1}) P_i (scikit-learn's
 * average_precision_score: steps, no interpolation).  ERR_DATA when a class
 * is absent or a score is NaN.  Release with pr_free. */
typedef struct PrCurve {
    int n;
    double *precision, *recall, *threshold;
    double ap;
} PrCurve;
int metrics_pr_curve(const float *score, const int *y01, int n, PrCurve *out, Error *err);
void pr_free(PrCurve *c);
/* The average precision alone; NaN when a class is absent. */
double metrics_average_precision(const float *score, const int *y01, int n);
/* Mean of -log p(true class), probabilities clipped to [1e-15, 1 - 1e-15];
 * probs is n x k (rows are not renormalised).  NaN when n is 0 or a label is
 * outside [0, k). */
double metrics_log_loss(const float *probs, const int *y, int n, int k);

/* ---- regression --------------------------------------------------------- */
typedef struct RegReport {
    double mse, rmse, mae, r2;
} RegReport;

/* R² = 1 - SS_res / SS_tot.  A constant truth (SS_tot = 0) gives R² = 1 when
 * the prediction is perfect and 0 otherwise (scikit-learn's force_finite).
 * R² is NaN for a single row (undefined, as in scikit-learn).  All NaN when
 * n is 0. */
RegReport metrics_regression(const float *y_true, const float *y_pred, int n);

/* ---- clustering --------------------------------------------------------- */
typedef struct ClusterReport {
    double inertia;      /* sum of squared distances to the assigned centroid */
    bool has_labels;     /* the rest needs true labels */
    double purity, homogeneity, completeness, v_measure;
} ClusterReport;

/* centroids is k x d, assign[n] in [0, k); NaN on a bad index or shape. */
double metrics_inertia(const Mat *X, const int *assign, const Mat *centroids);
/* Purity, homogeneity, completeness, V-measure (beta 1, natural logs), as
 * scikit-learn: homogeneity = I(C;K) / H(C), completeness = I(C;K) / H(K).
 * Degenerate cases: one class -> homogeneity 1; one cluster -> completeness
 * 1; h + c = 0 -> V-measure 0; n = 0 -> all four 1.  Sets has_labels and
 * leaves inertia alone (fill it with metrics_inertia).  Labels or clusters
 * out of range are an ERR_DATA error. */
int metrics_clustering(const int *labels_true, int n_classes, const int *clusters,
                       int n_clusters, int n, ClusterReport *out, Error *err);

/* ---- significance (stats.c) --------------------------------------------- */
typedef struct McNemar {
    int b;            /* A right, B wrong */
    int c;            /* A wrong, B right */
    double statistic; /* chi-square with continuity correction */
    double p_value;   /* exact two-sided binomial when b + c < 25 */
} McNemar;

/* statistic = max(0, |b - c| - 1)² / (b + c); p from the chi-square(1)
 * survival function, or the exact two-sided binomial when b + c < 25;
 * b = c = 0 gives statistic 0 and p 1. */
McNemar stats_mcnemar(const int *y_true, const int *pred_a, const int *pred_b, int n);
/* The same from the two discordant counts. */
McNemar stats_mcnemar_from_counts(int b, int c);
/* Two-sided p-value of the paired t-test of a[i] - b[i] (n >= 2, df n - 1);
 * 1 when all differences are 0, 0 when they are all equal and non-zero, NaN
 * when n < 2. */
double stats_paired_t_p(const double *a, const double *b, int n);
double stats_mean(const double *v, int n); /* NaN when n < 1 */
double stats_std(const double *v, int n); /* sample std (n - 1); 0 when n < 2 */
/* Regularised incomplete beta I_x(a, b) (a, b > 0; 0 for x <= 0, 1 for
 * x >= 1) and the Student t CDF P(T <= t) (df > 0; infinite df is the
 * normal).  NaN for bad arguments. */
double stats_incbeta(double a, double b, double x);
double stats_t_cdf(double t, double df);

#endif
