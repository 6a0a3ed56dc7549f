/* mutant: a score of exactly 0 predicts -1 (np.sign-like thinking): fails
 * reference_toy and first_epoch. */

void perceptron_fit(const double *X, const int *y, int n, int d, double lr, int epochs, double *w,
                    int *errors)
{
    for (int j = 0; j <= d; j++)
        w[j] = 0.0;
    for (int e = 0; e < epochs; e++) {
        errors[e] = 0;
        for (int i = 0; i < n; i++) {
            double score = w[0];
            for (int j = 0; j < d; j++)
                score += w[j + 1] * X[i * d + j];
            int yhat = score > 0.0 ? 1 : -1;
            if (yhat == y[i])
                continue;
            errors[e]++;
            w[0] += lr * (y[i] - yhat);
            for (int j = 0; j < d; j++)
                w[j + 1] += lr * (y[i] - yhat) * X[i * d + j];
        }
    }
}
