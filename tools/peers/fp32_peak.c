/*
 * fp32_peak: the FP32 fused multiply-add peak of this machine, on one core and on all of them.
 *
 * Each thread runs ACCUMULATORS independent chains of vector FMAs (acc = acc * a + b), enough to
 * hide the FMA latency on two pipes, so the loop is bound by FMA throughput alone. One FMA on a
 * vector of W floats counts as 2 * W floating-point operations. The best of several repetitions
 * is reported, as JSON on stdout:
 *   {"isa": "avx2+fma", "vector_floats": 8, "threads": 2, "gflops_1t": 117.0, "gflops_all": 233.0}
 *
 * Build (tools/peers/run.sh does this): gcc -O2 -mavx2 -mfma [-mavx512f] -pthread fp32_peak.c
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define ACCUMULATORS 12
#define REPETITIONS 5

#if defined(__AVX512F__)
typedef __m512 vec;
#define VEC_FLOATS 16
#define ISA "avx512f"
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#elif defined(__AVX2__) && defined(__FMA__)
typedef __m256 vec;
#define VEC_FLOATS 8
#define ISA "avx2+fma"
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#else
#error "build with -mavx2 -mfma or -mavx512f"
#endif

struct job {
    long iterations;
    double seconds;
    float sink;
};

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void *run(void *argument) {
    struct job *job = argument;
    /* Twelve named accumulators, so that they stay in registers. */
    vec a0 = SET1(1.000f), a1 = SET1(1.001f), a2 = SET1(1.002f), a3 = SET1(1.003f);
    vec a4 = SET1(1.004f), a5 = SET1(1.005f), a6 = SET1(1.006f), a7 = SET1(1.007f);
    vec a8 = SET1(1.008f), a9 = SET1(1.009f), a10 = SET1(1.010f), a11 = SET1(1.011f);
    const vec m = SET1(0.999999f), b = SET1(1e-7f);
    double start = now();
    for (long i = 0; i < job->iterations; i++) {
        a0 = FMA(a0, m, b); a1 = FMA(a1, m, b); a2 = FMA(a2, m, b); a3 = FMA(a3, m, b);
        a4 = FMA(a4, m, b); a5 = FMA(a5, m, b); a6 = FMA(a6, m, b); a7 = FMA(a7, m, b);
        a8 = FMA(a8, m, b); a9 = FMA(a9, m, b); a10 = FMA(a10, m, b); a11 = FMA(a11, m, b);
    }
    job->seconds = now() - start;
    vec sum = ADD(ADD(ADD(a0, a1), ADD(a2, a3)), ADD(ADD(a4, a5), ADD(a6, a7)));
    sum = ADD(sum, ADD(ADD(a8, a9), ADD(a10, a11)));
    float lanes[VEC_FLOATS];
    STORE(lanes, sum);
    job->sink = lanes[0];
    return NULL;
}

/* GFLOP/s of `threads` threads running at once, the best of REPETITIONS runs. */
static double measure(int threads, long iterations) {
    double best = 0;
    for (int r = 0; r < REPETITIONS; r++) {
        pthread_t ids[threads];
        struct job jobs[threads];
        double start = now();
        for (int t = 0; t < threads; t++) {
            jobs[t].iterations = iterations;
            pthread_create(&ids[t], NULL, run, &jobs[t]);
        }
        for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
        double elapsed = now() - start;
        double flops = 2.0 * VEC_FLOATS * ACCUMULATORS * (double)iterations * threads;
        double gflops = flops / elapsed * 1e-9;
        if (gflops > best) best = gflops;
        if (jobs[0].sink == 12345.0f) fprintf(stderr, "unlikely\n");
    }
    return best;
}

int main(int argc, char **argv) {
    int cores = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) cores = 1;
    double seconds = argc > 1 ? atof(argv[1]) : 0.25;
    /* Calibrate: iterations for about `seconds` per repetition on one thread. */
    struct job probe = {.iterations = 1000000};
    run(&probe);
    long iterations = (long)(probe.iterations * seconds / (probe.seconds > 0 ? probe.seconds : 1e-3));
    if (iterations < 1000) iterations = 1000;
    double one = measure(1, iterations);
    double all = measure(cores, iterations);
    printf("{\"isa\": \"%s\", \"vector_floats\": %d, \"accumulators\": %d, \"threads\": %d, "
           "\"gflops_1t\": %.1f, \"gflops_all\": %.1f}\n",
           ISA, VEC_FLOATS, ACCUMULATORS, cores, one, all);
    return 0;
}
