// Every error code the engine can raise, raised for real and shown by both pages in both
// languages: the page's text comes from the catalogue by code (no English message parsed), has
// every placeholder filled, and in Korean holds no English words beyond the allowed terms.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage, chromiumOnly } from "./helpers.mjs";
import { TECHNICAL_TERMS } from "../../www/strings/index.js";

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/**
 * Raises every code in the page (with its own copy of the engine) and returns, per code, the
 * error's data. A code the table below cannot raise is reported as missing.
 */
function raiseAll(page) {
  return page.evaluate(async () => {
    const m = await import("./pkg/dl_playground.js");
    await m.default();
    const { Trainer, Descent } = m;
    const state = new Trainer({ seed: 1 }).exportState();
    const edit = (f) => {
      const s = JSON.parse(state);
      f(s);
      return JSON.stringify(s);
    };
    const full = new Trainer({ seed: 1, points: 2000 });
    const pair = new Trainer({ seed: 1, points: 2, trainRatio: 0.5 });
    const lastTrain = Array.from(pair.points().isTest).indexOf(0);
    const freed = new Trainer({ seed: 1 });
    freed.free();
    const t = new Trainer({ seed: 1 });
    /** @type {Record<string, () => unknown>} */
    const raise = {
      type: () => new Trainer({ points: "many" }),
      unknownField: () => new Trainer({ pionts: 5 }),
      range: () => new Trainer({ learningRate: -1 }),
      choice: () => new Trainer({ dataset: "swirl" }),
      length: () => new Trainer({ hidden: [1, 1, 1, 1, 1, 1, 1] }),
      tooLong: () => new Descent({ optimizers: [{ label: "x".repeat(81) }] }),
      index: () => t.trace(1e6),
      order: () => t.landscapeBox(0, 1, 4, [1, 0, 0, 1]),
      distinct: () => t.landscape(0, 0, 4, 1),
      lastTrainingPoint: () => pair.removePoint(lastTrain),
      full: () => full.addPoint(0, 0, 1),
      tooMuchWork: () => t.stepEpochs(1e12),
      csvColumns: () => t.importCsv("1,2\n"),
      csvQuote: () => t.importCsv('"1,2,1\n'),
      csvNumber: () => t.importCsv("1,abc,1\n"),
      csvOutside: () => t.importCsv("9,0,1\n"),
      csvLabel: () => t.importCsv("1,2,5\n"),
      csvSet: () => t.importCsv("1,2,1,maybe\n"),
      csvEmpty: () => t.importCsv("x1,x2,label\n"),
      csvTooMany: () => t.importCsv("1,1,1\n".repeat(2001)),
      csvAllTest: () => t.importCsv("1,2,1,test\n"),
      stateJson: () => Trainer.fromState("{ not json"),
      stateFormat: () => Trainer.fromState(edit((s) => (s.format = "another"))),
      stateInvalid: () => Trainer.fromState(edit((s) => delete s.epoch)),
      freed: () => freed.stepEpochs(1),
    };
    const codes = Trainer.schema().errorCodes;
    const out = {};
    for (const code of codes) {
      if (!raise[code]) {
        out[code] = { missing: true };
        continue;
      }
      try {
        raise[code]();
        out[code] = { thrown: false };
      } catch (e) {
        out[code] = { ...e, message: e.message, isError: e instanceof Error };
      }
    }
    return { codes, out, raceCodes: Descent.schema().errorCodes };
  });
}

/** Shows each error with the page's own hook and returns the text the page put up. */
function show(page, errors, selector, hook) {
  return page.evaluate(
    async ([errors, selector, hook]) => {
      const texts = {};
      for (const [code, e] of Object.entries(errors)) {
        window[hook].showError(Object.assign(new Error(e.message), e));
        await new Promise((r) => requestAnimationFrame(r));
        texts[code] = document.querySelector(selector).textContent;
      }
      return texts;
    },
    [errors, selector, hook],
  );
}

const PAGES = [
  { path: "index.html#seed=1", hook: "__playground", selector: "#csv-error" },
  { path: "descent.html#", hook: "__lab", selector: "#notice-text" },
];

for (const { path, hook, selector } of PAGES) {
  for (const lang of ["en", "ko"]) {
    test(`${path.split("#")[0]} (${lang}) shows every engine error code in its own words`, async () => {
      const { page, errors } = await openPage(env, `${path}&lang=${lang}`);
      await page.waitForSelector("body[data-ready=true]", { timeout: 20_000 });
      const { codes, out, raceCodes } = await raiseAll(page);
      assert.deepEqual(raceCodes, codes, "both classes name the same codes");
      assert.ok(codes.length >= 20, `${codes.length} codes`);
      for (const code of codes) {
        const e = out[code];
        assert.ok(!e.missing, `the test raises ${code}`);
        assert.equal(e.isError, true, `${code} is thrown as an Error`);
        assert.equal(e.code, code, `${code}: ${e.message}`);
      }
      const texts = await show(page, out, selector, hook);
      const english = new Set();
      for (const code of codes) {
        const text = texts[code];
        assert.ok(text && text.length > 5, `${code}: “${text}”`);
        assert.doesNotMatch(
          text,
          /\{\w+\}|undefined|err\.\w|Something went wrong|문제가 생겼습니다/,
          `${code}: ${text}`,
        );
        if (lang === "ko") {
          // Latin words allowed in Korean: the technical terms, the engine's own names in the
          // values it echoes (field paths, CSV text), and nothing else.
          const allowed = new Set(
            [
              ...TECHNICAL_TERMS,
              "NaN",
              "Infinity",
              "CSV",
              "JSON",
              "train",
              "test",
              "label",
              "set",
              "null",
              "undefined",
              "bigint",
            ].map((w) => w.toLowerCase()),
          );
          const values = `${out[code].value ?? ""} ${(out[code].values ?? []).join(" ")} ${out[code].detail ?? ""} ${out[code].field ?? ""}`;
          for (const w of text.match(/[A-Za-z][A-Za-z]+/g) ?? []) {
            if (!allowed.has(w.toLowerCase()) && !values.includes(w)) english.add(`${code}: ${w} in “${text}”`);
          }
        } else {
          assert.doesNotMatch(text, /[가-힣]/, `${code}: ${text}`);
        }
      }
      assert.deepEqual([...english], [], "no English words in the Korean texts");
      assert.deepEqual(errors, []);
    });
  }
}

test(
  "an engine worker that does not start is said on both pages, not waited for",
  chromiumOnly("the worker's script is made to fail by Playwright's request routing"),
  async () => {
    for (const [path, ready] of [
      ["index.html#lang=en", "playground"],
      ["descent.html#lang=en", "lab"],
    ]) {
      const page = await env.browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.route("**/dist/worker.js", (route) => route.fulfill({ status: 404, body: "" }));
      await page.goto(env.url + path);
      await page.waitForSelector("#notice:not([hidden])", { timeout: 20_000 });
      assert.match(await page.textContent("#notice-text"), /^The engine could not be loaded: /, ready);
      assert.notEqual(await page.getAttribute("body", "data-ready"), "true", `${ready}: not ready`);
      assert.ok(errors.length >= 1, `${ready}: the failure is in the console too`);
      await page.close();
    }
  },
);
