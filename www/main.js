// The playground page: owns the Trainer (in a Web Worker), the animation loop, the URL state
// and the wiring between controls and views. Views receive typed arrays and text; they never
// touch the trainer.
import { RemoteTrainer } from "./engine/remote.js";
import { t, fmt, fmtSig, initialLanguage, setLanguage, onLanguage, language } from "./i18n.js";
import { parseHash, formatHash, defaults } from "./state.js";
import { SCHEMA, CONFIG_KEYS, LESSONS, trainerConfig, encodePoints, decodePoints } from "./playground-state.js";
import { errorText, divergedText } from "./errors.js";
import { DataView } from "./views/dataview.js";
import { NetworkView, paintMap, mapScale } from "./views/network.js";
import { LineChart, BarChart, drawCurves } from "./views/chart.js";
import { renderTrace } from "./views/inspector.js";

const $ = (id) => document.getElementById(id);
const GRID_RES = 64;
const UNIT_RES = 24;
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;

const root = $("playground");
let state;
let remote;
let frame = null; // the last frame from the worker
let playing = false;
let busy = false; // a request is in flight
let lastEpochAt = 0;
let selectedPoint = -1;
let selectedUnit = null; // [layer, unit]
let inputMaps = null;
let trainerCfg = {};

// ---------- texts handed to the views ----------

const num = (v) => fmtSig(v, 4);
const pct = (v) => (v === null || v === undefined || Number.isNaN(v) ? "–" : fmt(v, { style: "percent", maximumFractionDigits: 1 }));

function unitName(l, j, layers) {
  if (l === 0) return t("net.input", { name: `x${j + 1}` });
  if (l === layers - 1) return t("net.output");
  return t("net.unit", { j: j + 1, layer: t("net.layerTitle", { n: l }) });
}

const networkLabels = {
  layerName: (l, layers) => (l === 0 ? "x" : l === layers - 1 ? t("net.output") : t("net.layerTitle", { n: l })),
  unitName,
  unitValue: (unit, b) => t("net.unitValue", { unit, b: num(b) }),
  unitInfo: (unit, b, weights) =>
    `${t("net.unitValue", { unit, b: num(b) })}. ${t("net.incoming", { unit, list: weights.map(([n, w]) => `${n}: ${num(w)}`).join(", ") })}`,
  link: (from, to, w) => t("net.link", { from, to, w: num(w) }),
  bias: (b) => t("net.bias", { b: num(b) }),
};

// ---------- views ----------

const dataView = new DataView($("view"), $("view-legend"));
const network = new NetworkView($("network"), selectUnit, (text) => { $("net-readout").textContent = text; });
const lossChart = new LineChart($("chart-loss"), $("tip-loss"), ["#c85200", "#1f77b4"]);
const accChart = new LineChart($("chart-acc"), $("tip-acc"), ["#c85200", "#1f77b4"]);
const normsChart = new BarChart($("chart-norms"), $("tip-norms"), "#5b3f8f");
const deadChart = new BarChart($("chart-dead"), $("tip-dead"), "#8c6d1f");

function layerLabel(i, layers) {
  return i === layers - 1 ? t("chart.outputLayer") : t("chart.layer", { n: i + 1 });
}

function drawCharts() {
  if (!frame) return;
  const series = [t("chart.train"), t("chart.test")];
  const historyOn = trainerCfg.recordHistory !== false;
  const lineLabels = (values) => ({
    empty: historyOn ? t("chart.empty") : t("chart.noHistory"),
    tick: (v) => fmtSig(v, 3),
    xTitle: t("chart.epoch"),
    series,
    hover: (epoch, v) => t("chart.hover", { epoch: fmt(epoch), train: values(v[0]), test: values(v[1]) }),
  });
  lossChart.set(frame.history, 2, { log: state.lossLog });
  lossChart.draw(lineLabels(num));
  accChart.set(frame.accuracy, 2, { fixed: [0, 1] });
  accChart.draw(lineLabels(pct));
  const layers = frame.gradientNorms.length;
  normsChart.set(frame.gradientNorms, { log: true });
  normsChart.draw({
    empty: t("chart.empty"), tick: (v) => fmtSig(v, 2),
    name: (i) => layerLabel(i, layers), hover: (i, v) => t("chart.barHover", { layer: layerLabel(i, layers), value: num(v) }),
  });
  deadChart.set(frame.deadUnits, { integer: true });
  deadChart.draw({
    empty: t("chart.empty"), tick: (v) => fmt(v, { maximumFractionDigits: 0 }),
    name: (i) => layerLabel(i, layers), hover: (i, v) => t("chart.barHover", { layer: layerLabel(i, layers), value: fmt(v) }),
  });
  const h = frame.history, a = frame.accuracy, n = h.length;
  $("chart-loss").setAttribute("aria-label", t("chart.lossAlt", { train: num(h[n - 2]), test: num(h[n - 1]) }));
  $("chart-acc").setAttribute("aria-label", t("chart.accAlt", { train: pct(a[n - 2]), test: pct(a[n - 1]) }));
  $("chart-norms").setAttribute("aria-label", t("chart.normsAlt", { list: Array.from(frame.gradientNorms, num).join(", ") }));
  $("chart-dead").setAttribute("aria-label", t("chart.deadAlt", { list: Array.from(frame.deadUnits, (v) => fmt(v)).join(", ") }));
}

let activationCurve = null;
async function refreshActivationPlot() {
  const name = state.model === "mlp" ? state.activation : { perceptron: "step", adaline: "linear", logistic: "sigmoid" }[state.model];
  activationCurve = { name, curve: await remote.callStatic("activationCurve", name, state.leakyAlpha, -5, 5, 201) };
  drawActivationPlot();
}

function drawActivationPlot() {
  if (!activationCurve) return;
  drawCurves($("chart-activation"), activationCurve.curve, -5, 5, ["#c85200", "#1f77b4"], {
    tick: (v) => fmtSig(v, 2), series: [t("chart.f"), t("chart.df")],
  });
  $("chart-activation").setAttribute("aria-label", t("chart.actAlt", { name: t(`activation.${activationCurve.name}`) }));
}

function drawView() {
  if (!frame) return;
  dataView.discretize = state.discretize;
  dataView.selected = selectedPoint;
  dataView.setGrid(frame.grid, GRID_RES);
  dataView.draw();
  dataView.drawLegend(t("view.legend"), (v) => fmt(v));
  const pts = dataView.points;
  const test = pts.isTest.reduce((s, v) => s + v, 0);
  $("view").setAttribute("aria-label", t("view.alt", { train: fmt(pts.label.length - test), test: fmt(test), acc: pct(frame.metrics.trainAccuracy) }));
}

function inputGrids(res) {
  // The two inputs' maps: x1 and x2 over the same grid as the trainer's (row 0 at the top).
  const g = new Float32Array(2 * res * res);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      g[r * res + c] = -6 + ((c + 0.5) * 12) / res;
      g[res * res + r * res + c] = 6 - ((r + 0.5) * 12) / res;
    }
  }
  return g;
}

function hiddenActivations() {
  if (trainerCfg.model !== "mlp") return [];
  return trainerCfg.hidden.map((_, i) => trainerCfg.activations?.[i] ?? trainerCfg.activation);
}

function drawNetwork() {
  if (!frame?.weights) return;
  inputMaps ??= inputGrids(UNIT_RES);
  network.update({
    weights: frame.weights, inputs: inputMaps, neurons: frame.neurons, res: UNIT_RES,
    output: frame.grid, outputRes: GRID_RES, activations: hiddenActivations(),
  });
  drawSelectedUnit();
}

function drawSelectedUnit() {
  const box = $("unit-view");
  if (!selectedUnit || !frame) { box.hidden = true; return; }
  const [l, j] = selectedUnit;
  const sizes = frame.sizes;
  const canvas = $("unit-map");
  let values, offset = 0, res = UNIT_RES, scale = 1;
  if (l === 0) { values = inputMaps; offset = j * res * res; scale = 6; }
  else if (l === sizes.length - 1) {
    res = GRID_RES;
    values = Float32Array.from(frame.grid, (p) => 2 * p - 1);
  } else {
    const k = sizes.slice(1, l).reduce((s, n) => s + n, 0) + j;
    values = frame.neurons;
    offset = k * res * res;
    scale = mapScale(values, offset, res * res, hiddenActivations()[l - 1]).scale;
  }
  const off = new OffscreenCanvas(res, res);
  const img = new ImageData(res, res);
  paintMap(img, values, offset, res, scale);
  off.getContext("2d").putImageData(img, 0, 0);
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, canvas.width, canvas.height);
  const title = t("net.selected", { unit: unitName(l, j, sizes.length) });
  $("unit-title").textContent = title;
  canvas.setAttribute("aria-label", title);
  box.hidden = false;
}

function selectUnit(l, j) {
  selectedUnit = selectedUnit && selectedUnit[0] === l && selectedUnit[1] === j ? null : [l, j];
  for (const b of $("network").querySelectorAll(".unit")) {
    b.setAttribute("aria-pressed", String(selectedUnit !== null && +b.dataset.layer === selectedUnit[0] && +b.dataset.unit === selectedUnit[1]));
  }
  drawSelectedUnit();
}

function drawCounters() {
  if (!frame) return;
  const m = frame.metrics;
  $("n-epoch").textContent = fmt(frame.epoch);
  $("n-iteration").textContent = fmt(frame.iteration);
  $("n-samples").textContent = fmt(frame.samplesSeen);
  $("n-per-epoch").textContent = fmt(frame.iterationsPerEpoch);
  $("m-trainLoss").textContent = num(m.trainLoss);
  $("m-testLoss").textContent = m.testLoss === null ? "–" : num(m.testLoss);
  $("m-trainAcc").textContent = pct(m.trainAccuracy);
  $("m-testAcc").textContent = m.testAccuracy === null ? "–" : pct(m.testAccuracy);
  const n = dataView.points.label.length - dataView.points.isTest.reduce((s, v) => s + v, 0);
  $("counter-sentence").textContent = t("counter.sentence", { batch: fmt(frame.batchSize), iterations: fmt(frame.iterationsPerEpoch), n: fmt(n) });
  $("counter-progress").textContent = t("counter.progress", {
    done: fmt(frame.epochProgress), n: fmt(n), inBatch: fmt(frame.batchProgress), batch: fmt(frame.batchSize),
  });
  const div = $("diverged");
  div.hidden = !m.diverged;
  if (m.diverged) $("diverged-text").textContent = divergedText(m.message);
}

async function drawInspector() {
  const box = $("inspector");
  if (selectedPoint < 0 || selectedPoint >= dataView.points.label.length) {
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "hint", textContent: t("insp.none") }));
    return;
  }
  const trace = await remote.call("trace", selectedPoint);
  renderTrace(box, trace, {
    num,
    unitName,
    point: (i, x1, x2, y, test) => t("insp.point", { i, x1, x2, y: y > 0 ? "+1" : "−1", set: t(test ? "insp.test" : "insp.train") }),
    step1: t("insp.step1"), step2: t("insp.step2"), step3: t("insp.step3"), step4: t("insp.step4"),
    unit: t("insp.unit"), param: t("insp.param"), value: t("insp.value"), grad: t("insp.grad"), update: t("insp.update"),
    sum: (terms, z) => t("insp.sum", { terms, z }),
    activation: (name) => t(`activation.${name}`),
    output: (a, score, pred, y, wrong) => t("insp.output", {
      a, score, pred: pred > 0 ? "+1" : "−1", y: y > 0 ? "+1" : "−1", verdict: t(wrong ? "insp.wrong" : "insp.right"),
    }),
    loss: (name, loss) => t("insp.loss", { name, loss }),
    lossName: (name) => t(`loss.${name}`),
    noUpdate: t("insp.noUpdate"),
  });
  box.dataset.index = String(selectedPoint);
}

let lastHeavyDraw = 0;
/** Draws everything; while playing, the network and the charts at most ten times a second so
 * the frame stays short (the map and the counters follow every frame). */
function drawAll() {
  drawView();
  drawCounters();
  const now = performance.now();
  if (!playing || now - lastHeavyDraw > 100) {
    lastHeavyDraw = now;
    drawNetwork();
    drawCharts();
  }
}

// ---------- talking to the trainer ----------

function frameOptions(extra = {}) {
  return { gridRes: GRID_RES, neuronRes: UNIT_RES, details: true, ...extra };
}

/** Runs one request for a frame and draws it. */
async function advance(options) {
  busy = true;
  try {
    frame = await remote.frame(frameOptions(options));
    drawAll();
    if (!playing && selectedPoint >= 0) await drawInspector();
  } finally {
    busy = false;
  }
}

function say(key, params) {
  $("status").textContent = t(key, params);
}

function epochsLeft() {
  return state.stopEpochs === null ? Infinity : Math.max(0, state.stopEpochs - (frame?.epoch ?? 0));
}

function stepOptions() {
  const left = epochsLeft();
  switch (state.speed) {
    case "slow": {
      const now = performance.now();
      if (now - lastEpochAt < 1000) return null;
      lastEpochAt = now;
      return { epochs: Math.min(1, left) };
    }
    case "frame": return { epochs: Math.min(1, left) };
    case "fast": return { epochs: Math.min(10, left) };
    default: return { budgetMs: 12, maxEpochs: left };
  }
}

let lastDraw = 0;
async function tick() {
  if (!playing) return;
  if (!busy && (!reducedMotion || performance.now() - lastDraw > 500)) {
    const opts = stepOptions();
    if (opts) {
      lastDraw = performance.now();
      await advance(opts);
      const m = frame.metrics;
      if (m.diverged) { pause("status.diverged"); return; }
      if (state.stopEpochs !== null && frame.epoch >= state.stopEpochs) { pause("status.finishedEpochs", { epoch: fmt(frame.epoch) }); return; }
      if (state.stopLoss !== null && m.trainLoss < state.stopLoss) {
        pause("status.finishedLoss", { loss: num(m.trainLoss), eps: num(state.stopLoss) });
        return;
      }
    }
  }
  requestAnimationFrame(tick);
}

function play() {
  if (playing || frame?.metrics.diverged || epochsLeft() === 0) return;
  playing = true;
  $("play").textContent = t("common.pause");
  $("play").dataset.i18n = "common.pause";
  say("status.playing");
  requestAnimationFrame(tick);
}

function pause(key = "status.paused", params) {
  if (!playing && key === "status.paused") return;
  playing = false;
  drawAll();
  $("play").textContent = t("common.play");
  $("play").dataset.i18n = "common.play";
  say(key, params ?? { epoch: fmt(frame?.epoch ?? 0) });
  if (selectedPoint >= 0) drawInspector();
}

async function step(kind) {
  if (playing) pause();
  if (busy) return;
  await advance({ [kind]: 1 });
  say("status.stepped", { epoch: fmt(frame.epoch), iteration: fmt(frame.iteration), samples: fmt(frame.samplesSeen) });
}

async function reset() {
  if (playing) pause();
  await remote.call("reset");
  await advance({});
  say("status.reset", { seed: fmt(trainerCfg.seed, { useGrouping: false }) });
}

async function refreshPoints() {
  const p = await remote.call("points");
  dataView.setPoints(p);
  $("inspect-index").max = String(p.label.length - 1);
}

/** Applies a change of trainer settings; on error shows it and puts the controls back. */
async function changeConfig(partial) {
  const err = $("control-error");
  try {
    const r = await remote.call("setConfig", partial);
    err.hidden = true;
    trainerCfg = await remote.call("config");
    Object.assign(state, pick(trainerCfg));
    if (r.dataReset) {
      state.pts = "";
      selectedPoint = -1;
      await refreshPoints();
    }
    if (r.weightsReset) rebuildNetwork();
    say(r.weightsReset ? "status.configReset" : "status.config");
    state.lesson = state.lesson && sameAsLesson() ? state.lesson : "";
  } catch (e) {
    err.textContent = errorText(e);
    err.hidden = false;
  }
  syncControls();
  writeHash();
  await advance({});
  refreshActivationPlot();
}

function pick(cfg) {
  const out = {};
  for (const key of CONFIG_KEYS) if (key in cfg) out[key] = cfg[key];
  return out;
}

function sameAsLesson() {
  const preset = LESSONS[state.lesson];
  return preset && Object.entries(preset).every(([k, v]) => JSON.stringify(state[k]) === JSON.stringify(v));
}

async function rebuildNetwork() {
  const sizes = Array.from(await remote.call("layerSizes"));
  selectedUnit = null;
  network.build(sizes, networkLabels);
  $("network").setAttribute("aria-label", t("net.alt", { sizes: sizes.join("-") }));
}

// ---------- controls ----------

function syncControls() {
  const cfg = trainerCfg;
  for (const el of document.querySelectorAll("#controls [data-control]")) {
    const key = el.dataset.control;
    if (el.id === `c-${key}` && key in cfg && el.tagName !== "BUTTON") {
      const v = cfg[key];
      if (el.type === "checkbox") continue;
      el.value = v === null ? "" : String(v);
    }
  }
  const full = cfg.batchSize >= 2000;
  $("c-fullBatch").checked = full;
  $("c-batchSize").disabled = full || isLocked("batchSize");
  // Optimizer hyperparameters: show the ones the chosen optimizer uses (torch's defaults shown).
  const defaultsFor = { momentum: { momentum: 0.9, nesterov: 0.9, rmsprop: 0 }, epsilon: { adagrad: 1e-10, rmsprop: 1e-8, adam: 1e-8 } };
  $("c-momentum").value = String(cfg.momentum ?? defaultsFor.momentum[cfg.optimizer] ?? 0);
  $("c-epsilon").value = String(cfg.epsilon ?? defaultsFor.epsilon[cfg.optimizer] ?? 1e-8);
  const when = {
    linear: cfg.dataset === "linear",
    mlp: cfg.model === "mlp",
    classic: cfg.model !== "mlp",
    leaky: cfg.model === "mlp" && cfg.activation === "leakyRelu",
    momentum: ["momentum", "nesterov", "rmsprop"].includes(cfg.optimizer),
    rmsprop: cfg.optimizer === "rmsprop",
    adam: cfg.optimizer === "adam",
    epsilon: ["adagrad", "rmsprop", "adam"].includes(cfg.optimizer),
    regularized: cfg.regularization !== "none",
  };
  for (const el of document.querySelectorAll("[data-when]")) el.hidden = !when[el.dataset.when];
  const fixedLoss = { perceptron: "perceptron", adaline: "mse", logistic: "crossEntropy" }[cfg.model];
  $("fixed-loss").textContent = fixedLoss ? t("pg.fixedLoss", { loss: t(`loss.${fixedLoss}`) }) : "";
  renderLayers();
  $("lesson").value = state.lesson;
  $("lesson-text").textContent = state.lesson ? t(`lesson.${state.lesson}.text`) : "";
  $("speed").value = state.speed;
  $("stop-epochs").value = state.stopEpochs ?? "";
  $("stop-loss").value = state.stopLoss ?? "";
  $("discretize").checked = state.discretize;
  $("loss-log").checked = state.lossLog;
  $("lang").value = language();
}

function renderLayers() {
  const box = $("layers");
  const hidden = trainerCfg.model === "mlp" ? trainerCfg.hidden : [];
  if (!hidden.length) {
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "hint", textContent: t("pg.noHidden") }));
  } else {
    box.replaceChildren(...hidden.map((units, i) => {
      const row = document.createElement("div");
      row.className = "row layer-row";
      const label = document.createElement("span");
      label.textContent = t("pg.layerUnits", { n: i + 1, units });
      const minus = button("−", t("pg.removeUnit", { n: i + 1 }), () => setHidden(hidden.map((u, k) => (k === i ? u - 1 : u))), units <= 1);
      const plus = button("+", t("pg.addUnit", { n: i + 1 }), () => setHidden(hidden.map((u, k) => (k === i ? u + 1 : u))), units >= 16);
      row.append(minus, plus, label);
      return row;
    }));
  }
  $("layer-add").disabled = isLocked("hidden") || hidden.length >= 6;
  $("layer-remove").disabled = isLocked("hidden") || hidden.length === 0;
}

function button(text, label, onClick, disabled) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.title = label;
  b.setAttribute("aria-label", label);
  b.dataset.control = "hidden";
  b.disabled = disabled || isLocked("hidden");
  b.addEventListener("click", onClick);
  return b;
}

function setHidden(hidden) {
  changeConfig({ hidden });
}

function isLocked(name) {
  return state.lock.includes(name);
}

function readControl(el) {
  const key = el.dataset.control;
  if (el.tagName === "SELECT") return el.value;
  if (el.value.trim() === "") return undefined;
  const n = Number(el.value);
  return key === "seed" || key === "points" || key === "batchSize" ? Math.round(n) : n;
}

function wireControls() {
  for (const el of document.querySelectorAll("#controls [data-control]")) {
    if (el.tagName === "BUTTON" || el.type === "checkbox") continue;
    el.addEventListener("change", () => {
      const v = readControl(el);
      if (v === undefined) { syncControls(); return; }
      changeConfig({ [el.dataset.control]: v });
    });
  }
  $("c-fullBatch").addEventListener("change", (e) => changeConfig({ batchSize: e.target.checked ? 2000 : 10 }));
  $("new-seed").addEventListener("click", () => changeConfig({ seed: Math.floor(Math.random() * 2 ** 32) }));
  $("regenerate").addEventListener("click", regenerate);
  $("layer-add").addEventListener("click", () => setHidden([...trainerCfg.hidden, trainerCfg.hidden.at(-1) ?? 4]));
  $("layer-remove").addEventListener("click", () => setHidden(trainerCfg.hidden.slice(0, -1)));
  $("controls").addEventListener("submit", (e) => e.preventDefault());

  $("lesson").addEventListener("change", (e) => applyLesson(e.target.value));
  $("play").addEventListener("click", () => (playing ? pause() : play()));
  $("step-sample").addEventListener("click", () => step("samples"));
  $("step-batch").addEventListener("click", () => step("batches"));
  $("step-epoch").addEventListener("click", () => step("epochs"));
  $("reset").addEventListener("click", reset);
  $("diverged-reset").addEventListener("click", reset);
  $("speed").addEventListener("change", (e) => { state.speed = e.target.value; writeHash(); });
  $("stop-epochs").addEventListener("change", (e) => { state.stopEpochs = e.target.value === "" ? null : Math.max(0, Math.round(+e.target.value)); writeHash(); });
  $("stop-loss").addEventListener("change", (e) => { state.stopLoss = e.target.value === "" ? null : Math.max(0, +e.target.value); writeHash(); });
  $("discretize").addEventListener("change", (e) => { state.discretize = e.target.checked; writeHash(); drawView(); });
  $("loss-log").addEventListener("change", (e) => { state.lossLog = e.target.checked; writeHash(); drawCharts(); });
  $("lang").addEventListener("change", (e) => { setLanguage(e.target.value); state.lang = e.target.value; writeHash(); });
  $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
  $("inspect-index").addEventListener("change", (e) => {
    const i = Math.round(+e.target.value);
    selectedPoint = i >= 0 && i < dataView.points.label.length ? i : -1;
    drawView();
    drawInspector();
  });
  wireDataEditing();
  wireExports();
  wireKeyboard();
  document.addEventListener("visibilitychange", () => { if (document.hidden && playing) pause("status.hidden"); });
}

async function regenerate() {
  // Same settings, data drawn again: a new seed keeps the run reproducible from the link.
  await changeConfig({ seed: Math.floor(Math.random() * 2 ** 32) });
}

async function applyLesson(n) {
  if (playing) pause();
  const preset = LESSONS[n] ?? {};
  const base = defaults(SCHEMA);
  for (const key of [...CONFIG_KEYS, "speed", "stopEpochs", "stopLoss"]) state[key] = key in preset ? preset[key] : base[key];
  state.lesson = n;
  state.pts = "";
  selectedPoint = -1;
  await createTrainer();
  writeHash();
}

// ---------- data editing, CSV, exports ----------

function clickMode() {
  return document.querySelector("input[name=click-mode]:checked").value;
}

function wireDataEditing() {
  $("view").addEventListener("click", async (e) => {
    if (isLocked("points-edit") && clickMode() !== "inspect") return;
    const mode = clickMode();
    if (mode === "inspect") {
      selectedPoint = dataView.pointAt(e);
      $("inspect-index").value = selectedPoint >= 0 ? String(selectedPoint) : "";
      drawView();
      await drawInspector();
      return;
    }
    try {
      if (mode === "add") {
        // Rounded to 0.01 so the point is written exactly in the link.
        const [x, y] = dataView.toData(e).map((v) => Math.round(Math.min(6, Math.max(-6, v)) * 100) / 100);
        const label = Number(document.querySelector("input[name=new-class]:checked").value);
        await remote.call("addPoint", x, y, label);
        say("view.added", { x: fmt(x), y: fmt(y) });
      } else {
        const i = dataView.pointAt(e);
        if (i < 0) return;
        await remote.call("removePoint", i);
        if (selectedPoint === i) selectedPoint = -1;
        say("view.removed", { i });
      }
      await pointsEdited();
    } catch (err) {
      showCsvError(err);
    }
  });
  $("view").addEventListener("pointermove", (e) => {
    const [x, y] = dataView.toData(e);
    const tip = $("view-tip");
    tip.textContent = `x1 ${fmtSig(x, 3)}, x2 ${fmtSig(y, 3)}`;
    const r = $("view").getBoundingClientRect();
    tip.style.left = `${e.clientX - r.left}px`;
    tip.style.top = `${e.clientY - r.top}px`;
    tip.hidden = false;
  });
  $("view").addEventListener("pointerleave", () => { $("view-tip").hidden = true; });
  $("csv-file").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    if (file) await importCsv(await file.text());
    e.target.value = "";
  });
  $("csv-apply").addEventListener("click", () => importCsv($("csv-text").value));
  $("csv-export").addEventListener("click", async () => download("points.csv", await remote.call("exportCsv"), "text/csv"));
}

async function importCsv(text) {
  try {
    await remote.call("importCsv", text);
    $("csv-error").hidden = true;
    selectedPoint = -1;
    await pointsEdited();
    say("csv.imported", { n: fmt(dataView.points.label.length) });
  } catch (e) {
    showCsvError(e);
  }
}

function showCsvError(e) {
  const box = $("csv-error");
  box.textContent = errorText(e);
  box.hidden = false;
  box.closest("details").open = true;
}

async function pointsEdited() {
  await refreshPoints();
  state.pts = encodePoints(await remote.call("exportCsv"));
  writeHash();
  await advance({});
}

function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function wireExports() {
  $("export-png").addEventListener("click", () => $("view").toBlob((b) => download("dl-playground.png", b), "image/png"));
  $("export-json").addEventListener("click", async () => {
    const json = {
      config: await remote.call("config"),
      layerSizes: Array.from(await remote.call("layerSizes")),
      parameterNames: await remote.call("parameterNames"),
      weights: await remote.call("weights"),
      metrics: await remote.call("metrics"),
      epoch: frame?.epoch ?? 0,
    };
    download("dl-playground.json", JSON.stringify(json, null, 2), "application/json");
  });
}

function wireKeyboard() {
  document.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const target = document.activeElement;
    if (!root.contains(target)) return;
    const typing = target.tagName === "TEXTAREA" || target.tagName === "SELECT" || (target.tagName === "INPUT" && !["checkbox", "radio"].includes(target.type));
    if (typing) return;
    if (e.key === " " && target.tagName !== "BUTTON") {
      e.preventDefault();
      if (!isLocked("play")) playing ? pause() : play();
    } else if (e.key === "s" || e.key === "S") {
      if (!isLocked("play")) step("batches");
    } else if (e.key === "r" || e.key === "R") {
      if (!isLocked("reset")) reset();
    }
  });
}

// ---------- URL state ----------

function writeHash() {
  state.seed = trainerCfg.seed ?? state.seed;
  const hash = formatHash(state, SCHEMA, ["seed"]);
  if (hash !== location.hash) history.replaceState(null, "", hash === "#" ? location.pathname : hash);
}

function showIgnored(ignored) {
  if (!ignored.length) return;
  const reason = (r) => (r === "range" ? t("common.reasonRange") : r === "number" ? t("common.reasonNumber") : r.startsWith?.("engine:") ? t("common.reasonEngine", { message: r.slice(7) }) : t("common.reasonChoice"));
  const list = ignored.map((i) => (i.reason === "unknown" ? t("common.hashUnknown", { key: i.key }) : t("common.hashBadValue", { key: i.key, value: i.value, reason: reason(i.reason) }))).join("; ");
  $("notice-text").textContent = t("common.hashIgnored", { list });
  $("notice").hidden = false;
  showIgnored.last = ignored;
}

function applyPartsAndLocks() {
  for (const el of document.querySelectorAll("[data-part]")) el.hidden = state.hide.includes(el.dataset.part);
  for (const el of document.querySelectorAll("[data-control]")) {
    const locked = isLocked(el.dataset.control);
    if (locked) {
      el.disabled = true;
      el.dataset.locked = "true";
    } else if (el.dataset.locked) {
      el.disabled = false;
      delete el.dataset.locked;
    }
  }
  for (const el of document.querySelectorAll("input[name=click-mode], input[name=new-class]")) {
    if (isLocked("points-edit")) el.disabled = el.value !== "inspect";
  }
}

// ---------- start ----------

async function createTrainer() {
  const ignored = [];
  try {
    trainerCfg = await remote.create(trainerConfig(state));
  } catch (e) {
    // A setting the hash accepted but the engine rejects: start from the defaults instead.
    ignored.push({ key: "config", value: errorText(e), reason: "choice" });
    Object.assign(state, pick(defaults(SCHEMA)));
    trainerCfg = await remote.create(trainerConfig(state));
  }
  Object.assign(state, pick(trainerCfg));
  if (state.pts) {
    try {
      await remote.call("importCsv", decodePoints(state.pts));
    } catch (e) {
      ignored.push({ key: "pts", value: errorText(e), reason: "choice" });
      state.pts = "";
    }
  }
  await refreshPoints();
  await rebuildNetwork();
  syncControls();
  applyPartsAndLocks();
  await advance({});
  refreshActivationPlot();
  return ignored;
}

async function start() {
  const parsed = parseHash(location.hash, SCHEMA);
  state = parsed.state;
  const explicit = new Set(new URLSearchParams(location.hash.slice(1)).keys());
  if (state.lesson && LESSONS[state.lesson]) {
    for (const [k, v] of Object.entries(LESSONS[state.lesson])) if (!explicit.has(k)) state[k] = v;
  }
  setLanguage(initialLanguage(state.lang), { save: !!state.lang });
  onLanguage(() => {
    syncControls();
    if (frame) {
      network.build(frame.sizes, networkLabels);
      drawAll();
      drawActivationPlot();
      if (selectedPoint >= 0) drawInspector();
    }
    if (showIgnored.last) showIgnored(showIgnored.last);
    $("play").textContent = t(playing ? "common.pause" : "common.play");
  });
  remote = new RemoteTrainer();
  wireControls();
  const ignored = await createTrainer();
  showIgnored([...parsed.ignored, ...ignored]);
  writeHash();
  $("loading").hidden = true;
  window.__firstFrameMs ??= performance.now();
  document.body.dataset.ready = "true";
  // For the end-to-end tests: the trainer's full state, to compare with what the page shows.
  window.__playground = { exportState: () => remote.call("exportState"), frame: () => frame };
}

start().catch((e) => {
  const box = $("notice");
  $("notice-text").textContent = t("common.loadFailed", { message: e?.message ?? String(e) });
  box.classList.add("error");
  box.hidden = false;
  console.error(e);
});
