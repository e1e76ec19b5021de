// Language: one catalogue (strings/), chosen by the URL, then the saved choice, then the
// browser's language. Views never hold strings: they get them through `t`.
import { CATALOGUE } from "../strings/index.js";
import { decimal } from "./numbers.js";
import { setText, setLabel } from "./write.js";

export const LANGUAGES = ["ko", "en"];
const STORAGE_KEY = "dl-playground.lang";
let current = "en";
const listeners = new Set();

/** The language to start in: `fromUrl` if valid, else the saved one, else the browser's. */
export function initialLanguage(fromUrl) {
  if (LANGUAGES.includes(fromUrl)) return fromUrl;
  let saved = null;
  try {
    saved = localStorage.getItem(STORAGE_KEY);
  } catch {
    /* storage may be blocked */
  }
  if (LANGUAGES.includes(saved)) return saved;
  const browser = (navigator.languages ?? [navigator.language]).find((l) => /^(ko|en)\b/i.test(l));
  return browser?.toLowerCase().startsWith("ko") ? "ko" : "en";
}

export function language() {
  return current;
}

/** Switches language everywhere: the DOM's marked elements, then every listener (canvases). */
export function setLanguage(lang, { save = true } = {}) {
  if (!LANGUAGES.includes(lang)) return;
  current = lang;
  document.documentElement.lang = lang;
  if (save) {
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      /* ignore */
    }
  }
  translate(document);
  for (const f of listeners) f(lang);
}

/** Calls `f(lang)` after every language change. */
export function onLanguage(f) {
  listeners.add(f);
  return () => listeners.delete(f);
}

/** The catalogue's text for `key`, with `{name}` placeholders filled from `params`. */
export function t(key, params = {}) {
  return textIn(current, key, params);
}

/** A number in the current language's format. */
export function fmt(n, options = {}) {
  return fmtIn(current, n, options);
}

/** A number with `digits` significant digits; tiny or huge ones as m×10ⁿ (no letters). */
export function fmtSig(n, digits = 4) {
  return fmtSigIn(current, n, digits);
}

/**
 * `t`, `fmt` and `fmtSig` in a language of their own, whatever the page's: for embeds, several
 * of which may share one page in different languages.
 * @param {string} lang
 */
export function translator(lang) {
  const l = LANGUAGES.includes(lang) ? lang : "en";
  return {
    lang: l,
    t: (/** @type {string} */ key, params = {}) => textIn(l, key, params),
    fmt: (/** @type {number} */ n, options = {}) => fmtIn(l, n, options),
    fmtSig: (/** @type {number} */ n, digits = 4) => fmtSigIn(l, n, digits),
  };
}

function textIn(lang, key, params) {
  const text = CATALOGUE[lang]?.[key] ?? CATALOGUE.en[key];
  if (text === undefined) {
    console.error(`missing string: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** Number formats by language and options: making one costs far more than formatting with it,
 * and the views format hundreds of numbers a frame. */
const FORMATS = new Map();

function fmtIn(lang, n, options) {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  // Both languages write numbers alike; numbers.js does it without loading Intl's locale data.
  const text = decimal(n, options);
  if (text !== null) return text;
  const key = `${lang} ${JSON.stringify(options)}`;
  let f = FORMATS.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === "ko" ? "ko-KR" : "en-US", options);
    FORMATS.set(key, f);
  }
  return f.format(n);
}

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };

function fmtSigIn(lang, n, digits) {
  if (n === null || n === undefined || Number.isNaN(n)) return "–";
  if (!Number.isFinite(n)) return n > 0 ? "∞" : "−∞";
  const a = Math.abs(n);
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) {
    let e = Math.floor(Math.log10(a));
    let m = n / 10 ** e;
    if (Math.abs(Number(m.toPrecision(digits))) >= 10) {
      m /= 10;
      e += 1;
    }
    const exp = String(e).replace(/./g, (c) => SUPERSCRIPT[c]);
    return `${fmtIn(lang, m, { maximumSignificantDigits: digits })}×10${exp}`;
  }
  return fmtIn(lang, n, { maximumSignificantDigits: digits });
}

/**
 * Fills every element under `root` marked with data-i18n (text), data-i18n-title,
 * data-i18n-aria-label or data-i18n-placeholder from the catalogue.
 */
export function translate(root) {
  // Only what differs is written: the pages' HTML is in English, and a text set to itself
  // would still be replaced, and laid out again, on the way to the first frame.
  for (const el of root.querySelectorAll("[data-i18n]")) setText(el, t(el.dataset.i18n));
  for (const el of root.querySelectorAll("[data-i18n-title]")) {
    const text = t(el.dataset.i18nTitle);
    if (el.title !== text) el.title = text;
  }
  for (const el of root.querySelectorAll("[data-i18n-aria-label]")) setLabel(el, t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    const text = t(el.dataset.i18nPlaceholder);
    if (el.placeholder !== text) el.placeholder = text;
  }
}

/** Whether the catalogue has `key`. */
export function has(key) {
  return key in CATALOGUE.en;
}
