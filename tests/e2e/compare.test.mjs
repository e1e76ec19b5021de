// Compare mode in each engine (E2E_BROWSER): runs side by side on the same points and seed,
// trained in lockstep, each equal to the same settings run alone; in the link; by the editor.
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserPerFile, openPage, SHOTS } from "./helpers.mjs";
import { RUN_COLOURS } from "../../www/playground/compare.js";

const browser = browserPerFile();

const open = (hash, viewport = { width: 1400, height: 1000 }) => browser.open(`index.html${hash}`, viewport);

/** Waits until the run has reached its stop epoch `n` and paused. */
async function playTo(page, n) {
  await page.click("#play");
  await page.waitForFunction(
    (n) =>
      document.getElementById("n-epoch").textContent === n &&
      document.getElementById("play").dataset.i18n === "common.play",
    String(n),
    { timeout: 60_000 },
  );
}

/** Every card's title and counters, run A first. */
const cards = (page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll(".cmp-card"), (c) => ({
      title: c.querySelector("h3").textContent,
      counters: Object.fromEntries(Array.from(c.querySelectorAll("dd"), (d) => [d.dataset.counter, d.textContent])),
      map: c.querySelector("canvas.cmp-map").toDataURL(),
    })),
  );

/** The counters of a run alone, shown as a card shows them. */
const alone = (page) =>
  page.evaluate(() => ({
    epoch: document.getElementById("n-epoch").textContent,
    trainLoss: document.getElementById("m-trainLoss").textContent,
    testLoss: document.getElementById("m-testLoss").textContent,
    trainAccuracy: document.getElementById("m-trainAcc").textContent,
    testAccuracy: document.getElementById("m-testAcc").textContent,
  }));

test("compare mode, 3 runs: equal epochs, independent counters, each run equal to its settings run alone", async () => {
  const base = "#seed=3&speed=max&lang=en";
  const { page, errors } = await open(`${base}&stopEpochs=60&cmp=activation:relu;learningRate:0.3`);
  assert.equal((await cards(page)).length, 3);
  await playTo(page, 60);
  const runs = await cards(page);
  assert.deepEqual(
    runs.map((r) => r.title),
    ["A · this page's settings", "B · Activation function: ReLU", "C · Learning rate: 0.3"],
  );
  // Lockstep: every run at the stop epoch.
  assert.deepEqual(
    runs.map((r) => r.counters.epoch),
    ["60", "60", "60"],
  );
  // Independent: three different losses and maps.
  assert.equal(new Set(runs.map((r) => r.counters.trainLoss)).size, 3, JSON.stringify(runs.map((r) => r.counters)));
  assert.equal(new Set(runs.map((r) => r.map)).size, 3);
  // Run A's card is the page's own run.
  assert.deepEqual(runs[0].counters, await alone(page));
  // Run C is exactly the page's settings with the learning rate changed, trained alone.
  const c = await open(`${base}&stopEpochs=60&learningRate=0.3`);
  await playTo(c.page, 60);
  assert.deepEqual(runs[2].counters, await alone(c.page));
  await c.page.close();
  assert.deepEqual(errors, []);
  await page.close();
});

test("compare mode in the link: the editor's runs round-trip through the hash; a bad run is refused and said", async () => {
  const { page, errors } = await open("#seed=5&lang=en");
  assert.equal(await page.evaluate(() => document.getElementById("cmp-body").hidden), true);
  await page.click("#cmp-add");
  await page.waitForFunction(() => document.querySelectorAll(".cmp-card").length === 2);
  await page.click("#cmp-add");
  await page.waitForFunction(() => document.querySelectorAll(".cmp-card").length === 3);
  // Run C: a second change, made with the editor (the batch size).
  await page.click(".cmp-card[data-run='2'] summary");
  await page.selectOption(".cmp-card[data-run='2'] .cmp-add-change select", "batchSize");
  await page.fill(".cmp-card[data-run='2'] .cmp-add-change input", "25");
  await page.click(".cmp-card[data-run='2'] .cmp-add-change button");
  await page.waitForFunction(() =>
    /Batch size: 25/.test(document.querySelector(".cmp-card[data-run='2'] h3").textContent),
  );
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /cmp=activation:relu;activation:sigmoid\/batchSize:25(&|$)/);
  await page.click("#step-epoch");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
  const before = await cards(page);
  await page.close();

  // The link alone gives the same runs and, after one epoch, the same numbers.
  const again = await open(hash);
  await again.page.click("#step-epoch");
  await again.page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
  assert.deepEqual(await cards(again.page), before);
  assert.equal(await again.page.evaluate(() => location.hash), hash);
  assert.deepEqual(again.errors, []);
  await again.page.close();

  // A run the link gets wrong is left out, with a notice naming it; the rest stays.
  const bad = await open("#seed=5&lang=en&cmp=activation:nope;learningRate:0.2;dataset:moons");
  assert.equal((await cards(bad.page)).length, 2);
  const notice = await bad.page.textContent("#notice-text");
  assert.match(notice, /activation:nope/);
  assert.match(notice, /dataset:moons/);
  assert.deepEqual(bad.errors, []);
  await bad.page.close();

  // Stop comparing: the cards go and the link forgets the runs.
  const end = await open("#seed=5&lang=en&cmp=activation:relu");
  await end.page.click("#cmp-end");
  await end.page.waitForFunction(() => document.querySelectorAll(".cmp-card").length === 0);
  assert.doesNotMatch(await end.page.evaluate(() => location.hash), /cmp=/);
  await end.page.close();
  assert.deepEqual(errors, []);
});

test("compare lessons: lesson 5 races four activations, lesson 6 sigmoid against ReLU and Leaky ReLU with their gradient charts", async () => {
  for (const [lesson, n, width] of [
    [5, 4, 1400],
    [6, 3, 1400],
    [8, 4, 1400],
    [2, 2, 1400],
  ]) {
    const { page, errors } = await open(`#lesson=${lesson}&lang=ko`, { width, height: 1000 });
    await page.click("#play");
    await page.waitForFunction(
      () => Number(document.getElementById("n-epoch").textContent.replace(/,/g, "")) >= 20,
      null,
      {
        timeout: 30_000,
      },
    );
    await page.click("#play");
    await page.waitForFunction(() => document.getElementById("play").dataset.i18n === "common.play");
    const runs = await cards(page);
    assert.equal(runs.length, n, `lesson ${lesson}`);
    assert.equal(new Set(runs.map((r) => r.counters.epoch)).size, 1, `lesson ${lesson}: one epoch for all`);
    // Every card's gradient chart has its bars (not the empty message). Lessons 2 and 8 have
    // margin losses, whose last batch's gradient can be exactly 0: their charts are not checked.
    // (Pixels in the card's run colour; run A's is ink.)
    const bars = await page.evaluate(
      (colours) =>
        Array.from(document.querySelectorAll(".cmp-norms"), (c, k) => {
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          const [r, g, b] = [1, 3, 5].map((i) => parseInt(colours[k].slice(i, i + 2), 16));
          let coloured = 0;
          for (let i = 0; i < d.length; i += 4)
            if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 30) coloured++;
          return coloured;
        }),
      RUN_COLOURS,
    );
    if (lesson === 5 || lesson === 6)
      assert.ok(
        bars.every((b) => b > 200),
        `lesson ${lesson}: bars ${bars}`,
      );
    await page.evaluate(() => document.getElementById("compare-panel").scrollIntoView());
    await page.screenshot({ path: `${SHOTS}/compare-lesson${lesson}-ko.png` });
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("an embed of a comparison lesson: a card per run, all at one epoch, equal to the page's runs", async () => {
  const { page, errors } = await openPage(browser.env, "embed.html#lesson=5&lang=en", { width: 1000, height: 900 });
  await page.waitForFunction(() => document.querySelectorAll(".cmp-card").length === 4, null, { timeout: 20_000 });
  // Three presses in a row, each while the one before is still in the worker (the first perhaps
  // while the embed draws its first frame): each counts, in order.
  await page.evaluate(async () => {
    const step = /** @type {HTMLButtonElement} */ (document.querySelector("button[data-act=step]"));
    for (let e = 1; e <= 3; e++) {
      step.click();
      // Long enough for the press to reach the worker, far too short for its frame to come back.
      await new Promise((r) => setTimeout(r, 0));
    }
  });
  await page.waitForFunction(
    () =>
      Array.from(document.querySelectorAll(".cmp-card dd[data-counter=epoch]"), (d) => d.textContent).join() ===
      "3,3,3,3",
  );
  const embedded = (await cards(page)).map((c) => c.counters);
  // The page's lesson 5 after three epochs: the same four runs, the same numbers.
  const full = await open("#lesson=5&lang=en");
  for (let e = 1; e <= 3; e++) {
    await full.page.click("#step-epoch");
    await full.page.waitForFunction((e) => document.getElementById("n-epoch").textContent === String(e), e);
  }
  await full.page.waitForFunction(() =>
    Array.from(document.querySelectorAll(".cmp-card dd[data-counter=epoch]")).every((d) => d.textContent === "3"),
  );
  assert.deepEqual(
    embedded,
    (await cards(full.page)).map((c) => c.counters),
  );
  assert.deepEqual(errors, []);
  assert.deepEqual(full.errors, []);
  await full.page.close();
  await page.close();
});
