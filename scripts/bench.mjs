// Headless benchmark runner: serves www/, opens bench.html in Debian's Chromium, and prints the
// side-by-side figures, the native engine bench beside the wasm ones, the frame cost on the
// main thread vs a Web Worker, the heatmap time and the wasm's gzip size (the time from navigation
// to the first drawn frame is scripts/bench-load.mjs's). Writes target/bench.json.
import { launchChromium } from "./chromium.mjs";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { startServer } from "./serve.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const fmt = (n) => Math.round(n).toLocaleString("en");

console.log("native engine bench (cargo run --release --example bench)…");
const nativeOut = execFileSync("cargo", ["run", "--quiet", "--release", "--example", "bench"], {
  cwd: ROOT,
  encoding: "utf8",
});
const grab = (re) => Number(nativeOut.match(re)?.[1]);
const native = {
  "2-4-2-1": grab(/train 2-4-2-1\s+(\d+)/),
  "2-8-8-8-8-8-8-1": grab(/train 2-8-8-8-8-8-8-1\s+(\d+)/),
  heatmapMs: grab(/predict_grid\(100\).*?([\d.]+) ms/),
};

const { server, url } = await startServer({ port: 0 });
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  page.on("pageerror", (e) => console.error("page error:", e.message));
  console.log("browser bench (bench.html, about two minutes)…");
  await page.goto(`${url}bench.html?autorun`);
  await page.waitForFunction(() => window.benchResults, null, { timeout: 15 * 60_000, polling: 1000 });
  const r = await page.evaluate(() => window.benchResults);

  const wasm = readFileSync(`${ROOT}www/pkg/dl_playground_bg.wasm`);
  const load = {
    wasmBytes: wasm.length,
    wasmGzipBytes: gzipSync(wasm, { level: 9 }).length,
  };

  console.log(`\n${r.userAgent}\n`);
  const libs = Object.keys(r.speed["2-4-2-1"]);
  console.log("samples/s (median of 5 interleaved rounds)");
  console.log(["net".padEnd(18), ...libs.map((l) => l.padStart(25))].join(""));
  for (const [net, row] of Object.entries(r.speed)) {
    console.log([net.padEnd(18), ...libs.map((l) => fmt(row[l]).padStart(25))].join(""));
    console.log(
      [
        "  our ratio".padEnd(18),
        ...libs.map((l) => `${(row["dl-playground"] / row[l]).toFixed(2)}x`.padStart(25)),
      ].join(""),
    );
  }
  console.log("\nnative vs wasm (same work)");
  for (const net of Object.keys(r.speed)) {
    const w = r.speed[net]["dl-playground"];
    console.log(
      `  ${net.padEnd(18)} native ${fmt(native[net]).padStart(12)}   wasm ${fmt(w).padStart(12)}   native/wasm ${(native[net] / w).toFixed(2)}x`,
    );
  }
  const f = r.frames;
  console.log(`\nframe on the 6x8 net (4 epochs + 50x50 heatmap + 20x20 unit maps + weights)`);
  console.log(`  main thread: ${f.mainThreadFrameMs.toFixed(2)} ms of main-thread time per frame`);
  console.log(
    `  worker:      ${f.workerComputeMs.toFixed(2)} ms in the worker, ${f.workerRoundTripMs.toFixed(2)} ms round trip (${f.workerOverheadMs.toFixed(2)} ms messaging), ${f.workerMainThreadBusyMs.toFixed(3)} ms of main-thread time`,
  );
  console.log(
    `\npredictGrid(100), 6x8 net: ${r.heatmapMs.toFixed(2)} ms in Chromium, ${native.heatmapMs.toFixed(2)} ms native`,
  );
  console.log(
    `wasm: ${fmt(load.wasmBytes)} bytes, ${fmt(load.wasmGzipBytes)} gzipped (navigation to first frame: scripts/bench-load.mjs)`,
  );
  mkdirSync(`${ROOT}target`, { recursive: true });
  writeFileSync(`${ROOT}target/bench.json`, JSON.stringify({ ...r, native, load }, null, 2));
  console.log("\nwritten: target/bench.json");
} finally {
  await browser.close();
  server.close();
}
