// Colours shared by the views (the same values as style.css). Dark blue and orange keep at
// least 3:1 contrast on white, stay apart for colour-blind viewers and differ in lightness too
// (L* 35 against 55: told apart in greyscale, as are their regions' tints); shapes differ too.
export const NEG = [26, 82, 150];
export const POS = [217, 95, 2];
export const INK = "#1d1d1f";
export const MUTED = "#5c5c66";
export const GRID = "#e3e5e9";
/** The network's links, whatever their sign (dark blue-grey; the sign is solid vs dashed). */
export const WEIGHT = [55, 71, 79];
/** The second series of a chart (test, f′): a grey at 3.6:1 on white, drawn dashed. */
export const TEST_GREY = "#82828c";
export const rgb = (c, a = 1) => `rgba(${c[0]},${c[1]},${c[2]},${a})`;

/** Blend of white and a class colour for a class-+1 score p in [0, 1] (0.5 → white). */
export function scoreColour(p, discretize, out, o) {
  let c, s;
  if (discretize) {
    c = p >= 0.5 ? POS : NEG;
    s = 0.45;
  } else {
    c = p >= 0.5 ? POS : NEG;
    s = Math.min(1, Math.abs(p - 0.5) * 2) * 0.6;
  }
  out[o] = 255 + (c[0] - 255) * s;
  out[o + 1] = 255 + (c[1] - 255) * s;
  out[o + 2] = 255 + (c[2] - 255) * s;
  out[o + 3] = 255;
}
