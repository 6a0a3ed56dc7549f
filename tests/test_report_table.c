/* test_report_table.c - tables that fit a width (issue 12, defect 14):
 * word wrapping, narrowed columns, panels that repeat the key columns, and
 * the ASCII form of a table's text.  Expected texts are written out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report.h"

/* Every line of text is at most width display cells; returns the number of
 * lines. */
static int assert_lines_within(const char *text, int width)
{
    int lines = 0;
    for (const char *p = text; *p;) {
        size_t len = strcspn(p, "\n");
        char *line = strndup(p, len);
        assert_non_null(line);
        assert_in_range(utf8_width(line), 0, width);
        free(line);
        lines++;
        p += len + (p[len] == '\n');
    }
    return lines;
}

static int teardown_width(void **state)
{
    (void)state;
    table_set_max_width(0);
    return 0;
}

static void test_text_wrap_line_breaks_at_spaces_and_cuts_long_words(void **state)
{
    (void)state;
    size_t len;
    const char *next = text_wrap_line("Breast cancer Wisconsin", 14, &len);
    assert_int_equal(len, 13); /* "Breast cancer" */
    assert_string_equal(next, "Wisconsin");
    next = text_wrap_line("abcdefghij", 4, &len);
    assert_int_equal(len, 4);
    assert_string_equal(next, "efghij");
    next = text_wrap_line("short", 10, &len);
    assert_int_equal(len, 5);
    assert_string_equal(next, "");
}

static void test_text_wrap_line_breaks_after_a_slash_or_a_letters_hyphen_only(void **state)
{
    (void)state;
    size_t len;
    const char *next = text_wrap_line("60000/10000 split", 8, &len);
    assert_int_equal(len, 6); /* "60000/" */
    assert_string_equal(next, "10000 split");
    next = text_wrap_line("Fashion-MNIST images", 10, &len);
    assert_int_equal(len, 8); /* "Fashion-" */
    assert_string_equal(next, "MNIST images");
    /* "+/-" and "1e-05" are never split where a reader would misread them */
    next = text_wrap_line("0.95 +/- 0.01", 7, &len);
    assert_int_equal(len, 4);
    assert_string_equal(next, "+/- 0.01");
    next = text_wrap_line("lr 1e-05 x", 7, &len);
    assert_int_equal(len, 2);
    assert_string_equal(next, "1e-05 x");
}

static void test_report_table_wraps_a_long_column_to_fit_the_width(void **state)
{
    (void)state;
    Table t;
    assert_int_equal(table_init(&t, 2, NULL), 0);
    table_header(&t, 0, "name", ALIGN_LEFT);
    table_header(&t, 1, "what it is", ALIGN_LEFT);
    int r = table_add_row(&t);
    table_set(&t, r, 0, "iris");
    table_set(&t, r, 1, "Iris flowers, three species");
    table_set_max_width(24);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    /* 1 + (4 + 3) + (13 + 3) = 24 cells: the second column narrowed to 13 */
    assert_string_equal(sb_str(&sb), "+------+---------------+\n"
                                     "| name | what it is    |\n"
                                     "+------+---------------+\n"
                                     "| iris | Iris flowers, |\n"
                                     "|      | three species |\n"
                                     "+------+---------------+\n");
    sb_free(&sb);
    table_free(&t);
}

static void test_report_table_without_a_width_is_never_wrapped(void **state)
{
    (void)state;
    Table t;
    assert_int_equal(table_init(&t, 1, NULL), 0);
    int r = table_add_row(&t);
    table_set(&t, r, 0, "a rather long cell of many words indeed");
    table_set_max_width(0);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    assert_int_equal(assert_lines_within(sb_str(&sb), 1000), 3);
    assert_non_null(strstr(sb_str(&sb), "| a rather long cell of many words indeed |"));
    sb_free(&sb);
    table_free(&t);
}

/* Ten narrow columns that cannot fit 40 cells side by side. */
static void fill_wide(Table *t)
{
    assert_int_equal(table_init(t, 10, NULL), 0);
    t->key_cols = 2;
    static const char *const heads[] = { "#", "algorithm", "c2", "c3", "c4",
                                         "c5", "c6", "c7", "c8", "c9" };
    for (int c = 0; c < 10; c++)
        table_header(t, c, heads[c], c < 2 ? ALIGN_LEFT : ALIGN_RIGHT);
    for (int i = 0; i < 3; i++) {
        int r = table_add_row(t);
        table_set(t, r, 0, "%d", i + 1);
        table_set(t, r, 1, "algo%d", i);
        for (int c = 2; c < 10; c++)
            table_set(t, r, c, "%d.%02d", c, i);
    }
}

static void test_report_table_too_wide_is_split_into_panels_with_the_key_columns(void **state)
{
    (void)state;
    Table t;
    fill_wide(&t);
    table_set_max_width(40);
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    const char *out = sb_str(&sb);
    assert_lines_within(out, 40);
    /* every value column is there once, and each panel starts with # and algorithm */
    int panels = 0;
    for (const char *p = out; (p = strstr(p, "| # | algorithm |")) != NULL; p++)
        panels++;
    assert_true(panels >= 2);
    for (int c = 2; c < 10; c++) {
        char head[8];
        snprintf(head, sizeof head, " c%d |", c);
        const char *at = strstr(out, head);
        assert_non_null(at);
        assert_null(strstr(at + 1, head));
    }
    assert_non_null(strstr(out, "9.02"));
    sb_free(&sb);
    table_free(&t);
}

static void test_report_table_ascii_style_spells_symbols_in_ascii(void **state)
{
    (void)state;
    Table t;
    assert_int_equal(table_init(&t, 2, NULL), 0);
    table_header(&t, 0, "accuracy", ALIGN_LEFT);
    table_header(&t, 1, "fit", ALIGN_RIGHT);
    int r = table_add_row(&t);
    table_set(&t, r, 0, "0.95 ± 0.01");
    table_set(&t, r, 1, "350 µs");
    StrBuf sb = STRBUF_INIT;
    table_render(&t, TABLE_ASCII, &sb);
    assert_string_equal(sb_str(&sb), "+---------------+--------+\n"
                                     "| accuracy      |    fit |\n"
                                     "+---------------+--------+\n"
                                     "| 0.95 +/- 0.01 | 350 us |\n"
                                     "+---------------+--------+\n");
    sb_free(&sb);
    table_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_wrap_line_breaks_at_spaces_and_cuts_long_words),
        cmocka_unit_test(test_text_wrap_line_breaks_after_a_slash_or_a_letters_hyphen_only),
        cmocka_unit_test_teardown(test_report_table_wraps_a_long_column_to_fit_the_width,
                                  teardown_width),
        cmocka_unit_test_teardown(test_report_table_without_a_width_is_never_wrapped,
                                  teardown_width),
        cmocka_unit_test_teardown(
            test_report_table_too_wide_is_split_into_panels_with_the_key_columns,
            teardown_width),
        cmocka_unit_test(test_report_table_ascii_style_spells_symbols_in_ascii),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
