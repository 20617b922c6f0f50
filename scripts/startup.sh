#!/usr/bin/env bash
# Measures a release build of the window: time to the window, time to a painted queue (the first
# row visible), and memory (PSS of the app and its WebKit processes) a few seconds after start.
# Usage: scripts/startup.sh [DATABASE]   (default: a fresh 3 000-order demo database)
# Needs: a release build (cargo build --release -p waybill-desktop --features custom-protocol).
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

app="$CARGO_TARGET_DIR/release/waybill-desktop"
cli="$CARGO_TARGET_DIR/release/waybill"
[[ -x $app ]] || die "build it first: cargo build --release -p waybill-desktop -p waybill-cli --features waybill-desktop/custom-protocol"
scratch="$(mktemp -d)"
db="${1:-$scratch/startup.db}"
[[ -f $db ]] || "$cli" --db "$db" demo seed --orders 3000 >/dev/null 2>&1

measure() {
  export WAYBILL_DB="$db" WAYBILL_DEMO_LIVE=0 XDG_DATA_HOME="$scratch/data"
  local t0 win t_win t_paint pid pss crop
  t0=$(date +%s%N)
  "$app" >"$scratch/app.log" 2>&1 &
  pid=$!
  win="$(timeout 30 xdotool search --sync --name '^Waybill$' | head -n 1)"
  t_win=$(date +%s%N)
  # The queue has painted when the first row's area (number column) is no longer flat.
  for _ in $(seq 1 200); do
    crop="$(/usr/bin/import -window "$win" -crop 120x24+220+163 +repage -format '%[fx:standard_deviation>0.02?1:0]' info: 2>/dev/null || echo 0)"
    [[ $crop == 1 ]] && break
    sleep 0.02
  done
  t_paint=$(date +%s%N)
  sleep 4
  # PSS of the app and every process under it (WebKit's web and network processes).
  pss=0
  for p in $pid $(pgrep -P "$pid" || true) $(for c in $(pgrep -P "$pid" || true); do pgrep -P "$c" || true; done); do
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    pss=$((pss + ${v:-0}))
  done
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  printf 'window %d ms, queue painted %d ms, memory %d MB PSS\n' \
    $(((t_win - t0) / 1000000)) $(((t_paint - t0) / 1000000)) $((pss / 1024))
}
if [[ ${WAYBILL_STARTUP_INNER:-} == 1 ]]; then
  for _ in 1 2 3; do measure; done
else
  # Run this script again inside a private X server.
  WAYBILL_STARTUP_INNER=1 xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$0" "$db"
  rm -rf "$scratch"
fi
