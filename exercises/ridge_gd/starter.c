/* ridge_gd - your solution (C).
 * Check it with: mllab practice check ridge_gd */

void ridge_gd(const double *X, const double *y, int n, int d, double lambda, double lr,
              int n_iter, double *W, double *cost)
{
    (void)X;
    (void)y;
    (void)n;
    (void)lambda;
    (void)lr;
    /* TODO: batch gradient descent from W = 0, recording the cost */
    for (int j = 0; j <= d; j++)
        W[j] = 0.0;
    for (int t = 0; t <= n_iter; t++)
        cost[t] = 0.0;
}
