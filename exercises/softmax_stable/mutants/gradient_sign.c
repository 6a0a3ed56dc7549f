/* mutant: the gradient with the wrong sign (onehot - p): fails the example. */
#include <math.h>

void softmax(const double *z, int n, double *p)
{
    double m = z[0], sum = 0.0;
    for (int i = 1; i < n; i++)
        m = z[i] > m ? z[i] : m;
    for (int i = 0; i < n; i++)
        sum += (p[i] = exp(z[i] - m));
    for (int i = 0; i < n; i++)
        p[i] /= sum;
}

double cross_entropy(const double *z, int n, int label)
{
    double m = z[0], sum = 0.0;
    for (int i = 1; i < n; i++)
        m = z[i] > m ? z[i] : m;
    for (int i = 0; i < n; i++)
        sum += exp(z[i] - m);
    return m + log(sum) - z[label];
}

void cross_entropy_grad(const double *z, int n, int label, double *grad)
{
    softmax(z, n, grad);
    for (int i = 0; i < n; i++)
        grad[i] = -grad[i];
    grad[label] += 1.0;
}
