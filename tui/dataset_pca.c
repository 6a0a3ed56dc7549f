/* tui/dataset_pca.c - the Dataset screen's principal components: the
 * background job that fits them on an even sample of rows, the scatter of
 * the first two with a class legend, the explained variance as a plot
 * (issue 11), and for image sets the originals beside their min-max scaled
 * and PCA-restored versions (the tutorial's "MinMax and PCA restored"
 * picture; +/- change the components).  The arithmetic is src's (pca_fit,
 * scaler_fit, pic_pca_restore, pic_cumulative); the tick restores the page
 * shown, the draw functions only draw. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"
#include "screen_dataset_internal.h"

/* ---- the job ------------------------------------------------------------------------ */

/* The first two coordinates of each row of Z (the scatter's points). */
static int keep_two(DatasetScreen *st, const Mat *Z, Error *err)
{
    st->pca_xy = malloc((size_t)(Z->rows ? Z->rows : 1) * 2 * sizeof *st->pca_xy);
    if (!st->pca_xy)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < Z->rows; i++) {
        st->pca_xy[2 * i] = MAT_AT(Z, i, 0);
        st->pca_xy[2 * i + 1] = MAT_AT(Z, i, 1);
    }
    st->pca_n = Z->rows;
    return 0;
}

/* The cumulative shares of the variance, and the min-max scaler. */
static int pca_extras(DatasetScreen *st, const Mat *sample, Error *err)
{
    int k = st->pca.k;
    st->pca_cum = malloc((size_t)k * sizeof *st->pca_cum);
    if (!st->pca_cum)
        return error_set(err, ERR_NOMEM, "out of memory");
    pic_cumulative(st->pca.explained_var, k, st->pca.total_var, st->pca_cum);
    st->pca_explained = st->pca_cum[1];
    st->restore_k = k < 10 ? k : 10;
    return scaler_fit(&st->minmax, SCALE_MINMAX, sample, err);
}

/* st->pca_rows: m rows spread evenly over the n. */
static int even_sample(DatasetScreen *st, int n, int m, Error *err)
{
    st->pca_rows = malloc((size_t)(m ? m : 1) * sizeof *st->pca_rows);
    if (!st->pca_rows)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < m; i++)
        st->pca_rows[i] = (int)((long)i * n / m);
    return 0;
}

/* The listed rows of X as a new float Mat, whatever X's backing (an image
 * set is held as bytes: mat.h). */
static int gather_floats(Mat *out, const Mat *X, const int *idx, int m, Error *err)
{
    if (mat_alloc(out, m, X->cols, err) < 0)
        return -1;
    mat_gather_f32(X, idx, m, out->data);
    return 0;
}

int ds_pca_job(Job *job, void *arg)
{
    DatasetScreen *st = arg;
    int n = st->ds.X.rows, d = st->ds.X.cols;
    int m = n < PCA_MAX_ROWS ? n : PCA_MAX_ROWS;
    int k = d < PCA_MAX_K ? d : PCA_MAX_K;
    job_set_progress(job, -1, "PCA on %d of %d rows", m, n);
    if (even_sample(st, n, m, &job->err) < 0)
        return -1;
    Mat sample = { 0 }, out = { 0 };
    int rc = -1;
    if (gather_floats(&sample, &st->ds.X, st->pca_rows, m, &job->err) < 0 ||
        pca_fit(&st->pca, &sample, k, &job->err) < 0 ||
        pca_transform(&st->pca, &sample, &out, &job->err) < 0)
        goto done;
    if (keep_two(st, &out, &job->err) == 0 && pca_extras(st, &sample, &job->err) == 0)
        rc = 0;
done:
    mat_free(&sample);
    mat_free(&out);
    return rc;
}

void ds_pca_free(DatasetScreen *st)
{
    free(st->pca_xy);
    free(st->pca_rows);
    free(st->pca_cum);
    free(st->scaled);
    free(st->restored);
    pca_free(&st->pca);
    scaler_free(&st->minmax);
    memset(&st->pca, 0, sizeof st->pca);
    memset(&st->minmax, 0, sizeof st->minmax);
    st->pca_xy = st->scaled = st->restored = NULL;
    st->pca_rows = NULL;
    st->pca_cum = NULL;
    st->pca_n = 0;
    st->restored_first = st->restored_k = st->restored_n = -1;
}

/* ---- the scatter of the first two components ---------------------------------------- */

/* The PCA's frame; while it runs (or after it failed) its progress. True
 * when there are no components to draw. */
static bool draw_waiting(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h,
                         const char *title)
{
    JobState s = job_state(&st->pca_job);
    ui_box(c, x, y, w, h, s == JOB_DONE ? title : "PCA", false);
    if (s == JOB_RUNNING || s == JOB_IDLE) {
        char prog[160];
        job_progress(&st->pca_job, prog, sizeof prog);
        ui_printf(c, x + 2, y + 2, w - 4, ST_HIGHLIGHT, "%s %s", ui_spinner(c), prog);
    } else if (s == JOB_FAILED) {
        ui_text_wrapped(c, x + 2, y + 2, w - 4, h - 3, ST_ERROR, st->pca_job.err.msg);
    }
    return s != JOB_DONE;
}

/* The sampled rows on PC1 and PC2, by class. */
static void pca_points(const DatasetScreen *st, const App *app, Canvas *c, PlotArea *a)
{
    size_t n = (size_t)(st->pca_n ? st->pca_n : 1);
    float *xs = malloc(n * sizeof *xs), *ys = malloc(n * sizeof *ys);
    int *cls = st->ds.y ? malloc(n * sizeof *cls) : NULL;
    if (xs && ys && (cls || !st->ds.y)) {
        for (int i = 0; i < st->pca_n; i++) {
            xs[i] = st->pca_xy[2 * i];
            ys[i] = st->pca_xy[2 * i + 1];
            if (cls)
                cls[i] = st->ds.y[st->pca_rows[i]];
        }
        ds_scatter(app, c, a, xs, ys, cls, st->pca_n);
    }
    free(xs);
    free(ys);
    free(cls);
}

void ds_draw_pca(const DatasetScreen *st, const App *app, Canvas *c, int x, int y, int w, int h)
{
    char title[160];
    snprintf(title, sizeof title, "PCA: the first two components (%d rows)", st->pca_n);
    if (draw_waiting(st, c, x, y, w, h, title))
        return;
    PlotArea a = { x + 9, y + 1, w - 11, h - 5, 0, 0, 0, 0 };
    pca_points(st, app, c, &a);
    if (st->ds.y)
        ds_class_legend(c, x + 2, y + h - 3, w - 4, &st->ds);
    ui_printf(c, x + 2, y + h - 2, w - 4, ST_DIM, "PC1 (x) and PC2 (y) keep %.1f%% of the variance",
              100 * st->pca_explained);
}

/* ---- explained variance --------------------------------------------------------------- */

/* "90% needs 21" or "95% needs more than 64". */
static void needs(const DatasetScreen *st, double frac, char *buf, size_t size)
{
    int j = pic_components_for(st->pca_cum, st->pca.k, frac);
    if (j > 0)
        snprintf(buf, size, "%.0f%% needs %d", 100 * frac, j);
    else
        snprintf(buf, size, "%.0f%% needs more than %d", 100 * frac, st->pca.k);
}

/* The cumulative and single shares by component, the chosen k marked. */
static void variance_curves(const DatasetScreen *st, Canvas *c, const PlotArea *a)
{
    int k = st->pca.k;
    double *xs = malloc((size_t)k * sizeof *xs), *each = malloc((size_t)k * sizeof *each);
    if (xs && each) {
        canvas_axes(c, a);
        for (int j = 0; j < k; j++) {
            xs[j] = j + 1;
            each[j] = st->pca.total_var > 0 ? st->pca.explained_var[j] / st->pca.total_var : NAN;
        }
        canvas_line(c, a, st->restore_k, 0, st->restore_k, 1, CANVAS_COLOR_HIGHLIGHT);
        canvas_polyline(c, a, xs, st->pca_cum, k, 1);
        canvas_polyline(c, a, xs, each, k, 2);
    }
    free(xs);
    free(each);
}

void ds_draw_variance(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    char title[160];
    snprintf(title, sizeof title, "Explained variance by component (x): PCA on %d rows", st->pca_n);
    if (draw_waiting(st, c, x, y, w, h, title))
        return;
    int k = st->pca.k;
    PlotArea a = { x + 9, y + 2, w - 11, h - 7, 0, k, 0, 1 };
    if (a.w < 4 || a.h < 3 || k < 1)
        return;
    variance_curves(st, c, &a);
    canvas_fill(c, x + 2, y + 1, 2, 1, c->ascii ? '-' : 0x2500, 1, 0, CANVAS_ATTR_SOLID);
    int cx = x + 5 + ui_text(c, x + 5, y + 1, w - 7, ST_NORMAL, "cumulative share");
    canvas_fill(c, cx + 2, y + 1, 2, 1, c->ascii ? '-' : 0x2500, 2, 0, CANVAS_ATTR_SOLID);
    ui_text(c, cx + 5, y + 1, x + w - cx - 7, ST_NORMAL, "each component's share");
    char n90[64], n95[64];
    needs(st, 0.90, n90, sizeof n90);
    needs(st, 0.95, n95, sizeof n95);
    ui_printf(c, x + 2, y + h - 3, w - 4, ST_HIGHLIGHT, "%d components keep %.1f%% (+/-)",
              st->restore_k, 100 * st->pca_cum[st->restore_k - 1]);
    ui_printf(c, x + 2, y + h - 2, w - 4, ST_DIM, "%s, %s", n90, n95);
}

/* ---- originals, min-max scaled, PCA restored ---------------------------------------------- */

/* The shrink factor that fits three rows of images into h rows. */
static int restore_factor(const Dataset *ds, int h)
{
    for (int f = 1; f < 4; f++) {
        int ih = (ds->image_h + f - 1) / f, cell_h = (ih + 1) / 2;
        if (3 * (cell_h + 1) + 3 <= h)
            return f;
    }
    return 4;
}

int ds_restored_page(const DatasetScreen *st, int w, int h)
{
    const Dataset *ds = &st->ds;
    if (ds->image_w <= 0)
        return 1;
    int f = restore_factor(ds, h), iw = (ds->image_w + f - 1) / f;
    int cols = (w - 4) / (iw + 2);
    cols = cols < 1 ? 1 : cols;
    return cols < RESTORE_MAX ? cols : RESTORE_MAX;
}

/* Fill st->scaled and st->restored for rows [first, first + n). */
static int restore_rows(DatasetScreen *st, int first, int n, Error *err)
{
    int d = st->ds.X.cols;
    if (!st->scaled && !(st->scaled = malloc((size_t)RESTORE_MAX * (size_t)d * sizeof *st->scaled)))
        return error_set(err, ERR_NOMEM, "out of memory");
    if (!st->restored &&
        !(st->restored = malloc((size_t)RESTORE_MAX * (size_t)d * sizeof *st->restored)))
        return error_set(err, ERR_NOMEM, "out of memory");
    /* The rows as floats (an image set is held as bytes) into st->scaled:
     * restored from there, then min-max scaled in place. */
    Mat rows = { .rows = n, .cols = d, .data = st->scaled }, out;
    mat_copy_rows_f32(&st->ds.X, first, n, st->scaled);
    if (pic_pca_restore(&st->pca, st->restore_k, &rows, &out, err) < 0)
        return -1;
    memcpy(st->restored, out.data, (size_t)n * (size_t)d * sizeof *st->restored);
    mat_free(&out);
    scaler_transform(&st->minmax, &rows);
    return 0;
}

/* Is the PCA there for the variance or restored view?  restore_k is then
 * kept in [1, k]. */
static bool pca_shown(DatasetScreen *st)
{
    if (st->view != VIEW_RESTORED && st->view != VIEW_VARIANCE)
        return false;
    if (job_state(&st->pca_job) != JOB_DONE || st->pca.k < 1)
        return false;
    st->restore_k = st->restore_k < 1 ? 1 : st->restore_k > st->pca.k ? st->pca.k : st->restore_k;
    return true;
}

void ds_restore_tick(DatasetScreen *st, int w, int h)
{
    if (!pca_shown(st) || st->view != VIEW_RESTORED || st->ds.image_w <= 0)
        return;
    int first = st->gallery_first, page = ds_restored_page(st, w, h);
    int n = st->ds.X.rows - first < page ? st->ds.X.rows - first : page;
    bool same = st->restored_first == first && st->restored_k == st->restore_k;
    if (n <= 0 || (same && st->restored_n == n))
        return;
    Error err;
    st->restored_n = -1;
    if (restore_rows(st, first, n, &err) == 0) {
        st->restored_first = first;
        st->restored_k = st->restore_k;
        st->restored_n = n;
    }
}

/* One image (d pixels of v), shrunk by f, at (x, y). */
static void small_image(Canvas *c, int x, int y, const Dataset *ds, const float *v, int f)
{
    int w = ds->image_w, h = ds->image_h, ow, oh;
    float *px = malloc((size_t)w * (size_t)h * sizeof *px);
    if (px && pic_downsample(v, w, h, f, px, &ow, &oh, NULL) == 0)
        canvas_image(c, x, y, px, ow, oh);
    free(px);
}

/* Row i of the page in picture r: the original (as floats into orig: an
 * image set is held as bytes), min-max scaled, or PCA-restored. */
static const float *restored_row(const DatasetScreen *st, int r, int i, float *orig)
{
    size_t d = (size_t)st->ds.X.cols;
    if (r == 0)
        return mat_rows_f32(&st->ds.X, st->restored_first + i, 1, orig);
    return (r == 1 ? st->scaled : st->restored) + (size_t)i * d;
}

void ds_draw_restored(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    char title[160];
    snprintf(title, sizeof title, "Original, MinMax, PCA %d restored", st->restore_k);
    if (draw_waiting(st, c, x, y, w, h, title))
        return;
    const Dataset *ds = &st->ds;
    if (st->restored_n <= 0 || st->restored_first != st->gallery_first)
        return; /* the tick restores the page */
    int f = restore_factor(ds, h), iw = (ds->image_w + f - 1) / f;
    int cell_h = ((ds->image_h + f - 1) / f + 1) / 2, d = ds->X.cols;
    const char *heads[3] = { "original", "MinMax scaled (per pixel)",
                             "PCA restored" };
    char restored[96];
    snprintf(restored, sizeof restored, "PCA restored, %d of %d (%.1f%% of the variance)",
             st->restore_k, d, 100 * st->pca_cum[st->restore_k - 1]);
    heads[2] = restored;
    float *orig = malloc((size_t)d * sizeof *orig);
    for (int r = 0; r < 3 && orig; r++) {
        int ry = y + 1 + r * (cell_h + 1);
        ui_text(c, x + 2, ry, w - 4, ST_HEADING, heads[r]);
        for (int i = 0; i < st->restored_n; i++)
            small_image(c, x + 2 + i * (iw + 2), ry + 1, ds, restored_row(st, r, i, orig), f);
    }
    free(orig);
    ui_printf(c, x + 2, y + h - 2, w - 4, ST_DIM, "rows %d-%d  (\u2190\u2192 page, +/- components)",
              st->restored_first, st->restored_first + st->restored_n - 1);
}
