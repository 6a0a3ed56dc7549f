/* test_trace.c - step events: what is stored, the detail switch, the cap on
 * stored events, JSON lines output, the on_event callback, threads. */
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "trace.h"

static int setup(void **state)
{
    Trace *t = malloc(sizeof *t);
    if (!t)
        return -1;
    trace_init(t);
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    trace_free(*state);
    free(*state);
    return 0;
}

static void test_trace_emit_stores_step_kind_tag_and_text(void **state)
{
    Trace *t = *state;
    assert_int_equal(t->detail_level, 1);
    t->step = 3;
    TraceEvent *ev = trace_emit(t, TRACE_STEP, "iter", "iter %d: inertia %.2f", 3, 12.5);
    assert_non_null(ev);
    trace_value(ev, "inertia", 12.5);
    assert_int_equal(t->count, 1);
    assert_int_equal(t->events[0].step, 3);
    assert_int_equal(t->events[0].kind, TRACE_STEP);
    assert_string_equal(t->events[0].tag, "iter");
    assert_string_equal(t->events[0].text, "iter 3: inertia 12.50");
    assert_true(trace_event_get(&t->events[0], "inertia") == 12.5);
    assert_true(isnan(trace_event_get(&t->events[0], "loss")));
}

static void test_trace_emitv_attaches_values_in_order(void **state)
{
    Trace *t = *state;
    TraceEvent *ev = trace_emitv(t, TRACE_STEP, "epoch", "epoch 1", "loss", 0.25, "val_acc",
                                 0.875, NULL);
    assert_non_null(ev);
    assert_int_equal(ev->n_values, 2);
    assert_string_equal(ev->values[0].key, "loss");
    assert_string_equal(ev->values[1].key, "val_acc");
    assert_true(trace_event_get(ev, "loss") == 0.25);
    assert_true(trace_event_get(ev, "val_acc") == 0.875);
    /* more than TRACE_MAX_VALUES: the extra ones are dropped */
    ev = trace_emitv(t, TRACE_NOTE, "many", "", "a", 1.0, "b", 2.0, "c", 3.0, "d", 4.0, "e",
                     5.0, "f", 6.0, "g", 7.0, "h", 8.0, "i", 9.0, NULL);
    assert_int_equal(ev->n_values, TRACE_MAX_VALUES);
    assert_true(trace_event_get(ev, "h") == 8.0);
    assert_true(isnan(trace_event_get(ev, "i")));
}

static void test_trace_long_text_and_tag_are_truncated(void **state)
{
    Trace *t = *state;
    char text[1000];
    memset(text, 'z', sizeof text - 1);
    text[sizeof text - 1] = '\0';
    TraceEvent *ev = trace_emitv(t, TRACE_NOTE, "a-tag-much-longer-than-24-bytes", text, NULL);
    assert_int_equal(strlen(ev->text), TRACE_TEXT_LEN - 1);
    assert_int_equal(strlen(ev->tag), sizeof ev->tag - 1);
    ev = trace_emit(t, TRACE_NOTE, "note", "%s", text);
    assert_int_equal(strlen(ev->text), TRACE_TEXT_LEN - 1);
}

static void test_trace_detail_level_zero_skips_detail_events(void **state)
{
    Trace *t = *state;
    t->detail_level = 0;
    assert_null(trace_emit(t, TRACE_DETAIL, "split", "x <= %d", 3));
    assert_null(trace_emitv(t, TRACE_DETAIL, "batch", "b", "loss", 1.0, NULL));
    assert_non_null(trace_emit(t, TRACE_STEP, "iter", "kept"));
    assert_non_null(trace_emit(t, TRACE_NOTE, "note", "kept"));
    assert_int_equal(t->count, 2);
    /* trace_value and trace_event_get accept what a skipped emit returns */
    trace_value(NULL, "loss", 1.0);
    assert_true(isnan(trace_event_get(NULL, "loss")));
    t->detail_level = 1;
    assert_non_null(trace_emit(t, TRACE_DETAIL, "split", "now kept"));
    assert_int_equal(t->count, 3);
}

static void test_trace_null_trace_records_nothing(void **state)
{
    (void)state;
    assert_null(trace_emit(NULL, TRACE_STEP, "iter", "x"));
    assert_null(trace_emitv(NULL, TRACE_STEP, "iter", "x", "loss", 1.0, NULL));
    trace_clear(NULL);
    trace_free(NULL);
    assert_int_equal(trace_write_jsonl(NULL, stdout, NULL), 0);
}

static void test_trace_max_events_drops_the_oldest(void **state)
{
    Trace *t = *state;
    t->max_events = 10;
    for (int i = 0; i < 25; i++) {
        t->step = i + 1;
        assert_non_null(trace_emitv(t, TRACE_STEP, "iter", "", "i", (double)i, NULL));
    }
    assert_true(t->count <= 10);
    assert_true(t->count > 0);
    assert_int_equal(t->dropped + t->count, 25);
    /* what is kept is the newest, still in order */
    assert_true(trace_event_get(&t->events[t->count - 1], "i") == 24.0);
    for (int i = 1; i < t->count; i++)
        assert_int_equal(t->events[i].step, t->events[i - 1].step + 1);

    trace_clear(t);
    assert_int_equal(t->count, 0);
    assert_int_equal(t->dropped, 0);
    /* a cap of one still keeps the latest event */
    t->max_events = 1;
    for (int i = 0; i < 3; i++)
        trace_emitv(t, TRACE_STEP, "iter", "", "i", (double)i, NULL);
    assert_int_equal(t->count, 1);
    assert_true(trace_event_get(&t->events[0], "i") == 2.0);
}

static void test_trace_writes_json_lines(void **state)
{
    Trace *t = *state;
    t->step = 1;
    trace_emitv(t, TRACE_STEP, "epoch", "epoch 1: loss 0.5", "loss", 0.5, "val_acc", 0.75,
                NULL);
    t->step = 2;
    trace_emitv(t, TRACE_DETAIL, "split", "split on \"worst radius\" <= 16.8", "gini", 0.125,
                NULL);
    trace_emitv(t, TRACE_NOTE, "note", "diverged", "loss", NAN, NULL);

    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(trace_write_jsonl(t, f, NULL), 0);
    rewind(f);
    char buf[1024];
    size_t len = fread(buf, 1, sizeof buf - 1, f);
    buf[len] = '\0';
    fclose(f);
    assert_string_equal(
        buf,
        "{\"step\":1,\"kind\":\"step\",\"tag\":\"epoch\",\"text\":\"epoch 1: loss 0.5\","
        "\"loss\":0.5,\"val_acc\":0.75}\n"
        "{\"step\":2,\"kind\":\"detail\",\"tag\":\"split\","
        "\"text\":\"split on \\\"worst radius\\\" <= 16.8\",\"gini\":0.125}\n"
        "{\"step\":2,\"kind\":\"note\",\"tag\":\"note\",\"text\":\"diverged\",\"loss\":null}\n");
}

typedef struct Seen {
    int calls;
    double last_loss;
    int last_step;
    int count_during_call;
    Trace *trace;
} Seen;

static void remember(const TraceEvent *ev, void *ctx)
{
    Seen *seen = ctx;
    seen->calls++;
    seen->last_loss = trace_event_get(ev, "loss");
    seen->last_step = ev->step;
    /* the lock is released during the call: reading the trace is allowed */
    pthread_mutex_lock(&seen->trace->lock);
    seen->count_during_call = seen->trace->count;
    pthread_mutex_unlock(&seen->trace->lock);
}

static void test_trace_on_event_sees_each_complete_event(void **state)
{
    Trace *t = *state;
    Seen seen = { .trace = t };
    t->on_event = remember;
    t->ctx = &seen;
    t->step = 4;
    trace_emitv(t, TRACE_STEP, "epoch", "epoch 4", "loss", 0.125, NULL);
    assert_int_equal(seen.calls, 1);
    assert_true(seen.last_loss == 0.125);
    assert_int_equal(seen.last_step, 4);
    assert_int_equal(seen.count_during_call, 1); /* stored before the call */
    trace_emit(t, TRACE_NOTE, "note", "no values");
    assert_int_equal(seen.calls, 2);
    assert_true(isnan(seen.last_loss));
    /* skipped events are not reported */
    t->detail_level = 0;
    trace_emit(t, TRACE_DETAIL, "batch", "skipped");
    assert_int_equal(seen.calls, 2);
}

static void *emit_many(void *arg)
{
    Trace *t = arg;
    for (int i = 0; i < 2000; i++)
        trace_emitv(t, TRACE_DETAIL, "batch", "", "i", (double)i, NULL);
    return NULL;
}

static void test_trace_concurrent_emitters_lose_nothing(void **state)
{
    Trace *t = *state;
    pthread_t a, b;
    assert_int_equal(pthread_create(&a, NULL, emit_many, t), 0);
    assert_int_equal(pthread_create(&b, NULL, emit_many, t), 0);
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    assert_int_equal(t->count, 4000);
    double sum = 0.0;
    for (int i = 0; i < t->count; i++)
        sum += trace_event_get(&t->events[i], "i");
    assert_true(sum == 2.0 * (1999.0 * 2000.0 / 2.0));
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_trace_emit_stores_step_kind_tag_and_text),
        T(test_trace_emitv_attaches_values_in_order),
        T(test_trace_long_text_and_tag_are_truncated),
        T(test_trace_detail_level_zero_skips_detail_events),
        cmocka_unit_test(test_trace_null_trace_records_nothing),
        T(test_trace_max_events_drops_the_oldest),
        T(test_trace_writes_json_lines),
        T(test_trace_on_event_sees_each_complete_event),
        T(test_trace_concurrent_emitters_lose_nothing),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
