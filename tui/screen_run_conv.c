/* tui/screen_run_conv.c - the Run screen for conv, an operation rather
 * than a model: the chosen kernel sliding over a digit, with the feature
 * map and the pooled map it makes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screen_run_internal.h"

/* ---- conv: the operation ------------------------------------------------------------------ */

static void conv_compute(void)
{
    ConvState *cs = &rs_state.conv;
    int n = cs->ds.X.rows;
    if (n == 0)
        return;
    int img = ((rs_state.query % n) + n) % n;
    char key[256];
    snprintf(key, sizeof key, "%d %s %s %d %s %d", img, params_str(&rs_state.form, "kernel"),
             params_str(&rs_state.form, "padding"), params_int(&rs_state.form, "stride"),
             params_str(&rs_state.form, "pool"), params_int(&rs_state.form, "pool_size"));
    if (strcmp(key, cs->key) == 0)
        return;
    snprintf(cs->key, sizeof cs->key, "%s", key);
    free(cs->out);
    free(cs->pooled);
    cs->out = cs->pooled = NULL;
    cs->error[0] = '\0';
    int H = cs->ds.image_h, W = cs->ds.image_w;
    float kernel[9];
    int k;
    ConvPadding pad;
    if (conv_named_kernel(params_str(&rs_state.form, "kernel"), kernel, &k) < 0 ||
        conv_padding_parse(params_str(&rs_state.form, "padding"), &pad) < 0) {
        snprintf(cs->error, sizeof cs->error, "unknown kernel or padding");
        return;
    }
    cs->out = malloc((size_t)H * (size_t)W * sizeof *cs->out);
    if (!cs->out ||
        conv2d(mat_row(&cs->ds.X, img), 1, H, W, kernel, 1, k, k, NULL, pad,
               params_int(&rs_state.form, "stride"), cs->out, &cs->OH, &cs->OW) < 0) {
        snprintf(cs->error, sizeof cs->error, "this kernel does not fit the image");
        free(cs->out);
        cs->out = NULL;
        return;
    }
    PoolKind pk;
    const char *pool = params_str(&rs_state.form, "pool");
    if (strcmp(pool, "none") != 0 && pool_kind_parse(pool, &pk) == 0) {
        int size = params_int(&rs_state.form, "pool_size");
        cs->pooled = malloc((size_t)cs->OH * (size_t)cs->OW * sizeof *cs->pooled);
        if (cs->pooled && pool2d(cs->out, 1, cs->OH, cs->OW, pk, size, size, cs->pooled, &cs->PH,
                                 &cs->PW) < 0) {
            free(cs->pooled);
            cs->pooled = NULL;
        }
    }
}

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

/* Reverse the cells showing pixels [top, top+kh) x [left, left+kw) of an
 * image drawn by draw_scaled at (x, y). */
static void mark_pixels(Canvas *c, int x, int y, int top, int left, int kh, int kw, int W, int H,
                        int scale)
{
    for (int py = top; py < top + kh; py++)
        for (int px = left; px < left + kw; px++) {
            if (py < 0 || px < 0 || py >= H || px >= W)
                continue;
            for (int s = 0; s < scale; s++) {
                CanvasCell *cell = canvas_cell(c, x + px * scale + s, y + (py * scale) / 2);
                if (cell)
                    cell->attr |= CANVAS_ATTR_REVERSE;
            }
        }
}

void rs_draw_conv(Canvas *c, int x, int y, int w, int h)
{
    ConvState *cs = &rs_state.conv;
    JobState s = job_state(&cs->load);
    if (s == JOB_FAILED) {
        ui_text(c, x + 1, y + 1, w - 2, ST_ERROR, cs->load.err.msg);
        return;
    }
    if (s != JOB_DONE) {
        char prog[160];
        job_progress(&cs->load, prog, sizeof prog);
        ui_printf(c, x + 1, y + 1, w - 2, ST_HIGHLIGHT, "%s %s... %.1f s", ui_spinner(c), prog,
                  job_elapsed(&cs->load));
        return;
    }
    if (cs->ds.image_w <= 0) {
        ui_text(c, x + 1, y + 1, w - 2, ST_ERROR, "choose an image set (digits, mnist) for the convolution");
        return;
    }
    conv_compute();
    int n = cs->ds.X.rows, img = ((rs_state.query % n) + n) % n;
    int H = cs->ds.image_h, W = cs->ds.image_w;
    int scale = W <= 14 ? 2 : 1;
    const float *pix = mat_row(&cs->ds.X, img);
    float kernel[9];
    int k = 3;
    conv_named_kernel(params_str(&rs_state.form, "kernel"), kernel, &k);
    int row = y;
    ui_printf(c, x + 1, row++, w - 2, ST_NORMAL, "%s #%d (%s)   kernel %s", cs->name, img,
              cs->ds.class_names ? cs->ds.class_names[cs->ds.y[img]] : "",
              params_str(&rs_state.form, "kernel"));
    ui_text(c, x + 1, row++, w - 2, ST_DIM, conv_kernel_help(params_str(&rs_state.form, "kernel")));
    if (cs->error[0]) {
        ui_text(c, x + 1, row, w - 2, ST_ERROR, cs->error);
        return;
    }
    row++;
    int total = cs->out ? cs->OH * cs->OW : 0;
    int pos = total > 0 ? cs->pos % total : 0;
    int oy = cs->OW ? pos / cs->OW : 0, ox = cs->OW ? pos % cs->OW : 0;
    int stride = params_int(&rs_state.form, "stride");
    ConvPadding pad = CONV_PAD_SAME;
    conv_padding_parse(params_str(&rs_state.form, "padding"), &pad);
    int top = oy * stride - conv_pad_before(k, pad), left = ox * stride - conv_pad_before(k, pad);

    ui_text(c, x + 1, row, W * scale + 2, ST_HEADING, "input");
    int in_rows = draw_scaled(c, x + 1, row + 1, pix, W, H, scale, false);
    if (cs->out)
        mark_pixels(c, x + 1, row + 1, top, left, k, k, W, H, scale);
    int kx = x + 1 + W * scale + 3;
    ui_text(c, kx, row, 20, ST_HEADING, "kernel");
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) {
            char num[16];
            snprintf(num, sizeof num, "%5.2g", kernel[i * k + j]);
            ui_text(c, kx + j * 6, row + 1 + i, 6, ST_CODE, num);
        }
    int fx = kx + k * 6 + 3;
    if (cs->out) {
        ui_printf(c, fx, row, w - (fx - x), ST_HEADING, "feature map %dx%d", cs->OH, cs->OW);
        draw_scaled(c, fx, row + 1, cs->out, cs->OW, cs->OH, scale, true);
        mark_pixels(c, fx, row + 1, oy, ox, 1, 1, cs->OW, cs->OH, scale);
        if (cs->pooled) {
            int px0 = fx + cs->OW * scale + 3;
            ui_printf(c, px0, row, w - (px0 - x), ST_HEADING, "%s-pool %dx%d",
                      params_str(&rs_state.form, "pool"), cs->PH, cs->PW);
            draw_scaled(c, px0, row + 1, cs->pooled, cs->PW, cs->PH, scale, true);
        }
        /* The window under the kernel: the numbers of this output. */
        int wy = row + 1 + in_rows + 1;
        ui_printf(c, x + 1, wy++, w - 2, ST_HEADING,
                  "output (%d, %d) = sum of (window x kernel) = %.4g", oy, ox, cs->out[pos]);
        for (int i = 0; i < k && wy < y + h; i++, wy++) {
            char line[256];
            int len = 0;
            for (int j = 0; j < k; j++) {
                int py = top + i, px = left + j;
                float v = py >= 0 && py < H && px >= 0 && px < W ? pix[py * W + px] : 0.0f;
                len += snprintf(line + len, sizeof line - (size_t)len, "%5.2f ", v);
            }
            len += snprintf(line + len, sizeof line - (size_t)len, "  %s  ", i == k / 2 ? "x" : " ");
            for (int j = 0; j < k; j++)
                len += snprintf(line + len, sizeof line - (size_t)len, "%5.2g ", kernel[i * k + j]);
            ui_text(c, x + 1, wy, w - 2, ST_CODE, line);
        }
        if (wy + 1 < y + h)
            ui_text(c, x + 1, wy + 1, w - 2, ST_DIM,
                    "Outside the image counts as 0 (padding).  Space: next position, r: slide, , .: image.");
    }
}

