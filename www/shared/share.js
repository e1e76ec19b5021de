// The share / embed dialog of both pages: for the state in the address bar (settings, seed and
// edited points), the link, the iframe snippet and the element snippet (embed/snippets.js), each
// with a copy button; a choice of the parts the embed shows, and a live preview of it.
import { t, language, onLanguage } from "./i18n.js";
import { PARTS, FREE_PARTS, lessonNumbered } from "../lessons/registry.js";
import { snippets } from "../embed/snippets.js";

/** The pages' folder (this module is in shared/). */
const SITE = new URL("../", import.meta.url);

/** An element with attributes and children (text as text). @returns {any} */
function el(
  /** @type {string} */ tag,
  /** @type {Record<string, string>} */ attrs = {},
  /** @type {(Node | string)[]} */ ...kids
) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...kids);
  return e;
}

/**
 * Wires `button` to open the dialog for the page `kind`. `lesson()` gives the lesson the state
 * starts from (its parts are the first choice), `title()` the iframe's title.
 * @param {{ kind: "playground" | "lab", button: HTMLButtonElement, lesson: () => string | null, title: () => string }} o
 */
export function wireShare({ kind, button, lesson, title }) {
  const status = el("p", { class: "hint share-status", role: "status" });
  const boxes = PARTS[kind].map((p) => el("input", { type: "checkbox", value: p, "data-share-part": p }));
  const partsSet = el(
    "fieldset",
    { class: "share-parts" },
    el("legend", { "data-i18n": "share.parts" }),
    ...boxes.map((b) => el("label", {}, b, el("span", { "data-i18n": `part.${b.value}` }))),
  );
  /** One snippet: a label, the text (read-only), a copy button. */
  const field = (/** @type {string} */ id, /** @type {string} */ label, rows = 1, hint = "") => {
    const text =
      rows === 1
        ? el("input", { type: "text", id, readonly: "", spellcheck: "false" })
        : el("textarea", { id, rows: String(rows), readonly: "", spellcheck: "false" });
    const copy = el("button", { type: "button", "data-copy": id, "data-i18n": "share.copy" });
    copy.addEventListener("click", () => copyText(text));
    return el(
      "div",
      { class: "share-field" },
      el("label", { for: id, "data-i18n": label }),
      el("div", { class: "share-row" }, text, copy),
      ...(hint ? [el("p", { class: "hint", "data-i18n": hint })] : []),
    );
  };
  // The preview's frame is made when the dialog first opens: an iframe in the page, even empty,
  // costs a browsing context (about 20 ms of the main thread) before the page's first frame.
  const previewBox = el("div", { class: "share-preview-box" });
  /** @type {HTMLIFrameElement | null} */
  let preview = null;
  const close = el("button", { type: "button", class: "share-close", "data-i18n": "common.close" });
  const dialog = el(
    "dialog",
    { class: "share", "aria-labelledby": "share-title" },
    el("div", { class: "share-head" }, el("h2", { id: "share-title", "data-i18n": "share.title" }), close),
    el("p", { "data-i18n": "share.intro" }),
    partsSet,
    field("share-link", "share.link"),
    field("share-iframe", "share.iframe", 4, "share.iframeHint"),
    field("share-element", "share.element", 3),
    status,
    el("h3", { "data-i18n": "share.preview" }),
    previewBox,
  );
  document.body.append(dialog);

  let lastEmbed = "";
  /** Writes every snippet for the current state and the parts ticked; reloads the preview if it changed. */
  // The dialog's fixed text, in the page's language from the start (it is in the page, closed).
  const translate = () => {
    for (const e of dialog.querySelectorAll("[data-i18n]")) e.textContent = t(e.getAttribute("data-i18n") ?? "");
    if (preview) preview.title = t("share.preview");
  };
  translate();
  const render = () => {
    translate();
    const parts = boxes.filter((b) => b.checked).map((b) => b.value);
    const s = snippets({ site: SITE, kind, hash: location.hash, parts, lang: language(), title: title() });
    dialog.querySelector("#share-link").value = s.link;
    dialog.querySelector("#share-iframe").value = s.iframe;
    dialog.querySelector("#share-element").value = s.element;
    if (s.embedHash !== lastEmbed || !preview) {
      lastEmbed = s.embedHash;
      const src = new URL(`embed.html${s.embedHash}`, SITE).href;
      if (preview) preview.src = src;
      else previewBox.append((preview = el("iframe", { class: "share-preview", title: t("share.preview"), src })));
    }
  };
  const copyText = async (/** @type {HTMLInputElement | HTMLTextAreaElement} */ text) => {
    try {
      await navigator.clipboard.writeText(text.value);
      status.textContent = t("share.copied");
    } catch {
      text.select();
      status.textContent = t("share.copyFailed");
    }
  };
  for (const b of boxes) b.addEventListener("change", render);
  close.addEventListener("click", () => dialog.close());
  button.addEventListener("click", () => {
    const l = lessonNumbered(lesson());
    const first = l && l.page === kind ? l.parts : FREE_PARTS[kind];
    for (const b of boxes) b.checked = first.includes(b.value);
    status.textContent = "";
    render();
    dialog.showModal();
  });
  onLanguage(() => (dialog.open ? render() : translate()));
  return dialog;
}
