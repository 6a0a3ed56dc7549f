/* compare_matrix.c - a confusion matrix of the comparison drawn in a box:
 * the model's title and accuracy (never cut: the short name when the title
 * does not fit), whole class names down the side, counts shaded by their
 * share of the row, and a note when not every class fits. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compare_matrix.h"
#include "tui_ui.h"

static const char *name_or(char *const *names, int i)
{
    return names && names[i] ? names[i] : "?";
}

/* Cells wide enough for the largest count, with a shade cell before it
 * (shade) or without (a space only, when the classes do not fit otherwise). */
static int count_width(const int *cm, int k, bool shade)
{
    int max_count = 0;
    for (int i = 0; i < k * k; i++)
        if (cm[i] > max_count)
            max_count = cm[i];
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%d", max_count);
    int cw = (int)strlen(tmp) + (shade ? 2 : 1);
    return cw < 3 ? 3 : cw;
}

/* The layout of a matrix: label column, cell width, rows and columns shown. */
typedef struct MatrixFit {
    int label_w, cw, rows, cols;
    bool shade;
} MatrixFit;

/* The row labels: whole class names ("versico" once), at most 16 cells. */
static int label_width(char *const *names, int k)
{
    int label_w = 2;
    for (int i = 0; i < k; i++) {
        int nw = canvas_text_width(name_or(names, i)) + 1;
        if (nw > label_w)
            label_w = nw > 16 ? 16 : nw;
    }
    return label_w;
}

/* As many classes as fit in w x h, every class when it can: the cells lose
 * their shade before any column is dropped; rows and columns are counted
 * apart (a short panel keeps every column). */
static MatrixFit fit_matrix(const int *cm, int k, char *const *names, int w, int h)
{
    MatrixFit f = { label_width(names, k), 0, k, k, true };
    f.cw = count_width(cm, k, true);
    if (f.label_w > 8 && f.label_w + k * f.cw > w) /* names give way first, down to 8 */
        f.label_w = w - k * f.cw > 8 ? w - k * f.cw : 8;
    if (f.label_w + k * f.cw > w) {
        f.shade = false;
        f.cw = count_width(cm, k, false);
    }
    while (f.cols > 1 && f.label_w + f.cols * f.cw > w)
        f.cols--;
    while (f.rows > 1 && f.rows + 3 > h)
        f.rows--;
    return f;
}

static void matrix_row(Canvas *c, int x, int cy, const int *cm, int k, int i, const MatrixFit *f,
                       char *const *names)
{
    ui_text(c, x, cy, f->label_w - 1, ST_HEADING, name_or(names, i));
    int row_sum = 0;
    for (int j = 0; j < k; j++)
        row_sum += cm[i * k + j];
    for (int j = 0; j < f->cols; j++) {
        int v = cm[i * k + j];
        double t = row_sum ? (double)v / row_sum : 0;
        int cx = x + f->label_w + j * f->cw;
        if (f->shade)
            canvas_fill(c, cx, cy, 1, 1, canvas_shade(c, t),
                        i == j ? CANVAS_COLOR_GOOD : CANVAS_COLOR_BAD, 0, CANVAS_ATTR_SOLID);
        ui_printf(c, cx + 1, cy, f->cw - 1, v == 0 ? ST_DIM : i == j ? ST_GOOD : ST_NORMAL, "%*d",
                  f->cw - 1 - (f->shade ? 1 : 0), v);
    }
}

/* "A: k-nearest neighbours (accuracy 0.9667)", or with the short name
 * ("A: knn (accuracy 0.9667)") when the title does not fit: the model and
 * its accuracy are never cut off. */
static void draw_matrix_title(Canvas *c, int x, int y, int w, const CompareRow *row, const char *tag)
{
    const char *title = row->algo->title ? row->algo->title : row->algo->name;
    char text[200], result[40];
    if (isfinite(row->accuracy))
        snprintf(result, sizeof result, "accuracy %.4f", row->accuracy);
    else /* a model that failed has no accuracy: say so, not "nan" */
        snprintf(result, sizeof result, "failed");
    snprintf(text, sizeof text, "%s: %s (%s)", tag, title, result);
    if (canvas_text_width(text) > w)
        snprintf(text, sizeof text, "%s: %s (%s)", tag, row->algo->name, result);
    ui_text(c, x, y, w, ST_HEADING, text);
}

void compare_matrix_draw(Canvas *c, int x, int y, int w, int h, const CompareRow *row, int k,
                         char *const *names, const char *tag)
{
    draw_matrix_title(c, x, y, w, row, tag);
    if (!row->confusion) {
        ui_text(c, x, y + 1, w, ST_DIM, row->error[0] ? row->error : "no confusion matrix");
        return;
    }
    MatrixFit f = fit_matrix(row->confusion, k, names, w, h);
    if (f.rows < k || f.cols < k) /* never a silent cut */
        ui_printf(c, x, y + 1, w, ST_DIM, "rows true, columns predicted: %d x %d of %d classes",
                  f.rows, f.cols, k);
    else
        ui_text(c, x, y + 1, w, ST_DIM, "rows true, columns predicted");
    for (int j = 0; j < f.cols; j++) {
        char nm[16];
        snprintf(nm, sizeof nm, "%.*s", f.cw - 1, name_or(names, j));
        ui_printf(c, x + f.label_w + j * f.cw, y + 2, f.cw, ST_HEADING, "%*s", f.cw - 1, nm);
    }
    for (int i = 0; i < f.rows; i++)
        matrix_row(c, x, y + 3 + i, row->confusion, k, i, &f, names);
}
