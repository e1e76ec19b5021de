// The engine's errors and divergences in the page's language. An engine error is data (see
// docs/api.md): its `code` picks the catalogue text, and its `field`, `value`, range, names,
// line and column fill it in. Nothing here reads the English message.
import { t, has, fmt, fmtSig } from "./i18n.js";

/** @typedef {import("../pkg/dl_playground.js").EngineError & { message?: string }} ErrorData */

/**
 * A field path in words: "optimizers[2].beta1" is racer 3's β1, "hidden[1]" the second hidden
 * layer, "config.points" the points; an unknown name is shown as it is.
 * @param {string} path
 */
export function fieldName(path) {
  if (!path) return "";
  const dot = path.lastIndexOf(".");
  if (dot >= 0) {
    const head = path.slice(0, dot);
    const name = fieldName(path.slice(dot + 1));
    if (head === "config" || head === "state") return name;
    return t("err.within", { whole: fieldName(head), part: name });
  }
  const open = path.indexOf("[");
  if (open > 0 && path.endsWith("]")) {
    const n = Number(path.slice(open + 1, -1));
    const list = path.slice(0, open);
    if (Number.isInteger(n))
      return t(has(`err.item.${list}`) ? `err.item.${list}` : "err.item", { list: fieldName(list), n: n + 1 });
  }
  return has(`field.${path}`) ? t(`field.${path}`) : path;
}

/** @param {number} v */
const num = (v) => (Math.abs(v) >= 1.7e308 ? (v > 0 ? "∞" : "−∞") : fmtSig(v, 6));

/**
 * What a `range` error allows, in words around notation both languages read: "in [0, 1)",
 * "a whole number in 1…2000", "> 0".
 * @param {ErrorData} e
 */
export function allowedRange(e) {
  const lo = e.min ?? -Infinity,
    hi = e.max ?? Infinity;
  const bounded = (/** @type {number} */ v) => Number.isFinite(v) && Math.abs(v) < 1.7e308;
  if (e.integer) {
    if (bounded(hi)) return t("err.allowed.whole", { range: `${fmt(lo)}…${fmt(hi)}` });
    return t("err.allowed.wholeBound", { bound: `≥ ${fmt(lo)}` });
  }
  if (bounded(lo) && bounded(hi)) return t("err.allowed.interval", { interval: interval(e) });
  if (bounded(lo)) return t("err.allowed.bound", { bound: `${e.minOpen ? ">" : "≥"} ${num(lo)}` });
  if (bounded(hi)) return t("err.allowed.bound", { bound: `${e.maxOpen ? "<" : "≤"} ${num(hi)}` });
  return t("err.allowed.finite");
}

/** "[min, max)" and the like. */
function interval(/** @type {ErrorData} */ e) {
  return `${e.minOpen ? "(" : "["}${num(e.min ?? 0)}, ${num(e.max ?? 0)}${e.maxOpen ? ")" : "]"}`;
}

/** @param {unknown} v */
function valueText(v) {
  if (v === undefined || v === null) return "–";
  if (typeof v === "number") return num(v);
  // Non-finite numbers come as text (JSON has none); they are numbers to the reader.
  if (v === "NaN" || v === "Infinity" || v === "-Infinity") return v;
  return `“${String(v)}”`;
}

/**
 * Any error from the engine (or the worker), translated. Errors without a known code (a bug,
 * a failed download) show their message as it is.
 * @param {any} error
 */
export function errorText(error) {
  const e = /** @type {ErrorData | undefined} */ (error && typeof error === "object" ? error : undefined);
  if (!e?.code || !has(`err.${e.code}`)) return t("err.unknown", { message: String(error?.message ?? error) });
  const params = {
    field: fieldName(e.field),
    value: valueText(e.value),
    allowed: e.code === "range" ? allowedRange(e) : e.code === "csvOutside" ? interval(e) : "",
    min: e.min === undefined ? "" : fmt(e.min),
    max: e.max === undefined ? "" : fmt(e.max),
    values: (e.values ?? []).join(", "),
    expected: e.expected ? t(`err.type.${e.expected}`) : "",
    got: e.got ? t(`err.type.${e.got}`) : "",
    line: e.line === undefined ? "" : fmt(e.line),
    column: e.column === undefined ? "" : fmt(e.column),
    detail: e.detail ?? "",
  };
  let text = t(`err.${e.code}`, params);
  if (e.code === "index" && (e.max ?? -1) < 0) text = t("err.indexNone", params);
  if (e.code === "length" && e.min === e.max) text = t("err.lengthExact", params);
  if (e.line !== undefined) text = t(e.column === undefined ? "err.atLine" : "err.atLineColumn", { ...params, text });
  return text;
}

/**
 * Why training stopped, from `metrics().divergence`.
 * @param {import("../pkg/dl_playground.js").Divergence} d
 */
export function divergenceText(d) {
  const what = t(`div.${d.cause}`, { name: d.parameter ?? "", value: d.value });
  return t("div.message", { epoch: fmt(d.epoch), iteration: fmt(d.iteration), what, lr: fmtSig(d.learningRate, 6) });
}
