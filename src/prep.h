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
/* Sizes as scikit-learn's train_test_split: the test part has
 * ceil(test_frac * n) rows, the training part the rest (at least 1), each
 * in shuffled order.  test_frac must be in (0, 1) (else ERR_USAGE); too few
 * rows is ERR_DATA. */
int split_random(int n, double test_frac, Rng *rng, Split *out, Error *err);
/* The same test size, shared out over the classes in proportion to their
 * counts (largest remainder; ties to the lower class), never taking a
 * class's last training row when another class can give one instead.
 * y NULL: split_random.  Breast cancer (357/212), 0.2: 72 + 42 test rows. */
int split_stratified(const int *y, int n, int n_classes, double test_frac, Rng *rng, Split *out,
                     Error *err);
/* Train / validation / test (e.g. val 0.15, test 0.15): test =
 * ceil(test_frac * n), validation = ceil(val_frac * n) shared out over what
 * the test part left; stratified by y, at random when y is NULL.  val_frac
 * may be 0 (no validation part). */
int split_three(const int *y, int n, int n_classes, double val_frac, double test_frac, Rng *rng,
                Split *out, Error *err);
/* fold_of[i] in [0, k), 2 <= k <= n.  Stratified when y is not NULL: each
 * class's shuffled rows are dealt round the folds, the dealing running on
 * from one class to the next, so class counts and fold sizes differ by at
 * most one between folds. */
int kfold_assign(const int *y, int n, int n_classes, int k, Rng *rng, int *fold_of, Error *err);

/* ---- resampling the classes of a training part (resample.c) ------------ */
typedef enum { RESAMPLE_NONE, RESAMPLE_OVER, RESAMPLE_UNDER } ResampleKind;

/* "none" / "over" / "under" -> kind; -1 for anything else. */
int resample_kind_parse(const char *s, ResampleKind *out);
const char *resample_kind_name(ResampleKind k);
/* The rows of a resampled training part (malloc'ed, ascending, a row may
 * repeat): over, every class grows to the largest class's count, keeping
 * all its rows and drawing the rest with replacement (imbalanced-learn's
 * RandomOverSampler); under, every class shrinks to the smallest present
 * class's count, drawn without replacement (RandomUnderSampler).  y holds
 * classes in [0, k); a class without rows stays without.  Seeded by rng. */
int resample_rows(const int *y, int n, int k, ResampleKind kind, Rng *rng, int **rows,
                  int *count, Error *err);

/* ---- scalers (scaler.c) ------------------------------------------------ */
typedef enum { SCALE_NONE, SCALE_STANDARD, SCALE_MINMAX } ScaleKind;

typedef struct Scaler {
    ScaleKind kind;
    int d;
    /* x' = (x - shift) / scale, computed in double (the range of values
     * near FLT_MAX does not fit a float); constant columns get scale 1 */
    double *shift, *scale;
} Scaler;

/* "none" / "standard" / "minmax" -> kind; -1 for anything else. */
int scale_kind_parse(const char *s, ScaleKind *out);
const char *scale_kind_name(ScaleKind k);
/* standard: mean and population std (/n, as scikit-learn); minmax: min and
 * max - min.  SCALE_NONE leaves shift/scale NULL and transforms nothing. */
int scaler_fit(Scaler *s, ScaleKind kind, const Mat *X, Error *err);
/* In place; X must have the fitted number of columns (else untouched). */
void scaler_transform(const Scaler *s, Mat *X);
void scaler_inverse(const Scaler *s, Mat *X);
void scaler_free(Scaler *s);

/* ---- features (features.c) --------------------------------------------- */
/* out (n x k) = one-hot rows of y. */
int onehot(const int *y, int n, int k, Mat *out, Error *err);
/* All monomials of the d inputs of total degree 1..degree (no constant
 * column), in graded lexicographic order: x1, x2, x1^2, x1 x2, x2^2, ...
 * With d = 1 that is x, x^2, ..., x^degree. */
int poly_features(const Mat *X, int degree, Mat *out, Error *err);
/* Number of columns poly_features makes for d inputs: C(d + degree, degree)
 * - 1, or -1 beyond 1000000 columns.  poly_features also refuses (ERR_USAGE)
 * an output of more than 100 million values. */
long poly_feature_count(int d, int degree);

/* ---- PCA (pca.c) ------------------------------------------------------- */
typedef struct Pca {
    int d, k;
    float *mean;            /* d */
    Mat components;         /* k x d, rows are unit eigenvectors, largest first */
    float *explained_var;   /* k eigenvalues */
    double total_var;       /* sum of all d eigenvalues (the trace) */
} Pca;

/* Covariance (/(n - 1), in double) and LAPACK dsyev; components sorted by
 * variance, each signed so that its entry of largest magnitude is
 * positive.  Needs n >= 2 and 1 <= k <= d. */
int pca_fit(Pca *p, const Mat *X, int k, Error *err);
int pca_transform(const Pca *p, const Mat *X, Mat *out, Error *err); /* n x k */
void pca_free(Pca *p);

#endif
