/* algorithms/linear_io.c - saving and loading the linear models (logreg,
 * linreg, perceptron, linear svm) in the model file format (model_io.h,
 * docs/model-format.md).
 *
 * Each saves its weights as the prediction uses them: logreg and the primal
 * svm their float32 W (k x d) and b (k), the perceptron its float64 ones,
 * linreg its float64 input scales, feature shifts and scales, coefficients
 * and intercept (a kernel svm: svm_io.c).  Loading rebuilds the model with its own create() on a
 * stand-in training part of the saved shape, then hands it the weights
 * through the module's load-a-step function (logreg_load_step,
 * perceptron_load_epoch, svm_load_epoch) or its arrays (linreg), so the
 * loaded model predicts bit for bit as the saved one. */
#include <stdlib.h>
#include <string.h>

#include "linreg.h"
#include "logreg.h"
#include "model_io.h"
#include "perceptron.h"
#include "svm.h"
#include "svm_io.h"

/* classes of a LinearView: one weight row is a binary model */
static int view_classes(LinearView v) { return v.k == 1 ? 2 : v.k; }

/* "kind=NAME\ninputs=D\nclasses=K\n" and extra (may be ""). */
static void header(char *buf, size_t size, const char *kind, int d, int classes,
                   const char *extra)
{
    snprintf(buf, size, "kind=%s\ninputs=%d\nclasses=%d\n%s", kind, d, classes, extra);
}

/* W (k x d) and b (k) of a float32 view as two tensors. */
static int write_view(FILE *f, const char *hdr, LinearView v, const Scaler *scaler, Error *err)
{
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "W", MA_F32, (size_t)v.k * v.d, (void *)v.W);
    model_arrays_add(&ma, "b", MA_F32, (size_t)v.k, (void *)v.b);
    return model_io_write(f, hdr, &ma, scaler, err);
}

/* The saved W and b, as doubles for a load-a-step function: k = classes
 * (1 for two classes) rows of d.  NULL with err set. */
static double *read_weights(const ModelLoad *ml, double **b, Error *err)
{
    int k = ml->classes == 2 ? 1 : ml->classes, d = ml->inputs;
    size_t kd = (size_t)k * d;
    float *wf = malloc((kd + (size_t)k) * sizeof *wf);
    double *w = malloc((kd + (size_t)k) * sizeof *w);
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "W", MA_F32, kd, wf);
    model_arrays_add(&ma, "b", MA_F32, (size_t)k, wf ? wf + kd : NULL);
    int rc = wf && w ? model_io_fill(&ml->nf, &ma, err)
                     : error_set(err, ERR_NOMEM, "out of memory");
    for (size_t j = 0; rc == 0 && j < kd + (size_t)k; j++)
        w[j] = wf[j];
    free(wf);
    if (rc < 0) {
        free(w);
        return NULL;
    }
    *b = w + kd;
    return w;
}

/* The stand-in training part of a loaded classifier or regressor. */
static void *rebuild(const Algo *algo, ModelLoad *ml, Dataset *standin, Error *err)
{
    int rows = ml->classes > 0 ? ml->classes : 2;
    if (model_io_standin(standin, rows, ml->inputs, ml->classes, err) < 0)
        return NULL;
    return model_io_create(algo, ml, standin, err);
}

/* The shared end of a load: the model, or NULL with everything freed. */
static void *finish(const Algo *algo, void *model, int rc, ModelLoad *ml, Dataset *standin,
                    Scaler *scaler, bool *has_scaler)
{
    if (rc < 0 && model) {
        algo->destroy(model);
        model = NULL;
    }
    dataset_free(standin);
    model_io_end(ml, model ? scaler : NULL, has_scaler);
    return model;
}

/* ---------------------------------------------------------------- logreg */

int logreg_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    LinearView v = logreg_view(model);
    char extra[64], hdr[256];
    snprintf(extra, sizeof extra, "threshold=%.9g\n", logreg_threshold(model));
    header(hdr, sizeof hdr, "logreg", v.d, view_classes(v), extra);
    return write_view(f, hdr, v, scaler, err);
}

void *logreg_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset standin = { 0 };
    if (model_io_begin(f, &algo_logreg, params, &ml, err) < 0)
        return NULL;
    void *model = rebuild(&algo_logreg, &ml, &standin, err);
    double *b = NULL, *w = model ? read_weights(&ml, &b, err) : NULL;
    int rc = w ? logreg_load_step(model, &standin, w, b, err) : -1;
    free(w);
    return finish(&algo_logreg, model, rc, &ml, &standin, scaler, has_scaler);
}

int logreg_check_data(const void *model, const Dataset *data, Error *err)
{
    LinearView v = logreg_view(model);
    return model_io_check_shape("logreg", v.d, view_classes(v), data, err);
}

/* ---------------------------------------------------------------- svm */

/* The classes of an svm: K of a kernel SVM's K (K - 1) / 2 pairs. */
static int svm_classes(const void *model)
{
    KSvm *ks = svm_kernel_model((void *)model);
    if (!ks)
        return view_classes(svm_view(model));
    int k = 2;
    while (k * (k - 1) / 2 < ksvm_n_pairs(ks))
        k++;
    return k;
}

int svm_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    KSvm *ks = svm_kernel_model((void *)model);
    if (ks)
        return svm_kernel_save(ks, svm_view(model).d, svm_classes(model), scaler, f, err);
    LinearView v = svm_view(model);
    char hdr[256];
    header(hdr, sizeof hdr, "svm", v.d, view_classes(v), "kernel=none\n");
    return write_view(f, hdr, v, scaler, err);
}

/* The primal model from its weights. */
static void *svm_linear_rebuild(ModelLoad *ml, Dataset *standin, Error *err)
{
    void *model = rebuild(&algo_svm, ml, standin, err);
    double *b = NULL, *w = model ? read_weights(ml, &b, err) : NULL;
    int rc = w ? svm_load_epoch(model, standin, w, b, err) : -1;
    free(w);
    if (rc < 0 && model) {
        algo_svm.destroy(model);
        model = NULL;
    }
    return model;
}

void *svm_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset standin = { 0 };
    if (model_io_begin(f, &algo_svm, params, &ml, err) < 0)
        return NULL;
    bool kernel = svm_kernel_parse(params_str(&ml.own, "kernel")) != SVM_KERNEL_NONE;
    void *model = kernel ? svm_kernel_rebuild(&ml, &standin, err)
                         : svm_linear_rebuild(&ml, &standin, err);
    return finish(&algo_svm, model, model ? 0 : -1, &ml, &standin, scaler, has_scaler);
}

int svm_check_data(const void *model, const Dataset *data, Error *err)
{
    return model_io_check_shape("svm", svm_view(model).d, svm_classes(model), data, err);
}

/* ---------------------------------------------------------------- perceptron */

int perceptron_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    LinearView v = perceptron_view(model);
    const double *b, *w = perceptron_weights(model, &b);
    char hdr[256];
    header(hdr, sizeof hdr, "perceptron", v.d, view_classes(v), "");
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "W", MA_F64, (size_t)v.k * v.d, (void *)w);
    model_arrays_add(&ma, "b", MA_F64, (size_t)v.k, (void *)b);
    return model_io_write(f, hdr, &ma, scaler, err);
}

void *perceptron_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset standin = { 0 };
    if (model_io_begin(f, &algo_perceptron, params, &ml, err) < 0)
        return NULL;
    void *model = rebuild(&algo_perceptron, &ml, &standin, err);
    int k = ml.classes == 2 ? 1 : ml.classes;
    size_t kd = (size_t)k * ml.inputs;
    double *w = model ? malloc((kd + (size_t)k) * sizeof *w) : NULL;
    ModelArrays ma = { 0 };
    model_arrays_add(&ma, "W", MA_F64, kd, w);
    model_arrays_add(&ma, "b", MA_F64, (size_t)k, w ? w + kd : NULL);
    int rc = !model ? -1 : !w ? error_set(err, ERR_NOMEM, "out of memory")
                              : model_io_fill(&ml.nf, &ma, err);
    if (rc == 0)
        rc = perceptron_load_epoch(model, w, w + kd, 0, err);
    free(w);
    return finish(&algo_perceptron, model, rc, &ml, &standin, scaler, has_scaler);
}

int perceptron_check_data(const void *model, const Dataset *data, Error *err)
{
    LinearView v = perceptron_view(model);
    return model_io_check_shape("perceptron", v.d, view_classes(v), data, err);
}

/* ---------------------------------------------------------------- linreg */

int linreg_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    char extra[64], hdr[256];
    snprintf(extra, sizeof extra, "degree=%d\n", linreg_degree(model));
    header(hdr, sizeof hdr, "linreg", linreg_input_dim(model), 0, extra);
    ModelArrays ma = { 0 };
    linreg_io_arrays((void *)model, &ma);
    return model_io_write(f, hdr, &ma, scaler, err);
}

void *linreg_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset standin = { 0 };
    if (model_io_begin(f, &algo_linreg, params, &ml, err) < 0)
        return NULL;
    void *model = rebuild(&algo_linreg, &ml, &standin, err);
    ModelArrays ma = { 0 };
    if (model)
        linreg_io_arrays(model, &ma);
    int rc = model ? model_io_fill(&ml.nf, &ma, err) : -1;
    return finish(&algo_linreg, model, rc, &ml, &standin, scaler, has_scaler);
}

int linreg_check_data(const void *model, const Dataset *data, Error *err)
{
    if (!data->target)
        return error_set(err, ERR_DATA, "the saved linreg predicts a number, the data has "
                                        "class labels");
    return model_io_check_shape("linreg", linreg_input_dim(model), 0, data, err);
}
