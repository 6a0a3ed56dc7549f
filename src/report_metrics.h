/* report_metrics.h - the one table of the metrics a run reports.
 *
 * The text, JSON and CSV run reports walk run_metrics[] (in report order)
 * instead of each listing the metrics, so a metric is added or renamed here
 * once, and a front end (the TUI's results view) can show the same list.
 * Each entry says which task it belongs to, when it applies (the test part
 * has a target, the clusters can be compared with labels, ...), where it
 * appears, and how to read it from a RunResult. */
#ifndef MLLAB_REPORT_METRICS_H
#define MLLAB_REPORT_METRICS_H

#include <stdbool.h>
#include <stddef.h>

#include "eval.h"

typedef enum {
    METRIC_WITH_TRUTH,  /* on the test part, when it has a target */
    METRIC_ALWAYS,      /* on the test part, always (clusterers: inertia) */
    METRIC_WITH_LABELS, /* clusterers, when the data has labels to compare with */
    METRIC_TRAINING,    /* on (a sample of) the training part: RunResult.train_score */
} MetricWhen;

/* Where a metric appears (bits of RunMetric.where). */
enum { METRIC_TEXT = 1, METRIC_JSON = 2, METRIC_CSV = 4, METRIC_EVERYWHERE = 7 };

typedef struct RunMetric {
    const char *name;     /* identifier: "precision_macro" */
    const char *label;    /* text table: "precision (macro)" */
    const char *json_key; /* member of the JSON report's "metrics" object */
    const char *csv_key;  /* metric name in the CSV report's metric,value rows */
    const char *format;   /* text value, "%.4f" (run_metric_text uses "%.4g" for
                             magnitudes beyond [1e-4, 1e5)) */
    AlgoKind task;
    MetricWhen when;
    unsigned where;       /* METRIC_TEXT | METRIC_JSON | METRIC_CSV */
    bool json_if_nan;     /* JSON writes it even when not finite (as null); elsewhere
                             a value that is not finite is left out */
    double (*get)(const RunResult *r);
} RunMetric;

/* Every run metric, in report order; ends with an entry whose name is NULL. */
extern const RunMetric run_metrics[];

/* Does m belong to a run of this task with this result (truth, labels)? */
bool run_metric_applies(const RunMetric *m, AlgoKind task, const RunResult *r);
/* The text label; a training metric computed on a sample says so:
 * "training accuracy (2000-row sample)". */
const char *run_metric_label(const RunMetric *m, const RunResult *r, char *buf, size_t size);
/* The value as the text report shows it ("0.9649", "2.41e+06"). */
void run_metric_text(const RunMetric *m, double v, char *buf, size_t size);

#endif
