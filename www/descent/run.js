// The lab's wasm side. `loadEngine` starts the engine and returns its surface table; a `Run` holds
// the wasm objects built from one state — a Descent per map and start point, or lesson 15's
// Trainer — and the grid the maps are drawn from. It steps, resets and evaluates, and hands out
// snapshots as plain arrays and numbers for the page to draw. Free a Run before dropping it.
import init, { Descent, Trainer } from "../pkg/dl_playground.js";
import { COLOURS, SHAPES } from "./views/surface.js";
import { USES, isModel, racersOf, startsOf } from "./state.js";

const GRID_RES = 160;
const MODEL_RES = 96;
const ENGINE_NAME = { mu: "momentum", alpha: "alpha", beta1: "beta1", beta2: "beta2", eps: "epsilon" };

/** Loads the engine; resolves to its surfaces (formula, box, minima, start, logScale) by name. */
export async function loadEngine() {
  await init();
  return Object.fromEntries(Descent.surfaces().map((s) => [s.name, s]));
}

/** The hyperparameters racer `r`'s kind reads, under the engine's names. */
const engineHypers = (r) => Object.fromEntries(USES[r.kind].map((k) => [ENGINE_NAME[k], r[k]]));

const engineRacer = (r) => ({ kind: r.kind, learningRate: r.lr, ...engineHypers(r) });

/** Lesson 15's trainer: logistic regression on two Gaussian blobs, the bias frozen so the map is (w1, w2). */
function trainerConfig(s, r, extra = {}) {
  return {
    model: "logistic", dataset: "gauss", noise: 1, seed: s.seed, batchSize: s.batch,
    optimizer: r.kind, learningRate: r.lr, frozen: ["b[0][0]"], ...extra, ...engineHypers(r),
  };
}

/**
 * The (w1, w2) box for lesson 15: a throw-away trainer with the same seed takes the same steps
 * first, so the box holds the whole path the real one will take, with a margin, and stays put
 * while it plays.
 */
function modelBox(s, r) {
  const scratch = new Trainer(trainerConfig(s, r, { recordHistory: false }));
  try {
    scratch.stepBatches(Math.min(s.steps, 20000));
    const p = scratch.parameterPath(0, 1);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i + 1 < p.length; i += 2) {
      if (!Number.isFinite(p[i]) || !Number.isFinite(p[i + 1])) continue;
      x0 = Math.min(x0, p[i]); x1 = Math.max(x1, p[i]); y0 = Math.min(y0, p[i + 1]); y1 = Math.max(y1, p[i + 1]);
    }
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const span = Math.max(x1 - x0, y1 - y0);
    const half = span / 2 + Math.max(0.75, 0.3 * span);
    return [cx - half, cx + half, cy - half, cy + half];
  } finally {
    scratch.free();
  }
}

/** Whether every path of a snapshot has stopped. */
export const finished = (snap) => snap.every((e) => e.status.stopped);
/** The most steps any path of a snapshot has taken. */
export const stepsOf = (snap) => Math.max(0, ...snap.map((e) => e.status.steps));

export class Run {
  /**
   * Builds the wasm objects for state `s`; on an engine error, frees what it made and throws.
   * `grid`: the last run's grid, kept when the surface (or the model's seed and box) is the same.
   */
  constructor(s, info, grid = null) {
    this.model = isModel(s);
    this.surface = s.surface;
    this.info = info[s.surface]; // undefined for the model
    this.steps = s.steps;
    this.starts = startsOf(s, info);
    /** The maps shown (the second only when comparing two learning rates): their racers and races. */
    this.maps = [];
    this.trainer = null;
    this.grid = grid;
    try {
      const racers = racersOf(s).map((r, i) => ({ ...r, colour: COLOURS[i], shape: SHAPES[i] }));
      if (this.model) this.buildModel(s, racers[0]);
      else this.buildRace(s, racers);
    } catch (e) {
      this.free();
      throw e;
    }
  }

  buildModel(s, r) {
    const box = modelBox(s, r);
    this.trainer = new Trainer(trainerConfig(s, r));
    this.maps.push({ index: 0, racers: [r], descents: [] });
    const key = `model:${s.seed}:${box.join(",")}`;
    if (this.grid?.key === key) return;
    const values = this.trainer.landscapeBox(0, 1, MODEL_RES, box);
    let best = 0;
    for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
    const [row, col] = [Math.floor(best / MODEL_RES), best % MODEL_RES];
    const lowest = [box[0] + ((col + 0.5) * (box[1] - box[0])) / MODEL_RES, box[3] - ((row + 0.5) * (box[3] - box[2])) / MODEL_RES];
    // A landscape has no log hint: use a log scale when its values span a decade or more.
    const lo = values[best], hi = Math.max(...values);
    this.grid = { key, values, res: MODEL_RES, box, minima: [lowest], log: lo > 0 && hi / lo >= 10, lo, hi };
  }

  buildRace(s, racers) {
    // Comparing two rates: the first racer on the left, and again at `lr2` on the right.
    const lanes = s.pair ? [[racers[0]], [{ ...racers[0], lr: s.lr2, colour: COLOURS[1], shape: SHAPES[1] }]] : [racers];
    lanes.forEach((rs, index) => {
      const m = { index, racers: rs, descents: [] };
      this.maps.push(m);
      for (const start of this.starts) {
        m.descents.push(new Descent({ surface: s.surface, start, maxSteps: s.steps, optimizers: rs.map(engineRacer) }));
      }
    });
    const key = `surface:${s.surface}`;
    if (this.grid?.key === key) return;
    const values = this.maps[0].descents[0].grid(GRID_RES);
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    this.grid = { key, values, res: GRID_RES, box: this.info.box, minima: this.info.minima, log: this.info.logScale, lo, hi };
  }

  free() {
    for (const m of this.maps) for (const d of m.descents) d.free();
    this.maps = [];
    this.trainer?.free();
    this.trainer = null;
  }

  /** Takes `n` more steps (the model stops at the step budget, or once it has diverged). */
  advance(n) {
    if (n <= 0) return;
    if (this.trainer) {
      const left = this.steps - this.trainer.iteration;
      if (left > 0 && !this.trainer.diverged) this.trainer.stepBatches(Math.min(n, left));
    } else {
      for (const m of this.maps) for (const d of m.descents) d.step(n);
    }
  }

  reset() {
    for (const m of this.maps) for (const d of m.descents) d.reset();
    this.trainer?.reset();
  }

  /** The loss and its gradient at (x, y): the surface's, or the model's over (w1, w2). */
  valueAt(x, y) {
    return this.model ? this.modelValue(x, y) : Descent.evaluate(this.surface, x, y);
  }

  /** The model's loss (and a central-difference gradient) at (w1, w2), from the landscape. */
  modelValue(x, y) {
    const trainer = this.trainer;
    const e = 1e-9, h = 1e-4;
    const value = trainer.landscapeBox(0, 1, 1, [x - e, x + e, y - e, y + e])[0];
    // A 2×2 grid over [x ± h] × [y ± h] has its cell centres at x ± h/2, y ± h/2 (row 0 on top).
    const [tl, tr, bl, br] = trainer.landscapeBox(0, 1, 2, [x - h, x + h, y - h, y + h]);
    return { value, gradient: [(tr - tl + br - bl) / (2 * h), (tl - bl + tr - br) / (2 * h)] };
  }

  /**
   * Everything one frame shows: per map, per start, per racer, its path (x0, y0, x1, y1, …) and
   * status { steps, position, loss, gradient, m, v, diverged, leftBox, stopped }. `map` is the
   * map's index; the model's one entry also carries its metrics, map loss and epoch.
   */
  snapshot() {
    if (this.trainer) {
      const tr = this.trainer;
      const path = tr.parameterPath(0, 1);
      const n = path.length;
      const pos = [path[n - 2], path[n - 1]];
      const { value: mapLoss, gradient } = this.modelValue(pos[0], pos[1]);
      const metrics = tr.metrics();
      const done = tr.iteration >= this.steps;
      const status = {
        steps: tr.iteration, position: pos, loss: metrics.trainLoss, gradient, m: null, v: null,
        diverged: metrics.diverged, leftBox: false, stopped: done || metrics.diverged,
      };
      return [{ map: 0, start: 0, racer: this.maps[0].racers[0], racerIndex: 0, path, status, model: { metrics, mapLoss, epoch: tr.epoch } }];
    }
    const out = [];
    for (const m of this.maps) {
      m.descents.forEach((d, start) => {
        const paths = d.paths();
        d.status().forEach((status, r) => out.push({ map: m.index, start, racer: m.racers[r], racerIndex: r, path: paths[r], status }));
      });
    }
    return out;
  }
}
