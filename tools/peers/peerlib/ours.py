"""Our runtime through its CLI: `lstm-convert` to convert and check, `lstm-convert bench` to time.

`bench` prints JSON with at least median_ms, p90_ms, min_ms, iterations, threads, peak_rss_bytes,
load_ms, sequences_per_second and kernel; with --step, one call is one timestep of a session.
"""

import json
import os
import subprocess
import tempfile

import numpy as np

from . import timing
from .files import Files
from .process import run_child

TOLERANCE = 1e-4


def has_bench(binary):
    """Whether `binary` lists a `bench` subcommand (an older lstm-convert does not)."""
    try:
        text = subprocess.run([binary, "--help"], capture_output=True, text=True, timeout=60).stdout
    except OSError:
        return False
    return any(line.strip().startswith("bench") for line in text.splitlines())


def convert(cli, workload, files):
    """Converts the workload's .h5; returns None or the converter's one-line error."""
    target = files.lstmw(workload)
    if os.path.exists(target):
        os.remove(target)
    result = subprocess.run([cli, "convert", files.h5(workload), target], capture_output=True, text=True)
    if result.returncode != 0:
        message = (result.stderr.strip() or result.stdout.strip() or f"exit {result.returncode}").splitlines()[-1]
        # "error: /long/path/model.h5: layer ... not supported yet" -> "layer ... not supported yet"
        return message.removeprefix("error: ").removeprefix(files.h5(workload) + ": ")
    return None


def check(cli, workload, files):
    """max |lstm-convert run - Keras eager| on the workload's input (the last timestep's output for
    the streaming workload: a session's step t equals predict on the prefix, bit for bit)."""
    reference = np.load(files.reference(workload))
    if workload.step:
        reference = reference[:, -1, :]
    with tempfile.TemporaryDirectory() as folder:
        output = os.path.join(folder, "y.npy")
        result = subprocess.run([cli, "run", files.lstmw(workload), "--input", files.x(workload),
                                 "--output", output], capture_output=True, text=True)
        if result.returncode != 0:
            return None, result.stderr.strip()
        y = np.load(output)
    if y.shape != reference.shape:
        return None, f"output shape {y.shape}, Keras {reference.shape}"
    return float(np.max(np.abs(y - reference))), None


def _bench(bench, workload, files, threads, warmup, iterations, log):
    command = [bench, "bench", files.lstmw(workload), "--input", files.x(workload),
               "--warmup", str(warmup), "--iterations", str(iterations), "--json"]
    if threads is not None:
        command += ["--threads", str(threads)]
    if workload.step:
        command.append("--step")
    code, stdout, stderr, peak_rss = run_child(command, log)
    if code != 0:
        raise RuntimeError((stderr.strip() or f"exit {code}").splitlines()[-1])
    report = json.loads(stdout.strip().splitlines()[-1])
    # The process's ru_maxrss from wait4, as for every peer; bench's own figure is kept beside it.
    report["bench_peak_rss_bytes"] = report.get("peak_rss_bytes")
    report["peak_rss_bytes"] = peak_rss
    return report


def measure(bench, workload, out, threads, seconds, diff):
    """Times `bench` under the shared policy: calibrate with W=1, K=3, then plan."""
    files = Files(out)
    log = os.path.join(files.logs, f"{workload.name}.ours_{threads or 'default'}.log")
    try:
        calibration = _bench(bench, workload, files, threads, 1, timing.CALIBRATION_CALLS, log)
        warmup, iterations = timing.plan(calibration["min_ms"] / 1e3, seconds)
        if (warmup, iterations) == (1, timing.MIN_ITERATIONS):
            report = calibration
        else:
            report = _bench(bench, workload, files, threads, warmup, iterations, log)
    except (RuntimeError, ValueError, KeyError) as error:
        return {"status": "failed", "reason": str(error)}
    report.update(status="ok", max_abs_diff=diff, warmup=warmup)
    return report
