/* mllab_practice.c - the harness runtime of practice mode (see
 * mllab_practice.h).  Compiled together with the learner's file and the
 * exercise's harness.c, in the sandboxed child, never inside mllab.
 *
 * Allocation failures of the learner's code are reported: the program is
 * linked with -Wl,--wrap=malloc,... so a failing malloc writes a marker line
 * on stderr that the grader turns into "memory limit". */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include "mllab_practice.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MP_MAX_ARRAYS 64
#define MP_MAX_DIMS 4

typedef struct MpArray {
    char name[64];
    int is_int;
    int ndim;
    int dims[MP_MAX_DIMS];
    long n;
    double *v;
} MpArray;

static MpArray inputs[MP_MAX_ARRAYS], outputs[MP_MAX_ARRAYS];
static int n_inputs, n_outputs;
static const char *out_path;
static double clock_total, clock_started;

/* ---- the generator (xoshiro256**, seeded by splitmix64) ------------------ */
static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void mp_rng_seed(MpRng *r, uint64_t seed)
{
    for (int i = 0; i < 4; i++) {
        uint64_t z = (seed += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        r->s[i] = z ^ (z >> 31);
    }
}

uint64_t mp_rng_u64(MpRng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint32_t mp_rng_below(MpRng *r, uint32_t n)
{
    /* Rejection of the top partial range removes the modulo bias. */
    uint32_t limit = UINT32_MAX - UINT32_MAX % n;
    uint32_t x;
    do
        x = (uint32_t)(mp_rng_u64(r) >> 32);
    while (x >= limit);
    return x % n;
}

double mp_rng_uniform(MpRng *r)
{
    return (double)(mp_rng_u64(r) >> 11) * (1.0 / 9007199254740992.0);
}

/* ---- allocation wrappers ------------------------------------------------- */
void *__real_malloc(size_t size);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t size);

static void *checked(void *p, size_t bytes)
{
    if (!p && bytes > 0) {
        char line[128];
        int len = snprintf(line, sizeof line,
                           "\n[mllab] memory limit: an allocation of %zu bytes failed\n", bytes);
        if (write(2, line, (size_t)len) < 0)
            return p;
    }
    return p;
}

void *__wrap_malloc(size_t size)
{
    return checked(__real_malloc(size), size);
}

void *__wrap_calloc(size_t n, size_t size)
{
    return checked(__real_calloc(n, size), n * size);
}

void *__wrap_realloc(void *p, size_t size)
{
    return checked(__real_realloc(p, size), size);
}

/* ---- reading ------------------------------------------------------------- */
static void die(const char *what, const char *name)
{
    fprintf(stderr, "[mllab] harness: %s%s%s\n", what, name ? ": " : "", name ? name : "");
    exit(70);
}

static void read_array(FILE *f, MpArray *a)
{
    a->n = 1;
    for (int d = 0; d < a->ndim; d++) {
        if (fscanf(f, "%d", &a->dims[d]) != 1 || a->dims[d] < 0)
            die("bad shape", a->name);
        a->n *= a->dims[d];
    }
    a->v = malloc((size_t)(a->n > 0 ? a->n : 1) * sizeof(double));
    if (!a->v)
        die("out of memory reading", a->name);
    for (long i = 0; i < a->n; i++)
        if (fscanf(f, "%lf", &a->v[i]) != 1)
            die("bad value in", a->name);
}

void mp_open(int argc, char **argv)
{
    if (argc < 3)
        die("usage: PROGRAM INPUTS OUTPUTS", NULL);
    out_path = argv[2];
    FILE *f = fopen(argv[1], "r");
    if (!f)
        die("cannot open inputs", argv[1]);
    char word[64], type[8];
    if (fscanf(f, "%63s %*d", word) != 1 || strcmp(word, "mllab-arrays") != 0)
        die("not an arrays file", argv[1]);
    while (fscanf(f, "%63s", word) == 1 && strcmp(word, "end") != 0) {
        if (n_inputs == MP_MAX_ARRAYS)
            die("too many inputs", NULL);
        MpArray *a = &inputs[n_inputs++];
        snprintf(a->name, sizeof a->name, "%s", word);
        if (fscanf(f, "%7s %d", type, &a->ndim) != 2 || a->ndim < 0 || a->ndim > MP_MAX_DIMS)
            die("bad header", word);
        a->is_int = strcmp(type, "int") == 0;
        read_array(f, a);
    }
    fclose(f);
}

static MpArray *find_input(const char *name)
{
    for (int i = 0; i < n_inputs; i++)
        if (strcmp(inputs[i].name, name) == 0)
            return &inputs[i];
    return NULL;
}

int mp_has(const char *name)
{
    return find_input(name) != NULL;
}

static MpArray *need(const char *name, long *n, int *rows, int *cols)
{
    MpArray *a = find_input(name);
    if (!a)
        die("missing input", name);
    if (n)
        *n = a->n;
    if (rows)
        *rows = a->ndim > 0 ? a->dims[0] : 1;
    if (cols)
        *cols = a->ndim > 1 ? a->dims[1] : 1;
    return a;
}

double *mp_in_f64(const char *name, long *n, int *rows, int *cols)
{
    return need(name, n, rows, cols)->v;
}

int *mp_in_int(const char *name, long *n, int *rows, int *cols)
{
    MpArray *a = need(name, n, rows, cols);
    int *v = malloc((size_t)(a->n > 0 ? a->n : 1) * sizeof(int));
    if (!v)
        die("out of memory converting", name);
    for (long i = 0; i < a->n; i++)
        v[i] = (int)a->v[i];
    return v;
}

double mp_in_scalar(const char *name)
{
    MpArray *a = need(name, NULL, NULL, NULL);
    if (a->n < 1)
        die("empty scalar", name);
    return a->v[0];
}

/* ---- outputs ------------------------------------------------------------- */
static MpArray *new_output(const char *name, int is_int, int ndim, const int *dims)
{
    if (n_outputs == MP_MAX_ARRAYS || ndim < 0 || ndim > MP_MAX_DIMS)
        die("too many outputs or dimensions", name);
    MpArray *a = &outputs[n_outputs++];
    snprintf(a->name, sizeof a->name, "%s", name);
    a->is_int = is_int;
    a->ndim = ndim;
    a->n = 1;
    for (int d = 0; d < ndim; d++) {
        a->dims[d] = dims[d];
        a->n *= dims[d];
    }
    a->v = malloc((size_t)(a->n > 0 ? a->n : 1) * sizeof(double));
    if (!a->v)
        die("out of memory for output", name);
    return a;
}

void mp_out_f64(const char *name, const double *v, int ndim, const int *dims)
{
    MpArray *a = new_output(name, 0, ndim, dims);
    memcpy(a->v, v, (size_t)a->n * sizeof(double));
}

void mp_out_int(const char *name, const int *v, int ndim, const int *dims)
{
    MpArray *a = new_output(name, 1, ndim, dims);
    for (long i = 0; i < a->n; i++)
        a->v[i] = v[i];
}

void mp_out_scalar(const char *name, double v)
{
    mp_out_f64(name, &v, 0, NULL);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void mp_clock_start(void)
{
    clock_started = now();
}

void mp_clock_stop(void)
{
    clock_total += now() - clock_started;
}

/* ---- the split of a data test -------------------------------------------- */
static void standardise(double *X, int n, int d, const int *test)
{
    for (int j = 0; j < d; j++) {
        double s = 0, s2 = 0;
        int m = 0;
        for (int i = 0; i < n; i++)
            if (!test[i]) {
                s += X[(long)i * d + j];
                m++;
            }
        double mean = m ? s / m : 0.0;
        for (int i = 0; i < n; i++)
            if (!test[i])
                s2 += (X[(long)i * d + j] - mean) * (X[(long)i * d + j] - mean);
        double sd = m && s2 > 0 ? sqrt(s2 / m) : 1.0;
        for (int i = 0; i < n; i++)
            X[(long)i * d + j] = (X[(long)i * d + j] - mean) / sd;
    }
}

/* Rows of X (and y) into the training or the test part, in order. */
static void divide(MpSplit *s, const double *X, const int *y, const int *test, int n)
{
    for (int i = 0, a = 0, b = 0; i < n; i++) {
        int r = test[i] ? b++ : a++;
        memcpy((test[i] ? s->X_test : s->X_train) + (long)r * s->d, X + (long)i * s->d,
               (size_t)s->d * sizeof *X);
        if (y)
            (test[i] ? s->y_test : s->y_train)[r] = y[i];
    }
}

MpSplit mp_split(void)
{
    MpSplit s = { 0 };
    int n;
    double *X = mp_in_f64("X", NULL, &n, &s.d);
    int *y = mp_has("y") ? mp_in_int("y", NULL, NULL, NULL) : NULL;
    int *how = mp_has("__split") ? mp_in_int("__split", NULL, NULL, NULL) : NULL;
    int *test = calloc((size_t)n + 1, sizeof *test);
    for (int i = 0; how && how[0] > 0 && i < n; i++)
        s.n_test += test[i] = i % how[0] == how[1];
    if (how && how[2])
        standardise(X, n, s.d, test);
    s.n_train = n - s.n_test;
    s.X_train = malloc(((size_t)s.n_train + 1) * s.d * sizeof *X);
    s.X_test = malloc(((size_t)s.n_test + 1) * s.d * sizeof *X);
    s.y_train = y ? malloc(((size_t)s.n_train + 1) * sizeof *y) : NULL;
    s.y_test = y ? malloc(((size_t)s.n_test + 1) * sizeof *y) : NULL;
    divide(&s, X, y, test, n);
    free(test);
    return s;
}

double mp_accuracy(const int *pred, const int *truth, int n)
{
    int right = 0;
    for (int i = 0; i < n; i++)
        right += pred[i] == truth[i];
    return n > 0 ? (double)right / n : 0.0;
}

static void write_array(FILE *f, const MpArray *a)
{
    fprintf(f, "%s %s %d", a->name, a->is_int ? "int" : "f64", a->ndim);
    for (int d = 0; d < a->ndim; d++)
        fprintf(f, " %d", a->dims[d]);
    fputc('\n', f);
    for (long i = 0; i < a->n; i++)
        fprintf(f, a->is_int ? "%s%.0f" : "%s%.17g", i ? " " : "", a->v[i]);
    fputc('\n', f);
}

int mp_finish(void)
{
    FILE *f = fopen(out_path, "w");
    if (!f)
        die("cannot write outputs", out_path);
    fprintf(f, "mllab-arrays 1\n");
    for (int i = 0; i < n_outputs; i++)
        write_array(f, &outputs[i]);
    fprintf(f, "__seconds f64 0\n%.9g\nend\n", clock_total);
    if (fclose(f) != 0)
        die("cannot write outputs", out_path);
    return 0;
}
