#!/usr/bin/env bash
# The benchmark suite (docs/benchmarks.md): palaver-server beside its peers (Node ws, a
# gorilla/websocket hub at GOMAXPROCS 1 and 2, a raw epoll server as the ceiling), in one run, on
# loopback, each row on a fresh server. Server on core 0, load generator on core 1
# (../shared/design/performance.md). Writes bench-results/RUN.jsonl (every row), RUN.json (rows,
# versions, commit, machine load, min/median/max per figure) and RUN.md (the table).
#   scripts/bench.sh                the full run: Release build, 3 repetitions (about 20 minutes)
#   scripts/bench.sh --smoke        seconds: every scenario tiny on every arm, once; checks that
#                                   every row is valid (what CI runs), never timings
#   scripts/bench.sh --reps N       repetitions per row (arms alternate within a repetition)
#   scripts/bench.sh --only NAME    only the rows whose name starts with NAME (fanout, echo, idle,
#                                   store, relay, churn, client)
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$(dirname "$0")/lib/benchrun.sh"

mode=full reps=3 only=
while [ $# -gt 0 ]; do
    case $1 in
        --smoke) mode=smoke reps=1 ;;
        --reps) reps=${2:?--reps N}; shift ;;
        --only) only=${2:?--only NAME}; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) die "unknown option $1 (see --help)" ;;
    esac
    shift
done
[ "$(uname -s)" = Linux ] || die "the benchmarks need Linux (epoll, /proc)"

ALL_ARMS="palaver node-ws gorilla-1 gorilla-2 raw"
# name | users palaver needs: N in one room, N/R spread over R rooms, N/0 without a room, 0 the
# idle users without a room | arms | palaver-loadgen arguments. store and relay are palaver's
# alone: the peers keep no messages and ask no model.
if [ "$mode" = smoke ]; then
    ROWS=(
        "fanout-5|6|$ALL_ARMS|--scenario fanout --connections 5 --messages 20 --warmup 2 --timeout 10"
        "fanout-5-pipelined|6|$ALL_ARMS|--scenario fanout --connections 5 --messages 40 --warmup 4 --in-flight 8 --body-bytes 300 --timeout 10"
        "echo-4|4|$ALL_ARMS|--scenario echo --connections 4 --messages 20 --warmup 2 --timeout 10"
        "idle-20|0|$ALL_ARMS|--scenario idle --connections 20 --idle-seconds 1 --busy-clients 2 --busy-seconds 1 --timeout 10"
        "store-2-4|8/2|palaver|--scenario store --rooms 2 --connections 8 --in-flight 4 --messages 40 --warmup 4 --timeout 10"
        "relay-5|5/0|palaver|--scenario relay --connections 5 --reply-tokens 10 --tokens-per-second 100 --timeout 10"
        "churn-10|13|$ALL_ARMS|--scenario churn --connections 10 --cycles 2 --busy-clients 3 --timeout 10"
    )
    BENCH_IDLE_USERS=22
else
    ROWS=(
        "fanout-10|11|$ALL_ARMS|--scenario fanout --connections 10 --messages 5000 --warmup 500"
        "fanout-100|101|$ALL_ARMS|--scenario fanout --connections 100 --messages 2000 --warmup 200"
        "fanout-100-pipelined-300B|101|$ALL_ARMS|--scenario fanout --connections 100 --messages 4000 --warmup 400 --in-flight 16 --body-bytes 300"
        "fanout-1000|1001|$ALL_ARMS|--scenario fanout --connections 1000 --messages 300 --warmup 30"
        "echo-100|100|$ALL_ARMS|--scenario echo --connections 100 --messages 500 --warmup 50"
        # idle-5000 and idle-10000 run against node-ws alone (the best peer on every idle figure in
        # the last full run) to keep the full run within 20 minutes; idle-19000 runs every arm.
        "idle-5000|0|palaver node-ws|--scenario idle --connections 5000 --idle-seconds 5 --busy-clients 10 --busy-seconds 2"
        "idle-10000|0|palaver node-ws|--scenario idle --connections 10000 --idle-seconds 5 --busy-clients 10 --busy-seconds 2"
        # 19,000 held by one process: two source addresses so the load generator's side never
        # runs short of ephemeral ports (about 28k per source and target, and the rows before
        # leave theirs in TIME_WAIT). --timeout bounds the whole ramp (about 7 s on an idle machine;
        # a loaded one has taken 35 s).
        "idle-19000|0|palaver node-ws gorilla-1 raw|--scenario idle --connections 19000 --idle-seconds 5 --busy-clients 10 --busy-seconds 2 --sources 127.0.0.1,127.0.0.2 --timeout 120"
        "store-1-8|10/1|palaver|--scenario store --rooms 1 --connections 10 --in-flight 8 --messages 5000 --warmup 500"
        "store-10-8|100/10|palaver|--scenario store --rooms 10 --connections 100 --in-flight 8 --messages 1000 --warmup 100"
        "relay-10|10/0|palaver|--scenario relay --connections 10 --reply-tokens 500 --tokens-per-second 50"
        "relay-200|200/0|palaver|--scenario relay --connections 200 --reply-tokens 500 --tokens-per-second 50"
        "relay-1000|1000/0|palaver|--scenario relay --connections 1000 --reply-tokens 500 --tokens-per-second 50"
        "churn-1000|1010|$ALL_ARMS|--scenario churn --connections 1000 --cycles 10 --busy-clients 10"
    )
    BENCH_IDLE_USERS=19010
fi

bench_packages=(python3 util-linux golang-go golang-github-gorilla-websocket-dev)
# A Node.js that is already there may bring its own npm (NodeSource's nodejs), which Debian's npm
# package conflicts with: ask apt only for what is missing.
command -v node >/dev/null || bench_packages+=(nodejs)
command -v npm >/dev/null || bench_packages+=(npm)
install_missing_packages "${bench_packages[@]}"
if [ "$mode" = smoke ]; then
    # CI: the test tree scripts/test.sh built (Debug; correctness only).
    build_tree "$PALAVER_BUILD_DIR" Debug ON -DPALAVER_BUILD_BENCH=ON
    BENCH_BIN=$PALAVER_BUILD_DIR/bin
else
    build_release -DPALAVER_BUILD_BENCH=ON
    BENCH_BIN=$PALAVER_RELEASE_DIR/bin
fi

results=$PALAVER_ROOT/bench-results
mkdir -p "$results"
BENCH_PEERS=$results/peers
if [ ! -x "$BENCH_PEERS/raw-server" ] || [ -n "$(find "$PALAVER_ROOT/bench/peers" -newer "$BENCH_PEERS/raw-server" -print -quit)" ]; then
    say "Building the peers into $BENCH_PEERS"
    "$PALAVER_ROOT/bench/peers/build.sh" "$BENCH_PEERS" >"$results/peers-build.log" 2>&1 ||
        { cat "$results/peers-build.log" >&2; die "bench/peers/build.sh failed"; }
fi

run=$(date -u +%Y%m%dT%H%M%SZ)-$mode
BENCH_ROWS=$results/$run.jsonl
BENCH_WORK=$(mktemp -d)
trap 'stop_arm; stop_upstream; rm -rf "$BENCH_WORK"' EXIT
: >"$BENCH_ROWS"

BENCH_SERVER_CPU= BENCH_LOADGEN_CPU= pinning="not pinned (fewer than 2 cores)"
if [ "$(nproc)" -ge 2 ]; then
    BENCH_SERVER_CPU="taskset -c 0" BENCH_LOADGEN_CPU="taskset -c 1"
    pinning="server on core 0, load generator on core 1"
fi
# The idle rows hold up to 19,010 sockets in each process (server and load generator), and each
# process a few descriptors more of its own.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$mode" = full ] && [[ -z $only || idle-19000 == "$only"* ]] && [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt 19100 ]; then
    die "the idle-19000 row needs 19,100 open files per process (ulimit -n is $(ulimit -n))"
fi

loadavg=$(cut -d' ' -f1-3 /proc/loadavg)
say "Benchmarks ($mode, $reps repetitions): load average $loadavg"
for spec in "${ROWS[@]}"; do
    IFS='|' read -r name users arms args <<<"$spec"
    [ -z "$only" ] || [[ $name == "$only"* ]] || continue
    say "$name"
    for rep in $(seq "$reps"); do
        for arm in $arms; do
            # shellcheck disable=SC2086 # args is a word list by design
            run_row "$arm" "$rep" "$users" $args
        done
    done
done

# The client (docs/benchmarks.md, "Client"): palaver-clientbench, no server and no peers; it
# repeats inside itself, so it runs once here.
if [ -z "$only" ] || [[ client == "$only"* ]]; then
    say "client"
    client_args=()
    [ "$mode" = smoke ] && client_args=(--smoke)
    out=$("$BENCH_BIN/palaver-clientbench" ${client_args[@]+"${client_args[@]}"}) || true
    [ -n "$out" ] || out='{"scenario":"client","params":{},"figures":{},"valid":false,"reason":"palaver-clientbench printed no row"}'
    printf '%s\n' "$out" | sed 's/^{/{"arm":"palaver","rep":1,/' >>"$BENCH_ROWS"
    printf '%s\n' "$out" | grep -o '"scenario":"[a-z-]*"\|"valid":[a-z]*' | paste -sd' ' >&2
fi

python3 - "$results/$run.meta.json" <<PY
import json, platform, subprocess, sys
def out(*cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=10).stdout.strip()
    except OSError:
        return "?"
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
meta = {"date": "$run"[:16], "mode": "$mode", "reps": $reps, "loadavg": "$loadavg",
        "loadavg_after": open("/proc/loadavg").read().split()[:3],
        "commit": out("git", "-C", "$PALAVER_ROOT", "describe", "--always", "--dirty"),
        "machine": f"{cpu}, {out('nproc')} cores, Linux {platform.release()}", "pinning": "$pinning",
        "versions": {"palaver-server": out("$BENCH_BIN/palaver-server", "--version"),
                     "node-ws": out("node", "$BENCH_PEERS/node/server.js", "--version"),
                     "gorilla": out("$BENCH_PEERS/gorilla-server", "--version"),
                     "raw": out("$BENCH_PEERS/raw-server", "--version")}}
json.dump(meta, open(sys.argv[1], "w"), indent=1)
PY
status=0
python3 "$PALAVER_ROOT/bench/report.py" "$BENCH_ROWS" "$results/$run.meta.json" \
    "$results/$run.json" "$results/$run.md" || status=$?
rm -f "$results/$run.meta.json"
say "Results: $results/$run.md and $run.json"
[ "$mode" = smoke ] || cat "$results/$run.md"
[ $status -eq 0 ] || die "some rows are invalid (see the end of $results/$run.md)"
