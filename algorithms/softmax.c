/* softmax.c - softmax, log-softmax and cross-entropy, naive and stable (see
 * softmax.h for the formulas). */
#include "softmax.h"

#include <math.h>

static int bad_args(int n, double T)
{
    return n < 1 || !(T > 0) || !isfinite(T);
}

int softmax_naive(const double *z, int n, double T, double *p)
{
    if (bad_args(n, T))
        return -1;
    double sum = 0;
    for (int i = 0; i < n; i++) {
        p[i] = exp(z[i] / T); /* exp(1000) = inf: the lesson */
        sum += p[i];
    }
    for (int i = 0; i < n; i++)
        p[i] /= sum;
    return 0;
}

static double max_scaled(const double *z, int n, double T)
{
    double m = z[0] / T;
    for (int i = 1; i < n; i++)
        if (z[i] / T > m)
            m = z[i] / T;
    return m;
}

double logsumexp(const double *z, int n, double T)
{
    if (bad_args(n, T))
        return NAN;
    double m = max_scaled(z, n, T), sum = 0;
    for (int i = 0; i < n; i++)
        sum += exp(z[i] / T - m);
    return m + log(sum);
}

int softmax_stable(const double *z, int n, double T, double *p)
{
    if (bad_args(n, T))
        return -1;
    double m = max_scaled(z, n, T), sum = 0;
    for (int i = 0; i < n; i++) {
        p[i] = exp(z[i] / T - m); /* every exponent <= 0 */
        sum += p[i];
    }
    for (int i = 0; i < n; i++)
        p[i] /= sum; /* sum >= 1: the max contributes exp(0) */
    return 0;
}

int log_softmax(const double *z, int n, double T, double *logp)
{
    double lse = logsumexp(z, n, T);
    if (isnan(lse))
        return -1;
    for (int i = 0; i < n; i++)
        logp[i] = z[i] / T - lse;
    return 0;
}

double softmax_cross_entropy(const double *z, int n, double T, int target, double *grad)
{
    if (bad_args(n, T) || target < 0 || target >= n)
        return NAN;
    double lse = logsumexp(z, n, T);
    if (grad)
        for (int i = 0; i < n; i++)
            grad[i] = (exp(z[i] / T - lse) - (i == target)) / T;
    return lse - z[target] / T;
}

double softmax_entropy(const double *z, int n, double T)
{
    double lse = logsumexp(z, n, T), h = 0;
    if (isnan(lse))
        return NAN;
    for (int i = 0; i < n; i++) {
        double lp = z[i] / T - lse;
        h -= exp(lp) * lp;
    }
    return h;
}

void softmax_rows_f(float *z, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        float *row = z + (long)r * cols;
        float m = row[0], sum = 0;
        for (int j = 1; j < cols; j++)
            m = row[j] > m ? row[j] : m;
        for (int j = 0; j < cols; j++) {
            row[j] = expf(row[j] - m);
            sum += row[j];
        }
        float inv = 1.0f / sum;
        for (int j = 0; j < cols; j++)
            row[j] *= inv;
    }
}
