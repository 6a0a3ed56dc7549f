/* mlp_forward_backward - reference solution (C): the forward pass with a
 * stable softmax, the mean cross-entropy, and the backward pass written as
 * the matrix products of the statement. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* C (r×q) = A (r×p) · B (p×q), all row-major. */
static void matmul(const double *A, const double *B, int r, int p, int q, double *C)
{
    memset(C, 0, sizeof *C * (size_t)r * q);
    for (int i = 0; i < r; i++)
        for (int k = 0; k < p; k++)
            for (int j = 0; j < q; j++)
                C[i * q + j] += A[i * p + k] * B[k * q + j];
}

/* C (p×q) = Aᵀ · B with A r×p and B r×q. */
static void matmul_tn(const double *A, const double *B, int r, int p, int q, double *C)
{
    memset(C, 0, sizeof *C * (size_t)p * q);
    for (int i = 0; i < r; i++)
        for (int k = 0; k < p; k++)
            for (int j = 0; j < q; j++)
                C[k * q + j] += A[i * p + k] * B[i * q + j];
}

/* Softmax of row z (c values) into p; returns log Σ exp(z − max) + max. */
static double softmax_row(const double *z, int c, double *p)
{
    double m = z[0], s = 0.0;
    for (int k = 1; k < c; k++)
        m = z[k] > m ? z[k] : m;
    for (int k = 0; k < c; k++)
        s += p[k] = exp(z[k] - m);
    for (int k = 0; k < c; k++)
        p[k] /= s;
    return m + log(s);
}

static void column_sums(const double *A, int r, int q, double *out)
{
    memset(out, 0, sizeof *out * (size_t)q);
    for (int i = 0; i < r; i++)
        for (int j = 0; j < q; j++)
            out[j] += A[i * q + j];
}

double mlp_forward_backward(const double *X, const int *y, int n, int d, int h, int c,
                            const double *W1, const double *b1, const double *W2,
                            const double *b2, double *probs, double *dW1, double *db1,
                            double *dW2, double *db2)
{
    double *Z1 = malloc(sizeof *Z1 * (size_t)n * h), *A1 = malloc(sizeof *A1 * (size_t)n * h);
    double *Z2 = malloc(sizeof *Z2 * (size_t)n * c), *d1 = malloc(sizeof *d1 * (size_t)n * h);
    matmul(X, W1, n, d, h, Z1);
    for (int i = 0; i < n * h; i++) {
        Z1[i] += b1[i % h];
        A1[i] = Z1[i] > 0 ? Z1[i] : 0.0;
    }
    matmul(A1, W2, n, h, c, Z2);
    double loss = 0.0;
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < c; k++)
            Z2[i * c + k] += b2[k];
        double lse = softmax_row(Z2 + i * c, c, probs + i * c);
        loss += (lse - Z2[i * c + y[i]]) / n;
        /* Z2 becomes δ2 = (P − onehot(y)) / n */
        for (int k = 0; k < c; k++)
            Z2[i * c + k] = (probs[i * c + k] - (k == y[i])) / n;
    }
    matmul_tn(A1, Z2, n, h, c, dW2);
    column_sums(Z2, n, c, db2);
    for (int i = 0; i < n; i++) /* δ1 = (δ2 · W2ᵀ) ⊙ (Z1 > 0) */
        for (int j = 0; j < h; j++) {
            double s = 0.0;
            for (int k = 0; k < c; k++)
                s += Z2[i * c + k] * W2[j * c + k];
            d1[i * h + j] = Z1[i * h + j] > 0 ? s : 0.0;
        }
    matmul_tn(X, d1, n, d, h, dW1);
    column_sums(d1, n, h, db1);
    free(Z1);
    free(A1);
    free(Z2);
    free(d1);
    return loss;
}
