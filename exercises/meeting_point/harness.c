/* harness.c - calls the learner's manhattan_meeting_point on `grid` (when
 * given) and geometric_median on `cloud` (when given).  Outputs: the grid
 * point (`point`) and its total Manhattan distance (`grid_total`); the
 * total Euclidean distance of the learner's geometric median
 * (`cloud_total`; NaN coordinates give NaN). */
#include <math.h>
#include <stdlib.h>

#include "mllab_practice.h"
#include "signature.h"

static void run_grid(void)
{
    long len;
    int *grid = mp_in_int("grid", &len, NULL, NULL);
    int n = (int)(len / 2), p[2] = { 0, 0 };
    mp_clock_start();
    manhattan_meeting_point(grid, n, &p[0], &p[1]);
    mp_clock_stop();
    double total = 0;
    for (int i = 0; i < n; i++)
        total += fabs((double)grid[2 * i] - p[0]) + fabs((double)grid[2 * i + 1] - p[1]);
    int dims[1] = { 2 };
    mp_out_int("point", p, 1, dims);
    mp_out_scalar("grid_total", total);
}

static void run_cloud(void)
{
    long len;
    double *cloud = mp_in_f64("cloud", &len, NULL, NULL);
    int n = (int)(len / 2);
    double x = 0, y = 0;
    mp_clock_start();
    geometric_median(cloud, n, &x, &y);
    mp_clock_stop();
    double total = 0;
    for (int i = 0; i < n; i++)
        total += hypot(cloud[2 * i] - x, cloud[2 * i + 1] - y);
    mp_out_scalar("cloud_total", total);
}

int main(int argc, char **argv)
{
    mp_open(argc, argv);
    if (mp_has("grid"))
        run_grid();
    if (mp_has("cloud"))
        run_cloud();
    return mp_finish();
}
