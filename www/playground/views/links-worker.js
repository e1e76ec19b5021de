// Draws the network's links on a canvas the page handed over (OffscreenCanvas), so that their
// rasterising, the costliest part of the network view in a software-rendered browser, happens
// off the page's thread. Messages: { canvas } once; then { width, height, dpr, segments } when
// the layout changes and { steps, hovered, line } for each drawing. Only the latest is drawn.
import { strokeLinks } from "./links.js";

/** @type {OffscreenCanvasRenderingContext2D | null} */
let ctx = null;
const state = { segments: new Float32Array(0), steps: new Uint8Array(0), hovered: -1, line: 5, dpr: 1 };
let scheduled = false;

self.onmessage = (/** @type {MessageEvent} */ e) => {
  const m = e.data;
  if (m.canvas) {
    ctx = m.canvas.getContext("2d");
    if (!ctx) self.postMessage({ failed: true });
    return;
  }
  if (!ctx) return;
  if (m.width !== undefined && (ctx.canvas.width !== m.width || ctx.canvas.height !== m.height)) {
    ctx.canvas.width = m.width;
    ctx.canvas.height = m.height;
  }
  Object.assign(state, m);
  if (!scheduled) {
    scheduled = true;
    setTimeout(() => {
      scheduled = false;
      if (ctx) strokeLinks(ctx, state);
    }, 0);
  }
};
