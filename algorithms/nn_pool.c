/* algorithms/nn_pool.c - the threads the networks train with: a small pool
 * of workers that share a mini-batch (nn_parallel), and the floating-point
 * setup of a compute section (nn_compute_begin/end); declared in
 * nn_layers.h. */
#include "nn_layers.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#if defined(__SSE__)
#include <xmmintrin.h>
#endif

/* ======================================================================
 * threads
 * ====================================================================== */

int nn_threads(void)
{
    static int cached;
    if (cached)
        return cached;
    int n = 0;
    const char *env = getenv("MLLAB_THREADS");
    if (env && *env)
        n = atoi(env);
    if (n < 1) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        n = cores < 1 ? 1 : (int)cores;
    }
    cached = n > NN_MAX_THREADS ? NN_MAX_THREADS : n;
    return cached;
}

/* Flush-to-zero (results) and denormals-are-zero (inputs) in the SSE
 * control register; returns the previous register. */
static unsigned int flush_denormals(void)
{
#if defined(__SSE__)
    unsigned int csr = _mm_getcsr();
    _mm_setcsr(csr | 0x8040); /* FTZ is bit 15, DAZ bit 6 */
    return csr;
#else
    return 0;
#endif
}

/* The pool: workers 1..n-1 wait for a new generation number, run their
 * share of the task, and count themselves done.  Waiting spins briefly
 * (a mini-batch takes well under a millisecond, so the next one usually
 * comes while the worker is still looking) and then sleeps on a condition
 * variable, so an idle or descheduled partner costs no CPU.  At exit the
 * workers are told to quit and joined (nothing is left for a leak checker). */
static struct {
    pthread_mutex_t busy;       /* held by the caller of a parallel run */
    pthread_mutex_t lock;       /* for sleeping and waking */
    pthread_cond_t start, done;
    int started;                /* workers created (under lock) */
    unsigned long generation;   /* atomic: bumped for each run */
    int remaining;              /* atomic: workers still running it */
    int quit;                   /* atomic: set at exit */
    NnTask fn;
    void *ctx;
    int n;                      /* threads of the current run */
    pthread_t threads[NN_MAX_THREADS];
} pool = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
           PTHREAD_COND_INITIALIZER, 0, 0, 0, 0, NULL, NULL, 0, { 0 } };

enum { POOL_SPIN = 4000 }; /* polls before sleeping: some tens of microseconds */

/* One poll of a spin: a pause, and now and then a yield, in case the
 * thread being waited for shares this core. */
static inline void cpu_relax(int spin)
{
    if ((spin & 255) == 255)
        sched_yield();
#if defined(__x86_64__) || defined(__i386__)
    else
        __builtin_ia32_pause();
#endif
}

static inline bool pool_quitting(void)
{
    return __atomic_load_n(&pool.quit, __ATOMIC_ACQUIRE);
}

/* Wait for a generation other than seen (or for quit): spin briefly, then
 * sleep on the start condition.  Returns the generation seen last. */
static unsigned long wait_generation(unsigned long seen)
{
    unsigned long gen = 0;
    for (int spin = 0; spin < POOL_SPIN; spin++) {
        gen = __atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE);
        if (gen != seen || pool_quitting())
            break;
        cpu_relax(spin);
    }
    if (gen == seen) {
        pthread_mutex_lock(&pool.lock);
        while ((gen = __atomic_load_n(&pool.generation, __ATOMIC_ACQUIRE)) == seen &&
               !pool_quitting())
            pthread_cond_wait(&pool.start, &pool.lock);
        pthread_mutex_unlock(&pool.lock);
    }
    return gen;
}

static void *pool_worker(void *arg)
{
    int t = (int)(long)arg;
    unsigned long seen = 0;
    flush_denormals(); /* this thread only ever runs network tasks */
    for (;;) {
        unsigned long gen = wait_generation(seen);
        if (pool_quitting())
            return NULL;
        seen = gen;
        /* the job fields were written before the generation was bumped */
        int n = pool.n;
        if (t >= n)
            continue;
        pool.fn(pool.ctx, t, n);
        if (__atomic_sub_fetch(&pool.remaining, 1, __ATOMIC_ACQ_REL) == 0) {
            pthread_mutex_lock(&pool.lock);
            pthread_cond_signal(&pool.done);
            pthread_mutex_unlock(&pool.lock);
        }
    }
    return NULL;
}

/* At exit: wake the workers with the quit flag and wait for them. */
static void pool_shutdown(void)
{
    pthread_mutex_lock(&pool.lock);
    __atomic_store_n(&pool.quit, 1, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&pool.start);
    int started = pool.started;
    pthread_mutex_unlock(&pool.lock);
    for (int i = 0; i < started; i++)
        pthread_join(pool.threads[i], NULL);
}

/* Grow the pool on first use, up to n - 1 workers (the shutdown registered
 * with the first).  Returns the workers running. */
static int pool_grow(int n)
{
    pthread_mutex_lock(&pool.lock);
    if (pool.started == 0 && n > 1 && !pool_quitting())
        atexit(pool_shutdown);
    while (pool.started < n - 1 && !pool_quitting()) {
        if (pthread_create(&pool.threads[pool.started], NULL, pool_worker,
                           (void *)(long)(pool.started + 1)) != 0)
            break;
        pool.started++;
    }
    int started = pool.started;
    pthread_mutex_unlock(&pool.lock);
    return started;
}

/* Hand the task to the workers: a new generation, and the sleepers woken
 * (no lost wake-up: they check under the lock). */
static void pool_start(NnTask fn, void *ctx, int n)
{
    pool.fn = fn;
    pool.ctx = ctx;
    pool.n = n;
    __atomic_store_n(&pool.remaining, n - 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&pool.generation, 1, __ATOMIC_RELEASE);
    pthread_mutex_lock(&pool.lock);
    pthread_cond_broadcast(&pool.start);
    pthread_mutex_unlock(&pool.lock);
}

/* Wait until every worker has finished its share: spin, then sleep. */
static void pool_wait_done(void)
{
    for (int spin = 0; spin < POOL_SPIN; spin++) {
        if (__atomic_load_n(&pool.remaining, __ATOMIC_ACQUIRE) == 0)
            break;
        cpu_relax(spin);
    }
    if (__atomic_load_n(&pool.remaining, __ATOMIC_ACQUIRE) > 0) {
        pthread_mutex_lock(&pool.lock);
        while (__atomic_load_n(&pool.remaining, __ATOMIC_ACQUIRE) > 0)
            pthread_cond_wait(&pool.done, &pool.lock);
        pthread_mutex_unlock(&pool.lock);
    }
}

void nn_parallel(NnTask fn, void *ctx, int n)
{
    if (n > NN_MAX_THREADS)
        n = NN_MAX_THREADS;
    if (n <= 1 || pool_quitting() || pthread_mutex_trylock(&pool.busy) != 0) {
        for (int t = 0; t < (n < 1 ? 1 : n); t++)
            fn(ctx, t, n < 1 ? 1 : n);
        return;
    }
    int started = pool_grow(n);
    if (n - 1 > started)
        n = started + 1; /* could not start them all: fewer threads */
    if (n <= 1) {
        pthread_mutex_unlock(&pool.busy);
        fn(ctx, 0, 1);
        return;
    }
    pool_start(fn, ctx, n);
    fn(ctx, 0, n);
    pool_wait_done();
    pthread_mutex_unlock(&pool.busy);
}

NnCompute nn_compute_begin(void)
{
    blas_serial_begin();
    NnCompute saved = { flush_denormals() };
    return saved;
}

void nn_compute_end(NnCompute saved)
{
    blas_serial_end();
#if defined(__SSE__)
    _mm_setcsr(saved.fp_control);
#else
    (void)saved;
#endif
}

