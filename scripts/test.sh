#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test (headless).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/fuzzing.sh"

install_missing_packages
build_all

say "Running the test suite"
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
cd "$PALAVER_BUILD_DIR"
ctest --output-on-failure --no-tests=error -j"$(nproc)" --timeout 300 "$@"

# The benchmark suite's smoke mode: every scenario tiny, on palaver-server and on each peer, checking
# that every row is valid (delivered == expected, in order); never timings. PALAVER_BENCH_SMOKE=0
# skips it; scripts/bench.sh without --smoke is the measured run.
if [ "${PALAVER_BENCH_SMOKE:-1}" != 0 ] && [ "$(uname -s)" = Linux ]; then
    "$PALAVER_ROOT/scripts/bench.sh" --smoke
fi

# Every fuzzer for a bounded time (PALAVER_FUZZ_SECONDS each, 0 skips; scripts/fuzz.sh runs longer).
fuzz_seconds=${PALAVER_FUZZ_SECONDS:-15}
if [ "$fuzz_seconds" -gt 0 ]; then
    fuzz_build
    fuzz_failed=()
    for target in $(fuzz_targets); do
        fuzz_run "$target" "$fuzz_seconds" || fuzz_failed+=("$target")
    done
    [ ${#fuzz_failed[@]} -eq 0 ] || die "fuzzer findings in: ${fuzz_failed[*]}"
fi
