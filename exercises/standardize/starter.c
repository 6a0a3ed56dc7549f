/* standardize - your solution (C).
 * Check it with: mllab practice check standardize */
#include <string.h>

void standardize(const double *train, int n_train, const double *test, int n_test, int d,
                 double *mean, double *std, double *train_out, double *test_out)
{
    /* TODO: mean and std of the training rows, then scale both parts */
    for (int j = 0; j < d; j++) {
        mean[j] = 0.0;
        std[j] = 1.0;
    }
    memcpy(train_out, train, (size_t)n_train * d * sizeof *train);
    memcpy(test_out, test, (size_t)n_test * d * sizeof *test);
}
