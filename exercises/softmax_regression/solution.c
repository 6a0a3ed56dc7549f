/* softmax_regression - reference solution (C): batch gradient descent on
 * the mean cross-entropy, softmax shifted by the largest score. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* p = softmax(x.W + b) for one sample x. */
static void probabilities(const double *x, int d, int k, const double *W, const double *b,
                          double *p)
{
    double m = -INFINITY, sum = 0.0;
    for (int c = 0; c < k; c++) {
        p[c] = b[c];
        for (int j = 0; j < d; j++)
            p[c] += x[j] * W[j * k + c];
        m = p[c] > m ? p[c] : m;
    }
    for (int c = 0; c < k; c++)
        sum += (p[c] = exp(p[c] - m));
    for (int c = 0; c < k; c++)
        p[c] /= sum;
}

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
            const double *x = X + (long)i * d;
            probabilities(x, d, k, W, b, p);
            p[y[i]] -= 1.0; /* dLoss/dz = p - onehot */
            for (int c = 0; c < k; c++) {
                gb[c] += p[c];
                for (int j = 0; j < d; j++)
                    gW[j * k + c] += x[j] * p[c];
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
