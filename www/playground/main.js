// The playground page: owns the Trainer (in a Web Worker), the animation loop, the URL state
// and the wiring between controls and views. Views receive typed arrays and text; they never
// touch the trainer.
import { RemoteTrainer } from "../engine/remote.js";
import { t, fmt, initialLanguage, setLanguage, onLanguage } from "../shared/i18n.js";
import { parseHash, formatHash, defaults } from "../shared/hash.js";
import { SCHEMA, CONFIG_KEYS, LESSONS, trainerConfig, decodePoints } from "./state.js";
import { errorText } from "../shared/errors.js";
import { app, $, GRID_RES, UNIT_RES } from "./app.js";
import { dataView, network, networkLabels, num, drawAll, drawInspector, drawActivationPlot, refreshActivationPlot, rebuildNetwork } from "./render.js";
import { wireControls, syncControls, applyPartsAndLocks } from "./controls.js";

const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;

let lastEpochAt = 0;
function frameOptions(extra = {}) {
  return { gridRes: GRID_RES, neuronRes: UNIT_RES, details: true, ...extra };
}

/** Runs one request for a frame and draws it. */
async function advance(options) {
  app.busy = true;
  try {
    app.frame = await app.remote.frame(frameOptions(options));
    drawAll();
    if (!app.playing && app.selectedPoint >= 0) await drawInspector();
  } finally {
    app.busy = false;
  }
}

function say(key, params) {
  $("status").textContent = t(key, params);
}

function epochsLeft() {
  return app.state.stopEpochs === null ? Infinity : Math.max(0, app.state.stopEpochs - (app.frame?.epoch ?? 0));
}

function stepOptions() {
  const left = epochsLeft();
  switch (app.state.speed) {
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
  if (!app.playing) return;
  if (!app.busy && (!reducedMotion || performance.now() - lastDraw > 500)) {
    const opts = stepOptions();
    if (opts) {
      lastDraw = performance.now();
      await advance(opts);
      const m = app.frame.metrics;
      if (m.diverged) { pause("status.diverged"); return; }
      if (app.state.stopEpochs !== null && app.frame.epoch >= app.state.stopEpochs) { pause("status.finishedEpochs", { epoch: fmt(app.frame.epoch) }); return; }
      if (app.state.stopLoss !== null && m.trainLoss < app.state.stopLoss) {
        pause("status.finishedLoss", { loss: num(m.trainLoss), eps: num(app.state.stopLoss) });
        return;
      }
    }
  }
  requestAnimationFrame(tick);
}

function play() {
  if (app.playing || app.frame?.metrics.diverged || epochsLeft() === 0) return;
  app.playing = true;
  $("play").textContent = t("common.pause");
  $("play").dataset.i18n = "common.pause";
  say("status.playing");
  requestAnimationFrame(tick);
}

function pause(key = "status.paused", params) {
  if (!app.playing && key === "status.paused") return;
  app.playing = false;
  drawAll();
  $("play").textContent = t("common.play");
  $("play").dataset.i18n = "common.play";
  say(key, params ?? { epoch: fmt(app.frame?.epoch ?? 0) });
  if (app.selectedPoint >= 0) drawInspector();
}

async function step(kind) {
  if (app.playing) pause();
  if (app.busy) return;
  await advance({ [kind]: 1 });
  say("status.stepped", { epoch: fmt(app.frame.epoch), iteration: fmt(app.frame.iteration), samples: fmt(app.frame.samplesSeen) });
}

async function reset() {
  if (app.playing) pause();
  await app.remote.call("reset");
  await advance({});
  say("status.reset", { seed: fmt(app.trainerCfg.seed, { useGrouping: false }) });
}

async function refreshPoints() {
  const p = await app.remote.call("points");
  dataView.setPoints(p);
  $("inspect-index").max = String(p.label.length - 1);
}

/** Applies a change of trainer settings; on error shows it and puts the controls back. */
async function changeConfig(partial) {
  const err = $("control-error");
  try {
    const r = await app.remote.call("setConfig", partial);
    err.hidden = true;
    app.trainerCfg = await app.remote.call("config");
    Object.assign(app.state, pick(app.trainerCfg));
    if (r.dataReset) {
      app.state.pts = "";
      app.selectedPoint = -1;
      await refreshPoints();
    }
    if (r.weightsReset) rebuildNetwork();
    say(r.weightsReset ? "status.configReset" : "status.config");
    app.state.lesson = app.state.lesson && sameAsLesson() ? app.state.lesson : "";
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
  const preset = LESSONS[app.state.lesson];
  return preset && Object.entries(preset).every(([k, v]) => JSON.stringify(app.state[k]) === JSON.stringify(v));
}

async function applyLesson(n) {
  if (app.playing) pause();
  const preset = LESSONS[n] ?? {};
  const base = defaults(SCHEMA);
  for (const key of [...CONFIG_KEYS, "speed", "stopEpochs", "stopLoss"]) app.state[key] = key in preset ? preset[key] : base[key];
  app.state.lesson = n;
  app.state.pts = "";
  app.selectedPoint = -1;
  await createTrainer();
  writeHash();
}

function writeHash() {
  app.state.seed = app.trainerCfg.seed ?? app.state.seed;
  const hash = formatHash(app.state, SCHEMA, ["seed"]);
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

async function createTrainer() {
  const ignored = [];
  try {
    app.trainerCfg = await app.remote.create(trainerConfig(app.state));
  } catch (e) {
    // A setting the hash accepted but the engine rejects: start from the defaults instead.
    ignored.push({ key: "config", value: errorText(e), reason: "choice" });
    Object.assign(app.state, pick(defaults(SCHEMA)));
    app.trainerCfg = await app.remote.create(trainerConfig(app.state));
  }
  Object.assign(app.state, pick(app.trainerCfg));
  if (app.state.pts) {
    try {
      await app.remote.call("importCsv", decodePoints(app.state.pts));
    } catch (e) {
      ignored.push({ key: "pts", value: errorText(e), reason: "choice" });
      app.state.pts = "";
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
  app.state = parsed.state;
  const explicit = new Set(new URLSearchParams(location.hash.slice(1)).keys());
  if (app.state.lesson && LESSONS[app.state.lesson]) {
    for (const [k, v] of Object.entries(LESSONS[app.state.lesson])) if (!explicit.has(k)) app.state[k] = v;
  }
  setLanguage(initialLanguage(app.state.lang), { save: !!app.state.lang });
  onLanguage(() => {
    syncControls();
    if (app.frame) {
      network.build(app.frame.sizes, networkLabels);
      drawAll();
      drawActivationPlot();
      if (app.selectedPoint >= 0) drawInspector();
    }
    if (showIgnored.last) showIgnored(showIgnored.last);
    $("play").textContent = t(app.playing ? "common.pause" : "common.play");
  });
  app.remote = new RemoteTrainer(window.__trainerWorker);
  wireControls({ changeConfig, play, pause, step, reset, applyLesson, writeHash, refreshPoints, advance, say });
  const ignored = await createTrainer();
  showIgnored([...parsed.ignored, ...ignored]);
  writeHash();
  $("loading").hidden = true;
  window.__firstFrameMs ??= performance.now();
  document.body.dataset.ready = "true";
  // For the end-to-end tests: the trainer's full state, to compare with what the page shows.
  window.__playground = { exportState: () => app.remote.call("exportState"), frame: () => app.frame };
}

start().catch((e) => {
  const box = $("notice");
  $("notice-text").textContent = t("common.loadFailed", { message: e?.message ?? String(e) });
  box.classList.add("error");
  box.hidden = false;
  console.error(e);
});
