#!/usr/bin/env bash
# Load test of lstm-serve on loopback, bounded in time and count.
#
# Builds lstm-convert (debug) and lstm-serve (release), converts the bundled example model,
# generates a medium random model (128 -> LSTM 256 (sequences) -> LSTM 256 -> Dense 1), starts
# lstm-serve on 127.0.0.1 with both, checks that its answer for Fixtures/example/input.npy is
# byte for byte what `lstm-convert run` computes, then drives each model with wrk at 1, 8 and 64
# connections for DURATION seconds each. It prints requests/s, p50/p99 latency, failed requests
# (connection errors, timeouts and non-2xx answers: must be 0) and the server's peak RSS, then
# stops the server with SIGTERM. Nothing but 127.0.0.1 is contacted.
#
# Usage: tools/load-test.sh            (about 2 minutes once built; DURATION=10 by default)
# Environment: DURATION (seconds per run, 1..60), CONNECTIONS (default "1 8 64"), PORT (default 18080),
#              MEDIUM_TIME (timesteps per medium request, default 32).
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-10}"
connections="${CONNECTIONS:-1 8 64}"
port="${PORT:-18080}"
medium_time="${MEDIUM_TIME:-32}"
case "$duration" in ''|*[!0-9]*) echo "DURATION must be a whole number of seconds" >&2; exit 64 ;; esac
if [ "$duration" -lt 1 ] || [ "$duration" -gt 60 ]; then echo "DURATION must be 1..60" >&2; exit 64; fi
for c in $connections; do
    case "$c" in ''|*[!0-9]*) echo "CONNECTIONS must be numbers" >&2; exit 64 ;; esac
    if [ "$c" -lt 1 ] || [ "$c" -gt 256 ]; then echo "each of CONNECTIONS must be 1..256" >&2; exit 64; fi
done

if ! command -v wrk >/dev/null || ! command -v curl >/dev/null || ! pkg-config --exists hdf5 2>/dev/null; then
    echo "== installing wrk, curl, libhdf5-dev and pkg-config"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq wrk curl libhdf5-dev pkg-config >/dev/null
fi

echo "== building lstm-convert (debug) and lstm-serve, lstmw-testdata (release)"
swift build --scratch-path .build-srv --product lstm-convert >/dev/null
convert=.build-srv/debug/lstm-convert
swift build --package-path Server --scratch-path Server/.build -c release --product lstm-serve >/dev/null
swift build --package-path Server --scratch-path Server/.build -c release --product lstmw-testdata >/dev/null
bin="$(swift build --package-path Server --scratch-path Server/.build -c release --show-bin-path)"

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then kill -KILL "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== models and request bodies"
"$convert" Fixtures/example/model.h5 "$work/example.lstmw" >/dev/null
"$bin/lstmw-testdata" random-model --input-features 128 --layer lstm:256:seq --layer lstm:256 --layer dense:1 \
    --seed 42 --output "$work/medium.lstmw"
"$bin/lstmw-testdata" request --npy Fixtures/example/input.npy --output "$work/small.json"
"$bin/lstmw-testdata" request --batch 1 --time "$medium_time" --features 128 --seed 7 --output "$work/medium.json"
echo "example: $(stat -c %s "$work/example.lstmw") bytes, request [4, 20, 8] ($(stat -c %s "$work/small.json") bytes of JSON)"
echo "medium:  $(stat -c %s "$work/medium.lstmw") bytes, request [1, $medium_time, 128] ($(stat -c %s "$work/medium.json") bytes of JSON)"

echo "== starting lstm-serve on 127.0.0.1:$port"
"$bin/lstm-serve" --model example="$work/example.lstmw" --model medium="$work/medium.lstmw" \
    --host 127.0.0.1 --port "$port" --log-level warning 2>"$work/serve.log" &
server=$!
for _ in $(seq 1 100); do
    curl -fs --max-time 1 "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; echo "lstm-serve exited" >&2; exit 1; }
    sleep 0.1
done
curl -fsS --max-time 5 "http://127.0.0.1:$port/health"; echo
rss_kib() { sed -n "s/^$1:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$server/status"; }
echo "idle RSS after loading both models: $(( $(rss_kib VmRSS) / 1024 )) MiB"

echo "== parity: lstm-serve's answer equals lstm-convert run on Fixtures/example/input.npy"
"$convert" run "$work/example.lstmw" --input Fixtures/example/input.npy --output "$work/y.npy"
"$bin/lstmw-testdata" npy-json "$work/y.npy" --key predictions >"$work/expected.json"
curl -fsS --max-time 10 -X POST "http://127.0.0.1:$port/v1/models/example:predict" \
    -H 'Content-Type: application/json' --data-binary @"$work/small.json" >"$work/got.json"
echo >>"$work/got.json"
if cmp -s "$work/expected.json" "$work/got.json"; then
    echo "identical: $(cat "$work/got.json")"
else
    echo "MISMATCH" >&2; diff "$work/expected.json" "$work/got.json" >&2; exit 1
fi
curl -fsS --max-time 30 -o /dev/null -X POST "http://127.0.0.1:$port/v1/models/medium:predict" --data-binary @"$work/medium.json"

cat >"$work/post.lua" <<'LUA'
-- POSTs the file named by BODY_FILE; prints one machine-readable line when done.
local file = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.3f p99_ms=%.3f failed=%d connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.connect, e.read, e.write, e.status, e.timeout))
end
LUA

echo "== wrk: ${duration}s per run, connections: $connections"
table="$work/table.md"
echo "| model | request | connections | requests/s | p50 ms | p99 ms | requests | failed | server peak RSS MiB |" >"$table"
echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |" >>"$table"
total_failed=0
for model in example medium; do
    if [ "$model" = example ]; then shape="[4, 20, 8]"; body="$work/small.json"; else shape="[1, $medium_time, 128]"; body="$work/medium.json"; fi
    for c in $connections; do
        threads=$(( c < 2 ? c : 2 ))
        out="$(BODY_FILE="$body" timeout $(( duration + 30 )) wrk -t "$threads" -c "$c" -d "${duration}s" --timeout 10s \
            -s "$work/post.lua" "http://127.0.0.1:$port/v1/models/$model:predict")"
        result="$(echo "$out" | grep '^RESULT')"
        field() { echo "$result" | sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
        peak=$(( $(rss_kib VmHWM) / 1024 ))
        total_failed=$(( total_failed + $(field failed) ))
        echo "$model c=$c: $(field rps) req/s, p50 $(field p50_ms) ms, p99 $(field p99_ms) ms, $(field requests) requests, $(field failed) failed ($result), peak RSS $peak MiB"
        echo "| $model | $shape | $c | $(field rps) | $(field p50_ms) | $(field p99_ms) | $(field requests) | $(field failed) | $peak |" >>"$table"
    done
done

echo "== server-side counts (GET /metrics)"
curl -fsS --max-time 5 "http://127.0.0.1:$port/metrics" | grep '^lstm_serve_requests_total' | tee "$work/counts.txt"
non200="$(grep 'endpoint="predict"' "$work/counts.txt" | grep -vc 'status="200"' || true)"

echo "== stopping lstm-serve (SIGTERM)"
kill -TERM "$server"
for _ in $(seq 1 300); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
code=0
if kill -0 "$server" 2>/dev/null; then
    echo "lstm-serve still running 30 s after SIGTERM" >&2
    code=1
else
    wait "$server" || code=$?
    server=""
fi
echo "lstm-serve exited with $code"

echo
echo "lstm-serve load test: $(nproc) cores, $(uname -m), wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), ${duration}s per run"
cat "$table"
if [ "$total_failed" -ne 0 ] || [ "$non200" -ne 0 ] || [ "$code" -ne 0 ]; then
    echo "FAILED: $total_failed failed requests, $non200 non-200 predict counts, server exit $code" >&2
    exit 1
fi
echo "0 failed requests; every prediction answered 200"
