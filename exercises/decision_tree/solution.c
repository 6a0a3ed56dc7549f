/* decision_tree - reference solution (C): a recursive build over row
 * indices with the gini best split, nodes in one array, majority leaves
 * (ties to the smallest label), then a walk from the root per query. */
#include <stdlib.h>

#define MAX_LABELS 100

typedef struct Node {
    int feature; /* -1: a leaf */
    double threshold;
    int left, right, label;
} Node;

typedef struct Tree {
    const double *X;
    const int *y;
    int d, max_depth, n_nodes;
    Node *nodes;
} Tree;

static double gini_counts(const int *count, int n)
{
    double s = 0.0;
    for (int c = 0; c < MAX_LABELS; c++)
        s += ((double)count[c] / n) * ((double)count[c] / n);
    return n ? 1.0 - s : 0.0;
}

static const double *sort_values; /* the feature column qsort compares */

static int by_value(const void *a, const void *b)
{
    double x = sort_values[*(const int *)a], z = sort_values[*(const int *)b];
    return (x > z) - (x < z);
}

/* Best split of the rows idx[0..cnt); sets *feature (-1: none), *threshold. */
static void best_split(const Tree *t, int *idx, int cnt, int *feature, double *threshold)
{
    double best = 0.0, *col = malloc(sizeof *col * (size_t)cnt);
    *feature = -1;
    for (int f = 0; f < t->d; f++) {
        int left[MAX_LABELS] = { 0 }, right[MAX_LABELS] = { 0 };
        for (int i = 0; i < cnt; i++)
            right[t->y[idx[i]]]++;
        sort_values = col;
        for (int i = 0; i < cnt; i++)
            col[i] = t->X[(long)idx[i] * t->d + f];
        int *order = malloc(sizeof *order * (size_t)cnt);
        for (int i = 0; i < cnt; i++)
            order[i] = i;
        qsort(order, (size_t)cnt, sizeof *order, by_value);
        for (int i = 0; i + 1 < cnt; i++) {
            int label = t->y[idx[order[i]]];
            left[label]++;
            right[label]--;
            double v = col[order[i]], next = col[order[i + 1]];
            if (v == next)
                continue;
            double score = ((i + 1) * gini_counts(left, i + 1) +
                            (cnt - i - 1) * gini_counts(right, cnt - i - 1)) / cnt;
            if (*feature < 0 || score < best - 1e-12) {
                *feature = f;
                *threshold = (v + next) / 2.0;
                best = score;
            }
        }
        free(order);
    }
    free(col);
}

/* Majority label of the rows (ties: smallest); *pure when only one label. */
static int majority(const Tree *t, const int *idx, int cnt, int *pure)
{
    int count[MAX_LABELS] = { 0 }, best = 0, distinct = 0;
    for (int i = 0; i < cnt; i++)
        distinct += count[t->y[idx[i]]]++ == 0;
    for (int c = 1; c < MAX_LABELS; c++)
        if (count[c] > count[best])
            best = c;
    *pure = distinct <= 1;
    return best;
}

static int build(Tree *t, int *idx, int cnt, int depth)
{
    int me = t->n_nodes++, pure;
    Node *node = &t->nodes[me];
    node->feature = -1;
    node->label = majority(t, idx, cnt, &pure);
    if (depth >= t->max_depth || pure)
        return me;
    int f;
    double thr;
    best_split(t, idx, cnt, &f, &thr);
    if (f < 0)
        return me; /* every feature constant here */
    int nl = 0; /* partition idx: rows with x[f] <= thr first */
    for (int i = 0; i < cnt; i++)
        if (t->X[(long)idx[i] * t->d + f] <= thr) {
            int tmp = idx[nl];
            idx[nl++] = idx[i];
            idx[i] = tmp;
        }
    t->nodes[me].feature = f;
    t->nodes[me].threshold = thr;
    int left = build(t, idx, nl, depth + 1);
    int right = build(t, idx + nl, cnt - nl, depth + 1);
    t->nodes[me].left = left;
    t->nodes[me].right = right;
    return me;
}

void tree_fit_predict(const double *X, const int *y, int n, int d, int max_depth, const double *Xq,
                      int m, int *pred)
{
    Tree t = { X, y, d, max_depth, 0, malloc(sizeof(Node) * (size_t)(2 * n + 1)) };
    int *idx = malloc(sizeof *idx * (size_t)n);
    for (int i = 0; i < n; i++)
        idx[i] = i;
    build(&t, idx, n, 0);
    for (int i = 0; i < m; i++) {
        const Node *node = &t.nodes[0];
        while (node->feature >= 0)
            node = &t.nodes[Xq[(long)i * d + node->feature] <= node->threshold ? node->left
                                                                              : node->right];
        pred[i] = node->label;
    }
    free(idx);
    free(t.nodes);
}
