/* tui_data.h - datasets loaded and split for runs and comparisons, shared
 * by the screens and loaded in the background.
 *
 * A slot holds one EvalData (eval_load: the dataset and its train/test
 * split) for a dataset name and an algorithm kind.  The run screen and the
 * compare screen acquire the slot they need (the same one when they agree,
 * so MNIST is loaded once) and release it when done; a released slot is
 * freed when its place is needed (one still loading last: freeing it waits
 * for the load) or at shutdown.  The dataset screen acquires and at once
 * releases the slot of an image set of classes: a prefetch.
 *
 * Image sets (mnist, fashion_mnist) are held as bytes (EvalOptions
 * image_bytes, mat.h): the parts' X are byte-backed Mats (data NULL), so
 * whatever reads their rows goes through mat_rows_f32 / mat_get /
 * mat_copy_rows_f32, never MAT_AT or mat_row. */
#ifndef MLLAB_TUI_DATA_H
#define MLLAB_TUI_DATA_H

#include "eval.h"
#include "tui_jobs.h"

typedef struct DataSlot {
    char name[128];  /* "" = the default dataset for the kind */
    AlgoKind kind;
    Job job;         /* the loading */
    EvalData data;   /* valid once job_state is JOB_DONE */
    int refs;
    bool used;
} DataSlot;

/* Find or start loading (name, kind); NULL when every slot is taken. */
DataSlot *data_acquire(const char *name, AlgoKind kind);
void data_release(DataSlot *slot);
/* JOB_RUNNING while loading, JOB_DONE when data is ready, JOB_FAILED (see
 * slot->job.err). */
JobState data_state(DataSlot *slot);
/* Wait for the loaders and free everything (at exit). */
void data_shutdown(void);

#endif
