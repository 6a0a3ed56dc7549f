/* test_fuzz_saved.c - the saved-model fuzz harness of the models that are
 * not networks (fuzz/fuzz_saved.c) as a smoke test on every make check,
 * without libFuzzer: each file of fuzz/corpus/saved/ goes through the
 * harness whole (every algorithm's load, its CRC fixed up), then with each
 * byte of its first 2 KiB (the header and the arrays) replaced by three
 * other values, then cut short at every 16th byte.  The harness aborts on a
 * crash-worthy outcome (a refusal without a message, a negative label);
 * under the sanitizer stage ASan/UBSan watch the reads.  The test also pins
 * that the loads were exercised: every seed loads as some model. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "../fuzz/fuzz_saved.c"

/* The whole of path (malloc'ed) and its length. */
static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t cap = 1 << 16;
    unsigned char *buf = malloc(cap);
    assert_non_null(buf);
    *len = fread(buf, 1, cap, f);
    assert_true(*len < cap); /* corpus files are small */
    fclose(f);
    return buf;
}

/* Each byte of the first 2 KiB three other ways, and cut short at every
 * 16th byte. */
static void mutate_through(const unsigned char *data, size_t len)
{
    unsigned char *buf = malloc(len);
    assert_non_null(buf);
    size_t head = len < 2048 ? len : 2048;
    for (size_t i = 0; i < head; i++) {
        const unsigned char values[3] = { (unsigned char)(data[i] ^ 0xff), 0,
                                          (unsigned char)(data[i] + 1) };
        for (int v = 0; v < 3; v++) {
            memcpy(buf, data, len);
            buf[i] = values[v];
            LLVMFuzzerTestOneInput(buf, len);
        }
    }
    for (size_t cut = 8; cut < len; cut += 16)
        LLVMFuzzerTestOneInput(data, cut);
    free(buf);
}

static void test_fuzz_saved_corpus_loads_and_its_mutations_load_or_fail_cleanly(void **state)
{
    (void)state;
    LLVMFuzzerInitialize(NULL, NULL);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", test_data_file("../../fuzz/corpus/saved"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2 * PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        unsigned char *data = read_all(path, &len);
        unsigned long before = fuzz_saved_loaded;
        LLVMFuzzerTestOneInput(data, len);
        if (fuzz_saved_loaded == before)
            fail_msg("%s does not load as any model", e->d_name);
        mutate_through(data, len);
        free(data);
        files++;
    }
    closedir(d);
    assert_true(files >= 10); /* a seed for each kind */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fuzz_saved_corpus_loads_and_its_mutations_load_or_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
