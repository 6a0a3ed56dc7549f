/* test_learner.c - "Step your own" (tui/learner.h): the learner's code,
 * stepped through the sandbox and loaded into a built-in model, must match
 * the built-in module step for step when it is the reference solution, and
 * a broken learner (compile error, crash, NaN) must come back as a clear
 * error, never a crash of this process.
 *
 * Uses the real bank ($MLLAB_EXERCISES_DIR, set by make check) and the
 * reference solutions in it as "the learner's" files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmeans.h"
#include "learner.h"
#include "linreg.h"
#include "logreg.h"
#include "perceptron.h"
#include "practice.h"
#include "registry.h"
#include "svm.h"
#include "synth.h"
#include "test_util.h"

static char tmpdir[256];

static int make_tmp(void **state)
{
    (void)state;
    const char *t = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/mllab-learner-test-XXXXXX", t && *t ? t : "/tmp");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmp(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void bank_file(char *buf, size_t size, const char *exercise, const char *file)
{
    const char *bank = getenv("MLLAB_EXERCISES_DIR");
    snprintf(buf, size, "%s/%s/%s", bank ? bank : "exercises", exercise, file);
}

/* A learner file with this body, in the test's folder. */
static void write_learner(char *path, size_t size, const char *name, const char *text)
{
    snprintf(path, size, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Params of algo with file = path and the given extra settings. */
static void learner_params(Params *p, const Algo *algo, const char *path, const char *const *kv)
{
    Error err;
    assert_int_equal(params_init(p, algo->params, &err), 0);
    assert_int_equal(params_set(p, "file", path, &err), 0);
    for (int i = 0; kv && kv[i]; i++)
        assert_int_equal(params_parse_kv(p, kv[i], &err), 0);
}

/* The two sides of a lockstep test: the learner's model (the reference
 * solution in a file, through the "yours" version of the built-in) and the
 * built-in itself, each with its own Params, created from the same seed. */
typedef struct {
    const Algo *builtin, *yours;
    Params lp, bp;
    void *mine, *theirs; /* the learner's model, the built-in's */
    int steps;           /* taken by both */
} Lockstep;

/* Opens both on ds: the learner's with its settings lkv, the built-in's
 * with kv (both NULL-terminated), each with an Rng seeded with seed. */
static void open_lockstep(Lockstep *ls, const Algo *builtin, const char *file,
                          const char *const *lkv, const char *const *kv, const Dataset *ds,
                          uint64_t seed)
{
    ls->builtin = builtin;
    ls->yours = learner_algo_for(builtin);
    assert_non_null(ls->yours);
    ls->steps = 0;
    learner_params(&ls->lp, ls->yours, file, lkv);
    Error err;
    assert_int_equal(params_init(&ls->bp, builtin->params, &err), 0);
    for (int i = 0; kv[i]; i++)
        assert_int_equal(params_parse_kv(&ls->bp, kv[i], &err), 0);
    Rng r1, r2;
    rng_seed(&r1, seed);
    r2 = r1;
    ls->mine = ls->yours->create(&ls->lp, ds, &r1, &err);
    if (!ls->mine)
        fail_msg("create: %s", err.msg);
    ls->theirs = builtin->create(&ls->bp, ds, &r2, &err);
    assert_non_null(ls->theirs);
}

/* One step of each: the learner's status (an error of its step fails the
 * test), the built-in's in *theirs. */
static StepStatus step_lockstep(Lockstep *ls, const Dataset *ds, StepStatus *theirs)
{
    Error err;
    StepStatus st = ls->yours->step(ls->mine, ds, NULL, &err);
    if (st == STEP_ERROR)
        fail_msg("step %d: %s", ls->steps + 1, err.msg);
    *theirs = ls->builtin->step(ls->theirs, ds, NULL, &err);
    ls->steps++;
    return st;
}

/* The learner's model as the built-in's type. */
static const void *mine(const Lockstep *ls)
{
    return learner_mine(ls->mine);
}

static void close_lockstep(Lockstep *ls)
{
    ls->yours->destroy(ls->mine);
    ls->builtin->destroy(ls->theirs);
    params_free(&ls->lp);
    params_free(&ls->bp);
}

/* Blobs (300 rows, 3 classes, 2 features), made with seed 5. */
static void blobs(Dataset *ds)
{
    Rng rng;
    rng_seed(&rng, 5);
    Error err;
    assert_int_equal(synth_make(ds, "blobs", 300, &rng, &err), 0);
}

/* Moons of n rows, made with the seed. */
static void moons(Dataset *ds, int n, uint64_t seed)
{
    Rng rng;
    rng_seed(&rng, seed);
    Error err;
    assert_int_equal(synth_make(ds, "moons", n, &rng, &err), 0);
}

static void assert_same_centroids(const void *a, const void *b, int k, int d)
{
    const float *ca = kmeans_centroids(a), *cb = kmeans_centroids(b);
    for (int j = 0; j < k * d; j++)
        assert_near(ca[j], cb[j], 1e-4 * (1 + fabs(cb[j])));
}

/* Steps a learner k-means (the reference solution in `file`) and the
 * built-in (n_init = 1, tol = 0) from the same seed, side by side. */
static void kmeans_lockstep(const char *file)
{
    Dataset ds;
    blobs(&ds);
    Lockstep ls;
    open_lockstep(&ls, &algo_kmeans, file, (const char *const[]){ "k=3", "max_iter=30", NULL },
                  (const char *const[]){ "k=3", "max_iter=30", "n_init=1", "tol=0", NULL }, &ds,
                  11);
    assert_same_centroids(mine(&ls), ls.theirs, 3, 2); /* the same start */
    StepStatus sy = STEP_MORE, sb = STEP_MORE;
    while (sy == STEP_MORE && ls.steps < 30) {
        sy = step_lockstep(&ls, &ds, &sb);
        assert_same_centroids(mine(&ls), ls.theirs, 3, 2);
        assert_near(kmeans_inertia(mine(&ls)), kmeans_inertia(ls.theirs),
                    1e-4 * kmeans_inertia(ls.theirs));
    }
    assert_int_equal(sy, sb); /* both stop at the same step */
    assert_int_equal(kmeans_iteration(mine(&ls)), ls.steps);
    assert_int_equal(kmeans_path_length(mine(&ls)), ls.steps + 1);
    close_lockstep(&ls);
    dataset_free(&ds);
}

static void test_kmeans_reference_c_matches_builtin_step_for_step(void **state)
{
    (void)state;
    char file[1024];
    bank_file(file, sizeof file, "kmeans", "solution.c");
    kmeans_lockstep(file);
}

static void test_kmeans_reference_python_matches_builtin_step_for_step(void **state)
{
    (void)state;
    char python[1024];
    if (practice_find_python(python, sizeof python, NULL) != 0)
        skip();
    char file[1024];
    bank_file(file, sizeof file, "kmeans", "solution.py");
    kmeans_lockstep(file);
}

/* The textbook toy of REFERENCE.md: X = [2,1] [3,4] [4,2] [3,1], labels
 * -1 1 1 -1, zero start, lr 0.01: mistakes 3, 2, 0 per epoch and
 * w = [-0.02, -0.02, 0.06] (bias first), by hand (exercises/perceptron's
 * statement works epoch 1). */
static void toy(Dataset *ds)
{
    static const float X[] = { 2, 1, 3, 4, 4, 2, 3, 1 };
    static const int y[] = { 0, 1, 1, 0 };
    test_dataset_from_arrays(ds, X, y, 4, 2, 2);
}

static void test_perceptron_reference_matches_the_textbook_and_builtin(void **state)
{
    (void)state;
    Dataset ds;
    toy(&ds);
    char file[1024];
    bank_file(file, sizeof file, "perceptron", "solution.c");
    Lockstep ls;
    open_lockstep(&ls, &algo_perceptron, file, (const char *const[]){ "lr=0.01", "epochs=100", NULL },
                  (const char *const[]){ "lr=0.01", "epochs=100", "average=false", "shuffle=false",
                                         NULL },
                  &ds, 3);
    StepStatus expect[3] = { STEP_MORE, STEP_MORE, STEP_DONE };
    for (int t = 0; t < 3; t++) {
        StepStatus sb, st = step_lockstep(&ls, &ds, &sb);
        assert_int_equal(st, expect[t]);
        assert_int_equal(sb, expect[t]);
        LinearView a = perceptron_view(mine(&ls)), c = perceptron_view(ls.theirs);
        for (int j = 0; j < 2; j++)
            assert_near(a.W[j], c.W[j], 1e-6);
        assert_near(a.b[0], c.b[0], 1e-6);
    }
    int n;
    const int *errors = perceptron_epoch_errors(mine(&ls), &n);
    assert_int_equal(n, 3);
    assert_int_equal(errors[0], 3);
    assert_int_equal(errors[1], 2);
    assert_int_equal(errors[2], 0);
    LinearView a = perceptron_view(mine(&ls));
    assert_near(a.b[0], -0.02, 1e-6);
    assert_near(a.W[0], -0.02, 1e-6);
    assert_near(a.W[1], 0.06, 1e-6);
    close_lockstep(&ls);
    dataset_free(&ds);
}

/* Logistic regression: the reference logistic_fit, t gradient steps from
 * zero per step, against the built-in full-batch descent (constant lr, no
 * penalty) on moons: the same weights and objective at every step (float
 * weights in the built-in: within 1e-4). */
static void test_logreg_reference_matches_builtin_step_for_step(void **state)
{
    (void)state;
    Dataset ds;
    moons(&ds, 200, 9);
    char file[1024];
    bank_file(file, sizeof file, "logistic_regression", "solution.c");
    Lockstep ls;
    open_lockstep(&ls, &algo_logreg, file, (const char *const[]){ "lr=0.5", "iters=15", NULL },
                  (const char *const[]){ "lr=0.5", "iters=15", "batch=0", "schedule=constant",
                                         "penalty=none", NULL },
                  &ds, 4);
    for (int t = 0; t < 15; t++) {
        StepStatus sb, st = step_lockstep(&ls, &ds, &sb);
        assert_int_equal(st, sb);
        LinearView a = logreg_view(mine(&ls)), c = logreg_view(ls.theirs);
        for (int j = 0; j < 2; j++)
            assert_near(a.W[j], c.W[j], 1e-4);
        assert_near(a.b[0], c.b[0], 1e-4);
        assert_near(logreg_loss(mine(&ls)), logreg_loss(ls.theirs), 1e-5);
    }
    assert_int_equal(logreg_steps_done(mine(&ls)), 15);
    close_lockstep(&ls);
    dataset_free(&ds);
}

/* Ridge by gradient descent: the reference ridge_gd, t iterations from
 * zero per step, against the built-in (method gd, cost sum, l2 on the bias
 * too) on the textbook toy of REFERENCE.md, X = 1 2 3 4, y = 2 4 5 4,
 * lambda 0.1, lr 0.01: the starting cost is 61 = 4+16+25+16 (W = 0, by
 * hand), and the two agree at every step (float weights in the built-in). */
static void test_ridge_gd_reference_matches_builtin_step_for_step(void **state)
{
    (void)state;
    static const float X[] = { 1, 2, 3, 4 };
    static const float y[] = { 2, 4, 5, 4 };
    Dataset ds;
    test_dataset_from_arrays(&ds, X, NULL, 4, 1, 0);
    ds.target = malloc(4 * sizeof *ds.target);
    assert_non_null(ds.target);
    memcpy(ds.target, y, sizeof y);
    ds.has_target = true;
    char file[1024];
    bank_file(file, sizeof file, "ridge_gd", "solution.c");
    Lockstep ls;
    open_lockstep(&ls, &algo_linreg, file,
                  (const char *const[]){ "lr=0.01", "lambda=0.1", "iters=12", NULL },
                  (const char *const[]){ "method=gd", "lr=0.01", "l2=0.1", "iters=12", "cost=sum",
                                         NULL },
                  &ds, 2);
    for (int t = 0; t < 12; t++) {
        StepStatus sb, st = step_lockstep(&ls, &ds, &sb);
        assert_int_equal(st, sb);
        double wa, ba, wb, bb;
        linreg_coef(mine(&ls), &wa, &ba);
        linreg_coef(ls.theirs, &wb, &bb);
        assert_near(wa, wb, 1e-4);
        assert_near(ba, bb, 1e-4);
        assert_near(linreg_loss(mine(&ls)), linreg_loss(ls.theirs), 1e-3);
    }
    int n;
    const float *hist = linreg_loss_history(mine(&ls), &n);
    assert_int_equal(n, 13);
    assert_near(hist[0], 61.0, 1e-4);
    close_lockstep(&ls);
    dataset_free(&ds);
}

/* The linear SVM: the reference linear_svm_fit (score w.x - b), t epochs
 * from zero per step, against the built-in per-sample rule (batch 1, rows
 * in order, constant lr; score w.x + b, so b is negated) on moons: the same
 * weights and exact objective at every step. */
static void test_linear_svm_reference_matches_builtin_step_for_step(void **state)
{
    (void)state;
    Dataset ds;
    moons(&ds, 120, 13);
    char file[1024];
    bank_file(file, sizeof file, "linear_svm", "solution.c");
    Lockstep ls;
    open_lockstep(&ls, &algo_svm, file,
                  (const char *const[]){ "lr=0.01", "lambda=0.01", "epochs=8", NULL },
                  (const char *const[]){ "lr=0.01", "lambda=0.01", "epochs=8", "batch=1",
                                         "schedule=constant", NULL },
                  &ds, 6);
    for (int t = 0; t < 8; t++) {
        StepStatus sb, st = step_lockstep(&ls, &ds, &sb);
        assert_int_equal(st, sb);
        LinearView a = svm_view(mine(&ls)), c = svm_view(ls.theirs);
        for (int j = 0; j < 2; j++)
            assert_near(a.W[j], c.W[j], 1e-4);
        assert_near(a.b[0], c.b[0], 1e-4);
        assert_near(svm_loss(mine(&ls)), svm_objective_at(ls.theirs, &ds), 1e-4);
    }
    assert_int_equal(svm_epochs_done(mine(&ls)), 8);
    close_lockstep(&ls);
    dataset_free(&ds);
}

/* Create a learner k-means on blobs from `text`; returns the model (NULL
 * with err when create refused). */
static void *kmeans_from(const char *name, const char *text, Dataset *ds, Params *lp, Error *err)
{
    char path[512];
    write_learner(path, sizeof path, name, text);
    blobs(ds);
    const Algo *yours = learner_algo_for(&algo_kmeans);
    learner_params(lp, yours, path, (const char *const[]){ "k=3", NULL });
    Rng rng;
    rng_seed(&rng, 1);
    return yours->create(lp, ds, &rng, err);
}

/* One step of a learner that must fail: the error's message. */
static void step_must_fail(const char *name, const char *text, const char *want1,
                           const char *want2)
{
    Dataset ds;
    Params lp;
    Error err;
    const Algo *yours = learner_algo_for(&algo_kmeans);
    void *m = kmeans_from(name, text, &ds, &lp, &err);
    if (!m)
        fail_msg("create: %s", err.msg);
    error_clear(&err);
    assert_int_equal(yours->step(m, &ds, NULL, &err), STEP_ERROR);
    if (!strstr(err.msg, want1) || !strstr(err.msg, want2))
        fail_msg("the message '%s' should name '%s' and '%s'", err.msg, want1, want2);
    yours->destroy(m);
    params_free(&lp);
    dataset_free(&ds);
}

static void test_a_crashing_step_is_a_clear_error(void **state)
{
    (void)state;
    step_must_fail("crash.c",
                   "#include <stddef.h>\n"
                   "void kmeans_lloyd(const double *X, int n, int d, int k, double *c, int *l,\n"
                   "                  int it) {\n"
                   "    (void)X; (void)n; (void)d; (void)k; (void)c; (void)l; (void)it;\n"
                   "    *(volatile int *)NULL = 1;\n"
                   "}\n",
                   "your kmeans, step 1", "SIGSEGV");
}

static void test_a_nan_centroid_is_a_clear_error(void **state)
{
    (void)state;
    step_must_fail("nan.c",
                   "#include <math.h>\n"
                   "void kmeans_lloyd(const double *X, int n, int d, int k, double *c, int *l,\n"
                   "                  int it) {\n"
                   "    (void)X; (void)it;\n"
                   "    for (int i = 0; i < n; i++) l[i] = 0;\n"
                   "    for (int j = 0; j < k * d; j++) c[j] = NAN;\n"
                   "}\n",
                   "your kmeans, step 1", "not finite");
}

static void test_a_label_out_of_range_is_a_clear_error(void **state)
{
    (void)state;
    step_must_fail("labels.c",
                   "void kmeans_lloyd(const double *X, int n, int d, int k, double *c, int *l,\n"
                   "                  int it) {\n"
                   "    (void)X; (void)d; (void)c; (void)it;\n"
                   "    for (int i = 0; i < n; i++) l[i] = k;\n"
                   "}\n",
                   "your kmeans, step 1", "is not a cluster");
}

static void test_a_compile_error_refuses_the_model(void **state)
{
    (void)state;
    Dataset ds;
    Params lp;
    Error err;
    error_clear(&err);
    void *m = kmeans_from("broken.c", "void kmeans_lloyd(int x) { return x; }\n", &ds, &lp, &err);
    assert_null(m);
    if (!strstr(err.msg, "does not compile"))
        fail_msg("the message '%s' should say it does not compile", err.msg);
    params_free(&lp);
    dataset_free(&ds);
}

/* Steps a learner `builtin` (the reference solution of `exercise`) and the
 * built-in with params `kv` on blobs (3 classes) from the same seed: one run
 * of the binary fit per class and step, the rows of weights loaded
 * together, equal to the built-in's one-vs-rest rows at every step, and the
 * same loss. */
static void one_vs_rest_lockstep(const Algo *builtin, const char *exercise,
                                 const char *const *lkv, const char *const *kv, int steps)
{
    Dataset ds;
    blobs(&ds);
    char file[1024];
    bank_file(file, sizeof file, exercise, "solution.c");
    Lockstep ls;
    open_lockstep(&ls, builtin, file, lkv, kv, &ds, 4);
    bool pc = builtin == &algo_perceptron;
    for (int t = 0; t < steps; t++) {
        StepStatus sb, st = step_lockstep(&ls, &ds, &sb);
        assert_int_equal(st, sb);
        LinearView a = pc ? perceptron_view(mine(&ls)) : svm_view(mine(&ls));
        LinearView c = pc ? perceptron_view(ls.theirs) : svm_view(ls.theirs);
        assert_int_equal(a.k, 3);
        assert_int_equal(c.k, 3);
        for (int j = 0; j < 3 * 2; j++)
            assert_near(a.W[j], c.W[j], 1e-4 * (1 + fabs(c.W[j])));
        for (int j = 0; j < 3; j++)
            assert_near(a.b[j], c.b[j], 1e-4 * (1 + fabs(c.b[j])));
    }
    close_lockstep(&ls);
    dataset_free(&ds);
}

static void test_the_perceptron_runs_one_vs_rest_on_three_classes(void **state)
{
    (void)state;
    one_vs_rest_lockstep(&algo_perceptron, "perceptron",
                         (const char *const[]){ "lr=0.01", "epochs=6", NULL },
                         (const char *const[]){ "lr=0.01", "epochs=6", "average=false",
                                                "shuffle=false", NULL },
                         4);
}

static void test_the_svm_runs_one_vs_rest_on_three_classes(void **state)
{
    (void)state;
    one_vs_rest_lockstep(&algo_svm, "linear_svm",
                         (const char *const[]){ "lr=0.01", "lambda=0.01", "epochs=5", NULL },
                         (const char *const[]){ "lr=0.01", "lambda=0.01", "epochs=5", "batch=1",
                                                "schedule=constant", NULL },
                         5);
}

static void test_logistic_regression_refuses_three_classes_saying_why(void **state)
{
    (void)state;
    Dataset ds;
    blobs(&ds); /* 3 classes */
    char file[1024];
    bank_file(file, sizeof file, "logistic_regression", "solution.c");
    const Algo *yours = learner_algo_for(&algo_logreg);
    Params lp;
    learner_params(&lp, yours, file, NULL);
    Rng rng;
    rng_seed(&rng, 1);
    Error err;
    assert_null(yours->create(&lp, &ds, &rng, &err));
    assert_non_null(strstr(err.msg, "two classes"));
    assert_non_null(strstr(err.msg, "softmax, not one-vs-rest"));
    params_free(&lp);
    dataset_free(&ds);
}

static void test_only_stepping_algorithms_have_a_learner_version(void **state)
{
    (void)state;
    assert_null(learner_algo_for(algo_find("knn")));
    const Algo *yours = learner_algo_for(&algo_kmeans);
    assert_ptr_equal(learner_builtin(yours), &algo_kmeans);
    assert_string_equal(learner_exercise(yours), "kmeans");
    assert_null(learner_builtin(&algo_kmeans));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_kmeans_reference_c_matches_builtin_step_for_step),
        cmocka_unit_test(test_kmeans_reference_python_matches_builtin_step_for_step),
        cmocka_unit_test(test_perceptron_reference_matches_the_textbook_and_builtin),
        cmocka_unit_test(test_logreg_reference_matches_builtin_step_for_step),
        cmocka_unit_test(test_ridge_gd_reference_matches_builtin_step_for_step),
        cmocka_unit_test(test_linear_svm_reference_matches_builtin_step_for_step),
        cmocka_unit_test(test_a_crashing_step_is_a_clear_error),
        cmocka_unit_test(test_a_nan_centroid_is_a_clear_error),
        cmocka_unit_test(test_a_label_out_of_range_is_a_clear_error),
        cmocka_unit_test(test_a_compile_error_refuses_the_model),
        cmocka_unit_test(test_the_perceptron_runs_one_vs_rest_on_three_classes),
        cmocka_unit_test(test_the_svm_runs_one_vs_rest_on_three_classes),
        cmocka_unit_test(test_logistic_regression_refuses_three_classes_saying_why),
        cmocka_unit_test(test_only_stepping_algorithms_have_a_learner_version),
    };
    return cmocka_run_group_tests(tests, make_tmp, remove_tmp);
}
