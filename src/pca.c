/* pca.c - principal component analysis (see prep.h).
 *
 * X is n x d.  The covariance C = (X - mean)^T (X - mean) / (n - 1) is
 * accumulated in double, a block of rows at a time (cblas_dsyrk), so a wide
 * float set such as MNIST is never copied whole.  LAPACK's dsyev gives the
 * eigenvalues of C in ascending order with unit eigenvectors; the components
 * are the eigenvectors of the k largest, each signed so that its entry of
 * largest magnitude is positive (eigenvectors are only defined up to sign,
 * and a fixed rule makes runs and plots repeatable). */
#include "prep.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lapack.h"

#define PCA_BLOCK 256 /* rows per covariance update / projection */

void pca_free(Pca *p)
{
    if (!p)
        return;
    free(p->mean);
    mat_free(&p->components);
    free(p->explained_var);
    memset(p, 0, sizeof *p);
}

/* cov (d x d, upper triangle in row-major order) = centred X^T X / (n - 1). */
static int covariance(const Mat *X, const double *mean, double *cov, Error *err)
{
    int n = X->rows, d = X->cols;
    double *block = malloc((size_t)PCA_BLOCK * (size_t)d * sizeof *block);
    if (!block)
        return error_set(err, ERR_NOMEM, "out of memory for PCA on %d columns", d);
    memset(cov, 0, (size_t)d * (size_t)d * sizeof *cov);
    for (int i0 = 0; i0 < n; i0 += PCA_BLOCK) {
        int b = n - i0 < PCA_BLOCK ? n - i0 : PCA_BLOCK;
        for (int i = 0; i < b; i++) {
            const float *x = mat_row(X, i0 + i);
            double *o = block + (size_t)i * d;
            for (int j = 0; j < d; j++)
                o[j] = (double)x[j] - mean[j];
        }
        cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, d, b, 1.0, block, d, 1.0, cov, d);
    }
    free(block);
    double scale = 1.0 / (n - 1);
    for (size_t i = 0; i < (size_t)d * d; i++)
        cov[i] *= scale;
    return 0;
}

int pca_fit(Pca *p, const Mat *X, int k, Error *err)
{
    memset(p, 0, sizeof *p);
    int n = X->rows, d = X->cols;
    if (d < 1)
        return error_set(err, ERR_DATA, "PCA needs at least one column");
    if (n < 2)
        return error_set(err, ERR_DATA, "PCA needs at least 2 rows (got %d)", n);
    if (k < 1 || k > d)
        return error_set(err, ERR_USAGE, "PCA components must be between 1 and %d (got %d)", d,
                         k);
    size_t dd = (size_t)d * (size_t)d;
    double *mean = calloc((size_t)d, sizeof *mean);
    double *cov = malloc(dd * sizeof *cov);
    double *w = malloc((size_t)d * sizeof *w);
    double *work = NULL;
    int rc = -1;
    if (!mean || !cov || !w) {
        error_set(err, ERR_NOMEM, "out of memory for PCA on %d columns", d);
        goto done;
    }
    for (int i = 0; i < n; i++) {
        const float *x = mat_row(X, i);
        for (int j = 0; j < d; j++)
            mean[j] += x[j];
    }
    for (int j = 0; j < d; j++)
        mean[j] /= n;
    if (covariance(X, mean, cov, err) < 0)
        goto done;
    double total = 0.0;
    for (int j = 0; j < d; j++)
        total += cov[(size_t)j * d + j];

    /* The row-major upper triangle is the column-major lower one. */
    int info = 0, lwork = -1;
    double query;
    dsyev_("V", "L", &d, cov, &d, w, &query, &lwork, &info);
    lwork = info == 0 && query > 0 ? (int)query : 3 * d;
    work = malloc((size_t)lwork * sizeof *work);
    if (!work) {
        error_set(err, ERR_NOMEM, "out of memory for PCA on %d columns", d);
        goto done;
    }
    dsyev_("V", "L", &d, cov, &d, w, work, &lwork, &info);
    if (info != 0) {
        error_set(err, ERR_INTERNAL, "PCA: the eigen-decomposition failed (dsyev info %d)", info);
        goto done;
    }

    p->d = d;
    p->k = k;
    p->total_var = total;
    p->mean = malloc((size_t)d * sizeof *p->mean);
    p->explained_var = malloc((size_t)k * sizeof *p->explained_var);
    if (!p->mean || !p->explained_var || mat_alloc(&p->components, k, d, err) < 0) {
        pca_free(p);
        error_set(err, ERR_NOMEM, "out of memory for PCA on %d columns", d);
        goto done;
    }
    for (int j = 0; j < d; j++)
        p->mean[j] = (float)mean[j];
    for (int r = 0; r < k; r++) {
        /* Column d-1-r of the column-major result holds the r-th largest. */
        const double *v = cov + (size_t)(d - 1 - r) * d;
        int big = 0;
        for (int j = 1; j < d; j++)
            if (fabs(v[j]) > fabs(v[big]))
                big = j;
        double sign = v[big] < 0 ? -1.0 : 1.0;
        float *out = mat_row(&p->components, r);
        for (int j = 0; j < d; j++)
            out[j] = (float)(sign * v[j]);
        double ev = w[d - 1 - r];
        p->explained_var[r] = (float)(ev > 0.0 ? ev : 0.0);
    }
    rc = 0;
done:
    free(mean);
    free(cov);
    free(w);
    free(work);
    return rc;
}

int pca_transform(const Pca *p, const Mat *X, Mat *out, Error *err)
{
    *out = (Mat){ 0 };
    if (X->cols != p->d)
        return error_set(err, ERR_DATA, "PCA was fitted on %d columns, not %d", p->d, X->cols);
    int n = X->rows, d = p->d;
    if (mat_alloc(out, n, p->k, err) < 0)
        return -1;
    float *buf = malloc((size_t)PCA_BLOCK * (size_t)d * sizeof *buf);
    if (!buf) {
        mat_free(out);
        return error_set(err, ERR_NOMEM, "out of memory for a PCA projection");
    }
    for (int i0 = 0; i0 < n; i0 += PCA_BLOCK) {
        int b = n - i0 < PCA_BLOCK ? n - i0 : PCA_BLOCK;
        for (int i = 0; i < b; i++) {
            const float *x = mat_row(X, i0 + i);
            float *c = buf + (size_t)i * d;
            for (int j = 0; j < d; j++)
                c[j] = x[j] - p->mean[j];
        }
        Mat centred = { .rows = b, .cols = d, .data = buf };
        Mat part = mat_rows_view(out, i0, b);
        /* part (b x k) = centred (b x d) * components^T (d x k) */
        mat_gemm(false, true, 1.0f, &centred, &p->components, 0.0f, &part);
    }
    free(buf);
    return 0;
}
