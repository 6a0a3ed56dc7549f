/* step.c - the learner's code one step at a time (see practice_step.h):
 * a program prepared once (runner.c), inputs kept between runs, each run a
 * test case of its own in the sandbox. */
#include "practice_step.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "practice_internal.h"

struct PracticeStepper {
    PracticeExercise ex;   /* a copy: prog points at it */
    PProgram prog;
    char tmpdir[PATH_MAX];
    PArrays in, out;
    double seconds;
};

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

void practice_stepper_close(PracticeStepper *st)
{
    if (!st)
        return;
    if (st->tmpdir[0])
        nftw(st->tmpdir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    parrays_free(&st->in);
    parrays_free(&st->out);
    free(st);
}

/* step_harness when the exercise has one in this language, else harness. */
static const char *harness_for(const PracticeExercise *ex, PracticeLang lang)
{
    char path[PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/step_harness.%s", ex->dir, practice_lang_ext(lang));
    return access(path, R_OK) == 0 ? "step_harness" : "harness";
}

static PracticeLang lang_of(const char *file)
{
    size_t len = strlen(file);
    return len > 3 && strcmp(file + len - 3, ".py") == 0 ? PRACTICE_PYTHON : PRACTICE_C;
}

/* The compiler's output, cut to its first lines, as the error. */
static int compile_error(char *errors, Error *err)
{
    char *text = errors ? errors : "the compiler failed";
    int lines = 0;
    char *p = text;
    while (*p && lines < 6)
        if (*p++ == '\n')
            lines++;
    *p = '\0';
    error_set(err, ERR_DATA, "your code does not compile: %s", text);
    free(errors);
    return -1;
}

static int prepare(PracticeStepper *st, const char *file, Error *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(st->tmpdir, sizeof st->tmpdir, "%s/mllab-step-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(st->tmpdir)) {
        st->tmpdir[0] = '\0';
        return error_set(err, ERR_IO, "cannot create a temporary folder: %s", strerror(errno));
    }
    PracticeLang lang = lang_of(file);
    if ((lang == PRACTICE_C && !st->ex.has_c) || (lang == PRACTICE_PYTHON && !st->ex.has_python))
        return error_set(err, ERR_USAGE, "%s has no %s version", st->ex.name,
                         practice_lang_name(lang));
    bool compiled = true;
    char *errors = NULL, command[2048];
    if (prunner_prepare_harness(&st->ex, lang, file, harness_for(&st->ex, lang), st->tmpdir,
                                "learner", &st->prog, &compiled, &errors, command,
                                sizeof command, err) != 0)
        return -1;
    return compiled ? 0 : compile_error(errors, err);
}

int practice_stepper_open(const PracticeExercise *ex, const char *file, PracticeStepper **out,
                          Error *err)
{
    *out = NULL;
    PracticeStepper *st = calloc(1, sizeof *st);
    if (!st)
        return error_set(err, ERR_NOMEM, "out of memory");
    st->ex = *ex;
    if (prepare(st, file, err) != 0) {
        practice_stepper_close(st);
        return -1;
    }
    *out = st;
    return 0;
}

int practice_stepper_input(PracticeStepper *st, const char *name, bool is_int, int ndim,
                           const int *dims, const double *v, Error *err)
{
    if (ndim < 0 || ndim > PARRAY_MAX_DIMS)
        return error_set(err, ERR_INTERNAL, "input '%s': bad dimensions", name);
    PArray *a = parrays_find(&st->in, name);
    if (!a && !(a = parrays_add(&st->in, name, err)))
        return -1;
    a->is_int = is_int;
    a->ndim = ndim;
    for (int d = 0; d < ndim; d++)
        a->dims[d] = dims[d];
    if (parray_alloc(a, err) != 0)
        return -1;
    memcpy(a->v, v, (size_t)a->n * sizeof *v);
    return 0;
}

int practice_stepper_run(PracticeStepper *st, char *why, size_t why_size, Error *err)
{
    PCase c;
    memset(&c, 0, sizeof c);
    snprintf(c.name, sizeof c.name, "step");
    c.in = st->in;
    parrays_free(&st->out);
    st->seconds = 0;
    return prunner_run_case(&st->prog, &c, 0, st->tmpdir, &st->out, &st->seconds, why, why_size,
                            err);
}

const double *practice_stepper_output(const PracticeStepper *st, const char *name, int *ndim,
                                      int dims[4], long *n)
{
    const PArray *a = parrays_find(&st->out, name);
    if (!a)
        return NULL;
    *ndim = a->ndim;
    for (int d = 0; d < a->ndim && d < 4; d++)
        dims[d] = a->dims[d];
    *n = a->n;
    return a->v;
}

double practice_stepper_seconds(const PracticeStepper *st)
{
    return st->seconds;
}
