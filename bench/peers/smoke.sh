#!/usr/bin/env bash
# Smoke test of the benchmark peers (not product code): starts each on a free loopback port, checks
# join/send/echo with a tiny client (smoke-client.js for the WebSocket ones, smoke-raw.py for the
# raw one), stops it with SIGTERM and checks it exits 0. Everything it starts it stops itself;
# every wait is bounded.
# Usage: bench/peers/smoke.sh [OUTDIR]   (OUTDIR from build.sh; without it, builds into a temp dir)
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null; done
    rm -rf "$work"
}
trap cleanup EXIT

if [[ $# -ge 1 ]]; then
    out=$(cd "$1" && pwd)
else
    out=$work/out
    "$here/build.sh" "$out" >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
fi

failures=0
# check NAME CLIENT... : starts the peer (the command in $start), runs the client against its port.
check() {
    local name=$1
    shift
    local log=$work/$name.out
    "${start[@]}" 0 >"$log" 2>"$work/$name.err" &
    local pid=$!
    pids+=("$pid")
    local port=
    for _ in $(seq 100); do # up to 10 s for "listening PORT"
        port=$(sed -n 's/^listening \([0-9][0-9]*\)$/\1/p' "$log")
        [[ -n $port ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [[ -z $port ]]; then
        echo "FAIL $name: no 'listening PORT' line"
        cat "$work/$name.err"
        failures=$((failures + 1))
        return
    fi
    local ok=1
    if ! timeout 30 "$@" "$port"; then
        echo "FAIL $name"
        cat "$work/$name.err"
        ok=0
    fi
    kill -TERM "$pid"
    local rc=
    for _ in $(seq 50); do # up to 5 s to exit
        kill -0 "$pid" 2>/dev/null || { wait "$pid"; rc=$?; break; }
        sleep 0.1
    done
    if [[ $rc != 0 ]]; then
        echo "FAIL $name: SIGTERM exit status '${rc:-still running}'"
        ok=0
    fi
    if [[ $ok == 1 ]]; then
        echo "PASS $name (port $port): $("${start[@]}" --version)"
    else
        failures=$((failures + 1))
    fi
}

start=(node "$out/node/server.js")
check node node "$here/smoke-client.js" "$out/node/node_modules/ws"
start=(env GOMAXPROCS=1 "$out/gorilla-server")
check gorilla node "$here/smoke-client.js" "$out/node/node_modules/ws"
start=("$out/raw-server")
check raw python3 "$here/smoke-raw.py"

echo "$((3 - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
