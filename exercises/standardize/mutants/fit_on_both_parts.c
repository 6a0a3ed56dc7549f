/* mutant: computes mean and std over train AND test together (the test
 * part leaks into the scaler): fails fit_on_train_only. */
#include <math.h>

void standardize(const double *train, int n_train, const double *test, int n_test, int d,
                 double *mean, double *std, double *train_out, double *test_out)
{
    int n = n_train + n_test;
    for (int j = 0; j < d; j++) {
        double sum = 0.0, sq = 0.0;
        for (int i = 0; i < n; i++)
            sum += i < n_train ? train[i * d + j] : test[(i - n_train) * d + j];
        mean[j] = sum / n;
        for (int i = 0; i < n; i++) {
            double x = i < n_train ? train[i * d + j] : test[(i - n_train) * d + j];
            sq += (x - mean[j]) * (x - mean[j]);
        }
        std[j] = sq > 0 ? sqrt(sq / n) : 1.0;
    }
    for (int i = 0; i < n_train * d; i++)
        train_out[i] = (train[i] - mean[i % d]) / std[i % d];
    for (int i = 0; i < n_test * d; i++)
        test_out[i] = (test[i] - mean[i % d]) / std[i % d];
}
