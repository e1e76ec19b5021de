// The gradient-descent lab (descent.html) in each engine (E2E_BROWSER): drawing, controls, the lesson presets
// 10–15 checked by the numbers the page shows, the URL hash, both languages and the keyboard.
import { test } from "node:test";
import assert from "node:assert/strict";
import { MARGIN, mapPixels, rows, settled } from "./lab.mjs";
import {
  browserPerFile,
  colourCounts,
  untranslated,
  layoutProblems,
  SHOTS,
  chromiumOnly,
  narrowest,
} from "./helpers.mjs";
import { DESCENT } from "../../www/strings/descent.js";
import { CATALOGUE, TECHNICAL_TERMS } from "../../www/strings/index.js";

import { COLOURS, paletteCss } from "../../www/descent/views/surface.js";
import { lessonNumbered } from "../../www/lessons/registry.js";

/** The contour fill's palette, low to high (the stops of the colour bar beside the map). */
const PALETTE = [...paletteCss().matchAll(/rgb\((\d+),(\d+),(\d+)\)/g)].map((m) => m.slice(1, 4).map(Number));
/** Lesson 15's trainer, from the lesson registry: its model with the lab's seed, batch size and racer. */
const L15 = lessonNumbered(15).settings;
const LESSON15 = {
  ...L15.model,
  seed: L15.seed,
  batchSize: L15.batchSize,
  optimizer: L15.racers[0].kind,
  learningRate: L15.racers[0].learningRate,
};

const browser = browserPerFile();

const open = (hash, viewport) => browser.open(`descent.html${hash}`, viewport);

const steps = async (page) => {
  await settled(page);
  return Number((await page.textContent("#step-count")).replace(/\D/g, ""));
};

/** Plays until every path has stopped (the page pauses itself and says so). */
async function playToEnd(page, timeout = 30_000) {
  await page.click("#play");
  await page.waitForFunction(() => document.body.dataset.playing === "false", null, { timeout });
}

/** Clicks the map at fractions (fx, fy) of its plot area (the plot's margins are the view's). */
async function clickPlot(page, fx, fy, id = "map-0") {
  const box = await page.locator(`#${id}`).boundingBox();
  const { left, right, top, bottom } = MARGIN;
  await page.mouse.click(
    box.x + left + fx * (box.width - left - right),
    box.y + top + fy * (box.height - top - bottom),
  );
}

/**
 * The contour fill of map `id` read back at 16 × 16 places of its plot, each with the value of
 * the function there evaluated on its own (`Descent.evaluate` of the surface, or `lossAt` of a
 * Trainer made from `model`): not the grid the map was drawn from. A pixel counts only where it
 * is the fill itself (equal to its four neighbours, so no contour line or path edge, and on the
 * palette); `u` is its place along the palette, 0 the lowest colour and 1 the highest. Pixels
 * become data coordinates as the view maps them: the box [xmin, xmax, ymin, ymax] fills the plot,
 * x across, y up.
 */
function contourSamples(page, id, { surface, model }) {
  return page.evaluate(
    async ([id, surface, model, PALETTE, M]) => {
      const { default: init, Descent, Trainer } = await import("./pkg/dl_playground.js");
      await init();
      const box = window.__lab.box();
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById(id));
      const dpr = window.devicePixelRatio || 1;
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const w = c.width / dpr - M.left - M.right;
      const h = c.height / dpr - M.top - M.bottom;
      const at = (i, j) => [0, 1, 2].map((k) => d[4 * (j * c.width + i) + k]);
      const same = (p, q) => p.every((v, k) => v === q[k]);
      const onPalette = (p) => {
        let best = { dist: Infinity, u: 0 };
        for (let s = 0; s + 1 < PALETTE.length; s++) {
          const a = PALETTE[s],
            b = PALETTE[s + 1];
          const ab = a.map((v, k) => b[k] - v);
          const t = Math.min(
            1,
            Math.max(0, ab.reduce((acc, v, k) => acc + v * (p[k] - a[k]), 0) / ab.reduce((acc, v) => acc + v * v, 0)),
          );
          const dist = Math.hypot(...a.map((v, k) => v + t * ab[k] - p[k]));
          if (dist < best.dist) best = { dist, u: (s + t) / (PALETTE.length - 1) };
        }
        return best.dist <= 4 ? best.u : null;
      };
      const trainer = model ? new Trainer(model) : null;
      const f = (x, y) => (trainer ? trainer.lossAt(0, 1, x, y).value : Descent.evaluate(surface, x, y).value);
      const out = [];
      for (let a = 0; a < 16; a++) {
        for (let b = 0; b < 16; b++) {
          const i = Math.floor(dpr * (M.left + ((a + 0.5) / 16) * w));
          const j = Math.floor(dpr * (M.top + ((b + 0.5) / 16) * h));
          const p = at(i, j);
          if (![at(i - 1, j), at(i + 1, j), at(i, j - 1), at(i, j + 1)].every((q) => same(p, q))) continue;
          const u = onPalette(p);
          if (u === null) continue;
          const x = box[0] + (((i + 0.5) / dpr - M.left) / w) * (box[1] - box[0]);
          const y = box[3] - (((j + 0.5) / dpr - M.top) / h) * (box[3] - box[2]);
          out.push({ x, y, f: f(x, y), u });
        }
      }
      trainer?.free();
      return out;
    },
    [id, surface ?? null, model ?? null, PALETTE, MARGIN],
  );
}

/**
 * The map shows its function: wherever one place is lower than another by the function, its
 * fill is no higher on the palette (give or take one band, for the grid's interpolation). On a
 * surface without a mirror symmetry a map drawn upside down or mirrored breaks this everywhere.
 */
async function assertContours(page, id, fn, what) {
  const samples = await contourSamples(page, id, fn);
  assert.ok(samples.length >= 80, `${what}: only ${samples.length} places show the fill`);
  const us = samples.map((s) => s.u);
  assert.ok(Math.max(...us) - Math.min(...us) >= 0.3, `${what}: the fill spans ${Math.min(...us)}..${Math.max(...us)}`);
  const bad = [];
  for (const a of samples)
    for (const b of samples)
      if (a.f < b.f && a.u > b.u + 0.1)
        bad.push(
          `f(${a.x.toFixed(2)}, ${a.y.toFixed(2)}) = ${a.f.toPrecision(4)} is drawn at ${a.u.toFixed(2)}, above f(${b.x.toFixed(2)}, ${b.y.toFixed(2)}) = ${b.f.toPrecision(4)} at ${b.u.toFixed(2)}`,
        );
  assert.deepEqual(bad.slice(0, 5), [], `${what}: ${bad.length} pairs of places out of order`);
}

/**
 * Every path's end marker is drawn where the readout says the path is, in its racer's colour
 * (where ends coincide, the one drawn last shows; ends 4–9 px apart are left out as ambiguous, and
 * so are ends outside the box). Returns how many ends were checked.
 */
async function assertEnds(page, what) {
  const all = await rows(page);
  let checked = 0;
  for (const map of new Set(all.map((r) => r.map))) {
    const mine = all.filter((r) => r.map === map);
    const at = await mapPixels(
      page,
      `map-${map}`,
      mine.map((r) => [r.x, r.y]),
    );
    mine.forEach((r, k) => {
      if (!at[k].inside) return;
      const d = (j) => Math.hypot(at[j].px - at[k].px, at[j].py - at[k].py);
      const later = mine.map((_, j) => j).filter((j) => j > k && d(j) < 9);
      if (later.some((j) => d(j) >= 4)) return;
      const want = later.length ? mine[later.at(-1)].colour : r.colour;
      assert.ok(
        closeColour(at[k].colour, want),
        `${what}: the end of path ${k} on map ${map} at (${r.x}, ${r.y}) is drawn ${at[k].colour}, not ${want}`,
      );
      checked++;
    });
  }
  assert.ok(checked > 0, `${what}: no path end to check`);
  return checked;
}

/** Whether two "#rrggbb" colours are within a small distance of each other. */
const closeColour = (a, b) =>
  [1, 3, 5].reduce((s, i) => s + Math.abs(parseInt(a.slice(i, i + 2), 16) - parseInt(b.slice(i, i + 2), 16)), 0) < 30;

test("the catalogue: same keys in both languages, Korean uses only the allowed Latin words", () => {
  assert.deepEqual(Object.keys(DESCENT.ko).sort(), Object.keys(DESCENT.en).sort());
  for (const key of Object.keys(DESCENT.en)) assert.match(key, /^descent\./);
  const allowed = new Set(TECHNICAL_TERMS);
  for (const [key, text] of Object.entries(DESCENT.ko)) {
    for (const word of text.replace(/\{\w+\}/g, "").match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []) {
      assert.ok(allowed.has(word), `${key}: “${word}” is not an allowed Latin word in Korean`);
    }
  }
});

test("default page: the surface is drawn and the legend lists exactly the configured optimizers", async () => {
  const { page, errors } = await open("#lang=en");
  const legend = await page.$$eval("#legend li[data-racer]", (lis) =>
    lis.map((li) => ({
      kind: li.dataset.kind,
      colour: li.dataset.colour,
      shape: li.dataset.shape,
      fill: li.querySelector("svg path").getAttribute("fill"),
      text: li.textContent,
      // Markup parsed outside the SVG namespace is kept but never drawn: it has no box.
      drawn: li.querySelector("svg").getBoundingClientRect().width,
      ns: li.querySelector("svg path").namespaceURI,
    })),
  );
  const markers = await page.$$eval("#readout th svg path", (ps) =>
    ps.map((p) => ({ ns: p.namespaceURI, width: p.getBoundingClientRect().width })),
  );
  assert.ok(markers.length > 0, "the readout has markers");
  for (const m of markers) {
    assert.equal(m.ns, "http://www.w3.org/2000/svg", "the readout marker is SVG");
    assert.ok(m.width > 4, `a readout marker is drawn ${m.width} px wide`);
  }
  const kinds = await page.$$eval("#racers fieldset.racer select", (s) => s.map((x) => x.value));
  assert.deepEqual(
    legend.map((l) => l.kind),
    kinds,
  );
  assert.deepEqual(
    legend.map((l) => l.colour),
    COLOURS.slice(0, kinds.length),
  );
  assert.equal(new Set(legend.map((l) => l.shape)).size, kinds.length, "distinct marker shapes");
  for (const l of legend) {
    assert.equal(l.fill, l.colour);
    assert.equal(l.ns, "http://www.w3.org/2000/svg", "the legend marker is SVG");
    assert.ok(l.drawn > 4, `the legend marker is drawn ${l.drawn} px wide`);
  }
  assert.deepEqual(
    (await rows(page)).map((r) => r.kind),
    kinds,
  );
  // The contour fill covers the plot: many pixels that are neither white nor a racer colour.
  const light = await page.evaluate(() => {
    const c = document.getElementById("map-0");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) seen.add(`${d[i] >> 3},${d[i + 1] >> 3},${d[i + 2] >> 3}`);
    return seen.size;
  });
  assert.ok(light > 8, `the map has ${light} colours`);
  assert.match(await page.getAttribute("#map-0", "aria-label"), /Contour map of Ravine/);
  assert.deepEqual(errors, []);
});

test("clicking the map sets the start point; arrow keys and Enter do the same", async () => {
  const { page, errors } = await open("#surface=ravine&lang=en");
  // The ravine's box is x ∈ [-5, 5], y ∈ [-2.5, 2.5].
  await clickPlot(page, 0.75, 0.25);
  for (const r of await rows(page)) {
    assert.ok(Math.abs(r.x - 2.5) < 0.05 && Math.abs(r.y - 1.25) < 0.05, `start ${r.x}, ${r.y}`);
    assert.equal(r.steps, 0);
  }
  assert.match(await page.textContent("#status"), /New start point/);
  const [sx, sy] = new URLSearchParams(page.url().split("#")[1]).get("start").split(",").map(Number);
  assert.ok(Math.abs(sx - 2.5) < 0.05 && Math.abs(sy - 1.25) < 0.05, `start in the link: ${sx}, ${sy}`);
  assert.equal(Number(await page.inputValue("#start-x")), sx);

  await page.focus("#map-0");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  const [r] = await rows(page);
  assert.ok(Math.abs(r.x - (sx - 1)) < 0.011 && Math.abs(r.y - (sy - 0.1)) < 0.011, `crosshair start ${r.x}, ${r.y}`);
  assert.match(await page.textContent("#cursor"), /f = /);
  assert.deepEqual(errors, []);
});

test("play draws the paths over the map, pause stops them", async () => {
  // The default race (SGD, momentum, Adam on the ravine): three paths that never share a stretch.
  const { page, errors } = await open("#lang=en");
  const colours = COLOURS.slice(0, 3);
  const before = await colourCounts(page, "map-0", colours);
  await page.click("#play");
  await page.waitForFunction(() => Number(document.getElementById("step-count").textContent) >= 15);
  await page.click("#play");
  assert.match(await page.textContent("#status"), /^Paused after \d+ steps\.$/);
  const n = await steps(page);
  await page.waitForTimeout(300);
  assert.equal(await steps(page), n, "no steps after pause");
  const afterPlay = await colourCounts(page, "map-0", colours);
  afterPlay.forEach((c, k) => assert.ok(c > before[k] + 20, `colour ${colours[k]}: ${before[k]} -> ${c} pixels`));
  assert.deepEqual(errors, []);
});

test("preset 10: the same optimizer diverges at one learning rate and crawls at the other", async () => {
  const { page, errors } = await open("#preset=10&lang=en&speed=500");
  assert.equal(await page.isVisible("#map-1"), true);
  assert.equal(await page.$$eval("#legend li[data-racer]", (l) => l.length), 2);
  await playToEnd(page);
  const [left, right] = await rows(page);
  assert.equal(left.map, 0);
  assert.match(left.state, /diverged/);
  assert.ok(left.steps < 20 && left.loss > 6.25, `left: ${JSON.stringify(left)}`);
  assert.equal(right.state, "done");
  assert.equal(right.steps, 100);
  assert.ok(
    right.loss < 6.25 && Math.hypot(right.x, right.y) > 0.5,
    `right is still crawling: ${JSON.stringify(right)}`,
  );
  await page.screenshot({ path: `${SHOTS}/descent-preset-10.png`, fullPage: true });
  // What it shows: both maps are the bowl, each with its own learning rate's path in its colour.
  for (const id of ["map-0", "map-1"]) await assertContours(page, id, { surface: "bowl" }, `preset 10 ${id}`);
  assert.ok((await colourCounts(page, "map-0", [COLOURS[0]]))[0] > 50, "the diverging path is drawn on the left");
  assert.ok((await colourCounts(page, "map-1", [COLOURS[1]]))[0] > 50, "the crawling path is drawn on the right");
  await assertEnds(page, "preset 10");
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#map-1", "#legend", ".table-wrap"]), []);
  assert.deepEqual(errors, []);
});

test("preset 11: four nearby starts end in four different minima", async () => {
  const { page, errors } = await open("#preset=11&lang=en&speed=500");
  await playToEnd(page);
  const ends = await rows(page);
  assert.equal(ends.length, 4);
  const minima = ends.map((r) => {
    assert.ok(Math.abs(Math.abs(r.x) - 1.5) < 1e-3 && Math.abs(Math.abs(r.y) - 1.5) < 1e-3, `ends at ${r.x}, ${r.y}`);
    return `${Math.sign(r.x)},${Math.sign(r.y)}`;
  });
  assert.equal(new Set(minima).size, 4);
  assert.equal(new Set(ends.map((r) => r.loss.toFixed(3))).size, 4, "four different depths");
  assert.equal(await page.$$eval("#legend li.start-key", (l) => l.length), 4);
  await page.screenshot({ path: `${SHOTS}/descent-preset-11.png`, fullPage: true });
  // What it shows: the four basins the right way up (this surface has no mirror symmetry), and
  // each path ending where the readout says, in its own minimum.
  await assertContours(page, "map-0", { surface: "minima" }, "preset 11");
  assert.equal(await assertEnds(page, "preset 11"), 4);
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#legend", ".table-wrap"]), []);
  assert.deepEqual(errors, []);
});

test("preset 12: after 200 steps GD and momentum are still on the plateau, Adam is not", async () => {
  const { page, errors } = await open("#preset=12&lang=en&speed=500");
  await playToEnd(page);
  const [gd, momentum, adam] = await rows(page);
  assert.deepEqual([gd.kind, momentum.kind, adam.kind], ["sgd", "momentum", "adam"]);
  for (const r of [gd, momentum, adam]) assert.equal(r.steps, 200);
  assert.ok(gd.loss > 0.99 && momentum.loss > 0.99, `GD ${gd.loss}, momentum ${momentum.loss}`);
  assert.ok(adam.loss < 0.99, `Adam ${adam.loss}`);
  await page.screenshot({ path: `${SHOTS}/descent-preset-12.png`, fullPage: true });
  // What it shows: the plateau's contours and the three paths ending where the readout says.
  await assertContours(page, "map-0", { surface: "plateau" }, "preset 12");
  await assertEnds(page, "preset 12");
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#legend", ".table-wrap"]), []);
  assert.deepEqual(errors, []);
});

test("preset 13: GD zig-zags across the ravine, momentum damps it and arrives first", async () => {
  const { page, errors } = await open("#preset=13&lang=en");
  let flips = 0,
    lastDy = 0,
    lastY = (await rows(page))[0].y;
  for (let i = 0; i < 12; i++) {
    await page.click("#step");
    const y = (await rows(page))[0].y;
    if ((y - lastY) * lastDy < 0) flips++;
    lastDy = y - lastY;
    lastY = y;
  }
  assert.equal(flips, 11, "GD's y step changes sign at every step");
  await page.evaluate(() => {
    for (let i = 0; i < 98; i++) document.getElementById("step").click();
  });
  const [gd, momentum] = await rows(page);
  assert.equal(gd.steps, 110);
  assert.ok(Math.hypot(gd.x, gd.y) > 0.3, `GD is still far: ${gd.x}, ${gd.y}`);
  assert.ok(Math.hypot(momentum.x, momentum.y) < 0.05, `momentum is close: ${momentum.x}, ${momentum.y}`);
  assert.ok(gd.state === "running" && momentum.state === "running");
  await page.screenshot({ path: `${SHOTS}/descent-preset-13.png`, fullPage: true });
  // What it shows: the ravine, GD's zig-zag far from the minimum and momentum's path at it.
  await assertContours(page, "map-0", { surface: "ravine" }, "preset 13");
  assert.equal(await assertEnds(page, "preset 13"), 2);
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#legend", ".table-wrap"]), []);
  assert.deepEqual(errors, []);
});

test("preset 14: six optimizers race and all of them converge", async () => {
  const { page, errors } = await open("#preset=14&lang=en&speed=500");
  const legend = await page.$$eval("#legend li[data-racer]", (l) =>
    l.map((li) => [li.dataset.kind, li.dataset.colour]),
  );
  assert.deepEqual(legend, [
    ["sgd", COLOURS[0]],
    ["momentum", COLOURS[1]],
    ["nesterov", COLOURS[2]],
    ["adagrad", COLOURS[3]],
    ["rmsprop", COLOURS[4]],
    ["adam", COLOURS[5]],
  ]);
  await playToEnd(page);
  const all = await rows(page);
  assert.equal(all.length, 6);
  for (const r of all) {
    assert.equal(r.steps, 150);
    assert.ok(r.loss < 0.05 * 20.8 && r.state === "done", `${r.kind}: ${r.loss} ${r.state}`);
  }
  // Every optimizer with a memory shows it: m for all but SGD (and RMSProp without momentum), v for RMSProp and Adam.
  const adam = all[5].text;
  assert.doesNotMatch(adam, /–/);
  await page.screenshot({ path: `${SHOTS}/descent-preset-14.png`, fullPage: true });
  // What it shows: the ravine with all six paths drawn, in their six colours, ending at the minimum.
  await assertContours(page, "map-0", { surface: "ravine" }, "preset 14");
  const drawn = await colourCounts(page, "map-0", COLOURS.slice(0, 6));
  drawn.forEach((n, k) => assert.ok(n >= 5, `${COLOURS[k]}: ${n} pixels`));
  await assertEnds(page, "preset 14");
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#legend", ".table-wrap"]), []);
  assert.deepEqual(errors, []);
});

test("preset 15: the trainer's (w1, w2) path is drawn and the final loss shown is the trainer's", async () => {
  const { page, errors } = await open("#preset=15&lang=en&speed=500");
  const before = (await colourCounts(page, "map-0", [COLOURS[0]]))[0];
  await playToEnd(page);
  const [r] = await rows(page);
  assert.equal(r.steps, 1000);
  const after = (await colourCounts(page, "map-0", [COLOURS[0]]))[0];
  assert.ok(after > before + 200, `path pixels ${before} -> ${after}`);
  const shown = await page.$eval("#model-summary", (el) => ({ ...el.dataset, text: el.textContent }));
  // The same run, made independently in the page from the lesson's settings.
  const own = await page.evaluate(async (config) => {
    const { default: init, Trainer } = await import("./pkg/dl_playground.js");
    await init();
    const t = new Trainer(config);
    t.stepBatches(1000);
    const p = t.parameterPath(0, 1);
    const out = { loss: t.metrics().trainLoss, w: [p[p.length - 2], p[p.length - 1]] };
    t.free();
    return out;
  }, LESSON15);
  assert.equal(Number(shown.trainerLoss), own.loss);
  assert.ok(Math.abs(Number(shown.mapLoss) - own.loss) < 1e-9, `map ${shown.mapLoss} vs trainer ${own.loss}`);
  assert.equal(r.loss, own.loss);
  assert.deepEqual([r.x, r.y], own.w);
  const text = own.loss.toLocaleString("en-US", { maximumSignificantDigits: 6 });
  assert.ok(shown.text.includes(`trainer: ${text}`) && shown.text.includes(`path: ${text}`), shown.text);
  await page.screenshot({ path: `${SHOTS}/descent-preset-15.png`, fullPage: true });
  // What it shows: the model's loss over (w1, w2), read at 256 places of the map and not only
  // where the path ends, and the path's end drawn at the trainer's weights.
  await assertContours(page, "map-0", { model: LESSON15 }, "preset 15");
  assert.equal(await assertEnds(page, "preset 15"), 1);
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#legend", ".table-wrap", "#model-summary"]), []);
  assert.deepEqual(errors, []);
});

test("a bad hash falls back to the defaults, names what it ignored, and the page works", async () => {
  const { page, errors } = await open("#surface=nope&lr=abc&zzz=1&lang=en");
  const notice = await page.textContent("#notice");
  assert.equal(await page.isVisible("#notice"), true);
  for (const key of ["surface = “nope”", "lr = “abc”", "zzz (unknown setting)"])
    assert.ok(notice.includes(key), notice);
  assert.equal(await page.inputValue("#surface"), "ravine");
  assert.equal(await page.$$eval("#legend li[data-racer]", (l) => l.length), 3);
  await page.click("#step");
  assert.equal(await steps(page), 1);
  assert.doesNotMatch(page.url(), /nope|abc|zzz/);
  await page.click("#notice button");
  assert.equal(await page.isVisible("#notice"), false);
  assert.deepEqual(errors, []);
});

test("the hash holds the whole state: a reloaded link reproduces the edited setup", async () => {
  const { page, errors } = await open("#lang=en");
  await page.selectOption("#surface", "rosenbrock");
  await page.selectOption("#add-kind", "rmsprop");
  await page.click("#add-racer");
  await page.fill("#alpha-3", "0.9");
  await page.press("#alpha-3", "Enter");
  await page.fill("#lr-0", "0.001");
  await page.press("#lr-0", "Enter");
  await page.fill("#lr-1", "-2");
  await page.press("#lr-1", "Enter");
  await settled(page);
  assert.equal(await page.getAttribute("#lr-1", "aria-invalid"), "true");
  assert.match(await page.textContent("#racer-error-1"), /optimizer 2 must be > 0; -2 is not/);
  const url = page.url();
  assert.match(url, /surface=rosenbrock/);
  assert.match(url, /opt=sgd,momentum,adam,rmsprop/);
  const again = await open(url.slice(url.indexOf("#")));
  assert.equal(await again.page.inputValue("#surface"), "rosenbrock");
  assert.equal(await again.page.inputValue("#alpha-3"), "0.9");
  assert.equal(await again.page.inputValue("#lr-0"), "0.001");
  assert.equal(await again.page.inputValue("#lr-1"), "0.05");
  assert.equal(await again.page.isVisible("#notice"), false);
  assert.deepEqual([...errors, ...again.errors], []);
});

test("switching the language changes every text, the canvas label included; no key shows raw", async () => {
  const { page, errors } = await open("#preset=11&lang=en");
  const enHeading = await page.textContent("#lesson-h");
  await page.click("#step");
  // The step is taken in the worker: the status line says so once its answer is back.
  const statusSays = (/** @type {string} */ words) =>
    page.waitForFunction((w) => document.getElementById("status")?.textContent?.includes(w), words);
  await statusSays("One step taken");
  await page.selectOption("#lang", "ko");
  await statusSays("한 스텝 진행했습니다");
  assert.equal(await page.getAttribute("html", "lang"), "ko");
  assert.match(page.url(), /lang=ko/);
  assert.notEqual(await page.textContent("#lesson-h"), enHeading);
  assert.match(await page.textContent("#lesson-h"), /지역 최솟값/);
  assert.match(await page.textContent("#play"), /재생/);
  assert.match(await page.getAttribute("#map-0", "aria-label"), /등고선 지도/);
  for (const lang of ["ko", "en"]) {
    await page.selectOption("#lang", lang);
    const text = await page.evaluate(
      () =>
        document.body.innerText +
        [...document.querySelectorAll("[aria-label],[title]")]
          .map((e) => `${e.getAttribute("aria-label") ?? ""} ${e.getAttribute("title") ?? ""}`)
          .join(" "),
    );
    assert.doesNotMatch(
      text,
      /\b(descent|common|lang|nav|site)\.[a-zA-Z]|\{\w+\}/,
      `raw key or placeholder in ${lang}`,
    );
  }
  await page.screenshot({ path: `${SHOTS}/descent-en.png` });
  // A screenshot of the window: the map of preset 11's basins, its heading and Play are in it.
  assert.deepEqual(await layoutProblems(page, ["#lesson-h", "#play", "#map-0"], { inView: true }), []);
  await assertContours(page, "map-0", { surface: "minima" }, "descent-en");
  assert.deepEqual(errors, []);
});

test("Korean walk: every preset shows only catalogue text and allowed Latin words", async () => {
  const { page, errors } = await open("#lang=ko");
  for (const preset of [null, 10, 11, 12, 13, 14, 15]) {
    if (preset) {
      await page.click(`#presets a[data-preset="${preset}"]`);
      await page.waitForFunction(
        (p) =>
          location.hash.includes(`preset=${p}`) && document.getElementById("lesson-h").textContent.includes(String(p)),
        preset,
      );
    }
    await page.click("#step");
    const bad = await untranslated(page, CATALOGUE.ko, TECHNICAL_TERMS);
    assert.deepEqual(bad, [], `preset ${preset}`);
  }
  await page.screenshot({ path: `${SHOTS}/descent-ko.png`, fullPage: true });
  // What it shows: the walk ends on lesson 15, its loss landscape the right way up, one step in.
  assert.match(await page.textContent("#lesson-h"), /15/);
  await assertContours(page, "map-0", { model: LESSON15 }, "descent-ko");
  assert.equal(await assertEnds(page, "descent-ko"), 1);
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#legend", ".table-wrap", "#lesson-h"]), []);
  assert.deepEqual(errors, []);
});

test("keyboard: Space, S and R work while the focus is in the lab, and not outside it", async () => {
  const { page, errors } = await open("#preset=13&lang=en");
  await page.focus("#map-0");
  await page.keyboard.press("s");
  assert.equal(await steps(page), 1);
  assert.match(await page.textContent("#status"), /One step/);
  await page.keyboard.press(" ");
  await page.waitForFunction(() => Number(document.getElementById("step-count").textContent) >= 4);
  await page.keyboard.press(" ");
  assert.match(await page.textContent("#status"), /Paused/);
  await page.keyboard.press("r");
  assert.equal(await steps(page), 0);
  assert.match(await page.textContent("#status"), /Back at the start/);
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("s");
  assert.equal(await steps(page), 0, "no shortcut with the focus outside the lab");
  assert.deepEqual(errors, []);
});

// Reduced motion is emulated through Playwright (emulateMedia); neither WebDriver offers it.
const needsEmulateMedia = chromiumOnly("emulateMedia");
test("reduced motion plays in one-second chunks; a hidden tab pauses playback", needsEmulateMedia, async () => {
  const { page, errors } = await open("#preset=13&lang=en");
  await page.emulateMedia({ reducedMotion: "reduce" });
  await page.click("#play");
  await page.waitForTimeout(500);
  assert.equal(await steps(page), 0);
  await page.waitForFunction(() => Number(document.getElementById("step-count").textContent) > 0);
  assert.equal(await steps(page), 10, "one second's worth at 10 steps/s");
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  assert.match(await page.textContent("#status"), /tab was hidden/);
  assert.equal(await page.textContent("#play"), "Play");
  assert.deepEqual(errors, []);
});

test("phone width: one column, the map fits the screen", narrowest(390), async () => {
  const { page, errors } = await open("#preset=10&lang=ko", { width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  for (const id of ["map-0", "map-1"]) {
    const b = await page.locator(`#${id}`).boundingBox();
    assert.ok(b.x >= 0 && b.x + b.width <= 390, `${id} at ${b.x}..${b.x + b.width}`);
  }
  await page.screenshot({ path: `${SHOTS}/descent-phone.png`, fullPage: true });
  // What it shows: both bowls drawn at phone width, with the legend and the readout.
  for (const id of ["map-0", "map-1"]) await assertContours(page, id, { surface: "bowl" }, `phone ${id}`);
  assert.deepEqual(await layoutProblems(page, ["#map-0", "#map-1", "#legend", ".table-wrap"]), []);
  assert.deepEqual(errors, []);
});

// ---- The 3D view under the maps ------------------------------------------------------------------

/**
 * The 3D view's mesh canvas read back through a 2D canvas (WebGL's keeps its drawing buffer):
 * its renderer and angles, how many pixels are not the white background, how many distinct
 * colours it has, and how many pixels differ from the read-back saved as `against`; saved as
 * `keep` if given.
 */
function read3d(page, { keep = null, against = null } = {}) {
  return page.evaluate(
    ([keep, against]) => {
      const c = /** @type {HTMLCanvasElement} */ (document.getElementById("view3d"));
      const k = document.createElement("canvas");
      k.width = c.width;
      k.height = c.height;
      const g = k.getContext("2d");
      g.drawImage(c, 0, 0);
      const d = g.getImageData(0, 0, k.width, k.height).data;
      const saved = (window.__read3d ??= {})[against];
      let drawn = 0,
        changed = 0;
      const colours = new Set();
      for (let i = 0; i < d.length; i += 4) {
        if (Math.abs(d[i] - 255) + Math.abs(d[i + 1] - 255) + Math.abs(d[i + 2] - 255) > 30) drawn++;
        if (i % 28 === 0) colours.add(`${d[i] >> 3},${d[i + 1] >> 3},${d[i + 2] >> 3}`);
        if (saved && (saved[i] !== d[i] || saved[i + 1] !== d[i + 1] || saved[i + 2] !== d[i + 2])) changed++;
      }
      if (keep) window.__read3d[keep] = d;
      return {
        renderer: c.dataset.renderer,
        azimuth: Number(c.dataset.azimuth),
        elevation: Number(c.dataset.elevation),
        size: d.length / 4,
        drawn,
        colours: colours.size,
        changed: saved ? changed : null,
      };
    },
    [keep, against],
  );
}

/** Opaque pixels of the 3D view's overlay within a small distance of each of `colours` ("#rrggbb"). */
function overlayCounts(page, colours) {
  return page.evaluate((colours) => {
    const c = /** @type {HTMLCanvasElement} */ (document.getElementById("view3d-overlay"));
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const rgb = colours.map((h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16)));
    const counts = colours.map(() => 0);
    // Only opaque pixels: a transparent one reads as black, the colour of one of the racers.
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] < 240) continue;
      rgb.forEach(([r, g, b], k) => {
        if (Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 30) counts[k]++;
      });
    }
    return counts;
  }, colours);
}

/** Angles in degrees as the view keeps them, in (−180, 180]. */
const wrapDegrees = (a) => a - 360 * Math.ceil((a - 180) / 360);

test("3D view: the surface is drawn under the maps, by WebGL2 where the engine has it and in 2D where not", async (t) => {
  const { page, errors } = await open("#lang=en");
  const v = await read3d(page);
  t.diagnostic(`${browser.env.engine}: ${v.renderer}, ${v.drawn} of ${v.size} pixels drawn, ${v.colours} colours`);
  if (browser.env.engine === "chromium") assert.equal(v.renderer, "webgl2");
  if (browser.env.engine === "firefox") assert.equal(v.renderer, "2d", "headless Firefox has no WebGL");
  assert.ok(v.drawn > 0.1 * v.size, `the mesh covers ${v.drawn} of ${v.size} pixels`);
  assert.ok(v.colours > 40, `a shaded surface, not a flat fill: ${v.colours} colours`);
  const fig = await page.evaluate(() => {
    const c = document.getElementById("view3d");
    const o = document.getElementById("view3d-overlay");
    const d = o.getContext("2d").getImageData(0, 0, o.width, o.height).data;
    let ink = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 200) ink++;
    return {
      w: c.clientWidth,
      h: c.clientHeight,
      panel: document.getElementById("maps").clientWidth,
      px: [c.width, c.height, o.width, o.height],
      dpr: devicePixelRatio,
      fallback: !document.getElementById("view3d-fallback").hidden,
      ink,
      below: c.getBoundingClientRect().top >= document.getElementById("map-0").getBoundingClientRect().bottom,
    };
  });
  // Under the map, as wide as the maps, 4:3 up to 460 px high, at the screen's pixel density.
  assert.ok(fig.below, "the 3D view is under the contour map");
  assert.ok(Math.abs(fig.w - fig.panel) <= 1, `${fig.w} px wide in maps ${fig.panel} px wide`);
  assert.ok(Math.abs(fig.h - Math.min(460, (fig.w * 3) / 4)) <= 1, `${fig.w} × ${fig.h} px`);
  const want = [fig.w, fig.h, fig.w, fig.h].map((n) => Math.round(n * fig.dpr));
  assert.deepEqual(fig.px, want, "both canvases at the screen's pixels");
  assert.equal(fig.fallback, v.renderer === "2d", "the caption says when the 2D fallback draws");
  assert.ok(fig.ink > 500, `the overlay's axes and labels: ${fig.ink} pixels`);
  assert.deepEqual(errors, []);
});

test("3D view: arrow keys turn and tilt it, Home turns it back; other keys pass", async () => {
  const { page, errors } = await open("#preset=13&lang=en");
  await page.focus("#view3d");
  const scroll = await page.evaluate(() => scrollY);
  const start = await read3d(page, { keep: "start" });
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
  const turned = await read3d(page, { against: "start" });
  assert.equal(turned.azimuth, wrapDegrees(start.azimuth + 30));
  assert.equal(turned.elevation, start.elevation);
  assert.ok(turned.changed > 0.05 * start.size, `${turned.changed} of ${start.size} pixels changed`);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Shift+ArrowLeft");
  const tilted = await read3d(page);
  assert.deepEqual([tilted.azimuth, tilted.elevation], [start.azimuth, start.elevation - 5]);
  await page.waitForTimeout(300); // (a key's scrolling is animated)
  assert.equal(await page.evaluate(() => scrollY), scroll, "the arrow keys do not scroll the page");
  await page.keyboard.press("Home");
  const home = await read3d(page, { against: "start" });
  assert.deepEqual([home.azimuth, home.elevation], [start.azimuth, start.elevation]);
  assert.ok(home.changed <= 0.001 * start.size, `back home, ${home.changed} pixels differ from the start`);
  // The lab's own shortcuts still work with the focus on the 3D view.
  await page.keyboard.press("s");
  assert.equal(await steps(page), 1);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "view3d");
  assert.deepEqual(errors, []);
});

test("3D view: lesson 14's six racers each have their path drawn over the surface in their colour", async () => {
  const { page, errors } = await open("#preset=14&lang=en");
  const colours = COLOURS.slice(0, 6);
  await page.click("#play");
  await page.waitForFunction(() => Number(document.getElementById("step-count").textContent) >= 25);
  await page.click("#play");
  const n = await steps(page);
  // Every colour's polyline as the overlay strokes it: its number of points and its width.
  await page.evaluate(() => {
    const ctx = /** @type {HTMLCanvasElement} */ (document.getElementById("view3d-overlay")).getContext("2d");
    const { beginPath, lineTo, stroke } = ctx;
    let points = 0;
    window.__strokes = [];
    ctx.beginPath = function () {
      points = 0;
      return beginPath.call(this);
    };
    ctx.lineTo = function (x, y) {
      points++;
      return lineTo.call(this, x, y);
    };
    ctx.stroke = function () {
      window.__strokes.push({ colour: String(this.strokeStyle).toLowerCase(), points, width: this.lineWidth });
      return stroke.call(this);
    };
  });
  await page.focus("#view3d");
  await page.keyboard.press("ArrowLeft");
  const strokes = await page.evaluate(() => window.__strokes);
  for (const colour of colours) {
    const longest = Math.max(0, ...strokes.filter((s) => s.colour === colour.toLowerCase()).map((s) => s.points));
    assert.ok(longest >= n, `${colour}: a polyline of ${longest} points after ${n} steps`);
  }
  // And on the screen: a path's pixels, well beyond its end marker's (at most ~100 here). AdaGrad's
  // path runs under RMSProp's in this lesson (their ends are within 0.1 of each other), so only
  // its stroke above is checked.
  const [adagrad, rmsprop] = (await rows(page)).slice(3, 5);
  assert.ok(Math.hypot(adagrad.x - rmsprop.x, adagrad.y - rmsprop.y) < 0.1, "AdaGrad and RMSProp end together");
  const drawn = await overlayCounts(page, colours);
  drawn.forEach((count, k) => {
    if (k !== 3) assert.ok(count >= 140, `${colours[k]}: ${count} pixels after ${n} steps`);
  });
  await page.locator("#fig-3d").scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/lab-3d-ravine.png` });
  assert.deepEqual(errors, []);
});
