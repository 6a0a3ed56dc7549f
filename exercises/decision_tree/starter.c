/* decision_tree - your solution (C).
 * Check it with: mllab practice check decision_tree */

void tree_fit_predict(const double *X, const int *y, int n, int d, int max_depth, const double *Xq,
                      int m, int *pred)
{
    (void)X;
    (void)y;
    (void)n;
    (void)d;
    (void)max_depth;
    (void)Xq;
    /* TODO: build the tree (gini best splits down to max_depth), then predict */
    for (int i = 0; i < m; i++)
        pred[i] = -1;
}
