// Each playground lesson's registry outcome, read off what the page shows: the lesson's link is
// played for the outcome's epochs and its measure is taken from the page's own records — the
// counters, the charts' histories, the compared runs' cards — not from a separate engine. (The
// Rust side runs the same outcomes natively: tests/lessons.rs.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./helpers.mjs";
import { LESSONS } from "../../www/lessons/registry.js";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** The page errors of the lesson played last. */
let pageErrors = [];

/** Opens lesson `n` at top speed, stopping at `epochs`, and plays it there. */
async function played(n, epochs) {
  const o = await openPage(env, `index.html#lesson=${n}&lang=ko&speed=max&stopEpochs=${epochs}`, {
    width: 1400,
    height: 1000,
  });
  await o.page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  pageErrors = o.errors;
  if (epochs > 0) {
    await o.page.click("#play");
    await o.page.waitForFunction(
      (e) =>
        document.getElementById("n-epoch").textContent.replace(/,/g, "") === String(e) &&
        document.getElementById("play").dataset.i18n === "common.play",
      epochs,
      { timeout: 90_000 },
    );
  }
  return o;
}

/** The page's runs: each one's change (own run: {}), and its training accuracy per epoch. */
const runs = (page) =>
  page.evaluate(() => {
    const app = window.__playground.app;
    const { histories } = app.compare.series();
    const changes = [{}, ...app.compare.runs];
    return histories.map((h, i) => ({
      with: changes[i],
      accuracy: h.accuracy.filter((_, k) => k % 2 === 0),
      testAccuracy: h.accuracy.filter((_, k) => k % 2 === 1),
    }));
  });

const same = (a, b) => JSON.stringify(Object.entries(a).sort()) === JSON.stringify(Object.entries(b).sort());

const MEASURES = {
  async fullAccuracy(n, o) {
    const { page } = await played(n, o.withinEpochs);
    const [own] = await runs(page);
    const first = own.accuracy.findIndex((a) => a === 1);
    assert.ok(first >= 0 && first <= o.withinEpochs, `lesson ${n}: 100% first at epoch ${first}`);
    return page;
  },
  async stuckBelow(n, o) {
    const { page } = await played(n, o.epochs);
    const [own] = await runs(page);
    assert.ok(Math.max(...own.accuracy) <= o.atMost, `lesson ${n}: best ${Math.max(...own.accuracy)}`);
    // Still moving: the accuracy keeps changing after `movingFrom` (the page keeps no old weights).
    assert.ok(new Set(own.accuracy.slice(o.movingFrom)).size > 1, `lesson ${n}: stopped moving`);
    return page;
  },
  async smoothVersusJumpy(n, o) {
    const { page } = await played(n, o.epochs);
    const loss = await page.evaluate(() => window.__playground.app.history.losses.filter((_, k) => k % 2 === 0));
    const [, other] = await runs(page);
    assert.ok(same(other.with, o.compare), "the compared run is the outcome's");
    const wrong = other.accuracy.map((a) => Math.round((1 - a) * 100));
    const range = Math.max(...loss) - Math.min(...loss);
    const worst = Math.max(0, ...loss.slice(1).map((v, i) => v - loss[i])) / range;
    const rises = wrong.slice(1).filter((v, i) => v > wrong[i]).length;
    assert.ok(worst <= o.maxRise && rises >= o.minRises, `lesson ${n}: worst rise ${worst}, ${rises} rises`);
    return page;
  },
  async probabilities(n, o) {
    const { page } = await played(n, o.epochs);
    const { acc, graded, cells } = await page.evaluate(() => {
      const f = window.__playground.frame();
      const g = Array.from(f.grid);
      return { acc: f.metrics.testAccuracy, graded: g.filter((p) => p > 0.05 && p < 0.95).length, cells: g.length };
    });
    assert.ok(Math.abs(acc - o.bestAccuracy) <= o.tolerance, `lesson ${n}: test accuracy ${acc}`);
    // The registry counts on a grid² map; the page's map has its own resolution: the same share.
    assert.ok(graded / cells >= o.minGraded / o.grid ** 2, `lesson ${n}: ${graded} of ${cells} graded`);
    return page;
  },
  async variants(n, o) {
    const { page } = await played(n, o.epochs);
    let checked = 0;
    for (const run of await runs(page)) {
      const v = o.variants.find((v) => same(v.with, run.with));
      if (!v) continue;
      checked++;
      const last = run.accuracy[run.accuracy.length - 1];
      if (v.finalAtLeast !== undefined)
        assert.ok(last >= v.finalAtLeast, `lesson ${n} ${JSON.stringify(v.with)}: final ${last}`);
      if (v.bestAtMost !== undefined)
        assert.ok(Math.max(...run.accuracy) <= v.bestAtMost, `lesson ${n} ${JSON.stringify(v.with)}: best too high`);
    }
    assert.ok(checked >= 1, `lesson ${n}: some run on the page is one of the outcome's variants`);
    return page;
  },
  async vanishing(n, o) {
    const { page } = await played(n, 0);
    await page.click("#step-batch");
    await page.waitForFunction(() => document.getElementById("n-iteration").textContent === "1");
    const norms = await page.evaluate(() => {
      const f = window.__playground.frame();
      return [f, ...(f.compared ?? [])].map((c) => Array.from(c.gradientNorms));
    });
    const ratio = (g) => g[g.length - 1] / g[0];
    assert.ok(ratio(norms[0]) >= o.minRatio, `lesson ${n}: sigmoid ratio ${ratio(norms[0])}`);
    const changes = await page.evaluate(() => window.__playground.app.compare.runs);
    const relu = changes.findIndex((c) => same(c, o.relu));
    assert.ok(relu >= 0 && ratio(norms[relu + 1]) < o.maxReluRatio, `lesson ${n}: ReLU ratio`);
    return page;
  },
  async iterations(n, o) {
    const { page } = await played(n, o.epochs);
    const batch = Number(await page.inputValue("#c-batchSize"));
    const per = o.perEpoch.find((p) => p.batchSize === batch);
    assert.ok(per, `lesson ${n}: its batch size is one of the outcome's`);
    assert.equal(await page.textContent("#n-per-epoch"), String(per.iterations));
    assert.equal((await page.textContent("#n-iteration")).replace(/,/g, ""), String(o.epochs * per.iterations));
    return page;
  },
};
for (const lesson of LESSONS.filter((l) => l.page === "playground")) {
  test(`lesson ${lesson.lesson}: the page shows the registry's outcome (${lesson.outcome.measure})`, async () => {
    const measure = MEASURES[lesson.outcome.measure];
    assert.ok(measure, `a page measure for ${lesson.outcome.measure}`);
    const page = await measure(lesson.lesson, lesson.outcome);
    assert.deepEqual(pageErrors, []);
    await page.close();
  });
}
