// Lesson 15's data-space view beside the (w₁, w₂) map: the model's training points, and the
// decision line that a weight pair stands for. Logistic regression predicts class +1 where
// σ(w₁·x₁ + w₂·x₂ + b) > 0.5, that is where w₁·x₁ + w₂·x₂ + b > 0, so every point (w₁, w₂) of
// the map is one straight line w₁·x₁ + w₂·x₂ + b = 0 here: at right angles to (w₁, w₂), at
// distance |b| / |w| from the origin. Scaling w leaves the line where it is and only sharpens
// σ; that is why the map's long valley floor is all one line. Plain arrays in, no wasm.
import { NEG, POS, rgb, INK } from "../../shared/colors.js";
import { fitCanvas } from "../../shared/canvas.js";

const SIZE = 260;
const PAD = 8;

/**
 * The segment of the line w₁·x₁ + w₂·x₂ + b = 0 inside the square box [lo, hi]², or null when
 * w is (nearly) zero, which puts no line anywhere, or when the line misses the box.
 * @param {number[]} w @param {number} b @param {number} lo @param {number} hi
 * @returns {number[][] | null}
 */
export function lineInBox([w1, w2], b, lo, hi) {
  const n2 = w1 * w1 + w2 * w2;
  if (!(n2 > 1e-18) || !Number.isFinite(n2) || !Number.isFinite(b)) return null;
  // The foot of the perpendicular from the origin, and the line's direction.
  const p = [(-b * w1) / n2, (-b * w2) / n2];
  const d = [-w2, w1];
  // Liang–Barsky clipping of p + t·d to the box.
  let t0 = -Infinity,
    t1 = Infinity;
  for (let k = 0; k < 2; k++) {
    if (Math.abs(d[k]) < 1e-300) {
      if (p[k] < lo || p[k] > hi) return null;
      continue;
    }
    const a = (lo - p[k]) / d[k],
      c = (hi - p[k]) / d[k];
    t0 = Math.max(t0, Math.min(a, c));
    t1 = Math.min(t1, Math.max(a, c));
  }
  if (!(t1 > t0)) return null;
  return [
    [p[0] + t0 * d[0], p[1] + t0 * d[1]],
    [p[0] + t1 * d[0], p[1] + t1 * d[1]],
  ];
}

export class DecisionScatter {
  /** @param {HTMLCanvasElement} canvas */
  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
  }

  /**
   * @param {object} o
   * @param {Float64Array} o.points  x₁, x₂, label (±1) for every training point
   * @param {number} o.bias  the model's bias b (lesson 15 holds it fixed)
   * @param {number[] | null} o.current  the path's current (w₁, w₂)
   * @param {number[] | null} o.hover  the (w₁, w₂) under the pointer or the keyboard crosshair
   * @param {string} o.colour  the racer's colour, for the current line
   */
  draw({ points, bias, current, hover, colour }) {
    const c = this.canvas;
    const size = Math.max(120, Math.min(SIZE, Math.floor(c.parentElement?.clientWidth ?? SIZE)));
    const ctx = this.ctx;
    fitCanvas(c, ctx, size, size);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);

    // A square box around the origin holding every point, so that lines through the origin
    // (b = 0) cross the middle.
    let m = 1;
    for (let i = 0; i + 2 < points.length; i += 3) m = Math.max(m, Math.abs(points[i]), Math.abs(points[i + 1]));
    const lo = -m * 1.1,
      hi = m * 1.1;
    const px = (/** @type {number} */ x) => PAD + ((x - lo) / (hi - lo)) * (size - 2 * PAD);
    const py = (/** @type {number} */ y) => PAD + ((hi - y) / (hi - lo)) * (size - 2 * PAD);
    ctx.strokeStyle = "#e3e5e9";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(px(0), PAD);
    ctx.lineTo(px(0), size - PAD);
    ctx.moveTo(PAD, py(0));
    ctx.lineTo(size - PAD, py(0));
    ctx.stroke();
    ctx.strokeStyle = "#555";
    ctx.strokeRect(PAD - 0.5, PAD - 0.5, size - 2 * PAD + 1, size - 2 * PAD + 1);

    // Class +1 as orange circles, class −1 as blue squares, as on the playground's map.
    for (let i = 0; i + 2 < points.length; i += 3) {
      const x = px(points[i]),
        y = py(points[i + 1]);
      ctx.beginPath();
      if (points[i + 2] > 0) ctx.arc(x, y, 3, 0, 2 * Math.PI);
      else ctx.rect(x - 2.6, y - 2.6, 5.2, 5.2);
      ctx.fillStyle = rgb(points[i + 2] > 0 ? POS : NEG, 0.85);
      ctx.fill();
      ctx.lineWidth = 0.8;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    }

    const line = (/** @type {number[] | null} */ w, /** @type {string} */ col, /** @type {number[]} */ dash) => {
      const seg = w && lineInBox(w, bias, lo, hi);
      if (!seg) return null;
      ctx.setLineDash([]);
      ctx.lineWidth = 5;
      ctx.strokeStyle = "rgba(255,255,255,.9)";
      ctx.beginPath();
      ctx.moveTo(px(seg[0][0]), py(seg[0][1]));
      ctx.lineTo(px(seg[1][0]), py(seg[1][1]));
      ctx.stroke();
      ctx.setLineDash(dash);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = col;
      ctx.stroke();
      ctx.setLineDash([]);
      return seg;
    };
    const cur = line(current, colour, []);
    const hov = line(hover, INK, [7, 4]);
    c.dataset.current = current && cur ? current.join(",") : "";
    c.dataset.hover = hover && hov ? hover.join(",") : "";
    c.dataset.box = `${lo},${hi}`;
  }
}
