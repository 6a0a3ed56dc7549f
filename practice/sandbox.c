/* sandbox.c - running the learner's program in a limited child (see
 * sandbox.h).  Between fork and exec the child only makes async-signal-safe
 * calls, because the TUI calls this from a worker thread. */
#include "sandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MEMORY_MARKER "[mllab] memory limit"

typedef struct Capture {
    int fd;
    char *buf;
    size_t len;
} Capture;

static double monotonic_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---- preparing the child, in the parent --------------------------------- */

/* The program's path: argv0 itself when it has a '/', else from $PATH. */
static int resolve_program(const char *argv0, char *out, size_t size)
{
    if (strchr(argv0, '/'))
        return snprintf(out, size, "%s", argv0) < (int)size ? 0 : -1;
    const char *path = getenv("PATH");
    if (!path)
        path = "/usr/bin:/bin";
    while (*path) {
        size_t len = strcspn(path, ":");
        if (snprintf(out, size, "%.*s/%s", (int)len, path, argv0) < (int)size
            && access(out, X_OK) == 0)
            return 0;
        path += len + (path[len] == ':');
    }
    return -1;
}

/* environ followed by env_extra; NULL when out of memory. */
static char **build_env(char *const env_extra[])
{
    size_t n = 0, extra = 0;
    while (environ[n])
        n++;
    while (env_extra && env_extra[extra])
        extra++;
    char **env = malloc((n + extra + 1) * sizeof *env);
    if (!env)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < extra; i++)
        env[k++] = env_extra[i];
    for (size_t i = 0; i < n; i++)
        env[k++] = environ[i];
    env[k] = NULL;
    return env;
}

/* ---- the child (async-signal-safe calls only) --------------------------- */
static void set_limit(int resource, rlim_t value)
{
    struct rlimit rl = { value, value };
    setrlimit(resource, &rl);
}

static void child_limits(const SandboxLimits *lim)
{
    if (lim->cpu_seconds > 0) {
        rlim_t cpu = (rlim_t)ceil(lim->cpu_seconds);
        struct rlimit rl = { cpu, cpu + 1 };
        setrlimit(RLIMIT_CPU, &rl);
    }
    if (lim->memory_bytes > 0)
        set_limit(RLIMIT_AS, (rlim_t)lim->memory_bytes);
    if (lim->file_bytes > 0)
        set_limit(RLIMIT_FSIZE, (rlim_t)lim->file_bytes);
    set_limit(RLIMIT_CORE, 0);
}

static void child_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    int sigs[] = { SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGXCPU, SIGXFSZ, SIGCHLD, SIGTSTP };
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void child_exec(const char *prog, char *const argv[], char **env, const char *workdir,
                       const int fds[3], const SandboxLimits *lim)
{
    setsid(); /* own session and group: no controlling terminal */
    if (dup2(fds[0], 0) < 0 || dup2(fds[1], 1) < 0 || dup2(fds[2], 2) < 0)
        _exit(127);
    if (workdir && chdir(workdir) != 0)
        _exit(127);
    /* no descriptor of the parent (the TUI's files, locks) reaches the child */
    if (close_range(3, ~0U, 0) != 0)
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
    child_signals();
    child_limits(lim);
    execve(prog, argv, env);
    _exit(127);
}

/* ---- capturing, in the parent ------------------------------------------- */

/* Read what is available; returns -1 at EOF, else the bytes read (0 if
 * none).  Bytes past the cap are counted in *total but not kept. */
static long drain(Capture *c, size_t cap, size_t *total)
{
    char chunk[4096];
    ssize_t n = read(c->fd, chunk, sizeof chunk);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
        return -1;
    if (n < 0)
        return 0;
    *total += (size_t)n;
    size_t keep = c->len < cap ? cap - c->len : 0;
    if (keep > (size_t)n)
        keep = (size_t)n;
    if (keep > 0) {
        char *grown = realloc(c->buf, c->len + keep + 1);
        if (grown) {
            c->buf = grown;
            memcpy(c->buf + c->len, chunk, keep);
            c->len += keep;
            c->buf[c->len] = '\0';
        }
    }
    return n;
}

static void kill_group(pid_t pid)
{
    kill(-pid, SIGKILL);
    kill(pid, SIGKILL);
}

typedef struct Watch {
    pid_t pid;
    Capture cap[2];
    size_t total;
    int status;
    struct rusage usage;
    bool exited, output_limit, wall_timeout;
    SandboxTick tick;
    void *user;
    int stdin_fd;       /* the read end of the child's stdin, kept by the parent */
} Watch;

static bool stdin_was_read(int fd)
{
    int left = 1;
    return ioctl(fd, FIONREAD, &left) == 0 && left == 0;
}

static void call_tick(const Watch *w)
{
    SandboxProgress p = { .read_stdin = stdin_was_read(w->stdin_fd),
                          .output_limit = w->output_limit };
    w->tick(w->user, &p);
}

/* Wait up to 20 ms for output on the open pipes, then read what is there
 * (closing a pipe at its end). */
static void read_pipes(Watch *w, size_t cap)
{
    struct pollfd pfd[2];
    int n = 0;
    for (int i = 0; i < 2; i++)
        if (w->cap[i].fd >= 0)
            pfd[n++] = (struct pollfd){ .fd = w->cap[i].fd, .events = POLLIN };
    if (n > 0)
        poll(pfd, (nfds_t)n, 20);
    else
        usleep(5000);
    for (int i = 0; i < 2; i++)
        if (w->cap[i].fd >= 0 && drain(&w->cap[i], cap, &w->total) < 0) {
            close(w->cap[i].fd);
            w->cap[i].fd = -1;
        }
}

/* One round: read the output, enforce the limits, check the child. */
static void watch_round(Watch *w, const SandboxLimits *lim, double deadline)
{
    size_t cap = lim->output_bytes > 0 ? (size_t)lim->output_bytes : (size_t)1 << 20;
    read_pipes(w, cap);
    if (w->total > cap && !w->output_limit) {
        w->output_limit = true;
        kill_group(w->pid);
    }
    if (!w->exited && monotonic_now() > deadline) {
        w->wall_timeout = true;
        kill_group(w->pid);
    }
    if (!w->exited && wait4(w->pid, &w->status, WNOHANG, &w->usage) == w->pid) {
        w->exited = true;
        kill_group(w->pid); /* grandchildren, if any */
    }
}

static void watch_child(Watch *w, const SandboxLimits *lim)
{
    double start = monotonic_now();
    double wall = lim->wall_seconds > 0 ? lim->wall_seconds : 10.0;
    while (!w->exited) {
        watch_round(w, lim, start + wall);
        if (w->tick && !w->exited)
            call_tick(w);
        if (w->wall_timeout || w->output_limit) {
            wait4(w->pid, &w->status, 0, &w->usage);
            w->exited = true;
        }
    }
    /* Drain what is left without blocking: a grandchild may hold a pipe. */
    for (int i = 0; i < 2; i++)
        if (w->cap[i].fd >= 0) {
            size_t cap = lim->output_bytes > 0 ? (size_t)lim->output_bytes : (size_t)1 << 20;
            while (drain(&w->cap[i], cap, &w->total) > 0)
                ;
            close(w->cap[i].fd);
            w->cap[i].fd = -1;
        }
}

/* ---- classification ------------------------------------------------------ */
static void classify(const Watch *w, SandboxResult *res)
{
    res->cpu_seconds = (double)w->usage.ru_utime.tv_sec + w->usage.ru_utime.tv_usec * 1e-6
                       + (double)w->usage.ru_stime.tv_sec + w->usage.ru_stime.tv_usec * 1e-6;
    res->wall_timeout = w->wall_timeout;
    bool memory = res->err && strstr(res->err, MEMORY_MARKER);
    if (WIFSIGNALED(w->status))
        res->signal_number = WTERMSIG(w->status);
    if (w->output_limit)
        res->outcome = SANDBOX_OUTPUT_LIMIT;
    else if (w->wall_timeout || res->signal_number == SIGXCPU)
        res->outcome = SANDBOX_TIME_LIMIT;
    else if (res->signal_number == SIGXFSZ)
        res->outcome = SANDBOX_FILE_LIMIT;
    else if (memory && !(WIFEXITED(w->status) && WEXITSTATUS(w->status) == 0))
        res->outcome = SANDBOX_MEMORY_LIMIT;
    else if (WIFSIGNALED(w->status))
        res->outcome = SANDBOX_SIGNALED;
    else {
        res->outcome = SANDBOX_EXITED;
        res->exit_code = WEXITSTATUS(w->status);
        if (res->exit_code == 127 && !res->err)
            res->outcome = SANDBOX_EXEC_FAILED;
    }
}

/* ---- the entry point ----------------------------------------------------- */
static void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

/* pipes: [0,1] stdin, [2,3] stdout, [4,5] stderr; the sentinel byte is in. */
static int make_pipes(int p[6], Error *err)
{
    for (int i = 0; i < 6; i++)
        p[i] = -1;
    for (int i = 0; i < 3; i++)
        if (pipe2(p + 2 * i, O_CLOEXEC) != 0) {
            close_all(p, 6);
            return error_set(err, ERR_IO, "cannot create a pipe: %s", strerror(errno));
        }
    if (write(p[1], "\n", 1) != 1) {
        close_all(p, 6);
        return error_set(err, ERR_IO, "cannot prime the child's stdin");
    }
    close(p[1]);
    p[1] = -1;
    return 0;
}

static void finish(Watch *w, SandboxResult *res, int stdin_read_end, double start)
{
    res->read_stdin = stdin_was_read(stdin_read_end);
    close(stdin_read_end);
    res->out = w->cap[0].buf ? w->cap[0].buf : strdup("");
    res->out_len = w->cap[0].len;
    res->err = w->cap[1].buf ? w->cap[1].buf : strdup("");
    res->err_len = w->cap[1].len;
    res->wall_seconds = monotonic_now() - start;
    classify(w, res);
}

int sandbox_run(char *const argv[], char *const env_extra[], const char *workdir,
                const SandboxLimits *limits, SandboxResult *res, Error *err)
{
    return sandbox_run_watched(argv, env_extra, workdir, limits, NULL, NULL, res, err);
}

int sandbox_run_watched(char *const argv[], char *const env_extra[], const char *workdir,
                        const SandboxLimits *limits, SandboxTick tick, void *user,
                        SandboxResult *res, Error *err)
{
    memset(res, 0, sizeof *res);
    char prog[PATH_MAX];
    if (resolve_program(argv[0], prog, sizeof prog) != 0)
        return error_set(err, ERR_IO, "cannot find the program '%s'", argv[0]);
    char **env = build_env(env_extra);
    int p[6];
    if (!env)
        return error_set(err, ERR_NOMEM, "out of memory");
    if (make_pipes(p, err) != 0) {
        free(env);
        return -1;
    }
    double start = monotonic_now();
    pid_t pid = fork();
    if (pid == 0) {
        int fds[3] = { p[0], p[3], p[5] };
        child_exec(prog, argv, env, workdir, fds, limits);
    }
    free(env);
    close(p[3]);
    close(p[5]);
    if (pid < 0) {
        close_all((int[]){ p[0], p[2], p[4] }, 3);
        return error_set(err, ERR_IO, "cannot start a process: %s", strerror(errno));
    }
    fcntl(p[2], F_SETFL, O_NONBLOCK);
    fcntl(p[4], F_SETFL, O_NONBLOCK);
    Watch w = { .pid = pid, .cap = { { p[2], NULL, 0 }, { p[4], NULL, 0 } }, .tick = tick,
                .user = user, .stdin_fd = p[0] };
    watch_child(&w, limits);
    finish(&w, res, p[0], start);
    return 0;
}

void sandbox_result_free(SandboxResult *res)
{
    free(res->out);
    free(res->err);
    res->out = res->err = NULL;
}

const char *sandbox_signal_name(int sig, char *buf, size_t size)
{
    static const struct { int sig; const char *name; } names[] = {
        { SIGSEGV, "SIGSEGV" }, { SIGABRT, "SIGABRT" }, { SIGFPE, "SIGFPE" },
        { SIGBUS, "SIGBUS" },   { SIGILL, "SIGILL" },   { SIGKILL, "SIGKILL" },
        { SIGTERM, "SIGTERM" }, { SIGPIPE, "SIGPIPE" }, { SIGXCPU, "SIGXCPU" },
        { SIGXFSZ, "SIGXFSZ" }, { SIGTRAP, "SIGTRAP" }, { SIGINT, "SIGINT" },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].sig == sig)
            return names[i].name;
    snprintf(buf, size, "signal %d", sig);
    return buf;
}

void sandbox_describe(const SandboxResult *res, const SandboxLimits *lim, char *buf, size_t size)
{
    char name[32];
    switch (res->outcome) {
    case SANDBOX_EXITED:
        snprintf(buf, size, "exited with status %d", res->exit_code);
        break;
    case SANDBOX_SIGNALED:
        snprintf(buf, size, "killed by %s (%s)",
                 sandbox_signal_name(res->signal_number, name, sizeof name),
                 strsignal(res->signal_number));
        break;
    case SANDBOX_TIME_LIMIT:
        if (res->wall_timeout)
            snprintf(buf, size, "time limit (%.3g s wall clock)", lim->wall_seconds);
        else
            snprintf(buf, size, "time limit (%.3g s CPU)", ceil(lim->cpu_seconds));
        break;
    case SANDBOX_MEMORY_LIMIT:
        snprintf(buf, size, "memory limit (%ld MiB)", lim->memory_bytes >> 20);
        break;
    case SANDBOX_OUTPUT_LIMIT:
        snprintf(buf, size, "output limit (more than %ld bytes on stdout/stderr)",
                 lim->output_bytes);
        break;
    case SANDBOX_FILE_LIMIT:
        snprintf(buf, size, "file size limit (%ld bytes)", lim->file_bytes);
        break;
    case SANDBOX_EXEC_FAILED:
        snprintf(buf, size, "could not be started");
        break;
    }
}
