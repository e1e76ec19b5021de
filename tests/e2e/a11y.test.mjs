// Accessibility of both pages, in every engine (two tests need what only Chromium offers): axe-core
// in the page (both languages, before and after play), the keyboard (shortcuts that leave controls
// alone, the playground's map by keyboard, focus kept across re-renders, a Tab order that follows
// the layout, a focus ring seen on any background), live regions that announce changes of state
// and never counters, contrast of the data, layout that does not move while the page loads, and
// reduced motion.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { launch, openPage, SHOTS, ENGINE, chromiumOnly } from "./helpers.mjs";
import { MIN_VIEWPORT_WIDTH } from "../../scripts/browsers.mjs";
import { NEG, POS, scoreColour } from "../../www/shared/colors.js";

/** A phone's width, or the narrowest window the engine has (WebKit's MiniBrowser: 447 px, still
 * the pages' one-column layout, which starts at 720 px). */
const PHONE = Math.max(390, MIN_VIEWPORT_WIDTH[ENGINE]);

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

async function open(path, hash = "", viewport = { width: 1400, height: 900 }) {
  const r = await openPage(env, `${path}${hash}`, viewport);
  await r.page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return r;
}

/** Waits until the lab has no engine request on its way. */
const settled = (page) => page.waitForSelector("body:not([data-busy=true])");
const active = (page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
const state = (page) => page.evaluate(async () => JSON.parse(await window.__playground.exportState()));
const playing = (page) => page.evaluate(() => document.getElementById("play").dataset.i18n === "common.pause");

// ---- Colour arithmetic (WCAG 2 relative luminance) ---------------------------------------------

const lin = (c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const luminance = ([r, g, b]) => 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
const contrast = (a, b) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};
const lightness = (c) => {
  const y = luminance(c);
  return y > 0.008856 ? 116 * Math.cbrt(y) - 16 : 903.3 * y;
};
const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));

// ---- axe-core ------------------------------------------------------------------------------------

/**
 * Runs axe-core (default rules) in the page. The pages' Content-Security-Policy forbids inline
 * scripts, so axe's source is evaluated through the driver rather than added as a <script>.
 */
async function axe(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document);
    const brief = (list) =>
      list.map((v) => ({
        id: v.id,
        nodes: v.nodes.map((n) => ({
          target: n.target.join(" "),
          why: [...n.any, ...n.all, ...n.none].map((c) => c.id + ":" + (c.data?.messageKey ?? "")),
        })),
      }));
    return { violations: brief(r.violations), incomplete: brief(r.incomplete), passes: r.passes.length };
  });
}

/**
 * axe leaves one kind of item for review on these pages: the contrast of a button whose only
 * visible text is a sign ("−"), which axe does not judge. Each one is measured here instead: the
 * sign's colour against the button's own (opaque) background must reach 4.5:1.
 */
async function explainIncomplete(page, incomplete) {
  for (const rule of incomplete) {
    assert.equal(rule.id, "color-contrast", `unexpected review item ${JSON.stringify(rule)}`);
    for (const node of rule.nodes) {
      assert.deepEqual(node.why, ["color-contrast:nonBmp"], JSON.stringify(node));
      const c = await page.evaluate((sel) => {
        const el = document.querySelector(sel);
        const s = getComputedStyle(el);
        return { text: el.textContent.trim()[0], fg: s.color, bg: s.backgroundColor };
      }, node.target);
      const rgb = (s) =>
        s
          .match(/\d+(\.\d+)?/g)
          .slice(0, 3)
          .map(Number);
      assert.match(c.text, /^[−+]$/, node.target);
      assert.ok(contrast(rgb(c.fg), rgb(c.bg)) >= 4.5, `${node.target}: ${c.fg} on ${c.bg}`);
    }
  }
}

test("axe-core: no violations on either page in either language, before and after 3 s of play", async () => {
  for (const path of ["index.html", "descent.html"]) {
    for (const lang of ["en", "ko"]) {
      const { page, errors } = await open(path, `#lang=${lang}`);
      for (const when of ["initial", "after play"]) {
        if (when === "after play") {
          await page.click("#play");
          await page.waitForTimeout(3000);
          if (await playing(page)) await page.click("#play");
          await page.waitForTimeout(200);
        }
        const r = await axe(page);
        console.log(
          `axe ${path} ${lang} ${when}: ${r.violations.length} violations, review: ${JSON.stringify(r.incomplete)}, ${r.passes} rules passed`,
        );
        assert.deepEqual(r.violations, [], `${path} ${lang} ${when}`);
        await explainIncomplete(page, r.incomplete);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
  const page = await env.browser.newPage();
  await page.goto(`${env.url}examples/api.html`);
  await page.waitForSelector("body[data-done=true]");
  const r = await axe(page);
  assert.deepEqual([r.violations, r.incomplete], [[], []], "api.html");
  await page.close();
});

test("axe-core at phone width, with a point inspected and a unit selected", async () => {
  const { page } = await open("index.html", "#seed=7&lang=ko", { width: PHONE, height: 844 });
  await page.fill("#inspect-index", "3");
  await page.press("#inspect-index", "Enter");
  await page.waitForSelector("#inspector table");
  await page.click(".unit[data-layer='1'][data-unit='0']");
  const r = await axe(page);
  assert.deepEqual(r.violations, []);
  await explainIncomplete(page, r.incomplete);
  const lab = await open("descent.html", "#preset=15&lang=ko", { width: PHONE, height: 844 });
  const r2 = await axe(lab.page);
  assert.deepEqual([r2.violations, r2.incomplete], [[], []]);
});

// ---- Shortcuts -------------------------------------------------------------------------------------

test("shortcuts never act on a control that uses the key: boxes, radios, disclosure, links, fields", async () => {
  const { page, errors } = await open("index.html", "#seed=7&lang=en");
  const still = async (what) => {
    await page.waitForTimeout(150);
    assert.equal(await playing(page), false, `${what}: Space must not start training`);
    assert.equal(await page.textContent("#n-iteration"), "0", `${what}: no step`);
  };
  for (const id of ["discretize", "loss-log", "c-fullBatch"]) {
    const was = await page.isChecked(`#${id}`);
    await page.focus(`#${id}`);
    await page.keyboard.press(" ");
    await page.waitForFunction(([id, was]) => document.getElementById(id).checked !== was, [id, was]);
    await still(`#${id}`);
  }
  await page.focus("input[name=click-mode][value=add]");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.isChecked("input[name=click-mode][value=remove]"), true);
  await page.keyboard.press(" ");
  await still("a radio");
  await page.focus("details.csv summary");
  await page.keyboard.press(" ");
  assert.equal(await page.evaluate(() => document.querySelector("details.csv").open), true, "Space opens the CSV box");
  await still("the CSV summary");
  await page.focus("nav.lesson-list a[href='descent.html']");
  await page.keyboard.press(" ");
  await still("a link");
  for (const sel of ["#c-learningRate", "#c-optimizer", "#stop-epochs", "#csv-text"]) {
    await page.focus(sel);
    // One key at a time: an S that stepped and an R that reset would leave the counter at 0.
    for (const key of ["s", " "]) {
      await page.keyboard.press(key);
      await still(`${sel}, key ${key}`);
    }
  }
  // Where nothing uses the key, the shortcuts work: a button takes S, the map takes Space.
  await page.focus("#regenerate");
  await page.keyboard.press("s");
  await page.waitForFunction(() => document.getElementById("n-iteration").textContent === "1");
  // R typed into a field must not reset that step.
  for (const sel of ["#c-learningRate", "#stop-epochs", "#csv-text"]) {
    await page.focus(sel);
    await page.keyboard.press("r");
    await page.waitForTimeout(150);
    assert.equal(await page.textContent("#n-iteration"), "1", `${sel}: R must not reset`);
  }
  await page.focus("#view");
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("play").dataset.i18n === "common.pause");
  await page.keyboard.press(" ");
  assert.deepEqual(errors, []);

  const lab = await open("descent.html", "#lang=en");
  const labStill = async (what) => {
    await lab.page.waitForTimeout(150);
    await settled(lab.page);
    assert.equal(await lab.page.textContent("#step-count"), "0", what);
    assert.equal(await lab.page.evaluate(() => document.body.dataset.playing), "false", what);
  };
  for (const id of ["add-starts", "pair"]) {
    await lab.page.focus(`#${id}`);
    await lab.page.keyboard.press(" ");
    assert.equal(await lab.page.isChecked(`#${id}`), true, `Space ticks #${id}`);
    await labStill(`#${id}`);
  }
  for (const sel of ["#presets a[data-preset='12']", "#kind-0", "#lr-0", "#budget", "#add-racer"]) {
    await lab.page.focus(sel);
    await lab.page.keyboard.press(" ");
    if (sel.startsWith("#presets")) await lab.page.waitForTimeout(100);
    await labStill(sel);
  }
  assert.deepEqual(lab.errors, []);
});

// ---- The playground's map by keyboard ----------------------------------------------------------

test("keyboard only: build a small data set on the map (add 4, remove 1, inspect 1), train, step, reset", async () => {
  const { page, errors } = await open("index.html", "#seed=7&points=4&trainRatio=1&speed=frame&lang=en");
  assert.equal((await state(page)).points.length, 4);
  const points = async (n) => {
    await page.waitForFunction(async (n) => JSON.parse(await window.__playground.exportState()).points.length === n, n);
    return (await state(page)).points;
  };
  const status = () => page.textContent("#status");
  const tabTo = async (test, back = false) => {
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate(test)) return i;
      await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    }
    throw new Error(`focus never reached ${test}`);
  };
  // From the top of the page: the skip link, the header, the lesson card's call to action, the
  // run controls, then the map.
  const stops = await tabTo(() => document.activeElement?.id === "view");
  assert.ok(stops <= 16, `the map is Tab stop ${stops}`);
  assert.match(
    await page.textContent("#view-cursor"),
    /^Crosshair at x1 = 0, x2 = 0: model output .*Nearest point: point \d/,
  );
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowUp");
  assert.match(await page.textContent("#view-cursor"), /x1 = 1\.2, x2 = 1\.2/);
  await page.keyboard.press("Enter");
  let p = await points(5);
  assert.deepEqual([p[4].x, p[4].label], [[1.2, 1.2], 1]);
  assert.equal(await status(), "Point of class +1 added at (1.2, 1.2).");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.keyboard.press("Enter");
  p = await points(6);
  assert.deepEqual([p[5].x, p[5].label], [[-1.2, 1.2], 1]);
  // The class of new points, by keyboard: on to the radios and back; the crosshair stays put.
  await tabTo(() => document.activeElement?.name === "new-class");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.isChecked("input[name=new-class][value='-1']"), true);
  await tabTo(() => document.activeElement?.id === "view", true);
  assert.match(await page.textContent("#view-cursor"), /x1 = -1\.2, x2 = 1\.2/);
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Shift+ArrowDown");
  await page.keyboard.press("Enter");
  p = await points(7);
  assert.deepEqual([p[6].x, p[6].label], [[-1.2, -1.2], -1]);
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Shift+ArrowRight");
  await page.keyboard.press("Enter");
  p = await points(8);
  assert.deepEqual([p[7].x, p[7].label], [[1.2, -1.2], -1]);
  assert.equal(await status(), "Point of class −1 added at (1.2, -1.2).");
  // Delete removes the point nearest to the crosshair: the one just added.
  await page.keyboard.press("Delete");
  p = await points(7);
  assert.ok(!p.some((q) => q.x[0] === 1.2 && q.x[1] === -1.2));
  assert.equal(await status(), "Point 7 removed.");
  // I inspects the nearest point: the inspector shows it, the status line sums it up.
  await page.keyboard.press("Shift+ArrowUp");
  await page.keyboard.press("Shift+ArrowUp");
  await page.keyboard.press("i");
  await page.waitForSelector("#inspector table");
  assert.equal(await page.inputValue("#inspect-index"), "4");
  assert.match(await status(), /^Point 4 \(training, label \+1\): output .+, predicted [+−]1 — (correct|mistake)\.$/);
  // Train, step and reset with the page's shortcuts, the focus still on the map.
  assert.equal(await active(page), "view");
  await page.keyboard.press(" ");
  await page.waitForFunction(() => Number(document.getElementById("n-epoch").textContent) >= 3);
  await page.keyboard.press(" ");
  await page.waitForFunction(() => document.getElementById("play").dataset.i18n === "common.play");
  assert.match(await status(), /^Paused at epoch/);
  const iteration = Number(await page.textContent("#n-iteration"));
  await page.keyboard.press("s");
  await page.waitForFunction((n) => Number(document.getElementById("n-iteration").textContent) === n + 1, iteration);
  await page.keyboard.press("r");
  await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "0");
  assert.match(await status(), /^Reset/);
  p = await points(7);
  assert.deepEqual(
    p.map((q) => q.label).slice(4),
    [1, 1, -1],
    "the data set built by keyboard survives training and reset",
  );
  await page.screenshot({ path: `${SHOTS}/a11y-keyboard-map.png` });
  assert.deepEqual(errors, []);
});

test("the map by keyboard respects a locked link, and says when there is no point", async () => {
  const { page } = await open("index.html", "#seed=7&lock=points-edit&lang=ko");
  await page.focus("#view");
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("Enter");
  assert.equal(await page.textContent("#status"), "이 링크에서는 점을 추가하거나 삭제할 수 없습니다.");
  assert.equal((await state(page)).points.length, 200);
  await page.keyboard.press("i");
  await page.waitForSelector("#inspector table");
  assert.match(await page.textContent("#status"), /^\d+번 점\((학습용|테스트용), 레이블 [+−]1\): 출력 /);
});

// ---- Live regions ----------------------------------------------------------------------------------

/** Counts what the page's live regions would read out: each new non-empty text of a region. */
function watchLive(page) {
  return page.evaluate(() => {
    const live =
      "[aria-live]:not([aria-live=off]), [role=status], [role=alert], [role=log], [role=marquee], [role=timer], output";
    const last = new Map();
    const regions = () => [...document.querySelectorAll(live)];
    for (const r of regions()) last.set(r, r.textContent);
    window.__spoken = [];
    new MutationObserver(() => {
      for (const r of regions()) {
        const text = r.textContent;
        if (last.get(r) === text) continue;
        last.set(r, text);
        if (text.trim()) window.__spoken.push(`#${r.id}: ${text.trim().slice(0, 80)}`);
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}
const spoken = (page) => page.evaluate(() => window.__spoken);

test("live regions announce play, pause and steps, never counters: at most 2 in 3 s of play", async () => {
  // The playground with a point in the inspector (its table is not a live region).
  const { page, errors } = await open("index.html", "#seed=7&speed=frame&lang=en");
  await page.fill("#inspect-index", "3");
  await page.press("#inspect-index", "Enter");
  await page.waitForSelector("#inspector table");
  await watchLive(page);
  await page.focus("#play");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(3000);
  let said = await spoken(page);
  console.log(`playground, 3 s of play: ${said.length} announcements ${JSON.stringify(said)}`);
  assert.ok(said.length <= 2, JSON.stringify(said));
  assert.ok(Number(await page.textContent("#n-epoch")) > 20, "it did train");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.getElementById("play").dataset.i18n === "common.play");
  await page.click("#step-batch");
  await page.waitForTimeout(300);
  said = await spoken(page);
  assert.deepEqual(
    said.map((s) => s.replace(/\d+(?:[.,]\d+)*/g, "N")),
    ["#status: Training.", "#status: Paused at epoch N.", "#status: Stepped to epoch N, iteration N; N samples seen."],
  );
  assert.deepEqual(errors, []);

  for (const hash of ["#lang=en", "#preset=15&lang=en", "#preset=14&lang=ko"]) {
    const lab = await open("descent.html", hash);
    await watchLive(lab.page);
    await lab.page.focus("#play");
    await lab.page.keyboard.press("Enter");
    await lab.page.waitForTimeout(3000);
    const steps = Number((await lab.page.textContent("#step-count")).replace(/\D/g, ""));
    said = await spoken(lab.page);
    console.log(`lab ${hash}, 3 s of play (${steps} steps): ${said.length} announcements ${JSON.stringify(said)}`);
    assert.ok(steps > 10, "it did run");
    assert.ok(said.length <= 2, JSON.stringify(said));
    assert.equal(
      await lab.page.evaluate(
        () => !!document.getElementById("step-count").closest("[aria-live], [role=status], output"),
      ),
      false,
      "the step counter is not a live region",
    );
    assert.deepEqual(lab.errors, []);
    await lab.page.close();
  }
});

// ---- Focus -------------------------------------------------------------------------------------------

test("focus comes back to the equivalent control after a re-render", async () => {
  const { page, errors } = await open("index.html", "#seed=7&lang=en");
  const hidden = async (want) => {
    await page.waitForFunction(
      async (want) => JSON.stringify(JSON.parse(await window.__playground.exportState()).config.hidden) === want,
      JSON.stringify(want),
    );
    await page.waitForTimeout(50);
  };
  const is = (sel) => page.evaluate((sel) => document.activeElement === document.querySelector(sel), sel);
  await page.focus("button[data-layer='0'][data-dir=add]");
  await page.keyboard.press("Enter");
  await hidden([5]);
  assert.ok(await is("button[data-layer='0'][data-dir=add]"), "+ of the rebuilt row");
  for (const units of [4, 3, 2, 1]) {
    await page.focus("button[data-layer='0'][data-dir=remove]");
    await page.keyboard.press("Enter");
    await hidden([units]);
  }
  assert.ok(await is("button[data-layer='0'][data-dir=add]"), "− is disabled at 1 unit: its + takes the focus");
  await page.focus("#layer-add");
  for (const n of [2, 3, 4, 5, 6]) {
    await page.keyboard.press("Enter");
    await hidden(Array(n).fill(1));
  }
  assert.equal(await page.isDisabled("#layer-add"), true);
  assert.equal(await active(page), "layer-remove", "the last layer allowed: − takes the focus");
  for (let n = 5; n >= 0; n--) {
    await page.keyboard.press("Enter");
    await hidden(Array(n).fill(1));
  }
  assert.equal(await active(page), "layer-add", "no layer left: + takes the focus");
  assert.deepEqual(errors, []);

  const lab = await open("descent.html", "#lang=en");
  const max = await lab.page.evaluate(() =>
    Number(/of at most (\d+)/.exec(document.getElementById("racer-count").textContent)[1]),
  );
  await lab.page.focus("#add-racer");
  for (let n = 4; n <= max; n++) {
    await lab.page.keyboard.press("Enter");
    await settled(lab.page);
    await lab.page.waitForFunction((n) => document.querySelectorAll("fieldset.racer").length === n, n);
  }
  await lab.page.waitForFunction((id) => document.activeElement?.id === id, `kind-${max - 1}`);
  assert.equal(await lab.page.isDisabled("#add-racer"), true);
  await lab.page.focus(`button[data-remove='${max - 1}']`);
  await lab.page.keyboard.press("Enter");
  await settled(lab.page);
  await lab.page.waitForFunction(() => document.activeElement?.id === "add-kind");
  assert.deepEqual(lab.errors, []);
});

/** Every Tab stop from the top of the page, with where it is and how its focus ring looks. */
async function tabStops(page) {
  // Tab starts from the top of the document: the body takes the focus for a moment.
  // A last stop of our own ends the walk inside the page: tabbing past the page's last stop
  // would leave the keyboard in the browser's toolbar (Firefox, WebKit), where later keys of the
  // test would go.
  await page.evaluate(() => {
    const end = Object.assign(document.createElement("span"), { tabIndex: 0, id: "tab-walk-end" });
    document.body.append(end);
    window.__seen = new Set();
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute("tabindex");
    window.scrollTo(0, 0);
  });
  const stops = [];
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press("Tab");
    const s = await page.evaluate(() => {
      const el = document.activeElement;
      // Done when the focus leaves the page or comes round again.
      window.__seen ??= new Set();
      if (!el || el === document.body || el.id === "tab-walk-end" || window.__seen.has(el)) return null;
      window.__seen.add(el);
      const r = el.getBoundingClientRect();
      const col = [...document.querySelectorAll("main > *")].findIndex((c) => c.contains(el));
      const panel = col >= 0 ? (el.closest(".panel") ?? el.closest("main > *")) : null;
      const box = panel?.getBoundingClientRect();
      const rgb = (s) => (s.match(/[\d.]+/g) ?? []).map(Number);
      const opaque = (start) => {
        for (let e = start; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const cs = getComputedStyle(el);
      return {
        id:
          el.id ||
          `${el.tagName.toLowerCase()}${el.className ? "." + el.className : ""}${el.name ? "[" + el.name + "]" : ""}`,
        native: el.matches("select, input[type=radio], input[type=checkbox]"),
        inNetwork: !!el.closest("#network"),
        inLesson: !!el.closest("#lesson-card, section.lesson"),
        col,
        panel: box && {
          left: box.left,
          right: box.right,
          top: box.top + scrollY,
          bottom: box.bottom + scrollY,
        },
        top: r.top + scrollY,
        left: r.left,
        visible: cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) >= 2,
        ring: rgb(cs.outlineColor).slice(0, 3),
        halo: rgb(cs.boxShadow).slice(0, 3),
        control: opaque(el),
        page: opaque(el.parentElement),
        pressed: el.getAttribute("aria-pressed"),
      };
    });
    if (!s) break;
    stops.push(s);
  }
  await page.evaluate(() => document.getElementById("tab-walk-end")?.remove());
  return stops;
}

/**
 * Checks that `stops` go where the eye goes: the header first; then within a panel from top to
 * bottom, and from a panel to one to its right or below it, never back to an earlier column.
 */
function assertVisualOrder(stops, what) {
  const main = stops.filter((s) => s.col >= 0);
  assert.ok(stops.findIndex((s) => s.col >= 0) === stops.length - main.length, `${what}: the header comes first`);
  for (let k = 1; k < main.length; k++) {
    const [a, b] = [main[k - 1], main[k]];
    const where = `${what}: ${a.id} (col ${a.col}, y ${a.top.toFixed(0)}) → ${b.id} (col ${b.col}, y ${b.top.toFixed(0)})`;
    assert.ok(b.col >= a.col, where);
    // The same panel: the same box, up to the sub-pixel a scroll leaves in Firefox's figures.
    if (Math.abs(a.panel.top - b.panel.top) < 1 && Math.abs(a.panel.left - b.panel.left) < 1) {
      // The network diagram is read column by column; everything else top to bottom.
      if (!(a.inNetwork && b.inNetwork)) assert.ok(b.top >= a.top - 4, where);
    } else {
      // (Panels are compared by their tops: a read-out filled on focus may change a height.)
      assert.ok(b.panel.left >= a.panel.right - 1 || b.panel.top > a.panel.top + 1, where);
    }
  }
}

test("Tab order follows the layout at every width; the lesson, then Play, come first; the skip link goes to Play", async () => {
  for (const path of ["index.html", "descent.html"]) {
    for (const width of [1400, 1000, PHONE]) {
      const { page, errors } = await open(path, "#lang=en", { width, height: 900 });
      const what = `${path} at ${width}px`;
      await page.evaluate(() => {
        document.body.tabIndex = -1;
        document.body.focus();
        document.body.removeAttribute("tabindex");
      });
      await page.keyboard.press("Tab");
      assert.equal(
        await page.evaluate(() => getComputedStyle(document.activeElement).top),
        "8px",
        `${what}: the skip link shows`,
      );
      await page.keyboard.press("Enter");
      assert.equal(await active(page), "play");
      assert.doesNotMatch(page.url(), /#play/, "the hash (the page's state) is left alone");
      const stops = await tabStops(page);
      console.log(`${what}: ${stops.length} Tab stops, Play is stop ${stops.findIndex((s) => s.id === "play") + 1}`);
      assert.equal(stops[0].id, "a.skip-link", what);
      // The page's content starts with the lesson (its card's links or "start with lesson 1"),
      // then the run: Play is the first stop after the lesson card.
      const first = stops.findIndex((s) => s.col >= 0);
      const play = stops.findIndex((s) => s.id === "play");
      assert.ok(
        stops.slice(first, play).every((s) => s.inLesson),
        `${what}: only the lesson comes before Play: ${stops.slice(first, play).map((s) => s.id)}`,
      );
      assert.ok(play <= 7, what);
      assertVisualOrder(stops, what);
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test("the crosshair's read-out fills in its reserved lines: nothing below it moves", async () => {
  for (const [path, hash, map, cursor] of [
    ["index.html", "#lang=en", "#view", "view-cursor"],
    ["descent.html", "#lang=en", "#maps canvas", "cursor"],
    ["descent.html", "#preset=15&lang=en", "#maps canvas", "cursor"],
  ]) {
    for (const width of [1000, PHONE]) {
      const { page, errors } = await open(path, hash, { width, height: 900 });
      const what = `${path}${hash} at ${width}px`;
      if (path === "descent.html") await settled(page);
      // The last box of the page: everything between it and the read-out would move with it.
      const bottom = () =>
        page.evaluate(() => document.querySelector("main > :last-child").getBoundingClientRect().bottom + scrollY);
      const before = await page.evaluate((id) => document.getElementById(id).textContent, cursor);
      const y0 = await bottom();
      await page.focus(map);
      await page.keyboard.press("ArrowLeft");
      await page.waitForFunction(([id, t]) => document.getElementById(id).textContent !== t, [cursor, before]);
      const after = await page.evaluate((id) => document.getElementById(id).textContent, cursor);
      // Within half a pixel: a line of text moving is 16–20 px; sub-pixel layout can drift by
      // 10⁻⁴ px as fractional line heights are laid out again (seen in CI: 3212.53345 → 3212.53333).
      const y1 = await bottom();
      assert.ok(Math.abs(y1 - y0) < 0.5, `${what}: “${before}” → “${after}”: the bottom moved ${y0} → ${y1}`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test("the focus ring has two tones, each ≥ 3:1 against the page or the control, a selected unit included", async () => {
  for (const path of ["index.html", "descent.html"]) {
    const { page } = await open(path, "#lang=en");
    if (path === "index.html") {
      await page.click(".unit[data-layer='1'][data-unit='0']");
      assert.equal(await page.getAttribute(".unit[data-layer='1'][data-unit='0']", "aria-pressed"), "true");
    }
    const stops = await tabStops(page);
    assert.ok(stops.length > 20);
    if (path === "index.html")
      assert.ok(
        stops.some((s) => s.pressed === "true"),
        "the selected unit is a stop",
      );
    for (const s of stops) {
      const what = `${path} ${s.id}`;
      assert.ok(s.visible, `${what}: outline`);
      assert.ok(contrast(s.ring, s.page) >= 3, `${what}: ring ${s.ring} on the page ${s.page}`);
      if (s.halo.length === 0) {
        // No halo drawn: WebKit draws no shadow on the controls its theme paints (lists, radio
        // buttons, boxes), whatever the style says. The ring alone must then stand out from the
        // control too.
        assert.ok(s.native, `${what}: only a control the engine paints itself may lack the halo`);
        assert.ok(contrast(s.ring, s.control) >= 3, `${what}: ring ${s.ring} on the control ${s.control}`);
        continue;
      }
      const againstControl = Math.max(contrast(s.ring, s.control), contrast(s.halo, s.control));
      assert.ok(againstControl >= 3, `${what}: ring ${s.ring} / halo ${s.halo} on the control ${s.control}`);
      assert.ok(contrast(s.ring, s.halo) >= 3, `${what}: the two tones apart`);
    }
    await page.close();
  }
});

// ---- Names, contrast, colour -----------------------------------------------------------------------

test("names and contrast: legend, +/− buttons, field borders, points on their regions, greyscale classes", async () => {
  const { page, errors } = await open("index.html", "#seed=7&lang=en");
  assert.match(await page.getAttribute("#view-legend", "aria-label"), /^Colour scale of the map/);
  // The buttons' accessible names as axe-core computes them (in the page, so in every engine).
  await page.evaluate(AXE);
  const names = await page.evaluate(() => {
    const { axe } = /** @type {any} */ (window);
    axe.setup(document);
    try {
      return [...document.querySelectorAll("button")].map((b) =>
        axe.commons.text.accessibleTextVirtual(axe.utils.getNodeFromTree(b)),
      );
    } finally {
      axe.teardown();
    }
  });
  for (const name of [
    "+ Add a hidden layer",
    "− Remove the last hidden layer",
    "− Remove a unit from hidden layer 1",
    "+ Add a unit to hidden layer 1",
  ])
    assert.equal(names.filter((n) => n === name).length, 1, name);
  const borders = await page.$$eval("input[type=number], select, textarea", (els) =>
    els
      .filter((e) => e.checkVisibility())
      .map((e) => [
        e.id,
        getComputedStyle(e).borderTopColor,
        getComputedStyle(e.closest(".panel, header") ?? document.body).backgroundColor,
      ]),
  );
  const rgb = (s) => s.match(/\d+/g).slice(0, 3).map(Number);
  for (const [id, border, bg] of borders) {
    assert.ok(contrast(rgb(border), rgb(bg)) >= 3, `${id}: border ${border} on ${bg}`);
    assert.ok(contrast(rgb(border), [255, 255, 255]) >= 3, `${id}: border ${border} on its white field`);
  }
  // Points are ringed in ink: against the strongest tint of either region, and in the discrete view.
  const tint = (p, d) => {
    const out = [0, 0, 0, 0];
    scoreColour(p, d, out, 0);
    return out.slice(0, 3);
  };
  for (const d of [false, true]) for (const p of [0, 1]) assert.ok(contrast(hex("#1d1d1f"), tint(p, d)) >= 3);
  // The classes differ in lightness, not only in hue: in greyscale too.
  assert.ok(Math.abs(lightness(NEG) - lightness(POS)) >= 15, `L* ${lightness(NEG)} / ${lightness(POS)}`);
  assert.ok(Math.abs(lightness(tint(0, false)) - lightness(tint(1, false))) >= 8, "the two regions' tints");
  assert.ok(contrast(NEG, [255, 255, 255]) >= 3 && contrast(POS, [255, 255, 255]) >= 3);
  const css = await page.evaluate(() => [
    getComputedStyle(document.documentElement).getPropertyValue("--neg").trim(),
    getComputedStyle(document.documentElement).getPropertyValue("--pos").trim(),
  ]);
  assert.deepEqual(css.map(hex), [NEG, POS], "style.css and colors.js agree");
  // A point drawn on the map has the ink ring: its edge, just outside the class colour, is dark.
  const small = await open("index.html", "#seed=7&points=6&trainRatio=1&lang=en");
  const edges = await small.page.evaluate(async () => {
    const { points } = JSON.parse(await window.__playground.exportState());
    const c = document.getElementById("view");
    const d = c.getContext("2d");
    const size = Math.max(4, c.width / 110);
    return points.map(({ x: [x, y], label }) => {
      const px = ((x + 6) / 12) * c.width;
      const py = ((6 - y) / 12) * c.height;
      // The ring runs from the shape's edge to 1.6 px beyond it: the darkest pixel along that stretch.
      const edge = label > 0 ? size : 0.9 * size;
      const strip = d.getImageData(Math.round(px + edge - 1), Math.round(py), 4, 1).data;
      return Math.min(...[0, 1, 2, 3].map((k) => strip[4 * k] + strip[4 * k + 1] + strip[4 * k + 2]));
    });
  });
  for (const e of edges) assert.ok(e < 200, `a point's ink ring: the darkest pixel's r + g + b is ${e}`);
  assert.deepEqual([...errors, ...small.errors], []);
});

// ---- Layout while loading, reduced motion -------------------------------------------------------------

test(
  "nothing moves while the pages load (CLS ≤ 0.02), at desktop and phone width",
  chromiumOnly("layout-shift entries (the Layout Instability API) and init scripts"),
  async () => {
    for (const path of ["index.html", "descent.html", "descent.html#preset=11"]) {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 390, height: 844 },
      ]) {
        const page = await env.browser.newPage({ viewport });
        await page.addInitScript(() => {
          window.__cls = 0;
          window.__shifts = [];
          new PerformanceObserver((list) => {
            for (const e of list.getEntries()) {
              if (e.hadRecentInput) continue;
              window.__cls += e.value;
              window.__shifts.push([
                e.value,
                ...e.sources.map((s) => s.node?.id || s.node?.className || s.node?.nodeName),
              ]);
            }
          }).observe({ type: "layout-shift", buffered: true });
        });
        await page.goto(env.url + path);
        await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
        await page.waitForTimeout(1000);
        const { cls, shifts } = await page.evaluate(() => ({ cls: window.__cls, shifts: window.__shifts }));
        console.log(`CLS ${path} ${viewport.width}px: ${cls.toFixed(4)} ${JSON.stringify(shifts)}`);
        assert.ok(cls <= 0.02, `${path} at ${viewport.width}px: CLS ${cls}`);
        // The lab's map has its size from the start.
        if (path.startsWith("descent")) assert.ok(Number(await page.getAttribute("#map-0", "height")) > 150);
        await page.close();
      }
    }
  },
);

test("reduced motion slows the drawing, not the training", chromiumOnly("media emulation"), async () => {
  const run = async (reducedMotion) => {
    const { page } = await open("index.html", "#seed=7&speed=frame&lang=en");
    await page.emulateMedia({ reducedMotion });
    await page.evaluate(() => {
      const ctx = document.getElementById("view").getContext("2d");
      const draw = ctx.drawImage;
      // Draws are counted by animation frame: one drawing of the map copies several images.
      window.__draws = 0;
      window.__frame = 0;
      let counted = -1;
      const tick = () => {
        window.__frame++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      ctx.drawImage = function (...a) {
        if (counted !== window.__frame) window.__draws++;
        counted = window.__frame;
        return draw.apply(this, a);
      };
    });
    await page.click("#play");
    await page.waitForTimeout(3000);
    await page.click("#play");
    const r = await page.evaluate(() => ({
      epochs: Number(document.getElementById("n-epoch").textContent.replace(/,/g, "")),
      draws: window.__draws,
    }));
    await page.close();
    return r;
  };
  const normal = await run("no-preference");
  const reduced = await run("reduce");
  console.log(
    `3 s of play at one epoch per frame: normal ${JSON.stringify(normal)}, reduced motion ${JSON.stringify(reduced)}`,
  );
  assert.ok(reduced.epochs >= 0.6 * normal.epochs, "training keeps its pace");
  assert.ok(reduced.draws <= 10 && reduced.draws < normal.draws / 4, "the map is drawn about twice a second");
});

// ---- Screenshots -----------------------------------------------------------------------------------

test("screenshots: a focused control and the crosshair, both pages, desktop and phone", async () => {
  for (const width of [1400, PHONE]) {
    const viewport = { width, height: width > 500 ? 1000 : 844 };
    const { page } = await open("index.html", "#seed=7&lang=en", viewport);
    await page.focus("#step-epoch");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Shift+Tab");
    await page.screenshot({ path: `${SHOTS}/a11y-playground-focus-${width}.png` });
    await page.focus("#reset");
    for (let i = 0; i < 12 && (await active(page)) !== "view"; i++) await page.keyboard.press("Tab");
    for (const key of ["ArrowRight", "ArrowRight", "Shift+ArrowUp", "Shift+ArrowUp"]) await page.keyboard.press(key);
    await page.evaluate(() => document.getElementById("view").scrollIntoView({ block: "center" }));
    await page.screenshot({ path: `${SHOTS}/a11y-playground-crosshair-${width}.png` });
    await page.close();

    const lab = await open("descent.html", "#preset=13&lang=ko", viewport);
    await lab.page.keyboard.press("Tab");
    await lab.page.screenshot({ path: `${SHOTS}/a11y-lab-skiplink-${width}.png` });
    await lab.page.keyboard.press("Enter");
    await lab.page.keyboard.press("Tab");
    await lab.page.screenshot({ path: `${SHOTS}/a11y-lab-focus-${width}.png` });
    await lab.page.focus("#map-0");
    for (const key of ["ArrowLeft", "Shift+ArrowUp"]) await lab.page.keyboard.press(key);
    await lab.page.evaluate(() => document.getElementById("map-0").scrollIntoView({ block: "center" }));
    await settled(lab.page);
    await lab.page.screenshot({ path: `${SHOTS}/a11y-lab-crosshair-${width}.png` });
    await lab.page.close();
  }
});
