/* test_canvas.c - the text plots land in the cells they should: a known
 * scatter renders to known braille cells, lines and polylines, heatmap
 * shades, half-block images, bars, the ASCII fallback, and clipping of
 * everything drawn outside the canvas or the plot area. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"

/* The code point at (x, y). */
static uint32_t ch_at(Canvas *c, int x, int y)
{
    CanvasCell *cell = canvas_cell(c, x, y);
    assert_non_null(cell);
    return cell->ch;
}

/* The canvas as text (one line per row, trailing spaces trimmed). */
static char *render(const Canvas *c)
{
    StrBuf sb = STRBUF_INIT;
    canvas_render_utf8(c, &sb);
    assert_false(sb.failed);
    return sb.s; /* caller frees */
}

static int count_nonblank(Canvas *c)
{
    int n = 0;
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            if (ch_at(c, x, y) != ' ')
                n++;
    return n;
}

/* A 4 x 2 cell area holds 8 x 8 braille sub-pixels; data 0..7 maps 1:1. */
static PlotArea unit_area(void)
{
    PlotArea a = { 0, 0, 4, 2, 0.0, 7.0, 0.0, 7.0 };
    return a;
}

static void test_canvas_scatter_renders_known_points_to_known_braille_cells(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, false, NULL), 0);
    PlotArea a = unit_area();
    /* Top-left sub-pixel (x 0, y 7), bottom-right (7, 0), and two in cell (1, 0):
     * sub-pixels (2, 0) and (3, 1) -> dots 1 (0x01) and 5 (0x10). */
    float xs[] = { 0, 7, 2, 3 };
    float ys[] = { 7, 0, 7, 6 };
    int classes[] = { 0, 1, 2, 2 };
    canvas_scatter(&c, &a, xs, ys, classes, 4);
    assert_int_equal(ch_at(&c, 0, 0), 0x2801);
    assert_int_equal(ch_at(&c, 3, 1), 0x2880);
    assert_int_equal(ch_at(&c, 1, 0), 0x2811);
    assert_int_equal(ch_at(&c, 2, 0), ' ');
    assert_int_equal(canvas_cell(&c, 0, 0)->fg, 1);
    assert_int_equal(canvas_cell(&c, 3, 1)->fg, 2);
    assert_int_equal(canvas_cell(&c, 1, 0)->fg, 3);
    char *text = render(&c);
    assert_string_equal(text, "\u2801\u2811\n   \u2880\n");
    free(text);
    canvas_free(&c);
}

static void test_canvas_ascii_scatter_uses_one_glyph_per_class(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 8, 8, true, NULL), 0);
    PlotArea a = { 0, 0, 8, 8, 0.0, 7.0, 0.0, 7.0 };
    float xs[] = { 0, 7, 3 };
    float ys[] = { 7, 0, 4 };
    int classes[] = { 0, 1, 2 };
    canvas_scatter(&c, &a, xs, ys, classes, 3);
    assert_int_equal(ch_at(&c, 0, 0), 'o');
    assert_int_equal(ch_at(&c, 7, 7), 'x');
    assert_int_equal(ch_at(&c, 3, 3), '+');
    assert_int_equal(count_nonblank(&c), 3);
    canvas_free(&c);
}

static void test_canvas_scatter_glyphs_marks_whole_cells_by_class(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, false, NULL), 0);
    PlotArea a = unit_area();
    float xs[] = { 0, 7 };
    float ys[] = { 7, 0 };
    int classes[] = { 0, 1 };
    canvas_scatter_glyphs(&c, &a, xs, ys, classes, 2);
    assert_int_equal(ch_at(&c, 0, 0), 0x25CF); /* ● */
    assert_int_equal(ch_at(&c, 3, 1), 0x25CB); /* ○ */
    assert_int_equal(count_nonblank(&c), 2);
    canvas_free(&c);
}

static void test_canvas_points_outside_the_area_are_clipped(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 10, 6, false, NULL), 0);
    PlotArea a = { 2, 2, 4, 2, 0.0, 7.0, 0.0, 7.0 };
    canvas_point(&c, &a, -1.0, 3.0, 1);
    canvas_point(&c, &a, 8.0, 3.0, 1);
    canvas_point(&c, &a, 3.0, 7.6, 1);
    canvas_point(&c, &a, NAN, 1.0, 1);
    canvas_point(&c, &a, INFINITY, 1.0, 1);
    assert_int_equal(count_nonblank(&c), 0);
    /* An area partly off the canvas: the visible part still draws, nothing crashes. */
    PlotArea off = { 8, 4, 4, 4, 0.0, 7.0, 0.0, 15.0 };
    canvas_point(&c, &off, 0.0, 15.0, 1);   /* cell (8, 4): inside the canvas */
    canvas_point(&c, &off, 7.0, 0.0, 1);    /* cell (11, 7): outside */
    assert_int_equal(count_nonblank(&c), 1);
    assert_int_equal(ch_at(&c, 8, 4), 0x2801);
    canvas_free(&c);
}

static void test_canvas_horizontal_line_fills_top_dots_of_a_row(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, false, NULL), 0);
    PlotArea a = unit_area();
    canvas_line(&c, &a, 0, 7, 7, 7, 4);
    for (int x = 0; x < 4; x++) {
        assert_int_equal(ch_at(&c, x, 0), 0x2809); /* dots 1 and 4 */
        assert_int_equal(canvas_cell(&c, x, 0)->fg, 4);
        assert_int_equal(ch_at(&c, x, 1), ' ');
    }
    canvas_free(&c);
}

static void test_canvas_diagonal_line_in_ascii_marks_each_cell_once(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 5, 5, true, NULL), 0);
    PlotArea a = { 0, 0, 5, 5, 0.0, 4.0, 0.0, 4.0 };
    canvas_line(&c, &a, 0, 0, 4, 4, 1);
    char *text = render(&c);
    assert_string_equal(text, "    *\n   *\n  *\n *\n*\n");
    free(text);
    canvas_free(&c);
}

static void test_canvas_line_far_outside_is_clipped_to_the_area(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 12, 6, true, NULL), 0);
    PlotArea a = { 2, 1, 8, 4, 0.0, 7.0, 0.0, 3.0 };
    /* y = 2 from x = -1e9 to 1e9: only the area's row of y 2 (its second) is drawn. */
    canvas_line(&c, &a, -1e9, 2.0, 1e9, 2.0, 1);
    int n = count_nonblank(&c);
    assert_int_equal(n, 8);
    for (int x = 2; x < 10; x++)
        assert_int_equal(ch_at(&c, x, 2), '*');
    /* Entirely outside: nothing. */
    canvas_line(&c, &a, 8, -5, 20, -5, 1);
    assert_int_equal(count_nonblank(&c), 8);
    canvas_free(&c);
}

static void test_canvas_polyline_breaks_at_nan(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 8, 1, true, NULL), 0);
    PlotArea a = { 0, 0, 8, 1, 0.0, 7.0, 0.0, 1.0 };
    double xs[] = { 0, 2, NAN, 5, 7 };
    double ys[] = { 0.5, 0.5, 0.5, 0.5, 0.5 };
    canvas_polyline(&c, &a, xs, ys, 5, 1);
    char *text = render(&c);
    assert_string_equal(text, "***  ***\n");
    free(text);
    canvas_free(&c);
}

static void test_canvas_heatmap_shades_from_vmin_to_vmax(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 6, 1, false, NULL), 0);
    float v[] = { 0, 0.25f, 0.5f, 0.75f, 1.0f, NAN };
    canvas_heatmap(&c, 0, 0, v, 1, 6, 0, 1);
    char *text = render(&c);
    assert_string_equal(text, " \u2591\u2592\u2593\u2588\n");
    free(text);
    canvas_free(&c);

    assert_int_equal(canvas_init(&c, 10, 2, true, NULL), 0);
    float w[10];
    for (int i = 0; i < 10; i++)
        w[i] = (float)i * 10.0f; /* 0..90 over [0, 90]: every ASCII level once */
    canvas_heatmap(&c, 0, 1, w, 1, 10, 0, 90);
    text = render(&c);
    assert_string_equal(text, "\n .:-=+*#%@\n");
    free(text);
    canvas_free(&c);
}

static void test_canvas_image_uses_half_blocks_two_rows_per_cell(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 3, false, NULL), 0);
    /* 4 x 3 pixels: columns are (on,on) (on,off) (off,on) (off,off) in rows
     * 0-1; row 2 is lit at column 0 only (the missing row 3 counts as off). */
    float px[] = { 1, 1, 0, 0,
                   1, 0, 1, 0,
                   0.9f, 0, 0, 0 };
    int rows = canvas_image(&c, 0, 0, px, 4, 3);
    assert_int_equal(rows, 2);
    assert_int_equal(ch_at(&c, 0, 0), 0x2588);
    assert_int_equal(ch_at(&c, 1, 0), 0x2580);
    assert_int_equal(ch_at(&c, 2, 0), 0x2584);
    assert_int_equal(ch_at(&c, 3, 0), ' ');
    assert_int_equal(ch_at(&c, 0, 1), 0x2580);
    /* The grey levels ride along in the colours: white on black for ▀. */
    assert_int_equal(canvas_cell(&c, 1, 0)->fg, CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS - 1);
    assert_int_equal(canvas_cell(&c, 1, 0)->bg, CANVAS_COLOR_GRAY);
    assert_int_equal(ch_at(&c, 0, 2), ' ');
    canvas_free(&c);
}

static void test_canvas_ascii_image_shades_the_mean_of_each_pixel_pair(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 3, 1, true, NULL), 0);
    float px[] = { 1, 0, 0,
                   1, 1, 0 };
    canvas_image(&c, 0, 0, px, 3, 2);
    assert_int_equal(ch_at(&c, 0, 0), '@');
    assert_int_equal(ch_at(&c, 1, 0), '+'); /* mean 0.5 -> level 5 of 0..9 (rounded) */
    assert_int_equal(ch_at(&c, 2, 0), ' ');
    canvas_free(&c);
}

static void test_canvas_bars_are_proportional_with_labels_and_values(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 20, 2, true, NULL), 0);
    const char *labels[] = { "a", "bb" };
    double values[] = { 10, 5 };
    canvas_bars(&c, 0, 0, 20, labels, values, 2, 1);
    /* label 2 + space, values up to 2 wide + space: bars of 14 and 7. */
    char *text = render(&c);
    assert_string_equal(text, "a  ############## 10\nbb #######        5\n");
    free(text);
    canvas_free(&c);

    assert_int_equal(canvas_init(&c, 12, 1, false, NULL), 0);
    const char *one[] = { "x" };
    double half[] = { 2 };
    canvas_bars(&c, 0, 0, 12, one, half, 1, 1);
    /* width 12 - label 1 - 1 - value 1 - 1 = 8 full blocks */
    for (int x = 2; x < 10; x++)
        assert_int_equal(ch_at(&c, x, 0), 0x2588);
    canvas_free(&c);
}

static void test_canvas_text_is_clipped_and_ascii_mode_replaces_unicode(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 6, 1, true, NULL), 0);
    int n = canvas_text(&c, 2, 0, "x\u2264y\u2192zzz", 0);
    assert_int_equal(n, 4);
    char *text = render(&c);
    assert_string_equal(text, "  x<=y\n"); /* "≤" keeps its meaning: "<=", not "<" */
    free(text);
    assert_int_equal(canvas_text(&c, 0, 5, "below", 0), 0);
    assert_int_equal(canvas_text(&c, -3, 0, "abcd", 0), 1); /* only "d" lands, at x 0 */
    assert_int_equal(ch_at(&c, 0, 0), 'd');
    canvas_free(&c);

    assert_int_equal(canvas_init(&c, 8, 1, false, NULL), 0);
    canvas_text_ex(&c, 0, 0, "\u03b8=\u2211w", 3, 0, 0, 0);
    text = render(&c);
    assert_string_equal(text, "\u03b8=\u2211\n");
    free(text);
    assert_int_equal(canvas_text_width("a\u4e2db"), 4); /* a wide CJK character counts 2 */
    canvas_free(&c);
}

/* Issue 13, defect 6: labels from data reached the terminal raw.  A C1
 * control (U+009B, a CSI), a C0 one (ESC), DEL and the bidi overrides and
 * isolates are drawn as "\u009b" text in 6 cells, counted so by
 * canvas_text_width, in both modes; tab stays a space. */
static void test_canvas_text_escapes_controls_and_bidi_overrides(void **state)
{
    (void)state;
    const char *label = "a\xc2\x9b" "b\xe2\x80\xae" "c\x1b\x7f\t\xe2\x81\xa6";
    const char *want = "a\\u009bb\\u202ec\\u001b\\u007f \\u2066";
    int width = (int)strlen(want);
    for (int ascii = 0; ascii <= 1; ascii++) {
        Canvas c;
        assert_int_equal(canvas_init(&c, width, 1, ascii, NULL), 0);
        assert_int_equal(canvas_text(&c, 0, 0, label, 0), width);
        char *text = render(&c);
        text[strcspn(text, "\n")] = '\0';
        assert_string_equal(text, want);
        free(text);
        canvas_free(&c);
    }
    assert_int_equal(canvas_text_width(label), width);
    /* max_cells cuts the spelling like any other text: still only visible text */
    Canvas c;
    assert_int_equal(canvas_init(&c, 8, 1, false, NULL), 0);
    assert_int_equal(canvas_text_ex(&c, 0, 0, "\xc2\x9bxyz", 3, 0, 0, 0), 3);
    char *text = render(&c);
    assert_string_equal(text, "\\u0\n");
    free(text);
    canvas_free(&c);
}

/* Issue 12, defect 6: --ascii changed meanings ("gini 0.667 > 0.00" for
 * "→", "x < 3" for "≤", "? newes" for "◀ newest"). */
static void test_canvas_ascii_spells_arrows_and_comparisons_in_full(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 24, 4, true, NULL), 0);
    canvas_text(&c, 0, 0, "gini 0.667 \u2192 0.00", 0);
    canvas_text(&c, 0, 1, "x1 \u2264 3.5, x2 \u2265 1", 0);
    canvas_text(&c, 0, 2, "\u25c0 newest", 0);
    assert_int_equal(canvas_text_ex(&c, 0, 3, "a\u2192b\u2026", 5, 0, 0, 0), 5);
    char *text = render(&c);
    assert_string_equal(text, "gini 0.667 -> 0.00\n"
                              "x1 <= 3.5, x2 >= 1\n"
                              "<- newest\n"
                              "a->b.\n");
    free(text);
    canvas_free(&c);
}

static void test_canvas_plot_dots_do_not_overwrite_text_or_markers(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, false, NULL), 0);
    PlotArea a = unit_area();
    canvas_text(&c, 0, 0, "T", 0);
    canvas_marker(&c, &a, 7, 0, 'X', 10);
    canvas_line(&c, &a, 0, 7, 7, 0, 1);
    assert_int_equal(ch_at(&c, 0, 0), 'T');
    assert_int_equal(ch_at(&c, 3, 1), 'X');
    assert_int_equal(canvas_cell(&c, 3, 1)->fg, 10);
    assert_true(ch_at(&c, 1, 0) >= 0x2800 && ch_at(&c, 1, 0) <= 0x28FF);
    canvas_free(&c);
}

static void test_canvas_regions_shade_the_background_by_class(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, false, NULL), 0);
    PlotArea a = unit_area();
    /* A 2 x 1 grid: left half class 0, right half class 1. */
    int grid[] = { 0, 1 };
    canvas_regions(&c, &a, grid, 2, 1);
    assert_int_equal(canvas_cell(&c, 0, 0)->bg, 1);
    assert_int_equal(canvas_cell(&c, 1, 1)->bg, 1);
    assert_int_equal(canvas_cell(&c, 2, 0)->bg, 2);
    assert_int_equal(canvas_cell(&c, 3, 1)->bg, 2);
    assert_true(canvas_cell(&c, 3, 1)->attr & CANVAS_ATTR_REGION);
    /* The centre of a cell in data coordinates. */
    double x, y;
    canvas_cell_center(&a, 0, 0, &x, &y);
    assert_true(fabs(x - 0.875) < 1e-9 && fabs(y - 5.25) < 1e-9);
    canvas_free(&c);
}

static void test_canvas_axes_label_the_range(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 30, 7, true, NULL), 0);
    PlotArea a = { 8, 0, 20, 6, -1.0, 3.0, 0.0, 10.0 };
    canvas_axes(&c, &a);
    char *text = render(&c);
    assert_non_null(strstr(text, "     10|"));
    assert_non_null(strstr(text, "      0|"));
    assert_non_null(strstr(text, "+-1"));
    assert_non_null(strstr(text, "3\n"));
    free(text);
    canvas_free(&c);
}

/* Tick labels are never cut into a different number: 3010 once showed as
 * "3.01e+0" (the first 7 characters of "3.01e+03"). */
static void test_canvas_axes_labels_large_and_small_values_whole(void **state)
{
    (void)state;
    const double ranges[][2] = { { 0.0, 3010.0 }, { -120000.0, 0.0 }, { -0.00012, 0.0 } };
    const char *want[][2] = { { "3010|", "1505|" },
                              { "-1.2e5|", "-60000|" },
                              { "-1.2e-4|", "-6.0e-5|" } };
    for (int i = 0; i < 3; i++) {
        Canvas c;
        assert_int_equal(canvas_init(&c, 30, 7, true, NULL), 0);
        PlotArea a = { 8, 0, 20, 6, 0.0, 1.0, ranges[i][0], ranges[i][1] };
        canvas_axes(&c, &a);
        char *text = render(&c);
        for (int j = 0; j < 2; j++)
            if (!strstr(text, want[i][j])) {
                print_error("no '%s' in:\n%s\n", want[i][j], text);
                fail();
            }
        free(text);
        canvas_free(&c);
    }
}

/* Steps are whole numbers: the middle x label of steps 0..23 is 11 (where
 * it falls), never "11.5", which is what the x range's middle is. */
static void test_canvas_axes_whole_x_labels_steps_with_integers(void **state)
{
    (void)state;
    for (int whole = 0; whole <= 1; whole++) {
        Canvas c;
        assert_int_equal(canvas_init(&c, 40, 7, true, NULL), 0);
        PlotArea a = { 8, 0, 30, 6, 0.0, 23.0, 0.0, 1.0 };
        (whole ? canvas_axes_whole_x : canvas_axes)(&c, &a);
        char *text = render(&c);
        if (whole) {
            assert_null(strstr(text, "11.5"));
            /* "11" at column 8 + round(11 / 23 * 29) - 1 = 21: the corner at 7,
             * "0" at 8, twelve dashes at 9..20 */
            assert_non_null(strstr(text, "+0------------11"));
        } else {
            assert_non_null(strstr(text, "11.5"));
        }
        free(text);
        canvas_free(&c);
    }
}

/* A loss of 0.2..1 padded by 5% would go below 0 (and label -0.04); an
 * accuracy that is 1 throughout would reach 1.5; the bounds hold them. */
static void test_canvas_pad_range_stays_within_the_domain(void **state)
{
    (void)state;
    double lo = 0.2, hi = 1.0; /* margin 0.04 each side */
    canvas_pad_range(&lo, &hi, 0.0, INFINITY);
    assert_float_equal(lo, 0.16, 1e-12);
    assert_float_equal(hi, 1.04, 1e-12);
    lo = 0.0, hi = 2.0; /* margin 0.1: below 0 is cut */
    canvas_pad_range(&lo, &hi, 0.0, INFINITY);
    assert_float_equal(lo, 0.0, 1e-12);
    assert_float_equal(hi, 2.1, 1e-12);
    lo = 1.0, hi = 1.0; /* flat: 0.5..1.5, then 5% of 1: 0.45..1.55, cut at 1 */
    canvas_pad_range(&lo, &hi, 0.0, 1.0);
    assert_float_equal(lo, 0.45, 1e-12);
    assert_float_equal(hi, 1.0, 1e-12);
    lo = -3.0, hi = 1.0; /* no bounds: the margin of 0.2 both sides */
    canvas_pad_range(&lo, &hi, -INFINITY, INFINITY);
    assert_float_equal(lo, -3.2, 1e-12);
    assert_float_equal(hi, 1.2, 1e-12);
}

static void test_canvas_resize_clears_and_outside_cells_are_null(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 3, 3, false, NULL), 0);
    canvas_text(&c, 0, 0, "abc", 0);
    assert_int_equal(canvas_resize(&c, 5, 2, NULL), 0);
    assert_int_equal(count_nonblank(&c), 0);
    assert_null(canvas_cell(&c, 5, 0));
    assert_null(canvas_cell(&c, 0, 2));
    assert_null(canvas_cell(&c, -1, 0));
    canvas_fill(&c, 3, 1, 10, 10, '#', 1, 0, 0);
    assert_int_equal(count_nonblank(&c), 2);
    canvas_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_canvas_scatter_renders_known_points_to_known_braille_cells),
        cmocka_unit_test(test_canvas_ascii_scatter_uses_one_glyph_per_class),
        cmocka_unit_test(test_canvas_scatter_glyphs_marks_whole_cells_by_class),
        cmocka_unit_test(test_canvas_points_outside_the_area_are_clipped),
        cmocka_unit_test(test_canvas_horizontal_line_fills_top_dots_of_a_row),
        cmocka_unit_test(test_canvas_diagonal_line_in_ascii_marks_each_cell_once),
        cmocka_unit_test(test_canvas_line_far_outside_is_clipped_to_the_area),
        cmocka_unit_test(test_canvas_polyline_breaks_at_nan),
        cmocka_unit_test(test_canvas_heatmap_shades_from_vmin_to_vmax),
        cmocka_unit_test(test_canvas_image_uses_half_blocks_two_rows_per_cell),
        cmocka_unit_test(test_canvas_ascii_image_shades_the_mean_of_each_pixel_pair),
        cmocka_unit_test(test_canvas_bars_are_proportional_with_labels_and_values),
        cmocka_unit_test(test_canvas_text_is_clipped_and_ascii_mode_replaces_unicode),
        cmocka_unit_test(test_canvas_text_escapes_controls_and_bidi_overrides),
        cmocka_unit_test(test_canvas_ascii_spells_arrows_and_comparisons_in_full),
        cmocka_unit_test(test_canvas_plot_dots_do_not_overwrite_text_or_markers),
        cmocka_unit_test(test_canvas_regions_shade_the_background_by_class),
        cmocka_unit_test(test_canvas_axes_label_the_range),
        cmocka_unit_test(test_canvas_axes_labels_large_and_small_values_whole),
        cmocka_unit_test(test_canvas_axes_whole_x_labels_steps_with_integers),
        cmocka_unit_test(test_canvas_pad_range_stays_within_the_domain),
        cmocka_unit_test(test_canvas_resize_clears_and_outside_cells_are_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
