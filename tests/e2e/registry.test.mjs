// The lesson registry is the only place a lesson is defined: no other file of the project (page
// code, Rust, tests, examples, docs, scripts) writes down a lesson's settings. A copy is found by
// its fingerprint — the settings in which the lesson differs from the engine's defaults (the seed
// aside, which half the tests fix at 7) — when most of them appear together within a few lines,
// in any of the project's spellings: JS or JSON (`learningRate: 0.05`), Rust (`learning_rate:
// 0.05`, `ModelKind::Logistic`, `vec![8; 6]`), the lab's hash names (`lr`, `mu`) and racers
// written as pairs (`["sgd", 0.15]`, `(OptimizerKind::Sgd, 0.15)`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { ROOT } from "./helpers.mjs";
import { initSync, Trainer } from "../../www/pkg/dl_playground.js";
import { LESSONS } from "../../www/lessons/registry.js";

initSync({ module: readFileSync(join(ROOT, "www/pkg/dl_playground_bg.wasm")) });
const DEFAULTS = /** @type {Record<string, any>} */ (Trainer.schema().defaults);

/** Where the project's own text lives, and what is not the project's or is the registry. */
const SCANNED = ["src", "www", "tests", "examples", "docs", "scripts", "fuzz/fuzz_targets", "README.md"];
const SKIPPED = ["www/pkg", "www/lessons/registry.json", "tests/fixtures", "tests/e2e/registry.test.mjs"];
const TEXT = /\.(rs|js|mjs|html|md|json|sh|toml)$/;
/** Lines a copy of a lesson may spread over. */
const WINDOW = 15;

/** @typedef {{ key: string, value: any }} Pair */
/** @typedef {Pair & { holds: (text: string) => boolean }} Pattern */

/** A lesson's fingerprint: the settings in which it differs from the defaults. */
function fingerprint(lesson) {
  /** @type {Pair[]} */
  const pairs = [];
  const differing = (settings) => {
    for (const [key, value] of Object.entries(settings))
      if (key !== "seed" && key in DEFAULTS && JSON.stringify(value) !== JSON.stringify(DEFAULTS[key]))
        pairs.push({ key, value });
  };
  const s = lesson.settings;
  if (lesson.page === "playground") differing(s.trainer);
  else if (s.model) {
    // The model's trainer: its settings with the lab's seed, batch size and racer.
    const [r] = s.racers;
    differing({ ...s.model, batchSize: s.batchSize, optimizer: r.kind, learningRate: r.learningRate });
    pairs.push({ key: "steps", value: s.steps });
  } else {
    pairs.push({ key: "surface", value: s.surface });
    for (const r of s.racers) pairs.push({ key: "racer", value: [r.kind, r.learningRate] });
    pairs.push({ key: "steps", value: s.steps });
    if (s.pair) pairs.push({ key: "lr2", value: s.lr2 });
  }
  return pairs.map(compiled);
}

const NUMBER = String.raw`-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?`;
const snake = (k) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** The keys a setting goes by: its own, Rust's, and the lab hash's short names. */
const KEYS = {
  learningRate: ["lr"],
  momentum: ["mu"],
  epsilon: ["eps"],
  batchSize: ["batch"],
  steps: ["max_steps", "maxSteps"],
};
const keyPattern = (k) => [k, snake(k), ...(KEYS[k] ?? [])].join("|");

/** A pair with the patterns that find it, in any spelling. */
function compiled(/** @type {Pair} */ { key, value }) {
  if (key === "racer") {
    const [kind, lr] = value;
    const re = new RegExp(
      String.raw`\b${kind}\b["']?\s*,\s*(?:["']?(?:learningRate|learning_rate|lr)["']?\s*[:=]\s*)?(${NUMBER})`,
      "gi",
    );
    const word = new RegExp(kind, "i");
    return { key, value, holds: (text) => word.test(text) && [...text.matchAll(re)].some((m) => Number(m[1]) === lr) };
  }
  const enumRe = new RegExp(String.raw`Surface::${value}\b`, "i");
  const names = keyPattern(key).split("|");
  const re = new RegExp(String.raw`\b(?:${names.join("|")})\b["']?\s*[:=]\s*([^\n]*)`, "g");
  return {
    key,
    value,
    holds: (text) =>
      (key === "surface" && enumRe.test(text)) ||
      (names.some((n) => text.includes(n)) && [...text.matchAll(re)].some((m) => same(written(m[1]), value))),
  };
}

/** The value at the start of `rest`: a quoted text, a (vec!) list with its brackets balanced, or a word. */
function written(rest) {
  const list = rest.match(/^(vec!)?\[/);
  if (list) {
    let depth = 0;
    for (let i = list[0].length - 1; i < rest.length; i++) {
      depth += rest[i] === "[" ? 1 : rest[i] === "]" ? -1 : 0;
      if (depth === 0) return rest.slice(0, i + 1);
    }
    return rest;
  }
  return rest.match(/^("[^"]*"|'[^']*'|[\w:.+-]+)/)?.[0] ?? "";
}

/** Whether a value as written (`"gauss"`, `DatasetKind::Gauss`, `vec![8; 6]`, `1e-8`) is `value`. */
function same(written, value) {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === "string")) return value.every((v) => written.includes(v));
    const rep = written.match(/^vec!\[\s*(\S+)\s*;\s*(\d+)\s*\]$/);
    const items = rep
      ? Array(Number(rep[2])).fill(Number(rep[1]))
      : written
          .replace(/^(vec!)?\[|\]$/g, "")
          .split(",")
          .filter((x) => x.trim() !== "")
          .map(Number);
    return items.length === value.length && items.every((x, i) => x === value[i]);
  }
  if (typeof value === "number") return Number(written.replace(/_/g, "")) === value;
  const word =
    written
      .replace(/^["']|["']$/g, "")
      .split("::")
      .pop() ?? "";
  return word.toLowerCase() === String(value).toLowerCase();
}

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const rel = relative(ROOT, path);
    if (SKIPPED.includes(rel)) continue;
    if (statSync(path).isDirectory()) yield* files(path);
    else if (TEXT.test(name)) yield rel;
  }
}

/** Every place in `text` where `need` of a fingerprint's pairs appear within WINDOW lines. */
function copiesIn(text, pairs, need) {
  // Which pairs each line holds, then the pairs of each run of WINDOW lines.
  const lines = text.split("\n").map((line) => pairs.filter((p) => p.holds(line)));
  const found = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].length) continue;
    const hits = new Set(lines.slice(i, i + WINDOW).flat());
    if (hits.size >= need) {
      found.push({ line: i + 1, hits: [...hits].map((h) => `${h.key} ${JSON.stringify(h.value)}`) });
      i += WINDOW - 1;
    }
  }
  return found;
}

/** How many of a fingerprint's pairs make a copy: 70% of them, and at least three (or all). */
const needed = (pairs) => Math.max(Math.min(3, pairs.length), Math.ceil(0.7 * pairs.length));

test("no file but the registry defines a lesson's settings", () => {
  const sources = SCANNED.flatMap((p) => (statSync(join(ROOT, p)).isDirectory() ? [...files(join(ROOT, p))] : [p]));
  assert.ok(sources.length > 100, `${sources.length} files scanned`);
  const copies = [];
  for (const lesson of LESSONS) {
    const pairs = fingerprint(lesson);
    if (pairs.length < 2) continue;
    for (const path of sources) {
      for (const c of copiesIn(readFileSync(join(ROOT, path), "utf8"), pairs, needed(pairs)))
        copies.push(`lesson ${lesson.lesson} in ${path}:${c.line} (${c.hits.join(", ")})`);
    }
  }
  assert.deepEqual(copies, []);
});

test("every lesson but one has a fingerprint, so a copy of it can be found", () => {
  const short = LESSONS.filter((l) => fingerprint(l).length < 2).map((l) => l.lesson);
  // Lesson 9 is the default run at the slow speed: it has nothing of its own to copy.
  assert.deepEqual(short, [9]);
});

test("the finder sees a copy in each spelling the project uses", () => {
  const l3 = fingerprint(LESSONS[2]);
  const js = `const LESSON = { model: "adaline", dataset: "gauss", noise: 0.7, batchSize: 1, learningRate: 0.005 };`;
  const rust = `TrainerConfig {\n  model: ModelKind::Adaline,\n  dataset: DatasetKind::Gauss,\n  noise: 0.7,\n  batch_size: 1,\n}`;
  for (const text of [js, rust]) assert.equal(copiesIn(text, l3, needed(l3)).length, 1, text);
  const l6 = fingerprint(LESSONS[5]);
  assert.equal(copiesIn(`hidden: vec![8; 6], activation: ActivationKind::Sigmoid, leaky_alpha: 0.1`, l6, 3).length, 1);
  const l14 = fingerprint(LESSONS[13]);
  const racers = [
    ["sgd", 0.15],
    ["momentum", 0.05],
    ["nesterov", 0.05],
    ["adagrad", 0.5],
    ["rmsprop", 0.05],
  ];
  const lab = `surface: "ravine",\nracers: [\n${racers.map((r) => `  ${JSON.stringify(r)},`).join("\n")}\n]`;
  const tuples = racers.map(([k, lr]) => `(OptimizerKind::${k[0].toUpperCase()}${k.slice(1)}, ${lr})`).join(",\n");
  const race = `race(\n  Surface::Ravine,\n  [-4.0, 2.0],\n  &[${tuples}],\n);`;
  for (const text of [lab, race]) assert.equal(copiesIn(text, l14, needed(l14)).length, 1, text);
  // Two matching settings alone are no copy; the same three spread over 20 lines are none either.
  assert.equal(copiesIn(`model: "adaline", noise: 0.7`, l3, 3).length, 0);
  assert.equal(
    copiesIn(`model: "adaline",${"\n".repeat(10)}noise: 0.7,${"\n".repeat(10)}batchSize: 1`, l3, 3).length,
    0,
  );
});
