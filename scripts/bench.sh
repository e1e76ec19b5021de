#!/usr/bin/env bash
# The speed benchmark in one command: set-up, release build, then scripts/bench.mjs
# (Debian's Chromium via Playwright; prints the table BENCHMARKS.md records).
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" test
"$ROOT/scripts/build.sh"
exec node "$ROOT/scripts/bench.mjs"
