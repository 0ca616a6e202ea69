// A persistent pool of helper threads for parallel regions, and the region's barrier.
//
// One region runs at a time: a caller that finds the pool busy runs its task alone, so regions
// never wait for each other and a thread never waits for a team it cannot get. Helpers spin
// briefly after a region (the next one, for the next layer or call, usually follows at once),
// then sleep on a condition variable.
#define _GNU_SOURCE
#include "include/CKernels.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define CK_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define CK_PAUSE() __asm__ __volatile__("yield")
#else
#define CK_PAUSE() ((void)0)
#endif

enum { CK_MAX_HELPERS = 15, CK_SPINS_BEFORE_YIELD = 2000, CK_IDLE_SPINS = 20000 };

struct ck_region {
    _Atomic int arrived;
    _Atomic unsigned phase;
    int count;
};

/// A helper thread's mailbox: a new `ticket` is a region to join.
typedef struct {
    _Atomic unsigned ticket;
    pthread_mutex_t mutex;
    pthread_cond_t wake;
} ck_helper;

static struct {
    pthread_once_t once;
    int helpers;
    _Atomic int busy;
    _Atomic int finished;  // helpers done with the current region
    ck_task task;
    void *context;
    ck_region region;
    ck_helper helper[CK_MAX_HELPERS];
} pool = {PTHREAD_ONCE_INIT};

int ck_available_processors(void) {
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) {
        int count = CPU_COUNT(&set);
        if (count > 0) return count;
    }
#endif
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    return online > 0 ? (int)online : 1;
}

/// Waits for `*value != seen`: spins, then yields the processor.
static void ck_spin_until_changed(_Atomic unsigned *value, unsigned seen) {
    for (int spins = 0; atomic_load_explicit(value, memory_order_acquire) == seen; spins++) {
        if (spins < CK_SPINS_BEFORE_YIELD) {
            CK_PAUSE();
        } else {
            sched_yield();
        }
    }
}

static void *ck_helper_main(void *argument) {
    int index = (int)(intptr_t)argument;  // the helper's team index, from 1
    ck_helper *self = &pool.helper[index - 1];
    unsigned seen = 0;
    for (;;) {
        for (int spins = 0; atomic_load_explicit(&self->ticket, memory_order_acquire) == seen && spins < CK_IDLE_SPINS;
             spins++) {
            CK_PAUSE();
        }
        pthread_mutex_lock(&self->mutex);
        while (atomic_load_explicit(&self->ticket, memory_order_acquire) == seen) {
            pthread_cond_wait(&self->wake, &self->mutex);
        }
        pthread_mutex_unlock(&self->mutex);
        seen = atomic_load_explicit(&self->ticket, memory_order_acquire);
        pool.task(pool.context, &pool.region, index, pool.region.count);
        atomic_fetch_add_explicit(&pool.finished, 1, memory_order_acq_rel);
    }
    return 0;
}

static void ck_start_pool(void) {
    int helpers = ck_available_processors() - 1;
    if (helpers > CK_MAX_HELPERS) helpers = CK_MAX_HELPERS;
    int started = 0;
    for (int i = 0; i < helpers; i++) {
        ck_helper *helper = &pool.helper[i];
        atomic_init(&helper->ticket, 0);
        pthread_mutex_init(&helper->mutex, 0);
        pthread_cond_init(&helper->wake, 0);
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        pthread_attr_setstacksize(&attributes, 1024 * 1024);
        int failed = pthread_create(&thread, &attributes, ck_helper_main, (void *)(intptr_t)(i + 1));
        pthread_attr_destroy(&attributes);
        if (failed) break;
        started++;
    }
    pool.helpers = started;
}

int ck_parallel_run(int requested, ck_task task, void *context) {
    ck_region alone = {0, 0, 1};
    if (requested > 1) pthread_once(&pool.once, ck_start_pool);
    int expected = 0;
    if (requested <= 1 || pool.helpers == 0
        || !atomic_compare_exchange_strong_explicit(&pool.busy, &expected, 1, memory_order_acquire,
                                                    memory_order_relaxed)) {
        task(context, &alone, 0, 1);
        return 1;
    }
    int count = requested < pool.helpers + 1 ? requested : pool.helpers + 1;
    pool.task = task;
    pool.context = context;
    atomic_store_explicit(&pool.region.arrived, 0, memory_order_relaxed);
    pool.region.count = count;
    atomic_store_explicit(&pool.finished, 0, memory_order_relaxed);
    for (int i = 0; i < count - 1; i++) {
        ck_helper *helper = &pool.helper[i];
        atomic_fetch_add_explicit(&helper->ticket, 1, memory_order_release);
        pthread_mutex_lock(&helper->mutex);
        pthread_cond_signal(&helper->wake);
        pthread_mutex_unlock(&helper->mutex);
    }

    task(context, &pool.region, 0, count);

    for (int spins = 0; atomic_load_explicit(&pool.finished, memory_order_acquire) < count - 1; spins++) {
        if (spins < CK_SPINS_BEFORE_YIELD) {
            CK_PAUSE();
        } else {
            sched_yield();
        }
    }
    pool.task = 0;
    pool.context = 0;
    atomic_store_explicit(&pool.busy, 0, memory_order_release);
    return count;
}

void ck_region_barrier(ck_region *region) {
    if (region->count <= 1) return;
    unsigned phase = atomic_load_explicit(&region->phase, memory_order_acquire);
    if (atomic_fetch_add_explicit(&region->arrived, 1, memory_order_acq_rel) == region->count - 1) {
        atomic_store_explicit(&region->arrived, 0, memory_order_relaxed);
        atomic_fetch_add_explicit(&region->phase, 1, memory_order_release);
    } else {
        ck_spin_until_changed(&region->phase, phase);
    }
}
