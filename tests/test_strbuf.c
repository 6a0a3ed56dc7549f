/* test_strbuf.c - the growable text buffer and its JSON helpers. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "strbuf.h"

static void test_strbuf_empty_buffer_reads_as_empty_string(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    assert_string_equal(sb_str(&sb), "");
    sb_append(&sb, "");
    assert_string_equal(sb_str(&sb), "");
    assert_int_equal(sb.len, 0);
    sb_free(&sb);
    sb_free(&sb); /* twice is harmless */
}

static void test_strbuf_grows_past_its_first_capacity(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    for (int i = 0; i < 10000; i++)
        sb_append_n(&sb, &"abcdefghij"[i % 10], 1);
    assert_false(sb.failed);
    assert_int_equal(sb.len, 10000);
    assert_true(sb.cap > sb.len);
    assert_int_equal(strlen(sb_str(&sb)), 10000);
    for (int i = 0; i < 10000; i++)
        assert_int_equal(sb.s[i], 'a' + i % 10);
    /* append_n takes exactly n bytes, even with more available */
    sb_reset(&sb);
    sb_append_n(&sb, "hello world", 5);
    assert_string_equal(sb_str(&sb), "hello");
    sb_free(&sb);
}

static void test_strbuf_reset_keeps_storage(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    sb_append(&sb, "some text");
    char *storage = sb.s;
    size_t cap = sb.cap;
    sb_reset(&sb);
    assert_int_equal(sb.len, 0);
    assert_string_equal(sb_str(&sb), "");
    assert_ptr_equal(sb.s, storage);
    assert_int_equal(sb.cap, cap);
    sb_append(&sb, "new");
    assert_string_equal(sb_str(&sb), "new");
    sb_free(&sb);
}

static void test_strbuf_printf_beyond_256_chars(void **state)
{
    (void)state;
    char long_text[1001];
    memset(long_text, 'x', 1000);
    long_text[1000] = '\0';
    StrBuf sb = STRBUF_INIT;
    sb_append(&sb, "start:");
    sb_printf(&sb, "%s|%d|%s", long_text, 42, "end");
    assert_int_equal(sb.len, 6 + 1000 + 7);
    assert_memory_equal(sb_str(&sb), "start:xxx", 9);
    assert_string_equal(sb_str(&sb) + 6 + 1000, "|42|end");
    /* short formats after a long one still append */
    sb_printf(&sb, "%.2f", 2.5);
    assert_string_equal(sb_str(&sb) + sb.len - 4, "2.50");
    /* exactly 255 and 256 characters: the edge of the stack buffer */
    sb_reset(&sb);
    sb_printf(&sb, "%.255s", long_text);
    assert_int_equal(strlen(sb_str(&sb)), 255);
    sb_printf(&sb, "%.256s", long_text);
    assert_int_equal(strlen(sb_str(&sb)), 511);
    sb_free(&sb);
}

static void test_strbuf_json_string_escapes_quotes_controls_bidi_and_backslashes(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    sb_json_string(&sb, "a\"b\\c\nd\te\rf\x01g\x1f/h\b");
    assert_string_equal(sb_str(&sb),
                        "\"a\\\"b\\\\c\\nd\\te\\rf\\u0001g\\u001f/h\\u0008\"");
    /* UTF-8 passes through untouched */
    sb_reset(&sb);
    sb_json_string(&sb, "caf\xc3\xa9 \xe2\x89\xa4 1");
    assert_string_equal(sb_str(&sb), "\"caf\xc3\xa9 \xe2\x89\xa4 1\"");
    /* DEL, U+009B (a CSI) and the bidi override U+202E are escaped too (the
     * same string once parsed; a JSON report on a terminal cannot drive it):
     * json.dumps("\x7f\x9bx\u202e", ensure_ascii=False) keeps them raw, and
     * json.loads('"\\u007f\\u009bx\\u202e"') reads them back. */
    sb_reset(&sb);
    sb_json_string(&sb, "\x7f\xc2\x9bx\xe2\x80\xae");
    assert_string_equal(sb_str(&sb), "\"\\u007f\\u009bx\\u202e\"");
    sb_reset(&sb);
    sb_json_string(&sb, "");
    assert_string_equal(sb_str(&sb), "\"\"");
    sb_free(&sb);
}

/* The text sb_json_double writes for v. */
static const char *double_text(StrBuf *sb, double v)
{
    sb_reset(sb);
    sb_json_double(sb, v);
    return sb_str(sb);
}

static void test_strbuf_doubles_are_shortest_round_trip(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    assert_string_equal(double_text(&sb, 0.1), "0.1");
    assert_string_equal(double_text(&sb, 5.0), "5");
    assert_string_equal(double_text(&sb, -2.5), "-2.5");
    assert_string_equal(double_text(&sb, 1.0 / 3.0), "0.3333333333333333");
    assert_string_equal(double_text(&sb, 0.1 + 0.2), "0.30000000000000004");
    assert_string_equal(double_text(&sb, 1e300), "1e+300");
    assert_string_equal(double_text(&sb, 123456789.0), "123456789");
    /* whatever the value, the text reads back to it exactly */
    const double hard[] = { M_PI, 2.0 / 3.0, 1e-310, 9007199254740993.0, 0.8179999999999999 };
    for (size_t i = 0; i < sizeof hard / sizeof *hard; i++)
        assert_true(strtod(double_text(&sb, hard[i]), NULL) == hard[i]);
    sb_free(&sb);
}

static void test_strbuf_floats_are_shortest_round_trip(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    const float v[4] = { 0.1f, 1.0f / 3.0f, 16777216.0f, -0.75f };
    sb_json_float_array(&sb, v, 4);
    /* a float needs fewer digits than the same value as a double */
    assert_string_equal(sb_str(&sb), "[0.1,0.33333334,16777216,-0.75]");
    sb_free(&sb);
}

static void test_strbuf_non_finite_numbers_become_null(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    assert_string_equal(double_text(&sb, NAN), "null");
    assert_string_equal(double_text(&sb, INFINITY), "null");
    assert_string_equal(double_text(&sb, -INFINITY), "null");
    sb_reset(&sb);
    const float f[3] = { 1.5f, NAN, -INFINITY };
    sb_json_float_array(&sb, f, 3);
    assert_string_equal(sb_str(&sb), "[1.5,null,null]");
    sb_reset(&sb);
    const double d[2] = { INFINITY, 2.0 };
    sb_json_double_array(&sb, d, 2);
    assert_string_equal(sb_str(&sb), "[null,2]");
    sb_free(&sb);
}

static void test_strbuf_json_arrays_and_matrices(void **state)
{
    (void)state;
    StrBuf sb = STRBUF_INIT;
    const int ints[3] = { 1, -2, 30 };
    sb_json_int_array(&sb, ints, 3);
    sb_append(&sb, " ");
    sb_json_int_array(&sb, ints, 0);
    sb_append(&sb, " ");
    const float m[6] = { 1, 2, 3, 4, 5, 6.5f };
    sb_json_float_matrix(&sb, m, 2, 3);
    sb_append(&sb, " ");
    sb_json_float_matrix(&sb, m, 0, 3);
    assert_string_equal(sb_str(&sb), "[1,-2,30] [] [[1,2,3],[4,5,6.5]] []");
    sb_free(&sb);
}

static void test_str_visible_escapes_terminal_controls_and_bidi_overrides(void **state)
{
    (void)state;
    /* U+009B (CSI), U+202E (right-to-left override), ESC, BEL, DEL; tab and
     * other UTF-8 (an accent, U+2014, U+2069's neighbour U+2065) are kept */
    char *v = str_visible("ok\xc2\x9b" "31m|\xe2\x80\xae" "evil|\x1b[2J\a\x7f|\t\xc3\xa9\xe2\x80\x94"
                          "\xe2\x81\xa9\xe2\x81\xa5");
    assert_non_null(v);
    assert_string_equal(v, "ok\\u009b31m|\\u202eevil|\\u001b[2J\\u0007\\u007f|\t\xc3\xa9\xe2\x80\x94"
                           "\\u2069\xe2\x81\xa5");
    free(v);
    v = str_visible("");
    assert_string_equal(v, "");
    free(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_str_visible_escapes_terminal_controls_and_bidi_overrides),
        cmocka_unit_test(test_strbuf_empty_buffer_reads_as_empty_string),
        cmocka_unit_test(test_strbuf_grows_past_its_first_capacity),
        cmocka_unit_test(test_strbuf_reset_keeps_storage),
        cmocka_unit_test(test_strbuf_printf_beyond_256_chars),
        cmocka_unit_test(test_strbuf_json_string_escapes_quotes_controls_bidi_and_backslashes),
        cmocka_unit_test(test_strbuf_doubles_are_shortest_round_trip),
        cmocka_unit_test(test_strbuf_floats_are_shortest_round_trip),
        cmocka_unit_test(test_strbuf_non_finite_numbers_become_null),
        cmocka_unit_test(test_strbuf_json_arrays_and_matrices),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
