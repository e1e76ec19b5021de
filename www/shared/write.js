// Writes to the DOM that happen only when the value changes. A text or attribute set to what it
// already is still counts as a change for the engine: the text is laid out and repainted again
// (WebKit lays the whole page out for it), and a live region may read it out twice. The pages
// write their counters every frame and translate on every language change, so they go through here.

/** Sets `el`'s text to `text` unless it already is. @param {Element} el @param {string} text */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets `el`'s accessible name (aria-label) unless it already is. @param {Element} el @param {string} text */
export function setLabel(el, text) {
  if (el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text);
}
