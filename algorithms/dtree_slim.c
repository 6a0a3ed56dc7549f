/* algorithms/dtree_slim.c - DtreeSlim: a grown tree in a fraction of a
 * Dtree's memory, for the random forest, which keeps a hundred trees of
 * ~10^4 nodes each (issue 14: MNIST runs under 150 MB).
 *
 * A Dtree keeps 48 bytes per node plus the class counts of every node (40
 * more bytes with ten classes).  Prediction needs only each split's feature
 * and threshold, the children, and the class counts of the leaves: 16 bytes
 * per node and the counts of the leaves, about 40% of the memory.  Every
 * other field (parent, depth, sizes, impurities, the counts of inner nodes,
 * the order of the splits) follows from those, so dtree_slim_expand gives
 * back the very Dtree the builder grew, for the views and the saved file.
 *
 * What it relies on: the builder adds the two children of a split one after
 * the other (right = left + 1) after their parent, and a forest grows depth
 * first (the split order is the order a stack pops the nodes in). */
#include "dtree_internal.h"

#include <stdlib.h>
#include <string.h>

void dtree_slim_free(DtreeSlim *s)
{
    if (!s)
        return;
    free(s->node); /* one block: the nodes, then the counts */
    memset(s, 0, sizeof *s);
}

/* Can t be kept slim: every split's right child right after its left one? */
static bool slim_fits(const Dtree *t)
{
    if (t->n_nodes < 1)
        return false;
    for (int id = 0; id < t->n_nodes; id++) {
        const DtreeNode *nd = &t->nodes[id];
        if (nd->left >= 0 && (nd->left <= id || nd->right != nd->left + 1 ||
                              nd->right >= t->n_nodes))
            return false;
    }
    return true;
}

int dtree_slim_from(DtreeSlim *s, const Dtree *t)
{
    memset(s, 0, sizeof *s);
    if (!slim_fits(t))
        return -1;
    int n = t->n_nodes, k = t->n_classes, leaves = 0;
    for (int id = 0; id < n; id++)
        leaves += t->nodes[id].left < 0;
    size_t bytes = (size_t)n * sizeof(DtreeSlimNode) +
                   (size_t)leaves * (size_t)k * sizeof(int);
    char *block = malloc(bytes);
    if (!block)
        return -1;
    s->node = (DtreeSlimNode *)block;
    s->counts = (int *)(s->node + n);
    s->n_nodes = n;
    s->n_leaves = leaves;
    s->n_classes = k;
    s->depth = t->depth;
    for (int id = 0, leaf = 0; id < n; id++) {
        const DtreeNode *nd = &t->nodes[id];
        s->node[id].threshold = nd->threshold;
        s->node[id].feature = nd->left < 0 ? -1 : nd->feature;
        if (nd->left >= 0) {
            s->node[id].link = nd->left;
            continue;
        }
        s->node[id].link = leaf;
        memcpy(s->counts + (size_t)leaf * (size_t)k, dtree_node_counts(t, id),
               (size_t)k * sizeof(int));
        leaf++;
    }
    return 0;
}

int dtree_slim_leaf_of(const DtreeSlim *s, const float *x)
{
    const DtreeSlimNode *nd = s->node;
    while (nd->feature >= 0) {
        int next = nd->link + !((double)x[nd->feature] <= nd->threshold); /* NaN: right */
        nd = s->node + next;
    }
    return nd->link;
}

void dtree_slim_add_leaf_proba(const DtreeSlim *s, const float *cw, int leaf, float *sum)
{
    const int *counts = s->counts + (size_t)leaf * (size_t)s->n_classes;
    int n = 0;
    for (int c = 0; c < s->n_classes; c++)
        n += counts[c];
    for (int c = 0; c < s->n_classes; c++)
        sum[c] += dtree_counts_fraction(counts, n, cw, s->n_classes, c);
}

/* Per node: its parent, depth, and class counts (a leaf's own, an inner
 * node's the sum of its children's; children come after their parent). */
static void slim_shape(const DtreeSlim *s, int *parent, int *depth, int *counts)
{
    int n = s->n_nodes, k = s->n_classes;
    parent[0] = -1;
    depth[0] = 0;
    for (int id = 0; id < n; id++)
        if (s->node[id].feature >= 0)
            for (int c = 0; c < 2; c++) {
                parent[s->node[id].link + c] = id;
                depth[s->node[id].link + c] = depth[id] + 1;
            }
    for (int id = n - 1; id >= 0; id--) {
        int *out = counts + (size_t)id * (size_t)k;
        if (s->node[id].feature < 0) {
            memcpy(out, s->counts + (size_t)s->node[id].link * (size_t)k,
                   (size_t)k * sizeof(int));
            continue;
        }
        const int *l = counts + (size_t)s->node[id].link * (size_t)k;
        for (int c = 0; c < k; c++)
            out[c] = l[c] + l[k + c];
    }
}

/* The split order of a tree grown depth first: the order a stack pops the
 * inner nodes in, the root first, after a split its left then its right
 * child pushed (the right one is split next).  order[id] = 0 for leaves;
 * returns the last node split (-1: none).  stack: n ints. */
static int slim_split_order(const DtreeSlim *s, int *order, int *stack)
{
    memset(order, 0, (size_t)s->n_nodes * sizeof *order);
    int top = 0, seq = 0, last = -1;
    if (s->node[0].feature >= 0)
        stack[top++] = 0;
    while (top > 0) {
        int id = stack[--top];
        order[id] = ++seq;
        last = id;
        for (int c = 0; c < 2; c++)
            if (s->node[s->node[id].link + c].feature >= 0)
                stack[top++] = s->node[id].link + c;
    }
    return last;
}

/* The nodes of out (reset for s) added in id order, then their splits. */
static int slim_fill(const DtreeSlim *s, const int *parent, const int *depth, const int *counts,
                     const int *order, Dtree *out, Error *err)
{
    int k = s->n_classes;
    for (int id = 0; id < s->n_nodes; id++)
        if (dtree_priv_tree_add_node(out, parent[id], depth[id], counts + (size_t)id * k, err) <
            0)
            return -1;
    for (int id = 0; id < s->n_nodes; id++) {
        if (s->node[id].feature < 0)
            continue;
        DtreeNode *nd = &out->nodes[id];
        nd->feature = s->node[id].feature;
        nd->threshold = s->node[id].threshold;
        nd->left = s->node[id].link;
        nd->right = s->node[id].link + 1;
        nd->split_order = order[id];
        out->n_leaves--;
        out->n_splits++;
    }
    return 0;
}

int dtree_slim_expand(const DtreeSlim *s, int n_features, DtreeCriterion crit, Dtree *out,
                      Error *err)
{
    int n = s->n_nodes, k = s->n_classes;
    int *ints = malloc((size_t)n * (4 + (size_t)k) * sizeof *ints);
    if (!ints)
        return error_set(err, ERR_NOMEM, "out of memory for a tree");
    int *parent = ints, *depth = parent + n, *order = depth + n, *stack = order + n;
    int *counts = stack + n;
    slim_shape(s, parent, depth, counts);
    int last = slim_split_order(s, order, stack);
    dtree_free(out);
    dtree_priv_tree_reset(out, n_features, k, crit);
    int rc = slim_fill(s, parent, depth, counts, order, out, err);
    free(ints);
    if (rc < 0)
        return -1;
    out->last_split = last;
    dtree_priv_tree_shrink(out);
    return 0;
}
