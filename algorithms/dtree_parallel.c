/* algorithms/dtree_parallel.c - dtree_parallel_for, the small thread pool
 * the decision tree and the random forest run their parallel loops on. */
#include "dtree.h"

#include <pthread.h>

/* ======================================================================
 * Threads
 *
 * A parallel loop is a few plain pthreads that take items from a shared
 * counter; the caller works too and then joins them.  Threads that wait
 * block instead of spinning, so a busy machine (other processes on the
 * other core) costs no CPU time, only the wait.
 * ====================================================================== */

typedef struct ParallelJob {
    void (*fn)(void *ctx, int item, int worker);
    void *ctx;
    int count;
    int next; /* the next item to take (atomic) */
} ParallelJob;

typedef struct ParallelWorker {
    ParallelJob *job;
    int id;
} ParallelWorker;

static void *parallel_worker(void *arg)
{
    ParallelWorker *w = arg;
    for (;;) {
        int i = __atomic_fetch_add(&w->job->next, 1, __ATOMIC_RELAXED);
        if (i >= w->job->count)
            break;
        w->job->fn(w->job->ctx, i, w->id);
    }
    return NULL;
}

void dtree_parallel_for(int n_threads, int count, void (*fn)(void *ctx, int item, int worker),
                        void *ctx)
{
    enum { MAX_THREADS = 64 };
    ParallelJob job = { fn, ctx, count, 0 };
    ParallelWorker w[MAX_THREADS];
    pthread_t th[MAX_THREADS];
    int nt = n_threads < count ? n_threads : count;
    if (nt > MAX_THREADS)
        nt = MAX_THREADS;
    int started = 1; /* the caller is worker 0 */
    for (; started < nt; started++) {
        w[started].job = &job;
        w[started].id = started;
        if (pthread_create(&th[started], NULL, parallel_worker, &w[started]) != 0)
            break; /* fewer threads: the others take more items */
    }
    w[0].job = &job;
    w[0].id = 0;
    parallel_worker(&w[0]);
    for (int t = 1; t < started; t++)
        pthread_join(th[t], NULL);
}
