/* practice.h - practice mode: a bank of exercises the learner writes
 * themselves, graded in a sandbox (the API the CLI and the TUI call).
 *
 * An exercise is data in exercises/NAME/ (see docs/practice.md): its
 * description (exercise.txt), statement, hints, starters and reference
 * solutions in C and Python, per-language harnesses, the test cases
 * (tests.txt) and wrong solutions (mutants/) that the test suite checks fail.
 * The bank folder is $MLLAB_EXERCISES_DIR, or exercises/ next to the
 * program, or $(pkgdatadir)/exercises.
 *
 * Library code: nothing is printed, errors come back through Error.  The
 * learner's code never runs in this process (sandbox.h). */
#ifndef MLLAB_PRACTICE_H
#define MLLAB_PRACTICE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum { PRACTICE_C, PRACTICE_PYTHON } PracticeLang;
typedef enum { PRACTICE_DETERMINISTIC, PRACTICE_STATISTICAL } PracticeKind;

/* One exercise, from exercise.txt. */
typedef struct PracticeExercise {
    char name[64];          /* folder name: "kmeans" */
    char title[128];
    char topic[64];
    char difficulty[16];    /* easy | medium | hard */
    bool has_c, has_python; /* languages = c python */
    char signature_c[512];
    char signature_py[512];
    PracticeKind kind;
    double time_limit;      /* CPU seconds per test */
    long memory_mb;         /* address space per test (C; Python gets more) */
    double tol_abs, tol_rel;/* default tolerance: |got - exp| <= abs + rel |exp| */
    char algorithms[128];   /* algorithm = NAME...: the lab's algorithms whose cards
                             * link here ("practise this"); may be "" */
    char dir[PATH_MAX];     /* the exercise's folder */
    /* Step your own (docs/practice.md): the built-in algorithm whose views
     * draw the learner's code step by step ("" when the exercise cannot be
     * stepped), and the call one step makes, for people. */
    char step_algo[32];
    char step_c[256];
    char step_py[256];
} PracticeExercise;

/* ---- the bank (bank.c) ------------------------------------------------- */
const char *practice_bank_dir(void);
/* All exercises sorted by name; free with free(). */
int practice_bank_list(PracticeExercise **out, int *count, Error *err);
/* One exercise by name; ERR_USAGE when unknown. */
int practice_bank_find(const char *name, PracticeExercise *out, Error *err);
/* A file of the exercise ("statement.md", "solution.py", ...) as a malloc'd
 * NUL-terminated string. */
char *practice_read_file(const PracticeExercise *ex, const char *file, Error *err);
/* The hints of hints.md (paragraphs starting "## Hint"): malloc'd array of
 * malloc'd strings; free with practice_strings_free. */
int practice_hints(const PracticeExercise *ex, char ***hints, int *count, Error *err);
void practice_strings_free(char **v, int count);
/* Is ex an exercise on the lab's algorithm `algo` (a registry name)?  Its
 * `algorithm =` list names it, or, without that key, its name is algo or
 * starts with "algo_" (kmeans, linreg_closed_form). */
bool practice_exercise_for_algorithm(const PracticeExercise *ex, const char *algo);
const char *practice_lang_name(PracticeLang lang);     /* "c" / "python" */
const char *practice_lang_ext(PracticeLang lang);      /* "c" / "py" */
int practice_lang_parse(const char *s, PracticeLang *lang, Error *err);

/* ---- workspace and progress (progress.c) -------------------------------- */
typedef enum { PRACTICE_NEW, PRACTICE_ATTEMPTED, PRACTICE_SOLVED } PracticeStatus;

typedef struct PracticeProgress {
    PracticeStatus status;
    char date[16];      /* last check, YYYY-MM-DD; "" when never */
    int attempts;       /* checks run */
    double best_seconds;/* total learner time of the best passing check; 0 = none */
    int hints;          /* hints revealed */
} PracticeProgress;

/* $XDG_DATA_HOME/mllab/practice (default ~/.local/share/mllab/practice). */
int practice_home(char *buf, size_t size, Error *err);
/* The learner's file: HOME/NAME/solution.{c,py}. */
int practice_workspace_file(const PracticeExercise *ex, PracticeLang lang, char *buf,
                            size_t size, Error *err);
/* Copy the starter into the workspace unless a file is already there;
 * *created says which.  The copy is atomic. */
int practice_start(const PracticeExercise *ex, PracticeLang lang, char *path, size_t size,
                   bool *created, Error *err);
/* The stored progress of one exercise (PRACTICE_NEW when none). */
int practice_progress_get(const char *name, PracticeProgress *out, Error *err);
/* Record a check (passed or not, with the learner's total time), or one more
 * hint revealed.  Both rewrite progress.txt atomically. */
int practice_progress_record_check(const char *name, bool passed, double seconds, Error *err);
int practice_progress_record_hint(const char *name, int hints_revealed, Error *err);
const char *practice_status_name(PracticeStatus s);

/* ---- grading (grader.c) --------------------------------------------------- */
typedef struct PracticeTestResult {
    char name[64];
    char visibility[16];  /* example | hidden | data */
    bool passed;
    char message[1024];   /* why it failed, or a short note when it passed */
    double seconds;       /* the learner's time in this test */
    double ref_seconds;   /* the reference's, when measured (speed tests); else 0 */
    /* The built-in module on the same rows (a case with a builtin line):
     * its name, its measure ("accuracy" or "inertia"), value and time. */
    char builtin[32];     /* "" when the case has none */
    char builtin_measure[16];
    double builtin_value;
    double builtin_seconds;
    bool statistical;
    double chi2, chi2_p;  /* statistical tests */
    int chi2_df;
} PracticeTestResult;

typedef struct PracticeReport {
    char exercise[64];
    PracticeLang lang;
    char file[PATH_MAX];
    char compile_command[2048]; /* C: the command shown to the learner */
    bool compiled;              /* false: compile_errors says why */
    char *compile_errors;       /* malloc'd compiler output, or NULL */
    PracticeTestResult *tests;
    int n_tests, n_passed;
    double total_seconds;
    char speed_note[256];       /* "" or a note on the learner's speed */
    /* The learner's time over the built-in's on the cases that run one
     * (summed over them); 0 when none did.  builtin_note: "" or a note
     * when far slower than the built-in (vectorised) implementation. */
    double builtin_ratio;
    double builtin_seconds, builtin_learner_seconds;
    char builtin_note[256];
} PracticeReport;

/* Called after each test, from the thread that runs practice_check. */
typedef void (*PracticeTestCallback)(const PracticeTestResult *test, int index, int total,
                                     void *user);

typedef struct PracticeCheckOptions {
    PracticeLang lang;
    const char *file;             /* NULL: the workspace file */
    PracticeTestCallback on_test; /* may be NULL */
    void *user;
} PracticeCheckOptions;

/* Grade the learner's file.  Returns 0 when grading ran (look at
 * report->n_passed == report->n_tests, and report->compiled), -1 with err
 * when it could not (missing file, broken exercise, python3 or numpy
 * missing for Python).  Never modifies the learner's file. */
int practice_check(const PracticeExercise *ex, const PracticeCheckOptions *opt,
                   PracticeReport *report, Error *err);
void practice_report_free(PracticeReport *report);

/* A python3 that has numpy ($MLLAB_PYTHON, python3 in $PATH, /usr/bin/python3)
 * or -1 with the "Python exercises need python3 and numpy" error. */
int practice_find_python(char *buf, size_t size, Error *err);

#endif
