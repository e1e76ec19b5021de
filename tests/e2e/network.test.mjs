// The playground's network view, in each engine: at 1400 px and on a 390 px phone (where the
// engine's window can be that narrow: not WebKit's MiniBrowser, see scripts/browsers.mjs), for the 2-4-1 net,
// a 6 × 8 net (lesson 6) and the largest the engine allows (6 × 16), no text lies over a link
// and everything stays inside the panel; hovering a link reads its weight out; each unit's
// accessible name carries its bias; and a frame with the same weights changes nothing in the DOM.
import { test } from "node:test";
import assert from "node:assert/strict";
import { browserPerFile, narrowest } from "./helpers.mjs";

/** The cases whose viewport width this engine's window can take. */
const fitting = (/** @type {any[]} */ cases, /** @type {(c: any) => number} */ width) =>
  cases.filter((c) => !narrowest(width(c)).skip);

const browser = browserPerFile();

const NETS = {
  "2-4-1": "#seed=1&lang=en",
  "6 × 8": "#lesson=6&seed=1&lang=en",
  "6 × 16": "#seed=1&hidden=16,16,16,16,16,16&lang=en",
};

/** Opens the playground and waits for a drawn network (and for a layout redone a frame later). */
async function open(hash, width = 1400) {
  const r = await browser.open(`index.html${hash}`, { width, height: 900 });
  await r.page.waitForFunction(() => window.__playground?.frame()?.weights);
  await frames(r.page);
  return r;
}

const frames = (page) =>
  page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok()))));

/** Trains `epochs` epochs and waits for the page to stop. */
async function train(page, epochs) {
  await page.click("#play");
  await page.waitForFunction(
    (n) =>
      document.getElementById("n-epoch").textContent === String(n) &&
      document.getElementById("play").dataset.i18n === "common.play",
    epochs,
    { timeout: 60_000 },
  );
  await frames(page);
}

/**
 * The view's geometry in the viewport's pixels: the links' segments as drawn, the units' boxes,
 * the texts (layer heads and bias texts that are shown), the container and the panel.
 */
function geometry(page) {
  return page.evaluate(async () => {
    const n = window.__playground.network();
    const c = n.container;
    const box = c.getBoundingClientRect();
    const ox = box.left + c.clientLeft - c.scrollLeft,
      oy = box.top + c.clientTop - c.scrollTop;
    const s = n.segments;
    const segments = [];
    for (let k = 0; k < s.length; k += 4) segments.push([s[k] + ox, s[k + 1] + oy, s[k + 2] + ox, s[k + 3] + oy]);
    const rect = (el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
    };
    const texts = [...c.querySelectorAll(".net-head, .bias")]
      .filter((el) => el.getClientRects().length && el.textContent)
      .map((el) => ({ ...rect(el), text: el.textContent, clipped: el.scrollWidth > el.clientWidth + 0.5 }));
    const units = [...c.querySelectorAll(".unit")].map((el) => ({
      ...rect(el),
      layer: +el.dataset.layer,
      bias: el.querySelector(".bias")?.textContent ?? "",
      biasShown: !!el.querySelector(".bias")?.getClientRects().length,
    }));
    return {
      sizes: n.sizes,
      size: c.dataset.size,
      segments,
      texts,
      units,
      container: { ...rect(c), scrollWidth: c.scrollWidth, clientWidth: c.clientWidth },
      panel: rect(c.closest(".panel")),
      page: { scrollWidth: document.documentElement.scrollWidth, width: innerWidth },
    };
  });
}

/** Whether segment a–b crosses rectangle r (Liang–Barsky clipping). */
function crosses([x1, y1, x2, y2], r) {
  let t0 = 0,
    t1 = 1;
  const dx = x2 - x1,
    dy = y2 - y1;
  for (const [p, q] of [
    [-dx, x1 - r.left],
    [dx, r.right - x1],
    [-dy, y1 - r.top],
    [dy, r.bottom - y1],
  ]) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
  }
  return t0 < t1;
}

const shrink = (r, d) => ({ left: r.left + d, top: r.top + d, right: r.right - d, bottom: r.bottom - d });
const inside = (r, box, what) =>
  assert.ok(
    r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5,
    `${what}: [${r.left.toFixed(1)}, ${r.right.toFixed(1)}] × [${r.top.toFixed(1)}, ${r.bottom.toFixed(1)}] outside [${box.left.toFixed(1)}, ${box.right.toFixed(1)}] × [${box.top.toFixed(1)}, ${box.bottom.toFixed(1)}]`,
  );

test("no text over a link, no link under a unit, everything inside the panel: 2-4-1, 6 × 8 and 6 × 16 at 1400 and 390 px", async () => {
  for (const [net, hash] of Object.entries(NETS)) {
    for (const width of fitting([1400, 390], (w) => w)) {
      const { page, errors } = await open(`${hash}&stopEpochs=20&speed=max`, width);
      // Trained, so that the biases have their own lengths.
      await train(page, 20);
      const g = await geometry(page);
      const what = `${net} at ${width}px (${g.size})`;
      const links = g.sizes.slice(1).reduce((s, n, l) => s + n * g.sizes[l], 0);
      assert.equal(g.segments.length, links, `${what}: a segment per weight`);
      assert.equal(
        g.units.length,
        g.sizes.reduce((s, n) => s + n, 0),
        what,
      );
      // Each link runs from its unit's right edge to the next column's left edge.
      for (const s of g.segments) assert.ok(s[2] - s[0] >= 8, `${what}: a link ${s.map(Math.round)} has room`);
      for (const t of g.texts) {
        const over = g.segments.filter((s) => crosses(s, t));
        assert.deepEqual(over.slice(0, 3), [], `${what}: “${t.text}” lies over ${over.length} link(s)`);
        assert.ok(!t.clipped, `${what}: “${t.text}” is cut short`);
      }
      for (const u of g.units) {
        const under = g.segments.filter((s) => crosses(s, shrink(u, 0.5)));
        assert.deepEqual(
          under.slice(0, 3),
          [],
          `${what}: ${under.length} link(s) pass under a unit of layer ${u.layer}`,
        );
      }
      // Every bias is written in its box, except at the smallest size (read on focus or hover).
      const withBias = g.units.filter((u) => u.layer > 0);
      if (g.size === "tiny")
        assert.ok(
          withBias.every((u) => !u.biasShown),
          what,
        );
      else
        assert.ok(
          withBias.every((u) => u.biasShown && /^b /.test(u.bias)),
          `${what}: every bias is shown`,
        );
      assert.equal(g.size, width === 390 && net !== "2-4-1" ? "tiny" : net === "2-4-1" ? "full" : "compact", what);
      // Inside the panel, with nothing to scroll.
      inside(g.container, g.panel, `${what}: the network`);
      for (const r of [...g.units, ...g.texts])
        inside(r, g.container, `${what}: ${r.text ?? `a unit of layer ${r.layer}`}`);
      for (const s of g.segments) {
        inside({ left: s[0], right: s[2], top: Math.min(s[1], s[3]), bottom: Math.max(s[1], s[3]) }, g.container, what);
      }
      assert.ok(g.container.scrollWidth <= g.container.clientWidth, `${what}: the network scrolls sideways`);
      assert.ok(g.page.scrollWidth <= g.page.width, `${what}: the page scrolls sideways`);
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test("hovering a link reads its weight out; leaving the links keeps the read-out", async () => {
  for (const [hash, width] of fitting(
    [
      [NETS["6 × 8"], 1400],
      ["#seed=3&hidden=3&lang=en&stopEpochs=5&speed=max", 390],
    ],
    (c) => c[1],
  )) {
    const { page, errors } = await open(hash, width);
    if (hash.includes("stopEpochs")) await train(page, 5);
    await page.locator("#network").scrollIntoViewIfNeeded();
    // A link whose middle is clear of every other link (and of the units).
    const target = await page.evaluate(async () => {
      const n = window.__playground.network();
      const { fmtSig } = await import("/shared/i18n.js");
      const s = n.segments;
      const c = n.container.getBoundingClientRect();
      const dist = (x, y, k) => {
        const [x1, y1, x2, y2] = [s[4 * k], s[4 * k + 1], s[4 * k + 2], s[4 * k + 3]];
        const t = Math.max(
          0,
          Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)),
        );
        return Math.hypot(x - x1 - t * (x2 - x1), y - y1 - t * (y2 - y1));
      };
      const links = s.length / 4;
      for (let k = links - 1; k >= 0; k--) {
        const x = (s[4 * k] + s[4 * k + 2]) / 2,
          y = (s[4 * k + 1] + s[4 * k + 3]) / 2;
        let clear = c.top + y > 0 && c.top + y < innerHeight;
        for (let m = 0; m < links && clear; m++) if (m !== k && dist(x, y, m) < 8) clear = false;
        if (!clear) continue;
        const l = n.ends.l[k],
          i = n.ends.i[k],
          j = n.ends.j[k];
        const w = window.__playground.frame().weights.layers[l].w[j][i];
        return {
          x: c.left + x,
          y: c.top + y,
          text: `weight from ${n.unitName(l, i)} to ${n.unitName(l + 1, j)}: w = ${fmtSig(w, 4)}`,
        };
      }
      return null;
    });
    assert.ok(target, `${hash}: a link clear of the others`);
    await page.mouse.move(target.x, target.y);
    await page.waitForFunction((t) => document.getElementById("net-readout").textContent === t, target.text, {
      timeout: 5000,
    });
    await page.mouse.move(target.x, 2);
    assert.equal(await page.textContent("#net-readout"), target.text);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("each unit's accessible name and box carry its bias, also where the box is too small to write it", async () => {
  for (const [width, hidden] of fitting(
    [
      [1400, "4,3"],
      [390, "4,3"],
      [390, "4,3,3,3,3"],
    ],
    (c) => c[0],
  )) {
    const { page, errors } = await open(`#seed=5&hidden=${hidden}&lang=en&stopEpochs=8&speed=max`, width);
    await train(page, 8);
    const found = await page.evaluate(async () => {
      const { fmtSig } = await import("/shared/i18n.js");
      const layers = window.__playground.frame().weights.layers;
      return [...document.querySelectorAll("#network .unit")].map((u) => {
        const l = +u.dataset.layer,
          j = +u.dataset.unit;
        return {
          label: u.getAttribute("aria-label"),
          text: u.querySelector(".bias")?.textContent ?? null,
          b: l > 0 ? fmtSig(layers[l - 1].b[j], 4) : null,
          raw: l > 0 ? layers[l - 1].b[j] : null,
          l,
          j,
          size: document.getElementById("network").dataset.size,
        };
      });
    });
    const last = hidden.split(",").length + 1;
    const name = (l, j) => (l === 0 ? `input x${j + 1}` : l === last ? "output" : `unit ${j + 1}, hidden layer ${l}`);
    const sizes = new Set(found.map((u) => u.size));
    let nonZero = 0;
    for (const u of found) {
      if (u.l === 0) {
        assert.equal(u.label, name(0, u.j));
        continue;
      }
      // In the box: fixed decimals, 3 at full size and 2 when compact (for |b| < 10); the name
      // holds the same digits (it contains the visible label), or 4 significant digits where the
      // box is too small for a text.
      assert.ok(Math.abs(u.raw) < 10);
      const d = u.size === "full" ? 3 : 2;
      const fixed = new Intl.NumberFormat("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }).format(
        u.raw,
      );
      const what = `${width}px, ${hidden} (${u.size})`;
      if (u.size === "tiny") {
        assert.equal(u.label, `${name(u.l, u.j)}: bias b = ${u.b}`, what);
        assert.equal(u.text, "", what);
      } else {
        assert.equal(u.label, `${name(u.l, u.j)}: bias b = ${fixed}`, what);
        assert.equal(u.text, `b ${fixed}`, what);
      }
      if (u.b !== "0") nonZero++;
    }
    assert.ok(nonZero >= 6, `${width}px: the biases have moved from 0 (${nonZero})`);
    assert.deepEqual([...sizes], [width === 1400 ? "full" : hidden === "4,3" ? "compact" : "tiny"]);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("an update with the same weights and maps changes nothing in the DOM; new biases change only their texts", async () => {
  const { page, errors } = await open(NETS["6 × 16"], 1400);
  const counts = await page.evaluate(async () => {
    const n = window.__playground.network();
    const { app } = window.__playground;
    const { UNIT_RES, GRID_RES } = await import("/playground/app.js");
    const { inputGrids } = await import("/playground/views/network.js");
    const f = app.frame;
    const args = (db) => ({
      weights: {
        layers: f.weights.layers.map((L) => ({
          w: L.w.map((row) => [...row]),
          b: L.b.map((b, j) => b + db * (j + 1)),
        })),
      },
      inputs: inputGrids(UNIT_RES, 6),
      neurons: Float32Array.from(f.neurons),
      res: UNIT_RES,
      output: Float32Array.from(f.grid),
      outputRes: GRID_RES,
      activations: f.weights.layers.slice(0, -1).map(() => "tanh"),
    });
    const seen = new MutationObserver(() => {});
    seen.observe(n.container, { subtree: true, childList: true, attributes: true, characterData: true });
    // Texts are made (numbers formatted) only for biases that moved.
    let formatted = 0;
    const labels = n.labels;
    n.labels = {
      ...labels,
      bias: (...a) => (formatted++, labels.bias(...a)),
      unitValue: (...a) => (formatted++, labels.unitValue(...a)),
    };
    n.update(args(0.01));
    seen.takeRecords();
    formatted = 0;
    n.update(args(0.01));
    const same = seen.takeRecords().length;
    const sameFormatted = formatted;
    // Moved below the precision shown: formatted again, but the same texts are not rewritten.
    n.update(args(0.01 + 1e-12));
    const unseen = seen.takeRecords().length;
    const unseenFormatted = formatted;
    n.update(args(0.02));
    const changed = seen.takeRecords();
    n.labels = labels;
    return {
      same,
      sameFormatted,
      unseen,
      unseenFormatted,
      changed: changed.length,
      kinds: [...new Set(changed.map((r) => `${r.type} ${r.attributeName ?? ""}`.trim()))].sort(),
      biases: n.units.slice(1).reduce((s, col) => s + col.length, 0),
    };
  });
  assert.equal(counts.same, 0, "the same frame again touches nothing");
  assert.equal(counts.sameFormatted, 0, "… nor formats a number");
  assert.equal(counts.unseen, 0, "biases moved by 1e-12 write nothing");
  assert.ok(counts.unseenFormatted > 0, "(they were formatted)");
  // Each bias that moved rewrites its text and its unit's name, and nothing else.
  assert.equal(counts.changed, 2 * counts.biases);
  assert.deepEqual(counts.kinds, ["attributes aria-label", "characterData"]);
  assert.deepEqual(errors, []);
  await page.close();
});
