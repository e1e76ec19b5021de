// The gradient-descent lab's page controller. It owns the Run (the wasm objects built from the
// current state), the state mirrored in the URL hash and the animation loop, and wires the
// page's controls to them. The hash schema and lessons are in descent-state.js, the wasm
// objects in descent-run.js, the canvases in descent-maps.js, the page's text in descent-panels.js.
import { t, fmt, fmtSig, setLanguage, initialLanguage, onLanguage, language } from "../shared/i18n.js";
import { readNumber, kindOptions } from "./views/editor.js";
import {
  KINDS, MAX_RACERS, MAX_STARTS, racerDefaults, baseOf, readHash, formatState, racersOf, setRacers, startsOf, startStep,
} from "./state.js";
import { loadEngine, Run, finished, stepsOf } from "./run.js";
import { MapSlot } from "./maps.js";
import { renderFrame, renderControls, renderEditorPanel, renderLesson, fillSpeeds } from "./panels.js";

const $ = (id) => document.getElementById(id);
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

let INFO = {}; // the engine's surfaces by name
let state = null;
let lastGood = null; // the last state the engine accepted
let run = null;
const notice = { ignored: [], engineError: null };
let playing = false;
let timer = 0;
let lastTime = 0;
let carry = 0;
let lastStatus = null;
let loading = false;
let mapsWidth = 0;

/** The two map slots of the page; the second one shows only when comparing learning rates. */
const slots = [0, 1].map((i) => new MapSlot(i, {
  point: (x, y) => {
    const text = cursorText(x, y);
    $("cursor").textContent = text;
    return text;
  },
  pick: setStartAt,
  home: () => run.starts[0],
  redraw: () => drawMaps(run.snapshot()),
}));

// ---- The run and its drawing -----------------------------------------------------------------

/** Builds the wasm objects for the state; on an engine error, goes back to the last good one. */
function rebuild() {
  const grid = run?.grid;
  run?.free();
  run = null;
  try {
    run = new Run(state, INFO, grid);
    notice.engineError = null;
    lastGood = structuredClone(state);
  } catch (e) {
    notice.engineError = e.message;
    state = structuredClone(lastGood ?? baseOf(state));
    run = new Run(state, INFO, grid);
  }
}

function writeHash() {
  state.lang = language();
  const hash = formatState(state);
  if (hash !== location.hash) history.replaceState(null, "", hash === "#" ? location.pathname : hash);
}

function cursorText(x, y) {
  const { value, gradient } = run.valueAt(x, y);
  return t(run.model ? "descent.cursorModel" : "descent.cursor", {
    x: fmtSig(x, 3), y: fmtSig(y, 3), f: fmtSig(value, 4), gx: fmtSig(gradient[0], 3), gy: fmtSig(gradient[1], 3),
  });
}

function drawMaps(snap) {
  // The model starts where its seed puts the weights: the first point of its path.
  const starts = run.model ? [[snap[0].path[0], snap[0].path[1]]] : run.starts;
  const labels = run.model ? { x: t("descent.axisW1"), y: t("descent.axisW2") } : { x: t("descent.axisX"), y: t("descent.axisY") };
  const format = (v) => fmt(v, { maximumFractionDigits: 2 });
  for (const m of run.maps) slots[m.index].draw(run.grid, starts, snap.filter((e) => e.map === m.index), labels, format);
}

/** Redraws everything that changes while the run plays. */
function render() {
  const snap = run.snapshot();
  drawMaps(snap);
  renderFrame(state, run, snap, slots);
  $("step-count").textContent = fmt(stepsOf(snap));
  return snap;
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
    run.advance(n);
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
  if (finished(run.snapshot())) {
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
  say(message, { steps: fmt(stepsOf(run.snapshot())) });
}

const toggle = () => (playing ? pause() : play());

function stepOnce() {
  if (playing) setPlaying(false);
  if (finished(run.snapshot())) {
    say("descent.statusAllStopped");
    return;
  }
  run.advance(1);
  const snap = render();
  say(finished(snap) ? "descent.statusFinished" : "descent.statusStep", { steps: fmt(stepsOf(snap)) });
}

function resetRun(message = "descent.statusReset") {
  setPlaying(false);
  run.reset();
  render();
  say(message);
}

/** Applies a changed state: new wasm objects, controls, hash, a fresh drawing. */
function commit(message = "descent.statusChanged", params = {}) {
  setPlaying(false);
  rebuild();
  writeHash();
  for (const m of slots) m.relayout();
  renderControls(state, run, slots, notice);
  render();
  $("cursor").textContent = t("descent.cursorIdle");
  if (message) say(message, params);
}

function loadFromHash() {
  setPlaying(false);
  const parsed = readHash(location.hash, INFO);
  state = parsed.state;
  notice.ignored = parsed.ignored;
  lastGood = null;
  // A link without a language (a lesson link, say) keeps the one in use; the language listener
  // waits until the new state has been built.
  loading = true;
  setLanguage(state.lang ?? language(), { save: false });
  loading = false;
  $("add-starts").checked = startsOf(state, INFO).length > 1;
  commit(null);
  say(null);
}

// ---- Events ----------------------------------------------------------------------------------

function setStartAt(x, y) {
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
  if (crossed.length) {
    $("cursor").textContent = cursorText(q[0], q[1]);
    drawMaps(run.snapshot());
  }
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
  renderLesson(state);
});
$("clear-starts").addEventListener("click", () => {
  state.start = [...run.starts[0]];
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
    const b = run.info.box;
    const msg = t("descent.errStart", { xmin: fmt(b[0]), xmax: fmt(b[1]), ymin: fmt(b[2]), ymax: fmt(b[3]) });
    const x = readNumber($("start-x"), $("start-error"), (v) => v >= b[0] && v <= b[1], msg);
    const y = x === null ? null : readNumber($("start-y"), $("start-error"), (v) => v >= b[2] && v <= b[3], msg);
    if (x === null || y === null) return;
    const starts = [[x, y], ...run.starts.slice(1)];
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
    setRacers(state, list);
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
    setRacers(state, list);
  }
  commit();
});
$("racers").addEventListener("click", (e) => {
  const b = e.target.closest("button[data-remove]");
  if (!b) return;
  const list = racersOf(state);
  list.splice(Number(b.dataset.remove), 1);
  setRacers(state, list);
  commit();
  $("add-kind").focus();
});
$("add-racer").addEventListener("click", () => {
  const list = racersOf(state);
  if (list.length >= MAX_RACERS) return;
  list.push(racerDefaults($("add-kind").value));
  setRacers(state, list);
  commit();
});

$("lang").addEventListener("change", (e) => setLanguage(e.target.value));
onLanguage(() => {
  if (!state || loading) return;
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
  drawMaps(run.snapshot());
}).observe($("maps"));

// ---- Start -----------------------------------------------------------------------------------

setLanguage(initialLanguage(new URLSearchParams(location.hash.slice(1)).get("lang")), { save: false });
$("add-kind").replaceChildren(...kindOptions(t, KINDS));
fillSpeeds(state);
try {
  INFO = await loadEngine();
  loadFromHash();
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
