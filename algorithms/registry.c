/* registry.c - the algorithms mllab offers, in the order the lab shows them,
 * and the lessons (modules with a card, a command and a screen of their own). */
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

static const char *const lesson_group_order[] = {
    "building blocks", "language models", "text", "sampling", "graphs & geometry",
};

static const Lesson lessons[] = {
    { "softmax", "Softmax and cross-entropy",
      "logits to probabilities, temperature, the stable form, the loss gradient",
      "building blocks", "mllab softmax --logits 2,1,0.1 [--temperature T] [--target K]",
      "softmax" },
    { "bigram", "Bigram language model",
      "next-letter counts on names: sample names, negative log-likelihood",
      "language models", "mllab lm bigram [--dataset names|FILE] [-p k=1 -p batch=1000]", "lm" },
    { "rnn", "Recurrent neural network (char-level)",
      "an Elman RNN trained by backpropagation through time on names",
      "language models", "mllab lm rnn [--dataset names|FILE] [-p hidden=64 ...] [--steps N]",
      "lm" },
    { "tfidf", "tf-idf and cosine search",
      "documents as weighted word vectors: search the fortunes, top terms",
      "text", "mllab tfidf --corpus fortunes [--query TEXT | --category C]", "tfidf" },
    { "sampling", "Sampling, checked by chi-square",
      "samplers checked against their expected counts with a chi-square test",
      "sampling", "mllab sample METHOD [--trials N --batches B] [--biased]", "sampling" },
    { "meeting_point", "Meeting point (geometric median)",
      "where to meet: Weiszfeld's iteration, the Manhattan median",
      "graphs & geometry", "mllab meet --points FILE.csv [--metric manhattan|euclidean]",
      "meet" },
    { "triangle_closing", "Triangle closing (people you may know)",
      "friend recommendations from common neighbours and Adamic-Adar",
      "graphs & geometry",
      "mllab graph recommend --dataset karate_club --node N [--score adamic_adar]", "graph" },
};

const char *const *lesson_groups(int *count)
{
    *count = (int)(sizeof lesson_group_order / sizeof lesson_group_order[0]);
    return lesson_group_order;
}

const Lesson *lesson_registry(int *count)
{
    *count = (int)(sizeof lessons / sizeof lessons[0]);
    return lessons;
}

const Lesson *lesson_find(const char *name)
{
    int n;
    const Lesson *all = lesson_registry(&n);
    for (int i = 0; i < n; i++)
        if (strcmp(all[i].name, name) == 0)
            return &all[i];
    return NULL;
}
