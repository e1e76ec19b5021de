// The lab's two contour maps (the second shows only when comparing two learning rates). A slot
// sizes its canvas to the page, keeps the contour background of its grid at the canvas's pixel
// size, draws start points and paths from a snapshot's plain arrays, and turns pointer and
// keyboard input into points of the map; the hover read-out, the keyboard crosshair and picked
// start points go back to the page through callbacks. No wasm here.
import { COLOURS, DASHES, mapLayout, contourImage, drawMap } from "./views/surface.js";
import { divergedState, leftBoxState } from "./run.js";
import { $ } from "../shared/dom.js";

export class MapSlot {
  /**
   * @param {number} index  0 (the left or only map) or 1 (the right one)
   * @param {object} host
   * @param {(x: number, y: number) => Promise<string>} host.point  shows (and announces) the read-out at the crosshair
   * @param {(x: number, y: number) => Promise<string>} host.read  the read-out at a point, for the pointer's tooltip only
   * @param {(x: number, y: number) => void} host.pick  makes a point the start point
   * @param {() => number[] | undefined} host.home  where the crosshair first shows (else the middle)
   * @param {() => void} host.redraw  redraws the maps
   * @param {{ canvas: HTMLCanvasElement, tip: HTMLElement, cap: HTMLElement, fig: HTMLElement, maxHeight?: number }} [els]
   *   the slot's elements and the plot's greatest height (an embed's own); by default the page's
   *   #map-i, #tip-i, #cap-i and #fig-i, up to 72% of the window's height
   */
  constructor(index, host, els) {
    this.index = index;
    this.canvas = els?.canvas ?? $(`map-${index}`);
    this.tip = els?.tip ?? $(`tip-${index}`);
    this.cap = els?.cap ?? $(`cap-${index}`);
    this.fig = els?.fig ?? $(`fig-${index}`);
    this.maxHeight = els?.maxHeight ?? null;
    this.ctx = this.canvas.getContext("2d");
    this.host = host;
    this.grid = null; // the grid last drawn
    this.L = null; // the layout; null until the next draw lays the map out again
    this.dpr = 1;
    this.bg = null;
    this.bgKey = "";
    this.cross = null; // the keyboard crosshair { x, y }, or null
    this.tipToken = 0;
    this.listen();
  }

  /** Lays the map out again at the next draw (for a new width, surface or mode). */
  relayout() {
    this.L = null;
  }

  layout(grid) {
    const wrap = this.canvas.parentElement;
    const width = Math.max(200, Math.floor(wrap.clientWidth));
    const maxH = this.maxHeight ?? Math.max(240, Math.min(620, window.innerHeight * 0.72));
    const L = mapLayout(width, grid.box, maxH);
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(L.plot.w * dpr),
      ph = Math.round(L.plot.h * dpr);
    const key = `${grid.key}:${pw}x${ph}`;
    if (this.bgKey !== key) {
      const { image } = contourImage(grid.values, grid.res, pw, ph, { log: grid.log });
      const c = new OffscreenCanvas(pw, ph);
      c.getContext("2d").putImageData(image, 0, 0);
      this.bg = c;
      this.bgKey = key;
    }
    const canvas = this.canvas;
    if (canvas.width !== Math.round(L.width * dpr) || canvas.height !== Math.round(L.height * dpr)) {
      canvas.width = Math.round(L.width * dpr);
      canvas.height = Math.round(L.height * dpr);
    }
    canvas.style.width = `${L.width}px`;
    canvas.style.aspectRatio = `${L.width} / ${L.height}`;
    this.L = L;
    this.dpr = dpr;
  }

  /**
   * Draws the map: the contours of `grid` ({ key, values, res, box, minima, log }), the start
   * points ([x, y] pairs, numbered when there are several) and the paths of `entries`, this
   * map's snapshot entries. `labels`: the axis names; `format`: the tick formatter;
   * `minimumLabels`: a text beside each minimum (lesson 11's depths), or none.
   */
  draw(grid, starts, entries, labels, format, minimumLabels = []) {
    if (!this.L) this.layout(grid);
    this.grid = grid;
    this.ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    drawMap(this.ctx, this.L, {
      background: this.bg,
      minima: grid.minima,
      starts: starts.map(([x, y], i) => ({ x, y, label: starts.length > 1 ? String(i + 1) : "" })),
      paths: entries.map((e) => ({
        xy: e.path,
        colour: e.racer.colour,
        shape: e.racer.shape,
        dash: DASHES[e.start],
        rank: COLOURS.indexOf(e.racer.colour),
        diverged: divergedState(e.status.state),
        leftBox: leftBoxState(e.status.state),
      })),
      crosshair: this.cross,
      labels,
      format,
      minimumLabels,
    });
    this.canvas.dataset.minimumLabels = JSON.stringify(minimumLabels);
  }

  /** The map point under a pointer event, or null outside the plot. */
  pointOf(e) {
    if (!this.L) return null;
    const rect = this.canvas.getBoundingClientRect();
    const px = ((e.clientX - rect.left) * this.L.width) / rect.width;
    const py = ((e.clientY - rect.top) * this.L.height) / rect.height;
    return this.L.inside(px, py) ? this.L.toPoint(px, py) : null;
  }

  moveCross(x, y) {
    this.cross = { x, y };
    this.host.point(x, y);
    this.host.redraw();
  }

  listen() {
    const c = this.canvas;
    const host = this.host;
    c.addEventListener("pointermove", (e) => {
      const p = this.pointOf(e);
      if (!p) {
        this.tip.hidden = true;
        return;
      }
      // The read-out comes from the engine's worker: only the latest one is shown.
      const token = ++this.tipToken;
      host.read(p[0], p[1]).then((text) => {
        if (token === this.tipToken) this.tip.textContent = text;
      });
      // Placed within the tip's own box, which an embed makes wider than the map to centre it.
      const box = (this.tip.parentElement ?? c).getBoundingClientRect();
      this.tip.style.left = `${e.clientX - box.left}px`;
      this.tip.style.top = `${e.clientY - box.top}px`;
      this.tip.hidden = false;
    });
    c.addEventListener("pointerleave", () => {
      this.tip.hidden = true;
    });
    c.addEventListener("click", (e) => {
      const p = this.pointOf(e);
      if (p) host.pick(p[0], p[1]);
    });
    // The crosshair is for keyboard users: it shows on keyboard focus, or on the first arrow key.
    const showCross = () => {
      if (!this.grid) return; // not drawn yet
      const b = this.grid.box;
      const [x, y] = host.home() ?? [(b[0] + b[1]) / 2, (b[2] + b[3]) / 2];
      this.moveCross(x, y);
    };
    c.addEventListener("focus", () => {
      if (c.matches(":focus-visible")) showCross();
    });
    c.addEventListener("blur", () => {
      this.cross = null;
      host.redraw();
    });
    c.addEventListener("keydown", (e) => {
      if (!this.cross && (e.key.startsWith("Arrow") || e.key === "Enter")) showCross();
      if (!this.cross) return;
      const b = this.grid.box;
      const k = (e.shiftKey ? 5 : 1) / 50;
      const moves = { ArrowLeft: [-k, 0], ArrowRight: [k, 0], ArrowUp: [0, k], ArrowDown: [0, -k] };
      if (moves[e.key]) {
        e.preventDefault();
        const [dx, dy] = moves[e.key];
        this.moveCross(
          Math.min(b[1], Math.max(b[0], this.cross.x + dx * (b[1] - b[0]))),
          Math.min(b[3], Math.max(b[2], this.cross.y + dy * (b[3] - b[2]))),
        );
      } else if (e.key === "Enter") {
        e.preventDefault();
        host.pick(this.cross.x, this.cross.y);
      }
    });
  }
}
