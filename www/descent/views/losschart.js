// The loss-vs-step chart under the lab's map: one line per path, in its racer's colour, marker
// shape and start dash, against a logarithmic y axis. Takes plain arrays and translated labels;
// knows nothing of wasm or of the catalogue.
import { markerPath, cross } from "./surface.js";
import { axisTitles, fitCanvas, strokePolyline } from "../../shared/canvas.js";

const MARGIN = { left: 54, right: 14, top: 10, bottom: 34 };
const HEIGHT = 220;
/**
 * The lowest value the log axis shows. A gap f − f_min of 0 (a step that lands exactly on the
 * minimum, as plain GD at learning rate 0.5 does on the bowl) or one lost in rounding has no
 * logarithm; such values are drawn on this bottom line instead. 10⁻¹² is well above the rounding
 * of f − f_min for the lab's surfaces (|f_min| ≤ 16, so about 4·10⁻¹⁵) and below any gap the
 * lessons talk about.
 */
export const FLOOR = 1e-12;

/**
 * @typedef {{ key: string, values: ArrayLike<number>, colour: string, shape: string, dash: number[],
 *   diverged: boolean, rank: number }} Line
 *   values: what is plotted at steps 0, 1, 2, … (already f − f_min, or the loss itself)
 */

/** The points of a line as drawn: up to its last finite value (a diverged run stops there). */
export function drawnValues(/** @type {ArrayLike<number>} */ values) {
  let n = 0;
  while (n < values.length && Number.isFinite(values[n])) n++;
  return Array.from({ length: n }, (_, i) => Math.max(FLOOR, values[i]));
}

/**
 * The decades the y axis spans: from the decade below the smallest value to the one above the
 * largest, with a twentieth of a decade's headroom so that a line which stays just under a power
 * of ten (lesson 12's plateau, f ≈ 0.999) runs clear of the top edge rather than along it.
 */
export function logRange(/** @type {number[][]} */ lines) {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of lines.flat()) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!(hi >= lo)) return [-3, 1];
  const a = Math.floor(Math.log10(lo));
  let b = Math.ceil(Math.log10(hi) + 0.05);
  if (b <= a) b = a + 1;
  return [a, b];
}

export class LossChart {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  }

  /**
   * @param {object} o
   * @param {Line[]} o.lines
   * @param {number} o.steps  the step budget: the x axis runs from 0 to it
   * @param {{ x: string, y: string }} o.labels
   * @param {(n: number) => string} o.formatStep
   */
  draw({ lines, steps, labels, formatStep }) {
    const c = this.canvas;
    const width = Math.max(200, Math.floor(c.parentElement?.clientWidth ?? 400));
    const ctx = this.ctx;
    fitCanvas(c, ctx, width, HEIGHT);
    ctx.clearRect(0, 0, width, HEIGHT);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, width, HEIGHT);

    const plot = {
      x: MARGIN.left,
      y: MARGIN.top,
      w: width - MARGIN.left - MARGIN.right,
      h: HEIGHT - MARGIN.top - MARGIN.bottom,
    };
    const shown = lines.map((l) => ({ line: l, v: drawnValues(l.values) }));
    const [a, b] = logRange(shown.map((s) => s.v));
    const xMax = Math.max(1, steps);
    const px = (/** @type {number} */ i) => plot.x + (Math.min(i, xMax) / xMax) * plot.w;
    const py = (/** @type {number} */ v) => plot.y + ((b - Math.log10(v)) / (b - a)) * plot.h;

    // Axes: a tick per decade (at most about one per 18 px), a few round steps across.
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillStyle = "#333";
    ctx.strokeStyle = "#e3e5e9";
    ctx.lineWidth = 1;
    const every = Math.max(1, Math.ceil((b - a) / Math.max(1, Math.floor(plot.h / 18))));
    ctx.textAlign = "right";
    ctx.textBaseline = "middle";
    for (let e = a; e <= b; e += every) {
      const y = Math.round(py(10 ** e)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(plot.x, y);
      ctx.lineTo(plot.x + plot.w, y);
      ctx.stroke();
      ctx.fillText(`10${String(e).replace(/./g, (ch) => SUPERSCRIPT[ch] ?? ch)}`, plot.x - 5, y);
    }
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (const s of stepTicks(xMax, Math.max(2, Math.round(plot.w / 70)))) {
      const x = Math.round(px(s)) + 0.5;
      ctx.fillRect(x, plot.y + plot.h, 1, 4);
      ctx.fillText(formatStep(s), x, plot.y + plot.h + 5);
    }
    ctx.strokeStyle = "#555";
    ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
    ctx.font = "italic 12px system-ui, sans-serif";
    axisTitles(ctx, labels, plot, HEIGHT);

    // Lines in layers, as on the map: every halo, then every line, then the markers on top.
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.x - 8, plot.y - 8, plot.w + 16, plot.h + 16);
    ctx.clip();
    const pts = shown.map(({ line, v }) => ({ line, p: v.map((val, i) => [px(i), py(val)]) }));
    for (const { p } of pts) strokePolyline(ctx, p, 4, "rgba(255,255,255,.9)");
    for (const { line, p } of pts) strokePolyline(ctx, p, 2, line.colour, line.dash);
    // A marker every ~40 px along each line, each line's shifted by its rank so that lines
    // running together still show every shape; and one at each line's end.
    const gap = Math.max(1, Math.round((40 * xMax) / plot.w));
    for (const { line, p } of pts) {
      const shift = Math.round(((line.rank % 6) * gap) / 6);
      for (let i = shift; i < p.length - 1; i += gap) mark(ctx, line.shape, p[i], 3.2, line.colour);
      const end = p.at(-1);
      if (!end) continue;
      if (line.diverged) cross(ctx, end[0], end[1], 5, line.colour);
      else mark(ctx, line.shape, end, 5, line.colour);
    }
    ctx.restore();

    // For tests and scripts: what each line shows, without reading pixels back.
    c.dataset.lines = JSON.stringify(
      shown.map(({ line, v }) => ({ key: line.key, colour: line.colour, points: v.length, last: v.at(-1) ?? null })),
    );
    c.dataset.decades = `${a},${b}`;
  }
}

const SUPERSCRIPT = /** @type {Record<string, string>} */ ({
  "-": "⁻",
  0: "⁰",
  1: "¹",
  2: "²",
  3: "³",
  4: "⁴",
  5: "⁵",
  6: "⁶",
  7: "⁷",
  8: "⁸",
  9: "⁹",
});

/** Round steps from 0 to `max`: 1, 2 or 5 times a power of ten apart, about `n` of them. */
function stepTicks(/** @type {number} */ max, /** @type {number} */ n) {
  const raw = max / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p);
  const out = [];
  for (let s = 0; s <= max; s += step) out.push(s);
  return out;
}

function mark(
  /** @type {CanvasRenderingContext2D} */ ctx,
  /** @type {string} */ shape,
  /** @type {number[]} */ [x, y],
  /** @type {number} */ r,
  /** @type {string} */ colour,
) {
  ctx.beginPath();
  markerPath(ctx, shape, x, y, r);
  ctx.fillStyle = colour;
  ctx.fill();
  ctx.lineWidth = 1;
  ctx.strokeStyle = "#fff";
  ctx.stroke();
}
