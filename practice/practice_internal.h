/* practice_internal.h - what the modules of practice/ share: named arrays
 * and their text framing (arrays.c), the test cases of tests.txt
 * (cases.c), and running one program in the sandbox (runner.c). */
#ifndef MLLAB_PRACTICE_INTERNAL_H
#define MLLAB_PRACTICE_INTERNAL_H

#include <stdbool.h>

#include "practice.h"
#include "sandbox.h"

#define PARRAY_MAX_DIMS 4

/* A named array of doubles (ints are stored as doubles, flagged). */
typedef struct PArray {
    char name[64];
    bool is_int;
    bool reference;  /* expected output computed by the reference solution */
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
} PCase;

/* Parse DIR/tests.txt (generators and datasets expanded). */
int pcases_load(const PracticeExercise *ex, PCase **cases, int *count, Error *err);
void pcases_free(PCase *cases, int count);
/* Does any case need the reference solution (expected = reference, speed)? */
bool pcases_need_reference(const PCase *cases, int count);

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
    bool batched;              /* Python: prunner_run_batch ran */
} PProgram;

/* Build (C) or prepare (Python) `source` in tmpdir under the name tag
 * ("learner", "reference").  For C, a compile failure returns 0 with
 * *compiled false and *errors set (malloc'd); command gets the command. */
int prunner_prepare(const PracticeExercise *ex, PracticeLang lang, const char *source,
                    const char *tmpdir, const char *tag, PProgram *prog, bool *compiled,
                    char **errors, char *command, size_t command_size, Error *err);
/* Python: run the cases (those with want[i], or all when want is NULL) in
 * one process, leaving TAG-out-I.txt files that prunner_run_case uses when
 * complete (a case without one is run again on its own).  Does nothing for
 * C, whose processes start in a millisecond. */
int prunner_run_batch(PProgram *prog, const PCase *cases, int count, const bool *want,
                      const char *tmpdir, Error *err);
/* Run case number `index`: write its inputs, run the program, read its outputs.
 * Returns 0 when the program ran cleanly (outputs filled), 1 when it failed
 * (why says so: crash, limit, exception, exit before returning), -1 on a
 * sandbox error. */
int prunner_run_case(const PProgram *prog, const PCase *c, int index, const char *tmpdir,
                     PArrays *outputs, double *seconds, char *why, size_t why_size, Error *err);

#endif
