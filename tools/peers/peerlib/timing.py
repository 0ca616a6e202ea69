"""One warmup and iteration policy for every runtime, and the statistics reported for it.

Policy: after one untimed call, CALIBRATION_CALLS calls are timed; with t their fastest time,
    warmup     W = clamp(ceil(0.1 * seconds / t), 1, 200)
    iterations K = clamp(round(seconds / t), MIN_ITERATIONS, MAX_ITERATIONS)
so each measurement takes about `seconds`, however fast or slow the runtime. When the
calibration already satisfies the policy (W = 1, K = MIN_ITERATIONS: very slow calls) its timings
are the result, so a 30-second call is not run eight times. The harness applies the same function
to our runtime, passing W and K to `lstm-convert bench`.
"""

import math
import statistics
import time

CALIBRATION_CALLS = 3
MIN_ITERATIONS = 3
MAX_ITERATIONS = 20000


def plan(call_seconds, seconds):
    call_seconds = max(call_seconds, 1e-7)
    warmup = min(200, max(1, math.ceil(0.1 * seconds / call_seconds)))
    iterations = min(MAX_ITERATIONS, max(MIN_ITERATIONS, round(seconds / call_seconds)))
    return warmup, iterations


def summarize(times_ms, warmup):
    ordered = sorted(times_ms)
    p90 = ordered[min(len(ordered) - 1, math.ceil(0.9 * len(ordered)) - 1)]
    return {
        "median_ms": statistics.median(ordered),
        "p90_ms": p90,
        "min_ms": ordered[0],
        "mean_ms": statistics.fmean(ordered),
        "iterations": len(ordered),
        "warmup": warmup,
    }


def measure(call, seconds):
    """Times `call()` under the policy; returns summarize(...) of the timed calls."""
    call()
    calibration = []
    for _ in range(CALIBRATION_CALLS):
        start = time.perf_counter_ns()
        call()
        calibration.append((time.perf_counter_ns() - start) / 1e6)
    warmup, iterations = plan(min(calibration) / 1e3, seconds)
    if (warmup, iterations) == (1, MIN_ITERATIONS):
        return summarize(calibration, warmup)
    for _ in range(warmup):
        call()
    times = []
    for _ in range(iterations):
        start = time.perf_counter_ns()
        call()
        times.append((time.perf_counter_ns() - start) / 1e6)
    return summarize(times, warmup)
