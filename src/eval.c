/* eval.c - running algorithms on data, shared by the CLI and the TUI
 * (see eval.h).
 *
 * session_evaluate predicts the test part with a session's model and scores
 * it.  Opening, stepping and closing sessions (and their scaling) is in
 * session.c; loading and dividing the data in eval_load.c;
 * eval_cross_validate and eval_compare, which build on the same pieces, in
 * eval_compare.c.  Nothing here prints. */
#include "eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"
#include "timer.h"

/* ---------------------------------------------------------------- evaluation */

/* X and y of an even sample of at most `max` rows of ds (views when all rows
 * are used).  *own tells whether Xs must be freed. */
static int sample_rows(const Dataset *ds, int max, Mat *Xs, int **ys, bool *own, Error *err)
{
    int n = ds->X.rows;
    *own = false;
    if (n <= max) {
        *Xs = ds->X;
        *ys = ds->y;
        return n;
    }
    int *idx = malloc((size_t)max * sizeof *idx);
    if (!idx)
        return error_set(err, ERR_NOMEM, "out of memory sampling rows");
    for (int i = 0; i < max; i++)
        idx[i] = (int)((long long)i * n / max);
    if (mat_gather_rows(Xs, &ds->X, idx, max, err) < 0) {
        free(idx);
        return -1;
    }
    *ys = NULL;
    if (ds->y) {
        /* Reuse idx for the labels. */
        for (int i = 0; i < max; i++)
            idx[i] = ds->y[idx[i]];
        *ys = idx;
    } else {
        free(idx);
    }
    *own = true;
    return max;
}

/* Accuracy of a classifier on (a sample of) its training part. */
static double train_accuracy(Session *s, int *rows_used, Error *err)
{
    Mat X = { 0 };
    int *y = NULL;
    bool own = false;
    int n = sample_rows(s->train, EVAL_TRAIN_SCORE_ROWS, &X, &y, &own, err);
    if (n < 0)
        return NAN;
    double acc = NAN;
    int *pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *pred);
    if (pred && y && s->algo->predict(s->model, &X, pred, NULL, err) == 0)
        acc = metrics_accuracy(y, pred, n);
    free(pred);
    if (own) {
        mat_free(&X);
        free(y);
    }
    *rows_used = n;
    return acc;
}

/* MSE of a regressor on (a sample of) its training part. */
static double train_mse(Session *s, int *rows_used, Error *err)
{
    const Dataset *tr = s->train;
    int n = tr->X.rows, m = n <= EVAL_TRAIN_SCORE_ROWS ? n : EVAL_TRAIN_SCORE_ROWS;
    Mat X = tr->X;
    bool own = false;
    int *idx = NULL;
    if (m < n) {
        idx = malloc((size_t)m * sizeof *idx);
        if (!idx)
            return NAN;
        for (int i = 0; i < m; i++)
            idx[i] = (int)((long long)i * n / m);
        if (mat_gather_rows(&X, &tr->X, idx, m, err) < 0) {
            free(idx);
            return NAN;
        }
        own = true;
    }
    double mse = NAN;
    float *pred = malloc((size_t)(m > 0 ? m : 1) * sizeof *pred);
    float *truth = malloc((size_t)(m > 0 ? m : 1) * sizeof *truth);
    if (pred && truth && tr->target && s->algo->predict(s->model, &X, NULL, pred, err) == 0) {
        for (int i = 0; i < m; i++)
            truth[i] = tr->target[idx ? idx[i] : i];
        mse = metrics_regression(truth, pred, m).mse;
    }
    free(pred);
    free(truth);
    free(idx);
    if (own)
        mat_free(&X);
    *rows_used = m;
    return mse;
}

/* AUC of the scores (n x k): binary, from the positive class's column; more
 * classes, the macro average of the one-vs-rest AUCs.  NaN when a class is
 * missing from y, -1 when memory ran out. */
static double scores_auc(const float *scores, const int *y, int n, int k)
{
    float *column = malloc((size_t)(n > 0 ? n : 1) * sizeof *column);
    int *is_class = malloc((size_t)(n > 0 ? n : 1) * sizeof *is_class);
    if (!column || !is_class) {
        free(column);
        free(is_class);
        return -1;
    }
    int first = k == 2 ? 1 : 0;
    double sum = 0;
    for (int c = first; c < k; c++) {
        for (int i = 0; i < n; i++) {
            column[i] = scores[(size_t)i * (size_t)k + (size_t)c];
            is_class[i] = y[i] == c;
        }
        sum += metrics_auc(column, is_class, n);
    }
    free(column);
    free(is_class);
    return sum / (k - first);
}

/* The scores of n rows in k classes and the k x k confusion matrix (with
 * the per-class tables and a report's copy) fit the memory budget? */
static int check_class_budget(int n, int k, Error *err)
{
    size_t kk = budget_mul((size_t)k, (size_t)k);
    size_t bytes = budget_add(budget_mul(budget_mul((size_t)n, (size_t)k), sizeof(float)),
                              budget_mul(kk, 3 * sizeof(int)));
    char what[128];
    snprintf(what, sizeof what, "scoring %d test rows in %d classes (a %dx%d confusion matrix)", n,
             k, k, k);
    return budget_check(bytes, what, err);
}

/* Scores that overflowed (decision values of features near FLT_MAX, say) are
 * an error, never a silently ranked ROC or precision-recall curve. */
static int check_scores_finite(const Session *s, const float *scores, size_t ns, Error *err)
{
    for (size_t i = 0; i < ns; i++)
        if (!isfinite(scores[i]))
            return error_set(err, ERR_DATA,
                             "%s: the scores of the test part are not finite (%g): the inputs "
                             "are too large for the model (try --scale standard)",
                             s->algo->name, (double)scores[i]);
    return 0;
}

/* ---------------------------------------------------------------- threshold=auto */

/* The score of the positive class (column 1 of n x 2 scores) and y as 0/1. */
static int positive_scores(const float *scores, const int *y, int n, float **pos, int **y01)
{
    *pos = malloc((size_t)(n > 0 ? n : 1) * sizeof **pos);
    *y01 = malloc((size_t)(n > 0 ? n : 1) * sizeof **y01);
    if (!*pos || !*y01)
        return -1;
    for (int i = 0; i < n; i++) {
        (*pos)[i] = scores[2 * (size_t)i + 1];
        (*y01)[i] = y[i] == 1;
    }
    return 0;
}

/* The threshold of the curve's point with the highest F1 (the first, i.e.
 * the highest threshold, on a tie). */
static double best_f1_point(const PrCurve *pr)
{
    double best = -1.0, t = INFINITY;
    for (int i = 1; i < pr->n; i++) {
        double p = pr->precision[i], r = pr->recall[i];
        double f1 = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
        if (f1 > best) {
            best = f1;
            t = pr->threshold[i];
        }
    }
    return t;
}

/* The threshold among the distinct scores of part X (labels y) whose rule
 * "positive when score >= t" has the highest F1 of class 1 (ties: the
 * highest t).  ERR_DATA when the part lacks a class. */
static int best_f1_threshold(Session *s, const Mat *X, const int *y, double *out, Error *err)
{
    int n = X->rows;
    float *scores = malloc((size_t)(n > 0 ? n : 1) * 2 * sizeof *scores), *pos = NULL;
    int *labels = malloc((size_t)(n > 0 ? n : 1) * sizeof *labels), *y01 = NULL;
    PrCurve pr = { 0 };
    int rc = scores && labels ? 0 : error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0)
        rc = s->algo->predict(s->model, X, labels, scores, err);
    if (rc == 0 && positive_scores(scores, y, n, &pos, &y01) < 0)
        rc = error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0 && (rc = metrics_pr_curve(pos, y01, n, &pr, err)) == 0)
        *out = best_f1_point(&pr);
    pr_free(&pr);
    free(scores), free(labels), free(pos), free(y01);
    return rc;
}

/* Choose the threshold once: on the validation part when there is one, else
 * on (an even sample of) the training part. */
static int choose_threshold(Session *s, Error *err)
{
    if (s->threshold_chosen)
        return 0;
    const Dataset *part = s->val ? s->val : s->train;
    Mat X = part->X;
    int *y = part->y;
    bool own = false;
    if (!s->val && sample_rows(part, EVAL_TRAIN_SCORE_ROWS, &X, &y, &own, err) < 0)
        return -1;
    int rc = y ? best_f1_threshold(s, &X, y, &s->threshold, err)
               : error_set(err, ERR_DATA, "threshold=auto: the part has no classes");
    if (own) {
        mat_free(&X);
        free(y);
    }
    if (rc < 0)
        return error_prefix(err, s->val ? "threshold=auto on the validation part"
                                        : "threshold=auto on the training part");
    s->threshold_chosen = true;
    s->threshold_part = s->val ? "validation" : "training";
    return 0;
}

/* threshold=auto: the predictions are the positive class's score against
 * the chosen threshold. */
static int apply_threshold(Session *s, RunResult *r, int n, int k, Error *err)
{
    if (k != 2)
        return error_set(err, ERR_USAGE, "threshold=auto is for two classes (%s has %d)",
                         s->algo->name, k);
    if (!r->scores)
        return error_set(err, ERR_USAGE, "threshold=auto: %s gives no scores to threshold",
                         s->algo->name);
    if (choose_threshold(s, err) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        r->y_pred[i] = (double)r->scores[2 * (size_t)i + 1] >= s->threshold;
    r->threshold = s->threshold;
    r->threshold_part = s->threshold_part;
    return 0;
}

/* Predict the test part's labels and scores into r (scores NULL when the
 * model gives none); a label outside the classes or a score that is not
 * finite is an error. */
static int classifier_predict(Session *s, RunResult *r, int n, int k, Error *err)
{
    r->y_pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_pred);
    r->scores = malloc((size_t)(n > 0 ? n : 1) * (size_t)(k > 0 ? k : 1) * sizeof *r->scores);
    if (!r->y_pred || !r->scores)
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", n);
    size_t ns = (size_t)n * (size_t)k;
    for (size_t i = 0; i < ns; i++)
        r->scores[i] = NAN; /* still NaN afterwards: the model gives no scores */
    double t0 = timer_now();
    if (s->algo->predict(s->model, &s->test->X, r->y_pred, r->scores, err) < 0)
        return -1;
    r->predict_seconds = timer_now() - t0;
    for (int i = 0; i < n; i++)
        if (r->y_pred[i] < 0 || r->y_pred[i] >= k)
            return error_set(err, ERR_INTERNAL, "%s predicted class %d, outside [0, %d)",
                             s->algo->name, r->y_pred[i], k);
    bool any_score = false;
    for (size_t i = 0; i < ns && !any_score; i++)
        any_score = !isnan(r->scores[i]);
    if (any_score)
        return check_scores_finite(s, r->scores, ns, err);
    free(r->scores);
    r->scores = NULL;
    return 0;
}

/* The metrics of r's predictions against the test part's classes. */
static int classifier_metrics(Session *s, RunResult *r, int n, int k, Error *err)
{
    r->y_true = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_true);
    if (!r->y_true)
        return error_set(err, ERR_NOMEM, "out of memory");
    memcpy(r->y_true, s->test->y, (size_t)n * sizeof *r->y_true);
    if (metrics_classification(r->y_true, r->y_pred, n, k, &r->cls, err) < 0)
        return -1;
    if (r->scores && k >= 2 && (r->auc = scores_auc(r->scores, r->y_true, n, k)) == -1)
        return error_set(err, ERR_NOMEM, "out of memory");
    if (r->scores && s->algo->scores_are_probs)
        r->log_loss = metrics_log_loss(r->scores, r->y_true, n, k);
    return 0;
}

static int evaluate_classifier(Session *s, RunResult *r, Error *err)
{
    int n = s->test->X.rows, k = s->train->n_classes;
    r->n_classes = k;
    if (check_class_budget(n, k, err) < 0 || classifier_predict(s, r, n, k, err) < 0)
        return -1;
    if (s->threshold_auto && apply_threshold(s, r, n, k, err) < 0)
        return -1;
    if (r->has_truth && classifier_metrics(s, r, n, k, err) < 0)
        return -1;
    Error ignored = { 0 };
    r->train_score = train_accuracy(s, &r->train_score_rows, &ignored);
    return 0;
}

static int evaluate_regressor(Session *s, RunResult *r, Error *err)
{
    const Dataset *test = s->test;
    int n = test->X.rows;
    r->scores = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->scores);
    if (!r->scores)
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", n);
    double t0 = timer_now();
    if (s->algo->predict(s->model, &test->X, NULL, r->scores, err) < 0)
        return -1;
    r->predict_seconds = timer_now() - t0;
    if (r->has_truth) {
        r->y_value = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_value);
        if (!r->y_value)
            return error_set(err, ERR_NOMEM, "out of memory");
        memcpy(r->y_value, test->target, (size_t)n * sizeof *r->y_value);
        r->reg = metrics_regression(r->y_value, r->scores, n);
    }
    Error ignored = { 0 };
    r->train_score = train_mse(s, &r->train_score_rows, &ignored);
    return 0;
}

/* Mean of the rows of X in each cluster into C (k x d); clusters without
 * rows keep what C had. */
static void cluster_means(const Mat *X, const int *assign, int k, Mat *C, int *count)
{
    int d = X->cols;
    for (int c = 0; c < k; c++)
        count[c] = 0;
    double *sum = calloc((size_t)k * (size_t)d + 1, sizeof *sum);
    float *buf = malloc((size_t)(d ? d : 1) * sizeof *buf); /* a row of a byte-backed X */
    if (!sum || !buf) {
        free(sum);
        free(buf);
        return;
    }
    for (int i = 0; i < X->rows; i++) {
        const float *x = mat_rows_f32(X, i, 1, buf);
        double *acc = sum + (size_t)assign[i] * (size_t)d;
        for (int j = 0; j < d; j++)
            acc[j] += x[j];
        count[assign[i]]++;
    }
    for (int c = 0; c < k; c++)
        if (count[c] > 0)
            for (int j = 0; j < d; j++)
                MAT_AT(C, c, j) = (float)(sum[(size_t)c * (size_t)d + (size_t)j] / count[c]);
    free(sum);
    free(buf);
}

static int evaluate_clusterer(Session *s, RunResult *r, Error *err)
{
    const Dataset *test = s->test, *train = s->train;
    int n = test->X.rows, nt = train->X.rows;
    r->y_pred = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_pred);
    int *train_pred = malloc((size_t)(nt > 0 ? nt : 1) * sizeof *train_pred);
    if (!r->y_pred || !train_pred) {
        free(train_pred);
        return error_set(err, ERR_NOMEM, "out of memory for %d predictions", n);
    }
    double t0 = timer_now();
    int rc = s->algo->predict(s->model, &test->X, r->y_pred, NULL, err);
    r->predict_seconds = timer_now() - t0;
    if (rc == 0)
        rc = s->algo->predict(s->model, &train->X, train_pred, NULL, err);
    int k = 0;
    for (int i = 0; rc == 0 && i < n; i++)
        if (r->y_pred[i] >= k)
            k = r->y_pred[i] + 1;
    for (int i = 0; rc == 0 && i < nt; i++)
        if (train_pred[i] >= k)
            k = train_pred[i] + 1;
    for (int i = 0; rc == 0 && i < n; i++)
        if (r->y_pred[i] < 0)
            rc = error_set(err, ERR_INTERNAL, "%s predicted cluster %d", s->algo->name,
                           r->y_pred[i]);
    for (int i = 0; rc == 0 && i < nt; i++)
        if (train_pred[i] < 0)
            rc = error_set(err, ERR_INTERNAL, "%s predicted cluster %d", s->algo->name,
                           train_pred[i]);
    if (rc < 0) {
        free(train_pred);
        return -1;
    }
    /* Centroids: the means of the training points of each cluster (test
     * points stand in for a cluster no training point fell into). */
    Mat C = { 0 };
    int *count = malloc((size_t)(k > 0 ? k : 1) * sizeof *count);
    if (!count || mat_alloc(&C, k, test->X.cols, err) < 0) {
        free(count);
        free(train_pred);
        return error_set(err, ERR_NOMEM, "out of memory for centroids");
    }
    cluster_means(&test->X, r->y_pred, k, &C, count);
    cluster_means(&train->X, train_pred, k, &C, count);
    r->clu.inertia = metrics_inertia(&test->X, r->y_pred, &C);
    r->train_score = metrics_inertia(&train->X, train_pred, &C);
    r->train_score_rows = nt;
    mat_free(&C);
    free(count);
    free(train_pred);
    r->n_classes = k;
    if (r->has_truth) {
        r->y_true = malloc((size_t)(n > 0 ? n : 1) * sizeof *r->y_true);
        if (!r->y_true)
            return error_set(err, ERR_NOMEM, "out of memory");
        memcpy(r->y_true, test->y, (size_t)n * sizeof *r->y_true);
        double inertia = r->clu.inertia;
        if (metrics_clustering(r->y_true, test->n_classes, r->y_pred, k, n, &r->clu, err) < 0)
            return -1;
        r->clu.inertia = inertia;
    }
    return 0;
}

int session_evaluate(Session *s, RunResult *r, Error *err)
{
    memset(r, 0, sizeof *r);
    r->algo = s->algo;
    r->scaling = s->scaling;
    r->prep = s->prep;
    r->auc = r->log_loss = r->train_score = r->threshold = NAN;
    r->reg.mse = r->reg.rmse = r->reg.mae = r->reg.r2 = NAN;
    r->clu.inertia = NAN;
    if (!s->model || !s->test)
        return error_set(err, ERR_INTERNAL, "nothing to evaluate: no model or no test part");
    const Dataset *test = s->test;
    r->train_rows = s->train->X.rows;
    r->test_rows = test->X.rows;
    r->steps = s->steps;
    r->fit_seconds = s->fit_seconds;
    int rc;
    switch (s->algo->kind) {
    case ALGO_CLASSIFIER:
        r->has_truth = s->test_has_target && test->y != NULL;
        rc = evaluate_classifier(s, r, err);
        break;
    case ALGO_REGRESSOR:
        r->has_truth = s->test_has_target && test->target != NULL;
        rc = evaluate_regressor(s, r, err);
        break;
    case ALGO_CLUSTERER:
        r->has_truth = s->test_has_target && test->y != NULL && test->n_classes > 0;
        rc = evaluate_clusterer(s, r, err);
        break;
    default:
        rc = error_set(err, ERR_USAGE, "%s cannot be evaluated", s->algo->name);
    }
    if (rc < 0) {
        run_result_free(r);
        return -1;
    }
    if (s->algo->model_json)
        s->algo->model_json(s->model, s->train, &r->model_json);
    return 0;
}

int session_evaluate_val(Session *s, RunResult *r, Error *err)
{
    if (!s->val)
        return error_set(err, ERR_USAGE, "the session has no validation part");
    const Dataset *test = s->test;
    bool has_target = s->test_has_target;
    s->test = s->val;
    s->test_has_target = s->val->has_target;
    int rc = session_evaluate(s, r, err);
    s->test = test;
    s->test_has_target = has_target;
    return rc;
}

void run_result_free(RunResult *r)
{
    if (!r)
        return;
    free(r->y_true);
    free(r->y_pred);
    free(r->scores);
    free(r->y_value);
    class_report_free(&r->cls);
    sb_free(&r->model_json);
    memset(r, 0, sizeof *r);
    r->auc = r->log_loss = r->train_score = NAN;
}
