/* home_rows.c - Home's list as rows: the algorithms grouped in a fixed
 * order (regression, classification, clustering, networks, operations, then
 * any other group), then the lessons by lesson group; a search keeps the
 * entries whose name, title, summary or group contains the text. */
#include <string.h>

#include "home_rows.h"
#include "tui_ui.h"

static const char *const GROUP_ORDER[] = { "regression", "classification", "clustering",
                                           "neural networks", "operations" };
#define N_GROUPS (int)(sizeof GROUP_ORDER / sizeof GROUP_ORDER[0])

static bool matches(const Algo *a, const char *q)
{
    return ui_contains(a->name, q) || ui_contains(a->title, q) || ui_contains(a->summary, q) ||
           ui_contains(a->group, q);
}

static bool lesson_matches(const Lesson *l, const char *q)
{
    return ui_contains(l->name, q) || ui_contains(l->title, q) || ui_contains(l->summary, q) ||
           ui_contains(l->group, q);
}

/* [lessons] Append the lessons that match q, group by group. */
static int add_lesson_rows(const char *q, HomeRow *rows, int n, int max, int *items)
{
    int n_lessons, n_groups;
    const Lesson *lessons = lesson_registry(&n_lessons);
    const char *const *groups = lesson_groups(&n_groups);
    for (int g = 0; g < n_groups; g++) {
        bool heading = false;
        for (int i = 0; i < n_lessons && n + 2 <= max; i++) {
            if (strcmp(lessons[i].group, groups[g]) != 0 || !lesson_matches(&lessons[i], q))
                continue;
            if (!heading)
                rows[n++] = (HomeRow){ .group = groups[g] };
            heading = true;
            rows[n++] = (HomeRow){ .lesson = &lessons[i] };
            (*items)++;
        }
    }
    return n;
}

static int group_rank(const char *g)
{
    for (int i = 0; i < N_GROUPS; i++)
        if (g && strcmp(g, GROUP_ORDER[i]) == 0)
            return i;
    return N_GROUPS;
}

/* Append group g's algorithms that match q (after their heading). */
static int add_group_rows(int g, const char *q, HomeRow *rows, int n, int max, int *items)
{
    int n_algos;
    const Algo *const *algos = algo_registry(&n_algos);
    bool heading = false;
    for (int i = 0; i < n_algos && n + 2 <= max; i++) {
        const Algo *a = algos[i];
        if (group_rank(a->group) != g || !matches(a, q))
            continue;
        if (!heading)
            rows[n++] = (HomeRow){ .group = g < N_GROUPS ? GROUP_ORDER[g]
                                                     : (a->group ? a->group : "other") };
        heading = true;
        rows[n++] = (HomeRow){ .algo = a };
        (*items)++;
    }
    return n;
}

/* Fill rows (headings and algorithms in group order, then the lessons);
 * returns the count and sets *n_items. */
int home_rows_build(const char *q, HomeRow *rows, int max, int *n_items)
{
    int n = 0, items = 0;
    for (int g = 0; g <= N_GROUPS; g++)
        n = add_group_rows(g, q, rows, n, max, &items);
    n = add_lesson_rows(q, rows, n, max, &items);
    *n_items = items;
    return n;
}

/* The row of visible item k (an algorithm or a lesson), or NULL. */
const HomeRow *home_row_at(const HomeRow *rows, int n, int k, int *row_index)
{
    int seen = 0;
    for (int i = 0; i < n; i++)
        if (rows[i].algo || rows[i].lesson) {
            if (seen == k) {
                if (row_index)
                    *row_index = i;
                return &rows[i];
            }
            seen++;
        }
    return NULL;
}

/* The algorithm of visible item k (NULL for a lesson). */
const Algo *home_item_at(const HomeRow *rows, int n, int k, int *row_index)
{
    const HomeRow *r = home_row_at(rows, n, k, row_index);
    return r ? r->algo : NULL;
}
