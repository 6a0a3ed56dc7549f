/* class_weight.c - class weights: balanced and explicit (see class_weight.h). */
#include "class_weight.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool class_weight_is_balanced(const char *text)
{
    return text && strcmp(text, "balanced") == 0;
}

bool class_weight_wanted(const char *text)
{
    return text && *text && strcmp(text, "none") != 0;
}

void class_weights_balanced(const int *y, int n, int k, float *w)
{
    for (int c = 0; c < k; c++)
        w[c] = 0.0f;
    for (int i = 0; i < n; i++)
        if (y[i] >= 0 && y[i] < k)
            w[y[i]] += 1.0f;
    for (int c = 0; c < k; c++)
        w[c] = w[c] > 0.0f ? (float)((double)n / ((double)k * w[c])) : 0.0f;
}

/* The class a name or an index names, or -1. */
static int find_class(const Dataset *train, const char *name, size_t len)
{
    for (int c = 0; c < train->n_classes; c++) {
        const char *cn = train->class_names ? train->class_names[c] : NULL;
        if (cn && strlen(cn) == len && strncmp(cn, name, len) == 0)
            return c;
    }
    char *end;
    errno = 0;
    long v = strtol(name, &end, 10);
    if (end == name || (size_t)(end - name) != len || errno || v < 0 || v >= train->n_classes)
        return -1;
    return (int)v;
}

/* One "C:W" item of the explicit form into w (seen marks the classes given). */
static int parse_item(const char *item, size_t len, const Dataset *train, float *w, bool *seen,
                      Error *err)
{
    const char *colon = memchr(item, ':', len);
    if (!colon)
        return error_set(err, ERR_USAGE,
                         "class_weight: '%.*s' is not CLASS:WEIGHT (use none, balanced or e.g. "
                         "0:1,1:5)",
                         (int)len, item);
    int c = find_class(train, item, (size_t)(colon - item));
    if (c < 0)
        return error_set(err, ERR_USAGE, "class_weight: no class '%.*s' (the classes are 0..%d)",
                         (int)(colon - item), item, train->n_classes - 1);
    char num[64];
    size_t nl = len - (size_t)(colon - item) - 1;
    snprintf(num, sizeof num, "%.*s", (int)(nl < sizeof num ? nl : sizeof num - 1), colon + 1);
    char *end;
    double v = strtod(num, &end);
    if (end == num || *end || !(v >= 0) || !isfinite(v) || v > 1e6)
        return error_set(err, ERR_USAGE, "class_weight: the weight '%s' of class %d is not a "
                                         "number in [0, 1e6]", num, c);
    if (seen[c])
        return error_set(err, ERR_USAGE, "class_weight: class %d is given twice", c);
    seen[c] = true;
    w[c] = (float)v;
    return 0;
}

static int parse_explicit(const char *text, const Dataset *train, float *w, Error *err)
{
    int k = train->n_classes;
    bool *seen = calloc((size_t)(k > 0 ? k : 1), sizeof *seen);
    if (!seen)
        return error_set(err, ERR_NOMEM, "out of memory");
    int rc = 0;
    for (const char *p = text; rc == 0 && *p;) {
        size_t len = strcspn(p, ",");
        rc = parse_item(p, len, train, w, seen, err);
        p += len;
        if (*p == ',')
            p++;
    }
    free(seen);
    return rc;
}

int class_weights_from_param(const char *text, const Dataset *train, float *w, Error *err)
{
    int k = train->n_classes;
    for (int c = 0; c < k; c++)
        w[c] = 1.0f;
    if (!class_weight_wanted(text))
        return 0;
    if (class_weight_is_balanced(text)) {
        class_weights_balanced(train->y, train->X.rows, k, w);
        return 0;
    }
    return parse_explicit(text, train, w, err);
}

float *class_weights_alloc(const char *text, const Dataset *train, bool *any, Error *err)
{
    *any = class_weight_wanted(text);
    if (!*any)
        return NULL;
    int k = train->n_classes;
    float *w = malloc((size_t)(k > 0 ? k : 1) * sizeof *w);
    if (!w) {
        error_set(err, ERR_NOMEM, "out of memory for class weights");
        return NULL;
    }
    if (class_weights_from_param(text, train, w, err) < 0) {
        free(w);
        return NULL;
    }
    return w;
}
