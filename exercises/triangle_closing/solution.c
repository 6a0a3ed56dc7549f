/* triangle_closing - reference solution (C): adjacency lists, two-step
 * walk from u counting common friends, then a sort by (-common, node). */
#include <stdlib.h>

typedef struct {
    int node, common;
} Candidate;

static int by_rank(const void *a, const void *b)
{
    const Candidate *x = a, *y = b;
    if (x->common != y->common)
        return y->common - x->common; /* most common friends first */
    return x->node - y->node;         /* ties: smaller id first */
}

/* CSR adjacency: the neighbours of v are adj[start[v] .. start[v+1]-1]. */
static void build_adjacency(int n, const int *edges, int m, int *start, int *adj)
{
    for (int v = 0; v <= n; v++)
        start[v] = 0;
    for (int i = 0; i < 2 * m; i++)
        start[edges[i] + 1]++;
    for (int v = 0; v < n; v++)
        start[v + 1] += start[v];
    int *fill = malloc((size_t)n * sizeof *fill);
    for (int v = 0; v < n; v++)
        fill[v] = start[v];
    for (int i = 0; i < m; i++) {
        int a = edges[2 * i], b = edges[2 * i + 1];
        adj[fill[a]++] = b;
        adj[fill[b]++] = a;
    }
    free(fill);
}

int recommend_friends(int n, const int *edges, int m, int u, int k, int *out_nodes,
                      int *out_common)
{
    int *start = malloc((size_t)(n + 1) * sizeof *start);
    int *adj = malloc((size_t)(2 * m + 1) * sizeof *adj);
    int *common = calloc((size_t)n, sizeof *common);
    Candidate *cand = malloc((size_t)n * sizeof *cand);
    build_adjacency(n, edges, m, start, adj);
    for (int i = start[u]; i < start[u + 1]; i++) {
        int w = adj[i];
        for (int j = start[w]; j < start[w + 1]; j++)
            common[adj[j]]++;
    }
    common[u] = 0; /* not a candidate */
    for (int i = start[u]; i < start[u + 1]; i++)
        common[adj[i]] = 0; /* already friends */
    int nc = 0;
    for (int v = 0; v < n; v++)
        if (common[v] > 0)
            cand[nc++] = (Candidate){ v, common[v] };
    qsort(cand, (size_t)nc, sizeof *cand, by_rank);
    int r = nc < k ? nc : k;
    for (int i = 0; i < r; i++) {
        out_nodes[i] = cand[i].node;
        out_common[i] = cand[i].common;
    }
    free(start);
    free(adj);
    free(common);
    free(cand);
    return r;
}
