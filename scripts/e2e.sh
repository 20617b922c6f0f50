#!/usr/bin/env bash
# End-to-end tests of the real Waybill window: a seeded database, a private Xvfb, tauri-driver in
# front of WebKitWebDriver, then Node's test runner driving the app through WebDriver.
# Expects the binaries to be built already (make e2e / make test build them).
# Usage: scripts/e2e.sh            run ui/e2e/*.test.mjs
#        scripts/e2e.sh --scenes   run ui/e2e/scenes.mjs instead (screenshots for make screenshot)
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

mode=tests
case "${1:-}" in
  "") ;;
  --scenes) mode=scenes ;;
  *) die "unknown argument: $1" ;;
esac

app="$(app_bin)"
cli="$(cli_bin)"
[[ -x $app ]] || die "$app is missing: build it with 'cargo build -p waybill-desktop --features custom-protocol' (make e2e does)"
[[ -x $cli ]] || die "$cli is missing: build it with 'cargo build -p waybill-cli' (make e2e does)"
command -v tauri-driver >/dev/null || die "tauri-driver is missing: scripts/install-deps.sh --test"
[[ -x /usr/bin/WebKitWebDriver ]] || die "/usr/bin/WebKitWebDriver is missing: apt-get install webkit2gtk-driver"
[[ -d "$WAYBILL_ROOT/ui/e2e/node_modules/selenium-webdriver" ]] ||
  die "selenium-webdriver is not installed: npm ci --prefix ui/e2e (scripts/install-deps.sh --test does)"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/waybill-e2e.XXXXXX")"
logs="$WAYBILL_ARTIFACTS/e2e-logs"
mkdir -p "$WAYBILL_ARTIFACTS"
XVFB_PID=""
DRIVER_PID=""

# Stops only what this script started, by PID: tauri-driver first (it kills its WebKitWebDriver on
# TERM; any child left is stopped by PID too), then Xvfb, which also ends an orphaned app window.
cleanup() {
  local status=$? child children=()
  if [[ -n $DRIVER_PID ]]; then
    mapfile -t children < <(pgrep -P "$DRIVER_PID" 2>/dev/null || true)
    stop_pid "$DRIVER_PID"
    for child in "${children[@]}"; do stop_pid "$child"; done
  fi
  stop_pid "$XVFB_PID"
  if ((status != 0)); then
    # Keep the driver and X logs next to the screenshots for a failed run.
    mkdir -p "$logs"
    cp -f "$scratch"/*.log "$logs/" 2>/dev/null || true
    find "$scratch/data" -name '*.log*' -exec cp -f {} "$logs/" \; 2>/dev/null || true
    warn "e2e failed; logs kept in ${logs#"$WAYBILL_ROOT"/}"
  fi
  rm -rf "$scratch"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

db="$scratch/e2e.db"
say "seeding $db with 300 demo orders"
"$cli" --db "$db" demo seed --orders 300 >"$scratch/seed.log" 2>&1 ||
  die "seeding failed: $(tail -n 5 "$scratch/seed.log")"

start_xvfb "$scratch"
say "Xvfb on $DISPLAY (pid $XVFB_PID)"

# The app is started by WebKitWebDriver, a child of tauri-driver, and inherits this environment:
# the seeded database, and no simulated storefront so the queue stays as seeded.
export WAYBILL_DB="$db"
export WAYBILL_DEMO_LIVE=0
# Fresh per-run data and cache dirs: WebKit's localStorage (remembered tabs, theme…) and the app's
# log files then start empty every run instead of carrying over from a person's own use.
export XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
headless_webkit_env

port="$(free_port "${E2E_PORT:-4444}")"
native_port="$(free_port $((port + 1)))"
tauri-driver --port "$port" --native-port "$native_port" --native-driver /usr/bin/WebKitWebDriver \
  >"$scratch/tauri-driver.log" 2>&1 &
DRIVER_PID=$!
wait_http "http://127.0.0.1:$port/status" 30 "$DRIVER_PID" ||
  die "tauri-driver did not answer on 127.0.0.1:$port/status: $(tail -n 5 "$scratch/tauri-driver.log")"
say "tauri-driver on 127.0.0.1:$port (pid $DRIVER_PID)"

export WAYBILL_APP="$app"
export WAYBILL_CLI="$cli"
export WAYBILL_WEBDRIVER_URL="http://127.0.0.1:$port/"
cd "$WAYBILL_ROOT/ui/e2e"
if [[ $mode == tests ]]; then
  say "running ui/e2e/*.test.mjs"
  # One app window at a time; a hard cap so a wedged driver cannot eat CI's time.
  timeout 600 node --test --test-concurrency=1 --test-force-exit ./*.test.mjs
else
  say "taking screenshots (ui/e2e/scenes.mjs)"
  timeout 300 node ./scenes.mjs
fi
