/* mutant: backpropagates through the ReLU as if it were the identity (no
 * Z1 > 0 mask on δ1): fails two_samples and the dead-unit cases. */
#include <math.h>
#include <stdlib.h>

double mlp_forward_backward(const double *X, const int *y, int n, int d, int h, int c,
                            const double *W1, const double *b1, const double *W2,
                            const double *b2, double *probs, double *dW1, double *db1,
                            double *dW2, double *db2)
{
    double *A1 = malloc(sizeof *A1 * (size_t)n * h), *D = malloc(sizeof *D * (size_t)n * c);
    double loss = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < h; j++) {
            double z = b1[j];
            for (int k = 0; k < d; k++)
                z += X[i * d + k] * W1[k * h + j];
            A1[i * h + j] = z > 0 ? z : 0;
        }
        double m = -INFINITY, s = 0;
        for (int k = 0; k < c; k++) {
            double z = b2[k];
            for (int j = 0; j < h; j++)
                z += A1[i * h + j] * W2[j * c + k];
            D[i * c + k] = z;
            m = z > m ? z : m;
        }
        for (int k = 0; k < c; k++)
            s += exp(D[i * c + k] - m);
        loss += (m + log(s) - D[i * c + y[i]]) / n;
        for (int k = 0; k < c; k++) {
            probs[i * c + k] = exp(D[i * c + k] - m) / s;
            D[i * c + k] = (probs[i * c + k] - (k == y[i])) / n;
        }
    }
    for (int j = 0; j < h * c; j++)
        dW2[j] = 0;
    for (int j = 0; j < d * h; j++)
        dW1[j] = 0;
    for (int j = 0; j < h; j++)
        db1[j] = 0;
    for (int k = 0; k < c; k++)
        db2[k] = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < c; k++) {
            db2[k] += D[i * c + k];
            for (int j = 0; j < h; j++)
                dW2[j * c + k] += A1[i * h + j] * D[i * c + k];
        }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < h; j++) {
            double g = 0;
            for (int k = 0; k < c; k++)
                g += D[i * c + k] * W2[j * c + k]; /* missing: * (Z1 > 0) */
            db1[j] += g;
            for (int k = 0; k < d; k++)
                dW1[k * h + j] += X[i * d + k] * g;
        }
    free(A1);
    free(D);
    return loss;
}
