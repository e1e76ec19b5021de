import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, SHOTS } from "./helpers.mjs";

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test("the page loads the wasm, paints both classes and trains on play", async () => {
  const { page, errors } = await openPage(env);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });

  // Count canvas pixels close to each class colour (points and saturated heatmap cells).
  const counts = await page.evaluate(() => {
    const c = document.getElementById("data");
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let blue = 0, orange = 0;
    const near = (i, [r, g, b]) => Math.abs(d[i] - r) + Math.abs(d[i + 1] - g) + Math.abs(d[i + 2] - b) < 40;
    for (let i = 0; i < d.length; i += 4) {
      if (near(i, [31, 119, 180])) blue++;
      if (near(i, [230, 97, 0])) orange++;
    }
    return { blue, orange };
  });
  assert.ok(counts.blue > 200 && counts.orange > 200, `class pixels ${JSON.stringify(counts)}`);

  const before = await page.textContent("#loss");
  await page.click("#play");
  await page.waitForFunction((b) => document.getElementById("loss").textContent !== b, before);
  await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) >= 5);
  const after = await page.textContent("#loss");
  assert.notEqual(after, before);
  assert.match(after, /^\d+\.\d{4}$/);
  await page.screenshot({ path: `${SHOTS}/page.png`, fullPage: true });
  assert.deepEqual(errors, []);
});
