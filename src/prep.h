/* prep.h - preparing data: splits, folds, scalers, one-hot, polynomial
 * features and PCA.  Scalers are fitted on the training part only. */
#ifndef MLLAB_PREP_H
#define MLLAB_PREP_H

#include "dataset.h"
#include "mat.h"
#include "rng.h"

/* ---- splits (split.c) -------------------------------------------------- */
typedef struct Split {
    int *train, *val, *test; /* row indices (val may be NULL / empty) */
    int n_train, n_val, n_test;
} Split;

void split_free(Split *s);
/* Shuffle, then the last round(n * test_frac) rows are the test part
 * (at least 1 and at most n - 1).  test_frac in (0, 1). */
int split_random(int n, double test_frac, Rng *rng, Split *out, Error *err);
/* Per class, round(count * test_frac) rows go to the test part. */
int split_stratified(const int *y, int n, int n_classes, double test_frac, Rng *rng, Split *out,
                     Error *err);
/* Stratified train / validation / test (e.g. 0.70 / 0.15 / 0.15). */
int split_three(const int *y, int n, int n_classes, double val_frac, double test_frac, Rng *rng,
                Split *out, Error *err);
/* fold_of[i] in [0, k): stratified by y when y is not NULL. */
int kfold_assign(const int *y, int n, int n_classes, int k, Rng *rng, int *fold_of, Error *err);

/* ---- scalers (scaler.c) ------------------------------------------------ */
typedef enum { SCALE_NONE, SCALE_STANDARD, SCALE_MINMAX } ScaleKind;

typedef struct Scaler {
    ScaleKind kind;
    int d;
    float *shift, *scale; /* x' = (x - shift) / scale; constant columns get scale 1 */
} Scaler;

/* "none" / "standard" / "minmax" -> kind; -1 for anything else. */
int scale_kind_parse(const char *s, ScaleKind *out);
const char *scale_kind_name(ScaleKind k);
int scaler_fit(Scaler *s, ScaleKind kind, const Mat *X, Error *err);
void scaler_transform(const Scaler *s, Mat *X); /* in place */
void scaler_inverse(const Scaler *s, Mat *X);   /* in place */
void scaler_free(Scaler *s);

/* ---- features (features.c) --------------------------------------------- */
/* out (n x k) = one-hot rows of y. */
int onehot(const int *y, int n, int k, Mat *out, Error *err);
/* All monomials of the d inputs of total degree 1..degree (no constant
 * column), in graded lexicographic order: x1, x2, x1^2, x1 x2, x2^2, ...
 * With d = 1 that is x, x^2, ..., x^degree. */
int poly_features(const Mat *X, int degree, Mat *out, Error *err);
/* Number of columns poly_features makes for d inputs (or -1 if too many). */
long poly_feature_count(int d, int degree);

/* ---- PCA (pca.c) ------------------------------------------------------- */
typedef struct Pca {
    int d, k;
    float *mean;            /* d */
    Mat components;         /* k x d, rows are unit eigenvectors, largest first */
    float *explained_var;   /* k eigenvalues */
    double total_var;
} Pca;

int pca_fit(Pca *p, const Mat *X, int k, Error *err);
int pca_transform(const Pca *p, const Mat *X, Mat *out, Error *err); /* n x k */
void pca_free(Pca *p);

#endif
