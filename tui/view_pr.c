/* tui/view_pr.c - the precision-recall curve of the run screen's ROC view
 * (issue 11: what class imbalance calls for): precision against recall of
 * the test part's positive-class scores, its average precision in the
 * title, the share of positives as the dim line a random ranking would
 * give, and the threshold explorer's point marked.  The curve is computed
 * by src (metrics_pr_curve); this file only keeps it and draws it. */
#include <math.h>
#include <stdio.h>

#include "screen_run_internal.h"

void rs_prepare_pr(RunScreen *rs)
{
    if (rs->pr_ready || !rs->roc_scores)
        return;
    const RunResult *res = &rs->runner->result;
    Error err;
    if (metrics_pr_curve(rs->roc_scores, res->y_true, res->test_rows, &rs->pr, &err) == 0)
        rs->pr_ready = true;
}

void rs_forget_pr(RunScreen *rs)
{
    if (rs->pr_ready)
        pr_free(&rs->pr);
    rs->pr_ready = false;
}

void rs_draw_pr(const RunScreen *rs, Canvas *c, int x, int y, int w, int h, const BinaryCounts *bc)
{
    if (!rs->pr_ready) {
        ui_text(c, x + 1, y + 1, w - 2, ST_DIM, "No precision-recall curve for these scores.");
        return;
    }
    PlotArea a = { x + 8, y + 1, w - 9, h - 4, 0, 1, 0, 1 };
    if (a.w < 4 || a.h < 2)
        return;
    ui_printf(c, x + 1, y, w - 1, ST_HEADING, "PR curve, AP %.4f", rs->pr.ap);
    canvas_axes(c, &a);
    const RunResult *res = &rs->runner->result;
    int positives = bc->tp + bc->fn;
    if (res->test_rows > 0)
        canvas_line(c, &a, 0, (double)positives / res->test_rows, 1,
                    (double)positives / res->test_rows, CANVAS_COLOR_DIM);
    canvas_polyline(c, &a, rs->pr.recall, rs->pr.precision, rs->pr.n, 2);
    if (bc->tp + bc->fp > 0)
        canvas_marker(c, &a, bc->recall, bc->precision, c->ascii ? '@' : 0x25C9,
                      CANVAS_COLOR_HIGHLIGHT);
    ui_text(c, x + 1, y + h - 2, w - 1, ST_DIM,
            w >= 46 ? "x: recall  y: precision  dim: share of positives" : "x: recall  y: precision");
}
