/* registry.c - the algorithms mllab offers, in the order the lab shows them. */
#include "registry.h"

#include <stddef.h>
#include <string.h>

#define DECLARE(n) extern const Algo algo_##n
DECLARE(linreg);
DECLARE(logreg);
DECLARE(perceptron);
DECLARE(svm);
DECLARE(knn);
DECLARE(naive_bayes);
DECLARE(multinomial_nb);
DECLARE(dtree);
DECLARE(random_forest);
DECLARE(kmeans);
DECLARE(mlp);
DECLARE(cnn);
DECLARE(conv);

static const Algo *const registry[] = {
    &algo_linreg, &algo_logreg, &algo_perceptron, &algo_svm,    &algo_knn, &algo_naive_bayes,
    &algo_multinomial_nb,
    &algo_dtree,  &algo_random_forest, &algo_kmeans, &algo_mlp, &algo_cnn, &algo_conv,
};

const Algo *const *algo_registry(int *count)
{
    *count = (int)(sizeof registry / sizeof registry[0]);
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
