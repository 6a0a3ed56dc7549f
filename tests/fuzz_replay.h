/* tests/fuzz_replay.h - the fuzz harnesses as smoke tests without libFuzzer
 * (tests/test_fuzz_model.c, test_fuzz_saved.c): a seed corpus replayed
 * through the harness the test links in (it includes the harness's .c, so
 * LLVMFuzzerTestOneInput is the harness's own), with byte-wise mutations.
 * The harness aborts on a crash-worthy outcome; under the sanitizer stage
 * ASan/UBSan watch the reads. */
#ifndef MLLAB_FUZZ_REPLAY_H
#define MLLAB_FUZZ_REPLAY_H

#include <stddef.h>
#include <stdint.h>

/* The harness's entry point (libFuzzer's name). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a test looks at in a seed before its mutations (name: the file's). */
typedef void (*FuzzSeedCheck)(const char *name, const unsigned char *data, size_t len);

/* Every file of fuzz/corpus/CORPUS (its dot files aside): check(name, the
 * file) when check is not NULL, then the file through the harness whole,
 * with each byte of its first 2 KiB replaced by three other values (its
 * complement, 0, itself + 1), and cut short at every 16th byte.  Returns
 * the number of files; fails the test when the folder cannot be read. */
int fuzz_replay_corpus(const char *corpus, FuzzSeedCheck check);

#endif
