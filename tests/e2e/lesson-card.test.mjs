// The playground teaches lesson first: a card at the top of the main column with the lesson's
// title, text, checkpoints and ◀ ▶; the lesson list in place of a hidden menu, with "start with
// lesson 1" for a newcomer; only the settings a lesson uses open. Following a lesson's "try this"
// keeps the lesson (its card says the settings changed and offers the way back), in the link too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserPerFile, openPage, SHOTS } from "./helpers.mjs";
import { LESSONS } from "../../www/lessons/registry.js";

const browser = browserPerFile();

const open = (hash, viewport = { width: 1400, height: 1000 }) => browser.open(`index.html${hash}`, viewport);

/** The card as the learner reads it. */
const card = (page) =>
  page.evaluate(() => {
    const shown = (id) => document.getElementById(id).checkVisibility();
    return {
      lesson: document.getElementById("lesson-card").dataset.lesson,
      title: document.getElementById("lesson-h").textContent,
      text: document.getElementById("lesson-text").textContent,
      checks: Array.from(document.querySelectorAll("#lesson-checks li"), (li) => li.textContent),
      changed: shown("lesson-changed"),
      start: shown("lesson-start"),
      current: document.querySelector("#lesson-list a[aria-current]")?.dataset.lesson ?? null,
    };
  });

/** What each playground lesson's "try this" asks the learner to change, as the controls do it. */
const TRIES = {
  1: [["c-noise", "0.8"]],
  3: [["c-learningRate", "0.05"]],
  4: [["c-noise", "1"]],
  5: [["c-activation", "relu"]],
  6: [
    ["c-activation", "relu"],
    ["c-learningRate", "0.5"],
  ],
  7: [["c-activation", "linear"]],
  8: [["c-loss", "hinge"]],
  9: [["c-batchSize", "1"]],
};

test("a newcomer sees the lesson list and 'start with lesson 1'; it opens lesson 1's card", async () => {
  const { page, errors } = await open("#seed=5&lang=ko");
  const free = await card(page);
  assert.equal(free.lesson, "");
  assert.ok(free.start, "the start call to action is shown");
  assert.equal(free.current, "", "free play is marked in the list");
  const items = await page.$$eval("#lesson-list a", (l) => l.map((a) => a.textContent));
  assert.equal(items.length, LESSONS.filter((l) => l.page === "playground").length + 1);
  assert.match(await page.textContent("#lesson-start-1"), /1번부터 시작/);
  // The card is the main column's first panel: above the run and the map.
  const order = await page.evaluate(() =>
    ["lesson-card", "play", "view"].map((id) => document.getElementById(id).getBoundingClientRect().top),
  );
  assert.ok(order[0] < order[1] && order[1] < order[2], `tops ${order}`);
  await page.click("#lesson-start-1");
  await page.waitForFunction(() => document.getElementById("lesson-card").dataset.lesson === "1");
  const one = await card(page);
  assert.equal(one.title, `수업 1 · ${LESSONS[0].title.ko}`);
  assert.deepEqual(one.checks, LESSONS[0].checks.ko);
  assert.equal(one.current, "1");
  assert.ok(!one.changed && !one.start);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "lesson-h", "the focus goes to the card");
  assert.match(await page.evaluate(() => location.hash), /lesson=1/);
  // ▶ goes to lesson 2, from the card.
  await page.click("#lesson-next");
  await page.waitForFunction(() => document.getElementById("lesson-card").dataset.lesson === "2");
  assert.deepEqual(errors, []);
  await page.close();
});

test("only the settings a lesson uses are open; 'Advanced settings' shows the rest", async () => {
  const { page, errors } = await open("#lesson=8&lang=en");
  const visible = () =>
    page.$$eval("#controls .field", (l) =>
      l.filter((f) => f.checkVisibility()).map((f) => f.querySelector("[data-control]")?.dataset.control),
    );
  assert.deepEqual(await visible(), ["loss"]);
  assert.equal(await page.getAttribute("#advanced-toggle", "aria-expanded"), "false");
  await page.click("#advanced-toggle");
  const all = await visible();
  assert.ok(all.includes("dataset") && all.includes("optimizer") && all.length > 8, `${all}`);
  // Free play shows every setting and no toggle.
  await page.click("#lesson-list a[data-lesson='']");
  await page.waitForFunction(() => document.getElementById("lesson-card").dataset.lesson === "");
  assert.equal(await page.isVisible("#advanced-toggle"), false);
  assert.ok((await visible()).includes("dataset"));
  assert.deepEqual(errors, []);
  await page.close();
});

for (const lesson of LESSONS.filter((l) => l.page === "playground")) {
  const n = lesson.lesson;
  test(`lesson ${n}: following its "try this" keeps the lesson card; the link keeps it; "back" restores it`, async () => {
    const { page, errors } = await open(`#lesson=${n}&lang=ko`);
    const before = await card(page);
    assert.equal(before.lesson, String(n));
    assert.equal(before.text, lesson.watch.ko);
    assert.deepEqual(before.checks, lesson.checks.ko);
    assert.ok(!before.changed);
    const steps = TRIES[n];
    if (!steps) {
      // Lesson 2's "try this" is to let it play: playing is no change of settings.
      await page.click("#play");
      await page.waitForFunction(() => Number(document.getElementById("n-epoch").textContent) >= 3);
      await page.click("#play");
      const after = await card(page);
      assert.equal(after.lesson, String(n));
      assert.ok(!after.changed);
      assert.deepEqual(errors, []);
      await page.close();
      return;
    }
    const original = {};
    for (const [id, value] of steps) {
      original[id] = await page.inputValue(`#${id}`);
      if (id.startsWith("c-") && (await page.evaluate((id) => document.getElementById(id).tagName, id)) === "SELECT")
        await page.selectOption(`#${id}`, value);
      else {
        await page.fill(`#${id}`, value);
        await page.press(`#${id}`, "Enter");
      }
      // Applied: the link holds the new value (and the card says the settings changed).
      await page.waitForFunction(
        ([key, value]) =>
          new URLSearchParams(location.hash.slice(1)).get(key) === value &&
          document.getElementById("lesson-changed").checkVisibility(),
        [id.slice(2), value],
      );
    }
    const after = await card(page);
    assert.equal(after.lesson, String(n), "the lesson stays");
    assert.equal(after.text, lesson.watch.ko);
    assert.ok(after.changed, "the card says its settings changed");
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, new RegExp(`lesson=${n}(&|$)`));
    await page.screenshot({ path: `${SHOTS}/lesson${n}-changed-ko.png` });
    // The link reopens the lesson with the learner's change, still marked as changed.
    const again = await open(hash);
    assert.equal((await card(again.page)).changed, true);
    for (const [id, value] of steps)
      assert.equal(
        Number(await again.page.inputValue(`#${id}`)) || (await again.page.inputValue(`#${id}`)),
        Number(value) || value,
      );
    await again.page.close();
    // "Back" restores the lesson's own settings.
    await page.click("#lesson-back");
    await page.waitForFunction(() => !document.getElementById("lesson-changed").checkVisibility());
    for (const [id] of steps)
      assert.equal(await page.inputValue(`#${id}`), original[id], `${id} is the lesson's again`);
    assert.doesNotMatch(await page.evaluate(() => location.hash), /noise|activation|learningRate|loss|batchSize/);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

/** What each lab lesson's "try this" changes first, as its controls do it. */
const LAB_TRIES = {
  10: ["lr2", "0.5"],
  11: ["start-x", "1"],
  12: ["mu-1", "0.99"],
  13: ["lr-0", "0.2"],
  14: ["lr-0", "0.1"],
  15: ["batch", "100"],
};

for (const lesson of LESSONS.filter((l) => l.page === "lab")) {
  const n = lesson.lesson;
  test(`lab lesson ${n}: following its "try this" keeps the lesson, its checkpoints and the way back`, async () => {
    const { page, errors } = await openPage(browser.env, `descent.html#preset=${n}&lang=ko`, {
      width: 1400,
      height: 1000,
    });
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    const title = await page.textContent("#lesson-h");
    assert.match(title, new RegExp(`${n}`));
    const checks = () => page.$$eval("#lesson-checks li", (l) => l.map((li) => li.textContent));
    assert.deepEqual(await checks(), lesson.checks.ko);
    assert.equal(await page.isVisible("#lesson-changed"), false);
    const [id, value] = LAB_TRIES[n];
    await page.fill(`#${id}`, value);
    await page.press(`#${id}`, "Enter");
    await page.waitForFunction(() => document.getElementById("lesson-changed").checkVisibility());
    assert.equal(await page.textContent("#lesson-h"), title, "the lesson stays");
    assert.deepEqual(await checks(), lesson.checks.ko);
    assert.equal(await page.textContent("#lesson-body"), lesson.watch.ko);
    // ◀ ▶: lesson 10's ◀ goes back to the playground's lesson 9.
    if (n === 10) assert.match(await page.getAttribute("#lesson-prev", "href"), /^index\.html#lesson=9/);
    assert.deepEqual(errors, []);
    await page.close();
  });
}
