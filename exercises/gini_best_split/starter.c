/* gini_best_split - your solution (C).
 * Check it with: mllab practice check gini_best_split */

double gini(const int *y, int n)
{
    (void)y;
    (void)n;
    return -1.0; /* TODO: 1 - sum of squared label fractions */
}

void best_split(const double *X, const int *y, int n, int d, int *feature, double *threshold,
                double *impurity)
{
    (void)X;
    (void)y;
    (void)n;
    (void)d;
    /* TODO: every midpoint of every feature, the lowest weighted impurity */
    *feature = -1;
    *threshold = 0.0;
    *impurity = -1.0;
}
