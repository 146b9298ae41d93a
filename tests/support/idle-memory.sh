#!/usr/bin/env bash
# Measures the app's idle memory: starts the built binary in a desktop session, waits for it to
# settle, and prints the PSS and RSS summed over the app and its WebKit helper processes.
# Usage: tests/support/idle-memory.sh [BINARY] [SETTLE_SECONDS]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
if [[ "${HIGHWATER_IN_SESSION:-}" != "1" ]]; then
  exec "$root/tests/support/desktop-session.sh" "$0" "$@"
fi
app=${1:-$root/target/debug/highwater}
settle=${2:-10}
data=$(mktemp -d -t highwater-mem.XXXXXX)
"$app" --data-dir "$data" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$data"' EXIT
sleep "$settle"
pids=$(ps -o pid= --ppid "$pid" | tr '\n' ' ')
pss=0; rss=0
for p in $pid $pids; do
  [[ -r /proc/$p/smaps_rollup ]] || continue
  pss=$((pss + $(awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup)))
  rss=$((rss + $(awk '/^Rss:/ {print $2}' /proc/$p/smaps_rollup)))
done
echo "processes: $pid $pids"
echo "PSS sum: $((pss / 1024)) MiB, RSS sum: $((rss / 1024)) MiB (after ${settle}s idle)"
