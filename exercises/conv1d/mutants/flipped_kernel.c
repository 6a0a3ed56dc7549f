/* mutant: flips the kernel (w[k-1-j]), the textbook convolution instead of
 * deep learning's cross-correlation: fails reference_same. */

int conv1d(const double *x, int n, const double *w, int k, int stride, int pad, double *out)
{
    int left = pad >= 0 ? pad : (k - 1) / 2;
    int right = pad >= 0 ? pad : k - 1 - left;
    if (n + left + right < k)
        return 0;
    int len = (n + left + right - k) / stride + 1;
    for (int i = 0; i < len; i++) {
        out[i] = 0;
        for (int j = 0; j < k; j++) {
            int t = i * stride + j - left;
            if (t >= 0 && t < n)
                out[i] += w[k - 1 - j] * x[t];
        }
    }
    return len;
}
