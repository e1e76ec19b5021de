// The page's notice line (#notice, #notice-text, #notice-close): settings a link carried that
// were ignored, an engine error, a failed load. Its text is kept as a function, so a language
// switch writes it again in the new language.
import { t, onLanguage } from "./i18n.js";
import { errorText } from "./errors.js";
import { $ } from "./dom.js";

/** @type {(() => string) | null} */
let text = null;

function render() {
  const box = $("notice");
  if (!box) return;
  box.hidden = !text;
  if (text) $("notice-text").textContent = text();
}

onLanguage(render);

/**
 * Shows a notice; `error` styles it as one.
 * @param {() => string} textOf @param {{ error?: boolean }} [options]
 */
export function notify(textOf, { error = false } = {}) {
  text = textOf;
  $("notice")?.classList.toggle("error", error);
  render();
}

export function clearNotice() {
  text = null;
  render();
}

/** Wires the notice's close button. */
export function wireNotice() {
  $("notice-close")?.addEventListener("click", clearNotice);
}

/**
 * The text for hash entries that were ignored: { key, value, reason } with reason "unknown",
 * "range", "number", "choice", or an engine error under `error`.
 * @param {{ key: string, value: string, reason: string, error?: any }[]} ignored
 */
export function ignoredText(ignored) {
  const reason = (/** @type {any} */ i) =>
    i.error
      ? errorText(i.error)
      : t({ range: "common.reasonRange", number: "common.reasonNumber" }[i.reason] ?? "common.reasonChoice");
  // A link is untrusted text: long keys and values are cut, never echoed whole.
  const cut = (/** @type {string} */ s) => (s.length > 40 ? `${s.slice(0, 40)}…` : s);
  const list = ignored
    .map((i) =>
      i.reason === "unknown"
        ? t("common.hashUnknown", { key: cut(i.key) })
        : t("common.hashBadValue", { key: cut(i.key), value: cut(i.value), reason: reason(i) }),
    )
    .join("; ");
  return t("common.hashIgnored", { list });
}

/** Shows the entries of a link that were ignored, if any. */
export function showIgnored(/** @type {{ key: string, value: string, reason: string, error?: any }[]} */ ignored) {
  if (ignored.length) notify(() => ignoredText(ignored));
}

/** The engine could not be loaded: says so (the page stays as it was). */
export function showLoadFailure(/** @type {any} */ e) {
  $("loading") && ($("loading").hidden = true);
  notify(() => t("common.loadFailed", { message: String(e?.message ?? e) }), { error: true });
  console.error(e);
}
