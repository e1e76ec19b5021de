// Draws a decision heatmap and the points over it. Takes typed arrays; knows nothing of wasm.

/** Class colours (class -1, class +1): blue and orange stay distinct for colour-blind viewers. */
export const CLASS_RGB = [[31, 119, 180], [230, 97, 0]];

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Float32Array} grid  res*res values of P(class +1), row-major, first row at the top
 * @param {number} res
 */
export function drawHeatmap(ctx, grid, res) {
  const img = new ImageData(res, res);
  const [neg, pos] = CLASS_RGB;
  for (let i = 0; i < res * res; i++) {
    // Blend towards white near 0.5 so that only confident regions are strongly coloured.
    const p = grid[i];
    const c = p >= 0.5 ? pos : neg;
    const strength = Math.min(1, Math.abs(p - 0.5) * 2) * 0.55;
    for (let k = 0; k < 3; k++) img.data[4 * i + k] = 255 + (c[k] - 255) * strength;
    img.data[4 * i + 3] = 255;
  }
  const off = new OffscreenCanvas(res, res);
  off.getContext("2d").putImageData(img, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, ctx.canvas.width, ctx.canvas.height);
}

/**
 * @param {CanvasRenderingContext2D} ctx
 * @param {Float64Array} xy  two coordinates per point
 * @param {Int8Array} labels  ±1 per point
 * @param {number} half  half-width of the view box
 */
export function drawPoints(ctx, xy, labels, half) {
  const { width: w, height: h } = ctx.canvas;
  for (let i = 0; i < labels.length; i++) {
    const px = ((xy[2 * i] + half) / (2 * half)) * w;
    const py = ((half - xy[2 * i + 1]) / (2 * half)) * h;
    const [r, g, b] = CLASS_RGB[labels[i] > 0 ? 1 : 0];
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.strokeStyle = "#fff";
    ctx.beginPath();
    ctx.arc(px, py, 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }
}
