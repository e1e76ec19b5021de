// DOM plumbing both pages share: element lookup, downloads, the page's keyboard shortcuts, and
// filling option lists and input ranges from the engine's schema.
import { t } from "./i18n.js";

/**
 * The element with this id (pages look elements up by id; a missing one is a bug).
 * @param {string} id
 * @returns {any}
 */
export const $ = (id) => document.getElementById(id);

/**
 * Saves `data` as a file named `name`.
 * @param {string} name @param {BlobPart | Blob} data @param {string} [type]
 */
export function download(name, data, type) {
  const blob = data instanceof Blob ? data : new Blob([data], { type });
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** Whether the focused element uses typed keys itself (text fields, lists, editable text). */
function typing(/** @type {Element} */ el) {
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement)
    return !["checkbox", "radio", "button", "submit", "reset", "file", "color", "range"].includes(el.type);
  if (el instanceof HTMLElement && el.isContentEditable) return true;
  return el.matches("[role=textbox], [role=searchbox], [role=combobox], [role=listbox], [role=spinbutton]");
}

/** Whether the focused element acts on Space itself (buttons, boxes, radios, links, disclosure). */
function usesSpace(/** @type {Element} */ el) {
  if (typing(el)) return true;
  if (el instanceof HTMLInputElement || el instanceof HTMLButtonElement || el instanceof HTMLAnchorElement) return true;
  return el.matches(
    "summary, [role=button], [role=checkbox], [role=radio], [role=switch], [role=link], [role=menuitem], [role=menuitemcheckbox], [role=menuitemradio], [role=option], [role=tab]",
  );
}

/**
 * The page's shortcuts — Space plays or pauses, S steps, R resets — while focus is inside
 * `root`, and never when the focused control uses the key itself: Space is left to buttons,
 * check boxes, radios, links, disclosures and fields; letters to text fields and lists. A held
 * Space toggles once.
 * @param {HTMLElement} root
 * @param {{ toggle: () => void, step: () => void, reset: () => void, allowed?: (key: string) => boolean }} actions
 */
export function bindShortcuts(root, actions) {
  root.addEventListener("keydown", (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const el = /** @type {Element} */ (e.target);
    const key = e.key === " " ? "space" : e.key.toLowerCase();
    const act = { space: actions.toggle, s: actions.step, r: actions.reset }[key];
    if (!act || (key === "space" ? usesSpace(el) : typing(el))) return;
    if (actions.allowed && !actions.allowed(key)) return;
    e.preventDefault();
    if (key === "space" && e.repeat) return;
    act();
  });
}

/**
 * Skip links (`a.skip-link`) move the focus to their target without writing the URL's hash,
 * which holds the page's state.
 */
export function wireSkipLinks() {
  for (const a of /** @type {NodeListOf<HTMLAnchorElement>} */ (document.querySelectorAll("a.skip-link"))) {
    a.addEventListener("click", (e) => {
      const target = document.getElementById(a.hash.slice(1));
      if (!target) return;
      e.preventDefault();
      target.focus();
    });
  }
}

/**
 * Puts the focus back after a re-render took it away: on the first of `candidates` that is on
 * the page, shown and enabled (the control itself, rebuilt; else its nearest equivalent).
 * @param {...(HTMLElement | null | undefined)} candidates
 * @returns {HTMLElement | null} the element that got the focus
 */
export function refocus(...candidates) {
  for (const el of candidates) {
    if (!el || !el.isConnected || /** @type {any} */ (el).disabled || !el.checkVisibility()) continue;
    el.focus();
    return el;
  }
  return null;
}

/**
 * Fills a <select> with the engine's names, each labelled from the catalogue as
 * `${prefix}.${name}`; keeps the current choice when it is still offered.
 * @param {HTMLSelectElement} select @param {readonly string[]} names @param {string} prefix
 */
export function fillOptions(select, names, prefix) {
  const keep = select.value;
  select.replaceChildren(
    ...names.map((name) => {
      const o = document.createElement("option");
      o.value = name;
      o.dataset.i18n = `${prefix}.${name}`;
      o.textContent = t(`${prefix}.${name}`);
      return o;
    }),
  );
  if (names.includes(keep)) select.value = keep;
}

/**
 * Sets an <input type=number>'s min and max from an engine field's range (ends the engine
 * leaves open, or unbounded, are left off; the engine's own error covers them).
 * @param {HTMLInputElement} input @param {{ min?: number, max?: number, minOpen?: boolean, maxOpen?: boolean }} range
 */
export function applyRange(input, range) {
  const bounded = (/** @type {number | undefined} */ v) => v !== undefined && Math.abs(v) < 1.7e308;
  if (bounded(range.min) && !range.minOpen) input.min = String(range.min);
  if (bounded(range.max) && !range.maxOpen) input.max = String(range.max);
}
