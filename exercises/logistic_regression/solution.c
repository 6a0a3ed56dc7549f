/* logistic_regression - reference solution (C): a sigmoid that never
 * overflows, the cross-entropy from the logits, batch gradient descent. */
#include <math.h>
#include <stdlib.h>

double sigmoid(double z)
{
    if (z >= 0.0)
        return 1.0 / (1.0 + exp(-z));
    double e = exp(z); /* z < 0: e^z cannot overflow */
    return e / (1.0 + e);
}

double bce_loss(const double *z, const int *y, int n)
{
    double total = 0.0;
    for (int i = 0; i < n; i++) /* max(z,0) - y z + log(1 + e^-|z|) */
        total += fmax(z[i], 0.0) - y[i] * z[i] + log1p(exp(-fabs(z[i])));
    return total / n;
}

void logistic_fit(const double *X, const int *y, int n, int d, double lr, int n_iter, double *w,
                  double *b)
{
    double *gw = malloc((size_t)d * sizeof *gw);
    for (int j = 0; j < d; j++)
        w[j] = 0.0;
    *b = 0.0;
    for (int t = 0; t < n_iter; t++) {
        double gb = 0.0;
        for (int j = 0; j < d; j++)
            gw[j] = 0.0;
        for (int i = 0; i < n; i++) {
            double z = *b;
            for (int j = 0; j < d; j++)
                z += w[j] * X[i * d + j];
            double r = sigmoid(z) - y[i]; /* dLoss/dz */
            gb += r;
            for (int j = 0; j < d; j++)
                gw[j] += r * X[i * d + j];
        }
        for (int j = 0; j < d; j++)
            w[j] -= lr * gw[j] / n;
        *b -= lr * gb / n;
    }
    free(gw);
}
