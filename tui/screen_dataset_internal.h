/* tui/screen_dataset_internal.h - private to the Dataset screen's files
 * (screen_dataset.c: loading, layout, keys; dataset_pca.c: the PCA job,
 * the PCA scatter, the explained variance and the restored images;
 * view_dataset.c: the histograms, the class legend, the scatter helper).
 * Not part of the TUI's interface. */
#ifndef MLLAB_SCREEN_DATASET_INTERNAL_H
#define MLLAB_SCREEN_DATASET_INTERNAL_H

#include "prep.h"
#include "tui_app.h"
#include "tui_jobs.h"
#include "tui_ui.h"

enum { VIEW_SCATTER, VIEW_PCA, VIEW_GALLERY, VIEW_HIST, VIEW_VARIANCE, VIEW_RESTORED };

#define PCA_MAX_ROWS 2000 /* the PCA is fitted on an even sample of this many rows */
#define PCA_MAX_K 64      /* components kept (explained variance, restoring) */
#define HIST_BINS 24
#define RESTORE_MAX 24    /* images restored at once (a page) */

typedef struct DatasetScreen {
    Screen base;
    bool inited;
    char name[128];       /* the set loaded (or loading) */
    Job load;
    Dataset ds;
    bool have;            /* ds and the statistics are ready */
    bool pending;         /* app->dataset changed while a load was running */
    double *fmin, *fmean, *fmax;
    int *counts;
    int *hist;            /* d x HIST_BINS counts over [fmin, fmax] (load job) */
    Job pca_job;
    float *pca_xy;        /* pca_n x 2 */
    int *pca_rows;        /* which dataset rows they are */
    int pca_n;
    double pca_explained; /* share of the variance the two components keep */
    Pca pca;              /* the fitted PCA, up to PCA_MAX_K components */
    double *pca_cum;      /* pca.k cumulative shares of the variance */
    Scaler minmax;        /* per-feature min-max fitted on the sample */
    int restore_k;        /* components for the restored images (+/-) */
    /* The restored page (the tick fills it): rows from restored_first,
     * restored_n of them, with restored_k components; -1: none. */
    float *scaled, *restored; /* RESTORE_MAX x d each */
    int restored_first, restored_k, restored_n;
    int view;
    int fx, fy;           /* fy < 0: the regression target */
    int feat_top;
    int gallery_first;
    int gallery_page;     /* images on the last drawn page */
} DatasetScreen;

/* ---- view_dataset.c */

/* Per-feature histograms of the loaded set (load job; fmin/fmax ready). */
int ds_histograms(DatasetScreen *st, Error *err);
/* The histograms view: feature fx large, then one line per feature from
 * feat_top. */
void ds_draw_hist(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h);
/* A class legend on row y ("● setosa  ○ versicolor ..."); returns the
 * column after it. */
int ds_class_legend(Canvas *c, int x, int y, int w, const Dataset *ds);
/* Points in an area fitted to them: glyphs when few or without colour. */
void ds_scatter(const App *app, Canvas *c, PlotArea *a, const float *xs, const float *ys,
                const int *cls, int n);

/* ---- dataset_pca.c */

int ds_pca_job(Job *job, void *arg);
/* Free what the PCA job and the tick made. */
void ds_pca_free(DatasetScreen *st);
void ds_draw_pca(const DatasetScreen *st, const App *app, Canvas *c, int x, int y, int w, int h);
void ds_draw_variance(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h);
void ds_draw_restored(const DatasetScreen *st, Canvas *c, int x, int y, int w, int h);
/* Images per page of the restored view in a w x h frame. */
int ds_restored_page(const DatasetScreen *st, int w, int h);
/* The tick's part: restore the page shown (when the PCA is ready). */
void ds_restore_tick(DatasetScreen *st, int w, int h);

#endif
