// The playground page in Chromium: every group of the page, driven like a user would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, untranslated, SHOTS } from "./helpers.mjs";
import { CATALOGUE, TECHNICAL_TERMS } from "../../www/strings/index.js";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

async function open(hash = "#seed=7", viewport) {
  const r = await openPage(env, `index.html${hash}`, viewport);
  await r.page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return r;
}

const text = (page, sel) => page.textContent(sel);
const SUP = {
  "⁻": "-",
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
};
/** A number as the page shows it ("−1,234.5", "6.2×10⁻⁴") back to a JS number. */
function parseShown(s) {
  const [m, e] = s.replace(/−/g, "-").replace(/,/g, "").split("×10");
  return Number(m) * (e ? 10 ** Number([...e].map((c) => SUP[c]).join("")) : 1);
}
const num = async (page, sel) => Number((await text(page, sel)).replace(/[,%]/g, ""));
const state = (page) => page.evaluate(async () => JSON.parse(await window.__playground.exportState()));

/** Plays until the page reports it has stopped (stop-after setting or divergence). */
async function playUntilStopped(page) {
  await page.click("#play");
  await page.waitForFunction(
    () =>
      document.getElementById("play").textContent !== document.querySelector("#play").dataset.playing &&
      document.getElementById("play").dataset.i18n === "common.play",
    null,
    { timeout: 60_000 },
  );
}

test("data editing: a click adds a point of the chosen class, another removes it, the link keeps them", async () => {
  const { page, errors } = await open("#seed=7&points=50");
  await page.check("input[name=new-class][value='-1']");
  const box = await page.locator("#view").boundingBox();
  const at = { x: box.width * 0.75, y: box.height * 0.25 };
  await page.locator("#view").click({ position: at });
  await page.waitForFunction(() => location.hash.includes("pts="));
  let s = await state(page);
  assert.equal(s.points.length, 51);
  const added = s.points[50];
  assert.equal(added.label, -1);
  assert.ok(Math.abs(added.x[0] - 3) < 0.1 && Math.abs(added.x[1] - 3) < 0.1, JSON.stringify(added));
  await page.check("input[name=click-mode][value=remove]");
  await page.locator("#view").click({ position: at });
  await page.waitForFunction(async () => JSON.parse(await window.__playground.exportState()).points.length === 50);
  s = await state(page);
  assert.ok(!s.points.some((p) => p.x[0] === added.x[0] && p.x[1] === added.x[1]));
  assert.deepEqual(errors, []);
});

test("controls change the trainer: learning rate, optimizer, hidden layers, full batch", async () => {
  const { page, errors } = await open("#seed=7");
  await page.fill("#c-learningRate", "0.1");
  await page.press("#c-learningRate", "Enter");
  await page.selectOption("#c-optimizer", "adam");
  await page.click("#layer-add");
  await page.waitForFunction(
    async () => JSON.parse(await window.__playground.exportState()).config.hidden.length === 2,
  );
  await page.click(".layer-row:nth-child(2) button[data-dir=add]");
  await page.check("#c-fullBatch");
  await page.waitForFunction(async () => JSON.parse(await window.__playground.exportState()).config.batchSize === 2000);
  const cfg = (await state(page)).config;
  assert.equal(cfg.learningRate, 0.1);
  assert.equal(cfg.optimizer, "adam");
  assert.deepEqual(cfg.hidden, [4, 5]);
  assert.equal(await page.locator("#c-beta1").isVisible(), true, "Adam's β1 is shown");
  assert.equal(await page.locator("#c-alpha").isVisible(), false, "RMSProp's α is not");
  await page.waitForFunction(() => document.getElementById("counter-sentence").textContent.startsWith("batch 100 "));
  assert.match(await text(page, "#counter-sentence"), /batch 100 × 1 iterations = 1 epoch \(100 training samples\)/);
  // A value the engine refuses is reported and nothing is lost.
  await page.fill("#c-learningRate", "0");
  await page.press("#c-learningRate", "Enter");
  await page.waitForSelector("#control-error:not([hidden])");
  assert.match(await text(page, "#control-error"), /Learning rate must be > 0; 0 is not/);
  assert.equal((await state(page)).config.learningRate, 0.1);
  assert.equal(await page.inputValue("#c-learningRate"), "0.1");
  assert.deepEqual(errors, []);
});

test("step buttons move the counters by one sample, one batch and one epoch", async () => {
  const { page } = await open("#seed=7&points=200&batchSize=10");
  assert.equal(await num(page, "#n-per-epoch"), 10);
  await page.click("#step-sample");
  await page.waitForFunction(() => document.getElementById("n-samples").textContent === "1");
  assert.equal(await num(page, "#n-iteration"), 0);
  await page.click("#step-batch");
  await page.waitForFunction(() => document.getElementById("n-iteration").textContent === "1");
  assert.equal(await num(page, "#n-samples"), 10);
  await page.click("#step-epoch");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
  assert.equal(await num(page, "#n-samples"), 100);
  assert.equal(await num(page, "#n-iteration"), 10);
  assert.match(await text(page, "#status"), /epoch 1, iteration 10/);
});

test("the URL reproduces the run: the same loss after N epochs", async () => {
  const hash = "#seed=11&dataset=spiral&hidden=6,6&optimizer=adam&stopEpochs=40&speed=max";
  const run = async () => {
    const { page } = await open(hash);
    await page.click("#play");
    await page.waitForFunction(
      () =>
        document.getElementById("n-epoch").textContent === "40" &&
        document.getElementById("play").dataset.i18n === "common.play",
      null,
      { timeout: 60_000 },
    );
    const s = await state(page);
    return {
      loss: await text(page, "#m-trainLoss"),
      history: s.history,
      url: await page.evaluate(() => location.hash),
      params: s.params,
    };
  };
  const a = await run();
  const b = await run();
  assert.equal(a.loss, b.loss);
  assert.deepEqual(a.history, b.history);
  assert.deepEqual(a.params, b.params);
  assert.match(a.url, /seed=11/);
});

test("a bad or stale link falls back to defaults and says what it ignored", async () => {
  const { page, errors } = await open("#points=abc&dataset=swirl&colour=red&hidden=4,99&seed=5");
  const notice = await text(page, "#notice-text");
  for (const key of ["points", "dataset", "colour", "hidden"]) assert.ok(notice.includes(key), `${key} in ${notice}`);
  assert.equal(await page.inputValue("#c-points"), "200");
  assert.equal(await page.inputValue("#c-dataset"), "xor");
  assert.equal(await page.inputValue("#c-seed"), "5");
  await page.click("#step-epoch");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
  assert.deepEqual(errors, []);
});

test("the inspector shows the numbers of trace(i)", async () => {
  const { page } = await open("#seed=7&model=perceptron&batchSize=1&learningRate=0.5");
  await page.check("input[name=click-mode][value=inspect]");
  await page.fill("#inspect-index", "3");
  await page.press("#inspect-index", "Enter");
  await page.waitForSelector("#inspector table");
  const cells = await page.$$eval("#inspector table:last-of-type tbody tr", (rows) =>
    rows.map((r) => Array.from(r.children, (c) => c.textContent)),
  );
  const trace = await page.evaluate(async () => {
    const { default: init, Trainer } = await import("./pkg/dl_playground.js");
    await init();
    return Trainer.fromState(await window.__playground.exportState()).trace(3);
  });
  const layer = trace.layers[0];
  const want = [
    ["w[0][0,0]", layer.w[0][0], layer.gradW[0][0], layer.updateW[0][0]],
    ["w[0][0,1]", layer.w[0][1], layer.gradW[0][1], layer.updateW[0][1]],
    ["b[0][0]", layer.b[0], layer.gradB[0], layer.updateB[0]],
  ];
  assert.equal(cells.length, 3);
  const close = (shown, v) => Math.abs(parseShown(shown) - v) <= Math.abs(v) * 1e-3 + 1e-12;
  cells.forEach((row, i) => {
    assert.equal(row[0], want[i][0]);
    for (let k = 1; k < 4; k++) assert.ok(close(row[k], want[i][k]), `${row} vs ${want[i]}`);
  });
  const sum = await text(page, "#inspector table:first-of-type td");
  assert.ok(close(sum.split(" = ").at(-1), trace.outputZ), sum);
});

test("divergence is shown as such, with its step, the value and a reset", async () => {
  const { page, errors } = await open("#seed=7&model=adaline&learningRate=10&speed=max");
  await page.click("#play");
  await page.waitForSelector("#diverged:not([hidden])", { timeout: 30_000 });
  const msg = await text(page, "#diverged-text");
  assert.match(msg, /At epoch \d+, iteration \d+, .*(Infinity|NaN).*The learning rate 10 is too large/);
  assert.equal(await page.getAttribute("#play", "data-i18n"), "common.play", "training stopped");
  assert.doesNotMatch(await text(page, "#m-trainLoss"), /NaN|∞/);
  const painted = await page.evaluate(() => {
    const c = document.getElementById("view");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let coloured = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] !== d[i + 2]) coloured++;
    return coloured;
  });
  assert.ok(painted > 1000, "the map still shows the last finite model");
  await page.click("#diverged-reset");
  await page.waitForSelector("#diverged", { state: "hidden" });
  assert.equal(await text(page, "#n-epoch"), "0");
  assert.deepEqual(errors, []);
});

test("exports: the map as PNG, weights and settings as JSON, points as CSV", async () => {
  const { page } = await open("#seed=7");
  const grab = async (sel) => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.click(sel)]);
    const chunks = [];
    for await (const c of await d.createReadStream()) chunks.push(c);
    return { name: d.suggestedFilename(), body: Buffer.concat(chunks) };
  };
  const png = await grab("#export-png");
  assert.equal(png.name, "dl-playground.png");
  assert.deepEqual([...png.body.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const json = await grab("#export-json");
  const data = JSON.parse(json.body.toString());
  assert.equal(data.config.seed, 7);
  assert.deepEqual(data.layerSizes, [2, 4, 1]);
  assert.equal(data.weights.layers.length, 2);
  await page.click("details.csv summary");
  const csv = await grab("#csv-export");
  assert.match(csv.body.toString(), /^x1,x2,label,set\n/);
});

test("a CSV import error is shown with its line number and keeps the points", async () => {
  const { page } = await open("#seed=7&points=30");
  const before = (await state(page)).points;
  await page.click("details.csv summary");
  await page.fill("#csv-text", "x1,x2,label\n1,2,1\n3,abc,0\n");
  await page.click("#csv-apply");
  await page.waitForSelector("#csv-error:not([hidden])");
  assert.match(await text(page, "#csv-error"), /CSV line 3, column 2: x2 is not a number: “abc”/);
  assert.deepEqual((await state(page)).points, before);
  await page.selectOption("#lang", "ko");
  await page.click("#csv-apply");
  await page.waitForFunction(() => document.getElementById("csv-error").textContent.includes("3번째 줄"));
  await page.fill("#csv-text", "1,1,1\n-1,-1,0\n2,2,1\n");
  await page.click("#csv-apply");
  await page.waitForFunction(async () => JSON.parse(await window.__playground.exportState()).points.length === 3);
  // The link follows once the page has read the new points back.
  await page.waitForFunction(() => location.hash.includes("pts="));
  assert.match(await page.evaluate(() => location.hash), /pts=1,1,p;-1,-1,n;2,2,p/);
});

test("switching language leaves no untranslated text", async () => {
  const { page, errors } = await open("#seed=7&lang=ko");
  await page.click("#step-epoch");
  await page.check("input[name=click-mode][value=inspect]");
  await page.fill("#inspect-index", "0");
  await page.press("#inspect-index", "Enter");
  await page.waitForSelector("#inspector table");
  await page.click("details.csv summary");
  const report = await untranslated(page, CATALOGUE.ko, TECHNICAL_TERMS);
  assert.deepEqual(report, []);
  assert.equal(await page.getAttribute("html", "lang"), "ko");
  await page.selectOption("#lang", "en");
  assert.equal(await text(page, "[data-i18n='pg.view']"), CATALOGUE.en["pg.view"]);
  assert.deepEqual(errors, []);
});

test("keyboard only: space plays and pauses, s steps, r resets — only with focus inside", async () => {
  const { page } = await open("#seed=7&speed=frame");
  await page.focus("#playground");
  await page.keyboard.press("s");
  await page.waitForFunction(() => document.getElementById("n-iteration").textContent === "1");
  await page.keyboard.press(" ");
  await page.waitForFunction(() => Number(document.getElementById("n-epoch").textContent) >= 3);
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("play").dataset.i18n === "common.play");
  assert.match(await text(page, "#status"), /Paused at epoch/);
  await page.keyboard.press("r");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "0");
  // Outside the playground (the language menu in the header) the keys do nothing.
  await page.focus("#lang");
  await page.keyboard.press("s");
  await page.waitForTimeout(300);
  assert.equal(await text(page, "#n-iteration"), "0");
});

test("a lesson link sets up its lesson and its outcome holds (lesson 7: XOR needs a non-linearity)", async () => {
  const { page } = await open("#lesson=7&stopEpochs=200&speed=max");
  assert.equal(await page.inputValue("#lesson"), "7");
  assert.ok((await text(page, "#lesson-text")).includes("tanh"));
  await page.click("#play");
  await page.waitForFunction(
    () =>
      document.getElementById("n-epoch").textContent === "200" &&
      document.getElementById("play").dataset.i18n === "common.play",
    null,
    { timeout: 60_000 },
  );
  assert.ok((await num(page, "#m-trainAcc")) >= 98);
  await page.selectOption("#c-activation", "linear");
  await page.click("#play");
  await page.waitForFunction(
    () =>
      document.getElementById("n-epoch").textContent === "200" &&
      document.getElementById("play").dataset.i18n === "common.play",
    null,
    { timeout: 60_000 },
  );
  assert.ok((await num(page, "#m-trainAcc")) <= 75);
});

test("hidden parts and locked controls come from the link", async () => {
  const { page } = await open("#seed=7&hide=network,charts&lock=dataset,model");
  assert.equal(await page.locator("[data-part=network]").isVisible(), false);
  assert.equal(await page.locator("[data-part=charts]").isVisible(), false);
  assert.equal(await page.locator("#c-dataset").isDisabled(), true);
  assert.equal(await page.locator("#c-model").isDisabled(), true);
  assert.equal(await page.locator("#c-learningRate").isDisabled(), false);
});

test("frame timing while the 6×8 net trains with heatmap and unit maps", async () => {
  const { page } = await open("#seed=1&hidden=8,8,8,8,8,8&speed=max");
  await page.click("#play");
  await page.waitForTimeout(500);
  const times = await page.evaluate(
    () =>
      new Promise((done) => {
        const t = [];
        let last = performance.now();
        const f = (now) => {
          t.push(now - last);
          last = now;
          if (t.length < 180) requestAnimationFrame(f);
          else done(t);
        };
        requestAnimationFrame(f);
      }),
  );
  await page.click("#play");
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  const p95 = sorted[Math.floor(sorted.length * 0.95)];
  console.log(`frame time while training 2-8x6-1: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  assert.ok(median <= 20, `median frame ${median} ms`);
  assert.ok(Number((await text(page, "#n-epoch")).replace(/,/g, "")) > 10);
});

test("screenshots at desktop and phone width, Korean and English", async () => {
  for (const [lang, w, h] of [
    ["en", 1400, 1000],
    ["ko", 1400, 1000],
    ["en", 390, 844],
    ["ko", 390, 844],
  ]) {
    const { page } = await open(`#seed=7&lesson=7&lang=${lang}&stopEpochs=60&speed=max`, { width: w, height: h });
    await page.click("#play");
    await page.waitForFunction(
      () =>
        document.getElementById("n-epoch").textContent === "60" &&
        document.getElementById("play").dataset.i18n === "common.play",
      null,
      { timeout: 60_000 },
    );
    await page.screenshot({ path: `${SHOTS}/playground-${lang}-${w}.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${lang} ${w}px: page is ${overflow}px wider than the window`);
    await page.close();
  }
});
