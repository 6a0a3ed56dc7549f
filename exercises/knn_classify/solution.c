/* knn_classify - reference solution (C): squared distances by the expanded
 * formula ‖q‖² − 2q·x + ‖x‖², the k nearest by index-stable selection, a
 * majority vote with ties to the smallest label. */
#include <stdlib.h>

#define MAX_LABELS 100

static double dot(const double *a, const double *b, int d)
{
    double s = 0.0;
    for (int f = 0; f < d; f++)
        s += a[f] * b[f];
    return s;
}

/* Index of the smallest dist[] not yet taken; ties to the lowest index. */
static int nearest_not_taken(const double *dist, const char *taken, int n)
{
    int best = -1;
    for (int j = 0; j < n; j++)
        if (!taken[j] && (best < 0 || dist[j] < dist[best]))
            best = j;
    return best;
}

/* Vote over the k nearest (dist already filled); ties to the smallest label. */
static int vote(const double *dist, const int *ytr, int n, int k, char *taken)
{
    int count[MAX_LABELS] = { 0 };
    for (int j = 0; j < n; j++)
        taken[j] = 0;
    for (int t = 0; t < k; t++) {
        int j = nearest_not_taken(dist, taken, n);
        taken[j] = 1;
        count[ytr[j]]++;
    }
    int best = 0;
    for (int label = 1; label < MAX_LABELS; label++)
        if (count[label] > count[best])
            best = label;
    return best;
}

void knn_predict(const double *Xtr, const int *ytr, int n, int d, const double *Xq, int m, int k,
                 int *pred)
{
    if (k > n)
        k = n;
    double *xnorm = malloc((size_t)n * sizeof *xnorm);
    double *dist = malloc((size_t)n * sizeof *dist);
    char *taken = malloc((size_t)n);
    for (int j = 0; j < n; j++)
        xnorm[j] = dot(Xtr + (long)j * d, Xtr + (long)j * d, d);
    for (int i = 0; i < m; i++) {
        const double *q = Xq + (long)i * d;
        double qnorm = dot(q, q, d);
        for (int j = 0; j < n; j++)
            dist[j] = qnorm - 2.0 * dot(q, Xtr + (long)j * d, d) + xnorm[j];
        pred[i] = vote(dist, ytr, n, k, taken);
    }
    free(xnorm);
    free(dist);
    free(taken);
}
