// Small canvas charts with axes, tick values and hover read-outs: a line chart of per-epoch
// series (loss, accuracy), a bar chart of per-layer values (gradient norms, dead units) and a
// curve plot (an activation and its derivative). Texts come in through `labels`.
import { INK, MUTED, GRID } from "../../shared/colors.js";
import { markerPath } from "../../descent/views/surface.js";

const FONT = "11px system-ui, sans-serif";

/**
 * The gradient-norm axis, fixed so that runs and moments compare (lesson 6 is about magnitude):
 * 10⁻⁶ to 10, widened only if a norm falls outside.
 */
export const NORMS_RANGE = [1e-6, 10];
const PAD = { left: 46, right: 10, top: 22, bottom: 34 };

/** "Nice" tick values covering [lo, hi]. */
function ticks(lo, hi, count = 4) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

function frame(ctx, w, h) {
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, w, h);
  ctx.font = FONT;
}

/** Maps data to pixels for a plot area, linear or log10 in y. */
function scales(w, h, xMax, yLo, yHi, log) {
  const f = (v) => (log ? Math.log10(v) : v);
  const [a, b] = [f(yLo), f(yHi)];
  return {
    x: (v) => PAD.left + (v / Math.max(xMax, 1)) * (w - PAD.left - PAD.right),
    y: (v) => h - PAD.bottom - ((f(v) - a) / (b - a || 1)) * (h - PAD.top - PAD.bottom),
    xInv: (px) => ((px - PAD.left) / (w - PAD.left - PAD.right)) * Math.max(xMax, 1),
  };
}

function yAxis(ctx, w, h, s, yLo, yHi, log, fmt, integer = false) {
  ctx.strokeStyle = GRID;
  ctx.fillStyle = MUTED;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  const values = log
    ? ticks(Math.floor(Math.log10(yLo)), Math.ceil(Math.log10(yHi)), 4)
        .map((e) => 10 ** e)
        .filter((v) => v >= yLo * 0.999 && v <= yHi * 1.001)
    : ticks(yLo, yHi, 4).filter((v) => !integer || Number.isInteger(v));
  for (const v of values) {
    const py = s.y(v);
    ctx.beginPath();
    ctx.moveTo(PAD.left, py);
    ctx.lineTo(w - PAD.right, py);
    ctx.stroke();
    ctx.fillText(fmt(v), PAD.left - 4, py);
  }
}

function xAxis(ctx, w, h, s, xMax, fmt, title) {
  ctx.fillStyle = MUTED;
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of ticks(0, Math.max(xMax, 1), 4)) ctx.fillText(fmt(v), s.x(v), h - PAD.bottom + 4);
  if (title) {
    // Under the tick values, where no curve can run.
    ctx.textAlign = "right";
    ctx.fillText(title, w - PAD.right, h - 12);
  }
}

/** The y axis's name, at the bottom left under the tick values (the legend row holds the top). */
function yTitle(ctx, h, title) {
  if (!title) return;
  ctx.fillStyle = MUTED;
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  ctx.fillText(`↑ ${title}`, 2, h - 12);
}

/**
 * A log axis cannot show 0, yet a loss reaches exactly 0 (the perceptron's once every point is
 * right): such values are drawn on a floor one decade under the smallest positive value (10⁻⁶
 * when there is none), and the floor's tick reads "0", so the line lands on the axis instead of
 * vanishing from the chart.
 */
export function logFloor(lo) {
  return Number.isFinite(lo) && lo > 0 ? 10 ** (Math.floor(Math.log10(lo)) - 1) : 1e-6;
}

/**
 * A polyline drawn with at most four vertices per pixel column: the first, the lowest, the highest
 * and the last point that fall in it, in the order they came. A long run's record (up to 4,096
 * epochs) on a 340 px chart puts a dozen points in a column; the line through these four covers
 * the same pixels, and a software rasteriser strokes a tenth of the segments (WebKit spent 5 ms a
 * frame stroking the loss and accuracy curves of a long run).
 */
export class ColumnLine {
  /** @param {CanvasRenderingContext2D} ctx */
  constructor(ctx) {
    this.ctx = ctx;
    this.pen = false;
    this.col = NaN;
    /** first, low, high, last: [x, y, order] */
    this.pts = /** @type {number[][]} */ ([]);
  }

  /** @param {number} x @param {number} y */
  to(x, y) {
    const col = Math.floor(x);
    if (col !== this.col) this.flush();
    this.col = col;
    const p = this.pts;
    if (!p.length) {
      p.push([x, y, 0], [x, y, 0], [x, y, 0], [x, y, 0]);
      this.n = 0;
      return;
    }
    const n = ++this.n;
    if (y < p[1][1]) p[1] = [x, y, n];
    if (y > p[2][1]) p[2] = [x, y, n];
    p[3] = [x, y, n];
  }

  /** Draws the column's vertices (first, then low and high in the order they came, then last). */
  flush() {
    const p = this.pts;
    if (!p.length) return;
    const [first, low, high, last] = p;
    const mid = low[2] <= high[2] ? [low, high] : [high, low];
    for (const q of [first, ...mid, last]) {
      if (this.pen) this.ctx.lineTo(q[0], q[1]);
      else this.ctx.moveTo(q[0], q[1]);
      this.pen = true;
    }
    this.pts = [];
  }

  /** A gap in the data: the line stops here and starts again at the next point. */
  lift() {
    this.flush();
    this.pen = false;
    this.col = NaN;
  }
}

export class LineChart {
  /** `colors`: one per series; series are read from interleaved arrays (stride = count). */
  constructor(canvas, tip, colors) {
    this.canvas = canvas;
    this.tip = tip;
    this.colors = colors;
    this.data = null;
    this.log = false;
    this.fixed = null;
    canvas.addEventListener("pointermove", (e) => this.hover(e));
    canvas.addEventListener("pointerleave", () => {
      this.tip.hidden = true;
    });
  }

  /**
   * `data`: Float64Array [s0(e0), s1(e0), s0(e1), …]; `x`: the epoch of each row (rows are
   * epochs 0, 1, 2, … without it); `fixed`: [lo, hi] for the y axis or null.
   */
  set(data, count, { log = false, fixed = null, x = null, colors = null, shapes = null, dashes = null } = {}) {
    this.data = data;
    this.count = count;
    this.log = log;
    this.fixed = fixed;
    this.x = x;
    /** Per-series colours instead of the chart's own, and marker shapes along each line (compare mode). */
    this.seriesColors = colors;
    this.shapes = shapes;
    /** Which series are dashed (else the second of two plain ones). */
    this.dashes = dashes;
  }

  /** The epoch of row `i`. */
  epochOf(i) {
    return this.x ? this.x[i] : i;
  }

  range() {
    let lo = Infinity,
      hi = -Infinity;
    let zero = false;
    const d = this.data;
    this.floor = 0;
    for (let i = 0; i < d.length; i++) {
      const v = d[i];
      if (this.log && v <= 0) zero ||= v === 0;
      if (!Number.isFinite(v) || (this.log && v <= 0)) continue;
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (this.fixed) return this.fixed;
    if (this.log && zero) {
      this.floor = logFloor(lo);
      return [this.floor, Number.isFinite(hi) ? hi * 1.2 : 1];
    }
    if (!Number.isFinite(lo)) return null;
    if (this.log) return [lo / 1.2, hi * 1.2];
    const pad = (hi - lo) * 0.08 || Math.abs(hi) * 0.1 || 1;
    return [Math.max(0, lo - pad), hi + pad];
  }

  draw(labels) {
    this.labels = labels;
    const c = this.canvas,
      ctx = c.getContext("2d");
    const { width: w, height: h } = c;
    frame(ctx, w, h);
    const rows = this.data ? this.data.length / this.count : 0;
    const epochs = rows ? this.epochOf(rows - 1) : 0;
    const r = this.data && this.range();
    if (!r) {
      ctx.fillStyle = MUTED;
      ctx.textAlign = "center";
      ctx.fillText(labels.empty, w / 2, h / 2);
      return;
    }
    const [lo, hi] = r;
    const s = scales(w, h, epochs, lo, hi, this.log);
    this.s = s;
    const tick = this.floor ? (/** @type {number} */ v) => (v === this.floor ? "0" : labels.tick(v)) : labels.tick;
    yAxis(ctx, w, h, s, lo, hi, this.log, tick);
    xAxis(ctx, w, h, s, epochs, labels.tick, labels.xTitle);
    yTitle(ctx, h, labels.yTitle);
    // Reference lines (lesson 2's 75 %: the most a line can get right on XOR), dashed, named.
    for (const ref of labels.refs ?? []) {
      if (ref.value < lo || ref.value > hi) continue;
      const py = s.y(ref.value);
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 3]);
      ctx.beginPath();
      ctx.moveTo(PAD.left, py);
      ctx.lineTo(w - PAD.right, py);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = INK;
      ctx.textAlign = "right";
      ctx.textBaseline = "bottom";
      ctx.fillText(ref.text, w - PAD.right - 2, py - 1);
    }
    const colors = this.seriesColors ?? this.colors;
    for (let k = 0; k < this.count; k++) {
      ctx.strokeStyle = colors[k];
      ctx.lineWidth = 2;
      ctx.setLineDash((this.dashes ? this.dashes[k] : k === 1 && !this.shapes) ? [5, 3] : []);
      ctx.beginPath();
      const line = new ColumnLine(ctx);
      for (let e = 0; e < rows; e++) {
        const v = this.data[e * this.count + k];
        if (!Number.isFinite(v) || (this.log && v < 0) || (this.log && v === 0 && !this.floor)) {
          line.lift();
          continue;
        }
        line.to(s.x(this.epochOf(e)), s.y(Math.min(Math.max(v, lo), hi)));
      }
      line.lift();
      ctx.stroke();
    }
    ctx.setLineDash([]);
    if (this.shapes) this.drawMarkers(ctx, s, rows, lo, hi, colors);
    // The epoch a replay shows: a vertical rule across the plot.
    if (labels.mark !== undefined && labels.mark !== null) {
      const x = s.x(Math.min(labels.mark, epochs));
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(x, PAD.top);
      ctx.lineTo(x, h - PAD.bottom);
      ctx.stroke();
    }
    this.legendRow(ctx, labels.series);
  }

  /**
   * Each series' marker shape at a few epochs along its line, staggered from series to series so
   * that lines on top of each other still show every marker.
   */
  drawMarkers(ctx, s, rows, lo, hi, colors) {
    if (rows < 2) return;
    const every = Math.max(1, Math.floor(rows / 6));
    for (let k = 0; k < this.count; k++) {
      for (let e = Math.floor(((k + 1) * every) / (this.count + 1)); e < rows; e += every) {
        const v = this.data[e * this.count + k];
        if (!Number.isFinite(v) || (this.log && v < 0) || (this.log && v === 0 && !this.floor)) continue;
        ctx.beginPath();
        markerPath(ctx, this.shapes[k], s.x(this.epochOf(e)), s.y(Math.min(Math.max(v, lo), hi)), 4);
        ctx.fillStyle = colors[k];
        ctx.fill();
        ctx.lineWidth = 1;
        ctx.strokeStyle = INK;
        ctx.stroke();
      }
    }
  }

  legendRow(ctx, names) {
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    let x = PAD.left + 4;
    const colors = this.seriesColors ?? this.colors;
    names.forEach((name, k) => {
      // A series without a name (a run's second line) has no legend entry of its own.
      if (!name) return;
      ctx.fillStyle = colors[k];
      if (this.shapes) {
        ctx.beginPath();
        markerPath(ctx, this.shapes[k], x + 7, 8.5, 4);
        ctx.fill();
      } else ctx.fillRect(x, 7, 14, 3);
      ctx.fillStyle = INK;
      ctx.fillText(name, x + 18, 2);
      x += ctx.measureText(name).width + 34;
    });
  }

  hover(e) {
    if (!this.data || !this.s || !this.labels) return;
    const r = this.canvas.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * this.canvas.width;
    const rows = this.data.length / this.count;
    const at = this.s.xInv(px);
    // The row nearest to the pointer's epoch (rows thin out on long runs).
    let row = 0;
    for (let i = 1; i < rows; i++) if (Math.abs(this.epochOf(i) - at) < Math.abs(this.epochOf(row) - at)) row = i;
    const values = Array.from({ length: this.count }, (_, k) => this.data[row * this.count + k]);
    this.tip.textContent = this.labels.hover(this.epochOf(row), values);
    this.tip.style.left = `${e.clientX - r.left}px`;
    this.tip.style.top = `${e.clientY - r.top}px`;
    this.tip.hidden = false;
  }
}

export class BarChart {
  constructor(canvas, tip, color) {
    this.canvas = canvas;
    this.tip = tip;
    this.color = color;
    this.values = [];
    canvas.addEventListener("pointermove", (e) => this.hover(e));
    canvas.addEventListener("pointerleave", () => {
      this.tip.hidden = true;
    });
  }

  /** `fixed`: [lo, hi] for the y axis (widened only to fit a value outside it), else fitted. */
  set(values, { log = false, integer = false, fixed = null } = {}) {
    this.values = Array.from(values);
    this.log = log;
    this.integer = integer;
    this.fixed = fixed;
  }

  draw(labels) {
    this.labels = labels;
    const c = this.canvas;
    const { width: w, height: h } = c;
    const v = this.values;
    // Drawn again only when a bar or a text on it changed (the page draws every frame; the dead
    // units' bars, say, stay the same for long stretches).
    const key = [
      w,
      h,
      this.log,
      this.integer,
      labels.empty,
      labels.zero,
      labels.yTitle,
      this.fixed,
      labels.tick(1.5),
      ...v,
      ...v.map((_, i) => labels.name(i)),
    ].join("|");
    if (key === this.key) return;
    this.key = key;
    const ctx = c.getContext("2d");
    frame(ctx, w, h);
    const positive = v.filter((x) => x > 0 && Number.isFinite(x));
    // Nothing trained yet (no bars), or — on a log axis without a fixed range — nothing to scale.
    if (!v.length || (this.log && !positive.length && !this.fixed)) {
      ctx.fillStyle = MUTED;
      ctx.textAlign = "center";
      ctx.fillText(v.length && labels.zero ? labels.zero : labels.empty, w / 2, h / 2);
      return;
    }
    const fit = this.log ? [Math.min(...positive) / 3, Math.max(...positive) * 2] : [0, Math.max(1, ...v) * 1.15];
    const lo = this.fixed ? Math.min(this.fixed[0], positive.length ? fit[0] : Infinity) : fit[0];
    const hi = this.fixed ? Math.max(this.fixed[1], positive.length ? fit[1] : -Infinity) : fit[1];
    const s = scales(w, h, 1, lo, hi, this.log);
    // Every bar exactly 0 on a log axis: the message says so in the axis's place (a compare
    // card's chart is too narrow for both).
    const allZero = this.log && !positive.length && !!labels.zero;
    if (!allZero) {
      yAxis(ctx, w, h, s, lo, hi, this.log, labels.tick, this.integer);
      yTitle(ctx, h, labels.yTitle);
    }
    const slot = (w - PAD.left - PAD.right) / v.length;
    this.slot = slot;
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    v.forEach((x, i) => {
      const left = PAD.left + i * slot + slot * 0.18;
      const top = x > 0 && Number.isFinite(x) ? s.y(Math.min(x, hi)) : h - PAD.bottom;
      ctx.fillStyle = this.color;
      ctx.fillRect(left, top, slot * 0.64, h - PAD.bottom - top);
      ctx.fillStyle = MUTED;
      ctx.fillText(labels.name(i), left + slot * 0.32, h - PAD.bottom + 4);
      // A log axis has no 0: an exactly-zero bar says so in place of a bar.
      if (this.log && x === 0 && !allZero) {
        ctx.fillStyle = INK;
        ctx.textBaseline = "bottom";
        ctx.fillText("0", left + slot * 0.32, h - PAD.bottom - 2);
        ctx.textBaseline = "top";
      }
    });
    if (allZero) {
      ctx.fillStyle = INK;
      ctx.textAlign = "center";
      ctx.textBaseline = "top";
      wrapLines(ctx, labels.zero, w - 8).forEach((line, i) => ctx.fillText(line, w / 2, 4 + 13 * i));
    }
  }

  hover(e) {
    if (!this.values.length || !this.labels) return;
    const r = this.canvas.getBoundingClientRect();
    const px = ((e.clientX - r.left) / r.width) * this.canvas.width;
    const i = Math.floor((px - PAD.left) / this.slot);
    if (i < 0 || i >= this.values.length) {
      this.tip.hidden = true;
      return;
    }
    this.tip.textContent = this.labels.hover(i, this.values[i]);
    this.tip.style.left = `${e.clientX - r.left}px`;
    this.tip.style.top = `${e.clientY - r.top}px`;
    this.tip.hidden = false;
  }
}

/**
 * Curves over [from, to]: `curve` holds `count` runs of n values (f then f′ by default). Series k
 * is dashed where `labels.dashes[k]` (else the second of two), and marked with `labels.shapes[k]`
 * when given; `labels.fixed` sets the y range.
 */
export function drawCurves(canvas, curve, from, to, colors, labels, count = 2) {
  const ctx = canvas.getContext("2d");
  const { width: w, height: h } = canvas;
  frame(ctx, w, h);
  const n = curve.length / count;
  let lo = Math.min(...curve),
    hi = Math.max(...curve);
  lo = Math.min(lo, -0.2);
  hi = Math.max(hi, 1.2);
  if (labels.fixed) [lo, hi] = labels.fixed;
  const x = (z) => PAD.left + ((z - from) / (to - from)) * (w - PAD.left - PAD.right);
  const y = (v) => h - PAD.bottom - ((v - lo) / (hi - lo)) * (h - PAD.top - PAD.bottom);
  ctx.strokeStyle = GRID;
  ctx.fillStyle = MUTED;
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of ticks(lo, hi, 4)) {
    ctx.beginPath();
    ctx.moveTo(PAD.left, y(v));
    ctx.lineTo(w - PAD.right, y(v));
    ctx.stroke();
    ctx.fillText(labels.tick(v), PAD.left - 4, y(v));
  }
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const z of ticks(from, to, 4)) ctx.fillText(labels.tick(z), x(z), h - PAD.bottom + 4);
  if (labels.xTitle) {
    ctx.textAlign = "right";
    ctx.fillText(labels.xTitle, w - PAD.right, h - 12);
  }
  ctx.strokeStyle = "rgba(0,0,0,0.35)";
  ctx.beginPath();
  ctx.moveTo(x(0), PAD.top);
  ctx.lineTo(x(0), h - PAD.bottom);
  ctx.stroke();
  const clip = (/** @type {number} */ v) => Math.min(Math.max(v, lo), hi);
  for (let k = 0; k < count; k++) {
    ctx.strokeStyle = colors[k];
    ctx.lineWidth = 2;
    ctx.setLineDash((labels.dashes ? labels.dashes[k] : k === 1 && count === 2) ? [5, 3] : []);
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const z = from + ((to - from) * i) / (n - 1);
      const v = curve[k * n + i];
      // A jump (the step function at 0) is drawn as a break, not a vertical line.
      const prev = i > 0 ? curve[k * n + i - 1] : v;
      if (i === 0 || Math.abs(v - prev) > (hi - lo) * 0.5) ctx.moveTo(x(z), y(clip(v)));
      else ctx.lineTo(x(z), y(clip(v)));
    }
    ctx.stroke();
  }
  ctx.setLineDash([]);
  // Each series' marker at a staggered place along its curve (several curves overlap).
  if (labels.shapes)
    for (let k = 0; k < count; k++) {
      if (!labels.shapes[k]) continue;
      const i = Math.round(((k + 1) / (count + 1)) * (n - 1));
      const z = from + ((to - from) * i) / (n - 1);
      ctx.beginPath();
      markerPath(ctx, labels.shapes[k], x(z), y(clip(curve[k * n + i])), 4);
      ctx.fillStyle = colors[k];
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = INK;
      ctx.stroke();
    }
  yTitle(ctx, h, labels.yTitle);
  ctx.textAlign = "left";
  ctx.textBaseline = "top";
  let lx = PAD.left + 4;
  labels.series.forEach((name, k) => {
    ctx.fillStyle = colors[k];
    if (labels.shapes?.[k]) {
      ctx.beginPath();
      markerPath(ctx, labels.shapes[k], lx + 7, 8.5, 4);
      ctx.fill();
    } else ctx.fillRect(lx, 7, 14, 3);
    ctx.fillStyle = INK;
    ctx.fillText(name, lx + 18, 2);
    lx += ctx.measureText(name).width + 30;
  });
}

/**
 * Draws a chart every frame while it is near the window, and otherwise at most every `ms` and
 * once more `ms` after the last call, so that it always ends on the latest data; it is drawn at
 * once when it comes into view. A canvas off screen is still rasterised when drawn: compare
 * mode's gradient chart (eight long lines, four dashed) cost about 3 ms a frame below the fold.
 */
export class OffscreenThrottle {
  constructor(/** @type {Element} */ canvas, ms = 250) {
    this.ms = ms;
    this.visible = true;
    this.last = -Infinity;
    this.timer = 0;
    /** @type {(() => void) | null} */
    this.pending = null;
    new IntersectionObserver(
      (entries) => {
        this.visible = entries[entries.length - 1].isIntersecting;
        if (this.visible) this.flush();
      },
      { rootMargin: "200px" },
    ).observe(canvas);
  }

  /** Runs `draw` now, or keeps it as the one to run when its turn comes. */
  run(/** @type {() => void} */ draw) {
    this.pending = draw;
    const since = performance.now() - this.last;
    if (this.visible || since >= this.ms) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.ms - since);
  }

  flush() {
    clearTimeout(this.timer);
    this.timer = 0;
    const draw = this.pending;
    this.pending = null;
    if (!draw) return;
    this.last = performance.now();
    draw();
  }
}

/** `text` broken at spaces into lines no wider than `width` in the context's font. */
export function wrapLines(
  /** @type {CanvasRenderingContext2D} */ ctx,
  /** @type {string} */ text,
  /** @type {number} */ width,
) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (line && ctx.measureText(next).width > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}
