/* ridge_gd - reference solution (C): batch gradient descent on
 * Σ(ŷ − y)² + λ‖W‖², bias first and regularised. */
#include <stdlib.h>

/* Residuals r = ŷ − y; returns the ridge cost of W. */
static double residuals(const double *X, const double *y, int n, int d, double lambda,
                        const double *W, double *r)
{
    double cost = 0.0;
    for (int i = 0; i < n; i++) {
        double yhat = W[0];
        for (int j = 0; j < d; j++)
            yhat += W[j + 1] * X[i * d + j];
        r[i] = yhat - y[i];
        cost += r[i] * r[i];
    }
    for (int j = 0; j <= d; j++)
        cost += lambda * W[j] * W[j];
    return cost;
}

void ridge_gd(const double *X, const double *y, int n, int d, double lambda, double lr,
              int n_iter, double *W, double *cost)
{
    double *r = malloc((size_t)n * sizeof *r);
    double *grad = malloc((size_t)(d + 1) * sizeof *grad);
    for (int j = 0; j <= d; j++)
        W[j] = 0.0;
    cost[0] = residuals(X, y, n, d, lambda, W, r);
    for (int t = 1; t <= n_iter; t++) {
        for (int j = 0; j <= d; j++)
            grad[j] = 2.0 * lambda * W[j];
        for (int i = 0; i < n; i++) {
            grad[0] += 2.0 * r[i];
            for (int j = 0; j < d; j++)
                grad[j + 1] += 2.0 * r[i] * X[i * d + j];
        }
        for (int j = 0; j <= d; j++)
            W[j] -= lr * grad[j];
        cost[t] = residuals(X, y, n, d, lambda, W, r);
    }
    free(r);
    free(grad);
}
