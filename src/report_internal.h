/* report_internal.h - helpers the report_*.c files share (not for front ends). */
#ifndef MLLAB_REPORT_INTERNAL_H
#define MLLAB_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "report.h"

/* names[i], or the number i when there are no names (report_table.c). */
const char *report_class_name(char *const *names, int i, char *buf, size_t size);

/* A short human form of a duration: "350 µs", "12.5 ms", "3.20 s" (report_run.c). */
void report_seconds(char *buf, size_t size, double s);
/* A CSV number: %.9g, or nan / inf / -inf (report_run.c). */
void report_csv_number(StrBuf *sb, double v);
/* The metric cross-validation reports: accuracy, r2 or inertia (report_run.c). */
const char *report_cv_metric_name(AlgoKind k);

/* JSON members: ", " before all but the first, then "key": (report_json.c). */
void report_json_key(StrBuf *sb, bool *first, const char *key);
void report_json_num(StrBuf *sb, bool *first, const char *key, double v);
/* The value text of the top-level member name of a JSON object (its length
 * in *len), or NULL (report_json.c). */
const char *report_json_member(const char *json, const char *name, int *len);

#endif
