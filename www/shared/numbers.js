// Decimal numbers as Intl.NumberFormat writes them in en-US and ko-KR, without Intl for the
// options the pages use. Why: the first NumberFormat a page makes loads the locale data, 25–60 ms
// of the main thread on a cold load here, which sat on the path to the playground's first frame.
// Both locales write numbers alike: "," between groups of three integer digits, "." before the
// fraction, "-" before a negative number (also −0), "%" right after a percentage, "∞".
//
// Rounding is Intl's (ICU's): the number is first written with the fewest digits that read back
// as the same double (what `toExponential()` gives), and that decimal is rounded, a tie going
// away from zero. (`toFixed` rounds the exact binary value instead: 64019260462.3735 is stored as
// …462.37349…, so toFixed(3) gives .373 where Intl gives .374.) A percentage moves the decimal
// point of those digits by two, as ICU does, with no floating-point product.
//
// Options handled: minimumFractionDigits, maximumFractionDigits, maximumSignificantDigits,
// useGrouping (false), style "percent". `decimal` returns null for anything else, and for
// magnitudes from 1e21 up, where `toFixed` switches to exponents; i18n.js then asks Intl.

const KNOWN = new Set([
  "minimumFractionDigits",
  "maximumFractionDigits",
  "maximumSignificantDigits",
  "useGrouping",
  "style",
]);

/** "1234567" → "1,234,567". @param {string} int */
function group(int) {
  let out = "";
  for (let i = int.length; i > 0; i -= 3) out = int.slice(Math.max(0, i - 3), i) + (out ? `,${out}` : "");
  return out;
}

/**
 * `a` > 0 as its shortest decimal digits, the value being 0.d₁d₂… × 10^point.
 * @param {number} a
 */
function shortest(a) {
  const [m, e] = a.toExponential().split("e");
  return { digits: m.replace(".", ""), point: Number(e) + 1 };
}

/**
 * Keeps the first `keep` digits (any integer), rounding half away from zero.
 * @param {{ digits: string, point: number }} d
 * @param {number} keep
 */
function round({ digits, point }, keep) {
  if (keep >= digits.length) return { digits, point };
  if (keep < 0 || (keep === 0 && digits[0] < "5")) return { digits: "", point };
  if (digits[keep] < "5") return { digits: digits.slice(0, keep), point };
  // Up by one in the last kept place; a carry out of all nines adds a digit in front.
  const kept = digits.slice(0, keep).split("");
  let i = kept.length - 1;
  while (i >= 0 && kept[i] === "9") kept[i--] = "0";
  if (i < 0) return { digits: `1${kept.join("")}`, point: point + 1 };
  kept[i] = String(Number(kept[i]) + 1);
  return { digits: kept.join(""), point };
}

/**
 * The digits as text with at least `minFrac` and only the significant fraction digits beyond.
 * @param {{ digits: string, point: number }} d
 * @param {number} minFrac
 */
function text({ digits, point }, minFrac) {
  const d = digits.replace(/0+$/, "");
  const int = point <= 0 ? "0" : (d.slice(0, point) || "0").padEnd(point, "0").replace(/^0+(?=\d)/, "");
  const frac = (d === "" ? "" : point < 0 ? "0".repeat(-point) + d : d.slice(Math.max(point, 0))).padEnd(minFrac, "0");
  return frac ? `${int}.${frac}` : int;
}

/**
 * `n` formatted as Intl.NumberFormat("en-US" or "ko-KR", options) would, or null when the
 * options are not ones this handles.
 * @param {number} n a number (not NaN: the caller writes its own mark for that)
 * @param {Intl.NumberFormatOptions} options
 * @returns {string | null}
 */
export function decimal(n, options) {
  for (const k in options) if (!KNOWN.has(k)) return null;
  const percent = options.style === "percent";
  if (options.style !== undefined && !percent) return null;
  if (options.useGrouping !== undefined && options.useGrouping !== false) return null;
  const negative = n < 0 || Object.is(n, -0);
  const a = Math.abs(n);
  let out;
  if (a === Infinity) out = "∞";
  else if (a >= 1e21) return null;
  else {
    const d = a === 0 ? { digits: "", point: 0 } : shortest(a);
    if (percent) d.point += 2;
    if (options.maximumSignificantDigits !== undefined) {
      if (options.minimumFractionDigits !== undefined || options.maximumFractionDigits !== undefined) return null;
      const p = options.maximumSignificantDigits;
      if (!Number.isInteger(p) || p < 1 || p > 21) return null;
      out = text(round(d, p), 0);
    } else {
      const min = options.minimumFractionDigits ?? 0;
      const max = options.maximumFractionDigits ?? Math.max(min, percent ? 0 : 3);
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max > 100 || min > max) return null;
      out = text(round(d, d.point + max), min);
    }
    if (options.useGrouping !== false) {
      const dot = out.indexOf(".");
      out = dot < 0 ? group(out) : group(out.slice(0, dot)) + out.slice(dot);
    }
  }
  return `${negative ? "-" : ""}${out}${percent ? "%" : ""}`;
}
