/* budget.c - the memory budget and bounded file reading (see budget.h). */
#include "budget.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BUDGET_ENV "MLLAB_MEMORY_LIMIT"

size_t budget_mul(size_t a, size_t b)
{
    if (a != 0 && b > SIZE_MAX / a)
        return SIZE_MAX;
    return a * b;
}

size_t budget_add(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

int budget_parse(const char *text, size_t *bytes)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (end == text || errno != 0 || !(v > 0))
        return -1;
    double unit = 1;
    const char *units = "KMGT";
    const char *u = *end ? strchr(units, *end & ~0x20) : NULL;
    if (*end && !u)
        return -1;
    if (u) {
        for (const char *p = units; p <= u; p++)
            unit *= 1024;
        end++;
        if ((*end & ~0x20) == 'B') /* "2GB" */
            end++;
    }
    if (*end || v * unit >= (double)SIZE_MAX)
        return -1;
    *bytes = (size_t)(v * unit);
    return *bytes > 0 ? 0 : -1;
}

/* Half the physical memory (1 GiB when it cannot be known). */
static size_t default_limit(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages <= 0 || page <= 0)
        return (size_t)1 << 30;
    return budget_mul((size_t)pages, (size_t)page) / 2;
}

size_t budget_limit(void)
{
    const char *env = getenv(BUDGET_ENV);
    if (!env || !*env)
        return default_limit();
    size_t bytes;
    return budget_parse(env, &bytes) == 0 ? bytes : 0;
}

void budget_format(size_t bytes, char *buf, size_t size)
{
    const char *units[] = { "KB", "MB", "GB", "TB", "PB" };
    if (bytes < 1024) {
        snprintf(buf, size, "%zu bytes", bytes);
        return;
    }
    double v = (double)bytes / 1024;
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        u++;
    }
    snprintf(buf, size, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
}

int budget_check(size_t bytes, const char *what, Error *err)
{
    size_t limit = budget_limit();
    if (limit == 0)
        return error_set(err, ERR_USAGE, "%s=%s is not a size (e.g. 2G, 512M)", BUDGET_ENV,
                         getenv(BUDGET_ENV));
    if (bytes <= limit)
        return 0;
    char need[32], have[32];
    budget_format(bytes, need, sizeof need);
    budget_format(limit, have, sizeof have);
    const char *env = getenv(BUDGET_ENV);
    return error_set(err, ERR_DATA, "%s: needs %s%s, above the memory budget of %s (%s)", what,
                     bytes == SIZE_MAX ? "more than " : "about ",
                     bytes == SIZE_MAX ? "the address space" : need, have,
                     env && *env ? BUDGET_ENV
                                 : "half the physical memory; " BUDGET_ENV " sets it");
}

/* The refusal of a stream that passed its cap (most, 0: none) or the budget. */
static int stream_too_big(size_t most, const char *path, const char *what, Error *err)
{
    size_t limit = budget_limit();
    bool capped = most && most < limit;
    char have[32];
    budget_format(capped ? most : limit, have, sizeof have);
    error_set(err, ERR_DATA, "more than %s read from a %s that is not a regular file; stopped (%s)",
              have, what, capped ? "the most a stream may hold" : "the memory budget");
    return path ? error_prefix(err, path) : -1;
}

/* Grow *buf to hold more than len bytes; -1 (ERR_DATA) past the cap or the
 * budget. */
static int grow(char **buf, size_t *cap, size_t len, size_t most, const char *path,
                const char *what, Error *err)
{
    if (len + 1 < *cap)
        return 0;
    size_t ncap = budget_mul(*cap, 2);
    if (most && ncap > most + 1 && len < most + 1)
        ncap = most + 2; /* one byte past the cap tells that there is more */
    if ((most && len > most) || budget_check(ncap, what, err) < 0)
        return stream_too_big(most, path, what, err);
    char *nb = realloc(*buf, ncap);
    if (!nb)
        return error_set(err, ERR_NOMEM, "out of memory reading %s", path ? path : "the file");
    *buf = nb;
    *cap = ncap;
    return 0;
}

/* The start capacity: a regular file's size (checked), else 64 KB. */
static int start_cap(FILE *f, const char *path, size_t *cap, bool *regular, Error *err)
{
    struct stat st;
    *cap = 65536;
    *regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    if (!*regular || st.st_size <= 0)
        return 0;
    *cap = budget_add((size_t)st.st_size, 2);
    char what[4200];
    snprintf(what, sizeof what, "reading %.4096s", path ? path : "the file");
    return budget_check(*cap, what, err);
}

/* One fread into buf[*n, cap - 1): 1 when more may come, 0 at the end,
 * -1 with err set (a zero byte when nul_is_binary, a read error). */
static int read_chunk(FILE *f, char *buf, size_t cap, size_t *n, int nul_is_binary,
                      const char *path, const char *what, Error *err)
{
    size_t got = fread(buf + *n, 1, cap - 1 - *n, f);
    const char *nul = nul_is_binary ? memchr(buf + *n, '\0', got) : NULL;
    *n += got;
    if (nul)
        error_set(err, ERR_DATA, "binary data (a zero byte at offset %zu), not a %s",
                  (size_t)(nul - buf), what);
    else if (got == 0 && ferror(f))
        error_set(err, ERR_IO, "read error: %s", strerror(errno));
    else
        return got > 0;
    return path ? error_prefix(err, path) : -1;
}

int budget_read_file(FILE *f, const char *path, const char *what, int nul_is_binary,
                     size_t stream_max, char **out, size_t *len, Error *err)
{
    size_t cap, n = 0;
    bool regular;
    if (start_cap(f, path, &cap, &regular, err) < 0)
        return -1;
    nul_is_binary = nul_is_binary && !regular; /* a file's own reader names the line */
    char *buf = malloc(cap);
    if (!buf)
        return error_set(err, ERR_NOMEM, "out of memory reading %s", path ? path : "the file");
    int more = 1;
    while (more > 0 && (more = grow(&buf, &cap, n, regular ? 0 : stream_max, path, what, err)) == 0)
        more = read_chunk(f, buf, cap, &n, nul_is_binary, path, what, err);
    if (more < 0) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}
