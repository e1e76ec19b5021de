// Shared set-up of the end-to-end tests: a static server on a free port and the browser engine
// E2E_BROWSER names (chromium, the default; firefox; webkit), each driven as scripts/browsers.mjs
// says, behind Playwright's page interface.
import { before, after } from "node:test";
import { engineFromEnv, launchBrowser, ENGINE_NAMES, MIN_VIEWPORT_WIDTH } from "../../scripts/browsers.mjs";
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "../../scripts/serve.mjs";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The engine this run drives ("chromium", "firefox" or "webkit"). */
export const ENGINE = engineFromEnv();

/** Where the tests' screenshots go: target/screenshots for Chromium, a folder per other engine
 * (the suites that run in every engine take the same pictures). */
export const SHOTS = `${ROOT}target/screenshots${ENGINE === "chromium" ? "" : `/${ENGINE}`}`;
mkdirSync(SHOTS, { recursive: true });

/**
 * For a test that needs what only Chromium's driver offers: `{ skip }` with the reason in the
 * other engines, so that their counts hold only the tests that ran.
 * @param {string} why what the test needs
 */
export const chromiumOnly = (why) => ({ skip: ENGINE === "chromium" ? false : `Chromium only: ${why}` });

/**
 * For a test at a viewport `width` px wide: `{ skip }` in an engine whose window cannot be that
 * narrow (MiniBrowser's, WebKit's, is never narrower than its toolbar; see scripts/browsers.mjs).
 * @param {number} width
 */
export const narrowest = (width) => ({
  skip:
    width < MIN_VIEWPORT_WIDTH[ENGINE]
      ? `${ENGINE_NAMES[ENGINE]}'s window is at least ${MIN_VIEWPORT_WIDTH[ENGINE]} px wide`
      : false,
});

/**
 * Starts the server and the browser; returns them with a `close()` for both. `E2E_WWW` serves the
 * pages from another directory (scripts/js-mutants.mjs points it at a mutated copy of www/).
 */
export async function launch() {
  const { server, url } = await startServer({ port: 0, ...(process.env.E2E_WWW ? { www: process.env.E2E_WWW } : {}) });
  const browser = await launchBrowser(ENGINE);
  return {
    url,
    browser,
    engine: ENGINE,
    engineName: ENGINE_NAMES[ENGINE],
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/**
 * One server and browser for a test file's tests: launched before the first, closed after the
 * last. `open` opens a page (as openPage) and waits until the page says it is ready.
 */
export function browserPerFile() {
  const b = {
    /** @type {any} */ env: null,
    /** @param {string} path @param {{ width: number, height: number }} [viewport] */
    async open(path, viewport) {
      const r = await openPage(b.env, path, viewport);
      await r.page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
      return r;
    },
  };
  before(async () => {
    b.env = await launch();
  });
  after(async () => {
    await b.env?.close();
  });
  return b;
}

/** Opens `path` and fails the test on any page error or console error. */
export async function openPage(env, path = "", viewport = { width: 1280, height: 900 }) {
  const page = await env.browser.newPage({ viewport });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(env.url + path);
  return { page, errors };
}

/**
 * Pixels of canvas `id` within a small distance of each of `colours` ("#rrggbb"), counted below
 * its first `top` CSS px (to leave out a legend drawn in the same colours).
 */
export function colourCounts(page, id, colours, top = 0) {
  return page.evaluate(
    ([id, colours, top]) => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById(id));
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const rgb = colours.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
      const counts = colours.map(() => 0);
      const from = 4 * c.width * Math.round(top * (window.devicePixelRatio || 1));
      for (let i = from; i < d.length; i += 4)
        rgb.forEach(([r, g, b], k) => {
          if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 30) counts[k]++;
        });
      return counts;
    },
    [id, colours, top],
  );
}

/**
 * Text the current language's catalogue does not account for, for the language tests: elements
 * marked data-i18n whose text differs from `strings[key]`, and Latin-letter words in visible
 * text or in aria-label / title / placeholder that are not in `allowed` (names, symbols and
 * formats a Korean course keeps as they are). Returns one line per finding.
 */
export function untranslated(page, strings, allowed) {
  return page.evaluate(
    ([strings, allowed]) => {
      const out = [];
      for (const el of document.querySelectorAll("[data-i18n]")) {
        if (el.textContent !== strings[el.dataset.i18n]) out.push(`data-i18n ${el.dataset.i18n}: ${el.textContent}`);
      }
      const ok = new Set(allowed.map((w) => w.toLowerCase()));
      const words = (text) => text.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        // Parameter names such as w[0][1,0] are identifiers, not text.
        if (!el || el.closest("script, style, [hidden], .visually-hidden, table.numbers th[scope=row]")) continue;
        if (!el.checkVisibility?.()) continue;
        for (const w of words(n.textContent))
          if (!ok.has(w.toLowerCase())) out.push(`${w} in “${n.textContent.trim().slice(0, 60)}”`);
      }
      for (const el of document.querySelectorAll("[aria-label], [title], [placeholder]")) {
        for (const attr of ["aria-label", "title", "placeholder"]) {
          const v = el.getAttribute(attr);
          for (const w of v ? words(v) : [])
            if (!ok.has(w.toLowerCase())) out.push(`${attr}: ${w} in “${v.slice(0, 60)}”`);
        }
      }
      return out;
    },
    [strings, allowed],
  );
}

/**
 * What a screenshot of the page shows of its layout: how far the page is wider than the window,
 * and for each selector whether its element is drawn (has a box, not hidden) and lies within the
 * window's width. `inView` also requires it inside the window's height (for a screenshot of the
 * viewport rather than the full page). One line per element that fails.
 */
export function layoutProblems(page, selectors, { inView = false } = {}) {
  return page.evaluate(
    ([selectors, inView]) => {
      const out = [];
      const over = document.documentElement.scrollWidth - window.innerWidth;
      if (over > 0) out.push(`the page is ${over}px wider than the window`);
      for (const sel of selectors) {
        const el = document.querySelector(sel);
        const r = el?.getBoundingClientRect();
        if (!el || !el.checkVisibility() || r.width < 1 || r.height < 1) out.push(`${sel} is not shown`);
        else if (r.left < -0.5 || r.right > window.innerWidth + 0.5)
          out.push(`${sel} spans x ${r.left}..${r.right} of ${window.innerWidth}`);
        else if (inView && (r.top < -0.5 || r.bottom > window.innerHeight + 0.5))
          out.push(`${sel} spans y ${r.top}..${r.bottom} of ${window.innerHeight}`);
      }
      return out;
    },
    [selectors, inView],
  );
}
