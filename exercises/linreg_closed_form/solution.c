/* linreg_closed_form - reference solution (C): the centred sums. */
#include <math.h>

int linreg_fit(const double *x, const double *y, int n, double *slope, double *intercept)
{
    double mx = 0.0, my = 0.0;
    for (int i = 0; i < n; i++) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0.0, sxx = 0.0;
    for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    *slope = sxx > 0.0 ? sxy / sxx : 0.0; /* constant feature: slope 0 */
    *intercept = my - *slope * mx;
    return 0;
}
