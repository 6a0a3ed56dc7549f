/* test_dataset_fuzz.c - the inputs the CSV and IDX fuzzers found (fuzz/corpus,
 * replayed from tests/data/fuzz): each loads or fails with a clean, located
 * message, never a crash. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset.h"
#include "paths.h"
#include "test_util.h"

/* Whether a message holds bytes that would garble a terminal. */
static bool has_control_chars(const char *msg)
{
    for (const char *p = msg; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p == 0x7f)
            return true;
    return false;
}

/* ---- fuzzer findings --------------------------------------------------------
 * Every file in tests/data/fuzz is an input kept from the fuzzers
 * (fuzz/run.sh): csv-* go to the CSV parser; idx-* to the IDX parser and,
 * cut in two as fuzz_idx.c cuts them, to the file loader as an images file
 * and a labels file.  Each must give a clean success or a clean error. */

/* Where the second file of an idx-* input starts (as in fuzz/fuzz_idx.c). */
static size_t find_cut(const unsigned char *d, size_t n)
{
    for (size_t i = 4; i + 4 <= n; i++) {
        if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 8 && d[i + 3] == 1)
            return i;
        if (d[i] == 0x1f && d[i + 1] == 0x8b && d[i + 2] == 8)
            return i;
    }
    return n / 2;
}

static void write_file(const char *path, const unsigned char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}

static void replay_idx_as_files(const unsigned char *buf, size_t len)
{
    const char *tmp = getenv("TMPDIR");
    char images[PATH_MAX], labels[PATH_MAX];
    snprintf(images, sizeof images, "%s/mllab-fuzz-%d-images", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    snprintf(labels, sizeof labels, "%s/mllab-fuzz-%d-labels", tmp && *tmp ? tmp : "/tmp",
             (int)getpid());
    size_t cut = find_cut(buf, len);
    write_file(images, buf, cut);
    write_file(labels, buf + cut, len - cut);
    Dataset ds;
    Error err;
    error_clear(&err);
    if (dataset_load_idx(&ds, images, labels, &err) == 0) {
        assert_true(dataset_rows(&ds) > 0);
        assert_int_equal(dataset_cols(&ds), ds.image_w * ds.image_h);
        dataset_free(&ds);
    } else {
        assert_int_not_equal(err.code, ERR_NONE);
        /* the message starts with the file it is about */
        assert_true(strncmp(err.msg, images, strlen(images)) == 0 ||
                    strncmp(err.msg, labels, strlen(labels)) == 0);
        assert_false(has_control_chars(err.msg));
    }
    remove(images);
    remove(labels);
}

static void test_fuzz_findings_load_or_fail_cleanly(void **state)
{
    (void)state;
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", test_data_file("fuzz"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    int seen = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        bool is_csv = strncmp(e->d_name, "csv-", 4) == 0;
        bool is_idx = strncmp(e->d_name, "idx-", 4) == 0;
        if (!is_csv && !is_idx)
            continue;
        char path[2 * PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        FILE *f = fopen(path, "rb");
        assert_non_null(f);
        size_t cap = 1 << 16, len = 0;
        unsigned char *buf = malloc(cap);
        assert_non_null(buf);
        size_t got;
        while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
            len += got;
            if (len == cap) {
                cap *= 2;
                buf = realloc(buf, cap);
                assert_non_null(buf);
            }
        }
        fclose(f);
        Error err;
        error_clear(&err);
        int rc;
        if (is_csv) {
            Dataset ds;
            rc = dataset_parse_csv(&ds, (const char *)buf, len, e->d_name, NULL, true, &err);
            if (rc == 0)
                dataset_free(&ds);
        } else {
            int nd, dims[3];
            unsigned char *data;
            rc = idx_parse(buf, len, e->d_name, &nd, dims, &data, &err);
            if (rc == 0)
                free(data);
            replay_idx_as_files(buf, len);
        }
        if (rc != 0) {
            assert_int_equal(rc, -1);
            assert_int_not_equal(err.code, ERR_NONE);
            assert_memory_equal(err.msg, e->d_name, strlen(e->d_name));
            assert_false(has_control_chars(err.msg));
        }
        free(buf);
        seen++;
    }
    closedir(d);
    assert_true(seen > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_findings_load_or_fail_cleanly),
    };
    return cmocka_run_group_tests_name("fuzz findings", tests, NULL, NULL);
}
