#!/usr/bin/env bash
# Builds what the window needs, in order: the UI (ui/dist, embedded at compile time), then the
# desktop app serving it (debug, custom-protocol) and the `waybill` CLI.
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say "building the UI (ui/dist)"
quietly npm --prefix "$WAYBILL_ROOT/ui" run build
build_app_and_cli
