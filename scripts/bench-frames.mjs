// The playground as a user sees it, against the engine alone (issue 13's measurement): serves www/,
// opens the playground in each browser engine in turn (Chromium, Firefox, WebKit; one browser and
// one page at a time, driven as scripts/browsers.mjs says) at 1400 × 1000 with every view shown, for the 2-4-1
// net (the page's default) and lesson 6's 6 × 8 sigmoid net, each at "1 epoch per frame" and "as
// fast as possible"; presses Play and, after a warm-up, counts the frames whose drawn epoch
// changed. Prints frames/s delivered, the p95 / p99 interval between them, the epochs/s the page
// shows, and that as a share of the engine's own epochs/s: the same trainer (taken from the page
// with exportState, so config, points, weights and per-epoch history are identical) stepped in a
// tight loop in the same browser. Writes target/bench-frames.json and a Markdown table, a row per
// browser and case.
//
//   node scripts/bench-frames.mjs [--browser chromium|firefox|webkit]   (default: all three)
//   (also the last step of ./scripts/bench.sh; BENCH_MEASURE_MS shortens the measurement, for a check;
//   BENCH_WWW serves another copy of the pages, e.g. a worktree of an older commit for a "before"
//   figure, and BENCH_OUT names the JSON written instead of target/bench-frames.json)
import { ENGINES, ENGINE_NAMES, launchBrowser } from "./browsers.mjs";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { startServer } from "./serve.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const VIEWPORT = { width: 1400, height: 1000 };
const WARMUP_MS = 2000;
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS) || 10_000;
// Long enough for wasm's optimising tier to take over; the measurement then spans halvings of the
// record (4,096 entries) as the page's run does.
const ENGINE_WARMUP_MS = 1000;
const ENGINE_MS = 4000;

/** The nets, as the page's hash expresses them (lesson 6 brings its whole state, speed aside). */
const NETS = [
  { net: "2-4-1", hash: "seed=1", sizes: "2-4-1", runs: 1 },
  // Lesson 6 without its comparison (`cmp=`): the single deep net.
  { net: "6 × 8 sigmoid (lesson 6)", hash: "lesson=6&cmp=", sizes: "2-8-8-8-8-8-8-1", runs: 1 },
  // Compare mode: four 2-4-1 runs, lesson 6's sigmoid net against ReLU (issue's "2 × 6 × 8"), and
  // lesson 6 as it opens (sigmoid, ReLU, Leaky ReLU), trained in lockstep. Their share is of the
  // engine's speed for all the runs' epochs together.
  {
    net: "4 × 2-4-1 (compare)",
    hash: "seed=1&cmp=activation:relu;activation:sigmoid;learningRate:0.1",
    sizes: "2-4-1",
    runs: 4,
  },
  {
    net: "2 × 6 × 8 (compare: sigmoid vs ReLU)",
    hash: "lesson=6&cmp=activation:relu",
    sizes: "2-8-8-8-8-8-8-1",
    runs: 2,
  },
  { net: "3 × 6 × 8 (compare: lesson 6 as it opens)", hash: "lesson=6", sizes: "2-8-8-8-8-8-8-1", runs: 3 },
];
const SPEEDS = [
  { speed: "frame", label: "1 epoch per frame" },
  { speed: "max", label: "as fast as possible" },
];

/** Nearest-rank percentile (the e2e frame test's definition). */
const pct = (/** @type {number[]} */ v, /** @type {number} */ p) =>
  v.length ? [...v].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * v.length) - 1)] : NaN;
const median = (/** @type {number[]} */ v) => pct(v, 50);
const fmt = (/** @type {number} */ n, digits = 0) =>
  Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "–";

// `--net <text>`: only the nets whose name contains it (a quicker look at one case).
const netArg = process.argv.indexOf("--net");
const NETS_RUN = netArg < 0 ? NETS : NETS.filter((n) => n.net.includes(process.argv[netArg + 1]));
const arg = process.argv.indexOf("--browser");
const BROWSERS = arg < 0 ? [...ENGINES] : [process.argv[arg + 1]];
for (const b of BROWSERS) {
  if (!ENGINES.includes(/** @type {any} */ (b))) throw new Error(`--browser ${b}: not one of ${ENGINES.join(", ")}`);
}

/** @typedef {Awaited<ReturnType<typeof launchBrowser>>} Browser */

/**
 * Opens the playground at `hash` and waits until it has drawn its first frame.
 * @param {Browser} browser @param {string} url @param {string} hash
 */
async function openPlayground(browser, url, hash) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  /** @type {string[]} */
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${url}index.html#${hash}`);
  await page.waitForSelector("body[data-ready=true]");
  return { page, errors };
}

/**
 * The engine alone: the page's own trainer (its exported state) stepped as fast as it goes on
 * the main thread of a page with nothing else to do. Epochs/s.
 * @param {Browser} browser @param {string} url @param {string} hash
 */
async function engineAlone(browser, url, hash) {
  const { page } = await openPlayground(browser, url, hash);
  const state = await page.evaluate(() => /** @type {any} */ (window).__playground.exportState());
  await page.close();
  const api = await browser.newPage();
  await api.goto(`${url}examples/api.html`);
  await api.waitForSelector("body[data-done=true]");
  const r = await api.evaluate(
    async ({ state, warmMs, ms }) => {
      const m = await import("../pkg/dl_playground.js");
      await m.default();
      const t = m.Trainer.fromState(state);
      let most = Infinity;
      /** Steps for `ms`, in calls of 5–10 ms: short enough to stop on time, long enough to cost nothing. */
      const run = (/** @type {number} */ ms) => {
        const e0 = t.epoch;
        const t0 = performance.now();
        let k = 1;
        while (performance.now() - t0 < ms) {
          const n = Math.min(k, most);
          const s = performance.now();
          try {
            t.stepEpochs(n);
          } catch (e) {
            // One call may do only so much; the engine says how much (as frame.js handles it).
            if (/** @type {any} */ (e)?.code !== "tooMuchWork") throw e;
            most = Math.max(1, /** @type {any} */ (e).max);
            continue;
          }
          if (performance.now() - s < 5) k *= 2;
        }
        return { epochs: t.epoch - e0, ms: performance.now() - t0 };
      };
      run(warmMs);
      const out = run(ms);
      const recordHistory = t.config().recordHistory;
      t.free();
      return { ...out, recordHistory };
    },
    { state, warmMs: ENGINE_WARMUP_MS, ms: ENGINE_MS },
  );
  await api.close();
  return { epochsPerSec: (r.epochs / r.ms) * 1000, epochs: r.epochs, ms: r.ms, recordHistory: r.recordHistory };
}

/**
 * The page playing at `hash`: after the warm-up, a rAF callback at every display frame reads the
 * epoch counter the page shows; a frame is delivered when it changed. Counting those over the
 * elapsed time, not the median rAF interval, is the point: with the trainer in a worker the main
 * thread stays free enough for rAF to tick at 60 Hz while the page draws a fraction of the ticks.
 * @param {Browser} browser @param {string} url @param {string} hash
 * @param {string} sizes the layer sizes the page must show (a check that the hash did what we meant)
 */
async function pagePlaying(browser, url, hash, sizes) {
  const { page, errors } = await openPlayground(browser, url, hash);
  try {
    const shown = await page.evaluate(() => /** @type {any} */ (window).__playground.frame().sizes.join("-"));
    if (shown !== sizes) throw new Error(`#${hash} shows a ${shown} net, not ${sizes}`);
    await page.click("#play");
    await page.waitForTimeout(WARMUP_MS);
    const seen = await page.evaluate(
      (ms) =>
        new Promise((done) => {
          const w = /** @type {any} */ (window);
          const counter = /** @type {HTMLElement} */ (document.getElementById("n-epoch"));
          const shownEpoch = () => Number((counter.textContent ?? "").replace(/\D/g, ""));
          // Main-thread tasks over 50 ms: where a bad p99 comes from when frames/s looks fine.
          // Only Chromium reports them; elsewhere the count is null, not a reassuring 0.
          /** @type {number[] | null} */
          const longTasks = PerformanceObserver.supportedEntryTypes?.includes("longtask") ? [] : null;
          const observer = new PerformanceObserver((l) => l.getEntries().forEach((e) => longTasks?.push(e.duration)));
          if (longTasks) observer.observe({ type: "longtask" });
          /** @type {{ t: number, epoch: number, workerMs: number }[]} */
          const drawn = [];
          let t0 = -1;
          let e0 = 0;
          let last = shownEpoch();
          // The window starts and ends on display frames, so that elapsed time and frames match.
          const tick = (/** @type {number} */ now) => {
            const epoch = shownEpoch();
            if (t0 < 0) {
              t0 = now;
              e0 = epoch;
            } else if (epoch !== last) drawn.push({ t: now, epoch, workerMs: w.__playground.frame().frameMs });
            last = epoch;
            if (now - t0 < ms) return requestAnimationFrame(tick);
            observer.disconnect();
            done({
              drawn,
              elapsedMs: now - t0,
              epochs: epoch - e0,
              longTasks,
              playing: document.getElementById("play")?.dataset.i18n === "common.pause",
              hidden: document.hidden,
            });
          };
          requestAnimationFrame(tick);
        }),
      MEASURE_MS,
    );
    const { drawn, elapsedMs, epochs, longTasks, playing, hidden } = /** @type {any} */ (seen);
    if (!playing || hidden) throw new Error(`#${hash}: the page stopped playing during the measurement`);
    const times = drawn.map((/** @type {{ t: number }} */ d) => d.t);
    const workerMs = drawn.map((/** @type {{ workerMs: number }} */ d) => d.workerMs);
    const gaps = times.slice(1).map((/** @type {number} */ t, /** @type {number} */ i) => t - times[i]);
    return {
      framesPerSec: (drawn.length / elapsedMs) * 1000,
      p50Ms: median(gaps),
      p95Ms: pct(gaps, 95),
      p99Ms: pct(gaps, 99),
      maxMs: gaps.length ? Math.max(...gaps) : NaN,
      epochsPerSec: (epochs / elapsedMs) * 1000,
      framesDelivered: drawn.length,
      elapsedMs,
      epochsPerFrame: drawn.length ? epochs / drawn.length : NaN,
      // The worker's time per frame (stepping + the views' data), median and p95: a budget overrun shows here.
      workerMsPerFrame: median(workerMs),
      workerMsP95: pct(workerMs, 95),
      longTasks: longTasks ? longTasks.length : null,
      longTaskMs: longTasks ? longTasks.reduce((/** @type {number} */ a, /** @type {number} */ b) => a + b, 0) : null,
      errors,
      // Every delivered frame (display-frame time, epoch shown, worker ms), for looking closer later.
      drawn,
    };
  } finally {
    await page.close();
  }
}

const { server, url } = await startServer({
  port: 0,
  ...(process.env.BENCH_WWW ? { www: process.env.BENCH_WWW } : {}),
});
const cases = [];
/** @type {{ browser: string, userAgent: string }[]} */
const browsers = [];
try {
  for (const engine of BROWSERS) {
    const name = ENGINE_NAMES[/** @type {keyof typeof ENGINE_NAMES} */ (engine)];
    const browser = await launchBrowser(/** @type {any} */ (engine));
    try {
      const ua = await browser.newPage().then(async (/** @type {any} */ p) => {
        const s = await p.evaluate(() => navigator.userAgent);
        await p.close();
        return s;
      });
      browsers.push({ browser: name, userAgent: ua });
      console.log(`frames delivered by the playground in ${name} (${ua})`);
      console.log(
        `${VIEWPORT.width} × ${VIEWPORT.height}, all views; ${WARMUP_MS / 1000} s warm-up, then ${MEASURE_MS / 1000} s per case`,
      );
      // One page at a time: a second tab would be hidden (the playground pauses) or compete for the 2 cores.
      for (const n of NETS_RUN) {
        const engineRun = await engineAlone(browser, url, n.hash);
        console.log(
          `  ${n.net}: the engine alone ${fmt(engineRun.epochsPerSec)} epochs/s (recordHistory ${engineRun.recordHistory})`,
        );
        for (const s of SPEEDS) {
          const hash = `${n.hash}&speed=${s.speed}`;
          const p = await pagePlaying(browser, url, hash, n.sizes);
          const share = (p.epochsPerSec * n.runs) / engineRun.epochsPerSec;
          cases.push({
            browser: name,
            net: n.net,
            sizes: n.sizes,
            speed: s.speed,
            hash,
            runs: n.runs,
            ...p,
            engine: engineRun,
            engineEpochsPerSec: engineRun.epochsPerSec,
            share,
          });
          const longTasks =
            p.longTasks === null
              ? "long tasks not reported"
              : `${p.longTasks} long tasks (${fmt(p.longTaskMs ?? NaN)} ms)`;
          console.log(
            `  ${n.net}, ${s.label}: ${fmt(p.framesPerSec, 1)} frames/s (p50 ${fmt(p.p50Ms, 1)}, p95 ${fmt(p.p95Ms, 1)}, p99 ${fmt(p.p99Ms, 1)}, max ${fmt(p.maxMs, 1)} ms), ${fmt(p.epochsPerSec)} epochs/s; ${fmt(p.epochsPerFrame, 1)} epochs and ${fmt(p.workerMsPerFrame, 1)} ms of worker time per frame (p95 ${fmt(p.workerMsP95, 1)}); ${longTasks}${p.errors.length ? `; page errors: ${p.errors.join(" | ")}` : ""}`,
          );
        }
      }
    } finally {
      await browser.close();
    }
  }
  // At one epoch per frame the page's epochs/s is capped by design: a share of the engine says nothing there.
  const rows = cases.map(
    (c) =>
      `| ${c.browser} | ${c.net}, ${SPEEDS.find((s) => s.speed === c.speed)?.label} | ${fmt(c.framesPerSec, 1)} | ${fmt(c.p95Ms, 1)} | ${fmt(c.p99Ms, 1)} | ${fmt(c.epochsPerSec)} | ${fmt(c.engineEpochsPerSec)} | ${c.speed === "max" ? `${fmt(100 * c.share, 1)} %` : "—"} |`,
  );
  const table = [
    "| browser | page state (all views) | frames/s | p95 ms | p99 ms | epochs/s | engine alone, epochs/s | share of the engine |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows,
  ].join("\n");
  console.log(`\n${table}\n`);
  mkdirSync(`${ROOT}target`, { recursive: true });
  const out = {
    date: new Date().toISOString(),
    // The first browser's, as when only Chromium was measured; every browser's in `browsers`.
    userAgent: browsers[0]?.userAgent,
    browsers,
    viewport: VIEWPORT,
    warmupMs: WARMUP_MS,
    measureMs: MEASURE_MS,
    engineMs: ENGINE_MS,
    cases,
  };
  const file = process.env.BENCH_OUT ?? "target/bench-frames.json";
  writeFileSync(`${ROOT}${file}`, JSON.stringify({ ...out, www: process.env.BENCH_WWW ?? "www" }, null, 2));
  console.log(`written: ${file}`);
} finally {
  server.close();
}
