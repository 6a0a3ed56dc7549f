/* fuzz/fuzz_load.c - what the saved-model harnesses share (fuzz_load.h):
 * the setup, the input's copy and CRC fix-up, and one load through an
 * algorithm. */
#include "fuzz_load.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn_io.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    setenv("MLLAB_MEMORY_LIMIT", "256M", 1);
    setenv("MLLAB_THREADS", "1", 1);
    return 0;
}

uint8_t *fuzz_copy_input(const uint8_t *data, size_t size)
{
    if (size < 8 || size > (1u << 20))
        return NULL;
    uint8_t *buf = malloc(size);
    if (buf)
        memcpy(buf, data, size);
    return buf;
}

void fuzz_put_le32(uint8_t *b, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        b[k] = (uint8_t)(v >> (8 * k));
}

void fuzz_fix_crc(uint8_t *buf, size_t size)
{
    fuzz_put_le32(buf + size - 4, nn_crc32(buf, size - 4));
}

void fuzz_load_with(const Algo *algo, const uint8_t *data, size_t size, FuzzLoaded loaded)
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
    if (m && loaded)
        loaded(algo, m);
    if (m)
        algo->destroy(m);
    scaler_free(&sc);
    params_free(&p);
}
