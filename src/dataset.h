/* dataset.h - the Dataset type and the ways to get one.
 *
 * A Dataset is a float32 feature matrix X (n rows x d features) with
 * feature names, and a target:
 *   - classification: y[i] is a class index in [0, n_classes); classes are
 *     sorted (numerically when every label is a number, else as strings) and
 *     class_names keeps their text as it appears in the data;
 *   - regression: target[i] is the number.
 * A CSV target column whose values are all numbers fills both y/classes and
 * target (so one file serves a regressor and a classifier); a column with any
 * text fills only y.  A dataset without a target column (a test file given
 * only for predictions) has has_target false, y and target NULL.
 *
 * Image sets (mnist, fashion_mnist, digits) set image_w/image_h; pixels are
 * scaled to [0, 1] when loaded (digits: /16, MNIST: /255).  The IDX sets can
 * keep their pixels as bytes instead (CsvOptions.image_bytes): X is then
 * byte-backed (mat.h), its values the same floats read a block at a time.
 * Sets that come with a standard split (mnist, fashion_mnist) keep the
 * training rows first and set split_at to their count (60000). */
#ifndef MLLAB_DATASET_H
#define MLLAB_DATASET_H

#include <stdbool.h>

#include "error.h"
#include "mat.h"
#include "rng.h"

typedef struct Dataset {
    char *name;           /* "iris", or the file name for a CSV         */
    Mat X;                /* n x d                                      */
    char **feature_names; /* d strings                                  */
    bool has_target;
    char *target_name;    /* header of the target column                */
    int *y;               /* n class indices, or NULL                   */
    int n_classes;        /* 0 when y is NULL                           */
    char **class_names;   /* n_classes strings                          */
    float *target;        /* n numbers (regression), or NULL            */
    int image_w, image_h; /* > 0 for image sets                         */
    int split_at;         /* > 0: rows [0, split_at) are the standard training part */
    bool text;            /* tf-idf of documents (text_data.h): rows l2-normalised,
                             not scaled by default */
    /* Categorical features (dataset_columns.c; NULL when every feature is a
     * number): n_categories[j] > 0 makes feature j categorical, its values in X
     * the indices 0 .. n_categories[j]-1 into categories[j] (sorted texts), -1
     * for a category the training file never had.  Missing cells are NaN. */
    int *n_categories;    /* d entries, or NULL */
    char ***categories;   /* d entries (NULL for numeric features), or NULL */
} Dataset;

static inline int dataset_rows(const Dataset *ds) { return ds->X.rows; }
static inline int dataset_cols(const Dataset *ds) { return ds->X.cols; }

void dataset_free(Dataset *ds);
/* out = the listed rows of src, with copies of names and classes (class
 * indices keep their meaning: out has all of src's classes). */
int dataset_subset(const Dataset *src, const int *rows, int count, Dataset *out, Error *err);
/* out = a deep copy of src. */
int dataset_copy(const Dataset *src, Dataset *out, Error *err);
/* Count of each class in y (counts has n_classes entries). */
void dataset_class_counts(const Dataset *ds, int *counts);
/* Per-feature minimum, mean and maximum over all rows (each array has d
 * entries; NaN for every feature when there are no rows). */
void dataset_feature_stats(const Dataset *ds, double *min, double *mean, double *max);

/* ---- CSV (dataset_csv.c) ----------------------------------------------
 * Header row required; every feature must be a number (no silent
 * imputation: an empty or non-numeric cell is an error naming
 * FILE:LINE:COLUMN).  target_column: a header name, or NULL for the last
 * column.  Lines are 1-based with the header as line 1 (quoted fields may
 * span lines); columns are 1-based field numbers.
 * The target column: class labels as text or numbers (see the top).  An
 * all-numeric column with more than 100 distinct values is taken as a
 * regression target only: target is set, y NULL and n_classes 0.
 * require_target false: when the header has no column named target_column,
 * every column is a feature and has_target is false (a test file for
 * predictions only; pass the training set's target_name).  With
 * target_column NULL the last column is always the target.
 * Errors: ERR_IO (cannot read), ERR_DATA (FILE:LINE:COLUMN: ...), ERR_USAGE
 * (target_column names no column). */
int dataset_load_csv(Dataset *ds, const char *path, const char *target_column,
                     bool require_target, Error *err);
/* The same from memory (fuzzing, tests); `label` names it in messages. */
int dataset_parse_csv(Dataset *ds, const char *data, size_t len, const char *label,
                      const char *target_column, bool require_target, Error *err);

/* Loading progress (issue 12): fn(fraction, ctx) with the fraction (0..1)
 * of the data read so far, strictly increasing and ending with 1 when the
 * load succeeds.  Called every chunk of the file (not every row), possibly
 * from a loading thread, but never two calls at once.  fn NULL: none. */
typedef struct DatasetProgress {
    void (*fn)(double fraction, void *ctx);
    void *ctx;
} DatasetProgress;

/* Reading options (dataset_columns.c does the column work).  The defaults
 * (all zero / NULL) read as above; the CLI turns on the lenient ones. */
typedef struct CsvOptions {
    char sep;                  /* ',' ';' or '\t'; 0: detected from the header line
                                  (the most frequent of the three outside quotes) */
    bool categories;           /* a feature whose first non-missing value is not a
                                  number holds categories (one text each) */
    const char *categorical;   /* comma-separated features that hold categories */
    bool missing;              /* empty, NA, N/A and NaN cells (any case) are missing:
                                  NaN in X, for an imputer to fill */
    char sep_used;             /* out: the separator read */
    DatasetProgress progress;  /* loading progress: dataset_load_csv_opts (every 4096
                                  lines) and the IDX sets (mnist, fashion_mnist) that
                                  dataset_load_opts reads */
    bool image_bytes;          /* the IDX sets (mnist, fashion_mnist) keep their pixels
                                  as bytes: X byte-backed (mat.h), a quarter of the
                                  memory; the values read are the same floats */
} CsvOptions;

/* dataset_parse_csv / dataset_load_csv with options (o may be NULL). */
int dataset_parse_csv_opts(Dataset *ds, const char *data, size_t len, const char *label,
                           const char *target_column, bool require_target, CsvOptions *o,
                           Error *err);
int dataset_load_csv_opts(Dataset *ds, const char *path, const char *target_column,
                          bool require_target, CsvOptions *o, Error *err);
/* Keep only the features named in `columns` (comma-separated, in that order)
 * and then drop those named in `drop` (either may be NULL).  ERR_USAGE naming
 * the option, the unknown name and the features there are. */
int dataset_select_features(Dataset *ds, const char *columns, const char *drop, Error *err);
/* A test file's categorical features re-coded to the training file's
 * categories (by text; a category the training file lacks becomes -1);
 * ERR_DATA when a feature is categorical in one file and not the other. */
int dataset_adopt_categories(const Dataset *train, Dataset *test, const char *label,
                             Error *err);
/* Release / copy the categories (dataset.c calls these). */
void dataset_categories_free(Dataset *ds);
int dataset_categories_copy(const Dataset *src, Dataset *out);
/* True when some feature is categorical / some value of X is NaN. */
bool dataset_has_categories(const Dataset *ds);
bool dataset_has_missing(const Dataset *ds);

/* ---- IDX (dataset_idx.c): MNIST's format, plain or .gz ------------------ */
/* Images (magic 0x803) and labels (0x801) into ds; pixels / 255. */
int dataset_load_idx(Dataset *ds, const char *images_path, const char *labels_path,
                     Error *err);
/* Both pairs of a standard split at once (decompressed in two threads):
 * training rows first, split_at = their count. */
int dataset_load_idx_split(Dataset *ds, const char *train_images, const char *train_labels,
                           const char *test_images, const char *test_labels, Error *err);
/* The same, reporting the progress (may be NULL) through p. */
int dataset_load_idx_split_progress(Dataset *ds, const char *train_images,
                                    const char *train_labels, const char *test_images,
                                    const char *test_labels, const DatasetProgress *p,
                                    Error *err);
/* The same, with keep_bytes: X byte-backed (mat.h, scale 255), not floats. */
int dataset_load_idx_split_opts(Dataset *ds, const char *train_images, const char *train_labels,
                                const char *test_images, const char *test_labels,
                                const DatasetProgress *p, bool keep_bytes, Error *err);
/* Append a second pair (the test part) after the rows of ds; sets split_at. */
int dataset_append_idx(Dataset *ds, const char *images_path, const char *labels_path,
                       Error *err);
/* Parse one IDX file already in memory (uncompressed).  Fills *dims (up to
 * 3) and *data (malloc'd bytes). For the fuzzer and tests. */
int idx_parse(const unsigned char *buf, size_t len, const char *label, int *ndims, int dims[3],
              unsigned char **data, Error *err);

/* ---- The registry of named sets (dataset_registry.c) ------------------- */
typedef enum { DS_CLASSIFICATION, DS_REGRESSION } DatasetTask;

typedef struct DatasetInfo {
    const char *name;     /* "breast_cancer" */
    const char *title;    /* "Breast cancer Wisconsin (diagnostic)" */
    DatasetTask task;
    bool generated;       /* synth set (seeded) */
    bool image;
    const char *shape;    /* "569 x 30, 2 classes" */
} DatasetInfo;

/* All named sets (bundled, Debian's fashion_mnist, generated). */
const DatasetInfo *dataset_registry(int *count);
const DatasetInfo *dataset_info(const char *name);
/* (The folder with the bundled files is path_data_dir() in paths.h.) */
/* Load a set by registry name or CSV path.  Generated sets draw from rng.
 * target_column applies to CSV files. */
int dataset_load(Dataset *ds, const char *name_or_path, const char *target_column, Rng *rng,
                 Error *err);
/* The same with reading options for CSV files given by path (csv may be NULL;
 * the bundled sets ignore it). */
int dataset_load_opts(Dataset *ds, const char *name_or_path, const char *target_column,
                      CsvOptions *csv, Rng *rng, Error *err);
/* Path of a dataset's card (datasets/NAME.md) into buf, or -1. */
int dataset_card_path(const char *name, char *buf, size_t size);

#endif
