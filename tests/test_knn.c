/* test_knn.c - k-nearest neighbours: hand-made sets with known neighbours,
 * each metric against hand arithmetic, the tie rule, distance weighting, the
 * exact byte kernel against a brute-force search, blocks and their trace,
 * and accuracy floors on breast cancer and an MNIST subset. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_path.h"
#include "knn.h"
#include "test_util.h"

/* ---------------------------------------------------------------- helpers */

/* A model trained on ds with "key=value" parameters (NULL-terminated); the
 * default k is lowered to the row count of tiny training sets. */
static void *train(const Dataset *ds, Trace *trace, ...)
{
    Params p;
    Error err = { 0 };
    assert_int_equal(params_init(&p, algo_knn.params, &err), 0);
    if (dataset_rows(ds) < params_int(&p, "k")) {
        char k[16];
        snprintf(k, sizeof k, "%d", dataset_rows(ds));
        assert_int_equal(params_set(&p, "k", k, &err), 0);
    }
    va_list ap;
    va_start(ap, trace);
    const char *kv;
    while ((kv = va_arg(ap, const char *)) != NULL)
        assert_int_equal(params_parse_kv(&p, kv, &err), 0);
    va_end(ap);
    Rng rng;
    rng_seed(&rng, 1);
    void *m = algo_knn.create(&p, ds, &rng, &err);
    assert_non_null(m);
    assert_int_equal(algo_knn.step(m, ds, trace, &err), STEP_DONE);
    assert_int_equal(algo_knn.step(m, ds, trace, &err), STEP_DONE); /* and stays done */
    params_free(&p);
    return m;
}

/* 1-D points 0, 1, 3, 6, 10 with classes 0, 0, 1, 1, 1. */
static const float line_x[] = { 0, 1, 3, 6, 10 };
static const int line_y[] = { 0, 0, 1, 1, 1 };

/* ------------------------------------------------------------ neighbours */

static void test_knn_neighbours_come_nearest_first(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    void *m = train(&ds, NULL, "k=3", NULL);
    assert_int_equal(knn_train_rows(m), 5);
    float q = 2.4f, dist[3];
    int idx[3];
    assert_int_equal(knn_neighbours(m, &q, 3, idx, dist, NULL), 3);
    /* |2.4-3| = 0.6, |2.4-1| = 1.4, |2.4-0| = 2.4 */
    assert_int_equal(idx[0], 2);
    assert_int_equal(idx[1], 1);
    assert_int_equal(idx[2], 0);
    assert_float_equal(dist[0], 0.6f, 1e-5);
    assert_float_equal(dist[1], 1.4f, 1e-5);
    assert_float_equal(dist[2], 2.4f, 1e-5);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_asking_for_more_neighbours_than_rows_pads_with_minus_one(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    void *m = train(&ds, NULL, "k=1", NULL);
    float q = 9.0f, dist[7];
    int idx[7];
    assert_int_equal(knn_neighbours(m, &q, 7, idx, dist, NULL), 5);
    assert_int_equal(idx[0], 4);
    assert_int_equal(idx[4], 0);
    assert_int_equal(idx[5], -1);
    assert_true(isnan(dist[6]));
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_equal_distances_prefer_the_earlier_row(void **state)
{
    (void)state;
    /* Rows 0 and 2 are both at distance 1 from the query 1 (and so is row 3). */
    const float X[] = { 0, 5, 2, 2, 0 };
    const int y[] = { 0, 1, 1, 0, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 5, 1, 2);
    void *m = train(&ds, NULL, "k=3", NULL);
    float q = 1.0f, dist[3];
    int idx[3];
    assert_int_equal(knn_neighbours(m, &q, 3, idx, dist, NULL), 3);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 2);
    assert_int_equal(idx[2], 3);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

/* Distances from the query (1, 2, 3) to two points, in each metric. */
static void check_metric(const char *metric, const char *p, float expect0, float expect1)
{
    const float X[] = { 4, 6, 3, /* diff (3, 4, 0) */
                        1, 0, 0 /* diff (0, -2, -3) */ };
    const int y[] = { 0, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 2, 3, 2);
    void *m = train(&ds, NULL, metric, p, NULL);
    const float q[] = { 1, 2, 3 };
    float dist[2];
    int idx[2];
    assert_int_equal(knn_neighbours(m, q, 2, idx, dist, NULL), 2);
    float got0 = idx[0] == 0 ? dist[0] : dist[1], got1 = idx[0] == 0 ? dist[1] : dist[0];
    assert_float_equal(got0, expect0, 1e-5);
    assert_float_equal(got1, expect1, 1e-5);
    assert_true(dist[0] <= dist[1]);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_euclidean_distance_by_hand(void **state)
{
    (void)state;
    check_metric("metric=euclidean", "p=2", 5.0f, sqrtf(13.0f));
}

static void test_knn_manhattan_distance_by_hand(void **state)
{
    (void)state;
    check_metric("metric=manhattan", "p=2", 7.0f, 5.0f);
}

static void test_knn_minkowski_distance_by_hand(void **state)
{
    (void)state;
    /* p = 3: (27 + 64)^(1/3) and (8 + 27)^(1/3) */
    check_metric("metric=minkowski", "p=3", cbrtf(91.0f), cbrtf(35.0f));
    /* p = 1 and p = 2 are manhattan and euclidean */
    check_metric("metric=minkowski", "p=1", 7.0f, 5.0f);
    check_metric("metric=minkowski", "p=2", 5.0f, sqrtf(13.0f));
}

static void test_knn_minkowski_with_a_large_p_does_not_overflow(void **state)
{
    (void)state;
    /* From the origin: A = (1000, 0) at 1000, B = (900, 900) at
     * 900 * 2^(1/40) ~ 915.9 for p = 40, so B is the nearest.  1000^40 =
     * 1e120 is far above FLT_MAX: summed as |x|^p both distances were inf
     * and tied (issue 13: k-NN on unscaled breast cancer fell to 0.5965). */
    const float X[] = { 1000, 0, 900, 900 };
    const int y[] = { 0, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 2, 2, 2);
    void *m = train(&ds, NULL, "metric=minkowski", "p=40", "k=1", NULL);
    const float q[] = { 0, 0 };
    float dist[2];
    int idx[2];
    assert_int_equal(knn_neighbours(m, q, 2, idx, dist, NULL), 2);
    assert_int_equal(idx[0], 1);
    assert_float_equal(dist[0], 900.0 * pow(2.0, 1.0 / 40), 1e-2);
    assert_float_equal(dist[1], 1000.0f, 1e-2);
    algo_knn.destroy(m);
    /* tiny differences: (1e-3)^100 underflows to 0 unscaled; scaled, it does not */
    const float Y[] = { 1e-3f, 0, 0, 2e-3f };
    dataset_free(&ds);
    test_dataset_from_arrays(&ds, Y, y, 2, 2, 2);
    m = train(&ds, NULL, "metric=minkowski", "p=100", "k=1", NULL);
    assert_int_equal(knn_neighbours(m, q, 2, idx, dist, NULL), 2);
    assert_int_equal(idx[0], 0);
    assert_float_equal(dist[0], 1e-3f, 1e-7);
    assert_float_equal(dist[1], 2e-3f, 1e-7);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_cosine_distance_by_hand(void **state)
{
    (void)state;
    /* q = (1,2,3), |q| = sqrt 14.  (4,6,3): dot 25, |z| = sqrt 61.
     * (1,0,0): dot 1, |z| = 1. */
    check_metric("metric=cosine", "p=2", 1.0f - 25.0f / sqrtf(14.0f * 61.0f),
                 1.0f - 1.0f / sqrtf(14.0f));
}

static void test_knn_cosine_distance_to_a_zero_vector_is_one(void **state)
{
    (void)state;
    const float X[] = { 0, 0, 2, 1 };
    const int y[] = { 0, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 2, 2, 2);
    void *m = train(&ds, NULL, "metric=cosine", NULL);
    const float q[] = { 4, 2 };
    float dist[2];
    int idx[2];
    assert_int_equal(knn_neighbours(m, q, 2, idx, dist, NULL), 2);
    assert_int_equal(idx[0], 1);
    assert_float_equal(dist[0], 0.0f, 1e-6);
    assert_int_equal(idx[1], 0);
    assert_float_equal(dist[1], 1.0f, 1e-6);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

/* ------------------------------------------------------------------ votes */

static int predict_one(void *m, float q, float *scores)
{
    Mat X = { .rows = 1, .cols = 1, .data = &q };
    int label = -1;
    assert_int_equal(algo_knn.predict(m, &X, &label, scores, NULL), 0);
    return label;
}

static void test_knn_majority_vote_decides(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    void *m = train(&ds, NULL, "k=3", NULL);
    float scores[2];
    /* near 2.4: rows 2 (class 1), 1 and 0 (class 0): class 0 by 2 votes to 1 */
    assert_int_equal(predict_one(m, 2.4f, scores), 0);
    assert_float_equal(scores[0], 2.0f / 3.0f, 1e-6);
    assert_float_equal(scores[1], 1.0f / 3.0f, 1e-6);
    /* near 7: rows 3, 4, 2, all class 1 */
    assert_int_equal(predict_one(m, 7.0f, scores), 1);
    assert_float_equal(scores[1], 1.0f, 1e-6);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_tie_goes_to_the_class_of_the_nearest_neighbour(void **state)
{
    (void)state;
    /* k = 2 and one neighbour of each class: 1 vote each. */
    const float X[] = { 0, 3 };
    const int y[] = { 1, 0 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 2, 1, 2);
    void *m = train(&ds, NULL, "k=2", NULL);
    float scores[2];
    assert_int_equal(predict_one(m, 1.0f, scores), 1); /* nearest is row 0, class 1 */
    assert_float_equal(scores[0], 0.5f, 1e-6);
    assert_float_equal(scores[1], 0.5f, 1e-6);
    assert_int_equal(predict_one(m, 2.0f, scores), 0); /* nearest is row 1, class 0 */
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_tie_among_three_classes_ignores_the_untied_class(void **state)
{
    (void)state;
    /* k = 5: classes 2, 0, 1, 0, 1 from nearest to farthest: 0 and 1 tie with
     * 2 votes each; class 2 has the nearest neighbour but is not tied, so the
     * nearest among the tied classes (row 1, class 0) decides. */
    const float X[] = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f };
    const int y[] = { 2, 0, 1, 0, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 5, 1, 3);
    void *m = train(&ds, NULL, "k=5", NULL);
    assert_int_equal(predict_one(m, 0.0f, NULL), 0);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_distance_weights_let_a_close_neighbour_outvote_two_far_ones(void **state)
{
    (void)state;
    /* From q = 0: row 0 (class 0) at 1, rows 1, 2 (class 1) at 4 and 5. */
    const float X[] = { 1, 4, -5 };
    const int y[] = { 0, 1, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 3, 1, 2);
    void *uni = train(&ds, NULL, "k=3", NULL);
    void *dst = train(&ds, NULL, "k=3", "weights=distance", NULL);
    float scores[2];
    assert_int_equal(predict_one(uni, 0.0f, scores), 1);
    assert_int_equal(predict_one(dst, 0.0f, scores), 0);
    /* weights 1/1 against 1/4 + 1/5 = 0.45 */
    assert_float_equal(scores[0], 1.0f / 1.45f, 1e-5);
    assert_float_equal(scores[1], 0.45f / 1.45f, 1e-5);
    algo_knn.destroy(uni);
    algo_knn.destroy(dst);
    dataset_free(&ds);
}

static void test_knn_distance_weights_give_an_exact_match_all_the_weight(void **state)
{
    (void)state;
    const float X[] = { 2, 2.5f, 1.5f };
    const int y[] = { 0, 1, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 3, 1, 2);
    void *m = train(&ds, NULL, "k=3", "weights=distance", NULL);
    float scores[2];
    assert_int_equal(predict_one(m, 2.0f, scores), 0);
    assert_float_equal(scores[0], 1.0f, 1e-6);
    assert_float_equal(scores[1], 0.0f, 1e-6);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

/* ----------------------------------------------------- kernels and blocks */

/* Brute force in double: the kk nearest rows of q (ties: lower row first). */
static void brute_force(const float *X, int n, int d, const float *q, int kk, int *idx)
{
    double *dist = malloc((size_t)n * sizeof *dist);
    char *used = calloc((size_t)n, 1);
    for (int i = 0; i < n; i++) {
        double s = 0.0;
        for (int j = 0; j < d; j++)
            s += ((double)X[(size_t)i * d + j] - q[j]) * ((double)X[(size_t)i * d + j] - q[j]);
        dist[i] = s;
    }
    for (int t = 0; t < kk; t++) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (!used[i] && (best < 0 || dist[i] < dist[best]))
                best = i;
        used[best] = 1;
        idx[t] = best;
    }
    free(dist);
    free(used);
}

/* Random data, n x d, either on the byte grid (k / 255) or not. */
static float *random_rows(Rng *rng, int n, int d, bool bytes)
{
    float *X = malloc((size_t)n * d * sizeof *X);
    for (size_t i = 0; i < (size_t)n * d; i++)
        X[i] = bytes ? (float)rng_below(rng, 256) / 255.0f : (float)rng_uniform(rng);
    return X;
}

static void check_against_brute_force(bool bytes)
{
    /* Sizes that exercise every remainder: d not a multiple of 4, n not a
     * multiple of 32, queries not a multiple of the micro-tile. */
    int n = 301, d = 37, nq = 45, kk = 7;
    Rng rng;
    rng_seed(&rng, bytes ? 7 : 8);
    float *X = random_rows(&rng, n, d, bytes), *Qx = random_rows(&rng, nq, d, bytes);
    int *y = calloc((size_t)n, sizeof *y);
    for (int i = 0; i < n; i++)
        y[i] = i % 3;
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, n, d, 3);
    void *m = train(&ds, NULL, "k=7", NULL);
    if (bytes)
        assert_true(strstr(knn_kernel_name(m), "exact") != NULL ||
                    strstr(knn_kernel_name(m), "float32") != NULL);
    else
        assert_string_equal(knn_kernel_name(m), "float32 (sgemm)");
    Mat Q = { .rows = nq, .cols = d, .data = Qx };
    int *idx = malloc((size_t)nq * kk * sizeof *idx), want[7];
    float *dist = malloc((size_t)nq * kk * sizeof *dist);
    assert_int_equal(knn_kneighbours(m, &Q, kk, idx, dist, NULL), 0);
    for (int r = 0; r < nq; r++) {
        brute_force(X, n, d, Qx + (size_t)r * d, kk, want);
        for (int t = 0; t < kk; t++) {
            assert_int_equal(idx[(size_t)r * kk + t], want[t]);
            const float *z = X + (size_t)want[t] * d, *x = Qx + (size_t)r * d;
            double s = 0.0;
            for (int j = 0; j < d; j++)
                s += ((double)z[j] - x[j]) * ((double)z[j] - x[j]);
            assert_float_equal(dist[(size_t)r * kk + t], sqrt(s), 1e-4);
        }
    }
    free(idx);
    free(dist);
    algo_knn.destroy(m);
    dataset_free(&ds);
    free(X);
    free(Qx);
    free(y);
}

static void test_knn_byte_grid_data_gets_the_exact_neighbours(void **state)
{
    (void)state;
    check_against_brute_force(true);
}

static void test_knn_float_data_gets_the_brute_force_neighbours(void **state)
{
    (void)state;
    check_against_brute_force(false);
}

static void test_knn_pixel_data_uses_the_exact_kernel_when_the_cpu_allows(void **state)
{
    (void)state;
    const float X[] = { 0, 1, 128 / 255.0f, 3 / 255.0f };
    const int y[] = { 0, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 2, 2, 2);
    void *m = train(&ds, NULL, "k=1", NULL);
    KernelPath path;
    assert_int_equal(kernel_path_select(&path, NULL), 0); /* MLLAB_KERNEL, else the best */
    char want[64];
    snprintf(want, sizeof want, "exact uint8 (%s)", kernel_path_title(path));
    assert_string_equal(knn_kernel_name(m), want);
    /* A query off the byte grid still works (through floats). */
    const float q[] = { 0.3f, 0.01f };
    float dist;
    int idx;
    assert_int_equal(knn_neighbours(m, q, 1, &idx, &dist, NULL), 1);
    assert_int_equal(idx, 1);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_one_value_off_the_byte_grid_keeps_the_floats(void **state)
{
    (void)state;
    /* 6000 integer rows (bytes at scale 1) except the very last value. */
    int n = 6000;
    float *X = malloc((size_t)n * sizeof *X);
    int *y = malloc((size_t)n * sizeof *y);
    for (int i = 0; i < n; i++) {
        X[i] = (float)(i % 200);
        y[i] = i % 200 < 100 ? 0 : 1;
    }
    X[n - 1] = 150.5f;
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, n, 1, 2);
    void *m = train(&ds, NULL, "k=1", NULL);
    assert_string_equal(knn_kernel_name(m), "float32 (sgemm)");
    float q = 150.4f, dist;
    int idx;
    assert_int_equal(knn_neighbours(m, &q, 1, &idx, &dist, NULL), 1);
    assert_int_equal(idx, n - 1);
    assert_float_equal(dist, 0.1f, 1e-4); /* recomputed directly, not by the expansion */
    algo_knn.destroy(m);
    dataset_free(&ds);
    free(X);
    free(y);
}

static void test_knn_predict_block_writes_only_its_rows_and_traces_them(void **state)
{
    (void)state;
    int n = KNN_BLOCK_ROWS + 10;
    float *Q = malloc((size_t)n * sizeof *Q);
    int *labels = malloc((size_t)n * sizeof *labels);
    for (int i = 0; i < n; i++) {
        Q[i] = i % 2 ? 9.0f : 0.5f; /* class 1 / class 0 */
        labels[i] = -7;
    }
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    void *m = train(&ds, NULL, "k=1", NULL);
    Mat X = { .rows = n, .cols = 1, .data = Q };
    Trace tr;
    trace_init(&tr);
    assert_int_equal(knn_block_count(n), 2);
    assert_int_equal(knn_predict_block(m, &X, 1, labels, NULL, &tr, NULL), 0);
    for (int i = 0; i < KNN_BLOCK_ROWS; i++)
        assert_int_equal(labels[i], -7);
    for (int i = KNN_BLOCK_ROWS; i < n; i++)
        assert_int_equal(labels[i], i % 2);
    assert_int_equal(tr.count, 1);
    assert_string_equal(tr.events[0].text, "block 2/2: 10 points classified");
    assert_float_equal(trace_event_get(&tr.events[0], "points"), 10.0, 0.0);
    Error err = { 0 };
    assert_int_equal(knn_predict_block(m, &X, 2, labels, NULL, &tr, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    trace_free(&tr);
    algo_knn.destroy(m);
    dataset_free(&ds);
    free(Q);
    free(labels);
}

static void test_knn_training_step_stores_the_rows_and_traces_it(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    Trace tr;
    trace_init(&tr);
    void *m = train(&ds, &tr, "k=3", NULL);
    assert_int_equal(tr.count, 1);
    assert_non_null(strstr(tr.events[0].text, "stored 5 training rows x 1 features"));
    assert_float_equal(trace_event_get(&tr.events[0], "rows"), 5.0, 0.0);
    assert_int_equal(knn_train_label(m, 3), 1);
    trace_free(&tr);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

static void test_knn_rejects_queries_with_the_wrong_width(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    void *m = train(&ds, NULL, "k=3", NULL);
    float q[2] = { 1, 2 };
    Mat X = { .rows = 1, .cols = 2, .data = q };
    int label;
    Error err = { 0 };
    assert_int_equal(algo_knn.predict(m, &X, &label, NULL, &err), -1);
    assert_int_equal(err.code, ERR_DATA);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

/* algo.h: predict works before any step.  At step 0 k-NN searches the float
 * copy create keeps; after the step the rows (whole numbers, so on the byte
 * grid) are stored as bytes: the same answers both times. */
static void test_knn_predicts_before_the_training_step(void **state)
{
    (void)state;
    Dataset ds;
    test_dataset_from_arrays(&ds, line_x, line_y, 5, 1, 2);
    void *m = test_create(&algo_knn, &ds, (const char *[]){ "k=3", NULL }, 1);
    assert_int_equal(knn_train_rows(m), 0); /* nothing stored by the step yet */
    float scores[2];
    assert_int_equal(predict_one(m, 2.4f, scores), 0);
    assert_near(scores[0], 2.0 / 3.0, 1e-6);
    assert_int_equal(predict_one(m, 7.0f, scores), 1);
    test_fit(&algo_knn, m, &ds, NULL);
    assert_int_equal(predict_one(m, 2.4f, scores), 0);
    assert_near(scores[0], 2.0 / 3.0, 1e-6);
    assert_int_equal(predict_one(m, 7.0f, scores), 1);
    algo_knn.destroy(m);
    dataset_free(&ds);
}

/* -------------------------------------------------------------- real data */

static void test_knn_breast_cancer_within_two_points_of_scikit_learn(void **state)
{
    (void)state;
    Dataset tr, te;
    test_load_split(&tr, &te, "breast_cancer", algo_knn.default_scale);
    void *m = train(&tr, NULL, NULL); /* defaults: k = 5 */
    double acc = test_accuracy(&algo_knn, m, &te);
    print_message("breast cancer k-NN accuracy %.4f (scikit-learn 0.9561)\n", acc);
    assert_true(acc >= 0.9561 - 0.02);
    algo_knn.destroy(m);
    dataset_free(&tr);
    dataset_free(&te);
}

static void test_knn_mnist_subset_reaches_the_floor(void **state)
{
    (void)state;
    Dataset tr, te;
    int ntr = 10000;
    test_load_mnist_head(&tr, ntr, &te, 1000);
    void *m = train(&tr, NULL, "k=3", NULL);
    double acc = test_accuracy(&algo_knn, m, &te);
    print_message("MNIST 10000/1000 k-NN (k=3) accuracy %.4f, kernel %s\n", acc,
                  knn_kernel_name(m));
    assert_true(acc >= 0.90);

    /* The exact kernel's neighbours are the brute-force ones (first 20 queries). */
    int idx[3], want[3];
    float dist[3];
    for (int r = 0; r < 20; r++) {
        assert_int_equal(knn_neighbours(m, mat_row(&te.X, r), 3, idx, dist, NULL), 3);
        brute_force(tr.X.data, ntr, dataset_cols(&tr), mat_row(&te.X, r), 3, want);
        assert_memory_equal(idx, want, sizeof idx);
    }
    algo_knn.destroy(m);
    dataset_free(&tr);
    dataset_free(&te);
}

static void test_knn_k_larger_than_the_training_set_is_refused(void **state)
{
    (void)state;
    Dataset ds = { 0 };
    const float X[] = { 0, 0, 1, 1, 2, 2 };
    const int y[] = { 0, 1, 1 };
    test_dataset_from_arrays(&ds, X, y, 3, 2, 2);
    Params p;
    Error err = { 0 };
    assert_int_equal(params_init(&p, algo_knn.params, &err), 0);
    assert_int_equal(params_set(&p, "k", "4", &err), 0);
    Rng rng;
    rng_seed(&rng, 1);
    assert_null(algo_knn.create(&p, &ds, &rng, &err));
    assert_int_equal(err.code, ERR_USAGE);
    assert_string_equal(err.msg, "parameter k=4 is more than the 3 training rows");
    params_free(&p);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_knn_k_larger_than_the_training_set_is_refused),
        cmocka_unit_test(test_knn_neighbours_come_nearest_first),
        cmocka_unit_test(test_knn_asking_for_more_neighbours_than_rows_pads_with_minus_one),
        cmocka_unit_test(test_knn_equal_distances_prefer_the_earlier_row),
        cmocka_unit_test(test_knn_euclidean_distance_by_hand),
        cmocka_unit_test(test_knn_manhattan_distance_by_hand),
        cmocka_unit_test(test_knn_minkowski_distance_by_hand),
        cmocka_unit_test(test_knn_minkowski_with_a_large_p_does_not_overflow),
        cmocka_unit_test(test_knn_cosine_distance_by_hand),
        cmocka_unit_test(test_knn_cosine_distance_to_a_zero_vector_is_one),
        cmocka_unit_test(test_knn_majority_vote_decides),
        cmocka_unit_test(test_knn_tie_goes_to_the_class_of_the_nearest_neighbour),
        cmocka_unit_test(test_knn_tie_among_three_classes_ignores_the_untied_class),
        cmocka_unit_test(test_knn_distance_weights_let_a_close_neighbour_outvote_two_far_ones),
        cmocka_unit_test(test_knn_distance_weights_give_an_exact_match_all_the_weight),
        cmocka_unit_test(test_knn_byte_grid_data_gets_the_exact_neighbours),
        cmocka_unit_test(test_knn_float_data_gets_the_brute_force_neighbours),
        cmocka_unit_test(test_knn_pixel_data_uses_the_exact_kernel_when_the_cpu_allows),
        cmocka_unit_test(test_knn_one_value_off_the_byte_grid_keeps_the_floats),
        cmocka_unit_test(test_knn_predict_block_writes_only_its_rows_and_traces_them),
        cmocka_unit_test(test_knn_training_step_stores_the_rows_and_traces_it),
        cmocka_unit_test(test_knn_rejects_queries_with_the_wrong_width),
        cmocka_unit_test(test_knn_predicts_before_the_training_step),
        cmocka_unit_test(test_knn_breast_cancer_within_two_points_of_scikit_learn),
        cmocka_unit_test(test_knn_mnist_subset_reaches_the_floor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
