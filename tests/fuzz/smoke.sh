#!/usr/bin/env bash
# Runs every fuzz target of BUILD_DIR for a short, bounded time on its committed corpus, one after
# another, and fails on the first crash, broken check, timeout or memory limit: the smoke test
# tests/run-all.sh runs (docs/fuzzing.md). New corpus entries go to a temporary folder, so the
# committed corpus is only read; a failing input is kept under BUILD_DIR/fuzz-artifacts/.
#
#   tests/fuzz/smoke.sh BUILD_DIR [RUNS] [SECONDS]      defaults: 40000 runs, at most 8 s per target
#
# Prints one line per target: runs done, runs per second, and the coverage (libFuzzer's "cov:").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: smoke.sh BUILD_DIR [RUNS] [SECONDS]}
runs=${2:-40000}
seconds=${3:-8}
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

shopt -s nullglob
targets=("$build"/tests/fuzz/fuzz_*)
[ ${#targets[@]} -gt 0 ] || { echo "smoke.sh: no fuzz targets in $build/tests/fuzz (configure with -DMAILSIM_FUZZ=ON)" >&2; exit 2; }

status=0
for exe in "${targets[@]}"; do
  name=${exe##*/fuzz_}
  corpus=$here/corpus/$name
  [ -d "$corpus" ] || { echo "fuzz_$name: no corpus in $corpus" >&2; status=1; continue; }
  options=(-seed=1 -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
           -malloc_limit_mb=512 -print_final_stats=1 -artifact_prefix="$artifacts/$name-")
  [ -f "$here/$name.dict" ] && options+=(-dict="$here/$name.dict")
  mkdir -p "$scratch/$name"
  log=$scratch/$name.log
  if "$exe" "${options[@]}" "$scratch/$name" "$corpus" >"$log" 2>&1; then
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    printf 'fuzz_%-14s ok  %8s runs  %6s/s  %s\n' "$name" "$execs" "$speed" "$cov"
  else
    echo "fuzz_$name: FAILED (input kept in $artifacts/)"
    grep -E -A3 'FUZZ CHECK FAILED|ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error|SUMMARY' "$log" | head -n 40
    status=1
  fi
done
exit $status
