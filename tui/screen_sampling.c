/* tui/screen_sampling.c - the sampling lesson: choose a sampler (uniform,
 * stratified, reservoir, multinomial, alias, rand10, randint), and each step
 * draws a batch of trials (algorithms/sampling.h, SampleRun); the histogram
 * of counts converges on the expected counts, and Pearson's chi-square,
 * its degrees of freedom and p-value say whether the sampler is right.  `b`
 * switches to the deliberately biased version (reservoir off by one, rand10
 * by modulo) so the test can be seen catching it.
 *
 * The screen object (SamplingScreen) owns the SampleRun; steps are quick
 * (a batch of at most 100,000 draws), so they run in the key handler or in
 * the tick when animating; the draw only draws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sampling.h"
#include "tui_app.h"
#include "tui_export.h"
#include "tui_ui.h"

#define N_METHODS 7

typedef struct SamplingScreen {
    Screen base;
    int method;          /* SampleMethod */
    bool biased;
    long batch;          /* trials per step */
    uint64_t seed;
    SampleRun *run;
    int steps;
    bool running;
    double next_at;
    char error[512];
} SamplingScreen;

static SamplingScreen *sa_of(Screen *s)
{
    return (SamplingScreen *)s;
}

/* The fixed inputs of each method (the CLI's defaults, and small examples). */
static const int LABELS[] = { 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2 };
static const double WEIGHTS[] = { 1, 2, 3, 4 };

static bool has_biased(int method)
{
    return method == SAMPLE_RESERVOIR || method == SAMPLE_RAND10;
}

static SampleSpec spec_for(const SamplingScreen *sa)
{
    SampleSpec spec = { .method = (SampleMethod)sa->method, .n = 10, .k = 3,
                        .lo = 1, .hi = 6, .biased = sa->biased && has_biased(sa->method) };
    if (sa->method == SAMPLE_STRATIFIED) {
        spec.labels = LABELS;
        spec.n = (int)(sizeof LABELS / sizeof LABELS[0]);
        spec.n_classes = 3;
        spec.k = 6;
    } else if (sa->method == SAMPLE_MULTINOMIAL || sa->method == SAMPLE_ALIAS) {
        spec.weights = WEIGHTS;
        spec.k = (int)(sizeof WEIGHTS / sizeof WEIGHTS[0]);
    }
    return spec;
}

/* A new empty run for the chosen method. */
static void restart(SamplingScreen *sa)
{
    sample_run_free(sa->run);
    sa->steps = 0;
    sa->error[0] = '\0';
    SampleSpec spec = spec_for(sa);
    Error err = { 0 };
    sa->run = sample_run_create(&spec, sa->seed, &err);
    if (!sa->run)
        snprintf(sa->error, sizeof sa->error, "%s", err.msg);
}

static void step(SamplingScreen *sa)
{
    Error err = { 0 };
    if (!sa->run)
        return;
    if (sample_run_step(sa->run, sa->batch, NULL, &err) < 0) {
        snprintf(sa->error, sizeof sa->error, "%s", err.msg);
        sa->running = false;
        return;
    }
    sa->steps++;
}

static void sampling_tick(Screen *s, App *app)
{
    SamplingScreen *sa = sa_of(s);
    (void)app;
    double now = app_now();
    if (sa->running && now >= sa->next_at) {
        step(sa);
        sa->next_at = now + 0.25;
    }
}

/* ---- drawing ------------------------------------------------------------------ */

/* One bin: value, count, expected, a bar of the count and a mark at the
 * expected count. */
static void draw_bin(const SamplingScreen *sa, Canvas *c, int x, int y, int w, int i, double top)
{
    long count = sample_run_counts(sa->run)[i];
    double expect = sample_run_expected(sa->run)[i];
    ui_printf(c, x, y, 28, ST_NORMAL, "%5lld %9ld %11.1f ",
              (long long)sample_run_bin_value(sa->run, i), count, expect);
    int bar_w = w - 28;
    if (bar_w < 4 || top <= 0)
        return;
    int len = (int)lround((double)count / top * bar_w);
    int mark = (int)lround(expect / top * bar_w);
    for (int k = 0; k < len && k < bar_w; k++)
        canvas_text(c, x + 28 + k, y, c->ascii ? "#" : "█", CANVAS_COLOR_SERIES_COUNT - 6);
    if (mark >= 0 && mark < bar_w)
        canvas_text(c, x + 28 + mark, y, "|", CANVAS_COLOR_HIGHLIGHT);
}

static void draw_histogram(const SamplingScreen *sa, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Counts (bars) against expected counts (|)", true);
    ui_text(c, x + 2, y + 1, w - 4, ST_HEADING, "value     count    expected");
    int bins = sample_run_bins(sa->run);
    double top = 1;
    for (int i = 0; i < bins; i++) {
        double e = sample_run_expected(sa->run)[i], k = (double)sample_run_counts(sa->run)[i];
        top = fmax(top, fmax(e, k));
    }
    int rows = h - 3;
    for (int i = 0; i < bins && i < rows; i++)
        draw_bin(sa, c, x + 2, y + 2 + i, w - 4, i, top * 1.05);
    if (bins > rows)
        ui_printf(c, x + 2, y + h - 2, w - 4, ST_DIM, "(%d more bins)", bins - rows);
}

static void draw_stats(const SamplingScreen *sa, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Chi-square test", false);
    double p = sample_run_p_value(sa->run), calls = sample_run_mean_calls(sa->run);
    int r = y + 1;
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "method  %s%s", sample_method_name(sa->method),
              sa->biased && has_biased(sa->method) ? " (BIASED)" : "");
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "trials  %ld (%d steps)", sample_run_trials(sa->run),
              sa->steps);
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "batch   %ld per step", sa->batch);
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "chi2    %.4g", sample_run_chi2(sa->run));
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "df      %d", sample_run_df(sa->run));
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "p-value %.4g", p);
    if (isfinite(calls))
        ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "mean %s %.4f",
                  sa->method == SAMPLE_RAND10 ? "rand7 calls" : "words", calls);
    r++;
    if (sample_run_trials(sa->run) == 0)
        ui_text(c, x + 2, r, w - 4, ST_DIM, "Space: draw a batch");
    else if (p < 0.001)
        ui_text(c, x + 2, r, w - 4, ST_ERROR, "p < 0.001: the sampler is off");
    else
        ui_text(c, x + 2, r, w - 4, ST_GOOD, "consistent with the expected");
    if (!has_biased(sa->method))
        ui_text(c, x + 2, y + h - 2, w - 4, ST_DIM, "b: reservoir, rand10 only");
}

static void sampling_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const SamplingScreen *sa = (const SamplingScreen *)s;
    (void)app;
    if (!sa->run) {
        ui_text(c, x + 2, y + 1, w - 4, ST_ERROR, sa->error[0] ? sa->error : "no run");
        return;
    }
    int right = 34;
    draw_histogram(sa, c, x, y, w - right, h);
    draw_stats(sa, c, x + w - right, y, right, h);
}

/* ---- keys ---------------------------------------------------------------------- */

static bool key_step(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    step(sa_of(s));
    return true;
}

static bool key_animate(Screen *s, App *app, int key)
{
    SamplingScreen *sa = sa_of(s);
    (void)app, (void)key;
    sa->running = !sa->running;
    sa->next_at = 0;
    return true;
}

static bool key_method(Screen *s, App *app, int key)
{
    SamplingScreen *sa = sa_of(s);
    (void)app;
    sa->method = (sa->method + (key == TK_LEFT || key == 'h' ? N_METHODS - 1 : 1)) % N_METHODS;
    restart(sa);
    return true;
}

static bool key_biased(Screen *s, App *app, int key)
{
    SamplingScreen *sa = sa_of(s);
    (void)key;
    sa->biased = !sa->biased;
    if (!has_biased(sa->method))
        app_message(app, "%s has no biased version (reservoir and rand10 have)",
                    sample_method_name(sa->method));
    restart(sa);
    return true;
}

static bool key_batch(Screen *s, App *app, int key)
{
    SamplingScreen *sa = sa_of(s);
    (void)app;
    if ((key == '+' || key == '=') && sa->batch < 100000)
        sa->batch *= 10;
    if ((key == '-' || key == '_') && sa->batch > 10)
        sa->batch /= 10;
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    SamplingScreen *sa = sa_of(s);
    (void)app, (void)key;
    sa->running = false;
    sa->seed++;
    restart(sa);
    return true;
}

static const Binding SA_ROWS[] = {
    { .keys = { ' ' }, .name = "Space", .label = "step", .fn = key_step,
      .help = "draw one batch of trials" },
    { .keys = { 'a' }, .name = "a", .label = "animate", .fn = key_animate,
      .help = "draw a batch four times a second (a again: stop)" },
    { .keys = { TK_LEFT, TK_RIGHT, 'h', 'l' }, .name = "←→", .label = "method",
      .fn = key_method, .help = "the sampler: uniform, stratified, reservoir, multinomial, "
                               "alias, rand10, randint" },
    { .keys = { 'b' }, .name = "b", .label = "biased", .fn = key_biased,
      .help = "the deliberately biased version (reservoir off by one, rand10 by modulo)" },
    { .keys = { '+', '-', '=', '_' }, .name = "+/-", .label = "batch", .fn = key_batch,
      .help = "trials per step times or divided by 10" },
    { .keys = { 'r' }, .name = "r", .label = "reset", .fn = key_reset,
      .help = "start again (empty histogram, next seed)" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .help = NULL },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};

static const Bindings SA_KEYS = BINDINGS("Sampling", SA_ROWS, NULL, false);

static const Bindings *sampling_bindings(const Screen *s)
{
    (void)s;
    return &SA_KEYS;
}

static bool sampling_busy(const Screen *s)
{
    return ((const SamplingScreen *)s)->running;
}

static void sampling_destroy(Screen *s)
{
    sample_run_free(sa_of(s)->run);
    free(s);
}

static const ScreenClass SAMPLING_CLASS = {
    .name = "Sampling",
    .tick = sampling_tick,
    .draw = sampling_draw,
    .bindings = sampling_bindings,
    .busy = sampling_busy,
    .destroy = sampling_destroy,
};

Screen *sampling_screen_new(void)
{
    SamplingScreen *sa = calloc(1, sizeof *sa);
    if (!sa)
        return NULL;
    sa->base.cls = &SAMPLING_CLASS;
    sa->batch = 1000;
    sa->seed = 42;
    return &sa->base;
}

void sampling_screen_open(App *app)
{
    SamplingScreen *sa = sa_of(app->screens[SCREEN_SAMPLING]);
    if (!sa->run)
        restart(sa);
    app_push(app, &sa->base);
}
