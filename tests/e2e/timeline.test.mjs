// The replay timeline's bookkeeping (www/engine/timeline.js), with a stand-in trainer: memory
// stays within the budget for any run length, the epochs to recompute stay bounded, and every
// epoch comes back as the run had it — mid-epoch snapshots included. No browser.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Timeline } from "../../www/engine/timeline.js";

/**
 * A run whose whole state is where it is: `epoch` whole epochs and `samples` of the next
 * (10 samples an epoch). Stepping epochs finishes the current one first, as the engine does.
 */
class FakeRun {
  constructor(epoch = 0, samples = 0) {
    this.epoch = epoch;
    this.samples = samples;
    this.steppedEpochs = 0;
    this.freed = false;
  }
  get epochProgress() {
    return this.samples;
  }
  get batchProgress() {
    return 0;
  }
  get diverged() {
    return null;
  }
  exportState() {
    return JSON.stringify({ epoch: this.epoch, samples: this.samples });
  }
  stepEpochs(n) {
    this.epoch += n;
    this.samples = 0;
    this.steppedEpochs += n;
  }
  stepSamples(n) {
    this.samples += n;
    this.epoch += Math.floor(this.samples / 10);
    this.samples %= 10;
  }
  free() {
    this.freed = true;
  }
}
const restore = (state) => {
  const { epoch, samples } = JSON.parse(state);
  return new FakeRun(epoch, samples);
};

test("memory stays within the budget for any run length, and no epoch is far from a snapshot", () => {
  for (const perFrame of [1, 7, 480]) {
    const live = new FakeRun();
    const tl = new Timeline(restore, 16);
    tl.restart(live);
    for (let frame = 0; frame < 5000; frame++) {
      live.stepEpochs(perFrame);
      tl.after(live);
      assert.ok(tl.snaps.length <= 17, `${perFrame}/frame, frame ${frame}: ${tl.snaps.length} snapshots`);
    }
    const total = live.epoch;
    const gaps = tl.snaps.slice(1).map((s, i) => s.epoch - tl.snaps[i].epoch);
    gaps.push(total - tl.snaps.at(-1).epoch);
    const worst = Math.max(...gaps);
    console.log(`${perFrame} epochs a frame: ${tl.snaps.length} snapshots, widest gap ${worst} of ${total} epochs`);
    assert.ok(tl.snaps.length >= 8, `${perFrame}/frame: the budget is used (${tl.snaps.length})`);
    assert.ok(worst <= (2 * total) / 16 + 2 * perFrame, `${perFrame}/frame: a gap of ${worst} in ${total} epochs`);
    assert.equal(tl.from, 0);
    // The worst epoch costs at most the widest gap to recompute.
    const r = tl.at(total - 1);
    assert.equal(r.epoch, total - 1);
    assert.ok(r.steppedEpochs <= worst, `${r.steppedEpochs} epochs stepped`);
  }
});

test("every epoch comes back from the nearest snapshot before it, mid-epoch snapshots included", () => {
  const live = new FakeRun();
  const tl = new Timeline(restore, 4);
  live.stepSamples(3); // a run whose settings changed in the middle of epoch 0
  tl.restart(live);
  assert.equal(tl.from, 1, "epoch 0's end came after the first snapshot");
  assert.equal(tl.at(0), null);
  for (let frame = 0; frame < 40; frame++) {
    // Frames that end mid-epoch (step one sample) take no snapshot.
    if (frame % 5 === 2) live.stepSamples(4);
    else live.stepEpochs(3);
    tl.after(live);
  }
  assert.ok(
    tl.snaps.every((s, i) => i === 0 || s.exact),
    "only epoch ends after the first",
  );
  // Forwards, backwards and at random: each replay stands exactly at the end of epoch k.
  const ks = [];
  for (let k = 1; k < live.epoch; k++) ks.push(k);
  for (const k of [...ks, ...ks.reverse(), 5, 61, 2, 2, 40, 39]) {
    const r = tl.at(k);
    assert.equal(r.epoch, k, `epoch ${k}`);
    assert.equal(r.samples, 0, `epoch ${k} is its end, not a moment after it`);
  }
  // A new run drops the past and frees the replayed trainer.
  const kept = tl.at(5);
  tl.restart(live);
  assert.ok(kept.freed);
  assert.equal(tl.snaps.length, 1);
  assert.equal(tl.at(5), null);
});

test("a replay trainer left in the middle of an epoch is not reused for a later epoch", () => {
  const live = new FakeRun();
  live.stepSamples(6); // epoch 0 and 6 samples: the first snapshot is mid-epoch
  const tl = new Timeline(restore, 8);
  tl.restart(live);
  live.stepEpochs(4);
  tl.after(live);
  // Epoch 1 comes from the mid-epoch snapshot; the kept trainer then stands at epoch 1's end.
  assert.equal(tl.at(1).samples, 0);
  // A kept trainer in the middle of epoch 1 (what a replay that stopped early would leave) is
  // past epoch 1's end: it must not be taken for it.
  tl.replay = new FakeRun(1, 6);
  const r = tl.at(1);
  assert.equal(r.epoch, 1);
  assert.equal(r.samples, 0);
});
