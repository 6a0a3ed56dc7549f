/* dataset_registry.c - the named datasets and dataset_load, which turns a
 * name or a path into a Dataset.
 *
 * Bundled files live in path_data_dir() (datasets/ in the source tree):
 * NAME.csv for the small sets, mnist/ for MNIST.  Fashion-MNIST comes from
 * Debian's dataset-fashion-mnist package (the folder can be moved with
 * $MLLAB_FASHION_MNIST_DIR).  The generated sets come from synth.c. */
#include "dataset.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "paths.h"
#include "synth.h"
#include "text_data.h"

#define FASHION_MNIST_DIR "/usr/share/datasets/fashion-mnist"

static const DatasetInfo registry[] = {
    { "breast_cancer", "Breast cancer Wisconsin (diagnostic)", DS_CLASSIFICATION, false, false,
      "569 x 30, 2 classes" },
    { "iris", "Iris flowers", DS_CLASSIFICATION, false, false, "150 x 4, 3 classes" },
    { "wine", "Wine cultivars", DS_CLASSIFICATION, false, false, "178 x 13, 3 classes" },
    { "digits", "Handwritten digits 8x8 (optdigits)", DS_CLASSIFICATION, false, true,
      "1797 x 64 (8x8), 10 classes" },
    { "diabetes", "Diabetes progression", DS_REGRESSION, false, false,
      "442 x 10, numeric target" },
    { "mnist", "MNIST handwritten digits", DS_CLASSIFICATION, false, true,
      "70000 x 784 (28x28), 10 classes, 60000/10000 split" },
    { "fashion_mnist", "Fashion-MNIST clothing images", DS_CLASSIFICATION, false, true,
      "70000 x 784 (28x28), 10 classes, 60000/10000 split" },
    { "fortunes", "Fortunes: short texts in 13 categories (Debian's fortunes)", DS_CLASSIFICATION,
      false, false, "5545 texts, 13 classes, tf-idf of 2000 terms" },
    { "blobs", "Three Gaussian blobs", DS_CLASSIFICATION, true, false, "300 x 2, 3 classes" },
    { "moons", "Two interleaved moons", DS_CLASSIFICATION, true, false, "200 x 2, 2 classes" },
    { "circles", "Two concentric circles", DS_CLASSIFICATION, true, false,
      "200 x 2, 2 classes" },
    { "xor", "XOR quadrants", DS_CLASSIFICATION, true, false, "200 x 2, 2 classes" },
    { "spiral", "Two-arm spiral", DS_CLASSIFICATION, true, false, "200 x 2, 2 classes" },
    { "quadratic", "Noisy quadratic (over/underfitting demo)", DS_REGRESSION, true, false,
      "30 x 1, numeric target" },
};

static const char *const fashion_classes[10] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot",
};

const DatasetInfo *dataset_registry(int *count)
{
    if (count)
        *count = (int)(sizeof registry / sizeof registry[0]);
    return registry;
}

const DatasetInfo *dataset_info(const char *name)
{
    if (!name)
        return NULL;
    for (size_t i = 0; i < sizeof registry / sizeof registry[0]; i++)
        if (strcmp(registry[i].name, name) == 0)
            return &registry[i];
    return NULL;
}

int dataset_card_path(const char *name, char *buf, size_t size)
{
    if (!dataset_info(name))
        return -1;
    char file[64];
    snprintf(file, sizeof file, "%s.md", name);
    return path_join(buf, size, path_data_dir(), file) ? 0 : -1;
}

/* A bundled CSV: datasets/NAME.csv, named NAME. */
/* A set loaded from a file is named after the file; give it its registry
 * name instead (freeing ds on failure, like the loaders). */
static int take_registry_name(Dataset *ds, const char *name, Error *err)
{
    char *n = strdup(name);
    if (!n) {
        dataset_free(ds);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    free(ds->name);
    ds->name = n;
    return 0;
}

static int load_bundled_csv(Dataset *ds, const char *name, const char *target_column, Error *err)
{
    char file[64], path[PATH_MAX];
    snprintf(file, sizeof file, "%s.csv", name);
    if (!path_join(path, sizeof path, path_data_dir(), file))
        return error_set(err, ERR_IO, "the data folder path is too long");
    if (dataset_load_csv(ds, path, target_column, true, err) < 0)
        return -1;
    return take_registry_name(ds, name, err);
}

static int load_digits(Dataset *ds, const char *target_column, Error *err)
{
    if (load_bundled_csv(ds, "digits", target_column, err) < 0)
        return -1;
    /* Pixels are 0..16 in the file; the lab keeps every image set in [0, 1]. */
    size_t n = mat_size(&ds->X);
    for (size_t i = 0; i < n; i++)
        ds->X.data[i] /= 16.0f;
    if (ds->X.cols == 64) {
        ds->image_w = 8;
        ds->image_h = 8;
    }
    return 0;
}

/* MNIST-like: four IDX files in dir, the standard split. */
static int load_idx_set(Dataset *ds, const char *name, const char *dir, const CsvOptions *csv,
                        Error *err)
{
    static const char *const files[4] = {
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    };
    char path[4][PATH_MAX];
    for (int i = 0; i < 4; i++)
        if (!path_join(path[i], sizeof path[i], dir, files[i]))
            return error_set(err, ERR_IO, "%s: path too long", dir);
    if (dataset_load_idx_split_opts(ds, path[0], path[1], path[2], path[3],
                                    csv ? &csv->progress : NULL, csv && csv->image_bytes,
                                    err) < 0)
        return -1;
    /* ten classes: a label above 9 is a damaged file, named with the item */
    for (int i = 0; i < ds->X.rows; i++)
        if (ds->y[i] > 9) {
            bool train = ds->split_at <= 0 || i < ds->split_at;
            int item = train ? i : i - ds->split_at, label = ds->y[i];
            dataset_free(ds);
            return error_set(err, ERR_DATA, "%s: item %d has label %d; %s has the classes 0 to 9",
                             path[train ? 1 : 3], item + 1, label, name);
        }
    return take_registry_name(ds, name, err);
}

static int load_mnist(Dataset *ds, const CsvOptions *csv, Error *err)
{
    char dir[PATH_MAX];
    if (!path_join(dir, sizeof dir, path_data_dir(), "mnist"))
        return error_set(err, ERR_IO, "the data folder path is too long");
    return load_idx_set(ds, "mnist", dir, csv, err);
}

static int load_fashion_mnist(Dataset *ds, const CsvOptions *csv, Error *err)
{
    const char *dir = getenv("MLLAB_FASHION_MNIST_DIR");
    if (!dir || !*dir)
        dir = FASHION_MNIST_DIR;
    char probe[PATH_MAX];
    if (!path_join(probe, sizeof probe, dir, "train-images-idx3-ubyte.gz"))
        return error_set(err, ERR_IO, "%s: path too long", dir);
    if (access(probe, R_OK) != 0)
        return error_set(err, ERR_IO,
                         "fashion_mnist is not installed (%s: %s); install Debian's package "
                         "with: apt-get install dataset-fashion-mnist",
                         probe, strerror(errno));
    if (load_idx_set(ds, "fashion_mnist", dir, csv, err) < 0)
        return -1;
    /* Replace the digit names by the clothing names. */
    for (int k = 0; k < ds->n_classes; k++)
        free(ds->class_names[k]);
    free(ds->class_names);
    ds->n_classes = 0;
    ds->class_names = calloc(10, sizeof(char *));
    if (!ds->class_names) {
        dataset_free(ds);
        return error_set(err, ERR_NOMEM, "out of memory");
    }
    ds->n_classes = 10;
    for (int k = 0; k < 10; k++)
        if (!(ds->class_names[k] = strdup(fashion_classes[k]))) {
            dataset_free(ds);
            return error_set(err, ERR_NOMEM, "out of memory");
        }
    return 0;
}

/* Does this look like a path rather than a name from the registry? */
static bool looks_like_path(const char *s)
{
    size_t n = strlen(s);
    if (strchr(s, '/'))
        return true;
    if (n >= 4 && strcasecmp(s + n - 4, ".csv") == 0)
        return true;
    struct stat st;
    return stat(s, &st) == 0;
}

/* A set whose target is fixed (generated, IDX, a corpus) takes no other
 * --target than its own: ERR_USAGE rather than a silently ignored option.
 * rc is the loader's; ds is freed on refusal. */
static int fixed_target(int rc, Dataset *ds, const char *target_column, Error *err)
{
    if (rc < 0 || !target_column)
        return rc;
    const char *own = ds->target_name ? ds->target_name : "";
    if (strcmp(target_column, own) == 0)
        return 0;
    error_set(err, ERR_USAGE, "--target %s: the %s set has a fixed target%s%s%s (--target picks "
                              "a column of a CSV file)",
              target_column, ds->name ? ds->name : "named", *own ? " ('" : "", own,
              *own ? "')" : "");
    dataset_free(ds);
    return -1;
}

int dataset_load(Dataset *ds, const char *name_or_path, const char *target_column, Rng *rng,
                 Error *err)
{
    return dataset_load_opts(ds, name_or_path, target_column, NULL, rng, err);
}

int dataset_load_opts(Dataset *ds, const char *name_or_path, const char *target_column,
                      CsvOptions *csv, Rng *rng, Error *err)
{
    memset(ds, 0, sizeof *ds);
    if (!name_or_path || !*name_or_path)
        return error_set(err, ERR_USAGE, "no dataset given (see mllab datasets)");
    const char *name = name_or_path;
    const DatasetInfo *info = dataset_info(name);
    if (info) {
        if (info->generated)
            return fixed_target(synth_make(ds, name, 0, rng, err), ds, target_column, err);
        if (strcmp(name, "mnist") == 0)
            return fixed_target(load_mnist(ds, csv, err), ds, target_column, err);
        if (strcmp(name, "fashion_mnist") == 0)
            return fixed_target(load_fashion_mnist(ds, csv, err), ds, target_column, err);
        if (strcmp(name, "digits") == 0)
            return load_digits(ds, target_column, err);
        if (strcmp(name, "fortunes") == 0) /* all documents; runs fit on train only */
            return fixed_target(text_dataset_load(ds, name, NULL, 0, err), ds, target_column,
                                err);
        return load_bundled_csv(ds, name, target_column, err);
    }
    if (looks_like_path(name) && text_dataset_is(name)) /* a CSV with a `text` column */
        return text_dataset_load(ds, name, target_column, 0, err);
    if (looks_like_path(name))
        return dataset_load_csv_opts(ds, name, target_column, true, csv, err);
    return error_set(err, ERR_USAGE, "unknown dataset '%s' (see mllab datasets)", name);
}
