/* mutant: the "covariance" of the raw data (no centring) and power
 * iteration with deflation: fails ten_points and uncentred_data. */
#include <math.h>
#include <stdlib.h>

void pca(const double *X, int n, int d, int k, double *components, double *explained_variance,
         double *explained_variance_ratio)
{
    double *C = calloc((size_t)d * d, sizeof *C), total = 0.0;
    for (int a = 0; a < d; a++)
        for (int b = 0; b < d; b++)
            for (int i = 0; i < n; i++)
                C[a * d + b] += X[i * d + a] * X[i * d + b] / (n - 1);
    for (int j = 0; j < d; j++)
        total += C[j * d + j];
    double *v = malloc((size_t)d * sizeof *v), *w = malloc((size_t)d * sizeof *w);
    for (int c = 0; c < k; c++) {
        for (int j = 0; j < d; j++)
            v[j] = 1.0 + j;
        double lambda = 0.0;
        for (int it = 0; it < 2000; it++) {
            double norm = 0.0;
            for (int a = 0; a < d; a++) {
                w[a] = 0.0;
                for (int b = 0; b < d; b++)
                    w[a] += C[a * d + b] * v[b];
                norm += w[a] * w[a];
            }
            norm = sqrt(norm);
            lambda = norm;
            for (int a = 0; a < d; a++)
                v[a] = norm > 0 ? w[a] / norm : 0.0;
        }
        for (int a = 0; a < d; a++)
            for (int b = 0; b < d; b++)
                C[a * d + b] -= lambda * v[a] * v[b];
        for (int j = 0; j < d; j++)
            components[c * d + j] = v[j];
        explained_variance[c] = lambda;
        explained_variance_ratio[c] = lambda / total;
    }
    free(C);
    free(v);
    free(w);
}
