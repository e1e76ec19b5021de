// Drawing the network's links onto a 2D context, shared by the view (when it draws on the page's
// thread) and by links-worker.js (when the canvas is handed to a worker).
import { INK, WEIGHT, rgb } from "../../shared/colors.js";

/** Link widths are drawn in this many steps of √(|w| / max |w|). */
export const STEPS = 16;
const THINNEST = 0.5;
/**
 * Every link in one neutral hue: orange and blue mean the classes only. A weight's sign is the
 * line's pattern — solid positive, dashed negative — and its size the line's width.
 */
const COLOUR = rgb(WEIGHT, 0.85);
/** The dash of a negative weight's line of width `w` (longer dashes on thicker lines). */
const dash = (/** @type {number} */ w) => [Math.max(4, 3 * w), Math.max(3, 2 * w)];

/** The width of step `step` (0 … STEPS − 1) when the widest link is `line` px. */
export const stepWidth = (/** @type {number} */ step, /** @type {number} */ line) =>
  THINNEST + ((line - THINNEST) * step) / (STEPS - 1);

/**
 * Clears the canvas and strokes every link: `segments` holds x1, y1, x2, y2 per link (CSS px),
 * `steps` its width step, + STEPS when the weight is negative. Each link is its own stroke, thin
 * ones first so that the strongest weights lie on top: one path for many overlapping
 * translucent lines costs Chromium's software rasteriser about twice as much. The hovered link
 * comes last, outlined.
 * @param {CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D} ctx
 * @param {{ segments: Float32Array, steps: Uint8Array, hovered: number, line: number, dpr: number }} links
 */
export function strokeLinks(ctx, { segments: s, steps, hovered, line, dpr }) {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const n = Math.min(steps.length, s.length / 4);
  if (!n) return;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.lineCap = "butt";
  const counts = new Uint16Array(STEPS);
  for (let k = 0; k < n; k++) counts[steps[k] % STEPS]++;
  ctx.strokeStyle = COLOUR;
  for (let step = 0; step < STEPS; step++) {
    if (!counts[step]) continue;
    const width = stepWidth(step, line);
    ctx.lineWidth = width;
    // Positive weights of this width, then the negative ones, dashed: one dash change per group.
    for (const negative of [false, true]) {
      ctx.setLineDash(negative ? dash(width) : []);
      for (let k = 0; k < n; k++) {
        if (steps[k] !== step + (negative ? STEPS : 0)) continue;
        ctx.beginPath();
        ctx.moveTo(s[4 * k], s[4 * k + 1]);
        ctx.lineTo(s[4 * k + 2], s[4 * k + 3]);
        ctx.stroke();
      }
    }
  }
  ctx.setLineDash([]);
  const k = hovered;
  if (k >= 0 && k < n) {
    const w = stepWidth(steps[k] % STEPS, line);
    ctx.beginPath();
    ctx.moveTo(s[4 * k], s[4 * k + 1]);
    ctx.lineTo(s[4 * k + 2], s[4 * k + 3]);
    ctx.strokeStyle = INK;
    ctx.lineWidth = w + 3;
    ctx.stroke();
    ctx.strokeStyle = "#fff";
    ctx.lineWidth = w;
    ctx.setLineDash(steps[k] >= STEPS ? dash(w) : []);
    ctx.stroke();
    ctx.setLineDash([]);
  }
}
