// The gradient-descent lab's controller. It owns the wasm handles (one Descent per map and start
// point, or the Trainer of lesson 15), the page state mirrored in the URL hash, and the
// animation loop. Drawing is left to views/surface.js, which only gets plain arrays.
import init, { Descent, Trainer } from "./pkg/dl_playground.js";
import { t, fmt, fmtSig, setLanguage, initialLanguage, onLanguage, language } from "./i18n.js";
import { parseHash, formatHash } from "./state.js";
import { COLOURS, SHAPES, DASHES, mapLayout, contourImage, drawMap, paletteCss } from "./views/surface.js";
import { renderLegend, renderSymbols } from "./views/descent-legend.js";
import { renderReadout } from "./views/descent-readout.js";
import { renderEditor, updateEditor, readNumber, kindOptions } from "./views/descent-editor.js";

const $ = (id) => document.getElementById(id);
const KINDS = ["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"];
const SURFACES = ["bowl", "ravine", "rosenbrock", "minima", "plateau", "saddle", "model"];
const SPEEDS = [1, 2, 5, 10, 20, 50, 100, 200, 500];
const MAX_RACERS = COLOURS.length;
const MAX_STARTS = DASHES.length;
const GRID_RES = 160;
const MODEL_RES = 96;
const HYPER = ["lr", "mu", "alpha", "beta1", "beta2", "eps"];
/** The hyperparameters each optimizer reads besides the learning rate (torch.optim's). */
const USES = {
  sgd: [], momentum: ["mu"], nesterov: ["mu"], adagrad: ["eps"],
  rmsprop: ["mu", "alpha", "eps"], adam: ["beta1", "beta2", "eps"],
};
const ENGINE_NAME = { mu: "momentum", alpha: "alpha", beta1: "beta1", beta2: "beta2", eps: "epsilon" };

/** torch.optim's defaults for a new racer; the learning rate is the lab's. */
function racerDefaults(kind) {
  return {
    kind, lr: 0.1, mu: kind === "momentum" || kind === "nesterov" ? 0.9 : 0, alpha: 0.99,
    beta1: 0.9, beta2: 0.999, eps: kind === "adagrad" ? 1e-10 : 1e-8,
  };
}

// ---- State: one flat object, every key a hash entry; optimizers as parallel lists ----------

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

const baseOf = (s) => PRESETS[s.preset] ?? DEFAULT;

/** The state a hash describes: a preset (if named) with the other entries on top of it. */
function readHash(hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  const base = PRESETS[params.get("preset")] ?? DEFAULT;
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
  const box = INFO[state.surface]?.box;
  const st = state.start;
  const inBox = (i) => box && st[i] >= box[0] && st[i] <= box[1] && st[i + 1] >= box[2] && st[i + 1] <= box[3];
  if (st.length % 2 !== 0 || st.some((_, i) => i % 2 === 0 && !inBox(i))) {
    drop("start");
    state.start = state.surface === base.surface ? [...base.start] : [];
  }
  return { state, ignored };
}

function writeHash() {
  state.lang = language();
  const hash = formatHash(state, schemaFor(baseOf(state)), ["preset", "lang"]);
  if (hash !== location.hash) history.replaceState(null, "", hash === "#" ? location.pathname : hash);
}

function racersOf(s) {
  return s.opt.map((kind, i) => Object.fromEntries([["kind", kind], ...HYPER.map((k) => [k, s[k][i]])]));
}

function setRacers(list) {
  state.opt = list.map((r) => r.kind);
  for (const k of HYPER) state[k] = list.map((r) => r[k]);
}

/** Whether the state differs from its lesson's (language and playback speed aside). */
function changedFromPreset(s) {
  const p = PRESETS[s.preset];
  return p ? formatHash({ ...s, lang: null, speed: p.speed }, schemaFor(p)) !== "#" : false;
}

// ---- Runtime ---------------------------------------------------------------------------------

let INFO = {};
let INFO_READY = false;
let state = null;
let lastGood = null;
let ignored = [];
let engineError = null;
let playing = false;
let timer = 0;
let lastTime = 0;
let carry = 0;
let editorKey = "";
let lastStatus = null;
let loading = false;
let mapsWidth = 0;
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

/** The two map slots of the page; the second one shows only when comparing learning rates. */
const maps = [0, 1].map((i) => ({
  index: i, canvas: $(`map-${i}`), tip: $(`tip-${i}`), cap: $(`cap-${i}`), fig: $(`fig-${i}`),
  racers: [], descents: [], L: null, bg: null, bgKey: "", cross: null,
}));
maps.forEach((m) => { m.ctx = m.canvas.getContext("2d"); });
const run = { trainer: null, grid: null };

const isModel = () => state.surface === "model";
const visibleMaps = () => maps.filter((m) => m.racers.length > 0);

function currentStarts() {
  if (isModel()) return [];
  const s = state.start.length ? state.start : INFO[state.surface].start;
  const out = [];
  for (let i = 0; i + 1 < s.length; i += 2) out.push([s[i], s[i + 1]]);
  return out;
}

function engineRacer(r, lr = r.lr) {
  const o = { kind: r.kind, learningRate: lr };
  for (const k of USES[r.kind]) o[ENGINE_NAME[k]] = r[k];
  return o;
}

function trainerConfig(r, extra = {}) {
  const c = {
    model: "logistic", dataset: "gauss", noise: 1, seed: state.seed, batchSize: state.batch,
    optimizer: r.kind, learningRate: r.lr, frozen: ["b[0][0]"], ...extra,
  };
  for (const k of USES[r.kind]) c[ENGINE_NAME[k]] = r[k];
  return c;
}

/**
 * The (w1, w2) box for lesson 15: a throw-away trainer with the same seed takes the same steps
 * first, so the box holds the whole path the real one will take, with a margin, and stays put
 * while it plays.
 */
function modelBox(r) {
  const scratch = new Trainer(trainerConfig(r, { recordHistory: false }));
  try {
    scratch.stepBatches(Math.min(state.steps, 20000));
    const p = scratch.parameterPath(0, 1);
    let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    for (let i = 0; i + 1 < p.length; i += 2) {
      if (!Number.isFinite(p[i]) || !Number.isFinite(p[i + 1])) continue;
      x0 = Math.min(x0, p[i]); x1 = Math.max(x1, p[i]); y0 = Math.min(y0, p[i + 1]); y1 = Math.max(y1, p[i + 1]);
    }
    const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const span = Math.max(x1 - x0, y1 - y0);
    const half = span / 2 + Math.max(0.75, 0.3 * span);
    return [cx - half, cx + half, cy - half, cy + half];
  } finally {
    scratch.free();
  }
}

function freeRun() {
  for (const m of maps) {
    for (const d of m.descents) d.free();
    m.descents = [];
    m.racers = [];
  }
  run.trainer?.free();
  run.trainer = null;
}

/** Builds the wasm objects for the state; on an engine error, goes back to the last good one. */
function rebuild() {
  freeRun();
  try {
    buildFrom(state);
    engineError = null;
    lastGood = structuredClone(state);
  } catch (e) {
    engineError = e.message;
    freeRun();
    state = structuredClone(lastGood ?? baseOf(state));
    buildFrom(state);
  }
}

function buildFrom(s) {
  const racers = racersOf(s).map((r, i) => ({ ...r, colour: COLOURS[i], shape: SHAPES[i] }));
  if (s.surface === "model") {
    const r = racers[0];
    const box = modelBox(r);
    run.trainer = new Trainer(trainerConfig(r));
    maps[0].racers = [r];
    const key = `model:${s.seed}:${box.join(",")}`;
    if (run.grid?.key !== key) {
      const values = run.trainer.landscapeBox(0, 1, MODEL_RES, box);
      let best = 0;
      for (let i = 1; i < values.length; i++) if (values[i] < values[best]) best = i;
      const [row, col] = [Math.floor(best / MODEL_RES), best % MODEL_RES];
      const lowest = [box[0] + ((col + 0.5) * (box[1] - box[0])) / MODEL_RES, box[3] - ((row + 0.5) * (box[3] - box[2])) / MODEL_RES];
      // A landscape has no log hint: use a log scale when its values span a decade or more.
      const lo = values[best], hi = Math.max(...values);
      run.grid = { key, values, res: MODEL_RES, box, minima: [lowest], log: lo > 0 && hi / lo >= 10, lo, hi };
    }
    return;
  }
  const info = INFO[s.surface];
  const starts = currentStarts();
  const make = (rs) => starts.map((st) => new Descent({ surface: s.surface, start: st, maxSteps: s.steps, optimizers: rs }));
  if (s.pair) {
    maps[0].racers = [racers[0]];
    maps[1].racers = [{ ...racers[0], lr: s.lr2, colour: COLOURS[1], shape: SHAPES[1] }];
    maps[0].descents = make([engineRacer(racers[0])]);
    maps[1].descents = make([engineRacer(racers[0], s.lr2)]);
  } else {
    maps[0].racers = racers;
    maps[0].descents = make(racers.map((r) => engineRacer(r)));
  }
  const key = `surface:${s.surface}`;
  if (run.grid?.key !== key) {
    const values = maps[0].descents[0].grid(GRID_RES);
    let lo = Infinity, hi = -Infinity;
    for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    run.grid = { key, values, res: GRID_RES, box: info.box, minima: info.minima, log: info.logScale, lo, hi };
  }
}

// ---- Reading the run -------------------------------------------------------------------------

/** The model's loss (and a central-difference gradient) at (w1, w2), from the landscape. */
function modelValue(x, y) {
  const trainer = run.trainer;
  const e = 1e-9, h = 1e-4;
  const value = trainer.landscapeBox(0, 1, 1, [x - e, x + e, y - e, y + e])[0];
  // A 2×2 grid over [x ± h] × [y ± h] has its cell centres at x ± h/2, y ± h/2 (row 0 on top).
  const [tl, tr, bl, br] = trainer.landscapeBox(0, 1, 2, [x - h, x + h, y - h, y + h]);
  return { value, gradient: [(tr - tl + br - bl) / (2 * h), (tl - bl + tr - br) / (2 * h)] };
}

const valueAt = (x, y) => (isModel() ? modelValue(x, y) : Descent.evaluate(state.surface, x, y));

function stateKey(st) {
  if (st.diverged && st.leftBox) return "divergedLeft";
  if (st.diverged) return "diverged";
  if (st.leftBox) return "leftBox";
  return st.stopped ? "done" : "running";
}
const STATE_TEXT = { running: "descent.stateRunning", diverged: "descent.stateDiverged", leftBox: "descent.stateLeftBox", divergedLeft: "descent.stateDivergedLeft", done: "descent.stateDone" };

/** Everything one frame shows: per map, per start, per racer, its path and status. */
function snapshot() {
  if (isModel()) {
    const tr = run.trainer;
    const path = tr.parameterPath(0, 1);
    const n = path.length;
    const pos = [path[n - 2], path[n - 1]];
    const { value: mapLoss, gradient } = modelValue(pos[0], pos[1]);
    const metrics = tr.metrics();
    const done = tr.iteration >= state.steps;
    const st = {
      steps: tr.iteration, position: pos, loss: metrics.trainLoss, gradient, m: null, v: null,
      diverged: metrics.diverged, leftBox: false, stopped: done || metrics.diverged,
    };
    return [{ map: maps[0], start: 0, racer: maps[0].racers[0], racerIndex: 0, path, status: st, model: { metrics, mapLoss, epoch: tr.epoch } }];
  }
  const out = [];
  for (const m of visibleMaps()) {
    m.descents.forEach((d, s) => {
      const paths = d.paths();
      d.status().forEach((st, r) => out.push({ map: m, start: s, racer: m.racers[r], racerIndex: r, path: paths[r], status: st }));
    });
  }
  return out;
}

const finished = (snap) => snap.every((e) => e.status.stopped);
const stepsOf = (snap) => Math.max(0, ...snap.map((e) => e.status.steps));
const pt = (x, y) => `(${fmtSig(x, 4)}, ${fmtSig(y, 4)})`;
const kindName = (kind) => t(`descent.kind.${kind}`);
const lrText = (lr) => fmt(lr, { maximumSignificantDigits: 6 });
const racerLabel = (r) => t("descent.racerLabel", { kind: kindName(r.kind), lr: lrText(r.lr) });

function rowName(e, starts) {
  let name = t("descent.rowLabel", { kind: kindName(e.racer.kind), lr: lrText(e.racer.lr) });
  if (starts > 1) name = t("descent.rowWhere", { name, where: t("descent.startN", { n: e.start + 1 }) });
  if (state.pair && !isModel()) name = t("descent.rowWhere", { name, where: t(e.map.index === 0 ? "descent.leftMap" : "descent.rightMap") });
  return name;
}

// ---- Drawing ---------------------------------------------------------------------------------

function layoutMap(m) {
  const wrap = m.canvas.parentElement;
  const width = Math.max(200, Math.floor(wrap.clientWidth));
  const maxH = Math.max(240, Math.min(620, window.innerHeight * 0.72));
  const L = mapLayout(width, run.grid.box, maxH);
  const dpr = window.devicePixelRatio || 1;
  const pw = Math.round(L.plot.w * dpr), ph = Math.round(L.plot.h * dpr);
  const key = `${run.grid.key}:${pw}x${ph}`;
  if (m.bgKey !== key) {
    const { image } = contourImage(run.grid.values, run.grid.res, pw, ph, { log: run.grid.log });
    const c = new OffscreenCanvas(pw, ph);
    c.getContext("2d").putImageData(image, 0, 0);
    m.bg = c;
    m.bgKey = key;
  }
  if (m.canvas.width !== Math.round(L.width * dpr) || m.canvas.height !== Math.round(L.height * dpr)) {
    m.canvas.width = Math.round(L.width * dpr);
    m.canvas.height = Math.round(L.height * dpr);
  }
  m.canvas.style.width = `${L.width}px`;
  m.canvas.style.aspectRatio = `${L.width} / ${L.height}`;
  m.L = L;
  m.dpr = dpr;
}

function drawMaps(snap) {
  // The model starts where its seed puts the weights: the first point of its path.
  const starts = isModel() ? [[snap[0].path[0], snap[0].path[1]]] : currentStarts();
  for (const m of visibleMaps()) {
    if (!m.L) layoutMap(m);
    const ctx = m.ctx;
    ctx.setTransform(m.dpr, 0, 0, m.dpr, 0, 0);
    drawMap(ctx, m.L, {
      background: m.bg,
      minima: run.grid.minima,
      starts: starts.map(([x, y], i) => ({ x, y, label: starts.length > 1 ? String(i + 1) : "" })),
      paths: snap.filter((e) => e.map === m).map((e) => ({
        xy: e.path, colour: e.racer.colour, shape: e.racer.shape, dash: DASHES[e.start], rank: COLOURS.indexOf(e.racer.colour),
        diverged: e.status.diverged, leftBox: e.status.leftBox,
      })),
      crosshair: m.cross,
      labels: isModel() ? { x: t("descent.axisW1"), y: t("descent.axisW2") } : { x: t("descent.axisX"), y: t("descent.axisY") },
      format: (v) => fmt(v, { maximumFractionDigits: 2 }),
    });
  }
}

function describeMap(m, snap, starts) {
  const surface = t(`descent.surface.${state.surface}`);
  const paths = snap.filter((e) => e.map === m).map((e) => t("descent.altPath", {
    name: rowName(e, starts), steps: fmt(e.status.steps), x: fmtSig(e.status.position[0], 3), y: fmtSig(e.status.position[1], 3),
    f: fmtSig(e.status.loss, 4), state: t(STATE_TEXT[stateKey(e.status)]),
  }));
  return t("descent.mapAlt", { surface, paths: paths.join(" ") });
}

function renderTable(snap) {
  const starts = currentStarts().length;
  // Vectors are shown as x over y, so that the table fits beside the map.
  const vec = (a) => (a ? `${fmtSig(a[0], 4)}\n${fmtSig(a[1], 4)}` : "–");
  renderReadout($("readout-body"), snap.map((e) => {
    const st = e.status;
    // Which of the optimizer's memories exist: m (velocity, AdaGrad's sum, Adam's mean), v.
    const kind = e.racer.kind;
    const hasM = !isModel() && kind !== "sgd" && !(kind === "rmsprop" && e.racer.mu === 0);
    const hasV = !isModel() && (kind === "rmsprop" || kind === "adam");
    const key = stateKey(st);
    return {
      key: `${e.map.index}:${e.start}:${e.racerIndex}:${e.racer.kind}`,
      colour: e.racer.colour, shape: e.racer.shape, name: rowName(e, starts),
      cells: [fmt(st.steps), vec(st.position), fmtSig(st.loss, 4), vec(st.gradient), hasM ? vec(st.m) : "–", hasV ? vec(st.v) : "–"],
      state: key, stateText: t(STATE_TEXT[key]),
      data: { map: e.map.index, start: e.start, kind: e.racer.kind, steps: st.steps, x: st.position[0], y: st.position[1], loss: st.loss },
    };
  }));
}

/** Redraws everything that changes while the run plays. */
function render() {
  const snap = snapshot();
  drawMaps(snap);
  renderTable(snap);
  const starts = currentStarts().length;
  for (const m of visibleMaps()) m.canvas.setAttribute("aria-label", describeMap(m, snap, starts));
  $("step-count").textContent = fmt(stepsOf(snap));
  const model = snap[0]?.model;
  const summary = $("model-summary");
  summary.hidden = !model;
  if (model) {
    summary.textContent = t("descent.modelSummary", {
      epoch: fmt(model.epoch), iteration: fmt(snap[0].status.steps), loss: fmtSig(model.metrics.trainLoss, 6),
      mapLoss: fmtSig(model.mapLoss, 6), accuracy: fmt(model.metrics.trainAccuracy, { style: "percent", maximumFractionDigits: 1 }),
    });
    summary.dataset.trainerLoss = String(model.metrics.trainLoss);
    summary.dataset.mapLoss = String(model.mapLoss);
  }
  return snap;
}

// ---- Controls --------------------------------------------------------------------------------

/** The optimizer editor: rebuilt only when its structure (kinds, mode) or the language changes. */
function renderEditorPanel(force = false) {
  const only = isModel() || state.pair;
  const racers = racersOf(state);
  const shown = only ? racers.slice(0, 1) : racers;
  const lr2 = state.pair && !isModel() ? state.lr2 : null;
  const key = `${shown.map((r) => r.kind).join()}|${isModel()}|${state.pair}|${language()}`;
  if (force || key !== editorKey) {
    renderEditor($("racers"), { racers: shown, kinds: KINDS, uses: USES, colours: COLOURS, lr2, removable: !only && racers.length > 1, t });
    editorKey = key;
  } else {
    updateEditor($("racers"), (i, p) => (p === "lr2" ? state.lr2 : racers[i][p]));
  }
  $("first-only").hidden = !only;
  $("first-only").textContent = isModel() ? t("descent.firstOnlyModel") : t("descent.firstOnlyPair");
  document.querySelector(".add-racer").hidden = only;
  $("add-racer").disabled = racers.length >= MAX_RACERS;
  $("add-kind").disabled = racers.length >= MAX_RACERS;
  $("racer-count").textContent = t("descent.racerCount", { n: racers.length, max: MAX_RACERS });
}

function renderStarts() {
  const starts = currentStarts();
  $("start-fields").hidden = isModel();
  $("model-fields").hidden = !isModel();
  if (isModel()) return;
  const [x, y] = starts[0];
  if (document.activeElement !== $("start-x")) $("start-x").value = String(x);
  if (document.activeElement !== $("start-y")) $("start-y").value = String(y);
  const box = INFO[state.surface].box;
  const step = roundingStep(box);
  for (const [id, lo, hi] of [["start-x", box[0], box[1]], ["start-y", box[2], box[3]]]) Object.assign($(id), { min: lo, max: hi, step });
  const list = $("starts-list");
  list.replaceChildren(...(starts.length > 1 ? starts : []).map(([sx, sy], i) => {
    const li = document.createElement("li");
    li.textContent = t("descent.startItem", { n: i + 1, x: fmt(sx), y: fmt(sy) });
    return li;
  }));
  $("clear-starts").hidden = starts.length < 2;
}

function renderSurfaceInfo() {
  const model = isModel();
  const info = INFO[state.surface];
  document.querySelector(".formula [data-i18n]").dataset.i18n = model ? "descent.formulaModel" : "descent.formula";
  document.querySelector(".formula [data-i18n]").textContent = t(model ? "descent.formulaModel" : "descent.formula");
  $("formula").textContent = model ? t("descent.modelFormula") : info.formula;
  $("formula").classList.toggle("mono", !model);
  $("surface-hint").textContent = t(`descent.surfaceHint.${state.surface}`);
  if (model) {
    const [x, y] = run.grid.minima[0];
    $("minima-list").textContent = t("descent.minimaModel", { point: pt(x, y) });
  } else {
    const list = info.minima.map(([x, y]) => t("descent.minimumAt", { x: fmt(x), y: fmt(y), f: fmtSig(Descent.evaluate(state.surface, x, y).value, 5) }));
    $("minima-list").textContent = t("descent.minimaList", { list: list.join("; ") });
  }
  $("col-position").dataset.i18n = model ? "descent.colPositionModel" : "descent.colPosition";
  $("col-position").textContent = t($("col-position").dataset.i18n);
  const lossHead = $("readout").tHead.rows[0].cells[3];
  lossHead.dataset.i18n = model ? "descent.colLossModel" : "descent.colLoss";
  lossHead.textContent = t(lossHead.dataset.i18n);
}

function renderMapFrames() {
  const pair = state.pair && !isModel();
  $("maps").classList.toggle("pair", pair);
  maps[1].fig.hidden = !pair;
  const surface = t(`descent.surface.${state.surface}`);
  if (pair) {
    maps.forEach((m, i) => {
      const r = m.racers[0];
      m.cap.textContent = t("descent.pairCaption", { side: t(i === 0 ? "descent.leftSide" : "descent.rightSide"), kind: kindName(r.kind), lr: fmt(r.lr, { maximumSignificantDigits: 6 }) });
    });
  } else {
    maps[0].cap.textContent = isModel() ? t("descent.captionModel", { surface }) : t("descent.caption", { surface, formula: INFO[state.surface].formula });
  }
  const starts = currentStarts();
  renderLegend($("legend"),
    visibleMaps().flatMap((m) => m.racers.map((r) => ({ colour: r.colour, shape: r.shape, kind: r.kind, text: racerLabel(r) }))),
    starts.map(([x, y], i) => ({ dash: DASHES[i], text: t("descent.startItem", { n: i + 1, x: fmt(x), y: fmt(y) }) })));
  renderSymbols($("symbols"), [
    { kind: "minimum", text: t(isModel() ? "descent.symMinimumModel" : "descent.symMinimum") },
    { kind: "start", text: t("descent.symStart") },
    { kind: "diverged", text: t("descent.symDiverged") },
    ...(isModel() ? [] : [{ kind: "leftBox", text: t("descent.symLeftBox") }]),
  ]);
  $("scale-bar").style.background = paletteCss();
  $("scale-low").textContent = t("descent.scaleLow", { value: fmtSig(run.grid.lo, 3) });
  $("scale-high").textContent = t("descent.scaleHigh", { value: fmtSig(run.grid.hi, 3) });
  $("scale-note").textContent = t(run.grid.log ? "descent.scaleLog" : "descent.scaleLinear");
}

function renderLesson() {
  const p = state.preset;
  $("lesson-h").textContent = p ? t(`descent.lesson${p}.title`) : t("descent.customTitle");
  $("lesson-body").textContent = p ? t(`descent.lesson${p}.body`) : t("descent.customBody");
  $("lesson-try").textContent = p ? t(`descent.lesson${p}.try`) : t("descent.customTry");
  $("lesson-changed").hidden = !changedFromPreset(state);
  $("lesson-back").href = `#preset=${p}&lang=${language()}`;
  for (const a of document.querySelectorAll("#presets a")) {
    a.href = `#preset=${a.dataset.preset}&lang=${language()}`;
    if (a.dataset.preset === p) a.setAttribute("aria-current", "true");
    else a.removeAttribute("aria-current");
  }
}

function renderNotice() {
  const n = $("notice");
  const lines = [];
  if (ignored.length) {
    const reason = { range: "common.reasonRange", choice: "common.reasonChoice", number: "common.reasonNumber" };
    const list = ignored.map((i) => (i.reason === "unknown"
      ? t("common.hashUnknown", { key: i.key })
      : t("common.hashBadValue", { key: i.key, value: i.value, reason: t(reason[i.reason] ?? "common.reasonChoice") })));
    lines.push(t("common.hashIgnored", { list: list.join("; ") }));
  }
  if (engineError) lines.push(t("descent.engineError", { message: engineError }));
  // The notice is an alert: rewrite it only when its text changes, or it would be announced
  // again after every edit.
  const key = lines.join("\n");
  if (n.dataset.text === key && !n.hidden === lines.length > 0) return;
  n.dataset.text = key;
  n.hidden = lines.length === 0;
  n.classList.toggle("error", Boolean(engineError));
  const text = document.createElement("div");
  text.append(...lines.map((l) => Object.assign(document.createElement("p"), { textContent: l })));
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = t("common.dismiss");
  close.addEventListener("click", () => { ignored = []; engineError = null; renderNotice(); });
  n.replaceChildren(text, close);
}

function syncControls() {
  $("surface").value = state.surface;
  $("pair").checked = state.pair;
  $("pair").disabled = isModel();
  $("budget").value = String(state.steps);
  $("speed").value = state.speed;
  $("seed").value = String(state.seed);
  $("batch").value = String(state.batch);
  $("lang").value = language();
  renderSurfaceInfo();
  renderStarts();
  renderEditorPanel();
  renderMapFrames();
  renderLesson();
  renderNotice();
}

function fillSpeeds() {
  $("speed").replaceChildren(...SPEEDS.map((n) => new Option(t("descent.speedOption", { n: fmt(n) }), String(n))));
  $("speed").value = state?.speed ?? "20";
}

// ---- Playback --------------------------------------------------------------------------------

/** The status line (role=status): kept as a key so that a language switch can redo it. */
function say(key, params = {}) {
  lastStatus = key ? { key, params } : null;
  $("status").textContent = key ? t(key, params) : "";
}

function setPlaying(on) {
  playing = on;
  const b = $("play");
  b.dataset.i18n = on ? "common.pause" : "common.play";
  b.textContent = t(b.dataset.i18n);
  document.body.dataset.playing = String(on);
  clearTimeout(timer);
  cancelAnimationFrame(timer);
}

function advance(n) {
  if (n <= 0) return;
  if (isModel()) {
    const left = state.steps - run.trainer.iteration;
    if (left > 0 && !run.trainer.diverged) run.trainer.stepBatches(Math.min(n, left));
  } else {
    for (const m of visibleMaps()) for (const d of m.descents) d.step(n);
  }
}

function schedule() {
  // With reduced motion the map is redrawn once a second, a second's worth of steps at a time.
  if (reducedMotion.matches) timer = setTimeout(() => tick(performance.now()), 1000);
  else timer = requestAnimationFrame(tick);
}

function tick(now) {
  if (!playing) return;
  let n = Number(state.speed);
  if (!reducedMotion.matches) {
    const dt = Math.max(0, Math.min(0.25, (now - lastTime) / 1000));
    carry += n * dt;
    n = Math.floor(carry);
    carry -= n;
  }
  lastTime = now;
  if (n > 0) {
    advance(n);
    const snap = render();
    if (finished(snap)) {
      setPlaying(false);
      say("descent.statusFinished", { steps: fmt(stepsOf(snap)) });
      return;
    }
  }
  schedule();
}

function play() {
  if (finished(snapshot())) {
    say("descent.statusAllStopped");
    return;
  }
  setPlaying(true);
  say("descent.statusPlaying");
  lastTime = performance.now();
  carry = 0;
  schedule();
}

function pause(message = "descent.statusPaused") {
  if (!playing) return;
  setPlaying(false);
  say(message, { steps: fmt(stepsOf(snapshot())) });
}

const toggle = () => (playing ? pause() : play());

function stepOnce() {
  if (playing) setPlaying(false);
  if (finished(snapshot())) {
    say("descent.statusAllStopped");
    return;
  }
  advance(1);
  const snap = render();
  say(finished(snap) ? "descent.statusFinished" : "descent.statusStep", { steps: fmt(stepsOf(snap)) });
}

function resetRun(message = "descent.statusReset") {
  setPlaying(false);
  for (const m of maps) for (const d of m.descents) d.reset();
  run.trainer?.reset();
  render();
  say(message);
}

/** Applies a changed state: new wasm objects, controls, hash, a fresh drawing. */
function commit(message = "descent.statusChanged", params = {}) {
  setPlaying(false);
  rebuild();
  writeHash();
  for (const m of maps) m.L = null;
  syncControls();
  render();
  $("cursor").textContent = t("descent.cursorIdle");
  if (message) say(message, params);
}

function loadFromHash() {
  setPlaying(false);
  const parsed = readHash(location.hash);
  state = parsed.state;
  ignored = parsed.ignored;
  lastGood = null;
  // A link without a language (a lesson link, say) keeps the one in use.
  loading = true;
  setLanguage(state.lang ?? (INFO_READY ? language() : initialLanguage(null)), { save: false });
  loading = false;
  $("add-starts").checked = currentStarts().length > 1;
  commit(null);
  say(null);
}

// ---- Events ----------------------------------------------------------------------------------

function roundingStep(box) {
  return 10 ** Math.floor(Math.log10((box[1] - box[0]) / 200));
}

function setStartAt(x, y) {
  if (isModel()) {
    say("descent.modelNoStart");
    return;
  }
  const step = roundingStep(INFO[state.surface].box);
  const q = [x, y].map((v) => Number((Math.round(v / step) * step).toFixed(6)));
  if ($("add-starts").checked) {
    const starts = currentStarts();
    starts.push(q);
    while (starts.length > MAX_STARTS) starts.shift();
    state.start = starts.flat();
    commit("descent.statusStartAdded", { n: starts.length, x: fmt(q[0]), y: fmt(q[1]) });
  } else {
    state.start = q;
    commit("descent.statusStart", { x: fmt(q[0]), y: fmt(q[1]) });
  }
  for (const m of maps) {
    if (!m.cross) continue;
    m.cross = { x: q[0], y: q[1] };
    $("cursor").textContent = cursorText(q[0], q[1]);
  }
  drawMaps(snapshot());
}

function cursorText(x, y) {
  const { value, gradient } = valueAt(x, y);
  return t(isModel() ? "descent.cursorModel" : "descent.cursor", {
    x: fmtSig(x, 3), y: fmtSig(y, 3), f: fmtSig(value, 4), gx: fmtSig(gradient[0], 3), gy: fmtSig(gradient[1], 3),
  });
}

function eventPoint(m, e) {
  if (!m.L) return null;
  const rect = m.canvas.getBoundingClientRect();
  const px = ((e.clientX - rect.left) * m.L.width) / rect.width;
  const py = ((e.clientY - rect.top) * m.L.height) / rect.height;
  return m.L.inside(px, py) ? m.L.toPoint(px, py) : null;
}

for (const m of maps) {
  const c = m.canvas;
  c.addEventListener("pointermove", (e) => {
    const p = eventPoint(m, e);
    if (!p) { m.tip.hidden = true; return; }
    const text = cursorText(p[0], p[1]);
    const rect = c.getBoundingClientRect();
    m.tip.textContent = text;
    m.tip.style.left = `${e.clientX - rect.left}px`;
    m.tip.style.top = `${e.clientY - rect.top}px`;
    m.tip.hidden = false;
    $("cursor").textContent = text;
  });
  c.addEventListener("pointerleave", () => { m.tip.hidden = true; });
  c.addEventListener("click", (e) => {
    const p = eventPoint(m, e);
    if (p) setStartAt(p[0], p[1]);
  });
  // The crosshair is for keyboard users: it shows on keyboard focus, or on the first arrow key.
  const showCross = () => {
    const s = isModel() ? null : currentStarts()[0];
    const b = run.grid.box;
    m.cross = s ? { x: s[0], y: s[1] } : { x: (b[0] + b[1]) / 2, y: (b[2] + b[3]) / 2 };
    $("cursor").textContent = cursorText(m.cross.x, m.cross.y);
    drawMaps(snapshot());
  };
  c.addEventListener("focus", () => { if (c.matches(":focus-visible")) showCross(); });
  c.addEventListener("blur", () => {
    m.cross = null;
    drawMaps(snapshot());
  });
  c.addEventListener("keydown", (e) => {
    if (!m.cross && (e.key.startsWith("Arrow") || e.key === "Enter")) showCross();
    if (!m.cross) return;
    const b = run.grid.box;
    const k = (e.shiftKey ? 5 : 1) / 50;
    const moves = { ArrowLeft: [-k, 0], ArrowRight: [k, 0], ArrowUp: [0, k], ArrowDown: [0, -k] };
    if (moves[e.key]) {
      e.preventDefault();
      const [dx, dy] = moves[e.key];
      m.cross = {
        x: Math.min(b[1], Math.max(b[0], m.cross.x + dx * (b[1] - b[0]))),
        y: Math.min(b[3], Math.max(b[2], m.cross.y + dy * (b[3] - b[2]))),
      };
      $("cursor").textContent = cursorText(m.cross.x, m.cross.y);
      drawMaps(snapshot());
    } else if (e.key === "Enter") {
      e.preventDefault();
      setStartAt(m.cross.x, m.cross.y);
    }
  });
}

// Shortcuts only while the focus is inside the lab, and never while typing into a field.
$("lab").addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
  const tag = e.target.tagName;
  const typing = tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA";
  if (e.key === " " || e.code === "Space") {
    if (typing || tag === "BUTTON" || tag === "A" || tag === "SUMMARY") return;
    e.preventDefault();
    toggle();
  } else if (!typing && (e.code === "KeyS" || e.key === "s" || e.key === "S")) {
    e.preventDefault();
    stepOnce();
  } else if (!typing && (e.code === "KeyR" || e.key === "r" || e.key === "R")) {
    e.preventDefault();
    resetRun();
  }
});

$("play").addEventListener("click", toggle);
$("step").addEventListener("click", stepOnce);
$("reset").addEventListener("click", () => resetRun());

$("surface").addEventListener("change", (e) => {
  state.surface = e.target.value;
  state.start = [];
  $("add-starts").checked = false;
  commit();
});
$("pair").addEventListener("change", (e) => { state.pair = e.target.checked; commit(); });
$("speed").addEventListener("change", (e) => {
  state.speed = e.target.value;
  writeHash();
  renderLesson();
});
$("clear-starts").addEventListener("click", () => {
  state.start = currentStarts()[0];
  $("add-starts").checked = false;
  commit();
});

const isInt = (lo, hi) => (v) => Number.isInteger(v) && v >= lo && v <= hi;

$("budget").addEventListener("change", (e) => {
  const v = readNumber(e.target, $("budget-error"), isInt(1, 100000), t("descent.errBudget"));
  if (v !== null) { state.steps = v; commit(); }
});
$("seed").addEventListener("change", (e) => {
  const v = readNumber(e.target, $("model-error"), isInt(0, 4294967295), t("descent.errSeed"));
  if (v !== null) { state.seed = v; commit(); }
});
$("batch").addEventListener("change", (e) => {
  const v = readNumber(e.target, $("model-error"), isInt(1, 100), t("descent.errBatch"));
  if (v !== null) { state.batch = v; commit(); }
});
for (const id of ["start-x", "start-y"]) {
  $(id).addEventListener("change", () => {
    const b = INFO[state.surface].box;
    const msg = t("descent.errStart", { xmin: fmt(b[0]), xmax: fmt(b[1]), ymin: fmt(b[2]), ymax: fmt(b[3]) });
    const x = readNumber($("start-x"), $("start-error"), (v) => v >= b[0] && v <= b[1], msg);
    const y = x === null ? null : readNumber($("start-y"), $("start-error"), (v) => v >= b[2] && v <= b[3], msg);
    if (x === null || y === null) return;
    const starts = currentStarts();
    starts[0] = [x, y];
    state.start = starts.flat();
    commit("descent.statusStart", { x: fmt(x), y: fmt(y) });
  });
}

$("racers").addEventListener("change", (e) => {
  const el = e.target;
  const i = Number(el.dataset.racer);
  const p = el.dataset.param;
  if (!p) return;
  const list = racersOf(state);
  if (p === "kind") {
    list[i] = { ...racerDefaults(el.value), lr: list[i].lr };
    setRacers(list);
    commit();
    return;
  }
  const err = $(`racer-error-${i}`);
  const check = {
    lr: [(v) => v > 0 && v <= 100, () => t("descent.errLr")],
    lr2: [(v) => v > 0 && v <= 100, () => t("descent.errLr")],
    eps: [(v) => v > 0 && v <= 1, () => t("descent.errEps")],
  }[p] ?? [(v) => v >= 0 && v < 1, () => t("descent.errUnit", { name: t(`descent.${p}`) })];
  const v = readNumber(el, err, check[0], check[1]());
  if (v === null) return;
  if (p === "lr2") state.lr2 = v;
  else {
    list[i][p] = v;
    setRacers(list);
  }
  commit();
});
$("racers").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-remove]");
  if (!b) return;
  const list = racersOf(state);
  list.splice(Number(b.dataset.remove), 1);
  setRacers(list);
  commit();
  $("add-kind").focus();
});
$("add-racer").addEventListener("click", () => {
  const list = racersOf(state);
  if (list.length >= MAX_RACERS) return;
  list.push(racerDefaults($("add-kind").value));
  setRacers(list);
  commit();
});

$("lang").addEventListener("change", (e) => setLanguage(e.target.value));
onLanguage(() => {
  if (!state || loading) return;
  fillSpeeds();
  writeHash();
  renderEditorPanel(true);
  syncControls();
  render();
  $("cursor").textContent = t("descent.cursorIdle");
  if (lastStatus) say(lastStatus.key, lastStatus.params);
});

window.addEventListener("hashchange", loadFromHash);
document.addEventListener("visibilitychange", () => {
  if (document.hidden && playing) pause("descent.statusHidden");
});
new ResizeObserver(([entry]) => {
  // Only a change of width re-lays the maps out (their height follows from it).
  const w = Math.round(entry.contentRect.width);
  if (!state || w === mapsWidth) return;
  mapsWidth = w;
  for (const m of maps) m.L = null;
  drawMaps(snapshot());
}).observe($("maps"));

// ---- Start -----------------------------------------------------------------------------------

setLanguage(initialLanguage(new URLSearchParams(location.hash.slice(1)).get("lang")), { save: false });
$("add-kind").replaceChildren(...kindOptions(t, KINDS));
fillSpeeds();
try {
  await init();
  INFO = Object.fromEntries(Descent.surfaces().map((s) => [s.name, s]));
  loadFromHash();
  INFO_READY = true;
  $("loading").hidden = true;
  document.body.dataset.ready = "true";
} catch (e) {
  $("loading").hidden = true;
  const n = $("notice");
  n.hidden = false;
  n.classList.add("error");
  n.textContent = t("common.loadFailed", { message: e.message });
  console.error(e);
}
