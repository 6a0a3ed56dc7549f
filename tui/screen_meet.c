/* tui/screen_meet.c - the meeting point: a small seeded set of people on a
 * plane (a crowd on one side, a few far away, so the centroid and the
 * median differ), the geometric median found by Weiszfeld's iteration one
 * step at a time (algorithms/meeting.h): the iterate's path from the
 * centroid, the total distance falling (a small curve), and for comparison
 * the Manhattan median (the coordinate-wise median and its optimal box),
 * whose metric `m` switches to.
 *
 * The screen object (MeetScreen) owns the points and the Weiszfeld run;
 * steps are instant, so they run in the key handler or the tick when
 * animating; the draw only draws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meeting.h"
#include "rng.h"
#include "tui_app.h"
#include "tui_export.h"
#include "tui_ui.h"

#define MEET_N 15

typedef struct MeetScreen {
    Screen base;
    double pts[MEET_N * 2];
    uint64_t seed;
    Weiszfeld *w;
    bool done;
    MeetMetric metric;     /* the one the panel compares in */
    double med[2], lo[2], hi[2]; /* the Manhattan median and its box */
    bool running;
    double next_at;
    char error[512];
} MeetScreen;

static MeetScreen *ms_of(Screen *s)
{
    return (MeetScreen *)s;
}

/* Ten people in a crowd near (2, 2), five spread towards (8, 8). */
static void make_points(MeetScreen *ms)
{
    Rng r;
    rng_seed(&r, ms->seed);
    for (int i = 0; i < MEET_N; i++) {
        bool crowd = i < 10;
        double cx = crowd ? 2 : 4 + 5 * rng_uniform(&r), cy = crowd ? 2 : 4 + 5 * rng_uniform(&r);
        double spread = crowd ? 1.2 : 0.8;
        ms->pts[2 * i] = cx + spread * rng_normal(&r);
        ms->pts[2 * i + 1] = cy + spread * rng_normal(&r);
    }
}

static void restart(MeetScreen *ms)
{
    MeetOptions opt = MEET_OPTIONS_DEFAULT;
    Error err = { 0 };
    weiszfeld_free(ms->w);
    ms->error[0] = '\0';
    ms->done = ms->running = false;
    ms->w = weiszfeld_create(ms->pts, MEET_N, 2, &opt, &err);
    if (!ms->w || meet_manhattan(ms->pts, MEET_N, 2, ms->med, ms->lo, ms->hi, &err) < 0)
        snprintf(ms->error, sizeof ms->error, "%s", err.msg);
}

static void step(MeetScreen *ms)
{
    if (!ms->w || ms->done)
        return;
    ms->done = weiszfeld_step(ms->w, NULL) != STEP_MORE;
    if (ms->done)
        ms->running = false;
}

static void meet_tick(Screen *s, App *app)
{
    MeetScreen *ms = ms_of(s);
    (void)app;
    double now = app_now();
    if (ms->running && now >= ms->next_at) {
        step(ms);
        ms->next_at = now + 0.3;
    }
}

/* ---- drawing ------------------------------------------------------------------ */

static void draw_plane(const MeetScreen *ms, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "people o, Weiszfeld path *, L1 median +", true);
    PlotArea a = { x + 9, y + 1, w - 11, h - 3, 0, 10, 0, 10 };
    for (int i = 0; i < MEET_N; i++) {
        double px = ms->pts[2 * i], py = ms->pts[2 * i + 1];
        a.xmin = fmin(a.xmin, px - 0.5), a.xmax = fmax(a.xmax, px + 0.5);
        a.ymin = fmin(a.ymin, py - 0.5), a.ymax = fmax(a.ymax, py + 0.5);
    }
    canvas_axes(c, &a);
    if (ms->metric == MEET_MANHATTAN) {
        canvas_line(c, &a, ms->lo[0], ms->lo[1], ms->hi[0], ms->lo[1], CANVAS_COLOR_DIM);
        canvas_line(c, &a, ms->lo[0], ms->hi[1], ms->hi[0], ms->hi[1], CANVAS_COLOR_DIM);
        canvas_line(c, &a, ms->lo[0], ms->lo[1], ms->lo[0], ms->hi[1], CANVAS_COLOR_DIM);
        canvas_line(c, &a, ms->hi[0], ms->lo[1], ms->hi[0], ms->hi[1], CANVAS_COLOR_DIM);
    }
    int it = weiszfeld_iterations(ms->w);
    for (int t = 1; t <= it; t++) {
        const double *p0 = weiszfeld_path(ms->w, t - 1), *p1 = weiszfeld_path(ms->w, t);
        canvas_line(c, &a, p0[0], p0[1], p1[0], p1[1], CANVAS_COLOR_HIGHLIGHT);
    }
    for (int i = 0; i < MEET_N; i++)
        canvas_marker(c, &a, ms->pts[2 * i], ms->pts[2 * i + 1], 'o', 1);
    canvas_marker(c, &a, ms->med[0], ms->med[1], '+', CANVAS_COLOR_GOOD);
    const double *p = weiszfeld_point(ms->w);
    canvas_marker(c, &a, p[0], p[1], '*', CANVAS_COLOR_HIGHLIGHT);
}

static void draw_cost(const MeetScreen *ms, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "total distance by iteration", false);
    int it = weiszfeld_iterations(ms->w);
    double xs[64], ys[64];
    int n = 0, from = it >= 64 ? it - 63 : 0;
    for (int t = from; t <= it; t++, n++) {
        xs[n] = t;
        ys[n] = weiszfeld_cost_at(ms->w, t);
    }
    double lo = ys[0], hi = ys[0];
    for (int i = 0; i < n; i++)
        lo = fmin(lo, ys[i]), hi = fmax(hi, ys[i]);
    canvas_pad_range(&lo, &hi, 0, INFINITY); /* a distance: never below 0 */
    PlotArea a = { x + 9, y + 1, w - 11, h - 3, xs[0], n > 1 ? xs[n - 1] : xs[0] + 1, lo, hi };
    canvas_axes_whole_x(c, &a); /* iterations */
    canvas_polyline(c, &a, xs, ys, n, CANVAS_COLOR_HIGHLIGHT);
}

static void draw_panel(const MeetScreen *ms, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Weiszfeld", false);
    const double *p = weiszfeld_point(ms->w);
    MeetMetric m = ms->metric;
    int r = y + 1;
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "iteration %d%s", weiszfeld_iterations(ms->w),
              ms->done ? (weiszfeld_converged(ms->w) ? "  converged" : "  stopped") : "");
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "point (%.4f, %.4f)", p[0], p[1]);
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "cost %.6f", weiszfeld_cost(ms->w));
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "last move %.3g", weiszfeld_last_move(ms->w));
    r++;
    ui_printf(c, x + 2, r++, w - 4, ST_HEADING, "compared in the %s metric", meet_metric_name(m));
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "*  %.4f",
              meet_total_distance(ms->pts, MEET_N, 2, p, m));
    ui_printf(c, x + 2, r++, w - 4, ST_NORMAL, "+  %.4f  (%.2f, %.2f)",
              meet_total_distance(ms->pts, MEET_N, 2, ms->med, m), ms->med[0], ms->med[1]);
    ui_text(c, x + 2, r, w - 4, ST_DIM,
            m == MEET_MANHATTAN ? "+ minimises this one" : "* minimises it once converged");
}

static void meet_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const MeetScreen *ms = (const MeetScreen *)s;
    (void)app;
    if (!ms->w) {
        ui_text(c, x + 2, y + 1, w - 4, ST_ERROR, ms->error);
        return;
    }
    int right = 36, panel_h = 11;
    draw_plane(ms, c, x, y, w - right, h);
    draw_panel(ms, c, x + w - right, y, right, panel_h);
    draw_cost(ms, c, x + w - right, y + panel_h, right, h - panel_h);
}

/* ---- keys ---------------------------------------------------------------------- */

static bool key_step(Screen *s, App *app, int key)
{
    MeetScreen *ms = ms_of(s);
    (void)key;
    if (ms->done)
        app_message(app, "converged (r: again, n: new people)");
    step(ms);
    return true;
}

static bool key_animate(Screen *s, App *app, int key)
{
    MeetScreen *ms = ms_of(s);
    (void)app, (void)key;
    ms->running = !ms->running && !ms->done;
    ms->next_at = 0;
    return true;
}

static bool key_metric(Screen *s, App *app, int key)
{
    MeetScreen *ms = ms_of(s);
    (void)app, (void)key;
    ms->metric = ms->metric == MEET_EUCLIDEAN ? MEET_MANHATTAN : MEET_EUCLIDEAN;
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    MeetScreen *ms = ms_of(s);
    (void)app;
    if (key == 'n') {
        ms->seed++;
        make_points(ms);
    }
    restart(ms);
    return true;
}

static const Binding MEET_ROWS[] = {
    { .keys = { ' ' }, .name = "Space", .label = "step", .fn = key_step,
      .help = "one Weiszfeld iteration" },
    { .keys = { 'a' }, .name = "a", .label = "animate", .fn = key_animate,
      .help = "iterate about three times a second (a again: stop)" },
    { .keys = { 'm' }, .name = "m", .label = "metric", .fn = key_metric,
      .help = "compare the two points in the Euclidean or the Manhattan metric" },
    { .keys = { 'r', 'n' }, .name = "r n", .label = "reset/new", .fn = key_reset,
      .help = "start again from the centroid / with new people (next seed)" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .help = NULL },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};

static const Bindings MEET_KEYS = BINDINGS("Meeting point", MEET_ROWS, NULL, false);

static const Bindings *meet_bindings(const Screen *s)
{
    (void)s;
    return &MEET_KEYS;
}

static bool meet_busy(const Screen *s)
{
    return ((const MeetScreen *)s)->running;
}

static void meet_destroy(Screen *s)
{
    weiszfeld_free(ms_of(s)->w);
    free(s);
}

static const ScreenClass MEET_CLASS = {
    .name = "Meeting point",
    .tick = meet_tick,
    .draw = meet_draw,
    .bindings = meet_bindings,
    .busy = meet_busy,
    .destroy = meet_destroy,
};

Screen *meet_screen_new(void)
{
    MeetScreen *ms = calloc(1, sizeof *ms);
    if (!ms)
        return NULL;
    ms->base.cls = &MEET_CLASS;
    ms->seed = 42;
    ms->metric = MEET_EUCLIDEAN;
    make_points(ms);
    return &ms->base;
}

void meet_screen_open(App *app)
{
    MeetScreen *ms = ms_of(app->screens[SCREEN_MEET]);
    if (!ms->w)
        restart(ms);
    app_push(app, &ms->base);
}
