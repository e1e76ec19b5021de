// The play loop's rules, in Node against a stand-in trainer and a stand-in worker (no browser):
// how a frame's training budget is spent under a coarse clock, the stops the worker applies
// itself, and the double-buffered requests of "as fast as possible".
import { test } from "node:test";
import assert from "node:assert/strict";
import { pathToFileURL } from "node:url";

// The pages' modules from www/, or from the copy in E2E_WWW (as the page tests serve it), so that
// scripts/js-mutants.mjs can put a bug in them.
const WWW = process.env.E2E_WWW ? pathToFileURL(`${process.env.E2E_WWW}/`) : new URL("../../www/", import.meta.url);
const { budgetedEpochs, runFrame } = await import(new URL("engine/frame.js", WWW).href);
const { Playback, stepOptions, newPace, continuous, mergeHistory, emptyHistory } = await import(
  new URL("engine/playback.js", WWW).href
);

/**
 * A clock like a worker's without cross-origin isolation: `now()` reads in 100 µs steps, while
 * `spend` advances the true time by any amount.
 */
function coarseClock(tickMs = 0.1) {
  let t = 1000;
  return {
    now: () => Math.floor(t / tickMs) * tickMs,
    spend: (/** @type {number} */ ms) => (t += ms),
    true: () => t,
  };
}

/** Runs `fn` with `performance.now` read from `clock`. */
function withClock(/** @type {{ now: () => number }} */ clock, /** @type {() => any} */ fn) {
  const real = globalThis.performance;
  Object.defineProperty(globalThis, "performance", { value: { now: clock.now }, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    Object.defineProperty(globalThis, "performance", { value: real, configurable: true, writable: true });
  }
}

/** A trainer whose epochs cost `msPerEpoch` of the clock's true time; `perCall` epochs at most per call. */
function fakeTrainer(clock, msPerEpoch, { perCall = Infinity, loss = (/** @type {number} */ e) => 1 / (1 + e) } = {}) {
  return {
    epoch: 0,
    iteration: 0,
    samplesSeen: 0,
    iterationsPerEpoch: 1,
    batchSize: 1,
    epochProgress: 0,
    batchProgress: 0,
    diverged: false,
    historyStride: 1,
    calls: 0,
    stepEpochs(/** @type {number} */ n) {
      this.calls++;
      if (n > perCall) throw Object.assign(new Error("too much work"), { code: "tooMuchWork", max: perCall });
      clock.spend(n * msPerEpoch);
      this.epoch += n;
    },
    metrics() {
      return { trainLoss: loss(this.epoch) };
    },
    historyEpochs: () => new Uint32Array(0),
    lossHistory: () => new Float64Array(0),
    accuracyHistory: () => new Float64Array(0),
  };
}

test("a 12 ms budget with a clock that ticks in 100 µs steps: 35 µs epochs stay within the budget", () => {
  for (const msPerEpoch of [0.035, 0.004, 0.33, 3.4]) {
    const clock = coarseClock();
    const t = fakeTrainer(clock, msPerEpoch);
    const t0 = clock.true();
    const done = withClock(clock, () => budgetedEpochs(t, 12, Infinity));
    const spent = clock.true() - t0;
    // At most one epoch (and a few ticks of the clock's error) past the budget, and most of the
    // budget used. A pace read as "0 ms per epoch" would overrun by 100 ms and more here.
    assert.ok(spent <= 12 * 1.05 + msPerEpoch, `${msPerEpoch} ms/epoch: ${spent.toFixed(3)} ms spent`);
    assert.ok(spent >= 12 * 0.7 || msPerEpoch > 3, `${msPerEpoch} ms/epoch: only ${spent.toFixed(3)} ms of 12 used`);
    assert.equal(t.epoch, done);
  }
});

test("budgeted epochs stop at the cap and follow the engine's per-call limit", () => {
  const clock = coarseClock();
  const t = fakeTrainer(clock, 0.01, { perCall: 7 });
  const done = withClock(clock, () => budgetedEpochs(t, 50, 100));
  assert.equal(done, 100);
  assert.equal(t.epoch, 100);
  const u = fakeTrainer(clock, 0.01);
  assert.equal(
    withClock(clock, () => budgetedEpochs(u, 50, 0)),
    0,
  );
  assert.equal(u.calls, 0);
});

test("a frame does no budgeted epoch past the run's stop epoch or once the loss is below the stop", () => {
  const clock = coarseClock();
  const t = fakeTrainer(clock, 0.05);
  t.epoch = 95;
  withClock(clock, () => runFrame(/** @type {any} */ (t), { budgetMs: 12, untilEpoch: 100 }));
  assert.equal(t.epoch, 100);
  withClock(clock, () => runFrame(/** @type {any} */ (t), { budgetMs: 12, untilEpoch: 100 }));
  assert.equal(t.epoch, 100, "a second request written before the stop landed trains nothing");
  // loss(e) = 1 / (1 + e): below 0.01 from epoch 100 on.
  const u = fakeTrainer(clock, 0.05);
  u.epoch = 100;
  withClock(clock, () => runFrame(/** @type {any} */ (u), { budgetMs: 12, stopLoss: 0.01 }));
  assert.equal(u.epoch, 100);
  u.epoch = 50;
  withClock(clock, () => runFrame(/** @type {any} */ (u), { budgetMs: 12, stopLoss: 0.01 }));
  assert.ok(u.epoch > 50, "above the stop loss it trains");
});

test("the pace: one epoch per frame, ten when fast, the budget less the views' cost at top speed", () => {
  const pace = newPace();
  assert.deepEqual(stepOptions("frame", Infinity, pace), { epochs: 1 });
  assert.deepEqual(stepOptions("frame", 0, pace), { epochs: 0 });
  assert.deepEqual(stepOptions("fast", 4, pace), { epochs: 4 });
  pace.detailsMs = 5;
  assert.deepEqual(stepOptions("max", 30, pace, { untilEpoch: 40 }), { budgetMs: 11, maxEpochs: 30, untilEpoch: 40 });
  pace.detailsMs = 40;
  assert.equal(stepOptions("max", 30, pace).budgetMs, 2, "a frame always trains a little");
  pace.lastEpochAt = -Infinity;
  assert.deepEqual(stepOptions("slow", 5, pace), { epochs: 1 });
  assert.equal(stepOptions("slow", 5, pace), null, "slow: one epoch a second");
  assert.equal(continuous("max"), true);
  assert.equal(continuous("frame"), false);
});

test("record entries from a frame replace the page's copy from where the frame starts", () => {
  const h = emptyHistory();
  mergeHistory(h, {
    historyStart: 0,
    historyStride: 1,
    history: [1, 2, 3, 4],
    accuracy: [0.5, 0.5, 0.6, 0.6],
    historyEpochs: [0, 1],
  });
  mergeHistory(h, {
    historyStart: 1,
    historyStride: 1,
    history: [3.5, 4.5, 5, 6],
    accuracy: [0.7, 0.7, 0.8, 0.8],
    historyEpochs: [1, 2],
  });
  assert.deepEqual(h.losses, [1, 2, 3.5, 4.5, 5, 6]);
  assert.deepEqual(h.epochs, [0, 1, 2]);
  mergeHistory(h, { historyStart: 0, historyStride: 2, history: [9, 9], accuracy: [1, 1], historyEpochs: [0] });
  assert.deepEqual(h, { losses: [9, 9], accuracy: [1, 1], epochs: [0], stride: 2 });
});

/**
 * A stand-in worker: answers requests in order, each after `ms`; counts how many were in flight.
 * @param {number} ms
 */
function fakeWorker(ms) {
  let epoch = 0;
  let queue = Promise.resolve();
  const w = {
    inFlight: 0,
    most: 0,
    requests: /** @type {any[]} */ ([]),
    request(/** @type {any} */ options) {
      w.requests.push(options);
      w.inFlight++;
      w.most = Math.max(w.most, w.inFlight);
      const answer = queue.then(
        () =>
          new Promise((done) =>
            setTimeout(() => {
              w.inFlight--;
              const most = Math.min(options.maxEpochs ?? Infinity, (options.untilEpoch ?? Infinity) - epoch);
              epoch += options.epochs ?? Math.min(5, most);
              done({ epoch, metrics: { trainLoss: 1 } });
            }, ms),
          ),
      );
      queue = answer;
      return answer;
    },
  };
  return w;
}

test("the play loop: two requests in flight at top speed, one at a time otherwise; stops land exactly", async () => {
  globalThis.requestAnimationFrame ??= (cb) => setTimeout(() => cb(performance.now()), 16);
  for (const speed of ["max", "frame"]) {
    const worker = fakeWorker(3);
    let shown = -1;
    let accepted = 0;
    /** @type {string[]} */
    const stops = [];
    const state = { frame: { epoch: 0 } };
    const playback = new Playback({
      request: (o) => worker.request(o),
      accept: (f) => {
        state.frame = f;
        accepted++;
      },
      draw: () => (shown = state.frame.epoch),
      next: () => stepOptions(speed, 42 - state.frame.epoch, newPace(), { untilEpoch: 42 }),
      continuous: () => continuous(speed),
      stopReason: (f) => (f.epoch >= 42 ? "finished" : null),
      stopped: (reason) => stops.push(reason),
    });
    playback.play();
    await new Promise((done) => setTimeout(done, speed === "max" ? 200 : 1500));
    await playback.idle();
    assert.equal(worker.most, speed === "max" ? 2 : 1, `${speed}: requests in flight at once`);
    assert.deepEqual(stops, ["finished"]);
    assert.equal(state.frame.epoch, 42, `${speed}: the run ends at the stop epoch`);
    assert.equal(shown, 42, `${speed}: the last result is drawn`);
    assert.ok(accepted >= (speed === "max" ? 9 : 42), `${speed}: ${accepted} results`);
  }
});

test("pausing keeps the results in flight: they land, and idle() waits for them", async () => {
  globalThis.requestAnimationFrame ??= (cb) => setTimeout(() => cb(performance.now()), 16);
  const worker = fakeWorker(20);
  const state = { frame: { epoch: 0 } };
  const playback = new Playback({
    request: (o) => worker.request(o),
    accept: (f) => (state.frame = f),
    draw: () => {},
    next: () => stepOptions("max", Infinity, newPace()),
    continuous: () => true,
    stopReason: () => null,
    stopped: () => assert.fail("a pause is not a stop"),
  });
  playback.play();
  await new Promise((done) => setTimeout(done, 30));
  playback.pause();
  const sent = worker.requests.length;
  await playback.idle();
  assert.equal(worker.inFlight, 0);
  assert.equal(worker.requests.length, sent, "no request after the pause");
  assert.equal(state.frame.epoch, 5 * sent, "every request sent was taken in");
});
