/* screen_practice_check.c - the Practice screen's grader and editor.
 *
 * `t` grades the learner's file with practice_check on a background thread
 * (a Job, tui_jobs.h).  practice_check calls back after each test from that
 * thread; the callback copies the result into PracticeCheck.tests under its
 * mutex, and the screen's tick copies the new ones into its CheckView (the
 * UI thread's own), so the draw reads nothing the other thread writes.  When
 * the job ends, the tick takes the report and records the check in the
 * progress store.
 *
 * Cancelling (leaving the screen, quitting) cannot interrupt practice_check
 * itself, so it kills the sandboxed programs the grader runs (this process's
 * children, found in /proc) until the thread returns: each remaining test
 * then fails at once, and the results are thrown away.
 *
 * `e` hands the terminal to $VISUAL / $EDITOR (else editor, vi or nano),
 * curses suspended (tui_term.c) and restored afterwards. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "screen_practice_internal.h"
#include "tui_term.h"

/* ---- the grading thread ------------------------------------------------------------ */

void check_init(PracticeCheck *ck)
{
    memset(ck, 0, sizeof *ck);
    job_init(&ck->job);
    pthread_mutex_init(&ck->lock, NULL);
}

void check_destroy(PracticeCheck *ck)
{
    job_destroy(&ck->job);
    practice_report_free(&ck->report);
    free(ck->tests);
    pthread_mutex_destroy(&ck->lock);
}

/* From the grading thread: keep a copy of the result for the UI. */
static void on_test(const PracticeTestResult *t, int index, int total, void *user)
{
    PracticeCheck *ck = user;
    (void)index;
    pthread_mutex_lock(&ck->lock);
    if (ck->n_tests == ck->cap) {
        int cap = ck->cap ? ck->cap * 2 : 16;
        PracticeTestResult *grown = realloc(ck->tests, (size_t)cap * sizeof *grown);
        if (grown) {
            ck->tests = grown;
            ck->cap = cap;
        }
    }
    if (ck->n_tests < ck->cap)
        ck->tests[ck->n_tests++] = *t;
    ck->total = total;
    pthread_mutex_unlock(&ck->lock);
}

static int grade(Job *job, void *arg)
{
    PracticeCheck *ck = arg;
    PracticeCheckOptions opt = { .lang = ck->lang, .file = ck->file, .on_test = on_test,
                                 .user = ck };
    return practice_check(&ck->ex, &opt, &ck->report, &job->err) == 0 ? 0 : -1;
}

bool check_running(const PracticeScreen *ps)
{
    return ps->cv.running;
}

void checkview_free(CheckView *cv)
{
    unsigned version = cv->version;
    free(cv->tests);
    practice_report_free(&cv->report);
    memset(cv, 0, sizeof *cv);
    cv->version = version + 1;
}

bool check_start(PracticeScreen *ps, App *app)
{
    PracticeCheck *ck = &ps->check;
    if (check_running(ps)) {
        app_message(app, "a check of %s is running", ps->cv.exercise);
        return false;
    }
    char file[PATH_MAX];
    Error err = { 0 };
    if (practice_workspace_file(&ps->ex, ps->lang, file, sizeof file, &err) != 0) {
        app_message(app, "%s", err.msg);
        return false;
    }
    if (access(file, F_OK) != 0) {
        app_message(app, "no file yet: e makes it from the starter");
        return false;
    }
    pthread_mutex_lock(&ck->lock);
    ck->n_tests = ck->total = 0;
    pthread_mutex_unlock(&ck->lock);
    ck->ex = ps->ex;
    ck->lang = ps->lang;
    snprintf(ck->file, sizeof ck->file, "%s", file);
    ck->cancelled = 0;
    checkview_free(&ps->cv);
    snprintf(ps->cv.exercise, sizeof ps->cv.exercise, "%s", ps->ex.name);
    ps->cv.lang = ps->lang;
    ps->cv.running = true;
    ps->cv.started = app_now();
    if (job_start(&ck->job, grade, ck, &err) != 0) {
        ps->cv.running = false;
        ps->cv.failed = true;
        snprintf(ps->cv.error, sizeof ps->cv.error, "%s", err.msg);
    }
    return true;
}

/* The results that came since the last tick. */
static void copy_new_results(PracticeCheck *ck, CheckView *cv)
{
    pthread_mutex_lock(&ck->lock);
    if (ck->n_tests > cv->n_tests) {
        PracticeTestResult *grown = realloc(cv->tests, (size_t)ck->n_tests * sizeof *grown);
        if (grown) {
            memcpy(grown + cv->n_tests, ck->tests + cv->n_tests,
                   (size_t)(ck->n_tests - cv->n_tests) * sizeof *grown);
            cv->tests = grown;
            cv->n_tests = ck->n_tests;
            cv->version++;
        }
    }
    cv->total = ck->total;
    pthread_mutex_unlock(&ck->lock);
}

/* The job ended: take its report (or its error) and record the check. */
static void finish(PracticeScreen *ps, bool ran)
{
    PracticeCheck *ck = &ps->check;
    CheckView *cv = &ps->cv;
    cv->running = false;
    cv->version++;
    if (ck->cancelled || !ran) {
        cv->failed = true;
        snprintf(cv->error, sizeof cv->error, "%s",
                 ck->cancelled ? "stopped before the end" : ck->job.err.msg);
        practice_report_free(&ck->report);
        return;
    }
    free(cv->tests);
    cv->report = ck->report;
    cv->tests = ck->report.tests;
    cv->n_tests = cv->total = ck->report.n_tests;
    cv->report.tests = NULL;
    cv->have_report = true;
    memset(&ck->report, 0, sizeof ck->report);
    const PracticeReport *r = &cv->report;
    bool solved = r->compiled && r->n_tests > 0 && r->n_passed == r->n_tests;
    Error err = { 0 };
    if (practice_progress_record_check(cv->exercise, solved, r->total_seconds, &err) != 0)
        snprintf(cv->error, sizeof cv->error, "progress not saved: %s", err.msg);
}

bool check_poll(PracticeScreen *ps)
{
    PracticeCheck *ck = &ps->check;
    if (!ps->cv.running)
        return false;
    copy_new_results(ck, &ps->cv);
    JobState st = job_state(&ck->job);
    if (st == JOB_RUNNING)
        return false;
    job_wait(&ck->job);
    finish(ps, st == JOB_DONE);
    job_reset(&ck->job);
    return true;
}

/* The parent process id of pid, from /proc/PID/stat; -1 when unknown. */
static long parent_of(long pid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/%ld/stat", pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *close = strrchr(buf, ')'); /* the name may hold spaces */
    long ppid = -1;
    if (!close || sscanf(close + 1, " %*c %ld", &ppid) != 1)
        return -1;
    return ppid;
}

/* Kill this process's children (the grader's sandboxed programs: each is
 * the leader of its own process group, which goes too). */
static void kill_children(void)
{
    DIR *d = opendir("/proc");
    if (!d)
        return;
    long me = (long)getpid();
    for (struct dirent *e = readdir(d); e; e = readdir(d)) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        if (*end || pid <= 0 || parent_of(pid) != me)
            continue;
        kill((pid_t)-pid, SIGKILL);
        kill((pid_t)pid, SIGKILL);
    }
    closedir(d);
}

void check_cancel(PracticeScreen *ps)
{
    PracticeCheck *ck = &ps->check;
    if (!ps->cv.running)
        return;
    ck->cancelled = 1;
    struct timespec pause = { 0, 10 * 1000 * 1000 };
    while (job_state(&ck->job) == JOB_RUNNING) {
        kill_children();
        nanosleep(&pause, NULL);
    }
    check_poll(ps);
}

/* ---- the tests view ------------------------------------------------------------------- */

static Style compiler_style(const char *line)
{
    if (strstr(line, "error:"))
        return ST_ERROR;
    if (strstr(line, "warning:"))
        return ST_HIGHLIGHT;
    return line[0] == ' ' ? ST_CODE : ST_NORMAL;
}

/* Compiler output with the learner's path shortened to its file name:
 * errors red, warnings highlighted, the quoted source as code. */
static void layout_compile_errors(TextLines *t, const PracticeReport *r, int width)
{
    lines_wrap(t, ST_ERROR, width, "", "Your file does not compile (no test was run):");
    lines_add(t, ST_NORMAL, "");
    const char *base = strrchr(r->file, '/');
    size_t dir_len = base ? (size_t)(base + 1 - r->file) : 0;
    char *copy = strdup(r->compile_errors ? r->compile_errors : "");
    char *save = NULL;
    for (char *line = copy ? strtok_r(copy, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        if (dir_len && strncmp(line, r->file, dir_len) == 0)
            line += dir_len;
        Style st = compiler_style(line);
        if (st == ST_CODE)
            lines_add(t, st, line);
        else
            lines_wrap(t, st, width, "    ", line);
    }
    free(copy);
    lines_add(t, ST_NORMAL, "");
    lines_wrap(t, ST_DIM, width, "    ", r->compile_command);
}

/* " (reference 1 ms, built-in 2 ms)", either part, or "". */
static void other_times(const PracticeTestResult *r, char *buf, size_t size)
{
    char rs[48] = "", bs[48] = "", both[32], all[100];
    if (r->ref_seconds > 0) {
        ui_fmt_seconds(both, sizeof both, r->ref_seconds);
        snprintf(rs, sizeof rs, "reference %s", both);
    }
    if (r->builtin[0]) {
        ui_fmt_seconds(both, sizeof both, r->builtin_seconds);
        snprintf(bs, sizeof bs, "built-in %s", both);
    }
    snprintf(all, sizeof all, "%s%s%s", rs, rs[0] && bs[0] ? ", " : "", bs);
    if (all[0])
        snprintf(buf, size, " (%s)", all);
    else
        buf[0] = '\0';
}

static void layout_test(TextLines *t, const PracticeTestResult *r, int width)
{
    char line[512], sec[32], ref[112];
    ui_fmt_seconds(sec, sizeof sec, r->seconds);
    other_times(r, ref, sizeof ref);
    snprintf(line, sizeof line, "%s  %-32s %-8s %9s%s", r->passed ? "PASS" : "FAIL", r->name,
             r->visibility, sec, ref);
    lines_add(t, r->passed ? ST_GOOD : ST_ERROR, line);
    if (!r->passed || strcmp(r->message, "ok") != 0)
        lines_wrap(t, r->passed ? ST_DIM : ST_NORMAL, width, "      ", r->message);
    if (r->statistical) {
        snprintf(line, sizeof line, "chi-square %.4g, df %d, p = %.4g", r->chi2, r->chi2_df,
                 r->chi2_p);
        lines_wrap(t, ST_DIM, width, "      ", line);
    }
}

static void layout_summary(TextLines *t, const CheckView *cv, int width)
{
    const PracticeReport *r = &cv->report;
    char line[512], sec[32];
    ui_fmt_seconds(sec, sizeof sec, r->total_seconds);
    bool all = r->n_passed == r->n_tests;
    snprintf(line, sizeof line, "%d of %d tests passed%s; your time %s", r->n_passed,
             r->n_tests, all ? ": solved" : "", sec);
    lines_add(t, ST_NORMAL, "");
    lines_wrap(t, all ? ST_GOOD : ST_ERROR, width, "", line);
    if (r->speed_note[0])
        lines_wrap(t, ST_HIGHLIGHT, width, "    ", r->speed_note);
    if (r->builtin_ratio > 0) {
        char mine[32], theirs[32];
        ui_fmt_seconds(mine, sizeof mine, r->builtin_learner_seconds);
        ui_fmt_seconds(theirs, sizeof theirs, r->builtin_seconds);
        snprintf(line, sizeof line, "against the built-in: %.3g x its time on the data tests "
                                    "(%s against %s)%s%s",
                 r->builtin_ratio, mine, theirs, r->builtin_note[0] ? "; " : "", r->builtin_note);
        lines_wrap(t, r->builtin_note[0] ? ST_HIGHLIGHT : ST_DIM, width, "    ", line);
    }
}

/* Each test so far, then the summary (and why progress was not saved). */
static void layout_results(TextLines *t, const CheckView *cv, int width)
{
    for (int i = 0; i < cv->n_tests; i++)
        layout_test(t, &cv->tests[i], width);
    if (!cv->have_report)
        return;
    layout_summary(t, cv, width);
    if (cv->error[0])
        lines_wrap(t, ST_ERROR, width, "", cv->error);
}

static void layout_head(TextLines *t, const CheckView *cv, int width)
{
    char line[256];
    const char *lang = cv->lang == PRACTICE_PYTHON ? "Python" : "C";
    if (cv->running && cv->total)
        snprintf(line, sizeof line, "Testing your %s file: %d of %d done", lang, cv->n_tests,
                 cv->total);
    else if (cv->running)
        snprintf(line, sizeof line, "Testing your %s file%s...", lang,
                 cv->lang == PRACTICE_C ? " (building it first)" : "");
    else
        snprintf(line, sizeof line, "The latest check of your %s file", lang);
    lines_wrap(t, ST_HEADING, width, "", line);
    lines_add(t, ST_NORMAL, "");
}

void check_layout(PracticeScreen *ps, int width)
{
    const CheckView *cv = &ps->cv;
    if (ps->tests_version == cv->version && ps->tests_width == width)
        return;
    ps->tests_version = cv->version;
    ps->tests_width = width;
    TextLines *t = &ps->tests_lines;
    lines_clear(t);
    if (strcmp(cv->exercise, ps->ex.name) != 0) {
        lines_wrap(t, ST_DIM, width, "", "No check yet: t runs the tests on your file (e edits it).");
        return;
    }
    layout_head(t, cv, width);
    if (cv->failed)
        lines_wrap(t, ST_ERROR, width, "    ", cv->error);
    if (cv->have_report && !cv->report.compiled)
        layout_compile_errors(t, &cv->report, width);
    else
        layout_results(t, cv, width);
}

/* ---- the editor ------------------------------------------------------------------------- */

/* The first of names that is an executable in $PATH, into buf. */
static bool find_program(const char *const *names, char *buf, size_t size)
{
    const char *path = getenv("PATH");
    for (int i = 0; names[i]; i++) {
        char dirs[4096];
        snprintf(dirs, sizeof dirs, "%s", path && *path ? path : "/usr/bin:/bin");
        char *save = NULL;
        for (char *d = strtok_r(dirs, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
            snprintf(buf, size, "%s/%s", *d ? d : ".", names[i]);
            if (access(buf, X_OK) == 0)
                return true;
        }
    }
    return false;
}

/* The command line to edit file: $VISUAL or $EDITOR through the shell (it
 * may hold options: "emacs -nw"), else editor, vi, nano.  *what names it. */
static bool editor_argv(const char *file, char *prog, size_t size, char *script, size_t ssize,
                        char **argv, const char **what)
{
    static const char *const FALLBACK[] = { "editor", "vi", "nano", NULL };
    const char *visual = getenv("VISUAL"), *editor = getenv("EDITOR");
    const char *chosen = visual && *visual ? visual : editor && *editor ? editor : NULL;
    if (chosen) {
        snprintf(script, ssize, "%s \"$@\"", chosen);
        argv[0] = "/bin/sh", argv[1] = "-c", argv[2] = script, argv[3] = "sh";
        argv[4] = (char *)file, argv[5] = NULL;
        *what = chosen;
        return true;
    }
    if (!find_program(FALLBACK, prog, size))
        return false;
    argv[0] = prog, argv[1] = (char *)file, argv[2] = NULL;
    *what = prog;
    return true;
}

/* Run argv and wait (as system() does: Ctrl-C and Ctrl-\ go to the
 * editor, not to the lab).  The exit status, or -1 when fork failed. */
static int run_and_wait(char **argv)
{
    struct sigaction ignore, old_int, old_quit;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    pid_t pid = fork();
    if (pid == 0) {
        struct sigaction dfl = ignore;
        dfl.sa_handler = SIG_DFL;
        sigaction(SIGINT, &dfl, NULL);
        sigaction(SIGQUIT, &dfl, NULL);
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGQUIT, &old_quit, NULL);
    if (pid < 0)
        return -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void practice_edit(PracticeScreen *ps, App *app)
{
    char path[PATH_MAX], prog[PATH_MAX], script[PATH_MAX + 64];
    bool created;
    Error err = { 0 };
    if (practice_start(&ps->ex, ps->lang, path, sizeof path, &created, &err) != 0) {
        app_message(app, "%s", err.msg);
        return;
    }
    char *argv[6];
    const char *what;
    if (!editor_argv(path, prog, sizeof prog, script, sizeof script, argv, &what)) {
        app_message(app, "no editor: set $EDITOR (your file: %s)", path);
        return;
    }
    term_suspend();
    int status = run_and_wait(argv);
    term_resume();
    term_size(&app->w, &app->h);
    if (status < 0 || status == 127)
        app_message(app, "cannot run the editor (%s): set $VISUAL or $EDITOR", what);
    else if (status != 0)
        app_message(app, "the editor (%s) ended with status %d", what, status);
    else
        app_message(app, "back from the editor%s; t tests your file",
                    created ? " (the file was new: made from the starter)" : "");
    practice_set_statement(ps); /* "made from the starter" no longer applies */
}
