// The network view: inputs, hidden units and the output as focusable buttons, each with a
// thumbnail of its activation over the view box and its bias; the links as SVG lines coloured
// by the weight's sign and as wide as its size. Takes plain arrays; texts come via `labels`.
import { NEG, POS, rgb } from "../../shared/colors.js";

const SVG = "http://www.w3.org/2000/svg";

/** Paints `values` (res × res) into an ImageData: blue below 0, orange above, by |v|/scale. */
export function paintMap(image, values, offset, res, scale) {
  const d = image.data;
  for (let i = 0; i < res * res; i++) {
    const v = values[offset + i] / scale;
    const c = v >= 0 ? POS : NEG;
    const s = Math.min(1, Math.abs(v)) * 0.85;
    d[4 * i] = 255 + (c[0] - 255) * s;
    d[4 * i + 1] = 255 + (c[1] - 255) * s;
    d[4 * i + 2] = 255 + (c[2] - 255) * s;
    d[4 * i + 3] = 255;
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

export class NetworkView {
  /** `half`: the view box's half-width, the scale of the input maps. */
  constructor(container, onSelect, onFocusInfo, half) {
    this.container = container;
    this.half = half;
    this.onSelect = onSelect;
    this.onFocusInfo = onFocusInfo;
    this.sizes = [];
    this.units = [];
    this.lines = [];
    new ResizeObserver(() => this.layoutLinks()).observe(container);
  }

  /** Rebuilds the DOM for layer sizes like [2, 4, 1]. */
  build(sizes, labels) {
    this.sizes = [...sizes];
    this.labels = labels;
    this.container.replaceChildren();
    this.svg = document.createElementNS(SVG, "svg");
    this.svg.classList.add("net-links");
    this.svg.setAttribute("aria-hidden", "false");
    this.container.append(this.svg);
    const cols = document.createElement("div");
    cols.className = "net-cols";
    this.container.append(cols);
    this.units = sizes.map((n, l) => {
      const col = document.createElement("div");
      col.className = "net-col";
      const head = document.createElement("div");
      head.className = "net-head";
      head.textContent = labels.layerName(l, sizes.length);
      col.append(head);
      const units = [];
      for (let j = 0; j < n; j++) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "unit";
        b.dataset.layer = String(l);
        b.dataset.unit = String(j);
        const canvas = document.createElement("canvas");
        canvas.width = canvas.height = 24;
        const bias = document.createElement("span");
        bias.className = "bias";
        b.append(canvas, bias);
        b.addEventListener("click", () => this.onSelect(l, j));
        b.addEventListener("focus", () => this.onFocusInfo(this.unitInfo(l, j)));
        b.addEventListener("pointerenter", () => this.onFocusInfo(this.unitInfo(l, j)));
        col.append(b);
        units.push({ button: b, canvas, bias });
      }
      cols.append(col);
      return units;
    });
    this.lines = [];
    for (let l = 0; l + 1 < sizes.length; l++) {
      const layer = [];
      for (let j = 0; j < sizes[l + 1]; j++) {
        for (let i = 0; i < sizes[l]; i++) {
          const line = document.createElementNS(SVG, "line");
          const title = document.createElementNS(SVG, "title");
          line.append(title);
          line.addEventListener("pointerenter", () => this.onFocusInfo(title.textContent));
          this.svg.append(line);
          layer.push({ line, title, i, j });
        }
      }
      this.lines.push(layer);
    }
    this.layoutLinks();
  }

  unitName(l, j) {
    return this.labels.unitName(l, j, this.sizes.length);
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

  /** Places the link lines between the current unit positions. */
  layoutLinks() {
    if (!this.svg || !this.units.length) return;
    const box = this.container.getBoundingClientRect();
    this.svg.setAttribute("width", String(box.width));
    this.svg.setAttribute("height", String(box.height));
    const centre = (l, j, side) => {
      const r = this.units[l][j].button.getBoundingClientRect();
      return [side > 0 ? r.right - box.left : r.left - box.left, r.top + r.height / 2 - box.top];
    };
    this.lines.forEach((layer, l) => {
      for (const { line, i, j } of layer) {
        const [x1, y1] = centre(l, i, 1);
        const [x2, y2] = centre(l + 1, j, -1);
        line.setAttribute("x1", x1);
        line.setAttribute("y1", y1);
        line.setAttribute("x2", x2);
        line.setAttribute("y2", y2);
      }
    });
  }

  /**
   * Live values: `weights` = { layers: [{ w, b }] } from the trainer; `inputs` = the two input
   * maps; `neurons` = every hidden unit's map; `output` = the output map (all res × res).
   */
  update({ weights, inputs, neurons, res, output, outputRes, activations }) {
    this.weights = weights;
    const labels = this.labels;
    let max = 1e-9;
    for (const layer of weights.layers)
      for (const row of layer.w) for (const w of row) max = Math.max(max, Math.abs(w));
    this.lines.forEach((layer, l) => {
      for (const { line, title, i, j } of layer) {
        const w = weights.layers[l].w[j][i];
        line.setAttribute("stroke", rgb(w >= 0 ? POS : NEG, 0.85));
        line.setAttribute("stroke-width", String(0.5 + 5 * Math.sqrt(Math.abs(w) / max)));
        title.textContent = labels.link(this.unitName(l, i), this.unitName(l + 1, j), w);
      }
    });
    const draw = (unit, values, offset, scale, n = res) => {
      const ctx = unit.canvas.getContext("2d");
      if (unit.canvas.width !== n) unit.canvas.width = unit.canvas.height = n;
      const img = ctx.createImageData(n, n);
      paintMap(img, values, offset, n, scale);
      ctx.putImageData(img, 0, 0);
    };
    this.units[0].forEach((u, i) => {
      draw(u, inputs, i * res * res, this.half);
      u.button.setAttribute("aria-label", this.unitName(0, i));
      u.bias.textContent = "";
    });
    let k = 0;
    for (let l = 1; l + 1 < this.sizes.length; l++) {
      this.units[l].forEach((u, j) => {
        const scale = mapScale(neurons, k * res * res, res * res, activations[l - 1]);
        draw(u, neurons, k * res * res, scale.scale);
        const b = weights.layers[l - 1].b[j];
        u.bias.textContent = labels.bias(b);
        u.button.setAttribute("aria-label", labels.unitValue(this.unitName(l, j), b));
        k++;
      });
    }
    const last = this.sizes.length - 1;
    const out = this.units[last][0];
    // The output map is a class-+1 score in [0, 1]: centred at 0.5.
    const centred = new Float32Array(output.length);
    for (let i = 0; i < output.length; i++) centred[i] = 2 * output[i] - 1;
    draw(out, centred, 0, 1, outputRes);
    const b = weights.layers[last - 1].b[0];
    out.bias.textContent = labels.bias(b);
    out.button.setAttribute("aria-label", labels.unitValue(this.unitName(last, 0), b));
  }
}

/** How to scale a unit's map: tanh and step already span [−1, 1]; other activations (ReLU's
 * unbounded output, sigmoid's (0, 1)) are scaled by the map's largest |value|. */
export function mapScale(values, offset, n, activation) {
  let m = 1e-9;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(values[offset + i]));
  return { scale: activation === "tanh" || activation === "step" ? 1 : m };
}
