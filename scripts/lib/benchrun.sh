# Starting and stopping one server under test for scripts/bench.sh (an "arm": palaver, node-ws,
# gorilla-1, gorilla-2, raw) and running palaver-loadgen against it.
# shellcheck shell=bash

# Set by the caller: BENCH_BIN (palaver-server and palaver-loadgen), BENCH_PEERS (build.sh's
# OUTDIR), BENCH_WORK (scratch), BENCH_ROWS (the JSON lines file), BENCH_SERVER_CPU and
# BENCH_LOADGEN_CPU (taskset prefixes, empty when not pinned).
arm_pid=
arm_port=

# Waits up to 10 s for "listening PORT" (peers) or "listening on HOST:PORT" (palaver-server) in
# LOG and sets arm_port.
wait_for_port() {
    local log=$1
    arm_port=
    for _ in $(seq 100); do
        arm_port=$(sed -n -e 's/^listening \([0-9][0-9]*\)$/\1/p' \
            -e 's/.*palaver-server listening on [0-9.]*:\([0-9][0-9]*\).*/\1/p' "$log" | head -1)
        [ -n "$arm_port" ] && return 0
        kill -0 "$arm_pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" >&2
    return 1
}

# start_arm ARM USERS: a fresh server for one row. For palaver, USERS bench users (bench-seed,
# one room with all of them, tokens in $BENCH_WORK/tokens; 0: users without a room).
start_arm() {
    local arm=$1 users=$2 log=$BENCH_WORK/server.log
    : >"$log"
    case $arm in
        palaver)
            rm -rf "$BENCH_WORK/data"
            local room=(--room bench)
            [ "$users" -eq 0 ] && room=() && users=${BENCH_IDLE_USERS:?}
            "$BENCH_BIN/palaver-server" bench-seed --users "$users" --prefix b "${room[@]}" \
                --tokens-out "$BENCH_WORK/tokens" --data-dir "$BENCH_WORK/data" >/dev/null
            $BENCH_SERVER_CPU "$BENCH_BIN/palaver-server" --data-dir "$BENCH_WORK/data" \
                --config "$PALAVER_ROOT/bench/palaver-bench.ini" --listen 127.0.0.1:0 \
                --no-detect --workers 1 --log-format plain >"$log" 2>&1 &
            ;;
        node-ws) $BENCH_SERVER_CPU node "$BENCH_PEERS/node/server.js" 0 >"$log" 2>&1 & ;;
        gorilla-1) GOMAXPROCS=1 $BENCH_SERVER_CPU "$BENCH_PEERS/gorilla-server" 0 >"$log" 2>&1 & ;;
        gorilla-2) GOMAXPROCS=2 $BENCH_SERVER_CPU "$BENCH_PEERS/gorilla-server" 0 >"$log" 2>&1 & ;;
        raw) $BENCH_SERVER_CPU "$BENCH_PEERS/raw-server" 0 >"$log" 2>&1 & ;;
        *) die "unknown arm $arm" ;;
    esac
    arm_pid=$!
    wait_for_port "$log"
}

stop_arm() {
    [ -n "$arm_pid" ] || return 0
    kill -TERM "$arm_pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$arm_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$arm_pid" 2>/dev/null
    wait "$arm_pid" 2>/dev/null
    arm_pid=
}

dialect_of() {
    case $1 in palaver) echo palaver ;; raw) echo raw ;; *) echo room ;; esac
}

# run_row ARM REP USERS LOADGEN-ARGS…: one measured row on a fresh server, appended to BENCH_ROWS
# with the arm and the repetition; a loadgen that fails leaves an invalid row saying so.
run_row() {
    local arm=$1 rep=$2 users=$3
    shift 3
    start_arm "$arm" "$users" || { stop_arm; die "$arm did not start"; }
    local dialect tokens=()
    dialect=$(dialect_of "$arm")
    [ "$dialect" = palaver ] && tokens=(--tokens "$BENCH_WORK/tokens")
    local out
    out=$($BENCH_LOADGEN_CPU "$BENCH_BIN/palaver-loadgen" --dialect "$dialect" "${tokens[@]}" \
        --target "127.0.0.1:$arm_port" --server-pid "$arm_pid" --label "$arm" "$@") || true
    stop_arm
    if [ -z "$out" ]; then
        local scenario=? previous=
        for arg in "$@"; do [ "$previous" = --scenario ] && scenario=$arg; previous=$arg; done
        out="{\"scenario\":\"$scenario\",\"params\":{},\"figures\":{},\"valid\":false,\"reason\":\"palaver-loadgen printed no row ($*)\"}"
    fi
    printf '%s\n' "$out" | sed "s/^{/{\"arm\":\"$arm\",\"rep\":$rep,/" >>"$BENCH_ROWS"
    printf '  %-10s rep %s  %s\n' "$arm" "$rep" "$(printf '%s' "$out" | grep -o '"valid":[a-z]*')" >&2
}
