/* report_metrics.c - the table of run metrics (see report_metrics.h). */
#include "report_metrics.h"

#include <math.h>
#include <stdio.h>

static double accuracy(const RunResult *r) { return r->cls.accuracy; }
static double precision_macro(const RunResult *r) { return r->cls.precision_macro; }
static double recall_macro(const RunResult *r) { return r->cls.recall_macro; }
static double f1_macro(const RunResult *r) { return r->cls.f1_macro; }
static double precision_weighted(const RunResult *r) { return r->cls.precision_weighted; }
static double recall_weighted(const RunResult *r) { return r->cls.recall_weighted; }
static double f1_weighted(const RunResult *r) { return r->cls.f1_weighted; }
static double auc(const RunResult *r) { return r->auc; }
static double log_loss(const RunResult *r) { return r->log_loss; }
static double mse(const RunResult *r) { return r->reg.mse; }
static double rmse(const RunResult *r) { return r->reg.rmse; }
static double mae(const RunResult *r) { return r->reg.mae; }
static double r2(const RunResult *r) { return r->reg.r2; }
static double inertia(const RunResult *r) { return r->clu.inertia; }
static double purity(const RunResult *r) { return r->clu.purity; }
static double homogeneity(const RunResult *r) { return r->clu.homogeneity; }
static double completeness(const RunResult *r) { return r->clu.completeness; }
static double v_measure(const RunResult *r) { return r->clu.v_measure; }
static double train_score(const RunResult *r) { return r->train_score; }

#define ALL METRIC_EVERYWHERE
#define NOT_TEXT (METRIC_JSON | METRIC_CSV)
/* name (also the JSON and CSV key), label, task, when, where, JSON even if NaN */
#define M(name, label, task, when, where, nan) \
    { #name, label, #name, #name, "%.4f", task, when, where, nan, name }
#define T(name, label, task) \
    { #name, label, #name, #name, "%.4f", task, METRIC_TRAINING, ALL, false, train_score }

const RunMetric run_metrics[] = {
    M(accuracy, "accuracy", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, ALL, true),
    M(precision_macro, "precision (macro)", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, ALL, true),
    M(recall_macro, "recall (macro)", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, ALL, true),
    M(f1_macro, "F1 (macro)", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, ALL, true),
    M(precision_weighted, "precision (weighted)", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, NOT_TEXT,
      true),
    M(recall_weighted, "recall (weighted)", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, NOT_TEXT, true),
    M(f1_weighted, "F1 (weighted)", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, NOT_TEXT, true),
    M(auc, "AUC", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, ALL, false),
    M(log_loss, "log-loss", ALGO_CLASSIFIER, METRIC_WITH_TRUTH, ALL, false),
    T(train_accuracy, "training accuracy", ALGO_CLASSIFIER),
    M(mse, "MSE", ALGO_REGRESSOR, METRIC_WITH_TRUTH, ALL, true),
    M(rmse, "RMSE", ALGO_REGRESSOR, METRIC_WITH_TRUTH, ALL, true),
    M(mae, "MAE", ALGO_REGRESSOR, METRIC_WITH_TRUTH, ALL, true),
    M(r2, "R²", ALGO_REGRESSOR, METRIC_WITH_TRUTH, ALL, true),
    T(train_mse, "training MSE", ALGO_REGRESSOR),
    M(inertia, "inertia", ALGO_CLUSTERER, METRIC_ALWAYS, ALL, true),
    M(purity, "purity", ALGO_CLUSTERER, METRIC_WITH_LABELS, ALL, true),
    M(homogeneity, "homogeneity", ALGO_CLUSTERER, METRIC_WITH_LABELS, ALL, true),
    M(completeness, "completeness", ALGO_CLUSTERER, METRIC_WITH_LABELS, ALL, true),
    M(v_measure, "V-measure", ALGO_CLUSTERER, METRIC_WITH_LABELS, ALL, true),
    T(train_inertia, "training inertia", ALGO_CLUSTERER),
    { 0 },
};

bool run_metric_applies(const RunMetric *m, AlgoKind task, const RunResult *r)
{
    if (m->task != task)
        return false;
    switch (m->when) {
    case METRIC_WITH_TRUTH: return r->has_truth;
    case METRIC_WITH_LABELS: return r->clu.has_labels;
    default: return true;
    }
}

const char *run_metric_label(const RunMetric *m, const RunResult *r, char *buf, size_t size)
{
    if (m->when == METRIC_TRAINING && r->train_score_rows > 0 &&
        r->train_score_rows < r->train_rows)
        snprintf(buf, size, "%s (%d-row sample)", m->label, r->train_score_rows);
    else
        snprintf(buf, size, "%s", m->label);
    return buf;
}

void run_metric_text(const RunMetric *m, double v, char *buf, size_t size)
{
    if (fabs(v) >= 1e5 || (v != 0 && fabs(v) < 1e-4))
        snprintf(buf, size, "%.4g", v);
    else
        snprintf(buf, size, m->format, v);
}
