// The data view: the model's output over the view box as a heatmap, its 0.5 contour, and the
// points (training filled, test hollow; class +1 circles, class −1 squares; each ringed in ink so
// that it stands out on its own region), and the keyboard crosshair with the point nearest to it.
// Takes typed arrays; knows nothing of wasm. Coordinates: x1 across, x2 up, the box [−half, half]².
import { NEG, POS, INK, rgb, scoreColour } from "../../shared/colors.js";

export class DataView {
  constructor(canvas, legendCanvas, half) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.legend = legendCanvas;
    this.half = half;
    this.grid = null;
    this.res = 0;
    this.points = { x: new Float64Array(0), label: new Int8Array(0), isTest: new Uint8Array(0) };
    this.discretize = false;
    this.selected = -1;
    /** @type {number[][]} earlier boundaries (w₁, w₂, b) of a one-neuron model, oldest first */
    this.ghosts = [];
    /** @type {{ grid: Float32Array, dash: number[] }[]} compared runs' grids, drawn as boundaries */
    this.others = [];
    this.image = null;
    /** @type {{ points: any, w: number, h: number, layer: OffscreenCanvas } | null} the points, painted */
    this.pointsLayer = null;
    /** @type {{ x: number, y: number } | null} the keyboard crosshair, in data coordinates */
    this.cross = null;
  }

  setGrid(grid, res) {
    this.grid = grid;
    this.res = res;
  }

  setPoints(points) {
    this.points = points;
  }

  /** Canvas pixel of a data point. */
  toPixel(x, y) {
    const { width: w, height: h } = this.canvas;
    return [((x + this.half) / (2 * this.half)) * w, ((this.half - y) / (2 * this.half)) * h];
  }

  /** Data coordinates of a pointer event's position. */
  toData(event) {
    const r = this.canvas.getBoundingClientRect();
    const u = (event.clientX - r.left) / r.width;
    const v = (event.clientY - r.top) / r.height;
    return [-this.half + 2 * this.half * u, this.half - 2 * this.half * v];
  }

  /** Index of the point nearest to a pointer event, within `radius` CSS pixels, or −1. */
  pointAt(event, radius = 10) {
    const r = this.canvas.getBoundingClientRect();
    const scale = this.canvas.width / r.width;
    const px = (event.clientX - r.left) * scale;
    const py = (event.clientY - r.top) * scale;
    let best = -1,
      bestD = (radius * scale) ** 2;
    const { x } = this.points;
    for (let i = 0; i < x.length / 2; i++) {
      const [qx, qy] = this.toPixel(x[2 * i], x[2 * i + 1]);
      const d = (qx - px) ** 2 + (qy - py) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** Index of the point nearest to (x, y) in data coordinates, or −1 when there are none. */
  nearest(x, y) {
    let best = -1,
      bestD = Infinity;
    const p = this.points.x;
    for (let i = 0; i < p.length / 2; i++) {
      const d = (p[2 * i] - x) ** 2 + (p[2 * i + 1] - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  draw() {
    const ctx = this.ctx;
    const { width: w, height: h } = this.canvas;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, w, h);
    if (this.grid && this.res > 0) {
      const res = this.res;
      if (!this.image || this.image.width !== res) {
        this.image = new ImageData(res, res);
        this.off = new OffscreenCanvas(res, res);
      }
      const d = this.image.data;
      for (let i = 0; i < res * res; i++) scoreColour(this.grid[i], this.discretize, d, 4 * i);
      this.off.getContext("2d").putImageData(this.image, 0, 0);
      ctx.imageSmoothingEnabled = !this.discretize;
      ctx.drawImage(this.off, 0, 0, w, h);
      this.drawGhosts();
      // Compare mode: the other runs' boundaries over this run's map, each in its run's colour
      // over a white halo (lesson 8: hinge leaves a margin, the perceptron loss does not).
      for (const o of this.others ?? []) {
        this.drawBoundary(o.grid, "#fff", 4.5);
        this.ctx.setLineDash(o.dash);
        this.drawBoundary(o.grid, INK, 2);
        this.ctx.setLineDash([]);
      }
      this.drawBoundary();
    }
    this.drawAxes();
    this.drawPoints();
    if (this.cross) this.drawCrosshair();
  }

  /** The crosshair: dashed lines across the view, a ring where it points, and a dashed ring
   * around the nearest point (the one Delete and I act on). */
  drawCrosshair() {
    const ctx = this.ctx;
    const { width: w, height: h } = this.canvas;
    const [px, py] = this.toPixel(this.cross.x, this.cross.y);
    const size = Math.max(4, w / 110);
    ctx.save();
    ctx.lineWidth = 1.5;
    ctx.setLineDash([4, 3]);
    for (const [colour, width] of [
      ["#fff", 3.5],
      [INK, 1.5],
    ]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.moveTo(0, py);
      ctx.lineTo(w, py);
      ctx.moveTo(px, 0);
      ctx.lineTo(px, h);
      ctx.stroke();
    }
    const i = this.nearest(this.cross.x, this.cross.y);
    if (i >= 0) {
      const [qx, qy] = this.toPixel(this.points.x[2 * i], this.points.x[2 * i + 1]);
      ctx.setLineDash([3, 2]);
      ctx.lineWidth = 2;
      ctx.strokeStyle = INK;
      ctx.beginPath();
      ctx.arc(qx, qy, size * 2.4, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.setLineDash([]);
    for (const [colour, width] of [
      ["#fff", 4.5],
      [INK, 2],
    ]) {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      ctx.arc(px, py, 7, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }

  /**
   * Earlier boundaries of a one-neuron model, each the line w₁x₁ + w₂x₂ + b = 0, dashed and
   * fading with age (`ghosts`: oldest first): the line a step moved, or lesson 2's perceptron
   * turning round and round on XOR. A line with w = 0 has no boundary and is skipped.
   */
  drawGhosts() {
    const ghosts = this.ghosts ?? [];
    if (!ghosts.length) return;
    const ctx = this.ctx;
    const L = this.half * 1.5;
    ctx.save();
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5;
    ghosts.forEach(([w1, w2, b], k) => {
      const norm = Math.hypot(w1, w2);
      if (!(norm > 0) || !Number.isFinite(b)) return;
      // The point of the line nearest the origin, then ± along its direction.
      const [ox, oy] = [(-b * w1) / (norm * norm), (-b * w2) / (norm * norm)];
      const [dx, dy] = [-w2 / norm, w1 / norm];
      const [ax, ay] = this.toPixel(ox - L * dx, oy - L * dy);
      const [bx, by] = this.toPixel(ox + L * dx, oy + L * dy);
      ctx.strokeStyle = `rgba(29,29,31,${(0.15 + (0.55 * (k + 1)) / ghosts.length).toFixed(3)})`;
      ctx.beginPath();
      ctx.moveTo(ax, ay);
      ctx.lineTo(bx, by);
      ctx.stroke();
    });
    ctx.restore();
  }

  /** The 0.5 level of a grid (this map's own by default) by marching squares over cell centres. */
  drawBoundary(g = this.grid, colour = INK, width = 2) {
    const n = Math.round(Math.sqrt(g.length));
    const { width: w, height: h } = this.canvas;
    const cx = (c) => ((c + 0.5) / n) * w;
    const cy = (r) => ((r + 0.5) / n) * h;
    const ctx = this.ctx;
    ctx.beginPath();
    const edge = (a, b, pa, pb) => {
      const t = (0.5 - a) / (b - a);
      return [pa[0] + t * (pb[0] - pa[0]), pa[1] + t * (pb[1] - pa[1])];
    };
    for (let r = 0; r + 1 < n; r++) {
      for (let c = 0; c + 1 < n; c++) {
        const v = [g[r * n + c], g[r * n + c + 1], g[(r + 1) * n + c + 1], g[(r + 1) * n + c]];
        const p = [
          [cx(c), cy(r)],
          [cx(c + 1), cy(r)],
          [cx(c + 1), cy(r + 1)],
          [cx(c), cy(r + 1)],
        ];
        const cross = [];
        for (let k = 0; k < 4; k++) {
          const a = v[k],
            b = v[(k + 1) % 4];
          if (a >= 0.5 !== b >= 0.5) cross.push(edge(a, b, p[k], p[(k + 1) % 4]));
        }
        for (let k = 0; k + 1 < cross.length; k += 2) {
          ctx.moveTo(cross[k][0], cross[k][1]);
          ctx.lineTo(cross[k + 1][0], cross[k + 1][1]);
        }
      }
    }
    ctx.strokeStyle = colour;
    ctx.lineWidth = width;
    ctx.stroke();
  }

  drawAxes() {
    const ctx = this.ctx;
    const { width: w, height: h } = this.canvas;
    ctx.strokeStyle = "rgba(0,0,0,0.18)";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(w / 2, 0);
    ctx.lineTo(w / 2, h);
    ctx.moveTo(0, h / 2);
    ctx.lineTo(w, h / 2);
    ctx.stroke();
  }

  /**
   * The points, from a layer painted once per point set and canvas size (compare mode draws four
   * maps a frame, and a map may hold 2,000 points: painting them all every frame was most of a
   * map's cost), then the selected point's ring on top.
   */
  drawPoints() {
    const { width: w, height: h } = this.canvas;
    const cached = this.pointsLayer;
    if (!cached || cached.points !== this.points || cached.w !== w || cached.h !== h) {
      const layer = new OffscreenCanvas(w, h);
      this.paintPoints(/** @type {OffscreenCanvasRenderingContext2D} */ (layer.getContext("2d")));
      this.pointsLayer = { points: this.points, w, h, layer };
    }
    this.ctx.drawImage(/** @type {any} */ (this.pointsLayer).layer, 0, 0);
    if (this.selected >= 0 && this.selected < this.points.label.length) {
      const size = Math.max(4, w / 110);
      const [px, py] = this.toPixel(this.points.x[2 * this.selected], this.points.x[2 * this.selected + 1]);
      const ctx = this.ctx;
      ctx.beginPath();
      ctx.arc(px, py, size * 2, 0, 2 * Math.PI);
      ctx.lineWidth = 2.5;
      ctx.strokeStyle = INK;
      ctx.stroke();
    }
  }

  /** Every point on `ctx`: an ink ring, the class colour inside it, a white centre for a test point. */
  paintPoints(/** @type {CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D} */ ctx) {
    const { x, label, isTest } = this.points;
    const size = Math.max(4, this.canvas.width / 110);
    const shape = (
      /** @type {number} */ px,
      /** @type {number} */ py,
      /** @type {number} */ r,
      /** @type {boolean} */ round,
    ) => {
      ctx.beginPath();
      if (round) ctx.arc(px, py, r, 0, 2 * Math.PI);
      else ctx.rect(px - r * 0.9, py - r * 0.9, r * 1.8, r * 1.8);
    };
    for (let i = 0; i < label.length; i++) {
      const [px, py] = this.toPixel(x[2 * i], x[2 * i + 1]);
      const round = label[i] > 0;
      // An ink ring (≥ 5:1 on any region's tint), the class colour inside it, and for a test
      // point a white centre: hollow.
      ctx.fillStyle = INK;
      shape(px, py, size + 1.6, round);
      ctx.fill();
      ctx.fillStyle = rgb(round ? POS : NEG);
      shape(px, py, size, round);
      ctx.fill();
      if (isTest[i]) {
        ctx.fillStyle = "#fff";
        shape(px, py, size - 2, round);
        ctx.fill();
      }
    }
  }

  /** The colour bar: blue (0) – white (0.5) – orange (1) with numbered ticks and a title. */
  drawLegend(title, tick) {
    const c = this.legend;
    const { width: w, height: h } = c;
    // Drawn again only when something on it changed (the page draws every frame).
    const key = [title, this.discretize, w, h, ...[0, 0.25, 0.5, 0.75, 1].map(tick)].join("|");
    if (key === this.legendKey) return;
    this.legendKey = key;
    const ctx = c.getContext("2d");
    ctx.clearRect(0, 0, w, h);
    const x0 = 10,
      x1 = w - 10,
      y0 = 18,
      bar = 10;
    const img = ctx.createImageData(x1 - x0, 1);
    for (let i = 0; i < x1 - x0; i++) scoreColour(i / (x1 - x0 - 1), this.discretize, img.data, 4 * i);
    for (let y = 0; y < bar; y++) ctx.putImageData(img, x0, y0 + y);
    ctx.strokeStyle = "rgba(0,0,0,0.3)";
    ctx.strokeRect(x0 + 0.5, y0 + 0.5, x1 - x0 - 1, bar - 1);
    ctx.fillStyle = INK;
    ctx.font = "12px system-ui, sans-serif";
    ctx.textBaseline = "alphabetic";
    ctx.textAlign = "left";
    ctx.fillText(title, x0, 13);
    ctx.textAlign = "center";
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      const px = x0 + v * (x1 - x0);
      ctx.fillRect(px - 0.5, y0 + bar, 1, 4);
      ctx.fillText(tick(v), Math.min(Math.max(px, x0 + 8), x1 - 8), y0 + bar + 15);
    }
  }
}
