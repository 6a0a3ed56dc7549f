/* dataset_idx.c - reading MNIST's IDX format, plain or gzip-compressed.
 *
 * An IDX file is a 4-byte magic number (two zero bytes, the element type,
 * the number of dimensions), then each dimension as a big-endian 32-bit
 * count, then the elements.  Images are 0x00000803 (count, rows, cols, then
 * one unsigned byte per pixel) and labels 0x00000801 (count, then one byte
 * per label).  zlib's gzread reads both compressed and plain files.
 *
 * Loading a standard split decompresses the training and the test files in
 * two threads, each converting pixels straight into the rows of X, so that
 * MNIST (70000 x 784) loads in well under half a second.
 *
 * The optional progress (issue 12) is the fraction of the image bytes
 * inflated, reported after each chunk of IDX_CHUNK bytes (never per row), at
 * most 0.99 until the whole load has succeeded and then 1. */
#include "dataset.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "budget.h"

#define IDX_TYPE_UBYTE 0x08
#define IDX_MAX_DIMS 3
#define IDX_CHUNK (1u << 18) /* bytes decompressed per gzread */

/* ---- the header ---------------------------------------------------------- */

static uint32_t read_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Check the magic number and dimensions at the start of buf (avail bytes).
 * On success *header_len is the header's size and *payload the number of
 * element bytes the header announces. */
static int idx_header(const unsigned char *buf, size_t avail, const char *label, int *ndims,
                      int dims[IDX_MAX_DIMS], size_t *header_len, size_t *payload, Error *err)
{
    if (avail < 4)
        return error_set(err, ERR_DATA, "%s: not an IDX file: %zu bytes is too short for a header",
                         label, avail);
    if (buf[0] != 0 || buf[1] != 0)
        return error_set(err, ERR_DATA,
                         "%s: not an IDX file (magic number %02x%02x%02x%02x, expected "
                         "00000801 for labels or 00000803 for images)",
                         label, buf[0], buf[1], buf[2], buf[3]);
    if (buf[2] != IDX_TYPE_UBYTE)
        return error_set(err, ERR_DATA,
                         "%s: IDX element type 0x%02x is not supported (only unsigned bytes, 0x08)",
                         label, buf[2]);
    int nd = buf[3];
    if (nd < 1 || nd > IDX_MAX_DIMS)
        return error_set(err, ERR_DATA, "%s: IDX file with %d dimensions (expected 1 to %d)", label,
                         nd, IDX_MAX_DIMS);
    size_t hlen = 4 + 4 * (size_t)nd;
    if (avail < hlen)
        return error_set(err, ERR_DATA, "%s: truncated IDX header (%zu of %zu bytes)", label,
                         avail, hlen);
    uint64_t total = 1;
    for (int i = 0; i < nd; i++) {
        uint32_t v = read_be32(buf + 4 + 4 * i);
        if (v == 0 || v > INT_MAX)
            return error_set(err, ERR_DATA, "%s: IDX dimension %d has size %u", label, i + 1,
                             (unsigned)v);
        total *= v;
        /* 2^40 bytes is far beyond any real data set; it also keeps the
         * product of three 31-bit sizes from overflowing. */
        if (total > ((uint64_t)1 << 40))
            return error_set(err, ERR_DATA, "%s: IDX dimensions are implausibly large", label);
        dims[i] = (int)v;
    }
    if (total > SIZE_MAX)
        return error_set(err, ERR_DATA, "%s: IDX data too large for memory", label);
    /* the bytes and their float32 pixels */
    char what[4200];
    snprintf(what, sizeof what, "%.4096s (its IDX header announces %llu values)", label,
             (unsigned long long)total);
    if (budget_check(budget_mul((size_t)total, 5), what, err) < 0)
        return -1;
    *ndims = nd;
    *header_len = hlen;
    *payload = (size_t)total;
    return 0;
}

int idx_parse(const unsigned char *buf, size_t len, const char *label, int *ndims, int dims[3],
              unsigned char **data, Error *err)
{
    *data = NULL;
    *ndims = 0;
    if (!label)
        label = "(idx)";
    size_t hlen, payload;
    if (idx_header(buf, len, label, ndims, dims, &hlen, &payload, err) < 0)
        return -1;
    if (len - hlen < payload)
        return error_set(err, ERR_DATA,
                         "%s: truncated IDX file: the header announces %zu bytes of data, "
                         "found %zu",
                         label, payload, len - hlen);
    if (len - hlen > payload)
        return error_set(err, ERR_DATA,
                         "%s: %zu bytes after the %zu bytes of data the IDX header announces",
                         label, len - hlen - payload, payload);
    unsigned char *copy = malloc(payload);
    if (!copy)
        return error_set(err, ERR_NOMEM, "%s: out of memory for %zu bytes", label, payload);
    memcpy(copy, buf + hlen, payload);
    *data = copy;
    return 0;
}

/* ---- reading a file through zlib ----------------------------------------- */

typedef struct IdxFile {
    const char *path;
    gzFile gz;
    int ndims;
    int dims[IDX_MAX_DIMS];
    size_t payload;
} IdxFile;

static void idx_close(IdxFile *f)
{
    if (f->gz)
        gzclose(f->gz);
    f->gz = NULL;
}

/* zlib's message for the last error on f, without the "PATH: " that zlib
 * puts in front of it. */
static const char *zlib_message(IdxFile *f, int *zerr)
{
    const char *msg = gzerror(f->gz, zerr);
    if (!msg || !*msg)
        return "zlib error";
    size_t n = strlen(f->path);
    if (strncmp(msg, f->path, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
    return msg;
}

/* Why a gzread came up short, as a message into err. */
static int read_failure(IdxFile *f, size_t want, size_t got, Error *err)
{
    int zerr = Z_OK;
    const char *zmsg = zlib_message(f, &zerr);
    if (zerr == Z_ERRNO)
        return error_set(err, ERR_IO, "%s: read error: %s", f->path, strerror(errno));
    if (zerr == Z_BUF_ERROR)
        return error_set(err, ERR_DATA,
                         "%s: truncated gzip data (unexpected end of file after %zu of %zu bytes)",
                         f->path, got, want);
    if (zerr != Z_OK)
        return error_set(err, ERR_DATA, "%s: corrupt gzip data (%s)", f->path, zmsg);
    return error_set(err, ERR_DATA,
                     "%s: truncated IDX file: the header announces %zu bytes of data, found %zu",
                     f->path, want, got);
}

/* Read up to n bytes; -1 (err set) on an error, else the count read. */
static long read_some(IdxFile *f, void *buf, unsigned n, size_t want, size_t done, Error *err)
{
    int got = gzread(f->gz, buf, n);
    if (got < 0) {
        read_failure(f, want, done, err);
        return -1;
    }
    return got;
}

/* Open path and read its header; expect ndims dimensions. */
static int idx_open(IdxFile *f, const char *path, int want_ndims, Error *err)
{
    memset(f, 0, sizeof *f);
    f->path = path;
    errno = 0;
    f->gz = gzopen(path, "rb");
    if (!f->gz)
        return error_set(err, errno ? ERR_IO : ERR_NOMEM, "%s: %s", path,
                         errno ? strerror(errno) : "out of memory");
    gzbuffer(f->gz, 1u << 17);
    unsigned char head[4 + 4 * IDX_MAX_DIMS];
    long got = read_some(f, head, 4, 4, 0, err);
    if (got < 0)
        goto fail;
    if (got == 4 && head[3] >= 1 && head[3] <= IDX_MAX_DIMS && head[0] == 0 && head[1] == 0) {
        long more = read_some(f, head + 4, 4u * head[3], 4u * head[3], 4, err);
        if (more < 0)
            goto fail;
        got += more;
    }
    size_t hlen;
    if (got == 0) {
        error_set(err, ERR_DATA, "%s: empty file", path);
        goto fail;
    }
    if (idx_header(head, (size_t)got, path, &f->ndims, f->dims, &hlen, &f->payload, err) < 0)
        goto fail;
    if (f->ndims != want_ndims) {
        error_set(err, ERR_DATA, "%s: an IDX file of %d dimensions where %s (%d) were expected",
                  path, f->ndims, want_ndims == 3 ? "images" : "labels", want_ndims);
        goto fail;
    }
    /* Before anything is allocated for it, check the announced size against
     * the file: exactly for a plain file, and for gzip data against the most
     * that deflate can expand (about 1032 to 1), so that a damaged header
     * cannot ask for gigabytes. */
    struct stat st;
    if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        size_t size = (size_t)st.st_size;
        if (gzdirect(f->gz)) {
            if (size < hlen + f->payload) {
                error_set(err, ERR_DATA,
                          "%s: truncated IDX file: the header announces %zu bytes of data, "
                          "found %zu",
                          path, f->payload, size - hlen);
                goto fail;
            }
            if (size > hlen + f->payload) {
                error_set(err, ERR_DATA,
                          "%s: more data after the %zu bytes its IDX header announces", path,
                          f->payload);
                goto fail;
            }
        } else if (f->payload / 1032 > size + 1024) {
            error_set(err, ERR_DATA,
                      "%s: the IDX header announces %zu bytes of data, more than %zu bytes of "
                      "gzip data can hold (truncated or corrupt file)",
                      path, f->payload, size);
            goto fail;
        }
    }
    return 0;
fail:
    idx_close(f);
    return -1;
}

/* After the payload: the file must end there (this also makes zlib check
 * the gzip trailer's CRC). */
static int idx_expect_end(IdxFile *f, Error *err)
{
    unsigned char extra;
    int got = gzread(f->gz, &extra, 1);
    if (got < 0) {
        int zerr = Z_OK;
        const char *zmsg = zlib_message(f, &zerr);
        if (zerr == Z_BUF_ERROR)
            return error_set(err, ERR_DATA, "%s: truncated gzip data (no end-of-stream trailer)",
                             f->path);
        return error_set(err, zerr == Z_ERRNO ? ERR_IO : ERR_DATA, "%s: corrupt gzip data (%s)",
                         f->path, zerr == Z_ERRNO ? strerror(errno) : zmsg);
    }
    if (got > 0)
        return error_set(err, ERR_DATA,
                         "%s: more data after the %zu bytes its IDX header announces", f->path,
                         f->payload);
    return 0;
}

/* Decompress the whole payload into bytes (f->payload of them), calling
 * progress(ctx, done) after each chunk. */
static int idx_read_bytes(IdxFile *f, unsigned char *bytes, void (*progress)(void *, size_t),
                          void *ctx, Error *err)
{
    size_t done = 0;
    while (done < f->payload) {
        size_t left = f->payload - done;
        unsigned n = left < IDX_CHUNK ? (unsigned)left : IDX_CHUNK;
        long got = read_some(f, bytes + done, n, f->payload, done, err);
        if (got <= 0) {
            if (got == 0)
                read_failure(f, f->payload, done, err);
            return -1;
        }
        done += (size_t)got;
        if (progress)
            progress(ctx, done);
    }
    return idx_expect_end(f, err);
}

/* ---- loading pairs of files: images and their labels ----------------------
 *
 * Each pair is decompressed by its own thread into a byte buffer; the bytes
 * become floats in blocks that any thread may claim as soon as they are
 * decompressed.  The thread of the small test pair finishes early and then
 * converts the training images while they are still being inflated, so the
 * load takes about as long as inflating the largest file. */

#define CONVERT_BLOCK (1u << 18) /* pixels per conversion block */

typedef struct IdxPair {
    IdxFile images, labels;
    int count, h, w;
    unsigned char *bytes; /* the pixels as decompressed */
    float *pixels;        /* where the rows go as floats; NULL: the bytes are the rows
                             (a byte-backed X owns them, nothing to convert) */
    int *y;
    /* guarded by Loader.lock: */
    size_t inflated;      /* bytes of pixels available */
    size_t claimed;       /* pixels handed to a converter */
    bool active;          /* its thread has started (will inflate it all or fail) */
    Error err;
    int rc;
} IdxPair;

typedef struct Loader {
    pthread_mutex_t lock;
    pthread_cond_t more; /* a pair advanced, or a failure */
    IdxPair *pairs[2];
    int n_pairs;
    bool abort;
    float lut[256];      /* byte -> byte / 255 */
    const DatasetProgress *progress; /* NULL or fn NULL: none */
    double reported;     /* the last fraction passed to it */
} Loader;

typedef struct Worker {
    Loader *loader;
    IdxPair *pair;       /* the pair this thread inflates */
} Worker;

static void pair_close(IdxPair *p)
{
    idx_close(&p->images);
    idx_close(&p->labels);
}

/* Open both files and check that they agree. */
static int pair_open(IdxPair *p, const char *images_path, const char *labels_path, Error *err)
{
    memset(p, 0, sizeof *p);
    if (idx_open(&p->images, images_path, 3, err) < 0)
        return -1;
    if (idx_open(&p->labels, labels_path, 1, err) < 0) {
        pair_close(p);
        return -1;
    }
    p->count = p->images.dims[0];
    p->h = p->images.dims[1];
    p->w = p->images.dims[2];
    if (p->labels.dims[0] != p->count) {
        error_set(err, ERR_DATA, "%s has %d images but %s has %d labels", images_path, p->count,
                  labels_path, p->labels.dims[0]);
        pair_close(p);
        return -1;
    }
    if ((size_t)p->h * (size_t)p->w > INT_MAX) {
        error_set(err, ERR_DATA, "%s: images of %dx%d pixels are too large", images_path, p->h,
                  p->w);
        pair_close(p);
        return -1;
    }
    return 0;
}

typedef struct Progress {
    Loader *loader;
    IdxPair *pair;
} Progress;

/* Pass the fraction of all image bytes inflated (at most 0.99) to the
 * caller's progress when it grew; L->lock is held, so calls never overlap. */
static void tell_progress(Loader *L)
{
    if (!L->progress || !L->progress->fn)
        return;
    size_t done = 0, total = 0;
    for (int i = 0; i < L->n_pairs; i++) {
        done += L->pairs[i]->inflated;
        total += L->pairs[i]->images.payload;
    }
    double f = total ? 0.99 * (double)done / (double)total : 0.99;
    if (f > L->reported) {
        L->reported = f;
        L->progress->fn(f, L->progress->ctx);
    }
}

static void report_progress(void *ctx, size_t done)
{
    Progress *pr = ctx;
    pthread_mutex_lock(&pr->loader->lock);
    pr->pair->inflated = done;
    tell_progress(pr->loader);
    pthread_cond_broadcast(&pr->loader->more);
    pthread_mutex_unlock(&pr->loader->lock);
}

/* Convert blocks of any pair until none is left that this thread may take. */
static void convert_blocks(Loader *L)
{
    pthread_mutex_lock(&L->lock);
    while (!L->abort) {
        IdxPair *p = NULL;
        size_t start = 0, end = 0;
        /* Prefer a block that is ready; else one of a pair still inflating. */
        for (int pass = 0; pass < 2 && !p; pass++)
            for (int i = 0; i < L->n_pairs && !p; i++) {
                IdxPair *q = L->pairs[i];
                size_t total = q->images.payload;
                if (q->claimed >= total)
                    continue;
                size_t e = q->claimed + CONVERT_BLOCK < total ? q->claimed + CONVERT_BLOCK : total;
                if (q->inflated >= e || (pass == 1 && q->active)) {
                    p = q;
                    start = q->claimed;
                    end = e;
                }
            }
        if (!p)
            break;
        p->claimed = end;
        while (p->inflated < end && !L->abort)
            pthread_cond_wait(&L->more, &L->lock);
        if (L->abort)
            break;
        pthread_mutex_unlock(&L->lock);
        const unsigned char *b = p->bytes + start;
        float *out = p->pixels + start;
        for (size_t i = 0; i < end - start; i++)
            out[i] = L->lut[b[i]];
        pthread_mutex_lock(&L->lock);
    }
    pthread_mutex_unlock(&L->lock);
}

/* A thread: inflate its pair (if any) and its labels, then convert. */
static void *worker_run(void *arg)
{
    Worker *w = arg;
    Loader *L = w->loader;
    IdxPair *p = w->pair;
    if (p) {
        pthread_mutex_lock(&L->lock);
        p->active = true;
        pthread_mutex_unlock(&L->lock);
        Progress pr = { L, p };
        error_clear(&p->err);
        p->rc = idx_read_bytes(&p->images, p->bytes, report_progress, &pr, &p->err);
        if (p->rc == 0) {
            unsigned char *labels = malloc(p->labels.payload);
            if (!labels) {
                p->rc = error_set(&p->err, ERR_NOMEM, "%s: out of memory", p->labels.path);
            } else {
                p->rc = idx_read_bytes(&p->labels, labels, NULL, NULL, &p->err);
                for (size_t i = 0; p->rc == 0 && i < p->labels.payload; i++)
                    p->y[i] = labels[i];
                free(labels);
            }
        }
        pair_close(p);
        if (p->rc < 0) {
            pthread_mutex_lock(&L->lock);
            L->abort = true;
            pthread_cond_broadcast(&L->more);
            pthread_mutex_unlock(&L->lock);
            return NULL;
        }
    }
    convert_blocks(L);
    return NULL;
}

/* The buffer pair p inflates into: its own when the bytes become floats;
 * when they stay bytes, the Dataset's (nothing left to convert). */
static int pair_buffer(IdxPair *p, Error *err)
{
    p->rc = 0;
    if (!p->pixels) {
        p->claimed = p->images.payload;
        return 0;
    }
    if (!(p->bytes = malloc(p->images.payload)))
        return error_set(err, ERR_NOMEM, "%s: out of memory", p->images.path);
    return 0;
}

/* Read every pair: the first in this thread, the second (or a helper that
 * only converts, when there is one pair) in another. */
static int read_pairs(IdxPair **pairs, int n_pairs, const DatasetProgress *progress,
                      Error *err)
{
    Loader L;
    memset(&L, 0, sizeof L);
    L.progress = progress;
    pthread_mutex_init(&L.lock, NULL);
    pthread_cond_init(&L.more, NULL);
    for (int i = 0; i < 256; i++)
        L.lut[i] = (float)i / 255.0f;
    L.n_pairs = n_pairs;
    int rc = 0;
    for (int i = 0; i < n_pairs; i++) {
        L.pairs[i] = pairs[i];
        if (pair_buffer(pairs[i], err) < 0)
            rc = -1;
    }
    if (rc == 0) {
        Worker main_worker = { &L, pairs[0] };
        Worker helper = { &L, n_pairs > 1 ? pairs[1] : NULL };
        pairs[0]->active = true; /* this thread starts on it right away */
        pthread_t thread;
        bool threaded = pthread_create(&thread, NULL, worker_run, &helper) == 0;
        worker_run(&main_worker);
        if (threaded)
            pthread_join(thread, NULL);
        else
            worker_run(&helper);
        for (int i = 0; i < n_pairs && rc == 0; i++)
            if (pairs[i]->rc < 0) {
                if (err)
                    *err = pairs[i]->err;
                rc = -1;
            }
    }
    for (int i = 0; i < n_pairs; i++) {
        pair_close(pairs[i]);
        if (pairs[i]->pixels) /* else the bytes are the Dataset's */
            free(pairs[i]->bytes);
        pairs[i]->bytes = NULL;
    }
    pthread_cond_destroy(&L.more);
    pthread_mutex_destroy(&L.lock);
    return rc;
}

/* ---- building the Dataset ------------------------------------------------- */

/* Feature names px_ROW_COL and class names "0".."max" for an image set. */
static int fill_names(Dataset *ds, const char *name, Error *err)
{
    int h = ds->image_h, w = ds->image_w;
    ds->feature_names = calloc((size_t)h * (size_t)w, sizeof(char *));
    if (!ds->feature_names)
        return error_set(err, ERR_NOMEM, "out of memory");
    char buf[40];
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            snprintf(buf, sizeof buf, "px_%d_%d", r, c);
            if (!(ds->feature_names[r * w + c] = strdup(buf)))
                return error_set(err, ERR_NOMEM, "out of memory");
        }
    int max = 0;
    for (int i = 0; i < ds->X.rows; i++)
        if (ds->y[i] > max)
            max = ds->y[i];
    ds->class_names = calloc((size_t)max + 1, sizeof(char *));
    if (!ds->class_names)
        return error_set(err, ERR_NOMEM, "out of memory");
    ds->n_classes = max + 1;
    for (int k = 0; k <= max; k++) {
        snprintf(buf, sizeof buf, "%d", k);
        if (!(ds->class_names[k] = strdup(buf)))
            return error_set(err, ERR_NOMEM, "out of memory");
    }
    ds->name = strdup(name);
    ds->target_name = strdup("label");
    if (!ds->name || !ds->target_name)
        return error_set(err, ERR_NOMEM, "out of memory");
    ds->has_target = true;
    return 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash && slash[1] ? slash + 1 : path;
}

/* Allocate X without zeroing it (every element is written by the readers;
 * zeroing 220 MB first would cost a good part of the load time).  The
 * storage is what mat_alloc makes, so mat_free releases it. */
static int alloc_rows(Mat *m, int rows, int cols, Error *err)
{
    *m = (Mat){ 0 };
    size_t bytes = (size_t)rows * (size_t)cols * sizeof(float);
    size_t rounded = (bytes + 63) / 64 * 64;
    m->data = aligned_alloc(64, rounded ? rounded : 64);
    if (!m->data)
        return error_set(err, ERR_NOMEM, "out of memory for %d x %d pixels", rows, cols);
    m->rows = rows;
    m->cols = cols;
    return 0;
}

/* Where each pair's rows go: floats, or (keep_bytes) the byte backing. */
static int alloc_pixels(Dataset *ds, IdxPair *train, IdxPair *test, bool two, bool keep_bytes,
                        Error *err)
{
    long total = (long)train->count + (two ? test->count : 0);
    int d = train->h * train->w;
    int rc = keep_bytes ? mat_alloc_bytes(&ds->X, (int)total, d, 255.0f, err)
                        : alloc_rows(&ds->X, (int)total, d, err);
    if (rc < 0)
        return -1;
    size_t off = (size_t)train->count * (size_t)d;
    train->pixels = keep_bytes ? NULL : ds->X.data;
    train->bytes = keep_bytes ? ds->X.bytes : NULL;
    if (two) {
        test->pixels = keep_bytes ? NULL : ds->X.data + off;
        test->bytes = keep_bytes ? ds->X.bytes + off : NULL;
    }
    return 0;
}

/* Load images+labels (and a second pair after them, the test part, when
 * test_images is not NULL) into ds; the pairs are read in parallel.  With
 * keep_bytes X is byte-backed (scale 255) and the files inflate straight
 * into it. */
static int load_pairs(Dataset *ds, const char *train_images, const char *train_labels,
                      const char *test_images, const char *test_labels,
                      const DatasetProgress *progress, bool keep_bytes, Error *err)
{
    memset(ds, 0, sizeof *ds);
    IdxPair train, test;
    bool two = test_images != NULL;
    if (pair_open(&train, train_images, train_labels, err) < 0)
        return -1;
    if (two && pair_open(&test, test_images, test_labels, err) < 0) {
        pair_close(&train);
        return -1;
    }
    if (two && (test.h != train.h || test.w != train.w)) {
        error_set(err, ERR_DATA, "%s has %dx%d images but %s has %dx%d", test_images, test.h,
                  test.w, train_images, train.h, train.w);
        pair_close(&train);
        pair_close(&test);
        return -1;
    }
    long total = (long)train.count + (two ? test.count : 0);
    int d = train.h * train.w;
    if (total > INT_MAX || (size_t)total * (size_t)d > SIZE_MAX / sizeof(float)) {
        error_set(err, ERR_DATA, "%s: too many images", train_images);
        pair_close(&train);
        if (two)
            pair_close(&test);
        return -1;
    }
    ds->y = malloc((size_t)total * sizeof *ds->y);
    if (!ds->y || alloc_pixels(ds, &train, &test, two, keep_bytes, err) < 0) {
        pair_close(&train);
        if (two)
            pair_close(&test);
        dataset_free(ds);
        return error_set(err, ERR_NOMEM, "out of memory for %ld images of %d pixels", total, d);
    }
    train.y = ds->y;
    if (two)
        test.y = ds->y + train.count;

    IdxPair *pairs[2] = { &train, &test };
    if (read_pairs(pairs, two ? 2 : 1, progress, err) < 0) {
        dataset_free(ds);
        return -1;
    }
    ds->image_h = train.h;
    ds->image_w = train.w;
    ds->split_at = two ? train.count : 0;
    if (fill_names(ds, base_name(train_images), err) < 0) {
        dataset_free(ds);
        return -1;
    }
    return 0;
}

int dataset_load_idx(Dataset *ds, const char *images_path, const char *labels_path, Error *err)
{
    return load_pairs(ds, images_path, labels_path, NULL, NULL, NULL, false, err);
}

int dataset_load_idx_split(Dataset *ds, const char *train_images, const char *train_labels,
                           const char *test_images, const char *test_labels, Error *err)
{
    return load_pairs(ds, train_images, train_labels, test_images, test_labels, NULL, false,
                      err);
}

int dataset_load_idx_split_progress(Dataset *ds, const char *train_images,
                                    const char *train_labels, const char *test_images,
                                    const char *test_labels, const DatasetProgress *p,
                                    Error *err)
{
    return dataset_load_idx_split_opts(ds, train_images, train_labels, test_images, test_labels,
                                       p, false, err);
}

int dataset_load_idx_split_opts(Dataset *ds, const char *train_images, const char *train_labels,
                                const char *test_images, const char *test_labels,
                                const DatasetProgress *p, bool keep_bytes, Error *err)
{
    if (load_pairs(ds, train_images, train_labels, test_images, test_labels, p, keep_bytes,
                   err) < 0)
        return -1;
    if (p && p->fn) /* the end: everything read and converted */
        p->fn(1.0, p->ctx);
    return 0;
}

int dataset_append_idx(Dataset *ds, const char *images_path, const char *labels_path, Error *err)
{
    if (!ds->y || ds->image_w <= 0)
        return error_set(err, ERR_INTERNAL, "dataset_append_idx: '%s' is not an IDX image set",
                         ds->name ? ds->name : "");
    if (mat_to_float(&ds->X, err) < 0) /* the parts are joined as floats */
        return -1;
    Dataset more;
    if (dataset_load_idx(&more, images_path, labels_path, err) < 0)
        return -1;
    if (more.image_w != ds->image_w || more.image_h != ds->image_h) {
        error_set(err, ERR_DATA, "%s has %dx%d images, not %dx%d like the first part",
                  images_path, more.image_h, more.image_w, ds->image_h, ds->image_w);
        dataset_free(&more);
        return -1;
    }
    int n0 = ds->X.rows, n1 = more.X.rows, d = ds->X.cols;
    if ((long)n0 + n1 > INT_MAX) {
        dataset_free(&more);
        return error_set(err, ERR_DATA, "%s: too many images", images_path);
    }
    Mat X;
    int *y = malloc(((size_t)n0 + (size_t)n1) * sizeof *y);
    if (!y || alloc_rows(&X, n0 + n1, d, err) < 0) {
        free(y);
        dataset_free(&more);
        return error_set(err, ERR_NOMEM, "out of memory appending %s", images_path);
    }
    memcpy(X.data, ds->X.data, mat_size(&ds->X) * sizeof(float));
    memcpy(X.data + mat_size(&ds->X), more.X.data, mat_size(&more.X) * sizeof(float));
    memcpy(y, ds->y, (size_t)n0 * sizeof *y);
    memcpy(y + n0, more.y, (size_t)n1 * sizeof *y);
    /* Keep the larger list of class names. */
    if (more.n_classes > ds->n_classes) {
        char **names = ds->class_names;
        int n = ds->n_classes;
        ds->class_names = more.class_names;
        ds->n_classes = more.n_classes;
        more.class_names = names;
        more.n_classes = n;
    }
    mat_free(&ds->X);
    free(ds->y);
    ds->X = X;
    ds->y = y;
    ds->split_at = n0;
    dataset_free(&more);
    return 0;
}
