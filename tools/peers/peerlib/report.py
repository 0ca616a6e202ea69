"""The Markdown tables, from results.json."""

from .workloads import WORKLOADS

RUNTIMES = [
    ("ours_1t", "lstm-swift, 1 thread"),
    ("ours_default", "lstm-swift, default threads"),
    ("keras_eager", "Keras 3 eager"),
    ("tf_function", "tf.function"),
    ("tf_xla", "tf.function + XLA"),
    ("tflite", "TFLite (XNNPACK)"),
    ("tflite_builtin", "TFLite (no XNNPACK)"),
    ("ort_1t", "ONNX Runtime, 1 thread"),
    ("ort_all", "ONNX Runtime, all threads"),
]
SINGLE_THREADED = {"ours_1t", "ort_1t"}


def _ms(value):
    if value is None:
        return "—"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def _ratio(result, peer):
    if not peer or peer.get("status") != "ok" or result.get("status") != "ok":
        return "—"
    ratio = result["median_ms"] / peer["median_ms"]
    return f"{ratio:,.0f}×" if ratio >= 100 else f"{ratio:.1f}×" if ratio >= 10 else f"{ratio:.2f}×"


def _mib(value):
    return "—" if not value else f"{value / 2**20:.0f}"


def _rate(value):
    if value >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def workload_table(name, entry, peak):
    workload = WORKLOADS[name]
    results = entry["results"]
    batched = workload.batch >= 8
    unit = "steps/s" if workload.step else "sequences/s"
    header = f"| runtime | median ms | p90 ms | {unit} | peak RSS MiB | × ORT 1T | × ORT all |"
    rule = "|---|---:|---:|---:|---:|---:|---:|"
    if batched:
        header += " GFLOP/s (% of FMA peak) |"
        rule += "---:|"
    lines = [f"#### {name}: {workload.description}", "", header, rule]
    for key, label in RUNTIMES:
        result = results.get(key)
        if result is None:
            continue
        if result.get("status") != "ok":
            reason = result.get("reason", result.get("status"))
            cells = 7 if batched else 6
            lines.append(f"| {label} | {result.get('status')}: {reason[:140]} |" + " |" * (cells - 1))
            continue
        seconds = result["median_ms"] / 1e3
        rate = (1 if workload.step else workload.batch) / seconds
        row = (f"| {label} | {_ms(result['median_ms'])} | {_ms(result['p90_ms'])} | {_rate(rate)} | "
               f"{_mib(result.get('peak_rss_bytes'))} | {_ratio(result, results.get('ort_1t'))} | "
               f"{_ratio(result, results.get('ort_all'))} |")
        if batched:
            gflops = workload.flops_per_call() / seconds / 1e9
            reference = peak.get("gflops_1t") if key in SINGLE_THREADED else peak.get("gflops_all")
            share = f" ({100 * gflops / reference:.0f} %)" if reference else ""
            row += f" {gflops:.1f}{share} |"
        lines.append(row)
    return "\n".join(lines)


def summary_table(results):
    keys = [k for k, _ in RUNTIMES]
    labels = dict(RUNTIMES)
    lines = ["| workload | " + " | ".join(labels[k] for k in keys) + " |",
             "|---|" + "---:|" * len(keys)]
    for name, entry in results["workloads"].items():
        cells = []
        for key in keys:
            result = entry["results"].get(key)
            if not result:
                cells.append("")
            elif result.get("status") == "ok":
                cells.append(_ms(result["median_ms"]))
            else:
                cells.append(result.get("status"))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def render(results):
    machine = results["machine"]
    peak = results.get("peak", {})
    parts = [
        "## Peer comparison",
        "",
        f"Machine: {machine.get('cpu')}, {machine.get('cores')} cores ({machine.get('isa')}); "
        f"measured FP32 FMA peak {peak.get('gflops_1t', '?')} GFLOP/s on one core, "
        f"{peak.get('gflops_all', '?')} on {peak.get('threads', '?')}. {results.get('date', '')}.",
        f"Versions: {', '.join(f'{k} {v}' for k, v in results.get('versions', {}).items())}.",
        f"Policy: {results['policy']}",
        "",
        "Median milliseconds per call (one call = one batch, or one timestep for medium_step):",
        "",
        summary_table(results),
        "",
    ]
    for name, entry in results["workloads"].items():
        parts += [workload_table(name, entry, peak), ""]
    return "\n".join(parts)
