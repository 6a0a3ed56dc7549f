/* tui/view_pipeline.c - the run screen's pipeline line (issue 11): the
 * preparation the session applied (impute, one-hot, scaling, polynomial
 * features, PCA, scaling again: pipeline_describe's words; "resample
 * over" first when the training classes were resampled, whose rows before
 * and after it the rows fact shows) and the features the model sees; and
 * the keys that change the polynomial degree (P), the PCA
 * components (K), the resampling of the training part's classes (O: none,
 * over, under; classifiers), the standardising after them (S, rescale) and
 * the deskewing of an image set's pixels before everything (D; the feature
 * count stays).
 * The session fits the pipeline on the training part (src/pipeline.c); the
 * runner reopens it with the new PrepSpec. */
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

/* "resample over, " when the run resampled its training part. */
static void resample_words(const Session *s, char *buf, size_t size)
{
    buf[0] = '\0';
    if (s->prep.resample != RESAMPLE_NONE)
        snprintf(buf, size, "resample %s, ", resample_kind_name(s->prep.resample));
}

bool rs_resampled_rows(const RunScreen *rs, int *before, int *after)
{
    const Runner *r = rs->runner;
    const Session *s = r && r->inst ? &r->inst->session : NULL;
    if (!s || s->prep.resample == RESAMPLE_NONE)
        return false;
    *before = s->prep.rows_before;
    *after = s->prep.rows_after;
    return true;
}

int rs_draw_pipeline(const RunScreen *rs, Canvas *c, int x, int y, int w, int max_rows)
{
    const Runner *r = rs->runner;
    const Session *s = r->inst ? &r->inst->session : NULL;
    char line[480], rs_words[48] = "";
    if (s)
        resample_words(s, rs_words, sizeof rs_words);
    if (!s)
        snprintf(line, sizeof line, "pipeline (preparing)");
    else if (!s->prep.active)
        snprintf(line, sizeof line, "pipeline %s%s scaling (P poly, K pca, O resample, %s"
                                    "S rescale)", rs_words, scale_kind_name(s->scale),
                 s->train && s->train->image_w > 0 ? "D deskew, " : "");
    else
        snprintf(line, sizeof line, "pipeline -> %d features: %s%s", s->prep.features_out,
                 rs_words, s->prep.steps);
    bool changed = s && (s->prep.active || s->prep.resample != RESAMPLE_NONE);
    int rows = max_rows < 3 ? max_rows : 3;
    if (rows < 1)
        return 0;
    return ui_text_wrapped(c, x, y, w, rows, changed ? ST_HIGHLIGHT : ST_DIM, line);
}

/* O: none -> over -> under -> none (classifiers only: false with a message
 * for the others). */
static bool next_resample(RunScreen *rs, App *app)
{
    if (rs->algo && rs->algo->kind != ALGO_CLASSIFIER) {
        app_message(app, "resampling balances classes: %s is not a classifier", rs->algo->name);
        return false;
    }
    rs->prep.resample = rs->prep.resample == RESAMPLE_NONE   ? RESAMPLE_OVER
                        : rs->prep.resample == RESAMPLE_OVER ? RESAMPLE_UNDER
                                                             : RESAMPLE_NONE;
    return true;
}

/* D: deskewing on or off (image sets only: false with a message for the
 * others). */
static bool toggle_deskew(RunScreen *rs, App *app)
{
    const Dataset *train = rs->slot && data_state(rs->slot) == JOB_DONE
                               ? &rs->slot->data.train : NULL;
    if (!train || train->image_w <= 0) {
        app_message(app, "deskewing straightens images: %s has no image shape",
                    rs->dataset[0] ? rs->dataset : "this data set");
        return false;
    }
    rs->prep.deskew = !rs->prep.deskew;
    return true;
}

/* The step the key changes; false when it changes nothing. */
static bool change_prep(RunScreen *rs, App *app, int key)
{
    switch (key) {
    case 'P': rs->prep.poly = next_step(POLY_STEPS, 3, rs->prep.poly); break;
    case 'K': rs->prep.pca = next_step(PCA_STEPS, 7, rs->prep.pca); break;
    case 'O': return next_resample(rs, app);
    case 'D': return toggle_deskew(rs, app);
    default: rs->prep.rescale = !rs->prep.rescale; return true;
    }
    rs->prep.pca_var = 0;
    rs->prep.pca_first = true; /* the tutorial's order: PCA, then their products */
    return true;
}

bool rs_prep_key(RunScreen *rs, App *app, int key)
{
    if (!rs->runner_on) {
        app_message(app, "the pipeline changes once the run has started");
        return true;
    }
    if (!change_prep(rs, app, key))
        return true;
    runner_request_prep(rs->runner, &rs->prep);
    rs_forget_result(rs);
    rs->bounds_valid = false; /* another feature space */
    app_message(app, "pipeline: %spoly %d, pca %d (0: none), resample %s, rescale %s - the run "
                     "resets",
                rs->prep.deskew ? "deskew, " : "", rs->prep.poly, rs->prep.pca,
                resample_kind_name(rs->prep.resample), rs->prep.rescale ? "on" : "off");
    return true;
}
