/* standardize - reference solution (C): mean and population std of the
 * training rows only (std 1 for a constant feature), applied to both
 * parts. */
#include <math.h>

static void scale(const double *x, double *out, int rows, int d, const double *mean,
                  const double *std)
{
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < d; j++)
            out[i * d + j] = (x[i * d + j] - mean[j]) / std[j];
}

void standardize(const double *train, int n_train, const double *test, int n_test, int d,
                 double *mean, double *std, double *train_out, double *test_out)
{
    for (int j = 0; j < d; j++) {
        double sum = 0.0, sq = 0.0;
        int constant = 1;
        for (int i = 0; i < n_train; i++) {
            sum += train[i * d + j];
            constant &= train[i * d + j] == train[j];
        }
        mean[j] = sum / n_train;
        for (int i = 0; i < n_train; i++)
            sq += (train[i * d + j] - mean[j]) * (train[i * d + j] - mean[j]);
        std[j] = constant ? 1.0 : sqrt(sq / n_train);
    }
    scale(train, train_out, n_train, d, mean, std);
    scale(test, test_out, n_test, d, mean, std);
}
