/* grader.c - practice_check: build the learner's program, run every test
 * case in the sandbox, compare the outputs with the expected ones (with
 * tolerance, or a chi-square goodness-of-fit test for statistical
 * exercises), time the learner against the reference, and report each test
 * through a callback as it finishes. */
#include "practice_internal.h"

#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "chisq.h"
#include "metrics.h"

/* A correct sampler fails the goodness-of-fit test with probability below
 * this (the test is conservative for samples without replacement). */
#define CHI2_ALPHA 1e-4
/* A learner this many times slower than the reference gets a note. */
#define SLOW_FACTOR 10.0
/* ... and this many times slower than the built-in (C): a numpy version
 * pays the interpreter's calls, so Python gets the second factor. */
#define SLOW_BUILTIN_C 10.0
#define SLOW_BUILTIN_PYTHON 1000.0

typedef struct Check {
    const PracticeExercise *ex;
    const PracticeCheckOptions *opt;
    PracticeReport *report;
    char tmpdir[PATH_MAX];
    PProgram learner, reference;
    bool have_reference;
    PCase *cases;
    int n_cases;
    /* Python's results stream: the cases before `next` are reported; those
     * before `ready` had complete outputs at the last tick (reported at the
     * next one if the program had still read nothing from stdin and printed
     * no more than the cap: their outputs came before any of that). */
    int next, ready;
    bool stream_stop;
    int stream_rc;
    Error *err;
} Check;

/* ---- comparing ----------------------------------------------------------- */
static void index_text(const PArray *a, long flat, char *buf, size_t size)
{
    if (a->ndim <= 1) {
        snprintf(buf, size, a->ndim == 0 ? "" : "[%ld]", flat);
        return;
    }
    long rest = flat;
    long idx[PARRAY_MAX_DIMS];
    for (int d = a->ndim - 1; d >= 0; d--) {
        idx[d] = a->dims[d] ? rest % a->dims[d] : 0;
        rest = a->dims[d] ? rest / a->dims[d] : 0;
    }
    size_t used = 0;
    for (int d = 0; d < a->ndim && used < size; d++)
        used += (size_t)snprintf(buf + used, size - used, "[%ld]", idx[d]);
}

static bool close_enough(double want, double got, bool exact, double abs_tol, double rel_tol)
{
    if (isnan(want))
        return isnan(got);
    if (exact)
        return want == got;
    return fabs(got - want) <= abs_tol + rel_tol * fabs(want);
}

/* 0 when got matches want; else 1 with msg. */
static int compare_array(const PArray *want, const PArray *got, double abs_tol, double rel_tol,
                         char *msg, size_t size)
{
    char ws[64], gs[64], idx[64];
    if (want->n != got->n || (want->ndim > 0 && want->ndim != got->ndim)) {
        parray_shape_text(want, ws, sizeof ws);
        parray_shape_text(got, gs, sizeof gs);
        snprintf(msg, size, "%s: expected shape %s, got %s", want->name, ws, gs);
        return 1;
    }
    for (long i = 0; i < want->n; i++) {
        if (close_enough(want->v[i], got->v[i], want->is_int, abs_tol, rel_tol))
            continue;
        index_text(want, i, idx, sizeof idx);
        if (want->is_int)
            snprintf(msg, size, "%s%s: expected %.17g, got %.17g (exact)", want->name, idx,
                     want->v[i], got->v[i]);
        else
            snprintf(msg, size, "%s%s: expected %.10g, got %.10g (tolerance %.3g + %.3g*|expected|)",
                     want->name, idx, want->v[i], got->v[i], abs_tol, rel_tol);
        return 1;
    }
    return 0;
}

/* Goodness of fit of a count vector against the uniform distribution. */
static int chi2_uniform(const PArray *counts, PracticeTestResult *t)
{
    double total = 0, stat = 0;
    for (long i = 0; i < counts->n; i++)
        total += counts->v[i];
    t->statistical = true;
    t->chi2_df = (int)counts->n - 1;
    if (counts->n < 2 || total <= 0) {
        snprintf(t->message, sizeof t->message, "%s: no counts to test", counts->name);
        return 1;
    }
    double expected = total / (double)counts->n;
    for (long i = 0; i < counts->n; i++)
        stat += (counts->v[i] - expected) * (counts->v[i] - expected) / expected;
    t->chi2 = stat;
    t->chi2_p = stats_chi2_sf(stat, t->chi2_df);
    bool ok = t->chi2_p >= CHI2_ALPHA;
    snprintf(t->message, sizeof t->message,
             "%s: chi-square %.4g, df %d, p = %.3g (%s p %s %g: %s)", counts->name, stat,
             t->chi2_df, t->chi2_p, ok ? "passes," : "fails,", ok ? ">=" : "<", CHI2_ALPHA,
             ok ? "consistent with uniform" : "the counts are not uniform");
    return ok ? 0 : 1;
}

/* A bound: the learner's scalar against want->v[0] (at least / at most). */
static int compare_bound(const PArray *want, const PArray *got, const PracticeTestResult *t,
                         char *msg, size_t size)
{
    bool least = want->bound == PBOUND_AT_LEAST;
    if (got->n != 1) {
        snprintf(msg, size, "%s: expected one number, got %ld", want->name, got->n);
        return 1;
    }
    double g = got->v[0], lim = want->v[0];
    bool ok = isfinite(g) && (least ? g >= lim : g <= lim);
    char from[160] = "";
    if (want->vs_builtin && want->margin_op)
        snprintf(from, sizeof from, " (the built-in %s's %.4g %c %g)", t->builtin,
                 t->builtin_value, want->margin_op, want->margin);
    else if (want->vs_builtin)
        snprintf(from, sizeof from, " (the built-in %s's)", t->builtin);
    if (ok)
        snprintf(msg, size, "%s: %.4g %s %.4g%s", want->name, g, least ? ">=" : "<=", lim, from);
    else
        snprintf(msg, size, "%s: got %.4g, expected %s %.4g%s", want->name, g,
                 least ? "at least" : "at most", lim, from);
    return ok ? 0 : 1;
}

static int compare_case(const Check *ck, const PCase *c, const PArrays *got,
                        const PArrays *expected, PracticeTestResult *t)
{
    double abs_tol = c->has_tol ? c->tol_abs : ck->ex->tol_abs;
    double rel_tol = c->has_tol ? c->tol_rel : ck->ex->tol_rel;
    for (int i = 0; i < expected->n; i++) {
        const PArray *want = &expected->a[i];
        const PArray *g = parrays_find(got, want->name);
        if (!g) {
            snprintf(t->message, sizeof t->message, "output '%s' is missing", want->name);
            return 1;
        }
        int bad = want->bound != PBOUND_EQUAL
                      ? compare_bound(want, g, t, t->message, sizeof t->message)
                      : compare_array(want, g, abs_tol, rel_tol, t->message, sizeof t->message);
        if (bad)
            return 1;
    }
    if (c->chi2[0]) {
        const PArray *counts = parrays_find(got, c->chi2);
        if (!counts) {
            snprintf(t->message, sizeof t->message, "output '%s' is missing", c->chi2);
            return 1;
        }
        return chi2_uniform(counts, t);
    }
    return 0;
}

/* ---- one case ---------------------------------------------------------------- */

/* The limit of a bound on the built-in's figure. */
static double builtin_limit(const PArray *a, double value)
{
    switch (a->margin_op) {
    case '-': return value - a->margin;
    case '+': return value + a->margin;
    case '*': return value * a->margin;
    default: return value;
    }
}

/* The expected outputs: the literal ones, with "reference" ones filled from
 * the reference's outputs `ref`, and bounds on the built-in's figure set
 * from t->builtin_value. */
static int expected_outputs(const PCase *c, const PArrays *ref, const PracticeTestResult *t,
                            PArrays *out, Error *err)
{
    for (int i = 0; i < c->out.n; i++) {
        const PArray *src = &c->out.a[i];
        if (src->reference) {
            src = parrays_find(ref, src->name);
            if (!src)
                return error_set(err, ERR_DATA, "test %s: the reference gave no '%s'", c->name,
                                 c->out.a[i].name);
        }
        PArray *a = parrays_add(out, src->name, err);
        if (!a)
            return -1;
        a->is_int = src->is_int;
        a->ndim = src->ndim;
        a->bound = src->bound;
        a->vs_builtin = src->vs_builtin;
        a->margin_op = src->margin_op;
        a->margin = src->margin;
        memcpy(a->dims, src->dims, sizeof a->dims);
        if (parray_alloc(a, err) != 0)
            return -1;
        if (src->vs_builtin)
            a->v[0] = builtin_limit(src, t->builtin_value);
        else
            memcpy(a->v, src->v, (size_t)a->n * sizeof *a->v);
    }
    return 0;
}

static int run_builtin(const PCase *c, PracticeTestResult *t, Error *err)
{
    PBuiltinResult b;
    if (pbuiltin_run(c, &b, err) != 0)
        return -1;
    snprintf(t->builtin, sizeof t->builtin, "%s", c->builtin);
    snprintf(t->builtin_measure, sizeof t->builtin_measure, "%s", b.measure);
    t->builtin_value = b.value;
    t->builtin_seconds = b.seconds;
    return 0;
}

static bool case_needs_reference(const PCase *c)
{
    if (c->speed)
        return true;
    for (int i = 0; i < c->out.n; i++)
        if (c->out.a[i].reference)
            return true;
    return false;
}

static int run_reference(Check *ck, const PCase *c, PArrays *ref, PracticeTestResult *t,
                         Error *err)
{
    char why[512];
    double secs = 0;
    int rc = prunner_run_case(&ck->reference, c, (int)(c - ck->cases), ck->tmpdir, ref, &secs,
                              why, sizeof why, err);
    if (rc < 0)
        return -1;
    if (rc > 0)
        return error_set(err, ERR_INTERNAL, "exercise %s, test %s: the reference solution failed: %s",
                         ck->ex->name, c->name, why);
    t->ref_seconds = secs;
    return 0;
}

/* Run the learner on the case and compare; -1 only on a sandbox error. */
static int run_learner(Check *ck, const PCase *c, const PArrays *want, PracticeTestResult *t,
                       Error *err)
{
    PArrays got = { 0 };
    char why[512];
    int ran = prunner_run_case(&ck->learner, c, (int)(c - ck->cases), ck->tmpdir, &got,
                               &t->seconds, why, sizeof why, err);
    if (ran > 0)
        snprintf(t->message, sizeof t->message, "%s", why);
    else if (ran == 0)
        t->passed = compare_case(ck, c, &got, want, t) == 0;
    parrays_free(&got);
    return ran < 0 ? -1 : 0;
}

static int grade_case(Check *ck, const PCase *c, PracticeTestResult *t, Error *err)
{
    PArrays ref = { 0 }, want = { 0 };
    snprintf(t->name, sizeof t->name, "%s", c->name);
    snprintf(t->visibility, sizeof t->visibility, "%s", c->visibility);
    int rc = 0;
    if (case_needs_reference(c) && ck->have_reference)
        rc = run_reference(ck, c, &ref, t, err);
    if (rc == 0 && c->builtin[0])
        rc = run_builtin(c, t, err);
    if (rc == 0)
        rc = expected_outputs(c, &ref, t, &want, err);
    if (rc == 0)
        rc = run_learner(ck, c, &want, t, err);
    if (rc == 0 && t->passed && !t->statistical && !t->message[0])
        snprintf(t->message, sizeof t->message, "ok");
    if (rc == 0 && !t->passed && c->note[0]) {
        size_t len = strlen(t->message);
        snprintf(t->message + len, sizeof t->message - len, " - %s", c->note);
    }
    parrays_free(&ref);
    parrays_free(&want);
    return rc;
}

/* ---- the whole check ------------------------------------------------------------ */
static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    remove(path);
    return 0;
}

static void speed_note(PracticeReport *r)
{
    for (int i = 0; i < r->n_tests; i++) {
        const PracticeTestResult *t = &r->tests[i];
        if (t->ref_seconds > 0 && t->seconds > 0.01 && t->seconds > SLOW_FACTOR * t->ref_seconds) {
            snprintf(r->speed_note, sizeof r->speed_note,
                     "test %s: %.3g s against %.3g s for the reference (%.0fx slower); "
                     "look for a loop that numpy or a better algorithm would remove",
                     t->name, t->seconds, t->ref_seconds, t->seconds / t->ref_seconds);
            return;
        }
    }
}

/* The learner's time against the built-in's, over the cases that ran one. */
static void builtin_speed(PracticeReport *r)
{
    for (int i = 0; i < r->n_tests; i++)
        if (r->tests[i].builtin[0] && r->tests[i].builtin_seconds > 0 && r->tests[i].passed) {
            r->builtin_seconds += r->tests[i].builtin_seconds;
            r->builtin_learner_seconds += r->tests[i].seconds;
        }
    if (r->builtin_seconds <= 0)
        return;
    r->builtin_ratio = r->builtin_learner_seconds / r->builtin_seconds;
    double slow = r->lang == PRACTICE_PYTHON ? SLOW_BUILTIN_PYTHON : SLOW_BUILTIN_C;
    if (r->builtin_ratio > slow && r->builtin_learner_seconds > 0.01)
        snprintf(r->builtin_note, sizeof r->builtin_note,
                 "%.0fx the built-in's time: far slower than a vectorised version (%s)",
                 r->builtin_ratio,
                 r->lang == PRACTICE_PYTHON
                     ? "replace the Python loops over rows with numpy array operations"
                     : "look for repeated work inside the loops, or an O(n^2) step");
}

static int prepare(Check *ck, const char *file, Error *err)
{
    PracticeReport *r = ck->report;
    char ref_src[PATH_MAX + 16];
    if (prunner_prepare(ck->ex, ck->opt->lang, file, ck->tmpdir, "learner", &ck->learner,
                        &r->compiled, &r->compile_errors, r->compile_command,
                        sizeof r->compile_command, err) != 0)
        return -1;
    if (!r->compiled || !pcases_need_reference(ck->cases, ck->n_cases))
        return 0;
    snprintf(ref_src, sizeof ref_src, "%s/solution.%s", ck->ex->dir,
             practice_lang_ext(ck->opt->lang));
    bool ok;
    char *errors = NULL, cmd[2048];
    if (prunner_prepare(ck->ex, ck->opt->lang, ref_src, ck->tmpdir, "reference", &ck->reference,
                        &ok, &errors, cmd, sizeof cmd, err) != 0)
        return -1;
    if (!ok) {
        error_set(err, ERR_INTERNAL, "exercise %s: the reference does not compile: %.300s",
                  ck->ex->name, errors);
        free(errors);
        return -1;
    }
    ck->have_reference = true;
    return 0;
}

/* Grade case i (or say it was not run) and report it. */
static int report_case(Check *ck, int i, Error *err)
{
    PracticeReport *r = ck->report;
    PracticeTestResult *t = &r->tests[i];
    if (!r->compiled) {
        snprintf(t->name, sizeof t->name, "%s", ck->cases[i].name);
        snprintf(t->visibility, sizeof t->visibility, "%s", ck->cases[i].visibility);
        snprintf(t->message, sizeof t->message, "not run: the program does not compile");
    } else if (grade_case(ck, &ck->cases[i], t, err) != 0) {
        return -1;
    }
    r->n_passed += t->passed;
    r->total_seconds += t->seconds;
    if (ck->opt->on_test)
        ck->opt->on_test(t, i, ck->n_cases, ck->opt->user);
    return 0;
}

/* Are the outputs of case i (and the reference's, when it needs them) there? */
static bool case_ready(const Check *ck, int i)
{
    if (!prunner_batch_ready(&ck->learner, i, ck->tmpdir))
        return false;
    return !case_needs_reference(&ck->cases[i]) || !ck->have_reference ||
           prunner_batch_ready(&ck->reference, i, ck->tmpdir);
}

static void stream_tick(void *user, const SandboxProgress *progress)
{
    Check *ck = user;
    ck->stream_stop |= progress->read_stdin || progress->output_limit;
    if (ck->stream_stop || ck->stream_rc != 0)
        return;
    while (ck->next < ck->ready && ck->stream_rc == 0)
        ck->stream_rc = report_case(ck, ck->next++, ck->err);
    while (ck->ready < ck->n_cases && case_ready(ck, ck->ready))
        ck->ready++;
}

/* Python: the reference's cases in one process, then the learner's, each
 * case reported as soon as its outputs are there (see prunner_run_batch). */
static int run_batches(Check *ck, Error *err)
{
    if (!ck->report->compiled || ck->opt->lang != PRACTICE_PYTHON)
        return 0;
    bool *want = calloc((size_t)ck->n_cases, sizeof *want);
    if (!want)
        return error_set(err, ERR_NOMEM, "out of memory");
    for (int i = 0; i < ck->n_cases; i++)
        want[i] = case_needs_reference(&ck->cases[i]);
    int rc = 0;
    if (ck->have_reference)
        rc = prunner_run_batch(&ck->reference, ck->cases, ck->n_cases, want, ck->tmpdir, err);
    ck->err = err;
    if (rc == 0)
        rc = prunner_run_batch_watched(&ck->learner, ck->cases, ck->n_cases, NULL, ck->tmpdir,
                                       stream_tick, ck, err);
    free(want);
    return rc == 0 ? ck->stream_rc : rc;
}

static int run_all(Check *ck, Error *err)
{
    PracticeReport *r = ck->report;
    r->tests = calloc((size_t)ck->n_cases, sizeof *r->tests);
    if (!r->tests)
        return error_set(err, ERR_NOMEM, "out of memory");
    r->n_tests = ck->n_cases;
    if (run_batches(ck, err) != 0)
        return -1;
    for (int i = ck->next; i < ck->n_cases; i++)
        if (report_case(ck, i, err) != 0)
            return -1;
    speed_note(r);
    builtin_speed(r);
    return 0;
}

static int make_tmpdir(char *buf, size_t size, Error *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(buf, size, "%s/mllab-practice-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(buf))
        return error_set(err, ERR_IO, "cannot create a temporary folder: %s", strerror(errno));
    return 0;
}

int practice_check(const PracticeExercise *ex, const PracticeCheckOptions *opt,
                   PracticeReport *report, Error *err)
{
    memset(report, 0, sizeof *report);
    Check ck = { .ex = ex, .opt = opt, .report = report };
    snprintf(report->exercise, sizeof report->exercise, "%s", ex->name);
    report->lang = opt->lang;
    if (opt->file && !realpath(opt->file, report->file))
        return error_set(err, ERR_IO, "%s: %s", opt->file, strerror(errno));
    if (opt->file)
        ;
    else if (practice_workspace_file(ex, opt->lang, report->file, sizeof report->file, err) != 0)
        return -1;
    if (access(report->file, R_OK) != 0)
        return error_set(err, ERR_IO, "%s: %s%s", report->file, strerror(errno),
                         opt->file ? "" : " (run: mllab practice start NAME first)");
    if (pcases_load(ex, &ck.cases, &ck.n_cases, err) != 0)
        return -1;
    int rc = make_tmpdir(ck.tmpdir, sizeof ck.tmpdir, err);
    if (rc == 0)
        rc = prepare(&ck, report->file, err);
    if (rc == 0)
        rc = run_all(&ck, err);
    if (ck.tmpdir[0])
        nftw(ck.tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    pcases_free(ck.cases, ck.n_cases);
    return rc;
}

void practice_report_free(PracticeReport *report)
{
    free(report->compile_errors);
    free(report->tests);
    report->compile_errors = NULL;
    report->tests = NULL;
}
