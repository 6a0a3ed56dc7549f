/* linear_svm - reference solution (C): labels 0/1 mapped to -1/+1, then
 * per-sample subgradient steps on lambda |w|^2 + hinge, score w.x - b. */

void linear_svm_fit(const double *X, const int *y, int n, int d, double lr, double lambda,
                    int n_iter, double *w, double *b)
{
    for (int j = 0; j < d; j++)
        w[j] = 0.0;
    *b = 0.0;
    for (int it = 0; it < n_iter; it++) {
        for (int i = 0; i < n; i++) {
            const double *x = X + (long)i * d;
            double t = y[i] == 1 ? 1.0 : -1.0; /* 0/1 -> -1/+1 */
            double score = -*b;
            for (int j = 0; j < d; j++)
                score += w[j] * x[j];
            int inside = t * score < 1.0;
            for (int j = 0; j < d; j++)
                w[j] -= lr * (2.0 * lambda * w[j] - (inside ? t * x[j] : 0.0));
            if (inside)
                *b -= lr * t;
        }
    }
}
