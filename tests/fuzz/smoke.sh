#!/usr/bin/env bash
# Runs every fuzz target of BUILD_DIR for a short, bounded time on its committed corpus, one per
# core at a time, and fails on any crash, broken check, timeout or memory limit: the smoke test
# tests/run-all.sh runs (docs/fuzzing.md). New corpus entries go to a temporary folder, so the
# committed corpus is only read; a failing input is kept under BUILD_DIR/fuzz-artifacts/.
#
#   tests/fuzz/smoke.sh BUILD_DIR [RUNS] [SECONDS]      defaults: 40000 runs, at most 8 s per target
#   (SMOKE_JOBS=N: targets run N at a time; default one per core)
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

# One target: its line (and on failure the report) in $scratch/NAME.out, its status in NAME.status.
run_one() {
  local exe=$1 name=${1##*/fuzz_}
  local corpus=$here/corpus/$name out=$scratch/$name.out
  if [ ! -d "$corpus" ]; then
    echo "fuzz_$name: no corpus in $corpus" >"$out"
    echo 1 >"$scratch/$name.status"
    return
  fi
  local options=(-seed=1 -runs="$runs" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048
                 -malloc_limit_mb=512 -print_final_stats=1 -artifact_prefix="$artifacts/$name-")
  [ -f "$here/$name.dict" ] && options+=(-dict="$here/$name.dict")
  mkdir -p "$scratch/$name"
  local log=$scratch/$name.log
  if "$exe" "${options[@]}" "$scratch/$name" "$corpus" >"$log" 2>&1; then
    local execs speed cov
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    printf 'fuzz_%-14s ok  %8s runs  %6s/s  %s\n' "$name" "$execs" "$speed" "$cov" >"$out"
    echo 0 >"$scratch/$name.status"
  else
    { echo "fuzz_$name: FAILED (input kept in $artifacts/)"
      grep -E -A3 'FUZZ CHECK FAILED|ERROR: (libFuzzer|AddressSanitizer|UndefinedBehaviorSanitizer)|runtime error|SUMMARY' "$log" | head -n 40
    } >"$out"
    echo 1 >"$scratch/$name.status"
  fi
}

# As many targets at once as there are cores (each is single-threaded); the report keeps their order.
parallel=${SMOKE_JOBS:-$(nproc 2>/dev/null || echo 2)}
for exe in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  run_one "$exe" &
done
wait
status=0
for exe in "${targets[@]}"; do
  name=${exe##*/fuzz_}
  cat "$scratch/$name.out"
  [ "$(cat "$scratch/$name.status")" = 0 ] || status=1
done
exit $status
