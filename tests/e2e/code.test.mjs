// "Show the code": the NumPy script the playground writes for a run, run by Python, must reach the
// engine's weights after 3 epochs, for every model × loss × optimizer. Needs NumPy: scripts/test.sh
// installs it into target/pyenv (or set PYTHON to an interpreter that has it).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openPage, ROOT, SHOTS } from "./helpers.mjs";

const PYTHON =
  process.env.PYTHON ?? (existsSync(`${ROOT}target/pyenv/bin/python`) ? `${ROOT}target/pyenv/bin/python` : "python3");
const DIR = mkdtempSync(join(tmpdir(), "dl-code-"));

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const OPTIMIZERS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];
const MODELS = [
  ["perceptron", "perceptron"],
  ["adaline", "mse"],
  ["logistic", "crossEntropy"],
  ["mlp", "mse"],
  ["mlp", "crossEntropy"],
  ["mlp", "perceptron"],
  ["mlp", "hinge"],
];
const DATASETS = ["xor", "moons", "spiral", "circle", "gauss", "linear"];
const HIDDEN = ["4", "5,3", "3,4,2"];
const ACTIVATIONS = ["tanh", "relu", "leakyRelu", "sigmoid", "linear", "step"];
const BATCHES = [1, 7, 1000];
const PENALTIES = ["none", "l1", "l2"];

/** Every model × loss × optimizer, the other settings varied along (42 runs). */
const RUNS = MODELS.flatMap(([model, loss], m) =>
  OPTIMIZERS.map((optimizer, o) => {
    const k = m * OPTIMIZERS.length + o;
    return {
      seed: 100 + k,
      dataset: DATASETS[k % DATASETS.length],
      points: 60,
      model,
      loss,
      optimizer,
      // The adaptive methods divide by the gradient's size: a smaller step keeps every run finite.
      learningRate: ["adagrad", "rmsprop", "adam"].includes(optimizer) ? 0.02 : 0.05,
      batchSize: BATCHES[k % BATCHES.length],
      hidden: HIDDEN[k % HIDDEN.length],
      activation: ACTIVATIONS[k % ACTIVATIONS.length],
      regularization: PENALTIES[(k + m) % PENALTIES.length],
      regularizationRate: 0.01,
      momentum: optimizer === "rmsprop" && k % 2 ? 0.5 : "",
    };
  }),
);

const hashOf = (run) =>
  "#" +
  Object.entries(run)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}=${v}`)
    .join("&");

/** Opens the playground on `run`, trains 3 epochs, returns the engine's state and the script. */
async function runAndScript(run, lang = "en") {
  const { page, errors } = await openPage(env, `index.html${hashOf(run)}&lang=${lang}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  for (let e = 1; e <= 3; e++) {
    await page.click("#step-epoch");
    await page.waitForFunction((e) => document.getElementById("n-epoch").textContent === String(e), e);
  }
  const state = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()));
  await page.click("#export-code");
  await page.waitForSelector("#code-dialog[open]");
  const script = await page.textContent("#code-dialog code");
  return { page, errors, state, script };
}

/** The script's weights in the engine's flat order (each layer's W row by row, then its b). */
function runScript(script, name, epochs = 3) {
  const file = join(DIR, `${name}.py`);
  writeFileSync(file, script);
  const out = execFileSync(PYTHON, [file, String(epochs)], { encoding: "utf8" });
  const weights = out
    .split("\n")
    .filter((l) => l.startsWith("layer "))
    .flatMap((l) => l.replace(/^layer \d+:/, "").match(/-?[\d.]+(?:e[-+]?\d+)?|nan|inf/g) ?? [])
    .map(Number);
  const loss = Number(out.match(/training loss: (\S+)/)?.[1]);
  return { weights, loss };
}

test("the NumPy script reaches the engine's weights after 3 epochs, for every model × loss × optimizer", async () => {
  const version = execFileSync(PYTHON, ["-c", "import numpy; print(numpy.__version__)"], { encoding: "utf8" }).trim();
  let worst = { rel: 0, run: "" };
  for (const run of RUNS) {
    const name = `${run.model}-${run.loss}-${run.optimizer}`;
    const { page, errors, state, script } = await runAndScript(run);
    assert.equal(state.epoch, 3, name);
    const engine = state.params;
    assert.ok(engine.every(Number.isFinite), `${name}: the engine's run stays finite`);
    const { weights } = runScript(script, name);
    assert.equal(weights.length, engine.length, `${name}: one number per parameter`);
    // Relative to the largest weight: a weight near 0 has no scale of its own.
    const scale = Math.max(...engine.map(Math.abs));
    const rel = Math.max(...weights.map((w, i) => Math.abs(w - engine[i]))) / scale;
    assert.ok(rel <= 1e-9, `${name}: the script's weights differ from the engine's by ${rel} (relative)`);
    // A check that can fail: the run moved the weights, so equal weights are not equal starts.
    const start = runScript(script, `${name}-0`, 0).weights;
    assert.ok(
      start.some((w, i) => w !== weights[i]),
      `${name}: 3 epochs moved no weight`,
    );
    if (rel > worst.rel) worst = { rel, run: name };
    assert.deepEqual(errors, [], name);
    await page.close();
  }
  console.log(
    `NumPy ${version}: ${RUNS.length} runs, worst relative difference ${worst.rel.toExponential(2)} (${worst.run})`,
  );
});

test("the code dialog: Korean comments, copy and download, the script names this run", async () => {
  const run = { ...RUNS[20], batchSize: 10 };
  const { page, errors, script } = await runAndScript(run, "ko");
  assert.match(script, /^# dl-playground: 이 실행을 NumPy 스크립트로/);
  assert.match(script, /SEED, LR, BATCH = 120, /);
  assert.match(script, /역전파/);
  assert.match(await page.textContent("#code-title"), /NumPy/);
  await page.screenshot({ path: `${SHOTS}/code-dialog-ko.png` });
  // Download gives the same text as shown.
  if (env.engine === "chromium") {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#code-download")]);
    assert.equal(download.suggestedFilename(), "dl_playground_run.py");
  }
  await page.click("#code-copy");
  await page.waitForFunction(() => document.querySelector(".code-status").textContent !== "");
  await page.keyboard.press("Escape");
  await page.waitForSelector("#code-dialog:not([open])", { state: "attached" });
  assert.deepEqual(errors, []);
  await page.close();
});
