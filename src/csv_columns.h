/* csv_columns.h - the column work of the CSV reader behind CsvOptions
 * (dataset_columns.c), called by dataset_csv.c: missing cells, categorical
 * features and the separator.  Internal to the dataset layer. */
#ifndef MLLAB_CSV_COLUMNS_H
#define MLLAB_CSV_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "dataset.h"

typedef struct CsvColumns CsvColumns;

/* The separator of the header line (the first line that is not blank): the
 * most frequent of ',' ';' and tab outside double quotes; ',' on a tie or
 * when there is none. */
char csv_detect_sep(const char *data, size_t len);

/* NULL when out of memory. */
CsvColumns *csv_columns_new(const CsvOptions *o);
void csv_columns_free(CsvColumns *c);
/* The header's n names (column target_index, or -1, is the target): marks
 * the features --categorical names; ERR_USAGE naming an unknown one. */
int csv_columns_header(CsvColumns *c, char *const *names, int n, int target_index,
                       const char *label, Error *err);
/* One feature cell: 1 when it was taken (a missing cell, or a category:
 * *out set), 0 when it is for the number parser, 2 when it is NA or NaN
 * and missing cells are not accepted, -1 out of memory. */
int csv_columns_cell(CsvColumns *c, int j, const char *s, size_t n, float *out);
/* Move the categories into ds (sorted, X re-coded). */
int csv_columns_finish(CsvColumns *c, Dataset *ds, Error *err);

#endif
