/* budget.h - the memory budget: every allocation that grows with the input
 * or with a parameter is estimated first and refused above it.
 *
 * The budget is half the physical memory, or MLLAB_MEMORY_LIMIT when set
 * ("2G", "512M", "64K", "1.5G", a plain number of bytes; K, M, G, T are
 * powers of 1024).  A refusal is an ERR_DATA error naming what asked, the
 * estimate and the budget:
 *   "mlp -p hidden=65536,65536: needs about 17.2 GB, above the memory budget
 *    of 3.9 GB (half the physical memory; MLLAB_MEMORY_LIMIT sets it)"
 * Callers for a parameter turn the code into ERR_USAGE.
 *
 * Sizes are counted with budget_mul/budget_add, which saturate at SIZE_MAX
 * instead of wrapping, so an estimate can never overflow into a small one. */
#ifndef MLLAB_BUDGET_H
#define MLLAB_BUDGET_H

#include <stdio.h>
#include <stddef.h>

#include "error.h"

/* The budget in bytes (0 when MLLAB_MEMORY_LIMIT is set but not a size). */
size_t budget_limit(void);
/* Parse a size ("2G", "512M", "100000"); -1 when it is not one. */
int budget_parse(const char *text, size_t *bytes);
/* 0 when bytes fit the budget; else -1 with ERR_DATA ("WHAT: needs about
 * ..."), or ERR_USAGE when MLLAB_MEMORY_LIMIT is not a size. */
int budget_check(size_t bytes, const char *what, Error *err);
/* a * b and a + b, SIZE_MAX instead of wrapping. */
size_t budget_mul(size_t a, size_t b);
size_t budget_add(size_t a, size_t b);
/* "17.2 GB", "512 KB", "100 bytes" */
void budget_format(size_t bytes, char *buf, size_t size);

/* Read all of f (opened on path) into a malloc'd, NUL-terminated buffer,
 * within the budget: a regular file's size is checked before anything is
 * read; a device, a pipe or a FIFO is read in chunks and refused as soon as
 * it passes the budget, or (when nul_is_binary) at its first zero byte,
 * which text never has (a regular file's zero bytes are left to its parser,
 * which names the line), or past stream_max bytes (0: the budget only) ("/dev/zero: binary data (a zero byte at offset 0),
 * not a WHAT").  `what` names the kind of file in messages ("CSV file");
 * path starts them (NULL: the caller names the file). */
int budget_read_file(FILE *f, const char *path, const char *what, int nul_is_binary,
                     size_t stream_max, char **out, size_t *len, Error *err);

#endif
