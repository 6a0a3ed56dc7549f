/* test_bytes.c - image sets held as bytes (issue 14): a model fit on a
 * byte-backed training part (mat.h) is the same model as one fit on the
 * floats a loader dividing by 255 makes, for every algorithm that reads
 * bytes (algo.h takes_bytes); sessions give floats to the others; and
 * eval_load keeps MNIST-like IDX data as bytes through its standard split.
 *
 * "The same model" is checked through what the model does: the same labels
 * and, bit for bit, the same scores on a test part given as floats and as
 * bytes, the same model JSON, after the same seeded training. */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "eval.h"
#include "registry.h"
#include "test_util.h"

#define SEED 77
#define SIDE 28
#define ROWS 60
#define TEST_ROWS 24
#define CLASSES 10

/* ---- data ------------------------------------------------------------------ */

/* n random 28 x 28 byte images in 10 classes: class c brightens a band of
 * rows, the rest is noise (many zeros, like digits). */
static void byte_images(Dataset *ds, int n, uint64_t seed)
{
    int d = SIDE * SIDE;
    float *X = malloc((size_t)n * d * sizeof *X);
    int *y = malloc((size_t)n * sizeof *y);
    assert_non_null(X);
    assert_non_null(y);
    Rng rng;
    rng_seed(&rng, seed);
    for (int i = 0; i < n; i++) {
        y[i] = i % CLASSES;
        for (int j = 0; j < d; j++) {
            int band = (j / SIDE) / 3 == y[i];
            int q = rng_uniform(&rng) < 0.6 ? 0 : (int)(rng_uniform(&rng) * 120.0);
            if (band)
                q += 120;
            X[(size_t)i * d + j] = (float)q / 255.0f; /* as dataset_idx.c loads */
        }
    }
    test_dataset_from_arrays(ds, X, y, n, d, CLASSES);
    ds->image_w = ds->image_h = SIDE;
    free(X);
    free(y);
}

/* A copy of ds whose X is byte-backed (scale 255) with the same values. */
static void as_bytes(const Dataset *ds, Dataset *out)
{
    Error err;
    error_clear(&err);
    assert_int_equal(dataset_copy(ds, out, &err), 0);
    Mat b;
    assert_int_equal(mat_alloc_bytes(&b, ds->X.rows, ds->X.cols, 255.0f, &err), 0);
    size_t n = mat_size(&ds->X);
    for (size_t i = 0; i < n; i++)
        b.bytes[i] = (uint8_t)lrintf(ds->X.data[i] * 255.0f);
    mat_free(&out->X);
    out->X = b;
    for (int i = 0; i < ds->X.rows; i++)
        for (int j = 0; j < ds->X.cols; j++)
            assert_true(mat_get(&out->X, i, j) == MAT_AT(&ds->X, i, j));
}

/* ---- models ---------------------------------------------------------------- */

static bool has_param(const Algo *a, const char *name)
{
    for (const ParamSpec *p = a->params; p && p->name; p++)
        if (strcmp(p->name, name) == 0)
            return true;
    return false;
}

/* Small budgets, by parameter name. */
static void budget(const Algo *a, const char **settings)
{
    static const char *const small[][2] = {
        { "epochs", "epochs=2" }, { "n_trees", "n_trees=4" }, { "hidden", "hidden=16" },
    };
    int n = 0;
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++)
        if (has_param(a, small[i][0]))
            settings[n++] = small[i][1];
    settings[n] = NULL;
}

typedef struct Outcome {
    int *labels;
    float *scores;
    char *json;
} Outcome;

/* Train a on train, predict test (labels and, for classifiers, scores),
 * and the model JSON. */
static void outcome_of(const Algo *a, const Dataset *train, const Dataset *test, Outcome *o)
{
    const char *settings[8];
    budget(a, settings);
    void *model = test_train(a, train, settings, SEED, NULL);
    assert_non_null(model);
    int n = dataset_rows(test), k = train->n_classes;
    o->labels = calloc((size_t)n, sizeof *o->labels);
    o->scores = a->kind == ALGO_CLASSIFIER ? calloc((size_t)n * k, sizeof *o->scores) : NULL;
    assert_non_null(o->labels);
    Error err;
    error_clear(&err);
    assert_int_equal(a->predict(model, &test->X, o->labels, o->scores, &err), 0);
    StrBuf sb = STRBUF_INIT;
    if (a->model_json)
        a->model_json(model, train, &sb);
    o->json = sb.s; /* NULL when nothing was written */
    a->destroy(model);
}

static void outcome_free(Outcome *o)
{
    free(o->labels);
    free(o->scores);
    free(o->json);
}

static void expect_same(const Algo *a, const Outcome *f, const Outcome *b, int n, int k)
{
    for (int i = 0; i < n; i++)
        if (f->labels[i] != b->labels[i]) {
            print_error("%s: row %d: label %d on floats, %d on bytes\n", a->name, i, f->labels[i],
                        b->labels[i]);
            fail();
        }
    if (f->scores && memcmp(f->scores, b->scores, (size_t)n * k * sizeof(float)) != 0) {
        print_error("%s: the scores differ between floats and bytes\n", a->name);
        fail();
    }
    if (strcmp(f->json ? f->json : "", b->json ? b->json : "") != 0) {
        print_error("%s: the model JSON differs:\n  floats: %.300s\n  bytes:  %.300s\n", a->name,
                    f->json, b->json);
        fail();
    }
}

/* Every algorithm that reads bytes: trained on floats or on bytes, asked
 * about floats or bytes, it does the same. */
static void test_models_fit_on_bytes_equal_models_fit_on_floats(void **state)
{
    (void)state;
    Dataset train, test, train_b, test_b;
    byte_images(&train, ROWS, 5);
    byte_images(&test, TEST_ROWS, 6);
    as_bytes(&train, &train_b);
    as_bytes(&test, &test_b);
    int count, checked = 0;
    const Algo *const *algos = algo_registry(&count);
    for (int i = 0; i < count; i++) {
        const Algo *a = algos[i];
        if (!a->takes_bytes)
            continue;
        Outcome on_floats, on_bytes, bytes_asked_floats;
        outcome_of(a, &train, &test, &on_floats);
        outcome_of(a, &train_b, &test_b, &on_bytes);
        outcome_of(a, &train_b, &test, &bytes_asked_floats);
        expect_same(a, &on_floats, &on_bytes, TEST_ROWS, CLASSES);
        expect_same(a, &on_floats, &bytes_asked_floats, TEST_ROWS, CLASSES);
        outcome_free(&on_floats);
        outcome_free(&on_bytes);
        outcome_free(&bytes_asked_floats);
        checked++;
    }
    /* k-NN, k-means, naive Bayes, logreg, perceptron, SVM, tree, forest, MLP, CNN */
    assert_true(checked >= 10);
    dataset_free(&train);
    dataset_free(&test);
    dataset_free(&train_b);
    dataset_free(&test_b);
}

/* ---- sessions ---------------------------------------------------------------- */

static void session_on(const Algo *a, const char *kv, const Dataset *train, const Dataset *test,
                       ScaleKind scale, Session *s, RunResult *r)
{
    Error err;
    error_clear(&err);
    Params p;
    assert_int_equal(params_init(&p, a->params, &err), 0);
    if (kv)
        assert_int_equal(params_parse_kv(&p, kv, &err), 0);
    SessionSpec spec = {
        .algo = a,
        .params = &p,
        .train = train,
        .test = test,
        .test_has_target = true,
        .scaling = { .kind = scale, .source = SCALING_FITTED },
        .seed = SEED,
    };
    if (session_open_spec(s, &spec, &err) < 0)
        print_error("%s: %s\n", a->name, err.msg);
    params_free(&p);
    assert_int_equal(session_fit(s, &err), 0);
    assert_int_equal(session_evaluate(s, r, &err), 0);
}

/* A model whose params need floats (an SVM with a kernel: algo.h
 * needs_floats), and a scaling of an image set, get float copies of
 * byte-backed parts; a model that reads bytes gets the parts as they are.
 * The caller's parts stay bytes, and the results are those of the float
 * parts. */
static void test_sessions_give_floats_to_models_that_need_them(void **state)
{
    (void)state;
    Dataset train, test, train_b, test_b;
    byte_images(&train, ROWS, 7);
    byte_images(&test, TEST_ROWS, 8);
    as_bytes(&train, &train_b);
    as_bytes(&test, &test_b);
    struct {
        const char *algo, *kv;
        ScaleKind scale;
        bool floats;
    } cases[] = { { "svm", "kernel=rbf", SCALE_NONE, true },
                  { "knn", NULL, SCALE_STANDARD, true },
                  { "naive_bayes", NULL, SCALE_NONE, false },
                  { "multinomial_nb", NULL, SCALE_NONE, false } };
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const Algo *a = algo_find(cases[c].algo);
        assert_non_null(a);
        Session sf, sb;
        RunResult rf, rb;
        session_on(a, cases[c].kv, &train, &test, cases[c].scale, &sf, &rf);
        session_on(a, cases[c].kv, &train_b, &test_b, cases[c].scale, &sb, &rb);
        bool floats = cases[c].floats;
        assert_int_equal(mat_is_bytes(&sb.train->X), !floats);
        assert_int_equal(mat_is_bytes(&sb.test->X), !floats);
        assert_true(mat_is_bytes(&train_b.X) && mat_is_bytes(&test_b.X));
        assert_memory_equal(rf.y_pred, rb.y_pred, TEST_ROWS * sizeof *rf.y_pred);
        if (rf.scores)
            assert_memory_equal(rf.scores, rb.scores,
                                (size_t)TEST_ROWS * CLASSES * sizeof(float));
        assert_true(rf.train_score == rb.train_score);
        run_result_free(&rf);
        run_result_free(&rb);
        session_close(&sf);
        session_close(&sb);
    }
    dataset_free(&train);
    dataset_free(&test);
    dataset_free(&train_b);
    dataset_free(&test_b);
}

/* ---- eval_load ------------------------------------------------------------- */

/* A data folder whose mnist/ holds the tiny IDX files of tests/data under
 * MNIST's names; MLLAB_DATA_DIR points at it. */
static void tiny_mnist_folder(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/mllab_test_bytes_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char sub[PATH_MAX], link[PATH_MAX + 64];
    snprintf(sub, sizeof sub, "%s/mnist", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    static const char *const pairs[4][2] = {
        { "idx/tiny-images-idx3-ubyte.gz", "train-images-idx3-ubyte.gz" },
        { "idx/tiny-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz" },
        { "idx/tiny-test-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz" },
        { "idx/tiny-test-labels-idx1-ubyte.gz", "t10k-labels-idx1-ubyte.gz" },
    };
    for (int i = 0; i < 4; i++) {
        snprintf(link, sizeof link, "%s/%s", sub, pairs[i][1]);
        char *target = realpath(test_data_file(pairs[i][0]), NULL); /* the link works from anywhere */
        assert_non_null(target);
        assert_int_equal(symlink(target, link), 0);
        free(target);
    }
    setenv("MLLAB_DATA_DIR", dir, 1);
}

static void remove_folder(const char *dir)
{
    static const char *const names[4] = { "train-images-idx3-ubyte.gz",
                                          "train-labels-idx1-ubyte.gz",
                                          "t10k-images-idx3-ubyte.gz",
                                          "t10k-labels-idx1-ubyte.gz" };
    char path[PATH_MAX + 64];
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/mnist/%s", dir, names[i]);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/mnist", dir);
    rmdir(path);
    rmdir(dir);
}

/* With image_bytes the standard split gives byte-backed parts holding the
 * values the float load holds (the training part no longer than its rows). */
static void test_eval_load_keeps_idx_images_as_bytes_through_the_split(void **state)
{
    (void)state;
    char dir[64];
    const char *before = getenv("MLLAB_DATA_DIR");
    char *saved = before ? strdup(before) : NULL;
    tiny_mnist_folder(dir, sizeof dir);
    EvalData f, b;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = "mnist";
    Error err;
    error_clear(&err);
    assert_int_equal(eval_load(&f, &o, ALGO_CLASSIFIER, &err), 0);
    o.image_bytes = true;
    assert_int_equal(eval_load(&b, &o, ALGO_CLASSIFIER, &err), 0);
    assert_true(b.standard_split);
    assert_false(mat_is_bytes(&f.train.X));
    assert_true(mat_is_bytes(&b.train.X) && mat_is_bytes(&b.test.X));
    assert_true(b.train.X.byte_scale == 255.0f);
    const Dataset *parts[2][2] = { { &f.train, &b.train }, { &f.test, &b.test } };
    for (int p = 0; p < 2; p++) {
        const Dataset *fl = parts[p][0], *by = parts[p][1];
        assert_int_equal(by->X.rows, fl->X.rows);
        assert_int_equal(by->X.cols, fl->X.cols);
        assert_memory_equal(by->y, fl->y, (size_t)fl->X.rows * sizeof *fl->y);
        for (int i = 0; i < fl->X.rows; i++)
            for (int j = 0; j < fl->X.cols; j++)
                assert_true(mat_get(&by->X, i, j) == MAT_AT(&fl->X, i, j));
    }
    assert_int_equal(b.train.X.rows, 3);
    assert_int_equal(b.test.X.rows, 2);
    eval_data_free(&f);
    eval_data_free(&b);
    remove_folder(dir);
    if (saved)
        setenv("MLLAB_DATA_DIR", saved, 1);
    else
        unsetenv("MLLAB_DATA_DIR");
    free(saved);
}

int main(void)
{
    /* eval_load first: the data folder is looked up once per process */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_eval_load_keeps_idx_images_as_bytes_through_the_split),
        cmocka_unit_test(test_models_fit_on_bytes_equal_models_fit_on_floats),
        cmocka_unit_test(test_sessions_give_floats_to_models_that_need_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
