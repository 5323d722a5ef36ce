# Shared helpers for scripts/dev and scripts/test. Sourced, never executed.
# They assume a Debian machine, run as root (or with sudo), Python 3.11 present, and network access only to the
# Debian, PyPI and npm registries.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV_PY="$REPO_ROOT/.venv/bin/python"
export UV_PYTHON_DOWNLOADS="${UV_PYTHON_DOWNLOADS:-never}"   # only PyPI is reachable: use the machine's Python 3.11
export PIP_DISABLE_PIP_VERSION_CHECK=1
export DEBIAN_FRONTEND=noninteractive

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo -E "$@"
    else die "need root to run: $*"
    fi
}

# ensure_debian_packages PKG...: installs those not yet installed; runs `apt-get update` once, and only if needed.
ensure_debian_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [ "${#missing[@]}" -eq 0 ] && return 0
    command -v apt-get >/dev/null 2>&1 || die "missing Debian packages (${missing[*]}) and no apt-get to install them"
    if [ -z "${_APT_UPDATED:-}" ]; then
        log "apt-get update"
        as_root apt-get update -qq
        _APT_UPDATED=1
    fi
    log "apt-get install ${missing[*]}"
    as_root apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# uv_cmd ARGS...: runs uv, installing it from PyPI with pip when it is missing.
uv_cmd() {
    if command -v uv >/dev/null 2>&1; then
        uv "$@"
        return
    fi
    if ! python3 -m uv --version >/dev/null 2>&1; then
        python3 -m pip --version >/dev/null 2>&1 || ensure_debian_packages python3-pip
        log "pip install uv"
        # Debian's own Python is "externally managed" (PEP 668); uv is a standalone binary, so this is safe.
        PIP_BREAK_SYSTEM_PACKAGES=1 python3 -m pip install --quiet uv
    fi
    if command -v uv >/dev/null 2>&1; then uv "$@"; else python3 -m uv "$@"; fi
}

sync_venv() {
    log "uv sync --frozen"
    (cd "$REPO_ROOT" && uv_cmd sync --frozen)
}

manage() {
    (cd "$REPO_ROOT" && "$VENV_PY" manage.py "$@")
}

# Compiles the project's translations; --ignore keeps it out of the virtualenv's own locale folders.
compile_messages() {
    if [ -d "$REPO_ROOT/locale" ]; then
        log "manage.py compilemessages"
        manage compilemessages --ignore=.venv --ignore=node_modules --ignore=staticfiles -v 0
    fi
}

# url_part URL FIELD: prints hostname, port or path of a URL (for DATABASE_URL / REDIS_URL).
url_part() {
    python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(getattr(p, sys.argv[2]) or "")' "$1" "$2"
}

is_local_host() {
    case "$1" in 127.0.0.1|localhost|::1|"") return 0 ;; *) return 1 ;; esac
}

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() {
    (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1
}

# wait_for_port NAME HOST PORT [SECONDS]
wait_for_port() {
    local name="$1" host="$2" port="$3" seconds="${4:-30}" i
    for ((i = 0; i < seconds * 4; i++)); do
        port_open "$host" "$port" && return 0
        sleep 0.25
    done
    die "$name is not accepting connections on $host:$port after ${seconds}s"
}

# run_pytest_strict CMD...: runs pytest and turns "no tests collected" (exit code 5) into a failure with a reason,
# so a mistyped path or marker can never make CI green.
run_pytest_strict() {
    local status=0
    "$@" || status=$?
    if [ "$status" -eq 5 ]; then
        die "pytest collected no tests (exit code 5); a run that tests nothing fails. Check the paths, -k or -m given."
    fi
    return "$status"
}
