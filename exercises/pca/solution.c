/* pca - reference solution (C): covariance of the centred data, Jacobi
 * eigen-decomposition, components sorted by decreasing variance. */
#include <math.h>
#include <stdlib.h>

/* C = Xcᵀ Xc / (n − 1), Xc the centred X. */
static void covariance(const double *X, int n, int d, double *C)
{
    double *mean = calloc((size_t)d, sizeof *mean);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++)
            mean[j] += X[i * d + j] / n;
    for (int a = 0; a < d; a++)
        for (int b = 0; b < d; b++) {
            double s = 0.0;
            for (int i = 0; i < n; i++)
                s += (X[i * d + a] - mean[a]) * (X[i * d + b] - mean[b]);
            C[a * d + b] = s / (n - 1);
        }
    free(mean);
}

/* One Jacobi rotation that zeroes A[p][q]; V accumulates the rotations. */
static void rotate(double *A, double *V, int d, int p, int q)
{
    double apq = A[p * d + q];
    if (apq == 0.0)
        return;
    double theta = (A[q * d + q] - A[p * d + p]) / (2.0 * apq);
    double t = (theta >= 0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
    double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
    for (int k = 0; k < d; k++) { /* columns p, q of A and of V */
        double akp = A[k * d + p], akq = A[k * d + q];
        A[k * d + p] = c * akp - s * akq;
        A[k * d + q] = s * akp + c * akq;
        double vkp = V[k * d + p], vkq = V[k * d + q];
        V[k * d + p] = c * vkp - s * vkq;
        V[k * d + q] = s * vkp + c * vkq;
    }
    for (int k = 0; k < d; k++) { /* rows p, q of A */
        double apk = A[p * d + k], aqk = A[q * d + k];
        A[p * d + k] = c * apk - s * aqk;
        A[q * d + k] = s * apk + c * aqk;
    }
}

static double off_diagonal(const double *A, int d)
{
    double s = 0.0;
    for (int p = 0; p < d; p++)
        for (int q = 0; q < d; q++)
            s += p != q ? A[p * d + q] * A[p * d + q] : 0.0;
    return s;
}

/* Eigen-decomposition of the symmetric A (destroyed: its diagonal ends
 * as the eigenvalues); the eigenvectors are the columns of V. */
static void jacobi(double *A, double *V, int d)
{
    double scale = 0.0;
    for (int i = 0; i < d * d; i++) {
        V[i] = i % (d + 1) == 0;
        scale += A[i] * A[i];
    }
    for (int sweep = 0; sweep < 100 && off_diagonal(A, d) > 1e-32 * scale; sweep++)
        for (int p = 0; p < d - 1; p++)
            for (int q = p + 1; q < d; q++)
                rotate(A, V, d, p, q);
}

void pca(const double *X, int n, int d, int k, double *components, double *explained_variance,
         double *explained_variance_ratio)
{
    double *C = malloc((size_t)d * d * sizeof *C), *V = malloc((size_t)d * d * sizeof *V);
    int *order = malloc((size_t)d * sizeof *order);
    covariance(X, n, d, C);
    double total = 0.0;
    for (int j = 0; j < d; j++)
        total += C[j * d + j]; /* the trace: the sum of all eigenvalues */
    jacobi(C, V, d);
    for (int j = 0; j < d; j++)
        order[j] = j;
    for (int i = 0; i < k; i++) /* selection sort, decreasing eigenvalue */
        for (int j = i + 1; j < d; j++)
            if (C[order[j] * d + order[j]] > C[order[i] * d + order[i]]) {
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
    for (int i = 0; i < k; i++) {
        int e = order[i];
        explained_variance[i] = C[e * d + e];
        explained_variance_ratio[i] = total > 0 ? C[e * d + e] / total : 0.0;
        for (int j = 0; j < d; j++)
            components[i * d + j] = V[j * d + e];
    }
    free(C);
    free(V);
    free(order);
}
