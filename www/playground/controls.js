// The playground's controls: settings, hidden layers, run options, data editing, CSV, exports
// and keyboard shortcuts. Option lists and input ranges come from the engine's schema; every
// change goes through the controller's actions (main.js), which alone talk to the engine.
import { t, fmt, fmtSig, language, setLanguage } from "../shared/i18n.js";
import { $, bindShortcuts, fillOptions, applyRange, download, refocus, wireSkipLinks } from "../shared/dom.js";
import { errorText } from "../shared/errors.js";
import { clearNotice } from "../shared/notice.js";
import { app, optimizerInfo, modelInfo } from "./app.js";
import { renderLesson, wireLesson } from "./lesson-card.js";
import { lessonNumbered } from "../lessons/registry.js";
import { dataView, drawView, drawCharts, crosshairText } from "./render.js";

/**
 * The controller's operations the controls call.
 * @typedef {{
 *   changeConfig: (partial: Record<string, any>) => Promise<void>,
 *   play: () => void, pause: () => void, step: (kind: string) => Promise<void>, reset: () => Promise<void>,
 *   applyLesson: (n: string) => Promise<void>, writeHash: () => void,
 *   addPoint: (x: number, y: number, label: number) => Promise<void>, removePoint: (i: number) => Promise<void>,
 *   importCsv: (text: string) => Promise<void>, exportCsv: () => Promise<void>, exportJson: () => Promise<void>,
 *   inspect: (i: number) => Promise<void>, say: (key: string, params?: Record<string, any>) => void,
 * }} Actions
 */

const root = $("playground");
/** @type {Actions} */
let act;

/** Catalogue prefixes of the option lists, by config field. */
const OPTION_TEXT = {
  dataset: "dataset",
  model: "model",
  activation: "activation",
  loss: "loss",
  optimizer: "optimizer",
  regularization: "reg",
};

/** Option lists and input ranges from the engine's schema (once, at start). */
export function prepareControls() {
  for (const f of app.schema.fields) {
    const el = $(`c-${f.name}`);
    if (!el) continue;
    if (f.type === "choice" && el instanceof HTMLSelectElement)
      fillOptions(el, f.values, OPTION_TEXT[/** @type {keyof OPTION_TEXT} */ (f.name)]);
    if (f.type === "number" && el instanceof HTMLInputElement) applyRange(el, f);
  }
}

/**
 * The learning rate of "Start over at a large learning rate": the one at which lesson 6's
 * outcome shows ReLU units dying (the registry's `dead.with`), so the button repeats it.
 */
const LARGE_RATE = /** @type {any} */ (lessonNumbered(6))?.outcome?.dead?.with?.learningRate ?? 0.5;

/** The batch size that means "the whole training set" (the most points a run may hold). */
const fullBatch = () => app.schema.limits.maxPoints;

export function syncControls() {
  const cfg = app.config;
  for (const el of document.querySelectorAll("#controls [data-control]")) {
    const key = /** @type {HTMLElement} */ (el).dataset.control ?? "";
    if (el.id === `c-${key}` && key in cfg && el.tagName !== "BUTTON") {
      const input = /** @type {HTMLInputElement} */ (el);
      if (input.type === "checkbox") continue;
      const v = cfg[key];
      input.value = v === null ? "" : String(v);
    }
  }
  const full = cfg.batchSize >= fullBatch();
  $("c-fullBatch").checked = full;
  $("c-batchSize").disabled = full || isLocked("batchSize");
  // Optimizer hyperparameters: show the ones the chosen optimizer reads, torch's defaults filled in.
  const opt = optimizerInfo(cfg.optimizer);
  $("c-momentum").value = String(cfg.momentum ?? opt.defaults.momentum);
  $("c-epsilon").value = String(cfg.epsilon ?? opt.defaults.epsilon);
  const model = modelInfo(cfg.model);
  /** @type {Record<string, boolean>} */
  const when = {
    linear: cfg.dataset === "linear",
    mlp: model.hidden,
    classic: !model.hidden,
    leaky: model.hidden && cfg.activation === "leakyRelu",
    momentum: opt.uses.includes("momentum"),
    rmsprop: opt.uses.includes("alpha"),
    adam: opt.uses.includes("beta1"),
    epsilon: opt.uses.includes("epsilon"),
    regularized: cfg.regularization !== "none",
  };
  for (const el of document.querySelectorAll("[data-when]"))
    /** @type {HTMLElement} */ (el).hidden = !when[/** @type {HTMLElement} */ (el).dataset.when ?? ""];
  $("fixed-loss").textContent = model.loss ? t("pg.fixedLoss", { loss: t(`loss.${model.loss}`) }) : "";
  renderLayers();
  renderLesson();
  $("restart-large-lr").textContent = t("chart.restartLarge", { lr: fmt(LARGE_RATE) });
  $("speed").value = app.state.speed;
  $("stop-epochs").value = app.state.stopEpochs ?? "";
  $("stop-loss").value = app.state.stopLoss ?? "";
  $("discretize").checked = app.state.discretize;
  $("loss-log").checked = app.state.lossLog;
  $("lang").value = language();
}

function renderLayers() {
  const box = $("layers");
  const { maxUnits, maxHiddenLayers } = app.schema.limits;
  const hidden = app.config.model === "mlp" ? app.config.hidden : [];
  // A focused −/+ is rebuilt below, or may be disabled: the focus goes back to its equivalent.
  const active = document.activeElement;
  const had = active instanceof HTMLButtonElement && active.dataset.control === "hidden" ? active : null;
  const was = had && { layer: had.dataset.layer, dir: had.dataset.dir, id: had.id };
  if (!hidden.length) {
    box.replaceChildren(
      Object.assign(document.createElement("p"), { className: "hint", textContent: t("pg.noHidden") }),
    );
  } else {
    box.replaceChildren(
      ...hidden.map((/** @type {number} */ units, /** @type {number} */ i) => {
        const row = document.createElement("div");
        row.className = "row layer-row";
        row.dataset.layer = String(i);
        const label = document.createElement("span");
        label.textContent = t("pg.layerUnits", { n: i + 1, units });
        const change = (/** @type {number} */ d) =>
          setHidden(hidden.map((/** @type {number} */ u, /** @type {number} */ k) => (k === i ? u + d : u)));
        const minus = button("−", t("pg.removeUnit", { n: i + 1 }), () => change(-1), units <= 1);
        const plus = button("+", t("pg.addUnit", { n: i + 1 }), () => change(1), units >= maxUnits);
        Object.assign(minus.dataset, { layer: String(i), dir: "remove" });
        Object.assign(plus.dataset, { layer: String(i), dir: "add" });
        row.append(minus, plus, label);
        return row;
      }),
    );
  }
  $("layer-add").disabled = isLocked("hidden") || hidden.length >= maxHiddenLayers;
  $("layer-remove").disabled = isLocked("hidden") || hidden.length === 0;
  if (was && had && (!had.isConnected || had.disabled)) {
    const unit = (/** @type {string} */ dir) =>
      box.querySelector(`button[data-layer="${was.layer}"][data-dir="${dir}"]`);
    const other = was.dir === "add" ? "remove" : "add";
    if (was.id === "layer-add") refocus($("layer-add"), $("layer-remove"));
    else if (was.id === "layer-remove") refocus($("layer-remove"), $("layer-add"));
    else refocus(unit(was.dir), unit(other), $("layer-add"));
  }
}

/** A −/+ button: the sign is seen, the name starts with it and says what it does. */
function button(
  /** @type {string} */ text,
  /** @type {string} */ label,
  /** @type {() => void} */ onClick,
  /** @type {boolean} */ disabled,
) {
  const b = document.createElement("button");
  b.type = "button";
  b.append(
    text,
    Object.assign(document.createElement("span"), { className: "visually-hidden", textContent: ` ${label}` }),
  );
  b.title = label;
  b.dataset.control = "hidden";
  b.disabled = disabled || isLocked("hidden");
  b.addEventListener("click", onClick);
  return b;
}

function setHidden(/** @type {number[]} */ hidden) {
  act.changeConfig({ hidden });
}

export function isLocked(/** @type {string} */ name) {
  return app.state.lock.includes(name);
}

/** A control's value for the engine: the text of a list, a number otherwise; blank is nothing. */
function readControl(/** @type {HTMLInputElement | HTMLSelectElement} */ el) {
  if (el.tagName === "SELECT") return el.value;
  if (el.value.trim() === "") return undefined;
  return Number(el.value);
}

/** A random seed from the engine's seed range. */
function randomSeed() {
  const seed = app.schema.fields.find((f) => f.name === "seed");
  const max = seed && seed.type === "number" ? seed.max : 0;
  return Math.floor(Math.random() * (max + 1));
}

/** Connects every control to the controller's actions. */
export function wireControls(/** @type {Actions} */ actions) {
  act = actions;
  for (const el of document.querySelectorAll("#controls [data-control]")) {
    const input = /** @type {HTMLInputElement} */ (el);
    if (input.tagName === "BUTTON" || input.type === "checkbox") continue;
    input.addEventListener("change", () => {
      const v = readControl(input);
      if (v === undefined) {
        syncControls();
        return;
      }
      act.changeConfig({ [input.dataset.control ?? ""]: v });
    });
  }
  $("c-fullBatch").addEventListener("change", (/** @type {any} */ e) =>
    act.changeConfig({ batchSize: e.target.checked ? fullBatch() : app.schema.defaults.batchSize }),
  );
  $("new-seed").addEventListener("click", () => act.changeConfig({ seed: randomSeed() }));
  // Same settings, data drawn again: a new seed keeps the run reproducible from the link.
  $("regenerate").addEventListener("click", () => act.changeConfig({ seed: randomSeed() }));
  $("layer-add").addEventListener("click", () =>
    setHidden([...app.config.hidden, app.config.hidden.at(-1) ?? app.schema.defaults.hidden[0]]),
  );
  $("layer-remove").addEventListener("click", () => setHidden(app.config.hidden.slice(0, -1)));
  $("controls").addEventListener("submit", (/** @type {Event} */ e) => e.preventDefault());

  wireLesson(act);
  $("play").addEventListener("click", () => (app.playing ? act.pause() : act.play()));
  $("step-sample").addEventListener("click", () => act.step("samples"));
  $("step-batch").addEventListener("click", () => act.step("batches"));
  $("step-epoch").addEventListener("click", () => act.step("epochs"));
  $("reset").addEventListener("click", act.reset);
  // One click to watch units die: the weights start over at a large learning rate.
  $("restart-large-lr").addEventListener("click", async () => {
    await act.changeConfig({ learningRate: LARGE_RATE });
    await act.reset();
  });
  $("diverged-reset").addEventListener("click", act.reset);
  $("speed").addEventListener("change", (/** @type {any} */ e) => {
    app.state.speed = e.target.value;
    act.writeHash();
  });
  $("stop-epochs").addEventListener("change", (/** @type {any} */ e) => {
    const n = Math.round(+e.target.value);
    app.state.stopEpochs = e.target.value === "" || !(n >= 1) ? null : n;
    e.target.value = app.state.stopEpochs ?? "";
    act.writeHash();
  });
  $("stop-loss").addEventListener("change", (/** @type {any} */ e) => {
    app.state.stopLoss = e.target.value === "" || !(+e.target.value >= 0) ? null : +e.target.value;
    e.target.value = app.state.stopLoss ?? "";
    act.writeHash();
  });
  $("discretize").addEventListener("change", (/** @type {any} */ e) => {
    app.state.discretize = e.target.checked;
    act.writeHash();
    drawView();
  });
  $("loss-log").addEventListener("change", (/** @type {any} */ e) => {
    app.state.lossLog = e.target.checked;
    act.writeHash();
    drawCharts();
  });
  $("lang").addEventListener("change", (/** @type {any} */ e) => {
    setLanguage(e.target.value);
    app.state.lang = e.target.value;
    act.writeHash();
  });
  $("notice-close").addEventListener("click", clearNotice);
  $("inspect-index").addEventListener("change", (/** @type {any} */ e) => {
    const i = Math.round(+e.target.value);
    act.inspect(i >= 0 && i < dataView.points.label.length ? i : -1);
  });
  wireDataEditing();
  $("export-png").addEventListener("click", () =>
    $("view").toBlob((/** @type {Blob} */ b) => download("dl-playground.png", b)),
  );
  $("export-json").addEventListener("click", act.exportJson);
  wireSkipLinks();
  bindShortcuts(root, {
    toggle: () => (app.playing ? act.pause() : act.play()),
    step: () => act.step("batches"),
    reset: act.reset,
    allowed: (key) => !isLocked(key === "r" ? "reset" : "play"),
  });
  document.addEventListener("visibilitychange", () => {
    if (document.hidden && app.playing) act.pause();
  });
}

function clickMode() {
  return /** @type {HTMLInputElement} */ (document.querySelector("input[name=click-mode]:checked")).value;
}

function wireDataEditing() {
  $("view").addEventListener("click", async (/** @type {PointerEvent} */ e) => {
    const mode = clickMode();
    if (mode === "inspect") {
      await act.inspect(dataView.pointAt(e));
      return;
    }
    if (isLocked("points-edit")) return;
    if (mode === "add") {
      // Rounded to 0.01 so the point is written exactly in the link.
      const half = app.schema.limits.viewHalf;
      const [x, y] = dataView.toData(e).map((v) => Math.round(Math.min(half, Math.max(-half, v)) * 100) / 100);
      await act.addPoint(x, y, newClass());
    } else {
      const i = dataView.pointAt(e);
      if (i >= 0) await act.removePoint(i);
    }
  });
  $("view").addEventListener("pointermove", (/** @type {PointerEvent} */ e) => {
    const [x, y] = dataView.toData(e);
    const tip = $("view-tip");
    tip.textContent = `x1 ${fmtSig(x, 3)}, x2 ${fmtSig(y, 3)}`;
    const r = $("view").getBoundingClientRect();
    tip.style.left = `${e.clientX - r.left}px`;
    tip.style.top = `${e.clientY - r.top}px`;
    tip.hidden = false;
  });
  $("view").addEventListener("pointerleave", () => {
    $("view-tip").hidden = true;
  });
  wireMapKeys();
  $("csv-file").addEventListener("change", async (/** @type {any} */ e) => {
    const file = e.target.files[0];
    if (file) await act.importCsv(await file.text());
    e.target.value = "";
  });
  $("csv-apply").addEventListener("click", () => act.importCsv($("csv-text").value));
  $("csv-export").addEventListener("click", act.exportCsv);
}

/**
 * The map by keyboard: a crosshair shown on keyboard focus (or at the first arrow key) that the
 * arrow keys move, 1/50 of the view at a time (with Shift, 1/10); Enter adds a point of the
 * chosen class there, Delete or Backspace removes the point nearest to it, I inspects that
 * point. Each move is read out in #view-cursor; the controller announces each edit.
 */
function wireMapKeys() {
  const view = $("view");
  const half = () => app.schema.limits.viewHalf;
  const readOut = () => {
    drawView();
    const c = dataView.cross;
    $("view-cursor").textContent = c ? crosshairText(c.x, c.y) : "";
  };
  // Where the crosshair was when the map last lost the focus: it comes back there.
  let last = { x: 0, y: 0 };
  const show = () => {
    dataView.cross ??= { ...last };
    readOut();
  };
  view.addEventListener("focus", () => {
    if (view.matches(":focus-visible")) show();
  });
  view.addEventListener("blur", () => {
    last = dataView.cross ?? last;
    dataView.cross = null;
    readOut();
  });
  /** @type {Record<string, number[]>} */
  const MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  view.addEventListener("keydown", async (/** @type {KeyboardEvent} */ e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    if (!(key in MOVES) && !["Enter", "Delete", "Backspace", "i"].includes(key)) return;
    e.preventDefault();
    const fresh = !dataView.cross;
    show();
    const c = /** @type {{ x: number, y: number }} */ (dataView.cross);
    if (key in MOVES) {
      if (fresh) return;
      // Kept on the hundredths a clicked point is rounded to, so a point lands where it is shown.
      const step = (2 * half() * (e.shiftKey ? 5 : 1)) / 50;
      const clamp = (/** @type {number} */ v) => Math.round(Math.min(half(), Math.max(-half(), v)) * 100) / 100;
      dataView.cross = { x: clamp(c.x + MOVES[key][0] * step), y: clamp(c.y + MOVES[key][1] * step) };
      readOut();
      return;
    }
    if (key === "i") {
      const i = dataView.nearest(c.x, c.y);
      if (i < 0) act.say("view.noPoint");
      else await act.inspect(i);
      return;
    }
    if (isLocked("points-edit")) {
      act.say("view.locked");
      return;
    }
    if (key === "Enter") {
      await act.addPoint(c.x, c.y, newClass());
    } else {
      const i = dataView.nearest(c.x, c.y);
      if (i < 0) act.say("view.noPoint");
      else await act.removePoint(i);
    }
  });
}

/** The class the radios choose for new points (+1 or −1). */
function newClass() {
  return Number(/** @type {HTMLInputElement} */ (document.querySelector("input[name=new-class]:checked")).value);
}

/** Shows a data-editing or CSV error beside the CSV box (opened so it is seen). */
export function showDataError(/** @type {any} */ e) {
  const box = $("csv-error");
  box.textContent = errorText(e);
  box.hidden = false;
  box.closest("details").open = true;
}

export function clearDataError() {
  $("csv-error").hidden = true;
}

export function applyPartsAndLocks() {
  for (const el of document.querySelectorAll("[data-part]"))
    /** @type {HTMLElement} */ (el).hidden = app.state.hide.includes(/** @type {HTMLElement} */ (el).dataset.part);
  for (const node of document.querySelectorAll("[data-control]")) {
    const el = /** @type {HTMLInputElement} */ (node);
    const locked = isLocked(el.dataset.control ?? "");
    if (locked) {
      el.disabled = true;
      el.dataset.locked = "true";
    } else if (el.dataset.locked) {
      el.disabled = false;
      delete el.dataset.locked;
    }
  }
  for (const node of document.querySelectorAll("input[name=click-mode], input[name=new-class]")) {
    const el = /** @type {HTMLInputElement} */ (node);
    if (isLocked("points-edit")) el.disabled = el.value !== "inspect";
  }
}
