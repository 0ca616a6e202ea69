#!/usr/bin/env bash
# Runs the test suite under the sanitizers (see docs/fuzzing.md):
#
#   tools/sanitizers.sh            both passes below
#   tools/sanitizers.sh address    the whole suite with AddressSanitizer (scratch .build-asan)
#   tools/sanitizers.sh thread     the concurrency tests with ThreadSanitizer (scratch .build-tsan):
#                                  one Model shared by many tasks must give bit-identical results
#
# Environment:
#   SANITIZER_FILTER  the tests for the thread pass (default "Concurrency", a swift test --filter)
#   SANITIZER_CLEAN=1 delete the scratch folder first, to time a build from nothing
#
# libhdf5 and Foundation are not instrumented: ASan still catches our code's bad reads and writes
# of memory libhdf5 hands back, but not libhdf5's own.
set -euo pipefail
cd "$(dirname "$0")/.."

run_pass() {
    local name="$1" scratch="$2"; shift 2
    [ "${SANITIZER_CLEAN:-0}" = 1 ] && rm -rf "$scratch"
    echo "== swift test $* (scratch $scratch)" >&2
    local start status=0
    start=$(date +%s)
    swift test --scratch-path "$scratch" "$@" || status=$?
    echo "== $name pass: exit $status after $(( $(date +%s) - start ))s" >&2
    return "$status"
}

# Leak detection is off: the Swift runtime, Foundation and libhdf5 keep caches alive until exit, and
# LeakSanitizer's report on exit of each lstm-convert the CLI tests start would add stderr lines.
# Use-after-free, overflows and double frees are all still fatal.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:halt_on_error=1}"
export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

address() { run_pass address .build-asan --sanitize=address; }
thread() { run_pass thread .build-tsan --sanitize=thread --filter "${SANITIZER_FILTER:-Concurrency}"; }

case "${1:-all}" in
    address) address ;;
    thread) thread ;;
    all) address && thread ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
