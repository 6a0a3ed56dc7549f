/* tui_progress.h - long work on screen (issue 12): a bar with its
 * percentage and ETA ("42%  ETA 0:37"), from a fraction done and the
 * seconds spent (the arithmetic is src/progress.c). */
#ifndef MLLAB_TUI_PROGRESS_H
#define MLLAB_TUI_PROGRESS_H

#include <stddef.h>

#include "canvas.h"

/* "42%  ETA 0:37" (see progress_format); fraction < 0: unknown, "". */
void tui_progress_text(double fraction, double spent, char *buf, size_t size);
/* A bar of half of w cells (at most 50) and its text beside it; fraction
 * < 0 (unknown): an empty bar, no text. */
void tui_progress_bar(Canvas *c, int x, int y, int w, double fraction, double spent);

#endif
