/* tui/screen_run_results.c - the Run screen's views after training: the
 * results (metrics and the confusion-matrix heatmap), the ROC curve with
 * its threshold explorer, and the misclassified test examples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_metrics.h"
#include "screen_run_internal.h"

/* ---- results ---------------------------------------------------------------------------- */

/* Cells wide enough for the largest count. */
static int count_width(const int *cm, int k)
{
    int max_count = 0;
    for (int i = 0; i < k * k; i++)
        if (cm[i] > max_count)
            max_count = cm[i];
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%d", max_count);
    int cw = (int)strlen(tmp) + 3;
    return cw < 5 ? 5 : cw;
}

static const char *class_name(char *const *names, int i)
{
    return names && names[i] ? names[i] : "?";
}

/* One cell: a shade (the heatmap), the count, and on colour terminals a
 * grey background rising with the share t of the true class. */
static void confusion_cell(Canvas *c, int cx, int cy, int cw, int v, double t, bool diagonal)
{
    canvas_fill(c, cx, cy, 1, 1, canvas_shade(c, t), diagonal ? CANVAS_COLOR_GOOD : CANVAS_COLOR_BAD,
                0, CANVAS_ATTR_SOLID);
    char num[24];
    snprintf(num, sizeof num, "%*d", cw - 2, v);
    ui_text(c, cx + 1, cy, cw - 1, v == 0 ? ST_DIM : diagonal ? ST_GOOD : ST_NORMAL, num);
    for (int q = 1; v > 0 && q < cw - 1; q++) {
        CanvasCell *cell = canvas_cell(c, cx + q, cy);
        if (cell)
            cell->bg = (uint8_t)(CANVAS_COLOR_GRAY + (int)(t * 6));
    }
}

static void confusion_row(Canvas *c, int x, int cy, const int *cm, int k, int i, int shown,
                          int cw, int label_w, char *const *names)
{
    int row_sum = 0;
    for (int j = 0; j < k; j++)
        row_sum += cm[i * k + j];
    ui_text(c, x, cy, label_w - 1, ST_HEADING, class_name(names, i));
    for (int j = 0; j < shown; j++) {
        int v = cm[i * k + j];
        double t = row_sum > 0 ? (double)v / row_sum : 0; /* share of the true class */
        confusion_cell(c, x + label_w + j * cw, cy, cw, v, t, i == j);
    }
}

/* The row labels' width: the longest class name (whole: "versicolor" was
 * cut to "versico") and a space, at most 24 cells, at least 8; narrower
 * (down to 8) when the columns would not fit. */
static int confusion_label_width(char *const *names, int k, int cw, int w)
{
    int label_w = 8;
    for (int i = 0; i < k; i++) {
        int nw = canvas_text_width(class_name(names, i)) + 1;
        if (nw > label_w)
            label_w = nw;
    }
    if (label_w > 24)
        label_w = 24;
    int room = w - k * cw;
    if (label_w > room)
        label_w = room > 8 ? room : 8;
    return label_w;
}

static void draw_confusion(Canvas *c, int x, int y, int w, int h, const int *cm, int k,
                           char *const *names, const char *title)
{
    ui_text(c, x, y, w, ST_HEADING, title);
    int cw = count_width(cm, k);
    int label_w = confusion_label_width(names, k, cw, w);
    int shown = k;
    while (shown > 1 && label_w + shown * cw > w)
        shown--;
    ui_text(c, x, y + 1, w, ST_DIM, "rows: true class, columns: predicted");
    for (int j = 0; j < shown; j++) {
        char name[16];
        snprintf(name, sizeof name, "%.*s", cw - 1, class_name(names, j));
        ui_printf(c, x + label_w + j * cw, y + 2, cw, ST_HEADING, "%*s", cw - 1, name);
    }
    for (int i = 0; i < shown && 3 + i < h; i++)
        confusion_row(c, x, y + 3 + i, cm, k, i, shown, cw, label_w, names);
    if (shown < k)
        ui_printf(c, x, y + 3 + shown, w, ST_DIM, "(%d of %d classes shown)", shown, k);
}

/* The run's metrics, read from the one table the CLI reports use
 * (src/report_metrics.h): "label value" items flowing across the lines, the
 * values formatted as the text report formats them.  Returns the rows used. */
static int draw_metrics(Canvas *c, int x, int row, int w, AlgoKind kind, const RunResult *res)
{
    int col = 0, rows = 1;
    for (const RunMetric *m = run_metrics; m->name; m++) {
        if (!(m->where & METRIC_TEXT) || !run_metric_applies(m, kind, res))
            continue;
        double v = m->get(res);
        if (!isfinite(v))
            continue;
        char label[64], value[32], item[112];
        run_metric_text(m, v, value, sizeof value);
        snprintf(item, sizeof item, "%s %s", run_metric_label(m, res, label, sizeof label), value);
        int len = canvas_text_width(item);
        if (col > 0 && col + 3 + len > w) {
            row++, rows++, col = 0;
        }
        if (col > 0)
            col += 3;
        ui_text(c, x + col, row, w - col, ST_HIGHLIGHT, item);
        col += len;
    }
    return rows;
}

static void draw_regression(Canvas *c, int x, int row, int w, const RunResult *res)
{
    row += draw_metrics(c, x + 1, row, w - 2, ALGO_REGRESSOR, res) + 1;
    ui_text(c, x + 1, row, w - 2, ST_DIM,
            "Training error falls as the model grows (degree); test error tells whether it generalises.");
}

static void draw_clustering(Canvas *c, int x, int row, int w, const RunResult *res)
{
    row += draw_metrics(c, x + 1, row, w - 2, ALGO_CLUSTERER, res) + 1;
    if (!res->clu.has_labels)
        ui_text(c, x + 1, row, w - 2, ST_DIM, "The data has no labels to compare the clusters with.");
}

/* Up to max lines of text from row on; returns the rows used. */
static int draw_lines(Canvas *c, int x, int row, int w, const char *p, int max)
{
    int n = 0;
    while (*p && n < max) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        ui_text(c, x, row + n, w, ST_NORMAL, line);
        n++;
        p = nl ? nl + 1 : p + len;
    }
    return n;
}

static void draw_classification(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    const RunResult *res = &r->result;
    int row = y;
    row += draw_metrics(c, x + 1, row, w - 2, ALGO_CLASSIFIER, res) + 1;
    StrBuf sb = STRBUF_INIT;
    report_per_class(&sb, &res->cls, r->train->class_names, c->ascii ? TABLE_ASCII : TABLE_UNICODE);
    int k = res->n_classes;
    int cm_h = (k < 12 ? k : 12) + 4;
    row += draw_lines(c, x + 1, row, w - 2, sb_str(&sb), h - (row - y) - cm_h - 1);
    sb_free(&sb);
    row++;
    draw_confusion(c, x + 1, row, w - 2, y + h - row, res->cls.confusion, k, r->train->class_names,
                   "Confusion matrix (the shade: share of the true class)");
}

void rs_draw_results(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    const RunResult *res = &r->result;
    int row = y;
    char t1[32], t2[32];
    ui_fmt_seconds(t1, sizeof t1, res->fit_seconds);
    ui_fmt_seconds(t2, sizeof t2, res->predict_seconds);
    char facts[200];
    snprintf(facts, sizeof facts, "%d training rows, %d test rows, %d steps; fit %s, predict %s",
             res->train_rows, res->test_rows, res->steps, t1, t2);
    row += ui_text_wrapped(c, x + 1, row, w - 2, 2, ST_NORMAL, facts); /* whole at 80x24 */
    if (rs->algo->kind == ALGO_REGRESSOR) {
        draw_regression(c, x, row + 1, w, res);
        return;
    }
    if (rs->algo->kind == ALGO_CLUSTERER) {
        draw_clustering(c, x, row + 1, w, res);
        return;
    }
    if (!res->has_truth) {
        ui_text(c, x + 1, row + 1, w - 2, ST_DIM, "The test part has no labels: predictions only.");
        return;
    }
    draw_classification(rs, c, x, row, w, h - (row - y));
}

/* ---- ROC and the threshold explorer ------------------------------------------------------ */

void rs_prepare_roc(RunScreen *rs)
{
    if (rs->roc_ready || rs->roc_scores)
        return; /* made, or failed: once per result */
    const RunResult *res = &rs->runner->result;
    int n = res->test_rows;
    rs->roc_scores = malloc((size_t)(n ? n : 1) * sizeof *rs->roc_scores);
    if (!rs->roc_scores)
        return;
    rs->score_lo = INFINITY;
    rs->score_hi = -INFINITY;
    for (int i = 0; i < n; i++) {
        rs->roc_scores[i] = res->scores[(size_t)i * 2 + 1];
        if (rs->roc_scores[i] < rs->score_lo) rs->score_lo = rs->roc_scores[i];
        if (rs->roc_scores[i] > rs->score_hi) rs->score_hi = rs->roc_scores[i];
    }
    Error err;
    if (metrics_roc(rs->roc_scores, res->y_true, n, &rs->roc, &err) == 0)
        rs->roc_ready = true;
    rs_prepare_pr(rs);
}

/* The score threshold the slider stands for: the probability itself, or
 * the same fraction of the way through the range of the model's scores. */
static double slider_threshold(const RunScreen *rs)
{
    if (rs->algo->scores_are_probs || !(rs->score_hi > rs->score_lo))
        return rs->threshold;
    return rs->score_lo + rs->threshold * (rs->score_hi - rs->score_lo);
}

/* The slider of the threshold explorer. */
static void draw_slider(Canvas *c, int rx, int row, int rw, double threshold)
{
    int sw = rw - 12 > 40 ? 40 : rw - 12;
    if (sw <= 4)
        return;
    canvas_fill(c, rx, row, sw, 1, c->ascii ? '-' : 0x2500, CANVAS_COLOR_DIM, 0, CANVAS_ATTR_SOLID);
    int knob = (int)lround(threshold * (sw - 1));
    canvas_fill(c, rx + knob, row, 1, 1, c->ascii ? '|' : 0x2588, CANVAS_COLOR_HIGHLIGHT, 0,
                CANVAS_ATTR_SOLID | CANVAS_ATTR_BOLD);
    ui_printf(c, rx + sw + 2, row, rw - sw - 2, ST_HIGHLIGHT, "%.2f", threshold);
}

/* The 2x2 matrix as narrow as the counts allow: fixed wide columns were
 * cut at the panel's edge on a 120-column terminal (TP 42 read "TP 4").
 * Returns the next row. */
static int draw_counts(Canvas *c, int rx, int row, int rw, const BinaryCounts *bc, int test_rows)
{
    int digits = 1;
    for (int m = test_rows; m >= 10; m /= 10)
        digits++;
    int cell = 3 + digits < 6 ? 6 : 3 + digits; /* "TN " + count, or "pred 0" */
    ui_printf(c, rx, row++, rw, ST_HEADING, "%-8s%*s  %*s", "", cell, "pred 0", cell, "pred 1");
    ui_printf(c, rx, row++, rw, ST_NORMAL, "true 0  TN %*d  FP %*d", cell - 3, bc->tn, cell - 3,
              bc->fp);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "true 1  FN %*d  TP %*d", cell - 3, bc->fn, cell - 3,
              bc->tp);
    row++;
    ui_printf(c, rx, row++, rw, ST_NORMAL, "accuracy    %.4f", bc->accuracy);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "precision   %.4f   (TP / predicted 1)", bc->precision);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "recall      %.4f   (TP / true 1)", bc->recall);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "F1          %.4f", bc->f1);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "specificity %.4f", bc->specificity);
    return row;
}

/* Right of the curve: the slider, what it means, the counts and rates. */
static void draw_explorer(const RunScreen *rs, Canvas *c, int rx, int y, int rw,
                          const BinaryCounts *bc, double thr)
{
    int row = y;
    char *const *names = rs->runner->train->class_names;
    ui_text(c, rx, row++, rw, ST_HEADING, "Threshold explorer ([ ] by 0.05)");
    row++;
    draw_slider(c, rx, row++, rw, rs->threshold);
    if (!rs->algo->scores_are_probs)
        ui_printf(c, rx, row++, rw, ST_DIM, "(scores are not probabilities: score >= %.4g)", thr);
    else
        ui_printf(c, rx, row++, rw, ST_DIM, "positive (%s) when P >= %.2f", names ? names[1] : "1",
                  thr);
    row++;
    row = draw_counts(c, rx, row, rw, bc, rs->runner->result.test_rows);
    row++;
    ui_text(c, rx, row++, rw, ST_DIM, "Lower the threshold: more positives, recall up, precision down.");
    const RunResult *res = &rs->runner->result;
    if (!res->threshold_part)
        return;
    /* threshold=auto: the run's threshold and where it was chosen (two
     * short lines: the column is narrow at 120 columns). */
    ui_printf(c, rx, row++, rw, ST_DIM, "threshold=auto chose %.4g:", res->threshold);
    ui_printf(c, rx, row, rw, ST_DIM, "the best F1 on the %s part", res->threshold_part);
}

void rs_draw_roc(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const RunResult *res = &rs->runner->result;
    if (!rs->roc_ready || !rs->roc_scores) {
        ui_text(c, x + 1, y + 1, w - 2, ST_DIM, "No ROC curve: both classes must be in the test part.");
        return;
    }
    double thr = slider_threshold(rs);
    BinaryCounts bc = metrics_at_threshold(rs->roc_scores, res->y_true, res->test_rows, thr);
    /* ROC above, precision-recall below it (issue 11), the explorer right. */
    int top = h / 2;
    int pw = w / 2 < top * 2 + 10 ? w / 2 : top * 2 + 10;
    rs_draw_pr(rs, c, x, y + top, pw, h - top, &bc);
    h = top;
    PlotArea a = { x + 8, y + 1, pw - 9, h - 4, 0, 1, 0, 1 };
    ui_printf(c, x + 1, y, pw, ST_HEADING, "ROC curve, AUC %.4f", rs->roc.auc);
    canvas_axes(c, &a);
    canvas_line(c, &a, 0, 0, 1, 1, CANVAS_COLOR_DIM);
    canvas_polyline(c, &a, rs->roc.fpr, rs->roc.tpr, rs->roc.n, 1);
    double fpr = bc.fp + bc.tn > 0 ? (double)bc.fp / (bc.fp + bc.tn) : 0;
    canvas_marker(c, &a, fpr, bc.recall, 0x25C9, CANVAS_COLOR_HIGHLIGHT);
    ui_text(c, x + 1, y + h - 2, pw, ST_DIM, "x: false positive rate  y: true positive rate");
    draw_explorer(rs, c, x + pw + 2, y, w - pw - 3, &bc, thr);
}

/* ---- misclassified examples ------------------------------------------------------------- */

int rs_count_errors(const RunResult *res)
{
    int wrong = 0;
    for (int i = 0; i < res->test_rows; i++)
        wrong += res->y_pred[i] != res->y_true[i];
    return wrong;
}

/* The index of the next misclassified row from i on, or n. */
static int next_error(const RunResult *res, int i)
{
    while (i < res->test_rows && res->y_pred[i] == res->y_true[i])
        i++;
    return i;
}

/* The misclassified row `skip` places after the first, or n. */
static int nth_error(const RunResult *res, int skip)
{
    int i = next_error(res, 0);
    for (int k = 0; k < skip && i < res->test_rows; k++)
        i = next_error(res, i + 1);
    return i;
}

/* Image sets: the misclassified images in a grid, "true>predicted". */
static void draw_error_images(const Runner *r, Canvas *c, int x, int y, int w, int h, int first)
{
    const RunResult *res = &r->result;
    const Dataset *test = r->test;
    char *const *names = r->train->class_names;
    int iw = test->image_w, ih = test->image_h, cell_h = (ih + 1) / 2 + 1;
    int cols = (w - 2) / (iw + 2), rows = (h - 2) / (cell_h + 1);
    cols = cols < 1 ? 1 : cols;
    rows = rows < 1 ? 1 : rows;
    int shown = 0;
    for (int i = nth_error(res, first); i < res->test_rows && shown < cols * rows;
         i = next_error(res, i + 1), shown++) {
        int gx = x + 1 + (shown % cols) * (iw + 2), gy = y + 2 + (shown / cols) * (cell_h + 1);
        ui_image_row(c, gx, gy, &test->X, i, iw, ih); /* floats or bytes */
        char label[64];
        snprintf(label, sizeof label, "%s>%s", class_name(names, res->y_true[i]),
                 class_name(names, res->y_pred[i]));
        ui_text(c, gx, gy + (ih + 1) / 2, iw + 1, ST_ERROR, label);
    }
}

/* Other sets: a table of the misclassified rows. */
static void draw_error_rows(const Runner *r, Canvas *c, int x, int y, int w, int h, int first)
{
    const RunResult *res = &r->result;
    char *const *names = r->train->class_names;
    ui_text(c, x + 1, y + 1, w - 2, ST_DIM, "  test row  true           predicted      score of the prediction");
    int shown = 0;
    for (int i = nth_error(res, first); i < res->test_rows && shown < h - 3;
         i = next_error(res, i + 1), shown++) {
        char score[32] = "-";
        if (res->scores)
            ui_fmt(score, sizeof score, res->scores[(size_t)i * res->n_classes + res->y_pred[i]]);
        ui_printf(c, x + 1, y + 2 + shown, w - 2, ST_NORMAL, "  %8d  %-13.13s  %-13.13s  %s", i,
                  class_name(names, res->y_true[i]), class_name(names, res->y_pred[i]), score);
    }
}

void rs_draw_errors(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    int n = r->result.test_rows, wrong = rs_count_errors(&r->result);
    ui_printf(c, x + 1, y, w - 2, ST_HEADING, "%d of %d test examples misclassified (, and . page)", wrong, n);
    if (wrong == 0)
        return;
    int first = rs->errors_first >= 0 && rs->errors_first < wrong ? rs->errors_first : 0;
    if (r->test->image_w > 0)
        draw_error_images(r, c, x, y, w, h, first);
    else
        draw_error_rows(r, c, x, y, w, h, first);
}
