/* meeting.h - the meeting point: where should n people meet so that the
 * total distance they travel is smallest?
 *
 * Manhattan distance (|dx| + |dy| + ...): the sum splits by coordinate, and
 * Σ|xᵢ - m| is smallest at a median, so the answer is the coordinate-wise
 * median, exact, in O(n log n) per coordinate.  With an even count any
 * value between the two middle ones is optimal; mllab returns the lower
 * middle value (always a coordinate of some person, so grid points stay on
 * the grid) and reports the whole optimal interval.
 *
 * Euclidean distance: the geometric median, which has no closed form.
 * Weiszfeld's iteration x ← Σ(pᵢ/‖pᵢ−x‖) / Σ(1/‖pᵢ−x‖) is a re-weighted
 * mean that never raises the cost.  It starts at the centroid and each step
 * is one iteration, so a view can draw the path with the cost falling.  An
 * iterate that lands exactly on a data point (where the formula divides by
 * zero) is handled by Vardi and Zhang's modification (see meeting.c).
 *
 * Points are n x d row-major doubles (d >= 1).  Nothing here prints. */
#ifndef MLLAB_MEETING_H
#define MLLAB_MEETING_H

#include <stdbool.h>

#include "algo.h" /* StepStatus */
#include "error.h"

typedef enum { MEET_MANHATTAN, MEET_EUCLIDEAN } MeetMetric;

/* "manhattan" / "euclidean" -> metric; -1 when unknown. */
int meet_metric_parse(const char *name, MeetMetric *out);
const char *meet_metric_name(MeetMetric m);

/* Σᵢ dist(pᵢ, x) for the metric. */
double meet_total_distance(const double *points, int n, int d, const double *x, MeetMetric m);

/* The coordinate-wise (lower) median into point[d]; lo[d] and hi[d] (may
 * be NULL) receive the optimal interval of each coordinate (the two middle
 * values; equal for an odd count).  ERR_USAGE when n < 1 or d < 1. */
int meet_manhattan(const double *points, int n, int d, double *point, double *lo, double *hi,
                   Error *err);

typedef struct MeetOptions {
    double tol;   /* stop when a step moves less than tol × the spread (the mean
                     distance of the points to their centroid); default 1e-10 */
    int max_iter; /* at most this many iterations; default 1000 */
} MeetOptions;

#define MEET_OPTIONS_DEFAULT { 1e-10, 1000 }

typedef struct Weiszfeld Weiszfeld;

/* Copies the points; the iterate starts at their centroid.  ERR_USAGE for
 * n < 1, d < 1, tol < 0 or max_iter < 1; ERR_DATA for a non-finite value. */
Weiszfeld *weiszfeld_create(const double *points, int n, int d, const MeetOptions *opt,
                            Error *err);
/* One iteration: STEP_MORE while more remain, STEP_DONE once converged or
 * out of iterations (a call after that does nothing and returns DONE).
 * trace (may be NULL) gets a TRACE_STEP event "iter" with cost and move,
 * and a TRACE_NOTE when the iterate is on a data point or the run ends. */
StepStatus weiszfeld_step(Weiszfeld *w, Trace *trace);
void weiszfeld_free(Weiszfeld *w);

/* What a view reads (pointers valid until the next step or free). */
const double *weiszfeld_point(const Weiszfeld *w); /* d values */
double weiszfeld_cost(const Weiszfeld *w);         /* total Euclidean distance */
int weiszfeld_iterations(const Weiszfeld *w);
double weiszfeld_last_move(const Weiszfeld *w);
bool weiszfeld_converged(const Weiszfeld *w);      /* false after max_iter without it */
/* The last step started on a data point (the Vardi-Zhang case). */
bool weiszfeld_hit_data_point(const Weiszfeld *w);
/* The path: positions 0 (the centroid) .. iterations; NULL out of range.
 * cost_at(t) is the cost at position t. */
const double *weiszfeld_path(const Weiszfeld *w, int t);
double weiszfeld_cost_at(const Weiszfeld *w, int t);

/* Run to the end: the geometric median into point[d]; *cost and
 * *iterations (may be NULL) receive the total distance and the count;
 * *converged (may be NULL) whether the tolerance was met. */
int meet_euclidean(const double *points, int n, int d, const MeetOptions *opt, double *point,
                   double *cost, int *iterations, bool *converged, Error *err);

#endif
