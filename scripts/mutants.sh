#!/usr/bin/env bash
# Mutation testing of the Rust code with cargo-mutants: each mutant is one small bug put into the
# source (an operator swapped, a function body replaced by a default value), and the native tests
# must fail on it. A mutant they survive is a behaviour no test states. Settings, and every mutant
# that no test can catch with the reason why, are in .cargo/mutants.toml.
#
#   ./scripts/mutants.sh diff [CAP]   # the mutants in the Rust code changed since the base
#                                     # (below), at most CAP of them (default 20); the test
#                                     # command runs this (about 30 s per mutant here)
#   ./scripts/mutants.sh shard K/N    # slice K of N of the mutants outside the wasm boundary, the
#                                     # lessons checker and math.rs: the figure the README reports
#   ./scripts/mutants.sh full         # every mutant: about 2,000, hours on 2 cores
#
# Base of `diff`: $MUTANTS_BASE if set, else the newest tag v*, else the commit ten before HEAD
# (so that a commit touching no Rust still tests the recent Rust changes). When the
# diff holds more than CAP mutants, a slice of them chosen by HEAD's hash runs, so successive
# commits test different slices and the run stays bounded. Any missed mutant fails the run.
# Builds go to target/mutants (kept between runs: only the crate itself is rebuilt per mutant).
source "$(dirname "$0")/lib.sh"
mode=${1:-diff}
out="$ROOT/target/mutants-out/$mode"
mkdir -p "$out"
export CARGO_TARGET_DIR="$ROOT/target/mutants"
command -v cargo-mutants >/dev/null || die "cargo-mutants is not installed (./scripts/setup.sh test installs it)"

# The selection the README's figures use (see the test audit): the maths and the engine.
core=(-f 'src/**/*.rs' -e 'src/wasm/**' -e 'src/lessons/**' -e src/math.rs)
args=()
case "$mode" in
  full) ;;
  shard) args=("${core[@]}" --shard "${2:?shard K/N}") ;;
  diff)
    cap=${2:-20}
    base=${MUTANTS_BASE:-$(git describe --tags --abbrev=0 --match 'v*' 2>/dev/null || git rev-list --skip=10 --max-count=1 HEAD 2>/dev/null || true)}
    if [ -z "$base" ]; then
      # A clone of depth 1 has no parent to diff against: say so rather than pretend a run.
      echo "Mutants: not run, no base commit (a shallow clone; set MUTANTS_BASE or fetch history)"
      exit 0
    fi
    git diff "$base" -- src > "$out/changes.diff"
    # `|| true`: an empty diff makes cargo-mutants list nothing and exit non-zero.
    count=$(cargo mutants --in-diff "$out/changes.diff" --list 2>/dev/null | grep -c . || true)
    say "mutants in the Rust code changed since $(git rev-parse --short "$base"): $count"
    if [ "$count" -eq 0 ]; then
      echo "Mutants: none in the changed code"
      exit 0
    fi
    args=(--in-diff "$out/changes.diff")
    if [ "$count" -gt "$cap" ]; then
      shards=$(((count + cap - 1) / cap))
      k=$((16#$(git rev-parse HEAD | cut -c1-7) % shards))
      args+=(--shard "$k/$shards")
      say "running slice $k of $shards (at most $cap mutants)"
    fi
    # The tests already passed unmutated in this run of the test command: skip the baseline.
    args+=(--baseline=skip --timeout 180 --build-timeout 600)
    ;;
  *) die "usage: scripts/mutants.sh diff [CAP] | shard K/N | full" ;;
esac

start=$(date +%s)
status=0
cargo mutants -j 1 --output "$out" "${args[@]}" </dev/null || status=$?
secs=$(($(date +%s) - start))
o="$out/mutants.out"
n() { if [ -f "$o/$1.txt" ]; then grep -c . "$o/$1.txt" || true; else echo 0; fi; }
echo "Mutants: $(n caught) caught, $(n missed) missed, $(n timeout) timed out, $(n unviable) unviable in ${secs}s"
if [ "$(n missed)" -gt 0 ]; then
  echo "Missed (state the behaviour in a test, or list the mutant in .cargo/mutants.toml with the reason it is equivalent):"
  sed 's/^/  /' "$o/missed.txt"
fi
# cargo-mutants exits 2 for missed mutants, 3 for timeouts only (a hang the tests stopped: caught).
case "$status" in 0 | 3) exit 0 ;; *) exit "$status" ;; esac
