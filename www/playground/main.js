// The playground page's controller: the only module that talks to the engine (a Trainer in the
// Web Worker, through PlaygroundEngine). It owns the page state (app.js), the animation loop and
// the URL; controls call its actions, views get typed arrays and text from it.
import { PlaygroundEngine, startWorker } from "../engine/remote.js";
import { t, fmt, initialLanguage, setLanguage, onLanguage } from "../shared/i18n.js";
import { formatHash, defaults, replaceHash, parseValue } from "../shared/hash.js";
import { errorText } from "../shared/errors.js";
import { $, download } from "../shared/dom.js";
import { setText } from "../shared/write.js";
import { showIgnored, showLoadFailure } from "../shared/notice.js";
import {
  Playback,
  stepOptions,
  continuous,
  newPace,
  emptyHistory,
  historyRequest,
  mergeHistory,
} from "../engine/playback.js";
import { wireShare } from "../shared/share.js";
import { wireCode } from "./code-dialog.js";
import { showSampleStep, hideSampleStep } from "./sample-step.js";
import { comparePanel } from "./compare-panel.js";
import { parseCompare, formatCompare } from "./compare.js";
import { hashSchema, lessonState, readState, trainerConfig, encodePoints, decodePoints } from "./state.js";
import { app, GRID_RES, UNIT_RES, modelInfo } from "./app.js";
import {
  initViews,
  dataView,
  network,
  networkLabels,
  num,
  drawAll,
  drawView,
  drawInspector,
  inspectSummary,
  drawActivationPlot,
  setActivationCurve,
  plottedActivation,
  rebuildNetwork,
  networkNow,
  belowFold,
  drawBelowLater,
  lossCurves,
  MARGIN,
} from "./render.js";
import {
  prepareControls,
  wireControls,
  syncControls,
  applyPartsAndLocks,
  showDataError,
  clearDataError,
} from "./controls.js";

const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");
/** The engine worker: started by boot.js as the page began loading, or here. */
/** The page (engine/boot.js) may have started the worker already. */
const page = /** @type {any} */ (window);
const engine = new PlaygroundEngine((page.__engineWorker ??= startWorker()));

function frameOptions(extra = {}) {
  return {
    gridRes: GRID_RES,
    neuronRes: UNIT_RES,
    details: true,
    ...historyRequest(app.history),
    ...app.compare?.options(),
    ...extra,
  };
}

/** Takes a frame of the live run into the page's state: its record entries and the frame itself. */
function accept(/** @type {any} */ f) {
  app.live = f;
  if (app.replay === null) app.frame = f;
  pace.detailsMs = f.detailsMs;
  mergeHistory(app.history, f);
  app.compare?.accept(f);
}

// ---- Replay: the timeline under the counters ---------------------------------------------------
// Scrubbing asks the worker for the views' data of a past epoch (recomputed from its snapshots,
// engine/timeline.js) and shows it in place of the live frame; the live run is not touched, and
// playing or stepping carries on from the run's end.

/** The newest epoch asked for while a replay request is in flight (requests never pile up). */
let replayWanted = -1;
let replayBusy = false;
/** When the timeline was last written while playing (its thumb stays at the end meanwhile). */
let timelineWrittenAt = 0;

/** Writes the timeline's range and label for the live run's frame and the epoch shown. */
function syncTimeline(force = false) {
  const f = app.live;
  if (!f) return;
  const now = performance.now();
  if (app.playing && !force && now - timelineWrittenAt < 250) return;
  timelineWrittenAt = now;
  const r = $("timeline");
  const from = Math.min(f.timelineFrom ?? f.epoch, f.epoch);
  const shown = app.replay ?? f.epoch;
  for (const [k, v] of [
    ["min", from],
    ["max", f.epoch],
  ])
    if (r.getAttribute(k) !== String(v)) r.setAttribute(k, String(v));
  if (r.value !== String(shown)) r.value = String(shown);
  r.disabled = from >= f.epoch && app.replay === null;
  const text =
    app.replay === null
      ? t("replay.live", { epoch: fmt(f.epoch) })
      : t("replay.past", { epoch: fmt(app.replay), last: fmt(f.epoch) });
  setText($("timeline-value"), text);
  if (r.getAttribute("aria-valuetext") !== text) r.setAttribute("aria-valuetext", text);
  document.body.dataset.replay = String(app.replay !== null);
}

/** Shows epoch `k` of the run (its own epoch or later: the live run). */
async function showEpoch(/** @type {number} */ k) {
  if (app.playing) pause();
  await playback.idle();
  if (!app.live || k >= app.live.epoch) return leaveReplay();
  replayWanted = k;
  if (replayBusy) return;
  replayBusy = true;
  try {
    while (replayWanted >= 0) {
      const epoch = replayWanted;
      replayWanted = -1;
      const f = await engine.replay(epoch, { gridRes: GRID_RES, neuronRes: UNIT_RES, details: true });
      if (replayWanted >= 0 || app.live === null) continue;
      app.replay = epoch;
      app.frame = f;
      drawAll();
      syncTimeline(true);
      if (app.selectedPoint >= 0) await inspect(app.selectedPoint);
    }
  } catch (e) {
    say("replay.failed", { error: errorText(e) });
    leaveReplay();
  } finally {
    replayBusy = false;
  }
}

/** Back to the live run's last frame (before anything that changes or advances the run). */
function leaveReplay() {
  replayWanted = -1;
  if (app.replay === null) return syncTimeline(true);
  app.replay = null;
  app.frame = app.live;
  drawAll();
  syncTimeline(true);
  if (app.selectedPoint >= 0) inspect(app.selectedPoint);
}

/** The run starts over: the page's copy of its record too. */
function clearHistory() {
  app.history = emptyHistory();
  app.compare?.clear();
  hideSampleStep();
}

/**
 * Compare mode: the runs beside the page's own are now `next` (the settings each changes; []
 * ends it). Every run starts over, on the same points and seed. A run the engine refuses is
 * left out and its error shown. Returns the refused runs, as hash entries the notice can show.
 * @param {Record<string, any>[]} next
 */
async function applyCompare(next) {
  const resume = app.playing;
  if (app.playing) pause();
  await playback.idle();
  leaveReplay();
  const out = await engine.compare(next);
  const kept = next.filter((_, i) => "config" in out[i]);
  const refused = next.flatMap((run, i) =>
    "error" in out[i] ? [{ key: "cmp", value: formatCompare([run]), reason: "choice", error: out[i].error }] : [],
  );
  app.compare.showError(refused[0]?.error ?? null);
  app.compare.set(kept);
  app.state.cmp = formatCompare(kept);
  clearHistory();
  writeHash();
  await advance({});
  say(kept.length ? "cmp.started" : "cmp.ended", { n: fmt(kept.length + 1) });
  if (resume) play();
  return refused;
}

/** Runs one request for a frame (outside play) and draws it. */
async function advance(/** @type {object} */ options, draw = true) {
  await playback.idle();
  app.busy = true;
  try {
    accept(await engine.frame(frameOptions(options)));
    if (draw) drawAll();
    syncTimeline(true);
    if (!app.playing && app.selectedPoint >= 0) await inspect(app.selectedPoint);
  } finally {
    app.busy = false;
  }
}

function say(/** @type {string} */ key, /** @type {Record<string, any>} */ params = {}) {
  $("status").textContent = t(key, params);
}

function epochsLeft() {
  return app.state.stopEpochs === null ? Infinity : Math.max(0, app.state.stopEpochs - (app.frame?.epoch ?? 0));
}

/** Why the run stops after frame `f` (a status key), or null. */
function stopReason(/** @type {any} */ f) {
  const m = f.metrics;
  if (m.divergence) return "status.diverged";
  if (app.state.stopEpochs !== null && f.epoch >= app.state.stopEpochs) return "status.finishedEpochs";
  if (app.state.stopLoss !== null && m.trainLoss < app.state.stopLoss) return "status.finishedLoss";
  return null;
}

const pace = newPace();
const playback = new Playback({
  request: (options) => engine.frame(frameOptions(options)),
  accept,
  draw: () => {
    drawAll();
    syncTimeline();
  },
  next: () =>
    stepOptions(app.state.speed, epochsLeft(), pace, {
      untilEpoch: app.state.stopEpochs ?? undefined,
      stopLoss: app.state.stopLoss ?? undefined,
    }),
  continuous: () => continuous(app.state.speed),
  stopReason,
  stopped: (reason, error) => {
    if (reason === "error") {
      pause();
      $("control-error").textContent = errorText(error);
      $("control-error").hidden = false;
      return;
    }
    const params =
      reason === "status.finishedLoss"
        ? { loss: num(app.frame.metrics.trainLoss), eps: num(app.state.stopLoss) }
        : { epoch: fmt(app.frame.epoch) };
    pause(reason, params);
  },
});

function setPlayLabel() {
  $("play").dataset.i18n = app.playing ? "common.pause" : "common.play";
  $("play").textContent = t($("play").dataset.i18n);
}

function play() {
  if (app.playing) return;
  leaveReplay();
  if (app.frame?.metrics.divergence) return say("status.diverged");
  if (epochsLeft() === 0) return say("status.finishedEpochs", { epoch: fmt(app.frame.epoch) });
  app.playing = true;
  setPlayLabel();
  say("status.playing");
  // With reduced motion the run trains at its usual pace; only the drawing waits (twice a second).
  playback.play(reducedMotion.matches ? 500 : 0);
}

function pause(key = "status.paused", /** @type {Record<string, any> | undefined} */ params = undefined) {
  if (!app.playing && key === "status.paused") return;
  app.playing = false;
  playback.pause();
  // A result may still be in flight: once it has landed the page shows it, the button turns back
  // to Play and the status says the epoch it stopped at (one announcement, the final epoch).
  playback.idle().then(() => {
    if (app.playing) return;
    setPlayLabel();
    drawAll();
    syncTimeline(true);
    say(key, params ?? { epoch: fmt(app.frame?.epoch ?? 0) });
    if (app.selectedPoint >= 0) inspect(app.selectedPoint);
  });
}

async function step(/** @type {string} */ kind) {
  if (app.playing) pause();
  if (app.busy) return;
  leaveReplay();
  // One sample of a one-neuron model: its three steps are shown, with the weights the step
  // actually left, and the point is ringed on the map (lesson 1).
  const single = kind === "samples" && !modelInfo(app.config.model).hidden;
  const watched = single ? await engine.nextSample() : null;
  const before = watched === null ? null : await engine.trace(watched);
  await advance({ [kind]: 1 });
  if (watched !== null && before) {
    app.selectedPoint = watched;
    const after = await engine.trace(watched);
    showSampleStep(watched, before, after, app.config.model, app.config.learningRate, app.frame.samplesSeen);
    drawView();
    await inspect(watched);
  } else hideSampleStep();
  say("status.stepped", {
    epoch: fmt(app.frame.epoch),
    iteration: fmt(app.frame.iteration),
    samples: fmt(app.frame.samplesSeen),
  });
}

async function reset() {
  if (app.playing) pause();
  leaveReplay();
  await engine.reset();
  clearHistory();
  await advance({});
  say("status.reset", { seed: fmt(app.config.seed, { useGrouping: false }) });
}

async function refreshPoints() {
  showPoints(await engine.points());
}

function showPoints(/** @type {any} */ p) {
  dataView.setPoints(p);
  app.compare.setPoints(p);
  $("inspect-index").max = String(p.label.length - 1);
}

/** Shows the selected point's numbers (or none: −1). */
async function inspect(/** @type {number} */ i, announce = false) {
  app.selectedPoint = i;
  $("inspect-index").value = i >= 0 ? String(i) : "";
  drawView();
  const epoch = app.replay ?? app.live?.epoch;
  const trace = i >= 0 ? await engine.trace(i, app.replay ?? undefined) : null;
  drawInspector(trace);
  // The epoch the inspector's numbers are of (a replay may have moved on while they came).
  $("inspector").dataset.epoch = String(epoch ?? "");
  // Picked by the user: one line on the status line (the inspector's table is not a live region).
  if (announce) $("status").textContent = inspectSummary(trace);
}

async function refreshActivationPlot() {
  setActivationCurve(await activationCurveRequest());
}

/** The plotted activation's curve, asked of the engine. */
async function activationCurveRequest() {
  const name = plottedActivation();
  return { name, curve: await engine.activationCurve(name, app.config.leakyAlpha, -5, 5, 201) };
}

/** Copies the trainer's config into the hash state (the engine fills in what the link left out). */
function adoptConfig(/** @type {any} */ cfg) {
  app.config = cfg;
  for (const key of app.hash.keys) if (key in cfg) app.state[key] = cfg[key];
}

/** Applies a change of trainer settings; on error shows it and puts the controls back. */
async function changeConfig(/** @type {Record<string, any>} */ partial) {
  const err = $("control-error");
  // While playing, the change lands between two frames: none in flight mixes the two settings.
  const resume = app.playing;
  if (resume) {
    playback.pause();
    await playback.idle();
  }
  leaveReplay();
  try {
    const r = await engine.setConfig(partial);
    err.hidden = true;
    adoptConfig(await engine.config());
    if (r.dataReset) {
      app.state.pts = "";
      app.selectedPoint = -1;
      await refreshPoints();
    }
    if (r.weightsReset) {
      clearHistory();
      rebuildNetwork(await engine.layerSizes());
    }
    say(r.weightsReset ? "status.configReset" : "status.config");
  } catch (e) {
    err.textContent = errorText(e);
    err.hidden = false;
  }
  syncControls();
  writeHash();
  await advance({});
  await refreshActivationPlot();
  if (resume && app.playing) playback.play(reducedMotion.matches ? 500 : 0);
}

/** Starts lesson `n` from its registry settings (or free play, "", from the defaults). */
async function applyLesson(/** @type {string} */ n) {
  if (app.playing) pause();
  const lesson = lessonState(n) ?? {};
  const base = defaults(app.hash.all);
  for (const key of [...app.hash.keys, "speed", "stopEpochs", "stopLoss", "discretize", "lossLog", "lock", "cmp"])
    app.state[key] = key in lesson ? lesson[key] : base[key];
  app.state.lesson = n;
  app.state.pts = "";
  app.selectedPoint = -1;
  // The link says the lesson's settings as soon as the page holds them (not once the trainer is
  // made: the card already says "unchanged" by then).
  writeHash();
  await createTrainer();
}

/**
 * The hash of the page's state. Under a lesson its settings are the baseline: the link names
 * the lesson and only what the learner changed (so a value changed back to the engine's default
 * is still written, and the link still reopens the lesson as changed).
 */
function writeHash() {
  const lesson = lessonState(app.state.lesson) ?? {};
  const schema = app.hash.all.map((spec) => (spec.key in lesson ? { ...spec, default: lesson[spec.key] } : spec));
  replaceHash(formatHash(app.state, schema, ["seed"]));
}

async function pointsEdited() {
  leaveReplay();
  await refreshPoints();
  app.state.pts = encodePoints(await engine.exportCsv());
  writeHash();
  await advance({});
}

async function addPoint(/** @type {number} */ x, /** @type {number} */ y, /** @type {number} */ label) {
  try {
    await engine.addPoint(x, y, label);
    say("view.added", { x: fmt(x), y: fmt(y), label: label > 0 ? "+1" : "−1" });
    await pointsEdited();
  } catch (e) {
    showDataError(e);
  }
}

async function removePoint(/** @type {number} */ i) {
  try {
    await engine.removePoint(i);
    if (app.selectedPoint === i) app.selectedPoint = -1;
    say("view.removed", { i });
    await pointsEdited();
  } catch (e) {
    showDataError(e);
  }
}

async function importCsv(/** @type {string} */ text) {
  try {
    await engine.importCsv(text);
    clearHistory();
    clearDataError();
    app.selectedPoint = -1;
    await pointsEdited();
    say("csv.imported", { n: fmt(dataView.points.label.length) });
  } catch (e) {
    showDataError(e);
  }
}

async function exportCsv() {
  download("points.csv", await engine.exportCsv(), "text/csv");
}

async function exportJson() {
  download("dl-playground.json", JSON.stringify(await engine.summary(), null, 2), "application/json");
}

/** On a load: whether the network's panel starts below the window (its layout can wait). */
let networkBelow = false;

/** The first frame's requests for a new trainer: the worker answers them in order. */
function firstRequests() {
  return { points: engine.points(), sizes: engine.layerSizes(), frame: engine.frame(frameOptions({})) };
}

/**
 * A trainer for the hash state; what the engine rejects is dropped with a notice. Unless the
 * state brings its own points, the first frame's requests go out with the create call, so the
 * worker computes while the page does whatever it does before its first `await` returns (on a
 * load: wiring the controls); if the create call fails, their answers are dropped.
 */
async function createTrainer(first = false) {
  // A new run: results of the old one still in flight land first. (With none, no await: on a
  // load the create call must go out before the caller goes on wiring the page.)
  if (playback.inFlight.length) await playback.idle();
  clearHistory();
  app.replay = null;
  app.live = null;
  /** @type {{ key: string, value: string, reason: string, error?: any }[]} */
  const ignored = [];
  const created = engine.create(trainerConfig(app.state, app.hash.keys));
  let early = app.state.pts ? null : firstRequests();
  try {
    adoptConfig(await created);
  } catch (e) {
    if (early) for (const r of Object.values(early)) r.catch(() => {});
    early = null;
    // A setting the hash accepted but the engine rejects as a whole: start from the defaults.
    ignored.push({
      key: String(/** @type {any} */ (e).field ?? "config"),
      value: String(app.state[/** @type {any} */ (e).field] ?? ""),
      reason: "choice",
      error: e,
    });
    Object.assign(app.state, trainerConfig(defaults(app.hash.config), app.hash.keys));
    adoptConfig(await engine.create(trainerConfig(app.state, app.hash.keys)));
  }
  if (app.state.pts) {
    try {
      await engine.importCsv(decodePoints(app.state.pts));
    } catch (e) {
      ignored.push({ key: "pts", value: app.state.pts, reason: "choice", error: e });
      app.state.pts = "";
    }
  }
  // The rest in one go: the worker answers in order while the page lays out its controls and
  // the network, so that its computing and the page's layout overlap (the first frame sooner).
  const { points, sizes, frame } = early ?? firstRequests();
  const curve = activationCurveRequest();
  showPoints(await points);
  rebuildNetwork(await sizes, first && networkBelow);
  syncControls();
  applyPartsAndLocks();
  accept(await frame);
  drawAll();
  setActivationCurve(await curve);
  // Compare mode from the link or the lesson; the engine's new trainer has no compared runs yet.
  const cmp = parseCompare(app.state.cmp, new Map(app.hash.config.map((e) => [e.key, e])), parseValue);
  ignored.push(...cmp.ignored);
  app.compare.set([]);
  if (cmp.runs.length) ignored.push(...(await applyCompare(cmp.runs)));
  else app.state.cmp = "";
  return ignored;
}

async function start() {
  app.schema = await engine.schema();
  app.hash = hashSchema(app.schema);
  const parsed = readState(location.hash, app.hash);
  app.state = parsed.state;
  app.compare = comparePanel({ engine, app, half: app.schema.limits.viewHalf, change: applyCompare });
  // Lesson 8's margin chart: every loss's curve, once (they depend on nothing else). Asked for
  // together and not awaited: the worker answers in order, so they are in before the first frame.
  const lossField = /** @type {any} */ (app.schema.fields.find((f) => f.name === "loss"));
  for (const name of lossField?.values ?? [])
    engine.lossCurve(name, MARGIN.from, MARGIN.to, MARGIN.n).then((curve) => (lossCurves[name] = curve));
  // Which views start below the window, read before anything here changes the layout.
  networkBelow = belowFold($("network"));
  drawBelowLater();
  // The trainer is made and its first frame computed in the worker while the page wires itself
  // up below (nothing here waits on the worker until `created` is awaited).
  const created = createTrainer(true);
  initViews(app.schema.limits.viewHalf);
  prepareControls();
  setLanguage(initialLanguage(app.state.lang), { save: !!app.state.lang });
  onLanguage(() => {
    syncControls();
    if (app.frame) {
      network.build(app.frame.sizes, networkLabels);
      drawAll();
      drawActivationPlot();
      if (app.selectedPoint >= 0) inspect(app.selectedPoint);
    }
    setPlayLabel();
  });
  $("timeline").addEventListener("input", () => showEpoch(Number($("timeline").value)));
  onLanguage(() => syncTimeline(true));
  wireControls({
    changeConfig,
    play,
    pause,
    step,
    reset,
    applyLesson,
    writeHash,
    addPoint,
    removePoint,
    importCsv,
    exportCsv,
    exportJson,
    inspect: (/** @type {number} */ i) => inspect(i, true),
    say,
  });
  wireShare({
    kind: "playground",
    button: $("share"),
    lesson: () => app.state.lesson || null,
    title: () =>
      t("embed.label", {
        title: app.state.lesson
          ? t("lesson.option", { n: app.state.lesson, title: t(`lesson.${app.state.lesson}.title`) })
          : t("embed.freePlayground"),
      }),
  });
  wireCode({
    button: $("export-code"),
    run: async () => {
      const [summary, points] = await Promise.all([engine.summary(), engine.points()]);
      return { config: summary.config, sizes: summary.layerSizes, points, epoch: summary.epoch };
    },
  });
  const ignored = await created;
  showIgnored([...parsed.ignored, ...ignored]);
  writeHash();
  $("loading").hidden = true;
  /** @type {any} */ (window).__firstFrameMs ??= performance.now();
  await networkNow();
  document.body.dataset.ready = "true";
  // For the end-to-end tests: the trainer's full state, to compare with what the page shows.
  /** @type {any} */ (window).__playground = {
    exportState: () => engine.exportState(),
    frame: () => app.frame,
    showError: (/** @type {any} */ e) => showDataError(e),
    // The live views and state (the page's modules are bundled: importing them again from the
    // tests would give fresh, unused copies).
    network: () => network,
    app,
  };
}

start().catch(showLoadFailure);
