// Mounts an embed — the playground's or the lab's, as its hash and attributes say — into an
// element of its own: embed.html's body, or a <dl-playground> element's shadow root. Each embed
// has its own engine worker, run and language.
import { translator, initialLanguage, LANGUAGES } from "../shared/i18n.js";
import { embedOptions } from "./options.js";
import { PlaygroundPlayer } from "./playground-player.js";
import { LabPlayer } from "./lab-player.js";

/** The folder of the pages, wherever these modules are served from (for links to the full pages). */
const SITE = new URL("../", import.meta.url);

/**
 * Mounts an embed in `root` and resolves to its player (`destroy()` stops it and its worker).
 * @param {HTMLElement} root  the embed's own element, emptied and filled
 * @param {Element} host  the element whose visibility on screen decides whether it may run
 * @param {string} hash  the pages' hash, with the embed's own `parts` and `page`
 * @param {{ kind?: string | null, parts?: string | null, lesson?: string | null, lang?: string | null }} [given]
 *   what an element's attributes set (before the hash's own entries)
 */
export async function mount(root, host, hash, given = {}) {
  const options = embedOptions(hash, given);
  const asked = new URLSearchParams(options.hash.slice(1)).get("lang");
  // The hash's (or attribute's) language, else the page's around the embed, else the reader's.
  // embed.html has no page around it (its own <html lang> only stands in until the embed loads).
  const around = host === root ? null : (host.closest("[lang]")?.getAttribute("lang")?.slice(0, 2) ?? null);
  const lang = LANGUAGES.includes(asked ?? "")
    ? asked
    : LANGUAGES.includes(around ?? "")
      ? around
      : initialLanguage(null);
  const tr = translator(/** @type {string} */ (lang));
  root.className = "dlp";
  root.lang = tr.lang;
  root.setAttribute("role", "region");
  // Clicking into the embed gives it the focus (so that its keys work); nothing else does.
  root.tabIndex = -1;
  Object.assign(root.dataset, { kind: options.kind, ready: "false", playing: "false" });
  root.textContent = tr.t("common.loading");
  const player =
    options.kind === "lab" ? new LabPlayer(root, tr, options, SITE) : new PlaygroundPlayer(root, tr, options, SITE);
  try {
    await player.start();
  } catch (e) {
    player.destroy();
    root.textContent = tr.t("common.loadFailed", { message: String(/** @type {any} */ (e)?.message ?? e) });
    root.dataset.ready = "failed";
    throw e;
  }
  player.listen(/** @type {HTMLElement} */ (host));
  root.dataset.ready = "true";
  return player;
}
