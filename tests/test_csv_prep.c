/* test_csv_prep.c - reading real-world CSV text (issue 11, dataset.h
 * CsvOptions, dataset_columns.c): the separator detected from the header,
 * categorical features (texts sorted, values the category indices), missing
 * cells, choosing features by name, and a test file's categories re-coded to
 * the training file's, and the loading progress.  Every expected value is worked out from the text. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset.h"
#include "test_util.h"

static int parse_opts(Dataset *ds, const char *text, CsvOptions *o, Error *err)
{
    error_clear(err);
    return dataset_parse_csv_opts(ds, text, strlen(text), "mem.csv", NULL, true, o, err);
}

static void test_semicolon_separator_is_detected_from_the_header(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    CsvOptions o = { 0 };
    assert_int_equal(parse_opts(&ds, "a;b;y\n1,5;2;p\n3;4;q\n", &o, &err), -1);
    /* a decimal comma is not a number: a located error, not a guess */
    assert_int_equal(err.code, ERR_DATA);
    assert_int_equal(o.sep_used, ';');
    assert_int_equal(parse_opts(&ds, "a;b;y\n1.5;2;p\n3;4;q\n", &o, &err), 0);
    assert_int_equal(ds.X.cols, 2);
    assert_near(ds.X.data[0], 1.5, 0);
    assert_near(ds.X.data[3], 4.0, 0);
    dataset_free(&ds);
}

static void test_separator_outside_quotes_wins_and_tab_is_detected(void **state)
{
    (void)state;
    CsvOptions o = { 0 };
    Dataset ds;
    Error err;
    /* the header's two commas are inside quotes: two semicolons win */
    assert_int_equal(parse_opts(&ds, "\"a,b,c\";d;y\n1;2;p\n3;4;q\n", &o, &err), 0);
    assert_int_equal(o.sep_used, ';');
    assert_string_equal(ds.feature_names[0], "a,b,c");
    dataset_free(&ds);
    o = (CsvOptions){ 0 };
    assert_int_equal(parse_opts(&ds, "a\tb\ty\n1\t2\tp\n3\t4\tq\n", &o, &err), 0);
    assert_int_equal(o.sep_used, '\t');
    dataset_free(&ds);
    o = (CsvOptions){ 0 };
    assert_int_equal(parse_opts(&ds, "a,b;c,y\n1,2;3,p\n4,5;6,q\n", &o, &err), -1);
    assert_int_equal(o.sep_used, ','); /* two commas, one semicolon */
}

static void test_text_feature_becomes_sorted_categories(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true };
    Dataset ds;
    Error err;
    assert_int_equal(parse_opts(&ds, "n,city,y\n1,Paris,a\n2,Lyon,b\n3,Paris,a\n4,Nice,b\n",
                                &o, &err), 0);
    assert_non_null(ds.n_categories);
    assert_int_equal(ds.n_categories[0], 0);
    assert_int_equal(ds.n_categories[1], 3);
    assert_string_equal(ds.categories[1][0], "Lyon");
    assert_string_equal(ds.categories[1][1], "Nice");
    assert_string_equal(ds.categories[1][2], "Paris");
    float want[4] = { 2, 0, 2, 1 };
    for (int i = 0; i < 4; i++)
        assert_near(MAT_AT(&ds.X, i, 1), want[i], 0);
    assert_true(dataset_has_categories(&ds));
    /* copies keep them */
    int rows[2] = { 3, 1 };
    Dataset sub;
    assert_int_equal(dataset_subset(&ds, rows, 2, &sub, &err), 0);
    assert_string_equal(sub.categories[1][1], "Nice");
    assert_near(MAT_AT(&sub.X, 0, 1), 1, 0);
    dataset_free(&sub);
    dataset_free(&ds);
}

static void test_numbers_after_a_text_first_cell_are_categories_too(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true };
    Dataset ds;
    Error err;
    assert_int_equal(parse_opts(&ds, "g,y\nlow,a\n2,b\nlow,a\n", &o, &err), 0);
    assert_int_equal(ds.n_categories[0], 2);
    assert_string_equal(ds.categories[0][0], "2"); /* '2' < 'l' */
    assert_near(MAT_AT(&ds.X, 0, 0), 1, 0);
    dataset_free(&ds);
}

static void test_text_after_numbers_stays_a_located_error(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true };
    Dataset ds;
    Error err;
    assert_int_equal(parse_opts(&ds, "a,b,y\n1,2,x\n3,abc,y\n", &o, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "mem.csv:3:2: 'abc' in feature 'b' is not a number");
}

static void test_categorical_option_names_numeric_looking_columns(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true, .categorical = "zip" };
    Dataset ds;
    Error err;
    assert_int_equal(parse_opts(&ds, "zip,v,y\n75001,1,a\n69001,2,b\n75001,3,a\n", &o, &err),
                     0);
    assert_int_equal(ds.n_categories[0], 2);
    assert_string_equal(ds.categories[0][0], "69001");
    assert_near(MAT_AT(&ds.X, 0, 0), 1, 0);
    dataset_free(&ds);
    o.categorical = "zip,nope";
    assert_int_equal(parse_opts(&ds, "zip,v,y\n75001,1,a\n", &o, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "--categorical: mem.csv has no feature named 'nope'");
}

static void test_missing_cells_are_nan_when_accepted(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true, .missing = true };
    Dataset ds;
    Error err;
    assert_int_equal(parse_opts(&ds, "a,c,y\n1,u,p\n,NA,q\nNaN,v,p\n n/a ,u,q\nna,,p\n", &o,
                                &err), 0);
    assert_near(MAT_AT(&ds.X, 0, 0), 1, 0);
    for (int i = 1; i < 5; i++)
        assert_true(isnan(MAT_AT(&ds.X, i, 0)));
    assert_true(isnan(MAT_AT(&ds.X, 1, 1)));
    assert_true(isnan(MAT_AT(&ds.X, 4, 1)));
    assert_int_equal(ds.n_categories[1], 2); /* u, v: NA is not a category */
    assert_true(dataset_has_missing(&ds));
    dataset_free(&ds);
}

static void test_missing_cells_are_located_errors_when_not_accepted(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true };
    Dataset ds;
    Error err;
    assert_int_equal(parse_opts(&ds, "a,b,y\n1,2,p\nNA,3,q\n", &o, &err), -1);
    assert_string_equal(err.msg, "mem.csv:3:1: 'NA' in feature 'a' marks a missing value "
                                 "(missing values are not imputed)");
    assert_int_equal(parse_opts(&ds, "a,b,y\n1,2,p\n,3,q\n", &o, &err), -1);
    assert_string_equal(err.msg, "mem.csv:3:1: empty value in feature 'a' (missing values "
                                 "are not imputed)");
}

static void load_abc(Dataset *ds)
{
    CsvOptions o = { .categories = true };
    Error err;
    assert_int_equal(parse_opts(ds, "a,b,c,y\n1,k,3,p\n4,m,6,q\n", &o, &err), 0);
}

static void test_columns_choose_and_order_features(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    load_abc(&ds);
    assert_int_equal(dataset_select_features(&ds, "c,b", NULL, &err), 0);
    assert_int_equal(ds.X.cols, 2);
    assert_string_equal(ds.feature_names[0], "c");
    assert_string_equal(ds.feature_names[1], "b");
    assert_near(MAT_AT(&ds.X, 1, 0), 6, 0);
    assert_int_equal(ds.n_categories[0], 0);
    assert_int_equal(ds.n_categories[1], 2);
    assert_string_equal(ds.categories[1][1], "m");
    dataset_free(&ds);
    load_abc(&ds);
    assert_int_equal(dataset_select_features(&ds, NULL, "a", &err), 0);
    assert_int_equal(ds.X.cols, 2);
    assert_string_equal(ds.feature_names[0], "b");
    dataset_free(&ds);
}

static void test_unknown_column_names_are_usage_errors_listing_the_features(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    load_abc(&ds);
    assert_int_equal(dataset_select_features(&ds, "a,zz", NULL, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "--columns: mem.csv has no column named 'zz' (its features: "
                                 "a, b, c)");
    assert_int_equal(dataset_select_features(&ds, NULL, "y", &err), -1);
    assert_string_equal(err.msg, "--drop: 'y' is the target of mem.csv, not a feature");
    assert_int_equal(dataset_select_features(&ds, NULL, "a,b,c", &err), -1);
    assert_string_equal(err.msg, "--columns/--drop leave no feature of mem.csv");
    assert_int_equal(ds.X.cols, 3); /* untouched after an error */
    dataset_free(&ds);
}

static void test_test_file_categories_are_recoded_to_the_training_ones(void **state)
{
    (void)state;
    CsvOptions o = { .categories = true };
    Dataset train, test;
    Error err;
    assert_int_equal(parse_opts(&train, "c,y\nb,p\na,q\n", &o, &err), 0);
    assert_int_equal(parse_opts(&test, "c,y\nc,p\nb,q\n", &o, &err), 0);
    /* test alone: b -> 0, c -> 1; in the training file's terms: c unseen, b -> 1 */
    assert_int_equal(dataset_adopt_categories(&train, &test, "t.csv", &err), 0);
    assert_near(MAT_AT(&test.X, 0, 0), -1, 0);
    assert_near(MAT_AT(&test.X, 1, 0), 1, 0);
    assert_int_equal(test.n_categories[0], 2);
    assert_string_equal(test.categories[0][0], "a");
    dataset_free(&test);
    assert_int_equal(parse_opts(&test, "c,y\n1,p\n2,q\n", &o, &err), 0);
    assert_int_equal(dataset_adopt_categories(&train, &test, "t.csv", &err), -1);
    assert_string_equal(err.msg, "t.csv: feature 'c' holds numbers here but categories (text) "
                                 "in the training file");
    dataset_free(&test);
    dataset_free(&train);
}

/* ---- loading progress (issue 12) ------------------------------------------ */

typedef struct Seen {
    double f[16];
    int n;
} Seen;

static void record_progress(double fraction, void *ctx)
{
    Seen *s = ctx;
    if (s->n < 16)
        s->f[s->n] = fraction;
    s->n++;
}

/* 10000 data rows after the header are 10001 lines: reports at lines 4096
 * and 8192 (fractions of the bytes, below 0.99, rising), then 1 at the end. */
static void test_csv_progress_rises_every_4096_lines_and_ends_at_one(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/mllab-csv-progress-%d.csv", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("a,y\n", f);
    for (int i = 0; i < 10000; i++)
        fprintf(f, "%d,%d\n", i % 7, i % 2);
    fclose(f);
    Seen seen = { .n = 0 };
    CsvOptions o = { .progress = { record_progress, &seen } };
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_load_csv_opts(&ds, path, NULL, true, &o, &err), 0);
    assert_int_equal(ds.X.rows, 10000);
    dataset_free(&ds);
    remove(path);
    /* every line is 4 bytes ("a,y\n", "3,1\n"): 40004 in all; line 4096
     * starts after 4095 lines (16380 bytes), line 8192 after 32764 */
    assert_int_equal(seen.n, 3);
    assert_float_equal(seen.f[0], 0.99 * 16380.0 / 40004.0, 1e-12);
    assert_float_equal(seen.f[1], 0.99 * 32764.0 / 40004.0, 1e-12);
    assert_float_equal(seen.f[2], 1.0, 0.0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semicolon_separator_is_detected_from_the_header),
        cmocka_unit_test(test_separator_outside_quotes_wins_and_tab_is_detected),
        cmocka_unit_test(test_text_feature_becomes_sorted_categories),
        cmocka_unit_test(test_numbers_after_a_text_first_cell_are_categories_too),
        cmocka_unit_test(test_text_after_numbers_stays_a_located_error),
        cmocka_unit_test(test_categorical_option_names_numeric_looking_columns),
        cmocka_unit_test(test_missing_cells_are_nan_when_accepted),
        cmocka_unit_test(test_missing_cells_are_located_errors_when_not_accepted),
        cmocka_unit_test(test_columns_choose_and_order_features),
        cmocka_unit_test(test_unknown_column_names_are_usage_errors_listing_the_features),
        cmocka_unit_test(test_test_file_categories_are_recoded_to_the_training_ones),
        cmocka_unit_test(test_csv_progress_rises_every_4096_lines_and_ends_at_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
