/* mutant: replaces the maximum on >= so the LAST of tied maxima gets the
 * gradient: fails ties_go_to_the_first. */

static long argmax(const double *x, int ch, int h, int w, int k, int stride, int i, int j)
{
    long at0 = ((long)ch * h + i * stride) * w + j * stride, arg = at0;
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++)
            if (x[at0 + a * w + b] >= x[arg])
                arg = at0 + a * w + b;
    return arg;
}

void maxpool2d_forward(const double *x, int c, int h, int w, int k, int stride, double *out)
{
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                out[(ch * oh + i) * ow + j] = x[argmax(x, ch, h, w, k, stride, i, j)];
}

void maxpool2d_backward(const double *x, int c, int h, int w, int k, int stride,
                        const double *dout, double *dx)
{
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    for (long t = 0; t < (long)c * h * w; t++)
        dx[t] = 0;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                dx[argmax(x, ch, h, w, k, stride, i, j)] += dout[(ch * oh + i) * ow + j];
}
