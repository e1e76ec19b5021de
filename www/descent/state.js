// What the gradient-descent lab keeps in the URL hash, and the lessons it starts from: the
// surface, the start points, the racers (kinds and hyperparameters as parallel lists), the
// second learning rate of a paired run, the step budget, the speed, lesson 15's seed and batch
// size, and the language — so a shared link reproduces the run. Pure data and functions: no
// DOM, no wasm. The lessons come from the lesson registry; names, ranges and defaults from the
// engine's schemas (`init`), and the surfaces' boxes and default starts from its surface table.
import { parseHash, formatHash } from "../shared/hash.js";
import { DASHES } from "./views/surface.js";
import { lessonNumbered, lessonsOn } from "../lessons/registry.js";

export const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
/** One line dash per start point. */
export const MAX_STARTS = DASHES.length;
/** The hash's short names of the hyperparameters, and the engine's field for each. */
const HYPER = ["lr", "mu", "alpha", "beta1", "beta2", "eps"];
/** @type {Record<string, string>} */
export const ENGINE_NAME = {
  lr: "learningRate",
  mu: "momentum",
  alpha: "alpha",
  beta1: "beta1",
  beta2: "beta2",
  eps: "epsilon",
};

/** @typedef {{ kind: string, lr: number, mu: number, alpha: number, beta1: number, beta2: number, eps: number }} Racer */

/** What the engine told the page (set once by `init`). */
const engine = {
  /** @type {any} */ race: null,
  /** @type {any} */ trainer: null,
  /** @type {Record<string, any>} */ surfaces: {},
};
/** Optimizer kinds, in the engine's order. */
export let KINDS = /** @type {string[]} */ ([]);
/** Most racers on a map. */
export let MAX_RACERS = 0;
/** The hyperparameters each optimizer reads besides the learning rate, by their hash names. */
export let USES = /** @type {Record<string, string[]>} */ ({});
/** @type {Record<string, any>} */
let PRESETS = {};
/** @type {any} */
let DEFAULT = null;

/**
 * Takes the engine's schemas and surface table, and builds the lessons from them.
 * @param {{ race: any, trainer: any, surfaces: any[] }} schemas
 */
export function init(schemas) {
  engine.race = schemas.race;
  engine.trainer = schemas.trainer;
  engine.surfaces = Object.fromEntries(schemas.surfaces.map((s) => [s.name, s]));
  KINDS = engine.race.optimizers.map((/** @type {any} */ o) => o.name);
  MAX_RACERS = engine.race.maxRacers;
  const hashName = Object.fromEntries(Object.entries(ENGINE_NAME).map(([k, v]) => [v, k]));
  USES = Object.fromEntries(
    engine.race.optimizers.map((/** @type {any} */ o) => [
      o.name,
      o.uses.map((/** @type {string} */ u) => hashName[u]),
    ]),
  );
  DEFAULT = describe({
    surface: "ravine",
    racers: [
      ["sgd", 0.15],
      ["momentum", 0.05],
      ["adam", 0.2],
    ],
  });
  // Lessons 10–15, from the lesson registry (their numbers are checked by src/lessons).
  PRESETS = Object.fromEntries(lessonsOn("lab").map((n) => [n, fromLesson(n)]));
}

/** Lab lesson `n`'s state: the registry's settings in the hash's names (racers as parallel lists). */
function fromLesson(/** @type {string} */ n) {
  const s = /** @type {import("../lessons/registry.js").LabSettings} */ (lessonNumbered(n)?.settings);
  /** @type {Record<string, any>} */
  const state = {
    preset: n,
    surface: s.surface,
    start: s.starts.flat(),
    opt: s.racers.map((r) => r.kind),
    pair: s.pair,
    lr2: s.lr2,
    steps: s.steps,
    speed: String(s.speed),
    seed: s.seed,
    batch: s.batchSize,
    lang: null,
  };
  for (const k of HYPER) state[k] = s.racers.map((r) => r[ENGINE_NAME[k]]);
  return state;
}

/** Each hyperparameter's engine field (its allowed range), by hash name, for the editor. */
export function hyperRanges() {
  return Object.fromEntries(Object.entries(ENGINE_NAME).map(([k, name]) => [k, field(engine.race.racerFields, name)]));
}

/** The engine's surface table by name. */
export const surfaceInfo = (/** @type {string} */ name) => engine.surfaces[name];

/**
 * A new racer of `kind` with the engine's defaults (torch's hyperparameters; the lab's
 * learning rate).
 * @param {string} kind @returns {Racer}
 */
export function racerDefaults(kind) {
  const d = engine.race.optimizers.find((/** @type {any} */ o) => o.name === kind).defaults;
  return {
    kind,
    lr: engine.race.racerDefaults.learningRate,
    mu: d.momentum,
    alpha: d.alpha,
    beta1: d.beta1,
    beta2: d.beta2,
    eps: d.epsilon,
  };
}

// ---- The state: one flat object, every key a hash entry; optimizers as parallel lists --------

/** @param {{ preset?: string | null, surface: string, start?: number[], racers: any[], pair?: boolean, lr2?: number, steps?: number, speed?: number, seed?: number, batch?: number }} o */
function describe({
  preset = null,
  surface,
  start = [],
  racers,
  pair = false,
  lr2 = 0.01,
  steps = 300,
  speed = 20,
  seed = 7,
  batch = engine.trainer.defaults.batchSize,
}) {
  const rs = racers.map(([kind, lr, extra = {}]) => ({ ...racerDefaults(kind), lr, ...extra }));
  /** @type {Record<string, any>} */
  const s = {
    preset,
    surface,
    start,
    opt: rs.map((r) => r.kind),
    pair,
    lr2,
    steps,
    speed: String(speed),
    seed,
    batch,
    lang: null,
  };
  for (const k of HYPER) s[k] = rs.map((/** @type {any} */ r) => r[k]);
  return s;
}

/** The engine field named `name` of a field table. */
const field = (/** @type {any[]} */ fields, /** @type {string} */ name) => fields.find((f) => f.name === name);

/** A hash number entry with an engine field's range. */
function numberEntry(/** @type {string} */ key, /** @type {any} */ f, /** @type {any} */ def, list = false) {
  const range = { integer: f.integer, min: f.min, max: f.max, minOpen: f.minOpen, maxOpen: f.maxOpen };
  return list
    ? { key, type: "list", ...range, maxLength: MAX_RACERS, default: def }
    : { key, type: "number", ...range, default: def };
}

function schemaFor(/** @type {any} */ d) {
  const racer = engine.race.racerFields;
  const trainer = engine.trainer.fields;
  return [
    { key: "preset", type: "enum", values: Object.keys(PRESETS), default: d.preset },
    { key: "surface", type: "enum", values: [...Object.keys(engine.surfaces), "model"], default: d.surface },
    { key: "start", type: "list", maxLength: 2 * MAX_STARTS, default: d.start },
    { key: "opt", type: "names", values: KINDS, maxLength: MAX_RACERS, default: d.opt },
    ...HYPER.map((k) => numberEntry(k, field(racer, ENGINE_NAME[k]), d[k], true)),
    { key: "pair", type: "bool", default: d.pair },
    numberEntry("lr2", field(racer, "learningRate"), d.lr2),
    numberEntry("steps", field(engine.race.fields, "maxSteps"), d.steps),
    { key: "speed", type: "enum", values: SPEEDS.map(String), default: d.speed },
    numberEntry("seed", field(trainer, "seed"), d.seed),
    numberEntry("batch", field(trainer, "batchSize"), d.batch),
    { key: "lang", type: "enum", values: ["ko", "en"], default: null },
  ];
}

/** The lesson named `name`, or the default state (`hasOwn`: "toString" is no lesson). */
const presetNamed = (/** @type {string | null} */ name) =>
  name !== null && Object.hasOwn(PRESETS, name) ? PRESETS[name] : DEFAULT;

/** The state `s` started from: its lesson's, or the default one. */
export const baseOf = (/** @type {any} */ s) => presetNamed(s.preset);

export const isModel = (/** @type {any} */ s) => s.surface === "model";

/**
 * The state a hash describes: a preset (if named) with the other entries on top of it, and the
 * entries ignored.
 * @param {string} hash
 */
export function readHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const base = presetNamed(params.get("preset"));
  const { state, ignored } = parseHash(hash, schemaFor(base));
  const drop = (/** @type {string} */ key, reason = "range") => {
    if (params.has(key) && !ignored.some((i) => i.key === key))
      ignored.push({ key, value: params.get(key) ?? "", reason });
  };
  if (state.opt.length < 1) {
    drop("opt");
    state.opt = [...base.opt];
  }
  // Every hyperparameter list runs parallel to `opt`; one of another length is dropped and
  // refilled from the preset (where the kind matches) or the kind's defaults.
  for (const k of HYPER) {
    if (state[k].length === state.opt.length) continue;
    drop(k);
    state[k] = state.opt.map((/** @type {string} */ kind, /** @type {number} */ i) =>
      base.opt[i] === kind ? base[k][i] : /** @type {any} */ (racerDefaults(kind))[k],
    );
  }
  const box = engine.surfaces[state.surface]?.box;
  const st = state.start;
  const inBox = (/** @type {number} */ i) =>
    box && st[i] >= box[0] && st[i] <= box[1] && st[i + 1] >= box[2] && st[i + 1] <= box[3];
  if (st.length % 2 !== 0 || st.some((/** @type {number} */ _, /** @type {number} */ i) => i % 2 === 0 && !inBox(i))) {
    drop("start");
    state.start = state.surface === base.surface ? [...base.start] : [];
  }
  return { state, ignored };
}

/** The hash for `s`: the lesson and the language always, everything else where it differs. */
export function formatState(/** @type {any} */ s) {
  return formatHash(s, schemaFor(baseOf(s)), ["preset", "lang"]);
}

/** Whether the state differs from its lesson's (language and playback speed aside). */
export function changedFromPreset(/** @type {any} */ s) {
  const p = PRESETS[s.preset];
  return p ? formatHash({ ...s, lang: null, speed: p.speed }, schemaFor(p)) !== "#" : false;
}

/** The racers of `s` as objects: { kind, lr, mu, alpha, beta1, beta2, eps }. @returns {Racer[]} */
export function racersOf(/** @type {any} */ s) {
  return s.opt.map((/** @type {string} */ kind, /** @type {number} */ i) =>
    Object.fromEntries([["kind", kind], ...HYPER.map((k) => [k, s[k][i]])]),
  );
}

/** Writes a list of racer objects back into the parallel lists of `s`. */
export function setRacers(/** @type {any} */ s, /** @type {Racer[]} */ list) {
  s.opt = list.map((r) => r.kind);
  for (const k of HYPER) s[k] = list.map((/** @type {any} */ r) => r[k]);
}

/** The start points as [x, y] pairs: the state's, else the surface's default (none for the model). */
export function startsOf(/** @type {any} */ s) {
  if (isModel(s)) return [];
  const flat = s.start.length ? s.start : engine.surfaces[s.surface].start;
  const out = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
  return out;
}

/** The step start points are rounded to (and the start inputs step by): a power of ten, ~1/200 of the box. */
export function startStep(/** @type {number[]} */ box) {
  return 10 ** Math.floor(Math.log10((box[1] - box[0]) / 200));
}

/** A racer as the engine reads it: its kind, learning rate and the hyperparameters the kind uses. */
export function engineRacer(/** @type {Racer} */ r) {
  /** @type {Record<string, any>} */
  const out = { kind: r.kind, learningRate: r.lr };
  for (const k of USES[r.kind]) out[ENGINE_NAME[k]] = /** @type {any} */ (r)[k];
  return out;
}
