/* home_rows.h - the rows of Home's list: group headings, the algorithms in
 * group order, then the lessons, filtered by the search text.  Pure data
 * from the registries, no drawing (screen_home.c draws and selects). */
#ifndef MLLAB_HOME_ROWS_H
#define MLLAB_HOME_ROWS_H

#include "registry.h"

/* A row of the list: a group heading (algo and lesson NULL), an algorithm
 * or a lesson. */
typedef struct HomeRow {
    const char *group;
    const Algo *algo;
    const Lesson *lesson;
} HomeRow;

/* Fill rows (at most max) with the headings, algorithms and lessons that
 * match q (case-insensitive; "" matches all); returns the row count and sets
 * *n_items to the number of selectable items (algorithms and lessons). */
int home_rows_build(const char *q, HomeRow *rows, int max, int *n_items);

/* The row of selectable item k, or NULL; *row_index (if not NULL) is its
 * index in rows. */
const HomeRow *home_row_at(const HomeRow *rows, int n, int k, int *row_index);

/* The algorithm of selectable item k (NULL for a lesson or out of range). */
const Algo *home_item_at(const HomeRow *rows, int n, int k, int *row_index);

#endif
