#!/usr/bin/env bash
# The whole test suite: installs what is missing, then runs
#   1. the habits: `cargo fmt --check`, `cargo clippy -D warnings` (native and wasm targets),
#   2. native `cargo test` (maths, engine, examples, random calls), then 15 s of fuzzing per reader
#      and the mutation run of the changed Rust code (at most 20 mutants; scripts/mutants.sh),
#   3. `wasm-pack test --headless --firefox` (the wasm boundary in a real Firefox),
#   4. the build, then the page code's checks: `tsc` against the generated .d.ts, prettier,
#   5. the Chromium end-to-end tests of the served pages (Playwright, node:test),
#   6. the page suites that run in every engine again in Firefox and in WebKit (scripts/browsers.mjs),
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
  "$@" 2>&1 </dev/null | tee "$logs/$name.log" || die "$name failed (log: $logs/$name.log)"
}

run_part fmt cargo fmt --check
run_part clippy cargo clippy --all-targets -- -D warnings
run_part clippy-wasm cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

run_part native cargo test --all-targets
native=$(count_passed "$logs/native.log")
# Bounded fuzzing of the config, CSV and state readers (longer: ./scripts/fuzz.sh <seconds>).
run_part fuzz "$ROOT/scripts/fuzz.sh" 15
# Mutants in the Rust code changed since the last tag (or commit): each must fail a test.
run_part mutants "$ROOT/scripts/mutants.sh" diff 20

run_part firefox wasm-pack test --headless --firefox
firefox=$(count_passed "$logs/firefox.log")

"$ROOT/scripts/build.sh"
run_part tsc tsc -p www/jsconfig.json
run_part prettier prettier --check "www/**/*.js" "tests/e2e/*.mjs" "scripts/*.mjs"

run_part chromium env E2E_BROWSER=chromium node --test --test-reporter=tap tests/e2e/*.test.mjs
chromium=$(awk '/^# pass / {print $3}' "$logs/chromium.log")

# The suites that run in every engine, with one test body for the three: the pages' main
# behaviour, the lessons, the error messages, the API and hostile calls to it, the static
# builds, accessibility, the NumPy code export, compare mode. Tests that need what only Playwright's Chromium offers are skipped there
# and not counted (tap's "# pass"). Not here: untrusted (an init script watches for injection),
# embed (browser contexts, workers), registry (no page).
PAGE_SUITES=(tests/e2e/{playground,network,descent,lessons,errors,api,hostile,static,a11y,code,compare,lesson-card,lesson-fixes,lesson-outcomes,words,lab-lessons}.test.mjs)
run_part firefox-pages env E2E_BROWSER=firefox node --test --test-reporter=tap "${PAGE_SUITES[@]}"
firefox_pages=$(awk '/^# pass / {print $3}' "$logs/firefox-pages.log")
run_part webkit-pages env E2E_BROWSER=webkit node --test --test-reporter=tap "${PAGE_SUITES[@]}"
webkit_pages=$(awk '/^# pass / {print $3}' "$logs/webkit-pages.log")

echo
echo "Checks passed: cargo fmt, clippy (native and wasm), tsc --checkJs, prettier"
echo "Fuzzing: $(grep -hoE 'fuzz [a-z]+: [0-9]+ executions' "$logs/fuzz.log" | sed 's/fuzz //' | paste -sd ',' | sed 's/,/, /g')"
grep -h '^Mutants:' "$logs/mutants.log"
echo "Tests executed: native ${native}, Firefox(wasm-pack) ${firefox}, Chromium ${chromium:-0}, Firefox pages ${firefox_pages:-0}, WebKit pages ${webkit_pages:-0}"
for part in native firefox chromium firefox_pages webkit_pages; do
  [ "${!part:-0}" -gt 0 ] || die "$part ran no tests"
done
echo "All tests passed."
