/* triangle_closing - your solution (C).
 * Check it with: mllab practice check triangle_closing */

int recommend_friends(int n, const int *edges, int m, int u, int k, int *out_nodes,
                      int *out_common)
{
    (void)n;
    (void)edges;
    (void)m;
    (void)u;
    (void)k;
    (void)out_nodes;
    (void)out_common;
    /* TODO: count common friends two steps away, drop friends, sort */
    return 0;
}
