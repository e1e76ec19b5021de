// The playground's controls: settings, hidden layers, run options, data editing, CSV, exports
// and keyboard shortcuts. Changes go through the page's actions (main.js).
import { t, fmt, fmtSig, language, setLanguage } from "../shared/i18n.js";
import { errorText } from "../shared/errors.js";
import { app, $ } from "./app.js";
import { encodePoints } from "./state.js";
import { dataView, drawView, drawCharts, drawInspector } from "./render.js";

const root = $("playground");
let act;

export function syncControls() {
  const cfg = app.trainerCfg;
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
  $("lesson").value = app.state.lesson;
  $("lesson-text").textContent = app.state.lesson ? t(`lesson.${app.state.lesson}.text`) : "";
  $("speed").value = app.state.speed;
  $("stop-epochs").value = app.state.stopEpochs ?? "";
  $("stop-loss").value = app.state.stopLoss ?? "";
  $("discretize").checked = app.state.discretize;
  $("loss-log").checked = app.state.lossLog;
  $("lang").value = language();
}

function renderLayers() {
  const box = $("layers");
  const hidden = app.trainerCfg.model === "mlp" ? app.trainerCfg.hidden : [];
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
  act.changeConfig({ hidden });
}

export function isLocked(name) {
  return app.state.lock.includes(name);
}

function readControl(el) {
  const key = el.dataset.control;
  if (el.tagName === "SELECT") return el.value;
  if (el.value.trim() === "") return undefined;
  const n = Number(el.value);
  return key === "seed" || key === "points" || key === "batchSize" ? Math.round(n) : n;
}

/** Connects every control; `actions` are the page's own operations (see main.js). */
export function wireControls(actions) {
  act = actions;
  for (const el of document.querySelectorAll("#controls [data-control]")) {
    if (el.tagName === "BUTTON" || el.type === "checkbox") continue;
    el.addEventListener("change", () => {
      const v = readControl(el);
      if (v === undefined) { syncControls(); return; }
      act.changeConfig({ [el.dataset.control]: v });
    });
  }
  $("c-fullBatch").addEventListener("change", (e) => act.changeConfig({ batchSize: e.target.checked ? 2000 : 10 }));
  $("new-seed").addEventListener("click", () => act.changeConfig({ seed: Math.floor(Math.random() * 2 ** 32) }));
  $("regenerate").addEventListener("click", regenerate);
  $("layer-add").addEventListener("click", () => setHidden([...app.trainerCfg.hidden, app.trainerCfg.hidden.at(-1) ?? 4]));
  $("layer-remove").addEventListener("click", () => setHidden(app.trainerCfg.hidden.slice(0, -1)));
  $("controls").addEventListener("submit", (e) => e.preventDefault());

  $("lesson").addEventListener("change", (e) => act.applyLesson(e.target.value));
  $("play").addEventListener("click", () => (app.playing ? act.pause() : act.play()));
  $("step-sample").addEventListener("click", () => act.step("samples"));
  $("step-batch").addEventListener("click", () => act.step("batches"));
  $("step-epoch").addEventListener("click", () => act.step("epochs"));
  $("reset").addEventListener("click", act.reset);
  $("diverged-reset").addEventListener("click", act.reset);
  $("speed").addEventListener("change", (e) => { app.state.speed = e.target.value; act.writeHash(); });
  $("stop-epochs").addEventListener("change", (e) => { app.state.stopEpochs = e.target.value === "" ? null : Math.max(0, Math.round(+e.target.value)); act.writeHash(); });
  $("stop-loss").addEventListener("change", (e) => { app.state.stopLoss = e.target.value === "" ? null : Math.max(0, +e.target.value); act.writeHash(); });
  $("discretize").addEventListener("change", (e) => { app.state.discretize = e.target.checked; act.writeHash(); drawView(); });
  $("loss-log").addEventListener("change", (e) => { app.state.lossLog = e.target.checked; act.writeHash(); drawCharts(); });
  $("lang").addEventListener("change", (e) => { setLanguage(e.target.value); app.state.lang = e.target.value; act.writeHash(); });
  $("notice-close").addEventListener("click", () => { $("notice").hidden = true; });
  $("inspect-index").addEventListener("change", (e) => {
    const i = Math.round(+e.target.value);
    app.selectedPoint = i >= 0 && i < dataView.points.label.length ? i : -1;
    drawView();
    drawInspector();
  });
  wireDataEditing();
  wireExports();
  wireKeyboard();
  document.addEventListener("visibilitychange", () => { if (document.hidden && app.playing) act.pause("status.hidden"); });
}

async function regenerate() {
  // Same settings, data drawn again: a new seed keeps the run reproducible from the link.
  await act.changeConfig({ seed: Math.floor(Math.random() * 2 ** 32) });
}

function clickMode() {
  return document.querySelector("input[name=click-mode]:checked").value;
}

function wireDataEditing() {
  $("view").addEventListener("click", async (e) => {
    if (isLocked("points-edit") && clickMode() !== "inspect") return;
    const mode = clickMode();
    if (mode === "inspect") {
      app.selectedPoint = dataView.pointAt(e);
      $("inspect-index").value = app.selectedPoint >= 0 ? String(app.selectedPoint) : "";
      drawView();
      await drawInspector();
      return;
    }
    try {
      if (mode === "add") {
        // Rounded to 0.01 so the point is written exactly in the link.
        const [x, y] = dataView.toData(e).map((v) => Math.round(Math.min(6, Math.max(-6, v)) * 100) / 100);
        const label = Number(document.querySelector("input[name=new-class]:checked").value);
        await app.remote.call("addPoint", x, y, label);
        act.say("view.added", { x: fmt(x), y: fmt(y) });
      } else {
        const i = dataView.pointAt(e);
        if (i < 0) return;
        await app.remote.call("removePoint", i);
        if (app.selectedPoint === i) app.selectedPoint = -1;
        act.say("view.removed", { i });
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
  $("csv-export").addEventListener("click", async () => download("points.csv", await app.remote.call("exportCsv"), "text/csv"));
}

async function importCsv(text) {
  try {
    await app.remote.call("importCsv", text);
    $("csv-error").hidden = true;
    app.selectedPoint = -1;
    await pointsEdited();
    act.say("csv.imported", { n: fmt(dataView.points.label.length) });
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
  await act.refreshPoints();
  app.state.pts = encodePoints(await app.remote.call("exportCsv"));
  act.writeHash();
  await act.advance({});
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
      config: await app.remote.call("config"),
      layerSizes: Array.from(await app.remote.call("layerSizes")),
      parameterNames: await app.remote.call("parameterNames"),
      weights: await app.remote.call("weights"),
      metrics: await app.remote.call("metrics"),
      epoch: app.frame?.epoch ?? 0,
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
      if (!isLocked("play")) app.playing ? act.pause() : act.play();
    } else if (e.key === "s" || e.key === "S") {
      if (!isLocked("play")) act.step("batches");
    } else if (e.key === "r" || e.key === "R") {
      if (!isLocked("reset")) act.reset();
    }
  });
}

export function applyPartsAndLocks() {
  for (const el of document.querySelectorAll("[data-part]")) el.hidden = app.state.hide.includes(el.dataset.part);
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
