/* path_complete.c - Tab completion of a path (see path_complete.h). */
#include "path_complete.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_MATCHES 512

/* text with a "~/" start as $HOME's; -1 when it does not fit. */
static int expand_home(const char *text, char *full, size_t size)
{
    const char *home = getenv("HOME");
    int n = strncmp(text, "~/", 2) == 0 && home && *home
                ? snprintf(full, size, "%s/%s", home, text + 2)
                : snprintf(full, size, "%s", text);
    return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* The folder to read and the part of the name typed, from text (a "~/"
 * start is $HOME).  prefix receives what goes before the completed name. */
static int split_path(const char *text, char *dir, size_t dir_size, char *prefix,
                      size_t prefix_size, const char **part, Error *err)
{
    char full[4096];
    if (expand_home(text, full, sizeof full) < 0)
        return error_set(err, ERR_USAGE, "the path is too long");
    const char *slash = strrchr(text, '/');
    *part = slash ? slash + 1 : text;
    size_t keep = (size_t)(*part - text); /* text up to the last '/' */
    if (keep >= prefix_size)
        return error_set(err, ERR_USAGE, "the path is too long");
    memcpy(prefix, text, keep);
    prefix[keep] = '\0';
    const char *fslash = strrchr(full, '/');
    size_t dlen = fslash ? (size_t)(fslash - full) + 1 : 0;
    if (dlen + 2 > dir_size)
        return error_set(err, ERR_USAGE, "the path is too long");
    if (dlen == 0)
        snprintf(dir, dir_size, ".");
    else
        snprintf(dir, dir_size, "%.*s", (int)dlen, full);
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir that start with part (hidden ones only for a '.'
 * part), sorted; returns the count (at most max) or -1. */
static int matching_names(const char *dir, const char *part, char **names, int max, Error *err)
{
    DIR *d = opendir(dir);
    if (!d)
        return error_set(err, ERR_IO, "cannot read the folder %s", dir);
    size_t plen = strlen(part);
    int n = 0;
    for (struct dirent *e = readdir(d); e && n < max; e = readdir(d)) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if ((e->d_name[0] == '.' && part[0] != '.') || strncmp(e->d_name, part, plen) != 0)
            continue;
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, by_name);
    return n;
}

/* How many bytes all the names share at their start. */
static size_t common_length(char *const *names, int n)
{
    size_t len = strlen(names[0]);
    for (int i = 1; i < n; i++) {
        size_t k = 0;
        while (k < len && names[i][k] == names[0][k])
            k++;
        len = k;
    }
    return len;
}

static bool is_folder(const char *dir, const char *name)
{
    char path[4096];
    struct stat st;
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* "a  b/  c" into list (cut to size). */
static void list_names(const char *dir, char *const *names, int n, char *list, size_t size)
{
    size_t used = 0;
    list[0] = '\0';
    for (int i = 0; i < n && used + 1 < size; i++) {
        int w = snprintf(list + used, size - used, "%s%s%s", i ? "  " : "", names[i],
                         is_folder(dir, names[i]) ? "/" : "");
        if (w < 0)
            break;
        used += (size_t)w;
    }
}

/* out = prefix + what the n (> 0) names share (+ '/' for one folder). */
static int write_completion(const char *dir, const char *prefix, char *const *names, int n,
                            char *out, size_t out_size, Error *err)
{
    bool folder = n == 1 && is_folder(dir, names[0]);
    int w = snprintf(out, out_size, "%s%.*s%s", prefix, (int)common_length(names, n), names[0],
                     folder ? "/" : "");
    if (w < 0 || (size_t)w >= out_size)
        return error_set(err, ERR_USAGE, "the path is too long");
    return n;
}

int path_complete(const char *text, char *out, size_t out_size, char *list, size_t list_size,
                  Error *err)
{
    char dir[4096], prefix[4096], no_list[1];
    const char *part = text;
    if (!list || !list_size) /* the matches are not wanted */
        list = no_list, list_size = sizeof no_list;
    if (split_path(text, dir, sizeof dir, prefix, sizeof prefix, &part, err) < 0)
        return -1;
    char *names[MAX_MATCHES];
    int n = matching_names(dir, part, names, MAX_MATCHES, err);
    if (n < 0)
        return -1;
    list[0] = '\0';
    int rc = 0;
    if (n == 0)
        snprintf(out, out_size, "%s", text);
    else
        rc = write_completion(dir, prefix, names, n, out, out_size, err);
    if (n > 0 && rc >= 0)
        list_names(dir, names, n, list, list_size);
    for (int i = 0; i < n; i++)
        free(names[i]);
    return rc;
}
