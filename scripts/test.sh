#!/usr/bin/env bash
# `make test`: everything CI checks, in order, stopping at the first failing step and naming it.
# Order: cheap checks first; the bindings drift check before the UI checks, so a stale
# ui/src/bindings.ts is reported as such rather than as a type error; the UI is built before clippy
# and the other Rust tests because src-tauri's generate_context! embeds ui/dist at compile time.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$WAYBILL_ROOT"

started=$SECONDS
current=""
passed=()

elapsed() {
  local s=$((SECONDS - $1))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

on_exit() {
  local rc=$?
  if ((rc != 0)); then
    printf '\nmake test: FAILED at step "%s" (exit %d) after %s; steps passed before it: %s\n' \
      "${current:-?}" "$rc" "$(elapsed "$started")" "${passed[*]:-none}" >&2
  fi
}
trap on_exit EXIT

# step NAME COMMAND...: runs one step; errexit stops the script inside it, on_exit names it.
step() {
  local t=$SECONDS
  current="$1"
  shift
  say "[$current] $*"
  "$@"
  say "[$current] ok ($(elapsed "$t"))"
  passed+=("$current")
}

ui() { npm --prefix "$WAYBILL_ROOT/ui" run --silent "$@"; }

rust_tests() {
  if command -v cargo-nextest >/dev/null; then
    cargo nextest run --workspace
    # nextest does not run doctests.
    cargo test --workspace --doc
  else
    cargo test --workspace
  fi
}

step deps "$WAYBILL_ROOT/scripts/install-deps.sh" --test
step fmt cargo fmt --all --check
step bindings "$WAYBILL_ROOT/scripts/bindings.sh" --check
step ui-typecheck ui typecheck
step ui-unit ui test
step ui-build ui build
step clippy cargo clippy --quiet --workspace --all-targets -- -D warnings
step rust-tests rust_tests
step e2e-build build_app_and_cli
step e2e "$WAYBILL_ROOT/scripts/e2e.sh"

current=""
printf '\nmake test: all %d steps passed in %s (%s)\n' "${#passed[@]}" "$(elapsed "$started")" "${passed[*]}"
