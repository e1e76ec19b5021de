// From navigation to the first drawn frame, as a new user meets it: each load in a fresh browser
// context (its own renderer process, so nothing compiled by an earlier load is reused), for the
// playground and the lab, in Debian's Chromium with the project's own server. Prints, per page,
// the median and range of `window.__firstFrameMs` (set by each page once its first frame is
// drawn), first contentful paint, the layout shift summed over the load (every `layout-shift`
// entry), and the same for loads that reuse one
// context (a second visit: what an earlier figure of 268 ms measured, after bench.html had
// compiled the same wasm in the same process). Writes target/bench-load.json. The layout shift
// is summed up to 1.5 s after the load event (later when the first frame came later), and the
// harness runs nothing in the page before then.
//
//   node scripts/bench-load.mjs [loads]       (default 7; also run by ./scripts/bench.sh)
//   BENCH_WWW serves another copy of the pages (a worktree of an older commit, for a "before"
//   figure); BENCH_PAGES=playground measures one page (a page without the first-frame mark).
import { launchChromium } from "./chromium.mjs";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "./serve.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const LOADS = Number(process.argv[2] ?? 7);
const VIEWPORT = { width: 1400, height: 1000 };
const PAGES = [
  { page: "playground", path: "index.html#seed=1" },
  { page: "lab", path: "descent.html#seed=1" },
];

const median = (/** @type {number[]} */ v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const range = (/** @type {number[]} */ v) => `${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}`;

/**
 * One load of `path` in `context`: the page's own first-frame time, FCP and the layout shift.
 * @param {import("playwright-core").BrowserContext} context @param {string} url
 */
async function load(context, url) {
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url);
  // Nothing is run in the page until it has drawn: Playwright's waitForFunction would inject its
  // script into the page while it loads (about 30 ms of the main thread, on the path measured).
  // So the bench waits, then reads the mark; a load that has not drawn by then is waited for.
  await page.waitForTimeout(1500);
  await page.waitForFunction(() => /** @type {any} */ (window).__firstFrameMs, null, { timeout: 30_000 });
  const r = await page.evaluate(() =>
    new Promise((done) => {
      // Buffered: the entries from the start of the load, not only from now.
      new PerformanceObserver((list, observer) => {
        observer.disconnect();
        const shifts = /** @type {any[]} */ (list.getEntries()).filter((e) => !e.hadRecentInput);
        done({ shift: shifts.reduce((s, e) => s + e.value, 0), shifts: shifts.length });
      }).observe({ type: "layout-shift", buffered: true });
      // No entry at all: the observer is never called; answer after a frame.
      requestAnimationFrame(() => setTimeout(() => done({ shift: 0, shifts: 0 }), 50));
    }).then((/** @type {any} */ s) => ({
      ...s,
      firstFrameMs: /** @type {any} */ (window).__firstFrameMs,
      fcpMs: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN,
    })),
  );
  await page.close();
  if (errors.length) throw new Error(`${url}: ${errors.join(" | ")}`);
  return /** @type {{ firstFrameMs: number, fcpMs: number, shift: number, shifts: number }} */ (r);
}

const { server, url } = await startServer({
  port: 0,
  ...(process.env.BENCH_WWW ? { www: process.env.BENCH_WWW } : {}),
});
const only = process.env.BENCH_PAGES?.split(",");
const browser = await launchChromium();
try {
  const out = [];
  console.log(`navigation → first drawn frame, ${LOADS} loads per page (${VIEWPORT.width} × ${VIEWPORT.height})`);
  for (const p of PAGES.filter((p) => !only || only.includes(p.page))) {
    const cold = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: VIEWPORT });
      cold.push(await load(context, url + p.path));
      await context.close();
    }
    const context = await browser.newContext({ viewport: VIEWPORT });
    await load(context, url + p.path);
    const warm = [];
    for (let i = 0; i < LOADS; i++) warm.push(await load(context, url + p.path));
    await context.close();
    const first = cold.map((r) => r.firstFrameMs);
    const row = {
      ...p,
      cold,
      warm,
      firstFrameMedianMs: median(first),
      firstFrameWarmMedianMs: median(warm.map((r) => r.firstFrameMs)),
      fcpMedianMs: median(cold.map((r) => r.fcpMs)),
      maxShift: Math.max(...cold.map((r) => r.shift), ...warm.map((r) => r.shift)),
    };
    out.push(row);
    console.log(
      `  ${p.page} (${p.path}): first frame ${Math.round(row.firstFrameMedianMs)} ms median (${range(first)}), first contentful paint ${Math.round(row.fcpMedianMs)} ms, layout shift ${row.maxShift.toFixed(4)} at most; second visit in the same context ${Math.round(row.firstFrameWarmMedianMs)} ms (${range(warm.map((r) => r.firstFrameMs))})`,
    );
  }
  mkdirSync(`${ROOT}target`, { recursive: true });
  writeFileSync(
    `${ROOT}target/bench-load.json`,
    JSON.stringify({ date: new Date().toISOString(), pages: out }, null, 2),
  );
  console.log("written: target/bench-load.json");
} finally {
  await browser.close();
  server.close();
}
