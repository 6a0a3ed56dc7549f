/* deskew.c - deskewing images (see deskew.h for the definition): moments in
 * double, then each output row samples two input rows at a fixed fractional
 * row and a column shift that grows with the row (the slant), bilinearly,
 * 0 outside the image as scipy's mode='constant'.  No threads: MNIST's 70000
 * images take a fraction of a second. */
#include "deskew.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void deskew_moments(const float *im, int w, int h, DeskewMoments *m)
{
    double t = 0.0, sr = 0.0, sc = 0.0;
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            double v = im[(size_t)r * (size_t)w + (size_t)c];
            t += v;
            sr += r * v;
            sc += c * v;
        }
    memset(m, 0, sizeof *m);
    m->mass = t;
    if (!(t > 0.0))
        return;
    m->mr = sr / t;
    m->mc = sc / t;
    double vr = 0.0, cv = 0.0; /* a second pass: no cancellation */
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            double v = im[(size_t)r * (size_t)w + (size_t)c];
            vr += (r - m->mr) * (r - m->mr) * v;
            cv += (r - m->mr) * (c - m->mc) * v;
        }
    m->var_r = vr / t;
    m->cov_rc = cv / t;
}

double deskew_alpha(const DeskewMoments *m)
{
    return m->mass > 0.0 && m->var_r > 0.0 ? m->cov_rc / m->var_r : 0.0;
}

/* The input at (row ir, column ic), bilinear; 0 outside [0, h-1] x [0, w-1]. */
static double sample(const float *in, int w, int h, double ir, double ic)
{
    if (!(ir >= 0.0 && ir <= h - 1 && ic >= 0.0 && ic <= w - 1))
        return 0.0;
    int r0 = (int)ir, c0 = (int)ic; /* both >= 0: truncation is floor */
    double fr = ir - r0, fc = ic - c0;
    int r1 = r0 + 1 < h ? r0 + 1 : r0, c1 = c0 + 1 < w ? c0 + 1 : c0; /* weight 0 at the edge */
    const float *a = in + (size_t)r0 * (size_t)w, *b = in + (size_t)r1 * (size_t)w;
    double top = (1.0 - fc) * a[c0] + fc * a[c1];
    double bottom = (1.0 - fc) * b[c0] + fc * b[c1];
    return (1.0 - fr) * top + fr * bottom;
}

void deskew_image(const float *in, int w, int h, float *out)
{
    DeskewMoments m;
    deskew_moments(in, w, h, &m);
    if (!(m.mass > 0.0)) {
        memcpy(out, in, (size_t)w * (size_t)h * sizeof *out);
        return;
    }
    double alpha = deskew_alpha(&m);
    double cy = (h - 1) / 2.0, cx = (w - 1) / 2.0;
    for (int r = 0; r < h; r++) {
        double ir = r + m.mr - cy;
        double shift = alpha * (r - cy) + m.mc - cx;
        float *o = out + (size_t)r * (size_t)w;
        for (int c = 0; c < w; c++)
            o[c] = (float)sample(in, w, h, ir, c + shift);
    }
}

#define DESKEW_BLOCK 64 /* rows converted from bytes at a time */

int deskew_mat(const Mat *in, int w, int h, Mat *out, Error *err)
{
    memset(out, 0, sizeof *out);
    if (w < 1 || h < 1 || (long)w * h != in->cols)
        return error_set(err, ERR_USAGE, "deskew: %d x %d images do not make rows of %d values",
                         w, h, in->cols);
    if (mat_alloc(out, in->rows, in->cols, err) < 0)
        return -1;
    float *buf = NULL;
    if (mat_is_bytes(in) &&
        !(buf = malloc((size_t)DESKEW_BLOCK * (size_t)in->cols * sizeof *buf))) {
        mat_free(out);
        return error_set(err, ERR_NOMEM, "out of memory deskewing");
    }
    for (int first = 0; first < in->rows; first += DESKEW_BLOCK) {
        int count = in->rows - first < DESKEW_BLOCK ? in->rows - first : DESKEW_BLOCK;
        const float *rows = mat_rows_f32(in, first, count, buf);
        for (int i = 0; i < count; i++)
            deskew_image(rows + (size_t)i * (size_t)in->cols, w, h, mat_row(out, first + i));
    }
    free(buf);
    return 0;
}
