/* plane.c - a plane through data of any dimension to draw it on: two chosen
 * features with the others at their means, or the first two principal
 * components (plane.h). */
#include "plane.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "prep.h"

void plane_free(Plane *p)
{
    free(p->origin);
    free(p->u);
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* Column means of X (in double), into origin.  A byte-backed X (mat.h) is
 * read a row at a time as floats. */
static void column_means(const Mat *X, float *origin)
{
    int d = X->cols;
    double *sum = calloc((size_t)d, sizeof *sum);
    float *buf = mat_is_bytes(X) ? malloc((size_t)d * sizeof *buf) : NULL;
    if (!sum || (mat_is_bytes(X) && !buf)) {
        memset(origin, 0, (size_t)d * sizeof *origin);
        free(sum);
        free(buf);
        return;
    }
    for (int i = 0; i < X->rows; i++) {
        const float *row = mat_rows_f32(X, i, 1, buf);
        for (int j = 0; j < d; j++)
            sum[j] += row[j];
    }
    for (int j = 0; j < d; j++)
        origin[j] = (float)(sum[j] / X->rows);
    free(sum);
    free(buf);
}

/* The rows idx[0..m) of X as a new float Mat, whatever X's backing. */
static int float_sample(Mat *sample, const Mat *X, const int *idx, int m, Error *err)
{
    if (mat_alloc(sample, m, X->cols, err) < 0)
        return -1;
    mat_gather_f32(X, idx, m, sample->data);
    return 0;
}

/* PC1 and PC2 of an even sample of at most max_rows rows. */
static int fit_pca(Plane *p, const Mat *X, int max_rows, Error *err)
{
    int n = X->rows, m = max_rows > 1 && n > max_rows ? max_rows : n, d = X->cols;
    int *idx = malloc((size_t)m * sizeof *idx);
    p->u = malloc((size_t)d * sizeof *p->u);
    p->v = malloc((size_t)d * sizeof *p->v);
    if (!idx || !p->u || !p->v) {
        free(idx);
        return error_set(err, ERR_NOMEM, "out of memory for the plot's plane");
    }
    for (int i = 0; i < m; i++)
        idx[i] = (int)((long)i * n / m);
    Mat sample = { 0 };
    Pca pca;
    memset(&pca, 0, sizeof pca);
    int rc = -1;
    if (float_sample(&sample, X, idx, m, err) == 0 && pca_fit(&pca, &sample, 2, err) == 0) {
        memcpy(p->origin, pca.mean, (size_t)d * sizeof *p->origin);
        memcpy(p->u, mat_row(&pca.components, 0), (size_t)d * sizeof *p->u);
        memcpy(p->v, mat_row(&pca.components, 1), (size_t)d * sizeof *p->v);
        p->explained = pca.total_var > 0
                           ? (pca.explained_var[0] + pca.explained_var[1]) / pca.total_var
                           : NAN;
        rc = 0;
    }
    free(idx);
    mat_free(&sample);
    pca_free(&pca);
    return rc;
}

static bool axes_valid(int fx, int fy, int d)
{
    return fx >= 0 && fx < d && fy >= 0 && fy < d && fx != fy;
}

int plane_fit(Plane *p, PlaneKind kind, const Mat *X, int fx, int fy, int max_rows, Error *err)
{
    memset(p, 0, sizeof *p);
    int d = X->cols;
    if (X->rows < 2 || d < 2)
        return error_set(err, ERR_DATA, "a plot's plane needs 2 rows and 2 features, not %d x %d",
                         X->rows, d);
    if (kind == PLANE_FEATURES && !axes_valid(fx, fy, d))
        return error_set(err, ERR_USAGE, "features %d and %d of %d cannot be the plot's axes",
                         fx, fy, d);
    p->kind = kind;
    p->d = d;
    p->fx = fx;
    p->fy = fy;
    p->explained = NAN;
    if (!(p->origin = malloc((size_t)d * sizeof *p->origin)))
        return error_set(err, ERR_NOMEM, "out of memory for the plot's plane");
    int rc = 0;
    if (kind == PLANE_PCA)
        rc = fit_pca(p, X, max_rows, err);
    else
        column_means(X, p->origin);
    if (rc < 0)
        plane_free(p);
    return rc;
}

void plane_project(const Plane *p, const float *row, double *x, double *y)
{
    if (p->kind == PLANE_FEATURES) {
        *x = row[p->fx];
        *y = row[p->fy];
        return;
    }
    double sx = 0, sy = 0;
    for (int j = 0; j < p->d; j++) {
        double c = (double)row[j] - p->origin[j];
        sx += c * p->u[j];
        sy += c * p->v[j];
    }
    *x = sx;
    *y = sy;
}

void plane_lift(const Plane *p, double x, double y, float *row)
{
    if (p->kind == PLANE_FEATURES) {
        memcpy(row, p->origin, (size_t)p->d * sizeof *row);
        row[p->fx] = (float)x;
        row[p->fy] = (float)y;
        return;
    }
    for (int j = 0; j < p->d; j++)
        row[j] = (float)(p->origin[j] + x * p->u[j] + y * p->v[j]);
}
