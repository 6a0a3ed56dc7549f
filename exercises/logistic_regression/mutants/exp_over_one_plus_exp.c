/* mutant: sigmoid as e^z / (1 + e^z) for every z (inf/inf = NaN at
 * z = 800): fails sigmoid_and_loss and sigmoid_extremes. */
#include <math.h>
#include <stdlib.h>

double sigmoid(double z)
{
    return exp(z) / (1.0 + exp(z));
}

double bce_loss(const double *z, const int *y, int n)
{
    double total = 0.0;
    for (int i = 0; i < n; i++)
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
            double r = sigmoid(z) - y[i];
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
