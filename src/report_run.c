/* report_run.c - the text and CSV reports of `mllab run` (one split or k
 * folds) and the --predictions file (see report.h).  The metrics come from
 * the one table in report_metrics.c; the JSON form is in report_json.c. */
#include "report_internal.h"
#include "report_metrics.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Run reports
 * ==================================================================== */

/* A short human form of a duration. */
void report_seconds(char *buf, size_t size, double s)
{
    if (!isfinite(s))
        snprintf(buf, size, "-");
    else if (s < 1e-3)
        snprintf(buf, size, "%.0f µs", s * 1e6);
    else if (s < 1.0)
        snprintf(buf, size, "%.1f ms", s * 1e3);
    else
        snprintf(buf, size, "%.2f s", s);
}

/* The metrics of a run as (label, value) rows, in report order. */
static void run_metrics_table(Table *t, const RunInfo *info, const RunResult *r)
{
    char label[64], value[32];
    for (const RunMetric *m = run_metrics; m->name; m++) {
        double v;
        if (!(m->where & METRIC_TEXT) || !run_metric_applies(m, info->algo->kind, r) ||
            !isfinite(v = m->get(r)))
            continue;
        int row = table_add_row(t);
        run_metric_text(m, v, value, sizeof value);
        table_set(t, row, 0, "%s", run_metric_label(m, r, label, sizeof label));
        table_set(t, row, 1, "%s", value);
    }
}

static const char *kind_noun(AlgoKind k)
{
    switch (k) {
    case ALGO_CLASSIFIER: return "classifier";
    case ALGO_REGRESSOR: return "regressor";
    case ALGO_CLUSTERER: return "clusterer";
    default: return "operation";
    }
}

static void setup_lines(StrBuf *sb, const RunInfo *info, const SessionScaling *sc)
{
    sb_printf(sb, "%s — %s (%s)\n", info->algo->name, info->algo->title,
              kind_noun(info->algo->kind));
    char *name = str_visible(info->dataset); /* a file name is data: no terminal controls */
    sb_printf(sb, "  dataset   %s (%d feature%s", name ? name : "?", info->n_features,
              info->n_features == 1 ? "" : "s");
    free(name);
    if (info->n_classes > 0 && info->algo->kind != ALGO_REGRESSOR)
        sb_printf(sb, ", %d classes", info->n_classes);
    sb_append(sb, ")\n");
    if (info->csv_sep)
        sb_printf(sb, "  csv       separator %s (%s)\n", info->csv_sep == '\t' ? "tab" : "';'",
                  info->csv_sep_detected ? "detected from the header line" : "--sep");
    if (info->split)
        sb_printf(sb, "  split     %s\n", info->split);
    if (sc->source == SCALING_LOADED)
        sb_printf(sb, "  scaling   %s (from the model file)\n", scale_kind_name(sc->kind));
    else
        sb_printf(sb, "  scaling   %s (%s%s)\n", scale_kind_name(sc->kind),
                  sc->is_default ? "the algorithm's default" : "chosen with --scale",
                  sc->source == SCALING_REFITTED ? "; refitted on the training part: the model file "
                                         "(version 1) does not record its scaler"
                                       : "");
}

/* The number the model says it used for param name (its JSON's
 * "params_used" object), when it differs from the text given: k-means' k=0
 * and n_init=0 mean "auto". */
static const char *auto_value(const char *model_json, const char *name, const char *text,
                              int *len)
{
    int obj_len = 0;
    const char *obj = model_json ? report_json_member(model_json, "params_used", &obj_len) : NULL;
    const char *used = obj ? report_json_member(obj, name, len) : NULL;
    if (!used || !(isdigit((unsigned char)*used) || *used == '-'))
        return NULL;
    if (*len == (int)strlen(text) && strncmp(used, text, (size_t)*len) == 0)
        return NULL;
    return used;
}

/* The params line: each value as given, or the number used marked "(auto)". */
static void params_line(StrBuf *sb, const Params *params, const char *model_json)
{
    if (!params || params->count == 0)
        return;
    sb_append(sb, "  params    ");
    for (int i = 0; i < params->count; i++) {
        const char *name = params->spec[i].name;
        const char *text = params->values[i].text ? params->values[i].text : "";
        int len = 0;
        const char *used = auto_value(model_json, name, text, &len);
        if (used)
            sb_printf(sb, "%s%s=%.*s (auto)", i ? " " : "", name, len, used);
        else
            sb_printf(sb, "%s%s=%s", i ? " " : "", name, text);
    }
    sb_append(sb, "\n");
}

/* The first predictions, when there is no truth to score them against. */
static void predictions_preview(StrBuf *sb, const RunInfo *info, const RunResult *r,
                                TableStyle style)
{
    enum { SHOWN = 10 };
    Table t;
    if (table_init(&t, 2, NULL) < 0)
        return;
    table_header(&t, 0, "test row", ALIGN_RIGHT);
    table_header(&t, 1, "predicted", info->algo->kind == ALGO_REGRESSOR ? ALIGN_RIGHT : ALIGN_LEFT);
    char buf[32];
    int n = r->test_rows < SHOWN ? r->test_rows : SHOWN;
    for (int i = 0; i < n; i++) {
        int row = table_add_row(&t);
        table_set(&t, row, 0, "%d", i + 1);
        if (info->algo->kind == ALGO_REGRESSOR)
            table_set(&t, row, 1, "%.6g", (double)r->scores[i]);
        else
            table_set(&t, row, 1, "%s", report_class_name(info->class_names, r->y_pred[i], buf,
                                                   sizeof buf));
    }
    if (r->test_rows > SHOWN)
        sb_printf(sb, "\nPredictions (the first %d of %d)\n", SHOWN, r->test_rows);
    else
        sb_append(sb, "\nPredictions\n");
    table_render(&t, style, sb);
    table_free(&t);
}

/* The rows and timing lines under the set-up. */
static void run_lines(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    char fit[32], pred[32];
    report_seconds(fit, sizeof fit, r->fit_seconds);
    report_seconds(pred, sizeof pred, r->predict_seconds);
    sb_printf(sb, "  rows      %d train, %d test\n", r->train_rows, r->test_rows);
    sb_printf(sb, "  training  %d step%s in %s; predicting the test part took %s\n", r->steps,
              r->steps == 1 ? "" : "s", fit, pred);
    if (!r->has_truth && info->algo->kind != ALGO_CLUSTERER)
        sb_append(sb, "\nThe test part has no target column: predictions only "
                      "(write them with --predictions FILE).\n");
}

/* The metric table, under its title (nothing when no metric applies). */
static void metrics_section(StrBuf *sb, const RunInfo *info, const RunResult *r,
                            TableStyle style)
{
    Table t;
    if (table_init(&t, 2, NULL) < 0)
        return;
    table_header(&t, 0, "metric", ALIGN_LEFT);
    table_header(&t, 1, "value", ALIGN_RIGHT);
    run_metrics_table(&t, info, r);
    if (t.rows > 0) {
        bool on_test = r->has_truth || info->algo->kind == ALGO_CLUSTERER;
        sb_append(sb, on_test ? "\nMetrics (test part)\n" : "\nMetrics\n");
        table_render(&t, style, sb);
    }
    table_free(&t);
}

/* A classifier scored on the test part: its confusion matrix and per-class table. */
static void class_sections(StrBuf *sb, const RunInfo *info, const RunResult *r,
                           TableStyle style)
{
    int k = r->cls.n_classes;
    if (k > REPORT_CONFUSION_MAX) { /* a k x k table would not be read (nor fit) */
        sb_printf(sb, "\nLargest confusions (%d classes: too many for the whole matrix)\n", k);
        report_confusion_top(sb, r->cls.confusion, k, info->class_names, style);
    } else {
        sb_append(sb, "\nConfusion matrix (rows: true class, columns: predicted)\n");
        report_confusion(sb, r->cls.confusion, k, info->class_names, style);
    }
    sb_append(sb, "\nPer class\n");
    report_per_class(sb, &r->cls, info->class_names, style);
}

/* The preparation pipeline's line (issue 11), when there is one, and the
 * resampling's. */
static void prep_line(StrBuf *sb, const PrepSummary *p)
{
    if (p->resample != RESAMPLE_NONE)
        sb_printf(sb, "  resample  %ssampled the training part's classes: %d -> %d rows\n",
                  resample_kind_name(p->resample), p->rows_before, p->rows_after);
    if (!p->active)
        return;
    sb_printf(sb, "  prepare   %s (%d -> %d feature%s)\n", p->steps, p->features_in,
              p->features_out, p->features_out == 1 ? "" : "s");
    if (p->unseen > 0)
        sb_printf(sb, "            %ld test cell%s of categories the training part lacks: "
                      "one-hot all zeros\n",
                  p->unseen, p->unseen == 1 ? "" : "s");
}

/* --val-size: the model's scores on the validation part, one line. */
static void validation_line(StrBuf *sb, const RunInfo *info)
{
    const RunResult *v = info->validation;
    if (!v || !v->has_truth)
        return;
    if (info->algo->kind == ALGO_CLASSIFIER)
        sb_printf(sb, "\nValidation part (%d rows): accuracy %.4f, F1 (macro) %.4f\n",
                  v->test_rows, v->cls.accuracy, v->cls.f1_macro);
    else if (info->algo->kind == ALGO_REGRESSOR)
        sb_printf(sb, "\nValidation part (%d rows): R² %.4f, MSE %.4g\n", v->test_rows,
                  v->reg.r2, v->reg.mse);
}

/* threshold=auto: the threshold the predictions used and where it was chosen. */
static void threshold_line(StrBuf *sb, const RunResult *r)
{
    if (!r->threshold_part)
        return;
    sb_printf(sb, "  threshold %.6g on the positive class's score (threshold=auto: the best F1 "
                  "on the %s part%s)\n",
              r->threshold, r->threshold_part,
              strcmp(r->threshold_part, "training") == 0 ? "; no validation part: --val-size"
                                                         : "");
}

void report_run_text(StrBuf *sb, const RunInfo *info, const RunResult *r, TableStyle style)
{
    AlgoKind kind = info->algo->kind;
    setup_lines(sb, info, &r->scaling);
    params_line(sb, info->params, r->model_json.len ? sb_str(&r->model_json) : NULL);
    prep_line(sb, &r->prep);
    threshold_line(sb, r);
    run_lines(sb, info, r);
    metrics_section(sb, info, r, style);
    validation_line(sb, info);
    if (!r->has_truth && r->test_rows > 0 && kind != ALGO_CLUSTERER)
        predictions_preview(sb, info, r, style);
    if (kind == ALGO_CLASSIFIER && r->has_truth && r->cls.confusion)
        class_sections(sb, info, r, style);
    if (r->model_json.len > 0) {
        sb_append(sb, "\nModel\n");
        report_json_summary(sb, sb_str(&r->model_json), 72);
    }
}

static void csv_metric(StrBuf *sb, const char *name, double v)
{
    if (!isfinite(v))
        return;
    sb_printf(sb, "%s,", name);
    sb_json_double(sb, v);
    sb_append(sb, "\n");
}

void report_run_csv(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    sb_append(sb, "metric,value\n");
    csv_metric(sb, "train_rows", r->train_rows);
    csv_metric(sb, "test_rows", r->test_rows);
    csv_metric(sb, "steps", r->steps);
    csv_metric(sb, "fit_seconds", r->fit_seconds);
    csv_metric(sb, "predict_seconds", r->predict_seconds);
    for (const RunMetric *m = run_metrics; m->name; m++)
        if ((m->where & METRIC_CSV) && run_metric_applies(m, info->algo->kind, r))
            csv_metric(sb, m->csv_key, m->get(r));
}

void report_csv_number(StrBuf *sb, double v)
{
    char buf[40];
    if (!isfinite(v)) {
        sb_append(sb, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    snprintf(buf, sizeof buf, "%.9g", v);
    sb_append(sb, buf);
}

/* The header: true,predicted and, for classifier scores, p_CLASS or score_CLASS. */
static void predictions_header(StrBuf *sb, const RunInfo *info, bool class_scores)
{
    char buf[48];
    sb_append(sb, "true,predicted");
    const char *prefix = info->algo->scores_are_probs ? "p_" : "score_";
    for (int j = 0; class_scores && j < info->n_classes; j++) {
        StrBuf name = STRBUF_INIT;
        sb_append(&name, prefix);
        sb_append(&name, report_class_name(info->class_names, j, buf, sizeof buf));
        sb_append(sb, ",");
        csv_field(sb, sb_str(&name));
        sb_free(&name);
    }
    sb_append(sb, "\n");
}

/* Test row i of a classifier or clusterer: labels, then the class scores. */
static void label_row(StrBuf *sb, const RunInfo *info, const RunResult *r, int i,
                      bool class_scores)
{
    char buf[48];
    int k = info->n_classes;
    if (r->has_truth && r->y_true)
        csv_field(sb, report_class_name(info->class_names, r->y_true[i], buf, sizeof buf));
    sb_append(sb, ",");
    if (info->algo->kind == ALGO_CLASSIFIER)
        csv_field(sb, report_class_name(info->class_names, r->y_pred[i], buf, sizeof buf));
    else
        sb_printf(sb, "%d", r->y_pred[i]);
    for (int j = 0; class_scores && j < k; j++) {
        sb_append(sb, ",");
        report_csv_number(sb, r->scores[(size_t)i * (size_t)k + (size_t)j]);
    }
}

void report_predictions_csv(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    AlgoKind kind = info->algo->kind;
    bool class_scores = kind == ALGO_CLASSIFIER && r->scores && info->n_classes > 0;
    predictions_header(sb, info, class_scores);
    for (int i = 0; i < r->test_rows; i++) {
        if (kind != ALGO_REGRESSOR) {
            label_row(sb, info, r, i, class_scores);
        } else {
            if (r->has_truth && r->y_value)
                report_csv_number(sb, r->y_value[i]);
            sb_append(sb, ",");
            report_csv_number(sb, r->scores[i]);
        }
        sb_append(sb, "\n");
    }
}

/* ======================================================================
 * Cross-validation of one algorithm
 * ==================================================================== */

const char *report_cv_metric_name(AlgoKind k)
{
    return k == ALGO_CLASSIFIER ? "accuracy" : k == ALGO_REGRESSOR ? "r2" : "inertia";
}

static void cv_table(StrBuf *sb, AlgoKind kind, const CvResult *cv, TableStyle style);

void report_cv_text(StrBuf *sb, const RunInfo *info, const CvResult *cv, TableStyle style)
{
    setup_lines(sb, info, &cv->scaling);
    params_line(sb, info->params, NULL);
    prep_line(sb, &cv->prep);
    if (cv->prep.active || cv->prep.resample != RESAMPLE_NONE)
        sb_append(sb, "            (fold 1's; every fold fits its own on its training part)\n");
    char fit[32], pred[32];
    report_seconds(fit, sizeof fit, cv->fit_seconds);
    report_seconds(pred, sizeof pred, cv->predict_seconds);
    sb_printf(sb, "  folds     %d (fit %s, predict %s in all)\n", cv->folds, fit, pred);
    bool val = cv->val_fold_metric != NULL;
    if (val)
        sb_printf(sb, "  validation --val-size %g of each fold's training rows (%d in fold 1), "
                      "never its test fold\n",
                  cv->val_size, cv->val_rows);
    if (cv->threshold_part)
        sb_printf(sb, "  threshold auto: each fold's best F1 on its %s part\n",
                  cv->threshold_part);
    sb_append(sb, "\n");
    cv_table(sb, info->algo->kind, cv, style);
    if (info->algo->kind == ALGO_REGRESSOR && isnan(cv->mean))
        sb_append(sb, "R² is undefined on a fold of one test row: use fewer folds.\n");
}

/* The folds' metric (and validation metric) with their mean ± std. */
static void cv_table(StrBuf *sb, AlgoKind kind, const CvResult *cv, TableStyle style)
{
    bool val = cv->val_fold_metric != NULL;
    Table t;
    if (table_init(&t, val ? 3 : 2, NULL) < 0)
        return;
    const char *metric = kind == ALGO_REGRESSOR ? "R²" : report_cv_metric_name(kind);
    table_header(&t, 0, "fold", ALIGN_LEFT);
    table_header(&t, 1, metric, ALIGN_RIGHT);
    if (val)
        table_header(&t, 2, "validation", ALIGN_RIGHT);
    for (int f = 0; f < cv->folds; f++) {
        int r = table_add_row(&t);
        table_set(&t, r, 0, "%d", f + 1);
        table_set(&t, r, 1, "%.4f", cv->fold_metric[f]);
        if (val)
            table_set(&t, r, 2, "%.4f", cv->val_fold_metric[f]);
        if (f + 1 == cv->folds)
            table_rule_after(&t, r);
    }
    int r = table_add_row(&t);
    table_set(&t, r, 0, "mean ± std");
    table_set(&t, r, 1, "%.4f ± %.4f", cv->mean, cv->std);
    if (val)
        table_set(&t, r, 2, "%.4f ± %.4f", cv->val_mean, cv->val_std);
    table_render(&t, style, sb);
    table_free(&t);
}

void report_cv_csv(StrBuf *sb, const RunInfo *info, const CvResult *cv)
{
    const char *metric = report_cv_metric_name(info->algo->kind);
    bool val = cv->val_fold_metric != NULL;
    sb_printf(sb, "fold,%s", metric);
    if (val)
        sb_printf(sb, ",val_%s", metric);
    sb_append(sb, "\n");
    for (int f = 0; f < cv->folds; f++) {
        sb_printf(sb, "%d,", f + 1);
        report_csv_number(sb, cv->fold_metric[f]);
        if (val) {
            sb_append(sb, ",");
            report_csv_number(sb, cv->val_fold_metric[f]);
        }
        sb_append(sb, "\n");
    }
    sb_append(sb, "mean,");
    report_csv_number(sb, cv->mean);
    if (val) {
        sb_append(sb, ",");
        report_csv_number(sb, cv->val_mean);
    }
    sb_append(sb, "\nstd,");
    report_csv_number(sb, cv->std);
    if (val) {
        sb_append(sb, ",");
        report_csv_number(sb, cv->val_std);
    }
    sb_append(sb, "\n");
}
