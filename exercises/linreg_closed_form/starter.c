/* linreg_closed_form - your solution (C).  See the statement:
 *   mllab practice start linreg_closed_form
 * Check it with: mllab practice check linreg_closed_form */
#include <math.h>

int linreg_fit(const double *x, const double *y, int n, double *slope, double *intercept)
{
    (void)x;
    (void)y;
    (void)n;
    /* TODO: the least-squares slope and intercept */
    *slope = 0.0;
    *intercept = 0.0;
    return 0;
}
