/* registry.h - the list of algorithms mllab offers, in display order. */
#ifndef MLLAB_REGISTRY_H
#define MLLAB_REGISTRY_H

#include "algo.h"

/* All algorithms; *count receives their number. */
const Algo *const *algo_registry(int *count);
/* The algorithm with this CLI name, or NULL. */
const Algo *algo_find(const char *name);

#endif
