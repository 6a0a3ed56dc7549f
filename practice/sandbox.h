/* sandbox.h - running untrusted code (the learner's program) in a child.
 *
 * The child gets its own session and process group (no controlling
 * terminal), a working folder, limits on CPU time, address space, file size
 * and core dumps, and a stdin that holds one sentinel byte (so reading stdin
 * is detected instead of hanging).  Its stdout and stderr are captured
 * through pipes up to a cap; more output kills it.  The parent enforces a
 * wall-clock timeout by killing the whole process group, and always reaps
 * the child.  Safe to call from a thread of the TUI: nothing is printed and
 * the terminal is never touched. */
#ifndef MLLAB_PRACTICE_SANDBOX_H
#define MLLAB_PRACTICE_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef struct SandboxLimits {
    double cpu_seconds;  /* RLIMIT_CPU (rounded up to whole seconds) */
    double wall_seconds; /* enforced by the parent */
    long memory_bytes;   /* RLIMIT_AS; 0 = none */
    long output_bytes;   /* stdout + stderr captured; more kills the child */
    long file_bytes;     /* RLIMIT_FSIZE */
} SandboxLimits;

typedef enum {
    SANDBOX_EXITED,       /* exit_code holds the status */
    SANDBOX_SIGNALED,     /* killed by signal_number */
    SANDBOX_TIME_LIMIT,   /* CPU limit (SIGXCPU) or wall-clock timeout */
    SANDBOX_MEMORY_LIMIT, /* an allocation failed under RLIMIT_AS */
    SANDBOX_OUTPUT_LIMIT, /* too much on stdout/stderr */
    SANDBOX_FILE_LIMIT,   /* a file grew past RLIMIT_FSIZE (SIGXFSZ) */
    SANDBOX_EXEC_FAILED   /* the program could not be started */
} SandboxOutcome;

typedef struct SandboxResult {
    SandboxOutcome outcome;
    int exit_code;      /* SANDBOX_EXITED */
    int signal_number;  /* SANDBOX_SIGNALED (and the signal behind a limit) */
    bool wall_timeout;  /* SANDBOX_TIME_LIMIT from the parent's clock */
    bool read_stdin;    /* the child read its stdin */
    double wall_seconds;
    double cpu_seconds;
    char *out;          /* captured stdout (NUL-terminated), up to the cap */
    char *err;          /* captured stderr */
    size_t out_len, err_len;
} SandboxResult;

/* Run argv[0] (a path, or a name searched in $PATH) with argv in workdir,
 * the environment plus env_extra ("KEY=VALUE" strings, NULL-terminated;
 * may be NULL).  Returns 0 when the child ran (whatever its outcome) and
 * fills *res; -1 with err when the sandbox itself failed (pipe, fork). */
int sandbox_run(char *const argv[], char *const env_extra[], const char *workdir,
                const SandboxLimits *limits, SandboxResult *res, Error *err);
/* What a running child has done so far, as seen just before a tick. */
typedef struct SandboxProgress {
    bool read_stdin;   /* it has read the sentinel byte */
    bool output_limit; /* it printed more than the cap (it is being killed) */
} SandboxProgress;
typedef void (*SandboxTick)(void *user, const SandboxProgress *progress);

/* The same, calling tick(user, progress) about every 20 ms while the child
 * runs (from this thread; tick may read files the child has finished
 * writing, but must not run another sandbox).  tick may be NULL. */
int sandbox_run_watched(char *const argv[], char *const env_extra[], const char *workdir,
                        const SandboxLimits *limits, SandboxTick tick, void *user,
                        SandboxResult *res, Error *err);
void sandbox_result_free(SandboxResult *res);

/* "SIGSEGV" for 11 ("signal 77" when unknown). */
const char *sandbox_signal_name(int sig, char *buf, size_t size);
/* One line for people: "killed by SIGSEGV (segmentation fault)", "time
 * limit (1 s CPU)", "output limit (more than 65536 bytes)", "exited with
 * status 3", ... */
void sandbox_describe(const SandboxResult *res, const SandboxLimits *limits, char *buf,
                      size_t size);

#endif
