// The per-step readout table: one row per path. Cells arrive formatted; the raw numbers go
// into data-* attributes so that tests and scripts can read them without parsing locale text.
import { markerSvg } from "./surface.js";
import { svg } from "./legend.js";

/**
 * @param {HTMLTableSectionElement} tbody
 * @param {{key:string, colour:string, shape:string, name:string, place?:string, cells:string[], state:string,
 *          stateText:string, data:Record<string, string|number>}[]} rows
 *   place: the row's finishing place ("1."), shown before its name when given
 */
export function renderReadout(tbody, rows) {
  // Rebuilt only when the set of rows changes; otherwise the cells are updated in place, so
  // that a screen reader's position in the table survives playback.
  if (tbody.rows.length !== rows.length || [...tbody.rows].some((tr, i) => tr.dataset.key !== rows[i].key)) {
    tbody.replaceChildren(
      ...rows.map((r) => {
        const tr = document.createElement("tr");
        tr.dataset.key = r.key;
        const th = document.createElement("th");
        th.scope = "row";
        const name = document.createElement("span");
        name.className = "name";
        th.append(svg(markerSvg(r.shape, r.colour, { size: 14 })), " ");
        if (r.place !== undefined) {
          const place = document.createElement("span");
          place.className = "place";
          th.append(place, " ");
        }
        th.append(name);
        tr.append(th, ...r.cells.map(() => document.createElement("td")));
        const state = document.createElement("td");
        state.className = "state";
        tr.append(state);
        return tr;
      }),
    );
  }
  rows.forEach((r, i) => {
    const tr = tbody.rows[i];
    tr.querySelector("th span.name").textContent = r.name;
    const place = tr.querySelector("th span.place");
    if (place) place.textContent = r.place ?? "";
    r.cells.forEach((c, k) => {
      tr.cells[k + 1].textContent = c;
    });
    const st = tr.cells[r.cells.length + 1];
    st.textContent = r.stateText;
    st.dataset.state = r.state;
    tr.dataset.state = r.state;
    for (const [k, v] of Object.entries(r.data)) tr.dataset[k] = String(v);
  });
}
