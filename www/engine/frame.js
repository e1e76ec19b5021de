// One animation frame's worth of work on a Trainer, and everything a view needs to draw it.
// The same function runs on the main thread or inside the Web Worker (worker.js), so the two
// can be compared like for like.

/**
 * @param {import("../pkg/dl_playground.js").Trainer} t
 * @param {object} o
 * @param {number} [o.samples]  samples to step first
 * @param {number} [o.batches]  then batches
 * @param {number} [o.epochs]   then epochs
 * @param {number} [o.budgetMs] then whole epochs while the frame's time budget lasts
 * @param {number} [o.maxEpochs] cap of the budgeted epochs
 * @param {number} [o.untilEpoch] no budgeted epochs past this epoch (the run's stop)
 * @param {number} [o.stopLoss] no budgeted epochs once the training loss is below this (the run's
 *   other stop): a request written before the stop was reached does nothing past it
 * @param {number} [o.gridRes]  predictGrid resolution (0 = none)
 * @param {number} [o.neuronRes] neuronGrids resolution (0 = none)
 * @param {boolean} [o.details] include weights, gradient norms and dead units
 * @param {number} [o.historyFrom] the record entries the caller holds and keeps (only the
 *   entries from there on are sent; its last one may change, so callers ask from one before)
 * @param {number} [o.historyStride] the stride of what the caller holds (another stride: all is sent)
 */
export function runFrame(t, o = {}) {
  const start = performance.now();
  if (o.samples) t.stepSamples(o.samples);
  if (o.batches) t.stepBatches(o.batches);
  if (o.epochs) t.stepEpochs(o.epochs);
  if (o.budgetMs > 0 && !(o.stopLoss !== undefined && t.metrics().trainLoss < o.stopLoss)) {
    const most = Math.min(o.maxEpochs ?? Infinity, (o.untilEpoch ?? Infinity) - t.epoch);
    budgetedEpochs(t, o.budgetMs - (performance.now() - start), most);
  }
  const out = {
    epoch: t.epoch,
    iteration: t.iteration,
    samplesSeen: t.samplesSeen,
    iterationsPerEpoch: t.iterationsPerEpoch,
    batchSize: t.batchSize,
    epochProgress: t.epochProgress,
    batchProgress: t.batchProgress,
    metrics: t.metrics(),
    ...historySince(t, o.historyFrom ?? 0, o.historyStride ?? 1),
    /** @type {Float32Array | undefined} */ grid: undefined,
    /** @type {Float32Array | undefined} */ neurons: undefined,
    /** @type {number[] | undefined} */ sizes: undefined,
    /** @type {import("../pkg/dl_playground.js").Weights | undefined} */ weights: undefined,
    /** @type {Float64Array | undefined} */ gradientNorms: undefined,
    /** @type {Uint32Array | undefined} */ deadUnits: undefined,
    frameMs: 0,
    detailsMs: 0,
  };
  const detailsFrom = performance.now();
  if (o.gridRes) out.grid = t.predictGrid(o.gridRes);
  if (o.neuronRes) out.neurons = t.neuronGrids(o.neuronRes);
  if (o.details) {
    out.sizes = Array.from(t.layerSizes());
    out.weights = t.weights();
    out.gradientNorms = t.gradientNorms();
    out.deadUnits = t.deadUnits();
  }
  out.frameMs = performance.now() - start;
  out.detailsMs = out.frameMs - (detailsFrom - start);
  return out;
}

/**
 * The record entries from `from` on (all of them when the record's stride is not `stride`):
 * a page copies only what changed per frame, whatever the run's length.
 * @param {import("../pkg/dl_playground.js").Trainer} t @param {number} from @param {number} stride
 */
function historySince(t, from, stride) {
  const epochs = t.historyEpochs();
  const total = epochs.length;
  // The record halves now and then (see the engine's record.rs): the stride changes, and the
  // entries the caller has no longer line up.
  const kept = t.historyStride;
  const start = kept === stride && from <= total ? from : 0;
  return {
    historyStart: start,
    historyStride: kept,
    historyEpochs: epochs.slice(start),
    history: t.lossHistory().slice(2 * start),
    accuracy: t.accuracyHistory().slice(2 * start),
  };
}

/**
 * Whole epochs while `budgetMs` lasts (at most `most` of them), in chunks sized from the pace so
 * far. A worker's clock may tick in 100 µs steps (a page that is not cross-origin isolated gets a
 * coarsened `performance.now()`), while an epoch of a small net takes about 35 µs: one chunk's
 * own time often reads 0. So the pace is the whole loop's time over all its epochs, and a chunk
 * is at most the epochs done so far: the epochs double while the clock cannot see them, and an
 * overrun is bounded by the time already spent, not by a pace of "0 ms per epoch".
 * @param {import("../pkg/dl_playground.js").Trainer} t @param {number} budgetMs @param {number} most
 * @returns {number} the epochs stepped
 */
export function budgetedEpochs(t, budgetMs, most) {
  const t0 = performance.now();
  let done = 0;
  let chunk = 1;
  // One call may do only so much (the engine says how much with a tooMuchWork error).
  let perCall = Infinity;
  while (done < most && chunk > 0 && !t.diverged) {
    const n = Math.min(chunk, most - done, perCall);
    try {
      t.stepEpochs(n);
    } catch (e) {
      if (/** @type {any} */ (e)?.code !== "tooMuchWork") throw e;
      perCall = Math.max(1, /** @type {any} */ (e).max);
      continue;
    }
    done += n;
    const spent = performance.now() - t0;
    const room = budgetMs - spent;
    if (room <= 0) break;
    // Epochs that fit in the room at the pace so far; a pace the clock cannot see yet only doubles.
    chunk = spent > 0 ? Math.min(done, Math.floor((room * done) / spent)) : done;
  }
  return done;
}
