/* tui_run.c - the training worker of the run screen (see tui_run.h).
 *
 * The worker loop, with the lock held except around the slow parts:
 *   quit?            leave
 *   reset asked?     open a new session (unlocked), swap it in, drop the old
 *   a step is due?   step (unlocked); after the last one evaluate the test
 *                    part; take a snapshot when one is due
 *   a snapshot asked? take it (unlocked)
 *   otherwise        sleep until the next animated step or a request.
 * A step is due when Space queued one, or when running and the interval has
 * passed.  Cancelling sets the session trace's cancel_requested, which long
 * steps poll. */
#include "tui_run.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tui_app.h"
#include "tui_jobs.h"
#include "tui_views.h"
#include "run_plane.h"

/* Snapshots while animating: at most this often (seconds). */
#define SNAPSHOT_INTERVAL 0.08

void runner_lock(Runner *r)
{
    pthread_mutex_lock(&r->lock);
}

void runner_unlock(Runner *r)
{
    pthread_mutex_unlock(&r->lock);
}

/* ---- series and log (trace callback; worker thread, lock not held) ------- */

static RunSeries *series_get(Runner *r, const char *key, bool create)
{
    for (int i = 0; i < r->n_series; i++)
        if (strcmp(r->series[i].key, key) == 0)
            return &r->series[i];
    if (!create || r->n_series == RUN_MAX_SERIES)
        return NULL;
    RunSeries *s = &r->series[r->n_series++];
    memset(s, 0, sizeof *s);
    snprintf(s->key, sizeof s->key, "%s", key);
    return s;
}

static void series_push(RunSeries *s, double step, double value)
{
    if (s->n == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        double *a = realloc(s->step, (size_t)cap * sizeof *a);
        if (!a)
            return;
        s->step = a;
        double *b = realloc(s->value, (size_t)cap * sizeof *b);
        if (!b)
            return;
        s->value = b;
        s->cap = cap;
    }
    s->step[s->n] = step;
    s->value[s->n] = value;
    s->n++;
}

static void series_clear_all(Runner *r)
{
    for (int i = 0; i < r->n_series; i++) {
        free(r->series[i].step);
        free(r->series[i].value);
    }
    r->n_series = 0;
    r->log_total = 0;
}

static void on_event(const TraceEvent *ev, void *ctx)
{
    Runner *r = ctx;
    runner_lock(r);
    if (ev->kind == TRACE_STEP)
        for (int i = 0; i < ev->n_values; i++) {
            RunSeries *s = series_get(r, ev->values[i].key, true);
            if (s && isfinite(ev->values[i].value))
                series_push(s, ev->step, ev->values[i].value);
        }
    if (r->log) {
        RunLogLine *line = &r->log[r->log_total % RUN_LOG_LINES];
        line->step = ev->step;
        line->kind = ev->kind;
        memcpy(line->text, ev->text, sizeof line->text);
        r->log_total++;
    }
    runner_unlock(r);
}

double runner_latest(const Runner *r, const char *key)
{
    for (int i = 0; i < r->n_series; i++)
        if (strcmp(r->series[i].key, key) == 0 && r->series[i].n > 0)
            return r->series[i].value[r->series[i].n - 1];
    return NAN;
}

const RunSeries *runner_series(const Runner *r, const char *key)
{
    for (int i = 0; i < r->n_series; i++)
        if (strcmp(r->series[i].key, key) == 0)
            return &r->series[i];
    return NULL;
}

/* ---- snapshots (worker thread, model idle) -------------------------------- */

static void snapshot_free(Snapshot *s)
{
    if (!s)
        return;
    free(s->region);
    free(s->curve_x);
    free(s->curve_y);
    free(s->plane_xy);
    free(s->plane_class);
    if (s->view && s->view->release && s->algo_data)
        s->view->release(s->algo_data);
    free(s);
}

/* Predict the classes of the grid cell centres: 2-D data, or (plane not
 * NULL) the points of the plane over its range. */
/* Are regions asked for and can the model give them? */
static bool regions_wanted(const Session *s, const ViewRequest *req, const RunPlane *plane)
{
    const Algo *algo = s->algo;
    if (req->grid_w <= 0 || req->grid_h <= 0 || !algo->predict || algo->kind == ALGO_REGRESSOR)
        return false;
    return s->train->X.cols == 2 || plane != NULL;
}

/* G's rows: the cell centres of a, as 2-D points or lifted from the plane. */
static void fill_grid(Mat *G, const PlotArea *a, const RunPlane *plane)
{
    for (int cy = 0; cy < a->h; cy++)
        for (int cx = 0; cx < a->w; cx++) {
            double x, y;
            canvas_cell_center(a, cx, cy, &x, &y);
            float *g = mat_row(G, cy * a->w + cx);
            if (plane) {
                run_plane_lift(plane, x, y, g);
            } else {
                g[0] = (float)x;
                g[1] = (float)y;
            }
        }
}

static int *predict_regions(const Session *s, const ViewRequest *req, const RunPlane *plane,
                            const Snapshot *snap)
{
    int cols = req->grid_w, rows = req->grid_h;
    const Algo *algo = s->algo;
    Mat G;
    if (!regions_wanted(s, req, plane) || mat_alloc(&G, rows * cols, s->train->X.cols, NULL) < 0)
        return NULL;
    PlotArea a = { 0, 0, cols, rows, req->xmin, req->xmax, req->ymin, req->ymax };
    if (plane)
        a = (PlotArea){ 0, 0, cols, rows, snap->plane_xmin, snap->plane_xmax, snap->plane_ymin,
                        snap->plane_ymax };
    fill_grid(&G, &a, plane);
    int *labels = malloc((size_t)rows * (size_t)cols * sizeof *labels);
    int k = s->train->n_classes > 0 ? s->train->n_classes : 1;
    float *scores = algo->kind == ALGO_CLASSIFIER
                        ? malloc((size_t)rows * (size_t)cols * (size_t)k * sizeof *scores)
                        : NULL;
    Error err;
    if (!labels || algo->predict(s->model, &G, labels, scores, &err) < 0) {
        free(labels);
        labels = NULL;
    }
    free(scores);
    mat_free(&G);
    return labels;
}

/* The fitted curve of a regressor on one feature. */
static void predict_curve(const Session *s, const ViewRequest *req, Snapshot *snap)
{
    int n = req->curve_n;
    if (n <= 1 || s->train->X.cols != 1 || s->algo->kind != ALGO_REGRESSOR || !s->algo->predict)
        return;
    Mat X;
    if (mat_alloc(&X, n, 1, NULL) < 0)
        return;
    float *xs = malloc((size_t)n * sizeof *xs), *ys = malloc((size_t)n * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        mat_free(&X);
        return;
    }
    PlotArea a = { 0, 0, n, 1, req->xmin, req->xmax, 0, 1 };
    for (int i = 0; i < n; i++) {
        double x, y;
        canvas_cell_center(&a, i, 0, &x, &y);
        xs[i] = (float)x;
        X.data[i] = (float)x;
    }
    Error err;
    if (s->algo->predict(s->model, &X, NULL, ys, &err) < 0) {
        free(xs);
        free(ys);
    } else {
        snap->curve_x = xs;
        snap->curve_y = ys;
        snap->curve_n = n;
    }
    mat_free(&X);
}

static Snapshot *take_snapshot(Runner *r, const Session *s, const ViewRequest *req)
{
    Snapshot *snap = calloc(1, sizeof *snap);
    if (!snap)
        return NULL;
    snap->steps = s->steps;
    snap->req = *req;
    const RunPlane *plane = run_plane_project(&r->plane, s, req, snap);
    snap->region = predict_regions(s, req, plane, snap);
    predict_curve(s, req, snap);
    snap->view = algo_view_for(r->algo);
    if (snap->view && snap->view->capture)
        snap->algo_data = snap->view->capture(s, req);
    return snap;
}

/* ---- the worker ------------------------------------------------------------ */

static RunInstance *open_instance(Runner *r, const Params *params, bool threshold_auto,
                                  Error *err)
{
    RunInstance *inst = calloc(1, sizeof *inst);
    if (!inst) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    trace_init(&inst->trace);
    inst->trace.max_events = 4000;
    inst->trace.on_event = on_event;
    inst->trace.ctx = r;
    SessionSpec spec = {
        .algo = r->algo,
        .params = params,
        .train = r->train,
        .test = r->test,
        .test_has_target = r->test_has_target,
        .scaling = { .kind = r->scale, .source = SCALING_FITTED },
        .seed = r->seed,
        .trace = &inst->trace,
        .prep = prep_spec_any(&r->prep) || r->prep.resample != RESAMPLE_NONE ? &r->prep : NULL,
        .threshold_auto = threshold_auto,
    };
    if (session_open_spec(&inst->session, &spec, err) < 0) {
        trace_free(&inst->trace);
        free(inst);
        return NULL;
    }
    return inst;
}

static void close_instance(RunInstance *inst)
{
    if (!inst)
        return;
    session_close(&inst->session);
    trace_free(&inst->trace);
    free(inst);
}

/* Open a session with r->params (after a reset request: the new ones).
 * Called with the lock held; releases it around the slow part. */
static void do_reset(Runner *r)
{
    if (r->has_next_params) {
        params_free(&r->params);
        r->params = r->next_params;
        memset(&r->next_params, 0, sizeof r->next_params);
        r->has_next_params = false;
    }
    if (r->has_next_prep) {
        r->prep = r->next_prep;
        r->has_next_prep = false;
    }
    RunInstance *old = r->inst;
    r->inst = NULL;
    Snapshot *old_snap = r->snap;
    r->snap = NULL;
    if (r->have_result) {
        run_result_free(&r->result);
        r->have_result = false;
    }
    series_clear_all(r);
    r->phase = RUN_PREPARING;
    r->steps = 0;
    r->fit_seconds = 0;
    r->error[0] = '\0';
    /* Steps and a run asked for since the reset request are kept
     * (runner_request_reset dropped the older ones): r pressed while the
     * first session is being made starts it once it is there. */
    r->busy = true;
    ViewRequest req = r->req;
    bool threshold_auto = r->threshold_auto;
    runner_unlock(r);

    close_instance(old);
    snapshot_free(old_snap);
    run_plane_free(r->plane); /* fitted on the old session's data */
    r->plane = NULL;
    Error err;
    error_clear(&err);
    RunInstance *inst = open_instance(r, &r->params, threshold_auto, &err);
    Snapshot *snap = inst ? take_snapshot(r, &inst->session, &req) : NULL;

    runner_lock(r);
    r->busy = false;
    r->inst = inst;
    r->snap = snap;
    r->last_snapshot_at = app_now();
    if (inst) {
        r->phase = RUN_READY;
        r->fit_seconds = inst->session.fit_seconds;
    } else {
        r->phase = RUN_FAILED;
        r->running = false;
        snprintf(r->error, sizeof r->error, "%s", err.msg);
    }
}

/* Training is done: the views show the trained model while the test part is
 * evaluated (the k-NN view said "Nothing stored yet" beside "evaluating the
 * test part" until the evaluation ended).  Lock not held. */
static void snapshot_trained(Runner *r, RunInstance *inst)
{
    runner_lock(r);
    ViewRequest req = r->req;
    r->steps = inst->session.steps;
    runner_unlock(r);
    Snapshot *snap = take_snapshot(r, &inst->session, &req);
    runner_lock(r);
    if (snap) {
        snapshot_free(r->snap);
        r->snap = snap;
        r->last_snapshot_at = app_now();
    }
    r->phase = RUN_EVALUATING;
    runner_unlock(r);
}

/* One step (and the evaluation after the last).  Lock held on entry and exit. */
static void do_step(Runner *r)
{
    RunInstance *inst = r->inst;
    r->busy = true;
    r->phase = RUN_STEPPING;
    r->step_started = app_now();
    if (r->pending_steps > 0)
        r->pending_steps--;
    bool single = !r->running;
    runner_unlock(r);

    Error err;
    error_clear(&err);
    StepStatus st = session_step(&inst->session, &err);
    RunResult result;
    bool have_result = false;
    Error eval_err;
    error_clear(&eval_err);
    if (st == STEP_DONE) {
        snapshot_trained(r, inst);
        have_result = session_evaluate(&inst->session, &result, &eval_err) == 0;
    }
    runner_lock(r);
    ViewRequest req = r->req;
    double now = app_now();
    bool snap_due = st != STEP_MORE || single || r->pending_steps > 0 ||
                    now - r->last_snapshot_at >= SNAPSHOT_INTERVAL;
    runner_unlock(r);
    Snapshot *snap = snap_due ? take_snapshot(r, &inst->session, &req) : NULL;

    runner_lock(r);
    r->busy = false;
    r->steps = inst->session.steps;
    r->fit_seconds = inst->session.fit_seconds;
    if (snap) {
        snapshot_free(r->snap);
        r->snap = snap;
        r->last_snapshot_at = app_now();
    }
    if (st == STEP_ERROR) {
        r->phase = RUN_FAILED;
        r->running = false;
        r->pending_steps = 0;
        snprintf(r->error, sizeof r->error, "%s",
                 err.code == ERR_CANCELLED ? "cancelled (x resets)" : err.msg);
        __atomic_store_n(&inst->trace.cancel_requested, 0, __ATOMIC_RELAXED);
    } else if (st == STEP_DONE) {
        r->phase = RUN_DONE;
        r->running = false;
        r->pending_steps = 0;
        if (have_result) {
            r->result = result;
            r->have_result = true;
        } else {
            snprintf(r->error, sizeof r->error, "evaluation failed: %.480s", eval_err.msg);
        }
    } else {
        r->phase = RUN_READY;
    }
    r->next_step_at = app_now() + r->interval;
}

static void wait_until(Runner *r, double when)
{
    double now = app_now();
    if (when <= now)
        return;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double delay = when - now;
    ts.tv_sec += (time_t)delay;
    ts.tv_nsec += (long)((delay - (double)(time_t)delay) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&r->wake, &r->lock, &ts);
}

static void *worker(void *arg)
{
    Runner *r = arg;
    runner_lock(r);
    while (!r->quit) {
        if (r->reset_pending) {
            r->reset_pending = false;
            do_reset(r);
            continue;
        }
        bool can_step = r->inst && (r->phase == RUN_READY);
        if (can_step && (r->pending_steps > 0 || (r->running && app_now() >= r->next_step_at))) {
            do_step(r);
            continue;
        }
        if (r->want_snapshot && r->inst && r->phase != RUN_PREPARING) {
            r->want_snapshot = false;
            ViewRequest req = r->req;
            RunInstance *inst = r->inst;
            r->busy = true;
            runner_unlock(r);
            Snapshot *snap = take_snapshot(r, &inst->session, &req);
            runner_lock(r);
            r->busy = false;
            if (snap) {
                snapshot_free(r->snap);
                r->snap = snap;
                r->last_snapshot_at = app_now();
            }
            continue;
        }
        if (r->running && can_step)
            wait_until(r, r->next_step_at);
        else
            pthread_cond_wait(&r->wake, &r->lock);
    }
    runner_unlock(r);
    __atomic_store_n(&r->exited, 1, __ATOMIC_RELEASE);
    return NULL;
}

/* ---- the screen's side ------------------------------------------------------- */

int runner_start(Runner *r, const Algo *algo, const Params *params, const Dataset *train,
                 const Dataset *test, bool test_has_target, ScaleKind scale, uint64_t seed,
                 Error *err)
{
    memset(r, 0, sizeof *r);
    r->algo = algo;
    r->train = train;
    r->test = test;
    r->test_has_target = test_has_target;
    r->scale = scale;
    r->seed = seed;
    r->interval = 0.1;
    r->phase = RUN_PREPARING;
    if ((params ? params_copy(&r->params, params, err) : params_init(&r->params, algo->params, err)) < 0)
        return -1;
    r->log = calloc(RUN_LOG_LINES, sizeof *r->log);
    if (!r->log) {
        params_free(&r->params);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    pthread_mutex_init(&r->lock, NULL);
    pthread_cond_init(&r->wake, NULL);
    r->reset_pending = true; /* the worker opens the first session */
    if (tui_thread_start(&r->thread, worker, r) != 0) {
        pthread_mutex_destroy(&r->lock);
        pthread_cond_destroy(&r->wake);
        free(r->log);
        params_free(&r->params);
        return error_set(err, ERR_INTERNAL, "cannot start the training thread");
    }
    r->started = true;
    return 0;
}

static void cancel_step(Runner *r)
{
    if (r->inst && r->busy)
        __atomic_store_n(&r->inst->trace.cancel_requested, 1, __ATOMIC_RELAXED);
}

void runner_request_stop(Runner *r)
{
    if (!r->started)
        return;
    runner_lock(r);
    r->quit = true;
    cancel_step(r);
    pthread_cond_signal(&r->wake);
    runner_unlock(r);
}

bool runner_exited(Runner *r)
{
    return !r->started || __atomic_load_n(&r->exited, __ATOMIC_ACQUIRE);
}

void runner_stop(Runner *r)
{
    if (!r->started)
        return;
    runner_request_stop(r);
    pthread_join(r->thread, NULL);
    close_instance(r->inst);
    snapshot_free(r->snap);
    run_plane_free(r->plane);
    if (r->have_result)
        run_result_free(&r->result);
    series_clear_all(r);
    free(r->log);
    params_free(&r->params);
    if (r->has_next_params)
        params_free(&r->next_params);
    pthread_mutex_destroy(&r->lock);
    pthread_cond_destroy(&r->wake);
    memset(r, 0, sizeof *r);
}

void runner_request_step(Runner *r)
{
    runner_lock(r);
    if (r->phase == RUN_READY || r->phase == RUN_STEPPING || r->phase == RUN_PREPARING) {
        r->running = false;
        r->pending_steps++;
        pthread_cond_signal(&r->wake);
    }
    runner_unlock(r);
}

void runner_request_toggle_run(Runner *r)
{
    runner_lock(r);
    if (r->running) {
        r->running = false;
        r->pending_steps = 0;
    } else if (r->phase != RUN_DONE && r->phase != RUN_FAILED) {
        r->running = true;
        r->next_step_at = app_now();
    }
    pthread_cond_signal(&r->wake);
    runner_unlock(r);
}

void runner_request_interval(Runner *r, double seconds)
{
    runner_lock(r);
    r->interval = seconds;
    if (r->running)
        r->next_step_at = app_now() + seconds;
    pthread_cond_signal(&r->wake);
    runner_unlock(r);
}

void runner_request_reset(Runner *r, const Params *params)
{
    runner_lock(r);
    if (params) {
        if (r->has_next_params)
            params_free(&r->next_params);
        r->has_next_params = params_copy(&r->next_params, params, NULL) == 0;
    }
    cancel_step(r);
    r->running = false;
    r->pending_steps = 0;
    r->reset_pending = true;
    pthread_cond_signal(&r->wake);
    runner_unlock(r);
}

void runner_set_threshold_auto(Runner *r, bool on)
{
    runner_lock(r);
    r->threshold_auto = on;
    runner_unlock(r);
}

void runner_request_prep(Runner *r, const PrepSpec *prep)
{
    runner_lock(r);
    r->next_prep = *prep;
    r->has_next_prep = true;
    runner_unlock(r);
    runner_request_reset(r, NULL);
}

static void want_view(Runner *r, const ViewRequest *req)
{
    if (memcmp(&r->req, req, sizeof *req) != 0) {
        r->req = *req;
        r->want_snapshot = true;
        pthread_cond_signal(&r->wake);
    }
}

void runner_request_view(Runner *r, const ViewRequest *req)
{
    runner_lock(r);
    want_view(r, req);
    runner_unlock(r);
}

void runner_request_query(Runner *r, int query, int ascii)
{
    runner_lock(r);
    ViewRequest req = r->req;
    req.query = query;
    req.ascii = ascii;
    if (req.query != r->req.query)
        want_view(r, &req);
    runner_unlock(r);
}

const Snapshot *runner_snapshot(const Runner *r)
{
    return r->snap;
}

bool runner_is_busy(Runner *r)
{
    runner_lock(r);
    bool busy = r->running || r->busy || r->phase == RUN_PREPARING || r->phase == RUN_EVALUATING;
    runner_unlock(r);
    return busy;
}
