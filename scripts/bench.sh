#!/usr/bin/env bash
# The speed benchmark in one command: set-up, release build, then scripts/bench.mjs (Debian's
# Chromium via Playwright; prints the tables BENCHMARKS.md records), scripts/bench-load.mjs
# (navigation to the first drawn frame of both pages, cold and second visit) and
# scripts/bench-frames.mjs (the playground's delivered frames vs the engine alone, in Chromium,
# Firefox and WebKit in turn).
# `./scripts/bench.sh frames [--browser chromium|firefox|webkit]` runs only the last, and
# `./scripts/bench.sh load [loads]` only the load figures, after the same set-up and build.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" test
"$ROOT/scripts/build.sh"
case "${1:-}" in
  frames) shift; exec node "$ROOT/scripts/bench-frames.mjs" "$@" ;;
  load) shift; exec node "$ROOT/scripts/bench-load.mjs" "$@" ;;
esac
node "$ROOT/scripts/bench.mjs"
node "$ROOT/scripts/bench-load.mjs"
exec node "$ROOT/scripts/bench-frames.mjs" "$@"
