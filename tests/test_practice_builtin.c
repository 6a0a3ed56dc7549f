/* test_practice_builtin.c - the parts of practice mode that hold a learner
 * against the lab's own modules (practice/builtin.c and the grader): the
 * split / builtin / bound lines of tests.txt, the built-in's figure on a
 * split worked by hand, the bounds in a check (a passing reference, a
 * failing learner named with the built-in's figure), the speed ratio, and
 * Python results streamed while the learner's process still runs.
 *
 * Uses the real bank ($MLLAB_EXERCISES_DIR, set by make check) and a
 * temporary $XDG_DATA_HOME. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "practice.h"
#include "practice_internal.h"

static char tmpdir[1024];

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/mllab-builtin-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    char xdg[PATH_MAX + 8];
    snprintf(xdg, sizeof xdg, "%s/xdg", tmpdir);
    return setenv("XDG_DATA_HOME", xdg, 1);
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* The cases of a fake exercise whose tests.txt is `tests`. */
static int load_cases(const char *tests, PCase **cases, int *n, Error *err)
{
    PracticeExercise ex;
    memset(&ex, 0, sizeof ex);
    snprintf(ex.name, sizeof ex.name, "fake");
    snprintf(ex.dir, sizeof ex.dir, "%s/fake", tmpdir);
    mkdir(ex.dir, 0755);
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/tests.txt", ex.dir);
    write_file(path, tests);
    return pcases_load(&ex, cases, n, err);
}

/* ---- tests.txt ------------------------------------------------------------- */
static void test_split_builtin_and_bounds_parse(void **state)
{
    (void)state;
    PCase *cases;
    int n;
    Error err = { 0 };
    assert_int_equal(load_cases("case c data\n"
                                "  in X f64 2x1 = 1 2\n"
                                "  split 5 0 standardize\n"
                                "  builtin knn k=3 seed=4\n"
                                "  out accuracy >= builtin - 0.03\n"
                                "  out inertia <= builtin * 1.02\n"
                                "  out floor >= 0.9\n"
                                "end\n",
                                &cases, &n, &err),
                     0);
    const PCase *c = &cases[0];
    assert_int_equal(c->split_every, 5);
    assert_int_equal(c->split_offset, 0);
    assert_true(c->standardize);
    const PArray *sp = parrays_find(&c->in, "__split"); /* what the harness's mp_split reads */
    assert_non_null(sp);
    assert_true(sp->is_int && sp->n == 3 && sp->v[0] == 5 && sp->v[1] == 0 && sp->v[2] == 1);
    assert_string_equal(c->builtin, "knn");
    assert_string_equal(c->builtin_params, "k=3 seed=4");
    const PArray *acc = parrays_find(&c->out, "accuracy");
    assert_true(acc->bound == PBOUND_AT_LEAST && acc->vs_builtin && acc->margin_op == '-');
    assert_true(acc->margin == 0.03);
    const PArray *in = parrays_find(&c->out, "inertia");
    assert_true(in->bound == PBOUND_AT_MOST && in->margin_op == '*' && in->margin == 1.02);
    const PArray *fl = parrays_find(&c->out, "floor");
    assert_true(fl->bound == PBOUND_AT_LEAST && !fl->vs_builtin && fl->v[0] == 0.9);
    pcases_free(cases, n);
}

static void test_a_bound_on_builtin_needs_a_builtin_line(void **state)
{
    (void)state;
    PCase *cases;
    int n;
    Error err = { 0 };
    assert_int_not_equal(load_cases("case c data\n  in X f64 1 = 1\n"
                                    "  out accuracy >= builtin - 0.1\nend\n",
                                    &cases, &n, &err),
                         0);
    assert_non_null(strstr(err.msg, "needs a builtin line"));
    error_clear(&err);
    assert_int_not_equal(load_cases("case c data\n  in X f64 1 = 1\n  split 2 2\nend\n", &cases,
                                    &n, &err),
                         0);
    assert_non_null(strstr(err.msg, "OFFSET < EVERY"));
    error_clear(&err);
    assert_int_not_equal(load_cases("case c data\n  in X f64 1 = 1\n  builtin knn\n"
                                    "  out a >= builtin / 2\nend\n",
                                    &cases, &n, &err),
                         0);
}

/* ---- the built-in on a case ------------------------------------------------------ */
static void test_builtin_knn_scores_the_held_out_rows_of_the_split(void **state)
{
    (void)state;
    PCase *cases;
    int n;
    Error err = { 0 };
    /* split 2 1: rows 0 and 2 train (x 0 -> 0, x 10 -> 1), rows 1 and 3 are
     * held out; 1-NN predicts 0 for x 0.1 (right) and 1 for x 10.1 (its
     * label is 0: wrong): accuracy 1/2 by hand. */
    assert_int_equal(load_cases("case c data\n"
                                "  in X f64 4x1 = 0 0.1 10 10.1\n"
                                "  in y int 4 = 0 0 1 0\n"
                                "  split 2 1\n"
                                "  builtin knn k=1\n"
                                "end\n",
                                &cases, &n, &err),
                     0);
    PBuiltinResult r;
    assert_int_equal(pbuiltin_run(&cases[0], &r, &err), 0);
    assert_string_equal(r.measure, "accuracy");
    assert_true(r.value == 0.5);
    assert_true(r.seconds >= 0);
    pcases_free(cases, n);
}

static void test_builtin_kmeans_gives_the_inertia_of_its_clusters(void **state)
{
    (void)state;
    PCase *cases;
    int n;
    Error err = { 0 };
    /* {0, 2} and {10, 12}: each point is 1 from its mean, inertia 4 by hand */
    assert_int_equal(load_cases("case c data\n"
                                "  in X f64 4x1 = 0 2 10 12\n"
                                "  builtin kmeans k=2\n"
                                "end\n",
                                &cases, &n, &err),
                     0);
    PBuiltinResult r;
    assert_int_equal(pbuiltin_run(&cases[0], &r, &err), 0);
    assert_string_equal(r.measure, "inertia");
    assert_true(r.value > 4 - 1e-5 && r.value < 4 + 1e-5);
    pcases_free(cases, n);
}

static void test_builtin_refuses_an_unknown_module_or_parameter(void **state)
{
    (void)state;
    PCase *cases;
    int n;
    Error err = { 0 };
    assert_int_equal(load_cases("case c data\n  in X f64 2x1 = 0 1\n  in y int 2 = 0 1\n"
                                "  builtin knn bogus=1\nend\n"
                                "case d data\n  in X f64 2x1 = 0 1\n  builtin nosuchalgo\nend\n",
                                &cases, &n, &err),
                     0);
    PBuiltinResult r;
    assert_int_not_equal(pbuiltin_run(&cases[0], &r, &err), 0);
    assert_non_null(strstr(err.msg, "the built-in knn"));
    error_clear(&err);
    assert_int_not_equal(pbuiltin_run(&cases[1], &r, &err), 0);
    assert_non_null(strstr(err.msg, "nosuchalgo"));
    pcases_free(cases, n);
}

/* ---- in a check ------------------------------------------------------------------ */
static void check(const char *exercise, const char *file, PracticeLang lang,
                  PracticeTestCallback cb, void *user, PracticeReport *r)
{
    PracticeExercise ex;
    Error err = { 0 };
    char path[PATH_MAX + 128];
    assert_int_equal(practice_bank_find(exercise, &ex, &err), 0);
    if (file[0] == '/')
        snprintf(path, sizeof path, "%s", file);
    else
        snprintf(path, sizeof path, "%s/%s", ex.dir, file);
    PracticeCheckOptions opt = { .lang = lang, .file = path, .on_test = cb, .user = user };
    assert_int_equal(practice_check(&ex, &opt, r, &err), 0);
}

static const PracticeTestResult *find_test(const PracticeReport *r, const char *name)
{
    for (int i = 0; i < r->n_tests; i++)
        if (strcmp(r->tests[i].name, name) == 0)
            return &r->tests[i];
    fail_msg("no test %s", name);
    return NULL;
}

static void test_knn_reference_is_held_against_the_builtin_knn(void **state)
{
    (void)state;
    PracticeReport r;
    check("knn_classify", "solution.c", PRACTICE_C, NULL, NULL, &r);
    assert_int_equal(r.n_passed, r.n_tests);
    /* The built-in k-NN (k = 5) on even/odd rows scores what scikit-learn
     * scores, 74/75 on iris and 264/284 on breast cancer:
     *   /usr/bin/python3 -c "from sklearn.datasets import load_iris as L; \
     *     from sklearn.neighbors import KNeighborsClassifier as K; X,y=L(return_X_y=True); \
     *     print(K(5).fit(X[0::2],y[0::2]).score(X[1::2],y[1::2]))"    -> 0.98667
     *   (load_breast_cancer instead)                                    -> 0.92958 */
    const PracticeTestResult *iris = find_test(&r, "iris"), *bc = find_test(&r, "breast_cancer");
    assert_string_equal(iris->builtin, "knn");
    assert_string_equal(iris->builtin_measure, "accuracy");
    assert_true(iris->builtin_value > 74.0 / 75 - 1e-9 && iris->builtin_value < 74.0 / 75 + 1e-9);
    assert_true(bc->builtin_value > 264.0 / 284 - 1e-9 && bc->builtin_value < 264.0 / 284 + 1e-9);
    assert_non_null(strstr(iris->message, "the built-in knn's"));
    /* the speed ratio over the data tests is reported */
    assert_true(r.builtin_seconds > 0 && r.builtin_learner_seconds > 0 && r.builtin_ratio > 0);
    practice_report_free(&r);
}

static void test_a_learner_below_the_builtin_fails_naming_its_figure(void **state)
{
    (void)state;
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/always_zero.c", tmpdir);
    write_file(path, "void knn_predict(const double *Xtr, const int *ytr, int n, int d,\n"
                     "                 const double *Xq, int m, int k, int *pred)\n"
                     "{\n    (void)Xtr; (void)ytr; (void)n; (void)d; (void)Xq; (void)k;\n"
                     "    for (int i = 0; i < m; i++)\n        pred[i] = 0;\n}\n");
    PracticeReport r;
    check("knn_classify", path, PRACTICE_C, NULL, NULL, &r);
    const PracticeTestResult *iris = find_test(&r, "iris");
    assert_false(iris->passed);
    /* label 0 on the 75 odd rows of iris: 25 right */
    assert_non_null(strstr(iris->message, "accuracy: got 0.3333, expected at least 0.9567 "
                                          "(the built-in knn's 0.9867 - 0.03)"));
    practice_report_free(&r);
}

/* ---- Python results stream ------------------------------------------------------ */
typedef struct Release {
    char path[PATH_MAX + 32];
    int calls;
} Release;

/* The first result arrives: let the learner's process finish its last case. */
static void release_on_first(const PracticeTestResult *t, int index, int total, void *user)
{
    (void)t;
    (void)total;
    Release *rel = user;
    if (rel->calls++ == 0 && index == 0)
        write_file(rel->path, "go\n");
}

static void test_python_results_arrive_while_the_learner_still_runs(void **state)
{
    (void)state;
    char python[PATH_MAX];
    Error err = { 0 };
    if (practice_find_python(python, sizeof python, &err) != 0) {
        printf("skipped: %s\n", err.msg);
        skip();
    }
    PracticeExercise ex;
    PCase *cases;
    int n;
    assert_int_equal(practice_bank_find("kmeans", &ex, &err), 0);
    assert_int_equal(pcases_load(&ex, &cases, &n, &err), 0);
    pcases_free(cases, n);
    /* In the one process that runs every case, the last call waits (up to
     * 40 s) for the file the callback writes on the first result, and
     * answers wrongly without it; a case run again on its own (call 1) also
     * answers wrongly.  So the last test passes only if the first result was
     * reported while that process was still running. */
    Release rel = { .calls = 0 };
    snprintf(rel.path, sizeof rel.path, "%s/release", tmpdir);
    char learner[PATH_MAX + 16], text[4 * PATH_MAX];
    snprintf(learner, sizeof learner, "%s/waits.py", tmpdir);
    snprintf(text, sizeof text,
             "import os, time\n"
             "exec(open('%s/solution.py').read())\n"
             "_solution, _calls = kmeans_lloyd, 0\n"
             "def kmeans_lloyd(X, init, max_iter):\n"
             "    global _calls\n"
             "    _calls += 1\n"
             "    c, labels = _solution(X, init, max_iter)\n"
             "    if _calls < %d:\n"
             "        return c, labels\n"
             "    for _ in range(400):\n"
             "        if os.path.exists('%s'):\n"
             "            return c, labels\n"
             "        time.sleep(0.1)\n"
             "    return c + 1, labels\n",
             ex.dir, n, rel.path);
    write_file(learner, text);
    PracticeReport r;
    check("kmeans", learner, PRACTICE_PYTHON, release_on_first, &rel, &r);
    assert_int_equal(rel.calls, r.n_tests);
    assert_true(r.tests[r.n_tests - 1].passed);
    assert_int_equal(r.n_passed, r.n_tests);
    practice_report_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_builtin_and_bounds_parse),
        cmocka_unit_test(test_a_bound_on_builtin_needs_a_builtin_line),
        cmocka_unit_test(test_builtin_knn_scores_the_held_out_rows_of_the_split),
        cmocka_unit_test(test_builtin_kmeans_gives_the_inertia_of_its_clusters),
        cmocka_unit_test(test_builtin_refuses_an_unknown_module_or_parameter),
        cmocka_unit_test(test_knn_reference_is_held_against_the_builtin_knn),
        cmocka_unit_test(test_a_learner_below_the_builtin_fails_naming_its_figure),
        cmocka_unit_test(test_python_results_arrive_while_the_learner_still_runs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
