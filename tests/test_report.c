/* test_report.c - text tables, CSV quoting and the run/compare reports.
 *
 * Tables are compared with the exact text they must render; reports are
 * built from hand-made results so every number in them is known. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"
#include "report_metrics.h"

/* ---------------------------------------------------------------- tables */

static void fill_two_by_two(Table *t)
{
    assert_int_equal(table_init(t, 2, NULL), 0);
    table_header(t, 0, "metric", ALIGN_LEFT);
    table_header(t, 1, "value", ALIGN_RIGHT);
    int r = table_add_row(t);
    table_set(t, r, 0, "accuracy");
    table_set(t, r, 1, "%.4f", 0.98245);
    r = table_add_row(t);
    table_set(t, r, 0, "R²");
    table_set(t, r, 1, "%d", 7);
}

static void test_report_table_aligns_columns_with_box_drawing(void **state)
{
    (void)state;
    Table t;
    fill_two_by_two(&t);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_UNICODE, &sb);
    assert_string_equal(sb_str(&sb), "┌──────────┬────────┐\n"
                                     "│ metric   │  value │\n"
                                     "├──────────┼────────┤\n"
                                     "│ accuracy │ 0.9825 │\n"
                                     "│ R²       │      7 │\n"
                                     "└──────────┴────────┘\n");
    sb_free(&sb);
    table_free(&t);
}

/* ASCII style writes ASCII only: "R²" becomes "R2" (issue 12, defect 14). */
static void test_report_table_has_an_ascii_style(void **state)
{
    (void)state;
    Table t;
    fill_two_by_two(&t);
    table_rule_after(&t, 0);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    assert_string_equal(sb_str(&sb), "+----------+--------+\n"
                                     "| metric   |  value |\n"
                                     "+----------+--------+\n"
                                     "| accuracy | 0.9825 |\n"
                                     "+----------+--------+\n"
                                     "| R2       |      7 |\n"
                                     "+----------+--------+\n");
    sb_free(&sb);
    table_free(&t);
}

static void test_report_table_grows_past_many_rows(void **state)
{
    (void)state;
    Table t;
    assert_int_equal(table_init(&t, 1, NULL), 0);
    for (int i = 0; i < 1000; i++)
        table_set(&t, table_add_row(&t), 0, "%d", i);
    assert_int_equal(t.rows, 1000);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    /* No header: top rule, 1000 rows, bottom rule; left-aligned to the widest. */
    assert_non_null(strstr(sb_str(&sb), "+-----+\n| 0   |\n"));
    assert_non_null(strstr(sb_str(&sb), "| 999 |\n+-----+\n"));
    sb_free(&sb);
    table_free(&t);
}

/* A class label with a newline or a tab (a CSV can quote them) keeps each
 * table row on one line; the CSV rendering keeps the label as it is. */
static void test_report_table_shows_control_characters_as_spaces(void **state)
{
    (void)state;
    Table t;
    assert_int_equal(table_init(&t, 2, NULL), 0);
    table_header(&t, 0, "class", ALIGN_LEFT);
    table_header(&t, 1, "n", ALIGN_RIGHT);
    int r = table_add_row(&t);
    table_set(&t, r, 0, "new\nline\tx");
    table_set(&t, r, 1, "%d", 3);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    assert_string_equal(sb_str(&sb), "+------------+---+\n"
                                     "| class      | n |\n"
                                     "+------------+---+\n"
                                     "| new line x | 3 |\n"
                                     "+------------+---+\n");
    sb_reset(&sb);
    table_render_csv(&t, &sb);
    assert_string_equal(sb_str(&sb), "class,n\n\"new\nline\tx\",3\n");
    sb_free(&sb);
    table_free(&t);
}

static void test_report_utf8_width_counts_code_points(void **state)
{
    (void)state;
    assert_int_equal(utf8_width(""), 0);
    assert_int_equal(utf8_width("abc"), 3);
    assert_int_equal(utf8_width("0.97 ± 0.01"), 11);
    assert_int_equal(utf8_width("≤"), 1);
}

/* ---------------------------------------------------------------- CSV */

static void test_report_csv_quotes_only_when_needed(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    const char *fields[] = { "plain", "a,b", "say \"hi\"", "two\nlines", " padded", "" };
    csv_row(&sb, fields, 6);
    assert_string_equal(sb_str(&sb),
                        "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\" padded\",\n");
    sb_free(&sb);
}

static void test_report_table_renders_as_csv(void **state)
{
    (void)state;
    Table t;
    fill_two_by_two(&t);
    StrBuf sb = STRBUF_INIT;
    table_render_csv(&t, &sb);
    assert_string_equal(sb_str(&sb), "metric,value\naccuracy,0.9825\nR²,7\n");
    sb_free(&sb);
    table_free(&t);
}

/* ---------------------------------------------------------------- classification */

static char *names3[] = { "setosa", "versicolor", "virginica" };

static void test_report_confusion_puts_true_classes_in_rows(void **state)
{
    (void)state;
    int cm[] = { 10, 0, 0, 0, 9, 1, 0, 2, 8 };
    StrBuf sb = STRBUF_INIT;
    report_confusion(&sb, cm, 3, names3, TABLE_ASCII);
    const char *s = sb_str(&sb);
    assert_non_null(strstr(s, "| true \\ predicted | setosa | versicolor | virginica |\n"));
    assert_non_null(strstr(s, "| versicolor       |      0 |          9 |         1 |\n"));
    assert_non_null(strstr(s, "| virginica        |      0 |          2 |         8 |\n"));
    sb_free(&sb);
}

static void test_report_confusion_top_lists_the_largest_confusions_first(void **state)
{
    (void)state;
    enum { K = 30 };
    int *cm = calloc(K * K, sizeof *cm);
    for (int i = 0; i < K; i++) /* class i confused with class (i + 1) % K, i + 1 times */
        cm[i * K + (i + 1) % K] = i + 1, cm[i * K + i] = 50;
    StrBuf sb = STRBUF_INIT;
    report_confusion_top(&sb, cm, K, NULL, TABLE_ASCII);
    const char *s = sb_str(&sb);
    /* no k x k table: 20 rows, the largest first, then what was left out */
    const char *first = strstr(s, "| 29   | 0         |   30 |\n");
    const char *second = strstr(s, "| 28   | 29        |   29 |\n");
    assert_non_null(first);
    assert_non_null(second);
    assert_true(first < second);
    assert_non_null(strstr(s, "| 10   | 11        |   11 |\n")); /* the 20th */
    assert_null(strstr(s, "| 9    | 10        |   10 |\n"));   /* the 21st */
    assert_non_null(strstr(s, "... and 10 more pairs"));
    sb_free(&sb);
    /* a perfect classifier has nothing to list */
    memset(cm, 0, K * K * sizeof *cm);
    cm[0] = 3;
    report_confusion_top(&sb, cm, K, NULL, TABLE_ASCII);
    assert_non_null(strstr(sb_str(&sb), "no confusions"));
    sb_free(&sb);
    free(cm);
}

static void test_report_per_class_lists_each_class_and_the_averages(void **state)
{
    (void)state;
    int y_true[] = { 0, 0, 1, 1, 2, 2 };
    int y_pred[] = { 0, 0, 1, 2, 2, 2 };
    ClassReport r;
    assert_int_equal(metrics_classification(y_true, y_pred, 6, 3, &r, NULL), 0);
    StrBuf sb = STRBUF_INIT;
    report_per_class(&sb, &r, names3, TABLE_ASCII);
    const char *s = sb_str(&sb);
    /* versicolor: precision 1, recall 0.5; virginica: precision 2/3, recall 1. */
    assert_non_null(strstr(s, "| versicolor   |    1.0000 | 0.5000 | 0.6667 |"));
    assert_non_null(strstr(s, "| virginica    |    0.6667 | 1.0000 | 0.8000 |"));
    assert_non_null(strstr(s, "| macro avg    |    0.8889 | 0.8333 | 0.8222 |"));
    assert_non_null(strstr(s, "|       6 |\n"));
    sb_free(&sb);
    class_report_free(&r);
}

/* ---------------------------------------------------------------- run reports */

static const ParamSpec fake_params[] = {
    { "k", PARAM_INT, "5", 1, 100, NULL, "neighbours" },
    { 0 }
};

static const Algo fake_classifier = {
    .name = "fake",
    .title = "Fake classifier",
    .kind = ALGO_CLASSIFIER,
    .params = fake_params,
    .scores_are_probs = true,
};

static char *names2[] = { "no", "yes, really" };

/* A binary run: 4 test rows, 3 right. */
static void make_binary_run(RunResult *r, RunInfo *info, Params *p)
{
    memset(r, 0, sizeof *r);
    r->algo = &fake_classifier;
    r->train_rows = 16;
    r->test_rows = 4;
    r->steps = 2;
    r->n_classes = 2;
    r->fit_seconds = 0.25;
    r->predict_seconds = 0.001;
    r->has_truth = true;
    static int y_true[] = { 0, 0, 1, 1 };
    static int y_pred[] = { 0, 1, 1, 1 };
    static float scores[] = { 0.9f, 0.1f, 0.4f, 0.6f, 0.2f, 0.8f, 0.3f, 0.7f };
    r->y_true = malloc(sizeof y_true);
    memcpy(r->y_true, y_true, sizeof y_true);
    r->y_pred = malloc(sizeof y_pred);
    memcpy(r->y_pred, y_pred, sizeof y_pred);
    r->scores = malloc(sizeof scores);
    memcpy(r->scores, scores, sizeof scores);
    assert_int_equal(metrics_classification(y_true, y_pred, 4, 2, &r->cls, NULL), 0);
    r->auc = 1.0;
    r->log_loss = NAN;
    r->train_score = 0.9375;
    sb_append(&r->model_json, "{\"weights\": [1,2,3], \"bias\": 0.5}");
    assert_int_equal(params_init(p, fake_params, NULL), 0);
    memset(info, 0, sizeof *info);
    info->dataset = "toy";
    info->algo = &fake_classifier;
    info->params = p;
    r->scaling = (SessionScaling){ .kind = SCALE_STANDARD, .source = SCALING_FITTED,
                                   .is_default = true };
    info->split = "stratified, test size 0.2, seed 42";
    info->n_features = 3;
    info->n_classes = 2;
    info->class_names = names2;
}

/* The binary run and what its reports are told about it, as a cmocka
 * fixture: each test that takes it gets a fresh one. */
typedef struct BinaryRun {
    RunResult result;
    RunInfo info;
    Params params;
} BinaryRun;

static int setup_binary_run(void **state)
{
    BinaryRun *run = calloc(1, sizeof *run);
    assert_non_null(run);
    make_binary_run(&run->result, &run->info, &run->params);
    *state = run;
    return 0;
}

static int free_binary_run(void **state)
{
    BinaryRun *run = *state;
    run_result_free(&run->result);
    params_free(&run->params);
    free(run);
    return 0;
}

static void test_report_run_json_has_the_documented_members(void **state)
{
    BinaryRun *run = *state;
    StrBuf sb = STRBUF_INIT;
    report_run_json(&sb, &run->info, &run->result);
    const char *s = sb_str(&sb);
    assert_true(s[0] == '{');
    const char *members[] = {
        "\"algorithm\": \"fake\"", "\"dataset\": \"toy\"", "\"params\": {\"k\": 5}",
        "\"classes\": [\"no\", \"yes, really\"]", "\"train_rows\": 16", "\"test_rows\": 4",
        "\"steps\": 2", "\"fit_seconds\": 0.25", "\"predict_seconds\": 0.001",
        "\"accuracy\": 0.75", "\"precision_macro\": ", "\"recall_macro\": 0.75",
        "\"f1_macro\": ", "\"auc\": 1", "\"confusion_matrix\": [[1,1],[0,2]]",
        "\"per_class\": [{\"class\": \"no\", \"precision\": 1, \"recall\": 0.5",
        "\"train_accuracy\": 0.9375", "\"model\": {\"weights\": [1,2,3], \"bias\": 0.5}"
    };
    for (size_t i = 0; i < sizeof members / sizeof members[0]; i++)
        if (!strstr(s, members[i]))
            fail_msg("missing %s in %s", members[i], s);
    /* log_loss is NaN here, so it is left out rather than written as null. */
    assert_null(strstr(s, "log_loss"));
    assert_string_equal(s + strlen(s) - 2, "}\n");
    sb_free(&sb);
}

static void test_report_run_text_shows_setup_metrics_and_matrix(void **state)
{
    BinaryRun *run = *state;
    StrBuf sb = STRBUF_INIT;
    report_run_text(&sb, &run->info, &run->result, TABLE_ASCII);
    const char *s = sb_str(&sb);
    assert_non_null(strstr(s, "fake — Fake classifier (classifier)"));
    assert_non_null(strstr(s, "scaling   standard (the algorithm's default)"));
    assert_non_null(strstr(s, "params    k=5"));
    assert_non_null(strstr(s, "16 train, 4 test"));
    assert_non_null(strstr(s, "2 steps in 250.0 ms"));
    assert_non_null(strstr(s, "| accuracy          | 0.7500 |"));
    assert_non_null(strstr(s, "| AUC               | 1.0000 |"));
    assert_non_null(strstr(s, "| yes, really      |  0 |           2 |"));
    assert_non_null(strstr(s, "weights      [1,2,3]"));
    sb_free(&sb);
    /* --load: the scaler of the model file, or one refitted for a version 1 file */
    RunInfo info = run->info;
    run->result.scaling.source = SCALING_LOADED;
    report_run_text(&sb, &info, &run->result, TABLE_ASCII);
    assert_non_null(strstr(sb_str(&sb), "scaling   standard (from the model file)\n"));
    sb_free(&sb);
    report_run_json(&sb, &info, &run->result);
    assert_non_null(strstr(sb_str(&sb), "\"scaling_from_model\": true"));
    sb_free(&sb);
    run->result.scaling.source = SCALING_REFITTED;
    report_run_text(&sb, &info, &run->result, TABLE_ASCII);
    assert_non_null(strstr(sb_str(&sb), "scaling   standard (the algorithm's default; refitted on "
                                        "the training part: the model file (version 1) does not "
                                        "record its scaler)"));
    sb_free(&sb);
}

static void test_report_predictions_csv_writes_labels_and_scores(void **state)
{
    BinaryRun *run = *state;
    StrBuf sb = STRBUF_INIT;
    report_predictions_csv(&sb, &run->info, &run->result);
    assert_string_equal(sb_str(&sb), "true,predicted,p_no,\"p_yes, really\"\n"
                                     "no,no,0.899999976,0.100000001\n"
                                     "no,\"yes, really\",0.400000006,0.600000024\n"
                                     "\"yes, really\",\"yes, really\",0.200000003,0.800000012\n"
                                     "\"yes, really\",\"yes, really\",0.300000012,0.699999988\n");
    /* Without truth the first column stays empty. */
    run->result.has_truth = false;
    sb_reset(&sb);
    report_predictions_csv(&sb, &run->info, &run->result);
    assert_non_null(strstr(sb_str(&sb), "\n,no,0.899999976,0.100000001\n"));
    sb_free(&sb);
}

static void test_report_run_csv_lists_metric_value_pairs(void **state)
{
    BinaryRun *run = *state;
    StrBuf sb = STRBUF_INIT;
    report_run_csv(&sb, &run->info, &run->result);
    const char *s = sb_str(&sb);
    assert_true(strncmp(s, "metric,value\n", 13) == 0);
    assert_non_null(strstr(s, "\naccuracy,0.75\n"));
    assert_non_null(strstr(s, "\ntrain_rows,16\n"));
    assert_null(strstr(s, "log_loss"));
    sb_free(&sb);
}

/* ---------------------------------------------------------------- compare */

static const Algo algo_a = { .name = "alpha", .kind = ALGO_CLASSIFIER };
static const Algo algo_b = { .name = "beta", .kind = ALGO_CLASSIFIER };
static const Algo algo_c = { .name = "gamma", .kind = ALGO_CLASSIFIER };

static void make_compare(CompareResult *r, CompareRow *rows)
{
    memset(r, 0, sizeof *r);
    memset(rows, 0, 3 * sizeof *rows);
    rows[0] = (CompareRow){ .algo = &algo_a, .accuracy = 0.90, .precision = 0.9, .recall = 0.9,
                            .f1 = 0.9, .auc = NAN, .fit_seconds = 0.002,
                            .predict_seconds = 0.0001, .p_value = 0.01, .significant = true };
    rows[1] = (CompareRow){ .algo = &algo_b, .accuracy = 0.97, .precision = 0.96, .recall = 0.95,
                            .f1 = 0.955, .auc = 0.99, .fit_seconds = 1.5,
                            .predict_seconds = 0.01, .p_value = NAN };
    rows[2] = (CompareRow){ .algo = &algo_c, .accuracy = NAN, .auc = NAN, .p_value = NAN };
    snprintf(rows[2].error, sizeof rows[2].error, "gamma: needs image data");
    r->n_rows = 3;
    r->rows = rows;
    r->best = 1;
    r->test_rows = 114;
    r->n_classes = 2;
}

/* make_compare's result as a cmocka fixture. */
static CompareRow compare_rows[3];
static CompareResult compare;

static int setup_compare(void **state)
{
    make_compare(&compare, compare_rows);
    *state = &compare;
    return 0;
}

static void test_report_compare_ranks_by_accuracy_with_failures_last(void **state)
{
    const CompareResult *r = *state;
    int order[3];
    compare_rank(r, order);
    assert_int_equal(order[0], 1);
    assert_int_equal(order[1], 0);
    assert_int_equal(order[2], 2);
}

static void test_report_compare_text_marks_significant_rows(void **state)
{
    const CompareResult *r = *state;
    StrBuf sb = STRBUF_INIT;
    report_compare_text(&sb, "breast_cancer", r, TABLE_ASCII);
    const char *s = sb_str(&sb);
    const char *beta = strstr(s, "| 1 | beta ");
    const char *alpha = strstr(s, "| 2 | alpha ");
    assert_non_null(beta);
    assert_non_null(alpha);
    assert_true(beta < alpha);
    assert_non_null(strstr(alpha, "0.9000 * |"));
    assert_non_null(strstr(beta, "best"));
    assert_non_null(strstr(s, "| - | gamma "));
    assert_non_null(strstr(s, "gamma: gamma: needs image data"));
    assert_non_null(strstr(s, "McNemar"));
    sb_free(&sb);
}

static void test_report_compare_json_has_results_in_rank_order(void **state)
{
    const CompareResult *r = *state;
    StrBuf sb = STRBUF_INIT;
    report_compare_json(&sb, "breast_cancer", r);
    const char *s = sb_str(&sb);
    const char *results = strstr(s, "\"results\": [");
    assert_non_null(results);
    const char *beta = strstr(results, "{\"algorithm\": \"beta\"");
    const char *alpha = strstr(results, "{\"algorithm\": \"alpha\"");
    const char *gamma = strstr(results, "{\"algorithm\": \"gamma\", \"error\": ");
    assert_true(beta && alpha && gamma && beta < alpha && alpha < gamma);
    assert_non_null(strstr(alpha, "\"p_value\": 0.01, \"significant\": true"));
    assert_non_null(strstr(beta, "\"p_value\": null, \"significant\": false"));
    assert_non_null(strstr(beta, "\"fit_seconds\": 1.5"));
    assert_non_null(strstr(alpha, "\"auc\": null"));
    sb_free(&sb);
}

static void test_report_compare_csv_has_one_row_per_algorithm(void **state)
{
    const CompareResult *r = *state;
    StrBuf sb = STRBUF_INIT;
    report_compare_csv(&sb, r);
    assert_string_equal(
        sb_str(&sb),
        "rank,algorithm,accuracy,precision_macro,recall_macro,f1_macro,auc,fit_seconds,"
        "predict_seconds,p_value,significant,error\n"
        "1,beta,0.97,0.96,0.95,0.955,0.99,1.5,0.01,,false,\n"
        "2,alpha,0.9,0.9,0.9,0.9,,0.002,0.0001,0.01,true,\n"
        ",gamma,,,,,,,,,,gamma: needs image data\n");
    sb_free(&sb);
}

static void test_report_json_summary_cuts_long_values(void **state)
{
    (void)state;
    StrBuf json = STRBUF_INIT;
    sb_append(&json, "{\"coef\": [");
    for (int i = 0; i < 100; i++)
        sb_printf(&json, i ? ",%d.5" : "%d.5", i);
    sb_append(&json, "], \"intercept\": 2.5, \"name\": \"a, \\\"b\\\"\"}");
    StrBuf sb = STRBUF_INIT;
    report_json_summary(&sb, sb_str(&json), 60);
    const char *s = sb_str(&sb);
    assert_non_null(strstr(s, "  coef         [0.5,1.5,"));
    assert_non_null(strstr(s, "(100 numbers)\n"));
    assert_non_null(strstr(s, "  intercept    2.5\n"));
    assert_non_null(strstr(s, "  name         \"a, \\\"b\\\"\"\n"));
    sb_free(&sb);
    sb_free(&json);
}

/* Issue 12, defect 15: k-means' 6 centroid numbers were cut to 4 ("… (6
 * numbers)"); a short array is shown whole, over lines of the width. */
static void test_report_json_summary_shows_a_short_array_whole(void **state)
{
    (void)state;
    const char *json = "{\"centroids\": [[-0.033827648,1.345228],[-1.1270952,-0.63873583],"
                       "[1.2040105,-0.7064921]], \"iterations\": 2}";
    StrBuf sb = STRBUF_INIT;
    report_json_summary(&sb, json, 40);
    const char *s = sb_str(&sb);
    assert_null(strstr(s, "numbers)"));
    assert_non_null(strstr(s, "-0.033827648"));
    assert_non_null(strstr(s, "1.345228"));
    assert_non_null(strstr(s, "-0.63873583"));
    assert_non_null(strstr(s, "-0.7064921]]"));
    assert_non_null(strstr(s, "  iterations   2\n"));
    /* every line within the key column (15) plus the width */
    for (const char *line = s; *line;) {
        const char *end = strchr(line, '\n');
        assert_non_null(end);
        assert_true(end - line <= 15 + 40);
        line = end + 1;
    }
    sb_free(&sb);
}

/* Issue 12, defect 15: "k=0 n_init=0" said nothing of the values used; a
 * value the model reports in "params_used" is shown, marked (auto); a
 * member of the same name outside it is not a param. */
static void test_report_run_text_shows_the_values_the_model_used(void **state)
{
    BinaryRun *run = *state;
    sb_free(&run->result.model_json);
    sb_append(&run->result.model_json,
              "{\"weights\": [1,2,3], \"k\": 9, \"params_used\": {\"k\": 7}}");
    StrBuf sb = STRBUF_INIT;
    report_run_text(&sb, &run->info, &run->result, TABLE_ASCII);
    assert_non_null(strstr(sb_str(&sb), "params    k=7 (auto)\n"));
    sb_free(&sb);
}

/* ---------------------------------------------------------------- metrics table */

static void test_report_metrics_table_is_complete_and_training_comes_last(void **state)
{
    (void)state;
    int n = 0;
    AlgoKind last_task = ALGO_CLASSIFIER;
    bool after_training = false;
    for (const RunMetric *m = run_metrics; m->name; m++, n++) {
        assert_non_null(m->label);
        assert_non_null(m->json_key);
        assert_non_null(m->csv_key);
        assert_non_null(m->get);
        assert_true(m->where != 0);
        if (m->task != last_task)
            after_training = false;
        /* within a task, nothing follows its training metric */
        assert_false(after_training);
        after_training = m->when == METRIC_TRAINING;
        last_task = m->task;
    }
    assert_int_equal(n, 21);
}

static void test_report_metrics_apply_by_task_truth_and_labels(void **state)
{
    (void)state;
    RunResult r;
    memset(&r, 0, sizeof r);
    const RunMetric *accuracy = &run_metrics[0], *purity = NULL, *inertia = NULL;
    for (const RunMetric *m = run_metrics; m->name; m++) {
        if (strcmp(m->name, "purity") == 0)
            purity = m;
        if (strcmp(m->name, "inertia") == 0)
            inertia = m;
    }
    assert_non_null(purity);
    assert_non_null(inertia);
    assert_string_equal(accuracy->name, "accuracy");
    assert_false(run_metric_applies(accuracy, ALGO_CLASSIFIER, &r)); /* no truth */
    r.has_truth = true;
    assert_true(run_metric_applies(accuracy, ALGO_CLASSIFIER, &r));
    assert_false(run_metric_applies(accuracy, ALGO_REGRESSOR, &r));
    assert_true(run_metric_applies(inertia, ALGO_CLUSTERER, &r));
    assert_false(run_metric_applies(purity, ALGO_CLUSTERER, &r)); /* no labels */
    r.clu.has_labels = true;
    assert_true(run_metric_applies(purity, ALGO_CLUSTERER, &r));
}

static void test_report_metrics_label_a_sampled_training_score(void **state)
{
    (void)state;
    const RunMetric *train = NULL;
    for (const RunMetric *m = run_metrics; m->name; m++)
        if (strcmp(m->name, "train_accuracy") == 0)
            train = m;
    assert_non_null(train);
    RunResult r;
    memset(&r, 0, sizeof r);
    r.train_rows = 60000;
    r.train_score_rows = 2000;
    char buf[64];
    assert_string_equal(run_metric_label(train, &r, buf, sizeof buf),
                        "training accuracy (2000-row sample)");
    r.train_score_rows = 60000;
    assert_string_equal(run_metric_label(train, &r, buf, sizeof buf), "training accuracy");
    run_metric_text(train, 0.96491, buf, sizeof buf);
    assert_string_equal(buf, "0.9649");
    run_metric_text(train, 2412345.0, buf, sizeof buf);
    assert_string_equal(buf, "2.412e+06");
    run_metric_text(train, 0.00001234, buf, sizeof buf);
    assert_string_equal(buf, "1.234e-05");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report_table_aligns_columns_with_box_drawing),
        cmocka_unit_test(test_report_table_has_an_ascii_style),
        cmocka_unit_test(test_report_table_grows_past_many_rows),
        cmocka_unit_test(test_report_table_shows_control_characters_as_spaces),
        cmocka_unit_test(test_report_utf8_width_counts_code_points),
        cmocka_unit_test(test_report_csv_quotes_only_when_needed),
        cmocka_unit_test(test_report_table_renders_as_csv),
        cmocka_unit_test(test_report_confusion_puts_true_classes_in_rows),
        cmocka_unit_test(test_report_confusion_top_lists_the_largest_confusions_first),
        cmocka_unit_test(test_report_per_class_lists_each_class_and_the_averages),
        cmocka_unit_test_setup_teardown(test_report_run_json_has_the_documented_members,
                                        setup_binary_run, free_binary_run),
        cmocka_unit_test_setup_teardown(test_report_run_text_shows_setup_metrics_and_matrix,
                                        setup_binary_run, free_binary_run),
        cmocka_unit_test_setup_teardown(test_report_predictions_csv_writes_labels_and_scores,
                                        setup_binary_run, free_binary_run),
        cmocka_unit_test_setup_teardown(test_report_run_csv_lists_metric_value_pairs,
                                        setup_binary_run, free_binary_run),
        cmocka_unit_test_setup(test_report_compare_ranks_by_accuracy_with_failures_last,
                               setup_compare),
        cmocka_unit_test_setup(test_report_compare_text_marks_significant_rows, setup_compare),
        cmocka_unit_test_setup(test_report_compare_json_has_results_in_rank_order, setup_compare),
        cmocka_unit_test_setup(test_report_compare_csv_has_one_row_per_algorithm, setup_compare),
        cmocka_unit_test(test_report_json_summary_cuts_long_values),
        cmocka_unit_test(test_report_json_summary_shows_a_short_array_whole),
        cmocka_unit_test_setup_teardown(test_report_run_text_shows_the_values_the_model_used,
                                        setup_binary_run, free_binary_run),
        cmocka_unit_test(test_report_metrics_table_is_complete_and_training_comes_last),
        cmocka_unit_test(test_report_metrics_apply_by_task_truth_and_labels),
        cmocka_unit_test(test_report_metrics_label_a_sampled_training_score),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
