/* view_bars.h - accuracy and fit time as bars (issue 12), for the compare
 * screen: beside its table, one row per model on the table's rows, or as a
 * panel of two charts with the models' names. */
#ifndef MLLAB_VIEW_BARS_H
#define MLLAB_VIEW_BARS_H

#include <stdbool.h>

#include "canvas.h"

typedef struct BarRow {
    const char *name;     /* the model (panel only) */
    double accuracy;      /* in [0, 1]; NaN: none */
    double seconds;       /* fit time; NaN: none */
    bool best, failed;
} BarRow;

/* The width the beside form wants at the least. */
#define BARS_BESIDE_MIN_W 32

/* Headings on row y, a rule on y + 1, then row i on y + 2 + i: an
 * accuracy bar (0 to 1) and a fit-time bar (0 to the slowest). */
void bars_beside(Canvas *c, int x, int y, int w, const BarRow *rows, int n);
/* Two charts in (x, y, w, h): accuracy, then fit time, each labelled. */
void bars_panel(Canvas *c, int x, int y, int w, int h, const BarRow *rows, int n);

#endif
