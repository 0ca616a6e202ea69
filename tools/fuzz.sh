#!/usr/bin/env bash
# Builds and runs the libFuzzer targets in Fuzz/ (see docs/fuzzing.md).
#
#   tools/fuzz.sh TARGET SECONDS   run one target (lstmw, npy, config, hdf5, keras, predict) for SECONDS
#   tools/fuzz.sh --smoke [SECONDS] every target: each seed once, then SECONDS of fuzzing from the
#                                  seeds only (default 25), FUZZ_PARALLEL targets at a time;
#                                  exits non-zero if any finds a problem in our code (for CI)
#   tools/fuzz.sh --build          build the targets only
#   tools/fuzz.sh --triage TARGET  replay every saved finding of TARGET: in our code, or inside libhdf5
#   tools/fuzz.sh --list           list the targets
#
# Environment:
#   FUZZ_WORK     work folder (default .build-fuzz/work): corpus/TARGET grows across runs,
#                 artifacts/TARGET holds crashing inputs, logs/TARGET.log the last run's output
#   FUZZ_SCRATCH  SwiftPM scratch folder (default .build-fuzz)
#   FUZZ_SKIP_BUILD=1  use the targets as built (to run several targets in parallel after --build)
#   FUZZ_ARGS     extra libFuzzer arguments, such as "-jobs=2 -workers=2" or "-only_ascii=1"
#   FUZZ_PARALLEL targets --smoke runs at once (default: the number of cores; each uses one)
#
# Every finding is saved as FUZZ_WORK/artifacts/TARGET/crash-* (or oom-*, timeout-*, leak-*);
# replay one with: .build-fuzz/release/fuzz-TARGET FILE
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(lstmw npy config hdf5 keras predict)
scratch="${FUZZ_SCRATCH:-.build-fuzz}"
work="${FUZZ_WORK:-$scratch/work}"

usage() { sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

build() {
    [ "${FUZZ_SKIP_BUILD:-0}" = 1 ] && return 0
    echo "== building fuzz targets (-c release -sanitize=fuzzer,address) into $scratch" >&2
    # SwiftPM does not notice an edited manifest of a path dependency (the root package): re-plan.
    rm -f "$scratch/release.yaml"
    # Release: -O keeps Swift's overflow and bounds traps and runs ~10x more inputs per second than
    # debug. lld: gold prints a warning for every ASan helper symbol.
    swift build -c release --package-path Fuzz --scratch-path "$scratch" \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld \
        2>&1 | { grep -v "Cannot export local symbol" || true; } >&2
}

# Copies the seed inputs of target $1 into $2 (fresh each run: the committed seeds are the floor).
seed() {
    local target="$1" dir="$2" f
    rm -rf "$dir" && mkdir -p "$dir"
    case "$target" in
        lstmw)  cp Tests/Corpus/lstmw/*.lstmw "$dir"/ ;;
        npy)    for f in Fixtures/*/*.npy Tests/Corpus/npy/*.npy; do
                    if [ -f "$f" ]; then cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; fi
                done ;;
        config) cp Tests/Corpus/config/*.json "$dir"/ ;;
        predict) cp Tests/Corpus/predict/*.json "$dir"/ ;;
        hdf5)   for f in Fixtures/*/model.h5 Fixtures/graph/*/model.h5 Fixtures/state/*/model.h5 Fixtures/invalid/*.h5 Tests/Corpus/h5/*.h5; do
                    if [ -f "$f" ]; then cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; fi
                done ;;
        keras)  for f in Fixtures/kinds/*/model.keras Tests/Corpus/kinds/*.keras Tests/Corpus/keras/*.keras; do
                    if [ -f "$f" ]; then cp "$f" "$dir/$(echo "$f" | tr '/' '_')"; fi
                done ;;
        *) echo "error: unknown fuzz target '$target' (known: ${targets[*]})" >&2; exit 2 ;;
    esac
}

# Runs target $1 for $2 seconds; $3 = "smoke" to start from the seeds alone.
run() {
    local target="$1" seconds="$2" mode="${3:-}"
    local binary="$scratch/release/fuzz-$target"
    local corpus="$work/corpus/$target" seeds="$work/seeds/$target" artifacts="$work/artifacts/$target"
    local log="$work/logs/$target.log"
    [ -x "$binary" ] || { echo "error: $binary is missing; run tools/fuzz.sh --build" >&2; exit 1; }
    seed "$target" "$seeds"
    if [ "$mode" = smoke ]; then
        corpus="$work/smoke/corpus/$target" artifacts="$work/smoke/artifacts/$target"
        rm -rf "$corpus" "$artifacts"
    fi
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    local extra=()
    [ -f "Fuzz/dictionaries/$target.dict" ] && extra+=("-dict=Fuzz/dictionaries/$target.dict")
    if [ "$target" = keras ]; then
        # The weights inside an archive go through libhdf5 too: same fork mode and triage as hdf5.
        extra+=("-max_len=262144" "-detect_leaks=0" "-fork=1" "-ignore_crashes=1" "-ignore_timeouts=1" "-ignore_ooms=1")
    fi
    if [ "$target" = hdf5 ]; then
        # libhdf5 1.10 hangs, crashes and leaks on some corrupt files (docs/fuzzing.md): fork mode
        # keeps going past those, and triage afterwards fails the run only for findings in our code.
        extra+=("-max_len=1048576" "-detect_leaks=0" "-fork=1" "-ignore_crashes=1" "-ignore_timeouts=1" "-ignore_ooms=1")
    fi
    # shellcheck disable=SC2206
    extra+=(${FUZZ_ARGS:-})
    echo "== fuzz-$target for ${seconds}s (corpus $corpus, findings in $artifacts/, log $log)" >&2
    if [ "$mode" = smoke ]; then replay_seeds "$target" "$binary" "$seeds" || return 1; fi
    local start status=0
    start=$(date +%s)
    # libFuzzer's own limits: -rss_limit_mb also caps single mallocs (-malloc_limit_mb defaults to it).
    "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${extra[@]}" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    local elapsed=$(( $(date +%s) - start ))
    local stats
    stats=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    echo "   ${elapsed}s, exit $status: ${stats:-no stats}" >&2
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" | sed 's/^/   /' >&2 || true
    if [ "$target" = hdf5 ] || [ "$target" = keras ]; then
        triage "$target" "$artifacts" || { echo "error: fuzz-$target found a problem in our code; see $log" >&2; return 1; }
        return 0
    fi
    if [ "$status" -ne 0 ]; then
        echo "error: fuzz-$target found a problem; see $log and:" >&2
        ls -1 "$artifacts" | sed "s|^|   $artifacts/|" >&2
        grep -m1 -E 'ERROR: |Fatal error|SUMMARY' "$log" >&2 || tail -20 "$log" >&2
        return 1
    fi
}

# Runs target $1 (binary $2) once on every file in $3, each whole (libFuzzer cuts inputs of a corpus
# folder to -max_len; named files it runs as they are), and fails if any of them fails: the smoke's
# fuzzing then starts from seeds that are known to have all run.
replay_seeds() {
    local target="$1" binary="$2" seeds="$3" log="$work/logs/$1.seeds.log" status=0 count executed
    count=$(find "$seeds" -type f | wc -l)
    local asan="${ASAN_OPTIONS:-}"
    # Leak checks as in the fuzzing below: off for the targets that reach libhdf5 and ZIPFoundation
    # (both leak small buffers: docs/fuzzing.md), on for the others.
    case "$target" in hdf5|keras) asan="detect_leaks=0${asan:+:$asan}" ;; esac
    ASAN_OPTIONS="$asan" "$binary" -rss_limit_mb=2048 -timeout=10 "$seeds"/* >"$log" 2>&1 || status=$?
    executed=$(grep -c '^Executed ' "$log" || true)
    if [ "$status" -ne 0 ] || [ "$executed" -ne "$count" ]; then
        echo "error: fuzz-$target failed on its seeds (exit $status, $executed of $count run); see $log" >&2
        grep -m1 -E 'ERROR: |Fatal error|SUMMARY' "$log" >&2 || tail -20 "$log" >&2
        return 1
    fi
    echo "   all $count seeds ran once" >&2
}

# Runs every target from its seeds for $1 seconds, FUZZ_PARALLEL at a time, printing each one's
# report when it ends (in the order of `targets`); fails if any target fails.
smoke() {
    local seconds="$1" parallel="${FUZZ_PARALLEL:-$(nproc 2>/dev/null || echo 1)}" failed=0 target
    local running=() reports="$work/smoke/reports"
    mkdir -p "$reports"
    finish_oldest() {
        wait "${running[0]}" || failed=1
        cat "$reports/${running[1]}" >&2
        running=("${running[@]:2}")
    }
    for target in "${targets[@]}"; do
        run "$target" "$seconds" smoke >"$reports/$target" 2>&1 &
        running+=("$!" "$target")
        if [ "${#running[@]}" -ge $(( 2 * parallel )) ]; then finish_oldest; fi
    done
    while [ "${#running[@]}" -gt 0 ]; do finish_oldest; done
    return "$failed"
}

# Prints where the finding in artifact $2 of target $1 happens: "ours" if the first stack frame
# outside the sanitizer, libFuzzer, libc and the Swift runtime is in our code, "libhdf5" if it is
# inside libhdf5 (C, not ours to fix: see docs/fuzzing.md), then the frame.
classify() {
    local target="$1" artifact="$2" frame output
    if output=$("$scratch/release/fuzz-$target" -timeout=3 -rss_limit_mb=2048 "$artifact" 2>&1); then
        echo "not reproducible (fork mode saves the input of a job that died oddly; often empty)"
        return
    fi
    frame=$(echo "$output" | grep -E '^ +#[0-9]+ 0x' \
        | grep -vE 'compiler-rt|__sanitizer|fuzzer::|libc\.so|libstdc\+\+|/include/c\+\+/|libswiftCore\.so|_assertionFailure|_fatalErrorMessage' \
        | head -1 || true)
    case "$frame" in
        *libhdf5*) echo "libhdf5 ${frame#*in }" ;;
        "") echo "ours (no stack)" ;;
        *) echo "ours ${frame#*in }" ;;
    esac
}

# Replays every finding of target $1 (in folder $2, default FUZZ_WORK/artifacts/TARGET); fails if
# any is in our code.
triage() {
    local target="$1" artifacts="${2:-$work/artifacts/$1}" file verdict ours=0 library=0
    [ -d "$artifacts" ] || return 0
    for file in "$artifacts"/crash-* "$artifacts"/oom-* "$artifacts"/timeout-* "$artifacts"/leak-*; do
        [ -f "$file" ] || continue
        verdict=$(classify "$target" "$file")
        echo "   $(basename "$file"): $verdict" >&2
        case "$verdict" in libhdf5*|"not reproducible"*) library=$((library + 1)) ;; *) ours=$((ours + 1)) ;; esac
    done
    echo "   triage of fuzz-$target: $ours finding(s) in our code, $library inside libhdf5 or not reproducible" >&2
    [ "$ours" -eq 0 ]
}

case "${1:-}" in
    --list) printf '%s\n' "${targets[@]}" ;;
    --triage) [ $# -eq 2 ] || usage; triage "$2" ;;
    --build) build ;;
    --smoke)
        seconds="${2:-25}"
        build
        smoke "$seconds"
        ;;
    ""|-h|--help) usage ;;
    *)
        [ $# -eq 2 ] || usage
        [[ "$2" =~ ^[0-9]+$ ]] || usage
        printf '%s\n' "${targets[@]}" | grep -qx "$1" || { echo "error: unknown fuzz target '$1' (known: ${targets[*]})" >&2; exit 2; }
        build
        run "$1" "$2"
        ;;
esac
