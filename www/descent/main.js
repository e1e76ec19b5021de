// The gradient-descent lab's page controller: the only module that talks to the engine (the
// lab's races, or lesson 15's Trainer, in the Web Worker through LabEngine). It owns the state
// mirrored in the URL hash, the run's view and the animation loop, and wires the page's controls
// to them. The hash schema and lessons are in state.js, the run's spec in run.js, the canvases
// in maps.js, the page's text in panels.js.
import { LabEngine, startWorker } from "../engine/remote.js";
import { t, fmt, fmtSig, setLanguage, initialLanguage, onLanguage, language } from "../shared/i18n.js";
import { $, bindShortcuts, fillOptions, applyRange, refocus, wireSkipLinks } from "../shared/dom.js";
import { errorText } from "../shared/errors.js";
import { setText } from "../shared/write.js";
import { replaceHash } from "../shared/hash.js";
import { wireNotice, showLoadFailure, notify } from "../shared/notice.js";
import { wireShare } from "../shared/share.js";
import { markInput, numberOf, kindOptions } from "./views/editor.js";
import {
  init,
  KINDS,
  MAX_RACERS,
  MAX_STARTS,
  ENGINE_NAME,
  racerDefaults,
  baseOf,
  readHash,
  formatState,
  racersOf,
  setRacers,
  startsOf,
  startStep,
} from "./state.js";
import { specOf, attach, finished, stepsOf, divergedState } from "./run.js";
import { MapSlot } from "./maps.js";
import { COLOURS, DASHES } from "./views/surface.js";
import { LossChart } from "./views/losschart.js";
import { DecisionScatter } from "./views/scatter.js";
import { floorOf, gaps } from "./progress.js";
import { SurfaceView } from "./views/surface3d.js";
import { renderFrame, renderControls, renderEditorPanel, renderLesson, fillSpeeds, fText } from "./panels.js";

const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
/** The page (engine/boot.js) may have started the worker already. */
const page = /** @type {any} */ (window);
const lab = new LabEngine((page.__engineWorker ??= startWorker()));

/** @type {any} the hash state */
let state = null;
/** @type {any} the last state the engine accepted */
let lastGood = null;
/** @type {import("./run.js").RunView} the run as the page draws it */
let run = /** @type {any} */ (null);
/** @type {any[]} the latest snapshot from the engine */
let snap = [];
/** @type {{ ignored: any[], engineError: any }} */
const notice = { ignored: [], engineError: null };
let playing = false;
let timer = 0;
let lastTime = 0;
let carry = 0;
/** A step is on its way to the worker and back. */
let busy = false;
/** Engine requests not yet answered; the page says `data-busy` while there are any. */
let pending = 0;

/** Runs `f` as one engine request, and marks the page busy until it is answered. */
async function request(/** @type {() => Promise<void>} */ f) {
  pending++;
  document.body.dataset.busy = "true";
  try {
    await f();
  } finally {
    if (--pending === 0) document.body.dataset.busy = "false";
  }
}
/** @type {{ key: string, params: Record<string, any> } | null} */
let lastStatus = null;
let loading = false;
let mapsWidth = 0;

/** The two map slots of the page; the second one shows only when comparing learning rates. */
const slots = [0, 1].map(
  (i) =>
    new MapSlot(i, {
      point: async (/** @type {number} */ x, /** @type {number} */ y) => {
        hoverAt([x, y]);
        const text = await cursorText(x, y);
        $("cursor").textContent = text;
        return text;
      },
      read: (/** @type {number} */ x, /** @type {number} */ y) => {
        hoverAt([x, y]);
        return cursorText(x, y);
      },
      pick: setStartAt,
      home: () => run.starts[0],
      redraw: () => drawMaps(),
    }),
);

/** The loss-vs-step chart under the maps, and lesson 15's data-space view beside its map. */
const chart = new LossChart(/** @type {HTMLCanvasElement} */ ($("loss-chart")));
const scatter = new DecisionScatter(/** @type {HTMLCanvasElement} */ ($("scatter")));
/** @type {number[] | null} the (w₁, w₂) under the pointer or the crosshair on lesson 15's map */
let hover = null;
function hoverAt(/** @type {number[] | null} */ w) {
  hover = w;
  if (run?.model) drawScatter();
}
for (const m of slots)
  for (const type of ["pointerleave", "blur"]) m.canvas.addEventListener(type, () => hoverAt(null));

/** The 3D view of the surface under the maps, with every map's paths; its caption says when it has no WebGL2. */
const view3d = new SurfaceView($("view3d"), $("view3d-overlay"));
$("view3d-fallback").hidden = view3d.renderer !== "2d";

// ---- The run and its drawing -----------------------------------------------------------------

/** Where each field of the engine's config is edited on the page, for its error line. */
function errorLine(/** @type {any} */ e) {
  const f = String(e?.field ?? "");
  const racer = f.match(/^optimizers\[(\d+)\]\.(\w+)$/);
  if (racer) {
    const param = Object.keys(ENGINE_NAME).find((k) => ENGINE_NAME[k] === racer[2]);
    return { line: $(`racer-error-${racer[1]}`), input: param ? $(`${param}-${racer[1]}`) : null };
  }
  if (f.startsWith("start")) return { line: $("start-error"), input: $("start-x") };
  if (f === "maxSteps") return { line: $("budget-error"), input: $("budget") };
  if (f === "seed" || f === "batchSize") return { line: $("model-error"), input: $(f === "seed" ? "seed" : "batch") };
  return null;
}

function clearFieldErrors() {
  for (const id of ["start-error", "budget-error", "model-error"]) $(id).hidden = true;
  for (const el of document.querySelectorAll("#racers .field-error")) /** @type {HTMLElement} */ (el).hidden = true;
  for (const el of document.querySelectorAll("[aria-invalid=true]")) markInput(el, $("start-error"), null);
}

/**
 * On a load, the hash's run is asked for as soon as the schemas are in, and the page wires its
 * controls while the worker builds it (see `start`); `rebuild` takes that answer when its spec
 * is the same.
 * @type {{ key: string, reply: Promise<any> } | null}
 */
let prefetched = null;

/** Builds the engine's objects for the state; on an engine error goes back to the last good one. */
async function rebuild() {
  let view = specOf(state);
  const key = JSON.stringify(view.spec);
  const early = prefetched?.key === key ? prefetched.reply : null;
  prefetched = null;
  try {
    const { grid, snapshot } = await (early ?? lab.build(view.spec));
    view.grid = grid ?? run?.grid;
    notice.engineError = null;
    lastGood = structuredClone(state);
    snap = attach(snapshot, view);
  } catch (e) {
    notice.engineError = e;
    state = structuredClone(lastGood ?? baseOf(state));
    view = specOf(state);
    const { grid, snapshot } = await lab.build(view.spec);
    view.grid = grid ?? run?.grid;
    snap = attach(snapshot, view);
  }
  run = view;
}

function writeHash() {
  state.lang = language();
  replaceHash(formatState(state));
}

async function cursorText(/** @type {number} */ x, /** @type {number} */ y) {
  const { value, gradient } = await lab.valueAt(x, y);
  return t(run.model ? "descent.cursorModel" : "descent.cursor", {
    x: fmtSig(x, 3),
    y: fmtSig(y, 3),
    f: fmtSig(value, 4),
    gx: fmtSig(gradient[0], 3),
    gy: fmtSig(gradient[1], 3),
  });
}

function drawMaps() {
  // The model starts where its seed puts the weights: the first point of its path.
  const starts = run.model ? [[snap[0].path[0], snap[0].path[1]]] : run.starts;
  const labels = run.model
    ? { x: t("descent.axisW1"), y: t("descent.axisW2") }
    : { x: t("descent.axisX"), y: t("descent.axisY") };
  const format = (/** @type {number} */ v) => fmt(v, { maximumFractionDigits: 2 });
  // Where a surface has several minima (lesson 11's basins), each is labelled with its depth.
  const depths = run.grid.minimaValues ?? [];
  const minimumLabels =
    !run.model && depths.length > 1
      ? depths.map((/** @type {number} */ v) => t("descent.minimumLabel", { f: fText(v) }))
      : [];
  for (const m of run.maps)
    slots[m.index].draw(
      run.grid,
      starts,
      snap.filter((e) => e.map === m.index),
      labels,
      format,
      minimumLabels,
    );
  view3d.draw(
    run.grid,
    snap.map((e) => ({
      xy: e.path,
      colour: e.racer.colour,
      shape: e.racer.shape,
      rank: COLOURS.indexOf(e.racer.colour),
      diverged: divergedState(e.status.state),
    })),
    {
      ...labels,
      f: t(run.model ? "descent.colLossModel" : "descent.colLoss"),
      format,
      formatValue: (/** @type {number} */ v) => fmtSig(v, 3),
    },
  );
}

/**
 * The loss chart: for a surface, f − f_min on a log axis (f_min its lowest known minimum, so
 * the negative minima of lesson 11 plot too, and "how close to the bottom" reads the same on
 * every surface); for the model, the loss itself (cross-entropy is positive, and its minimum is
 * known only as the grid's lowest value).
 */
function drawChart() {
  const fMin = floorOf(run.grid);
  const lines = snap.map((e) => ({
    key: `${e.map}:${e.start}:${e.racerIndex}`,
    values: run.model ? (e.losses ?? []) : gaps(e.losses ?? [], fMin),
    colour: e.racer.colour,
    shape: e.racer.shape,
    dash: DASHES[e.start] ?? [],
    diverged: divergedState(e.status.state),
    rank: COLOURS.indexOf(e.racer.colour),
  }));
  chart.draw({
    lines,
    steps: state.steps,
    labels: { x: t("descent.chartX"), y: t(run.model ? "descent.chartYModel" : "descent.chartY") },
    formatStep: (/** @type {number} */ n) => fmt(n),
  });
  const note = run.model ? t("descent.chartNoteModel") : t("descent.chartNote", { fmin: fText(fMin) });
  $("chart-note").textContent = note;
  $("loss-chart").setAttribute("aria-label", `${t("descent.chartHeading")}. ${note}`);
}

/** Lesson 15's scatter: the line of the path's current weights, and of the weights under the pointer. */
function drawScatter() {
  if (!run.model || !run.grid?.points) return;
  const p = snap[0]?.path;
  const current = p && p.length >= 2 ? [p[p.length - 2], p[p.length - 1]] : null;
  scatter.draw({ points: run.grid.points, bias: run.grid.bias ?? 0, current, hover, colour: snap[0].racer.colour });
  const line = (/** @type {number[] | null} */ w) =>
    w ? t("descent.scatterLine", { w1: fmtSig(w[0], 3), w2: fmtSig(w[1], 3) }) : "";
  $("scatter").setAttribute(
    "aria-label",
    [t("descent.scatterHeading"), line(current), hover ? t("descent.scatterHover", { line: line(hover) }) : ""]
      .filter(Boolean)
      .join(" "),
  );
}

/** Redraws everything that changes while the run plays. */
function render() {
  drawMaps();
  drawChart();
  drawScatter();
  renderFrame(state, run, snap, slots);
  $("step-count").textContent = fmt(stepsOf(snap));
}

// ---- Playback --------------------------------------------------------------------------------

/** The status line (role=status): kept as a key so that a language switch can redo it. */
function say(/** @type {string | null} */ key, /** @type {Record<string, any>} */ params = {}) {
  lastStatus = key ? { key, params } : null;
  $("status").textContent = key ? t(key, params) : "";
}

function setPlaying(/** @type {boolean} */ on) {
  playing = on;
  const b = $("play");
  b.dataset.i18n = on ? "common.pause" : "common.play";
  b.textContent = t(b.dataset.i18n);
  document.body.dataset.playing = String(on);
  clearTimeout(timer);
  cancelAnimationFrame(timer);
}

function schedule() {
  // With reduced motion the map is redrawn once a second, a second's worth of steps at a time.
  if (reducedMotion.matches) timer = setTimeout(() => tick(performance.now()), 1000);
  else timer = requestAnimationFrame(tick);
}

/** Takes `n` steps in the worker and shows them. */
async function advance(/** @type {number} */ n) {
  busy = true;
  try {
    await request(async () => {
      snap = attach(await lab.advance(n), run);
    });
  } finally {
    busy = false;
  }
  render();
}

async function tick(/** @type {number} */ now) {
  if (!playing) return;
  let n = Number(state.speed);
  if (!reducedMotion.matches) {
    const dt = Math.max(0, Math.min(0.25, (now - lastTime) / 1000));
    carry += n * dt;
    n = Math.floor(carry);
    carry -= n;
  }
  lastTime = now;
  if (n > 0 && !busy) {
    await advance(n);
    if (!playing) return;
    if (finished(snap)) {
      setPlaying(false);
      say("descent.statusFinished", { steps: fmt(stepsOf(snap)) });
      return;
    }
  }
  schedule();
}

function play() {
  if (finished(snap)) {
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
  say(message, { steps: fmt(stepsOf(snap)) });
}

const toggle = () => (playing ? pause() : play());

/** One step; steps asked for while others are on their way are taken in turn, none dropped. */
function stepOnce() {
  if (playing) setPlaying(false);
  queue = queue.then(async () => {
    if (finished(snap)) {
      say("descent.statusAllStopped");
      return;
    }
    await advance(1);
    say(finished(snap) ? "descent.statusFinished" : "descent.statusStep", { steps: fmt(stepsOf(snap)) });
  });
  return queue;
}

function resetRun(message = "descent.statusReset") {
  setPlaying(false);
  queue = queue.then(() =>
    request(async () => {
      snap = attach(await lab.reset(), run);
      render();
      say(message);
    }),
  );
  return queue;
}

/** Changes are applied one after another, in the order they were made. */
let queue = Promise.resolve();

/** Applies a changed state: new engine objects, controls, hash, a fresh drawing. */
function commit(message = "descent.statusChanged", /** @type {Record<string, any>} */ params = {}) {
  setPlaying(false);
  document.body.dataset.busy = "true";
  queue = queue.then(() =>
    request(async () => {
      await rebuild();
      writeHash();
      for (const m of slots) m.relayout();
      renderControls(state, run, slots, notice);
      clearFieldErrors();
      const where = notice.engineError && errorLine(notice.engineError);
      if (where) {
        where.line.textContent = errorText(notice.engineError);
        where.line.hidden = false;
        if (where.input) markInput(where.input, where.line, errorText(notice.engineError));
      }
      render();
      // A live line: written only when its text changes, so that an edit is not read out twice.
      setText($("cursor"), t("descent.cursorIdle"));
      if (message) say(message, params);
    }),
  );
  return queue;
}

async function loadFromHash() {
  setPlaying(false);
  const parsed = readHash(location.hash);
  state = parsed.state;
  notice.ignored = parsed.ignored;
  lastGood = null;
  // A link without a language (a lesson link, say) keeps the one in use; the language listener
  // waits until the new state has been built.
  loading = true;
  setLanguage(state.lang ?? language(), { save: false });
  loading = false;
  $("add-starts").checked = startsOf(state).length > 1;
  await commit("");
  say(null);
}

// ---- Events ----------------------------------------------------------------------------------

function setStartAt(/** @type {number} */ x, /** @type {number} */ y) {
  if (run.model) {
    say("descent.modelNoStart");
    return;
  }
  const step = startStep(run.info.box);
  const q = [x, y].map((v) => Number((Math.round(v / step) * step).toFixed(6)));
  if ($("add-starts").checked) {
    const starts = [...run.starts, q];
    while (starts.length > MAX_STARTS) starts.shift();
    state.start = starts.flat();
    commit("descent.statusStartAdded", { n: starts.length, x: fmt(q[0]), y: fmt(q[1]) });
  } else {
    state.start = q;
    commit("descent.statusStart", { x: fmt(q[0]), y: fmt(q[1]) });
  }
  // A crosshair on show moves to the new start point.
  const crossed = slots.filter((m) => m.cross);
  for (const m of crossed) m.cross = { x: q[0], y: q[1] };
  if (crossed.length)
    queue.then(async () => {
      $("cursor").textContent = await cursorText(q[0], q[1]);
      drawMaps();
    });
}

function wire() {
  bindShortcuts($("lab"), { toggle, step: stepOnce, reset: () => resetRun() });
  wireSkipLinks();
  wireNotice();
  $("play").addEventListener("click", toggle);
  $("step").addEventListener("click", stepOnce);
  $("reset").addEventListener("click", () => resetRun());

  $("surface").addEventListener("change", (/** @type {any} */ e) => {
    state.surface = e.target.value;
    state.start = [];
    $("add-starts").checked = false;
    commit();
  });
  $("pair").addEventListener("change", (/** @type {any} */ e) => {
    state.pair = e.target.checked;
    commit();
  });
  $("speed").addEventListener("change", (/** @type {any} */ e) => {
    state.speed = e.target.value;
    writeHash();
    renderLesson(state);
  });
  $("clear-starts").addEventListener("click", () => {
    state.start = [...run.starts[0]];
    $("add-starts").checked = false;
    commit();
  });

  /** A number typed into `input`; not a number is said beside it, a range the engine checks. */
  const typed = (/** @type {HTMLInputElement} */ input, /** @type {HTMLElement} */ line) => {
    const v = numberOf(input);
    markInput(input, line, v === null ? t("descent.errNumber") : null);
    return v;
  };
  $("budget").addEventListener("change", (/** @type {any} */ e) => {
    const v = typed(e.target, $("budget-error"));
    if (v !== null) {
      state.steps = v;
      commit();
    }
  });
  $("seed").addEventListener("change", (/** @type {any} */ e) => {
    const v = typed(e.target, $("model-error"));
    if (v !== null) {
      state.seed = v;
      commit();
    }
  });
  $("batch").addEventListener("change", (/** @type {any} */ e) => {
    const v = typed(e.target, $("model-error"));
    if (v !== null) {
      state.batch = v;
      commit();
    }
  });
  for (const id of ["start-x", "start-y"]) {
    $(id).addEventListener("change", () => {
      const x = typed($("start-x"), $("start-error"));
      const y = x === null ? null : typed($("start-y"), $("start-error"));
      if (x === null || y === null) return;
      state.start = [[x, y], ...run.starts.slice(1)].flat();
      commit("descent.statusStart", { x: fmt(x), y: fmt(y) });
    });
  }

  $("racers").addEventListener("change", (/** @type {any} */ e) => {
    const el = e.target;
    const i = Number(el.dataset.racer);
    const p = el.dataset.param;
    if (!p) return;
    const list = racersOf(state);
    if (p === "kind") {
      list[i] = { ...racerDefaults(el.value), lr: list[i].lr };
      setRacers(state, list);
      commit();
      return;
    }
    const v = typed(el, $(`racer-error-${i}`));
    if (v === null) return;
    if (p === "lr2") state.lr2 = v;
    else {
      /** @type {any} */ (list[i])[p] = v;
      setRacers(state, list);
    }
    commit();
  });
  $("racers").addEventListener("click", (/** @type {any} */ e) => {
    const b = e.target.closest("button[data-remove]");
    if (!b) return;
    const list = racersOf(state);
    list.splice(Number(b.dataset.remove), 1);
    setRacers(state, list);
    commit().then(() => $("add-kind").focus());
  });
  $("add-racer").addEventListener("click", () => {
    const list = racersOf(state);
    if (list.length >= MAX_RACERS) return;
    list.push(racerDefaults($("add-kind").value));
    setRacers(state, list);
    // The last one allowed disables Add: the focus goes on to the new optimizer's first field.
    const n = list.length;
    commit().then(() => {
      const lost = document.activeElement === document.body || document.activeElement === $("add-racer");
      if ($("add-racer").disabled && lost) refocus($(`kind-${n - 1}`));
    });
  });

  $("lang").addEventListener("change", (/** @type {any} */ e) => setLanguage(e.target.value));
  onLanguage(() => {
    if (!state || loading || !run) return;
    fillSpeeds(state);
    writeHash();
    renderEditorPanel(state, true);
    renderControls(state, run, slots, notice);
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
    if (!run || w === mapsWidth) return;
    mapsWidth = w;
    for (const m of slots) m.relayout();
    drawMaps();
    drawChart();
    drawScatter();
  }).observe($("maps"));
}

// ---- Start -----------------------------------------------------------------------------------

async function start() {
  setLanguage(initialLanguage(new URLSearchParams(location.hash.slice(1)).get("lang")), { save: false });
  const schemas = await lab.schema();
  init(schemas);
  const spec = specOf(readHash(location.hash).state).spec;
  prefetched = { key: JSON.stringify(spec), reply: lab.build(spec) };
  // Its error, if any, is taken (and shown) by `rebuild`.
  prefetched.reply.catch(() => {});
  fillOptions($("surface"), [...schemas.surfaces.map((/** @type {any} */ s) => s.name), "model"], "descent.surface");
  $("add-kind").replaceChildren(...kindOptions(t, KINDS));
  const field = (/** @type {any[]} */ fields, /** @type {string} */ name) => fields.find((f) => f.name === name);
  applyRange($("budget"), field(schemas.race.fields, "maxSteps"));
  applyRange($("seed"), field(schemas.trainer.fields, "seed"));
  applyRange($("batch"), field(schemas.trainer.fields, "batchSize"));
  fillSpeeds(state);
  wire();
  wireShare({
    kind: "lab",
    button: $("share"),
    lesson: () => state?.preset ?? null,
    title: () =>
      t("embed.label", {
        title: state?.preset
          ? t("lesson.option", { n: state.preset, title: t(`lesson.${state.preset}.title`) })
          : t("embed.freeLab"),
      }),
  });
  await loadFromHash();
  $("loading").hidden = true;
  // Navigation to the first drawn maps, for the load benchmark (as on the playground).
  page.__firstFrameMs ??= performance.now();
  document.body.dataset.ready = "true";
  // For the end-to-end tests: how the page shows an engine error.
  page.__lab = {
    showError: (/** @type {any} */ e) =>
      notify(() => t("descent.engineError", { message: errorText(e) }), { error: true }),
    // …and the box [xmin, xmax, ymin, ymax] the maps are drawn over, to read their pixels back.
    box: () => run.grid?.box,
  };
}

start().catch(showLoadFailure);
