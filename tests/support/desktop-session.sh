#!/usr/bin/env bash
# Runs a command inside a throw-away desktop session, the way a real desktop has one:
#   an X display (Xvfb, unless HIGHWATER_USE_DISPLAY=1 keeps the current one),
#   a private D-Bus session bus (notifications, single-instance, Secret Service),
#   and an unlocked GNOME Keyring holding its data in a temporary folder (the real OS keyring
#   backend — Secret Service — with nothing touching the user's own keyring).
# Usage: tests/support/desktop-session.sh COMMAND [ARGS...]
set -euo pipefail

if [[ "${HIGHWATER_IN_SESSION:-}" != "1" ]]; then
  export HIGHWATER_IN_SESSION=1
  if [[ "${HIGHWATER_USE_DISPLAY:-}" == "1" && -n "${DISPLAY:-}" ]]; then
    exec dbus-run-session -- "$0" "$@"
  fi
  exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- "$0" "$@"
fi

# Inside the bus: a keyring whose storage lives and dies with this session.
keyring_home=$(mktemp -d -t highwater-keyring.XXXXXX)
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_CONFIG_HOME="$keyring_home/config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME"
eval "$(printf 'highwater-test\n' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
# The login collection must exist before the first item is stored; creating it through the
# daemon's unlock above is enough, this probe just proves the Secret Service answers.
if ! secret-tool store --label=probe highwater-session probe <<<"ok" 2>/dev/null; then
  echo "desktop-session: the Secret Service (gnome-keyring) did not start" >&2
  exit 1
fi
secret-tool clear highwater-session probe || true

"$@"
