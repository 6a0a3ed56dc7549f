/* perceptron - your solution (C).
 * Check it with: mllab practice check perceptron */

void perceptron_fit(const double *X, const int *y, int n, int d, double lr, int epochs, double *w,
                    int *errors)
{
    (void)X;
    (void)y;
    (void)n;
    (void)lr;
    /* TODO: epochs of online updates from w = 0, counting the mistakes */
    for (int j = 0; j <= d; j++)
        w[j] = 0.0;
    for (int e = 0; e < epochs; e++)
        errors[e] = 0;
}
