/* algorithms/dtree_data.c - DtreeData: the training features recoded once
 * as the rank of each value among the feature's sorted distinct values (so
 * a threshold "x <= t" is "code <= c"), in 1, 2 or 4 bytes per cell, shared
 * read-only by every tree grown on them. */
#include "dtree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

void dtree_data_free(DtreeData *data)
{
    if (!data)
        return;
    for (int j = 0; j < data->d; j++) {
        if (data->values)
            free(data->values[j]);
        if (data->codes)
            free(data->codes[j]);
    }
    free(data->values);
    free(data->codes);
    free(data->n_values);
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

/* Recode feature j when it has at most 256 distinct values (pixels, small
 * integers, categories): a small open-addressing set of the values met so
 * far, one pass, no sort of the column.  1 when done, 0 when the feature
 * has more values (nothing stored), -1 on a NaN. */
static int recode_few_values(DtreeData *data, int j, RecodeScratch *s)
{
    enum { SLOTS = 1024, MAX_VALUES = 256 };
    uint32_t key[SLOTS];
    bool used[SLOTS] = { false };
    int code_of_slot[SLOTS];
    int n = data->n, nv = 0;
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
        if (have_last && bits == last_bits) {
            s->codes[i] = last_slot;
            continue;
        }
        uint32_t h = (bits * 0x9E3779B1u) >> 22; /* top 10 bits */
        while (used[h] && key[h] != bits)
            h = (h + 1) & (SLOTS - 1);
        if (!used[h]) {
            if (nv == MAX_VALUES)
                return 0;
            used[h] = true;
            key[h] = bits;
            nv++;
        }
        s->codes[i] = h;
        last_bits = bits;
        last_slot = h;
        have_last = true;
    }
    float *vals = malloc((size_t)(nv ? nv : 1) * sizeof *vals);
    uint8_t *codes = malloc((size_t)(n ? n : 1));
    if (!vals || !codes) {
        free(vals);
        free(codes);
        return -2;
    }
    int v = 0;
    for (int h = 0; h < SLOTS; h++)
        if (used[h])
            memcpy(&vals[v++], &key[h], sizeof(float));
    qsort(vals, (size_t)nv, sizeof *vals, cmp_float);
    for (int h = 0; h < SLOTS; h++)
        if (used[h]) {
            float f;
            memcpy(&f, &key[h], sizeof f);
            /* its rank among the sorted values (binary search) */
            int lo = 0, hi = nv - 1;
            while (lo < hi) {
                int mid = (lo + hi) / 2;
                if (vals[mid] < f)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            code_of_slot[h] = lo;
        }
    for (int i = 0; i < n; i++)
        codes[i] = (uint8_t)code_of_slot[s->codes[i]];
    data->n_values[j] = nv;
    data->values[j] = vals;
    data->width[j] = 1;
    data->codes[j] = codes;
    return 1;
}

/* Recode feature j (its column in s->col[0..n)).  0, or -1 on NaN / no
 * memory (*bad_nan says which). */
static int recode_feature(DtreeData *data, int j, RecodeScratch *s, bool *bad_nan)
{
    int n = data->n;
    int few = recode_few_values(data, j, s);
    if (few == 1)
        return 0;
    if (few == -1 || few == -2) {
        *bad_nan = few == -1;
        return -1;
    }
    /* Many values: sort the column by its order-preserving keys. */
    for (int i = 0; i < n; i++) {
        if (isnan(s->col[i])) {
            *bad_nan = true;
            return -1;
        }
        s->keys[i] = float_key(s->col[i]);
        s->idx[i] = i;
    }
    radix_sort_keys(s->keys, s->idx, s->tmp_keys, s->tmp_idx, n);
    /* Walk the sorted order: a new code at every change of value (compared as
     * floats, so -0 and +0 are one value). */
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
    int V = v + 1;
    data->n_values[j] = V;
    data->values[j] = malloc((size_t)V * sizeof(float));
    if (!data->values[j])
        return -1;
    for (int c = 0; c < V; c++)
        data->values[j][c] = s->col[s->idx[s->tmp_keys[c]]];
    int w = V <= 256 ? 1 : V <= 65536 ? 2 : 4;
    data->width[j] = (uint8_t)w;
    data->codes[j] = malloc((size_t)n * (size_t)w);
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

typedef struct RecodeJob {
    DtreeData *data;
    const Mat *X;
    RecodeScratch scratch[64]; /* one per worker */
    int failed, any_nan;       /* set by any worker (atomic) */
} RecodeJob;

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
    for (int i = 0; i < n; i++) {
        const float *row = mat_row(job->X, i) + j0;
        for (int q = 0; q < nb; q++)
            s->cols[(size_t)q * (size_t)n + (size_t)i] = row[q];
    }
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

DtreeData *dtree_data_new(const Dataset *train, int n_threads, Error *err)
{
    if (!train->y || train->n_classes < 1) {
        error_set(err, ERR_DATA, "a decision tree needs class labels");
        return NULL;
    }
    int n = train->X.rows, d = train->X.cols;
    if (n < 1 || d < 1) {
        error_set(err, ERR_DATA, "the training part is empty");
        return NULL;
    }
    DtreeData *data = calloc(1, sizeof *data);
    if (!data) {
        error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        return NULL;
    }
    data->n = n;
    data->d = d;
    data->n_classes = train->n_classes;
    data->y = train->y;
    data->n_values = calloc((size_t)d, sizeof *data->n_values);
    data->values = calloc((size_t)d, sizeof *data->values);
    data->width = calloc((size_t)d, sizeof *data->width);
    data->codes = calloc((size_t)d, sizeof *data->codes);
    if (!data->n_values || !data->values || !data->width || !data->codes) {
        dtree_data_free(data);
        error_set(err, ERR_NOMEM, "out of memory for the tree's data");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (train->y[i] < 0 || train->y[i] >= train->n_classes) {
            dtree_data_free(data);
            error_set(err, ERR_DATA, "row %d has class index %d outside [0, %d)", i,
                      train->y[i], train->n_classes);
            return NULL;
        }

    /* Features are recoded in blocks of 16 columns: reading one row of a
     * block touches one cache line, so the row-major matrix is read once per
     * block instead of once per feature. */
    int nt = n_threads > 1 && (long)n * d >= PARALLEL_MIN_WORK ? n_threads : 1;
    if (nt > 64)
        nt = 64;
    RecodeJob job = { data, &train->X, { { 0 } }, 0, 0 };
    for (int t = 0; t < nt; t++) {
        RecodeScratch *sc = &job.scratch[t];
        sc->cols = malloc((size_t)RECODE_BLOCK * (size_t)n * sizeof *sc->cols);
        sc->keys = malloc((size_t)n * sizeof *sc->keys);
        sc->tmp_keys = malloc((size_t)n * sizeof *sc->tmp_keys);
        sc->codes = malloc((size_t)n * sizeof *sc->codes);
        sc->idx = malloc((size_t)n * sizeof *sc->idx);
        sc->tmp_idx = malloc((size_t)n * sizeof *sc->tmp_idx);
        if (!sc->cols || !sc->keys || !sc->tmp_keys || !sc->codes || !sc->idx || !sc->tmp_idx)
            job.failed = 1;
    }
    if (!job.failed)
        dtree_parallel_for(nt, (d + RECODE_BLOCK - 1) / RECODE_BLOCK, recode_block, &job);
    for (int t = 0; t < nt; t++) {
        RecodeScratch *sc = &job.scratch[t];
        free(sc->cols);
        free(sc->keys);
        free(sc->tmp_keys);
        free(sc->codes);
        free(sc->idx);
        free(sc->tmp_idx);
    }
    int failed = job.failed, any_nan = job.any_nan;
    if (failed) {
        dtree_data_free(data);
        if (any_nan)
            error_set(err, ERR_DATA, "a feature value is NaN: trees need every value");
        else
            error_set(err, ERR_NOMEM, "out of memory recoding the features");
        return NULL;
    }
    return data;
}
