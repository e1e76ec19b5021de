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

export const playgroundApi = {
  schema: () => Trainer.schema(),
  /** A new run; the previous one is kept if the config is rejected. */
  create(/** @type {any} */ config) {
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
