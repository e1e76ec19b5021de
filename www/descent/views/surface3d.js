// A 3D view of a 2D loss surface: the grid as a shaded mesh with the optimizers' paths lifted
// onto it, turned by dragging or with the keyboard. Takes plain arrays and already-translated
// labels; knows nothing of wasm or of the catalogue. The mesh is drawn with WebGL2 where there
// is one and painted with Canvas 2D otherwise; the paths, markers and labels go on a 2D overlay
// canvas in both cases, placed by the same camera.
import { markerPath, cross } from "./surface.js";
import { haloStroke } from "../../shared/canvas.js";
import {
  HOME,
  ELEVATION,
  LIFT,
  GL_LATTICE,
  PAINT_LATTICE,
  clamp,
  sample,
  sceneOf,
  camera,
  meshOf,
  liftPath,
} from "./scene3d.js";
import { paintMesh, glSetup, glUpload, glDraw } from "./mesh3d.js";

/** Round tick values, 1, 2 or 5 times a power of ten apart, about `n` of them. */
function ticks(a, b, n) {
  const raw = (b - a) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
  const out = [];
  for (let v = Math.ceil(a / step - 1e-9) * step; v <= b + 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Text with a white halo, readable over any part of the surface. */
function label(ctx, text, x, y, align = "center", baseline = "middle") {
  ctx.textAlign = align;
  ctx.textBaseline = baseline;
  ctx.lineWidth = 3;
  ctx.strokeStyle = "rgba(255,255,255,.9)";
  ctx.strokeText(text, x, y);
  ctx.fillStyle = "#222";
  ctx.fillText(text, x, y);
}

/**
 * The axes: the two floor edges nearest the viewer (never hidden by the surface, which stands
 * above the floor) with their ticks and names, and a vertical f axis at the left one of their
 * two far corners, ticked at the bottom, middle and top levels.
 */
function drawAxes(ctx, cam, scene, grid, text) {
  const { ax, ay, h } = scene;
  const P = (X, Y, Z = 0) => cam.project(X, Y, Z);
  const depth = (X, Y) => P(X, Y)[2];
  const fy = depth(0, -ay) < depth(0, ay) ? -ay : ay; // the front edge along x
  const fx = depth(-ax, 0) < depth(ax, 0) ? -ax : ax; // the front edge along y
  const centre = P(0, 0);
  // The f axis: at whichever far end of the two front edges is further left on the screen.
  const corners = [
    [-fx, fy],
    [fx, -fy],
  ];
  const [cxw, cyw] = P(...corners[0])[0] < P(...corners[1])[0] ? corners[0] : corners[1];
  const foot = P(cxw, cyw, 0),
    head = P(cxw, cyw, h);
  const edge = (from, to, out, values, toWorld, name) => {
    const a = P(...from),
      b = P(...to);
    const m = P(...out);
    // Labels go outwards from the box on the screen: from the box's centre through the edge.
    let dir = [m[0] - centre[0], m[1] - centre[1]];
    const len = Math.hypot(...dir);
    dir = len > 1e-6 ? dir.map((c) => c / len) : [0, 1];
    ctx.strokeStyle = "#555";
    ctx.lineWidth = 1.2;
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
    ctx.font = "11px system-ui, sans-serif";
    for (const value of values) {
      const [px, py] = P(...toWorld(value));
      // The f axis's own labels stand at its foot.
      if (Math.hypot(px - foot[0], py - foot[1]) < 20) continue;
      const t = text.format(value);
      const off = 8 + Math.abs(dir[0]) * (ctx.measureText(t).width / 2) + Math.abs(dir[1]) * 6;
      ctx.beginPath();
      ctx.moveTo(px, py);
      ctx.lineTo(px + 4 * dir[0], py + 4 * dir[1]);
      ctx.stroke();
      label(ctx, t, px + off * dir[0], py + off * dir[1]);
    }
    ctx.font = "italic 13px system-ui, sans-serif";
    const off = 30 + Math.abs(dir[0]) * (ctx.measureText(name).width / 2);
    label(ctx, name, m[0] + off * dir[0], m[1] + off * dir[1]);
  };
  const [x0, x1, y0, y1] = grid.box;
  const span = (a, b) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const nx = Math.max(2, Math.round(span(P(-ax, fy), P(ax, fy)) / 90));
  const ny = Math.max(2, Math.round(span(P(fx, -ay), P(fx, ay)) / 90));
  const world = (x, y) => scene.world(x, y);
  const yEdge = fy < 0 ? y0 : y1,
    xEdge = fx < 0 ? x0 : x1;
  edge([-ax, fy], [ax, fy], [0, fy], ticks(x0, x1, nx), (v) => world(v, yEdge), text.x);
  edge([fx, -ay], [fx, ay], [fx, 0], ticks(y0, y1, ny), (v) => world(xEdge, v), text.y);

  const side = foot[0] < centre[0] ? -1 : 1;
  ctx.strokeStyle = "#555";
  ctx.beginPath();
  ctx.moveTo(foot[0], foot[1]);
  ctx.lineTo(head[0], head[1]);
  ctx.stroke();
  ctx.font = "11px system-ui, sans-serif";
  // Seen from nearly straight above the axis is too short for its three labels.
  const levels = Math.hypot(head[0] - foot[0], head[1] - foot[1]) > 40 ? [0, 0.5, 1] : [];
  for (const u of levels) {
    const [px, py] = P(cxw, cyw, u * h);
    ctx.beginPath();
    ctx.moveTo(px, py);
    ctx.lineTo(px + 4 * side, py);
    ctx.stroke();
    label(ctx, text.formatValue(scene.valueAt(u)), px + 7 * side, py, side < 0 ? "right" : "left");
  }
  ctx.font = "italic 13px system-ui, sans-serif";
  label(ctx, text.f, head[0], head[1] - 9, "center", "bottom");
}

/**
 * The minima, then every path in layers as the contour map draws them: all halos, all lines,
 * start rings, end markers (which shrink a little with the racer's rank, so that coinciding
 * ones nest). No marker at each step: foreshortened, they would pile up into a smear.
 */
function drawPaths(ctx, cam, scene, grid, paths) {
  for (const [x, y] of grid.minima ?? []) {
    const [X, Y] = scene.world(x, y);
    const [px, py] = cam.project(X, Y, (scene.level(sample(grid, x, y)) + LIFT) * scene.h);
    ctx.beginPath();
    ctx.arc(px, py, 6, 0, 2 * Math.PI);
    ctx.fillStyle = "rgba(255,255,255,.85)";
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = "#222";
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(px - 6, py);
    ctx.lineTo(px + 6, py);
    ctx.moveTo(px, py - 6);
    ctx.lineTo(px, py + 6);
    ctx.stroke();
  }
  const all = paths
    .map((p) => ({ p, px: liftPath(grid, scene, p.xy).map(([X, Y, Z]) => cam.project(X, Y, Z)) }))
    .filter((q) => q.px.length > 0);
  ctx.lineJoin = "round";
  ctx.lineCap = "round";
  for (const [width, white] of [
    [5.5, true],
    [2.5, false],
  ]) {
    for (const { p, px } of all) {
      ctx.lineWidth = width;
      ctx.strokeStyle = white ? "rgba(255,255,255,.9)" : p.colour;
      ctx.beginPath();
      for (const [x, y] of px) ctx.lineTo(x, y);
      ctx.stroke();
    }
  }
  ctx.lineCap = "butt";
  const starts = new Set();
  for (const { px } of all) {
    const [x, y] = px[0];
    const key = `${Math.round(x)},${Math.round(y)}`;
    if (starts.has(key)) continue;
    starts.add(key);
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    haloStroke(ctx, 4, "#fff", 2, "#222");
  }
  for (const { p, px } of all) {
    const [x, y] = px[px.length - 1];
    if (p.diverged) {
      cross(ctx, x, y, 7, p.colour);
      continue;
    }
    ctx.beginPath();
    markerPath(ctx, p.shape, x, y, 7 - 0.4 * (p.rank ?? 0));
    ctx.fillStyle = p.colour;
    ctx.fill();
    ctx.lineWidth = 1.8;
    ctx.strokeStyle = "#fff";
    ctx.stroke();
  }
}

/**
 * The view: a canvas for the mesh (which takes the focus and the pointer) and a 2D canvas over
 * it for everything else. `canvas.dataset` says which renderer runs and the current angles.
 */
export class SurfaceView {
  /** @param {HTMLCanvasElement} canvas @param {HTMLCanvasElement} overlay */
  constructor(canvas, overlay) {
    this.canvas = canvas;
    this.overlay = overlay;
    this.octx = overlay.getContext("2d");
    /** @type {WebGL2RenderingContext | null} */
    this.gl = canvas.getContext("webgl2", { preserveDrawingBuffer: true, antialias: true, alpha: false });
    this.g = this.gl && glSetup(this.gl);
    // Without WebGL2 the mesh is painted on the canvas itself; in the rare case that WebGL2 came
    // but its program did not, the canvas is taken and the painter uses the overlay.
    this.ctx = this.gl ? null : canvas.getContext("2d");
    /** @type {"webgl2" | "2d"} */
    this.renderer = this.g ? "webgl2" : "2d";
    canvas.dataset.renderer = this.renderer;
    this.azimuth = HOME.azimuth;
    this.elevation = HOME.elevation;
    this.grid = null;
    this.paths = [];
    this.text = null;
    this.meshKey = ""; // the grid the mesh was made from
    this.glKey = ""; // the grid the GL buffers hold
    this.drawnKey = ""; // the grid, angles and size the mesh canvas shows
    this.frame = 0;
    this.setView(HOME.azimuth, HOME.elevation, false);
    this.listen();
  }

  /**
   * Draws `grid` with `paths` ({ xy, colour, shape, rank, diverged }[]) and `text`: the axis
   * names { x, y, f } and formatters of the ticks (`format`) and of the f axis's values (`formatValue`).
   */
  draw(grid, paths, text) {
    this.grid = grid;
    this.paths = paths;
    this.text = text;
    this.redraw();
  }

  /** Turns the view to these angles (degrees); azimuth wraps to (−180, 180], elevation is clamped. */
  setView(azimuth, elevation, redraw = true) {
    this.azimuth = azimuth - 360 * Math.ceil((azimuth - 180) / 360);
    this.elevation = clamp(elevation, ELEVATION[0], ELEVATION[1]);
    this.canvas.dataset.azimuth = String(Math.round(this.azimuth));
    this.canvas.dataset.elevation = String(Math.round(this.elevation));
    if (redraw) this.redraw();
  }

  redraw() {
    const { canvas, overlay, grid } = this;
    const W = canvas.clientWidth,
      H = canvas.clientHeight;
    if (!grid || !W || !H) return;
    const dpr = window.devicePixelRatio || 1;
    const pw = Math.round(W * dpr),
      ph = Math.round(H * dpr);
    for (const c of [canvas, overlay]) {
      if (c.width !== pw || c.height !== ph) {
        c.width = pw;
        c.height = ph;
      }
    }
    if (this.meshKey !== grid.key) {
      this.scene = sceneOf(grid);
      this.mesh = meshOf(grid, this.scene, this.g ? Math.min(GL_LATTICE, grid.res) : PAINT_LATTICE);
      this.meshKey = grid.key;
      this.drawnKey = "";
    }
    const cam = camera(this.scene, this.azimuth, this.elevation, W, H);
    const key = `${grid.key}|${this.azimuth}|${this.elevation}|${pw}x${ph}`;
    if (this.g && !this.gl.isContextLost()) {
      if (this.glKey !== grid.key) {
        glUpload(this.gl, this.g, this.mesh);
        this.glKey = grid.key;
      }
      if (this.drawnKey !== key) glDraw(this.gl, this.g, cam, pw, ph);
    } else if (this.ctx && this.drawnKey !== key) {
      this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      this.ctx.fillStyle = "#fff";
      this.ctx.fillRect(0, 0, W, H);
      paintMesh(this.ctx, this.mesh, cam);
    }
    this.drawnKey = key;
    const o = this.octx;
    o.setTransform(dpr, 0, 0, dpr, 0, 0);
    o.clearRect(0, 0, W, H);
    if (!this.g && !this.ctx) paintMesh(o, this.mesh, cam);
    drawAxes(o, cam, this.scene, grid, this.text);
    drawPaths(o, cam, this.scene, grid, this.paths);
  }

  listen() {
    const c = this.canvas;
    c.addEventListener("webglcontextlost", (e) => e.preventDefault());
    c.addEventListener("webglcontextrestored", () => {
      this.g = glSetup(this.gl);
      this.glKey = this.drawnKey = "";
      this.redraw();
    });
    /** @type {{ id: number, x: number, y: number, azimuth: number, elevation: number } | null} */
    let drag = null;
    c.addEventListener("pointerdown", (e) => {
      if (e.button !== 0) return;
      c.setPointerCapture(e.pointerId);
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, azimuth: this.azimuth, elevation: this.elevation };
    });
    // The surface follows the pointer as if held: dragging right turns its front to the right,
    // dragging down tips its top towards the viewer. Drawn once a frame.
    c.addEventListener("pointermove", (e) => {
      if (drag?.id !== e.pointerId) return;
      this.setView(drag.azimuth + (e.clientX - drag.x) * 0.5, drag.elevation + (e.clientY - drag.y) * 0.4, false);
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.redraw());
    });
    const end = (e) => {
      if (drag?.id === e.pointerId) drag = null;
    };
    for (const type of ["pointerup", "pointercancel", "lostpointercapture"]) c.addEventListener(type, end);
    c.addEventListener("keydown", (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const k = e.shiftKey ? 3 : 1;
      const turns = { ArrowLeft: [-10 * k, 0], ArrowRight: [10 * k, 0], ArrowUp: [0, 5 * k], ArrowDown: [0, -5 * k] };
      if (turns[e.key]) this.setView(this.azimuth + turns[e.key][0], this.elevation + turns[e.key][1]);
      else if (e.key === "Home") this.setView(HOME.azimuth, HOME.elevation);
      else return;
      e.preventDefault();
    });
  }
}
