// How far each path has got: the gap to the surface's minimum at every step (what the loss
// chart plots), the first step within a tolerance of it, and the finishing order. Pure
// functions of the worker's f series; no DOM, no wasm.

/**
 * A path has "reached" the minimum once f − f_min ≤ REACH. An absolute tolerance, since every
 * lab surface's minimum is known exactly. 10⁻⁴ is small against every lesson's starting gap
 * (1 to 21) and is close to what lesson 13's text counts: within 0.05 of the ravine's minimum
 * point, where f = 0.05x² + 5y², means f ≲ 1.25·10⁻⁴ along the floor.
 */
export const REACH = 1e-4;

/**
 * The value the chart and the reach column measure from: the lowest known minimum of a surface
 * (lesson 11's four basins: the deepest, −15.975), or, for the model, the lowest value of the
 * drawn grid (its true minimum is not known in closed form).
 * @param {{ minimaValues?: number[], lo?: number } | null} grid
 */
export function floorOf(grid) {
  const v = (grid?.minimaValues ?? []).filter(Number.isFinite);
  if (v.length) return Math.min(...v);
  return Number.isFinite(grid?.lo) ? /** @type {number} */ (grid?.lo) : 0;
}

/** f − f_min at every step (NaN stays NaN): what the chart plots for a surface. */
export function gaps(/** @type {ArrayLike<number>} */ losses, /** @type {number} */ fMin) {
  return Float64Array.from(losses, (f) => f - fMin);
}

/** The first step at which f − f_min ≤ `tol`, or null if none has yet. */
export function reachStep(/** @type {ArrayLike<number>} */ losses, /** @type {number} */ fMin, tol = REACH) {
  for (let i = 0; i < losses.length; i++) if (losses[i] - fMin <= tol) return i;
  return null;
}

/** The last finite f of a series (a diverged path's last value before it blew up), or NaN. */
export function lastFinite(/** @type {ArrayLike<number>} */ losses) {
  for (let i = losses.length - 1; i >= 0; i--) if (Number.isFinite(losses[i])) return losses[i];
  return NaN;
}

/**
 * Finishing places (1, 2, …) for paths given as { reach, final }: first those that reached the
 * minimum, earliest first; then the rest by their final f, lowest first (no f at all comes
 * last). Equal paths share a place and the next place is skipped, as in a race.
 * @param {{ reach: number | null, final: number }[]} paths
 * @returns {number[]}
 */
export function places(paths) {
  const key = (/** @type {{ reach: number | null, final: number }} */ p) => [
    p.reach ?? Infinity,
    Number.isFinite(p.final) ? p.final : Infinity,
  ];
  const cmp = (/** @type {number} */ i, /** @type {number} */ j) => {
    const [a, b] = [key(paths[i]), key(paths[j])];
    return a[0] - b[0] || a[1] - b[1] || 0;
  };
  const order = paths.map((_, i) => i).sort((i, j) => (cmp(i, j) < 0 ? -1 : cmp(i, j) > 0 ? 1 : i - j));
  /** @type {number[]} */
  const out = new Array(paths.length);
  order.forEach((i, k) => {
    const prev = order[k - 1];
    out[i] = k > 0 && cmp(prev, i) === 0 ? out[prev] : k + 1;
  });
  return out;
}
