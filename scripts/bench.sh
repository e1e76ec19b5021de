#!/usr/bin/env bash
# The speed benchmark in one command: set-up, release build, then scripts/bench.mjs (Debian's
# Chromium via Playwright; prints the tables BENCHMARKS.md records) and scripts/bench-frames.mjs
# (the playground's delivered frames vs the engine alone, in Chromium, Firefox and WebKit in turn).
# `./scripts/bench.sh frames [--browser chromium|firefox|webkit]` runs only the latter, after the
# same set-up and build.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" test
"$ROOT/scripts/build.sh"
if [ "${1:-}" != frames ]; then node "$ROOT/scripts/bench.mjs"; else shift; fi
exec node "$ROOT/scripts/bench-frames.mjs" "$@"
