# shellcheck shell=bash
# Sourced by ./run, ./test and .ci/run: make .venv and the system packages ready.
#
#   theodoi_setup runtime   # the app's dependencies (requirements.lock)
#   theodoi_setup dev       # plus the test tools (requirements-dev.lock) and test-only system packages
#
# Safe to run again: each step checks first and does nothing when it is done already.

THEODOI_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$THEODOI_ROOT/.venv"

say() { printf '\033[1;34m[theodoi]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[theodoi]\033[0m %s\n' "$*" >&2; exit 1; }

# The newest supported Python on this machine: 3.13, then 3.12, then 3.11 (pyenv included).
python_pick() {
  local v candidate
  for v in 3.13 3.12 3.11; do
    for candidate in "python$v" "$HOME"/.pyenv/versions/"$v".*/bin/"python$v" /usr/local/bin/"python$v" /usr/bin/"python$v"; do
      if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        command -v "$candidate"
        return 0
      fi
    done
  done
  if command -v python3 >/dev/null 2>&1 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    command -v python3
    return 0
  fi
  return 1
}

# Run a command as root: directly when we are root, through sudo when it needs no password.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1
  fi
}

APT_UPDATED=""
apt_install() {
  # $@: Debian packages; installs those not yet installed, when we may.
  local missing=() pkg
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! as_root true 2>/dev/null; then
    say "Missing system packages (${missing[*]}); not root and no sudo, so install them yourself."
    return 0
  fi
  say "Installing system packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq >/dev/null && APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || say "apt-get could not install ${missing[*]}; continuing."
}

pip_run() {
  # pip with the venv's Python. Some machines' pip.conf lists index locations that do not
  # exist; pip warns about each one for every package, which would bury real messages.
  "$VENV/bin/python" -m pip "$@" 2> >(grep -v "is ignored: it is neither a file nor a directory" >&2)
}

lock_install() {
  # $1: lock file. Reinstalls only when the lock changed since the last install.
  local lock="$THEODOI_ROOT/$1" stamp="$VENV/.installed-$(basename "$1")"
  local sum
  sum="$(sha256sum "$lock" | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then return 0; fi
  say "Installing Python packages from $1"
  # A newer pip resolves the locks' markers better; an offline machine keeps the one it has.
  pip_run install -q --disable-pip-version-check --upgrade pip >/dev/null || true
  pip_run install -q --disable-pip-version-check -r "$lock" || die "pip install -r $1 failed"
  echo "$sum" >"$stamp"
}

theodoi_setup() {
  local mode="${1:-runtime}" python
  # WeasyPrint needs Pango; Liberation 2 fonts cover Vietnamese (the older fonts-liberation does not);
  # gettext compiles the Vietnamese catalog; LibreOffice (writer, no GUI) converts old .doc uploads.
  apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 gettext libreoffice-writer-nogui
  if [ "$mode" = dev ]; then
    # pdftoppm renders report pages in tests; Chromium drives the browser tests.
    apt_install poppler-utils chromium
  fi
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python="$(python_pick)" || die "No Python 3.11+ found. Install Python 3.11, 3.12 or 3.13 and try again."
    say "Creating .venv with $python ($("$python" --version 2>&1))"
    rm -rf "$VENV"
    "$python" -m venv "$VENV" || die "Could not create .venv"
  fi
  lock_install requirements.lock
  if [ "$mode" = dev ]; then lock_install requirements-dev.lock; fi
  (cd "$THEODOI_ROOT" && "$VENV/bin/python" manage.py compilemessages -v0 --ignore=.venv >/dev/null) \
    || die "Could not compile the translations (is gettext installed?)"
}
