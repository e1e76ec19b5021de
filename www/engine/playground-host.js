// The playground's Trainer, hosted in the Web Worker (one per worker). Every method the page may
// call is listed here; worker.js serves exactly these.
import { Trainer } from "../pkg/dl_playground.js";
import { runFrame } from "./frame.js";

/** @type {Trainer | null} */
let trainer = null;

function live() {
  if (!trainer) throw Object.assign(new Error("no trainer yet"), { code: "freed", field: "trainer" });
  return trainer;
}

/**
 * A small trainer made, stepped and freed while the worker waits for the page's first real call:
 * the first call of each wasm function compiles it, and creating the page's first trainer and
 * its first frame cold took 15–35 ms more than warm on this machine, on the path to the first
 * frame. Scheduled by the first `schema` call, dropped if `create` comes first. Its settings only
 * shape the work (a small data set); nothing of it is kept.
 */
function warmUp() {
  const t = new Trainer({ points: 40, seed: 1 });
  try {
    runFrame(t, { gridRes: 8, neuronRes: 4, details: true, epochs: 1 });
  } finally {
    t.free();
  }
}
/** @type {ReturnType<typeof setTimeout> | null} */
let warm = null;

export const playgroundApi = {
  schema: () => {
    warm ??= setTimeout(() => {
      try {
        warmUp();
      } catch {
        // Only a head start: the page's own calls report their errors.
      }
    });
    return Trainer.schema();
  },
  /** A new run; the previous one is kept if the config is rejected. */
  create(/** @type {any} */ config) {
    if (warm !== null) clearTimeout(warm);
    const next = new Trainer(config);
    trainer?.free();
    trainer = next;
    return trainer.config();
  },
  frame: (/** @type {any} */ options) => runFrame(live(), options),
  config: () => live().config(),
  setConfig: (/** @type {any} */ partial) => live().setConfig(partial),
  reset: (/** @type {any} */ seed) => live().reset(seed),
  points: () => live().points(),
  addPoint: (/** @type {any} */ x, /** @type {any} */ y, /** @type {any} */ label) => live().addPoint(x, y, label),
  removePoint: (/** @type {any} */ i) => live().removePoint(i),
  importCsv: (/** @type {any} */ text) => live().importCsv(text),
  exportCsv: () => live().exportCsv(),
  exportState: () => live().exportState(),
  trace: (/** @type {any} */ i) => live().trace(i),
  layerSizes: () => Array.from(live().layerSizes()),
  /** Everything the page's JSON export holds, in one round trip. */
  summary: () => {
    const t = live();
    return {
      config: t.config(),
      layerSizes: Array.from(t.layerSizes()),
      parameterNames: t.parameterNames(),
      weights: t.weights(),
      metrics: t.metrics(),
      epoch: t.epoch,
    };
  },
  activationCurve: (
    /** @type {any} */ name,
    /** @type {any} */ alpha,
    /** @type {any} */ from,
    /** @type {any} */ to,
    /** @type {any} */ n,
  ) => Trainer.activationCurve(name, alpha, from, to, n),
};
