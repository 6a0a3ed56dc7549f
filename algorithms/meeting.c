/* meeting.c - the meeting point (meeting.h): the coordinate-wise median for
 * Manhattan distance, Weiszfeld's iteration for the Euclidean geometric
 * median.
 *
 * Vardi-Zhang (2000): when the iterate x equals data point(s) (η of them,
 * counting duplicates), let T be the Weiszfeld map over the other points
 * and R = Σ_{pᵢ≠x} (pᵢ − x)/‖pᵢ − x‖ the pull of the others (minus the
 * gradient there).  If ‖R‖ <= η, x is optimal: the subgradient of the η
 * coinciding points (a ball of radius η) absorbs the pull.  Otherwise the
 * next iterate is (1 − η/‖R‖)·T + (η/‖R‖)·x, which moves off the point and
 * lowers the cost.  "Equals" means closer than 1e-14 × the spread. */
#include "meeting.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared --------------------------------------------------------------- */

int meet_metric_parse(const char *name, MeetMetric *out)
{
    if (strcmp(name, "manhattan") == 0)
        *out = MEET_MANHATTAN;
    else if (strcmp(name, "euclidean") == 0)
        *out = MEET_EUCLIDEAN;
    else
        return -1;
    return 0;
}

const char *meet_metric_name(MeetMetric m)
{
    return m == MEET_MANHATTAN ? "manhattan" : "euclidean";
}

static double distance(const double *a, const double *b, int d, MeetMetric m)
{
    double s = 0.0;
    for (int j = 0; j < d; j++) {
        double t = a[j] - b[j];
        s += m == MEET_MANHATTAN ? fabs(t) : t * t;
    }
    return m == MEET_MANHATTAN ? s : sqrt(s);
}

double meet_total_distance(const double *points, int n, int d, const double *x, MeetMetric m)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += distance(points + (size_t)i * d, x, d, m);
    return s;
}

static int check_points(const double *points, int n, int d, Error *err)
{
    if (n < 1 || d < 1)
        return error_set(err, ERR_USAGE, "meeting point: needs at least one point (n = %d, d = %d)",
                         n, d);
    for (size_t i = 0; i < (size_t)n * d; i++)
        if (!isfinite(points[i]))
            return error_set(err, ERR_DATA, "meeting point: point %zu has a non-finite coordinate",
                             i / d + 1);
    return 0;
}

/* ---- Manhattan ------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int meet_manhattan(const double *points, int n, int d, double *point, double *lo, double *hi,
                   Error *err)
{
    if (check_points(points, n, d, err) < 0)
        return -1;
    double *col = malloc((size_t)n * sizeof *col);
    if (!col)
        return error_set(err, ERR_NOMEM, "meeting point: out of memory");
    for (int j = 0; j < d; j++) {
        for (int i = 0; i < n; i++)
            col[i] = points[(size_t)i * d + j];
        qsort(col, (size_t)n, sizeof *col, cmp_double);
        point[j] = col[(n - 1) / 2];
        if (lo)
            lo[j] = col[(n - 1) / 2];
        if (hi)
            hi[j] = col[n / 2];
    }
    free(col);
    return 0;
}

/* ---- Euclidean: Weiszfeld ------------------------------------------------- */

struct Weiszfeld {
    int n, d;
    double *points;
    MeetOptions opt;
    double spread;   /* mean distance to the centroid: the unit of tol */
    double *path;    /* (max_iter + 1) x d */
    double *costs;   /* max_iter + 1 */
    double *num;     /* d: scratch */
    double *pull;    /* d: scratch */
    int iter;
    double last_move;
    bool converged, hit;
};

static void centroid(const Weiszfeld *w, double *c)
{
    for (int j = 0; j < w->d; j++)
        c[j] = 0.0;
    for (int i = 0; i < w->n; i++)
        for (int j = 0; j < w->d; j++)
            c[j] += w->points[(size_t)i * w->d + j];
    for (int j = 0; j < w->d; j++)
        c[j] /= w->n;
}

static int weiszfeld_alloc(Weiszfeld *w, const double *points)
{
    size_t positions = (size_t)w->opt.max_iter + 1;
    w->points = malloc((size_t)w->n * w->d * sizeof *w->points);
    w->path = malloc(positions * w->d * sizeof *w->path);
    w->costs = malloc(positions * sizeof *w->costs);
    w->num = malloc((size_t)w->d * sizeof *w->num);
    w->pull = malloc((size_t)w->d * sizeof *w->pull);
    if (!w->points || !w->path || !w->costs || !w->num || !w->pull)
        return -1;
    memcpy(w->points, points, (size_t)w->n * w->d * sizeof *w->points);
    return 0;
}

Weiszfeld *weiszfeld_create(const double *points, int n, int d, const MeetOptions *opt,
                            Error *err)
{
    MeetOptions def = MEET_OPTIONS_DEFAULT;
    if (!opt)
        opt = &def;
    if (check_points(points, n, d, err) < 0)
        return NULL;
    if (!(opt->tol >= 0.0) || opt->max_iter < 1 || opt->max_iter > 10000000) {
        error_set(err, ERR_USAGE, "meeting point: tol must be >= 0 and max_iter in [1, 1e7]");
        return NULL;
    }
    Weiszfeld *w = calloc(1, sizeof *w);
    if (!w || (w->n = n, w->d = d, w->opt = *opt, weiszfeld_alloc(w, points) < 0)) {
        weiszfeld_free(w);
        error_set(err, ERR_NOMEM, "meeting point: out of memory");
        return NULL;
    }
    centroid(w, w->path);
    w->costs[0] = meet_total_distance(w->points, n, d, w->path, MEET_EUCLIDEAN);
    w->spread = w->costs[0] / n;
    /* All points in one place: the centroid is the answer. */
    w->converged = w->spread == 0.0;
    return w;
}

void weiszfeld_free(Weiszfeld *w)
{
    if (!w)
        return;
    free(w->points);
    free(w->path);
    free(w->costs);
    free(w->num);
    free(w->pull);
    free(w);
}

/* Over the points not at x: num = Σ pᵢ/dᵢ, pull = Σ (pᵢ − x)/dᵢ, returns
 * Σ 1/dᵢ; *eta = how many points are at x. */
static double weiszfeld_sums(Weiszfeld *w, const double *x, int *eta)
{
    const int d = w->d;
    const double at = 1e-14 * w->spread;
    double den = 0.0;
    *eta = 0;
    memset(w->num, 0, (size_t)d * sizeof *w->num);
    memset(w->pull, 0, (size_t)d * sizeof *w->pull);
    for (int i = 0; i < w->n; i++) {
        const double *p = w->points + (size_t)i * d;
        double dist = distance(p, x, d, MEET_EUCLIDEAN);
        if (dist <= at) {
            (*eta)++;
            continue;
        }
        den += 1.0 / dist;
        for (int j = 0; j < d; j++) {
            w->num[j] += p[j] / dist;
            w->pull[j] += (p[j] - x[j]) / dist;
        }
    }
    return den;
}

/* The next iterate into next; false when x is already optimal. */
static bool weiszfeld_next(Weiszfeld *w, const double *x, double *next)
{
    int eta;
    double den = weiszfeld_sums(w, x, &eta);
    w->hit = eta > 0;
    if (den == 0.0)
        return false; /* every point is at x */
    double r = 0.0;
    for (int j = 0; j < w->d; j++)
        r += w->pull[j] * w->pull[j];
    r = sqrt(r);
    if (eta > 0 && r <= eta)
        return false; /* Vardi-Zhang: a data point that is optimal */
    double keep = eta > 0 ? eta / r : 0.0; /* weight of x itself */
    for (int j = 0; j < w->d; j++)
        next[j] = (1.0 - keep) * (w->num[j] / den) + keep * x[j];
    return true;
}

static void trace_iteration(const Weiszfeld *w, Trace *trace)
{
    if (!trace)
        return;
    double before = w->costs[w->iter - 1], now = w->costs[w->iter];
    char text[TRACE_TEXT_LEN];
    snprintf(text, sizeof text, "iter %d: cost %.10g (%+.3g%%), moved %.3g%s", w->iter, now,
             before > 0 ? 100.0 * (now - before) / before : 0.0, w->last_move,
             w->hit ? " off a data point (Vardi-Zhang)" : "");
    trace_emitv(trace, TRACE_STEP, "iter", text, "cost", now, "move", w->last_move,
                TRACE_END);
    if (w->converged)
        trace_emit(trace, TRACE_NOTE, "converged", "converged: moved %.3g <= tol x spread %.3g",
                   w->last_move, w->opt.tol * w->spread);
    else if (w->iter >= w->opt.max_iter)
        trace_emit(trace, TRACE_NOTE, "max_iter", "stopped after max_iter = %d iterations",
                   w->opt.max_iter);
}

StepStatus weiszfeld_step(Weiszfeld *w, Trace *trace)
{
    if (w->converged || w->iter >= w->opt.max_iter)
        return STEP_DONE;
    const int d = w->d;
    const double *x = w->path + (size_t)w->iter * d;
    double *next = w->path + (size_t)(w->iter + 1) * d;
    if (!weiszfeld_next(w, x, next)) {
        w->converged = true;
        w->last_move = 0.0;
        trace_emit(trace, TRACE_NOTE, "optimal",
                   "the iterate is %s: optimal, no step needed",
                   w->hit ? "a data point whose pull is within its weight" : "every point");
        return STEP_DONE;
    }
    w->iter++;
    w->costs[w->iter] = meet_total_distance(w->points, w->n, d, next, MEET_EUCLIDEAN);
    w->last_move = distance(x, next, d, MEET_EUCLIDEAN);
    if (w->last_move <= w->opt.tol * w->spread)
        w->converged = true;
    trace_iteration(w, trace);
    return !w->converged && w->iter < w->opt.max_iter ? STEP_MORE : STEP_DONE;
}

const double *weiszfeld_point(const Weiszfeld *w)
{
    return w->path + (size_t)w->iter * w->d;
}

double weiszfeld_cost(const Weiszfeld *w)
{
    return w->costs[w->iter];
}

int weiszfeld_iterations(const Weiszfeld *w)
{
    return w->iter;
}

double weiszfeld_last_move(const Weiszfeld *w)
{
    return w->last_move;
}

bool weiszfeld_converged(const Weiszfeld *w)
{
    return w->converged;
}

bool weiszfeld_hit_data_point(const Weiszfeld *w)
{
    return w->hit;
}

const double *weiszfeld_path(const Weiszfeld *w, int t)
{
    return t >= 0 && t <= w->iter ? w->path + (size_t)t * w->d : NULL;
}

double weiszfeld_cost_at(const Weiszfeld *w, int t)
{
    return t >= 0 && t <= w->iter ? w->costs[t] : NAN;
}

int meet_euclidean(const double *points, int n, int d, const MeetOptions *opt, double *point,
                   double *cost, int *iterations, bool *converged, Error *err)
{
    Weiszfeld *w = weiszfeld_create(points, n, d, opt, err);
    if (!w)
        return -1;
    while (weiszfeld_step(w, NULL) == STEP_MORE)
        ;
    memcpy(point, weiszfeld_point(w), (size_t)d * sizeof *point);
    if (cost)
        *cost = weiszfeld_cost(w);
    if (iterations)
        *iterations = weiszfeld_iterations(w);
    if (converged)
        *converged = weiszfeld_converged(w);
    weiszfeld_free(w);
    return 0;
}
