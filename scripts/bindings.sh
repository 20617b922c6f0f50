#!/usr/bin/env bash
# The TypeScript bindings (ui/src/bindings.ts) are generated from the Rust command and event types
# by a test in src-tauri. --check (default) fails when they drifted; --update rewrites them.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$WAYBILL_ROOT"

ensure_ui_dist
case "${1:---check}" in
  --check)
    # --workspace: same feature resolution as the full test run, so the compiled crates are shared.
    cargo test --quiet --workspace --test bindings || {
      warn "ui/src/bindings.ts differs from the Rust types: run 'make bindings' and commit the result"
      exit 1
    }
    ;;
  --update)
    UPDATE_BINDINGS=1 cargo test --quiet -p waybill-desktop --test bindings
    say "ui/src/bindings.ts regenerated"
    ;;
  *) die "usage: $0 [--check|--update]" ;;
esac
