/* test_error.c - error values: a message too long for the buffer keeps its
 * start and its end (the reason), and error_prefix puts a file name before a
 * message without losing the reason. */
#include <string.h>

#include "test_util.h"

static void test_a_long_message_keeps_its_reason(void **state)
{
    (void)state;
    char path[3000];
    memset(path, 'p', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    Error err = { 0 };
    assert_int_equal(error_set(&err, ERR_IO, "/%s: cannot open: No such file or directory", path),
                     -1);
    size_t len = strlen(err.msg);
    assert_int_equal(len, sizeof err.msg - 1);
    assert_int_equal(err.msg[0], '/');
    assert_non_null(strstr(err.msg, "..."));
    const char *end = ": cannot open: No such file or directory";
    assert_string_equal(err.msg + len - strlen(end), end);
}

static void test_a_short_message_is_kept_whole(void **state)
{
    (void)state;
    Error err = { 0 };
    error_set(&err, ERR_DATA, "x.csv:%d:%d: not a number", 3, 2);
    assert_string_equal(err.msg, "x.csv:3:2: not a number");
}

static void test_error_prefix_names_the_file_and_keeps_the_code(void **state)
{
    (void)state;
    Error err = { 0 };
    error_set(&err, ERR_USAGE, "bad width");
    assert_int_equal(error_prefix(&err, "model.nn"), -1);
    assert_string_equal(err.msg, "model.nn: bad width");
    assert_int_equal(err.code, ERR_USAGE);

    char path[2000];
    memset(path, 'q', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    error_set(&err, ERR_DATA, "the saved mlp was trained on 3 classes, the data has 2");
    error_prefix(&err, path);
    const char *why = "q: the saved mlp was trained on 3 classes, the data has 2";
    assert_string_equal(err.msg + strlen(err.msg) - strlen(why), why);
    assert_int_equal(strncmp(err.msg, "qqqq", 4), 0);
    assert_null(error_prefix(NULL, "x") == -1 ? NULL : "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_long_message_keeps_its_reason),
        cmocka_unit_test(test_a_short_message_is_kept_whole),
        cmocka_unit_test(test_error_prefix_names_the_file_and_keeps_the_code),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
