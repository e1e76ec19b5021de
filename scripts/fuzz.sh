#!/usr/bin/env bash
# Coverage-guided fuzzing of the readers of untrusted input: the config reader, the CSV reader
# and the saved-state reader (fuzz/fuzz_targets/, running dl_playground::fuzz). Each target runs
# for the given number of seconds (default 20) from the seed corpus in fuzz/corpus/ (copied:
# the corpus libFuzzer grows stays in target/fuzz-corpus/). A crash fails the run and its input
# is kept in fuzz/regressions/<target>/, which tests/fuzz_regressions.rs replays from then on.
#   ./scripts/fuzz.sh            # 20 s per target (the test command runs it with 15)
#   ./scripts/fuzz.sh 3600       # an hour per target
source "$(dirname "$0")/lib.sh"
seconds=${1:-20}
command -v cargo-fuzz >/dev/null || die "cargo-fuzz is not installed (./scripts/setup.sh test installs it)"
status=0
for target in config csv state; do
  corpus="$ROOT/target/fuzz-corpus/$target"
  mkdir -p "$corpus"
  cp -n "$ROOT/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
  artifacts="$ROOT/target/fuzz-artifacts/$target"
  rm -rf "$artifacts" && mkdir -p "$artifacts"
  say "fuzz $target for ${seconds}s"
  log="$ROOT/target/fuzz-$target.log"
  (cd "$ROOT/fuzz" && cargo fuzz run --sanitizer none "$target" "$corpus" -- \
    -max_total_time="$seconds" -artifact_prefix="$artifacts/" -print_final_stats=1) >"$log" 2>&1 || status=1
  runs=$(grep -oE 'Done [0-9]+ runs' "$log" | awk '{print $2}')
  echo "fuzz $target: ${runs:-0} executions in ${seconds}s"
  for crash in "$artifacts"/*; do
    [ -f "$crash" ] || continue
    cp "$crash" "$ROOT/fuzz/regressions/$target/"
    echo "fuzz $target: crash kept as fuzz/regressions/$target/$(basename "$crash")" >&2
    status=1
  done
  [ -n "$runs" ] || { tail -20 "$log" >&2; status=1; }
done
exit $status
