#!/usr/bin/env bash
# The README's demo command: installs what is missing, builds, starts palaver-server on its
# built-in demo model with a demo user, and opens the client signed in.
#   scripts/demo.sh             the desktop client, in a window
#   scripts/demo.sh --headless  no window: a scripted conversation through the client core,
#                               printing the streamed reply in the terminal
#   scripts/demo.sh --as sam    a second client, signed in as the second demo user, to try rooms,
#                               direct messages, presence and typing against the running server
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

headless=0
user=demo
while [ $# -gt 0 ]; do
    case "$1" in
        --headless) headless=1 ;;
        --as) shift; user=${1:-}; [ "$user" = demo ] || [ "$user" = sam ] || die "--as takes demo or sam" ;;
        -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
        *) die "unknown option: $1 (try --help)" ;;
    esac
    shift
done

install_missing_packages
build_release

bin="$PALAVER_RELEASE_DIR/bin"
data_dir="$PALAVER_RELEASE_DIR/demo-data"
port=${PALAVER_DEMO_PORT:-8765}
password=$user # the demo users' passwords are their names
mkdir -p "$data_dir"

# Wait for /healthz (bash's /dev/tcp: no curl needed).
healthy() {
    (exec 3<>"/dev/tcp/127.0.0.1/$port" &&
        printf 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 &&
        head -c 12 <&3) 2>/dev/null | grep -q ' 200'
}

if healthy; then
    # A second client (`--as sam`) joins the server the first one started.
    say "palaver-server already runs on 127.0.0.1:$port; joining it"
else
    # Two demo users, created once (later runs keep them and their conversations): demo, and sam
    # to try rooms and direct messages with from a second client.
    for name in demo sam; do
        if ! "$bin/palaver-server" user list --data-dir "$data_dir" 2>/dev/null | cut -f1 | grep -qx "$name"; then
            say "Creating the user '$name' (password '$name')"
            printf '%s\n' "$name" | "$bin/palaver-server" user add "$name" --password-stdin --data-dir "$data_dir"
        fi
    done

    log="$PALAVER_RELEASE_DIR/demo-server.log"
    say "Starting palaver-server on 127.0.0.1:$port (demo model, open registration; log: $log)"
    "$bin/palaver-server" --listen "127.0.0.1:$port" --data-dir "$data_dir" --llm-kind demo \
        --open-registration >"$log" 2>&1 &
    server_pid=$!
    trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null || true' EXIT
    for _ in $(seq 1 100); do
        healthy && break
        kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; die "palaver-server did not start"; }
        sleep 0.1
    done
    healthy || die "palaver-server does not answer on 127.0.0.1:$port (log: $log)"
    [ "$headless" -eq 1 ] || say "To chat with a second person: run 'scripts/demo.sh --as sam' in another terminal"
fi

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
