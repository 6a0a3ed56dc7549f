/* trace.h - the step events an algorithm emits while it trains.
 *
 * A step (one k-means iteration, one epoch, one tree split) appends events:
 * a human-readable line plus named numbers ("loss", "val_acc", "inertia").
 * The CLI writes them as JSON lines (--trace FILE), the TUI draws curves and
 * the log from them, tests read the numbers.  A NULL Trace is allowed
 * everywhere and records nothing.
 *
 * Kinds: TRACE_STEP is the one summary event of a step (its values feed the
 * curves: use "loss", "train_loss", "val_loss", "train_acc", "val_acc",
 * "inertia", "errors", "accuracy" where they apply); TRACE_DETAIL is a finer
 * record inside a step (a split, a mini-batch, one backward-pass value);
 * TRACE_NOTE is any other remark ("converged: max shift 3e-5 < tol"). */
#ifndef MLLAB_TRACE_H
#define MLLAB_TRACE_H

#include <pthread.h>
#include <stdio.h>

#include "error.h"

#define TRACE_MAX_VALUES 8
#define TRACE_TEXT_LEN 240

typedef enum { TRACE_STEP, TRACE_DETAIL, TRACE_NOTE } TraceKind;

typedef struct TraceValue {
    char key[24];
    double value;
} TraceValue;

typedef struct TraceEvent {
    int step;                       /* 1-based step that emitted it */
    TraceKind kind;
    char tag[24];                   /* short type: "iter", "epoch", "split", "batch" */
    char text[TRACE_TEXT_LEN];      /* "iter 7: inertia 2.41e6 (-0.8%), ..." */
    int n_values;
    TraceValue values[TRACE_MAX_VALUES];
} TraceEvent;

typedef struct Trace {
    TraceEvent *events;
    int count, cap;
    int step;           /* the step being run; set by the driver (eval) */
    int max_events;     /* oldest events dropped beyond this (0 = 100000) */
    int dropped;        /* how many were dropped */
    int detail_level;   /* 0: skip TRACE_DETAIL events, 1: keep them (default) */
    int cancel_requested; /* set (atomically) by a front end to stop a long step */
    pthread_mutex_t lock; /* held while appending; readers in other threads take it */
    /* Called (with the lock released) after each event is stored. */
    void (*on_event)(const TraceEvent *ev, void *ctx);
    void *ctx;
    /* Progress of a long fit (issue 12): the fraction of the whole fit done
     * (0..1), reported with trace_progress by the algorithms that know it
     * (a network per mini-batch, a forest per tree); -1 until one does.
     * Read it with trace_progress_get from any thread. */
    double fit_progress;
    /* Called on the training thread with each new fraction (may be NULL). */
    void (*on_progress)(double fraction, void *ctx);
    void *progress_ctx;
} Trace;

void trace_init(Trace *t);
void trace_free(Trace *t);
void trace_clear(Trace *t);

/* Append an event; returns it so numbers can be attached, or NULL when t is
 * NULL, detail is switched off, or memory ran out.  The text is printf-style. */
TraceEvent *trace_emit(Trace *t, TraceKind kind, const char *tag, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Attach a named number to a stored event (ignored when ev is NULL or full).
 * The on_event callback has already run for it: prefer trace_emitv. */
void trace_value(TraceEvent *ev, const char *key, double value);
/* The required end of trace_emitv's list of key/value pairs.  A typed null
 * pointer, so that it is passed as a pointer (a bare 0 would be an int). */
#define TRACE_END ((const char *)NULL)

/* Append an event with its numbers in one go: keys and values as pairs,
 * terminated by TRACE_END, e.g.
 *   trace_emitv(t, TRACE_STEP, "epoch", "loss", 0.3, "val_acc", 0.9, TRACE_END);
 * (the compiler checks that the list ends with a null pointer).  The text is
 * the finished line.  This is the form to prefer: the on_event callback sees
 * the complete event. */
TraceEvent *trace_emitv(Trace *t, TraceKind kind, const char *tag, const char *text, ...)
    __attribute__((sentinel));

/* Report the fraction (0..1) of the whole fit done (ignored when t is
 * NULL): stored atomically, then passed to on_progress.  Algorithms call it
 * inside long steps; it never prints. */
void trace_progress(Trace *t, double fraction);
/* The last fraction reported, or -1 (t NULL, or nothing reported). */
double trace_progress_get(const Trace *t);

/* The value of key in ev, or NAN. */
double trace_event_get(const TraceEvent *ev, const char *key);
/* One JSON object per line: {"step":3,"kind":"step","tag":"epoch","text":"...","loss":0.3} */
int trace_write_jsonl(Trace *t, FILE *f, Error *err);

#endif
