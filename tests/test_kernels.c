/* test_kernels.c - the run-time choice of the distance kernels
 * (algorithms/kernel_path.h): MLLAB_KERNEL's values and errors, and every
 * path this CPU supports giving the same results on byte data: the k-NN
 * neighbours of a brute-force search in integers (ties by row) with the
 * same distances, and the same k-means centroids, bit for bit.
 * (tests/kernels_paths.sh also runs test_knn and test_kmeans once per
 * forced path.) */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kernel_path.h"
#include "kmeans.h"
#include "knn.h"
#include "test_util.h"

/* ---------------------------------------------------------------- helpers */

/* MLLAB_KERNEL as the test found it, put back by restore_env. */
static char saved_env[64];
static int saved_set;

static void save_env(void)
{
    const char *v = getenv("MLLAB_KERNEL");
    saved_set = v != NULL;
    snprintf(saved_env, sizeof saved_env, "%s", v ? v : "");
}

static void restore_env(void)
{
    if (saved_set)
        setenv("MLLAB_KERNEL", saved_env, 1);
    else
        unsetenv("MLLAB_KERNEL");
}

/* n x d pixel-like rows k / 255: every third group of 4 features blank (as
 * the border of a digit: the kernels skip those groups), the others about
 * 60% zeros, and rows 40..79 repeating rows 0..39 (ties between rows). */
static float *pixel_rows(uint64_t seed, int n, int d)
{
    Rng rng;
    rng_seed(&rng, seed);
    float *X = malloc((size_t)n * d * sizeof *X);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < d; j++) {
            bool blank = (j / 4) % 3 == 0 || rng_below(&rng, 10) < 6;
            float v = blank ? 0.0f : (float)rng_below(&rng, 256) / 255.0f;
            X[(size_t)i * d + j] = i >= 40 && i < 80 ? X[(size_t)(i - 40) * d + j] : v;
        }
    return X;
}

/* Squared distance in byte units (exact integers) of rows a and b. */
static long byte_sq(const float *a, const float *b, int d)
{
    long s = 0;
    for (int j = 0; j < d; j++) {
        long t = lroundf(a[j] * 255.0f) - lroundf(b[j] * 255.0f);
        s += t * t;
    }
    return s;
}

/* The kk nearest of the n rows X to x, by exact integer distance, the
 * earlier row first among equals (selection, kk small). */
static void brute_force(const float *X, int n, int d, const float *x, int kk, int *out)
{
    for (int t = 0; t < kk; t++) {
        long best = -1;
        for (int i = 0; i < n; i++) {
            bool taken = false;
            for (int u = 0; u < t; u++)
                taken |= out[u] == i;
            long s = byte_sq(X + (size_t)i * d, x, d);
            if (!taken && (best < 0 || s < best)) {
                best = s;
                out[t] = i;
            }
        }
    }
}

/* ------------------------------------------------------- MLLAB_KERNEL */

static void test_kernel_unknown_name_is_a_usage_error(void **state)
{
    (void)state;
    save_env();
    setenv("MLLAB_KERNEL", "sse9", 1);
    KernelPath p;
    Error err = { 0 };
    assert_int_equal(kernel_path_select(&p, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_non_null(strstr(err.msg, "MLLAB_KERNEL=sse9"));
    /* k-NN and k-means refuse to be made with it, with the same error. */
    float X[] = { 0, 1, 2, 3 };
    int y[] = { 0, 1, 0, 1 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, 4, 1, 2);
    const char *const k1[] = { "k=1", NULL };
    Error e2 = { 0 }, e3 = { 0 };
    assert_null(test_try_create(&algo_knn, &ds, k1, 1, &e2));
    assert_int_equal(e2.code, ERR_USAGE);
    const char *const k2[] = { "k=2", NULL };
    assert_null(test_try_create(&algo_kmeans, &ds, k2, 1, &e3));
    assert_int_equal(e3.code, ERR_USAGE);
    dataset_free(&ds);
    restore_env();
}

static void test_kernel_unset_or_empty_picks_the_best_supported(void **state)
{
    (void)state;
    save_env();
    KernelPath best = kernel_path_best(), p = KPATH_GENERIC;
    assert_true(kernel_path_supported(best));
    assert_true(kernel_path_supported(KPATH_GENERIC));
    unsetenv("MLLAB_KERNEL");
    assert_int_equal(kernel_path_select(&p, NULL), 0);
    assert_int_equal(p, best);
    setenv("MLLAB_KERNEL", "", 1);
    assert_int_equal(kernel_path_select(&p, NULL), 0);
    assert_int_equal(p, best);
    setenv("MLLAB_KERNEL", "generic", 1);
    assert_int_equal(kernel_path_select(&p, NULL), 0);
    assert_int_equal(p, KPATH_GENERIC);
    restore_env();
}

static void test_kernel_forcing_a_path_is_allowed_only_when_supported(void **state)
{
    (void)state;
    save_env();
    for (int q = KPATH_GENERIC; q <= KPATH_VNNI; q++) {
        setenv("MLLAB_KERNEL", kernel_path_name((KernelPath)q), 1);
        KernelPath p = KPATH_GENERIC;
        Error err = { 0 };
        int rc = kernel_path_select(&p, &err);
        if (kernel_path_supported((KernelPath)q)) {
            assert_int_equal(rc, 0);
            assert_int_equal(p, q);
        } else {
            assert_int_equal(rc, -1);
            assert_int_equal(err.code, ERR_USAGE);
            assert_non_null(strstr(err.msg, "does not support"));
        }
    }
    restore_env();
}

/* ------------------------------------------------------------------ k-NN */

/* The neighbours (idx, dist: nq x kk) of Q found by a k-NN model made on
 * path p, whose kernel name must say the path. */
static void knn_on_path(KernelPath p, const Dataset *ds, const Mat *Q, int kk, int *idx,
                        float *dist)
{
    setenv("MLLAB_KERNEL", kernel_path_name(p), 1);
    const char *const k[] = { "k=7", NULL };
    void *m = test_train(&algo_knn, ds, k, 1, NULL);
    char want[64];
    snprintf(want, sizeof want, "exact uint8 (%s)", kernel_path_title(p));
    assert_string_equal(knn_kernel_name(m), want);
    assert_int_equal(knn_kneighbours(m, Q, kk, idx, dist, NULL), 0);
    algo_knn.destroy(m);
}

/* Every supported path against brute force and against each other, on n
 * rows of d features (sizes that leave remainders in every tile), images of
 * w x h when w > 0 (the pruned search then pools 2 x 2 pixels). */
static void check_knn_paths(int n, int d, int nq, uint64_t seed, int w, int h)
{
    enum { KK = 7 };
    save_env();
    float *X = pixel_rows(seed, n, d), *Qx = pixel_rows(seed + 1, nq, d);
    int *y = malloc((size_t)n * sizeof *y), *want = malloc((size_t)nq * KK * sizeof *want);
    for (int i = 0; i < n; i++)
        y[i] = i % 3;
    for (int r = 0; r < nq; r++)
        brute_force(X, n, d, Qx + (size_t)r * d, KK, want + (size_t)r * KK);
    Dataset ds;
    test_dataset_from_arrays(&ds, X, y, n, d, 3);
    ds.image_w = w;
    ds.image_h = h;
    Mat Q = { .rows = nq, .cols = d, .data = Qx };
    int *idx[3];
    float *dist[3];
    for (int p = KPATH_GENERIC; p <= KPATH_VNNI; p++) {
        idx[p] = malloc((size_t)nq * KK * sizeof *idx[p]);
        dist[p] = malloc((size_t)nq * KK * sizeof *dist[p]);
        if (!kernel_path_supported((KernelPath)p))
            continue;
        knn_on_path((KernelPath)p, &ds, &Q, KK, idx[p], dist[p]);
        assert_memory_equal(idx[p], want, (size_t)nq * KK * sizeof *want);
        for (int t = 0; t < nq * KK; t++) {
            const float *z = X + (size_t)want[t] * d, *x = Qx + (size_t)(t / KK) * d;
            assert_near(dist[p][t], sqrt((double)byte_sq(z, x, d)) / 255.0, 1e-6);
        }
        assert_memory_equal(dist[p], dist[KPATH_GENERIC], (size_t)nq * KK * sizeof(float));
    }
    for (int p = KPATH_GENERIC; p <= KPATH_VNNI; p++)
        free(idx[p]), free(dist[p]);
    dataset_free(&ds);
    free(X), free(Qx), free(y), free(want);
    restore_env();
}

static void test_knn_every_path_finds_the_brute_force_neighbours(void **state)
{
    (void)state;
    check_knn_paths(301, 37, 45, 11, 0, 0); /* n, d, queries: no multiple of a tile */
}

static void test_knn_every_path_finds_the_brute_force_neighbours_of_images(void **state)
{
    (void)state;
    /* 7 x 9 pixels: 2 x 2 cells with a last column and row of half cells. */
    check_knn_paths(283, 63, 29, 41, 7, 9);
}

static void test_knn_every_path_is_exact_on_rows_too_wide_to_prune(void **state)
{
    (void)state;
    check_knn_paths(45, 2100, 9, 51, 0, 0); /* beyond KNN_PRUNE_MAX_D */
}

static void test_knn_every_path_agrees_on_wide_rows(void **state)
{
    (void)state;
    check_knn_paths(130, 200, 19, 21, 0, 0);
}

/* --------------------------------------------------------------- k-means */

static void test_kmeans_every_path_gives_the_same_centroids(void **state)
{
    (void)state;
    save_env();
    int n = 500, d = 37, k = 5;
    float *X = pixel_rows(31, n, d), *first = NULL;
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, n, d, 0);
    const char *const settings[] = { "k=5", "n_init=2", NULL };
    for (int p = KPATH_GENERIC; p <= KPATH_VNNI; p++) {
        if (!kernel_path_supported((KernelPath)p))
            continue;
        setenv("MLLAB_KERNEL", kernel_path_name((KernelPath)p), 1);
        void *m = test_train(&algo_kmeans, &ds, settings, 3, NULL);
        char want[64];
        snprintf(want, sizeof want, "uint8 rows, sgemm (%s)",
                 p == KPATH_VNNI ? "AVX-512" : kernel_path_title((KernelPath)p));
        assert_string_equal(kmeans_kernel_name(m), want);
        const float *C = kmeans_centroids(m);
        if (!first) {
            first = malloc((size_t)k * d * sizeof *first);
            memcpy(first, C, (size_t)k * d * sizeof *first);
        } else {
            assert_memory_equal(C, first, (size_t)k * d * sizeof *first);
        }
        algo_kmeans.destroy(m);
    }
    free(first);
    dataset_free(&ds);
    free(X);
    restore_env();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kernel_unknown_name_is_a_usage_error),
        cmocka_unit_test(test_kernel_unset_or_empty_picks_the_best_supported),
        cmocka_unit_test(test_kernel_forcing_a_path_is_allowed_only_when_supported),
        cmocka_unit_test(test_knn_every_path_finds_the_brute_force_neighbours),
        cmocka_unit_test(test_knn_every_path_agrees_on_wide_rows),
        cmocka_unit_test(test_knn_every_path_finds_the_brute_force_neighbours_of_images),
        cmocka_unit_test(test_knn_every_path_is_exact_on_rows_too_wide_to_prune),
        cmocka_unit_test(test_kmeans_every_path_gives_the_same_centroids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
