// Drawing the playground: the views, the texts they are handed, and what each frame updates.
// Everything here reads `app` and what the controller hands it; it never calls the engine.
import { t, fmt, fmtSig } from "../shared/i18n.js";
import { divergenceText } from "../shared/errors.js";
import { $ } from "../shared/dom.js";
import { setText, setLabel } from "../shared/write.js";
import { app, GRID_RES, UNIT_RES, modelInfo } from "./app.js";
import { DataView } from "./views/dataview.js";
import { NetworkView, paintMap, mapScale, inputGrids } from "./views/network.js";
import { LineChart, BarChart, OffscreenThrottle, drawCurves, NORMS_RANGE } from "./views/chart.js";
import { renderTrace } from "./views/inspector.js";
import { networkLabels as makeNetworkLabels } from "./network-labels.js";
import { RUN_COLOURS, RUN_NAMES, RUN_SHAPES, overlaidRows } from "./compare.js";

/** The compared runs' boundaries on the page's map: ink, a dash per run (A's is solid). */
const RUN_DASHES = [[], [9, 4], [2, 3], [10, 3, 2, 3]];
const RUN_DASH_TEXT = ["───", "─ ─ ─", "·····", "─·─·"];
import { INK, TEST_GREY } from "../shared/colors.js";
import { outputActivation, legendTick } from "./output.js";

let inputMaps = null;

export const num = (v) => fmtSig(v, 4);
const pct = (v) =>
  v === null || v === undefined || Number.isNaN(v) ? "–" : fmt(v, { style: "percent", maximumFractionDigits: 1 });

export const networkLabels = makeNetworkLabels({ t, fmt, fmtSig });
const { unitName } = networkLabels;

/** @type {DataView} */
export let dataView;
/** @type {NetworkView} */
export let network;
let viewHalf = 0;

/** Makes the views for the engine's view box (from its schema). */
export function initViews(/** @type {number} */ half) {
  viewHalf = half;
  dataView = new DataView($("view"), $("view-legend"), half);
  network = new NetworkView(
    $("network"),
    selectUnit,
    (/** @type {string} */ text) => {
      $("net-readout").textContent = text;
    },
    half,
    { worker: true },
  );
}
/** Training in ink, test in dashed grey: orange and blue mean the two classes and nothing else. */
export const TRAIN_TEST = [INK, TEST_GREY];
const lossChart = new LineChart($("chart-loss"), $("tip-loss"), TRAIN_TEST);
const accChart = new LineChart($("chart-acc"), $("tip-acc"), TRAIN_TEST);
const errorsChart = new LineChart($("chart-errors"), $("tip-errors"), TRAIN_TEST);
const normsChart = new BarChart($("chart-norms"), $("tip-norms"), "#5b3f8f");
const deadChart = new BarChart($("chart-dead"), $("tip-dead"), "#8c6d1f");
const compareNormsChart = new LineChart($("chart-cmp-norms"), $("tip-cmp-norms"), RUN_COLOURS);
/** It usually sits below the compare cards, out of view: not redrawn every frame there. */
const compareNormsLater = new OffscreenThrottle($("chart-cmp-norms"));

function layerLabel(i, layers) {
  return i === layers - 1 ? t("chart.outputLayer") : t("chart.layer", { n: i + 1 });
}

export function drawCharts() {
  if (!app.frame) return;
  const series = [t("chart.train"), t("chart.test")];
  const historyOn = app.config.recordHistory !== false;
  const lineLabels = (values) => ({
    empty: historyOn ? t("chart.empty") : t("chart.noHistory"),
    tick: (v) => fmtSig(v, 3),
    xTitle: t("chart.epoch"),
    series,
    hover: (epoch, v) => t("chart.hover", { epoch: fmt(epoch), train: values(v[0]), test: values(v[1]) }),
    mark: app.replay,
  });
  const { losses, accuracy, epochs } = app.history;
  const titled = (/** @type {any} */ labels, /** @type {string} */ axis, refs = /** @type {any[]} */ ([])) => ({
    ...labels,
    yTitle: t(axis),
    refs,
  });
  // On XOR a straight line gets at most three of the four corners right: a model without hidden
  // layers is drawn against that ceiling.
  const ceiling =
    app.config.dataset === "xor" && !modelInfo(app.config.model).hidden
      ? [{ value: 0.75, text: t("chart.lineCeiling", { pct: pct(0.75) }) }]
      : [];
  if (app.compare?.runs.length) drawCompareCharts((values) => lineLabels(values), titled, ceiling);
  else {
    lossChart.set(losses, 2, { log: app.state.lossLog, x: epochs });
    lossChart.draw(titled(lineLabels(num), "chart.lossAxis"));
    accChart.set(accuracy, 2, { fixed: [0, 1], x: epochs });
    accChart.draw(titled(lineLabels(pct), "chart.accAxis", ceiling));
  }
  drawErrors(lineLabels, titled);
  drawMarginChart();
  const layers = app.frame.gradientNorms.length;
  // Gradient norms and dead units mean something only with hidden layers (not for one neuron).
  const hidden = modelInfo(app.config.model).hidden;
  for (const el of document.querySelectorAll("[data-chart=norms], [data-chart=dead]"))
    /** @type {HTMLElement} */ (el).hidden = !hidden;
  // Before the first batch there is no gradient yet: the chart says so instead of drawing zeros.
  normsChart.set(app.frame.iteration > 0 ? app.frame.gradientNorms : [], { log: true, fixed: NORMS_RANGE });
  normsChart.draw({
    empty: t("chart.empty"),
    zero: zeroGradientText(app.frame, t),
    yTitle: t("chart.normAxis"),
    tick: (v) => fmtSig(v, 2),
    name: (i) => layerLabel(i, layers),
    hover: (i, v) => t("chart.barHover", { layer: layerLabel(i, layers), value: num(v) }),
  });
  deadChart.set(app.frame.deadUnits, { integer: true });
  deadChart.draw({
    empty: t("chart.empty"),
    yTitle: t("chart.unitsAxis"),
    tick: (v) => fmt(v, { maximumFractionDigits: 0 }),
    name: (i) => layerLabel(i, layers),
    hover: (i, v) => t("chart.barHover", { layer: layerLabel(i, layers), value: fmt(v) }),
  });
  const h = losses,
    a = accuracy,
    n = h.length;
  setLabel($("chart-loss"), t("chart.lossAlt", { train: num(h[n - 2]), test: num(h[n - 1]) }));
  setLabel($("chart-acc"), t("chart.accAlt", { train: pct(a[n - 2]), test: pct(a[n - 1]) }));
  setLabel($("chart-norms"), t("chart.normsAlt", { list: Array.from(app.frame.gradientNorms, num).join(", ") }));
  setLabel($("chart-dead"), t("chart.deadAlt", { list: Array.from(app.frame.deadUnits, (v) => fmt(v)).join(", ") }));
}

/**
 * The perceptron's own measure of progress, shown whenever a run is a perceptron: how many
 * training points it gets wrong after each epoch — a whole number, so its curve moves in steps
 * (lesson 3 sets it beside Adaline's smooth loss; in lesson 1 it runs out to 0). It is the
 * training accuracy's complement times the number of training points, rounded back to the count
 * it was computed from.
 */
function drawErrors(
  /** @type {(values: (v: number) => string) => any} */ lineLabels,
  /** @type {(labels: any, axis: string, refs?: any[]) => any} */ titled,
) {
  const runs = [app.config, ...(app.compare?.runs ?? [])];
  const shown = runs.some((r) => (r.model ?? app.config.model) === "perceptron");
  $("chart-errors").closest("[data-chart]").hidden = !shown;
  if (!shown) return;
  const pts = dataView.points;
  const nTrain = pts.label.length - pts.isTest.reduce((s, v) => s + v, 0);
  const compared = !!app.compare?.runs.length;
  const histories = compared ? app.compare.series().histories : [app.history];
  const rows = overlaidRows(histories, "accuracy").map((a) =>
    Number.isFinite(a) ? Math.round((1 - a) * nTrain) : NaN,
  );
  const n = histories.length;
  const count = (/** @type {number} */ v) => fmt(v, { maximumFractionDigits: 0 });
  errorsChart.set(rows, n, {
    x: app.history.epochs,
    ...(compared ? { colors: RUN_COLOURS.slice(0, n), shapes: RUN_SHAPES.slice(0, n) } : {}),
  });
  const base = lineLabels(count);
  errorsChart.draw(
    titled(
      {
        ...base,
        series: compared ? RUN_NAMES.slice(0, n) : [t("chart.train")],
        hover: (/** @type {number} */ epoch, /** @type {number[]} */ v) =>
          t("chart.errorsHover", { epoch: fmt(epoch), list: v.map(count).join(", ") }),
      },
      "chart.errorsAxis",
    ),
  );
  setLabel($("chart-errors"), t("chart.errorsAlt", { n: count(rows[rows.length - 1] ?? NaN), total: fmt(nTrain) }));
}

/**
 * Compare mode's charts: each run's training loss and accuracy on the page's two line charts, in
 * the run's colour and marker shape, and their first layer's gradient norm over the epochs.
 * The runs are trained in lockstep, so their records share the epochs of run A's.
 */
function drawCompareCharts(
  /** @type {(values: (v: number) => string) => any} */ lineLabels,
  /** @type {(labels: any, axis: string, refs?: any[]) => any} */ titled,
  /** @type {any[]} */ ceiling,
) {
  const { histories, norms } = app.compare.series();
  const n = histories.length;
  const epochs = app.history.epochs;
  const rows = (/** @type {"losses" | "accuracy"} */ what) => overlaidRows(histories, what);
  const look = { colors: RUN_COLOURS.slice(0, n), shapes: RUN_SHAPES.slice(0, n) };
  const labels = (/** @type {(v: number) => string} */ values) => ({
    ...lineLabels(values),
    series: RUN_NAMES.slice(0, n),
    hover: (/** @type {number} */ epoch, /** @type {number[]} */ v) =>
      t("cmp.hover", {
        epoch: fmt(epoch),
        list: RUN_NAMES.slice(0, n)
          .map((r, i) => `${r} ${values(v[i])}`)
          .join(", "),
      }),
  });
  lossChart.set(rows("losses"), n, { log: app.state.lossLog, x: epochs, ...look });
  lossChart.draw(titled(labels(num), "chart.lossAxis"));
  accChart.set(rows("accuracy"), n, { fixed: [0, 1], x: epochs, ...look });
  accChart.draw(titled(labels(pct), "chart.accAxis", ceiling));
  // Two lines per run: its first layer dashed, its output layer solid — the gap between them is
  // how much the gradient shrank on its way back (lesson 6).
  const twice = (/** @type {any[]} */ a) => a.flatMap((v) => [v, v]);
  compareNormsLater.run(() => {
    compareNormsChart.set(Float64Array.from(norms.values), 2 * n, {
      log: true,
      fixed: NORMS_RANGE,
      x: norms.epochs,
      colors: twice(RUN_COLOURS.slice(0, n)),
      shapes: twice(RUN_SHAPES.slice(0, n)),
      dashes: RUN_NAMES.slice(0, n).flatMap(() => [true, false]),
    });
    compareNormsChart.draw({
      ...labels(num),
      series: RUN_NAMES.slice(0, n).flatMap((r) => ["", r]),
      hover: (/** @type {number} */ epoch, /** @type {number[]} */ v) =>
        t("cmp.normsHover", {
          epoch: fmt(epoch),
          list: RUN_NAMES.slice(0, n)
            .map((r, i) => `${r} ${num(v[2 * i])} → ${num(v[2 * i + 1])}`)
            .join(", "),
        }),
      empty: t("chart.empty"),
      yTitle: t("chart.normAxis"),
    });
  });
  setLabel($("chart-cmp-norms"), t("cmp.normsChartAlt", { n: fmt(n) }));
}

/** The margin chart's range of y·z, and its losses' curves (from the engine, once). */
export const MARGIN = { from: -2, to: 3, n: 101 };
/** @type {Record<string, Float64Array>} */
export const lossCurves = {};

/**
 * Lesson 8's chart: each compared run's loss against the margin y·z, in the run's colour and
 * marker, with the 0–1 loss (1 when the point is on the wrong side) as the grey reference. Shown
 * when the runs on screen use at least two losses. Why the boundaries differ reads off it: the
 * perceptron loss is 0 for every y·z ≥ 0, hinge only from y·z ≥ 1, cross-entropy never.
 */
function drawMarginChart() {
  const runs = [app.config, ...(app.compare?.runs ?? []).map((r) => ({ ...app.config, ...r }))];
  const losses = runs.map((r) => (r.model === "mlp" ? r.loss : (modelInfo(r.model).loss ?? r.loss)));
  const shown = new Set(losses).size >= 2 && losses.every((l) => lossCurves[l]);
  $("chart-margin").closest("[data-chart]").hidden = !shown;
  if (!shown) return;
  const { from, to, n } = MARGIN;
  const zeroOne = Float64Array.from({ length: n }, (_, i) => (from + ((to - from) * i) / (n - 1) < 0 ? 1 : 0));
  const curve = new Float64Array(n * (runs.length + 1));
  losses.forEach((l, k) => curve.set(lossCurves[l], k * n));
  curve.set(zeroOne, runs.length * n);
  const k = runs.length;
  drawCurves(
    $("chart-margin"),
    curve,
    from,
    to,
    [...RUN_COLOURS.slice(0, k), TEST_GREY],
    {
      tick: (/** @type {number} */ v) => fmtSig(v, 2),
      // The run's colour and marker name it; the loss's short name fits five in a row.
      series: [...losses.map((l) => t(`lossShort.${l}`)), t("lossShort.zeroOne")],
      shapes: [...RUN_SHAPES.slice(0, k), null],
      dashes: [...losses.map(() => false), true],
      fixed: [0, 4],
      xTitle: "y·z",
      yTitle: t("chart.lossAxis"),
    },
    k + 1,
  );
  setLabel($("chart-margin"), t("chart.marginAlt", { list: losses.map((l) => t(`loss.${l}`)).join(", ") }));
}

/** @type {{ name: string, curve: Float64Array } | null} */
let activationCurve = null;

/** The activation the plot shows: the MLP's hidden one, or the single neuron's output. */
export function plottedActivation() {
  return app.config.model === "mlp" ? app.config.activation : modelInfo(app.config.model).output;
}

/** Shows a new activation curve (f then f′ at evenly spaced z in [−5, 5]). */
export function setActivationCurve(/** @type {{ name: string, curve: Float64Array }} */ c) {
  activationCurve = c;
  drawActivationPlot();
}

export function drawActivationPlot() {
  if (!activationCurve) return;
  drawCurves($("chart-activation"), activationCurve.curve, -5, 5, TRAIN_TEST, {
    tick: (v) => fmtSig(v, 2),
    series: [t("chart.f"), t("chart.df")],
    xTitle: "z",
  });
  $("chart-activation").setAttribute(
    "aria-label",
    t("chart.actAlt", { name: t(`activation.${activationCurve.name}`) }),
  );
}

/**
 * Why every gradient of the last batch is exactly 0: the batch's points all satisfy the loss
 * (the margin losses reach exactly 0 — nothing left to learn), or the units are dead.
 * @param {any} f a frame @param {(key: string) => string} t
 */
export function zeroGradientText(f, t) {
  return f.metrics.trainLoss === 0 ? t("chart.allZeroLoss") : t("chart.allZero");
}

/** Boundaries a one-neuron model left behind, oldest first, for the map's fading lines. */
const GHOSTS = 8;
let ghosts = /** @type {number[][]} */ ([]);
let lastLine = /** @type {number[] | null} */ (null);
let lastSeen = -1;

/**
 * Keeps the last GHOSTS boundaries of a one-neuron model (w₁, w₂, b), one per frame that trained
 * samples; a reset or a new run (fewer samples seen) starts over. None for a net with hidden
 * layers, whose boundary is no line, nor in a replay.
 */
function boundaryGhosts() {
  const f = app.frame;
  const layer = f?.weights?.layers?.[0];
  if (!layer || modelInfo(app.config.model).hidden || app.replay !== null || layer.w.length !== 1) {
    ghosts = [];
    lastLine = null;
    lastSeen = -1;
    return ghosts;
  }
  const line = [layer.w[0][0], layer.w[0][1], layer.b[0]];
  if (f.samplesSeen < lastSeen) ghosts = [];
  else if (f.samplesSeen > lastSeen && lastLine) ghosts = [...ghosts, lastLine].slice(-GHOSTS);
  if (f.samplesSeen !== lastSeen) lastLine = line;
  lastSeen = f.samplesSeen;
  return ghosts;
}

export function drawView() {
  if (!app.frame) return;
  dataView.ghosts = boundaryGhosts();
  // Runs that differ only in their loss share a model, so their boundaries compare on one map
  // (lesson 8); drawn in ink, each run with its own dash, as the legend under the map says.
  const lossesOnly = app.compare?.runs.length && app.compare.runs.every((r) => Object.keys(r).join() === "loss");
  dataView.others = lossesOnly
    ? (app.frame.compared ?? []).flatMap((/** @type {any} */ c, /** @type {number} */ i) =>
        c.grid ? [{ grid: c.grid, dash: RUN_DASHES[i + 1] }] : [],
      )
    : [];
  const key = $("others-legend");
  const text = dataView.others.length
    ? t("view.othersLegend", {
        list: dataView.others.map((_, i) => `${RUN_NAMES[i + 1]} ${RUN_DASH_TEXT[i + 1]}`).join(", "),
      })
    : "";
  if (key.textContent !== text) key.textContent = text;
  key.hidden = !text;
  dataView.discretize = app.state.discretize;
  dataView.selected = app.selectedPoint;
  dataView.setGrid(app.frame.grid, GRID_RES);
  dataView.draw();
  if (!legendLater) {
    // What the map's colour is, for this model's output: only a sigmoid gives a probability.
    const out = outputActivation(app.config, modelInfo(app.config.model));
    dataView.drawLegend(t(`view.legend.${out}`), legendTick(out, fmt));
  }
  const pts = dataView.points;
  const test = pts.isTest.reduce((s, v) => s + v, 0);
  $("view").setAttribute(
    "aria-label",
    t("view.alt", { train: fmt(pts.label.length - test), test: fmt(test), acc: pct(app.frame.metrics.trainAccuracy) }),
  );
}

/** The read-out of the keyboard crosshair at (x, y): the model's output there (from the last
 * frame's grid) and the point nearest to it, which Delete and I act on. */
export function crosshairText(/** @type {number} */ x, /** @type {number} */ y) {
  const res = GRID_RES;
  const cell = (/** @type {number} */ u) => Math.min(res - 1, Math.max(0, Math.floor(u * res)));
  const p = app.frame?.grid
    ? app.frame.grid[cell((viewHalf - y) / (2 * viewHalf)) * res + cell((x + viewHalf) / (2 * viewHalf))]
    : NaN;
  const i = dataView.nearest(x, y);
  const pts = dataView.points;
  const nearest =
    i < 0
      ? t("view.noPoints")
      : t("view.nearest", {
          i,
          y: pts.label[i] > 0 ? "+1" : "−1",
          set: t(pts.isTest[i] ? "insp.test" : "insp.train"),
          d: fmtSig(Math.hypot(pts.x[2 * i] - x, pts.x[2 * i + 1] - y), 2),
        });
  return t("view.cursor", { x1: fmtSig(x, 3), x2: fmtSig(y, 3), p: Number.isNaN(p) ? "–" : fmtSig(p, 2), nearest });
}

/** One line about a point's trace, for the status line when the user picks a point. */
export function inspectSummary(/** @type {any} */ trace) {
  if (!trace) return t("insp.cleared");
  return t("insp.summary", {
    i: trace.index,
    set: t(trace.test ? "insp.test" : "insp.train"),
    y: trace.label > 0 ? "+1" : "−1",
    a: num(trace.output),
    pred: trace.prediction > 0 ? "+1" : "−1",
    verdict: t(trace.mistake ? "insp.wrong" : "insp.right"),
  });
}

function hiddenActivations() {
  if (app.config.model !== "mlp") return [];
  return app.config.hidden.map(
    (/** @type {number} */ _, /** @type {number} */ i) => app.config.activations?.[i] ?? app.config.activation,
  );
}

function drawNetwork() {
  if (!app.frame?.weights || networkLater) return;
  inputMaps ??= inputGrids(UNIT_RES, viewHalf);
  network.update({
    weights: app.frame.weights,
    inputs: inputMaps,
    neurons: app.frame.neurons,
    res: UNIT_RES,
    output: app.frame.grid,
    outputRes: GRID_RES,
    activations: hiddenActivations(),
  });
  drawSelectedUnit();
}

function drawSelectedUnit() {
  const box = $("unit-view");
  if (!app.selectedUnit || !app.frame) {
    if (!box.hidden) box.hidden = true;
    return;
  }
  const [l, j] = app.selectedUnit;
  const sizes = app.frame.sizes;
  const canvas = $("unit-map");
  let values,
    offset = 0,
    res = UNIT_RES,
    scale = 1;
  if (l === 0) {
    values = inputMaps;
    offset = j * res * res;
    scale = viewHalf;
  } else if (l === sizes.length - 1) {
    res = GRID_RES;
    values = Float32Array.from(app.frame.grid, (p) => 2 * p - 1);
  } else {
    const k = sizes.slice(1, l).reduce((s, n) => s + n, 0) + j;
    values = app.frame.neurons;
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
  app.selectedUnit = app.selectedUnit && app.selectedUnit[0] === l && app.selectedUnit[1] === j ? null : [l, j];
  for (const b of $("network").querySelectorAll(".unit")) {
    b.setAttribute(
      "aria-pressed",
      String(
        app.selectedUnit !== null &&
          +b.dataset.layer === app.selectedUnit[0] &&
          +b.dataset.unit === app.selectedUnit[1],
      ),
    );
  }
  drawSelectedUnit();
}

function drawCounters() {
  if (!app.frame) return;
  const m = app.frame.metrics;
  setText($("n-epoch"), fmt(app.frame.epoch));
  setText($("n-iteration"), fmt(app.frame.iteration));
  setText($("n-samples"), fmt(app.frame.samplesSeen));
  setText($("n-per-epoch"), fmt(app.frame.iterationsPerEpoch));
  setText($("m-trainLoss"), num(m.trainLoss));
  setText($("m-testLoss"), m.testLoss === null ? "–" : num(m.testLoss));
  setText($("m-trainAcc"), pct(m.trainAccuracy));
  setText($("m-testAcc"), m.testAccuracy === null ? "–" : pct(m.testAccuracy));
  const n = dataView.points.label.length - dataView.points.isTest.reduce((s, v) => s + v, 0);
  setText(
    $("counter-sentence"),
    t("counter.sentence", {
      batch: fmt(app.frame.batchSize),
      iterations: fmt(app.frame.iterationsPerEpoch),
      n: fmt(n),
    }),
  );
  setText(
    $("counter-progress"),
    t("counter.progress", {
      done: fmt(app.frame.epochProgress),
      n: fmt(n),
      inBatch: fmt(app.frame.batchProgress),
      batch: fmt(app.frame.batchSize),
    }),
  );
  // The step: how far the last update moved the weights. For plain gradient descent it is the
  // learning rate times the gradient's size (the weights' gradient over all layers, √Σ‖g_l‖²);
  // other optimizers scale each weight's step themselves, so only their name is given.
  const g = app.frame.gradientNorms;
  const size = g && app.frame.iteration > 0 ? Math.sqrt(Array.from(g).reduce((s, v) => s + v * v, 0)) : null;
  setText(
    $("counter-step"),
    app.config.optimizer !== "sgd"
      ? t("counter.stepOther", { optimizer: t(`optimizer.${app.config.optimizer}`) })
      : size === null
        ? t("counter.stepNone")
        : t("counter.step", {
            lr: fmt(app.config.learningRate),
            g: fmtSig(size, 3),
            step: fmtSig(app.config.learningRate * size, 3),
          }),
  );
  const div = $("diverged");
  if (div.hidden !== !m.divergence) div.hidden = !m.divergence;
  if (m.divergence) setText($("diverged-text"), divergenceText(m.divergence));
}

/** Shows one point's trace, or the hint when no point is selected. */
export function drawInspector(/** @type {any} */ trace) {
  const box = $("inspector");
  if (!trace) {
    box.replaceChildren(Object.assign(document.createElement("p"), { className: "hint", textContent: t("insp.none") }));
    return;
  }
  renderTrace(box, trace, {
    num,
    unitName,
    point: (i, x1, x2, y, test) =>
      t("insp.point", { i, x1, x2, y: y > 0 ? "+1" : "−1", set: t(test ? "insp.test" : "insp.train") }),
    step1: t("insp.step1"),
    step2: t("insp.step2"),
    step3: t("insp.step3"),
    step4: t("insp.step4"),
    unit: t("insp.unit"),
    param: t("insp.param"),
    value: t("insp.value"),
    grad: t("insp.grad"),
    update: t("insp.update"),
    sum: (terms, z) => t("insp.sum", { terms, z }),
    activation: (name) => t(`activation.${name}`),
    output: (a, score, pred, y, wrong) =>
      t("insp.output", {
        a,
        score,
        pred: pred > 0 ? "+1" : "−1",
        y: y > 0 ? "+1" : "−1",
        verdict: t(wrong ? "insp.wrong" : "insp.right"),
      }),
    loss: (name, loss) => t("insp.loss", { name, loss }),
    lossName: (name) => t(`loss.${name}`),
    noUpdate: t("insp.noUpdate"),
  });
  box.dataset.index = String(trace.index);
}

/** Draws everything, every frame: each view costs a few ms at most (the network's links are
 * rasterised in their own worker, its texts written only when they change), so the network and
 * the charts follow the run as the map does rather than in bursts that drop frames. */
export function drawAll() {
  drawView();
  drawCounters();
  drawNetwork();
  drawCharts();
  app.compare?.draw(app.frame);
}

/** Layer sizes whose network is laid out after the first frame is on screen (see rebuildNetwork). */
/** @type {number[] | null} */
let networkLater = null;
/** The map's legend starts below the window: drawn after the first frame too. */
let legendLater = false;

/** On a load: the views below the window are drawn once the first frame is on screen. */
export function drawBelowLater() {
  legendLater = belowFold($("view-legend"));
}

/**
 * Lays the network view out for new layer sizes. With `later` (the page's first frame, when the
 * network's panel starts below the window) it is laid out and drawn once that frame has been
 * painted, by `networkNow`: its 15–25 ms are not spent before the first thing the user sees.
 */
export function rebuildNetwork(/** @type {number[]} */ sizes, later = false) {
  networkLater = later ? sizes : null;
  if (later) return;
  app.selectedUnit = null;
  network.build(sizes, networkLabels);
  $("network").setAttribute("aria-label", t("net.alt", { sizes: sizes.join("-") }));
}

/** Lays out and draws what was left for later (the network, the legend); resolves once done. */
export function networkNow() {
  return new Promise((done) =>
    // A timer set in an animation frame fires after that frame's paint.
    requestAnimationFrame(() =>
      setTimeout(() => {
        if (networkLater) {
          rebuildNetwork(networkLater);
          drawNetwork();
        }
        if (legendLater) {
          legendLater = false;
          drawView();
        }
        done(undefined);
      }),
    ),
  );
}

/** Whether `el` starts below the window (nothing of it on screen). */
export function belowFold(/** @type {Element} */ el) {
  return el.getBoundingClientRect().top >= innerHeight;
}
