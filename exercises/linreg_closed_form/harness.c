/* harness.c - runs the learner's linreg_fit on one test's inputs (x, y)
 * and writes slope and intercept. */
#include <math.h>

#include "mllab_practice.h"
#include "signature.h"

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    long n;
    double *x = mp_in_f64("x", &n, NULL, NULL);
    double *y = mp_in_f64("y", NULL, NULL, NULL);
    double slope = NAN, intercept = NAN;
    mp_clock_start();
    linreg_fit(x, y, (int)n, &slope, &intercept);
    mp_clock_stop();
    mp_out_scalar("slope", slope);
    mp_out_scalar("intercept", intercept);
    return mp_finish();
}
