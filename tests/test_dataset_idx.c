/* test_dataset_idx.c - the IDX reader (src/dataset_idx.c): plain and gzip
 * files read alike, the header's magic, sizes and length checked, truncated
 * and corrupt files refused with the file named, counts that do not match,
 * and the standard split (the test part after the training part).  Files in
 * tests/data, found through $MLLAB_TEST_DATA. */
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

static void expect_idx_error(const char *images, const char *labels, ErrorCode code,
                             const char *want)
{
    Dataset ds;
    Error err;
    error_clear(&err);
    int rc = dataset_load_idx(&ds, images, labels, &err);
    if (rc == 0 || strcmp(err.msg, want) != 0)
        print_error("  got:  %s\n  want: %s\n", err.msg, want);
    assert_int_equal(rc, -1);
    assert_int_equal(err.code, code);
    assert_string_equal(err.msg, want);
}

/* ---- IDX ------------------------------------------------------------------ */

static void test_idx_reads_plain_and_gzip_files_alike(void **state)
{
    (void)state;
    const char *variants[2][2] = {
        { "idx/tiny-images-idx3-ubyte", "idx/tiny-labels-idx1-ubyte" },
        { "idx/tiny-images-idx3-ubyte.gz", "idx/tiny-labels-idx1-ubyte.gz" },
    };
    for (int v = 0; v < 2; v++) {
        Dataset ds;
        Error err;
        error_clear(&err);
        char images[PATH_MAX], labels[PATH_MAX];
        snprintf(images, sizeof images, "%s", test_data_file(variants[v][0]));
        snprintf(labels, sizeof labels, "%s", test_data_file(variants[v][1]));
        assert_int_equal(dataset_load_idx(&ds, images, labels, &err), 0);
        assert_int_equal(dataset_rows(&ds), 3);
        assert_int_equal(dataset_cols(&ds), 6);
        assert_int_equal(ds.image_h, 2);
        assert_int_equal(ds.image_w, 3);
        assert_int_equal(ds.split_at, 0);
        assert_float_equal(MAT_AT(&ds.X, 0, 0), 0.0f, 0.0f);
        assert_float_equal(MAT_AT(&ds.X, 0, 1), 51.0f / 255.0f, 0.0f);
        assert_float_equal(MAT_AT(&ds.X, 0, 5), 1.0f, 0.0f);
        assert_float_equal(MAT_AT(&ds.X, 2, 5), 60.0f / 255.0f, 0.0f);
        assert_int_equal(ds.y[0], 2);
        assert_int_equal(ds.y[1], 0);
        assert_int_equal(ds.y[2], 1);
        assert_int_equal(ds.n_classes, 3);
        assert_string_equal(ds.class_names[2], "2");
        assert_string_equal(ds.feature_names[0], "px_0_0");
        assert_string_equal(ds.feature_names[5], "px_1_2");
        assert_true(ds.has_target);
        dataset_free(&ds);
    }
}

static void test_idx_split_and_append_put_the_test_part_after(void **state)
{
    (void)state;
    char p[4][PATH_MAX];
    const char *names[4] = { "idx/tiny-images-idx3-ubyte.gz", "idx/tiny-labels-idx1-ubyte.gz",
                             "idx/tiny-test-images-idx3-ubyte.gz",
                             "idx/tiny-test-labels-idx1-ubyte.gz" };
    for (int i = 0; i < 4; i++)
        snprintf(p[i], sizeof p[i], "%s", test_data_file(names[i]));
    Dataset a, b;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_load_idx_split(&a, p[0], p[1], p[2], p[3], &err), 0);
    assert_int_equal(dataset_load_idx(&b, p[0], p[1], &err), 0);
    assert_int_equal(dataset_append_idx(&b, p[2], p[3], &err), 0);
    for (Dataset *ds = &a; ds; ds = ds == &a ? &b : NULL) {
        assert_int_equal(dataset_rows(ds), 5);
        assert_int_equal(ds->split_at, 3);
        assert_int_equal(ds->y[3], 3);
        assert_int_equal(ds->y[4], 1);
        assert_int_equal(ds->n_classes, 4);
        assert_float_equal(MAT_AT(&ds->X, 4, 5), 110.0f / 255.0f, 0.0f);
        assert_float_equal(MAT_AT(&ds->X, 2, 0), 10.0f / 255.0f, 0.0f);
    }
    assert_memory_equal(a.X.data, b.X.data, mat_size(&a.X) * sizeof(float));
    dataset_free(&a);
    dataset_free(&b);
}

static void test_idx_rejects_truncated_and_corrupt_files(void **state)
{
    (void)state;
    char img[PATH_MAX], lab[PATH_MAX], want[2 * PATH_MAX];
    snprintf(lab, sizeof lab, "%s", test_data_file("idx/tiny-labels-idx1-ubyte"));

    snprintf(img, sizeof img, "%s", test_data_file("idx/short-images-idx3-ubyte"));
    snprintf(want, sizeof want,
             "%s: truncated IDX file: the header announces 18 bytes of data, found 12", img);
    expect_idx_error(img, lab, ERR_DATA, want);

    snprintf(img, sizeof img, "%s", test_data_file("idx/bad-magic-idx3-ubyte"));
    snprintf(want, sizeof want,
             "%s: not an IDX file (magic number 89504e47, expected 00000801 for labels or "
             "00000803 for images)",
             img);
    expect_idx_error(img, lab, ERR_DATA, want);

    snprintf(img, sizeof img, "%s", test_data_file("idx/tiny-images-idx3-ubyte"));
    snprintf(want, sizeof want, "%s: an IDX file of 3 dimensions where labels (1) were expected",
             img);
    expect_idx_error(img, img, ERR_DATA, want);

    snprintf(img, sizeof img, "%s", test_data_file("no-such-images-idx3-ubyte.gz"));
    snprintf(want, sizeof want, "%s: No such file or directory", img);
    expect_idx_error(img, lab, ERR_IO, want);
}

/* The damaged gzip files hold 20 images; pair them with 20 labels made on
 * the fly so that the failure is the decompression itself. */
static void test_idx_names_the_file_when_gzip_data_is_damaged(void **state)
{
    (void)state;
    char lab[PATH_MAX];
    const char *tmp = getenv("TMPDIR");
    snprintf(lab, sizeof lab, "%s/mllab-test-labels-%d-idx1-ubyte", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    FILE *f = fopen(lab, "wb");
    assert_non_null(f);
    unsigned char head[8] = { 0, 0, 8, 1, 0, 0, 0, 20 };
    unsigned char labels[20] = { 0 };
    assert_int_equal(fwrite(head, 1, 8, f), 8);
    assert_int_equal(fwrite(labels, 1, 20, f), 20);
    fclose(f);

    char img[PATH_MAX], want[2 * PATH_MAX];
    snprintf(img, sizeof img, "%s", test_data_file("idx/truncated-images-idx3-ubyte.gz"));
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_load_idx(&ds, img, lab, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    snprintf(want, sizeof want, "%s: truncated gzip data", img);
    assert_memory_equal(err.msg, want, strlen(want));

    snprintf(img, sizeof img, "%s", test_data_file("idx/corrupt-images-idx3-ubyte.gz"));
    error_clear(&err);
    assert_int_equal(dataset_load_idx(&ds, img, lab, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    snprintf(want, sizeof want, "%s: corrupt gzip data (incorrect data check)", img);
    assert_string_equal(err.msg, want);
    remove(lab);
}

static void test_idx_rejects_count_mismatch(void **state)
{
    (void)state;
    char img[PATH_MAX], lab[PATH_MAX], want[2 * PATH_MAX];
    snprintf(img, sizeof img, "%s", test_data_file("idx/tiny-images-idx3-ubyte"));
    snprintf(lab, sizeof lab, "%s", test_data_file("idx/four-labels-idx1-ubyte"));
    int n = snprintf(want, sizeof want, "%s has 3 images but %s has 4 labels", img, lab);
    assert_true(n < (int)sizeof want);
    expect_idx_error(img, lab, ERR_DATA, want);
}

static void test_idx_parse_checks_magic_sizes_and_length(void **state)
{
    (void)state;
    unsigned char good[] = { 0, 0, 8, 1, 0, 0, 0, 3, 7, 8, 9 };
    int nd, dims[3];
    unsigned char *data;
    Error err;
    error_clear(&err);
    assert_int_equal(idx_parse(good, sizeof good, "l", &nd, dims, &data, &err), 0);
    assert_int_equal(nd, 1);
    assert_int_equal(dims[0], 3);
    assert_int_equal(data[2], 9);
    free(data);

    assert_int_equal(idx_parse(good, sizeof good - 1, "l", &nd, dims, &data, &err), -1);
    assert_string_equal(err.msg,
                        "l: truncated IDX file: the header announces 3 bytes of data, found 2");
    assert_null(data);
    unsigned char longer[] = { 0, 0, 8, 1, 0, 0, 0, 1, 7, 8 };
    assert_int_equal(idx_parse(longer, sizeof longer, "l", &nd, dims, &data, &err), -1);
    assert_string_equal(err.msg, "l: 1 bytes after the 1 bytes of data the IDX header announces");
    unsigned char floats[] = { 0, 0, 0x0d, 1, 0, 0, 0, 1, 0, 0, 0, 0 };
    assert_int_equal(idx_parse(floats, sizeof floats, "f", &nd, dims, &data, &err), -1);
    assert_string_equal(err.msg,
                        "f: IDX element type 0x0d is not supported (only unsigned bytes, 0x08)");
    unsigned char huge[] = { 0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff,
                             0x7f, 0xff, 0xff, 0xff };
    assert_int_equal(idx_parse(huge, sizeof huge, "h", &nd, dims, &data, &err), -1);
    assert_string_equal(err.msg, "h: IDX dimensions are implausibly large");
    unsigned char zero[] = { 0, 0, 8, 1, 0, 0, 0, 0 };
    assert_int_equal(idx_parse(zero, sizeof zero, "z", &nd, dims, &data, &err), -1);
    assert_string_equal(err.msg, "z: IDX dimension 1 has size 0");
    assert_int_equal(idx_parse(zero, 3, "z", &nd, dims, &data, &err), -1);
    assert_string_equal(err.msg, "z: not an IDX file: 3 bytes is too short for a header");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idx_reads_plain_and_gzip_files_alike),
        cmocka_unit_test(test_idx_split_and_append_put_the_test_part_after),
        cmocka_unit_test(test_idx_rejects_truncated_and_corrupt_files),
        cmocka_unit_test(test_idx_names_the_file_when_gzip_data_is_damaged),
        cmocka_unit_test(test_idx_rejects_count_mismatch),
        cmocka_unit_test(test_idx_parse_checks_magic_sizes_and_length),
    };
    return cmocka_run_group_tests_name("idx", tests, NULL, NULL);
}
