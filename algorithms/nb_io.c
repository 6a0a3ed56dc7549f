/* algorithms/nb_io.c - saving and loading Gaussian and multinomial naive
 * Bayes (model file format: model_io.h, docs/model-format.md).
 *
 * Both are their per-class statistics, saved as float64 bit for bit: class
 * counts, priors, means and variances (Gaussian; epsilon included), or log
 * priors, feature counts and log probabilities (multinomial), with the
 * smoothing and the number of classes learnt.  Loading rebuilds the model
 * with its create() on a stand-in training part of the saved shape and
 * replaces every array.  Which arrays: a table per model (nb_io.h, held by
 * naive_bayes.c and multinomial_nb.c), walked by nb_io_table. */
#include "nb_io.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "multinomial_nb.h"
#include "naive_bayes.h"

void nb_io_table(void *model, const NbArray *table, int classes, int d, ModelArrays *ma)
{
    for (const NbArray *t = table; t->name; t++) {
        char *member = (char *)model + t->offset;
        void *data = member;
        size_t n = 1;
        if (t->length != NB_ONE) {
            memcpy(&data, member, sizeof data); /* the pointer stored there */
            n = t->length == NB_PER_CLASS ? (size_t)classes : (size_t)classes * d;
        }
        if (t->type == NB_F64)
            model_arrays_add(ma, t->name, MA_F64, n, data);
        else
            model_arrays_add_ints(ma, t->name, n, data, 0,
                                  t->type == NB_COUNTS ? INT_MAX : classes);
    }
}

/* A Gaussian model whose variances or priors could not have been learnt
 * (zero or negative: a log of them is taken) is refused. */
static int check_gaussian(const void *model, Error *err)
{
    int k = nb_n_classes(model), d = nb_dim(model);
    const double *var = nb_variances(model), *prior = nb_priors(model);
    for (int c = 0; c < k; c++) {
        if (!(prior[c] >= 0.0 && prior[c] <= 1.0))
            return error_set(err, ERR_DATA, "corrupt model file: prior %d is %g", c, prior[c]);
        for (int j = 0; j < d; j++)
            if (!(var[(size_t)c * d + j] > 0.0))
                return error_set(err, ERR_DATA, "corrupt model file: variance %d of class %d "
                                                "is not positive", j, c);
    }
    return 0;
}

/* The load both share: begin, the stand-in part, create, every array. */
static void *load_nb(const Algo *algo, void (*arrays)(void *, ModelArrays *), FILE *f,
                     Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    ModelLoad ml;
    Dataset standin = { 0 };
    if (model_io_begin(f, algo, params, &ml, err) < 0)
        return NULL;
    void *model = NULL;
    if (model_io_standin(&standin, ml.classes, ml.inputs, ml.classes, err) == 0)
        model = model_io_create(algo, &ml, &standin, err);
    ModelArrays ma = { 0 };
    if (model)
        arrays(model, &ma);
    int rc = model ? model_io_fill(&ml.nf, &ma, err) : -1;
    if (rc == 0 && algo == &algo_naive_bayes)
        rc = check_gaussian(model, err);
    if (rc < 0 && model) {
        algo->destroy(model);
        model = NULL;
    }
    dataset_free(&standin);
    model_io_end(&ml, model ? scaler : NULL, has_scaler);
    return model;
}

static int save_nb(const char *kind, int d, int k, void (*arrays)(void *, ModelArrays *),
                   const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    char hdr[128];
    snprintf(hdr, sizeof hdr, "kind=%s\ninputs=%d\nclasses=%d\n", kind, d, k);
    ModelArrays ma = { 0 };
    arrays((void *)model, &ma);
    return model_io_write(f, hdr, &ma, scaler, err);
}

int nb_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    return save_nb("naive_bayes", nb_dim(model), nb_n_classes(model), nb_io_arrays, model,
                   scaler, f, err);
}

void *nb_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    return load_nb(&algo_naive_bayes, nb_io_arrays, f, params, scaler, has_scaler, err);
}

int nb_check_data(const void *model, const Dataset *data, Error *err)
{
    return model_io_check_shape("naive_bayes", nb_dim(model), nb_n_classes(model), data, err);
}

int mnb_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    return save_nb("multinomial_nb", mnb_dim(model), mnb_n_classes(model), mnb_io_arrays,
                   model, scaler, f, err);
}

void *mnb_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    return load_nb(&algo_multinomial_nb, mnb_io_arrays, f, params, scaler, has_scaler, err);
}

int mnb_check_data(const void *model, const Dataset *data, Error *err)
{
    return model_io_check_shape("multinomial_nb", mnb_dim(model), mnb_n_classes(model), data,
                                err);
}
