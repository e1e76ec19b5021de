// The per-step readout table: one row per path. Cells arrive formatted; the raw numbers go
// into data-* attributes so that tests and scripts can read them without parsing locale text.
import { markerSvg } from "./surface.js";

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/**
 * @param {HTMLTableSectionElement} tbody
 * @param {{key:string, colour:string, shape:string, name:string, cells:string[], state:string, stateText:string,
 *          data:Record<string, string|number>}[]} rows
 */
export function renderReadout(tbody, rows) {
  // Rebuilt only when the set of rows changes; otherwise the cells are updated in place, so
  // that a screen reader's position in the table survives playback.
  if (tbody.rows.length !== rows.length || [...tbody.rows].some((tr, i) => tr.dataset.key !== rows[i].key)) {
    tbody.innerHTML = rows
      .map(
        (r) =>
          `<tr data-key="${esc(r.key)}"><th scope="row">${markerSvg(r.shape, r.colour, { size: 14 })} <span></span></th>` +
          `${r.cells.map(() => "<td></td>").join("")}<td class="state"></td></tr>`,
      )
      .join("");
  }
  rows.forEach((r, i) => {
    const tr = tbody.rows[i];
    tr.querySelector("th span").textContent = r.name;
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
