/* softmax_stable - reference solution (C): shift by the maximum, and
 * log-sum-exp for the loss. */
#include <math.h>

static double max_of(const double *z, int n)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    return m;
}

void softmax(const double *z, int n, double *p)
{
    double m = max_of(z, n), sum = 0.0;
    for (int i = 0; i < n; i++) {
        p[i] = exp(z[i] - m);
        sum += p[i];
    }
    for (int i = 0; i < n; i++)
        p[i] /= sum;
}

double cross_entropy(const double *z, int n, int label)
{
    double m = max_of(z, n), sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i] - m);
    return m + log(sum) - z[label];
}

void cross_entropy_grad(const double *z, int n, int label, double *grad)
{
    softmax(z, n, grad);
    grad[label] -= 1.0;
}
