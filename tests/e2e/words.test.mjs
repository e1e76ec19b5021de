// The words on the pages: Korean particles chosen, never the "을(를)" fallback that reads as
// machine text (in the catalogue and in every rendered string of the fifteen lessons), and
// nothing cut off — no control whose text is wider than its box, at 1400 and 390 px.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, narrowest } from "./helpers.mjs";
import { LESSONS } from "../../www/lessons/registry.js";
import { CATALOGUE } from "../../www/strings/index.js";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** A particle left for the reader to choose: 을(를), 이(가), 은(는), 와(과), (으)로 … */
const FALLBACK = /\((?:을|를|이|가|은|는|와|과|으|로|으로|아|야)\)/;

const lessonUrl = (l) => (l.page === "lab" ? `descent.html#preset=${l.lesson}` : `index.html#lesson=${l.lesson}`);

test("no Korean catalogue string leaves its particle to the reader", () => {
  const bad = Object.entries(CATALOGUE.ko).filter(([, v]) => typeof v === "string" && FALLBACK.test(v));
  assert.deepEqual(bad, []);
});

/** Every string the page shows: its text, the labels and placeholders, every option. */
const rendered = (page) =>
  page.evaluate(() => {
    const out = [document.body.innerText];
    for (const el of document.querySelectorAll("[aria-label], [title], [placeholder], option"))
      out.push(
        el.getAttribute("aria-label") ?? "",
        el.getAttribute("title") ?? "",
        el.getAttribute("placeholder") ?? "",
        el.tagName === "OPTION" ? el.textContent : "",
      );
    return out.join("\n");
  });

test("no rendered Korean string of the fifteen lessons has a particle fallback, after a few steps", async () => {
  for (const l of LESSONS) {
    const { page, errors } = await openPage(env, `${lessonUrl(l)}&lang=ko`, { width: 1400, height: 1000 });
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    // A few steps fill the counters, the status line and the read-outs.
    await page.click(l.page === "lab" ? "#step" : "#step-epoch");
    await page.waitForTimeout(300);
    const text = await rendered(page);
    const line = text.split("\n").find((s) => FALLBACK.test(s));
    assert.equal(line, undefined, `lesson ${l.lesson}`);
    assert.deepEqual(errors, []);
    await page.close();
  }
});

/**
 * Controls whose text does not fit their box: scrollWidth past clientWidth for any control, and
 * for selects and inputs (whose overflow the browser clips without scrolling) the chosen option's,
 * value's or placeholder's text measured in the control's own font against its inner width.
 */
const cutOff = (page) =>
  page.evaluate(() => {
    const ctx = document.createElement("canvas").getContext("2d");
    const out = [];
    for (const el of document.querySelectorAll("button, select, input, label, a, summary, h1, h2, h3")) {
      if (!el.checkVisibility() || el.closest(".visually-hidden")) continue;
      // An inline box (a link in a sentence) has no client width of its own: it wraps instead.
      if (getComputedStyle(el).display === "inline") continue;
      if (el.type === "hidden" || el.type === "range" || el.type === "file") continue;
      const name = el.id ? `#${el.id}` : `${el.tagName.toLowerCase()} “${(el.textContent ?? "").trim().slice(0, 30)}”`;
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${name}: scrollWidth ${el.scrollWidth} > ${el.clientWidth}`);
      if (el.tagName !== "SELECT" && el.tagName !== "INPUT") continue;
      if (el.tagName === "INPUT" && !["number", "text", ""].includes(el.type)) continue;
      const cs = getComputedStyle(el);
      ctx.font = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const text = el.tagName === "SELECT" ? (el.selectedOptions[0]?.textContent ?? "") : el.value || el.placeholder;
      // A select keeps room for its arrow; a number input for its spin buttons — inside the
      // client box in Chromium and WebKit, outside it in Firefox (measured on these pages).
      const firefox = navigator.userAgent.includes("Firefox");
      const reserve = el.tagName === "SELECT" || (el.type === "number" && !firefox) ? 18 : 0;
      const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - reserve;
      const need = ctx.measureText(text).width;
      if (need > room + 1) out.push(`${name}: “${text}” needs ${Math.round(need)} px, has ${Math.round(room)}`);
    }
    return out;
  });

for (const width of [1400, 390]) {
  test(`nothing is cut off at ${width} px, in Korean and English, on both pages`, narrowest(width), async () => {
    for (const lang of ["ko", "en"])
      for (const path of [
        "index.html#lesson=5",
        "index.html#lesson=3",
        "index.html#seed=3",
        "descent.html#preset=14",
        "descent.html#preset=15",
      ]) {
        const { page, errors } = await openPage(env, `${path}&lang=${lang}`, { width, height: 900 });
        await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
        // Every setting shown, not only the lesson's.
        if (await page.isVisible("#advanced-toggle")) await page.click("#advanced-toggle");
        assert.deepEqual(await cutOff(page), [], `${path} ${lang} ${width}px`);
        assert.deepEqual(errors, []);
        await page.close();
      }
  });
}
