/* report_json.c - the JSON reports of `mllab run` (one split or k folds),
 * the members the JSON writers share, and the short text look at a JSON
 * object the text report ends with (see report.h). */
#include "report_internal.h"
#include "report_metrics.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void report_json_key(StrBuf *sb, bool *first, const char *key)
{
    sb_append(sb, *first ? "" : ", ");
    *first = false;
    sb_json_string(sb, key);
    sb_append(sb, ": ");
}

void report_json_num(StrBuf *sb, bool *first, const char *key, double v)
{
    report_json_key(sb, first, key);
    sb_json_double(sb, v);
}

/* The confusion matrix and the per-class scores of a classifier. */
static void json_class_tables(StrBuf *sb, bool *first, const RunInfo *info, const RunResult *r)
{
    const ClassReport *c = &r->cls;
    int k = c->n_classes;
    report_json_key(sb, first, "confusion_matrix");
    sb_append(sb, "[");
    for (int i = 0; i < k; i++) {
        if (i)
            sb_append(sb, ",");
        sb_json_int_array(sb, c->confusion + (size_t)i * (size_t)k, k);
    }
    sb_append(sb, "]");
    report_json_key(sb, first, "per_class");
    sb_append(sb, "[");
    char buf[32];
    for (int i = 0; i < k; i++) {
        sb_append(sb, i ? ", {\"class\": " : "{\"class\": ");
        sb_json_string(sb, report_class_name(info->class_names, i, buf, sizeof buf));
        bool f = false;
        report_json_num(sb, &f, "precision", c->precision[i]);
        report_json_num(sb, &f, "recall", c->recall[i]);
        report_json_num(sb, &f, "f1", c->f1[i]);
        report_json_num(sb, &f, "specificity", c->specificity[i]);
        report_json_num(sb, &f, "support", c->support[i]);
        sb_append(sb, "}");
    }
    sb_append(sb, "]");
}

/* The metrics of the table that apply, training ones (the last) or the
 * others. */
static void json_metric_members(StrBuf *sb, bool *first, AlgoKind kind, const RunResult *r,
                                bool training)
{
    for (const RunMetric *m = run_metrics; m->name; m++) {
        if (!(m->where & METRIC_JSON) || (m->when == METRIC_TRAINING) != training ||
            !run_metric_applies(m, kind, r))
            continue;
        double v = m->get(r);
        if (m->json_if_nan || isfinite(v))
            report_json_num(sb, first, m->json_key, v);
    }
}

static void json_metrics(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    bool first = true;
    AlgoKind kind = info->algo->kind;
    sb_append(sb, "{");
    json_metric_members(sb, &first, kind, r, false);
    if (kind == ALGO_CLASSIFIER && r->has_truth)
        json_class_tables(sb, &first, info, r);
    json_metric_members(sb, &first, kind, r, true);
    sb_append(sb, "}");
}

/* "precision_recall" (issue 11): a binary classifier's PR curve on the test
 * part, from the positive class's scores, and its average precision.
 * precision[0], recall[0] is the (1, 0) start; thresholds[i] belongs to
 * point i + 1 (highest first). */
static void json_pr(StrBuf *sb, bool *first, const RunResult *r)
{
    int n = r->test_rows;
    if (!r->has_truth || !r->scores || r->n_classes != 2 || !r->y_true || n < 1)
        return;
    float *pos = malloc((size_t)n * sizeof *pos);
    int *is_pos = malloc((size_t)n * sizeof *is_pos);
    PrCurve c = { 0 };
    if (pos && is_pos) {
        for (int i = 0; i < n; i++) {
            pos[i] = r->scores[(size_t)i * 2 + 1];
            is_pos[i] = r->y_true[i] == 1;
        }
        if (metrics_pr_curve(pos, is_pos, n, &c, NULL) == 0) {
            report_json_key(sb, first, "precision_recall");
            sb_append(sb, "{\"average_precision\": ");
            sb_json_double(sb, c.ap);
            sb_append(sb, ", \"precision\": ");
            sb_json_double_array(sb, c.precision, c.n);
            sb_append(sb, ", \"recall\": ");
            sb_json_double_array(sb, c.recall, c.n);
            sb_append(sb, ", \"thresholds\": ");
            sb_json_double_array(sb, c.threshold + 1, c.n - 1);
            sb_append(sb, "}");
            pr_free(&c);
        }
    }
    free(pos);
    free(is_pos);
}

/* "validation" (--val-size): the model's scores on the validation part. */
static void json_validation(StrBuf *sb, bool *first, const RunInfo *info)
{
    const RunResult *v = info->validation;
    if (!v || !v->has_truth)
        return;
    report_json_key(sb, first, "validation");
    sb_append(sb, "{");
    bool inner = true;
    report_json_num(sb, &inner, "rows", v->test_rows);
    if (info->algo->kind == ALGO_CLASSIFIER) {
        report_json_num(sb, &inner, "accuracy", v->cls.accuracy);
        report_json_num(sb, &inner, "f1_macro", v->cls.f1_macro);
        report_json_num(sb, &inner, "auc", v->auc);
    } else if (info->algo->kind == ALGO_REGRESSOR) {
        report_json_num(sb, &inner, "r2", v->reg.r2);
        report_json_num(sb, &inner, "mse", v->reg.mse);
    }
    sb_append(sb, "}");
}

/* "threshold" (threshold=auto): the value and the part it was chosen on. */
static void json_threshold(StrBuf *sb, bool *first, const RunResult *r)
{
    if (!r->threshold_part)
        return;
    report_json_key(sb, first, "threshold");
    sb_append(sb, "{");
    bool inner = true;
    report_json_num(sb, &inner, "value", r->threshold);
    report_json_key(sb, &inner, "chosen_on");
    sb_json_string(sb, r->threshold_part);
    report_json_key(sb, &inner, "criterion");
    sb_json_string(sb, "f1");
    sb_append(sb, "}");
}

/* The members every run object starts with. */
static void json_setup(StrBuf *sb, bool *first, const RunInfo *info, const SessionScaling *sc)
{
    report_json_key(sb, first, "algorithm");
    sb_json_string(sb, info->algo->name);
    report_json_key(sb, first, "dataset");
    sb_json_string(sb, info->dataset);
    if (info->split) { /* how the rows were divided (the text report's split line) */
        report_json_key(sb, first, "split");
        sb_json_string(sb, info->split);
    }
    report_json_key(sb, first, "params");
    if (info->params)
        params_to_json(info->params, sb);
    else
        sb_append(sb, "{}");
    report_json_key(sb, first, "scaling");
    sb_json_string(sb, scale_kind_name(sc->kind));
    report_json_key(sb, first, "scaling_is_default");
    sb_append(sb, sc->is_default ? "true" : "false");
    report_json_key(sb, first, "scaling_from_model");
    sb_append(sb, sc->source == SCALING_LOADED ? "true" : "false");
    if (info->csv_sep) {
        report_json_key(sb, first, "csv_separator");
        sb_json_string(sb, info->csv_sep == '\t' ? "\t" : ";");
        report_json_key(sb, first, "csv_separator_detected");
        sb_append(sb, info->csv_sep_detected ? "true" : "false");
    }
    report_json_key(sb, first, "classes");
    sb_append(sb, "[");
    char buf[32];
    int k = info->algo->kind == ALGO_REGRESSOR ? 0 : info->n_classes;
    for (int i = 0; i < k; i++) {
        if (i)
            sb_append(sb, ", ");
        sb_json_string(sb, report_class_name(info->class_names, i, buf, sizeof buf));
    }
    sb_append(sb, "]");
}

/* "preparation": the pipeline's steps and feature counts (issue 11). */
static void json_prep(StrBuf *sb, bool *first, const PrepSummary *p)
{
    if (p->resample != RESAMPLE_NONE) {
        report_json_key(sb, first, "resample");
        sb_printf(sb, "{\"kind\": \"%s\", \"rows_before\": %d, \"rows_after\": %d}",
                  resample_kind_name(p->resample), p->rows_before, p->rows_after);
    }
    if (!p->active)
        return;
    report_json_key(sb, first, "preparation");
    sb_append(sb, "{\"steps\": [");
    const char *s = p->steps;
    for (int i = 0; *s; i++) {
        size_t n = strcspn(s, ",");
        char step[256];
        snprintf(step, sizeof step, "%.*s", (int)n, s);
        sb_append(sb, i ? ", " : "");
        sb_json_string(sb, step);
        s += n;
        s += strspn(s, ", ");
    }
    sb_append(sb, "]");
    bool inner = false;
    report_json_num(sb, &inner, "features_in", p->features_in);
    report_json_num(sb, &inner, "features_out", p->features_out);
    report_json_num(sb, &inner, "unseen_categories", (double)p->unseen);
    report_json_num(sb, &inner, "seconds", p->seconds);
    sb_append(sb, "}");
}

void report_run_json(StrBuf *sb, const RunInfo *info, const RunResult *r)
{
    bool first = true;
    sb_append(sb, "{");
    json_setup(sb, &first, info, &r->scaling);
    json_prep(sb, &first, &r->prep);
    report_json_num(sb, &first, "train_rows", r->train_rows);
    report_json_num(sb, &first, "test_rows", r->test_rows);
    report_json_num(sb, &first, "steps", r->steps);
    report_json_num(sb, &first, "fit_seconds", r->fit_seconds);
    report_json_num(sb, &first, "predict_seconds", r->predict_seconds);
    if (r->train_score_rows > 0)
        report_json_num(sb, &first, "train_score_rows", r->train_score_rows);
    report_json_key(sb, &first, "has_truth");
    sb_append(sb, r->has_truth ? "true" : "false");
    report_json_key(sb, &first, "metrics");
    json_metrics(sb, info, r);
    if (info->algo->kind == ALGO_CLASSIFIER)
        json_pr(sb, &first, r);
    json_validation(sb, &first, info);
    json_threshold(sb, &first, r);
    report_json_key(sb, &first, "model");
    sb_append(sb, r->model_json.len ? sb_str(&r->model_json) : "null");
    sb_append(sb, "}\n");
}

/* --val-size with --cv: "validation" with the metric on each fold's
 * validation part (carved from its training rows), its mean and std. */
static void json_cv_validation(StrBuf *sb, bool *first, const char *metric, const CvResult *cv)
{
    if (!cv->val_fold_metric)
        return;
    report_json_key(sb, first, "validation");
    sb_append(sb, "{");
    bool f = true;
    report_json_num(sb, &f, "size", cv->val_size);
    report_json_num(sb, &f, "rows", cv->val_rows);
    report_json_num(sb, &f, metric, cv->val_mean);
    char key[48];
    snprintf(key, sizeof key, "%s_std", metric);
    report_json_num(sb, &f, key, cv->val_std);
    snprintf(key, sizeof key, "fold_%s", metric);
    report_json_key(sb, &f, key);
    sb_json_double_array(sb, cv->val_fold_metric, cv->folds);
    sb_append(sb, "}");
}

void report_cv_json(StrBuf *sb, const RunInfo *info, const CvResult *cv)
{
    bool first = true;
    const char *metric = report_cv_metric_name(info->algo->kind);
    sb_append(sb, "{");
    json_setup(sb, &first, info, &cv->scaling);
    json_prep(sb, &first, &cv->prep); /* fold 1's: each fold fits its own */
    report_json_num(sb, &first, "folds", cv->folds);
    report_json_num(sb, &first, "fit_seconds", cv->fit_seconds);
    report_json_num(sb, &first, "predict_seconds", cv->predict_seconds);
    report_json_key(sb, &first, "metric");
    sb_json_string(sb, metric);
    report_json_key(sb, &first, "metrics");
    sb_append(sb, "{");
    bool f = true;
    report_json_num(sb, &f, metric, cv->mean);
    char key[48];
    snprintf(key, sizeof key, "%s_std", metric);
    report_json_num(sb, &f, key, cv->std);
    snprintf(key, sizeof key, "fold_%s", metric);
    report_json_key(sb, &f, key);
    sb_json_double_array(sb, cv->fold_metric, cv->folds);
    sb_append(sb, "}");
    json_cv_validation(sb, &first, metric, cv);
    if (cv->threshold_part) { /* threshold=auto: chosen in each fold */
        report_json_key(sb, &first, "threshold");
        sb_append(sb, "{\"chosen_on\": ");
        sb_json_string(sb, cv->threshold_part);
        sb_append(sb, ", \"criterion\": \"f1\", \"per_fold\": true}");
    }
    sb_append(sb, "}\n");
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

static const char *skip(const char *p, const char *chars)
{
    while (*p && strchr(chars, *p))
        p++;
    return p;
}

/* The quoted key at p: [*key, returned end) (NULL when there is none). */
static const char *json_key_at(const char *p, const char **key)
{
    if (*p != '"')
        return NULL;
    const char *end = *key = p + 1;
    while (*end && *end != '"')
        end += (*end == '\\' && end[1]) ? 2 : 1;
    return *end ? end : NULL;
}

/* Arrays of at most this many numbers are shown whole, over several lines. */
#define SUMMARY_WHOLE_NUMBERS 24

/* An array of len characters over lines of about width, broken after a comma
 * and indented under the first (the key column is 15 wide). */
static void wrapped_array(StrBuf *sb, const char *p, int len, int width)
{
    while (len > width) {
        int cut = width;
        while (cut > 10 && p[cut - 1] != ',')
            cut--;
        if (cut <= 10)
            break;
        sb_printf(sb, "%.*s\n%15s", cut, p, "");
        p += cut;
        len -= cut;
    }
    sb_printf(sb, "%.*s\n", len, p);
}

/* One value of len characters, cut to about width: at a comma so that a
 * number is not split, saying how many numbers an array holds; a short array
 * (a few centroids, a few weights) is shown whole over several lines. */
static void summary_value(StrBuf *sb, const char *p, int len, int width)
{
    if (len <= width) {
        sb_printf(sb, "%.*s\n", len, p);
        return;
    }
    int numbers = *p == '[' ? count_numbers(p, p + len) : 0;
    if (numbers > 0 && numbers <= SUMMARY_WHOLE_NUMBERS) {
        wrapped_array(sb, p, len, width);
        return;
    }
    int cut = width - 20;
    while (cut > 10 && p[cut] != ',')
        cut--;
    if (*p == '[')
        sb_printf(sb, "%.*s, … (%d numbers)\n", cut, p, numbers);
    else
        sb_printf(sb, "%.*s …\n", cut, p);
}

const char *report_json_member(const char *json, const char *name, int *len)
{
    const char *p = skip(json, " \n");
    if (*p != '{')
        return NULL;
    p++;
    size_t n = strlen(name);
    for (;;) {
        const char *key, *key_end = json_key_at(skip(p, " \n,"), &key);
        if (!key_end)
            return NULL;
        p = skip(key_end + 1, " :");
        const char *end = json_value_end(p);
        if ((size_t)(key_end - key) == n && strncmp(key, name, n) == 0) {
            *len = (int)(end - p);
            return p;
        }
        if (*end != ',')
            return NULL;
        p = end + 1;
    }
}

void report_json_summary(StrBuf *sb, const char *json, int width)
{
    const char *p = skip(json, " \n");
    if (*p != '{') {
        sb_printf(sb, "  %.*s\n", width, p);
        return;
    }
    p++;
    for (;;) {
        const char *key, *key_end = json_key_at(skip(p, " \n,"), &key);
        if (!key_end)
            break;
        p = skip(key_end + 1, " :");
        const char *end = json_value_end(p);
        int len = (int)(end - p);
        while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\n'))
            len--;
        sb_printf(sb, "  %-12.*s ", (int)(key_end - key), key);
        summary_value(sb, p, len, width);
        if (*end != ',')
            break;
        p = end + 1;
    }
}
