// Compare mode's state: up to three runs beside the page's own, each the page's settings with a
// few of them changed (its "overrides"), on the same points and seed. In the hash as
// `cmp=activation:relu;activation:sigmoid/learningRate:0.1` — runs split by ";", one run's
// changes by "/", each change "key:value" in the hash's own format for that key.

import { INK } from "../shared/colors.js";

/** Runs beside the page's own, at most (four in all). */
export const MAX_COMPARED = 3;

/**
 * Settings a compared run may change: the model and its training, never the data (the runs
 * share the points and the seed, so that the comparison is of the settings alone).
 */
export const COMPARABLE = [
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
];

/**
 * Each run's colour and marker shape, the page's own run first, in ink as when it runs alone.
 * No blue and no orange: on this page those mean the two classes, and every compared run has its
 * own class-shaded map beside its chart lines. Green, purple and brown (Tol's picks) are ≥ 4.5:1 on
 * white; the marker shape keeps the runs apart where colour vision does not.
 */
export const RUN_COLOURS = [INK, "#117733", "#AA3377", "#8C6D1F"];
export const RUN_SHAPES = ["circle", "square", "triangle", "diamond"];
/** The runs' names on screen. */
export const RUN_NAMES = ["A", "B", "C", "D"];

/** @typedef {Record<string, any>} Overrides  setting name → value, in the trainer's config form */

/** The catalogue's prefix of each choice setting's values. @type {Record<string, string>} */
const VALUE_KEYS = {
  model: "model",
  activation: "activation",
  loss: "loss",
  optimizer: "optimizer",
  regularization: "reg",
};

/**
 * A setting's value as the page names it, with a translator and a number format (the page's or
 * an embed's): a choice by its catalogue name, layers as "6-4", a number as the language writes it.
 * @param {(key: string) => string} t @param {(v: number) => string} fmt
 */
export const valueNamer = (t, fmt) => (/** @type {string} */ key, /** @type {any} */ v) =>
  VALUE_KEYS[key] ? t(`${VALUE_KEYS[key]}.${v}`) : Array.isArray(v) ? (v.length ? v.join("-") : "0") : fmt(v);

/**
 * The compared runs a `cmp` value describes, and what of it was refused (with the hash's
 * reasons: "choice" for a setting that cannot be compared, else the value's own reason).
 * @param {string} text
 * @param {Map<string, any>} entries the hash entries of the trainer's settings, by key
 * @param {(spec: any, raw: string) => { ok: boolean, value?: any, reason?: string }} parse
 * @returns {{ runs: Overrides[], ignored: { key: string, value: string, reason: string }[] }}
 */
export function parseCompare(text, entries, parse) {
  /** @type {Overrides[]} */
  const runs = [];
  const ignored = [];
  if (!text) return { runs, ignored };
  for (const part of text.split(";")) {
    if (runs.length === MAX_COMPARED) {
      ignored.push({ key: "cmp", value: part, reason: "range" });
      continue;
    }
    /** @type {Overrides} */
    const run = {};
    for (const change of part.split("/")) {
      if (change === "") continue;
      const at = change.indexOf(":");
      const key = at < 0 ? change : change.slice(0, at);
      const spec = COMPARABLE.includes(key) ? entries.get(key) : undefined;
      if (at < 0 || !spec) {
        // Named with its value: "cmp (unknown setting)" alone would not say which change.
        ignored.push({ key: "cmp", value: change, reason: "choice" });
        continue;
      }
      const parsed = parse(spec, change.slice(at + 1));
      if (parsed.ok) run[key] = parsed.value;
      else ignored.push({ key: "cmp", value: change, reason: parsed.reason ?? "choice" });
    }
    // A run none of whose changes was taken would only repeat the page's own.
    if (Object.keys(run).length) runs.push(run);
  }
  return { runs, ignored };
}

/** The `cmp` value of `runs` (keys in COMPARABLE's order, so that equal states give equal links). */
export function formatCompare(/** @type {Overrides[]} */ runs) {
  return runs
    .map((run) =>
      COMPARABLE.filter((k) => k in run)
        .map((k) => `${k}:${Array.isArray(run[k]) ? run[k].join(",") : String(run[k])}`)
        .join("/"),
    )
    .join(";");
}

/**
 * A short name for what a compared run changes, from the translated names of the settings
 * and of their values: "activation: ReLU, learning rate: 0.1".
 * @param {Overrides} run
 * @param {(key: string) => string} fieldName
 * @param {(key: string, value: any) => string} valueName
 */
export function describeRun(run, fieldName, valueName) {
  const keys = COMPARABLE.filter((k) => k in run);
  return keys.map((k) => `${fieldName(k)}: ${valueName(k, run[k])}`).join(", ");
}

/**
 * One column of every run's record, row by row, for a chart that overlays the runs: `what` is
 * "losses" or "accuracy", and the training value (the first of each [train, test] pair) is
 * taken. The runs are trained in lockstep, so their records share run A's epochs; a run whose
 * record lacks an epoch (it diverged) has NaN there.
 * @param {{ losses: number[], accuracy: number[], epochs: number[] }[]} histories run A's first
 * @param {"losses" | "accuracy"} what
 */
export function overlaidRows(histories, what) {
  const n = histories.length;
  const epochs = histories[0].epochs;
  const out = new Float64Array(epochs.length * n).fill(NaN);
  for (let e = 0; e < epochs.length; e++)
    histories.forEach((h, r) => {
      if (h.epochs[e] === epochs[e]) out[e * n + r] = h[what][2 * e];
    });
  return out;
}
