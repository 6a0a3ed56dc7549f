/* test_dataset.c - the Dataset type, the CSV reader and the registry of
 * named sets: what they read, and the exact message for each kind of bad
 * input (files in tests/data, found through $MLLAB_TEST_DATA).  The IDX
 * reader's tests are in test_dataset_idx.c. */
#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset.h"
#include "paths.h"
#include "test_util.h"

/* ---- helpers ------------------------------------------------------------- */

/* Whether a message holds bytes that would garble a terminal. */
static bool has_control_chars(const char *msg)
{
    for (const char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
            return true;
    return false;
}

static int parse(Dataset *ds, const char *text, const char *target, bool require, Error *err)
{
    error_clear(err);
    return dataset_parse_csv(ds, text, strlen(text), "mem.csv", target, require, err);
}

/* Loading tests/data/NAME must fail with this code and message, where the
 * message is the file's path followed by `rest`. */
static void expect_csv_error(const char *name, ErrorCode code, const char *rest)
{
    Dataset ds;
    Error err;
    error_clear(&err);
    const char *path = test_data_file(name);
    int rc = dataset_load_csv(&ds, path, NULL, true, &err);
    char want[1024];
    snprintf(want, sizeof want, "%s%s", path, rest);
    if (rc == 0 || strcmp(err.msg, want) != 0)
        print_error("file %s\n  got:  %s\n  want: %s\n", name, err.msg, want);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, code);
    assert_string_equal(err.msg, want);
}

/* ---- summaries ------------------------------------------------------------ */

static void test_feature_stats_give_min_mean_max_per_column(void **state)
{
    (void)state;
    const char *csv = "a,b,label\n1,-2,x\n3,4,y\n8,1,x\n";
    Dataset ds = { 0 };
    Error err = { 0 };
    assert_int_equal(dataset_parse_csv(&ds, csv, strlen(csv), "mem.csv", NULL, true, &err), 0);
    double mn[2], mean[2], mx[2];
    dataset_feature_stats(&ds, mn, mean, mx);
    assert_true(mn[0] == 1.0 && mx[0] == 8.0 && fabs(mean[0] - 4.0) < 1e-12);
    assert_true(mn[1] == -2.0 && mx[1] == 4.0 && fabs(mean[1] - 1.0) < 1e-12);
    dataset_free(&ds);
}

/* ---- CSV: what is read ---------------------------------------------------- */

static void test_csv_reads_features_and_string_classes_in_sorted_order(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "a,b,label\n1,2,pear\n3.5,-4,apple\n5,6e1,fig\n7,8,apple\n",
                           NULL, true, &err),
                     0);
    assert_int_equal(dataset_rows(&ds), 4);
    assert_int_equal(dataset_cols(&ds), 2);
    assert_string_equal(ds.feature_names[0], "a");
    assert_string_equal(ds.feature_names[1], "b");
    assert_string_equal(ds.target_name, "label");
    assert_true(ds.has_target);
    assert_string_equal(ds.name, "mem.csv");
    assert_float_equal(MAT_AT(&ds.X, 1, 0), 3.5f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 1, 1), -4.0f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 2, 1), 60.0f, 0.0f);
    assert_int_equal(ds.n_classes, 3);
    assert_string_equal(ds.class_names[0], "apple");
    assert_string_equal(ds.class_names[1], "fig");
    assert_string_equal(ds.class_names[2], "pear");
    int want[4] = { 2, 0, 1, 0 };
    for (int i = 0; i < 4; i++)
        assert_int_equal(ds.y[i], want[i]);
    assert_null(ds.target);
    int counts[3];
    dataset_class_counts(&ds, counts);
    assert_int_equal(counts[0], 2);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 1);
    dataset_free(&ds);
}

static void test_csv_numeric_classes_sort_numerically_and_keep_their_text(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "x,y\n1,10\n2,9\n3,2.0\n4,9\n5,-1\n", NULL, true, &err), 0);
    assert_int_equal(ds.n_classes, 4);
    assert_string_equal(ds.class_names[0], "-1");
    assert_string_equal(ds.class_names[1], "2.0");
    assert_string_equal(ds.class_names[2], "9");
    assert_string_equal(ds.class_names[3], "10");
    int want[5] = { 3, 2, 1, 2, 0 };
    for (int i = 0; i < 5; i++)
        assert_int_equal(ds.y[i], want[i]);
    /* An all-numeric target also gives the numbers. */
    assert_non_null(ds.target);
    assert_float_equal(ds.target[0], 10.0f, 0.0f);
    assert_float_equal(ds.target[2], 2.0f, 0.0f);
    assert_float_equal(ds.target[4], -1.0f, 0.0f);
    dataset_free(&ds);
}

static void test_csv_same_number_written_twice_is_one_class(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "x,y\n1,1\n2,1.0\n3,0\n", NULL, true, &err), 0);
    assert_int_equal(ds.n_classes, 2);
    assert_int_equal(ds.y[0], 1);
    assert_int_equal(ds.y[1], 1);
    assert_int_equal(ds.y[2], 0);
    dataset_free(&ds);
}

static void test_csv_many_distinct_numbers_are_a_regression_target(void **state)
{
    (void)state;
    char *text = malloc(8192);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "x,price\n");
    for (int i = 0; i < 101; i++)
        len += (size_t)sprintf(text + len, "%d,%d.25\n", i, i * 3);
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_parse_csv(&ds, text, len, "prices.csv", NULL, true, &err), 0);
    assert_true(ds.has_target);
    assert_null(ds.y);
    assert_int_equal(ds.n_classes, 0);
    assert_non_null(ds.target);
    assert_float_equal(ds.target[100], 300.25f, 0.0f);
    dataset_free(&ds);
    /* 100 distinct values are still classes. */
    len = (size_t)sprintf(text, "x,price\n");
    for (int i = 0; i < 100; i++)
        len += (size_t)sprintf(text + len, "%d,%d\n", i, i);
    assert_int_equal(dataset_parse_csv(&ds, text, len, "prices.csv", NULL, true, &err), 0);
    assert_int_equal(ds.n_classes, 100);
    assert_non_null(ds.target);
    dataset_free(&ds);
    free(text);
}

static void test_csv_reads_quoted_fields(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds,
                           "\"width, cm\",\"say \"\"hi\"\"\",kind\n"
                           "\"1.5\", 2 ,\"red, dark\"\n"
                           "3,\" 4 \",\"blue\"\n",
                           NULL, true, &err),
                     0);
    assert_string_equal(ds.feature_names[0], "width, cm");
    assert_string_equal(ds.feature_names[1], "say \"hi\"");
    assert_float_equal(MAT_AT(&ds.X, 0, 0), 1.5f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 0, 1), 2.0f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 1, 1), 4.0f, 0.0f);
    assert_int_equal(ds.n_classes, 2);
    assert_string_equal(ds.class_names[0], "blue");
    assert_string_equal(ds.class_names[1], "red, dark");
    dataset_free(&ds);
}

static void test_csv_quoted_newlines_crlf_and_byte_order_mark(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(
        dataset_load_csv(&ds, test_data_file("multiline_ok.csv"), NULL, true, &err), 0);
    assert_int_equal(dataset_rows(&ds), 3);
    assert_float_equal(MAT_AT(&ds.X, 1, 0), 3.0f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 2, 1), 6.0f, 0.0f);
    assert_string_equal(ds.class_names[0], "two\nlines");
    assert_string_equal(ds.class_names[1], "y, quoted");
    assert_string_equal(ds.class_names[2], "z");
    assert_string_equal(ds.name, "multiline_ok.csv");
    dataset_free(&ds);

    assert_int_equal(parse(&ds, "\xef\xbb\xbf" "a,b\r\n1,x\r\n\r\n2,y\r\n", NULL, true, &err), 0);
    assert_string_equal(ds.feature_names[0], "a");
    assert_int_equal(dataset_rows(&ds), 2);
    assert_string_equal(ds.class_names[1], "y");
    dataset_free(&ds);
}

static void test_csv_named_target_may_be_any_column(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "a,kind,b\n1,x,2\n3,y,4\n", "kind", true, &err), 0);
    assert_int_equal(dataset_cols(&ds), 2);
    assert_string_equal(ds.feature_names[0], "a");
    assert_string_equal(ds.feature_names[1], "b");
    assert_string_equal(ds.target_name, "kind");
    assert_float_equal(MAT_AT(&ds.X, 1, 1), 4.0f, 0.0f);
    assert_int_equal(ds.y[1], 1);
    dataset_free(&ds);
}

static void test_csv_without_the_target_column_loads_for_predictions(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "a,b\n1,2\n3,4\n", "kind", false, &err), 0);
    assert_false(ds.has_target);
    assert_null(ds.y);
    assert_null(ds.target);
    assert_int_equal(dataset_cols(&ds), 2);
    dataset_free(&ds);
    /* ... but not when the target is required. */
    assert_int_equal(parse(&ds, "a,b\n1,2\n3,4\n", "kind", true, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "mem.csv:1: no column named 'kind' for the target");
}

static void test_csv_row_of_hundreds_of_thousands_of_fields(void **state)
{
    (void)state;
    const int d = 300000;
    size_t cap = (size_t)d * 16 + 64;
    char *text = malloc(cap);
    assert_non_null(text);
    size_t len = 0;
    for (int j = 0; j < d; j++)
        len += (size_t)snprintf(text + len, cap - len, "f%d,", j);
    len += (size_t)snprintf(text + len, cap - len, "label\n");
    for (int row = 0; row < 2; row++) {
        for (int j = 0; j < d; j++)
            len += (size_t)snprintf(text + len, cap - len, "%d,", (j + row) % 10);
        len += (size_t)snprintf(text + len, cap - len, "%s\n", row ? "b" : "a");
    }
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_parse_csv(&ds, text, len, "wide.csv", NULL, true, &err), 0);
    assert_int_equal(dataset_cols(&ds), d);
    assert_int_equal(dataset_rows(&ds), 2);
    assert_string_equal(ds.feature_names[d - 1], "f299999");
    assert_float_equal(MAT_AT(&ds.X, 1, d - 1), (float)((d - 1 + 1) % 10), 0.0f);
    dataset_free(&ds);

    /* The same row against a 3-column header fails at its 4th field. */
    len = (size_t)snprintf(text, cap, "a,b,label\n");
    for (int j = 0; j < d; j++)
        len += (size_t)snprintf(text + len, cap - len, "%d,", j % 10);
    len += (size_t)snprintf(text + len, cap - len, "x\n");
    assert_int_equal(dataset_parse_csv(&ds, text, len, "wide.csv", NULL, true, &err), -1);
    assert_string_equal(err.msg, "wide.csv:2:4: too many fields: the header has 3 columns");
    free(text);
}

/* ---- CSV: bad input, each with its place -------------------------------- */

static void test_csv_missing_file_names_it(void **state)
{
    (void)state;
    expect_csv_error("no_such_file.csv", ERR_IO, ": No such file or directory");
}

static void test_csv_rejects_empty_file(void **state)
{
    (void)state;
    expect_csv_error("empty.csv", ERR_DATA,
                     ": empty file (expected a header row of column names)");
}

static void test_csv_rejects_header_only(void **state)
{
    (void)state;
    expect_csv_error("header_only.csv", ERR_DATA, ":1: only a header, no data rows");
}

static void test_csv_rejects_ragged_rows(void **state)
{
    (void)state;
    expect_csv_error("ragged_long.csv", ERR_DATA,
                     ":3:4: too many fields: the header has 3 columns");
    expect_csv_error("ragged_short.csv", ERR_DATA,
                     ":3:3: too few fields: 2 of the header's 3 columns");
}

static void test_csv_rejects_non_numeric_feature(void **state)
{
    (void)state;
    expect_csv_error("not_a_number.csv", ERR_DATA, ":3:2: 'abc' in feature 'b' is not a number");
    expect_csv_error("not_finite.csv", ERR_DATA,
                     ":2:2: 'nan' in feature 'b' is not a finite number");
}

static void test_csv_rejects_empty_feature_without_imputing(void **state)
{
    (void)state;
    expect_csv_error("empty_cell.csv", ERR_DATA,
                     ":4:2: empty value in feature 'b' (missing values are not imputed)");
}

static void test_csv_rejects_unterminated_quote(void **state)
{
    (void)state;
    expect_csv_error("unterminated_quote.csv", ERR_DATA,
                     ":3:2: unterminated quoted field (no closing quote)");
}

static void test_csv_rejects_misplaced_quote(void **state)
{
    (void)state;
    expect_csv_error("misplaced_quote.csv", ERR_DATA,
                     ":3:2: misplaced quote: a quote inside an unquoted field, or text after a "
                     "closing quote (quote the whole field and double inner quotes)");
}

static void test_csv_counts_lines_inside_quoted_fields(void **state)
{
    (void)state;
    expect_csv_error("multiline_bad.csv", ERR_DATA,
                     ":8:2: 'oops' in feature 'b' is not a number");
    /* A field that starts after a multi-line field is on the later line. */
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "a,b,c\n\"1\n\",zz,x\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv:3:2: 'zz' in feature 'b' is not a number");
    assert_int_equal(parse(&ds, "a,b,c\n1,2,x\n\n\n3,\"\n\n\n4,5\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv:5:2: unterminated quoted field (no closing quote)");
}

static void test_csv_rejects_binary_junk(void **state)
{
    (void)state;
    expect_csv_error("nul_byte.csv", ERR_DATA,
                     ":3:2: binary data (a NUL byte); this is not a CSV text file");
    expect_csv_error("invalid_utf8.csv", ERR_DATA,
                     ":3:3: label '\\xff\\xfe' is not valid UTF-8 text (binary data?)");
    expect_csv_error("gzipped.csv", ERR_DATA, ":1:1: gzip-compressed data; decompress it first");
    /* Random bytes: some clean data error naming the file, never garbage. */
    Dataset ds;
    Error err;
    error_clear(&err);
    const char *path = test_data_file("binary_junk.csv");
    assert_int_equal(dataset_load_csv(&ds, path, NULL, true, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_memory_equal(err.msg, path, strlen(path));
    assert_false(has_control_chars(err.msg));
}

static void test_csv_messages_escape_control_characters_in_names(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    /* The header spans lines 1-2, so the bad row is on line 3. */
    assert_int_equal(parse(&ds, "\"a\nb\",label\nx,1\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv:3:1: 'x' in feature 'a\\x0ab' is not a number");
    /* UTF-8 names stay readable. */
    assert_int_equal(parse(&ds, "caf\xc3\xa9,label\n\xc3\xa9,1\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv:2:1: '\xc3\xa9' in feature 'caf\xc3\xa9' is not a number");
}

static void test_csv_rejects_duplicate_or_unknown_columns(void **state)
{
    (void)state;
    expect_csv_error("duplicate_column.csv", ERR_DATA,
                     ":1:3: duplicate column name 'a' (also column 1)");
    expect_csv_error("only_target.csv", ERR_DATA,
                     ":1:1: no feature columns (only the target 'label')");
    Dataset ds;
    Error err;
    error_clear(&err);
    const char *path = test_data_file("ragged_long.csv");
    assert_int_equal(dataset_load_csv(&ds, path, "colour", true, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof want, "%s:1: no column named 'colour' for the target", path);
    assert_string_equal(err.msg, want);
}

static void test_csv_header_after_blank_lines_is_found_on_its_line(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "\n\na,a,label\n1,2,x\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv:3:2: duplicate column name 'a' (also column 1)");
    assert_int_equal(parse(&ds, "\n\na,b,label\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv:3: only a header, no data rows");
    assert_int_equal(parse(&ds, "\n  \n\n", NULL, true, &err), -1);
    assert_string_equal(err.msg, "mem.csv: empty file (expected a header row of column names)");
}

static void test_csv_rejects_empty_label(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    assert_int_equal(parse(&ds, "a,label\n1,x\n2,\n", NULL, true, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_string_equal(err.msg, "mem.csv:3:2: empty target value in column 'label'");
}

/* ---- Dataset operations -------------------------------------------------- */

static void test_subset_and_copy_keep_names_and_classes(void **state)
{
    (void)state;
    Dataset ds, sub, cp;
    Error err;
    assert_int_equal(parse(&ds, "a,b,c\n1,2,x\n3,4,y\n5,6,z\n7,8,y\n", NULL, true, &err), 0);
    int rows[2] = { 3, 0 };
    assert_int_equal(dataset_subset(&ds, rows, 2, &sub, &err), 0);
    assert_int_equal(dataset_rows(&sub), 2);
    assert_float_equal(MAT_AT(&sub.X, 0, 1), 8.0f, 0.0f);
    assert_float_equal(MAT_AT(&sub.X, 1, 0), 1.0f, 0.0f);
    assert_int_equal(sub.n_classes, 3); /* z is absent but keeps its index */
    assert_int_equal(sub.y[0], 1);
    assert_int_equal(sub.y[1], 0);
    assert_string_equal(sub.class_names[2], "z");
    assert_string_equal(sub.feature_names[1], "b");
    assert_ptr_not_equal(sub.feature_names[1], ds.feature_names[1]);
    int counts[3];
    dataset_class_counts(&sub, counts);
    assert_int_equal(counts[0], 1);
    assert_int_equal(counts[1], 1);
    assert_int_equal(counts[2], 0);

    assert_int_equal(dataset_copy(&ds, &cp, &err), 0);
    dataset_free(&ds); /* the copy owns everything */
    assert_int_equal(dataset_rows(&cp), 4);
    assert_float_equal(MAT_AT(&cp.X, 2, 1), 6.0f, 0.0f);
    assert_string_equal(cp.class_names[2], "z");
    assert_string_equal(cp.target_name, "c");
    int bad[1] = { 4 };
    Dataset out;
    assert_int_equal(dataset_subset(&cp, bad, 1, &out, &err), -1);
    dataset_free(&sub);
    dataset_free(&cp);
}

/* ---- the registry ---------------------------------------------------------- */

static void test_registry_loads_bundled_tables(void **state)
{
    (void)state;
    struct {
        const char *name;
        int rows, cols, classes;
        const char *first_class;
        int first_count;
    } sets[] = {
        { "iris", 150, 4, 3, "setosa", 50 },
        { "breast_cancer", 569, 30, 2, "benign", 357 },
        { "wine", 178, 13, 3, "class_0", 59 },
        { "digits", 1797, 64, 10, "0", 178 },
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        Dataset ds;
        test_load(&ds, sets[i].name, 42);
        assert_string_equal(ds.name, sets[i].name);
        assert_int_equal(dataset_rows(&ds), sets[i].rows);
        assert_int_equal(dataset_cols(&ds), sets[i].cols);
        assert_int_equal(ds.n_classes, sets[i].classes);
        assert_string_equal(ds.class_names[0], sets[i].first_class);
        int counts[10];
        dataset_class_counts(&ds, counts);
        assert_int_equal(counts[0], sets[i].first_count);
        const DatasetInfo *info = dataset_info(sets[i].name);
        assert_non_null(info);
        assert_int_equal(info->task, DS_CLASSIFICATION);
        dataset_free(&ds);
    }
}

static void test_registry_digits_are_8x8_images_in_unit_range(void **state)
{
    (void)state;
    Dataset ds;
    test_load(&ds, "digits", 42);
    assert_int_equal(ds.image_w, 8);
    assert_int_equal(ds.image_h, 8);
    float lo = 1, hi = 0;
    for (size_t i = 0; i < mat_size(&ds.X); i++) {
        lo = fminf(lo, ds.X.data[i]);
        hi = fmaxf(hi, ds.X.data[i]);
    }
    assert_float_equal(lo, 0.0f, 0.0f);
    assert_float_equal(hi, 1.0f, 0.0f);
    /* first image, third pixel: 5 / 16 */
    assert_float_equal(MAT_AT(&ds.X, 0, 2), 5.0f / 16.0f, 0.0f);
    dataset_free(&ds);
}

static void test_registry_diabetes_is_a_regression_set(void **state)
{
    (void)state;
    Dataset ds;
    test_load(&ds, "diabetes", 42);
    assert_int_equal(dataset_rows(&ds), 442);
    assert_int_equal(dataset_cols(&ds), 10);
    assert_true(ds.has_target);
    assert_null(ds.y);
    assert_int_equal(ds.n_classes, 0);
    assert_string_equal(ds.target_name, "progression");
    assert_float_equal(ds.target[0], 151.0f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 0, 8), 4.8598f, 0.0f);
    assert_int_equal(dataset_info("diabetes")->task, DS_REGRESSION);
    dataset_free(&ds);
}

static void test_registry_mnist_has_its_standard_split(void **state)
{
    (void)state;
    Dataset ds;
    test_load(&ds, "mnist", 42);
    assert_int_equal(dataset_rows(&ds), 70000);
    assert_int_equal(dataset_cols(&ds), 784);
    assert_int_equal(ds.split_at, 60000);
    assert_int_equal(ds.image_w, 28);
    assert_int_equal(ds.image_h, 28);
    assert_int_equal(ds.n_classes, 10);
    assert_string_equal(ds.class_names[9], "9");
    assert_int_equal(ds.y[0], 5);
    assert_int_equal(ds.y[60000], 7);
    static const int train_counts[10] = { 5923, 6742, 5958, 6131, 5842,
                                          5421, 5918, 6265, 5851, 5949 };
    int counts[10] = { 0 };
    for (int i = 0; i < 60000; i++)
        counts[ds.y[i]]++;
    for (int k = 0; k < 10; k++)
        assert_int_equal(counts[k], train_counts[k]);
    /* pixels of the first training image, /255 */
    assert_float_equal(MAT_AT(&ds.X, 0, 152), 3.0f / 255.0f, 0.0f);
    assert_float_equal(MAT_AT(&ds.X, 0, 156), 126.0f / 255.0f, 0.0f);
    /* and of the last test image */
    assert_float_equal(MAT_AT(&ds.X, 69999, 75), 254.0f / 255.0f, 0.0f);
    double sum = 0;
    for (size_t i = 0; i < mat_size(&ds.X); i++)
        sum += ds.X.data[i];
    /* sum of all raw pixels: 1832221745 */
    assert_float_equal(sum, 1832221745.0 / 255.0, 1.0);
    dataset_free(&ds);
}

static void test_registry_fashion_mnist_names_clothes_or_says_how_to_install(void **state)
{
    (void)state;
    Error err;
    error_clear(&err);
    Dataset ds;
    struct stat st;
    if (stat("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz", &st) == 0 &&
        !getenv("MLLAB_FASHION_MNIST_DIR")) {
        test_load(&ds, "fashion_mnist", 42);
        assert_int_equal(dataset_rows(&ds), 70000);
        assert_int_equal(ds.split_at, 60000);
        assert_int_equal(ds.n_classes, 10);
        assert_string_equal(ds.class_names[0], "T-shirt/top");
        assert_string_equal(ds.class_names[9], "Ankle boot");
        assert_string_equal(ds.name, "fashion_mnist");
        dataset_free(&ds);
    }
    setenv("MLLAB_FASHION_MNIST_DIR", "/nonexistent/fashion", 1);
    assert_int_equal(dataset_load(&ds, "fashion_mnist", NULL, NULL, &err), -1);
    unsetenv("MLLAB_FASHION_MNIST_DIR");
    assert_int_equal(err.code, ERR_IO);
    assert_non_null(strstr(err.msg, "apt-get install dataset-fashion-mnist"));
    assert_non_null(strstr(err.msg, "/nonexistent/fashion/train-images-idx3-ubyte.gz"));
}

static void test_registry_generated_sets_follow_the_seed(void **state)
{
    (void)state;
    Dataset a, b;
    Error err;
    Rng r1, r2;
    rng_seed(&r1, 7);
    rng_seed(&r2, 7);
    assert_int_equal(dataset_load(&a, "moons", NULL, &r1, &err), 0);
    assert_int_equal(dataset_load(&b, "moons", NULL, &r2, &err), 0);
    assert_int_equal(dataset_rows(&a), 200);
    assert_memory_equal(a.X.data, b.X.data, mat_size(&a.X) * sizeof(float));
    dataset_free(&a);
    dataset_free(&b);
}

static void test_registry_a_fixed_target_refuses_another_target_column(void **state)
{
    (void)state;
    Dataset ds;
    Error err = { 0 };
    Rng rng;
    rng_seed(&rng, 7);
    /* issue 13: --target NAME was silently ignored for generated sets */
    assert_int_equal(dataset_load(&ds, "moons", "species", &rng, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "--target species: the moons set has a fixed target ('class') "
                                 "(--target picks a column of a CSV file)");
    assert_null(ds.X.data);
    /* its own target is fine */
    assert_int_equal(dataset_load(&ds, "moons", "class", &rng, &err), 0);
    dataset_free(&ds);
}

static void test_registry_unknown_name_is_a_usage_error(void **state)
{
    (void)state;
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_load(&ds, "nosuchset", NULL, NULL, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "unknown dataset 'nosuchset' (see mllab datasets)");
    /* Something that looks like a path is a file that cannot be read. */
    assert_int_equal(dataset_load(&ds, "/nonexistent/data.csv", NULL, NULL, &err), -1);
    assert_int_equal(err.code, ERR_IO);
    assert_string_equal(err.msg, "/nonexistent/data.csv: No such file or directory");
    /* ... and an existing file is read as CSV. */
    assert_int_equal(dataset_load(&ds, test_data_file("multiline_ok.csv"), NULL, NULL, &err), 0);
    assert_int_equal(dataset_rows(&ds), 3);
    dataset_free(&ds);
}

static void test_registry_lists_every_set_with_a_card(void **state)
{
    (void)state;
    int n;
    const DatasetInfo *all = dataset_registry(&n);
    assert_int_equal(n, 14);
    const char *expected[] = { "breast_cancer", "iris", "wine", "digits", "diabetes",
                               "mnist", "fashion_mnist", "fortunes", "blobs", "moons", "circles",
                               "xor", "spiral", "quadratic" };
    for (int i = 0; i < n; i++) {
        assert_string_equal(all[i].name, expected[i]);
        assert_ptr_equal(dataset_info(expected[i]), &all[i]);
        char path[PATH_MAX];
        assert_int_equal(dataset_card_path(all[i].name, path, sizeof path), 0);
        char want[PATH_MAX];
        snprintf(want, sizeof want, "%s/%s.md", path_data_dir(), all[i].name);
        assert_string_equal(path, want);
        struct stat st;
        if (stat(path, &st) != 0)
            print_error("missing card %s\n", path);
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 200);
    }
    char small[8];
    assert_int_equal(dataset_card_path("iris", small, sizeof small), -1);
    char path[PATH_MAX];
    assert_int_equal(dataset_card_path("nosuchset", path, sizeof path), -1);
    assert_null(dataset_info("nosuchset"));
    assert_true(dataset_info("quadratic")->generated);
    assert_true(dataset_info("mnist")->image);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_feature_stats_give_min_mean_max_per_column),
        cmocka_unit_test(test_csv_reads_features_and_string_classes_in_sorted_order),
        cmocka_unit_test(test_csv_numeric_classes_sort_numerically_and_keep_their_text),
        cmocka_unit_test(test_csv_same_number_written_twice_is_one_class),
        cmocka_unit_test(test_csv_many_distinct_numbers_are_a_regression_target),
        cmocka_unit_test(test_csv_reads_quoted_fields),
        cmocka_unit_test(test_csv_quoted_newlines_crlf_and_byte_order_mark),
        cmocka_unit_test(test_csv_named_target_may_be_any_column),
        cmocka_unit_test(test_csv_without_the_target_column_loads_for_predictions),
        cmocka_unit_test(test_csv_row_of_hundreds_of_thousands_of_fields),
        cmocka_unit_test(test_csv_missing_file_names_it),
        cmocka_unit_test(test_csv_rejects_empty_file),
        cmocka_unit_test(test_csv_rejects_header_only),
        cmocka_unit_test(test_csv_rejects_ragged_rows),
        cmocka_unit_test(test_csv_rejects_non_numeric_feature),
        cmocka_unit_test(test_csv_rejects_empty_feature_without_imputing),
        cmocka_unit_test(test_csv_rejects_unterminated_quote),
        cmocka_unit_test(test_csv_rejects_misplaced_quote),
        cmocka_unit_test(test_csv_counts_lines_inside_quoted_fields),
        cmocka_unit_test(test_csv_rejects_binary_junk),
        cmocka_unit_test(test_csv_messages_escape_control_characters_in_names),
        cmocka_unit_test(test_csv_rejects_duplicate_or_unknown_columns),
        cmocka_unit_test(test_csv_header_after_blank_lines_is_found_on_its_line),
        cmocka_unit_test(test_csv_rejects_empty_label),
        cmocka_unit_test(test_subset_and_copy_keep_names_and_classes),
        cmocka_unit_test(test_registry_loads_bundled_tables),
        cmocka_unit_test(test_registry_digits_are_8x8_images_in_unit_range),
        cmocka_unit_test(test_registry_diabetes_is_a_regression_set),
        cmocka_unit_test(test_registry_mnist_has_its_standard_split),
        cmocka_unit_test(test_registry_fashion_mnist_names_clothes_or_says_how_to_install),
        cmocka_unit_test(test_registry_generated_sets_follow_the_seed),
        cmocka_unit_test(test_registry_unknown_name_is_a_usage_error),
        cmocka_unit_test(test_registry_a_fixed_target_refuses_another_target_column),
        cmocka_unit_test(test_registry_lists_every_set_with_a_card),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
