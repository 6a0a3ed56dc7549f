/* mutant: selects neighbours with <= so equal distances go to the LAST
 * training index (fails three_queries and distance_tie_lower_index). */
#include <stdlib.h>

void knn_predict(const double *Xtr, const int *ytr, int n, int d, const double *Xq, int m, int k,
                 int *pred)
{
    if (k > n)
        k = n;
    double *dist = malloc((size_t)n * sizeof *dist);
    char *taken = malloc((size_t)n);
    for (int i = 0; i < m; i++) {
        int count[100] = { 0 };
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int f = 0; f < d; f++) {
                double diff = Xq[(long)i * d + f] - Xtr[(long)j * d + f];
                s += diff * diff;
            }
            dist[j] = s;
            taken[j] = 0;
        }
        for (int t = 0; t < k; t++) {
            int best = -1;
            for (int j = 0; j < n; j++)
                if (!taken[j] && (best < 0 || dist[j] <= dist[best]))
                    best = j;
            taken[best] = 1;
            count[ytr[best]]++;
        }
        int label = 0;
        for (int c = 1; c < 100; c++)
            if (count[c] > count[label])
                label = c;
        pred[i] = label;
    }
    free(dist);
    free(taken);
}
