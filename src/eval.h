/* eval.h - running algorithms on data: shared by the CLI and the TUI.
 *
 * Flow: eval_load (dataset + split, once) -> session_open (scale the parts
 * as the algorithm wants, create the model; or session_open_loaded, a saved
 * model) -> session_step ... or session_fit -> session_evaluate (predict the
 * test part, compute metrics).
 * eval_compare runs several classifiers on the same split (or the same
 * folds).  Nothing here prints; progress is reported through callbacks. */
#ifndef MLLAB_EVAL_H
#define MLLAB_EVAL_H

#include <stdbool.h>
#include <stdint.h>

#include "algo.h"
#include "dataset.h"
#include "metrics.h"
#include "pipeline.h"
#include "prep.h"
#include "strbuf.h"
#include "trace.h"

typedef struct EvalOptions {
    const char *dataset;    /* registry name or CSV path; NULL = default for the kind:
                               breast_cancer (classifier), diabetes (regressor),
                               blobs (clusterer) */
    const char *train_file; /* explicit split (CSV files); overrides dataset */
    const char *test_file;  /* may lack the target column: predictions only */
    const char *target;     /* target column name (CSV), NULL = last */
    double test_size;       /* (0, 1), default 0.2; ignored for sets with split_at
                               unless pool_split */
    bool pool_split;        /* a set with a standard split (mnist): pool all its rows
                               and split them at random with test_size (stratified,
                               seeded) instead; the CLI sets it when --test-size is
                               given (issue 11: the tutorial's 80/20 of all 70000) */
    uint64_t seed;          /* default 42 */
    const char *scale;      /* "none" | "standard" | "minmax" | NULL = algorithm default
                               (none for image sets) */
    int cv;                 /* >= 2: k-fold cross-validation instead of one split */
    int max_features;       /* text sets: the vocabulary cap; 0 = the default
                               (text_data.h), < 0 = every term */
    /* Reading CSV files (issue 11; dataset.h CsvOptions): */
    char sep;               /* ',' ';' '\t', or 0: detected from the header */
    const char *columns;    /* comma list: only these features (NULL: all) */
    const char *drop;       /* comma list: not these features */
    const char *categorical; /* comma list: these features hold categories */
    bool missing;           /* empty / NA / NaN cells are missing (--impute given);
                               else such a cell is a located error */
    double val_size;        /* (0, 1): a validation part of this fraction of the rows
                               (split_three, stratified for classes); 0 = none */
    DatasetProgress progress; /* loading progress (issue 12; dataset.h); fn NULL: none */
    bool image_bytes;       /* the IDX image sets stay bytes (dataset.h CsvOptions): the
                               parts are byte-backed Mats (mat.h), a quarter of the memory;
                               sessions give floats to the models that need them */
} EvalOptions;

void eval_options_default(EvalOptions *o);

/* A loaded dataset and its split.  For k-fold, `all` holds every row and
 * fold_of[i] the fold of row i; otherwise train/test hold the parts.  Split
 * classification data stratified.  Sets with a standard split (mnist) use it,
 * and are divided without holding two full copies at once. */
typedef struct EvalData {
    char *name;            /* dataset name for reports */
    DatasetTask task;      /* from the target: classification when labels exist */
    Dataset train, test;   /* single split */
    bool test_has_target;
    Dataset all;           /* k-fold */
    int *fold_of;
    int folds;
    uint64_t seed;
    /* How the rows were divided, for reports. */
    bool from_files;       /* --train / --test */
    bool standard_split;   /* the set's own split (split_at, e.g. mnist 60000/10000) */
    bool pooled;           /* a set with a standard split whose rows were pooled and
                              split at random (EvalOptions.pool_split) */
    int pooled_rows;       /* ... how many rows were pooled (70000 for mnist) */
    bool stratified;       /* by class (classification targets) */
    double test_size;      /* the fraction held out (random splits) */
    char sep;              /* the separator of a CSV file read by path, else 0 */
    Dataset val;           /* --val-size: the validation part (empty otherwise) */
    double val_size;
    const PrepSpec *prep;  /* set by the caller (not eval_load): the preparation each
                              session of eval_cross_validate and eval_compare fits on its
                              own training part (each fold's), or NULL */
    const bool *threshold_auto; /* set by the caller: eval_compare's algorithm i chooses
                              its threshold (-p threshold=auto) when threshold_auto[i]
                              (eval_cross_validate: [0], in each fold); NULL: none does */
} EvalData;

/* kind decides the default dataset and what the target must be.  With
 * o->val_size and o->cv, each fold's training part gives up its validation
 * part later (eval_fold_val); val_size records the fraction. */
int eval_load(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err);
void eval_data_free(EvalData *d);

/* The scaling a run uses: o->scale if set, else none for image sets, else
 * algo->default_scale.  -1 (ERR_USAGE) for an unknown name. */
int eval_scale_for(const Algo *algo, const EvalOptions *o, const Dataset *train, ScaleKind *out,
                   Error *err);

/* ---- sessions (session.c) -------------------------------------------------
 *
 * A session owns the one path by which a model's inputs are scaled: a scaler
 * fitted on the training part, the scaler a saved model file records, or none.
 * It applies the scaler to copies of the parts, or (SessionSpec.in_place, for
 * one-shot front ends that do not need the raw values again) to the parts of
 * an EvalData in place, so that MNIST with --scale standard stays well under
 * 600 MB.  Reports read what was done from the session (RunResult.scaling). */

/* Where a session's scaling comes from. */
typedef enum {
    SCALING_FITTED,   /* fitted on the training part (kind none: nothing to fit) */
    SCALING_LOADED,   /* the scaler a saved model file records */
    SCALING_REFITTED, /* a saved model whose file records none (a version 1
                         network): fitted again on the training part */
} ScalingSource;

/* How a session scales its inputs, as the reports describe it. */
typedef struct SessionScaling {
    ScaleKind kind;
    ScalingSource source;
    bool is_default;      /* the algorithm's choice, not asked for (--scale) */
} SessionScaling;

/* The scaling a run asks for: eval_scale_for's kind, fitted, is_default when
 * o->scale is not set. */
int eval_scaling_for(const Algo *algo, const EvalOptions *o, const Dataset *train,
                     SessionScaling *out, Error *err);

/* What a session is opened on. */
typedef struct SessionSpec {
    const Algo *algo;
    const Params *params;     /* NULL: the algorithm's defaults */
    const Dataset *train, *test; /* the parts (from an EvalData, or a fold); test may be NULL */
    bool test_has_target;
    SessionScaling scaling;   /* kind and is_default (source: the session decides) */
    EvalData *in_place;       /* not NULL: use in_place->train and ->test (train and
                                 test are ignored) and scale them in place instead of
                                 copies; the caller's data stays scaled */
    uint64_t seed;
    Trace *trace;             /* may be NULL */
    const Dataset *val;       /* a validation part, prepared like the test part (in_place:
                                 in_place->val when it has rows), or NULL */
    const PrepSpec *prep;     /* steps beyond scaling (pipeline.h), or NULL.  When it
                                 asks for one, or the training part has categorical
                                 features, the session prepares copies of the parts
                                 with a Pipeline (in_place: the prepared parts replace
                                 the EvalData's) */
    bool threshold_auto;      /* -p threshold=auto (binary classifiers with scores): the
                                 threshold on the positive class's score that maximises
                                 F1 on the validation part (or, without one, on the
                                 training part) decides the predictions of every part
                                 evaluated */
} SessionSpec;

/* What a session's preparation did, for the reports (active false: scaling
 * only, as before issue 11). */
typedef struct PrepSummary {
    bool active;
    char steps[256];          /* pipeline_describe */
    int features_in, features_out;
    long unseen;              /* test cells of categories the training part lacks */
    double seconds;           /* fitting it and preparing the parts */
    ResampleKind resample;    /* --resample (whether or not active) ... */
    int rows_before, rows_after; /* ... and the training rows before and after it */
} PrepSummary;

/* A model read from a file that algo->save wrote. */
typedef struct LoadedModel {
    void *model;              /* trained, ready to predict */
    Scaler scaler;            /* the one the file records ... */
    bool has_scaler;          /* ... if it records one (version 1 networks do not) */
    Pipeline *pipeline;       /* the preparation the file records, or NULL (files
                                 without the section: every file before it) */
    char *path;               /* the file it came from (messages name it) */
} LoadedModel;

typedef struct Session {
    const Algo *algo;
    Params params;
    SessionScaling scaling;   /* the one scaling path: what was done and why */
    ScaleKind scale;          /* = scaling.kind (kept for the views) */
    Scaler scaler;            /* fitted on the training part, or loaded */
    Dataset train_own, test_own;   /* scaled copies (empty when none or in place) */
    const Dataset *train, *test;   /* what the model sees: own copies or the given parts */
    bool test_has_target;
    void *model;
    bool loaded;              /* the model came from a file (session_open_loaded) */
    Rng rng;
    Trace *trace;             /* may be NULL */
    int steps;
    bool done;
    double fit_seconds;       /* time spent inside create + step */
    Pipeline *pipeline;       /* the preparation beyond scaling, or NULL */
    const Dataset *val;       /* the prepared validation part, or NULL */
    Dataset val_own;
    Dataset resampled;        /* --resample: the resampled training part (before preparing) */
    PrepSummary prep;
    bool threshold_auto;      /* SessionSpec.threshold_auto */
    bool threshold_chosen;    /* threshold holds the choice (made at the first evaluation) */
    double threshold;
    const char *threshold_part; /* "validation" or "training": where it was chosen */
} Session;

/* Open a session on a new, untrained model (algo->create). */
int session_open_spec(Session *s, const SessionSpec *spec, Error *err);
/* The same with copies of the parts scaled by `scale` (fitted on train).
 * params may be NULL (defaults).  trace may be NULL. */
int session_open(Session *s, const Algo *algo, const Params *params, const Dataset *train,
                 const Dataset *test, bool test_has_target, ScaleKind scale, uint64_t seed,
                 Trace *trace, Error *err);

/* Read the model file at path with algo->load (ERR_IO when it cannot be
 * opened; every message starts with the path).  params (the run's, e.g. from
 * -p) receive the parameters the file records (the network's shape).  Free
 * with loaded_model_free unless a session took it. */
int model_load(LoadedModel *m, const Algo *algo, const char *path, Params *params, Error *err);
void loaded_model_free(const Algo *algo, LoadedModel *m);
/* Open a session on a loaded model, which counts as trained (done, 0 steps).
 * A model that does not take the data (algo->check_data: features, classes,
 * image size) is refused with ERR_DATA, the message naming the model file,
 * the data and both sides of the mismatch.
 * Its inputs are scaled with the file's scaler (ERR_DATA when the data has
 * another number of features), or, when the file records none, with
 * spec->scaling fitted again on the training part.  Takes the model and the
 * scaler out of *m, whatever the outcome. */
int session_open_loaded(Session *s, const SessionSpec *spec, LoadedModel *m, Error *err);
/* Write the trained model and the scaler of its inputs with algo->save
 * (ERR_USAGE for an algorithm that cannot be saved). */
int session_save(const Session *s, FILE *f, Error *err);

/* One step (sets trace->step).  After STEP_DONE, further calls return DONE. */
StepStatus session_step(Session *s, Error *err);
/* Step until done. */
int session_fit(Session *s, Error *err);
void session_close(Session *s);

typedef struct RunResult {
    const Algo *algo;
    int train_rows, test_rows, steps, n_classes;
    double fit_seconds, predict_seconds;
    bool has_truth;         /* the test part had a target */
    int *y_true;            /* test_rows (classifier/clusterer with labels) */
    int *y_pred;            /* test_rows (classifier, clusterer) */
    float *scores;          /* classifier: test_rows x n_classes or NULL; regressor: test_rows */
    float *y_value;         /* regressor truth (test_rows) */
    ClassReport cls;        /* classifiers with truth */
    double auc;             /* classifiers with scores: binary from the positive class's
                               score, more classes the macro one-vs-rest average; else NaN */
    double log_loss;        /* when scores_are_probs, else NaN */
    RegReport reg;          /* regressors with truth */
    ClusterReport clu;      /* clusterers (inertia; label scores when labels exist) */
    double train_score;     /* accuracy (classifier), mse (regressor) or inertia (clusterer)
                               on the training part (NaN when not computed) */
    int train_score_rows;   /* rows it was computed on: all of them, or an even
                               sample of EVAL_TRAIN_SCORE_ROWS for large sets */
    StrBuf model_json;      /* from algo->model_json, or empty */
    SessionScaling scaling; /* the session's */
    PrepSummary prep;       /* the session's */
    double threshold;       /* threshold=auto: the score threshold applied to the positive
                               class (y_pred = score >= threshold), else NaN */
    const char *threshold_part; /* "validation" or "training" (where it was chosen, by F1),
                                   or NULL: the model's own predictions */
} RunResult;

/* Training scores of large sets use an even sample of this many rows (so a
 * k-NN on MNIST does not predict 60000 extra rows). */
#define EVAL_TRAIN_SCORE_ROWS 2000

/* Predict the test part and score it.  Clusterers: inertia is measured
 * against the means of the training points in each predicted cluster (the
 * centroids, for k-means). */
int session_evaluate(Session *s, RunResult *r, Error *err);
/* The same on the validation part (ERR_USAGE when the session has none). */
int session_evaluate_val(Session *s, RunResult *r, Error *err);
void run_result_free(RunResult *r);

/* ---- validation parts (eval_val.c) -----------------------------------------
 *
 * A validation part (--val-size F) is taken from the training rows only,
 * never from the test part: one split's (eval_load, split_three) or, with
 * --cv, each fold's training rows (eval_fold_val). */

/* A classifier's validation part holds every class its training part holds
 * (threshold=auto and the validation metrics need them): else ERR_USAGE
 * naming --val-size and the class.  Nothing to check without classes. */
int eval_val_check(const Dataset *train, const Dataset *val, double val_size, Error *err);

/* Fold f's training rows (indices into d->all, n of them) divided into the
 * fold's training part and its validation part: ceil(d->val_size * n) rows,
 * stratified by class when d->stratified, drawn with a generator seeded by
 * d->seed and f (the same --seed, the same parts).  Both lists malloc'ed.
 * ERR_USAGE naming --val-size when the rows are too few. */
int eval_fold_val(const EvalData *d, int f, const int *rows, int n, int **train_rows,
                  int *n_train, int **val_rows, int *n_val, Error *err);

/* ---- k-fold for one algorithm --------------------------------------------- */
typedef struct CvResult {
    int folds;
    double *fold_metric;    /* accuracy (classifier) / r2 (regressor) / inertia per fold */
    double mean, std;
    double fit_seconds, predict_seconds; /* totals */
    SessionScaling scaling; /* each fold's session fits it on its training part */
    PrepSummary prep;       /* the first fold's preparation (each fold fits its own) */
    /* --val-size with --cv: the same metric on each fold's validation part
     * (carved from that fold's training rows), else NULL / 0. */
    double *val_fold_metric;
    double val_mean, val_std;
    int val_rows;           /* the first fold's validation rows (the others differ by
                               at most one) */
    double val_size;
    const char *threshold_part; /* threshold=auto: where each fold chose its threshold
                                   ("validation" or "training"), else NULL */
} CvResult;

/* scaling: kind and is_default (eval_scaling_for).  Each fold's session fits
 * d->prep (when set) on that fold's training part only. */
int eval_cross_validate(const Algo *algo, const Params *params, const EvalData *d,
                        const SessionScaling *scaling, Trace *trace, CvResult *out,
                        Error *err);
void cv_result_free(CvResult *r);

/* ---- comparing classifiers ------------------------------------------------- */

/* The scores of one part (macro averages; auc NaN if none). */
typedef struct CompareScores {
    double accuracy, precision, recall, f1, auc;
} CompareScores;

typedef struct CompareRow {
    const Algo *algo;
    /* One split: the values; k folds: the means (and *_std the sample std). */
    double accuracy, precision, recall, f1, auc; /* macro averages; auc NaN if none */
    double accuracy_std, precision_std, recall_std, f1_std, auc_std;
    double fit_seconds, predict_seconds;   /* one split: the run; folds: mean per fold */
    double *fold_accuracy;  /* folds entries (k-fold only) */
    int *y_pred;            /* one split: test predictions (McNemar, confusion) */
    int *confusion;         /* one split: n_classes x n_classes */
    double p_value;         /* against the best row: McNemar (split) or paired t over
                               folds; NaN for the best row itself */
    bool significant;       /* p_value < 0.05 */
    char error[256];        /* non-empty if this algorithm failed (others still run) */
    /* --val-size: the same scores on the validation part (k folds: the means
     * over each fold's validation part, and their sample stds); NaN without
     * one.  The significance tests stay on the test part. */
    CompareScores val, val_std;
    double threshold;       /* threshold=auto on one split: the chosen threshold, else NaN */
    const char *threshold_part; /* where it was chosen ("validation"/"training") or NULL */
} CompareRow;

typedef struct CompareResult {
    int n_rows;
    CompareRow *rows;       /* in the order given; see best */
    int best;               /* index of the highest accuracy */
    int folds;              /* 0 for one split */
    int n_classes;
    char **class_names;     /* borrowed from the EvalData */
    int test_rows;
    int *y_true;            /* one split */
    PrepSummary prep;       /* the first run's preparation (d->prep; each run fits its own
                               on its training part), or not active */
    int val_rows;           /* --val-size: the validation rows every model shares (k folds:
                               the first fold's), else 0 */
    double val_size;
} CompareResult;

/* Called before each algorithm (and fold), index in [0, n), with done 0;
 * then again during its fit with the fraction of the fit done when the
 * algorithm reports it (a network per mini-batch, a forest per tree: see
 * trace_progress), on the comparison's thread. */
typedef void (*CompareProgress)(void *ctx, int index, int n, int fold, int folds,
                                const char *algo_name, double done);

/* params[i] may be NULL or params may be NULL (defaults).  scale_override:
 * NULL = each algorithm's default.  cancel, when not NULL, is polled between
 * runs and passed to long steps through a Trace. */
int eval_compare(const Algo *const *algos, int n, const Params *const *params,
                 const EvalData *d, const char *scale_override, CompareProgress progress,
                 void *ctx, volatile int *cancel, CompareResult *out, Error *err);
void compare_result_free(CompareResult *r);

#endif
