/* tui/screen_run_internal.h - private to the Run screen's files
 * (screen_run.c, screen_run_status.c, screen_run_views.c,
 * screen_run_results.c): the screen object (RunScreen: its state, passed
 * to every function) and the drawing pieces of its draw.  Not part of the
 * TUI's interface.
 *
 * The drawing functions take a const RunScreen and the runner's lock held
 * by the caller: they read and draw, nothing else.  What they need computed
 * (plot bounds, the ROC curve, scroll limits) is prepared by the screen's
 * tick (screen_run.c). */
#ifndef MLLAB_SCREEN_RUN_INTERNAL_H
#define MLLAB_SCREEN_RUN_INTERNAL_H

#include "metrics.h"
#include "registry.h"
#include "report.h"
#include "tui_app.h"
#include "tui_data.h"
#include "tui_form.h"
#include "tui_jobs.h"
#include "tui_run.h"
#include "tui_ui.h"
#include "tui_views.h"

/* V_PLANE (data of more than two features, view_plane.c) comes last so that
 * the views' numbers stay those they had before it. */
enum { V_PLOT, V_CURVES, V_PANEL, V_LOG, V_RESULTS, V_ROC, V_ERRORS, V_PLANE, V_COUNT };

/* Runners asked to stop whose current step has not noticed yet: they keep
 * their data slot until they have, so leaving a long step never blocks the
 * screen.  Reaped by the tick; joined at exit. */
#define RUN_MAX_RETIRED 8

/* Regressors on 1-D data: the curve of an earlier run, kept when a
 * parameter changes (degree 1, 2, 30: the over/underfitting demo). */
typedef struct RunGhost {
    float *x, *y;
    int n;
    char label[128];
} RunGhost;

typedef struct RunScreen {
    Screen base;
    ParamForm form;
    const Algo *algo;
    char dataset[128];
    bool open;
    DataSlot *slot;
    Runner *runner;        /* heap: a retired one may outlive the run */
    bool runner_on;
    char start_error[512];
    int view;
    int speed;
    int query;
    double threshold;      /* the slider, 0..1 */
    int log_back;          /* lines scrolled back from the newest */
    int panel_scroll;      /* lines of the algorithm's panel scrolled past */
    int errors_first;
    int queued_steps;      /* Space pressed before the runner existed */
    bool queued_run;
    PlotArea bounds;       /* data range in the model's space */
    bool bounds_valid;
    RocCurve roc;
    bool roc_ready;
    PrCurve pr;            /* the precision-recall curve beside it (view_pr.c) */
    bool pr_ready;
    float *roc_scores;     /* positive-class scores of the test part */
    double score_lo, score_hi;
    RunGhost ghosts[4];
    int n_ghosts;
    /* Data of more than two features (view_plane.c): the plot's plane is
     * the first two principal components (plane_features false) or the
     * features plane_fx and plane_fy (p, f, F choose). */
    bool plane_features;
    int plane_fx, plane_fy;
    PrepSpec prep;         /* the pipeline line's poly, PCA, resample, rescale (view_pipeline.c) */
    struct {
        Runner *runner;
        DataSlot *slot;
    } retired[RUN_MAX_RETIRED];
} RunScreen;

/* The speeds (seconds between steps) and their names, slowest first
 * (screen_run.c); the conv screen's animation uses them too. */
extern const double RS_SPEEDS[];
extern const char *const RS_SPEED_NAMES[];
#define RS_N_SPEEDS 8
#define RS_DEFAULT_SPEED 3

/* ---- screen_run.c */

/* y: the learner's version of the algorithm (Step your own), or back to
 * the built-in; false (with a message) when there is none. */
bool rs_toggle_yours(RunScreen *rs, App *app);
/* Free the earlier curves. */
void rs_clear_ghosts(RunScreen *rs);
/* Forget what was prepared from the last result (the ROC curve). */
void rs_forget_result(RunScreen *rs);
/* The next view that applies in direction dir (runner lock held). */
void rs_next_view(RunScreen *rs, int dir);
/* Does view v apply now (runner lock held)? */
bool rs_view_applies(const RunScreen *rs, int v);
const char *rs_view_name(const RunScreen *rs, int v);
/* "degree 2 l2 0.1 MSE train 2.3 test 1.46" for the current run (lock held). */
void rs_curve_label(const RunScreen *rs, char *buf, size_t size);
/* Where the views go in a body of w x h at (x, y). */
void rs_view_rect(int x, int y, int w, int h, int *vx, int *vy, int *vw, int *vh);
/* The plot's area for a view rectangle (the data range from rs->bounds). */
PlotArea rs_plot_area(const RunScreen *rs, int vx, int vy, int vw, int vh);

/* ---- screen_run_mouse.c: clicks (tabs, the k-NN query, the ROC
 * threshold) and the wheel (issue 12) */
bool rs_key_mouse(Screen *s, App *app, int key);

/* ---- screen_run_status.c: the run facts, the status line */

void rs_draw_facts(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
void rs_draw_status(const RunScreen *rs, Canvas *c, int x, int y, int w);

/* ---- screen_run_views.c: plot, curves, log, the algorithm's panel */

void rs_draw_plot(const RunScreen *rs, const App *app, Canvas *c, int x, int y, int w, int h);
void rs_draw_curves(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
void rs_draw_log(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
/* The panel is drawn into a canvas taller than the screen, and the rows
 * from panel_scroll on are copied: PgUp/PgDn scroll a long record (a
 * network's backward pass) without the views knowing. */
void rs_draw_panel(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
/* A classifier's result with predictions and labels of the test rows. */
bool rs_labelled_result(const Runner *r);
/* The last row of the panel with something on it, drawn h + extra tall. */
int rs_panel_last_row(const Snapshot *snap, bool ascii, int w, int h);
/* The data's range in the model's space (train and test rows). */
PlotArea rs_data_bounds(const Session *s);

/* ---- screen_run_results.c: results, ROC and the threshold explorer, errors */

void rs_draw_results(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
void rs_draw_roc(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
void rs_draw_errors(const RunScreen *rs, Canvas *c, int x, int y, int w, int h);
/* The ROC curve and the scores of the test part, once training is done. */
void rs_prepare_roc(RunScreen *rs);
/* Misclassified test rows. */
int rs_count_errors(const RunResult *res);

/* ---- screen_run_export.c: the export key (e) */

bool rs_key_export(Screen *s, App *app, int key);

/* ---- view_plane.c: the plot of data with more than two features (issue 12) */

/* Does the plot apply to d features on a plane (classifiers, clusterers)? */
bool rs_plane_applies(const RunScreen *rs, int d);
/* The plane's fields of the plot's request (d features). */
void rs_plane_request(const RunScreen *rs, int d, ViewRequest *req);
/* The plot of the snapshot's projected rows, regions and misclassified rows. */
void rs_draw_plane(const RunScreen *rs, const App *app, Canvas *c, int x, int y, int w, int h);
/* p, f, F: the plane's axes (d features). */
bool rs_plane_key(RunScreen *rs, App *app, int key);

/* ---- view_pipeline.c: the pipeline line (issue 11) */

/* "pipeline -> 10 features: standard scaling, pca 10" ("resample over, "
 * before the steps when the training part was resampled) from row y,
 * wrapped over three rows at most and max_rows (lock held); returns the
 * rows used. */
int rs_draw_pipeline(const RunScreen *rs, Canvas *c, int x, int y, int w, int max_rows);
/* The training rows before and after --resample's counterpart (O), when the
 * run's session resampled them (lock held). */
bool rs_resampled_rows(const RunScreen *rs, int *before, int *after);
/* P: polynomial degree none, 2, 3; K: PCA components none, 2, 5, 10, 20,
 * 30, 50; O: resampling none, over, under (classifiers); S: rescale on or
 * off; the run resets with the new preparation. */
bool rs_prep_key(RunScreen *rs, App *app, int key);

/* ---- view_pr.c: the precision-recall curve beside ROC (issue 11) */

/* The curve of the test part's scores (rs->roc_scores ready), once. */
void rs_prepare_pr(RunScreen *rs);
void rs_forget_pr(RunScreen *rs);
/* The curve in (x, y, w, h), the threshold's point marked. */
void rs_draw_pr(const RunScreen *rs, Canvas *c, int x, int y, int w, int h, const BinaryCounts *bc);

#endif
