/* algorithms/svm_kernel.c - kernel values for the kernel SVM (see svm_kernel.h).
 *
 * A row of kernel values is one matrix-vector product of dot products,
 * then a map: rbf turns x.z into ||x - z||^2 = ||x||^2 + ||z||^2 - 2 x.z
 * (clipped at 0, as rounding can make it slightly negative). */
#include "svm_kernel.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

SvmKernelType svm_kernel_parse(const char *s)
{
    if (!s)
        return SVM_KERNEL_NONE;
    if (strcmp(s, "linear") == 0)
        return SVM_KERNEL_LINEAR;
    if (strcmp(s, "rbf") == 0)
        return SVM_KERNEL_RBF;
    if (strcmp(s, "poly") == 0)
        return SVM_KERNEL_POLY;
    return SVM_KERNEL_NONE;
}

const char *svm_kernel_name(SvmKernelType t)
{
    static const char *const names[] = { "none", "linear", "rbf", "poly" };
    return t >= SVM_KERNEL_NONE && t <= SVM_KERNEL_POLY ? names[t] : "none";
}

double svm_gamma_scale(const Mat *X)
{
    size_t n = (size_t)X->rows * X->cols;
    if (n == 0)
        return 1.0;
    double mean = 0.0, var = 0.0;
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++)
            mean += MAT_AT(X, i, j);
    mean /= (double)n;
    for (int i = 0; i < X->rows; i++)
        for (int j = 0; j < X->cols; j++) {
            double e = MAT_AT(X, i, j) - mean;
            var += e * e;
        }
    var /= (double)n;
    return var > 0.0 ? 1.0 / (X->cols * var) : 1.0;
}

double svm_gamma_auto(const Mat *X) { return X->cols > 0 ? 1.0 / X->cols : 1.0; }

bool svm_gamma_parse(const char *text, const Mat *X, double *gamma)
{
    if (!text || strcmp(text, "scale") == 0) {
        *gamma = svm_gamma_scale(X);
        return true;
    }
    if (strcmp(text, "auto") == 0) {
        *gamma = svm_gamma_auto(X);
        return true;
    }
    char *end;
    double g = strtod(text, &end);
    if (end == text || *end != '\0' || !(g > 0.0) || !isfinite(g))
        return false;
    *gamma = g;
    return true;
}

/* (gamma t + coef0)^degree by repeated multiplication (degree >= 0). */
static double poly_value(const SvmKernel *k, double dot)
{
    double base = k->gamma * dot + k->coef0, r = 1.0;
    for (int e = 0; e < k->degree; e++)
        r *= base;
    return r;
}

double svm_kernel_eval(const SvmKernel *k, const double *a, const double *b, int d)
{
    double dot = 0.0, d2 = 0.0;
    for (int j = 0; j < d; j++) {
        dot += a[j] * b[j];
        d2 += (a[j] - b[j]) * (a[j] - b[j]);
    }
    switch (k->type) {
    case SVM_KERNEL_RBF:
        return exp(-k->gamma * d2);
    case SVM_KERNEL_POLY:
        return poly_value(k, dot);
    default:
        return dot;
    }
}

void svm_kernel_from_dots(const SvmKernel *k, double *dot, int n, double xx, const double *zsq)
{
    if (k->type == SVM_KERNEL_RBF) {
        for (int t = 0; t < n; t++) {
            double d2 = xx + zsq[t] - 2.0 * dot[t];
            dot[t] = exp(-k->gamma * (d2 > 0.0 ? d2 : 0.0));
        }
    } else if (k->type == SVM_KERNEL_POLY) {
        for (int t = 0; t < n; t++)
            dot[t] = poly_value(k, dot[t]);
    }
}

void svm_kernel_row(const SvmKernel *k, const double *X, const double *xsq, int m, int d,
                    const double *x, double xx, double *out)
{
    // out (m) = X (m,d) @ x (d): every dot product at once
    cblas_dgemv(CblasRowMajor, CblasNoTrans, m, d, 1.0, X, d, x, 1, 0.0, out, 1);
    svm_kernel_from_dots(k, out, m, xx, xsq);
}

void svm_row_norms(const double *X, int m, int d, double *out)
{
    for (int t = 0; t < m; t++)
        out[t] = cblas_ddot(d, X + (size_t)t * d, 1, X + (size_t)t * d, 1);
}
