/* algorithms/dtree.h - the CART decision tree classifier (algo_dtree), its
 * inspect functions for the views, and the tree builder that the random
 * forest reuses.
 *
 * Three layers:
 *   Dtree         a grown (or growing) tree: a flat array of nodes in the
 *                 order they were created, with the class counts of each.
 *                 This is what views read and what predicts.
 *   DtreeData     the training features recoded once as ranks among each
 *                 feature's distinct values (at most 256 distinct values:
 *                 one byte per cell), shared read-only by every tree built
 *                 on the same rows (a forest builds all its trees on one).
 *   DtreeBuilder  grows one Dtree on a list of rows of a DtreeData, one
 *                 split per call, best-first: the pending node whose split
 *                 lowers the weighted impurity the most goes first.
 *
 * Stepping: one step of algo_dtree is one node split.  Order: best-first by
 * the weighted impurity decrease  n_node/N * (I(node) - n_L/n I(L) - n_R/n
 * I(R)), ties to the node created first.  The finished tree does not depend
 * on the order; only the sequence the learner watches does.
 *
 * Threading: inspect functions and predict may be called from another
 * thread than step, but never at the same time as step; pointers into the
 * node array are valid until the next step (the array may grow). */
#ifndef MLLAB_DTREE_H
#define MLLAB_DTREE_H

#include <stdbool.h>
#include <stdint.h>

#include "algo.h"

extern const Algo algo_dtree;

/* ---- the tree: what views read -------------------------------------------- */

typedef enum { DTREE_GINI, DTREE_ENTROPY } DtreeCriterion;

typedef struct DtreeNode {
    double threshold;    /* x[feature] <= threshold goes left                 */
    double impurity;     /* gini or entropy (bits) of the node's samples      */
    int feature;         /* split feature, -1 for a leaf                      */
    int left, right;     /* children, -1 while the node is a leaf             */
    int parent;          /* -1 for the root (node 0)                          */
    int depth;           /* root = 0                                          */
    int n_samples;       /* training rows that reach it (with repeats in a
                            bootstrap sample)                                 */
    int prediction;      /* majority class, the lowest index on ties          */
    int split_order;     /* 1 for the first split made, 2 for the next ...;
                            0 while not split                                 */
} DtreeNode;

typedef struct Dtree {
    int n_features, n_classes;
    DtreeCriterion criterion;
    DtreeNode *nodes;    /* n_nodes, in creation order; node 0 is the root    */
    int *counts;         /* n_nodes x n_classes training class counts         */
    int n_nodes, cap;
    int n_leaves;        /* nodes without children                            */
    int depth;           /* deepest node's depth (0 for a single leaf)        */
    int n_splits;        /* splits made so far                                */
    int last_split;      /* node id of the newest split, -1 before the first  */
    /* Names for printing, borrowed from the model that owns the tree (may be
     * NULL: "x[3]" and "class 1" are used instead). */
    char *const *feature_names;
    char *const *class_names;
    /* Class weights (class_weight.h), borrowed from the owner like the names,
     * or NULL: impurities, the predicted class and the probabilities count a
     * row of class c as w_c rows (the counts stay row counts). */
    const float *cw;
} Dtree;

/* The tree of an algo_dtree model (the void * that algo_dtree.create gave). */
const Dtree *dtree_of(const void *model);
/* The same, to be filled in by a model being loaded (tree_io.c): its names
 * and class weights are set, its nodes are the loader's to replace. */
Dtree *dtree_tree_of(void *model);

static inline int dtree_node_count(const Dtree *t) { return t->n_nodes; }
static inline const DtreeNode *dtree_node(const Dtree *t, int id) { return &t->nodes[id]; }
/* The n_classes training class counts of node id. */
static inline const int *dtree_node_counts(const Dtree *t, int id)
{
    return t->counts + (size_t)id * (size_t)t->n_classes;
}
static inline bool dtree_node_is_leaf(const Dtree *t, int id) { return t->nodes[id].left < 0; }
/* The node split by the latest step (-1 before the first split). */
static inline int dtree_newest_split(const Dtree *t) { return t->last_split; }

/* Name of feature j / class c (the dataset's, or "x[j]" / "class c"); buf is
 * used only for the fallback. */
const char *dtree_feature_name(const Dtree *t, int j, char *buf, size_t size);
const char *dtree_class_name(const Dtree *t, int c, char *buf, size_t size);

/* The leaf that x (n_features values) falls into. */
int dtree_leaf_of(const Dtree *t, const float *x);
/* Class probabilities of x: the class fractions of its leaf (n_classes). */
void dtree_predict_proba(const Dtree *t, const float *x, float *probs);
/* sum[c] += the same fractions, c < n_classes: x's vote in a forest. */
void dtree_add_proba(const Dtree *t, const float *x, float *sum);
/* The same for a leaf already found (dtree_leaf_of). */
void dtree_add_leaf_proba(const Dtree *t, int leaf, float *sum);
/* The fraction of class c in these k class counts (n their sum), each
 * class weighted by cw[c] (cw NULL: none); 1/k when n is 0.  What a leaf
 * predicts. */
float dtree_counts_fraction(const int *counts, int n, const float *cw, int k, int c);

/* Node ids in the order dtree_render prints them: preorder, the left ("yes")
 * child before the right, nodes deeper than max_depth left out (max_depth
 * < 0: all).  Writes at most cap ids; returns how many there are. */
int dtree_preorder(const Dtree *t, int max_depth, int *ids, int cap);

typedef struct DtreeRenderOptions {
    int max_depth;       /* deeper nodes are summarised as "..."; < 0: all   */
    bool ascii;          /* "|--" instead of box-drawing characters          */
    bool mark_newest;    /* append "  <- newest" to the newest split          */
} DtreeRenderOptions;

/* The tree as text, exactly one line per node in dtree_preorder order (so
 * line i shows node ids[i]):
 *   worst radius <= 16.8  (gini 0.468, 455 samples, [169 286])
 *   ├─ yes: worst concave points <= 0.1358  (gini 0.159, 300 samples, [26 274])
 *   │  ├─ yes: benign  (gini 0.039, 253 samples, [5 248])
 *   │  └─ no:  ...
 *   └─ no:  malignant  (gini 0.1, 155 samples, [147 8])
 * Internal nodes show their question, leaves their predicted class; a node
 * whose subtree is cut by max_depth ends with "[+N nodes]".  opt may be
 * NULL (all nodes, Unicode, no mark). */
void dtree_render(const Dtree *t, const DtreeRenderOptions *opt, StrBuf *sb);

/* Append {"nodes": N, "leaves": L, "depth": D, "splits": S}. */
void dtree_summary_json(const Dtree *t, StrBuf *sb);

void dtree_free(Dtree *t);

/* ---- a grown tree kept small (dtree_slim.c) -------------------------------- */

/* What prediction needs of a tree grown by the builder: 16 bytes per node
 * and the class counts of the leaves (a Dtree keeps 48 bytes per node and
 * the counts of every node).  A forest keeps its trees so. */
typedef struct DtreeSlimNode {
    double threshold;    /* x[feature] <= threshold goes left               */
    int feature;         /* split feature, -1 for a leaf                    */
    int link;            /* the left child (the right one is next), or for
                            a leaf its index into counts                   */
} DtreeSlimNode;

typedef struct DtreeSlim {
    int n_nodes, n_leaves, depth, n_classes;
    DtreeSlimNode *node; /* n_nodes (one cache line holds four)             */
    int *counts;         /* n_leaves x n_classes training class counts      */
} DtreeSlim;

/* s = t kept small.  -1 (s empty) when t is empty, a split's right child is
 * not the node right after its left one, or out of memory. */
int dtree_slim_from(DtreeSlim *s, const Dtree *t);
/* The leaf (index into counts) that x falls into. */
int dtree_slim_leaf_of(const DtreeSlim *s, const float *x);
/* sum[c] += the class fractions of leaf (class weights cw, may be NULL). */
void dtree_slim_add_leaf_proba(const DtreeSlim *s, const float *cw, int leaf, float *sum);
/* out = the full tree again, as the builder grew it depth first (cfg
 * depth_first): node ids, sizes, impurities, counts of every node, split
 * order.  out must be zeroed or hold a tree (freed); its names and class
 * weights are kept (set them first: impurities and predictions use the
 * weights).  0, or -1 with err set. */
int dtree_slim_expand(const DtreeSlim *s, int n_features, DtreeCriterion crit, Dtree *out,
                      Error *err);
void dtree_slim_free(DtreeSlim *s); /* NULL-safe; leaves s empty */

/* ---- shared training data: features as ranks ------------------------------ */

typedef struct DtreeData {
    int n, d, n_classes;
    const int *y;        /* n class indices (borrowed from the training set) */
    int *n_values;       /* per feature: number of distinct values V_j       */
    int *n_codes;        /* per feature: every code is below this (the
                            histogram size): V_j for ranks, the largest byte
                            + 1 for byte codes (by_row)                      */
    float **values;      /* per feature: the value of each of its n_codes
                            codes, ascending (with ranks: the V_j distinct
                            values; with byte codes: q / byte_scale for
                            every q, present in the data or not)            */
    uint8_t *width;      /* per feature: bytes per code (1, 2 or 4)          */
    void **codes;        /* per feature: n codes (rank of the value in
                            values[j]), column by column; all NULL when
                            by_row                                          */
    void *code_block;    /* NULL, or the block holding the 1-byte columns  */
    uint8_t *row_codes;  /* NULL, or (dtree_data_add_row_codes) the same codes
                            row by row (n x d bytes) when every feature has
                            at most 256 values: a forest's small nodes read
                            the few features they try of a row from a few
                            cache lines instead of one line per feature     */
    bool by_row;         /* the training matrix is byte-backed (mat.h): the
                            codes are its bytes themselves (code q has value
                            q / byte_scale; the order of the values, so the
                            same splits as ranks), row_codes points into the
                            matrix (borrowed: train must outlive the data)
                            and there are no columns                        */
} DtreeData;

/* Recode the features of train (which must have class labels, no NaN).
 * n_threads > 1 recodes features in parallel.  Keeps a pointer to
 * train->y (and, byte-backed, to its bytes): train must outlive the data. */
DtreeData *dtree_data_new(const Dataset *train, int n_threads, Error *err);
void dtree_data_free(DtreeData *data);
/* dtree_leaf_of for training row i of data, read from its codes (each
 * code stands for the exact value: the same leaf as the row's features). */
int dtree_leaf_of_row(const Dtree *t, const DtreeData *data, int i);
/* Add data->row_codes when every feature has 1-byte codes (else nothing).
 * 0, or -1 out of memory (err set). */
int dtree_data_add_row_codes(DtreeData *data, Error *err);

/* ---- growing a tree ------------------------------------------------------- */

typedef struct DtreeConfig {
    DtreeCriterion criterion;
    int max_depth;          /* 0 = unlimited                                   */
    int min_samples_split;  /* nodes with fewer samples stay leaves (>= 2)     */
    int min_samples_leaf;   /* each child keeps at least this many (>= 1)      */
    int max_features;       /* features tried per node, drawn at random from
                               the builder's rng; <= 0 or >= d: all, in index
                               order (no randomness)                          */
    int n_threads;          /* threads for the search and partition of big
                               nodes (1: serial)                             */
    const Trace *cancel;    /* polled for cancellation (may be NULL)           */
    const float *cw;        /* class weights (borrowed; NULL: none): the split
                               search weighs each class's count by w_c, as
                               scikit-learn's class_weight                   */
    bool depth_first;       /* split the pending nodes last in, first out
                               instead of best first (a forest: nothing
                               limits the leaves, so the tree is as good, and
                               a subtree's rows stay in cache; the features
                               drawn at random come in another order)       */
} DtreeConfig;

/* What one split did: the numbers of the trace line. */
typedef struct DtreeSplit {
    int node;                       /* the node split                       */
    int feature;
    double threshold;
    int n_samples, n_left, n_right;
    double impurity, impurity_left, impurity_right;
    double gain;                    /* weighted impurity decrease, as a
                                       fraction of the root's samples       */
} DtreeSplit;

typedef struct DtreeBuilder DtreeBuilder;

/* Prepare to grow out on the rows listed in rows[0..count) (repeats
 * allowed: a bootstrap sample); rows NULL means all n rows once.  out must
 * be zeroed or hold an earlier tree (its nodes are freed, its names kept);
 * it stays the caller's.  rng is used only when cfg->max_features picks a
 * subset (it may be NULL otherwise); the builder keeps a copy. */
DtreeBuilder *dtree_builder_new(const DtreeData *data, const DtreeConfig *cfg, const int *rows,
                                int count, const Rng *rng, Dtree *out, Error *err);
/* Make one split.  Returns 1 after a split (info filled when not NULL), 0
 * when no node can be split any more (the tree is complete), -1 on error or
 * cancellation (err set, ERR_CANCELLED). */
int dtree_builder_step(DtreeBuilder *b, DtreeSplit *info, Error *err);
/* Splits the builder's tree would still make are pending (frontier size). */
int dtree_builder_pending(const DtreeBuilder *b);
void dtree_builder_free(DtreeBuilder *b);

/* Grow out completely: builder_new + step until done + free. */
int dtree_grow(const DtreeData *data, const DtreeConfig *cfg, const int *rows, int count,
               const Rng *rng, Dtree *out, Error *err);

/* The same with weights: row rows[i] counts weights[i] >= 1 times (a
 * bootstrap sample as its distinct rows and how often each was drawn: the
 * same tree as the rows listed with repeats, for less work).  weights NULL:
 * dtree_grow. */
int dtree_grow_weighted(const DtreeData *data, const DtreeConfig *cfg, const int *rows,
                        const int *weights, int count, const Rng *rng, Dtree *out, Error *err);

/* Cores to use when the user says 0 ("all"): the online CPUs, at most 64. */
int dtree_default_threads(void);

/* Run fn(ctx, item, worker) for item = 0..count-1 on up to n_threads
 * threads (the caller is one of them; at most 64).  worker in [0,
 * n_threads) tells which thread runs the item, for per-thread scratch.
 * Items are taken in increasing order from a shared counter; returns when
 * all are done.  Waiting threads block (no spinning). */
void dtree_parallel_for(int n_threads, int count, void (*fn)(void *ctx, int item, int worker),
                        void *ctx);

/* Impurity of a class-count vector (n = its sum). */
double dtree_impurity(DtreeCriterion c, const int *counts, int k);
/* The same with each class's count weighted by cw[c] (cw NULL: unweighted). */
double dtree_impurity_w(DtreeCriterion c, const int *counts, const float *cw, int k);

/* "gini" / "entropy" */
const char *dtree_criterion_name(DtreeCriterion c);

/* ---- what the tree and the forest models share ----------------------------- */

/* The parameters that limit how far a tree grows, the same for algo_dtree
 * and algo_random_forest (entries of a ParamSpec list). */
#define DTREE_GROWTH_LIMIT_PARAMS                                                              \
    { "max_depth", PARAM_INT, "0", 0, 10000, NULL,                                            \
      "deepest level a node may be split at (0 = grow until pure)" },                         \
    { "min_samples_split", PARAM_INT, "2", 2, 1e9, NULL,                                      \
      "a node with fewer training rows is not split" },                                       \
    { "min_samples_leaf", PARAM_INT, "1", 1, 1e9, NULL,                                       \
      "a split must leave at least this many rows on each side" }

/* Read criterion, max_depth, min_samples_split, min_samples_leaf and n_jobs
 * into cfg: n_threads = n_jobs, 0 meaning every core; max_features 0 (every
 * feature), cancel NULL. */
void dtree_config_read(DtreeConfig *cfg, const Params *params);

/* Can a tree be grown on train?  It needs class labels ("<name> is a
 * classifier: ..."), a row, and two classes present.  0, or -1 with err set
 * (ERR_DATA). */
int dtree_check_training_set(const Dataset *train, const char *name, Error *err);
/* Will n_trees trees grown under cfg on n rows of k classes fit the memory
 * budget (src/budget.h)?  A tree has at most min(2n - 1, 2^(max_depth+1) - 1)
 * nodes, each with k class counts.  -1 with ERR_DATA naming `name`, the
 * classes and the estimate when not (thousands of distinct labels). */
int dtree_check_budget(const DtreeConfig *cfg, int n, int k, int n_trees, const char *name,
                       Error *err);

/* A copy of n names (NULL entries stay NULL); NULL when src is NULL.  Sets
 * *oom when out of memory (the partial copy is still returned for
 * dtree_names_free). */
char **dtree_names_copy(char *const *src, int n, bool *oom);
void dtree_names_free(char **names, int n); /* NULL-safe */

#endif
