/* text_data.h - text corpora as datasets every classifier can use: tf-idf
 * features (dense float32, one column per vocabulary term).
 *
 * Text datasets are `fortunes` and any CSV file whose header has a column
 * named `text` (the label column is --target, default `label`).  For a run
 * or a comparison (eval_load_text) the corpus is split first, stratified by
 * label and seeded exactly like any other dataset, and the vocabulary and
 * idf are fitted on the training part only; the test part is transformed
 * with them (terms never seen in training are ignored).  Rows are
 * l2-normalised, so such sets are not scaled unless --scale says so.
 *
 * The vocabulary is capped (max_features: the most frequent terms of the
 * training part) so that the dense matrix stays small: n documents x
 * max_features x 4 bytes (fortunes with the default 2000: 5545 x 2000 x 4 =
 * 44 MB; with 5000, 111 MB; uncapped, 18,049 terms, 400 MB).  Above the
 * limit of text_dense_limit() (1 GB, or $MLLAB_TEXT_DENSE_MB) loading is
 * refused with a message naming max_features.
 *
 * --train/--test may be two such CSV files: the vocabulary is fitted on the
 * training file (eval_load_text_files).
 *
 * k-fold cross-validation of a text set is refused for now: the vocabulary
 * would have to be fitted on each fold's training part. */
#ifndef MLLAB_TEXT_DATA_H
#define MLLAB_TEXT_DATA_H

#include <stdbool.h>

#include "dataset.h"
#include "eval.h"
#include "text.h"

/* The vocabulary cap when none is given ($MLLAB_TFIDF_MAX_FEATURES
 * overrides it; 0 there means no cap). */
#define TEXT_DEFAULT_MAX_FEATURES 2000
int text_default_max_features(void);

/* Is this a text dataset (fortunes, or a CSV with a `text` column)? */
bool text_dataset_is(const char *name_or_path);

/* The corpus of a text dataset: label_column NULL = `label` (CSV); the
 * documents must be labelled. */
int text_dataset_corpus(TextCorpus *c, const char *name_or_path, const char *label_column,
                        Error *err);

/* out = the listed documents of c as tf-idf features over m's vocabulary
 * (feature names are the terms), labelled with c's classes. */
int text_dataset_make(const TextCorpus *c, const int *rows, int n_rows, const TfidfModel *m,
                      Dataset *out, Error *err);

/* dataset_load for a text set: every document, the vocabulary fitted on all
 * of them (for browsing; runs use eval_load_text). max_features <= 0: the
 * default. */
int text_dataset_load(Dataset *ds, const char *name_or_path, const char *label_column,
                      int max_features, Error *err);

/* The split eval_load_text makes for this corpus: stratified by label,
 * drawn from a generator seeded with seed (the same rows as eval_load would
 * choose for a dataset with these labels). */
int text_dataset_split(const TextCorpus *c, double test_size, uint64_t seed, Split *s,
                       Error *err);

/* eval_load for text datasets (eval_load calls it): split, fit tf-idf on
 * the training part, transform both parts.  o->max_features <= 0: the
 * default. */
int eval_load_text(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err);

/* eval_load for --train/--test files that are text corpora (CSV files with
 * a `text` column; eval_load calls it): tf-idf fitted on every training
 * document, the test file transformed with it.  The test file may lack the
 * label column (predictions only) unless --target names it; its classes
 * must appear in the training file. */
int eval_load_text_files(EvalData *d, const EvalOptions *o, AlgoKind kind, Error *err);

#endif
