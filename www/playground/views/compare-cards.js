// Compare mode's cards: one per run, side by side, each with its colour and marker shape, its
// own decision map, its counters and its per-layer gradient norms. Takes typed arrays and
// translated texts; knows nothing of wasm. The controller puts each run's editor into the
// card's `editor` slot.
import { DataView } from "./dataview.js";
import { BarChart, NORMS_RANGE } from "./chart.js";
import { RUN_NAMES } from "../compare.js";

/** The counters of a card, by frame field, in the order shown. */
export const CARD_COUNTERS = ["epoch", "trainLoss", "testLoss", "trainAccuracy", "testAccuracy"];

/**
 * @typedef {{ name: string, colour: string, shape: string, title: string }} RunLook
 * @typedef {{ counters: string[], names: string[], mapLabel: string, normsLabel: string,
 *   norms: { empty: string, zero?: string, tick: (v: number) => string, name: (i: number) => string,
 *   hover: (i: number, v: number) => string } }} CardTexts
 */

/** SVG paths of the marker shapes (as the charts draw them), in a 16 × 16 box. */
const MARKER_PATHS = {
  circle: "M2.5 8a5.5 5.5 0 1 0 11 0a5.5 5.5 0 1 0 -11 0Z",
  square: "M3 3h10v10h-10Z",
  triangle: "M8 2l6 11h-12Z",
  diamond: "M8 1.5l6.5 6.5l-6.5 6.5l-6.5 -6.5Z",
};

/** The run's marker, for its heading (an SVG: a small drawing, not a canvas to paint). */
function markerIcon(/** @type {string} */ colour, /** @type {string} */ shape) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("width", "16");
  svg.setAttribute("height", "16");
  svg.setAttribute("class", "cmp-marker");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", /** @type {Record<string, string>} */ (MARKER_PATHS)[shape] ?? MARKER_PATHS.circle);
  path.setAttribute("fill", colour);
  path.setAttribute("stroke", "#1d1d1f");
  path.setAttribute("stroke-width", "1.2");
  svg.append(path);
  return svg;
}

export class CompareCards {
  /** @param {HTMLElement} container @param {number} half the view box's half width */
  constructor(container, half) {
    this.container = container;
    this.half = half;
    /** @type {{ root: HTMLElement, title: HTMLElement, map: DataView, mapCanvas: HTMLCanvasElement,
     *   values: HTMLElement[], names: HTMLElement[], norms: BarChart, normsCanvas: HTMLCanvasElement,
     *   editor: HTMLElement, look: RunLook }[]} */
    this.cards = [];
    /** @type {any} */
    this.points = null;
  }

  /** Makes one card per run (the editors are the controller's to fill). @param {RunLook[]} looks */
  setRuns(looks) {
    this.cards = looks.map((look, i) => {
      const root = document.createElement("section");
      root.className = "cmp-card";
      root.dataset.run = String(i);
      root.style.setProperty("--run", look.colour);
      const head = document.createElement("h3");
      const title = document.createElement("span");
      head.append(markerIcon(look.colour, look.shape), title);
      const wrap = document.createElement("div");
      wrap.className = "canvas-wrap";
      const mapCanvas = document.createElement("canvas");
      mapCanvas.width = mapCanvas.height = 240;
      mapCanvas.className = "cmp-map";
      mapCanvas.setAttribute("role", "img");
      wrap.append(mapCanvas);
      const dl = document.createElement("dl");
      dl.className = "cmp-counters";
      const values = [],
        names = [];
      for (const key of CARD_COUNTERS) {
        const div = document.createElement("div");
        const dt = document.createElement("dt");
        const dd = document.createElement("dd");
        dd.dataset.counter = key;
        div.append(dt, dd);
        dl.append(div);
        names.push(dt);
        values.push(dd);
      }
      const normsWrap = document.createElement("div");
      normsWrap.className = "canvas-wrap";
      const normsCanvas = document.createElement("canvas");
      normsCanvas.width = 240;
      normsCanvas.height = 90;
      normsCanvas.className = "cmp-norms";
      normsCanvas.setAttribute("role", "img");
      const tip = document.createElement("div");
      tip.className = "tooltip";
      tip.hidden = true;
      normsWrap.append(normsCanvas, tip);
      const editor = document.createElement("div");
      editor.className = "cmp-editor";
      root.append(head, wrap, dl, normsWrap, editor);
      const map = new DataView(mapCanvas, null, this.half);
      if (this.points) map.setPoints(this.points);
      return {
        root,
        title,
        map,
        mapCanvas,
        values,
        names,
        norms: new BarChart(normsCanvas, tip, look.colour),
        normsCanvas,
        editor,
        look,
      };
    });
    this.container.replaceChildren(...this.cards.map((c) => c.root));
  }

  setPoints(/** @type {any} */ points) {
    this.points = points;
    for (const c of this.cards) c.map.setPoints(points);
  }

  /**
   * Draws card `i` for its run's frame. @param {number} i @param {any} frame
   * @param {Float32Array | undefined} grid @param {CardTexts} texts
   */
  draw(i, frame, grid, texts) {
    const c = this.cards[i];
    if (!c || !frame) return;
    const title = `${c.look.name} · ${c.look.title}`;
    if (c.title.textContent !== title) c.title.textContent = title;
    if (grid) c.map.setGrid(grid, Math.round(Math.sqrt(grid.length)));
    c.map.draw();
    texts.counters.forEach((v, k) => {
      if (c.values[k].textContent !== v) c.values[k].textContent = v;
      if (c.names[k].textContent !== texts.names[k]) c.names[k].textContent = texts.names[k];
    });
    if (c.mapCanvas.getAttribute("aria-label") !== texts.mapLabel)
      c.mapCanvas.setAttribute("aria-label", texts.mapLabel);
    if (c.normsCanvas.getAttribute("aria-label") !== texts.normsLabel)
      c.normsCanvas.setAttribute("aria-label", texts.normsLabel);
    c.norms.set(frame.iteration > 0 ? (frame.gradientNorms ?? []) : [], { log: true, fixed: NORMS_RANGE });
    c.norms.draw(texts.norms);
  }

  /**
   * Draws every run's card for a frame (run A's, then `frame.compared`), its texts made with the
   * page's or an embed's translator and number formats.
   * @param {any} frame
   * @param {{ t: (key: string, params?: any) => string, fmt: (v: number, o?: any) => string,
   *   fmtSig: (v: number, digits: number) => string }} tr
   * @param {(v: number) => string} num @param {(v: number) => string} pct
   */
  drawRuns(frame, { t, fmt, fmtSig }, num, pct) {
    [frame, ...(frame.compared ?? [])].forEach((/** @type {any} */ f, /** @type {number} */ i) => {
      const m = f.metrics;
      const layers = f.gradientNorms?.length ?? 0;
      const layer = (/** @type {number} */ k) =>
        k === layers - 1 ? t("chart.outputLayer") : t("chart.layer", { n: k + 1 });
      this.draw(i, f, f.grid, {
        counters: [fmt(f.epoch), num(m.trainLoss), num(m.testLoss), pct(m.trainAccuracy), pct(m.testAccuracy)],
        names: [
          t("counter.epoch"),
          t("metric.trainLoss"),
          t("metric.testLoss"),
          t("metric.trainAcc"),
          t("metric.testAcc"),
        ],
        mapLabel: t("cmp.mapAlt", { run: RUN_NAMES[i], acc: pct(m.trainAccuracy) }),
        normsLabel: t("cmp.normsAlt", { run: RUN_NAMES[i], list: Array.from(f.gradientNorms ?? [], num).join(", ") }),
        norms: {
          empty: t("chart.empty"),
          zero: f.metrics.trainLoss === 0 ? t("chart.allZeroLoss") : t("chart.allZero"),
          tick: (v) => fmtSig(v, 2),
          name: layer,
          hover: (k, v) => t("chart.barHover", { layer: layer(k), value: num(v) }),
        },
      });
      if (m.divergence && this.cards[i]) this.cards[i].root.dataset.diverged = "true";
    });
  }
}
