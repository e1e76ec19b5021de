// The lab's text and controls, written from the state, a Run's plain values (its racers per map,
// grid, surface info and start points) and a snapshot: per frame the readout table, the maps'
// descriptions and the model summary; per change the form controls, the surface panel, the
// optimizer editor, the captions, legend and colour scale, the lesson and the notice. Strings
// come through `t`; nothing here imports wasm or steps the run.
import { t, fmt, fmtSig, language } from "../shared/i18n.js";
import { lessonNumbered } from "../lessons/registry.js";
import { $ } from "../shared/dom.js";
import { errorText } from "../shared/errors.js";
import { notify, clearNotice, ignoredText } from "../shared/notice.js";
import { COLOURS, DASHES, paletteCss } from "./views/surface.js";
import { renderLegend, renderSymbols } from "./views/legend.js";
import { renderReadout } from "./views/readout.js";
import { renderEditor, updateEditor } from "./views/editor.js";
import { REACH, floorOf, reachStep, lastFinite, places } from "./progress.js";
import {
  KINDS,
  USES,
  SPEEDS,
  MAX_RACERS,
  isModel,
  racersOf,
  changedFromPreset,
  startStep,
  hyperRanges,
} from "./state.js";

const pt = (x, y) => `(${fmtSig(x, 4)}, ${fmtSig(y, 4)})`;
/**
 * The catalogue key of an optimizer's name. The engine's "sgd" takes a step along the whole
 * gradient: on a surface that is plain gradient descent (nothing in it is random), so it is
 * called that; only the model's mini-batch training is stochastic, and there it is SGD.
 */
export const kindKey = (kind, model) => (kind === "sgd" && !model ? "descent.kind.gd" : `descent.kind.${kind}`);
let modelShown = false;
const kindName = (kind) => t(kindKey(kind, modelShown));
const lrText = (lr) => fmt(lr, { maximumSignificantDigits: 6 });
const racerLabel = (r) => t("descent.racerLabel", { kind: kindName(r.kind), lr: lrText(r.lr) });
/** A power of ten as 10 with a superscript exponent: 10⁻⁴. */
const powerOfTen = (v) =>
  `10${String(Math.round(Math.log10(v)))
    .replace("-", "⁻")
    .replace(/\d/g, (d) => "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(d)])}`;
/** A value of f for the page: an infinite one in words ("infinity"), not as "inf" or ∞. */
export const fText = (v, digits = 4) =>
  Number.isFinite(v) || Number.isNaN(v) ? fmtSig(v, digits) : (v < 0 ? "−" : "") + t("descent.infinity");

/** The readout's state name for a racer's state. */
export const stateKey = (st) =>
  ({ running: "running", diverged: "diverged", leftBox: "leftBox", divergedLeftBox: "divergedLeft", finished: "done" })[
    st.state
  ];
/** The catalogue key of each state name. */
export const STATE_TEXT = {
  running: "descent.stateRunning",
  diverged: "descent.stateDiverged",
  leftBox: "descent.stateLeftBox",
  divergedLeft: "descent.stateDivergedLeft",
  done: "descent.stateDone",
};

function rowName(state, e, starts) {
  let name = t("descent.rowLabel", { kind: kindName(e.racer.kind), lr: lrText(e.racer.lr) });
  if (starts > 1) name = t("descent.rowWhere", { name, where: t("descent.startN", { n: e.start + 1 }) });
  if (state.pair && !isModel(state))
    name = t("descent.rowWhere", { name, where: t(e.map === 0 ? "descent.leftMap" : "descent.rightMap") });
  return name;
}

// ---- Every frame -----------------------------------------------------------------------------

function describeMap(state, index, snap, starts) {
  const surface = t(`descent.surface.${state.surface}`);
  const paths = snap
    .filter((e) => e.map === index)
    .map((e) =>
      t("descent.altPath", {
        name: rowName(state, e, starts),
        steps: fmt(e.status.steps),
        x: fmtSig(e.status.position[0], 3),
        y: fmtSig(e.status.position[1], 3),
        f: fText(e.status.loss),
        state: t(STATE_TEXT[stateKey(e.status)]),
      }),
    );
  return t("descent.mapAlt", { surface, paths: paths.join(" ") });
}

function renderTable(state, run, snap, starts) {
  const model = isModel(state);
  // Vectors are shown as x over y, so that the table fits beside the map.
  const vec = (a) => (a ? `${fmtSig(a[0], 4)}\n${fmtSig(a[1], 4)}` : "–");
  const fMin = floorOf(run.grid);
  const reached = snap.map((e) => reachStep(e.losses ?? [], fMin));
  const place = places(snap.map((e, i) => ({ reach: reached[i], final: lastFinite(e.losses ?? [e.status.loss]) })));
  renderReadout(
    $("readout-body"),
    snap.map((e, i) => {
      const st = e.status;
      // Which of the optimizer's memories exist: m (velocity, AdaGrad's sum, Adam's mean), v.
      const kind = e.racer.kind;
      const hasM = !model && kind !== "sgd" && !(kind === "rmsprop" && e.racer.mu === 0);
      const hasV = !model && (kind === "rmsprop" || kind === "adam");
      const key = stateKey(st);
      return {
        key: `${e.map}:${e.start}:${e.racerIndex}:${e.racer.kind}`,
        colour: e.racer.colour,
        shape: e.racer.shape,
        name: rowName(state, e, starts),
        place: t("descent.place", { n: place[i] }),
        cells: [
          fmt(st.steps),
          reached[i] === null ? "–" : fmt(reached[i]),
          vec(st.position),
          fText(st.loss),
          vec(st.gradient),
          hasM ? vec(st.m) : "–",
          hasV ? vec(st.v) : "–",
        ],
        state: key,
        stateText: t(STATE_TEXT[key]),
        data: {
          map: e.map,
          start: e.start,
          kind: e.racer.kind,
          steps: st.steps,
          x: st.position[0],
          y: st.position[1],
          loss: st.loss,
          reach: reached[i] ?? "",
          place: place[i],
        },
      };
    }),
  );
}

/** The readout, the maps' descriptions and the model summary: text that changes while the run plays. */
export function renderFrame(state, run, snap, slots) {
  const starts = run.starts.length;
  renderTable(state, run, snap, starts);
  for (const m of run.maps) slots[m.index].canvas.setAttribute("aria-label", describeMap(state, m.index, snap, starts));
  const model = snap[0]?.model;
  const summary = $("model-summary");
  summary.hidden = !model;
  if (model) {
    summary.textContent = t("descent.modelSummary", {
      epoch: fmt(model.epoch),
      iteration: fmt(snap[0].status.steps),
      loss: fmtSig(model.metrics.trainLoss, 6),
      mapLoss: fmtSig(model.mapLoss, 6),
      accuracy: fmt(model.metrics.trainAccuracy, { style: "percent", maximumFractionDigits: 1 }),
    });
    summary.dataset.trainerLoss = String(model.metrics.trainLoss);
    summary.dataset.mapLoss = String(model.mapLoss);
  }
}

// ---- After every change of the state -----------------------------------------------------------

let editorKey = "";

/** The optimizer editor: rebuilt only when its structure (kinds, mode) or the language changes. */
export function renderEditorPanel(state, force = false) {
  const model = isModel(state);
  modelShown = model;
  for (const o of /** @type {HTMLSelectElement} */ ($("add-kind")).options) {
    o.dataset.i18n = kindKey(o.value, model);
    o.textContent = t(o.dataset.i18n);
  }
  const only = model || state.pair;
  const racers = racersOf(state);
  const shown = only ? racers.slice(0, 1) : racers;
  const lr2 = state.pair && !model ? state.lr2 : null;
  const key = `${shown.map((r) => r.kind).join()}|${model}|${state.pair}|${language()}`;
  if (force || key !== editorKey) {
    renderEditor($("racers"), {
      racers: shown,
      kinds: KINDS,
      uses: USES,
      ranges: hyperRanges(),
      colours: COLOURS,
      lr2,
      removable: !only && racers.length > 1,
      t,
      keyOf: (k) => kindKey(k, model),
    });
    editorKey = key;
  } else {
    updateEditor($("racers"), (i, p) => (p === "lr2" ? state.lr2 : racers[i][p]));
  }
  $("first-only").hidden = !only;
  $("first-only").textContent = model ? t("descent.firstOnlyModel") : t("descent.firstOnlyPair");
  /** @type {HTMLElement} */ (document.querySelector(".add-racer")).hidden = only;
  $("add-racer").disabled = racers.length >= MAX_RACERS;
  $("add-kind").disabled = racers.length >= MAX_RACERS;
  $("racer-count").textContent = t("descent.racerCount", { n: racers.length, max: MAX_RACERS });
}

function renderStarts(state, run) {
  const model = isModel(state);
  $("start-fields").hidden = model;
  $("model-fields").hidden = !model;
  if (model) return;
  const starts = run.starts;
  const [x, y] = starts[0];
  if (document.activeElement !== $("start-x")) $("start-x").value = String(x);
  if (document.activeElement !== $("start-y")) $("start-y").value = String(y);
  const box = run.info.box;
  const step = startStep(box);
  for (const [id, lo, hi] of [
    ["start-x", box[0], box[1]],
    ["start-y", box[2], box[3]],
  ])
    Object.assign($(id), { min: lo, max: hi, step });
  $("starts-list").replaceChildren(
    ...(starts.length > 1 ? starts : []).map(([sx, sy], i) => {
      const li = document.createElement("li");
      li.textContent = t("descent.startItem", { n: i + 1, x: fmt(sx), y: fmt(sy) });
      return li;
    }),
  );
  $("clear-starts").hidden = starts.length < 2;
}

/** Re-keys a translated element (so a language switch keeps it right) and fills it in. */
function setKey(el, key) {
  el.dataset.i18n = key;
  el.textContent = t(key);
}

function renderSurfaceInfo(state, run) {
  const model = isModel(state);
  setKey(document.querySelector(".formula [data-i18n]"), model ? "descent.formulaModel" : "descent.formula");
  $("formula").textContent = model ? t("descent.modelFormula") : run.info.formula;
  $("formula").classList.toggle("mono", !model);
  $("surface-hint").textContent = t(`descent.surfaceHint.${state.surface}`);
  if (model) {
    const [x, y] = run.grid.minima[0];
    $("minima-list").textContent = t("descent.minimaModel", { point: pt(x, y) });
  } else {
    const list = run.info.minima.map(([x, y], i) =>
      t("descent.minimumAt", { x: fmt(x), y: fmt(y), f: fmtSig(run.grid.minimaValues[i], 5) }),
    );
    $("minima-list").textContent = t("descent.minimaList", { list: list.join("; ") });
  }
  // Lesson 15 starts where its seed puts the weights: there a click reads the map, nothing more.
  setKey($("keys-help"), model ? "descent.keysHelpModel" : "descent.keysHelp");
  setKey($("col-position"), model ? "descent.colPositionModel" : "descent.colPosition");
  setKey($("col-loss"), model ? "descent.colLossModel" : "descent.colLoss");
  $("col-reach").textContent = t(model ? "descent.colReachModel" : "descent.colReach", { tol: powerOfTen(REACH) });
}

/** Captions, legend, symbol key and colour scale around the maps. */
function renderMapFrames(state, run, slots) {
  const model = isModel(state);
  const pair = state.pair && !model;
  $("maps").classList.toggle("pair", pair);
  slots[1].fig.hidden = !pair;
  // Lesson 15's scatter takes a column beside the map before the map is laid out again.
  $("maps").classList.toggle("with-scatter", model);
  $("fig-scatter").hidden = !model;
  const surface = t(`descent.surface.${state.surface}`);
  if (pair) {
    for (const m of run.maps) {
      const r = m.racers[0];
      slots[m.index].cap.textContent = t("descent.pairCaption", {
        side: t(m.index === 0 ? "descent.leftSide" : "descent.rightSide"),
        kind: kindName(r.kind),
        lr: lrText(r.lr),
      });
    }
  } else {
    slots[0].cap.textContent = model
      ? t("descent.captionModel", { surface })
      : t("descent.caption", { surface, formula: run.info.formula });
  }
  renderLegend(
    $("legend"),
    run.maps.flatMap((m) =>
      m.racers.map((r) => ({ colour: r.colour, shape: r.shape, kind: r.kind, text: racerLabel(r) })),
    ),
    run.starts.map(([x, y], i) => ({
      dash: DASHES[i],
      text: t("descent.startItem", { n: i + 1, x: fmt(x), y: fmt(y) }),
    })),
  );
  renderSymbols($("symbols"), [
    { kind: "minimum", text: t(model ? "descent.symMinimumModel" : "descent.symMinimum") },
    { kind: "start", text: t("descent.symStart") },
    { kind: "diverged", text: t("descent.symDiverged") },
    ...(model ? [] : [{ kind: "leftBox", text: t("descent.symLeftBox") }]),
  ]);
  $("scale-bar").style.background = paletteCss();
  $("scale-low").textContent = t("descent.scaleLow", { value: fmtSig(run.grid.lo, 3) });
  $("scale-high").textContent = t("descent.scaleHigh", { value: fmtSig(run.grid.hi, 3) });
  $("scale-note").textContent = t(run.grid.log ? "descent.scaleLog" : "descent.scaleLinear");
}

export function renderLesson(state) {
  const p = state.preset;
  $("lesson-h").textContent = p
    ? t("descent.lessonHeading", { n: p, title: t(`lesson.${p}.title`) })
    : t("descent.customTitle");
  $("lesson-body").textContent = p ? t(`lesson.${p}.watch`) : t("descent.customBody");
  $("lesson-try").textContent = p ? t(`lesson.${p}.try`) : t("descent.customTry");
  // What to look for now, and the neighbouring lessons (lesson 10's ◀ is the playground's 9).
  const checks = p ? (/** @type {any} */ (lessonNumbered(p))?.checks?.[language()] ?? []) : [];
  $("lesson-checks").replaceChildren(
    ...checks.map((/** @type {string} */ c) => Object.assign(document.createElement("li"), { textContent: c })),
  );
  $("lesson-checks-h").hidden = !checks.length;
  for (const [id, n, key] of /** @type {[string, number, string][]} */ ([
    ["lesson-prev", Number(p) - 1, "lesson.prev"],
    ["lesson-next", Number(p) + 1, "lesson.next"],
  ])) {
    const a = /** @type {HTMLAnchorElement} */ ($(id));
    const l = p ? lessonNumbered(n) : undefined;
    a.hidden = !l;
    if (!l) continue;
    a.href = l.page === "lab" ? `#preset=${n}&lang=${language()}` : `index.html#lesson=${n}&lang=${language()}`;
    a.textContent = t(key, { n: fmt(n), title: t(`lesson.${n}.title`) });
  }
  $("lesson-changed").hidden = !changedFromPreset(state);
  $("lesson-back").href = `#preset=${p}&lang=${language()}`;
  for (const a of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("#presets a"))) {
    a.href = `#preset=${a.dataset.preset}&lang=${language()}`;
    if (a.dataset.preset === p) a.setAttribute("aria-current", "true");
    else a.removeAttribute("aria-current");
  }
}

/**
 * The notice: the hash entries that were ignored, and the engine's error if the state had to
 * be rolled back. `notice` is { ignored, engineError }; it is shown again only when it changes,
 * or it would be announced again after every edit.
 */
let noticeShown = null;
function renderNotice(notice) {
  if (noticeShown && noticeShown.ignored === notice.ignored && noticeShown.engineError === notice.engineError) return;
  noticeShown = { ...notice };
  if (!notice.ignored.length && !notice.engineError) {
    clearNotice();
    return;
  }
  notify(
    () => {
      const lines = [];
      if (notice.ignored.length) lines.push(ignoredText(notice.ignored));
      if (notice.engineError) lines.push(t("descent.engineError", { message: errorText(notice.engineError) }));
      return lines.join(" ");
    },
    { error: Boolean(notice.engineError) },
  );
}

/** Brings every control and panel in line with the state and its run. */
export function renderControls(state, run, slots, notice) {
  modelShown = isModel(state);
  $("surface").value = state.surface;
  $("pair").checked = state.pair;
  $("pair").disabled = isModel(state);
  $("budget").value = String(state.steps);
  $("speed").value = state.speed;
  $("seed").value = String(state.seed);
  $("batch").value = String(state.batch);
  $("lang").value = language();
  renderSurfaceInfo(state, run);
  renderStarts(state, run);
  renderEditorPanel(state);
  renderMapFrames(state, run, slots);
  renderLesson(state);
  renderNotice(notice);
}

/** The speed menu, in the current language. */
export function fillSpeeds(state) {
  $("speed").replaceChildren(...SPEEDS.map((n) => new Option(t("descent.speedOption", { n: fmt(n) }), String(n))));
  $("speed").value = state?.speed ?? "20";
}
