# Shared by the README's commands: where things are, and installing what is missing.
# shellcheck shell=bash

PALAVER_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PALAVER_BUILD_DIR=${PALAVER_BUILD_DIR:-$PALAVER_ROOT/build}

# Debian bookworm packages that build and test the whole suite (see docs/architecture.md).
PALAVER_APT_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-websockets-dev qt6-declarative-dev qt6-declarative-dev-tools
    qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
    qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtqml-workerscript
    qml6-module-qtqml qml6-module-qttest qml6-module-qtquick-dialogs qml6-module-qtqml-models
    libqt6sql6-sqlite libqt6svg6 libgl1-mesa-dri fonts-dejavu-core
    libsodium-dev qtkeychain-qt6-dev dbus
    # The fuzzers (scripts/fuzz.sh, and briefly scripts/test.sh): clang with libFuzzer and the sanitizers.
    clang-14 libclang-rt-14-dev
    # The TLS tests: openssl makes their certificates; Node.js with Debian's `ws` is the foreign
    # client (not npm: a nodejs from elsewhere, such as NodeSource's, conflicts with Debian's npm).
    openssl nodejs node-ws
)

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the packages above (or the ones named) that are not installed yet (needs root or sudo).
install_missing_packages() {
    local missing=()
    local pkg wanted=("$@")
    [ ${#wanted[@]} -gt 0 ] || wanted=("${PALAVER_APT_PACKAGES[@]}")
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing packages (${missing[*]}) and no apt-get: install them by hand"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    say "Installing ${#missing[@]} Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Configures (once, or again when cache options are given) and builds a tree:
# build_tree DIR BUILD_TYPE TESTS(ON|OFF) [-DOPTION=VALUE…].
build_tree() {
    local dir=$1 type=$2 tests=$3
    shift 3
    say "Building ($type) in $dir"
    if [ ! -f "$dir/CMakeCache.txt" ]; then
        cmake -S "$PALAVER_ROOT" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" \
            -DPALAVER_BUILD_SERVER=ON -DPALAVER_BUILD_CLIENT=ON -DPALAVER_BUILD_TESTS="$tests" "$@" >/dev/null
    elif [ $# -gt 0 ]; then
        cmake -S "$PALAVER_ROOT" -B "$dir" "$@" >/dev/null
    fi
    cmake --build "$dir" -j"$(nproc)"
}

# The tests' tree: Debug, with every test (scripts/test.sh).
build_all() { build_tree "$PALAVER_BUILD_DIR" Debug ON; }

# What people run (scripts/demo.sh, scripts/bench.sh): Release, no tests.
PALAVER_RELEASE_DIR=${PALAVER_RELEASE_DIR:-$PALAVER_ROOT/build-release}
build_release() { build_tree "$PALAVER_RELEASE_DIR" Release OFF "$@"; }
