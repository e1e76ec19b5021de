// The gradient-descent lab's engine objects, hosted in the Web Worker: a Descent per map and
// start point, or lesson 15's Trainer, and the grid the maps are drawn from. The page sends a
// plain spec and gets plain data back: the run's shape on `labBuild`, then snapshots (paths and
// statuses) as it steps. Every method the page may call is listed in `labApi`.
import { Descent, Trainer } from "../pkg/dl_playground.js";

const GRID_RES = 160;
const MODEL_RES = 96;

/**
 * What the page asks for: the surface (or lesson 15's model), the start points, the racers of
 * each map ("lane"), the step budget, and the model's settings, seed and batch size.
 * @typedef {import("../pkg/dl_playground.js").RacerConfig} RacerSpec
 * @typedef {{ model: boolean, surface: import("../pkg/dl_playground.js").Surface, starts: [number, number][], lanes: RacerSpec[][], steps: number, seed: number, batchSize: number, trainer: Record<string, any> | null }} LabSpec
 */

/** @type {{ descents: Descent[][], trainer: Trainer | null, steps: number, spec: LabSpec | null, gridKey: string, losses: Map<string, number[]> }} */
const run = { descents: [], trainer: null, steps: 0, spec: null, gridKey: "", losses: new Map() };

/**
 * f at every point of a path so far (the lab's loss-vs-step chart and its "steps to reach"
 * column need every step, not only the frames the page happened to draw). Kept per path and
 * extended by the points added since the last snapshot; a point that is not finite gets NaN.
 */
function lossesOf(
  /** @type {string} */ key,
  /** @type {Float64Array} */ path,
  /** @type {(x: number, y: number) => number} */ f,
) {
  let out = run.losses.get(key);
  if (!out) run.losses.set(key, (out = []));
  const n = path.length / 2;
  // A path that got shorter (a reset, or the trainer's record thinning out) is evaluated afresh.
  if (out.length > n) out.length = 0;
  for (let i = out.length; i < n; i++) {
    const x = path[2 * i],
      y = path[2 * i + 1];
    out.push(Number.isFinite(x) && Number.isFinite(y) ? f(x, y) : NaN);
  }
  return Float64Array.from(out);
}

function free() {
  run.losses.clear();
  for (const lane of run.descents) for (const d of lane) d.free();
  run.descents = [];
  run.trainer?.free();
  run.trainer = null;
}

/**
 * The model surface's trainer: the spec's model settings (the lesson registry's: logistic
 * regression on two Gaussian blobs, the bias frozen so the map is (w1, w2)), with the spec's
 * seed, batch size and racer.
 * @returns {import("../pkg/dl_playground.js").TrainerConfig}
 */
function modelConfig(/** @type {LabSpec} */ s, /** @type {RacerSpec} */ r) {
  const { kind, label, ...hyper } = r;
  return { ...s.trainer, seed: s.seed, batchSize: s.batchSize, optimizer: kind, ...hyper };
}

/**
 * The (w1, w2) box for lesson 15: the run is deterministic, so the trainer takes its steps once
 * to see where its path goes, then starts over; the box holds the whole path with a margin and
 * stays put while the run plays.
 */
/** @returns {[number, number, number, number]} */
function modelBox(/** @type {Trainer} */ t, /** @type {number} */ steps) {
  t.stepBatches(steps);
  const p = t.parameterPath(0, 1);
  t.reset(undefined);
  let x0 = Infinity,
    x1 = -Infinity,
    y0 = Infinity,
    y1 = -Infinity;
  for (let i = 0; i + 1 < p.length; i += 2) {
    x0 = Math.min(x0, p[i]);
    x1 = Math.max(x1, p[i]);
    y0 = Math.min(y0, p[i + 1]);
    y1 = Math.max(y1, p[i + 1]);
  }
  const cx = (x0 + x1) / 2,
    cy = (y0 + y1) / 2;
  const span = Math.max(x1 - x0, y1 - y0);
  const half = span / 2 + Math.max(0.75, 0.3 * span);
  return [cx - half, cx + half, cy - half, cy + half];
}

function buildModel(/** @type {LabSpec} */ s) {
  const t = new Trainer(modelConfig(s, s.lanes[0][0]));
  run.trainer = t;
  const box = modelBox(t, s.steps);
  const key = `model:${s.seed}:${s.batchSize}:${JSON.stringify(s.lanes[0][0])}:${s.steps}`;
  if (key === run.gridKey) return null;
  run.gridKey = key;
  const values = t.landscapeBox(0, 1, MODEL_RES, box);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
  const [row, col] = [Math.floor(best / MODEL_RES), best % MODEL_RES];
  const lowest = [
    box[0] + ((col + 0.5) * (box[1] - box[0])) / MODEL_RES,
    box[3] - ((row + 0.5) * (box[3] - box[2])) / MODEL_RES,
  ];
  // A landscape has no log hint: use a log scale when its values span a decade or more.
  const lo = values[best];
  let hi = -Infinity;
  for (const v of values) hi = Math.max(hi, v);
  // The training points and the frozen bias, for the scatter plot that draws the decision line
  // w₁·x₁ + w₂·x₂ + b = 0 a point (w₁, w₂) of the map stands for.
  const pts = t.points();
  const train = [];
  for (let i = 0; i < pts.label.length; i++)
    if (!pts.isTest[i]) train.push(pts.x[2 * i], pts.x[2 * i + 1], pts.label[i]);
  const bias = t.weights().layers[0]?.b?.[0] ?? 0;
  return {
    key,
    points: Float64Array.from(train),
    bias,
    values,
    res: MODEL_RES,
    box,
    minima: [lowest],
    minimaValues: [lo],
    log: lo > 0 && hi / lo >= 10,
    lo,
    hi,
  };
}

function buildRace(/** @type {LabSpec} */ s) {
  run.descents = s.lanes.map((racers) =>
    s.starts.map((start) => new Descent({ surface: s.surface, start, maxSteps: s.steps, optimizers: racers })),
  );
  const key = `surface:${s.surface}`;
  if (key === run.gridKey) return null;
  run.gridKey = key;
  const info = Descent.surfaces().find((/** @type {any} */ x) => x.name === s.surface);
  const values = run.descents[0][0].grid(GRID_RES);
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const minimaValues = info.minima.map(
    ([/** @type {number} */ x, /** @type {number} */ y]) => Descent.evaluate(s.surface, x, y).value,
  );
  return { key, values, res: GRID_RES, box: info.box, minima: info.minima, minimaValues, log: info.logScale, lo, hi };
}

/** Every path and status: per lane (map), per start, per racer. */
function snapshot() {
  const t = run.trainer;
  if (t) {
    const path = t.parameterPath(0, 1);
    const n = path.length;
    const position = [path[n - 2], path[n - 1]];
    const { value: mapLoss, gradient } = t.lossAt(0, 1, position[0], position[1]);
    const metrics = t.metrics();
    const diverged = metrics.divergence != null;
    const stopped = t.iteration >= run.steps || diverged;
    const status = {
      steps: t.iteration,
      position,
      loss: metrics.trainLoss,
      gradient,
      m: null,
      v: null,
      state: diverged ? "diverged" : stopped ? "finished" : "running",
      stopped,
    };
    const losses = lossesOf("model", path, (x, y) => t.lossAt(0, 1, x, y).value);
    return [{ map: 0, start: 0, racerIndex: 0, path, losses, status, model: { metrics, mapLoss, epoch: t.epoch } }];
  }
  const out = [];
  for (const [map, lane] of run.descents.entries()) {
    for (const [start, d] of lane.entries()) {
      const paths = d.paths();
      const surface = /** @type {LabSpec} */ (run.spec).surface;
      const f = (/** @type {number} */ x, /** @type {number} */ y) => Descent.evaluate(surface, x, y).value;
      d.status().forEach((/** @type {any} */ status, /** @type {number} */ r) =>
        out.push({
          map,
          start,
          racerIndex: r,
          path: paths[r],
          losses: lossesOf(`${map}:${start}:${r}`, paths[r], f),
          status,
        }),
      );
    }
  }
  return out;
}

export const labApi = {
  labSchema: () => ({ race: Descent.schema(), trainer: Trainer.schema(), surfaces: Descent.surfaces() }),
  /**
   * Builds the objects for a spec; on an engine error keeps nothing and throws it. Returns the
   * grid (null when it is the one already sent) and the first snapshot.
   */
  labBuild(/** @type {LabSpec} */ spec) {
    free();
    run.spec = spec;
    run.steps = spec.steps;
    try {
      const grid = spec.model ? buildModel(spec) : buildRace(spec);
      return { grid, snapshot: snapshot() };
    } catch (e) {
      free();
      run.gridKey = "";
      throw e;
    }
  },
  /** Takes `n` more steps (the model stops at the step budget, or once it has diverged). */
  labAdvance(/** @type {number} */ n) {
    const t = run.trainer;
    if (t) {
      const left = run.steps - t.iteration;
      if (left > 0 && !t.diverged) t.stepBatches(Math.min(n, left));
    } else {
      for (const lane of run.descents) for (const d of lane) d.step(n);
    }
    return snapshot();
  },
  labReset() {
    run.losses.clear();
    for (const lane of run.descents) for (const d of lane) d.reset();
    run.trainer?.reset(undefined);
    return snapshot();
  },
  labSnapshot: () => snapshot(),
  /** The loss and its gradient at (x, y): the surface's, or the model's over (w1, w2). */
  labValueAt(/** @type {number} */ x, /** @type {number} */ y) {
    if (run.trainer) return run.trainer.lossAt(0, 1, x, y);
    return Descent.evaluate(run.spec?.surface, x, y);
  },
};
