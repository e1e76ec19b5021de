// Every lesson, opened as a learner or a course page opens it, runs exactly the settings of the
// lesson registry — the settings whose outcome tests/lessons.rs asserts — on the page (a lesson
// link) and in an embed (embed.html#lesson=N): the trainer's whole config for lessons 1–9, the
// lab's surface, start points, racers, step budget and speed for lessons 10–15.
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

/** The trainer's own report of its config, for the fields the registry sets. */
function sameConfig(config, settings, where) {
  for (const [key, value] of Object.entries(settings))
    assert.deepEqual(
      config[key],
      value,
      `${where}: ${key} is ${JSON.stringify(config[key])}, the registry says ${JSON.stringify(value)}`,
    );
}

/** The lab run a spec describes, in the registry's terms. */
function labRun(spec) {
  return {
    surface: spec.model ? "model" : spec.surface,
    starts: spec.starts,
    racers: spec.lanes[0].map((r) => [r.kind, r.learningRate, r.momentum ?? null]),
    pair: spec.lanes.length === 2,
    lr2: spec.lanes.length === 2 ? spec.lanes[1][0].learningRate : null,
    steps: spec.steps,
    seed: spec.seed,
    batchSize: spec.batchSize,
    trainer: spec.trainer,
  };
}

/** A lab lesson's settings as a run: momentum only for the kinds that read it (as the lab sends it). */
function registryRun(s) {
  const reads = ["momentum", "nesterov", "rmsprop"];
  return {
    surface: s.surface,
    starts: s.surface === "model" ? [] : s.starts,
    racers: (s.pair ? s.racers.slice(0, 1) : s.racers).map((r) => [
      r.kind,
      r.learningRate,
      reads.includes(r.kind) ? r.momentum : null,
    ]),
    pair: s.pair,
    lr2: s.pair ? s.lr2 : null,
    steps: s.steps,
    seed: s.seed,
    batchSize: s.batchSize,
    trainer: s.model,
  };
}

for (const lesson of LESSONS.filter((l) => l.page === "playground")) {
  const n = lesson.lesson;
  test(`lesson ${n} (${lesson.title.en}): the page and an embed train the registry's settings`, async () => {
    const { trainer, view } = lesson.settings;
    const { page, errors } = await openPage(env, `index.html#lesson=${n}&lang=en`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    const state = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()));
    sameConfig(state.config, trainer, `page, lesson ${n}`);
    assert.equal(await page.$eval("#lesson-card", (el) => el.dataset.lesson), String(n));
    assert.equal(await page.inputValue("#speed"), view.speed);
    assert.equal(await page.textContent("#lesson-text"), lesson.watch.en);
    assert.equal(await page.textContent("#lesson-try-text"), lesson.try.en);
    for (const control of lesson.locked)
      assert.equal(await page.$eval(`#c-${control}`, (el) => el.disabled), true, `${control} is locked`);
    await page.close();

    const embed = await openPage(env, `embed.html#lesson=${n}&lang=en`);
    await embed.page.waitForSelector("#embed[data-ready=true]", { timeout: 30_000 });
    const config = await embed.page.evaluate(() => window.__embed.engine.config());
    sameConfig(config, trainer, `embed, lesson ${n}`);
    const parts = await embed.page.$$eval("#embed [data-part]", (l) => l.map((e) => e.dataset.part));
    assert.deepEqual(parts, lesson.parts, "the embed shows the lesson's parts, in the registry's order");
    assert.deepEqual([...errors, ...embed.errors], []);
    await embed.page.close();
  });
}

for (const lesson of LESSONS.filter((l) => l.page === "lab")) {
  const n = lesson.lesson;
  test(`lesson ${n} (${lesson.title.en}): the lab and an embed run the registry's race`, async () => {
    const s = lesson.settings;
    const want = registryRun(s);
    const { page, errors } = await openPage(env, `descent.html#preset=${n}&lang=en`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    // The page's controls hold the lesson's settings…
    assert.equal(await page.inputValue("#surface"), s.surface);
    assert.equal(await page.inputValue("#budget"), String(s.steps));
    assert.equal(await page.inputValue("#speed"), String(s.speed));
    const shown = s.pair || s.surface === "model" ? s.racers.slice(0, 1) : s.racers;
    for (const [i, r] of shown.entries()) {
      assert.equal(await page.inputValue(`#kind-${i}`), r.kind);
      assert.equal(Number(await page.inputValue(`#lr-${i}`)), r.learningRate);
    }
    if (s.pair) assert.equal(Number(await page.inputValue("#lr2")), s.lr2);
    // …and its readout starts every path where the registry puts it.
    const rows = await page.$$eval("#readout-body tr", (l) => l.map((tr) => ({ ...tr.dataset })));
    if (s.surface !== "model") {
      const starts = [...new Set(rows.map((r) => `${r.x},${r.y}`))];
      assert.deepEqual(
        starts,
        s.starts.map(([x, y]) => `${x},${y}`),
      );
    }
    assert.equal(await page.$eval("#lesson-h", (el) => el.textContent), `Lesson ${n} · ${lesson.title.en}`);
    await page.close();

    const embed = await openPage(env, `embed.html#lesson=${n}&lang=en`);
    await embed.page.waitForSelector("#embed[data-ready=true]", { timeout: 30_000 });
    const spec = await embed.page.evaluate(() => window.__embed.run.spec);
    assert.deepEqual(labRun(spec), want);
    const parts = await embed.page.$$eval("#embed [data-part]", (l) => l.map((e) => e.dataset.part));
    assert.deepEqual(parts, lesson.parts);
    assert.deepEqual([...errors, ...embed.errors], []);
    await embed.page.close();
  });
}
