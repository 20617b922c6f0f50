#!/usr/bin/env bash
# Installs what Waybill needs to build, run and (with --test) test, and nothing that is already
# there: safe to run before every `make run` / `make test`. Works as root (CI) or with sudo.
# Usage: scripts/install-deps.sh [--test]
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

want_test=0
for arg in "$@"; do
  case "$arg" in
    --test) want_test=1 ;;
    -h | --help)
      sed -n '2,4p' "$0"
      exit 0
      ;;
    *) die "unknown argument: $arg" ;;
  esac
done

# Debian packages: WebKitGTK/GTK dev files to compile the shell; Xvfb, xauth, WebKitWebDriver,
# ImageMagick and xdotool to run the window headless, screenshot it and drive it in e2e tests.
apt_packages=(
  libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver imagemagick xdotool curl
)
node_min=20

sudo_cmd=()
if [[ $EUID -ne 0 ]]; then
  command -v sudo >/dev/null || die "not root and sudo is missing: install ${apt_packages[*]} by hand"
  sudo_cmd=(sudo)
fi

# With recommends: the set verified to render and drive the window headless (fonts, GL, GStreamer).
apt_install() {
  # No prompts (CI has no stdin); wait for a dpkg lock held by someone else instead of failing.
  quietly "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 update -qq
  quietly "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
    install -y -qq "$@"
}

missing_apt() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed || echo "$pkg"
  done
}

# --- system packages ---------------------------------------------------------------------------
mapfile -t missing < <(missing_apt "${apt_packages[@]}")
if ((${#missing[@]})); then
  say "installing Debian packages: ${missing[*]}"
  apt_install "${missing[@]}"
else
  say "Debian packages present"
fi

# --- Rust ---------------------------------------------------------------------------------------
if ! command -v cargo >/dev/null; then
  say "installing Rust (rustup, stable, minimal + rustfmt + clippy)"
  quietly bash -c "curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs \
    | sh -s -- -y --no-modify-path --profile minimal --component rustfmt,clippy"
  export PATH="$HOME/.cargo/bin:$PATH"
fi
if ((want_test)); then
  # fmt and clippy are part of `make test`; a minimal toolchain may lack them.
  for component in rustfmt clippy; do
    sub="${component/rustfmt/fmt}"
    if ! cargo "$sub" --version >/dev/null 2>&1; then
      command -v rustup >/dev/null || die "cargo $sub is missing and rustup is not there to add $component"
      say "adding Rust component $component"
      quietly rustup component add "$component"
    fi
  done
fi
say "Rust: $(cargo --version)"

# --- Node ---------------------------------------------------------------------------------------
node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js and npm from Debian"
  apt_install nodejs npm
fi
(($(node_major) >= node_min)) ||
  die "Node.js $(node --version) is too old: need >= $node_min (install it from NodeSource or nvm, then rerun)"
say "Node: $(node --version), npm $(npm --version)"

# npm ci only when node_modules is missing or was installed from another lockfile: the lockfile's
# hash is stamped into node_modules after a successful install.
npm_ci_if_needed() {
  local dir="$1" label="$2" stamp want
  [[ -f "$dir/package.json" ]] || {
    warn "$label: no package.json yet, skipped"
    return 0
  }
  [[ -f "$dir/package-lock.json" ]] || die "$label: package-lock.json is missing (npm ci needs it; commit one)"
  stamp="$dir/node_modules/.waybill-lock.sha256"
  want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [[ -f $stamp && "$(cat "$stamp")" == "$want" ]]; then
    say "$label: node_modules up to date"
    return 0
  fi
  say "$label: npm ci"
  quietly npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
}
npm_ci_if_needed "$WAYBILL_ROOT/ui" "ui"

# --- test-only tools ----------------------------------------------------------------------------
if ((want_test)); then
  npm_ci_if_needed "$WAYBILL_ROOT/ui/e2e" "ui/e2e"
  if ! command -v tauri-driver >/dev/null; then
    say "installing tauri-driver (cargo install, takes a few minutes)"
    # Its own temporary target dir: nothing to share with the workspace build.
    quietly env -u CARGO_TARGET_DIR cargo install tauri-driver --locked --version '^2.1'
  fi
  say "tauri-driver: $(command -v tauri-driver)"
  [[ -x /usr/bin/WebKitWebDriver ]] || die "/usr/bin/WebKitWebDriver missing (package webkit2gtk-driver)"
fi

say "dependencies ready"
