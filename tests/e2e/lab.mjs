// What the lab's tests read from its page: the map's plot margins, the wait for the worker to go
// quiet, and the readout table's rows.

/** The plot's margins inside a map canvas (CSS px), as the view lays it out. */
export const MARGIN = { left: 46, right: 12, top: 10, bottom: 36 };

/** Waits until the page has no engine request on its way (the engine runs in a worker). */
export const settled = (page) => page.waitForSelector("body:not([data-busy=true])");

/** The readout table's rows: raw numbers from their data-* attributes (not locale text), and the
 * text of the cells the learner reads. */
export async function rows(page) {
  await settled(page);
  return page.$$eval("#readout-body tr", (trs) =>
    trs.map((tr) => ({
      map: Number(tr.dataset.map),
      start: Number(tr.dataset.start),
      kind: tr.dataset.kind,
      steps: Number(tr.dataset.steps),
      x: Number(tr.dataset.x),
      y: Number(tr.dataset.y),
      loss: Number(tr.dataset.loss),
      reach: tr.dataset.reach === "" ? null : Number(tr.dataset.reach),
      place: Number(tr.dataset.place),
      state: tr.dataset.state,
      colour: tr.querySelector("th svg path")?.getAttribute("fill"),
      placeText: tr.querySelector("th .place")?.textContent ?? "",
      reachText: tr.cells[2]?.textContent ?? "",
      text: tr.innerText,
    })),
  );
}

/** Where data points fall on map `id` (CSS px, mapped as the view maps them, then shifted by
 * (dx, dy)) and the colour ("#rrggbb") there. */
export function mapPixels(page, id, points, dx = 0, dy = 0) {
  return page.evaluate(
    ([id, points, M, dx, dy]) => {
      const box = window.__lab.box();
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById(id));
      const dpr = window.devicePixelRatio || 1;
      const w = c.width / dpr - M.left - M.right;
      const h = c.height / dpr - M.top - M.bottom;
      const ctx = c.getContext("2d");
      return points.map(([x, y]) => {
        const px = M.left + ((x - box[0]) / (box[1] - box[0])) * w + dx;
        const py = M.top + ((box[3] - y) / (box[3] - box[2])) * h + dy;
        const inside = px >= M.left && px <= M.left + w && py >= M.top && py <= M.top + h;
        const p = ctx.getImageData(Math.floor(px * dpr), Math.floor(py * dpr), 1, 1).data;
        const colour = "#" + [p[0], p[1], p[2]].map((v) => v.toString(16).padStart(2, "0")).join("");
        return { px, py, inside, colour };
      });
    },
    [id, points, MARGIN, dx, dy],
  );
}
