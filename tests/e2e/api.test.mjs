import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./helpers.mjs";

let env;
before(async () => { env = await launch(); });
after(async () => { await env?.close(); });

test("the documented API example runs in Chromium and reports its numbers", async () => {
  const { page, errors } = await openPage(env, "examples/api.html");
  await page.waitForSelector("body[data-done=true]", { timeout: 20_000 });
  const lines = (await page.textContent("#out")).split("\n");
  assert.equal(lines.length, 6);
  const losses = lines.slice(0, 5).map((l) => Number(l.match(/loss ([\d.]+)/)[1]));
  assert.ok(losses[4] < losses[0], `loss falls: ${losses}`);
  assert.match(lines[4], /^epoch 100: /);
  assert.match(lines[5], /^rejected: learningRate: must be finite and > 0, got -1$/);
  assert.deepEqual(errors, []);
});

test("the API gives the same history in Chromium as natively (shared fixture)", async () => {
  const { page } = await openPage(env, "examples/api.html");
  await page.waitForSelector("body[data-done=true]");
  const fixture = JSON.parse(await (await import("node:fs/promises")).readFile(new URL("../fixtures/history.json", import.meta.url), "utf8"));
  const got = await page.evaluate(async (cases) => {
    const { Trainer } = await import("../pkg/dl_playground.js");
    return cases.map((c) => {
      const t = new Trainer(c.config);
      t.stepEpochs(c.epochs);
      const h = t.lossHistory();
      const bits = new BigUint64Array(h.buffer, h.byteOffset, h.length);
      return Array.from(bits, (b) => b.toString(16).padStart(16, "0"));
    });
  }, fixture);
  assert.deepEqual(got, fixture.map((c) => c.history));
});
