/* lapack.h - prototypes of the few Fortran LAPACK routines mllab calls.
 *
 * Debian's OpenBLAS exports LAPACK with Fortran linkage (ssyev_, sgels_, ...)
 * but not LAPACKE, so we declare what we use.  Arrays are column-major;
 * a row-major matrix passed as-is is its transpose. */
#ifndef MLLAB_LAPACK_H
#define MLLAB_LAPACK_H

/* Least squares min ||A x - b|| by QR (trans 'N'), A is m x n column-major. */
void sgels_(const char *trans, const int *m, const int *n, const int *nrhs, float *a,
            const int *lda, float *b, const int *ldb, float *work, const int *lwork, int *info);
/* Minimum-norm least squares by SVD (handles rank deficiency). */
void sgelsd_(const int *m, const int *n, const int *nrhs, float *a, const int *lda, float *b,
             const int *ldb, float *s, const float *rcond, int *rank, float *work,
             const int *lwork, int *iwork, int *info);
void dgelsd_(const int *m, const int *n, const int *nrhs, double *a, const int *lda, double *b,
             const int *ldb, double *s, const double *rcond, int *rank, double *work,
             const int *lwork, int *iwork, int *info);
/* Symmetric positive definite solve A x = B (Cholesky). */
void sposv_(const char *uplo, const int *n, const int *nrhs, float *a, const int *lda, float *b,
            const int *ldb, int *info);
void dposv_(const char *uplo, const int *n, const int *nrhs, double *a, const int *lda,
            double *b, const int *ldb, int *info);
/* Eigen-decomposition of a symmetric matrix (jobz 'V' gives vectors). */
void ssyev_(const char *jobz, const char *uplo, const int *n, float *a, const int *lda, float *w,
            float *work, const int *lwork, int *info);
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info);

#endif
