/* trace.c - recording step events (see trace.h). */
#include "trace.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

void trace_init(Trace *t)
{
    memset(t, 0, sizeof *t);
    t->detail_level = 1;
    t->fit_progress = -1;
    pthread_mutex_init(&t->lock, NULL);
}

void trace_free(Trace *t)
{
    if (!t)
        return;
    free(t->events);
    t->events = NULL;
    t->count = t->cap = 0;
    pthread_mutex_destroy(&t->lock);
}

void trace_clear(Trace *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->count = 0;
    t->dropped = 0;
    t->step = 0;
    pthread_mutex_unlock(&t->lock);
    double unknown = -1;
    __atomic_store(&t->fit_progress, &unknown, __ATOMIC_RELAXED);
}

/* Store a copy of ev; returns the stored event or NULL. Caller holds the lock. */
static TraceEvent *store(Trace *t, const TraceEvent *ev)
{
    int max = t->max_events > 0 ? t->max_events : 100000;
    if (t->count >= max) {
        /* Drop the oldest half in one move, so appends stay amortised O(1). */
        int keep = max / 2;
        memmove(t->events, t->events + (t->count - keep), (size_t)keep * sizeof *t->events);
        t->dropped += t->count - keep;
        t->count = keep;
    }
    if (t->count == t->cap) {
        int cap = t->cap ? t->cap * 2 : 64;
        TraceEvent *e = realloc(t->events, (size_t)cap * sizeof *e);
        if (!e)
            return NULL;
        t->events = e;
        t->cap = cap;
    }
    t->events[t->count] = *ev;
    return &t->events[t->count++];
}

static void fill_header(TraceEvent *ev, const Trace *t, TraceKind kind, const char *tag)
{
    memset(ev, 0, sizeof *ev);
    ev->step = t->step;
    ev->kind = kind;
    snprintf(ev->tag, sizeof ev->tag, "%s", tag ? tag : "");
}

TraceEvent *trace_emit(Trace *t, TraceKind kind, const char *tag, const char *fmt, ...)
{
    if (!t || (kind == TRACE_DETAIL && t->detail_level == 0))
        return NULL;
    TraceEvent ev;
    fill_header(&ev, t, kind, tag);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ev.text, sizeof ev.text, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&t->lock);
    TraceEvent *stored = store(t, &ev);
    pthread_mutex_unlock(&t->lock);
    if (stored && t->on_event)
        t->on_event(&ev, t->ctx);
    return stored;
}

void trace_value(TraceEvent *ev, const char *key, double value)
{
    if (!ev || ev->n_values >= TRACE_MAX_VALUES)
        return;
    TraceValue *v = &ev->values[ev->n_values++];
    snprintf(v->key, sizeof v->key, "%s", key);
    v->value = value;
}

TraceEvent *trace_emitv(Trace *t, TraceKind kind, const char *tag, const char *text, ...)
{
    if (!t || (kind == TRACE_DETAIL && t->detail_level == 0))
        return NULL;
    TraceEvent ev;
    fill_header(&ev, t, kind, tag);
    snprintf(ev.text, sizeof ev.text, "%s", text ? text : "");
    va_list ap;
    va_start(ap, text);
    const char *key;
    while ((key = va_arg(ap, const char *)) != TRACE_END) {
        double value = va_arg(ap, double);
        trace_value(&ev, key, value);
    }
    va_end(ap);
    pthread_mutex_lock(&t->lock);
    TraceEvent *stored = store(t, &ev);
    pthread_mutex_unlock(&t->lock);
    if (stored && t->on_event)
        t->on_event(&ev, t->ctx);
    return stored;
}

double trace_event_get(const TraceEvent *ev, const char *key)
{
    if (!ev) /* what trace_emit returns for a skipped event */
        return NAN;
    for (int i = 0; i < ev->n_values; i++)
        if (strcmp(ev->values[i].key, key) == 0)
            return ev->values[i].value;
    return NAN;
}

static const char *kind_name(TraceKind k)
{
    return k == TRACE_STEP ? "step" : k == TRACE_DETAIL ? "detail" : "note";
}

int trace_write_jsonl(Trace *t, FILE *f, Error *err)
{
    if (!t) /* a NULL trace records nothing, so writes nothing */
        return 0;
    StrBuf sb = STRBUF_INIT;
    pthread_mutex_lock(&t->lock);
    for (int i = 0; i < t->count; i++) {
        const TraceEvent *ev = &t->events[i];
        sb_reset(&sb);
        sb_printf(&sb, "{\"step\":%d,\"kind\":\"%s\",\"tag\":", ev->step, kind_name(ev->kind));
        sb_json_string(&sb, ev->tag);
        sb_append(&sb, ",\"text\":");
        sb_json_string(&sb, ev->text);
        for (int j = 0; j < ev->n_values; j++) {
            sb_append(&sb, ",");
            sb_json_string(&sb, ev->values[j].key);
            sb_append(&sb, ":");
            sb_json_double(&sb, ev->values[j].value);
        }
        sb_append(&sb, "}\n");
        if (fputs(sb_str(&sb), f) == EOF) {
            pthread_mutex_unlock(&t->lock);
            sb_free(&sb);
            return error_set(err, ERR_IO, "cannot write the trace: write failed");
        }
    }
    pthread_mutex_unlock(&t->lock);
    sb_free(&sb);
    return 0;
}

void trace_progress(Trace *t, double fraction)
{
    if (!t)
        return;
    __atomic_store(&t->fit_progress, &fraction, __ATOMIC_RELAXED);
    if (t->on_progress)
        t->on_progress(fraction, t->progress_ctx);
}

double trace_progress_get(const Trace *t)
{
    if (!t)
        return -1;
    double f;
    __atomic_load(&t->fit_progress, &f, __ATOMIC_RELAXED);
    return f;
}
