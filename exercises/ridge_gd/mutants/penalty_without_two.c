/* mutant: the penalty's gradient written as lambda*W instead of 2*lambda*W
 * (the minimum moves): fails reference_toy. */
#include <stdlib.h>

void ridge_gd(const double *X, const double *y, int n, int d, double lambda, double lr,
              int n_iter, double *W, double *cost)
{
    double *grad = malloc((size_t)(d + 1) * sizeof *grad);
    for (int j = 0; j <= d; j++)
        W[j] = 0.0;
    for (int t = 0; t <= n_iter; t++) {
        double c = 0.0;
        for (int j = 0; j <= d; j++) {
            grad[j] = lambda * W[j];
            c += lambda * W[j] * W[j];
        }
        for (int i = 0; i < n; i++) {
            double r = W[0] - y[i];
            for (int j = 0; j < d; j++)
                r += W[j + 1] * X[i * d + j];
            c += r * r;
            grad[0] += 2.0 * r;
            for (int j = 0; j < d; j++)
                grad[j + 1] += 2.0 * r * X[i * d + j];
        }
        cost[t] = c;
        for (int j = 0; j <= d && t < n_iter; j++)
            W[j] -= lr * grad[j];
    }
    free(grad);
}
