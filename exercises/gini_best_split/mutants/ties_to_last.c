/* mutant: keeps a candidate when its score is <= the best (ties go to the
 * LAST feature and threshold): fails tie_between_thresholds,
 * tie_between_features and iris. */
#include <stdlib.h>

static double g(const int *count, int n)
{
    double s = 0;
    for (int c = 0; c < 100; c++)
        s += (double)count[c] * count[c];
    return n ? 1.0 - s / ((double)n * n) : 0.0;
}

double gini(const int *y, int n)
{
    int count[100] = { 0 };
    for (int i = 0; i < n; i++)
        count[y[i]]++;
    return g(count, n);
}

void best_split(const double *X, const int *y, int n, int d, int *feature, double *threshold,
                double *impurity)
{
    *feature = -1;
    *threshold = 0;
    *impurity = gini(y, n);
    for (int f = 0; f < d; f++)
        for (int a = 0; a < n; a++) {
            double t = 1e300; /* the next distinct value above X[a][f] */
            for (int b = 0; b < n; b++)
                if (X[b * d + f] > X[a * d + f] && X[b * d + f] < t)
                    t = X[b * d + f];
            if (t == 1e300)
                continue;
            t = (t + X[a * d + f]) / 2;
            int left[100] = { 0 }, right[100] = { 0 }, nl = 0;
            for (int i = 0; i < n; i++) {
                if (X[i * d + f] <= t) {
                    left[y[i]]++;
                    nl++;
                } else {
                    right[y[i]]++;
                }
            }
            double s = (nl * g(left, nl) + (n - nl) * g(right, n - nl)) / n;
            if (*feature < 0 || s <= *impurity) {
                *feature = f;
                *threshold = t;
                *impurity = s;
            }
        }
}
