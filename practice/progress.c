/* progress.c - the learner's workspace and progress in practice mode.
 *
 * $XDG_DATA_HOME/mllab/practice/ (default ~/.local/share/mllab/practice/)
 * holds NAME/solution.{c,py}, the learner's files, and progress.txt, one
 * line per exercise:
 *
 *   NAME status=solved date=2026-12-03 attempts=3 best=0.00123 hints=1
 *
 * Every write goes to a temporary file in the same folder, is flushed with
 * fsync, then renamed over the old file, so a crash mid-write loses nothing. */
#include "practice.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_ENTRIES 512

typedef struct Entry {
    char name[64];
    PracticeProgress p;
} Entry;

const char *practice_status_name(PracticeStatus s)
{
    return s == PRACTICE_SOLVED ? "solved" : s == PRACTICE_ATTEMPTED ? "attempted" : "new";
}

/* mkdir -p */
static int make_dirs(const char *path, Error *err)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0755) != 0 && errno != EEXIST)
            return error_set(err, ERR_IO, "%s: %s", buf, strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0755) != 0 && errno != EEXIST)
        return error_set(err, ERR_IO, "%s: %s", buf, strerror(errno));
    return 0;
}

int practice_home(char *buf, size_t size, Error *err)
{
    const char *xdg = getenv("XDG_DATA_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && *xdg)
        n = snprintf(buf, size, "%s/mllab/practice", xdg);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.local/share/mllab/practice", home);
    else
        return error_set(err, ERR_IO, "neither XDG_DATA_HOME nor HOME is set");
    if (n < 0 || (size_t)n >= size)
        return error_set(err, ERR_IO, "path too long");
    return 0;
}

int practice_workspace_file(const PracticeExercise *ex, PracticeLang lang, char *buf,
                            size_t size, Error *err)
{
    char home[PATH_MAX];
    if (practice_home(home, sizeof home, err) != 0)
        return -1;
    int n = snprintf(buf, size, "%s/%s/solution.%s", home, ex->name, practice_lang_ext(lang));
    return n < 0 || (size_t)n >= size ? error_set(err, ERR_IO, "path too long") : 0;
}

/* Write text to path atomically: temp file, fsync, rename. */
static int write_atomic(const char *path, const char *text, size_t len, Error *err)
{
    char tmp[PATH_MAX + 16];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return error_set(err, ERR_IO, "%s: %s", tmp, strerror(errno));
    bool ok = true;
    for (size_t done = 0; ok && done < len;) {
        ssize_t n = write(fd, text + done, len - done);
        ok = n > 0 || (n < 0 && errno == EINTR);
        done += n > 0 ? (size_t)n : 0;
    }
    ok = ok && fchmod(fd, 0644) == 0 && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return error_set(err, ERR_IO, "%s: %s", path, strerror(e));
    }
    return 0;
}

int practice_start(const PracticeExercise *ex, PracticeLang lang, char *path, size_t size,
                   bool *created, Error *err)
{
    *created = false;
    if ((lang == PRACTICE_C && !ex->has_c) || (lang == PRACTICE_PYTHON && !ex->has_python))
        return error_set(err, ERR_USAGE, "exercise %s has no %s version", ex->name,
                         practice_lang_name(lang));
    if (practice_workspace_file(ex, lang, path, size, err) != 0)
        return -1;
    if (access(path, F_OK) == 0)
        return 0; /* never overwrite the learner's work */
    char dir[PATH_MAX], starter[32];
    snprintf(dir, sizeof dir, "%s", path);
    *strrchr(dir, '/') = '\0';
    snprintf(starter, sizeof starter, "starter.%s", practice_lang_ext(lang));
    char *text = practice_read_file(ex, starter, err);
    if (!text)
        return -1;
    int rc = make_dirs(dir, err);
    if (rc == 0)
        rc = write_atomic(path, text, strlen(text), err);
    free(text);
    *created = rc == 0;
    return rc;
}

/* ---- progress.txt ---------------------------------------------------------- */
static int progress_path(char *buf, size_t size, Error *err)
{
    char home[PATH_MAX];
    if (practice_home(home, sizeof home, err) != 0)
        return -1;
    if (snprintf(buf, size, "%s/progress.txt", home) >= (int)size)
        return error_set(err, ERR_IO, "path too long");
    return 0;
}

static void parse_entry(char *line, Entry *e)
{
    char status[16] = "new";
    memset(e, 0, sizeof *e);
    sscanf(line, "%63s status=%15s date=%15s attempts=%d best=%lf hints=%d", e->name, status,
           e->p.date, &e->p.attempts, &e->p.best_seconds, &e->p.hints);
    if (strcmp(e->p.date, "-") == 0)
        e->p.date[0] = '\0';
    e->p.status = strcmp(status, "solved") == 0      ? PRACTICE_SOLVED
                  : strcmp(status, "attempted") == 0 ? PRACTICE_ATTEMPTED
                                                     : PRACTICE_NEW;
}

/* All entries of progress.txt (none when the file does not exist). */
static int load_entries(Entry *entries, int *count, Error *err)
{
    char path[PATH_MAX];
    *count = 0;
    if (progress_path(path, sizeof path, err) != 0)
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT ? 0 : error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    char line[512];
    while (*count < MAX_ENTRIES && fgets(line, sizeof line, f))
        if (line[0] != '#' && line[0] != '\n')
            parse_entry(line, &entries[(*count)++]);
    fclose(f);
    return 0;
}

static int save_entries(const Entry *entries, int count, Error *err)
{
    char path[PATH_MAX], home[PATH_MAX];
    if (practice_home(home, sizeof home, err) != 0 || make_dirs(home, err) != 0
        || progress_path(path, sizeof path, err) != 0)
        return -1;
    size_t cap = 64 + (size_t)count * 200, len = 0;
    char *text = malloc(cap);
    if (!text)
        return error_set(err, ERR_NOMEM, "out of memory");
    len += (size_t)snprintf(text, cap, "# mllab practice progress (one line per exercise)\n");
    for (int i = 0; i < count; i++) {
        const PracticeProgress *p = &entries[i].p;
        len += (size_t)snprintf(text + len, cap - len, "%s status=%s date=%s attempts=%d best=%.6g hints=%d\n",
                                entries[i].name, practice_status_name(p->status),
                                p->date[0] ? p->date : "-", p->attempts, p->best_seconds, p->hints);
    }
    int rc = write_atomic(path, text, len, err);
    free(text);
    return rc;
}

static Entry *find_or_add(Entry *entries, int *count, const char *name)
{
    for (int i = 0; i < *count; i++)
        if (strcmp(entries[i].name, name) == 0)
            return &entries[i];
    if (*count == MAX_ENTRIES)
        return NULL;
    Entry *e = &entries[(*count)++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", name);
    return e;
}

int practice_progress_get(const char *name, PracticeProgress *out, Error *err)
{
    Entry *entries = calloc(MAX_ENTRIES, sizeof *entries);
    int count;
    memset(out, 0, sizeof *out);
    if (!entries)
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = load_entries(entries, &count, err);
    for (int i = 0; rc == 0 && i < count; i++)
        if (strcmp(entries[i].name, name) == 0)
            *out = entries[i].p;
    free(entries);
    return rc;
}

/* An exclusive lock on HOME/progress.lock so two mllab processes do not
 * lose each other's update; -1 (and no lock) when it cannot be taken. */
static int lock_progress(void)
{
    char home[PATH_MAX], path[PATH_MAX + 16];
    if (practice_home(home, sizeof home, NULL) != 0 || make_dirs(home, NULL) != 0)
        return -1;
    snprintf(path, sizeof path, "%s/progress.lock", home);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0 && flock(fd, LOCK_EX) != 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

/* Load, change one entry, save (under the lock). */
/* A check of this exercise: today's date, one more attempt, the status
 * and the best time of a passing check. */
static void apply_check(PracticeProgress *p, bool passed, double seconds)
{
    time_t now = time(NULL);
    struct tm tm;
    strftime(p->date, sizeof p->date, "%Y-%m-%d", localtime_r(&now, &tm));
    p->attempts++;
    if (!passed) {
        if (p->status == PRACTICE_NEW)
            p->status = PRACTICE_ATTEMPTED;
        return;
    }
    p->status = PRACTICE_SOLVED;
    if (p->best_seconds <= 0 || seconds < p->best_seconds)
        p->best_seconds = seconds > 0 ? seconds : 1e-9;
}

static int change(const char *name, bool check, bool passed, double seconds, int hints,
                  Error *err)
{
    Entry *entries = calloc(MAX_ENTRIES, sizeof *entries);
    int count;
    if (!entries)
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = load_entries(entries, &count, err);
    Entry *e = rc == 0 ? find_or_add(entries, &count, name) : NULL;
    if (rc == 0 && !e)
        rc = error_set(err, ERR_IO, "too many exercises in the progress file");
    if (rc == 0 && check)
        apply_check(&e->p, passed, seconds);
    else if (rc == 0 && hints > e->p.hints)
        e->p.hints = hints;
    if (rc == 0)
        rc = save_entries(entries, count, err);
    free(entries);
    return rc;
}

static int update(const char *name, bool check, bool passed, double seconds, int hints,
                  Error *err)
{
    int lock = lock_progress();
    int rc = change(name, check, passed, seconds, hints, err);
    if (lock >= 0)
        close(lock);
    return rc;
}

int practice_progress_record_check(const char *name, bool passed, double seconds, Error *err)
{
    return update(name, true, passed, seconds, 0, err);
}

int practice_progress_record_hint(const char *name, int hints_revealed, Error *err)
{
    return update(name, false, false, 0, hints_revealed, err);
}
