/* algorithms/dtree_data.c - DtreeData: the training features recoded once
 * as the rank of each value among the feature's sorted distinct values (so
 * a threshold "x <= t" is "code <= c"), in 1, 2 or 4 bytes per cell, shared
 * read-only by every tree grown on them.  A byte-backed training matrix
 * (mat.h) is not recoded: its bytes are the codes already (by_row). */
#include "dtree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ======================================================================
 * DtreeData: the features as ranks
 * ====================================================================== */

/* A float's bits as an unsigned key with the same order (negatives flipped). */
static inline uint32_t float_key(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

/* Sort idx[0..n) by key[idx] with a least-significant-digit radix sort (three
 * passes of 11 bits; a pass where every key has the same digit is skipped).
 * keys/idx are permuted together; tmp_keys/tmp_idx are scratch of size n. */
static void radix_sort_keys(uint32_t *keys, int *idx, uint32_t *tmp_keys, int *tmp_idx, int n)
{
    static const int shift[3] = { 0, 11, 22 };
    int count[2048];
    for (int p = 0; p < 3; p++) {
        memset(count, 0, sizeof count);
        for (int i = 0; i < n; i++)
            count[(keys[i] >> shift[p]) & 2047]++;
        if (count[(keys[0] >> shift[p]) & 2047] == n)
            continue; /* every key has this digit */
        int sum = 0;
        for (int b = 0; b < 2048; b++) {
            int c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (int i = 0; i < n; i++) {
            int pos = count[(keys[i] >> shift[p]) & 2047]++;
            tmp_keys[pos] = keys[i];
            tmp_idx[pos] = idx[i];
        }
        memcpy(keys, tmp_keys, (size_t)n * sizeof *keys);
        memcpy(idx, tmp_idx, (size_t)n * sizeof *idx);
    }
}

/* A block of at least bytes, on 2 MB pages when the system gives them
 * (transparent huge pages on request): the split search reads the codes
 * at random, and with 4 kB pages most of those reads would also miss the
 * TLB. */
static void *huge_alloc(size_t bytes)
{
    size_t huge = (size_t)2 << 20;
    if (bytes < 2 * huge)
        return malloc(bytes ? bytes : 1);
    bytes = (bytes + huge - 1) & ~(huge - 1);
    void *p = aligned_alloc(huge, bytes);
#ifdef MADV_HUGEPAGE
    if (p)
        madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

/* The storage of feature j's 1-byte codes: its slice of the block when
 * there is one, else a column of its own. */
static uint8_t *byte_column(DtreeData *data, int j)
{
    if (data->code_block)
        return (uint8_t *)data->code_block + (size_t)j * (size_t)data->n;
    return malloc((size_t)(data->n ? data->n : 1));
}

/* Is codes (of feature j) a column of its own (not in the block)? */
static bool own_column(const DtreeData *data, const void *codes)
{
    const uint8_t *p = codes, *blk = data->code_block;
    return !blk || p < blk || p >= blk + (size_t)data->n * (size_t)data->d;
}

void dtree_data_free(DtreeData *data)
{
    if (!data)
        return;
    for (int j = 0; j < data->d; j++) {
        if (data->values)
            free(data->values[j]);
        if (data->codes && own_column(data, data->codes[j]))
            free(data->codes[j]);
    }
    free(data->code_block);
    free(data->values);
    free(data->codes);
    if (!data->by_row)
        free(data->row_codes); /* else the training matrix's bytes */
    free(data->n_values);
    free(data->n_codes);
    free(data->width);
    free(data);
}

/* Scratch for recoding one feature at a time. */
typedef struct RecodeScratch {
    float *cols;     /* RECODE_BLOCK columns of n values */
    float *col;      /* the column being recoded */
    uint32_t *keys, *tmp_keys, *codes;
    int *idx, *tmp_idx;
} RecodeScratch;

enum { RECODE_BLOCK = 16 };

static int cmp_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* The open-addressed table of the distinct values of a column with few. */
enum { FEW_SLOTS = 1024, FEW_MAX_VALUES = 256 };
typedef struct FewTable {
    uint32_t key[FEW_SLOTS];
    bool used[FEW_SLOTS];
    int code_of_slot[FEW_SLOTS];
    int nv;
} FewTable;

/* The slot of a value's bits (added when new): -1 when the table already
 * holds FEW_MAX_VALUES values. */
static int few_slot(FewTable *t, uint32_t bits)
{
    uint32_t h = (bits * 0x9E3779B1u) >> 22; /* top 10 bits */
    while (t->used[h] && t->key[h] != bits)
        h = (h + 1) & (FEW_SLOTS - 1);
    if (!t->used[h]) {
        if (t->nv == FEW_MAX_VALUES)
            return -1;
        t->used[h] = true;
        t->key[h] = bits;
        t->nv++;
    }
    return (int)h;
}

/* Each row's slot into s->codes: 1, 0 when there are too many values, -1
 * on a NaN. */
static int few_fill(FewTable *t, RecodeScratch *s, int n)
{
    uint32_t last_bits = 0, last_slot = 0;
    bool have_last = false;
    for (int i = 0; i < n; i++) {
        float f = s->col[i];
        if (isnan(f))
            return -1;
        if (f == 0.0f)
            f = 0.0f; /* -0 and +0 are one value */
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        if (!have_last || bits != last_bits) {
            int h = few_slot(t, bits);
            if (h < 0)
                return 0;
            last_bits = bits;
            last_slot = (uint32_t)h;
            have_last = true;
        }
        s->codes[i] = last_slot;
    }
    return 1;
}

/* The rank of f among the nv sorted values (binary search). */
static int rank_of(const float *vals, int nv, float f)
{
    int lo = 0, hi = nv - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (vals[mid] < f)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The sorted values into vals, and each used slot's code (its rank). */
static void few_codes(FewTable *t, float *vals)
{
    int v = 0;
    for (int h = 0; h < FEW_SLOTS; h++)
        if (t->used[h])
            memcpy(&vals[v++], &t->key[h], sizeof(float));
    qsort(vals, (size_t)t->nv, sizeof *vals, cmp_float);
    for (int h = 0; h < FEW_SLOTS; h++)
        if (t->used[h]) {
            float f;
            memcpy(&f, &t->key[h], sizeof f);
            t->code_of_slot[h] = rank_of(vals, t->nv, f);
        }
}

/* Recode feature j when it has at most 256 distinct values (pixels, small
 * integers, categories): a small open-addressing set of the values met so
 * far, one pass, no sort of the column.  1 when done, 0 when the feature
 * has more values (nothing stored), -1 on a NaN, -2 out of memory. */
static int recode_few_values(DtreeData *data, int j, RecodeScratch *s)
{
    FewTable table, *t = &table;
    memset(t->used, 0, sizeof t->used);
    t->nv = 0;
    int n = data->n;
    int rc = few_fill(t, s, n);
    if (rc <= 0)
        return rc;
    int nv = t->nv;
    float *vals = malloc((size_t)(nv ? nv : 1) * sizeof *vals);
    uint8_t *codes = byte_column(data, j);
    if (!vals || !codes) {
        free(vals);
        if (codes && own_column(data, codes))
            free(codes);
        return -2;
    }
    few_codes(t, vals);
    for (int i = 0; i < n; i++)
        codes[i] = (uint8_t)t->code_of_slot[s->codes[i]];
    data->n_values[j] = nv;
    data->n_codes[j] = nv;
    data->values[j] = vals;
    data->width[j] = 1;
    data->codes[j] = codes;
    return 1;
}

/* Many values: sort the column by its order-preserving keys, then walk the
 * sorted order: a new code at every change of value (compared as floats,
 * so -0 and +0 are one value).  s->tmp_keys[v] gets the first sorted
 * position of value v.  Returns the number of values, or -1 on a NaN. */
static int sort_codes(RecodeScratch *s, int n)
{
    for (int i = 0; i < n; i++) {
        if (isnan(s->col[i]))
            return -1;
        s->keys[i] = float_key(s->col[i]);
        s->idx[i] = i;
    }
    radix_sort_keys(s->keys, s->idx, s->tmp_keys, s->tmp_idx, n);
    int v = 0;
    float prev = 0.0f;
    for (int p = 0; p < n; p++) {
        float x = s->col[s->idx[p]];
        if (p > 0 && x != prev)
            v++;
        if (p == 0 || x != prev)
            s->tmp_keys[v] = (uint32_t)p; /* first sorted position of value v */
        s->codes[s->idx[p]] = (uint32_t)v;
        prev = x;
    }
    return v + 1;
}

/* The codes s->codes (n) stored at the narrowest width that holds V values. */
static int store_codes(DtreeData *data, int j, const RecodeScratch *s, int V)
{
    int n = data->n;
    int w = V <= 256 ? 1 : V <= 65536 ? 2 : 4;
    data->width[j] = (uint8_t)w;
    data->codes[j] = w == 1 ? byte_column(data, j) : malloc((size_t)n * (size_t)w);
    if (!data->codes[j])
        return -1;
    if (w == 1) {
        uint8_t *out = data->codes[j];
        for (int i = 0; i < n; i++)
            out[i] = (uint8_t)s->codes[i];
    } else if (w == 2) {
        uint16_t *out = data->codes[j];
        for (int i = 0; i < n; i++)
            out[i] = (uint16_t)s->codes[i];
    } else {
        memcpy(data->codes[j], s->codes, (size_t)n * sizeof(uint32_t));
    }
    return 0;
}

/* Recode feature j (its column in s->col[0..n)).  0, or -1 on NaN / no
 * memory (*bad_nan says which). */
static int recode_feature(DtreeData *data, int j, RecodeScratch *s, bool *bad_nan)
{
    int few = recode_few_values(data, j, s);
    if (few == 1)
        return 0;
    if (few == -1 || few == -2) {
        *bad_nan = few == -1;
        return -1;
    }
    int V = sort_codes(s, data->n);
    if (V < 0) {
        *bad_nan = true;
        return -1;
    }
    data->n_values[j] = V;
    data->n_codes[j] = V;
    data->values[j] = malloc((size_t)V * sizeof(float));
    if (!data->values[j])
        return -1;
    for (int c = 0; c < V; c++)
        data->values[j][c] = s->col[s->idx[s->tmp_keys[c]]];
    return store_codes(data, j, s, V);
}

typedef struct RecodeJob {
    DtreeData *data;
    const Mat *X;
    RecodeScratch scratch[64]; /* one per worker */
    int failed, any_nan;       /* set by any worker (atomic) */
} RecodeJob;

/* Columns [j0, j0 + nb) of X as floats into cols (column-major, n each),
 * whatever X's backing (mat.h). */
static void gather_columns(const Mat *X, int j0, int nb, int n, float *cols)
{
    for (int i = 0; i < n; i++) {
        if (mat_is_bytes(X)) {
            const uint8_t *b = mat_row_bytes(X, i) + j0;
            for (int q = 0; q < nb; q++)
                cols[(size_t)q * (size_t)n + (size_t)i] = (float)b[q] / X->byte_scale;
            continue;
        }
        const float *row = mat_row(X, i) + j0;
        for (int q = 0; q < nb; q++)
            cols[(size_t)q * (size_t)n + (size_t)i] = row[q];
    }
}

/* Recode the features of block blk (a parallel-loop item). */
static void recode_block(void *ctx, int blk, int worker)
{
    RecodeJob *job = ctx;
    RecodeScratch *s = &job->scratch[worker];
    DtreeData *data = job->data;
    int n = data->n, d = data->d;
    if (__atomic_load_n(&job->failed, __ATOMIC_RELAXED))
        return;
    int j0 = blk * RECODE_BLOCK, nb = d - j0 < RECODE_BLOCK ? d - j0 : RECODE_BLOCK;
    gather_columns(job->X, j0, nb, n, s->cols);
    for (int q = 0; q < nb; q++) {
        bool nan_here = false;
        s->col = s->cols + (size_t)q * (size_t)n;
        if (recode_feature(data, j0 + q, s, &nan_here) < 0) {
            if (nan_here)
                __atomic_store_n(&job->any_nan, 1, __ATOMIC_RELAXED);
            __atomic_store_n(&job->failed, 1, __ATOMIC_RELAXED);
            return;
        }
    }
}

static int check_training(const Dataset *train, Error *err)
{
    if (!train->y || train->n_classes < 1)
        return error_set(err, ERR_DATA, "a decision tree needs class labels");
    if (train->X.rows < 1 || train->X.cols < 1)
        return error_set(err, ERR_DATA, "the training part is empty");
    for (int i = 0; i < train->X.rows; i++)
        if (train->y[i] < 0 || train->y[i] >= train->n_classes)
            return error_set(err, ERR_DATA, "row %d has class index %d outside [0, %d)", i,
                             train->y[i], train->n_classes);
    return 0;
}

static void scratch_free(RecodeScratch *sc)
{
    free(sc->cols);
    free(sc->keys);
    free(sc->tmp_keys);
    free(sc->codes);
    free(sc->idx);
    free(sc->tmp_idx);
}

static int scratch_alloc(RecodeScratch *sc, int n)
{
    sc->cols = malloc((size_t)RECODE_BLOCK * (size_t)n * sizeof *sc->cols);
    sc->keys = malloc((size_t)n * sizeof *sc->keys);
    sc->tmp_keys = malloc((size_t)n * sizeof *sc->tmp_keys);
    sc->codes = malloc((size_t)n * sizeof *sc->codes);
    sc->idx = malloc((size_t)n * sizeof *sc->idx);
    sc->tmp_idx = malloc((size_t)n * sizeof *sc->tmp_idx);
    return !sc->cols || !sc->keys || !sc->tmp_keys || !sc->codes || !sc->idx || !sc->tmp_idx
               ? -1
               : 0;
}

/* Every feature recoded, in blocks of 16 columns: reading one row of a block
 * touches one cache line, so the row-major matrix is read once per block
 * instead of once per feature.  0, or -1 with err set. */
static int recode_all(DtreeData *data, const Mat *X, int n_threads, Error *err)
{
    int n = data->n, d = data->d;
    int nt = n_threads > 1 && (long)n * d >= PARALLEL_MIN_WORK ? n_threads : 1;
    if (nt > 64)
        nt = 64;
    RecodeJob job = { data, X, { { 0 } }, 0, 0 };
    for (int t = 0; t < nt; t++)
        if (scratch_alloc(&job.scratch[t], n) < 0)
            job.failed = 1;
    if (!job.failed)
        dtree_parallel_for(nt, (d + RECODE_BLOCK - 1) / RECODE_BLOCK, recode_block, &job);
    for (int t = 0; t < nt; t++)
        scratch_free(&job.scratch[t]);
    if (!job.failed)
        return 0;
    if (job.any_nan)
        return error_set(err, ERR_DATA, "a feature value is NaN: trees need every value");
    return error_set(err, ERR_NOMEM, "out of memory recoding the features");
}

/* Every feature has 1-byte codes (at most 256 values). */
static bool all_byte_codes(const DtreeData *data)
{
    for (int j = 0; j < data->d; j++)
        if (data->width[j] != 1)
            return false;
    return true;
}

/* ---- a byte-backed matrix: its bytes are the codes ------------------------ */

enum { SCAN_BLOCK = 64 };

typedef struct ByteScan {
    DtreeData *data;
    const Mat *X;
} ByteScan;

/* The byte values features [j0, j0 + 64) take, read one cache line of each
 * row at a time: their numbers of values and highest values (a parallel
 * loop item). */
static void scan_byte_block(void *ctx, int blk, int worker)
{
    (void)worker;
    const ByteScan *job = ctx;
    DtreeData *data = job->data;
    int j0 = blk * SCAN_BLOCK, nb = data->d - j0 < SCAN_BLOCK ? data->d - j0 : SCAN_BLOCK;
    uint8_t present[SCAN_BLOCK][256];
    memset(present, 0, sizeof present);
    for (int i = 0; i < data->n; i++) {
        const uint8_t *row = mat_row_bytes(job->X, i) + j0;
        for (int q = 0; q < nb; q++)
            present[q][row[q]] = 1;
    }
    for (int q = 0; q < nb; q++) {
        int nv = 0, top = 0;
        for (int c = 0; c < 256; c++)
            if (present[q][c]) {
                nv++;
                top = c;
            }
        data->n_values[j0 + q] = nv;
        data->n_codes[j0 + q] = top + 1;
    }
}

/* data's codes are X's bytes (X byte-backed): code q of feature j has the
 * value q / s, exactly the float the matrix stands for (mat.h), and codes
 * keep the order of the values, so every split is the one the ranks give. */
static int use_bytes(DtreeData *data, const Mat *X, int n_threads, Error *err)
{
    ByteScan job = { data, X };
    int nt = n_threads > 1 && (long)data->n * data->d >= PARALLEL_MIN_WORK ? n_threads : 1;
    dtree_parallel_for(nt, (data->d + SCAN_BLOCK - 1) / SCAN_BLOCK, scan_byte_block, &job);
    for (int j = 0; j < data->d; j++) {
        int nc = data->n_codes[j];
        if (!(data->values[j] = malloc((size_t)nc * sizeof(float))))
            return error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        for (int c = 0; c < nc; c++)
            data->values[j][c] = (float)c / X->byte_scale;
        data->width[j] = 1;
    }
    data->by_row = true;
    data->row_codes = X->bytes;
    return 0;
}

DtreeData *dtree_data_new(const Dataset *train, int n_threads, Error *err)
{
    if (check_training(train, err) < 0)
        return NULL;
    int d = train->X.cols;
    DtreeData *data = calloc(1, sizeof *data);
    if (!data) {
        error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        return NULL;
    }
    data->n = train->X.rows;
    data->d = d;
    data->n_classes = train->n_classes;
    data->y = train->y;
    data->n_values = calloc((size_t)d, sizeof *data->n_values);
    data->n_codes = calloc((size_t)d, sizeof *data->n_codes);
    data->values = calloc((size_t)d, sizeof *data->values);
    data->width = calloc((size_t)d, sizeof *data->width);
    data->codes = calloc((size_t)d, sizeof *data->codes);
    if (!data->n_values || !data->n_codes || !data->values || !data->width || !data->codes) {
        dtree_data_free(data);
        error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        return NULL;
    }
    int rc;
    if (mat_is_bytes(&train->X)) {
        rc = use_bytes(data, &train->X, n_threads, err);
    } else {
        /* Byte codes (pixels, small integers) go to one block on huge
         * pages: the split search reads them at random. */
        data->code_block = huge_alloc((size_t)data->n * (size_t)d);
        rc = recode_all(data, &train->X, n_threads, err);
    }
    if (rc < 0) {
        dtree_data_free(data);
        return NULL;
    }
    return data;
}

/* Transpose the 1-byte code columns into rows out, in tiles of 64 rows x
 * 64 features so that both sides stay in cache. */
static void transpose_codes(const DtreeData *data, uint8_t *out)
{
    int n = data->n, d = data->d;
    for (int i0 = 0; i0 < n; i0 += 64) {
        int i1 = i0 + 64 < n ? i0 + 64 : n;
        for (int j0 = 0; j0 < d; j0 += 64) {
            int j1 = j0 + 64 < d ? j0 + 64 : d;
            for (int j = j0; j < j1; j++) {
                const uint8_t *col = data->codes[j];
                for (int i = i0; i < i1; i++)
                    out[(size_t)i * (size_t)d + (size_t)j] = col[i];
            }
        }
    }
}

int dtree_data_add_row_codes(DtreeData *data, Error *err)
{
    if (data->row_codes || !all_byte_codes(data))
        return 0;
    uint8_t *out = huge_alloc((size_t)data->n * (size_t)data->d);
    if (!out)
        return error_set(err, ERR_NOMEM, "out of memory for the codes by row");
    transpose_codes(data, out);
    data->row_codes = out;
    return 0;
}
