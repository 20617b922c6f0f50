#!/usr/bin/env bash
# Screenshots of the real Waybill window.
# Usage: scripts/screenshot.sh window OUT.png   capture the already running window on $DISPLAY
#                                               (run.sh uses this under Xvfb)
#        scripts/screenshot.sh                  headless: seed a database, open the app through the
#                                               e2e harness, save artifacts/queue.png and
#                                               artifacts/order-detail.png (make screenshot)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Waits for the window titled exactly "Waybill", lets it paint, grabs it with ImageMagick's import.
capture_window() {
  local out="$1" win mean
  [[ -n ${DISPLAY:-} ]] || die "DISPLAY is not set: no X server to take a screenshot from"
  mkdir -p "$(dirname "$out")"
  win="$(timeout "${WAYBILL_WINDOW_TIMEOUT:-60}" xdotool search --sync --onlyvisible --name '^Waybill$' | head -n 1)" ||
    die "no window titled 'Waybill' appeared on $DISPLAY within ${WAYBILL_WINDOW_TIMEOUT:-60} s"
  # The window maps before WebKit has painted the UI; first paint takes well under a second here.
  sleep "${WAYBILL_PAINT_WAIT:-3}"
  /usr/bin/import -window "$win" "PNG32:$out"
  # A uniform image means WebKit painted nothing (GPU/renderer trouble under Xvfb): say so.
  mean="$(/usr/bin/convert "$out" -format '%[fx:standard_deviation>0.01?1:0]' info:)"
  [[ $mean == 1 ]] || warn "$out looks blank (one flat colour): the webview may not have painted"
}

case "${1:-}" in
  window)
    [[ $# -eq 2 ]] || die "usage: $0 window OUT.png"
    capture_window "$2"
    ;;
  "")
    exec "$WAYBILL_ROOT/scripts/e2e.sh" --scenes
    ;;
  *) die "unknown argument: $1 (see the usage at the top of $0)" ;;
esac
