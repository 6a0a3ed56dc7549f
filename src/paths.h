/* paths.h - where mllab finds its bundled data and documentation.
 *
 * Looked up in order: the environment ($MLLAB_DATA_DIR, $MLLAB_DOCS_DIR,
 * $MLLAB_EXERCISES_DIR), the
 * folder next to the executable (or its parent, for programs in tests/), then
 * the installed $(pkgdatadir). */
#ifndef MLLAB_PATHS_H
#define MLLAB_PATHS_H

#include <stddef.h>

/* The datasets/ folder (no trailing slash). */
const char *path_data_dir(void);
/* The docs/ folder: cards are in docs/algorithms/NAME.md. */
const char *path_docs_dir(void);
/* The exercises/ folder of practice mode ($MLLAB_EXERCISES_DIR first). */
const char *path_exercises_dir(void);
/* buf = dir + "/" + rest; returns buf, or NULL when it does not fit. */
char *path_join(char *buf, size_t size, const char *dir, const char *rest);

#endif
