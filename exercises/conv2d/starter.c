/* conv2d - your solution (C).
 * Check it with: mllab practice check conv2d */

void conv2d(const double *x, int cin, int h, int w, const double *weight, int cout, int kh, int kw,
            const double *bias, int stride, int pad, double *out)
{
    (void)x;
    (void)cin;
    (void)weight;
    (void)bias;
    int oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
    /* TODO: out[o][i][j] = bias[o] + sum over c, a, b of weight * padded x */
    for (int i = 0; i < cout * oh * ow; i++)
        out[i] = 0.0;
}
