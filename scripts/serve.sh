#!/usr/bin/env bash
# Installs what is missing, builds the wasm, and serves the playground on 127.0.0.1.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" build
"$ROOT/scripts/build.sh"
exec node "$ROOT/scripts/serve.mjs" --host "$(toml_get serve host)" --port "${PORT:-$(toml_get serve port)}"
