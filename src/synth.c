/* synth.c - the generated datasets (see synth.h).
 *
 * Every set is drawn from the Rng it is given, so one seed gives the same
 * points bit for bit.  The 2-D classification sets interleave their classes
 * (row i belongs to class i mod k), so any prefix of the rows is balanced.
 *
 *   blobs     3 Gaussian clusters (std 1) centred on a circle of radius 4
 *   moons     two interleaved half circles, Gaussian noise 0.1
 *   circles   a ring of radius 1 around a ring of radius 0.5, noise 0.05
 *   xor       uniform points in [-1, 1]^2, class 1 where x1 and x2 differ in sign
 *   spiral    two arms of 1.25 turns each, noise 0.04
 *   quadratic 30 points x = linspace(-3, 3, 30), y = x^2 + 2 N(0, 1) */
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct SynthSet {
    const char *name;
    int default_n;
    int n_classes; /* 0: regression */
    void (*fill)(Dataset *ds, Rng *rng);
} SynthSet;

/* Row i of a 2-D set: its point and class. */
static void put(Dataset *ds, int i, double x1, double x2, int cls)
{
    MAT_AT(&ds->X, i, 0) = (float)x1;
    MAT_AT(&ds->X, i, 1) = (float)x2;
    ds->y[i] = cls;
}

static void fill_blobs(Dataset *ds, Rng *rng)
{
    const double radius = 4.0, spread = 1.0;
    for (int i = 0; i < ds->X.rows; i++) {
        int c = i % 3;
        double angle = M_PI / 2 + c * 2.0 * M_PI / 3;
        double cx = radius * cos(angle), cy = radius * sin(angle);
        double dx = spread * rng_normal(rng);
        double dy = spread * rng_normal(rng);
        put(ds, i, cx + dx, cy + dy, c);
    }
}

/* Position k of count points evenly spread over [0, 1] (both ends). */
static double even(int k, int count)
{
    return count > 1 ? (double)k / (double)(count - 1) : 0.5;
}

static void fill_moons(Dataset *ds, Rng *rng)
{
    const double noise = 0.1;
    int n = ds->X.rows;
    int n_outer = (n + 1) / 2, n_inner = n / 2;
    for (int i = 0; i < n; i++) {
        int c = i % 2, k = i / 2;
        double t = M_PI * even(k, c == 0 ? n_outer : n_inner);
        double x = c == 0 ? cos(t) : 1.0 - cos(t);
        double y = c == 0 ? sin(t) : 0.5 - sin(t);
        double dx = noise * rng_normal(rng);
        double dy = noise * rng_normal(rng);
        put(ds, i, x + dx, y + dy, c);
    }
}

static void fill_circles(Dataset *ds, Rng *rng)
{
    const double noise = 0.05, inner = 0.5;
    int n = ds->X.rows;
    int n_outer = (n + 1) / 2, n_inner = n / 2;
    for (int i = 0; i < n; i++) {
        int c = i % 2, k = i / 2;
        int count = c == 0 ? n_outer : n_inner;
        double t = 2.0 * M_PI * k / count; /* endpoint excluded: no doubled point */
        double r = c == 0 ? 1.0 : inner;
        double dx = noise * rng_normal(rng);
        double dy = noise * rng_normal(rng);
        put(ds, i, r * cos(t) + dx, r * sin(t) + dy, c);
    }
}

static void fill_xor(Dataset *ds, Rng *rng)
{
    /* Uniform over the square given the class: class 0 takes the quadrants
     * where x1 and x2 share a sign, class 1 the other two. */
    for (int i = 0; i < ds->X.rows; i++) {
        int c = i % 2;
        double x = rng_uniform(rng), y = rng_uniform(rng);
        bool x_negative = rng_uniform(rng) < 0.5;
        bool y_negative = c ? !x_negative : x_negative;
        put(ds, i, x_negative ? -x : x, y_negative ? -y : y, c);
    }
}

static void fill_spiral(Dataset *ds, Rng *rng)
{
    const double turns = 1.25, noise = 0.04;
    int n = ds->X.rows;
    int per_arm[2] = { (n + 1) / 2, n / 2 };
    for (int i = 0; i < n; i++) {
        int c = i % 2, k = i / 2;
        /* radius grows from 0.05 to 1 along the arm; the arms are half a
         * turn apart. */
        double r = 0.05 + 0.95 * even(k, per_arm[c]);
        double t = c * M_PI + 2.0 * M_PI * turns * r;
        double dx = noise * rng_normal(rng);
        double dy = noise * rng_normal(rng);
        put(ds, i, r * cos(t) + dx, r * sin(t) + dy, c);
    }
}

static void fill_quadratic(Dataset *ds, Rng *rng)
{
    int n = ds->X.rows;
    for (int i = 0; i < n; i++) {
        double x = -3.0 + 6.0 * even(i, n);
        double y = x * x + 2.0 * rng_normal(rng);
        MAT_AT(&ds->X, i, 0) = (float)x;
        ds->target[i] = (float)y;
    }
}

static const SynthSet sets[] = {
    { "blobs", 300, 3, fill_blobs },
    { "moons", 200, 2, fill_moons },
    { "circles", 200, 2, fill_circles },
    { "xor", 200, 2, fill_xor },
    { "spiral", 200, 2, fill_spiral },
    { "quadratic", 30, 0, fill_quadratic },
};

static const SynthSet *find(const char *name)
{
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++)
        if (strcmp(sets[i].name, name) == 0)
            return &sets[i];
    return NULL;
}

bool synth_is_name(const char *name)
{
    return name && find(name) != NULL;
}

static char **names_of(const char *const *v, int n)
{
    char **out = calloc((size_t)n, sizeof *out);
    if (!out)
        return NULL;
    for (int i = 0; i < n; i++)
        if (!(out[i] = strdup(v[i])))
            return out; /* dataset_free releases what was made */
    return out;
}

int synth_make(Dataset *ds, const char *name, int n, Rng *rng, Error *err)
{
    memset(ds, 0, sizeof *ds);
    const SynthSet *set = name ? find(name) : NULL;
    if (!set)
        return error_set(err, ERR_USAGE, "unknown generated dataset '%s'", name ? name : "");
    if (n <= 0)
        n = set->default_n;
    if (n < set->n_classes)
        return error_set(err, ERR_USAGE, "%s needs at least %d points (got %d)", name,
                         set->n_classes, n);
    bool regression = set->n_classes == 0;
    int d = regression ? 1 : 2;
    if (mat_alloc(&ds->X, n, d, err) < 0)
        return -1;
    ds->name = strdup(set->name);
    ds->has_target = true;
    bool ok = ds->name != NULL;
    if (regression) {
        static const char *const feature[] = { "x" };
        ds->feature_names = names_of(feature, 1);
        ds->target_name = strdup("y");
        ds->target = malloc((size_t)n * sizeof *ds->target);
        ok = ok && ds->feature_names && ds->feature_names[0] && ds->target_name && ds->target;
    } else {
        static const char *const features[] = { "x1", "x2" };
        static const char *const classes[] = { "0", "1", "2" };
        ds->feature_names = names_of(features, 2);
        ds->target_name = strdup("class");
        ds->y = malloc((size_t)n * sizeof *ds->y);
        ds->class_names = names_of(classes, set->n_classes);
        ds->n_classes = ds->class_names ? set->n_classes : 0;
        ok = ok && ds->feature_names && ds->feature_names[1] && ds->target_name && ds->y &&
             ds->class_names && ds->class_names[set->n_classes - 1];
    }
    if (!ok) {
        dataset_free(ds);
        return error_set(err, ERR_NOMEM, "out of memory generating %s", name);
    }
    Rng local;
    if (!rng) {
        rng_seed(&local, 42);
        rng = &local;
    }
    set->fill(ds, rng);
    return 0;
}
