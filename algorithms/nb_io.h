/* algorithms/nb_io.h - the arrays that Gaussian and multinomial naive Bayes
 * save (nb_io.c), given as a table per model: each row a member of the
 * model's struct, its length and its type.  naive_bayes.c and
 * multinomial_nb.c hold the tables (they know their structs); nb_io.c
 * turns a table into the model's ModelArrays (model_io.h). */
#ifndef MLLAB_NB_IO_H
#define MLLAB_NB_IO_H

#include <stddef.h>

#include "model_io.h"

typedef enum {
    NB_ONE,       /* a scalar member of the struct itself */
    NB_PER_CLASS, /* a pointer member: one value per class */
    NB_PER_CELL,  /* a pointer member: classes x features values */
} NbLength;

typedef enum {
    NB_F64,    /* double, saved bit for bit */
    NB_COUNTS, /* int in [0, INT_MAX] */
    NB_DONE,   /* int in [0, classes]: the classes computed so far */
} NbType;

typedef struct NbArray {
    const char *name; /* in the file; NULL ends a table */
    size_t offset;    /* offsetof the member in the model's struct */
    NbLength length;
    NbType type;
} NbArray;

/* ma gets the arrays of `table` in the model at `model` (classes x d). */
void nb_io_table(void *model, const NbArray *table, int classes, int d, ModelArrays *ma);

#endif
