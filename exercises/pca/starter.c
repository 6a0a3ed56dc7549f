/* pca - your solution (C).
 * Check it with: mllab practice check pca */

void pca(const double *X, int n, int d, int k, double *components, double *explained_variance,
         double *explained_variance_ratio)
{
    (void)X;
    (void)n;
    /* TODO: centre, covariance, eigen-decomposition, sort */
    for (int i = 0; i < k; i++) {
        for (int j = 0; j < d; j++)
            components[i * d + j] = i == j;
        explained_variance[i] = 0.0;
        explained_variance_ratio[i] = 0.0;
    }
}
