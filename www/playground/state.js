// What the playground keeps in the URL hash: every trainer setting (seed included), the page's
// own options, hand-edited points, the lesson, which parts are hidden and which controls are
// locked — so a teacher's link reproduces the run and shows only what a lesson needs. The
// trainer's entries (names, ranges, choices, defaults) come from the engine's schema, the lessons
// from the lesson registry.
import { entryOf, parseHash } from "../shared/hash.js";
import { lessonNumbered, lessonsOn } from "../lessons/registry.js";

/** Parts of the page a link can hide (`hide=network,charts`). */
export const PARTS = ["lessons", "controls", "run", "data", "csv", "network", "charts", "inspector", "exports"];

/** Controls a link can lock (`lock=dataset,model`): the data-control names in index.html. */
export const LOCKABLE = [
  "lesson",
  "dataset",
  "points",
  "noise",
  "trainRatio",
  "seed",
  "angle",
  "margin",
  "model",
  "hidden",
  "activation",
  "leakyAlpha",
  "loss",
  "optimizer",
  "learningRate",
  "momentum",
  "alpha",
  "beta1",
  "beta2",
  "epsilon",
  "batchSize",
  "regularization",
  "regularizationRate",
  "speed",
  "stop",
  "play",
  "reset",
  "points-edit",
];

/** Trainer settings a link does not carry: the history switch is for scripts, frozen names for the lab. */
const NOT_IN_LINKS = ["recordHistory", "frozen", "activations"];

/**
 * Lesson `n`'s state from the registry: every trainer setting, the page's own (speed, stops,
 * chart options) and its locked controls; null when `n` is no playground lesson.
 * @param {unknown} n @returns {Record<string, any> | null}
 */
export function lessonState(n) {
  const l = lessonNumbered(n);
  if (!l || l.page !== "playground") return null;
  return { ...l.settings.trainer, ...l.settings.view, lock: [...l.locked] };
}

/**
 * The hash schema: the trainer's fields from the engine's schema, then the page's own entries.
 * @param {import("../pkg/dl_playground.js").TrainerSchema} schema
 */
export function hashSchema(schema) {
  const defaults = /** @type {Record<string, any>} */ (schema.defaults);
  const config = schema.fields
    .filter((f) => !NOT_IN_LINKS.includes(f.name))
    .map((f) => entryOf(f, defaults[f.name]))
    .filter((e) => e !== null);
  return {
    config,
    keys: config.map((e) => e.key),
    all: [
      { key: "lesson", type: "enum", values: ["", ...lessonsOn("playground")], default: "" },
      ...config,
      { key: "speed", type: "enum", values: ["slow", "frame", "fast", "max"], default: "frame" },
      { key: "stopEpochs", type: "number", integer: true, min: 1, default: null },
      { key: "stopLoss", type: "number", min: 0, default: null },
      { key: "discretize", type: "bool", default: false },
      { key: "lossLog", type: "bool", default: true },
      { key: "pts", type: "text", default: "" },
      // Compare mode's runs beside the page's own (compare.js): "activation:relu;optimizer:adam".
      { key: "cmp", type: "text", default: "" },
      { key: "hide", type: "names", values: PARTS, default: [] },
      { key: "lock", type: "names", values: LOCKABLE, default: [] },
      { key: "lang", type: "enum", values: ["ko", "en"], default: null },
    ],
  };
}

/**
 * The state a hash describes: its lesson's settings (when it names one) under what the link
 * itself sets — but not under what the link got wrong, which the lesson's value replaces.
 * @param {string} hash @param {ReturnType<typeof hashSchema>} schema
 */
export function readState(hash, schema) {
  const parsed = parseHash(hash, schema.all);
  const refused = new Set(parsed.ignored.map((i) => i.key));
  const given = [...new URLSearchParams(hash.replace(/^#/, "")).keys()].filter((k) => !refused.has(k));
  const lesson = lessonState(parsed.state.lesson);
  for (const [k, v] of Object.entries(lesson ?? {})) if (k in parsed.state && !given.includes(k)) parsed.state[k] = v;
  return parsed;
}

/**
 * The trainer config of a hash state (nulls left out so the engine picks its defaults).
 * @param {Record<string, any>} state @param {string[]} keys
 */
export function trainerConfig(state, keys) {
  /** @type {Record<string, any>} */
  const cfg = {};
  for (const key of keys) if (state[key] !== null && state[key] !== undefined) cfg[key] = state[key];
  return cfg;
}

/**
 * Points as a short hash value: "x,y,k;…", k = p / n (training, class ±1) or P / N (test).
 * @param {string} csv
 */
export function encodePoints(csv) {
  return csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [x, y, label, set] = line.split(",");
      const k = label === "1" ? "p" : "n";
      return `${x},${y},${set === "test" ? k.toUpperCase() : k}`;
    })
    .join(";");
}

/**
 * The CSV text of an encoded point list (for `importCsv`, which checks every value).
 * @param {string} text
 */
export function decodePoints(text) {
  const rows = text.split(";").map((p) => {
    const [x, y, k] = p.split(",");
    const label = k === "p" || k === "P" ? "1" : k === "n" || k === "N" ? "-1" : String(k);
    return `${x},${y},${label},${k === "P" || k === "N" ? "test" : "train"}`;
  });
  return `x1,x2,label,set\n${rows.join("\n")}\n`;
}
