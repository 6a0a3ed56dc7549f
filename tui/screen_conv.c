/* tui/screen_conv.c - the conv screen: conv is an operation rather than
 * a model, so instead of training it slides the chosen kernel over a digit
 * (Space moves it one position, r slides it at the chosen speed), with the
 * feature map and the pooled map it makes and the sum under the window.
 *
 * The screen object (ConvScreen) holds the parameter form (tui_form.c, the
 * same as the run screen's), the image set loaded in the background, the
 * window's position and the maps.  The tick loads, advances the animation
 * and recomputes the maps when a parameter or the image changed; the draw
 * only draws; the keys are one binding table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conv.h"
#include "registry.h"
#include "screen_run_internal.h"
#include "tui_export.h"
#include "tui_progress.h"

typedef struct ConvScreen {
    Screen base;
    ParamForm form;
    bool open;
    char dataset[128];    /* the app's choice when opened */
    char name[128];       /* the image set shown */
    Job load;
    bool job_inited;
    Dataset ds;
    char start_error[512];
    int query;            /* the image */
    int pos;              /* the output position the window is at */
    bool running;
    double next_at;
    int speed;
    float *pix;           /* the image shown, as floats (an image set is held as
                             bytes: mat.h), filled with the maps */
    float *out, *pooled;  /* feature map and pooled map */
    int OH, OW, PH, PW;
    char key[256];        /* params + image the maps were made for */
    char error[256];
} ConvScreen;

static ConvScreen *conv_of(Screen *s)
{
    return (ConvScreen *)s;
}

/* ---- the maps (tick) ---------------------------------------------------------------- */

static int image_index(const ConvScreen *cs)
{
    int n = cs->ds.X.rows;
    return n > 0 ? ((cs->query % n) + n) % n : 0;
}

static void free_maps(ConvScreen *cs)
{
    free(cs->out);
    free(cs->pooled);
    cs->out = cs->pooled = NULL;
}

static void make_pooled(ConvScreen *cs, const Params *p)
{
    PoolKind pk;
    const char *pool = params_str(p, "pool");
    if (strcmp(pool, "none") == 0 || pool_kind_parse(pool, &pk) < 0)
        return;
    int size = params_int(p, "pool_size");
    cs->pooled = malloc((size_t)cs->OH * (size_t)cs->OW * sizeof *cs->pooled);
    if (cs->pooled &&
        pool2d(cs->out, 1, cs->OH, cs->OW, pk, size, size, cs->pooled, &cs->PH, &cs->PW) < 0) {
        free(cs->pooled);
        cs->pooled = NULL;
    }
}

/* Image img into cs->pix as floats; false when out of memory. */
static bool load_pixels(ConvScreen *cs, int img)
{
    if (!cs->pix && !(cs->pix = malloc((size_t)cs->ds.X.cols * sizeof *cs->pix)))
        return false;
    mat_copy_rows_f32(&cs->ds.X, img, 1, cs->pix);
    return true;
}

/* The feature map (and pooled map) of the image, when the parameters or
 * the image changed since the last time. */
static void conv_compute(ConvScreen *cs)
{
    const Params *p = &cs->form.params;
    int img = image_index(cs);
    char key[256];
    snprintf(key, sizeof key, "%d %s %s %d %s %d", img, params_str(p, "kernel"),
             params_str(p, "padding"), params_int(p, "stride"), params_str(p, "pool"),
             params_int(p, "pool_size"));
    if (strcmp(key, cs->key) == 0)
        return;
    snprintf(cs->key, sizeof cs->key, "%s", key);
    free_maps(cs);
    cs->error[0] = '\0';
    int H = cs->ds.image_h, W = cs->ds.image_w, k;
    float kernel[9];
    ConvPadding pad;
    if (!load_pixels(cs, img)) {
        snprintf(cs->error, sizeof cs->error, "out of memory");
        return;
    }
    if (conv_named_kernel(params_str(p, "kernel"), kernel, &k) < 0 ||
        conv_padding_parse(params_str(p, "padding"), &pad) < 0) {
        snprintf(cs->error, sizeof cs->error, "unknown kernel or padding");
        return;
    }
    cs->out = malloc((size_t)H * (size_t)W * sizeof *cs->out);
    if (!cs->out || conv2d(cs->pix, 1, H, W, kernel, 1, k, k, NULL, pad,
                           params_int(p, "stride"), cs->out, &cs->OH, &cs->OW) < 0) {
        snprintf(cs->error, sizeof cs->error, "this kernel does not fit the image");
        free_maps(cs);
        return;
    }
    make_pooled(cs, p);
}

static void conv_tick(Screen *s, App *app)
{
    ConvScreen *cs = conv_of(s);
    (void)app;
    if (!cs->job_inited || job_state(&cs->load) != JOB_DONE || cs->ds.image_w <= 0 ||
        cs->ds.X.rows == 0 || !cs->form.ready)
        return;
    if (cs->running && app_now() >= cs->next_at) {
        cs->pos++;
        cs->next_at = app_now() + RS_SPEEDS[cs->speed];
    }
    conv_compute(cs);
}

/* ---- drawing ------------------------------------------------------------------------ */

/* Draw an image `scale` times larger (each pixel repeated scale x scale);
 * returns the cell rows used.  Small images (8x8 digits) read better so. */
static int draw_scaled(Canvas *c, int x, int y, const float *pix, int W, int H, int scale,
                       bool normalise)
{
    int SW = W * scale, SH = H * scale;
    float *big = malloc((size_t)SW * (size_t)SH * sizeof *big);
    if (!big)
        return 0;
    for (int i = 0; i < SH; i++)
        for (int j = 0; j < SW; j++)
            big[(size_t)i * SW + j] = pix[(i / scale) * W + j / scale];
    int rows = normalise ? view_image_normalised(c, x, y, big, SW, SH) : canvas_image(c, x, y, big, SW, SH);
    free(big);
    return rows;
}

/* One cell of the window: in colour its greys become the warm tint (reverse
 * video alone was invisible where both halves of a cell had the same grey);
 * without colours it is reversed, which the glyphs show. */
static void mark_cell(CanvasCell *cell, bool color)
{
    if (!color) {
        cell->attr |= CANVAS_ATTR_REVERSE;
        return;
    }
    bool grey_fg = cell->fg >= CANVAS_COLOR_GRAY && cell->fg < CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS;
    /* (--ascii images are glyphs in the default colour: light on dark tint) */
    cell->fg = theme_tint(grey_fg ? cell->fg : CANVAS_COLOR_GRAY + CANVAS_GRAY_LEVELS - 1);
    cell->bg = theme_tint(cell->bg);
    cell->attr |= CANVAS_ATTR_BOLD;
}

/* Mark the cells showing pixels [top, top+kh) x [left, left+kw) of an
 * image drawn by draw_scaled at (x, y). */
static void mark_pixels(Canvas *c, int x, int y, int top, int left, int kh, int kw, int W, int H,
                        int scale, bool color)
{
    for (int py = top; py < top + kh; py++)
        for (int px = left; px < left + kw; px++) {
            if (py < 0 || px < 0 || py >= H || px >= W)
                continue;
            for (int s = 0; s < scale; s++) {
                CanvasCell *cell = canvas_cell(c, x + px * scale + s, y + (py * scale) / 2);
                if (cell)
                    mark_cell(cell, color);
            }
        }
}

/* Where the window is: output (oy, ox) and the input pixel at its top left. */
typedef struct Window {
    int k, pos, oy, ox, top, left;
    float kernel[9];
    bool color; /* how to mark it (mark_cell) */
} Window;

static Window window_of(const ConvScreen *cs)
{
    const Params *p = &cs->form.params;
    Window win = { .k = 3 };
    conv_named_kernel(params_str(p, "kernel"), win.kernel, &win.k);
    int total = cs->out ? cs->OH * cs->OW : 0;
    win.pos = total > 0 ? cs->pos % total : 0;
    win.oy = cs->OW ? win.pos / cs->OW : 0;
    win.ox = cs->OW ? win.pos % cs->OW : 0;
    int stride = params_int(p, "stride");
    ConvPadding pad = CONV_PAD_SAME;
    conv_padding_parse(params_str(p, "padding"), &pad);
    win.top = win.oy * stride - conv_pad_before(win.k, pad);
    win.left = win.ox * stride - conv_pad_before(win.k, pad);
    return win;
}

static void draw_kernel(Canvas *c, int kx, int row, const Window *win)
{
    ui_text(c, kx, row, 20, ST_HEADING, "kernel");
    for (int i = 0; i < win->k; i++)
        for (int j = 0; j < win->k; j++) {
            char num[16];
            snprintf(num, sizeof num, "%5.2g", win->kernel[i * win->k + j]);
            ui_text(c, kx + j * 6, row + 1 + i, 6, ST_CODE, num);
        }
}

/* One row of "window x kernel": the pixels under the window, the kernel. */
static void window_line(const Window *win, const float *pix, int W, int H, int i, char *line,
                        size_t size)
{
    int len = 0;
    for (int j = 0; j < win->k; j++) {
        int py = win->top + i, px = win->left + j;
        float v = py >= 0 && py < H && px >= 0 && px < W ? pix[py * W + px] : 0.0f;
        len += snprintf(line + len, size - (size_t)len, "%5.2f ", v);
    }
    len += snprintf(line + len, size - (size_t)len, "  %s  ", i == win->k / 2 ? "x" : " ");
    for (int j = 0; j < win->k; j++)
        len += snprintf(line + len, size - (size_t)len, "%5.2g ", win->kernel[i * win->k + j]);
}

/* The numbers of this output under the maps. */
static void draw_sum(const ConvScreen *cs, Canvas *c, int x, int wy, int w, int bottom,
                     const Window *win, const float *pix)
{
    char head[160];
    snprintf(head, sizeof head, "output (%d, %d) = sum of (window x kernel) = %.4g", win->oy,
             win->ox, cs->out[win->pos]);
    if (canvas_text_width(head) > w - 2) /* 80 columns: shorter, the value never cut */
        snprintf(head, sizeof head, "out (%d, %d) = sum(window x kernel) = %.4g", win->oy, win->ox,
                 cs->out[win->pos]);
    ui_text(c, x + 1, wy++, w - 2, ST_HEADING, head);
    for (int i = 0; i < win->k && wy < bottom; i++, wy++) {
        char line[256];
        window_line(win, pix, cs->ds.image_w, cs->ds.image_h, i, line, sizeof line);
        ui_text(c, x + 1, wy, w - 2, ST_CODE, line);
    }
    if (wy + 1 < bottom)
        ui_text_wrapped(c, x + 1, wy + 1, w - 2, bottom - wy - 1, ST_DIM,
                        "Outside the image counts as 0 (padding).  Space: next position, r: slide, "
                        ", .: image.");
}

/* The feature map with the window's output marked, and the pooled map. */
static void draw_maps(const ConvScreen *cs, Canvas *c, int fx, int row, int right, int scale,
                      const Window *win)
{
    if (fx + cs->OW * scale > right) { /* never drawn over the border */
        ui_text(c, fx, row, right - fx, ST_DIM, "(the feature map needs a wider terminal)");
        return;
    }
    char head[48];
    snprintf(head, sizeof head, "feature map %dx%d", cs->OH, cs->OW);
    if (canvas_text_width(head) > right - fx) /* "feature map 8" misread as 8 */
        snprintf(head, sizeof head, "map %dx%d", cs->OH, cs->OW);
    ui_text(c, fx, row, right - fx, ST_HEADING, head);
    draw_scaled(c, fx, row + 1, cs->out, cs->OW, cs->OH, scale, true);
    mark_pixels(c, fx, row + 1, win->oy, win->ox, 1, 1, cs->OW, cs->OH, scale, win->color);
    if (!cs->pooled)
        return;
    int px0 = fx + cs->OW * scale + 3;
    if (px0 + cs->PW * scale > right)
        return;
    ui_printf(c, px0, row, right - px0, ST_HEADING, "%s-pool %dx%d",
              params_str(&cs->form.params, "pool"), cs->PH, cs->PW);
    draw_scaled(c, px0, row + 1, cs->pooled, cs->PW, cs->PH, scale, true);
}

/* Loading, failed, or not an image set: true when there is nothing else to draw. */
static bool draw_not_ready(const ConvScreen *cs, Canvas *c, int x, int y, int w)
{
    Job *load = (Job *)&cs->load; /* job_state and job_progress only read it */
    JobState s = cs->job_inited ? job_state(load) : JOB_FAILED;
    if (cs->start_error[0] || s == JOB_FAILED) {
        ui_text(c, x + 1, y + 1, w - 2, ST_ERROR, cs->start_error[0] ? cs->start_error : load->err.msg);
        return true;
    }
    if (s != JOB_DONE) {
        char prog[240];
        tui_job_text(load, prog, sizeof prog);
        ui_printf(c, x + 1, y + 1, w - 2, ST_HIGHLIGHT, "%s %s", ui_spinner(c), prog);
        return true;
    }
    if (cs->ds.image_w <= 0 || cs->ds.X.rows == 0) {
        ui_text(c, x + 1, y + 1, w - 2, ST_ERROR, "choose an image set (digits, mnist) for the convolution");
        return true;
    }
    return false;
}

static void draw_conv(const ConvScreen *cs, Canvas *c, int x, int y, int w, int h, bool color)
{
    if (draw_not_ready(cs, c, x, y, w))
        return;
    const Params *p = &cs->form.params;
    int img = image_index(cs);
    int H = cs->ds.image_h, W = cs->ds.image_w;
    /* Small images (8x8 digits) twice as large, when the input, the kernel
     * and the feature map still fit side by side. */
    int k = window_of(cs).k;
    int scale = W <= 14 && 1 + 2 * W + 3 + k * 6 + 3 + 2 * cs->OW <= w - 2 ? 2 : 1;
    const float *pix = cs->pix; /* image img: the tick made the maps first */
    int row = y;
    ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "%s #%d (%s)   kernel %s", cs->name, img,
              cs->ds.class_names ? cs->ds.class_names[cs->ds.y[img]] : "", params_str(p, "kernel"));
    row += ui_text_wrapped(c, x + 1, row, w - 2, 2, ST_DIM, conv_kernel_help(params_str(p, "kernel")));
    if (cs->error[0] || !pix) {
        ui_text(c, x + 1, row, w - 2, ST_ERROR, cs->error);
        return;
    }
    row++;
    Window win = window_of(cs);
    win.color = color;
    ui_text(c, x + 1, row, W * scale + 2, ST_HEADING, "input");
    int in_rows = draw_scaled(c, x + 1, row + 1, pix, W, H, scale, false);
    if (cs->out)
        mark_pixels(c, x + 1, row + 1, win.top, win.left, win.k, win.k, W, H, scale, color);
    int kx = x + 1 + W * scale + 3;
    draw_kernel(c, kx, row, &win);
    if (!cs->out)
        return;
    draw_maps(cs, c, kx + win.k * 6 + 3, row, x + w - 1, scale, &win);
    draw_sum(cs, c, x, row + 1 + in_rows + 1, w, y + h, &win, pix);
}

static void draw_facts(const ConvScreen *cs, Canvas *c, int x, int y, int w, int h)
{
    ui_box(c, x, y, w, h, "Run", false);
    ui_printf(c, x + 2, y + 1, w - 4, ST_NORMAL, "dataset  %s",
              cs->dataset[0] ? cs->dataset : "(default)");
}

static void conv_draw(const Screen *s, const App *app, Canvas *c, int x, int y, int w, int h)
{
    const ConvScreen *cs = (const ConvScreen *)s;
    int left = w >= 110 ? 36 : 30;
    int form_h = (cs->form.ready ? cs->form.params.count : 0) + 5;
    form_h = form_h > h - 10 ? h - 10 : form_h;
    form_h = form_h < 7 ? 7 : form_h;
    ui_fill(c, x, y, w, 1, ST_NORMAL);
    const Algo *a = algo_find("conv");
    ui_text(c, x + 1, y, w - 2, ST_TITLE, a && a->title ? a->title : "conv");
    form_draw(&cs->form, c, x, y + 1, left, form_h);
    draw_facts(cs, c, x, y + 1 + form_h, left, h - 1 - form_h);
    int rx = x + left + 1, rw = w - left - 1;
    ui_box(c, rx, y + 1, rw, h - 1, "convolution", false);
    draw_conv(cs, c, rx + 1, y + 2, rw - 2, h - 3, app->color);
}

/* ---- opening and closing -------------------------------------------------------------- */

/* The reader's progress (issue 12) into the loading job. */
static void on_load_progress(double fraction, void *ctx)
{
    ConvScreen *cs = ctx;
    job_set_progress(&cs->load, fraction, "loading %s", cs->name);
}

static int load_job(Job *job, void *arg)
{
    ConvScreen *cs = arg;
    job_set_progress(job, -1, "loading %s", cs->name);
    Rng rng;
    rng_seed(&rng, 42);
    CsvOptions opts = { .progress = { on_load_progress, cs }, .image_bytes = true };
    return dataset_load_opts(&cs->ds, cs->name, NULL, &opts, &rng, &job->err);
}

static void close_conv(ConvScreen *cs)
{
    if (cs->job_inited) {
        job_destroy(&cs->load);
        dataset_free(&cs->ds);
    }
    free_maps(cs);
    free(cs->pix);
    form_free(&cs->form);
    memset((char *)cs + sizeof cs->base, 0, sizeof *cs - sizeof cs->base);
}

/* A parameter changed: the maps are made again, the window starts over. */
static void form_changed(Screen *s, App *app, const char *name, const char *value)
{
    ConvScreen *cs = conv_of(s);
    (void)app, (void)name, (void)value;
    cs->key[0] = '\0';
    cs->pos = 0;
}

void conv_screen_open(App *app)
{
    ConvScreen *cs = conv_of(app->screens[SCREEN_CONV]);
    if (cs->open && strcmp(cs->dataset, app->dataset) == 0) {
        app_push(app, &cs->base);
        return;
    }
    close_conv(cs);
    cs->open = true;
    cs->form.changed = form_changed;
    cs->speed = RS_DEFAULT_SPEED;
    snprintf(cs->dataset, sizeof cs->dataset, "%s", app->dataset);
    Error err;
    if (form_init(&cs->form, app->algo->params, &err) < 0)
        snprintf(cs->start_error, sizeof cs->start_error, "%s", err.msg);
    /* An image to convolve: the chosen image set, else the 8x8 digits. */
    const DatasetInfo *info = dataset_info(app->dataset);
    snprintf(cs->name, sizeof cs->name, "%s", info && info->image ? app->dataset : "digits");
    job_init(&cs->load);
    cs->job_inited = true;
    if (job_start(&cs->load, load_job, cs, &err) < 0)
        snprintf(cs->start_error, sizeof cs->start_error, "%s", err.msg);
    app_push(app, &cs->base);
}

/* ---- keys ----------------------------------------------------------------------------- */

static bool key_move(Screen *s, App *app, int key)
{
    (void)app, (void)key;
    conv_of(s)->pos++;
    return true;
}

static bool key_slide(Screen *s, App *app, int key)
{
    ConvScreen *cs = conv_of(s);
    (void)app, (void)key;
    cs->running = !cs->running;
    cs->next_at = app_now();
    return true;
}

static bool key_speed(Screen *s, App *app, int key)
{
    ConvScreen *cs = conv_of(s);
    cs->speed += key == '+' || key == '=' ? 1 : -1;
    cs->speed = cs->speed < 0 ? 0 : cs->speed >= RS_N_SPEEDS ? RS_N_SPEEDS - 1 : cs->speed;
    app_message(app, "speed %s", RS_SPEED_NAMES[cs->speed]);
    return true;
}

static bool key_reset(Screen *s, App *app, int key)
{
    ConvScreen *cs = conv_of(s);
    (void)app, (void)key;
    cs->pos = 0;
    cs->running = false;
    return true;
}

static bool key_image(Screen *s, App *app, int key)
{
    (void)app;
    conv_of(s)->query += key == '.' ? 1 : -1;
    return true;
}

static bool key_back(Screen *s, App *app, int key)
{
    (void)s, (void)app, (void)key;
    return false;
}

static const Binding CONV_ROWS[] = {
    { .keys = { ' ' }, .name = "Space", .label = "move window", .fn = key_move,
      .help = "move the window to the next output position" },
    { .keys = { 'r' }, .name = "r", .label = "slide", .fn = key_slide,
      .help = "slide the window at the chosen speed / stop" },
    { .keys = { ',', '.' }, .name = ", .", .label = "image", .fn = key_image,
      .help = "the previous / next image" },
    { .keys = { TK_UP, TK_DOWN }, .name = "\u2191\u2193", .label = "param", .fn = form_key_move,
      .help = "choose a parameter (kernel, padding, stride, pooling)" },
    { .keys = { TK_LEFT, TK_RIGHT }, .name = "\u2190\u2192", .label = "choice",
      .fn = form_key_cycle, .help = "the next / previous value of a choice" },
    { .keys = { TK_ENTER }, .name = "Enter", .label = "edit", .fn = form_key_edit,
      .help = "edit the parameter (validated; the window starts over)" },
    { .keys = { ':' }, .name = ":", .fn = form_key_by_name, .help = "set one by name: KEY=VALUE" },
    { .keys = { '+', '=', '-', '_' }, .name = "+/-", .fn = key_speed,
      .help = "faster / slower sliding" },
    { .keys = { 'x' }, .name = "x", .fn = key_reset, .help = "the window back to the start" },
    { .keys = { TK_ESC }, .name = "Esc", .label = "back", .fn = key_back, /* help: Everywhere */ },
    EXPORT_SCREEN_ROW, /* tui_export.h */
};
static const Bindings CONV_KEYS = BINDINGS("Convolution", CONV_ROWS, NULL, false);

static const Bindings *conv_bindings(const Screen *s)
{
    const Bindings *edit = form_edit_bindings(s->form);
    return edit ? edit : &CONV_KEYS;
}

static bool conv_busy(const Screen *s)
{
    const ConvScreen *cs = (const ConvScreen *)s;
    return cs->running || (cs->job_inited && job_state((Job *)&cs->load) == JOB_RUNNING);
}

static void conv_shutdown(Screen *s)
{
    close_conv(conv_of(s));
}

static void conv_destroy(Screen *s)
{
    conv_shutdown(s);
    free(s);
}

static const ScreenClass CONV_CLASS = {
    .name = "Run",
    .tick = conv_tick,
    .draw = conv_draw,
    .bindings = conv_bindings,
    .busy = conv_busy,
    .shutdown = conv_shutdown,
    .destroy = conv_destroy,
};

Screen *conv_screen_new(void)
{
    ConvScreen *cs = calloc(1, sizeof *cs);
    if (!cs)
        return NULL;
    cs->base.cls = &CONV_CLASS;
    cs->base.form = &cs->form;
    return &cs->base;
}
