// The legend under the map: one entry per racer (colour, marker shape, label) and, when there
// are several start points, one per start (its line dash). Text comes in already translated.
import { markerSvg, symbolSvg } from "./surface.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** An SVG element from markup this module builds itself (never from user text). */
export function svg(markup) {
  // An XML parse puts the elements in the SVG namespace only if the markup names it.
  const xml = markup.includes("xmlns=") ? markup : markup.replace("<svg ", `<svg xmlns="${SVG_NS}" `);
  return document.importNode(new DOMParser().parseFromString(xml, "image/svg+xml").documentElement, true);
}

/** A list item holding a marker and a text (as text, never as markup). */
function item(marker, text, data) {
  const li = document.createElement("li");
  Object.assign(li.dataset, data);
  const span = document.createElement("span");
  span.textContent = text;
  li.append(svg(marker), span);
  return li;
}

/**
 * @param {HTMLUListElement} ul
 * @param {{colour:string, shape:string, text:string, kind?:string}[]} racers
 * @param {{dash:number[], text:string}[]} starts  shown only when there are two or more
 */
export function renderLegend(ul, racers, starts = []) {
  const items = racers.map((r, i) =>
    item(markerSvg(r.shape, r.colour), r.text, {
      racer: String(i),
      colour: r.colour,
      shape: r.shape,
      ...(r.kind ? { kind: r.kind } : {}),
    }),
  );
  if (starts.length > 1) {
    for (const [i, s] of starts.entries()) {
      const li = item(markerSvg("circle", "#333", { dash: s.dash.length ? s.dash : [100] }), s.text, {
        start: String(i),
      });
      li.className = "start-key";
      items.push(li);
    }
  }
  ul.replaceChildren(...items);
}

/** The key to the map's symbols: `kinds` from minimum, start, diverged, leftBox. */
export function renderSymbols(ul, entries) {
  ul.replaceChildren(...entries.map((e) => item(symbolSvg(e.kind), e.text, { symbol: e.kind })));
}
