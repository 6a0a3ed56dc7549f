/* tui_progress.h - long work on screen (issue 12): a bar with its
 * percentage and ETA ("42%  ETA 0:37"), from a fraction done and the
 * seconds spent (the arithmetic is src/progress.c). */
#ifndef MLLAB_TUI_PROGRESS_H
#define MLLAB_TUI_PROGRESS_H

#include <stddef.h>

#include "canvas.h"
#include "tui_jobs.h"

/* "42%  ETA 0:37" (see progress_format); fraction < 0: unknown, "". */
void tui_progress_text(double fraction, double spent, char *buf, size_t size);
/* A bar of half of w cells (at most 50) and its text beside it; fraction
 * < 0 (unknown): an empty bar, no text. */
void tui_progress_bar(Canvas *c, int x, int y, int w, double fraction, double spent);
/* A job's line while it runs: "loading mnist 42%  ETA 0:03" when the job
 * knows its fraction (job_set_progress), else "loading mnist... 1.2 s". */
void tui_job_text(const Job *job, char *buf, size_t size);

#endif
