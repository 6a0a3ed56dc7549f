/* state_file.h - the lab's memory between runs (issue 12): a small file of
 * KEY=VALUE lines, read at start and written atomically when it changes.
 *
 * The file ($XDG_STATE_HOME/mllab/state, default ~/.local/state/mllab/state):
 *
 *     # mllab state 1
 *     dataset=iris
 *     algo=kmeans
 *     view.kmeans=curves
 *     param.kmeans.k=5
 *
 * The first line names the format; blank lines and lines starting with '#'
 * are skipped; a key is made of letters, digits and ". _ -"; in a value a
 * backslash, a line break and a carriage return are written "\\", "\n" and
 * "\r".  A file that breaks any of this (or holds a NUL byte, or is over
 * STATE_MAX_BYTES) is refused as a whole, with an error naming the file and
 * the line, so that a front end can ignore it with a note; a later key
 * overrides an earlier one.  What the keys mean is the front end's
 * business (tui/tui_state.c). */
#ifndef MLLAB_STATE_FILE_H
#define MLLAB_STATE_FILE_H

#include <stddef.h>

#include "error.h"
#include "strbuf.h"

#define STATE_MAX_BYTES (1 << 20)
#define STATE_MAX_ENTRIES 4096
#define STATE_HEADER "# mllab state 1"

typedef struct StateEntry {
    char *key, *value;
} StateEntry;

typedef struct StateFile {
    StateEntry *entries; /* in the order first set */
    int n, cap;
} StateFile;

void state_init(StateFile *s);
void state_free(StateFile *s);

/* The value of key, or NULL. */
const char *state_get(const StateFile *s, const char *key);
/* Set key to value (NULL removes it).  -1 with ERR_USAGE for a key with
 * other characters, ERR_NOMEM, or too many entries. */
int state_set(StateFile *s, const char *key, const char *value, Error *err);
/* Remove every key that starts with prefix. */
void state_remove_prefix(StateFile *s, const char *prefix);

/* Replace s with the entries of text (len bytes); on an error s is left
 * empty and err says "line N: why" (no file name). */
int state_parse(StateFile *s, const char *text, size_t len, Error *err);
/* The file's text: the header line, then one KEY=VALUE line per entry. */
void state_format(const StateFile *s, StrBuf *out);

/* The state file's path: $XDG_STATE_HOME/mllab/state when that is an
 * absolute path, else $HOME/.local/state/mllab/state.  -1 (ERR_IO) when
 * neither is set or the path does not fit. */
int state_path(char *buf, size_t size, Error *err);
/* Read path into s: 1 when there is no file (s empty), 0 when read, -1
 * when it cannot be read or is not a valid state file (s empty, err naming
 * the path and why). */
int state_load(StateFile *s, const char *path, Error *err);
/* Write s to path atomically, making its folders (0700) when missing. */
int state_save(const StateFile *s, const char *path, Error *err);

#endif
