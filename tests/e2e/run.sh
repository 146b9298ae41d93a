#!/usr/bin/env bash
# End-to-end suite: starts tauri-driver (which drives the real app window through
# WebKitWebDriver) inside a desktop session, runs the node:test specs, and stops the driver.
# Needs the app built with the embedded UI: `cargo build --features custom-protocol`.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [[ "${HIGHWATER_IN_SESSION:-}" != "1" ]]; then
  exec "$root/tests/support/desktop-session.sh" "$0" "$@"
fi

export HIGHWATER_APP="${HIGHWATER_APP:-$root/target/debug/highwater}"
if [[ ! -x "$HIGHWATER_APP" ]]; then
  echo "e2e: $HIGHWATER_APP is missing; build it with 'cargo build --features custom-protocol'" >&2
  exit 2
fi
mkdir -p "$here/screenshots"

driver_log=$(mktemp -t tauri-driver.XXXXXX.log)
tauri-driver --port 4444 --native-port 4445 >"$driver_log" 2>&1 &
driver=$!
trap 'kill $driver 2>/dev/null || true; wait $driver 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  if (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null; then break; fi
  if ! kill -0 $driver 2>/dev/null; then
    echo "e2e: tauri-driver exited early:" >&2; cat "$driver_log" >&2; exit 1
  fi
  sleep 0.1
done

cd "$here"
status=0
# Given spec files run alone; otherwise the whole folder.
if [[ $# -gt 0 ]]; then specs=("$@"); else specs=(specs/); fi
node --test --test-concurrency=1 "${specs[@]}" || status=$?
if [[ $status -ne 0 ]]; then
  echo "---- tauri-driver log ----" >&2; tail -n 50 "$driver_log" >&2
fi
exit $status
