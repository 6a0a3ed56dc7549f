/* algorithms/model_io.h - saving and loading the trained models that are not
 * networks (issue 11): linear models, naive Bayes, k-NN, k-means, trees.
 *
 * Every model is written in the networks' container (algorithms/nn_io.h:
 * magic "MLLABNN\0", version, a key=value header, named tensors, the scaler,
 * a CRC-32; docs/model-format.md), preceded by the preparation section when
 * the run had a pipeline (src/pipeline_io.c, written by session_save).  The
 * header's kind= names the algorithm, inputs= and classes= its shape, and
 * any key that is a parameter of the algorithm (threshold, degree, k, ...)
 * is handed to the parameters on load, as for the networks.
 *
 * Tensors hold float32 values.  A model's float64 and integer arrays are
 * stored bit for bit as a float32 tensor with a last dimension of 3: each
 * 64-bit pattern cut into three chunks of 22, 22 and 20 bits, each chunk an
 * integer that a float32 holds exactly (and always finite).  Reading checks
 * that every chunk is such an integer, that an integer array's values lie in
 * the range the model allows, and that every float64 is finite.
 *
 * A model is rebuilt by the algorithm's own create() on a stand-in training
 * part of the saved shape (the saved rows themselves for k-NN), then given
 * the saved arrays, so that a loaded model is the module's ordinary model
 * and predicts through its ordinary predict().
 *
 * The entry points at the end go into each module's Algo (.save, .load,
 * .check_data). */
#ifndef MLLAB_MODEL_IO_H
#define MLLAB_MODEL_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "algo.h"
#include "nn_io.h"

typedef enum { MA_F32, MA_F64, MA_I32 } MaType;

/* One array of a model's state (a scalar is an array of one). */
typedef struct ModelArray {
    const char *name;  /* the tensor's name */
    MaType type;
    size_t count;      /* values */
    void *data;        /* float, double or int */
    int lo, hi;        /* MA_I32: the values a valid model can hold */
} ModelArray;

#define MODEL_ARRAYS_MAX 16

typedef struct ModelArrays {
    int n;
    ModelArray a[MODEL_ARRAYS_MAX];
} ModelArrays;

/* Append an array (ignored beyond MODEL_ARRAYS_MAX: model_io_write says so). */
void model_arrays_add(ModelArrays *ma, const char *name, MaType type, size_t count, void *data);
/* The same for integers in [lo, hi]. */
void model_arrays_add_ints(ModelArrays *ma, const char *name, size_t count, int *data, int lo,
                           int hi);

/* Write a model: the header text (starting with kind=...), its arrays and
 * the scaler (NULL: not scaled).  ERR_IO on a write failure. */
int model_io_write(FILE *f, const char *header, const ModelArrays *ma, const Scaler *scaler,
                   Error *err);
/* Copy the saved arrays into ma's (already allocated) arrays; ERR_DATA when
 * one is missing, sized differently, or holds a value out of range. */
int model_io_fill(const NnFile *nf, const ModelArrays *ma, Error *err);

/* What a model's load starts with: the file read and verified as `kind`
 * (nn_file_load: the header's parameters go into params), inputs= and
 * classes= read (classes 0 for a regressor or a clusterer), and a fresh
 * Params of the algorithm with the header's parameters (own: for create;
 * the caller frees it with params_free).  On failure nf is freed. */
typedef struct ModelLoad {
    NnFile nf;
    Params own;
    int inputs, classes;
} ModelLoad;
int model_io_begin(FILE *f, const Algo *algo, Params *params, ModelLoad *ml, Error *err);
/* The model from the algorithm's create on `train`, the stand-in part. */
void *model_io_create(const Algo *algo, ModelLoad *ml, const Dataset *train, Error *err);
/* Hand the file's scaler over and free everything but the model. */
void model_io_end(ModelLoad *ml, Scaler *scaler, bool *has_scaler);
/* A stand-in training part: rows x inputs zeros with rows labelled 0, 1,
 * ... in turn over `classes` classes (classes 0: a regression target of
 * zeros).  ERR_NOMEM. */
int model_io_standin(Dataset *d, int rows, int inputs, int classes, Error *err);

/* Does the data fit a loaded model of `inputs` features and `classes`
 * classes (0: any targets)?  -1 with ERR_DATA naming both sides. */
int model_io_check_shape(const char *name, int inputs, int classes, const Dataset *data,
                         Error *err);

/* ---- the Algo entries (linear_io.c, nb_io.c, knn_io.c, tree_io.c) ---- */

int logreg_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *logreg_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int logreg_check_data(const void *model, const Dataset *data, Error *err);

int linreg_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *linreg_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int linreg_check_data(const void *model, const Dataset *data, Error *err);

int perceptron_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *perceptron_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int perceptron_check_data(const void *model, const Dataset *data, Error *err);

int svm_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *svm_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int svm_check_data(const void *model, const Dataset *data, Error *err);

int nb_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *nb_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int nb_check_data(const void *model, const Dataset *data, Error *err);

int mnb_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *mnb_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int mnb_check_data(const void *model, const Dataset *data, Error *err);

int knn_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *knn_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int knn_check_data(const void *model, const Dataset *data, Error *err);

int kmeans_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *kmeans_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int kmeans_check_data(const void *model, const Dataset *data, Error *err);

int dtree_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *dtree_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int dtree_check_data(const void *model, const Dataset *data, Error *err);

int forest_save(const void *model, const Scaler *scaler, FILE *f, Error *err);
void *forest_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err);
int forest_check_data(const void *model, const Dataset *data, Error *err);

#endif
