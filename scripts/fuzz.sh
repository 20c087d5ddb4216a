#!/usr/bin/env bash
# Runs the fuzzers of tests/fuzz (libFuzzer, ASan + UBSan, clang) longer than the test command does:
#   scripts/fuzz.sh                     every fuzzer for 5 minutes
#   scripts/fuzz.sh --time 60           every fuzzer for 60 s
#   scripts/fuzz.sh --target httphead   one fuzzer (repeatable; --list shows the names)
#   scripts/fuzz.sh -- -jobs=2          options after "--" go to libFuzzer
# The corpus grows in build-fuzz/corpus/<target> (not committed); a finding is written to
# build-fuzz/findings/<target>/ and the script says how to reproduce it and keep it as a
# regression input (tests/fuzz/regressions/<target>/, run by the ordinary test suite).
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/fuzzing.sh"

seconds=300
chosen=()
list=0
while [ $# -gt 0 ]; do
    case "$1" in
        --time) shift; seconds=${1:-}; [[ "$seconds" =~ ^[0-9]+$ ]] || die "--time takes seconds" ;;
        --target) shift; chosen+=("${1:-}") ;;
        --list) list=1 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        --) shift; break ;;
        *) die "unknown option: $1 (try --help)" ;;
    esac
    shift
done

install_missing_packages
fuzz_build
if [ "$list" -eq 1 ]; then
    fuzz_targets
    exit 0
fi
[ ${#chosen[@]} -gt 0 ] || mapfile -t chosen < <(fuzz_targets)

failed=()
for target in "${chosen[@]}"; do
    fuzz_targets | grep -qx "$target" || die "no fuzzer named '$target' (try --list)"
    fuzz_run "$target" "$seconds" "$@" || failed+=("$target")
done
[ ${#failed[@]} -eq 0 ] || die "findings in: ${failed[*]}"
say "No findings"
