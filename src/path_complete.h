/* path_complete.h - Tab completion of a path being typed (issue 12: the
 * lab's "open a CSV" prompt).  Library code: reads a folder, never prints. */
#ifndef MLLAB_PATH_COMPLETE_H
#define MLLAB_PATH_COMPLETE_H

#include <stddef.h>

#include "error.h"

/* Complete text, a path being typed ("dat", "datasets/ir", "~/notes/"):
 * the entries of its folder ("." when it has none; "~/" is $HOME) whose
 * names start with its last part (hidden ones only when that part starts
 * with '.'), in byte order.  out (out_size bytes) receives text extended by
 * the longest beginning they all share; when one entry matches, its whole
 * name, and a '/' after it when it is a folder.  list, when not NULL,
 * receives the matching names (folders with '/') separated by two spaces,
 * cut to list_size bytes.  Returns how many entries match (0: out = text),
 * or -1 with err set when the folder cannot be read or out is too small. */
int path_complete(const char *text, char *out, size_t out_size, char *list, size_t list_size,
                  Error *err);

#endif
