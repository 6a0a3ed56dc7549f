/* cases.c - the test cases of an exercise (tests.txt), see docs/practice.md:
 *
 *   case NAME example|hidden|data
 *   in NAME f64|int SHAPE = VALUES | gen KIND ARGS | dataset NAME SEED features|labels
 *   out NAME f64|int SHAPE = VALUES          (or: out NAME = reference)
 *   out NAME >=|<= VALUE | builtin [-|+|* MARGIN]   (a bound on a scalar)
 *   tol ABS REL | chi2 OUTPUT | speed | note TEXT
 *   split EVERY OFFSET [standardize] | builtin ALGO [KEY=VALUE...]
 *   end
 *
 * SHAPE is "-" (scalar), "5", "5x2", or "*" (set by a dataset).  Generators
 * draw from mllab's seeded Rng: gen range START STEP, gen uniform LO HI SEED,
 * gen normal MEAN SD SEED, gen int LO HI SEED (integers in [LO, HI)),
 * gen fill VALUE. */
#include "practice_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dataset.h"
#include "paths.h"
#include "rng.h"

typedef struct Parser {
    const char *path;
    int line;
    Error *err;
} Parser;

static int fail(const Parser *p, const char *fmt, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof msg, fmt, what);
    return error_set(p->err, ERR_DATA, "%s:%d: %s", p->path, p->line, msg);
}

static int parse_shape(const Parser *p, const char *s, PArray *a)
{
    a->ndim = 0;
    if (strcmp(s, "-") == 0 || strcmp(s, "*") == 0)
        return 0;
    while (*s) {
        char *end;
        long d = strtol(s, &end, 10);
        if (end == s || d < 0 || a->ndim == PARRAY_MAX_DIMS)
            return fail(p, "bad shape '%s'", s);
        a->dims[a->ndim++] = (int)d;
        s = *end == 'x' ? end + 1 : end;
        if (*end && *end != 'x')
            return fail(p, "bad shape '%s'", s);
    }
    return 0;
}

static int gen_values(const Parser *p, PArray *a, char **tok, int ntok)
{
    const char *kind = ntok > 0 ? tok[0] : "";
    double x[3] = { 0, 0, 0 };
    for (int i = 1; i < ntok && i < 4; i++)
        x[i - 1] = strtod(tok[i], NULL);
    Rng r;
    rng_seed(&r, (uint64_t)x[2]);
    for (long i = 0; i < a->n; i++) {
        if (strcmp(kind, "range") == 0)
            a->v[i] = x[0] + x[1] * (double)i;
        else if (strcmp(kind, "uniform") == 0)
            a->v[i] = x[0] + (x[1] - x[0]) * rng_uniform(&r);
        else if (strcmp(kind, "normal") == 0)
            a->v[i] = x[0] + x[1] * rng_normal(&r);
        else if (strcmp(kind, "int") == 0)
            a->v[i] = x[0] + rng_below(&r, (uint32_t)(x[1] - x[0]));
        else if (strcmp(kind, "fill") == 0)
            a->v[i] = x[0];
        else
            return fail(p, "unknown generator '%s'", kind);
    }
    return 0;
}

/* dataset NAME SEED features|labels: the array takes the set's shape. */
static int dataset_values(const Parser *p, PArray *a, char **tok, int ntok)
{
    if (ntok < 3)
        return fail(p, "%s", "dataset needs NAME SEED features|labels");
    Dataset ds;
    Rng r;
    rng_seed(&r, strtoull(tok[1], NULL, 10));
    if (dataset_load(&ds, tok[0], NULL, &r, p->err) != 0)
        return -1;
    bool labels = strcmp(tok[2], "labels") == 0;
    int rows = dataset_rows(&ds), cols = dataset_cols(&ds);
    if (labels && !ds.y) {
        dataset_free(&ds);
        return fail(p, "dataset '%s' has no class labels", tok[0]);
    }
    a->ndim = labels ? 1 : 2;
    a->dims[0] = rows;
    a->dims[1] = cols;
    int rc = parray_alloc(a, p->err);
    for (long i = 0; rc == 0 && i < a->n; i++)
        a->v[i] = labels ? ds.y[i] : ds.X.data[i];
    dataset_free(&ds);
    return rc;
}

/* The part after '=': literal values, a generator or a dataset. */
static int parse_values(const Parser *p, PArray *a, char **tok, int ntok)
{
    if (ntok >= 1 && strcmp(tok[0], "reference") == 0) {
        a->reference = true;
        return 0;
    }
    if (ntok >= 1 && strcmp(tok[0], "dataset") == 0)
        return dataset_values(p, a, tok + 1, ntok - 1);
    if (parray_alloc(a, p->err) != 0)
        return -1;
    if (ntok >= 1 && strcmp(tok[0], "gen") == 0)
        return gen_values(p, a, tok + 1, ntok - 1);
    if (ntok != a->n)
        return fail(p, "%s: the number of values does not match the shape", a->name);
    for (int i = 0; i < ntok; i++) {
        char *end;
        a->v[i] = strtod(tok[i], &end);
        if (end == tok[i] || *end)
            return fail(p, "bad number '%s'", tok[i]);
    }
    return 0;
}

static int parse_number(const Parser *p, const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end == s || *end ? fail(p, "bad number '%s'", s) : 0;
}

/* out NAME >=|<= VALUE   or   out NAME >=|<= builtin [-|+|* MARGIN] */
static int parse_bound(const Parser *p, PArray *a, char **tok, int ntok)
{
    a->bound = tok[0][0] == '>' ? PBOUND_AT_LEAST : PBOUND_AT_MOST;
    if (strcmp(tok[1], "builtin") != 0) {
        if (ntok != 2 || parray_alloc(a, p->err) != 0)
            return ntok != 2 ? fail(p, "%s", "a bound is one number, or builtin [-|+|* M]") : -1;
        return parse_number(p, tok[1], &a->v[0]);
    }
    a->vs_builtin = true;
    if (ntok == 2)
        return 0;
    if (ntok != 4 || strlen(tok[2]) != 1 || !strchr("-+*", tok[2][0]))
        return fail(p, "%s", "expected: builtin, builtin - M, builtin + M or builtin * F");
    a->margin_op = tok[2][0];
    return parse_number(p, tok[3], &a->margin);
}

/* in|out NAME TYPE SHAPE = ...   or   out NAME = reference | >= ... | <= ... */
static int parse_array(const Parser *p, PCase *c, bool out, char **tok, int ntok)
{
    if (ntok < 3)
        return fail(p, "%s", "an array needs NAME TYPE SHAPE = VALUES");
    PArray *a = parrays_add(out ? &c->out : &c->in, tok[0], p->err);
    if (!a)
        return -1;
    if (out && strcmp(tok[1], "=") == 0 && strcmp(tok[2], "reference") == 0) {
        a->reference = true;
        return 0;
    }
    if (out && (strcmp(tok[1], ">=") == 0 || strcmp(tok[1], "<=") == 0))
        return parse_bound(p, a, tok + 1, ntok - 1);
    if (ntok < 4 || strcmp(tok[3], "=") != 0)
        return fail(p, "%s", "an array needs NAME TYPE SHAPE = VALUES");
    if (strcmp(tok[1], "int") != 0 && strcmp(tok[1], "f64") != 0)
        return fail(p, "type '%s' is not f64 or int", tok[1]);
    a->is_int = strcmp(tok[1], "int") == 0;
    if (parse_shape(p, tok[2], a) != 0)
        return -1;
    return parse_values(p, a, tok + 4, ntok - 4);
}

/* split EVERY OFFSET [standardize]: also the input __split for the harness. */
static int parse_split(const Parser *p, PCase *c, char **tok, int ntok)
{
    if (ntok < 3 || ntok > 4 || (ntok == 4 && strcmp(tok[3], "standardize") != 0))
        return fail(p, "%s", "expected: split EVERY OFFSET [standardize]");
    c->split_every = atoi(tok[1]);
    c->split_offset = atoi(tok[2]);
    c->standardize = ntok == 4;
    if (c->split_every < 0 || c->split_offset < 0 ||
        (c->split_every > 0 && c->split_offset >= c->split_every))
        return fail(p, "%s", "split: EVERY >= 0 and 0 <= OFFSET < EVERY");
    PArray *a = parrays_add(&c->in, "__split", p->err);
    if (!a)
        return -1;
    a->is_int = true;
    a->ndim = 1;
    a->dims[0] = 3;
    if (parray_alloc(a, p->err) != 0)
        return -1;
    a->v[0] = c->split_every;
    a->v[1] = c->split_offset;
    a->v[2] = c->standardize;
    return 0;
}

/* builtin ALGO [KEY=VALUE...]: the words after ALGO are kept as one line. */
static int parse_builtin(const Parser *p, PCase *c, char **tok, int ntok)
{
    if (ntok < 2)
        return fail(p, "%s", "expected: builtin ALGO [KEY=VALUE...]");
    snprintf(c->builtin, sizeof c->builtin, "%s", tok[1]);
    size_t used = 0;
    for (int i = 2; i < ntok; i++) {
        int w = snprintf(c->builtin_params + used, sizeof c->builtin_params - used, "%s%s",
                         i > 2 ? " " : "", tok[i]);
        if (w < 0 || (size_t)w >= sizeof c->builtin_params - used)
            return fail(p, "%s", "builtin: the parameters are too long");
        used += (size_t)w;
    }
    return 0;
}

static int parse_directive(const Parser *p, PCase *c, char **tok, int ntok)
{
    const char *d = tok[0];
    if (strcmp(d, "in") == 0 || strcmp(d, "out") == 0)
        return parse_array(p, c, d[0] == 'o', tok + 1, ntok - 1);
    if (strcmp(d, "split") == 0)
        return parse_split(p, c, tok, ntok);
    if (strcmp(d, "builtin") == 0)
        return parse_builtin(p, c, tok, ntok);
    if (strcmp(d, "tol") == 0 && ntok == 3) {
        c->has_tol = true;
        c->tol_abs = strtod(tok[1], NULL);
        c->tol_rel = strtod(tok[2], NULL);
    } else if (strcmp(d, "chi2") == 0 && ntok == 2) {
        snprintf(c->chi2, sizeof c->chi2, "%s", tok[1]);
    } else if (strcmp(d, "speed") == 0) {
        c->speed = true;
    } else if (strcmp(d, "note") != 0) {
        return fail(p, "unknown line '%s'", d);
    }
    return 0;
}

/* Split line in place on blanks; returns the token count. */
static int tokenize(char *line, char **tok, int max)
{
    int n = 0;
    char *save = NULL;
    for (char *t = strtok_r(line, " \t\r\n", &save); t && n < max;
         t = strtok_r(NULL, " \t\r\n", &save))
        tok[n++] = t;
    return n;
}

static int start_case(const Parser *p, PCase **cases, int *count, char **tok, int ntok)
{
    if (ntok != 3)
        return fail(p, "%s", "expected: case NAME example|hidden|data");
    PCase *grown = realloc(*cases, (size_t)(*count + 1) * sizeof *grown);
    if (!grown)
        return error_set(p->err, ERR_NOMEM, "out of memory");
    *cases = grown;
    PCase *c = &grown[(*count)++];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", tok[1]);
    snprintf(c->visibility, sizeof c->visibility, "%s", tok[2]);
    return 0;
}

/* A bound on the built-in's figure needs a builtin line, and a built-in
 * needs the labelled set X, y (or X alone for a clusterer). */
static int check_case(const Parser *p, const PCase *c)
{
    for (int i = 0; i < c->out.n; i++)
        if (c->out.a[i].vs_builtin && !c->builtin[0])
            return fail(p, "%s: a bound on 'builtin' needs a builtin line", c->out.a[i].name);
    if (c->builtin[0] && !parrays_find(&c->in, "X"))
        return fail(p, "%s: builtin needs the input X (and y for a classifier)", c->name);
    return 0;
}

static int parse_line(Parser *p, char *line, PCase **cases, int *count, bool *open)
{
    char *tok[16384];
    char *note = line + strspn(line, " \t");
    if (*open && strncmp(note, "note ", 5) == 0) {
        note[5 + strcspn(note + 5, "\r\n")] = '\0';
        snprintf((*cases)[*count - 1].note, sizeof (*cases)[0].note, "%s", note + 5);
        return 0;
    }
    int ntok = tokenize(line, tok, (int)(sizeof tok / sizeof tok[0]));
    if (ntok == 0 || tok[0][0] == '#')
        return 0;
    if (strcmp(tok[0], "case") == 0) {
        *open = true;
        return start_case(p, cases, count, tok, ntok);
    }
    if (!*open)
        return fail(p, "'%s' outside a case", tok[0]);
    if (strcmp(tok[0], "end") == 0) {
        *open = false;
        return check_case(p, &(*cases)[*count - 1]);
    }
    return parse_directive(p, &(*cases)[*count - 1], tok, ntok);
}

int pcases_load(const PracticeExercise *ex, PCase **cases, int *count, Error *err)
{
    char path[PATH_MAX];
    *cases = NULL;
    *count = 0;
    if (!path_join(path, sizeof path, ex->dir, "tests.txt"))
        return error_set(err, ERR_IO, "path too long");
    FILE *f = fopen(path, "r");
    if (!f)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    Parser p = { path, 0, err };
    char *line = NULL;
    size_t cap = 0;
    bool open = false;
    int rc = 0;
    while (rc == 0 && getline(&line, &cap, f) > 0) {
        p.line++;
        rc = parse_line(&p, line, cases, count, &open);
    }
    free(line);
    fclose(f);
    if (rc == 0 && *count == 0)
        rc = error_set(err, ERR_DATA, "%s: no test cases", path);
    if (rc != 0) {
        pcases_free(*cases, *count);
        *cases = NULL;
        *count = 0;
    }
    return rc;
}

void pcases_free(PCase *cases, int count)
{
    for (int i = 0; i < count; i++) {
        parrays_free(&cases[i].in);
        parrays_free(&cases[i].out);
    }
    free(cases);
}

bool pcases_need_reference(const PCase *cases, int count)
{
    for (int i = 0; i < count; i++) {
        if (cases[i].speed)
            return true;
        for (int j = 0; j < cases[i].out.n; j++)
            if (cases[i].out.a[j].reference)
                return true;
    }
    return false;
}
