/* test_util.c - helpers shared by the cmocka test programs (see
 * test_util.h): assertions, datasets from arrays, named sets and their
 * splits, models trained to the end, `mllab run` in process. */
#include "test_util.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "prep.h"

/* A model still stepping after this many steps is going nowhere. */
#define MAX_STEPS 1000000

/* ---- assertions ------------------------------------------------------------ */

void test_assert_near(double actual, double expected, double tolerance, const char *what,
                      const char *file, int line)
{
    if (actual == expected || fabs(actual - expected) <= tolerance)
        return;
    print_error("%s = %.17g, expected %.17g (tolerance %g)\n", what, actual, expected,
                tolerance);
    _fail(file, line);
}

/* ---- datasets built in memory ------------------------------------------------ */

/* n copies of "<prefix>0", "<prefix>1", ... */
static char **numbered_names(const char *prefix, int n)
{
    char **names = calloc((size_t)(n > 0 ? n : 1), sizeof *names);
    assert_non_null(names);
    char buf[32];
    for (int i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%s%d", prefix, i);
        names[i] = strdup(buf);
        assert_non_null(names[i]);
    }
    return names;
}

void test_dataset_from_arrays(Dataset *ds, const float *X, const int *y, int rows, int cols,
                              int n_classes)
{
    memset(ds, 0, sizeof *ds);
    assert_int_equal(mat_alloc(&ds->X, rows, cols, NULL), 0);
    memcpy(ds->X.data, X, (size_t)rows * (size_t)cols * sizeof *X);
    ds->name = strdup("toy");
    ds->feature_names = numbered_names("f", cols);
    if (!y)
        return;
    ds->has_target = true;
    ds->y = malloc((size_t)(rows > 0 ? rows : 1) * sizeof *ds->y);
    assert_non_null(ds->y);
    memcpy(ds->y, y, (size_t)rows * sizeof *y);
    ds->n_classes = n_classes;
    ds->class_names = numbered_names("c", n_classes);
}

void test_name_classes(Dataset *ds, const char *const *names)
{
    for (int c = 0; c < ds->n_classes; c++) {
        free(ds->class_names[c]);
        ds->class_names[c] = strdup(names[c]);
        assert_non_null(ds->class_names[c]);
    }
}

void test_random_images(Dataset *ds, int n, int w, int h, int k, float signal, uint64_t seed)
{
    memset(ds, 0, sizeof *ds);
    assert_int_equal(mat_alloc(&ds->X, n, w * h, NULL), 0);
    ds->y = malloc((size_t)n * sizeof *ds->y);
    assert_non_null(ds->y);
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        ds->y[i] = i % k;
        for (int j = 0; j < w * h; j++)
            MAT_AT(&ds->X, i, j) = (float)rng_uniform(&rng) + (j % k == ds->y[i] ? signal : 0.0f);
    }
    ds->has_target = true;
    ds->n_classes = k;
    ds->image_w = w;
    ds->image_h = h;
}

/* out = rows [first, first + n) of src. */
static void rows_of(const Dataset *src, int first, int n, Dataset *out)
{
    int *rows = malloc((size_t)(n > 0 ? n : 1) * sizeof *rows);
    assert_non_null(rows);
    for (int i = 0; i < n; i++)
        rows[i] = first + i;
    Error err = { 0 };
    if (dataset_subset(src, rows, n, out, &err) != 0)
        fail_msg("dataset_subset: %s", err.msg);
    free(rows);
}

void test_dataset_head(const Dataset *src, int n, Dataset *out)
{
    rows_of(src, 0, n, out);
}

/* ---- named sets ------------------------------------------------------------ */

/* dataset_load drawing from rng. */
static void load_with(Dataset *ds, const char *name, Rng *rng)
{
    Error err = { 0 };
    if (dataset_load(ds, name, NULL, rng, &err) != 0)
        fail_msg("dataset_load(%s): %s", name, err.msg);
}

void test_load(Dataset *ds, const char *name, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    load_with(ds, name, &rng);
}

void test_load_split(Dataset *train, Dataset *test, const char *name, ScaleKind scale)
{
    Rng rng;
    rng_seed(&rng, 42);
    Dataset all;
    load_with(&all, name, &rng);
    Error err = { 0 };
    Split s;
    if (split_stratified(all.y, dataset_rows(&all), all.n_classes, 0.2, &rng, &s, &err) != 0)
        fail_msg("split_stratified(%s): %s", name, err.msg);
    assert_int_equal(dataset_subset(&all, s.train, s.n_train, train, &err), 0);
    assert_int_equal(dataset_subset(&all, s.test, s.n_test, test, &err), 0);
    Scaler sc;
    if (scaler_fit(&sc, scale, &train->X, &err) != 0)
        fail_msg("scaler_fit(%s): %s", name, err.msg);
    scaler_transform(&sc, &train->X);
    scaler_transform(&sc, &test->X);
    scaler_free(&sc);
    split_free(&s);
    dataset_free(&all);
}

void test_load_mnist_head(Dataset *train, int n_train, Dataset *test, int n_test)
{
    Dataset all;
    test_load(&all, "mnist", 42);
    assert_int_equal(all.split_at, 60000);
    rows_of(&all, 0, n_train, train);
    rows_of(&all, all.split_at, n_test, test);
    dataset_free(&all);
}

/* The 114 test rows of scikit-learn's split (0-based, in the order of
 * datasets/breast_cancer.csv, which is sklearn's). */
static const int SKLEARN_BC_TEST_ROWS[114] = {
    1, 14, 20, 23, 24, 41, 51, 64, 70, 73, 77, 83, 85, 95, 102, 104, 121, 127, 128, 140, 150,
    158, 167, 168, 180, 194, 198, 199, 200, 203, 204, 205, 206, 217, 223, 228, 231, 235, 237,
    242, 246, 247, 256, 257, 261, 266, 267, 269, 275, 284, 288, 291, 292, 295, 296, 298, 307,
    308, 310, 316, 321, 328, 340, 343, 344, 353, 354, 358, 359, 361, 363, 375, 385, 399, 406,
    408, 415, 417, 423, 428, 431, 433, 434, 439, 445, 452, 461, 464, 467, 468, 483, 488, 495,
    496, 501, 504, 507, 516, 518, 519, 523, 526, 527, 528, 535, 537, 540, 541, 542, 549, 553,
    564, 567, 568
};

void test_load_sklearn_breast_cancer_split(Dataset *train, Dataset *test)
{
    Dataset all;
    test_load(&all, "breast_cancer", 1);
    assert_int_equal(all.X.rows, 569);
    bool held_out[569] = { false };
    for (int i = 0; i < 114; i++)
        held_out[SKLEARN_BC_TEST_ROWS[i]] = true;
    int tr[569], n_tr = 0;
    for (int i = 0; i < 569; i++)
        if (!held_out[i])
            tr[n_tr++] = i;
    Error err = { 0 };
    assert_int_equal(dataset_subset(&all, tr, n_tr, train, &err), 0);
    assert_int_equal(dataset_subset(&all, SKLEARN_BC_TEST_ROWS, 114, test, &err), 0);
    dataset_free(&all);
}

/* eval_load with options o, for an algorithm of `kind`. */
static void eval_load_or_fail(EvalData *d, const EvalOptions *o, AlgoKind kind)
{
    Error err = { 0 };
    if (eval_load(d, o, kind, &err) != 0)
        fail_msg("eval_load(%s): %s", o->dataset, err.msg);
}

void test_eval_load(EvalData *d, const char *name, AlgoKind kind)
{
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = name;
    eval_load_or_fail(d, &o, kind);
}

const char *test_data_file(const char *name)
{
    static char dir[PATH_MAX];
    const char *base = getenv("MLLAB_TEST_DATA");
    if (!base || !*base) {
        /* tests/data next to this source file */
        snprintf(dir, sizeof dir, "%s", __FILE__);
        char *slash = strrchr(dir, '/');
        if (slash)
            snprintf(slash, sizeof dir - (size_t)(slash - dir), "/data");
        else
            snprintf(dir, sizeof dir, "data");
        base = dir;
    }
    static char bufs[4][PATH_MAX];
    static int next;
    char *b = bufs[next++ % 4];
    int n = snprintf(b, PATH_MAX, "%s/%s", base, name);
    assert_true(n > 0 && n < PATH_MAX);
    return b;
}

/* ---- models -------------------------------------------------------------- */

void test_set(Params *p, const char *setting)
{
    Error err = { 0 };
    if (params_parse_kv(p, setting, &err) != 0)
        fail_msg("%s: %s", setting, err.msg);
}

/* algo's defaults, then the settings. */
static void init_params(Params *p, const Algo *algo, const char *const *settings)
{
    Error err = { 0 };
    if (params_init(p, algo->params, &err) != 0)
        fail_msg("%s: %s", algo->name, err.msg);
    for (int i = 0; settings && settings[i]; i++)
        test_set(p, settings[i]);
}

void *test_try_create(const Algo *algo, const Dataset *train, const char *const *settings,
                      uint64_t seed, Error *err)
{
    Params p;
    init_params(&p, algo, settings);
    Rng rng;
    rng_seed(&rng, seed);
    void *m = algo->create(&p, train, &rng, err);
    params_free(&p);
    return m;
}

void *test_create(const Algo *algo, const Dataset *train, const char *const *settings,
                  uint64_t seed)
{
    Error err = { 0 };
    void *m = test_try_create(algo, train, settings, seed, &err);
    if (!m)
        fail_msg("%s create: %s", algo->name, err.msg);
    return m;
}

void *test_create_with_params(const Algo *algo, const Params *params, const Dataset *train,
                              uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    Error err = { 0 };
    void *m = algo->create(params, train, &rng, &err);
    if (!m)
        fail_msg("%s create: %s", algo->name, err.msg);
    return m;
}

int test_fit(const Algo *algo, void *model, const Dataset *train, Trace *trace)
{
    Error err = { 0 };
    int steps = 0;
    StepStatus st;
    do {
        if (trace)
            trace->step = steps + 1;
        st = algo->step(model, train, trace, &err);
        steps++;
        if (st == STEP_ERROR)
            fail_msg("%s step %d: %s", algo->name, steps, err.msg);
        if (steps >= MAX_STEPS)
            fail_msg("%s: not done after %d steps", algo->name, steps);
    } while (st == STEP_MORE);
    assert_int_equal(st, STEP_DONE);
    return steps;
}

void *test_train(const Algo *algo, const Dataset *train, const char *const *settings,
                 uint64_t seed, Trace *trace)
{
    void *m = test_create(algo, train, settings, seed);
    test_fit(algo, m, train, trace);
    return m;
}

double test_accuracy(const Algo *algo, void *model, const Dataset *test)
{
    int n = dataset_rows(test);
    int *labels = malloc((size_t)(n > 0 ? n : 1) * sizeof *labels);
    assert_non_null(labels);
    Error err = { 0 };
    if (algo->predict(model, &test->X, labels, NULL, &err) != 0)
        fail_msg("%s predict: %s", algo->name, err.msg);
    double acc = metrics_accuracy(test->y, labels, n);
    free(labels);
    return acc;
}

/* ---- `mllab run` in process ------------------------------------------------ */

void test_run(TestRun *run, const Algo *algo, const char *dataset, const char *const *settings)
{
    memset(run, 0, sizeof *run);
    eval_options_default(&run->options);
    run->options.dataset = dataset;
    eval_load_or_fail(&run->data, &run->options, algo->kind);
    init_params(&run->params, algo, settings);
    Error err = { 0 };
    ScaleKind scale;
    if (eval_scale_for(algo, &run->options, &run->data.train, &scale, &err) != 0)
        fail_msg("eval_scale_for: %s", err.msg);
    if (session_open(&run->session, algo, &run->params, &run->data.train, &run->data.test, true,
                     scale, run->options.seed, NULL, &err) != 0)
        fail_msg("session_open(%s on %s): %s", algo->name, dataset, err.msg);
    if (session_fit(&run->session, &err) != 0)
        fail_msg("session_fit(%s on %s): %s", algo->name, dataset, err.msg);
    if (session_evaluate(&run->session, &run->result, &err) != 0)
        fail_msg("session_evaluate(%s on %s): %s", algo->name, dataset, err.msg);
}

void test_run_free(TestRun *run)
{
    run_result_free(&run->result);
    session_close(&run->session);
    params_free(&run->params);
    eval_data_free(&run->data);
}

double test_run_accuracy(const Algo *algo, const char *dataset, const char *const *settings,
                         const char *model_member)
{
    TestRun run;
    test_run(&run, algo, dataset, settings);
    double acc = run.result.cls.accuracy;
    if (model_member)
        assert_non_null(strstr(sb_str(&run.result.model_json), model_member));
    test_run_free(&run);
    return acc;
}
