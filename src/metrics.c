/* metrics.c - classification, regression and clustering metrics (see metrics.h).
 *
 * Everything is accumulated in double, whatever the type of the inputs, and
 * every ratio whose denominator is zero is 0, as scikit-learn does with
 * zero_division=0.  The clustering scores follow scikit-learn's
 * homogeneity_completeness_v_measure, including its degenerate cases. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a / b, or 0 when b is 0. */
static double safe_ratio(double a, double b)
{
    return b != 0.0 ? a / b : 0.0;
}

/* The harmonic mean of precision and recall, 0 when both are 0. */
static double f1_of(double precision, double recall)
{
    return safe_ratio(2.0 * precision * recall, precision + recall);
}

/* ---- confusion matrix, accuracy ------------------------------------------ */

void metrics_confusion(const int *y_true, const int *y_pred, int n, int k, int *cm)
{
    memset(cm, 0, (size_t)k * (size_t)k * sizeof *cm);
    for (int i = 0; i < n; i++) {
        int t = y_true[i], p = y_pred[i];
        if (t >= 0 && t < k && p >= 0 && p < k)
            cm[(size_t)t * (size_t)k + (size_t)p]++;
    }
}

double metrics_accuracy(const int *y_true, const int *y_pred, int n)
{
    if (n <= 0)
        return 0.0;
    int right = 0;
    for (int i = 0; i < n; i++)
        right += y_true[i] == y_pred[i];
    return (double)right / n;
}

/* ---- the per-class report ------------------------------------------------ */

void class_report_free(ClassReport *r)
{
    if (!r)
        return;
    free(r->confusion);
    free(r->precision);
    free(r->recall);
    free(r->f1);
    free(r->specificity);
    free(r->support);
    memset(r, 0, sizeof *r);
}

static int class_report_alloc(ClassReport *r, int k, Error *err)
{
    memset(r, 0, sizeof *r);
    r->n_classes = k;
    r->confusion = calloc((size_t)k * (size_t)k, sizeof *r->confusion);
    r->precision = calloc((size_t)k, sizeof *r->precision);
    r->recall = calloc((size_t)k, sizeof *r->recall);
    r->f1 = calloc((size_t)k, sizeof *r->f1);
    r->specificity = calloc((size_t)k, sizeof *r->specificity);
    r->support = calloc((size_t)k, sizeof *r->support);
    if (!r->confusion || !r->precision || !r->recall || !r->f1 || !r->specificity ||
        !r->support) {
        class_report_free(r);
        return error_set(err, ERR_NOMEM, "out of memory for a %d-class report", k);
    }
    return 0;
}

/* Row sums (true counts) and column sums (predicted counts) of the k x k
 * matrix in one row-major pass (column by column it was 10^8 cache misses
 * at 10,000 classes); the total and the diagonal's sum.  rows and cols
 * start zeroed. */
static void class_sums(const int *cm, int k, long *rows, long *cols, long *total, long *correct)
{
    *total = *correct = 0;
    for (size_t i = 0; i < (size_t)k; i++) {
        const int *row = cm + i * (size_t)k;
        for (size_t j = 0; j < (size_t)k; j++) {
            rows[i] += row[j];
            cols[j] += row[j];
        }
        *total += rows[i];
        *correct += row[i];
    }
}

/* Fill every derived field of r from r->confusion. */
static int class_report_derive(ClassReport *r, Error *err)
{
    int k = r->n_classes;
    const int *cm = r->confusion;
    long total, correct;
    long *rows = calloc(2 * (size_t)k, sizeof *rows); /* then the column sums */
    if (!rows)
        return error_set(err, ERR_NOMEM, "out of memory for %d classes", k);
    long *cols = rows + k;
    class_sums(cm, k, rows, cols, &total, &correct);
    r->n = (int)total;
    r->accuracy = safe_ratio((double)correct, (double)total);

    double p_sum = 0, r_sum = 0, f_sum = 0, p_w = 0, r_w = 0, f_w = 0;
    for (int c = 0; c < k; c++) {
        long tp = cm[(size_t)c * (size_t)k + (size_t)c], row = rows[c], col = cols[c];
        long fn = row - tp, fp = col - tp, tn = total - tp - fn - fp;
        r->support[c] = (int)row;
        r->precision[c] = safe_ratio((double)tp, (double)col);
        r->recall[c] = safe_ratio((double)tp, (double)row);
        r->f1[c] = f1_of(r->precision[c], r->recall[c]);
        r->specificity[c] = safe_ratio((double)tn, (double)(tn + fp));

        p_sum += r->precision[c];
        r_sum += r->recall[c];
        f_sum += r->f1[c];
        p_w += r->precision[c] * (double)row;
        r_w += r->recall[c] * (double)row;
        f_w += r->f1[c] * (double)row;
    }
    free(rows);
    /* Macro: every class counts the same (classes without support too, as
     * scikit-learn does when given the full label list). */
    r->precision_macro = safe_ratio(p_sum, k);
    r->recall_macro = safe_ratio(r_sum, k);
    r->f1_macro = safe_ratio(f_sum, k);
    r->precision_weighted = safe_ratio(p_w, (double)total);
    r->recall_weighted = safe_ratio(r_w, (double)total);
    r->f1_weighted = safe_ratio(f_w, (double)total);
    return 0;
}

int metrics_classification(const int *y_true, const int *y_pred, int n, int k, ClassReport *out,
                           Error *err)
{
    memset(out, 0, sizeof *out);
    if (k < 1)
        return error_set(err, ERR_DATA, "a classification report needs at least one class");
    if (n < 0)
        return error_set(err, ERR_DATA, "negative number of samples (%d)", n);
    for (int i = 0; i < n; i++) {
        if (y_true[i] < 0 || y_true[i] >= k)
            return error_set(err, ERR_DATA, "true label %d of sample %d is outside [0, %d)",
                             y_true[i], i, k);
        if (y_pred[i] < 0 || y_pred[i] >= k)
            return error_set(err, ERR_DATA, "predicted label %d of sample %d is outside [0, %d)",
                             y_pred[i], i, k);
    }
    if (class_report_alloc(out, k, err) < 0)
        return -1;
    metrics_confusion(y_true, y_pred, n, k, out->confusion);
    if (class_report_derive(out, err) < 0) {
        class_report_free(out);
        return -1;
    }
    return 0;
}

int metrics_from_confusion(const int *cm, int k, ClassReport *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (k < 1)
        return error_set(err, ERR_DATA, "a classification report needs at least one class");
    for (size_t i = 0; i < (size_t)k * (size_t)k; i++)
        if (cm[i] < 0)
            return error_set(err, ERR_DATA, "confusion matrix cell (%zu, %zu) is negative (%d)",
                             i / (size_t)k, i % (size_t)k, cm[i]);
    if (class_report_alloc(out, k, err) < 0)
        return -1;
    memcpy(out->confusion, cm, (size_t)k * (size_t)k * sizeof *cm);
    if (class_report_derive(out, err) < 0) {
        class_report_free(out);
        return -1;
    }
    return 0;
}

/* ---- binary decisions ---------------------------------------------------- */

BinaryCounts metrics_binary_from_counts(int tp, int fp, int tn, int fn)
{
    BinaryCounts b = { .tp = tp, .fp = fp, .tn = tn, .fn = fn };
    double total = (double)tp + fp + tn + fn;
    b.accuracy = safe_ratio((double)tp + tn, total);
    b.precision = safe_ratio(tp, (double)tp + fp);
    b.recall = safe_ratio(tp, (double)tp + fn);
    b.f1 = f1_of(b.precision, b.recall);
    b.specificity = safe_ratio(tn, (double)tn + fp);
    return b;
}

BinaryCounts metrics_at_threshold(const float *score, const int *y01, int n, double threshold)
{
    int tp = 0, fp = 0, tn = 0, fn = 0;
    for (int i = 0; i < n; i++) {
        bool predicted = (double)score[i] >= threshold;
        bool actual = y01[i] != 0;
        if (predicted && actual)
            tp++;
        else if (predicted)
            fp++;
        else if (actual)
            fn++;
        else
            tn++;
    }
    return metrics_binary_from_counts(tp, fp, tn, fn);
}

/* ---- ROC ----------------------------------------------------------------- */

typedef struct ScoredLabel {
    float score;
    int positive;
} ScoredLabel;

/* Highest score first. */
static int by_score_descending(const void *a, const void *b)
{
    float x = ((const ScoredLabel *)a)->score, y = ((const ScoredLabel *)b)->score;
    return (x < y) - (x > y);
}

/* Sorted copy of (score, label) pairs and the class counts.  -1 with err set
 * on NaN scores, a missing class or no memory. */
static int sorted_pairs(const float *score, const int *y01, int n, ScoredLabel **out,
                        long *n_pos, long *n_neg, Error *err)
{
    *out = NULL;
    *n_pos = *n_neg = 0;
    if (n <= 0)
        return error_set(err, ERR_DATA, "ROC needs samples of both classes (got none)");
    ScoredLabel *pairs = malloc((size_t)n * sizeof *pairs);
    if (!pairs)
        return error_set(err, ERR_NOMEM, "out of memory for a ROC curve of %d samples", n);
    for (int i = 0; i < n; i++) {
        if (isnan(score[i])) {
            free(pairs);
            return error_set(err, ERR_DATA, "score of sample %d is NaN", i);
        }
        pairs[i].score = score[i];
        pairs[i].positive = y01[i] != 0;
        if (pairs[i].positive)
            ++*n_pos;
        else
            ++*n_neg;
    }
    if (*n_pos == 0 || *n_neg == 0) {
        free(pairs);
        return error_set(err, ERR_DATA, "ROC needs samples of both classes (only %s given)",
                         *n_pos ? "positives" : "negatives");
    }
    qsort(pairs, (size_t)n, sizeof *pairs, by_score_descending);
    *out = pairs;
    return 0;
}

void roc_free(RocCurve *r)
{
    if (!r)
        return;
    free(r->fpr);
    free(r->tpr);
    free(r->threshold);
    memset(r, 0, sizeof *r);
}

int metrics_roc(const float *score, const int *y01, int n, RocCurve *out, Error *err)
{
    memset(out, 0, sizeof *out);
    ScoredLabel *pairs;
    long n_pos, n_neg;
    if (sorted_pairs(score, y01, n, &pairs, &n_pos, &n_neg, err) < 0)
        return -1;

    /* At most one point per sample, plus the starting (0, 0). */
    size_t cap = (size_t)n + 1;
    out->fpr = malloc(cap * sizeof *out->fpr);
    out->tpr = malloc(cap * sizeof *out->tpr);
    out->threshold = malloc(cap * sizeof *out->threshold);
    if (!out->fpr || !out->tpr || !out->threshold) {
        free(pairs);
        roc_free(out);
        return error_set(err, ERR_NOMEM, "out of memory for a ROC curve of %d samples", n);
    }

    /* Lower the threshold through each distinct score: everything scoring at
     * or above it is called positive.  Tied samples move together, which is
     * a diagonal step and so counts one half in the trapezoid area. */
    out->fpr[0] = out->tpr[0] = 0.0;
    out->threshold[0] = INFINITY;
    int points = 1;
    long tp = 0, fp = 0;
    double area = 0.0;
    for (int i = 0; i < n;) {
        float t = pairs[i].score;
        for (; i < n && pairs[i].score == t; i++) {
            if (pairs[i].positive)
                tp++;
            else
                fp++;
        }
        out->fpr[points] = (double)fp / (double)n_neg;
        out->tpr[points] = (double)tp / (double)n_pos;
        out->threshold[points] = t;
        area += (out->fpr[points] - out->fpr[points - 1]) *
                (out->tpr[points] + out->tpr[points - 1]) / 2.0;
        points++;
    }
    free(pairs);
    out->n = points;
    out->auc = area;
    return 0;
}

void pr_free(PrCurve *c)
{
    free(c->precision);
    free(c->recall);
    free(c->threshold);
    memset(c, 0, sizeof *c);
}

int metrics_pr_curve(const float *score, const int *y01, int n, PrCurve *out, Error *err)
{
    memset(out, 0, sizeof *out);
    ScoredLabel *pairs;
    long n_pos, n_neg;
    if (sorted_pairs(score, y01, n, &pairs, &n_pos, &n_neg, err) < 0)
        return -1;
    size_t cap = (size_t)n + 1;
    out->precision = malloc(cap * sizeof *out->precision);
    out->recall = malloc(cap * sizeof *out->recall);
    out->threshold = malloc(cap * sizeof *out->threshold);
    if (!out->precision || !out->recall || !out->threshold) {
        free(pairs);
        pr_free(out);
        return error_set(err, ERR_NOMEM, "out of memory for a PR curve of %d samples", n);
    }
    out->precision[0] = 1.0;
    out->recall[0] = 0.0;
    out->threshold[0] = INFINITY;
    int points = 1;
    long tp = 0, fp = 0;
    for (int i = 0; i < n;) { /* tied scores move together */
        float t = pairs[i].score;
        for (; i < n && pairs[i].score == t; i++)
            pairs[i].positive ? tp++ : fp++;
        out->precision[points] = (double)tp / (double)(tp + fp);
        out->recall[points] = (double)tp / (double)n_pos;
        out->threshold[points] = t;
        out->ap += (out->recall[points] - out->recall[points - 1]) * out->precision[points];
        points++;
    }
    free(pairs);
    out->n = points;
    return 0;
}

double metrics_average_precision(const float *score, const int *y01, int n)
{
    PrCurve c;
    if (metrics_pr_curve(score, y01, n, &c, NULL) < 0)
        return NAN;
    double ap = c.ap;
    pr_free(&c);
    return ap;
}

double metrics_auc(const float *score, const int *y01, int n)
{
    /* The Mann-Whitney form: the chance that a random positive outscores a
     * random negative, ties counting one half.  Equal to the ROC area. */
    ScoredLabel *pairs;
    long n_pos, n_neg;
    if (sorted_pairs(score, y01, n, &pairs, &n_pos, &n_neg, NULL) < 0)
        return NAN;
    double wins = 0.0;   /* pairs (positive, negative) with the positive higher */
    long neg_below = n_neg;
    for (int i = 0; i < n;) {
        float t = pairs[i].score;
        long pos_here = 0, neg_here = 0;
        for (; i < n && pairs[i].score == t; i++) {
            if (pairs[i].positive)
                pos_here++;
            else
                neg_here++;
        }
        neg_below -= neg_here;
        wins += (double)pos_here * ((double)neg_below + 0.5 * (double)neg_here);
    }
    free(pairs);
    return wins / ((double)n_pos * (double)n_neg);
}

double metrics_log_loss(const float *probs, const int *y, int n, int k)
{
    if (n <= 0 || k < 1)
        return NAN;
    const double eps = 1e-15;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
        if (y[i] < 0 || y[i] >= k)
            return NAN;
        double p = probs[(size_t)i * (size_t)k + (size_t)y[i]];
        if (isnan(p))
            return NAN;
        p = p < eps ? eps : p > 1.0 - eps ? 1.0 - eps : p;
        sum -= log(p);
    }
    return sum / n;
}

/* ---- regression ---------------------------------------------------------- */

RegReport metrics_regression(const float *y_true, const float *y_pred, int n)
{
    RegReport r = { NAN, NAN, NAN, NAN };
    if (n <= 0)
        return r;
    double mean = 0.0;
    for (int i = 0; i < n; i++)
        mean += y_true[i];
    mean /= n;

    double sq = 0.0, abs_sum = 0.0, total = 0.0;
    for (int i = 0; i < n; i++) {
        double e = (double)y_pred[i] - (double)y_true[i];
        double d = (double)y_true[i] - mean;
        sq += e * e;
        abs_sum += fabs(e);
        total += d * d;
    }
    r.mse = sq / n;
    r.rmse = sqrt(r.mse);
    r.mae = abs_sum / n;
    /* A constant truth has no variance to explain: R² is 1 for a perfect
     * prediction and 0 otherwise (scikit-learn's force_finite default).  One
     * row has no variance by construction: R² is undefined there (a
     * leave-one-out fold would otherwise always score 0). */
    if (n < 2)
        r.r2 = NAN;
    else if (total == 0.0)
        r.r2 = sq == 0.0 ? 1.0 : 0.0;
    else
        r.r2 = 1.0 - sq / total;
    return r;
}

/* ---- clustering ---------------------------------------------------------- */

double metrics_inertia(const Mat *X, const int *assign, const Mat *centroids)
{
    if (X->cols != centroids->cols)
        return NAN;
    int d = X->cols;
    double sum = 0.0;
    /* a byte-backed X (mat.h) is read a row at a time as floats */
    float *buf = mat_is_bytes(X) ? malloc((size_t)(d ? d : 1) * sizeof *buf) : NULL;
    if (mat_is_bytes(X) && !buf)
        return NAN;
    for (int i = 0; i < X->rows; i++) {
        int c = assign[i];
        if (c < 0 || c >= centroids->rows) {
            free(buf);
            return NAN;
        }
        const float *x = mat_rows_f32(X, i, 1, buf), *m = mat_row(centroids, c);
        for (int j = 0; j < d; j++) {
            double diff = (double)x[j] - (double)m[j];
            sum += diff * diff;
        }
    }
    free(buf);
    return sum;
}

/* Shannon entropy (natural log) of a distribution given by counts. */
static double entropy_of_counts(const long *counts, int m, long total)
{
    double h = 0.0;
    for (int i = 0; i < m; i++)
        if (counts[i] > 0) {
            double p = (double)counts[i] / (double)total;
            h -= p * log(p);
        }
    return h;
}

int metrics_clustering(const int *labels_true, int n_classes, const int *clusters,
                       int n_clusters, int n, ClusterReport *out, Error *err)
{
    if (n_classes < 1 || n_clusters < 1)
        return error_set(err, ERR_DATA, "clustering scores need at least one class and cluster");
    if (n < 0)
        return error_set(err, ERR_DATA, "negative number of samples (%d)", n);
    for (int i = 0; i < n; i++) {
        if (labels_true[i] < 0 || labels_true[i] >= n_classes)
            return error_set(err, ERR_DATA, "true label %d of sample %d is outside [0, %d)",
                             labels_true[i], i, n_classes);
        if (clusters[i] < 0 || clusters[i] >= n_clusters)
            return error_set(err, ERR_DATA, "cluster %d of sample %d is outside [0, %d)",
                             clusters[i], i, n_clusters);
    }
    out->has_labels = true;
    if (n == 0) {
        /* As scikit-learn: nothing to mix up, so every score is perfect. */
        out->purity = out->homogeneity = out->completeness = out->v_measure = 1.0;
        return 0;
    }

    size_t cells = (size_t)n_classes * (size_t)n_clusters;
    long *table = calloc(cells + (size_t)n_classes + (size_t)n_clusters, sizeof *table);
    if (!table)
        return error_set(err, ERR_NOMEM, "out of memory for a %dx%d contingency table",
                         n_classes, n_clusters);
    long *class_count = table + cells, *cluster_count = class_count + n_classes;
    for (int i = 0; i < n; i++) {
        table[(size_t)labels_true[i] * (size_t)n_clusters + (size_t)clusters[i]]++;
        class_count[labels_true[i]]++;
        cluster_count[clusters[i]]++;
    }

    /* Purity: each cluster votes for its majority class. */
    long majority_sum = 0;
    for (int j = 0; j < n_clusters; j++) {
        long best = 0;
        for (int c = 0; c < n_classes; c++)
            if (table[(size_t)c * (size_t)n_clusters + (size_t)j] > best)
                best = table[(size_t)c * (size_t)n_clusters + (size_t)j];
        majority_sum += best;
    }
    out->purity = (double)majority_sum / n;

    /* Mutual information I(C; K) = sum p(c,k) log(p(c,k) / (p(c) p(k))). */
    double mi = 0.0;
    for (int c = 0; c < n_classes; c++)
        for (int j = 0; j < n_clusters; j++) {
            long nij = table[(size_t)c * (size_t)n_clusters + (size_t)j];
            if (nij > 0)
                mi += (double)nij / n *
                      log((double)nij * n / ((double)class_count[c] * (double)cluster_count[j]));
        }
    if (mi < 0.0)
        mi = 0.0; /* rounding */
    double h_class = entropy_of_counts(class_count, n_classes, n);
    double h_cluster = entropy_of_counts(cluster_count, n_clusters, n);
    free(table);

    /* homogeneity = I / H(C) = 1 - H(C|K) / H(C); one class is trivially
     * homogeneous, one cluster trivially complete (scikit-learn's choice). */
    out->homogeneity = h_class > 0.0 ? mi / h_class : 1.0;
    out->completeness = h_cluster > 0.0 ? mi / h_cluster : 1.0;
    double hc = out->homogeneity + out->completeness;
    out->v_measure = hc > 0.0 ? 2.0 * out->homogeneity * out->completeness / hc : 0.0;
    return 0;
}
