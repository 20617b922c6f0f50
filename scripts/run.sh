#!/usr/bin/env bash
# `make run`: install what is missing, build the UI and the desktop app, and start it. On a machine
# without a display it runs the app under Xvfb, saves a screenshot to artifacts/screenshot.png and
# keeps it running (the demo storefront keeps delivering orders) so the CLI can watch it.
# The build is a debug build: quick to compile, and the app is plenty fast for a look around.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

app="$(app_bin)"
cli="$(cli_bin)"
# One database for the window and the CLI hints below: the app's own default unless told otherwise.
export WAYBILL_DB="${WAYBILL_DB:-${XDG_DATA_HOME:-$HOME/.local/share}/com.waybill.desktop/waybill.db}"

# Second stage, inside xvfb-run: start the app, screenshot it, keep it running until Ctrl-C.
if [[ ${1:-} == --under-xvfb ]]; then
  headless_webkit_env
  mkdir -p "$WAYBILL_ARTIFACTS"
  # The app's log goes to a file so the hints below stay readable while orders keep arriving.
  log="$WAYBILL_ARTIFACTS/waybill.log"
  "$app" >"$log" 2>&1 &
  app_pid=$!
  trap 'stop_pid "$app_pid"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  shot="$WAYBILL_ARTIFACTS/screenshot.png"
  "$WAYBILL_ROOT/scripts/screenshot.sh" window "$shot" || {
    tail -n 20 "$log" >&2
    die "the window did not come up; the app's log is $log"
  }
  cat <<EOF

  Waybill is running headless on Xvfb $DISPLAY (pid $app_pid).
  Screenshot: $shot
  Database:   $WAYBILL_DB   (the demo storefront keeps adding orders)
  App log:    $log

  Watch it from another terminal with the CLI:
    $cli --help
    $cli --db "$WAYBILL_DB" orders list --status on_hold --json
    $cli --db "$WAYBILL_DB" orders list

  Press Ctrl-C to stop.
EOF
  status=0
  wait "$app_pid" || status=$?
  # Ctrl-C reaches the app too, so a non-zero status here is usually just the interrupt.
  say "Waybill stopped (exit status $status); its log is $log"
  exit "$status"
fi

[[ $# -eq 0 ]] || die "unknown argument: $1"

"$WAYBILL_ROOT/scripts/install-deps.sh"
"$WAYBILL_ROOT/scripts/build-app.sh"

if [[ -n ${DISPLAY:-} || -n ${WAYLAND_DISPLAY:-} ]]; then
  say "starting Waybill (database: $WAYBILL_DB)"
  exec "$app"
fi

say "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set): running Waybill headless under Xvfb"
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" "$WAYBILL_ROOT/scripts/run.sh" --under-xvfb
