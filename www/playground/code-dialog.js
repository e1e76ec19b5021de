// The "Show the code" dialog: the current run as a NumPy script (code-export.js), with copy and
// download buttons. The script is written when the dialog opens and again on a language switch,
// from what the engine reports then (config, layer sizes, points, epoch).
import { t, language, onLanguage } from "../shared/i18n.js";
import { download } from "../shared/dom.js";
import { numpyScript } from "./code-export.js";

const FILE = "dl_playground_run.py";

/** An element with attributes and children. @returns {any} */
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
 * Wires `button` to open the dialog. `run()` gives what the script is made from.
 * @param {{ button: HTMLButtonElement, run: () => Promise<{ config: any, sizes: number[], points: any, epoch: number }> }} o
 */
export function wireCode({ button, run }) {
  const code = el("code", {});
  const pre = el("pre", { class: "code-text", tabindex: "0", "aria-labelledby": "code-title" }, code);
  const status = el("p", { class: "hint code-status", role: "status" });
  const copy = el("button", { type: "button", id: "code-copy", "data-i18n": "code.copy" });
  const save = el("button", { type: "button", id: "code-download", "data-i18n": "code.download" });
  const close = el("button", { type: "button", class: "share-close", "data-i18n": "common.close" });
  const dialog = el(
    "dialog",
    { class: "share code", id: "code-dialog", "aria-labelledby": "code-title" },
    el("div", { class: "share-head" }, el("h2", { id: "code-title", "data-i18n": "code.title" }), close),
    el("p", { "data-i18n": "code.intro" }),
    el("div", { class: "row" }, copy, save),
    status,
    pre,
  );
  document.body.append(dialog);
  const translate = () => {
    for (const e of dialog.querySelectorAll("[data-i18n]")) e.textContent = t(e.getAttribute("data-i18n") ?? "");
  };
  translate();

  let text = "";
  const write = async () => {
    const r = await run();
    const lang = language() === "ko" ? "ko" : "en";
    const names = { model: t(`model.${r.config.model}`), dataset: t(`dataset.${r.config.dataset}`) };
    text = numpyScript(r, lang, names, FILE);
    code.textContent = text;
  };
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = t("code.copied");
    } catch {
      // No clipboard (an insecure page, a refused permission): the text is selected instead.
      getSelection()?.selectAllChildren(code);
      status.textContent = t("code.copyFailed");
    }
  });
  save.addEventListener("click", () => download(FILE, text, "text/x-python"));
  close.addEventListener("click", () => dialog.close());
  button.addEventListener("click", async () => {
    status.textContent = "";
    translate();
    await write();
    dialog.showModal();
    pre.scrollTop = 0;
  });
  onLanguage(() => {
    translate();
    if (dialog.open) write();
  });
  return dialog;
}
