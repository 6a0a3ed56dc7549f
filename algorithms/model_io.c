/* algorithms/model_io.c - what the saved models that are not networks share
 * (format and conventions in model_io.h): arrays to and from the networks'
 * tensors (float64 and integers as three exact float32 chunks), the load
 * sequence (verify, parameters, stand-in training part, create) and the
 * check of new data against a loaded model's shape. */
#include "model_io.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "budget.h"

#define CHUNK_BITS 22
#define CHUNK_MASK ((1u << CHUNK_BITS) - 1u)
#define TOP_BITS 20 /* 64 = 22 + 22 + 20 */
#define INT_EXACT (1 << 24) /* every integer up to this is a float32 */

void model_arrays_add(ModelArrays *ma, const char *name, MaType type, size_t count, void *data)
{
    if (ma->n < MODEL_ARRAYS_MAX)
        ma->a[ma->n] = (ModelArray){ name, type, count, data, INT_MIN, INT_MAX };
    ma->n++; /* counted beyond the end: model_io_write refuses */
}

void model_arrays_add_ints(ModelArrays *ma, const char *name, size_t count, int *data, int lo,
                           int hi)
{
    model_arrays_add(ma, name, MA_I32, count, data);
    if (ma->n <= MODEL_ARRAYS_MAX) {
        ma->a[ma->n - 1].lo = lo;
        ma->a[ma->n - 1].hi = hi;
    }
}

/* Value i of an array as a double (integers exactly). */
static double value_at(const ModelArray *a, size_t i)
{
    if (a->type == MA_F64)
        return ((const double *)a->data)[i];
    if (a->type == MA_I32)
        return ((const int *)a->data)[i];
    return ((const float *)a->data)[i];
}

/* The bits of each double as three chunks, each exact in a float. */
static float *encode_f64(const ModelArray *a)
{
    float *out = malloc(a->count * 3 * sizeof *out);
    for (size_t i = 0; out && i < a->count; i++) {
        double v = value_at(a, i);
        uint64_t u;
        memcpy(&u, &v, sizeof u);
        out[3 * i] = (float)(u & CHUNK_MASK);
        out[3 * i + 1] = (float)((u >> CHUNK_BITS) & CHUNK_MASK);
        out[3 * i + 2] = (float)(u >> (2 * CHUNK_BITS));
    }
    return out;
}

/* Integers that a float32 holds exactly are stored as float32 values. */
static bool small_ints(const ModelArray *a)
{
    if (a->type != MA_I32)
        return false;
    for (size_t i = 0; i < a->count; i++)
        if (abs(((const int *)a->data)[i]) > INT_EXACT)
            return false;
    return true;
}

static float *ints_as_floats(const ModelArray *a)
{
    float *out = malloc(a->count * sizeof *out);
    for (size_t i = 0; out && i < a->count; i++)
        out[i] = (float)((const int *)a->data)[i];
    return out;
}

/* The tensor of array a (data borrowed for float32, else owned in *owned). */
static int array_tensor(const ModelArray *a, NnTensor *t, float **owned, Error *err)
{
    memset(t, 0, sizeof *t);
    *owned = NULL;
    if (strlen(a->name) >= sizeof t->name || a->count == 0 || a->count > (size_t)INT_MAX / 3)
        return error_set(err, ERR_INTERNAL, "model array %s cannot be saved", a->name);
    snprintf(t->name, sizeof t->name, "%s", a->name);
    t->dims[0] = (int)a->count;
    if (a->type == MA_F32) {
        t->ndim = 1;
        t->data = a->data;
        return 0;
    }
    t->ndim = small_ints(a) ? 1 : 2;
    t->dims[1] = 3;
    if (!(*owned = t->data = t->ndim == 1 ? ints_as_floats(a) : encode_f64(a)))
        return error_set(err, ERR_NOMEM, "out of memory while saving the model");
    return 0;
}

int model_io_write(FILE *f, const char *header, const ModelArrays *ma, const Scaler *scaler,
                   Error *err)
{
    if (ma->n > MODEL_ARRAYS_MAX)
        return error_set(err, ERR_INTERNAL, "a model of more than %d arrays", MODEL_ARRAYS_MAX);
    /* Each array is encoded just before it is written and freed after:
     * one encoded copy in memory at a time, not the whole file's. */
    NnWriter w;
    if (nn_writer_begin(&w, f, header, ma->n, err) < 0)
        return -1;
    for (int i = 0; i < ma->n; i++) {
        NnTensor t;
        float *owned;
        int rc = array_tensor(&ma->a[i], &t, &owned, err);
        if (rc == 0)
            rc = nn_writer_tensor(&w, &t, err);
        free(owned);
        if (rc < 0)
            return -1;
    }
    return nn_writer_end(&w, scaler, err);
}

/* ---------------------------------------------------------------- reading */

/* Saved value i of an encoded array: -1 when a chunk is not an exact
 * integer of its width. */
static int decode_f64(const float *x, size_t i, double *v)
{
    const float *c = x + 3 * i;
    for (int k = 0; k < 3; k++) {
        float top = k < 2 ? (float)CHUNK_MASK : (float)((1u << TOP_BITS) - 1u);
        if (!(c[k] >= 0.0f && c[k] <= top && c[k] == floorf(c[k])))
            return -1;
    }
    uint64_t u = (uint64_t)c[0] | (uint64_t)c[1] << CHUNK_BITS | (uint64_t)c[2] << (2 * CHUNK_BITS);
    memcpy(v, &u, sizeof *v);
    return 0;
}

/* Store the saved value v as value i of a, after checking it. */
static int put_value(const ModelArray *a, size_t i, double v, Error *err)
{
    if (!isfinite(v))
        return error_set(err, ERR_DATA, "corrupt model file: %s[%zu] is not finite", a->name, i);
    if (a->type == MA_F64) {
        ((double *)a->data)[i] = v;
        return 0;
    }
    if (v != floor(v) || v < a->lo || v > a->hi)
        return error_set(err, ERR_DATA,
                         "corrupt model file: %s[%zu] = %.17g is not an integer in [%d, %d]",
                         a->name, i, v, a->lo, a->hi);
    ((int *)a->data)[i] = (int)v;
    return 0;
}

/* The values of an integer or float64 array from its tensor x: plain
 * float32 values, or three chunks each. */
static int decode_into(const ModelArray *a, const float *x, bool plain, Error *err)
{
    for (size_t i = 0; i < a->count; i++) {
        double v = x[i];
        if (!plain && decode_f64(x, i, &v) < 0)
            return error_set(err, ERR_DATA, "corrupt model file: %s[%zu] is not a valid "
                                            "encoded value", a->name, i);
        if (put_value(a, i, v, err) < 0)
            return -1;
    }
    return 0;
}

/* The rank of the tensor named name (0: none). */
static int tensor_rank(const NnFile *nf, const char *name)
{
    for (int i = 0; i < nf->n_tensors; i++)
        if (strcmp(nf->tensors[i].name, name) == 0)
            return nf->tensors[i].ndim;
    return 0;
}

static int fill_one(const NnFile *nf, const ModelArray *a, Error *err)
{
    const float *x;
    int dims[2] = { (int)a->count, 3 };
    bool plain = a->type == MA_F32 || (a->type == MA_I32 && tensor_rank(nf, a->name) == 1);
    if (nn_file_tensor(nf, a->name, plain ? 1 : 2, dims, &x, err) < 0)
        return -1;
    if (a->type == MA_F32) {
        memcpy(a->data, x, a->count * sizeof(float)); /* finite: nn_file_read checked */
        return 0;
    }
    return decode_into(a, x, plain, err);
}

int model_io_fill(const NnFile *nf, const ModelArrays *ma, Error *err)
{
    if (ma->n > MODEL_ARRAYS_MAX)
        return error_set(err, ERR_INTERNAL, "a model of more than %d arrays", MODEL_ARRAYS_MAX);
    for (int i = 0; i < ma->n; i++)
        if (ma->a[i].count > 0 && fill_one(nf, &ma->a[i], err) < 0)
            return -1;
    return 0;
}

/* ---------------------------------------------------------------- loading */

/* own = the algorithm's defaults with the header's parameters. */
static int own_params(const Algo *algo, ModelLoad *ml, Error *err)
{
    if (params_init(&ml->own, algo->params, err) < 0)
        return -1;
    for (int i = 0; i < ml->own.count; i++) {
        char value[1024];
        const char *name = ml->own.spec[i].name;
        if (nn_file_header_get(&ml->nf, name, value, sizeof value) == 0 &&
            params_set(&ml->own, name, value, err) < 0)
            return error_set(err, ERR_DATA, "corrupt model file: its %s=%s is not valid", name,
                             value);
    }
    return 0;
}

int model_io_begin(FILE *f, const Algo *algo, Params *params, ModelLoad *ml, Error *err)
{
    memset(ml, 0, sizeof *ml);
    if (nn_file_load(f, algo->name, &ml->nf, params, err) < 0)
        return -1;
    int rc = own_params(algo, ml, err);
    if (rc == 0)
        rc = nn_file_header_int(&ml->nf, "inputs", 1, 100000000, &ml->inputs, err);
    if (rc == 0)
        rc = nn_file_header_int(&ml->nf, "classes", 0, 1000000, &ml->classes, err);
    if (rc == 0 && algo->kind == ALGO_CLASSIFIER && ml->classes < 2)
        rc = error_set(err, ERR_DATA, "corrupt model file: a classifier of %d classes",
                       ml->classes);
    if (rc < 0)
        model_io_end(ml, NULL, NULL);
    return rc;
}

void *model_io_create(const Algo *algo, ModelLoad *ml, const Dataset *train, Error *err)
{
    Rng rng;
    rng_seed(&rng, 1); /* nothing is drawn that the saved arrays do not replace */
    void *model = algo->create(&ml->own, train, &rng, err);
    if (!model && err && err->code == ERR_NONE)
        error_set(err, ERR_DATA, "the saved %s cannot be rebuilt", algo->name);
    return model;
}

void model_io_end(ModelLoad *ml, Scaler *scaler, bool *has_scaler)
{
    nn_file_take_scaler(&ml->nf, scaler, has_scaler);
    nn_file_free(&ml->nf);
    params_free(&ml->own);
}

int model_io_standin(Dataset *d, int rows, int inputs, int classes, Error *err)
{
    memset(d, 0, sizeof *d);
    /* a model's create copies or sizes itself by it: a header declaring a
     * huge shape is refused here, before anything of that size exists */
    size_t bytes = budget_mul(budget_mul((size_t)rows, (size_t)inputs + 2), 4 * sizeof(float));
    if (budget_check(bytes, "the saved model's shape", err) < 0 ||
        mat_alloc(&d->X, rows, inputs, err) < 0)
        return -1;
    d->has_target = true;
    if (classes > 0) {
        d->n_classes = classes;
        d->y = malloc((size_t)rows * sizeof *d->y);
        for (int i = 0; d->y && i < rows; i++)
            d->y[i] = i % classes;
    } else {
        d->target = calloc((size_t)rows, sizeof *d->target);
    }
    if (!d->y && !d->target) {
        dataset_free(d);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    return 0;
}

int model_io_check_shape(const char *name, int inputs, int classes, const Dataset *data,
                         Error *err)
{
    if (dataset_cols(data) != inputs)
        return error_set(err, ERR_DATA, "the saved %s takes %d feature%s, the data has %d", name,
                         inputs, inputs == 1 ? "" : "s", dataset_cols(data));
    if (classes <= 0)
        return 0;
    if (!data->y || data->n_classes < 1)
        return error_set(err, ERR_DATA, "the saved %s is a classifier of %d classes, the data "
                                        "has no class labels", name, classes);
    if (data->n_classes != classes)
        return error_set(err, ERR_DATA, "the saved %s was trained on %d classes, the data has %d",
                         name, classes, data->n_classes);
    return 0;
}
