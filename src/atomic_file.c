/* atomic_file.c - whole-or-nothing output files (see atomic_file.h). */
#include "atomic_file.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "dir/.name.XXXXXX" for "dir/name". */
static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    size_t len = strlen(path) + 16;
    char *t = malloc(len);
    if (t)
        snprintf(t, len, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
    return t;
}

/* The mode a new file gets (0666 less the umask), or the target's own. */
static mode_t file_mode(const struct stat *st, bool exists)
{
    if (exists)
        return st->st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

static int open_in_place(AtomicFile *af, const char *path, Error *err)
{
    if (!(af->f = fopen(path, "w")))
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(errno));
    return 0;
}

/* A temporary file beside path, with the mode the target has (or would
 * have). */
static int open_temp(AtomicFile *af, const char *path, const struct stat *st, bool exists,
                     Error *err)
{
    if (!(af->tmp = temp_name(path)))
        return error_set(err, ERR_NOMEM, "out of memory");
    int fd = mkstemp(af->tmp);
    if (fd < 0) {
        int e = errno;
        free(af->tmp);
        af->tmp = NULL;
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(e));
    }
    if (fchmod(fd, file_mode(st, exists)) != 0 || !(af->f = fdopen(fd, "w"))) {
        int e = errno;
        close(fd);
        return error_set(err, ERR_IO, "%s: cannot write: %s", path, strerror(e));
    }
    return 0;
}

int atomic_file_open(AtomicFile *af, const char *path, Error *err)
{
    memset(af, 0, sizeof *af);
    struct stat st;
    bool exists = stat(path, &st) == 0;
    if (!(af->path = strdup(path)))
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = exists && !S_ISREG(st.st_mode) ? open_in_place(af, path, err)
                                            : open_temp(af, path, &st, exists, err);
    if (rc < 0)
        atomic_file_abort(af); /* nothing is left to free or to remove */
    return rc;
}

/* Flush, fsync (a temporary file), close, rename: 0 or the errno. */
static int finish(AtomicFile *af)
{
    int e = 0;
    if (fflush(af->f) != 0 || ferror(af->f))
        e = errno ? errno : EIO;
    if (!e && af->tmp && fsync(fileno(af->f)) != 0)
        e = errno;
    if (fclose(af->f) != 0 && !e)
        e = errno ? errno : EIO;
    af->f = NULL;
    if (!e && af->tmp && rename(af->tmp, af->path) != 0)
        e = errno;
    return e;
}

int atomic_file_commit(AtomicFile *af, Error *err)
{
    int e = finish(af);
    if (!e) {
        free(af->tmp); /* renamed: nothing to remove */
        af->tmp = NULL;
        atomic_file_abort(af);
        return 0;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s", af->path);
    bool kept = af->tmp != NULL; /* the target was not touched */
    atomic_file_abort(af);
    return error_set(err, ERR_IO, "%s: write failed: %s%s", path, strerror(e),
                     kept ? " (the previous file, if any, is unchanged)" : "");
}

void atomic_file_abort(AtomicFile *af)
{
    if (!af)
        return;
    if (af->f)
        fclose(af->f);
    if (af->tmp)
        unlink(af->tmp);
    free(af->tmp);
    free(af->path);
    memset(af, 0, sizeof *af);
}

bool atomic_same_file(const char *path, const char *other)
{
    struct stat a, b;
    return path && other && stat(path, &a) == 0 && stat(other, &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}
