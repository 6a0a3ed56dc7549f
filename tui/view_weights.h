/* view_weights.h - a linear model's weights drawn for the run screen's
 * panel: an aligned table that uses the width, and on image sets (digits
 * 8x8, MNIST 28x28) one picture per class on a signed scale with the
 * change of the weights since the previous look (delta w) beside it. */
#ifndef MLLAB_VIEW_WEIGHTS_H
#define MLLAB_VIEW_WEIGHTS_H

#include "eval.h"
#include "linear_common.h"
#include "tui_ui.h"

typedef struct WeightsData WeightsData;

/* Copy W and b of lv (worker thread, model idle) with the change since the
 * previous capture of the same model (at an earlier step); NULL when out
 * of memory or lv has no weights. */
WeightsData *weights_capture(const Session *s, LinearView lv);
void weights_free(WeightsData *w);
/* The weights from row `row` on: pictures first on image sets, then the
 * table; returns the row after them. */
int weights_draw(const WeightsData *w, Canvas *c, int x, int row, int width, int bottom);

#endif
