/* main.c - the `mllab` command: picks the subcommand.
 *
 * With no arguments on a terminal it opens the lab (the TUI); otherwise it
 * prints the usage and exits with status 2.  The subcommands live in
 * cli_*.c (see cli.h); this file only dispatches. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_interview.h"
#include "tui.h"

/* --ascii or --fresh: true when a is one of them (and it is set in opt). */
static bool tui_flag(const char *a, TuiOptions *opt)
{
    bool *flag = strcmp(a, "--ascii") == 0   ? &opt->ascii
                 : strcmp(a, "--fresh") == 0 ? &opt->fresh
                                             : NULL;
    if (flag)
        *flag = true;
    return flag != NULL;
}

/* One option of `mllab tui` at argv[*i] (advanced past its value): -1 to go
 * on, else the exit status. */
static int tui_option(int argc, char **argv, int *i, TuiOptions *opt)
{
    const char *a = argv[*i];
    if (tui_flag(a, opt)) {
        /* set */
    } else if (strcmp(a, "--algo") == 0 || strcmp(a, "--dataset") == 0) {
        if (*i + 1 >= argc)
            return cli_usage_error("tui: option '%s' needs a value", a);
        *(a[2] == 'a' ? &opt->algo : &opt->dataset) = argv[++*i];
    } else if (strncmp(a, "--algo=", 7) == 0) {
        opt->algo = a + 7;
    } else if (strncmp(a, "--dataset=", 10) == 0) {
        opt->dataset = a + 10;
    } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        fputs("usage: mllab tui [--algo ALGO] [--dataset NAME|FILE.csv] [--ascii] [--fresh]\n"
              "  --fresh   start afresh: do not restore the last dataset, algorithm,\n"
              "            parameters and views (saved in $XDG_STATE_HOME/mllab/state,\n"
              "            default ~/.local/state/mllab/state)\n",
              stdout);
        return 0;
    } else {
        return cli_usage_error("tui: unknown option '%s' (see mllab --help)", a);
    }
    return -1;
}

/* `mllab tui [--algo A] [--dataset D] [--ascii] [--fresh]` */
static int run_tui(int argc, char **argv)
{
    TuiOptions opt = { 0 };
    for (int i = 1; i < argc; i++) {
        int status = tui_option(argc, argv, &i, &opt);
        if (status >= 0)
            return status;
    }
    return tui_main(&opt);
}

/* The subcommands: `mllab NAME ...` calls run(argc, argv) with argv[0] the
 * name; it returns the exit status.  A new subcommand is a row here and its
 * function in cli/cli_NAME.c (declared in cli.h). */
typedef struct Subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
} Subcommand;

static const Subcommand subcommands[] = {
    { "tui", run_tui },
    { "list", cli_list },
    { "info", cli_info },
    { "datasets", cli_datasets },
    { "run", cli_run },
    { "compare", cli_compare },
    { "conv", cli_conv },
    /* the interview questions that are not models (issue 10) */
    { "sample", cli_sample },
    { "meet", cli_meet },
    { "graph", cli_graph },
    { "softmax", cli_softmax },
    { "lm", cli_lm },
    { "tfidf", cli_tfidf },
    /* practice mode (cli/cli_practice.c) */
    { "practice", cli_practice },
    /* the lists the shell completion asks for (cli_catalog.c, hidden) */
    { "complete", cli_complete },
    { NULL, NULL },
};

/* No subcommand: the lab on a terminal, else the usage. */
static int no_command(void)
{
    if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
        TuiOptions opt = { 0 };
        return tui_main(&opt);
    }
    cli_usage(stderr);
    return 2;
}

static bool is_one_of(const char *s, const char *a, const char *b, const char *c)
{
    return strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0);
}

/* The command of argv[1]. */
static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return no_command();
    const char *cmd = argv[1];
    if (is_one_of(cmd, "-h", "--help", "help")) {
        cli_usage(stdout);
        return 0;
    }
    if (is_one_of(cmd, "--version", "version", NULL)) {
        printf("mllab %s\n", PACKAGE_VERSION);
        return 0;
    }
    for (const Subcommand *sc = subcommands; sc->name; sc++)
        if (strcmp(cmd, sc->name) == 0)
            return sc->run(argc - 1, argv + 1);
    if (cmd[0] == '-')
        return cli_usage_error("unknown option '%s' (see mllab --help)", cmd);
    return cli_usage_error("unknown command '%s' (see mllab --help)", cmd);
}

int main(int argc, char **argv)
{
    /* Only the character type follows the environment: numbers are always
     * read and written with a '.' (LC_NUMERIC stays "C"). */
    setlocale(LC_CTYPE, "");
    /* A file-size limit (ulimit -f) makes a write fail with EFBIG, which the
     * writer reports naming the file (and a --save leaves the previous model),
     * instead of killing the program halfway with no message. */
    signal(SIGXFSZ, SIG_IGN);
    int status = dispatch(argc, argv);
    /* Output that did not reach its file (`mllab --help >/dev/full`) is a
     * failure, whatever printed it. */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        if (status == 0) /* else the command has already said why it failed */
            fprintf(stderr, "mllab: cannot write to standard output: %s\n",
                    strerror(errno ? errno : EIO));
        return status ? status : 1;
    }
    return status;
}
