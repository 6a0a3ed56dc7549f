/* graph_layout.c - where to draw a graph: a seeded force-directed layout
 * (Fruchterman and Reingold, 1991).  Every pair of nodes repels with force
 * k²/d, every edge attracts with force d²/k (k = sqrt(1/n), the ideal edge
 * length in the unit square), and each node moves along its net force by at
 * most a "temperature" that cools linearly to zero.  The start positions
 * come from the seed, so a seed gives the same picture every time.  The
 * result is scaled into [0, 1] x [0, 1] (a coordinate with no spread is 0.5).
 * O(n²) per iteration: meant for graphs of a few hundred nodes, such as the
 * karate club the lab draws. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "graph.h"
#include "rng.h"

/* One iteration: the displacements, then the moves capped at t. */
static void layout_iteration(const Graph *g, double *xy, double *disp, double k, double t)
{
    int n = g->n;
    memset(disp, 0, sizeof *disp * 2 * (size_t)n);
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++) {
            double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
            double d = fmax(sqrt(dx * dx + dy * dy), 1e-9), f = k * k / d / d;
            disp[2 * i] += dx * f, disp[2 * i + 1] += dy * f;
            disp[2 * j] -= dx * f, disp[2 * j + 1] -= dy * f;
        }
    for (int u = 0; u < n; u++)
        for (int e = g->offset[u]; e < g->offset[u + 1]; e++) {
            int v = g->adj[e];
            if (v <= u)
                continue;
            double dx = xy[2 * u] - xy[2 * v], dy = xy[2 * u + 1] - xy[2 * v + 1];
            double d = sqrt(dx * dx + dy * dy), f = d / k;
            disp[2 * u] -= dx * f, disp[2 * u + 1] -= dy * f;
            disp[2 * v] += dx * f, disp[2 * v + 1] += dy * f;
        }
    for (int i = 0; i < n; i++) {
        double len = sqrt(disp[2 * i] * disp[2 * i] + disp[2 * i + 1] * disp[2 * i + 1]);
        if (len > 0) {
            double step = fmin(len, t) / len;
            xy[2 * i] += disp[2 * i] * step;
            xy[2 * i + 1] += disp[2 * i + 1] * step;
        }
    }
}

/* Scale each coordinate into [0, 1] (0.5 when it has no spread). */
static void normalise(double *xy, int n)
{
    for (int c = 0; c < 2; c++) {
        double lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < n; i++) {
            lo = fmin(lo, xy[2 * i + c]);
            hi = fmax(hi, xy[2 * i + c]);
        }
        for (int i = 0; i < n; i++)
            xy[2 * i + c] = hi > lo ? (xy[2 * i + c] - lo) / (hi - lo) : 0.5;
    }
}

int graph_layout(const Graph *g, uint64_t seed, int iterations, double *xy, Error *err)
{
    if (g->n < 1 || iterations < 0)
        return error_set(err, ERR_USAGE, "graph layout: %d nodes, %d iterations", g->n,
                         iterations);
    double *disp = malloc(sizeof *disp * 2 * (size_t)g->n);
    if (!disp)
        return error_set(err, ERR_NOMEM, "graph layout: out of memory");
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < 2 * g->n; i++)
        xy[i] = rng_uniform(&rng);
    double k = sqrt(1.0 / g->n), t0 = 0.1;
    for (int it = 0; it < iterations; it++)
        layout_iteration(g, xy, disp, k, t0 * (1.0 - (double)it / iterations));
    free(disp);
    normalise(xy, g->n);
    return 0;
}
