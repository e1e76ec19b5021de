// What the playground's lessons must make true on screen, asserted on the numbers the page
// draws: lesson 3's perceptron error count jumps while Adaline's loss glides (the same sample
// order, in compare mode); a Leaky ReLU unit is never dead; a dead net says so and restarts at a
// large learning rate in one click; the charts that mean nothing for one neuron are hidden.
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserPerFile, colourCounts } from "./helpers.mjs";
import { RUN_COLOURS } from "../../www/playground/compare.js";

const browser = browserPerFile();

const open = (hash) => browser.open(`index.html${hash}`, { width: 1400, height: 1000 });

/** Plays until the epoch counter reads `epochs` (the link's stop). */
async function playTo(page, epochs) {
  await page.click("#play");
  await page.waitForFunction(
    (e) =>
      document.getElementById("n-epoch").textContent === String(e) &&
      document.getElementById("play").dataset.i18n === "common.play",
    epochs,
    { timeout: 60_000 },
  );
}

test("lesson 3: on one sample order Adaline's loss glides while the perceptron's error count jumps (the page's series)", async () => {
  const { page, errors } = await open("#lesson=3&lang=en&speed=max&stopEpochs=60");
  await playTo(page, 60);
  const { loss, wrong, shown } = await page.evaluate(() => {
    const app = window.__playground.app;
    const { histories } = app.compare.series();
    const pts = app.frame && document.getElementById("chart-errors");
    const nTrain = 100;
    return {
      // Run A (Adaline): training loss per epoch; run B (the perceptron): its wrong points.
      loss: histories[0].losses.filter((_, i) => i % 2 === 0),
      wrong: histories[1].accuracy.filter((_, i) => i % 2 === 0).map((a) => Math.round((1 - a) * nTrain)),
      shown: !!pts && pts.checkVisibility(),
    };
  });
  assert.ok(shown, "the error-count chart is on screen");
  assert.equal(loss.length, 61);
  const range = Math.max(...loss) - Math.min(...loss);
  const worstRise = Math.max(0, ...loss.slice(1).map((v, i) => v - loss[i])) / range;
  const rises = wrong.slice(1).filter((v, i) => v > wrong[i]).length;
  const flat = wrong.slice(1).filter((v, i) => v === wrong[i]).length;
  assert.ok(worstRise <= 0.01, `Adaline's loss rose by ${(worstRise * 100).toFixed(2)}% of its range`);
  assert.ok(rises >= 10, `the perceptron's error count rose in ${rises} epochs: ${wrong}`);
  assert.ok(wrong.every(Number.isInteger) && flat > 0, "a count, stepped");
  assert.deepEqual(errors, []);
  await page.close();
});

test("dead units: ReLU units die at a large learning rate, Leaky ReLU units never count as dead", async () => {
  const dead = async (activation) => {
    const { page, errors } = await open(
      `#lesson=6&lang=en&cmp=&activation=${activation}&learningRate=0.5&speed=max&stopEpochs=60`,
    );
    await playTo(page, 60);
    const units = await page.evaluate(() => Array.from(window.__playground.frame().deadUnits));
    assert.deepEqual(errors, []);
    await page.close();
    return units;
  };
  const relu = await dead("relu");
  assert.ok(relu.reduce((s, v) => s + v, 0) > 0, `ReLU: ${relu}`);
  assert.deepEqual(await dead("leakyRelu"), [0, 0, 0, 0, 0, 0, 0]);
});

test("one click starts a net over at a large learning rate; one neuron has no gradient or dead-unit chart", async () => {
  const { page, errors } = await open("#lesson=6&lang=ko&cmp=&activation=relu");
  assert.equal(await page.isVisible("[data-chart=dead]"), true);
  await page.click("#step-epoch");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
  assert.match(await page.textContent("#restart-large-lr"), /학습률 0\.5로 처음부터/);
  await page.click("#restart-large-lr");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "0");
  assert.equal(await page.inputValue("#c-learningRate"), "0.5");
  assert.equal(await page.$eval("#lesson-card", (el) => el.dataset.changed), "true", "the lesson stays, changed");
  await page.close();
  const one = await open("#lesson=1&lang=ko");
  assert.equal(await one.page.isVisible("[data-chart=norms]"), false);
  assert.equal(await one.page.isVisible("[data-chart=dead]"), false);
  assert.equal(await one.page.isVisible("[data-chart=errors]"), true, "the perceptron's error count is shown");
  assert.deepEqual([...errors, ...one.errors], []);
  await one.page.close();
});

test("lesson 1: a one-sample step shows that sample's three steps, rings it, and its weights obey w ← w + η·y·x", async () => {
  const { page, errors } = await open("#lesson=1&lang=ko");
  let mistakes = 0;
  for (let k = 0; k < 40 && mistakes < 2; k++) {
    const before = await page.evaluate(() => window.__playground.frame().weights.layers[0]);
    await page.click("#step-sample");
    await page.waitForFunction(
      // This step's panel (the one before stays up until the new one replaces it).
      (k) => document.getElementById("sample-step").dataset.samples === String(k + 1),
      k,
    );
    const s = await page.evaluate(() => {
      const app = window.__playground.app;
      const box = document.getElementById("sample-step");
      return {
        i: Number(box.dataset.point),
        selected: app.selectedPoint,
        changed: box.dataset.changed === "true",
        text: box.textContent,
        after: window.__playground.frame().weights.layers[0],
        lr: app.config.learningRate,
      };
    });
    assert.equal(s.selected, s.i, "the sample just trained is the one ringed");
    assert.match(s.text, /가중합: z = w₁·x₁ \+ w₂·x₂ \+ b/);
    assert.match(s.text, /w ← w \+ η·y·x/);
    const p = await page.evaluate(async (i) => JSON.parse(await window.__playground.exportState()).points[i], s.i);
    const [[x1, x2], y] = [p.x, p.label];
    const want = [before.w[0][0] + s.lr * y * x1, before.w[0][1] + s.lr * y * x2, before.b[0] + s.lr * y];
    const got = [s.after.w[0][0], s.after.w[0][1], s.after.b[0]];
    if (s.changed) {
      mistakes++;
      assert.match(s.text, /틀림/);
      got.forEach((v, j) => assert.ok(Math.abs(v - want[j]) < 1e-12, `weight ${j}: ${v} vs ${want[j]}`));
    } else {
      assert.match(s.text, /맞음/);
      assert.deepEqual(got, [before.w[0][0], before.w[0][1], before.b[0]]);
    }
  }
  assert.ok(mistakes >= 1, "some step was a mistake");
  assert.deepEqual(errors, []);
  await page.close();
});

test("lesson 8 draws each run's loss against the margin y·z; one loss on screen, no margin chart", async () => {
  const { page, errors } = await open("#lesson=8&lang=ko");
  assert.equal(await page.isVisible("[data-chart=margin]"), true);
  // Every compared run's curve is on the chart in its colour (below the legend row, which has
  // them too; run A is in ink, as the chart's text, so it is not told apart by colour).
  const drawn = await colourCounts(page, "chart-margin", RUN_COLOURS.slice(1), 24);
  drawn.forEach((n, k) => assert.ok(n > 20, `run ${k + 1}'s colour ${RUN_COLOURS[k + 1]}: ${n} pixels`));
  assert.match(await page.getAttribute("#chart-margin", "aria-label"), /힌지/);
  // The other three runs' boundaries over the page's map, each with its own dash, named under it.
  assert.match(await page.textContent("#others-legend"), /^다른 실행의 경계: B .+, C .+, D .+$/);
  assert.equal(await page.evaluate(() => window.__playground.app.compare.runs.length), 3);
  await page.close();
  const five = await open("#lesson=5&lang=ko");
  assert.equal(await five.page.isVisible("[data-chart=margin]"), false);
  assert.deepEqual([...errors, ...five.errors], []);
  await five.page.close();
});

test("lesson 6's comparison draws each run's first and output layer gradient norms over the epochs", async () => {
  const { page, errors } = await open("#lesson=6&lang=en&speed=max&stopEpochs=20");
  await playTo(page, 20);
  const { rows, perRow } = await page.evaluate(() => {
    const { norms } = window.__playground.app.compare.series();
    return { rows: norms.epochs.length, perRow: norms.values.length / norms.epochs.length };
  });
  // The chart as the learner sees it: scrolled to (below the fold it is redrawn only now and
  // then), then below its legend row, where only the lines and their markers are coloured.
  await page.evaluate(
    () =>
      new Promise((done) => {
        document.getElementById("chart-cmp-norms").scrollIntoView();
        requestAnimationFrame(() => requestAnimationFrame(done));
      }),
  );
  const drawn = await colourCounts(page, "chart-cmp-norms", RUN_COLOURS.slice(1, 3), 24);
  // A row per frame drawn (several epochs a frame at top speed).
  assert.ok(rows >= 2, `${rows} rows`);
  assert.equal(perRow, 6, "two norms (first layer, output layer) for each of the three runs");
  drawn.forEach((n, k) => assert.ok(n > 20, `run ${k + 1}'s colour ${RUN_COLOURS[k + 1]}: ${n} pixels`));
  // Sigmoid (run A): the first layer's gradient is hundreds of times smaller than the output's.
  const gap = await page.evaluate(() => {
    const { norms } = window.__playground.app.compare.series();
    const last = norms.values.slice(-6);
    return last[1] / last[0];
  });
  assert.ok(gap > 100, `sigmoid: output / first layer = ${gap}`);
  assert.deepEqual(errors, []);
  await page.close();
});
