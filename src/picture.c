/* picture.c - numbers made ready to be drawn as pictures: signed scales,
 * weight changes, shrunk images, histograms, PCA restored images and
 * cumulative explained variance (see picture.h). */
#include "picture.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

float pic_abs_max(const float *v, size_t n)
{
    float m = 0.0f;
    for (size_t i = 0; i < n; i++)
        if (isfinite(v[i]) && fabsf(v[i]) > m)
            m = fabsf(v[i]);
    return m;
}

void pic_delta(const float *now, const float *before, size_t n, float *out)
{
    for (size_t i = 0; i < n; i++)
        out[i] = now[i] - before[i];
}

/* The mean of the finite pixels of one block (0 when none). */
static float block_mean(const float *img, int w, int h, int r0, int c0, int f)
{
    double sum = 0.0;
    int count = 0;
    for (int r = r0; r < r0 + f && r < h; r++)
        for (int c = c0; c < c0 + f && c < w; c++) {
            float v = img[(size_t)r * (size_t)w + (size_t)c];
            if (isfinite(v)) {
                sum += v;
                count++;
            }
        }
    return count ? (float)(sum / count) : 0.0f;
}

int pic_downsample(const float *img, int w, int h, int f, float *out, int *ow, int *oh,
                   Error *err)
{
    if (f < 1 || w < 1 || h < 1)
        return error_set(err, ERR_USAGE, "cannot shrink a %d x %d image by %d", w, h, f);
    *ow = (w + f - 1) / f;
    *oh = (h + f - 1) / f;
    for (int r = 0; r < *oh; r++)
        for (int c = 0; c < *ow; c++)
            out[(size_t)r * (size_t)*ow + (size_t)c] = block_mean(img, w, h, r * f, c * f, f);
    return 0;
}

/* The bin of v in [lo, hi] cut in bins parts, or -1 outside (NaN too). */
static int bin_of(double v, double lo, double hi, int bins)
{
    if (!(v >= lo && v <= hi))
        return -1;
    int b = hi > lo ? (int)((v - lo) / (hi - lo) * bins) : 0;
    return b >= bins ? bins - 1 : b;
}

long pic_histograms(const Mat *X, const double *lo, const double *hi, int bins, int *counts)
{
    if (bins < 1)
        return -1;
    int d = X->cols;
    memset(counts, 0, (size_t)d * (size_t)bins * sizeof *counts);
    /* A byte-backed X (mat.h) is read a row at a time as floats. */
    float *buf = mat_is_bytes(X) ? malloc((size_t)(d ? d : 1) * sizeof *buf) : NULL;
    if (mat_is_bytes(X) && !buf)
        return -1;
    long counted = 0;
    for (int i = 0; i < X->rows; i++) {
        const float *row = mat_rows_f32(X, i, 1, buf);
        for (int j = 0; j < d; j++) {
            int b = bin_of(row[j], lo[j], hi[j], bins);
            if (b >= 0) {
                counts[(size_t)j * (size_t)bins + (size_t)b]++;
                counted++;
            }
        }
    }
    free(buf);
    return counted;
}

int pic_pca_restore(const Pca *p, int k, const Mat *X, Mat *out, Error *err)
{
    *out = (Mat){ 0 };
    if (k < 1 || k > p->k)
        return error_set(err, ERR_USAGE, "PCA restore: %d components of %d", k, p->k);
    Mat z = { 0 };
    if (pca_transform(p, X, &z, err) < 0)
        return -1;
    if (mat_alloc(out, X->rows, p->d, err) < 0) {
        mat_free(&z);
        return -1;
    }
    for (int i = 0; i < X->rows; i++) {
        float *o = mat_row(out, i);
        for (int j = 0; j < p->d; j++)
            o[j] = p->mean[j];
        for (int c = 0; c < k; c++) {
            float zc = MAT_AT(&z, i, c);
            const float *comp = mat_row(&p->components, c);
            for (int j = 0; j < p->d; j++)
                o[j] += zc * comp[j];
        }
    }
    mat_free(&z);
    return 0;
}

void pic_cumulative(const float *ev, int k, double total, double *out)
{
    double sum = 0.0;
    for (int j = 0; j < k; j++) {
        sum += ev[j];
        out[j] = total > 0 ? sum / total : NAN;
    }
}

int pic_components_for(const double *cum, int k, double frac)
{
    for (int j = 0; j < k; j++)
        if (cum[j] >= frac)
            return j + 1;
    return -1;
}
