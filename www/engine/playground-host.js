// The playground's Trainer, hosted in the Web Worker (one per worker). Every method the page may
// call is listed here; worker.js serves exactly these.
import { Trainer } from "../pkg/dl_playground.js";
import { runFrame } from "./frame.js";
import { Timeline } from "./timeline.js";

/** @type {Trainer | null} */
let trainer = null;

/** The run's past, for replay (timeline.js). Every change to the run restarts it. */
const timeline = new Timeline((state) => Trainer.fromState(state));

/** Runs `change` on the live trainer, then restarts the timeline from the changed run (a
 * change the engine refused changed nothing, and the past stays). */
function changing(/** @type {(t: Trainer) => any} */ change) {
  const t = live();
  const r = change(t);
  timeline.restart(t);
  return r;
}

/** The run at epoch `k` of the timeline (the live trainer at its own epoch or later). */
function past(/** @type {number} */ k) {
  const t = live();
  if (!(k < t.epoch)) return t;
  const r = timeline.at(k);
  if (!r) throw Object.assign(new Error("epoch before the timeline"), { code: "outOfRange", field: "epoch", value: k });
  return /** @type {Trainer} */ (/** @type {unknown} */ (r));
}

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
    timeline.restart(trainer);
    return trainer.config();
  },
  frame: (/** @type {any} */ options) => {
    const t = live();
    const f = runFrame(t, options);
    timeline.after(t);
    return { ...f, timelineFrom: timeline.from };
  },
  /**
   * The views' data of the run as it was at the end of epoch `k` (recomputed from the timeline;
   * the live run is not touched). No record entries: the page holds the whole record already.
   */
  replay: (/** @type {any} */ k, /** @type {any} */ options) => {
    const f = runFrame(past(k), { ...options, samples: 0, batches: 0, epochs: 0, budgetMs: 0 });
    return { ...f, historyStart: 0, historyEpochs: [], history: [], accuracy: [], timelineFrom: timeline.from };
  },
  config: () => live().config(),
  setConfig: (/** @type {any} */ partial) => changing((t) => t.setConfig(partial)),
  reset: (/** @type {any} */ seed) => changing((t) => t.reset(seed)),
  points: () => live().points(),
  addPoint: (/** @type {any} */ x, /** @type {any} */ y, /** @type {any} */ label) =>
    changing((t) => t.addPoint(x, y, label)),
  removePoint: (/** @type {any} */ i) => changing((t) => t.removePoint(i)),
  importCsv: (/** @type {any} */ text) => changing((t) => t.importCsv(text)),
  exportCsv: () => live().exportCsv(),
  exportState: () => live().exportState(),
  /** The inspector's numbers for point `i`, at epoch `k` of the timeline (or now, without `k`). */
  trace: (/** @type {any} */ i, /** @type {any} */ k) => (k === undefined ? live() : past(k)).trace(i),
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
