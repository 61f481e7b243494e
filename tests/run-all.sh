#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test twice: a normal build (with the GUI tests
# under Xvfb), then a clang build of the core with AddressSanitizer + UndefinedBehaviorSanitizer that
# also holds the libFuzzer targets, each run for a few seconds on its committed corpus
# (docs/fuzzing.md). Uses ccache when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

# Release at -O2, the optimisation the app ships with, without debug info: gcc spends a third of
# its time on -g, and the tests read no symbols (the sanitizer build below has them for its reports).
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" "${launcher[@]}" >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

# The sanitizer run and the fuzz targets share one clang build: every library and test with
# AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer's coverage (-DMAILSIM_FUZZ=ON), so CI
# compiles the core twice, not three times. (-DMAILSIM_SANITIZE=ON is the same check with gcc.)
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DMAILSIM_FUZZ=ON -DMAILSIM_GUI=OFF \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-fuzz --output-on-failure -j"$jobs"
tests/fuzz/smoke.sh build-fuzz
