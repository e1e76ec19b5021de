// The legend under the map: one entry per racer (colour, marker shape, label) and, when there
// are several start points, one per start (its line dash). Text comes in already translated.
import { markerSvg, symbolSvg } from "./surface.js";

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/**
 * @param {HTMLUListElement} ul
 * @param {{colour:string, shape:string, text:string, kind?:string}[]} racers
 * @param {{dash:number[], text:string}[]} starts  shown only when there are two or more
 */
export function renderLegend(ul, racers, starts = []) {
  const items = racers.map(
    (r, i) =>
      `<li data-racer="${i}" data-colour="${r.colour}" data-shape="${r.shape}"${r.kind ? ` data-kind="${r.kind}"` : ""}>` +
      `${markerSvg(r.shape, r.colour)}<span>${esc(r.text)}</span></li>`,
  );
  if (starts.length > 1) {
    for (const [i, s] of starts.entries()) {
      items.push(
        `<li class="start-key" data-start="${i}">${markerSvg("circle", "#333", { dash: s.dash.length ? s.dash : [100] })}<span>${esc(s.text)}</span></li>`,
      );
    }
  }
  ul.innerHTML = items.join("");
}

/** The key to the map's symbols: `kinds` from minimum, start, diverged, leftBox. */
export function renderSymbols(ul, entries) {
  ul.innerHTML = entries
    .map((e) => `<li data-symbol="${e.kind}">${symbolSvg(e.kind)}<span>${esc(e.text)}</span></li>`)
    .join("");
}
