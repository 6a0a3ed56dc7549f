/* algorithms/dtree_internal.h - private to the decision tree's files
 * (dtree.c, dtree_data.c, dtree_split.c, dtree_build.c): the tuning
 * constants, the builder's layout (struct DtreeBuilder and its per-node
 * candidates and per-thread scratch), the small inline accessors the split
 * search and the builder share, and the tree helpers the builder calls.
 * Not part of the public interface: include dtree.h instead. */
#ifndef MLLAB_DTREE_INTERNAL_H
#define MLLAB_DTREE_INTERNAL_H

#include "dtree.h"

/* Features with more distinct values than this use the sorting path. */
#define HIST_MAX_BINS 4096
/* ...and so do those whose histogram (bins x classes) would exceed this. */
#define HIST_MAX_CELLS (1 << 20)
/* A node's split search and partition use several threads only when the
 * node has at least this many row-feature cells: a parallel region costs a
 * wake-up and a barrier, which on a busy machine (a core taken by another
 * process) can stall for a time slice, so only big nodes are worth it. */
#define PARALLEL_MIN_WORK 2000000L

/* ---- the tree (dtree.c) ------------------------------------------------ */

/* Reset t to an empty tree for k classes and d features. */
void dtree_priv_tree_reset(Dtree *t, int d, int k, DtreeCriterion crit);
/* Append a leaf with these class counts; returns its id or -1. */
int dtree_priv_tree_add_node(Dtree *t, int parent, int depth, const int *counts, Error *err);
/* Give back the unused tail of the node arrays (forests keep many trees). */
void dtree_priv_tree_shrink(Dtree *t);

/* ======================================================================
 * The builder
 *
 * Layout.  The rows of every node are one contiguous segment [start, end)
 * of the builder's arrays (its classes y, and either of):
 *   - "copied" (a tree that tries every feature): the builder keeps its own
 *     copy of the codes, column by column, in node order, so the split
 *     search reads each feature of a node sequentially.  A split partitions
 *     the node's segment of every column stably (left rows first).
 *     Features already known to be constant in a node (found constant in it
 *     or an ancestor) are neither searched nor partitioned in its subtree:
 *     their values there are all equal, so their order does not matter.
 *   - "gathered" (a forest tree trying a few features per node): only the
 *     row numbers are kept in node order and the search gathers the codes
 *     of the features it tries from the shared data.  Partitioning every
 *     column would cost far more than searching a handful of them, and no
 *     copy of the codes is needed.
 *
 * Small nodes (gathered, one thread, byte codes, DtreeData.row_codes).  A
 * node's rows are a few of the data's n, so gathering a feature of them
 * from its column costs one cache miss per row: deep in a tree that is
 * most of the work.  A node of at most blk_cap positions instead gets a
 * local block: the whole code rows of its positions copied (one memcpy of
 * d bytes per row, from DtreeData.row_codes), small enough to stay in
 * cache, and loc[pos] says which block row holds position pos.  Its
 * descendants are searched from the same block (loc is partitioned with
 * the rows), so each row is copied about once per tree, not read from
 * main memory at every level.  One block at a time: a node outside it
 * gets a new one.  Growing depth first (cfg.depth_first, the forest)
 * finishes a block's subtree before it leaves it.
 *
 * Byte-backed data (DtreeData.by_row: the training matrix's bytes are the
 * codes, there are no columns).  Copied: the builder fills its columns
 * from the rows, in tiles.  Gathered: a node too big for a block is
 * searched the same way, one pass over its rows read from the matrix
 * itself (the lines its features lie in fetched a few rows ahead), and
 * partitioned from the matrix's rows too.
 * ====================================================================== */

/* The best split found for one pending node (or one feature of it). */
typedef struct Cand {
    bool valid;
    bool constant;      /* the feature has one value in the node */
    int feature;
    uint32_t code;      /* rows whose code <= this go left */
    uint32_t next;      /* the next code present in the node */
    double threshold;   /* between the values of code and next (set for the
                           node's best split only) */
    double proxy;       /* larger is better (see dtree_split.c) */
    int n_left;
} Cand;

/* Per-thread scratch for the split search and the partition. */
typedef struct Workspace {
    uint32_t *hist;     /* 2 x max_bins x K class counts per code */
    uint8_t *seen;      /* max_bins (+ 8 padding) flags: code present */
    int *left;          /* K */
    uint64_t *pairs;    /* sort path: (code << 32 | class) per row */
    void *part;         /* partition scratch: n_rows codes of 4 bytes */
    uint32_t *rhist;    /* block search: ROW_MAX_FEATURES x ROW_BINS x K */
    uint8_t *rseen;     /* block search: ROW_MAX_FEATURES x ROW_SEEN flags */
} Workspace;

/* The block search (see "Small nodes" above): at most this many features
 * per round, each with a histogram of ROW_BINS codes; the block holds at
 * most BLOCK_BYTES of codes (it should stay in the core's L2 cache), and
 * at least BLOCK_MIN_ROWS rows. */
#define ROW_MAX_FEATURES 64
#define ROW_BINS 256
#define ROW_SEEN (ROW_BINS + 8)
#define BLOCK_BYTES (2L << 20)
#define BLOCK_MIN_ROWS 64

struct DtreeBuilder {
    const DtreeData *data;
    DtreeConfig cfg;
    Rng rng;
    Dtree *tree;
    int k, d;
    int n_rows;          /* positions in the sample (rows, with repeats) */
    int *w;              /* n_rows weights in node order (times each row
                            was drawn), or NULL: every position counts 1 */
    int n_total;         /* the sample's size: the sum of the weights */
    bool gathered;       /* layout (see above): rows, not copied columns */
    int *rows;           /* gathered: n_rows data rows in node order */
    void **col;          /* copied: per feature, n_rows codes in node order */
    int *y;              /* n_rows classes in node order */
    uint8_t *mask;       /* 1 = goes left, for the node being split */
    double *xlogx;       /* c log2 c for c = 0..n_rows */
    int *start, *end;    /* per node: its segment */
    Cand *cand;          /* per node: its best split while pending */
    double *gain;        /* per node: the heap key */
    int **live;          /* per pending node: features not known constant */
    int *n_live;
    int node_cap;
    int *heap, n_heap;   /* pending node ids, max-heap on (gain, -id) */
    int *draw;           /* scratch: features to draw from (random subsets) */
    int *feats;          /* features of the current round */
    Cand *fbest;         /* per feature of the round: its best split */
    uint8_t *gone;       /* d flags, all 0 between uses: features to drop */
    Workspace *ws;
    int n_ws;
    bool started;
    uint8_t *blk;        /* small nodes: blk_cap code rows (NULL: unused) */
    int *loc;            /* n_rows: block row of each position in the block */
    int blk_cap;         /* most positions a block holds */
    int blk_s, blk_e;    /* the block holds positions [blk_s, blk_e) */
};

static inline int builder_threads(const DtreeConfig *cfg)
{
    return cfg->n_threads > 1 ? cfg->n_threads : 1;
}


/* The code of feature j for the row at position pos of the node order. */
static inline uint32_t col_code(const DtreeBuilder *b, int j, int pos)
{
    if (b->gathered && b->data->by_row)
        return b->data->row_codes[(size_t)b->rows[pos] * (size_t)b->d + (size_t)j];
    const void *src = b->gathered ? b->data->codes[j] : b->col[j];
    int at = b->gathered ? b->rows[pos] : pos;
    switch (b->data->width[j]) {
    case 1: return ((const uint8_t *)src)[at];
    case 2: return ((const uint16_t *)src)[at];
    default: return ((const uint32_t *)src)[at];
    }
}

static inline bool uses_histogram(const DtreeData *data, int j)
{
    return data->n_codes[j] <= HIST_MAX_BINS && (long)data->n_codes[j] * data->n_classes <=
                                                    HIST_MAX_CELLS;
}

/* Make the block hold positions [s, e) (at most blk_cap of them), unless it
 * holds them already (dtree_build.c). */
void dtree_priv_block_cover(DtreeBuilder *b, int s, int e);

/* ---- the split search (dtree_split.c) ----------------------------------- */

/* Find the best split of node id into b->cand[id]; true when there is one.
 * Also drops the features found constant from the node's live list. */
bool dtree_priv_find_split(DtreeBuilder *b, int id);

#endif
