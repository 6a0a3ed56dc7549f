/* tui/screen_run_results.c - the Run screen's views after training: the
 * results (metrics and the confusion-matrix heatmap), the ROC curve with
 * its threshold explorer, and the misclassified test examples. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

/* ---- results ---------------------------------------------------------------------------- */

static void draw_confusion(Canvas *c, int x, int y, int w, int h, const int *cm, int k,
                           char *const *names, const char *title)
{
    ui_text(c, x, y, w, ST_HEADING, title);
    int label_w = 8;
    int max_count = 0;
    for (int i = 0; i < k * k; i++)
        if (cm[i] > max_count)
            max_count = cm[i];
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%d", max_count);
    int cw = (int)strlen(tmp) + 3;
    if (cw < 5)
        cw = 5;
    int shown = k;
    while (shown > 1 && label_w + shown * cw > w)
        shown--;
    ui_text(c, x, y + 1, w, ST_DIM, "rows: true class, columns: predicted");
    for (int j = 0; j < shown; j++) {
        char name[16];
        snprintf(name, sizeof name, "%.*s", cw - 1, names && names[j] ? names[j] : "?");
        ui_printf(c, x + label_w + j * cw, y + 2, cw, ST_HEADING, "%*s", cw - 1, name);
    }
    for (int i = 0; i < shown && y + 3 + i < y + h; i++) {
        int row_sum = 0;
        for (int j = 0; j < k; j++)
            row_sum += cm[i * k + j];
        char name[16];
        snprintf(name, sizeof name, "%.7s", names && names[i] ? names[i] : "?");
        ui_text(c, x, y + 3 + i, label_w, ST_HEADING, name);
        for (int j = 0; j < shown; j++) {
            int v = cm[i * k + j];
            double t = row_sum > 0 ? (double)v / row_sum : 0; /* share of the true class */
            int cx = x + label_w + j * cw;
            /* A shade cell (the heatmap) and the count. */
            uint32_t shade = canvas_shade(c, t);
            canvas_fill(c, cx, y + 3 + i, 1, 1, shade, i == j ? CANVAS_COLOR_GOOD : CANVAS_COLOR_BAD,
                        0, CANVAS_ATTR_SOLID);
            char num[24];
            snprintf(num, sizeof num, "%*d", cw - 2, v);
            ui_text(c, cx + 1, y + 3 + i, cw - 1, v == 0 ? ST_DIM : i == j ? ST_GOOD : ST_NORMAL, num);
            if (c->w > 0 && v > 0) {
                /* Grey background rising with the share (colour terminals). */
                for (int q = 1; q < cw - 1; q++) {
                    CanvasCell *cell = canvas_cell(c, cx + q, y + 3 + i);
                    if (cell)
                        cell->bg = (uint8_t)(CANVAS_COLOR_GRAY + (int)(t * 6));
                }
            }
        }
    }
    if (shown < k)
        ui_printf(c, x, y + 3 + shown, w, ST_DIM, "(%d of %d classes shown)", shown, k);
}

void rs_draw_results(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    const RunResult *res = &r->result;
    int row = y;
    char a[32], b[32], t1[32], t2[32];
    ui_fmt_seconds(t1, sizeof t1, res->fit_seconds);
    ui_fmt_seconds(t2, sizeof t2, res->predict_seconds);
    ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "%d training rows, %d test rows, %d steps; fit %s, predict %s",
              res->train_rows, res->test_rows, res->steps, t1, t2);
    if (rs->algo->kind == ALGO_REGRESSOR) {
        row++;
        ui_text(c, x + 1, row++, w - 2, ST_HEADING, "error       training      test");
        ui_fmt(a, sizeof a, res->train_score);
        ui_fmt(b, sizeof b, res->reg.mse);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "MSE     %12s %12s", a, b);
        ui_fmt(b, sizeof b, res->reg.rmse);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "RMSE    %12s %12s", "", b);
        ui_fmt(b, sizeof b, res->reg.mae);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "MAE     %12s %12s", "", b);
        ui_fmt(b, sizeof b, res->reg.r2);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "R2      %12s %12s", "", b);
        row++;
        ui_text(c, x + 1, row++, w - 2, ST_DIM,
                "Training error falls as the model grows (degree); test error tells whether it generalises.");
        return;
    }
    if (rs->algo->kind == ALGO_CLUSTERER) {
        row++;
        const ClusterReport *cr = &res->clu;
        ui_fmt(a, sizeof a, res->train_score);
        ui_fmt(b, sizeof b, cr->inertia);
        ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "inertia: training %s, test %s", a, b);
        if (cr->has_labels) {
            ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "against the true labels (test): purity %.4f",
                      cr->purity);
            ui_printf(c, x + 1, row++, w - 2, ST_NORMAL,
                      "homogeneity %.4f   completeness %.4f   V-measure %.4f", cr->homogeneity,
                      cr->completeness, cr->v_measure);
        }
        return;
    }
    if (!res->has_truth) {
        ui_text(c, x + 1, row + 1, w - 2, ST_DIM, "The test part has no labels: predictions only.");
        return;
    }
    ui_fmt(a, sizeof a, res->auc);
    ui_fmt(b, sizeof b, res->log_loss);
    ui_printf(c, x + 1, row++, w - 2, ST_HIGHLIGHT,
              "accuracy %.4f (training %.4f)   macro F1 %.4f   AUC %s   log loss %s", res->cls.accuracy,
              res->train_score, res->cls.f1_macro, a, b);
    row++;
    StrBuf sb = STRBUF_INIT;
    report_per_class(&sb, &res->cls, r->train->class_names, c->ascii ? TABLE_ASCII : TABLE_UNICODE);
    int table_rows = 0;
    const char *p = sb_str(&sb);
    int k = res->n_classes;
    int cm_h = (k < 12 ? k : 12) + 4;
    int table_room = h - (row - y) - cm_h - 1;
    while (*p && table_rows < table_room) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[512];
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        ui_text(c, x + 1, row++, w - 2, ST_NORMAL, line);
        table_rows++;
        p = nl ? nl + 1 : p + len;
    }
    sb_free(&sb);
    row++;
    draw_confusion(c, x + 1, row, w - 2, y + h - row, res->cls.confusion, k, r->train->class_names,
                   "Confusion matrix (the shade: share of the true class)");
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
}

/* The score threshold the slider stands for: the probability itself, or
 * the same fraction of the way through the range of the model's scores. */
static double slider_threshold(const RunScreen *rs)
{
    if (rs->algo->scores_are_probs || !(rs->score_hi > rs->score_lo))
        return rs->threshold;
    return rs->score_lo + rs->threshold * (rs->score_hi - rs->score_lo);
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
    int pw = w / 2 < h * 2 + 10 ? w / 2 : h * 2 + 10;
    PlotArea a = { x + 8, y + 1, pw - 9, h - 4, 0, 1, 0, 1 };
    ui_printf(c, x + 1, y, pw, ST_HEADING, "ROC curve, AUC %.4f", rs->roc.auc);
    canvas_axes(c, &a);
    canvas_line(c, &a, 0, 0, 1, 1, CANVAS_COLOR_DIM);
    canvas_polyline(c, &a, rs->roc.fpr, rs->roc.tpr, rs->roc.n, 1);
    double fpr = bc.fp + bc.tn > 0 ? (double)bc.fp / (bc.fp + bc.tn) : 0;
    canvas_marker(c, &a, fpr, bc.recall, 0x25C9, CANVAS_COLOR_HIGHLIGHT);
    ui_text(c, x + 1, y + h - 2, pw, ST_DIM, "x: false positive rate  y: true positive rate");
    /* The explorer. */
    int rx = x + pw + 2, rw = w - pw - 3, row = y;
    ui_text(c, rx, row++, rw, ST_HEADING, "Threshold explorer ([ ] by 0.05)");
    row++;
    /* The slider itself. */
    int sw = rw - 12 > 40 ? 40 : rw - 12;
    if (sw > 4) {
        canvas_fill(c, rx, row, sw, 1, c->ascii ? '-' : 0x2500, CANVAS_COLOR_DIM, 0, CANVAS_ATTR_SOLID);
        int knob = (int)lround(rs->threshold * (sw - 1));
        canvas_fill(c, rx + knob, row, 1, 1, c->ascii ? '|' : 0x2588, CANVAS_COLOR_HIGHLIGHT, 0,
                    CANVAS_ATTR_SOLID | CANVAS_ATTR_BOLD);
        ui_printf(c, rx + sw + 2, row, rw - sw - 2, ST_HIGHLIGHT, "%.2f", rs->threshold);
    }
    row++;
    if (!rs->algo->scores_are_probs)
        ui_printf(c, rx, row++, rw, ST_DIM, "(scores are not probabilities: score >= %.4g)", thr);
    else
        ui_printf(c, rx, row++, rw, ST_DIM, "positive (%s) when P >= %.2f",
                  rs->runner->train->class_names ? rs->runner->train->class_names[1] : "1", thr);
    row++;
    /* The 2x2 matrix as narrow as the counts allow: fixed wide columns were
     * cut at the panel's edge on a 120-column terminal (TP 42 read "TP 4"). */
    int digits = 1;
    for (int m = res->test_rows; m >= 10; m /= 10)
        digits++;
    int cell = 3 + digits < 6 ? 6 : 3 + digits; /* "TN " + count, or "pred 0" */
    ui_printf(c, rx, row++, rw, ST_HEADING, "%-8s%*s  %*s", "", cell, "pred 0", cell, "pred 1");
    ui_printf(c, rx, row++, rw, ST_NORMAL, "true 0  TN %*d  FP %*d", cell - 3, bc.tn, cell - 3,
              bc.fp);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "true 1  FN %*d  TP %*d", cell - 3, bc.fn, cell - 3,
              bc.tp);
    row++;
    ui_printf(c, rx, row++, rw, ST_NORMAL, "accuracy    %.4f", bc.accuracy);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "precision   %.4f   (TP / predicted 1)", bc.precision);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "recall      %.4f   (TP / true 1)", bc.recall);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "F1          %.4f", bc.f1);
    ui_printf(c, rx, row++, rw, ST_NORMAL, "specificity %.4f", bc.specificity);
    row++;
    ui_text(c, rx, row++, rw, ST_DIM, "Lower the threshold: more positives, recall up, precision down.");
}

/* ---- misclassified examples ------------------------------------------------------------- */

int rs_count_errors(const RunResult *res)
{
    int wrong = 0;
    for (int i = 0; i < res->test_rows; i++)
        wrong += res->y_pred[i] != res->y_true[i];
    return wrong;
}

void rs_draw_errors(const RunScreen *rs, Canvas *c, int x, int y, int w, int h)
{
    const Runner *r = rs->runner;
    const RunResult *res = &r->result;
    const Dataset *test = r->test;
    char *const *names = r->train->class_names;
    int n = res->test_rows, wrong = rs_count_errors(res);
    ui_printf(c, x + 1, y, w - 2, ST_HEADING, "%d of %d test examples misclassified (, and . page)", wrong, n);
    if (wrong == 0)
        return;
    int first = rs->errors_first >= 0 && rs->errors_first < wrong ? rs->errors_first : 0;
    int skipped = 0, shown = 0;
    if (test->image_w > 0) {
        int iw = test->image_w, ih = test->image_h, cell_h = (ih + 1) / 2 + 1;
        int cols = (w - 2) / (iw + 2), rows = (h - 2) / (cell_h + 1);
        if (cols < 1) cols = 1;
        if (rows < 1) rows = 1;
        for (int i = 0; i < n && shown < cols * rows; i++) {
            if (res->y_pred[i] == res->y_true[i])
                continue;
            if (skipped++ < first)
                continue;
            int gx = x + 1 + (shown % cols) * (iw + 2), gy = y + 2 + (shown / cols) * (cell_h + 1);
            canvas_image(c, gx, gy, mat_row(&test->X, i), iw, ih);
            char label[64];
            snprintf(label, sizeof label, "%s>%s", names ? names[res->y_true[i]] : "?",
                     names ? names[res->y_pred[i]] : "?");
            ui_text(c, gx, gy + (ih + 1) / 2, iw + 1, ST_ERROR, label);
            shown++;
        }
        return;
    }
    ui_text(c, x + 1, y + 1, w - 2, ST_DIM, "  test row  true           predicted      score of the prediction");
    for (int i = 0; i < n && shown < h - 3; i++) {
        if (res->y_pred[i] == res->y_true[i])
            continue;
        if (skipped++ < first)
            continue;
        char score[32] = "-";
        if (res->scores)
            ui_fmt(score, sizeof score, res->scores[(size_t)i * res->n_classes + res->y_pred[i]]);
        ui_printf(c, x + 1, y + 2 + shown, w - 2, ST_NORMAL, "  %8d  %-13.13s  %-13.13s  %s", i,
                  names ? names[res->y_true[i]] : "?", names ? names[res->y_pred[i]] : "?", score);
        shown++;
    }
}

