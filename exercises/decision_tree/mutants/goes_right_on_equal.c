/* mutant: at prediction time goes left only when x < t (strictly), so a
 * query equal to a threshold goes the wrong way: fails depth_two. */
#include <stdlib.h>

typedef struct N {
    int f, l, r, label;
    double t;
} N;

static const double *gX;
static const int *gy;
static int gd, gmax, gcount;
static N *nodes;

static double gi(const int *c, int n)
{
    double s = 0;
    for (int k = 0; k < 100; k++)
        s += (double)c[k] * c[k];
    return n ? 1 - s / ((double)n * n) : 0;
}

static int build(int *idx, int cnt, int depth)
{
    int me = gcount++, count[100] = { 0 }, distinct = 0;
    for (int i = 0; i < cnt; i++)
        distinct += count[gy[idx[i]]]++ == 0;
    nodes[me].f = -1;
    nodes[me].label = 0;
    for (int k = 1; k < 100; k++)
        if (count[k] > count[nodes[me].label])
            nodes[me].label = k;
    if (depth >= gmax || distinct <= 1)
        return me;
    int bf = -1;
    double bt = 0, bs = 0;
    for (int f = 0; f < gd; f++)
        for (int a = 0; a < cnt; a++) {
            double v = gX[idx[a] * gd + f], next = 1e300;
            for (int b = 0; b < cnt; b++)
                if (gX[idx[b] * gd + f] > v && gX[idx[b] * gd + f] < next)
                    next = gX[idx[b] * gd + f];
            if (next == 1e300)
                continue;
            double t = (v + next) / 2;
            int L[100] = { 0 }, R[100] = { 0 }, nl = 0;
            for (int i = 0; i < cnt; i++) {
                if (gX[idx[i] * gd + f] <= t) {
                    L[gy[idx[i]]]++;
                    nl++;
                } else {
                    R[gy[idx[i]]]++;
                }
            }
            double s = (nl * gi(L, nl) + (cnt - nl) * gi(R, cnt - nl)) / cnt;
            if (bf < 0 || s < bs - 1e-12 || (s < bs + 1e-12 && f == bf && t < bt)) {
                bf = f;
                bt = t;
                bs = s;
            }
        }
    if (bf < 0)
        return me;
    int nl = 0;
    for (int i = 0; i < cnt; i++)
        if (gX[idx[i] * gd + bf] <= bt) {
            int tmp = idx[nl];
            idx[nl++] = idx[i];
            idx[i] = tmp;
        }
    nodes[me].f = bf;
    nodes[me].t = bt;
    int l = build(idx, nl, depth + 1), r = build(idx + nl, cnt - nl, depth + 1);
    nodes[me].l = l;
    nodes[me].r = r;
    return me;
}

void tree_fit_predict(const double *X, const int *y, int n, int d, int max_depth, const double *Xq,
                      int m, int *pred)
{
    int *idx = malloc(sizeof *idx * (size_t)n);
    for (int i = 0; i < n; i++)
        idx[i] = i;
    gX = X;
    gy = y;
    gd = d;
    gmax = max_depth;
    gcount = 0;
    nodes = malloc(sizeof *nodes * (size_t)(2 * n + 1));
    build(idx, n, 0);
    for (int i = 0; i < m; i++) {
        int k = 0;
        while (nodes[k].f >= 0)
            k = Xq[i * d + nodes[k].f] < nodes[k].t ? nodes[k].l : nodes[k].r;
        pred[i] = nodes[k].label;
    }
    free(idx);
    free(nodes);
}
