/* test_meeting.c - the meeting point: the Manhattan median against a
 * brute-force search over the grid, the Euclidean geometric median against
 * a brute-force grid search, a zero gradient and scipy's Nelder-Mead
 * (commands next to the values), Weiszfeld's cost never rising, collinear
 * and duplicate points, and iterates landing on data points (Vardi-Zhang). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "meeting.h"
#include "test_util.h"

/* Seven people in the plane, used by several tests. */
static const double seven[] = { 0, 0, 4, 0, 1, 3, 7, 5, 2, 9, 8, 1, 5, 5 };

/* ---------------------------------------------------------------- Manhattan */

static void test_manhattan_is_the_coordinate_wise_median_with_its_interval(void **state)
{
    (void)state;
    const double pts[] = { 1, 1, 3, 5, 6, 2, 2, 8 };
    double x[2], lo[2], hi[2];
    assert_int_equal(meet_manhattan(pts, 4, 2, x, lo, hi, NULL), 0);
    /* x: 1 2 3 6 -> [2, 3], lower 2; y: 1 2 5 8 -> [2, 5], lower 2 */
    assert_near(x[0], 2, 0);
    assert_near(x[1], 2, 0);
    assert_near(lo[0], 2, 0);
    assert_near(hi[0], 3, 0);
    assert_near(lo[1], 2, 0);
    assert_near(hi[1], 5, 0);
    /* every point of the box is optimal: the cost is flat there */
    double c = meet_total_distance(pts, 4, 2, x, MEET_MANHATTAN);
    assert_near(meet_total_distance(pts, 4, 2, (double[]){ 3, 5 }, MEET_MANHATTAN), c, 1e-12);
    assert_near(meet_total_distance(pts, 4, 2, (double[]){ 2.5, 4 }, MEET_MANHATTAN), c, 1e-12);
}

static void test_manhattan_matches_a_brute_force_grid_search(void **state)
{
    (void)state;
    /* LeetCode's best meeting point: people at (0,0), (0,4), (2,2): 6 */
    const double leet[] = { 0, 0, 0, 4, 2, 2 };
    double x[2];
    assert_int_equal(meet_manhattan(leet, 3, 2, x, NULL, NULL, NULL), 0);
    assert_near(meet_total_distance(leet, 3, 2, x, MEET_MANHATTAN), 6.0, 0);
    /* random integer people: no grid point beats the median */
    Rng r;
    rng_seed(&r, 5);
    for (int t = 0; t < 20; t++) {
        double pts[2 * 9];
        int n = 1 + (int)rng_below(&r, 9);
        for (int i = 0; i < 2 * n; i++)
            pts[i] = rng_below(&r, 12);
        assert_int_equal(meet_manhattan(pts, n, 2, x, NULL, NULL, NULL), 0);
        double best = INFINITY;
        for (int a = 0; a < 12; a++)
            for (int b = 0; b < 12; b++) {
                double c = meet_total_distance(pts, n, 2, (double[]){ a, b }, MEET_MANHATTAN);
                best = c < best ? c : best;
            }
        assert_near(meet_total_distance(pts, n, 2, x, MEET_MANHATTAN), best, 1e-12);
    }
}

/* ---------------------------------------------------------------- Euclidean */

/* The gradient Σ (x − pᵢ)/‖x − pᵢ‖ (x at no data point). */
static double gradient_norm(const double *pts, int n, int d, const double *x)
{
    double g[8] = { 0 };
    for (int i = 0; i < n; i++) {
        double dist = 0;
        for (int j = 0; j < d; j++)
            dist += (x[j] - pts[i * d + j]) * (x[j] - pts[i * d + j]);
        dist = sqrt(dist);
        for (int j = 0; j < d; j++)
            g[j] += (x[j] - pts[i * d + j]) / dist;
    }
    double s = 0;
    for (int j = 0; j < d; j++)
        s += g[j] * g[j];
    return sqrt(s);
}

static void test_geometric_median_matches_scipy_and_has_zero_gradient(void **state)
{
    (void)state;
    double x[3], cost;
    bool converged;
    assert_int_equal(meet_euclidean(seven, 7, 2, NULL, x, &cost, NULL, &converged, NULL), 0);
    assert_true(converged);
    /* /usr/bin/python3 -c "import numpy as np; from scipy.optimize import minimize;
     *   P=np.array([[0,0],[4,0],[1,3],[7,5],[2,9],[8,1],[5,5]],float);
     *   f=lambda x: np.linalg.norm(P-x,axis=1).sum();
     *   r=minimize(f,P.mean(0),method='Nelder-Mead',
     *              options=dict(xatol=1e-12,fatol=1e-14,maxiter=20000)); print(r.x, r.fun)"
     * (scipy 1.10.1) */
    assert_near(x[0], 4.179632169318452, 1e-7);
    assert_near(x[1], 3.430208848470423, 1e-7);
    assert_near(cost, 27.558446976493645, 1e-10);
    assert_true(gradient_norm(seven, 7, 2, x) < 1e-8);
    /* 3-D, the same command with P3 = [[0,0,0],[3,1,0],[1,4,2],[2,2,5],[6,0,1]] */
    const double p3[] = { 0, 0, 0, 3, 1, 0, 1, 4, 2, 2, 2, 5, 6, 0, 1 };
    assert_int_equal(meet_euclidean(p3, 5, 3, NULL, x, &cost, NULL, &converged, NULL), 0);
    assert_near(x[0], 2.4377641779880816, 1e-7);
    assert_near(x[1], 1.304206937464289, 1e-7);
    assert_near(x[2], 1.1004111116317332, 1e-7);
    assert_near(cost, 15.213299766070515, 1e-10);
}

static void test_geometric_median_beats_every_point_of_a_fine_grid(void **state)
{
    (void)state;
    double x[2], cost;
    assert_int_equal(meet_euclidean(seven, 7, 2, NULL, x, &cost, NULL, NULL, NULL), 0);
    /* a grid of step 0.01 over the points' box, then a finer one around
     * its best cell */
    double best = INFINITY, bx = 0, by = 0;
    for (int a = 0; a <= 800; a++)
        for (int b = 0; b <= 900; b += 1) {
            double c = meet_total_distance(seven, 7, 2, (double[]){ a / 100.0, b / 100.0 },
                                           MEET_EUCLIDEAN);
            if (c < best)
                best = c, bx = a / 100.0, by = b / 100.0;
        }
    assert_true(cost <= best + 1e-12);
    assert_near(x[0], bx, 0.01);
    assert_near(x[1], by, 0.01);
}

static void test_weiszfeld_cost_never_rises(void **state)
{
    (void)state;
    Rng r;
    rng_seed(&r, 9);
    double pts[2 * 40];
    for (int i = 0; i < 80; i++)
        pts[i] = 10 * rng_normal(&r) + (i % 2 ? 50 : 0);
    MeetOptions opt = { 0.0, 200 };
    Weiszfeld *w = weiszfeld_create(pts, 40, 2, &opt, NULL);
    assert_non_null(w);
    int steps = 0;
    while (weiszfeld_step(w, NULL) == STEP_MORE)
        steps++;
    assert_true(weiszfeld_iterations(w) >= 10);
    for (int t = 1; t <= weiszfeld_iterations(w); t++)
        assert_true(weiszfeld_cost_at(w, t) <= weiszfeld_cost_at(w, t - 1) * (1 + 1e-15));
    assert_true(weiszfeld_cost(w) < weiszfeld_cost_at(w, 0));
    /* the path starts at the centroid and ends at the point */
    assert_null(weiszfeld_path(w, weiszfeld_iterations(w) + 1));
    assert_memory_equal(weiszfeld_path(w, weiszfeld_iterations(w)), weiszfeld_point(w),
                        2 * sizeof(double));
    /* a step after the end changes nothing */
    assert_int_equal(weiszfeld_step(w, NULL), STEP_DONE);
    weiszfeld_free(w);
}

static void test_each_iteration_is_one_traced_step_with_its_cost(void **state)
{
    (void)state;
    Weiszfeld *w = weiszfeld_create(seven, 7, 2, NULL, NULL);
    Trace trace;
    trace_init(&trace);
    while (weiszfeld_step(w, &trace) == STEP_MORE)
        ;
    int steps = 0;
    for (int i = 0; i < trace.count; i++) {
        const TraceEvent *ev = &trace.events[i];
        if (ev->kind != TRACE_STEP)
            continue;
        steps++;
        assert_string_equal(ev->tag, "iter");
        assert_near(trace_event_get(ev, "cost"), weiszfeld_cost_at(w, steps), 0);
    }
    assert_int_equal(steps, weiszfeld_iterations(w));
    /* the last event says why it stopped */
    assert_string_equal(trace.events[trace.count - 1].tag, "converged");
    trace_free(&trace);
    weiszfeld_free(w);
}

static void test_collinear_points_give_the_one_dimensional_median(void **state)
{
    (void)state;
    double x[2], cost;
    bool converged;
    /* odd count: the middle point (1, 0) */
    const double odd[] = { 0, 0, 1, 0, 5, 0 };
    assert_int_equal(meet_euclidean(odd, 3, 2, NULL, x, &cost, NULL, &converged, NULL), 0);
    assert_true(converged);
    assert_near(x[0], 1.0, 1e-9);
    assert_near(x[1], 0.0, 1e-12);
    assert_near(cost, 5.0, 1e-9);
    /* even count: any point of [1, 2] x {0} is optimal, cost 1 + 0 + ... = 11 */
    const double even[] = { 0, 0, 1, 0, 2, 0, 10, 0 };
    assert_int_equal(meet_euclidean(even, 4, 2, NULL, x, &cost, NULL, NULL, NULL), 0);
    assert_true(x[0] >= 1.0 - 1e-9 && x[0] <= 2.0 + 1e-9);
    assert_near(cost, 11.0, 1e-9);
}

static void test_an_obtuse_triangle_meets_at_its_wide_vertex(void **state)
{
    (void)state;
    /* The angle at (5, 1) is 157 degrees (>= 120): the optimum is there. */
    const double tri[] = { 0, 0, 10, 0, 5, 1 };
    double x[2], cost;
    bool converged;
    assert_int_equal(meet_euclidean(tri, 3, 2, NULL, x, &cost, NULL, &converged, NULL), 0);
    assert_true(converged);
    assert_near(x[0], 5.0, 1e-9);
    assert_near(x[1], 1.0, 1e-9);
    assert_near(cost, 2 * sqrt(26.0), 1e-9);
}

static void test_a_start_on_an_optimal_data_point_stops_there(void **state)
{
    (void)state;
    /* a cross: the centroid (0, 0) is a data point and optimal (pull 0 <= 1) */
    const double cross[] = { 0, 0, 1, 0, -1, 0, 0, 1, 0, -1 };
    Weiszfeld *w = weiszfeld_create(cross, 5, 2, NULL, NULL);
    assert_int_equal(weiszfeld_step(w, NULL), STEP_DONE);
    assert_true(weiszfeld_converged(w));
    assert_true(weiszfeld_hit_data_point(w));
    assert_int_equal(weiszfeld_iterations(w), 0);
    assert_near(weiszfeld_cost(w), 4.0, 1e-15);
    weiszfeld_free(w);
}

static void test_a_start_on_a_wrong_data_point_moves_off_it_to_duplicates(void **state)
{
    (void)state;
    /* The centroid (0, 0) is a data point but the pull of the others is 2 >
     * 1, so Vardi-Zhang moves off it; the optimum is the triple (1, 0),
     * where the pull 2 <= 3. */
    const double pts[] = { 0, 0, 1, 0, 1, 0, 1, 0, -3, 0 };
    Weiszfeld *w = weiszfeld_create(pts, 5, 2, NULL, NULL);
    assert_int_equal(weiszfeld_step(w, NULL), STEP_MORE);
    assert_true(weiszfeld_hit_data_point(w));
    assert_true(weiszfeld_cost(w) < weiszfeld_cost_at(w, 0));
    while (weiszfeld_step(w, NULL) == STEP_MORE)
        ;
    assert_true(weiszfeld_converged(w));
    assert_near(weiszfeld_point(w)[0], 1.0, 1e-9);
    assert_near(weiszfeld_cost(w), 5.0, 1e-9);
    weiszfeld_free(w);
}

static void test_one_point_or_all_equal_points_are_their_own_median(void **state)
{
    (void)state;
    double x[2], cost;
    int iters;
    const double same[] = { 3, 4, 3, 4, 3, 4 };
    assert_int_equal(meet_euclidean(same, 3, 2, NULL, x, &cost, &iters, NULL, NULL), 0);
    assert_near(x[0], 3, 0);
    assert_near(x[1], 4, 0);
    assert_near(cost, 0, 0);
    assert_int_equal(iters, 0);
    assert_int_equal(meet_euclidean(same, 1, 2, NULL, x, &cost, NULL, NULL, NULL), 0);
    assert_near(x[0], 3, 0);
}

static void test_bad_points_and_options_are_errors(void **state)
{
    (void)state;
    Error err = { 0 };
    double x[2];
    assert_int_equal(meet_manhattan(seven, 0, 2, x, NULL, NULL, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    const double bad[] = { 0, 0, NAN, 1 };
    assert_int_equal(meet_euclidean(bad, 2, 2, NULL, x, NULL, NULL, NULL, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "point 2"));
    MeetOptions opt = { -1, 10 };
    assert_null(weiszfeld_create(seven, 7, 2, &opt, &err));
    assert_int_equal(err.code, ERR_USAGE);
    MeetMetric m;
    assert_int_equal(meet_metric_parse("chebyshev", &m), -1);
    assert_int_equal(meet_metric_parse("euclidean", &m), 0);
    assert_string_equal(meet_metric_name(m), "euclidean");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_manhattan_is_the_coordinate_wise_median_with_its_interval),
        cmocka_unit_test(test_manhattan_matches_a_brute_force_grid_search),
        cmocka_unit_test(test_geometric_median_matches_scipy_and_has_zero_gradient),
        cmocka_unit_test(test_geometric_median_beats_every_point_of_a_fine_grid),
        cmocka_unit_test(test_weiszfeld_cost_never_rises),
        cmocka_unit_test(test_each_iteration_is_one_traced_step_with_its_cost),
        cmocka_unit_test(test_collinear_points_give_the_one_dimensional_median),
        cmocka_unit_test(test_an_obtuse_triangle_meets_at_its_wide_vertex),
        cmocka_unit_test(test_a_start_on_an_optimal_data_point_stops_there),
        cmocka_unit_test(test_a_start_on_a_wrong_data_point_moves_off_it_to_duplicates),
        cmocka_unit_test(test_one_point_or_all_equal_points_are_their_own_median),
        cmocka_unit_test(test_bad_points_and_options_are_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
