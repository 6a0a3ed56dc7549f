/* practice_internal.h - what the modules of practice/ share: named arrays
 * and their text framing (arrays.c), the test cases of tests.txt
 * (cases.c), and running one program in the sandbox (runner.c). */
#ifndef MLLAB_PRACTICE_INTERNAL_H
#define MLLAB_PRACTICE_INTERNAL_H

#include <stdbool.h>

#include "practice.h"
#include "sandbox.h"

#define PARRAY_MAX_DIMS 4

/* How an expected output is compared: equal within the tolerance, or a
 * bound ("out accuracy >= 0.9", "out inertia <= builtin * 1.02"). */
typedef enum { PBOUND_EQUAL, PBOUND_AT_LEAST, PBOUND_AT_MOST } PBound;

/* A named array of doubles (ints are stored as doubles, flagged). */
typedef struct PArray {
    char name[64];
    bool is_int;
    bool reference;  /* expected output computed by the reference solution */
    PBound bound;    /* a bound is a scalar: v[0], or the built-in's figure */
    bool vs_builtin; /* the bound is the built-in's figure, then the margin: */
    char margin_op;  /* '-', '+', '*' or 0 (none) */
    double margin;
    int ndim;        /* 0: a scalar */
    int dims[PARRAY_MAX_DIMS];
    long n;
    double *v;
} PArray;

typedef struct PArrays {
    PArray *a;
    int n;
} PArrays;

/* ---- arrays.c ------------------------------------------------------------ */
PArray *parrays_add(PArrays *set, const char *name, Error *err);
PArray *parrays_find(const PArrays *set, const char *name);
void parrays_free(PArrays *set);
int parray_alloc(PArray *a, Error *err); /* v for a->n values (from dims) */
/* The framing of mllab_practice.h.  *complete tells whether the final "end"
 * line was there (a program that exited early leaves none). */
int parrays_read(const char *path, PArrays *set, bool *complete, Error *err);
int parrays_write(const char *path, const PArrays *set, Error *err);
/* "5x2", "scalar" */
void parray_shape_text(const PArray *a, char *buf, size_t size);

/* ---- cases.c -------------------------------------------------------------- */
typedef struct PCase {
    char name[64];
    char visibility[16];  /* example | hidden | data */
    PArrays in, out;
    bool has_tol;
    double tol_abs, tol_rel;
    char chi2[64];        /* statistical: the output of counts to test, or "" */
    bool speed;           /* time the reference on this case too */
    char note[256];       /* explains the expected behaviour on failure */
    /* split EVERY OFFSET [standardize]: row i is held out when i % EVERY ==
     * OFFSET (EVERY 0: no split); standardize scales the features with the
     * training rows' mean and standard deviation.  The harness sees it as the
     * input __split (mp_split in the runtime); the built-in uses the same. */
    int split_every, split_offset;
    bool standardize;
    /* builtin ALGO [KEY=VALUE...] [seed=N]: the lab's module run on the same
     * rows (builtin.c) for the bounds that name it and for the speed ratio. */
    char builtin[32];
    char builtin_params[256];
} PCase;

/* Parse DIR/tests.txt (generators and datasets expanded). */
int pcases_load(const PracticeExercise *ex, PCase **cases, int *count, Error *err);
void pcases_free(PCase *cases, int count);
/* Does any case need the reference solution (expected = reference, speed)? */
bool pcases_need_reference(const PCase *cases, int count);

/* ---- builtin.c ------------------------------------------------------------ */
/* The built-in module of a case (c->builtin) fitted on the case's X, y
 * divided and scaled like the harness does (c->split_*, c->standardize):
 * a classifier's accuracy on the held-out rows (every row without a split),
 * a clusterer's inertia (the squared distances of every row to the mean of
 * its cluster); the time of fit + predict.  (Regressors are not offered.) */
typedef struct PBuiltinResult {
    double value;
    const char *measure;  /* "accuracy", "inertia" */
    double seconds;
} PBuiltinResult;
int pbuiltin_run(const PCase *c, PBuiltinResult *r, Error *err);

/* ---- runner.c -------------------------------------------------------------- */
/* A learner's or reference program ready to run one case. */
typedef struct PProgram {
    PracticeLang lang;
    char exe[PATH_MAX];        /* C: the built program */
    char source[PATH_MAX];     /* Python: the learner's module */
    char python[PATH_MAX];     /* Python: the interpreter */
    const PracticeExercise *ex;
    SandboxLimits limits;
    char tag[16];              /* "learner" or "reference": names its files */
    char harness[32];          /* the harness's base name: "harness" (.c / .py) */
    bool batched;              /* Python: prunner_run_batch ran */
} PProgram;

/* Build (C) or prepare (Python) `source` in tmpdir under the name tag
 * ("learner", "reference").  For C, a compile failure returns 0 with
 * *compiled false and *errors set (malloc'd); command gets the command. */
int prunner_prepare(const PracticeExercise *ex, PracticeLang lang, const char *source,
                    const char *tmpdir, const char *tag, PProgram *prog, bool *compiled,
                    char **errors, char *command, size_t command_size, Error *err);
/* The same with another harness of the exercise folder (base name, e.g.
 * "harness"): the run screen's stepping (practice_step.h) uses it. */
int prunner_prepare_harness(const PracticeExercise *ex, PracticeLang lang, const char *source,
                            const char *harness, const char *tmpdir, const char *tag,
                            PProgram *prog, bool *compiled, char **errors, char *command,
                            size_t command_size, Error *err);
/* Python: run the cases (those with want[i], or all when want is NULL) in
 * one process, leaving TAG-out-I.txt files that prunner_run_case uses when
 * complete (a case without one is run again on its own).  Does nothing for
 * C, whose processes start in a millisecond. */
int prunner_run_batch(PProgram *prog, const PCase *cases, int count, const bool *want,
                      const char *tmpdir, Error *err);
/* The same, calling tick(user) about every 20 ms while the batch runs (the
 * grader reports each case as soon as its output is there). */
int prunner_run_batch_watched(PProgram *prog, const PCase *cases, int count, const bool *want,
                              const char *tmpdir, SandboxTick tick, void *user, Error *err);
/* Has the batch left the complete outputs of case `index`?  (The runtime
 * writes each under another name and renames it.) */
bool prunner_batch_ready(const PProgram *prog, int index, const char *tmpdir);
/* Run case number `index`: write its inputs, run the program, read its outputs.
 * Returns 0 when the program ran cleanly (outputs filled), 1 when it failed
 * (why says so: crash, limit, exception, exit before returning), -1 on a
 * sandbox error. */
int prunner_run_case(const PProgram *prog, const PCase *c, int index, const char *tmpdir,
                     PArrays *outputs, double *seconds, char *why, size_t why_size, Error *err);

#endif
