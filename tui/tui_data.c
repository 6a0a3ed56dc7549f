/* tui_data.c - the shared cache of split datasets (see tui_data.h). */
#include "tui_data.h"

#include <stdio.h>
#include <string.h>

#define N_SLOTS 3

static DataSlot slots[N_SLOTS];

static const char *slot_title(const DataSlot *slot)
{
    return slot->name[0] ? slot->name : "the default dataset";
}

/* The readers' progress (issue 12) into the job, for the screens to show. */
static void on_load_progress(double fraction, void *ctx)
{
    DataSlot *slot = ctx;
    job_set_progress(&slot->job, fraction, "loading %s", slot_title(slot));
}

static int load_job(Job *job, void *arg)
{
    DataSlot *slot = arg;
    EvalOptions o;
    eval_options_default(&o);
    o.dataset = slot->name[0] ? slot->name : NULL;
    o.progress = (DatasetProgress){ on_load_progress, slot };
    o.image_bytes = true; /* image sets as bytes, as the CLI's compare (issue 14): a
                             quarter of the memory, and the byte kernels of k-NN,
                             k-means and the trees; sessions give floats to the rest */
    job_set_progress(job, -1, "loading %s", slot_title(slot));
    return eval_load(&slot->data, &o, slot->kind, &job->err);
}

static void slot_free(DataSlot *slot)
{
    job_wait(&slot->job);
    if (job_state(&slot->job) == JOB_DONE)
        eval_data_free(&slot->data);
    job_destroy(&slot->job);
    memset(slot, 0, sizeof *slot);
}

/* A slot to fill: an unused one, else a released one, one whose loading
 * has ended first (freeing one still loading waits for it: a prefetch). */
static DataSlot *free_slot(void)
{
    for (int i = 0; i < N_SLOTS; i++)
        if (!slots[i].used)
            return &slots[i];
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < N_SLOTS; i++)
            if (slots[i].refs == 0 && (pass == 1 || job_state(&slots[i].job) != JOB_RUNNING)) {
                slot_free(&slots[i]);
                return &slots[i];
            }
    return NULL;
}

DataSlot *data_acquire(const char *name, AlgoKind kind)
{
    if (!name)
        name = "";
    for (int i = 0; i < N_SLOTS; i++)
        if (slots[i].used && slots[i].kind == kind && strcmp(slots[i].name, name) == 0) {
            /* A failed load is retried. */
            if (job_state(&slots[i].job) == JOB_FAILED && slots[i].refs == 0) {
                slot_free(&slots[i]);
                break;
            }
            slots[i].refs++;
            return &slots[i];
        }
    DataSlot *slot = free_slot();
    if (!slot)
        return NULL;
    memset(slot, 0, sizeof *slot);
    slot->used = true;
    slot->kind = kind;
    snprintf(slot->name, sizeof slot->name, "%s", name);
    job_init(&slot->job);
    slot->refs = 1;
    if (job_start(&slot->job, load_job, slot, &slot->job.err) < 0)
        return slot; /* JOB_FAILED with the message */
    return slot;
}

void data_release(DataSlot *slot)
{
    if (slot && slot->refs > 0)
        slot->refs--;
}

JobState data_state(DataSlot *slot)
{
    return job_state(&slot->job);
}

void data_shutdown(void)
{
    for (int i = 0; i < N_SLOTS; i++)
        if (slots[i].used)
            slot_free(&slots[i]);
}
