/* test_card_table.c - the cards' Markdown tables drawn as tables (issue 12,
 * defect 8): columns aligned to their widest cell, a rule under the header,
 * cells wrapped inside narrowed columns when the table is wider than the
 * card, one record per row when even whole words do not fit, the inline
 * marks dropped, and only lines that start and end with '|' taken as rows.  The
 * expected lines are worked out by hand in the comments. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "tui_app.h"
#include "tui_card_table.h"

/* tui_ui.c's spinner reads the clock of the main loop; no spinner here. */
double app_now(void)
{
    return 0.0;
}

enum { MAX_OUT = 32 };

typedef struct Out {
    char line[MAX_OUT][256];
    bool heading[MAX_OUT];
    int n;
} Out;

static void collect(void *ctx, const char *text, bool heading)
{
    Out *o = ctx;
    assert_true(o->n < MAX_OUT);
    snprintf(o->line[o->n], sizeof o->line[o->n], "%s", text);
    o->heading[o->n++] = heading;
}

static const char PARAMS[] = "| name | default | meaning |\n"
                             "|---|---|---|\n"
                             "| k | 5 | neighbours |\n"
                             "| metric | euclidean | distance |\n";

/* Widths: name 6 ("metric"), default 9 ("euclidean"), meaning 10
 * ("neighbours"); 6 + 9 + 10 + 2 separators of 3 = 31 cells. */
static void test_card_table_aligns_columns_under_a_rule(void **state)
{
    (void)state;
    Out o = { .n = 0 };
    card_table_layout(PARAMS, 40, collect, &o);
    assert_int_equal(o.n, 4);
    assert_string_equal(o.line[0], "name   \u2502 default   \u2502 meaning");
    assert_true(o.heading[0]);
    assert_string_equal(o.line[1], "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u253c\u2500"
                                   "\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
                                   "\u253c\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500\u2500"
                                   "\u2500\u2500");
    assert_false(o.heading[1]);
    assert_string_equal(o.line[2], "k      \u2502 5         \u2502 neighbours");
    assert_string_equal(o.line[3], "metric \u2502 euclidean \u2502 distance");
    assert_false(o.heading[2]);
    assert_int_equal(canvas_text_width(o.line[1]), 31);
}

/* "the learning rate of gradient descent" (37 cells) in a 30-cell card:
 * "name" keeps its 4, the separator takes 3, the meaning gets 23 (none below
 * its widest word, "learning", 8); wrapped at 23: "the learning rate of"
 * (20; with " gradient" 29), then "gradient descent". */
static void test_card_table_wraps_cells_when_wider_than_the_card(void **state)
{
    (void)state;
    Out o = { .n = 0 };
    card_table_layout("| name | meaning |\n|---|---|\n| lr | the learning rate of gradient descent |\n",
                      30, collect, &o);
    assert_int_equal(o.n, 4);
    assert_string_equal(o.line[0], "name \u2502 meaning");
    assert_int_equal(canvas_text_width(o.line[1]), 30);
    assert_string_equal(o.line[2], "lr   \u2502 the learning rate of");
    assert_string_equal(o.line[3], "     \u2502 gradient descent");
}

/* PARAMS needs 6 + 9 + 10 + 6 = 31 cells with every word whole; in 24 the
 * rows become records: the row's name (a heading), then its cells under
 * their headers, so "euclidean" and the numbers are never broken. */
static void test_card_table_becomes_records_when_too_narrow_for_whole_words(void **state)
{
    (void)state;
    Out o = { .n = 0 };
    card_table_layout(PARAMS, 24, collect, &o);
    const char *want[] = { "k", "- default: 5", "  meaning: neighbours",
                           "metric", "- default: euclidean", "  meaning: distance" };
    assert_int_equal(o.n, 6);
    for (int i = 0; i < 6; i++)
        assert_string_equal(o.line[i], want[i]);
    assert_true(o.heading[0]);
    assert_false(o.heading[1]);
    assert_true(o.heading[3]);
}

static void test_card_table_drops_inline_marks_and_has_no_rule_without_header(void **state)
{
    (void)state;
    Out o = { .n = 0 };
    card_table_layout("| **bold** | `code` |\n| a | b |\n", 40, collect, &o);
    assert_int_equal(o.n, 2);
    assert_string_equal(o.line[0], "bold \u2502 code");
    assert_false(o.heading[0]);
    assert_string_equal(o.line[1], "a    \u2502 b");
}

/* An empty cell keeps its column: "| | rbf |" under "| data | kernel |". */
static void test_card_table_keeps_empty_cells_in_place(void **state)
{
    (void)state;
    Out o = { .n = 0 };
    card_table_layout("| data | kernel |\n|---|---|\n| moons | linear |\n| | rbf |\n", 40, collect,
                      &o);
    assert_int_equal(o.n, 4);
    assert_string_equal(o.line[3], "      \u2502 rbf");
}

static void test_card_table_row_needs_bars_at_both_ends(void **state)
{
    (void)state;
    assert_true(card_table_row("| a | b |"));
    assert_true(card_table_row("| a | b |  "));
    assert_true(card_table_row("|---|---|"));
    assert_false(card_table_row("|N(u) \u2229 N(v)|. Every recommendation carries"));
    assert_false(card_table_row("plain text"));
    assert_false(card_table_row("|"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_card_table_aligns_columns_under_a_rule),
        cmocka_unit_test(test_card_table_wraps_cells_when_wider_than_the_card),
        cmocka_unit_test(test_card_table_becomes_records_when_too_narrow_for_whole_words),
        cmocka_unit_test(test_card_table_drops_inline_marks_and_has_no_rule_without_header),
        cmocka_unit_test(test_card_table_keeps_empty_cells_in_place),
        cmocka_unit_test(test_card_table_row_needs_bars_at_both_ends),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
