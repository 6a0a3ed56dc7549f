/* test_util.h - helpers shared by the cmocka test programs.
 *
 * assert_near for doubles (cmocka 1.1.5 has no assert_double_equal); small
 * datasets built from arrays; named sets loaded and split the ways the
 * tests compare with scikit-learn; an algorithm created, stepped to the end
 * and scored; `mllab run` done in process; files in tests/data.
 *
 * Every helper fails the running test, with the library's message, when a
 * step it takes fails, so that a test says only what it checks.  Settings
 * are "key=value" strings in a NULL-terminated list (NULL: the defaults). */
#ifndef MLLAB_TEST_UTIL_H
#define MLLAB_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "algo.h"
#include "eval.h"

/* ---- assertions ------------------------------------------------------------ */

/* Fails showing both values unless |actual - expected| <= tolerance (NaN
 * never matches; equal infinities do). */
#define assert_near(actual, expected, tolerance)                                        \
    test_assert_near((actual), (expected), (tolerance), #actual, __FILE__, __LINE__)

void test_assert_near(double actual, double expected, double tolerance, const char *what,
                      const char *file, int line);

/* ---- datasets built in memory ------------------------------------------------ */

/* A dataset named "toy" over copies of X (rows x cols, row-major), features
 * "f0", "f1", ...; with labels y in [0, n_classes) and classes "c0", "c1",
 * ..., or, when y is NULL, without a target. */
void test_dataset_from_arrays(Dataset *ds, const float *X, const int *y, int rows, int cols,
                              int n_classes);

/* Give ds's classes these names (n_classes of them, copied). */
void test_name_classes(Dataset *ds, const char *const *names);

/* n images of w x h pixels in k classes (row i is of class i % k): pixels
 * uniform in [0, 1), plus `signal` on the pixels j with j % k equal to the
 * class.  No feature or class names. */
void test_random_images(Dataset *ds, int n, int w, int h, int k, float signal, uint64_t seed);

/* out = the first n rows of src. */
void test_dataset_head(const Dataset *src, int n, Dataset *out);

/* ---- named sets ------------------------------------------------------------ */

/* A set by registry name or CSV path; generated sets draw from seed. */
void test_load(Dataset *ds, const char *name, uint64_t seed);

/* The named set loaded with seed 42 and split stratified 80/20 by the same
 * random numbers, both parts scaled by a scaler of `scale` fitted on the
 * training part. */
void test_load_split(Dataset *train, Dataset *test, const char *name, ScaleKind scale);

/* The first n_train training and n_test test images of MNIST's standard
 * split. */
void test_load_mnist_head(Dataset *train, int n_train, Dataset *test, int n_test);

/* scikit-learn's own breast cancer split, the one REFERENCE.md's figures
 * come from: the 114 rows train_test_split(test_size=0.2, stratify=y,
 * random_state=42) holds out are the test part, the other 455 the
 * training part. */
void test_load_sklearn_breast_cancer_split(Dataset *train, Dataset *test);

/* The named set split as `mllab run` splits it for an algorithm of `kind`
 * (eval_load with the default options: stratified 80/20, seed 42). */
void test_eval_load(EvalData *d, const char *name, AlgoKind kind);

/* Path of a file in tests/data: under $MLLAB_TEST_DATA (set by `make
 * check`), else next to this source.  Four static buffers, used in turn. */
const char *test_data_file(const char *name);

/* ---- models -------------------------------------------------------------- */

/* Apply one "key=value" setting to p. */
void test_set(Params *p, const char *setting);

/* A model of algo on train, its random numbers seeded with seed: NULL, with
 * err set, when the algorithm refuses. */
void *test_try_create(const Algo *algo, const Dataset *train, const char *const *settings,
                      uint64_t seed, Error *err);

/* The same for a model that must be made. */
void *test_create(const Algo *algo, const Dataset *train, const char *const *settings,
                  uint64_t seed);
void *test_create_with_params(const Algo *algo, const Params *params, const Dataset *train,
                              uint64_t seed);

/* Step model to the end, numbering the steps in trace when there is one;
 * returns the number of steps. */
int test_fit(const Algo *algo, void *model, const Dataset *train, Trace *trace);

/* test_create, then test_fit. */
void *test_train(const Algo *algo, const Dataset *train, const char *const *settings,
                 uint64_t seed, Trace *trace);

/* The fraction of test's rows whose label model predicts. */
double test_accuracy(const Algo *algo, void *model, const Dataset *test);

/* ---- `mllab run` in process ------------------------------------------------ */

typedef struct TestRun {
    EvalOptions options;
    EvalData data;
    Params params;
    Session session; /* session.model is the trained model */
    RunResult result;
} TestRun;

/* algo on the named set as `mllab run` runs it: split (test_eval_load),
 * scaled as the algorithm wants, fitted and evaluated on the test part. */
void test_run(TestRun *run, const Algo *algo, const char *dataset, const char *const *settings);
void test_run_free(TestRun *run);

/* The test accuracy of such a run; when model_member is not NULL, the
 * model's JSON must have it ("\"weights\"", say). */
double test_run_accuracy(const Algo *algo, const char *dataset, const char *const *settings,
                         const char *model_member);

#endif
