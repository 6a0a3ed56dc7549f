/* algorithms/nn_io.c - writing and reading saved networks (format in nn_io.h).
 *
 * A file is written as a stream, its checksum kept as the bytes go (a forest
 * of MNIST trees is ~90 MB: no second copy of it in memory), and read back
 * whole before anything is trusted: the size and the checksum are checked
 * first, then every length is checked against the bytes that remain. */
#include "nn_io.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "budget.h"

#define MAGIC_LEN 8
/* a network read from a pipe or a device: far above any network here */
#define STREAM_MAX_BYTES ((size_t)256 << 20)

uint32_t nn_crc32(const void *data, size_t len)
{
    uLong crc = crc32(0L, Z_NULL, 0);
    const unsigned char *p = data;
    while (len > 0) { /* zlib takes uInt lengths */
        uInt n = len > UINT_MAX ? UINT_MAX : (uInt)len;
        crc = crc32(crc, p, n);
        p += n;
        len -= n;
    }
    return (uint32_t)crc;
}

size_t nn_file_values(const NnFile *nf)
{
    size_t n = 0;
    for (int i = 0; i < nf->n_tensors; i++)
        n += nn_tensor_count(&nf->tensors[i]);
    return n;
}

int nn_file_check_params(const NnFile *nf, const char *kind, double n_params, Error *err)
{
    size_t have = nn_file_values(nf);
    if (n_params <= (double)have)
        return 0;
    return error_set(err, ERR_DATA, "corrupt network file: its header describes a %s of %.0f "
                                    "parameters, the file holds %zu values",
                     kind, n_params, have);
}

size_t nn_tensor_count(const NnTensor *t)
{
    size_t n = 1;
    for (int i = 0; i < t->ndim; i++)
        n *= (size_t)t->dims[i];
    return n;
}

/* ---------------------------------------------------------------- writing */

/* The file being written (nn_io.h): its running CRC-32, and whether a
 * write failed. */
typedef NnWriter Buf;

static void put(Buf *b, const void *data, size_t n)
{
    if (b->failed || n == 0)
        return;
    if (fwrite(data, 1, n, b->f) != n) {
        b->failed = true;
        return;
    }
    const unsigned char *p = data;
    while (n > 0) { /* zlib takes uInt lengths */
        uInt k = n > UINT_MAX ? UINT_MAX : (uInt)n;
        b->crc = crc32(b->crc, p, k);
        p += k;
        n -= k;
    }
}

static void put_u32(Buf *b, uint32_t v)
{
    unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    put(b, x, 4);
}

static void put_floats(Buf *b, const float *v, size_t n)
{
    /* little-endian IEEE-754 float32, whatever the host order */
    unsigned char chunk[4096];
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], 4);
        chunk[k++] = (unsigned char)u;
        chunk[k++] = (unsigned char)(u >> 8);
        chunk[k++] = (unsigned char)(u >> 16);
        chunk[k++] = (unsigned char)(u >> 24);
        if (k == sizeof chunk) {
            put(b, chunk, k);
            k = 0;
        }
    }
    put(b, chunk, k);
}

static void put_doubles(Buf *b, const double *v, size_t n)
{
    /* little-endian IEEE-754 float64, bit for bit */
    for (size_t i = 0; i < n; i++) {
        uint64_t u;
        memcpy(&u, &v[i], 8);
        unsigned char x[8];
        for (int k = 0; k < 8; k++)
            x[k] = (unsigned char)(u >> (8 * k));
        put(b, x, 8);
    }
}

/* One tensor; -1 (ERR_INTERNAL) for a bad name or shape. */
static int put_tensor(Buf *b, const NnTensor *t, Error *err)
{
    size_t nl = strlen(t->name);
    if (nl == 0 || nl >= sizeof t->name || t->ndim < 1 || t->ndim > NN_IO_MAX_DIMS)
        return error_set(err, ERR_INTERNAL, "tensor %s has a bad name or shape", t->name);
    unsigned char nl16[2] = { (unsigned char)nl, (unsigned char)(nl >> 8) };
    put(b, nl16, 2);
    put(b, t->name, nl);
    unsigned char nd = (unsigned char)t->ndim;
    put(b, &nd, 1);
    for (int d = 0; d < t->ndim; d++)
        put_u32(b, (uint32_t)t->dims[d]);
    put_floats(b, t->data, nn_tensor_count(t));
    return 0;
}

/* The scaler section (NULL or SCALE_NONE: kind 0, no features). */
static int put_scaler(Buf *b, const Scaler *scaler, Error *err)
{
    bool scaled = scaler && scaler->kind != SCALE_NONE;
    if (!scaled) {
        put_u32(b, (uint32_t)SCALE_NONE);
        put_u32(b, 0u);
        return 0;
    }
    if (scaler->d < 1 || !scaler->shift || !scaler->scale)
        return error_set(err, ERR_INTERNAL, "the scaler to save is not fitted");
    put_u32(b, (uint32_t)scaler->kind);
    put_u32(b, (uint32_t)scaler->d);
    put_doubles(b, scaler->shift, (size_t)scaler->d);
    put_doubles(b, scaler->scale, (size_t)scaler->d);
    return 0;
}

static int write_failed(Error *err)
{
    return error_set(err, ERR_IO, "cannot write the network file: write failed");
}

int nn_writer_begin(NnWriter *w, FILE *f, const char *header, int n_tensors, Error *err)
{
    Buf *b = w;
    *w = (NnWriter){ .f = f, .crc = crc32(0L, Z_NULL, 0), .left = n_tensors };
    put(b, NN_IO_MAGIC, MAGIC_LEN); /* the 7 letters and their terminating zero */
    put_u32(b, NN_IO_VERSION);
    size_t hl = strlen(header);
    put_u32(b, (uint32_t)hl);
    put(b, header, hl);
    put_u32(b, (uint32_t)n_tensors);
    return b->failed ? write_failed(err) : 0;
}

int nn_writer_tensor(NnWriter *w, const NnTensor *t, Error *err)
{
    Buf *b = w;
    if (w->left <= 0)
        return error_set(err, ERR_INTERNAL, "more tensors than nn_writer_begin was told");
    w->left--;
    if (put_tensor(b, t, err) < 0)
        return -1;
    return b->failed ? write_failed(err) : 0;
}

int nn_writer_end(NnWriter *w, const Scaler *scaler, Error *err)
{
    Buf *b = w;
    if (w->left != 0)
        return error_set(err, ERR_INTERNAL, "%d tensors announced were not written", w->left);
    if (put_scaler(b, scaler, err) < 0)
        return -1;
    put_u32(b, (uint32_t)b->crc);
    if (b->failed || fflush(b->f) != 0)
        return write_failed(err);
    return 0;
}

int nn_file_write(FILE *f, const char *header, const NnTensor *tensors, int n,
                  const Scaler *scaler, Error *err)
{
    NnWriter w;
    if (nn_writer_begin(&w, f, header, n, err) < 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (nn_writer_tensor(&w, &tensors[i], err) < 0)
            return -1;
    return nn_writer_end(&w, scaler, err);
}

/* ---------------------------------------------------------------- reading */

typedef struct Reader {
    const unsigned char *p;
    size_t len, pos;
} Reader;

static bool take(Reader *r, size_t n, const unsigned char **out)
{
    if (n > r->len - r->pos)
        return false;
    *out = r->p + r->pos;
    r->pos += n;
    return true;
}

static bool take_u32(Reader *r, uint32_t *v)
{
    const unsigned char *x;
    if (!take(r, 4, &x))
        return false;
    *v = (uint32_t)x[0] | (uint32_t)x[1] << 8 | (uint32_t)x[2] << 16 | (uint32_t)x[3] << 24;
    return true;
}

static void take_doubles(const unsigned char *x, double *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint64_t u = 0;
        for (int k = 0; k < 8; k++)
            u |= (uint64_t)x[8 * i + (size_t)k] << (8 * k);
        memcpy(&v[i], &u, 8);
    }
}

/* Every shift and scale finite, no scale zero. */
static int check_scaler_values(const Scaler *s, Error *err)
{
    for (int j = 0; j < s->d; j++)
        if (!isfinite(s->shift[j]) || !isfinite(s->scale[j]) || s->scale[j] == 0)
            return error_set(err, ERR_DATA,
                             "corrupt network file: the scaler's feature %u is not finite",
                             (unsigned)j + 1);
    return 0;
}

/* Do d features' shift and scale fit the bytes that remain? */
static bool scaler_fits(const Reader *r, uint32_t d)
{
    return d >= 1 && d <= (uint32_t)INT_MAX && d <= (r->len - r->pos) / 16;
}

/* The version 2 scaler section: kind, feature count, shift and scale. */
static int read_scaler(Reader *r, Scaler *s, Error *err)
{
    uint32_t kind, d;
    const unsigned char *x;
    if (!take_u32(r, &kind) || !take_u32(r, &d))
        return error_set(err, ERR_DATA, "truncated network file: the scaler is cut off");
    if (kind > SCALE_MINMAX)
        return error_set(err, ERR_DATA, "corrupt network file: unknown scaler kind %u", kind);
    s->kind = (ScaleKind)kind;
    if (kind == SCALE_NONE)
        return d == 0 ? 0
                      : error_set(err, ERR_DATA,
                                  "corrupt network file: no scaling, yet %u scaled features", d);
    if (!scaler_fits(r, d) || !take(r, (size_t)d * 16, &x))
        return error_set(err, ERR_DATA, "corrupt network file: the scaler's feature count %u "
                                        "does not fit the file", d);
    s->d = (int)d;
    s->shift = malloc((size_t)d * sizeof(double));
    s->scale = malloc((size_t)d * sizeof(double));
    if (!s->shift || !s->scale)
        return error_set(err, ERR_NOMEM, "out of memory for the scaler");
    take_doubles(x, s->shift, d);
    take_doubles(x + (size_t)d * 8, s->scale, d);
    return check_scaler_values(s, err);
}

void nn_file_free(NnFile *nf)
{
    if (!nf)
        return;
    scaler_free(&nf->scaler);
    for (int i = 0; i < nf->n_tensors && nf->tensors; i++)
        free(nf->tensors[i].data);
    free(nf->tensors);
    free(nf->header);
    memset(nf, 0, sizeof *nf);
}

/* The fixed start of a file: magic, version, the smallest size, the header
 * text and the checksum.  r->len is cut to end before the checksum. */
static int read_magic_version(Reader *r, uint32_t *version, Error *err)
{
    size_t len = r->len;
    if (len < MAGIC_LEN || memcmp(r->p, NN_IO_MAGIC, MAGIC_LEN) != 0)
        return error_set(err, ERR_DATA, "not an mllab network file (the first 8 bytes are not "
                                        "\"MLLABNN\\0\")");
    r->pos = MAGIC_LEN;
    if (!take_u32(r, version))
        return error_set(err, ERR_DATA, "truncated network file: %zu bytes, no version", len);
    if (*version != NN_IO_VERSION && *version != NN_IO_VERSION_NO_SCALER)
        return error_set(err, ERR_DATA, "network file format version %u; this mllab reads "
                                        "version %u", *version, NN_IO_VERSION);
    return 0;
}

/* The header text, after its length. */
static int read_header_text(Reader *r, uint32_t hl, const unsigned char *x, NnFile *out,
                            Error *err)
{
    (void)r;
    if (memchr(x, '\0', hl))
        return error_set(err, ERR_DATA, "corrupt network file: a zero byte inside the header");
    if (!(out->header = malloc(hl + 1)))
        return error_set(err, ERR_NOMEM, "out of memory");
    memcpy(out->header, x, hl);
    out->header[hl] = '\0';
    return 0;
}

static int read_preamble(Reader *r, uint32_t *version, NnFile *out, Error *err)
{
    size_t len = r->len;
    const unsigned char *data = r->p, *x;
    uint32_t hl;
    if (read_magic_version(r, version, err) < 0)
        return -1;
    /* the smallest file: magic, version, header length, count, crc (and, in
     * version 2, the scaler's kind and feature count) */
    if (len < MAGIC_LEN + 16 + (*version == NN_IO_VERSION ? 8u : 0u))
        return error_set(err, ERR_DATA, "truncated network file: only %zu bytes", len);
    uint32_t stored = (uint32_t)data[len - 4] | (uint32_t)data[len - 3] << 8 |
                      (uint32_t)data[len - 2] << 16 | (uint32_t)data[len - 1] << 24;
    uint32_t actual = nn_crc32(data, len - 4);
    r->len = len - 4; /* the body ends where the checksum begins */
    if (!take_u32(r, &hl) || !take(r, hl, &x))
        return error_set(err, ERR_DATA, "truncated network file: the header runs past the end");
    if (stored != actual)
        return error_set(err, ERR_DATA,
                         "corrupt network file: checksum %08x does not match the contents "
                         "(%08x); the file is damaged or truncated",
                         stored, actual);
    return read_header_text(r, hl, x, out, err);
}

/* A tensor's dimensions; *n receives the number of values. */
static int read_dims(Reader *r, NnTensor *t, size_t *n, Error *err)
{
    *n = 1;
    for (int d = 0; d < t->ndim; d++) {
        uint32_t v;
        if (!take_u32(r, &v) || v < 1 || v > (uint32_t)INT_MAX)
            return error_set(err, ERR_DATA, "corrupt network file: tensor %s has a bad dimension",
                             t->name);
        t->dims[d] = (int)v;
        *n *= v; /* at most 2^29 · 2^31: no overflow in 64 bits */
        if (*n > (r->len - r->pos) / 4)
            return error_set(err, ERR_DATA,
                             "corrupt network file: tensor %s is larger than the file", t->name);
    }
    return 0;
}

/* Tensor i's name and rank. */
static int read_name_rank(Reader *r, uint32_t i, NnTensor *t, Error *err)
{
    const unsigned char *nl16, *name, *nd;
    if (!take(r, 2, &nl16))
        return error_set(err, ERR_DATA, "truncated network file: tensor %u is cut off", i + 1);
    size_t nl = (size_t)nl16[0] | (size_t)nl16[1] << 8;
    bool ok = nl > 0 && nl < sizeof t->name && take(r, nl, &name) && take(r, 1, &nd);
    if (!ok || *nd < 1 || *nd > NN_IO_MAX_DIMS)
        return error_set(err, ERR_DATA, "corrupt network file: tensor %u has a bad name or rank",
                         i + 1);
    memcpy(t->name, name, nl);
    t->ndim = *nd;
    return 0;
}

/* Tensor i (0-based): name, rank, dimensions, values. */
static int read_tensor(Reader *r, uint32_t i, NnTensor *t, Error *err)
{
    const unsigned char *x;
    size_t n;
    if (read_name_rank(r, i, t, err) < 0 || read_dims(r, t, &n, err) < 0)
        return -1;
    if (!take(r, n * 4, &x))
        return error_set(err, ERR_DATA, "corrupt network file: tensor %s is larger than the file",
                         t->name);
    if (!(t->data = malloc(n * sizeof(float))))
        return error_set(err, ERR_NOMEM, "out of memory for tensor %s", t->name);
    for (size_t k = 0; k < n; k++) {
        uint32_t u = (uint32_t)x[4 * k] | (uint32_t)x[4 * k + 1] << 8 |
                     (uint32_t)x[4 * k + 2] << 16 | (uint32_t)x[4 * k + 3] << 24;
        memcpy(&t->data[k], &u, 4);
        if (!isfinite(t->data[k])) /* a network with inf or NaN predicts nonsense */
            return error_set(err, ERR_DATA,
                             "corrupt network file: tensor %s holds %s at value %zu",
                             t->name, isnan(t->data[k]) ? "NaN" : "an infinity", k + 1);
    }
    return 0;
}

/* The tensor count and the tensors. */
static int read_tensors(Reader *r, NnFile *out, Error *err)
{
    uint32_t count;
    if (!take_u32(r, &count) || count > 10000)
        return error_set(err, ERR_DATA, "corrupt network file: bad tensor count");
    out->tensors = calloc(count ? count : 1, sizeof *out->tensors);
    if (!out->tensors)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (uint32_t i = 0; i < count; i++) {
        out->n_tensors = (int)i + 1;
        if (read_tensor(r, i, &out->tensors[i], err) < 0)
            return -1;
    }
    return 0;
}

/* Everything after the header: tensors, the scaler (version 2), nothing else. */
static int read_body(Reader *r, uint32_t version, NnFile *out, Error *err)
{
    if (read_tensors(r, out, err) < 0)
        return -1;
    if (version == NN_IO_VERSION) {
        if (read_scaler(r, &out->scaler, err) < 0)
            return -1;
        out->has_scaler = true;
    }
    if (r->pos != r->len)
        return error_set(err, ERR_DATA, "corrupt network file: %zu stray bytes after the %s",
                         r->len - r->pos, version == NN_IO_VERSION ? "scaler" : "tensors");
    return 0;
}

int nn_file_read(FILE *f, NnFile *out, Error *err)
{
    memset(out, 0, sizeof *out);
    char *text = NULL;
    size_t len = 0;
    if (budget_read_file(f, NULL, "network file", 0,
                         STREAM_MAX_BYTES, &text, &len, err) < 0)
        return -1;
    unsigned char *data = (unsigned char *)text;
    Reader r = { data, len, 0 };
    uint32_t version = 0;
    int rc = read_preamble(&r, &version, out, err);
    if (rc == 0)
        rc = read_body(&r, version, out, err);
    free(data);
    if (rc < 0)
        nn_file_free(out);
    return rc;
}

int nn_file_header_get(const NnFile *nf, const char *key, char *buf, size_t size)
{
    size_t kl = strlen(key);
    for (const char *line = nf->header; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t ll = end ? (size_t)(end - line) : strlen(line);
        if (ll > kl && strncmp(line, key, kl) == 0 && line[kl] == '=') {
            size_t vl = ll - kl - 1;
            if (vl >= size)
                vl = size - 1;
            memcpy(buf, line + kl + 1, vl);
            buf[vl] = '\0';
            return 0;
        }
        line = end ? end + 1 : line + ll;
    }
    return -1;
}

int nn_file_header_int(const NnFile *nf, const char *key, int min, int max, int *out,
                       Error *err)
{
    char buf[32], *end;
    if (nn_file_header_get(nf, key, buf, sizeof buf) < 0)
        return error_set(err, ERR_DATA, "the network file has no %s= line", key);
    long v = strtol(buf, &end, 10);
    if (end == buf || *end || v < min || v > max)
        return error_set(err, ERR_DATA, "the network file's %s=%s is not a number in [%d, %d]",
                         key, buf, min, max);
    *out = (int)v;
    return 0;
}

int nn_file_header_ints(const NnFile *nf, const char *key, int *out, int max_count, int max,
                        Error *err)
{
    char buf[256];
    if (nn_file_header_get(nf, key, buf, sizeof buf) < 0)
        return error_set(err, ERR_DATA, "the network file has no %s= line", key);
    int n = 0;
    for (char *s = buf, *end; *s; s = end) {
        long v = strtol(s, &end, 10);
        if (end == s || v < 1 || v > max || n == max_count || (*end != ',' && *end != '\0'))
            return error_set(err, ERR_DATA, "the network file's %s= line is malformed", key);
        out[n++] = (int)v;
        if (*end == ',')
            end++;
    }
    return n;
}

/* "this file holds a saved cnn, not an mlp" unless the header's kind is kind. */
static int check_kind(const NnFile *nf, const char *kind, Error *err)
{
    char saved[64];
    if (nn_file_header_get(nf, "kind", saved, sizeof saved) == 0 && strcmp(saved, kind) == 0)
        return 0;
    bool named = nn_file_header_get(nf, "kind", saved, sizeof saved) == 0;
    return error_set(err, ERR_DATA, "this file holds a saved %s, not %s %s",
                     named ? saved : "network of no kind",
                     /* acronyms are read letter by letter ("an mlp", "an svm"),
                        words as words ("a logreg") */
                     strchr(strlen(kind) <= 3 ? "aefhilmnorsx" : "aeiou", kind[0]) ? "an" : "a",
                     kind);
}

int nn_file_load(FILE *f, const char *kind, NnFile *nf, Params *params, Error *err)
{
    if (nn_file_read(f, nf, err) < 0)
        return -1;
    int rc = check_kind(nf, kind, err);
    for (int i = 0; params && i < params->count && rc == 0; i++) {
        char value[1024];
        const char *name = params->spec[i].name;
        if (nn_file_header_get(nf, name, value, sizeof value) == 0 &&
            params_set(params, name, value, err) < 0)
            rc = error_set(err, ERR_DATA, "its %s=%s is not valid here", name, value);
    }
    if (rc < 0)
        nn_file_free(nf);
    return rc;
}

void nn_file_take_scaler(NnFile *nf, Scaler *scaler, bool *has_scaler)
{
    if (!scaler)
        return;
    if (has_scaler)
        *has_scaler = nf->has_scaler;
    *scaler = nf->scaler;
    memset(&nf->scaler, 0, sizeof nf->scaler);
}

static void fmt_dims(char *buf, size_t size, int ndim, const int *dims)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < ndim && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s%d", i ? "x" : "", dims[i]);
}

int nn_file_tensor(const NnFile *nf, const char *name, int ndim, const int *dims,
                   const float **data, Error *err)
{
    for (int i = 0; i < nf->n_tensors; i++) {
        const NnTensor *t = &nf->tensors[i];
        if (strcmp(t->name, name) != 0)
            continue;
        bool same = t->ndim == ndim;
        for (int d = 0; same && d < ndim; d++)
            same = t->dims[d] == dims[d];
        if (!same) {
            char have[64], want[64];
            fmt_dims(have, sizeof have, t->ndim, t->dims);
            fmt_dims(want, sizeof want, ndim, dims);
            return error_set(err, ERR_DATA, "tensor %s is %s in the file, expected %s", name,
                             have, want);
        }
        *data = t->data;
        return 0;
    }
    return error_set(err, ERR_DATA, "the network file has no tensor %s", name);
}
