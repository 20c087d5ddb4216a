# The libFuzzer harnesses of tests/fuzz: building them (clang, ASan + UBSan, in their own tree)
# and running them. Used by scripts/fuzz.sh (long runs) and scripts/test.sh (short, bounded runs).
# shellcheck shell=bash

PALAVER_FUZZ_DIR=${PALAVER_FUZZ_DIR:-$PALAVER_ROOT/build-fuzz}

# Configures (once) and builds the fuzz_* executables in $PALAVER_FUZZ_DIR.
fuzz_build() {
    say "Building the fuzzers in $PALAVER_FUZZ_DIR"
    if [ ! -f "$PALAVER_FUZZ_DIR/CMakeCache.txt" ]; then
        local cxx
        cxx=$(command -v clang++-14 || command -v clang++) || die "no clang++ (the package clang-14)"
        local launcher=()
        command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        cmake -S "$PALAVER_ROOT" -B "$PALAVER_FUZZ_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
            -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" -DPALAVER_BUILD_FUZZERS=ON \
            -DPALAVER_BUILD_SERVER=ON -DPALAVER_BUILD_CLIENT=OFF -DPALAVER_BUILD_TESTS=ON >/dev/null
    else
        cmake "$PALAVER_FUZZ_DIR" >/dev/null # picks up new seeds and harnesses
    fi
    local targets=()
    local name
    while read -r name _; do targets+=("fuzz_$name"); done <"$PALAVER_FUZZ_DIR/tests/fuzz/fuzz-targets.txt"
    cmake --build "$PALAVER_FUZZ_DIR" -j"$(nproc)" --target "${targets[@]}"
}

# The harness names, one a line.
fuzz_targets() {
    cut -d' ' -f1 "$PALAVER_FUZZ_DIR/tests/fuzz/fuzz-targets.txt"
}

# The input folders of a harness (seeds and regressions; some may not exist), one a word.
fuzz_inputs() {
    grep "^$1 " "$PALAVER_FUZZ_DIR/tests/fuzz/fuzz-targets.txt" | cut -d' ' -f2-
}

# A libFuzzer dictionary from the seeds: every quoted word of their JSON ("type", "delta", …) and
# the framing tokens; Qt's string comparisons are not instrumented, so the fuzzer cannot learn them.
fuzz_dictionary() {
    local target=$1 out=$2
    {
        printf '"%s"\n' 'data:' 'event:' 'error:' ': ' '\x0d\x0a' '[DONE]' 'HTTP/1.1' 'GET ' \
            '\x0d\x0a\x0d\x0a' 'true' 'false' 'null' '/v1/ws' '/healthz' '/v1/info' 'Upgrade: websocket' \
            'Sec-WebSocket-Protocol: ' 'palaver.v1'
        # shellcheck disable=SC2046 # the input folders are separate words
        grep -rhoE '"[A-Za-z0-9_./-]{1,40}"' $(fuzz_inputs "$target") 2>/dev/null | sort -u | sed 's/"/\\"/g; s/.*/"&"/'
    } >"$out"
}

# fuzz_run TARGET SECONDS [libFuzzer options…]: runs one harness on its growing corpus
# ($PALAVER_FUZZ_DIR/corpus/TARGET, seeded from the fixtures and the kept regressions). Returns
# non-zero on a finding, after saying where the reproducer is and how to keep it.
fuzz_run() {
    local target=$1 seconds=$2
    shift 2
    local corpus="$PALAVER_FUZZ_DIR/corpus/$target"
    local findings="$PALAVER_FUZZ_DIR/findings/$target"
    local dict="$PALAVER_FUZZ_DIR/corpus/$target.dict"
    local seeds=() dir
    for dir in $(fuzz_inputs "$target"); do
        [ -d "$dir" ] && seeds+=("$dir")
    done
    mkdir -p "$corpus" "$findings"
    fuzz_dictionary "$target" "$dict"
    say "Fuzzing $target for ${seconds}s"
    local log="$findings/last-run.log"
    local status=0
    # Leak detection stays on (Qt's globals do not trip it). The reads of a stream decoder are
    # cheap, so 8 KiB inputs are plenty and keep a run at thousands of executions per second.
    "$PALAVER_FUZZ_DIR/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=8192 -dict="$dict" -print_final_stats=1 -artifact_prefix="$findings/" "$@" \
        "$corpus" "${seeds[@]}" >"$log" 2>&1 || status=$?
    grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::average_exec_per_sec)' "$log" \
        | tail -3 | sed "s/^/    $target: /" >&2
    grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|REDUCE|NEW)' "$log" | tail -1 | sed "s/^/    $target: /" >&2
    if [ "$status" -ne 0 ]; then
        local artifact
        artifact=$(grep -oE "Test unit written to [^ ]+" "$log" | tail -1 | cut -d' ' -f5)
        sed -n '/ERROR\|fuzz invariant\|runtime error/,+25p' "$log" | head -40 >&2
        printf '\nerror: fuzz_%s found a problem (log: %s)\n' "$target" "$log" >&2
        if [ -n "$artifact" ]; then
            printf '  reproduce: %s %s\n' "$PALAVER_FUZZ_DIR/bin/fuzz_$target" "$artifact" >&2
            printf '  after fixing, keep it:  cp %s %s/tests/fuzz/regressions/%s/<what-it-was>\n' \
                "$artifact" "$PALAVER_ROOT" "$target" >&2
        fi
        return 1
    fi
}
