/* registry.c - the algorithms mllab offers, in the order the lab shows them.
 *
 * Weak references while modules land: an algorithm whose module is not
 * linked yet is simply absent from the list. */
#include "registry.h"

#include <stddef.h>
#include <string.h>

#define DECLARE(n) extern const Algo algo_##n __attribute__((weak))
DECLARE(linreg);
DECLARE(logreg);
DECLARE(perceptron);
DECLARE(svm);
DECLARE(knn);
DECLARE(naive_bayes);
DECLARE(dtree);
DECLARE(random_forest);
DECLARE(kmeans);
DECLARE(mlp);
DECLARE(cnn);
DECLARE(conv);

static const Algo *registry[16];
static int registry_count = -1;

static void fill(void)
{
    const Algo *all[] = { &algo_linreg, &algo_logreg,        &algo_perceptron, &algo_svm,
                          &algo_knn,    &algo_naive_bayes,   &algo_dtree,      &algo_random_forest,
                          &algo_kmeans, &algo_mlp,           &algo_cnn,        &algo_conv };
    int n = 0;
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        if (all[i])
            registry[n++] = all[i];
    registry_count = n;
}

const Algo *const *algo_registry(int *count)
{
    if (registry_count < 0)
        fill();
    *count = registry_count;
    return registry;
}

const Algo *algo_find(const char *name)
{
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++)
        if (strcmp(all[i]->name, name) == 0)
            return all[i];
    return NULL;
}
