# Waybill developer commands. The two that matter:
#   make run    install what is missing, build, start the desktop app (headless: Xvfb + screenshot)
#   make test   everything CI runs (.ci/run): fmt, clippy, UI checks, Rust tests, bindings drift, e2e
# The logic lives in scripts/; this file only names it.

# Compiled output outside the clone, so repeated runs (and CI on this machine) reuse compiled
# dependencies. Override with `make CARGO_TARGET_DIR=… test`; cargo creates the folder.
CARGO_TARGET_DIR ?= /var/tmp/waybill-target
export CARGO_TARGET_DIR
# cargo, rustup and `cargo install`ed tools (tauri-driver) live here.
export PATH := $(HOME)/.cargo/bin:$(PATH)

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

.PHONY: help run test e2e e2e-binaries screenshot bench fmt bindings deps ui dev icons lint-scripts

help: ## list the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

run: ## build (debug) and start the app; without a display: Xvfb, artifacts/screenshot.png, keeps running
	@scripts/run.sh

test: ## everything CI runs, stopping at the first failing step
	@scripts/test.sh

deps: ## install missing system packages, toolchains and npm modules (incl. test tools)
	@scripts/install-deps.sh --test

ui: ## build the UI into ui/dist (needed before compiling src-tauri)
	@npm --prefix ui run --silent build

# The e2e and screenshot binaries: debug build serving the embedded UI, plus the CLI that seeds.
e2e-binaries:
	@scripts/install-deps.sh --test
	@scripts/build-app.sh

e2e: e2e-binaries ## WebDriver tests of the real window (ui/e2e) over a seeded database
	@scripts/e2e.sh

screenshot: e2e-binaries ## headless screenshots of the queue and an opened order into artifacts/
	@scripts/screenshot.sh

bench: ## queue benchmark with a release build of the CLI only
	cargo build --release -p waybill-cli
	"$(CARGO_TARGET_DIR)/release/waybill" bench queue

fmt: ## format Rust code
	cargo fmt --all

bindings: ## regenerate ui/src/bindings.ts from the Rust types
	@scripts/bindings.sh --update

# Dev loop: Vite on 127.0.0.1:1420 with hot reload, the app pointed at it (tauri.dev.conf.json is
# merged in through TAURI_CONFIG at compile time). Ctrl-C stops both.
dev: ## app against the Vite dev server with hot reload (needs a display)
	@scripts/install-deps.sh
	@(cd ui && exec node_modules/.bin/vite --host 127.0.0.1) & vite=$$!; \
	  trap 'kill $$vite 2>/dev/null || true' EXIT INT TERM; \
	  TAURI_CONFIG="$$(cat src-tauri/tauri.dev.conf.json)" cargo run -p waybill-desktop

icons: ## redraw icons/ (ImageMagick)
	@scripts/make-icons.sh

lint-scripts: ## shellcheck the scripts (apt-get install shellcheck)
	shellcheck -x scripts/*.sh .ci/run
