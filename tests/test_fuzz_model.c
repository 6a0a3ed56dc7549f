/* test_fuzz_model.c - the saved-model fuzz harness (fuzz/fuzz_model.c) as a
 * smoke test on every make check, without libFuzzer: each file of
 * fuzz/corpus/model/ goes through the harness whole, then with each byte of
 * its first 2 KiB (the preparation section of the prep_*.nn seeds, the
 * network's header) replaced by three other values, then cut short at
 * every 16th byte.  The harness aborts on a crash-worthy outcome (a refusal
 * without a message, a prepared part of the wrong width or with values that
 * are not finite); under the sanitizer stage ASan/UBSan watch the reads.
 * The test also pins that the preparation section was exercised: some
 * inputs loaded and applied a pipeline, and some were refused. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#include "../fuzz/fuzz_model.c"

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

/* The file whole, each byte of its first 2 KiB three other ways, and cut
 * short at every 16th byte. */
static void mutate_through(const unsigned char *data, size_t len)
{
    unsigned char *buf = malloc(len);
    assert_non_null(buf);
    LLVMFuzzerTestOneInput(data, len);
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

static void test_fuzz_model_corpus_and_its_mutations_load_or_fail_cleanly(void **state)
{
    (void)state;
    LLVMFuzzerInitialize(NULL, NULL);
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", test_data_file("../../fuzz/corpus/model"));
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0, prep_files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char path[2 * PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        size_t len;
        unsigned char *data = read_all(path, &len);
        prep_files += len > 8 && memcmp(data, "MLLABPP", 8) == 0;
        mutate_through(data, len);
        free(data);
        files++;
    }
    closedir(d);
    assert_true(files >= 8);
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
