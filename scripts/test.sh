#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs
#   1. native `cargo test` (maths, engine, examples),
#   2. `wasm-pack test --headless --firefox` (the wasm boundary in a real Firefox),
#   3. the Chromium end-to-end tests of the served page (Playwright, node:test),
# and prints how many tests each part executed. Any failure, or a part that ran 0 tests, fails.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/setup.sh" test
logs="$ROOT/target/test-logs"
mkdir -p "$logs"

# Sums the "N passed" of every libtest / wasm-bindgen-test summary line in a log.
count_passed() { grep -aoE 'test result: ok\. [0-9]+ passed' "$1" | awk '{s += $4} END {print s + 0}'; }

# run_part NAME COMMAND...: runs it with its output shown and kept in target/test-logs/NAME.log.
run_part() {
  local name=$1; shift
  say "$name: $*"
  "$@" 2>&1 </dev/null | tee "$logs/$name.log" || die "$name tests failed (log: $logs/$name.log)"
}

run_part native cargo test --all-targets
native=$(count_passed "$logs/native.log")

run_part firefox wasm-pack test --headless --firefox
firefox=$(count_passed "$logs/firefox.log")

"$ROOT/scripts/build.sh"
run_part chromium node --test --test-reporter=tap tests/e2e/*.test.mjs
chromium=$(awk '/^# pass / {print $3}' "$logs/chromium.log")

echo
echo "Tests executed: native ${native}, Firefox ${firefox}, Chromium ${chromium:-0}"
for part in native firefox chromium; do
  [ "${!part:-0}" -gt 0 ] || die "$part ran no tests"
done
echo "All tests passed."
