/* test_kmeans.c - k-means: convergence to the true centres of separated
 * blobs, the inertia against an independent computation, the Lloyd property
 * (inertia never rises), empty clusters, n_init keeping the best run, seeds
 * and threads giving bit-identical runs, the inspect functions, and an
 * MNIST subset scored by purity. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "kmeans.h"
#include "metrics.h"
#include "test_util.h"

/* ---------------------------------------------------------------- helpers */

/* Three Gaussian blobs (sd 0.5) around (0,0), (10,0), (0,10); 100 points
 * each, interleaved; y = the blob. */
static const float blob_centre[3][2] = { { 0, 0 }, { 10, 0 }, { 0, 10 } };

static void make_blobs(Dataset *ds, uint64_t seed)
{
    int n = 300;
    float *X = malloc((size_t)n * 2 * sizeof *X);
    int *y = malloc((size_t)n * sizeof *y);
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        y[i] = i % 3;
        X[2 * i] = blob_centre[y[i]][0] + 0.5f * (float)rng_normal(&rng);
        X[2 * i + 1] = blob_centre[y[i]][1] + 0.5f * (float)rng_normal(&rng);
    }
    test_dataset_from_arrays(ds, X, y, n, 2, 3);
    free(X);
    free(y);
}

/* Create with "key=value" parameters (NULL-terminated) and the given seed.
 * One run unless the parameters say otherwise, so iterations can be counted. */
static void *create(const Dataset *ds, uint64_t seed, ...)
{
    Params p;
    Error err = { 0 };
    assert_int_equal(params_init(&p, algo_kmeans.params, &err), 0);
    assert_int_equal(params_set(&p, "n_init", "1", &err), 0);
    va_list ap;
    va_start(ap, seed);
    const char *kv;
    while ((kv = va_arg(ap, const char *)) != NULL)
        assert_int_equal(params_parse_kv(&p, kv, &err), 0);
    va_end(ap);
    Rng rng;
    rng_seed(&rng, seed);
    void *m = algo_kmeans.create(&p, ds, &rng, &err);
    assert_non_null(m);
    params_free(&p);
    return m;
}

/* Step to the end (and a step more stays done); returns the number of steps. */
static int fit(void *m, const Dataset *ds, Trace *trace)
{
    int steps = test_fit(&algo_kmeans, m, ds, trace);
    assert_true(steps < 10000);
    Error err = { 0 };
    assert_int_equal(algo_kmeans.step(m, ds, trace, &err), STEP_DONE);
    return steps;
}

/* Sum of squared distances to the assigned centroids, in double. */
static double inertia_by_hand(const Dataset *ds, const float *C, const int *assign)
{
    int d = dataset_cols(ds);
    double s = 0.0;
    for (int i = 0; i < dataset_rows(ds); i++)
        for (int j = 0; j < d; j++) {
            double t = (double)MAT_AT(&ds->X, i, j) - C[(size_t)assign[i] * d + j];
            s += t * t;
        }
    return s;
}

/* ------------------------------------------------------------------ tests */

/* The nearest of k centroids C (k x d) to x by brute force in double, the
 * features in order, ties to the lowest index: the reference assignment. */
static int nearest_by_hand(const float *x, const float *C, int k, int d)
{
    int best = 0;
    double bd = INFINITY;
    for (int c = 0; c < k; c++) {
        double s = 0.0;
        for (int j = 0; j < d; j++) {
            double t = (double)x[j] - (double)C[(size_t)c * d + j];
            s += t * t;
        }
        if (s < bd) {
            bd = s;
            best = c;
        }
    }
    return best;
}

/* Rows on or within a hair of the bisector of centroids 0 and 1, far from
 * the origin (||x||^2 ~ 6e5, so the float expansion's rounding, ~0.05,
 * dwarfs the gaps).  Floats: most rows are decided only by exact
 * arithmetic.  Integers (a byte grid): every row is an exact tie between 0
 * and 1 (ties go to 0).  Centroid 2 is far away; centroid 3 duplicates 1. */
#define NT_D 64
#define NT_N 400
static void make_near_ties(float *X, float *C, bool integers)
{
    Rng rng;
    rng_seed(&rng, 99);
    for (int j = 0; j < NT_D; j++) {
        C[j] = integers ? 100.0f + (float)(j % 7) : 100.0f + (float)rng_uniform(&rng);
        C[NT_D + j] = C[j] + (integers ? 2.0f * (float)(j % 3) : (float)rng_normal(&rng));
        C[2 * NT_D + j] = C[j] + 50.0f;
        C[3 * NT_D + j] = C[NT_D + j];
    }
    for (int i = 0; i < NT_N; i++) {
        double t = (i % 4 == 0) ? 0.0 : 1e-6 * rng_normal(&rng); /* along c1 - c0 */
        for (int j = 0; j < NT_D; j++) {
            double mid = 0.5 * ((double)C[j] + C[NT_D + j]);
            double along = t * ((double)C[NT_D + j] - C[j]);
            if (integers) /* where c0 = c1, anywhere; elsewhere the midpoint */
                X[(size_t)i * NT_D + j] = (float)(mid + (j % 3 ? 0 : (i + j) % 5 - 2));
            else
                X[(size_t)i * NT_D + j] = (float)(mid + along);
        }
    }
}

/* Training rows X (NT_N x NT_D) and centroids C: labels as predict gives them. */
static void check_nearest_on_near_ties(bool integers)
{
    float *X = malloc((size_t)NT_N * NT_D * sizeof *X), C[4 * NT_D];
    make_near_ties(X, C, integers);
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, NT_N, NT_D, 0);
    void *m = create(&ds, 3, "k=4", "init=random", NULL);
    int *labels = calloc(NT_N, sizeof *labels);
    Error err = { 0 };
    assert_int_equal(kmeans_load_iteration(m, &ds, C, labels, &err), 0);
    assert_int_equal(algo_kmeans.predict(m, &ds.X, labels, NULL, &err), 0);
    int ones = 0;
    for (int i = 0; i < NT_N; i++) {
        assert_int_equal(labels[i], nearest_by_hand(mat_row(&ds.X, i), C, 4, NT_D));
        ones += labels[i] == 1;
    }
    if (!integers) /* both sides of the bisector occur */
        assert_true(ones > 0 && ones < NT_N);
    free(labels);
    free(X);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

/* Step m to the end; after every step, each row's cluster is its exact
 * nearest (brute force) among the centroids that step assigned to (the
 * path's previous position, or the final centroids once the run ended),
 * and the inertia is theirs. */
static void check_every_assignment(void *m, const Dataset *ds)
{
    int n = dataset_rows(ds), d = dataset_cols(ds), k = kmeans_k(m);
    StepStatus st;
    do {
        Error err = { 0 };
        st = algo_kmeans.step(m, ds, NULL, &err);
        assert_int_not_equal(st, STEP_ERROR);
        const float *C = st == STEP_DONE ? kmeans_centroids(m)
                                         : kmeans_path(m, kmeans_path_length(m) - 2);
        const int *a = kmeans_assignments(m);
        for (int i = 0; i < n; i++)
            assert_int_equal(a[i], nearest_by_hand(mat_row(&ds->X, i), C, k, d));
        /* The step's inertia (the trace's; from the integer sums on byte
         * rows) is that of these assignments to these centroids. */
        double want = inertia_by_hand(ds, C, a);
        assert_float_equal(kmeans_inertia(m), want, 1e-9 * (1.0 + want));
    } while (st != STEP_DONE);
}

static void test_kmeans_every_iteration_on_bytes_assigns_the_exact_nearest(void **state)
{
    (void)state;
    /* Exact ties from given centroids, then the iterations from there. */
    float *X = malloc((size_t)NT_N * NT_D * sizeof *X), C[4 * NT_D];
    make_near_ties(X, C, true);
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, NT_N, NT_D, 0);
    void *m = create(&ds, 3, "k=4", "init=random", "tol=0", NULL);
    int *labels = calloc(NT_N, sizeof *labels);
    Error err = { 0 };
    assert_int_equal(kmeans_load_iteration(m, &ds, C, labels, &err), 0);
    assert_string_equal(kmeans_kernel_name(m) + strlen(kmeans_kernel_name(m)) - 1, ")");
    assert_non_null(strstr(kmeans_kernel_name(m), "uint8"));
    check_every_assignment(m, &ds);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
    /* Overlapping integer clouds: many rows near the boundaries, many
     * iterations in which the bounds skip rows. */
    Rng rng;
    rng_seed(&rng, 5);
    for (int i = 0; i < NT_N; i++)
        for (int j = 0; j < NT_D; j++)
            X[(size_t)i * NT_D + j] = (float)(rng_below(&rng, 6) + 3 * (i % 3 == j % 3));
    test_dataset_from_arrays(&ds, X, NULL, NT_N, NT_D, 0);
    m = create(&ds, 8, "k=7", "tol=0", NULL);
    check_every_assignment(m, &ds);
    assert_true(kmeans_iteration(m) > 3);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
    free(labels);
    free(X);
}

static void test_kmeans_assigns_the_exact_nearest_centroid_on_near_ties(void **state)
{
    (void)state;
    check_nearest_on_near_ties(false);
    check_nearest_on_near_ties(true);
}

static void test_kmeans_converges_to_the_centres_of_separated_blobs(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 3);
    for (int init = 0; init < 2; init++) {
        void *m = create(&ds, 42, "k=3", init ? "init=random" : "init=kmeans++", "n_init=3", NULL);
        fit(m, &ds, NULL);
        assert_int_equal(kmeans_k(m), 3);
        const float *C = kmeans_centroids(m);
        assert_non_null(C);
        /* Each true centre has a centroid within 0.2 (means of 100 points with
         * sd 0.5 are within ~0.05 of it). */
        for (int t = 0; t < 3; t++) {
            double best = 1e9;
            for (int c = 0; c < 3; c++)
                best = fmin(best, hypot(C[2 * c] - blob_centre[t][0],
                                        C[2 * c + 1] - blob_centre[t][1]));
            assert_true(best < 0.2);
        }
        /* and each cluster is exactly one blob */
        const int *a = kmeans_assignments(m);
        for (int i = 3; i < 300; i++)
            assert_int_equal(a[i], a[i % 3]);
        algo_kmeans.destroy(m);
    }
    dataset_free(&ds);
}

static void test_kmeans_inertia_matches_an_independent_computation(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 4);
    void *m = create(&ds, 7, "k=4", NULL); /* one blob gets split */
    fit(m, &ds, NULL);
    const float *C = kmeans_centroids(m);
    const int *a = kmeans_assignments(m);
    double mine = inertia_by_hand(&ds, C, a);
    Mat Cm = { .rows = 4, .cols = 2, .data = (float *)C };
    double theirs = metrics_inertia(&ds.X, a, &Cm);
    assert_float_equal(kmeans_inertia(m), mine, 1e-6 * mine);
    assert_float_equal(theirs, mine, 1e-5 * mine);
    /* The assignments are the nearest centroids (the final assign ran). */
    for (int i = 0; i < 300; i++) {
        const float *x = mat_row(&ds.X, i);
        int best = 0;
        double bd = 1e30;
        for (int c = 0; c < 4; c++) {
            double dd = pow(x[0] - C[2 * c], 2) + pow(x[1] - C[2 * c + 1], 2);
            if (dd < bd) {
                bd = dd;
                best = c;
            }
        }
        assert_int_equal(a[i], best);
    }
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_inertia_never_rises_between_iterations(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 5);
    Trace tr;
    trace_init(&tr);
    void *m = create(&ds, 11, "k=6", "init=random", "tol=0", NULL);
    int steps = fit(m, &ds, &tr);
    double prev = INFINITY;
    int iters = 0;
    for (int e = 0; e < tr.count; e++) {
        if (strcmp(tr.events[e].tag, "iter") != 0)
            continue;
        double in = trace_event_get(&tr.events[e], "inertia");
        assert_true(in <= prev * (1.0 + 1e-6));
        prev = in;
        iters++;
        assert_non_null(strstr(tr.events[e].text, "points changed cluster"));
        assert_non_null(strstr(tr.events[e].text, "max centroid shift"));
    }
    assert_int_equal(iters, steps);
    assert_int_equal(kmeans_iteration(m), steps);
    /* tol = 0: only a stable assignment ends the run; the last iteration
     * moved no point. */
    assert_float_equal(trace_event_get(&tr.events[tr.count - 2], "changed"), 0.0, 0.0);
    trace_free(&tr);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_refuses_distances_that_overflow(void **state)
{
    (void)state;
    /* ||x - c||^2 of points 6e38 apart is above FLT_MAX (and their sum, a
     * centroid's numerator, too): issue 13 printed null centroids, exit 0 */
    const float X[] = { 3e38f, 3e38f, -3e38f, -3e38f, 3.1e38f, 3e38f, -3e38f, -3.2e38f, 1, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, 5, 2, 0);
    void *m = create(&ds, 1, "k=2", NULL);
    Error err = { 0 };
    StepStatus st = STEP_MORE;
    for (int i = 0; i < 200 && st == STEP_MORE; i++)
        st = algo_kmeans.step(m, &ds, NULL, &err);
    assert_int_equal(st, STEP_ERROR);
    assert_int_equal(err.code, ERR_DATA);
    assert_non_null(strstr(err.msg, "k-means: the distances overflow"));
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_empty_cluster_is_reseeded_with_the_farthest_point(void **state)
{
    (void)state;
    /* Rows 0 and 1 are the same point.  With k = 4 random initial centroids
     * from 5 rows, a run that picks both copies has two equal centroids: the
     * second gets no point.  It must be re-seeded with the point farthest from
     * its centroid: the one row that is not a centroid, 1 away from its
     * nearest (every other point is 0 away). */
    const float X[] = { 0, 0, 0, 0, 1, 0, 100, 0, 101, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, 5, 2, 0);
    int seen = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        Trace tr;
        trace_init(&tr);
        void *m = create(&ds, seed, "k=4", "init=random", NULL);
        fit(m, &ds, &tr);
        bool emptied = false;
        for (int e = 0; e < tr.count; e++)
            if (strcmp(tr.events[e].tag, "empty") == 0) {
                emptied = true;
                int row = (int)trace_event_get(&tr.events[e], "row");
                assert_float_equal(trace_event_get(&tr.events[e], "sq_distance"), 1.0, 1e-6);
                const float *c0 = kmeans_path(m, 0);
                for (int c = 0; c < 4; c++)
                    assert_memory_not_equal(c0 + 2 * c, X + 2 * row, 2 * sizeof(float));
            }
        if (emptied) {
            seen++;
            /* Four distinct centroids: {0,0}, {1,0}, {100,0}, {101,0}. */
            assert_float_equal(kmeans_inertia(m), 0.0, 1e-9);
            int count[4] = { 0 };
            for (int i = 0; i < 5; i++)
                count[kmeans_assignments(m)[i]]++;
            for (int c = 0; c < 4; c++)
                assert_true(count[c] >= 1);
        }
        for (int c = 0; c < 8; c++)
            assert_true(isfinite(kmeans_centroids(m)[c]));
        trace_free(&tr);
        algo_kmeans.destroy(m);
    }
    assert_true(seen > 0); /* some seed did pick both copies */
    dataset_free(&ds);
}

static void test_kmeans_n_init_keeps_the_run_with_the_lowest_inertia(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 6);
    Trace tr;
    trace_init(&tr);
    void *m = create(&ds, 5, "k=5", "init=random", "n_init=6", NULL);
    fit(m, &ds, &tr);
    double best = INFINITY;
    int runs = 0;
    for (int e = 0; e < tr.count; e++)
        if (strcmp(tr.events[e].tag, "run") == 0) {
            best = fmin(best, trace_event_get(&tr.events[e], "inertia"));
            runs++;
        }
    assert_int_equal(runs, 6);
    assert_int_equal(kmeans_runs(m), 6);
    assert_float_equal(kmeans_inertia(m), best, 0.0);
    double mine = inertia_by_hand(&ds, kmeans_centroids(m), kmeans_assignments(m));
    assert_float_equal(mine, best, 1e-6 * best);
    /* predict uses the kept centroids: the training rows get their clusters */
    int *labels = malloc(300 * sizeof *labels);
    assert_int_equal(algo_kmeans.predict(m, &ds.X, labels, NULL, NULL), 0);
    assert_memory_equal(labels, kmeans_assignments(m), 300 * sizeof *labels);
    free(labels);
    trace_free(&tr);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_same_seed_gives_the_same_run(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 8);
    void *a = create(&ds, 99, "k=7", NULL), *b = create(&ds, 99, "k=7", NULL);
    void *c = create(&ds, 100, "k=7", NULL);
    fit(a, &ds, NULL);
    fit(b, &ds, NULL);
    fit(c, &ds, NULL);
    assert_memory_equal(kmeans_centroids(a), kmeans_centroids(b), 7 * 2 * sizeof(float));
    assert_int_equal(kmeans_iteration(a), kmeans_iteration(b));
    /* another seed starts elsewhere */
    assert_memory_not_equal(kmeans_path(a, 0), kmeans_path(c, 0), 7 * 2 * sizeof(float));
    algo_kmeans.destroy(a);
    algo_kmeans.destroy(b);
    algo_kmeans.destroy(c);
    dataset_free(&ds);
}

static void test_kmeans_result_does_not_depend_on_the_thread_count(void **state)
{
    (void)state;
#ifdef _OPENMP
    /* 5000 rows: enough for the parallel loops to split the work. */
    int n = 5000, d = 9;
    float *X = malloc((size_t)n * d * sizeof *X);
    Rng rng;
    rng_seed(&rng, 3);
    for (int i = 0; i < n * d; i++)
        X[i] = (float)rng_normal(&rng) + (float)(i / d % 4) * 3.0f;
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, n, d, 0);
    int saved = omp_get_max_threads();
    omp_set_num_threads(1);
    void *one = create(&ds, 1, "k=4", NULL);
    fit(one, &ds, NULL);
    omp_set_num_threads(2);
    void *two = create(&ds, 1, "k=4", NULL);
    fit(two, &ds, NULL);
    omp_set_num_threads(saved);
    assert_memory_equal(kmeans_centroids(one), kmeans_centroids(two),
                        4 * (size_t)d * sizeof(float));
    assert_float_equal(kmeans_inertia(one), kmeans_inertia(two), 0.0);
    algo_kmeans.destroy(one);
    algo_kmeans.destroy(two);
    dataset_free(&ds);
    free(X);
#else
    skip();
#endif
}

static void test_kmeans_path_records_every_iteration(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 9);
    void *m = create(&ds, 2, "k=3", "init=random", NULL);
    /* step 0: the first run's initial centroids, the path at its start, no
     * assignments yet */
    assert_non_null(kmeans_centroids(m));
    assert_int_equal(kmeans_path_length(m), 1);
    assert_memory_equal(kmeans_path(m, 0), kmeans_centroids(m), 6 * sizeof(float));
    assert_null(kmeans_assignments(m));
    assert_true(isnan(kmeans_inertia(m)));
    assert_int_equal(algo_kmeans.step(m, &ds, NULL, NULL), STEP_MORE);
    assert_int_equal(kmeans_path_length(m), 2); /* initial + after iteration 1 */
    /* the initial centroids are training rows */
    const float *c0 = kmeans_path(m, 0);
    for (int c = 0; c < 3; c++) {
        bool found = false;
        for (int i = 0; i < 300 && !found; i++)
            found = memcmp(c0 + 2 * c, mat_row(&ds.X, i), 2 * sizeof(float)) == 0;
        assert_true(found);
    }
    assert_memory_equal(kmeans_path(m, 1), kmeans_centroids(m), 6 * sizeof(float));
    int steps = 1 + fit(m, &ds, NULL);
    assert_int_equal(kmeans_path_length(m), steps + 1);
    assert_null(kmeans_path(m, steps + 1));
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_k_zero_takes_the_number_of_classes(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 10);
    void *m = create(&ds, 1, NULL);
    assert_int_equal(kmeans_k(m), 3);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_rejects_more_clusters_than_rows(void **state)
{
    (void)state;
    const float X[] = { 1, 2, 3 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, 3, 1, 0);
    Params p;
    params_init(&p, algo_kmeans.params, NULL);
    params_parse_kv(&p, "k=4", NULL);
    Rng rng;
    rng_seed(&rng, 1);
    Error err = { 0 };
    assert_null(algo_kmeans.create(&p, &ds, &rng, &err));
    assert_int_equal(err.code, ERR_USAGE);
    params_free(&p);
    dataset_free(&ds);
}

static void test_kmeans_model_json_lists_the_centroids(void **state)
{
    (void)state;
    Dataset ds;
    make_blobs(&ds, 12);
    void *m = create(&ds, 1, "k=2", NULL);
    fit(m, &ds, NULL);
    StrBuf sb = STRBUF_INIT;
    algo_kmeans.model_json(m, &ds, &sb);
    assert_true(strncmp(sb_str(&sb), "{\"centroids\": [[", 16) == 0);
    assert_non_null(strstr(sb_str(&sb), "\"inertia\": "));
    sb_free(&sb);
    algo_kmeans.destroy(m);
    /* k=0 and n_init=0 mean "auto": the JSON says what was used (3 classes,
     * 10 restarts on small data) so the report does not print k=0 n_init=0. */
    m = create(&ds, 1, "k=0", "n_init=0", NULL);
    fit(m, &ds, NULL);
    algo_kmeans.model_json(m, &ds, &sb);
    if (!strstr(sb_str(&sb), "\"params_used\": {\"k\": 3, \"n_init\": 10}}"))
        fail_msg("%s", sb_str(&sb));
    sb_free(&sb);
    algo_kmeans.destroy(m);
    dataset_free(&ds);
}

static void test_kmeans_mnist_subset_clusters_digits(void **state)
{
    (void)state;
    Dataset all, tr;
    test_load(&all, "mnist", 42);
    int n = 6000;
    test_dataset_head(&all, n, &tr);
    dataset_free(&all);
    Error err = { 0 };
    void *m = create(&tr, 42, "k=10", NULL);
    int steps = fit(m, &tr, NULL);
    ClusterReport r;
    assert_int_equal(metrics_clustering(tr.y, 10, kmeans_assignments(m), 10, n, &r, &err), 0);
    print_message("MNIST 6000 k-means: %d iterations, inertia %.6g, purity %.3f, "
                  "homogeneity %.3f, completeness %.3f\n",
                  steps, kmeans_inertia(m), r.purity, r.homogeneity, r.completeness);
    /* scikit-learn's k-means on MNIST: purity about 0.59, homogeneity 0.49 */
    assert_true(r.purity >= 0.5);
    assert_true(r.homogeneity >= 0.4);
    double mine = inertia_by_hand(&tr, kmeans_centroids(m), kmeans_assignments(m));
    assert_float_equal(kmeans_inertia(m), mine, 1e-5 * mine);
    algo_kmeans.destroy(m);
    dataset_free(&tr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kmeans_converges_to_the_centres_of_separated_blobs),
        cmocka_unit_test(test_kmeans_inertia_matches_an_independent_computation),
        cmocka_unit_test(test_kmeans_inertia_never_rises_between_iterations),
        cmocka_unit_test(test_kmeans_empty_cluster_is_reseeded_with_the_farthest_point),
        cmocka_unit_test(test_kmeans_refuses_distances_that_overflow),
        cmocka_unit_test(test_kmeans_n_init_keeps_the_run_with_the_lowest_inertia),
        cmocka_unit_test(test_kmeans_same_seed_gives_the_same_run),
        cmocka_unit_test(test_kmeans_result_does_not_depend_on_the_thread_count),
        cmocka_unit_test(test_kmeans_path_records_every_iteration),
        cmocka_unit_test(test_kmeans_k_zero_takes_the_number_of_classes),
        cmocka_unit_test(test_kmeans_rejects_more_clusters_than_rows),
        cmocka_unit_test(test_kmeans_model_json_lists_the_centroids),
        cmocka_unit_test(test_kmeans_mnist_subset_clusters_digits),
        cmocka_unit_test(test_kmeans_assigns_the_exact_nearest_centroid_on_near_ties),
        cmocka_unit_test(test_kmeans_every_iteration_on_bytes_assigns_the_exact_nearest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
