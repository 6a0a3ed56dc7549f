/* mutant: softmax without the max shift (overflows: fails overflow). */
#include <math.h>

void softmax(const double *z, int n, double *p)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i]);
    for (int i = 0; i < n; i++)
        p[i] = exp(z[i]) / sum;
}

double cross_entropy(const double *z, int n, int label)
{
    double sum = 0.0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i]);
    return log(sum) - z[label];
}

void cross_entropy_grad(const double *z, int n, int label, double *grad)
{
    softmax(z, n, grad);
    grad[label] -= 1.0;
}
