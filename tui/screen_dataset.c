/* screen_dataset.c - a look at a dataset before training on it.
 *
 * Left: its size and classes, per-feature min/mean/max (scrollable), and the
 * class balance as bars.  Right: a 2-D scatter of two chosen features (`x`,
 * `y` cycle them) with a class legend, per-feature histograms (`h`,
 * view_dataset.c), the first two principal components (`p`), the explained
 * variance (`v`) and for image sets the originals beside their min-max
 * scaled and PCA-restored versions (`i`, dataset_pca.c: the PCA is fitted
 * in the background on an even sample), or for image sets a gallery of
 * images with their labels (`g`; Left/Right page).  The set loads in the
 * background: MNIST shows a spinner and the time spent.
 *
 * The screen object is a DatasetScreen; its tick adopts finished loads and
 * keeps the scrolling in range, its draw only draws, its keys are one
 * binding table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "tui_data.h"
#include "screen_dataset_internal.h"
#include "tui_progress.h"

static DatasetScreen *ds_of(Screen *s)
{
    return (DatasetScreen *)s;
}

/* ---- loading (background) -------------------------------------------------- */

static int summarise(DatasetScreen *st, Error *err);

/* The reader's progress (issue 12) into the loading job. */
static void on_load_progress(double fraction, void *ctx)
{
    DatasetScreen *st = ctx;
    job_set_progress(&st->load, fraction, "loading %s", st->name);
}

static int load_job(Job *job, void *arg)
{
    DatasetScreen *st = arg;
    job_set_progress(job, -1, "loading %s", st->name);
    Rng rng;
    rng_seed(&rng, 42);
    /* Image sets as bytes (mat.h): a quarter of the memory; read through
     * mat_get, mat_rows_f32 and ui_image_row. */
    CsvOptions opts = { .progress = { on_load_progress, st }, .image_bytes = true };
    if (dataset_load_opts(&st->ds, st->name, NULL, &opts, &rng, &job->err) < 0)
        return -1;
    job_set_progress(job, -1, "summarising %d x %d", st->ds.X.rows, st->ds.X.cols);
    return summarise(st, &job->err);
}

/* Per-feature min/mean/max and the class counts. */
static int summarise(DatasetScreen *st, Error *err)
{
    int d = st->ds.X.cols;
    st->fmin = malloc((size_t)(d ? d : 1) * sizeof *st->fmin);
    st->fmean = malloc((size_t)(d ? d : 1) * sizeof *st->fmean);
    st->fmax = malloc((size_t)(d ? d : 1) * sizeof *st->fmax);
    st->counts = calloc((size_t)(st->ds.n_classes > 0 ? st->ds.n_classes : 1), sizeof *st->counts);
    if (!st->fmin || !st->fmean || !st->fmax || !st->counts)
        return error_set(err, ERR_NOMEM, "out of memory");
    dataset_feature_stats(&st->ds, st->fmin, st->fmean, st->fmax);
    if (st->ds.y)
        dataset_class_counts(&st->ds, st->counts);
    return ds_histograms(st, err);
}

static void unload(DatasetScreen *st)
{
    if (!st->inited) {
        job_init(&st->load);
        job_init(&st->pca_job);
        st->inited = true;
    }
    job_wait(&st->load);
    job_wait(&st->pca_job);
    job_reset(&st->load);
    job_reset(&st->pca_job);
    dataset_free(&st->ds);
    memset(&st->ds, 0, sizeof st->ds);
    free(st->fmin);
    free(st->fmean);
    free(st->fmax);
    free(st->counts);
    free(st->hist);
    ds_pca_free(st);
    st->fmin = st->fmean = st->fmax = NULL;
    st->counts = st->hist = NULL;
    st->have = false;
}

static const char *default_dataset(const App *app)
{
    if (app->algo && app->algo->kind == ALGO_REGRESSOR)
        return "diabetes";
    if (app->algo && app->algo->kind == ALGO_CLUSTERER)
        return "blobs";
    if (app->algo && app->algo->kind == ALGO_OPERATION)
        return "digits";
    return "breast_cancer";
}

/* An image set of classes (mnist) is loaded for a run or a comparison
 * (tui_data.c) at the same time as for this screen, on the other core: `c`
 * or Enter then finds it there instead of loading it after this screen's
 * summary (issue 14: the lab's comparison within 10% of the CLI's time).
 * The slot is released at once: kept while nothing needs its place. */
static void prefetch(const char *name)
{
    const DatasetInfo *info = dataset_info(name);
    if (info && info->image && info->task == DS_CLASSIFICATION)
        data_release(data_acquire(name, ALGO_CLASSIFIER));
}

static void start_loading(DatasetScreen *st, App *app)
{
    Error err;
    unload(st);
    snprintf(st->name, sizeof st->name, "%s", app->dataset);
    st->fx = 0;
    st->fy = 1;
    st->feat_top = 0;
    st->gallery_first = 0;
    if (job_start(&st->load, load_job, st, &err) < 0)
        app_message(app, "%s", err.msg);
    prefetch(st->name);
}

static void dataset_enter(Screen *s, App *app)
{
    DatasetScreen *st = ds_of(s);
    if (!app->dataset[0])
        snprintf(app->dataset, sizeof app->dataset, "%s", default_dataset(app));
    if (!st->inited || strcmp(st->name, app->dataset) != 0) {
        /* A load in progress cannot be interrupted: the new one starts when
         * it ends (poll_jobs), so the screen never waits for it. */
        if (st->inited && (job_state(&st->load) == JOB_RUNNING || job_state(&st->pca_job) == JOB_RUNNING))
            st->pending = true;
        else
            start_loading(st, app);
    }
}

void dataset_screen_open(App *app)
{
    app_push(app, app->screens[SCREEN_DATASET]);
}

static void dataset_shutdown(Screen *s)
{
    DatasetScreen *st = ds_of(s);
    if (!st->inited)
        return;
    unload(st);
    job_destroy(&st->load);
    job_destroy(&st->pca_job);
    st->inited = false;
}

/* Called each frame: start a load that waited, adopt a finished one. */
/* The set is loaded: the first view and the scatter's axes. */
static void adopt_load(DatasetScreen *st)
{
    st->have = true;
    st->view = st->ds.image_w > 0 ? VIEW_GALLERY : VIEW_SCATTER;
    int d = st->ds.X.cols;
    st->fx = 0;
    st->fy = st->ds.y == NULL || d < 2 ? -1 : 1;
    if (d == 1 && !st->ds.target)
        st->fy = 0;
}

static bool jobs_running(const DatasetScreen *st)
{
    return job_state(&st->load) == JOB_RUNNING || job_state(&st->pca_job) == JOB_RUNNING;
}

static void poll_jobs(DatasetScreen *st, App *app)
{
    if (st->pending) {
        if (jobs_running(st))
            return;
        st->pending = false;
        start_loading(st, app);
    }
    if (!st->have && job_state(&st->load) == JOB_DONE)
        adopt_load(st);
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_loading(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    char prog[240];
    JobState s = job_state(&st->load);
    ui_box(c, x, y, w, h, st->name, true);
    if (s == JOB_FAILED) {
        ui_text(c, x + 2, y + 2, w - 4, ST_ERROR, "Cannot load the dataset:");
        /* wrapped whole: FILE:LINE:COLUMN and the reason, as the CLI says it */
        int rows = ui_text_wrapped(c, x + 2, y + 3, w - 4, h - 6, ST_NORMAL, st->load.err.msg);
        ui_text(c, x + 2, y + 4 + (rows > 0 ? rows : 1), w - 4, ST_DIM,
                "Esc goes back; d on Home picks another set (o there opens a file).");
        return;
    }
    tui_job_text(&st->load, prog, sizeof prog);
    ui_printf(c, x + 2, y + 2, w - 4, ST_HIGHLIGHT, "%s %s", ui_spinner(c), prog);
    const DatasetInfo *info = dataset_info(st->name);
    if (info && info->shape)
        ui_printf(c, x + 2, y + 3, w - 4, ST_DIM, "%s: %s", info->title, info->shape);
}

static void draw_summary(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    const Dataset *ds = &st->ds;
    const DatasetInfo *info = dataset_info(st->name);
    ui_box(c, x, y, w, h, "Summary", false);
    int row = y + 1;
    ui_text(c, x + 2, row++, w - 4, ST_TITLE, info && info->title ? info->title : st->name);
    ui_printf(c, x + 2, row++, w - 4, ST_NORMAL, "%d rows x %d columns", ds->X.rows, ds->X.cols);
    if (ds->split_at > 0)
        ui_printf(c, x + 2, row++, w - 4, ST_NORMAL, "standard split: %d train / %d test",
                  ds->split_at, ds->X.rows - ds->split_at);
    if (ds->y)
        ui_printf(c, x + 2, row++, w - 4, ST_NORMAL, "target %s: %d classes",
                  ds->target_name ? ds->target_name : "", ds->n_classes);
    else if (ds->target)
        ui_printf(c, x + 2, row++, w - 4, ST_NORMAL, "target %s: a number (regression)",
                  ds->target_name ? ds->target_name : "");
    if (ds->image_w > 0 && row < y + h - 1)
        ui_printf(c, x + 2, row++, w - 4, ST_NORMAL, "images %d x %d, pixels in [0, 1]",
                  ds->image_w, ds->image_h);
}

static void draw_features(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    const Dataset *ds = &st->ds;
    int d = ds->X.cols;
    char title[64];
    snprintf(title, sizeof title, "Features (%d)", d);
    ui_box(c, x, y, w, h, title, true);
    int inner = h - 3;
    if (inner < 1)
        return;
    int name_w = w - 4 - 3 * 9;
    if (name_w < 6)
        name_w = 6;
    ui_printf(c, x + 2, y + 1, w - 4, ST_HEADING, "%-*s %8s %8s %8s", name_w, "feature", "min",
              "mean", "max");
    for (int i = 0; i < inner && st->feat_top + i < d; i++) {
        int j = st->feat_top + i;
        char a[16], b[16], m[16], name[64];
        ui_fmt(a, sizeof a, st->fmin[j]);
        ui_fmt(m, sizeof m, st->fmean[j]);
        ui_fmt(b, sizeof b, st->fmax[j]);
        snprintf(name, sizeof name, "%s", ds->feature_names && ds->feature_names[j]
                                               ? ds->feature_names[j] : "?");
        Style s = (j == st->fx || j == st->fy) && st->view == VIEW_SCATTER ? ST_HIGHLIGHT : ST_NORMAL;
        ui_text(c, x + 2, y + 2 + i, name_w, s, name);
        ui_printf(c, x + 2 + name_w, y + 2 + i, w - 4 - name_w, ST_NORMAL, " %8s %8s %8s", a, m, b);
    }
}

static bool is_bar_cell(const CanvasCell *cell)
{
    return cell && (cell->ch == 0x2588 || cell->ch == '#' || (cell->ch >= 0x2589 && cell->ch <= 0x258F));
}

/* Colour a bar like its class in the scatter. */
static void colour_bar(Canvas *c, int x0, int x1, int y, uint8_t fg)
{
    for (int k = x0; k < x1; k++) {
        CanvasCell *cell = canvas_cell(c, k, y);
        if (is_bar_cell(cell))
            cell->fg = fg;
    }
}

static void draw_classes(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    const Dataset *ds = &st->ds;
    ui_box(c, x, y, w, h, "Class balance", false);
    int n = ds->n_classes < h - 2 ? ds->n_classes : h - 2;
    const char *labels[64];
    double values[64];
    char buf[64][40];
    if (n > 64)
        n = 64;
    for (int i = 0; i < n; i++) {
        snprintf(buf[i], sizeof buf[i], "%s", ds->class_names ? ds->class_names[i] : "?");
        labels[i] = buf[i];
        values[i] = st->counts[i];
    }
    canvas_bars(c, x + 2, y + 1, w - 4, labels, values, n, 1);
    for (int i = 0; i < n; i++)
        colour_bar(c, x + 2, x + w - 2, y + 1 + i, (uint8_t)(1 + i % CANVAS_COLOR_SERIES_COUNT));
}

/* The name of feature f (-1: the regression target). */
static const char *axis_name(const Dataset *ds, int f, const char *none)
{
    if (f < 0)
        return ds->target_name ? ds->target_name : "target";
    return ds->feature_names ? ds->feature_names[f] : none;
}

static float axis_value(const Dataset *ds, int i, int f)
{
    if (f < 0)
        return ds->target ? ds->target[i] : NAN;
    return mat_get(&ds->X, i, f);
}

static void draw_scatter(const DatasetScreen *st, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const Dataset *ds = &st->ds;
    int n = ds->X.rows;
    char title[200];
    snprintf(title, sizeof title, "%s (x) vs %s (y)", axis_name(ds, st->fx, "x"),
             axis_name(ds, st->fy, "y"));
    ui_box(c, x, y, w, h, title, false);
    float *xs = malloc((size_t)n * sizeof *xs), *ys = malloc((size_t)n * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return;
    }
    for (int i = 0; i < n; i++) {
        xs[i] = mat_get(&ds->X, i, st->fx);
        ys[i] = axis_value(ds, i, st->fy);
    }
    PlotArea a = { x + 9, y + 1, w - 11, h - (ds->y ? 4 : 3), 0, 0, 0, 0 };
    ds_scatter(app, c, &a, xs, ys, ds->y, n);
    free(xs);
    free(ys);
    if (ds->y)
        ds_class_legend(c, x + 2, y + h - 2, w - 4, ds);
}

/* The gallery's grid in a w x h frame: images per row, and per page. */
static int gallery_grid(const Dataset *ds, int w, int h, int *cols)
{
    int cell_h = (ds->image_h + 1) / 2 + 1; /* image rows + a label */
    int rows = (h - 2) / (cell_h + 1);
    *cols = (w - 2) / (ds->image_w + 2);
    if (*cols < 1)
        *cols = 1;
    return *cols * (rows < 1 ? 1 : rows);
}

static void draw_gallery(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h)
{
    const Dataset *ds = &st->ds;
    int iw = ds->image_w, ih = ds->image_h;
    int cell_h = (ih + 1) / 2 + 1;
    int cols, per_page = gallery_grid(ds, w, h, &cols);
    int n = ds->X.rows;
    char title[96];
    snprintf(title, sizeof title, "Images %d-%d of %d", st->gallery_first + 1,
             st->gallery_first + per_page < n ? st->gallery_first + per_page : n, n);
    ui_box(c, x, y, w, h, title, false);
    for (int k = 0; k < per_page && st->gallery_first + k < n; k++) {
        int row = st->gallery_first + k;
        int gx = x + 2 + (k % cols) * (iw + 2), gy = y + 1 + (k / cols) * (cell_h + 1);
        ui_image_row(c, gx, gy, &ds->X, row, iw, ih);
        char label[64];
        snprintf(label, sizeof label, "%s", ds->y && ds->class_names ? ds->class_names[ds->y[row]] : "");
        char line[96];
        snprintf(line, sizeof line, "#%d: %s", row, label);
        ui_text(c, gx, gy + (ih + 1) / 2, iw + 1, ST_HIGHLIGHT, line);
    }
}

/* ---- layout and the tick ----------------------------------------------------------- */

typedef struct Layout {
    int left, sum_h, cls_h;   /* the left column: summary, features, classes */
    int feat_rows;            /* rows of the features table */
} Layout;

static Layout layout_of(const DatasetScreen *st, int w, int h)
{
    Layout l;
    l.left = w * 2 / 5 < 56 ? w * 2 / 5 : 56;
    if (l.left < 40)
        l.left = 40;
    l.sum_h = 7;
    l.cls_h = st->ds.n_classes > 0 ? (st->ds.n_classes < 10 ? st->ds.n_classes : 10) + 2 : 0;
    l.feat_rows = h - l.sum_h - l.cls_h - 3;
    return l;
}

/* Start a load that waited, adopt a finished one, keep the scrolling in range. */
static void dataset_tick(Screen *s, App *app)
{
    DatasetScreen *st = ds_of(s);
    poll_jobs(st, app);
    if (!st->have)
        return;
    int x, y, w, h;
    app_body(app, &x, &y, &w, &h);
    Layout l = layout_of(st, w, h);
    int d = st->ds.X.cols;
    if (st->feat_top > d - l.feat_rows)
        st->feat_top = d - l.feat_rows > 0 ? d - l.feat_rows : 0;
    if (st->feat_top < 0)
        st->feat_top = 0;
    ds_restore_tick(st, w - l.left, h);
    if (st->ds.image_w <= 0)
        return;
    int cols;
    st->gallery_page = st->view == VIEW_RESTORED ? ds_restored_page(st, w - l.left, h)
                                                 : gallery_grid(&st->ds, w - l.left, h, &cols);
    if (st->gallery_first >= st->ds.X.rows)
        st->gallery_first = st->ds.X.rows - 1;
    if (st->gallery_first < 0)
        st->gallery_first = 0;
}

/* The right side: the view chosen. */
static void draw_right(const DatasetScreen *st, const App *app, Canvas *c, int x, int y, int w,
                       int h)
{
    int view = st->ds.image_w > 0 || (st->view != VIEW_GALLERY && st->view != VIEW_RESTORED)
                   ? st->view
                   : VIEW_SCATTER;
    switch (view) {
    case VIEW_GALLERY: draw_gallery(st, c, x, y, w, h); break;
    case VIEW_RESTORED: ds_draw_restored(st, c, x, y, w, h); break;
    case VIEW_PCA: ds_draw_pca(st, app, c, x, y, w, h); break;
    case VIEW_VARIANCE: ds_draw_variance(st, c, x, y, w, h); break;
    case VIEW_HIST: ds_draw_hist(st, c, x, y, w, h); break;
    default: draw_scatter(st, app, c, x, y, w, h); break;
    }
}

static void dataset_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const DatasetScreen *st = (const DatasetScreen *)s;
    if (st->pending) {
        ui_box(c, x, y, w, h, app->dataset, true);
        ui_printf(c, x + 2, y + 2, w - 4, ST_HIGHLIGHT, "%s finishing the load of %s first...",
                  ui_spinner(c), st->name);
        return;
    }
    if (!st->have) {
        draw_loading(st, c, x, y, w, h);
        return;
    }
    Layout l = layout_of(st, w, h);
    draw_summary(st, c, x, y, l.left, l.sum_h);
    if (l.cls_h)
        draw_classes(st, c, x, y + h - l.cls_h, l.left, l.cls_h);
    draw_features(st, c, x, y + l.sum_h, l.left, h - l.sum_h - l.cls_h);
    draw_right(st, app, c, x + l.left, y, w - l.left, h);
}

/* ---- keys ---------------------------------------------------------------------- */

static int cycle(int v, int delta, int n)
{
    return ((v + delta) % n + n) % n;
}

static bool key_features(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app;
    if (!st->have)
        return false;
    int delta = key == TK_UP || key == 'k' ? -1 : key == TK_DOWN || key == 'j' ? 1 : 0;
    st->feat_top += delta ? delta : key == TK_PGUP ? -10 : 10;
    return true;
}

static bool key_x(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app;
    if (!st->have)
        return false;
    st->fx = cycle(st->fx, key == 'x' ? 1 : -1, st->ds.X.cols);
    st->view = st->view == VIEW_HIST ? VIEW_HIST : VIEW_SCATTER;
    if (st->fx >= st->feat_top + 10 || st->fx < st->feat_top)
        st->feat_top = st->fx;
    return true;
}

static bool key_y(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app;
    if (!st->have)
        return false;
    int d = st->ds.X.cols;
    /* With a numeric target, the cycle passes through it (-1). */
    if (st->ds.target && !st->ds.y)
        st->fy = cycle(st->fy + 1, key == 'y' ? 1 : -1, d + 1) - 1;
    else
        st->fy = cycle(st->fy, key == 'y' ? 1 : -1, d);
    st->view = VIEW_SCATTER;
    return true;
}

static bool key_axis(Screen *s, App *app, int key)
{
    return key == 'x' || key == 'X' ? key_x(s, app, key) : key_y(s, app, key);
}

/* p: the PCA scatter, v: the explained variance, i: the restored images
 * (image sets); the PCA is fitted once, in the background. */
static bool key_pca(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    if (!st->have)
        return false;
    if (st->ds.X.cols < 2) {
        app_message(app, "PCA needs two features or more");
        return true;
    }
    if (key == 'i' && st->ds.image_w <= 0) {
        app_message(app, "%s has no images to restore", st->name);
        return true;
    }
    st->view = key == 'v' ? VIEW_VARIANCE : key == 'i' ? VIEW_RESTORED : VIEW_PCA;
    Error err;
    if (job_state(&st->pca_job) == JOB_IDLE && job_start(&st->pca_job, ds_pca_job, st, &err) < 0)
        app_message(app, "%s", err.msg);
    return true;
}

static bool key_components(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app;
    if (!st->have || (st->view != VIEW_VARIANCE && st->view != VIEW_RESTORED))
        return false;
    if (job_state(&st->pca_job) != JOB_DONE)
        return true; /* the job sets the first k */
    st->restore_k += key == '+' || key == '=' ? 1 : -1; /* the tick keeps it in range */
    return true;
}

static bool key_hist(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app, (void)key;
    if (!st->have)
        return false;
    st->view = VIEW_HIST;
    return true;
}

static bool key_scatter(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app, (void)key;
    if (!st->have)
        return false;
    st->view = VIEW_SCATTER;
    return true;
}

static bool key_gallery(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)key;
    if (!st->have)
        return false;
    if (st->ds.image_w > 0)
        st->view = VIEW_GALLERY;
    else
        app_message(app, "%s has no images", st->name);
    return true;
}

static bool key_page(Screen *s, App *app, int key)
{
    DatasetScreen *st = ds_of(s);
    (void)app;
    if (!st->have)
        return false;
    int page = st->gallery_page > 0 ? st->gallery_page : 1;
    st->gallery_first += key == TK_RIGHT || key == 'n' ? page : -page;
    return true;
}

static bool key_run(Screen *s, App *app, int key)
{
    (void)key;
    if (!ds_of(s)->have)
        return false;
    app_open_algo(app);
    return true;
}

static bool key_back(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return false;
}

static const char *run_label(const App *app, char *buf, size_t size)
{
    snprintf(buf, size, "run %s", app->algo ? app->algo->name : "");
    return buf;
}

/* Footer contexts: every set, image sets (the gallery keys), the views
 * with a number of components. */
enum { WHEN_ALL = 1, WHEN_IMAGES = 2, WHEN_COMPONENTS = 4 };

static const Binding DATASET_ROWS[] = {
    { .keys = { 'g' }, .name = "g", .label = "gallery", .when = WHEN_IMAGES, .fn = key_gallery,
      .help = "the image gallery (mnist, fashion_mnist, digits)" },
    { .keys = { TK_LEFT, TK_RIGHT, 'n', 'N' }, .name = "\u2190\u2192", .label = "page",
      .when = WHEN_IMAGES, .fn = key_page, .help = "page through the gallery (n N too)" },
    { .keys = { 'x', 'X', 'y', 'Y' }, .name = "x/y", .label = "features", .fn = key_axis,
      .help = "next / previous feature on the x / y axis of the scatter (X Y: previous)" },
    { .keys = { 'p' }, .name = "p", .label = "PCA", .fn = key_pca,
      .help = "PCA: the first two principal components (sampled rows)" },
    { .keys = { 's' }, .name = "s", .label = "scatter", .fn = key_scatter,
      .help = "back to the scatter of two features" },
    { .keys = { TK_UP, TK_DOWN, 'k', 'j', TK_PGUP, TK_PGDN }, .name = "\u2191\u2193",
      .label = "features", .fn = key_features, .help = "scroll the per-feature table (PgUp/PgDn too)" },
    { .keys = { TK_ENTER, 'r' }, .name = "Enter", .label_of = run_label, .fn = key_run,
      .help = "train the selected algorithm on this dataset (r too)" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .fn = key_back, /* help: Everywhere */ },
    /* The pictures (issue 11, 12): after Esc, so a narrow footer keeps the rows above. */
    { .keys = { 'v' }, .name = "v", .label = "variance", .fn = key_pca,
      .help = "PCA: the share of the variance each component keeps, and the running total" },
    { .keys = { 'i' }, .name = "i", .label = "restored", .when = WHEN_IMAGES, .fn = key_pca,
      .help = "images: the originals, min-max scaled, and restored from k PCA components" },
    { .keys = { '+', '=', '-', '_' }, .name = "+/-", .label = "components",
      .when = WHEN_COMPONENTS, .fn = key_components,
      .help = "more / fewer PCA components (variance and restored views)" },
    { .keys = { 'h' }, .name = "h", .label = "histograms", .fn = key_hist,
      .help = "per-feature histograms (x/X picks the large one)" },
};
static const Bindings DATASET_KEYS = BINDINGS("Dataset", DATASET_ROWS, NULL, false);

static const Bindings *dataset_bindings(const Screen *s)
{
    (void)s;
    return &DATASET_KEYS;
}

static unsigned dataset_footer_when(const Screen *s)
{
    const DatasetScreen *st = (const DatasetScreen *)s;
    unsigned when = st->have && st->ds.image_w > 0 ? WHEN_ALL | WHEN_IMAGES : WHEN_ALL;
    if (st->view == VIEW_VARIANCE || st->view == VIEW_RESTORED)
        when |= WHEN_COMPONENTS;
    return when;
}

static bool dataset_busy(const Screen *s)
{
    const DatasetScreen *st = (const DatasetScreen *)s;
    return st->pending || jobs_running(st);
}

static void dataset_destroy(Screen *s)
{
    dataset_shutdown(s);
    free(s);
}

static const ScreenClass DATASET_CLASS = {
    .name = "Dataset",
    .enter = dataset_enter,
    .tick = dataset_tick,
    .draw = dataset_draw,
    .bindings = dataset_bindings,
    .footer_when = dataset_footer_when,
    .busy = dataset_busy,
    .shutdown = dataset_shutdown,
    .destroy = dataset_destroy,
};

Screen *dataset_screen_new(void)
{
    DatasetScreen *st = calloc(1, sizeof *st);
    if (!st)
        return NULL;
    st->base.cls = &DATASET_CLASS;
    return &st->base;
}
