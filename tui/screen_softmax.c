/* tui/screen_softmax.c - the softmax lesson: logits (editable), the
 * probabilities as bars that move as the temperature changes (+/-), the
 * cross-entropy and its gradient for a chosen target, a gradient step on the
 * logits (Space), and the naive-vs-stable lesson (o: logits 1000, 1001, where
 * the naive exp overflows to inf and inf/inf gives nan).
 *
 * The screen object (SoftmaxScreen) keeps the logits and the numbers made
 * from them (recomputed by the key handlers through algorithms/softmax.h);
 * the draw only draws. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "softmax.h"
#include "tui_app.h"
#include "tui_export.h"
#include "tui_ui.h"

#define SM_MAX 8

typedef struct SoftmaxScreen {
    Screen base;
    double z[SM_MAX];       /* the logits */
    int n;
    double T;               /* temperature > 0 */
    int target;             /* the class of the cross-entropy */
    int sel;                /* the logit being edited */
    bool overflow;          /* the lesson: logits 1000, 1001 */
    double saved[SM_MAX];   /* the logits and temperature before the lesson */
    int saved_n;
    double saved_T;
    int steps;              /* gradient steps taken */
    /* Made from the logits (recompute). */
    double p[SM_MAX], naive[SM_MAX], grad[SM_MAX];
    double loss, prev_loss, entropy, lse;
} SoftmaxScreen;

static SoftmaxScreen *sm_of(Screen *s)
{
    return (SoftmaxScreen *)s;
}

static void recompute(SoftmaxScreen *sm)
{
    softmax_stable(sm->z, sm->n, sm->T, sm->p);
    softmax_naive(sm->z, sm->n, sm->T, sm->naive);
    sm->loss = softmax_cross_entropy(sm->z, sm->n, sm->T, sm->target, sm->grad);
    sm->entropy = softmax_entropy(sm->z, sm->n, sm->T);
    sm->lse = logsumexp(sm->z, sm->n, sm->T);
}

static void sm_reset(SoftmaxScreen *sm)
{
    static const double def[] = { 2.0, 1.0, 0.1 };
    memcpy(sm->z, def, sizeof def);
    sm->n = 3;
    sm->T = 1.0;
    sm->target = 0;
    sm->sel = 0;
    sm->overflow = false;
    sm->steps = 0;
    sm->prev_loss = NAN;
    recompute(sm);
}

/* ---- drawing ------------------------------------------------------------------ */

/* A bar of w cells for t in [0, 1] (eighths in Unicode, '#' in ASCII). */
static void draw_bar(Canvas *c, int x, int y, int w, double t, Style st)
{
    if (!(t > 0))
        return;
    if (t > 1)
        t = 1;
    int eighths = (int)lround(t * w * 8);
    char buf[512];
    size_t used = 0;
    for (int i = 0; i < eighths / 8 && used + 4 < sizeof buf; i++)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s", c->ascii ? "#" : "█");
    static const char *const part[] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
    if (!c->ascii && eighths % 8 && used + 4 < sizeof buf)
        used += (size_t)snprintf(buf + used, sizeof buf - used, "%s", part[eighths % 8]);
    buf[used] = '\0';
    ui_text(c, x, y, w, st, buf);
}

static void draw_logits(const SoftmaxScreen *sm, Canvas *c, int x, int y, int w, int h)
{
    char title[96];
    snprintf(title, sizeof title, "Logits → softmax at T = %.3g", sm->T);
    ui_box(c, x, y, w, h, title, true);
    ui_text(c, x + 2, y + 1, w - 4, ST_HEADING,
            "  k   logit z     p = softmax(z/T)                          dL/dz");
    int bar_w = w - 40 > 8 ? w - 40 : 8;
    for (int i = 0; i < sm->n && i + 2 < h - 1; i++) {
        int row = y + 2 + i;
        bool sel = i == sm->sel;
        ui_printf(c, x + 2, row, 18, sel ? ST_SELECTED : ST_NORMAL, "%s%d %11.4g ",
                  i == sm->target ? "*" : " ", i, sm->z[i]);
        ui_printf(c, x + 20, row, 7, ST_NORMAL, "%6.4f", sm->p[i]);
        draw_bar(c, x + 27, row, bar_w, sm->p[i], i == sm->target ? ST_HIGHLIGHT : ST_GOOD);
        ui_printf(c, x + 28 + bar_w, row, 10, ST_NORMAL, "%+8.4f", sm->grad[i]);
    }
}

static void draw_loss(const SoftmaxScreen *sm, Canvas *c, int x, int y, int w, int h)
{
    char title[64];
    snprintf(title, sizeof title, "Cross-entropy for target %d (*)", sm->target);
    ui_box(c, x, y, w, h, title, false);
    ui_printf(c, x + 2, y + 1, w - 4, ST_NORMAL, "L = -log p_%d = %.6g", sm->target, sm->loss);
    if (sm->steps > 0)
        ui_printf(c, x + 2, y + 2, w - 4, ST_GOOD, "gradient steps: %d (L was %.6g)", sm->steps,
                  sm->prev_loss);
    else
        ui_text(c, x + 2, y + 2, w - 4, ST_DIM, "Space: z -= dL/dz (one step)");
    ui_printf(c, x + 2, y + 3, w - 4, ST_NORMAL, "dL/dz = (p - onehot) / T");
    ui_printf(c, x + 2, y + 4, w - 4, ST_NORMAL, "entropy %.4g nats", sm->entropy);
    ui_printf(c, x + 2, y + 5, w - 4, ST_NORMAL, "logsumexp(z/T) = %.6g", sm->lse);
}

static void draw_naive(const SoftmaxScreen *sm, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, sm->overflow ? "Naive vs stable: overflow!" : "Naive vs stable", false);
    ui_text(c, x + 2, y + 1, w - 4, ST_HEADING, "k  naive exp/sum  stable (z - max)");
    bool broken = false;
    for (int i = 0; i < sm->n && i + 2 < h - 2; i++) {
        broken = broken || !isfinite(sm->naive[i]);
        ui_printf(c, x + 2, y + 2 + i, w - 4, isfinite(sm->naive[i]) ? ST_NORMAL : ST_ERROR,
                  "%d  %-14.6g %.6g", i, sm->naive[i], sm->p[i]);
    }
    ui_text(c, x + 2, y + h - 2, w - 4, broken ? ST_ERROR : ST_DIM,
            broken ? "exp(1000) = inf; inf/inf = nan" : "o: try logits 1000, 1001");
}

static void softmax_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const SoftmaxScreen *sm = (const SoftmaxScreen *)s;
    (void)app;
    int top_h = sm->n + 4 < h - 8 ? sm->n + 4 : h - 8;
    draw_logits(sm, c, x, y, w, top_h);
    int left_w = w / 2;
    draw_loss(sm, c, x, y + top_h, left_w, h - top_h);
    draw_naive(sm, c, x + left_w, y + top_h, w - left_w, h - top_h);
}

/* ---- keys ---------------------------------------------------------------------- */

static bool key_select(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    (void)app;
    sm->sel += key == TK_UP || key == 'k' ? -1 : 1;
    sm->sel = sm->sel < 0 ? 0 : sm->sel >= sm->n ? sm->n - 1 : sm->sel;
    return true;
}

static bool key_edit(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    (void)app;
    sm->z[sm->sel] += key == TK_LEFT || key == 'h' ? -0.5 : 0.5;
    recompute(sm);
    return true;
}

static bool key_temperature(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    (void)app;
    double T = key == '-' || key == '_' ? sm->T / 1.25 : sm->T * 1.25;
    if (T >= 0.01 && T <= 100)
        sm->T = T;
    recompute(sm);
    return true;
}

static bool key_target(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    (void)app, (void)key;
    sm->target = sm->sel;
    sm->steps = 0;
    recompute(sm);
    return true;
}

static bool key_step(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    (void)app, (void)key;
    sm->prev_loss = sm->loss;
    for (int i = 0; i < sm->n; i++)
        sm->z[i] -= sm->grad[i];
    sm->steps++;
    recompute(sm);
    return true;
}

static bool key_add(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    if (key == 'n' && sm->n < SM_MAX) {
        sm->z[sm->n] = 0.0;
        sm->sel = sm->n++;
    } else if (key == 'd' && sm->n > 1) {
        memmove(sm->z + sm->sel, sm->z + sm->sel + 1,
                sizeof sm->z[0] * (size_t)(sm->n - sm->sel - 1));
        sm->n--;
        sm->sel = sm->sel >= sm->n ? sm->n - 1 : sm->sel;
        sm->target = sm->target >= sm->n ? sm->n - 1 : sm->target;
    } else {
        app_message(app, key == 'n' ? "at most %d logits" : "at least one logit (%d max)", SM_MAX);
    }
    recompute(sm);
    return true;
}

static bool key_overflow(Screen *s, App *app, int key)
{
    SoftmaxScreen *sm = sm_of(s);
    (void)app, (void)key;
    if (sm->overflow) {
        memcpy(sm->z, sm->saved, sizeof sm->z);
        sm->n = sm->saved_n;
        sm->T = sm->saved_T;
    } else {
        memcpy(sm->saved, sm->z, sizeof sm->z);
        sm->saved_n = sm->n;
        sm->saved_T = sm->T;
        sm->T = 1.0; /* exp(1000) overflows; exp(1000 / T) may not for T > 1.42 */
        sm->z[0] = 1000.0;
        sm->z[1] = 1001.0;
        sm->n = 2;
    }
    sm->overflow = !sm->overflow;
    sm->steps = 0;
    sm->sel = sm->sel >= sm->n ? sm->n - 1 : sm->sel;
    sm->target = sm->target >= sm->n ? sm->n - 1 : sm->target;
    recompute(sm);
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    sm_reset(sm_of(s));
    return true;
}

static const Binding SM_ROWS[] = {
    { .keys = { TK_UP, TK_DOWN, 'k', 'j' }, .name = "↑↓", .label = "logit", .fn = key_select,
      .help = "choose a logit (j/k too)" },
    { .keys = { TK_LEFT, TK_RIGHT, 'h', 'l' }, .name = "←→", .label = "edit", .fn = key_edit,
      .help = "change the chosen logit by 0.5" },
    { .keys = { '+', '-', '=', '_' }, .name = "+/-", .label = "temperature",
      .fn = key_temperature, .help = "temperature times or divided by 1.25" },
    { .keys = { 't' }, .name = "t", .label = "target", .fn = key_target,
      .help = "make the chosen logit the target of the cross-entropy" },
    { .keys = { ' ' }, .name = "Space", .label = "step", .fn = key_step,
      .help = "one gradient step on the logits: z -= dL/dz" },
    { .keys = { 'n', 'd' }, .name = "n d", .label = "add/del", .fn = key_add,
      .help = "add a logit (0) / delete the chosen one" },
    { .keys = { 'o' }, .name = "o", .label = "overflow", .fn = key_overflow,
      .help = "the lesson: logits 1000, 1001, naive vs stable (o again: back)" },
    { .keys = { 'r' }, .name = "r", .label = "reset", .fn = key_reset,
      .help = "back to logits 2, 1, 0.1 at T = 1" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .help = NULL },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};

static const Bindings SM_KEYS = BINDINGS("Softmax", SM_ROWS, NULL, false);

static const Bindings *softmax_bindings(const Screen *s)
{
    (void)s;
    return &SM_KEYS;
}

static void softmax_destroy(Screen *s)
{
    free(s);
}

static const ScreenClass SOFTMAX_CLASS = {
    .name = "Softmax",
    .draw = softmax_draw,
    .bindings = softmax_bindings,
    .destroy = softmax_destroy,
};

Screen *softmax_screen_new(void)
{
    SoftmaxScreen *sm = calloc(1, sizeof *sm);
    if (!sm)
        return NULL;
    sm->base.cls = &SOFTMAX_CLASS;
    sm_reset(sm);
    return &sm->base;
}

void softmax_screen_open(App *app)
{
    app_push(app, app->screens[SCREEN_SOFTMAX]);
}
