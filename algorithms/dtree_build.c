/* algorithms/dtree_build.c - the tree builder (DtreeBuilder): grows one
 * Dtree on a list of rows of a DtreeData, one split per step.
 *
 * Growth is best-first (see dtree.h): pending nodes sit in a max-heap keyed
 * by the weighted impurity decrease of their best split; with
 * cfg.depth_first (the forest) the same array is a stack.  The data layout
 * the builder keeps is described in dtree_internal.h ("The builder").
 *
 * The partition of a big node runs on n_threads threads. */
#include "dtree_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the heap of pending nodes ----------------------------------------- */

static inline bool heap_before(const DtreeBuilder *b, int x, int y)
{
    return b->gain[x] > b->gain[y] || (b->gain[x] == b->gain[y] && x < y);
}

static void heap_push(DtreeBuilder *b, int id)
{
    int i = b->n_heap++;
    b->heap[i] = id;
    if (b->cfg.depth_first)
        return; /* a stack */
    while (i > 0) {
        int p = (i - 1) / 2;
        if (!heap_before(b, b->heap[i], b->heap[p]))
            break;
        int t = b->heap[i];
        b->heap[i] = b->heap[p];
        b->heap[p] = t;
        i = p;
    }
}

static int heap_pop(DtreeBuilder *b)
{
    if (b->cfg.depth_first)
        return b->heap[--b->n_heap];
    int top = b->heap[0];
    b->heap[0] = b->heap[--b->n_heap];
    int i = 0;
    for (;;) {
        int l = 2 * i + 1, r = l + 1, m = i;
        if (l < b->n_heap && heap_before(b, b->heap[l], b->heap[m]))
            m = l;
        if (r < b->n_heap && heap_before(b, b->heap[r], b->heap[m]))
            m = r;
        if (m == i)
            break;
        int t = b->heap[i];
        b->heap[i] = b->heap[m];
        b->heap[m] = t;
        i = m;
    }
    return top;
}

/* Make room for per-node bookkeeping up to need nodes. */
static int builder_reserve(DtreeBuilder *b, int need, Error *err)
{
    if (need <= b->node_cap)
        return 0;
    int cap = b->node_cap ? b->node_cap : 64;
    while (cap < need)
        cap *= 2;
#define GROW(field)                                                       \
    do {                                                                  \
        void *p_ = realloc(b->field, (size_t)cap * sizeof *b->field);     \
        if (!p_)                                                          \
            return error_set(err, ERR_NOMEM, "out of memory growing the tree"); \
        b->field = p_;                                                    \
    } while (0)
    GROW(start);
    GROW(end);
    GROW(cand);
    GROW(gain);
    GROW(heap);
    GROW(n_live);
    GROW(live);
#undef GROW
    for (int i = b->node_cap; i < cap; i++)
        b->live[i] = NULL;
    b->node_cap = cap;
    return 0;
}

/* The weighted size of counts (class weights on). */
static double weighted_size(const DtreeBuilder *b, const int *counts)
{
    double w = 0.0;
    for (int q = 0; q < b->k; q++)
        w += (double)b->cfg.cw[q] * counts[q];
    return w;
}

/* n I(node) - (n_L I_L + n_R I_R) over the root's size: from integer counts
 * (n: the node's weighted size), or, with class weights, from the weighted
 * counts (the proxy is then weighted too: dtree_split.c). */
static double split_gain(const DtreeBuilder *b, const int *counts, int nw, double proxy)
{
    double n = nw, node_term, children, total = b->n_total;
    if (b->cfg.cw) {
        n = weighted_size(b, counts);
        total = weighted_size(b, dtree_node_counts(b->tree, 0));
        node_term = n * dtree_impurity_w(b->cfg.criterion, counts, b->cfg.cw, b->k);
        children = b->cfg.criterion == DTREE_GINI ? n - proxy : -proxy;
    } else if (b->cfg.criterion == DTREE_GINI) {
        double sq = 0.0;
        for (int q = 0; q < b->k; q++)
            sq += (double)counts[q] * counts[q];
        node_term = n - sq / n;
        children = n - proxy;
    } else {
        double e2 = 0.0;
        for (int q = 0; q < b->k; q++)
            e2 += b->xlogx[counts[q]];
        node_term = b->xlogx[nw] - e2;
        children = -proxy;
    }
    double g = (node_term - children) / (total > 0.0 ? total : 1.0);
    return g > 0.0 ? g : 0.0;
}

/* Add a node over [s, e) with these counts and live features (the node
 * takes ownership of live), search its split, and queue it when it has one.
 * Returns the id or -1. */
static int add_and_queue(DtreeBuilder *b, int parent, int depth, int s, int e, const int *counts,
                         int *live, int n_live, Error *err)
{
    int id = dtree_priv_tree_add_node(b->tree, parent, depth, counts, err);
    if (id < 0 || builder_reserve(b, b->tree->n_nodes, err) < 0) {
        free(live);
        return -1;
    }
    b->start[id] = s;
    b->end[id] = e;
    b->live[id] = live;
    b->n_live[id] = n_live;
    if (!dtree_priv_find_split(b, id)) {
        free(b->live[id]); /* a leaf for good */
        b->live[id] = NULL;
        return id;
    }
    const Cand *c = &b->cand[id];
    b->gain[id] = split_gain(b, counts, b->tree->nodes[id].n_samples, c->proxy);
    heap_push(b, id);
    return id;
}


void dtree_builder_free(DtreeBuilder *b)
{
    if (!b)
        return;
    if (b->col)
        for (int j = 0; j < b->d; j++)
            free(b->col[j]);
    free(b->col);
    free(b->rows);
    free(b->y);
    free(b->w);
    free(b->mask);
    free(b->xlogx);
    free(b->start);
    free(b->end);
    free(b->cand);
    free(b->gain);
    if (b->live)
        for (int i = 0; i < b->node_cap; i++)
            free(b->live[i]);
    free(b->live);
    free(b->n_live);
    free(b->heap);
    free(b->draw);
    free(b->feats);
    free(b->fbest);
    free(b->gone);
    for (int t = 0; t < b->n_ws; t++) {
        free(b->ws[t].hist);
        free(b->ws[t].seen);
        free(b->ws[t].left);
        free(b->ws[t].pairs);
        free(b->ws[t].part);
        free(b->ws[t].rhist);
        free(b->ws[t].rseen);
    }
    free(b->ws);
    free(b->blk);
    free(b->loc);
    free(b);
}

/* Byte-backed data (by_row): the columns [j0, j0 + 64) of the sample's
 * code rows, in tiles of 64 rows x 64 features so that both sides stay in
 * cache.  Features constant in the data have no column. */
static void gather_row_tile(DtreeBuilder *b, int j0, const int *rows)
{
    const uint8_t *src = b->data->row_codes;
    size_t d = (size_t)b->d;
    int n = b->n_rows, j1 = j0 + 64 < b->d ? j0 + 64 : b->d;
    for (int i0 = 0; i0 < n; i0 += 64) {
        int i1 = i0 + 64 < n ? i0 + 64 : n;
        for (int j = j0; j < j1; j++) {
            uint8_t *dst = b->col[j];
            if (!dst)
                continue;
            for (int i = i0; i < i1; i++)
                dst[i] = src[(size_t)(rows ? rows[i] : i) * d + (size_t)j];
        }
    }
}

/* b->col[j][i] = data code of feature j at sample row rows[i] (nothing for
 * a feature without a column). */
static void gather_column(DtreeBuilder *b, int j, const int *rows)
{
    const DtreeData *data = b->data;
    int n = b->n_rows;
    if (!b->col[j])
        return;
#define GATHER(T)                                                         \
    do {                                                                  \
        const T *src = (const T *)data->codes[j];                        \
        T *dst = (T *)b->col[j];                                          \
        if (!rows)                                                        \
            memcpy(dst, src, (size_t)n * sizeof(T));                      \
        else                                                              \
            for (int i = 0; i < n; i++)                                   \
                dst[i] = src[rows[i]];                                    \
    } while (0)
    switch (data->width[j]) {
    case 1: GATHER(uint8_t); break;
    case 2: GATHER(uint16_t); break;
    default: GATHER(uint32_t); break;
    }
#undef GATHER
}

typedef struct GatherJob {
    DtreeBuilder *b;
    const int *rows;
} GatherJob;

static void gather_item(void *ctx, int j, int worker)
{
    (void)worker;
    GatherJob *job = ctx;
    if (job->b->data->by_row)
        gather_row_tile(job->b, j * 64, job->rows); /* item j: a tile of 64 */
    else
        gather_column(job->b, j, job->rows);
}

/* Weights of at least 1, summing to at most 2^30 (the counts are ints). */
static int check_weights(const int *weights, int count, Error *err)
{
    long total = 0;
    for (int i = 0; i < count; i++) {
        if (weights[i] < 1)
            return error_set(err, ERR_INTERNAL, "sample weight %d is below 1", weights[i]);
        total += weights[i];
    }
    if (total > (1L << 30))
        return error_set(err, ERR_DATA, "the sample is too large (%ld rows)", total);
    return 0;
}

static int check_rows(const DtreeData *data, const int *rows, const int *weights, int count,
                      Error *err)
{
    if (count < 1)
        return error_set(err, ERR_DATA, "a tree needs at least one training row");
    if (weights && !rows)
        return error_set(err, ERR_INTERNAL, "sample weights need their rows");
    for (int i = 0; rows && i < count; i++)
        if (rows[i] < 0 || rows[i] >= data->n)
            return error_set(err, ERR_INTERNAL, "sample row %d is outside the data", rows[i]);
    return weights ? check_weights(weights, count, err) : 0;
}

/* The config with its floors, the random numbers, the sizes. */
static void builder_setup(DtreeBuilder *b, const DtreeData *data, const DtreeConfig *cfg,
                          int count, const Rng *rng, Dtree *out)
{
    b->data = data;
    b->cfg = *cfg;
    if (b->cfg.min_samples_leaf < 1)
        b->cfg.min_samples_leaf = 1;
    if (b->cfg.min_samples_split < 2)
        b->cfg.min_samples_split = 2;
    if (rng)
        b->rng = *rng;
    else
        rng_seed(&b->rng, 0);
    b->tree = out;
    b->k = data->n_classes;
    b->d = data->d;
    b->n_rows = count;
    b->n_total = count;
    /* Gather when a node tries under a quarter of the features. */
    b->gathered = cfg->max_features > 0 && (long)cfg->max_features * 4 < b->d;
}

/* The builder's own copy of the sample: its labels, and either its row
 * numbers (gathered) or its columns (filled later by gather_item). */
static int copy_weights(DtreeBuilder *b, const int *weights, int count)
{
    if (!(b->w = malloc((size_t)count * sizeof *b->w)))
        return -1;
    b->n_total = 0;
    for (int i = 0; i < count; i++)
        b->n_total += b->w[i] = weights[i];
    return 0;
}

/* The copied layout's columns: none for a feature with one value in the
 * data (it is never searched nor partitioned: dtree_builder_step). */
static int alloc_columns(DtreeBuilder *b, int count)
{
    for (int j = 0; j < b->d; j++)
        if (b->data->n_values[j] > 1 &&
            !(b->col[j] = malloc((size_t)count * b->data->width[j])))
            return -1;
    return 0;
}

static int alloc_sample(DtreeBuilder *b, const int *rows, int count)
{
    b->col = calloc((size_t)b->d, sizeof *b->col);
    b->y = malloc((size_t)count * sizeof *b->y);
    b->mask = malloc((size_t)count);
    b->xlogx = malloc(((size_t)b->n_total + 1) * sizeof *b->xlogx);
    b->draw = malloc((size_t)b->d * sizeof *b->draw);
    b->feats = malloc((size_t)b->d * sizeof *b->feats);
    b->fbest = malloc((size_t)b->d * sizeof *b->fbest);
    if (!b->col || !b->y || !b->mask || !b->xlogx || !b->draw || !b->feats || !b->fbest)
        return -1;
    if (!b->gathered)
        return alloc_columns(b, count);
    if (!(b->rows = malloc((size_t)count * sizeof *b->rows)))
        return -1;
    for (int i = 0; i < count; i++)
        b->rows[i] = rows ? rows[i] : i;
    return 0;
}

/* Labels of the sample, the table c log2 c, and the columns (when not
 * gathered), copied on nt threads. */
static void fill_sample(DtreeBuilder *b, const int *rows, int count, int nt)
{
    for (int i = 0; i < count; i++)
        b->y[i] = b->data->y[rows ? rows[i] : i];
    b->xlogx[0] = 0.0;
    for (int c = 1; c <= b->n_total; c++)
        b->xlogx[c] = c * log2((double)c);
    if (!b->gathered) {
        GatherJob job = { b, rows };
        int items = b->data->by_row ? (b->d + 63) / 64 : b->d;
        dtree_parallel_for((long)count * b->d >= PARALLEL_MIN_WORK ? nt : 1, items, gather_item,
                           &job);
    }
}

static int workspace_alloc(Workspace *w, int count, int max_bins, int k, bool needs_sort)
{
    w->hist = calloc((size_t)2 * (size_t)max_bins * (size_t)k, sizeof *w->hist);
    w->seen = calloc((size_t)max_bins + 8, 1);
    w->left = calloc((size_t)k, sizeof *w->left);
    w->part = malloc((size_t)count * sizeof(uint32_t));
    if (needs_sort)
        w->pairs = malloc((size_t)count * sizeof *w->pairs);
    return !w->hist || !w->seen || !w->left || !w->part || (needs_sort && !w->pairs) ? -1 : 0;
}

/* One workspace per thread, sized for the widest histogram and, when some
 * feature is searched by sorting, the sort's pairs. */
static int alloc_workspaces(DtreeBuilder *b, int count, int nt)
{
    bool needs_sort = false;
    int max_bins = 1;
    for (int j = 0; j < b->d; j++) {
        if (!uses_histogram(b->data, j))
            needs_sort = true;
        else if (b->data->n_codes[j] > max_bins)
            max_bins = b->data->n_codes[j];
    }
    b->n_ws = nt;
    b->ws = calloc((size_t)b->n_ws, sizeof *b->ws);
    b->gone = calloc((size_t)b->d, 1);
    if (!b->ws || !b->gone)
        return -1;
    for (int t = 0; t < b->n_ws; t++)
        if (workspace_alloc(&b->ws[t], count, max_bins, b->k, needs_sort) < 0)
            return -1;
    return 0;
}

/* The block for small nodes (dtree_internal.h), when the data has codes by
 * row and the tree is grown on one thread trying few features per node. */
static bool wants_block(const DtreeBuilder *b, int nt)
{
    return b->gathered && b->data->row_codes && nt == 1 &&
           b->cfg.max_features <= ROW_MAX_FEATURES;
}

static int alloc_block(DtreeBuilder *b, int count, int nt)
{
    if (!wants_block(b, nt))
        return 0;
    long cap = BLOCK_BYTES / b->d;
    b->blk_cap = (int)(cap < BLOCK_MIN_ROWS ? BLOCK_MIN_ROWS : cap > count ? count : cap);
    b->blk = malloc((size_t)b->blk_cap * (size_t)b->d);
    b->loc = malloc((size_t)count * sizeof *b->loc);
    Workspace *w = &b->ws[0];
    w->rhist = calloc((size_t)ROW_MAX_FEATURES * ROW_BINS * (size_t)b->k, sizeof *w->rhist);
    w->rseen = calloc((size_t)ROW_MAX_FEATURES * ROW_SEEN, 1);
    return !b->blk || !b->loc || !w->rhist || !w->rseen ? -1 : 0;
}

void dtree_priv_block_cover(DtreeBuilder *b, int s, int e)
{
    if (b->blk_s <= s && e <= b->blk_e)
        return;
    const uint8_t *src = b->data->row_codes;
    size_t d = (size_t)b->d;
    for (int i = s; i < e; i++) {
        memcpy(b->blk + (size_t)(i - s) * d, src + (size_t)b->rows[i] * d, d);
        b->loc[i] = i - s;
    }
    b->blk_s = s;
    b->blk_e = e;
}

/* dtree_builder_new with weights (see dtree_grow_weighted). */
static DtreeBuilder *builder_new(const DtreeData *data, const DtreeConfig *cfg, const int *rows,
                                 const int *weights, int count, const Rng *rng, Dtree *out,
                                 Error *err)
{
    if (!rows)
        count = data->n;
    if (check_rows(data, rows, weights, count, err) < 0)
        return NULL;
    DtreeBuilder *b = calloc(1, sizeof *b);
    if (!b) {
        error_set(err, ERR_NOMEM, "out of memory for the tree builder");
        return NULL;
    }
    builder_setup(b, data, cfg, count, rng, out);
    int nt = builder_threads(cfg);
    if ((weights && copy_weights(b, weights, count) < 0) || alloc_sample(b, rows, count) < 0) {
        dtree_builder_free(b);
        error_set(err, ERR_NOMEM, "out of memory for the tree builder");
        return NULL;
    }
    fill_sample(b, rows, count, nt);
    if (alloc_workspaces(b, count, nt) < 0 || alloc_block(b, count, nt) < 0) {
        dtree_builder_free(b);
        error_set(err, ERR_NOMEM, "out of memory for the tree builder");
        return NULL;
    }
    dtree_free(out); /* a tree from an earlier (or cancelled) build */
    dtree_priv_tree_reset(out, b->d, b->k, cfg->criterion);
    out->cw = cfg->cw; /* its predictions weigh the classes as the search did */
    return b;
}

DtreeBuilder *dtree_builder_new(const DtreeData *data, const DtreeConfig *cfg, const int *rows,
                                int count, const Rng *rng, Dtree *out, Error *err)
{
    return builder_new(data, cfg, rows, NULL, count, rng, out, err);
}

int dtree_builder_pending(const DtreeBuilder *b)
{
    return b->started ? b->n_heap : 1;
}

/* Stable partition of col[0..m) by mask (1 first), through scratch tmp.
 * Branch-free: every value is written to both places, the cursors advance
 * by the mask. */
#define DEFINE_PARTITION(NAME, T)                                         \
    static void NAME(T *col, T *tmp, const uint8_t *mask, int m)          \
    {                                                                     \
        int l = 0, r = 0;                                                 \
        for (int i = 0; i < m; i++) {                                     \
            T v = col[i];                                                 \
            col[l] = v; /* l <= i: never ahead of the reading */          \
            tmp[r] = v;                                                   \
            l += mask[i];                                                 \
            r += 1 - mask[i];                                             \
        }                                                                 \
        memcpy(col + l, tmp, (size_t)r * sizeof(T));                      \
    }
DEFINE_PARTITION(partition_u8, uint8_t)
DEFINE_PARTITION(partition_u16, uint16_t)
DEFINE_PARTITION(partition_u32, uint32_t)
DEFINE_PARTITION(partition_int, int)
#undef DEFINE_PARTITION

static void partition_feature(DtreeBuilder *b, Workspace *ws, int j, int s, int m)
{
    switch (b->data->width[j]) {
    case 1: partition_u8((uint8_t *)b->col[j] + s, ws->part, b->mask, m); break;
    case 2: partition_u16((uint16_t *)b->col[j] + s, ws->part, b->mask, m); break;
    default: partition_u32((uint32_t *)b->col[j] + s, ws->part, b->mask, m); break;
    }
}

typedef struct PartitionJob {
    DtreeBuilder *b;
    const int *live;
    int s, m;
} PartitionJob;

static void partition_item(void *ctx, int q, int worker)
{
    PartitionJob *job = ctx;
    partition_feature(job->b, &job->b->ws[worker], job->live[q], job->s, job->m);
}

/* mark_sides for a big node of byte-backed data: its codes read from the
 * matrix's rows, which are far apart, so fetched a few rows ahead. */
static int mark_rows(DtreeBuilder *b, const Cand *c, int s, int m, int *cl)
{
    const uint8_t *src = b->data->row_codes + c->feature;
    const int *rows = b->rows + s;
    size_t d = (size_t)b->d;
    int nl = 0;
    for (int i = 0; i < m; i++) {
        if (i + 8 < m)
            __builtin_prefetch(src + (size_t)rows[i + 8] * d, 0, 1);
        uint8_t go_left = src[(size_t)rows[i] * d] <= c->code;
        b->mask[i] = go_left;
        nl += go_left;
        cl[b->y[s + i]] += go_left * (b->w ? b->w[s + i] : 1);
    }
    return nl;
}

/* Mark the node's rows [s, s + m) that go left (b->mask), count their
 * classes into cl (weighted); returns how many positions go left. */
static int mark_sides(DtreeBuilder *b, const Cand *c, int s, int m, int *cl)
{
    int nl = 0;
    if (b->blk && b->blk_s <= s && s + m <= b->blk_e) {
        /* in the block: the codes are at hand */
        const uint8_t *col = b->blk + c->feature;
        size_t d = (size_t)b->d;
        for (int i = 0; i < m; i++) {
            uint8_t go_left = col[(size_t)b->loc[s + i] * d] <= c->code;
            b->mask[i] = go_left;
            nl += go_left;
            cl[b->y[s + i]] += go_left * (b->w ? b->w[s + i] : 1);
        }
        return nl;
    }
    if (b->gathered && b->data->by_row)
        return mark_rows(b, c, s, m, cl);
    for (int i = 0; i < m; i++) {
        uint8_t go_left = col_code(b, c->feature, s + i) <= c->code;
        b->mask[i] = go_left;
        nl += go_left;
        if (go_left)
            cl[b->y[s + i]] += b->w ? b->w[s + i] : 1;
    }
    return nl;
}

/* The block after the node's rows [s, s + m) were partitioned: when it
 * holds them, its row numbers follow; when it holds only some (a block of a
 * descendant), it no longer matches.  Then it holds the node's rows, for
 * both children, when they fit. */
static void block_partition(DtreeBuilder *b, int s, int m)
{
    if (b->blk_s <= s && s + m <= b->blk_e)
        partition_int(b->loc + s, b->ws[0].part, b->mask, m);
    else if (s < b->blk_e && b->blk_s < s + m)
        b->blk_e = b->blk_s;
    if (m <= b->blk_cap)
        dtree_priv_block_cover(b, s, s + m);
}

/* Reorder the node's rows [s, s + m) by b->mask: the left ones first, in
 * every live column (or the row list) and the labels. */
static void partition_rows(DtreeBuilder *b, int *live, int n_live, int s, int m)
{
    if (b->gathered) {
        partition_int(b->rows + s, b->ws[0].part, b->mask, m);
        if (b->blk)
            block_partition(b, s, m);
    } else {
        int nt = builder_threads(&b->cfg);
        PartitionJob job = { b, live, s, m };
        dtree_parallel_for((long)m * n_live >= PARALLEL_MIN_WORK ? nt : 1, n_live,
                           partition_item, &job);
    }
    partition_int(b->y + s, b->ws[0].part, b->mask, m);
    if (b->w)
        partition_int(b->w + s, b->ws[0].part, b->mask, m);
}

/* Node id becomes the test of candidate c with children left and right. */
static void record_split(DtreeBuilder *b, int id, const Cand *c, int left, int right, int nl,
                         int nr, DtreeSplit *info)
{
    Dtree *t = b->tree;
    DtreeNode *nd = &t->nodes[id];
    nd->feature = c->feature;
    nd->threshold = c->threshold;
    nd->left = left;
    nd->right = right;
    nd->split_order = ++t->n_splits;
    t->n_leaves--; /* it was a leaf; its two children were counted */
    t->last_split = id;
    if (!info)
        return;
    info->node = id;
    info->feature = c->feature;
    info->threshold = c->threshold;
    info->n_samples = nd->n_samples;
    info->n_left = nl;
    info->n_right = nr;
    info->impurity = nd->impurity;
    info->impurity_left = t->nodes[left].impurity;
    info->impurity_right = t->nodes[right].impurity;
    info->gain = b->gain[id];
}

/* Split node id as its candidate says: partition its segment of every live
 * column stably, count the left classes, add both children and queue them. */
static int split_node(DtreeBuilder *b, int id, DtreeSplit *info, Error *err)
{
    Dtree *t = b->tree;
    const Cand c = b->cand[id];
    int s = b->start[id], e = b->end[id], m = e - s, k = b->k;
    int *live = b->live[id], n_live = b->n_live[id];
    b->live[id] = NULL;
    int *cl = calloc((size_t)k * 2, sizeof *cl);
    int *live_r = malloc((size_t)(n_live ? n_live : 1) * sizeof *live_r);
    if (!cl || !live_r) {
        free(cl);
        free(live_r);
        free(live);
        return error_set(err, ERR_NOMEM, "out of memory splitting a node");
    }
    memcpy(live_r, live, (size_t)n_live * sizeof *live_r);
    int *cr = cl + k;
    int nl = mark_sides(b, &c, s, m, cl);
    partition_rows(b, live, n_live, s, m);
    const int *total = dtree_node_counts(t, id);
    for (int q = 0; q < k; q++)
        cr[q] = total[q] - cl[q];
    int depth = t->nodes[id].depth + 1;
    int left = add_and_queue(b, id, depth, s, s + nl, cl, live, n_live, err);
    int right = left < 0 ? -1 : add_and_queue(b, id, depth, s + nl, e, cr, live_r, n_live, err);
    if (left < 0)
        free(live_r);
    free(cl);
    if (left < 0 || right < 0)
        return -1;
    int wl = t->nodes[left].n_samples; /* weighted sizes for the report */
    record_split(b, id, &c, left, right, wl, t->nodes[id].n_samples - wl, info);
    return 0;
}

int dtree_builder_step(DtreeBuilder *b, DtreeSplit *info, Error *err)
{
    if (trace_cancelled(b->cfg.cancel))
        return error_set(err, ERR_CANCELLED, "cancelled");
    if (!b->started) {
        b->started = true;
        int *counts = calloc((size_t)b->k, sizeof *counts);
        int *live = malloc((size_t)b->d * sizeof *live);
        if (!counts || !live) {
            free(counts);
            free(live);
            return error_set(err, ERR_NOMEM, "out of memory for the root");
        }
        for (int i = 0; i < b->n_rows; i++)
            counts[b->y[i]] += b->w ? b->w[i] : 1;
        /* Features with one value in the whole data are never live. */
        int n_live = 0;
        for (int j = 0; j < b->d; j++)
            if (b->data->n_values[j] > 1)
                live[n_live++] = j;
        int root = add_and_queue(b, -1, 0, 0, b->n_rows, counts, live, n_live, err);
        free(counts);
        if (root < 0)
            return -1;
    }
    if (b->n_heap == 0)
        return 0;
    int id = heap_pop(b);
    if (split_node(b, id, info, err) < 0)
        return -1;
    return 1;
}

int dtree_grow(const DtreeData *data, const DtreeConfig *cfg, const int *rows, int count,
               const Rng *rng, Dtree *out, Error *err)
{
    return dtree_grow_weighted(data, cfg, rows, NULL, count, rng, out, err);
}

int dtree_grow_weighted(const DtreeData *data, const DtreeConfig *cfg, const int *rows,
                        const int *weights, int count, const Rng *rng, Dtree *out, Error *err)
{
    DtreeBuilder *b = builder_new(data, cfg, rows, weights, count, rng, out, err);
    if (!b)
        return -1;
    int r;
    while ((r = dtree_builder_step(b, NULL, err)) > 0)
        ;
    dtree_builder_free(b);
    if (r < 0)
        return -1;
    dtree_priv_tree_shrink(out);
    return 0;
}
