/* compare_matrix.h - the compare screen's confusion matrices (drawing only). */
#ifndef MLLAB_COMPARE_MATRIX_H
#define MLLAB_COMPARE_MATRIX_H

#include "canvas.h"
#include "eval.h"

/* Draw row's confusion matrix (k classes named names, NULL names shown
 * as "?") in (x, y, w, h) under the title "TAG: model (accuracy A)". */
void compare_matrix_draw(Canvas *c, int x, int y, int w, int h, const CompareRow *row, int k,
                         char *const *names, const char *tag);

#endif
