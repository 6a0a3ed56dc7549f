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

/* Output row o (w floats) from the input sampled at row ir and columns
 * c + shift, bilinear; 0 where the row or the column falls outside
 * [0, h-1] x [0, w-1] (scipy's mode='constant'). */
static void sample_row(const float *in, int w, int h, double ir, double shift, float *o)
{
    if (!(ir >= 0.0 && ir <= h - 1)) {
        memset(o, 0, (size_t)w * sizeof *o);
        return;
    }
    int r0 = (int)ir; /* >= 0: truncation is floor */
    double fr = ir - r0;
    const float *a = in + (size_t)r0 * (size_t)w;
    const float *b = r0 + 1 < h ? a + w : a; /* weight fr is 0 on the last row */
    for (int c = 0; c < w; c++) {
        double ic = c + shift;
        if (!(ic >= 0.0 && ic <= w - 1)) {
            o[c] = 0.0f;
            continue;
        }
        int c0 = (int)ic, c1 = c0 + 1 < w ? c0 + 1 : c0; /* weight 0 at the edge */
        double fc = ic - c0;
        double top = (1.0 - fc) * a[c0] + fc * a[c1];
        double bottom = (1.0 - fc) * b[c0] + fc * b[c1];
        o[c] = (float)((1.0 - fr) * top + fr * bottom);
    }
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
    for (int r = 0; r < h; r++)
        sample_row(in, w, h, r + m.mr - cy, alpha * (r - cy) + m.mc - cx,
                   out + (size_t)r * (size_t)w);
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
