/* tui_jobs.c - background jobs for the screens (see tui_jobs.h). */
#include "tui_jobs.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tui_app.h"
#include "tui_term.h"

int tui_thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(t, NULL, fn, arg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return rc;
}

void job_init(Job *job)
{
    memset(job, 0, sizeof *job);
    pthread_mutex_init(&job->lock, NULL);
    job->fraction = -1;
}

static void *job_thread(void *vjob)
{
    Job *job = vjob;
    int rc = job->fn(job, job->arg);
    job->finished = app_now();
    __atomic_store_n(&job->state, rc == 0 ? JOB_DONE : JOB_FAILED, __ATOMIC_RELEASE);
    term_wake(); /* the main loop sees the result now, not at its next timeout */
    return NULL;
}

int job_start(Job *job, JobFn fn, void *arg, Error *err)
{
    job_wait(job);
    job->fn = fn;
    job->arg = arg;
    job->cancel = 0;
    error_clear(&job->err);
    job->started = app_now();
    job->finished = 0;
    job_set_progress(job, -1, "starting");
    __atomic_store_n(&job->state, JOB_RUNNING, __ATOMIC_RELEASE);
    if (tui_thread_start(&job->thread, job_thread, job) != 0) {
        __atomic_store_n(&job->state, JOB_FAILED, __ATOMIC_RELEASE);
        return error_set(err, ERR_INTERNAL, "cannot start a background thread");
    }
    job->joinable = true;
    return 0;
}

JobState job_state(const Job *job)
{
    return (JobState)__atomic_load_n(&job->state, __ATOMIC_ACQUIRE);
}

void job_wait(Job *job)
{
    if (job->joinable) {
        pthread_join(job->thread, NULL);
        job->joinable = false;
    }
}

void job_cancel_and_wait(Job *job)
{
    job->cancel = 1;
    job_wait(job);
}

void job_reset(Job *job)
{
    job_wait(job);
    __atomic_store_n(&job->state, JOB_IDLE, __ATOMIC_RELEASE);
}

void job_destroy(Job *job)
{
    job_cancel_and_wait(job);
    pthread_mutex_destroy(&job->lock);
}

void job_set_progress(Job *job, double fraction, const char *fmt, ...)
{
    pthread_mutex_lock(&job->lock);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(job->progress, sizeof job->progress, fmt, ap);
    va_end(ap);
    job->fraction = fraction;
    pthread_mutex_unlock(&job->lock);
}

double job_progress(const Job *job, char *buf, int size)
{
    /* The lock guards the progress; locking it changes nothing a reader sees. */
    pthread_mutex_t *lock = (pthread_mutex_t *)&job->lock;
    pthread_mutex_lock(lock);
    snprintf(buf, (size_t)size, "%s", job->progress);
    double f = job->fraction;
    pthread_mutex_unlock(lock);
    return f;
}

double job_elapsed(const Job *job)
{
    JobState s = job_state(job);
    if (s == JOB_DONE || s == JOB_FAILED)
        return job->finished - job->started;
    return s == JOB_RUNNING ? app_now() - job->started : 0;
}
