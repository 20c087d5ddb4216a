#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, starts palaver-server on its
# built-in demo model with a demo user, and opens the client signed in.
#   scripts/demo.sh             the desktop client, in a window
#   scripts/demo.sh --headless  no window: a scripted conversation through the client core,
#                               printing the streamed reply in the terminal
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

headless=0
for arg in "$@"; do
    case "$arg" in
        --headless) headless=1 ;;
        -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
        *) die "unknown option: $arg (try --help)" ;;
    esac
done

install_missing_packages
build_all

bin="$PALAVER_BUILD_DIR/bin"
data_dir="$PALAVER_BUILD_DIR/demo-data"
port=${PALAVER_DEMO_PORT:-8765}
user=demo
password=demo
mkdir -p "$data_dir"

# The demo user is created once; later runs keep it and its conversations.
if ! "$bin/palaver-server" user list --data-dir "$data_dir" 2>/dev/null | cut -f1 | grep -qx "$user"; then
    say "Creating the user '$user' (password '$password')"
    printf '%s\n' "$password" | "$bin/palaver-server" user add "$user" --password-stdin --data-dir "$data_dir"
fi

log="$PALAVER_BUILD_DIR/demo-server.log"
say "Starting palaver-server on 127.0.0.1:$port (demo model; log: $log)"
"$bin/palaver-server" --listen "127.0.0.1:$port" --data-dir "$data_dir" --llm-kind demo >"$log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT

# Wait for /healthz (bash's /dev/tcp: no curl needed).
healthy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
        printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 &&
        head -c 12 <&3) 2>/dev/null | grep -q ' 200'
}
for _ in $(seq 1 100); do
    healthy && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "palaver-server did not start"; }
    sleep 0.1
done
healthy || die "palaver-server does not answer on 127.0.0.1:$port (log: $log)"

url="ws://127.0.0.1:$port/v1/ws"
if [ "$headless" -eq 1 ]; then
    say "A scripted conversation through the client core"
    printf '%s\n' "$password" | "$bin/palaver-cli" --server "$url" --username "$user" --password-stdin \
        --title "Demo" --say "Hello! What can you do?"
else
    [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || die "no display: run 'scripts/demo.sh --headless' instead"
    say "Opening the client, signed in as '$user'"
    printf '%s\n' "$password" | "$bin/palaver" --server "$url" --username "$user" --password-stdin
fi
