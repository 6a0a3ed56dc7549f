/* report_compare.c - the text, JSON and CSV reports of `mllab compare`
 * (see report.h): algorithms ranked by accuracy, with significance tests. */
#include "report_internal.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Comparisons
 * ==================================================================== */

/* Does row a rank before row b?  Higher accuracy first, failed rows last,
 * the given order breaking ties. */
static bool ranks_before(const CompareResult *r, int a, int b)
{
    const CompareRow *x = &r->rows[a], *y = &r->rows[b];
    bool xf = x->error[0] || !isfinite(x->accuracy);
    bool yf = y->error[0] || !isfinite(y->accuracy);
    if (xf != yf)
        return !xf;
    if (!xf && x->accuracy != y->accuracy)
        return x->accuracy > y->accuracy;
    return a < b;
}

void compare_rank(const CompareResult *r, int *order)
{
    /* Insertion sort: a handful of rows, and no global state (the TUI may
     * rank from another thread). */
    for (int i = 0; i < r->n_rows; i++) {
        int j = i;
        while (j > 0 && ranks_before(r, i, order[j - 1])) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = i;
    }
}

/* "0.9825" or "0.9737 ± 0.0123" for k folds. */
static void mean_cell(Table *t, int row, int col, double v, double sd, int folds)
{
    if (!isfinite(v))
        table_set(t, row, col, "-");
    else if (folds > 0)
        table_set(t, row, col, "%.4f ± %.4f", v, sd);
    else
        table_set(t, row, col, "%.4f", v);
}

/* Rank order of the rows (malloc'd; NULL and sb marked failed when memory ran out). */
static int *ranked(const CompareResult *r, StrBuf *sb)
{
    int *order = malloc((size_t)(r->n_rows ? r->n_rows : 1) * sizeof *order);
    if (!order) {
        sb->failed = true;
        return NULL;
    }
    compare_rank(r, order);
    return order;
}

static const char *row_name(const CompareRow *row) { return row->algo ? row->algo->name : "?"; }

/* The p column: "best", "-", "<0.001" or the value. */
static void p_cell(Table *t, int tr, const CompareResult *r, int index)
{
    const CompareRow *row = &r->rows[index];
    if (index == r->best || !isfinite(row->p_value))
        table_set(t, tr, 9, index == r->best ? "best" : "-");
    else if (row->p_value < 0.001)
        table_set(t, tr, 9, "<0.001");
    else
        table_set(t, tr, 9, "%.3f", row->p_value);
}

/* The cells of a row that ran: rank, scores, times, p. */
static void result_cells(Table *t, int tr, const CompareResult *r, int rank, int index)
{
    const CompareRow *row = &r->rows[index];
    char fit[32], pred[32];
    table_set(t, tr, 0, "%d", rank);
    if (r->folds > 0)
        table_set(t, tr, 2, "%.4f ± %.4f%s", row->accuracy, row->accuracy_std,
                  row->significant ? " *" : "  ");
    else
        table_set(t, tr, 2, "%.4f%s", row->accuracy, row->significant ? " *" : "  ");
    mean_cell(t, tr, 3, row->precision, row->precision_std, r->folds);
    mean_cell(t, tr, 4, row->recall, row->recall_std, r->folds);
    mean_cell(t, tr, 5, row->f1, row->f1_std, r->folds);
    mean_cell(t, tr, 6, row->auc, row->auc_std, r->folds);
    report_seconds(fit, sizeof fit, row->fit_seconds);
    report_seconds(pred, sizeof pred, row->predict_seconds);
    table_set(t, tr, 7, "%s", fit);
    table_set(t, tr, 8, "%s", pred);
    p_cell(t, tr, r, index);
}

/* The ranked table; *any_significant and *any_error say what the notes need.
 * -1 when memory ran out. */
static int compare_table(StrBuf *sb, const CompareResult *r, const int *order,
                          TableStyle style, bool *any_significant, bool *any_error)
{
    Table t;
    if (table_init(&t, 10, NULL) < 0)
        return -1;
    t.key_cols = 2; /* "#" and the algorithm start every part of a narrow table */
    static const char *const heads[] = { "#",      "algorithm", "accuracy", "precision", "recall",
                                         "F1",     "AUC",       "fit",      "predict",   "p" };
    for (int c = 0; c < 10; c++)
        table_header(&t, c, heads[c], c == 1 ? ALIGN_LEFT : ALIGN_RIGHT);
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        int tr = table_add_row(&t);
        table_set(&t, tr, 1, "%s", row_name(row));
        if (row->error[0]) {
            *any_error = true;
            table_set(&t, tr, 0, "-");
            table_set(&t, tr, 2, "failed");
            continue;
        }
        result_cells(&t, tr, r, i + 1, order[i]);
        *any_significant |= row->significant;
    }
    table_render(&t, style, sb);
    table_free(&t);
    return 0;
}

/* The validation part's table (--val-size): the rows that ran, in rank
 * order, with the five scores (k folds: mean ± std over each fold's part). */
static int val_table(StrBuf *sb, const CompareResult *r, const int *order, TableStyle style)
{
    Table t;
    if (table_init(&t, 7, NULL) < 0)
        return -1;
    t.key_cols = 2;
    static const char *const heads[] = { "#", "algorithm", "accuracy", "precision",
                                         "recall", "F1", "AUC" };
    for (int c = 0; c < 7; c++)
        table_header(&t, c, heads[c], c == 1 ? ALIGN_LEFT : ALIGN_RIGHT);
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        if (row->error[0])
            continue;
        int tr = table_add_row(&t);
        table_set(&t, tr, 0, "%d", i + 1);
        table_set(&t, tr, 1, "%s", row_name(row));
        mean_cell(&t, tr, 2, row->val.accuracy, row->val_std.accuracy, r->folds);
        mean_cell(&t, tr, 3, row->val.precision, row->val_std.precision, r->folds);
        mean_cell(&t, tr, 4, row->val.recall, row->val_std.recall, r->folds);
        mean_cell(&t, tr, 5, row->val.f1, row->val_std.f1, r->folds);
        mean_cell(&t, tr, 6, row->val.auc, row->val_std.auc, r->folds);
    }
    table_render(&t, style, sb);
    table_free(&t);
    return 0;
}

/* The validation part: what it is, what used it, and its scores. */
static void val_section(StrBuf *sb, const CompareResult *r, const int *order, TableStyle style)
{
    if (r->val_rows <= 0)
        return;
    if (r->folds > 0)
        sb_printf(sb, "\nOn the validation parts (--val-size %g of each fold's training rows, "
                      "%d rows in fold 1; the same for every model):\n",
                  r->val_size, r->val_rows);
    else
        sb_printf(sb, "\nOn the validation part (--val-size %g: %d rows, the same for every "
                      "model):\n",
                  r->val_size, r->val_rows);
    if (val_table(sb, r, order, style) < 0)
        return;
    sb_append(sb, "networks stop early on it and threshold=auto chooses on it; the ranking and "
                  "p use the test part.\n");
}

/* The thresholds that threshold=auto chose (one split). */
static void threshold_notes(StrBuf *sb, const CompareResult *r, const int *order)
{
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        if (!row->error[0] && row->threshold_part && isfinite(row->threshold))
            sb_printf(sb, "%s: threshold=auto chose %.4g (the best F1 on the %s part)\n",
                      row_name(row), row->threshold, row->threshold_part);
    }
}

/* What the columns mean, the test used, and the failures. */
static void compare_notes(StrBuf *sb, const CompareResult *r, const int *order,
                          bool any_significant, bool any_error)
{
    const char *test = r->folds > 0 ? "a paired t-test over the folds" : "McNemar's test";
    sb_printf(sb, "precision, recall and F1 are macro averages; fit and predict are %s.\n",
              r->folds > 0 ? "mean times per fold" : "wall-clock times");
    sb_printf(sb, "p: %s against the best row; * marks a significant difference (p < 0.05)%s\n",
              test, any_significant ? "." : "; none here.");
    if (!any_error)
        return;
    sb_append(sb, "\nFailed:\n");
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        if (row->error[0])
            sb_printf(sb, "  %s: %s\n", row_name(row), row->error);
    }
}

void report_compare_text(StrBuf *sb, const char *dataset, const CompareResult *r,
                         TableStyle style)
{
    int *order = ranked(r, sb);
    if (!order)
        return;
    const char *s = r->n_rows == 1 ? "" : "s";
    if (r->folds > 0)
        sb_printf(sb, "Comparing %d classifier%s on %s: %d-fold cross-validation "
                      "(mean ± std over the same folds)\n\n",
                  r->n_rows, s, dataset, r->folds);
    else
        sb_printf(sb, "Comparing %d classifier%s on %s: the same split, %d test rows\n\n",
                  r->n_rows, s, dataset, r->test_rows);
    if (r->prep.active)
        sb_printf(sb, "Prepared by %s (%d -> %d features; the first run's: each run fits "
                      "its own on its training part)\n\n",
                  r->prep.steps, r->prep.features_in, r->prep.features_out);
    bool any_significant = false, any_error = false;
    if (compare_table(sb, r, order, style, &any_significant, &any_error) == 0) {
        compare_notes(sb, r, order, any_significant, any_error);
        threshold_notes(sb, r, order);
        val_section(sb, r, order, style);
    }
    free(order);
}

/* The "metrics" object of a row that ran. */
static void json_row_metrics(StrBuf *sb, const CompareResult *r, const CompareRow *row)
{
    bool f = true;
    sb_append(sb, "{");
    report_json_num(sb, &f, "accuracy", row->accuracy);
    report_json_num(sb, &f, "precision_macro", row->precision);
    report_json_num(sb, &f, "recall_macro", row->recall);
    report_json_num(sb, &f, "f1_macro", row->f1);
    report_json_num(sb, &f, "auc", row->auc);
    if (r->folds > 0) {
        report_json_num(sb, &f, "accuracy_std", row->accuracy_std);
        report_json_num(sb, &f, "precision_macro_std", row->precision_std);
        report_json_num(sb, &f, "recall_macro_std", row->recall_std);
        report_json_num(sb, &f, "f1_macro_std", row->f1_std);
        report_json_num(sb, &f, "auc_std", row->auc_std);
    }
    if (r->folds > 0 && row->fold_accuracy) {
        report_json_key(sb, &f, "fold_accuracy");
        sb_json_double_array(sb, row->fold_accuracy, r->folds);
    }
    if (r->folds == 0 && row->confusion && r->n_classes > 0) {
        report_json_key(sb, &f, "confusion_matrix");
        sb_append(sb, "[");
        for (int c = 0; c < r->n_classes; c++) {
            if (c)
                sb_append(sb, ",");
            sb_json_int_array(sb, row->confusion + (size_t)c * (size_t)r->n_classes,
                              r->n_classes);
        }
        sb_append(sb, "]");
    }
    sb_append(sb, "}");
}

/* The "validation" object of a row (--val-size): the same keys as "metrics". */
static void json_row_val(StrBuf *sb, bool *first, const CompareResult *r, const CompareRow *row)
{
    if (r->val_rows <= 0)
        return;
    report_json_key(sb, first, "validation");
    bool f = true;
    sb_append(sb, "{");
    report_json_num(sb, &f, "accuracy", row->val.accuracy);
    report_json_num(sb, &f, "precision_macro", row->val.precision);
    report_json_num(sb, &f, "recall_macro", row->val.recall);
    report_json_num(sb, &f, "f1_macro", row->val.f1);
    report_json_num(sb, &f, "auc", row->val.auc);
    if (r->folds > 0) {
        report_json_num(sb, &f, "accuracy_std", row->val_std.accuracy);
        report_json_num(sb, &f, "precision_macro_std", row->val_std.precision);
        report_json_num(sb, &f, "recall_macro_std", row->val_std.recall);
        report_json_num(sb, &f, "f1_macro_std", row->val_std.f1);
        report_json_num(sb, &f, "auc_std", row->val_std.auc);
    }
    sb_append(sb, "}");
}

/* "threshold" (threshold=auto on one split): the value and where it was chosen. */
static void json_row_threshold(StrBuf *sb, bool *first, const CompareRow *row)
{
    if (!row->threshold_part || !isfinite(row->threshold))
        return;
    report_json_key(sb, first, "threshold");
    bool f = true;
    sb_append(sb, "{");
    report_json_num(sb, &f, "value", row->threshold);
    report_json_key(sb, &f, "chosen_on");
    sb_json_string(sb, row->threshold_part);
    sb_append(sb, "}");
}

/* One element of "results". */
static void json_row(StrBuf *sb, const CompareResult *r, const CompareRow *row, int rank)
{
    bool first = true;
    report_json_key(sb, &first, "algorithm");
    sb_json_string(sb, row_name(row));
    if (row->error[0]) {
        report_json_key(sb, &first, "error");
        sb_json_string(sb, row->error);
        report_json_key(sb, &first, "metrics");
        sb_append(sb, "{}}");
        return;
    }
    report_json_num(sb, &first, "rank", rank);
    report_json_key(sb, &first, "metrics");
    json_row_metrics(sb, r, row);
    json_row_val(sb, &first, r, row);
    json_row_threshold(sb, &first, row);
    report_json_num(sb, &first, "fit_seconds", row->fit_seconds);
    report_json_num(sb, &first, "predict_seconds", row->predict_seconds);
    report_json_num(sb, &first, "p_value", row->p_value);
    report_json_key(sb, &first, "significant");
    sb_append(sb, row->significant ? "true" : "false");
    sb_append(sb, "}");
}

void report_compare_json(StrBuf *sb, const char *dataset, const CompareResult *r)
{
    int *order = ranked(r, sb);
    if (!order)
        return;
    sb_append(sb, "{\"dataset\": ");
    sb_json_string(sb, dataset);
    sb_printf(sb, ", \"folds\": %d, \"test_rows\": %d, \"test\": \"%s\", \"best\": ", r->folds,
              r->test_rows, r->folds > 0 ? "paired_t" : "mcnemar");
    if (r->best >= 0 && r->best < r->n_rows && r->rows[r->best].algo)
        sb_json_string(sb, r->rows[r->best].algo->name);
    else
        sb_append(sb, "null");
    if (r->prep.active) {
        sb_append(sb, ", \"preparation\": ");
        sb_json_string(sb, r->prep.steps);
    }
    if (r->val_rows > 0) /* fold 1's rows with k folds */
        sb_printf(sb, ", \"validation_rows\": %d, \"validation_size\": %.10g", r->val_rows,
                  r->val_size);
    sb_append(sb, ", \"results\": [");
    for (int i = 0; i < r->n_rows; i++) {
        sb_append(sb, i ? ",\n  {" : "\n  {");
        json_row(sb, r, &r->rows[order[i]], i + 1);
    }
    sb_append(sb, "\n]}\n");
    free(order);
}

/* n numbers after commas; empty fields for a failed row or a value that is not finite. */
static void csv_numbers(StrBuf *sb, const double *v, int n, bool failed)
{
    for (int j = 0; j < n; j++) {
        sb_append(sb, ",");
        if (!failed && isfinite(v[j]))
            report_csv_number(sb, v[j]);
    }
}

static void csv_compare_row(StrBuf *sb, const CompareResult *r, const CompareRow *row, int rank)
{
    bool failed = row->error[0] != '\0';
    if (failed)
        sb_append(sb, ",");
    else
        sb_printf(sb, "%d,", rank);
    csv_field(sb, row_name(row));
    double v[] = { row->accuracy, row->precision, row->recall, row->f1, row->auc };
    double sd[] = { row->accuracy_std, row->precision_std, row->recall_std, row->f1_std,
                    row->auc_std };
    double tail[] = { row->fit_seconds, row->predict_seconds, row->p_value };
    double val[] = { row->val.accuracy, row->val.precision, row->val.recall, row->val.f1,
                     row->val.auc };
    double val_sd[] = { row->val_std.accuracy, row->val_std.precision, row->val_std.recall,
                        row->val_std.f1, row->val_std.auc };
    csv_numbers(sb, v, 5, failed);
    if (r->folds > 0)
        csv_numbers(sb, sd, 5, failed);
    if (r->val_rows > 0)
        csv_numbers(sb, val, 5, failed);
    if (r->val_rows > 0 && r->folds > 0)
        csv_numbers(sb, val_sd, 5, failed);
    csv_numbers(sb, tail, 3, failed);
    sb_append(sb, failed ? "," : row->significant ? ",true" : ",false");
    sb_append(sb, ",");
    csv_field(sb, row->error);
    sb_append(sb, "\n");
}

void report_compare_csv(StrBuf *sb, const CompareResult *r)
{
    int *order = ranked(r, sb);
    if (!order)
        return;
    sb_append(sb, "rank,algorithm,accuracy,precision_macro,recall_macro,f1_macro,auc");
    if (r->folds > 0)
        sb_append(sb, ",accuracy_std,precision_macro_std,recall_macro_std,f1_macro_std,auc_std");
    if (r->val_rows > 0)
        sb_append(sb, ",val_accuracy,val_precision_macro,val_recall_macro,val_f1_macro,val_auc");
    if (r->val_rows > 0 && r->folds > 0)
        sb_append(sb, ",val_accuracy_std,val_precision_macro_std,val_recall_macro_std,"
                      "val_f1_macro_std,val_auc_std");
    sb_append(sb, ",fit_seconds,predict_seconds,p_value,significant,error\n");
    for (int i = 0; i < r->n_rows; i++)
        csv_compare_row(sb, r, &r->rows[order[i]], i + 1);
    free(order);
}
