/* mutant: starts each window's maximum at 0 (and its argmax at the first
 * position): fails negative_values. */

static long argmax(const double *x, int ch, int h, int w, int k, int stride, int i, int j,
                   double *best)
{
    long at0 = ((long)ch * h + i * stride) * w + j * stride, arg = at0;
    *best = 0.0;
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++)
            if (x[at0 + a * w + b] > *best) {
                *best = x[at0 + a * w + b];
                arg = at0 + a * w + b;
            }
    return arg;
}

void maxpool2d_forward(const double *x, int c, int h, int w, int k, int stride, double *out)
{
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                argmax(x, ch, h, w, k, stride, i, j, &out[(ch * oh + i) * ow + j]);
}

void maxpool2d_backward(const double *x, int c, int h, int w, int k, int stride,
                        const double *dout, double *dx)
{
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    double m;
    for (long t = 0; t < (long)c * h * w; t++)
        dx[t] = 0;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                dx[argmax(x, ch, h, w, k, stride, i, j, &m)] += dout[(ch * oh + i) * ow + j];
}
