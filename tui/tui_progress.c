/* tui_progress.c - a progress bar with its percentage and ETA (see
 * tui_progress.h).  Draws only. */
#include "tui_progress.h"

#include <stdio.h>

#include "progress.h"
#include "tui_ui.h"

void tui_progress_text(double fraction, double spent, char *buf, size_t size)
{
    if (!(fraction >= 0)) {
        if (size)
            buf[0] = '\0';
        return;
    }
    progress_format(fraction, spent, buf, size);
}

void tui_progress_bar(Canvas *c, int x, int y, int w, double fraction, double spent)
{
    int bw = w / 2 < 50 ? w / 2 : 50;
    ui_progress(c, x, y, bw, fraction < 0 ? 0 : fraction);
    char text[64];
    tui_progress_text(fraction, spent, text, sizeof text);
    if (text[0])
        ui_text(c, x + bw + 2, y, w - bw - 2, ST_HIGHLIGHT, text);
}

void tui_job_text(const Job *job, char *buf, size_t size)
{
    char what[160], pct[64];
    double f = job_progress(job, what, sizeof what);
    double spent = job_elapsed(job);
    tui_progress_text(f, spent, pct, sizeof pct);
    if (pct[0])
        snprintf(buf, size, "%s %s", what, pct);
    else
        snprintf(buf, size, "%s... %.1f s", what, spent);
}
