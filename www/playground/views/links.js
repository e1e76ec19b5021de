// Drawing the network's links onto a 2D context, shared by the view (when it draws on the page's
// thread) and by links-worker.js (when the canvas is handed to a worker).
import { NEG, POS, INK, rgb } from "../../shared/colors.js";

/** Link widths are drawn in this many steps of √(|w| / max |w|). */
export const STEPS = 16;
const THINNEST = 0.5;
const COLOURS = [rgb(POS, 0.85), rgb(NEG, 0.85)];

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
  for (let step = 0; step < STEPS; step++) {
    if (!counts[step]) continue;
    ctx.lineWidth = stepWidth(step, line);
    for (let k = 0; k < n; k++) {
      if (steps[k] % STEPS !== step) continue;
      ctx.beginPath();
      ctx.moveTo(s[4 * k], s[4 * k + 1]);
      ctx.lineTo(s[4 * k + 2], s[4 * k + 3]);
      ctx.strokeStyle = COLOURS[steps[k] >= STEPS ? 1 : 0];
      ctx.stroke();
    }
  }
  const k = hovered;
  if (k >= 0 && k < n) {
    const w = stepWidth(steps[k] % STEPS, line);
    ctx.beginPath();
    ctx.moveTo(s[4 * k], s[4 * k + 1]);
    ctx.lineTo(s[4 * k + 2], s[4 * k + 3]);
    ctx.strokeStyle = INK;
    ctx.lineWidth = w + 3;
    ctx.stroke();
    ctx.strokeStyle = rgb(steps[k] >= STEPS ? NEG : POS);
    ctx.lineWidth = w;
    ctx.stroke();
  }
}
