/* pipeline_io.c - a fitted preparation pipeline in a saved-model file (issue
 * 11; the layout is in docs/model-format.md, "The preparation section"):
 * written before the network by session_save, read back by model_load, and
 * checked against the data it is applied to.  Files without the section
 * (every file before it) still load.  Nothing here prints. */
#include "pipeline.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

static const unsigned char PREP_MAGIC[8] = { 'M', 'L', 'L', 'A', 'B', 'P', 'P', 0 };
/* Version 2 (written only for a --deskew pipeline, so that older readers
 * refuse it rather than skip the step): flag 32 and the image shape after the
 * head.  Version 1 files read as before. */
#define PREP_VERSION 2u
#define PREP_VERSION_PLAIN 1u
#define PREP_MAX_BYTES (512u * 1024u * 1024u)
#define PREP_MAX_NAME 4096u

enum { F_PCA_FIRST = 1, F_RESCALE = 2, F_FILL = 4, F_ONEHOT = 8, F_PCA = 16, F_DESKEW = 32 };

/* ---- writing ---------------------------------------------------------------- */

typedef struct Out {
    unsigned char *data;
    size_t len, cap;
    bool failed;
} Out;

static void put(Out *o, const void *v, size_t n)
{
    if (o->failed)
        return;
    if (o->len + n > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->len + n)
            cap *= 2;
        unsigned char *d = realloc(o->data, cap);
        if (!d) {
            o->failed = true;
            return;
        }
        o->data = d, o->cap = cap;
    }
    memcpy(o->data + o->len, v, n);
    o->len += n;
}

static void put_u32(Out *o, uint32_t v)
{
    unsigned char b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };
    put(o, b, 4);
}

static void put_u64(Out *o, uint64_t v)
{
    put_u32(o, (uint32_t)v);
    put_u32(o, (uint32_t)(v >> 32));
}

static void put_f64(Out *o, double v)
{
    uint64_t u;
    memcpy(&u, &v, sizeof u);
    put_u64(o, u);
}

static void put_f32s(Out *o, const float *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t u;
        memcpy(&u, &v[i], sizeof u);
        put_u32(o, u);
    }
}

static void put_str(Out *o, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    put_u32(o, (uint32_t)n);
    put(o, s ? s : "", n);
}

static void put_scaler(Out *o, const Scaler *s)
{
    int d = s->kind == SCALE_NONE ? 0 : s->d;
    put_u32(o, (uint32_t)s->kind);
    put_u32(o, (uint32_t)d);
    for (int j = 0; j < d; j++)
        put_f64(o, s->shift[j]);
    for (int j = 0; j < d; j++)
        put_f64(o, s->scale[j]);
}

static uint32_t flags_of(const Pipeline *p)
{
    return (p->spec.pca_first ? F_PCA_FIRST : 0) | (p->spec.rescale ? F_RESCALE : 0) |
           (p->fill ? F_FILL : 0) | (p->has_onehot ? F_ONEHOT : 0) | (p->has_pca ? F_PCA : 0) |
           (p->spec.deskew ? F_DESKEW : 0);
}

static void put_onehot(Out *o, const Pipeline *p)
{
    for (int j = 0; j < p->d_in; j++) {
        int k = p->n_cat[j];
        put_u32(o, (uint32_t)(k > 0 ? k : 0));
        for (int c = 0; c < k; c++) {
            put_u32(o, (uint32_t)p->slot[j][c]); /* -1 is 0xffffffff */
            put_str(o, p->cat_names[j][c]);
        }
    }
}

static void put_pca(Out *o, const Pca *pca)
{
    put_u32(o, (uint32_t)pca->d);
    put_u32(o, (uint32_t)pca->k);
    put_f32s(o, pca->mean, (size_t)pca->d);
    put_f32s(o, pca->components.data, (size_t)pca->k * (size_t)pca->d);
    put_f32s(o, pca->explained_var, (size_t)pca->k);
    put_f64(o, pca->total_var);
}

static void put_section(Out *o, const Pipeline *p)
{
    put_u32(o, (uint32_t)p->spec.impute);
    put_u32(o, (uint32_t)p->spec.poly);
    put_u32(o, (uint32_t)p->spec.pca);
    put_f64(o, p->spec.pca_var);
    put_u32(o, flags_of(p));
    put_u32(o, (uint32_t)p->scale);
    put_u32(o, (uint32_t)p->d_in);
    put_u32(o, (uint32_t)p->d_onehot);
    put_u32(o, (uint32_t)p->d_poly);
    put_u32(o, (uint32_t)p->d_out);
    if (p->spec.deskew) {
        put_u32(o, (uint32_t)p->image_w);
        put_u32(o, (uint32_t)p->image_h);
    }
    for (int j = 0; j < p->d_in; j++)
        put_str(o, p->in_names ? p->in_names[j] : "");
    if (p->fill)
        put_f32s(o, p->fill, (size_t)p->d_in);
    if (p->has_onehot)
        put_onehot(o, p);
    put_scaler(o, &p->scaler);
    if (p->has_pca)
        put_pca(o, &p->pca);
    put_scaler(o, &p->post);
    for (int c = 0; c < p->d_out; c++)
        put_str(o, p->names[c]);
}

int pipeline_write(const Pipeline *p, FILE *f, Error *err)
{
    Out body = { 0 }, o = { 0 };
    put_section(&body, p);
    put(&o, PREP_MAGIC, sizeof PREP_MAGIC);
    put_u32(&o, p->spec.deskew ? PREP_VERSION : PREP_VERSION_PLAIN);
    put_u32(&o, (uint32_t)body.len);
    put(&o, body.data, body.len);
    put_u32(&o, (uint32_t)crc32(0L, o.data, (uInt)o.len));
    int rc = 0;
    if (body.failed || o.failed)
        rc = error_set(err, ERR_NOMEM, "out of memory writing the preparation");
    else if (fwrite(o.data, 1, o.len, f) != o.len)
        rc = error_set(err, ERR_IO, "write failed");
    free(body.data);
    free(o.data);
    return rc;
}

/* ---- reading ---------------------------------------------------------------- */

typedef struct In {
    const unsigned char *p;
    size_t len, pos;
    bool bad;
} In;

static const unsigned char *take(In *in, size_t n)
{
    if (in->bad || n > in->len - in->pos) {
        in->bad = true;
        return NULL;
    }
    in->pos += n;
    return in->p + in->pos - n;
}

static uint32_t get_u32(In *in)
{
    const unsigned char *b = take(in, 4);
    return b ? (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24
             : 0;
}

static double get_f64(In *in)
{
    uint64_t lo = get_u32(in), hi = get_u32(in);
    uint64_t u = lo | hi << 32;
    double v;
    memcpy(&v, &u, sizeof v);
    return v;
}

/* n floats into a new array (NULL when bad). */
static float *get_f32s(In *in, size_t n)
{
    if (in->bad || n > (in->len - in->pos) / 4) {
        in->bad = true;
        return NULL;
    }
    float *v = malloc((n ? n : 1) * sizeof *v);
    for (size_t i = 0; v && i < n; i++) {
        uint32_t u = get_u32(in);
        memcpy(&v[i], &u, sizeof u);
    }
    in->bad |= !v;
    return v;
}

static char *get_str(In *in)
{
    uint32_t n = get_u32(in);
    const unsigned char *b = n <= PREP_MAX_NAME ? take(in, n) : NULL;
    char *s = b ? malloc(n + 1) : NULL;
    if (!s) {
        in->bad = true;
        return NULL;
    }
    memcpy(s, b, n);
    s[n] = '\0';
    return s;
}

/* A count read from the file, no larger than max (else the input is bad). */
static int get_count(In *in, uint32_t max)
{
    uint32_t v = get_u32(in);
    if (v > max)
        in->bad = true;
    return in->bad ? 0 : (int)v;
}

static void get_scaler(In *in, Scaler *s)
{
    uint32_t kind = get_u32(in);
    int d = get_count(in, 1u << 24);
    if (kind > SCALE_MINMAX || (kind == SCALE_NONE) != (d == 0) || in->bad) {
        in->bad = true;
        return;
    }
    s->kind = (ScaleKind)kind;
    s->d = d;
    if (d == 0)
        return;
    s->shift = malloc((size_t)d * sizeof *s->shift);
    s->scale = malloc((size_t)d * sizeof *s->scale);
    if (!s->shift || !s->scale || (size_t)d * 16 > in->len - in->pos) {
        in->bad = true;
        return;
    }
    for (int j = 0; j < d; j++)
        s->shift[j] = get_f64(in);
    for (int j = 0; j < d; j++)
        s->scale[j] = get_f64(in);
    for (int j = 0; j < d; j++)
        in->bad |= !isfinite(s->shift[j]) || !isfinite(s->scale[j]) || s->scale[j] == 0.0;
}

static void get_onehot(In *in, Pipeline *p)
{
    if ((size_t)p->d_in > (in->len - in->pos) / 4) { /* a count for each input */
        in->bad = true;
        return;
    }
    p->n_cat = calloc((size_t)p->d_in, sizeof *p->n_cat);
    p->slot = calloc((size_t)p->d_in, sizeof *p->slot);
    p->cat_names = calloc((size_t)p->d_in, sizeof *p->cat_names);
    in->bad |= !p->n_cat || !p->slot || !p->cat_names;
    for (int j = 0; !in->bad && j < p->d_in; j++) {
        int k = get_count(in, 1u << 20);
        p->n_cat[j] = k;
        if (k == 0)
            continue;
        p->slot[j] = malloc((size_t)k * sizeof *p->slot[j]);
        p->cat_names[j] = calloc((size_t)k, sizeof *p->cat_names[j]);
        in->bad |= !p->slot[j] || !p->cat_names[j];
        for (int c = 0; !in->bad && c < k; c++) {
            int s = (int)get_u32(in);
            in->bad |= s < -1 || s >= p->d_onehot;
            p->slot[j][c] = s;
            p->cat_names[j][c] = get_str(in);
        }
    }
}

static void get_pca(In *in, Pca *pca, int d_expected)
{
    pca->d = get_count(in, 1u << 24);
    pca->k = get_count(in, (uint32_t)pca->d);
    if (in->bad || pca->d != d_expected || pca->k < 1) {
        in->bad = true;
        return;
    }
    pca->mean = get_f32s(in, (size_t)pca->d);
    pca->components = (Mat){ .rows = pca->k, .cols = pca->d,
                               .data = get_f32s(in, (size_t)pca->k * (size_t)pca->d) };
    pca->explained_var = get_f32s(in, (size_t)pca->k);
    pca->total_var = get_f64(in);
}

/* The columns entering the late steps; PCA's input is the output of the
 * step before it. */
static int pca_input_width(const Pipeline *p)
{
    return p->spec.poly >= 2 && !p->spec.pca_first ? p->d_poly : p->d_onehot;
}

static void get_head(In *in, Pipeline *p, uint32_t *flags)
{
    uint32_t impute = get_u32(in);
    p->spec.impute = impute <= IMPUTE_MOST_FREQUENT ? (ImputeKind)impute : IMPUTE_NONE;
    p->spec.poly = get_count(in, 10);
    p->spec.pca = get_count(in, 1u << 24);
    p->spec.pca_var = get_f64(in);
    *flags = get_u32(in);
    uint32_t scale = get_u32(in);
    p->scale = scale <= SCALE_MINMAX ? (ScaleKind)scale : SCALE_NONE;
    p->d_in = get_count(in, 1u << 24);
    p->d_onehot = get_count(in, 1u << 24);
    p->d_poly = get_count(in, 1u << 24);
    p->d_out = get_count(in, 1u << 24);
    p->spec.pca_first = *flags & F_PCA_FIRST;
    p->spec.rescale = *flags & F_RESCALE;
    in->bad |= impute > IMPUTE_MOST_FREQUENT || scale > SCALE_MINMAX || p->d_in < 1 ||
               p->d_out < 1 || !(p->spec.pca_var >= 0.0 && p->spec.pca_var < 1.0);
}

/* n names, or none (NULL) once the input is bad: pipeline_free frees as
 * many as d_in / d_out say, so a shorter array must never be left behind
 * (found by fuzz/fuzz_model.c: a bad section's d_out of 3 over an array of
 * 1). */
static void get_names(In *in, char ***names, int n)
{
    *names = NULL;
    if (in->bad || n < 1 || (size_t)n > (in->len - in->pos) / 4) { /* 4 bytes a name at least */
        in->bad = true;
        return;
    }
    *names = calloc((size_t)n, sizeof **names);
    in->bad |= !*names;
    for (int c = 0; !in->bad && c < n; c++)
        (*names)[c] = get_str(in);
}

/* Version 2's image shape (flag 32): w * h must be the inputs. */
static void get_deskew(In *in, Pipeline *p, uint32_t flags, uint32_t version)
{
    p->spec.deskew = flags & F_DESKEW;
    if (!p->spec.deskew)
        return;
    in->bad |= version < 2;
    p->image_w = get_count(in, 1u << 16);
    p->image_h = get_count(in, 1u << 16);
    in->bad |= p->image_w < 1 || p->image_h < 1 || (long)p->image_w * p->image_h != p->d_in;
}

static void get_section(In *in, Pipeline *p, uint32_t version)
{
    uint32_t flags;
    get_head(in, p, &flags);
    get_deskew(in, p, flags, version);
    get_names(in, &p->in_names, p->d_in);
    if (!in->bad && (flags & F_FILL))
        p->fill = get_f32s(in, (size_t)p->d_in);
    p->has_onehot = flags & F_ONEHOT;
    if (!in->bad && p->has_onehot)
        get_onehot(in, p);
    get_scaler(in, &p->scaler);
    in->bad |= p->scaler.kind != SCALE_NONE && p->scaler.d != p->d_onehot;
    p->has_pca = flags & F_PCA;
    if (!in->bad && p->has_pca)
        get_pca(in, &p->pca, pca_input_width(p));
    get_scaler(in, &p->post);
    in->bad |= p->post.kind != SCALE_NONE && p->post.d != p->d_out;
    get_names(in, &p->names, p->d_out);
    in->bad |= in->pos != in->len;
}

/* ---- the section's shape ------------------------------------------------------ *
 * A section that passes its CRC may still disagree with itself (written by
 * another program, or damaged before the CRC was computed): the widths it
 * records must be the ones its steps make, or applying it would write past
 * its columns or name columns it does not have (d_out names for another
 * number of columns; pinned by tests/test_pipeline_io.c). */

/* The one-hot layout as pipeline_fit makes it: numeric inputs one column
 * each, a categorical input's present categories the next columns in
 * order (-1 for the absent), d_onehot columns in all. */
static bool onehot_shape_ok(const Pipeline *p)
{
    if (!p->has_onehot)
        return p->d_onehot == p->d_in;
    int col = 0;
    for (int j = 0; j < p->d_in; j++) {
        if (p->n_cat[j] <= 0) {
            col++;
            continue;
        }
        for (int c = 0; c < p->n_cat[j]; c++)
            if (p->slot[j][c] >= 0 && p->slot[j][c] != col++)
                return false;
    }
    return col == p->d_onehot;
}

/* The width after the polynomial step on w columns, or -1 beyond the
 * budget (PIPELINE_MAX_BYTES for one row is far more than any file). */
static long poly_width(int w, int degree)
{
    long cols = poly_feature_count(w, degree);
    return cols > 0 && cols <= (long)(PIPELINE_MAX_BYTES / sizeof(float)) ? cols : -1;
}

/* The late steps (PCA and polynomial features, in their order) from
 * d_onehot columns to d_out. */
static bool late_shape_ok(const Pipeline *p)
{
    bool want_pca = p->spec.pca > 0 || p->spec.pca_var > 0.0, poly = p->spec.poly >= 2;
    if (want_pca != p->has_pca || (p->spec.pca > 0 && p->pca.k != p->spec.pca))
        return false;
    long w = p->d_onehot;
    if (poly && !p->spec.pca_first) {
        w = poly_width((int)w, p->spec.poly);
        if (w != p->d_poly)
            return false;
    }
    if (p->has_pca) {
        if (p->pca.d != w)
            return false;
        w = p->pca.k;
    }
    if (poly && p->spec.pca_first)
        w = poly_width((int)w, p->spec.poly);
    return w == p->d_out;
}

/* Every float the steps multiply by is finite. */
static bool values_finite(const Pipeline *p)
{
    bool ok = true;
    for (int j = 0; p->fill && j < p->d_in; j++)
        ok &= isfinite(p->fill[j]) != 0;
    if (!p->has_pca)
        return ok;
    const Pca *pca = &p->pca;
    for (int j = 0; j < pca->d; j++)
        ok &= isfinite(pca->mean[j]) != 0;
    for (size_t i = 0; i < (size_t)pca->k * (size_t)pca->d; i++)
        ok &= isfinite(pca->components.data[i]) != 0;
    return ok && isfinite(pca->total_var);
}

static bool shape_ok(const Pipeline *p)
{
    bool rescaled = p->post.kind == SCALE_STANDARD;
    return onehot_shape_ok(p) && late_shape_ok(p) && values_finite(p) &&
           rescaled == p->spec.rescale && (p->post.kind == SCALE_NONE || rescaled) &&
           p->scaler.kind == p->scale;
}

/* The section's bytes after the magic: version, length, body, CRC. */
static int read_section(FILE *f, unsigned char **buf, size_t *len, uint32_t *version_out,
                        Error *err)
{
    unsigned char head[16];
    memcpy(head, PREP_MAGIC, 8);
    if (fread(head + 8, 1, 8, f) != 8)
        return error_set(err, ERR_DATA, "truncated preparation section");
    In h = { head + 8, 8, 0, false };
    uint32_t version = get_u32(&h), n = get_u32(&h);
    if (version != PREP_VERSION && version != PREP_VERSION_PLAIN)
        return error_set(err, ERR_DATA,
                         "preparation section version %u (this mllab reads %u and %u)", version,
                         PREP_VERSION_PLAIN, PREP_VERSION);
    if (n > PREP_MAX_BYTES)
        return error_set(err, ERR_DATA, "corrupt preparation section (%u bytes)", n);
    unsigned char *b = malloc((size_t)n + 20);
    if (!b)
        return error_set(err, ERR_NOMEM, "out of memory reading the preparation");
    memcpy(b, head, 16);
    if (fread(b + 16, 1, (size_t)n + 4, f) != (size_t)n + 4) {
        free(b);
        return error_set(err, ERR_DATA, "truncated preparation section");
    }
    In c = { b + 16 + n, 4, 0, false };
    if (get_u32(&c) != (uint32_t)crc32(0L, b, (uInt)(16 + n))) {
        free(b);
        return error_set(err, ERR_DATA, "the preparation section fails its CRC-32 check");
    }
    *buf = b;
    *len = n;
    *version_out = version;
    return 0;
}

int pipeline_read(Pipeline *p, FILE *f, bool *present, Error *err)
{
    memset(p, 0, sizeof *p);
    *present = false;
    unsigned char magic[8];
    long start = ftell(f);
    size_t got = fread(magic, 1, sizeof magic, f);
    if (got != sizeof magic || memcmp(magic, PREP_MAGIC, sizeof magic) != 0)
        return fseek(f, start, SEEK_SET) == 0 ? 0 : error_set(err, ERR_IO, "cannot seek");
    unsigned char *buf = NULL;
    size_t len = 0;
    uint32_t version = 0;
    if (read_section(f, &buf, &len, &version, err) < 0)
        return -1;
    In in = { buf + 16, len, 0, false };
    get_section(&in, p, version);
    free(buf);
    if (!in.bad && !shape_ok(p)) {
        pipeline_free(p);
        return error_set(err, ERR_DATA, "corrupt preparation section (its widths or values "
                                        "disagree with its steps)");
    }
    if (in.bad) {
        pipeline_free(p);
        return error_set(err, ERR_DATA, "corrupt preparation section");
    }
    p->loaded = true;
    *present = true;
    return 0;
}

/* ---- checking data against a loaded pipeline ---------------------------------- */

/* Feature j of the data against the saved one: its name and kind. */
static int check_feature(const Pipeline *p, const Dataset *d, int j, Error *err)
{
    const char *want = p->in_names && p->in_names[j][0] ? p->in_names[j] : NULL;
    const char *got = d->feature_names ? d->feature_names[j] : NULL;
    if (want && got && strcmp(want, got) != 0)
        return error_set(err, ERR_DATA, "the saved preparation's feature %d is '%s', the data's "
                                        "is '%s'", j + 1, want, got);
    bool cat = p->n_cat && p->n_cat[j] > 0;
    bool data_cat = d->n_categories && d->n_categories[j] > 0;
    if (cat == data_cat)
        return 0;
    return error_set(err, ERR_DATA, "feature '%s' is %s in the saved preparation but %s in the "
                                    "data", want ? want : "?", cat ? "categorical" : "numeric",
                     cat ? "numeric" : "categorical");
}

int pipeline_check_data(const Pipeline *p, const Dataset *d, Error *err)
{
    if (d->X.cols != p->d_in)
        return error_set(err, ERR_DATA, "the saved preparation takes %d feature%s, the data has "
                                        "%d", p->d_in, p->d_in == 1 ? "" : "s", d->X.cols);
    for (int j = 0; j < p->d_in; j++)
        if (check_feature(p, d, j, err) < 0)
            return -1;
    return 0;
}
