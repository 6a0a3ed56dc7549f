/* test_path_complete.c - Tab completion of a path (src/path_complete.c) in
 * a folder made for the test: the shared beginning of several matches, one
 * match completed whole (a folder with '/'), hidden entries, no match, a
 * folder that cannot be read, "~/" as $HOME, and the list of matches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "path_complete.h"

static char root[256];

static void touch(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fclose(f);
}

/* root/ iris.csv iris_small.csv wine.csv .hidden.csv data/ data/blobs.csv */
static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "%s/mllab-complete-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root))
        return -1;
    touch("iris.csv");
    touch("iris_small.csv");
    touch("wine.csv");
    touch(".hidden.csv");
    char sub[512];
    snprintf(sub, sizeof sub, "%s/data", root);
    if (mkdir(sub, 0700) < 0)
        return -1;
    touch("data/blobs.csv");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    const char *names[] = { "iris.csv", "iris_small.csv", "wine.csv", ".hidden.csv",
                            "data/blobs.csv", "data" };
    char path[512];
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        snprintf(path, sizeof path, "%s/%s", root, names[i]);
        remove(path);
    }
    return rmdir(root);
}

static int complete(const char *rest, char *out, size_t size, char *list, size_t lsize)
{
    char text[512];
    Error err = { 0 };
    snprintf(text, sizeof text, "%s/%s", root, rest);
    return path_complete(text, out, size, list, lsize, &err);
}

static void test_several_matches_extend_to_their_shared_beginning(void **state)
{
    (void)state;
    char out[512], list[256], want[512];
    assert_int_equal(complete("ir", out, sizeof out, list, sizeof list), 2);
    snprintf(want, sizeof want, "%s/iris", root); /* iris.csv, iris_small.csv share "iris" */
    assert_string_equal(out, want);
    assert_string_equal(list, "iris.csv  iris_small.csv");
}

static void test_one_match_is_completed_whole(void **state)
{
    (void)state;
    char out[512], want[512];
    assert_int_equal(complete("w", out, sizeof out, NULL, 0), 1);
    snprintf(want, sizeof want, "%s/wine.csv", root);
    assert_string_equal(out, want);
}

static void test_a_folder_is_completed_with_a_slash_and_entered(void **state)
{
    (void)state;
    char out[512], want[512];
    assert_int_equal(complete("da", out, sizeof out, NULL, 0), 1);
    snprintf(want, sizeof want, "%s/data/", root);
    assert_string_equal(out, want);
    assert_int_equal(complete("data/", out, sizeof out, NULL, 0), 1); /* its only file */
    snprintf(want, sizeof want, "%s/data/blobs.csv", root);
    assert_string_equal(out, want);
}

static void test_hidden_entries_only_for_a_dot(void **state)
{
    (void)state;
    char out[512], list[256], want[512];
    /* "" matches every visible entry: data/ iris.csv iris_small.csv wine.csv */
    assert_int_equal(complete("", out, sizeof out, list, sizeof list), 4);
    assert_string_equal(list, "data/  iris.csv  iris_small.csv  wine.csv");
    assert_int_equal(complete(".h", out, sizeof out, NULL, 0), 1);
    snprintf(want, sizeof want, "%s/.hidden.csv", root);
    assert_string_equal(out, want);
}

static void test_no_match_leaves_the_text(void **state)
{
    (void)state;
    char out[512], list[64], want[512];
    assert_int_equal(complete("zzz", out, sizeof out, list, sizeof list), 0);
    snprintf(want, sizeof want, "%s/zzz", root);
    assert_string_equal(out, want);
    assert_string_equal(list, "");
}

static void test_a_missing_folder_is_an_error(void **state)
{
    (void)state;
    char out[512];
    Error err = { 0 };
    assert_int_equal(path_complete("/no/such/folder/x", out, sizeof out, NULL, 0, &err), -1);
    assert_int_equal(err.code, ERR_IO);
    assert_non_null(strstr(err.msg, "/no/such/folder/"));
}

static void test_tilde_is_home(void **state)
{
    (void)state;
    char out[512], want[512];
    char *old = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
    setenv("HOME", root, 1);
    Error err = { 0 };
    assert_int_equal(path_complete("~/wi", out, sizeof out, NULL, 0, &err), 1);
    snprintf(want, sizeof want, "~/wine.csv");
    assert_string_equal(out, want);
    if (old)
        setenv("HOME", old, 1);
    free(old);
}

static void test_an_output_too_small_is_an_error(void **state)
{
    (void)state;
    char out[8];
    Error err = { 0 };
    char text[512];
    snprintf(text, sizeof text, "%s/w", root);
    assert_int_equal(path_complete(text, out, sizeof out, NULL, 0, &err), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_several_matches_extend_to_their_shared_beginning),
        cmocka_unit_test(test_one_match_is_completed_whole),
        cmocka_unit_test(test_a_folder_is_completed_with_a_slash_and_entered),
        cmocka_unit_test(test_hidden_entries_only_for_a_dot),
        cmocka_unit_test(test_no_match_leaves_the_text),
        cmocka_unit_test(test_a_missing_folder_is_an_error),
        cmocka_unit_test(test_tilde_is_home),
        cmocka_unit_test(test_an_output_too_small_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
