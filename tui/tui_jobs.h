/* tui_jobs.h - background work that must not block the screen: loading a
 * dataset (MNIST takes a while), a PCA, a comparison.
 *
 * A Job runs one function on its own thread (signals blocked there, so
 * SIGINT reaches the main loop).  The screen polls job_state each frame and
 * shows job_progress; job_wait joins.  A job's function reports progress
 * with job_set_progress and may poll job->cancel. */
#ifndef MLLAB_TUI_JOBS_H
#define MLLAB_TUI_JOBS_H

#include <pthread.h>
#include <stdbool.h>

#include "error.h"

typedef enum { JOB_IDLE, JOB_RUNNING, JOB_DONE, JOB_FAILED } JobState;

typedef struct Job Job;
typedef int (*JobFn)(Job *job, void *arg);

struct Job {
    pthread_t thread;
    bool joinable;
    int state;              /* JobState, read and written atomically */
    JobFn fn;
    void *arg;
    Error err;              /* set by fn when it fails (read after DONE/FAILED) */
    double started, finished;
    volatile int cancel;    /* set by the screen; fn may poll it */
    pthread_mutex_t lock;   /* guards progress */
    char progress[160];
    double fraction;        /* < 0: unknown (a spinner) */
};

void job_init(Job *job);
/* Start fn(job, arg) on a new thread; the job must be idle or finished (it
 * is joined first).  -1 with err set when the thread cannot start. */
int job_start(Job *job, JobFn fn, void *arg, Error *err);
JobState job_state(const Job *job);
/* Ask to stop (the function decides when), then wait for the thread. */
void job_cancel_and_wait(Job *job);
void job_wait(Job *job);
/* Back to idle (after wait). */
void job_reset(Job *job);
void job_destroy(Job *job);

void job_set_progress(Job *job, double fraction, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Copy the progress text; returns the fraction (< 0 unknown). */
double job_progress(const Job *job, char *buf, int size);
/* Seconds since the start (or the run time once finished). */
double job_elapsed(const Job *job);

/* Start a thread with every signal blocked in it (shared with the run
 * worker). */
int tui_thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
