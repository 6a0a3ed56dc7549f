/* export.h - a set of texts written to files that share a stem (issue 12:
 * "export from any run or compare").
 *
 * The front end fills an ExportSet with the texts it has at the moment the
 * user asks (the results as JSON and CSV, the trace as JSON lines, the plot
 * as text and SVG), each under a suffix; export_write then writes each one
 * to STEM + suffix atomically (atomic_file.h: whole or not there).  The
 * set is written in order and stops at the first failure, whose message
 * names the path and the reason; files written before it stay.
 * export_default_stem makes the stem a user starts from:
 * "./mllab-ALGO-DATASET-YYYYmmdd-HHMMSS", names reduced to letters, digits,
 * '.', '_' and '-' (a dataset given as a path keeps its file name without
 * the extension). */
#ifndef MLLAB_EXPORT_H
#define MLLAB_EXPORT_H

#include <stddef.h>
#include <time.h>

#include "error.h"
#include "strbuf.h"

#define EXPORT_MAX_ITEMS 8

typedef struct ExportItem {
    char suffix[24];    /* ".json", ".trace.jsonl", ... */
    char what[32];      /* "results", "trace", "plot": for the message */
    StrBuf body;
} ExportItem;

typedef struct ExportSet {
    ExportItem items[EXPORT_MAX_ITEMS];
    int n;
} ExportSet;

void export_init(ExportSet *e);
void export_free(ExportSet *e);
/* A new item to fill, or NULL when the set is full. */
StrBuf *export_add(ExportSet *e, const char *suffix, const char *what);

/* Write every item to stem + suffix.  written receives the files written,
 * ", "-separated ("x.json, x.csv"), even on a failure.  0, or -1 with err
 * naming the path (ERR_IO; ERR_USAGE for an empty stem or one naming a
 * folder, ERR_NOMEM when a body could not be built). */
int export_write(const ExportSet *e, const char *stem, char *written, size_t size, Error *err);

/* "./mllab-ALGO-DATASET-YYYYmmdd-HHMMSS" (local time of when); dataset
 * NULL or "" leaves that part out. */
void export_default_stem(char *buf, size_t size, const char *algo, const char *dataset,
                         time_t when);

#endif
