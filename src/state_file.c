/* state_file.c - the lab's memory between runs: KEY=VALUE lines
 * (state_file.h). */
#include "state_file.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "atomic_file.h"

void state_init(StateFile *s)
{
    memset(s, 0, sizeof *s);
}

void state_free(StateFile *s)
{
    for (int i = 0; i < s->n; i++) {
        free(s->entries[i].key);
        free(s->entries[i].value);
    }
    free(s->entries);
    state_init(s);
}

static int find(const StateFile *s, const char *key)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return i;
    return -1;
}

const char *state_get(const StateFile *s, const char *key)
{
    int i = find(s, key);
    return i < 0 ? NULL : s->entries[i].value;
}

static bool key_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
}

static bool valid_key(const char *key, size_t len)
{
    if (len == 0 || len > 200)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!key_char(key[i]))
            return false;
    return true;
}

static void remove_at(StateFile *s, int i)
{
    free(s->entries[i].key);
    free(s->entries[i].value);
    memmove(&s->entries[i], &s->entries[i + 1], (size_t)(s->n - i - 1) * sizeof *s->entries);
    s->n--;
}

/* Room for one more entry. */
static int grow(StateFile *s, Error *err)
{
    if (s->n >= STATE_MAX_ENTRIES)
        return error_set(err, ERR_USAGE, "more than %d entries", STATE_MAX_ENTRIES);
    if (s->n < s->cap)
        return 0;
    int cap = s->cap ? s->cap * 2 : 16;
    StateEntry *e = realloc(s->entries, (size_t)cap * sizeof *e);
    if (!e)
        return error_set(err, ERR_NOMEM, "out of memory");
    s->entries = e;
    s->cap = cap;
    return 0;
}

int state_set(StateFile *s, const char *key, const char *value, Error *err)
{
    if (!valid_key(key, strlen(key)))
        return error_set(err, ERR_USAGE, "'%s' is not a state key (letters, digits, . _ -)", key);
    int i = find(s, key);
    if (!value) {
        if (i >= 0)
            remove_at(s, i);
        return 0;
    }
    char *v = strdup(value);
    if (!v)
        return error_set(err, ERR_NOMEM, "out of memory");
    if (i >= 0) {
        free(s->entries[i].value);
        s->entries[i].value = v;
        return 0;
    }
    char *k = strdup(key);
    if (!k || grow(s, err) < 0) {
        free(k);
        free(v);
        return k ? -1 : error_set(err, ERR_NOMEM, "out of memory");
    }
    s->entries[s->n++] = (StateEntry){ k, v };
    return 0;
}

void state_remove_prefix(StateFile *s, const char *prefix)
{
    size_t n = strlen(prefix);
    for (int i = s->n - 1; i >= 0; i--)
        if (strncmp(s->entries[i].key, prefix, n) == 0)
            remove_at(s, i);
}

/* ---- the text ------------------------------------------------------------------- */

static void put_value(StrBuf *out, const char *v)
{
    for (; *v; v++)
        switch (*v) {
        case '\\': sb_append(out, "\\\\"); break;
        case '\n': sb_append(out, "\\n"); break;
        case '\r': sb_append(out, "\\r"); break;
        default: sb_append_n(out, v, 1); break;
        }
}

void state_format(const StateFile *s, StrBuf *out)
{
    sb_append(out, STATE_HEADER "\n");
    for (int i = 0; i < s->n; i++) {
        sb_append(out, s->entries[i].key);
        sb_append(out, "=");
        put_value(out, s->entries[i].value);
        sb_append(out, "\n");
    }
}

/* The value of a line (len bytes from v) with its escapes undone, into a
 * malloc'd string; NULL with err for a bad escape or no memory. */
static char *unescape(const char *v, size_t len, Error *err)
{
    char *out = malloc(len + 1);
    if (!out) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = v[i];
        if (ch == '\\') {
            char next = i + 1 < len ? v[++i] : '\0';
            ch = next == '\\' ? '\\' : next == 'n' ? '\n' : next == 'r' ? '\r' : '\0';
            if (!ch) {
                free(out);
                error_set(err, ERR_DATA, "a backslash must be followed by \\, n or r");
                return NULL;
            }
        }
        out[j++] = ch;
    }
    out[j] = '\0';
    return out;
}

/* One KEY=VALUE line (len bytes, no line break). */
static int parse_entry(StateFile *s, const char *line, size_t len, Error *err)
{
    const char *eq = memchr(line, '=', len);
    if (!eq)
        return error_set(err, ERR_DATA, "expected KEY=VALUE");
    size_t klen = (size_t)(eq - line);
    if (!valid_key(line, klen))
        return error_set(err, ERR_DATA, "a key is made of letters, digits and . _ -");
    char key[256];
    snprintf(key, sizeof key, "%.*s", (int)klen, line);
    char *value = unescape(eq + 1, len - klen - 1, err);
    if (!value)
        return -1;
    int rc = state_set(s, key, value, err);
    free(value);
    return rc;
}

static int parse_line(StateFile *s, const char *line, size_t len, int lineno, Error *err)
{
    if (len && line[len - 1] == '\r')
        len--;
    if (lineno == 1)
        return len == strlen(STATE_HEADER) && memcmp(line, STATE_HEADER, len) == 0
                   ? 0
                   : error_set(err, ERR_DATA, "not an mllab state file (the first line is not "
                                              "\"" STATE_HEADER "\")");
    if (len == 0 || line[0] == '#')
        return 0;
    return parse_entry(s, line, len, err);
}

int state_parse(StateFile *s, const char *text, size_t len, Error *err)
{
    state_free(s);
    if (len > STATE_MAX_BYTES)
        return error_set(err, ERR_DATA, "larger than %d bytes", STATE_MAX_BYTES);
    if (memchr(text, '\0', len))
        return error_set(err, ERR_DATA, "a NUL byte: not a text file");
    int lineno = 0;
    for (size_t at = 0; at < len || lineno == 0;) {
        const char *nl = memchr(text + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (parse_line(s, text + at, end - at, ++lineno, err) < 0) {
            state_free(s);
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err ? err->msg : "");
            return error_set(err, ERR_DATA, "line %d: %s", lineno, why);
        }
        at = end + 1;
    }
    return 0;
}

/* ---- the file --------------------------------------------------------------------- */

int state_path(char *buf, size_t size, Error *err)
{
    const char *xdg = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/')
        n = snprintf(buf, size, "%s/mllab/state", xdg);
    else if (home && home[0])
        n = snprintf(buf, size, "%s/.local/state/mllab/state", home);
    else
        return error_set(err, ERR_IO, "neither XDG_STATE_HOME nor HOME is set");
    return n < (int)size ? 0 : error_set(err, ERR_IO, "the state file's path is too long");
}

/* Read the whole file (at most STATE_MAX_BYTES + 1 bytes) into sb. */
static int read_all(FILE *f, StrBuf *sb)
{
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        sb_append_n(sb, chunk, n);
        if (sb->len > STATE_MAX_BYTES)
            break;
    }
    return ferror(f) || sb->failed ? -1 : 0;
}

int state_load(StateFile *s, const char *path, Error *err)
{
    state_free(s);
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        return error_set(err, ERR_IO, "%s: cannot read: %s", path, strerror(errno));
    }
    StrBuf sb = STRBUF_INIT;
    int rc = read_all(f, &sb);
    int saved = errno;
    fclose(f);
    if (rc < 0) {
        sb_free(&sb);
        return error_set(err, ERR_IO, "%s: cannot read: %s", path, strerror(saved));
    }
    rc = state_parse(s, sb.s ? sb.s : "", sb.len, err);
    sb_free(&sb);
    return rc < 0 ? error_prefix(err, path) : 0;
}

/* mkdir -p of the folders of path (0700: the state is the user's own). */
static int make_parents(const char *path, Error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return error_set(err, ERR_IO, "%s: cannot make the folder: %s", buf, strerror(errno));
        *p = '/';
    }
    return 0;
}

int state_save(const StateFile *s, const char *path, Error *err)
{
    if (make_parents(path, err) < 0)
        return -1;
    StrBuf sb = STRBUF_INIT;
    state_format(s, &sb);
    AtomicFile af;
    int rc = sb.failed ? error_set(err, ERR_NOMEM, "out of memory") : atomic_file_open(&af, path, err);
    if (rc == 0 && fwrite(sb.s, 1, sb.len, af.f) != sb.len) {
        int saved = errno;
        atomic_file_abort(&af);
        rc = error_set(err, ERR_IO, "%s: write failed: %s", path, strerror(saved));
    } else if (rc == 0) {
        rc = atomic_file_commit(&af, err);
    }
    sb_free(&sb);
    return rc;
}
