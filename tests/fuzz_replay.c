/* tests/fuzz_replay.c - a seed corpus replayed through a fuzz harness with
 * byte-wise mutations (fuzz_replay.h). */
#include "fuzz_replay.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

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

int fuzz_replay_corpus(const char *corpus, FuzzSeedCheck check)
{
    char dir[PATH_MAX], rel[64];
    snprintf(rel, sizeof rel, "../../fuzz/corpus/%s", corpus);
    snprintf(dir, sizeof dir, "%s", test_data_file(rel));
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
        if (check)
            check(e->d_name, data, len);
        mutate_through(data, len);
        free(data);
        files++;
    }
    closedir(d);
    return files;
}
