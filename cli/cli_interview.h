/* cli_interview.h - the subcommands of the interview questions that are
 * not models: `mllab sample` (cli_sample.c), `mllab meet` (cli_meet.c) and
 * `mllab graph` (cli_graph.c), and the option values they share
 * (cli_interview.c): integers in a range, lists of numbers, seeds, the
 * output format, getopt's error messages.  Front end only. */
#ifndef MLLAB_CLI_INTERVIEW_H
#define MLLAB_CLI_INTERVIEW_H

#include <stdint.h>

#include "cli.h"
#include "trace.h"

/* The subcommands: argv[0] is "sample", "meet" or "graph"; each returns the
 * exit status (0, 1 for bad data, 2 for usage). */
int cli_sample(int argc, char **argv);
int cli_meet(int argc, char **argv);
int cli_graph(int argc, char **argv);

/* An integer in [min, max]; -1 when s is not one. */
int cli_value_long(const char *s, long long min, long long max, long long *out);
/* A finite number; -1 otherwise. */
int cli_value_double(const char *s, double *out);
/* A seed: digits only, as a 64-bit unsigned number. */
int cli_value_seed(const char *s, uint64_t *out);
/* "1,2.5,3" -> a malloc'd array; -1 when a field is not a finite number. */
int cli_value_doubles(const char *s, double **out, int *n);
/* "text" or "json". */
int cli_value_format(const char *s, OutputFormat *out);

/* Write the events of trace to path as JSON lines; ERR_IO naming the file. */
int cli_write_trace_file(const char *path, Trace *trace, Error *err);

/* The usage error for getopt's ':' (missing value) and '?' (unknown
 * option) cases: "CMD: option '--x' needs a value (see mllab CMD --help)". */
int cli_option_error(const char *cmd, int c, char **argv, int optind_now);

#endif
