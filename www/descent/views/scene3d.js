// The geometry of the lab's 3D surface view (surface3d.js): the grid as heights in a box, the
// camera that turns and projects it, the shading, the lattice the renderers draw and the paths
// lifted onto the surface. Pure arithmetic on plain arrays; nothing here draws.

/**
 * The first view (degrees): from the front right, looking a little along x (the ravine's
 * floor), high enough to see into a valley.
 * @type {Readonly<{ azimuth: number, elevation: number }>}
 */
export const HOME = Object.freeze({ azimuth: -55, elevation: 40 });
/** Elevation limits: below 10° the surface is seen edge on, above 85° it is the contour map. */
export const ELEVATION = [10, 85];
/**
 * The box's height, against its larger horizontal side spanning [-1, 1]: low enough that the
 * near wall of a narrow valley (the ravine is half as wide as it is long) does not hide its floor.
 */
export const HEIGHT = 0.65;
/**
 * The camera's distance from the box's centre (whose half-width is 1): a mild perspective, the
 * far edge drawn about 3/4 the size of the near one at the first view.
 */
export const DISTANCE = 6;
/** How far paths float above the surface, as a share of the box's height. */
export const LIFT = 0.012;
/** Lattice sizes: WebGL draws up to 128 × 128 vertices; the painter sorts 43 × 43 quads. */
export const GL_LATTICE = 128;
export const PAINT_LATTICE = 44;

/**
 * Surface colours from low to high: deep blue through teal to a pale cream, with a lightness
 * that rises steadily (L* about 18 to 96), so that height reads as lightness in greyscale too
 * and the low ground is dark enough for the shading to show its shape.
 */
export const RAMP = [
  [21, 39, 84],
  [27, 84, 122],
  [38, 128, 140],
  [96, 172, 154],
  [178, 214, 180],
  [246, 244, 226],
];
/**
 * The light: mostly from straight above the surface (so that seen from above, brightness is
 * the colour's alone), a little from the viewer's left and from in front of the box, turning
 * with the viewer. Weights of up, left and towards the viewer.
 */
export const LIGHT = [1, 0.45, 0.35];
export const AMBIENT = 0.35;
/** Height lines drawn on the WebGL mesh: this many equal steps of the level. */
export const BANDS = 12;

export const clamp = (v, a, b) => Math.min(b, Math.max(a, v));
const rad = (d) => (d * Math.PI) / 180;
export function normalize(v) {
  const n = Math.hypot(...v) || 1;
  return v.map((c) => c / n);
}

/** The ramp's colour (0–255) at level u ∈ [0, 1]. */
export function rampAt(u) {
  const x = clamp(u, 0, 1) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  return RAMP[i].map((c, k) => c + (RAMP[i + 1][k] - c) * (x - i));
}

/**
 * The grid's value at (x, y): bilinear between the cell centres, held constant beyond the
 * outer centres, as the contour map's fill is.
 */
export function sample(grid, x, y) {
  const { values, res, box } = grid;
  const gx = clamp(((x - box[0]) / (box[1] - box[0])) * res - 0.5, 0, res - 1);
  const gy = clamp(((box[3] - y) / (box[3] - box[2])) * res - 0.5, 0, res - 1);
  const c0 = Math.floor(gx),
    r0 = Math.floor(gy);
  const c1 = Math.min(res - 1, c0 + 1),
    r1 = Math.min(res - 1, r0 + 1);
  const fx = gx - c0,
    fy = gy - r0;
  const top = values[r0 * res + c0] * (1 - fx) + values[r0 * res + c1] * fx;
  const bottom = values[r1 * res + c0] * (1 - fx) + values[r1 * res + c1] * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * The surface's box in view units. The data box keeps its aspect ratio (so a ravine looks
 * narrow) with its larger side spanning [-1, 1]; a value becomes a level u ∈ [0, 1] and a
 * height u · HEIGHT. On a log scale (grid.log: surfaces whose values span decades, where a
 * linear height would be one wall and a flat floor) the level follows log(f − min + δ), with δ a
 * hundredth of the range: the minimum keeps a finite height, values within 1% of the range of
 * it sit in the lowest 15% of the box, and the pit is a rounded valley of ln 101 ≈ 4.6 units of
 * log rather than a spike down to wherever the grid's nearest cell happens to be.
 */
export function sceneOf(grid) {
  let lo = Infinity,
    hi = -Infinity;
  for (const v of grid.values) {
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (!Number.isFinite(lo)) lo = hi = 0;
  if (!(hi > lo)) hi = lo + 1;
  const delta = (hi - lo) * 1e-2;
  const s = grid.log ? (v) => Math.log(v - lo + delta) : (v) => v;
  const s0 = s(lo),
    s1 = s(hi);
  const [x0, x1, y0, y1] = grid.box;
  const half = Math.max(x1 - x0, y1 - y0) / 2;
  return {
    ax: (x1 - x0) / 2 / half,
    ay: (y1 - y0) / 2 / half,
    h: HEIGHT,
    /** A value's level; not a number (a diverged region) counts as the top. */
    level: (v) => (Number.isFinite(v) ? clamp((s(v) - s0) / (s1 - s0), 0, 1) : 1),
    /** The value at level u, for the f axis's ticks. */
    valueAt: (u) => (grid.log ? lo - delta + Math.exp(s0 + u * (s1 - s0)) : lo + u * (hi - lo)),
    /** Data (x, y) to view units. */
    world: (x, y) => [(x - (x0 + x1) / 2) / half, (y - (y0 + y1) / 2) / half],
  };
}

/**
 * The camera: the box turned by `azimuth` about the vertical and seen from `elevation` above the
 * horizon (degrees), fitted into a width × height canvas (CSS px). View coordinates are sx to
 * the right, sy up the screen and depth away from the viewer; azimuth 0 at elevation 90 looks
 * straight down with x to the right and y up, as the contour map does, and a larger azimuth
 * turns the box's front to the right. With perspective a point is scaled by D / (D + depth),
 * the eye D from the box's centre; orthographic leaves it be. The scale fits the box as seen
 * from every azimuth at this elevation, so that turning the view never zooms the picture (a
 * tilt may, a little).
 * @returns {{ project: (X: number, Y: number, Z: number) => number[], rot: number[][], clip: Float32Array, normal: Float32Array, light: number[] }}
 *   project: a point to canvas px [x, y] and its depth; rot: the rotation's rows; clip: the
 *   same projection as WebGL's clip-space matrix (column-major); normal: the rotation for
 *   normals; light: the direction to the light in view coordinates
 */
export function camera(scene, azimuth, elevation, width, height, { perspective = true } = {}) {
  // Room for the labels around the box, less on a small canvas.
  const pad = [clamp(width * 0.08, 34, 58), clamp(height * 0.1, 26, 40)];
  const ca = Math.cos(rad(azimuth)),
    sa = Math.sin(rad(azimuth)),
    ce = Math.cos(rad(elevation)),
    se = Math.sin(rad(elevation));
  const rot = [
    [ca, -sa, 0],
    [se * sa, se * ca, ce],
    [ce * sa, ce * ca, -se],
  ];
  const zc = scene.h / 2;
  const R = Math.hypot(scene.ax, scene.ay, zc);
  const D = perspective ? DISTANCE : Infinity;
  // The box's corners at this elevation and every azimuth (in 15° steps), projected at scale 1:
  // the largest extents give a scale and a vertical centre that no turn of the azimuth changes.
  let right = 0,
    top = -Infinity,
    bottom = Infinity;
  for (let a = 0; a < 360; a += 15) {
    const c = Math.cos(rad(a)),
      n = Math.sin(rad(a));
    for (const [X, Y, Z] of [-1, 1].flatMap((i) =>
      [-1, 1].flatMap((j) => [0, scene.h].map((z) => [i * scene.ax, j * scene.ay, z])),
    )) {
      const y = n * X + c * Y;
      const d = ce * y - se * (Z - zc);
      const f = perspective ? D / (D + d) : 1;
      right = Math.max(right, Math.abs(c * X - n * Y) * f);
      top = Math.max(top, (se * y + ce * (Z - zc)) * f);
      bottom = Math.min(bottom, (se * y + ce * (Z - zc)) * f);
    }
  }
  const s = Math.max(1, Math.min((width / 2 - pad[0]) / right, (height - 2 * pad[1]) / (top - bottom)));
  const cx = width / 2,
    cy = height / 2 + (s * (top + bottom)) / 2;
  const project = (X, Y, Z) => {
    const z = Z - zc;
    const [sx, sy, d] = rot.map((q) => q[0] * X + q[1] * Y + q[2] * z);
    const f = perspective ? D / (D + d) : 1;
    return [cx + s * sx * f, cy - s * sy * f, d];
  };
  // The light in view coordinates: world up is (0, cos e, −sin e), the viewer's left (−1, 0, 0),
  // towards the viewer along the ground (0, −sin e, −cos e).
  const light = normalize([-LIGHT[1], LIGHT[0] * ce - LIGHT[2] * se, -LIGHT[0] * se - LIGHT[2] * ce]);
  // Clip space: each row a linear form of (X, Y, Z, 1). w = (D + depth) / D, so that dividing
  // by w is the perspective above; z is the depth scaled into (−w, w) for the depth test.
  const lin = (q) => [q[0], q[1], q[2], -q[2] * zc];
  const [sxRow, syRow, dRow] = rot.map(lin);
  const wRow = perspective ? dRow.map((v, k) => v / D + (k === 3 ? 1 : 0)) : [0, 0, 0, 1];
  const rows = [
    sxRow.map((v, k) => (2 * s * v) / width + ((2 * cx) / width - 1) * wRow[k]),
    syRow.map((v, k) => (2 * s * v) / height + (1 - (2 * cy) / height) * wRow[k]),
    dRow.map((v) => v / (2 * R)),
    wRow,
  ];
  const clip = new Float32Array(16);
  const normal = new Float32Array(9);
  for (let c = 0; c < 4; c++) for (let k = 0; k < 4; k++) clip[c * 4 + k] = rows[k][c];
  for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) normal[c * 3 + k] = rot[k][c];
  return { project, rot, clip, normal, light };
}

/**
 * Lambert shading of a view-space normal with an ambient floor. A normal facing away from the
 * viewer is turned round: the surface has no sides, so at the box's edge its underside can
 * show, and is lit like its top.
 */
export function shade(n, light) {
  const s = n[2] > 0 ? -1 : 1;
  return AMBIENT + (1 - AMBIENT) * Math.max(0, s * (n[0] * light[0] + n[1] * light[1] + n[2] * light[2]));
}

/**
 * The surface as an n × n lattice spanning the box (vertices at its edges, values sampled from
 * the grid): 9 floats a vertex, position (view units), normal, colour (0–1). Normals come from
 * central differences of the heights.
 */
export function meshOf(grid, scene, n) {
  const [x0, x1, y0, y1] = grid.box;
  const v = new Float32Array(n * n * 9);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = x0 + (j / (n - 1)) * (x1 - x0),
        y = y1 - (i / (n - 1)) * (y1 - y0);
      const [X, Y] = scene.world(x, y);
      const u = scene.level(sample(grid, x, y));
      const o = 9 * (i * n + j);
      v.set([X, Y, u * scene.h], o);
      v.set(
        rampAt(u).map((c) => c / 255),
        o + 6,
      );
    }
  }
  const at = (i, j, k) => v[9 * (i * n + j) + k];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [l, r] = [Math.max(0, j - 1), Math.min(n - 1, j + 1)];
      const [u, d] = [Math.max(0, i - 1), Math.min(n - 1, i + 1)];
      const dzdx = (at(i, r, 2) - at(i, l, 2)) / (at(i, r, 0) - at(i, l, 0));
      const dzdy = (at(d, j, 2) - at(u, j, 2)) / (at(d, j, 1) - at(u, j, 1));
      v.set(normalize([-dzdx, -dzdy, 1]), 9 * (i * n + j) + 3);
    }
  }
  return { n, v };
}

/** Where segment a→b (a inside the box, b outside) crosses the box's edge. */
function exitPoint(box, a, b) {
  let t = 1;
  for (let k = 0; k < 2; k++) {
    const d = b[k] - a[k];
    const [lo, hi] = [box[2 * k], box[2 * k + 1]];
    if (d > 0 && b[k] > hi) t = Math.min(t, (hi - a[k]) / d);
    if (d < 0 && b[k] < lo) t = Math.min(t, (lo - a[k]) / d);
  }
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
}

/**
 * A path (flat [x0, y0, x1, y1, …]) on the surface, in view units: cut where it first leaves
 * the box or stops being a number, each step cut into pieces about 1/120 of the box long so
 * that the line follows the surface between its points instead of cutting through a hill, and
 * lifted a little above the surface.
 */
export function liftPath(grid, scene, xy) {
  const box = grid.box;
  const inside = (p) => p[0] >= box[0] && p[0] <= box[1] && p[1] >= box[2] && p[1] <= box[3];
  const piece = Math.max(box[1] - box[0], box[3] - box[2]) / 120;
  const out = [];
  const put = (x, y) => out.push([...scene.world(x, y), (scene.level(sample(grid, x, y)) + LIFT) * scene.h]);
  let prev = null;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    let p = [xy[i], xy[i + 1]];
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) break;
    const leaving = !inside(p);
    if (!prev) {
      if (leaving) break;
      put(p[0], p[1]);
      prev = p;
      continue;
    }
    if (leaving) p = exitPoint(box, prev, p);
    const k = clamp(Math.ceil(Math.hypot(p[0] - prev[0], p[1] - prev[1]) / piece), 1, 40);
    for (let m = 1; m <= k; m++) put(prev[0] + ((p[0] - prev[0]) * m) / k, prev[1] + ((p[1] - prev[1]) * m) / k);
    if (leaving) break;
    prev = p;
  }
  return out;
}
