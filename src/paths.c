/* paths.c - locating the bundled datasets and docs (see paths.h). */
#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MLLAB_PKGDATADIR
#define MLLAB_PKGDATADIR "/usr/local/share/mllab"
#endif

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *path_join(char *buf, size_t size, const char *dir, const char *rest)
{
    int n = snprintf(buf, size, "%s/%s", dir, rest);
    return n < 0 || (size_t)n >= size ? NULL : buf;
}

/* Fill out with the folder `sub` found by the rules in paths.h. */
static void locate(char *out, size_t size, const char *env, const char *sub)
{
    const char *e = getenv(env);
    if (e && *e) {
        snprintf(out, size, "%s", e);
        return;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char cand[PATH_MAX];
            if (path_join(cand, sizeof cand, exe, sub) && is_dir(cand)) {
                snprintf(out, size, "%s", cand);
                return;
            }
            /* Programs built in tests/ (or a libtool .libs/) look one level up. */
            slash = strrchr(exe, '/');
            if (slash) {
                *slash = '\0';
                if (path_join(cand, sizeof cand, exe, sub) && is_dir(cand)) {
                    snprintf(out, size, "%s", cand);
                    return;
                }
            }
        }
    }
    snprintf(out, size, "%s/%s", MLLAB_PKGDATADIR, sub);
}

static char data_dir[PATH_MAX], docs_dir[PATH_MAX];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void locate_all(void)
{
    locate(data_dir, sizeof data_dir, "MLLAB_DATA_DIR", "datasets");
    locate(docs_dir, sizeof docs_dir, "MLLAB_DOCS_DIR", "docs");
}

const char *path_data_dir(void)
{
    pthread_once(&once, locate_all);
    return data_dir;
}

const char *path_docs_dir(void)
{
    pthread_once(&once, locate_all);
    return docs_dir;
}

/* ---- practice mode (practice/bank.c) ------------------------------------ */
static char exercises_dir[PATH_MAX];
static pthread_once_t exercises_once = PTHREAD_ONCE_INIT;

static void locate_exercises(void)
{
    locate(exercises_dir, sizeof exercises_dir, "MLLAB_EXERCISES_DIR", "exercises");
}

const char *path_exercises_dir(void)
{
    pthread_once(&exercises_once, locate_exercises);
    return exercises_dir;
}
