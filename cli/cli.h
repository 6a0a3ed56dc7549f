/* cli.h - the subcommands of the `mllab` command (front end only).
 *
 * main.c picks the subcommand; each cli_* function gets argv starting at the
 * subcommand's name and returns the process exit status (0 ok, 1 a data or
 * I/O error, 2 a usage error).  Messages go to stderr as "mllab: ...";
 * results go to stdout.  cli_common.c holds what the subcommands share: the
 * options of run/compare, the usage text, progress lines, output files. */
#ifndef MLLAB_CLI_H
#define MLLAB_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"
#include "eval.h"
#include "report.h"

/* ---- the subcommands ---------------------------------------------------- */
int cli_list(int argc, char **argv);     /* cli_info.c */
int cli_info(int argc, char **argv);     /* cli_info.c */
int cli_datasets(int argc, char **argv); /* cli_info.c */
int cli_run(int argc, char **argv);      /* cli_run.c */
int cli_compare(int argc, char **argv);  /* cli_compare.c */
/* `mllab complete WHAT [ARG]`: the lists the shell completion asks for
 * (hidden; cli_catalog.c). */
int cli_complete(int argc, char **argv);
/* `mllab list --format json` and `mllab datasets --format json` (cli_catalog.c). */
void cli_list_json(StrBuf *sb);
void cli_datasets_json(StrBuf *sb);
/* `mllab run --plot`: the plots of a trained session after the report
 * (cli_plot.c): is plotting on (--plot 1, --no-plot 0, -1: stdout is a
 * terminal), and the figures that apply appended to out (trace: the step
 * events, may be NULL). */
bool cli_plot_wanted(int plot);
int cli_plot_run(StrBuf *out, const Session *s, const RunResult *r, const Trace *trace,
                 Error *err);

/* `mllab conv ...`: the convolution operation (cli/cli_conv.c).  argv[0] is
 * "conv".  Returns the exit status. */
int cli_conv(int argc, char **argv);
/* `mllab tfidf ...`: tf-idf of a corpus, top terms, search (src/cli_tfidf.c). */
int cli_tfidf(int argc, char **argv);

/* `mllab practice ...`: the exercise bank (src/cli_practice.c). */
int cli_practice(int argc, char **argv);
/* `mllab softmax ...` (src/cli_softmax.c) and `mllab lm bigram|rnn ...`
 * (src/cli_lm.c): the operation and the language models of issue 10. */
int cli_softmax(int argc, char **argv);
int cli_lm(int argc, char **argv);

/* ---- shared by the subcommands (cli_common.c) --------------------------- */
typedef enum { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV } OutputFormat;

/* The options of `mllab run` and `mllab compare`. */
typedef struct CliOptions {
    EvalOptions eval;
    const char *algo;         /* run: the positional ALGO */
    const char *algos;        /* compare: --algos a,b,c */
    const char **params;      /* -p KEY=VALUE texts, in order */
    int n_params;
    OutputFormat format;
    const char *predictions;  /* --predictions FILE */
    const char *trace;        /* --trace FILE */
    const char *save;         /* run: --save FILE, the trained network (mlp, cnn) */
    const char *load;         /* run: --load FILE, a saved network instead of training */
    bool help;                /* -h/--help was given (usage printed) */
    int plot;                 /* run: --plot 1, --no-plot 0, else -1 (on a terminal) */
    PrepSpec prep;            /* --impute, --poly, --pca (cli_prep.c) */
    bool prep_poly_seen;      /* --poly was given (to order --pca against it) */
} CliOptions;

/* Parse argv (argv[0] is the subcommand).  Prints the usage and sets
 * o->help for -h/--help.  ERR_USAGE on a bad option or value.  Release with
 * cli_options_free. */
int cli_parse_options(int argc, char **argv, bool compare, CliOptions *o, Error *err);
void cli_options_free(CliOptions *o);
/* "stratified random 80/20 split of all 70000 rows, not the set's standard
 * split; seed 0": how d was divided when --test-size pooled a set with a
 * standard split (d->pooled; issue 11). */
void cli_describe_pooled(const EvalData *d, char *buf, size_t size);
/* The long options of run and compare (getopt's table, ending with a NULL
 * name), and whether one belongs to compare (else to run). */
struct option;
const struct option *cli_long_options(void);
bool cli_option_applies(const struct option *o, bool compare);

/* ---- preparation options (cli_prep.c, issue 11) ------------------------ */
enum {
    OPT_PREP_SEP = 1100,
    OPT_PREP_COLUMNS,
    OPT_PREP_DROP,
    OPT_PREP_CATEGORICAL,
    OPT_PREP_IMPUTE,
    OPT_PREP_POLY,
    OPT_PREP_PCA,
    OPT_PREP_VAL_SIZE,
    OPT_PREP_RESAMPLE,
    OPT_PREP_RESCALE,
    OPT_PREP_DESKEW
};
/* getopt_long entries of those options (for cli_common.c's table). */
#define CLI_PREP_LONG_OPTIONS                                          \
    { "sep", required_argument, NULL, OPT_PREP_SEP },                  \
    { "columns", required_argument, NULL, OPT_PREP_COLUMNS },          \
    { "drop", required_argument, NULL, OPT_PREP_DROP },                \
    { "categorical", required_argument, NULL, OPT_PREP_CATEGORICAL },  \
    { "impute", required_argument, NULL, OPT_PREP_IMPUTE },            \
    { "poly", required_argument, NULL, OPT_PREP_POLY },                \
    { "pca", required_argument, NULL, OPT_PREP_PCA },                  \
    { "val-size", required_argument, NULL, OPT_PREP_VAL_SIZE },        \
    { "resample", required_argument, NULL, OPT_PREP_RESAMPLE },        \
    { "rescale", no_argument, NULL, OPT_PREP_RESCALE },                \
    { "deskew", no_argument, NULL, OPT_PREP_DESKEW },
/* One of them into o: 0, or -1 with ERR_USAGE. */
int cli_prep_option(int c, const char *arg, CliOptions *o, Error *err);
/* Combinations the preparation does not support (--val-size with compare or
 * --cv, --resample with --load). */
int cli_prep_check(const char *cmd, const CliOptions *o, bool compare, Error *err);
/* Their lines of the usage text. */
extern const char cli_prep_usage[];

/* The whole usage text, or one subcommand's. */
void cli_usage(FILE *f);
void cli_usage_run(FILE *f);
void cli_usage_compare(FILE *f);

/* Print "mllab: MESSAGE" to stderr; returns error_exit_status(err). */
int cli_fail(const Error *err);
/* The same from a usage problem found in the front end: returns 2. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- the terminal (cli_text.c) ----------------------------------------- */
/* Box-drawing tables when the locale speaks UTF-8 (and no --ascii), ASCII
 * otherwise; also sets the tables' maximum width to cli_width(). */
TableStyle cli_table_style(void);
/* The width text is fitted to: the terminal's when stdout is one, else
 * $COLUMNS, else 0 (no limit); at least 40. */
int cli_width(void);
/* ASCII output: --ascii was given, or the locale is not UTF-8. */
bool cli_ascii(void);
void cli_force_ascii(void);
/* text made to fit: its ASCII form when cli_ascii(), lines wider than
 * cli_width() wrapped at spaces (keeping their indentation). */
void cli_fit_text(const char *text, StrBuf *out);
/* cli_write_stdout of a text report, fitted (cli_fit_text). */
int cli_write_text(const StrBuf *sb, Error *err);

/* Progress on stderr, only when stderr is a terminal.  Printf-style; lines
 * are rewritten in place ("\r"), at most ten times a second unless forced. */
bool cli_progress_enabled(void);
void cli_progress(bool force, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_progress_done(void);

/* Write text to stdout; -1 with an ERR_IO error when the write fails. */
int cli_write_stdout(const StrBuf *sb, Error *err);
/* Write text to a file; -1 with an ERR_IO error naming it. */
int cli_write_file(const char *path, const StrBuf *sb, Error *err);

#endif
