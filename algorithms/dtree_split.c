/* algorithms/dtree_split.c - the CART split search: the best threshold of
 * a node over the features it tries.
 * *
 * How a split is found.  Every feature is recoded once (DtreeData) as the
 * rank of each value among the feature's sorted distinct values, so a
 * threshold "x <= t" is "code <= c".  For a node with m rows and a feature
 * with V distinct values:
 *   - V <= HIST_MAX_BINS (pixels: V <= 256): a class histogram over the
 *     codes (one pass over the m rows), then a sweep over the codes present,
 *     in increasing order, moving each code's rows from the right side to
 *     the left.  Cost O(m + V/8 + present*K).  Exact, not binned: each
 *     boundary between two adjacent values present in the node is one
 *     candidate.
 *   - larger V: the node's (code, class) pairs are sorted and swept.
 * Every candidate threshold is the midpoint of the two adjacent distinct
 * values present in the node, computed in double (exact for floats).
 *
 * Scoring.  With l_c, r_c the class counts left and right (n_L, n_R rows):
 *   gini:    n_L G_L + n_R G_R = n - (sum l_c^2 / n_L + sum r_c^2 / n_R)
 *   entropy: n_L H_L + n_R H_R = (n_L log2 n_L - sum l_c log2 l_c) + (same, R)
 * so the best split maximises a "proxy" computed from integer counts alone
 * (for gini, the sums of squares are updated as rows move; for entropy
 * c log2 c comes from a table).
 * Ties: a candidate must be strictly better to replace the best so far;
 * candidates are visited feature by feature (index order for a plain tree,
 * the random draw order in a forest) and by increasing threshold, so among
 * equal splits the lowest feature index, then the lowest threshold, wins.
 * A node that is impure is split even when no split lowers the impurity (the
 * best zero-gain split is taken, as scikit-learn does), so XOR-like data
 * still gets a tree.
 *
 * The search of a big node runs on n_threads threads; the per-feature
 * results are reduced in visiting order, so the tree does not depend on the
 * number of threads. */
#include "dtree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* x log2 x (0 for x <= 0). */
static inline double xlog2x(double x)
{
    return x > 0.0 ? x * log2(x) : 0.0;
}

/* The proxy with class weights: each count l_c becomes w_c l_c (and the
 * sizes their sums), in double. */
static double weighted_proxy(const DtreeBuilder *b, const int *left, const int *total)
{
    const float *w = b->cfg.cw;
    double sl = 0.0, sr = 0.0, wl = 0.0, wr = 0.0;
    bool gini = b->cfg.criterion == DTREE_GINI;
    for (int c = 0; c < b->k; c++) {
        double l = (double)w[c] * left[c], r = (double)w[c] * (total[c] - left[c]);
        wl += l;
        wr += r;
        sl += gini ? l * l : xlog2x(l);
        sr += gini ? r * r : xlog2x(r);
    }
    if (gini)
        return (wl > 0.0 ? sl / wl : 0.0) + (wr > 0.0 ? sr / wr : 0.0);
    return -((xlog2x(wl) - sl) + (xlog2x(wr) - sr));
}

/* Proxy of a split from the left counts and the node totals (see top). */
static inline double split_proxy(const DtreeBuilder *b, const int *left, const int *total, int nl,
                                 int n)
{
    int k = b->k, nr = n - nl;
    if (b->cfg.cw)
        return weighted_proxy(b, left, total);
    if (b->cfg.criterion == DTREE_GINI) {
        long long sl = 0, sr = 0;
        for (int c = 0; c < k; c++) {
            long long l = left[c], r = total[c] - left[c];
            sl += l * l;
            sr += r * r;
        }
        return (double)sl / nl + (double)sr / nr;
    }
    const double *xl = b->xlogx;
    double el = 0.0, er = 0.0;
    for (int c = 0; c < k; c++) {
        el += xl[left[c]];
        er += xl[total[c] - left[c]];
    }
    return -((xl[nl] - el) + (xl[nr] - er));
}

/* The midpoint between two adjacent values, kept strictly below hi (when
 * the midpoint rounds up to hi, or hi is infinite, lo itself is used). */
static inline double midpoint(float lo, float hi)
{
    double t = ((double)lo + (double)hi) * 0.5;
    if (t >= (double)hi || isinf(t))
        t = lo;
    return t;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Consider the boundary between codes prev and next with nl rows on the
 * left: keep it in *out when it is strictly better. */
static inline void consider(const DtreeBuilder *b, const int *left, const int *total, int nl,
                            int n, int prev, int next, Cand *out)
{
    int msl = b->cfg.min_samples_leaf;
    if (nl < msl || n - nl < msl)
        return;
    double p = split_proxy(b, left, total, nl, n);
    if (!out->valid || p > out->proxy) {
        out->valid = true;
        out->proxy = p;
        out->code = (uint32_t)prev;
        out->next = (uint32_t)next;
        out->n_left = nl;
    }
}

/* Class counts per code of feature j over the node's rows [s, s + n), in
 * two interleaved histograms (even and odd rows) so that runs of equal
 * (code, class) pairs - the norm in pure-ish nodes of sparse data - do not
 * serialise on one counter; seen[c] marks the codes present (a plain store,
 * no dependency). */
static void histogram_accumulate(const DtreeBuilder *b, Workspace *ws, int j, int s, int n)
{
    const DtreeData *data = b->data;
    const int k = b->k;
    const int *yn = b->y + s, *wn = b->w ? b->w + s : NULL;
    int V = data->n_codes[j];
    uint32_t *h0 = ws->hist, *h1 = ws->hist + (size_t)V * (size_t)k;
    uint8_t *seen = ws->seen;
#define ACCUMULATE_BY(AT, INC)                                            \
    do {                                                                  \
        int i = 0;                                                        \
        for (; i + 1 < n; i += 2) {                                       \
            uint32_t c0 = AT(i), c1 = AT(i + 1);                          \
            h0[(size_t)c0 * (size_t)k + (size_t)yn[i]] += INC(i);         \
            h1[(size_t)c1 * (size_t)k + (size_t)yn[i + 1]] += INC(i + 1); \
            seen[c0] = 1;                                                 \
            seen[c1] = 1;                                                 \
        }                                                                 \
        if (i < n) {                                                      \
            uint32_t c0 = AT(i);                                          \
            h0[(size_t)c0 * (size_t)k + (size_t)yn[i]] += INC(i);         \
            seen[c0] = 1;                                                 \
        }                                                                 \
    } while (0)
/* Each position counts 1, or its weight (a bootstrap sample's distinct
 * rows, each counted as often as it was drawn). */
#define ONE(i) 1u
#define WEIGHT(i) (uint32_t)wn[i]
#define ACCUMULATE(AT)                                                    \
    do {                                                                  \
        if (wn)                                                           \
            ACCUMULATE_BY(AT, WEIGHT);                                    \
        else                                                              \
            ACCUMULATE_BY(AT, ONE);                                       \
    } while (0)
/* The code of the i-th row of the node: from the builder's ordered copy,
 * or gathered from the shared data through the row list. */
#define COPIED(i) col[i]
#define GATHERED(i) col[rows[i]]
#define BY_ROW(i) col[(size_t)rows[i] * (size_t)data->d]
#define ACCUMULATE_WIDTH(T)                                               \
    do {                                                                  \
        if (b->gathered && data->by_row) {                                \
            const uint8_t *col = data->row_codes + j;                     \
            const int *rows = b->rows + s;                                \
            ACCUMULATE(BY_ROW);                                           \
        } else if (b->gathered) {                                         \
            const T *col = (const T *)data->codes[j];                     \
            const int *rows = b->rows + s;                                \
            ACCUMULATE(GATHERED);                                         \
        } else {                                                          \
            const T *col = (const T *)b->col[j] + s;                      \
            ACCUMULATE(COPIED);                                           \
        }                                                                 \
    } while (0)
    switch (data->width[j]) {
    case 1: ACCUMULATE_WIDTH(uint8_t); break;
    case 2: ACCUMULATE_WIDTH(uint16_t); break;
    default: ACCUMULATE_WIDTH(uint32_t); break;
    }
#undef ACCUMULATE_WIDTH
#undef COPIED
#undef GATHERED
#undef BY_ROW
#undef ACCUMULATE
#undef ACCUMULATE_BY
#undef ONE
#undef WEIGHT
}

/* The state of the upward sweep over the present codes. */
typedef struct Sweep {
    const DtreeBuilder *b;
    const int *total;   /* class counts of the node         */
    int *left;          /* class counts left of the boundary */
    int n, nl, prev;    /* node rows; rows left; last code (-1: none yet) */
    long long sl, sr;   /* sum of squared class counts left, right */
} Sweep;

/* The boundary between code w->prev and code c as a candidate. */
static void sweep_boundary(const Sweep *w, int c, Cand *out)
{
    out->constant = false;
    if (w->b->cfg.criterion != DTREE_GINI || w->b->cfg.cw) {
        consider(w->b, w->left, w->total, w->nl, w->n, w->prev, c, out);
        return;
    }
    /* the gini proxy from the running sums of squares */
    const int msl = w->b->cfg.min_samples_leaf, nl = w->nl, n = w->n;
    if (nl < msl || n - nl < msl)
        return;
    double p = (double)w->sl / nl + (double)w->sr / (n - nl);
    if (!out->valid || p > out->proxy) {
        out->valid = true;
        out->proxy = p;
        out->code = (uint32_t)w->prev;
        out->next = (uint32_t)c;
        out->n_left = nl;
    }
}

/* Move the rows of one code (its counts a0, plus a1 unless NULL) from right
 * to left, and clear its histograms.  Branch-free over the classes (a code
 * of a small node has rows of one or two classes, never the same ones, so
 * a test for an empty count would be mispredicted): an empty count adds 0. */
static inline void sweep_move(Sweep *w, uint32_t *a0, uint32_t *a1, int k)
{
    long long sl = w->sl, sr = w->sr, moved = 0;
    for (int q = 0; q < k; q++) {
        long long cnt = (long long)a0[q] + (a1 ? a1[q] : 0);
        /* moving cnt rows of class q from right to left:
         * (l + cnt)^2 - l^2 and (r - cnt)^2 - r^2 */
        long long l = w->left[q], r = w->total[q] - l;
        sl += (2 * l + cnt) * cnt;
        sr += (cnt - 2 * r) * cnt;
        w->left[q] = (int)(l + cnt);
        moved += cnt;
        a0[q] = 0;
        if (a1)
            a1[q] = 0;
    }
    w->sl = sl;
    w->sr = sr;
    w->nl += (int)moved;
}

/* Sweep the present codes (flags seen, each 0 or 1) of feature j upwards,
 * eight flags at a time (one bit per present code, found by counting
 * trailing zeros); each boundary between two present codes is a candidate;
 * the histograms h0 (and h1 unless NULL) and the flags are cleared on the
 * way. */
static void sweep_codes(const DtreeBuilder *b, uint32_t *h0, uint32_t *h1, uint8_t *seen,
                        int *left, int j, int n, const int *total, Cand *out)
{
    const int k = b->k, V = b->data->n_codes[j];
    Sweep w = { b, total, left, n, 0, -1, 0, 0 };
    for (int q = 0; q < k; q++)
        w.sr += (long long)total[q] * total[q];
    for (int c8 = 0; c8 < V; c8 += 8) {
        uint64_t word;
        memcpy(&word, seen + c8, sizeof word);
        if (!word)
            continue;
        memset(seen + c8, 0, 8);
        for (; word; word &= word - 1) {
            int c = c8 + __builtin_ctzll(word) / 8;
            if (w.prev >= 0)
                sweep_boundary(&w, c, out);
            size_t at = (size_t)c * (size_t)k;
            sweep_move(&w, h0 + at, h1 ? h1 + at : NULL, k);
            w.prev = c;
        }
    }
}

/* The sweep of the two interleaved histograms of the workspace. */
static void histogram_sweep(const DtreeBuilder *b, Workspace *ws, int j, int n,
                            const int *total, Cand *out)
{
    size_t cells = (size_t)b->data->n_codes[j] * (size_t)b->k;
    sweep_codes(b, ws->hist, ws->hist + cells, ws->seen, ws->left, j, n, total, out);
}

/* Many distinct values: sort the node's m (code, class) pairs (with
 * weights: (code, position) pairs, the class and weight read back); n is
 * the node's weighted size. */
static void sorted_search(const DtreeBuilder *b, Workspace *ws, int j, int s, int m, int n,
                          const int *total, Cand *out)
{
    const int *yn = b->y + s, *wn = b->w ? b->w + s : NULL;
    int *left = ws->left;
    uint64_t *pairs = ws->pairs;
    for (int i = 0; i < m; i++)
        pairs[i] = ((uint64_t)col_code(b, j, s + i) << 32) | (uint32_t)(wn ? i : yn[i]);
    qsort(pairs, (size_t)m, sizeof *pairs, cmp_u64);
    int i = 0, prev = -1, nl = 0;
    while (i < m) {
        int c = (int)(pairs[i] >> 32);
        if (prev >= 0) {
            out->constant = false;
            consider(b, left, total, nl, n, prev, c, out);
        }
        for (; i < m && (int)(pairs[i] >> 32) == c; i++) {
            int low = (int)(pairs[i] & 0xffffffffu), w = wn ? wn[low] : 1;
            left[wn ? yn[low] : low] += w;
            nl += w;
        }
        prev = c;
    }
}

/* Best split of the segment [s, s + m) (weighted size n) on feature j. */
static void search_feature(const DtreeBuilder *b, Workspace *ws, int j, int s, int m, int n,
                           const int *total, Cand *out)
{
    out->valid = false;
    out->constant = true;
    out->feature = j;
    memset(ws->left, 0, (size_t)b->k * sizeof *ws->left);
    if (uses_histogram(b->data, j)) {
        histogram_accumulate(b, ws, j, s, m);
        histogram_sweep(b, ws, j, n, total, out);
    } else {
        sorted_search(b, ws, j, s, m, n, total, out);
    }
}

typedef struct SearchJob {
    DtreeBuilder *b;
    int s, m, n;      /* segment start and positions; weighted size */
    const int *total;
} SearchJob;

static void search_item(void *ctx, int q, int worker)
{
    SearchJob *job = ctx;
    DtreeBuilder *b = job->b;
    search_feature(b, &b->ws[worker], b->feats[q], job->s, job->m, job->n, job->total,
                   &b->fbest[q]);
}

/* The class histograms of every feature of the round in one pass over the
 * node's rows [s, s + m), position i's codes being row at[i] of the code
 * rows src (d bytes each): the block (see dtree_internal.h, "Small nodes")
 * or, for a big node of byte-backed data, the training matrix itself.  A
 * row's nf codes lie in a few cache lines.  Histogram q (ROW_BINS x k) and
 * its flags belong to b->feats[q]. */
enum { PREFETCH_ROWS = 6 };

/* The lowest and highest of feats[0..nf). */
static void feature_span(const int *feats, int nf, int *lo, int *hi)
{
    for (int q = 0; q < nf; q++) {
        *lo = feats[q] < *lo ? feats[q] : *lo;
        *hi = feats[q] > *hi ? feats[q] : *hi;
    }
}

/* Ask for the cache lines of row[lo..hi] (into L2). */
static inline void prefetch_span(const uint8_t *row, int lo, int hi)
{
    for (int f = lo; f < hi + 64; f += 64)
        __builtin_prefetch(row + (f < hi ? f : hi), 0, 1);
}

static void rows_accumulate(const DtreeBuilder *b, Workspace *ws, int nf, int s, int m,
                            const uint8_t *src, const int *at)
{
    const int k = b->k, d = b->d;
    const int *yn = b->y + s, *wn = b->w ? b->w + s : NULL;
    const int *feats = b->feats;
    const size_t hstride = (size_t)ROW_BINS * (size_t)k;
    /* The matrix (not the block): its rows are far apart in memory, so the
     * lines the features lie in are fetched ahead, PREFETCH_ROWS rows on. */
    int lo = d, hi = 0;
    if (src == b->data->row_codes)
        feature_span(feats, nf, &lo, &hi);
    for (int i = 0; i < m; i++) {
        const uint8_t *row = src + (size_t)at[i] * (size_t)d;
        if (lo <= hi && i + PREFETCH_ROWS < m)
            prefetch_span(src + (size_t)at[i + PREFETCH_ROWS] * (size_t)d, lo, hi);
        uint32_t inc = wn ? (uint32_t)wn[i] : 1u;
        uint32_t *h = ws->rhist + yn[i];
        uint8_t *seen = ws->rseen;
        for (int q = 0; q < nf; q++, h += hstride, seen += ROW_SEEN) {
            uint32_t c = row[feats[q]];
            h[c * (uint32_t)k] += inc;
            seen[c] = 1;
        }
    }
}

/* The round of a node from code rows (one thread): a small node's from the
 * block, a big one's (byte-backed data) from the training matrix. */
static void rows_round(DtreeBuilder *b, int s, int m, int n, const int *total, int nf)
{
    Workspace *ws = &b->ws[0];
    if (m <= b->blk_cap) {
        dtree_priv_block_cover(b, s, s + m);
        rows_accumulate(b, ws, nf, s, m, b->blk, b->loc + s);
    } else {
        rows_accumulate(b, ws, nf, s, m, b->data->row_codes, b->rows + s);
    }
    for (int q = 0; q < nf; q++) {
        Cand *out = &b->fbest[q];
        out->valid = false;
        out->constant = true;
        out->feature = b->feats[q];
        memset(ws->left, 0, (size_t)b->k * sizeof *ws->left);
        sweep_codes(b, ws->rhist + (size_t)q * ROW_BINS * (size_t)b->k, NULL,
                    ws->rseen + (size_t)q * ROW_SEEN, ws->left, b->feats[q], n, total, out);
    }
}

/* Is a round of nf features over m positions searched from code rows: the
 * block, or (byte-backed data, whose bytes are the code rows) the matrix? */
static inline bool uses_rows(const DtreeBuilder *b, int m, int nf, bool par)
{
    return b->blk && (m <= b->blk_cap || b->data->by_row) && nf <= ROW_MAX_FEATURES && !par;
}

/* Search the features b->feats[0..nf) of segment [s, s + m) (weighted size
 * n); results per feature in b->fbest, the best (strictly better wins, in
 * list order) into *best. */
static void search_round(DtreeBuilder *b, int s, int m, int n, const int *total, int nf,
                         Cand *best)
{
    int nt = builder_threads(&b->cfg);
    bool par = nt > 1 && (long)m * nf >= PARALLEL_MIN_WORK;
    if (uses_rows(b, m, nf, par)) {
        rows_round(b, s, m, n, total, nf);
    } else {
        SearchJob job = { b, s, m, n, total };
        dtree_parallel_for(par ? nt : 1, nf, search_item, &job);
    }
    for (int q = 0; q < nf; q++) {
        const Cand *c = &b->fbest[q];
        if (c->valid && (!best->valid || c->proxy > best->proxy))
            *best = *c;
    }
}

/* Drop from node id's live list the features of the round found constant
 * (the list keeps its order): mark them in b->gone, then one pass. */
static void drop_constants(DtreeBuilder *b, int id, int nf)
{
    bool any = false;
    for (int q = 0; q < nf; q++)
        if (b->fbest[q].constant) {
            b->gone[b->fbest[q].feature] = 1;
            any = true;
        }
    if (!any)
        return;
    int *live = b->live[id], n = b->n_live[id], out = 0;
    for (int i = 0; i < n; i++) {
        int j = live[i];
        live[out] = j;
        out += !b->gone[j];
        b->gone[j] = 0;
    }
    b->n_live[id] = out;
}

/* Rounds of max_features features drawn without replacement (a partial
 * Fisher-Yates shuffle of the live list), until one gives a valid split or
 * every live feature was tried. */
static void random_rounds(DtreeBuilder *b, int id, const int *total, Cand *best)
{
    int n = b->tree->nodes[id].n_samples, s = b->start[id], m = b->end[id] - s;
    int n_live = b->n_live[id], mf = b->cfg.max_features;
    memcpy(b->draw, b->live[id], (size_t)n_live * sizeof *b->draw);
    for (int first = 0; first < n_live && !best->valid; first += mf) {
        int nf = n_live - first < mf ? n_live - first : mf;
        for (int q = 0; q < nf; q++) {
            int pos = first + q;
            int r = pos + (int)rng_below(&b->rng, (uint32_t)(n_live - pos));
            int t = b->draw[pos];
            b->draw[pos] = b->draw[r];
            b->draw[r] = t;
            b->feats[q] = b->draw[pos];
        }
        search_round(b, s, m, n, total, nf, best);
        drop_constants(b, id, nf);
    }
}

/* Find the best split of node id into b->cand[id]; true when there is one.
 * Also drops the features found constant from the node's live list. */
bool dtree_priv_find_split(DtreeBuilder *b, int id)
{
    const DtreeNode *nd = &b->tree->nodes[id];
    Cand *best = &b->cand[id];
    best->valid = false;
    int n = nd->n_samples, s = b->start[id], m = b->end[id] - s;
    const DtreeConfig *cfg = &b->cfg;
    if (cfg->max_depth > 0 && nd->depth >= cfg->max_depth)
        return false;
    if (n < cfg->min_samples_split || n < 2 * cfg->min_samples_leaf)
        return false;
    const int *total = dtree_node_counts(b->tree, id);
    int present = 0;
    for (int c = 0; c < b->k; c++)
        present += total[c] > 0;
    if (present < 2)
        return false; /* pure */

    int n_live = b->n_live[id], mf = cfg->max_features;
    if (mf <= 0 || mf >= n_live) {
        /* every live feature, in index order */
        memcpy(b->feats, b->live[id], (size_t)n_live * sizeof *b->feats);
        search_round(b, s, m, n, total, n_live, best);
        drop_constants(b, id, n_live);
    } else {
        random_rounds(b, id, total, best);
    }
    if (best->valid) {
        /* the threshold of the winner only: the value tables are cold */
        const float *vals = b->data->values[best->feature];
        best->threshold = midpoint(vals[best->code], vals[best->next]);
    }
    return best->valid;
}
