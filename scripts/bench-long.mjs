// The page left training at top speed: serves www/, opens the playground in Debian's Chromium on a
// tiny data set (two points, the default net) at "as fast as possible", presses Play and reads the
// epoch counter the page shows every second. Prints, per 10 s window, the epochs/s the user sees
// and the frames delivered per second with the p95 / p99 interval between them, so that a page
// that slows down as the run grows (a per-frame copy of the whole history, say) shows at once.
// First, the engine alone in the same browser: a one-point run taken to 10^7 epochs, its wasm
// memory before and after, and the time and size of exportState / fromState at that length.
//
//   node scripts/bench-long.mjs [seconds=100]
import { launchChromium } from "./chromium.mjs";
import { startServer } from "./serve.mjs";

const SECONDS = Number(process.argv[2] ?? 100);
const pct = (/** @type {number[]} */ v, /** @type {number} */ p) =>
  v.length ? [...v].sort((a, b) => a - b)[Math.min(v.length - 1, Math.floor((p / 100) * v.length))] : NaN;

const { server, url } = await startServer({ port: 0 });
const browser = await launchChromium();
try {
  const api = await browser.newPage();
  await api.goto(`${url}examples/api.html`);
  await api.waitForSelector("body[data-done=true]");
  const engine = await api.evaluate(async () => {
    const m = await import("../pkg/dl_playground.js");
    const wasm = await m.default();
    const mib = () => wasm.memory.buffer.byteLength / 2 ** 20;
    const before = mib();
    // Two points, one of them for training: one sample per epoch.
    const t = new m.Trainer({ seed: 1, points: 2, trainRatio: 0.5 });
    const start = performance.now();
    // As large a call as the engine allows (it names its limit in a tooMuchWork error).
    let most = 1e7;
    while (t.epoch < 1e7) {
      try {
        t.stepEpochs(Math.min(most, 1e7 - t.epoch));
      } catch (e) {
        if (/** @type {any} */ (e)?.code !== "tooMuchWork") throw e;
        most = /** @type {any} */ (e).max;
      }
    }
    const trainMs = performance.now() - start;
    let s0 = performance.now();
    const json = t.exportState();
    const exportMs = performance.now() - s0;
    s0 = performance.now();
    const back = m.Trainer.fromState(json);
    const fromMs = performance.now() - s0;
    const same = back.exportState() === json;
    return { before, after: mib(), epoch: t.epoch, trainMs, exportMs, bytes: json.length, fromMs, same };
  });
  console.log(
    `engine: ${engine.epoch} epochs of one point in ${(engine.trainMs / 1000).toFixed(1)} s; wasm memory ${engine.before.toFixed(2)} -> ${engine.after.toFixed(2)} MiB; exportState ${engine.exportMs.toFixed(0)} ms, ${Math.round(engine.bytes / 1000)} kB; fromState ${engine.fromMs.toFixed(0)} ms, ${engine.same ? "identical" : "DIFFERENT"} state`,
  );
  await api.close();

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}index.html#seed=1&pts=1,1,p;-1,-1,n&speed=max`);
  await page.waitForSelector("body[data-ready=true]");
  // Every frame the page paints, timed in the page: a frame counts once the counter changed.
  await page.evaluate(() => {
    const w = /** @type {any} */ (window);
    w.__frames = [];
    let last = "";
    const tick = (/** @type {number} */ t) => {
      const epoch = document.getElementById("n-epoch")?.textContent ?? "";
      if (epoch !== last) w.__frames.push(t);
      last = epoch;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.click("#play");
  const epochAt = async () => Number((await page.textContent("#n-epoch"))?.replace(/[^\d]/g, "") ?? 0);
  const t0 = Date.now();
  let prev = { t: t0, epoch: await epochAt() };
  console.log("window      epochs/s   frames/s   p95 ms   p99 ms");
  for (let w = 10; w <= SECONDS; w += 10) {
    await page.waitForTimeout(t0 + w * 1000 - Date.now());
    const now = { t: Date.now(), epoch: await epochAt() };
    const frames = await page.evaluate(() => {
      const w = /** @type {any} */ (window);
      const f = w.__frames;
      w.__frames = f.slice(-1);
      return f;
    });
    const gaps = frames.slice(1).map((/** @type {number} */ t, /** @type {number} */ i) => t - frames[i]);
    const secs = (now.t - prev.t) / 1000;
    console.log(
      `${String(w - 10).padStart(3)}–${String(w).padEnd(3)} s ${String(Math.round((now.epoch - prev.epoch) / secs)).padStart(10)} ${(gaps.length / secs).toFixed(1).padStart(10)} ${pct(gaps, 95).toFixed(1).padStart(8)} ${pct(gaps, 99).toFixed(1).padStart(8)}`,
    );
    prev = now;
  }
  console.log(`epoch reached: ${prev.epoch}`);
} finally {
  await browser.close();
  server.close();
}
