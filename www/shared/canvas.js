// Canvas helpers shared by the views: sharp drawing at the device's pixel ratio, and polylines.

/**
 * Sizes `canvas` to `width` × `height` CSS pixels with a backing store at the device's pixel
 * ratio (only resized when that changes, since a resize clears it), and scales `ctx` so that
 * drawing is in CSS pixels.
 * @param {HTMLCanvasElement} canvas
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} width
 * @param {number} height
 */
export function fitCanvas(canvas, ctx, width, height) {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.round(width * dpr),
    h = Math.round(height * dpr);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
}

/**
 * Strokes the polyline through `px` (pixel [x, y] pairs) with round joins; nothing for fewer
 * than two points. The dash is reset afterwards.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number[][]} px
 * @param {number} width
 * @param {string} colour
 * @param {number[]} [dash]
 */
export function strokePolyline(ctx, px, width, colour, dash = []) {
  if (px.length < 2) return;
  ctx.setLineDash(dash);
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.lineJoin = "round";
  ctx.beginPath();
  ctx.moveTo(px[0][0], px[0][1]);
  for (let i = 1; i < px.length; i++) ctx.lineTo(px[i][0], px[i][1]);
  ctx.stroke();
  ctx.setLineDash([]);
}

/**
 * Axis titles in the current font and fill: x centred under the plot on the canvas's bottom
 * edge, y turned a quarter along the left edge.
 * @param {CanvasRenderingContext2D} ctx
 * @param {{ x: string, y: string }} labels
 * @param {{ x: number, y: number, w: number, h: number }} plot
 * @param {number} height  the canvas's CSS height
 */
export function axisTitles(ctx, labels, plot, height) {
  ctx.textAlign = "center";
  ctx.textBaseline = "bottom";
  ctx.fillText(labels.x, plot.x + plot.w / 2, height - 1);
  ctx.save();
  ctx.translate(11, plot.y + plot.h / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle";
  ctx.fillText(labels.y, 0, 0);
  ctx.restore();
}

/**
 * Strokes the current path twice, first wide in `halo` and then in `width`/`colour` over it, so
 * that marks stay legible over any surface colour.
 * @param {CanvasRenderingContext2D} ctx
 * @param {number} haloWidth
 * @param {string} halo
 * @param {number} width
 * @param {string} colour
 */
export function haloStroke(ctx, haloWidth, halo, width, colour) {
  ctx.lineWidth = haloWidth;
  ctx.strokeStyle = halo;
  ctx.stroke();
  ctx.lineWidth = width;
  ctx.strokeStyle = colour;
  ctx.stroke();
}
