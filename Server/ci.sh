#!/usr/bin/env bash
# Builds and tests the Server package (lstm-serve), then runs the built server once:
# start on a free loopback port, answer /health and a prediction, stop on SIGTERM with exit 0.
# The lead's .ci/run calls this; it also runs on its own from a clean clone (as root).
set -euo pipefail
cd "$(dirname "$0")"

# The tests convert the repository's Keras fixtures in-process (KerasImport needs libhdf5).
if ! pkg-config --exists hdf5 2>/dev/null || ! command -v curl >/dev/null; then
    echo "== Server: installing libhdf5-dev, pkg-config and curl"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq libhdf5-dev pkg-config curl >/dev/null
fi

scratch="${SERVER_SCRATCH:-.build}"  # another folder for a clean build beside the usual one
# From clean this is the long part: SwiftNIO, Hummingbird and their dependencies, and the root
# package's libraries (the tests convert Keras fixtures with KerasImport).
echo "== Server: build (debug, with tests)"
swift build --scratch-path "$scratch" --build-tests

echo "== Server: tests"
swift test --scratch-path "$scratch" --skip-build

echo "== Server: lstm-serve smoke test (loopback, SIGTERM)"
bin="$(swift build --scratch-path "$scratch" --show-bin-path)"
work="$(mktemp -d)"
pid=""
cleanup() {
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/lstmw-testdata" random-model --input-features 8 --layer lstm:16:seq --layer lstm:8 --layer dense:3:softmax \
    --seed 3 --output "$work/tiny.lstmw"
"$bin/lstmw-testdata" request --batch 2 --time 5 --features 8 --seed 4 --output "$work/body.json"
"$bin/lstm-serve" --model tiny="$work/tiny.lstmw" --host 127.0.0.1 --port 0 2>"$work/serve.log" &
pid=$!

port=""
for _ in $(seq 1 100); do
    port="$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$work/serve.log" | head -n 1)"
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/serve.log" >&2; echo "error: lstm-serve exited early" >&2; exit 1; }
    sleep 0.1
done
[ -n "$port" ] || { cat "$work/serve.log" >&2; echo "error: lstm-serve did not start listening" >&2; exit 1; }

curl -fsS --max-time 10 "http://127.0.0.1:$port/health"; echo
answer="$(curl -fsS --max-time 10 -X POST "http://127.0.0.1:$port/v1/models/tiny:predict" --data-binary @"$work/body.json")"
echo "$answer"
case "$answer" in
    '{"predictions":[['*']]}') ;;
    *) echo "error: unexpected prediction" >&2; exit 1 ;;
esac
status="$(curl -sS --max-time 10 -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$port/v1/models/tiny:predict" -d '{"instances": [[[1]]]}')"
[ "$status" = 400 ] || { echo "error: a bad request got $status, not 400" >&2; exit 1; }

# SIGTERM, then up to 30 s for a graceful exit (in-flight requests finish first).
kill -TERM "$pid"
for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$pid" 2>/dev/null; then
    cat "$work/serve.log" >&2
    echo "error: lstm-serve still running 30 s after SIGTERM" >&2
    exit 1
fi
code=0
wait "$pid" || code=$?
pid=""
if [ "$code" -ne 0 ] || ! grep -q "stopped" "$work/serve.log"; then
    cat "$work/serve.log" >&2
    echo "error: lstm-serve did not stop cleanly on SIGTERM (exit $code)" >&2
    exit 1
fi
echo "lstm-serve smoke test passed: it answered, refused a bad request with 400 and stopped cleanly on SIGTERM"
