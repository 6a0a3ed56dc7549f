/* mutant: the intercept built from the wrong means (fails the example). */
int linreg_fit(const double *x, const double *y, int n, double *slope, double *intercept)
{
    double mx = 0, my = 0, sxy = 0, sxx = 0;
    for (int i = 0; i < n; i++) {
        mx += x[i] / n;
        my += y[i] / n;
    }
    for (int i = 0; i < n; i++) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
    }
    *slope = sxx > 0 ? sxy / sxx : 0.0;
    *intercept = mx - *slope * my;
    return 0;
}
