/* progress.h - how far a long piece of work has come and when it will end
 * (issue 12): the percentage and the ETA the lab shows for a comparison, a
 * network's epochs, a forest's trees.
 *
 * Algorithms report the fraction of their whole fit done through the Trace
 * (trace_progress, trace.h); the front ends turn a fraction and the seconds
 * spent into "42%  ETA 0:37" with these functions.  Pure arithmetic: no
 * clock is read here. */
#ifndef MLLAB_PROGRESS_H
#define MLLAB_PROGRESS_H

#include <stddef.h>

/* Below this fraction, or this many seconds, the rate is too uncertain to
 * extrapolate: the ETA is unknown. */
#define PROGRESS_MIN_FRACTION 0.01
#define PROGRESS_MIN_SECONDS 0.5

/* Seconds left when `fraction` (0..1) of the work took `elapsed` seconds,
 * at the same pace: elapsed * (1 - fraction) / fraction; 0 when done; -1
 * when unknown (too early, or not a number). */
double progress_eta(double fraction, double elapsed);
/* A duration as a clock: "0:07", "1:05", "12:00", "1:02:03" (rounded to
 * the second; negative or not finite: "-:--"). */
void progress_clock(double seconds, char *buf, size_t size);
/* "42%  ETA 0:37": the whole percent reached (never 100 before the end)
 * and the ETA ("ETA -:--" when unknown; "100%" alone when done). */
void progress_format(double fraction, double elapsed, char *buf, size_t size);

#endif
