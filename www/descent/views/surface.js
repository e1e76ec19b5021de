// Draws a 2D loss surface as a filled contour map, with optimizer paths over it. Takes typed
// arrays, sizes and already-translated labels; knows nothing of wasm or of the catalogue.

import { axisTitles, haloStroke, strokePolyline } from "../../shared/canvas.js";

/**
 * Racer colours (Okabe–Ito / Tol picks): distinct under the common colour-vision deficiencies
 * and at least 3:1 against white. Each also gets its own marker shape, so colour is never the
 * only cue.
 */
export const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#AA3377", "#000000", "#8C6D1F", "#332288", "#882255"];
export const SHAPES = ["circle", "square", "triangle", "diamond", "triangleDown", "star", "hexagon", "plus"];
/** Line dashes telling several start points apart (CSS px). */
export const DASHES = [[], [7, 4], [2, 3], [9, 3, 2, 3]];

/**
 * The fill goes from a near-white cream (low) through sand and warm grey to a dark slate (high):
 * lightness falls from about 99 to 33 (CIE L*), so a basin's depth and a plateau's flatness
 * read as light against dark, and the ramp uses none of the racers' hues. Paths stay legible on
 * the darkest band because every path and marker is drawn over a white halo.
 */
const PALETTE = [
  [255, 253, 244],
  [238, 228, 199],
  [206, 194, 168],
  [158, 150, 138],
  [110, 106, 104],
  [74, 74, 82],
];
/** Contour lines: each band's colour darkened, so the lines show on light and dark bands alike. */
const EDGE = 0.72;
const BANDS = 14;
const MARGIN = { left: 46, right: 12, top: 10, bottom: 36 };

/** The palette as a CSS gradient, for the colour bar beside the map. */
export function paletteCss() {
  const stops = PALETTE.map((c, i) => `rgb(${c.join(",")}) ${((100 * i) / (PALETTE.length - 1)).toFixed(0)}%`);
  return `linear-gradient(to right, ${stops.join(", ")})`;
}

function paletteAt(u) {
  const x = Math.min(1, Math.max(0, u)) * (PALETTE.length - 1);
  const i = Math.min(PALETTE.length - 2, Math.floor(x));
  const f = x - i;
  return PALETTE[i].map((c, k) => c + (PALETTE[i + 1][k] - c) * f);
}

/**
 * Where the map goes inside a canvas `cssWidth` wide: the plot keeps the box's aspect ratio
 * (so circles look round) and leaves margins for the tick labels.
 * @param {number} cssWidth
 * @param {number[]} box  [xmin, xmax, ymin, ymax]
 * @param {number} maxPlotHeight
 */
export function mapLayout(cssWidth, box, maxPlotHeight = 620) {
  const aspect = (box[3] - box[2]) / (box[1] - box[0]);
  let w = Math.max(120, cssWidth - MARGIN.left - MARGIN.right);
  if (w * aspect > maxPlotHeight) w = maxPlotHeight / aspect;
  const h = w * aspect;
  const plot = { x: MARGIN.left, y: MARGIN.top, w, h };
  return {
    box,
    plot,
    width: Math.round(w + MARGIN.left + MARGIN.right),
    height: Math.round(h + MARGIN.top + MARGIN.bottom),
    toPx: (x, y) => [plot.x + ((x - box[0]) / (box[1] - box[0])) * w, plot.y + ((box[3] - y) / (box[3] - box[2])) * h],
    toPoint: (px, py) => [
      box[0] + ((px - plot.x) / w) * (box[1] - box[0]),
      box[3] - ((py - plot.y) / h) * (box[3] - box[2]),
    ],
    inside: (px, py) => px >= plot.x && px <= plot.x + w && py >= plot.y && py <= plot.y + h,
  };
}

/**
 * A filled contour image of `values` (res × res cell centres, row 0 at the top) at pw × ph
 * pixels. Values are interpolated bilinearly, then cut into equal bands — on a log scale when
 * `log` is set, shifted by a hair above the minimum so that a minimum of 0 still has a log.
 * Band edges are darkened into contour lines.
 * @returns {{ image: ImageData, lo: number, hi: number }}
 */
export function contourImage(values, res, pw, ph, { log = false } = {}) {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!(hi > lo)) hi = lo + 1;
  const shift = Math.max((hi - lo) * 1e-4, 1e-12);
  const scale = log ? (v) => Math.log(v - lo + shift) : (v) => v;
  const s0 = scale(lo),
    s1 = scale(hi);
  const band = new Int16Array(pw * ph);
  // Each column's two grid columns and weight, worked out once rather than per pixel (the same
  // numbers: the image is unchanged; the map's first draw spent about 35 ms here).
  const c0s = new Int32Array(pw),
    c1s = new Int32Array(pw),
    fxs = new Float64Array(pw);
  for (let px = 0; px < pw; px++) {
    const gx = Math.min(res - 1, Math.max(0, ((px + 0.5) / pw) * res - 0.5));
    c0s[px] = Math.floor(gx);
    c1s[px] = Math.min(res - 1, c0s[px] + 1);
    fxs[px] = gx - c0s[px];
  }
  for (let py = 0; py < ph; py++) {
    const gy = Math.min(res - 1, Math.max(0, ((py + 0.5) / ph) * res - 0.5));
    const r0 = Math.floor(gy),
      r1 = Math.min(res - 1, r0 + 1),
      fy = gy - r0;
    const o0 = r0 * res,
      o1 = r1 * res,
      row = py * pw;
    for (let px = 0; px < pw; px++) {
      const c0 = c0s[px],
        c1 = c1s[px],
        fx = fxs[px];
      const top = values[o0 + c0] * (1 - fx) + values[o0 + c1] * fx;
      const bottom = values[o1 + c0] * (1 - fx) + values[o1 + c1] * fx;
      const v = top * (1 - fy) + bottom * fy;
      const u = Number.isFinite(v) ? ((log ? Math.log(v - lo + shift) : v) - s0) / (s1 - s0) : 1;
      band[row + px] = Math.min(BANDS - 1, Math.max(0, Math.floor(u * BANDS)));
    }
  }
  const colours = Array.from({ length: BANDS }, (_, b) => paletteAt((b + 0.5) / BANDS));
  const image = new ImageData(pw, ph);
  const d = image.data;
  // Band edges darkened; the colours of both kinds of pixel worked out once per band.
  const dark = colours.map((c) => c.map((v) => v * EDGE));
  const n = pw * ph;
  for (let i = 0; i < n; i++) {
    const b = band[i];
    const edge = (i % pw < pw - 1 && band[i + 1] !== b) || (i + pw < n && band[i + pw] !== b);
    const c = edge ? dark[b] : colours[b];
    const o = 4 * i;
    d[o] = c[0];
    d[o + 1] = c[1];
    d[o + 2] = c[2];
    d[o + 3] = 255;
  }
  return { image, lo, hi };
}

/** Adds the outline of a marker shape of radius r at (x, y) to the current path. */
export function markerPath(ctx, shape, x, y, r) {
  const poly = (pts) => {
    ctx.moveTo(x + pts[0][0], y + pts[0][1]);
    for (const [dx, dy] of pts.slice(1)) ctx.lineTo(x + dx, y + dy);
    ctx.closePath();
  };
  switch (shape) {
    case "square":
      poly([
        [-r * 0.85, -r * 0.85],
        [r * 0.85, -r * 0.85],
        [r * 0.85, r * 0.85],
        [-r * 0.85, r * 0.85],
      ]);
      break;
    case "triangle":
      poly([
        [0, -r * 1.15],
        [r, r * 0.75],
        [-r, r * 0.75],
      ]);
      break;
    case "triangleDown":
      poly([
        [0, r * 1.15],
        [r, -r * 0.75],
        [-r, -r * 0.75],
      ]);
      break;
    case "diamond":
      poly([
        [0, -r * 1.2],
        [r * 1.05, 0],
        [0, r * 1.2],
        [-r * 1.05, 0],
      ]);
      break;
    case "hexagon": {
      const pts = [];
      for (let k = 0; k < 6; k++)
        pts.push([r * 1.1 * Math.cos((k * Math.PI) / 3), r * 1.1 * Math.sin((k * Math.PI) / 3)]);
      poly(pts);
      break;
    }
    case "plus": {
      const a = r * 1.15,
        b = r * 0.42;
      poly([
        [-b, -a],
        [b, -a],
        [b, -b],
        [a, -b],
        [a, b],
        [b, b],
        [b, a],
        [-b, a],
        [-b, b],
        [-a, b],
        [-a, -b],
        [-b, -b],
      ]);
      break;
    }
    case "star": {
      const pts = [];
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + (k * Math.PI) / 5;
        const rr = k % 2 ? r * 0.6 : r * 1.35;
        pts.push([rr * Math.cos(a), rr * Math.sin(a)]);
      }
      poly(pts);
      break;
    }
    default:
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
}

function marker(ctx, shape, x, y, r, fill, stroke = "#fff", width = 1.2) {
  ctx.beginPath();
  markerPath(ctx, shape, x, y, r);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = width;
  ctx.strokeStyle = stroke;
  ctx.stroke();
}

/** A marker as SVG markup, for legends in HTML. */
export function markerSvg(shape, colour, { size = 16, dash = null } = {}) {
  const c = size / 2,
    r = size * 0.28;
  if (dash) {
    return (
      `<svg width="${size * 2}" height="${size}" viewBox="0 0 ${size * 2} ${size}" aria-hidden="true">` +
      `<line x1="1" y1="${c}" x2="${size * 2 - 1}" y2="${c}" stroke="${colour}" stroke-width="2" stroke-dasharray="${dash.join(" ")}"/></svg>`
    );
  }
  const path = svgPath(shape, c, c, r);
  return `<svg width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true"><path d="${path}" fill="${colour}" stroke="#fff" stroke-width="1"/></svg>`;
}

function svgPath(shape, x, y, r) {
  const cmds = [];
  const fake = {
    moveTo: (a, b) => cmds.push(`M${a.toFixed(2)} ${b.toFixed(2)}`),
    lineTo: (a, b) => cmds.push(`L${a.toFixed(2)} ${b.toFixed(2)}`),
    closePath: () => cmds.push("Z"),
    arc: (cx, cy, rr) => cmds.push(`M${cx - rr} ${cy}a${rr} ${rr} 0 1 0 ${2 * rr} 0a${rr} ${rr} 0 1 0 ${-2 * rr} 0`),
  };
  if (shape === "circle" || !SHAPES.includes(shape)) fake.arc(x, y, r);
  else markerPath(fake, shape, x, y, r);
  return cmds.join("");
}

/** SVG markup of the map's symbols (minimum, start, diverged, left the box) for a key. */
export function symbolSvg(kind, size = 16) {
  const c = size / 2;
  const body = {
    minimum: `<circle cx="${c}" cy="${c}" r="${c - 3.5}" fill="none" stroke="#222" stroke-width="1.5"/><path d="M${c} 1V${c - 2}M${c} ${c + 2}V${size - 1}M1 ${c}H${c - 2}M${c + 2} ${c}H${size - 1}" stroke="#222" stroke-width="1.5"/>`,
    start: `<circle cx="${c}" cy="${c}" r="${c - 2.5}" fill="none" stroke="#222" stroke-width="2"/>`,
    diverged: `<path d="M3 3L${size - 3} ${size - 3}M${size - 3} 3L3 ${size - 3}" stroke="#222" stroke-width="2.5"/>`,
    leftBox: `<path d="M2 ${c}H${size - 5}M${size - 8} ${c - 4}L${size - 2} ${c}L${size - 8} ${c + 4}Z" stroke="#222" stroke-width="2" fill="#222"/>`,
  }[kind];
  return `<svg width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" aria-hidden="true">${body}</svg>`;
}

/** Round tick spacing: 1, 2 or 5 times a power of ten, giving about `n` ticks. */
function ticks(a, b, n) {
  const raw = (b - a) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
  const out = [];
  for (let v = Math.ceil(a / step - 1e-9) * step; v <= b + 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Clips segment a→b (a inside) to the box: the point where it crosses the edge. */
function exitPoint(box, a, b) {
  let t = 1;
  const d = [b[0] - a[0], b[1] - a[1]];
  const lim = [
    [box[0], box[1]],
    [box[2], box[3]],
  ];
  for (let k = 0; k < 2; k++) {
    if (d[k] > 0 && b[k] > lim[k][1]) t = Math.min(t, (lim[k][1] - a[k]) / d[k]);
    if (d[k] < 0 && b[k] < lim[k][0]) t = Math.min(t, (lim[k][0] - a[k]) / d[k]);
  }
  return [a[0] + d[0] * t, a[1] + d[1] * t];
}

const finite = (a, i) => Number.isFinite(a[i]) && Number.isFinite(a[i + 1]);

/**
 * Draws the whole map.
 * @param {CanvasRenderingContext2D} ctx  already scaled so that 1 unit = 1 CSS px
 * @param {ReturnType<typeof mapLayout>} L
 * @param {object} o
 * @param {CanvasImageSource} o.background  the contour image at the plot's size
 * @param {number[][]} o.minima
 * @param {string[]} [o.minimumLabels]  a text beside each minimum (its f), or none
 * @param {{x:number,y:number,label:string}[]} o.starts
 * @param {{xy:Float64Array,colour:string,shape:string,dash:number[],diverged:boolean,leftBox:boolean,rank?:number}[]} o.paths
 *   rank: the racer's place in the legend (0 first), for marker sizes
 * @param {{x:number,y:number}|null} o.crosshair
 * @param {{x:string,y:string}} o.labels  axis names
 * @param {(n:number)=>string} o.format  tick label formatter
 */
export function drawMap(ctx, L, o) {
  const { plot, box } = L;
  ctx.clearRect(0, 0, L.width, L.height);
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, L.width, L.height);
  if (o.background) ctx.drawImage(o.background, plot.x, plot.y, plot.w, plot.h);
  drawAxes(ctx, L, o.labels, o.format);

  ctx.save();
  ctx.beginPath();
  ctx.rect(plot.x, plot.y, plot.w, plot.h);
  ctx.clip();
  drawPaths(ctx, L, o.paths);
  // The minima on top of the paths, so that paths ending in them never hide them.
  (o.minima ?? []).forEach(([x, y], i) => minimum(ctx, L.toPx(x, y), o.minimumLabels?.[i] ?? ""));
  ctx.restore();

  for (const s of o.starts ?? []) {
    const [px, py] = L.toPx(s.x, s.y);
    ctx.beginPath();
    ctx.arc(px, py, 8, 0, 2 * Math.PI);
    haloStroke(ctx, 4, "#fff", 2, "#222");
    if (s.label) {
      ctx.font = "bold 12px system-ui, sans-serif";
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "#fff";
      ctx.strokeText(s.label, px + 8, py - 6);
      ctx.fillStyle = "#222";
      ctx.fillText(s.label, px + 8, py - 6);
    }
  }
  if (o.crosshair) {
    const [px, py] = L.toPx(o.crosshair.x, o.crosshair.y);
    ctx.save();
    ctx.setLineDash([4, 3]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#222";
    ctx.beginPath();
    ctx.moveTo(plot.x, py);
    ctx.lineTo(plot.x + plot.w, py);
    ctx.moveTo(px, plot.y);
    ctx.lineTo(px, plot.y + plot.h);
    ctx.stroke();
    ctx.restore();
    ctx.beginPath();
    ctx.arc(px, py, 5, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#222";
    ctx.stroke();
  }
}

/**
 * A minimum's ⊕: a ring and four arms with an open centre, so a path's end marker sitting on
 * the minimum still shows through it; its label, if any, beside it over a white halo.
 */
function minimum(ctx, p, label) {
  const [px, py] = p;
  ctx.beginPath();
  ctx.arc(px, py, 10, 0, 2 * Math.PI);
  for (const [dx, dy] of [
    [1, 0],
    [-1, 0],
    [0, 1],
    [0, -1],
  ]) {
    ctx.moveTo(px + 4 * dx, py + 4 * dy);
    ctx.lineTo(px + 14 * dx, py + 14 * dy);
  }
  haloStroke(ctx, 4.5, "rgba(255,255,255,.95)", 2, "#222");
  if (!label) return;
  ctx.font = "bold 12px system-ui, sans-serif";
  ctx.textAlign = "left";
  ctx.textBaseline = "middle";
  ctx.lineWidth = 3.5;
  ctx.lineJoin = "round";
  ctx.strokeStyle = "#fff";
  ctx.strokeText(label, px + 16, py - 12);
  ctx.fillStyle = "#222";
  ctx.fillText(label, px + 16, py - 12);
}

function drawAxes(ctx, L, labels, format) {
  const { plot, box } = L;
  ctx.lineWidth = 1;
  ctx.strokeStyle = "#555";
  ctx.strokeRect(plot.x - 0.5, plot.y - 0.5, plot.w + 1, plot.h + 1);
  ctx.fillStyle = "#333";
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (const v of ticks(box[0], box[1], Math.max(2, Math.round(plot.w / 80)))) {
    const [px] = L.toPx(v, box[2]);
    ctx.fillRect(px, plot.y + plot.h, 1, 4);
    ctx.fillText(format(v), px, plot.y + plot.h + 5);
  }
  ctx.textAlign = "right";
  ctx.textBaseline = "middle";
  for (const v of ticks(box[2], box[3], Math.max(3, Math.round(plot.h / 50)))) {
    const [, py] = L.toPx(box[0], v);
    ctx.fillRect(plot.x - 4, py, 4, 1);
    ctx.fillText(format(v), plot.x - 6, py);
  }
  ctx.font = "italic 13px system-ui, sans-serif";
  axisTitles(ctx, labels, plot, L.height);
}

/** A path's points in canvas pixels; one that left the box is cut where it crossed the edge. */
function pathPixels(L, p) {
  const xy = p.xy;
  const pts = [];
  for (let i = 0; i < xy.length / 2; i++) if (finite(xy, 2 * i)) pts.push([xy[2 * i], xy[2 * i + 1]]);
  let exit = null;
  if (p.leftBox && pts.length > 1) {
    const a = pts[pts.length - 2];
    exit = { from: L.toPx(a[0], a[1]) };
    pts[pts.length - 1] = exitPoint(L.box, a, pts[pts.length - 1]);
  }
  return { p, px: pts.map(([x, y]) => L.toPx(x, y)), exit };
}

/**
 * Paths are drawn in layers — every white halo, then every line, then every step marker, then
 * every end mark — so that where racers share a stretch (adaptive optimizers often start along
 * the same diagonal) each one's marker shapes still show on top of the other lines. Markers
 * also shrink a little with the racer's rank, so that coinciding ones nest instead of hiding.
 */
function drawPaths(ctx, L, paths) {
  const all = paths.map((p) => pathPixels(L, p)).filter((q) => q.px.length > 0);
  for (const { px } of all) strokePolyline(ctx, px, 4.5, "rgba(255,255,255,.9)", []);
  for (const { p, px } of all) strokePolyline(ctx, px, 2, p.colour, p.dash ?? []);
  // One marker per step, except where steps are so short that markers would pile up: a
  // marker is drawn only 7 px or more away from the previous one, so a crawl reads as a
  // string of beads rather than a smear.
  for (const { p, px } of all) {
    let prev = null;
    for (let i = 0; i < px.length - 1; i++) {
      const [x, y] = px[i];
      if (prev && Math.hypot(x - prev[0], y - prev[1]) < 7) continue;
      marker(ctx, p.shape, x, y, 3.2 - 0.15 * (p.rank ?? 0), p.colour, "#fff", 0.8);
      prev = px[i];
    }
  }
  for (const { p, px, exit } of all) {
    const [ex, ey] = px[px.length - 1];
    if (exit) {
      // Left the box: an arrowhead on the edge points the way out; if the loss was also
      // rising, the ✕ sits on the last segment just inside it.
      const a = Math.atan2(ey - exit.from[1], ex - exit.from[0]);
      if (p.diverged) cross(ctx, ex - 22 * Math.cos(a), ey - 22 * Math.sin(a), 6, p.colour);
      ctx.beginPath();
      ctx.moveTo(ex, ey);
      ctx.lineTo(ex - 13 * Math.cos(a - 0.45), ey - 13 * Math.sin(a - 0.45));
      ctx.lineTo(ex - 13 * Math.cos(a + 0.45), ey - 13 * Math.sin(a + 0.45));
      ctx.closePath();
      ctx.fillStyle = p.colour;
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#fff";
      ctx.fill();
      ctx.stroke();
    } else if (p.diverged) {
      cross(ctx, ex, ey, 7, p.colour);
    } else {
      marker(ctx, p.shape, ex, ey, 7 - 0.4 * (p.rank ?? 0), p.colour, "#fff", 1.8);
    }
  }
}

/** A diverged racer's ✕: its colour over a white halo. */
export function cross(ctx, x, y, r, colour) {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.lineCap = "round";
  ctx.lineWidth = 5.5;
  ctx.strokeStyle = "#fff";
  ctx.stroke();
  ctx.lineWidth = 3;
  ctx.strokeStyle = colour;
  ctx.stroke();
  ctx.lineCap = "butt";
}
