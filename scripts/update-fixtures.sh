#!/usr/bin/env bash
# Regenerates tests/fixtures/history.json, the native == Firefox determinism fixture, and shows
# what changed so the change is seen before it is committed.
#
#   scripts/update-fixtures.sh
#
# The fixture holds the bit patterns of the loss histories of three configs, as the native
# engine computes them. `cargo test --test determinism` and the Firefox test
# `web_trainer::loss_history_equals_the_native_run_bit_for_bit` require those exact bits: they
# check that every platform computes the same numbers, not that the numbers are right (that is
# the behaviour tests' job). No test writes the fixture. Run this only after a change that is
# meant to change the numbers (new arithmetic, a new default), then read the diff: a change you
# did not intend means the engine's numbers moved, and the behaviour tests should say why.
#
# How: the ignored test `determinism::write_the_fixture_to_target_tmp` writes the fresh fixture
# to target/tmp/history.json; this script copies it over tests/fixtures/history.json, prints
# `git diff --stat` and the changed lines, and reruns the determinism test against the new file.
# It changes no git state (nothing is staged or committed).
source "$(dirname "$0")/lib.sh"

fixture=tests/fixtures/history.json
fresh=target/tmp/history.json

say "computing the fixture natively"
rm -f "$fresh"
cargo test --quiet --test determinism -- --ignored --exact write_the_fixture_to_target_tmp
[ -s "$fresh" ] || die "the ignored test did not write $fresh"

if cmp -s "$fresh" "$fixture"; then
  say "$fixture is unchanged"
  exit 0
fi
cp "$fresh" "$fixture"

say "changes to $fixture (review before committing)"
git --no-pager diff --stat -- "$fixture"
git --no-pager diff --unified=0 --no-color -- "$fixture" | grep -E '^[-+][^-+]' || true

say "checking the new fixture natively (run wasm-pack test --headless --firefox for the browser half)"
cargo test --quiet --test determinism
