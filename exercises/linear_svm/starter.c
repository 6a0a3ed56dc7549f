/* linear_svm - your solution (C).
 * Check it with: mllab practice check linear_svm */

void linear_svm_fit(const double *X, const int *y, int n, int d, double lr, double lambda,
                    int n_iter, double *w, double *b)
{
    (void)X;
    (void)y;
    (void)n;
    (void)lr;
    (void)lambda;
    (void)n_iter;
    /* TODO: map the labels to -1/+1, then per-sample subgradient steps */
    for (int j = 0; j < d; j++)
        w[j] = 0.0;
    *b = 0.0;
}
