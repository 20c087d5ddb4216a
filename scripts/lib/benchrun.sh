# Starting and stopping one server under test for scripts/bench.sh (an "arm": palaver, node-ws,
# gorilla-1, gorilla-2, raw) and running palaver-loadgen against it.
# shellcheck shell=bash

# Set by the caller: BENCH_BIN (palaver-server, palaver-loadgen, palaver-fakeupstream), BENCH_PEERS (build.sh's
# OUTDIR), BENCH_WORK (scratch), BENCH_ROWS (the JSON lines file), BENCH_SERVER_CPU and
# BENCH_LOADGEN_CPU (taskset prefixes, empty when not pinned).
arm_pid=
arm_port=
upstream_pid=
upstream_port=

# listening_port LOG PID: waits up to 10 s (or until PID ends) for "listening PORT" (peers,
# palaver-fakeupstream) or "listening on HOST:PORT" (palaver-server) in LOG and prints PORT;
# shows LOG and fails when none came.
listening_port() {
    local log=$1 pid=$2 port
    for _ in $(seq 100); do
        port=$(sed -n -e 's/^listening \([0-9][0-9]*\)$/\1/p' \
            -e 's/.*palaver-server listening on [0-9.]*:\([0-9][0-9]*\).*/\1/p' "$log" | head -1)
        [ -n "$port" ] && echo "$port" && return 0
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    cat "$log" >&2
    return 1
}

# start_upstream: a palaver-fakeupstream for a relay row, on the load generator's core (the
# server's core stays the server's); sets upstream_pid and upstream_port.
start_upstream() {
    local log=$BENCH_WORK/upstream.log
    $BENCH_LOADGEN_CPU "$BENCH_BIN/palaver-fakeupstream" 0 >"$log" 2>&1 &
    upstream_pid=$!
    upstream_port=$(listening_port "$log" "$upstream_pid")
}

stop_upstream() {
    [ -n "$upstream_pid" ] || return 0
    kill -TERM "$upstream_pid" 2>/dev/null || true
    wait "$upstream_pid" 2>/dev/null || true
    upstream_pid='' upstream_port=''
}

# start_arm ARM USERS: a fresh server for one row. For palaver, USERS is N[/R]: N bench users
# (bench-seed, tokens in $BENCH_WORK/tokens) in one room, or spread over R rooms (R 0: no room);
# 0 alone: $BENCH_IDLE_USERS users without a room. With a fake upstream running (upstream_port),
# palaver's model is that upstream.
start_arm() {
    local arm=$1 users=${2%/*} log=$BENCH_WORK/server.log
    : >"$log"
    case $arm in
        palaver)
            rm -rf "$BENCH_WORK/data"
            local rooms=1 room=(--room bench) model=()
            [ "$2" != "$users" ] && rooms=${2#*/}
            [ "$rooms" -gt 1 ] && room+=(--rooms "$rooms")
            [ "$rooms" -eq 0 ] && room=()
            [ "$users" -eq 0 ] && room=() && users=${BENCH_IDLE_USERS:?}
            [ -n "$upstream_port" ] && model=(--llm-kind openai --llm-model fake
                --llm-url "http://127.0.0.1:$upstream_port/v1")
            "$BENCH_BIN/palaver-server" bench-seed --users "$users" --prefix b "${room[@]}" \
                --tokens-out "$BENCH_WORK/tokens" --data-dir "$BENCH_WORK/data" >/dev/null
            $BENCH_SERVER_CPU "$BENCH_BIN/palaver-server" --data-dir "$BENCH_WORK/data" \
                --config "$PALAVER_ROOT/bench/palaver-bench.ini" --listen 127.0.0.1:0 \
                --no-detect --workers 1 --log-format plain "${model[@]}" >"$log" 2>&1 &
            ;;
        node-ws) $BENCH_SERVER_CPU node "$BENCH_PEERS/node/server.js" 0 >"$log" 2>&1 & ;;
        gorilla-1) GOMAXPROCS=1 $BENCH_SERVER_CPU "$BENCH_PEERS/gorilla-server" 0 >"$log" 2>&1 & ;;
        gorilla-2) GOMAXPROCS=2 $BENCH_SERVER_CPU "$BENCH_PEERS/gorilla-server" 0 >"$log" 2>&1 & ;;
        raw) $BENCH_SERVER_CPU "$BENCH_PEERS/raw-server" 0 >"$log" 2>&1 & ;;
        *) die "unknown arm $arm" ;;
    esac
    arm_pid=$!
    arm_port=$(listening_port "$log" "$arm_pid")
}

# Under set -e: a kill of a process that already ended, or its non-zero exit, is no failure here.
stop_arm() {
    [ -n "$arm_pid" ] || return 0
    kill -TERM "$arm_pid" 2>/dev/null || true
    for _ in $(seq 100); do kill -0 "$arm_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$arm_pid" 2>/dev/null || true
    wait "$arm_pid" 2>/dev/null || true
    arm_pid=
}

dialect_of() {
    case $1 in palaver) echo palaver ;; raw) echo raw ;; *) echo room ;; esac
}

# run_row ARM REP USERS LOADGEN-ARGS…: one measured row on a fresh server, appended to BENCH_ROWS
# with the arm and the repetition; a loadgen that fails leaves an invalid row saying so. A relay
# row gets a fresh palaver-fakeupstream too, stopped with the server.
run_row() {
    local arm=$1 rep=$2 users=$3
    shift 3
    if [[ " $* " == *" --scenario relay "* ]]; then
        start_upstream || { stop_upstream; die "palaver-fakeupstream did not start"; }
    fi
    start_arm "$arm" "$users" || { stop_arm; stop_upstream; die "$arm did not start"; }
    local dialect tokens=()
    dialect=$(dialect_of "$arm")
    [ "$dialect" = palaver ] && tokens=(--tokens "$BENCH_WORK/tokens")
    local out
    out=$($BENCH_LOADGEN_CPU "$BENCH_BIN/palaver-loadgen" --dialect "$dialect" "${tokens[@]}" \
        --target "127.0.0.1:$arm_port" --server-pid "$arm_pid" --label "$arm" "$@") || true
    stop_arm
    stop_upstream
    if [ -z "$out" ]; then
        local scenario=? previous=
        for arg in "$@"; do [ "$previous" = --scenario ] && scenario=$arg; previous=$arg; done
        out="{\"scenario\":\"$scenario\",\"params\":{},\"figures\":{},\"valid\":false,\"reason\":\"palaver-loadgen printed no row ($*)\"}"
    fi
    printf '%s\n' "$out" | sed "s/^{/{\"arm\":\"$arm\",\"rep\":$rep,/" >>"$BENCH_ROWS"
    printf '  %-10s rep %s  %s\n' "$arm" "$rep" "$(printf '%s' "$out" | grep -o '"valid":[a-z]*')" >&2
}
