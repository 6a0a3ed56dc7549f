/* scaler.c - standard and min-max scaling of feature columns (see prep.h).
 *
 * A scaler is fitted on the training part only and then applied, in place,
 * to every part: x' = (x - shift) / scale.
 *   standard: shift = column mean, scale = population standard deviation
 *             (divide by n, as scikit-learn's StandardScaler does);
 *   minmax:   shift = column minimum, scale = maximum - minimum, so the
 *             training part lands in [0, 1].
 * A constant column gets scale 1, so it becomes all zeros instead of NaN.
 * Sums are kept in double: float sums drift on 60000-row columns; shift,
 * scale and the transform are double too, so features near FLT_MAX (whose
 * range overflows a float) still land in [0, 1]. */
#include "prep.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int scale_kind_parse(const char *s, ScaleKind *out)
{
    static const struct {
        const char *name;
        ScaleKind kind;
    } kinds[] = {
        { "none", SCALE_NONE },
        { "standard", SCALE_STANDARD },
        { "minmax", SCALE_MINMAX },
    };
    for (size_t i = 0; s && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(s, kinds[i].name) == 0) {
            *out = kinds[i].kind;
            return 0;
        }
    return -1;
}

const char *scale_kind_name(ScaleKind k)
{
    switch (k) {
    case SCALE_NONE:
        return "none";
    case SCALE_STANDARD:
        return "standard";
    case SCALE_MINMAX:
        return "minmax";
    }
    return "?";
}

void scaler_free(Scaler *s)
{
    if (!s)
        return;
    free(s->shift);
    free(s->scale);
    memset(s, 0, sizeof *s);
}

int scaler_fit(Scaler *s, ScaleKind kind, const Mat *X, Error *err)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->d = X->cols;
    if (kind == SCALE_NONE)
        return 0;
    if (kind != SCALE_STANDARD && kind != SCALE_MINMAX)
        return error_set(err, ERR_USAGE, "unknown scaling kind %d", (int)kind);
    if (X->rows < 1)
        return error_set(err, ERR_DATA, "cannot fit a %s scaler on no rows",
                         scale_kind_name(kind));
    int n = X->rows, d = X->cols;
    size_t nd = d > 0 ? (size_t)d : 1;
    s->shift = malloc(nd * sizeof *s->shift);
    s->scale = malloc(nd * sizeof *s->scale);
    float *lo = malloc(nd * sizeof *lo);
    float *hi = malloc(nd * sizeof *hi);
    double *sum = calloc(nd, sizeof *sum);
    if (!s->shift || !s->scale || !lo || !hi || !sum) {
        free(lo);
        free(hi);
        free(sum);
        scaler_free(s);
        return error_set(err, ERR_NOMEM, "out of memory fitting a scaler on %d columns", d);
    }
    /* One pass for the extremes and the sums (rows in order: cache friendly). */
    memcpy(lo, mat_row(X, 0), (size_t)d * sizeof *lo);
    memcpy(hi, mat_row(X, 0), (size_t)d * sizeof *hi);
    for (int i = 0; i < n; i++) {
        const float *x = mat_row(X, i);
        for (int j = 0; j < d; j++) {
            if (x[j] < lo[j])
                lo[j] = x[j];
            if (x[j] > hi[j])
                hi[j] = x[j];
            sum[j] += x[j];
        }
    }
    if (kind == SCALE_MINMAX) {
        for (int j = 0; j < d; j++) {
            s->shift[j] = lo[j];
            /* In double, as transform computes x - shift: the maximum maps to
             * exactly 1. */
            double range = (double)hi[j] - (double)lo[j];
            s->scale[j] = range > 0.0 && isfinite(range) ? range : 1.0;
        }
    } else {
        /* Second pass: squared deviations from the mean. */
        double *mean = sum, *sq = calloc(nd, sizeof *sq);
        if (!sq) {
            free(lo);
            free(hi);
            free(sum);
            scaler_free(s);
            return error_set(err, ERR_NOMEM, "out of memory fitting a scaler on %d columns", d);
        }
        for (int j = 0; j < d; j++)
            mean[j] /= n;
        for (int i = 0; i < n; i++) {
            const float *x = mat_row(X, i);
            for (int j = 0; j < d; j++) {
                double t = x[j] - mean[j];
                sq[j] += t * t;
            }
        }
        for (int j = 0; j < d; j++) {
            double sd = sqrt(sq[j] / n);
            s->shift[j] = mean[j];
            s->scale[j] = lo[j] == hi[j] || !(sd > 0.0) ? 1.0 : sd;
        }
        free(sq);
    }
    free(lo);
    free(hi);
    free(sum);
    return 0;
}

void scaler_transform(const Scaler *s, Mat *X)
{
    if (s->kind == SCALE_NONE || !s->shift || X->cols != s->d)
        return;
    for (int i = 0; i < X->rows; i++) {
        float *x = mat_row(X, i);
        for (int j = 0; j < s->d; j++)
            x[j] = (float)(((double)x[j] - s->shift[j]) / s->scale[j]);
    }
}

void scaler_inverse(const Scaler *s, Mat *X)
{
    if (s->kind == SCALE_NONE || !s->shift || X->cols != s->d)
        return;
    for (int i = 0; i < X->rows; i++) {
        float *x = mat_row(X, i);
        for (int j = 0; j < s->d; j++)
            x[j] = (float)((double)x[j] * s->scale[j] + s->shift[j]);
    }
}
