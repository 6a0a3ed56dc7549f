/* bank.c - the exercise bank: finding exercises/NAME/ folders, reading
 * their exercise.txt (key = value lines), their text files and hints. */
#include "practice.h"

#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"

const char *practice_bank_dir(void)
{
    return path_exercises_dir();
}

const char *practice_lang_name(PracticeLang lang)
{
    return lang == PRACTICE_PYTHON ? "python" : "c";
}

const char *practice_lang_ext(PracticeLang lang)
{
    return lang == PRACTICE_PYTHON ? "py" : "c";
}

int practice_lang_parse(const char *s, PracticeLang *lang, Error *err)
{
    if (strcmp(s, "c") == 0 || strcmp(s, "C") == 0)
        *lang = PRACTICE_C;
    else if (strcmp(s, "python") == 0 || strcmp(s, "py") == 0)
        *lang = PRACTICE_PYTHON;
    else
        return error_set(err, ERR_USAGE, "unknown language '%s' (c or python)", s);
    return 0;
}

/* Is word one of the words of list (separated by spaces or commas)? */
static bool has_word(const char *list, const char *word)
{
    char words[128];
    char *save = NULL;
    snprintf(words, sizeof words, "%s", list);
    for (char *w = strtok_r(words, " ,", &save); w; w = strtok_r(NULL, " ,", &save))
        if (strcmp(w, word) == 0)
            return true;
    return false;
}

bool practice_exercise_for_algorithm(const PracticeExercise *ex, const char *algo)
{
    size_t len = strlen(algo);
    if (len == 0)
        return false;
    if (ex->algorithms[0])
        return has_word(ex->algorithms, algo);
    return strncmp(ex->name, algo, len) == 0 && (ex->name[len] == '\0' || ex->name[len] == '_');
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
        *--e = '\0';
    return s;
}

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

/* languages = c python */
static void set_languages(PracticeExercise *ex, const char *val)
{
    char words[128];
    char *save = NULL;
    copy(words, sizeof words, val);
    for (char *w = strtok_r(words, " ,", &save); w; w = strtok_r(NULL, " ,", &save)) {
        ex->has_c |= strcmp(w, "c") == 0;
        ex->has_python |= strcmp(w, "python") == 0;
    }
}

/* The text keys of exercise.txt and where they go. */
static const struct TextKey {
    const char *key;
    size_t offset, size;
} TEXT_KEYS[] = {
#define TEXT_KEY(name) { #name, offsetof(PracticeExercise, name), sizeof(((PracticeExercise *)0)->name) }
    TEXT_KEY(title), TEXT_KEY(topic), TEXT_KEY(difficulty), TEXT_KEY(signature_c),
    TEXT_KEY(signature_py), TEXT_KEY(step_algo), TEXT_KEY(step_c), TEXT_KEY(step_py),
    { "algorithm", offsetof(PracticeExercise, algorithms), sizeof(((PracticeExercise *)0)->algorithms) },
#undef TEXT_KEY
};

/* One key = value; unknown keys are errors so typos do not pass silently. */
static int set_key(PracticeExercise *ex, const char *key, const char *val, Error *err)
{
    for (size_t i = 0; i < sizeof TEXT_KEYS / sizeof TEXT_KEYS[0]; i++)
        if (strcmp(key, TEXT_KEYS[i].key) == 0) {
            copy((char *)ex + TEXT_KEYS[i].offset, TEXT_KEYS[i].size, val);
            return 0;
        }
    if (strcmp(key, "languages") == 0)
        set_languages(ex, val);
    else if (strcmp(key, "kind") == 0)
        ex->kind = strcmp(val, "statistical") == 0 ? PRACTICE_STATISTICAL : PRACTICE_DETERMINISTIC;
    else if (strcmp(key, "time_limit") == 0)
        ex->time_limit = strtod(val, NULL);
    else if (strcmp(key, "memory_mb") == 0)
        ex->memory_mb = strtol(val, NULL, 10);
    else if (strcmp(key, "tolerance") == 0) {
        if (sscanf(val, "%lf %lf", &ex->tol_abs, &ex->tol_rel) < 1)
            return error_set(err, ERR_DATA, "tolerance: expected ABS [REL]");
    } else
        return error_set(err, ERR_DATA, "unknown key '%s'", key);
    return 0;
}

static int parse_exercise(FILE *f, PracticeExercise *ex, const char *path, Error *err)
{
    char line[1024];
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        char *s = trim(line);
        if (*s == '\0' || *s == '#')
            continue;
        char *eq = strchr(s, '=');
        if (!eq)
            return error_set(err, ERR_DATA, "%s:%d: expected key = value", path, lineno);
        *eq = '\0';
        Error e = { 0 };
        if (set_key(ex, trim(s), trim(eq + 1), &e) != 0)
            return error_set(err, ERR_DATA, "%s:%d: %s", path, lineno, e.msg);
    }
    return 0;
}

static int load_exercise(const char *dir, const char *name, PracticeExercise *ex, Error *err)
{
    memset(ex, 0, sizeof *ex);
    copy(ex->name, sizeof ex->name, name);
    ex->time_limit = 2.0;
    ex->memory_mb = 256;
    ex->tol_abs = 1e-9;
    ex->tol_rel = 1e-6;
    if (snprintf(ex->dir, sizeof ex->dir, "%s/%s", dir, name) >= (int)sizeof ex->dir)
        return error_set(err, ERR_IO, "path too long");
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/exercise.txt", ex->dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    int rc = parse_exercise(f, ex, path, err);
    fclose(f);
    if (rc == 0 && !ex->title[0])
        copy(ex->title, sizeof ex->title, name);
    return rc;
}

static bool valid_name(const char *name)
{
    if (!*name || strlen(name) >= 64)
        return false;
    for (const char *c = name; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
            return false;
    return true;
}

int practice_bank_find(const char *name, PracticeExercise *out, Error *err)
{
    const char *dir = practice_bank_dir();
    char path[PATH_MAX];
    struct stat st;
    if (!valid_name(name) || snprintf(path, sizeof path, "%s/%s/exercise.txt", dir, name)
                                 >= (int)sizeof path
        || stat(path, &st) != 0)
        return error_set(err, ERR_USAGE, "unknown exercise '%s' (see mllab practice list)", name);
    return load_exercise(dir, name, out, err);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const PracticeExercise *)a)->name, ((const PracticeExercise *)b)->name);
}

int practice_bank_list(PracticeExercise **out, int *count, Error *err)
{
    const char *dir = practice_bank_dir();
    *out = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d)
        return error_set(err, ERR_IO, "%s: %s (set MLLAB_EXERCISES_DIR)", dir, strerror(errno));
    int rc = 0;
    for (struct dirent *e = readdir(d); e && rc == 0; e = readdir(d)) {
        PracticeExercise ex;
        if (e->d_name[0] == '.' || !valid_name(e->d_name)
            || practice_bank_find(e->d_name, &ex, NULL) != 0)
            continue;
        PracticeExercise *grown = realloc(*out, (size_t)(*count + 1) * sizeof *grown);
        if (!grown)
            rc = error_set(err, ERR_NOMEM, "out of memory");
        else {
            *out = grown;
            grown[(*count)++] = ex;
        }
    }
    closedir(d);
    if (*count > 1)
        qsort(*out, (size_t)*count, sizeof **out, by_name);
    return rc;
}

char *practice_read_file(const PracticeExercise *ex, const char *file, Error *err)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/%s", ex->dir, file);
    FILE *f = fopen(path, "rb");
    if (!f) {
        error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    char chunk[4096];
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            char *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                fclose(f);
                error_set(err, ERR_NOMEM, "out of memory");
                return NULL;
            }
            buf = grown;
        }
        memcpy(buf + len, chunk, n);
        len += n;
    }
    fclose(f);
    if (!buf)
        buf = calloc(1, 1);
    else
        buf[len] = '\0';
    return buf;
}

void practice_strings_free(char **v, int count)
{
    for (int i = 0; i < count; i++)
        free(v[i]);
    free(v);
}

/* hints.md: each hint starts with a line "## Hint ..."; text before the
 * first one is ignored. */
int practice_hints(const PracticeExercise *ex, char ***hints, int *count, Error *err)
{
    *hints = NULL;
    *count = 0;
    char *text = practice_read_file(ex, "hints.md", err);
    if (!text)
        return -1;
    char *p = strstr(text, "## Hint");
    while (p) {
        char *next = strstr(p + 1, "\n## Hint");
        size_t len = next ? (size_t)(next + 1 - p) : strlen(p);
        char **grown = realloc(*hints, (size_t)(*count + 1) * sizeof *grown);
        char *h = grown ? strndup(p, len) : NULL;
        if (grown)
            *hints = grown;
        if (!h) {
            practice_strings_free(*hints, *count);
            free(text);
            *hints = NULL;
            *count = 0;
            return error_set(err, ERR_NOMEM, "out of memory");
        }
        grown[(*count)++] = h;
        p = next ? next + 1 : NULL;
    }
    free(text);
    return 0;
}
