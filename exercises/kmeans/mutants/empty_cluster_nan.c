/* mutant: divides by the count even when a cluster is empty (NaN
 * centroids: fails empty_cluster_keeps_its_centroid). */
#include <stdlib.h>

void kmeans_lloyd(const double *X, int n, int d, int k, double *centroids, int *labels,
                  int max_iter)
{
    double *sum = malloc((size_t)k * d * sizeof *sum);
    int *count = malloc((size_t)k * sizeof *count);
    for (int i = 0; i < n; i++)
        labels[i] = -1;
    for (int it = 0; it < max_iter; it++) {
        int changed = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double bd = -1;
            for (int j = 0; j < k; j++) {
                double s = 0;
                for (int f = 0; f < d; f++)
                    s += (X[i * d + f] - centroids[j * d + f]) * (X[i * d + f] - centroids[j * d + f]);
                if (bd < 0 || s < bd) {
                    bd = s;
                    best = j;
                }
            }
            changed += labels[i] != best;
            labels[i] = best;
        }
        if (!changed)
            break;
        for (int j = 0; j < k * d; j++)
            sum[j] = 0;
        for (int j = 0; j < k; j++)
            count[j] = 0;
        for (int i = 0; i < n; i++) {
            count[labels[i]]++;
            for (int f = 0; f < d; f++)
                sum[labels[i] * d + f] += X[i * d + f];
        }
        for (int j = 0; j < k; j++)
            for (int f = 0; f < d; f++)
                centroids[j * d + f] = sum[j * d + f] / count[j];
    }
    free(sum);
    free(count);
}
