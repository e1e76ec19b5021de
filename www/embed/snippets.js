// The copy-paste snippets that reproduce a state of either page elsewhere (docs/embed.md shows
// them): a link to the page, an iframe of embed.html (with the optional script that sizes it)
// and a <dl-playground> / <dl-lab> element with the module that defines it. Every URL is
// absolute, so a snippet works wherever it is pasted; text is escaped for HTML attributes.

/** Escapes `s` for an HTML attribute value in double quotes. */
export const attr = (/** @type {string} */ s) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * @param {object} o
 * @param {URL} o.site  the folder holding index.html, descent.html and embed.html
 * @param {"playground" | "lab"} o.kind  the page the state belongs to
 * @param {string} o.hash  the page's hash ("#…"): settings, seed, edited points, lesson
 * @param {string[]} o.parts  the parts the embed shows
 * @param {string} o.lang  "ko" or "en"
 * @param {string} o.title  the iframe's title (what a screen reader announces)
 * @param {number} [o.height]  the iframe's height before its content posts its own
 */
export function snippets({ site, kind, hash, parts, lang, title, height = 620 }) {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  params.set("lang", lang);
  const page = `#${params}`.replace(/%2C/g, ",");
  params.set("parts", parts.join(","));
  if (kind === "lab") params.set("page", "lab");
  const embed = `${params}`.replace(/%2C/g, ",");
  const src = new URL(`embed.html#${embed}`, site).href;
  const tag = kind === "lab" ? "dl-lab" : "dl-playground";
  const state = new URLSearchParams(page.slice(1));
  state.delete("lang");
  return {
    link: new URL(`${kind === "lab" ? "descent" : "index"}.html${page}`, site).href,
    embedHash: `#${embed}`,
    iframe:
      `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="${height}" loading="lazy" style="border:0" data-dl-playground></iframe>\n` +
      `<script src="${attr(new URL("embed/host.js", site).href)}" defer></script>`,
    element:
      `<script type="module" src="${attr(new URL("embed/element.js", site).href)}"></script>\n` +
      `<${tag} hash="${attr(`${state}`.replace(/%2C/g, ","))}" lang="${lang}" parts="${attr(parts.join(","))}"></${tag}>`,
  };
}
