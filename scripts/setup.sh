#!/usr/bin/env bash
# Installs what the build (`setup.sh build`) or the tests (`setup.sh test`) need and is missing;
# skips whatever is already present at the right version. Run as root on Debian 12 (apt-get).
source "$(dirname "$0")/lib.sh"
want="${1:-test}"

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing Debian packages: ${missing[*]} (run as root, or apt-get install them)"
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null
}

# cargo_tool BIN CRATE VERSION [--locked]: cargo install CRATE@VERSION unless BIN --version shows it.
cargo_tool() {
  local bin=$1 crate=$2 version=$3 locked=${4:-}
  local have
  have=$("$bin" --version 2>/dev/null || true)
  case "$have" in *"$version"*) return 0 ;; esac
  say "cargo install $crate $version (a few minutes on 2 cores)"
  cargo install $locked "$crate" --version "=$version" </dev/null
}

command -v cargo >/dev/null || die "cargo not found: install the Rust toolchain (rustup) first"
command -v npm >/dev/null || die "npm not found: install node and npm first"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

cargo_tool wasm-pack wasm-pack "$(toml_get tools wasm-pack)" --locked
# Without --locked: the CLI's own lock file pins a crate the registry here does not serve.
cargo_tool wasm-bindgen wasm-bindgen-cli "$(locked_wasm_bindgen)"

# npm tooling (binaryen's wasm-opt, playwright-core, puppeteer-core: drivers only, neither downloads
# a browser), reinstalled when package-lock.json changes.
stamp=node_modules/.dl-playground-stamp
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "npm ci (build and test tooling)"
  npm ci --no-audit --no-fund </dev/null
  echo "$lock_sum" > "$stamp"
fi
opt_version=$(wasm-opt --version | grep -oE '[0-9]+' | head -1)
[ "$opt_version" -ge "$(toml_get tools wasm-opt-min)" ] \
  || die "wasm-opt $opt_version on PATH is older than $(toml_get tools wasm-opt-min)"

if [ "$want" = test ]; then
  # fonts-nanum: a Hangul font, so that Korean screenshots of the page render on this machine.
  # webkit2gtk-driver (WebKitWebDriver and MiniBrowser) and xvfb: the page tests in WebKit.
  # python3-venv: NumPy goes into target/pyenv, for the test of the NumPy scripts the page writes.
  apt_install firefox-esr chromium fonts-nanum webkit2gtk-driver xvfb python3-venv
  numpy_version=$(toml_get tools numpy)
  if [ "$(target/pyenv/bin/python -c 'import numpy; print(numpy.__version__)' 2>/dev/null)" != "$numpy_version" ]; then
    say "pip install numpy $numpy_version into target/pyenv"
    python3 -m venv target/pyenv
    target/pyenv/bin/pip install --quiet --disable-pip-version-check "numpy==$numpy_version" </dev/null
  fi
  cargo_tool geckodriver geckodriver "$(toml_get tools geckodriver)" --locked
  # The fuzzer of the readers of untrusted input (fuzz/, scripts/fuzz.sh); runs on stable.
  cargo_tool cargo-fuzz cargo-fuzz "$(toml_get tools cargo-fuzz)" --locked
  # Mutation testing of the Rust code (scripts/mutants.sh; a bounded run is part of the tests).
  cargo_tool cargo-mutants cargo-mutants "$(toml_get tools cargo-mutants)" --locked
fi
say "set-up complete ($want)"
