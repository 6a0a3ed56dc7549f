/* report.c - text tables, CSV and JSON reports of runs and comparisons
 * (see report.h).  Nothing here prints: every function appends to a StrBuf. */
#include "report.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ======================================================================
 * Tables
 * ==================================================================== */

int table_init(Table *t, int cols, Error *err)
{
    memset(t, 0, sizeof *t);
    t->cols = cols;
    t->header = calloc((size_t)cols, sizeof *t->header);
    t->align = calloc((size_t)cols, sizeof *t->align);
    if (!t->header || !t->align) {
        table_free(t);
        return error_set(err, ERR_NOMEM, "out of memory for a table");
    }
    return 0;
}

void table_free(Table *t)
{
    if (!t)
        return;
    if (t->header)
        for (int c = 0; c < t->cols; c++)
            free(t->header[c]);
    if (t->cells)
        for (size_t i = 0; i < (size_t)t->rows * (size_t)t->cols; i++)
            free(t->cells[i]);
    free(t->header);
    free(t->align);
    free(t->cells);
    free(t->rule_after);
    memset(t, 0, sizeof *t);
}

void table_header(Table *t, int col, const char *text, TableAlign align)
{
    if (col < 0 || col >= t->cols)
        return;
    free(t->header[col]);
    t->header[col] = text ? strdup(text) : NULL;
    if (text && !t->header[col])
        t->failed = true;
    t->align[col] = align;
}

int table_add_row(Table *t)
{
    if (t->rows == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        char **cells = realloc(t->cells, (size_t)cap * (size_t)t->cols * sizeof *cells);
        if (!cells) {
            t->failed = true;
            return -1;
        }
        t->cells = cells;
        bool *rules = realloc(t->rule_after, (size_t)cap * sizeof *rules);
        if (!rules) {
            t->failed = true;
            return -1;
        }
        t->rule_after = rules;
        t->cap = cap;
    }
    for (int c = 0; c < t->cols; c++)
        t->cells[(size_t)t->rows * (size_t)t->cols + (size_t)c] = NULL;
    t->rule_after[t->rows] = false;
    return t->rows++;
}

void table_set(Table *t, int row, int col, const char *fmt, ...)
{
    if (row < 0 || row >= t->rows || col < 0 || col >= t->cols)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    int n = vasprintf(&text, fmt, ap);
    va_end(ap);
    if (n < 0) {
        t->failed = true;
        return;
    }
    char **cell = &t->cells[(size_t)row * (size_t)t->cols + (size_t)col];
    free(*cell);
    *cell = text;
}

void table_rule_after(Table *t, int row)
{
    if (row >= 0 && row < t->rows)
        t->rule_after[row] = true;
}

int utf8_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
        if ((*p & 0xC0) != 0x80) /* count lead bytes, not continuation bytes */
            w++;
    return w;
}

/* The pieces a border is drawn with. */
typedef struct Borders {
    const char *h, *v;
    const char *top[3], *mid[3], *bottom[3]; /* left, cross, right */
} Borders;

static const Borders unicode_borders = {
    "─", "│", { "┌", "┬", "┐" }, { "├", "┼", "┤" }, { "└", "┴", "┘" }
};
static const Borders ascii_borders = {
    "-", "|", { "+", "+", "+" }, { "+", "+", "+" }, { "+", "+", "+" }
};

static void repeat(StrBuf *sb, const char *piece, int n)
{
    for (int i = 0; i < n; i++)
        sb_append(sb, piece);
}

static void rule(StrBuf *sb, const Borders *b, const char *const ends[3], const int *width,
                 int cols)
{
    sb_append(sb, ends[0]);
    for (int c = 0; c < cols; c++) {
        repeat(sb, b->h, width[c] + 2);
        sb_append(sb, c + 1 < cols ? ends[1] : ends[2]);
    }
    sb_append(sb, "\n");
}

/* Cell text with control characters (a class label's tab or newline, as a
 * CSV may quote them) shown as spaces, so a row stays one line. */
static void append_printable(StrBuf *sb, const char *text)
{
    for (const char *p = text; *p;) {
        size_t run = 0;
        while (p[run] && (unsigned char)p[run] >= 0x20 && p[run] != 0x7F)
            run++;
        sb_append_n(sb, p, run);
        p += run;
        if (*p) {
            sb_append(sb, " ");
            p++;
        }
    }
}

static void line(StrBuf *sb, const Borders *b, char *const *texts, const TableAlign *align,
                 const int *width, int cols)
{
    sb_append(sb, b->v);
    for (int c = 0; c < cols; c++) {
        const char *text = texts[c] ? texts[c] : "";
        int pad = width[c] - utf8_width(text);
        sb_append(sb, " ");
        if (align[c] == ALIGN_RIGHT)
            repeat(sb, " ", pad);
        append_printable(sb, text);
        if (align[c] == ALIGN_LEFT)
            repeat(sb, " ", pad);
        sb_append(sb, " ");
        sb_append(sb, b->v);
    }
    sb_append(sb, "\n");
}

void table_render(const Table *t, TableStyle style, StrBuf *out)
{
    if (t->cols <= 0)
        return;
    const Borders *b = style == TABLE_ASCII ? &ascii_borders : &unicode_borders;
    int *width = calloc((size_t)t->cols, sizeof *width);
    if (!width) {
        out->failed = true;
        return;
    }
    bool has_header = false;
    for (int c = 0; c < t->cols; c++) {
        if (t->header[c]) {
            has_header = true;
            width[c] = utf8_width(t->header[c]);
        }
    }
    for (int r = 0; r < t->rows; r++)
        for (int c = 0; c < t->cols; c++) {
            const char *cell = t->cells[(size_t)r * (size_t)t->cols + (size_t)c];
            int w = cell ? utf8_width(cell) : 0;
            if (w > width[c])
                width[c] = w;
        }
    rule(out, b, b->top, width, t->cols);
    if (has_header) {
        line(out, b, t->header, t->align, width, t->cols);
        rule(out, b, b->mid, width, t->cols);
    }
    for (int r = 0; r < t->rows; r++) {
        line(out, b, &t->cells[(size_t)r * (size_t)t->cols], t->align, width, t->cols);
        if (t->rule_after[r] && r + 1 < t->rows)
            rule(out, b, b->mid, width, t->cols);
    }
    rule(out, b, b->bottom, width, t->cols);
    free(width);
}

void table_render_csv(const Table *t, StrBuf *out)
{
    csv_row(out, (const char *const *)t->header, t->cols);
    for (int r = 0; r < t->rows; r++)
        csv_row(out, (const char *const *)&t->cells[(size_t)r * (size_t)t->cols], t->cols);
}

/* ======================================================================
 * CSV
 * ==================================================================== */

void csv_field(StrBuf *sb, const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s);
    bool quote = strpbrk(s, ",\"\r\n") != NULL ||
                 (n > 0 && (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t'));
    if (!quote) {
        sb_append(sb, s);
        return;
    }
    sb_append(sb, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            sb_append(sb, "\"\"");
        else
            sb_append_n(sb, p, 1);
    }
    sb_append(sb, "\"");
}

void csv_row(StrBuf *sb, const char *const *fields, int n)
{
    for (int i = 0; i < n; i++) {
        if (i)
            sb_append(sb, ",");
        csv_field(sb, fields[i]);
    }
    sb_append(sb, "\n");
}

/* ======================================================================
 * Classification tables
 * ==================================================================== */

static const char *class_name(char *const *names, int i, char *buf, size_t size)
{
    if (names && names[i])
        return names[i];
    snprintf(buf, size, "%d", i);
    return buf;
}

void report_confusion(StrBuf *sb, const int *cm, int k, char *const *class_names,
                      TableStyle style)
{
    Table t;
    if (k <= 0 || table_init(&t, k + 1, NULL) < 0)
        return;
    char buf[32];
    table_header(&t, 0, "true \\ predicted", ALIGN_LEFT);
    for (int j = 0; j < k; j++)
        table_header(&t, j + 1, class_name(class_names, j, buf, sizeof buf), ALIGN_RIGHT);
    for (int i = 0; i < k; i++) {
        int r = table_add_row(&t);
        table_set(&t, r, 0, "%s", class_name(class_names, i, buf, sizeof buf));
        for (int j = 0; j < k; j++)
            table_set(&t, r, j + 1, "%d", cm[(size_t)i * (size_t)k + (size_t)j]);
    }
    table_render(&t, style, sb);
    table_free(&t);
}

void report_per_class(StrBuf *sb, const ClassReport *r, char *const *class_names,
                      TableStyle style)
{
    Table t;
    if (r->n_classes <= 0 || table_init(&t, 6, NULL) < 0)
        return;
    static const char *const heads[] = { "class", "precision", "recall", "F1", "specificity",
                                         "support" };
    for (int c = 0; c < 6; c++)
        table_header(&t, c, heads[c], c ? ALIGN_RIGHT : ALIGN_LEFT);
    char buf[32];
    int total = 0;
    for (int i = 0; i < r->n_classes; i++) {
        int row = table_add_row(&t);
        table_set(&t, row, 0, "%s", class_name(class_names, i, buf, sizeof buf));
        table_set(&t, row, 1, "%.4f", r->precision[i]);
        table_set(&t, row, 2, "%.4f", r->recall[i]);
        table_set(&t, row, 3, "%.4f", r->f1[i]);
        table_set(&t, row, 4, "%.4f", r->specificity[i]);
        table_set(&t, row, 5, "%d", r->support[i]);
        total += r->support[i];
        if (i + 1 == r->n_classes)
            table_rule_after(&t, row);
    }
    int row = table_add_row(&t);
    table_set(&t, row, 0, "macro avg");
    table_set(&t, row, 1, "%.4f", r->precision_macro);
    table_set(&t, row, 2, "%.4f", r->recall_macro);
    table_set(&t, row, 3, "%.4f", r->f1_macro);
    table_set(&t, row, 5, "%d", total);
    row = table_add_row(&t);
    table_set(&t, row, 0, "weighted avg");
    table_set(&t, row, 1, "%.4f", r->precision_weighted);
    table_set(&t, row, 2, "%.4f", r->recall_weighted);
    table_set(&t, row, 3, "%.4f", r->f1_weighted);
    table_set(&t, row, 5, "%d", total);
    table_render(&t, style, sb);
    table_free(&t);
}

/* ======================================================================
 * Run reports
 * ==================================================================== */

/* A short human form of a duration. */
static void seconds_text(char *buf, size_t size, double s)
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

static void metric_row(Table *t, const char *name, double v)
{
    if (!isfinite(v))
        return;
    int r = table_add_row(t);
    table_set(t, r, 0, "%s", name);
    if (fabs(v) >= 1e5 || (v != 0 && fabs(v) < 1e-4))
        table_set(t, r, 1, "%.4g", v);
    else
        table_set(t, r, 1, "%.4f", v);
}

/* "training accuracy", or "training accuracy (2000-row sample)". */
static const char *train_label(const char *name, const RunResult *r, char *buf, size_t size)
{
    if (r->train_score_rows > 0 && r->train_score_rows < r->train_rows)
        snprintf(buf, size, "%s (%d-row sample)", name, r->train_score_rows);
    else
        snprintf(buf, size, "%s", name);
    return buf;
}

/* The metrics of a run as (name, value) rows, in report order. */
static void run_metrics_table(Table *t, const RunInfo *info, const RunResult *r)
{
    char label[64];
    switch (info->algo->kind) {
    case ALGO_CLASSIFIER:
        if (r->has_truth) {
            metric_row(t, "accuracy", r->cls.accuracy);
            metric_row(t, "precision (macro)", r->cls.precision_macro);
            metric_row(t, "recall (macro)", r->cls.recall_macro);
            metric_row(t, "F1 (macro)", r->cls.f1_macro);
            metric_row(t, "AUC", r->auc);
            metric_row(t, "log-loss", r->log_loss);
        }
        metric_row(t, train_label("training accuracy", r, label, sizeof label), r->train_score);
        break;
    case ALGO_REGRESSOR:
        if (r->has_truth) {
            metric_row(t, "MSE", r->reg.mse);
            metric_row(t, "RMSE", r->reg.rmse);
            metric_row(t, "MAE", r->reg.mae);
            metric_row(t, "R²", r->reg.r2);
        }
        metric_row(t, train_label("training MSE", r, label, sizeof label), r->train_score);
        break;
    case ALGO_CLUSTERER:
        metric_row(t, "inertia", r->clu.inertia);
        if (r->clu.has_labels) {
            metric_row(t, "purity", r->clu.purity);
            metric_row(t, "homogeneity", r->clu.homogeneity);
            metric_row(t, "completeness", r->clu.completeness);
            metric_row(t, "V-measure", r->clu.v_measure);
        }
        metric_row(t, "training inertia", r->train_score);
        break;
    case ALGO_OPERATION:
        break;
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
    sb_printf(sb, "  dataset   %s (%d feature%s", info->dataset, info->n_features,
              info->n_features == 1 ? "" : "s");
    if (info->n_classes > 0 && info->algo->kind != ALGO_REGRESSOR)
        sb_printf(sb, ", %d classes", info->n_classes);
    sb_append(sb, ")\n");
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
    if (info->params && info->params->count > 0) {
        StrBuf p = STRBUF_INIT;
        params_to_text(info->params, &p);
        sb_printf(sb, "  params    %s\n", sb_str(&p));
        sb_free(&p);
    }
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
            table_set(&t, row, 1, "%s", class_name(info->class_names, r->y_pred[i], buf,
                                                   sizeof buf));
    }
    if (r->test_rows > SHOWN)
        sb_printf(sb, "\nPredictions (the first %d of %d)\n", SHOWN, r->test_rows);
    else
        sb_append(sb, "\nPredictions\n");
    table_render(&t, style, sb);
    table_free(&t);
}

void report_run_text(StrBuf *sb, const RunInfo *info, const RunResult *r, TableStyle style)
{
    setup_lines(sb, info, &r->scaling);
    char fit[32], pred[32];
    seconds_text(fit, sizeof fit, r->fit_seconds);
    seconds_text(pred, sizeof pred, r->predict_seconds);
    sb_printf(sb, "  rows      %d train, %d test\n", r->train_rows, r->test_rows);
    sb_printf(sb, "  training  %d step%s in %s; predicting the test part took %s\n", r->steps,
              r->steps == 1 ? "" : "s", fit, pred);
    if (!r->has_truth && info->algo->kind != ALGO_CLUSTERER)
        sb_append(sb, "\nThe test part has no target column: predictions only "
                      "(write them with --predictions FILE).\n");

    Table t;
    if (table_init(&t, 2, NULL) == 0) {
        table_header(&t, 0, "metric", ALIGN_LEFT);
        table_header(&t, 1, "value", ALIGN_RIGHT);
        run_metrics_table(&t, info, r);
        if (t.rows > 0) {
            sb_append(sb, r->has_truth || info->algo->kind == ALGO_CLUSTERER
                              ? "\nMetrics (test part)\n"
                              : "\nMetrics\n");
            table_render(&t, style, sb);
        }
        table_free(&t);
    }
    if (!r->has_truth && r->test_rows > 0 && info->algo->kind != ALGO_CLUSTERER)
        predictions_preview(sb, info, r, style);
    if (info->algo->kind == ALGO_CLASSIFIER && r->has_truth && r->cls.confusion) {
        sb_append(sb, "\nConfusion matrix (rows: true class, columns: predicted)\n");
        report_confusion(sb, r->cls.confusion, r->cls.n_classes, info->class_names, style);
        sb_append(sb, "\nPer class\n");
        report_per_class(sb, &r->cls, info->class_names, style);
    }
    if (r->model_json.len > 0) {
        sb_append(sb, "\nModel\n");
        report_json_summary(sb, sb_str(&r->model_json), 72);
    }
}

static void json_key(StrBuf *sb, bool *first, const char *key)
{
    sb_append(sb, *first ? "" : ", ");
    *first = false;
    sb_json_string(sb, key);
    sb_append(sb, ": ");
}

static void json_num(StrBuf *sb, bool *first, const char *key, double v)
{
    json_key(sb, first, key);
    sb_json_double(sb, v);
}

static void json_class_metrics(StrBuf *sb, bool *first, const RunInfo *info, const RunResult *r)
{
    const ClassReport *c = &r->cls;
    int k = c->n_classes;
    json_num(sb, first, "accuracy", c->accuracy);
    json_num(sb, first, "precision_macro", c->precision_macro);
    json_num(sb, first, "recall_macro", c->recall_macro);
    json_num(sb, first, "f1_macro", c->f1_macro);
    json_num(sb, first, "precision_weighted", c->precision_weighted);
    json_num(sb, first, "recall_weighted", c->recall_weighted);
    json_num(sb, first, "f1_weighted", c->f1_weighted);
    if (isfinite(r->auc))
        json_num(sb, first, "auc", r->auc);
    if (isfinite(r->log_loss))
        json_num(sb, first, "log_loss", r->log_loss);
    json_key(sb, first, "confusion_matrix");
    sb_append(sb, "[");
    for (int i = 0; i < k; i++) {
        if (i)
            sb_append(sb, ",");
        sb_json_int_array(sb, c->confusion + (size_t)i * (size_t)k, k);
    }
    sb_append(sb, "]");
    json_key(sb, first, "per_class");
    sb_append(sb, "[");
    char buf[32];
    for (int i = 0; i < k; i++) {
        sb_append(sb, i ? ", {\"class\": " : "{\"class\": ");
        sb_json_string(sb, class_name(info->class_names, i, buf, sizeof buf));
        bool f = false;
        json_num(sb, &f, "precision", c->precision[i]);
        json_num(sb, &f, "recall", c->recall[i]);
        json_num(sb, &f, "f1", c->f1[i]);
        json_num(sb, &f, "specificity", c->specificity[i]);
        json_num(sb, &f, "support", c->support[i]);
        sb_append(sb, "}");
    }
    sb_append(sb, "]");
}

static void json_metrics(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    bool first = true;
    sb_append(sb, "{");
    switch (info->algo->kind) {
    case ALGO_CLASSIFIER:
        if (r->has_truth)
            json_class_metrics(sb, &first, info, r);
        if (isfinite(r->train_score))
            json_num(sb, &first, "train_accuracy", r->train_score);
        break;
    case ALGO_REGRESSOR:
        if (r->has_truth) {
            json_num(sb, &first, "mse", r->reg.mse);
            json_num(sb, &first, "rmse", r->reg.rmse);
            json_num(sb, &first, "mae", r->reg.mae);
            json_num(sb, &first, "r2", r->reg.r2);
        }
        if (isfinite(r->train_score))
            json_num(sb, &first, "train_mse", r->train_score);
        break;
    case ALGO_CLUSTERER:
        json_num(sb, &first, "inertia", r->clu.inertia);
        if (r->clu.has_labels) {
            json_num(sb, &first, "purity", r->clu.purity);
            json_num(sb, &first, "homogeneity", r->clu.homogeneity);
            json_num(sb, &first, "completeness", r->clu.completeness);
            json_num(sb, &first, "v_measure", r->clu.v_measure);
        }
        if (isfinite(r->train_score))
            json_num(sb, &first, "train_inertia", r->train_score);
        break;
    case ALGO_OPERATION:
        break;
    }
    sb_append(sb, "}");
}

/* The members every run object starts with. */
static void json_setup(StrBuf *sb, bool *first, const RunInfo *info, const SessionScaling *sc)
{
    json_key(sb, first, "algorithm");
    sb_json_string(sb, info->algo->name);
    json_key(sb, first, "dataset");
    sb_json_string(sb, info->dataset);
    json_key(sb, first, "params");
    if (info->params)
        params_to_json(info->params, sb);
    else
        sb_append(sb, "{}");
    json_key(sb, first, "scaling");
    sb_json_string(sb, scale_kind_name(sc->kind));
    json_key(sb, first, "scaling_is_default");
    sb_append(sb, sc->is_default ? "true" : "false");
    json_key(sb, first, "scaling_from_model");
    sb_append(sb, sc->source == SCALING_LOADED ? "true" : "false");
    json_key(sb, first, "classes");
    sb_append(sb, "[");
    char buf[32];
    int k = info->algo->kind == ALGO_REGRESSOR ? 0 : info->n_classes;
    for (int i = 0; i < k; i++) {
        if (i)
            sb_append(sb, ", ");
        sb_json_string(sb, class_name(info->class_names, i, buf, sizeof buf));
    }
    sb_append(sb, "]");
}

void report_run_json(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    bool first = true;
    sb_append(sb, "{");
    json_setup(sb, &first, info, &r->scaling);
    json_num(sb, &first, "train_rows", r->train_rows);
    json_num(sb, &first, "test_rows", r->test_rows);
    json_num(sb, &first, "steps", r->steps);
    json_num(sb, &first, "fit_seconds", r->fit_seconds);
    json_num(sb, &first, "predict_seconds", r->predict_seconds);
    if (r->train_score_rows > 0)
        json_num(sb, &first, "train_score_rows", r->train_score_rows);
    json_key(sb, &first, "has_truth");
    sb_append(sb, r->has_truth ? "true" : "false");
    json_key(sb, &first, "metrics");
    json_metrics(sb, info, r);
    json_key(sb, &first, "model");
    sb_append(sb, r->model_json.len ? sb_str(&r->model_json) : "null");
    sb_append(sb, "}\n");
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
    switch (info->algo->kind) {
    case ALGO_CLASSIFIER:
        if (r->has_truth) {
            csv_metric(sb, "accuracy", r->cls.accuracy);
            csv_metric(sb, "precision_macro", r->cls.precision_macro);
            csv_metric(sb, "recall_macro", r->cls.recall_macro);
            csv_metric(sb, "f1_macro", r->cls.f1_macro);
            csv_metric(sb, "precision_weighted", r->cls.precision_weighted);
            csv_metric(sb, "recall_weighted", r->cls.recall_weighted);
            csv_metric(sb, "f1_weighted", r->cls.f1_weighted);
            csv_metric(sb, "auc", r->auc);
            csv_metric(sb, "log_loss", r->log_loss);
        }
        csv_metric(sb, "train_accuracy", r->train_score);
        break;
    case ALGO_REGRESSOR:
        if (r->has_truth) {
            csv_metric(sb, "mse", r->reg.mse);
            csv_metric(sb, "rmse", r->reg.rmse);
            csv_metric(sb, "mae", r->reg.mae);
            csv_metric(sb, "r2", r->reg.r2);
        }
        csv_metric(sb, "train_mse", r->train_score);
        break;
    case ALGO_CLUSTERER:
        csv_metric(sb, "inertia", r->clu.inertia);
        if (r->clu.has_labels) {
            csv_metric(sb, "purity", r->clu.purity);
            csv_metric(sb, "homogeneity", r->clu.homogeneity);
            csv_metric(sb, "completeness", r->clu.completeness);
            csv_metric(sb, "v_measure", r->clu.v_measure);
        }
        csv_metric(sb, "train_inertia", r->train_score);
        break;
    case ALGO_OPERATION:
        break;
    }
}

static void csv_number(StrBuf *sb, double v)
{
    char buf[40];
    if (!isfinite(v)) {
        sb_append(sb, isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    snprintf(buf, sizeof buf, "%.9g", v);
    sb_append(sb, buf);
}

void report_predictions_csv(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    AlgoKind kind = info->algo->kind;
    int k = info->n_classes;
    bool class_scores = kind == ALGO_CLASSIFIER && r->scores && k > 0;
    char buf[48];
    sb_append(sb, "true,predicted");
    if (class_scores) {
        const char *prefix = info->algo->scores_are_probs ? "p_" : "score_";
        for (int j = 0; j < k; j++) {
            StrBuf name = STRBUF_INIT;
            sb_append(&name, prefix);
            sb_append(&name, class_name(info->class_names, j, buf, sizeof buf));
            sb_append(sb, ",");
            csv_field(sb, sb_str(&name));
            sb_free(&name);
        }
    }
    sb_append(sb, "\n");
    for (int i = 0; i < r->test_rows; i++) {
        if (kind == ALGO_REGRESSOR) {
            if (r->has_truth && r->y_value)
                csv_number(sb, r->y_value[i]);
            sb_append(sb, ",");
            csv_number(sb, r->scores[i]);
        } else {
            if (r->has_truth && r->y_true)
                csv_field(sb, class_name(info->class_names, r->y_true[i], buf, sizeof buf));
            sb_append(sb, ",");
            if (kind == ALGO_CLASSIFIER)
                csv_field(sb, class_name(info->class_names, r->y_pred[i], buf, sizeof buf));
            else
                sb_printf(sb, "%d", r->y_pred[i]);
            if (class_scores)
                for (int j = 0; j < k; j++) {
                    sb_append(sb, ",");
                    csv_number(sb, r->scores[(size_t)i * (size_t)k + (size_t)j]);
                }
        }
        sb_append(sb, "\n");
    }
}

/* ======================================================================
 * Cross-validation of one algorithm
 * ==================================================================== */

static const char *cv_metric_name(AlgoKind k)
{
    return k == ALGO_CLASSIFIER ? "accuracy" : k == ALGO_REGRESSOR ? "r2" : "inertia";
}

void report_cv_text(StrBuf *sb, const RunInfo *info, const CvResult *cv, TableStyle style)
{
    setup_lines(sb, info, &cv->scaling);
    char fit[32], pred[32];
    seconds_text(fit, sizeof fit, cv->fit_seconds);
    seconds_text(pred, sizeof pred, cv->predict_seconds);
    sb_printf(sb, "  folds     %d (fit %s, predict %s in all)\n\n", cv->folds, fit, pred);
    Table t;
    if (table_init(&t, 2, NULL) < 0)
        return;
    AlgoKind kind = info->algo->kind;
    table_header(&t, 0, "fold", ALIGN_LEFT);
    table_header(&t, 1, kind == ALGO_REGRESSOR ? "R²" : cv_metric_name(kind), ALIGN_RIGHT);
    for (int f = 0; f < cv->folds; f++) {
        int r = table_add_row(&t);
        table_set(&t, r, 0, "%d", f + 1);
        table_set(&t, r, 1, "%.4f", cv->fold_metric[f]);
        if (f + 1 == cv->folds)
            table_rule_after(&t, r);
    }
    int r = table_add_row(&t);
    table_set(&t, r, 0, "mean ± std");
    table_set(&t, r, 1, "%.4f ± %.4f", cv->mean, cv->std);
    table_render(&t, style, sb);
    table_free(&t);
    if (kind == ALGO_REGRESSOR && isnan(cv->mean))
        sb_append(sb, "R² is undefined on a fold of one test row: use fewer folds.\n");
}

void report_cv_json(StrBuf *sb, const RunInfo *info, const CvResult *cv)
{
    bool first = true;
    const char *metric = cv_metric_name(info->algo->kind);
    sb_append(sb, "{");
    json_setup(sb, &first, info, &cv->scaling);
    json_num(sb, &first, "folds", cv->folds);
    json_num(sb, &first, "fit_seconds", cv->fit_seconds);
    json_num(sb, &first, "predict_seconds", cv->predict_seconds);
    json_key(sb, &first, "metric");
    sb_json_string(sb, metric);
    json_key(sb, &first, "metrics");
    sb_append(sb, "{");
    bool f = true;
    json_num(sb, &f, metric, cv->mean);
    char key[48];
    snprintf(key, sizeof key, "%s_std", metric);
    json_num(sb, &f, key, cv->std);
    snprintf(key, sizeof key, "fold_%s", metric);
    json_key(sb, &f, key);
    sb_json_double_array(sb, cv->fold_metric, cv->folds);
    sb_append(sb, "}}\n");
}

void report_cv_csv(StrBuf *sb, const RunInfo *info, const CvResult *cv)
{
    sb_printf(sb, "fold,%s\n", cv_metric_name(info->algo->kind));
    for (int f = 0; f < cv->folds; f++) {
        sb_printf(sb, "%d,", f + 1);
        csv_number(sb, cv->fold_metric[f]);
        sb_append(sb, "\n");
    }
    sb_append(sb, "mean,");
    csv_number(sb, cv->mean);
    sb_append(sb, "\nstd,");
    csv_number(sb, cv->std);
    sb_append(sb, "\n");
}

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

void report_compare_text(StrBuf *sb, const char *dataset, const CompareResult *r,
                         TableStyle style)
{
    int *order = malloc((size_t)(r->n_rows ? r->n_rows : 1) * sizeof *order);
    if (!order) {
        sb->failed = true;
        return;
    }
    compare_rank(r, order);
    if (r->folds > 0)
        sb_printf(sb, "Comparing %d classifier%s on %s: %d-fold cross-validation "
                      "(mean ± std over the same folds)\n\n",
                  r->n_rows, r->n_rows == 1 ? "" : "s", dataset, r->folds);
    else
        sb_printf(sb, "Comparing %d classifier%s on %s: the same split, %d test rows\n\n",
                  r->n_rows, r->n_rows == 1 ? "" : "s", dataset, r->test_rows);
    Table t;
    if (table_init(&t, 10, NULL) < 0) {
        free(order);
        return;
    }
    static const char *const heads[] = { "#",      "algorithm", "accuracy", "precision", "recall",
                                         "F1",     "AUC",       "fit",      "predict",   "p" };
    for (int c = 0; c < 10; c++)
        table_header(&t, c, heads[c], c == 1 ? ALIGN_LEFT : ALIGN_RIGHT);
    bool any_significant = false, any_error = false;
    char fit[32], pred[32];
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        int tr = table_add_row(&t);
        table_set(&t, tr, 1, "%s", row->algo ? row->algo->name : "?");
        if (row->error[0]) {
            any_error = true;
            table_set(&t, tr, 0, "-");
            table_set(&t, tr, 2, "failed");
            continue;
        }
        table_set(&t, tr, 0, "%d", i + 1);
        if (r->folds > 0)
            table_set(&t, tr, 2, "%.4f ± %.4f%s", row->accuracy, row->accuracy_std,
                      row->significant ? " *" : "  ");
        else
            table_set(&t, tr, 2, "%.4f%s", row->accuracy, row->significant ? " *" : "  ");
        any_significant |= row->significant;
        mean_cell(&t, tr, 3, row->precision, row->precision_std, r->folds);
        mean_cell(&t, tr, 4, row->recall, row->recall_std, r->folds);
        mean_cell(&t, tr, 5, row->f1, row->f1_std, r->folds);
        mean_cell(&t, tr, 6, row->auc, row->auc_std, r->folds);
        seconds_text(fit, sizeof fit, row->fit_seconds);
        seconds_text(pred, sizeof pred, row->predict_seconds);
        table_set(&t, tr, 7, "%s", fit);
        table_set(&t, tr, 8, "%s", pred);
        if (order[i] == r->best || !isfinite(row->p_value))
            table_set(&t, tr, 9, order[i] == r->best ? "best" : "-");
        else if (row->p_value < 0.001)
            table_set(&t, tr, 9, "<0.001");
        else
            table_set(&t, tr, 9, "%.3f", row->p_value);
    }
    table_render(&t, style, sb);
    table_free(&t);
    const char *test = r->folds > 0 ? "a paired t-test over the folds" : "McNemar's test";
    sb_printf(sb, "precision, recall and F1 are macro averages; fit and predict are %s.\n",
              r->folds > 0 ? "mean times per fold" : "wall-clock times");
    sb_printf(sb, "p: %s against the best row; * marks a significant difference (p < 0.05)%s\n",
              test, any_significant ? "." : "; none here.");
    if (any_error) {
        sb_append(sb, "\nFailed:\n");
        for (int i = 0; i < r->n_rows; i++) {
            const CompareRow *row = &r->rows[order[i]];
            if (row->error[0])
                sb_printf(sb, "  %s: %s\n", row->algo ? row->algo->name : "?", row->error);
        }
    }
    free(order);
}

void report_compare_json(StrBuf *sb, const char *dataset, const CompareResult *r)
{
    int *order = malloc((size_t)(r->n_rows ? r->n_rows : 1) * sizeof *order);
    if (!order) {
        sb->failed = true;
        return;
    }
    compare_rank(r, order);
    sb_append(sb, "{\"dataset\": ");
    sb_json_string(sb, dataset);
    sb_printf(sb, ", \"folds\": %d, \"test_rows\": %d, \"test\": \"%s\", \"best\": ", r->folds,
              r->test_rows, r->folds > 0 ? "paired_t" : "mcnemar");
    if (r->best >= 0 && r->best < r->n_rows && r->rows[r->best].algo)
        sb_json_string(sb, r->rows[r->best].algo->name);
    else
        sb_append(sb, "null");
    sb_append(sb, ", \"results\": [");
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        sb_append(sb, i ? ",\n  {" : "\n  {");
        bool first = true;
        json_key(sb, &first, "algorithm");
        sb_json_string(sb, row->algo ? row->algo->name : "?");
        if (row->error[0]) {
            json_key(sb, &first, "error");
            sb_json_string(sb, row->error);
            json_key(sb, &first, "metrics");
            sb_append(sb, "{}");
            sb_append(sb, "}");
            continue;
        }
        json_num(sb, &first, "rank", i + 1);
        json_key(sb, &first, "metrics");
        sb_append(sb, "{");
        bool f = true;
        json_num(sb, &f, "accuracy", row->accuracy);
        json_num(sb, &f, "precision_macro", row->precision);
        json_num(sb, &f, "recall_macro", row->recall);
        json_num(sb, &f, "f1_macro", row->f1);
        json_num(sb, &f, "auc", row->auc);
        if (r->folds > 0) {
            json_num(sb, &f, "accuracy_std", row->accuracy_std);
            json_num(sb, &f, "precision_macro_std", row->precision_std);
            json_num(sb, &f, "recall_macro_std", row->recall_std);
            json_num(sb, &f, "f1_macro_std", row->f1_std);
            json_num(sb, &f, "auc_std", row->auc_std);
            if (row->fold_accuracy) {
                json_key(sb, &f, "fold_accuracy");
                sb_json_double_array(sb, row->fold_accuracy, r->folds);
            }
        } else if (row->confusion && r->n_classes > 0) {
            json_key(sb, &f, "confusion_matrix");
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
        json_num(sb, &first, "fit_seconds", row->fit_seconds);
        json_num(sb, &first, "predict_seconds", row->predict_seconds);
        json_num(sb, &first, "p_value", row->p_value);
        json_key(sb, &first, "significant");
        sb_append(sb, row->significant ? "true" : "false");
        sb_append(sb, "}");
    }
    sb_append(sb, "\n]}\n");
    free(order);
}

void report_compare_csv(StrBuf *sb, const CompareResult *r)
{
    int *order = malloc((size_t)(r->n_rows ? r->n_rows : 1) * sizeof *order);
    if (!order) {
        sb->failed = true;
        return;
    }
    compare_rank(r, order);
    sb_append(sb, "rank,algorithm,accuracy,precision_macro,recall_macro,f1_macro,auc");
    if (r->folds > 0)
        sb_append(sb, ",accuracy_std,precision_macro_std,recall_macro_std,f1_macro_std,auc_std");
    sb_append(sb, ",fit_seconds,predict_seconds,p_value,significant,error\n");
    for (int i = 0; i < r->n_rows; i++) {
        const CompareRow *row = &r->rows[order[i]];
        bool failed = row->error[0] != '\0';
        if (failed)
            sb_append(sb, ",");
        else
            sb_printf(sb, "%d,", i + 1);
        csv_field(sb, row->algo ? row->algo->name : "?");
        double v[] = { row->accuracy, row->precision, row->recall, row->f1, row->auc };
        double sd[] = { row->accuracy_std, row->precision_std, row->recall_std, row->f1_std,
                        row->auc_std };
        for (int j = 0; j < 5; j++) {
            sb_append(sb, ",");
            if (!failed && isfinite(v[j]))
                csv_number(sb, v[j]);
        }
        if (r->folds > 0)
            for (int j = 0; j < 5; j++) {
                sb_append(sb, ",");
                if (!failed && isfinite(sd[j]))
                    csv_number(sb, sd[j]);
            }
        double tail[] = { row->fit_seconds, row->predict_seconds, row->p_value };
        for (int j = 0; j < 3; j++) {
            sb_append(sb, ",");
            if (!failed && isfinite(tail[j]))
                csv_number(sb, tail[j]);
        }
        sb_append(sb, failed ? "," : row->significant ? ",true" : ",false");
        sb_append(sb, ",");
        csv_field(sb, row->error);
        sb_append(sb, "\n");
    }
    free(order);
}

/* ======================================================================
 * A short look at a JSON object
 * ==================================================================== */

/* End of the JSON value starting at p (strings, nesting), or NULL. */
static const char *json_value_end(const char *p)
{
    int depth = 0;
    bool in_string = false;
    for (; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_string = false;
            continue;
        }
        switch (*p) {
        case '"': in_string = true; break;
        case '[':
        case '{': depth++; break;
        case ']':
        case '}':
            if (depth == 0)
                return p;
            depth--;
            break;
        case ',':
            if (depth == 0)
                return p;
            break;
        default: break;
        }
    }
    return p;
}

/* Count the numbers in an array text such as [1,2,[3,4]]. */
static int count_numbers(const char *p, const char *end)
{
    int n = 0;
    bool in_number = false;
    for (; p < end; p++) {
        bool part = (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == 'e' ||
                    *p == 'E' || *p == '+';
        if (part && !in_number)
            n++;
        in_number = part;
    }
    return n;
}

void report_json_summary(StrBuf *sb, const char *json, int width)
{
    const char *p = json;
    while (*p == ' ' || *p == '\n')
        p++;
    if (*p != '{') {
        sb_printf(sb, "  %.*s\n", width, p);
        return;
    }
    p++;
    while (*p) {
        while (*p == ' ' || *p == '\n' || *p == ',')
            p++;
        if (*p != '"')
            break;
        const char *key = p + 1;
        const char *key_end = key;
        while (*key_end && *key_end != '"')
            key_end += (*key_end == '\\' && key_end[1]) ? 2 : 1;
        if (!*key_end)
            break;
        p = key_end + 1;
        while (*p == ' ' || *p == ':')
            p++;
        const char *end = json_value_end(p);
        int len = (int)(end - p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\n'))
            len--;
        sb_printf(sb, "  %-12.*s ", (int)(key_end - key), key);
        if (len <= width) {
            sb_printf(sb, "%.*s\n", len, p);
        } else {
            /* Cut at a comma so a number is not split, and say how much there is. */
            int cut = width - 20;
            while (cut > 10 && p[cut] != ',')
                cut--;
            if (*p == '[')
                sb_printf(sb, "%.*s, … (%d numbers)\n", cut, p, count_numbers(p, p + len));
            else
                sb_printf(sb, "%.*s …\n", cut, p);
        }
        if (*end != ',')
            break;
        p = end + 1;
    }
}
