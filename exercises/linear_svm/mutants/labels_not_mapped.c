/* mutant: uses the 0/1 labels directly as t (class 0 never pushes the
 * boundary; everything is predicted class 1, accuracy 0.5): fails
 * two_clusters. */

void linear_svm_fit(const double *X, const int *y, int n, int d, double lr, double lambda,
                    int n_iter, double *w, double *b)
{
    for (int j = 0; j < d; j++)
        w[j] = 0.0;
    *b = 0.0;
    for (int it = 0; it < n_iter; it++) {
        for (int i = 0; i < n; i++) {
            double t = y[i], score = -*b;
            for (int j = 0; j < d; j++)
                score += w[j] * X[i * d + j];
            int inside = t * score < 1.0;
            for (int j = 0; j < d; j++)
                w[j] -= lr * (2.0 * lambda * w[j] - (inside ? t * X[i * d + j] : 0.0));
            if (inside)
                *b -= lr * t;
        }
    }
}
