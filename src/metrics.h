/* metrics.h - classification, regression and clustering metrics, and the
 * significance tests used to compare classifiers.
 *
 * Conventions: the confusion matrix has rows = true class, columns =
 * predicted class.  Ratios with a zero denominator are 0 (as scikit-learn's
 * zero_division=0).  Binary metrics treat class 1 as positive. */
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

void metrics_confusion(const int *y_true, const int *y_pred, int n, int k, int *cm);
double metrics_accuracy(const int *y_true, const int *y_pred, int n);
/* Labels outside [0, k) are an error. */
int metrics_classification(const int *y_true, const int *y_pred, int n, int k, ClassReport *out,
                           Error *err);
/* The same from a ready confusion matrix (k x k). */
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

int metrics_roc(const float *score, const int *y01, int n, RocCurve *out, Error *err);
void roc_free(RocCurve *r);
/* Area under the ROC curve (ties count one half); NaN if one class is absent. */
double metrics_auc(const float *score, const int *y01, int n);
/* Mean of -log p(true class), probabilities clipped to [1e-15, 1 - 1e-15];
 * probs is n x k. */
double metrics_log_loss(const float *probs, const int *y, int n, int k);

/* ---- regression --------------------------------------------------------- */
typedef struct RegReport {
    double mse, rmse, mae, r2;
} RegReport;

RegReport metrics_regression(const float *y_true, const float *y_pred, int n);

/* ---- clustering --------------------------------------------------------- */
typedef struct ClusterReport {
    double inertia;      /* sum of squared distances to the assigned centroid */
    bool has_labels;     /* the rest needs true labels */
    double purity, homogeneity, completeness, v_measure;
} ClusterReport;

/* centroids is k x d, assign[n] in [0, k). */
double metrics_inertia(const Mat *X, const int *assign, const Mat *centroids);
/* Purity, homogeneity, completeness, V-measure (beta 1, natural logs). */
int metrics_clustering(const int *labels_true, int n_classes, const int *clusters,
                       int n_clusters, int n, ClusterReport *out, Error *err);

/* ---- significance (stats.c) --------------------------------------------- */
typedef struct McNemar {
    int b;            /* A right, B wrong */
    int c;            /* A wrong, B right */
    double statistic; /* chi-square with continuity correction */
    double p_value;   /* exact two-sided binomial when b + c < 25 */
} McNemar;

McNemar stats_mcnemar(const int *y_true, const int *pred_a, const int *pred_b, int n);
/* Two-sided p-value of the paired t-test of a[i] - b[i] (n >= 2); 1 when all
 * differences are 0. */
double stats_paired_t_p(const double *a, const double *b, int n);
double stats_mean(const double *v, int n);
double stats_std(const double *v, int n); /* sample std (n - 1); 0 when n < 2 */
/* Regularised incomplete beta I_x(a, b) and the Student t CDF, for tests. */
double stats_incbeta(double a, double b, double x);
double stats_t_cdf(double t, double df);

#endif
