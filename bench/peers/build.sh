#!/usr/bin/env bash
# Builds the benchmark peers (not product code) into OUTDIR and prints how to start each:
#   OUTDIR/node/server.js    Node ws + bufferutil, pinned by package-lock.json (npm ci)
#   OUTDIR/gorilla-server    Go + gorilla/websocket, from Debian's packages only, offline
#   OUTDIR/raw-server        C, epoll, the raw line dialect
# Usage: bench/peers/build.sh OUTDIR
# Needs node/npm (the npm registry, for npm ci), cc, and Debian's golang-go and
# golang-github-gorilla-websocket-dev (installed with apt-get when missing and run as root).
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

# --- Node ws ---------------------------------------------------------------------------------
echo "== node: npm ci into $out/node"
mkdir -p "$out/node"
cp "$here/node/server.js" "$here/node/package.json" "$here/node/package-lock.json" "$out/node/"
(cd "$out/node" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
node_versions=$(node "$out/node/server.js" --version)
echo "node peer: $node_versions"
if [[ $node_versions != *"(native"* ]]; then
    echo "WARNING: bufferutil's native module did not load; ws runs on the JS fallback" >&2
fi

# --- gorilla/websocket -----------------------------------------------------------------------
gorilla_src=/usr/share/gocode/src/github.com/gorilla/websocket
if ! command -v go >/dev/null || [[ ! -d $gorilla_src ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "== gorilla: installing golang-go golang-github-gorilla-websocket-dev"
        apt-get install -y -qq golang-go golang-github-gorilla-websocket-dev >/dev/null ||
            { apt-get update -qq && apt-get install -y -qq golang-go golang-github-gorilla-websocket-dev >/dev/null; }
    else
        echo "need: apt-get install -y golang-go golang-github-gorilla-websocket-dev" >&2
        exit 1
    fi
fi
gorilla_version=$(dpkg-query -W -f='${Version}' golang-github-gorilla-websocket-dev)
echo "== gorilla: go build (GOPATH mode, Debian's /usr/share/gocode, no network)"
gopath=$(mktemp -d)
trap 'rm -rf "$gopath"' EXIT
if [[ -z ${GOCACHE:-} && -z ${XDG_CACHE_HOME:-} && -z ${HOME:-} ]]; then
    export GOCACHE=$gopath/cache # go needs a build cache; without a home, a throwaway one
fi
# GOPATH mode resolves the import from Debian's source tree; GOPROXY=off makes sure nothing is
# fetched. The first GOPATH entry must be writable, hence the temporary one before Debian's.
(cd "$here/gorilla" &&
    GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOPROXY=off GOFLAGS= \
        go build -trimpath -ldflags "-X 'main.gorillaVersion=$gorilla_version (Debian package)'" \
        -o "$out/gorilla-server" .)
echo "gorilla peer: $("$out/gorilla-server" --version)"

# --- raw epoll -------------------------------------------------------------------------------
echo "== raw: cc -O2"
${CC:-cc} -O2 -std=c11 -Wall -Wextra -o "$out/raw-server" "$here/raw/raw_server.c"
echo "raw peer: $("$out/raw-server" --version)"

cat <<EOF

Start each on 127.0.0.1:PORT (0 = any free port); each prints "listening PORT" when ready and
exits on SIGTERM. GOMAXPROCS for gorilla comes from the environment.
  node $out/node/server.js PORT
  GOMAXPROCS=1 $out/gorilla-server PORT
  $out/raw-server PORT
Versions for the result file: the same commands with --version.
EOF
