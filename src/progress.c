/* progress.c - the percentage and the ETA of long work (see progress.h). */
#include "progress.h"

#include <math.h>
#include <stdio.h>

double progress_eta(double fraction, double elapsed)
{
    if (!isfinite(fraction) || !isfinite(elapsed) || elapsed < 0)
        return -1;
    if (fraction >= 1)
        return 0;
    if (fraction < PROGRESS_MIN_FRACTION || elapsed < PROGRESS_MIN_SECONDS)
        return -1;
    return elapsed * (1 - fraction) / fraction;
}

void progress_clock(double seconds, char *buf, size_t size)
{
    if (!isfinite(seconds) || seconds < 0 || seconds > 1e9) {
        snprintf(buf, size, "-:--");
        return;
    }
    long s = lround(seconds);
    if (s >= 3600)
        snprintf(buf, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
    else
        snprintf(buf, size, "%ld:%02ld", s / 60, s % 60);
}

void progress_format(double fraction, double elapsed, char *buf, size_t size)
{
    if (isfinite(fraction) && fraction >= 1) {
        snprintf(buf, size, "100%%");
        return;
    }
    double f = isfinite(fraction) && fraction > 0 ? fraction : 0;
    /* The whole percent reached: 0.42 is 42 (not 41 from rounding error),
     * 0.999 is 99. */
    int percent = (int)floor(f * 100 + 1e-9);
    if (percent > 99)
        percent = 99;
    char eta[32];
    progress_clock(progress_eta(f, elapsed), eta, sizeof eta);
    snprintf(buf, size, "%d%%  ETA %s", percent, eta);
}
