/* kmeans - reference solution (C): Lloyd's iteration from the given
 * centroids; ties go to the lowest index, empty clusters keep their
 * centroid. */
#include <stdlib.h>

/* Assign every point; returns how many labels changed. */
static int assign(const double *X, int n, int d, int k, const double *c, int *labels)
{
    int changed = 0;
    for (int i = 0; i < n; i++) {
        int best = 0;
        double best_d2 = 0.0;
        for (int j = 0; j < k; j++) {
            double d2 = 0.0;
            for (int f = 0; f < d; f++) {
                double diff = X[i * d + f] - c[j * d + f];
                d2 += diff * diff;
            }
            if (j == 0 || d2 < best_d2) {
                best = j;
                best_d2 = d2;
            }
        }
        changed += labels[i] != best;
        labels[i] = best;
    }
    return changed;
}

static void update(const double *X, int n, int d, int k, double *c, const int *labels)
{
    double *sum = calloc((size_t)k * d, sizeof *sum);
    int *count = calloc((size_t)k, sizeof *count);
    for (int i = 0; i < n; i++) {
        count[labels[i]]++;
        for (int f = 0; f < d; f++)
            sum[labels[i] * d + f] += X[i * d + f];
    }
    for (int j = 0; j < k; j++)
        for (int f = 0; f < d && count[j] > 0; f++) /* empty: keep the centroid */
            c[j * d + f] = sum[j * d + f] / count[j];
    free(sum);
    free(count);
}

void kmeans_lloyd(const double *X, int n, int d, int k, double *centroids, int *labels,
                  int max_iter)
{
    for (int i = 0; i < n; i++)
        labels[i] = -1;
    for (int it = 0; it < max_iter; it++) {
        if (assign(X, n, d, k, centroids, labels) == 0)
            break;
        update(X, n, d, k, centroids, labels);
    }
}
