/* cli_practice.c - `mllab practice ...`: the exercise bank from the command
 * line (list, start, check, hint, solution).  A front end over practice/
 * (practice.h): this file prints, the library grades. */
#include "cli.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "practice.h"

static const char practice_usage[] =
    "usage: mllab practice [list] [--format text|json]\n"
    "       mllab practice start NAME [--lang c|python]\n"
    "       mllab practice check NAME [--file FILE] [--lang c|python] [--format text|json]\n"
    "       mllab practice hint NAME\n"
    "       mllab practice solution NAME [--lang c|python]\n"
    "\n"
    "Write the algorithms yourself, graded in a sandbox (see docs/practice.md).\n"
    "\n"
    "  list        the exercises: topic, difficulty, languages, your status\n"
    "  start       copy the starter into your workspace (never overwriting your\n"
    "              work) and print its path and the statement\n"
    "  check       compile/run your file on every test: pass/fail, expected vs got,\n"
    "              time (each line as its test finishes); real-data tests hold your\n"
    "              result against the lab's own module on the same rows, and your\n"
    "              time is set against the built-in's; exit status 0 when all pass,\n"
    "              1 when any fails\n"
    "  hint        reveal the next hint\n"
    "  solution    print the reference solution\n"
    "\n"
    "The workspace is $XDG_DATA_HOME/mllab/practice/NAME/ (default\n"
    "~/.local/share/mllab/practice/NAME/); C is compiled with cc, Python needs python3\n"
    "and numpy.  Exit status: 0 success, 1 a failing check or a file error, 2 usage.\n";

typedef struct PracticeArgs {
    const char *action; /* list start check hint solution */
    const char *name;
    const char *file;
    PracticeLang lang;
    bool lang_given;
    OutputFormat format;
} PracticeArgs;

/* --opt VALUE or --opt=VALUE; returns the value or NULL (and advances *i). */
static const char *option_value(int argc, char **argv, int *i, const char *opt)
{
    size_t len = strlen(opt);
    if (strncmp(argv[*i], opt, len) != 0)
        return NULL;
    if (argv[*i][len] == '=')
        return argv[*i] + len + 1;
    if (argv[*i][len] != '\0' || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int parse_option(int argc, char **argv, int *i, PracticeArgs *a)
{
    const char *v;
    Error err = { 0 };
    if ((v = option_value(argc, argv, i, "--lang"))) {
        if (practice_lang_parse(v, &a->lang, &err) != 0)
            return cli_fail(&err);
        a->lang_given = true;
    } else if ((v = option_value(argc, argv, i, "--file"))) {
        a->file = v;
    } else if ((v = option_value(argc, argv, i, "--format"))) {
        if (strcmp(v, "json") != 0 && strcmp(v, "text") != 0)
            return cli_usage_error("practice: --format is text or json, not '%s'", v);
        a->format = v[0] == 'j' ? FORMAT_JSON : FORMAT_TEXT;
    } else {
        return cli_usage_error("practice: unknown option or missing value '%s' (see mllab "
                               "practice --help)", argv[*i]);
    }
    return 0;
}

/* Returns -1 to go on, else the exit status (help printed, usage error). */
static int parse_args(int argc, char **argv, PracticeArgs *a)
{
    memset(a, 0, sizeof *a);
    a->action = "list";
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            fputs(practice_usage, stdout);
            return 0;
        }
        if (argv[i][0] == '-') {
            int rc = parse_option(argc, argv, &i, a);
            if (rc != 0)
                return rc;
        } else if (positional == 0) {
            a->action = argv[i];
            positional++;
        } else if (positional == 1) {
            a->name = argv[i];
            positional++;
        } else {
            return cli_usage_error("practice: unexpected argument '%s'", argv[i]);
        }
    }
    bool needs_name = strcmp(a->action, "list") != 0;
    if (needs_name && !a->name)
        return cli_usage_error("practice %s: which exercise? (see mllab practice list)",
                               a->action);
    if (!needs_name && a->name)
        return cli_usage_error("practice list: unexpected argument '%s'", a->name);
    return -1;
}

/* ---- list ----------------------------------------------------------------- */
static void list_json(StrBuf *sb, const PracticeExercise *ex, const PracticeProgress *p, bool last)
{
    sb_append(sb, "  {\"name\": ");
    sb_json_string(sb, ex->name);
    sb_append(sb, ", \"title\": ");
    sb_json_string(sb, ex->title);
    sb_append(sb, ", \"topic\": ");
    sb_json_string(sb, ex->topic);
    sb_append(sb, ", \"difficulty\": ");
    sb_json_string(sb, ex->difficulty);
    sb_printf(sb, ", \"languages\": [%s%s%s], \"status\": \"%s\", \"date\": ",
              ex->has_c ? "\"c\"" : "", ex->has_c && ex->has_python ? ", " : "",
              ex->has_python ? "\"python\"" : "", practice_status_name(p->status));
    sb_json_string(sb, p->date);
    sb_printf(sb, ", \"attempts\": %d, \"best_seconds\": ", p->attempts);
    sb_json_double(sb, p->best_seconds);
    sb_printf(sb, ", \"hints\": %d}%s\n", p->hints, last ? "" : ",");
}

static void list_text(StrBuf *sb, const PracticeExercise *ex, const PracticeProgress *p)
{
    char status[64];
    if (p->status == PRACTICE_NEW)
        snprintf(status, sizeof status, "new");
    else
        snprintf(status, sizeof status, "%s %s, %d attempt%s", practice_status_name(p->status),
                 p->date, p->attempts, p->attempts == 1 ? "" : "s");
    if (p->best_seconds > 0)
        snprintf(status + strlen(status), sizeof status - strlen(status), ", best %.3g ms",
                 p->best_seconds * 1e3);
    sb_printf(sb, "%-22s %-16s %-7s %-9s %s\n", ex->name, ex->topic, ex->difficulty,
              ex->has_c && ex->has_python ? "c python" : ex->has_c ? "c" : "python", status);
}

static int do_list(const PracticeArgs *a)
{
    PracticeExercise *all;
    int n;
    Error err = { 0 };
    if (practice_bank_list(&all, &n, &err) != 0)
        return cli_fail(&err);
    StrBuf sb = STRBUF_INIT;
    if (a->format == FORMAT_JSON)
        sb_append(&sb, "[\n");
    else
        sb_printf(&sb, "%-22s %-16s %-7s %-9s %s\n", "NAME", "TOPIC", "LEVEL", "LANGUAGES",
                  "STATUS");
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        PracticeProgress p;
        rc = practice_progress_get(all[i].name, &p, &err);
        if (rc == 0 && a->format == FORMAT_JSON)
            list_json(&sb, &all[i], &p, i == n - 1);
        else if (rc == 0)
            list_text(&sb, &all[i], &p);
    }
    if (a->format == FORMAT_JSON)
        sb_append(&sb, "]\n");
    free(all);
    if (rc == 0)
        rc = cli_write_stdout(&sb, &err);
    sb_free(&sb);
    return rc == 0 ? 0 : cli_fail(&err);
}

/* ---- start, hint, solution ------------------------------------------------------ */
static int do_start(const PracticeExercise *ex, const PracticeArgs *a)
{
    char path[PATH_MAX];
    bool created;
    Error err = { 0 };
    if (practice_start(ex, a->lang, path, sizeof path, &created, &err) != 0)
        return cli_fail(&err);
    char *statement = practice_read_file(ex, "statement.md", &err);
    if (!statement)
        return cli_fail(&err);
    printf("%s: %s\n", created ? "your file" : "your file (already there: kept as it is)", path);
    printf("when ready: mllab practice check %s%s\n\n", ex->name,
           a->lang == PRACTICE_PYTHON ? " --lang python" : "");
    fputs(statement, stdout);
    free(statement);
    return 0;
}

static int do_hint(const PracticeExercise *ex)
{
    char **hints;
    int n;
    PracticeProgress p;
    Error err = { 0 };
    if (practice_hints(ex, &hints, &n, &err) != 0 || practice_progress_get(ex->name, &p, &err) != 0)
        return cli_fail(&err);
    if (n == 0) {
        practice_strings_free(hints, n);
        error_set(&err, ERR_DATA, "exercise %s has no hints", ex->name);
        return cli_fail(&err);
    }
    int shown = p.hints < n ? p.hints + 1 : n;
    if (p.hints >= n)
        printf("(all %d hints are shown; here is the last)\n\n", n);
    const char *body = strchr(hints[shown - 1], '\n'); /* after the "## Hint" line */
    printf("Hint %d of %d%s", shown, n, body ? body : "\n");
    practice_strings_free(hints, n);
    if (practice_progress_record_hint(ex->name, shown, &err) != 0)
        return cli_fail(&err);
    return 0;
}

static int do_solution(const PracticeExercise *ex, const PracticeArgs *a)
{
    char file[32];
    Error err = { 0 };
    snprintf(file, sizeof file, "solution.%s", practice_lang_ext(a->lang));
    char *text = practice_read_file(ex, file, &err);
    if (!text)
        return cli_fail(&err);
    fputs(text, stdout);
    free(text);
    return 0;
}

/* ---- check ------------------------------------------------------------------------- */
static void print_test(const PracticeTestResult *t, int index, int total, void *user)
{
    (void)index;
    (void)total;
    (void)user;
    printf("  %s  %-26s %-8s %9.3f ms  %s\n", t->passed ? "PASS" : "FAIL", t->name,
           t->visibility, t->seconds * 1e3, t->message);
    fflush(stdout);
}

static void test_json(StrBuf *sb, const PracticeTestResult *t)
{
    sb_append(sb, "{\"name\": ");
    sb_json_string(sb, t->name);
    sb_printf(sb, ", \"visibility\": \"%s\", \"passed\": %s, \"message\": ", t->visibility,
              t->passed ? "true" : "false");
    sb_json_string(sb, t->message);
    sb_append(sb, ", \"seconds\": ");
    sb_json_double(sb, t->seconds);
    sb_append(sb, ", \"reference_seconds\": ");
    sb_json_double(sb, t->ref_seconds);
    if (t->builtin[0]) {
        sb_append(sb, ", \"builtin\": {\"algorithm\": ");
        sb_json_string(sb, t->builtin);
        sb_printf(sb, ", \"measure\": \"%s\", \"value\": ", t->builtin_measure);
        sb_json_double(sb, t->builtin_value);
        sb_append(sb, ", \"seconds\": ");
        sb_json_double(sb, t->builtin_seconds);
        sb_append(sb, "}");
    }
    if (t->statistical) {
        sb_append(sb, ", \"chi2\": ");
        sb_json_double(sb, t->chi2);
        sb_printf(sb, ", \"df\": %d, \"p_value\": ", t->chi2_df);
        sb_json_double(sb, t->chi2_p);
    }
    sb_append(sb, "}");
}

static void report_json(StrBuf *sb, const PracticeReport *r)
{
    sb_append(sb, "{\"exercise\": ");
    sb_json_string(sb, r->exercise);
    sb_printf(sb, ", \"language\": \"%s\", \"file\": ", practice_lang_name(r->lang));
    sb_json_string(sb, r->file);
    sb_printf(sb, ", \"compiled\": %s, \"compile_command\": ", r->compiled ? "true" : "false");
    sb_json_string(sb, r->compile_command);
    sb_append(sb, ", \"compile_errors\": ");
    sb_json_string(sb, r->compile_errors ? r->compile_errors : "");
    sb_append(sb, ", \"tests\": [");
    for (int i = 0; i < r->n_tests; i++) {
        sb_append(sb, i ? ",\n  " : "\n  ");
        test_json(sb, &r->tests[i]);
    }
    sb_printf(sb, "],\n \"passed\": %d, \"total\": %d, \"seconds\": ", r->n_passed, r->n_tests);
    sb_json_double(sb, r->total_seconds);
    sb_append(sb, ", \"speed_note\": ");
    sb_json_string(sb, r->speed_note);
    sb_append(sb, ", \"builtin_ratio\": ");
    sb_json_double(sb, r->builtin_ratio);
    sb_append(sb, ", \"builtin_note\": ");
    sb_json_string(sb, r->builtin_note);
    sb_append(sb, "}\n");
}

static void report_text(const PracticeReport *r)
{
    if (!r->compiled)
        printf("compile errors:\n%s\n", r->compile_errors ? r->compile_errors : "");
    printf("summary: %d of %d tests passed%s, your time %.3f ms\n", r->n_passed, r->n_tests,
           r->n_passed == r->n_tests ? " - solved" : "", r->total_seconds * 1e3);
    if (r->speed_note[0])
        printf("speed: %s\n", r->speed_note);
    if (r->builtin_ratio > 0)
        printf("against the built-in: %.3g x its time on the data tests (%.3f ms against %.3f ms)%s%s\n",
               r->builtin_ratio, r->builtin_learner_seconds * 1e3, r->builtin_seconds * 1e3,
               r->builtin_note[0] ? "; " : "", r->builtin_note);
}

static int do_check(const PracticeExercise *ex, const PracticeArgs *a)
{
    PracticeCheckOptions opt = { .lang = a->lang, .file = a->file };
    bool text = a->format != FORMAT_JSON;
    if (text) {
        opt.on_test = print_test;
        printf("practice check %s (%s)\n", ex->name, practice_lang_name(a->lang));
        fflush(stdout);
    }
    PracticeReport r;
    Error err = { 0 };
    if (practice_check(ex, &opt, &r, &err) != 0)
        return cli_fail(&err);
    bool solved = r.compiled && r.n_passed == r.n_tests;
    if (text) {
        report_text(&r);
    } else {
        StrBuf sb = STRBUF_INIT;
        report_json(&sb, &r);
        cli_write_stdout(&sb, &err);
        sb_free(&sb);
    }
    int rc = practice_progress_record_check(ex->name, solved, r.total_seconds, &err);
    practice_report_free(&r);
    if (rc != 0)
        return cli_fail(&err);
    return solved ? 0 : 1;
}

/* The language: --lang; else, with --file, its extension; else C, unless
 * the exercise has no C or only a Python file was started. */
static void default_lang(const PracticeExercise *ex, PracticeArgs *a)
{
    if (a->lang_given)
        return;
    const char *dot = a->file ? strrchr(a->file, '.') : NULL;
    char c_file[PATH_MAX], py_file[PATH_MAX];
    if (a->file)
        a->lang = dot && strcmp(dot, ".py") == 0 ? PRACTICE_PYTHON : PRACTICE_C;
    else if (!ex->has_c)
        a->lang = PRACTICE_PYTHON;
    else if (practice_workspace_file(ex, PRACTICE_C, c_file, sizeof c_file, NULL) == 0
             && practice_workspace_file(ex, PRACTICE_PYTHON, py_file, sizeof py_file, NULL) == 0
             && access(c_file, F_OK) != 0 && access(py_file, F_OK) == 0)
        a->lang = PRACTICE_PYTHON;
}

int cli_practice(int argc, char **argv)
{
    PracticeArgs a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (strcmp(a.action, "list") == 0)
        return do_list(&a);
    PracticeExercise ex;
    Error err = { 0 };
    bool known = strcmp(a.action, "start") == 0 || strcmp(a.action, "check") == 0
                 || strcmp(a.action, "hint") == 0 || strcmp(a.action, "solution") == 0;
    if (!known)
        return cli_usage_error("practice: unknown action '%s' (list, start, check, hint, "
                               "solution)", a.action);
    if (practice_bank_find(a.name, &ex, &err) != 0)
        return cli_fail(&err);
    default_lang(&ex, &a);
    if (a.action[0] == 's' && a.action[1] == 't')
        return do_start(&ex, &a);
    if (a.action[0] == 'c')
        return do_check(&ex, &a);
    if (a.action[0] == 'h')
        return do_hint(&ex);
    return do_solution(&ex, &a);
}
