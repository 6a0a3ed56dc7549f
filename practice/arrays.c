/* arrays.c - named arrays and the text framing that carries them between
 * the grader and the sandboxed harness (format in runtime/mllab_practice.h). */
#include "practice_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

PArray *parrays_add(PArrays *set, const char *name, Error *err)
{
    PArray *grown = realloc(set->a, (size_t)(set->n + 1) * sizeof *grown);
    if (!grown) {
        error_set(err, ERR_NOMEM, "out of memory");
        return NULL;
    }
    set->a = grown;
    PArray *a = &set->a[set->n++];
    memset(a, 0, sizeof *a);
    snprintf(a->name, sizeof a->name, "%s", name);
    a->n = 1;
    return a;
}

PArray *parrays_find(const PArrays *set, const char *name)
{
    for (int i = 0; i < set->n; i++)
        if (strcmp(set->a[i].name, name) == 0)
            return &set->a[i];
    return NULL;
}

void parrays_free(PArrays *set)
{
    for (int i = 0; i < set->n; i++)
        free(set->a[i].v);
    free(set->a);
    set->a = NULL;
    set->n = 0;
}

int parray_alloc(PArray *a, Error *err)
{
    a->n = 1;
    for (int d = 0; d < a->ndim; d++)
        a->n *= a->dims[d];
    free(a->v);
    a->v = calloc((size_t)(a->n > 0 ? a->n : 1), sizeof *a->v);
    return a->v ? 0 : error_set(err, ERR_NOMEM, "out of memory for array '%s'", a->name);
}

void parray_shape_text(const PArray *a, char *buf, size_t size)
{
    if (a->ndim == 0) {
        snprintf(buf, size, "scalar");
        return;
    }
    size_t used = 0;
    buf[0] = '\0';
    for (int d = 0; d < a->ndim && used < size; d++)
        used += (size_t)snprintf(buf + used, size - used, "%s%d", d ? "x" : "", a->dims[d]);
}

/* One array after its name: TYPE NDIM DIMS... VALUES... */
static int read_one(FILE *f, PArray *a, const char *path, Error *err)
{
    char type[8];
    if (fscanf(f, "%7s %d", type, &a->ndim) != 2 || a->ndim < 0 || a->ndim > PARRAY_MAX_DIMS)
        return error_set(err, ERR_DATA, "%s: bad header of '%s'", path, a->name);
    a->is_int = strcmp(type, "int") == 0;
    for (int d = 0; d < a->ndim; d++)
        if (fscanf(f, "%d", &a->dims[d]) != 1 || a->dims[d] < 0)
            return error_set(err, ERR_DATA, "%s: bad shape of '%s'", path, a->name);
    if (parray_alloc(a, err) != 0)
        return -1;
    for (long i = 0; i < a->n; i++)
        if (fscanf(f, "%lf", &a->v[i]) != 1)
            return error_set(err, ERR_DATA, "%s: '%s' has fewer values than its shape", path,
                             a->name);
    return 0;
}

int parrays_read(const char *path, PArrays *set, bool *complete, Error *err)
{
    *complete = false;
    FILE *f = fopen(path, "r");
    if (!f)
        return 0; /* no outputs at all: *complete stays false */
    char word[64];
    int rc = 0;
    if (fscanf(f, "%63s %*d", word) != 1 || strcmp(word, "mllab-arrays") != 0) {
        fclose(f);
        return 0;
    }
    while (rc == 0 && fscanf(f, "%63s", word) == 1) {
        if (strcmp(word, "end") == 0) {
            *complete = true;
            break;
        }
        PArray *a = parrays_add(set, word, err);
        rc = a ? read_one(f, a, path, err) : -1;
    }
    fclose(f);
    return rc;
}

static void write_one(FILE *f, const PArray *a)
{
    fprintf(f, "%s %s %d", a->name, a->is_int ? "int" : "f64", a->ndim);
    for (int d = 0; d < a->ndim; d++)
        fprintf(f, " %d", a->dims[d]);
    fputc('\n', f);
    for (long i = 0; i < a->n; i++)
        fprintf(f, a->is_int ? "%s%.0f" : "%s%.17g", i ? " " : "", a->v[i]);
    fputc('\n', f);
}

int parrays_write(const char *path, const PArrays *set, Error *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    fprintf(f, "mllab-arrays 1\n");
    for (int i = 0; i < set->n; i++)
        write_one(f, &set->a[i]);
    fprintf(f, "end\n");
    if (fclose(f) != 0)
        return error_set(err, ERR_IO, "%s: %s", path, strerror(errno));
    return 0;
}
