#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test twice: a normal build (with the GUI tests
# under Xvfb) and an AddressSanitizer + UndefinedBehaviorSanitizer build of the core; then builds the
# libFuzzer targets with clang and runs each for a few seconds on its committed corpus
# (docs/fuzzing.md). Uses ccache when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMAILSIM_SANITIZE=ON -DMAILSIM_GUI=OFF "${launcher[@]}" >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

cmake -S . -B build-fuzz -DMAILSIM_FUZZ=ON -DMAILSIM_TESTS=OFF -DMAILSIM_GUI=OFF \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzzers
tests/fuzz/smoke.sh build-fuzz
