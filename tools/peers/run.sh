#!/usr/bin/env bash
# Reproduces the peer comparison in one command (see docs/benchmarks.md):
#   bash tools/peers/run.sh                         # everything, ~3 s per measurement
#   bash tools/peers/run.sh --seconds 1 --workloads tiny,small --peers ort_1t,ort_all
# 1. creates tools/peers/.venv from requirements.txt (constrained by requirements.lock.txt) if missing;
# 2. builds lstm-convert in release (scratch path: $LSTM_SCRATCH, default .build);
# 3. runs peers.py: FP32 peak probe, model generation, our runtime and every peer, results in
#    tools/peers/out/results.{json,md}. Extra arguments go to peers.py.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
peers="$root/tools/peers"
venv="$peers/.venv"
scratch="${LSTM_SCRATCH:-.build}"

if [ ! -x "$venv/bin/python" ]; then
    echo "creating $venv (TensorFlow, Keras, ONNX, ONNX Runtime: a few minutes) ..." >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet -r "$peers/requirements.txt" -c "$peers/requirements.lock.txt"
fi

echo "building lstm-convert (release, scratch path $scratch) ..." >&2
(cd "$root" && swift build -c release --product lstm-convert --scratch-path "$scratch" >&2)
bin=$(cd "$root" && swift build -c release --scratch-path "$scratch" --show-bin-path)

exec "$venv/bin/python" "$peers/peers.py" --lstm-convert "$bin/lstm-convert" "$@"
