#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test (headless).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

install_missing_packages
build_all

say "Running the test suite"
export QT_QPA_PLATFORM=offscreen QT_QUICK_BACKEND=software
cd "$PALAVER_BUILD_DIR"
ctest --output-on-failure --no-tests=error -j"$(nproc)" --timeout 300 "$@"
