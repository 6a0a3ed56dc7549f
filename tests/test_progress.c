/* test_progress.c - the percentage and ETA of long work (src/progress.c)
 * and the fit progress a Trace carries (trace_progress).  Every expected
 * value is worked by hand in the comment beside it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "progress.h"
#include "trace.h"

static void test_eta_extrapolates_the_pace_so_far(void **state)
{
    (void)state;
    assert_float_equal(progress_eta(0.5, 10), 10, 1e-12);   /* half in 10 s: 10 s more */
    assert_float_equal(progress_eta(0.25, 3), 9, 1e-12);    /* 3 s a quarter: 3 more */
    assert_float_equal(progress_eta(0.42, 27), 27 * 0.58 / 0.42, 1e-12); /* 37.29 s */
}

static void test_eta_is_zero_when_done_and_unknown_too_early(void **state)
{
    (void)state;
    assert_float_equal(progress_eta(1, 5), 0, 0);
    assert_float_equal(progress_eta(1.2, 5), 0, 0);          /* past the end: done */
    assert_float_equal(progress_eta(0.005, 10), -1, 0);      /* under 1%: unknown */
    assert_float_equal(progress_eta(0.5, 0.2), -1, 0);       /* under half a second */
    assert_float_equal(progress_eta(0, 10), -1, 0);
    assert_float_equal(progress_eta(NAN, 10), -1, 0);
    assert_float_equal(progress_eta(0.5, INFINITY), -1, 0);
    assert_float_equal(progress_eta(0.5, -1), -1, 0);
}

static void test_clock_writes_minutes_and_hours(void **state)
{
    (void)state;
    char buf[32];
    progress_clock(7, buf, sizeof buf);
    assert_string_equal(buf, "0:07");
    progress_clock(65, buf, sizeof buf);
    assert_string_equal(buf, "1:05");
    progress_clock(720, buf, sizeof buf);
    assert_string_equal(buf, "12:00");
    progress_clock(3723, buf, sizeof buf);                   /* 1 h 2 min 3 s */
    assert_string_equal(buf, "1:02:03");
    progress_clock(59.6, buf, sizeof buf);                   /* rounds to 60 s */
    assert_string_equal(buf, "1:00");
    progress_clock(-1, buf, sizeof buf);
    assert_string_equal(buf, "-:--");
    progress_clock(NAN, buf, sizeof buf);
    assert_string_equal(buf, "-:--");
}

static void test_format_gives_the_percent_reached_and_the_eta(void **state)
{
    (void)state;
    char buf[64];
    progress_format(0.42, 27, buf, sizeof buf);              /* 37.29 s left */
    assert_string_equal(buf, "42%  ETA 0:37");
    progress_format(0.29, 10, buf, sizeof buf);              /* 0.29 * 100 is 28.999...: 29; 24.48 s */
    assert_string_equal(buf, "29%  ETA 0:24");
    progress_format(0.999, 100, buf, sizeof buf);            /* never 100% before the end */
    assert_string_equal(buf, "99%  ETA 0:00");
    progress_format(0.005, 10, buf, sizeof buf);
    assert_string_equal(buf, "0%  ETA -:--");
    progress_format(1, 5, buf, sizeof buf);
    assert_string_equal(buf, "100%");
}

static int seen_calls;
static double seen_last;

static void on_progress(double fraction, void *ctx)
{
    (void)ctx;
    seen_calls++;
    seen_last = fraction;
}

static void test_trace_progress_stores_and_calls_back(void **state)
{
    (void)state;
    Trace t;
    trace_init(&t);
    assert_float_equal(trace_progress_get(&t), -1, 0);       /* nothing reported yet */
    seen_calls = 0;
    t.on_progress = on_progress;
    trace_progress(&t, 0.25);
    trace_progress(&t, 0.5);
    assert_int_equal(seen_calls, 2);
    assert_float_equal(seen_last, 0.5, 0);
    assert_float_equal(trace_progress_get(&t), 0.5, 0);
    trace_clear(&t);                                         /* a reset forgets it */
    assert_float_equal(trace_progress_get(&t), -1, 0);
    trace_progress(NULL, 0.5);                               /* a NULL trace records nothing */
    assert_float_equal(trace_progress_get(NULL), -1, 0);
    trace_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eta_extrapolates_the_pace_so_far),
        cmocka_unit_test(test_eta_is_zero_when_done_and_unknown_too_early),
        cmocka_unit_test(test_clock_writes_minutes_and_hours),
        cmocka_unit_test(test_format_gives_the_percent_reached_and_the_eta),
        cmocka_unit_test(test_trace_progress_stores_and_calls_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
