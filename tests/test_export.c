/* test_export.c - export (src/export.c, src/canvas_svg.c): a set of texts
 * lands in STEM + suffix files whole, an unwritable folder is an error
 * naming the path and the reason, the default stem is
 * ./mllab-ALGO-DATASET-YYYYmmdd-HHMMSS with odd characters replaced; a
 * canvas drawn as SVG has one circle per braille dot, rectangles for
 * blocks and backgrounds, line segments for box drawing, escaped text and
 * only characters XML allows. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "canvas_svg.h"
#include "export.h"
#include "test_util.h"

static void make_dir(char *dir)
{
    snprintf(dir, 64, "/tmp/mllab-export.XXXXXX");
    assert_non_null(mkdtemp(dir));
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void remove_all(const char *dir, const char *const *names, int n)
{
    char path[256];
    for (int i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void export_writes_each_text_to_stem_plus_suffix(void **state)
{
    (void)state;
    char dir[64], stem[128], written[1024];
    make_dir(dir);
    snprintf(stem, sizeof stem, "%s/run1", dir);
    ExportSet e;
    export_init(&e);
    sb_append(export_add(&e, ".json", "results"), "{\"a\": 1}\n");
    sb_append(export_add(&e, ".trace.jsonl", "trace"), "{\"step\":1}\n");
    Error err;
    assert_int_equal(export_write(&e, stem, written, sizeof written, &err), 0);
    char path[160];
    snprintf(path, sizeof path, "%s.json", stem);
    assert_string_equal(slurp(path), "{\"a\": 1}\n");
    snprintf(path, sizeof path, "%s.trace.jsonl", stem);
    assert_string_equal(slurp(path), "{\"step\":1}\n");
    char want[400];
    snprintf(want, sizeof want, "%s.json, %s.trace.jsonl", stem, stem);
    assert_string_equal(written, want);
    export_free(&e);
    const char *names[] = { "run1.json", "run1.trace.jsonl" };
    remove_all(dir, names, 2);
}

static void export_to_a_missing_folder_names_the_path_and_reason(void **state)
{
    (void)state;
    ExportSet e;
    export_init(&e);
    sb_append(export_add(&e, ".csv", "results"), "metric,value\n");
    Error err;
    char written[256];
    assert_int_equal(export_write(&e, "/nonexistent-mllab-dir/x", written, sizeof written, &err), -1);
    assert_int_equal(err.code, ERR_IO);
    assert_non_null(strstr(err.msg, "/nonexistent-mllab-dir/x.csv"));
    assert_non_null(strstr(err.msg, "No such file or directory"));
    assert_string_equal(written, "");
    export_free(&e);
}

static void export_refuses_an_empty_stem_or_a_folder(void **state)
{
    (void)state;
    ExportSet e;
    export_init(&e);
    sb_append(export_add(&e, ".csv", "results"), "x\n");
    Error err;
    char written[64];
    assert_int_equal(export_write(&e, "", written, sizeof written, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(export_write(&e, "/tmp", written, sizeof written, &err), -1);
    assert_non_null(strstr(err.msg, "is a folder"));
    assert_int_equal(export_write(&e, "out/", written, sizeof written, &err), -1);
    export_free(&e);
}

static void export_set_holds_at_most_its_capacity(void **state)
{
    (void)state;
    ExportSet e;
    export_init(&e);
    for (int i = 0; i < EXPORT_MAX_ITEMS; i++)
        assert_non_null(export_add(&e, ".x", "x"));
    assert_null(export_add(&e, ".y", "y"));
    export_free(&e);
}

static void default_stem_has_algo_dataset_and_local_time(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    char buf[128];
    /* 2026-12-03 14:50:07 UTC = 1796309407 (date -u -d @1796309407) */
    export_default_stem(buf, sizeof buf, "kmeans", "blobs", (time_t)1796309407);
    assert_string_equal(buf, "./mllab-kmeans-blobs-20261203-145007");
    export_default_stem(buf, sizeof buf, "logreg", "data/my set (v2).csv", (time_t)1796309407);
    assert_string_equal(buf, "./mllab-logreg-my_set__v2_-20261203-145007");
    export_default_stem(buf, sizeof buf, "compare", "", (time_t)1796309407);
    assert_string_equal(buf, "./mllab-compare-20261203-145007");
}

/* ---- SVG -------------------------------------------------------------------- */

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static char *svg_of(const Canvas *c)
{
    StrBuf sb = STRBUF_INIT;
    canvas_render_svg(c, NULL, NULL, &sb);
    assert_false(sb.failed);
    return sb.s;
}

static void svg_draws_one_circle_per_braille_dot(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, false, NULL), 0);
    canvas_cell(&c, 0, 0)->ch = 0x2800 + 0x01 + 0x80; /* dots 1 and 8 */
    canvas_cell(&c, 1, 1)->ch = 0x28FF;               /* all eight */
    canvas_cell(&c, 1, 1)->fg = 1;
    char *svg = svg_of(&c);
    assert_int_equal(count(svg, "<circle"), 10);
    /* dot 1 of cell (0,0) at (2, 2); dot 8 at (2 + 4, 2 + 12) */
    assert_non_null(strstr(svg, "cx=\"2\" cy=\"2\""));
    assert_non_null(strstr(svg, "cx=\"6\" cy=\"14\""));
    assert_non_null(strstr(svg, "fill=\"#1f77b4\"")); /* series colour 1 */
    free(svg);
    canvas_free(&c);
}

static void svg_escapes_text_and_replaces_what_xml_forbids(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 12, 1, false, NULL), 0);
    canvas_text(&c, 0, 0, "a<b&c>d", 0);
    canvas_cell(&c, 8, 0)->ch = 0x1;    /* a control character */
    canvas_cell(&c, 9, 0)->ch = 0xFFFF; /* a non-character */
    char *svg = svg_of(&c);
    assert_non_null(strstr(svg, ">a&lt;b&amp;c&gt;d</text>"));
    assert_non_null(strstr(svg, ">?" "?</text>"));
    assert_null(strchr(svg, 0x1));
    assert_non_null(strstr(svg, "<?xml version=\"1.0\""));
    assert_non_null(strstr(svg, "width=\"96\" height=\"16\""));
    assert_non_null(strstr(svg, "</svg>\n"));
    free(svg);
    canvas_free(&c);
}

static void svg_draws_blocks_boxes_and_backgrounds_as_shapes(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 6, 2, false, NULL), 0);
    canvas_cell(&c, 0, 0)->ch = 0x2580; /* upper half: 8 x 8 */
    canvas_cell(&c, 1, 0)->ch = 0x2592; /* medium shade: half opacity */
    canvas_cell(&c, 2, 0)->ch = 0x256D; /* rounded corner: right and down arms */
    canvas_fill(&c, 0, 1, 3, 1, ' ', 0, 2, 0); /* a region of class 1: one rect of 3 cells */
    char *svg = svg_of(&c);
    assert_non_null(strstr(svg, "x=\"0\" y=\"0\" width=\"8\" height=\"8\""));
    assert_non_null(strstr(svg, "fill-opacity=\"0.5\""));
    assert_non_null(strstr(svg, "d=\"M20 8H24M20 8V16\""));
    assert_non_null(strstr(svg, "x=\"0\" y=\"16\" width=\"24\" height=\"16\" fill=\"#ffe5cc\""));
    assert_int_equal(count(svg, "<text"), 0);
    free(svg);
    canvas_free(&c);
}

static void svg_reverse_video_swaps_the_colours(void **state)
{
    (void)state;
    Canvas c;
    assert_int_equal(canvas_init(&c, 3, 1, false, NULL), 0);
    canvas_text_ex(&c, 0, 0, "ab", -1, 0, 0, CANVAS_ATTR_REVERSE);
    char *svg = svg_of(&c);
    /* default colours reversed: dark background, white text */
    assert_non_null(strstr(svg, "width=\"16\" height=\"16\" fill=\"#202020\""));
    assert_non_null(strstr(svg, "fill=\"#ffffff\">ab</text>"));
    free(svg);
    canvas_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_writes_each_text_to_stem_plus_suffix),
        cmocka_unit_test(export_to_a_missing_folder_names_the_path_and_reason),
        cmocka_unit_test(export_refuses_an_empty_stem_or_a_folder),
        cmocka_unit_test(export_set_holds_at_most_its_capacity),
        cmocka_unit_test(default_stem_has_algo_dataset_and_local_time),
        cmocka_unit_test(svg_draws_one_circle_per_braille_dot),
        cmocka_unit_test(svg_escapes_text_and_replaces_what_xml_forbids),
        cmocka_unit_test(svg_draws_blocks_boxes_and_backgrounds_as_shapes),
        cmocka_unit_test(svg_reverse_video_swaps_the_colours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
