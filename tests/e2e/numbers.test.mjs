// The pages' number formatting without Intl (www/shared/numbers.js) against Intl.NumberFormat
// itself (Node's full ICU), in both languages, for every option set the pages use: random
// numbers over many magnitudes, the ties of each rounding step, and the edge values.
import { test } from "node:test";
import assert from "node:assert/strict";
import { decimal } from "../../www/shared/numbers.js";

const OPTIONS = [
  {},
  { maximumFractionDigits: 0 },
  { maximumFractionDigits: 2 },
  { minimumFractionDigits: 1, maximumFractionDigits: 1 },
  { minimumFractionDigits: 3, maximumFractionDigits: 3 },
  { minimumFractionDigits: 4 },
  { maximumSignificantDigits: 2 },
  { maximumSignificantDigits: 4 },
  { maximumSignificantDigits: 6 },
  { useGrouping: false },
  { style: "percent" },
  { style: "percent", maximumFractionDigits: 1 },
];

/** A deterministic stream of numbers: every magnitude from 1e-9 to 1e15, both signs. */
function* numbers() {
  let s = 12345;
  const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < 4000; i++) {
    const v = rand() * 10 ** Math.floor(rand() * 24 - 9);
    yield i % 2 ? -v : v;
  }
  // Ties at each step: k + 0.5, k/100 + 0.005, …, exactly representable or not.
  for (let k = 0; k < 300; k++) for (const d of [1, 10, 100, 1000, 10000]) yield (k + 0.5) / d;
  for (let k = 0; k < 200; k++) yield k / 2048;
  yield* [0, -0, 1, -1, 0.5, 1.005, 2.675, 999.9995, 999999.5, 1e20, 123456789012, 0.1 + 0.2, 1 / 3, -2 / 3];
  yield* [Infinity, -Infinity, Number.MIN_VALUE, Number.EPSILON, 9.995, 0.0625, 0.285, 99.95];
}

for (const lang of ["en-US", "ko-KR"]) {
  test(`numbers are written as Intl writes them in ${lang}, for every option set the pages use`, () => {
    let compared = 0;
    for (const options of OPTIONS) {
      const intl = new Intl.NumberFormat(lang, options);
      for (const n of numbers()) {
        assert.equal(decimal(n, options), intl.format(n), `${n} with ${JSON.stringify(options)}`);
        compared++;
      }
    }
    assert.ok(compared > 60000, `${compared} comparisons`);
  });
}

test("options it does not handle are left to Intl (null), as are magnitudes from 1e21", () => {
  assert.equal(decimal(1, { style: "currency", currency: "EUR" }), null);
  assert.equal(decimal(1, { notation: "compact" }), null);
  assert.equal(decimal(1, { useGrouping: true }), null);
  assert.equal(decimal(1, { maximumSignificantDigits: 3, maximumFractionDigits: 1 }), null);
  assert.equal(decimal(1e21, {}), null);
});
