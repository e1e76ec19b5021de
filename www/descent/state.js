// What the gradient-descent lab keeps in the URL hash, and the lessons it starts from: the
// surface, the start points, the racers (kinds and hyperparameters as parallel lists), the
// second learning rate of a paired run, the step budget, the speed, lesson 15's seed and batch
// size, and the language — so a shared link reproduces the run. Pure data and functions: no DOM,
// no wasm; the surfaces' boxes and default starts come in as `info` (the engine's table).
import { parseHash, formatHash } from "../shared/hash.js";
import { COLOURS, DASHES } from "./views/surface.js";

export const KINDS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];
const SURFACES = ["bowl", "ravine", "rosenbrock", "minima", "plateau", "saddle", "model"];
export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
/** One colour (and marker shape) per racer, one line dash per start point. */
export const MAX_RACERS = COLOURS.length;
export const MAX_STARTS = DASHES.length;
const HYPER = ["lr", "mu", "alpha", "beta1", "beta2", "eps"];
/** The hyperparameters each optimizer reads besides the learning rate (torch.optim's). */
export const USES = {
  sgd: [], momentum: ["mu"], nesterov: ["mu"], adagrad: ["eps"],
  rmsprop: ["mu", "alpha", "eps"], adam: ["beta1", "beta2", "eps"],
};

/** torch.optim's defaults for a new racer; the learning rate is the lab's. */
export function racerDefaults(kind) {
  return {
    kind, lr: 0.1, mu: kind === "momentum" || kind === "nesterov" ? 0.9 : 0, alpha: 0.99,
    beta1: 0.9, beta2: 0.999, eps: kind === "adagrad" ? 1e-10 : 1e-8,
  };
}

// ---- The state: one flat object, every key a hash entry; optimizers as parallel lists --------

function describe({ preset = null, surface, start = [], racers, pair = false, lr2 = 0.01, steps = 300, speed = 20, seed = 7, batch = 10 }) {
  const rs = racers.map(([kind, lr, extra = {}]) => ({ ...racerDefaults(kind), lr, ...extra }));
  const s = { preset, surface, start, opt: rs.map((r) => r.kind), pair, lr2, steps, speed: String(speed), seed, batch, lang: null };
  for (const k of HYPER) s[k] = rs.map((r) => r[k]);
  return s;
}

const DEFAULT = describe({ surface: "ravine", racers: [["sgd", 0.15], ["momentum", 0.05], ["adam", 0.2]] });
/**
 * Lessons 10–15. The numbers were checked against the engine: bowl lr 1.05 > 2/L = 1 diverges
 * while 0.005 crawls; the four minima starts sit around the surface's central hump and fall
 * into four different basins; on the plateau only Adam leaves within 200 steps. In the ravine,
 * GD at 0.19 (just under 2/10) zig-zags across with each swing 0.9 times the last; momentum at
 * the same rate with μ = 0.5 damps the swing within a few steps and gets within 0.05 of the
 * minimum in ~110 steps against GD's ~230 (μ = 0.9 would overshoot past the start's height,
 * which the engine reports as diverged).
 */
const PRESETS = {
  10: describe({ preset: "10", surface: "bowl", start: [-2, 1.5], racers: [["sgd", 1.05]], pair: true, lr2: 0.005, steps: 100, speed: 10 }),
  11: describe({ preset: "11", surface: "minima", start: [0, -0.1, 0.5, -0.1, 0, -0.7, 0.5, -0.7], racers: [["sgd", 0.02]], steps: 100, speed: 10 }),
  12: describe({ preset: "12", surface: "plateau", racers: [["sgd", 0.1], ["momentum", 0.1], ["adam", 0.1]], steps: 200, speed: 20 }),
  13: describe({ preset: "13", surface: "ravine", racers: [["sgd", 0.19], ["momentum", 0.19, { mu: 0.5 }]], steps: 300, speed: 10 }),
  14: describe({
    preset: "14", surface: "ravine",
    racers: [["sgd", 0.15], ["momentum", 0.05], ["nesterov", 0.05], ["adagrad", 0.5], ["rmsprop", 0.05], ["adam", 0.2]],
    steps: 150, speed: 10,
  }),
  15: describe({ preset: "15", surface: "model", racers: [["sgd", 0.05]], steps: 1000, speed: 50 }),
};

function schemaFor(d) {
  const list = (key, min, max) => ({ key, type: "list", min, max, maxLength: MAX_RACERS, default: d[key] });
  return [
    { key: "preset", type: "enum", values: Object.keys(PRESETS), default: d.preset },
    { key: "surface", type: "enum", values: SURFACES, default: d.surface },
    { key: "start", type: "list", min: -1e3, max: 1e3, maxLength: 2 * MAX_STARTS, default: d.start },
    { key: "opt", type: "names", values: KINDS, default: d.opt },
    list("lr", 1e-9, 100), list("mu", 0, 0.99999), list("alpha", 0, 0.99999),
    list("beta1", 0, 0.99999), list("beta2", 0, 0.99999), list("eps", 1e-12, 1),
    { key: "pair", type: "bool", default: d.pair },
    { key: "lr2", type: "number", min: 1e-9, max: 100, default: d.lr2 },
    { key: "steps", type: "number", integer: true, min: 1, max: 100000, default: d.steps },
    { key: "speed", type: "enum", values: SPEEDS.map(String), default: d.speed },
    { key: "seed", type: "number", integer: true, min: 0, max: 4294967295, default: d.seed },
    { key: "batch", type: "number", integer: true, min: 1, max: 100, default: d.batch },
    { key: "lang", type: "enum", values: ["ko", "en"], default: null },
  ];
}

/** The lesson named `name`, or the default state (`hasOwn`: "toString" is no lesson). */
const presetNamed = (name) => (Object.hasOwn(PRESETS, name) ? PRESETS[name] : DEFAULT);

/** The state `s` started from: its lesson's, or the default one. */
export const baseOf = (s) => presetNamed(s.preset);

export const isModel = (s) => s.surface === "model";

/**
 * The state a hash describes: a preset (if named) with the other entries on top of it, and the
 * entries ignored. `info`: the engine's surfaces by name (for the boxes start points must be in).
 */
export function readHash(hash, info) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const base = presetNamed(params.get("preset"));
  const { state, ignored } = parseHash(hash, schemaFor(base));
  const drop = (key, reason = "range") => {
    if (params.has(key) && !ignored.some((i) => i.key === key)) ignored.push({ key, value: params.get(key), reason });
  };
  if (state.opt.length < 1 || state.opt.length > MAX_RACERS) {
    drop("opt");
    state.opt = [...base.opt];
  }
  // Every hyperparameter list runs parallel to `opt`; one of another length is dropped and
  // refilled from the preset (where the kind matches) or the kind's defaults.
  for (const k of HYPER) {
    if (state[k].length === state.opt.length) continue;
    drop(k);
    state[k] = state.opt.map((kind, i) => (base.opt[i] === kind ? base[k][i] : racerDefaults(kind)[k]));
  }
  const box = info[state.surface]?.box;
  const st = state.start;
  const inBox = (i) => box && st[i] >= box[0] && st[i] <= box[1] && st[i + 1] >= box[2] && st[i + 1] <= box[3];
  if (st.length % 2 !== 0 || st.some((_, i) => i % 2 === 0 && !inBox(i))) {
    drop("start");
    state.start = state.surface === base.surface ? [...base.start] : [];
  }
  return { state, ignored };
}

/** The hash for `s`: the lesson and the language always, everything else where it differs. */
export function formatState(s) {
  return formatHash(s, schemaFor(baseOf(s)), ["preset", "lang"]);
}

/** Whether the state differs from its lesson's (language and playback speed aside). */
export function changedFromPreset(s) {
  const p = PRESETS[s.preset];
  return p ? formatHash({ ...s, lang: null, speed: p.speed }, schemaFor(p)) !== "#" : false;
}

/** The racers of `s` as objects: { kind, lr, mu, alpha, beta1, beta2, eps }. */
export function racersOf(s) {
  return s.opt.map((kind, i) => Object.fromEntries([["kind", kind], ...HYPER.map((k) => [k, s[k][i]])]));
}

/** Writes a list of racer objects back into the parallel lists of `s`. */
export function setRacers(s, list) {
  s.opt = list.map((r) => r.kind);
  for (const k of HYPER) s[k] = list.map((r) => r[k]);
}

/** The start points as [x, y] pairs: the state's, else the surface's default (none for the model). */
export function startsOf(s, info) {
  if (isModel(s)) return [];
  const flat = s.start.length ? s.start : info[s.surface].start;
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/** The step start points are rounded to (and the start inputs step by): a power of ten, ~1/200 of the box. */
export function startStep(box) {
  return 10 ** Math.floor(Math.log10((box[1] - box[0]) / 200));
}
