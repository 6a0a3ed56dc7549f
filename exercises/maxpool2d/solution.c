/* maxpool2d - reference solution (C): the argmax of each window (the first
 * of tied maxima), read by the forward pass and accumulated into by the
 * backward pass. */

/* Flat index in x of the maximum of window (i, j) of channel ch. */
static long window_argmax(const double *x, int ch, int h, int w, int k, int stride, int i, int j)
{
    long best = ((long)ch * h + (long)i * stride) * w + (long)j * stride;
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++) {
            long at = ((long)ch * h + i * stride + a) * w + j * stride + b;
            if (x[at] > x[best]) /* strict: the first maximum stays */
                best = at;
        }
    return best;
}

void maxpool2d_forward(const double *x, int c, int h, int w, int k, int stride, double *out)
{
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                out[((long)ch * oh + i) * ow + j] = x[window_argmax(x, ch, h, w, k, stride, i, j)];
}

void maxpool2d_backward(const double *x, int c, int h, int w, int k, int stride,
                        const double *dout, double *dx)
{
    int oh = (h - k) / stride + 1, ow = (w - k) / stride + 1;
    for (long t = 0; t < (long)c * h * w; t++)
        dx[t] = 0.0;
    for (int ch = 0; ch < c; ch++)
        for (int i = 0; i < oh; i++)
            for (int j = 0; j < ow; j++)
                dx[window_argmax(x, ch, h, w, k, stride, i, j)] += dout[((long)ch * oh + i) * ow + j];
}
