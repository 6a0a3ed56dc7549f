/* harness.c - runs the learner's gini and best_split on one test's X and
 * y; writes the node's gini and the best feature, threshold and impurity. */
#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    int n, d;
    double *X = mp_in_f64("X", NULL, &n, &d);
    int *y = mp_in_int("y", NULL, NULL, NULL);
    int feature = -2;
    double threshold = 0.0, impurity = 0.0;
    mp_clock_start();
    double g = gini(y, n);
    best_split(X, y, n, d, &feature, &threshold, &impurity);
    mp_clock_stop();
    int one[1] = { 1 };
    mp_out_scalar("gini", g);
    mp_out_int("feature", &feature, 1, one);
    mp_out_scalar("threshold", threshold);
    mp_out_scalar("impurity", impurity);
    return mp_finish();
}
