// The playground's Trainer, hosted in the Web Worker (one per worker). Every method the page may
// call is listed here; worker.js serves exactly these.
import { Trainer } from "../pkg/dl_playground.js";
import { runFrame } from "./frame.js";
import { Timeline } from "./timeline.js";
import { stepLockstep } from "./lockstep.js";

/** @type {Trainer | null} */
let trainer = null;

/** The run's past, for replay (timeline.js). Every change to the run restarts it. */
const newTimeline = () => new Timeline((state) => Trainer.fromState(state));
const timeline = newTimeline();

/**
 * Compare mode: the runs beside the page's own, each with the settings it changes, its trainer
 * and its own timeline. They share the page's points and seed and stay at its epoch.
 * @type {{ overrides: Record<string, any>, trainer: Trainer, timeline: Timeline }[]}
 */
let compared = [];

/** Every run's trainer and timeline, the page's own first. */
const runs = () => [
  { trainer: live(), timeline, overrides: {} },
  ...compared.map((c) => ({ trainer: c.trainer, timeline: c.timeline, overrides: c.overrides })),
];

/**
 * Runs `change` on every run's trainer (the page's own first; a compared run gets the change
 * without the settings it sets itself), then restarts the runs' timelines. A change the engine
 * refuses for the page's run changes nothing. While comparing, every run then starts over from
 * its initial weights, so that the runs stay at the same epoch whatever the change did.
 * @param {(t: Trainer, overrides: Record<string, any>) => any} change
 */
function changing(change) {
  const t = live();
  const r = change(t, {});
  for (const c of compared) {
    try {
      change(c.trainer, c.overrides);
    } catch {
      // A change the compared run's own settings refuse: that run keeps what it had.
    }
  }
  if (compared.length) for (const x of runs()) x.trainer.reset(undefined);
  for (const x of runs()) x.timeline.restart(x.trainer);
  return compared.length && r && typeof r === "object" ? { ...r, weightsReset: true } : r;
}

/** `partial` without the settings a compared run sets itself. */
function without(/** @type {Record<string, any>} */ partial, /** @type {Record<string, any>} */ overrides) {
  return Object.fromEntries(Object.entries(partial).filter(([k]) => !(k in overrides)));
}

/** A run at epoch `k` of its timeline (the live trainer at its own epoch or later). */
function pastOf(/** @type {Trainer} */ t, /** @type {Timeline} */ tl, /** @type {number} */ k) {
  if (!(k < t.epoch)) return t;
  const r = tl.at(k);
  if (!r) throw Object.assign(new Error("epoch before the timeline"), { code: "outOfRange", field: "epoch", value: k });
  return /** @type {Trainer} */ (/** @type {unknown} */ (r));
}
const past = (/** @type {number} */ k) => pastOf(live(), timeline, k);

/** A compared run's part of a frame: its map, counters, metrics, gradient norms and record. */
function comparedFrame(/** @type {Trainer} */ t, /** @type {any} */ o, /** @type {any} */ history) {
  const f = runFrame(t, { gridRes: o.gridRes, ...(history ?? {}) });
  return { ...f, gradientNorms: t.gradientNorms() };
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
    for (const c of compared) c.trainer.free();
    compared = [];
    timeline.restart(trainer);
    return trainer.config();
  },
  /**
   * Compare mode: makes the runs beside the page's own, one per entry of `list` (the settings
   * each changes; [] ends compare mode), on the page's points and seed, and starts every run over
   * together. Returns each run's whole config; a run whose settings the engine refuses is left
   * out, and its error is returned in its place.
   * @param {Record<string, any>[]} list
   */
  compare(list) {
    const t = live();
    for (const c of compared) c.trainer.free();
    compared = [];
    const base = t.config();
    const points = t.exportCsv();
    const out = [];
    for (const overrides of list.slice(0, 3)) {
      let next = null;
      try {
        next = new Trainer({ ...base, ...overrides });
        next.importCsv(points);
        compared.push({ overrides, trainer: next, timeline: newTimeline() });
        out.push({ config: next.config() });
      } catch (e) {
        next?.free();
        const err = /** @type {any} */ (e);
        out.push({
          error: { message: String(err?.message ?? err), code: err?.code, field: err?.field, value: err?.value },
        });
      }
    }
    for (const x of runs()) {
      x.trainer.reset(undefined);
      x.timeline.restart(x.trainer);
    }
    return out;
  },
  frame: (/** @type {any} */ options) => {
    const t = live();
    if (!compared.length) {
      const f = runFrame(t, options);
      timeline.after(t);
      return { ...f, timelineFrom: timeline.from };
    }
    // Lockstep: every run takes the frame's steps, then the page's run draws as usual.
    stepLockstep(
      runs().map((x) => x.trainer),
      options,
    );
    const f = runFrame(t, { ...options, samples: 0, batches: 0, epochs: 0, budgetMs: 0 });
    timeline.after(t);
    const variants = compared.map((c, i) => {
      c.timeline.after(c.trainer);
      return comparedFrame(c.trainer, options, options.comparedHistory?.[i]);
    });
    return { ...f, timelineFrom: timeline.from, compared: variants };
  },
  /**
   * The views' data of the run as it was at the end of epoch `k` (recomputed from the timeline;
   * the live run is not touched). No record entries: the page holds the whole record already.
   */
  replay: (/** @type {any} */ k, /** @type {any} */ options) => {
    const none = { historyStart: 0, historyEpochs: [], history: [], accuracy: [] };
    const f = runFrame(past(k), { ...options, samples: 0, batches: 0, epochs: 0, budgetMs: 0 });
    const variants = compared.map((c) => ({
      ...comparedFrame(pastOf(c.trainer, c.timeline, k), options, null),
      ...none,
    }));
    return { ...f, ...none, timelineFrom: timeline.from, ...(compared.length ? { compared: variants } : {}) };
  },
  config: () => live().config(),
  setConfig: (/** @type {any} */ partial) => changing((t, overrides) => t.setConfig(without(partial, overrides))),
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
  /** The point the next one-sample step trains on (null without training points). */
  nextSample: () => live().nextSample() ?? null,
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
  lossCurve: (/** @type {any} */ name, /** @type {any} */ from, /** @type {any} */ to, /** @type {any} */ n) =>
    Trainer.lossCurve(name, from, to, n),
};
