#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test twice: a normal build (with the GUI tests
# under Xvfb) and an AddressSanitizer + UndefinedBehaviorSanitizer build of the core.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake/install-deps.sh
jobs=$(nproc 2>/dev/null || echo 2)

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DMAILSIM_SANITIZE=ON -DMAILSIM_GUI=OFF >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"
