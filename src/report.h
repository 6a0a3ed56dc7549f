/* report.h - text tables, CSV and JSON reports of runs and comparisons.
 *
 * Everything here writes into a StrBuf and never prints: the front ends
 * decide where the text goes.  Tables have aligned columns and come in two
 * styles, Unicode box drawing and plain ASCII; column widths count display
 * cells (UTF-8 code points), so "±" or "≤" line up.  CSV fields are quoted
 * when they hold a comma, a quote, a line break or leading/trailing spaces
 * (RFC 4180: quotes inside are doubled).
 *
 * The run and compare reports are the output of `mllab run` and
 * `mllab compare` in their three formats (text, json, csv); the TUI reuses
 * the confusion matrix and per-class tables.
 *
 * Files: report_table.c (tables, CSV, classification tables), report_run.c
 * (text and CSV run reports, predictions), report_json.c (JSON run reports,
 * the JSON summary), report_compare.c (compare reports); the metrics a run
 * reports are listed once, in report_metrics.h. */
#ifndef MLLAB_REPORT_H
#define MLLAB_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "eval.h"
#include "metrics.h"
#include "strbuf.h"

/* ---- tables ------------------------------------------------------------- */
typedef enum { TABLE_UNICODE, TABLE_ASCII } TableStyle;
typedef enum { ALIGN_LEFT, ALIGN_RIGHT } TableAlign;

typedef struct Table {
    int cols;
    char **header;     /* cols texts (NULL = empty)                 */
    TableAlign *align; /* cols                                       */
    char **cells;      /* rows x cols texts (NULL = empty cell)      */
    bool *rule_after;  /* rows: a horizontal rule below this row     */
    int rows, cap;
    bool failed;       /* an allocation failed (the table renders what it has) */
    int key_cols;      /* columns repeated in each panel when the table is split
                          to fit the width (0: the first one) */
} Table;

int table_init(Table *t, int cols, Error *err);
void table_free(Table *t);
/* Header text and alignment of a column. */
void table_header(Table *t, int col, const char *text, TableAlign align);
/* A new empty row; returns its index, or -1 when memory ran out. */
int table_add_row(Table *t);
/* Cell text, printf-style. */
void table_set(Table *t, int row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Draw a rule under this row (e.g. before a totals row). */
void table_rule_after(Table *t, int row);
/* The table with borders, one line per row, each line ending in '\n'.
 * TABLE_ASCII writes every text in its ASCII form too ("±" as "+/-", "µs"
 * as "us": canvas_append_ascii).  Wider than the maximum width
 * (table_set_max_width), the widest columns are narrowed and their cells
 * wrapped onto more lines (at spaces, after '/' and after a letter's '-';
 * a word longer than 16 cells anywhere); if that is not enough, the columns
 * are drawn as several tables, one below the other, each starting with the
 * key columns (key_cols). */
void table_render(const Table *t, TableStyle style, StrBuf *out);
/* The maximum width of rendered tables, in cells (0, the default: none).
 * Set by a front end from the terminal (the CLI); process-wide. */
void table_set_max_width(int width);
int table_get_max_width(void);
/* Word wrapping: the first line of s that fits in width cells (its byte
 * length in *len); returns where the next line starts ("" when none).  A line
 * breaks at a space (dropped), after a '/' or after a letter's '-'; a word
 * wider than width is cut. */
const char *text_wrap_line(const char *s, int width, size_t *len);
/* The table as CSV: the header row, then the rows. */
void table_render_csv(const Table *t, StrBuf *out);

/* Display width of a UTF-8 string in terminal cells (one per code point). */
int utf8_width(const char *s);

/* ---- CSV ---------------------------------------------------------------- */
/* One field, quoted when needed (no separator written). */
void csv_field(StrBuf *sb, const char *s);
/* Fields separated by commas, then "\n". */
void csv_row(StrBuf *sb, const char *const *fields, int n);

/* ---- classification tables ---------------------------------------------- */
/* Rows = true class, columns = predicted class, with class names. */
void report_confusion(StrBuf *sb, const int *cm, int k, char *const *class_names,
                      TableStyle style);
/* Above this many classes a text report does not draw the k x k matrix
 * (5000 classes made 276 MB of text) but its largest confusions. */
#define REPORT_CONFUSION_MAX 20
/* The REPORT_CONFUSION_MAX largest off-diagonal cells (true, predicted,
 * count), largest first, ties in row-major order; "no confusions" when the
 * diagonal holds everything. */
void report_confusion_top(StrBuf *sb, const int *cm, int k, char *const *class_names,
                          TableStyle style);
/* Precision, recall, F1, specificity and support per class, then the macro
 * and weighted averages. */
void report_per_class(StrBuf *sb, const ClassReport *r, char *const *class_names,
                      TableStyle style);

/* ---- run and compare reports -------------------------------------------- */
/* What a report says about the set-up of a run, besides its results. */
typedef struct RunInfo {
    const char *dataset;       /* name shown */
    const Algo *algo;
    const Params *params;      /* (the scaling is the session's: RunResult.scaling,
                                  CvResult.scaling) */
    const char *split;         /* "stratified, test size 0.2, seed 42", "standard split", ... */
    int n_features;
    int n_classes;             /* 0 for regression targets */
    char *const *class_names;  /* n_classes */
    char csv_sep;              /* a CSV file's separator when not ',' (else 0) */
    bool csv_sep_detected;     /* ... detected from the header, not --sep */
    const RunResult *validation; /* --val-size: the model on the validation part, or NULL */
} RunInfo;

/* `mllab run`: the readable summary, the JSON object, and metric,value CSV. */
void report_run_text(StrBuf *sb, const RunInfo *info, const RunResult *r, TableStyle style);
void report_run_json(StrBuf *sb, const RunInfo *info, const RunResult *r);
void report_run_csv(StrBuf *sb, const RunInfo *info, const RunResult *r);
/* The --predictions file: header `true,predicted` then one score column per
 * class (classifiers with scores); labels as in the data, `true` empty when
 * the test part has no target. */
void report_predictions_csv(StrBuf *sb, const RunInfo *info, const RunResult *r);

/* `mllab run --cv K`. */
void report_cv_text(StrBuf *sb, const RunInfo *info, const CvResult *cv, TableStyle style);
void report_cv_json(StrBuf *sb, const RunInfo *info, const CvResult *cv);
void report_cv_csv(StrBuf *sb, const RunInfo *info, const CvResult *cv);

/* `mllab compare`: rows ranked by accuracy (failed ones last).  order[]
 * receives n_rows indices into r->rows (may be NULL). */
void compare_rank(const CompareResult *r, int *order);
void report_compare_text(StrBuf *sb, const char *dataset, const CompareResult *r,
                         TableStyle style);
void report_compare_json(StrBuf *sb, const char *dataset, const CompareResult *r);
void report_compare_csv(StrBuf *sb, const CompareResult *r);

/* Top-level members of a JSON object, one per line as "  key  value", each
 * value cut to about width characters ("…" marks the cut). */
void report_json_summary(StrBuf *sb, const char *json, int width);

#endif
