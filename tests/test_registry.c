/* test_registry.c - every algorithm is registered and keeps the contract:
 * unique names, a known group, valid parameter defaults, the callbacks its
 * kind needs, and a card in docs/algorithms. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "registry.h"

static const char *expected[] = { "linreg", "logreg",        "perceptron", "svm",
                                  "knn",    "naive_bayes",   "multinomial_nb",
                                  "dtree",  "random_forest", "kmeans",     "mlp",
                                  "cnn",    "conv" };
#define N_EXPECTED (int)(sizeof expected / sizeof expected[0])

static void test_registry_lists_every_algorithm_once(void **state)
{
    (void)state;
    int n;
    const Algo *const *all = algo_registry(&n);
    assert_int_equal(n, N_EXPECTED);
    for (int i = 0; i < N_EXPECTED; i++) {
        const Algo *a = algo_find(expected[i]);
        assert_non_null(a);
        assert_string_equal(a->name, expected[i]);
        for (int j = i + 1; j < n; j++)
            assert_string_not_equal(all[i]->name, all[j]->name);
    }
    assert_null(algo_find("no_such_algorithm"));
}

static void test_registry_groups_match_kinds(void **state)
{
    (void)state;
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++) {
        const Algo *a = all[i];
        const char *g = a->group;
        assert_non_null(g);
        int known = !strcmp(g, "regression") || !strcmp(g, "classification")
                    || !strcmp(g, "clustering") || !strcmp(g, "neural networks")
                    || !strcmp(g, "operations");
        assert_true(known);
        assert_non_null(a->title);
        assert_non_null(a->summary);
        assert_true(strlen(a->summary) > 10);
        if (a->kind == ALGO_OPERATION)
            continue;
        assert_non_null(a->create);
        assert_non_null(a->step);
        assert_non_null(a->predict);
        assert_non_null(a->destroy);
        if (!strcmp(g, "regression"))
            assert_int_equal(a->kind, ALGO_REGRESSOR);
        if (!strcmp(g, "clustering"))
            assert_int_equal(a->kind, ALGO_CLUSTERER);
        if (!strcmp(g, "classification"))
            assert_int_equal(a->kind, ALGO_CLASSIFIER);
    }
}

static void test_registry_parameter_defaults_are_valid(void **state)
{
    (void)state;
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++) {
        Params p;
        Error err = { 0 };
        if (params_init(&p, all[i]->params, &err) < 0)
            fail_msg("%s: default parameters rejected: %s", all[i]->name, err.msg);
        for (int j = 0; j < p.count; j++) {
            assert_non_null(p.spec[j].help);
            assert_true(strlen(p.spec[j].help) > 3);
        }
        params_free(&p);
    }
}

static void test_registry_every_algorithm_has_a_card(void **state)
{
    (void)state;
    int n;
    const Algo *const *all = algo_registry(&n);
    for (int i = 0; i < n; i++) {
        char rel[128], path[4096];
        snprintf(rel, sizeof rel, "algorithms/%s.md", all[i]->name);
        assert_non_null(path_join(path, sizeof path, path_docs_dir(), rel));
        if (access(path, R_OK) != 0)
            fail_msg("missing card %s", path);
    }
}

static void test_lessons_have_cards_groups_and_screens(void **state)
{
    (void)state;
    int n, n_groups;
    const Lesson *all = lesson_registry(&n);
    const char *const *groups = lesson_groups(&n_groups);
    assert_int_equal(n, 7);
    for (int i = 0; i < n; i++) {
        const Lesson *l = &all[i];
        assert_ptr_equal(lesson_find(l->name), l);
        assert_null(algo_find(l->name)); /* one name, one thing */
        assert_true(strncmp(l->usage, "mllab ", 6) == 0);
        assert_non_null(l->screen);
        bool known = false;
        for (int g = 0; g < n_groups; g++)
            known = known || strcmp(l->group, groups[g]) == 0;
        if (!known)
            fail_msg("lesson %s is in no listed group ('%s')", l->name, l->group);
        char rel[128], path[4096];
        snprintf(rel, sizeof rel, "algorithms/%s.md", l->name);
        assert_non_null(path_join(path, sizeof path, path_docs_dir(), rel));
        if (access(path, R_OK) != 0)
            fail_msg("missing card %s", path);
    }
    assert_null(lesson_find("logreg"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry_lists_every_algorithm_once),
        cmocka_unit_test(test_registry_groups_match_kinds),
        cmocka_unit_test(test_registry_parameter_defaults_are_valid),
        cmocka_unit_test(test_registry_every_algorithm_has_a_card),
        cmocka_unit_test(test_lessons_have_cards_groups_and_screens),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
