/* test_fuzz_saved.c - the saved-model fuzz harness of the models that are
 * not networks (fuzz/fuzz_saved.c) as a smoke test on every make check,
 * without libFuzzer (tests/fuzz_replay.c): each file of fuzz/corpus/saved/
 * goes through the harness whole (every algorithm's load, its CRC fixed
 * up), then with each byte of its first 2 KiB (the header and the arrays)
 * replaced by three other values, then cut short at every 16th byte.  The
 * harness aborts on a crash-worthy outcome (a refusal without a message, a
 * negative label); under the sanitizer stage ASan/UBSan watch the reads.
 * The test also pins that the loads were exercised: every seed, whole,
 * loads as some model. */
#include "fuzz_replay.h"
#include "test_util.h"

#include "../fuzz/fuzz_saved.c"

/* A seed, whole, loads as some model (the harness tries every kind). */
static void loads_as_a_model(const char *name, const unsigned char *data, size_t len)
{
    unsigned long before = fuzz_saved_loaded;
    LLVMFuzzerTestOneInput(data, len);
    if (fuzz_saved_loaded == before)
        fail_msg("%s does not load as any model", name);
}

static void test_fuzz_saved_corpus_loads_and_its_mutations_load_or_fail_cleanly(void **state)
{
    (void)state;
    LLVMFuzzerInitialize(NULL, NULL);
    assert_true(fuzz_replay_corpus("saved", loads_as_a_model) >= 10); /* one seed a kind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_saved_corpus_loads_and_its_mutations_load_or_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
