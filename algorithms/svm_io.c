/* algorithms/svm_io.c - saving and loading a kernel SVM (svm -p
 * kernel=linear|rbf|poly; model file format in model_io.h and
 * docs/model-format.md).
 *
 * A kernel SVM predicts from its support vectors alone, so its file holds
 * them (sv_X, n_sv x d float32, the rows as trained; sv_y their classes),
 * every one-vs-one pair's alphas over them (alpha, float64 pairs x n_sv,
 * 0 where a vector is not one of the pair's) and the pair's rho (float64),
 * with the kernel, its gamma resolved to a number, degree and coef0 in the
 * header.  Loading creates the svm on the support vectors as its training
 * part, so that each pair holds the vectors of its two classes in their
 * training order, and hands every pair its alphas and rho: the loaded model
 * sums the same terms in the same order as the saved one. */
#include "svm_io.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "svm.h"

typedef struct KernelArrays {
    int n_sv, d, k, P;
    float *X;      /* n_sv x d */
    int *y;        /* n_sv */
    double *alpha; /* P x n_sv */
    double *rho;   /* P */
} KernelArrays;

static void ka_free(KernelArrays *a)
{
    free(a->X), free(a->y), free(a->alpha), free(a->rho);
}

static int ka_alloc(KernelArrays *a, Error *err)
{
    a->X = malloc((size_t)a->n_sv * a->d * sizeof *a->X);
    a->y = malloc((size_t)a->n_sv * sizeof *a->y);
    a->alpha = calloc((size_t)a->P * a->n_sv, sizeof *a->alpha);
    a->rho = malloc((size_t)a->P * sizeof *a->rho);
    if (!a->X || !a->y || !a->alpha || !a->rho)
        return error_set(err, ERR_NOMEM, "out of memory for the SVM");
    return 0;
}

static void ka_arrays(KernelArrays *a, ModelArrays *ma)
{
    model_arrays_add(ma, "sv_X", MA_F32, (size_t)a->n_sv * a->d, a->X);
    model_arrays_add_ints(ma, "sv_y", (size_t)a->n_sv, a->y, 0, a->k - 1);
    model_arrays_add(ma, "alpha", MA_F64, (size_t)a->P * a->n_sv, a->alpha);
    model_arrays_add(ma, "rho", MA_F64, (size_t)a->P, a->rho);
}

/* Pair p's alphas and rho, and the classes of its vectors, into a; pos
 * maps a training row to its support vector (-1: none). */
static int pair_out(KSvm *ks, int p, const int *pos, KernelArrays *a, Error *err)
{
    int n = ksvm_pair_size(ks, p), neg, pc;
    double *coef = malloc((size_t)(n > 0 ? n : 1) * sizeof *coef);
    if (!coef)
        return error_set(err, ERR_NOMEM, "out of memory for the SVM");
    const int *rows;
    ksvm_dual_coef(ks, p, &rows, coef);
    ksvm_pair_classes(ks, p, &neg, &pc);
    a->rho[p] = -ksvm_intercept(ks, p);
    for (int t = 0; t < n; t++) {
        if (coef[t] == 0.0 || pos[rows[t]] < 0)
            continue;
        int s = pos[rows[t]];
        a->alpha[(size_t)p * a->n_sv + s] = fabs(coef[t]);
        a->y[s] = coef[t] > 0.0 ? pc : neg;
    }
    free(coef);
    return 0;
}

/* Everything the file holds, from the trained model. */
static int kernel_arrays(KSvm *ks, KernelArrays *a, Error *err)
{
    const int *sv = ksvm_support_indices(ks, &a->n_sv);
    if (!sv || a->n_sv < 1)
        return error_set(err, ERR_USAGE, "svm: no support vector to save yet");
    a->P = ksvm_n_pairs(ks);
    int *pos = malloc(((size_t)sv[a->n_sv - 1] + 1) * sizeof *pos);
    if (!pos || ka_alloc(a, err) < 0) {
        free(pos);
        return error_set(err, ERR_NOMEM, "out of memory for the SVM");
    }
    for (int i = 0; i <= sv[a->n_sv - 1]; i++)
        pos[i] = -1;
    for (int s = 0; s < a->n_sv; s++) {
        pos[sv[s]] = s;
        a->y[s] = 0;
        memcpy(a->X + (size_t)s * a->d, ksvm_row(ks, sv[s]), (size_t)a->d * sizeof *a->X);
    }
    int rc = 0;
    for (int p = 0; p < a->P && rc == 0; p++)
        rc = pair_out(ks, p, pos, a, err);
    free(pos);
    return rc;
}

int svm_kernel_save(KSvm *ks, int d, int k, const Scaler *scaler, FILE *f, Error *err)
{
    KernelArrays a = { .d = d, .k = k };
    int rc = kernel_arrays(ks, &a, err);
    if (rc == 0) {
        const SvmKernel *kern = ksvm_kernel(ks);
        char hdr[512];
        snprintf(hdr, sizeof hdr,
                 "kind=svm\ninputs=%d\nclasses=%d\nkernel=%s\ngamma=%.17g\ndegree=%d\n"
                 "coef0=%.17g\nsupport_vectors=%d\n",
                 d, k, svm_kernel_name(kern->type), kern->gamma, kern->degree, kern->coef0,
                 a.n_sv);
        ModelArrays ma = { 0 };
        ka_arrays(&a, &ma);
        rc = model_io_write(f, hdr, &ma, scaler, err);
    }
    ka_free(&a);
    return rc;
}

/* Every pair of the created model takes its alphas (over its rows, which
 * are rows of the stand-in part: support vectors) and its rho. */
static int restore_pairs(KSvm *ks, const KernelArrays *a, Error *err)
{
    if (ksvm_n_pairs(ks) != a->P)
        return error_set(err, ERR_DATA, "corrupt model file: %d pairs, expected %d",
                         ksvm_n_pairs(ks), a->P);
    double *pa = malloc((size_t)a->n_sv * sizeof *pa);
    int rc = pa ? 0 : error_set(err, ERR_NOMEM, "out of memory for the SVM");
    for (int p = 0; p < a->P && rc == 0; p++) {
        const int *rows;
        int n = ksvm_dual_coef(ks, p, &rows, NULL);
        for (int t = 0; t < n; t++)
            pa[t] = a->alpha[(size_t)p * a->n_sv + rows[t]];
        rc = ksvm_restore_pair(ks, p, pa, a->rho[p], err);
    }
    free(pa);
    return rc;
}

/* The saved arrays, with the stand-in part of the support vectors. */
static int read_kernel_arrays(ModelLoad *ml, KernelArrays *a, Dataset *standin, Error *err)
{
    a->d = ml->inputs;
    a->k = ml->classes;
    a->P = a->k * (a->k - 1) / 2;
    if (nn_file_header_int(&ml->nf, "support_vectors", 1, 100000000, &a->n_sv, err) < 0 ||
        nn_file_check_params(&ml->nf, "svm", (double)a->n_sv * (a->d + 3.0 * a->P), err) < 0 ||
        model_io_standin(standin, a->n_sv, a->d, a->k, err) < 0 || ka_alloc(a, err) < 0)
        return -1;
    ModelArrays ma = { 0 };
    ka_arrays(a, &ma);
    if (model_io_fill(&ml->nf, &ma, err) < 0)
        return -1;
    memcpy(standin->X.data, a->X, (size_t)a->n_sv * a->d * sizeof *a->X);
    memcpy(standin->y, a->y, (size_t)a->n_sv * sizeof *a->y);
    return 0;
}

void *svm_kernel_rebuild(ModelLoad *ml, Dataset *standin, Error *err)
{
    KernelArrays a = { 0 };
    void *model = NULL;
    if (read_kernel_arrays(ml, &a, standin, err) == 0)
        model = model_io_create(&algo_svm, ml, standin, err);
    KSvm *ks = model ? svm_kernel_model(model) : NULL;
    if (model && (!ks || restore_pairs(ks, &a, err) < 0)) {
        if (!ks)
            error_set(err, ERR_DATA, "corrupt model file: a kernel svm without its kernel");
        algo_svm.destroy(model);
        model = NULL;
    }
    ka_free(&a);
    return model;
}
