// JavaScript must not be able to kill the module. Thousands of hostile calls run in one page —
// values of every wrong type, getters and Proxy traps that throw, methods called on freed
// objects, lengths that would allocate gigabytes — and each must come back as a JS Error with
// the documented `code` and `field`. An exception that unwound through wasm instead would leak
// shadow-stack space (or leave an object borrowed) and corrupt the module for the rest of the
// page long before the loops end; so afterwards a fresh Trainer must still train, bit for bit as
// in a page that never saw any of it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, openPage } from "./helpers.mjs";

const MIB = 1 << 20;
/** A fresh run trained for five epochs; its history is compared across pages. */
const PROBE = { config: { seed: 3 }, epochs: 5 };

let env;
before(async () => {
  env = await launch();
});
after(async () => {
  await env?.close();
});

/** Opens a page that imports the module and leaves helpers for the loops on `window.hostile`. */
async function modulePage() {
  const { page, errors } = await openPage(env, "examples/api.html");
  await page.waitForSelector("body[data-done=true]", { timeout: 20_000 });
  await page.evaluate(async () => {
    const m = await import("/pkg/dl_playground.js");
    const wasm = await m.default();
    const show = (e) =>
      e instanceof Error
        ? `${e.constructor.name}(${JSON.stringify(e.message)}, code ${e.code}, field ${e.field})`
        : `a thrown ${typeof e}: ${String(e)}`;
    window.hostile = {
      m,
      wasm,
      /**
       * Runs `fn(i)` n times; counts the throws and which of them were the expected Error, and
       * lists every other outcome once, with the first call and how many calls had it.
       */
      loop(n, code, field, fn) {
        let thrown = 0,
          expected = 0;
        const wrong = new Map();
        const note = (what, i) => {
          const w = wrong.get(what) ?? { first: i, calls: 0 };
          w.calls++;
          wrong.set(what, w);
        };
        for (let i = 0; i < n; i++) {
          try {
            fn(i);
          } catch (e) {
            thrown++;
            const ok =
              e instanceof Error &&
              Object.hasOwn(e, "code") &&
              Object.hasOwn(e, "field") &&
              e.code === code &&
              e.field === field;
            if (ok) expected++;
            else note(show(e), i);
            continue;
          }
          note("no throw", i);
        }
        return {
          n,
          thrown,
          expected,
          wrong: [...wrong].map(([w, { first, calls }]) => `${w}: ${calls} calls from call ${first}`),
        };
      },
      /** The bits of a Float64Array, as hex strings (so NaN and -0 compare exactly too). */
      bits(h) {
        return Array.from(new BigUint64Array(h.buffer, h.byteOffset, h.length), (b) =>
          b.toString(16).padStart(16, "0"),
        );
      },
    };
  });
  return { page, errors };
}

/** Trains the probe run in `page`: the loss it returns and the bits of its history. */
function probe(page) {
  return page.evaluate(({ config, epochs }) => {
    const { m, bits } = window.hostile;
    const t = new m.Trainer(config);
    const loss = t.stepEpochs(epochs);
    const history = bits(t.lossHistory());
    t.free();
    return { loss, history };
  }, PROBE);
}

/** Asserts every loop of `report` threw on every call, ≥ 1,000 times, the expected Error. */
function assertLoops(report) {
  const wrong = Object.fromEntries(Object.entries(report).map(([name, r]) => [name, r.wrong]));
  assert.deepEqual(
    wrong,
    Object.fromEntries(Object.keys(report).map((name) => [name, []])),
    "every call throws the expected Error",
  );
  for (const [name, r] of Object.entries(report)) {
    assert.ok(r.thrown >= 1000, `${name}: ${r.thrown} errors thrown`);
    assert.equal(r.expected, r.n, `${name}: ${r.expected} of ${r.n} calls threw the expected Error`);
  }
}

test("hostile calls come back as Errors and leave the module working", async (t) => {
  const { page, errors } = await modulePage();
  const counts = {};
  const record = (report) => {
    for (const [k, r] of Object.entries(report)) counts[k] = r.thrown;
  };
  const memoryAtStart = await page.evaluate(() => window.hostile.wasm.memory.buffer.byteLength);

  await t.test("configs that are not plain data", async () => {
    const report = await page.evaluate(() => {
      const {
        m: { Trainer },
        loop,
      } = window.hostile;
      const N = 2000;
      return {
        function: loop(N, "type", "points", () => new Trainer({ points: () => 1 })),
        symbol: loop(N, "type", "points", () => new Trainer({ points: Symbol("p") })),
        "symbol config": loop(N, "type", "config", () => new Trainer(Symbol("c"))),
        "throwing getter": loop(
          N,
          "type",
          "points",
          () =>
            new Trainer({
              get points() {
                throw new Error("boom");
              },
            }),
        ),
        "throwing proxy": loop(
          N,
          "type",
          "config",
          () =>
            new Trainer(
              new Proxy(
                {},
                {
                  ownKeys() {
                    throw new Error("x");
                  },
                  get() {
                    throw new Error("y");
                  },
                },
              ),
            ),
        ),
        "revoked proxy": loop(N, "type", "config", () => {
          const { proxy, revoke } = Proxy.revocable({}, {});
          revoke();
          new Trainer(proxy);
        }),
      };
    });
    record(report);
    assertLoops(report);
  });

  await t.test("methods of freed objects throw in JS, and free() twice does nothing", async () => {
    const report = await page.evaluate(() => {
      const {
        m: { Trainer, Descent },
        loop,
      } = window.hostile;
      const t = new Trainer({ seed: 1 });
      t.free();
      const calls = [() => t.stepEpochs(1), () => t.metrics(), () => t.predictGrid(8), () => t.epoch];
      const d = new Descent();
      d.free();
      const report = {
        "freed Trainer": loop(25_000, "freed", "this", (i) => calls[i % calls.length]()),
        "freed Descent": loop(5_000, "freed", "this", () => d.step(1)),
      };
      let doubleFree = 0;
      for (let i = 0; i < 25_000; i++) {
        try {
          (i % 2 ? t : d).free();
        } catch {
          doubleFree++;
        }
      }
      return { report, doubleFree };
    });
    record(report.report);
    assertLoops(report.report);
    assert.equal(report.doubleFree, 0, "free() on a freed object does not throw");
  });

  await t.test("arguments of the wrong type", async () => {
    const report = await page.evaluate(() => {
      const {
        m: { Trainer, Descent },
        loop,
      } = window.hostile;
      const N = 1000;
      const t = new Trainer({ seed: 2 });
      const state = JSON.parse(t.exportState());
      const report = {
        "fromState(object)": loop(N, "type", "json", () => Trainer.fromState(state)),
        "importCsv(123)": loop(N, "type", "text", () => t.importCsv(123)),
        "Descent.evaluate(5, …)": loop(N, "type", "name", () => Descent.evaluate(5, 0, 0)),
        "activationCurve({}, …)": loop(N, "type", "name", () => Trainer.activationCurve({}, 0, -5, 5, 10)),
        "landscapeBox(…, { length: 1e9 })": loop(N, "type", "box", () => t.landscapeBox(0, 1, 2, { length: 1e9 })),
        "setConfig({ momentum: Symbol() })": loop(N, "type", "momentum", () => t.setConfig({ momentum: Symbol() })),
      };
      // A borrow left behind by a failed call would make this "recursive use of an object".
      const loss = t.stepEpochs(1);
      t.free();
      return { report, loss };
    });
    record(report.report);
    assertLoops(report.report);
    assert.ok(Number.isFinite(report.loss), `stepEpochs after the failed setConfig calls: ${report.loss}`);
  });

  await t.test("a huge length allocates nothing", async () => {
    const r = await page.evaluate(() => {
      const {
        m: { Trainer },
        wasm,
        loop,
      } = window.hostile;
      const t = new Trainer({ seed: 2 });
      const before = wasm.memory.buffer.byteLength;
      const report = { "importCsv({ length: 3e8 })": loop(1000, "type", "text", () => t.importCsv({ length: 3e8 })) };
      const after = wasm.memory.buffer.byteLength;
      t.free();
      return { report, before, after };
    });
    record(r.report);
    assertLoops(r.report);
    t.diagnostic(`wasm memory around the importCsv loop: ${r.before} -> ${r.after} bytes`);
    assert.ok(r.after - r.before <= 4 * MIB, `memory grew by ${(r.after - r.before) / MIB} MiB`);
  });

  await t.test("a fresh Trainer trains as in a fresh page", async () => {
    const got = await probe(page);
    assert.ok(Number.isFinite(got.loss), `loss ${got.loss}`);
    const { page: clean } = await modulePage();
    const want = await probe(clean);
    await clean.close();
    assert.equal(got.history.length, 2 * (PROBE.epochs + 1));
    assert.deepEqual(got.history, want.history);
  });

  const memoryAtEnd = await page.evaluate(() => window.hostile.wasm.memory.buffer.byteLength);
  t.diagnostic(`errors thrown per loop: ${JSON.stringify(counts)}`);
  t.diagnostic(`wasm memory over the whole page: ${memoryAtStart} -> ${memoryAtEnd} bytes`);
  assert.deepEqual(errors, []);
  await page.close();
});
