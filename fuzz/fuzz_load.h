/* fuzz/fuzz_load.h - what the saved-model harnesses share (fuzz_model.c,
 * fuzz_saved.c): their libFuzzer setup, the input copied and the CRC-32
 * fixed up at the end of a mutated model file, and one load through an algorithm's load with the
 * checks every load must pass.  Compiled with them (fuzz/run.sh) and with
 * the smoke tests that include them (tests/test_fuzz_*.c). */
#ifndef MLLAB_FUZZ_LOAD_H
#define MLLAB_FUZZ_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "algo.h"

/* libFuzzer's setup of a model harness: a memory budget of 256M
 * (MLLAB_MEMORY_LIMIT) and one thread.  Returns 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A copy of the input to fix up (malloc'ed), or NULL when it is shorter
 * than 8 bytes or longer than 1 MiB (not a model worth loading) or memory
 * runs out. */
uint8_t *fuzz_copy_input(const uint8_t *data, size_t size);

/* b[0..3] = v, little-endian. */
void fuzz_put_le32(uint8_t *b, uint32_t v);

/* The last 4 bytes of buf (size >= 4) set to the CRC-32 of the bytes
 * before them (nn_crc32), as a saved model ends, so that a mutated file
 * gets past its checksum. */
void fuzz_fix_crc(uint8_t *buf, size_t size);

/* What a harness checks of a model that loaded (NULL: nothing). */
typedef void (*FuzzLoaded)(const Algo *algo, void *model);

/* data[0..size) handed to algo->load with the algorithm's default
 * parameters: a model or a message, never a refusal without one (abort).
 * A model that loads goes to `loaded`, then is destroyed. */
void fuzz_load_with(const Algo *algo, const uint8_t *data, size_t size, FuzzLoaded loaded);

#endif
