// Compare mode on the page: the panel of run cards (the page's own run A and up to three more),
// each compared run's editor, the runs' part of each frame (records, gradient norms) and the
// texts the cards and the overlaid charts show. The worker trains the runs in lockstep
// (engine/lockstep.js); this module keeps what the page holds of them.
import { t, fmt, fmtSig } from "../shared/i18n.js";
import { $ } from "../shared/dom.js";
import { errorText } from "../shared/errors.js";
import { emptyHistory, historyRequest, mergeHistory } from "../engine/playback.js";
import { CompareCards } from "./views/compare-cards.js";
import { COMPARABLE, MAX_COMPARED, RUN_COLOURS, RUN_NAMES, RUN_SHAPES, describeRun, valueNamer } from "./compare.js";

const num = (/** @type {number} */ v) => fmtSig(v, 4);
const pct = (/** @type {number} */ v) =>
  v === null || v === undefined || Number.isNaN(v) ? "–" : fmt(v, { style: "percent", maximumFractionDigits: 1 });

/** A setting's value as the page names it. */
export const valueName = valueNamer(t, (v) => fmt(v));

/** A run's title: what it changes, or "this page's settings" for run A. */
const runTitle = (/** @type {Record<string, any> | null} */ run) =>
  run ? describeRun(run, (k) => t(`field.${k}`), valueName) : t("cmp.ownRun");

/**
 * @param {object} o
 * @param {any} o.engine  the PlaygroundEngine
 * @param {any} o.app  the page state (app.js)
 * @param {number} o.half  the view box's half width
 * @param {(runs: Record<string, any>[]) => Promise<unknown>} o.change  applies a new list of compared runs
 */
export function comparePanel({ engine, app, half, change }) {
  const cards = new CompareCards($("cmp-cards"), half);
  /** @type {Record<string, any>[]} the compared runs' changes (B, C, D) */
  let runs = [];
  /** Each compared run's record, as the page holds the main one. */
  let histories = [];
  /** The first and the output layer's gradient norms of every run, one row per frame: the rows'
   * epochs and the values, run after run, first layer then output (NaN where there is none). */
  let norms = { epochs: /** @type {number[]} */ ([]), values: /** @type {number[]} */ ([]) };
  const noNorms = () => ({ epochs: [], values: [] });

  /** The hash entries of the settings, by key (for the editors' value controls). */
  const entries = () => new Map(app.hash.config.map((/** @type {any} */ e) => [e.key, e]));

  /** A value control for setting `key` (a list of choices, a number or a layer list). */
  function valueControl(/** @type {string} */ key, /** @type {any} */ value) {
    const spec = entries().get(key);
    if (spec?.type === "enum") {
      const s = document.createElement("select");
      for (const v of spec.values) {
        const o = document.createElement("option");
        o.value = v;
        o.textContent = valueName(key, v);
        s.append(o);
      }
      s.value = value ?? spec.values.find((/** @type {any} */ v) => v !== app.config[key]) ?? spec.values[0];
      return s;
    }
    const i = document.createElement("input");
    i.type = spec?.type === "number" ? "number" : "text";
    if (spec?.type === "number") i.step = "any";
    i.value = Array.isArray(value) ? value.join(",") : String(value ?? app.config[key] ?? "");
    return i;
  }

  /** The editor of compared run `r` (index in `runs`): its changes, one more, remove. */
  function editor(/** @type {number} */ r) {
    const box = document.createElement("details");
    const summary = document.createElement("summary");
    summary.textContent = t("cmp.edit", { run: RUN_NAMES[r + 1] });
    box.append(summary);
    const list = document.createElement("ul");
    list.className = "cmp-changes";
    for (const key of COMPARABLE.filter((k) => k in runs[r])) {
      const li = document.createElement("li");
      li.textContent = `${t(`field.${key}`)}: ${valueName(key, runs[r][key])} `;
      if (Object.keys(runs[r]).length > 1) {
        const x = document.createElement("button");
        x.type = "button";
        x.textContent = t("cmp.undoChange");
        x.setAttribute("aria-label", t("cmp.undoChangeLabel", { field: t(`field.${key}`) }));
        x.addEventListener("click", () => {
          const next = runs.map((x) => ({ ...x }));
          delete next[r][key];
          change(next);
        });
        li.append(x);
      }
      list.append(li);
    }
    const row = document.createElement("div");
    row.className = "row cmp-add-change";
    const keySel = document.createElement("select");
    keySel.setAttribute("aria-label", t("cmp.setting", { run: RUN_NAMES[r + 1] }));
    for (const k of COMPARABLE) {
      const o = document.createElement("option");
      o.value = k;
      o.textContent = t(`field.${k}`);
      keySel.append(o);
    }
    let value = valueControl(keySel.value, undefined);
    value.setAttribute("aria-label", t("cmp.value", { run: RUN_NAMES[r + 1] }));
    keySel.addEventListener("change", () => {
      const next = valueControl(keySel.value, runs[r][keySel.value]);
      next.setAttribute("aria-label", t("cmp.value", { run: RUN_NAMES[r + 1] }));
      value.replaceWith(next);
      value = next;
    });
    const apply = document.createElement("button");
    apply.type = "button";
    apply.textContent = t("cmp.apply");
    apply.addEventListener("click", () => {
      const spec = entries().get(keySel.value);
      const raw = /** @type {HTMLInputElement} */ (value).value;
      const v =
        spec?.type === "number"
          ? Number(raw)
          : spec?.type === "list"
            ? raw
                .split(/[,\s-]+/)
                .filter(Boolean)
                .map(Number)
            : raw;
      const next = runs.map((x) => ({ ...x }));
      next[r][keySel.value] = v;
      change(next);
    });
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "danger";
    remove.textContent = t("cmp.remove", { run: RUN_NAMES[r + 1] });
    remove.addEventListener("click", () => change(runs.filter((_, i) => i !== r)));
    row.append(keySel, value, apply);
    box.append(list, row, remove);
    return box;
  }

  /** A first change for a new run: an activation, a model or an optimizer the page's run has not. */
  function newRun() {
    const used = new Set(runs.map((r) => JSON.stringify(r)));
    const tries =
      app.config.model === "mlp"
        ? ["relu", "sigmoid", "tanh", "leakyRelu", "linear"].map((a) => ({ activation: a }))
        : ["adam", "momentum", "rmsprop", "sgd"].map((o) => ({ optimizer: o }));
    return (
      tries.find((r) => Object.values(r)[0] !== app.config[Object.keys(r)[0]] && !used.has(JSON.stringify(r))) ?? {
        learningRate: app.config.learningRate * 3,
      }
    );
  }

  $("cmp-add").addEventListener("click", () => {
    if (runs.length < MAX_COMPARED) change([...runs, newRun()]);
  });
  $("cmp-end").addEventListener("click", () => change([]));

  return {
    get runs() {
      return runs;
    },
    /** The compared runs are now `next` (after the engine took them): new cards, empty records. */
    set(/** @type {Record<string, any>[]} */ next) {
      runs = next;
      histories = runs.map(() => emptyHistory());
      norms = noNorms();
      const looks = [null, ...runs].map((r, i) => ({
        name: RUN_NAMES[i],
        colour: RUN_COLOURS[i],
        shape: RUN_SHAPES[i],
        title: runTitle(r),
      }));
      $("cmp-body").hidden = runs.length === 0;
      $("cmp-end").hidden = runs.length === 0;
      $("cmp-add").disabled = runs.length >= MAX_COMPARED;
      document.body.dataset.comparing = String(runs.length > 0);
      cards.setRuns(runs.length ? looks : []);
      cards.cards.slice(1).forEach((c, i) => c.editor.append(editor(i)));
    },
    /** The run's records start over (a change to the runs). */
    clear() {
      histories = runs.map(() => emptyHistory());
      norms = noNorms();
    },
    setPoints(/** @type {any} */ points) {
      cards.setPoints(points);
    },
    /** The frame options for the compared runs' records. */
    options: () => (runs.length ? { comparedHistory: histories.map(historyRequest) } : {}),
    /** Takes a live frame's part of the compared runs. */
    accept(/** @type {any} */ f) {
      if (!runs.length || !f.compared) return;
      f.compared.forEach((/** @type {any} */ c, /** @type {number} */ i) => {
        if (histories[i]) mergeHistory(histories[i], c);
      });
      if (norms.epochs.length && norms.epochs[norms.epochs.length - 1] === f.epoch) return;
      norms.epochs.push(f.epoch);
      for (const c of [f, ...f.compared]) {
        const g = c.gradientNorms ?? [];
        // A single neuron has one layer: first and output are the same.
        for (const v of [g[0], g[g.length - 1]]) norms.values.push(v > 0 ? v : NaN);
      }
      // Bounded for any run length: every other row goes when the rows pass 4000.
      if (norms.epochs.length > 4000) {
        const n = 2 * (runs.length + 1);
        norms.epochs = norms.epochs.filter((_, k) => k % 2 === 0);
        norms.values = norms.values.filter((_, k) => Math.floor(k / n) % 2 === 0);
      }
    },
    /** The records of every run (A first): train losses and their epochs, and the gradient norms. */
    series() {
      return { histories: [app.history, ...histories], norms };
    },
    /** Draws the cards for the frame shown (live or replayed). */
    draw(/** @type {any} */ frame) {
      if (!runs.length || !frame) return;
      cards.drawRuns(frame, { t, fmt, fmtSig }, num, pct);
    },
    /** An error of the engine about the compared runs, shown under the panel's heading. */
    showError(/** @type {any} */ e) {
      $("cmp-error").textContent = e ? errorText(e) : "";
      $("cmp-error").hidden = !e;
    },
  };
}
