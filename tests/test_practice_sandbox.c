/* test_practice_sandbox.c - the sandbox that runs the learner's code
 * (practice/sandbox.c): every way a program can misbehave ends as a named
 * outcome, quickly, without a hang or a zombie.
 *
 * The misbehaving program is a small C file compiled with cc at set-up
 * (with the practice runtime, like a learner's program), so it is never
 * instrumented by the sanitizers of this test's build; its first argument
 * picks the misbehaviour.  Limits are small (1 s CPU, 3 s wall, 256 MiB);
 * no assertion is about time except generous upper bounds. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "sandbox.h"

static char tmpdir[PATH_MAX];
static char program[PATH_MAX + 16];

static const char child_source[] =
    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <signal.h>\n"
    "#include <unistd.h>\n"
    "int main(int argc, char **argv) {\n"
    "  const char *m = argc > 1 ? argv[1] : \"ok\";\n"
    "  if (!strcmp(m, \"segv\")) { volatile int *p = NULL; *p = 1; }\n"
    "  if (!strcmp(m, \"abort\")) abort();\n"
    "  if (!strcmp(m, \"loop\")) { volatile unsigned long i = 0; for (;;) i++; }\n"
    "  if (!strcmp(m, \"sleep\")) sleep(100);\n"
    "  if (!strcmp(m, \"alloc\")) { size_t n = (size_t)2 << 30; char *p = malloc(n);\n"
    "    memset(p, 1, n); printf(\"%d\", p[n - 1]); }\n"
    "  if (!strcmp(m, \"flood\")) for (;;) puts(\"flood flood flood flood flood\");\n"
    "  if (!strcmp(m, \"exit3\")) exit(3);\n"
    "  if (!strcmp(m, \"stdin\")) { int c; while ((c = getchar()) != EOF) ; }\n"
    "  if (!strcmp(m, \"grandchild\")) { if (fork() == 0) sleep(100); return 0; }\n"
    "  printf(\"hello\\n\"); fprintf(stderr, \"to stderr\\n\");\n"
    "  return 0;\n}\n";

/* Compile the child with the practice runtime (memory-limit marker). */
static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(tmpdir, sizeof tmpdir, "%s/mllab-sandbox-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    char src[PATH_MAX + 16], cmd[4 * PATH_MAX];
    snprintf(src, sizeof src, "%s/child.c", tmpdir);
    snprintf(program, sizeof program, "%s/child", tmpdir);
    FILE *f = fopen(src, "w");
    if (!f)
        return -1;
    fputs(child_source, f);
    fclose(f);
    const char *ex = getenv("MLLAB_EXERCISES_DIR");
    snprintf(cmd, sizeof cmd,
             "cc -std=c11 -D_POSIX_C_SOURCE=200809L -O0 -w -o '%s' '%s' '%s/../practice/runtime/mllab_practice.c' "
             "-lm -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc",
             program, src, ex ? ex : "exercises");
    return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const SandboxLimits limits = {
    .cpu_seconds = 1, .wall_seconds = 3, .memory_bytes = 256L << 20,
    .output_bytes = 64 * 1024, .file_bytes = 1 << 20,
};

static void run_mode(const char *mode, SandboxResult *res)
{
    char *argv[] = { program, (char *)mode, NULL };
    Error err = { 0 };
    assert_int_equal(sandbox_run(argv, NULL, tmpdir, &limits, res, &err), 0);
    /* the child is always reaped: no zombie is left behind */
    assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
    assert_int_equal(errno, ECHILD);
}

static void test_sandbox_captures_stdout_and_stderr_of_a_clean_run(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("ok", &res);
    assert_int_equal(res.outcome, SANDBOX_EXITED);
    assert_int_equal(res.exit_code, 0);
    assert_string_equal(res.out, "hello\n");
    assert_string_equal(res.err, "to stderr\n");
    assert_false(res.read_stdin);
    sandbox_result_free(&res);
}

static void test_sandbox_reports_a_segfault_by_signal_name(void **state)
{
    (void)state;
    SandboxResult res;
    char msg[256];
    run_mode("segv", &res);
    assert_int_equal(res.outcome, SANDBOX_SIGNALED);
    assert_int_equal(res.signal_number, SIGSEGV);
    sandbox_describe(&res, &limits, msg, sizeof msg);
    assert_non_null(strstr(msg, "SIGSEGV"));
    sandbox_result_free(&res);
}

static void test_sandbox_reports_abort(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("abort", &res);
    assert_int_equal(res.outcome, SANDBOX_SIGNALED);
    assert_int_equal(res.signal_number, SIGABRT);
    sandbox_result_free(&res);
}

static void test_sandbox_stops_an_infinite_loop_at_the_cpu_limit(void **state)
{
    (void)state;
    SandboxResult res;
    char msg[256];
    run_mode("loop", &res);
    assert_int_equal(res.outcome, SANDBOX_TIME_LIMIT);
    assert_true(res.wall_seconds < 30.0);
    sandbox_describe(&res, &limits, msg, sizeof msg);
    assert_non_null(strstr(msg, "time limit"));
    sandbox_result_free(&res);
}

static void test_sandbox_stops_a_sleeping_child_at_the_wall_clock_limit(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("sleep", &res);
    assert_int_equal(res.outcome, SANDBOX_TIME_LIMIT);
    assert_true(res.wall_timeout);
    assert_true(res.wall_seconds >= 2.9 && res.wall_seconds < 30.0);
    sandbox_result_free(&res);
}

static void test_sandbox_reports_a_huge_allocation_as_the_memory_limit(void **state)
{
    (void)state;
    SandboxResult res;
    char msg[256];
    run_mode("alloc", &res);
    assert_int_equal(res.outcome, SANDBOX_MEMORY_LIMIT);
    sandbox_describe(&res, &limits, msg, sizeof msg);
    assert_non_null(strstr(msg, "memory limit (256 MiB)"));
    sandbox_result_free(&res);
}

static void test_sandbox_kills_an_output_flood_and_keeps_only_the_cap(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("flood", &res);
    assert_int_equal(res.outcome, SANDBOX_OUTPUT_LIMIT);
    assert_true(res.out_len + res.err_len <= (size_t)limits.output_bytes);
    assert_true(res.wall_seconds < 30.0);
    sandbox_result_free(&res);
}

static void test_sandbox_reports_the_status_of_exit(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("exit3", &res);
    assert_int_equal(res.outcome, SANDBOX_EXITED);
    assert_int_equal(res.exit_code, 3);
    sandbox_result_free(&res);
}

static void test_sandbox_detects_reading_stdin_without_hanging(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("stdin", &res);
    assert_int_equal(res.outcome, SANDBOX_EXITED);
    assert_true(res.read_stdin);
    sandbox_result_free(&res);
}

static void test_sandbox_returns_when_a_grandchild_holds_the_pipes(void **state)
{
    (void)state;
    SandboxResult res;
    run_mode("grandchild", &res);
    assert_int_equal(res.outcome, SANDBOX_EXITED);
    assert_int_equal(res.exit_code, 0);
    assert_true(res.wall_seconds < 2.5); /* not the grandchild's 100 s, nor the wall limit */
    sandbox_result_free(&res);
}

static void test_sandbox_reports_a_missing_program(void **state)
{
    (void)state;
    char *argv[] = { "no-such-program-mllab", NULL };
    SandboxResult res;
    Error err = { 0 };
    assert_int_equal(sandbox_run(argv, NULL, NULL, &limits, &res, &err), -1);
    assert_non_null(strstr(err.msg, "no-such-program-mllab"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sandbox_captures_stdout_and_stderr_of_a_clean_run),
        cmocka_unit_test(test_sandbox_reports_a_segfault_by_signal_name),
        cmocka_unit_test(test_sandbox_reports_abort),
        cmocka_unit_test(test_sandbox_stops_an_infinite_loop_at_the_cpu_limit),
        cmocka_unit_test(test_sandbox_stops_a_sleeping_child_at_the_wall_clock_limit),
        cmocka_unit_test(test_sandbox_reports_a_huge_allocation_as_the_memory_limit),
        cmocka_unit_test(test_sandbox_kills_an_output_flood_and_keeps_only_the_cap),
        cmocka_unit_test(test_sandbox_reports_the_status_of_exit),
        cmocka_unit_test(test_sandbox_detects_reading_stdin_without_hanging),
        cmocka_unit_test(test_sandbox_returns_when_a_grandchild_holds_the_pipes),
        cmocka_unit_test(test_sandbox_reports_a_missing_program),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
