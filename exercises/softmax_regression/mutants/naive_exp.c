/* mutant: softmax without subtracting the largest score (e^z overflows
 * to inf, inf/inf = NaN): fails huge_scores. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

void softmax_regression_fit(const double *X, const int *y, int n, int d, int k, double lr,
                            int n_iter, double *W, double *b)
{
    double *gW = malloc((size_t)d * k * sizeof *gW), *gb = malloc((size_t)k * sizeof *gb);
    double *p = malloc((size_t)k * sizeof *p);
    memset(W, 0, (size_t)d * k * sizeof *W);
    memset(b, 0, (size_t)k * sizeof *b);
    for (int t = 0; t < n_iter; t++) {
        memset(gW, 0, (size_t)d * k * sizeof *gW);
        memset(gb, 0, (size_t)k * sizeof *gb);
        for (int i = 0; i < n; i++) {
            double sum = 0.0;
            for (int c = 0; c < k; c++) {
                double z = b[c];
                for (int j = 0; j < d; j++)
                    z += X[i * d + j] * W[j * k + c];
                sum += (p[c] = exp(z));
            }
            for (int c = 0; c < k; c++)
                p[c] = p[c] / sum - (c == y[i]);
            for (int c = 0; c < k; c++) {
                gb[c] += p[c];
                for (int j = 0; j < d; j++)
                    gW[j * k + c] += X[i * d + j] * p[c];
            }
        }
        for (int i = 0; i < d * k; i++)
            W[i] -= lr * gW[i] / n;
        for (int c = 0; c < k; c++)
            b[c] -= lr * gb[c] / n;
    }
    free(gW);
    free(gb);
    free(p);
}
