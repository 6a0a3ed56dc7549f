/* algorithms/tree_io.c - saving and loading decision trees and random
 * forests (model file format: model_io.h, docs/model-format.md).
 *
 * A dtree is a forest of one tree: the file holds, for T trees of N nodes
 * in all, the node count of each tree (nodes, T), its leaves, depth, splits
 * and newest split (tree_info, 4T), and one array per node field over the
 * N nodes, tree after tree, in creation order: feature, left, right,
 * parent, depth, n_samples, prediction, split_order (integers; child and
 * parent ids within the tree), threshold and impurity (float64), and the
 * training class counts (counts, N x classes).  Class weights, which shape
 * the predicted probabilities, are written as explicit class_weight=
 * weights in the header.
 *
 * Loading checks the shape of every tree before anything walks it: a child
 * comes after its parent and names it as its parent, one level deeper, a
 * split tests a feature of the data; a damaged file is refused, never
 * followed out of bounds or round in a loop. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dtree.h"
#include "model_io.h"
#include "random_forest.h"

typedef struct TreeCols {
    int T, N, k;
    int *nodes, *info;  /* T, 4T */
    int *f[8];          /* feature, left, right, parent, depth, n_samples, prediction,
                           split_order: N each */
    double *threshold, *impurity; /* N */
    int *counts;        /* N x k */
} TreeCols;

static const char *const FIELD[8] = { "feature", "left",       "right",      "parent",
                                      "depth",   "n_samples",  "prediction", "split_order" };
enum { F_FEATURE, F_LEFT, F_RIGHT, F_PARENT, F_DEPTH, F_SAMPLES, F_PREDICTION, F_ORDER };

static void cols_free(TreeCols *c)
{
    free(c->nodes);
    free(c->info);
    for (int i = 0; i < 8; i++)
        free(c->f[i]);
    free(c->threshold);
    free(c->impurity);
    free(c->counts);
    memset(c, 0, sizeof *c);
}

/* The per-node arrays for c->N nodes (c->nodes and c->info already set). */
static int cols_alloc_nodes(TreeCols *c, Error *err)
{
    size_t n = c->N > 0 ? (size_t)c->N : 1;
    bool ok = true;
    for (int i = 0; i < 8; i++)
        ok = (c->f[i] = malloc(n * sizeof(int))) != NULL && ok;
    c->threshold = malloc(n * sizeof(double));
    c->impurity = malloc(n * sizeof(double));
    c->counts = malloc(n * (size_t)c->k * sizeof(int));
    if (!ok || !c->threshold || !c->impurity || !c->counts)
        return error_set(err, ERR_NOMEM, "out of memory for the trees");
    return 0;
}

/* Every array of the file, with the values a valid tree can hold. */
static void cols_arrays(TreeCols *c, int d, ModelArrays *ma)
{
    size_t N = (size_t)c->N;
    static const int lo[8] = { -1, -1, -1, -1, 0, 0, 0, 0 };
    int hi[8] = { d - 1, INT_MAX, INT_MAX, INT_MAX, INT_MAX, INT_MAX, c->k - 1, INT_MAX };
    model_arrays_add_ints(ma, "nodes", (size_t)c->T, c->nodes, 1, INT_MAX);
    model_arrays_add_ints(ma, "tree_info", 4 * (size_t)c->T, c->info, -1, INT_MAX);
    for (int i = 0; i < 8; i++)
        model_arrays_add_ints(ma, FIELD[i], N, c->f[i], lo[i], hi[i]);
    model_arrays_add(ma, "threshold", MA_F64, N, c->threshold);
    model_arrays_add(ma, "impurity", MA_F64, N, c->impurity);
    model_arrays_add_ints(ma, "counts", N * (size_t)c->k, c->counts, 0, INT_MAX);
}

/* Node j of the columns from node nd of a tree. */
static void put_node(TreeCols *c, int j, const DtreeNode *nd, const int *counts)
{
    int v[8] = { nd->feature, nd->left,      nd->right,      nd->parent,
                 nd->depth,   nd->n_samples, nd->prediction, nd->split_order };
    for (int i = 0; i < 8; i++)
        c->f[i][j] = v[i];
    c->threshold[j] = nd->threshold;
    c->impurity[j] = nd->impurity;
    memcpy(c->counts + (size_t)j * c->k, counts, (size_t)c->k * sizeof(int));
}

/* Tree i of a model being saved (a forest's may be expanded from its slim
 * form: valid until the next call), or NULL out of memory. */
typedef const Dtree *(*TreeOf)(const void *model, int i);

static const Dtree *the_dtree(const void *model, int i)
{
    (void)i;
    return dtree_of(model);
}

static const Dtree *forest_tree_of(const void *model, int i)
{
    return forest_tree(forest_of(model), i);
}

/* The columns of the model's T trees, tree_of(model, t) one at a time. */
static int cols_from_trees(TreeOf tree_of, const void *model, int T, TreeCols *c, Error *err)
{
    memset(c, 0, sizeof *c);
    c->T = T;
    c->nodes = malloc((size_t)T * sizeof(int));
    c->info = malloc(4 * (size_t)T * sizeof(int));
    if (!c->nodes || !c->info)
        return error_set(err, ERR_NOMEM, "out of memory for the trees");
    for (int t = 0; t < T; t++) {
        const Dtree *tr = tree_of(model, t);
        if (!tr)
            return error_set(err, ERR_NOMEM, "out of memory for the trees");
        c->k = tr->n_classes;
        c->nodes[t] = tr->n_nodes;
        c->N += tr->n_nodes;
        int info[4] = { tr->n_leaves, tr->depth, tr->n_splits, tr->last_split };
        memcpy(c->info + 4 * t, info, sizeof info);
    }
    if (cols_alloc_nodes(c, err) < 0)
        return -1;
    for (int t = 0, j = 0; t < T; t++) {
        const Dtree *tr = tree_of(model, t);
        if (!tr)
            return error_set(err, ERR_NOMEM, "out of memory for the trees");
        for (int i = 0; i < tr->n_nodes; i++, j++)
            put_node(c, j, &tr->nodes[i], dtree_node_counts(tr, i));
    }
    return 0;
}

/* Is child (of n nodes) a child of node i: after it, naming it as its
 * parent, one level deeper? */
static bool child_fits(const TreeCols *c, int o, int i, int child, int n)
{
    const int *parent = c->f[F_PARENT] + o, *depth = c->f[F_DEPTH] + o;
    return child > i && child < n && parent[child] == i && depth[child] == depth[i] + 1;
}

/* The root has no parent and depth 0; any other node's parent is before it. */
static bool parent_fits(const TreeCols *c, int o, int i)
{
    int parent = c->f[F_PARENT][o + i];
    if (i == 0)
        return parent == -1 && c->f[F_DEPTH][o] == 0;
    return parent >= 0 && parent < i;
}

/* Is node i (of n, columns from offset o) where a tree can have it? */
static bool node_fits(const TreeCols *c, int o, int i, int n)
{
    int left = c->f[F_LEFT][o + i], right = c->f[F_RIGHT][o + i];
    if (!parent_fits(c, o, i))
        return false;
    if (left < 0 || right < 0)
        return left < 0 && right < 0;
    return c->f[F_FEATURE][o + i] >= 0 && left != right && child_fits(c, o, i, left, n) &&
           child_fits(c, o, i, right, n);
}

/* Tree t (its nodes from offset o) into out, after checking its shape. */
static int tree_from_cols(const TreeCols *c, int t, int o, Dtree *out, Error *err)
{
    int n = c->nodes[t];
    const int *info = c->info + 4 * t;
    for (int i = 0; i < n; i++)
        if (!node_fits(c, o, i, n))
            return error_set(err, ERR_DATA, "corrupt model file: node %d of tree %d is not "
                                            "where a tree can have it", i, t + 1);
    if (info[3] >= n)
        return error_set(err, ERR_DATA, "corrupt model file: tree %d's newest split", t + 1);
    free(out->nodes);
    free(out->counts);
    out->nodes = calloc((size_t)n, sizeof *out->nodes);
    out->counts = malloc((size_t)n * (size_t)c->k * sizeof *out->counts);
    if (!out->nodes || !out->counts)
        return error_set(err, ERR_NOMEM, "out of memory for the trees");
    for (int i = 0; i < n; i++) {
        int j = o + i;
        out->nodes[i] = (DtreeNode){ c->threshold[j], c->impurity[j], c->f[F_FEATURE][j],
                                     c->f[F_LEFT][j], c->f[F_RIGHT][j], c->f[F_PARENT][j],
                                     c->f[F_DEPTH][j], c->f[F_SAMPLES][j],
                                     c->f[F_PREDICTION][j], c->f[F_ORDER][j] };
    }
    memcpy(out->counts, c->counts + (size_t)o * c->k, (size_t)n * c->k * sizeof(int));
    out->n_nodes = out->cap = n;
    out->n_leaves = info[0];
    out->depth = info[1];
    out->n_splits = info[2];
    out->last_split = info[3];
    return 0;
}

/* The saved columns of T trees over d features and k classes. */
static int cols_read(const ModelLoad *ml, int T, TreeCols *c, Error *err)
{
    memset(c, 0, sizeof *c);
    c->T = T;
    c->k = ml->classes;
    c->nodes = malloc((size_t)T * sizeof(int));
    c->info = malloc(4 * (size_t)T * sizeof(int));
    if (!c->nodes || !c->info)
        return error_set(err, ERR_NOMEM, "out of memory for the trees");
    ModelArrays head = { 0 };
    model_arrays_add_ints(&head, "nodes", (size_t)T, c->nodes, 1, INT_MAX);
    if (model_io_fill(&ml->nf, &head, err) < 0)
        return -1;
    double N = 0;
    for (int t = 0; t < T; t++)
        N += c->nodes[t];
    /* every node takes values in the file: nothing larger is allocated */
    if (nn_file_check_params(&ml->nf, "tree model", N * (8.0 + c->k), err) < 0)
        return -1;
    c->N = (int)N;
    ModelArrays ma = { 0 };
    if (cols_alloc_nodes(c, err) < 0)
        return -1;
    cols_arrays(c, ml->inputs, &ma);
    return model_io_fill(&ml->nf, &ma, err);
}

/* Fill trees[0..T) from the file. */
static int load_trees(const ModelLoad *ml, Dtree *trees, int T, Error *err)
{
    TreeCols c;
    int rc = cols_read(ml, T, &c, err);
    bool entropy = strcmp(params_str(&ml->own, "criterion"), "entropy") == 0;
    for (int t = 0, o = 0; rc == 0 && t < T; o += c.nodes[t], t++) {
        trees[t].n_features = ml->inputs;
        trees[t].n_classes = ml->classes;
        trees[t].criterion = entropy ? DTREE_ENTROPY : DTREE_GINI;
        rc = tree_from_cols(&c, t, o, &trees[t], err);
    }
    cols_free(&c);
    return rc;
}

/* ---------------------------------------------------------------- saving */

/* "class_weight=0:w0,1:w1,...\n" when the trees weigh classes, else "". */
static void weights_line(const Dtree *t, char *buf, size_t size)
{
    buf[0] = '\0';
    if (!t->cw)
        return;
    size_t len = (size_t)snprintf(buf, size, "class_weight=");
    for (int c = 0; c < t->n_classes && len < size; c++)
        len += (size_t)snprintf(buf + len, size - len, "%s%d:%.9g", c ? "," : "", c,
                                (double)t->cw[c]);
    if (len < size)
        snprintf(buf + len, size - len, "\n");
}

static int save_trees(const char *kind, TreeOf tree_of, const void *model, int T,
                      const Scaler *scaler, FILE *f, Error *err)
{
    TreeCols c = { 0 };
    int rc = cols_from_trees(tree_of, model, T, &c, err);
    const Dtree *t0 = rc == 0 ? tree_of(model, 0) : NULL;
    size_t wl = (size_t)c.k * 24 + 32;
    char *weights = malloc(wl), *hdr = malloc(wl + 256);
    if (rc == 0 && (!t0 || !weights || !hdr))
        rc = error_set(err, ERR_NOMEM, "out of memory");
    if (rc == 0) {
        char forest[32] = "";
        if (strcmp(kind, "random_forest") == 0)
            snprintf(forest, sizeof forest, "n_trees=%d\n", T);
        weights_line(t0, weights, wl);
        snprintf(hdr, wl + 256, "kind=%s\ninputs=%d\nclasses=%d\ncriterion=%s\ntrees=%d\n%s%s",
                 kind, t0->n_features, t0->n_classes, dtree_criterion_name(t0->criterion), T,
                 forest, weights);
        ModelArrays ma = { 0 };
        cols_arrays(&c, t0->n_features, &ma);
        rc = model_io_write(f, hdr, &ma, scaler, err);
    }
    cols_free(&c);
    free(weights);
    free(hdr);
    return rc;
}

int dtree_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    const Dtree *t = dtree_of(model);
    if (t->n_nodes < 1)
        return error_set(err, ERR_USAGE, "dtree: the tree has no node to save yet");
    return save_trees("dtree", the_dtree, model, 1, scaler, f, err);
}

int forest_save(const void *model, const Scaler *scaler, FILE *f, Error *err)
{
    const Forest *fo = forest_of(model);
    int T = forest_trees_built(fo);
    if (T < 1 || T != forest_n_trees(fo))
        return error_set(err, ERR_USAGE, "random_forest: %d of its %d trees are built; save it "
                                         "when every tree is", T, forest_n_trees(fo));
    return save_trees("random_forest", forest_tree_of, model, T, scaler, f, err);
}

/* ---------------------------------------------------------------- loading */

/* The stand-in part and the model of a tree file; T its tree count. */
static void *rebuild(const Algo *algo, ModelLoad *ml, int *T, Error *err)
{
    Dataset standin;
    int max = algo == &algo_dtree ? 1 : 10000;
    if (nn_file_header_int(&ml->nf, "trees", 1, max, T, err) < 0 ||
        model_io_standin(&standin, ml->classes, ml->inputs, ml->classes, err) < 0)
        return NULL;
    void *model = model_io_create(algo, ml, &standin, err);
    dataset_free(&standin);
    return model;
}

static void *load_tree_model(const Algo *algo, FILE *f, Params *params, Scaler *scaler,
                             bool *has_scaler, Error *err)
{
    ModelLoad ml;
    int T = 0;
    if (model_io_begin(f, algo, params, &ml, err) < 0)
        return NULL;
    void *model = rebuild(algo, &ml, &T, err);
    if (model) {
        Dtree *trees = algo == &algo_dtree ? dtree_tree_of(model) : forest_load_trees(model);
        if (load_trees(&ml, trees, T, err) < 0) {
            algo->destroy(model);
            model = NULL;
        }
    }
    model_io_end(&ml, model ? scaler : NULL, has_scaler);
    return model;
}

void *dtree_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    return load_tree_model(&algo_dtree, f, params, scaler, has_scaler, err);
}

void *forest_load(FILE *f, Params *params, Scaler *scaler, bool *has_scaler, Error *err)
{
    return load_tree_model(&algo_random_forest, f, params, scaler, has_scaler, err);
}

int dtree_check_data(const void *model, const Dataset *data, Error *err)
{
    const Dtree *t = dtree_of(model);
    return model_io_check_shape("dtree", t->n_features, t->n_classes, data, err);
}

int forest_check_data(const void *model, const Dataset *data, Error *err)
{
    const Dtree *t = forest_tree(forest_of(model), 0);
    if (!t)
        return error_set(err, ERR_NOMEM, "out of memory");
    return model_io_check_shape("random_forest", t->n_features, t->n_classes, data, err);
}
