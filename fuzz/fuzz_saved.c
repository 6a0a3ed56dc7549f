/* fuzz_saved.c - libFuzzer harness for the saved-model readers of the
 * models that are not networks (algorithms/model_io.h): logreg, linreg,
 * perceptron, svm, naive_bayes, multinomial_nb, knn, kmeans, dtree and
 * random_forest.
 *
 * The input is a model file (fuzz/corpus/saved/ holds small saved models of
 * each kind).  Its last 4 bytes are overwritten with the CRC-32 of the rest,
 * so that the fuzzer gets past the checksum into the header, the tensors,
 * the encoded float64 and integer arrays and the trees' shapes.  The file is
 * handed to the load of every one of these algorithms; each call must give
 * a model or a message, never a crash, a leak or an allocation above the
 * memory budget (MLLAB_MEMORY_LIMIT, set to 256M by fuzz_load.c).  A model that
 * loads predicts two rows of its width: labels in range, or an error that
 * says why.  Build and run with fuzz/run.sh saved; tests/test_fuzz_saved.c
 * replays the corpus and mutations of it on every make check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "fuzz_load.h"
#include "kmeans.h"
#include "knn.h"
#include "linreg.h"
#include "logreg.h"
#include "model_io.h"
#include "multinomial_nb.h"
#include "naive_bayes.h"
#include "perceptron.h"
#include "random_forest.h"
#include "svm.h"

/* The width of a loaded model: its check_data says it ("takes D
 * features") when handed a one-column part. */
static int model_width(const Algo *algo, void *m)
{
    Dataset probe = { 0 };
    if (model_io_standin(&probe, 1, 1, 0, NULL) < 0)
        return -1;
    Error err = { 0 };
    int d = 1;
    if (algo->check_data(m, &probe, &err) < 0) {
        const char *p = strstr(err.msg, "takes ");
        if (!p || sscanf(p, "takes %d", &d) != 1)
            d = -1;
    }
    dataset_free(&probe);
    return d;
}

/* predict on X: a message when it refuses, labels >= 0 when it answers. */
static void predict_checked(const Algo *algo, void *m, const Mat *X, float *scores)
{
    int labels[2] = { 0, 0 };
    Error err = { 0 };
    bool labelled = algo->kind != ALGO_REGRESSOR;
    int rc = algo->predict(m, X, labelled ? labels : NULL,
                           algo->kind == ALGO_CLUSTERER ? NULL : scores, &err);
    if (rc < 0 && err.msg[0] == '\0')
        abort(); /* a refusal must say why */
    if (rc == 0 && labelled && (labels[0] < 0 || labels[1] < 0))
        abort();
}

/* How many inputs loaded as a model (tests/test_fuzz_saved.c checks it). */
static unsigned long fuzz_saved_loaded;

/* Two rows of the model's width predicted. */
static void predict_two(const Algo *algo, void *m)
{
    fuzz_saved_loaded++;
    int d = model_width(algo, m);
    Mat X;
    if (d < 1 || d > 100000 || mat_alloc(&X, 2, d, NULL) < 0)
        return;
    for (size_t i = 0; i < (size_t)2 * d; i++)
        X.data[i] = (float)(i % 7) - 3.0f;
    /* a file may declare up to 10^6 classes (model_io_begin) */
    float *scores = malloc((size_t)2 * 1000000 * sizeof *scores);
    if (scores)
        predict_checked(algo, m, &X, scores);
    free(scores);
    mat_free(&X);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const Algo *const algos[] = { &algo_logreg,      &algo_linreg,    &algo_perceptron,
                                         &algo_svm,         &algo_naive_bayes,
                                         &algo_multinomial_nb, &algo_knn,   &algo_kmeans,
                                         &algo_dtree,       &algo_random_forest };
    uint8_t *buf = fuzz_copy_input(data, size);
    if (!buf)
        return 0;
    fuzz_fix_crc(buf, size);
    for (size_t i = 0; i < sizeof algos / sizeof *algos; i++)
        fuzz_load_with(algos[i], buf, size, predict_two);
    free(buf);
    return 0;
}
