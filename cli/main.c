/* main.c - the `mllab` command: picks the subcommand.
 *
 * With no arguments on a terminal it opens the lab (the TUI); otherwise it
 * prints the usage and exits with status 2.  The subcommands live in
 * cli_*.c (see cli.h); this file only dispatches. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tui.h"

/* `mllab tui [--algo A] [--dataset D] [--ascii]` */
static int run_tui(int argc, char **argv)
{
    TuiOptions opt = { 0 };
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--ascii") == 0) {
            opt.ascii = true;
        } else if (strcmp(a, "--algo") == 0 || strcmp(a, "--dataset") == 0) {
            if (i + 1 >= argc)
                return cli_usage_error("tui: option '%s' needs a value", a);
            if (a[2] == 'a')
                opt.algo = argv[++i];
            else
                opt.dataset = argv[++i];
        } else if (strncmp(a, "--algo=", 7) == 0) {
            opt.algo = a + 7;
        } else if (strncmp(a, "--dataset=", 10) == 0) {
            opt.dataset = a + 10;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs("usage: mllab tui [--algo ALGO] [--dataset NAME|FILE.csv] [--ascii]\n", stdout);
            return 0;
        } else {
            return cli_usage_error("tui: unknown option '%s' (see mllab --help)", a);
        }
    }
    return tui_main(&opt);
}

int main(int argc, char **argv)
{
    /* Only the character type follows the environment: numbers are always
     * read and written with a '.' (LC_NUMERIC stays "C"). */
    setlocale(LC_CTYPE, "");

    if (argc < 2) {
        if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
            TuiOptions opt = { 0 };
            return tui_main(&opt);
        }
        cli_usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
    int sub_argc = argc - 1;
    char **sub_argv = argv + 1;
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
        cli_usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0) {
        printf("mllab %s\n", PACKAGE_VERSION);
        return 0;
    }
    if (strcmp(cmd, "tui") == 0)
        return run_tui(sub_argc, sub_argv);
    if (strcmp(cmd, "list") == 0)
        return cli_list(sub_argc, sub_argv);
    if (strcmp(cmd, "info") == 0)
        return cli_info(sub_argc, sub_argv);
    if (strcmp(cmd, "datasets") == 0)
        return cli_datasets(sub_argc, sub_argv);
    if (strcmp(cmd, "run") == 0)
        return cli_run(sub_argc, sub_argv);
    if (strcmp(cmd, "compare") == 0)
        return cli_compare(sub_argc, sub_argv);
    if (strcmp(cmd, "conv") == 0)
        return cli_conv(sub_argc, sub_argv);
    if (cmd[0] == '-')
        return cli_usage_error("unknown option '%s' (see mllab --help)", cmd);
    return cli_usage_error("unknown command '%s' (see mllab --help)", cmd);
}
