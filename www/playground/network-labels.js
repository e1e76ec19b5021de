// The network view's texts (names, biases, link values), made from a translator so that the
// playground page (the page's language) and its embeds (each embed's own) word them alike.

/**
 * @param {{ t: (key: string, params?: Record<string, any>) => string, fmt: (v: number, o?: Intl.NumberFormatOptions) => string, fmtSig: (v: number, digits: number) => string }} tr
 */
export function networkLabels({ t, fmt, fmtSig }) {
  const num = (/** @type {number} */ v) => fmtSig(v, 4);
  /** @param {number} l @param {number} j @param {number} layers */
  const unitName = (l, j, layers) =>
    l === 0
      ? t("net.input", { name: `x${j + 1}` })
      : l === layers - 1
        ? t("net.output")
        : t("net.unit", { j: j + 1, layer: t("net.layerTitle", { n: l }) });
  /** A bias as written in its unit's box, which has room for about 6 characters (`short`: 5):
   * fixed decimals, fewer for larger values. */
  const boxNumber = (/** @type {number} */ b, /** @type {boolean} */ short) => {
    const a = Math.abs(b);
    const decimals = (a < 10 ? 3 : a < 100 ? 2 : a < 1000 ? 1 : -1) - (short ? 1 : 0);
    return decimals < 0 ? fmtSig(b, 3) : fmt(b, { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  };
  return {
    layerName: (/** @type {number} */ l, /** @type {number} */ layers) =>
      l === 0 ? t("net.inputs") : l === layers - 1 ? t("net.output") : t("net.layerTitle", { n: l }),
    unitName,
    /** A unit's name with its bias: as its box shows it when it does (`short` given), so that the
     * name contains the visible label (WCAG 2.5.3); else to 4 significant digits. */
    unitValue: (/** @type {string} */ unit, /** @type {number} */ b, /** @type {boolean | undefined} */ short) =>
      t("net.unitValue", { unit, b: short === undefined ? num(b) : boxNumber(b, short) }),
    unitInfo: (/** @type {string} */ unit, /** @type {number} */ b, /** @type {[string, number][]} */ weights) =>
      `${t("net.unitValue", { unit, b: num(b) })}. ${t("net.incoming", { unit, list: weights.map(([n, w]) => `${n}: ${num(w)}`).join(", ") })}`,
    link: (/** @type {string} */ from, /** @type {string} */ to, /** @type {number} */ w) =>
      t("net.link", { from, to, w: num(w) }),
    bias: (/** @type {number} */ b, short = false) => t("net.bias", { b: boxNumber(b, short) }),
  };
}
