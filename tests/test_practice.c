/* test_practice.c - practice mode's library (practice/): the tests.txt
 * parser and its generators, the array framing, the bank, grading through
 * the sandbox (pass, a failing element named with its tolerance, compile
 * errors at the learner's line, the chi-square test of a sampler, streaming
 * of results), and the workspace and progress files.
 *
 * Uses the real bank ($MLLAB_EXERCISES_DIR, set by make check) and a
 * temporary $XDG_DATA_HOME; the Python path is exercised by
 * tests/e2e_practice.sh. */
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
    snprintf(tmpdir, sizeof tmpdir, "%s/mllab-practice-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
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

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* A fake exercise folder holding only tests.txt. */
static void fake_exercise(PracticeExercise *ex, const char *tests)
{
    memset(ex, 0, sizeof *ex);
    snprintf(ex->name, sizeof ex->name, "fake");
    snprintf(ex->dir, sizeof ex->dir, "%s/fake", tmpdir);
    mkdir(ex->dir, 0755);
    write_file(ex->dir, "tests.txt", tests);
}

/* ---- tests.txt ------------------------------------------------------------ */
static void test_cases_parse_literals_shapes_and_directives(void **state)
{
    (void)state;
    PracticeExercise ex;
    fake_exercise(&ex, "# comment\n"
                       "case first example\n"
                       "  in X f64 2x3 = 1 2 3 4 5 6\n"
                       "  in k int - = 3\n"
                       "  out y f64 2 = 0.5 -1e3\n"
                       "  out z = reference\n"
                       "  tol 1e-3 0\n"
                       "  chi2 counts\n"
                       "  speed\n"
                       "  note ties go to the lowest index\n"
                       "end\n");
    PCase *cases;
    int n;
    Error err = { 0 };
    assert_int_equal(pcases_load(&ex, &cases, &n, &err), 0);
    assert_int_equal(n, 1);
    PCase *c = &cases[0];
    assert_string_equal(c->name, "first");
    assert_string_equal(c->visibility, "example");
    PArray *X = parrays_find(&c->in, "X");
    assert_non_null(X);
    assert_int_equal(X->ndim, 2);
    assert_int_equal(X->dims[1], 3);
    assert_true(X->v[5] == 6.0);
    PArray *k = parrays_find(&c->in, "k");
    assert_true(k->is_int && k->ndim == 0 && k->v[0] == 3.0);
    assert_true(parrays_find(&c->out, "y")->v[1] == -1000.0);
    assert_true(parrays_find(&c->out, "z")->reference);
    assert_true(c->has_tol && c->tol_abs == 1e-3);
    assert_string_equal(c->chi2, "counts");
    assert_true(c->speed);
    assert_string_equal(c->note, "ties go to the lowest index");
    assert_true(pcases_need_reference(cases, n));
    pcases_free(cases, n);
}

static void test_cases_generators_are_seeded_and_datasets_take_their_shape(void **state)
{
    (void)state;
    PracticeExercise ex;
    fake_exercise(&ex, "case g data\n"
                       "  in r f64 4 = gen range 10 0.5\n"
                       "  in a f64 100 = gen int 0 3 7\n"
                       "  in b f64 100 = gen int 0 3 7\n"
                       "  in X f64 * = dataset iris 0 features\n"
                       "  in y int * = dataset iris 0 labels\n"
                       "end\n");
    PCase *cases;
    int n;
    Error err = { 0 };
    assert_int_equal(pcases_load(&ex, &cases, &n, &err), 0);
    const PArrays *in = &cases[0].in;
    PArray *r = parrays_find(in, "r");
    assert_true(r->v[0] == 10.0 && r->v[3] == 11.5);
    PArray *a = parrays_find(in, "a"), *b = parrays_find(in, "b");
    for (int i = 0; i < 100; i++) {
        assert_true(a->v[i] == b->v[i]); /* same seed, same numbers */
        assert_true(a->v[i] >= 0 && a->v[i] < 3);
    }
    PArray *X = parrays_find(in, "X"), *y = parrays_find(in, "y");
    assert_int_equal(X->dims[0], 150);
    assert_int_equal(X->dims[1], 4);
    assert_int_equal(y->n, 150);
    pcases_free(cases, n);
}

static void test_cases_report_errors_with_file_and_line(void **state)
{
    (void)state;
    PracticeExercise ex;
    PCase *cases;
    int n;
    Error err = { 0 };
    fake_exercise(&ex, "case a example\n  in x f64 3 = 1 2\nend\n");
    assert_int_equal(pcases_load(&ex, &cases, &n, &err), -1);
    assert_non_null(strstr(err.msg, "tests.txt:2: x: the number of values"));
    fake_exercise(&ex, "case a example\n  frobnicate\nend\n");
    assert_int_equal(pcases_load(&ex, &cases, &n, &err), -1);
    assert_non_null(strstr(err.msg, "tests.txt:2: unknown line 'frobnicate'"));
}

/* ---- the framing ---------------------------------------------------------------- */
static void test_arrays_round_trip_and_a_missing_end_is_incomplete(void **state)
{
    (void)state;
    PArrays set = { 0 };
    Error err = { 0 };
    PArray *a = parrays_add(&set, "m", &err);
    a->ndim = 2;
    a->dims[0] = 2;
    a->dims[1] = 2;
    assert_int_equal(parray_alloc(a, &err), 0);
    a->v[0] = 0.1;
    a->v[3] = -3e300;
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/arrays.txt", tmpdir);
    assert_int_equal(parrays_write(path, &set, &err), 0);
    PArrays back = { 0 };
    bool complete;
    assert_int_equal(parrays_read(path, &back, &complete, &err), 0);
    assert_true(complete);
    assert_true(back.a[0].v[0] == 0.1 && back.a[0].v[3] == -3e300);
    parrays_free(&back);
    write_file(tmpdir, "partial.txt", "mllab-arrays 1\nx f64 0\n1\n");
    snprintf(path, sizeof path, "%s/partial.txt", tmpdir);
    assert_int_equal(parrays_read(path, &back, &complete, &err), 0);
    assert_false(complete);
    parrays_free(&back);
    parrays_free(&set);
}

/* ---- the bank ----------------------------------------------------------------------- */
static void test_bank_lists_exercises_with_their_files_and_three_hints(void **state)
{
    (void)state;
    PracticeExercise *all;
    int n;
    Error err = { 0 };
    assert_int_equal(practice_bank_list(&all, &n, &err), 0);
    assert_true(n >= 5);
    const char *files[] = { "statement.md", "starter.c", "starter.py", "solution.c",
                            "solution.py", "harness.c", "harness.py", "signature.h" };
    for (int i = 0; i < n; i++) {
        assert_true(all[i].has_c && all[i].has_python);
        for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
            char *text = practice_read_file(&all[i], files[f], &err);
            assert_non_null(text);
            free(text);
        }
        char **hints;
        int nh;
        assert_int_equal(practice_hints(&all[i], &hints, &nh, &err), 0);
        assert_true(nh >= 3);
        practice_strings_free(hints, nh);
    }
    free(all);
}

static void test_bank_reads_exercise_txt_and_rejects_unknown_names(void **state)
{
    (void)state;
    PracticeExercise ex;
    Error err = { 0 };
    assert_int_equal(practice_bank_find("reservoir_sampling", &ex, &err), 0);
    assert_int_equal(ex.kind, PRACTICE_STATISTICAL);
    assert_string_equal(ex.difficulty, "medium");
    assert_true(ex.time_limit > 0);
    assert_int_equal(practice_bank_find("../etc", &ex, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
    assert_int_equal(practice_bank_find("no_such_exercise", &ex, &err), -1);
    assert_int_equal(err.code, ERR_USAGE);
}

/* "Practise this": the `algorithm =` list names the cards an exercise
 * belongs to; without it, the exercise's name prefix does. */
static void test_bank_links_exercises_to_algorithm_cards(void **state)
{
    (void)state;
    PracticeExercise ex;
    memset(&ex, 0, sizeof ex);
    snprintf(ex.name, sizeof ex.name, "linreg_closed_form");
    assert_true(practice_exercise_for_algorithm(&ex, "linreg"));
    assert_false(practice_exercise_for_algorithm(&ex, "lin"));
    assert_false(practice_exercise_for_algorithm(&ex, "logreg"));
    assert_false(practice_exercise_for_algorithm(&ex, ""));
    snprintf(ex.algorithms, sizeof ex.algorithms, "mlp logreg");
    assert_true(practice_exercise_for_algorithm(&ex, "logreg"));
    assert_true(practice_exercise_for_algorithm(&ex, "mlp"));
    assert_false(practice_exercise_for_algorithm(&ex, "linreg"));
    assert_false(practice_exercise_for_algorithm(&ex, "reg"));
    Error err = { 0 };
    assert_int_equal(practice_bank_find("kmeans", &ex, &err), 0);
    assert_string_equal(ex.algorithms, "kmeans");
    assert_true(practice_exercise_for_algorithm(&ex, "kmeans"));
}

/* ---- grading -------------------------------------------------------------------------- */
typedef struct Seen {
    int calls;
    int last_index;
    bool in_order;
} Seen;

static void on_test(const PracticeTestResult *t, int index, int total, void *user)
{
    Seen *s = user;
    (void)t;
    (void)total;
    s->in_order = (s->calls == 0 || index == s->last_index + 1) && (s->calls == 0 || s->in_order);
    s->last_index = index;
    s->calls++;
}

static void check_file(const char *exercise, const char *file, PracticeReport *r, Seen *seen)
{
    PracticeExercise ex;
    Error err = { 0 };
    char path[PATH_MAX + 128];
    assert_int_equal(practice_bank_find(exercise, &ex, &err), 0);
    if (file[0] == '/')
        snprintf(path, sizeof path, "%s", file);
    else
        snprintf(path, sizeof path, "%s/%s", ex.dir, file);
    PracticeCheckOptions opt = { .lang = PRACTICE_C, .file = path, .on_test = on_test,
                                 .user = seen };
    assert_int_equal(practice_check(&ex, &opt, r, &err), 0);
}

static void test_check_passes_the_reference_and_streams_every_test(void **state)
{
    (void)state;
    PracticeReport r;
    Seen seen = { 0 };
    check_file("linreg_closed_form", "solution.c", &r, &seen);
    assert_true(r.compiled);
    assert_true(r.n_tests >= 5);
    assert_int_equal(r.n_passed, r.n_tests);
    assert_int_equal(seen.calls, r.n_tests);
    assert_true(seen.in_order);
    assert_non_null(strstr(r.compile_command, "-std=c11"));
    practice_report_free(&r);
}

static void test_check_names_the_failing_element_and_the_tolerance(void **state)
{
    (void)state;
    PracticeReport r;
    Seen seen = { 0 };
    check_file("kmeans", "mutants/empty_cluster_nan.c", &r, &seen);
    assert_true(r.n_passed < r.n_tests);
    const PracticeTestResult *t = NULL;
    for (int i = 0; i < r.n_tests; i++)
        if (strcmp(r.tests[i].name, "empty_cluster_keeps_its_centroid") == 0)
            t = &r.tests[i];
    assert_non_null(t);
    assert_false(t->passed);
    assert_non_null(strstr(t->message, "centroids[1][0]: expected 10, got"));
    assert_non_null(strstr(t->message, "tolerance 1e-09"));
    assert_non_null(strstr(t->message, "empty cluster keeps its previous centroid"));
    practice_report_free(&r);
}

static void test_check_reports_compile_errors_at_the_learners_line(void **state)
{
    (void)state;
    write_file(tmpdir, "broken.c",
               "int linreg_fit(const double *x, const double *y, int n, double *s, double *b)\n"
               "{\n    return undeclared_thing;\n}\n");
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/broken.c", tmpdir);
    PracticeReport r;
    Seen seen = { 0 };
    check_file("linreg_closed_form", path, &r, &seen);
    assert_false(r.compiled);
    assert_non_null(r.compile_errors);
    assert_non_null(strstr(r.compile_errors, "broken.c:3:"));
    assert_int_equal(r.n_passed, 0);
    assert_int_equal(seen.calls, r.n_tests); /* every test still reported, as not run */
    practice_report_free(&r);
}

static void test_check_grades_a_sampler_by_chi_square(void **state)
{
    (void)state;
    PracticeReport good, bad;
    Seen seen = { 0 };
    check_file("reservoir_sampling", "solution.c", &good, &seen);
    check_file("reservoir_sampling", "mutants/off_by_one.c", &bad, &seen);
    assert_int_equal(good.n_passed, good.n_tests);
    bool found = false;
    for (int i = 0; i < bad.n_tests; i++) {
        if (!bad.tests[i].statistical)
            continue;
        found = true;
        assert_true(good.tests[i].chi2_p >= 1e-4);
        assert_false(bad.tests[i].passed);
        assert_true(bad.tests[i].chi2_p < 1e-4);
        assert_int_equal(bad.tests[i].chi2_df, good.tests[i].chi2_df);
        assert_non_null(strstr(bad.tests[i].message, "chi-square"));
    }
    assert_true(found);
    practice_report_free(&good);
    practice_report_free(&bad);
}

/* ---- workspace and progress --------------------------------------------------------------- */
static void test_start_copies_the_starter_once_and_never_overwrites(void **state)
{
    (void)state;
    PracticeExercise ex;
    Error err = { 0 };
    char path[PATH_MAX];
    bool created;
    assert_int_equal(practice_bank_find("softmax_stable", &ex, &err), 0);
    assert_int_equal(practice_start(&ex, PRACTICE_PYTHON, path, sizeof path, &created, &err), 0);
    assert_true(created);
    assert_non_null(strstr(path, "/xdg/mllab/practice/softmax_stable/solution.py"));
    FILE *f = fopen(path, "w");
    fputs("mine\n", f);
    fclose(f);
    assert_int_equal(practice_start(&ex, PRACTICE_PYTHON, path, sizeof path, &created, &err), 0);
    assert_false(created);
    char buf[16] = "";
    f = fopen(path, "r");
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "mine\n");
}

static void test_progress_records_checks_and_hints(void **state)
{
    (void)state;
    Error err = { 0 };
    PracticeProgress p;
    assert_int_equal(practice_progress_get("kmeans", &p, &err), 0);
    assert_int_equal(p.status, PRACTICE_NEW);
    assert_int_equal(practice_progress_record_check("kmeans", false, 0.5, &err), 0);
    assert_int_equal(practice_progress_record_hint("kmeans", 2, &err), 0);
    assert_int_equal(practice_progress_get("kmeans", &p, &err), 0);
    assert_int_equal(p.status, PRACTICE_ATTEMPTED);
    assert_int_equal(p.attempts, 1);
    assert_int_equal(p.hints, 2);
    assert_true(p.best_seconds == 0.0);
    assert_int_equal(practice_progress_record_check("kmeans", true, 0.25, &err), 0);
    assert_int_equal(practice_progress_record_check("kmeans", true, 0.5, &err), 0);
    assert_int_equal(practice_progress_record_check("kmeans", false, 0.1, &err), 0);
    assert_int_equal(practice_progress_get("kmeans", &p, &err), 0);
    assert_int_equal(p.status, PRACTICE_SOLVED); /* a later failing check keeps "solved" */
    assert_int_equal(p.attempts, 4);
    assert_true(p.best_seconds == 0.25);
    assert_int_equal((int)strlen(p.date), 10);
    /* other exercises are untouched and no temporary file is left */
    assert_int_equal(practice_progress_get("kmeans_other", &p, &err), 0);
    assert_int_equal(p.status, PRACTICE_NEW);
    char home[PATH_MAX];
    assert_int_equal(practice_home(home, sizeof home, &err), 0);
    char cmd[PATH_MAX + 64];
    snprintf(cmd, sizeof cmd, "ls '%s' | grep -q 'progress.txt.'", home);
    assert_int_not_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cases_parse_literals_shapes_and_directives),
        cmocka_unit_test(test_cases_generators_are_seeded_and_datasets_take_their_shape),
        cmocka_unit_test(test_cases_report_errors_with_file_and_line),
        cmocka_unit_test(test_arrays_round_trip_and_a_missing_end_is_incomplete),
        cmocka_unit_test(test_bank_lists_exercises_with_their_files_and_three_hints),
        cmocka_unit_test(test_bank_reads_exercise_txt_and_rejects_unknown_names),
        cmocka_unit_test(test_bank_links_exercises_to_algorithm_cards),
        cmocka_unit_test(test_check_passes_the_reference_and_streams_every_test),
        cmocka_unit_test(test_check_names_the_failing_element_and_the_tolerance),
        cmocka_unit_test(test_check_reports_compile_errors_at_the_learners_line),
        cmocka_unit_test(test_check_grades_a_sampler_by_chi_square),
        cmocka_unit_test(test_start_copies_the_starter_once_and_never_overwrites),
        cmocka_unit_test(test_progress_records_checks_and_hints),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
