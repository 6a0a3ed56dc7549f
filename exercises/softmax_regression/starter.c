/* softmax_regression - your solution (C).
 * Check it with: mllab practice check softmax_regression */

void softmax_regression_fit(const double *X, const int *y, int n, int d, int k, double lr,
                            int n_iter, double *W, double *b)
{
    (void)X;
    (void)y;
    (void)n;
    (void)lr;
    (void)n_iter;
    /* TODO: batch gradient descent from zero, with a stable softmax */
    for (int i = 0; i < d * k; i++)
        W[i] = 0.0;
    for (int c = 0; c < k; c++)
        b[c] = 0.0;
}
