/* tui/view_pipeline.c - the run screen's pipeline line (issue 11): the
 * preparation the session applied (impute, one-hot, scaling, polynomial
 * features, PCA: pipeline_describe's words) and the features the model
 * sees, and the keys that change the polynomial degree (P) and the PCA
 * components (K).  The session fits the pipeline on the training part
 * (src/pipeline.c); the runner reopens it with the new PrepSpec. */
#include <stdio.h>

#include "screen_run_internal.h"

static const int POLY_STEPS[] = { 0, 2, 3 };
static const int PCA_STEPS[] = { 0, 2, 5, 10, 20, 30, 50 };

/* The value after v in steps (n of them), round to the first. */
static int next_step(const int *steps, int n, int v)
{
    for (int i = 0; i < n - 1; i++)
        if (steps[i] == v)
            return steps[i + 1];
    return steps[0];
}

int rs_draw_pipeline(const RunScreen *rs, Canvas *c, int x, int y, int w)
{
    const Runner *r = rs->runner;
    const Session *s = r->inst ? &r->inst->session : NULL;
    char line[400];
    if (!s)
        snprintf(line, sizeof line, "pipeline (preparing)");
    else if (!s->prep.active)
        snprintf(line, sizeof line, "pipeline %s scaling (P poly, K pca)", scale_kind_name(s->scale));
    else
        snprintf(line, sizeof line, "pipeline -> %d features: %s", s->prep.features_out,
                 s->prep.steps);
    return ui_text_wrapped(c, x, y, w, 2, s && s->prep.active ? ST_HIGHLIGHT : ST_DIM, line);
}

bool rs_prep_key(RunScreen *rs, App *app, int key)
{
    if (!rs->runner_on) {
        app_message(app, "the pipeline changes once the run has started");
        return true;
    }
    if (key == 'P')
        rs->prep.poly = next_step(POLY_STEPS, 3, rs->prep.poly);
    else
        rs->prep.pca = next_step(PCA_STEPS, 7, rs->prep.pca);
    rs->prep.pca_var = 0;
    rs->prep.pca_first = true; /* the tutorial's order: PCA, then their products */
    runner_request_prep(rs->runner, &rs->prep);
    rs_forget_result(rs);
    rs->bounds_valid = false; /* another feature space */
    app_message(app, "pipeline: poly %d, pca %d (0: none) - the run resets", rs->prep.poly,
                rs->prep.pca);
    return true;
}
