// What the playground keeps in the URL hash: every trainer setting (seed included), the page's
// own options, hand-edited points, the lesson, which parts are hidden and which controls are
// locked — so a teacher's link reproduces the run and shows only what a lesson needs. The
// trainer's entries (names, ranges, choices, defaults) come from the engine's schema.
import { entryOf } from "../shared/hash.js";

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

/** Lesson presets: the settings a lesson starts from (everything else at its default). */
export const LESSONS = {
  1: {
    model: "perceptron",
    dataset: "linear",
    noise: 0,
    points: 100,
    batchSize: 1,
    learningRate: 0.1,
    seed: 7,
    speed: "slow",
  },
  2: { model: "perceptron", dataset: "xor", noise: 0, points: 200, batchSize: 1, learningRate: 0.1, seed: 7 },
  3: { model: "adaline", dataset: "gauss", noise: 0.3, batchSize: 2000, learningRate: 0.005, seed: 7 },
  4: { model: "logistic", dataset: "gauss", noise: 0.5, points: 400, learningRate: 0.05, seed: 7 },
  5: { model: "mlp", dataset: "circle", hidden: [6], activation: "sigmoid", optimizer: "adam", seed: 7 },
  6: { model: "mlp", dataset: "xor", hidden: [8, 8, 8, 8, 8, 8], activation: "sigmoid", seed: 7 },
  7: {
    model: "mlp",
    dataset: "xor",
    hidden: [4],
    activation: "tanh",
    noise: 0,
    points: 400,
    optimizer: "adam",
    seed: 7,
  },
  8: { model: "mlp", dataset: "circle", hidden: [6], loss: "mse", optimizer: "adam", seed: 7 },
  9: { model: "mlp", dataset: "xor", points: 200, batchSize: 10, seed: 7, speed: "slow" },
};

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
      { key: "lesson", type: "enum", values: ["", ...Object.keys(LESSONS)], default: "" },
      ...config,
      { key: "speed", type: "enum", values: ["slow", "frame", "fast", "max"], default: "frame" },
      { key: "stopEpochs", type: "number", integer: true, min: 1, default: null },
      { key: "stopLoss", type: "number", min: 0, default: null },
      { key: "discretize", type: "bool", default: false },
      { key: "lossLog", type: "bool", default: true },
      { key: "pts", type: "text", default: "" },
      { key: "hide", type: "names", values: PARTS, default: [] },
      { key: "lock", type: "names", values: LOCKABLE, default: [] },
      { key: "lang", type: "enum", values: ["ko", "en"], default: null },
    ],
  };
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
