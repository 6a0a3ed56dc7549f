/* tui/screen_lm.c - the language models on names (makemore's protocol):
 *
 *   bigram  a step counts the next 1,000 training names: the 27 x 27 counts
 *           heatmap fills in, the train and test NLL fall, names are sampled
 *           from the table after each step.
 *   rnn     a step is 100 mini-batches of an Elman RNN (algorithms/rnn.h),
 *           run on a worker thread (a Job) so the screen stays responsive:
 *           the train loss and test NLL curve, names sampled after each step,
 *           the hidden state while reading "emma" as a heatmap, and the
 *           gradient norm per time step of the last batch.
 *
 * `m` switches the model.  The worker alone touches the Rnn while a job
 * runs; when it ends it leaves a snapshot (the numbers the view needs) that
 * the tick copies, so the draw only draws from the screen's own state. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigram.h"
#include "rnn.h"
#include "tui_app.h"
#include "tui_export.h"
#include "tui_jobs.h"
#include "tui_ui.h"

#define LM_HIST 400     /* points of the loss curves kept */
#define LM_SAMPLES 8
#define LM_NAME 32
#define LM_HIDDEN 48
#define LM_CHUNK 100    /* RNN mini-batches per step */
#define LM_T 40         /* time steps of the gradient norms kept */
static const char *const PROBE = "emma";

/* What the view shows of the RNN (written by the worker, copied by the tick). */
typedef struct RnnSnap {
    int steps;
    double train, test, grad_norm;
    char samples[LM_SAMPLES][LM_NAME];
    float hidden[(LM_NAME + 1) * LM_HIDDEN]; /* (len(PROBE) + 1) x H */
    float tnorm[LM_T];
    int T;
} RnnSnap;

typedef struct LmScreen {
    Screen base;
    bool rnn;
    bool loaded;
    char error[512];
    TextCorpus corpus;
    CorpusSplit split;
    Rng rng;                /* samples */
    /* bigram */
    Bigram *bigram;
    float heat[CHARLM_CHARS * CHARLM_CHARS];
    char bsamples[LM_SAMPLES][LM_NAME];
    bool bdone;
    /* rnn */
    Rnn *model;
    Rng mrng;
    Job job;
    RnnSnap pending, snap;  /* pending: the worker's; snap: the view's */
    bool running;           /* animate: start the next chunk at once */
    /* the curves: x = steps (names counted or mini-batches) */
    double hx[LM_HIST], htrain[LM_HIST], htest[LM_HIST];
    int nh;
} LmScreen;

static LmScreen *lm_of(Screen *s)
{
    return (LmScreen *)s;
}

static void push_history(LmScreen *lm, double x, double train, double test)
{
    if (lm->nh == LM_HIST) {
        memmove(lm->hx, lm->hx + 1, sizeof lm->hx[0] * (LM_HIST - 1));
        memmove(lm->htrain, lm->htrain + 1, sizeof lm->htrain[0] * (LM_HIST - 1));
        memmove(lm->htest, lm->htest + 1, sizeof lm->htest[0] * (LM_HIST - 1));
        lm->nh--;
    }
    lm->hx[lm->nh] = x;
    lm->htrain[lm->nh] = train;
    lm->htest[lm->nh++] = test;
}

/* ---- the bigram model ------------------------------------------------------------ */

static void bigram_refresh(LmScreen *lm)
{
    const int *counts = bigram_counts(lm->bigram);
    int V = bigram_vocab(lm->bigram), top = 1;
    for (int i = 0; i < V * V; i++)
        top = counts[i] > top ? counts[i] : top;
    for (int i = 0; i < V * V && i < CHARLM_CHARS * CHARLM_CHARS; i++)
        lm->heat[i] = (float)(log1p(counts[i]) / log1p(top));
    for (int k = 0; k < LM_SAMPLES; k++) {
        int tokens[LM_NAME];
        int n = bigram_seen(lm->bigram) ? bigram_sample(lm->bigram, &lm->rng, tokens, LM_NAME - 1)
                                        : 0;
        corpus_decode(&lm->corpus, tokens, n, lm->bsamples[k], LM_NAME);
    }
}

static void bigram_step_once(LmScreen *lm)
{
    Error err = { 0 };
    if (!lm->bigram || lm->bdone)
        return;
    StepStatus st = bigram_step(lm->bigram, NULL, &err);
    if (st == STEP_ERROR) {
        snprintf(lm->error, sizeof lm->error, "%s", err.msg);
        return;
    }
    lm->bdone = st == STEP_DONE;
    push_history(lm, bigram_seen(lm->bigram), bigram_train_nll(lm->bigram),
                 bigram_test_nll(lm->bigram));
    bigram_refresh(lm);
}

/* ---- the RNN and its worker ---------------------------------------------------- */

static void rnn_fill_snap(LmScreen *lm, RnnSnap *s)
{
    s->steps = rnn_steps_done(lm->model);
    s->train = rnn_train_loss(lm->model);
    s->test = rnn_test_nll(lm->model);
    s->grad_norm = rnn_grad_norm(lm->model);
    for (int k = 0; k < LM_SAMPLES; k++) {
        int tokens[LM_NAME];
        int n = rnn_sample(lm->model, &lm->mrng, tokens, LM_NAME - 1);
        corpus_decode(&lm->corpus, tokens, n, s->samples[k], LM_NAME);
    }
    int probe[LM_NAME], n = (int)strlen(PROBE);
    for (int i = 0; i < n; i++)
        probe[i] = PROBE[i] - 'a' + 1;
    rnn_hidden_states(lm->model, probe, n, s->hidden);
    int T;
    const float *norms = rnn_time_grad_norms(lm->model, &T);
    s->T = T < LM_T ? T : LM_T;
    if (norms && s->T > 0)
        memcpy(s->tnorm, norms, sizeof s->tnorm[0] * (size_t)s->T);
}

/* The job: LM_CHUNK mini-batches, then the snapshot. */
static int rnn_chunk(Job *job, void *arg)
{
    LmScreen *lm = arg;
    for (int i = 0; i < LM_CHUNK && !job->cancel; i++) {
        StepStatus st = rnn_step(lm->model, NULL, &job->err);
        if (st == STEP_ERROR)
            return -1;
        if (st == STEP_DONE)
            break;
        job_set_progress(job, (i + 1.0) / LM_CHUNK, "mini-batch %d/%d", i + 1, LM_CHUNK);
    }
    rnn_fill_snap(lm, &lm->pending);
    return 0;
}

static void rnn_start_chunk(LmScreen *lm, App *app)
{
    JobState st = job_state(&lm->job);
    if (!lm->model || st == JOB_RUNNING)
        return;
    job_wait(&lm->job);
    Error err = { 0 };
    if (job_start(&lm->job, rnn_chunk, lm, &err) < 0)
        app_message(app, "cannot start the worker: %s", err.msg);
}

static void rnn_poll(LmScreen *lm, App *app)
{
    JobState st = job_state(&lm->job);
    if (st != JOB_DONE && st != JOB_FAILED)
        return;
    job_wait(&lm->job);
    job_reset(&lm->job);
    if (st == JOB_FAILED) {
        snprintf(lm->error, sizeof lm->error, "%s", lm->job.err.msg);
        lm->running = false;
        return;
    }
    lm->snap = lm->pending;
    push_history(lm, lm->snap.steps, lm->snap.train, lm->snap.test);
    if (lm->running)
        rnn_start_chunk(lm, app);
}

/* ---- life cycle ------------------------------------------------------------------- */

static void free_models(LmScreen *lm)
{
    job_cancel_and_wait(&lm->job);
    job_reset(&lm->job);
    bigram_destroy(lm->bigram);
    rnn_destroy(lm->model);
    lm->bigram = NULL;
    lm->model = NULL;
}

static int make_model(LmScreen *lm, Error *err)
{
    if (!lm->rnn) {
        lm->bigram = bigram_create(&lm->corpus, &lm->split, 1.0, 1000, err);
        return lm->bigram ? 0 : -1;
    }
    RnnConfig cfg = { .embed = 32, .hidden = LM_HIDDEN, .batch = 32, .steps = 100000000,
                      .eval_every = LM_CHUNK, .lr = 2e-3, .weight_decay = 0.01, .beta1 = 0.9,
                      .beta2 = 0.99, .eps = 1e-8, .clip = 5 };
    rng_seed(&lm->mrng, 42);
    lm->model = rnn_create(&cfg, &lm->corpus, &lm->split, &lm->mrng, err);
    return lm->model ? 0 : -1;
}

/* A fresh model of the chosen kind (the corpus loaded the first time). */
static void lm_restart(LmScreen *lm)
{
    Error err = { 0 };
    free_models(lm);
    lm->error[0] = '\0';
    lm->nh = 0;
    lm->running = lm->bdone = false;
    memset(&lm->snap, 0, sizeof lm->snap);
    lm->snap.train = lm->snap.test = NAN;
    memset(lm->heat, 0, sizeof lm->heat);
    memset(lm->bsamples, 0, sizeof lm->bsamples);
    rng_seed(&lm->rng, 7);
    if (!lm->loaded) {
        if (corpus_load(&lm->corpus, "names", UNIT_CHAR, 0, &err) < 0 ||
            corpus_split(&lm->corpus, 42, &lm->split, &err) < 0) {
            snprintf(lm->error, sizeof lm->error, "%s", err.msg);
            return;
        }
        lm->loaded = true;
    }
    if (make_model(lm, &err) < 0)
        snprintf(lm->error, sizeof lm->error, "%s", err.msg);
}

static void lm_tick(Screen *s, App *app)
{
    LmScreen *lm = lm_of(s);
    if (lm->rnn)
        rnn_poll(lm, app);
    else if (lm->running && !lm->bdone)
        bigram_step_once(lm);
}

/* ---- drawing ----------------------------------------------------------------------- */

static void draw_curve(const LmScreen *lm, Canvas *c, int x, int y, int w, int h, const char *title)
{
    ui_box(c, x, y, w, h, title, false);
    if (lm->nh == 0) {
        ui_text(c, x + 2, y + 1, w - 4, ST_DIM, "Space: a step");
        return;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < lm->nh; i++)
        for (int k = 0; k < 2; k++) {
            double v = k ? lm->htest[i] : lm->htrain[i];
            if (isfinite(v)) {
                lo = fmin(lo, v);
                hi = fmax(hi, v);
            }
        }
    canvas_pad_range(&lo, &hi, lo >= 0 ? 0 : -INFINITY, INFINITY); /* a loss: never below 0 */
    PlotArea a = { x + 9, y + 1, w - 11, h - 3, lm->hx[0], lm->hx[lm->nh - 1], lo, hi };
    if (!(a.xmax > a.xmin))
        a.xmax = a.xmin + 1;
    canvas_axes_whole_x(c, &a); /* names seen, steps: whole numbers */
    canvas_polyline(c, &a, lm->hx, lm->htrain, lm->nh, 1);
    canvas_polyline(c, &a, lm->hx, lm->htest, lm->nh, 2);
}

static void draw_samples(Canvas *c, int x, int y, int w, int h, const char (*names)[LM_NAME])
{
    ui_box(c, x, y, w, h, "Sampled names", false);
    for (int k = 0; k < LM_SAMPLES && k < h - 2; k++)
        ui_text(c, x + 2, y + 1 + k, w - 4, ST_NORMAL, names[k][0] ? names[k] : "·");
}

static void draw_bigram(const LmScreen *lm, Canvas *c, int x, int y, int w, int h)
{
    int hw = 27 + 6;
    ui_box(c, x, y, hw, h, "Counts N[prev][next]", true);
    ui_text(c, x + 3, y + 1, 27, ST_DIM, ".abcdefghijklmnopqrstuvwxyz");
    if (h - 3 >= 27) {
        canvas_heatmap(c, x + 3, y + 2, lm->heat, 27, 27, 0, 1);
        for (int i = 0; i < 27; i++)
            canvas_text(c, x + 2, y + 2 + i, i ? (char[]){ (char)('a' + i - 1), 0 } : ".", 11);
    } else {
        canvas_image(c, x + 3, y + 2, lm->heat, 27, 27);
        ui_text(c, x + 2, y + h - 2, hw - 3, ST_DIM, "rows .a-z, 2 per cell");
    }
    int rx = x + hw, rw = w - hw;
    int seen = lm->bigram ? bigram_seen(lm->bigram) : 0;
    int total = lm->bigram ? bigram_total(lm->bigram) : 0;
    double tr = lm->nh ? lm->htrain[lm->nh - 1] : NAN, te = lm->nh ? lm->htest[lm->nh - 1] : NAN;
    ui_printf(c, rx + 1, y, rw - 2, ST_NORMAL, "names %d/%d  NLL train %.4f test %.4f", seen,
              total, tr, te);
    int ch = (h - 1) / 2 + 2;
    draw_curve(lm, c, rx, y + 1, rw, ch, "NLL (train 1, test 2) vs names");
    draw_samples(c, rx, y + 1 + ch, rw, h - 1 - ch, lm->bsamples);
}

/* The gradient norm per time step as a column of eighth blocks. */
static void draw_tnorms(const RnnSnap *s, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "||dL/dh_t|| by t", false);
    float top = 0;
    for (int t = 0; t < s->T; t++)
        top = s->tnorm[t] > top ? s->tnorm[t] : top;
    static const char *const U[] = { " ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
    static const char *const A[] = { " ", ".", ".", ":", ":", "|", "|", "#", "#" };
    for (int t = 0; t < s->T && t < w - 4; t++) {
        int lvl = top > 0 ? (int)lround(s->tnorm[t] / top * 8) : 0;
        ui_text(c, x + 2 + t, y + 1, 1, ST_NORMAL, c->ascii ? A[lvl] : U[lvl]);
    }
    if (s->T > 0)
        ui_printf(c, x + 2, y + 2, w - 4, ST_DIM, "t=0 %.2g .. max %.2g", s->tnorm[0], top);
    ui_printf(c, x + 2, y + 3, w - 4, ST_DIM, "total norm %.3g", s->grad_norm);
}

static void draw_rnn(const LmScreen *lm, Canvas *c, int x, int y, int w, int h)
{
    const RnnSnap *s = &lm->snap;
    char head[160];
    snprintf(head, sizeof head, "mini-batches %d  loss %.4f  test NLL %.4f%s", s->steps, s->train,
             s->test, job_state(&lm->job) == JOB_RUNNING ? "  training…" : "");
    ui_text(c, x + 1, y, w - 2, ST_NORMAL, head);
    int bottom = 9, sw = 24;
    draw_curve(lm, c, x, y + 1, w - sw, h - 1 - bottom, "loss (train 1, test 2)");
    draw_samples(c, x + w - sw, y + 1, sw, h - 1 - bottom, s->samples);
    int by = y + h - bottom, hw = LM_HIDDEN + 6;
    ui_box(c, x, by, hw, bottom, "hidden state reading emma", false);
    int n = (int)strlen(PROBE);
    if (s->steps > 0) {
        canvas_heatmap(c, x + 3, by + 1, s->hidden, n + 1, LM_HIDDEN, -1, 1);
        for (int i = 0; i <= n; i++)
            canvas_text(c, x + 1, by + 1 + i, i ? (char[]){ PROBE[i - 1], 0 } : ".", 11);
    }
    ui_text(c, x + 2, by + bottom - 2, hw - 4, ST_DIM, "units 0..47, shade = tanh -1..1");
    draw_tnorms(s, c, x + hw, by, w - hw, bottom);
}

static void lm_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const LmScreen *lm = (const LmScreen *)s;
    (void)app;
    if (lm->error[0]) {
        ui_text(c, x + 2, y + 1, w - 4, ST_ERROR, lm->error);
        return;
    }
    if (lm->rnn)
        draw_rnn(lm, c, x, y, w, h);
    else
        draw_bigram(lm, c, x, y, w, h);
}

/* ---- keys ------------------------------------------------------------------------- */

static bool key_step(Screen *s, App *app, int key)
{
    LmScreen *lm = lm_of(s);
    (void)key;
    if (lm->rnn)
        rnn_start_chunk(lm, app);
    else if (lm->bdone)
        app_message(app, "every training name is counted (r: again)");
    else
        bigram_step_once(lm);
    return true;
}

static bool key_animate(Screen *s, App *app, int key)
{
    LmScreen *lm = lm_of(s);
    (void)key;
    lm->running = !lm->running;
    if (lm->running && lm->rnn)
        rnn_start_chunk(lm, app);
    return true;
}

static bool key_model(Screen *s, App *app, int key)
{
    LmScreen *lm = lm_of(s);
    (void)app, (void)key;
    lm->rnn = !lm->rnn;
    lm_restart(lm);
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    lm_restart(lm_of(s));
    return true;
}

static bool key_resample(Screen *s, App *app, int key)
{
    LmScreen *lm = lm_of(s);
    (void)key;
    if (!lm->rnn) {
        if (lm->bigram)
            bigram_refresh(lm);
    } else if (job_state(&lm->job) != JOB_RUNNING && lm->model) {
        rnn_fill_snap(lm, &lm->snap);
    } else {
        app_message(app, "training: the names come after this step");
    }
    return true;
}

static const Binding LM_ROWS[] = {
    { .keys = { ' ' }, .name = "Space", .label = "step", .fn = key_step,
      .help = "bigram: count 1,000 more names; rnn: 100 mini-batches (in the background)" },
    { .keys = { 'a' }, .name = "a", .label = "animate", .fn = key_animate,
      .help = "step again and again (a again: stop)" },
    { .keys = { 'm' }, .name = "m", .label = "model", .fn = key_model,
      .help = "switch between the bigram model and the RNN (starts afresh)" },
    { .keys = { 's' }, .name = "s", .label = "sample", .fn = key_resample,
      .help = "sample new names from the model as it is" },
    { .keys = { 'r' }, .name = "r", .label = "reset", .fn = key_reset,
      .help = "start the model again from nothing" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .help = NULL },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};

static const Bindings LM_KEYS = BINDINGS("Language models", LM_ROWS, NULL, false);

static const Bindings *lm_bindings(const Screen *s)
{
    (void)s;
    return &LM_KEYS;
}

static bool lm_busy(const Screen *s)
{
    const LmScreen *lm = (const LmScreen *)s;
    return lm->running || job_state(&lm->job) == JOB_RUNNING;
}

static void lm_shutdown(Screen *s)
{
    LmScreen *lm = lm_of(s);
    lm->running = false;
    job_cancel_and_wait(&lm->job);
}

static void lm_destroy(Screen *s)
{
    LmScreen *lm = lm_of(s);
    free_models(lm);
    job_destroy(&lm->job);
    if (lm->loaded) {
        corpus_split_free(&lm->split);
        corpus_free(&lm->corpus);
    }
    free(lm);
}

static const ScreenClass LM_CLASS = {
    .name = "Language models",
    .tick = lm_tick,
    .draw = lm_draw,
    .bindings = lm_bindings,
    .busy = lm_busy,
    .shutdown = lm_shutdown,
    .destroy = lm_destroy,
};

Screen *lm_screen_new(void)
{
    LmScreen *lm = calloc(1, sizeof *lm);
    if (!lm)
        return NULL;
    lm->base.cls = &LM_CLASS;
    job_init(&lm->job);
    return &lm->base;
}

void lm_screen_open(App *app, bool rnn)
{
    LmScreen *lm = lm_of(app->screens[SCREEN_LM]);
    if (!lm->loaded || lm->rnn != rnn) {
        lm->rnn = rnn;
        lm_restart(lm);
    }
    app_push(app, &lm->base);
}
