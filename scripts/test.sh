#!/usr/bin/env bash
# `make test`: everything CI checks, in order, stopping at the first failing step and naming it.
# Order: the UI is built before clippy and the Rust tests because src-tauri's generate_context!
# embeds ui/dist at compile time; cheap checks (fmt, typecheck) come first to fail fast.
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

# The drift test on its own first, so a stale ui/src/bindings.ts gets a clear message. Built with
# --workspace so it shares the feature resolution (and the compiled crates) of the full test run.
bindings() {
  cargo test --quiet --workspace --test bindings || {
    warn "ui/src/bindings.ts differs from the Rust types: run 'make bindings' and commit the result"
    return 1
  }
}

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
step ui-typecheck ui typecheck
step ui-unit ui test
step ui-build ui build
step clippy cargo clippy --quiet --workspace --all-targets -- -D warnings
step bindings bindings
step rust-tests rust_tests
step e2e-build build_app_and_cli
step e2e "$WAYBILL_ROOT/scripts/e2e.sh"

current=""
printf '\nmake test: all %d steps passed in %s (%s)\n' "${#passed[@]}" "$(elapsed "$started")" "${passed[*]}"
