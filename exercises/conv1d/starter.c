/* conv1d - your solution (C).
 * Check it with: mllab practice check conv1d */

int conv1d(const double *x, int n, const double *w, int k, int stride, int pad, double *out)
{
    (void)x;
    (void)n;
    (void)w;
    (void)k;
    (void)stride;
    (void)pad;
    (void)out;
    /* TODO: padding, output length, then the sliding dot products */
    return 0;
}
