/* test_dataset_idx.c - the IDX reader (src/dataset_idx.c): plain and gzip
 * files read alike, the header's magic, sizes and length checked, truncated
 * and corrupt files refused with the file named, counts that do not match,
 * the standard split (the test part after the training part), the loading
 * progress (rising fractions that end at 1), and the pixels kept as bytes
 * (the same values, through subsets and copies).  Files in
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

/* keep_bytes: X byte-backed, each value the float the plain load holds;
 * subsets and copies stay bytes; the feature statistics agree. */
static void test_idx_kept_as_bytes_holds_the_same_values(void **state)
{
    (void)state;
    char p[4][PATH_MAX];
    const char *names[4] = { "idx/tiny-images-idx3-ubyte.gz", "idx/tiny-labels-idx1-ubyte.gz",
                             "idx/tiny-test-images-idx3-ubyte.gz",
                             "idx/tiny-test-labels-idx1-ubyte.gz" };
    for (int i = 0; i < 4; i++)
        snprintf(p[i], sizeof p[i], "%s", test_data_file(names[i]));
    Dataset f, b, sub, copy;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_load_idx_split(&f, p[0], p[1], p[2], p[3], &err), 0);
    assert_int_equal(dataset_load_idx_split_opts(&b, p[0], p[1], p[2], p[3], NULL, true, &err), 0);
    assert_true(mat_is_bytes(&b.X));
    assert_null(b.X.data);
    assert_int_equal(b.split_at, 3);
    assert_int_equal(dataset_rows(&b), 5);
    assert_memory_equal(b.y, f.y, 5 * sizeof *f.y);
    for (int i = 0; i < 5; i++)
        for (int j = 0; j < 6; j++)
            assert_true(mat_get(&b.X, i, j) == MAT_AT(&f.X, i, j));
    assert_int_equal(mat_row_bytes(&b.X, 4)[5], 110);
    const int rows[2] = { 4, 1 };
    assert_int_equal(dataset_subset(&b, rows, 2, &sub, &err), 0);
    assert_int_equal(dataset_copy(&b, &copy, &err), 0);
    assert_true(mat_is_bytes(&sub.X) && mat_is_bytes(&copy.X));
    assert_memory_equal(mat_row_bytes(&sub.X, 0), mat_row_bytes(&b.X, 4), 6);
    assert_memory_equal(copy.X.bytes, b.X.bytes, 30);
    assert_int_equal(sub.y[1], f.y[1]);
    double fmin[6], fmean[6], fmax[6], bmin[6], bmean[6], bmax[6];
    dataset_feature_stats(&f, fmin, fmean, fmax);
    dataset_feature_stats(&b, bmin, bmean, bmax);
    assert_memory_equal(fmin, bmin, sizeof fmin);
    assert_memory_equal(fmean, bmean, sizeof fmean);
    assert_memory_equal(fmax, bmax, sizeof fmax);
    assert_false(dataset_has_missing(&b));
    dataset_free(&f);
    dataset_free(&b);
    dataset_free(&sub);
    dataset_free(&copy);
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

/* ---- loading progress (issue 12) ------------------------------------------ */

typedef struct Seen {
    double f[64];
    int n;
} Seen;

static void record_progress(double fraction, void *ctx)
{
    Seen *s = ctx;
    if (s->n < 64)
        s->f[s->n] = fraction;
    s->n++;
}

/* An uncompressed IDX pair of n images of 28x28 (pixel j of image i is
 * (i + j) % 256, label i % 10) at TMPDIR/mllab-progress-TAG-PID-*. */
static void write_idx_pair(char images[PATH_MAX], char labels[PATH_MAX], const char *tag, int n)
{
    const char *tmp = getenv("TMPDIR");
    const char *dir = tmp && *tmp ? tmp : "/tmp";
    snprintf(images, PATH_MAX, "%s/mllab-progress-%s-%d-images", dir, tag, (int)getpid());
    snprintf(labels, PATH_MAX, "%s/mllab-progress-%s-%d-labels", dir, tag, (int)getpid());
    FILE *f = fopen(images, "wb");
    assert_non_null(f);
    unsigned char head[16] = { 0, 0, 8, 3, 0, 0, (unsigned char)(n >> 8), (unsigned char)n,
                               0, 0, 0, 28, 0, 0, 0, 28 };
    assert_int_equal(fwrite(head, 1, 16, f), 16);
    unsigned char row[784];
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < 784; j++)
            row[j] = (unsigned char)((i + j) % 256);
        assert_int_equal(fwrite(row, 1, 784, f), 784);
    }
    fclose(f);
    f = fopen(labels, "wb");
    assert_non_null(f);
    unsigned char lhead[8] = { 0, 0, 8, 1, 0, 0, (unsigned char)(n >> 8), (unsigned char)n };
    assert_int_equal(fwrite(lhead, 1, 8, f), 8);
    for (int i = 0; i < n; i++)
        assert_int_equal(fputc(i % 10, f), i % 10);
    fclose(f);
}

/* 1000 + 400 images are 1,097,600 pixel bytes, several of the reader's
 * 256 KiB chunks: the fractions rise, stay below 1 while reading (0.99 once
 * every byte is inflated) and end at exactly 1, once. */
static void test_idx_progress_rises_and_ends_at_one(void **state)
{
    (void)state;
    char p[4][PATH_MAX];
    write_idx_pair(p[0], p[1], "train", 1000);
    write_idx_pair(p[2], p[3], "test", 400);
    Seen seen = { .n = 0 };
    DatasetProgress progress = { record_progress, &seen };
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_load_idx_split_progress(&ds, p[0], p[1], p[2], p[3], &progress, &err),
                     0);
    assert_int_equal(ds.X.rows, 1400);
    assert_int_equal(ds.split_at, 1000);
    assert_float_equal(MAT_AT(&ds.X, 1001, 3), 4.0f / 255.0f, 0.0f); /* test image 1, pixel 3 */
    assert_int_equal(ds.y[1003], 3);
    dataset_free(&ds);
    /* at least one report per chunk of the larger file (3) and the final 1 */
    assert_true(seen.n >= 4);
    assert_true(seen.n <= 64);
    assert_true(seen.f[0] > 0.0);
    for (int i = 1; i < seen.n; i++)
        assert_true(seen.f[i] > seen.f[i - 1]);
    assert_float_equal(seen.f[seen.n - 2], 0.99, 1e-12);
    assert_float_equal(seen.f[seen.n - 1], 1.0, 0.0);
    for (int i = 0; i < 4; i++)
        remove(p[i]);
}

/* A load that fails never reports 1; no callback (fn NULL) reads alike. */
static void test_idx_progress_never_reaches_one_on_failure(void **state)
{
    (void)state;
    char img[PATH_MAX], lab[PATH_MAX], timg[PATH_MAX], unused[PATH_MAX], labels20[PATH_MAX];
    write_idx_pair(img, lab, "ok", 400);
    /* the damaged gzip file holds 20 images: 20 labels make the failure the
     * decompression itself */
    snprintf(timg, sizeof timg, "%s", test_data_file("idx/truncated-images-idx3-ubyte.gz"));
    write_idx_pair(unused, labels20, "labels20", 20);
    Seen seen = { .n = 0 };
    DatasetProgress progress = { record_progress, &seen };
    Dataset ds;
    Error err;
    error_clear(&err);
    assert_int_equal(
        dataset_load_idx_split_progress(&ds, img, lab, timg, labels20, &progress, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    for (int i = 0; i < seen.n && i < 64; i++)
        assert_true(seen.f[i] < 1.0);
    DatasetProgress none = { NULL, NULL };
    error_clear(&err);
    assert_int_equal(dataset_load_idx_split_progress(&ds, img, lab, img, lab, &none, &err), 0);
    assert_int_equal(ds.X.rows, 800);
    dataset_free(&ds);
    remove(img);
    remove(lab);
    remove(unused);
    remove(labels20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idx_reads_plain_and_gzip_files_alike),
        cmocka_unit_test(test_idx_split_and_append_put_the_test_part_after),
        cmocka_unit_test(test_idx_kept_as_bytes_holds_the_same_values),
        cmocka_unit_test(test_idx_rejects_truncated_and_corrupt_files),
        cmocka_unit_test(test_idx_names_the_file_when_gzip_data_is_damaged),
        cmocka_unit_test(test_idx_rejects_count_mismatch),
        cmocka_unit_test(test_idx_parse_checks_magic_sizes_and_length),
        cmocka_unit_test(test_idx_progress_rises_and_ends_at_one),
        cmocka_unit_test(test_idx_progress_never_reaches_one_on_failure),
    };
    return cmocka_run_group_tests_name("idx", tests, NULL, NULL);
}
