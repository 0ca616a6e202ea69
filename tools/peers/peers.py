#!/usr/bin/env python3
"""Times lstm-swift against Keras, TensorFlow, TFLite and ONNX Runtime on the same models and inputs.

    bash tools/peers/run.sh                       # venv, release build, peak probe, everything
    tools/peers/.venv/bin/python tools/peers/peers.py --lstm-convert .build/release/lstm-convert

In one run, for every workload of issue 7 (peerlib/workloads.py):
  1. generate (one TensorFlow process): the Keras 3 model with seeded weights (.h5), the input
     (.npy), Keras eager's output on it (the reference), the ONNX graph, the TFLite conversion;
  2. our runtime: `lstm-convert convert`, `lstm-convert run` checked against the reference, then
     `lstm-convert bench --json` at 1 thread and at its default;
  3. every peer in a process of its own (no shared TensorFlow thread pools, a peak RSS per peer):
     its output is checked against Keras eager first (refused if max |diff| > 1e-4), then timed.
Every runtime is timed under one policy (peerlib/timing.py). Results: OUT/results.json and
OUT/results.md (README-ready tables). See docs/benchmarks.md.
"""

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from peerlib import ours, report, timing  # noqa: E402
from peerlib.files import Files  # noqa: E402
from peerlib.measure import PEERS  # noqa: E402
from peerlib.process import run_child  # noqa: E402
from peerlib.workloads import ALL_NAMES, WORKLOADS  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))


def _names(text, allowed, what):
    names = [n for n in text.split(",") if n] if text else list(allowed)
    unknown = [n for n in names if n not in allowed]
    if unknown:
        sys.exit(f"peers.py: unknown {what} {', '.join(unknown)}; known: {', '.join(allowed)}")
    return names


def _machine():
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": len(os.sched_getaffinity(0)), "kernel": platform.release(),
            "python": platform.python_version()}


def _versions():
    from importlib.metadata import PackageNotFoundError, version
    found = {}
    for package in ("tensorflow-cpu", "keras", "onnxruntime", "onnx", "numpy"):
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            pass
    try:
        swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout
        found["swift"] = swift.split("version", 1)[1].split()[0] if "version" in swift else "?"
    except OSError:
        pass
    return found


def _peak(args):
    """Compiles and runs fp32_peak.c (AVX-512 if the CPU has it, else AVX2 + FMA)."""
    flags = open("/proc/cpuinfo").read()
    isa = ["-mavx512f"] if " avx512f" in flags else ["-mavx2", "-mfma"]
    binary = os.path.join(args.out, "fp32_peak")
    subprocess.run(["gcc", "-O2", *isa, "-pthread", os.path.join(HERE, "fp32_peak.c"), "-o", binary], check=True)
    peak = json.loads(subprocess.run([binary], capture_output=True, text=True, check=True).stdout)
    print(f"FP32 FMA peak ({peak['isa']}): {peak['gflops_1t']} GFLOP/s on 1 core, "
          f"{peak['gflops_all']} on {peak['threads']}", flush=True)
    return peak


def _child(args, *extra):
    return [sys.executable, os.path.abspath(__file__), *extra, "--out", args.out]


def _ours(args, workload, files, bench_ok, converted):
    if workload.model not in converted:   # once per model and run: several workloads share one
        converted[workload.model] = ours.convert(args.lstm_convert, workload, files)
    error = converted[workload.model]
    if error:
        reason = f"lstm-convert convert: {error}"
        return {"ours_1t": {"status": "n/a", "reason": reason}, "ours_default": {"status": "n/a", "reason": reason}}
    diff, error = ours.check(args.lstm_convert, workload, files)
    if error or diff > ours.TOLERANCE:
        reason = error or f"max |lstm-convert run - Keras eager| = {diff:.3g} > {ours.TOLERANCE}"
        return {"ours_1t": {"status": "refused", "reason": reason, "max_abs_diff": diff},
                "ours_default": {"status": "refused", "reason": reason, "max_abs_diff": diff}}
    if not bench_ok:
        reason = f"{os.path.basename(args.bench)} has no bench subcommand yet (output checked: max |diff| {diff:.2g})"
        return {"ours_1t": {"status": "n/a", "reason": reason, "max_abs_diff": diff},
                "ours_default": {"status": "n/a", "reason": reason, "max_abs_diff": diff}}
    return {"ours_1t": ours.measure(args.bench, workload, args.out, 1, args.seconds, diff),
            "ours_default": ours.measure(args.bench, workload, args.out, None, args.seconds, diff)}


def _peer(args, workload, files, peer):
    log = os.path.join(files.logs, f"{workload.name}.{peer}.log")
    command = _child(args, "measure", "--workload", workload.name, "--peer", peer, "--seconds", str(args.seconds))
    code, stdout, stderr, peak_rss = run_child(command, log)
    if code != 0:
        lines = [line for line in stderr.strip().splitlines() if line.strip()]
        return {"status": "failed", "reason": lines[-1][:300] if lines else f"exit {code}"}
    result = json.loads(stdout.strip().splitlines()[-1])
    result["peak_rss_bytes"] = peak_rss
    return result


def _line(name, key, result):
    if result.get("status") == "ok":
        return (f"  {name:<12} {key:<15} median {result['median_ms']:10.3f} ms  p90 {result['p90_ms']:10.3f} ms  "
                f"K={result['iterations']:<6} diff {result.get('max_abs_diff', 0):.1e}")
    return f"  {name:<12} {key:<15} {result.get('status')}: {result.get('reason', '')[:150]}"


def run_all(args):
    files = Files(args.out)
    files.make()
    workloads = [WORKLOADS[n] for n in _names(args.workloads, ALL_NAMES, "workload")]
    peers = _names(args.peers, ["ours"] + PEERS, "peer")
    previous = None
    if args.merge and os.path.exists(os.path.join(args.out, "results.json")):
        with open(os.path.join(args.out, "results.json")) as file:
            previous = json.load(file)
    results = {"date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"), "machine": _machine(),
               "versions": _versions(), "seconds_per_measurement": args.seconds,
               "policy": (f"after one untimed call and {timing.CALIBRATION_CALLS} timed ones (t = fastest), "
                          f"W = clamp(ceil(0.1·S/t), 1, 200) warmup calls, then K = clamp(round(S/t), "
                          f"{timing.MIN_ITERATIONS}, {timing.MAX_ITERATIONS}) timed calls, S = {args.seconds} s; "
                          f"median and p90 over the K calls"),
               "workloads": {}}
    results["peak"] = _peak(args)
    results["machine"]["isa"] = results["peak"]["isa"]
    if not args.skip_generate:
        print("generating models, inputs, Keras references, ONNX and TFLite files ...", flush=True)
        code, stdout, stderr, _ = run_child(_child(args, "generate", "--workloads", ",".join(w.name for w in workloads)),
                                            os.path.join(files.logs, "generate.log"))
        print(stdout, end="", flush=True)
        if code != 0:
            sys.exit(f"peers.py: generation failed (see {files.logs}/generate.log): {stderr.strip().splitlines()[-1]}")
    bench_ok = ours.has_bench(args.bench)
    if not bench_ok:
        print(f"note: {args.bench} has no bench subcommand; our runtime is checked but not timed", flush=True)
    converted = {}
    for workload in workloads:
        print(f"{workload.name}: {workload.description}", flush=True)
        entry = {"description": workload.description, "batch": workload.batch, "time": workload.time,
                 "step": workload.step, "flops_per_call": workload.flops_per_call(), "results": {}}
        if "ours" in peers:
            entry["results"].update(_ours(args, workload, files, bench_ok, converted))
            for key in ("ours_1t", "ours_default"):
                print(_line(workload.name, key, entry["results"][key]), flush=True)
        for peer in peers:
            if peer == "ours":
                continue
            entry["results"][peer] = _peer(args, workload, files, peer)
            print(_line(workload.name, peer, entry["results"][peer]), flush=True)
        results["workloads"][workload.name] = entry
        _write(args, results if previous is None else _merged(previous, results))
    print(f"wrote {os.path.join(args.out, 'results.json')} and results.md", flush=True)


def _merged(previous, results):
    """--merge: the new measurements replace only the same workload and runtime in previous."""
    merged = dict(previous)
    merged["workloads"] = dict(previous["workloads"])
    for name, entry in results["workloads"].items():
        if name in merged["workloads"]:
            old = dict(merged["workloads"][name])
            old["results"] = {**old["results"], **entry["results"]}
            merged["workloads"][name] = old
        else:
            merged["workloads"][name] = entry
    return merged


def _write(args, results):
    with open(os.path.join(args.out, "results.json"), "w") as file:
        json.dump(results, file, indent=2)
    with open(os.path.join(args.out, "results.md"), "w") as file:
        file.write(report.render(results))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", nargs="?", default="all", choices=["all", "generate", "measure", "report"])
    parser.add_argument("--out", default=os.path.join(HERE, "out"), help="output folder (default tools/peers/out)")
    parser.add_argument("--lstm-convert", default=os.path.join(ROOT, ".build", "release", "lstm-convert"))
    parser.add_argument("--bench", help="the binary whose `bench` subcommand times our runtime "
                                        "(default: --lstm-convert)")
    parser.add_argument("--seconds", type=float, default=3.0, help="target time per measurement (default 3)")
    parser.add_argument("--workloads", help=f"comma-separated subset of {','.join(ALL_NAMES)}")
    parser.add_argument("--peers", help=f"comma-separated subset of ours,{','.join(PEERS)}")
    parser.add_argument("--skip-generate", action="store_true", help="reuse the models and inputs in --out")
    parser.add_argument("--merge", action="store_true",
                        help="update the measured workloads and runtimes in an existing results.json "
                             "(with --skip-generate, to re-measure a few entries)")
    parser.add_argument("--workload", help=argparse.SUPPRESS)
    parser.add_argument("--peer", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.out = os.path.abspath(args.out)
    args.bench = args.bench or args.lstm_convert
    if args.command == "generate":
        from peerlib.generate import generate
        generate([WORKLOADS[n] for n in _names(args.workloads, ALL_NAMES, "workload")], args.out)
    elif args.command == "measure":
        from peerlib.measure import measure
        print(json.dumps(measure(WORKLOADS[args.workload], args.out, args.peer, args.seconds)))
    elif args.command == "report":
        with open(os.path.join(args.out, "results.json")) as file:
            results = json.load(file)
        with open(os.path.join(args.out, "results.md"), "w") as file:
            file.write(report.render(results))
        print(os.path.join(args.out, "results.md"))
    else:
        run_all(args)


if __name__ == "__main__":
    main()
