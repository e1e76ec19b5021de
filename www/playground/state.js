// What the playground keeps in the URL hash: every trainer setting (seed included), the page's
// own options, hand-edited points, the lesson, which parts are hidden and which controls are
// locked — so a teacher's link reproduces the run and shows only what a lesson needs.

const DATASETS = ["xor", "linear", "gauss", "circle", "spiral", "moons"];
const MODELS = ["perceptron", "adaline", "logistic", "mlp"];
const ACTIVATIONS = ["step", "linear", "sigmoid", "tanh", "relu", "leakyRelu"];
const LOSSES = ["mse", "crossEntropy", "perceptron", "hinge"];
const OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];

/** Parts of the page a link can hide (`hide=network,charts`). */
export const PARTS = ["lessons", "controls", "run", "data", "csv", "network", "charts", "inspector", "exports"];

/** Controls a link can lock (`lock=dataset,model`): the data-control names in index.html. */
export const LOCKABLE = [
  "lesson", "dataset", "points", "noise", "trainRatio", "seed", "angle", "margin", "model", "hidden",
  "activation", "leakyAlpha", "loss", "optimizer", "learningRate", "momentum", "alpha", "beta1", "beta2",
  "epsilon", "batchSize", "regularization", "regularizationRate", "speed", "stop", "play", "reset", "points-edit",
];

/** Trainer settings, with the engine's defaults and ranges (see docs/api.md). */
export const CONFIG_SCHEMA = [
  { key: "dataset", type: "enum", values: DATASETS, default: "xor" },
  { key: "points", type: "number", integer: true, min: 1, max: 2000, default: 200 },
  { key: "noise", type: "number", min: 0, max: 1, default: 0.1 },
  { key: "trainRatio", type: "number", min: 0.001, max: 1, default: 0.5 },
  { key: "seed", type: "number", integer: true, min: 0, max: 4294967295, default: null },
  { key: "angle", type: "number", min: -1e6, max: 1e6, default: 30 },
  { key: "margin", type: "number", min: 0, max: 4, default: 1 },
  { key: "model", type: "enum", values: MODELS, default: "mlp" },
  { key: "hidden", type: "list", integer: true, min: 1, max: 16, maxLength: 6, default: [4] },
  { key: "activation", type: "enum", values: ACTIVATIONS, default: "tanh" },
  { key: "leakyAlpha", type: "number", min: 0, max: 0.999, default: 0.01 },
  { key: "loss", type: "enum", values: LOSSES, default: "crossEntropy" },
  { key: "optimizer", type: "enum", values: OPTIMIZERS, default: "sgd" },
  { key: "learningRate", type: "number", min: 1e-12, max: 1e6, default: 0.03 },
  { key: "batchSize", type: "number", integer: true, min: 1, max: 2000, default: 10 },
  { key: "regularization", type: "enum", values: ["none", "l1", "l2"], default: "none" },
  { key: "regularizationRate", type: "number", min: 0, max: 1e6, default: 0 },
  { key: "momentum", type: "number", min: 0, max: 0.999999, default: null },
  { key: "alpha", type: "number", min: 0, max: 0.999999, default: 0.99 },
  { key: "beta1", type: "number", min: 0, max: 0.999999, default: 0.9 },
  { key: "beta2", type: "number", min: 0, max: 0.999999, default: 0.999 },
  { key: "epsilon", type: "number", min: 1e-300, max: 1, default: null },
];

export const CONFIG_KEYS = CONFIG_SCHEMA.map((s) => s.key);

/** Everything in the hash. */
export const SCHEMA = [
  { key: "lesson", type: "enum", values: ["", "1", "2", "3", "4", "5", "6", "7", "8", "9"], default: "" },
  ...CONFIG_SCHEMA,
  { key: "speed", type: "enum", values: ["slow", "frame", "fast", "max"], default: "frame" },
  { key: "stopEpochs", type: "number", integer: true, min: 0, max: 1e9, default: null },
  { key: "stopLoss", type: "number", min: 0, max: 1e9, default: null },
  { key: "discretize", type: "bool", default: false },
  { key: "lossLog", type: "bool", default: true },
  { key: "pts", type: "text", default: "" },
  { key: "hide", type: "names", values: PARTS, default: [] },
  { key: "lock", type: "names", values: LOCKABLE, default: [] },
  { key: "lang", type: "enum", values: ["ko", "en"], default: null },
];

/** Lesson presets: the settings a lesson starts from (everything else at its default). */
export const LESSONS = {
  1: { model: "perceptron", dataset: "linear", noise: 0, points: 100, batchSize: 1, learningRate: 0.1, seed: 7, speed: "slow" },
  2: { model: "perceptron", dataset: "xor", noise: 0, points: 200, batchSize: 1, learningRate: 0.1, seed: 7 },
  3: { model: "adaline", dataset: "gauss", noise: 0.3, batchSize: 2000, learningRate: 0.005, seed: 7 },
  4: { model: "logistic", dataset: "gauss", noise: 0.5, points: 400, learningRate: 0.05, seed: 7 },
  5: { model: "mlp", dataset: "circle", hidden: [6], activation: "sigmoid", optimizer: "adam", seed: 7 },
  6: { model: "mlp", dataset: "xor", hidden: [8, 8, 8, 8, 8, 8], activation: "sigmoid", seed: 7 },
  7: { model: "mlp", dataset: "xor", hidden: [4], activation: "tanh", noise: 0, points: 400, optimizer: "adam", seed: 7 },
  8: { model: "mlp", dataset: "circle", hidden: [6], loss: "mse", optimizer: "adam", seed: 7 },
  9: { model: "mlp", dataset: "xor", points: 200, batchSize: 10, seed: 7, speed: "slow" },
};

/** The trainer config of a hash state (nulls left out so the engine picks its defaults). */
export function trainerConfig(state) {
  const cfg = {};
  for (const key of CONFIG_KEYS) if (state[key] !== null && state[key] !== undefined) cfg[key] = state[key];
  return cfg;
}

/** Points as a short hash value: "x,y,k;…", k = p / n (training, class ±1) or P / N (test). */
export function encodePoints(csv) {
  return csv.trim().split("\n").slice(1).map((line) => {
    const [x, y, label, set] = line.split(",");
    const k = label === "1" ? "p" : "n";
    return `${x},${y},${set === "test" ? k.toUpperCase() : k}`;
  }).join(";");
}

/** The CSV text of an encoded point list (for `importCsv`, which checks every value). */
export function decodePoints(text) {
  const rows = text.split(";").map((p) => {
    const [x, y, k] = p.split(",");
    const label = k === "p" || k === "P" ? "1" : k === "n" || k === "N" ? "-1" : String(k);
    return `${x},${y},${label},${k === "P" || k === "N" ? "test" : "train"}`;
  });
  return `x1,x2,label,set\n${rows.join("\n")}\n`;
}
