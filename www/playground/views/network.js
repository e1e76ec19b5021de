// The network view: inputs, hidden units and the output as focusable buttons, each with a
// thumbnail of its activation over the view box and its bias, laid over one canvas that carries
// the links, coloured by the weight's sign and as wide as its size. Takes plain arrays; texts
// come via `labels`.
//
// Why a canvas: a net of 6 hidden layers of 16 units has 1,360 links. As SVG lines every frame
// set two attributes and a <title> per link, and the page spent tens of milliseconds a frame on
// them. On a canvas a frame is one width step per link, and hovering a link is a hit test
// against the segments the view keeps. Rasterising 1,360 wide translucent lines still costs a
// software renderer over 10 ms, so where the browser can hand a canvas to a worker
// (transferControlToOffscreen) the playground page has links-worker.js draw them off its thread;
// elsewhere (embeds, whose canvases a host page may read; a browser without it; a worker that
// cannot start) they are drawn here, by the same code (links.js). Either way they are redrawn
// only when a link's colour or width step changes.
//
// Layout: the columns sit in equal grid cells and every unit box of a net has the same width. A
// link runs from the right edge of its unit's box to the left edge of the next column's box, so
// links only ever cross the gaps between the columns and pass under no unit. The texts keep out
// of those gaps: a bias is written inside its unit's box, under the thumbnail, and the layer
// heads have a row of their own above every unit.
//
// Sizes follow the pitch, the container's width over the number of columns (see TIERS): a box
// takes at most about 60 % of it so that the links keep a gap they can be told apart in.
//  - "full": 32 px thumbnails, the bias written to 3 decimals ("b -1.234");
//  - "compact" (e.g. 6 hidden layers in the page's 600 px panel): 26 px thumbnails, the bias to
//    2 decimals ("b -0.01"; fixed decimals, not significant digits, so that a small bias does not
//    run to "-0.0067" and out of its box);
// (fewer decimals from 10 and from 100 up; the read-out and the name have 4 significant digits);
//  - "tiny" (e.g. 6 hidden layers on a 390 px phone): 18 px thumbnails in 24 px boxes (a
//    comfortable touch target) and no bias text in the box: there the bias is read on focus or
//    hover, in the read-out, and it is always in the unit's accessible name.
// Every weight's sign and size stays drawn at every size; its exact value is read on hover.
import { NEG, POS } from "../../shared/colors.js";
import { STEPS, stepWidth, strokeLinks } from "./links.js";

/** Paints `values` (res × res) into an ImageData: blue below 0, orange above, by |v|/scale;
 * at column `x0` of a wider image (an atlas of maps side by side). */
export function paintMap(image, values, offset, res, scale, x0 = 0) {
  const d = image.data;
  for (let r = 0; r < res; r++) {
    let o = 4 * (r * image.width + x0);
    for (let c = 0; c < res; c++, o += 4) {
      const v = values[offset + r * res + c] / scale;
      const col = v >= 0 ? POS : NEG;
      const s = Math.min(1, Math.abs(v)) * 0.85;
      d[o] = 255 + (col[0] - 255) * s;
      d[o + 1] = 255 + (col[1] - 255) * s;
      d[o + 2] = 255 + (col[2] - 255) * s;
      d[o + 3] = 255;
    }
  }
}

/** The two inputs' maps over a res × res grid of the view box [−half, half]² (row 0 at the top): x1, then x2. */
export function inputGrids(res, half) {
  const g = new Float32Array(2 * res * res);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      g[r * res + c] = -half + ((c + 0.5) * 2 * half) / res;
      g[res * res + r * res + c] = half - ((r + 0.5) * 2 * half) / res;
    }
  }
  return g;
}

/**
 * The unit sizes, largest first; the first whose `pitch` fits is used. `box` × `height`: the
 * unit's box in CSS px, border included (a thumbnail, 1 px, a line of bias text — 13 px, 12 px in
 * playground.css — and 8 px of padding and border); fixed, so that a new bias text lays out
 * only its own box. `thumb`: the thumbnail's side, `gap`: between units of a column,
 * `text`: the bias text's form (labels.bias(b, short); "": none), `line`: the widest link.
 */
const TIERS = [
  { name: "full", pitch: 108, box: 68, height: 54, thumb: 32, gap: 6, text: "full", line: 5 },
  { name: "compact", pitch: 72, box: 48, height: 47, thumb: 26, gap: 4, text: "short", line: 4 },
  { name: "tiny", pitch: 0, box: 24, height: 24, thumb: 18, gap: 3, text: "", line: 3 },
];

/** Whether segment (x1, y1)–(x2, y2) comes within `d` of point (x, y). Returns the distance. */
function distance(x, y, x1, y1, x2, y2) {
  const dx = x2 - x1,
    dy = y2 - y1;
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / len)) : 0;
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy));
}

/** The links' canvas: drawn by a worker when the browser can hand the canvas over, else here. */
class LinkCanvas {
  constructor(/** @type {boolean} */ useWorker) {
    this.canvas = this.fresh();
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {CanvasRenderingContext2D | null} */
    this.ctx = null;
    this.state = { segments: new Float32Array(0), steps: new Uint8Array(0), hovered: -1, line: 5, dpr: 1 };
    if (useWorker && typeof this.canvas.transferControlToOffscreen === "function" && typeof Worker === "function") {
      try {
        const worker = new Worker(new URL("./links-worker.js", import.meta.url), { type: "module" });
        try {
          const off = this.canvas.transferControlToOffscreen();
          worker.postMessage({ canvas: off }, [off]);
          worker.onmessage = (e) => e.data?.failed && this.local();
          worker.onerror = () => this.local();
          this.worker = worker;
        } catch {
          worker.terminate();
        }
      } catch {
        // A worker from another origin (an embed's page) is refused: draw here.
      }
    }
    if (!this.worker) this.ctx = this.canvas.getContext("2d");
  }

  fresh() {
    const canvas = document.createElement("canvas");
    canvas.className = "net-links";
    canvas.setAttribute("aria-hidden", "true");
    return canvas;
  }

  /** Gives up the worker (it could not start or draw): a new canvas, drawn here. */
  local() {
    if (!this.worker) return;
    this.worker.terminate();
    this.worker = null;
    const canvas = this.fresh();
    this.canvas.replaceWith(canvas);
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.resize(this.width, this.height);
    this.draw({});
  }

  resize(width, height) {
    this.width = width;
    this.height = height;
    if (this.ctx && (this.canvas.width !== width || this.canvas.height !== height)) {
      this.canvas.width = width;
      this.canvas.height = height;
    }
  }

  /** Sets the bitmap's size and where the links go (`segments`, in CSS px); draws. */
  setLayout(width, height, dpr, segments) {
    this.resize(width, height);
    this.state.dpr = dpr;
    this.state.segments = segments;
    if (this.worker) this.worker.postMessage({ width, height, dpr, segments });
    this.draw({});
  }

  /** Draws with new `steps` (per link), `hovered` or `line` (the widest link's width). */
  draw(/** @type {{ steps?: Uint8Array, hovered?: number, line?: number }} */ change) {
    Object.assign(this.state, change);
    if (this.worker) {
      if (Object.keys(change).length) this.worker.postMessage(change);
    } else if (this.ctx) strokeLinks(this.ctx, this.state);
  }
}

export class NetworkView {
  /** `half`: the view box's half-width, the scale of the input maps; `worker`: draw the links in
   * a worker where the browser allows it (the page; embeds keep every canvas on their thread,
   * where a host can read it). */
  constructor(container, onSelect, onFocusInfo, half, { worker = false } = {}) {
    this.container = container;
    this.useWorker = worker;
    this.half = half;
    this.onSelect = onSelect;
    this.onFocusInfo = onFocusInfo;
    this.sizes = [];
    /** Per unit: its button, its thumbnail's place (`thumb`, measured into x, y in the
     * container's CSS px), its bias's text node and what was last written.
     * @type {{ button: HTMLButtonElement, thumb: HTMLElement, x: number, y: number, bias: Text | null, b: number, text: string, label: string }[][]} */
    this.units = [];
    /** The links' segments in the container's CSS pixels (x1, y1, x2, y2 each), in link order:
     * layer by layer, then by the unit they go to, then by the unit they come from. */
    this.segments = new Float32Array(0);
    /** Per link: its layer of weights, the unit it comes from and the one it goes to. */
    this.ends = { l: new Uint8Array(0), i: new Uint8Array(0), j: new Uint8Array(0) };
    /** Per link: its width step, + STEPS when the weight is negative (see links.js). */
    this.steps = new Uint8Array(0);
    this.hovered = -1;
    this.tier = TIERS[0];
    this.weights = null;
    /** @type {LinkCanvas | null} made at the first build */
    this.links = null;
    // A new size is measured at once when the boxes keep theirs; when they change size the
    // layout is redone in the next frame, so that the resize it causes is not reported back
    // within the observer's own delivery.
    new ResizeObserver(() => {
      if (this.tierFor(this.container.clientWidth) === this.tier) this.layout();
      else requestAnimationFrame(() => this.layout());
    }).observe(container);
    container.addEventListener("pointermove", (e) => this.pointerMove(e));
    container.addEventListener("pointerleave", () => this.hover(-1));
  }

  /** Rebuilds the DOM for layer sizes like [2, 4, 1]. */
  build(sizes, labels) {
    this.sizes = [...sizes];
    this.labels = labels;
    this.weights = null;
    this.hovered = -1;
    this.frame = null;
    this.names = sizes.map((n, l) => Array.from({ length: n }, (_, j) => labels.unitName(l, j, sizes.length)));
    this.links ??= new LinkCanvas(this.useWorker);
    this.container.replaceChildren();
    const grid = document.createElement("div");
    grid.className = "net-cols";
    grid.style.setProperty("--cols", String(sizes.length));
    // The thumbnails are painted on one canvas over the units (under it they would be hidden by
    // the boxes): a canvas per unit made ~100 layers for the compositor, which every change of a
    // bias text then laid out again.
    this.maps = document.createElement("canvas");
    this.maps.className = "net-maps";
    this.maps.setAttribute("aria-hidden", "true");
    this.mapsCtx = /** @type {CanvasRenderingContext2D} */ (this.maps.getContext("2d"));
    this.container.append(this.links.canvas, grid, this.maps);
    // Each column's head and units stay together in the DOM (read column by column); the grid
    // puts every head in the first row.
    this.units = sizes.map((n, l) => {
      const col = document.createElement("div");
      col.className = "net-col";
      const head = document.createElement("div");
      head.className = "net-head";
      head.style.gridColumn = String(l + 1);
      head.textContent = labels.layerName(l, sizes.length);
      const box = document.createElement("div");
      box.className = "net-units";
      box.style.gridColumn = String(l + 1);
      col.append(head, box);
      const units = [];
      for (let j = 0; j < n; j++) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "unit";
        b.dataset.layer = String(l);
        b.dataset.unit = String(j);
        b.setAttribute("aria-label", this.names[l][j]);
        const thumb = document.createElement("span");
        thumb.className = "thumb";
        b.append(thumb);
        // Inputs have no bias.
        let bias = null;
        if (l > 0) {
          const span = document.createElement("span");
          span.className = "bias";
          // One text node, rewritten in place: cheaper for the page than replacing it.
          bias = document.createTextNode("");
          span.append(bias);
          b.append(span);
        }
        b.addEventListener("click", () => this.onSelect(l, j));
        b.addEventListener("focus", () => this.onFocusInfo(this.unitInfo(l, j)));
        b.addEventListener("pointerenter", () => this.onFocusInfo(this.unitInfo(l, j)));
        box.append(b);
        units.push({
          button: b,
          thumb,
          x: 0,
          y: 0,
          bias,
          b: NaN,
          text: "",
          label: this.names[l][j],
        });
      }
      grid.append(col);
      return units;
    });
    const count = sizes.slice(1).reduce((s, n, l) => s + n * sizes[l], 0);
    this.segments = new Float32Array(4 * count);
    this.ends = { l: new Uint8Array(count), i: new Uint8Array(count), j: new Uint8Array(count) };
    this.steps = new Uint8Array(count);
    let k = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      for (let j = 0; j < sizes[l + 1]; j++) {
        for (let i = 0; i < sizes[l]; i++, k++) {
          this.ends.l[k] = l;
          this.ends.i[k] = i;
          this.ends.j[k] = j;
        }
      }
    }
    this.tier = TIERS[0];
    this.layout();
  }

  unitName(l, j) {
    return this.names[l][j];
  }

  unitInfo(l, j) {
    if (l === 0 || !this.weights) return this.unitName(l, j);
    const layer = this.weights.layers[l - 1];
    return this.labels.unitInfo(
      this.unitName(l, j),
      layer.b[j],
      layer.w[j].map((w, i) => [this.unitName(l - 1, i), w]),
    );
  }

  /** The largest unit size whose boxes leave the links room at this container width. */
  tierFor(width) {
    const pitch = width / Math.max(1, this.sizes.length);
    return TIERS.find((t) => pitch >= t.pitch) ?? TIERS[TIERS.length - 1];
  }

  /** Sizes the units for the container's width, then measures where the links go. */
  layout() {
    const c = this.container;
    if (!this.links || !this.units.length || c.clientWidth === 0) return;
    const tier = this.tierFor(c.clientWidth);
    if (c.dataset.size !== tier.name) {
      c.dataset.size = tier.name;
      c.style.setProperty("--unit-w", `${tier.box}px`);
      c.style.setProperty("--unit-h", `${tier.height}px`);
      c.style.setProperty("--thumb", `${tier.thumb}px`);
      c.style.setProperty("--unit-gap", `${tier.gap}px`);
    }
    if (tier !== this.tier) {
      this.tier = tier;
      this.units.forEach((col, l) => col.forEach((u, j) => u.bias && this.showBias(u, l, j, u.b, true)));
    }
    const box = c.getBoundingClientRect();
    const left = box.left + c.clientLeft - c.scrollLeft,
      top = box.top + c.clientTop - c.scrollTop;
    const rects = this.units.map((col) => col.map((u) => u.button.getBoundingClientRect()));
    const s = this.segments;
    for (let k = 0; k < this.ends.l.length; k++) {
      const l = this.ends.l[k];
      const a = rects[l][this.ends.i[k]],
        b = rects[l + 1][this.ends.j[k]];
      s[4 * k] = a.right - left;
      s[4 * k + 1] = a.top + a.height / 2 - top;
      s[4 * k + 2] = b.left - left;
      s[4 * k + 3] = b.top + b.height / 2 - top;
    }
    // The canvas's bitmap matches the device's pixels, so that thin links stay sharp.
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(c.clientWidth * dpr),
      h = Math.round(c.clientHeight * dpr);
    this.links.setLayout(w, h, dpr, s);
    this.drawLinks();
    for (const col of this.units) {
      for (const u of col) {
        const r = u.thumb.getBoundingClientRect();
        u.x = r.left - left;
        u.y = r.top - top;
      }
    }
    if (this.maps.width !== w || this.maps.height !== h) {
      this.maps.width = w;
      this.maps.height = h;
    }
    this.mapsCtx.setTransform(1, 0, 0, 1, 0, 0);
    this.mapsCtx.clearRect(0, 0, w, h);
    if (this.frame) this.paintMaps(this.frame);
  }

  /** Works out each link's colour and width step from the weights, and draws them if any
   * changed (a paused run costs nothing). */
  drawLinks() {
    if (!this.links) return;
    if (!this.weights) {
      this.links.draw({ steps: new Uint8Array(0), hovered: -1, line: this.tier.line });
      return;
    }
    const layers = this.weights.layers;
    const { l: ls, i: is, j: js } = this.ends;
    const n = ls.length;
    let max = 1e-9;
    for (let k = 0; k < n; k++) max = Math.max(max, Math.abs(layers[ls[k]].w[js[k]][is[k]]));
    const shown = this.links.state;
    let changed = shown.steps !== this.steps || shown.line !== this.tier.line || shown.hovered !== this.hovered;
    for (let k = 0; k < n; k++) {
      const w = layers[ls[k]].w[js[k]][is[k]];
      const step = Math.round(Math.sqrt(Math.abs(w) / max) * (STEPS - 1)) + (w >= 0 ? 0 : STEPS);
      if (step !== this.steps[k]) {
        this.steps[k] = step;
        changed = true;
      }
    }
    if (changed) this.links.draw({ steps: this.steps, hovered: this.hovered, line: this.tier.line });
  }

  /** The link under the pointer, if any (within a few pixels of it, the nearest). */
  linkAt(x, y) {
    const s = this.segments;
    let best = -1,
      bestD = Infinity;
    for (let k = 0; k < this.ends.l.length; k++) {
      const d = distance(x, y, s[4 * k], s[4 * k + 1], s[4 * k + 2], s[4 * k + 3]);
      const width = stepWidth(this.steps[k] % STEPS, this.tier.line);
      if (d <= Math.max(3, width / 2 + 1.5) && d < bestD) {
        best = k;
        bestD = d;
      }
    }
    return best;
  }

  pointerMove(/** @type {PointerEvent} */ e) {
    if (!this.weights || (e.target instanceof Element && e.target.closest(".unit"))) {
      this.hover(-1);
      return;
    }
    const c = this.container;
    const box = c.getBoundingClientRect();
    const k = this.linkAt(
      e.clientX - box.left - c.clientLeft + c.scrollLeft,
      e.clientY - box.top - c.clientTop + c.scrollTop,
    );
    this.hover(k);
  }

  /** Marks link `k` (−1: none) and reads its value out. */
  hover(k) {
    if (k === this.hovered) return;
    this.hovered = k;
    this.links?.draw({ hovered: k });
    if (k < 0 || !this.weights) return;
    const l = this.ends.l[k],
      i = this.ends.i[k],
      j = this.ends.j[k];
    this.onFocusInfo(this.labels.link(this.unitName(l, i), this.unitName(l + 1, j), this.weights.layers[l].w[j][i]));
  }

  /** Writes a unit's bias into its box and its name; only what changed is touched. */
  showBias(u, l, j, b, force = false) {
    if (Object.is(u.b, b) && !force) return;
    u.b = b;
    if (Number.isNaN(b)) return;
    const form = this.tier.text;
    const text = form ? this.labels.bias(b, form === "short") : "";
    if (text !== u.text) {
      u.text = text;
      u.bias.data = text;
    }
    // The name holds the bias as the box shows it, where it does (the visible label).
    const label = this.labels.unitValue(this.unitName(l, j), b, form ? form === "short" : undefined);
    if (label !== u.label) {
      u.label = label;
      u.button.setAttribute("aria-label", label);
    }
  }

  /** Paints every thumbnail: the maps side by side into one atlas (the output's apart, at its
   * own resolution), then each scaled into its place on the maps' canvas. */
  paintMaps({ inputs, neurons, res, output, outputRes, activations }) {
    const last = this.sizes.length - 1;
    const tiles = this.sizes.slice(0, last).reduce((s, n) => s + n, 0);
    if (this.atlas?.width !== tiles * res || this.atlas.height !== res) {
      this.atlas = new ImageData(tiles * res, res);
      this.atlasCanvas = document.createElement("canvas");
      this.atlasCanvas.width = tiles * res;
      this.atlasCanvas.height = res;
    }
    if (this.outputImage?.width !== outputRes) {
      this.outputImage = new ImageData(outputRes, outputRes);
      this.outputCanvas = document.createElement("canvas");
      this.outputCanvas.width = this.outputCanvas.height = outputRes;
    }
    let k = 0;
    for (let i = 0; i < this.sizes[0]; i++, k++) paintMap(this.atlas, inputs, i * res * res, res, this.half, k * res);
    for (let l = 1; l < last; l++) {
      for (let j = 0; j < this.sizes[l]; j++, k++) {
        const offset = (k - this.sizes[0]) * res * res;
        const scale = mapScale(neurons, offset, res * res, activations[l - 1]).scale;
        paintMap(this.atlas, neurons, offset, res, scale, k * res);
      }
    }
    // The output map is a class-+1 score in [0, 1]: centred at 0.5.
    if (this.centred?.length !== output.length) this.centred = new Float32Array(output.length);
    for (let i = 0; i < output.length; i++) this.centred[i] = 2 * output[i] - 1;
    paintMap(this.outputImage, this.centred, 0, outputRes, 1);
    /** @type {CanvasRenderingContext2D} */ (this.atlasCanvas.getContext("2d")).putImageData(this.atlas, 0, 0);
    /** @type {CanvasRenderingContext2D} */ (this.outputCanvas.getContext("2d")).putImageData(this.outputImage, 0, 0);
    const ctx = this.mapsCtx;
    const dpr = window.devicePixelRatio || 1;
    const side = this.tier.thumb;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    k = 0;
    for (let l = 0; l < last; l++) {
      for (const u of this.units[l]) ctx.drawImage(this.atlasCanvas, k++ * res, 0, res, res, u.x, u.y, side, side);
    }
    const out = this.units[last][0];
    ctx.drawImage(this.outputCanvas, out.x, out.y, side, side);
  }

  /**
   * Live values: `weights` = { layers: [{ w, b }] } from the trainer; `inputs` = the two input
   * maps; `neurons` = every hidden unit's map; `output` = the output map (all res × res).
   * Redraws the canvases; in the DOM only the biases that changed are rewritten.
   */
  update(frame) {
    const weights = frame.weights;
    this.weights = weights;
    this.frame = frame;
    this.drawLinks();
    this.paintMaps(frame);
    for (let l = 1; l < this.sizes.length; l++) {
      this.units[l].forEach((u, j) => this.showBias(u, l, j, weights.layers[l - 1].b[j]));
    }
  }
}

/** How to scale a unit's map: tanh and step already span [−1, 1]; other activations (ReLU's
 * unbounded output, sigmoid's (0, 1)) are scaled by the map's largest |value|. */
export function mapScale(values, offset, n, activation) {
  let m = 1e-9;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(values[offset + i]));
  return { scale: activation === "tanh" || activation === "step" ? 1 : m };
}
