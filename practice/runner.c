/* runner.c - building the learner's (or the reference) program and running
 * it on one test case in the sandbox.
 *
 * C: `cc -std=c11 -O2 -Wall -Wextra` compiles the learner's file (with the
 * exercise's signature.h forced in, so a wrong signature is a compile
 * error at the learner's line), the exercise's harness.c and the runtime
 * into one program in the check's temporary folder.  Python: `python3 -B
 * harness.py LEARNER.py IN OUT` with the runtime on PYTHONPATH. */
#include "practice_internal.h"

#include <errno.h>
#include <libgen.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"

#define OUTPUT_CAP (64 * 1024)

/* practice/runtime next to the exercises folder (source tree and install). */
static int runtime_dir(char *buf, size_t size, Error *err)
{
    const char *env = getenv("MLLAB_PRACTICE_RUNTIME");
    if (env && *env)
        return snprintf(buf, size, "%s", env) < (int)size ? 0 : error_set(err, ERR_IO, "path too long");
    char bank[PATH_MAX];
    snprintf(bank, sizeof bank, "%s", path_exercises_dir());
    if (snprintf(buf, size, "%s/practice/runtime", dirname(bank)) >= (int)size)
        return error_set(err, ERR_IO, "path too long");
    if (access(buf, R_OK) != 0)
        return error_set(err, ERR_IO, "%s: the practice runtime is missing", buf);
    return 0;
}

static void set_limits(PProgram *prog, const PracticeExercise *ex)
{
    double cpu = ex->time_limit > 0 ? ex->time_limit : 2.0;
    prog->limits.cpu_seconds = cpu;
    prog->limits.wall_seconds = 2 * cpu + 2;
    long mb = ex->memory_mb > 0 ? ex->memory_mb : 256;
    /* numpy and its BLAS reserve address space of their own */
    prog->limits.memory_bytes = (prog->lang == PRACTICE_PYTHON ? mb + 1024 : mb) << 20;
    prog->limits.output_bytes = OUTPUT_CAP;
    prog->limits.file_bytes = 64L << 20;
}

/* ---- Python ------------------------------------------------------------- */
static pthread_mutex_t python_lock = PTHREAD_MUTEX_INITIALIZER;
static char python_found[PATH_MAX];

static bool has_numpy(const char *python)
{
    /* find_spec looks numpy up without importing it (a fraction of the time) */
    char *argv[] = { (char *)python, "-c",
                     "import importlib.util, sys; sys.exit(importlib.util.find_spec('numpy') is None)",
                     NULL };
    SandboxLimits lim = { .cpu_seconds = 20, .wall_seconds = 30, .output_bytes = OUTPUT_CAP };
    SandboxResult res;
    if (sandbox_run(argv, NULL, NULL, &lim, &res, NULL) != 0)
        return false;
    bool ok = res.outcome == SANDBOX_EXITED && res.exit_code == 0;
    sandbox_result_free(&res);
    return ok;
}

int practice_find_python(char *buf, size_t size, Error *err)
{
    pthread_mutex_lock(&python_lock);
    if (!python_found[0]) {
        const char *env = getenv("MLLAB_PYTHON");
        const char *cands[] = { env && *env ? env : "python3", "python3", "/usr/bin/python3" };
        for (size_t i = env && *env ? 0 : 1; i < 3 && !python_found[0]; i++)
            if (has_numpy(cands[i]))
                snprintf(python_found, sizeof python_found, "%s", cands[i]);
    }
    snprintf(buf, size, "%s", python_found);
    pthread_mutex_unlock(&python_lock);
    if (!buf[0])
        return error_set(err, ERR_IO, "Python exercises need python3 and numpy "
                                      "(apt-get install python3-numpy); C works without them");
    return 0;
}

/* ---- C -------------------------------------------------------------------- */
static int compile_c(const PracticeExercise *ex, const char *source, PProgram *prog,
                     bool *compiled, char **errors, char *command, size_t csize, Error *err)
{
    char rt[PATH_MAX];
    if (runtime_dir(rt, sizeof rt, err) != 0)
        return -1;
    const char *cc = getenv("MLLAB_CC");
    char inc_rt[PATH_MAX + 2], inc_ex[PATH_MAX + 2], sig[PATH_MAX + 16], harness[PATH_MAX + 48],
        runtime[PATH_MAX + 32];
    snprintf(inc_rt, sizeof inc_rt, "-I%s", rt);
    snprintf(inc_ex, sizeof inc_ex, "-I%s", ex->dir);
    snprintf(sig, sizeof sig, "%s/signature.h", ex->dir);
    snprintf(harness, sizeof harness, "%s/%s.c", ex->dir, prog->harness);
    snprintf(runtime, sizeof runtime, "%s/mllab_practice.c", rt);
    char *argv[] = { (char *)(cc && *cc ? cc : "cc"), "-std=c11", "-D_POSIX_C_SOURCE=200809L", "-O2", "-Wall", "-Wextra",
                     "-fdiagnostics-color=never", inc_rt, inc_ex, "-include", sig, "-o",
                     prog->exe, (char *)source, harness, runtime, "-lm",
                     "-Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc", NULL };
    size_t used = 0;
    command[0] = '\0';
    for (int i = 0; argv[i] && used < csize; i++)
        used += (size_t)snprintf(command + used, csize - used, "%s%s", i ? " " : "", argv[i]);
    SandboxLimits lim = { .cpu_seconds = 60, .wall_seconds = 90, .output_bytes = OUTPUT_CAP };
    SandboxResult res;
    if (sandbox_run(argv, NULL, NULL, &lim, &res, err) != 0)
        return -1;
    *compiled = res.outcome == SANDBOX_EXITED && res.exit_code == 0;
    if (!*compiled) {
        *errors = res.err && res.err[0] ? strdup(res.err) : strdup("the compiler failed");
    }
    sandbox_result_free(&res);
    return 0;
}

int prunner_prepare_harness(const PracticeExercise *ex, PracticeLang lang, const char *source,
                            const char *harness, const char *tmpdir, const char *tag,
                            PProgram *prog, bool *compiled, char **errors, char *command,
                            size_t command_size, Error *err)
{
    memset(prog, 0, sizeof *prog);
    snprintf(prog->tag, sizeof prog->tag, "%s", tag);
    snprintf(prog->harness, sizeof prog->harness, "%s", harness);
    prog->lang = lang;
    prog->ex = ex;
    set_limits(prog, ex);
    *compiled = true;
    *errors = NULL;
    if (access(source, R_OK) != 0)
        return error_set(err, ERR_IO, "%s: %s", source, strerror(errno));
    if (lang == PRACTICE_C) {
        snprintf(prog->exe, sizeof prog->exe, "%s/%s", tmpdir, tag);
        return compile_c(ex, source, prog, compiled, errors, command, command_size, err);
    }
    snprintf(prog->source, sizeof prog->source, "%s", source);
    if (command_size)
        command[0] = '\0';
    return practice_find_python(prog->python, sizeof prog->python, err);
}

int prunner_prepare(const PracticeExercise *ex, PracticeLang lang, const char *source,
                    const char *tmpdir, const char *tag, PProgram *prog, bool *compiled,
                    char **errors, char *command, size_t command_size, Error *err)
{
    return prunner_prepare_harness(ex, lang, source, "harness", tmpdir, tag, prog, compiled,
                                   errors, command, command_size, err);
}

/* ---- running one case ----------------------------------------------------- */

/* The last line of text that is not empty (for a Python exception). */
static void last_line(const char *text, char *buf, size_t size)
{
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == ' '))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    snprintf(buf, size, "%.*s", (int)(end - start), start);
}

/* Why a run that ended is a failure, or "" when it is not. */
static void explain(const PProgram *prog, const SandboxResult *res, bool complete, char *why,
                    size_t size)
{
    char line[400];
    why[0] = '\0';
    if (res->outcome != SANDBOX_EXITED) {
        sandbox_describe(res, &prog->limits, why, size);
        if (res->outcome == SANDBOX_SIGNALED && res->err[0]) {
            last_line(res->err, line, sizeof line);
            snprintf(why + strlen(why), size - strlen(why), "; stderr: %s", line);
        }
    } else if (res->read_stdin) {
        snprintf(why, size, "read from stdin (the tests give no input there: use the arguments)");
    } else if (strstr(res->err, "Traceback")) {
        last_line(res->err, line, sizeof line);
        snprintf(why, size, "raised an exception: %s", line);
    } else if (res->exit_code == 70 && strstr(res->err, "[mllab] harness")) {
        last_line(res->err, line, sizeof line);
        snprintf(why, size, "the harness failed: %s", line);
    } else if (!complete) {
        snprintf(why, size, "called exit(%d) before returning", res->exit_code);
    }
}

static void case_argv(const PProgram *prog, const char *in, const char *out, char *harness,
                      char **argv)
{
    if (prog->lang == PRACTICE_C) {
        argv[0] = (char *)prog->exe;
        argv[1] = (char *)in;
        argv[2] = (char *)out;
        argv[3] = NULL;
        return;
    }
    argv[0] = (char *)prog->python;
    argv[1] = "-B";
    argv[2] = harness;
    argv[3] = (char *)prog->source;
    argv[4] = (char *)in;
    argv[5] = (char *)out;
    argv[6] = NULL;
}

/* The complete outputs of case `index` from the batch run, if any. */
static bool batch_result(const PProgram *prog, int index, const char *tmpdir, PArrays *outputs,
                         double *seconds)
{
    char out[PATH_MAX + 64];
    bool complete = false;
    snprintf(out, sizeof out, "%s/%s-out-%d.txt", tmpdir, prog->tag, index);
    if (parrays_read(out, outputs, &complete, NULL) != 0 || !complete) {
        parrays_free(outputs);
        return false;
    }
    PArray *t = parrays_find(outputs, "__seconds");
    *seconds = t && t->n == 1 ? t->v[0] : 0.0;
    return true;
}

/* Write the inputs of the wanted cases and put "IN OUT" pairs in argv. */
static int batch_files(const PProgram *prog, const PCase *cases, int count, const bool *want,
                       const char *tmpdir, char **argv, int *argc, Error *err)
{
    for (int i = 0; i < count; i++) {
        if (want && !want[i])
            continue;
        char *in = malloc(PATH_MAX + 64), *out = malloc(PATH_MAX + 64);
        if (!in || !out) {
            free(in);
            free(out);
            return error_set(err, ERR_NOMEM, "out of memory");
        }
        snprintf(in, PATH_MAX + 64, "%s/%s-in-%d.txt", tmpdir, prog->tag, i);
        snprintf(out, PATH_MAX + 64, "%s/%s-out-%d.txt", tmpdir, prog->tag, i);
        argv[(*argc)++] = in;
        argv[(*argc)++] = out;
        if (parrays_write(in, &cases[i].in, err) != 0)
            return -1;
    }
    return 0;
}

static void discard_batch(char **argv, int first, int argc, bool outputs_too)
{
    for (int i = first; i < argc; i++) {
        if (outputs_too && (i - first) % 2 == 1)
            unlink(argv[i]);
        free(argv[i]);
    }
}

bool prunner_batch_ready(const PProgram *prog, int index, const char *tmpdir)
{
    char out[PATH_MAX + 64];
    snprintf(out, sizeof out, "%s/%s-out-%d.txt", tmpdir, prog->tag, index);
    return prog->batched && access(out, R_OK) == 0;
}

int prunner_run_batch(PProgram *prog, const PCase *cases, int count, const bool *want,
                      const char *tmpdir, Error *err)
{
    return prunner_run_batch_watched(prog, cases, count, want, tmpdir, NULL, NULL, err);
}

int prunner_run_batch_watched(PProgram *prog, const PCase *cases, int count, const bool *want,
                              const char *tmpdir, SandboxTick tick, void *user, Error *err)
{
    char harness[PATH_MAX + 48], rt[PATH_MAX], pypath[PATH_MAX + 16];
    if (prog->lang != PRACTICE_PYTHON || runtime_dir(rt, sizeof rt, err) != 0)
        return prog->lang != PRACTICE_PYTHON ? 0 : -1;
    char **argv = calloc((size_t)(2 * count + 6), sizeof *argv);
    if (!argv)
        return error_set(err, ERR_NOMEM, "out of memory");
    snprintf(harness, sizeof harness, "%s/%s.py", prog->ex->dir, prog->harness);
    snprintf(pypath, sizeof pypath, "PYTHONPATH=%s", rt);
    int argc = 4;
    argv[0] = prog->python;
    argv[1] = "-B";
    argv[2] = harness;
    argv[3] = prog->source;
    int rc = batch_files(prog, cases, count, want, tmpdir, argv, &argc, err);
    SandboxLimits lim = prog->limits;
    lim.cpu_seconds *= (argc - 4) / 2;
    lim.wall_seconds = 2 * lim.cpu_seconds + 2;
    char *env[] = { pypath, "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1",
                    "PYTHONDONTWRITEBYTECODE=1", NULL };
    SandboxResult res;
    prog->batched = true; /* its outputs are read while it runs */
    if (rc == 0 && argc > 4)
        rc = sandbox_run_watched(argv, env, tmpdir, &lim, tick, user, &res, err);
    bool ran = rc == 0 && argc > 4;
    /* output floods and stdin reads cannot be pinned on a case: run each alone */
    bool discard = ran && (res.read_stdin || res.outcome == SANDBOX_OUTPUT_LIMIT);
    if (ran)
        sandbox_result_free(&res);
    discard_batch(argv, 4, argc, discard);
    free(argv);
    prog->batched = rc == 0;
    return rc;
}

int prunner_run_case(const PProgram *prog, const PCase *c, int index, const char *tmpdir,
                     PArrays *outputs, double *seconds, char *why, size_t why_size, Error *err)
{
    why[0] = '\0';
    if (prog->batched && batch_result(prog, index, tmpdir, outputs, seconds))
        return 0;
    char in[PATH_MAX + 16], out[PATH_MAX + 16], harness[PATH_MAX + 48], rt[PATH_MAX],
        pypath[PATH_MAX + 16];
    snprintf(in, sizeof in, "%s/inputs.txt", tmpdir);
    snprintf(out, sizeof out, "%s/outputs.txt", tmpdir);
    snprintf(harness, sizeof harness, "%s/%s.py", prog->ex->dir, prog->harness);
    if (parrays_write(in, &c->in, err) != 0 || runtime_dir(rt, sizeof rt, err) != 0)
        return -1;
    unlink(out);
    snprintf(pypath, sizeof pypath, "PYTHONPATH=%s", rt);
    char *env[] = { pypath, "OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1",
                    "PYTHONDONTWRITEBYTECODE=1", NULL };
    char *argv[8];
    case_argv(prog, in, out, harness, argv);
    SandboxResult res;
    if (sandbox_run(argv, env, tmpdir, &prog->limits, &res, err) != 0)
        return -1;
    bool complete = false;
    int rc = parrays_read(out, outputs, &complete, err);
    explain(prog, &res, complete, why, why_size);
    PArray *t = parrays_find(outputs, "__seconds");
    *seconds = t && t->n == 1 ? t->v[0] : res.wall_seconds;
    sandbox_result_free(&res);
    if (rc != 0 && !why[0])
        snprintf(why, why_size, "its outputs could not be read: %s", err ? err->msg : "");
    error_clear(err);
    return why[0] ? 1 : 0;
}
