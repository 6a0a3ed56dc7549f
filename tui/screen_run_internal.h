/* tui/screen_run_internal.h - private to the Run screen's files
 * (screen_run.c, screen_run_form.c, screen_run_views.c,
 * screen_run_results.c, screen_run_conv.c): the screen's state (one
 * RunState, rs_state) and the drawing pieces the screen's draw and key
 * handling in screen_run.c call.  Not part of the TUI's interface. */
#ifndef MLLAB_SCREEN_RUN_INTERNAL_H
#define MLLAB_SCREEN_RUN_INTERNAL_H

#include "conv.h"
#include "metrics.h"
#include "registry.h"
#include "report.h"
#include "tui_app.h"
#include "tui_data.h"
#include "tui_jobs.h"
#include "tui_run.h"
#include "tui_ui.h"
#include "tui_views.h"

enum { V_PLOT, V_CURVES, V_PANEL, V_LOG, V_RESULTS, V_ROC, V_ERRORS, V_COUNT };

typedef struct ConvState {
    Job load;
    bool inited, have;
    Dataset ds;
    char name[128];
    int pos;              /* the output position the window is at */
    bool running;
    double next_at;
    float *out, *pooled;  /* feature map and pooled map */
    int OH, OW, PH, PW;
    char key[256];        /* params + image the maps were made for */
    char error[256];
} ConvState;

typedef struct RunState {
    const Algo *algo;
    char dataset[128];
    bool open;
    DataSlot *slot;
    Runner *runner;        /* heap: a retired one may outlive the screen's state */
    bool runner_on;
    char start_error[512];
    Params form;
    bool form_ready;
    int form_sel;
    bool editing;
    bool kv_mode;          /* editing a "KEY=VALUE" line (the : key) */
    TextField field;
    char form_error[512];
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
    float *roc_scores;     /* positive-class scores of the test part */
    double score_lo, score_hi;
    ConvState conv;
    /* Regressors on 1-D data: the curves of earlier runs, kept when a
     * parameter changes (degree 1, 2, 30: the over/underfitting demo). */
    struct Ghost {
        float *x, *y;
        int n;
        char label[128];
    } ghosts[4];
    int n_ghosts;
} RunState;

/* The Run screen's state (screen_run.c). */
extern RunState rs_state;
/* The speed names, slowest first (screen_run.c). */
extern const char *const RS_SPEED_NAMES[];

/* ---- screen_run.c */

/* "degree 2 l2 0.1 MSE train 2.3 test 1.46" for the current run (lock held). */
void rs_curve_label(char *buf, size_t size);
/* Keep the current fitted curve (before a reset), labelled with its
 * degree and errors.  Takes the runner's lock. */
void rs_keep_ghost(void);

/* ---- screen_run_form.c: the parameter form, the run facts, the status line */

void rs_form_apply(App *app, const char *name, const char *value);
/* Left/Right on a choice or a boolean: the next value. */
void rs_form_cycle(App *app, int dir);
void rs_draw_form(App *app, Canvas *c, int x, int y, int w, int h);
void rs_draw_facts(App *app, Canvas *c, int x, int y, int w, int h);
void rs_draw_status(App *app, Canvas *c, int x, int y, int w);

/* ---- screen_run_views.c: plot, curves, log, the algorithm's panel */

void rs_draw_plot(App *app, Canvas *c, int x, int y, int w, int h);
void rs_draw_curves(Canvas *c, int x, int y, int w, int h);
void rs_draw_log(Canvas *c, int x, int y, int w, int h);
/* The panel is drawn into a canvas taller than the screen, and the rows
 * from panel_scroll on are copied: PgUp/PgDn scroll a long record (a
 * network's backward pass) without the views knowing. */
void rs_draw_panel(Canvas *c, int x, int y, int w, int h);

/* ---- screen_run_results.c: results, ROC and the threshold explorer, errors */

void rs_draw_results(App *app, Canvas *c, int x, int y, int w, int h);
void rs_draw_roc(Canvas *c, int x, int y, int w, int h);
void rs_draw_errors(Canvas *c, int x, int y, int w, int h);

/* ---- screen_run_conv.c: the conv operation */

void rs_draw_conv(Canvas *c, int x, int y, int w, int h);

#endif
