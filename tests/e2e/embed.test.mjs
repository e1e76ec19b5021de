// The embeds in Chromium, as a teacher's notes use them (docs/embed.md): the example notes pages
// with their iframes and elements, the iframe's height messages and host.js, the element served
// from another origin (a package CDN's situation, here a second local server), the share dialog's
// snippets pasted into a blank page, the Korean embeds' words, and the rules an embed lives by on
// someone else's page: its own run, no autoplay, only on screen, no focus taken.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openPage, ROOT, SHOTS } from "./helpers.mjs";
import { startServer } from "../../scripts/serve.mjs";
import { TECHNICAL_TERMS } from "../../www/strings/index.js";

/** Every embed of a notes page, in document order. */
const EMBEDS = "iframe[data-dl-playground], dl-playground, dl-lab";

/**
 * The pages' own server (origin A), a second one of the same files on another port (origin B, as
 * a package CDN), and a third (origin C) for the notes pages the tests write, as a course site.
 * The tests' pages are real files: Chromium's local network access checks block a page that a
 * test route made up from framing or fetching 127.0.0.1.
 */
let env;
let other;
let notes;
/** Origin B's and C's base URLs, "http://127.0.0.1:<port>/". */
let B = "";
let C = "";
const PAGES = mkdtempSync(join(tmpdir(), "dl-playground-notes-"));
before(async () => {
  env = await launch();
  other = await startServer({ port: 0, ...(process.env.E2E_WWW ? { www: process.env.E2E_WWW } : {}) });
  notes = await startServer({ port: 0, www: PAGES });
  B = other.url;
  C = notes.url;
});
after(async () => {
  await env?.close();
  for (const s of [other, notes]) if (s) await new Promise((ok) => s.server.close(ok));
  rmSync(PAGES, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/** Polls `f` until `ok` holds of its value (then returns the value); fails naming `what`. */
async function until(f, ok, what, timeout = 20_000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await f();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(v)}`);
    await sleep(100);
  }
}

/** Opens a page of notes, `name` on origin C, holding `body`; records page and console errors. */
async function pageWith(name, body, { head = "", lang = "en", viewport = { width: 1280, height: 900 } } = {}) {
  writeFileSync(
    join(PAGES, name),
    `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>notes</title>${head}</head>\n<body>\n${body}\n</body></html>`,
  );
  return openPage({ ...env, url: C }, name, viewport);
}

/**
 * The embed's own root — embed.html's #embed, or the .dlp in the element's shadow root — once it
 * has drawn its first frame. Scrolls it into view first (embeds load only near the screen).
 */
async function rootOf(page, handle, { scroll = true } = {}) {
  if (scroll) await handle.scrollIntoViewIfNeeded();
  if ((await handle.evaluate((e) => e.localName)) === "iframe") {
    const frame = await until(() => handle.contentFrame(), Boolean, "the iframe's frame");
    await frame.waitForSelector("#embed[data-ready=true]", { timeout: 30_000 });
    return frame.$("#embed");
  }
  await page.waitForFunction((e) => e.shadowRoot?.querySelector(".dlp")?.dataset.ready === "true", handle, {
    timeout: 30_000,
  });
  return (await handle.evaluateHandle((e) => e.shadowRoot.querySelector(".dlp"))).asElement();
}

/** Epochs run (playground) or steps taken (lab), as the embed reports them. */
const count = (root) => root.evaluate((r) => Number(r.dataset.epoch ?? r.dataset.steps));
const playing = (root) => root.evaluate((r) => r.dataset.playing === "true");
const press = async (root, act) => (await root.$(`[data-act=${act}]`)).click();

/** Waits until the embed stands still (a frame asked for before a pause lands after it); its count. */
async function settled(root) {
  let last = -1;
  return until(
    async () => {
      const [was, now] = [last, await count(root)];
      last = now;
      return now === was && !(await playing(root)) ? now : null;
    },
    (v) => v !== null,
    "the embed to stand still",
  );
}

/** Steps the embed `n` times with its own button, waiting for each step to land. */
async function stepTimes(root, n) {
  const start = await count(root);
  for (let i = 1; i <= n; i++) {
    await press(root, "step");
    await until(
      () => count(root),
      (v) => v === start + i,
      `step ${i}`,
    );
  }
}

/** For each canvas of the embed, how many of its pixels are drawn (neither transparent nor white). */
const paintedPixels = (root) =>
  root.evaluate((r) =>
    Array.from(r.querySelectorAll("canvas"), (c) => {
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++;
      return n;
    }),
  );

for (const lang of ["ko", "en"]) {
  test(`notes.${lang}.html loads every embed, iframes and elements, and each one paints`, async (t) => {
    const { page, errors } = await openPage(env, `examples/notes.${lang}.html`);
    const handles = await page.$$(EMBEDS);
    const tags = await Promise.all(handles.map((h) => h.evaluate((e) => e.localName)));
    assert.ok(handles.length >= 8, `${handles.length} embeds`);
    assert.ok(tags.includes("iframe") && tags.includes("dl-playground") && tags.includes("dl-lab"), tags.join());
    const figures = [];
    for (const [i, h] of handles.entries()) {
      const root = await rootOf(page, h);
      const pixels = await paintedPixels(root);
      // The first canvas is the part the lesson is about (a map or a chart); all of them are drawn.
      assert.ok(pixels.length > 0, `embed ${i + 1} (${tags[i]}) has no canvas`);
      for (const [j, n] of pixels.entries()) assert.ok(n > 500, `embed ${i + 1} (${tags[i]}) canvas ${j}: ${n} px`);
      figures.push(`${i + 1} ${tags[i]}: ${pixels.join("/")}`);
    }
    t.diagnostic(`drawn pixels per canvas: ${figures.join("; ")}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("two embeds of the same lesson on one page keep their own runs", async (t) => {
  const { page, errors } = await pageWith(
    "two.html",
    `<script type="module" src="${env.url}embed/element.js"></script>
<dl-playground lesson="3" parts="map,loss"></dl-playground>
<dl-playground lesson="3" parts="map,loss"></dl-playground>`,
  );
  const [a, b] = await page.$$("dl-playground");
  const ra = await rootOf(page, a);
  const rb = await rootOf(page, b);
  await stepTimes(ra, 1);
  const lossAfterOne = await ra.evaluate((r) => r.dataset.trainLoss);
  await press(ra, "play");
  await until(
    () => count(ra),
    (v) => v >= 20,
    "20 epochs in the first embed",
  );
  await press(ra, "play");
  const trained = await settled(ra);
  assert.equal(await count(rb), 0, "the other embed has not moved");
  // One epoch of the second one is the first one's first epoch: same settings, its own trainer.
  await stepTimes(rb, 1);
  assert.equal(await count(rb), 1);
  assert.equal(await rb.evaluate((r) => r.dataset.trainLoss), lossAfterOne);
  assert.equal(await count(ra), trained, "stepping the second leaves the first where it was");
  t.diagnostic(`first embed: ${trained} epochs; second: 1 epoch, loss ${lossAfterOne} (the first's after 1)`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("on the notes page nothing starts by itself, and only the embeds on screen run", async (t) => {
  const { page, errors } = await openPage(env, "examples/notes.ko.html");
  const handles = await page.$$(EMBEDS);
  const roots = [];
  for (const h of handles) roots.push(await rootOf(page, h));
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(1500);
  const counts = async () => Promise.all(roots.map(count));
  assert.deepEqual(
    await counts(),
    roots.map(() => 0),
    "no embed ran by itself",
  );
  assert.deepEqual(
    await Promise.all(roots.map(playing)),
    roots.map(() => false),
  );

  // Lesson 3 (an element near the top) plays, then the reader scrolls down to lesson 14 (an iframe).
  const [a, b] = [2, 13];
  await handles[a].scrollIntoViewIfNeeded();
  await press(roots[a], "play");
  await until(
    () => count(roots[a]),
    (v) => v >= 3,
    "lesson 3 training",
  );
  await handles[b].scrollIntoViewIfNeeded();
  await until(
    () => playing(roots[a]),
    (v) => !v,
    "lesson 3 paused out of view",
  );
  // The frame that was in the worker when it paused still lands (by design); then nothing more.
  await sleep(600);
  const a1 = await count(roots[a]);
  await press(roots[b], "play");
  await sleep(2000);
  const now = await counts();
  assert.equal(now[a], a1, "lesson 3, out of view, did not train");
  assert.ok(now[b] > 0, "lesson 14, on screen, ran");
  for (const [i, n] of now.entries()) if (i !== a && i !== b) assert.equal(n, 0, `embed ${i + 1} never ran`);

  // Back up: lesson 3 resumes the run the reader started; lesson 14 pauses in its turn.
  await handles[a].scrollIntoViewIfNeeded();
  await until(
    () => count(roots[a]),
    (v) => v > a1,
    "lesson 3 resumed",
  );
  await until(
    () => playing(roots[b]),
    (v) => !v,
    "lesson 14 paused out of view",
  );
  const b1 = await count(roots[b]);
  await sleep(1000);
  assert.equal(await count(roots[b]), b1, "lesson 14, out of view, did not step");
  t.diagnostic(`lesson 3: ${a1} epochs when it left the screen, still ${now[a]} 2 s later; lesson 14: ${now[b]} steps`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("iframes post their height; host.js resizes them, and ignores other windows and origins", async (t) => {
  // The notes page is on origin C, the embeds on A: as a course site framing this site.
  const src = (hash) => `${env.url}embed.html#${hash}`;
  const { page, errors } = await pageWith(
    "heights.html",
    `<iframe id="sized" src="${src("lesson=3&lang=en&parts=map,loss")}" title="a" width="100%" height="300" style="border:0" data-dl-playground></iframe>
<iframe id="fixed" src="${src("lesson=4&lang=en&parts=map")}" title="b" width="100%" height="300" style="border:0"></iframe>
<iframe id="moved" src="${src("lesson=2&lang=en&parts=accuracy")}" title="c" width="100%" height="300" style="border:0" data-dl-playground></iframe>
<script src="${env.url}embed/host.js"></script>`,
    {
      // What arrived, from which of the three frames, recorded before any frame loads.
      head: `<script>
window.__heights = [];
addEventListener("message", (e) => {
  if (e.data && e.data.type === "dl-playground:height") {
    const from = [...document.querySelectorAll("iframe")].find((f) => f.contentWindow === e.source);
    window.__heights.push({ frame: from ? from.id : null, origin: e.origin, height: e.data.height });
  }
});
</script>`,
    },
  );
  const heights = () => page.evaluate(() => window.__heights);
  const box = (id) => page.$eval(`#${id}`, (f) => f.getBoundingClientRect().height);
  const last = (list, id) => list.filter((m) => m.frame === id).at(-1)?.height;
  for (const id of ["sized", "fixed", "moved"]) await rootOf(page, await page.$(`#${id}`));
  let got = await until(heights, (l) => ["sized", "fixed", "moved"].every((id) => last(l, id)), "three heights");
  assert.ok(got.every((m) => m.origin === env.url.slice(0, -1) && Number.isInteger(m.height)));
  const sized = last(got, "sized");
  assert.ok(sized > 300, `the map and the loss chart need more than 300 px (${sized})`);
  await until(
    () => box("sized"),
    (h) => h === sized,
    "#sized takes its posted height",
  );
  assert.equal(await box("fixed"), 300, "an iframe not marked data-dl-playground keeps its height");
  await until(
    () => box("moved"),
    (h) => h === last(got, "moved"),
    "#moved takes its posted height",
  );

  // A narrower window reflows the embed: a new height arrives and the frame follows it.
  await page.setViewportSize({ width: 420, height: 900 });
  got = await until(heights, (l) => last(l, "sized") !== sized, "a new height after the reflow");
  await until(
    () => box("sized"),
    (h) => h === last(got, "sized"),
    "#sized follows the new height",
  );
  t.diagnostic(`#sized: ${sized} px at 1280 wide, ${last(got, "sized")} px at 420; #fixed stays 300`);

  // The page's own window, and a frame marked as ours whose content is now another origin's page.
  const moved = await box("moved");
  await page.evaluate(() => window.postMessage({ type: "dl-playground:height", height: 55 }, "*"));
  writeFileSync(
    join(PAGES, "impostor.html"),
    `<script>parent.postMessage({ type: "dl-playground:height", height: 77 }, "*")</script>`,
  );
  const frame = await (await page.$("#moved")).contentFrame();
  await frame.goto(`${C}impostor.html`);
  await until(heights, (l) => l.some((m) => m.height === 77), "the impostor's message");
  await sleep(300);
  assert.equal(await box("moved"), moved, "a message from another origin than the frame's src changes nothing");
  for (const id of ["sized", "fixed"]) assert.notEqual(await box(id), 55, `${id} ignored the page's own message`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the element works when its files come from another origin (a blob worker each)", async (t) => {
  // The Korean notes page on a course site (origin C), with every snippet's URL on origin B (as a
  // package CDN) and the CSP docs/embed.md gives for a page that loads the element from a CDN.
  const html = readFileSync(`${ROOT}www/examples/notes.ko.html`, "utf8")
    .replaceAll("../embed/", `${B}embed/`)
    .replaceAll("../embed.html", `${B}embed.html`)
    .replace(
      /script-src 'self' 'wasm-unsafe-eval'/,
      `script-src 'self' ${B.slice(0, -1)} 'wasm-unsafe-eval'; worker-src blob: ${B.slice(0, -1)}`,
    );
  assert.ok(html.includes(`${B}embed/element.js`));
  writeFileSync(join(PAGES, "notes.ko.html"), html);
  copyFileSync(`${ROOT}www/examples/notes.css`, join(PAGES, "notes.css"));
  const { page, errors } = await openPage({ ...env, url: C }, "notes.ko.html");
  const elements = await page.$$("dl-playground, dl-lab");
  const roots = [];
  for (const e of elements) roots.push(await rootOf(page, e));
  for (const [i, r] of roots.entries()) {
    const pixels = await paintedPixels(r);
    assert.ok(Math.max(...pixels) > 500, `element ${i + 1} paints (${pixels})`);
  }
  const blobs = page.workers().filter((w) => w.url().startsWith("blob:"));
  assert.ok(blobs.length >= elements.length, `${blobs.length} blob workers for ${elements.length} elements`);
  // It trains, as on its own origin.
  const third = elements[1];
  await third.scrollIntoViewIfNeeded();
  await press(roots[1], "play");
  await until(
    () => count(roots[1]),
    (v) => v >= 3,
    "training from another origin",
  );
  await press(roots[1], "play");
  // And host.js from origin B still sizes origin B's iframes.
  const frames = await page.$$("iframe[data-dl-playground]");
  await rootOf(page, frames[0]);
  await until(
    () => frames[0].evaluate((f) => f.style.height),
    (h) => h !== "",
    "host.js from origin B sizes the first iframe",
  );
  t.diagnostic(`${elements.length} elements from ${B}, ${blobs.length} blob workers; lesson 3 trained to epoch ≥ 3`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The playground page's own figures after `n` epochs, and its share dialog's snippets. */
async function shareFromPlayground(n) {
  const { page, errors } = await openPage(env, "index.html#lesson=8&lang=en");
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  // A hand-edited point: the snippets must carry it.
  await page.locator("#view").click({ position: { x: 120, y: 90 } });
  await until(
    () => page.evaluate(() => location.hash),
    (h) => h.includes("pts="),
    "the point in the hash",
  );
  const epoch = () => page.evaluate(() => window.__playground.frame()?.epoch);
  for (let i = 1; i <= n; i++) {
    await page.click("#step-epoch");
    await until(epoch, (e) => e === i, `page epoch ${i}`);
  }
  const loss = await page.evaluate(() => window.__playground.frame().metrics.trainLoss);
  await page.click("#share");
  const snippets = { iframe: await page.inputValue("#share-iframe"), element: await page.inputValue("#share-element") };
  assert.deepEqual(errors, []);
  await page.close();
  return { loss, snippets };
}

test("the share dialog's snippets, pasted into a blank page elsewhere, reproduce the run", async (t) => {
  const n = 5;
  const { loss, snippets } = await shareFromPlayground(n);
  assert.match(snippets.iframe, /pts=/);
  assert.match(snippets.element, /pts=/);
  for (const [name, snippet] of Object.entries(snippets)) {
    const { page, errors } = await pageWith(`pasted-${name}.html`, snippet);
    const root = await rootOf(page, await page.$(EMBEDS));
    await stepTimes(root, n);
    assert.equal(Number(await root.evaluate((r) => r.dataset.trainLoss)), loss, `${name}: loss after ${n} epochs`);
    assert.deepEqual(errors, []);
    await page.close();
  }
  t.diagnostic(`lesson 8 + 1 edited point, ${n} epochs: page and both snippets' training loss ${loss}`);

  // The lab: lesson 14's race, stepped on the page and in its pasted element.
  const { page, errors } = await openPage(env, "descent.html#preset=14&lang=en");
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
  for (let i = 1; i <= n; i++) {
    await page.click("#step");
    await until(
      () => page.textContent("#step-count"),
      (s) => s === String(i),
      `lab step ${i}`,
    );
  }
  const losses = (scope) => scope.$$eval("tbody tr", (l) => l.map((tr) => Number(tr.dataset.loss)));
  const want = await losses(page);
  await page.click("#share");
  const element = await page.inputValue("#share-element");
  assert.deepEqual(errors, []);
  await page.close();
  const pasted = await pageWith("pasted-lab.html", element);
  const root = await rootOf(pasted.page, await pasted.page.$("dl-lab"));
  await stepTimes(root, n);
  assert.deepEqual(await losses(root), want);
  t.diagnostic(`lesson 14 after ${n} steps, page and pasted <dl-lab>: ${want.join(", ")}`);
  assert.deepEqual(pasted.errors, []);
  await pasted.page.close();
});

test("lang=ko embeds show no untranslated word", async () => {
  const { page, errors } = await openPage(env, "examples/notes.ko.html");
  const allowed = TECHNICAL_TERMS.map((w) => w.toLowerCase());
  const findings = [];
  for (const [i, h] of (await page.$$(EMBEDS)).entries()) {
    const root = await rootOf(page, h);
    // Latin-letter words in the embed's visible text and its labels, other than names and symbols.
    const words = await root.evaluate((r, allowed) => {
      const out = [];
      const latin = (s) => (s.match(/[A-Za-z][A-Za-z0-9-]*/g) ?? []).filter((w) => !allowed.includes(w.toLowerCase()));
      const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        if (n.parentElement?.checkVisibility()) out.push(...latin(n.textContent));
      for (const e of [r, ...r.querySelectorAll("*")])
        for (const a of ["aria-label", "title", "placeholder"]) out.push(...latin(e.getAttribute(a) ?? ""));
      return out;
    }, allowed);
    if (words.length) findings.push(`embed ${i + 1}: ${words.join(" ")}`);
  }
  assert.deepEqual(findings, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("no embed takes the focus or scrolls the page; keys reach one only after it is clicked", async (t) => {
  const { page, errors } = await openPage(env, "examples/notes.ko.html");
  // The reader's focus is on the host page (its first link) while every embed loads.
  await page.focus("nav.top a");
  const handles = await page.$$(EMBEDS);
  const roots = [];
  for (const h of handles) {
    // Scrolled to by the page, never by an embed: the position stays where the reader put it.
    const y = await h.evaluate((e) => {
      e.scrollIntoView({ block: "center" });
      return window.scrollY;
    });
    roots.push(await rootOf(page, h, { scroll: false }));
    assert.equal(await page.evaluate(() => window.scrollY), y, "an embed scrolled the page as it loaded");
  }
  await sleep(500);
  const focus = () =>
    page.evaluate(() => {
      const a = document.activeElement;
      return a?.shadowRoot?.activeElement ? `${a.localName} (inside)` : (a?.localName ?? "none");
    });
  assert.equal(await focus(), "a", "the focus stayed on the host page's link");
  for (const [i, h] of handles.entries()) {
    const inside = await h.evaluate((e) =>
      e.localName === "iframe" ? e.ownerDocument.activeElement === e : e.shadowRoot?.activeElement != null,
    );
    assert.equal(inside, false, `embed ${i + 1} holds the focus`);
  }

  // Space on the host page is the host's (it scrolls); no embed plays.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("Space");
  await sleep(500);
  assert.deepEqual(
    await Promise.all(roots.map(playing)),
    roots.map(() => false),
    "Space on the host started nothing",
  );

  // Tab reaches an embed's controls in document order, the play button first, as any control.
  const a = 2;
  await page.evaluate((i) => {
    const link = [...document.querySelectorAll(`section`)][i].querySelector("h2");
    link.tabIndex = -1;
    link.focus();
  }, a);
  await page.keyboard.press("Tab");
  assert.equal(await roots[a].evaluate((r) => r.getRootNode().activeElement?.dataset.act), "play");

  // A click into an embed (not on a control) gives it the focus, and then its keys work.
  await page.evaluate(() => document.activeElement.blur());
  await (await roots[a].$("figcaption")).click();
  assert.match(await focus(), /inside/);
  await page.keyboard.press("Space");
  await until(() => playing(roots[a]), Boolean, "Space plays the clicked embed");
  await page.keyboard.press("Space");
  const others = await Promise.all(roots.filter((_, i) => i !== a).map(count));
  assert.deepEqual(
    others,
    others.map(() => 0),
    "the keys reached only the clicked embed",
  );
  t.diagnostic(`${handles.length} embeds loaded with the focus on the host; lesson 3 played after a click`);
  assert.deepEqual(errors, []);
  await page.close();
});

for (const [name, viewport] of [
  ["desktop", { width: 1280, height: 900 }],
  ["phone", { width: 390, height: 844 }],
]) {
  test(`notes.ko.html on a ${name} (${viewport.width} px): typeset for reading, screenshots`, async (t) => {
    const { page, errors } = await openPage(env, "examples/notes.ko.html", viewport);
    for (const h of await page.$$(EMBEDS)) await rootOf(page, h);
    await page.evaluate(() => window.scrollTo(0, 0));
    const text = await page.evaluate(() => {
      const p = document.querySelector("section p");
      const style = getComputedStyle(p);
      // Hangul syllables per line: the paragraph's width over the advance of one syllable.
      const probe = Object.assign(document.createElement("span"), { textContent: "가".repeat(20) });
      p.append(probe);
      const perLine = p.clientWidth / (probe.getBoundingClientRect().width / 20);
      probe.remove();
      return {
        wordBreak: style.wordBreak,
        perLine: Math.round(perLine),
        overflow: document.documentElement.scrollWidth - window.innerWidth,
        maths: document.querySelectorAll("math").length,
        code: document.querySelectorAll("pre, code").length,
        wideMaths: [...document.querySelectorAll("math[display=block]")].filter(
          (m) => m.scrollWidth > m.clientWidth + 1,
        ).length,
      };
    });
    // The lab's maps take the room their embed gives them (up to the height limit a square map meets).
    const maps = [];
    for (const h of await page.$$(EMBEDS)) {
      const root = await rootOf(page, h, { scroll: false });
      maps.push(
        ...(await root.evaluate((r) =>
          Array.from(r.querySelectorAll(".dlp-maps canvas"), (c) => [
            Math.round(c.getBoundingClientRect().width),
            Math.round(c.closest("figure").getBoundingClientRect().width),
          ]),
        )),
      );
    }
    for (const [map, room] of maps) assert.ok(map >= Math.min(430, 0.9 * room), `a ${map} px map in ${room} px`);
    assert.equal(text.wordBreak, "keep-all");
    assert.ok(text.perLine >= 18 && text.perLine <= 42, `${text.perLine} syllables a line`);
    assert.ok(text.overflow <= 0, `the page is ${text.overflow} px wider than the window`);
    assert.ok(text.maths >= 15 && text.code === 0, `${text.maths} MathML formulas, ${text.code} code blocks`);
    assert.equal(text.wideMaths, 0, "a display formula is wider than the column (it would scroll sideways)");
    await page.screenshot({ path: `${SHOTS}/notes-ko-${name}.png` });
    await page.screenshot({ path: `${SHOTS}/notes-ko-${name}-full.png`, fullPage: true });
    for (const id of ["l5", "l7", "l14"])
      await (await page.$(`#${id}`)).screenshot({ path: `${SHOTS}/notes-ko-${name}-${id}.png` });
    t.diagnostic(`${JSON.stringify(text)}; lab maps (px, in px): ${maps.map((m) => m.join(" in ")).join(", ")}`);
    t.diagnostic(`screenshots in target/screenshots/notes-ko-${name}*.png`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("without lang, an iframe speaks the reader's language and an element its page's", async () => {
  writeFileSync(
    join(PAGES, "english-notes.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>notes</title>
<script type="module" src="${env.url}embed/element.js"></script></head>
<body><dl-playground lesson="3" parts="map"></dl-playground>
<iframe src="${env.url}embed.html#lesson=3&parts=map" title="demo" width="100%" height="600" data-dl-playground></iframe></body></html>`,
  );
  const context = await env.browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto(`${C}english-notes.html`);
  const words = [];
  for (const h of await page.$$(EMBEDS)) {
    const root = await rootOf(page, h);
    words.push(await root.evaluate((r) => `${r.lang} ${r.querySelector("[data-act=play]").textContent}`));
  }
  assert.deepEqual(words, ["en Play", "ko 재생"]);
  await context.close();
});
