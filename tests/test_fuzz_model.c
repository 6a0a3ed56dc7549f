/* test_fuzz_model.c - the saved-model fuzz harness (fuzz/fuzz_model.c) as a
 * smoke test on every make check, without libFuzzer (tests/fuzz_replay.c):
 * each file of fuzz/corpus/model/ goes through the harness whole, then with
 * each byte of its first 2 KiB (the preparation section of the prep_*.nn
 * seeds, the network's header) replaced by three other values, then cut
 * short at every 16th byte.  The harness aborts on a crash-worthy outcome (a refusal
 * without a message, a prepared part of the wrong width or with values that
 * are not finite); under the sanitizer stage ASan/UBSan watch the reads.
 * The test also pins that the preparation section was exercised: some
 * inputs loaded and applied a pipeline, and some were refused. */
#include <string.h>

#include "fuzz_replay.h"
#include "test_util.h"

#include "../fuzz/fuzz_model.c"

/* Seeds that start with a preparation section. */
static int prep_files;

static void count_prep(const char *name, const unsigned char *data, size_t len)
{
    (void)name;
    prep_files += len > 8 && memcmp(data, "MLLABPP", 8) == 0;
}

static void test_fuzz_model_corpus_and_its_mutations_load_or_fail_cleanly(void **state)
{
    (void)state;
    LLVMFuzzerInitialize(NULL, NULL);
    assert_true(fuzz_replay_corpus("model", count_prep) >= 8);
    assert_true(prep_files >= 4); /* the seeds with a preparation section */
    /* the section was read, applied and refused, not skipped */
    assert_true(fuzz_prep_applied > 0);
    assert_true(fuzz_prep_refused > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_model_corpus_and_its_mutations_load_or_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
