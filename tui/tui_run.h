/* tui_run.h - training in a worker thread, for the run screen.
 *
 * The Runner owns a Session (src/eval.h) and steps it on its own thread:
 * one step per request (Space), or continuously at a chosen interval (r).
 * Only the worker touches the model.  Whatever a view needs from the model
 * (decision regions predicted on a grid, a fitted curve, an algorithm's
 * inspect data) is copied into a Snapshot by the worker between steps, at
 * most about 12 times a second while running and after every single step.
 *
 * The trace's on_event callback feeds the curves (one series per value
 * name of TRACE_STEP events) and a log of the latest events.
 *
 * Everything under "shared state" is guarded by `lock`; the screen takes it
 * (runner_lock) while it reads and draws, which never waits for a step.
 * The screen never writes the Runner's fields: it asks through the
 * runner_request_* functions (a step, run/pause, the speed, a reset, the
 * snapshot it wants to see), which take the lock and wake the worker, and
 * reads the status, series, log, result and runner_snapshot under the lock
 * through a const Runner. */
#ifndef MLLAB_TUI_RUN_H
#define MLLAB_TUI_RUN_H

#include <pthread.h>
#include <stdbool.h>

#include "eval.h"

#define RUN_MAX_SERIES 12
#define RUN_LOG_LINES 500

typedef struct RunSeries {
    char key[24];          /* "loss", "val_acc", ... */
    int n, cap;
    double *step, *value;
} RunSeries;

typedef struct RunLogLine {
    int step;
    TraceKind kind;
    char text[TRACE_TEXT_LEN];
} RunLogLine;

/* What the screen would like the next snapshot to hold. */
typedef struct ViewRequest {
    int grid_w, grid_h;            /* decision regions: cells of the plot (0 = none) */
    double xmin, xmax, ymin, ymax; /* the plot's data range (model space) */
    int curve_n;                   /* regressors on one feature: samples of the curve */
    int query;                     /* the chosen test row (neighbours, feature maps) */
    int ascii;                     /* text the views render: ASCII only */
    int detail;                    /* how much a panel shows (tree depth, ...) */
    /* Data of more than two features: the plane the plot shows (run_plane.c):
     * RUN_PLANE_NONE, _FEATURES (plane_fx, plane_fy; others at their means)
     * or _PCA (the first two components).  The worker then ignores
     * xmin..ymax and uses the projected points' range (Snapshot.plane_*). */
    int plane, plane_fx, plane_fy;
} ViewRequest;

enum { RUN_PLANE_NONE, RUN_PLANE_FEATURES, RUN_PLANE_PCA };

struct AlgoView;

typedef struct Snapshot {
    int steps;
    ViewRequest req;               /* what it was made for */
    int *region;                   /* grid_h x grid_w predicted classes, or NULL */
    float *curve_x, *curve_y;      /* curve_n points of the fitted curve, or NULL */
    int curve_n;
    const struct AlgoView *view;   /* the algorithm's own view (may be NULL) */
    void *algo_data;               /* what its capture made */
    /* req.plane: the training rows (an even sample) then the test rows
     * (in order) projected on the plane, x and y interleaved; the range
     * the regions were predicted over; the share of the variance a PCA
     * plane keeps (NaN for features). */
    float *plane_xy;
    int *plane_class;              /* the sampled training rows' classes, or NULL */
    int plane_train, plane_test;
    double plane_xmin, plane_xmax, plane_ymin, plane_ymax, plane_explained;
} Snapshot;

typedef struct RunInstance {
    Session session;
    Trace trace;
} RunInstance;

typedef enum { RUN_PREPARING, RUN_READY, RUN_STEPPING, RUN_EVALUATING, RUN_DONE, RUN_FAILED } RunPhase;

typedef struct Runner {
    pthread_t thread;
    bool started;
    int exited;                /* set (atomically) when the worker has returned */
    pthread_mutex_t lock;
    pthread_cond_t wake;

    /* Set up (read-only once started; params changes go through reset). */
    const Algo *algo;
    Params params;
    const Dataset *train, *test;
    bool test_has_target;
    ScaleKind scale;
    uint64_t seed;
    PrepSpec prep;             /* steps beyond scaling (pipeline.h); all zero: none.
                                  Changed by the worker on a reset (next_prep) */

    /* ---- shared state (under lock) ---- */
    /* requests */
    int pending_steps;
    bool running;              /* animate: a step every `interval` seconds */
    double interval;           /* 0 = as fast as possible */
    bool quit, reset_pending, want_snapshot;
    Params next_params;        /* for the reset, when has_next_params */
    bool has_next_params;
    PrepSpec next_prep;        /* for the reset, when has_next_prep */
    bool has_next_prep;
    bool threshold_auto;       /* threshold=auto for the sessions opened from now on */
    ViewRequest req;
    /* status */
    RunInstance *inst;         /* NULL while preparing or after a failure */
    RunPhase phase;
    int steps;
    double fit_seconds;
    double step_started;       /* when the current step began (busy) */
    bool busy;                 /* inside a step or evaluation */
    char error[512];
    RunSeries series[RUN_MAX_SERIES];
    int n_series;
    RunLogLine *log;           /* ring of RUN_LOG_LINES */
    long log_total;            /* lines ever added (the newest is log_total - 1) */
    Snapshot *snap;
    RunResult result;
    bool have_result;
    double next_step_at, last_snapshot_at;
    struct RunPlane *plane;    /* worker only: the plot's plane, kept between snapshots */
} Runner;

/* Start the worker: it opens the session (creating the model can take a
 * while on big data) and waits for requests.  params is copied. */
int runner_start(Runner *r, const Algo *algo, const Params *params, const Dataset *train,
                 const Dataset *test, bool test_has_target, ScaleKind scale, uint64_t seed,
                 Error *err);
/* Cancel a running step, stop the worker, free everything.  Safe on a
 * runner that never started.  Waits for the current step to notice. */
void runner_stop(Runner *r);
/* Ask the worker to stop without waiting; runner_exited tells when
 * runner_stop will not wait any more. */
void runner_request_stop(Runner *r);
bool runner_exited(Runner *r);

void runner_lock(Runner *r);
void runner_unlock(Runner *r);

/* Requests (take the lock themselves; never call them with it held). */
/* One step (Space); stops an animation. */
void runner_request_step(Runner *r);
/* Run (a step every interval) or pause. */
void runner_request_toggle_run(Runner *r);
/* Seconds between animated steps (0: as fast as possible). */
void runner_request_interval(Runner *r, double seconds);
/* A fresh session with these params (NULL: the same); cancels a running
 * step first. */
void runner_request_reset(Runner *r, const Params *params);
/* threshold=auto (the session chooses the binary threshold) for the next
 * sessions; takes effect at the next reset (request one). */
void runner_set_threshold_auto(Runner *r, bool on);
/* A fresh session with this preparation (poly, PCA: the run screen's
 * pipeline line); cancels a running step first, as a reset. */
void runner_request_prep(Runner *r, const PrepSpec *prep);
/* The snapshot the screen wants to see: a new one is made (between steps)
 * when req differs from the last request. */
void runner_request_view(Runner *r, const ViewRequest *req);
/* Only the chosen test row and the ASCII flag of the last request change. */
void runner_request_query(Runner *r, int query, int ascii);

/* The latest snapshot, or NULL; caller holds the lock. */
const Snapshot *runner_snapshot(const Runner *r);
/* Animating, inside a step, preparing or evaluating (takes the lock). */
bool runner_is_busy(Runner *r);

/* The latest value of a series (NAN when there is none); caller holds the lock. */
double runner_latest(const Runner *r, const char *key);
const RunSeries *runner_series(const Runner *r, const char *key);

#endif
