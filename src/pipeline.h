/* pipeline.h - the preparation of a model's inputs, fitted on the training
 * part only and applied unchanged to the other parts (issue 11):
 *
 *   deskew (--deskew; image sets) -> impute (--impute) -> one-hot
 *   (categorical features) -> scale (--scale)
 *   -> polynomial features (--poly D) and PCA (--pca N or a variance
 *   fraction), these two in the order asked for -> standardising again
 *   (--rescale).
 *
 * A session owns one (eval.h, SessionSpec.prep) when a step beyond scaling is
 * asked for or the data needs one (categories, missing cells).  Nothing here
 * prints. */
#ifndef MLLAB_PIPELINE_H
#define MLLAB_PIPELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "dataset.h"
#include "prep.h"

typedef enum { IMPUTE_NONE, IMPUTE_MEAN, IMPUTE_MEDIAN, IMPUTE_MOST_FREQUENT } ImputeKind;

/* "mean" / "median" / "most_frequent" -> kind; -1 for anything else. */
int impute_kind_parse(const char *s, ImputeKind *out);
const char *impute_kind_name(ImputeKind k);

/* The memory a prepared part may take (the matrix the polynomial features or
 * PCA make, or PCA's covariance): beyond it --poly / --pca are refused. */
#define PIPELINE_MAX_BYTES (400L * 1024 * 1024)

/* What is asked for (all zero: nothing beyond scaling). */
typedef struct PrepSpec {
    bool deskew;         /* --deskew: straighten and centre each image first
                            (src/deskew.h; stateless, image sets only) */
    ImputeKind impute;   /* numeric features; categorical ones take their most
                            frequent category whenever imputing is on */
    int poly;            /* degree >= 2, or 0 (none) */
    int pca;             /* components >= 1, or 0 (none; see pca_var) */
    double pca_var;      /* in (0, 1): as many components as explain this fraction
                            of the variance (pca is then 0) */
    bool pca_first;      /* PCA before the polynomial features (--pca given first) */
    bool rescale;        /* --rescale: standardise the last step's output (the
                            polynomial features' ranges differ by orders of
                            magnitude; gradient descent wants them alike) */
    ResampleKind resample; /* --resample over|under: the training part's classes, before
                              the pipeline (classifiers; not a step of prep_spec_any) */
} PrepSpec;

/* Whether a spec asks for a step beyond scaling. */
bool prep_spec_any(const PrepSpec *spec);

typedef struct Pipeline {
    PrepSpec spec;
    ScaleKind scale;
    int d_in;              /* the features of the data */
    int image_w, image_h;  /* --deskew: the images' shape (w * h == d_in), else 0 */
    /* impute: fill[j] for each input feature (NULL when not imputing) */
    float *fill;
    /* one-hot: n_cat[j] categories of input j (0: numeric), slot[j][c] the
     * output column of category c, or -1 when the training part lacks it */
    int *n_cat;
    int **slot;
    int d_onehot;
    bool has_onehot;
    Scaler scaler;         /* on the d_onehot columns */
    int d_poly;            /* after the polynomial step (when there is one) */
    Pca pca;
    bool has_pca;
    Scaler post;           /* --rescale: standard, on the last step's output */
    int d_out;             /* the features the model sees */
    char **names;          /* d_out feature names */
    long unseen;           /* cells of categories the training part lacks, over the
                              parts transformed after fitting */
    char **in_names;       /* d_in input feature names (checked against a loaded model's data) */
    char ***cat_names;     /* [j][c]: category c of input j (one-hot; NULL rows for numeric) */
    bool loaded;           /* read from a model file: a part's categories are matched to
                              cat_names by name, not by index */
} Pipeline;

/* Fit every step on train (stepwise: each on the output of the one before)
 * and write the prepared training part to out.  Errors: ERR_USAGE (--deskew
 * on a set without an image shape, --pca
 * above the feature count, --poly/--pca above PIPELINE_MAX_BYTES: the
 * message names the option and the estimate), ERR_DATA (a feature with
 * missing cells and no --impute, a feature missing in every training row). */
int pipeline_fit(Pipeline *p, const PrepSpec *spec, ScaleKind scale, const Dataset *train,
                 Dataset *out, Error *err);
/* out = in prepared as fitted (in must have d_in features); adds to unseen. */
int pipeline_apply(Pipeline *p, const Dataset *in, Dataset *out, Error *err);
/* "deskew, impute mean, one-hot 3 -> 9, standard scaling, pca 30, poly 2" (no feature
 * counts at the end: d_out says it). */
void pipeline_describe(const Pipeline *p, char *buf, size_t size);
void pipeline_free(Pipeline *p);

/* ---- saved with a model (pipeline_io.c; docs/model-format.md) ---- */
/* Write the preparation section (magic MLLABPP, version, body, CRC-32). */
int pipeline_write(const Pipeline *p, FILE *f, Error *err);
/* Read a preparation section at the file's position into p (loaded = true)
 * and set *present; a file that starts otherwise (the network itself, every
 * file from before the section) is left where it was, *present false.
 * ERR_DATA for a damaged section. */
int pipeline_read(Pipeline *p, FILE *f, bool *present, Error *err);
/* Does the data fit a loaded pipeline: the feature count, names and which
 * are categorical?  ERR_DATA naming both sides. */
int pipeline_check_data(const Pipeline *p, const Dataset *d, Error *err);

#endif
