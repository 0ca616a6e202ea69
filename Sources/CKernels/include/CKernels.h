#ifndef CKERNELS_H
#define CKERNELS_H

// Hot kernels of LSTMRuntime, compiled once per instruction set with function attributes
// (no -march flags) and chosen at run time from the CPU's features. Every kernel sums each
// output element in one fixed order, `init + a0*b0 + a1*b1 + ...`, one fused multiply-add per
// term, whatever the blocking, the number of rows or the thread count: a row's result never
// depends on how it was batched or split.

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Elementwise activations, numbered as LSTMRuntime's `Activation` maps them.
enum {
    CK_LINEAR = 0,
    CK_RELU = 1,
    CK_TANH = 2,
    CK_SIGMOID = 3,
    CK_HARD_SIGMOID_KERAS2 = 4,
    CK_HARD_SIGMOID_KERAS3 = 5,
};

/// 1 if the CPU and the operating system support AVX2 and FMA (the `avx2` kernels), else 0.
int ck_cpu_has_avx2_fma(void);

/// `c[i, j] = init(i, j) + sum over p < k of a[i, p] * b[p, j]` for `i < m`, `j < n`, summed in
/// order of `p`. `init(i, j)` is `init[i * ldinit + j]`, or 0 when `init` is NULL: pass `c` and
/// `ldc` to accumulate, a bias row and 0 to start from the bias. Strides may be negative.
void ck_avx2_gemm(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k,
                  const float *a, ptrdiff_t lda, const float *b, ptrdiff_t ldb,
                  float *c, ptrdiff_t ldc, const float *init, ptrdiff_t ldinit);

/// One row against `blocks` consecutive panels: for each block `q`,
/// `z[q*width + j] = init[q*width + j] + sum over p < k of h[p] * panels[(q*k + p)*width + j]`,
/// `j < width`; `width` is 8, 16, 24 or 32. `init` may be `z` (accumulate) or NULL (zero).
void ck_avx2_panels_gemv(ptrdiff_t blocks, ptrdiff_t width, ptrdiff_t k, const float *h,
                         const float *panels, float *z, const float *init);

/// LSTM cell update for rows `r < rows` and unit blocks `q0 <= q < q1` (8 units each).
/// `z` row `r` holds, per block, the pre-activations i, f, g, o (8 floats each) and is clobbered.
/// `c` and `hNext` are updated at units `8*q ..< 8*q + 8`; where `keep` is given and `keep[r]`
/// is 0 the row keeps its state: `hNext` gets `hPrev`, `c` is unchanged.
void ck_avx2_lstm_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, float *z, ptrdiff_t ldz,
                        float *c, ptrdiff_t ldc, const float *hPrev, float *hNext, ptrdiff_t ldh,
                        const uint8_t *keep, int activation, int recurrentActivation);

/// GRU (reset after the product) cell update, rows and blocks as for the LSTM. Per block, `x`
/// holds the input projections z, r, h (with the bias) and `hp` the recurrent ones (with the
/// recurrent bias), 8 floats each: `z = ra(xz + hz)`, `r = ra(xr + hr)`,
/// `hh = a(xh + r * hh')`, `h = z * hPrev + (1 - z) * hh`. `x` is clobbered.
void ck_avx2_gru_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, float *x, ptrdiff_t ldx,
                       const float *hp, ptrdiff_t ldhp, const float *hPrev, float *hNext, ptrdiff_t ldh,
                       const uint8_t *keep, int activation, int recurrentActivation);

/// SimpleRNN cell update: `hNext = a(z)` per block of 8 units; `keep` as for the LSTM.
void ck_avx2_rnn_cells(ptrdiff_t rows, ptrdiff_t q0, ptrdiff_t q1, const float *z, ptrdiff_t ldz,
                       const float *hPrev, float *hNext, ptrdiff_t ldh,
                       const uint8_t *keep, int activation);

/// Applies an elementwise activation in place to `n` floats.
void ck_avx2_activate(float *x, ptrdiff_t n, int activation);

/// The task a region runs: called once per member with its index (0 is the calling thread)
/// and the team's size.
typedef void (*ck_task)(void *context, int index, int count);

/// Runs `task` on a team of at most `requested` threads of a persistent pool, the calling
/// thread being member 0, and returns when every member has returned. If the pool is busy
/// (another region is running) or `requested <= 1`, the caller runs the task alone (count 1).
/// Returns the team's size.
int ck_parallel_run(int requested, ck_task task, void *context);

enum { CK_SCHEDULE_MAX_MEMBERS = 16 };

/// Work of a region in phases (a recurrence: one or two per timestep), each phase a set of
/// `blocks` items that may run in any order, a phase starting only when the previous one is
/// complete. Member `m` owns a contiguous range of items and claims them first, a few at a time;
/// once its range is exhausted it takes what is left of the others'. So on idle processors every
/// member works on its own items (its share of the weights stays in its cache), and a member the
/// operating system does not run for a while holds nobody up: the others do its items.
///
/// Treat the fields as private: they are read and written atomically by the functions below.
/// The counters every member updates sit 64 bytes apart, so they never share a cache line.
typedef struct {
    int64_t done;
    int64_t padding[7];
    int64_t next[8 * CK_SCHEDULE_MAX_MEMBERS];  // member m's counter at next[8 * m]
    int64_t begin[CK_SCHEDULE_MAX_MEMBERS + 1];
    int64_t grain[CK_SCHEDULE_MAX_MEMBERS];
    int64_t blocks;
    int members;
} ck_schedule;

/// Prepares `schedule` for `members` (at most CK_SCHEDULE_MAX_MEMBERS) sharing `blocks` items
/// per phase.
void ck_schedule_init(ck_schedule *schedule, int members, int64_t blocks);

/// Claims items of `phase` for `member`: returns how many (0 when none are left), the first in
/// `*first`. The previous phase must be complete (see ck_schedule_wait).
int64_t ck_schedule_claim(ck_schedule *schedule, int member, int64_t phase, int64_t *first);

/// Records `count` claimed items as finished.
void ck_schedule_finish(ck_schedule *schedule, int64_t count);

/// Waits until every item of the phases before `phase` is finished.
void ck_schedule_wait(ck_schedule *schedule, int64_t phase);

/// The number of processors this process may run on.
int ck_available_processors(void);

#ifdef __cplusplus
}
#endif

#endif
