// The optimizer editor: one fieldset per racer with its kind, learning rate and the
// hyperparameters that kind reads. Labels come through `t` (elements keep their data-i18n keys
// so a language switch retranslates them); the controller listens for `change` on the box.
import { applyRange } from "../../shared/dom.js";

function option(t, value, key) {
  const o = document.createElement("option");
  o.value = value;
  o.dataset.i18n = key;
  o.textContent = t(key);
  return o;
}

function numberField(t, id, labelKey, titleKey, value, range) {
  const div = document.createElement("div");
  div.className = "field";
  const label = document.createElement("label");
  label.htmlFor = id;
  label.dataset.i18n = labelKey;
  label.dataset.i18nTitle = titleKey;
  label.textContent = t(labelKey);
  label.title = t(titleKey);
  const input = document.createElement("input");
  Object.assign(input, { type: "number", id, value: String(value), step: "any", inputMode: "decimal" });
  applyRange(input, range ?? {});
  div.append(label, input);
  return div;
}

/** `<option>`s for every optimizer kind, labelled from the catalogue (`keyOf`: a kind's key). */
export function kindOptions(t, kinds, keyOf = (k) => `descent.kind.${k}`) {
  return kinds.map((k) => option(t, k, keyOf(k)));
}

/**
 * Rebuilds the editor. Every input gets data-racer (its index) and data-param (kind, lr, mu,
 * alpha, beta1, beta2, eps, or lr2 for the right map's learning rate); each fieldset has an
 * error line `racer-error-<i>` and, when `removable`, a button with data-remove.
 * @param {HTMLElement} box
 * @param {object} o
 * @param {{kind:string, lr:number}[]} o.racers  the racers to show, with their hyperparameters
 * @param {string[]} o.kinds
 * @param {Record<string, string[]>} o.uses  hyperparameters each kind reads
 * @param {Record<string, object>} o.ranges  each hyperparameter's allowed range (engine fields)
 * @param {string[]} o.colours
 * @param {number|null} o.lr2  the right map's learning rate when comparing two, else null
 * @param {boolean} o.removable
 * @param {(key: string, params?: object) => string} o.t
 * @param {(kind: string) => string} [o.keyOf]  the catalogue key of a kind's name
 */
export function renderEditor(box, { racers, kinds, uses, ranges, colours, lr2, removable, t, keyOf }) {
  keyOf ??= (k) => `descent.kind.${k}`;
  const focused = document.activeElement?.id;
  box.replaceChildren(
    ...racers.map((r, i) => {
      const name = t(keyOf(r.kind));
      const fs = document.createElement("fieldset");
      fs.className = "racer";
      const lg = document.createElement("legend");
      const sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = colours[i];
      lg.append(sw, t("descent.racerLegend", { n: i + 1, name }));

      const kindField = document.createElement("div");
      kindField.className = "field kind";
      const kl = document.createElement("label");
      kl.htmlFor = `kind-${i}`;
      kl.dataset.i18n = "descent.kind";
      kl.textContent = t("descent.kind");
      const sel = document.createElement("select");
      sel.id = `kind-${i}`;
      sel.append(...kindOptions(t, kinds, keyOf));
      sel.value = r.kind;
      kindField.append(kl, sel);
      fs.append(lg, kindField);

      fs.append(
        numberField(t, `lr-${i}`, lr2 === null ? "descent.lr" : "descent.lrLeft", "descent.lrTitle", r.lr, ranges.lr),
      );
      if (lr2 !== null) fs.append(numberField(t, "lr2", "descent.lrRight", "descent.lrTitle", lr2, ranges.lr));
      for (const k of uses[r.kind]) {
        fs.append(numberField(t, `${k}-${i}`, `descent.${k}`, `descent.${k}Title`, r[k], ranges[k]));
      }
      for (const el of /** @type {NodeListOf<HTMLInputElement | HTMLSelectElement>} */ (
        fs.querySelectorAll("input, select")
      )) {
        el.dataset.racer = String(i);
        el.dataset.param = el.id === "lr2" ? "lr2" : el.id.split("-")[0];
      }
      const err = document.createElement("p");
      err.className = "field-error";
      err.id = `racer-error-${i}`;
      err.hidden = true;
      fs.append(err);
      if (removable) {
        const rm = document.createElement("button");
        rm.type = "button";
        rm.className = "remove";
        rm.dataset.remove = String(i);
        rm.textContent = t("descent.remove");
        rm.setAttribute("aria-label", t("descent.removeLabel", { n: i + 1, name }));
        fs.append(rm);
      }
      return fs;
    }),
  );
  if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
}

/** Writes values into the editor's inputs without rebuilding it (the focused one is left alone). */
export function updateEditor(box, valueOf) {
  for (const input of box.querySelectorAll("input")) {
    const v = valueOf(Number(input.dataset.racer), input.dataset.param);
    if (document.activeElement !== input && Number(input.value) !== v) input.value = String(v);
  }
}

/**
 * Marks an input invalid and shows `message` in `errorEl` (linked by aria-describedby), or,
 * with no message, valid again.
 */
export function markInput(input, errorEl, message) {
  input.setAttribute("aria-invalid", String(Boolean(message)));
  errorEl.hidden = !message;
  if (message) {
    errorEl.textContent = message;
    input.setAttribute("aria-describedby", errorEl.id);
  } else {
    input.removeAttribute("aria-describedby");
  }
}

/** A number input's value, or null when it is not a finite number. */
export function numberOf(input) {
  const v = input.value.trim() === "" ? NaN : Number(input.value);
  return Number.isFinite(v) ? v : null;
}
