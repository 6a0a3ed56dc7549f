/* view_weights.c - a linear model's weights as the run screen's panel
 * shows them (view_weights.h).
 *
 * The table: one row per class (a binary model: the weight vector wrapped
 * over rows), the bias first, as many aligned columns of features as the
 * width holds, with the features' numbers as the header.
 *
 * The pictures (image sets only, when the model's inputs are the pixels):
 * each class's weights as an image on a signed scale shared by all the
 * classes (orange blocks positive, blue braille negative, blank near 0;
 * ASCII ".+*#" and ",-=%"), and beside it the change since the previous
 * capture on its own scale.  The change is W now minus the W the previous
 * capture of the same model copied (a static record, touched only by the
 * worker thread that captures, under a mutex). */
#include "view_weights.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"

struct WeightsData {
    int k, d;            /* k x d weights */
    float *W, *b;        /* k x d, k */
    float *dW;           /* k x d change, or NULL (no earlier look) */
    int dsteps;          /* steps the change spans */
    int steps;
    int img_w, img_h;    /* the pixels' grid when d = img_w x img_h, else 0 */
};

/* ---- the change since the previous capture ------------------------------------ */

static struct {
    pthread_mutex_t lock;
    const void *model;
    int steps, n, dsteps;
    float *W, *dW;       /* the last capture's W, and its change */
} last = { PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, 0, NULL, NULL };

/* A new record: another model, or the same one reset. */
static void restart_record(const void *model, size_t n)
{
    free(last.W);
    free(last.dW);
    last.W = malloc(n * sizeof *last.W);
    last.dW = malloc(n * sizeof *last.dW);
    last.dsteps = 0;
    last.model = model;
    last.n = (int)n;
}

/* The recorded change, copied into wd (when there is one). */
static void copy_change(WeightsData *wd, size_t n)
{
    if (last.dsteps <= 0 || !last.dW || !(wd->dW = malloc(n * sizeof *wd->dW)))
        return;
    memcpy(wd->dW, last.dW, n * sizeof *wd->dW);
    wd->dsteps = last.dsteps;
}

/* Remember W (n values) of model at steps; the change to wd->dW. */
static void track_change(WeightsData *wd, const void *model, int steps, size_t n)
{
    pthread_mutex_lock(&last.lock);
    bool same = last.model == model && last.n == (int)n && last.W && last.dW &&
                steps >= last.steps;
    if (!same) {
        restart_record(model, n);
    } else if (steps > last.steps) {
        pic_delta(wd->W, last.W, n, last.dW);
        last.dsteps = steps - last.steps;
    }
    if (last.W)
        memcpy(last.W, wd->W, n * sizeof *wd->W);
    last.steps = steps;
    copy_change(wd, n);
    pthread_mutex_unlock(&last.lock);
}

/* Room for k x d weights and k biases, or NULL. */
static WeightsData *weights_alloc(int k, int d)
{
    WeightsData *wd = calloc(1, sizeof *wd);
    if (!wd)
        return NULL;
    wd->W = malloc((size_t)k * (size_t)d * sizeof *wd->W);
    wd->b = calloc((size_t)k, sizeof *wd->b);
    if (!wd->W || !wd->b) {
        weights_free(wd);
        return NULL;
    }
    wd->k = k;
    wd->d = d;
    return wd;
}

WeightsData *weights_capture(const Session *s, LinearView lv)
{
    if (!lv.W || lv.k < 1 || lv.d < 1)
        return NULL;
    WeightsData *wd = weights_alloc(lv.k, lv.d);
    size_t n = (size_t)lv.k * (size_t)lv.d;
    if (!wd)
        return NULL;
    wd->steps = s->steps;
    memcpy(wd->W, lv.W, n * sizeof *wd->W);
    if (lv.b)
        memcpy(wd->b, lv.b, (size_t)lv.k * sizeof *wd->b);
    const Dataset *t = s->train;
    if (t && t->image_w > 0 && t->image_w * t->image_h == lv.d) {
        wd->img_w = t->image_w;
        wd->img_h = t->image_h;
    }
    track_change(wd, s->model, s->steps, n);
    return wd;
}

void weights_free(WeightsData *w)
{
    if (!w)
        return;
    free(w->W);
    free(w->b);
    free(w->dW);
    free(w);
}

/* ---- the signed pictures --------------------------------------------------------- */

#define PIC_MAX_W 14 /* image pixels across after shrinking (MNIST 28 -> 14) */
#define PIC_SX 2     /* cells per pixel across: square-looking pixels (1 when narrow) */

/* The glyph of t in [-1, 1]: blank near 0, four levels of each sign. */
static uint32_t signed_glyph(const Canvas *c, double t)
{
    static const uint32_t POS[] = { 0x2591, 0x2592, 0x2593, 0x2588 }; /* ░▒▓█ */
    static const uint32_t NEG[] = { 0x2802, 0x2812, 0x2836, 0x28FF }; /* braille */
    static const char POS_A[] = ".+*#", NEG_A[] = ",-=%";
    double m = fabs(t);
    if (!(m >= 0.125))
        return ' ';
    int level = m >= 0.875 ? 3 : m >= 0.625 ? 2 : m >= 0.375 ? 1 : 0;
    if (c->ascii)
        return (uint32_t)(t > 0 ? POS_A[level] : NEG_A[level]);
    return t > 0 ? POS[level] : NEG[level];
}

static void signed_cell(Canvas *c, int cx, int cy, double t)
{
    CanvasCell *cell = canvas_cell(c, cx, cy);
    if (!cell)
        return;
    cell->ch = signed_glyph(c, t);
    cell->fg = t > 0 ? 2 : 1; /* series colours: orange positive, blue negative */
    cell->bg = 0;
    cell->attr = CANVAS_ATTR_SOLID;
}

/* One image (values v, iw x ih after shrinking) on the scale +-scale, sx
 * cells per pixel across. */
static void signed_image(Canvas *c, int x, int y, const float *v, int iw, int ih, float scale,
                         int sx)
{
    for (int r = 0; r < ih; r++)
        for (int q = 0; q < iw; q++) {
            double t = scale > 0 ? v[r * iw + q] / scale : 0.0;
            for (int s = 0; s < sx; s++)
                signed_cell(c, x + q * sx + s, y + r, t);
        }
}

/* The shrink factor that keeps an image at most PIC_MAX_W pixels across. */
static int shrink_of(const WeightsData *w)
{
    return (w->img_w + PIC_MAX_W - 1) / PIC_MAX_W;
}

/* The legend: the ramp from -scale to +scale in the glyphs used. */
static void draw_ramp(Canvas *c, int x, int y, int width, const char *what, float scale)
{
    char lo[32], hi[32];
    ui_fmt(lo, sizeof lo, -scale);
    ui_fmt(hi, sizeof hi, scale);
    int cx = x + ui_printf(c, x, y, width, ST_DIM, "%s %s ", what, lo);
    for (int i = -4; i <= 4 && cx < x + width; i++)
        signed_cell(c, cx++, y, i / 4.0);
    ui_printf(c, cx, y, x + width - cx, ST_DIM, " %s", hi);
}

/* The scales of W and of its change, and the cells per pixel across. */
typedef struct PicScale {
    float w, dw;
    int sx;
} PicScale;

/* Class o's block: its name, W beside dW (shrunk into img). */
static void draw_class_pictures(const WeightsData *w, Canvas *c, int x, int y, int o,
                                const PicScale *ps, float *img)
{
    int f = shrink_of(w), iw, ih;
    size_t d = (size_t)w->d;
    ui_printf(c, x, y, ps->sx * PIC_MAX_W, ST_HEADING, "class %d", o);
    if (pic_downsample(w->W + o * d, w->img_w, w->img_h, f, img, &iw, &ih, NULL) < 0)
        return;
    signed_image(c, x, y + 1, img, iw, ih, ps->w, ps->sx);
    if (w->dW && pic_downsample(w->dW + o * d, w->img_w, w->img_h, f, img, &iw, &ih, NULL) == 0)
        signed_image(c, x + iw * ps->sx + 1, y + 1, img, iw, ih, ps->dw, ps->sx);
}

/* Two cells per pixel across, or one when that fits twice the blocks. */
static int cells_per_pixel(int iw, int width)
{
    int two = width / (2 * iw * 2 + 3), one = width / (2 * iw + 3);
    return two < 2 && one >= 2 ? 1 : PIC_SX;
}

/* The heading and the legends of the scales; returns the next row. */
static int pictures_heading(const WeightsData *w, Canvas *c, int x, int row, int width,
                            const PicScale *ps)
{
    char head[160];
    if (w->dW)
        snprintf(head, sizeof head,
                 "each class: W now (left) and its change over the last %d step%s (right)",
                 w->dsteps, w->dsteps == 1 ? "" : "s");
    else
        snprintf(head, sizeof head, "each class: W now (its change appears after a step)");
    row += ui_text_wrapped(c, x, row, width, 2, ST_HEADING, head);
    draw_ramp(c, x, row++, width, "W:", ps->w);
    if (w->dW)
        draw_ramp(c, x, row++, width, "change:", ps->dw);
    return row;
}

/* The pictures of every class, as many blocks across as fit. */
static int draw_pictures(const WeightsData *w, Canvas *c, int x, int row, int width, int bottom)
{
    size_t n = (size_t)w->k * (size_t)w->d;
    int f = shrink_of(w), iw = (w->img_w + f - 1) / f, ih = (w->img_h + f - 1) / f;
    PicScale ps = { pic_abs_max(w->W, n), w->dW ? pic_abs_max(w->dW, n) : 0,
                    cells_per_pixel(iw, width) };
    int block_w = 2 * iw * ps.sx + 3, block_h = ih + 2;
    int across = width / block_w > 0 ? width / block_w : 1;
    float *img = malloc((size_t)iw * (size_t)ih * sizeof *img);
    if (!img)
        return row;
    row = pictures_heading(w, c, x, row, width, &ps);
    for (int o = 0; o < w->k && row < bottom; o++)
        draw_class_pictures(w, c, x + (o % across) * block_w, row + (o / across) * block_h, o,
                            &ps, img);
    free(img);
    return row + (w->k + across - 1) / across * block_h;
}

/* ---- the table --------------------------------------------------------------------- */

#define COL_W 10  /* " %9s": ui_fmt writes at most 9 ("-7.61e-05") */
#define NAME_W 9

static void value_cell(Canvas *c, int x, int y, float v)
{
    char num[32];
    ui_fmt(num, sizeof num, v);
    ui_printf(c, x, y, COL_W, ST_NORMAL, " %9s", num);
}

/* Binary: the weights wrapped `per` to a row under a header of feature
 * numbers; returns the next row. */
static int draw_vector_table(const WeightsData *w, Canvas *c, int x, int row, int per, int bottom)
{
    ui_printf(c, x, row, NAME_W, ST_HEADING, "%-*s", NAME_W, "bias b");
    value_cell(c, x + NAME_W, row++, w->b[0]);
    for (int i0 = 0; i0 < w->d && row < bottom; i0 += per) {
        ui_printf(c, x, row, NAME_W, ST_DIM, "w[%d..]", i0);
        for (int j = 0; j < per && i0 + j < w->d; j++)
            value_cell(c, x + NAME_W + j * COL_W, row, w->W[i0 + j]);
        row++;
    }
    return row;
}

/* Classes: one row each, "b" then the first `per` features. */
static int draw_class_table(const WeightsData *w, Canvas *c, int x, int row, int per, int bottom)
{
    int shown = per < w->d ? per : w->d;
    ui_printf(c, x, row, NAME_W + COL_W, ST_HEADING, "%-*s %9s", NAME_W, "class", "b");
    for (int j = 0; j < shown; j++) {
        char h[16];
        snprintf(h, sizeof h, "w%d", j);
        ui_printf(c, x + NAME_W + (j + 1) * COL_W, row, COL_W, ST_HEADING, " %9s", h);
    }
    row++;
    for (int o = 0; o < w->k && row < bottom; o++, row++) {
        ui_printf(c, x, row, NAME_W, ST_DIM, "%d", o);
        value_cell(c, x + NAME_W, row, w->b[o]);
        for (int j = 0; j < shown; j++)
            value_cell(c, x + NAME_W + (j + 1) * COL_W, row, w->W[(size_t)o * w->d + j]);
    }
    return row;
}

static int draw_table(const WeightsData *w, Canvas *c, int x, int row, int width, int bottom)
{
    int per = (width - NAME_W) / COL_W - (w->k > 1);
    if (per < 1)
        per = 1;
    if (w->k == 1) {
        ui_printf(c, x, row++, width, ST_HEADING, "weights w (%d, one per feature) and bias b",
                  w->d);
        return draw_vector_table(w, c, x, row, per, bottom);
    }
    char head[160];
    if (w->d > per)
        snprintf(head, sizeof head, "weights: %d classes x %d features (w0-w%d shown%s)", w->k,
                 w->d, per - 1, w->img_w ? "; the pictures show them all" : "");
    else
        snprintf(head, sizeof head, "weights: %d classes x %d features", w->k, w->d);
    row += ui_text_wrapped(c, x, row, width, 2, ST_HEADING, head);
    return draw_class_table(w, c, x, row, per, bottom);
}

int weights_draw(const WeightsData *w, Canvas *c, int x, int row, int width, int bottom)
{
    if (!w)
        return row;
    if (w->img_w > 0 && row < bottom) {
        row = draw_pictures(w, c, x, row, width, bottom) + 1;
    }
    if (row < bottom)
        row = draw_table(w, c, x, row, width, bottom);
    return row;
}
