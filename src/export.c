/* export.c - a set of texts written to files that share a stem (export.h). */
#include "export.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"

void export_init(ExportSet *e)
{
    memset(e, 0, sizeof *e);
}

void export_free(ExportSet *e)
{
    for (int i = 0; i < e->n; i++)
        sb_free(&e->items[i].body);
    e->n = 0;
}

StrBuf *export_add(ExportSet *e, const char *suffix, const char *what)
{
    if (e->n >= EXPORT_MAX_ITEMS)
        return NULL;
    ExportItem *it = &e->items[e->n++];
    snprintf(it->suffix, sizeof it->suffix, "%s", suffix);
    snprintf(it->what, sizeof it->what, "%s", what);
    it->body = (StrBuf)STRBUF_INIT;
    return &it->body;
}

/* A stem must name a file: not empty, not ending in '/', not a folder. */
static int check_stem(const char *stem, Error *err)
{
    size_t len = strlen(stem);
    struct stat st;
    if (len == 0)
        return error_set(err, ERR_USAGE, "no file name given");
    if (stem[len - 1] == '/' || (stat(stem, &st) == 0 && S_ISDIR(st.st_mode)))
        return error_set(err, ERR_USAGE, "%s: is a folder: give a file name to start the files with",
                         stem);
    return 0;
}

static int write_item(const ExportItem *it, const char *path, Error *err)
{
    if (it->body.failed)
        return error_set(err, ERR_NOMEM, "%s: out of memory building the %s", path, it->what);
    AtomicFile af;
    if (atomic_file_open(&af, path, err) < 0)
        return -1;
    size_t n = it->body.len;
    if (n && fwrite(it->body.s, 1, n, af.f) != n) {
        int saved = errno;
        atomic_file_abort(&af);
        return error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(saved));
    }
    return atomic_file_commit(&af, err);
}

/* Append name to the ", "-separated list in buf. */
static void list_add(char *buf, size_t size, const char *name)
{
    size_t len = strlen(buf);
    if (len < size)
        snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name);
}

int export_write(const ExportSet *e, const char *stem, char *written, size_t size, Error *err)
{
    if (size)
        written[0] = '\0';
    if (check_stem(stem, err) < 0)
        return -1;
    for (int i = 0; i < e->n; i++) {
        char path[4096];
        if (snprintf(path, sizeof path, "%s%s", stem, e->items[i].suffix) >= (int)sizeof path)
            return error_set(err, ERR_USAGE, "%s: the file name is too long", stem);
        if (write_item(&e->items[i], path, err) < 0)
            return -1;
        list_add(written, size, path);
    }
    return 0;
}

#define NAME_CHARS "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"

/* name reduced to [A-Za-z0-9._-] (others become '_'), a path to its file
 * name without the extension. */
static void clean_name(char *buf, size_t size, const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    size_t n = dot && dot != base ? (size_t)(dot - base) : strlen(base);
    size_t j = 0;
    for (size_t i = 0; i < n && j + 1 < size; i++) {
        char ch = base[i];
        buf[j++] = ch && strchr(NAME_CHARS, ch) ? ch : '_';
    }
    buf[j] = '\0';
}

void export_default_stem(char *buf, size_t size, const char *algo, const char *dataset,
                         time_t when)
{
    char a[64], d[64], stamp[32];
    clean_name(a, sizeof a, algo ? algo : "");
    clean_name(d, sizeof d, dataset ? dataset : "");
    struct tm tm;
    localtime_r(&when, &tm);
    strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    snprintf(buf, size, "./mllab%s%s%s%s-%s", a[0] ? "-" : "", a, d[0] ? "-" : "", d, stamp);
}
