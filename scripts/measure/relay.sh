#!/bin/bash
# Runs scripts/measure/relay.js against one palaver-server build: a fresh data dir, one user,
# limits lifted for STREAMS replies at once, server pinned to core 0 and the measuring process to
# core 1 (docs: /work/shared/design/performance.md). Everything it starts stops by itself.
#   scripts/measure/relay.sh SERVER_BINARY STREAMS [RATE=50] [TOKENS=100] [PORT=19101]
set -euo pipefail
server=$1
streams=$2
rate=${3:-50}
tokens=${4:-100}
port=${5:-19101}
upstream_port=$((port + 1))
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/palaver-relay.XXXXXX)
trap 'rm -rf "$work"' EXIT

cat > "$work/relay.ini" <<EOF
[limits]
messages-per-minute = 1000000
messages-burst = 100000
user-requests-per-minute = 1000000
user-requests-burst = 100000
max-queued-requests-per-user = 100000
max-ai-chats-per-user = 100000
max-running-replies-per-user = 100000
max-running-replies = 100000
EOF
echo bench | "$server" user add bench --password-stdin --data-dir "$work/data" > /dev/null 2>&1

taskset -c 0 "$server" --data-dir "$work/data" --config "$work/relay.ini" \
    --listen 127.0.0.1:$port --no-detect --llm-kind openai --llm-model fake \
    --llm-url http://127.0.0.1:$upstream_port/v1 --log-rules 'palaver.*.info=false' \
    > /dev/null 2> "$work/server.log" &
pid=$!
(sleep 600; kill $pid 2> /dev/null) &
watchdog=$!
for _ in $(seq 1 100); do
    grep -q "listening on" "$work/server.log" 2> /dev/null && break
    sleep 0.1
done
taskset -c 1 timeout 300 node "$here/relay.js" $port $pid bench "$streams" "$rate" "$tokens" \
    $upstream_port || { tail -5 "$work/server.log" >&2; }
kill $pid 2> /dev/null || true
wait $pid 2> /dev/null || true
kill $watchdog 2> /dev/null || true
