/* algo.h - the contract every algorithm implements.
 *
 * Training is a sequence of steps.  fit = create + step until STEP_DONE; the
 * CLI runs to the end, the TUI calls step once per key press, tests call it
 * directly.  A step is what a learner wants to watch: one k-means
 * assign+update, one perceptron epoch, one tree split, one network epoch.
 *
 *  create   builds an untrained model from validated params and the training
 *           part (it may read sizes, classes, and keep what it needs).  It
 *           must not train.  Returns NULL and sets err on failure (e.g. a
 *           training set with a single class, a regressor on text labels).
 *  step     does one step; returns STEP_MORE while more remain, STEP_DONE
 *           when training is now finished (a call after DONE returns DONE and
 *           does nothing), STEP_ERROR with err set.  The driver sets
 *           trace->step before each call; trace may be NULL.  Long steps poll
 *           trace_cancelled(trace) (per mini-batch) and return STEP_ERROR
 *           with ERR_CANCELLED when it is set.
 *  predict  X has the training features' columns (already scaled like the
 *           training part).  Classifiers: labels[n] class indices (required);
 *           scores, when not NULL, n x n_classes where larger means more
 *           likely (probabilities when scores_are_probs).  Regressors: scores[n]
 *           predictions; labels is NULL.  Clusterers: labels[n] cluster
 *           indices; scores NULL.  Works after any number of steps (the TUI
 *           shades decision regions mid-training).  May be called from a
 *           different thread than step, but never at the same time.
 *  destroy  frees everything; NULL-safe.
 *
 * Views read a model through small inspect functions declared in the
 * module's own header (algorithms/kmeans.h: kmeans_centroids, ...). */
#ifndef MLLAB_ALGO_H
#define MLLAB_ALGO_H

#include <stdbool.h>
#include <stdio.h>

#include "dataset.h"
#include "error.h"
#include "mat.h"
#include "params.h"
#include "prep.h"
#include "rng.h"
#include "strbuf.h"
#include "trace.h"

typedef enum { ALGO_CLASSIFIER, ALGO_REGRESSOR, ALGO_CLUSTERER, ALGO_OPERATION } AlgoKind;
typedef enum { STEP_MORE, STEP_DONE, STEP_ERROR } StepStatus;

typedef struct Algo {
    const char *name;    /* "kmeans" (the CLI name)                       */
    const char *title;   /* "k-means clustering"                          */
    const char *summary; /* one line                                      */
    const char *group;   /* "regression", "classification", "clustering",
                            "neural networks", "operations"               */
    AlgoKind kind;
    const ParamSpec *params;  /* ends with {0}                            */
    ScaleKind default_scale;  /* used unless --scale (image sets: none)   */
    bool scores_are_probs;    /* predict's scores are probabilities       */
    bool needs_images;        /* only for image sets (image_w/h set): compare
                                 leaves it out on other data               */
    bool takes_bytes;         /* create, step and predict read byte-backed Mats
                                 (mat.h: mat_rows_f32, mat_row_bytes); else the
                                 session gives the model floats              */
    /* Optional, with takes_bytes: do these params need floats after all (an
     * SVM with a kernel)?  NULL: never. */
    bool (*needs_floats)(const Params *params);

    void *(*create)(const Params *params, const Dataset *train, Rng *rng, Error *err);
    StepStatus (*step)(void *model, const Dataset *train, Trace *trace, Error *err);
    int (*predict)(void *model, const Mat *X, int *labels, float *scores, Error *err);
    void (*destroy)(void *model);

    /* Optional (NULL when absent). */
    /* Append a JSON object describing the small model: {"coef": [...],
     * "intercept": ...} for linreg, {"weights": [...], "bias": ...} for a
     * binary linear classifier, {"centroids": [[...]]} for k-means, sizes
     * and depth for trees and networks. */
    void (*model_json)(const void *model, const Dataset *train, StrBuf *sb);
    /* Save/load a trained model (networks).  save writes the model and the
     * scaler its inputs were scaled with (NULL or SCALE_NONE: not scaled).
     * load reads what save wrote and returns the trained model together
     * with what the file records: every parameter of params the file stores
     * (the shape: mlp hidden and activation, cnn arch) is set, and, when
     * scaler is not NULL, *has_scaler tells whether the file records its
     * scaler (older files do not) and *scaler receives it (the caller frees
     * it).  Sessions adopt the model as trained (session_open_loaded). */
    int (*save)(const void *model, const Scaler *scaler, FILE *f, Error *err);
    void *(*load)(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
    /* With load: does a loaded model take this data?  -1 with ERR_DATA
     * naming both sides ("the saved mlp takes 4 features, the data has 30")
     * when the features, the classes or the image size differ.  The session
     * calls it before the model sees a row (session_open_loaded). */
    int (*check_data)(const void *model, const Dataset *data, Error *err);
    /* Validate on val (the run's --val-size part, prepared like the training
     * part) instead of holding training rows out (networks: the curves and
     * early stopping).  The session calls it after create and before the
     * first step when it has a validation part; val outlives the model's
     * training.  -1 with err set (ERR_DATA: features or classes differ). */
    int (*set_validation)(void *model, const Dataset *train, const Dataset *val, Error *err);
} Algo;

/* Has the user asked to stop?  (trace may be NULL.) */
static inline bool trace_cancelled(const Trace *t)
{
    return t && __atomic_load_n(&t->cancel_requested, __ATOMIC_RELAXED);
}

#endif
