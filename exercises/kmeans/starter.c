/* kmeans - your solution (C).
 * Check it with: mllab practice check kmeans */

void kmeans_lloyd(const double *X, int n, int d, int k, double *centroids, int *labels,
                  int max_iter)
{
    (void)X;
    (void)d;
    (void)k;
    (void)centroids;
    (void)max_iter;
    /* TODO: assign, update, repeat until nothing changes */
    for (int i = 0; i < n; i++)
        labels[i] = 0;
}
