/* meeting_point - your solution (C).
 * Check it with: mllab practice check meeting_point */

void manhattan_meeting_point(const int *points, int n, int *x, int *y)
{
    (void)n;
    /* TODO: the lower median of the x's and of the y's */
    *x = points[0];
    *y = points[1];
}

void geometric_median(const double *points, int n, double *x, double *y)
{
    (void)n;
    /* TODO: Weiszfeld: start at the centroid, re-weight by 1/distance */
    *x = points[0];
    *y = points[1];
}
