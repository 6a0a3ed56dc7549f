/* fuzz_idx.c - libFuzzer harness for the IDX reader.
 *
 * The input goes to idx_parse as it is.  It is also cut in two, where a
 * second file seems to begin (an IDX labels magic number or a gzip header
 * after the first bytes; else in the middle), and the halves are written to
 * two in-memory files that dataset_load_idx reads as an images file and a
 * labels file, plain or gzip-compressed: this drives the zlib reading, the
 * size checks and the threaded conversion.  So a seed is an images file
 * followed by its labels file.  Every call must succeed with
 * sane output or fail with a message.  Build and run with fuzz/run.sh. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "dataset.h"

static int images_fd = -1, labels_fd = -1;
static char images_path[64], labels_path[64];

/* Where the second file of the input starts. */
static size_t find_cut(const uint8_t *d, size_t n)
{
    for (size_t i = 4; i + 4 <= n; i++) {
        if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 8 && d[i + 3] == 1)
            return i;
        if (d[i] == 0x1f && d[i + 1] == 0x8b && d[i + 2] == 8)
            return i;
    }
    return n / 2;
}

static void put(int fd, const uint8_t *data, size_t size)
{
    if (ftruncate(fd, 0) != 0)
        abort();
    size_t done = 0;
    while (done < size) {
        ssize_t w = pwrite(fd, data + done, size - done, (off_t)done);
        if (w <= 0)
            abort();
        done += (size_t)w;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int nd, dims[3];
    unsigned char *out;
    Error err;
    error_clear(&err);
    if (idx_parse(data, size, "fuzz.idx", &nd, dims, &out, &err) == 0) {
        size_t total = 1;
        for (int i = 0; i < nd; i++)
            total *= (size_t)dims[i];
        if (nd < 1 || nd > 3 || total + 4 + 4 * (size_t)nd != size)
            abort();
        free(out);
    } else if (err.code == ERR_NONE || strncmp(err.msg, "fuzz.idx", 8) != 0) {
        abort();
    }

    if (images_fd < 0) {
        images_fd = memfd_create("fuzz-images", 0);
        labels_fd = memfd_create("fuzz-labels", 0);
        if (images_fd < 0 || labels_fd < 0)
            abort();
        snprintf(images_path, sizeof images_path, "/proc/self/fd/%d", images_fd);
        snprintf(labels_path, sizeof labels_path, "/proc/self/fd/%d", labels_fd);
    }
    size_t cut = find_cut(data, size);
    put(images_fd, data, cut);
    put(labels_fd, data + cut, size - cut);
    Dataset ds;
    error_clear(&err);
    if (dataset_load_idx(&ds, images_path, labels_path, &err) == 0) {
        if (ds.X.rows < 1 || ds.X.cols != ds.image_w * ds.image_h || !ds.y ||
            ds.n_classes < 1 || ds.n_classes > 256)
            abort();
        for (size_t i = 0; i < mat_size(&ds.X); i++)
            if (ds.X.data[i] < 0.0f || ds.X.data[i] > 1.0f)
                abort();
        dataset_free(&ds);
    } else if (err.code == ERR_NONE || err.msg[0] == '\0') {
        abort();
    }
    return 0;
}
