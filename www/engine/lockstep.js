// Compare mode in the worker: several trainers trained in lockstep by epoch, so that the runs
// on screen are always at the same epoch, within one frame's time budget.
import { budgetedEpochs } from "./frame.js";

/**
 * @typedef {import("../pkg/dl_playground.js").Trainer} Trainer
 */

/**
 * The frame's asked-for steps for every trainer alike (one sample, one batch or whole epochs:
 * a batch is each run's own batch size), then whole epochs for all of them while `budgetMs`
 * lasts.
 * @param {Trainer[]} trainers
 * @param {{ samples?: number, batches?: number, epochs?: number, budgetMs?: number,
 *   maxEpochs?: number, untilEpoch?: number, stopLoss?: number }} o
 */
export function stepLockstep(trainers, o) {
  const start = performance.now();
  for (const t of trainers) {
    if (o.samples) t.stepSamples(o.samples);
    if (o.batches) t.stepBatches(o.batches);
    if (o.epochs) t.stepEpochs(o.epochs);
  }
  if (!(o.budgetMs && o.budgetMs > 0)) return;
  if (o.stopLoss !== undefined && trainers[0].metrics().trainLoss < o.stopLoss) return;
  // The epoch the runs stand at: the furthest of those still training (a run that diverged
  // stays where it stopped; the others go on).
  const level = () => Math.max(...trainers.filter((t) => !t.diverged).map((t) => t.epoch), 0);
  const most = Math.min(o.maxEpochs ?? Infinity, (o.untilEpoch ?? Infinity) - level());
  // The budget is shared: one "epoch" of the loop below is an epoch of every run, in turn.
  const all = {
    get diverged() {
      return trainers.every((t) => t.diverged);
    },
    stepEpochs(/** @type {number} */ n) {
      const target = level() + n;
      for (const t of trainers) if (!t.diverged && t.epoch < target) t.stepEpochs(target - t.epoch);
    },
  };
  budgetedEpochs(/** @type {any} */ (all), o.budgetMs - (performance.now() - start), most);
}
