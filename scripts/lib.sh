# Shared helpers of the build scripts. Sourced, not run.
# Settings come from wasm-pack.toml (see the comment at its top).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
# Never let a system wasm-opt (Debian's binaryen 108 breaks the module) be picked up by tools.
export PATH="$ROOT/node_modules/.bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# toml_get SECTION KEY: the quoted value of KEY under [SECTION] in wasm-pack.toml.
toml_get() {
  local v
  v=$(awk -v sec="[$1]" -v key="$2" '
    /^[[:space:]]*\[/ { insec = ($0 == sec); next }
    insec && $0 ~ "^[[:space:]]*" key "[[:space:]]*=" {
      sub(/^[^=]*=[[:space:]]*"/, ""); sub(/"[[:space:]]*(#.*)?$/, ""); print; exit
    }' wasm-pack.toml)
  [ -n "$v" ] || die "wasm-pack.toml has no [$1] $2"
  printf '%s' "$v"
}

# The wasm-bindgen version Cargo.lock resolved; the CLI must match it exactly.
locked_wasm_bindgen() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock
}
