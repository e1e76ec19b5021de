// The playground page in each engine (E2E_BROWSER): every group of the page, driven like a user would.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, untranslated, layoutProblems, SHOTS, chromiumOnly, narrowest } from "./helpers.mjs";
import { CATALOGUE, TECHNICAL_TERMS } from "../../www/strings/index.js";
import { NEG, POS } from "../../www/shared/colors.js";

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

/** Waits until a run that plays to its stop-after setting has reached it and paused. */
async function playTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction(
    (n) =>
      document.getElementById("n-epoch").textContent === n &&
      document.getElementById("play").dataset.i18n === "common.play",
    String(epochs),
    { timeout: 60_000 },
  );
}

/**
 * What the map canvas shows at each point of the run, read back from its pixels, next to what
 * the model says there (`trace(i)` of a copy of the page's trainer, not the grid the map is drawn
 * from). Data coordinates become canvas pixels as the view maps them: x1 across, x2 up, the box
 * [−half, half]² filling the canvas. A point's own marker covers the pixel under it, so the region
 * is read on two rings just outside the marker: each ring pixel votes for the class whose heatmap
 * tint it is (white blended with the class colour by at most 0.6, colors.js), or for none (ink,
 * markers, the boundary line, near-white). The centre pixel is the marker itself: the class colour
 * for a training point, white for a (hollow) test point; it is left out where another marker
 * overlaps.
 */
function mapUnderPoints(page) {
  return page.evaluate(
    async ([NEG, POS]) => {
      const { default: init, Trainer } = await import("./pkg/dl_playground.js");
      await init();
      const t = Trainer.fromState(await window.__playground.exportState());
      const half = Trainer.schema().limits.viewHalf;
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("view"));
      const { width: w, height: h } = c;
      const d = c.getContext("2d").getImageData(0, 0, w, h).data;
      const at = (px, py) => {
        const i = 4 * (Math.floor(py) * w + Math.floor(px));
        return [d[i], d[i + 1], d[i + 2]];
      };
      const toPixel = (x, y) => [((x + half) / (2 * half)) * w, ((half - y) / (2 * half)) * h];
      const tint = (p) => {
        for (const [cls, col] of [
          [1, POS],
          [-1, NEG],
        ]) {
          let num = 0,
            den = 0;
          for (let k = 0; k < 3; k++) {
            num += (255 - p[k]) * (255 - col[k]);
            den += (255 - col[k]) ** 2;
          }
          const s = num / den;
          if (s >= 0.1 && s <= 0.62 && p.every((v, k) => Math.abs(255 + (col[k] - 255) * s - v) <= 6)) return cls;
        }
        return 0;
      };
      const near = (p, q, tol) => p.every((v, k) => Math.abs(v - q[k]) <= tol);
      const outer = Math.max(4, w / 110) + 1.6;
      const ring = 1.3 * outer + 3;
      const n = t.points().label.length;
      const px = Array.from({ length: n }, (_, i) => {
        const { inputs } = t.trace(i);
        return toPixel(inputs[0], inputs[1]);
      });
      const out = [];
      for (let i = 0; i < n; i++) {
        const tr = t.trace(i);
        const [x, y] = px[i];
        const votes = { same: 0, other: 0 };
        for (const r of [ring, ring + 3]) {
          for (let k = 0; k < 16; k++) {
            const v = tint(at(x + r * Math.cos((k * Math.PI) / 8), y + r * Math.sin((k * Math.PI) / 8)));
            if (v === tr.label) votes.same++;
            else if (v !== 0) votes.other++;
          }
        }
        const covered = px.some(([qx, qy], j) => j !== i && Math.hypot(qx - x, qy - y) < 2 * outer + 2);
        const centre = at(x, y);
        const want = tr.test ? [255, 255, 255] : tr.label > 0 ? POS : NEG;
        out.push({
          i,
          x: tr.inputs,
          label: tr.label,
          score: tr.score,
          mistake: tr.mistake,
          votes,
          marker: covered ? null : near(centre, want, 12),
          centre,
        });
      }
      t.free();
      return out;
    },
    [NEG, POS],
  );
}

/**
 * Checks that the heatmap under every point the model classifies right, and not near its
 * boundary (class-+1 score within 0.2 of 0.5), is that point's class region, and that each
 * marker sits where its point is. Returns how many points were checked.
 */
function assertMapUnderPoints(found, what) {
  const far = found.filter((p) => !p.mistake && Math.abs(p.score - 0.5) >= 0.2);
  assert.ok(
    far.length >= 20 && far.length >= found.length / 2,
    `${what}: only ${far.length} of ${found.length} points are far from the boundary`,
  );
  for (const cls of [1, -1])
    assert.ok(far.filter((p) => p.label === cls).length >= 10, `${what}: class ${cls} has points`);
  const wrong = far.filter((p) => !(p.votes.same >= 4 && p.votes.same > p.votes.other));
  assert.deepEqual(
    wrong.map((p) => `point ${p.i} (${p.x.map((v) => v.toFixed(2))}) class ${p.label}: ${JSON.stringify(p.votes)}`),
    [],
    `${what}: the heatmap around these points is not their class's region`,
  );
  const markers = found.filter((p) => p.marker !== null);
  assert.ok(markers.length >= 20, `${what}: ${markers.length} markers stand alone`);
  assert.deepEqual(
    markers.filter((p) => !p.marker).map((p) => `point ${p.i} (${p.x.map((v) => v.toFixed(2))}): ${p.centre}`),
    [],
    `${what}: these markers are not drawn at their points`,
  );
  return far.length;
}

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
  // Which counters the next step writes: only those whose text changes (a write of the same
  // text still costs a layout; WebKit lays the whole page out again for it).
  await page.evaluate(() => {
    const written = (window.__written = new Set());
    new MutationObserver((list) => {
      for (const m of list) written.add((m.target.nodeType === 3 ? m.target.parentElement : m.target).id);
    }).observe(document.querySelector(".panel.run"), {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
  await page.click("#step-epoch");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
  assert.equal(await num(page, "#n-samples"), 100);
  assert.equal(await num(page, "#n-iteration"), 10);
  const written = await page.evaluate(() => [...window.__written].sort());
  assert.ok(
    ["n-epoch", "n-iteration", "n-samples"].every((id) => written.includes(id)),
    `written: ${written}`,
  );
  for (const same of ["n-per-epoch", "counter-sentence", "m-testAcc"])
    assert.ok(!written.includes(same), `${same} was written with the text it had (written: ${written})`);
  assert.match(await text(page, "#status"), /epoch 1, iteration 10/);
});

test("the heatmap shows each point's class region under it, the right way up", async () => {
  // A linear split whose boundary (normal at 30°) has no symmetry of the square: a map drawn
  // upside down, mirrored, turned or transposed puts a wedge of points (a third, two thirds, all
  // or a sixth of them) in the other class's region.
  const { page, errors } = await open(
    "#seed=3&dataset=linear&angle=30&noise=0&model=logistic&learningRate=0.1&stopEpochs=40&speed=max&lang=en",
  );
  await playTo(page, 40);
  assert.equal(await text(page, "#m-trainAcc"), "100%", "the model separates the classes");
  const found = await mapUnderPoints(page);
  assert.equal(found.length, 200);
  const checked = assertMapUnderPoints(found, "linear split");
  assert.ok(checked >= 150, `${checked} points checked`);
  // The colour scale under the map reads the same way: class −1's tint at its left (score 0),
  // class +1's at its right (score 1). Pixels strongly tinted by each class colour, by column.
  const scale = await page.evaluate(
    ([NEG, POS]) => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("view-legend"));
      const { width: w, height: h } = c;
      const d = c.getContext("2d").getImageData(0, 0, w, h).data;
      const columns = { neg: /** @type {number[]} */ ([]), pos: /** @type {number[]} */ ([]) };
      for (let i = 0; i < w * h; i++) {
        const p = [d[4 * i], d[4 * i + 1], d[4 * i + 2]];
        for (const [key, col] of /** @type {const} */ ([
          ["neg", NEG],
          ["pos", POS],
        ])) {
          // p = white + s · (col − white): s from the projection, then the remainder must be small.
          let num = 0,
            den = 0;
          for (let k = 0; k < 3; k++) {
            num += (255 - p[k]) * (255 - col[k]);
            den += (255 - col[k]) ** 2;
          }
          const s = num / den;
          if (s >= 0.3 && p.every((v, k) => Math.abs(255 + (col[k] - 255) * s - v) <= 8)) columns[key].push(i % w);
        }
      }
      const mean = (/** @type {number[]} */ v) => v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
      return { w, neg: columns.neg.length, pos: columns.pos.length, negX: mean(columns.neg), posX: mean(columns.pos) };
    },
    [NEG, POS],
  );
  assert.ok(scale.neg >= 50 && scale.pos >= 50, `the scale shows both colours: ${JSON.stringify(scale)}`);
  assert.ok(scale.negX < scale.w / 3 && scale.posX > (2 * scale.w) / 3, `0 left, 1 right: ${JSON.stringify(scale)}`);
  assert.deepEqual(errors, []);
});

test("the loss chart plots the run's record: each series where its numbers put it, and its read-out", async () => {
  // A small noisy spiral overfits: the test loss ends well above the training loss, so the two
  // lines are far apart and a chart that plots one series as the other cannot pass.
  const { page, errors } = await open(
    "#seed=7&dataset=spiral&points=100&noise=0.3&hidden=8,8&optimizer=adam&learningRate=0.03&stopEpochs=150&speed=max&lang=en",
  );
  await playTo(page, 150);
  const s = await state(page);
  const rows = s.history.length / 2;
  const last = { train: s.history[2 * rows - 2], test: s.history[2 * rows - 1] };
  assert.ok(last.test > 1.5 * last.train, `train ${last.train}, test ${last.test}`);
  // Where each series ends on the canvas: the chart's scale (log10 by default, the record's range
  // padded by 1.2 either way, plot inset 22 px at the top and 34 at the bottom), read back as the
  // mean row of the series' colour (training ink, test grey) in the last 6 columns of the plot.
  const found = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("chart-loss"));
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    // A tight match for the grey: the black line's anti-aliased edge is grey too, but a neutral
    // one (r = g = b), while the test grey is bluish (b − r = 10).
    const rowsOf = (rgb, tol = 60) => {
      const ys = [];
      for (let y = 22; y <= c.height - 34; y++)
        for (let x = c.width - 10 - 6; x <= c.width - 10; x++) {
          const i = 4 * (y * c.width + x);
          if (Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < tol) ys.push(y);
        }
      return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : null;
    };
    return { h: c.height, train: rowsOf([0x1d, 0x1d, 0x1f]), test: rowsOf([0x82, 0x82, 0x8c], 9) };
  });
  const lo = Math.min(...s.history) / 1.2,
    hi = Math.max(...s.history) * 1.2;
  const yOf = (v) =>
    found.h - 34 - ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (found.h - 56);
  for (const k of ["train", "test"])
    assert.ok(
      found[k] !== null && Math.abs(found[k] - yOf(last[k])) <= 4,
      `${k} line ends at row ${found[k]}, its loss ${last[k]} is at row ${yOf(last[k])}`,
    );
  // Hovering the last epoch reads out the same two numbers the page shows beside the map.
  const box = await page.locator("#chart-loss").boundingBox();
  await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
  await page.waitForSelector("#tip-loss:not([hidden])");
  assert.equal(
    await text(page, "#tip-loss"),
    `epoch 150: training ${await text(page, "#m-trainLoss")}, test ${await text(page, "#m-testLoss")}`,
  );
  assert.deepEqual(errors, []);
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

test("a link's settings reach the controls and the trainer: the page's loss is the engine's for that config", async () => {
  // None of these is a default. The controls must show them, and N epochs on the page must give
  // the loss (bit for bit, and the digits shown) of a Trainer made in the page straight from them.
  const cfg = {
    dataset: "moons",
    hidden: [5, 3],
    activation: "relu",
    optimizer: "rmsprop",
    learningRate: 0.01,
    batchSize: 16,
    seed: 4242,
  };
  const N = 25;
  const hash = `#dataset=moons&hidden=5,3&activation=relu&optimizer=rmsprop&learningRate=0.01&batchSize=16&seed=4242&stopEpochs=${N}&speed=max&lang=en`;
  const { page, errors } = await open(hash);
  const controls = {
    dataset: await page.inputValue("#c-dataset"),
    model: await page.inputValue("#c-model"),
    layers: await page.$$eval(".layer-row > span", (s) => s.map((e) => e.textContent)),
    activation: await page.inputValue("#c-activation"),
    optimizer: await page.inputValue("#c-optimizer"),
    learningRate: await page.inputValue("#c-learningRate"),
    batchSize: await page.inputValue("#c-batchSize"),
    seed: await page.inputValue("#c-seed"),
    stopEpochs: await page.inputValue("#stop-epochs"),
  };
  const layer = (n, units) => CATALOGUE.en["pg.layerUnits"].replace("{n}", n).replace("{units}", units);
  assert.deepEqual(controls, {
    dataset: "moons",
    model: "mlp",
    layers: [layer(1, 5), layer(2, 3)],
    activation: "relu",
    optimizer: "rmsprop",
    learningRate: "0.01",
    batchSize: "16",
    seed: "4242",
    stopEpochs: String(N),
  });
  assert.equal(await page.locator("#c-alpha").isVisible(), true, "RMSProp's α is shown");
  await playTo(page, N);
  const shown = await text(page, "#m-trainLoss");
  const mine = await page.evaluate(
    async ([cfg, N]) => {
      const { default: init, Trainer } = await import("./pkg/dl_playground.js");
      const { fmtSig } = await import("./shared/i18n.js");
      await init();
      const t = new Trainer(cfg);
      t.stepEpochs(N);
      const state = JSON.parse(t.exportState());
      const loss = t.metrics().trainLoss;
      t.free();
      const pageState = JSON.parse(await window.__playground.exportState());
      return {
        loss,
        digits: fmtSig(loss, 4),
        pageLoss: window.__playground.frame().metrics.trainLoss,
        config: [state.config, pageState.config],
        params: [state.params, pageState.params],
        epochs: [state.epoch, pageState.epoch],
      };
    },
    [cfg, N],
  );
  assert.deepEqual(mine.config[1], mine.config[0], "the page's trainer has the link's config");
  assert.deepEqual(mine.epochs, [N, N]);
  assert.ok(Object.is(mine.pageLoss, mine.loss), `page ${mine.pageLoss} vs engine ${mine.loss}`);
  assert.deepEqual(mine.params[1], mine.params[0], "the same weights");
  assert.equal(shown, mine.digits, "the loss shown");
  assert.deepEqual(errors, []);
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

// Downloads: only Playwright reports them (the file's name and bytes); WebDriver has no download event.
test("exports: the map as PNG, weights and settings as JSON, points as CSV", chromiumOnly("downloads"), async () => {
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
  assert.equal(await page.$eval("#lesson-card", (el) => el.dataset.lesson), "7");
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
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "0");
  const start = await state(page);
  await page.click("#play");
  await page.waitForFunction(
    () =>
      document.getElementById("n-epoch").textContent === "200" &&
      document.getElementById("play").dataset.i18n === "common.play",
    null,
    { timeout: 60_000 },
  );
  // "Cannot learn XOR" only means something for a model that trained: its weights moved and its
  // loss went down, yet its accuracy stays at a linear model's.
  const end = await state(page);
  assert.equal(end.config.activation, "linear");
  const moved = Math.max(...end.params.map((v, i) => Math.abs(v - start.params[i])));
  assert.ok(moved > 0.05, `the weights moved by at most ${moved}`);
  assert.ok(end.history.at(-2) < start.history[0] - 0.01, `train loss ${start.history[0]} -> ${end.history.at(-2)}`);
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

test("frames the user sees: the 2-4-1 net at one epoch per frame, measured as drawn frames", async () => {
  // Measured is what reaches the screen, not how often requestAnimationFrame fires (the trainer
  // runs in a worker, so an idle main thread keeps rAF at 60 Hz while the page draws little):
  // at each display frame a rAF callback notes whether the page has drawn a new training frame
  // since the last one (the page draws every frame as it arrives). From those: frames delivered
  // per second and the p95 interval between them, over 4 s of play.
  // Targets, measured on this 2-core machine in headless software rendering with background
  // builds running (10 runs: 53–58 fps, p95 16.7–33.3 ms; once 47 fps, p95 50 ms): ≥ 30 fps and
  // p95 ≤ 67 ms (four display frames), so that a 45 ms stall per redraw (14–16 fps, p95
  // 83–100 ms) fails. The page-speed issue raises the targets to ≥ 50 fps and p95 ≤ 34 ms.
  const { page, errors } = await open("#seed=1&speed=frame&lang=en");
  assert.equal((await page.evaluate(() => window.__playground.frame().sizes)).join("-"), "2-4-1");
  await page.click("#play");
  await page.waitForTimeout(500);
  const seen = await page.evaluate(
    () =>
      new Promise((done) => {
        const drawn = [];
        let last = window.__playground.frame();
        let t0 = -1;
        const f = (now) => {
          if (t0 < 0) t0 = now;
          const frame = window.__playground.frame();
          if (frame !== last) drawn.push({ t: now, epoch: frame.epoch });
          last = frame;
          if (now - t0 < 4000) requestAnimationFrame(f);
          else done({ drawn, elapsed: now - t0 });
        };
        requestAnimationFrame(f);
      }),
  );
  await page.click("#play");
  const { drawn, elapsed } = seen;
  const fps = (drawn.length / elapsed) * 1000;
  const gaps = drawn
    .slice(1)
    .map((d, i) => d.t - drawn[i].t)
    .sort((a, b) => a - b);
  const p95 = gaps[Math.ceil(gaps.length * 0.95) - 1] ?? Infinity;
  console.log(`2-4-1 at one epoch per frame: ${fps.toFixed(1)} frames/s drawn, p95 interval ${p95.toFixed(1)} ms`);
  assert.ok(fps >= 30, `${fps.toFixed(1)} frames/s drawn (target ≥ 30)`);
  assert.ok(p95 <= 67, `p95 interval between drawn frames ${p95.toFixed(1)} ms (target ≤ 67)`);
  // One epoch per frame: each frame drawn shows the next epoch, none skipped or repeated.
  const steps = drawn.slice(1).map((d, i) => d.epoch - drawn[i].epoch);
  assert.deepEqual(
    steps.filter((d) => d !== 1),
    [],
    "epochs between consecutive drawn frames",
  );
  assert.deepEqual(errors, []);
});

test("screenshots at desktop and phone width, Korean and English", async () => {
  // WebKit's window cannot be phone-narrow (helpers.mjs, narrowest): there only the desktop width.
  const sizes = /** @type {const} */ ([
    ["en", 1400, 1000],
    ["ko", 1400, 1000],
    ["en", 390, 844],
    ["ko", 390, 844],
  ]);
  for (const [lang, w, h] of sizes.filter(([, w]) => !narrowest(w).skip)) {
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
    // What the screenshot shows: the map with XOR's four regions under their points (the model
    // after 60 epochs), and the run's parts drawn within the page's width.
    assertMapUnderPoints(await mapUnderPoints(page), `${lang} ${w}px`);
    const parts = ["#view", "#view-legend", "#play", "#m-trainLoss", "#network", "#chart-loss", "#lesson-text"];
    assert.deepEqual(await layoutProblems(page, parts), [], `${lang} ${w}px`);
    assert.equal(await text(page, "#n-epoch"), "60");
    await page.close();
  }
});

/** What the page shows of a run: the map's pixels, the counters and metrics, the network's
 * weights and bias labels, and the inspector's table for point 3. */
async function shown(page) {
  return page.evaluate(() => ({
    map: document.getElementById("view").toDataURL(),
    counters: Array.from(document.querySelectorAll("#counters .value"), (e) => e.textContent),
    weights: JSON.stringify(window.__playground.app.frame.weights),
    biases: Array.from(document.querySelectorAll("#network .unit"), (u) => u.textContent),
    inspector: document.getElementById("inspector").textContent,
  }));
}

async function inspectPoint(page, i) {
  await page.fill("#inspect-index", String(i));
  await page.press("#inspect-index", "Enter");
  await page.waitForSelector("#inspector table");
}

/** Replays epoch `k` by setting the timeline as a pointer drag would, and waits for it. */
async function scrubTo(page, k) {
  await page.evaluate((k) => {
    const r = document.getElementById("timeline");
    r.value = String(k);
    r.dispatchEvent(new Event("input", { bubbles: true }));
  }, k);
  await page.waitForFunction((k) => document.getElementById("n-epoch").textContent === k.toLocaleString("en"), k);
  await page.waitForFunction((k) => document.getElementById("inspector").dataset.epoch === String(k), k);
}

/** `shown` for a fresh run of `hash` stopped at epoch k. */
async function freshAt(hash, k) {
  const fresh = await open(`${hash}&stopEpochs=${k}`);
  await playTo(fresh.page, k);
  await inspectPoint(fresh.page, 3);
  const want = await shown(fresh.page);
  assert.deepEqual(fresh.errors, []);
  await fresh.page.close();
  return want;
}

test("replay: the timeline shows epoch k exactly as a fresh run stopped at k; ← → Home End; Play carries on from the end", async () => {
  // As fast as possible: many epochs per frame, so most epochs lie between the worker's
  // snapshots and are recomputed from the nearest one.
  const hash = "#seed=3&hidden=5,3&batchSize=7&speed=max&lang=en";
  const { page, errors } = await open(`${hash}&stopEpochs=1500`);
  assert.equal(await page.isDisabled("#timeline"), true, "nothing to replay before the first epoch");
  await playTo(page, "1,500");
  await inspectPoint(page, 3);
  const live = await shown(page);
  assert.equal(await page.getAttribute("#timeline", "max"), "1500");

  // Keyboard: Home goes to the start, → and ← one epoch at a time.
  await page.focus("#timeline");
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "0");
  for (let i = 0; i < 12; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "11");
  await page.waitForFunction(() => document.getElementById("inspector").dataset.epoch === "11");
  await page.waitForFunction(() => document.body.dataset.replay === "true");
  await page.waitForFunction(() => /epoch 11 of 1,500/.test(document.getElementById("timeline-value").textContent));
  const past = await shown(page);
  assert.notEqual(past.map, live.map, "epoch 11 is not the live run's map");
  // The same run, fresh, stopped at epoch 11: the same pixels, numbers, network and inspector.
  assert.deepEqual(past, await freshAt(hash, 11));
  // And an epoch far from any snapshot, then one just before it (stepping back restarts from a snapshot).
  for (const k of [777, 776]) {
    await scrubTo(page, k);
    assert.deepEqual(await shown(page), await freshAt(hash, k), `epoch ${k}`);
  }

  // End is the live run again; Play carries on from epoch 1500, not from the scrubbed epoch.
  await page.focus("#timeline");
  await page.keyboard.press("End");
  await page.waitForFunction(() => document.body.dataset.replay === "false");
  await page.waitForFunction(() => document.getElementById("inspector").dataset.epoch === "1500");
  assert.deepEqual(await shown(page), live);
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.body.dataset.replay === "true");
  await page.fill("#stop-epochs", "1600");
  await page.press("#stop-epochs", "Enter");
  await playTo(page, "1,600");
  assert.equal(await page.getAttribute("#timeline", "max"), "1600");
  assert.equal(await page.inputValue("#timeline"), "1600");
  assert.deepEqual(errors, []);
  await page.close();
});
