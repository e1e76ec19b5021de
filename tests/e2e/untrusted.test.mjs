// Links and CSV are untrusted input. Both pages run under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval', set by their own <meta>), and hostile hashes and CSV
// neither break them nor inject anything; what the user had survives a reload and a failed
// import; a lesson link keeps its own settings where the link's are refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "./helpers.mjs";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

const MARKUP = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><svg onload="window.__pwned=3">`;

/** Opens a page recording every CSP violation from its first byte; waits for it to be ready. */
async function open(path) {
  const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Registered before any of the page's own code runs, so no violation goes unseen.
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(env.url + path);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
  return { page, errors };
}

/** Elements no page of ours ever makes: anything the hostile input could have injected. */
const injected = (page) =>
  page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    imgs: document.querySelectorAll("img").length,
    scripts: [...document.querySelectorAll("script")].filter((s) => !s.src).length,
    handlers: [...document.querySelectorAll("*")].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith("on")),
    ).length,
    violations: window.__violations,
  }));

const CLEAN = { pwned: null, imgs: 0, scripts: 0, handlers: 0, violations: [] };

test("the pages declare the strict policy and run under it: worker, wasm and modules load", async () => {
  for (const path of ["index.html#seed=1", "descent.html#preset=14"]) {
    const { page, errors } = await open(path);
    const policy = await page.getAttribute("meta[http-equiv=Content-Security-Policy]", "content");
    const scriptSrc = policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .find((d) => d[0] === "script-src");
    assert.deepEqual(scriptSrc, ["script-src", "'self'", "'wasm-unsafe-eval'"]);
    await page.click("#play");
    await page.waitForTimeout(600);
    assert.deepEqual(await injected(page), CLEAN, path);
    assert.deepEqual(errors, [], path);
    await page.close();
  }
});

const HOSTILE_HASHES = [
  `#pts=${encodeURIComponent(MARKUP)}&seed=${encodeURIComponent(MARKUP)}`,
  `#lang=${encodeURIComponent(MARKUP)}&dataset=${encodeURIComponent(MARKUP)}&${encodeURIComponent(MARKUP)}=1`,
  `#pts=${"1,1,p;".repeat(20_000)}`,
  `#hidden=%E0%A4%A&noise=%ZZ&pts=%&lock=${"x,".repeat(50_000)}`,
];

test("hostile playground links: no error, nothing injected, a short notice, the page still trains", async () => {
  for (const hash of HOSTILE_HASHES) {
    const { page, errors } = await open(`index.html${hash}`);
    const notice = (await page.textContent("#notice-text")) ?? "";
    assert.ok(notice.length < 3000, `the notice echoes what was ignored, cut short: ${notice.length} chars`);
    await page.click("#step-epoch");
    await page.waitForFunction(() => document.getElementById("n-epoch").textContent === "1");
    assert.deepEqual(await injected(page), CLEAN, hash.slice(0, 60));
    assert.deepEqual(errors, [], hash.slice(0, 60));
    await page.close();
  }
});

test("hostile lab links: no error, nothing injected, the page still steps", async () => {
  for (const hash of [
    `#surface=${encodeURIComponent(MARKUP)}&opt=${encodeURIComponent(MARKUP)}&lr=${encodeURIComponent(MARKUP)}`,
    `#preset=15&seed=${"9".repeat(100_000)}`,
    `#start=${"1,".repeat(30_000)}&lang=%E0%A4%A`,
  ]) {
    const { page, errors } = await open(`descent.html${hash}`);
    await page.click("#step");
    await page.waitForSelector("body:not([data-busy=true])");
    assert.equal(await page.textContent("#step-count"), "1");
    assert.deepEqual(await injected(page), CLEAN, hash.slice(0, 60));
    assert.deepEqual(errors, [], hash.slice(0, 60));
    await page.close();
  }
});

test("hostile CSV: refused with a short error naming line and column; the points and the link stay", async () => {
  const { page, errors } = await open("index.html#seed=7&points=30");
  const before = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()).points);
  const url = page.url();
  await page.click("details.csv summary");
  for (const csv of [
    `1,2,1\n${MARKUP},1,1\n`,
    `1,${"9".repeat(1_000_000)}x,1\n`,
    `"1,2,1\n`,
    "\u0000\u0001,\uffff,1\n",
  ]) {
    await page.fill("#csv-text", csv);
    await page.click("#csv-apply");
    await page.waitForSelector("#csv-error:not([hidden])");
    const shown = await page.textContent("#csv-error");
    assert.match(shown, /CSV line \d/);
    assert.ok(shown.length < 300, `the error echoes the value cut short: ${shown.length} chars`);
    const after = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()).points);
    assert.deepEqual(after, before, "a failed import leaves the points whole");
    assert.equal(page.url(), url, "and the link");
  }
  assert.deepEqual(await injected(page), CLEAN);
  assert.deepEqual(errors, []);
});

test("hand-drawn points and settings survive a reload", async () => {
  const { page, errors } = await open("index.html#seed=7&points=20&learningRate=0.1");
  const box = await page.locator("#view").boundingBox();
  await page.locator("#view").click({ position: { x: box.width * 0.8, y: box.height * 0.2 } });
  await page.waitForFunction(() => location.hash.includes("pts="));
  const points = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()).points);
  assert.equal(points.length, 21);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  const again = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()));
  assert.deepEqual(again.points, points);
  assert.equal(again.config.learningRate, 0.1);
  assert.deepEqual(errors, []);
});

test("a lesson link keeps the lesson's own value where the link's is refused; a stop at epoch 0 is refused and said", async () => {
  const { page, errors } = await open("index.html#lesson=1&points=abc");
  const s = await page.evaluate(async () => JSON.parse(await window.__playground.exportState()));
  assert.equal(s.config.points, 100, "lesson 1's own 100 points, not the default");
  assert.match(await page.textContent("#notice-text"), /points/);
  await page.close();
  const stop = await open("index.html#seed=1&stopEpochs=0");
  assert.match(await stop.page.textContent("#notice-text"), /stopEpochs/);
  await stop.page.click("#play");
  await stop.page.waitForFunction(() => Number(document.getElementById("n-epoch").textContent) >= 2);
  assert.deepEqual([...errors, ...stop.errors], []);
});
