// A persistent pool of helper threads for parallel regions, and the schedule regions share work by.
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

enum { CK_MAX_HELPERS = 15, CK_SPINS_BEFORE_YIELD = 2000, CK_IDLE_SPINS = 10000 };

enum { CK_IDLE = 0, CK_ASSIGNED = 1, CK_RUNNING = 2 };

/// A helper thread's mailbox: a new `ticket` wakes it; `state` says whether it has a region to
/// join (CK_ASSIGNED), which it takes by moving it to CK_RUNNING, unless the caller took the
/// assignment back first because the region's work was already done without it.
typedef struct {
    _Atomic unsigned ticket;
    _Atomic int state;
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
    int count;
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
        int assigned = CK_ASSIGNED;
        if (atomic_compare_exchange_strong_explicit(&self->state, &assigned, CK_RUNNING, memory_order_acq_rel,
                                                    memory_order_acquire)) {
            pool.task(pool.context, index, pool.count);
            atomic_store_explicit(&self->state, CK_IDLE, memory_order_relaxed);
            atomic_fetch_add_explicit(&pool.finished, 1, memory_order_acq_rel);
        }
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
        atomic_init(&helper->state, CK_IDLE);
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
    if (requested > 1) pthread_once(&pool.once, ck_start_pool);
    int expected = 0;
    if (requested <= 1 || pool.helpers == 0
        || !atomic_compare_exchange_strong_explicit(&pool.busy, &expected, 1, memory_order_acquire,
                                                    memory_order_relaxed)) {
        task(context, 0, 1);
        return 1;
    }
    int count = requested < pool.helpers + 1 ? requested : pool.helpers + 1;
    pool.task = task;
    pool.context = context;
    pool.count = count;
    atomic_store_explicit(&pool.finished, 0, memory_order_relaxed);
    for (int i = 0; i < count - 1; i++) {
        ck_helper *helper = &pool.helper[i];
        atomic_store_explicit(&helper->state, CK_ASSIGNED, memory_order_release);
        atomic_fetch_add_explicit(&helper->ticket, 1, memory_order_release);
        pthread_mutex_lock(&helper->mutex);
        pthread_cond_signal(&helper->wake);
        pthread_mutex_unlock(&helper->mutex);
    }

    task(context, 0, count);

    // A helper that has not started yet is not waited for: the schedule let the others do its work.
    int joined = count - 1;
    for (int i = 0; i < count - 1; i++) {
        int assigned = CK_ASSIGNED;
        if (atomic_compare_exchange_strong_explicit(&pool.helper[i].state, &assigned, CK_IDLE, memory_order_acq_rel,
                                                    memory_order_acquire)) {
            joined--;
        }
    }
    for (int spins = 0; atomic_load_explicit(&pool.finished, memory_order_acquire) < joined; spins++) {
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

void ck_schedule_init(ck_schedule *schedule, int members, int64_t blocks) {
    if (members < 1) members = 1;
    if (members > CK_SCHEDULE_MAX_MEMBERS) members = CK_SCHEDULE_MAX_MEMBERS;
    schedule->members = members;
    schedule->blocks = blocks;
    schedule->done = 0;
    for (int m = 0; m <= members; m++) schedule->begin[m] = m * blocks / members;
    for (int m = 0; m < members; m++) {
        int64_t size = schedule->begin[m + 1] - schedule->begin[m];
        schedule->next[8 * m] = 0;
        schedule->grain[m] = size >= 8 ? size / 4 : 1;
    }
}

int64_t ck_schedule_claim(ck_schedule *schedule, int member, int64_t phase, int64_t *first) {
    for (int i = 0; i < schedule->members; i++) {
        int m = (member + i) % schedule->members;
        int64_t size = schedule->begin[m + 1] - schedule->begin[m];
        if (size == 0) continue;
        // The range's counter runs from phase * size to (phase + 1) * size during the phase; a
        // compare-and-swap never takes it past the end, so the next phase starts exactly there.
        int64_t end = (phase + 1) * size;
        int64_t claimed = __atomic_load_n(&schedule->next[8 * m], __ATOMIC_ACQUIRE);
        while (claimed < end) {
            int64_t count = end - claimed < schedule->grain[m] ? end - claimed : schedule->grain[m];
            if (__atomic_compare_exchange_n(&schedule->next[8 * m], &claimed, claimed + count, 0, __ATOMIC_ACQ_REL,
                                            __ATOMIC_ACQUIRE)) {
                *first = schedule->begin[m] + (claimed - phase * size);
                return count;
            }
        }
    }
    return 0;
}

void ck_schedule_finish(ck_schedule *schedule, int64_t count) {
    __atomic_fetch_add(&schedule->done, count, __ATOMIC_RELEASE);
}

void ck_schedule_wait(ck_schedule *schedule, int64_t phase) {
    int64_t target = phase * schedule->blocks;
    for (int spins = 0; __atomic_load_n(&schedule->done, __ATOMIC_ACQUIRE) < target; spins++) {
        if (spins < CK_SPINS_BEFORE_YIELD) {
            CK_PAUSE();
        } else {
            sched_yield();
        }
    }
}
