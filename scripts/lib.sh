# shellcheck shell=bash
# Shared pieces of Waybill's developer scripts: where things are, one-line progress messages, and
# starting/stopping the helper processes (Xvfb, tauri-driver) that the scripts own, by PID only.
# Sourced, never run: `source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"`.

WAYBILL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export WAYBILL_ROOT
# Compiled output lives outside the clone so repeated runs (and CI on the same machine) reuse
# compiled dependencies; the Makefile passes the same default, cargo creates the folder.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/waybill-target}"
# Tools installed by rustup / cargo install live here; a fresh login shell may not have it on PATH.
case ":$PATH:" in *":$HOME/.cargo/bin:"*) ;; *) export PATH="$HOME/.cargo/bin:$PATH" ;; esac

WAYBILL_ARTIFACTS="${WAYBILL_ARTIFACTS:-$WAYBILL_ROOT/artifacts}"
export WAYBILL_ARTIFACTS

# Messages: one line each, prefixed with the script's name.
_wb_name="$(basename "${0:-waybill}" .sh)"
say() { printf '\033[1;34m==>\033[0m %s: %s\n' "$_wb_name" "$*"; }
warn() { printf '\033[1;33mwarn\033[0m %s: %s\n' "$_wb_name" "$*" >&2; }
die() {
  printf '\033[1;31merror\033[0m %s: %s\n' "$_wb_name" "$*" >&2
  exit 1
}
# Plain text when the output is not a terminal (CI logs).
if [[ ! -t 1 ]]; then
  say() { printf '==> %s: %s\n' "$_wb_name" "$*"; }
  warn() { printf 'warn %s: %s\n' "$_wb_name" "$*" >&2; }
  die() {
    printf 'error %s: %s\n' "$_wb_name" "$*" >&2
    exit 1
  }
fi

# Runs a command with its output kept aside; shows the output's tail only if it fails, then stops.
quietly() {
  local out rc=0
  out="$(mktemp)"
  "$@" >"$out" 2>&1 || rc=$?
  if ((rc != 0)); then
    tail -n 40 "$out" >&2
    rm -f "$out"
    die "failed (exit $rc): $*"
  fi
  rm -f "$out"
}

# Paths of the binaries the scripts run (debug profile unless told otherwise).
app_bin() { echo "$CARGO_TARGET_DIR/${WAYBILL_PROFILE:-debug}/waybill-desktop"; }
cli_bin() { echo "$CARGO_TARGET_DIR/${WAYBILL_PROFILE:-debug}/waybill"; }

# src-tauri's generate_context! embeds ui/dist and panics at compile time when it is missing. Steps
# that only compile Rust (the bindings check) get a placeholder page; every real build of the app
# runs `npm run build` first, which replaces it.
ensure_ui_dist() {
  local dist="$WAYBILL_ROOT/ui/dist"
  [[ -f "$dist/index.html" ]] && return 0
  mkdir -p "$dist"
  printf '%s\n' '<!doctype html><title>Waybill</title><p>The UI is not built: run <code>make ui</code>.</p>' \
    >"$dist/index.html"
  say "ui/dist missing: wrote a placeholder page so src-tauri compiles (make ui builds the real one)"
}

# The desktop binary that serves the built UI (custom-protocol) plus the CLI, in one cargo call so
# both share one feature resolution. ui/dist must exist first: generate_context! embeds it.
build_app_and_cli() {
  [[ -f "$WAYBILL_ROOT/ui/dist/index.html" ]] || die "ui/dist is missing: build the UI first (cd ui && npm run build)"
  say "building waybill-desktop (debug, custom-protocol) and the waybill CLI into $CARGO_TARGET_DIR"
  (cd "$WAYBILL_ROOT" && cargo build --quiet -p waybill-desktop -p waybill-cli --features waybill-desktop/custom-protocol)
}

# Stop a process this script started: TERM, a short grace period, then KILL. Silent if gone.
stop_pid() {
  local pid="${1:-}" i
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in 1 2 3 4 5 6 7 8 9 10; do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# Start a private Xvfb on a display number it picks itself (-displayfd avoids races with other
# X servers on the machine). Sets XVFB_PID and exports DISPLAY. Needs a scratch directory ($1).
start_xvfb() {
  local scratch="$1" i
  : >"$scratch/xvfb.display"
  Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset \
    3>"$scratch/xvfb.display" >"$scratch/xvfb.log" 2>&1 &
  XVFB_PID=$!
  # Xvfb writes the display number once it accepts connections.
  for ((i = 0; i < 100; i++)); do
    [[ -s "$scratch/xvfb.display" ]] && break
    kill -0 "$XVFB_PID" 2>/dev/null || die "Xvfb exited early: $(tail -n 5 "$scratch/xvfb.log")"
    sleep 0.1
  done
  [[ -s "$scratch/xvfb.display" ]] || die "Xvfb did not report a display within 10 s"
  DISPLAY=":$(tr -d '[:space:]' <"$scratch/xvfb.display")"
  export DISPLAY
  unset WAYLAND_DISPLAY
}

# First TCP port at or above $1 on 127.0.0.1 with nobody listening.
free_port() {
  local port="$1"
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    port=$((port + 1))
  done
  echo "$port"
}

# Wait until an HTTP URL answers 200 (curl) within $2 seconds; $3 is the PID that must stay alive.
wait_http() {
  local url="$1" seconds="$2" pid="${3:-}" i
  for ((i = 0; i < seconds * 5; i++)); do
    curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null && return 0
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

# Environment for WebKitGTK under Xvfb: no accessibility bus to look for. Leave WebKit's renderer
# alone: with WEBKIT_DISABLE_DMABUF_RENDERER=1 (WebKitGTK 2.50, Xvfb) WebDriver screenshots hang
# once the page has been idle for a few seconds; the default renderer paints fine without a GPU.
headless_webkit_env() {
  export NO_AT_BRIDGE=1
}
