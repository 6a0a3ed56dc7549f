/* atomic_file.h - output files that are either whole or not there.
 *
 * --save, --predictions and --trace write a temporary file in the target's
 * directory (".NAME.XXXXXX"), flush and fsync it, and rename it over the
 * target only when everything was written: a run that fails or is killed
 * halfway leaves the previous file as it was (and no half-written one), and
 * concurrent runs to one path leave one whole file.  A target that exists
 * and is not a regular file (a device such as /dev/null or /dev/full, a
 * FIFO, /dev/stdout) is written in place: renaming over it would replace
 * the device.  Every message names the path and the system's reason. */
#ifndef MLLAB_ATOMIC_FILE_H
#define MLLAB_ATOMIC_FILE_H

#include <stdbool.h>
#include <stdio.h>

#include "error.h"

typedef struct AtomicFile {
    FILE *f;         /* write here */
    char *path;      /* the target */
    char *tmp;       /* the temporary file (NULL when written in place) */
} AtomicFile;

/* Open a temporary file next to path (or path itself, see above). */
int atomic_file_open(AtomicFile *af, const char *path, Error *err);
/* Flush, fsync, close and rename over the target; on any failure the
 * temporary file is removed and the target left untouched (ERR_IO naming
 * the path and strerror). */
int atomic_file_commit(AtomicFile *af, Error *err);
/* Close and remove the temporary file; the target is untouched.  NULL-safe,
 * and safe after commit. */
void atomic_file_abort(AtomicFile *af);
/* Is path the same file (device and inode) as other?  False when either
 * does not exist. */
bool atomic_same_file(const char *path, const char *other);

#endif
