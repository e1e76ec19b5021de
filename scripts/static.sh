#!/usr/bin/env bash
# One command for static hosting: builds the wasm, then writes the site as plain files with
# relative paths only (default target/static/, or the folder given) and the npm package
# (target/npm/; `npm pack` there makes the tarball). docs/embed.md says how to serve them.
out="$(realpath -m "${1:-$(dirname "$0")/../target/static}")"
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" build
"$ROOT/scripts/build.sh"
node "$ROOT/scripts/static.mjs" "$out" --package "$ROOT/target/npm"
