#!/usr/bin/env bash
# Builds the wasm module into www/pkg with wasm-pack, makes its JS glue refuse freed objects
# (scripts/guard-freed.mjs says why), then optimises the module with binaryen's wasm-opt.
# Target, out-dir, profile and wasm-opt flags come from wasm-pack.toml.
source "$(dirname "$0")/lib.sh"
out=$(toml_get build out-dir)
say "wasm-pack build ($(toml_get build profile), target $(toml_get build target))"
wasm-pack build --no-pack --"$(toml_get build profile)" \
  --target "$(toml_get build target)" --out-dir "$ROOT/$out" </dev/null
say "guard freed objects in the glue (scripts/guard-freed.mjs)"
node scripts/guard-freed.mjs "$out/dl_playground.js"
wasm="$out/dl_playground_bg.wasm"
before=$(stat -c %s "$wasm")
# shellcheck disable=SC2046
wasm-opt $(toml_get wasm-opt flags) "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"
say "wasm-opt $(wasm-opt --version | grep -oE '[0-9]+' | head -1): $before -> $(stat -c %s "$wasm") bytes ($(gzip -9c "$wasm" | wc -c) gzipped)"
