/* mutant: counts common friends right but forgets to drop u's existing
 * friends (it still drops u itself). */
#include <stdlib.h>

typedef struct {
    int node, common;
} Candidate;

static int by_rank(const void *a, const void *b)
{
    const Candidate *x = a, *y = b;
    if (x->common != y->common)
        return y->common - x->common;
    return x->node - y->node;
}

int recommend_friends(int n, const int *edges, int m, int u, int k, int *out_nodes,
                      int *out_common)
{
    char *adj = calloc((size_t)n * (size_t)n, 1);
    int *common = calloc((size_t)n, sizeof *common);
    Candidate *cand = malloc((size_t)n * sizeof *cand);
    for (int i = 0; i < m; i++) {
        adj[(size_t)edges[2 * i] * n + edges[2 * i + 1]] = 1;
        adj[(size_t)edges[2 * i + 1] * n + edges[2 * i]] = 1;
    }
    for (int v = 0; v < n; v++)
        for (int w = 0; w < n; w++)
            common[v] += adj[(size_t)u * n + w] && adj[(size_t)w * n + v];
    int nc = 0;
    for (int v = 0; v < n; v++)
        if (v != u && common[v] > 0)
            cand[nc++] = (Candidate){ v, common[v] };
    qsort(cand, (size_t)nc, sizeof *cand, by_rank);
    int r = nc < k ? nc : k;
    for (int i = 0; i < r; i++) {
        out_nodes[i] = cand[i].node;
        out_common[i] = cand[i].common;
    }
    free(adj);
    free(common);
    free(cand);
    return r;
}
