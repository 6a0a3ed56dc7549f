/* fuzz_model.c - libFuzzer harness for the saved-network reader.
 *
 * The input is a network file (fuzz/corpus/model/ holds saved mlp and cnn
 * files).  Its last 4 bytes are overwritten with the CRC-32 of the rest, so
 * the fuzzer gets past the checksum into the header, the tensors and the
 * scaler.  The file is handed to algo_mlp.load and algo_cnn.load; every call
 * must give a model or a message, never a crash, a leak or an allocation
 * above the memory budget (MLLAB_MEMORY_LIMIT, set below to 256M).  A loaded
 * mlp also predicts two rows: finite probabilities or an error (huge finite
 * weights overflow the logits: the first find of this harness).  Build and
 * run with fuzz/run.sh. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cnn.h"
#include "mlp.h"
#include "nn_io.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("MLLAB_MEMORY_LIMIT", "256M", 1);
    setenv("MLLAB_THREADS", "1", 1);
    return 0;
}

/* An mlp that loaded predicts two rows of its width: finite probabilities. */
static void predict_two(void *m)
{
    int sizes[16];
    mlp_layer_sizes(m, sizes, 16);
    Mat X;
    if (mat_alloc(&X, 2, sizes[0], NULL) < 0)
        return;
    for (size_t i = 0; i < (size_t)2 * sizes[0]; i++)
        X.data[i] = (float)(i % 7) - 3.0f;
    int labels[2];
    int K = sizes[mlp_layer_count(m)];
    float *scores = malloc((size_t)2 * K * sizeof *scores);
    Error err = { 0 };
    if (scores && algo_mlp.predict(m, &X, labels, scores, &err) == 0) {
        for (int i = 0; i < 2 * K; i++)
            if (!isfinite(scores[i]))
                abort(); /* non-finite results are errors, never output */
    } else if (scores && err.msg[0] == '\0') {
        abort(); /* a refusal must say why */
    }
    free(scores);
    mat_free(&X);
}

static void load_with(const Algo *algo, const uint8_t *data, size_t size)
{
    FILE *f = fmemopen((void *)data, size, "rb");
    if (!f)
        return;
    Params p;
    Error err = { 0 };
    if (params_init(&p, algo->params, &err) < 0) {
        fclose(f);
        return;
    }
    Scaler sc = { 0 };
    bool has = false;
    void *m = algo->load(f, &p, &sc, &has, &err);
    fclose(f);
    if (!m && err.msg[0] == '\0')
        abort(); /* a refusal must say why */
    if (m && algo == &algo_mlp)
        predict_two(m);
    if (m)
        algo->destroy(m);
    scaler_free(&sc);
    params_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8 || size > (1u << 20))
        return 0;
    uint8_t *buf = malloc(size);
    if (!buf)
        return 0;
    memcpy(buf, data, size);
    uint32_t crc = nn_crc32(buf, size - 4);
    for (int k = 0; k < 4; k++)
        buf[size - 4 + (size_t)k] = (uint8_t)(crc >> (8 * k));
    load_with(&algo_mlp, buf, size);
    load_with(&algo_cnn, buf, size);
    free(buf);
    return 0;
}
