/* perceptron - reference solution (C): online updates w += lr (t - yhat) x,
 * bias first, a score of 0 predicts +1. */

void perceptron_fit(const double *X, const int *y, int n, int d, double lr, int epochs, double *w,
                    int *errors)
{
    for (int j = 0; j <= d; j++)
        w[j] = 0.0;
    for (int e = 0; e < epochs; e++) {
        errors[e] = 0;
        for (int i = 0; i < n; i++) {
            const double *x = X + (long)i * d;
            double score = w[0];
            for (int j = 0; j < d; j++)
                score += w[j + 1] * x[j];
            int yhat = score >= 0.0 ? 1 : -1;
            if (yhat == y[i])
                continue; /* (t - yhat) = 0: no change */
            errors[e]++;
            double step = lr * (y[i] - yhat);
            w[0] += step;
            for (int j = 0; j < d; j++)
                w[j + 1] += step * x[j];
        }
    }
}
