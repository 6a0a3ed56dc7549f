/* algorithms/svm_kernel.h - the kernels of the kernel SVM (algorithms/svm_dual.c)
 * and scikit-learn's gamma = 'scale'.
 *
 *   linear  K(x, z) = x.z
 *   rbf     K(x, z) = exp(-gamma ||x - z||^2)
 *   poly    K(x, z) = (gamma x.z + coef0)^degree
 *
 * Inputs are doubles (the solver keeps its rows in double, as LIBSVM does);
 * one kernel row K(x, X[t]) for all t is a dgemv plus a map. */
#ifndef MLLAB_SVM_KERNEL_H
#define MLLAB_SVM_KERNEL_H

#include <stdbool.h>

#include "mat.h"

typedef enum { SVM_KERNEL_NONE, SVM_KERNEL_LINEAR, SVM_KERNEL_RBF, SVM_KERNEL_POLY } SvmKernelType;

typedef struct SvmKernel {
    SvmKernelType type;
    double gamma; /* rbf, poly */
    double coef0; /* poly */
    int degree;   /* poly */
} SvmKernel;

/* "none" | "linear" | "rbf" | "poly" (anything else: none). */
SvmKernelType svm_kernel_parse(const char *s);
const char *svm_kernel_name(SvmKernelType t);

/* scikit-learn's gamma = 'scale': 1 / (d var(X)), the variance over every
 * entry of X; 1 when that variance is 0. */
double svm_gamma_scale(const Mat *X);
/* gamma = 'auto': 1 / d. */
double svm_gamma_auto(const Mat *X);

/* "scale", "auto" or a positive number -> *gamma (for X).  false when the
 * text is none of them. */
bool svm_gamma_parse(const char *text, const Mat *X, double *gamma);

/* K(a, b) for two vectors of d. */
double svm_kernel_eval(const SvmKernel *k, const double *a, const double *b, int d);

/* out[t] = K(x, X[t]) for the m rows of X (m,d).  xsq[t] = ||X[t]||^2
 * (needed by rbf; may be NULL otherwise), xx = ||x||^2. */
void svm_kernel_row(const SvmKernel *k, const double *X, const double *xsq, int m, int d,
                    const double *x, double xx, double *out);

/* The map from dot products to kernel values, in place over n entries:
 * dot[t] = x.z_t becomes K(x, z_t); xx = ||x||^2, zsq[t] = ||z_t||^2. */
void svm_kernel_from_dots(const SvmKernel *k, double *dot, int n, double xx, const double *zsq);

/* ||row||^2 of each of the m rows of X (m,d) into out (m). */
void svm_row_norms(const double *X, int m, int d, double *out);

#endif
