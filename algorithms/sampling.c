/* sampling.c - the samplers of sampling.h: uniform without replacement,
 * stratified, reservoir, inverse CDF and alias, rand10 from rand7, and a
 * uniform integer from random bits.  The stepped run is in
 * sampling_run.c. */
#include "sampling.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- random sources ------------------------------------------------------ */

static uint32_t rng_source_below(void *ctx, uint32_t n)
{
    return rng_below(ctx, n);
}

RandomSource random_source_rng(Rng *r)
{
    RandomSource s = { rng_source_below, r };
    return s;
}

static int check_k_of_n(int n, int k, const char *what, Error *err)
{
    if (n < 0 || k < 0)
        return error_set(err, ERR_USAGE, "%s: sizes must not be negative (n = %d, k = %d)", what,
                         n, k);
    if (k > n)
        return error_set(err, ERR_USAGE, "%s: cannot draw k = %d distinct items from n = %d",
                         what, k, n);
    return 0;
}

/* ---- uniform without replacement ----------------------------------------- */

int sample_uniform_from(const RandomSource *src, int n, int k, int *out, Error *err)
{
    if (check_k_of_n(n, k, "uniform sampling", err) < 0)
        return -1;
    int *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof *idx);
    if (!idx)
        return error_set(err, ERR_NOMEM, "uniform sampling: out of memory");
    for (int i = 0; i < n; i++)
        idx[i] = i;
    /* Partial Fisher-Yates: position i takes a random item of idx[i..n). */
    for (int i = 0; i < k; i++) {
        int j = i + (int)src->below(src->ctx, (uint32_t)(n - i));
        int t = idx[i];
        idx[i] = idx[j];
        idx[j] = t;
        out[i] = idx[i];
    }
    free(idx);
    return 0;
}

int sample_uniform(Rng *r, int n, int k, int *out, Error *err)
{
    RandomSource src = random_source_rng(r);
    return sample_uniform_from(&src, n, k, out, err);
}

/* ---- stratified ---------------------------------------------------------- */

/* The class that should get the next left-over item: the largest remainder
 * not yet served, ties to the lower index. */
static int largest_remainder(const long long *rem, const bool *served, int n_classes)
{
    int best = -1;
    for (int c = 0; c < n_classes; c++)
        if (!served[c] && (best < 0 || rem[c] > rem[best]))
            best = c;
    return best;
}

/* n = Σ counts, checked; -1 with err set when a count is negative, the
 * total too large or k out of [0, n]. */
static long long total_count(const int *counts, int n_classes, int k, Error *err)
{
    long long n = 0;
    for (int c = 0; c < n_classes; c++) {
        if (counts[c] < 0)
            return error_set(err, ERR_DATA, "stratified sampling: class %d has a negative count",
                             c);
        n += counts[c];
    }
    if (n > 0x7fffffff)
        return error_set(err, ERR_USAGE, "stratified sampling: too many rows");
    return check_k_of_n((int)n, k, "stratified sampling", err) < 0 ? -1 : n;
}

int sample_stratified_alloc(const int *counts, int n_classes, int k, int *alloc, Error *err)
{
    long long n = total_count(counts, n_classes, k, err);
    if (n < 0)
        return -1;
    long long *rem = calloc((size_t)n_classes + 1, sizeof *rem);
    bool *served = calloc((size_t)n_classes + 1, sizeof *served);
    if (!rem || !served) {
        free(rem);
        free(served);
        return error_set(err, ERR_NOMEM, "stratified sampling: out of memory");
    }
    int given = 0;
    for (int c = 0; c < n_classes; c++) {
        long long share = (long long)k * counts[c];
        alloc[c] = n > 0 ? (int)(share / n) : 0;
        rem[c] = n > 0 ? share % n : 0;
        given += alloc[c];
    }
    /* k - given < n_classes left-overs, one each; a remainder > 0 means
     * alloc[c] < k·counts[c]/n <= counts[c], so the class has room. */
    for (; given < k; given++) {
        int c = largest_remainder(rem, served, n_classes);
        served[c] = true;
        alloc[c]++;
    }
    free(rem);
    free(served);
    return 0;
}

static int check_labels(const int *labels, int n, int n_classes, int *counts, Error *err)
{
    memset(counts, 0, (size_t)n_classes * sizeof *counts);
    for (int i = 0; i < n; i++) {
        if (labels[i] < 0 || labels[i] >= n_classes)
            return error_set(err, ERR_DATA,
                             "stratified sampling: row %d has label %d, outside [0, %d)", i,
                             labels[i], n_classes);
        counts[labels[i]]++;
    }
    return 0;
}

/* Rows of class c into rows[], then alloc draws of them into out. */
static int draw_class(Rng *r, const int *labels, int n, int c, int alloc, int *rows, int *pick,
                      int *out, Error *err)
{
    int m = 0;
    for (int i = 0; i < n; i++)
        if (labels[i] == c)
            rows[m++] = i;
    if (sample_uniform(r, m, alloc, pick, err) < 0)
        return -1;
    for (int j = 0; j < alloc; j++)
        out[j] = rows[pick[j]];
    return 0;
}

int sample_stratified(Rng *r, const int *labels, int n, int n_classes, int k, int *out,
                      Error *err)
{
    if (n_classes < 1 || n < 0)
        return error_set(err, ERR_USAGE, "stratified sampling: no classes");
    int *counts = malloc((size_t)n_classes * sizeof *counts);
    int *alloc = malloc((size_t)n_classes * sizeof *alloc);
    int *rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *rows);
    int *pick = malloc((size_t)(n > 0 ? n : 1) * sizeof *pick);
    int rc = -1;
    if (!counts + !alloc + !rows + !pick) {
        error_set(err, ERR_NOMEM, "stratified sampling: out of memory");
        goto done;
    }
    if (check_labels(labels, n, n_classes, counts, err) < 0 ||
        sample_stratified_alloc(counts, n_classes, k, alloc, err) < 0)
        goto done;
    rc = 0;
    for (int c = 0, at = 0; rc == 0 && c < n_classes; at += alloc[c], c++)
        rc = draw_class(r, labels, n, c, alloc[c], rows, pick, out + at, err);
done:
    free(counts);
    free(alloc);
    free(rows);
    free(pick);
    return rc;
}

/* ---- reservoir ----------------------------------------------------------- */

int reservoir_init(Reservoir *rs, int k, Error *err)
{
    memset(rs, 0, sizeof *rs);
    if (k < 0)
        return error_set(err, ERR_USAGE, "reservoir sampling: k = %d must not be negative", k);
    rs->k = k;
    rs->slot = malloc((size_t)(k > 0 ? k : 1) * sizeof *rs->slot);
    if (!rs->slot)
        return error_set(err, ERR_NOMEM, "reservoir sampling: out of memory");
    return 0;
}

void reservoir_offer(Reservoir *rs, const RandomSource *src, int item)
{
    long i = ++rs->seen; /* 1-based position in the stream */
    if (i <= rs->k) {
        rs->slot[i - 1] = item;
        return;
    }
    /* j uniform in [0, i): j < k has probability k/i, and then j is a
     * uniform slot.  The wrong version draws from [0, i+1). */
    long range = rs->off_by_one ? i + 1 : i;
    uint32_t j = src->below(src->ctx, (uint32_t)range);
    if ((long)j < rs->k)
        rs->slot[j] = item;
}

int reservoir_check(const Reservoir *rs, Error *err)
{
    if (rs->seen < rs->k)
        return error_set(err, ERR_USAGE,
                         "reservoir sampling: k = %d is larger than the stream (%ld items)", rs->k,
                         rs->seen);
    return 0;
}

void reservoir_free(Reservoir *rs)
{
    free(rs->slot);
    rs->slot = NULL;
}

int sample_reservoir_from(const RandomSource *src, int n, int k, bool off_by_one, int *out,
                          Error *err)
{
    if (n < 0)
        return error_set(err, ERR_USAGE, "reservoir sampling: the stream length %d is negative",
                         n);
    Reservoir rs;
    if (reservoir_init(&rs, k, err) < 0)
        return -1;
    rs.off_by_one = off_by_one;
    for (int i = 0; i < n; i++)
        reservoir_offer(&rs, src, i);
    int rc = reservoir_check(&rs, err);
    if (rc == 0)
        memcpy(out, rs.slot, (size_t)k * sizeof *out);
    reservoir_free(&rs);
    return rc;
}

int sample_reservoir(Rng *r, int n, int k, int *out, Error *err)
{
    RandomSource src = random_source_rng(r);
    return sample_reservoir_from(&src, n, k, false, out, err);
}

/* ---- multinomial ----------------------------------------------------------- */

int sample_check_weights(const double *w, int k, Error *err)
{
    if (k < 1)
        return error_set(err, ERR_DATA, "multinomial sampling: no weights");
    double total = 0.0;
    for (int i = 0; i < k; i++) {
        if (!isfinite(w[i]) || w[i] < 0.0)
            return error_set(err, ERR_DATA,
                             "multinomial sampling: weight %d is %g; weights must be finite "
                             "and >= 0",
                             i + 1, w[i]);
        total += w[i];
    }
    if (!(total > 0.0))
        return error_set(err, ERR_DATA, "multinomial sampling: all %d weights are 0", k);
    if (!isfinite(total))
        return error_set(err, ERR_DATA, "multinomial sampling: the weights sum to infinity");
    return 0;
}

int sample_cdf_init(SampleCdf *c, const double *w, int k, Error *err)
{
    memset(c, 0, sizeof *c);
    if (sample_check_weights(w, k, err) < 0)
        return -1;
    c->cum = malloc((size_t)k * sizeof *c->cum);
    if (!c->cum)
        return error_set(err, ERR_NOMEM, "multinomial sampling: out of memory");
    c->k = k;
    double total = 0.0, run = 0.0;
    for (int i = 0; i < k; i++)
        total += w[i];
    for (int i = 0; i < k; i++) {
        run += w[i];
        c->cum[i] = run / total;
    }
    /* run ends equal to total (the same sums in the same order), so
     * cum[k-1] is exactly 1 and u < 1 always finds a category.  A zero
     * weight repeats its predecessor's value, so it is never the first
     * with u < cum[i]: zero-weight categories are never drawn. */
    return 0;
}

int sample_cdf_lookup(const SampleCdf *c, double u)
{
    int lo = 0, hi = c->k - 1; /* the answer is in [lo, hi] */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (u < c->cum[mid])
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

int sample_cdf_draw(const SampleCdf *c, Rng *r)
{
    return sample_cdf_lookup(c, rng_uniform(r));
}

void sample_cdf_free(SampleCdf *c)
{
    free(c->cum);
    c->cum = NULL;
}

/* Vose: scaled probabilities k·w/total; pair each small column (< 1) with a
 * large one, which gives the small one's missing mass and shrinks. */
static void alias_fill(SampleAlias *a, double *scaled, int *small, int *large)
{
    int ns = 0, nl = 0, k = a->k;
    for (int i = 0; i < k; i++) {
        if (scaled[i] < 1.0)
            small[ns++] = i;
        else
            large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
        int s = small[--ns], l = large[--nl];
        a->prob[s] = scaled[s];
        a->alias[s] = l;
        scaled[l] = (scaled[l] + scaled[s]) - 1.0;
        if (scaled[l] < 1.0)
            small[ns++] = l;
        else
            large[nl++] = l;
    }
    /* What is left is 1 up to rounding. */
    while (nl > 0) {
        int l = large[--nl];
        a->prob[l] = 1.0;
        a->alias[l] = l;
    }
    while (ns > 0) {
        int s = small[--ns];
        a->prob[s] = 1.0;
        a->alias[s] = s;
    }
}

int sample_alias_init(SampleAlias *a, const double *w, int k, Error *err)
{
    memset(a, 0, sizeof *a);
    if (sample_check_weights(w, k, err) < 0)
        return -1;
    double *scaled = malloc((size_t)k * sizeof *scaled);
    int *small = malloc((size_t)k * sizeof *small);
    int *large = malloc((size_t)k * sizeof *large);
    a->prob = malloc((size_t)k * sizeof *a->prob);
    a->alias = malloc((size_t)k * sizeof *a->alias);
    int rc = 0;
    if (!scaled || !small || !large || !a->prob || !a->alias) {
        sample_alias_free(a);
        rc = error_set(err, ERR_NOMEM, "alias sampling: out of memory");
    } else {
        double total = 0.0;
        for (int i = 0; i < k; i++)
            total += w[i];
        for (int i = 0; i < k; i++)
            scaled[i] = w[i] * k / total;
        a->k = k;
        alias_fill(a, scaled, small, large);
    }
    free(scaled);
    free(small);
    free(large);
    return rc;
}

int sample_alias_lookup(const SampleAlias *a, int column, double u)
{
    return u < a->prob[column] ? column : a->alias[column];
}

int sample_alias_draw(const SampleAlias *a, Rng *r)
{
    int column = (int)rng_below(r, (uint32_t)a->k);
    return sample_alias_lookup(a, column, rng_uniform(r));
}

void sample_alias_free(SampleAlias *a)
{
    free(a->prob);
    free(a->alias);
    a->prob = NULL;
    a->alias = NULL;
}

/* ---- generators from generators ------------------------------------------- */

int sample_rand7(Rng *r)
{
    return 1 + (int)rng_below(r, 7);
}

int sample_rand10_from_pair(int a, int b)
{
    int idx = 7 * (a - 1) + b; /* 1..49, each equally likely */
    return idx <= 40 ? 1 + (idx - 1) % 10 : 0;
}

int sample_rand10(Rng *r, long *calls)
{
    for (;;) {
        int a = sample_rand7(r), b = sample_rand7(r);
        if (calls)
            *calls += 2;
        int v = sample_rand10_from_pair(a, b);
        if (v)
            return v;
    }
}

int sample_rand10_modulo(Rng *r, long *calls)
{
    int a = sample_rand7(r), b = sample_rand7(r);
    if (calls)
        *calls += 2;
    return 1 + (7 * (a - 1) + b - 1) % 10;
}

int sample_randint(Rng *r, int64_t lo, int64_t hi, int64_t *out, long *draws, Error *err)
{
    if (lo > hi)
        return error_set(err, ERR_USAGE, "randint: lo = %lld is above hi = %lld", (long long)lo,
                         (long long)hi);
    /* The range size minus one, in unsigned arithmetic (no overflow even for
     * the full int64 range). */
    uint64_t span = (uint64_t)hi - (uint64_t)lo;
    int bits = 0;
    while (bits < 64 && (span >> bits) != 0)
        bits++;
    uint64_t v;
    do {
        v = bits == 0 ? 0 : rng_u64(r) >> (64 - bits);
        if (draws && bits > 0)
            (*draws)++;
    } while (v > span);
    *out = (int64_t)((uint64_t)lo + v);
    return 0;
}
