/* registry.h - the list of algorithms mllab offers, in display order, and
 * the lessons: modules that are not steppable models (softmax, the
 * language models, tf-idf, sampling, the meeting point, triangle closing),
 * each with its card, its CLI command and its screen in the lab. */
#ifndef MLLAB_REGISTRY_H
#define MLLAB_REGISTRY_H

#include "algo.h"

/* All algorithms; *count receives their number. */
const Algo *const *algo_registry(int *count);
/* The algorithm with this CLI name, or NULL. */
const Algo *algo_find(const char *name);

/* A lesson: a module with a card, a CLI command and a TUI screen, but not
 * an Algo of the registry (nothing to train on a dataset with `mllab run`). */
typedef struct Lesson {
    const char *name;    /* `mllab info NAME`, the card docs/algorithms/NAME.md */
    const char *title;
    const char *summary; /* one line */
    const char *group;   /* "building blocks", "language models", "text", ... */
    const char *usage;   /* the CLI command line that runs it */
    const char *screen;  /* the lab's screen: "softmax", "sampling", "lm", "graph",
                          * "meet", "tfidf" */
} Lesson;

/* The lesson group names in display order (after the algorithm groups). */
const char *const *lesson_groups(int *count);
/* All lessons, in display order; *count receives their number. */
const Lesson *lesson_registry(int *count);
/* The lesson with this name, or NULL. */
const Lesson *lesson_find(const char *name);

#endif
