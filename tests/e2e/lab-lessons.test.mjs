// The gradient-descent lab's lesson aids in each engine (E2E_BROWSER): the loss-vs-step chart,
// the readout's "reached at step" column and finishing places, lesson 11's labelled minima, the
// surface palette's contrast, lesson 15's decision-line scatter, the phone layout and the
// Korean wording. Numbers are checked against the racers' own f, read from the readout step by
// step; pictures by reading the canvases' pixels back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MARGIN, mapPixels, rows, settled } from "./lab.mjs";
import { browserPerFile, colourCounts, narrowest, SHOTS } from "./helpers.mjs";
import { COLOURS, paletteCss } from "../../www/descent/views/surface.js";
import { places, reachStep, floorOf } from "../../www/descent/progress.js";
import { lineInBox } from "../../www/descent/views/scatter.js";

/** The readout's "reached" tolerance and the chart's floor, as the page states them. */
const REACH = 1e-4;
const FLOOR = 1e-12;
/** The known minima of the four-minima surface (lesson 11), deepest first. */
const DEPTHS = [-15.975, -11.475, -8.775, -4.275];

const browser = browserPerFile();

const open = (hash, viewport) => browser.open(`descent.html${hash}`, viewport);

/** What the loss chart says it draws: per line its key, colour, number of points and last value. */
async function chartLines(page) {
  await settled(page);
  return JSON.parse((await page.getAttribute("#loss-chart", "data-lines")) ?? "[]");
}

const dist = (a, b) =>
  [1, 3, 5].reduce((s, i) => s + Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16)), 0);

/** Takes `n` single steps and returns the readout's f of every row after each (index 0: the start). */
async function fSeries(page, n) {
  const series = [(await rows(page)).map((r) => r.loss)];
  for (let i = 0; i < n; i++) {
    await page.click("#step");
    await page.waitForFunction((k) => document.getElementById("step-count").textContent === String(k), i + 1);
    series.push((await rows(page)).map((r) => r.loss));
  }
  return series[0].map((_, r) => series.map((s) => s[r]));
}

test("places: first by the step the minimum was reached, then by the final f; equal paths share a place", () => {
  const p = (reach, final) => ({ reach, final });
  assert.deepEqual(places([p(5, 0), p(null, 1), p(3, 0), p(null, 0.5), p(null, NaN), p(5, 0)]), [2, 5, 1, 4, 6, 2]);
  assert.deepEqual(places([]), []);
  assert.equal(reachStep([25, 1, 0.04, 1.6e-3, 6.4e-5], 0), 4);
  assert.equal(reachStep([-15.9, -15.97499], -15.975), 1, "measured from f_min, so negative minima work");
  assert.equal(reachStep([1, NaN, 2], 0), null, "NaN never counts as reached");
  assert.equal(floorOf({ minimaValues: [-11.475, -15.975] }), -15.975);
  assert.equal(floorOf({ minimaValues: [], lo: 0.3 }), 0.3, "the model: the grid's lowest value");
  assert.equal(floorOf(null), 0);
});

test("decision line: w₁·x₁ + w₂·x₂ + b = 0 clipped to the box, none for w = 0", () => {
  const [a, b] = lineInBox([1, 1], 0, -2, 2);
  for (const [x, y] of [a, b]) assert.ok(Math.abs(x + y) < 1e-12 && Math.abs(Math.abs(x) - 2) < 1e-12, `${x}, ${y}`);
  // b shifts the line to distance |b| / |w| from the origin: here x₁ = −0.5.
  const [c, d] = lineInBox([2, 0], 1, -2, 2);
  assert.deepEqual([c[0], d[0]], [-0.5, -0.5]);
  assert.equal(lineInBox([0, 0], 0, -2, 2), null);
  assert.equal(lineInBox([1, 0], 5, -2, 2), null, "x₁ = −5 misses the box");
  assert.equal(lineInBox([NaN, 1], 0, -2, 2), null);
});

test("loss chart: a line per path in its racer's colour, growing with every step; a diverged one stops at its last value", async () => {
  // Lesson 10: the same GD at 1.05 (diverges within a few steps) and at 0.005 (crawls).
  const { page, errors } = await open("#preset=10&lang=en");
  const start = await chartLines(page);
  assert.equal(start.length, 2, "one line per path");
  assert.deepEqual(
    start.map((l) => l.colour),
    [COLOURS[0], COLOURS[1]],
  );
  assert.deepEqual(
    start.map((l) => l.points),
    [1, 1],
  );
  const f = await fSeries(page, 20);
  const lines = await chartLines(page);
  const all = await rows(page);
  // The bowl's minimum is 0, so the chart plots f itself.
  all.forEach((r, k) => {
    assert.equal(lines[k].points, r.steps + 1, `line ${k}: one point per step taken`);
    assert.ok(Math.abs(lines[k].last - Math.max(FLOOR, f[k].at(-1))) <= 1e-12 * f[k].at(-1), `line ${k} ends at f`);
  });
  assert.match(all[0].state, /diverged/);
  assert.ok(all[0].steps < 20, `the left path stopped after ${all[0].steps} steps`);
  assert.equal(lines[0].last, all[0].loss, "the diverged line stops at its last finite f");
  // The log axis spans whole decades around every value drawn, with a little headroom on top.
  const drawnValues = f.flatMap((s, k) => s.slice(0, all[k].steps + 1));
  const decades = [
    Math.floor(Math.log10(Math.min(...drawnValues))),
    Math.ceil(Math.log10(Math.max(...drawnValues)) + 0.05),
  ];
  assert.equal(await page.getAttribute("#loss-chart", "data-decades"), decades.join(","));
  const drawn = await colourCounts(page, "loss-chart", [COLOURS[0], COLOURS[1]]);
  drawn.forEach((n, k) => assert.ok(n > 40, `line ${k} is drawn in its colour: ${n} pixels`));
  const text = await page.textContent("#fig-loss");
  assert.match(text, /lowest minimum/);
  assert.deepEqual(errors, []);
});

test("loss chart: lesson 11's negative minima are measured from the deepest, f − f_min, every line finite", async () => {
  const { page, errors } = await open("#preset=11&lang=en&speed=500");
  await page.click("#play");
  await page.waitForFunction(() => document.body.dataset.playing === "false", null, { timeout: 30_000 });
  const lines = await chartLines(page);
  const all = await rows(page);
  assert.equal(lines.length, 4);
  all.forEach((r, k) => {
    const gap = Math.max(FLOOR, r.loss - DEPTHS[0]);
    assert.ok(Math.abs(lines[k].last - gap) <= 1e-9 * Math.max(1, gap), `line ${k}: ${lines[k].last} vs ${gap}`);
  });
  // Three basins are shallower than the deepest by 4.5, 7.2 and 11.7; one path reaches it.
  const gaps = lines.map((l) => l.last).sort((a, b) => a - b);
  assert.ok(gaps[0] < REACH && gaps[1] > 4 && gaps[3] < 12, `gaps ${gaps}`);
  assert.deepEqual(errors, []);
});

test("readout: 'reached at step' and the finishing places follow each path's own f", async () => {
  // Four GD runs on the bowl (minimum 0): f shrinks by (1 − 2·lr)² per step.
  const hash = "#surface=bowl&opt=sgd,sgd,sgd,sgd&lr=0.5,0.4,0.1,0.01&steps=30&lang=en";
  const { page, errors } = await open(hash);
  assert.match(await page.textContent("#col-reach"), /f − f_min ≤ 10⁻⁴/);
  const f = await fSeries(page, 30);
  const all = await rows(page);
  const want = f.map((s) => {
    const i = s.findIndex((v) => v - 0 <= REACH);
    return i < 0 ? null : i;
  });
  assert.deepEqual(
    all.map((r) => r.reach),
    want,
  );
  assert.deepEqual(want, [1, 4, 28, null], "the bowl's numbers: one step at 0.5; 0.04ⁿ; 0.64ⁿ; never at 0.01");
  assert.deepEqual(
    all.map((r) => r.reachText),
    ["1", "4", "28", "–"],
  );
  // Places: by the step reached, then by the final f.
  const order = all
    .map((r, i) => ({ i, key: [r.reach ?? Infinity, r.loss] }))
    .sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1]);
  const places = [];
  order.forEach((o, k) => (places[o.i] = k + 1));
  assert.deepEqual(
    all.map((r) => r.place),
    places,
  );
  assert.deepEqual(
    all.map((r) => r.placeText),
    places.map((p) => `${p}.`),
  );
  assert.deepEqual(errors, []);
});

test("lesson 14: the places rank the race by the step each optimizer came within 10⁻⁴ of the minimum", async () => {
  const { page, errors } = await open("#preset=14&lang=en");
  const f = await fSeries(page, 100);
  const all = await rows(page);
  const reach = f.map((s) => {
    const i = s.findIndex((v) => v <= REACH);
    return i < 0 ? null : i;
  });
  assert.deepEqual(
    all.map((r) => r.reach),
    reach,
  );
  assert.equal(reach[0], null, "plain GD has not got there in 100 steps");
  const winner = all.find((r) => r.place === 1);
  const firsts = reach.filter((r) => r !== null);
  assert.equal(winner.reach, Math.min(...firsts));
  assert.equal(all[0].place, 6, "GD comes last");
  assert.deepEqual(errors, []);
});

test("lesson 11: each minimum's f is printed beside it, and its ⊕ is drawn over the paths that end there", async () => {
  const { page, errors } = await open("#preset=11&lang=en&speed=500");
  const labels = JSON.parse((await page.getAttribute("#map-0", "data-minimum-labels")) ?? "[]");
  assert.equal(labels.length, 4);
  const values = labels.map((s) => Number(s.replace(/^f = /, "").replace("−", "-")));
  values.forEach((v, k) => assert.ok(Math.abs(v - [DEPTHS[0], DEPTHS[1], DEPTHS[2], DEPTHS[3]][k]) < 0.01, labels[k]));
  const minima = [
    [-1.5, 1.5],
    [1.5, 1.5],
    [-1.5, -1.5],
    [1.5, -1.5],
  ];
  await page.click("#play");
  await page.waitForFunction(() => document.body.dataset.playing === "false", null, { timeout: 30_000 });
  // Every path ends on a minimum (lesson 11's four starts, four basins): 6 px right of the
  // centre, on the ⊕'s arm and inside the end marker, the arm's ink shows, not the racer's colour.
  const arm = await mapPixels(page, "map-0", minima, 6, 0);
  arm.forEach(({ colour: c }, k) =>
    assert.ok(dist(c, "#222222") < 60, `the ⊕ at minimum ${k} is drawn over the path: ${c}`),
  );
  // The label's ink: dark pixels up and to the right of each minimum, where the text goes.
  const ink = await page.evaluate(
    ([minima, M]) => {
      const box = window.__lab.box();
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("map-0"));
      const dpr = window.devicePixelRatio || 1;
      const w = c.width / dpr - M.left - M.right;
      const h = c.height / dpr - M.top - M.bottom;
      const ctx = c.getContext("2d");
      return minima.map(([x, y]) => {
        const px = M.left + ((x - box[0]) / (box[1] - box[0])) * w;
        const py = M.top + ((box[3] - y) / (box[3] - box[2])) * h;
        const d = ctx.getImageData(Math.floor((px + 18) * dpr), Math.floor((py - 18) * dpr), 40 * dpr, 12 * dpr).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] + d[i + 1] + d[i + 2] < 3 * 60) n++;
        return n;
      });
    },
    [minima, MARGIN],
  );
  ink.forEach((n, k) => assert.ok(n > 15, `label of minimum ${k}: ${n} dark pixels`));
  assert.deepEqual(errors, []);
});

test("the surface's fill runs from near white to dark, and paths keep their colour over it", async () => {
  // Luminance of the palette's stops (sRGB → linear, Rec. 709 weights): a wide range of values.
  const stops = [...paletteCss().matchAll(/rgb\((\d+),(\d+),(\d+)\)/g)].map((m) => m.slice(1, 4).map(Number));
  const lum = (c) =>
    c
      .map((v) => v / 255)
      .map((v) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
      .reduce((s, v, k) => s + v * [0.2126, 0.7152, 0.0722][k], 0);
  const ls = stops.map(lum);
  assert.ok(ls[0] > 0.9, `lowest band ${ls[0]}`);
  assert.ok(ls.at(-1) < 0.1, `highest band ${ls.at(-1)}`);
  for (let i = 1; i < ls.length; i++) assert.ok(ls[i] < ls[i - 1], "darker with every stop");
  const { page, errors } = await open("#preset=12&lang=en&speed=500");
  await page.click("#play");
  await page.waitForFunction(() => document.body.dataset.playing === "false", null, { timeout: 30_000 });
  const drawn = await colourCounts(page, "map-0", COLOURS.slice(0, 3));
  drawn.forEach((n, k) => assert.ok(n > 10, `path ${k}: ${n} pixels in its colour`));
  assert.deepEqual(errors, []);
});

test("lesson 15: the weights under the pointer or the crosshair draw their decision line beside the map", async () => {
  const { page, errors } = await open("#preset=15&lang=en");
  assert.equal(await page.isVisible("#scatter"), true);
  const help = await page.textContent("#keys-help");
  assert.doesNotMatch(help, /set the start point/i);
  assert.match(help, /seed/);
  const [r] = await rows(page);
  assert.equal(await page.getAttribute("#scatter", "data-current"), `${r.x},${r.y}`, "the path's current line");
  assert.equal(await page.getAttribute("#scatter", "data-hover"), "");
  const snapshot = () =>
    page.evaluate(() => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("scatter"));
      return Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data);
    });
  const box = await page.locator("#map-0").boundingBox();
  const at = async (fx, fy) => {
    await page.mouse.move(
      box.x + MARGIN.left + fx * (box.width - MARGIN.left - MARGIN.right),
      box.y + MARGIN.top + fy * (box.height - MARGIN.top - MARGIN.bottom),
    );
    await page.waitForFunction((old) => document.getElementById("scatter").dataset.hover !== old, "");
    return (await page.getAttribute("#scatter", "data-hover")).split(",").map(Number);
  };
  const mapBox = await page.evaluate(() => window.__lab.box());
  const w1 = await at(0.2, 0.3);
  const pixels1 = await snapshot();
  // The hovered weights are the map's point under the pointer.
  assert.ok(Math.abs(w1[0] - (mapBox[0] + 0.2 * (mapBox[1] - mapBox[0]))) < 0.05 * (mapBox[1] - mapBox[0]), `w₁ ${w1}`);
  assert.ok(Math.abs(w1[1] - (mapBox[3] - 0.3 * (mapBox[3] - mapBox[2]))) < 0.05 * (mapBox[3] - mapBox[2]), `w₂ ${w1}`);
  await page.mouse.move(box.x + MARGIN.left + 0.8 * (box.width - MARGIN.left - MARGIN.right), box.y + box.height / 2);
  await page.waitForFunction((old) => document.getElementById("scatter").dataset.hover !== old, w1.join(","));
  const w2 = (await page.getAttribute("#scatter", "data-hover")).split(",").map(Number);
  const pixels2 = await snapshot();
  let changed = 0;
  for (let i = 0; i < pixels1.length; i += 4)
    if (pixels1[i] !== pixels2[i] || pixels1[i + 2] !== pixels2[i + 2]) changed++;
  assert.ok(changed > 200, `the dashed line moved: ${changed} pixels changed between ${w1} and ${w2}`);
  // The dashed line is drawn in ink: dark pixels that are no class colour.
  const dark = await page.evaluate(() => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("scatter"));
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 50 && d[i + 1] < 50 && d[i + 2] < 50) n++;
    return n;
  });
  assert.ok(dark > 60, `${dark} ink pixels`);
  // The keyboard's crosshair does the same.
  await page.focus("#map-0");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((old) => document.getElementById("scatter").dataset.hover !== old, w2.join(","));
  assert.notEqual(await page.getAttribute("#scatter", "data-hover"), "");
  // After a step the solid line follows the path.
  await page.click("#step");
  await page.waitForFunction(() => document.getElementById("step-count").textContent === "1");
  const [r1] = await rows(page);
  assert.equal(await page.getAttribute("#scatter", "data-current"), `${r1.x},${r1.y}`);
  assert.deepEqual(errors, []);
});

test("phone: the lesson's text comes before the map, and the readout fits its box", narrowest(390), async () => {
  for (const lesson of [13, 14, 10]) {
    const { page, errors } = await open(`#preset=${lesson}&lang=ko`, { width: 390, height: 844 });
    await page.click("#step");
    await settled(page);
    const where = await page.evaluate(() => ({
      lesson: document.getElementById("lesson-body").getBoundingClientRect().top,
      map: document.getElementById("map-0").getBoundingClientRect().top,
    }));
    assert.ok(where.lesson < where.map, `lesson ${lesson}: text at ${where.lesson}, map at ${where.map}`);
    const overflow = await page.evaluate(() => {
      const out = [];
      const wrap = document.querySelector(".table-wrap");
      if (wrap.scrollWidth > wrap.clientWidth)
        out.push(`the table is ${wrap.scrollWidth - wrap.clientWidth}px wider than its box`);
      for (const cell of document.querySelectorAll("#readout th, #readout td")) {
        const el = /** @type {HTMLElement} */ (cell);
        if (el.offsetParent && el.scrollWidth > el.clientWidth)
          out.push(`${el.textContent.slice(0, 20)}: ${el.scrollWidth} > ${el.clientWidth}`);
      }
      const page = document.documentElement.scrollWidth - window.innerWidth;
      if (page > 0) out.push(`the page is ${page}px wider than the screen`);
      return out;
    });
    assert.deepEqual(overflow, [], `lesson ${lesson}`);
    // What is left: place and optimizer, reached at, f and the state, each with its header.
    const shown = await page.$$eval("#readout thead th", (ths) => ths.filter((th) => th.offsetParent).length);
    assert.equal(shown, 4);
    if (lesson === 13) await page.screenshot({ path: `${SHOTS}/lab-phone-13-test.png`, fullPage: true });
    assert.deepEqual(errors, []);
  }
});

test("Korean: no particle fallbacks, 수업 not 레슨, and plain gradient descent is called that", async () => {
  const { page, errors } = await open("#preset=11&lang=ko");
  // A fifth start point (lesson 11 has four): the status line names it without a fallback.
  const box = await page.locator("#map-0").boundingBox();
  await page.check("#add-starts");
  await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.3);
  await settled(page);
  assert.match(await page.textContent("#status"), /^출발점 \d+ 추가: /);
  // An infinite f is written out, never "inf" or ∞ (the surfaces stop a path before f overflows,
  // so the page's own formatter is asked directly).
  const infinity = await page.evaluate(async () => {
    const i18n = await import("./shared/i18n.js");
    const { fText } = await import("./descent/panels.js");
    i18n.setLanguage("ko", { save: false });
    const ko = [fText(Infinity), fText(-Infinity)];
    i18n.setLanguage("en", { save: false });
    return [...ko, fText(Infinity)];
  });
  assert.deepEqual(infinity, ["무한대", "−무한대", "infinity"]);
  for (const lesson of [10, 11, 12, 13, 14, 15]) {
    await page.click(`#presets a[data-preset="${lesson}"]`);
    await page.waitForFunction((p) => document.getElementById("lesson-h").textContent.includes(String(p)), lesson);
    await page.click("#step");
    await settled(page);
    const text = await page.evaluate(
      () =>
        document.body.innerText +
        [...document.querySelectorAll("[aria-label]")].map((e) => e.getAttribute("aria-label")).join(" "),
    );
    assert.doesNotMatch(text, /\((를|가|는|은|을|이)\)/, `lesson ${lesson}`);
    assert.doesNotMatch(text, /레슨/, `lesson ${lesson}`);
    const legend = await page.$$eval("#legend li[data-racer]", (l) => l.map((li) => [li.dataset.kind, li.textContent]));
    for (const [kind, label] of legend) {
      if (kind !== "sgd") continue;
      if (lesson === 15) assert.match(label, /^SGD/, "the model's mini-batch training is stochastic");
      else assert.match(label, /^경사하강법\(GD\)/, `lesson ${lesson}: ${label}`);
    }
    if (lesson !== 15) {
      const row = await page.$eval("#readout-body tr th .name", (el) => el.textContent);
      assert.match(row, /경사하강법\(GD\)/);
      assert.equal(await page.$eval("#kind-0 option[value=sgd]", (o) => o.textContent), "경사하강법(GD)");
    }
  }
  assert.deepEqual(errors, []);
});
