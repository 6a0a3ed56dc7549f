/* mutant: the one-pass textbook formula; right on small numbers, loses
 * digits when x is large with a small spread (fails large_offset). */
int linreg_fit(const double *x, const double *y, int n, double *slope, double *intercept)
{
    double sx = 0, sy = 0, sxy = 0, sxx = 0;
    for (int i = 0; i < n; i++) {
        sx += x[i];
        sy += y[i];
        sxy += x[i] * y[i];
        sxx += x[i] * x[i];
    }
    double den = n * sxx - sx * sx;
    *slope = den != 0.0 ? (n * sxy - sx * sy) / den : 0.0;
    *intercept = (sy - *slope * sx) / n;
    return 0;
}
